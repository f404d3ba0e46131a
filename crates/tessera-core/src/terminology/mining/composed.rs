//! Composed titles of the shape country + 驻 + place + post (`墨西哥驻华大使`, `澳大利亚驻成都副总
//! 领事`) and their parts: which English word renders which Chinese part (`墨西哥` ↔ `Mexico`,
//! `华` ↔ `China`, `成都` ↔ `Chengdu`). Parts are found through CC-CEDICT glosses and pinyin,
//! never invented; they rank English titles that fit a Chinese one and are shown to the reviewer.

use crate::{
    alignment::cedict_gloss_strength,
    terminology::{
        mining::{TITLE_CORES, appositive::is_title_word, two_char_spellings},
        normalise::Token,
    },
};

/// The Chinese parts of a composed title: `(country, place, post)`, `None` for another shape.
pub(super) fn split_composed(title: &str) -> Option<(String, String, String)> {
    let (country, rest) = title.split_once('驻')?;
    let post_len = TITLE_CORES
        .iter()
        .filter(|(core, _)| rest.ends_with(core))
        .map(|(core, _)| core.chars().count())
        .max()?;
    let rest_chars: Vec<char> = rest.chars().collect();
    let mut post_start = rest_chars.len() - post_len;
    // `副总领事`: the deputy belongs to the post.
    while post_start > 0 && matches!(rest_chars[post_start - 1], '副' | '总') {
        post_start -= 1;
    }
    let place: String = rest_chars[..post_start].iter().collect();
    let post: String = rest_chars[post_start..].iter().collect();
    let country_chars = country.chars().count();
    ((2..=8).contains(&country_chars) && !place.is_empty())
        .then(|| (country.to_owned(), place, post))
}

/// The English word of `tokens` that renders the Chinese part `zh` best, with how specifically
/// (0–1): `华` is China; otherwise the pinyin of a two-character name (1) or a CC-CEDICT gloss.
pub(super) fn part_rendering(zh: &str, tokens: &[Token]) -> Option<(String, f64)> {
    if zh == "华" || zh == "中国" {
        return tokens
            .iter()
            .find(|token| token.norm == "china")
            .map(|token| (token.surface.clone(), 1.0));
    }
    let chars: Vec<char> = zh.trim_end_matches('市').chars().collect();
    let spellings =
        if chars.len() == 2 { two_char_spellings(chars[0], chars[1]) } else { Vec::new() };
    tokens
        .iter()
        .filter(|token| token.surface.chars().next().is_some_and(char::is_uppercase))
        .map(|token| {
            let strength = if spellings.contains(&token.norm) {
                1.0
            } else {
                cedict_gloss_strength(zh, &token.surface)
            };
            (token.surface.clone(), strength)
        })
        .filter(|(_, strength)| *strength > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// How well an English title renders a composed title's country and place: the sum of the parts'
/// strengths (0 for a title of another shape).
pub(super) fn parts_rendered(title: &str, tokens: &[Token]) -> f64 {
    let Some((country, place, _)) = split_composed(title) else { return 0.0 };
    [country, place]
        .iter()
        .filter_map(|part| part_rendering(part, tokens))
        .map(|(_, strength)| strength)
        .sum()
}

/// The parts of a composed title with their English words, for the reviewer (`墨西哥 = Mexico;
/// 华 = China`); empty when a part has no rendering in `tokens`.
pub(super) fn describe_parts(title: &str, tokens: &[Token]) -> String {
    let Some((country, place, post)) = split_composed(title) else { return String::new() };
    let mut described = Vec::new();
    for part in [&country, &place] {
        match part_rendering(part, tokens) {
            Some((en, _)) => described.push(format!("{part} = {en}")),
            None => return String::new(),
        }
    }
    let post_words: Vec<&str> = tokens
        .iter()
        .skip_while(|token| !is_title_word(&token.norm))
        .take_while(|token| is_title_word(&token.norm))
        .map(|token| token.surface.as_str())
        .collect();
    if !post_words.is_empty() {
        described.push(format!("{post} = {}", post_words.join(" ")));
    }
    described.join("; ")
}
