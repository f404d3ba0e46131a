//! Term mining scored on the held-out corpus (`tests/fixtures/heldout/`), articles no mining
//! rule was tuned on: every article is imported through `Project` into a real SQLite file,
//! `extract_terms` mines the termbase, and the candidates are scored against `terms.tsv`.
//!
//! Matching rules (those of `terminology::tests::mining_meets_the_floors_on_the_samples`, made
//! strict for bilingual candidates): a candidate concept is correct when one of its Chinese
//! forms, folded to simplified, is a gold zh of the same category and its most frequent English
//! rendering is one of that zh's gold renderings (folded by `terminology::rendering_key`). A
//! short form and its full form (`abbreviations.tsv`) share their gold renderings, because they
//! name one concept. Recall per category is over distinct simplified gold zh that the English
//! renders; precision is over candidates with at least one English rendering. The table's last
//! column, "in pairs", is the share of gold terms whose Chinese and one of whose renderings
//! share a sentence pair of the memory: the ceiling that sentence pairing sets on recall.
//!
//! Run `cargo test -p tessera-tests mining_eval -- --nocapture` to see the table and the misses.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use tessera_core::{ConceptRecord, Project, terminology::rendering_key, text::to_simplified};

use crate::unit_text;

fn heldout_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("heldout")
}

/// (category, simplified zh) → folded renderings; an empty set for a zh the English never
/// renders.
type Gold = BTreeMap<(String, String), BTreeSet<String>>;

/// Full form → the forms (full and short) that `abbreviations.tsv` says name it, simplified.
fn abbreviation_groups(corpus: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let abbreviations = std::fs::read_to_string(corpus.join("abbreviations.tsv")).unwrap();
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in abbreviations.lines().filter(|line| !line.trim().is_empty()) {
        let (short, full) = line.split_once('\t').unwrap();
        let full = to_simplified(full).into_owned();
        groups.entry(full.clone()).or_default().insert(to_simplified(short).into_owned());
        groups.entry(full.clone()).or_default().insert(full);
    }
    groups
}

/// Which articles an evaluation covers: all of them, or one half split by article number (odd
/// numbers are the dev half that mining rules may be looked at on, even numbers the test half
/// that tells whether a gain generalises).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Half {
    All,
    Dev,
    Test,
}

impl Half {
    fn covers(self, stem: &str) -> bool {
        let odd = stem.parse::<u32>().is_ok_and(|number| number % 2 == 1);
        match self {
            Half::All => true,
            Half::Dev => odd,
            Half::Test => !odd,
        }
    }
}

fn heldout_gold(corpus: &Path, half: Half) -> Gold {
    let text = std::fs::read_to_string(corpus.join("terms.tsv")).unwrap();
    let mut gold = Gold::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        if !half.covers(fields[0]) {
            continue;
        }
        let (category, zh) = (fields[1].to_owned(), to_simplified(fields[2]).into_owned());
        let renderings = gold.entry((category, zh)).or_default();
        if let Some(en) = fields.get(3).map(|en| rendering_key(en)).filter(|en| !en.is_empty()) {
            renderings.insert(en);
        }
    }
    // A short form and its full form are one concept: either calls for the other's renderings.
    for forms in abbreviation_groups(corpus).values() {
        let keys: Vec<(String, String)> =
            gold.keys().filter(|(_, zh)| forms.contains(zh)).cloned().collect();
        let pooled: BTreeSet<String> = keys.iter().flat_map(|key| gold[key].clone()).collect();
        for key in keys {
            gold.insert(key, pooled.clone());
        }
    }
    gold
}

/// What mining saw and found: the memory's sentence pairs (simplified Chinese, English key) and
/// the mined termbase.
struct Mined {
    pairs: Vec<(String, String)>,
    concepts: Vec<ConceptRecord>,
}

/// Imports the held-out articles of `half` into a fresh database file and mines its termbase.
fn mined_concepts(corpus: &Path, half: Half) -> Mined {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("heldout.db")).unwrap();
    let mut articles: Vec<PathBuf> = std::fs::read_dir(corpus.join("articles"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| half.covers(&path.file_stem().unwrap().to_string_lossy()))
        .collect();
    articles.sort();
    assert!(articles.len() >= 8, "the held-out corpus is there");
    for path in &articles {
        let bytes = std::fs::read(path).unwrap();
        let report = project.import_article_bytes(&path.display().to_string(), &bytes).unwrap();
        assert!(report.problems.is_empty(), "{}: {:?}", path.display(), report.problems);
    }
    project.extract_terms().unwrap();
    let mut pairs = Vec::new();
    for unit in project.units(0, usize::MAX).unwrap() {
        if let (Some(zh), Some(en)) = (unit_text(&unit, "zh"), unit_text(&unit, "en")) {
            pairs.push((to_simplified(zh).into_owned(), rendering_key(en)));
        }
    }
    Mined { pairs, concepts: project.terms(None, None).unwrap() }
}

