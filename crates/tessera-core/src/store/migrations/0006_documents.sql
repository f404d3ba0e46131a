-- Documents a translator works on in the editor: the verbatim text, and one row per source
-- segment with its translation and status. Confirming a segment writes a unit in the same
-- transaction (unit_id).
CREATE TABLE document (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    original_text TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    created_at TEXT NOT NULL,
    changed_at TEXT
) STRICT;

CREATE TABLE document_segment (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    block_idx INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'draft', 'confirmed')),
    unit_id INTEGER REFERENCES unit(id) ON DELETE SET NULL,
    UNIQUE (document_id, position)
) STRICT;
