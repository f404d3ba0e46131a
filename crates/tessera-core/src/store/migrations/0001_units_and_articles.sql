-- Articles: past bilingual (or monolingual) articles; the verbatim original is always kept.
CREATE TABLE article (
    id INTEGER PRIMARY KEY,
    source_path TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL UNIQUE,
    original_text TEXT NOT NULL,
    original_encoding TEXT NOT NULL DEFAULT 'utf-8',
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL DEFAULT ''
) STRICT;

-- Spans the cleaner dropped from an article, so nothing is lost silently.
CREATE TABLE article_dropped_span (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    reason TEXT NOT NULL,
    text TEXT NOT NULL
) STRICT;
CREATE INDEX article_dropped_span_article ON article_dropped_span(article_id);

-- Translation units, TMX-like: one unit, several language variants.
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
) STRICT;

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
) STRICT;
CREATE INDEX variant_unit ON variant(unit_id);
CREATE INDEX variant_lang ON variant(lang);

-- TMX <prop> and <note>, at unit level (variant_id NULL) or variant level.
CREATE TABLE unit_annotation (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    variant_id INTEGER REFERENCES variant(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('prop', 'note')),
    prop_type TEXT,
    lang TEXT,
    value TEXT NOT NULL
) STRICT;
CREATE INDEX unit_annotation_unit ON unit_annotation(unit_id);

-- Where a unit came from: the article and the pair's position in it.
CREATE TABLE unit_provenance (
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (unit_id, article_id)
) STRICT;
CREATE INDEX unit_provenance_article ON unit_provenance(article_id, position);
