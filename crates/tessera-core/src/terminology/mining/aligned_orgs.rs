//! The Chinese edges of an organisation's name, set word by word once phrase alignment has found
//! roughly where the name is ([`super::aligned`]).
//!
//! Alignment links are noisy at a name's edges: an adjective of nationality is left unlinked or
//! linked to the head (`Chinese Embassy in Washington` ↔ `驻华盛顿大使馆`, the `中国` before it
//! lost), and words of the clause around the name are linked to its connectors (`双方以及|中国孔子学院`
//! for `Confucius Institute in China`). The span is therefore snapped to dictionary words
//! (CC-CEDICT, forward maximum matching) and its edges moved by lexical evidence only:
//!
//! - on the left, a word is added when it translates a content word of the English name that no
//!   word of the span translates (`中国` ↔ `Chinese`, `联合国` ↔ `UN`), with the `驻` (stationed in)
//!   between such a word and the rest (`中国|驻|曼彻斯特总领事馆`);
//! - a leading word is dropped when it translates no word of the name and either nothing of the
//!   name is linked to it or it is a place the memory already knows by another English
//!   (`英国|兰卡斯特大学孔子学院` for `Lancanster University Confucius Institute`).
//!
//! Nothing is invented: the English always comes from the pair, the span's core from the links.

use crate::{
    alignment::dictionary::{DICTIONARY, MAX_WORD_CHARS},
    phrases::AlignedUnit,
    terminology::{
        mining::lexical::{ORGANISATION_HEADS, renders},
        normalise::is_han,
    },
};

/// Most words added on the left of an aligned span.
const MAX_LEFT_STEPS: usize = 3;

/// Most words added on the right of an aligned span.
const MAX_RIGHT_STEPS: usize = 4;

/// Shortest remainder a left cut may leave, in characters.
const MIN_REMAINDER_CHARS: usize = 2;

/// What the snapping reads besides the pair: the name's content words and the places known so
/// far (folded Chinese), which a name's English must render to keep them at its start.
pub(super) struct NameEdges<'a> {
    /// The name's content words, as written (`Chinese`, `Embassy`, `Washington`).
    pub(super) content_words: Vec<&'a str>,
    /// Token indices of the name's content words in the pair's English.
    pub(super) content_tokens: Vec<usize>,
    /// The name's English head (`Embassy`, `Office`).
    pub(super) head: &'a str,
    /// The token index of the head in the pair's English.
    pub(super) head_token: usize,
    /// Places mined before, in folded Chinese.
    pub(super) known_places: &'a [String],
}

