//! Fragment suggestions while writing: the phrase table of the memory (word alignment of every
//! unit, its phrase pairs, the fragment table) and the termbase, offered span by span.
//!
//! The phrase table is a derived cache like the match index: built on first use, extended when
//! units are appended, updated in place when a unit is edited, confirmed again or deleted,
//! retrained when units changed otherwise. It is persisted (table `phrase_table`) after a
//! rebuild and after every 5,000 appended units; an edit drops the persisted copy in its own
//! transaction (with the match index's), so a stale copy is never loaded. Losing it costs a
//! rebuild, never data.

use std::collections::HashSet;

use crate::{
    error::{Error, StoreError},
    model::{MemoryFingerprint, TermStatus, UnitId},
    phrases::{
        FragmentTable, PhraseLimits, Suggestion, SuggestionOrigin, SuggestionStatus, TermLexicon,
        TermRendering, TrainingOptions, WordAligner, fragment_key, looks_like_name, name_spans,
        rendering_completes, suggest,
    },
    project::{Project, now_timestamp},
    terminology::Category,
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
    /// Renderings an approved concept deprecates or forbids, as (simplified Chinese, lower-case
    /// English): the memory may still hold them, but they are never offered as fragments.
    retired: HashSet<(String, String)>,
}

/// The key of a (Chinese, English) pair in [`CachedLexicon::retired`].
fn retired_key(zh: &str, en: &str) -> (String, String) {
    (crate::text::to_simplified(zh.trim()).into_owned(), en.trim().to_lowercase())
}

/// A completion of what the translator is typing: an approved term's rendering, or an
/// unreviewed rendering (candidate term, memory fragment) of a span of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WritingCompletion {
    /// The full rendering to insert.
    pub text: String,
    /// Termbase or memory.
    pub origin: SuggestionOrigin,
    /// Approved or not.
    pub status: SuggestionStatus,
    /// An approved term's status (preferred or admitted); `None` when unreviewed.
    pub term_status: Option<TermStatus>,
}

/// A name or title found in a source sentence, with what the termbase and the memory know of it.
#[derive(Debug, Clone, PartialEq)]
pub struct NameSpan {
    /// First character (Unicode scalar offset into the source).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The span as written.
    pub source: String,
    /// Its renderings: approved terms, candidate terms, memory fragments; best first in each.
    pub renderings: Vec<NameRendering>,
}

/// One rendering of a name or title, with the units that show it.
#[derive(Debug, Clone, PartialEq)]
pub struct NameRendering {
    /// The suggestion (target, origin, status, count, confidence, example unit ids).
    pub suggestion: Suggestion,
    /// The example units' texts.
    pub examples: Vec<ExampleUnit>,
}

/// A memory unit shown as an example of a rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleUnit {
    /// The unit.
    pub unit_id: u64,
    /// Its Chinese text.
    pub zh: String,
    /// Its English text.
    pub en: String,
}

