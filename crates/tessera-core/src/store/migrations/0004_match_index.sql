-- The persisted fuzzy-match index (a derived artefact, rebuilt when stale): one row, tagged with
-- the units it covers, so a reopened memory answers its first lookup without rebuilding.
CREATE TABLE match_index (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    unit_count INTEGER NOT NULL,
    max_unit_id INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
