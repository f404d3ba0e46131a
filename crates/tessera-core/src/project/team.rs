//! Team mode's use cases of `Project`: this database as a replica of a team server.
//!
//! The core knows no HTTP: `tessera-sync` carries the changes. While joined, every local change
//! of a unit or concept lands in an outbox (triggers in the store); a sync reads the pending
//! changes, pushes them, acknowledges what the server took, then applies the team's change log
//! from the cursor. Applying never echoes into the outbox. Lookups stay local.

use crate::{
    Project,
    error::{Error, StoreError},
    model::{
        LanguageTag, NewUnit, NewVariant, OutgoingChange, TeamApplyReport, TeamBinding, TeamChange,
        UnitId,
    },
    project::now_timestamp,
};

impl Project {
    /// Binds this database to a team server as `user_name` with `role`; `client_id` is this
    /// replica's unique prefix for the ids it generates. Joining a server for the first time
    /// queues every local unit and concept for the first push; joining the same server again
    /// keeps the cursor and what is queued. One transaction.
    pub fn join_team(
        &mut self,
        server_url: &str,
        user_name: &str,
        role: &str,
        client_id: &str,
    ) -> Result<TeamBinding, Error> {
        let now = now_timestamp();
        let binding = self.store.write(|tx| {
            tx.bind_team(server_url, user_name, role, client_id, &now)?;
            tx.team_binding()
        })?;
        binding.ok_or_else(|| Error::InvalidEdit {
            message: "the team binding was not stored".to_owned(),
        })
    }

    /// The team this database is bound to, with its cursor and pending changes; `None` when it
    /// works alone.
    pub fn team_binding(&self) -> Result<Option<TeamBinding>, Error> {
        Ok(self.store.team_binding()?)
    }

    /// Records the user's name and role as the server reports them.
    pub fn set_team_identity(&mut self, user_name: &str, role: &str) -> Result<(), Error> {
        Ok(self.store.write(|tx| tx.set_team_identity(user_name, role))?)
    }

    /// Up to `limit` local changes waiting to be pushed, oldest first, each read as it is now.
    /// Units without both a Chinese and an English variant, and deleted objects, are dropped
    /// from the queue (the team shares bilingual units only).
    pub fn pending_team_changes(&mut self, limit: usize) -> Result<Vec<OutgoingChange>, Error> {
        let changes = self.store.write(|tx| {
            let binding = tx.team_binding()?.ok_or_else(not_joined)?;
            let client_id = binding.client_id;
            let mut changes = Vec::new();
            for (outbox_id, kind, object_id, version) in tx.outbox_page(limit)? {
                let change = match kind.as_str() {
                    "unit" => tx.team_unit(object_id, &client_id)?.map(TeamChange::Unit),
                    _ => tx.team_concept(object_id, &client_id)?.map(TeamChange::Concept),
                };
                match change {
                    Some(change) => changes.push(OutgoingChange {
                        change_id: format!("{client_id}:{outbox_id}.{version}"),
                        outbox_id,
                        version,
                        change,
                    }),
                    None => tx.acknowledge_outbox(outbox_id, version)?,
                }
            }
            Ok(changes)
        });
        changes.map_err(Error::from_edit)
    }

    /// Removes from the queue the changes the server took: (outbox id, version) pairs. An entry
    /// edited again since it was read keeps its newer version queued.
    pub fn acknowledge_team_changes(&mut self, acknowledged: &[(i64, i64)]) -> Result<(), Error> {
        Ok(self.store.write(|tx| {
            for &(outbox_id, version) in acknowledged {
                tx.acknowledge_outbox(outbox_id, version)?;
            }
            Ok(())
        })?)
    }

