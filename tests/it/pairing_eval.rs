//! Document pairing and two-file alignment scored against the held-out gold in
//! `tests/fixtures/pairing/` (built from articles nobody tuned on): pair precision and recall
//! over a folder of monolingual files with distractors and a bilingual file, and the sentence-pair
//! F1 of pairs imported from two files. Printed and floored so that a regression fails.
//!
//! Run `cargo test -p tessera-tests pairing_eval -- --nocapture` to see the figures.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

use tessera_core::{
    Project,
    alignment::{
        Aligner,
        eval::{Scores, evaluate, scores},
    },
    articles,
};

fn pairing_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pairing")
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_str().unwrap().to_owned()
}

pub(crate) fn tsv(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (left, right) = line.split_once('\t').unwrap();
            (left.to_owned(), right.to_owned())
        })
        .collect()
}

#[test]
fn pairing_eval_finds_the_held_out_pairs_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = Project::open(&dir.path().join("eval.db")).unwrap();
    let folder = pairing_dir().join("folder");
    let proposal = project.propose_pairs(&[folder]).unwrap();

    let gold: BTreeSet<(String, String)> =
        tsv(&pairing_dir().join("gold.tsv")).into_iter().collect();
    let found: BTreeSet<(String, String)> =
        proposal.pairs.iter().map(|pair| (file_name(&pair.zh), file_name(&pair.en))).collect();
    let correct = found.intersection(&gold).count();
    let result = scores(correct, found.len(), gold.len());
    println!(
        "document pairing: {} proposed, {} gold, {} correct: precision {:.3}, recall {:.3}, F1 {:.3}",
        found.len(),
        gold.len(),
        correct,
        result.precision,
        result.recall,
        result.f1
    );
    // Recall per half of the gold, by source article, so that a change made while looking at
    // one half's misses can be checked on the other.
    let origin = tsv(&pairing_dir().join("origin.tsv"));
    for (half, articles) in [("dev 001-010", "001"..="010"), ("held-out 011-020", "011"..="020")] {
        let half_gold: Vec<&(String, String)> = gold
            .iter()
            .filter(|(zh, _)| {
                origin.iter().any(|(file, rest)| {
                    file == zh && rest.split('\t').nth(1).is_some_and(|a| articles.contains(&a))
                })
            })
            .collect();
        let half_correct = half_gold.iter().filter(|pair| found.contains(*pair)).count();
        println!("  {half}: {half_correct} of {} gold pairs found", half_gold.len());
    }
    for pair in &proposal.pairs {
        let verdict =
            if gold.contains(&(file_name(&pair.zh), file_name(&pair.en))) { "ok" } else { "WRONG" };
        println!(
            "  {verdict:<5} {} + {}  similarity {:.3} confidence {:.3}",
            file_name(&pair.zh),
            file_name(&pair.en),
            pair.similarity,
            pair.confidence
        );
    }
    for (zh, en) in gold.difference(&found) {
        let single = proposal.singles.iter().find(|single| file_name(&single.path) == *zh);
        let best = single.and_then(|single| single.best.as_ref());
        println!(
            "  missed {zh} + {en}  (best candidate of {zh}: {})",
            best.map(|(path, score)| format!("{} {score:.3}", file_name(path))).unwrap_or_default()
        );
    }

    // The bilingual file takes no part; the gold singles stay single.
    let bilingual = std::fs::read_to_string(pairing_dir().join("bilingual.txt")).unwrap();
    let bilingual = bilingual.trim();
    assert!(found.iter().all(|(zh, en)| zh != bilingual && en != bilingual));
    assert!(proposal.singles.iter().all(|single| file_name(&single.path) != bilingual));
    let gold_singles: Vec<String> = std::fs::read_to_string(pairing_dir().join("singles.txt"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    let singles_paired: Vec<&String> = gold_singles
        .iter()
        .filter(|single| found.iter().any(|(zh, en)| zh == *single || en == *single))
        .collect();
    println!("gold singles paired by mistake: {singles_paired:?}");

    assert!(result.precision >= 1.0, "a wrong pair was proposed");
    assert!(result.recall >= RECALL_FLOOR, "recall {:.3} fell below {RECALL_FLOOR}", result.recall);
}

/// The target. Measured 1.000 (19 of 19) once a pair below `MIN_SIMILARITY` could be
/// accepted by its margin over its documents' rivals; 0.842 (16 of 19) before.
const RECALL_FLOOR: f64 = 0.95;

#[test]
fn pairing_eval_sentence_pairs_of_two_file_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("eval.db")).unwrap();
    let folder = pairing_dir().join("folder");
    let gold_pairs = tsv(&pairing_dir().join("gold.tsv"));
    let mut total = (0, 0, 0);
    // The same articles imported whole, as one bilingual file each: what two files should match.
    let origin = tsv(&pairing_dir().join("origin.tsv"));
    let mut one_file_total = (0, 0, 0);
    println!(
        "{:<24} {:>8} {:>22} {:>22}",
        "pair (zh file)", "gold", "two files P/R/F1", "one file P/R/F1"
    );
    let mut sentence_gold: Vec<PathBuf> = std::fs::read_dir(pairing_dir().join("sentences"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    sentence_gold.sort();
    for gold_path in sentence_gold {
        let stem = file_name(&gold_path).trim_end_matches(".gold.tsv").to_owned();
        let (zh_file, en_file) =
            gold_pairs.iter().find(|(zh, _)| zh.starts_with(&format!("{stem}."))).unwrap();
        let report = project
            .import_article_pair_files(&folder.join(zh_file), &folder.join(en_file))
            .unwrap();
        assert!(report.problems.is_empty(), "{zh_file}: {:?}", report.problems);
        let alignment = project.article_alignment(report.article.unwrap()).unwrap();
        let text_of = |ids: &[tessera_core::SegmentId], joiner: &str| {
            ids.iter()
                .map(|id| {
                    alignment
                        .segments
                        .iter()
                        .find(|segment| segment.id == *id)
                        .unwrap()
                        .text
                        .clone()
                })
                .collect::<Vec<_>>()
                .join(joiner)
        };
        let predicted: Vec<(String, String)> = alignment
            .beads
            .iter()
            .map(|bead| (text_of(&bead.zh, ""), text_of(&bead.en, " ")))
            .collect();
        let gold = tsv(&gold_path);
        let result = evaluate(&predicted, &gold);
        let article = std::fs::read_to_string(pairing_dir().join("origin.tsv"))
            .unwrap()
            .lines()
            .find(|line| line.starts_with(zh_file.as_str()))
            .and_then(|line| line.split('\t').nth(2))
            .unwrap()
            .to_owned();
        let whole = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("fixtures/heldout/articles/{article}.txt"));
        let bytes = std::fs::read(&whole).unwrap();
        let prepared = articles::prepare_article(&bytes, &file_name(&whole)).unwrap();
        let one_file =
            evaluate(&Aligner::new().align(&prepared.zh, &prepared.en, &[]).pairs(), &gold);
        one_file_total.0 += one_file.n_correct;
        one_file_total.1 += one_file.n_predicted;
        one_file_total.2 += one_file.n_gold;
        println!(
            "{zh_file:<24} {:>8} {:>22} {:>22}",
            gold.len(),
            format_scores(&result),
            format_scores(&one_file)
        );
        total.0 += result.n_correct;
        total.1 += result.n_predicted;
        total.2 += result.n_gold;
    }
    let overall = scores(total.0, total.1, total.2);
    let one_file = scores(one_file_total.0, one_file_total.1, one_file_total.2);
    println!(
        "{:<24} {:>8} {:>22} {:>22}",
        "overall",
        total.2,
        format_scores(&overall),
        format_scores(&one_file)
    );
    assert!(origin.len() >= gold_pairs.len());
    assert!(overall.f1 + 0.01 >= one_file.f1, "two files align worse than one file");
    assert!(
        overall.f1 >= SENTENCE_F1_FLOOR,
        "sentence F1 {:.3} below {SENTENCE_F1_FLOOR}",
        overall.f1
    );
}

/// The target. Measured 0.972 (53 of 55 predicted beads right, 54 gold) once wrapped
/// headlines were joined and headlines stopped passing for moved paragraphs; 0.909 before.
const SENTENCE_F1_FLOOR: f64 = 0.95;

fn format_scores(scores: &Scores) -> String {
    format!("{:.3}/{:.3}/{:.3}", scores.precision, scores.recall, scores.f1)
}
