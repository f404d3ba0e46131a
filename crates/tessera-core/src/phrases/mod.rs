//! Phrase alignment of the translation memory: word links inside every bilingual unit, the phrase
//! pairs they imply, and the fragment table that answers "how does the memory render this span?".
//!
//! - [`WordAligner::train`] estimates an anchored IBM-1 → HMM word-alignment model on the
//!   memory (both directions, EM); [`WordAligner::align`] links the words of one unit
//!   (Chinese characters to English tokens), symmetrised with grow-diag-final-and.
//! - [`AlignedUnit::phrase_pairs`] extracts the phrase pairs consistent with those links
//!   (Koehn, Och & Marcu 2003), short spans only.
//! - [`FragmentTable`] collects phrase pairs over the memory: Chinese phrase → English renderings
//!   with counts and example units, ranked best first; it is what fragment suggestions and
//!   term mining read.
//!
//! Pure and deterministic: no IO, no clock, no randomness; equal input gives equal tables.
//!
//! ```
//! use tessera_core::phrases::{FragmentTable, PhraseLimits, TrainingOptions, WordAligner};
//!
//! let memory = [
//!     ("章勇武会见了客人。", "Zhang Yongwu met the guests."),
//!     ("3月2日，章勇武在重庆调研。", "On March 2, Zhang Yongwu made a survey in Chongqing."),
//! ];
//! let aligner = WordAligner::train(memory.iter().copied(), &[], &TrainingOptions::default());
//! let mut table = FragmentTable::default();
//! for (id, (zh, en)) in memory.iter().enumerate() {
//!     let unit = aligner.align(zh, en);
//!     table.add_unit(id as u64, &unit.phrase_pairs(&PhraseLimits::default()));
//! }
//! assert_eq!(table.renderings("章勇武")[0].en, "Zhang Yongwu");
//! ```

mod eval;
mod evidence;
mod fragments;
mod model;
mod sentence;
mod suggest;

#[cfg(test)]
mod tests;

use std::ops::Range;

pub use crate::phrases::{
    eval::{AlignmentScores, LinkCounts, dice_alignment, score_links},
    fragments::{Fragment, FragmentTable},
    model::TrainingOptions,
    sentence::{EnglishToken, english_tokens},
    suggest::{
        Suggestion, SuggestionOrigin, SuggestionStatus, TermLexicon, TermRendering, fragment_key,
        looks_like_name, name_spans, rendering_completes, suggest,
    },
};
use crate::phrases::{
    evidence::{SentenceGlosses, sounds_like},
    model::Parameters,
    sentence::{PreparedUnit, prepare_unit},
};

/// Changes whenever alignment does, so that phrase tables built by an older aligner are rebuilt.
const ALIGNER_MAGIC: &[u8; 8] = b"TSWALN02";

/// A trained word aligner: the model plus the dictionary whose entries are hard anchors.
#[derive(Debug, Clone)]
pub struct WordAligner {
    parameters: Parameters,
    dictionary: Vec<(String, String)>,
}

/// One unit's word alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedUnit {
    /// The Chinese text, normalised for lookup (simplified, half-width), one character per
    /// character of the original.
    pub zh_normalised: Vec<char>,
    /// The English text as given.
    pub en: String,
    /// Chinese tokens as ranges of `zh.chars()` (a Han character, or an ASCII letter/digit run).
    pub zh_tokens: Vec<Range<usize>>,
    /// English tokens, punctuation included.
    pub en_tokens: Vec<EnglishToken>,
    /// Links `(Chinese token, English token)`, sorted.
    pub links: Vec<(usize, usize)>,
}

/// Longest phrases extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseLimits {
    /// Most Chinese tokens in a phrase.
    pub max_zh_tokens: usize,
    /// Most English tokens in a phrase (punctuation included).
    pub max_en_tokens: usize,
    /// Fewest Chinese characters in a phrase.
    pub min_zh_chars: usize,
}

impl Default for PhraseLimits {
    /// Sixteen Chinese tokens: a national organisation's full name runs to thirteen characters
    /// (中国民间组织国际交流促进会) and more.
    fn default() -> PhraseLimits {
        PhraseLimits { max_zh_tokens: 16, max_en_tokens: 14, min_zh_chars: 2 }
    }
}

/// Most unlinked Chinese tokens a phrase takes on at either edge.
const MAX_UNLINKED_EDGE: usize = 3;

/// A phrase pair consistent with a unit's word alignment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhrasePair {
    /// Range of `zh.chars()` covered.
    pub zh_chars: Range<usize>,
    /// The Chinese phrase, normalised (simplified, half-width).
    pub zh: String,
    /// The English phrase as written.
    pub en: String,
}

