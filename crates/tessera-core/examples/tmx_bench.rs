//! TMX throughput bench: writes an N-unit TMX file, reads it back as UTF-8 and as UTF-16LE, and
//! prints units/s and MB/s for each, plus the process's peak memory.
//!
//! `cargo run --release -p tessera-core --example tmx_bench -- 200000`
//!
//! The units cycle through 1,000 generated zh/en templates (each with a prop and dates; half
//! with `bpt`/`ept`, a quarter with `ph`; escaped characters), so generation costs no memory.

use std::{
    fs::File,
    io::{BufRead, BufReader, BufWriter, Write},
    time::Instant,
};

use tessera_core::tmx::{
    self, Attribute, CodePart, Header, InlineKind, InlineTag, Language, Metadata, Prop,
    ReadOptions, Segment, SourceLanguage, Unit, Variant, WriteOptions,
};

const ZH_WORDS: [&str; 16] = [
    "国务院",
    "新闻办公室",
    "举行",
    "发布会",
    "经济",
    "增长",
    "百分之五",
    "外交部",
    "发言人",
    "表示",
    "合作",
    "发展",
    "高质量",
    "推动",
    "全面",
    "深化改革",
];
const EN_WORDS: [&str; 16] = [
    "the",
    "State",
    "Council",
    "Information",
    "Office",
    "held",
    "a",
    "press",
    "conference",
    "economy",
    "grew",
    "5.2%",
    "year-on-year",
    "cooperation",
    "&",
    "development",
];

fn tag(kind: InlineKind, attributes: &[(&str, &str)], code: &str) -> InlineTag {
    InlineTag {
        kind,
        attributes: attributes
            .iter()
            .map(|(name, value)| Attribute { name: name.to_string(), value: value.to_string() })
            .collect(),
        code: vec![CodePart::Text(code.to_owned())],
    }
}

fn segment(words: &[&str], seed: usize, n_words: usize, separator: &str) -> Segment {
    let mut text = String::new();
    let mut tags = Vec::new();
    for idx in 0..n_words {
        if idx == 2 && seed.is_multiple_of(2) {
            text.push('\u{E000}');
            tags.push(tag(InlineKind::Bpt, &[("i", "1"), ("x", "1")], "<b>"));
        }
        if idx == 5 && seed.is_multiple_of(2) {
            text.push('\u{E001}');
            tags.push(tag(InlineKind::Ept, &[("i", "1")], "</b>"));
        }
        if idx > 0 {
            text.push_str(separator);
        }
        text.push_str(words[(seed * 7 + idx * 13) % words.len()]);
    }
    if seed % 4 == 1 {
        text.push(char::from_u32(0xE000 + tags.len() as u32).unwrap_or('?'));
        tags.push(tag(InlineKind::Ph, &[("x", "2")], "<br/>"));
    }
    Segment { text, tags }
}

fn templates() -> Vec<Unit> {
    let date = tmx::parse_date("20240105T083012Z");
    (0..1000)
        .map(|seed| Unit {
            tuid: Some(format!("t{seed}")),
            metadata: Metadata {
                creation_date: date,
                creation_id: Some("bench".to_owned()),
                change_date: date,
                change_id: Some("bench".to_owned()),
                ..Metadata::default()
            },
            props: vec![Prop {
                kind: "x-domain".to_owned(),
                lang: None,
                o_encoding: None,
                value: "news".to_owned(),
            }],
            notes: Vec::new(),
            variants: vec![
                Variant {
                    lang: Language::parse("zh-CN"),
                    metadata: Metadata::default(),
                    props: Vec::new(),
                    notes: Vec::new(),
                    segment: segment(&ZH_WORDS, seed, 14 + seed % 6, ""),
                },
                Variant {
                    lang: Language::parse("en-GB"),
                    metadata: Metadata { creation_date: date, ..Metadata::default() },
                    props: Vec::new(),
                    notes: Vec::new(),
                    segment: segment(&EN_WORDS, seed, 18 + seed % 8, " "),
                },
            ],
            ..Unit::default()
        })
        .collect()
}

