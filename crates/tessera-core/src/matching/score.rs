//! The match score, its diff and its penalties (the formula is in the module docs of
//! [`crate::matching`]).

use std::fmt::Write as _;

use rapidfuzz::distance::levenshtein;

use crate::{
    matching::{DiffOp, Penalty, PenaltyKind},
    text::{Token, TokenKind, to_simplified, token_hash, tokenize},
};

/// A scored comparison of a query with one source text, with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The final score, 0–100.
    pub score: u8,
    /// The score before penalties: token similarity.
    pub base_score: u8,
    /// Token edits (Levenshtein distance over content tokens).
    pub edits: usize,
    /// Content tokens of the longer text.
    pub length: usize,
    /// The diff from the query to the source.
    pub diff: Vec<DiffOp>,
    /// Deductions, in the order of [`PenaltyKind`].
    pub penalties: Vec<Penalty>,
    /// Whether some text matched only through simplified/traditional folding.
    pub script_variant: bool,
}

impl Explanation {
    /// One line for people: `97 = 99 (1 edit in 52 tokens) − 2 numbers: 12 ≠ 11`.
    pub fn summary(&self) -> String {
        let plural = if self.edits == 1 { "" } else { "s" };
        let mut line = format!(
            "{} = {} ({} edit{plural} in {} tokens)",
            self.score, self.base_score, self.edits, self.length
        );
        for penalty in &self.penalties {
            let _ = write!(line, " − {} {}", penalty.points, penalty.detail);
        }
        line
    }
}

/// Scores `source` as a match for `query` and explains the score.
pub fn explain(query: &str, source: &str) -> Explanation {
    PreparedQuery::new(query).explain(source)
}

/// A query tokenized once, to explain many sources against it (a lookup explains a few dozen).
pub(crate) struct PreparedQuery<'q> {
    text: &'q str,
    tokens: Vec<Token>,
    /// Hashes of every token, punctuation included (the diff's alphabet).
    hashes: Vec<u64>,
    /// Hashes of the content tokens (the score's alphabet).
    content: Vec<u64>,
}

