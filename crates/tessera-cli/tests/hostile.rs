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