/// The span `span` of `folded` with its left edge set by word-by-word evidence (see the module
/// docs); `allowed` must accept every span returned.
pub(super) fn snap_organisation_span(
    unit: &AlignedUnit,
    folded: &[char],
    edges: &NameEdges<'_>,
    span: (usize, usize),
    allowed: &dyn Fn(usize, usize) -> bool,
) -> (usize, usize) {
    let words = segment(folded);
    let (mut start, mut end) = span;
    let linked_to_name =
        |word: (usize, usize)| linked_within(unit, word, &|en| edges.content_tokens.contains(&en));
    let linked_elsewhere = |word: (usize, usize)| {
        linked_within(unit, word, &|en| {
            !edges.content_tokens.contains(&en) && unit.en_tokens[en].is_content()
        })
    };
    // Words after the span that are linked to the name, or translate it, join it, up to a head
    // character (`中外新闻|社`, `北京外交人员服务|局`).
    for _ in 0..MAX_RIGHT_STEPS {
        let Some(next) = words.iter().find(|(s, _)| *s == end).copied() else { break };
        let word: String = folded[next.0..next.1].iter().collect();
        let translates = edges.content_words.iter().any(|english| renders_loosely(&word, english));
        let joins = (linked_to_name(next) && !linked_elsewhere(next)) || translates;
        let head_character = next.1 - next.0 == 1 && is_head_character(folded[next.0]);
        if !(joins || head_character) || !allowed(start, next.1) {
            break;
        }
        end = next.1;
    }
    // A Chinese name ends in its head: trailing words that are neither a head nor the
    // translation of a word of the name go (`驻渝领事机构|山城共庆中秋佳节`).
    while let Some(last) = words.iter().find(|(_, e)| *e == end).copied() {
        let word: String = folded[last.0..last.1].iter().collect();
        let linked_to_head = linked_within(unit, last, &|en| en == edges.head_token);
        // Chinese writes what follows the English head (`… Organization | in Chongqing
        // Celebrating …`) before its own head, never after it.
        let linked_after_head = !linked_to_head
            && linked_within(unit, last, &|en| {
                en > edges.head_token && edges.content_tokens.contains(&en)
            });
        let keeps = linked_to_head
            || renders_loosely(&word, edges.head)
            || (ends_in_head(&word) && !linked_after_head);
        if last.0 < start + MIN_REMAINDER_CHARS || keeps || !allowed(start, last.0) {
            break;
        }
        end = last.0;
    }
    // Leading words that translate nothing of the name go, up to the `驻` of a mission.
    while let Some(first) = words.iter().find(|(s, _)| *s == start).copied() {
        if end < first.1 + MIN_REMAINDER_CHARS
            || !allowed(first.1, end)
            || folded[first.0] == '驻'
            || (first.0 > 0 && folded[first.0 - 1] == '驻')
        {
            break;
        }
        let word: String = folded[first.0..first.1].iter().collect();
        if edges.content_words.iter().any(|english| renders_loosely(&word, english)) {
            break;
        }
        let linked = linked_to_name(first);
        let known_place = edges.known_places.contains(&word);
        if linked && !known_place {
            break;
        }
        start = first.1;
    }
    // Words before the span that translate a content word nothing inside translates join it.
    for _ in 0..MAX_LEFT_STEPS {
        let Some(before) = words.iter().find(|(_, e)| *e == start).copied() else { break };
        let uncovered: Vec<&str> = edges
            .content_words
            .iter()
            .copied()
            .filter(|english| {
                !words.iter().filter(|(s, e)| start <= *s && *e <= end).any(|(s, e)| {
                    renders_loosely(&folded[*s..*e].iter().collect::<String>(), english)
                })
            })
            .collect();
        let translates = |range: (usize, usize)| {
            let word: String = folded[range.0..range.1].iter().collect();
            uncovered.iter().any(|english| renders_loosely(&word, english))
        };
        let new_start = if translates(before) {
            before.0
        } else if folded[before.0] == '驻' && before.1 - before.0 == 1 {
            match words.iter().find(|(_, e)| *e == before.0).copied() {
                Some(owner) if translates(owner) => owner.0,
                _ => break,
            }
        } else {
            break;
        };
        if !allowed(new_start, end) {
            break;
        }
        start = new_start;
    }
    (start, end)
}

/// Whether a character of the word `word` (a character range) is linked to an English token
/// that `english` accepts.
fn linked_within(
    unit: &AlignedUnit,
    word: (usize, usize),
    english: &dyn Fn(usize) -> bool,
) -> bool {
    unit.links.iter().any(|(zh, en)| {
        let chars = &unit.zh_tokens[*zh];
        english(*en) && word.0 <= chars.start && chars.end <= word.1
    })
}

/// Whether the character `c` alone names a body: CC-CEDICT glosses it with an English head noun
/// of organisations (`局` "bureau", `馆` "embassy", `社` "agency", `部` "ministry").
pub(super) fn is_head_character(c: char) -> bool {
    let zh = c.to_string();
    is_han(c) && ORGANISATION_HEADS.iter().any(|head| renders(&zh, head) > 0.0)
}

