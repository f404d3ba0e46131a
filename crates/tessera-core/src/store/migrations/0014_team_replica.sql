-- Team mode: this database as a replica of a team server's memory and termbase.
-- The binding (one row when joined), the team's ids of local units and concepts, and the outbox
-- of local changes not yet acknowledged by the server. Triggers fill the outbox while joined,
-- except while remote changes are being applied (`applying`, set inside that transaction only).

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

CREATE TABLE team_unit (
    unit_id INTEGER PRIMARY KEY REFERENCES unit(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE team_concept (
    concept_id INTEGER PRIMARY KEY REFERENCES concept(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL UNIQUE
) STRICT;

-- AUTOINCREMENT: an id is never reused, so a change id (client, id, version) is never reused.
CREATE TABLE team_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('unit', 'concept')),
    object_id INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, object_id)
) STRICT;

CREATE TRIGGER team_outbox_variant_inserted AFTER INSERT ON variant
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('unit', NEW.unit_id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER team_outbox_variant_edited AFTER UPDATE OF text ON variant
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('unit', NEW.unit_id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER team_outbox_term_inserted AFTER INSERT ON term
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('concept', NEW.concept_id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER team_outbox_term_edited AFTER UPDATE OF text, status ON term
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('concept', NEW.concept_id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER team_outbox_concept_edited AFTER UPDATE OF review_status, category ON concept
    WHEN EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)
BEGIN
    INSERT INTO team_outbox (kind, object_id) VALUES ('concept', NEW.id)
        ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1;
END;
