//! Abbreviations linked to their full form, so that both Chinese forms name one concept
//! (`市政府外办` ↔ `重庆市政府外办`, `民盟` ↔ `全国民主联盟`).
//!
//! A short form keeps the characters of the full form in order and leaves some out. Being a
//! subsequence is not enough (`市政府` is one of `重庆市政府外办` too), so a link also needs one
//! of: the text defines it (`全国民主联盟(民盟)`, `…，简称“民盟”`), or the two forms share an
//! English rendering, or the short form's rendering is the head of the full one's
//! (`Foreign Affairs Office` ↔ `Foreign Affairs Office of Chongqing Municipal People's
//! Government`).

use std::collections::{BTreeMap, BTreeSet};

use crate::terminology::{
    Category,
    mining::{Builder, TermEvidence, aligned_orgs, appositive::is_bare_title, two_char_spellings},
    normalise::is_han,
};

/// Longest short form, in characters.
const MAX_SHORT_CHARS: usize = 8;

/// Whether `short` abbreviates `full`: shorter, at least two characters, its characters found in
/// `full` in order, starting with a character of `full`'s first half.
pub(crate) fn is_abbreviation_of(short: &str, full: &str) -> bool {
    let short_chars: Vec<char> = short.chars().collect();
    let full_chars: Vec<char> = full.chars().collect();
    if short_chars.len() < 2
        || short_chars.len() >= full_chars.len()
        || short_chars.len() > MAX_SHORT_CHARS
        || !short_chars.iter().all(|c| is_han(*c))
    {
        return false;
    }
    let Some(first_at) = full_chars.iter().position(|c| *c == short_chars[0]) else {
        return false;
    };
    if first_at * 2 > full_chars.len() {
        return false;
    }
    let mut rest = full_chars[first_at + 1..].iter();
    short_chars[1..].iter().all(|c| rest.any(|full_char| full_char == c))
}

/// Whether the short form `short` keeps the head of the organisation `full`: `full` ends in a
/// head word ([`aligned_orgs::ends_in_head`]: `办公室`, `大使馆`), and `short` is characters kept
/// in order from before that word followed by characters kept in order from it (`市政府外事侨务|办`
/// of `重庆市政府外事侨务|办公室`, `驻英|使馆` of `中国驻英国|大使馆`).
fn keeps_the_head(short: &str, full: &str) -> bool {
    let full_chars: Vec<char> = full.chars().collect();
    let Some((head_start, _)) = aligned_orgs::head_word_at_end(&full_chars) else { return false };
    let (before_head, head) = full_chars.split_at(head_start);
    let short_chars: Vec<char> = short.chars().collect();
    let in_order = |part: &[char], within: &[char]| {
        let mut rest = within.iter();
        part.iter().all(|c| rest.any(|within_char| within_char == c))
    };
    (1..short_chars.len()).any(|split| {
        in_order(&short_chars[..split], before_head) && in_order(&short_chars[split..], head)
    })
}

/// Whether two renderings (folded keys) name the same thing, one perhaps as the head of the
/// other (`foreign affairs office` and `foreign affairs office of chongqing …`).
pub(crate) fn renderings_agree(short_key: &str, full_key: &str) -> bool {
    !short_key.is_empty()
        && (short_key == full_key || full_key.starts_with(&format!("{short_key} of ")))
}

/// When `short` is `full` without its first characters (`外交部` in `周四外交部`), whether the
/// English of `full` renders them (`重庆` ↔ `Chongqing`); otherwise the longer form is only text
/// run into the name.
fn explains_extra_prefix(short: &str, full: &str, full_evidence: &TermEvidence) -> bool {
    let Some(prefix) = full.strip_suffix(short) else { return true };
    let prefix: Vec<char> = prefix.chars().collect();
    full_evidence.renderings.keys().any(|key| {
        prefix.windows(2).any(|window| {
            two_char_spellings(window[0], window[1])
                .iter()
                .any(|spelling| key.split(' ').any(|word| word == spelling))
        })
    })
}

