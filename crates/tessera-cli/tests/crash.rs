//! Crash safety: a write killed with SIGKILL part-way leaves a database that opens, passes
//! `PRAGMA integrity_check`, and holds all or none of that write.

use std::{
    path::Path,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

fn count_units(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    conn.query_row("SELECT count(*) FROM unit", [], |row| row.get(0)).unwrap()
}

/// Waits until the write `child` makes has spilled `bytes` of its open transaction into the
/// write-ahead log, failing if it ends first.
fn wait_for_the_log(child: &mut std::process::Child, wal: &Path, bytes: u64) {
    let started = Instant::now();
    loop {
        let wal_bytes = std::fs::metadata(wal).map(|meta| meta.len()).unwrap_or(0);
        if wal_bytes > bytes {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the bulk write finished before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the bulk write never reached the log"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the bulk write finished before it could be killed"
    );
}

/// A TMX file of `n_units` distinct Chinese–English units, numbered from `first`.
fn write_tmx(path: &Path, first: u64, n_units: u64) {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(file, r#"<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body>"#).unwrap();
    for idx in first..first + n_units {
        writeln!(
            file,
            r#"<tu tuid="u{idx}"><prop type="x-domain">news</prop><tuv xml:lang="zh-CN"><seg>第{idx}句：市政府外事办公室今天举行新闻发布会。</seg></tuv><tuv xml:lang="en"><seg>Sentence {idx}: the Foreign Affairs Office of the city government held a press conference today.</seg></tuv></tu>"#
        )
        .unwrap();
    }
    writeln!(file, "</body></tmx>").unwrap();
}

/// The names of the database's indexes and triggers.
fn indexes_and_triggers(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name")
        .unwrap();
    statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
}

/// A large TMX import drops indexes and a trigger after its first units, holds units back and
/// stores them many a statement; killed then, it leaves the database as it was.
#[test]
fn killed_large_tmx_import_leaves_the_memory_and_its_schema_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let tessera = env!("CARGO_BIN_EXE_tessera");
    let small = dir.path().join("small.tmx");
    write_tmx(&small, 0, 100);
    let import = |file: &Path| {
        let mut command = Command::new(tessera);
        command.args(["--db", db.to_str().unwrap(), "import", file.to_str().unwrap()]);
        command
    };
    assert!(import(&small).output().unwrap().status.success());
    let schema = indexes_and_triggers(&db);

    let large = dir.path().join("large.tmx");
    write_tmx(&large, 100, 400_000);
    let mut child = import(&large).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    // Well past the 20,000 units after which the indexes are dropped.
    wait_for_the_log(&mut child, &dir.path().join("crash.db-wal"), 16 * 1024 * 1024);
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(count_units(&db), 100, "the killed import cannot have committed");
    assert_eq!(indexes_and_triggers(&db), schema);
    // A small import finds the stored units through the source-key index.
    let overlapping = dir.path().join("overlapping.tmx");
    write_tmx(&overlapping, 50, 100);
    let output = import(&overlapping).arg("--json").output().unwrap();
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let file = &report["files"][0];
    assert_eq!(
        (&file["units_added"], &file["units_skipped"]),
        (&50.into(), &50.into()),
        "{report}"
    );
    assert_eq!(count_units(&db), 150);
}

#[test]
fn killed_bulk_insert_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let tessera = env!("CARGO_BIN_EXE_tessera");

    // A committed write before the crash, which must survive it.
    let status = Command::new(tessera)
        .args(["--db", db.to_str().unwrap(), "generate", "--synthetic", "--units", "100"])
        .status()
        .unwrap();
    assert!(status.success());

    let big_write = 2_000_000;
    let mut child = Command::new(tessera)
        .args([
            "--db",
            db.to_str().unwrap(),
            "generate",
            "--synthetic",
            "--units",
            &big_write.to_string(),
            "--seed",
            "2",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    // Wait until the write is well under way: SQLite has spilled pages of the open transaction
    // into the write-ahead log.
    wait_for_the_log(&mut child, &dir.path().join("crash.db-wal"), 4 * 1024 * 1024);
    child.kill().unwrap(); // SIGKILL on Unix: no destructors, no rollback by the process itself.
    child.wait().unwrap();

    let units = count_units(&db);
    assert!(units == 100 || units == 100 + big_write, "partial write visible: {units} units");
    assert_eq!(units, 100, "the killed write cannot have committed");

    // The database is still fully usable by Tessera afterwards.
    let output = Command::new(tessera)
        .args(["--db", db.to_str().unwrap(), "stats", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["units"], 100);
}
