//! Fragment suggestions scored on the second and third held-out corpora (`tests/fixtures/
//! heldout2/`, `heldout3/`): real bilingual news articles. The articles are imported as the app
//! imports them (`Project::import_paths`); each aligned unit is then held out in turn, a memory
//! of all the other units is built through `Project::add_units`, and the held-out Chinese
//! sentence is given to `Project::suggest`, which trains the phrase table as the app does. For
//! every gold name, title, organisation, place or event of `terms.tsv` with an English rendering
//! whose Chinese occurs in the held-out sentence and that the remaining memory holds together
//! with that English (one unit has both), the first suggestion for exactly that span is right (a
//! gold rendering of it, case-insensitive), wrong, or missing.
//!
//! Run `cargo test -p tessera-tests suggest_eval -- --nocapture` for the counts and every miss
//! (wrong and none) of the second and third corpora: both have been read while tuning the
//! suggestions, so neither gives a figure for unseen text any more. `suggest_eval_fourth`
//! scores the fourth corpus (`heldout4/`) the same way and prints its figures only.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use tessera_core::Project;

use crate::{unit, unit_text};

fn corpus_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// A rendering as compared: lower case, one space between words, straight apostrophes.
fn folded(text: &str) -> String {
    text.to_lowercase().replace('’', "'").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Gold Chinese form → its English renderings (folded), over all articles.
fn gold_renderings(corpus: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(corpus.join("terms.tsv")).unwrap();
    let mut gold: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 4 || fields[2].trim().is_empty() || fields[3].trim().is_empty() {
            continue;
        }
        gold.entry(fields[2].trim().to_owned()).or_default().insert(folded(fields[3]));
    }
    gold
}

/// One aligned sentence pair of an article.
struct Pair {
    article: String,
    zh: String,
    en: String,
}

/// The articles imported as the app imports them, read back as sentence pairs.
fn imported_pairs(corpus: &Path) -> Vec<Pair> {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("fresh.db")).unwrap();
    // The folder, as the app's import takes it: every article in name order, one transaction
    // each.
    let reports = project.import_paths(&[corpus.join("articles")]).unwrap();
    assert!(reports.len() >= 8, "the held-out corpus is there");
    for report in &reports {
        assert!(report.kind == "article" && report.problems.is_empty(), "{report:?}");
    }
    let mut pairs = Vec::new();
    let mut after_id = 0;
    loop {
        let page = project.units(after_id, 1000).unwrap();
        let Some(last) = page.last() else { break };
        after_id = last.id.0;
        for stored in &page {
            let (Some(zh), Some(en)) = (unit_text(stored, "zh"), unit_text(stored, "en")) else {
                continue;
            };
            let article = stored
                .article
                .as_ref()
                .and_then(|(path, _, _)| PathBuf::from(path).file_stem().map(|s| s.to_owned()))
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            pairs.push(Pair { article, zh: zh.to_owned(), en: en.to_owned() });
        }
    }
    pairs
}

#[derive(Default)]
struct Counts {
    eligible: usize,
    right: usize,
    wrong: usize,
    none: usize,
}

impl Counts {
    fn ratio(&self, n: usize) -> f64 {
        n as f64 / self.eligible.max(1) as f64
    }
}

/// Holds out each unit of `corpus` in turn and scores the first suggestion of every gold span
/// the rest of the memory holds; prints every miss when `list_misses` (never for a corpus that
/// must stay unread). Returns the counts and the number of units.
fn score_held_out_units(corpus: &Path, list_misses: bool) -> (Counts, usize) {
    let gold = gold_renderings(corpus);
    let pairs = imported_pairs(corpus);
    assert!(pairs.len() >= 40, "only {} units imported", pairs.len());
    let held_in = |zh: &str, renderings: &BTreeSet<String>, skip: usize| {
        pairs.iter().enumerate().any(|(at, pair)| {
            at != skip && pair.zh.contains(zh) && {
                let en = folded(&pair.en);
                renderings.iter().any(|r| en.contains(r.as_str()))
            }
        })
    };
    let mut counts = Counts::default();
    let mut misses = Vec::new();
    for (held_out, pair) in pairs.iter().enumerate() {
        let spans: Vec<(&String, &BTreeSet<String>, usize, usize)> = gold
            .iter()
            .filter_map(|(zh, renderings)| {
                let byte_start = pair.zh.find(zh.as_str())?;
                held_in(zh, renderings, held_out).then(|| {
                    let start = pair.zh[..byte_start].chars().count();
                    (zh, renderings, start, start + zh.chars().count())
                })
            })
            .collect();
        if spans.is_empty() {
            continue;
        }
        let mut project = Project::open_in_memory().unwrap();
        let memory = pairs
            .iter()
            .enumerate()
            .filter(|(at, _)| *at != held_out)
            .map(|(_, other)| unit(&other.zh, &other.en));
        project.add_units(memory, &mut |_| {}).unwrap();
        let suggestions = project.suggest(&pair.zh).unwrap();
        for (zh, renderings, start, end) in spans {
            counts.eligible += 1;
            let first = suggestions.iter().find(|s| s.start == start && s.end == end);
            let miss = match first {
                Some(first) if renderings.contains(&folded(&first.target)) => {
                    counts.right += 1;
                    None
                }
                Some(first) => {
                    counts.wrong += 1;
                    // The other renderings offered for the span, to tell a ranking error (the
                    // gold is offered lower) from a span the memory cannot render.
                    let others: Vec<String> = suggestions
                        .iter()
                        .filter(|s| s.start == start && s.end == end)
                        .skip(1)
                        .take(4)
                        .map(|s| format!("{} ×{}", s.target, s.count))
                        .collect();
                    Some(format!(
                        "wrong first: {zh} → {} ×{} ({renderings:?}) then {others:?}",
                        first.target, first.count
                    ))
                }
                None => {
                    counts.none += 1;
                    // Longer phrases of the memory that hold the span, to tell a span the
                    // aligner never cut out from one it never linked.
                    let table = project.fragment_table().unwrap();
                    let key = tessera_core::phrases::fragment_key(zh);
                    let holders: Vec<String> = table
                        .iter()
                        .filter(|(phrase, _)| phrase.contains(key.as_str()))
                        .take(4)
                        .map(|(phrase, list)| {
                            format!("{phrase} → {} ×{}", list[0].en, list[0].count)
                        })
                        .collect();
                    Some(format!("none: {zh} ({renderings:?}) held in {holders:?}"))
                }
            };
            if let Some(miss) = miss.filter(|_| list_misses) {
                misses.push(format!("{} {miss} in {}", pair.article, pair.zh));
            }
        }
    }
    let corpus_name = corpus.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
    for miss in &misses {
        println!("{corpus_name} {miss}");
    }
    (counts, pairs.len())
}

