//! Evidence for a memory rendering of a span beyond the word aligner's links: the sound of a name
//! and the dictionary's glosses, the two signals that carried to unseen text in term mining.
//!
//! A rendering is *verified by sound* when it is the span's pinyin (a Chinese person or place
//! name: 章勇武 ↔ `Zhang Yongwu`, either order) or a foreign name whose syllables
//! [`transliteration_score`] finds in order (兰卡斯特 ↔ `Lancaster`; a given name may stand before
//! the surname the Chinese writes alone: 拜登 ↔ `Joe Biden`); *verified by the dictionary* when
//! CC-CEDICT glosses of words inside the span (or their pinyin, for place names inside a title)
//! explain every content word of the rendering and those words cover most of the span (墨西哥驻华
//! 大使 ↔ `Mexican Ambassador to China`). Neither signal invents a rendering: both only rank the
//! renderings the memory's alignment proposed. A rendering neither verifies is the aligner's word
//! alone; fragment suggestions rank verified renderings first.

use std::{collections::HashSet, sync::LazyLock};

use crate::{
    alignment::{
        cedict_stems,
        dictionary::STOP_WORDS,
        pinyin_names::readings,
        transliteration::{
            TRANSLITERATION_CHARACTERS, TRANSLITERATION_FLOOR, consonant_syllables,
            english_classes, transliteration_score,
        },
    },
    text::is_han,
};

/// How a rendering of a span is supported besides the aligner's links, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verification {
    /// A word of the rendering is the pinyin of the characters right before or after the span:
    /// the links ran over a neighbouring name (`President Xi` for 主席 in 主席习近平,
    /// `Municipal Government of Changchun` for 市政府 in 长春市政府).
    SpellsNeighbour,
    /// Neither the sound nor the dictionary speaks for it.
    Unverified,
    /// CC-CEDICT glosses of the span's words explain the rendering.
    Dictionary,
    /// The rendering sounds like the span: its pinyin or its transliteration.
    Sound,
}

/// Longest Chinese word looked up inside a span, in characters.
const MAX_GLOSSED_CHARS: usize = 4;

/// Most characters of a name checked by its sound (dots excluded).
const MAX_NAME_CHARS: usize = 8;

/// Characters that separate the parts of a foreign name (`帕利塔•科霍纳`).
const NAME_DOTS: &[char] = &['·', '•', '.', '-', '‧', '・'];

/// The CC-CEDICT words inside one source sentence, looked up once for all its spans.
pub(crate) struct SentenceGlosses {
    /// `(start, end, gloss stems)` for every sub-span of up to [`MAX_GLOSSED_CHARS`] Han
    /// characters that is a headword.
    words: Vec<(usize, usize, Vec<&'static str>)>,
}

impl SentenceGlosses {
    /// Looks up every short run of Han characters of the normalised sentence `chars`.
    pub(crate) fn new(chars: &[char]) -> SentenceGlosses {
        let mut words = Vec::new();
        let mut key = String::new();
        for start in 0..chars.len() {
            for end in start + 1..=(start + MAX_GLOSSED_CHARS).min(chars.len()) {
                if !is_han(chars[end - 1]) {
                    break;
                }
                key.clear();
                key.extend(&chars[start..end]);
                let stems = cedict_stems(&key);
                if !stems.is_empty() {
                    words.push((start, end, stems));
                }
            }
        }
        SentenceGlosses { words }
    }

    /// Whether a CC-CEDICT word of the sentence covers the characters `span`.
    pub(crate) fn holds_word(&self, span: std::ops::Range<usize>) -> bool {
        self.words.iter().any(|(start, end, _)| *start <= span.start && span.end <= *end)
    }

    /// How `rendering` of the span `start..end` of `chars` is verified.
    pub(crate) fn verify(
        &self,
        chars: &[char],
        start: usize,
        end: usize,
        rendering: &str,
    ) -> Verification {
        let span = &chars[start..end];
        if sounds_like(span, rendering) {
            return Verification::Sound;
        }
        if spells_a_neighbour(chars, start, end, rendering) {
            return Verification::SpellsNeighbour;
        }
        if self.explains(chars, start, end, rendering) {
            return Verification::Dictionary;
        }
        Verification::Unverified
    }

