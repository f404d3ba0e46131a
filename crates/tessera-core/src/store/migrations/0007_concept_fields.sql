-- The data categories of an imported TBX concept that no column holds (sources, contexts, custom
-- `x-` fields, cross-references, transactions, …), so that an export writes them back: at concept
-- level (term_id and lang NULL), language-section level (lang set) or term level (term_id set),
-- in file order (position). Members of a group (`descripGrp`, `transacGrp`, …) point at their
-- head (parent_id). A NULL value marks a field a column holds (a definition, note, part of
-- speech, status or subject field): the row keeps its place and its group, not its text.
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
CREATE INDEX concept_field_term ON concept_field(term_id) WHERE term_id IS NOT NULL;
CREATE INDEX concept_field_parent ON concept_field(parent_id) WHERE parent_id IS NOT NULL;
