//! Organisations that the English writes as an acronym where the Chinese writes the name
//! (`UNWTO` ↔ `联合国世界旅游组织`, `WTO` ↔ `世贸组织`): the acronym is paired with the run of
//! Chinese words whose CC-CEDICT glosses spell it, letter group by letter group, one group a
//! word (`UN` from `联合国` "United Nations", `WTO` from `世界旅游组织` "World Tourism
//! Organization"), or whose gloss is the acronym itself (`世贸组织` "WTO").
//!
//! Spelling is the evidence; the aligner's links only choose between runs that spell it. The
//! run must end in an organisation's head (`组织`, `盟`), so that an acronym of anything else
//! (`GDP` ↔ `国内生产总值`) is left alone, and a Chinese name some other rule already rendered
//! keeps its rendering.

use crate::{
    alignment::dictionary::DICTIONARY,
    phrases::{AlignedUnit, EnglishToken},
    terminology::{
        Category,
        mining::{
            Builder,
            aligned_orgs::{ends_in_head, segment},
        },
        normalise::{english_key, is_han},
    },
};

/// Letters of the shortest and longest acronym read.
const ACRONYM_LETTERS: std::ops::RangeInclusive<usize> = 2..=7;

/// Most words of the Chinese run that spells an acronym.
const MAX_RUN_WORDS: usize = 5;

/// Adds organisations written as an acronym in the English of a pair (see the module docs).
pub(super) fn mine_acronyms(
    builder: &mut Builder,
    pairs: &[(String, String)],
    folded_pairs: &[String],
    units: &[Option<AlignedUnit>],
) {
    let rendered: Vec<String> =
        builder.terms.values().flat_map(|evidence| evidence.renderings.keys().cloned()).collect();
    let mut found: Vec<(String, String, String, usize)> = Vec::new();
    for (pair_idx, (zh, _)) in pairs.iter().enumerate() {
        let Some(unit) = &units[pair_idx] else { continue };
        let folded: Vec<char> = folded_pairs[pair_idx].chars().collect();
        let written: Vec<char> = zh.chars().collect();
        if folded.len() != written.len() {
            continue;
        }
        let words = segment(&folded);
        for (en_idx, token) in unit.en_tokens.iter().enumerate() {
            if !is_standalone_acronym(&unit.en_tokens, en_idx)
                || rendered.contains(&english_key(&token.text))
            {
                continue;
            }
            let Some((start, end)) = spelling_run(unit, &folded, &words, en_idx) else { continue };
            let zh_text: String = folded[start..end].iter().collect();
            if builder.terms.get(&zh_text).is_some_and(|evidence| !evidence.renderings.is_empty()) {
                continue;
            }
            let written_text: String = written[start..end].iter().collect();
            found.push((zh_text, written_text, token.text.clone(), pair_idx));
        }
    }
    for (zh, written, acronym, pair_idx) in found {
        builder.add(Category::Organisation, &zh, &written, Some((&acronym, pair_idx)));
    }
}

/// Whether the token at `idx` is an acronym of its own: two to seven capital letters, not
/// inside a run of capitalised words (`UN Security Council` is a name of its own).
fn is_standalone_acronym(tokens: &[EnglishToken], idx: usize) -> bool {
    let text = &tokens[idx].text;
    let capitalised_word = |token: &EnglishToken| {
        token.text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && token.text.chars().all(|c| c.is_ascii_alphabetic())
    };
    ACRONYM_LETTERS.contains(&text.len())
        && text.chars().all(|c| c.is_ascii_uppercase())
        && !idx.checked_sub(1).is_some_and(|before| capitalised_word(&tokens[before]))
        && !tokens.get(idx + 1).is_some_and(capitalised_word)
}

/// The character range of the run of words of `folded` that spells the acronym at token
/// `en_idx` and ends in an organisation's head: of those most linked to the acronym, the
/// shortest, when it is the only one of its length.
fn spelling_run(
    unit: &AlignedUnit,
    folded: &[char],
    words: &[(usize, usize)],
    en_idx: usize,
) -> Option<(usize, usize)> {
    let acronym = unit.en_tokens[en_idx].text.to_ascii_lowercase();
    let linked_chars = |start: usize, end: usize| {
        unit.links
            .iter()
            .filter(|(zh, en)| {
                let chars = &unit.zh_tokens[*zh];
                *en == en_idx && start <= chars.start && chars.end <= end
            })
            .count()
    };
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for first in 0..words.len() {
        for last in first..words.len().min(first + MAX_RUN_WORDS) {
            let (start, end) = (words[first].0, words[last].1);
            if !folded[start..end].iter().all(|c| is_han(*c)) {
                break;
            }
            let run: Vec<String> =
                words[first..=last].iter().map(|(s, e)| folded[*s..*e].iter().collect()).collect();
            if end - start >= 2
                && run.last().is_some_and(|head| ends_in_head(head))
                && spells(&acronym, &run)
            {
                runs.push((start, end, linked_chars(start, end)));
            }
        }
    }
    // Words before a name may lend it a letter (`迎来` "usher in" before `联合国世界旅游组织`):
    // the shortest run wins, and two shortest runs leave the acronym unpaired.
    let most_linked = runs.iter().map(|run| run.2).max()?;
    runs.retain(|run| run.2 == most_linked);
    let shortest = runs.iter().map(|(start, end, _)| end - start).min()?;
    runs.retain(|(start, end, _)| end - start == shortest);
    (runs.len() == 1).then(|| (runs[0].0, runs[0].1))
}

