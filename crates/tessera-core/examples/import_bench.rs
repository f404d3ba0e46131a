//! Import speed: `cargo run --release -p tessera-core --example import_bench [N_ARTICLES]`.
//!
//! 1. A 2,000-word bilingual article (built from the sample articles) through the whole pipeline
//!    (decode, clean, split, segment, align) and into a fresh database; median of 20 runs.
//! 2. A folder of N (default 1,000) generated bilingual articles imported in one call.
//!
//! Each figure is set beside a baseline from the same process: reading the same bytes and
//! splitting them into lines, which is the floor any importer pays.

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use tessera_core::{Project, articles, synthetic::synthetic_pair};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bilingual samples one after another (001 twice), whose English side adds up to more than
/// 2,000 words.
fn two_thousand_word_article() -> String {
    let mut text = String::new();
    for name in [
        "000_a6fa0aa4d8e2f0f3.txt",
        "001_cc20114ba520b0ba.txt",
        "002_12b8442f5b1b4126.txt",
        "003_acf944a331a36742.txt",
        "001_cc20114ba520b0ba.txt",
    ] {
        text.push_str(&std::fs::read_to_string(repo_root().join("samples").join(name)).unwrap());
        text.push('\n');
    }
    text
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn write_generated_articles(dir: &Path, n_articles: usize) {
    for article_idx in 0..n_articles {
        let pairs: Vec<_> = (0..15).map(|idx| synthetic_pair(article_idx as u64, idx)).collect();
        let mut text = String::new();
        for pair in &pairs {
            text.push_str(&pair.zh);
            text.push('\n');
        }
        text.push('\n');
        for pair in &pairs {
            text.push_str(&pair.en);
            text.push('\n');
        }
        std::fs::write(dir.join(format!("article-{article_idx:05}.txt")), text).unwrap();
    }
}

fn main() {
    let n_articles: usize =
        std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(1_000);
    let article = two_thousand_word_article();
    let english_words = article
        .lines()
        .filter(|line| {
            line.chars().filter(|c| c.is_ascii_alphabetic()).count() * 2 > line.chars().count()
        })
        .map(|line| line.split_whitespace().count())
        .sum::<usize>();

    // Warm the lazily built tables (dictionary, regexes) once, as a running app has.
    let prepared = articles::prepare_article(article.as_bytes(), "bench.txt").unwrap();
    let _ = tessera_core::alignment::Aligner::new().align(&prepared.zh, &prepared.en, &[]);

    let dir = tempfile::tempdir().unwrap();
    let mut single = Vec::new();
    let mut baseline = Vec::new();
    for run in 0..20 {
        let started = Instant::now();
        let lines = std::hint::black_box(article.as_bytes()).split(|&byte| byte == b'\n').count();
        std::hint::black_box(lines);
        baseline.push(started.elapsed());
        let mut project = Project::open(&dir.path().join(format!("single-{run}.db"))).unwrap();
        let started = Instant::now();
        let report = project.import_article_bytes("bench.txt", article.as_bytes()).unwrap();
        single.push(started.elapsed());
        assert!(report.units_added > 20, "{report:?}");
    }
    let single = median(single);
    println!(
        "one {english_words}-word article, whole pipeline into a new database: median {:.1} ms (baseline line split {:.3} ms)",
        single.as_secs_f64() * 1e3,
        median(baseline).as_secs_f64() * 1e3
    );

    let folder = dir.path().join("articles");
    std::fs::create_dir_all(&folder).unwrap();
    write_generated_articles(&folder, n_articles);
    let started = Instant::now();
    let mut n_bytes = 0usize;
    for entry in std::fs::read_dir(&folder).unwrap() {
        n_bytes += std::fs::read(entry.unwrap().path()).unwrap().len();
    }
    let read_only = started.elapsed();
    let mut project = Project::open(&dir.path().join("folder.db")).unwrap();
    let started = Instant::now();
    let reports = project.import_paths(&[folder]).unwrap();
    let elapsed = started.elapsed();
    let units: u64 = reports.iter().map(|report| report.units_added).sum();
    assert!(reports.iter().all(|report| report.problems.is_empty()));
    println!(
        "folder of {n_articles} articles ({:.1} MB): {:.2} s, {units} units, {:.0} articles/s (baseline reading the files {:.3} s, ratio {:.0}x)",
        n_bytes as f64 / 1e6,
        elapsed.as_secs_f64(),
        n_articles as f64 / elapsed.as_secs_f64(),
        read_only.as_secs_f64(),
        elapsed.as_secs_f64() / read_only.as_secs_f64().max(1e-9),
    );
}