impl WordAligner {
    /// Trains on `units` (`(zh, en)` pairs). `dictionary` holds `(zh, en)` pairs known to be
    /// translations (approved terms); their occurrences are hard links. Larger memories than
    /// `options.max_training_units` are sampled evenly for estimation.
    pub fn train<'a>(
        units: impl ExactSizeIterator<Item = (&'a str, &'a str)>,
        dictionary: &[(String, String)],
        options: &TrainingOptions,
    ) -> WordAligner {
        let step = units.len().div_ceil(options.max_training_units.max(1)).max(1);
        let prepared = units.step_by(step).map(|(zh, en)| prepare_unit(zh, en, dictionary));
        WordAligner {
            parameters: Parameters::train(prepared, options),
            dictionary: dictionary.to_vec(),
        }
    }

    /// An aligner with no statistics: anchors only.
    pub fn anchors_only(dictionary: &[(String, String)]) -> WordAligner {
        WordAligner { parameters: Parameters::untrained(), dictionary: dictionary.to_vec() }
    }

    /// Number of distinct co-occurring word pairs the model knows.
    pub fn n_word_pairs(&self) -> usize {
        self.parameters.pair_zh.len()
    }

    /// The aligner as bytes: model and dictionary (equal aligners give equal bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(ALIGNER_MAGIC);
        model::put_u32(&mut out, self.dictionary.len());
        for (zh, en) in &self.dictionary {
            for text in [zh, en] {
                model::put_u32(&mut out, text.len());
                out.extend_from_slice(text.as_bytes());
            }
        }
        self.parameters.write_bytes(&mut out);
        out
    }

    /// Reads [`WordAligner::to_bytes`]; `None` for bytes it did not write.
    pub fn from_bytes(bytes: &[u8]) -> Option<WordAligner> {
        let mut reader = model::ByteReader { bytes, at: 0 };
        if reader.take(ALIGNER_MAGIC.len())? != ALIGNER_MAGIC {
            return None;
        }
        let n = reader.u32()? as usize;
        let mut dictionary = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            dictionary.push((reader.string()?, reader.string()?));
        }
        let parameters = Parameters::read_bytes(&mut reader)?;
        (reader.at == bytes.len()).then_some(WordAligner { parameters, dictionary })
    }

    /// Aligns one unit with the trained model (no training happens).
    pub fn align(&self, zh: &str, en: &str) -> AlignedUnit {
        let unit = prepare_unit(zh, en, &self.dictionary);
        let token_links = self.parameters.align(&unit);
        aligned_unit(unit, en, &token_links)
    }
}

fn aligned_unit(unit: PreparedUnit, en: &str, token_links: &[(usize, usize)]) -> AlignedUnit {
    let mut links: Vec<(usize, usize)> =
        token_links.iter().map(|&(zh, position)| (zh, unit.en_positions[position])).collect();
    links.sort_unstable();
    AlignedUnit {
        zh_tokens: unit.zh_tokens.iter().map(|t| t.chars.clone()).collect(),
        zh_normalised: unit.zh_chars,
        en: en.to_owned(),
        en_tokens: unit.en_tokens,
        links,
    }
}

/// English words a phrase neither starts nor ends with: closed-class words (prepositions,
/// conjunctions, determiners, pronouns, auxiliaries) that a loose link brings in at a phrase's
/// edge (`including Slovakia`, `between Shenzhen`, `CIIE is`), never the first or last word of
/// a name or title. Modals that are also names or months (`May`, `Will`) are left out.
fn is_edge_word(token: &str) -> bool {
    const EDGE_WORDS: &[&str] = &[
        "of",
        "the",
        "and",
        "a",
        "an",
        "to",
        "in",
        "for",
        "on",
        "at",
        "by",
        "with",
        "as",
        "from",
        "or",
        "that",
        "which",
        "who",
        "its",
        "their",
        "his",
        "her",
        ".",
        "-",
        "including",
        "between",
        "among",
        "into",
        "through",
        "during",
        "than",
        "but",
        "not",
        "this",
        "these",
        "those",
        "our",
        "my",
        "your",
        "we",
        "he",
        "she",
        "they",
        "it",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "would",
        "should",
        "could",
        "also",
    ];
    EDGE_WORDS.iter().any(|word| token.eq_ignore_ascii_case(word))
}

/// English punctuation a phrase may not contain (it would cross a clause).
fn breaks_phrase(token: &EnglishToken) -> bool {
    matches!(token.text.as_str(), "," | ";" | ":" | "!" | "?" | "\"" | "“" | "”" | "(" | ")" | "，")
}

