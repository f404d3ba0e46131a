//! Black-box tests of TMX and TBX imports through the `tessera` binary: the JSON report,
//! exit codes, `imports` and `undo-import`.

use std::{
    path::PathBuf,
    process::{Command, Output},
};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().parent().unwrap().to_path_buf()
}

fn fixture(name: &str) -> String {
    repo_root().join("tests/fixtures/tmx").join(name).display().to_string()
}

/// Runs `tessera --db <dir>/x.db ARGS` with the user's environment kept out.
fn tessera(dir: &tempfile::TempDir, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("--db")
        .arg(dir.path().join("x.db"))
        .args(args)
        .current_dir(dir.path())
        .env_remove("TESSERA_DB")
        .env("HOME", dir.path())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn import_tmx_json_reports_like_articles() {
    let dir = tempfile::tempdir().unwrap();
    let output = tessera(&dir, &["import", &fixture("roundtrip.tmx"), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["path"], fixture("roundtrip.tmx"));
    assert_eq!(file["kind"], "tmx");
    assert_eq!(file["units_added"], 4);
    assert_eq!(file["units_skipped"], 0);
    assert_eq!(file["errors"], serde_json::json!([]));
    assert_eq!(file["import"], 1);

    // Again, skipping identical units: nothing added, all four counted.
    let output = tessera(&dir, &["import", &fixture("roundtrip.tmx"), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        (report["files"][0]["units_added"].as_u64(), report["files"][0]["units_skipped"].as_u64()),
        (Some(0), Some(4))
    );
}

#[test]
fn skipped_items_are_listed_with_line_and_column_and_the_import_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("partly.tmx");
    std::fs::write(
        &path,
        "<tmx version=\"1.4\"><header srclang=\"en\" creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" datatype=\"plaintext\"/><body>\n\
         <tu><tuv xml:lang=\"en\"><seg>alone</seg></tuv></tu>\n\
         <tu><tuv xml:lang=\"en\"><seg>Hello</seg></tuv><tuv xml:lang=\"zh\"><seg>你好</seg></tuv></tu>\n\
         </body></tmx>",
    )
    .unwrap();
    let output = tessera(&dir, &["import", "partly.tmx", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let error = &report["files"][0]["errors"][0];
    assert_eq!(error["line"], 2);
    assert!(error["column"].is_u64() && error["message"].is_string(), "{error}");
    assert_eq!(report["files"][0]["units_added"], 1);
}

#[test]
fn non_tmx_file_exits_1_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.tmx"), "<?xml version=\"1.0\"?>\n<html>\n</html>\n")
        .unwrap();
    let output = tessera(&dir, &["import", "page.tmx"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("page.tmx:2:1: not a TMX file"), "{message}");

    let output = tessera(&dir, &["import", "page.tmx", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["files"][0]["kind"], "tmx");
    assert_eq!(report["files"][0]["errors"][0]["line"], 2);
    assert_eq!(report["files"][0]["errors"][0]["column"], 1);
    assert_eq!(report["files"][0]["import"], serde_json::Value::Null);
}

#[test]
fn imports_lists_batches_and_undo_import_removes_one() {
    let dir = tempfile::tempdir().unwrap();
    let output = tessera(&dir, &["import", &fixture("roundtrip.tmx"), &fixture("memoq-utf16.tmx")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("4 units added"), "{}", stdout(&output));

    let output = tessera(&dir, &["imports", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let imports: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(imports["imports"].as_array().unwrap().len(), 2);
    assert_eq!(imports["imports"][1]["units_added"], 2);

    let output = tessera(&dir, &["undo-import", "1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("4 units"), "{}", stdout(&output));
    let output = tessera(&dir, &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(stats["units"], 2);

    let output = tessera(&dir, &["undo-import", "1"]);
    assert_eq!(output.status.code(), Some(1), "undoing twice is a user error");
    let output = tessera(&dir, &["imports"]);
    assert!(stdout(&output).contains("undone"), "{}", stdout(&output));
}

#[test]
fn duplicates_flag_is_checked_and_passed_on() {
    let dir = tempfile::tempdir().unwrap();
    let output = tessera(&dir, &["import", &fixture("roundtrip.tmx"), "--duplicates", "sometimes"]);
    assert_eq!(output.status.code(), Some(1));
    tessera(&dir, &["import", &fixture("roundtrip.tmx")]);
    let output =
        tessera(&dir, &["import", &fixture("roundtrip.tmx"), "--duplicates", "all", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["files"][0]["units_added"], 4);
}

#[test]
fn glossary_table_imports_into_the_termbase() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("terms.tsv"),
        "zh\ten\tstatus\n国务院\tState Council\tpreferred\n",
    )
    .unwrap();
    let output = tessera(&dir, &["import", "terms.tsv", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["files"][0]["kind"], "glossary");
    assert_eq!(report["files"][0]["concepts_added"], 1);
    let output = tessera(&dir, &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(stats["terms_by_status"]["preferred"], 2);
}

fn glossary_fixture(name: &str) -> String {
    repo_root().join("crates/tessera-core/test_data/glossary").join(name).display().to_string()
}

#[test]
fn xlsx_glossary_imports_its_terms_with_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let output = tessera(&dir, &["import", &glossary_fixture("terms.xlsx"), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let file = &report["files"][0];
    assert_eq!(
        (file["kind"].as_str(), file["concepts_added"].as_u64()),
        (Some("glossary"), Some(5))
    );
    let places: Vec<(serde_json::Value, serde_json::Value)> = file["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| (error["line"].clone(), error["column"].clone()))
        .collect();
    use serde_json::json;
    assert_eq!(
        places,
        [
            (json!(7), json!(5)),
            (json!(9), json!(null)),
            (json!(10), json!(4)),
            (json!(null), json!(null))
        ],
        "{file}"
    );

    let output = tessera(&dir, &["terms", "list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let concepts: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut terms: Vec<String> = concepts
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|concept| concept["terms"].as_array().unwrap().iter())
        .map(|term| format!("{} {} {}", term["lang"], term["text"], term["status"]))
        .collect();
    terms.sort();
    assert_eq!(
        terms,
        [
            r#""en" "2024" "deprecated""#,
            r#""en" "3.5" "admitted""#,
            r#""en" "MFA" "admitted""#,
            r#""en" "Ministry of Foreign Affairs" "admitted""#,
            r#""en" "State Council" "preferred""#,
            r#""en" "spokesman" "admitted""#,
            r#""en" "spokesperson" "admitted""#,
            r#""zh" "二〇二四年" "deprecated""#,
            r#""zh" "发言人" "admitted""#,
            r#""zh" "国务院" "preferred""#,
            r#""zh" "外交部" "admitted""#,
            r#""zh" "百分之三点五" "admitted""#,
            r#""zh-Hant" "國務院" "preferred""#,
            r#""zh-Hant" "發言人" "admitted""#,
        ]
    );
    let council = concepts
        .as_array()
        .unwrap()
        .iter()
        .find(|concept| concept["terms"][0]["text"] == "国务院")
        .unwrap();
    assert_eq!(council["category"], "government");
    assert_eq!(council["note"], "the cabinet");
    assert_eq!(council["definition"], "The highest organ of state administration");
}

#[test]
fn broken_or_languageless_xlsx_changes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.xlsx"), "zh,en\nhello,world\n").unwrap();
    let output = tessera(&dir, &["import", "broken.xlsx"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("broken.xlsx: not a readable XLSX workbook"),
        "{}",
        stderr(&output)
    );

    let output = tessera(&dir, &["import", &glossary_fixture("no_language.xlsx")]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("no_language.xlsx:1:1: the header row names no language column"),
        "{}",
        stderr(&output)
    );

    let output = tessera(&dir, &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!((stats["concepts"].as_u64(), stats["terms"].as_u64()), (Some(0), Some(0)));
    let output = tessera(&dir, &["imports", "--json"]);
    let imports: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(imports["imports"], serde_json::json!([]));
}

#[test]
fn import_map_mirrors_export_map() {
    let dir = tempfile::tempdir().unwrap();
    let output = tessera(&dir, &["import", &fixture("roundtrip.tmx")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = tessera(&dir, &["export", "tmx", "out.tmx", "--map", "zh-Hans=zh-SG"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = std::fs::read_to_string(dir.path().join("out.tmx")).unwrap();
    assert!(written.contains(r#"xml:lang="zh-SG""#));

    // Into a fresh memory, mapped back: the languages are stored as before.
    let fresh = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.tmx");
    let output = tessera(&fresh, &["import", out.to_str().unwrap(), "--map", "zh-SG=zh-Hans"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stats = |dir: &tempfile::TempDir| {
        let output = tessera(dir, &["stats", "--json"]);
        serde_json::from_str::<serde_json::Value>(&stdout(&output)).unwrap()["languages"].clone()
    };
    assert_eq!(stats(&fresh), stats(&dir));

    let output = tessera(&fresh, &["import", out.to_str().unwrap(), "--map", "zh-SG"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is not FROM=TO"), "{}", stderr(&output));
}
