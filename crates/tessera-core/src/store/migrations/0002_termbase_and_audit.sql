-- Termbase, concept-oriented as in TBX: a concept holds terms per language.
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
) STRICT;

CREATE TABLE term (
    id INTEGER PRIMARY KEY,
    concept_id INTEGER NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'admitted'
        CHECK (status IN ('preferred', 'admitted', 'deprecated', 'forbidden')),
    occurrences INTEGER NOT NULL DEFAULT 0,
    UNIQUE (concept_id, lang, text)
) STRICT;
CREATE INDEX term_text ON term(text);

-- Links between concepts, e.g. a short form and its full form.
CREATE TABLE concept_link (
    from_concept_id INTEGER NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
    to_concept_id INTEGER NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    PRIMARY KEY (from_concept_id, to_concept_id, kind)
) STRICT;

-- Units in which a term was seen.
CREATE TABLE term_evidence (
    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    PRIMARY KEY (term_id, unit_id)
) STRICT;

-- Every reviewer action, append-only.
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
