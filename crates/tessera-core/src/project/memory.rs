//! The memory use cases of `Project`: the match index, lookups, concordance, and editing or
//! deleting units.

use crate::{
    error::{Error, StoreError},
    matching::{self, Concordance, ConcordanceOptions, IndexUnit, LookupOptions, MatchIndex},
    model::{AuditEntry, NewUnit, StoredUnit, UnitId, UnitOrigin},
    project::{Project, now_timestamp},
};

/// A fuzzy match from the memory with where it came from and, when the query differs only in
/// numbers or approved terms, the match's target adjusted to the query.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryMatch {
    /// The scored match (score, source, target, diff, penalties).
    pub found: crate::matching::Match,
    /// Where the unit came from.
    pub origin: Option<UnitOrigin>,
    /// The target with the query's numbers and approved term renderings put in, when possible,
    /// and with deprecated or forbidden renderings swapped for the approved ones ("term-adjusted":
    /// replacements of kind [`crate::matching::ReplacementKind::ApprovedTerm`]).
    pub adjusted: Option<crate::matching::Adjusted>,
    /// Deprecated or forbidden renderings of the approved termbase in the match's target, with
    /// their spans (characters of the target) and the approved form.
    pub term_warnings: Vec<crate::matching::TermWarning>,
    /// A 100 match whose unit followed, in its article, the same previous segment as the query
    /// (what CAT tools call a context or 101% match).
    pub context_match: bool,
}

/// Which side of a unit an edit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitSide {
    /// The Chinese segment.
    Source,
    /// The English segment.
    Target,
}

impl UnitSide {
    fn lang_prefix(self) -> &'static str {
        match self {
            UnitSide::Source => "zh",
            UnitSide::Target => "en",
        }
    }

    fn name(self) -> &'static str {
        match self {
            UnitSide::Source => "source",
            UnitSide::Target => "target",
        }
    }
}

/// Which way a lookup goes: the memory serves both directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupDirection {
    /// A Chinese sentence, English translations.
    ChineseToEnglish,
    /// An English sentence, Chinese translations.
    EnglishToChinese,
}

impl LookupDirection {
    /// The direction of a query by its script: Chinese when it holds a Han character (Chinese
    /// text often carries Latin names and numbers, English text almost never Han), else English.
    pub fn detect(query: &str) -> LookupDirection {
        if query.chars().any(crate::text::is_han) {
            LookupDirection::ChineseToEnglish
        } else {
            LookupDirection::EnglishToChinese
        }
    }
}

/// How far a refresh of the match index has come, as told to its progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexProgress {
    /// Units indexed so far.
    pub done: u64,
    /// Units this refresh indexes: every unit for a rebuild, the new ones for an append.
    pub total: u64,
}

/// How [`Project::refresh_match_index`] made the index current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexRefresh {
    /// The index in memory was already current.
    Current,
    /// The persisted index was loaded (and extended with units added since, if any).
    Loaded,
    /// Units added since the last refresh were appended.
    Extended,
    /// The index was rebuilt from every unit (first use, or units were deleted).
    Rebuilt,
}

/// Units appended to the index in memory before it is persisted again: persisting a large index
/// costs seconds, appending a unit microseconds, and a reopened memory replays the rest.
const PERSIST_INDEX_AFTER: u64 = 5_000;

/// Units read per page while building the index: large pages keep few index segments (fast
/// lookups), small ones keep the build's memory low.
const INDEX_BUILD_PAGE: usize = 250_000;

/// How often appending units to the index reports progress, in units.
#[cfg(not(test))]
const INDEX_PROGRESS_EVERY: u64 = 10_000;
/// Low in tests, so that a small append reports part-way.
#[cfg(test)]
const INDEX_PROGRESS_EVERY: u64 = 500;

impl Project {
    /// Makes the fuzzy-match index cover every unit: reuses it, loads the persisted one, appends
    /// new units, or rebuilds it when units were deleted. A rebuilt index is persisted, so a
    /// reopened memory answers its first lookup without rebuilding.
    pub fn refresh_match_index(&mut self) -> Result<IndexRefresh, Error> {
        self.refresh_match_index_with_progress(&mut |_| {})
    }

