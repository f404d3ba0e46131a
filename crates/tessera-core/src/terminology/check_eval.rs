//! How well the live check guards approved renderings, measured on the samples' real sentences
//! and the terminology gold (`test_data/terminology/gold.tsv`).
//!
//! Every gold concept with English renderings becomes an approved concept: its first gold
//! rendering preferred, its other gold renderings deprecated, plus one deprecated variant that
//! differs from the preferred form only by articles or case (the form a style guide names as
//! wrong). Each concept is then put into real sentences of the samples that name it (the aligned
//! pairs whose Chinese has the term and whose English has one of its renderings, with that
//! rendering swapped out), or into a template sentence when the samples have none, as:
//! - the preferred form, as written and capitalised as at a sentence start: any finding about
//!   the concept is a false alarm;
//! - each deprecated form: it must be flagged as deprecated with its span;
//! - the preferred form with a letter dropped, two adjacent words swapped, or a word dropped:
//!   the concept must be flagged (as a near miss, or as missing its approved rendering).
//!
//! Nothing here knows the samples: the edits are programmatic and the sentences found by search.

use std::collections::BTreeMap;

use crate::{
    model::TermStatus,
    terminology::{
        Category, FindingKind, TermEntry, TermIndex,
        normalise::{english_key, is_article},
        tests::{manifest_path, sample_corpus},
    },
};

struct GoldConcept {
    category: Category,
    zh: String,
    renderings: Vec<String>,
}

fn gold_concepts() -> Vec<GoldConcept> {
    let text =
        std::fs::read_to_string(manifest_path(&["test_data", "terminology", "gold.tsv"])).unwrap();
    let mut concepts: Vec<GoldConcept> = Vec::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let en = fields.get(2).map_or("", |en| en.trim());
        if en.is_empty() {
            continue;
        }
        let category = Category::parse(fields[0]).unwrap();
        match concepts.iter_mut().find(|concept| concept.zh == fields[1]) {
            Some(concept) => concept.renderings.push(en.to_owned()),
            None => concepts.push(GoldConcept {
                category,
                zh: fields[1].to_owned(),
                renderings: vec![en.to_owned()],
            }),
        }
    }
    concepts
}

/// The preferred form with inner articles dropped, or (without any) with the capitals of every
/// word after the first lowered; `None` for one-word forms or when nothing changes.
fn article_or_case_variant(preferred: &str) -> Option<String> {
    let words: Vec<&str> = preferred.split(' ').collect();
    if words.len() < 2 {
        return None;
    }
    let without_articles: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(idx, word)| *idx == 0 || !is_article(&word.to_lowercase()))
        .map(|(_, word)| *word)
        .collect();
    let variant = if without_articles.len() < words.len() {
        without_articles.join(" ")
    } else {
        let lowered: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(idx, word)| if idx == 0 { (*word).to_owned() } else { word.to_lowercase() })
            .collect();
        lowered.join(" ")
    };
    (variant != preferred).then_some(variant)
}

/// Near misses of `preferred`: a letter dropped from its longest word, two adjacent words
/// swapped, a word dropped (never an article).
fn near_misses(preferred: &str) -> Vec<(&'static str, String)> {
    let words: Vec<&str> = preferred.split(' ').collect();
    let mut edits = Vec::new();
    let longest = (0..words.len()).max_by_key(|idx| words[*idx].chars().count()).unwrap();
    let letters: Vec<char> = words[longest].chars().collect();
    if letters.len() >= 3 {
        let mut dropped = letters.clone();
        dropped.remove(letters.len() / 2);
        let mut edited: Vec<String> = words.iter().map(|word| (*word).to_owned()).collect();
        edited[longest] = dropped.into_iter().collect();
        edits.push(("letter dropped", edited.join(" ")));
    }
    let content: Vec<usize> =
        (0..words.len()).filter(|idx| !is_article(&words[*idx].to_lowercase())).collect();
    if content.len() >= 2 {
        let at = content[content.len() / 2 - usize::from(content.len().is_multiple_of(2))];
        let next = content.iter().copied().find(|idx| *idx > at).unwrap();
        let mut swapped: Vec<&str> = words.clone();
        swapped.swap(at, next);
        edits.push(("words swapped", swapped.join(" ")));
        let drop = content[content.len() / 2];
        let kept: Vec<&str> =
            words.iter().enumerate().filter(|(idx, _)| *idx != drop).map(|(_, w)| *w).collect();
        edits.push(("word dropped", kept.join(" ")));
    }
    edits.retain(|(_, edited)| edited != preferred);
    edits
}

