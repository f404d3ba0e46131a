//! Persons found by phrase alignment: every run of two to four capitalised English words that
//! names no organisation, event or title (`Jared Kushner`, `Andrea Bocelli`, `Paul Woodruff`)
//! is paired with the Chinese span that the word aligner links it to, and the pairing is
//! believed only when the sound verifies it.
//!
//! Alignment proposes where the name is; the span's edges are then moved, a few characters at
//! most, over Chinese characters and a name's middle dots, and the span whose syllables sound
//! most like the English (the share of syllables found in order,
//! [`transliteration::transliteration_score`], or a Chinese name spelt by its pinyin) is kept. A
//! span never cuts a name at its middle dot, never holds another known term, and is no
//! dictionary word that translates the English (`斯里兰卡` ↔ `Sri Lanka` is a place, not a
//! transliterated person). Three consonant syllables at least carry the evidence, and an English
//! name with far more consonants than the Chinese has syllables does not sound like it. The
//! English always comes from the pair: the sound only verifies, it never invents a name.

use crate::{
    alignment::dictionary::DICTIONARY,
    phrases::{AlignedUnit, EnglishToken},
    terminology::{
        Category,
        mining::{
            Builder, SPAN_SUFFIXES,
            aligned::is_title_head,
            appositive::is_title_word,
            chars_of_pairs, is_name_dot,
            lexical::{category_of_head, renders},
            opens_sentence_only, pinyin_spells,
            sound_names::TRANSLITERATION_CHARACTERS,
            strip_possessive,
            transliteration::{
                TRANSLITERATION_FLOOR, consonant_syllables, english_classes, transliteration_score,
            },
        },
        normalise::is_han,
    },
};

/// Fewest and most words of an English person name.
const NAME_WORDS: std::ops::RangeInclusive<usize> = 2..=4;

/// Most characters a span's edge moves beyond the characters aligned to the name.
const EDGE_SLACK: usize = 3;

/// Longest person name, in characters (dots included).
const MAX_NAME_CHARS: usize = 12;

/// Characters that end Chinese place names, never a transliterated person's name.
const PLACE_ENDINGS: &str = "国州省市县区镇村岛洲湾江河湖山";

/// Adds the persons that alignment pairs with a name the sound verifies (see the module docs).
pub(super) fn mine_aligned_persons(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    units: &[Option<AlignedUnit>],
) {
    let known: Vec<(String, Category)> = builder
        .terms
        .iter()
        .filter_map(|(zh, evidence)| Some((zh.clone(), evidence.category?)))
        .collect();
    let mut found: Vec<(String, String, String, usize)> = Vec::new();
    for (pair_idx, folded, written) in chars_of_pairs(pairs, folded_pairs) {
        let Some(unit) = &units[pair_idx] else { continue };
        // Character ranges of the terms of other categories and of other persons in this pair.
        let mut taken: Vec<(usize, usize, &str, Category)> = Vec::new();
        for (zh, category) in &known {
            let term: Vec<char> = zh.chars().collect();
            for at in 0..folded.len() {
                if folded[at..].starts_with(&term) {
                    taken.push((at, at + term.len(), zh.as_str(), *category));
                }
            }
        }
        let words = dictionary_words(&folded);
        for (start, end) in person_runs(&unit.en_tokens) {
            let en = &unit.en[unit.en_tokens[start].bytes.start..unit.en_tokens[end - 1].bytes.end];
            let (linked, linked_outside) = linked_characters(unit, start, end);
            let (Some(&lo), Some(&hi)) = (linked.first(), linked.last()) else {
                continue;
            };
            let around =
                Around { lo, hi: hi + 1, linked: &linked, linked_outside: &linked_outside };
            if let Some((zh_start, zh_end)) = sounding_span(&folded, &around, en, &taken, &words) {
                let zh: String = folded[zh_start..zh_end].iter().collect();
                let written_form: String = written[zh_start..zh_end].iter().collect();
                found.push((zh, written_form, en.to_owned(), pair_idx));
            }
        }
    }
    for (zh, written, en, pair_idx) in found {
        builder.add(Category::Person, &zh, &written, Some((&en, pair_idx)));
    }
}

/// The dictionary words of two characters or more in `chars`, as character ranges.
pub(super) fn dictionary_words(chars: &[char]) -> Vec<(usize, usize)> {
    DICTIONARY
        .match_word_spans(chars)
        .into_iter()
        .map(|(start, end, _)| (start, end))
        .filter(|(start, end)| end - start >= 2)
        .collect()
}

