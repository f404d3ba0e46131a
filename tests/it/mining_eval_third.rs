//! Term mining scored on the third held-out corpus (`tests/fixtures/heldout3/`): real bilingual
//! news articles gathered after the mining rules were last tuned, with a gold written from the
//! articles before any Tessera command ran on them. Its honest figures for unseen text were
//! recorded first (person 0.44, organisation 0.32, title 0.45, place 0.09, event 0.03, precision
//! 0.66); it is now retired as unseen text (a fourth corpus takes that role), and the misses and
//! wrong candidates of all articles are printed. Scoring is `mining_eval`'s.
//!
//! Run `cargo test -p tessera-tests mining_eval_third -- --nocapture` to see the table and the
//! misses.

use std::path::PathBuf;

use crate::mining_eval::{Half, evaluate};

fn third_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("heldout3")
}

#[test]
fn mining_eval_third() {
    let all = evaluate(&third_dir(), Half::All);
    let categories = ["person", "organisation", "title", "place", "event"];
    let recalls: Vec<String> =
        categories.iter().map(|category| format!("{:.2}", all.recall(category))).collect();
    println!("third recall {} | precision", categories.join(" "));
    println!("All          {} | {:.2}", recalls.join(" "), all.precision);
    // Floors one item below what mining reached on this corpus the first time it ran (person
    // 17 of 39, organisation 9 of 28, title 22 of 49, place 6 of 65, event 2 of 29, precision
    // 0.66 of 85 candidates), so that a regression fails. They are the honest figures for
    // unseen text: never raise them by tuning on this corpus.
    for (category, floor) in [
        ("person", 0.41),
        ("organisation", 0.28),
        ("title", 0.42),
        ("place", 0.07),
        ("event", 0.03),
    ] {
        assert!(all.recall(category) >= floor, "{category} recall below {floor}");
    }
    assert!(all.precision >= 0.64, "precision of bilingual candidates below 0.64");
}
