//! Foreign names mined with syllable-level transliteration evidence (`布林肯` ↔ `Blinken`,
//! `特雷莎·梅` ↔ `Theresa May`): names CC-CEDICT knows, and names whose parts the Chinese
//! separates with `、`. The sound score itself, which only *verifies* a pairing the text
//! proposes and never produces an English name, is `alignment::transliteration`.

// The sound scoring lives in `alignment` since fragment suggestions verify renderings with it
// too; mining's modules keep reaching it here.
pub(crate) use crate::alignment::transliteration::{
    TRANSLITERATION_FLOOR, consonant_syllables, english_classes, transliteration_score,
};
use crate::{
    alignment::cedict_stems,
    terminology::{
        Category,
        mining::{
            AFTER_NAME, Builder, appositive::is_title_word, find_titles, inside_dotted_name,
            is_breaker,
        },
        normalise::{Token, is_han},
    },
};

/// Foreign names CC-CEDICT knows (`史迪威` "Joseph Stilwell"): a headword of three to six
/// characters whose gloss stems start two adjacent capitalised English words of the pair
/// (given name and surname) that stand after a title or an honorific, and which sounds like
/// the surname. The English comes from the
/// pair; the dictionary and the sound only confirm it.
pub(super) fn mine_dictionary_names(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    english: &[Vec<Token>],
) {
    for (pair_idx, folded) in folded_pairs.iter().enumerate() {
        let chars: Vec<char> = folded.chars().collect();
        let written: Vec<char> = pairs[pair_idx].0.chars().collect();
        let tokens = &english[pair_idx];
        let stem = |token: &Token| -> String {
            token.norm.chars().filter(char::is_ascii_alphabetic).take(5).collect()
        };
        for start in 0..chars.len() {
            for len in (3..=6).rev() {
                let end = start + len;
                if end > chars.len() || !chars[start..end].iter().all(|c| is_han(*c)) {
                    continue;
                }
                let zh: String = chars[start..end].iter().collect();
                if builder.terms.contains_key(&zh) || inside_dotted_name(&chars, start, end) {
                    continue;
                }
                let stems = cedict_stems(&zh);
                if stems.len() < 2 {
                    continue;
                }
                let capitalised = |token: &Token| {
                    token.surface.chars().next().is_some_and(char::is_uppercase)
                        && token.norm.len() >= 3
                };
                // A person cue stands before the name: a title or an honorific (`General`, `Mr`).
                let cued = |idx: usize| {
                    idx > 0
                        && (is_title_word(&tokens[idx - 1].norm)
                            || matches!(
                                tokens[idx - 1].norm.as_str(),
                                "general" | "mr" | "ms" | "mrs" | "dr" | "madam" | "sir"
                            ))
                };
                let found = tokens.windows(2).enumerate().find_map(|(idx, window)| {
                    (cued(idx)
                        && capitalised(&window[0])
                        && capitalised(&window[1])
                        && !window[1].after_break
                        && stems.contains(&stem(&window[0]).as_str())
                        && stems.contains(&stem(&window[1]).as_str())
                        && transliteration_score(&zh, &window[1].surface) >= TRANSLITERATION_FLOOR)
                        .then_some(window)
                });
                if let Some(window) = found {
                    let en = format!("{} {}", window[0].surface, window[1].surface);
                    let written_form: String = written[start..end].iter().collect();
                    builder.add(Category::Person, &zh, &written_form, Some((&en, pair_idx)));
                    break;
                }
            }
        }
    }
}

/// Marks that join the parts of a foreign name in some Chinese texts (`比尔、昆顿`), where `·`
/// is meant; the same marks separate the items of a list (`市外办、市贸促会`).
const SPLIT_NAME_MARKS: &[char] = &['、'];

/// Foreign names whose given name and surname the Chinese separates with `、` (`比尔、昆顿` ↔
/// `Bill Quinton`): two runs of two or three characters, neither a known term, around one
/// mark, each sounding like one of two adjacent capitalised words of the pair's English. A list
/// of two names has no such pair of adjacent English words, so the sound decides; the English
/// comes from the pair.
pub(super) fn mine_split_foreign_names(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    english: &[Vec<Token>],
) {
    for (pair_idx, folded) in folded_pairs.iter().enumerate() {
        let chars: Vec<char> = folded.chars().collect();
        let written: Vec<char> = pairs[pair_idx].0.chars().collect();
        if written.len() != chars.len() {
            continue;
        }
        let tokens = &english[pair_idx];
        let marks: Vec<usize> = chars
            .iter()
            .enumerate()
            .filter(|(_, c)| SPLIT_NAME_MARKS.contains(c))
            .map(|(mark, _)| mark)
            .collect();
        if marks.is_empty() {
            continue;
        }
        // The pair's titles, found once for all its marks.
        let titles = find_titles(&chars);
        for mark in marks {
            let before = chars[..mark].iter().rev().take_while(|c| is_han(**c)).count();
            let after = chars[mark + 1..].iter().take_while(|c| is_han(**c)).count();
            // The name stands between a title, punctuation or a function word and a title,
            // punctuation or a word that follows names (`本市市长|比尔、昆顿|议员`).
            let starts_cleanly = |start: usize| {
                start == 0
                    || !is_han(chars[start - 1])
                    || is_breaker(&chars, start - 1)
                    || titles.iter().any(|(_, title_end, _)| *title_end == start)
            };
            let ends_cleanly = |end: usize| {
                chars.get(end).is_none_or(|c| !is_han(*c) || AFTER_NAME.contains(*c))
                    || titles.iter().any(|(title_start, _, _)| *title_start == end)
            };
            let sounds = |zh: &str, token: &Token| {
                token.surface.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    && token.norm.len() >= 3
                    && !is_title_word(&token.norm)
                    && transliteration_score(zh, &token.surface) >= TRANSLITERATION_FLOOR
            };
            let spans = (2..=3.min(before)).flat_map(|given_len| {
                (2..=3.min(after))
                    .map(move |surname_len| (mark - given_len, mark + 1 + surname_len))
            });
            for (start, end) in spans {
                if !starts_cleanly(start) || !ends_cleanly(end) {
                    continue;
                }
                let given: String = chars[start..mark].iter().collect();
                let surname: String = chars[mark + 1..end].iter().collect();
                // Three sounds at least carry the evidence (`比|尔、昆|顿`).
                if builder.terms.contains_key(&given)
                    || builder.terms.contains_key(&surname)
                    || consonant_syllables(&given) + consonant_syllables(&surname) < 3
                {
                    continue;
                }
                let found = tokens.windows(2).find(|window| {
                    !window[1].after_break
                        && sounds(&given, &window[0])
                        && sounds(&surname, &window[1])
                });
                if let Some(window) = found {
                    let zh: String = chars[start..end].iter().collect();
                    let written_form: String = written[start..end].iter().collect();
                    let en = format!("{} {}", window[0].surface, window[1].surface);
                    builder.add(Category::Person, &zh, &written_form, Some((&en, pair_idx)));
                    break;
                }
            }
        }
    }
}
