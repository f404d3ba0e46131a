-- A document is translated from its source language into one target language: English for a
-- Chinese document (every document before this migration), Chinese in the script the
-- translator chose for an English one.
ALTER TABLE document ADD COLUMN target_lang TEXT NOT NULL DEFAULT 'en';
-- The score of the memory match that pre-translation put into a segment (101 for a context
-- match), kept until the translator changes the target: such a segment is a draft to review.
ALTER TABLE document_segment ADD COLUMN match_score INTEGER;