/// Whether the word `zh` ends in a head character or is itself glossed by a head noun
/// (`机构` "organization", `大使馆` "embassy").
pub(super) fn ends_in_head(zh: &str) -> bool {
    zh.chars().next_back().is_some_and(is_head_character)
        || ORGANISATION_HEADS.iter().any(|head| renders(zh, head) > 0.0)
}

/// The last word of `chars` when it is a head word ([`ends_in_head`]), as a character range.
pub(super) fn head_word_at_end(chars: &[char]) -> Option<(usize, usize)> {
    let (start, end) = segment(chars).last().copied()?;
    ends_in_head(&chars[start..end].iter().collect::<String>()).then_some((start, end))
}

/// Whether the span `zh_start..` of `folded` starts inside a dictionary word (`经|济研究所`).
pub(super) fn starts_inside_a_word(folded: &[char], zh_start: usize) -> bool {
    segment(folded).iter().any(|(s, e)| *s < zh_start && zh_start < *e)
}

/// Whether a word of the Chinese `zh` ([`segment`]) translates one of the English `words`
/// ([`renders_loosely`]).
pub(super) fn translates_any(zh: &str, words: &[&str]) -> bool {
    let chars: Vec<char> = zh.chars().collect();
    segment(&chars).iter().any(|(start, end)| {
        let word: String = chars[*start..*end].iter().collect();
        words.iter().any(|english| renders_loosely(&word, english))
    })
}

/// The words of `chars`: the dictionary's words of two characters or more, every other
/// character a word of its own. Matching the longest word from the left alone splits a name
/// after a word that ends inside the next one (`中国|驻华|盛|顿|大使馆`), so the longest words
/// from the right are matched too, and between the places where both agree on a boundary the
/// reading with fewer words is taken, then the one with fewer single characters, then the one
/// from the right (`中国|驻|华盛顿|大使馆`).
pub(super) fn segment(chars: &[char]) -> Vec<(usize, usize)> {
    let mut forward = Vec::new();
    let mut at = 0;
    for (start, end, _) in DICTIONARY.match_word_spans(chars) {
        forward.extend((at..start).map(|idx| (idx, idx + 1)));
        forward.push((start, end));
        at = end;
    }
    forward.extend((at..chars.len()).map(|idx| (idx, idx + 1)));
    let backward = words_from_the_right(chars);
    let ends_of = |words: &[(usize, usize)]| words.iter().map(|(_, end)| *end).collect::<Vec<_>>();
    let backward_ends = ends_of(&backward);
    let agreed: Vec<usize> =
        ends_of(&forward).into_iter().filter(|end| backward_ends.contains(end)).collect();
    let mut words = Vec::with_capacity(forward.len());
    let mut from = 0;
    for to in agreed {
        let within = |words: &[(usize, usize)]| -> Vec<(usize, usize)> {
            words.iter().copied().filter(|(start, end)| from <= *start && *end <= to).collect()
        };
        let (left, right) = (within(&forward), within(&backward));
        let singles = |words: &[(usize, usize)]| words.iter().filter(|(s, e)| e - s == 1).count();
        let take_left = (left.len(), singles(&left)) < (right.len(), singles(&right));
        words.extend(if take_left { left } else { right });
        from = to;
    }
    words
}

/// The words of `chars` matched longest first from the right end, every character no word
/// holds a word of its own.
fn words_from_the_right(chars: &[char]) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut end = chars.len();
    while end > 0 {
        let start = (end.saturating_sub(MAX_WORD_CHARS)..end - 1)
            .find(|start| DICTIONARY.is_word(&chars[*start..end]));
        let start = start.unwrap_or(end - 1);
        words.push((start, end));
        end = start;
    }
    words.reverse();
    words
}

