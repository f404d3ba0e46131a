//! Syllable-level transliteration evidence: does a Chinese rendering of a foreign name sound like
//! an English name (`布林肯` ↔ `Blinken`, `特雷莎·梅` ↔ `Theresa May`)?
//!
//! The score only *verifies* a pairing that a text or an alignment proposes; it never produces an
//! English name. Each syllable's initial consonant is reduced to a coarse sound class (b/p, d/t,
//! g/k, the sibilants, l/r, …) and looked for, in order, among the consonant classes of the
//! English letters; the score is the share of syllables found. Vowel-initial syllables carry no
//! evidence and are skipped. Term mining (`terminology::mining`) and fragment suggestions
//! (`phrases::suggest`) both read it.

use crate::alignment::pinyin_names::readings;

/// Characters common in transliterations of foreign names (Xinhua's tables).
pub(crate) const TRANSLITERATION_CHARACTERS: &str = "阿埃艾安昂奥巴拜班邦保贝本比彼宾波伯博布查达戴丹道德登迪蒂丁东\
杜多厄恩尔法凡菲费芬丰弗福富盖甘戈格根古哈海汉豪赫黑亨胡华霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎拉莱\
赖兰朗劳勒雷蕾里利莉连林琳卢鲁伦罗洛马玛迈麦曼梅门蒙米明莫默姆穆纳娜奈南内尼妮宁努诺欧帕潘佩皮普奇齐乔\
切琴萨塞桑瑟森沙什施斯索塔泰坦汤特提图托瓦万威韦维温沃乌西希夏谢辛休雅亚扬耶伊因尤约泽扎詹兹佐娅丽茨芙\
黛琪萝丝莎珀";

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
pub(crate) fn english_classes(name: &str) -> Vec<char> {
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
            // `c` before e/i sounds like s (`Cecilia`), before h like either (`Chedondo`,
            // `Christian`: class `C`), otherwise like k (`Carter`).
            'c' if matches!(next, Some('e' | 'i' | 'y')) => 'S',
            'c' if next == Some('h') => 'C',
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
/// vowels in English (`Theresa`, `Stilwell`), `f` renders `v`, `h` renders `k`/`g`, and `ch`
/// sounds like a sibilant or like `k`.
fn class_fits(pinyin: char, english: char) -> bool {
    pinyin == english
        || matches!(
            (pinyin, english),
            ('H', 'K') | ('H', 'F') | ('W', 'F') | ('S', 'C') | ('K', 'C') | ('H', 'C')
        )
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

/// How many characters of `zh` start with a consonant (the sounds that carry evidence).
pub(crate) fn consonant_syllables(zh: &str) -> usize {
    zh.chars()
        .filter(|c| readings(*c).iter().any(|reading| pinyin_class(reading).is_some()))
        .count()
}

#[cfg(test)]
mod tests {
    use super::transliteration_score;

    #[test]
    fn ch_sounds_like_a_sibilant_or_like_k() {
        assert_eq!(transliteration_score("切冬多", "Chedondo"), 1.0);
        assert_eq!(transliteration_score("查尔斯", "Charles"), 1.0);
        assert_eq!(transliteration_score("克里斯蒂安", "Christian"), 1.0);
        // Still in order: the sibilant is not found after the last letter.
        assert!(transliteration_score("多切", "Chedondo") < 1.0);
    }
}
