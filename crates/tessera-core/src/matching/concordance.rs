//! Concordance: substring search on either side of the memory, grouped by rendering.
//!
//! The searched text and every candidate are compared in their matching form
//! ([`crate::text::normalize_for_matching`]), so the search ignores case, width, punctuation
//! variants and simplified/traditional differences, and Chinese needs no word segmentation.
//! Candidates come from the same n-gram index as fuzzy lookup: the units holding every gram of the
//! query that cannot be cut by a substring (Chinese character pairs, whole inner words), newest
//! first, each then checked for the substring. A query with no such gram (one Chinese character,
//! a fragment of one word) scans every unit.
//!
//! # Renderings
//!
//! To answer "how has this been translated", each hit's other side is searched for the span that
//! renders the query. Every span of 1–8 words (not starting or ending with a function word) or
//! 2–16 Chinese characters in the hits is a candidate; its association with the query is Dice,
//! `2·co / (hits + df)`, where `co` counts the hits holding the span and `df` is the number of
//! units holding it in the whole memory (bounded from above by its rarest indexed gram). Spans
//! that are everywhere ("the", "said") get a low Dice; the rendering of the query gets a high one.
//! Renderings are discovered in the newest 200 hits; every hit then takes the first discovered
//! rendering its other side contains.
//!
//! The best span is widened to the longest span around it that is in at least 80% as many hits
//! and whose Dice is at least half as high (every hit holds "Chongqing International"; the
//! rendering is its longer form), and every hit
//! holding it takes it as its rendering. Up to three more rounds look for variants among the
//! remaining hits: spans in two or more of them that share a word with the main rendering
//! ("Chongqing International Communication Center"). A hit left after that, or any hit when no
//! span reaches Dice 0.3 (0.05 for a span in at least half of the hits: the bound on a name's
//! frequency is loose), is grouped by its full other-side text, and the group says so.

use std::{collections::HashMap, ops::Range};

use crate::{
    matching::{
        MatchIndex,
        index::{GramSide, IdentityBuild, PostingList, TextWindow, bigram_key, unigram_key},
    },
    text::{OffsetNormalizer, TokenKind, Tokenizer, normalize_for_matching, token_hash, tokenize},
};

/// Which side of the units is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    /// The source (Chinese in this memory).
    #[default]
    Source,
    /// The target (English).
    Target,
}

/// How a concordance search is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcordanceOptions {
    /// The side searched.
    pub side: Side,
    /// Only hits whose Latin words and numbers are whole (not part of a longer word).
    pub whole_word: bool,
    /// At most this many hits (newest first); renderings are counted over these hits.
    pub limit: usize,
}

impl Default for ConcordanceOptions {
    fn default() -> ConcordanceOptions {
        ConcordanceOptions { side: Side::Source, whole_word: false, limit: 1000 }
    }
}

/// One unit containing the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcordanceHit {
    /// The unit's id.
    pub unit_id: i64,
    /// The unit's source text.
    pub source: String,
    /// The unit's target text.
    pub target: String,
    /// Byte ranges of the occurrences in the searched side's original text.
    pub ranges: Vec<Range<usize>>,
    /// The span of the other side judged to render the searched text, if one was found.
    pub rendering: Option<String>,
    /// Deprecated or forbidden renderings in the target, with spans (characters of the target)
    /// and the approved form; filled by `Project::concordance` from the approved termbase.
    pub term_warnings: Vec<super::TermWarning>,
}

/// Hits sharing one rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderingGroup {
    /// The rendering as written in the newest hit, or that hit's full other-side text.
    pub rendering: String,
    /// Whether `rendering` is a full text because no rendering span was found.
    pub is_full_text: bool,
    /// How many hits have it.
    pub count: usize,
    /// The units that have it, newest first.
    pub unit_ids: Vec<i64>,
}

/// The result of a concordance search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Concordance {
    /// The hits, newest first.
    pub hits: Vec<ConcordanceHit>,
    /// Renderings, most frequent first (ties in text order).
    pub renderings: Vec<RenderingGroup>,
    /// Whether every unit containing the text is among the hits (false when `limit` cut them).
    pub complete: bool,
}

