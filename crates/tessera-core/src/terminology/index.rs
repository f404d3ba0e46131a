//! The termbase index behind recognition, the live check and autocomplete.
//!
//! Two Aho–Corasick automata are built once per termbase change: one over folded Chinese forms
//! (recognition needs no word segmentation) and one over folded English renderings of every
//! status (exact hits of approved, deprecated and forbidden forms). Near misses are searched only
//! for the concepts recognised in the source, so a check costs microseconds even with 100,000
//! concepts. Autocomplete binary-searches a sorted word list of approved renderings.

use std::collections::{BTreeSet, HashMap, HashSet};

use aho_corasick::AhoCorasick;

use crate::{
    model::TermStatus,
    terminology::{
        Completion, Finding, FindingKind, TermEntry, TermHit,
        normalise::{Token, english_key, english_tokens, fold_chinese, is_article},
    },
};

/// Most word-index entries examined by one autocomplete call outside the source's terms.
const COMPLETION_SCAN: usize = 1024;

/// A termbase compiled for recognition, checking and autocomplete; immutable once built.
#[derive(Debug, Clone, Default)]
pub struct TermIndex {
    concepts: Vec<Concept>,
    renderings: Vec<IndexedRendering>,
    zh_automaton: Option<AhoCorasick>,
    /// Concept indices per Chinese pattern.
    zh_patterns: Vec<Vec<usize>>,
    en_automaton: Option<AhoCorasick>,
    /// Rendering indices per English pattern.
    en_patterns: Vec<Vec<usize>>,
    /// `(word, rendering, word position)` of approved renderings, sorted.
    words: Vec<(String, usize, usize)>,
    /// Whether any rendering is deprecated or forbidden (else no target can hold a stale one).
    has_stale: bool,
}

