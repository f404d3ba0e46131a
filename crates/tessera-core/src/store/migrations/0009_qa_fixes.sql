-- Fixes memory QA applied: one row per fix (a set of findings fixed together, in one transaction),
-- and the text of each unit it changed before and after, so that the fix can be undone exactly.
CREATE TABLE qa_fix (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    undone_at TEXT
) STRICT;

-- No foreign key to `unit`: a unit deleted after the fix leaves its row, which undo then passes over.
CREATE TABLE qa_fix_unit (
    fix_id INTEGER NOT NULL REFERENCES qa_fix(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL,
    old_text TEXT NOT NULL,
    new_text TEXT NOT NULL,
    PRIMARY KEY (fix_id, unit_id)
) STRICT;