/// Short forms the text defines: `全国民主联盟(民盟)`, `全国民主联盟（简称“民盟”）`,
/// `全国民主联盟，简称民盟`. Returns `(short, full)` for full forms the builder holds.
fn defined_in_text(builder: &Builder, folded: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = folded.chars().collect();
    let mut links = Vec::new();
    for (at, c) in chars.iter().enumerate() {
        let mut probe = at + 1;
        if !matches!(c, '(' | '（' | '，' | ',') {
            continue;
        }
        let intro: Vec<char> = "以下简称".chars().collect();
        if chars[probe..].starts_with(&intro) {
            probe += intro.len();
        } else if chars[probe..].starts_with(&['简', '称']) {
            probe += 2;
        } else if matches!(c, '，' | ',') {
            continue;
        }
        while probe < chars.len() && matches!(chars[probe], '“' | '"' | '「' | ':' | '：') {
            probe += 1;
        }
        let len = chars[probe..].iter().take_while(|c| is_han(**c)).count();
        if !(2..=MAX_SHORT_CHARS).contains(&len) {
            continue;
        }
        let short: String = chars[probe..probe + len].iter().collect();
        let closes = chars
            .get(probe + len)
            .is_none_or(|c| matches!(c, ')' | '）' | '”' | '"' | '」' | '，' | '。' | ','));
        if !closes {
            continue;
        }
        // The longest term the builder holds that ends right before the bracket.
        let before: String = chars[..at].iter().collect();
        let full = builder
            .terms
            .keys()
            .filter(|term| before.ends_with(term.as_str()) && is_abbreviation_of(&short, term))
            .max_by_key(|term| term.chars().count());
        if let Some(full) = full {
            links.push((short, full.clone()));
        }
    }
    links
}

/// Short forms that leave out the place a name starts with (`重庆|市委` → `市委`, `重庆|机场集团` →
/// `机场集团`), as news does once the place is known: a pair whose Chinese writes the short form
/// without the full one, while its English renders the full one (`代表市委、市政府` ↔ `on behalf
/// of the CPC Chongqing Committee and …`), gives the short form that rendering, and
/// [`link_abbreviations`] folds it into the full form's concept.
pub(super) fn mine_short_forms_without_place(
    builder: &mut Builder,
    folded_pairs: &[String],
    english_keys: &[String],
) {
    let mut found: Vec<(String, String, usize)> = Vec::new();
    for (full, evidence) in &builder.terms {
        if evidence.category != Some(Category::Organisation) || evidence.renderings.is_empty() {
            continue;
        }
        let chars: Vec<char> = full.chars().collect();
        // The place is two characters whose pinyin the full form's English spells.
        if chars.len() < 4 || !chars[..2].iter().all(|c| is_han(*c)) {
            continue;
        }
        let short: String = chars[2..].iter().collect();
        if !explains_extra_prefix(&short, full, evidence) {
            continue;
        }
        for (pair_idx, folded) in folded_pairs.iter().enumerate() {
            if !folded.contains(short.as_str()) || folded.contains(full.as_str()) {
                continue;
            }
            let english = format!(" {} ", english_keys[pair_idx]);
            for (key, (surface, _)) in &evidence.renderings {
                if english.contains(&format!(" {key} ")) {
                    found.push((short.clone(), surface.clone(), pair_idx));
                }
            }
        }
    }
    for (short, surface, pair_idx) in found {
        let known_elsewhere = builder
            .terms
            .get(&short)
            .is_some_and(|evidence| evidence.category != Some(Category::Organisation));
        if !known_elsewhere {
            builder.add(Category::Organisation, &short, &short, Some((&surface, pair_idx)));
        }
    }
}