/// Spans whose Dice with the query is below this are no rendering.
const MIN_DICE: f64 = 0.3;
/// A word fragment held by more words than this does not narrow the candidates.
const MAX_ALTERNATIVES: usize = 256;
/// …or below this when the span is in at least half of the hits.
const MIN_DICE_COVERING_MOST: f64 = 0.05;
/// A longer span replaces the best one when its Dice is at least this share of the best's.
const EXTENSION_SHARE: f64 = 0.5;
/// Rounds of "take the best rendering, assign its hits"; hits left after them are grouped by text.
const MAX_ROUNDS: usize = 4;
/// Renderings are discovered in this many hits (the newest), then looked up in every hit.
const DISCOVERY_SAMPLE: usize = 200;
const MAX_WORDS: usize = 8;
/// Bytes of texts read at once while checking candidates (a few dozen units).
const SCAN_WINDOW: usize = 16 * 1024;
const MAX_HAN: usize = 16;
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "said", "that", "the", "this", "to", "was", "were", "will",
    "with",
];

impl MatchIndex {
    /// Finds the units whose `options.side` contains `text` and groups them by rendering.
    pub fn concordance(&self, text: &str, options: &ConcordanceOptions) -> Concordance {
        let needle = normalize_for_matching(text);
        if needle.is_empty() || options.limit == 0 {
            return Concordance { complete: true, ..Concordance::default() };
        }
        let side = match options.side {
            Side::Source => GramSide::Source,
            Side::Target => GramSide::Target,
        };
        let Some(groups) = self.query_gram_groups(text, side, options.whole_word) else {
            // A word fragment that no word of the memory contains.
            return Concordance { complete: true, ..Concordance::default() };
        };
        // One entry per group: the posting lists of all its alternatives, rarest group first.
        let mut lists: Vec<(usize, Vec<PostingList<'_>>)> = groups
            .iter()
            .map(|group| {
                let parts: Vec<PostingList<'_>> =
                    group.iter().flat_map(|gram| self.postings(*gram)).collect();
                (parts.iter().map(PostingList::len).sum::<usize>(), parts)
            })
            .collect();
        lists.sort_by_key(|(total, _)| *total);
        // The rarest group's units, decoded, sorted and without repeats (alternatives may
        // overlap); the other groups are decoded one segment at a time, when a candidate of that
        // segment is checked, so a search that finds its hits among the newest units decodes only
        // their segments of the common grams.
        let mut groups_iter = lists.into_iter();
        let driving: Option<Vec<u32>> = groups_iter.next().map(|(_, parts)| {
            let mut units = Vec::new();
            for part in &parts {
                part.extend_into(&mut units);
            }
            // One gram's parts are disjoint and in segment order; alternatives may overlap.
            if !units.windows(2).all(|pair| pair[0] < pair[1]) {
                units.sort_unstable();
                units.dedup();
            }
            units
        });
        let mut others: Vec<SegmentedGroup<'_>> =
            groups_iter.map(|(_, parts)| SegmentedGroup { parts, decoded: Vec::new() }).collect();

        let mut hits = Vec::new();
        let mut examined = 0usize;
        // Units are checked newest first: one read of the texts before a unit serves the next.
        let mut window = TextWindow::reading_behind(SCAN_WINDOW);
        let mut normalizer = OffsetNormalizer::default();
        let mut check = |idx: u32, hits: &mut Vec<ConcordanceHit>| -> bool {
            if self.is_removed(idx) {
                return true;
            }
            examined += 1;
            let unit = self.unit(idx, &mut window);
            let searched = match options.side {
                Side::Source => unit.source,
                Side::Target => unit.target,
            };
            let ranges = find_occurrences(&mut normalizer, searched, &needle, options.whole_word);
            if !ranges.is_empty() {
                hits.push(ConcordanceHit {
                    unit_id: unit.unit_id,
                    source: unit.source.to_owned(),
                    target: unit.target.to_owned(),
                    ranges,
                    rendering: None,
                    term_warnings: Vec::new(),
                });
            }
            hits.len() < options.limit
        };
        let mut complete = true;
        let n_candidates = match &driving {
            None => {
                for idx in (0..self.n_stored()).rev() {
                    if !check(idx, &mut hits) {
                        complete = idx == 0;
                        break;
                    }
                }
                self.len()
            }
            Some(driving) => {
                // The rarest group drives, newest unit first.
                for (position, &idx) in driving.iter().enumerate().rev() {
                    let segment = self.segment_start(idx);
                    let in_all = others.iter_mut().all(|group| group.holds(self, segment, idx));
                    if in_all && !check(idx, &mut hits) {
                        complete = position == 0;
                        break;
                    }
                }
                driving.len()
            }
        };
        let estimated_total = if complete || examined == 0 {
            hits.len() as f64
        } else {
            hits.len() as f64 * n_candidates as f64 / examined as f64
        };
        let other_side = match options.side {
            Side::Source => GramSide::Target,
            Side::Target => GramSide::Source,
        };
        let renderings = self.group_renderings(&mut hits, other_side, estimated_total);
        Concordance { hits, renderings, complete }
    }

    /// Finds each hit's rendering (see the module docs) and builds the histogram.
    fn group_renderings(
        &self,
        hits: &mut [ConcordanceHit],
        other_side: GramSide,
        estimated_total: f64,
    ) -> Vec<RenderingGroup> {
        if hits.is_empty() {
            return Vec::new();
        }
        let chosen = self.discover_renderings(
            &hits[..hits.len().min(DISCOVERY_SAMPLE)],
            other_side,
            estimated_total,
        );
        let mut groups: HashMap<(bool, String), RenderingGroup> = HashMap::new();
        let mut group_order: Vec<(bool, String)> = Vec::new();
        let mut normalizer = OffsetNormalizer::default();
        for hit in hits.iter_mut() {
            let other = other_text(hit, other_side);
            let normalized = normalizer.run(other);
            let found = chosen
                .iter()
                .find_map(|rendering| Some((normalized.text.find(rendering.as_str())?, rendering)));
            let (is_full_text, text, key) = match found {
                Some((at, rendering)) => {
                    let range = normalized.original_range(at..at + rendering.len());
                    let text = other[range].to_owned();
                    hit.rendering = Some(text.clone());
                    (false, text, rendering.clone())
                }
                None => (true, other.to_owned(), normalized.text.clone()),
            };
            let group = groups.entry((is_full_text, key.clone())).or_insert_with(|| {
                group_order.push((is_full_text, key));
                RenderingGroup { rendering: text, is_full_text, count: 0, unit_ids: Vec::new() }
            });
            group.count += 1;
            group.unit_ids.push(hit.unit_id);
        }
        let mut renderings: Vec<RenderingGroup> =
            group_order.iter().filter_map(|key| groups.remove(key)).collect();
        renderings.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.is_full_text.cmp(&b.is_full_text))
                .then(a.rendering.cmp(&b.rendering))
        });
        renderings
    }

    /// The renderings found in a sample of hits, in matching form, main rendering first.
    fn discover_renderings(
        &self,
        sample: &[ConcordanceHit],
        other_side: GramSide,
        estimated_total: f64,
    ) -> Vec<String> {
        let mut tokenizer = Tokenizer::default();
        // Span and gram keys are well-mixed hashes already: the maps use them as they are.
        let mut spans: HashMap<u64, SpanStats, IdentityBuild> = HashMap::default();
        let mut frequencies: HashMap<u64, usize, IdentityBuild> = HashMap::default();
        let mut per_hit: Vec<Vec<u64>> = Vec::with_capacity(sample.len());
        let mut tokens: Vec<(TokenKind, Range<usize>, u64, bool)> = Vec::new();
        for (hit_idx, hit) in sample.iter().enumerate() {
            let other = other_text(hit, other_side);
            tokens.clear();
            tokenizer.run(other, |kind, range, norm| {
                if kind.is_content() {
                    let function_word = kind == TokenKind::Word && FUNCTION_WORDS.contains(&norm);
                    tokens.push((kind, range, token_hash(kind, norm), function_word));
                }
            });
            let mut found: Vec<u64> = Vec::new();
            for start in 0..tokens.len() {
                let is_han = tokens[start].0 == TokenKind::Han;
                let max_len = if is_han { MAX_HAN } else { MAX_WORDS };
                let mut key = 0u64;
                // The span's document frequency is bounded by its rarest index gram.
                let mut background = usize::MAX;
                for end in start..tokens.len().min(start + max_len) {
                    if (tokens[end].0 == TokenKind::Han) != is_han {
                        break;
                    }
                    key = crate::text::mix64(key.rotate_left(5) ^ tokens[end].2);
                    let gram = if is_han {
                        (end > start)
                            .then(|| bigram_key(other_side, tokens[end - 1].2, tokens[end].2))
                    } else {
                        Some(unigram_key(other_side, tokens[end].2))
                    };
                    if let Some(gram) = gram {
                        let df = *frequencies
                            .entry(gram)
                            .or_insert_with(|| self.document_frequency(gram));
                        background = background.min(df);
                    }
                    let n_tokens = end - start + 1;
                    let usable =
                        if is_han { n_tokens >= 2 } else { !tokens[start].3 && !tokens[end].3 };
                    if usable {
                        found.push(key);
                        let range = tokens[start].1.start..tokens[end].1.end;
                        spans.entry(key).or_insert_with(|| SpanStats {
                            n_tokens,
                            background: background as f64,
                            example: (hit_idx, range),
                        });
                    }
                }
            }
            found.sort_unstable();
            found.dedup();
            per_hit.push(found);
        }
        let example_text = |key: u64| {
            spans.get(&key).map_or(String::new(), |stats| {
                normalize_for_matching(
                    &other_text(&sample[stats.example.0], other_side)[stats.example.1.clone()],
                )
            })
        };
        let n_tokens = |key: u64| spans.get(&key).map_or(0, |stats| stats.n_tokens);

        let mut chosen: Vec<String> = Vec::new();
        let mut open_hits: Vec<usize> = (0..sample.len()).collect();
        let mut main_words: Option<Vec<String>> = None;
        for _ in 0..MAX_ROUNDS {
            if open_hits.is_empty() {
                break;
            }
            let mut co_occurrences: HashMap<u64, usize, IdentityBuild> = HashMap::default();
            for idx in &open_hits {
                for key in &per_hit[*idx] {
                    *co_occurrences.entry(*key).or_default() += 1;
                }
            }
            // The open hits stand for this share of all units containing the query.
            let total = estimated_total * open_hits.len() as f64 / sample.len() as f64;
            let dice = |key: u64, count: usize| {
                let background = spans.get(&key).map_or(f64::MAX, |stats| stats.background);
                let co = count as f64 * total / open_hits.len() as f64;
                2.0 * co / (total + background.max(co))
            };
            // After the main rendering, only variants of it: spans in two or more open hits that
            // share a word with it.
            let mut variant_cache: HashMap<u64, bool, IdentityBuild> = HashMap::default();
            let mut is_variant = |key: u64, count: usize| match &main_words {
                None => true,
                Some(words) => {
                    count >= 2
                        && *variant_cache.entry(key).or_insert_with(|| {
                            tokenize(&example_text(key))
                                .iter()
                                .any(|token| words.contains(&token.norm))
                        })
                }
            };
            let mut ranked: Vec<(f64, usize, u64)> = co_occurrences
                .iter()
                .map(|(key, count)| (dice(*key, *count), n_tokens(*key), *key))
                .collect();
            ranked.sort_unstable_by(|a, b| {
                b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
            });
            let Some(&(best_dice, _, best)) =
                ranked.iter().find(|(_, _, key)| is_variant(*key, co_occurrences[key]))
            else {
                break;
            };
            // The document frequency of a span of several words is bounded by its rarest word,
            // which is loose for names ("Wang Wen"): a span in most hits is accepted at a lower Dice.
            let covers_most = 2 * co_occurrences[&best] >= open_hits.len();
            let strong_enough =
                best_dice >= MIN_DICE || (covers_most && best_dice >= MIN_DICE_COVERING_MOST);
            if main_words.is_none() && !strong_enough {
                break;
            }
            // Prefer the longest span around the best one that is nearly as strongly associated:
            // "Chongqing International" is in every hit, the renderings are its longer forms.
            let best_text = example_text(best);
            let mut pick = (best, n_tokens(best), best_dice);
            for &(key_dice, key_tokens, key) in &ranked {
                if key_dice < EXTENSION_SHARE * best_dice {
                    break;
                }
                let longer = key_tokens > pick.1 || (key_tokens == pick.1 && key_dice > pick.2);
                if key != best
                    && longer
                    && 5 * co_occurrences[&key] >= 4 * co_occurrences[&best]
                    && is_variant(key, co_occurrences[&key])
                    && example_text(key).contains(&best_text)
                {
                    pick = (key, key_tokens, key_dice);
                }
            }
            let text = example_text(pick.0);
            if main_words.is_none() {
                let words = tokenize(&text).into_iter().filter(|token| token.kind.is_content());
                main_words = Some(words.map(|token| token.norm).collect());
            }
            open_hits.retain(|idx| per_hit[*idx].binary_search(&pick.0).is_err());
            chosen.push(text);
        }
        chosen
    }
}

