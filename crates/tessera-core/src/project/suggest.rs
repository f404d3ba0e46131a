//! Fragment suggestions while writing: the phrase table of the memory (word alignment of every
//! unit, its phrase pairs, the fragment table) and the termbase, offered span by span.
//!
//! The phrase table is a derived cache like the match index: built on first use, extended when
//! units are appended, updated in place when a unit is edited, confirmed again or deleted,
//! retrained when units changed otherwise. It is persisted (table `phrase_table`) after a
//! rebuild and after every 5,000 appended units; an edit drops the persisted copy in its own
//! transaction (with the match index's), so a stale copy is never loaded. Losing it costs a
//! rebuild, never data.

use crate::{
    error::Error,
    model::{MemoryFingerprint, TermStatus, UnitId},
    phrases::{
        FragmentTable, PhraseLimits, Suggestion, TermLexicon, TermRendering, TrainingOptions,
        WordAligner, suggest,
    },
    project::Project,
};

/// Units read per page while building the phrase table.
const PHRASE_BUILD_PAGE: usize = 100_000;

/// Units appended to the phrase table before it is persisted again.
const PERSIST_PHRASES_AFTER: u64 = 5_000;

/// Memory renderings seen in fewer units are not offered.
const MIN_FRAGMENT_COUNT: u32 = 1;

/// The memory's phrase alignment, held while the project is open.
pub(crate) struct PhraseCache {
    /// The units it covers.
    pub(crate) fingerprint: MemoryFingerprint,
    pub(crate) aligner: WordAligner,
    pub(crate) table: FragmentTable,
}

impl PhraseCache {
    /// Aligner bytes (with their length first), then the fragment table.
    fn to_bytes(&self) -> Vec<u8> {
        let aligner = self.aligner.to_bytes();
        let table = self.table.to_bytes();
        let mut out = Vec::with_capacity(8 + aligner.len() + table.len());
        out.extend_from_slice(&(aligner.len() as u64).to_le_bytes());
        out.extend_from_slice(&aligner);
        out.extend_from_slice(&table);
        out
    }

    fn from_bytes(fingerprint: MemoryFingerprint, bytes: &[u8]) -> Option<PhraseCache> {
        let aligner_len =
            usize::try_from(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?)).ok()?;
        let aligner_end = 8usize.checked_add(aligner_len)?;
        let aligner = WordAligner::from_bytes(bytes.get(8..aligner_end)?)?;
        let table = FragmentTable::from_bytes(bytes.get(aligner_end..)?)?;
        Some(PhraseCache { fingerprint, aligner, table })
    }
}

/// The termbase as suggestion lexicon, with the termbase signature it was built at.
pub(crate) struct CachedLexicon {
    signature: (i64, i64, String),
    lexicon: TermLexicon,
}

/// What bringing the phrase table up to date did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseRefresh {
    /// It covered every unit already.
    Current,
    /// The persisted table was loaded and covers every unit.
    Loaded,
    /// New units were aligned with the trained model and added.
    Extended,
    /// The model was trained and every unit aligned.
    Rebuilt,
}

impl Project {
    /// Makes the phrase table cover every bilingual unit: appended units are aligned with the
    /// trained model, anything else (deleted units) retrains it.
    pub fn refresh_phrase_table(&mut self) -> Result<PhraseRefresh, Error> {
        let current = self.store.memory_fingerprint()?;
        let loaded = self.load_phrase_table()?;
        if let Some(cache) = &mut self.phrase_cache {
            if cache.fingerprint == current {
                return Ok(if loaded { PhraseRefresh::Loaded } else { PhraseRefresh::Current });
            }
            let appended_only = current.max_unit_id >= cache.fingerprint.max_unit_id
                && current.unit_count
                    == cache.fingerprint.unit_count
                        + self.store.count_units_after(cache.fingerprint.max_unit_id)?;
            if appended_only {
                let limits = PhraseLimits::default();
                let (aligner, table) = (&cache.aligner, &mut cache.table);
                let mut n_added = 0;
                self.store.for_each_pair(
                    cache.fingerprint.max_unit_id,
                    &mut |unit_id, zh, en| {
                        let pairs = aligner.align(zh, en).phrase_pairs(&limits);
                        table.add_unit(unit_id as u64, &pairs);
                        n_added += 1;
                    },
                )?;
                cache.fingerprint = current;
                self.unpersisted_phrase_units += n_added;
                if self.unpersisted_phrase_units >= PERSIST_PHRASES_AFTER {
                    let bytes = cache.to_bytes();
                    self.store.save_phrase_table(current, &bytes)?;
                    self.unpersisted_phrase_units = 0;
                }
                return Ok(PhraseRefresh::Extended);
            }
        }
        let mut units: Vec<(i64, String, String)> = Vec::new();
        let mut after_id = 0;
        loop {
            let page = self.store.pairs_page(after_id, PHRASE_BUILD_PAGE)?;
            let Some(&(last_id, _, _)) = page.last() else { break };
            after_id = last_id;
            units.extend(page.into_iter().filter(|(_, zh, en)| !zh.is_empty() && !en.is_empty()));
        }
        let dictionary = self.store.approved_term_pairs()?;
        let aligner = WordAligner::train(
            units.iter().map(|(_, zh, en)| (zh.as_str(), en.as_str())),
            &dictionary,
            &TrainingOptions::default(),
        );
        let limits = PhraseLimits::default();
        let mut table = FragmentTable::default();
        for (unit_id, zh, en) in &units {
            table.add_unit(*unit_id as u64, &aligner.align(zh, en).phrase_pairs(&limits));
        }
        let cache = PhraseCache { fingerprint: current, aligner, table };
        self.store.save_phrase_table(current, &cache.to_bytes())?;
        self.unpersisted_phrase_units = 0;
        self.phrase_cache = Some(cache);
        Ok(PhraseRefresh::Rebuilt)
    }

