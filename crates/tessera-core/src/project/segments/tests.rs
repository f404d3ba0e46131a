//! Find, replace, split and merge on real SQLite documents.

use super::*;
use crate::{DocumentSegment, Project};

const TEXT: &str =
    "市政府外办赴重庆开展调研\n\n3月9日,王雯率队赴重庆开展调研。双方举行座谈。会谈在重庆举行。\n";

/// A project with one document of four segments (a title, then three sentences of one
/// paragraph), the sentences translated as drafts.
fn document() -> (tempfile::TempDir, Project, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("grid.db")).unwrap();
    let document = project.open_document("news.txt", TEXT.as_bytes()).unwrap();
    let segments = project.document_segments(document).unwrap();
    assert_eq!(segments.len(), 4);
    let targets = [
        "On March 9, Wang Wen led a team to Chongqing.",
        "The two sides met.",
        "The talks were held in CHONGQING.",
    ];
    for (segment, target) in segments[1..].iter().zip(targets) {
        project.save_segment(document, segment.id, target, false).unwrap();
    }
    (dir, project, document)
}

fn query(pattern: &str, field: FindField, regex: bool, case_sensitive: bool) -> FindQuery {
    FindQuery { pattern: pattern.to_owned(), field, regex, case_sensitive }
}

/// The found occurrences as (position, start, end).
fn found(project: &Project, document: i64, query: &FindQuery) -> Vec<(u32, usize, usize)> {
    project
        .find_in_document(document, query)
        .unwrap()
        .into_iter()
        .map(|found| (found.position, found.start, found.end))
        .collect()
}

fn segments(project: &Project, document: i64) -> Vec<DocumentSegment> {
    project.document_segments(document).unwrap()
}

#[test]
fn finds_in_sources_and_targets_plainly_or_by_regex_with_or_without_case() {
    let (_dir, project, document) = document();
    assert_eq!(
        found(&project, document, &query("重庆", FindField::Source, false, false)),
        [(0, 6, 8), (1, 10, 12), (3, 3, 5)]
    );
    assert_eq!(
        found(&project, document, &query("chongqing", FindField::Target, false, false)),
        [(1, 35, 44), (3, 23, 32)]
    );
    assert_eq!(
        found(&project, document, &query("CHONGQING", FindField::Target, false, true)),
        [(3, 23, 32)]
    );
    // A regex, and the same characters taken literally.
    assert_eq!(
        found(&project, document, &query(r"\d+月", FindField::Source, true, false)),
        [(1, 0, 2)]
    );
    assert!(
        found(&project, document, &query(r"\d+月", FindField::Source, false, false)).is_empty()
    );
    // An empty match is no occurrence.
    assert!(found(&project, document, &query("x*", FindField::Target, true, false)).is_empty());
}