    /// [`Project::refresh_match_index`], telling `progress` how many units are indexed: at the
    /// start, after each page of a rebuild (250,000 units) or every 10,000 units of an append,
    /// and at the end with `done == total`. Nothing is reported when the index was current or
    /// only loaded.
    pub fn refresh_match_index_with_progress(
        &mut self,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> Result<IndexRefresh, Error> {
        let token = self.store.change_token()?;
        if self.match_index.is_some() && self.index_checked_at == Some(token) {
            return Ok(IndexRefresh::Current);
        }
        let refresh = self.refresh_match_index_now(progress)?;
        self.index_checked_at = Some(self.store.change_token()?);
        Ok(refresh)
    }

    fn refresh_match_index_now(
        &mut self,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> Result<IndexRefresh, Error> {
        let current = self.store.memory_fingerprint()?;
        let mut refresh = IndexRefresh::Extended;
        if self.match_index.is_none()
            && let Some((fingerprint, loaded)) =
                self.store.read_match_index(|source, len| MatchIndex::read_from(source, len))?
            // A corrupt or outdated blob is only a cache: fall through to a rebuild.
            && let Ok(index) = loaded
        {
            self.match_index = Some((fingerprint, index));
            refresh = IndexRefresh::Loaded;
        }
        if let Some((fingerprint, index)) = &mut self.match_index {
            if *fingerprint == current {
                return Ok(if refresh == IndexRefresh::Loaded {
                    refresh
                } else {
                    IndexRefresh::Current
                });
            }
            let appended_only = current.max_unit_id >= fingerprint.max_unit_id
                && current.unit_count
                    == fingerprint.unit_count
                        + self.store.count_units_after(fingerprint.max_unit_id)?;
            if appended_only {
                let total = current.unit_count.saturating_sub(fingerprint.unit_count);
                let mut n_added = 0;
                progress(IndexProgress { done: 0, total });
                self.store.for_each_pair(fingerprint.max_unit_id, &mut |unit_id, zh, en| {
                    index.add(IndexUnit { unit_id, source: zh, target: en });
                    n_added += 1;
                    if n_added % INDEX_PROGRESS_EVERY == 0 {
                        progress(IndexProgress { done: n_added.min(total), total });
                    }
                })?;
                *fingerprint = current;
                self.unpersisted_units += n_added;
                if self.unpersisted_units >= PERSIST_INDEX_AFTER {
                    let saved =
                        self.store.save_match_index(current, index.byte_len(), &mut |out| {
                            index.write_to(&mut { out })
                        })?;
                    if saved {
                        self.unpersisted_units = 0;
                    }
                }
                progress(IndexProgress { done: total, total });
                return Ok(refresh);
            }
        }
        // Built in pages, so the texts are never held twice in full (the index keeps its own
        // copy): at a million units this keeps the build under the memory of the index itself
        // plus one page.
        let total = current.unit_count;
        let mut done = 0;
        progress(IndexProgress { done, total });
        let mut index = MatchIndex::new();
        let mut after_id = 0;
        loop {
            let page = self.store.pairs_page(after_id, INDEX_BUILD_PAGE)?;
            let Some(&(last_id, _, _)) = page.last() else { break };
            after_id = last_id;
            index.extend(
                page.iter().filter(|(_, zh, en)| !zh.is_empty() || !en.is_empty()).map(
                    |(unit_id, zh, en)| IndexUnit { unit_id: *unit_id, source: zh, target: en },
                ),
            );
            // A page of monolingual units holds one entry, so this counts low, never high.
            done = (done + page.len() as u64).min(total);
            progress(IndexProgress { done, total });
        }
        // Not saved while another process writes, or on a read-only database: the next
        // refresh saves it.
        let saved = self
            .store
            .save_match_index(current, index.byte_len(), &mut |out| index.write_to(&mut { out }))?;
        self.unpersisted_units = if saved { 0 } else { PERSIST_INDEX_AFTER };
        self.match_index = Some((current, index));
        progress(IndexProgress { done: total, total });
        Ok(IndexRefresh::Rebuilt)
    }

    /// Takes deleted units out of the index in memory (the persisted copy was cleared in the same
    /// transaction as the deletion), so the next refresh needs no rebuild.
    pub(super) fn forget_indexed_units(&mut self, units: &[UnitId]) {
        if let Some((fingerprint, index)) = &mut self.match_index {
            for unit in units {
                // The fingerprint counts every unit, indexed (bilingual) or not.
                index.remove(unit.0);
                fingerprint.unit_count = fingerprint.unit_count.saturating_sub(1);
            }
        }
    }

    /// Units in id order after `after_id` (0 for the first page), at most `limit`, for browsing.
    pub fn units(&self, after_id: i64, limit: usize) -> Result<Vec<StoredUnit>, Error> {
        Ok(self.store.units_page(after_id, limit, false)?)
    }

    /// Replaces the text of a unit's Chinese (`UnitSide::Source`) or English (`UnitSide::Target`)
    /// variant, records the old and new text in the unit's history, and keeps the match index
    /// current.
    pub fn edit_unit(&mut self, unit: UnitId, side: UnitSide, text: &str) -> Result<(), Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::InvalidEdit { message: "a segment cannot be empty".to_owned() });
        }
        let now = now_timestamp();
        let before = self.phrase_snapshot(unit)?;
        let outcome = self.store.write(|tx| {
            let old = tx.replace_variant_text(unit, side.lang_prefix(), text, &now)?.ok_or_else(
                || StoreError::Invalid {
                    message: format!("unit {} has no {} segment", unit.0, side.name()),
                },
            )?;
            let detail = format!("{}: {old} → {text}", side.name());
            tx.insert_audit(&now, "unit-edited", ("unit", unit.0), &detail)?;
            tx.clear_match_index()?;
            Ok(())
        });
        outcome.map_err(Error::from_edit)?;
        // Replace the edited unit in the index at once: remove + add, no rebuild.
        self.reindex_unit(unit)?;
        self.update_phrases(unit, before)
    }

    /// Deletes a unit (with its variants and provenance), recording it in the audit log.
    pub fn delete_unit(&mut self, unit: UnitId) -> Result<(), Error> {
        let now = now_timestamp();
        let before = self.phrase_snapshot(unit)?;
        self.store.write(|tx| {
            let detail = tx.unit_summary(unit)?;
            tx.delete_unit(unit)?;
            tx.insert_audit(&now, "unit-deleted", ("unit", unit.0), &detail)?;
            tx.clear_match_index()
        })?;
        self.forget_indexed_units(&[unit]);
        self.forget_phrases(unit, before);
        Ok(())
    }

    /// The unit's history, oldest first: creation, edits (old → new), review actions.
    pub fn unit_history(&self, unit: UnitId) -> Result<Vec<AuditEntry>, Error> {
        Ok(self.store.audit_entries("unit", unit.0)?)
    }

    /// [`Project::lookup`], also marking context matches: a 100 match whose unit followed, in its
    /// article, a unit whose source is `previous_source` (the segment before the query).
    pub fn lookup_in_context(
        &mut self,
        query: &str,
        previous_source: Option<&str>,
        options: &LookupOptions,
    ) -> Result<Vec<MemoryMatch>, Error> {
        let mut matches = self.lookup(query, options)?;
        if let Some(previous) = previous_source {
            let previous = crate::text::normalize_for_matching(previous);
            for found in matches.iter_mut().filter(|found| found.found.score == 100) {
                found.context_match = self
                    .store
                    .previous_source(found.found.unit_id)?
                    .is_some_and(|source| crate::text::normalize_for_matching(&source) == previous);
            }
        }
        Ok(matches)
    }

    /// The best fuzzy matches for a Chinese sentence, each with where it came from and, when the
    /// query differs only in numbers or approved terms, the target adjusted to the query.
    pub fn lookup(
        &mut self,
        query: &str,
        options: &LookupOptions,
    ) -> Result<Vec<MemoryMatch>, Error> {
        self.refresh_match_index()?;
        let Some((_, index)) = &self.match_index else { return Ok(Vec::new()) };
        let found = index.lookup(query, options);
        let ids: Vec<i64> = found.iter().map(|found| found.unit_id).collect();
        let origins = self.store.unit_origins(&ids)?;
        let approved = self.store.approved_term_pairs()?;
        let terms: Vec<(&str, &str)> =
            approved.iter().map(|(zh, en)| (zh.as_str(), en.as_str())).collect();
        let mut matches: Vec<MemoryMatch> = found
            .into_iter()
            .map(|found| {
                let origin = origins.iter().find(|origin| origin.unit_id == found.unit_id).cloned();
                let adjusted = if found.score < 100 {
                    matching::adjust(query, &found.source, &found.target, &terms)
                } else {
                    None
                };
                MemoryMatch {
                    found,
                    origin,
                    adjusted,
                    term_warnings: Vec::new(),
                    context_match: false,
                }
            })
            .collect();
        self.mark_stale_terms(&mut matches)?;
        Ok(matches)
    }

    /// Marks the deprecated and forbidden renderings of the approved termbase in each match's
    /// target, and offers the target with the approved renderings swapped in ("term-adjusted").
    fn mark_stale_terms(&mut self, matches: &mut [MemoryMatch]) -> Result<(), Error> {
        self.with_term_index(|_, index| {
            for memory_match in matches.iter_mut() {
                let found = &memory_match.found;
                let warnings: Vec<matching::TermWarning> =
                    term_warnings(index, &found.source, &found.target)
                        .into_iter()
                        .filter(|warning| !warning.suggestion.is_empty())
                        .collect();
                if warnings.is_empty() {
                    continue;
                }
                memory_match.adjusted = matching::swap_approved_terms(
                    &found.target,
                    memory_match.adjusted.take(),
                    &warnings,
                );
                memory_match.term_warnings = warnings;
            }
        })
    }

    /// [`Project::lookup`] in either direction: from English, matches are searched among the
    /// units' English sides and offer their Chinese, adjusted to the query's numbers and approved
    /// terms as from Chinese.
    pub fn lookup_in_direction(
        &mut self,
        query: &str,
        direction: LookupDirection,
        options: &LookupOptions,
    ) -> Result<Vec<MemoryMatch>, Error> {
        if direction == LookupDirection::ChineseToEnglish {
            return self.lookup(query, options);
        }
        let token = self.store.change_token()?;
        if self.english_index.as_ref().is_none_or(|(built_at, _)| *built_at != token) {
            let mut index = MatchIndex::new();
            let mut after_id = 0;
            loop {
                let page = self.store.pairs_page(after_id, INDEX_BUILD_PAGE)?;
                let Some(&(last_id, _, _)) = page.last() else { break };
                after_id = last_id;
                index.extend(
                    page.iter().filter(|(_, zh, en)| !zh.is_empty() || !en.is_empty()).map(
                        |(unit_id, zh, en)| IndexUnit { unit_id: *unit_id, source: en, target: zh },
                    ),
                );
            }
            self.english_index = Some((token, index));
        }
        let Some((_, index)) = &self.english_index else { return Ok(Vec::new()) };
        let found = index.lookup(query, options);
        let ids: Vec<i64> = found.iter().map(|found| found.unit_id).collect();
        let origins = self.store.unit_origins(&ids)?;
        let approved = self.store.approved_term_pairs()?;
        let terms: Vec<(&str, &str)> =
            approved.iter().map(|(zh, en)| (en.as_str(), zh.as_str())).collect();
        Ok(found
            .into_iter()
            .map(|found| {
                let origin = origins.iter().find(|origin| origin.unit_id == found.unit_id).cloned();
                let adjusted = if found.score < 100 {
                    matching::adjust(query, &found.source, &found.target, &terms)
                } else {
                    None
                };
                MemoryMatch {
                    found,
                    origin,
                    adjusted,
                    term_warnings: Vec::new(),
                    context_match: false,
                }
            })
            .collect())
    }

    /// Every unit containing `text` on the chosen side, with the histogram of how it was
    /// translated; hits whose target carries a deprecated or forbidden rendering are marked.
    pub fn concordance(
        &mut self,
        text: &str,
        options: &ConcordanceOptions,
    ) -> Result<Concordance, Error> {
        self.refresh_match_index()?;
        let mut concordance = match &self.match_index {
            Some((_, index)) => index.concordance(text, options),
            None => Concordance { hits: Vec::new(), renderings: Vec::new(), complete: true },
        };
        self.with_term_index(|_, index| {
            for hit in &mut concordance.hits {
                hit.term_warnings = term_warnings(index, &hit.source, &hit.target);
            }
        })?;
        Ok(concordance)
    }

    /// Where these units came from (article, date, author).
    pub fn unit_origins(&self, unit_ids: &[i64]) -> Result<Vec<UnitOrigin>, Error> {
        Ok(self.store.unit_origins(unit_ids)?)
    }

    /// Stores `units` in one transaction: after a crash the database holds all of them or none.
    /// `progress` is called with the number written so far.
    pub fn add_units(
        &mut self,
        units: impl IntoIterator<Item = NewUnit>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<UnitId>, Error> {
        let now = now_timestamp();
        let mut units = units.into_iter();
        Ok(self.store.write(|tx| tx.insert_units(&mut units, &now, progress))?)
    }
}