/// The other way round: an organisation mined without its place (`市政府外办`), whose English
/// names the place (`Foreign Affairs Office of Chongqing Municipal People's Government`), is
/// written with it elsewhere (`重庆市政府外办`, perhaps only in Chinese-only text): the form with
/// the place becomes the term and the form without it its short form.
pub(super) fn extend_to_place_before(builder: &mut Builder, folded_texts: &[&String]) {
    let mut moves: BTreeMap<String, String> = BTreeMap::new();
    for (short, evidence) in &builder.terms {
        if evidence.category != Some(Category::Organisation) || evidence.renderings.is_empty() {
            continue;
        }
        let mut fulls: BTreeSet<String> = BTreeSet::new();
        for text in folded_texts {
            for (at, _) in text.match_indices(short.as_str()) {
                let before: Vec<char> = text[..at].chars().rev().take(2).collect();
                if before.len() < 2 || !before.iter().all(|c| is_han(*c)) {
                    continue;
                }
                let place: String = before.iter().rev().collect();
                let full = format!("{place}{short}");
                if explains_extra_prefix(short, &full, evidence) {
                    fulls.insert(full);
                }
            }
        }
        // One place only: two would be two organisations.
        if let [full] = fulls.into_iter().collect::<Vec<_>>().as_slice()
            && !builder.terms.contains_key(full)
        {
            moves.insert(short.clone(), full.clone());
        }
    }
    for (short, full) in moves {
        let Some(mut evidence) = builder.terms.remove(&short) else { continue };
        // The written forms were of the short form.
        evidence.short_forms.insert(short.clone());
        evidence.short_forms.extend(std::mem::take(&mut evidence.variants));
        builder.terms.insert(full, evidence);
    }
}

