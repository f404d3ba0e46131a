-- The persisted phrase alignment of the memory (a derived artefact like match_index): the trained
-- word-alignment model and the fragment table, tagged with the units they cover. Losing it costs
-- a rebuild, never data.
CREATE TABLE phrase_table (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    unit_count INTEGER NOT NULL,
    max_unit_id INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
