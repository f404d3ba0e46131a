//! Memory QA at scale, through `Project`:
//! `cargo run --release -p tessera-core --example qa_bench [N_UNITS]` (default 1,000,000).
//!
//! Writes N generated news units into a new database, imports an approved termbase (the
//! generator's organisations and titles, plus 10,000 filler concepts) in which the memory's
//! rendering of one organisation is deprecated, then times a full QA pass (with the progress
//! callback the app uses), reports the findings by kind, and times one bulk fix of every
//! finding of that organisation, in one transaction.

use std::{fmt::Write as _, time::Instant};

use tessera_core::{ImportControl, InterchangeOptions, Project, QaScope, qa::QaKind, synthetic};

const SEED: u64 = 11;

/// (Chinese, preferred, deprecated) of the termbase's real concepts: what the generator writes,
/// except that the media centre's rendering in the memory is now deprecated.
const CONCEPTS: &[(&str, &str, Option<&str>)] = &[
    (
        "重庆国际传播中心",
        "Chongqing International Communication Center",
        Some("Chongqing International Media Center"),
    ),
    (
        "重庆市人民政府外事办公室",
        "Foreign Affairs Office of Chongqing Municipal People's Government",
        None,
    ),
    ("重庆日报报业集团", "Chongqing Daily Newspaper Group", Some("Chongqing Newspaper Group")),
    (
        "重庆市对外友协",
        "Chongqing People's Association for Friendship with Foreign Countries",
        None,
    ),
    ("全国对外友协", "Chinese People's Association for Friendship with Foreign Countries", None),
    ("中国民间组织国际交流促进会", "China NGO Network for International Exchanges", None),
    ("西部国际传播中心", "Western China International Media Center", None),
    ("重庆史迪威博物馆", "Chongqing Stilwell Museum", None),
    ("副主任", "deputy director general", None),
    ("副市长", "vice mayor", None),
    ("总领事", "consul general", Some("general consul")),
    ("大使", "ambassador", None),
];

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

/// CPU seconds this process has used (user + system), from /proc: on a shared machine the wall
/// time depends on the neighbours, this does not.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let after = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |idx: usize| fields.get(idx).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line (indices 11 and 12 after the name); 100 ticks/s
    // on Linux.
    (ticks(11) + ticks(12)) / 100.0
}

fn term_sec(text: &str, status: &str) -> String {
    format!(
        "<termSec><term>{}</term><termNote type=\"administrativeStatus\">{status}</termNote></termSec>",
        text.replace('&', "&amp;").replace('<', "&lt;")
    )
}

fn termbase_tbx() -> String {
    let mut body = String::new();
    let mut concept = |zh: &str, renderings: &[(&str, &str)]| {
        let english: String =
            renderings.iter().map(|(text, status)| term_sec(text, status)).collect();
        let _ = writeln!(
            body,
            "<conceptEntry><langSec xml:lang=\"zh\">{}</langSec><langSec xml:lang=\"en\">{english}</langSec></conceptEntry>",
            term_sec(zh, "preferredTerm-admn-sts")
        );
    };
    for (zh, preferred, deprecated) in CONCEPTS {
        let mut renderings = vec![(*preferred, "preferredTerm-admn-sts")];
        renderings.extend(deprecated.map(|text| (text, "deprecatedTerm-admn-sts")));
        concept(zh, &renderings);
    }
    // Filler concepts: forms the memory never uses, so the index has a realistic size.
    let syllables = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
    for idx in 0..10_000usize {
        let zh: String = (0..5).map(|k| syllables[(idx / 10usize.pow(k)) % 10]).collect();
        let en = format!("Filler Office {idx}");
        let old = format!("Filler Bureau {idx}");
        concept(
            &format!("{zh}局"),
            &[(&en, "preferredTerm-admn-sts"), (&old, "deprecatedTerm-admn-sts")],
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\"><tbxHeader><fileDesc><sourceDesc><p>bench</p></sourceDesc></fileDesc></tbxHeader><text><body>\n{body}</body></text></tbx>\n"
    )
}

fn main() {
    let n_units: u64 =
        std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("memory.db");
    let mut project = Project::open(&db).unwrap();
    let started = Instant::now();
    project.add_units(synthetic::synthetic_units(SEED, 0, n_units), &mut |_| {}).unwrap();
    println!("units: {n_units}, written in {:.1} s", started.elapsed().as_secs_f64());
    let tbx = dir.path().join("termbase.tbx");
    std::fs::write(&tbx, termbase_tbx()).unwrap();
    let options = InterchangeOptions { approve: true, ..Default::default() };
    let report = project.import_tbx_file_with_options(&tbx, &options).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    println!("approved concepts: {}", report.concepts_added);
    drop(project);

    // As the app does: a freshly opened project, the term index built inside the pass.
    let mut project = Project::open(&db).unwrap();
    let mut reports = 0;
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let checked = project
        .memory_qa_with_progress(QaScope::Memory, &mut |_| {
            reports += 1;
            ImportControl::Continue
        })
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    assert!(checked.complete);
    println!(
        "QA pass: {} units in {seconds:.1} s wall ({:.0} units/s), {cpu:.1} s CPU on {} threads, {reports} progress reports",
        checked.units_checked,
        checked.units_checked as f64 / seconds,
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "  load average during the run: {}",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    for kind in QaKind::ALL {
        let count = checked.findings.iter().filter(|finding| finding.kind == kind).count();
        println!("  {:<13} {count}", kind.as_str());
    }
    let stale = checked
        .findings
        .iter()
        .find(|finding| {
            finding.kind == QaKind::Deprecated && finding.found.contains("Media Center")
        })
        .and_then(|finding| finding.term_id)
        .unwrap();
    let of_term: Vec<_> =
        checked.findings.iter().filter(|finding| finding.term_id == Some(stale)).cloned().collect();
    let started = Instant::now();
    let fixed = project.fix_findings(&of_term).unwrap();
    println!(
        "bulk fix of term {stale}: {} findings in {} units, one transaction, {:.1} s",
        fixed.findings_fixed,
        fixed.units_changed,
        started.elapsed().as_secs_f64()
    );
    println!("peak RSS: {:.0} MB", peak_rss_mb());
}