/// Finds abbreviation links and folds each short form's evidence into its full form's.
pub(super) fn link_abbreviations(builder: &mut Builder, folded_texts: &[&String]) {
    let mut links: BTreeMap<String, String> = BTreeMap::new();
    for text in folded_texts {
        for (short, full) in defined_in_text(builder, text) {
            links.entry(short).or_insert(full);
        }
    }
    let named: Vec<(&String, &TermEvidence)> = builder
        .terms
        .iter()
        .filter(|(_, evidence)| {
            matches!(
                evidence.category,
                Some(Category::Organisation | Category::Publication | Category::Title)
            )
        })
        .collect();
    for (short, short_evidence) in &named {
        if links.contains_key(*short) {
            continue;
        }
        // A bare post (`副市长`) is a concept of its own, no short form of one place's post
        // (`重庆市副市长`); it may be one of a longer bare post (`外长` of `外交部长`).
        let bare_post = short_evidence.category == Some(Category::Title) && is_bare_title(short);
        let short_keys: BTreeSet<&String> = short_evidence.renderings.keys().collect();
        let abbreviates = |full: &String, full_evidence: &TermEvidence| {
            is_abbreviation_of(short, full)
                && explains_extra_prefix(short, full, full_evidence)
                && full_evidence.category == short_evidence.category
        };
        // The longest full form that agrees in English.
        let full = named
            .iter()
            .filter(|(full, full_evidence)| {
                abbreviates(full, full_evidence)
                    && (!bare_post || is_bare_title(full))
                    && short_keys.iter().any(|short_key| {
                        full_evidence
                            .renderings
                            .keys()
                            .any(|full_key| renderings_agree(short_key, full_key))
                    })
            })
            .max_by_key(|(full, _)| full.chars().count());
        if let Some((full, _)) = full {
            links.insert((*short).clone(), (*full).clone());
            continue;
        }
        // An organisation the memory never renders in English is the short form of the one
        // organisation with an English rendering that it abbreviates keeping its head
        // (`市政府外事侨务办` of `重庆市政府外事侨务办公室`).
        if short_evidence.renderings.is_empty()
            && short_evidence.category == Some(Category::Organisation)
        {
            let fulls: Vec<&String> = named
                .iter()
                .filter(|(full, full_evidence)| {
                    !full_evidence.renderings.is_empty()
                        && abbreviates(full, full_evidence)
                        && keeps_the_head(short, full)
                })
                .map(|(full, _)| *full)
                .collect();
            if let [full] = fulls.as_slice() {
                links.insert((*short).clone(), (*full).clone());
            }
        }
    }
    // A chain (a → b → c) ends at the longest form.
    let resolve = |mut form: String| {
        for _ in 0..4 {
            match links.get(&form) {
                Some(next) if *next != form => form = next.clone(),
                _ => break,
            }
        }
        form
    };
    let moves: Vec<(String, String)> =
        links.keys().map(|short| (short.clone(), resolve(short.clone()))).collect();
    for (short, full) in moves {
        if short == full || !builder.terms.contains_key(&full) {
            continue;
        }
        let short_evidence = builder.terms.remove(&short).unwrap_or_default();
        let Some(full_evidence) = builder.terms.get_mut(&full) else { continue };
        full_evidence.short_forms.insert(short.clone());
        full_evidence.short_forms.extend(short_evidence.short_forms);
        full_evidence.short_forms.extend(short_evidence.variants);
        // Only renderings the full form shares, unless it has none: a short English form
        // (`the Office`) is no rendering of the full name.
        let full_keys: Vec<String> = full_evidence.renderings.keys().cloned().collect();
        for (key, (surface, pair_indices)) in short_evidence.renderings {
            if !full_keys.is_empty() && !full_keys.contains(&key) {
                continue;
            }
            let slot = full_evidence
                .renderings
                .entry(key.clone())
                .or_insert_with(|| (surface, BTreeSet::new()));
            slot.1.extend(pair_indices);
            if !full_evidence.first_seen.contains(&key) {
                full_evidence.first_seen.push(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{keeps_the_head, link_abbreviations};
    use crate::terminology::{Category, mining::Builder};

    #[test]
    fn a_short_form_keeps_the_characters_before_the_head_and_some_of_the_head() {
        let cases = [
            ("市政府外事侨务办", "重庆市政府外事侨务办公室", true),
            ("驻英使馆", "中国驻英国大使馆", true),
            ("外办", "外事办公室", true),
            // A part before the head that drops the head is no short form of the body.
            ("市政府", "重庆市政府外事侨务办公室", false),
            // Nor is a name without a head word at its end.
            ("长江", "长江三峡", false),
        ];
        for (short, full, keeps) in cases {
            assert_eq!(keeps_the_head(short, full), keeps, "{short} of {full}");
        }
    }

    /// The organisations `terms` (Chinese, English) after linking abbreviations.
    fn linked(terms: &[(&str, Option<&str>)]) -> Builder {
        let mut builder = Builder::default();
        for (pair_idx, (zh, en)) in terms.iter().enumerate() {
            builder.add(Category::Organisation, zh, zh, en.map(|en| (en, pair_idx)));
        }
        link_abbreviations(&mut builder, &[]);
        builder
    }

    #[test]
    fn an_unrendered_short_form_joins_the_one_full_form_it_abbreviates() {
        let office = Some("Foreign Affairs Office of the Municipal Government");
        // No English and no head kept: `市政府外事` stays apart.
        let builder = linked(&[
            ("成都市政府外事办公室", office),
            ("市政府外事办", None),
            ("市政府外事", None),
        ]);
        assert!(builder.terms["成都市政府外事办公室"].short_forms.contains("市政府外事办"));
        assert!(!builder.terms.contains_key("市政府外事办"));
        assert!(builder.terms.contains_key("市政府外事"));
        // Two full forms it could abbreviate: neither is taken.
        let builder = linked(&[
            ("成都市政府外事办公室", office),
            ("成都市政府外事服务办公室", Some("Foreign Affairs Service Office")),
            ("市政府外事办", None),
        ]);
        assert!(builder.terms.contains_key("市政府外事办"));
    }
}