/// Words that join the parts of an English name or title (`Network for International
/// Exchanges`, `Bureau of the CPC Central Committee`).
const NAME_CONNECTORS: &[&str] = &["of", "for", "with", "the", "and", "-"];

/// English adjectives that follow the title they modify (`director general`, `president elect`).
pub(crate) const POSTPOSITIVE_TITLE_WORDS: &[&str] = &["general", "elect", "designate"];

/// Whether an English token is a capitalised word (`Network`, `NGO`, `People's`), not a
/// function word written at a sentence's start.
fn is_capitalised_word(token: &str) -> bool {
    token.starts_with(|c: char| c.is_uppercase()) && !is_edge_word(token)
}

impl AlignedUnit {
    /// The last English token of the phrase `en_min..=en_max`, completed over the unaligned
    /// words after it that continue the same name or title. After a capitalised last word (or
    /// connectors that follow one): capitalised words, possibly joined by connectors (`China
    /// NGO Network` + `for International Exchanges`), unless the name goes on with linked words.
    /// After a lower-case last word: a postpositive title word (`deputy director` + `general`).
    /// A word aligner leaves such words unlinked when the Chinese has no word for them, and the
    /// rendering without them is only part of the name. The completion ends with a word of the
    /// name, never with a connector. Words before the phrase are left alone: there an unlinked
    /// capitalised word is mostly a title the Chinese does not write (`President` before `Xi
    /// Jinping`).
    fn complete_noun_phrase(&self, en_links: &[Vec<usize>], en_min: usize, en_max: usize) -> usize {
        let text = |j: usize| self.en_tokens[j].text.as_str();
        let unaligned = |j: usize| en_links[j].is_empty();
        let is_connector =
            |j: usize| NAME_CONNECTORS.iter().any(|c| text(j).eq_ignore_ascii_case(c));
        let n_en = self.en_tokens.len();
        // The phrase's last word, before connectors it ends with (`Network for`).
        let mut word_end = en_max;
        while word_end > en_min && is_connector(word_end) {
            word_end -= 1;
        }
        if is_capitalised_word(text(word_end)) {
            let mut last = word_end;
            let mut j = word_end + 1;
            while j < n_en && (j <= en_max || unaligned(j)) {
                if j > en_max && is_capitalised_word(text(j)) {
                    last = j;
                } else if !is_connector(j) {
                    break;
                }
                j += 1;
            }
            // Words of a longer name that goes on with linked words (`Sichuan` + `International
            // Studies` + `University`) are not this phrase's.
            if last > en_max && !(last + 1 < n_en && is_capitalised_word(text(last + 1))) {
                return last;
            }
        } else if word_end == en_max
            && en_max + 1 < n_en
            && unaligned(en_max + 1)
            && text(en_max).starts_with(|c: char| c.is_lowercase())
            && POSTPOSITIVE_TITLE_WORDS.contains(&text(en_max + 1))
        {
            return en_max + 1;
        }
        en_max
    }

    /// The first token of the head of the phrase `span` (Chinese tokens) rendered `rendering`
    /// (English tokens), when a modifier word before the head (two or more characters) is
    /// linked only to words the head is linked to as well: 国家主席 → `President` with 国家
    /// and 主席 both linked to `President`. The head alone is then rendered the same way,
    /// although no phrase consistent with the links holds it (`President` is linked outside
    /// 主席). The head is the shortest suffix that is a CC-CEDICT word and is linked to every
    /// linked word of the rendering (Chinese puts the head last), so a piece of a word and a
    /// name (席胡锦涛) is never one.
    fn head_carrying_all(
        &self,
        zh_links: &[Vec<usize>],
        span: std::ops::RangeInclusive<usize>,
        rendering: std::ops::RangeInclusive<usize>,
    ) -> Option<usize> {
        let (start, end) = (*span.start(), *span.end());
        // A modifier and a head of two characters each at least.
        if self.zh_tokens[end].end - self.zh_tokens[start].start < 4 {
            return None;
        }
        let linked: Vec<usize> =
            rendering.filter(|j| (start..=end).any(|t| zh_links[t].contains(j))).collect();
        let n_chars = |range: std::ops::RangeInclusive<usize>| -> usize {
            range.map(|t| self.zh_tokens[t].len()).sum()
        };
        let is_word = |head: usize| {
            let chars = &self.zh_normalised[self.zh_tokens[head].start..self.zh_tokens[end].end];
            matches!(
                crate::alignment::dictionary::DICTIONARY.match_word_spans(chars).as_slice(),
                [(0, word_end, _)] if *word_end == chars.len()
            )
        };
        (start + 1..=end).rev().find(|&head| {
            n_chars(head..=end) >= 2
                && n_chars(start..=head - 1) >= 2
                && !zh_links[head].is_empty()
                && !linked.is_empty()
                && linked.iter().all(|j| (head..=end).any(|t| zh_links[t].contains(j)))
                && is_word(head)
        })
    }

