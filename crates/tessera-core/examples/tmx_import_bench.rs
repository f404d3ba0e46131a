//! TMX import bench: writes an N-unit TMX file (default 200,000), parses it without a database
//! (the baseline), imports it into a fresh database with `Project::import_tmx_file`
//! (skip-identical policy, so every unit is also checked against the memory), times how long
//! from the start of the import until a fuzzy lookup answers (the match index built), exports
//! it again, and prints units/s for each, the CPU split of the import's two threads and the
//! process's peak memory (VmHWM). The same file re-encoded as UTF-16LE (as memoQ and Trados
//! write it) is then imported into a second database.
//!
//! `cargo run --release -p tessera-core --example tmx_import_bench -- 1000000 [plain|rich]`
//!
//! Units come from `synthetic::synthetic_pair` (distinct sentences). `plain` (the default) is
//! the file of issue #4's target, about 150 bytes a unit: the first clause of each sentence,
//! with a creation date. `rich` is about 630 bytes a unit: whole sentences with dates, a prop,
//! and on every other unit a `bpt`/`ept` pair, so the stored markup and annotations are
//! exercised.

use std::{
    fs::File,
    io::{BufReader, BufWriter},
    time::Instant,
};

use tessera_core::{
    DuplicatePolicy, InterchangeOptions, Project, TmxExport,
    matching::LookupOptions,
    synthetic,
    tmx::{self, Attribute, CodePart, InlineKind, InlineTag, Language, Metadata, Prop, Segment},
};

/// The allocator of the `tessera` and desktop binaries, so that the bench measures what they do.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bold(text: &str, seed: u64) -> Segment {
    if !seed.is_multiple_of(2) {
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

/// The first clause of a sentence: up to its first comma.
fn first_clause(text: &str) -> &str {
    text.split_once(['，', ',']).map_or(text, |(clause, _)| clause)
}

/// A unit of the `plain` profile: short segments, a creation date, nothing else.
fn plain_unit(idx: u64) -> tmx::Unit {
    let pair = synthetic::synthetic_pair(7, idx);
    let variant = |lang: &str, text: String| tmx::Variant {
        lang: Language::parse(lang),
        metadata: Metadata::default(),
        props: Vec::new(),
        notes: Vec::new(),
        segment: Segment::plain(&text),
    };
    tmx::Unit {
        metadata: Metadata {
            creation_date: tmx::parse_date("20240105T083012Z"),
            ..Metadata::default()
        },
        variants: vec![
            variant("zh-CN", format!("{}{idx}", first_clause(&pair.zh))),
            variant("en-GB", format!("{} {idx}", first_clause(&pair.en))),
        ],
        ..tmx::Unit::default()
    }
}

fn rich_unit(idx: u64) -> tmx::Unit {
    let pair = synthetic::synthetic_pair(7, idx);
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
            // The index keeps every unit distinct, as in a real memory.
            variant("zh-CN", bold(&format!("{}（{idx}）", pair.zh), idx)),
            variant("en-GB", bold(&format!("{} ({idx})", pair.en), idx)),
        ],
        ..tmx::Unit::default()
    }
}

/// Re-encodes a UTF-8 file as UTF-16LE with a BOM and the declaration changed, streaming.
fn write_utf16(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    use std::io::{BufRead, Write};
    let mut input = BufReader::new(File::open(from)?);
    let mut output = BufWriter::new(File::create(to)?);
    output.write_all(&[0xFF, 0xFE])?;
    let mut line = String::new();
    let mut first = true;
    while input.read_line(&mut line)? > 0 {
        if first {
            line = line.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
            first = false;
        }
        for unit in line.encode_utf16() {
            output.write_all(&unit.to_le_bytes())?;
        }
        line.clear();
    }
    output.flush()
}

