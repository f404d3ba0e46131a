//! Foreign names written as one transliteration and one English word (`奥巴马` ↔ `Obama`,
//! `克莱弗利` ↔ `Cleverly`), which no surname table, dictionary or middle dot gives away. A run of
//! three to six characters of the kind used to transliterate foreign names is paired with the
//! one capitalised English word of its pair whose consonants carry every consonant syllable of
//! the run, in order (the transliteration score only verifies what the pair proposes), when one
//! side shows a person there: a title or `夫人` right before the Chinese, a verb of saying or a
//! form of address right after it, or a title word or an honorific right before the English.

use crate::terminology::{
    Category,
    mining::{
        Builder,
        appositive::is_title_word,
        chars_of_pairs, find_titles, inside_dotted_name, strip_possessive,
        transliteration::{consonant_syllables, english_classes, transliteration_score},
    },
    normalise::{Token, is_han},
};

// The set lives in `alignment` since fragment suggestions read it too.
pub(super) use crate::alignment::transliteration::TRANSLITERATION_CHARACTERS;

/// Words right after a Chinese name that show a person: forms of address and verbs of saying.
const AFTER_PERSON: &[&str] = &["先生", "女士", "阁下", "表示", "说", "指出", "称", "强调"];

/// Shortest and longest run tried, in characters.
const RUN_CHARS: std::ops::RangeInclusive<usize> = 3..=6;

/// Pairs single-word transliterations in every pair; see the module documentation.
pub(super) fn mine_sound_alike_names(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    english: &[Vec<Token>],
) {
    let persons = builder.terms_of(Category::Person);
    for (pair_idx, chars, written) in chars_of_pairs(pairs, folded_pairs) {
        let tokens = &english[pair_idx];
        let title_ends: Vec<usize> = find_titles(&chars).iter().map(|(_, end, _)| *end).collect();
        let mut start = 0;
        while start < chars.len() {
            let run = chars[start..]
                .iter()
                .take_while(|c| TRANSLITERATION_CHARACTERS.contains(**c))
                .count();
            if run == 0 {
                start += 1;
                continue;
            }
            let end = start + run;
            let name: String = chars[start..end].iter().collect();
            let before: String = chars[start.saturating_sub(2)..start].iter().collect();
            let after: String = chars[end..(end + 2).min(chars.len())].iter().collect();
            let chinese_cue = title_ends.contains(&start)
                || before == "夫人"
                || AFTER_PERSON.iter().any(|word| after.starts_with(word));
            let stands_alone = (start == 0 || !is_han(chars[start - 1]) || chinese_cue)
                && (end == chars.len() || !is_han(chars[end]) || chinese_cue);
            let known = persons.iter().any(|person| name.contains(person.as_str()));
            // A part of a name joined by a middle dot is no name of its own (`库拉内`).
            let dotted = inside_dotted_name(&chars, start, end);
            if RUN_CHARS.contains(&run)
                && stands_alone
                && !known
                && !dotted
                && consonant_syllables(&name) >= 3
                && let Some(en) = sounding_word(&name, tokens, chinese_cue)
            {
                let written_form: String = written[start..end].iter().collect();
                builder.add(Category::Person, &name, &written_form, Some((&en, pair_idx)));
            }
            start = end;
        }
    }
}

/// The one capitalised word of the pair that sounds like `name` and stands where a person may.
fn sounding_word(name: &str, tokens: &[Token], chinese_cue: bool) -> Option<String> {
    let n_syllables = consonant_syllables(name);
    let mut found: Option<String> = None;
    for (idx, token) in tokens.iter().enumerate() {
        let word = strip_possessive(&token.surface);
        if word.chars().count() < 4
            || !word.chars().all(|c| c.is_ascii_alphabetic())
            || !word.starts_with(|c: char| c.is_ascii_uppercase())
            || is_title_word(&token.norm)
        {
            continue;
        }
        let english_cue = idx > 0
            && !token.after_break
            && (is_title_word(&tokens[idx - 1].norm)
                || matches!(tokens[idx - 1].norm.as_str(), "mr" | "ms" | "mrs" | "dr" | "madam"));
        if !(chinese_cue || english_cue)
            || english_classes(word).len() > 2 * n_syllables + 1
            || transliteration_score(name, word) < 1.0
        {
            continue;
        }
        match &found {
            Some(seen) if seen != word => return None,
            _ => found = Some(word.to_owned()),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::terminology::{Category, mine_candidates};

    #[test]
    fn a_transliteration_pairs_with_the_one_word_that_sounds_like_it_beside_a_person_cue() {
        let pairs = vec![
            (
                "会谈后，雷蒙多表示将继续合作。".to_owned(),
                "After the talks, Raimondo said cooperation would continue.".to_owned(),
            ),
            // A place in a list is no person, though it sounds alike.
            (
                "来自英国、菲律宾等国的客人出席。".to_owned(),
                "Guests from the UK, the Philippines attended.".to_owned(),
            ),
        ];
        let candidates = mine_candidates(&pairs, &[]);
        let found = |zh: &str| {
            candidates.iter().find(|candidate| candidate.zh == zh).map(|candidate| {
                (candidate.category, candidate.renderings.first().map(|r| r.en.clone()))
            })
        };
        assert_eq!(found("雷蒙多"), Some((Category::Person, Some("Raimondo".to_owned()))));
        assert!(found("菲律宾").is_none_or(|(category, _)| category != Category::Person));
    }
}