    /// How many unlinked Chinese tokens stand right before `start` and right after `end`
    /// (at most [`MAX_UNLINKED_EDGE`] each), no punctuation but a name's middle dot between.
    fn unlinked_edges(
        &self,
        zh_links: &[Vec<usize>],
        start: usize,
        end: usize,
        limits: &PhraseLimits,
    ) -> (usize, usize) {
        let joined = |left: usize| {
            (self.zh_tokens[left].end..self.zh_tokens[left + 1].start)
                .all(|c| matches!(self.zh_normalised[c], '·' | '•' | '-'))
        };
        let room = limits.max_zh_tokens.saturating_sub(end + 1 - start).min(MAX_UNLINKED_EDGE);
        let mut n_before = 0;
        while n_before < room
            && start > n_before
            && zh_links[start - n_before - 1].is_empty()
            && joined(start - n_before - 1)
        {
            n_before += 1;
        }
        let mut n_after = 0;
        while n_after < room
            && end + n_after + 1 < self.zh_tokens.len()
            && zh_links[end + n_after + 1].is_empty()
            && joined(end + n_after)
        {
            n_after += 1;
        }
        (n_before, n_after)
    }

    /// Links `(index in zh.chars(), English token)`, every character of a token linked.
    pub fn character_links(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for &(zh, en) in &self.links {
            for c in self.zh_tokens[zh].clone() {
                out.push((c, en));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// For every English token, the tokens of the written word it belongs to: tokens written
    /// together with no space, joined by a dot, hyphen or slash between word tokens (`U.S.`,
    /// `Vice-President`, `Sang-wook`), the dot that ends a dotted abbreviation included. A
    /// phrase's rendering never starts or ends inside a written word: `S. President` and `Vice`
    /// are pieces of `U.S. President` and `Vice-President`, never renderings of their own.
    fn written_words(&self) -> Vec<Range<usize>> {
        let tokens = &self.en_tokens;
        let touching = |j: usize| tokens[j].bytes.end == tokens[j + 1].bytes.start;
        let is_joint = |j: usize| matches!(tokens[j].text.as_str(), "." | "-" | "‐" | "/");
        let mut words = vec![0..0; tokens.len()];
        let mut start = 0;
        while start < tokens.len() {
            let mut end = start + 1;
            if tokens[start].is_content() {
                // word (joint word)*
                while end + 1 < tokens.len()
                    && is_joint(end)
                    && tokens[end + 1].is_content()
                    && touching(end - 1)
                    && touching(end)
                {
                    end += 2;
                }
                // The dot that ends a dotted abbreviation (`U.S.`), not a sentence's full stop
                // after a word.
                let dotted = (start..end).any(|j| tokens[j].text == ".");
                if dotted
                    && end < tokens.len()
                    && tokens[end].text == "."
                    && touching(end - 1)
                    && tokens[end - 1].text.len() <= 2
                {
                    end += 1;
                }
            }
            for word in &mut words[start..end] {
                *word = start..end;
            }
            start = end;
        }
        words
    }

    #[allow(clippy::needless_range_loop)] // `end` walks the span and indexes two tables.
    /// Phrase pairs consistent with the links: every link of a covered English token falls in
    /// the Chinese span and vice versa, both ends linked, no clause punctuation inside, the
    /// English made of whole written words ([`AlignedUnit::written_words`]).
    pub fn phrase_pairs(&self, limits: &PhraseLimits) -> Vec<PhrasePair> {
        let n_zh = self.zh_tokens.len();
        let words = self.written_words();
        let mut zh_links: Vec<Vec<usize>> = vec![Vec::new(); n_zh];
        let mut en_links: Vec<Vec<usize>> = vec![Vec::new(); self.en_tokens.len()];
        for &(zh, en) in &self.links {
            zh_links[zh].push(en);
            en_links[en].push(zh);
        }
        let mut pairs = Vec::new();
        let mut glosses: Option<SentenceGlosses> = None;
        for start in 0..n_zh {
            if zh_links[start].is_empty() {
                continue;
            }
            let (mut en_min, mut en_max) = (usize::MAX, 0);
            for end in start..n_zh.min(start + limits.max_zh_tokens) {
                // The Chinese span may not cross punctuation other than a name's middle dot.
                if end > start {
                    let gap = self.zh_tokens[end - 1].end..self.zh_tokens[end].start;
                    if gap.clone().any(|c| !matches!(self.zh_normalised[c], '·' | '•' | '-')) {
                        break;
                    }
                }
                for &en in &zh_links[end] {
                    en_min = en_min.min(en);
                    en_max = en_max.max(en);
                }
                if zh_links[end].is_empty() || en_min == usize::MAX {
                    continue;
                }
                if en_max - en_min + 1 > limits.max_en_tokens {
                    break;
                }
                let (en_min, en_max) = (words[en_min].start, words[en_max].end - 1);
                let consistent = (en_min..=en_max).all(|en| {
                    en_links[en].iter().all(|&zh| (start..=end).contains(&zh))
                        && !breaks_phrase(&self.en_tokens[en])
                });
                if !consistent {
                    continue;
                }
                let chars = self.zh_tokens[start].start..self.zh_tokens[end].end;
                let (n_before, n_after) = self.unlinked_edges(&zh_links, start, end, limits);
                if chars.len() < limits.min_zh_chars && n_before == 0 && n_after == 0 {
                    continue;
                }
                // A name or title whose last words went unaligned is completed with them,
                // within the length limit.
                let completed = self.complete_noun_phrase(&en_links, en_min, en_max);
                let en_max = if completed - en_min < limits.max_en_tokens
                    && words[completed].end == completed + 1
                {
                    completed
                } else {
                    en_max
                };
                // Function words at the edges came with a loose link (`director of`); a
                // rendering neither starts nor ends with one. A word written with others
                // (`U.S.`) is not a function word.
                let edge = |j: usize| words[j].len() == 1 && is_edge_word(&self.en_tokens[j].text);
                let (mut first, mut last) = (en_min, en_max);
                while first < last && edge(first) {
                    first += 1;
                }
                while last > first && edge(last) {
                    last -= 1;
                }
                if edge(first) {
                    continue;
                }
                let bytes = self.en_tokens[first].bytes.start..self.en_tokens[last].bytes.end;
                let en = &self.en[bytes];
                // The same rendering for the span with the unlinked characters beside it, as
                // Koehn, Och & Marcu's extraction has it, when they complete a dictionary word
                // or the rendering's sound verifies the whole: a name's characters the aligner
                // left unlinked (兰 of 兰卡斯特 linked to `Lancaster`, 卡斯特 not) are still the
                // name's, while an unlinked neighbour word (吉林 before 省委 as `Party
                // Committee`) is not.
                for n_left in 0..=n_before {
                    for n_right in 0..=n_after {
                        let widened =
                            self.zh_tokens[start - n_left].start..self.zh_tokens[end + n_right].end;
                        if (n_left, n_right) == (0, 0)
                            || widened.len() < limits.min_zh_chars
                            || end + n_right + 1 - (start - n_left) > limits.max_zh_tokens
                        {
                            continue;
                        }
                        let glosses = glosses
                            .get_or_insert_with(|| SentenceGlosses::new(&self.zh_normalised));
                        // Completed dictionary words: each side's added characters make one
                        // CC-CEDICT word with the linked character beside them (市 with 委 of
                        // 市委外办), after a span of two characters or more: one character's
                        // link is too often a loose one (理 of 理事长 to `Mr`).
                        let completes_words = chars.len() >= 2
                            && (n_left == 0 || glosses.holds_word(widened.start..chars.start + 1))
                            && (n_right == 0 || glosses.holds_word(chars.end - 1..widened.end));
                        if !completes_words
                            && !sounds_like(&self.zh_normalised[widened.clone()], en)
                        {
                            continue;
                        }
                        pairs.push(PhrasePair {
                            zh: self.zh_normalised[widened.clone()].iter().collect(),
                            zh_chars: widened,
                            en: en.to_owned(),
                        });
                    }
                }
                if chars.len() < limits.min_zh_chars {
                    continue;
                }
                if let Some(head) = self.head_carrying_all(&zh_links, start..=end, first..=last) {
                    let head_chars = self.zh_tokens[head].start..chars.end;
                    pairs.push(PhrasePair {
                        zh: self.zh_normalised[head_chars.clone()].iter().collect(),
                        zh_chars: head_chars,
                        en: en.to_owned(),
                    });
                }
                pairs.push(PhrasePair {
                    zh: self.zh_normalised[chars.clone()].iter().collect(),
                    zh_chars: chars,
                    en: en.to_owned(),
                });
            }
        }
        pairs
    }
}
