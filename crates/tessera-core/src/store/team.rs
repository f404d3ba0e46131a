//! Team mode's SQL: the binding to a team server, the team ids of local units and concepts, the
//! outbox of local changes (filled by the triggers of migration 0014) and the primitives that
//! apply remote changes without echoing them back into the outbox.

use rusqlite::{Connection, OptionalExtension, params};

use crate::model::{TeamBinding, TeamConcept, TeamTerm, TeamUnit};

use super::{Store, StoreError, StoreTx};

/// An outbox entry: (id, kind, object id, version).
pub(crate) type OutboxEntry = (i64, String, i64, i64);

fn binding(conn: &Connection) -> rusqlite::Result<Option<TeamBinding>> {
    conn.query_row(
        "SELECT server_url, user_name, role, client_id, cursor, joined_at, synced_at,
                (SELECT count(*) FROM team_outbox)
         FROM team_binding WHERE id = 1",
        [],
        |row| {
            Ok(TeamBinding {
                server_url: row.get(0)?,
                user_name: row.get(1)?,
                role: row.get(2)?,
                client_id: row.get(3)?,
                cursor: row.get(4)?,
                joined_at: row.get(5)?,
                synced_at: row.get(6)?,
                pending_changes: row.get::<_, i64>(7)? as u64,
            })
        },
    )
    .optional()
}

impl Store {
    /// The team binding, if this database joined a team.
    pub(crate) fn team_binding(&self) -> Result<Option<TeamBinding>, StoreError> {
        Ok(binding(&self.conn)?)
    }

    /// The team id of a local concept, once it has one.
    pub(crate) fn team_concept_id(&self, concept_id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT team_id FROM team_concept WHERE concept_id = ?1",
                [concept_id],
                |row| row.get(0),
            )
            .optional()?)
    }
}