/// A group of alternative grams whose units are decoded per segment when first needed.
struct SegmentedGroup<'a> {
    parts: Vec<PostingList<'a>>,
    /// Decoded segments: (first unit of the segment, its units of the group, sorted, unique).
    decoded: Vec<(u32, Vec<u32>)>,
}

impl SegmentedGroup<'_> {
    /// Whether unit `idx`, in the segment starting at unit `segment`, holds a gram of the group.
    fn holds(&mut self, index: &MatchIndex, segment: u32, idx: u32) -> bool {
        let at = match self.decoded.iter().position(|(start, _)| *start == segment) {
            Some(at) => at,
            None => {
                let mut units = Vec::new();
                let mut n_parts = 0;
                for part in self.parts.iter().filter(|part| index.part_start(part) == segment) {
                    part.extend_into(&mut units);
                    n_parts += 1;
                }
                if n_parts > 1 {
                    units.sort_unstable();
                    units.dedup();
                }
                self.decoded.push((segment, units));
                self.decoded.len() - 1
            }
        };
        self.decoded[at].1.binary_search(&idx).is_ok()
    }
}

struct SpanStats {
    n_tokens: usize,
    /// Units holding the span in the whole memory (an upper bound).
    background: f64,
    /// Where the span was first seen: hit number and byte range in its other side.
    example: (usize, Range<usize>),
}

