//! The embedded CC-CEDICT stem dictionary and forward-maximum matching of Chinese against it.
//!
//! The data file (`data/cedict/cedict_stems.tsv.gz`, CC BY-SA 4.0) maps a simplified Chinese
//! headword to the five-letter stems of its English glosses. Stems are interned as `u32` so that
//! comparing a Chinese word with an English sentence is a binary search in a sorted `Vec<u32>`.

use std::{collections::HashMap, io::Read, sync::LazyLock};

/// Gzipped `simplified<TAB>stem stem …` lines built by `data/cedict/build_stems.py`.
const CEDICT_STEMS_GZ: &[u8] = include_bytes!("../../data/cedict/cedict_stems.tsv.gz");

/// Longest headword tried by forward maximum matching, in characters.
pub(crate) const MAX_WORD_CHARS: usize = 6;

/// Gloss and English words that carry no lexical evidence; must match `build_stems.py`.
pub(crate) const STOP_WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "a",
    "an",
    "in",
    "on",
    "for",
    "with",
    "by",
    "from",
    "at",
    "as",
    "or",
    "is",
    "be",
    "are",
    "was",
    "were",
    "it",
    "its",
    "sb",
    "sth",
    "one's",
    "oneself",
    "etc",
    "lit",
    "fig",
    "also",
    "used",
    "see",
    "var",
    "variant",
    "abbr",
    "esp",
    "old",
    "person",
    "thing",
    "something",
    "someone",
    "somebody",
    "kind",
    "sort",
    "type",
    "form",
    "being",
    "have",
    "has",
    "this",
    "that",
    "which",
    "who",
    "not",
    "no",
    "into",
    "out",
    "up",
    "down",
    "over",
    "than",
    "then",
    "there",
    "their",
    "them",
    "they",
    "he",
    "she",
    "his",
    "her",
    "we",
    "our",
    "you",
    "your",
    "all",
    "any",
    "some",
    "such",
    "very",
    "more",
    "most",
    "much",
    "many",
    "other",
    "surname",
    "name",
    "classifier",
    "japanese",
    "korean",
    "pr",
    "cl",
    "taiwan",
    "pinyin",
];

/// The process-wide dictionary, decompressed on first use.
pub(crate) static DICTIONARY: LazyLock<StemDictionary> =
    LazyLock::new(|| StemDictionary::parse(&decompress(CEDICT_STEMS_GZ)));

/// Chinese headwords with the interned stems of their English glosses.
#[derive(Debug, Default)]
pub(crate) struct StemDictionary {
    entries: HashMap<String, Vec<u32>>,
    stem_ids: HashMap<String, u32>,
    /// Stem text by id.
    stems: Vec<String>,
}

impl StemDictionary {
    /// Parses `simplified<TAB>stem stem …` lines; malformed lines are skipped.
    pub(super) fn parse(text: &str) -> StemDictionary {
        let mut dictionary = StemDictionary::default();
        for line in text.lines() {
            let Some((headword, stems)) = line.split_once('\t') else { continue };
            let mut ids: Vec<u32> =
                stems.split(' ').filter(|s| !s.is_empty()).map(|s| dictionary.intern(s)).collect();
            ids.sort_unstable();
            ids.dedup();
            if !ids.is_empty() {
                dictionary.entries.insert(headword.to_owned(), ids);
            }
        }
        dictionary
    }

    /// Number of headwords.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Number of distinct stems; stem ids are `0..stem_count()`.
    pub(super) fn stem_count(&self) -> usize {
        self.stem_ids.len()
    }

    fn intern(&mut self, stem: &str) -> u32 {
        if let Some(id) = self.stem_ids.get(stem) {
            return *id;
        }
        let next_id = u32::try_from(self.stem_ids.len()).unwrap_or(u32::MAX);
        self.stem_ids.insert(stem.to_owned(), next_id);
        self.stems.push(stem.to_owned());
        next_id
    }

    /// The gloss stems of the headword `zh` (none if it is not one).
    pub(crate) fn stems_of(&self, zh: &str) -> Vec<&str> {
        self.entries.get(zh).map_or_else(Vec::new, |ids| {
            ids.iter().filter_map(|id| self.stems.get(*id as usize)).map(String::as_str).collect()
        })
    }

    /// The id of an English stem, if any gloss contains it.
    pub(crate) fn stem_id(&self, stem: &str) -> Option<u32> {
        self.stem_ids.get(stem).copied()
    }

    /// Whether simplified `chars` is one headword of two to [`MAX_WORD_CHARS`] Han characters:
    /// a word [`StemDictionary::match_word_spans`] can find.
    pub(crate) fn is_word(&self, chars: &[char]) -> bool {
        (2..=MAX_WORD_CHARS).contains(&chars.len())
            && chars.iter().all(|c| is_han(*c))
            && self.entries.contains_key(&chars.iter().collect::<String>())
    }

    /// Forward maximum matching over the Han characters of simplified `chars`: `(start, end,
    /// stems)` for every word of two or more characters found, as character ranges.
    pub(crate) fn match_word_spans(&self, chars: &[char]) -> Vec<(usize, usize, &[u32])> {
        let mut words = Vec::new();
        let mut start = 0;
        let mut candidate = String::new();
        while start < chars.len() {
            if !is_han(chars[start]) {
                start += 1;
                continue;
            }
            let mut end = (start + MAX_WORD_CHARS).min(chars.len());
            let mut found = None;
            while end > start + 1 {
                if chars[start..end].iter().all(|c| is_han(*c)) {
                    candidate.clear();
                    candidate.extend(&chars[start..end]);
                    if let Some(stems) = self.entries.get(&candidate) {
                        found = Some((end, stems.as_slice()));
                        break;
                    }
                }
                end -= 1;
            }
            match found {
                Some((word_end, stems)) => {
                    words.push((start, word_end, stems));
                    start = word_end;
                }
                None => start += 1,
            }
        }
        words
    }

    /// Forward maximum matching over the Han runs of simplified `text`: the gloss stems of every
    /// word of two or more characters found (single characters are too ambiguous to count).
    pub(super) fn match_words(&self, text: &str) -> Vec<&[u32]> {
        let chars: Vec<char> = text.chars().collect();
        self.match_word_spans(&chars).into_iter().map(|(_, _, stems)| stems).collect()
    }
}

/// Lower-cased English content-word stems of `text`, as in `build_stems.py`.
pub(super) fn english_stems(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 3)
        .map(str::to_ascii_lowercase)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
        .map(|word| word.chars().take(5).collect())
}

/// True for CJK unified ideographs (basic block, extension A and compatibility ideographs).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The embedded file is fixed at build time and checked by a test; a failure yields an empty
/// dictionary (alignment then runs on the other signals) rather than a panic.
fn decompress(bytes: &[u8]) -> String {
    let mut text = String::new();
    if flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).is_err() {
        text.clear();
    }
    text
}