impl StoreTx<'_> {
    pub(crate) fn team_binding(&self) -> Result<Option<TeamBinding>, StoreError> {
        Ok(binding(&self.tx)?)
    }

    /// Binds the database to a team. Joining another server (or for the first time) starts
    /// from cursor 0 and queues every local unit and concept for the first push; joining the
    /// same server again only updates who and what role.
    pub(crate) fn bind_team(
        &self,
        server_url: &str,
        user_name: &str,
        role: &str,
        client_id: &str,
        now: &str,
    ) -> Result<(), StoreError> {
        let same_server = binding(&self.tx)?.is_some_and(|old| old.server_url == server_url);
        if same_server {
            self.tx.execute(
                "UPDATE team_binding SET user_name = ?1, role = ?2 WHERE id = 1",
                params![user_name, role],
            )?;
            return Ok(());
        }
        self.tx.execute_batch(
            "DELETE FROM team_binding; DELETE FROM team_unit; DELETE FROM team_concept;
             DELETE FROM team_outbox;",
        )?;
        self.tx.execute(
            "INSERT INTO team_binding (id, server_url, user_name, role, client_id, joined_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)",
            params![server_url, user_name, role, client_id, now],
        )?;
        self.tx.execute_batch(
            "INSERT INTO team_outbox (kind, object_id) SELECT 'unit', id FROM unit ORDER BY id;
             INSERT INTO team_outbox (kind, object_id) SELECT 'concept', id FROM concept ORDER BY id;",
        )?;
        Ok(())
    }

    /// Records the user's name and role as the server last told them.
    pub(crate) fn set_team_identity(&self, user_name: &str, role: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE team_binding SET user_name = ?1, role = ?2 WHERE id = 1",
            params![user_name, role],
        )?;
        Ok(())
    }

    /// The oldest `limit` outbox entries.
    pub(crate) fn outbox_page(&self, limit: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut statement = self.tx.prepare_cached(
            "SELECT id, kind, object_id, version FROM team_outbox ORDER BY id LIMIT ?1",
        )?;
        let rows = statement
            .query_map([limit as i64], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Removes an outbox entry if it still has `version` (a later local edit keeps it queued).
    pub(crate) fn acknowledge_outbox(&self, id: i64, version: i64) -> Result<(), StoreError> {
        self.tx.execute("DELETE FROM team_outbox WHERE id = ?1 AND version = ?2", [id, version])?;
        Ok(())
    }

    /// Whether a local change of this object waits to be pushed.
    pub(crate) fn is_pending(&self, kind: &str, object_id: i64) -> Result<bool, StoreError> {
        Ok(self
            .tx
            .query_row(
                "SELECT 1 FROM team_outbox WHERE kind = ?1 AND object_id = ?2",
                params![kind, object_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Drops the pending local change of this object (the server's version won).
    pub(crate) fn drop_pending(&self, kind: &str, object_id: i64) -> Result<(), StoreError> {
        self.tx.execute(
            "DELETE FROM team_outbox WHERE kind = ?1 AND object_id = ?2",
            params![kind, object_id],
        )?;
        Ok(())
    }

    /// While set, the outbox triggers stay silent: remote changes are not pushed back. Set and
    /// cleared inside one transaction, so no other connection ever sees it set.
    pub(crate) fn set_applying_remote(&self, applying: bool) -> Result<(), StoreError> {
        self.tx.execute("UPDATE team_binding SET applying = ?1 WHERE id = 1", [applying as i64])?;
        Ok(())
    }

    pub(crate) fn set_team_cursor(&self, cursor: i64, now: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE team_binding SET cursor = max(cursor, ?1), synced_at = ?2 WHERE id = 1",
            params![cursor, now],
        )?;
        Ok(())
    }

    /// A local unit as the team shares it (giving it a team id on its first push); `None` when
    /// it is gone or lacks a Chinese or English variant.
    pub(crate) fn team_unit(
        &self,
        unit_id: i64,
        client_id: &str,
    ) -> Result<Option<TeamUnit>, StoreError> {
        let row = self
            .tx
            .query_row(
                "SELECT COALESCE(unit.changed_at, unit.created_at),
                    (SELECT lang FROM variant WHERE unit_id = unit.id AND lang LIKE 'zh%' ORDER BY id LIMIT 1),
                    (SELECT text FROM variant WHERE unit_id = unit.id AND lang LIKE 'zh%' ORDER BY id LIMIT 1),
                    (SELECT lang FROM variant WHERE unit_id = unit.id AND lang LIKE 'en%' ORDER BY id LIMIT 1),
                    (SELECT text FROM variant WHERE unit_id = unit.id AND lang LIKE 'en%' ORDER BY id LIMIT 1)
                 FROM unit WHERE id = ?1",
                [unit_id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Option<String>>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, Option<String>>(3)?,
                        row.get::<_, Option<String>>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((edited_at, Some(source_lang), Some(source), Some(target_lang), Some(target))) =
            row
        else {
            return Ok(None);
        };
        self.tx.execute(
            "INSERT OR IGNORE INTO team_unit (unit_id, team_id) VALUES (?1, ?2)",
            params![unit_id, format!("{client_id}:u{unit_id}")],
        )?;
        let team_id: String = self.tx.query_row(
            "SELECT team_id FROM team_unit WHERE unit_id = ?1",
            [unit_id],
            |row| row.get(0),
        )?;
        Ok(Some(TeamUnit { team_id, source_lang, source, target_lang, target, edited_at }))
    }

    /// A local concept as the team shares it (giving it a team id on its first push).
    pub(crate) fn team_concept(
        &self,
        concept_id: i64,
        client_id: &str,
    ) -> Result<Option<TeamConcept>, StoreError> {
        let Some(concept) = super::terms::concept(&self.tx, concept_id)? else {
            return Ok(None);
        };
        self.tx.execute(
            "INSERT OR IGNORE INTO team_concept (concept_id, team_id) VALUES (?1, ?2)",
            params![concept_id, format!("{client_id}:c{concept_id}")],
        )?;
        let team_id: String = self.tx.query_row(
            "SELECT team_id FROM team_concept WHERE concept_id = ?1",
            [concept_id],
            |row| row.get(0),
        )?;
        Ok(Some(TeamConcept {
            team_id,
            category: concept.category,
            review_status: concept.review_status,
            terms: concept
                .terms
                .into_iter()
                .map(|term| TeamTerm {
                    lang: term.lang.as_str().to_owned(),
                    text: term.text,
                    status: term.status,
                    occurrences: term.occurrences,
                })
                .collect(),
        }))
    }

    pub(crate) fn unit_with_team_id(&self, team_id: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .tx
            .query_row("SELECT unit_id FROM team_unit WHERE team_id = ?1", [team_id], |row| {
                row.get(0)
            })
            .optional()?)
    }

    pub(crate) fn concept_with_team_id(&self, team_id: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .tx
            .query_row("SELECT concept_id FROM team_concept WHERE team_id = ?1", [team_id], |row| {
                row.get(0)
            })
            .optional()?)
    }

    pub(crate) fn map_team_unit(&self, unit_id: i64, team_id: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT OR REPLACE INTO team_unit (unit_id, team_id) VALUES (?1, ?2)",
            params![unit_id, team_id],
        )?;
        Ok(())
    }

    pub(crate) fn map_team_concept(
        &self,
        concept_id: i64,
        team_id: &str,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT OR REPLACE INTO team_concept (concept_id, team_id) VALUES (?1, ?2)",
            params![concept_id, team_id],
        )?;
        Ok(())
    }

    /// Sets a unit's Chinese and English text to the team's (adding a variant it lacks) and its
    /// change time to the team's edit time. True when any text changed.
    pub(crate) fn set_team_unit_text(
        &self,
        unit_id: i64,
        unit: &TeamUnit,
        author: &str,
    ) -> Result<bool, StoreError> {
        let mut changed = false;
        for (prefix, lang, text) in
            [("zh", &unit.source_lang, &unit.source), ("en", &unit.target_lang, &unit.target)]
        {
            let current: Option<(i64, String)> = self
                .tx
                .query_row(
                    "SELECT id, text FROM variant WHERE unit_id = ?1 AND lang LIKE ?2 ORDER BY id LIMIT 1",
                    params![unit_id, format!("{prefix}%")],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            match current {
                Some((_, old)) if old == *text => {}
                Some((variant_id, _)) => {
                    self.tx.execute(
                        "UPDATE variant SET text = ?2, changed_at = ?3, changed_by = ?4 WHERE id = ?1",
                        params![variant_id, text, unit.edited_at, author],
                    )?;
                    changed = true;
                }
                None => {
                    self.tx.execute(
                        "INSERT INTO variant (unit_id, lang, text, created_at, created_by)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![unit_id, lang, text, unit.edited_at, author],
                    )?;
                    changed = true;
                }
            }
        }
        if changed {
            self.tx.execute(
                "UPDATE unit SET changed_at = ?2, changed_by = ?3 WHERE id = ?1",
                params![unit_id, unit.edited_at, author],
            )?;
        }
        Ok(changed)
    }

    /// Makes a local concept's category, review status and terms the team's: terms are matched
    /// by language and text, missing ones added, others removed. True when anything changed.
    pub(crate) fn set_team_concept(
        &self,
        concept_id: i64,
        concept: &TeamConcept,
        now: &str,
    ) -> Result<bool, StoreError> {
        let Some(current) = super::terms::concept(&self.tx, concept_id)? else {
            return Ok(false);
        };
        let mut changed = false;
        if current.category != concept.category || current.review_status != concept.review_status {
            self.tx.execute(
                "UPDATE concept SET category = ?2, review_status = ?3, changed_at = ?4 WHERE id = ?1",
                params![concept_id, concept.category, concept.review_status, now],
            )?;
            changed = true;
        }
        for term in &current.terms {
            let kept = concept.terms.iter().any(|team_term| {
                team_term.lang == term.lang.as_str() && team_term.text == term.text
            });
            if !kept {
                self.tx.execute("DELETE FROM term WHERE id = ?1", [term.id])?;
                changed = true;
            }
        }
        for team_term in &concept.terms {
            let existing = current
                .terms
                .iter()
                .find(|term| team_term.lang == term.lang.as_str() && team_term.text == term.text);
            match existing {
                Some(term) if term.status == team_term.status => {}
                Some(term) => {
                    super::terms::set_term(&self.tx, term.id, &term.text, team_term.status)?;
                    changed = true;
                }
                None => {
                    super::terms::insert_term(
                        &self.tx,
                        concept_id,
                        &team_term.lang,
                        &team_term.text,
                        team_term.status,
                        team_term.occurrences,
                    )?;
                    changed = true;
                }
            }
        }
        Ok(changed)
    }

    /// Adds a concept from the team with its terms; returns its local id.
    pub(crate) fn insert_team_concept(
        &self,
        concept: &TeamConcept,
        now: &str,
    ) -> Result<i64, StoreError> {
        let concept_id =
            super::terms::insert_concept(&self.tx, &concept.category, &concept.review_status, now)?;
        for term in &concept.terms {
            super::terms::insert_term(
                &self.tx,
                concept_id,
                &term.lang,
                &term.text,
                term.status,
                term.occurrences,
            )?;
        }
        self.map_team_concept(concept_id, &concept.team_id)?;
        Ok(concept_id)
    }
}
