//! Document-pairing speed: `cargo run --release -p tessera-core --example pairing_bench [N_FILES]`.
//!
//! Writes a folder of N (default 1,000) monolingual article files with meaningless names: 45 % of
//! N generated articles cut into a Chinese file and an English file (the English abridged: each
//! sentence kept with probability 0.8), plus 5 % Chinese-only and 5 % English-only articles as
//! distractors. The articles come from the synthetic news generator, so they share templates,
//! names and organisations: harder to tell apart than real news. Then times
//! `Project::propose_pairs` over the folder (read, decode, clean, segment, features, assignment),
//! median of 3 runs, and prints the precision and recall of the pairs against the truth.

use std::{collections::HashSet, path::PathBuf, time::Instant};

use tessera_core::{
    Project,
    synthetic::{SplitMix64, synthetic_pair},
};

/// Sentences per generated article.
const SENTENCES: u64 = 15;

fn main() {
    let n_files: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(1_000);
    let n_pairs = n_files * 45 / 100;
    let n_singles = (n_files - 2 * n_pairs) / 2;
    let dir = tempfile::tempdir().unwrap();
    let mut rng = SplitMix64::new(17);
    let name = |rng: &mut SplitMix64| format!("{:016x}.txt", rng.next_u64());
    let mut truth = HashSet::new();
    let mut n_written = 0;
    for article_idx in 0..(n_pairs + 2 * n_singles) as u64 {
        let pairs: Vec<_> = (0..SENTENCES).map(|idx| synthetic_pair(article_idx, idx)).collect();
        let zh: String = pairs.iter().map(|pair| format!("{}\n", pair.zh)).collect();
        let en: String = pairs
            .iter()
            .filter(|_| rng.below(10) < 8)
            .map(|pair| format!("{}\n", pair.en))
            .collect();
        let article_idx = article_idx as usize;
        let (zh_name, en_name) = (name(&mut rng), name(&mut rng));
        if article_idx < n_pairs + n_singles {
            std::fs::write(dir.path().join(&zh_name), zh).unwrap();
            n_written += 1;
        }
        if article_idx < n_pairs || article_idx >= n_pairs + n_singles {
            std::fs::write(dir.path().join(&en_name), en).unwrap();
            n_written += 1;
        }
        if article_idx < n_pairs {
            truth.insert((zh_name, en_name));
        }
    }

    let project = Project::open_in_memory().unwrap();
    let folder: Vec<PathBuf> = vec![dir.path().to_path_buf()];
    let mut seconds = Vec::new();
    let mut proposal = None;
    for _ in 0..3 {
        let started = Instant::now();
        proposal = Some(project.propose_pairs(&folder).unwrap());
        seconds.push(started.elapsed().as_secs_f64());
    }
    seconds.sort_by(f64::total_cmp);
    let proposal = proposal.unwrap();
    let file_name = |path: &PathBuf| path.file_name().unwrap().to_str().unwrap().to_owned();
    let found: HashSet<(String, String)> =
        proposal.pairs.iter().map(|pair| (file_name(&pair.zh), file_name(&pair.en))).collect();
    let correct = found.intersection(&truth).count();
    println!(
        "pairing {n_written} files ({} pairs, {} Chinese-only, {} English-only): median {:.2} s (runs {:.2?})",
        truth.len(),
        n_singles,
        n_singles,
        seconds[1],
        seconds
    );
    println!(
        "  proposed {}, correct {correct}: precision {:.3}, recall {:.3}",
        found.len(),
        if found.is_empty() { 1.0 } else { correct as f64 / found.len() as f64 },
        correct as f64 / truth.len().max(1) as f64
    );
}