fn other_text(hit: &ConcordanceHit, other_side: GramSide) -> &str {
    match other_side {
        GramSide::Source => &hit.source,
        GramSide::Target => &hit.target,
    }
}

impl MatchIndex {
    /// What every unit containing the searched text must hold, as groups of alternative grams (a
    /// unit qualifies for a group if it has any of them): whole non-Chinese tokens alone, pairs
    /// with a Chinese character, and for a Latin word at either end, which the substring may cut
    /// (`nation` in `international`), the words of the memory that can hold it there. `None` when
    /// no word of the memory can.
    fn query_gram_groups(
        &self,
        text: &str,
        side: GramSide,
        whole_word: bool,
    ) -> Option<Vec<Vec<u64>>> {
        let tokens = tokenize(text);
        let last = tokens.len().saturating_sub(1);
        let content: Vec<(usize, &crate::text::Token)> =
            tokens.iter().enumerate().filter(|(_, token)| token.kind.is_content()).collect();
        let mut groups: Vec<Vec<u64>> = Vec::new();
        let fixed = |position: usize, kind: TokenKind| {
            matches!(kind, TokenKind::Han | TokenKind::Tag)
                || whole_word
                || (position != 0 && position != last)
        };
        for (content_idx, &(position, token)) in content.iter().enumerate() {
            let is_han = token.kind == TokenKind::Han;
            let hash = token_hash(token.kind, &token.norm);
            let token_fixed = fixed(position, token.kind);
            if token_fixed && !is_han {
                groups.push(vec![unigram_key(side, hash)]);
            } else if !token_fixed && token.kind == TokenKind::Word {
                let at_start = position == 0;
                let at_end = position == last;
                let words = self.words_holding(&token.norm, at_start, at_end);
                if words.is_empty() {
                    return None;
                }
                if words.len() > MAX_ALTERNATIVES {
                    // A fragment as common as `a` or `th` filters nothing worth its cost.
                    continue;
                }
                groups.push(
                    words
                        .iter()
                        .map(|word| unigram_key(side, token_hash(TokenKind::Word, word)))
                        .collect(),
                );
            }
            if let Some(&(next_position, next)) = content.get(content_idx + 1)
                && token_fixed
                && fixed(next_position, next.kind)
                && (is_han || next.kind == TokenKind::Han)
            {
                groups.push(vec![bigram_key(side, hash, token_hash(next.kind, &next.norm))]);
            }
        }
        groups.sort_unstable();
        groups.dedup();
        Some(groups)
    }
}

/// Original byte ranges of the occurrences of `needle` (a matching form) in `text`.
fn find_occurrences(
    normalizer: &mut OffsetNormalizer,
    text: &str,
    needle: &str,
    whole_word: bool,
) -> Vec<Range<usize>> {
    let normalized = normalizer.run(text);
    let haystack = normalized.text.as_str();
    let mut ranges = Vec::new();
    for (start, found) in haystack.match_indices(needle) {
        let end = start + found.len();
        if whole_word {
            let before = haystack[..start].chars().next_back();
            let after = haystack[end..].chars().next();
            let first = found.chars().next();
            let last = found.chars().next_back();
            if joins(before, first) || joins(last, after) {
                continue;
            }
        }
        ranges.push(normalized.original_range(start..end));
    }
    ranges
}

/// Whether two neighbouring characters belong to one Latin word or number.
fn joins(left: Option<char>, right: Option<char>) -> bool {
    let wordy = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !crate::text::is_han(c));
    wordy(left) && wordy(right)
}