/// Replaces every case-insensitive occurrence of `old` in `text` by `new`.
fn replace_all(text: &str, old: &str, new: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let needle = old.to_lowercase();
    // Lower-casing keeps byte offsets for the samples' text only when lengths agree.
    if lower.len() != text.len() || !lower.contains(&needle) {
        return None;
    }
    let mut out = String::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find(&needle) {
        let start = from + found;
        out.push_str(&text[from..start]);
        out.push_str(new);
        from = start + needle.len();
    }
    out.push_str(&text[from..]);
    Some(out)
}

/// Sentences naming a concept, as (Chinese, English with `{}` where a rendering goes).
fn sentences_for(
    concept_id: i64,
    concept: &GoldConcept,
    index: &TermIndex,
    pairs: &[(String, String)],
) -> Vec<(String, String)> {
    let mut by_length: Vec<&String> = concept.renderings.iter().collect();
    by_length.sort_by_key(|rendering| std::cmp::Reverse(rendering.len()));
    let mut found = Vec::new();
    for (zh, en) in pairs {
        // The concept must be named on its own, not only inside a longer term (whose
        // rendering the check then guards instead).
        let hits = index.recognise(zh);
        let top_level = hits.iter().any(|hit| {
            hit.concept_id == concept_id
                && !hits.iter().any(|outer| {
                    outer.start <= hit.start
                        && hit.end <= outer.end
                        && outer.end - outer.start > hit.end - hit.start
                })
        });
        if !top_level {
            continue;
        }
        if let Some(template) =
            by_length.iter().find_map(|rendering| replace_all(en, rendering, "{}"))
        {
            found.push((zh.clone(), template));
        }
        if found.len() == 5 {
            break;
        }
    }
    if found.is_empty() {
        found.push((format!("{}出席了会议。", concept.zh), "{} attended the meeting.".to_owned()));
        found.push((
            format!("会议由{}主持。", concept.zh),
            "The meeting was chaired by {}.".to_owned(),
        ));
    }
    found
}

#[derive(Default)]
struct Tally {
    cases: usize,
    hits: usize,
}

impl Tally {
    fn add(&mut self, hit: bool) {
        self.cases += 1;
        self.hits += usize::from(hit);
    }

    fn rate(&self) -> f64 {
        if self.cases == 0 { 0.0 } else { self.hits as f64 / self.cases as f64 }
    }
}