fn chinese_forms(concept: &ConceptRecord) -> BTreeSet<String> {
    concept
        .terms
        .iter()
        .filter(|term| term.lang.primary() == "zh")
        .map(|term| to_simplified(&term.text).into_owned())
        .collect()
}

/// The most frequent English rendering (the first listed among equals).
fn top_rendering(concept: &ConceptRecord) -> Option<&str> {
    let mut best: Option<(&str, u64)> = None;
    for term in concept.terms.iter().filter(|term| term.lang.primary() == "en") {
        if best.is_none_or(|(_, occurrences)| term.occurrences > occurrences) {
            best = Some((&term.text, term.occurrences));
        }
    }
    best.map(|(text, _)| text)
}

#[derive(Default)]
struct Score {
    predicted: usize,
    correct: usize,
    gold: usize,
    found: usize,
    /// Gold terms whose Chinese and one of whose renderings share a sentence pair.
    in_one_pair: usize,
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 { 1.0 } else { numerator as f64 / denominator as f64 }
}

/// Recall per category, precision of bilingual candidates, abbreviation groups (seen, joined).
pub(crate) struct Evaluation {
    recall: BTreeMap<String, f64>,
    pub(crate) precision: f64,
    abbreviations: (usize, usize),
}

impl Evaluation {
    pub(crate) fn recall(&self, category: &str) -> f64 {
        self.recall.get(category).copied().unwrap_or(1.0)
    }
}

/// Mines the articles of `half`, prints the misses, the wrong candidates and the table.
pub(crate) fn evaluate(corpus: &Path, half: Half) -> Evaluation {
    evaluate_listing(corpus, half, true)
}

/// Like [`evaluate`], but prints the table only: no miss, wrong candidate or abbreviation group
/// of a half that must stay unseen is ever shown.
pub(crate) fn evaluate_unseen(corpus: &Path, half: Half) -> Evaluation {
    evaluate_listing(corpus, half, false)
}

fn evaluate_listing(corpus: &Path, half: Half, list_items: bool) -> Evaluation {
    println!("== {half:?} ==");
    let gold = heldout_gold(corpus, half);
    let Mined { pairs, concepts } = mined_concepts(corpus, half);
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    for ((category, zh), renderings) in &gold {
        if !renderings.is_empty() {
            let score = scores.entry(category.clone()).or_default();
            score.gold += 1;
            // Mining reads sentence pairs: a term whose Chinese and English never share one is
            // out of its reach, however good the rules.
            if pairs.iter().any(|(pair_zh, pair_en)| {
                pair_zh.contains(zh.as_str())
                    && renderings.iter().any(|rendering| pair_en.contains(rendering.as_str()))
            }) {
                score.in_one_pair += 1;
            }
        }
    }
    let mut found: BTreeSet<(String, String)> = BTreeSet::new();
    for concept in &concepts {
        let Some(top) = top_rendering(concept) else { continue };
        let top_key = rendering_key(top);
        let forms = chinese_forms(concept);
        let score = scores.entry(concept.category.clone()).or_default();
        score.predicted += 1;
        let matched: Vec<&String> = forms
            .iter()
            .filter(|zh| {
                gold.get(&(concept.category.clone(), (*zh).clone()))
                    .is_some_and(|renderings| renderings.contains(&top_key))
            })
            .collect();
        if matched.is_empty() {
            if list_items {
                println!("  wrong: {} {forms:?} → {top}", concept.category);
                println!("{}", wrong_evidence(concept, &forms, &gold, &pairs));
            }
        } else {
            score.correct += 1;
            for zh in matched {
                found.insert((concept.category.clone(), zh.clone()));
            }
        }
    }
    for ((category, zh), renderings) in &gold {
        if renderings.is_empty() {
            continue;
        }
        if found.contains(&(category.clone(), zh.clone())) {
            scores.get_mut(category).unwrap().found += 1;
        } else if list_items {
            println!("  missed: {category} {zh} → {renderings:?}");
        }
    }
    println!(
        "{:<13} {:>5} {:>5} {:>9} {:>6} {:>8}",
        "category", "gold", "mined", "precision", "recall", "in pairs"
    );
    let (mut all_predicted, mut all_correct) = (0, 0);
    for (category, score) in &scores {
        println!(
            "{:<13} {:>5} {:>5} {:>9.2} {:>6.2} {:>8.2}",
            category,
            score.gold,
            score.predicted,
            ratio(score.correct, score.predicted),
            ratio(score.found, score.gold),
            ratio(score.in_one_pair, score.gold)
        );
        all_predicted += score.predicted;
        all_correct += score.correct;
    }
    let precision = ratio(all_correct, all_predicted);
    println!("bilingual candidates: {all_predicted}, precision {precision:.2}");
    let judged: Vec<&ConceptRecord> = concepts
        .iter()
        .filter(|concept| top_rendering(concept).is_some())
        .filter(|concept| {
            chinese_forms(concept).iter().any(|zh| gold.keys().any(|(_, gold_zh)| gold_zh == zh))
        })
        .collect();
    println!(
        "of them {} have a zh the gold lists (in any category); the others are unjudged",
        judged.len()
    );
    // Abbreviations: of the groups with two or more forms among the mined concepts, how many
    // sit on one concept.
    let (mut seen, mut joined) = (0, 0);
    for forms in abbreviation_groups(corpus).values() {
        let holders: Vec<BTreeSet<String>> = concepts
            .iter()
            .map(chinese_forms)
            .filter(|concept_forms| concept_forms.iter().any(|zh| forms.contains(zh)))
            .collect();
        let mined: BTreeSet<&String> =
            holders.iter().flatten().filter(|zh| forms.contains(*zh)).collect();
        if mined.len() >= 2 {
            seen += 1;
            if holders.len() == 1 {
                joined += 1;
            } else if list_items {
                println!("  apart: {mined:?}");
            }
        }
    }
    println!("abbreviation groups with two mined forms: {seen}, on one concept: {joined}");
    let recall =
        scores.iter().map(|(category, score)| (category.clone(), ratio(score.found, score.gold)));
    Evaluation { recall: recall.collect(), precision, abbreviations: (seen, joined) }
}