    /// Loads the persisted phrase table when none is held; true when one was loaded.
    fn load_phrase_table(&mut self) -> Result<bool, Error> {
        if self.phrase_cache.is_none()
            && let Some((fingerprint, bytes)) = self.store.read_phrase_table()?
            // A corrupt or outdated blob is only a cache: the caller rebuilds.
            && let Some(cache) = PhraseCache::from_bytes(fingerprint, &bytes)
        {
            self.phrase_cache = Some(cache);
            self.unpersisted_phrase_units = 0;
            return Ok(true);
        }
        Ok(false)
    }

    /// The trained word aligner of a phrase table held or persisted that covers every unit,
    /// without training one (`None` when there is none).
    pub(crate) fn current_word_aligner(&mut self) -> Result<Option<&WordAligner>, Error> {
        let current = self.store.memory_fingerprint()?;
        self.load_phrase_table()?;
        Ok(self
            .phrase_cache
            .as_ref()
            .filter(|cache| cache.fingerprint == current)
            .map(|cache| &cache.aligner))
    }

    /// Renderings for the spans of a Chinese source sentence: approved terms first, then
    /// candidate terms (unreviewed), then the memory's phrase-aligned fragments, each with its
    /// count, confidence and example units. Spans are character offsets into `source`.
    pub fn suggest(&mut self, source: &str) -> Result<Vec<Suggestion>, Error> {
        self.refresh_phrase_table()?;
        self.refresh_suggestion_lexicon()?;
        let (Some(cache), Some(lexicon)) = (&self.phrase_cache, &self.suggestion_lexicon) else {
            unreachable!("both caches were filled just above")
        };
        Ok(suggest(source, &lexicon.lexicon, &cache.table, MIN_FRAGMENT_COUNT))
    }

    /// The memory's fragment table, brought up to date first: every Chinese phrase the phrase
    /// alignment found with its English renderings, unit counts and example units (what term
    /// mining and review read).
    pub fn fragment_table(&mut self) -> Result<&FragmentTable, Error> {
        self.refresh_phrase_table()?;
        match &self.phrase_cache {
            Some(cache) => Ok(&cache.table),
            None => unreachable!("refresh_phrase_table always leaves a table"),
        }
    }

    fn refresh_suggestion_lexicon(&mut self) -> Result<(), Error> {
        let signature = self.store.termbase_signature()?;
        if self.suggestion_lexicon.as_ref().is_some_and(|cached| cached.signature == signature) {
            return Ok(());
        }
        let mut renderings = Vec::new();
        for (review_status, approved) in [("approved", true), ("candidate", false)] {
            for concept in self.store.concepts(Some(review_status), None)? {
                let zh_forms: Vec<&str> = concept
                    .terms
                    .iter()
                    .filter(|t| t.lang.primary() == "zh")
                    .filter(|t| !matches!(t.status, TermStatus::Deprecated | TermStatus::Forbidden))
                    .map(|t| t.text.as_str())
                    .collect();
                for term in concept.terms.iter().filter(|t| t.lang.primary() == "en") {
                    if matches!(term.status, TermStatus::Deprecated | TermStatus::Forbidden) {
                        continue;
                    }
                    for zh in &zh_forms {
                        renderings.push(TermRendering {
                            zh: (*zh).to_owned(),
                            en: term.text.clone(),
                            approved,
                            occurrences: term.occurrences,
                            concept_id: concept.id,
                        });
                    }
                }
            }
        }
        self.suggestion_lexicon =
            Some(CachedLexicon { signature, lexicon: TermLexicon::new(renderings) });
        Ok(())
    }

    /// The unit's texts before an edit, when the phrase table is loaded and must be updated.
    pub(crate) fn phrase_snapshot(&self, unit: UnitId) -> Result<Option<(String, String)>, Error> {
        if self.phrase_cache.is_none() {
            return Ok(None);
        }
        Ok(self.store.pair_of(unit.0)?)
    }

