-- The team's memory and termbase. Append-only: never edit a released migration, add a new one.

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('translator', 'reviewer', 'admin')),
    -- SHA-256 of the 256-bit token, hex; the token itself is shown once and never stored.
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every change the team sees, in the order the server committed it. Clients pull from a cursor.
CREATE TABLE change_log (
    seq BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('unit', 'concept')),
    object_id TEXT NOT NULL,
    payload JSONB NOT NULL,
    author TEXT NOT NULL,
    -- NULL: everyone sees it; otherwise only this user, reviewers and admins (a proposal).
    visible_to TEXT,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE FUNCTION refuse_rewriting_history() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER change_log_is_append_only BEFORE UPDATE OR DELETE ON change_log
    FOR EACH ROW EXECUTE FUNCTION refuse_rewriting_history();

-- Client-generated change ids already handled: a retried push finds its changes here.
CREATE TABLE applied_change (
    change_id TEXT PRIMARY KEY,
    author TEXT NOT NULL,
    outcome TEXT NOT NULL,
    seq BIGINT,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Current state of each unit (client-generated ids); the later edit wins.
CREATE TABLE units (
    id TEXT PRIMARY KEY,
    source_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    target TEXT NOT NULL,
    author TEXT NOT NULL,
    edited_at TIMESTAMPTZ NOT NULL
);

-- Every edit pushed for a unit, kept or not: two edits of one unit both stay in the history.
CREATE TABLE unit_revision (
    id BIGSERIAL PRIMARY KEY,
    unit_id TEXT NOT NULL,
    change_id TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    author TEXT NOT NULL,
    edited_at TIMESTAMPTZ NOT NULL,
    kept BOOLEAN NOT NULL
);
CREATE INDEX unit_revision_unit ON unit_revision(unit_id);

CREATE TABLE concepts (
    id TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    review_status TEXT NOT NULL CHECK (review_status IN ('candidate', 'approved', 'rejected')),
    -- [{"lang", "text", "status", "occurrences"}]
    terms JSONB NOT NULL,
    proposed_by TEXT NOT NULL,
    reviewed_by TEXT
);

-- Who did what, for admins: pushes, reviews, refusals, new users.
CREATE TABLE audit_event (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER audit_event_is_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION refuse_rewriting_history();