#[derive(Debug, Clone)]
struct Concept {
    concept_id: i64,
    /// Indices into `renderings`.
    renderings: Vec<usize>,
    /// The Chinese forms as written (the first is the one to suggest) and folded.
    zh_forms: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct IndexedRendering {
    concept: usize,
    text: String,
    /// Folded words, articles dropped.
    words: Vec<String>,
    /// The words as written (articles inside kept, leading ones dropped), to tell forms apart
    /// that fold to the same words.
    surface: Vec<SurfaceWord>,
    status: TermStatus,
}

/// A word as written: its folded form and its letters with their case (possessive dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
struct SurfaceWord {
    norm: String,
    cased: String,
}

impl SurfaceWord {
    fn of(token: &Token) -> SurfaceWord {
        let cased = token.surface.chars().take(token.norm.chars().count()).collect();
        SurfaceWord { norm: token.norm.clone(), cased }
    }
}

/// The words of `tokens` as written, leading articles dropped.
fn surface_words(tokens: &[Token]) -> Vec<SurfaceWord> {
    tokens.iter().skip_while(|token| is_article(&token.norm)).map(SurfaceWord::of).collect()
}

/// How far a span of the target, as written, is from a form as written: an article added or
/// dropped costs 2, a word in another case 2 (1 for the first word, which a sentence start may
/// capitalise), another word 4. Used only between forms that fold to the same words.
fn surface_distance(form: &[SurfaceWord], span: &[SurfaceWord]) -> usize {
    let mut previous: Vec<usize> = (0..=span.len()).map(|j| 2 * j).collect();
    for (i, form_word) in form.iter().enumerate() {
        let mut current = vec![2 * (i + 1); span.len() + 1];
        for (j, span_word) in span.iter().enumerate() {
            let substitution = if form_word.norm != span_word.norm {
                4
            } else if form_word.cased == span_word.cased {
                0
            } else if i == 0 && j == 0 {
                1
            } else {
                2
            };
            current[j + 1] =
                (previous[j] + substitution).min(previous[j + 1] + 2).min(current[j] + 2);
        }
        previous = current;
    }
    previous[span.len()]
}

fn is_approved(status: TermStatus) -> bool {
    matches!(status, TermStatus::Preferred | TermStatus::Admitted)
}

fn status_rank(status: TermStatus) -> u8 {
    match status {
        TermStatus::Preferred => 0,
        TermStatus::Admitted => 1,
        TermStatus::Deprecated => 2,
        TermStatus::Forbidden => 3,
    }
}

impl TermIndex {
    /// Compiles `entries`. Empty forms are ignored; a form shared by several concepts recognises
    /// all of them.
    pub fn build(entries: &[TermEntry]) -> TermIndex {
        let mut concepts = Vec::with_capacity(entries.len());
        let mut renderings = Vec::new();
        let mut zh_keys: HashMap<String, Vec<usize>> = HashMap::new();
        let mut en_keys: HashMap<String, Vec<usize>> = HashMap::new();
        for (concept_idx, entry) in entries.iter().enumerate() {
            for form in &entry.zh_forms {
                let folded = fold_chinese(form.trim());
                if !folded.is_empty() {
                    let slot = zh_keys.entry(folded).or_default();
                    if !slot.contains(&concept_idx) {
                        slot.push(concept_idx);
                    }
                }
            }
            let zh_forms = entry
                .zh_forms
                .iter()
                .map(|form| (form.trim().to_owned(), fold_chinese(form.trim())))
                .filter(|(_, folded)| !folded.is_empty())
                .collect();
            let mut concept =
                Concept { concept_id: entry.concept_id, renderings: Vec::new(), zh_forms };
            for (text, status) in &entry.renderings {
                let key = english_key(text);
                if key.is_empty() {
                    continue;
                }
                let rendering_idx = renderings.len();
                en_keys.entry(key.clone()).or_default().push(rendering_idx);
                renderings.push(IndexedRendering {
                    concept: concept_idx,
                    text: text.trim().to_owned(),
                    words: key.split(' ').map(str::to_owned).collect(),
                    surface: surface_words(&english_tokens(text)),
                    status: *status,
                });
                concept.renderings.push(rendering_idx);
            }
            // Preferred first, so the first approved rendering is the suggestion.
            concept.renderings.sort_by_key(|idx| (status_rank(renderings[*idx].status), *idx));
            concepts.push(concept);
        }
        let (zh_automaton, zh_patterns) = compile(zh_keys);
        let (en_automaton, en_patterns) = compile(en_keys);
        let mut words = Vec::new();
        for (rendering_idx, rendering) in renderings.iter().enumerate() {
            if is_approved(rendering.status) {
                for (position, word) in rendering.words.iter().enumerate() {
                    words.push((word.clone(), rendering_idx, position));
                }
            }
        }
        // Within one word, better-ranked renderings come first, so a capped scan keeps them.
        words.sort_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| {
                let rank = |idx: usize| {
                    (status_rank(renderings[idx].status), renderings[idx].text.len(), idx)
                };
                rank(a.1).cmp(&rank(b.1))
            })
        });
        let has_stale = renderings.iter().any(|rendering| !is_approved(rendering.status));
        TermIndex {
            concepts,
            renderings,
            zh_automaton,
            zh_patterns,
            en_automaton,
            en_patterns,
            words,
            has_stale,
        }
    }

    /// Number of concepts indexed.
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    /// True when no concept is indexed.
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// Terms in a Chinese `source`, matched over text folded for width, script (traditional →
    /// simplified) and case. The longest match wins where terms overlap; terms nested inside a
    /// winning match are reported too. Sorted by start, longer first.
    pub fn recognise(&self, source: &str) -> Vec<TermHit> {
        self.term_hits(source, self.recognised(source))
    }

    fn term_hits(&self, source: &str, recognised: Vec<Recognised>) -> Vec<TermHit> {
        recognised
            .into_iter()
            .map(|hit| TermHit {
                concept_id: self.concepts[hit.concept].concept_id,
                start: hit.start,
                end: hit.end,
                zh: source.chars().skip(hit.start).take(hit.end - hit.start).collect(),
            })
            .collect()
    }

    /// The live check of an English `target` against its Chinese `source`: missing approved
    /// renderings of recognised source terms, deprecated and forbidden renderings anywhere, and
    /// near misses (a typo, a swapped, missing or extra word) of approved renderings. Matching
    /// ignores case, articles, possessive `'s`, hyphens and quote styles. Sorted by start.
    pub fn check(&self, source: &str, target: &str) -> Vec<Finding> {
        let all_tokens = english_tokens(target);
        // Positions in `all_tokens` of the tokens the matching sees (articles left out).
        let positions: Vec<usize> =
            (0..all_tokens.len()).filter(|idx| !is_article(&all_tokens[*idx].norm)).collect();
        let tokens: Vec<Token> = positions.iter().map(|idx| all_tokens[*idx].clone()).collect();
        let exact = self.exact_matches(&tokens);
        let recognised = self.recognised(source);
        let mut findings = Vec::new();
        let mut flagged_concepts = BTreeSet::new();
        // Deprecated and forbidden forms, wherever they are. When the same words (folded for
        // case and articles) are also an approved rendering, the span as written decides: it is
        // flagged when it is closer to the deprecated or forbidden form (its articles and case)
        // than to any approved one; a tie goes to the approved form, except that a concept the
        // source names beats one it does not.
        for matched in select_longest(&exact) {
            let ids = &self.en_patterns[matched.pattern];
            let flagged: Vec<usize> =
                if ids.iter().any(|idx| is_approved(self.renderings[*idx].status)) {
                    let span: Vec<SurfaceWord> = all_tokens
                        [positions[matched.first]..=positions[matched.last]]
                        .iter()
                        .map(SurfaceWord::of)
                        .collect();
                    let rank = |idx: usize| {
                        let rendering = &self.renderings[idx];
                        let named = recognised.iter().any(|hit| hit.concept == rendering.concept);
                        (surface_distance(&rendering.surface, &span), !named)
                    };
                    let best = ids
                        .iter()
                        .map(|idx| (rank(*idx), !is_approved(self.renderings[*idx].status)))
                        .min();
                    match best {
                        Some((best_rank, true)) => ids
                            .iter()
                            .copied()
                            .filter(|idx| {
                                !is_approved(self.renderings[*idx].status)
                                    && rank(*idx) == best_rank
                            })
                            .collect(),
                        _ => Vec::new(),
                    }
                } else {
                    ids.clone()
                };
            for rendering_idx in flagged {
                let rendering = &self.renderings[rendering_idx];
                let kind = match rendering.status {
                    TermStatus::Forbidden => FindingKind::Forbidden,
                    _ => FindingKind::Deprecated,
                };
                flagged_concepts.insert(rendering.concept);
                findings.push(self.finding(
                    kind,
                    &tokens,
                    matched.first,
                    matched.last,
                    target,
                    rendering.concept,
                ));
            }
        }
        let top_level: Vec<Recognised> = select_top_level(recognised);
        let mut checked = BTreeSet::new();
        for hit in top_level {
            if !checked.insert(hit.concept) || flagged_concepts.contains(&hit.concept) {
                continue;
            }
            let concept = &self.concepts[hit.concept];
            let approved: Vec<usize> = concept
                .renderings
                .iter()
                .copied()
                .filter(|idx| is_approved(self.renderings[*idx].status))
                .collect();
            if approved.is_empty() {
                continue;
            }
            let present = exact.iter().any(|matched| {
                self.en_patterns[matched.pattern].iter().any(|idx| approved.contains(idx))
            });
            if present {
                continue;
            }
            let near = approved
                .iter()
                .filter_map(|idx| near_miss(&self.renderings[*idx].words, &tokens))
                .min_by_key(|window| (window.0, window.1));
            match near {
                Some((_, first, last)) => {
                    findings.push(self.finding(
                        FindingKind::NearMiss,
                        &tokens,
                        first,
                        last,
                        target,
                        hit.concept,
                    ));
                }
                None => {
                    let end = target.chars().count();
                    findings.push(Finding {
                        kind: FindingKind::Missing,
                        start: end,
                        end,
                        found: String::new(),
                        suggestion: self.suggestion(hit.concept),
                        concept_id: concept.concept_id,
                    });
                }
            }
        }
        findings.sort_by(|a, b| {
            (a.start, a.end, a.kind, a.concept_id).cmp(&(b.start, b.end, b.kind, b.concept_id))
        });
        findings
    }

    /// The deprecated and forbidden renderings in an English `target`: the findings of those
    /// kinds that [`TermIndex::check`] gives, in its order. Matches and concordance hits are
    /// marked with them, a thousand hits a search, so a termbase without such renderings
    /// answers at once.
    pub fn stale_renderings(&self, source: &str, target: &str) -> Vec<Finding> {
        if !self.has_stale {
            return Vec::new();
        }
        let mut findings = self.check(source, target);
        findings.retain(|finding| {
            matches!(finding.kind, FindingKind::Deprecated | FindingKind::Forbidden)
        });
        findings
    }

    /// Terms in an English `source`: every rendering the termbase knows for a concept (a
    /// deprecated one too, since the source's author may have used it), matched over words
    /// folded for case, articles, possessives, hyphens and quotes. The longest match wins where
    /// renderings overlap. `TermHit::zh` carries the text found. Sorted by start.
    pub fn recognise_english(&self, source: &str) -> Vec<TermHit> {
        self.term_hits(source, self.recognised_english(source))
    }

    /// The Chinese forms of a concept as written, the one to use first.
    pub fn chinese_forms(&self, concept_id: i64) -> Vec<String> {
        self.concepts
            .iter()
            .filter(|concept| concept.concept_id == concept_id)
            .flat_map(|concept| concept.zh_forms.iter().map(|(form, _)| form.clone()))
            .collect()
    }

    /// The live check of a Chinese `target` against its English `source`: each concept named in
    /// the source must appear in the target in one of its Chinese forms (compared folded for
    /// width and script, so a traditional target satisfies a simplified entry); otherwise a
    /// `missing` finding suggests the first form, in the target's script.
    pub fn check_from_english(&self, source: &str, target: &str) -> Vec<Finding> {
        let folded_target = fold_chinese(target);
        let traditional = crate::text::to_simplified(target) != target;
        let end = target.chars().count();
        let mut findings = Vec::new();
        let mut checked = BTreeSet::new();
        for hit in self.recognised_english(source) {
            let concept = &self.concepts[hit.concept];
            if !checked.insert(hit.concept) || concept.zh_forms.is_empty() {
                continue;
            }
            if concept.zh_forms.iter().any(|(_, folded)| folded_target.contains(folded.as_str())) {
                continue;
            }
            let suggestion = concept
                .zh_forms
                .iter()
                .find(|(form, _)| traditional == (crate::text::to_simplified(form) != *form))
                .unwrap_or(&concept.zh_forms[0])
                .0
                .clone();
            findings.push(Finding {
                kind: FindingKind::Missing,
                start: end,
                end,
                found: String::new(),
                suggestion,
                concept_id: concept.concept_id,
            });
        }
        findings
    }

    fn recognised_english(&self, source: &str) -> Vec<Recognised> {
        let all_tokens = english_tokens(source);
        let tokens: Vec<Token> =
            all_tokens.into_iter().filter(|token| !is_article(&token.norm)).collect();
        let mut hits = Vec::new();
        for matched in select_longest(&self.exact_matches(&tokens)) {
            let mut concepts: Vec<usize> = self.en_patterns[matched.pattern]
                .iter()
                .map(|idx| self.renderings[*idx].concept)
                .collect();
            concepts.sort_unstable();
            concepts.dedup();
            for concept in concepts {
                hits.push(Recognised {
                    concept,
                    start: tokens[matched.first].start,
                    end: tokens[matched.last].end,
                });
            }
        }
        hits.sort_by_key(|hit| (hit.start, std::cmp::Reverse(hit.end), hit.concept));
        hits
    }

    /// Up to `limit` approved renderings with a word starting with `prefix` (case-insensitive;
    /// a multi-word prefix must match consecutive words). Renderings of terms recognised in
    /// `source` come first, then the rest of the termbase; preferred before admitted, then
    /// shorter first. Deprecated and forbidden renderings are never offered.
    pub fn complete(&self, source: &str, prefix: &str, limit: usize) -> Vec<Completion> {
        let prefix_words: Vec<String> =
            english_tokens(prefix).into_iter().map(|token| token.norm).collect();
        if prefix_words.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut chosen: Vec<usize> = Vec::new();
        let mut seen = HashSet::new();
        let mut local = Vec::new();
        for hit in self.recognised(source) {
            for rendering_idx in &self.concepts[hit.concept].renderings {
                let rendering = &self.renderings[*rendering_idx];
                if is_approved(rendering.status)
                    && matches_prefix(&rendering.words, &prefix_words).is_some()
                    && seen.insert(*rendering_idx)
                {
                    local.push(*rendering_idx);
                }
            }
        }
        local.sort_by_key(|idx| self.completion_rank(*idx));
        chosen.extend(local);
        if chosen.len() < limit {
            let first = &prefix_words[0];
            let start = self.words.partition_point(|(word, _, _)| word.as_str() < first.as_str());
            let mut global = Vec::new();
            for (word, rendering_idx, position) in self.words[start..].iter().take(COMPLETION_SCAN)
            {
                if !word.starts_with(first.as_str()) {
                    break;
                }
                let words = &self.renderings[*rendering_idx].words;
                if prefix_matches_at(words, *position, &prefix_words) && seen.insert(*rendering_idx)
                {
                    global.push(*rendering_idx);
                }
            }
            global.sort_by_key(|idx| self.completion_rank(*idx));
            chosen.extend(global);
        }
        chosen
            .into_iter()
            .take(limit)
            .map(|idx| {
                let rendering = &self.renderings[idx];
                Completion {
                    text: rendering.text.clone(),
                    concept_id: self.concepts[rendering.concept].concept_id,
                    status: rendering.status,
                }
            })
            .collect()
    }

    fn completion_rank(&self, rendering_idx: usize) -> (u8, usize, usize) {
        let rendering = &self.renderings[rendering_idx];
        (status_rank(rendering.status), rendering.text.len(), rendering_idx)
    }

    fn suggestion(&self, concept: usize) -> String {
        self.concepts[concept]
            .renderings
            .iter()
            .map(|idx| &self.renderings[*idx])
            .find(|rendering| is_approved(rendering.status))
            .map(|rendering| rendering.text.clone())
            .unwrap_or_default()
    }

    fn finding(
        &self,
        kind: FindingKind,
        tokens: &[Token],
        first: usize,
        last: usize,
        target: &str,
        concept: usize,
    ) -> Finding {
        let (start, end) = (tokens[first].start, tokens[last].end);
        Finding {
            kind,
            start,
            end,
            found: target.chars().skip(start).take(end - start).collect(),
            suggestion: self.suggestion(concept),
            concept_id: self.concepts[concept].concept_id,
        }
    }

    /// All matches of Chinese forms in `source`, top-level and nested; see [`TermIndex::recognise`].
    fn recognised(&self, source: &str) -> Vec<Recognised> {
        let Some(automaton) = &self.zh_automaton else { return Vec::new() };
        let folded = fold_chinese(source);
        let char_at_byte = char_offsets(&folded);
        let mut all = Vec::new();
        for matched in automaton.find_overlapping_iter(&folded) {
            let (Some(start), Some(end)) =
                (char_at_byte.get(&matched.start()), char_at_byte.get(&matched.end()))
            else {
                continue;
            };
            for concept in &self.zh_patterns[matched.pattern().as_usize()] {
                all.push(Recognised { concept: *concept, start: *start, end: *end });
            }
        }
        all.sort_by_key(|hit| (hit.start, std::cmp::Reverse(hit.end), hit.concept));
        let top = select_top_level(all.clone());
        let mut kept: Vec<Recognised> = all
            .into_iter()
            .filter(|hit| top.iter().any(|outer| outer.start <= hit.start && hit.end <= outer.end))
            .collect();
        kept.dedup();
        kept
    }

    /// Token-aligned matches of any rendering in the folded target, overlapping ones included.
    fn exact_matches(&self, tokens: &[Token]) -> Vec<ExactMatch> {
        let Some(automaton) = &self.en_automaton else { return Vec::new() };
        let mut text = String::new();
        let mut token_at_start = HashMap::new();
        let mut token_at_end = HashMap::new();
        for (idx, token) in tokens.iter().enumerate() {
            if idx > 0 {
                text.push(' ');
            }
            token_at_start.insert(text.len(), idx);
            text.push_str(&token.norm);
            token_at_end.insert(text.len(), idx);
        }
        automaton
            .find_overlapping_iter(&text)
            .filter_map(|matched| {
                let first = *token_at_start.get(&matched.start())?;
                let last = *token_at_end.get(&matched.end())?;
                Some(ExactMatch { first, last, pattern: matched.pattern().as_usize() })
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Recognised {
    concept: usize,
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, Copy)]
struct ExactMatch {
    first: usize,
    last: usize,
    pattern: usize,
}

fn compile(keys: HashMap<String, Vec<usize>>) -> (Option<AhoCorasick>, Vec<Vec<usize>>) {
    let mut keys: Vec<(String, Vec<usize>)> = keys.into_iter().collect();
    keys.sort();
    if keys.is_empty() {
        return (None, Vec::new());
    }
    let automaton = AhoCorasick::new(keys.iter().map(|(key, _)| key.as_str())).ok();
    (automaton, keys.into_iter().map(|(_, ids)| ids).collect())
}

/// Byte offset → char offset for every char boundary of `text`, the end included.
fn char_offsets(text: &str) -> HashMap<usize, usize> {
    let mut offsets: HashMap<usize, usize> =
        text.char_indices().enumerate().map(|(idx, (byte, _))| (byte, idx)).collect();
    offsets.insert(text.len(), text.chars().count());
    offsets
}

/// Leftmost-longest, non-overlapping selection of sorted hits.
fn select_top_level(mut hits: Vec<Recognised>) -> Vec<Recognised> {
    hits.sort_by_key(|hit| (hit.start, std::cmp::Reverse(hit.end), hit.concept));
    let mut top: Vec<Recognised> = Vec::new();
    for hit in hits {
        match top.last() {
            Some(last) if hit.start < last.end => {
                if hit.start == last.start && hit.end == last.end {
                    top.push(hit);
                }
            }
            _ => top.push(hit),
        }
    }
    top
}

/// Leftmost-longest, non-overlapping selection of English matches.
fn select_longest(matches: &[ExactMatch]) -> Vec<ExactMatch> {
    let mut sorted: Vec<ExactMatch> = matches.to_vec();
    sorted.sort_by_key(|matched| (matched.first, std::cmp::Reverse(matched.last), matched.pattern));
    let mut chosen: Vec<ExactMatch> = Vec::new();
    for matched in sorted {
        if chosen.last().is_none_or(|last| matched.first > last.last) {
            chosen.push(matched);
        }
    }
    chosen
}

/// Where `prefix` matches consecutive words of `words`, the last one as a prefix.
fn matches_prefix(words: &[String], prefix: &[String]) -> Option<usize> {
    (0..words.len()).find(|position| prefix_matches_at(words, *position, prefix))
}

fn prefix_matches_at(words: &[String], position: usize, prefix: &[String]) -> bool {
    if position + prefix.len() > words.len() {
        return false;
    }
    prefix.iter().enumerate().all(|(offset, typed)| {
        let word = &words[position + offset];
        if offset + 1 == prefix.len() { word.starts_with(typed.as_str()) } else { word == typed }
    })
}

/// The best window of `tokens` that nearly (not exactly) spells `words`: `(cost, first, last)`.
fn near_miss(words: &[String], tokens: &[Token]) -> Option<(usize, usize, usize)> {
    let k = words.len();
    let allowed = match k {
        0 => return None,
        1 | 2 => 1,
        _ => 1 + k / 5,
    };
    // One-word renderings only accept a typo of a word long enough to make typos unambiguous.
    if k == 1 && words[0].chars().count() < 5 {
        return None;
    }
    // costs[i][t]: replacing rendering word i by target token t (0 equal, 1 typo, 2 other).
    let costs: Vec<Vec<u8>> = words
        .iter()
        .map(|word| tokens.iter().map(|token| substitution_cost(word, &token.norm)).collect())
        .collect();
    let anchors: Vec<bool> =
        (0..tokens.len()).map(|t| costs[0][t] < 2 || costs[k - 1][t] < 2).collect();
    let mut best: Option<(usize, usize, usize)> = None;
    // Short renderings only accept a typo or a swap: dropping a word of two leaves a common word.
    let lengths = if k <= 2 { k..=k } else { k - 1..=k + 1 };
    for len in lengths {
        for first in 0..tokens.len().saturating_sub(len - 1) {
            // A near miss contains the rendering's first or last word (or a typo of it).
            if !anchors[first..first + len].iter().any(|anchor| *anchor) {
                continue;
            }
            let cost = word_distance(words, tokens, &costs, first, len);
            // A rendering of three words or more whose first and last words are right and one
            // inner word is replaced ("Chongqing International Communication Center" for "…
            // Media Center") is the translator's own variant of the term the source names.
            let inner_word_replaced = k >= 3
                && len == k
                && cost == 2
                && costs[0][first] == 0
                && costs[k - 1][first + len - 1] == 0;
            if cost == 0 || (cost > allowed && !inner_word_replaced) {
                continue;
            }
            let better = best.is_none_or(|(best_cost, best_first, best_last)| {
                let best_len = best_last + 1 - best_first;
                (cost, len.abs_diff(k)) < (best_cost, best_len.abs_diff(k))
            });
            if better {
                best = Some((cost, first, first + len - 1));
            }
        }
    }
    best
}

fn substitution_cost(word: &str, token: &str) -> u8 {
    if word == token {
        0
    } else if similar_word(word, token) {
        1
    } else {
        // A wrong word counts more than a typo, so a misspelt rendering beats a different one.
        2
    }
}

/// Damerau edit distance over words between `words` and `tokens[first..first + len]`; a typo
/// inside a word costs one, as does a missing, extra or swapped word, a replaced word two.
fn word_distance(
    words: &[String],
    tokens: &[Token],
    costs: &[Vec<u8>],
    first: usize,
    len: usize,
) -> usize {
    let n = words.len();
    let mut table = vec![vec![0usize; len + 1]; n + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in table[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=len {
            let substitution = usize::from(costs[i - 1][first + j - 1]);
            let mut cost = (table[i - 1][j] + 1)
                .min(table[i][j - 1] + 1)
                .min(table[i - 1][j - 1] + substitution);
            if i > 1
                && j > 1
                && words[i - 1] == tokens[first + j - 2].norm
                && words[i - 2] == tokens[first + j - 1].norm
            {
                cost = cost.min(table[i - 2][j - 2] + 1);
            }
            table[i][j] = cost;
        }
    }
    table[n][len]
}

/// Equal, or one edit apart for words of four letters or more (two for nine or more). An edit
/// is an insertion, deletion, substitution or a swap of two adjacent letters (`Wnag` for
/// `Wang`): strsim's optimal string alignment distance, on characters.
fn similar_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    let shorter = a_len.min(b_len);
    let allowed = if shorter >= 9 {
        2
    } else if shorter >= 4 {
        1
    } else {
        0
    };
    allowed > 0 && a_len.abs_diff(b_len) <= allowed && strsim::osa_distance(a, b) <= allowed
}
