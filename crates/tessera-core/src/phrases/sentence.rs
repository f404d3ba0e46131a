//! Tokens of one bilingual unit as the word aligner sees them, and the anchors found in it.
//!
//! Chinese: every Han character is a token, a run of ASCII letters and digits (after width
//! folding) is one token, whitespace and punctuation are not tokens. Each token keeps its range in
//! `zh.chars()`. English: the matches of `[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[^\sA-Za-z0-9]` with
//! their byte ranges; only tokens that start with a letter or digit take part in alignment.
//!
//! Anchors are links the aligner knows before any statistics: equal numbers, months and the
//! `年/月/日` after a number, numbers written in Chinese (`第三十次` ↔ `30th`), person and place names through pinyin, CC-CEDICT words, and the
//! caller's dictionary (approved terms). They become boosted translation probabilities in training
//! and, except for CC-CEDICT, hard links in the result.

use std::{collections::HashSet, ops::Range};

use crate::{
    alignment::{
        dictionary::{DICTIONARY, STOP_WORDS, is_han},
        pinyin_names::readings,
    },
    text::ENGLISH_MONTHS,
};

/// One English token with its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnglishToken {
    /// The token as written.
    pub text: String,
    /// Byte range in the English text.
    pub bytes: Range<usize>,
}

impl EnglishToken {
    /// True for word and number tokens (the ones alignment links), false for punctuation.
    pub fn is_content(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
    }
}

/// One Chinese token: a Han character or an ASCII letter/digit run, normalised (simplified, width
/// folded, lower-cased), with its range in `zh.chars()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChineseToken {
    pub(crate) text: String,
    pub(crate) chars: Range<usize>,
}

/// How much an anchor multiplies the translation probability of its link while training.
pub(crate) const HARD_ANCHOR_BOOST: f32 = 100.0;
/// The boost of a CC-CEDICT link: a hint, since glosses are broad.
pub(crate) const DICTIONARY_BOOST: f32 = 8.0;

/// A link known before training: `zh` token index, `en` token index (into all tokens).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AnchorLink {
    pub(crate) zh: usize,
    pub(crate) en: usize,
    pub(crate) boost: f32,
    pub(crate) hard: bool,
}

/// A unit prepared for alignment.
#[derive(Debug, Clone)]
pub(crate) struct PreparedUnit {
    /// The normalised characters of `zh` (one per character of the original).
    pub(crate) zh_chars: Vec<char>,
    pub(crate) zh_tokens: Vec<ChineseToken>,
    pub(crate) en_tokens: Vec<EnglishToken>,
    /// Indices into `en_tokens` of the content tokens: the alignment positions.
    pub(crate) en_positions: Vec<usize>,
    /// Lower-cased text of each content token, parallel to `en_positions`.
    pub(crate) en_words: Vec<String>,
    pub(crate) anchors: Vec<AnchorLink>,
}

/// Normalised characters of Chinese text, one per original character: traditional to simplified,
/// full-width ASCII to half-width.
pub(crate) fn normalise_chinese_chars(zh: &str) -> Vec<char> {
    crate::text::to_simplified(zh).chars().map(fold_width).collect()
}

fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// Chinese tokens of normalised characters.
pub(crate) fn chinese_tokens(chars: &[char]) -> Vec<ChineseToken> {
    let mut tokens = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let c = chars[idx];
        if c.is_ascii_alphanumeric() {
            let start = idx;
            while idx < chars.len() && chars[idx].is_ascii_alphanumeric() {
                idx += 1;
            }
            let text: String = chars[start..idx].iter().map(char::to_ascii_lowercase).collect();
            tokens.push(ChineseToken { text, chars: start..idx });
            continue;
        }
        if is_han(c) || crate::text::is_han(c) {
            tokens.push(ChineseToken { text: c.to_string(), chars: idx..idx + 1 });
        }
        idx += 1;
    }
    tokens
}