    /// Applies the team's changes in one transaction and, with `cursor`, records that the
    /// change log was applied up to it. A unit with a local edit still waiting to be pushed
    /// keeps it (the server decides when it arrives); a reviewed concept overrides a pending
    /// local edit, since review status is the server's. The match index follows at once.
    pub fn apply_team_changes(
        &mut self,
        changes: &[(String, TeamChange)],
        cursor: Option<i64>,
    ) -> Result<TeamApplyReport, Error> {
        let now = now_timestamp();
        let mut edited_units = Vec::new();
        let report = self.store.write(|tx| {
            tx.team_binding()?.ok_or_else(not_joined)?;
            tx.set_applying_remote(true)?;
            let mut report = TeamApplyReport::default();
            for (author, change) in changes {
                match change {
                    TeamChange::Unit(unit) => match tx.unit_with_team_id(&unit.team_id)? {
                        Some(unit_id) if tx.is_pending("unit", unit_id)? => report.kept_local += 1,
                        Some(unit_id) => {
                            if tx.set_team_unit_text(unit_id, unit, author)? {
                                report.units_updated += 1;
                                edited_units.push(UnitId(unit_id));
                            }
                        }
                        None => {
                            let new_unit = NewUnit {
                                source_lang: Some(LanguageTag::parse(&unit.source_lang)),
                                variants: vec![
                                    NewVariant {
                                        lang: LanguageTag::parse(&unit.source_lang),
                                        text: unit.source.clone(),
                                    },
                                    NewVariant {
                                        lang: LanguageTag::parse(&unit.target_lang),
                                        text: unit.target.clone(),
                                    },
                                ],
                                created_by: author.clone(),
                                provenance: None,
                            };
                            let ids = tx.insert_units(
                                &mut std::iter::once(new_unit),
                                &unit.edited_at,
                                &mut |_| {},
                            )?;
                            for id in ids {
                                tx.map_team_unit(id.0, &unit.team_id)?;
                            }
                            report.units_added += 1;
                        }
                    },
                    TeamChange::Concept(concept) => {
                        match tx.concept_with_team_id(&concept.team_id)? {
                            Some(concept_id) => {
                                if tx.is_pending("concept", concept_id)? {
                                    if concept.review_status == "candidate" {
                                        report.kept_local += 1;
                                        continue;
                                    }
                                    tx.drop_pending("concept", concept_id)?;
                                    report.local_edits_overridden += 1;
                                }
                                if tx.set_team_concept(concept_id, concept, &now)? {
                                    report.concepts_updated += 1;
                                }
                            }
                            None => {
                                tx.insert_team_concept(concept, &now)?;
                                report.concepts_added += 1;
                            }
                        }
                    }
                }
            }
            if let Some(cursor) = cursor {
                tx.set_team_cursor(cursor, &now)?;
            }
            tx.set_applying_remote(false)?;
            if report.units_updated > 0 {
                tx.clear_match_index()?;
            }
            Ok(report)
        });
        let report = report.map_err(Error::from_edit)?;
        for unit in edited_units {
            self.reindex_unit(unit)?;
        }
        Ok(report)
    }

    /// The team id of a local concept, once it was pushed (or came from the team).
    pub fn team_concept_id(&self, concept_id: i64) -> Result<Option<String>, Error> {
        Ok(self.store.team_concept_id(concept_id)?)
    }
}

