//! Term mining scored on the second held-out corpus (`tests/fixtures/heldout2/`): real bilingual
//! news articles gathered after the mining rules were last tuned, with a gold written from the
//! articles before any Tessera command ran on them. It is split like the first corpus by article
//! number into a dev (odd) and a test (even) half. The test half stayed unseen until its honest
//! figure for unseen text was recorded (person 0.58, organisation 0.25, title 0.52, precision
//! 0.72); it is now retired as unseen text (the third corpus, `tests/fixtures/heldout3/`, takes
//! that role), and the misses and wrong candidates of all articles are printed. Scoring is
//! `mining_eval`'s.
//!
//! Run `cargo test -p tessera-tests mining_eval_fresh -- --nocapture` to see the table for all
//! articles and both halves, and the misses of all articles.

use std::path::PathBuf;

use crate::mining_eval::{Half, evaluate, evaluate_unseen};

fn fresh_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("heldout2")
}

#[test]
fn mining_eval_fresh() {
    // Split like the first corpus by article number (odd: dev, even: test); both halves are
    // read now, so the items are printed once, for all articles.
    let evaluations = [
        (Half::Dev, evaluate_unseen(&fresh_dir(), Half::Dev)),
        (Half::Test, evaluate_unseen(&fresh_dir(), Half::Test)),
        (Half::All, evaluate(&fresh_dir(), Half::All)),
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
    // Floors a little below what mining reaches on all articles (person 0.90 with dotted
    // foreign names verified by their sound, organisation 0.68, title 0.84 with titles from
    // phrase alignment, also split by a holder's name or with a rank inside a dictionary word,
    // place 0.40, precision 0.90), so that a regression fails. The test half gives 0.79, 0.42,
    // 0.73, 0.41 and 0.83, the dev half 0.97, 0.69, 0.81, 0.39 and 0.92; the test half's honest
    // figure, before any rule was read
    // against it, was 0.58, 0.25, 0.52 and 0.72 (place 0.25).
    assert!(all.recall("person") >= 0.87, "person recall");
    assert!(all.recall("organisation") >= 0.64, "organisation recall");
    assert!(all.recall("title") >= 0.83, "title recall");
    assert!(all.recall("place") >= 0.36, "place recall");
    assert!(all.precision >= 0.85, "precision of bilingual candidates");
    let test = &evaluations[1].1;
    assert!(test.recall("person") >= 0.75, "person recall on the test half");
    assert!(test.recall("organisation") >= 0.38, "organisation recall on the test half");
    assert!(test.recall("title") >= 0.69, "title recall on the test half");
    assert!(test.precision >= 0.76, "precision on the test half");
}