/// Whether the Chinese word `zh` translates the English word `english`: [`renders`], or, for a
/// dictionary word of two characters or more, a gloss that shares the word's first four letters
/// (an adjective of nationality and its country: `Chinese` ↔ `中国` "China", `Mexican` ↔ `墨西哥`
/// "Mexico").
pub(super) fn renders_loosely(zh: &str, english: &str) -> bool {
    if renders(zh, english) > 0.0 {
        return true;
    }
    let lower = english.to_ascii_lowercase();
    if zh.chars().count() < 2
        || !zh.chars().all(is_han)
        || lower.len() < 5
        || !lower.chars().all(|c| c.is_ascii_alphabetic())
        || !english.starts_with(|c: char| c.is_ascii_uppercase())
    {
        return false;
    }
    // A gloss is held as its first five letters: try every stem that shares four.
    let prefix = &lower[..4];
    ('a'..='z').any(|letter| renders(zh, &format!("{prefix}{letter}")) > 0.0)
}

#[cfg(test)]
mod tests {
    use super::{
        NameEdges, is_head_character, renders_loosely, segment, snap_organisation_span,
        starts_inside_a_word,
    };
    use crate::phrases::{AlignedUnit, english_tokens};

    /// Snaps the span `span` of `zh` for the English name `en`, whose words are linked to the
    /// Chinese characters given as `(English word, Chinese characters)`.
    fn snapped(zh: &str, en: &str, links: &[(&str, &str)], span: &str, places: &[&str]) -> String {
        let folded: Vec<char> = zh.chars().collect();
        let en_tokens = english_tokens(en);
        let mut unit = AlignedUnit {
            zh_normalised: folded.clone(),
            en: en.to_owned(),
            zh_tokens: (0..folded.len()).map(|idx| idx..idx + 1).collect(),
            en_tokens,
            links: Vec::new(),
        };
        for (word, chars) in links {
            let en_idx = unit.en_tokens.iter().position(|token| token.text == *word).unwrap();
            let at = zh.find(chars).map(|byte| zh[..byte].chars().count()).unwrap();
            for zh_idx in at..at + chars.chars().count() {
                unit.links.push((zh_idx, en_idx));
            }
        }
        unit.links.sort_unstable();
        let content_tokens: Vec<usize> = (0..unit.en_tokens.len())
            .filter(|idx| unit.en_tokens[*idx].text.starts_with(|c: char| c.is_ascii_uppercase()))
            .collect();
        let head_token = unit
            .en_tokens
            .iter()
            .position(|token| token.text == "in")
            .map_or(unit.en_tokens.len() - 1, |idx| idx - 1);
        let places: Vec<String> = places.iter().map(|place| (*place).to_owned()).collect();
        let edges = NameEdges {
            content_words: content_tokens
                .iter()
                .map(|idx| unit.en_tokens[*idx].text.as_str())
                .collect(),
            content_tokens: content_tokens.clone(),
            head: &unit.en_tokens[head_token].text,
            head_token,
            known_places: &places,
        };
        let start = zh.find(span).map(|byte| zh[..byte].chars().count()).unwrap();
        let (start, end) = snap_organisation_span(
            &unit,
            &folded,
            &edges,
            (start, start + span.chars().count()),
            &|_, _| true,
        );
        folded[start..end].iter().collect()
    }