fn print_counts(corpus: &str, counts: &Counts, n_units: usize) {
    println!(
        "fragment suggestions ({corpus}, each of {} units held out in turn): {} name/title \
         spans the rest of the memory holds; right first {} ({:.3}), wrong first {} ({:.3}), \
         none {} ({:.3})",
        n_units,
        counts.eligible,
        counts.right,
        counts.ratio(counts.right),
        counts.wrong,
        counts.ratio(counts.wrong),
        counts.none,
        counts.ratio(counts.none)
    );
}

#[test]
fn suggest_eval_fresh() {
    let (counts, n_units) = score_held_out_units(&corpus_dir("heldout2"), true);
    print_counts("heldout2", &counts, n_units);
    assert!(counts.eligible >= 150, "only {} eligible spans", counts.eligible);
    // Floors a little below what the suggestions reach (168 spans: right first 127 (0.756),
    // wrong first 6 (0.036), none 35 (0.208); 128, 5 and 35 with main's later pairing, the same
    // after verified renderings went first, whose rules were made on the third corpus; 119, 14 and 35 before renderings were made of
    // whole written words, closed-class words left their edges, a head took its modifier's
    // rendering and a neighbour's rendering was no longer offered for a span), so that a
    // regression fails. 129, 5 and 34 once a phrase took the unlinked characters beside it that
    // complete a dictionary word or that the rendering's sound verifies.
    assert!(counts.ratio(counts.right) >= 0.75, "right first {:.3}", counts.ratio(counts.right));
    assert!(counts.ratio(counts.wrong) <= 0.05, "wrong first {:.3}", counts.ratio(counts.wrong));
}

/// The same score on the third held-out corpus, read while tuning since its first run.
#[test]
fn suggest_eval_third() {
    let (counts, n_units) = score_held_out_units(&corpus_dir("heldout3"), true);
    print_counts("heldout3", &counts, n_units);
    assert!(counts.eligible >= 100, "only {} eligible spans", counts.eligible);
    // Floors a little below what the suggestions reach on this corpus, now read (190 spans:
    // right first 128 (0.674), wrong first 15 (0.079), none 47 (0.247); 115, 22 and 53 on its
    // first run, when it was unseen; with main's later pairing of its articles, 187 spans:
    // 121 (0.647), 16 (0.086), 50 (0.267); 123 (0.658), 13 (0.070), 51 (0.273) once renderings
    // the sound or the dictionary verifies went first, developed on this corpus and giving the
    // second the same counts; 130 (0.695), 14 (0.075), 43 (0.230) once a phrase took the
    // unlinked characters beside it that complete a dictionary word or that the rendering's sound
    // verifies), so that a regression fails.
    assert!(counts.ratio(counts.right) >= 0.67, "right first {:.3}", counts.ratio(counts.right));
    assert!(counts.ratio(counts.wrong) <= 0.085, "wrong first {:.3}", counts.ratio(counts.wrong));
}

/// The same score on the fourth held-out corpus (`heldout4/`), gathered after the third was read
/// while methods changed: the figures only, never an item.
#[test]
fn suggest_eval_fourth() {
    let (counts, n_units) = score_held_out_units(&corpus_dir("heldout4"), false);
    print_counts("heldout4", &counts, n_units);
    assert!(counts.eligible >= 130, "only {} eligible spans", counts.eligible);
    // Floors a little below today's figures, so that a regression fails. The first run over
    // this corpus gave 148 spans: right first 77 (0.520), wrong first 15 (0.101), none 56
    // (0.378); after the cleaning of the layouts the third corpus failed on, 77, 16 and 55; after
    // the whole-word and neighbour rules read on the second and third corpora (which cut their
    // wrong firsts from 13 to 5 and from 24 to 16), 79, 19 and 50: on unseen text those rules
    // did not cut wrong firsts. Ranking renderings that sound or the dictionary verify first
    // (`phrases/evidence.rs`, made on the third corpus without looking at this one): 88 (0.595),
    // 10 (0.068) and 50.
    assert!(counts.ratio(counts.right) >= 0.57, "right first {:.3}", counts.ratio(counts.right));
    assert!(counts.ratio(counts.wrong) <= 0.08, "wrong first {:.3}", counts.ratio(counts.wrong));
}