/// The deprecated and forbidden renderings the termbase's check finds in `target`.
fn term_warnings(
    index: &crate::terminology::TermIndex,
    source: &str,
    target: &str,
) -> Vec<matching::TermWarning> {
    use crate::terminology::FindingKind;
    index
        .check(source, target)
        .into_iter()
        .filter_map(|finding| {
            let forbidden = match finding.kind {
                FindingKind::Deprecated => false,
                FindingKind::Forbidden => true,
                _ => return None,
            };
            Some(matching::TermWarning {
                forbidden,
                start: finding.start,
                end: finding.end,
                found: finding.found,
                suggestion: finding.suggestion,
                concept_id: finding.concept_id,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refresh_reporting(project: &mut Project) -> (IndexRefresh, Vec<(u64, u64)>) {
        let mut seen = Vec::new();
        let refresh = project
            .refresh_match_index_with_progress(&mut |progress| {
                seen.push((progress.done, progress.total));
            })
            .unwrap();
        (refresh, seen)
    }

    fn assert_rises_to_total(seen: &[(u64, u64)], total: u64) {
        assert_eq!(seen.first(), Some(&(0, total)), "{seen:?}");
        assert_eq!(seen.last(), Some(&(total, total)), "{seen:?}");
        assert!(seen.windows(2).all(|pair| pair[0].0 <= pair[1].0), "{seen:?}");
        assert!(seen.iter().all(|&(done, seen_total)| done <= total && seen_total == total));
    }

    #[test]
    fn the_lookup_direction_follows_the_script_of_the_query() {
        for (query, direction) in [
            ("习近平会见G20代表", LookupDirection::ChineseToEnglish),
            ("臺灣", LookupDirection::ChineseToEnglish),
            ("Xi Jinping met G20 delegates.", LookupDirection::EnglishToChinese),
            ("2024", LookupDirection::EnglishToChinese),
        ] {
            assert_eq!(LookupDirection::detect(query), direction, "{query}");
        }
    }

    #[test]
    fn an_english_query_finds_the_unit_by_its_english_side() {
        let mut project = Project::open_in_memory().unwrap();
        project.add_units(crate::synthetic::synthetic_units(3, 0, 200), &mut |_| {}).unwrap();
        let unit = project.units(0, 1).unwrap().remove(0);
        let text = |prefix: &str| {
            unit.variants.iter().find(|(lang, _)| lang.primary() == prefix).unwrap().1.clone()
        };
        let options = LookupOptions::default();
        let found = project
            .lookup_in_direction(&text("en"), LookupDirection::EnglishToChinese, &options)
            .unwrap();
        assert_eq!(found[0].found.score, 100);
        assert_eq!(found[0].found.target, text("zh"));
        // The Chinese index is not consulted for English.
        let from_chinese = project.lookup(&text("en"), &options).unwrap();
        assert!(from_chinese.iter().all(|found| found.found.score < 100));
    }

    #[test]
    fn index_refresh_reports_progress_that_ends_at_its_total() {
        let mut project = Project::open_in_memory().unwrap();
        project.add_units(crate::synthetic::synthetic_units(3, 0, 800), &mut |_| {}).unwrap();
        let (refresh, seen) = refresh_reporting(&mut project);
        assert_eq!(refresh, IndexRefresh::Rebuilt);
        assert_rises_to_total(&seen, 800);

        // Appending reports part-way, every INDEX_PROGRESS_EVERY units.
        project.add_units(crate::synthetic::synthetic_units(4, 800, 1_200), &mut |_| {}).unwrap();
        let (refresh, seen) = refresh_reporting(&mut project);
        assert_eq!(refresh, IndexRefresh::Extended);
        assert_rises_to_total(&seen, 1_200);
        assert_eq!(seen, vec![(0, 1_200), (500, 1_200), (1_000, 1_200), (1_200, 1_200)]);

        // A current index has nothing to report.
        assert_eq!(refresh_reporting(&mut project), (IndexRefresh::Current, Vec::new()));
    }
}
