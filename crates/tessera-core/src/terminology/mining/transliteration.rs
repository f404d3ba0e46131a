//! Syllable-level transliteration evidence: does a Chinese rendering of a foreign name sound like
//! an English name seen beside it (`布林肯` ↔ `Blinken`, `特雷莎·梅` ↔ `Theresa May`)?
//!
//! The score only *verifies* a pairing that the text proposes; it never produces an English name.
//! Each syllable's initial consonant is reduced to a coarse sound class (b/p, d/t, g/k, the
//! sibilants, l/r, …) and looked for, in order, among the consonant classes of the English letters;
//! the score is the share of syllables found. Vowel-initial syllables carry no evidence and are
//! skipped.

use crate::alignment::pinyin_names::readings;

/// Least score at which a transliteration counts as evidence.
pub(crate) const TRANSLITERATION_FLOOR: f64 = 0.75;

/// Coarse sound class of a pinyin initial, `None` for a vowel or glide initial.
fn pinyin_class(syllable: &str) -> Option<char> {
    let first = syllable.chars().next()?;
    let class = match first {
        'b' | 'p' => 'P',
        'd' | 't' => 'T',
        'g' | 'k' => 'K',
        'h' => 'H',
        'z' | 'c' | 's' | 'j' | 'q' | 'x' => 'S',
        'l' | 'r' => 'L',
        'm' => 'M',
        'n' => 'N',
        'f' => 'F',
        'w' => 'W',
        _ => return None,
    };
    Some(class)
}

/// Coarse sound classes of the consonant letters of an English name, in order.
fn english_classes(name: &str) -> Vec<char> {
    let letters: Vec<char> =
        name.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect();
    let mut classes = Vec::new();
    for (idx, c) in letters.iter().enumerate() {
        let next = letters.get(idx + 1).copied();
        let class = match c {
            'b' | 'p' if next == Some('h') => 'F',
            'b' | 'p' => 'P',
            'd' | 't' => 'T',
            'g' | 'k' | 'q' => 'K',
            // `c` before e/i sounds like s (`Cecilia`), otherwise like k (`Carter`).
            'c' if matches!(next, Some('e' | 'i' | 'y')) => 'S',
            'c' => 'K',
            's' | 'z' | 'x' | 'j' => 'S',
            'l' | 'r' => 'L',
            'm' => 'M',
            'n' => 'N',
            'f' | 'v' => 'F',
            'w' => 'W',
            'h' => 'H',
            _ => continue,
        };
        classes.push(class);
        // `x` is /ks/: either part may be transliterated.
        if *c == 'x' {
            classes.push('K');
        }
    }
    classes
}

/// Whether one class of the English may render a pinyin class: `h` and `w` are often silent or
/// vowels in English (`Theresa`, `Stilwell`), `f` renders `v`, `h` renders `k`/`g`.
fn class_fits(pinyin: char, english: char) -> bool {
    pinyin == english || matches!((pinyin, english), ('H', 'K') | ('H', 'F') | ('W', 'F'))
}

/// The share (0–1) of the Chinese name's consonant-initial syllables whose sound class is found
/// in the English name, in order (the longest common subsequence); 0 when the Chinese has no
/// such syllable.
pub(crate) fn transliteration_score(zh: &str, english: &str) -> f64 {
    let targets = english_classes(english);
    let syllables: Vec<Vec<char>> = zh
        .chars()
        .map(|c| {
            readings(c).iter().filter_map(|reading| pinyin_class(reading)).collect::<Vec<char>>()
        })
        .filter(|classes| !classes.is_empty())
        .collect();
    if syllables.is_empty() {
        return 0.0;
    }
    // best[j]: most syllables matched so far within the first j English classes.
    let mut best = vec![0usize; targets.len() + 1];
    for classes in &syllables {
        let mut next = best.clone();
        for (at, target) in targets.iter().enumerate() {
            let matched = if classes.iter().any(|class| class_fits(*class, *target)) {
                best[at] + 1
            } else {
                0
            };
            next[at + 1] = next[at + 1].max(next[at]).max(matched);
        }
        best = next;
    }
    best[targets.len()] as f64 / syllables.len() as f64
}
