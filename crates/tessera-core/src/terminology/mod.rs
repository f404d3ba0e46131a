//! Terminology: mining candidate terms from aligned articles, recognising terms in a Chinese
//! source sentence, checking the translator's English against the termbase, and autocomplete.
//!
//! Everything here is pure and deterministic; storage and review live elsewhere.
//!
//! ```
//! use tessera_core::TermStatus;
//! use tessera_core::terminology::{Category, FindingKind, TermEntry, TermIndex};
//!
//! let index = TermIndex::build(&[TermEntry {
//!     concept_id: 1,
//!     category: Category::Organisation,
//!     zh_forms: vec!["重庆日报报业集团".to_owned()],
//!     renderings: vec![
//!         ("Chongqing Daily Newspaper Group".to_owned(), TermStatus::Preferred),
//!         ("Chongqing Newspaper Group".to_owned(), TermStatus::Deprecated),
//!     ],
//! }]);
//! let findings = index.check("王雯到重慶日報報業集團调研。", "Wang Wen visited Chongqing Newspaper Daily Group.");
//! assert_eq!(findings[0].kind, FindingKind::NearMiss);
//! assert_eq!(findings[0].found, "Chongqing Newspaper Daily Group");
//! ```

mod index;
pub(crate) mod mining;
mod normalise;

#[cfg(test)]
mod check_eval;
#[cfg(test)]
mod tests;

use crate::model::TermStatus;
pub use crate::terminology::index::TermIndex;
pub use crate::terminology::mining::leftovers::{UnpairedSentence, join_unpaired_sentences};
pub(crate) use crate::terminology::normalise::{
    fold_width as fold_width_char, is_han as is_han_char,
};

/// The folded form renderings are compared in: lower case, words only, possessives and articles
/// dropped (`The Mayor's Office` → `mayor office`).
pub fn rendering_key(text: &str) -> String {
    normalise::english_key(text)
}

/// What kind of thing a term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// A person's name.
    Person,
    /// A title or position (`副主任` deputy director general).
    Title,
    /// An organisation, office or company.
    Organisation,
    /// A newspaper, magazine, website or programme.
    Publication,
    /// An event, conference, contest or campaign.
    Event,
    /// A place.
    Place,
    /// A policy or slogan.
    Policy,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in the order reports list them.
    pub const ALL: [Category; 8] = [
        Category::Person,
        Category::Title,
        Category::Organisation,
        Category::Publication,
        Category::Event,
        Category::Place,
        Category::Policy,
        Category::Other,
    ];

    /// The lower-case name used in files (`person`, `title`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Person => "person",
            Category::Title => "title",
            Category::Organisation => "organisation",
            Category::Publication => "publication",
            Category::Event => "event",
            Category::Place => "place",
            Category::Policy => "policy",
            Category::Other => "other",
        }
    }

    /// The category named `name` (as written by [`Category::as_str`]).
    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|category| category.as_str() == name)
    }
}

/// A mined candidate term: one Chinese term with every English rendering seen for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// What the term names.
    pub category: Category,
    /// The term in simplified Chinese.
    pub zh: String,
    /// Other written forms seen (traditional), without the simplified one.
    pub zh_variants: Vec<String>,
    /// Abbreviations of the term seen in the memory (`市政府外办` for `重庆市政府外办`), as
    /// written; they name the same concept.
    pub short_forms: Vec<String>,
    /// What a reviewer should know, such as a composed title's parts (`composed title: 墨西哥 =
    /// Mexico; 华 = China; 大使 = Ambassador`); empty if nothing.
    pub note: String,
    /// English renderings, most frequent first; empty for a term seen only in Chinese.
    pub renderings: Vec<Rendering>,
    /// How many sentences (aligned pairs and Chinese-only sentences) contain the term.
    pub count: u32,
    /// Confidence for ranking the review queue; higher is better, comparable within a category.
    pub score: f64,
}

/// The concept of `known` whose Chinese form `candidate` abbreviates, when their renderings
/// agree (`市政府外办` "Foreign Affairs Office" for a concept `重庆市人民政府外事办公室` "Foreign
/// Affairs Office of Chongqing Municipal People's Government"): the candidate is then a short form
/// of that concept, not a concept of its own.
pub fn abbreviated_concept(candidate: &Candidate, known: &[TermEntry]) -> Option<i64> {
    let candidate_keys: Vec<String> =
        candidate.renderings.iter().map(|rendering| rendering_key(&rendering.en)).collect();
    known
        .iter()
        .filter(|entry| entry.category == candidate.category)
        .filter(|entry| {
            entry.zh_forms.iter().any(|form| {
                mining::abbreviation::is_abbreviation_of(
                    &candidate.zh,
                    &crate::text::to_simplified(form),
                )
            })
        })
        .find(|entry| {
            entry.renderings.iter().any(|(en, _)| {
                let full_key = rendering_key(en);
                candidate_keys
                    .iter()
                    .any(|key| mining::abbreviation::renderings_agree(key, &full_key))
            })
        })
        .map(|entry| entry.concept_id)
}

/// One English rendering of a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendering {
    /// The rendering as first written in the memory (titles in lower case).
    pub en: String,
    /// How many aligned pairs render the term this way (a bracketed gloss counts once).
    pub count: u32,
    /// Indices into the `pairs` given to [`mine_candidates`] (at most a handful).
    pub examples: Vec<usize>,
}