    /// Replaces a unit's phrase pairs after an edit or a second confirmation: the old texts'
    /// pairs out, the new texts' pairs in, aligned with the trained model (no training).
    pub(crate) fn update_phrases(
        &mut self,
        unit: UnitId,
        before: Option<(String, String)>,
    ) -> Result<(), Error> {
        let after = if self.phrase_cache.is_some() { self.store.pair_of(unit.0)? } else { None };
        if let Some(cache) = &mut self.phrase_cache {
            let limits = PhraseLimits::default();
            if let Some((zh, en)) = before {
                cache.table.remove_unit(
                    unit.0 as u64,
                    &cache.aligner.align(&zh, &en).phrase_pairs(&limits),
                );
            }
            if let Some((zh, en)) = after {
                cache
                    .table
                    .add_unit(unit.0 as u64, &cache.aligner.align(&zh, &en).phrase_pairs(&limits));
            }
        }
        Ok(())
    }

    /// Takes a deleted unit's phrase pairs out of the table, so the next refresh needs no
    /// retraining.
    pub(crate) fn forget_phrases(&mut self, unit: UnitId, before: Option<(String, String)>) {
        if let Some(cache) = &mut self.phrase_cache {
            if let Some((zh, en)) = before {
                let pairs = cache.aligner.align(&zh, &en).phrase_pairs(&PhraseLimits::default());
                cache.table.remove_unit(unit.0 as u64, &pairs);
            }
            cache.fingerprint.unit_count = cache.fingerprint.unit_count.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        UnitSide,
        model::{LanguageTag, NewUnit, NewVariant},
    };

    fn unit(zh: &str, en: &str) -> NewUnit {
        NewUnit {
            source_lang: Some(LanguageTag::parse("zh-Hans")),
            variants: vec![
                NewVariant { lang: LanguageTag::parse("zh-Hans"), text: zh.to_owned() },
                NewVariant { lang: LanguageTag::parse("en"), text: en.to_owned() },
            ],
            created_by: "test".to_owned(),
            provenance: None,
        }
    }

    fn first_rendering(project: &mut Project, source: &str, span: &str) -> Option<String> {
        let suggestions = project.suggest(source).unwrap();
        suggestions.into_iter().find(|s| s.source == span).map(|s| s.target)
    }

    #[test]
    fn edited_and_appended_units_update_the_phrase_table_without_retraining() {
        let mut project = Project::open_in_memory().unwrap();
        let ids = project
            .add_units(
                [
                    unit("章勇武会见了客人。", "Zhang Yongwu met the guests."),
                    unit("王雯在重庆调研。", "Wang Wen made a survey in Chongqing."),
                ],
                &mut |_| {},
            )
            .unwrap();
        let source = "章勇武和王雯在重庆。";
        assert_eq!(
            first_rendering(&mut project, source, "章勇武").as_deref(),
            Some("Zhang Yongwu")
        );
        assert_eq!(project.refresh_phrase_table().unwrap(), PhraseRefresh::Current);

        project
            .edit_unit(ids[0], UnitSide::Target, "Zhang Yongwu, the director, met guests.")
            .unwrap();
        assert_eq!(project.refresh_phrase_table().unwrap(), PhraseRefresh::Current);
        let cache = project.phrase_cache.as_ref().unwrap();
        assert_eq!(cache.table.renderings("章勇武")[0].count, 1);

        project
            .add_units(
                [unit(
                    "3月2日，章勇武出席会议。",
                    "On March 2, Zhang Yongwu attended the meeting.",
                )],
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(project.refresh_phrase_table().unwrap(), PhraseRefresh::Extended);
        let cache = project.phrase_cache.as_ref().unwrap();
        assert_eq!(cache.table.renderings("章勇武")[0].count, 2);

        project.delete_unit(ids[1]).unwrap();
        assert_eq!(project.refresh_phrase_table().unwrap(), PhraseRefresh::Current);
        assert!(project.fragment_table().unwrap().renderings("王雯").is_empty());
        assert_eq!(first_rendering(&mut project, source, "王雯"), None);
    }

    #[test]
    fn the_phrase_table_is_persisted_and_an_edit_drops_the_stale_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let mut project = Project::open(&path).unwrap();
        let ids = project
            .add_units([unit("章勇武会见了客人。", "Zhang Yongwu met the guests.")], &mut |_| {})
            .unwrap();
        assert_eq!(project.refresh_phrase_table().unwrap(), PhraseRefresh::Rebuilt);
        drop(project);
        let mut project = Project::open(&path).unwrap();
        assert_eq!(project.refresh_phrase_table().unwrap(), PhraseRefresh::Loaded);
        assert_eq!(
            first_rendering(&mut project, "章勇武", "章勇武").as_deref(),
            Some("Zhang Yongwu")
        );
        project.edit_unit(ids[0], UnitSide::Target, "Zhang Yong-wu met the guests.").unwrap();
        drop(project);
        let mut project = Project::open(&path).unwrap();
        assert_eq!(project.refresh_phrase_table().unwrap(), PhraseRefresh::Rebuilt);
        assert_eq!(
            first_rendering(&mut project, "章勇武", "章勇武").as_deref(),
            Some("Zhang Yong-wu")
        );
    }
}