/// English tokens: `[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[^\sA-Za-z0-9]`, the gold's tokenisation.
pub fn english_tokens(en: &str) -> Vec<EnglishToken> {
    let mut tokens = Vec::new();
    let mut chars = en.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_ascii_alphanumeric() {
            let end = start + c.len_utf8();
            tokens.push(EnglishToken { text: en[start..end].to_owned(), bytes: start..end });
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            if next.is_ascii_alphanumeric() {
                end = at + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        // Apostrophe groups: `People's`, `China’s`.
        loop {
            let rest = &en[end..];
            let mut rest_chars = rest.chars();
            let Some(apostrophe) = rest_chars.next() else { break };
            if apostrophe != '\'' && apostrophe != '’' {
                break;
            }
            let letters: usize =
                rest_chars.take_while(char::is_ascii_alphabetic).map(char::len_utf8).sum();
            if letters == 0 {
                break;
            }
            let group_end = end + apostrophe.len_utf8() + letters;
            while chars.peek().is_some_and(|&(at, _)| at < group_end) {
                chars.next();
            }
            end = group_end;
        }
        tokens.push(EnglishToken { text: en[start..end].to_owned(), bytes: start..end });
    }
    tokens
}

/// Prepares one unit; `dictionary` holds `(zh, en)` pairs whose occurrences become hard anchors.
pub(crate) fn prepare_unit(zh: &str, en: &str, dictionary: &[(String, String)]) -> PreparedUnit {
    let zh_chars = normalise_chinese_chars(zh);
    let zh_tokens = chinese_tokens(&zh_chars);
    let en_tokens = english_tokens(en);
    let en_positions: Vec<usize> =
        (0..en_tokens.len()).filter(|&idx| en_tokens[idx].is_content()).collect();
    let en_words: Vec<String> =
        en_positions.iter().map(|&idx| en_tokens[idx].text.to_lowercase()).collect();
    let mut unit = PreparedUnit {
        zh_chars,
        zh_tokens,
        en_tokens,
        en_positions,
        en_words,
        anchors: Vec::new(),
    };
    unit.anchors = find_anchors(&unit, dictionary);
    unit
}

/// Longest Chinese window tried as a pinyin name or place, in characters.
const MAX_PINYIN_CHARS: usize = 4;
/// Most partial spellings kept while extending one window.
const MAX_SPELLINGS: usize = 32;

fn find_anchors(unit: &PreparedUnit, dictionary: &[(String, String)]) -> Vec<AnchorLink> {
    let mut anchors = Vec::new();
    let hard = |zh: usize, en: usize| AnchorLink { zh, en, boost: HARD_ANCHOR_BOOST, hard: true };
    let zh = &unit.zh_tokens;
    // Position (in en_positions) of each content token, by token index.
    let words = &unit.en_words;

    // Numbers, months, and the unit character after a number.
    for (t, token) in zh.iter().enumerate() {
        if !token.text.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let unit_char = zh.get(t + 1).map(|next| next.text.as_str());
        let mut linked = false;
        if unit_char == Some("月")
            && let Ok(month) = token.text.parse::<usize>()
            && (1..=12).contains(&month)
        {
            for (p, word) in words.iter().enumerate() {
                if word == ENGLISH_MONTHS[month - 1]
                    || (word.len() == 3 && ENGLISH_MONTHS[month - 1].starts_with(word.as_str()))
                {
                    anchors.push(hard(t, unit.en_positions[p]));
                    anchors.push(hard(t + 1, unit.en_positions[p]));
                    linked = true;
                }
            }
        }
        if linked {
            continue;
        }
        for (p, word) in words.iter().enumerate() {
            if *word == token.text {
                anchors.push(hard(t, unit.en_positions[p]));
                if matches!(unit_char, Some("年" | "日" | "号" | "岁" | "名" | "个" | "人"))
                {
                    anchors.push(hard(t + 1, unit.en_positions[p]));
                }
            }
        }
    }
    // Other ASCII tokens written the same on both sides (`G20`, `APEC`).
    for (t, token) in zh.iter().enumerate() {
        if token.text.chars().any(|c| c.is_ascii_alphabetic()) {
            for (p, word) in words.iter().enumerate() {
                if *word == token.text {
                    anchors.push(hard(t, unit.en_positions[p]));
                }
            }
        }
    }

    numeral_anchors(unit, &mut anchors);
    pinyin_anchors(unit, &mut anchors);
    dictionary_anchors(unit, &mut anchors);
    termbase_anchors(unit, dictionary, &mut anchors);
    soften_ambiguous(unit, &mut anchors);
    anchors
}

/// Chinese numerals written out (`第三十次` ↔ `30th`, `二十大` ↔ `20th`, `三大主题` ↔ `three`)
/// linked to the English number, ordinal or number word of the same value. A lone digit
/// character counts only before a measure word or after 第 (`四川` is Sichuan, not four), and a
/// lone 一/十/两/百/千 not at all, as the sentence aligner has it (一行, 十分, 两岸).
fn numeral_anchors(unit: &PreparedUnit, anchors: &mut Vec<AnchorLink>) {
    use crate::alignment::anchors::{COUNTED, NUMBER_WORDS, chinese_digit, parse_chinese_numeral};
    let zh = &unit.zh_tokens;
    let numeral = |t: usize| {
        single_han(&zh[t].text)
            .is_some_and(|c| chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千'))
    };
    let adjacent = |t: usize| t > 0 && zh[t].chars.start == zh[t - 1].chars.end;
    let mut start = 0;
    while start < zh.len() {
        if !numeral(start) {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < zh.len() && adjacent(end) && numeral(end) {
            end += 1;
        }
        let run: String = zh[start..end].iter().map(|t| t.text.as_str()).collect();
        let ordinal = start > 0 && adjacent(start) && zh[start - 1].text == "第";
        let counted = end < zh.len()
            && adjacent(end)
            && (zh[end].text == "大" || COUNTED.contains(zh[end].text.as_str()));
        let lone_word = matches!(run.as_str(), "一" | "十" | "两" | "百" | "千");
        let value = parse_chinese_numeral(&run).filter(|&v| v >= 2);
        let span = if ordinal { start - 1..end } else { start..end };
        start = end;
        let Some(value) = value else { continue };
        if (end - span.start == 1 && !counted) || (lone_word && !ordinal) {
            continue;
        }
        let digits = value.to_string();
        for (p, word) in unit.en_words.iter().enumerate() {
            let suffix = word.strip_prefix(digits.as_str());
            let same = matches!(suffix, Some("" | "st" | "nd" | "rd" | "th"))
                || NUMBER_WORDS.iter().any(|(w, v)| *v == value && w == word);
            if same {
                for t in span.clone() {
                    anchors.push(AnchorLink {
                        zh: t,
                        en: unit.en_positions[p],
                        boost: HARD_ANCHOR_BOOST,
                        hard: true,
                    });
                }
            }
        }
    }
}

/// A word that occurs twice on the other side (`章勇武 … 章勇武` against `Zhang Yongwu … Zhang
/// Yongwu`) cannot say which occurrence is its own: such anchors stay priors, not hard links.
fn soften_ambiguous(unit: &PreparedUnit, anchors: &mut [AnchorLink]) {
    let mut position_of = vec![usize::MAX; unit.en_tokens.len()];
    for (p, &idx) in unit.en_positions.iter().enumerate() {
        position_of[idx] = p;
    }
    let hard: Vec<(usize, usize)> =
        anchors.iter().filter(|a| a.hard).map(|a| (a.zh, a.en)).collect();
    for anchor in anchors.iter_mut().filter(|a| a.hard) {
        let en_word = &unit.en_words[position_of[anchor.en]];
        let zh_word = &unit.zh_tokens[anchor.zh].text;
        // A neighbour spelt the same belongs to the same name (`姜江` as `Jiang Jiang`).
        let same_en = hard
            .iter()
            .filter(|(zh, en)| {
                *zh == anchor.zh
                    && en.abs_diff(anchor.en) != 1
                    && unit.en_words[position_of[*en]] == *en_word
            })
            .count();
        let same_zh = hard
            .iter()
            .filter(|(zh, en)| {
                *en == anchor.en
                    && zh.abs_diff(anchor.zh) != 1
                    && unit.zh_tokens[*zh].text == *zh_word
            })
            .count();
        if same_en > 1 || same_zh > 1 {
            anchor.hard = false;
        }
    }
}

/// Capitalised English words (and adjacent pairs) spelt as the pinyin of 2–4 Chinese characters.
fn pinyin_anchors(unit: &PreparedUnit, anchors: &mut Vec<AnchorLink>) {
    // Keys: (letters-only lower-cased spelling, en token indices).
    let mut keys: Vec<(String, Vec<usize>)> = Vec::new();
    let capitalised: Vec<Option<String>> = unit
        .en_positions
        .iter()
        .map(|&idx| {
            let text = &unit.en_tokens[idx].text;
            let text = text.strip_suffix("'s").or_else(|| text.strip_suffix("’s")).unwrap_or(text);
            let first_upper = text.chars().next().is_some_and(|c| c.is_ascii_uppercase());
            (first_upper && text.len() >= 2 && text.chars().all(|c| c.is_ascii_alphabetic()))
                .then(|| text.to_ascii_lowercase())
        })
        .collect();
    for (p, word) in capitalised.iter().enumerate() {
        let Some(word) = word else { continue };
        keys.push((word.clone(), vec![unit.en_positions[p]]));
        if let Some(Some(next)) = capitalised.get(p + 1) {
            // Adjacent tokens only (no punctuation between them).
            if unit.en_positions[p + 1] == unit.en_positions[p] + 1 {
                let pair = vec![unit.en_positions[p], unit.en_positions[p + 1]];
                keys.push((format!("{word}{next}"), pair.clone()));
                keys.push((format!("{next}{word}"), pair));
            }
        }
    }
    if keys.is_empty() {
        return;
    }
    let zh = &unit.zh_tokens;
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for start in 0..zh.len() {
        let mut partial: Vec<String> = vec![String::new()];
        for end in start..zh.len().min(start + MAX_PINYIN_CHARS) {
            let Some(c) = single_han(&zh[end].text) else { break };
            if end > start && zh[end].chars.start != zh[end - 1].chars.end {
                break;
            }
            let char_readings = readings(c);
            let char_readings: Vec<&str> =
                if end == start { surname_or_readings(c, char_readings) } else { char_readings };
            let mut next = Vec::new();
            for prefix in &partial {
                for reading in &char_readings {
                    let spelling = format!("{prefix}{reading}");
                    if next.len() < MAX_SPELLINGS
                        && keys.iter().any(|(key, _)| key.starts_with(&spelling))
                    {
                        next.push(spelling);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            if end > start {
                for (key, tokens) in &keys {
                    if next.iter().any(|spelling| spelling == key) {
                        for t in start..=end {
                            for &en in tokens {
                                if seen.insert((t, en)) {
                                    anchors.push(AnchorLink {
                                        zh: t,
                                        en,
                                        boost: HARD_ANCHOR_BOOST,
                                        hard: true,
                                    });
                                }
                            }
                        }
                    }
                }
            }
            partial = next;
        }
    }
}

fn single_han(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    (chars.next().is_none() && is_han(c)).then_some(c)
}

/// Readings of a character that starts a name: the surname reading first where it differs.
fn surname_or_readings(c: char, mut char_readings: Vec<&'static str>) -> Vec<&'static str> {
    let chars = [c, ' '];
    let (len, surname) = crate::alignment::pinyin_names::surname_at(&chars);
    if len == 1 {
        for reading in surname {
            if let Some(known) = char_readings.iter().position(|r| *r == reading) {
                let known = char_readings.remove(known);
                char_readings.insert(0, known);
            } else if let Some(static_reading) = static_surname_reading(&reading) {
                char_readings.insert(0, static_reading);
            }
        }
    }
    char_readings
}

/// A `'static` copy of a surname reading that is not among the character's readings.
fn static_surname_reading(reading: &str) -> Option<&'static str> {
    [
        "zeng", "shan", "xie", "ou", "piao", "park", "qiu", "yue", "zha", "ge", "qin", "tan",
        "miao", "zhai", "yun", "shao", "chong", "po", "gou", "bai", "bo", "fu", "wei", "yu",
    ]
    .into_iter()
    .find(|known| *known == reading)
}

/// CC-CEDICT words whose glosses share a stem with an English word of the unit.
fn dictionary_anchors(unit: &PreparedUnit, anchors: &mut Vec<AnchorLink>) {
    let stems: Vec<Option<u32>> = unit
        .en_words
        .iter()
        .map(|word| {
            if word.len() < 3
                || !word.chars().all(|c| c.is_ascii_alphabetic())
                || STOP_WORDS.contains(&word.as_str())
            {
                return None;
            }
            let stem: String = word.chars().take(5).collect();
            DICTIONARY.stem_id(&stem)
        })
        .collect();
    if stems.iter().all(Option::is_none) {
        return;
    }
    // Token index of each character (Han tokens are single characters).
    let mut token_at = vec![usize::MAX; unit.zh_chars.len()];
    for (t, token) in unit.zh_tokens.iter().enumerate() {
        for c in token.chars.clone() {
            token_at[c] = t;
        }
    }
    for (start, end, word_stems) in DICTIONARY.match_word_spans(&unit.zh_chars) {
        for (p, stem) in stems.iter().enumerate() {
            let Some(stem) = stem else { continue };
            if word_stems.binary_search(stem).is_ok() {
                for &token in &token_at[start..end] {
                    if token != usize::MAX {
                        anchors.push(AnchorLink {
                            zh: token,
                            en: unit.en_positions[p],
                            boost: DICTIONARY_BOOST,
                            hard: false,
                        });
                    }
                }
            }
        }
    }
}

/// Occurrences of the caller's `(zh, en)` pairs on both sides of the unit.
fn termbase_anchors(
    unit: &PreparedUnit,
    dictionary: &[(String, String)],
    anchors: &mut Vec<AnchorLink>,
) {
    if dictionary.is_empty() {
        return;
    }
    let zh_text: Vec<&str> = unit.zh_tokens.iter().map(|t| t.text.as_str()).collect();
    for (term_zh, term_en) in dictionary {
        let term_tokens: Vec<String> =
            chinese_tokens(&normalise_chinese_chars(term_zh)).into_iter().map(|t| t.text).collect();
        let term_words: Vec<String> = english_tokens(term_en)
            .into_iter()
            .filter(EnglishToken::is_content)
            .map(|t| t.text.to_lowercase())
            .collect();
        if term_tokens.is_empty()
            || term_words.is_empty()
            || term_tokens.len() > zh_text.len()
            || term_words.len() > unit.en_words.len()
        {
            continue;
        }
        let zh_starts: Vec<usize> = (0..=zh_text.len() - term_tokens.len())
            .filter(|&s| term_tokens.iter().zip(&zh_text[s..]).all(|(a, b)| a == b))
            .collect();
        if zh_starts.is_empty() {
            continue;
        }
        let en_starts: Vec<usize> = (0..=unit.en_words.len() - term_words.len())
            .filter(|&s| term_words.iter().zip(&unit.en_words[s..]).all(|(a, b)| a == b))
            .collect();
        for &zs in &zh_starts {
            for &es in &en_starts {
                for t in zs..zs + term_tokens.len() {
                    for p in es..es + term_words.len() {
                        anchors.push(AnchorLink {
                            zh: t,
                            en: unit.en_positions[p],
                            boost: HARD_ANCHOR_BOOST,
                            hard: true,
                        });
                    }
                }
            }
        }
    }
}
