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
    // Floors a little below what mining reaches on this corpus since it was read (person 0.72
    // with dotted foreign names verified by their sound, organisation 0.64 with lower-case heads
    // and acronyms, title 0.61 with titles from phrase alignment, place 0.42, event 0.07,
    // precision 0.88 of 119 candidates once spans and renderings cut inside a word are screened
    // out), so that a regression fails. Its honest figures for unseen text, before any rule was
    // read against it, were 0.44, 0.32, 0.45, 0.09, 0.03 and precision 0.66.
    for (category, floor) in [
        ("person", 0.69),
        ("organisation", 0.60),
        ("title", 0.58),
        ("place", 0.40),
        ("event", 0.03),
    ] {
        assert!(all.recall(category) >= floor, "{category} recall below {floor}");
    }
    assert!(all.precision >= 0.87, "precision of bilingual candidates below 0.87");
}