/// Why a wrong candidate is wrong and what it stood on, for grouping the false candidates: the
/// gold entries that share a Chinese form (another category, other renderings) or overlap one
/// (a wrong edge), every English rendering with its count, and the first pair holding both the
/// Chinese and the top rendering.
fn wrong_evidence(
    concept: &ConceptRecord,
    forms: &BTreeSet<String>,
    gold: &Gold,
    pairs: &[(String, String)],
) -> String {
    let same_zh: Vec<String> = gold
        .iter()
        .filter(|((_, zh), _)| forms.contains(zh))
        .map(|((category, zh), renderings)| format!("{category} {zh} {renderings:?}"))
        .collect();
    let overlapping: Vec<String> = gold
        .keys()
        .filter(|(_, zh)| {
            !forms.contains(zh)
                && forms.iter().any(|form| form.contains(zh.as_str()) || zh.contains(form.as_str()))
        })
        .map(|(category, zh)| format!("{category} {zh}"))
        .collect();
    let renderings: Vec<String> =
        concept.terms.iter().map(|term| format!("{}×{}", term.text, term.occurrences)).collect();
    let top_key = top_rendering(concept).map(rendering_key).unwrap_or_default();
    let example = pairs
        .iter()
        .find(|(zh, en)| {
            forms.iter().any(|form| zh.contains(form.as_str())) && en.contains(&top_key)
        })
        .map(|(_, en)| en.chars().take(160).collect::<String>())
        .unwrap_or_default();
    let verdict = if same_zh.is_empty() && overlapping.is_empty() {
        "not in gold"
    } else if same_zh.is_empty() {
        "edge"
    } else {
        "gold disagrees"
    };
    format!(
        "    {verdict}; gold same zh: {same_zh:?}; overlapping: {overlapping:?}\n    terms: {}\n    \
         e.g. {example}",
        renderings.join(" | ")
    )
}

#[test]
fn mining_eval_on_heldout_articles_meets_the_floors() {
    let evaluations =
        [Half::Dev, Half::Test, Half::All].map(|half| (half, evaluate(&heldout_dir(), half)));
    println!("half  person organisation title precision");
    for (half, evaluation) in &evaluations {
        println!(
            "{:<5} {:>6.2} {:>12.2} {:>5.2} {:>9.2}",
            format!("{half:?}"),
            evaluation.recall("person"),
            evaluation.recall("organisation"),
            evaluation.recall("title"),
            evaluation.precision
        );
    }
    let all = &evaluations[2].1;
    let (seen, joined) = all.abbreviations;
    // A floor, like the recalls below: on the final held-out gold one group (市政府 beside
    // 重庆市人民政府) is mined apart.
    assert!(
        joined * 4 >= seen * 3,
        "abbreviations mined beside their full form share its concept: {joined} of {seen}"
    );
    // Floors a little below what mining reaches on all articles, so that a regression fails.
    assert!(all.recall("person") >= 0.95, "person recall");
    assert!(all.recall("organisation") >= 0.84, "organisation recall");
    // Title recall is 0.95 (56 of 59) with titles split by a holder's name; one item below.
    assert!(all.recall("title") >= 0.93, "title recall");
    assert!(all.precision >= 0.90, "precision of bilingual candidates");
    // And on the test half, which no rule was looked at on.
    let test = &evaluations[1].1;
    assert!(test.recall("person") >= 0.93, "person recall, test half");
    assert!(test.recall("organisation") >= 0.8, "organisation recall, test half");
    assert!(test.recall("title") >= 0.85, "title recall, test half");
    assert!(test.precision >= 0.88, "precision of bilingual candidates, test half");
}
