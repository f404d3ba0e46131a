//! Term mining scored on the fourth held-out corpus (`tests/fixtures/heldout4/`): real bilingual
//! news articles gathered after the third corpus was read while methods changed, with a gold
//! written from the articles before any Tessera command ran on them. No rule has been looked at
//! on it, so the whole corpus is the test half: only figures are printed, never a miss or a
//! wrong candidate. Scoring is `mining_eval`'s.
//!
//! Run `cargo test -p tessera-tests mining_eval_fourth -- --nocapture` to see the table.

use std::path::PathBuf;

use crate::mining_eval::{Half, evaluate_unseen};

fn fourth_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("heldout4")
}

#[test]
fn mining_eval_fourth() {
    let all = evaluate_unseen(&fourth_dir(), Half::All);
    let categories = ["person", "organisation", "title", "place", "event"];
    let recalls: Vec<String> =
        categories.iter().map(|category| format!("{:.2}", all.recall(category))).collect();
    println!("fourth recall {} | precision", categories.join(" "));
    println!("All           {} | {:.2}", recalls.join(" "), all.precision);
    // Floors one item below what mining reaches on this corpus now (person 32 of 44,
    // organisation 9 of 33, title 28 of 54, place 14 of 55, event 1 of 22, precision 0.61 of 137
    // candidates; event keeps its one item, since one below is none), so that a regression
    // fails. The first run gave 25, 7, 19, 9, 1 and 61 of 108. They are the honest figures for
    // unseen text: they were raised only after changes made without looking at this corpus, and
    // must never be raised by tuning on it.
    for (category, floor) in [
        ("person", 0.70),
        ("organisation", 0.24),
        ("title", 0.50),
        ("place", 0.23),
        ("event", 0.04),
    ] {
        assert!(all.recall(category) >= floor, "{category} recall below {floor}");
    }
    assert!(all.precision >= 0.59, "precision of bilingual candidates below 0.59");
}
