//! Black-box tests of the termbase guarding the memory: glossaries imported approved, bulk
//! review, and memory QA through the `tessera` binary.

use std::process::{Command, Output};

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

fn json_of(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap()
}

/// An official glossary: one concept with a preferred and a deprecated English form.
const OFFICIAL_TBX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>official</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="subjectField">organisation</descrip>
      <langSec xml:lang="zh">
        <termSec><term>重庆国际传播中心</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="en">
        <termSec><term>Chongqing International Media Center</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>Chongqing International Communication Center</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <descrip type="subjectField">title</descrip>
      <langSec xml:lang="zh"><termSec><term>党组成员</term></termSec></langSec>
      <langSec xml:lang="en">
        <termSec><term>member of the Party Leadership Group</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>member of Party leadership group</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"#;

const STALE_TARGET: &str = "Chongqing International Communication Center held a forum on Monday.";

#[test]
fn glossary_imported_with_approve_is_checked_at_once_with_its_own_statuses() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("official.tbx"), OFFICIAL_TBX).unwrap();
    let output = tessera(&dir, &["import", "official.tbx", "--approve"]);
    assert!(output.status.success(), "{}", stderr(&output));

    let concepts = json_of(&tessera(&dir, &["terms", "list", "--json"]));
    let statuses: Vec<(String, String)> = concepts
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|concept| concept["terms"].as_array().unwrap().iter())
        .map(|term| (term["text"].as_str().unwrap().to_owned(), term["status"].to_string()))
        .collect();
    assert!(concepts.as_array().unwrap().iter().all(|concept| concept["status"] == "approved"));
    assert!(statuses.contains(&(
        "Chongqing International Communication Center".to_owned(),
        "\"deprecated\"".to_owned()
    )));

    let findings = json_of(&tessera(
        &dir,
        &[
            "check",
            "--source",
            "重庆国际传播中心周一举办论坛。",
            "--target",
            STALE_TARGET,
            "--json",
        ],
    ));
    let finding = &findings["findings"][0];
    assert_eq!(finding["kind"], "deprecated", "{findings}");
    assert_eq!(finding["found"], "Chongqing International Communication Center");
    assert_eq!(finding["suggestion"], "Chongqing International Media Center");

    let audit = stdout(&tessera(&dir, &["audit"]));
    assert!(audit.contains("approved-on-import"), "{audit}");
}

#[test]
fn glossary_imported_without_approve_stays_candidate_and_unchecked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("official.tbx"), OFFICIAL_TBX).unwrap();
    assert!(tessera(&dir, &["import", "official.tbx"]).status.success());
    let findings = json_of(&tessera(
        &dir,
        &[
            "check",
            "--source",
            "重庆国际传播中心周一举办论坛。",
            "--target",
            STALE_TARGET,
            "--json",
        ],
    ));
    assert_eq!(findings["findings"], serde_json::json!([]));
}

