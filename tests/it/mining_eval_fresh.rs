//! Term mining scored on the second held-out corpus (`tests/fixtures/heldout2/`): real bilingual
//! news articles gathered after the mining rules were last tuned, with a gold written from the
//! articles before any Tessera command ran on them. The first held-out corpus had its misses
//! read while mining was tuned; this one must not (no rule may be changed by looking at its
//! misses), so its figures are the honest ones for unseen text. Scoring is `mining_eval`'s.
//!
//! Run `cargo test -p tessera-tests mining_eval_fresh -- --nocapture` to see the table and the
//! misses.

use std::path::PathBuf;

use crate::mining_eval::{Half, evaluate, evaluate_unseen};

fn fresh_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("heldout2")
}

#[test]
fn mining_eval_fresh() {
    // Split like the first corpus by article number: odd articles are the dev half, whose misses
    // and wrong candidates may be read; even ones the test half, whose figures are the honest
    // ones and whose items are never printed (nor are those of all articles, which hold them).
    let evaluations = [
        (Half::Dev, evaluate(&fresh_dir(), Half::Dev)),
        (Half::Test, evaluate_unseen(&fresh_dir(), Half::Test)),
        (Half::All, evaluate_unseen(&fresh_dir(), Half::All)),
    ];
    println!("fresh person organisation title place event precision");
    for (half, evaluation) in &evaluations {
        println!(
            "{:<5} {:>6.2} {:>12.2} {:>5.2} {:>5.2} {:>5.2} {:>9.2}",
            format!("{half:?}"),
            evaluation.recall("person"),
            evaluation.recall("organisation"),
            evaluation.recall("title"),
            evaluation.recall("place"),
            evaluation.recall("event"),
            evaluation.precision
        );
    }
    let all = &evaluations[2].1;
    // Floors a little below what mining reaches on the first run over this corpus (person 24 of
    // 58, organisation 6 of 25, title 26 of 81, precision 69 of 113), so that a regression fails.
    // Raise them when mining gets better on the first held-out corpus, never by tuning on this one.
    assert!(all.recall("person") >= 0.37, "person recall");
    assert!(all.recall("organisation") >= 0.20, "organisation recall");
    assert!(all.recall("title") >= 0.29, "title recall");
    assert!(all.precision >= 0.57, "precision of bilingual candidates");
}
