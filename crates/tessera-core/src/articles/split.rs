//! Language split: cutting paragraphs into Chinese and English blocks.
//!
//! Characters are Han (ideographs, CJK punctuation, full-width forms), Latin (other letters) or
//! neutral (digits, spaces, ASCII punctuation, curly quotes). A paragraph is cut into script runs;
//! neutrals at a boundary go to the side they belong to (closing punctuation stays with the text it
//! closes, opening brackets and digits go with what follows). A Latin run becomes English only when
//! it reads like English (see [`reads_as_english`]); otherwise it is a name, brand or gloss and
//! stays in the Chinese block around it. A few Han characters inside English prose (a name in
//! brackets) likewise stay English.

use crate::articles::{Block, Cleaned, Lang};

/// The script class of one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Han,
    Latin,
    Neutral,
}

pub(super) fn script_of(character: char) -> Script {
    let code = u32::from(character);
    let is_han = matches!(code,
        0x2E80..=0x2FFF      // CJK radicals, Kangxi radicals
        | 0x3001..=0x303F    // CJK punctuation (not the ideographic space, which is a space)
        | 0x3040..=0x31FF    // kana, bopomofo, CJK strokes
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 // full-width punct
        | 0x20000..=0x3FFFF // extensions B and later
    );
    if is_han {
        Script::Han
    } else if character.is_alphabetic() {
        Script::Latin
    } else {
        Script::Neutral
    }
}

/// A maximal run of one strong script, as char indices `start..end` into the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ScriptRun {
    pub(super) script: Script,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Neutral characters that close the text before them.
fn closes_previous(character: char) -> bool {
    matches!(
        character,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '”' | '’' | '%' | '\'' | '"'
    )
}

/// Whether a Han character after a number belongs with it: a measure word, unit, date or time
/// character, or punctuation (`2008年`, `15万`, `3个`, `1、`).
fn counts_with_number(character: char) -> bool {
    is_cjk_punctuation(character)
        || "年月日号號时時点點分秒万萬亿億千百十个個岁歲名位人家项項次届屆周週元块塊倍米里克吨噸度条條场場件天期批所座部余餘多成"
            .contains(character)
}

/// Cuts `chars` into script runs that together cover every character.
pub(super) fn script_runs(chars: &[char]) -> Vec<ScriptRun> {
    let mut runs: Vec<ScriptRun> = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let script = script_of(chars[idx]);
        if script == Script::Neutral {
            idx += 1;
            continue;
        }
        // `idx` is the first strong character of a new script; neutrals since the last run's
        // strong text are shared out between the two runs.
        let neutral_start = runs.last().map_or(0, |run| run.end);
        let mut boundary = idx;
        if let Some(previous) = runs.last() {
            if previous.script == Script::Latin {
                boundary = neutral_start;
                while boundary < idx && closes_previous(chars[boundary]) {
                    boundary += 1;
                }
                // A number glued to Chinese that counts nothing there (`July 4th,2008在…`) ends
                // the English phrase; before a measure word (`2008年`) it starts the Chinese.
                let sentence_ended =
                    chars[neutral_start..boundary].iter().any(|c| matches!(c, '.' | '!' | '?'));
                let only_digits =
                    boundary < idx && chars[boundary..idx].iter().all(char::is_ascii_digit);
                if only_digits && !sentence_ended && !counts_with_number(chars[idx]) {
                    boundary = idx;
                }
            } else {
                while boundary > neutral_start
                    && matches!(
                        chars[boundary - 1],
                        '(' | '[' | '{' | '“' | '‘' | '"' | '\'' | '0'..='9'
                    )
                {
                    boundary -= 1;
                }
            }
        } else {
            boundary = neutral_start;
        }
        if let Some(previous) = runs.last_mut() {
            previous.end = boundary;
        }
        let mut end = idx + 1;
        let mut last_strong = idx;
        while end < chars.len() {
            match script_of(chars[end]) {
                found if found == script => last_strong = end,
                Script::Neutral => {}
                _ => break,
            }
            end += 1;
        }
        runs.push(ScriptRun { script, start: boundary, end: last_strong + 1 });
        idx = end;
    }
    if let Some(last) = runs.last_mut() {
        last.end = chars.len();
    }
    runs
}

