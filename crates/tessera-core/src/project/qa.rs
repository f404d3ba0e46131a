//! The memory QA use cases of `Project`: checking the memory (or a document) against the
//! approved termbase and for numbers, untranslated and inconsistent targets, fixing wrong
//! renderings in bulk, and undoing a fix.

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    error::{Error, StoreError},
    model::UnitId,
    project::{ImportControl, Project, now_timestamp},
    qa::{MemoryQa, QaFinding, QaKind, QaReportFormat, QaReportRow},
};

/// What memory QA checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QaScope {
    /// Every unit of the memory.
    Memory,
    /// The segments of one document (findings name segment ids).
    Document(i64),
}

/// How far a QA pass has come, as told to its progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QaProgress {
    /// Units (or segments) checked so far.
    pub done: u64,
    /// Units (or segments) to check.
    pub total: u64,
}

/// What a QA pass found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QaReport {
    /// Every finding, by unit, then place.
    pub findings: Vec<QaFinding>,
    /// Units (or segments) checked.
    pub units_checked: u64,
    /// False when the pass was cancelled: the findings cover the units checked so far, and
    /// consistency was checked only among them.
    pub complete: bool,
}

/// What a fix did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixReport {
    /// The fix, for [`Project::undo_fix`]; `None` when nothing changed.
    pub fix_id: Option<i64>,
    /// Findings fixed.
    pub findings_fixed: u64,
    /// Units whose target changed.
    pub units_changed: u64,
    /// Findings passed over: not fixable by themselves (missing, number, …) or the target no
    /// longer holds the text found.
    pub findings_passed_over: u64,
}

/// Units read per page by a QA pass.
#[cfg(not(test))]
const QA_PAGE: usize = 10_000;
/// Small in tests, so that a few hundred units make several pages.
#[cfg(test)]
const QA_PAGE: usize = 100;

impl Project {
    /// Checks the memory or a document; see [`Project::memory_qa_with_progress`].
    pub fn memory_qa(&mut self, scope: QaScope) -> Result<QaReport, Error> {
        self.memory_qa_with_progress(scope, &mut |_| ImportControl::Continue)
    }