    /// Whether words inside `start..end` explain every content word of `rendering` (through a
    /// gloss, or a place's pinyin) and the rendering explains words of the span (CC-CEDICT's
    /// segmentation, single characters between them) that hold at least half its characters.
    fn explains(&self, chars: &[char], start: usize, end: usize, rendering: &str) -> bool {
        let words: Vec<String> = rendering
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|word| word.len() >= 3 && !STOP_WORDS.contains(&word.to_lowercase().as_str()))
            .map(str::to_ascii_lowercase)
            .collect();
        if words.is_empty() {
            return false;
        }
        let stems: Vec<String> = words.iter().map(|word| word.chars().take(5).collect()).collect();
        // Only a capitalised word may be a place's pinyin.
        let capitalised: Vec<String> = rendering
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|word| word.starts_with(|c: char| c.is_ascii_uppercase()))
            .map(str::to_ascii_lowercase)
            .collect();
        // Whether the Chinese word `word_start..word_end` renders one of the rendering's words.
        let renders_a_word = |word_start: usize, word_end: usize, glossed: Option<&[&str]>| {
            glossed.is_some_and(|glossed| stems.iter().any(|stem| glossed.contains(&stem.as_str())))
                || (word_end - word_start >= 2
                    && words.iter().any(|word| spells(&chars[word_start..word_end], word)))
        };
        let glosses_of = |word_start: usize, word_end: usize| {
            self.words
                .iter()
                .find(|(s, e, _)| *s == word_start && *e == word_end)
                .map(|(_, _, glossed)| glossed.as_slice())
        };
        // Every content word of the rendering is some word's gloss or a place's pinyin.
        let explained = |word: &str, stem: &str| {
            self.words
                .iter()
                .any(|(s, e, glossed)| *s >= start && *e <= end && glossed.contains(&stem))
                || (capitalised.iter().any(|known| known == word)
                    && (start..end).any(|name_start| {
                        (name_start + 2..=(name_start + 3).min(end))
                            .any(|name_end| spells(&chars[name_start..name_end], word))
                    }))
        };
        if !words.iter().zip(&stems).all(|(word, stem)| explained(word, stem)) {
            return false;
        }
        // The span's words, longest first from the left, that the rendering renders.
        let mut covered = 0;
        let mut at = start;
        while at < end {
            let word_end = (at + 1..=(at + MAX_GLOSSED_CHARS).min(end))
                .rev()
                .find(|word_end| glosses_of(at, *word_end).is_some())
                .unwrap_or(at + 1);
            if renders_a_word(at, word_end, glosses_of(at, word_end)) {
                covered += word_end - at;
            }
            at = word_end;
        }
        covered * 2 >= end - start
    }
}

/// Whether `rendering` is a name that sounds like the span `span`: its pinyin, in either order
/// of surname and given name, or a foreign name whose syllables are found in order in its last
/// words (at most one given name before them).
pub(crate) fn sounds_like(span: &[char], rendering: &str) -> bool {
    let syllables: Vec<char> = span.iter().copied().filter(|c| !NAME_DOTS.contains(c)).collect();
    if syllables.len() < 2
        || syllables.len() > MAX_NAME_CHARS
        || !syllables.iter().all(|c| is_han(*c))
        || !span.first().is_some_and(|c| is_han(*c))
        || !span.last().is_some_and(|c| is_han(*c))
    {
        return false;
    }
    let words: Vec<&str> = rendering.split_whitespace().collect();
    let is_name_word = |word: &&str| {
        word.starts_with(|c: char| c.is_ascii_uppercase())
            && word.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '\'' | '’'))
    };
    if words.is_empty() || words.len() > 4 || !words.iter().all(is_name_word) {
        return false;
    }
    let letters = |words: &[&str]| -> String {
        words.iter().flat_map(|w| w.chars()).filter(char::is_ascii_alphabetic).collect::<String>()
    };
    // Pinyin: the words in order, or the surname written last.
    if syllables.len() <= 4 {
        let in_order = letters(&words).to_ascii_lowercase();
        let mut surname_last = words.clone();
        surname_last.rotate_right(1);
        let surname_last = letters(&surname_last).to_ascii_lowercase();
        if spells(&syllables, &in_order) || spells(&syllables, &surname_last) {
            return true;
        }
    }
    // A transliteration: the Chinese writes the surname alone, the English may add a given name.
    // English written wholly in pinyin is a Chinese name, which only its own pinyin verifies
    // (`Guangzhou` is no transliteration of 深圳, though 圳 may also be read `huai`).
    if words.iter().all(|word| is_pinyin(&word.to_ascii_lowercase())) {
        return false;
    }
    // Most characters are of the kind that transliterates foreign names (市政府外办 is no
    // name, though 市 may be read `fu` and its syllables then sound like `Foreign Affairs`).
    let foreign = syllables.iter().filter(|c| TRANSLITERATION_CHARACTERS.contains(**c)).count();
    if foreign * 2 <= syllables.len() {
        return false;
    }
    let zh: String = syllables.iter().collect();
    let n_sounds = consonant_syllables(&zh);
    if n_sounds < 2 {
        return false;
    }
    let floor = if n_sounds == 2 { 1.0 } else { TRANSLITERATION_FLOOR };
    let sounds = |words: &[&str]| {
        let english = words.join(" ");
        english_classes(&english).len() <= 2 * n_sounds + 2
            && transliteration_score(&zh, &english) >= floor
    };
    // Without the given name, every syllable must be heard: a single word has fewer consonants
    // to match by chance (`University` holds three of 兰卡斯特's four).
    sounds(&words)
        || (words.len() >= 2
            && !is_title_word(words[0])
            && transliteration_score(&zh, &words[1..].join(" ")) >= 1.0
            && english_classes(&words[1..].join(" ")).len() <= 2 * n_sounds + 2)
}

