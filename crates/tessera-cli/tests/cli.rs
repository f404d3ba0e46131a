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
    let output =
        dir.tessera(&["--db", "x.db", "generate", "--synthetic", "--units", "250", "--seed", "3"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stats = stats_json(&dir, "x.db");
    assert_eq!(stats["units"], 250);
    assert_eq!(stats["languages"]["zh-Hans"], 250);
    assert_eq!(stats["languages"]["en"], 250);
    assert!(stats["units"].is_u64() && stats["articles"].is_u64() && stats["terms"].is_u64());
}

#[test]
fn stats_table_is_written_for_people() {
    let dir = Dir::new();
    dir.tessera(&["--db", "x.db", "generate", "--synthetic", "--units", "12"]);
    let output = dir.tessera(&["--db", "x.db", "stats"]);
    let text = stdout(&output);
    assert!(text.contains("Units      12"), "{text}");
    // Languages by name, not raw tags.
    assert!(text.contains("English 12, Chinese (Simplified) 12"), "{text}");
}

#[test]
fn tessera_db_variable_chooses_the_database() {
    let dir = Dir::new();
    let db = dir.path("from-env.db");
    let output = dir.tessera_with_env(&["generate", "--synthetic", "--units", "5"], &db);
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

/// Issue 16: `generate` fills a memory with made-up units, so it is hidden from `--help` and
/// refuses to run without `--synthetic`.
#[test]
fn generate_is_hidden_and_needs_synthetic() {
    let dir = Dir::new();
    let help = stdout(&dir.tessera(&["--help"]));
    assert!(!help.contains("generate"), "--help lists generate: {help}");
    let refused = dir.tessera(&["--db", "x.db", "generate", "--units", "5"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--synthetic"), "{}", stderr(&refused));
    assert_eq!(stats_json(&dir, "x.db")["units"], 0);
}

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

#[test]
fn import_folder_aligns_articles_and_reimport_adds_nothing() {
    let dir = Dir::new();
    let samples = samples_dir();
    let output = dir.tessera(&["--db", "x.db", "import", samples.to_str().unwrap(), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    for file in files {
        for key in
            ["path", "kind", "units_added", "units_skipped", "dropped", "low_confidence", "errors"]
        {
            assert!(file.get(key).is_some(), "missing {key} in {file}");
        }
        assert_eq!(file["kind"], "article");
        assert!(file["errors"].as_array().unwrap().is_empty(), "{file}");
    }
    let added: u64 = files.iter().map(|file| file["units_added"].as_u64().unwrap()).sum();
    assert!(added >= 30, "only {added} units aligned from the samples");
    // The Chinese-only article adds no units but is stored.
    let chinese_only =
        files.iter().find(|file| file["path"].as_str().unwrap().contains("004_")).unwrap();
    assert_eq!(chinese_only["units_added"], 0);
    // Page noise is dropped and reported, with its reason.
    let first = &files[0];
    let reasons: Vec<&str> = first["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|span| span["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"related-articles") && reasons.contains(&"page-noise"),
        "{reasons:?}"
    );

    let stats = stats_json(&dir, "x.db");
    assert_eq!((stats["units"].as_u64().unwrap(), stats["articles"].as_u64().unwrap()), (added, 5));

    let again = dir.tessera(&["--db", "x.db", "import", samples.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    for file in report["files"].as_array().unwrap() {
        assert_eq!(file["units_added"], 0);
        assert_eq!(file["already_imported"], true);
    }
    assert_eq!(stats_json(&dir, "x.db")["units"].as_u64().unwrap(), added);
}

#[test]
fn import_reports_bad_files_by_line_and_column_and_imports_the_rest() {
    let dir = Dir::new();
    std::fs::write(dir.path("broken.txt"), b"\xEF\xBB\xBFfirst line\nsecond \xC3( line\n").unwrap();
    std::fs::write(dir.path("empty.txt"), b"").unwrap();
    std::fs::write(dir.path("image.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let sample = samples_dir().join("000_a6fa0aa4d8e2f0f3.txt");
    let output = dir.tessera(&[
        "--db",
        "x.db",
        "import",
        "broken.txt",
        "empty.txt",
        "image.txt",
        "missing.txt",
        sample.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // Issue 13: what was not imported is reported on stderr only; stdout lists the imported.
    let text = stderr(&output);
    assert!(text.contains("tessera: broken.txt:2:8:"), "{text}");
    assert!(
        text.lines().any(|line| line.starts_with("tessera: empty.txt:") && line.contains("empty")),
        "{text}"
    );
    assert!(text.lines().any(|line| line.starts_with("tessera: image.txt:")), "{text}");
    assert!(
        text.lines()
            .any(|line| line.starts_with("tessera: missing.txt:") && line.contains("cannot read")),
        "{text}"
    );
    assert!(text.contains("4 of 5 files were not imported"), "{text}");
    let imported = stdout(&output);
    assert_eq!(imported.lines().count(), 1, "{imported}");
    assert!(imported.contains("000_a6fa0aa4d8e2f0f3.txt"), "{imported}");
    let stats = stats_json(&dir, "x.db");
    assert_eq!(stats["articles"], 1);
    assert!(stats["units"].as_u64().unwrap() > 0);
}

#[test]
fn import_uses_the_users_segmentation_rules_file() {
    let article = "3月2日，王雯会见了代表团；3月5日，赵吾君访问了重庆国际传播中心。\n\nOn March 2, Wang Wen met the delegation. On March 5, Zhao Wujun visited Chongqing International Media Center.\n";
    let units_added = |dir: &Dir, extra: &[&str]| {
        std::fs::write(dir.path("article.txt"), article).unwrap();
        let mut args = vec!["--db", "x.db", "import", "article.txt", "--json"];
        args.extend_from_slice(extra);
        let output = dir.tessera(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        report["files"][0]["units_added"].as_u64().unwrap()
    };
    // Built-in rules: `；` does not end a sentence, so both English sentences pair with one.
    assert_eq!(units_added(&Dir::new(), &[]), 1);

    let rules = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../tessera-core/data/segmentation-rules.toml"),
    )
    .unwrap()
    .replace(r#"terminators = ["。", "！", "？"]"#, r#"terminators = ["。", "！", "？", "；"]"#);
    let dir = Dir::new();
    std::fs::write(dir.path("my-rules.toml"), &rules).unwrap();
    assert_eq!(units_added(&dir, &["--rules", "my-rules.toml"]), 2);

    // The same file beside the database is picked up without the flag.
    let dir = Dir::new();
    std::fs::write(dir.path("segmentation-rules.toml"), &rules).unwrap();
    assert_eq!(units_added(&dir, &[]), 2);

    // A broken rules file is named, and nothing is imported.
    let dir = Dir::new();
    std::fs::write(dir.path("bad.toml"), "closers = [").unwrap();
    std::fs::write(dir.path("article.txt"), article).unwrap();
    let output = dir.tessera(&["--db", "x.db", "import", "article.txt", "--rules", "bad.toml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("bad.toml"), "{}", stderr(&output));
    assert_eq!(stats_json(&dir, "x.db")["articles"], 0);
}

#[test]
fn lookup_and_concordance_answer_from_imported_articles() {
    let dir = Dir::new();
    let samples = samples_dir();
    assert!(dir.tessera(&["--db", "x.db", "import", samples.to_str().unwrap()]).status.success());

    let query = "调研组一行现场参观重庆国际传播中心并举行座谈。";
    let output = dir.tessera(&["--db", "x.db", "lookup", query, "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(answer["query"], query);
    let best = &answer["matches"][0];
    assert_eq!(best["score"], 100);
    assert!(best["target"].as_str().unwrap().contains("Chongqing International Media Center"));
    for key in ["source", "diff", "origin", "adjusted", "penalties"] {
        assert!(best.get(key).is_some(), "missing {key}");
    }
    assert!(best["origin"]["article"].as_str().unwrap().contains("000_"));

    // Batch: one JSON object per query line, in order.
    std::fs::write(dir.path("queries.txt"), format!("{query}\n完全无关的句子没有任何匹配。\n"))
        .unwrap();
    let output = dir.tessera(&["--db", "x.db", "lookup", "--file", "queries.txt"]);
    let lines: Vec<serde_json::Value> =
        stdout(&output).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["matches"][0]["score"], 100);
    assert_eq!(lines[1]["matches"].as_array().unwrap().len(), 0);

    // Concordance finds traditional-script units for a simplified query and groups renderings.
    let output = dir.tessera(&["--db", "x.db", "concordance", "重庆国际传播中心", "--json"]);
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let hits = answer["hits"].as_array().unwrap();
    assert!(hits.iter().any(|hit| hit["source"].as_str().unwrap().contains("重慶國際傳播中心")));
    assert_eq!(answer["renderings"][0]["rendering"], "Chongqing International Media Center");
    assert!(answer["renderings"][0]["count"].as_u64().unwrap() >= 5);
}

#[test]
fn export_tmx_writes_every_unit_valid_against_the_dtd_and_readable_back() {
    let dir = Dir::new();
    let samples = samples_dir();
    assert!(dir.tessera(&["--db", "x.db", "import", samples.to_str().unwrap()]).status.success());
    let units = stats_json(&dir, "x.db")["units"].as_u64().unwrap();

    let output = dir.tessera(&["--db", "x.db", "export", "tmx", "memory.tmx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains(&format!("wrote {units} units")), "{}", stdout(&output));
    let bytes = std::fs::read(dir.path("memory.tmx")).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains(r#"xml:lang="zh-Hant""#) && text.contains(r#"xml:lang="en""#));
    assert!(text.contains(r#"<prop type="x-tessera-article">"#));
    let leftovers: Vec<_> = std::fs::read_dir(dir.dir.path())
        .unwrap()
        .filter_map(|entry| entry.unwrap().file_name().into_string().ok())
        .filter(|name| name.contains(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Valid against the TMX 1.4 DTD (xmllint from Debian's libxml2-utils).
    let dtd =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tessera-core/test_data/tmx/tmx14.dtd");
    let lint = Command::new("xmllint")
        .args(["--noout", "--dtdvalid"])
        .arg(&dtd)
        .arg(dir.path("memory.tmx"))
        .output()
        .expect("xmllint is installed by scripts/test-all.sh (libxml2-utils)");
    assert!(lint.status.success(), "{}", String::from_utf8_lossy(&lint.stderr));

    // Read back with Tessera's own reader: every unit, with its provenance.
    let document = tessera_core::tmx::read_all(bytes.as_slice(), &Default::default()).unwrap();
    assert_eq!(document.units.len() as u64, units);
    assert!(document.units.iter().all(|unit| unit.variants.len() == 2));
    assert!(document.units[0].props.iter().any(|prop| prop.kind == "x-tessera-article"));

    // A language filter keeps only the languages asked for; `zh` means every Chinese variant.
    let output = dir.tessera(&["--db", "x.db", "export", "tmx", "zh-only.tmx", "--langs", "zh"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let only = std::fs::read_to_string(dir.path("zh-only.tmx")).unwrap();
    assert!(!only.contains(r#"xml:lang="en""#));
    assert!(only.contains(r#"xml:lang="zh-Hans""#) && only.contains(r#"xml:lang="zh-Hant""#));

    // Nothing approved yet: an approved-only export has no units.
    let output = dir.tessera(&["--db", "x.db", "export", "tmx", "approved.tmx", "--approved"]);
    assert!(stdout(&output).contains("wrote 0 units"), "{}", stdout(&output));
}

#[test]
fn terms_are_mined_reviewed_and_used_to_check_a_translation() {
    let dir = Dir::new();
    let samples = samples_dir();
    assert!(dir.tessera(&["--db", "x.db", "import", samples.to_str().unwrap()]).status.success());
    let output = dir.tessera(&["--db", "x.db", "terms", "extract"]);
    assert!(output.status.success(), "{}", stderr(&output));

    let output = dir.tessera(&["--db", "x.db", "terms", "list", "--status", "candidate", "--json"]);
    let concepts: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let concepts = concepts.as_array().unwrap();
    assert!(concepts.len() >= 20, "only {} candidates", concepts.len());
    for key in ["id", "status", "category", "terms"] {
        assert!(concepts[0].get(key).is_some(), "missing {key}");
    }
    // The newspaper group is one concept listing every English rendering seen, with counts.
    let group = concepts
        .iter()
        .find(|concept| {
            concept["terms"]
                .as_array()
                .unwrap()
                .iter()
                .any(|term| term["text"] == "Chongqing Daily Newspaper Group")
        })
        .expect("the newspaper group is mined");
    let english: Vec<&str> = group["terms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|term| term["lang"] == "en")
        .map(|term| term["text"].as_str().unwrap())
        .collect();
    assert!(english.contains(&"Chongqing Newspaper Daily Group"), "{english:?}");
    assert!(group["terms"][0]["count"].as_u64().unwrap() >= 2);

    // Approve it with the official rendering: the others become deprecated in the same action.
    let id = group["id"].as_i64().unwrap().to_string();
    let output = dir.tessera(&[
        "--db",
        "x.db",
        "--user",
        "Li Reviewer",
        "terms",
        "approve",
        &id,
        "--preferred",
        "Chongqing Daily Newspaper Group",
        "--comment",
        "official name",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = dir.tessera(&["--db", "x.db", "terms", "list", "--status", "approved", "--json"]);
    let approved: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let statuses: Vec<(String, String)> = approved[0]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|term| term["lang"] == "en")
        .map(|term| {
            (term["text"].as_str().unwrap().to_owned(), term["status"].as_str().unwrap().to_owned())
        })
        .collect();
    assert!(
        statuses.contains(&("Chongqing Daily Newspaper Group".to_owned(), "preferred".to_owned()))
    );
    assert!(
        statuses.contains(&("Chongqing Newspaper Daily Group".to_owned(), "deprecated".to_owned()))
    );

    // The history records the approval with its comment, and every rendering shows where it
    // was seen.
    let output = dir.tessera(&["--db", "x.db", "terms", "history", &id, "--json"]);
    let history: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(history["history"][0]["action"], "approved");
    assert!(history["history"][0]["detail"].as_str().unwrap().contains("official name"));
    let examples = &history["renderings"][0]["examples"];
    assert!(examples[0]["en"].as_str().unwrap().contains("Newspaper"), "{history}");

    // Definition, validity dates and a link between a short and a full form are kept, and every
    // change is in the exported history with who made it.
    let other = concepts.iter().find(|concept| concept["id"] != group["id"]).unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let output = dir.tessera(&[
        "--db",
        "x.db",
        "--user",
        "Li Reviewer",
        "terms",
        "describe",
        &id,
        "--definition",
        "the city's newspaper group",
        "--valid-from",
        "2018-01-01",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output =
        dir.tessera(&["--db", "x.db", "--user", "Li Reviewer", "terms", "link", &id, &other]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = dir.tessera(&["--db", "x.db", "terms", "list", "--status", "approved", "--json"]);
    let approved: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(approved[0]["valid_from"], "2018-01-01");
    assert_eq!(approved[0]["definition"], "the city's newspaper group");
    assert_eq!(approved[0]["links"][0]["kind"], "short-form");
    let output = dir.tessera(&["--db", "x.db", "audit", "--json"]);
    let audit: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let actions: Vec<(&str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| (entry["action"].as_str().unwrap(), entry["actor"].as_str().unwrap()))
        .collect();
    for action in ["approved", "concept-edited", "linked"] {
        assert!(actions.contains(&(action, "Li Reviewer")), "{actions:?}");
    }
    let tsv = stdout(&dir.tessera(&["--db", "x.db", "audit"]));
    assert!(tsv.starts_with("at\tactor\taction\tobject\tid\tdetail\n"), "{tsv}");

    // The live check flags the deprecated variant with the approved form as the fix.
    let target = "Wang Wen visited Chongqing Newspaper Daily Group.";
    let output = dir.tessera(&[
        "--db",
        "x.db",
        "check",
        "--source",
        "王雯参观重报集团。",
        "--target",
        target,
        "--json",
    ]);
    let result: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let finding = &result["findings"][0];
    assert_eq!(finding["kind"], "deprecated");
    assert_eq!(finding["suggestion"], "Chongqing Daily Newspaper Group");
    let (start, end) =
        (finding["start"].as_u64().unwrap() as usize, finding["end"].as_u64().unwrap() as usize);
    assert_eq!(
        target.chars().skip(start).take(end - start).collect::<String>(),
        "Chongqing Newspaper Daily Group"
    );
    // No false alarm on the approved form.
    let output = dir.tessera(&[
        "--db",
        "x.db",
        "check",
        "--source",
        "王雯参观重报集团。",
        "--target",
        "Wang Wen visited the Chongqing Daily Newspaper Group.",
        "--json",
    ]);
    let result: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(result["findings"].as_array().unwrap().len(), 0, "{result}");

    // Batch checks, one JSON object per line.
    std::fs::write(
        dir.path("cases.jsonl"),
        format!(
            "{}\n{}\n",
            serde_json::json!({"source": "王雯参观重报集团。", "target": target}),
            serde_json::json!({"source": "你好。", "target": "Hello."})
        ),
    )
    .unwrap();
    let output = dir.tessera(&["--db", "x.db", "check", "--file", "cases.jsonl"]);
    assert_eq!(stdout(&output).lines().count(), 2, "{}", stderr(&output));
    // A malformed case names file, line and column.
    std::fs::write(dir.path("bad.jsonl"), "{\"source\": \"x\"}\n{oops\n").unwrap();
    let output = dir.tessera(&["--db", "x.db", "check", "--file", "bad.jsonl"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("bad.jsonl:1:1"), "{}", stderr(&output));

    // Autocomplete matches any word of a multi-word term.
    let output = dir.tessera(&[
        "--db",
        "x.db",
        "complete",
        "--source",
        "王雯参观重报集团。",
        "--prefix",
        "Dai",
        "--json",
    ]);
    let result: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(result["completions"][0]["text"], "Chongqing Daily Newspaper Group");
}

#[test]
fn termbase_exports_as_tbx_and_as_tables() {
    let dir = Dir::new();
    let samples = samples_dir();
    assert!(dir.tessera(&["--db", "x.db", "import", samples.to_str().unwrap()]).status.success());
    assert!(dir.tessera(&["--db", "x.db", "terms", "extract"]).status.success());
    let output = dir.tessera(&["--db", "x.db", "export", "tbx", "terms.tbx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(dir.path("terms.tbx")).unwrap();
    let glossary = tessera_core::tbx::read_all(bytes.as_slice()).unwrap();
    assert!(glossary.concepts.len() >= 20, "{}", glossary.concepts.len());
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("Chongqing International Media Center"));

    let output = dir.tessera(&["--db", "x.db", "export", "terms", "terms.tsv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = std::fs::read_to_string(dir.path("terms.tsv")).unwrap();
    let mut lines = table.lines();
    assert_eq!(
        lines.next().unwrap(),
        "concept\tcategory\treview\tdefinition\tnote\tzh-Hans:admitted\tzh-Hant:admitted\ten:admitted\tcount"
    );
    assert!(
        table.lines().any(|line| line
            .contains("重庆国际传播中心\t重慶國際傳播中心\tChongqing International Media Center")),
        "{table}"
    );
    let output = dir.tessera(&["--db", "x.db", "export", "terms", "terms.csv"]);
    assert!(output.status.success());
    let csv = std::fs::read_to_string(dir.path("terms.csv")).unwrap();
    assert!(csv.starts_with("concept,category,review,definition,note,zh-Hans:admitted,"));
    assert!(
        csv.contains("\"Foreign Affairs Office of Chongqing Municipal People's Government\"")
            || csv.contains(",Foreign Affairs Office of Chongqing Municipal People's Government,")
    );
}

#[test]
fn export_tmx_filters_by_change_date_and_writes_languages_under_other_tags() {
    let dir = Dir::new();
    std::fs::write(
        dir.path("dated.tmx"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-Hans" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>
<tu creationdate="20230105T080000Z"><tuv xml:lang="zh-Hans"><seg>旧的</seg></tuv><tuv xml:lang="en"><seg>Old</seg></tuv></tu>
<tu creationdate="20230105T080000Z" changedate="20240301T235959Z"><tuv xml:lang="zh-Hans"><seg>改过的</seg></tuv><tuv xml:lang="en"><seg>Changed</seg></tuv></tu>
<tu creationdate="20240302T000000Z"><tuv xml:lang="zh-Hant"><seg>新的</seg></tuv><tuv xml:lang="en"><seg>New</seg></tuv></tu>
</body></tmx>"#,
    )
    .unwrap();
    assert!(dir.tessera(&["--db", "x.db", "import", "dated.tmx"]).status.success());

    // --until takes the whole day; --since its start. Only the unit changed on 1 March is in.
    let output = dir.tessera(&[
        "--db",
        "x.db",
        "export",
        "tmx",
        "march.tmx",
        "--since",
        "2024-03-01",
        "--until",
        "2024-03-01",
        "--map",
        "zh-Hans=zh-CN,zh-Hant=zh-TW",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("wrote 1 units"), "{}", stdout(&output));
    assert!(stdout(&output).contains("2 units changed outside the dates"), "{}", stdout(&output));
    let march = std::fs::read_to_string(dir.path("march.tmx")).unwrap();
    assert!(march.contains("改过的") && !march.contains("旧的") && !march.contains("新的"));
    assert!(march.contains(r#"xml:lang="zh-CN""#) && !march.contains("zh-Hans"), "{march}");

    // The language filter names stored tags; the written ones follow --map.
    let output = dir.tessera(&[
        "--db",
        "x.db",
        "export",
        "tmx",
        "hant.tmx",
        "--langs",
        "zh-Hant,en",
        "--map",
        "zh-Hant=zh-TW",
    ]);
    assert!(stdout(&output).contains("wrote 1 units"), "{}", stdout(&output));
    assert!(stdout(&output).contains("2 units without enough"), "{}", stdout(&output));
    let hant = std::fs::read_to_string(dir.path("hant.tmx")).unwrap();
    assert!(hant.contains(r#"xml:lang="zh-TW""#) && hant.contains("新的"), "{hant}");

    // Bad values are user errors naming the flag.
    let output = dir.tessera(&["--db", "x.db", "export", "tmx", "x.tmx", "--since", "March"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--since"), "{}", stderr(&output));
    let output = dir.tessera(&["--db", "x.db", "export", "tmx", "x.tmx", "--map", "zh-Hans"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("FROM=TO"), "{}", stderr(&output));
}

fn pairing_samples(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/pairing-samples")
        .join(name)
        .display()
        .to_string()
}

fn json_of(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap()
}

#[test]
fn import_pair_makes_one_aligned_article_of_two_files() {
    let dir = Dir::new();
    let (zh, en) = (pairing_samples("b3.txt"), pairing_samples("x9.txt"));
    let output = dir.tessera(&["--db", "x.db", "import", "--pair", &zh, &en]);
    assert!(output.status.success(), "{}", stderr(&output));
    let line = stdout(&output);
    assert!(line.starts_with(&format!("{zh} + {en}: ")), "{line}");
    let units = stats_json(&dir, "x.db")["units"].as_u64().unwrap();
    assert!(units >= 10, "only {units} units from the pair");

    let again = json_of(&dir.tessera(&["--db", "x.db", "import", "--pair", &zh, &en, "--json"]));
    assert_eq!(again["files"][0]["already_imported"], true);
    assert_eq!(again["files"][0]["paired_with"], en.as_str());

    let missing = dir.tessera(&["--db", "x.db", "import", "--pair", &zh, "nowhere.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("nowhere.txt"), "{}", stderr(&missing));
}

#[test]
fn import_folder_pairs_monolingual_files_and_lists_the_singles() {
    let dir = Dir::new();
    let folder = pairing_samples("");
    let report = json_of(&dir.tessera(&["--db", "x.db", "import", &folder, "--json"]));
    let name = |value: &serde_json::Value| {
        Path::new(value.as_str().unwrap()).file_name().unwrap().to_str().unwrap().to_owned()
    };
    let mut pairs: Vec<(String, String)> = report["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            let confidence = pair["confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&confidence), "{pair}");
            (name(&pair["zh"]), name(&pair["en"]))
        })
        .collect();
    pairs.sort();
    let expected =
        [("b3.txt", "x9.txt"), ("k7.txt", "q2.txt"), ("m5.txt", "d1.html"), ("t8.txt", "w4.txt")];
    assert_eq!(pairs, expected.map(|(zh, en)| (zh.to_owned(), en.to_owned())));
    let singles = report["singles"].as_array().unwrap();
    assert_eq!(singles.len(), 1, "{singles:?}");
    assert_eq!(name(&singles[0]["path"]), "r6.txt");
    assert!(singles[0]["best"]["score"].as_f64().unwrap() < 0.45);
    let added: u64 = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["units_added"].as_u64().unwrap())
        .sum();
    assert!(added >= 30, "only {added} units");

    // Without pairing, the same files give articles without units, as before.
    let unpaired =
        json_of(&dir.tessera(&["--db", "y.db", "import", &folder, "--no-pairing", "--json"]));
    assert_eq!(unpaired["files"].as_array().unwrap().len(), 9);
    assert_eq!(stats_json(&dir, "y.db")["units"], 0);
}

#[test]
fn articles_pair_and_unpair_move_the_units_and_are_audited() {
    let dir = Dir::new();
    let folder = pairing_samples("");
    json_of(&dir.tessera(&["--db", "x.db", "import", &folder, "--no-pairing", "--json"]));
    let listed = json_of(&dir.tessera(&["--db", "x.db", "articles", "list", "--json"]));
    let id_of = |file: &str| {
        listed["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|article| article["source_path"].as_str().unwrap().ends_with(file))
            .unwrap()["id"]
            .as_i64()
            .unwrap()
            .to_string()
    };
    let (zh, en) = (id_of("k7.txt"), id_of("q2.txt"));

    let paired = dir.tessera(&["--db", "x.db", "--user", "ana", "articles", "pair", &zh, &en]);
    assert!(paired.status.success(), "{}", stderr(&paired));
    let units = stats_json(&dir, "x.db")["units"].as_u64().unwrap();
    assert!(units >= 4, "{}", stdout(&paired));
    let listed = json_of(&dir.tessera(&["--db", "x.db", "articles", "list", "--json"]));
    let zh_article = listed["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_i64().unwrap().to_string() == zh)
        .unwrap();
    assert_eq!(zh_article["partner"].to_string(), en);

    let twice = dir.tessera(&["--db", "x.db", "articles", "pair", &zh, &en]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(stderr(&twice).contains("already paired"), "{}", stderr(&twice));

    let unpaired = dir.tessera(&["--db", "x.db", "--user", "ana", "articles", "unpair", &en]);
    assert!(unpaired.status.success(), "{}", stderr(&unpaired));
    assert!(stdout(&unpaired).contains(&format!("{units} units removed")), "{}", stdout(&unpaired));
    assert_eq!(stats_json(&dir, "x.db")["units"], 0);

    let audit = stdout(&dir.tessera(&["--db", "x.db", "audit"]));
    let actions: Vec<&str> = audit
        .lines()
        .filter(|line| line.contains("articles-"))
        .map(|line| line.split('\t').nth(2).unwrap())
        .collect();
    assert_eq!(actions, ["articles-paired", "articles-unpaired"]);
    assert!(
        audit
            .lines()
            .filter(|line| line.contains("articles-"))
            .all(|line| line.contains("\tana\t"))
    );

    let unknown = dir.tessera(&["--db", "x.db", "articles", "unpair", "999"]);
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn issue_17_importing_a_chinese_file_and_its_english_file_aligns_them() {
    // Issue #17: `tessera import zh.txt en.txt` stored two articles and 0 units.
    let dir = Dir::new();
    let (zh, en) = (pairing_samples("t8.txt"), pairing_samples("w4.txt"));
    let report = json_of(&dir.tessera(&["--db", "x.db", "import", &zh, &en, "--json"]));
    assert_eq!(report["pairs"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["files"].as_array().unwrap().len(), 1, "one article pair, one report");
    let units = stats_json(&dir, "x.db")["units"].as_u64().unwrap();
    assert!(units >= 5, "only {units} units");
}

#[test]
fn suggest_offers_names_and_titles_from_the_memory_and_approved_terms_first() {
    let dir = Dir::new();
    let samples = samples_dir();
    assert!(dir.tessera(&["--db", "x.db", "import", samples.to_str().unwrap()]).status.success());
    let source = "市政府外办党组书记、主任章勇武会见了墨西哥驻华大使。";
    let suggestions = |dir: &Dir| -> Vec<serde_json::Value> {
        let output = dir.tessera(&["--db", "x.db", "suggest", "--source", source, "--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(answer["source"], source);
        answer["suggestions"].as_array().unwrap().clone()
    };
    let first_for = |list: &[serde_json::Value], start: u64, end: u64| -> serde_json::Value {
        list.iter()
            .find(|s| s["start"] == start && s["end"] == end)
            .cloned()
            .unwrap_or_else(|| panic!("no suggestion for {start}..{end}: {list:#?}"))
    };
    let list = suggestions(&dir);
    for key in ["start", "end", "source", "target", "origin", "status", "count", "confidence"] {
        assert!(list[0].get(key).is_some(), "missing {key}: {}", list[0]);
    }
    // Character offsets: 章勇武 is characters 12..15 of the source.
    let name = first_for(&list, 12, 15);
    assert_eq!(
        (name["source"].as_str(), name["target"].as_str(), name["origin"].as_str()),
        (Some("章勇武"), Some("Zhang Yongwu"), Some("memory"))
    );
    assert_eq!(name["status"], "unreviewed");
    assert!(name["count"].as_u64().unwrap() >= 2, "{name}");
    let office = first_for(&list, 0, 5);
    assert_eq!(
        office["target"],
        "Foreign Affairs Office of Chongqing Municipal People's Government"
    );

    // A candidate term comes before the memory's rendering of the same span, unreviewed; once
    // approved it says so.
    std::fs::write(dir.path("terms.tsv"), "zh\ten\tstatus\n章勇武\tZhang Yong-wu\tpreferred\n")
        .unwrap();
    assert!(dir.tessera(&["--db", "x.db", "import", "terms.tsv"]).status.success());
    let list = suggestions(&dir);
    let name = first_for(&list, 12, 15);
    assert_eq!(
        (name["target"].as_str(), name["origin"].as_str(), name["status"].as_str()),
        (Some("Zhang Yong-wu"), Some("termbase"), Some("unreviewed"))
    );
    let output = dir.tessera(&["--db", "x.db", "terms", "list", "--status", "candidate", "--json"]);
    let concepts: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let id = concepts[0]["id"].to_string();
    assert!(dir.tessera(&["--db", "x.db", "terms", "approve", &id]).status.success());
    let list = suggestions(&dir);
    let name = first_for(&list, 12, 15);
    assert_eq!(
        (name["target"].as_str(), name["origin"].as_str(), name["status"].as_str()),
        (Some("Zhang Yong-wu"), Some("termbase"), Some("approved"))
    );
    assert!(list.iter().any(|s| s["start"] == 12 && s["target"] == "Zhang Yongwu"));

    // Plain output: one tab-separated line per suggestion.
    let output = dir.tessera(&["--db", "x.db", "suggest", "--source", source]);
    assert!(
        stdout(&output).lines().any(|line| line.starts_with("12\t15\t章勇武\tZhang Yong-wu\t"))
    );
}

#[test]
fn suggest_without_source_is_a_usage_error() {
    let dir = Dir::new();
    let output = dir.tessera(&["--db", "x.db", "suggest"]);
    assert_eq!(output.status.code(), Some(1));
}
