//! Adjusted matches: when a query and a match's source differ only in numbers, months or known
//! terms, the match's target with those parts replaced.
//!
//! The two sources are compared token by token after collapsing every occurrence of a caller's
//! term (longest first) into one token. Each differing position must be a number in both (`12` →
//! `11`) or a term in both; any other difference (a changed word, an inserted clause) means the
//! match cannot be adjusted. Then, in the target:
//! - a number is replaced where the target has the same number (the k-th occurrence for the k-th
//!   in the source), keeping thousands commas if the target used them;
//! - a number before `月` with no equal number in the target is a month, replaced by name
//!   (`December` → `November`, `Dec.` → `Nov.`);
//! - a term is replaced where the target has its rendering (matched in matching form, so case and
//!   width do not matter) by the query term's rendering.
//!
//! Whenever a part cannot be found in the target, there is no adjusted match: a half-adjusted
//! translation is worse than an honest fuzzy match.

use std::{collections::HashMap, ops::Range};

use crate::text::{Token, TokenKind, normalize_for_matching, normalize_with_offsets, tokenize};

/// A match's target with the query's numbers and terms put in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjusted {
    /// The adjusted target text.
    pub target: String,
    /// What was replaced, in target order.
    pub replacements: Vec<Replacement>,
}

/// One replacement made in the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// Why the part was replaced.
    pub kind: ReplacementKind,
    /// The part of the match's source that differs.
    pub source_text: String,
    /// The query's part in its place.
    pub query_text: String,
    /// The replaced text of the target, and its byte range in the original target.
    pub old_target: String,
    /// Byte range of `old_target` in the match's target.
    pub old_range: Range<usize>,
    /// The text put in its place.
    pub new_target: String,
}

/// Kinds of replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplacementKind {
    /// A number.
    Number,
    /// A month written as a name in the target.
    Month,
    /// A term from the caller's list.
    Term,
    /// A rendering the termbase marks deprecated or forbidden, swapped for the approved one
    /// (a "term-adjusted" match).
    ApprovedTerm,
}

/// A deprecated or forbidden rendering of the termbase in a match's (or concordance hit's)
/// target, with the approved rendering to put in its place. Found by the termbase's check;
/// defined here so that matching results can carry it without depending on the termbase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermWarning {
    /// True for a forbidden rendering, false for a deprecated one.
    pub forbidden: bool,
    /// First character of the rendering in the target (offset in chars).
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// The rendering as written.
    pub found: String,
    /// The approved rendering.
    pub suggestion: String,
    /// The termbase concept.
    pub concept_id: i64,
}

impl TermWarning {
    /// `deprecated` or `forbidden`.
    pub fn kind_name(&self) -> &'static str {
        if self.forbidden { "forbidden" } else { "deprecated" }
    }
}

/// The match's target with `swaps` made (deprecated renderings replaced by approved ones) on top
/// of the number and term adjustments in `adjusted`, if any; a swap overlapping an adjustment
/// is left out. `None` when there is nothing to swap and nothing adjusted.
pub fn swap_approved_terms(
    match_target: &str,
    adjusted: Option<Adjusted>,
    swaps: &[TermWarning],
) -> Option<Adjusted> {
    if swaps.is_empty() {
        return adjusted;
    }
    let byte_at: Vec<usize> = match_target
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(match_target.len()))
        .collect();
    let mut edits = adjusted.map(|adjusted| adjusted.replacements).unwrap_or_default();
    for swap in swaps {
        let (Some(&start), Some(&end)) = (byte_at.get(swap.start), byte_at.get(swap.end)) else {
            continue;
        };
        if start >= end
            || edits.iter().any(|edit| edit.old_range.start < end && start < edit.old_range.end)
        {
            continue;
        }
        let old_target = match_target[start..end].to_owned();
        edits.push(Replacement {
            kind: ReplacementKind::ApprovedTerm,
            source_text: String::new(),
            query_text: String::new(),
            old_target,
            old_range: start..end,
            new_target: swap.suggestion.clone(),
        });
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|edit| edit.old_range.start);
    let mut target = String::with_capacity(match_target.len());
    let mut copied = 0;
    for edit in &edits {
        target.push_str(&match_target[copied..edit.old_range.start]);
        target.push_str(&edit.new_target);
        copied = edit.old_range.end;
    }
    target.push_str(&match_target[copied..]);
    Some(Adjusted { target, replacements: edits })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];

/// The match's target adjusted to the query, or `None` when they differ in anything but numbers,
/// months and the given terms, or when nothing differs. `terms` are `(source term, target
/// rendering)` pairs, for example approved termbase entries. To adjust many matches with the same
/// terms, prepare them once with [`TermAdjuster`].
pub fn adjust(
    query: &str,
    match_source: &str,
    match_target: &str,
    terms: &[(&str, &str)],
) -> Option<Adjusted> {
    TermAdjuster::new(terms.iter().copied()).adjust(query, match_source, match_target)
}

