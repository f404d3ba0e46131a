-- One row per imported TMX, TBX or glossary-table file, so an import can be listed and undone exactly: every unit
-- and concept it added carries its id.
CREATE TABLE import_batch (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('tmx', 'tbx', 'glossary')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    duplicates TEXT NOT NULL DEFAULT 'skip-identical',
    units_added INTEGER NOT NULL DEFAULT 0,
    units_skipped INTEGER NOT NULL DEFAULT 0,
    units_replaced INTEGER NOT NULL DEFAULT 0,
    concepts_added INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT
) STRICT;

-- The <prop> and <note> children of an imported TMX file's <header>.
CREATE TABLE import_batch_annotation (
    id INTEGER PRIMARY KEY,
    import_batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('prop', 'note')),
    prop_type TEXT,
    lang TEXT,
    o_encoding TEXT,
    value TEXT NOT NULL
) STRICT;
CREATE INDEX import_batch_annotation_batch ON import_batch_annotation(import_batch_id);

-- Units an import replaced under the keep-newest policy, each as a one-unit TMX document, so that
-- undoing the import puts them back into the import they came from.
CREATE TABLE import_replaced_unit (
    id INTEGER PRIMARY KEY,
    import_batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    original_batch_id INTEGER REFERENCES import_batch(id),
    tmx TEXT NOT NULL
) STRICT;
CREATE INDEX import_replaced_unit_batch ON import_replaced_unit(import_batch_id);

ALTER TABLE unit ADD COLUMN import_batch_id INTEGER REFERENCES import_batch(id);
-- Hashes for the duplicate policies: of every (language, text) pair (identical units), and of the
-- source variant with the unit's languages (the same source, perhaps translated differently).
-- Identical units share both, so one index serves both lookups: a random-order index costs a
-- third of a large import's time. NULL for units stored before this migration or from articles.
ALTER TABLE unit ADD COLUMN content_key INTEGER;
ALTER TABLE unit ADD COLUMN source_key INTEGER;
ALTER TABLE unit ADD COLUMN segment_type TEXT;
CREATE INDEX unit_import_batch ON unit(import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX unit_source_key ON unit(source_key) WHERE source_key IS NOT NULL;

-- The markup of a variant's inline tags (TMX bpt/ept/it/ph/hi/ut/sub) in Tessera's own compact
-- encoding; placeholder k in `variant.text` is tag k. NULL when the segment has no tags.
ALTER TABLE variant ADD COLUMN inline_tags TEXT;
ALTER TABLE variant ADD COLUMN usage_count INTEGER;
ALTER TABLE variant ADD COLUMN last_used_at TEXT;

-- `o-encoding` of a TMX prop or note.
ALTER TABLE unit_annotation ADD COLUMN o_encoding TEXT;

ALTER TABLE concept ADD COLUMN import_batch_id INTEGER REFERENCES import_batch(id);
ALTER TABLE concept ADD COLUMN external_id TEXT;
CREATE INDEX concept_import_batch ON concept(import_batch_id) WHERE import_batch_id IS NOT NULL;
ALTER TABLE term ADD COLUMN part_of_speech TEXT;
ALTER TABLE term ADD COLUMN note TEXT;
