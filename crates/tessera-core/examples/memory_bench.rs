//! A memory on disk, end to end through `Project`:
//! `cargo run --release -p tessera-core --example memory_bench [N_UNITS]` (default 1,000,000).
//!
//! Writes N generated units into a new database (one transaction), builds and persists the match
//! index, then reopens the database in a second process, as a translator's app would, and times
//! the first lookup (which loads the persisted index) and the following ones. The second process
//! reports its own peak memory, so the figure is the app's, not the builder's.

use std::{path::Path, time::Instant};

use tessera_core::{IndexRefresh, Project, matching::LookupOptions, synthetic};

const SEED: u64 = 11;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find(|line| line.starts_with("VmHWM:")).and_then(|line| {
                line.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The translator's side: reopen, answer 200 queries (edited copies of stored units), report.
fn reopen_and_lookup(db: &Path, n_units: u64) {
    let queries: Vec<String> = (0..200)
        .map(|idx| synthetic::synthetic_pair(SEED, (idx * 4_999) % n_units).zh.replace('日', "号"))
        .collect();
    let options = LookupOptions { limit: 5, min_score: 50 };
    let started = Instant::now();
    let mut project = Project::open(db).unwrap();
    let first = project.lookup(&queries[0], &options).unwrap();
    let first_lookup = started.elapsed();
    assert!(!first.is_empty());
    let mut latencies = Vec::new();
    for query in &queries[1..] {
        let started = Instant::now();
        let found = project.lookup(query, &options).unwrap();
        latencies.push(started.elapsed().as_secs_f64() * 1e3);
        assert!(!found.is_empty());
    }
    latencies.sort_by(f64::total_cmp);
    let percentile = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize];
    println!(
        "reopen to first answer (persisted index loaded): {:.2} s",
        first_lookup.as_secs_f64()
    );
    println!(
        "lookup through Project (index + origins + adjust): p50 {:.2} ms, p95 {:.2} ms",
        percentile(0.5),
        percentile(0.95)
    );
    println!("peak RSS of the reopened app process: {:.0} MB", peak_rss_mb());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--reopen") {
        let n_units = args[3].parse().unwrap();
        reopen_and_lookup(Path::new(&args[2]), n_units);
        return;
    }
    let n_units: u64 = args.get(1).and_then(|arg| arg.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("memory.db");

    let started = Instant::now();
    let mut project = Project::open(&db).unwrap();
    project.add_units(synthetic::synthetic_units(SEED, 0, n_units), &mut |_| {}).unwrap();
    let insert = started.elapsed();
    let started = Instant::now();
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Rebuilt);
    let build_and_persist = started.elapsed();
    drop(project);
    let db_mb = std::fs::metadata(&db).map(|meta| meta.len() as f64 / 1e6).unwrap_or(0.0);

    println!("units: {n_units}; database {db_mb:.0} MB");
    println!(
        "insert (one transaction): {:.1} s ({:.0} units/s)",
        insert.as_secs_f64(),
        n_units as f64 / insert.as_secs_f64()
    );
    println!("index build + persist: {:.1} s", build_and_persist.as_secs_f64());
    println!("peak RSS while writing and building: {:.0} MB", peak_rss_mb());
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--reopen")
        .arg(&db)
        .arg(n_units.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}