/// Whether a Latin run inside a Chinese paragraph is English text rather than a name or gloss.
///
/// English means a sentence or a headline: at least four words with a lower-case word among them
/// (`of`, `and`, `promotes`…) or final punctuation, or at least eight words; or a short sentence
/// with final punctuation. Runs in brackets are glosses (`国际交往(International Exchange)`) or
/// titles (`《The Belt and Road Initiative》`).
pub(super) fn reads_as_english(run: &str, bracketed: bool) -> bool {
    if bracketed {
        return false;
    }
    // Words glued together without spaces (`GoodEvening,LadiesandGentlemen!`, as some pages
    // print English) still count one by one where a capital follows a lower-case letter.
    let words: Vec<&str> = run
        .split(|c: char| !(script_of(c) == Script::Latin || c == '\'' || c == '’'))
        .filter(|word| word.chars().any(|c| script_of(c) == Script::Latin))
        .flat_map(camel_case_parts)
        .collect();
    let n_words = words.len();
    let has_lowercase_word = words
        .iter()
        .any(|word| word.chars().count() >= 2 && word.chars().all(|c| !c.is_uppercase()));
    let trimmed =
        run.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '’' | ')'));
    let ends_sentence = trimmed.ends_with(['.', '?', '!']);
    (n_words >= 4 && (has_lowercase_word || ends_sentence))
        || n_words >= 8
        || (n_words >= 2 && ends_sentence && has_lowercase_word)
}

/// Whether a Latin run that opens a Chinese paragraph is the English salutation of a speech
/// (`Sir John Boyd, Mr Victor Chu,`): two or more capitalised names, each closed by a comma.
fn is_salutation(run: &str) -> bool {
    let trimmed = run.trim_end();
    let Some(names) = trimmed.strip_suffix([',', '，']) else { return false };
    let names: Vec<&str> = names.split([',', '，']).map(str::trim).collect();
    names.len() >= 2
        && names.iter().all(|name| {
            let words: Vec<&str> = name.split_whitespace().collect();
            (2..=5).contains(&words.len())
                && words.iter().all(|word| word.chars().next().is_some_and(char::is_uppercase))
        })
}

/// `word` cut before every capital that follows a lower-case letter (`GoodEvening` → `Good`,
/// `Evening`).
fn camel_case_parts(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut part_start = 0;
    let mut previous_is_lower = false;
    for (byte, character) in word.char_indices() {
        if character.is_uppercase() && previous_is_lower {
            parts.push(&word[part_start..byte]);
            part_start = byte;
        }
        previous_is_lower = character.is_lowercase();
    }
    parts.push(&word[part_start..]);
    parts
}

/// Whether an opening bracket stands right before `start`, or one with a dictionary's
/// part-of-speech tag after it (`(n.`, `(adj.`): learners' pages gloss English word by word with
/// Chinese in such brackets (`Expo (n.博覽會)`).
fn opens_before(chars: &[char], start: usize) -> bool {
    let is_open = |c: char| matches!(c, '(' | '（' | '[' | '【' | '《');
    if start == 0 {
        return false;
    }
    if is_open(chars[start - 1]) {
        return true;
    }
    if chars[start - 1] != '.' {
        return false;
    }
    let tag_end = start - 1;
    let mut tag_start = tag_end;
    while tag_start > 0 && chars[tag_start - 1].is_ascii_lowercase() {
        tag_start -= 1;
    }
    (1..=4).contains(&(tag_end - tag_start)) && tag_start > 0 && is_open(chars[tag_start - 1])
}

/// Whether the run `start..end` is wrapped in brackets.
fn is_bracketed(chars: &[char], start: usize, end: usize) -> bool {
    let inner: Vec<char> =
        chars[start..end].iter().copied().filter(|c| !c.is_whitespace()).collect();
    let is_open = |c: &char| matches!(c, '(' | '（' | '[' | '【' | '《');
    let is_close = |c: &char| matches!(c, ')' | '）' | ']' | '】' | '》');
    let opens_just_before = opens_before(chars, start);
    let opens_inside = inner.first().is_some_and(is_open);
    let closes_after = chars.get(end).is_some_and(is_close);
    // The bracket may be followed by the punctuation of the sentence around it (`(n.煙花),`).
    let closes_inside = inner
        .iter()
        .rev()
        .find(|c| !matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '"' | '\'' | '”' | '’'))
        .is_some_and(is_close);
    (opens_just_before || opens_inside) && (closes_after || closes_inside)
}