/// Term pairs prepared for adjusting many matches: each source term is tokenised once and
/// indexed by its first token, so that a match is compared with the few terms that can start at
/// each of its tokens rather than with the whole termbase.
#[derive(Debug, Clone, Default)]
pub struct TermAdjuster {
    /// The source terms' content tokens (matching form), in the caller's order.
    forms: Vec<Vec<String>>,
    /// The target renderings, in the same order.
    renderings: Vec<String>,
    /// The terms (indexes into `forms`) by their first token.
    by_first: HashMap<String, Vec<usize>>,
}

impl TermAdjuster {
    /// Prepares `(source term, target rendering)` pairs.
    pub fn new<'a>(terms: impl IntoIterator<Item = (&'a str, &'a str)>) -> TermAdjuster {
        let mut adjuster = TermAdjuster::default();
        for (source_term, rendering) in terms {
            let form: Vec<String> = tokenize(source_term)
                .into_iter()
                .filter(|token| token.kind.is_content())
                .map(|token| token.norm)
                .collect();
            if let Some(first) = form.first() {
                adjuster.by_first.entry(first.clone()).or_default().push(adjuster.forms.len());
            }
            adjuster.forms.push(form);
            adjuster.renderings.push(rendering.to_owned());
        }
        adjuster
    }

    /// [`adjust`] with these terms.
    pub fn adjust(&self, query: &str, match_source: &str, match_target: &str) -> Option<Adjusted> {
        self.adjust_each(query, [(match_source, match_target)]).pop().flatten()
    }

    /// [`TermAdjuster::adjust`] of one query to each of several matches' `(source, target)`,
    /// tokenising the query once.
    pub fn adjust_each<'m>(
        &self,
        query: &str,
        matches: impl IntoIterator<Item = (&'m str, &'m str)>,
    ) -> Vec<Option<Adjusted>> {
        let query_tokens = tokenize(query);
        let query_elements = elements(&query_tokens, self);
        let prepared = (query, &query_tokens[..], &query_elements[..]);
        matches
            .into_iter()
            .map(|(source, target)| adjust_with(prepared, source, target, self))
            .collect()
    }
}

