//! Whole foreign names: a name joined by a middle dot (`巴里·马歇尔`, `•`, `‧`) is one name, and a
//! regnal number belongs to the name it follows (`查理三世` ↔ `Charles III`). A pass that found only
//! a part (`马歇尔` ↔ `Barry Marshall`, `查理三` ↔ `Charles III`) is corrected when the text never
//! writes that part otherwise: every occurrence stands against a middle dot, or before `世`.

use crate::terminology::{
    Category,
    mining::{
        Builder, NAME_DOTS,
        honorific::merge_evidence,
        transliteration::{TRANSLITERATION_FLOOR, transliteration_score},
    },
    normalise::is_han,
};

/// Longest part of a name on the other side of a middle dot, in characters.
const MAX_PART_CHARS: usize = 5;

/// Chinese numerals of a regnal number (`三世`, `十六世`).
const REGNAL_NUMERALS: &str = "一二三四五六七八九十";

/// `馬塞洛?埃布拉德` → `馬塞洛·埃布拉德`: a `?` between two Chinese characters is a middle dot
/// lost to a wrong encoding (a question mark ends a Chinese sentence as `？`, or before a line
/// break), so the name stays one. The text keeps its length, so offsets survive.
pub(super) fn restore_mojibake_dots(zh: &str) -> String {
    if !zh.contains('?') {
        return zh.to_owned();
    }
    let chars: Vec<char> = zh.chars().collect();
    (0..chars.len())
        .map(|at| {
            let between_han =
                at > 0 && is_han(chars[at - 1]) && chars.get(at + 1).is_some_and(|c| is_han(*c));
            if chars[at] == '?' && between_han { '·' } else { chars[at] }
        })
        .collect()
}

/// Renames every person found as a part of a longer name the text always writes whole.
pub(super) fn complete_foreign_names(builder: &mut Builder, texts: &[&String]) {
    for name in builder.terms_of(Category::Person) {
        let Some(rendering) = builder.terms[&name]
            .first_seen
            .first()
            .and_then(|key| builder.terms[&name].renderings.get(key))
            .map(|(surface, _)| surface.clone())
        else {
            continue;
        };
        let Some(whole) = whole_name(&name, texts, &rendering) else { continue };
        if whole == name {
            continue;
        }
        let Some(mut evidence) = builder.terms.remove(&name) else { continue };
        // The written forms were of the part.
        evidence.variants.clear();
        let target = builder.terms.entry(whole).or_default();
        merge_evidence(target, evidence);
    }
}

/// The part of `run` (characters next to a middle dot, `near_end` on the dot's side) that sounds
/// most like `english`, the longest among equals; `None` if none sounds like it.
fn sounding_part(run: &[char], near_end: bool, english: &str) -> Option<String> {
    let mut best: Option<(f64, String)> = None;
    for len in 1..=run.len().min(MAX_PART_CHARS) {
        let part: String =
            if near_end { run[run.len() - len..].iter() } else { run[..len].iter() }.collect();
        let score = transliteration_score(&part, english);
        if score >= TRANSLITERATION_FLOOR && best.as_ref().is_none_or(|(best, _)| score >= *best) {
            best = Some((score, part));
        }
    }
    best.map(|(_, part)| part)
}

/// The one whole name every occurrence of `name` in `texts` is part of, if the text never writes
/// `name` alone; the part across a middle dot is the one that sounds like the rest of the
/// English `rendering` (`得主巴里·马歇尔` with `Barry Marshall` → `巴里·马歇尔`).
fn whole_name(name: &str, texts: &[&String], rendering: &str) -> Option<String> {
    let words: Vec<&str> = rendering.split_whitespace().collect();
    let first_words = words.split_last().map(|(_, rest)| rest.join(" ")).unwrap_or_default();
    let last_word = words.last().copied().unwrap_or_default();
    let mut whole: Option<String> = None;
    for text in texts {
        for (at, _) in text.match_indices(name) {
            let before: Vec<char> = text[..at].chars().collect();
            let after: Vec<char> = text[at + name.len()..].chars().collect();
            let mut left = String::new();
            if before.last().is_some_and(|c| NAME_DOTS.contains(c)) {
                let run =
                    before[..before.len() - 1].iter().rev().take_while(|c| is_han(**c)).count();
                let run = &before[before.len() - 1 - run..before.len() - 1];
                let part = sounding_part(run, true, &first_words)?;
                left = format!("{part}{}", before[before.len() - 1]);
            }
            let mut right = String::new();
            if after.first().is_some_and(|c| NAME_DOTS.contains(c)) {
                let run = after[1..].iter().take_while(|c| is_han(**c)).count();
                let part = sounding_part(&after[1..1 + run], false, last_word)?;
                right = format!("{}{part}", after[0]);
            } else if name.chars().next_back().is_some_and(|c| REGNAL_NUMERALS.contains(c))
                && after.first() == Some(&'世')
            {
                right = "世".to_owned();
            }
            let candidate = format!("{left}{name}{right}");
            match &whole {
                Some(seen) if *seen != candidate => return None,
                _ => whole = Some(candidate),
            }
        }
    }
    whole
}

#[cfg(test)]
mod tests {
    use super::whole_name;

    #[test]
    fn a_question_mark_between_chinese_characters_is_a_lost_middle_dot() {
        use super::restore_mojibake_dots;
        assert_eq!(restore_mojibake_dots("外长马塞洛?埃布拉德会见"), "外长马塞洛·埃布拉德会见");
        assert_eq!(restore_mojibake_dots("情况如何?"), "情况如何?");
        assert_eq!(restore_mojibake_dots("How?好"), "How?好");
    }

    #[test]
    fn a_part_of_a_dotted_or_regnal_name_is_completed_only_when_never_written_alone() {
        let texts = [
            "包括诺贝尔奖得主巴里·马歇尔(Barry Marshall)教授".to_owned(),
            "国王查理三世的加冕".to_owned(),
        ];
        let texts: Vec<&String> = texts.iter().collect();
        assert_eq!(whole_name("马歇尔", &texts, "Barry Marshall").as_deref(), Some("巴里·马歇尔"));
        assert_eq!(whole_name("查理三", &texts, "Charles III").as_deref(), Some("查理三世"));
        let alone = ["安东尼·布林肯抵达".to_owned(), "布林肯表示".to_owned()];
        let alone: Vec<&String> = alone.iter().collect();
        assert_eq!(whole_name("布林肯", &alone, "Antony Blinken").as_deref(), None);
    }
}