/// The Chinese characters (sorted, once each) linked to the English tokens `start..end`, and
/// those linked to a content word outside them and to none inside.
pub(super) fn linked_characters(
    unit: &AlignedUnit,
    start: usize,
    end: usize,
) -> (Vec<usize>, Vec<usize>) {
    let (mut linked, mut outside) = (Vec::new(), Vec::new());
    for &(zh_idx, en_idx) in &unit.links {
        if (start..end).contains(&en_idx) {
            linked.extend(unit.zh_tokens[zh_idx].clone());
        } else if unit.en_tokens[en_idx].is_content() {
            outside.extend(unit.zh_tokens[zh_idx].clone());
        }
    }
    linked.sort_unstable();
    linked.dedup();
    outside.sort_unstable();
    outside.dedup();
    outside.retain(|c| linked.binary_search(c).is_err());
    (linked, outside)
}

/// Where alignment puts an English name in the Chinese: the range of the characters linked to
/// it, those characters, and the characters linked to content words outside it.
struct Around<'a> {
    lo: usize,
    hi: usize,
    linked: &'a [usize],
    linked_outside: &'a [usize],
}

/// The span around the aligned characters that sounds most like `en`, if one does: it cuts no
/// dictionary word (`words`), holds most characters linked to the name and few linked elsewhere.
fn sounding_span(
    folded: &[char],
    around: &Around<'_>,
    en: &str,
    taken: &[(usize, usize, &str, Category)],
    words: &[(usize, usize)],
) -> Option<(usize, usize)> {
    let (lo, hi) = (around.lo, around.hi);
    let is_dot = |at: usize| is_name_dot(folded, at);
    let mut best: Option<(f64, usize, usize)> = None;
    for start in lo.saturating_sub(EDGE_SLACK)..=lo.min(folded.len()) {
        for end in
            hi.saturating_sub(EDGE_SLACK).max(start + 2)..=(hi + EDGE_SLACK).min(folded.len())
        {
            let span = &folded[start..end];
            if span.len() > MAX_NAME_CHARS
                || !(start..end).all(|at| is_han(folded[at]) || is_dot(at))
                || is_dot(start)
                || is_dot(end - 1)
                // Never a part of a dotted name.
                || (start > 0 && is_dot(start - 1))
                || (end < folded.len() && is_dot(end))
                || PLACE_ENDINGS.contains(span[span.len() - 1])
            {
                continue;
            }
            let cuts = |at: usize| words.iter().any(|(s, e)| *s < at && at < *e);
            let inside =
                |chars: &[usize]| chars.iter().filter(|c| (start..end).contains(*c)).count();
            if cuts(start)
                || cuts(end)
                || inside(around.linked) * 2 < around.linked.len()
                || inside(around.linked_outside) * 3 > span.len()
            {
                continue;
            }
            // Overlapping a known term is no new name, unless the span is that person.
            let zh: String = span.iter().collect();
            if taken.iter().any(|(taken_start, taken_end, term, category)| {
                // A part of a dotted name found before (`特朗普` in `唐纳德.特朗普`).
                let holds_person = *category == Category::Person
                    && start <= *taken_start
                    && *taken_end <= end
                    && (start..end).any(&is_dot);
                *taken_start < end && start < *taken_end && *term != zh && !holds_person
            }) {
                continue;
            }
            let Some(score) = sound_score(&zh, en) else { continue };
            if best.is_none_or(|(best_score, best_start, best_end)| {
                score > best_score || (score == best_score && end - start > best_end - best_start)
            }) {
                best = Some((score, start, end));
            }
        }
    }
    best.map(|(_, start, end)| (start, end))
}

/// How well the Chinese name `zh` sounds like the English `en` (0–1), or `None` when it does
/// not, is too short to tell, or is a dictionary word that translates the English.
fn sound_score(zh: &str, en: &str) -> Option<f64> {
    let bare: String = zh.chars().filter(|c| is_han(*c)).collect();
    // A Chinese name spelt by its pinyin (`罗强` ↔ `Luo Qiang`).
    if bare.chars().count() <= 4 && pinyin_spells(&bare, en) {
        return Some(1.0);
    }
    // A transliteration: three sounds at least, written mostly with the characters kept for
    // foreign sounds, each found in order in the English, which has not many more consonants.
    let syllables = consonant_syllables(&bare);
    let n_chars = bare.chars().count();
    let foreign = bare.chars().filter(|c| TRANSLITERATION_CHARACTERS.contains(*c)).count();
    if syllables < 3 || foreign * 2 < n_chars || english_classes(en).len() > 2 * syllables + 2 {
        return None;
    }
    let chars: Vec<char> = bare.chars().collect();
    let whole_word = DICTIONARY
        .match_word_spans(&chars)
        .iter()
        .any(|(start, end, _)| end - start == chars.len());
    if whole_word && en.split_whitespace().any(|word| renders(&bare, word) > 0.0) {
        return None;
    }
    let score = transliteration_score(&bare, en);
    (score >= TRANSLITERATION_FLOOR).then_some(score)
}

