//! Promises kept under hostile use (issue 13): closed pipes, processes racing on one database,
//! two writers at once, exports colliding, read-only databases, damaged glossaries, formula
//! injection, control characters and decompression bombs. Black-box, on real files.

use std::{
    path::PathBuf,
    process::{Command, Output, Stdio},
};

/// A scratch folder holding the database `x.db`, and a way to run `tessera` on it.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn db(&self) -> PathBuf {
        self.path("x.db")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tessera"));
        command
            .arg("--db")
            .arg(self.db())
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("TESSERA_DB")
            .env("HOME", self.dir.path());
        command
    }

    fn units(&self) -> u64 {
        let output = self.tessera(&["stats", "--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        stats["units"].as_u64().unwrap()
    }

    fn tessera(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().unwrap()
    }

    fn generate(&self, units: usize) {
        let output = self.tessera(&["generate", "--synthetic", "--units", &units.to_string()]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `tessera ARGS` with its stdout a pipe nobody reads: the read end is closed before the
/// command writes anything, as `tessera … | true` does.
fn run_into_closed_pipe(scratch: &Scratch, args: &[&str]) -> Output {
    let mut child = scratch
        .command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// Issue 13, item 4: a closed pipe made every printing command panic with exit 101.
#[test]
fn closed_stdout_ends_every_command_quietly() {
    let scratch = Scratch::new();
    scratch.generate(300);
    std::fs::write(scratch.path("glossary.csv"), "zh,en\n国务院,State Council\n").unwrap();
    let commands: &[&[&str]] = &[
        &["import", "glossary.csv"],
        &["concordance", "的"],
        &["concordance", "的", "--json"],
        &["lookup", "国务院召开常务会议"],
        &["audit"],
        &["imports"],
        &["terms", "list"],
        &["stats"],
        &["stats", "--json"],
        &["check", "--source", "国务院", "--target", "the cabinet"],
        &["export", "tmx", "out.tmx"],
    ];
    for args in commands {
        let output = run_into_closed_pipe(&scratch, args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

/// Issue 13, item 3: processes opening a new database together raced to migrate it, and all but
/// one failed with "table article already exists".
#[test]
fn processes_opening_a_new_database_together_all_succeed() {
    for round in 0..3 {
        let scratch = Scratch::new();
        let children: Vec<_> = (0..6)
            .map(|_| {
                scratch
                    .command(&["stats", "--json"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert_eq!(output.status.code(), Some(0), "round {round}: {}", stderr(&output));
        }
        assert_eq!(scratch.units(), 0);
    }
}

/// Starts `tessera generate` of `units` units and returns once it holds the write lock (its
/// `-writer` file names it).
fn start_long_write(scratch: &Scratch, units: usize) -> std::process::Child {
    let child = scratch
        .command(&["generate", "--synthetic", "--units", &units.to_string(), "--seed", "7"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let writer_file = scratch.path("x.db-writer");
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&writer_file).is_ok_and(|text| text.contains("generate")) {
        assert!(started.elapsed().as_secs() < 120, "the long write never took the lock");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child
}

/// Issue 13, item 2: a second writer failed at once with exit 2 "database is locked". Now it
/// waits its turn (or, past --wait, fails with exit 1 naming the holder), and readers answer
/// while the writer works.
#[test]
fn second_writer_waits_its_turn_and_readers_never_fail() {
    let scratch = Scratch::new();
    scratch.generate(200);
    std::fs::write(scratch.path("glossary.csv"), "zh,en\n国务院,State Council\n").unwrap();
    let mut writer = start_long_write(&scratch, 500_000);

    let waiting_import = scratch
        .command(&["import", "glossary.csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let waiting_extract = scratch
        .command(&["terms", "extract"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    for args in [
        &["stats", "--json"][..],
        &["lookup", "国务院召开常务会议"],
        &["concordance", "的"],
        &["imports"],
    ] {
        let output = scratch.tessera(args);
        assert_eq!(output.status.code(), Some(0), "{args:?} during a write: {}", stderr(&output));
    }

    let impatient = scratch.tessera(&["import", "glossary.csv", "--wait", "1"]);
    assert_eq!(impatient.status.code(), Some(1), "{}", stderr(&impatient));
    let message = stderr(&impatient);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("x.db")
            && message.contains("tessera")
            && message.contains("generate --synthetic"),
        "{message}"
    );
    assert!(
        writer.try_wait().unwrap().is_none(),
        "the long write ended before the readers and the impatient writer were tried"
    );

    assert!(writer.wait().unwrap().success());
    for waiting in [waiting_import, waiting_extract] {
        let output = waiting.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    assert_eq!(scratch.units(), 500_200);
    let imports = scratch.tessera(&["imports", "--json"]);
    let imports: serde_json::Value = serde_json::from_slice(&imports.stdout).unwrap();
    assert_eq!(imports["imports"].as_array().unwrap().len(), 1, "{imports}");
}

/// Names of the files in the scratch folder that contain `part`.
fn files_containing(scratch: &Scratch, part: &str) -> Vec<String> {
    std::fs::read_dir(scratch.dir.path())
        .unwrap()
        .filter_map(|entry| entry.unwrap().file_name().into_string().ok())
        .filter(|name| name.contains(part))
        .collect()
}

/// Issue 13, item 5: two exports to one path both wrote `PATH.partial`, corrupting the file
/// while both reported success.
#[test]
fn exports_racing_to_one_path_leave_one_whole_file() {
    let scratch = Scratch::new();
    scratch.generate(20_000);
    let exports: Vec<_> = (0..4)
        .map(|_| {
            scratch
                .command(&["export", "tmx", "out.tmx"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for export in exports {
        let output = export.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    assert_eq!(files_containing(&scratch, ".partial"), Vec::<String>::new());
    let copy = Scratch::new();
    let exported = scratch.path("out.tmx");
    let output = copy.tessera(&["import", exported.to_str().unwrap(), "--duplicates", "all"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("0 items skipped"), "{}", stdout(&output));
    assert_eq!(copy.units(), 20_000);
}

/// Issue 13, item 5: an export renamed its file over whatever held the name, a device or a
/// pipe included, and reported success.
#[test]
fn export_refuses_a_destination_that_is_not_a_regular_file() {
    let scratch = Scratch::new();
    scratch.generate(10);
    std::fs::create_dir(scratch.path("folder.tbx")).unwrap();
    let fifo = Command::new("mkfifo").arg(scratch.path("pipe.tbx")).status().unwrap();
    assert!(fifo.success());
    for destination in ["folder.tbx", "pipe.tbx"] {
        let output = scratch.tessera(&["export", "tbx", destination]);
        assert_eq!(output.status.code(), Some(1), "{destination}: {}", stderr(&output));
        assert!(stderr(&output).contains(destination), "{}", stderr(&output));
        assert!(stderr(&output).contains("not a regular file"), "{}", stderr(&output));
    }
    let pipe = std::fs::symlink_metadata(scratch.path("pipe.tbx")).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&pipe.file_type()));
    assert!(scratch.path("folder.tbx").is_dir());
    assert_eq!(files_containing(&scratch, ".partial"), Vec::<String>::new());
}

/// Issue 13, item 8: a database the user cannot write failed with exit 2 even for reads. The
/// scratch folder and database are made unwritable for the command: run as another user when
/// the tests run as root (root writes anything), by permissions otherwise.
#[test]
fn read_only_database_answers_reads_and_refuses_writes_with_exit_1() {
    use std::os::unix::{fs::PermissionsExt, process::CommandExt};
    let scratch = Scratch::new();
    scratch.generate(50);
    std::fs::write(scratch.path("glossary.csv"), "zh,en\n国务院,State Council\n").unwrap();
    let exports = tempfile::tempdir().unwrap();
    std::fs::set_permissions(exports.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let running_as_root =
        std::os::unix::fs::MetadataExt::uid(&std::fs::metadata("/proc/self").unwrap()) == 0;
    if running_as_root {
        std::fs::set_permissions(scratch.dir.path(), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    } else {
        std::fs::set_permissions(scratch.db(), std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(scratch.dir.path(), std::fs::Permissions::from_mode(0o555))
            .unwrap();
    }
    let run = |args: &[&str]| {
        let mut command = scratch.command(args);
        command.env("HOME", exports.path());
        if running_as_root {
            command.uid(65534).gid(65534);
        }
        command.stdin(Stdio::null()).output().unwrap()
    };
    let out = exports.path().join("out.tmx");
    for args in [
        &["stats", "--json"][..],
        &["lookup", "国务院召开常务会议"],
        &["concordance", "的"],
        &["imports"],
        &["audit"],
        &["terms", "list"],
        &["export", "tmx", out.to_str().unwrap()],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
    }
    assert!(std::fs::read_to_string(&out).unwrap().contains("<tu"));
    let glossary = scratch.path("glossary.csv");
    for args in [&["import", glossary.to_str().unwrap()][..], &["terms", "extract"]] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(message.contains("x.db") && message.contains("read-only"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    std::fs::set_permissions(scratch.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(files_containing(&scratch, "x.db"), ["x.db"]);
}

/// The lines of a term table without its first (`concept` id) and last (`count`) columns, which
/// a re-import does not keep.
fn term_rows_without_ids(table: &str) -> Vec<String> {
    table
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            cells[1..cells.len() - 1].join(",")
        })
        .collect()
}

/// Issue 13, item 7: `export terms` wrote cells starting with = + - @ as they were, left the zh
/// column empty for terms stored as `zh`, and its re-import stored the id column as terms of a
/// language "id". An export now imports back to the same termbase.
#[test]
fn exported_term_table_is_injection_safe_and_imports_back_to_the_same_termbase() {
    let scratch = Scratch::new();
    std::fs::write(
        scratch.path("source.csv"),
        "zh,en,en:deprecated,status,category,note,definition\n\
         国务院,State Council,the cabinet,preferred,government,\"a note, with a comma\",The highest organ\n\
         人民币,=1+2,@yuan,admitted,other,-minus note,+plus definition\n\
         外交部,Ministry of Foreign Affairs;MFA,,admitted,government,,\n",
    )
    .unwrap();
    let output = scratch.tessera(&["import", "source.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = scratch.tessera(&["terms", "approve", "1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = scratch.tessera(&["export", "terms", "out.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let exported = std::fs::read_to_string(scratch.path("out.csv")).unwrap();
    assert!(exported.lines().next().unwrap().contains(",zh:preferred,"), "{exported}");
    assert!(exported.contains("国务院") && exported.contains("人民币"), "{exported}");
    for line in exported.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@']), "formula cell {cell:?} in {line}");
        }
    }

    let copy = Scratch::new();
    let output = copy.tessera(&["import", scratch.path("out.csv").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("0 items skipped"), "{}", stdout(&output));
    let stats = copy.tessera(&["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert!(stats["languages"].get("id").is_none(), "{stats}");
    let output = copy.tessera(&["export", "terms", "again.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let again = std::fs::read_to_string(copy.path("again.csv")).unwrap();
    assert_eq!(term_rows_without_ids(&again), term_rows_without_ids(&exported));
}

/// Runs `tessera ARGS` and returns its output with its peak resident memory in MB, read from
/// `/proc/PID/status` (`VmHWM` only grows, so the last reading before it exits is the peak).
fn run_measuring_memory(scratch: &Scratch, args: &[&str]) -> (Output, u64) {
    let mut child = scratch
        .command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(line) = status.lines().find(|line| line.starts_with("VmHWM:"))
        {
            let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
            peak_kb = peak_kb.max(kb);
        }
        assert!(started.elapsed().as_secs() < 120, "{args:?} ran for two minutes");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    (child.wait_with_output().unwrap(), peak_kb / 1024)
}

/// A gzip file of `n_mib` members, each one MiB of `byte` compressed: one stream to a reader.
fn gzip_of_repeats(head: &str, byte: u8, n_mib: usize, tail: &str) -> Vec<u8> {
    use std::io::Write;
    let compress = |data: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    };
    let piece = compress(&vec![byte; 1 << 20]);
    let mut out = compress(head.as_bytes());
    for _ in 0..n_mib {
        out.extend_from_slice(&piece);
    }
    out.extend_from_slice(&compress(tail.as_bytes()));
    out
}

/// A zip archive of `members` (name, bytes), deflated.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut cursor = std::io::Cursor::new(Vec::new());
    let mut archive = zip::ZipWriter::new(&mut cursor);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in members {
        archive.start_file(*name, options).unwrap();
        archive.write_all(bytes).unwrap();
    }
    archive.finish().unwrap();
    cursor.into_inner()
}

const XLSX_PARTS: &[(&str, &str)] = &[
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Terms" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    ),
];

fn xlsx_with_sheet(sheet: &[u8]) -> Vec<u8> {
    let mut members: Vec<(&str, &[u8])> =
        XLSX_PARTS.iter().map(|(name, text)| (*name, text.as_bytes())).collect();
    members.push(("xl/worksheets/sheet1.xml", sheet));
    zip_of(&members)
}

/// Issue 13, item 1: a small .tmx.gz whose one <seg> inflates to gigabytes peaked at 16 GB,
/// a zipped TMX with gigabytes of whitespace at 8 GB, a 1 MB workbook at 3 GB. Each is now
/// refused with exit 1 and one line naming the file and the limit, nothing stored, in bounded
/// memory. (scripts/hostile.sh runs the full 4 GiB bombs.)
#[test]
fn decompression_bombs_are_refused_in_bounded_memory() {
    let scratch = Scratch::new();
    let seg_bomb = gzip_of_repeats(
        r#"<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="zh"><seg>大</seg></tuv><tuv xml:lang="en"><seg>"#,
        b'a',
        64,
        "</seg></tuv></tu></body></tmx>\n",
    );
    std::fs::write(scratch.path("seg-bomb.tmx.gz"), seg_bomb).unwrap();
    let mut whitespace =
        br#"<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>"#.to_vec();
    whitespace.resize(whitespace.len() + (12 << 20), b' ');
    whitespace.extend_from_slice(r#"<tu><tuv xml:lang="zh"><seg>大</seg></tuv><tuv xml:lang="en"><seg>big</seg></tuv></tu></body></tmx>"#.as_bytes());
    std::fs::write(scratch.path("whitespace-bomb.zip"), zip_of(&[("memory.tmx", &whitespace)]))
        .unwrap();
    let cells_bomb = xlsx_with_sheet(
        br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>zh</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#,
    );
    std::fs::write(scratch.path("cells-bomb.xlsx"), cells_bomb).unwrap();
    let mut long_cell = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>zh</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>"#.to_vec();
    long_cell.resize(long_cell.len() + (12 << 20), b'a');
    long_cell.extend_from_slice(b"</t></is></c></row></sheetData></worksheet>");
    std::fs::write(scratch.path("cell-bomb.xlsx"), xlsx_with_sheet(&long_cell)).unwrap();

    for (file, limit) in [
        ("seg-bomb.tmx.gz", "longer than 8 MB"),
        ("whitespace-bomb.zip", "longer than 8 MB"),
        ("cells-bomb.xlsx", "more than 4000000 cells"),
        ("cell-bomb.xlsx", "longer than 4 MB"),
    ] {
        let (output, peak_mb) = run_measuring_memory(&scratch, &["import", file]);
        assert_eq!(output.status.code(), Some(1), "{file}: {}", stderr(&output));
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.contains(file) && message.contains(limit), "{message}");
        assert!(peak_mb <= 300, "{file}: peak {peak_mb} MB");
    }
    assert_eq!(scratch.units(), 0);
    let imports = scratch.tessera(&["imports", "--json"]);
    let imports: serde_json::Value = serde_json::from_slice(&imports.stdout).unwrap();
    assert_eq!(imports["imports"].as_array().unwrap().len(), 0, "{imports}");
}

/// Issue 13: an exit-1 message went to stdout and stderr both; it belongs on stderr. And a
/// binary file under a .csv name was reported as "glossary.txt is not a text…", a file that
/// does not exist.
#[test]
fn a_refused_file_is_reported_on_stderr_only_under_its_own_name() {
    let scratch = Scratch::new();
    std::fs::write(scratch.path("terms.csv"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let output = scratch.tessera(&["import", "terms.csv"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.starts_with("tessera: terms.csv: the file is not a text table"), "{message}");
    assert!(!message.contains("glossary.txt"), "{message}");
}
