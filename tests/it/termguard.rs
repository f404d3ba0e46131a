//! The termbase guarding the memory, through `Project` on a real SQLite file: a unit confirmed
//! with a name the termbase later deprecates is found by memory QA, fixed in bulk in one
//! transaction with the audit log, and the fix undone.

use tessera_core::{
    InterchangeOptions, Project, QaScope,
    qa::{QaFinding, QaKind},
};

use crate::unit;

const OFFICIAL_TBX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>official</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="zh"><termSec><term>重庆国际传播中心</term></termSec></langSec>
      <langSec xml:lang="en">
        <termSec><term>Chongqing International Media Center</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>Chongqing International Communication Center</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"#;

const STALE: &str = "Chongqing International Communication Center";
const APPROVED: &str = "Chongqing International Media Center";

/// Units confirmed with the old name, then the official glossary imported approved.
fn project_with_stale_units(dir: &tempfile::TempDir) -> Project {
    let mut project = Project::open(&dir.path().join("memory.db")).unwrap();
    let units = vec![
        unit("王雯到重庆国际传播中心调研。", &format!("Wang Wen visited {STALE}.")),
        unit(
            "重庆国际传播中心举办论坛。",
            &format!("{STALE} held a forum; the {STALE} hosted 200 guests."),
        ),
        unit("重庆国际传播中心成立。", &format!("{APPROVED} was founded.")),
    ];
    project.add_units(units, &mut |_| {}).unwrap();
    let glossary = dir.path().join("official.tbx");
    std::fs::write(&glossary, OFFICIAL_TBX).unwrap();
    let options = InterchangeOptions { approve: true, ..Default::default() };
    let report = project.import_tbx_file_with_options(&glossary, &options).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    project
}

fn deprecated_of(findings: &[QaFinding]) -> Vec<(i64, String)> {
    findings
        .iter()
        .filter(|finding| finding.kind == QaKind::Deprecated)
        .map(|finding| (finding.unit_id, finding.found.clone()))
        .collect()
}

fn target_of(project: &Project, unit_id: i64) -> String {
    let units = project.units(unit_id - 1, 1).unwrap();
    let (_, text) = units[0].variants.iter().find(|(lang, _)| lang.primary() == "en").unwrap();
    text.clone()
}

#[test]
fn memory_qa_lists_units_that_carry_a_deprecated_rendering() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project_with_stale_units(&dir);
    let report = project.memory_qa(QaScope::Memory).unwrap();
    assert!(report.complete);
    assert_eq!(report.units_checked, 3);
    assert_eq!(
        deprecated_of(&report.findings),
        [(1, STALE.to_owned()), (2, STALE.to_owned()), (2, STALE.to_owned())]
    );
    let first = &report.findings[0];
    assert_eq!((first.start, first.end), (17, 17 + STALE.chars().count()));
    assert_eq!(first.suggestion, APPROVED);
    // The source of unit 2 has no 200: the number is reported too.
    assert!(report.findings.iter().any(|finding| finding.unit_id == 2
        && finding.kind == QaKind::Number
        && finding.found == "200"));
}

#[test]
fn one_bulk_fix_leaves_no_deprecated_finding_and_undo_puts_the_old_targets_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project_with_stale_units(&dir);
    let report = project.memory_qa(QaScope::Memory).unwrap();
    let term_id = report.findings[0].term_id;
    let of_term: Vec<QaFinding> =
        report.findings.iter().filter(|finding| finding.term_id == term_id).cloned().collect();
    let fixed = project.fix_findings(&of_term).unwrap();
    assert_eq!((fixed.findings_fixed, fixed.units_changed), (3, 2));
    assert_eq!(
        target_of(&project, 2),
        format!("{APPROVED} held a forum; the {APPROVED} hosted 200 guests.")
    );
    let after = project.memory_qa(QaScope::Memory).unwrap();
    assert_eq!(deprecated_of(&after.findings), []);
    // Every changed unit is in the audit log with its old and new text.
    let edits: Vec<String> = project
        .audit_log()
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action == "unit-edited")
        .map(|entry| entry.detail)
        .collect();
    assert_eq!(edits.len(), 2);
    assert!(edits[0].contains(STALE) && edits[0].contains(APPROVED), "{edits:?}");
    // The match index sees the new text at once.
    let found = project
        .lookup("王雯到重庆国际传播中心调研。", &tessera_core::matching::LookupOptions::default())
        .unwrap();
    assert_eq!(found[0].found.target, format!("Wang Wen visited {APPROVED}."));

    let fix_id = fixed.fix_id.unwrap();
    assert_eq!(project.undo_fix(fix_id).unwrap(), 2);
    assert_eq!(target_of(&project, 1), format!("Wang Wen visited {STALE}."));
    assert_eq!(deprecated_of(&project.memory_qa(QaScope::Memory).unwrap().findings).len(), 3);
    assert!(project.undo_fix(fix_id).is_err(), "a fix is undone once");
}