/// Most characters of a neighbouring name checked for its pinyin.
const MAX_NEIGHBOUR_CHARS: usize = 3;

/// Whether a capitalised word of `rendering` is the pinyin of one to three characters right
/// before or right after the span `start..end` of `chars` (and not of two or more of the span's
/// own characters).
fn spells_a_neighbour(chars: &[char], start: usize, end: usize, rendering: &str) -> bool {
    let words: Vec<String> = rendering
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        return false;
    }
    let han = |range: std::ops::Range<usize>| chars[range].iter().all(|c| is_han(*c));
    let spelt = |range: std::ops::Range<usize>| {
        han(range.clone()) && words.iter().any(|word| spells(&chars[range.clone()], word))
    };
    // A word the span's own name spells is the span's (a single character's reading is too
    // common to count: 席 is read `xi`).
    let inside = || {
        (start..end).any(|from| {
            (from + 2..=(from + MAX_NEIGHBOUR_CHARS).min(end)).any(|to| spelt(from..to))
        })
    };
    let beside = (1..=MAX_NEIGHBOUR_CHARS).any(|n_chars| {
        (n_chars <= start && spelt(start - n_chars..start))
            || (end + n_chars <= chars.len() && spelt(end..end + n_chars))
    });
    beside && !inside()
}

/// Words that stand before a name as its title, never as a given name.
fn is_title_word(word: &str) -> bool {
    const TITLES: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "madam",
        "president",
        "premier",
        "minister",
        "secretary",
        "ambassador",
        "consul",
        "mayor",
        "governor",
        "chairman",
        "director",
        "king",
        "queen",
        "prince",
        "princess",
        "general",
        "senator",
        "professor",
        "vice",
        "deputy",
        "chancellor",
    ];
    TITLES.contains(&word.to_ascii_lowercase().as_str())
}

/// Every plain pinyin syllable, read off the CJK unified ideographs once.
static PINYIN_SYLLABLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| ('\u{4e00}'..='\u{9fff}').flat_map(readings).collect());

/// Longest pinyin syllable, in letters (`zhuang`).
const MAX_SYLLABLE_LETTERS: usize = 6;

/// Whether the lower-case `word` is a run of pinyin syllables (`guangzhou`, `jilin`).
fn is_pinyin(word: &str) -> bool {
    let letters = word.as_bytes();
    if letters.is_empty() || !word.is_ascii() {
        return false;
    }
    // reachable[i]: the first i letters are whole syllables.
    let mut reachable = vec![false; letters.len() + 1];
    reachable[0] = true;
    for from in 0..letters.len() {
        if !reachable[from] {
            continue;
        }
        for to in from + 1..=(from + MAX_SYLLABLE_LETTERS).min(letters.len()) {
            if PINYIN_SYLLABLES.contains(&word[from..to]) {
                reachable[to] = true;
            }
        }
    }
    reachable[letters.len()]
}

/// Whether the pinyin of `chars`, one reading per character, spells `spelling` exactly.
pub(crate) fn spells(chars: &[char], spelling: &str) -> bool {
    let Some((first, rest)) = chars.split_first() else { return spelling.is_empty() };
    readings(*first).iter().any(|reading| {
        spelling.strip_prefix(reading).is_some_and(|remainder| spells(rest, remainder))
    })
}