/// Runs of two to four capitalised words that may name a person ([`proper_name_runs`]), not
/// after `of`, `the` or `in` (`the Republic of Korea`).
fn person_runs(tokens: &[EnglishToken]) -> Vec<(usize, usize)> {
    proper_name_runs(tokens)
        .into_iter()
        .filter(|(start, end)| {
            let words = tokens[*start..*end].iter().filter(|token| token.text != "-").count();
            let led_by_determiner = *start > 0
                && matches!(tokens[start - 1].text.to_lowercase().as_str(), "of" | "the" | "in");
            NAME_WORDS.contains(&words) && !led_by_determiner
        })
        .collect()
}

/// Maximal runs of capitalised words that may be a proper name: alphabetic words with a
/// lower-case letter (`UNWTO` is no name), a hyphenated part joined (`Kang Sang-wook`), no head
/// of an organisation, event, title or place, and no word that only opens a sentence.
pub(super) fn proper_name_runs(tokens: &[EnglishToken]) -> Vec<(usize, usize)> {
    let name_word = |token: &EnglishToken| {
        let word = strip_possessive(&token.text);
        let lower = word.to_lowercase();
        // Heads in the plural too (`Confucius Institutes`).
        let singular = lower.strip_suffix('s').unwrap_or(&lower);
        let head = |word: &str| {
            category_of_head(word).is_some()
                || SPAN_SUFFIXES.iter().any(|(_, _, heads)| heads.contains(&word))
                || is_title_head(word)
                || is_title_word(word)
        };
        word.len() >= 2
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && word.chars().all(|c| c.is_ascii_alphabetic())
            && word.chars().any(|c| c.is_ascii_lowercase())
            // No head of an organisation, title, place, publication or event (`Jilin Province`).
            && !head(&lower)
            && !head(singular)
            && !opens_sentence_only(&lower)
    };
    let mut runs = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        if !name_word(&tokens[idx]) {
            idx += 1;
            continue;
        }
        let start = idx;
        let mut end = idx + 1;
        loop {
            if end < tokens.len() && name_word(&tokens[end]) {
                end += 1;
            } else if end + 1 < tokens.len()
                && tokens[end].text == "-"
                && tokens[end + 1].text.chars().all(|c| c.is_ascii_alphabetic())
            {
                end += 2;
            } else {
                break;
            }
        }
        runs.push((start, end));
        idx = end;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::{person_runs, sound_score};
    use crate::phrases::english_tokens;

    fn runs(en: &str) -> Vec<String> {
        let tokens = english_tokens(en);
        person_runs(&tokens)
            .into_iter()
            .map(|(start, end)| en[tokens[start].bytes.start..tokens[end - 1].bytes.end].to_owned())
            .collect()
    }

    #[test]
    fn person_runs_are_capitalised_words_that_head_no_name() {
        assert_eq!(
            runs("Jared Kushner and his wife Ivanka Trump met U.S. President Donald Trump."),
            ["Jared Kushner", "Ivanka Trump", "Donald Trump"]
        );
        assert_eq!(runs("the Consul General Kang Sang-wook of Korea"), ["Kang Sang-wook"]);
        // Heads of organisations and titles, acronyms and names after `of` are no persons.
        assert!(runs("the Foreign Affairs Office of Lancaster University").is_empty());
        assert!(runs("the 22nd Session of the UNWTO General Assembly").is_empty());
        assert!(runs("the Republic of Korea").is_empty());
        assert!(runs("He visited Jilin Province.").is_empty());
    }

    #[test]
    fn the_sound_verifies_a_transliteration_and_refuses_a_translation() {
        assert!(sound_score("贾里德·库什纳", "Jared Kushner").is_some_and(|score| score >= 0.75));
        assert!(sound_score("安德烈·波切利", "Andrea Bocelli").is_some());
        // Too few syllables to tell.
        assert!(sound_score("纽约", "New York").is_none());
        // A sound that is not there.
        assert!(sound_score("北京花园", "Jared Kushner").is_none());
    }
}
