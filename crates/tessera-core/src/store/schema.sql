CREATE TABLE article (
    id INTEGER PRIMARY KEY,
    source_path TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL UNIQUE,
    original_text TEXT NOT NULL,
    original_encoding TEXT NOT NULL DEFAULT 'utf-8',
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL DEFAULT ''
, original_bytes BLOB, file_kind TEXT NOT NULL DEFAULT 'txt') STRICT;
CREATE TABLE article_dropped_span (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    reason TEXT NOT NULL,
    text TEXT NOT NULL
) STRICT;
CREATE INDEX article_dropped_span_article ON article_dropped_span(article_id);
CREATE TABLE article_pair (
    zh_article_id INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
    en_article_id INTEGER NOT NULL UNIQUE REFERENCES article(id) ON DELETE CASCADE,
    paired_at TEXT NOT NULL,
    CHECK (zh_article_id <> en_article_id)
) STRICT;
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
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_object ON audit_log(object_kind, object_id);
CREATE TABLE concept (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL DEFAULT 'other',
    review_status TEXT NOT NULL DEFAULT 'candidate'
        CHECK (review_status IN ('candidate', 'approved', 'rejected')),
    definition TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    valid_from TEXT,
    valid_to TEXT,
    created_at TEXT NOT NULL,
    changed_at TEXT
, import_batch_id INTEGER REFERENCES import_batch(id), external_id TEXT) STRICT;
CREATE TABLE concept_field (
    id INTEGER PRIMARY KEY,
    concept_id INTEGER NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
    term_id INTEGER REFERENCES term(id) ON DELETE CASCADE,
    lang TEXT,
    parent_id INTEGER REFERENCES concept_field(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    element TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    value TEXT,
    target TEXT
) STRICT;
CREATE INDEX concept_field_concept ON concept_field(concept_id, position);
CREATE INDEX concept_field_parent ON concept_field(parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX concept_field_term ON concept_field(term_id) WHERE term_id IS NOT NULL;
CREATE INDEX concept_import_batch ON concept(import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE TABLE concept_link (
    from_concept_id INTEGER NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
    to_concept_id INTEGER NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    PRIMARY KEY (from_concept_id, to_concept_id, kind)
) STRICT;
CREATE TABLE document (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    original_text TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    created_at TEXT NOT NULL,
    changed_at TEXT
, target_lang TEXT NOT NULL DEFAULT 'en', xliff BLOB) STRICT;
CREATE TABLE document_segment (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    block_idx INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'draft', 'confirmed')),
    unit_id INTEGER REFERENCES unit(id) ON DELETE SET NULL, match_score INTEGER, xliff_place TEXT, match_source TEXT,
    UNIQUE (document_id, position)
) STRICT;
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
CREATE TABLE import_replaced_unit (
    id INTEGER PRIMARY KEY,
    import_batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    original_batch_id INTEGER REFERENCES import_batch(id),
    tmx TEXT NOT NULL
) STRICT;
CREATE INDEX import_replaced_unit_batch ON import_replaced_unit(import_batch_id);
CREATE TABLE match_index (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    unit_count INTEGER NOT NULL,
    max_unit_id INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
CREATE TABLE phrase_table (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    unit_count INTEGER NOT NULL,
    max_unit_id INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
CREATE TABLE qa_fix (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    undone_at TEXT
) STRICT;
CREATE TABLE qa_fix_unit (
    fix_id INTEGER NOT NULL REFERENCES qa_fix(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL,
    old_text TEXT NOT NULL,
    new_text TEXT NOT NULL,
    PRIMARY KEY (fix_id, unit_id)
) STRICT;
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE team_binding (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_url TEXT NOT NULL,
    user_name TEXT NOT NULL,
    role TEXT NOT NULL,
    client_id TEXT NOT NULL,
    cursor INTEGER NOT NULL DEFAULT 0,
    applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    joined_at TEXT NOT NULL,
    synced_at TEXT
) STRICT;
CREATE TABLE team_concept (
    concept_id INTEGER PRIMARY KEY REFERENCES concept(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE team_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('unit', 'concept')),
    object_id INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, object_id)
) STRICT;
CREATE TRIGGER team_outbox_concept_edited AFTER UPDATE OF review_status, category ON concept
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('concept', NEW.id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER team_outbox_term_edited AFTER UPDATE OF text, status ON term
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('concept', NEW.concept_id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER team_outbox_term_inserted AFTER INSERT ON term
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('concept', NEW.concept_id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER team_outbox_variant_edited AFTER UPDATE OF text ON variant
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('unit', NEW.unit_id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER team_outbox_variant_inserted AFTER INSERT ON variant
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('unit', NEW.unit_id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;
CREATE TABLE team_unit (
    unit_id INTEGER PRIMARY KEY REFERENCES unit(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE term (
    id INTEGER PRIMARY KEY,
    concept_id INTEGER NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'admitted'
        CHECK (status IN ('preferred', 'admitted', 'deprecated', 'forbidden')),
    occurrences INTEGER NOT NULL DEFAULT 0, part_of_speech TEXT, note TEXT,
    UNIQUE (concept_id, lang, text)
) STRICT;
CREATE TABLE term_evidence (
    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    PRIMARY KEY (term_id, unit_id)
) STRICT;
CREATE INDEX term_text ON term(text);
CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    tuid TEXT,
    source_lang TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    changed_at TEXT,
    changed_by TEXT,
    usage_count INTEGER NOT NULL DEFAULT 0,
    last_used_at TEXT,
    approved INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1))
, import_batch_id INTEGER REFERENCES import_batch(id), content_key INTEGER, source_key INTEGER, segment_type TEXT) STRICT;
CREATE TABLE unit_annotation (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    variant_id INTEGER REFERENCES variant(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('prop', 'note')),
    prop_type TEXT,
    lang TEXT,
    value TEXT NOT NULL
, o_encoding TEXT) STRICT;
CREATE INDEX unit_annotation_unit ON unit_annotation(unit_id);
CREATE INDEX unit_import_batch ON unit(import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE TABLE unit_provenance (
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (unit_id, article_id)
) STRICT;
CREATE INDEX unit_provenance_article ON unit_provenance(article_id, position);
CREATE INDEX unit_source_key ON unit(source_key) WHERE source_key IS NOT NULL;
CREATE TABLE variant (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    lang_original TEXT,
    text TEXT NOT NULL,
    created_at TEXT,
    created_by TEXT,
    changed_at TEXT,
    changed_by TEXT
, inline_tags TEXT, usage_count INTEGER, last_used_at TEXT) STRICT;
CREATE TABLE variant_language (
    lang TEXT PRIMARY KEY,
    n_variants INTEGER NOT NULL CHECK (n_variants > 0)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER variant_language_changed AFTER UPDATE OF lang ON variant
    WHEN OLD.lang IS NOT NEW.lang
BEGIN
    DELETE FROM variant_language WHERE lang = OLD.lang AND n_variants = 1;
    UPDATE variant_language SET n_variants = n_variants - 1 WHERE lang = OLD.lang;
    INSERT INTO variant_language (lang, n_variants) VALUES (NEW.lang, 1)
        ON CONFLICT (lang) DO UPDATE SET n_variants = n_variants + 1;
END;
CREATE TRIGGER variant_language_deleted AFTER DELETE ON variant
BEGIN
    DELETE FROM variant_language WHERE lang = OLD.lang AND n_variants = 1;
    UPDATE variant_language SET n_variants = n_variants - 1 WHERE lang = OLD.lang;
END;
CREATE TRIGGER variant_language_inserted AFTER INSERT ON variant
BEGIN
    INSERT INTO variant_language (lang, n_variants) VALUES (NEW.lang, 1)
        ON CONFLICT (lang) DO UPDATE SET n_variants = n_variants + 1;
END;
CREATE INDEX variant_unit ON variant(unit_id);