    /// Checks every unit of the memory (or every segment of a document) against the approved
    /// termbase (deprecated, forbidden, near-miss and missing renderings), for numbers and dates
    /// that differ from the source, untranslated targets, and one source sentence stored with
    /// different targets (the suggestion is the most frequent target). Each page of 10,000
    /// units is checked on every core. `progress` hears after every page; answering [`ImportControl::Cancel`] stops the pass with what
    /// it found so far. Reads only.
    pub fn memory_qa_with_progress(
        &mut self,
        scope: QaScope,
        progress: &mut dyn FnMut(QaProgress) -> ImportControl,
    ) -> Result<QaReport, Error> {
        // The checks of a page run on every core; reading the next page waits for them.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let outcome = self.with_term_index(|store, index| -> Result<QaReport, StoreError> {
            let mut qa = MemoryQa::new(index);
            let mut done = 0;
            let mut complete = true;
            match scope {
                QaScope::Document(document_id) => {
                    let segments = store.document_segments(document_id)?;
                    let total = segments.len() as u64;
                    for segment in &segments {
                        let target = Some(segment.target.as_str()).filter(|text| !text.is_empty());
                        qa.check_unit(segment.id, &segment.source, target);
                    }
                    done = total;
                    progress(QaProgress { done, total });
                }
                QaScope::Memory => {
                    let total = store.memory_fingerprint()?.unit_count;
                    let mut after_id = 0;
                    if progress(QaProgress { done, total }) == ImportControl::Cancel {
                        complete = false;
                    }
                    while complete {
                        let (page, last_id) = store.qa_page(after_id, QA_PAGE)?;
                        let Some(last_id) = last_id else { break };
                        after_id = last_id;
                        qa.check_units(&page, threads);
                        done = (done + page.len() as u64).min(total);
                        if progress(QaProgress { done, total }) == ImportControl::Cancel {
                            complete = false;
                        }
                    }
                }
            }
            let mut findings = qa.finish();
            // Consistency findings name the reference unit; give its target instead.
            let mut references: BTreeMap<String, String> = BTreeMap::new();
            for finding in findings.iter_mut().filter(|f| f.kind == QaKind::Inconsistent) {
                let reference = finding.suggestion.clone();
                if !references.contains_key(&reference) {
                    let text = match scope {
                        QaScope::Memory => reference
                            .strip_prefix("unit ")
                            .and_then(|id| id.parse::<i64>().ok())
                            .map(|id| store.pair_of(id))
                            .transpose()?
                            .flatten()
                            .map(|(_, en)| en)
                            .unwrap_or_default(),
                        QaScope::Document(_) => String::new(),
                    };
                    references.insert(reference.clone(), text);
                }
                finding.suggestion = references[&reference].clone();
            }
            Ok(QaReport { findings, units_checked: done, complete })
        })?;
        Ok(outcome?)
    }

    /// Fixes memory QA findings in one transaction: every deprecated, forbidden or near-miss
    /// rendering among `findings` is replaced by its approved form in the unit's English target,
    /// provided the target still holds the text found there. Each changed unit is written to the
    /// audit log with its old and new text, and the fix is kept for [`Project::undo_fix`].
    /// Findings of documents (segment ids) must not be passed: ids are taken as unit ids.
    pub fn fix_findings(&mut self, findings: &[QaFinding]) -> Result<FixReport, Error> {
        let mut by_unit: BTreeMap<i64, Vec<&QaFinding>> = BTreeMap::new();
        let mut report = FixReport::default();
        for finding in findings {
            if finding.kind.is_fixable() && !finding.suggestion.is_empty() {
                by_unit.entry(finding.unit_id).or_default().push(finding);
            } else {
                report.findings_passed_over += 1;
            }
        }
        if by_unit.is_empty() {
            return Ok(report);
        }
        let now = now_timestamp();
        let terms: BTreeSet<i64> = by_unit.values().flatten().filter_map(|f| f.term_id).collect();
        let mut changed_units = Vec::new();
        let outcome = self.store.write(|tx| {
            let detail = format!(
                "fix of {} findings of terms {}",
                by_unit.values().map(Vec::len).sum::<usize>(),
                terms.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            );
            let fix_id = tx.insert_qa_fix(&now, &detail)?;
            let mut fixed = 0;
            for (&unit_id, unit_findings) in &by_unit {
                let Some(old) = tx.english_text(UnitId(unit_id))? else {
                    report.findings_passed_over += unit_findings.len() as u64;
                    continue;
                };
                let mut chars: Vec<char> = old.chars().collect();
                let mut spans: Vec<&&QaFinding> = unit_findings.iter().collect();
                // Right to left, so earlier offsets stay valid; overlapping spans fix once.
                spans.sort_by_key(|finding| std::cmp::Reverse((finding.start, finding.end)));
                let mut limit = usize::MAX;
                for finding in spans {
                    let holds = finding.end <= chars.len()
                        && finding.end <= limit
                        && finding.start < finding.end
                        && chars[finding.start..finding.end].iter().collect::<String>()
                            == finding.found;
                    if !holds {
                        report.findings_passed_over += 1;
                        continue;
                    }
                    chars.splice(finding.start..finding.end, finding.suggestion.chars());
                    limit = finding.start;
                    fixed += 1;
                }
                let new: String = chars.into_iter().collect();
                if new != old {
                    tx.replace_variant_text(UnitId(unit_id), "en", &new, &now)?;
                    tx.insert_qa_fix_unit(fix_id, UnitId(unit_id), &old, &new)?;
                    let detail = format!("target: {old} → {new} (QA fix {fix_id})");
                    tx.insert_audit(&now, "unit-edited", ("unit", unit_id), &detail)?;
                    changed_units.push(UnitId(unit_id));
                }
            }
            if changed_units.is_empty() {
                // Nothing held: the fix is not kept.
                return Err(StoreError::Invalid { message: "nothing to fix".to_owned() });
            }
            tx.insert_audit(
                &now,
                "qa-fixed",
                ("qa_fix", fix_id),
                &format!("{detail}: {fixed} fixed in {} units", changed_units.len()),
            )?;
            tx.clear_match_index()?;
            report.fix_id = Some(fix_id);
            report.findings_fixed = fixed;
            Ok(())
        });
        match outcome {
            Ok(()) => {}
            Err(StoreError::Invalid { .. }) if changed_units.is_empty() => {
                report.findings_passed_over = findings.len() as u64;
                return Ok(report);
            }
            Err(error) => return Err(error.into()),
        }
        report.units_changed = changed_units.len() as u64;
        for unit in changed_units {
            self.reindex_unit(unit)?;
        }
        Ok(report)
    }

    /// Undoes a fix in one transaction: every unit it changed whose target is still what the
    /// fix wrote gets its old target back (a unit edited since is left alone). Returns how many
    /// units were restored; an unknown or already undone fix is [`Error::NotFound`].
    pub fn undo_fix(&mut self, fix_id: i64) -> Result<u64, Error> {
        let now = now_timestamp();
        let mut restored = Vec::new();
        let found = self.store.write(|tx| {
            let Some(units) = tx.take_qa_fix(fix_id, &now)? else { return Ok(false) };
            for (unit_id, old, new) in units {
                if tx.english_text(UnitId(unit_id))?.as_deref() == Some(new.as_str()) {
                    tx.replace_variant_text(UnitId(unit_id), "en", &old, &now)?;
                    let detail = format!("target: {new} → {old} (QA fix {fix_id} undone)");
                    tx.insert_audit(&now, "unit-edited", ("unit", unit_id), &detail)?;
                    restored.push(UnitId(unit_id));
                }
            }
            let detail = format!("{} units restored", restored.len());
            tx.insert_audit(&now, "qa-fix-undone", ("qa_fix", fix_id), &detail)?;
            tx.clear_match_index()?;
            Ok(true)
        })?;
        if !found {
            return Err(Error::NotFound { what: format!("QA fix {fix_id} (or it was undone)") });
        }
        for unit in &restored {
            self.reindex_unit(*unit)?;
        }
        Ok(restored.len() as u64)
    }

    /// Writes findings of a memory QA pass as a report with each unit's texts: an HTML page or
    /// an Excel workbook. Findings of a document pass name segments: their texts are read from
    /// `document` when given.
    pub fn write_qa_report(
        &self,
        findings: &[QaFinding],
        document: Option<i64>,
        format: QaReportFormat,
        mut output: impl std::io::Write,
    ) -> Result<(), Error> {
        let mut texts: BTreeMap<i64, (String, String)> = BTreeMap::new();
        match document {
            Some(document_id) => {
                for segment in self.store.document_segments(document_id)? {
                    texts.insert(segment.id, (segment.source, segment.target));
                }
            }
            None => {
                let ids: BTreeSet<i64> = findings.iter().map(|finding| finding.unit_id).collect();
                for id in ids {
                    let (page, _) = self.store.qa_page(id - 1, 1)?;
                    if let Some((unit_id, zh, en)) = page.into_iter().next()
                        && unit_id == id
                    {
                        texts.insert(id, (zh, en.unwrap_or_default()));
                    }
                }
            }
        }
        let rows: Vec<QaReportRow> = findings
            .iter()
            .map(|finding| {
                let (source, target) = texts.get(&finding.unit_id).cloned().unwrap_or_default();
                QaReportRow { finding: finding.clone(), source, target }
            })
            .collect();
        let write_error = |message: String| Error::Output { message };
        match format {
            QaReportFormat::Html => {
                crate::qa::write_html_report(&mut output, "Tessera memory QA", &rows)
                    .map_err(|error| write_error(error.to_string()))?;
            }
            QaReportFormat::Xlsx => {
                let bytes = crate::qa::xlsx_report(&rows).map_err(write_error)?;
                output.write_all(&bytes).map_err(|error| write_error(error.to_string()))?;
                output.flush().map_err(|error| write_error(error.to_string()))?;
            }
        }
        Ok(())
    }

    /// Memory units whose target uses a deprecated or forbidden rendering of this concept (as the
    /// termbase now stands), by unit id: what approving or editing a term leaves to fix. Found
    /// through the match index's concordance of each such rendering, each hit confirmed by the
    /// live check (so an approved form that contains a deprecated one does not count).
    pub fn units_using_deprecated_renderings(
        &mut self,
        concept_id: i64,
    ) -> Result<Vec<i64>, Error> {
        use crate::{
            matching::{ConcordanceOptions, Side},
            model::TermStatus,
            terminology::FindingKind,
        };
        let Some(concept) = self.store.concept(concept_id)? else {
            return Err(Error::NotFound { what: format!("concept {concept_id}") });
        };
        let options =
            ConcordanceOptions { side: Side::Target, whole_word: true, limit: usize::MAX };
        let mut hits = Vec::new();
        for term in concept.terms.iter().filter(|term| {
            term.lang.primary() == "en"
                && matches!(term.status, TermStatus::Deprecated | TermStatus::Forbidden)
        }) {
            hits.extend(self.concordance(&term.text, &options)?.hits);
        }
        let mut units: Vec<i64> = self.with_term_index(|_, index| {
            hits.iter()
                .filter(|hit| {
                    index.check(&hit.source, &hit.target).iter().any(|finding| {
                        finding.concept_id == concept_id
                            && matches!(
                                finding.kind,
                                FindingKind::Deprecated | FindingKind::Forbidden
                            )
                    })
                })
                .map(|hit| hit.unit_id)
                .collect()
        })?;
        units.sort_unstable();
        units.dedup();
        Ok(units)
    }

    /// The deprecated, forbidden and near-miss findings of one concept in the memory, as
    /// [`Project::fix_findings`] takes them: what approving or editing its terms leaves to fix,
    /// without a pass over the whole memory (the units come from
    /// [`Project::units_using_deprecated_renderings`]).
    pub fn concept_findings(&mut self, concept_id: i64) -> Result<Vec<QaFinding>, Error> {
        let unit_ids = self.units_using_deprecated_renderings(concept_id)?;
        let mut units = Vec::with_capacity(unit_ids.len());
        for id in unit_ids {
            let (page, _) = self.store.qa_page(id - 1, 1)?;
            units.extend(page.into_iter().filter(|(unit_id, _, _)| *unit_id == id));
        }
        let findings = self.with_term_index(|_, index| {
            let mut qa = MemoryQa::new(index);
            for (unit_id, source, target) in &units {
                qa.check_unit(*unit_id, source, target.as_deref());
            }
            qa.findings().to_vec()
        })?;
        Ok(findings
            .into_iter()
            .filter(|finding| finding.kind.is_fixable() && finding.term_id == Some(concept_id))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_qa_reports_progress_per_page_and_stops_when_cancelled() {
        let mut project = Project::open_in_memory().unwrap();
        project.add_units(crate::synthetic::synthetic_units(5, 0, 350), &mut |_| {}).unwrap();
        let mut seen = Vec::new();
        let report = project
            .memory_qa_with_progress(QaScope::Memory, &mut |progress| {
                seen.push((progress.done, progress.total));
                ImportControl::Continue
            })
            .unwrap();
        assert!(report.complete);
        assert_eq!(report.units_checked, 350);
        assert_eq!(seen, [(0, 350), (100, 350), (200, 350), (300, 350), (350, 350)]);

        let mut calls = 0;
        let report = project
            .memory_qa_with_progress(QaScope::Memory, &mut |_| {
                calls += 1;
                if calls == 2 { ImportControl::Cancel } else { ImportControl::Continue }
            })
            .unwrap();
        assert!(!report.complete);
        assert_eq!(report.units_checked, 100);
    }
}
