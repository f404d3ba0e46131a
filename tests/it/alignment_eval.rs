//! The whole import pipeline (raw file → clean → split → segment → align) scored against the
//! hand-made gold alignments: pair precision, recall and F1 per sample and overall, printed and
//! floored so a regression fails.
//!
//! Run `cargo test -p tessera-tests alignment_eval -- --nocapture` to see the table.

use std::path::PathBuf;

use tessera_core::{
    alignment::{
        Aligner,
        eval::{Scores, evaluate, scores},
    },
    articles,
};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn gold_pairs(stem: &str) -> Vec<(String, String)> {
    let path = repo_root().join(format!("crates/tessera-core/test_data/alignment/{stem}.gold.tsv"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (zh, en) = line.split_once('\t').unwrap();
            (zh.to_owned(), en.to_owned())
        })
        .collect()
}

fn pipeline_pairs(stem: &str, aligner: &Aligner, length_only: bool) -> Vec<(String, String)> {
    let file = format!("{stem}.txt");
    let bytes = std::fs::read(repo_root().join("samples").join(&file)).unwrap();
    let prepared = articles::prepare_article(&bytes, &file).unwrap();
    let alignment = if length_only {
        aligner.align_length_only(&prepared.zh, &prepared.en)
    } else {
        aligner.align(&prepared.zh, &prepared.en, &[])
    };
    alignment.pairs()
}

#[test]
fn alignment_eval_whole_pipeline_from_raw_files() {
    let aligner = Aligner::new();
    let stems = [
        "000_a6fa0aa4d8e2f0f3",
        "001_cc20114ba520b0ba",
        "002_12b8442f5b1b4126",
        "003_acf944a331a36742",
    ];
    let mut ours_total = (0, 0, 0);
    let mut baseline_total = (0, 0, 0);
    println!("{:<24} {:>22} {:>22}", "sample", "ours P/R/F1", "length-only P/R/F1");
    for stem in stems {
        let gold = gold_pairs(stem);
        let ours = evaluate(&pipeline_pairs(stem, &aligner, false), &gold);
        let baseline = evaluate(&pipeline_pairs(stem, &aligner, true), &gold);
        println!("{stem:<24} {:>22} {:>22}", format_scores(&ours), format_scores(&baseline));
        for (total, scores) in [(&mut ours_total, &ours), (&mut baseline_total, &baseline)] {
            total.0 += scores.n_correct;
            total.1 += scores.n_predicted;
            total.2 += scores.n_gold;
        }
    }
    let ours = scores(ours_total.0, ours_total.1, ours_total.2);
    let baseline = scores(baseline_total.0, baseline_total.1, baseline_total.2);
    println!("{:<24} {:>22} {:>22}", "overall", format_scores(&ours), format_scores(&baseline));
    assert!(ours.f1 >= 0.95, "pipeline F1 {:.3} below the 0.95 target", ours.f1);
    assert!(ours.f1 > baseline.f1 + 0.2, "anchors must beat length-only alignment clearly");
}

fn format_scores(scores: &Scores) -> String {
    format!("{:.3}/{:.3}/{:.3}", scores.precision, scores.recall, scores.f1)
}
