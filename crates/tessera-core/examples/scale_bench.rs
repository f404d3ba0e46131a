//! The scale table of issue #16, for a memory of N sentence-length tagged units:
//! `cargo run --release -p tessera-core --example scale_bench -- N [TERMS]` (default 1,000,000
//! units, 1,000 approved terms).
//!
//! The builder process writes an N-unit TMX file (whole generated sentences with a date, a name
//! and an organisation, a prop, and on every other unit a `bpt`/`ept` pair), imports it into a
//! new database through `Project::import_tmx_file` (parse + store, timed), imports and approves
//! `TERMS` glossary terms, and builds and persists the match index. A second process then
//! reopens the database as the translator's app would and measures, through `Project` only:
//! reopen to first answer, 200 lookups (edited copies of stored sentences and sentences the
//! memory does not hold), its resident memory with the index open, and concordance searches.
//! Finally it checks the top matches of every fourth lookup (50 queries) against a brute-force
//! scan of every unit (one pass, each unit tokenized once for all the queries, on both cores).
//!
//! `-- N TERMS --keep DIR` builds the database in `DIR` and keeps it; `-- --reopen DIR/scale.db N`
//! then measures the translator's side again (after a change to lookups) without rebuilding
//! (`--quick` leaves out the brute-force check; `--reference FILE` keeps the brute force's answers
//! in FILE, or reads them from it when it exists, so that measuring again skips the scan;
//! `--verbose` prints the queries whose top 5 differs). `-- N --import-only` stops after the import
//! and prints its rate: the row of the table that needs no index, at 10M units in minutes. The
//! import is timed until it returns, committed, and until the checkpoint it leaves running has
//! copied its log into the database file.
//! `--tmx FILE` imports FILE, writing it first if it does not exist, and keeps it: runs to
//! compare then import the same file without writing it each time. `-- N --parse-only --tmx
//! FILE` only reads the file with `tmx::read` and prints the reader's CPU per unit.
//!
//! The machine is shared: compare figures with a baseline run at the same time, not across days.

use std::{
    fs::File,
    io::BufWriter,
    path::Path,
    time::{Duration, Instant},
};

use tessera_core::{
    DuplicatePolicy, InterchangeOptions, MemoryMatch, Project, ReviewDecision,
    matching::{
        ConcordanceOptions, IndexUnit, LookupOptions, Match, Side, brute_force_lookup_many,
    },
    synthetic,
    tmx::{self, Attribute, CodePart, InlineKind, InlineTag, Language, Metadata, Prop, Segment},
};

/// The allocator of the `tessera` and desktop binaries, so that the bench measures what they do.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 7;
const N_QUERIES: u64 = 200;

fn bold(text: &str, idx: u64) -> Segment {
    if !idx.is_multiple_of(2) {
        return Segment::plain(text);
    }
    let tag = |kind, code: &str| InlineTag {
        kind,
        attributes: vec![Attribute { name: "i".to_owned(), value: "1".to_owned() }],
        code: vec![CodePart::Text(code.to_owned())],
    };
    Segment {
        text: format!("\u{E000}{text}\u{E001}"),
        tags: vec![tag(InlineKind::Bpt, "<b>"), tag(InlineKind::Ept, "</b>")],
    }
}

/// A sentence-length unit with a date, a prop and (every other unit) inline tags.
fn tagged_unit(idx: u64) -> tmx::Unit {
    let pair = synthetic::synthetic_pair(SEED, idx);
    let date = tmx::parse_date("20240105T083012Z");
    let variant = |lang: &str, segment| tmx::Variant {
        lang: Language::parse(lang),
        metadata: Metadata::default(),
        props: Vec::new(),
        notes: Vec::new(),
        segment,
    };
    tmx::Unit {
        tuid: Some(format!("u{idx}")),
        metadata: Metadata { creation_date: date, change_date: date, ..Metadata::default() },
        props: vec![Prop {
            kind: "x-domain".to_owned(),
            lang: None,
            o_encoding: None,
            value: "news".to_owned(),
        }],
        variants: vec![
            // The number keeps every unit distinct, as in a real memory.
            variant("zh-CN", bold(&format!("{}（{idx}）", pair.zh), idx)),
            variant("en-GB", bold(&format!("{} ({idx})", pair.en), idx)),
        ],
        ..tmx::Unit::default()
    }
}