/// CPU seconds (user + system) of the process (`/proc/self/stat`) or of the calling thread
/// (`/proc/thread-self/stat`), in clock ticks of 10 ms.
fn cpu_seconds(stat: &str) -> f64 {
    std::fs::read_to_string(stat)
        .ok()
        .and_then(|text| {
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
            let rest = &text[text.rfind(')')? + 2..];
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ticks =
                fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(f64::NAN)
}

/// Where the CPU time of a pipelined import went: this thread stores, the other parses.
struct CpuSplit {
    process: f64,
    this_thread: f64,
}

impl CpuSplit {
    fn start() -> CpuSplit {
        CpuSplit {
            process: cpu_seconds("/proc/self/stat"),
            this_thread: cpu_seconds("/proc/thread-self/stat"),
        }
    }

    /// "storing x µs/unit, parsing y µs/unit of CPU" since `start`.
    fn report(&self, n_units: u64) -> String {
        let store = cpu_seconds("/proc/thread-self/stat") - self.this_thread;
        let parse = cpu_seconds("/proc/self/stat") - self.process - store;
        let per_unit = |seconds: f64| seconds * 1e6 / n_units.max(1) as f64;
        format!(
            "CPU: storing thread {:.1} µs/unit, parsing thread {:.1} µs/unit",
            per_unit(store),
            per_unit(parse)
        )
    }
}

fn peak_memory_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or_else(|| "unknown".to_owned(), |kb| format!("{:.0} MB", kb / 1024.0))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n_units: u64 = std::env::args().nth(1).map_or(Ok(200_000), |arg| arg.parse())?;
    let profile = std::env::args().nth(2).unwrap_or_else(|| "plain".to_owned());
    let unit = match profile.as_str() {
        "plain" => plain_unit,
        "rich" => rich_unit,
        other => return Err(format!("unknown profile {other:?}: plain or rich").into()),
    };
    let dir = std::env::temp_dir().join(format!("tessera-tmx-import-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let tmx_path = dir.join("bench.tmx");
    let db_path = dir.join("bench.db");

    let started = Instant::now();
    let file = BufWriter::new(File::create(&tmx_path)?);
    tmx::write(
        file,
        &tmx::Header::default(),
        (0..n_units).map(unit),
        &tmx::WriteOptions::default(),
    )?;
    let size_mb = std::fs::metadata(&tmx_path)?.len() as f64 / 1e6;
    println!(
        "wrote {n_units} {profile} units, {size_mb:.1} MB, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("peak memory after writing: {}", peak_memory_mb());

    let started = Instant::now();
    let mut units =
        tmx::read(BufReader::new(File::open(&tmx_path)?), &tmx::ReadOptions::default())?;
    let n_parsed = units.by_ref().count();
    let parse_seconds = started.elapsed().as_secs_f64();
    println!(
        "parsed {n_parsed} units (no database) in {parse_seconds:.1} s: {:.0} units/s",
        n_parsed as f64 / parse_seconds
    );

    let mut project = Project::open(&db_path)?;
    let started = Instant::now();
    let cpu = CpuSplit::start();
    let options = InterchangeOptions {
        duplicates: DuplicatePolicy::SkipIdentical,
        ..InterchangeOptions::default()
    };
    let report = project.import_tmx_file(&tmx_path, &options)?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "imported {} units ({} skipped, {} problems) in {seconds:.1} s: {:.0} units/s, {:.1} MB/s \
         ({:.2}x the parse alone)",
        report.units_added,
        report.units_skipped,
        report.problems.len(),
        report.units_added as f64 / seconds,
        size_mb / seconds,
        parse_seconds / seconds
    );
    println!("{}", cpu.report(n_units));
    println!("peak memory after importing: {}", peak_memory_mb());

    // Searchable: the match index covers the import and a fuzzy lookup answers.
    // A stored Chinese text, edited, in the profile's form: a fuzzy match must come back.
    let stored = synthetic::synthetic_pair(7, n_units / 2).zh;
    let query =
        if profile == "plain" { first_clause(&stored) } else { &stored }.replace('日', "号");
    let found = project.lookup(&query, &LookupOptions { limit: 5, min_score: 50 })?;
    println!(
        "first lookup answered {:.1} s after the import started ({} matches, index built in {:.1} s)",
        started.elapsed().as_secs_f64(),
        found.len(),
        started.elapsed().as_secs_f64() - seconds
    );
    println!("peak memory after the index: {}", peak_memory_mb());

    let started = Instant::now();
    let out = BufWriter::new(File::create(dir.join("export.tmx"))?);
    let exported = project.export_tmx(out, &TmxExport::default())?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "exported {} units in {seconds:.1} s: {:.0} units/s",
        exported.units_written,
        exported.units_written as f64 / seconds
    );
    println!("peak memory after exporting: {}", peak_memory_mb());
    drop(project);

    let utf16_path = dir.join("bench-utf16.tmx");
    write_utf16(&tmx_path, &utf16_path)?;
    let mut project = Project::open(&dir.join("bench-utf16.db"))?;
    let started = Instant::now();
    let report = project.import_tmx_file(&utf16_path, &options)?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "imported {} units from UTF-16LE ({:.1} MB) in {seconds:.1} s: {:.0} units/s",
        report.units_added,
        std::fs::metadata(&utf16_path)?.len() as f64 / 1e6,
        report.units_added as f64 / seconds
    );
    println!("peak memory after the UTF-16 import: {}", peak_memory_mb());
    drop(project);
    if std::env::var_os("KEEP").is_none() {
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}