#[test]
fn check_flags_deprecated_forms_and_near_misses_without_false_alarms_on_real_sentences() {
    let gold = gold_concepts();
    let mut entries = Vec::new();
    let mut deprecated_of = Vec::new();
    for (idx, concept) in gold.iter().enumerate() {
        let preferred = concept.renderings[0].clone();
        let mut deprecated: Vec<String> = concept.renderings[1..].to_vec();
        if let Some(variant) = article_or_case_variant(&preferred)
            && !deprecated.contains(&variant)
        {
            deprecated.push(variant);
        }
        let mut renderings = vec![(preferred, TermStatus::Preferred)];
        renderings.extend(deprecated.iter().map(|form| (form.clone(), TermStatus::Deprecated)));
        entries.push(TermEntry {
            concept_id: idx as i64 + 1,
            category: concept.category,
            zh_forms: vec![concept.zh.clone()],
            renderings,
        });
        deprecated_of.push(deprecated);
    }
    let index = TermIndex::build(&entries);
    let (pairs, _) = sample_corpus();

    let mut correct = Tally::default();
    let mut deprecated = Tally::default();
    let mut near = Tally::default();
    let mut near_as_near_miss = Tally::default();
    let mut near_by_edit: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut near_as_near_miss_by_edit: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut only_missing: Vec<String> = Vec::new();
    let mut misses = Vec::new();
    let mut real_sentences = 0;
    for (idx, concept) in gold.iter().enumerate() {
        let concept_id = idx as i64 + 1;
        let preferred = &concept.renderings[0];
        let sentences = sentences_for(concept_id, concept, &index, &pairs);
        real_sentences += sentences
            .iter()
            .filter(|(_, en)| {
                !en.contains("attended the meeting") && !en.contains("was chaired by")
            })
            .count();
        // The preferred form as written, and capitalised as at the start of a sentence.
        let mut capitalised = preferred.clone();
        if let Some(first) = capitalised.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        for (zh, template) in &sentences {
            for form in [preferred, &capitalised] {
                let target = template.replace("{}", form);
                let alarms: Vec<_> = index
                    .check(zh, &target)
                    .into_iter()
                    .filter(|finding| finding.concept_id == concept_id)
                    .collect();
                correct.add(alarms.is_empty());
                if !alarms.is_empty() {
                    misses.push(format!("false alarm: {target} {alarms:?}"));
                }
            }
            for form in &deprecated_of[idx] {
                let target = template.replace("{}", form);
                let flagged = index.check(zh, &target).into_iter().any(|finding| {
                    finding.concept_id == concept_id
                        && finding.kind == FindingKind::Deprecated
                        && english_key(&finding.found) == english_key(form)
                });
                deprecated.add(flagged);
                if !flagged {
                    misses.push(format!("deprecated not flagged: {target}"));
                }
            }
            for (edit, form) in near_misses(preferred) {
                let target = template.replace("{}", &form);
                let findings: Vec<_> = index
                    .check(zh, &target)
                    .into_iter()
                    .filter(|finding| finding.concept_id == concept_id)
                    .collect();
                near.add(!findings.is_empty());
                near_by_edit.entry(edit).or_default().add(!findings.is_empty());
                let as_near_miss =
                    findings.iter().any(|finding| finding.kind == FindingKind::NearMiss);
                near_as_near_miss.add(as_near_miss);
                near_as_near_miss_by_edit.entry(edit).or_default().add(as_near_miss);
                if !as_near_miss && !findings.is_empty() {
                    only_missing.push(format!("{edit}: {form}"));
                }
                if findings.is_empty() {
                    misses.push(format!("{edit} not flagged: {target}"));
                }
            }
        }
    }
    let false_alarms = 1.0 - correct.rate();
    println!(
        "check on {} concepts, {} sentences from the samples (+ templates where none):",
        gold.len(),
        real_sentences
    );
    println!(
        "  deprecated variants flagged:  {:.3} ({}/{})",
        deprecated.rate(),
        deprecated.hits,
        deprecated.cases
    );
    println!("  near misses flagged:          {:.3} ({}/{})", near.rate(), near.hits, near.cases);
    for (edit, tally) in &near_by_edit {
        println!("    {edit:<15} {:.3} ({}/{})", tally.rate(), tally.hits, tally.cases);
    }
    println!(
        "    as near miss with its span {:.3} ({}/{})",
        near_as_near_miss.rate(),
        near_as_near_miss.hits,
        near_as_near_miss.cases
    );
    for (edit, tally) in &near_as_near_miss_by_edit {
        println!("      {edit:<13} {:.3} ({}/{})", tally.rate(), tally.hits, tally.cases);
    }
    only_missing.sort();
    only_missing.dedup();
    println!("    flagged only as missing: {}", only_missing.join(" | "));
    println!(
        "  false alarms on correct:      {:.3} ({}/{})",
        false_alarms,
        correct.cases - correct.hits,
        correct.cases
    );
    for miss in &misses {
        println!("  {miss}");
    }
    assert!(deprecated.rate() >= 0.95, "deprecated recall {:.3}", deprecated.rate());
    assert!(near.rate() >= 0.95, "near-miss recall {:.3}", near.rate());
    assert!(false_alarms <= 0.02, "false alarms {false_alarms:.3}");
}