/// Query `idx`: three in four are stored sentences with an edit (日 → 号, another number), the
/// rest sentences the memory does not hold (another seed), which only match fuzzily.
fn query(idx: u64, n_units: u64) -> String {
    if idx % 4 == 3 {
        return synthetic::synthetic_pair(SEED + 1, idx).zh;
    }
    let unit = (idx * 4_999 + 17) % n_units;
    let pair = synthetic::synthetic_pair(SEED, unit);
    format!("{}（{unit}）", pair.zh.replace('日', "号"))
}

fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find(|line| line.starts_with(field)).and_then(|line| {
                line.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resident MB of the mappings of the match index file (the texts left in the file's pages).
fn index_file_mapped_mb() -> f64 {
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap_or_default();
    let mut in_index = false;
    let mut kb = 0.0;
    for line in smaps.lines() {
        if line.contains('-') && line.split_whitespace().count() >= 5 && !line.ends_with(" kB") {
            in_index = line.contains(".matchindex-");
        } else if in_index && let Some(value) = line.strip_prefix("Rss:") {
            kb += value.trim().trim_end_matches(" kB").trim().parse::<f64>().unwrap_or(0.0);
        }
    }
    kb / 1024.0
}

/// CPU time this thread has run, in nanoseconds (the machine is shared: wall time includes
/// waiting for a core, CPU time does not).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next().and_then(|ns| ns.parse().ok()))
        .unwrap_or(0)
}

/// CPU time (user + system) of this process, its finished threads included, in nanoseconds
/// (`/proc/self/stat` counts clock ticks of 10 ms).
fn process_cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let fields: Vec<&str> =
        stat.rfind(')').map_or(Vec::new(), |end| stat[end + 2..].split_whitespace().collect());
    let ticks = |idx: usize| fields.get(idx).and_then(|field| field.parse::<u64>().ok());
    ticks(11).zip(ticks(12)).map_or(0, |(user, system)| (user + system) * 10_000_000)
}

fn load_average() -> String {
    let loadavg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    loadavg.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

fn percentile(sorted: &[f64], share: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * share).round() as usize]
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// The translator's side, in its own process.
/// The targets of issue #16's table: the 1M column up to a few million units, the 10M one above.
struct Targets {
    size: &'static str,
    lookup: &'static str,
    memory: &'static str,
    reopen: &'static str,
    concordance: &'static str,
}

impl Targets {
    fn for_size(n_units: u64) -> Targets {
        if n_units >= 5_000_000 {
            Targets {
                size: "10M",
                lookup: "<= 5 ms / <= 10 ms",
                memory: "<= 1.5 GB",
                reopen: "<= 2 s",
                concordance: "p95 <= 100 ms",
            }
        } else {
            Targets {
                size: "1M",
                lookup: "<= 1.5 ms / <= 3 ms",
                memory: "<= 300 MB",
                reopen: "<= 0.3 s",
                concordance: "p95 <= 20 ms",
            }
        }
    }
}

fn reopen_and_measure(db: &Path, n_units: u64) {
    let options = LookupOptions { limit: 5, min_score: 50 };
    let queries: Vec<String> = (0..N_QUERIES).map(|idx| query(idx, n_units)).collect();
    let started = Instant::now();
    let mut project = Project::open(db).unwrap();
    // The first lookup would load the index; loading it first tells what opening touches.
    project.refresh_match_index().unwrap();
    let mapped_after_load = index_file_mapped_mb();
    let first = project.lookup(&queries[0], &options).unwrap();
    let reopen = started.elapsed();
    assert!(!first.is_empty());
    let rss_after_open = status_mb("VmRSS:");
    let mapped_after_open = index_file_mapped_mb();

    let mut latencies = Vec::new();
    let mut answers = vec![first];
    let lookups_cpu = thread_cpu_ns();
    for query in &queries[1..] {
        let started = Instant::now();
        let found = project.lookup(query, &options).unwrap();
        latencies.push(millis(started.elapsed()));
        answers.push(found);
    }
    let lookup_cpu_ms = (thread_cpu_ns() - lookups_cpu) as f64 / 1e6 / latencies.len() as f64;
    latencies.sort_by(f64::total_cmp);
    let lookup_load = load_average();

    let concordance_queries: [(&str, Side); 12] = [
        ("重庆国际传播中心", Side::Source),
        ("外事办公室", Side::Source),
        ("副市长", Side::Source),
        ("國際傳播", Side::Source),
        ("签署合作协议", Side::Source),
        ("成渝地区双城经济圈", Side::Source),
        ("史迪威", Side::Source),
        ("代表团", Side::Source),
        ("Media Center", Side::Target),
        ("vice mayor", Side::Target),
        ("Foreign Affairs Office", Side::Target),
        ("consular services", Side::Target),
    ];
    let mut concordance = Vec::new();
    let concordance_cpu = thread_cpu_ns();
    for round in 0..3 {
        for (text, side) in concordance_queries {
            let options = ConcordanceOptions { side, ..ConcordanceOptions::default() };
            let started = Instant::now();
            let found = project.concordance(text, &options).unwrap();
            concordance.push(millis(started.elapsed()));
            assert!(round > 0 || !found.hits.is_empty() || text == "史迪威");
        }
    }
    let concordance_cpu_ms =
        (thread_cpu_ns() - concordance_cpu) as f64 / 1e6 / concordance.len() as f64;
    concordance.sort_by(f64::total_cmp);
    let rss = status_mb("VmRSS:");
    let rss_anon = status_mb("RssAnon:");
    let rss_file = status_mb("RssFile:");
    let peak = status_mb("VmHWM:");
    let mapped = index_file_mapped_mb();

    let target = Targets::for_size(n_units);
    println!("| measure | value | target at {} |", target.size);
    println!("| --- | --- | --- |");
    println!(
        "| lookup through Project, p50 / p95 | {:.2} ms / {:.2} ms | {} |",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        target.lookup
    );
    println!(
        "| process memory with the index open (VmRSS after the lookups; anon + file) | {rss:.0} MB ({rss_anon:.0} + {rss_file:.0}); {rss_after_open:.0} MB after the first answer; peak VmHWM {peak:.0} MB | {} |",
        target.memory
    );
    println!(
        "(resident pages of the mapped index file: {mapped_after_load:.0} MB once loaded, {mapped_after_open:.0} MB after the first answer, {mapped:.0} MB after the lookups and concordance)"
    );
    println!("| reopen to first answer | {:.2} s | {} |", reopen.as_secs_f64(), target.reopen);
    println!(
        "| concordance p50 / p95 ({} searches) | {:.2} ms / {:.2} ms | {} |",
        concordance.len(),
        percentile(&concordance, 0.5),
        percentile(&concordance, 0.95),
        target.concordance
    );
    println!(
        "(CPU time per lookup {lookup_cpu_ms:.2} ms, per concordance search {concordance_cpu_ms:.2} ms, mean; load average during the lookups: {lookup_load})"
    );

    // Brute force over every unit, as stored, on a sample of the queries (`--quick` skips it).
    if std::env::args().any(|arg| arg == "--quick") {
        return;
    }
    // One pass over the stored units, a page at a time, each page tokenized once and scored
    // against every checked query on both cores; the pages' best matches are merged (the top 5
    // of all units are among the top 5 of their pages).
    let step = 4;
    let checked: Vec<(&str, &Vec<MemoryMatch>)> =
        queries.iter().map(String::as_str).zip(&answers).step_by(step).collect();
    let n_checked = checked.len();
    let checked_queries: Vec<&str> = checked.iter().map(|(query, _)| *query).collect();
    let brute_force_started = Instant::now();
    // `--reference FILE` keeps the brute force's answers: read when the file exists (the same
    // memory, measured again), else computed and written to it.
    let reference_file = std::env::args().skip_while(|arg| arg != "--reference").nth(1);
    let saved = reference_file.as_deref().and_then(|path| read_reference(Path::new(path)));
    let (reference, n_scanned) = match saved {
        Some(saved) if saved.0.len() == n_checked => saved,
        _ => {
            let computed = brute_force(&project, &checked_queries, &options);
            if let Some(path) = &reference_file {
                write_reference(Path::new(path), &computed.0, computed.1);
            }
            computed
        }
    };
    let scores =
        |matches: &[(i64, u8)]| -> Vec<u8> { matches.iter().map(|found| found.1).collect() };
    let mut same_top = 0;
    let mut same_list = 0;
    let mut same_scores = 0;
    let verbose = std::env::args().any(|arg| arg == "--verbose");
    for (at, ((_, found), reference)) in checked.iter().zip(&reference).enumerate() {
        let found: Vec<(i64, u8)> =
            found.iter().map(|found| (found.found.unit_id, found.found.score)).collect();
        same_top += usize::from(found.first() == reference.first());
        same_list += usize::from(found == *reference);
        same_scores += usize::from(scores(&found) == scores(reference));
        if verbose && found != *reference {
            println!("query {}: index {found:?}, brute force {reference:?}", at * step);
        }
    }
    println!(
        "brute-force agreement on {n_checked} of the {N_QUERIES} queries (every {step}th, each against all {n_scanned} units, {:.0} s): top match (unit, score) {same_top}/{n_checked}, whole top 5 {same_list}/{n_checked}, the top 5's scores (another unit of the same score allowed) {same_scores}/{n_checked}",
        brute_force_started.elapsed().as_secs_f64()
    );
}

/// The best (unit id, score) pairs of each checked query, and the number of units scanned.
type Reference = (Vec<Vec<(i64, u8)>>, usize);

/// The best (unit id, score) pairs of each query by a brute-force scan of every stored unit, and
/// the number of units scanned.
fn brute_force(project: &Project, checked_queries: &[&str], options: &LookupOptions) -> Reference {
    let mut reference: Vec<Vec<Match>> = vec![Vec::new(); checked_queries.len()];
    let mut after_id = 0;
    let mut n_scanned = 0usize;
    loop {
        let page = project.units(after_id, 50_000).unwrap();
        let Some(last) = page.last() else { break };
        after_id = last.id.0;
        let mut pairs: Vec<(i64, String, String)> = Vec::with_capacity(page.len());
        for unit in page {
            let text = |prefix: &str| {
                unit.variants
                    .iter()
                    .find(|(lang, _)| lang.as_str().starts_with(prefix))
                    .map(|(_, text)| text.clone())
            };
            if let (Some(zh), Some(en)) = (text("zh"), text("en")) {
                pairs.push((unit.id.0, zh, en));
            }
        }
        n_scanned += pairs.len();
        let units: Vec<IndexUnit<'_>> = pairs
            .iter()
            .map(|(unit_id, source, target)| IndexUnit { unit_id: *unit_id, source, target })
            .collect();
        let halves: Vec<Vec<Vec<Match>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = units
                .chunks(units.len().div_ceil(2).max(1))
                .map(|half| {
                    scope.spawn(move || brute_force_lookup_many(half, checked_queries, options))
                })
                .collect();
            handles.into_iter().map(|handle| handle.join().unwrap()).collect()
        });
        for half in halves {
            for (best, found) in reference.iter_mut().zip(half) {
                best.extend(found);
                best.sort_by(|a, b| b.score.cmp(&a.score).then(b.unit_id.cmp(&a.unit_id)));
                best.truncate(options.limit);
            }
        }
    }
    let reference = reference
        .iter()
        .map(|matches| matches.iter().map(|found| (found.unit_id, found.score)).collect())
        .collect();
    (reference, n_scanned)
}