/// Whether the lower-case `acronym` is spelt by the words `run` in order, each word giving one
/// group of its letters: the group is one of the word's gloss stems (`wto`), or letters that
/// all begin a stem of the word, at least half as many as its stems begin with.
fn spells(acronym: &str, run: &[String]) -> bool {
    let letters: Vec<char> = acronym.chars().collect();
    let glosses: Vec<Vec<&str>> = run.iter().map(|word| DICTIONARY.stems_of(word)).collect();
    if glosses.iter().any(Vec::is_empty) {
        return false;
    }
    // reachable[k]: the first `k` letters are spelt by the words taken so far.
    let mut reachable = vec![false; letters.len() + 1];
    reachable[0] = true;
    for stems in &glosses {
        let mut initials: Vec<char> = stems.iter().filter_map(|stem| stem.chars().next()).collect();
        initials.sort_unstable();
        initials.dedup();
        let mut next = vec![false; letters.len() + 1];
        for from in (0..letters.len()).filter(|from| reachable[*from]) {
            for to in from + 1..=letters.len() {
                let group = &letters[from..to];
                let whole = stems.iter().any(|stem| stem.chars().eq(group.iter().copied()));
                let by_initials = group.iter().all(|c| initials.contains(c))
                    && group.len() * 2 >= initials.len()
                    && group.len() <= stems.len();
                if whole || by_initials {
                    next[to] = true;
                }
            }
        }
        reachable = next;
    }
    reachable[letters.len()]
}

#[cfg(test)]
mod tests {
    use super::{mine_acronyms, spells};
    use crate::{
        phrases::{AlignedUnit, english_tokens},
        terminology::{Category, mining::Builder},
    };

    /// Mines the acronyms of one pair whose aligner linked nothing, into `builder`.
    fn mined(builder: &mut Builder, zh: &str, en: &str) {
        let folded: Vec<char> = zh.chars().collect();
        let unit = AlignedUnit {
            zh_normalised: folded.clone(),
            en: en.to_owned(),
            zh_tokens: (0..folded.len()).map(|idx| idx..idx + 1).collect(),
            en_tokens: english_tokens(en),
            links: Vec::new(),
        };
        let pairs = vec![(zh.to_owned(), en.to_owned())];
        mine_acronyms(builder, &pairs, &[zh.to_owned()], &[Some(unit)]);
    }

    #[test]
    fn an_acronym_takes_the_one_name_that_spells_it() {
        let mut builder = Builder::default();
        mined(&mut builder, "我们迎来联合国世界旅游组织大会", "We welcome the UNWTO to the city.");
        let evidence = &builder.terms["联合国世界旅游组织"];
        assert_eq!(evidence.category, Some(Category::Organisation));
        assert!(evidence.renderings.contains_key("unwto"));
        // No head, no organisation: `GDP` is spelt by no run ending in a head.
        let mut builder = Builder::default();
        mined(&mut builder, "国内生产总值增长了", "GDP grew.");
        assert!(builder.terms.is_empty());
        // A name some rule rendered keeps its rendering.
        let mut builder = Builder::default();
        builder.add(
            Category::Organisation,
            "世贸组织",
            "世贸组织",
            Some(("World Trade Organization", 0)),
        );
        mined(&mut builder, "中国加入世贸组织", "China joined the WTO.");
        assert_eq!(builder.terms["世贸组织"].renderings.len(), 1);
    }

    fn run(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_owned()).collect()
    }

    #[test]
    fn an_acronym_is_spelt_by_the_glosses_of_its_words() {
        assert!(spells("unwto", &run(&["联合国", "世界旅游组织"])));
        assert!(spells("wto", &run(&["世贸组织"])));
        assert!(spells("who", &run(&["世界卫生组织"])));
        // Letters out of reach of a word's glosses, or a word left over, spell nothing.
        assert!(!spells("gdp", &run(&["世界卫生组织"])));
        assert!(!spells("who", &run(&["联合国", "世界卫生组织"])));
        assert!(!spells("un", &run(&["联合国", "组织"])));
    }
}
