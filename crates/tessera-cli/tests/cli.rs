//! Black-box tests of the `tessera` binary: arguments in, stdout/stderr and exit code out.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

/// A scratch folder and a way to run `tessera` in it, with the user's environment kept out.
struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        Dir { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn tessera(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tessera"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("TESSERA_DB")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .output()
            .unwrap()
    }

    fn tessera_with_env(&self, args: &[&str], db: &Path) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tessera"))
            .args(args)
            .current_dir(self.dir.path())
            .env("TESSERA_DB", db)
            .env("HOME", self.dir.path())
            .output()
            .unwrap()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn stats_json(dir: &Dir, db: &str) -> serde_json::Value {
    let output = dir.tessera(&["--db", db, "stats", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn stats_json_counts_a_new_database_as_empty() {
    let dir = Dir::new();
    let stats = stats_json(&dir, "x.db");
    assert_eq!(stats["units"], 0);
    assert_eq!(stats["articles"], 0);
    assert_eq!(stats["terms"], 0);
    assert_eq!(stats["terms_by_status"]["preferred"], 0);
    assert!(dir.path("x.db").exists());
}

#[test]
fn stats_json_counts_generated_units_and_languages() {
    let dir = Dir::new();
    let output = dir.tessera(&["--db", "x.db", "generate", "--units", "250", "--seed", "3"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stats = stats_json(&dir, "x.db");
    assert_eq!(stats["units"], 250);
    assert_eq!(stats["languages"]["zh-CN"], 250);
    assert_eq!(stats["languages"]["en"], 250);
    assert!(stats["units"].is_u64() && stats["articles"].is_u64() && stats["terms"].is_u64());
}

#[test]
fn stats_table_is_written_for_people() {
    let dir = Dir::new();
    dir.tessera(&["--db", "x.db", "generate", "--units", "12"]);
    let output = dir.tessera(&["--db", "x.db", "stats"]);
    let text = stdout(&output);
    assert!(text.contains("Units      12"), "{text}");
    assert!(text.contains("en 12, zh-CN 12"), "{text}");
}

#[test]
fn tessera_db_variable_chooses_the_database() {
    let dir = Dir::new();
    let db = dir.path("from-env.db");
    let output = dir.tessera_with_env(&["generate", "--units", "5"], &db);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(db.exists());
    // --db wins over TESSERA_DB.
    let output = dir.tessera_with_env(&["--db", "flag.db", "stats", "--json"], &db);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(stats["units"], 0);
    assert!(stats["database"].as_str().unwrap().ends_with("flag.db"));
}

#[test]
fn default_database_lives_in_the_user_data_folder() {
    let dir = Dir::new();
    let output = dir.tessera(&["stats", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stats: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let database = PathBuf::from(stats["database"].as_str().unwrap());
    assert!(database.starts_with(dir.dir.path()), "{}", database.display());
    assert!(database.ends_with("tessera.db"));
    assert!(database.exists());
}

#[test]
fn newer_database_is_refused_with_exit_1_and_one_line() {
    let dir = Dir::new();
    let db = dir.path("future.db");
    bump_schema_version(&db);
    let output = dir.tessera(&["--db", db.to_str().unwrap(), "stats"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("future.db") && message.contains("newer Tessera"), "{message}");
}

/// Makes a database whose schema version is far ahead of this build by writing SQLite's
/// `user_version` header field (offset 60, big-endian) of a freshly created database.
fn bump_schema_version(db: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["--db", db.to_str().unwrap(), "stats"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut bytes = std::fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn file_that_is_not_a_database_is_a_user_error() {
    let dir = Dir::new();
    std::fs::write(dir.path("notes.db"), "not a database at all, just some words in a file")
        .unwrap();
    let output = dir.tessera(&["--db", "notes.db", "stats"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("notes.db"), "{}", stderr(&output));
}

#[test]
fn commands_of_later_milestones_say_not_yet_available() {
    let dir = Dir::new();
    for command in ["import", "export", "lookup", "concordance", "terms", "check", "complete"] {
        let output = dir.tessera(&["--db", "x.db", command, "anything"]);
        assert_eq!(output.status.code(), Some(1), "{command}");
        assert!(stderr(&output).contains("not yet available"), "{command}: {}", stderr(&output));
    }
}

#[test]
fn unknown_arguments_are_user_errors_and_help_succeeds() {
    let dir = Dir::new();
    assert_eq!(dir.tessera(&["frobnicate"]).status.code(), Some(1));
    let help = dir.tessera(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = stdout(&help);
    for word in ["stats", "import", "lookup", "TESSERA_DB", "Exit codes"] {
        assert!(text.contains(word), "--help lacks {word}: {text}");
    }
}