/// Reads a file of [`write_reference`]: `None` when it is missing or not of that form.
fn read_reference(path: &Path) -> Option<Reference> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let n_scanned = lines.next()?.strip_prefix("units ")?.parse().ok()?;
    let reference = lines
        .map(|line| {
            line.split_whitespace()
                .map(|pair| {
                    let (unit_id, score) = pair.split_once(':')?;
                    Some((unit_id.parse().ok()?, score.parse().ok()?))
                })
                .collect::<Option<Vec<_>>>()
        })
        .collect::<Option<Vec<_>>>()?;
    Some((reference, n_scanned))
}

/// Writes the brute force's answers: `units N`, then one line per query of `unit_id:score`.
fn write_reference(path: &Path, reference: &[Vec<(i64, u8)>], n_scanned: usize) {
    let mut text = format!("units {n_scanned}\n");
    for matches in reference {
        let pairs: Vec<String> =
            matches.iter().map(|(unit_id, score)| format!("{unit_id}:{score}")).collect();
        text.push_str(&pairs.join(" "));
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--reopen") {
        reopen_and_measure(Path::new(&args[2]), args[3].parse().unwrap());
        return;
    }
    let n_units: u64 = args.get(1).and_then(|arg| arg.parse().ok()).unwrap_or(1_000_000);
    let n_terms: u64 = args.get(2).and_then(|arg| arg.parse().ok()).unwrap_or(1_000);
    let kept = args.iter().position(|arg| arg == "--keep").map(|at| args[at + 1].clone());
    let temporary = tempfile::tempdir_in(std::env::temp_dir()).unwrap();
    let folder = kept.as_deref().map_or(temporary.path(), Path::new);
    std::fs::create_dir_all(folder).unwrap();
    // `--tmx FILE` imports a file an earlier run wrote (and keeps it), so that runs compared
    // with each other skip writing it.
    let given_tmx = args.iter().position(|arg| arg == "--tmx").map(|at| args[at + 1].clone());
    let tmx_path = given_tmx.as_ref().map_or_else(|| folder.join("scale.tmx"), Into::into);
    let db = folder.join("scale.db");

    if given_tmx.is_none() || !tmx_path.exists() {
        let file = BufWriter::new(File::create(&tmx_path).unwrap());
        tmx::write(
            file,
            &tmx::Header::default(),
            (0..n_units).map(tagged_unit),
            &tmx::WriteOptions::default(),
        )
        .unwrap();
    }
    let tmx_mb = std::fs::metadata(&tmx_path).map_or(0.0, |meta| meta.len() as f64 / 1e6);
    if args.iter().any(|arg| arg == "--parse-only") {
        // The TMX reader alone, on this thread: the part of an import's parsing thread before
        // units become rows (and without SQLite on the other core).
        let started = Instant::now();
        let cpu_started = thread_cpu_ns();
        let input = std::io::BufReader::with_capacity(1 << 16, File::open(&tmx_path).unwrap());
        let n_read = tmx::read(input, &tmx::ReadOptions::default()).unwrap().count();
        assert_eq!(n_read as u64, n_units);
        println!(
            "scale_bench: {n_units} units (TMX {tmx_mb:.0} MB) read in {:.1} s; reader CPU per unit {:.2} µs; load average {}",
            started.elapsed().as_secs_f64(),
            (thread_cpu_ns() - cpu_started) as f64 / 1e3 / n_units as f64,
            load_average()
        );
        return;
    }

    let mut project = Project::open(&db).unwrap();
    let started = Instant::now();
    let cpu_started = (process_cpu_ns(), thread_cpu_ns());
    let options = InterchangeOptions {
        duplicates: DuplicatePolicy::SkipIdentical,
        ..InterchangeOptions::default()
    };
    let report = project.import_tmx_file(&tmx_path, &options).unwrap();
    // The import returns once it is committed durably; a large one leaves the copy of its
    // write-ahead log into the database file (the checkpoint) running on a thread of its own.
    let import = started.elapsed();
    let cpu_committed = (process_cpu_ns(), thread_cpu_ns());
    project.wait_for_checkpoint().unwrap();
    let checkpointed = started.elapsed();
    assert_eq!(report.units_added, n_units);
    if given_tmx.is_none() {
        std::fs::remove_file(&tmx_path).unwrap();
    }
    if args.iter().any(|arg| arg == "--import-only") {
        // This thread stores; the import's other thread parses.
        let store_ns = cpu_committed.1 - cpu_started.1;
        let parse_ns = (cpu_committed.0 - cpu_started.0).saturating_sub(store_ns);
        let checkpoint_ns =
            (process_cpu_ns() - cpu_committed.0).saturating_sub(thread_cpu_ns() - cpu_committed.1);
        let db_mb = std::fs::metadata(&db).map_or(0.0, |meta| meta.len() as f64 / 1e6);
        println!(
            "CPU per unit: storing thread {:.2} µs, parsing thread {:.2} µs; checkpoint after the commit {:.2} µs",
            store_ns as f64 / 1e3 / n_units as f64,
            parse_ns as f64 / 1e3 / n_units as f64,
            checkpoint_ns as f64 / 1e3 / n_units as f64
        );
        println!(
            "scale_bench: {n_units} units (TMX {tmx_mb:.0} MB) imported (committed) in {:.1} s, checkpointed in {:.1} s; database {db_mb:.0} MB; peak VmHWM {:.0} MB; load average {}",
            import.as_secs_f64(),
            checkpointed.as_secs_f64(),
            status_mb("VmHWM:"),
            load_average()
        );
        println!(
            "| TMX import, parse + store | {:.0} units/s until committed, {:.0} until checkpointed | >= 150k units/s |",
            n_units as f64 / import.as_secs_f64(),
            n_units as f64 / checkpointed.as_secs_f64()
        );
        return;
    }

    let glossary = folder.join("terms.csv");
    let rows: String = (0..n_terms).map(|idx| format!("术语{idx},Term {idx}\n")).collect();
    std::fs::write(&glossary, format!("zh,en\n{rows}")).unwrap();
    project.import_glossary_table(&glossary).unwrap();
    let approve = ReviewDecision::Approve { preferred: None };
    for concept in project.terms(Some("candidate"), None).unwrap() {
        project.review_concept(concept.id, &approve, "").unwrap();
    }

    let started = Instant::now();
    project.refresh_match_index().unwrap();
    let build = started.elapsed();
    let builder_peak = status_mb("VmHWM:");
    drop(project);
    let db_mb = std::fs::metadata(&db).map_or(0.0, |meta| meta.len() as f64 / 1e6);
    println!(
        "scale_bench: {n_units} units (TMX {tmx_mb:.0} MB), {n_terms} approved terms; database {db_mb:.0} MB; load average {}",
        load_average()
    );
    println!(
        "import: {:.1} s committed, {:.1} s checkpointed; index build + persist: {:.1} s; builder peak VmHWM {builder_peak:.0} MB",
        import.as_secs_f64(),
        checkpointed.as_secs_f64(),
        build.as_secs_f64()
    );
    println!(
        "| TMX import, parse + store | {:.0} units/s until committed, {:.0} until checkpointed | >= 150k units/s |",
        n_units as f64 / import.as_secs_f64(),
        n_units as f64 / checkpointed.as_secs_f64()
    );
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--reopen")
        .arg(&db)
        .arg(n_units.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}
