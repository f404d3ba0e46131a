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
    let wal = dir.path().join("crash.db-wal");
    let started = Instant::now();
    loop {
        let wal_bytes = std::fs::metadata(&wal).map(|meta| meta.len()).unwrap_or(0);
        if wal_bytes > 4 * 1024 * 1024 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the bulk write finished before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the bulk write never reached the log"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the bulk write finished before it could be killed"
    );
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