/// Peak resident memory of this process so far, from /proc (Linux only).
fn peak_rss_mb() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .map(|value| value.trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// CPU seconds (user + system) used by this process so far, from /proc (Linux only; 0 elsewhere).
/// Reported beside wall time because the bench machine is shared: CPU time is what we cost.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |idx: usize| fields.get(idx).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // USER_HZ is 100 on every Linux configuration we ship to.
    (ticks(11) + ticks(12)) / 100.0
}

struct Phase {
    wall: Instant,
    cpu: f64,
}

fn start_phase() -> Phase {
    Phase { wall: Instant::now(), cpu: cpu_seconds() }
}

fn report(label: &str, n_units: u64, n_bytes: u64, phase: Phase) {
    let wall = phase.wall.elapsed().as_secs_f64();
    let cpu = (cpu_seconds() - phase.cpu).max(0.01);
    println!(
        "{label:<14} {n_units:>8} units {:>7.1} MB ({:>3.0} B/unit) | wall {:>5.2} s {:>7.0} units/s {:>5.1} MB/s | CPU {:>5.2} s {:>7.0} units/s {:>5.1} MB/s | peak RSS {}",
        n_bytes as f64 / 1e6,
        n_bytes as f64 / n_units.max(1) as f64,
        wall,
        n_units as f64 / wall,
        n_bytes as f64 / 1e6 / wall,
        cpu,
        n_units as f64 / cpu,
        n_bytes as f64 / 1e6 / cpu,
        peak_rss_mb()
    );
}

fn read_file(path: &std::path::Path, label: &str, expected: usize) -> std::io::Result<()> {
    let n_bytes = std::fs::metadata(path)?.len();
    let phase = start_phase();
    let mut units =
        tmx::read(BufReader::with_capacity(256 * 1024, File::open(path)?), &ReadOptions::default())
            .map_err(std::io::Error::other)?;
    let mut n_units = 0u64;
    let mut n_chars = 0usize;
    for unit in units.by_ref() {
        n_units += 1;
        n_chars += unit.variants.iter().map(|v| v.segment.text.len()).sum::<usize>();
    }
    let skipped = units.finish().map_err(std::io::Error::other)?;
    report(label, n_units, n_bytes, phase);
    assert_eq!(n_units as usize, expected, "skipped: {:?}", skipped.first());
    assert!(n_chars > 0);
    Ok(())
}

fn main() -> std::io::Result<()> {
    let n_units: usize =
        std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(200_000);
    let dir = tempfile::tempdir()?;
    let utf8_path = dir.path().join("bench.tmx");
    let utf16_path = dir.path().join("bench-utf16.tmx");
    let templates = templates();
    let header = Header {
        source_lang: SourceLanguage::Language(Language::parse("zh-CN")),
        ..Header::default()
    };

    let phase = start_phase();
    let written = tmx::write(
        BufWriter::new(File::create(&utf8_path)?),
        &header,
        templates.iter().cycle().take(n_units),
        &WriteOptions::default(),
    )
    .map_err(std::io::Error::other)?;
    let n_bytes = std::fs::metadata(&utf8_path)?.len();
    report("write UTF-8", written.units_written, n_bytes, phase);

    read_file(&utf8_path, "read UTF-8", n_units)?;

    // Transcode to UTF-16LE with a BOM, as memoQ writes, line by line to keep memory flat
    // (not timed).
    let mut lines = BufReader::new(File::open(&utf8_path)?);
    let mut utf16 = BufWriter::new(File::create(&utf16_path)?);
    utf16.write_all(&[0xFF, 0xFE])?;
    let mut line = String::new();
    while lines.read_line(&mut line)? > 0 {
        for unit in line.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1).encode_utf16() {
            utf16.write_all(&unit.to_le_bytes())?;
        }
        line.clear();
    }
    utf16.flush()?;
    drop(utf16);

    read_file(&utf16_path, "read UTF-16LE", n_units)?;
    Ok(())
}