/// The language of each run of a mixed paragraph.
///
/// Latin runs joined by short Han runs (at most four ideographs and no CJK punctuation but `、`,
/// stray punctuation alone, or in brackets: `Wang Yi (王毅) met…`, `Facebook、Twitter`,
/// `Expo (n.博覽會) ended`) are judged together; the whole group is English or Chinese.
fn run_languages(chars: &[char], runs: &[ScriptRun]) -> Vec<Lang> {
    let is_ideograph = |c: &char| script_of(*c) == Script::Han && !is_cjk_punctuation(*c);
    let embedded: Vec<bool> = runs
        .iter()
        .enumerate()
        .map(|(idx, run)| {
            let n_ideographs = chars[run.start..run.end].iter().filter(|c| is_ideograph(c)).count();
            let text: String = chars[run.start..run.end].iter().collect();
            // Han text that starts a new sentence after English (`…in May.它由…`) is not embedded.
            let follows_sentence_end = idx > 0 && {
                let previous: String =
                    chars[runs[idx - 1].start..runs[idx - 1].end].iter().collect();
                previous.trim_end_matches([' ', '"', '”', '’', ')']).ends_with(['.', '?', '!'])
            };
            // A gloss in brackets belongs to the English word before it, even after an
            // abbreviation's period (`(n.上海)`); so does stray CJK punctuation without
            // ideographs (`China。 and`).
            let short_phrase = n_ideographs <= 4
                && !text.chars().any(|c| is_cjk_punctuation(c) && !matches!(c, '、' | '·'));
            let is_last = idx + 1 == runs.len();
            run.script == Script::Han
                && idx > 0
                && ((is_last
                    && is_bracketed(chars, run.start, run.end)
                    && opens_before(chars, run.start))
                    || (!is_last
                        && (is_bracketed(chars, run.start, run.end)
                            || (!follows_sentence_end && (n_ideographs == 0 || short_phrase)))))
        })
        .collect();
    let mut langs = vec![Lang::Zh; runs.len()];
    let mut idx = 0;
    while idx < runs.len() {
        if runs[idx].script != Script::Latin {
            idx += 1;
            continue;
        }
        // Script runs alternate, so `end` is a Han run and `end + 1` a Latin one.
        let mut end = idx + 1;
        while end + 1 < runs.len() && embedded[end] && runs[end + 1].script == Script::Latin {
            end += 2;
        }
        let text: String = chars[runs[idx].start..runs[end - 1].end].iter().collect();
        let bracketed = end == idx + 1 && is_bracketed(chars, runs[idx].start, runs[idx].end);
        // A gloss that closes the paragraph (`next host (n.主辦者).`) goes with the group.
        let group_end = if end + 1 == runs.len() && embedded[end] { end + 1 } else { end };
        if reads_as_english(&text, bracketed) || (idx == 0 && is_salutation(&text)) {
            for lang in &mut langs[idx..group_end] {
                *lang = Lang::En;
            }
        }
        idx = end;
    }
    langs
}

/// CJK punctuation and full-width symbols, which count as Han script but are not ideographs.
pub(super) fn is_cjk_punctuation(character: char) -> bool {
    matches!(
        u32::from(character),
        0x3001..=0x303F
            | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20
            | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF65
            | 0xFE30..=0xFE4F
    )
}

/// The language of a paragraph with a single script, or `None` when it mixes both.
fn single_language(chars: &[char]) -> Option<Option<Lang>> {
    let has_han = chars.iter().any(|c| script_of(*c) == Script::Han);
    let has_latin = chars.iter().any(|c| script_of(*c) == Script::Latin);
    match (has_han, has_latin) {
        (true, false) => Some(Some(Lang::Zh)),
        (false, true) => Some(Some(Lang::En)),
        (false, false) => Some(None),
        (true, true) => None,
    }
}

pub(super) fn split_paragraphs(cleaned: &Cleaned) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (paragraph_idx, paragraph) in cleaned.paragraphs.iter().enumerate() {
        let chars: Vec<char> = paragraph.text.chars().collect();
        match single_language(&chars) {
            Some(Some(lang)) => {
                blocks.push(Block { lang, text: paragraph.text.trim().to_owned(), paragraph_idx });
                continue;
            }
            Some(None) => continue,
            None => {}
        }
        let runs = script_runs(&chars);
        let langs = run_languages(&chars, &runs);
        let mut pending: Option<(Lang, usize, usize)> = None;
        for (run, lang) in runs.iter().zip(langs) {
            pending = match pending {
                Some((pending_lang, start, _)) if pending_lang == lang => {
                    Some((lang, start, run.end))
                }
                Some((pending_lang, start, end)) => {
                    push_block(&mut blocks, &chars[start..end], pending_lang, paragraph_idx);
                    Some((lang, run.start, run.end))
                }
                None => Some((lang, 0, run.end)),
            };
        }
        if let Some((lang, start, _)) = pending {
            push_block(&mut blocks, &chars[start..], lang, paragraph_idx);
        }
    }
    blocks
}

fn push_block(blocks: &mut Vec<Block>, chars: &[char], lang: Lang, paragraph_idx: usize) {
    let text: String = chars.iter().collect();
    let text = text.trim();
    if !text.is_empty() {
        blocks.push(Block { lang, text: text.to_owned(), paragraph_idx });
    }
}
