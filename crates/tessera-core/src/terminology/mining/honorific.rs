//! Honorifics are forms of address, not parts of a name or a title: Chinese writes them after
//! the name (`彼得·利扎克阁下`, `帕利塔·科霍纳博士`, `成竞业先生`, `缪长霞女士`), English before it
//! (`H.E. Mr. Peter Lizák`, `Dr`, `Ms`), sometimes glued to the word before
//! (`Ambassador of Moldova to ChinaH.E. Mr. Dumitru Braghis`). Mining separates the glued ones
//! before it reads the English, and strips them from both sides of every person and title it
//! found, so that `彼得·利扎克阁下` is the person `彼得·利扎克` and a title never ends in `Mr` or `H`.

use std::collections::BTreeMap;

use crate::terminology::{
    Category,
    mining::{Builder, TermEvidence},
    normalise::english_key,
};

/// Honorifics that follow a name in Chinese: Excellency, Doctor, Mr, Ms, Madame.
pub(super) const CHINESE_HONORIFICS: &[&str] = &["阁下", "博士", "先生", "女士", "夫人"];

/// English honorifics (their folded keys) that stand before a name; `He` is also a surname.
const ENGLISH_HONORIFICS: &[&str] =
    &["h e", "mr", "mrs", "ms", "dr", "madam", "madame", "excellency"];

/// Honorifics written with a full stop that a copy may glue to the word before.
const GLUED_HONORIFICS: &[&str] = &["H.E.", "Mr.", "Mrs.", "Ms.", "Dr."];

