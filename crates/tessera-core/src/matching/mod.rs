//! Fuzzy matching, the n-gram index, concordance and adjusted matches. Pure: no database, no
//! clock, no printing; the same input always gives the same output.
//!
//! # The score
//!
//! A score is a whole number from 0 to 100, as translators know it, and 100 means the texts are
//! identical. Both texts are tokenised ([`crate::text::tokenize`]): Chinese by character, English
//! by word, numbers and inline tags as single tokens. Punctuation is left out of the distance.
//!
//! ```text
//! base  = floor(100 · (L − d) / L)     L = max(content tokens of query, of source), d = token
//!                                      Levenshtein distance between the matching forms
//! score = max(0, base − Σ penalties)
//! ```
//!
//! Penalties, each listed in [`Match::penalties`] with what differs:
//!
//! | penalty | points | when |
//! |---|---|---|
//! | [`PenaltyKind::Numbers`] | 2 | the numbers differ (as a multiset; `1,000` equals `1000`) |
//! | [`PenaltyKind::Tags`] | 2 | the inline tags differ or are in another order |
//! | [`PenaltyKind::Punctuation`] | 1 | the punctuation differs (after unifying `，`/`,`, quotes, dashes) |
//! | [`PenaltyKind::Case`] | 1 | a matching word differs only in case |
//! | [`PenaltyKind::Script`] | 1 | a matching character differs only as simplified/traditional |
//! | [`PenaltyKind::Formatting`] | 1 | anything else that differs: full/half width, spacing |
//!
//! So a text that differs only in case scores 99, and every difference costs at least one point:
//! a score of 100 is given exactly when the two texts are byte for byte equal. The number penalty
//! comes on top of the edit, because one changed figure in a 60-character Chinese sentence would
//! otherwise cost only 2 points, while it is the difference a translator must not miss.
//!
//! # Retrieval
//!
//! [`MatchIndex`] keeps an inverted index from grams of the source's matching form to the units
//! that contain them: pairs of neighbouring tokens where one is Chinese (character bigrams), pairs
//! of words, and single words, numbers and tags. A lookup scans the query's posting lists from
//! the rarest up to a budget of postings (larger in a memory so large that the budget would cover
//! only a few lists), counts shared grams per unit, keeps the units with the
//! most shared grams and a plausible length, and scores that shortlist exactly. Ties are broken by
//! the larger unit id (the newer unit) first, so the top-k is deterministic. [`brute_force_lookup`]
//! scores every unit with the same function and is the reference in tests and benchmarks.

mod adjust;
mod concordance;
mod index;
mod score;

#[cfg(test)]
mod tests;

use std::ops::Range;

// The submodules are private so that their layout can change; their API is this module's.
pub use self::{
    adjust::{
        Adjusted, Replacement, ReplacementKind, TermAdjuster, TermWarning, adjust,
        swap_approved_terms,
    },
    concordance::{Concordance, ConcordanceHit, ConcordanceOptions, RenderingGroup, Side},
    index::{
        IndexFormatError, IndexUnit, MatchIndex, TextSource, brute_force_lookup,
        brute_force_lookup_many,
    },
    score::{Explanation, explain},
};

/// The default minimum score of a match.
pub const DEFAULT_MIN_SCORE: u8 = 50;

/// One match for a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The unit's id, as given to the index.
    pub unit_id: i64,
    /// 0–100, see the module docs.
    pub score: u8,
    /// The unit's source text (original, not normalised).
    pub source: String,
    /// The unit's target text.
    pub target: String,
    /// How the query turns into the match's source, over byte ranges of both (for highlighting).
    pub diff: Vec<DiffOp>,
    /// Why the score is below the token similarity, one entry per kind of difference.
    pub penalties: Vec<Penalty>,
    /// Whether the match was found only through simplified/traditional folding.
    pub script_variant: bool,
}

/// One step of the token diff from the query to a match's source. Ranges are byte ranges in the
/// original texts; neighbouring steps of the same kind are merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffOp {
    /// The same in both (up to normalisation).
    Equal {
        /// Range in the query.
        query: Range<usize>,
        /// Range in the match's source.
        source: Range<usize>,
    },
    /// Only in the query.
    Delete {
        /// Range in the query.
        query: Range<usize>,
    },
    /// Only in the match's source.
    Insert {
        /// Range in the match's source.
        source: Range<usize>,
    },
    /// Different text in the same place.
    Replace {
        /// Range in the query.
        query: Range<usize>,
        /// Range in the match's source.
        source: Range<usize>,
    },
}

/// A deduction from a match's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Penalty {
    /// What differs.
    pub kind: PenaltyKind,
    /// Points taken off.
    pub points: u8,
    /// What differs, for the match's explanation (e.g. `numbers: 12, 5 ≠ 11, 5`).
    pub detail: String,
}

/// The kinds of difference that cost points beyond the edit distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PenaltyKind {
    /// Numbers differ.
    Numbers,
    /// Inline tags differ.
    Tags,
    /// Punctuation differs.
    Punctuation,
    /// Letters differ only in case.
    Case,
    /// Characters differ only as simplified/traditional.
    Script,
    /// Width, spacing or other compatibility forms differ.
    Formatting,
}

impl PenaltyKind {
    /// Points this kind of difference costs.
    pub fn points(self) -> u8 {
        match self {
            PenaltyKind::Numbers | PenaltyKind::Tags => 2,
            PenaltyKind::Punctuation
            | PenaltyKind::Case
            | PenaltyKind::Script
            | PenaltyKind::Formatting => 1,
        }
    }
}

/// How a lookup is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupOptions {
    /// At most this many matches (top-k).
    pub limit: usize,
    /// Matches scoring below this are dropped.
    pub min_score: u8,
}

impl Default for LookupOptions {
    fn default() -> LookupOptions {
        LookupOptions { limit: 5, min_score: DEFAULT_MIN_SCORE }
    }
}
