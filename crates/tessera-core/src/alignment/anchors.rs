//! Near-certain anchors: numbers and dates, Latin tokens inside Chinese, and text normalisation.
//!
//! `3月2日` ↔ `March 2`, `600萬` ↔ `6 million`, `30%` ↔ `30 percent`, `二十大` ↔ `20th`,
//! `三大主题` ↔ `three themes`. Numbers become [`Anchor`]s with a value scaled by 100, so both
//! languages meet on the same key.

use crate::text::ENGLISH_MONTHS;

/// A normalised number or month found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Anchor {
    /// A quantity, ×100 and rounded (`2.5` → 250).
    Number(i64),
    /// A month 1..=12 (`3月`, `March`).
    Month(u8),
}

/// Measure words after which a lone 两 counts two of something.
pub(crate) const COUNTED: &str = "天年个次名位周项场轮届";
const MONTH_ABBREVIATIONS: &[&str] =
    &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
pub(crate) const NUMBER_WORDS: &[(&str, i64)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("thousand", 1000),
    ("million", 1_000_000),
    ("billion", 1_000_000_000),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("twentieth", 20),
    ("thirtieth", 30),
];

/// Folds full-width ASCII and the ideographic space, drops pinyin glosses such as `實(shí)` →
/// `實`, then converts traditional to simplified characters.
pub(super) fn normalise_chinese(text: &str) -> String {
    let folded: String = text.chars().map(fold_width).collect();
    fast2s::convert(&strip_pinyin_glosses(&folded))
}

/// Half-width form of full-width ASCII (`２０２４` → `2024`) and of the ideographic space.
pub(super) fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// Removes `(pinyin)` right after a Han character, an artefact of some news sites.
fn strip_pinyin_glosses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let after_han = before.chars().next_back().is_some_and(super::dictionary::is_han);
        let gloss_end = after[1..].find(')').map(|i| i + 1);
        match gloss_end {
            Some(end)
                if after_han
                    && end > 1
                    && end <= 8
                    && after[1..end].chars().all(is_pinyin_letter) =>
            {
                rest = &after[end + 1..];
            }
            _ => {
                out.push('(');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c)
}

/// Numbers and months in normalised Chinese text.
pub(super) fn chinese_anchors(text: &str) -> Vec<Anchor> {
    let chars: Vec<char> = text.chars().collect();
    let mut anchors = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let c = chars[idx];
        if c.is_ascii_digit() {
            let (value, end) = read_arabic(&chars, idx);
            idx = end;
            push_with_suffix(
                &mut anchors,
                value,
                chars.get(idx).copied(),
                chars.get(idx + 1).copied(),
            );
        } else if chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千') {
            let start = idx;
            while idx < chars.len()
                && (chinese_digit(chars[idx]).is_some() || is_chinese_unit(chars[idx]))
            {
                idx += 1;
            }
            let run: String = chars[start..idx].iter().collect();
            // A lone 一/十/两 is usually a word (一行, 十分, 两岸), not a count; 两 before a
            // measure word of time or quantity is one (为期两天 ↔ two-day, 两次 ↔ twice... two).
            let counted = run == "两" && chars.get(idx).is_some_and(|next| COUNTED.contains(*next));
            if matches!(run.as_str(), "一" | "十" | "两" | "万" | "千" | "百") && !counted {
                continue;
            }
            if let Some(value) = parse_chinese_numeral(&run) {
                push_with_suffix(&mut anchors, value as f64, chars.get(idx).copied(), None);
            }
        } else {
            idx += 1;
        }
    }
    anchors
}