#[test]
fn terms_approve_takes_many_ids_or_a_whole_import_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("official.tbx"), OFFICIAL_TBX).unwrap();
    std::fs::write(
        dir.path().join("more.tsv"),
        "zh\ten\n国务院\tState Council\n外交部\tMinistry of Foreign Affairs\n",
    )
    .unwrap();
    assert!(tessera(&dir, &["import", "official.tbx"]).status.success());
    assert!(tessera(&dir, &["import", "more.tsv"]).status.success());
    let listed = |status: &str| -> Vec<i64> {
        let concepts = json_of(&tessera(&dir, &["terms", "list", "--status", status, "--json"]));
        let mut ids: Vec<i64> =
            concepts.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
        ids.sort();
        ids
    };
    assert_eq!(listed("candidate"), [1, 2, 3, 4]);

    // An unknown id among them changes nothing and is a user error.
    let output = tessera(&dir, &["terms", "approve", "1", "99"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(listed("candidate"), [1, 2, 3, 4]);

    let output = tessera(&dir, &["terms", "approve", "--import", "1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), "approved 2 concepts");
    assert_eq!(listed("approved"), [1, 2]);

    let output = tessera(&dir, &["terms", "reject", "3", "4"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(listed("rejected"), [3, 4]);

    // The glossary's statuses survived the approval: the deprecated form is still deprecated.
    let findings = json_of(&tessera(
        &dir,
        &[
            "check",
            "--source",
            "重庆国际传播中心周一举办论坛。",
            "--target",
            STALE_TARGET,
            "--json",
        ],
    ));
    assert_eq!(findings["findings"][0]["kind"], "deprecated", "{findings}");

    let output = tessera(&dir, &["terms", "approve", "1", "2", "--preferred", "x"]);
    assert_eq!(output.status.code(), Some(1));
}

/// A memory with a unit confirmed under the old name and one under the new.
const MEMORY_TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="zh-CN" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="zh-CN"><seg>重庆国际传播中心周一举办论坛。</seg></tuv><tuv xml:lang="en"><seg>Chongqing International Communication Center held a forum on Monday.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>重庆国际传播中心成立。</seg></tuv><tuv xml:lang="en"><seg>Chongqing International Media Center was founded.</seg></tuv></tu>
</body></tmx>
"#;

fn memory_with_official_glossary() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("memory.tmx"), MEMORY_TMX).unwrap();
    std::fs::write(dir.path().join("official.tbx"), OFFICIAL_TBX).unwrap();
    assert!(tessera(&dir, &["import", "memory.tmx"]).status.success());
    assert!(tessera(&dir, &["import", "official.tbx", "--approve"]).status.success());
    dir
}

#[test]
fn qa_json_lists_the_stale_unit_with_offsets_into_its_target() {
    let dir = memory_with_official_glossary();
    let report = json_of(&tessera(&dir, &["qa", "--json"]));
    assert_eq!(report["units_checked"], 2);
    assert_eq!(
        report["findings"],
        serde_json::json!([{
            "unit_id": 1, "segment_id": null, "kind": "deprecated", "start": 0, "end": 44,
            "found": "Chongqing International Communication Center",
            "suggestion": "Chongqing International Media Center", "term_id": 1,
        }])
    );
    let output = tessera(&dir, &["qa", "--kind", "nonsense"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn qa_fix_of_a_term_clears_its_deprecated_findings_and_undo_fix_restores_them() {
    let dir = memory_with_official_glossary();
    let output = tessera(&dir, &["qa", "--term", "1", "--fix"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("fixed 1 findings in 1 units (fix 1;"),
        "{}",
        stdout(&output)
    );
    let report = json_of(&tessera(&dir, &["qa", "--json", "--kind", "deprecated"]));
    assert_eq!(report["findings"], serde_json::json!([]));
    let lookup = json_of(&tessera(&dir, &["lookup", "重庆国际传播中心周一举办论坛。", "--json"]));
    assert_eq!(
        lookup["matches"][0]["target"],
        "Chongqing International Media Center held a forum on Monday."
    );
    let audit = stdout(&tessera(&dir, &["audit"]));
    assert!(audit.contains("qa-fixed"), "{audit}");

    let output = tessera(&dir, &["qa", "--undo-fix", "1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json_of(&tessera(&dir, &["qa", "--json", "--kind", "deprecated"]));
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert_eq!(tessera(&dir, &["qa", "--undo-fix", "1"]).status.code(), Some(1));
}

#[test]
fn qa_report_is_written_as_html_and_as_xlsx() {
    let dir = memory_with_official_glossary();
    let output = tessera(&dir, &["qa", "--report", "qa.html"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(dir.path().join("qa.html")).unwrap();
    assert!(
        html.contains("<mark>Chongqing International Communication Center</mark> held a forum"),
        "{html}"
    );
    assert!(html.contains("<li>deprecated: 1</li>"));

    let output = tessera(&dir, &["qa", "--report", "qa.xlsx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(dir.path().join("qa.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    let output = tessera(&dir, &["qa", "--report", "qa.pdf"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_match_carrying_a_deprecated_name_is_marked_and_offered_with_the_approved_one() {
    let dir = memory_with_official_glossary();
    let lookup = json_of(&tessera(&dir, &["lookup", "重庆国际传播中心周一举办论坛。", "--json"]));
    let top = &lookup["matches"][0];
    assert_eq!(top["score"], 100);
    assert_eq!(
        top["term_warnings"],
        serde_json::json!([{
            "kind": "deprecated", "start": 0, "end": 44,
            "found": "Chongqing International Communication Center",
            "suggestion": "Chongqing International Media Center", "term_id": 1,
        }])
    );
    assert_eq!(top["term_adjusted"], true);
    assert_eq!(
        top["adjusted_target"],
        "Chongqing International Media Center held a forum on Monday."
    );
    assert_eq!(top["replacements"][0]["kind"], "approvedterm");
    assert_eq!(
        top["replacements"][0]["old_target"],
        "Chongqing International Communication Center"
    );

    let table = stdout(&tessera(&dir, &["lookup", "重庆国际传播中心周一举办论坛。"]));
    assert!(
        table.contains(
            "term-adjusted: Chongqing International Media Center held a forum on Monday."
        ),
        "{table}"
    );
    assert!(table.contains("swapped \"Chongqing International Communication Center\""), "{table}");

    // A match with the approved name carries no warning.
    let lookup = json_of(&tessera(&dir, &["lookup", "重庆国际传播中心成立。", "--json"]));
    assert_eq!(lookup["matches"][0]["term_warnings"], serde_json::json!([]));
    assert_eq!(lookup["matches"][0]["adjusted"], false);
}

#[test]
fn stats_and_lists_tell_approved_concepts_from_unreviewed_candidates() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("official.tbx"), OFFICIAL_TBX).unwrap();
    std::fs::write(dir.path().join("more.tsv"), "zh\ten\n国务院\tState Council\n").unwrap();
    assert!(tessera(&dir, &["import", "official.tbx", "--approve"]).status.success());
    assert!(tessera(&dir, &["import", "more.tsv"]).status.success());

    let stats = json_of(&tessera(&dir, &["stats", "--json"]));
    assert_eq!(
        stats["concepts_by_review"],
        serde_json::json!({"approved": 2, "candidate": 1, "rejected": 0})
    );
    let table = stdout(&tessera(&dir, &["stats"]));
    assert!(table.contains("Concepts   3 (approved 2, candidates 1, rejected 0)"), "{table}");

    let listed = stdout(&tessera(&dir, &["terms", "list"]));
    assert!(listed.contains("State Council [unreviewed ×0]"), "{listed}");
    assert!(listed.contains("Chongqing International Media Center [preferred ×0]"), "{listed}");
    let concepts = json_of(&tessera(&dir, &["terms", "list", "--json"]));
    let council = concepts
        .as_array()
        .unwrap()
        .iter()
        .find(|concept| concept["status"] == "candidate")
        .unwrap();
    assert_eq!(council["terms"][0]["label"], "unreviewed");
    assert_eq!(council["terms"][0]["language"], "Chinese");
}

#[test]
fn concordance_marks_hits_whose_target_carries_a_deprecated_name() {
    let dir = memory_with_official_glossary();
    let found = json_of(&tessera(&dir, &["concordance", "重庆国际传播中心", "--json"]));
    let mut marks: Vec<(i64, usize)> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            (hit["unit_id"].as_i64().unwrap(), hit["term_warnings"].as_array().unwrap().len())
        })
        .collect();
    marks.sort();
    assert_eq!(marks, [(1, 1), (2, 0)]);
    let table = stdout(&tessera(&dir, &["concordance", "重庆国际传播中心"]));
    assert!(
        table.contains("! deprecated term: \"Chongqing International Communication Center\""),
        "{table}"
    );
}

#[test]
fn deprecating_a_rendering_says_how_many_memory_units_use_it() {
    let dir = memory_with_official_glossary();
    // The reviewer marks the preferred form forbidden as well: both units now use a rendering
    // the termbase names as wrong (one deprecated, one forbidden), and the edit says so.
    let concepts = json_of(&tessera(&dir, &["terms", "list", "--json"]));
    let media = &concepts.as_array().unwrap()[0];
    let approved_term = media["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|term| term["text"] == "Chongqing International Media Center")
        .unwrap()["id"]
        .to_string();
    let output = tessera(&dir, &["terms", "edit", "1", &approved_term, "--status", "forbidden"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(
            "2 memory units use a rendering it deprecates; fix them with: tessera qa --term 1 --fix"
        ),
        "{}",
        stdout(&output)
    );

    let output = tessera(&dir, &["terms", "approve", "1"]);
    assert!(stdout(&output).contains("2 memory units use a rendering"), "{}", stdout(&output));
}
