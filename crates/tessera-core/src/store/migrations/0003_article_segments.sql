-- The raw bytes of articles whose text was extracted from a container (HTML, DOCX), so the
-- verbatim original is kept whatever the format. NULL for plain text, whose original_text is verbatim.
ALTER TABLE article ADD COLUMN original_bytes BLOB;
ALTER TABLE article ADD COLUMN file_kind TEXT NOT NULL DEFAULT 'txt';

-- Every sentence of an article after cleaning and segmentation, in document order, with the
-- alignment bead it belongs to (NULL when unaligned). Monolingual articles live here only, for
-- term mining and concordance; alignment review reads and edits beads here.
CREATE TABLE article_segment (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    position INTEGER NOT NULL,
    block_idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    bead INTEGER,
    UNIQUE (article_id, lang, position)
) STRICT;
CREATE INDEX article_segment_bead ON article_segment(article_id, bead);