fn not_joined() -> StoreError {
    StoreError::Invalid {
        message: "this database has not joined a team: run `tessera team join URL --token TOKEN`"
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        TermStatus, UnitSide,
        model::{TeamConcept, TeamTerm, TeamUnit},
    };

    fn pair(zh: &str, en: &str) -> NewUnit {
        NewUnit {
            source_lang: Some(LanguageTag::parse("zh-Hans")),
            variants: vec![
                NewVariant { lang: LanguageTag::parse("zh-Hans"), text: zh.to_owned() },
                NewVariant { lang: LanguageTag::parse("en"), text: en.to_owned() },
            ],
            created_by: "anna".to_owned(),
            provenance: None,
        }
    }

    fn remote_unit(team_id: &str, zh: &str, en: &str) -> TeamChange {
        TeamChange::Unit(TeamUnit {
            team_id: team_id.to_owned(),
            source_lang: "zh-Hans".to_owned(),
            source: zh.to_owned(),
            target_lang: "en".to_owned(),
            target: en.to_owned(),
            edited_at: "2026-12-01T08:00:00Z".to_owned(),
        })
    }

    fn joined() -> Project {
        let mut project = Project::open_in_memory().unwrap();
        project.add_units([pair("李强出席会议。", "Li Qiang attended.")], &mut |_| {}).unwrap();
        project.join_team("http://127.0.0.1:1", "anna", "translator", "anna-replica").unwrap();
        project
    }

    #[test]
    fn joining_queues_local_units_and_new_local_work_queues_too() {
        let mut project = joined();
        let pending = project.pending_team_changes(10).unwrap();
        assert_eq!(pending.len(), 1);
        let TeamChange::Unit(unit) = &pending[0].change else { panic!("{pending:?}") };
        assert_eq!(
            (unit.source.as_str(), unit.target.as_str()),
            ("李强出席会议。", "Li Qiang attended.")
        );
        assert!(unit.team_id.starts_with("anna-replica:"));
        project.acknowledge_team_changes(&[(pending[0].outbox_id, pending[0].version)]).unwrap();
        assert!(project.pending_team_changes(10).unwrap().is_empty());
        project.add_units([pair("王毅会见来宾。", "Wang Yi met guests.")], &mut |_| {}).unwrap();
        assert_eq!(project.pending_team_changes(10).unwrap().len(), 1);
        assert_eq!(project.team_binding().unwrap().unwrap().pending_changes, 1);
    }

    #[test]
    fn a_change_keeps_its_id_until_acknowledged_and_an_edit_after_reading_stays_queued() {
        let mut project = joined();
        let first = project.pending_team_changes(10).unwrap();
        let again = project.pending_team_changes(10).unwrap();
        assert_eq!(first[0].change_id, again[0].change_id, "a retry sends the same change id");
        project.edit_unit(UnitId(1), UnitSide::Target, "Li Qiang attended the meeting.").unwrap();
        project.acknowledge_team_changes(&[(first[0].outbox_id, first[0].version)]).unwrap();
        let after_edit = project.pending_team_changes(10).unwrap();
        assert_eq!(after_edit.len(), 1, "the edit made after reading is still to be pushed");
        assert_ne!(after_edit[0].change_id, first[0].change_id);
        let TeamChange::Unit(unit) = &after_edit[0].change else { panic!() };
        assert_eq!(unit.target, "Li Qiang attended the meeting.");
    }

    #[test]
    fn remote_changes_are_applied_once_and_never_echo_into_the_queue() {
        let mut project = joined();
        let pending = project.pending_team_changes(10).unwrap();
        project.acknowledge_team_changes(&[(pending[0].outbox_id, pending[0].version)]).unwrap();
        let changes = vec![(
            "bert".to_owned(),
            remote_unit(
                "bert:u1",
                "国务院召开常务会议。",
                "The State Council held an executive meeting.",
            ),
        )];
        let report = project.apply_team_changes(&changes, Some(7)).unwrap();
        assert_eq!(report.units_added, 1);
        let again = project.apply_team_changes(&changes, Some(7)).unwrap();
        assert_eq!((again.units_added, again.units_updated), (0, 0));
        assert!(project.pending_team_changes(10).unwrap().is_empty());
        assert_eq!(project.team_binding().unwrap().unwrap().cursor, 7);
        let matches = project
            .lookup("国务院召开常务会议。", &crate::matching::LookupOptions::default())
            .unwrap();
        assert_eq!(matches[0].found.target, "The State Council held an executive meeting.");
    }

    #[test]
    fn a_review_from_the_team_overrides_a_pending_local_edit_of_the_concept() {
        let mut project = joined();
        let concept = TeamConcept {
            team_id: "rita:c1".to_owned(),
            category: "person".to_owned(),
            review_status: "candidate".to_owned(),
            terms: vec![
                TeamTerm {
                    lang: "zh-Hans".to_owned(),
                    text: "李强".to_owned(),
                    status: TermStatus::Admitted,
                    occurrences: 2,
                },
                TeamTerm {
                    lang: "en".to_owned(),
                    text: "Li Qiang".to_owned(),
                    status: TermStatus::Admitted,
                    occurrences: 2,
                },
                TeamTerm {
                    lang: "en".to_owned(),
                    text: "Li Chiang".to_owned(),
                    status: TermStatus::Admitted,
                    occurrences: 1,
                },
            ],
        };
        project
            .apply_team_changes(&[("rita".to_owned(), TeamChange::Concept(concept.clone()))], None)
            .unwrap();
        let local = project.terms(None, None).unwrap().remove(0);
        // A stale local edit, then the reviewer's decision arrives.
        let chiang = local.terms.iter().find(|term| term.text == "Li Chiang").unwrap();
        project.edit_term(local.id, chiang.id, "Li Chiang", TermStatus::Preferred).unwrap();
        let mut approved = concept;
        approved.review_status = "approved".to_owned();
        for term in &mut approved.terms {
            term.status = if term.text == "Li Chiang" {
                TermStatus::Deprecated
            } else {
                TermStatus::Preferred
            };
        }
        let report = project
            .apply_team_changes(&[("rita".to_owned(), TeamChange::Concept(approved))], None)
            .unwrap();
        assert_eq!(report.local_edits_overridden, 1);
        let findings = project.check_translation("李强出席会议。", "Li Chiang attended.").unwrap();
        assert!(
            findings
                .iter()
                .any(|finding| finding.found == "Li Chiang" && finding.suggestion == "Li Qiang"),
            "{findings:?}"
        );
        assert!(
            project
                .pending_team_changes(10)
                .unwrap()
                .iter()
                .all(|change| matches!(change.change, TeamChange::Unit(_)))
        );
    }
}
