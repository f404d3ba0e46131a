-- A Chinese file and its English version imported (or paired later) as one article: the
-- pair's units have the Chinese article as provenance, and the sentences of both articles
-- carry the pair's bead positions. Unpairing deletes the row and the pair's units.
CREATE TABLE article_pair (
    zh_article_id INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
    en_article_id INTEGER NOT NULL UNIQUE REFERENCES article(id) ON DELETE CASCADE,
    paired_at TEXT NOT NULL,
    CHECK (zh_article_id <> en_article_id)
) STRICT;