/// `query` is the query, its tokens and its [`elements`].
fn adjust_with(
    (query, query_tokens, query_elements): (&str, &[Token], &[Positioned]),
    match_source: &str,
    match_target: &str,
    terms: &TermAdjuster,
) -> Option<Adjusted> {
    let source_tokens = tokenize(match_source);
    let source_elements = elements(&source_tokens, terms);
    if query_elements.len() != source_elements.len() {
        return None;
    }
    let target_tokens = tokenize(match_target);
    let normalized_target = normalize_with_offsets(match_target);
    let mut number_seen: Vec<(String, usize)> = Vec::new();
    let mut edits: Vec<Replacement> = Vec::new();
    for (position, (query_element, source_element)) in
        query_elements.iter().zip(&source_elements).enumerate()
    {
        let source_text = &match_source[source_element.range.clone()];
        let query_text = &query[query_element.range.clone()];
        match (&query_element.what, &source_element.what) {
            (Element::Token(query_token), Element::Token(source_token)) => {
                let query_token = &query_tokens[*query_token];
                let source_token = &source_tokens[*source_token];
                let seen = number_seen.iter_mut().find(|(form, _)| *form == source_token.norm);
                let occurrence = match (source_token.kind, seen) {
                    (TokenKind::Number, Some((_, count))) => {
                        *count += 1;
                        *count - 1
                    }
                    (TokenKind::Number, None) => {
                        number_seen.push((source_token.norm.clone(), 1));
                        0
                    }
                    _ => 0,
                };
                if query_token.norm == source_token.norm {
                    continue;
                }
                if query_token.kind != TokenKind::Number || source_token.kind != TokenKind::Number {
                    return None;
                }
                let followed_by_month = source_elements.get(position + 1).is_some_and(|next| {
                    normalize_for_matching(&match_source[next.range.clone()]) == "月"
                });
                edits.push(number_replacement(
                    match_target,
                    &target_tokens,
                    query_token,
                    source_token,
                    occurrence,
                    followed_by_month,
                    source_text,
                    query_text,
                )?);
            }
            (Element::Term(query_term), Element::Term(source_term)) => {
                if query_term == source_term {
                    continue;
                }
                let rendering = normalize_for_matching(&terms.renderings[*source_term]);
                let at = normalized_target.text.find(&rendering)?;
                let old_range = normalized_target.original_range(at..at + rendering.len());
                edits.push(Replacement {
                    kind: ReplacementKind::Term,
                    source_text: source_text.to_owned(),
                    query_text: query_text.to_owned(),
                    old_target: match_target[old_range.clone()].to_owned(),
                    old_range,
                    new_target: terms.renderings[*query_term].clone(),
                });
            }
            _ => return None,
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|edit| edit.old_range.start);
    if edits.windows(2).any(|pair| pair[0].old_range.end > pair[1].old_range.start) {
        return None;
    }
    let mut target = String::with_capacity(match_target.len());
    let mut copied = 0;
    for edit in &edits {
        target.push_str(&match_target[copied..edit.old_range.start]);
        target.push_str(&edit.new_target);
        copied = edit.old_range.end;
    }
    target.push_str(&match_target[copied..]);
    Some(Adjusted { target, replacements: edits })
}

#[allow(clippy::too_many_arguments)]
fn number_replacement(
    match_target: &str,
    target_tokens: &[Token],
    query_token: &Token,
    source_token: &Token,
    occurrence: usize,
    followed_by_month: bool,
    source_text: &str,
    query_text: &str,
) -> Option<Replacement> {
    let same_numbers: Vec<&Token> = target_tokens
        .iter()
        .filter(|token| token.kind == TokenKind::Number && token.norm == source_token.norm)
        .collect();
    if let Some(found) = same_numbers.get(occurrence).or(same_numbers.last()) {
        let old_target = &match_target[found.range.clone()];
        let new_target = if old_target.contains(',') {
            with_thousands(&query_token.norm)
        } else {
            query_token.norm.clone()
        };
        return Some(Replacement {
            kind: ReplacementKind::Number,
            source_text: source_text.to_owned(),
            query_text: query_text.to_owned(),
            old_target: old_target.to_owned(),
            old_range: found.range.clone(),
            new_target,
        });
    }
    let month = |form: &str| form.parse::<usize>().ok().filter(|month| (1..=12).contains(month));
    let (old_month, new_month) = (month(&source_token.norm)?, month(&query_token.norm)?);
    if !followed_by_month {
        return None;
    }
    for names in [&MONTHS, &MONTH_ABBREVIATIONS] {
        let name = names[old_month - 1];
        let found = target_tokens.iter().find(|token| {
            let text = &match_target[token.range.clone()];
            text == name.trim_end_matches('.')
        });
        if let Some(token) = found {
            let mut old_range = token.range.clone();
            if name.ends_with('.') && match_target[old_range.end..].starts_with('.') {
                old_range.end += 1;
            }
            return Some(Replacement {
                kind: ReplacementKind::Month,
                source_text: source_text.to_owned(),
                query_text: query_text.to_owned(),
                old_target: match_target[old_range.clone()].to_owned(),
                old_range,
                new_target: names[new_month - 1].to_owned(),
            });
        }
    }
    None
}

/// `1234567.5` → `1,234,567.5`.
fn with_thousands(number: &str) -> String {
    let (whole, fraction) = number.split_once('.').map_or((number, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (position, digit) in whole.chars().enumerate() {
        if position > 0 && (whole.len() - position) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

/// A content token or a whole term occurrence.
#[derive(Debug)]
struct Positioned {
    what: Element,
    range: Range<usize>,
}

#[derive(Debug, PartialEq, Eq)]
enum Element {
    /// Index into the token list.
    Token(usize),
    /// Index into the caller's terms.
    Term(usize),
}

/// Content tokens with every term occurrence (longest first, left to right) collapsed into one.
fn elements(tokens: &[Token], terms: &TermAdjuster) -> Vec<Positioned> {
    let content: Vec<usize> =
        (0..tokens.len()).filter(|idx| tokens[*idx].kind.is_content()).collect();
    let mut out = Vec::new();
    let mut position = 0;
    while position < content.len() {
        let starting_here =
            terms.by_first.get(&tokens[content[position]].norm).map_or(&[][..], Vec::as_slice);
        let longest = starting_here
            .iter()
            .map(|term_idx| (*term_idx, &terms.forms[*term_idx]))
            .filter(|(_, form)| {
                !form.is_empty()
                    && position + form.len() <= content.len()
                    && form
                        .iter()
                        .zip(&content[position..])
                        .all(|(norm, idx)| *norm == tokens[*idx].norm)
            })
            .max_by_key(|(term_idx, form)| (form.len(), std::cmp::Reverse(*term_idx)));
        match longest {
            Some((term_idx, form)) => {
                let first = &tokens[content[position]];
                let last = &tokens[content[position + form.len() - 1]];
                out.push(Positioned {
                    what: Element::Term(term_idx),
                    range: first.range.start..last.range.end,
                });
                position += form.len();
            }
            None => {
                let idx = content[position];
                out.push(Positioned {
                    what: Element::Token(idx),
                    range: tokens[idx].range.clone(),
                });
                position += 1;
            }
        }
    }
    out
}