impl<'q> PreparedQuery<'q> {
    pub(crate) fn new(text: &'q str) -> PreparedQuery<'q> {
        let tokens = tokenize(text);
        let hashes = token_hashes(&tokens);
        let content = content_hashes(&tokens);
        PreparedQuery { text, tokens, hashes, content }
    }

    /// The query's tokens.
    pub(crate) fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// [`explain`] of the prepared query and `source`.
    pub(crate) fn explain(&self, source: &str) -> Explanation {
        let (query, query_tokens) = (self.text, &self.tokens);
        let source_tokens = tokenize(source);
        let source_content = content_hashes(&source_tokens);
        let edits =
            levenshtein::distance(self.content.iter().copied(), source_content.iter().copied());
        let length = self.content.len().max(source_content.len());
        let base_score = base_score(edits, self.content.len(), source_content.len());

        let alignment = align(query_tokens, &self.hashes, &source_tokens);
        let mut penalties = Vec::new();
        compare_kind(query_tokens, &source_tokens, TokenKind::Number, true, &mut penalties);
        compare_kind(query_tokens, &source_tokens, TokenKind::Tag, false, &mut penalties);
        compare_kind(query_tokens, &source_tokens, TokenKind::Punct, true, &mut penalties);
        compare_forms(query, source, &alignment.equal_pairs, &mut penalties);
        if query != source && edits == 0 && penalties.is_empty() {
            penalties.push(penalty(PenaltyKind::Formatting, "formatting: spacing".to_owned()));
        }
        penalties.sort_by_key(|penalty| penalty.kind);
        let deducted: u32 = penalties.iter().map(|penalty| u32::from(penalty.points)).sum();
        let score = u32::from(base_score).saturating_sub(deducted) as u8;
        let script_variant = penalties.iter().any(|penalty| penalty.kind == PenaltyKind::Script);
        Explanation {
            score,
            base_score,
            edits,
            length,
            diff: alignment.ops,
            penalties,
            script_variant,
        }
    }
}

/// Token similarity as a whole percentage, rounded down so that any edit scores below 100.
pub(crate) fn base_score(edits: usize, query_len: usize, source_len: usize) -> u8 {
    let length = query_len.max(source_len);
    if length == 0 {
        return 100;
    }
    (100 * length.saturating_sub(edits) / length) as u8
}

/// The smallest edit count that still gives `min_score` for these lengths, plus one: a distance
/// must be below this to pass (used as rapidfuzz's cutoff).
pub(crate) fn max_edits_for(min_score: u8, query_len: usize, source_len: usize) -> usize {
    let length = query_len.max(source_len);
    // base ≥ min  ⇔  100·(L − d) ≥ min·L  ⇔  d ≤ L − ceil(min·L / 100)
    length - (usize::from(min_score) * length).div_ceil(100)
}

fn token_hashes(tokens: &[Token]) -> Vec<u64> {
    tokens.iter().map(|token| token_hash(token.kind, &token.norm)).collect()
}

fn content_hashes(tokens: &[Token]) -> Vec<u64> {
    tokens
        .iter()
        .filter(|token| token.kind.is_content())
        .map(|token| token_hash(token.kind, &token.norm))
        .collect()
}

fn penalty(kind: PenaltyKind, detail: String) -> Penalty {
    Penalty { kind, points: kind.points(), detail }
}

/// Penalises a difference in the tokens of one kind: as multisets when `as_multiset`, else as
/// sequences (tag order matters).
fn compare_kind(
    query: &[Token],
    source: &[Token],
    kind: TokenKind,
    as_multiset: bool,
    penalties: &mut Vec<Penalty>,
) {
    let query_forms = forms_of_kind(query, kind, as_multiset);
    let source_forms = forms_of_kind(source, kind, as_multiset);
    if query_forms == source_forms {
        return;
    }
    let (only_query, only_source) = multiset_difference(&query_forms, &source_forms);
    let (penalty_kind, name) = match kind {
        TokenKind::Number => (PenaltyKind::Numbers, "numbers"),
        TokenKind::Tag => (PenaltyKind::Tags, "tags"),
        _ => (PenaltyKind::Punctuation, "punctuation"),
    };
    let detail = if only_query.is_empty() && only_source.is_empty() {
        format!("{name}: order")
    } else {
        let show =
            |forms: &[&str]| if forms.is_empty() { "–".to_owned() } else { forms.join(" ") };
        format!("{name}: {} ≠ {}", show(&only_query), show(&only_source))
    };
    penalties.push(penalty(penalty_kind, detail));
}

fn forms_of_kind(tokens: &[Token], kind: TokenKind, sorted: bool) -> Vec<&str> {
    let mut forms: Vec<&str> =
        tokens.iter().filter(|token| token.kind == kind).map(|token| token.norm.as_str()).collect();
    if sorted {
        forms.sort_unstable();
    }
    forms
}

fn multiset_difference<'a>(left: &[&'a str], right: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut right_left: Vec<&str> = right.to_vec();
    let mut only_left = Vec::new();
    for form in left {
        if let Some(at) = right_left.iter().position(|other| other == form) {
            right_left.swap_remove(at);
        } else {
            only_left.push(*form);
        }
    }
    right_left.sort_unstable();
    (only_left, right_left)
}

/// Penalises tokens that match in their matching form but are written differently.
fn compare_forms(
    query: &str,
    source: &str,
    equal_pairs: &[(Range, Range)],
    penalties: &mut Vec<Penalty>,
) {
    let mut case = None;
    let mut script = None;
    let mut formatting = None;
    for (query_range, source_range) in equal_pairs {
        let query_text = &query[query_range.0..query_range.1];
        let source_text = &source[source_range.0..source_range.1];
        if query_text == source_text {
            continue;
        }
        let example = (query_text, source_text);
        if query_text.to_lowercase() == source_text.to_lowercase() {
            case.get_or_insert(example);
        } else if to_simplified(query_text) == to_simplified(source_text) {
            script.get_or_insert(example);
        } else {
            formatting.get_or_insert(example);
        }
    }
    for (kind, name, example) in [
        (PenaltyKind::Case, "case", case),
        (PenaltyKind::Script, "script", script),
        (PenaltyKind::Formatting, "formatting", formatting),
    ] {
        if let Some((query_text, source_text)) = example {
            penalties.push(penalty(kind, format!("{name}: {query_text} ≠ {source_text}")));
        }
    }
}

/// A byte range as a pair (cheaper to copy than `std::ops::Range`).
type Range = (usize, usize);

struct Alignment {
    ops: Vec<DiffOp>,
    equal_pairs: Vec<(Range, Range)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Equal,
    Replace,
    Delete,
    Insert,
}

/// The cell budget of the diff's dynamic programme; beyond it the middle becomes one replacement.
const MAX_DIFF_CELLS: usize = 4_000_000;

