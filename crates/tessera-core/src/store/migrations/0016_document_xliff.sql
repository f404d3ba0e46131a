-- An XLIFF file opened in the editor keeps its bytes as read, so that saving writes the same
-- file back with the translations (NULL for a text document). Each of its segments keeps where
-- it sits in the file (file, unit and segment index, "0.3.1"), and a pre-translated segment
-- keeps the source of the memory match it was filled from, which XLIFF writes beside the score.
ALTER TABLE document ADD COLUMN xliff BLOB;
ALTER TABLE document_segment ADD COLUMN xliff_place TEXT;
ALTER TABLE document_segment ADD COLUMN match_source TEXT;