/// `ChinaH.E. Mr. Dumitru` → `China H.E. Mr. Dumitru`: a space before an honorific glued to the
/// end of a lower-case word.
pub(super) fn separate_glued_honorifics(en: &str) -> String {
    if !GLUED_HONORIFICS.iter().any(|honorific| en.contains(honorific)) {
        return en.to_owned();
    }
    let mut out = String::with_capacity(en.len() + 8);
    let mut rest = en;
    while !rest.is_empty() {
        let glued = GLUED_HONORIFICS.iter().find(|honorific| rest.starts_with(*honorific));
        if let Some(honorific) = glued {
            if out.chars().next_back().is_some_and(|c| c.is_lowercase()) {
                out.push(' ');
            }
            out.push_str(honorific);
            rest = &rest[honorific.len()..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `彼得·利扎克阁下` → `彼得·利扎克`; `None` when `zh` ends in no honorific or too little is left.
pub(super) fn without_chinese_honorific(zh: &str) -> Option<&str> {
    CHINESE_HONORIFICS
        .iter()
        .find_map(|honorific| zh.strip_suffix(honorific))
        .filter(|rest| rest.chars().count() >= 2)
}

/// Whether one English word (`Mr.`, `Dr`, `H.E.`) is an honorific.
fn is_english_honorific(word: &str) -> bool {
    word == "H.E." || ENGLISH_HONORIFICS.contains(&english_key(word).as_str())
}

/// `H.E. Mr. Peter Lizák` → `Peter Lizák`: the English name without the honorifics before it.
pub(super) fn without_leading_english_honorifics(en: &str) -> &str {
    let mut rest = en.trim();
    loop {
        let Some((first, tail)) = rest.split_once(' ') else { return rest };
        if !is_english_honorific(first) {
            return rest;
        }
        rest = tail.trim_start();
    }
}

/// `Ambassador of Slovakia to China H` → `Ambassador of Slovakia to China`: a title without the
/// honorifics (or what is left of a glued one) at its end.
pub(super) fn without_trailing_english_honorifics(en: &str) -> &str {
    let mut rest = en.trim();
    loop {
        let Some((head, last)) = rest.rsplit_once(' ') else { return rest };
        if !is_english_honorific(last) {
            return rest;
        }
        rest = head.trim_end();
    }
}

/// Strips honorifics from every person (both sides) and from the end of every title rendering;
/// a stripped person joins the evidence of the same name found without one.
pub(super) fn strip_honorifics(builder: &mut Builder) {
    let honoured: Vec<String> = builder
        .terms
        .iter()
        .filter(|(zh, evidence)| {
            evidence.category == Some(Category::Person) && without_chinese_honorific(zh).is_some()
        })
        .map(|(zh, _)| zh.clone())
        .collect();
    for zh in honoured {
        let Some(stripped) = without_chinese_honorific(&zh).map(str::to_owned) else { continue };
        let Some(mut evidence) = builder.terms.remove(&zh) else { continue };
        evidence.variants = evidence
            .variants
            .iter()
            .map(|written| without_chinese_honorific(written).unwrap_or(written).to_owned())
            .filter(|written| *written != stripped)
            .collect();
        let target = builder.terms.entry(stripped).or_default();
        merge_evidence(target, evidence);
    }
    for evidence in builder.terms.values_mut() {
        let strip: fn(&str) -> &str = match evidence.category {
            Some(Category::Person) => without_leading_english_honorifics,
            Some(Category::Title) => without_trailing_english_honorifics,
            _ => continue,
        };
        if evidence.renderings.values().all(|(surface, _)| strip(surface) == surface) {
            continue;
        }
        let old = std::mem::take(&mut evidence.renderings);
        let old_order = std::mem::take(&mut evidence.first_seen);
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        for (key, (surface, pair_indices)) in old {
            let surface = strip(&surface).to_owned();
            let new_key = english_key(&surface);
            if new_key.is_empty() {
                continue;
            }
            renamed.insert(key, new_key.clone());
            let slot =
                evidence.renderings.entry(new_key).or_insert_with(|| (surface, Default::default()));
            slot.1.extend(pair_indices);
        }
        for key in old_order {
            if let Some(new_key) = renamed.get(&key)
                && !evidence.first_seen.contains(new_key)
            {
                evidence.first_seen.push(new_key.clone());
            }
        }
    }
}

/// Adds `from`'s evidence to `into`'s; `into`'s category, if any, stays.
pub(super) fn merge_evidence(into: &mut TermEvidence, from: TermEvidence) {
    if into.category.is_none() {
        into.category = from.category;
    }
    into.variants.extend(from.variants);
    for (key, (surface, pair_indices)) in from.renderings {
        let slot =
            into.renderings.entry(key.clone()).or_insert_with(|| (surface, Default::default()));
        slot.1.extend(pair_indices);
        if !into.first_seen.contains(&key) {
            into.first_seen.push(key);
        }
    }
    into.bonus += from.bonus;
    into.short_forms.extend(from.short_forms);
    if into.note.is_empty() {
        into.note = from.note;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glued_honorific_is_separated_from_the_word_before() {
        assert_eq!(
            separate_glued_honorifics("Ambassador of Moldova to ChinaH.E. Mr. Dumitru Braghis"),
            "Ambassador of Moldova to China H.E. Mr. Dumitru Braghis"
        );
        assert_eq!(separate_glued_honorifics("to China H.E. Mr. Li"), "to China H.E. Mr. Li");
        // Only after a lower-case letter: `USA.Mr.` is no glued word.
        assert_eq!(separate_glued_honorifics("THE H.E. Mr"), "THE H.E. Mr");
    }

    #[test]
    fn honorifics_are_stripped_from_both_sides() {
        assert_eq!(without_chinese_honorific("彼得•利扎克阁下"), Some("彼得•利扎克"));
        assert_eq!(without_chinese_honorific("成竞业先生"), Some("成竞业"));
        assert_eq!(without_chinese_honorific("阁下"), None);
        assert_eq!(without_chinese_honorific("王毅"), None);
        assert_eq!(without_leading_english_honorifics("H.E. Mr. Peter Lizák"), "Peter Lizák");
        assert_eq!(without_leading_english_honorifics("Ms Miao Changxia"), "Miao Changxia");
        assert_eq!(
            without_trailing_english_honorifics("Ambassador of Slovakia to China H.E."),
            "Ambassador of Slovakia to China"
        );
        assert_eq!(without_trailing_english_honorifics("Vice Mayor Mr"), "Vice Mayor");
    }
}