/// A minimal token diff (all tokens, punctuation included) by Levenshtein with backtrace, after
/// trimming the common prefix and suffix.
/// `query_hashes` are the query's [`token_hashes`].
fn align(query: &[Token], query_hashes: &[u64], source: &[Token]) -> Alignment {
    let source_hashes = token_hashes(source);
    let prefix = query_hashes.iter().zip(&source_hashes).take_while(|(a, b)| a == b).count();
    let suffix = query_hashes[prefix..]
        .iter()
        .rev()
        .zip(source_hashes[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let query_middle = &query_hashes[prefix..query_hashes.len() - suffix];
    let source_middle = &source_hashes[prefix..source_hashes.len() - suffix];

    let mut steps: Vec<(Step, usize, usize)> =
        (0..prefix).map(|idx| (Step::Equal, idx, idx)).collect();
    let n = query_middle.len();
    let m = source_middle.len();
    if (n + 1) * (m + 1) <= MAX_DIFF_CELLS {
        let width = m + 1;
        let mut cost = vec![0u32; (n + 1) * width];
        for i in 0..=n {
            cost[i * width] = i as u32;
        }
        for (j, cell) in cost.iter_mut().enumerate().take(width) {
            *cell = j as u32;
        }
        for i in 1..=n {
            for j in 1..=m {
                let substitution = u32::from(query_middle[i - 1] != source_middle[j - 1]);
                cost[i * width + j] = (cost[(i - 1) * width + j - 1] + substitution)
                    .min(cost[(i - 1) * width + j] + 1)
                    .min(cost[i * width + j - 1] + 1);
            }
        }
        let mut middle = Vec::with_capacity(n.max(m));
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let here = cost[i * width + j];
            if i > 0
                && j > 0
                && query_middle[i - 1] == source_middle[j - 1]
                && here == cost[(i - 1) * width + j - 1]
            {
                middle.push((Step::Equal, i - 1, j - 1));
                i -= 1;
                j -= 1;
            } else if i > 0 && j > 0 && here == cost[(i - 1) * width + j - 1] + 1 {
                middle.push((Step::Replace, i - 1, j - 1));
                i -= 1;
                j -= 1;
            } else if i > 0 && here == cost[(i - 1) * width + j] + 1 {
                middle.push((Step::Delete, i - 1, j));
                i -= 1;
            } else {
                middle.push((Step::Insert, i, j - 1));
                j -= 1;
            }
        }
        middle.reverse();
        steps.extend(middle.into_iter().map(|(step, i, j)| (step, i + prefix, j + prefix)));
    } else {
        let common = n.min(m);
        steps.extend((0..common).map(|k| (Step::Replace, prefix + k, prefix + k)));
        steps.extend((common..n).map(|k| (Step::Delete, prefix + k, prefix + m)));
        steps.extend((common..m).map(|k| (Step::Insert, prefix + n, prefix + k)));
    }
    let query_len = query.len();
    let source_len = source.len();
    steps.extend(
        (0..suffix).map(|k| (Step::Equal, query_len - suffix + k, source_len - suffix + k)),
    );

    let mut ops: Vec<DiffOp> = Vec::new();
    let mut equal_pairs = Vec::new();
    for (step, i, j) in steps {
        let query_range = query.get(i).map(|token| (token.range.start, token.range.end));
        let source_range = source.get(j).map(|token| (token.range.start, token.range.end));
        let op = match (step, query_range, source_range) {
            (Step::Equal, Some(q), Some(s)) => {
                equal_pairs.push((q, s));
                DiffOp::Equal { query: q.0..q.1, source: s.0..s.1 }
            }
            (Step::Replace, Some(q), Some(s)) => {
                DiffOp::Replace { query: q.0..q.1, source: s.0..s.1 }
            }
            (Step::Delete, Some(q), _) => DiffOp::Delete { query: q.0..q.1 },
            (Step::Insert, _, Some(s)) => DiffOp::Insert { source: s.0..s.1 },
            // Steps only name tokens that exist; nothing to record otherwise.
            _ => continue,
        };
        push_merged(&mut ops, op);
    }
    Alignment { ops, equal_pairs }
}

/// Appends `op`, extending the last op instead when it has the same kind.
fn push_merged(ops: &mut Vec<DiffOp>, op: DiffOp) {
    match (ops.last_mut(), op) {
        (Some(DiffOp::Equal { query, source }), DiffOp::Equal { query: q, source: s })
        | (Some(DiffOp::Replace { query, source }), DiffOp::Replace { query: q, source: s }) => {
            query.end = q.end;
            source.end = s.end;
        }
        (Some(DiffOp::Delete { query }), DiffOp::Delete { query: q }) => query.end = q.end,
        (Some(DiffOp::Insert { source }), DiffOp::Insert { source: s }) => source.end = s.end,
        (_, op) => ops.push(op),
    }
}