/// Mines candidate terms from aligned `(zh, en)` pairs and Chinese-only sentences.
///
/// - Person names: Chinese names of two or three characters (surname table with polyphonic
///   surnames, every pinyin reading, simplified or traditional) matched to a capitalised word
///   pair of the English in either order (`Wang Wen`, `Wen Wang`, `Wang Guang-cheng`); names in
///   brackets (`羅思義(John Ross)`); in Chinese-only text, names right after a title; foreign
///   names after a title linked to `Mr./Ms. …` names of the pair.
/// - Titles: a composable title table (`副` + `主任`, `党组` + `书记` …) matched to English title
///   phrases (`deputy director general`), competitive linking inside each pair. Title
///   renderings are given in lower case.
/// - Organisations, publications, events, districts: Chinese spans ending in a typical suffix
///   whose left edge is a function word, a verb or varied across the corpus, linked to English
///   capitalised phrases (connectors `of/for/with/in/on/the/'s`, one `and` when the Chinese has
///   a conjunction) by Dice co-occurrence, head agreement (`中心` ↔ `Center`) and place pinyin
///   (`重庆` ↔ `Chongqing`), competitive linking inside each pair.
/// - Places: two characters whose pinyin is a capitalised English word.
/// - Policies and slogans: one quoted Chinese phrase against one quoted English phrase.
///
/// Chinese-only sentences contribute candidates without renderings. Every rendering seen for a
/// term is listed with its count and example pair indices. Candidates are sorted by category,
/// then score (best first), then Chinese.
pub fn mine_candidates(pairs: &[(String, String)], monolingual_zh: &[String]) -> Vec<Candidate> {
    mining::mine(pairs, monolingual_zh, None).0
}

/// The longest segment, in characters, that mining reads. Mining pairs the spans of a Chinese
/// segment with the phrases of its English, which grows with the square of their length: a
/// segment past this is no sentence (a pasted page, a hostile file) and is left out, so that
/// mining a memory costs time in proportion to its size. News sentences are a few hundred
/// characters at the most.
pub const MAX_MINED_SEGMENT_CHARS: usize = 2_000;

/// Whether mining reads `text` ([`MAX_MINED_SEGMENT_CHARS`]).
pub fn is_minable(text: &str) -> bool {
    // Bytes first: most segments are far under the limit, and a byte count is free.
    text.len() <= MAX_MINED_SEGMENT_CHARS || text.chars().count() <= MAX_MINED_SEGMENT_CHARS
}

/// Like [`mine_candidates`], and also who held which title: each person named with a title in
/// a pair (`市政府外办副主任唐文` ↔ `Tang Wen, Deputy Director General of the Foreign Affairs
/// Office`), in pair order.
pub fn mine_terms(pairs: &[(String, String)], monolingual_zh: &[String]) -> MinedTerms {
    let (candidates, holders) = mining::mine(pairs, monolingual_zh, None);
    MinedTerms { candidates, holders }
}

/// Like [`mine_terms`], with the memory's trained word aligner (the phrase table's) instead of
/// one trained on `pairs`: organisations and titles of any shape are read from its links.
pub fn mine_terms_with_aligner(
    pairs: &[(String, String)],
    monolingual_zh: &[String],
    aligner: &crate::phrases::WordAligner,
) -> MinedTerms {
    let (candidates, holders) = mining::mine(pairs, monolingual_zh, Some(aligner));
    MinedTerms { candidates, holders }
}

/// What [`mine_terms`] finds.
#[derive(Debug, Clone, PartialEq)]
pub struct MinedTerms {
    /// Candidate terms, as [`mine_candidates`] returns them.
    pub candidates: Vec<Candidate>,
    /// People with the titles they were named with.
    pub holders: Vec<TitleHolder>,
}

/// A person named with a title in one pair: who held which post, as that text shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleHolder {
    /// The person's name (simplified Chinese).
    pub person: String,
    /// The name as the English writes it.
    pub person_en: String,
    /// The title standing before the name (simplified Chinese), composed or bare.
    pub title: String,
    /// The title as the English writes it.
    pub title_en: String,
    /// The index of the pair in the `pairs` given to [`mine_terms`].
    pub pair: usize,
}

/// One concept of the termbase as the index sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TermEntry {
    /// The concept's id in the termbase.
    pub concept_id: i64,
    /// What the concept names.
    pub category: Category,
    /// Chinese forms (simplified and traditional, full and short).
    pub zh_forms: Vec<String>,
    /// English renderings with their status.
    pub renderings: Vec<(String, TermStatus)>,
}

/// A term recognised in a Chinese source sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermHit {
    /// The concept recognised.
    pub concept_id: i64,
    /// First character of the match in the source (offset in chars).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The matched source text as written.
    pub zh: String,
}

/// What a live check found wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// A source term's approved rendering is absent from the target.
    Missing,
    /// A deprecated rendering is used.
    Deprecated,
    /// A forbidden rendering is used.
    Forbidden,
    /// Something close to an approved rendering (typo, swapped or missing word) is used.
    NearMiss,
}

/// One problem in the target with its fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What is wrong.
    pub kind: FindingKind,
    /// First character of the offending text in the target (offset in chars); for
    /// [`FindingKind::Missing`] an empty span at the end of the target.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The offending text as written (empty for [`FindingKind::Missing`]).
    pub found: String,
    /// The approved rendering to use instead.
    pub suggestion: String,
    /// The concept concerned.
    pub concept_id: i64,
}

/// An autocomplete proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The full rendering to insert.
    pub text: String,
    /// The concept it renders.
    pub concept_id: i64,
    /// Its status (preferred or admitted, never deprecated or forbidden).
    pub status: TermStatus,
}
