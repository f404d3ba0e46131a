//! Whole foreign names: a name joined by a middle dot (`巴里·马歇尔`, `•`, `‧`) is one name, and a
//! regnal number belongs to the name it follows (`查理三世` ↔ `Charles III`). A pass that found only
//! a part (`马歇尔` ↔ `Barry Marshall`, `查理三` ↔ `Charles III`) is corrected when the text never
//! writes that part otherwise: every occurrence stands against a middle dot, or before `世`.
//!
//! A dotted name is also a person of its own where the pair's English has a run of capitalised
//! words whose first and last words sound like its first and last parts (`迪亚•哈立德` ↔ `Dhia
//! Khaled`, `贾里德.库什纳` ↔ `Jared Kushner`): the dots fix the inner edges, the sound the outer
//! ones, and the English comes from the pair.

use crate::terminology::{
    Category,
    mining::{
        Builder, NAME_DOTS,
        aligned::is_title_head,
        appositive::is_title_word,
        chars_of_pairs,
        honorific::merge_evidence,
        is_name_dot, join_tokens,
        sound_names::TRANSLITERATION_CHARACTERS,
        strip_possessive,
        transliteration::{
            TRANSLITERATION_FLOOR, consonant_syllables, english_classes, transliteration_score,
        },
    },
    normalise::{Token, fold_chinese, is_han},
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

/// Keeps, as a written form of each dotted person, the form the text writes with its dot lost to
/// a wrong encoding (`馬塞洛?埃布拉德` for `马塞洛·埃布拉德`), so that the check recognises the name
/// where it stands as written.
pub(super) fn keep_forms_with_lost_dots(builder: &mut Builder, as_written: &[String]) {
    let texts: Vec<&String> = as_written.iter().filter(|text| text.contains('?')).collect();
    if texts.is_empty() {
        return;
    }
    for (zh, evidence) in &mut builder.terms {
        if evidence.category != Some(Category::Person) || !zh.contains('·') {
            continue;
        }
        let lost: Vec<char> = zh.chars().map(|c| if c == '·' { '?' } else { c }).collect();
        for text in &texts {
            let written: Vec<char> = text.chars().collect();
            let folded: Vec<char> = fold_chinese(text).chars().collect();
            if folded.len() != written.len() {
                continue;
            }
            for at in 0..folded.len() {
                if folded[at..].starts_with(&lost) {
                    evidence.variants.insert(written[at..at + lost.len()].iter().collect());
                }
            }
        }
    }
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

/// Fewest consonant syllables a dotted name needs to count as evidence.
const MIN_DOTTED_SYLLABLES: usize = 3;

/// Adds every dotted name of a pair's Chinese whose parts sound like a run of capitalised words
/// of its English (see the module docs).
pub(super) fn mine_dotted_names(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    english: &[Vec<Token>],
) {
    for (pair_idx, chars, written) in chars_of_pairs(pairs, folded_pairs) {
        let tokens = &english[pair_idx];
        for parts in dotted_names(&chars) {
            let Some((start, end, en)) = sounding_english(&chars, &parts, tokens) else {
                continue;
            };
            let zh: String = chars[start..end].iter().filter(|c| !c.is_whitespace()).collect();
            if builder.terms.get(&zh).is_some_and(|evidence| {
                evidence.category.is_some_and(|category| category != Category::Person)
            }) {
                continue;
            }
            let written_form: String = written[start..end].iter().collect();
            builder.add(Category::Person, &zh, &written_form, Some((&en, pair_idx)));
        }
    }
}

/// The dotted names of `chars`, each as its parts' character ranges: the first part is the whole
/// run of Chinese characters before the first dot and the last the whole run after the last dot
/// (their outer edges are the sound's to find); a part may be one Latin initial (`苏珊·R·莱斯`),
/// and a space may follow a dot (`艾哈桑• 布哈利法`).
fn dotted_names(chars: &[char]) -> Vec<Vec<(usize, usize)>> {
    let han_run = |from: usize| from + chars[from..].iter().take_while(|c| is_han(**c)).count();
    let mut names = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if !is_name_dot(chars, at) {
            at += 1;
            continue;
        }
        let first_start = (0..at).rev().take_while(|idx| is_han(chars[*idx])).last();
        let Some(first_start) = first_start else {
            at += 1;
            continue;
        };
        let mut parts = vec![(first_start, at)];
        let mut dot = at;
        loop {
            let mut part_start = dot + 1;
            while chars.get(part_start).is_some_and(|c| *c == ' ') {
                part_start += 1;
            }
            let is_initial = chars.get(part_start).is_some_and(char::is_ascii_alphabetic)
                && chars.get(part_start + 1).is_some_and(|c| NAME_DOTS.contains(c));
            let part_end = if is_initial { part_start + 1 } else { han_run(part_start) };
            if part_end == part_start {
                break;
            }
            parts.push((part_start, part_end));
            // A run too long for an inner part holds the end of this name and the start of the
            // next (`库什纳和他的妻子伊万卡.特朗普`).
            if part_end < chars.len()
                && is_name_dot(chars, part_end)
                && part_end - part_start <= MAX_PART_CHARS
            {
                dot = part_end;
            } else {
                break;
            }
        }
        // Past this name; a dot right after it starts the next one.
        at = parts.last().map_or(at + 1, |(_, end)| *end).max(dot + 1);
        let last_is_han = parts.last().is_some_and(|(start, _)| is_han(chars[*start]));
        if parts.len() >= 2 && last_is_han {
            names.push(parts);
        }
    }
    names
}

/// The English name of `tokens` whose words sound like the dotted name `parts`, with the name's
/// character range: the first part's end of its run and the last part's start of its run that
/// sound most like the first and the last word (the longest among equals), each inner Chinese
/// part sounding like a word between them in order; `None` when no run or more than one fits.
fn sounding_english(
    chars: &[char],
    parts: &[(usize, usize)],
    tokens: &[Token],
) -> Option<(usize, usize, String)> {
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    let inner: Vec<String> = parts[1..parts.len() - 1]
        .iter()
        .filter(|(start, _)| is_han(chars[*start]))
        .map(|(start, end)| chars[*start..*end].iter().collect())
        .collect();
    let inner_syllables: usize = inner.iter().map(|part| consonant_syllables(part)).sum();
    let mut best: Option<(f64, usize, usize, String)> = None;
    let mut tied = false;
    for window in name_windows(tokens) {
        let words: Vec<&str> =
            window.iter().map(|token| strip_possessive(&token.surface)).collect();
        // The first and last words are whole words, not initials (`U.S Embassy`).
        if words.len() < inner.len() + 2
            || words[0].chars().count() < 2
            || words[words.len() - 1].chars().count() < 2
        {
            continue;
        }
        let Some((first_score, start)) = sounding_edge(chars, first, words[0], true) else {
            continue;
        };
        let Some((last_score, end)) = sounding_edge(chars, last, words[words.len() - 1], false)
        else {
            continue;
        };
        // The inner parts, in order, among the inner words.
        let mut next_word = 1;
        let mut inner_fits = true;
        for part in &inner {
            match (next_word..words.len() - 1)
                .find(|idx| transliteration_score(part, words[*idx]) >= TRANSLITERATION_FLOOR)
            {
                Some(idx) => next_word = idx + 1,
                None => inner_fits = false,
            }
        }
        let edge_syllables = consonant_syllables(&chars[start..first.1].iter().collect::<String>())
            + consonant_syllables(&chars[last.0..end].iter().collect::<String>());
        if !inner_fits || edge_syllables + inner_syllables < MIN_DOTTED_SYLLABLES {
            continue;
        }
        // How much of the English the sounds explain decides between names that sound alike
        // (`尚` fits `Selim` as well as `杜尚` fits `Dusan`, but explains one of its three
        // consonants, not two).
        let n_english: usize = words.iter().map(|word| english_classes(word).len()).sum();
        let coverage = (edge_syllables + inner_syllables) as f64 / n_english.max(1) as f64;
        let score = first_score + last_score + coverage.min(1.0);
        let en = strip_possessive(&join_tokens(window)).to_owned();
        match &best {
            Some((best_score, _, _, best_en)) if (score - best_score).abs() < 1e-9 => {
                tied |= *best_en != en;
            }
            Some((best_score, ..)) if score < *best_score => {}
            _ => {
                best = Some((score, start, end, en));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, start, end, en)| (start, end, en))
}

/// The part of the run `range` beside a dot (its end when `ends_at_dot`, else its start) that
/// sounds most like `word`, the longest among equals, with its score and outer edge.
fn sounding_edge(
    chars: &[char],
    range: (usize, usize),
    word: &str,
    ends_at_dot: bool,
) -> Option<(f64, usize)> {
    let mut best: Option<(f64, usize)> = None;
    for len in 1..=(range.1 - range.0).min(MAX_PART_CHARS) {
        let (start, end) =
            if ends_at_dot { (range.1 - len, range.1) } else { (range.0, range.0 + len) };
        let part: String = chars[start..end].iter().collect();
        // A syllable with no consonant at the outer edge is the name's only where it is one kept
        // for foreign sounds and the English word has a vowel there too (`伊万卡` ↔ `Ivanka`,
        // not `亚|佐科` ↔ `Joko`, `莱斯|邀` ↔ `Rice`, whose last `e` is silent, or `莫利纳|一行`).
        let outer = if ends_at_dot { chars[start] } else { chars[end - 1] };
        // `尔` is a final r or l (`马歇尔` ↔ `Marshall`).
        let vowel_edge = if ends_at_dot {
            word.starts_with(['A', 'E', 'I', 'O', 'U'])
        } else {
            word.ends_with(['a', 'i', 'o', 'u', 'y'])
                || (outer == '尔' && word.ends_with(['r', 'l']))
        };
        if consonant_syllables(&outer.to_string()) == 0
            && !(vowel_edge && TRANSLITERATION_CHARACTERS.contains(outer))
        {
            continue;
        }
        let syllables = consonant_syllables(&part);
        // An English word with far more consonants than the part has syllables is not it.
        if english_classes(word).len() > 2 * syllables + 2 {
            continue;
        }
        let score = transliteration_score(&part, word);
        if score >= TRANSLITERATION_FLOOR && best.is_none_or(|(best_score, _)| score >= best_score)
        {
            best = Some((score, if ends_at_dot { start } else { end }));
        }
    }
    best
}

/// Runs of two or more adjacent capitalised English words (a hyphenated part joined, an
/// initial's full stop allowed), each with all its shorter runs that keep two words at least.
fn name_windows(tokens: &[Token]) -> Vec<&[Token]> {
    // No title or honorific is part of a name (`President Donald Trump`, `Mr`).
    let capitalised = |token: &Token| {
        token.surface.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && token.surface.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '?')
            && !is_title_word(&token.norm)
            && !is_title_head(&token.norm)
            && !matches!(token.norm.as_str(), "mr" | "ms" | "mrs" | "dr" | "madam" | "sir")
    };
    let mut windows = Vec::new();
    let mut start = 0;
    while start < tokens.len() {
        if !capitalised(&tokens[start]) {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < tokens.len()
            && (tokens[end].hyphenated
                || (capitalised(&tokens[end])
                    && (!tokens[end].after_break || tokens[end - 1].surface.chars().count() == 1)))
        {
            end += 1;
        }
        for window_start in start..end {
            for window_end in window_start + 2..=end {
                // A window starts and ends on whole words, never on a hyphenated part.
                let cut = |at: usize| at < tokens.len() && tokens[at].hyphenated;
                if !cut(window_start) && !cut(window_end) {
                    windows.push(&tokens[window_start..window_end]);
                }
            }
        }
        start = end;
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::whole_name;

    fn dotted(zh: &str, en: &str) -> Vec<(String, String)> {
        let chars: Vec<char> = super::super::fold_chinese(zh).chars().collect();
        let tokens = super::super::english_tokens(en);
        super::dotted_names(&chars)
            .iter()
            .filter_map(|parts| super::sounding_english(&chars, parts, &tokens))
            .map(|(start, end, en)| (chars[start..end].iter().collect(), en))
            .collect()
    }

    #[test]
    fn a_dotted_name_takes_the_english_words_its_parts_sound_like() {
        let found = |zh: &str, en: &str| dotted(zh, en);
        assert_eq!(
            found(
                "其中包括贾里德.库什纳和他的妻子伊万卡.特朗普,分别是美国总统唐纳德.特朗普的女婿",
                "as well as Jared Kushner and his wife Ivanka Trump, the son-in-law and \
                 daughter of U.S. President Donald Trump."
            ),
            [
                ("贾里德.库什纳".to_owned(), "Jared Kushner".to_owned()),
                ("伊万卡.特朗普".to_owned(), "Ivanka Trump".to_owned()),
                ("唐纳德.特朗普".to_owned(), "Donald Trump".to_owned()),
            ]
        );
        assert_eq!(
            found(
                "津巴布韦共和国驻华大使马丁•切冬多阁下",
                "Ambassador of Zimbabwe to China H.E. Mr. Martin Chedondo,"
            ),
            [("马丁·切冬多".to_owned(), "Martin Chedondo".to_owned())]
        );
        assert_eq!(
            found("阿尔及利亚驻华大使艾哈桑• 布哈利法阁下", "H.E. Mr. Ahcene Boukhelfa."),
            [("艾哈桑· 布哈利法".to_owned(), "Ahcene Boukhelfa".to_owned())]
        );
        assert_eq!(
            found("她还邀请了印度尼西亚佐科·维多多。", "and Joko Widodo of Indonesia."),
            [("佐科·维多多".to_owned(), "Joko Widodo".to_owned())]
        );
        assert_eq!(
            found("助理苏珊·R·莱斯邀请习近平", "Susan E. Rice invited Xi Jinping"),
            [("苏珊·r·莱斯".to_owned(), "Susan E Rice".to_owned())]
        );
        // In a list of names that sound alike, each takes the one its sounds explain best.
        assert_eq!(
            found(
                "斯洛伐克驻华大使杜尚•贝拉阁下,阿尔巴尼亚驻华大使塞利姆•贝洛尔塔亚阁下,\
                 突尼斯驻华大使迪亚•哈立德阁下和阿尔及利亚驻华大使艾哈桑• 布哈利法阁下。",
                "the Ambassador of Slovakia to China, H.E. Mr. Dusan Bella, the Ambassador of \
                 Albania to China, H.E. Mr. Selim Belortaja, the Ambassador of Tunisia to China, \
                 H.E. Mr. Dhia Khaled, and the Ambassador of Algeria to China, H.E. Mr. Ahcene \
                 Boukhelfa."
            ),
            [
                ("杜尚·贝拉".to_owned(), "Dusan Bella".to_owned()),
                ("塞利姆·贝洛尔塔亚".to_owned(), "Selim Belortaja".to_owned()),
                ("迪亚·哈立德".to_owned(), "Dhia Khaled".to_owned()),
                ("艾哈桑· 布哈利法".to_owned(), "Ahcene Boukhelfa".to_owned()),
            ]
        );
        assert_eq!(
            found("诺贝尔奖得主巴里·马歇尔(Barry Marshall)教授", "Nobel laureate Barry Marshall"),
            [("巴里·马歇尔".to_owned(), "Barry Marshall".to_owned())]
        );
        assert_eq!(
            found("会见了智利驻华大使卡洛斯·莫利纳一行。", "met with Ambassador Carlos Molina and"),
            [("卡洛斯·莫利纳".to_owned(), "Carlos Molina".to_owned())]
        );
        // A date written with a dot is no name.
        assert!(found("美国大使馆的七•四招待会", "the U.S Embassy's Fourth of July").is_empty());
    }

    #[test]
    fn a_dotted_name_keeps_the_form_written_with_its_dot_lost() {
        use crate::terminology::mine_candidates;
        let pairs = vec![(
            "墨西哥外长馬塞洛?埃布拉德会见了郭金龍。".to_owned(),
            "Mexican Foreign Minister Marcelo Ebrard met Guo Jinlong.".to_owned(),
        )];
        let candidates = mine_candidates(&pairs, &[]);
        let name = candidates.iter().find(|candidate| candidate.zh == "马塞洛·埃布拉德");
        assert!(
            name.is_some_and(|name| name.zh_variants.contains(&"馬塞洛?埃布拉德".to_owned())),
            "{name:?}"
        );
    }

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
