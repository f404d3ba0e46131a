//! Benchmark of fuzzy lookup and concordance on a generated memory (a benchmark, not a test).
//!
//! ```text
//! cargo run --release -p tessera-core --example matching_bench -- 100000
//! cargo run --release -p tessera-core --example matching_bench -- 1000000
//! ```
//!
//! Builds the index over `N` generated zh→en units (in batches of 250,000, as an import would),
//! runs labelled queries (edited copies of stored units: names, numbers and clauses changed,
//! script switched to traditional), concordance searches, a byte round trip, and a brute-force
//! scan of the same queries for comparison. Prints timings, sizes, peak memory and quality.

use std::time::{Duration, Instant};

use tessera_core::{
    matching::{
        ConcordanceOptions, IndexUnit, LookupOptions, MatchIndex, Side, brute_force_lookup, explain,
    },
    synthetic::{
        queries::{Edit, labelled_query},
        synthetic_pair,
    },
};

const SEED: u64 = 2026;
const BATCH: u64 = 250_000;

fn main() {
    let n_units: u64 = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(100_000);
    // `-- N lookups` stops after the lookups (for profiling).
    let lookups_only = std::env::args().nth(2).is_some_and(|arg| arg == "lookups");
    let n_queries: u64 = 1000;
    let n_brute_force: usize = if n_units >= 500_000 { 30 } else { 100 };
    println!(
        "matching_bench: {n_units} units, {n_queries} lookups, {n_brute_force} brute-force scans"
    );

    let started = Instant::now();
    let mut generation = Duration::ZERO;
    let mut index = MatchIndex::new();
    let mut first = 0;
    while first < n_units {
        let count = BATCH.min(n_units - first);
        let generating = Instant::now();
        let pairs: Vec<(i64, String, String)> = (first..first + count)
            .map(|idx| {
                let pair = synthetic_pair(SEED, idx);
                (idx as i64 + 1, pair.zh, pair.en)
            })
            .collect();
        generation += generating.elapsed();
        index.extend(pairs.iter().map(|(unit_id, source, target)| IndexUnit {
            unit_id: *unit_id,
            source,
            target,
        }));
        first += count;
    }
    let build = started.elapsed() - generation;
    println!(
        "build: {:.2} s (plus {:.2} s generating text), {} live units",
        build.as_secs_f64(),
        generation.as_secs_f64(),
        index.len()
    );
    println!("memory after build: {}", memory_status());

    let queries: Vec<_> = (0..n_queries).map(|idx| labelled_query(SEED, n_units, idx)).collect();
    let options = LookupOptions::default();
    // Warm up caches the way an open editor would have them.
    for query in queries.iter().take(20) {
        index.lookup(&query.query, &options);
    }
    let mut latencies = Vec::with_capacity(queries.len());
    let mut results = Vec::with_capacity(queries.len());
    for query in &queries {
        let timer = Instant::now();
        let found = index.lookup(&query.query, &options);
        latencies.push(timer.elapsed());
        results.push(found);
    }
    println!(
        "lookup top-5: {} (load average {})",
        percentiles(&mut latencies.clone()),
        load_average()
    );
    for edit in Edit::ALL {
        let mut of_edit: Vec<Duration> = queries
            .iter()
            .zip(&latencies)
            .filter(|(query, _)| query.edit == edit)
            .map(|(_, latency)| *latency)
            .collect();
        println!("  {edit:?}: {}", percentiles(&mut of_edit));
    }

    // Quality: is the labelled unit (or one scoring at least as high) ranked first?
    let mut strict = 0;
    let mut at_least_as_good = 0;
    let mut histogram = [0usize; 11];
    for (query, found) in queries.iter().zip(&results) {
        let expected = synthetic_pair(SEED, query.expected_idx).zh;
        let expected_score = explain(&query.query, &expected).score;
        let best = found.first();
        strict +=
            usize::from(best.is_some_and(|best| best.unit_id == query.expected_idx as i64 + 1));
        at_least_as_good += usize::from(best.is_some_and(|best| best.score >= expected_score));
        histogram[usize::from(best.map_or(0, |best| best.score)) / 10] += 1;
    }
    println!(
        "quality: hit@1 {:.3} (labelled unit first), {:.3} (first scores ≥ labelled unit); top-1 scores by tens {histogram:?}",
        strict as f64 / queries.len() as f64,
        at_least_as_good as f64 / queries.len() as f64
    );

    if lookups_only {
        return;
    }
    let concordance_queries: Vec<(&str, Side)> = vec![
        ("重庆国际传播中心", Side::Source),
        ("外事办公室", Side::Source),
        ("副市长", Side::Source),
        ("國際傳播", Side::Source),
        ("签署合作协议", Side::Source),
        ("成渝地区双城经济圈", Side::Source),
        ("史迪威", Side::Source),
        ("王雯", Side::Source),
        ("代表团", Side::Source),
        ("讲好重庆故事", Side::Source),
        ("Media Center", Side::Target),
        ("vice mayor", Side::Target),
        ("Foreign Affairs Office", Side::Target),
        ("consular services", Side::Target),
        ("Stilwell", Side::Target),
    ];
    let mut concordance_latencies = Vec::new();
    for (text, side) in &concordance_queries {
        let options = ConcordanceOptions { side: *side, ..ConcordanceOptions::default() };
        let mut best = Duration::MAX;
        let mut summary = String::new();
        for round in 0..3 {
            let timer = Instant::now();
            let found = index.concordance(text, &options);
            let elapsed = timer.elapsed();
            concordance_latencies.push(elapsed);
            best = best.min(elapsed);
            if round == 0 {
                let top: Vec<String> = found
                    .renderings
                    .iter()
                    .take(3)
                    .map(|group| format!("{} ×{}", shorten(&group.rendering), group.count))
                    .collect();
                summary = format!(
                    "{} hits{}; {}",
                    found.hits.len(),
                    if found.complete { "" } else { "+" },
                    top.join(" | ")
                );
            }
        }
        println!("  concordance {text:?}: {:.2} ms, {summary}", best.as_secs_f64() * 1e3);
    }
    println!(
        "concordance (limit 1000 hits): {} (load average {})",
        percentiles(&mut concordance_latencies),
        load_average()
    );

    // Brute force on the same queries.
    let mut stored: Vec<(i64, String, String)> = Vec::new();
    index.for_each_unit(|unit| {
        stored.push((unit.unit_id, unit.source.to_owned(), unit.target.to_owned()))
    });
    let mut brute_latencies = Vec::new();
    let mut same_score = 0;
    let mut same_unit = 0;
    for (query, found) in queries.iter().zip(&results).take(n_brute_force) {
        let timer = Instant::now();
        let units = stored.iter().map(|(unit_id, source, target)| IndexUnit {
            unit_id: *unit_id,
            source,
            target,
        });
        let reference = brute_force_lookup(units, &query.query, &options);
        brute_latencies.push(timer.elapsed());
        let top = |matches: &[tessera_core::matching::Match]| {
            matches.first().map(|m| (m.unit_id, m.score))
        };
        same_score += usize::from(top(found).map(|t| t.1) == top(&reference).map(|t| t.1));
        same_unit += usize::from(top(found) == top(&reference));
    }
    let mut indexed_subset: Vec<Duration> = latencies.iter().take(n_brute_force).copied().collect();
    let brute_p50 = median(&mut brute_latencies);
    let indexed_p50 = median(&mut indexed_subset);
    println!(
        "brute force: p50 {:.1} ms over {n_brute_force} queries; index is {:.0}× faster (p50 vs p50); top match agrees: score {same_score}/{n_brute_force}, unit {same_unit}/{n_brute_force}",
        brute_p50.as_secs_f64() * 1e3,
        brute_p50.as_secs_f64() / indexed_p50.as_secs_f64()
    );

    // Persist and reopen.
    let timer = Instant::now();
    let bytes = index.to_bytes();
    let serialise = timer.elapsed();
    let probe = queries[0].query.clone();
    let before: Vec<(i64, u8)> =
        index.lookup(&probe, &options).iter().map(|m| (m.unit_id, m.score)).collect();
    drop(index);
    let timer = Instant::now();
    let reopened = match MatchIndex::from_bytes(&bytes) {
        Ok(reopened) => reopened,
        Err(error) => {
            println!("reopen failed: {error}");
            return;
        }
    };
    let load = timer.elapsed();
    let first_lookup = reopened.lookup(&probe, &options);
    let reopen_to_answer = timer.elapsed();
    let after: Vec<(i64, u8)> = first_lookup.iter().map(|m| (m.unit_id, m.score)).collect();
    println!(
        "bytes: {:.1} MB; serialise {:.2} s; deserialise {:.2} s; reopen → first answer {:.2} s; same answer: {}",
        bytes.len() as f64 / 1e6,
        serialise.as_secs_f64(),
        load.as_secs_f64(),
        reopen_to_answer.as_secs_f64(),
        before == after
    );
    drop(bytes);
    println!("memory at end: {}", memory_status());
}

fn percentiles(latencies: &mut [Duration]) -> String {
    if latencies.is_empty() {
        return "no samples".to_owned();
    }
    latencies.sort_unstable();
    let at = |share: f64| {
        latencies[((latencies.len() - 1) as f64 * share).round() as usize].as_secs_f64() * 1e3
    };
    format!(
        "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0)
    )
}

fn median(latencies: &mut [Duration]) -> Duration {
    latencies.sort_unstable();
    latencies.get(latencies.len() / 2).copied().unwrap_or_default()
}

fn shorten(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 48 {
        text.to_owned()
    } else {
        format!("{}…", chars[..47].iter().collect::<String>())
    }
}

/// The machine's load average (other processes share the two cores and inflate timings).
fn load_average() -> String {
    let loadavg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    loadavg.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// Peak and current resident memory of this process (Linux).
fn memory_status() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .map(|line| line[name.len()..].trim().to_owned())
            .unwrap_or_else(|| "?".to_owned())
    };
    format!("VmHWM {} (peak), VmRSS {}", field("VmHWM:"), field("VmRSS:"))
}
