//! Places found by phrase alignment: a proper name of one to three English words
//! ([`aligned_persons::proper_name_runs`]: `Slovakia`, `Manchester`, `Sri Lanka`) is paired with
//! the CC-CEDICT word that the word aligner links it to, when the dictionary translates every
//! word of the name and the word's form shows a place: it ends in a character that ends place
//! names (`冰岛`, `泰国`), or it is a transliteration whose syllables are found in order in the
//! English (`斯洛伐克` ↔ `Slovakia`). Persons found before keep their names (`特朗普`); a word
//! of two sounds that the dictionary glosses as a name (`孔子` ↔ `Confucius`) is too short to
//! tell a place from a person, and is left out.

use crate::{
    phrases::AlignedUnit,
    terminology::{
        Category,
        mining::{
            Builder,
            aligned_persons::{dictionary_words, linked_characters, proper_name_runs},
            chars_of_pairs,
            lexical::{is_function_word, renders},
            strip_possessive,
            transliteration::{TRANSLITERATION_FLOOR, consonant_syllables, transliteration_score},
        },
    },
};

/// Most words of an English place name.
const MAX_PLACE_WORDS: usize = 3;

/// Characters that end the Chinese names of countries, states, regions and islands.
const PLACE_ENDINGS: &str = "国州洲岛";

/// Adds the places that alignment pairs with a dictionary word that shows a place.
pub(super) fn mine_aligned_places(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    units: &[Option<AlignedUnit>],
) {
    let mut found: Vec<(String, String, String, usize)> = Vec::new();
    for (pair_idx, folded, written) in chars_of_pairs(pairs, folded_pairs) {
        let Some(unit) = &units[pair_idx] else { continue };
        let words = dictionary_words(&folded);
        for (start, end) in proper_name_runs(&unit.en_tokens) {
            let n_words = unit.en_tokens[start..end].iter().filter(|t| t.text != "-").count();
            // A name used as a modifier (`French consul`, `Philippine Consulate`) is an
            // adjective, and one that goes on with `of` heads a longer name (`United Kingdom |
            // of Great Britain and Northern Ireland`).
            let next = unit.en_tokens.get(end);
            let modifies = next.is_some_and(|next| {
                let norm = next.text.to_lowercase();
                next.text.chars().all(|c| c.is_ascii_alphabetic()) && !is_function_word(&norm)
                    || norm == "of"
            });
            if n_words > MAX_PLACE_WORDS || modifies {
                continue;
            }
            let en = strip_possessive(
                &unit.en[unit.en_tokens[start].bytes.start..unit.en_tokens[end - 1].bytes.end],
            )
            .to_owned();
            let (linked, elsewhere) = linked_characters(unit, start, end);
            // The dictionary word holding most of the characters linked to the name, with no
            // character linked elsewhere only.
            let best = words
                .iter()
                .filter(|(s, e)| !elsewhere.iter().any(|c| (*s..*e).contains(c)))
                .map(|(s, e)| (linked.iter().filter(|c| (*s..*e).contains(*c)).count(), *s, *e))
                .filter(|(inside, _, _)| *inside * 2 > linked.len().max(1) - 1 && *inside > 0)
                .max_by_key(|(inside, s, e)| (*inside, e - s));
            let Some((_, zh_start, zh_end)) = best else { continue };
            let zh: String = folded[zh_start..zh_end].iter().collect();
            if builder.terms.contains_key(&zh) || !shows_a_place(&zh, &en) {
                continue;
            }
            let written_form: String = written[zh_start..zh_end].iter().collect();
            found.push((zh, written_form, en, pair_idx));
        }
    }
    for (zh, written, en, pair_idx) in found {
        builder.add(Category::Place, &zh, &written, Some((&en, pair_idx)));
    }
}

/// Whether the dictionary word `zh` translates every word of `en` and its form shows a place.
fn shows_a_place(zh: &str, en: &str) -> bool {
    let translated = en
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| !word.is_empty())
        .all(|word| renders(zh, word) > 0.0);
    let place_ending = zh.chars().last().is_some_and(|c| PLACE_ENDINGS.contains(c));
    let sounds =
        consonant_syllables(zh) >= 3 && transliteration_score(zh, en) >= TRANSLITERATION_FLOOR;
    translated && (place_ending || sounds)
}

#[cfg(test)]
mod tests {
    use super::shows_a_place;

    #[test]
    fn a_dictionary_word_shows_a_place_by_its_ending_or_its_sound() {
        assert!(shows_a_place("斯洛伐克", "Slovakia"));
        assert!(shows_a_place("泰国", "Thailand"));
        // Too few sounds to tell a place from a person.
        assert!(!shows_a_place("孔子", "Confucius"));
        // The dictionary must translate the name.
        assert!(!shows_a_place("斯洛伐克", "Manchester"));
    }
}
