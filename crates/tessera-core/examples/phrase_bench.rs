//! Measures phrase alignment: training on 100,000 generated units, the update for one confirmed
//! unit (align with the trained model, extract phrase pairs, add them to the fragment table), and
//! `phrases::suggest` per sentence against a fragment table of `--units` units (default
//! 1,000,000), p50/p95/p99 in-process, single thread.
//!
//! `cargo run --release -p tessera-core --example phrase_bench [-- --units 1000000]
//! [--training-units 100000]`
//!
//! Measured 2026-12-06 on the shared 2-core machine at load ~24 (CPU time is the honest figure):
//! training on 100,000 units 35.2 s cpu for the model, 53.6 s cpu with every unit aligned; one
//! confirmed unit p50 0.165 ms, p95 0.502 ms; with `--training-units 20000 --units 1000000` the
//! table grew to 1M units in 154 s cpu and suggest took p50 0.042 ms, p95 0.065 ms per sentence
//! (the synthetic memory saturates at about 14,600 distinct Chinese phrases).
//!
//! Measured 2026-12-07 at load ~10, after memory renderings were weighed by their parts'
//! renderings (before → after, same machine and hour): `--training-units 100000 --units 100000`
//! training 45.1 → 47.2 s cpu in all, one confirmed unit p95 0.274 → 0.245 ms, suggest p50
//! 0.066 → 0.132 ms, p95 0.112 → 0.291 ms; `--training-units 20000 --units 1000000` suggest
//! p50 0.061 → 0.133 ms, p95 0.117 → 0.398 ms per sentence.
//!
//! Measured 2026-12-07 06:05 at load ~3, before → after a span rendered only in a coordination
//! (`A与B`) got its part of the rendering: `--training-units 20000 --units 1000000` suggest p50
//! 0.113 → 0.119 ms, p95 0.245 → 0.269 ms, p99 0.347 → 0.418 ms per sentence, 77.1 → 77.3
//! suggestions per sentence; with a name's fuller renderings before a coordinator too (06:16)
//! p50 0.138 ms, p95 0.322 ms, p99 0.446 ms, 77.7 suggestions per sentence.
//!
//! Measured 2026-12-07 11:40 at load ~6, before → after phrases took the unlinked words ending
//! a name and ran to 16 Chinese tokens (back to back, same hour): `--training-units 100000
//! --units 100000` training 62.4 → 62.8 s cpu in all (model 39.8 → 40.1 s), 11,847 → 17,646
//! Chinese phrases, persisted 1.2 → 2.1 MB, one confirmed unit p95 4.184 → 0.426 ms (the
//! slower run was preempted), suggest p50 0.128 → 0.167 ms, p95 0.315 → 0.339 ms;
//! `--training-units 20000 --units 1000000` (11:10, load ~8) suggest p50 0.170 → 0.157 ms,
//! p95 0.342 → 0.335 ms, 61.6 → 71.7 suggestions per sentence.
//!
//! Measured 2026-12-07 17:37–17:56 at load 12–20, main's binary → this one alternated (the
//! training's pair indices kept from encoding, the two directions' E-steps on two threads, the
//! jump weights computed once a pass; links and saved bytes bit-identical):
//! `--training-units 100000 --units 100000` model 48.7 / 45.8 → 20.4 / 21.3 s cpu (222.7 /
//! 222.8 → 86.7 / 79.9 s wall at that load), training in all 76.1 / 74.7 → 42.3 / 44.4 s cpu
//! (366.5 / 344.9 → 191.9 / 190.3 s wall), the same 1,742 word pairs and 17,654 Chinese phrases.

use std::time::{Duration, Instant};

use tessera_core::{
    phrases::{FragmentTable, PhraseLimits, TermLexicon, TrainingOptions, WordAligner, suggest},
    synthetic::synthetic_pair,
};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 11;
const UPDATES: u64 = 2_000;
const QUERIES: u64 = 2_000;

/// CPU seconds this process used (user + system), from /proc/self/stat: the machine is shared,
/// so wall time alone overstates the cost when other processes hold the cores.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |at: usize| fields.get(at).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of the whole line (utime, stime) are 11 and 12 after the name; 100 Hz.
    (ticks(11) + ticks(12)) / 100.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "{name}: n {} mean {:.3} ms p50 {:.3} ms p95 {:.3} ms p99 {:.3} ms",
        times.len(),
        mean.as_secs_f64() * 1e3,
        percentile(&times, 0.50).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let table_units: u64 = args
        .iter()
        .position(|a| a == "--units")
        .and_then(|at| args.get(at + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let training_units: u64 = args
        .iter()
        .position(|a| a == "--training-units")
        .and_then(|at| args.get(at + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);

    let pairs: Vec<(String, String)> = (0..training_units)
        .map(|idx| {
            let pair = synthetic_pair(SEED, idx);
            (pair.zh, pair.en)
        })
        .collect();
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let aligner = WordAligner::train(
        pairs.iter().map(|(zh, en)| (zh.as_str(), en.as_str())),
        &[],
        &TrainingOptions::default(),
    );
    let trained = started.elapsed();
    let cpu_trained = cpu_seconds() - cpu_started;
    let limits = PhraseLimits::default();
    let mut table = FragmentTable::default();
    for (idx, (zh, en)) in pairs.iter().enumerate() {
        table.add_unit(idx as u64, &aligner.align(zh, en).phrase_pairs(&limits));
    }
    let total = started.elapsed();
    let cpu_total = cpu_seconds() - cpu_started;
    println!(
        "training on {training_units} units: model {:.1} s wall / {:.1} s cpu ({} word pairs \
         kept), aligning and extracting every unit {:.1} s wall, total {:.1} s wall / {:.1} s \
         cpu; fragment table {} zh phrases",
        trained.as_secs_f64(),
        cpu_trained,
        aligner.n_word_pairs(),
        (total - trained).as_secs_f64(),
        total.as_secs_f64(),
        cpu_total,
        table.len(),
    );
    let bytes = aligner.to_bytes().len() + table.to_bytes().len();
    println!("persisted size: {:.1} MB", bytes as f64 / 1e6);

    // One confirmed unit: align with the trained model, extract, add.
    let mut update_times = Vec::new();
    for idx in 0..UPDATES {
        let pair = synthetic_pair(SEED + 1, idx);
        let started = Instant::now();
        let unit_pairs = aligner.align(&pair.zh, &pair.en).phrase_pairs(&limits);
        table.add_unit(training_units + idx, &unit_pairs);
        update_times.push(started.elapsed());
    }
    report("update for one confirmed unit", update_times);

    // Grow the table to `table_units` units with the same model.
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    for idx in training_units + UPDATES..table_units {
        let pair = synthetic_pair(SEED, idx);
        table.add_unit(idx, &aligner.align(&pair.zh, &pair.en).phrase_pairs(&limits));
    }
    println!(
        "fragment table grown to {table_units} units in {:.1} s wall / {:.1} s cpu: {} zh phrases",
        started.elapsed().as_secs_f64(),
        cpu_seconds() - cpu_started,
        table.len()
    );
    let lexicon = TermLexicon::default();
    let mut suggest_times = Vec::new();
    let mut n_suggestions = 0;
    for idx in 0..QUERIES {
        let pair = synthetic_pair(SEED + 2, idx);
        let started = Instant::now();
        let suggestions = suggest(&pair.zh, &lexicon, &table, 1);
        suggest_times.push(started.elapsed());
        n_suggestions += suggestions.len();
    }
    report(&format!("suggest at {table_units} units"), suggest_times);
    println!("suggestions per sentence: {:.1}", n_suggestions as f64 / QUERIES as f64);
}