#[test]
fn a_fix_passes_over_findings_whose_text_changed_since() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project_with_stale_units(&dir);
    let report = project.memory_qa(QaScope::Memory).unwrap();
    project
        .edit_unit(tessera_core::UnitId(1), tessera_core::UnitSide::Target, "Wang Wen left.")
        .unwrap();
    let fixed = project.fix_findings(&report.findings).unwrap();
    assert_eq!(fixed.units_changed, 1);
    assert_eq!(target_of(&project, 1), "Wang Wen left.");
}

/// The issue's flow through `Project`, as the app drives it: a translator confirms a segment with
/// one name, a reviewer approves another, and the translator's unit must come back flagged,
/// term-adjusted, and listed by memory QA; one bulk fix clears it.
#[test]
fn a_name_approved_after_a_segment_was_confirmed_flags_and_fixes_that_unit() {
    use tessera_core::{ReviewDecision, matching::LookupOptions};
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("editor.db")).unwrap();
    let document = project
        .open_document(
            "news.txt",
            "重庆国际传播中心举办论坛。\n重庆国际传播中心发布报告。".as_bytes(),
        )
        .unwrap();
    let segments = project.document_segments(document).unwrap();
    // 1. The translator confirms a rendering of 重庆国际传播中心.
    project
        .save_segment(document, segments[0].id, &format!("{STALE} held a forum."), true)
        .unwrap();

    // 2. A reviewer approves "Chongqing International Media Center" (a mined candidate with both
    // renderings; approving one deprecates the other).
    let glossary = dir.path().join("candidates.tbx");
    std::fs::write(
        &glossary,
        OFFICIAL_TBX
            .replace("deprecatedTerm-admn-sts", "admittedTerm-admn-sts")
            .replace("preferredTerm-admn-sts", "admittedTerm-admn-sts"),
    )
    .unwrap();
    project.import_tbx_file(&glossary).unwrap();
    let concept = project.terms(Some("candidate"), None).unwrap().remove(0);
    let decision = ReviewDecision::Approve { preferred: Some(APPROVED.to_owned()) };
    project.review_concept(concept.id, &decision, "official name").unwrap();
    assert_eq!(project.units_using_deprecated_renderings(concept.id).unwrap(), [1]);
    // What the approval dialog offers to fix: that unit's finding, with the approved form.
    let of_concept = project.concept_findings(concept.id).unwrap();
    assert_eq!(deprecated_of(&of_concept), [(1, STALE.to_owned())]);
    assert!(of_concept.iter().all(|finding| finding.suggestion == APPROVED));

    // 3. In the next sentence the translator's own unit is the top match: flagged, and offered
    // with the approved name.
    let found = project.lookup("重庆国际传播中心举办论坛。", &LookupOptions::default()).unwrap();
    let top = &found[0];
    assert_eq!(top.found.score, 100);
    assert_eq!(top.term_warnings.len(), 1);
    assert_eq!(top.term_warnings[0].found, STALE);
    assert_eq!(top.adjusted.as_ref().unwrap().target, format!("{APPROVED} held a forum."));
    // 4. The live check of the segment sees the approval at once.
    let findings = project
        .check_translation(&segments[1].source, &format!("{STALE} released a report."))
        .unwrap();
    assert_eq!(findings[0].suggestion, APPROVED);

    // 5. Memory QA lists the stale unit; one bulk fix of the term leaves no deprecated finding.
    let report = project.memory_qa(QaScope::Memory).unwrap();
    assert_eq!(deprecated_of(&report.findings), [(1, STALE.to_owned())]);
    let of_term: Vec<QaFinding> = report
        .findings
        .iter()
        .filter(|finding| finding.term_id == Some(concept.id))
        .cloned()
        .collect();
    project.fix_findings(&of_term).unwrap();
    assert_eq!(deprecated_of(&project.memory_qa(QaScope::Memory).unwrap().findings), []);
    // The document's own QA (segments) still shows what the segment says until it is re-confirmed.
    let document_report = project.memory_qa(QaScope::Document(document)).unwrap();
    assert_eq!(deprecated_of(&document_report.findings), [(segments[0].id, STALE.to_owned())]);
}
