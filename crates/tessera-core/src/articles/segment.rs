//! Sentence segmentation with user-editable rules.
//!
//! A focused rule splitter rather than `sentencex`: our convention is simple (one sentence per
//! terminator), the rules must come from a file the user can edit, and run-together text from
//! magazine PDFs (`new peak.The World`) needs a rule no general splitter applies.
//!
//! Chinese: a sentence ends after a terminator (`。！？` by default, and a half-width `!` right
//! after a Chinese character) plus any further terminators and closing quotes or brackets. English: the same with `.?!`, except that a period after an
//! abbreviation (`Mr.`, `No.`, `U.S.`) or an initial (`P.`) never ends a sentence, a period before
//! a lower-case word does not either, and a period glued to the next word (`peak.The`) ends it
//! when the next word starts with a capital (or a digit after a lower-case word).

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::articles::{Lang, RulesError, SegmentationRules};

/// The default rules, also the template for a user's own file.
pub(super) const DEFAULT_RULES_TOML: &str = include_str!("../../data/segmentation-rules.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    closers: Vec<String>,
    zh: ZhSection,
    en: EnSection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ZhSection {
    terminators: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnSection {
    terminators: Vec<String>,
    abbreviations: Vec<String>,
    initials_are_abbreviations: bool,
}

impl SegmentationRules {
    /// Parses rules from the TOML format of `data/segmentation-rules.toml`.
    ///
    /// # Errors
    /// [`RulesError`] when the text is not TOML with the expected keys, or a terminator or closer
    /// is not a single character.
    pub fn from_toml(text: &str) -> Result<Self, RulesError> {
        let file: RulesFile =
            toml::from_str(text).map_err(|error| RulesError::Toml(error.to_string()))?;
        Ok(Self {
            zh_terminators: single_characters("zh.terminators", &file.zh.terminators)?,
            closers: single_characters("closers", &file.closers)?,
            en_terminators: single_characters("en.terminators", &file.en.terminators)?,
            en_abbreviations: file
                .en
                .abbreviations
                .iter()
                .map(|abbreviation| abbreviation.trim_end_matches('.').to_owned())
                .collect(),
            en_initials_are_abbreviations: file.en.initials_are_abbreviations,
        })
    }
}

impl Default for SegmentationRules {
    /// The rules in `data/segmentation-rules.toml`, embedded in the binary.
    fn default() -> Self {
        // The embedded file is checked by a test; the fallback only keeps this infallible.
        Self::from_toml(DEFAULT_RULES_TOML).unwrap_or_else(|_| Self {
            zh_terminators: vec!['。', '！', '？'],
            closers: vec!['”', '’', '」', '』', '）', ')'],
            en_terminators: vec!['.', '?', '!'],
            en_abbreviations: BTreeSet::new(),
            en_initials_are_abbreviations: true,
        })
    }
}

fn single_characters(key: &str, entries: &[String]) -> Result<Vec<char>, RulesError> {
    entries
        .iter()
        .map(|entry| {
            let mut chars = entry.chars();
            match (chars.next(), chars.next()) {
                (Some(character), None) => Ok(character),
                _ => Err(RulesError::NotOneCharacter { key: key.to_owned(), entry: entry.clone() }),
            }
        })
        .collect()
}

pub(super) fn segment(text: &str, lang: Lang, rules: &SegmentationRules) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut idx = 0;
    let terminators = match lang {
        Lang::Zh => &rules.zh_terminators,
        Lang::En => &rules.en_terminators,
    };
    while idx < chars.len() {
        let is_terminator = terminators.contains(&chars[idx])
            || (lang == Lang::Zh && ends_chinese_by_shape(&chars, idx));
        if !is_terminator {
            idx += 1;
            continue;
        }
        let mut end = idx + 1;
        while end < chars.len()
            && (terminators.contains(&chars[end]) || rules.closers.contains(&chars[end]))
        {
            end += 1;
        }
        let ends_here = match lang {
            Lang::Zh => true,
            Lang::En => english_sentence_ends(&chars, idx, end, rules),
        };
        if ends_here {
            push_sentence(&mut sentences, &chars[start..end]);
            start = end;
        }
        idx = end;
    }
    push_sentence(&mut sentences, &chars[start..]);
    sentences
}

/// A half-width `!` right after a Chinese character (`表示感谢!向…`): pages that fold
/// punctuation to ASCII still end Chinese sentences with it. A `?` is not trusted the same way,
/// since it is what lost characters become (`我們?cè)`).
fn ends_chinese_by_shape(chars: &[char], idx: usize) -> bool {
    chars[idx] == '!' && idx > 0 && script_is_han(chars[idx - 1])
}

fn push_sentence(sentences: &mut Vec<String>, chars: &[char]) {
    let sentence: String = chars.iter().collect();
    let sentence = sentence.trim();
    if !sentence.is_empty() {
        sentences.push(sentence.to_owned());
    }
}

/// Whether the English terminator at `terminator_idx`, with trailing marks up to `end`, ends a
/// sentence.
fn english_sentence_ends(
    chars: &[char],
    terminator_idx: usize,
    end: usize,
    rules: &SegmentationRules,
) -> bool {
    let Some(&next) = chars.get(end) else {
        return true;
    };
    let is_period = chars[terminator_idx] == '.' && end == terminator_idx + 1;
    if is_period && is_abbreviation(chars, terminator_idx, rules) {
        return false;
    }
    if next.is_whitespace() {
        let following = chars[end..].iter().find(|c| !c.is_whitespace());
        return match following {
            None => true,
            Some(character) => !character.is_lowercase(),
        };
    }
    // Glued to the next word: `peak.The`, `Release.6 issues`, but not `5.2`, `iChongqing.com`.
    let previous = terminator_idx.checked_sub(1).map(|idx| chars[idx]);
    if next.is_uppercase() || matches!(next, '“' | '"' | '‘') {
        return previous.is_some_and(|c| {
            c.is_lowercase() || c.is_ascii_digit() || matches!(c, ')' | '”' | '“' | '"' | '’')
        }) || !is_period;
    }
    if next.is_ascii_digit() {
        return previous.is_some_and(char::is_lowercase);
    }
    !next.is_alphanumeric() && script_is_han(next)
}

fn script_is_han(character: char) -> bool {
    crate::articles::split::script_of(character) == crate::articles::split::Script::Han
}

/// Whether the word before the period at `period_idx` is an abbreviation or an initial.
fn is_abbreviation(chars: &[char], period_idx: usize, rules: &SegmentationRules) -> bool {
    let mut word_start = period_idx;
    while word_start > 0 && chars[word_start - 1].is_alphabetic() {
        word_start -= 1;
    }
    let word: String = chars[word_start..period_idx].iter().collect();
    if word.is_empty() {
        return false;
    }
    if rules.en_abbreviations.contains(&word) {
        return true;
    }
    // A dictionary's tag opening a bracket (`(n.`, `(adj.`, `(cf.`) is an abbreviation by shape.
    let opens_bracket = word_start > 0 && matches!(chars[word_start - 1], '(' | '（' | '[');
    if opens_bracket && word.chars().count() <= 4 && word.chars().all(|c| c.is_ascii_lowercase()) {
        return true;
    }
    if word.chars().count() != 1 {
        return false;
    }
    // `U.S`, `e.g`, `a.m`: single letters separated by periods are an abbreviation by shape.
    let is_dotted = word_start >= 2
        && chars[word_start - 1] == '.'
        && chars[word_start - 2].is_alphabetic()
        && (word_start < 3 || !chars[word_start - 3].is_alphabetic());
    let is_initial = word.chars().all(char::is_uppercase);
    is_dotted || (is_initial && rules.en_initials_are_abbreviations)
}