/// A memory fragment proposed as a term candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedTerm {
    /// The candidate concept that holds it (new, or a candidate that already held the Chinese).
    pub concept_id: i64,
    /// True when a new concept was made.
    pub new_concept: bool,
    /// Units of the memory whose alignment renders it so (its count).
    pub count: u64,
    /// The units recorded as its evidence.
    pub evidence: Vec<i64>,
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
        let mut suggestions = suggest(source, &lexicon.lexicon, &cache.table, MIN_FRAGMENT_COUNT);
        // A memory fragment the termbase has retired (a deprecated or forbidden rendering of an
        // approved concept) would put the wrong name back in front of the translator.
        suggestions.retain(|suggestion| {
            suggestion.origin != SuggestionOrigin::Memory
                || !lexicon.retired.contains(&retired_key(&suggestion.source, &suggestion.target))
        });
        Ok(suggestions)
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
        let mut retired = HashSet::new();
        for (review_status, approved) in [("approved", true), ("candidate", false)] {
            for concept in self.store.concepts(Some(review_status), None)? {
                if approved {
                    for zh in concept.terms.iter().filter(|t| t.lang.primary() == "zh") {
                        for en in concept.terms.iter().filter(|t| {
                            t.lang.primary() == "en"
                                && matches!(
                                    t.status,
                                    TermStatus::Deprecated | TermStatus::Forbidden
                                )
                        }) {
                            retired.insert(retired_key(&zh.text, &en.text));
                        }
                    }
                }
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
            Some(CachedLexicon { signature, lexicon: TermLexicon::new(renderings), retired });
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

impl Project {
    /// Completions for what the translator is typing in the target of `source`: approved
    /// renderings of the source's terms first, then the source's unreviewed renderings (candidate
    /// terms, then memory fragments that read as names or titles; by confidence times span
    /// length), then approved renderings of other terms; each
    /// text once. [`Project::complete_term`] gives the approved ones alone.
    pub fn complete_in_context(
        &mut self,
        source: &str,
        typed: &str,
        limit: usize,
    ) -> Result<Vec<WritingCompletion>, Error> {
        let approved = self.complete_term(source, typed, limit)?;
        let suggestions = self.suggest(source)?;
        let source_concepts: HashSet<i64> =
            suggestions.iter().filter_map(|suggestion| suggestion.concept_id).collect();
        let approved_completion = |completion: &crate::terminology::Completion| WritingCompletion {
            text: completion.text.clone(),
            origin: SuggestionOrigin::Termbase,
            status: SuggestionStatus::Approved,
            term_status: Some(completion.status),
        };
        let mut unreviewed: Vec<&Suggestion> = suggestions
            .iter()
            .filter(|suggestion| suggestion.status == SuggestionStatus::Unreviewed)
            .filter(|suggestion| rendering_completes(&suggestion.target, typed))
            // A memory fragment completes only as a name or title, not as a piece of sentence.
            .filter(|suggestion| {
                suggestion.origin == SuggestionOrigin::Termbase
                    || looks_like_name(&suggestion.target)
            })
            .collect();
        // As the editor highlights: a sure long name before its parts (`Foreign Affairs Office
        // of Chongqing …` for 市政府外办 before `Foreign Affairs Office` for 外办).
        let weight = |s: &Suggestion| s.confidence * (s.end - s.start) as f64;
        unreviewed.sort_by(|a, b| {
            a.origin
                .cmp(&b.origin)
                .then(weight(b).total_cmp(&weight(a)))
                .then(b.count.cmp(&a.count))
                .then_with(|| a.target.cmp(&b.target))
        });
        let ordered = approved
            .iter()
            .filter(|completion| source_concepts.contains(&completion.concept_id))
            .map(approved_completion)
            .chain(unreviewed.into_iter().map(|suggestion| WritingCompletion {
                text: suggestion.target.clone(),
                origin: suggestion.origin,
                status: SuggestionStatus::Unreviewed,
                term_status: None,
            }))
            .chain(
                approved
                    .iter()
                    .filter(|completion| !source_concepts.contains(&completion.concept_id))
                    .map(approved_completion),
            );
        let mut seen = HashSet::new();
        Ok(ordered
            .filter(|completion| seen.insert(completion.text.to_lowercase()))
            .take(limit)
            .collect())
    }

    /// The names and titles of a source sentence, as the editor shows them: the spans
    /// [`name_spans`] picks from [`Project::suggest`], in source order, each with every rendering
    /// of the span (approved terms, candidate terms, memory fragments; best first within each)
    /// and the texts of their example units.
    pub fn names_in_source(&mut self, source: &str) -> Result<Vec<NameSpan>, Error> {
        let suggestions = self.suggest(source)?;
        let mut spans = Vec::new();
        for range in name_spans(&suggestions) {
            let mut renderings = Vec::new();
            for suggestion in
                suggestions.iter().filter(|s| s.start == range.start && s.end == range.end)
            {
                let mut examples = Vec::with_capacity(suggestion.examples.len());
                for &unit_id in &suggestion.examples {
                    let Ok(id) = i64::try_from(unit_id) else { continue };
                    if let Some((zh, en)) = self.store.pair_of(id)? {
                        examples.push(ExampleUnit { unit_id, zh, en });
                    }
                }
                renderings.push(NameRendering { suggestion: suggestion.clone(), examples });
            }
            let source =
                renderings.first().map(|r| r.suggestion.source.clone()).unwrap_or_default();
            spans.push(NameSpan { start: range.start, end: range.end, source, renderings });
        }
        Ok(spans)
    }

    /// Proposes the memory's rendering `en` of the Chinese phrase `zh` as a term candidate of
    /// `category`, with its evidence: the units whose alignment renders it so (count and example
    /// units from the phrase table). A candidate concept that already holds `zh` gets the
    /// rendering; otherwise a new candidate concept is made. Refused (nothing changes) when `zh`
    /// or `en` is empty, or `zh` belongs to an approved concept, which only a reviewer changes.
    /// One transaction; the Terminology view lists the candidate for review.
    pub fn propose_term(
        &mut self,
        zh: &str,
        en: &str,
        category: Category,
    ) -> Result<ProposedTerm, Error> {
        let (zh, en) = (zh.trim(), en.trim());
        if zh.is_empty() || en.is_empty() {
            return Err(Error::InvalidEdit {
                message: "a term needs both its Chinese and its English".to_owned(),
            });
        }
        let fragment = self
            .fragment_table()?
            .renderings(&fragment_key(zh))
            .iter()
            .find(|fragment| fragment.en == en)
            .cloned();
        let (count, examples) = fragment
            .map_or((0, Vec::new()), |fragment| (u64::from(fragment.count), fragment.examples));
        let evidence: Vec<i64> =
            examples.iter().filter_map(|unit| i64::try_from(*unit).ok()).collect();
        let holder = self
            .store
            .concepts(None, None)?
            .into_iter()
            .filter(|concept| concept.review_status != "rejected")
            .find(|concept| {
                concept.terms.iter().any(|term| term.lang.primary() == "zh" && term.text == zh)
            });
        let now = now_timestamp();
        let outcome = self.store.write(|tx| {
            let (concept_id, new_concept) = match &holder {
                Some(concept) if concept.review_status == "candidate" => (concept.id, false),
                Some(concept) => {
                    return Err(StoreError::Invalid {
                        message: format!(
                            "{zh} is already an approved term (concept {}); a reviewer changes it \
                             in Terminology",
                            concept.id
                        ),
                    });
                }
                None => {
                    let concept =
                        tx.insert_candidate_concept(category.as_str(), "candidate", &now)?;
                    let zh_lang =
                        if crate::text::to_simplified(zh) == zh { "zh-Hans" } else { "zh-Hant" };
                    tx.insert_term(concept, zh_lang, zh, TermStatus::Admitted, count)?;
                    (concept, true)
                }
            };
            let term = tx.insert_term(concept_id, "en", en, TermStatus::Admitted, count)?;
            for unit in &evidence {
                tx.insert_evidence(term, *unit)?;
            }
            tx.touch_concept(concept_id, &now)?;
            let detail = format!("proposed from the editor: {zh} → {en} ({count} units)");
            tx.insert_audit(&now, "proposed", ("concept", concept_id), &detail)?;
            Ok((concept_id, new_concept))
        });
        let (concept_id, new_concept) = outcome.map_err(Error::from_edit)?;
        Ok(ProposedTerm { concept_id, new_concept, count, evidence })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrases::{SuggestionOrigin, SuggestionStatus};
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

    fn names_memory() -> (Project, Vec<UnitId>) {
        let mut project = Project::open_in_memory().unwrap();
        let ids = project
            .add_units(
                [
                    unit("章勇武会见了客人。", "Zhang Yongwu met the guests."),
                    unit(
                        "3月2日，章勇武出席会议。",
                        "On March 2, Zhang Yongwu attended the meeting.",
                    ),
                    unit("王雯在重庆调研。", "Wang Wen made a survey in Chongqing."),
                    unit("张伟出席会议。", "Zhang Wei attended the meeting."),
                ],
                &mut |_| {},
            )
            .unwrap();
        (project, ids)
    }

    fn completions(
        project: &mut Project,
        source: &str,
        typed: &str,
    ) -> Vec<(String, &'static str)> {
        project
            .complete_in_context(source, typed, 8)
            .unwrap()
            .into_iter()
            .map(|completion| (completion.text, completion.status.as_str()))
            .collect()
    }

    #[test]
    fn completion_offers_the_sources_memory_fragments_after_its_approved_terms() {
        let (mut project, _) = names_memory();
        let source = "章勇武会见王雯。";
        // Nothing approved yet: the memory's rendering of the source's name completes.
        assert_eq!(
            completions(&mut project, source, "Zha").first(),
            Some(&("Zhang Yongwu".to_owned(), "unreviewed"))
        );
        assert!(project.complete_term(source, "Zha", 8).unwrap().is_empty());
        assert!(completions(&mut project, source, "Yong")[0].0 == "Zhang Yongwu");
        assert!(completions(&mut project, source, "Xyz").is_empty());
        // A memory fragment that is a piece of sentence is never offered.
        assert!(completions(&mut project, source, "Zhang Yongwu m").is_empty());

        // An approved term of another sentence comes after the source's own renderings; an
        // approved term of this source comes first.
        for (zh, en) in [("张伟", "Zhang Wei"), ("王雯", "Wang Wen")] {
            let proposed = project.propose_term(zh, en, Category::Person).unwrap();
            let decision = crate::ReviewDecision::Approve { preferred: None };
            project.review_concept(proposed.concept_id, &decision, "").unwrap();
        }
        assert_eq!(
            completions(&mut project, source, "Zha"),
            vec![("Zhang Yongwu".to_owned(), "unreviewed"), ("Zhang Wei".to_owned(), "approved")]
        );
        assert_eq!(completions(&mut project, source, "W")[0], ("Wang Wen".to_owned(), "approved"));
    }

    #[test]
    fn names_in_a_source_come_with_their_renderings_and_example_units() {
        let (mut project, ids) = names_memory();
        let spans = project.names_in_source("章勇武会见了王雯。").unwrap();
        let shown: Vec<(usize, usize, &str, &str)> = spans
            .iter()
            .map(|span| {
                let best = &span.renderings[0];
                (span.start, span.end, span.source.as_str(), best.suggestion.target.as_str())
            })
            .collect();
        assert_eq!(shown, vec![(0, 3, "章勇武", "Zhang Yongwu"), (6, 8, "王雯", "Wang Wen")]);
        let examples: Vec<(u64, &str)> = spans[0].renderings[0]
            .examples
            .iter()
            .map(|example| (example.unit_id, example.en.as_str()))
            .collect();
        assert_eq!(
            examples,
            vec![
                (ids[0].0 as u64, "Zhang Yongwu met the guests."),
                (ids[1].0 as u64, "On March 2, Zhang Yongwu attended the meeting.")
            ]
        );
    }

    #[test]
    fn a_proposed_fragment_is_a_candidate_with_its_evidence() {
        let (mut project, ids) = names_memory();
        let proposed = project.propose_term("章勇武", "Zhang Yongwu", Category::Person).unwrap();
        assert!(proposed.new_concept);
        assert_eq!(proposed.count, 2);
        assert_eq!(proposed.evidence, vec![ids[0].0, ids[1].0]);
        let candidates = project.terms(Some("candidate"), None).unwrap();
        let concept = candidates.iter().find(|c| c.id == proposed.concept_id).unwrap();
        assert_eq!(concept.category, "person");
        let english = concept.terms.iter().find(|term| term.lang.primary() == "en").unwrap();
        assert_eq!((english.text.as_str(), english.occurrences), ("Zhang Yongwu", 2));
        assert_eq!(project.term_examples(english.id, 5).unwrap().len(), 2);
        // Now a candidate term of the source, it is offered as such.
        let suggestions = project.suggest("章勇武会见客人。").unwrap();
        let first = suggestions.iter().find(|s| s.source == "章勇武").unwrap();
        assert_eq!(
            (first.origin, first.status, first.concept_id),
            (SuggestionOrigin::Termbase, SuggestionStatus::Unreviewed, Some(proposed.concept_id))
        );

        // A second rendering goes to the same candidate; an approved concept is refused whole.
        let again = project.propose_term("章勇武", "Zhang Yong-wu", Category::Person).unwrap();
        assert_eq!(
            (again.concept_id, again.new_concept, again.count),
            (proposed.concept_id, false, 0)
        );
        let decision =
            crate::ReviewDecision::Approve { preferred: Some("Zhang Yongwu".to_owned()) };
        project.review_concept(proposed.concept_id, &decision, "").unwrap();
        let before = project.terms(None, None).unwrap();
        let refused = project.propose_term("章勇武", "Yongwu Zhang", Category::Person).unwrap_err();
        assert!(refused.is_user_error(), "{refused}");
        assert!(refused.to_string().contains("already an approved term"), "{refused}");
        assert_eq!(project.terms(None, None).unwrap(), before);
        assert!(project.propose_term(" ", "Zhang", Category::Person).unwrap_err().is_user_error());
    }

    #[test]
    fn a_rendering_the_termbase_deprecates_is_no_longer_offered_from_the_memory() {
        let (mut project, _) = names_memory();
        let renderings = |project: &mut Project| -> Vec<(String, SuggestionOrigin)> {
            let suggestions = project.suggest("章勇武会见客人。").unwrap();
            let mut found: Vec<_> = suggestions
                .into_iter()
                .filter(|s| s.source == "章勇武")
                .map(|s| (s.target, s.origin))
                .collect();
            found.dedup();
            found
        };
        assert!(
            renderings(&mut project)
                .contains(&("Zhang Yongwu".to_owned(), SuggestionOrigin::Memory))
        );
        // A reviewer approves another spelling; the memory's one becomes deprecated.
        let proposed = project.propose_term("章勇武", "Zhang Yongwu", Category::Person).unwrap();
        project.propose_term("章勇武", "Zhang Yong-wu", Category::Person).unwrap();
        let decision =
            crate::ReviewDecision::Approve { preferred: Some("Zhang Yong-wu".to_owned()) };
        project.review_concept(proposed.concept_id, &decision, "").unwrap();
        let after = renderings(&mut project);
        assert_eq!(after.first(), Some(&("Zhang Yong-wu".to_owned(), SuggestionOrigin::Termbase)));
        assert!(!after.iter().any(|(target, _)| target == "Zhang Yongwu"), "{after:?}");
    }

    #[test]
    fn confirming_in_the_editor_updates_the_phrase_table_in_place() {
        let (mut project, _) = names_memory();
        let source = "章勇武和王雯在重庆。";
        assert_eq!(
            first_rendering(&mut project, source, "章勇武").as_deref(),
            Some("Zhang Yongwu")
        );
        let document = project.open_document("new.txt", "章勇武会见了来宾。".as_bytes()).unwrap();
        let segment = project.document_segments(document).unwrap()[0].id;
        project.save_segment(document, segment, "Zhang Yong-wu met the visitors.", true).unwrap();
        assert_eq!(project.refresh_phrase_table().unwrap(), PhraseRefresh::Extended);
        let count_of = |project: &mut Project, en: &str| {
            let table = project.fragment_table().unwrap();
            table.renderings("章勇武").iter().find(|f| f.en == en).map(|f| f.count)
        };
        assert_eq!(count_of(&mut project, "Zhang Yong-wu"), Some(1));
        // Confirmed again with another translation: the old pairs out, the new in, no retraining.
        project.save_segment(document, segment, "Zhang Yongwu met the visitors.", true).unwrap();
        assert_eq!(project.refresh_phrase_table().unwrap(), PhraseRefresh::Current);
        assert_eq!(count_of(&mut project, "Zhang Yong-wu"), None);
        assert_eq!(count_of(&mut project, "Zhang Yongwu"), Some(3));
    }
}