#[test]
fn an_invalid_pattern_is_a_clear_user_error_and_changes_nothing() {
    let (_dir, mut project, document) = document();
    let before = segments(&project, document);
    let error = project
        .find_in_document(document, &query("(unclosed", FindField::Target, true, false))
        .unwrap_err();
    assert!(matches!(error, Error::InvalidPattern { .. }) && error.is_user_error(), "{error}");
    assert!(error.to_string().starts_with("cannot search: regex parse error"), "{error}");
    let error = project
        .replace_in_document(
            document,
            &query("[a-", FindField::Target, true, false),
            "x",
            ReplaceScope::All,
        )
        .unwrap_err();
    assert!(matches!(error, Error::InvalidPattern { .. }));
    let error = project
        .find_in_document(document, &query("", FindField::Target, false, false))
        .unwrap_err();
    assert_eq!(error.to_string(), "cannot search: there is nothing to find");
    assert!(matches!(
        project.find_in_document(99, &query("a", FindField::Target, false, false)),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(segments(&project, document), before);
}

#[test]
fn replace_all_changes_every_target_in_one_go_and_makes_them_drafts() {
    let (_dir, mut project, document) = document();
    let before = segments(&project, document);
    project.save_segment(document, before[2].id, "The two sides met.", true).unwrap();
    let chongqing = query("chongqing", FindField::Target, false, false);
    let report = project
        .replace_in_document(document, &chongqing, "Chongqing Municipality", ReplaceScope::All)
        .unwrap();
    assert_eq!(report, ReplaceReport { replacements: 2, segments: 2 });
    let after = segments(&project, document);
    assert_eq!(after[1].target, "On March 9, Wang Wen led a team to Chongqing Municipality.");
    assert_eq!(after[3].target, "The talks were held in Chongqing Municipality.");
    assert!(
        after[1..].iter().all(|segment| segment.status == "draft" || segment.id == before[2].id)
    );
    // A confirmed target the pattern does not touch stays confirmed; the untranslated title stays new.
    assert_eq!(after[2].status, "confirmed");
    assert_eq!(after[0].status, "new");
    // Replacing into a confirmed target makes it a draft, as an edit does.
    let sides = query("two sides", FindField::Target, false, true);
    project.replace_in_document(document, &sides, "parties", ReplaceScope::All).unwrap();
    let after = segments(&project, document);
    assert_eq!((after[2].target.as_str(), after[2].status.as_str()), ("The parties met.", "draft"));
    // Capture groups expand in regex mode only.
    let regex = query(r"(\w+) (\w+) met", FindField::Target, true, true);
    project.replace_in_document(document, &regex, "$2 $1 met", ReplaceScope::All).unwrap();
    assert_eq!(segments(&project, document)[2].target, "parties The met.");
    let plain = query("parties The", FindField::Target, false, true);
    project.replace_in_document(document, &plain, "$1", ReplaceScope::All).unwrap();
    assert_eq!(segments(&project, document)[2].target, "$1 met.");
}

#[test]
fn replace_one_changes_only_the_occurrence_named_and_refuses_a_stale_one() {
    let (_dir, mut project, document) = document();
    let the = query("the", FindField::Target, false, false);
    let occurrences = project.find_in_document(document, &the).unwrap();
    let talks = occurrences.iter().find(|found| found.position == 3).unwrap();
    assert_eq!((talks.start, talks.end), (0, 3));
    let scope = ReplaceScope::One { segment_id: talks.segment_id, start: talks.start };
    let report = project.replace_in_document(document, &the, "Those", scope).unwrap();
    assert_eq!(report, ReplaceReport { replacements: 1, segments: 1 });
    let after = segments(&project, document);
    assert_eq!(after[3].target, "Those talks were held in CHONGQING.");
    assert_eq!(after[2].target, "The two sides met.");
    // The same occurrence again: it is not there any more, and nothing changes.
    let before = segments(&project, document);
    let error = project.replace_in_document(document, &the, "These", scope).unwrap_err();
    assert!(matches!(error, Error::InvalidEdit { .. }) && error.is_user_error(), "{error}");
    assert_eq!(segments(&project, document), before);
    // Sources are never replaced.
    let source = query("重庆", FindField::Source, false, false);
    assert!(matches!(
        project.replace_in_document(document, &source, "渝", ReplaceScope::All),
        Err(Error::InvalidEdit { .. })
    ));
    assert_eq!(segments(&project, document), before);
}

#[test]
fn split_and_merge_renumber_positions_and_round_trip() {
    let (_dir, mut project, document) = document();
    let before = segments(&project, document);
    // Split the second sentence after "双方".
    let new_id = project.split_segment(document, before[2].id, 2).unwrap();
    let split = segments(&project, document);
    assert_eq!(split.len(), 5);
    assert_eq!(split.iter().map(|segment| segment.position).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    assert_eq!(
        (split[2].source.as_str(), split[2].target.as_str(), split[2].status.as_str()),
        ("双方", "The two sides met.", "draft")
    );
    assert_eq!(
        (split[3].id, split[3].source.as_str(), split[3].target.as_str(), split[3].status.as_str()),
        (new_id, "举行座谈。", "", "new")
    );
    assert_eq!(split[3].block_idx, split[2].block_idx);
    assert_eq!(split[4].source, before[3].source);
    // Merging them back gives the sentence again, and the positions close up.
    project.merge_segments(document, before[2].id).unwrap();
    let merged = segments(&project, document);
    assert_eq!(merged.len(), 4);
    assert_eq!(merged.iter().map(|segment| segment.position).collect::<Vec<_>>(), [0, 1, 2, 3]);
    assert_eq!(merged[2].source, before[2].source);
    assert_eq!(merged[2].target, "The two sides met.");
    // English targets are joined with a space, Chinese sources with nothing.
    project.merge_segments(document, before[1].id).unwrap();
    let merged = segments(&project, document);
    assert_eq!(merged[1].source, format!("{}{}", before[1].source, before[2].source));
    assert_eq!(
        merged[1].target,
        "On March 9, Wang Wen led a team to Chongqing. The two sides met."
    );
    assert_eq!(merged[1].status, "draft");
    assert_eq!(merged.iter().map(|segment| segment.position).collect::<Vec<_>>(), [0, 1, 2]);
}

#[test]
fn split_and_merge_refuse_what_would_break_the_document() {
    let (_dir, mut project, document) = document();
    let before = segments(&project, document);
    let refused = |outcome: Result<(), Error>| {
        let error = outcome.unwrap_err();
        assert!(matches!(error, Error::InvalidEdit { .. }), "{error}");
    };
    // An empty part, a segment of another document, the last segment, across paragraphs.
    refused(project.split_segment(document, before[1].id, 0).map(drop));
    refused(project.split_segment(document, before[1].id, 99).map(drop));
    refused(project.split_segment(document + 1, before[1].id, 2).map(drop));
    refused(project.merge_segments(document, before[3].id));
    refused(project.merge_segments(document, before[0].id));
    assert_eq!(segments(&project, document), before);
}

#[test]
fn an_xliff_document_refuses_split_and_merge_and_keeps_its_segments() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("grid.db")).unwrap();
    let file = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="zh-CN" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>王雯率队赴重庆开展调研。双方举行座谈。</source></trans-unit>
<trans-unit id="2"><source>会谈在重庆举行。</source></trans-unit>
</body></file></xliff>"#;
    let document = project.open_xliff_document("job.xlf", file.as_bytes()).unwrap();
    let before = segments(&project, document);
    let split = project.split_segment(document, before[0].id, 4).unwrap_err();
    assert!(split.to_string().contains("cannot be split or merged"), "{split}");
    let merge = project.merge_segments(document, before[0].id).unwrap_err();
    assert!(merge.to_string().contains("cannot be split or merged"), "{merge}");
    assert_eq!(segments(&project, document), before);
}