/// Numbers and months in English text.
pub(super) fn english_anchors(text: &str) -> Vec<Anchor> {
    let chars: Vec<char> = text.chars().collect();
    let mut anchors = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let c = chars[idx];
        if c.is_ascii_digit() && (idx == 0 || !chars[idx - 1].is_ascii_alphabetic()) {
            let (mut value, end) = read_arabic(&chars, idx);
            idx = end;
            let next_word = word_at(&chars, idx);
            let multiplier = match next_word.to_ascii_lowercase().as_str() {
                "thousand" => 1e3,
                "million" => 1e6,
                "billion" => 1e9,
                "trillion" => 1e12,
                _ => 1.0,
            };
            if multiplier > 1.0 {
                value *= multiplier;
                // The multiplier word belongs to this number, not a number of its own.
                idx += chars[idx..].iter().take_while(|ch| **ch == ' ').count() + next_word.len();
            }
            anchors.push(Anchor::Number(scaled(value)));
        } else if c.is_ascii_alphabetic() {
            let start = idx;
            while idx < chars.len() && chars[idx].is_ascii_alphabetic() {
                idx += 1;
            }
            let word: String = chars[start..idx].iter().collect();
            let lower = word.to_ascii_lowercase();
            let capitalised = word.starts_with(|ch: char| ch.is_ascii_uppercase());
            if capitalised && let Some(month) = month_number(&lower) {
                // `May` is a month only before a day or a year.
                let next_is_digit = chars[idx..]
                    .iter()
                    .find(|ch| !matches!(ch, ' ' | '.'))
                    .is_some_and(char::is_ascii_digit);
                if lower != "may" || next_is_digit {
                    anchors.push(Anchor::Month(month));
                }
            } else if let Some((_, value)) = NUMBER_WORDS.iter().find(|(w, _)| *w == lower) {
                anchors.push(Anchor::Number(scaled(*value as f64)));
            }
        } else {
            idx += 1;
        }
    }
    anchors
}

/// Latin tokens (`iChongqing`, `TALK`, `APEC`, `5G`) of two or more characters inside Chinese text,
/// lower-cased.
pub(super) fn latin_tokens(text: &str) -> Vec<String> {
    let mut tokens: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|token| token.len() >= 2 && token.chars().any(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase)
        .collect();
    tokens.sort();
    tokens.dedup();
    tokens
}

fn month_number(lower: &str) -> Option<u8> {
    let idx = ENGLISH_MONTHS
        .iter()
        .position(|m| *m == lower)
        .or_else(|| MONTH_ABBREVIATIONS.iter().position(|m| *m == lower))?;
    u8::try_from(idx + 1).ok()
}

fn word_at(chars: &[char], from: usize) -> String {
    chars[from..]
        .iter()
        .skip_while(|c| **c == ' ')
        .take_while(|c| c.is_ascii_alphabetic())
        .collect()
}

/// Reads `1,234.5` starting at `start`; a comma counts only before exactly three digits.
fn read_arabic(chars: &[char], start: usize) -> (f64, usize) {
    let mut digits = String::new();
    let mut idx = start;
    while idx < chars.len() {
        let c = chars[idx];
        if c.is_ascii_digit() {
            digits.push(c);
            idx += 1;
        } else if c == ','
            && chars.len() >= idx + 4
            && chars[idx + 1..idx + 4].iter().all(char::is_ascii_digit)
            && chars.get(idx + 4).is_none_or(|c| !c.is_ascii_digit())
        {
            idx += 1;
        } else if c == '.'
            && chars.get(idx + 1).is_some_and(char::is_ascii_digit)
            && !digits.contains('.')
        {
            digits.push('.');
            idx += 1;
        } else {
            break;
        }
    }
    (digits.parse().unwrap_or(0.0), idx)
}

fn push_with_suffix(
    anchors: &mut Vec<Anchor>,
    value: f64,
    next: Option<char>,
    after_next: Option<char>,
) {
    match next {
        Some('月') if (1.0..=12.0).contains(&value) && value.fract() == 0.0 => {
            anchors.push(Anchor::Month(value as u8));
        }
        Some('万') if after_next == Some('亿') => {
            anchors.push(Anchor::Number(scaled(value * 1e12)))
        }
        Some('万') => anchors.push(Anchor::Number(scaled(value * 1e4))),
        Some('亿') => anchors.push(Anchor::Number(scaled(value * 1e8))),
        _ => anchors.push(Anchor::Number(scaled(value))),
    }
}

fn scaled(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

pub(crate) fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_chinese_unit(c: char) -> bool {
    matches!(c, '十' | '百' | '千' | '万' | '亿')
}

/// `二十` → 20, `三百零五` → 305, `一万二千` → 12000, `二〇二四` → 2024 (digit by digit).
pub(crate) fn parse_chinese_numeral(run: &str) -> Option<i64> {
    if !run.chars().any(is_chinese_unit) {
        return run.chars().try_fold(0i64, |acc, c| Some(acc * 10 + chinese_digit(c)?));
    }
    let mut total = 0i64;
    let mut section = 0i64;
    let mut digit = 0i64;
    for c in run.chars() {
        if let Some(d) = chinese_digit(c) {
            digit = d;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        if unit >= 10_000 {
            section += digit;
            total = (total + section) * unit;
            section = 0;
        } else {
            section += if digit == 0 { 1 } else { digit } * unit;
        }
        digit = 0;
    }
    Some(total + section + digit)
}
