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
//! renders the query. Every span of 1–6 words (not starting or ending with a function word) or
//! 2–8 Chinese characters in the hits is a candidate; its association with the query is Dice,
//! `2·co / (hits + df)`, where `co` counts the hits holding the span and `df` is the number of
//! units holding it in the whole memory (bounded from above by its rarest indexed gram). Spans
//! that are everywhere ("the", "said") get a low Dice; the rendering of the query gets a high one.
//! The best span is widened to the longest span around it whose Dice is at least half as high
//! (every hit holds "Chongqing International"; the rendering is its longer form), and every hit
//! holding it takes it as its rendering. Up to three more rounds look for variants among the
//! remaining hits: spans in two or more of them that share a word with the main rendering
//! ("Chongqing International Communication Center"). A hit left after that, or any hit when no
//! span reaches Dice 0.3, is grouped by its full other-side text, and the group says so.

use std::{collections::HashMap, ops::Range};

use crate::{
    matching::{
        MatchIndex,
        index::{GramSide, bigram_key, unigram_key},
    },
    text::{
        TokenKind, Tokenizer, normalize_for_matching, normalize_with_offsets, token_hash, tokenize,
    },
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
/// A longer span replaces the best one when its Dice is at least this share of the best's.
const EXTENSION_SHARE: f64 = 0.5;
/// Rounds of "take the best rendering, assign its hits"; hits left after them are grouped by text.
const MAX_ROUNDS: usize = 4;
const MAX_WORDS: usize = 6;
const MAX_HAN: usize = 8;
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
        let grams = query_grams(text, side, options.whole_word);
        let mut lists: Vec<Vec<&[u32]>> = grams.iter().map(|gram| self.postings(*gram)).collect();
        lists.sort_by_key(|parts| parts.iter().map(|part| part.len()).sum::<usize>());

        let mut hits = Vec::new();
        let mut examined = 0usize;
        let mut check = |idx: u32, hits: &mut Vec<ConcordanceHit>| -> bool {
            if self.is_removed(idx) {
                return true;
            }
            examined += 1;
            let unit = self.unit(idx);
            let searched = match options.side {
                Side::Source => unit.source,
                Side::Target => unit.target,
            };
            let ranges = find_occurrences(searched, &needle, options.whole_word);
            if !ranges.is_empty() {
                hits.push(ConcordanceHit {
                    unit_id: unit.unit_id,
                    source: unit.source.to_owned(),
                    target: unit.target.to_owned(),
                    ranges,
                    rendering: None,
                });
            }
            hits.len() < options.limit
        };
        let mut complete = true;
        let n_candidates = match lists.split_first() {
            None => {
                for idx in (0..self.n_stored()).rev() {
                    if !check(idx, &mut hits) {
                        complete = idx == 0;
                        break;
                    }
                }
                self.len()
            }
            Some((rarest, others)) => {
                'outer: for part in rarest.iter().rev() {
                    for (position, &idx) in part.iter().enumerate().rev() {
                        let in_all = others.iter().all(|parts| {
                            parts.iter().any(|other| other.binary_search(&idx).is_ok())
                        });
                        if in_all && !check(idx, &mut hits) {
                            complete = position == 0 && std::ptr::eq(*part, rarest[0]);
                            break 'outer;
                        }
                    }
                }
                rarest.iter().map(|part| part.len()).sum()
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
        let mut tokenizer = Tokenizer::default();
        let mut spans: HashMap<u64, SpanStats> = HashMap::new();
        let mut per_hit: Vec<Vec<(u64, Range<usize>)>> = Vec::with_capacity(hits.len());
        for hit in hits.iter() {
            let other = other_text(hit, other_side);
            let mut tokens: Vec<(TokenKind, Range<usize>, u64, bool)> = Vec::new();
            tokenizer.run(other, |kind, range, norm| {
                if kind.is_content() {
                    let function_word = kind == TokenKind::Word && FUNCTION_WORDS.contains(&norm);
                    tokens.push((kind, range, token_hash(kind, norm), function_word));
                }
            });
            let mut found: Vec<(u64, Range<usize>)> = Vec::new();
            for start in 0..tokens.len() {
                let is_han = tokens[start].0 == TokenKind::Han;
                let max_len = if is_han { MAX_HAN } else { MAX_WORDS };
                let mut key = 0u64;
                for end in start..tokens.len().min(start + max_len) {
                    if (tokens[end].0 == TokenKind::Han) != is_han {
                        break;
                    }
                    key = crate::text::mix64(key.rotate_left(5) ^ tokens[end].2);
                    let n_tokens = end - start + 1;
                    let usable =
                        if is_han { n_tokens >= 2 } else { !tokens[start].3 && !tokens[end].3 };
                    if usable {
                        found.push((key, tokens[start].1.start..tokens[end].1.end));
                        let hit_idx = per_hit.len();
                        let range = tokens[start].1.start..tokens[end].1.end;
                        spans.entry(key).or_insert_with(|| SpanStats {
                            n_tokens,
                            grams: span_grams(&tokens[start..=end], other_side),
                            background: 0.0,
                            example: (hit_idx, range),
                        });
                    }
                }
            }
            found.sort_by_key(|(key, range)| (*key, range.start));
            found.dedup_by_key(|(key, _)| *key);
            per_hit.push(found);
        }
        let mut frequencies: HashMap<u64, usize> = HashMap::new();
        for stats in spans.values_mut() {
            stats.background = stats
                .grams
                .iter()
                .map(|gram| {
                    *frequencies.entry(*gram).or_insert_with(|| self.document_frequency(*gram))
                })
                .min()
                .unwrap_or(usize::MAX) as f64;
        }
        let mut assigned: Vec<Option<Range<usize>>> = vec![None; hits.len()];
        let mut main_words: Option<Vec<String>> = None;
        for _ in 0..MAX_ROUNDS {
            let open: Vec<usize> = (0..hits.len()).filter(|idx| assigned[*idx].is_none()).collect();
            if open.is_empty() {
                break;
            }
            let mut co_occurrences: HashMap<u64, usize> = HashMap::new();
            for idx in &open {
                for (key, _) in &per_hit[*idx] {
                    *co_occurrences.entry(*key).or_default() += 1;
                }
            }
            // The open hits stand for this share of all units containing the query.
            let total = estimated_total * open.len() as f64 / hits.len() as f64;
            let dice = |key: u64, count: usize| {
                let background = spans.get(&key).map_or(f64::MAX, |stats| stats.background);
                let co = count as f64 * total / open.len() as f64;
                2.0 * co / (total + background.max(co))
            };
            let n_tokens = |key: u64| spans.get(&key).map_or(0, |stats| stats.n_tokens);
            let rank =
                |key: u64, count: usize| (dice(key, count), n_tokens(key), std::cmp::Reverse(key));
            let example_text = |key: u64| {
                spans.get(&key).map_or(String::new(), |stats| {
                    normalize_for_matching(
                        &other_text(&hits[stats.example.0], other_side)[stats.example.1.clone()],
                    )
                })
            };
            // After the main rendering, only variants of it: spans in two or more open hits that
            // share a word with it.
            let is_variant = |key: u64, count: usize| match &main_words {
                None => true,
                Some(words) => {
                    count >= 2
                        && tokenize(&example_text(key))
                            .iter()
                            .any(|token| words.contains(&token.norm))
                }
            };
            let Some((&best, &best_count)) = co_occurrences
                .iter()
                .filter(|(key, count)| is_variant(**key, **count))
                .max_by(|a, b| {
                    rank(*a.0, *a.1)
                        .partial_cmp(&rank(*b.0, *b.1))
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
            else {
                break;
            };
            let best_dice = dice(best, best_count);
            if main_words.is_none() && best_dice < MIN_DICE {
                break;
            }
            // Prefer the longest span around the best one that is nearly as strongly associated:
            // "Chongqing International" is in every hit, the renderings are its longer forms.
            let best_text = example_text(best);
            let mut chosen = (best, n_tokens(best), best_dice);
            for (&key, &count) in &co_occurrences {
                let key_dice = dice(key, count);
                let longer =
                    n_tokens(key) > chosen.1 || (n_tokens(key) == chosen.1 && key_dice > chosen.2);
                if key != best
                    && longer
                    && key_dice >= EXTENSION_SHARE * best_dice
                    && is_variant(key, count)
                    && example_text(key).contains(&best_text)
                {
                    chosen = (key, n_tokens(key), key_dice);
                }
            }
            if main_words.is_none() {
                let words = tokenize(&example_text(chosen.0))
                    .into_iter()
                    .filter(|token| token.kind.is_content());
                main_words = Some(words.map(|token| token.norm).collect());
            }
            for idx in open {
                if let Some((_, range)) = per_hit[idx].iter().find(|(key, _)| *key == chosen.0) {
                    assigned[idx] = Some(range.clone());
                }
            }
        }

        let mut groups: HashMap<(bool, String), RenderingGroup> = HashMap::new();
        let mut group_order: Vec<(bool, String)> = Vec::new();
        for (hit, rendering_range) in hits.iter_mut().zip(assigned) {
            let other = other_text(hit, other_side);
            let (is_full_text, text, key) = match rendering_range {
                Some(range) => {
                    let text = other[range].to_owned();
                    let key = normalize_for_matching(&text);
                    hit.rendering = Some(text.clone());
                    (false, text, key)
                }
                None => (true, other.to_owned(), normalize_for_matching(other)),
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
}

struct SpanStats {
    n_tokens: usize,
    grams: Vec<u64>,
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

/// The index grams that every unit containing this span must hold.
fn span_grams(tokens: &[(TokenKind, Range<usize>, u64, bool)], side: GramSide) -> Vec<u64> {
    let mut grams = Vec::new();
    for (position, (kind, _, hash, _)) in tokens.iter().enumerate() {
        if *kind != TokenKind::Han {
            grams.push(unigram_key(side, *hash));
        } else if let Some((next_kind, _, next_hash, _)) = tokens.get(position + 1)
            && *next_kind == TokenKind::Han
        {
            grams.push(bigram_key(side, *hash, *next_hash));
        }
    }
    grams
}

/// The grams every unit containing the searched text holds: whole non-Chinese tokens alone, and
/// pairs with a Chinese character. A Latin token at either end may be cut by the substring
/// (`nation` in `international`), so it counts only for whole-word searches.
fn query_grams(text: &str, side: GramSide, whole_word: bool) -> Vec<u64> {
    let tokens = tokenize(text);
    let last = tokens.len().saturating_sub(1);
    let content: Vec<(bool, bool, u64)> = tokens
        .iter()
        .enumerate()
        .filter(|(_, token)| token.kind.is_content())
        .map(|(position, token)| {
            let is_han = token.kind == TokenKind::Han;
            let fixed = matches!(token.kind, TokenKind::Han | TokenKind::Tag)
                || whole_word
                || (position != 0 && position != last);
            (is_han, fixed, token_hash(token.kind, &token.norm))
        })
        .collect();
    let mut grams = Vec::new();
    for (position, &(is_han, fixed, hash)) in content.iter().enumerate() {
        if fixed && !is_han {
            grams.push(unigram_key(side, hash));
        }
        if let Some(&(next_is_han, next_fixed, next_hash)) = content.get(position + 1)
            && fixed
            && next_fixed
            && (is_han || next_is_han)
        {
            grams.push(bigram_key(side, hash, next_hash));
        }
    }
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// Original byte ranges of the occurrences of `needle` (a matching form) in `text`.
fn find_occurrences(text: &str, needle: &str, whole_word: bool) -> Vec<Range<usize>> {
    let normalized = normalize_with_offsets(text);
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