#[cfg(test)]
mod tests {
    use super::{SentenceGlosses, Verification, sounds_like};

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn a_name_sounds_like_its_pinyin_or_its_transliteration() {
        assert!(sounds_like(&chars("章勇武"), "Zhang Yongwu"));
        assert!(sounds_like(&chars("章勇武"), "Yongwu Zhang"));
        assert!(sounds_like(&chars("兰卡斯特"), "Lancaster"));
        assert!(sounds_like(&chars("帕利塔•科霍纳"), "Palitha Kohona"));
        // The Chinese writes the surname alone; the English may add the given name.
        assert!(sounds_like(&chars("拜登"), "Joe Biden"));
        // A title or a word the sound does not explain is no part of the name.
        assert!(!sounds_like(&chars("拜登"), "President Biden"));
        assert!(!sounds_like(&chars("兰卡斯特"), "Lancaster University"));
        // Another place's pinyin.
        assert!(!sounds_like(&chars("深圳"), "Guangzhou"));
        assert!(!sounds_like(&chars("伊万卡"), "glamorous"));
        // Syllables that sound alike by chance in a span of common words.
        assert!(!sounds_like(&chars("市政府外办"), "Foreign Affairs Office"));
    }

    #[test]
    fn the_dictionary_verifies_a_rendering_its_glosses_explain() {
        let verify = |sentence: &str, span: &str, rendering: &str| {
            let sentence = chars(sentence);
            let span_chars = chars(span);
            let start = (0..sentence.len())
                .find(|at| sentence[*at..].starts_with(&span_chars))
                .expect("the span is in the sentence");
            SentenceGlosses::new(&sentence).verify(
                &sentence,
                start,
                start + span_chars.len(),
                rendering,
            )
        };
        let sentence = "墨西哥驻华大使会见了重庆市政府外办主任。";
        assert_eq!(
            verify(sentence, "墨西哥驻华大使", "Mexican Ambassador to China"),
            Verification::Dictionary
        );
        assert_eq!(
            verify(sentence, "重庆市政府", "Chongqing Municipal Government"),
            Verification::Dictionary
        );
        // A word nothing in the span glosses.
        assert_eq!(
            verify(sentence, "市政府", "Municipal Government of Changchun"),
            Verification::Unverified
        );
        // A word that spells the neighbouring name.
        assert_eq!(
            verify("长春市政府邀请", "市政府", "Municipal Government of Changchun"),
            Verification::SpellsNeighbour
        );
        assert_eq!(
            verify("国家主席习近平会见", "主席", "President Xi"),
            Verification::SpellsNeighbour
        );
        // Glosses that explain only a small part of the span.
        assert_eq!(verify(sentence, "重庆市政府外办", "City"), Verification::Unverified);
    }

    /// The first rendering offered for the span `span` of `source`, from a memory of units each
    /// holding the given (Chinese, English) phrase pairs.
    fn first_rendering(units: &[&[(&str, &str)]], source: &str, span: &str) -> Option<String> {
        use crate::phrases::{FragmentTable, PhrasePair, TermLexicon, suggest};
        let mut table = FragmentTable::default();
        for (unit_id, pairs) in units.iter().enumerate() {
            let pairs: Vec<PhrasePair> = pairs
                .iter()
                .map(|(zh, en)| PhrasePair {
                    zh_chars: 0..zh.chars().count(),
                    zh: (*zh).to_owned(),
                    en: (*en).to_owned(),
                })
                .collect();
            table.add_unit(unit_id as u64, &pairs);
        }
        let start = source.find(span)?;
        let start = source[..start].chars().count();
        let end = start + span.chars().count();
        suggest(source, &TermLexicon::default(), &table, 1)
            .into_iter()
            .find(|s| s.start == start && s.end == end)
            .map(|s| s.target)
    }

    #[test]
    fn a_rendering_the_sound_verifies_goes_before_one_seen_more_often() {
        // Two units linked 兰卡斯特 to the university's whole name, one to the city alone.
        let units: [&[(&str, &str)]; 3] = [
            &[("兰卡斯特", "Lancaster University")],
            &[("兰卡斯特", "Lancaster University")],
            &[("兰卡斯特", "Lancaster")],
        ];
        assert_eq!(
            first_rendering(&units, "兰卡斯特市长致辞", "兰卡斯特").as_deref(),
            Some("Lancaster")
        );
    }

    #[test]
    fn a_rendering_the_dictionary_verifies_goes_before_one_seen_more_often() {
        // 总领事 linked twice with the country the consul general serves, once alone.
        let units: [&[(&str, &str)]; 3] = [
            &[("总领事", "Consul General of the People's Republic of China")],
            &[("总领事", "Consul General of the People's Republic of China")],
            &[("总领事", "Consul General")],
        ];
        assert_eq!(
            first_rendering(&units, "韩国总领事来访", "总领事").as_deref(),
            Some("Consul General")
        );
    }
}
