//! Sentence alignment of Chinese–English news articles.
//!
//! [`Aligner::align`] runs one dynamic programme over all sentences of the article (paragraphs
//! are only a soft signal, because English versions often cover part of the Chinese or reorder
//! it) with beads 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0 and 0-1. A bead's cost mixes a down-weighted
//! Gale–Church length cost with anchors: numbers and dates, Latin tokens, person names through
//! pinyin, CC-CEDICT lexical overlap and approved termbase entries. The length ratio is
//! re-estimated from the confident beads of a first pass, and sentences left unaligned are
//! aligned once more among themselves so that a moved paragraph is still found. A headline
//! wrapped over two lines on one side only is joined back into one bead.
//!
//! ```
//! use tessera_core::alignment::Aligner;
//!
//! let zh = vec![vec!["3月2日，王雯率队赴重庆国际传播中心调研。".to_owned()]];
//! let en = vec![vec!["On March 2, Wang Wen led a team to Chongqing International Media Center.".to_owned()]];
//! let alignment = Aligner::new().align(&zh, &en, &[]);
//! assert_eq!(alignment.beads.len(), 1);
//! assert_eq!((alignment.beads[0].zh.clone(), alignment.beads[0].en.clone()), (vec![0], vec![0]));
//! ```

pub(crate) mod anchors;
pub(crate) mod dictionary;
pub mod documents;
pub mod eval;
pub(crate) mod pinyin_names;
mod scoring;
pub(crate) mod transliteration;

#[cfg(test)]
mod tests;

use crate::alignment::scoring::{ArticleFeatures, Mode};

/// The CC-CEDICT gloss stems of the Chinese word `zh` (simplified); empty when it is no
/// headword.
pub(crate) fn cedict_stems(zh: &str) -> Vec<&'static str> {
    dictionary::DICTIONARY.stems_of(zh)
}

/// How specifically CC-CEDICT glosses the Chinese word `zh` (simplified) with `english_word`
/// (0 when it does not): 1 divided by the number of gloss stems when the word starts like one of
/// them (`墨西哥` ↔ `Mexican`, `史迪威` ↔ `Stilwell`; five-letter stems, so inflections and
/// demonyms match), 0.5 for an acronym of the glosses (`英国` ↔ `UK`).
pub(crate) fn cedict_gloss_strength(zh: &str, english_word: &str) -> f64 {
    let stems = dictionary::DICTIONARY.stems_of(zh);
    if stems.is_empty() {
        return 0.0;
    }
    let letters: Vec<char> = english_word.chars().collect();
    if (2..=4).contains(&letters.len()) && letters.iter().all(char::is_ascii_uppercase) {
        let initials: Vec<char> = stems.iter().filter_map(|stem| stem.chars().next()).collect();
        let all_found = letters.iter().all(|c| initials.contains(&c.to_ascii_lowercase()));
        return if all_found { 0.5 } else { 0.0 };
    }
    match dictionary::english_stems(english_word).next() {
        Some(stem) if stems.contains(&stem.as_str()) => 1.0 / stems.len() as f64,
        _ => 0.0,
    }
}

/// Sentence aligner for Chinese–English news; cheap to build (the dictionary is shared and
/// loaded on first use).
#[derive(Debug, Clone, Copy, Default)]
pub struct Aligner {
    _private: (),
}

/// The result of aligning one article: every sentence appears in exactly one bead, in document
/// order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alignment {
    /// Aligned beads, including 1-0 and 0-1 beads for unaligned sentences.
    pub beads: Vec<Bead>,
}

/// One group of Chinese sentences aligned to one group of English sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Flat indices of the Chinese sentences (across paragraphs, in document order).
    pub zh: Vec<usize>,
    /// Flat indices of the English sentences.
    pub en: Vec<usize>,
    /// The Chinese sentences joined without a separator.
    pub zh_text: String,
    /// The English sentences joined with a space.
    pub en_text: String,
    /// How sure the aligner is, in 0..=1: the bead's own evidence and its margin over the best
    /// competing alignment of the same sentences.
    pub confidence: f64,
}

impl Bead {
    /// True when both sides are non-empty, i.e. the bead is a translation unit.
    pub fn is_translation(&self) -> bool {
        !self.zh.is_empty() && !self.en.is_empty()
    }
}

impl Alignment {
    /// The translation pairs `(zh_text, en_text)` of the non-empty beads, in order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.beads
            .iter()
            .filter(|bead| bead.is_translation())
            .map(|bead| (bead.zh_text.clone(), bead.en_text.clone()))
            .collect()
    }
}

impl Aligner {
    /// An aligner using the embedded CC-CEDICT stem dictionary.
    pub fn new() -> Aligner {
        Aligner::default()
    }

    /// Aligns `zh` with `en`, both given as sentences grouped by paragraph in document order.
    /// `extra_dictionary` holds approved termbase entries `(zh term, en rendering)`; they are the
    /// strongest anchors.
    pub fn align(
        &self,
        zh: &[Vec<String>],
        en: &[Vec<String>],
        extra_dictionary: &[(String, String)],
    ) -> Alignment {
        let features = ArticleFeatures::new(zh, en, extra_dictionary);
        scoring::align_article(&features, Mode::Anchors)
    }

    /// The Gale–Church baseline: the same dynamic programme with length costs only.
    pub fn align_length_only(&self, zh: &[Vec<String>], en: &[Vec<String>]) -> Alignment {
        let features = ArticleFeatures::new(zh, en, &[]);
        scoring::align_article(&features, Mode::LengthOnly)
    }
}