    #[test]
    fn the_span_is_snapped_to_the_words_that_translate_the_name() {
        // (Chinese, English name, links, aligned span, known places, snapped span)
        type Case<'a> =
            (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str, &'a [&'a str], &'a str);
        let cases: &[Case<'_>] = &[
            // A country the links left out (`Mexican` is linked to the head) joins over `驻`.
            (
                "昨天墨西哥驻北京大使馆举行招待会",
                "Mexican Embassy in Beijing",
                &[("Mexican", "馆"), ("Embassy", "大使馆"), ("Beijing", "北京")],
                "驻北京大使馆",
                &[],
                "墨西哥驻北京大使馆",
            ),
            // Leading words that translate nothing of the name go.
            (
                "会议由当地剑桥科学研究所主办",
                "Cambridge Science Institute",
                &[("Cambridge", "剑桥"), ("Science", "科学"), ("Institute", "研究所")],
                "当地剑桥科学研究所",
                &[],
                "剑桥科学研究所",
            ),
            // A place the memory knows by another English goes, though the links hold it.
            (
                "会议由英国剑桥科学研究所主办",
                "Cambridge Science Institute",
                &[("Cambridge", "英国剑桥"), ("Science", "科学"), ("Institute", "研究所")],
                "英国剑桥科学研究所",
                &["英国"],
                "剑桥科学研究所",
            ),
            (
                "会议由英国剑桥科学研究所主办",
                "Cambridge Science Institute",
                &[("Cambridge", "英国剑桥"), ("Science", "科学"), ("Institute", "研究所")],
                "英国剑桥科学研究所",
                &[],
                "英国剑桥科学研究所",
            ),
            // What follows the English head is written before the Chinese head, never after.
            (
                "驻京领事机构欢庆新年",
                "Consular Organization in Beijing Celebrating New Year",
                &[
                    ("Consular", "领事"),
                    ("Organization", "机构"),
                    ("Beijing", "京"),
                    ("New", "新"),
                    ("Year", "年"),
                ],
                "驻京领事机构欢庆新年",
                &[],
                "驻京领事机构",
            ),
            // A head character the links left out closes the name.
            (
                "北京外交人员服务局负责此事",
                "Beijing Diplomatic Service",
                &[("Beijing", "北京"), ("Diplomatic", "外交"), ("Service", "服")],
                "北京外交人员服务",
                &[],
                "北京外交人员服务局",
            ),
            (
                "中国驻华盛顿大使馆为庆祝其成立68周年于本周三举行国庆招待会",
                "Chinese Embassy in Washington",
                &[("Embassy", "大使馆"), ("Washington", "华盛顿")],
                "驻华盛顿大使馆",
                &[],
                "中国驻华盛顿大使馆",
            ),
        ];
        for (zh, en, links, span, places, expected) in cases {
            assert_eq!(snapped(zh, en, links, span, places), *expected, "{en}");
        }
    }

    #[test]
    fn head_characters_are_read_off_the_dictionary() {
        for c in ['局', '馆', '社', '部'] {
            assert!(is_head_character(c), "{c}");
        }
        for c in ['了', '山', '者'] {
            assert!(!is_head_character(c), "{c}");
        }
    }

    #[test]
    fn an_adjective_of_nationality_is_rendered_by_its_country() {
        assert!(renders_loosely("中国", "Chinese"));
        assert!(renders_loosely("墨西哥", "Mexican"));
        assert!(renders_loosely("联合国", "UN"));
        // Lower case words and single characters are not read this way.
        assert!(!renders_loosely("中国", "chinese"));
        assert!(!renders_loosely("中国", "Chocolate"));
    }

    #[test]
    fn words_are_matched_from_both_ends() {
        let chars: Vec<char> = "中国驻华盛顿大使馆".chars().collect();
        let words: Vec<String> =
            segment(&chars).iter().map(|(s, e)| chars[*s..*e].iter().collect()).collect();
        assert_eq!(words, ["中国", "驻", "华盛顿", "大使馆"]);
        let chars: Vec<char> = "他获得世界经济研究所的奖".chars().collect();
        let words: Vec<String> =
            segment(&chars).iter().map(|(s, e)| chars[*s..*e].iter().collect()).collect();
        assert_eq!(words.concat(), "他获得世界经济研究所的奖");
        assert!(words.contains(&"世界经济".to_owned()), "{words:?}");
    }

    #[test]
    fn a_span_may_start_inside_a_word() {
        let chars: Vec<char> = "他获得世界经济研究所的奖".chars().collect();
        assert!(starts_inside_a_word(&chars, 6));
        // `世界经济` is one word.
        assert!(starts_inside_a_word(&chars, 5));
        assert!(!starts_inside_a_word(&chars, 3));
    }
}
