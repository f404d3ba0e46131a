//! Whole use cases through `Project`, on a real SQLite file.

use std::path::PathBuf;

use tessera_core::{LanguageTag, Project};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn sample_articles() -> Vec<(String, String)> {
    let mut samples: Vec<(String, String)> = std::fs::read_dir(repo_root().join("samples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| (path.display().to_string(), std::fs::read_to_string(&path).unwrap()))
        .collect();
    samples.sort();
    samples
}

#[test]
fn first_start_imports_samples_once_and_keeps_them_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("first.db");
    let samples = sample_articles();
    assert!(samples.len() >= 5);
    let borrowed: Vec<(&str, &str)> =
        samples.iter().map(|(name, text)| (name.as_str(), text.as_str())).collect();

    let mut project = Project::open(&db).unwrap();
    let reports = project.import_samples_if_empty(&borrowed).unwrap();
    assert_eq!(reports.len(), samples.len());
    assert!(reports.iter().all(|report| report.problems.is_empty() && !report.already_imported));
    assert_eq!(project.stats().unwrap().articles, samples.len() as u64);
    drop(project);

    // A second start finds a populated database and imports nothing.
    let mut project = Project::open(&db).unwrap();
    assert!(project.import_samples_if_empty(&borrowed).unwrap().is_empty());
    assert_eq!(project.stats().unwrap().articles, samples.len() as u64);

    // Re-importing the same article changes nothing.
    let (name, text) = &samples[0];
    let report = project.import_article_bytes(name, text.as_bytes()).unwrap();
    assert!(report.already_imported);
    assert_eq!(project.stats().unwrap().articles, samples.len() as u64);

    // The verbatim original is kept, byte for byte.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let stored: String = conn
        .query_row("SELECT original_text FROM article WHERE source_path = ?1", [name], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(&stored, text);
}

#[test]
fn unreadable_and_invalid_files_are_reported_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "市政府外办赴重庆国际传播中心开展调研\n").unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\xEF\xBB\xBFline one\nabc\xff\xfe def\n").unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let missing = dir.path().join("missing.txt");

    let mut project = Project::open(&dir.path().join("x.db")).unwrap();
    let reports = project.import_paths(&[bad, good, empty, missing]).unwrap();
    let problem = |idx: usize| reports[idx].problems.first().cloned();
    let invalid = problem(0).expect("invalid UTF-8 is reported");
    assert_eq!((invalid.line, invalid.column), (Some(2), Some(4)));
    assert!(reports[1].problems.is_empty());
    assert!(problem(2).unwrap().message.contains("empty"));
    assert!(problem(3).unwrap().message.contains("cannot read"));
    assert_eq!(project.stats().unwrap().articles, 1);
}

#[test]
fn generated_units_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("memory.db");
    let mut project = Project::open(&db).unwrap();
    let mut last_progress = 0;
    let ids = project
        .add_units(tessera_core::synthetic::synthetic_units(5, 0, 1_000), &mut |done| {
            last_progress = done
        })
        .unwrap();
    assert_eq!((ids.len(), last_progress), (1_000, 1_000));
    drop(project);
    let stats = Project::open(&db).unwrap().stats().unwrap();
    assert_eq!(stats.units, 1_000);
    let languages: Vec<(String, u64)> =
        stats.languages.iter().map(|(lang, count)| (lang.to_string(), *count)).collect();
    assert_eq!(languages, vec![("en".to_owned(), 1_000), ("zh-Hans".to_owned(), 1_000)]);
}

#[test]
fn synthetic_memory_is_deterministic_and_news_like() {
    let first: Vec<_> =
        (0..50).map(|idx| tessera_core::synthetic::synthetic_pair(42, idx)).collect();
    let again: Vec<_> =
        (0..50).map(|idx| tessera_core::synthetic::synthetic_pair(42, idx)).collect();
    assert_eq!(first, again);
    let other = tessera_core::synthetic::synthetic_pair(43, 0);
    assert_ne!(first[0], other);
    assert!(first.iter().all(|pair| pair.zh.ends_with('。') && pair.en.ends_with('.')));
    let distinct: std::collections::HashSet<_> = first.iter().map(|pair| &pair.zh).collect();
    assert!(distinct.len() > 40, "the generator repeats itself: {} distinct of 50", distinct.len());
}

#[test]
fn reviewed_alignment_is_saved_and_kept_on_reimport() {
    use tessera_core::BeadEdit;

    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("review.db")).unwrap();
    let sample = repo_root().join("samples/000_a6fa0aa4d8e2f0f3.txt");
    let bytes = std::fs::read(&sample).unwrap();
    let report = project.import_article_bytes("000.txt", &bytes).unwrap();
    let article_id = report.article.unwrap();
    let before = project.article_alignment(article_id).unwrap();
    assert_eq!(before.beads.len() as u64, report.units_added);
    assert!(before.beads.len() >= 4);
    assert!(
        before.dropped.iter().any(|span| span.reason == "related-articles"),
        "{:?}",
        before.dropped
    );
    let units_before = project.stats().unwrap().units;

    // Unlink the first pair and merge the second with the third.
    let mut edits: Vec<BeadEdit> = before
        .beads
        .iter()
        .map(|bead| BeadEdit { zh: bead.zh.clone(), en: bead.en.clone() })
        .collect();
    edits.remove(0);
    let third = edits.remove(1);
    edits[0].zh.extend(third.zh);
    edits[0].en.extend(third.en);
    let outcome = project.update_alignment(article_id, &edits).unwrap();
    assert_eq!((outcome.created, outcome.removed), (1, 3));
    assert_eq!(outcome.kept as usize, before.beads.len() - 3);
    assert_eq!(project.stats().unwrap().units, units_before - 2);

    let after = project.article_alignment(article_id).unwrap();
    assert_eq!(after.beads.len(), before.beads.len() - 2);
    let merged = &after.beads[0];
    assert_eq!(merged.confidence, 1.0);
    assert_eq!(merged.zh, [before.beads[1].zh.clone(), before.beads[2].zh.clone()].concat());

    // Re-importing the same file keeps the reviewed alignment.
    let again = project.import_article_bytes("000.txt", &bytes).unwrap();
    assert!(again.already_imported);
    assert_eq!(project.article_alignment(article_id).unwrap(), after);

    // An inconsistent edit changes nothing.
    let mut twice = edits.clone();
    twice[1].zh.push(edits[0].zh[0]);
    let error = project.update_alignment(article_id, &twice).unwrap_err();
    assert!(error.is_user_error(), "{error}");
    assert!(error.to_string().contains("two pairs"), "{error}");
    assert_eq!(project.article_alignment(article_id).unwrap(), after);
}

#[test]
fn cancelled_folder_import_keeps_finished_files_and_leaves_the_rest() {
    use tessera_core::ImportControl;

    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("cancel.db")).unwrap();
    let mut seen = Vec::new();
    let reports = project
        .import_paths_with_progress(&[repo_root().join("samples")], &mut |progress| {
            seen.push((progress.done, progress.total));
            if progress.done >= 2 { ImportControl::Cancel } else { ImportControl::Continue }
        })
        .unwrap();
    assert_eq!(seen.first(), Some(&(0, 5)));
    assert_eq!(reports.len(), 5);
    let cancelled = reports.iter().filter(|report| {
        report.problems.iter().any(|problem| problem.message.contains("cancelled"))
    });
    assert_eq!(cancelled.count(), 3);
    assert_eq!(project.stats().unwrap().articles, 2);
}

#[test]
fn match_index_is_persisted_extended_and_forgets_deleted_units() {
    use tessera_core::{IndexRefresh, matching::LookupOptions};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("index.db");
    let mut project = Project::open(&db).unwrap();
    project.add_units(tessera_core::synthetic::synthetic_units(9, 0, 2_000), &mut |_| {}).unwrap();
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Rebuilt);
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Current);
    let stored = tessera_core::synthetic::synthetic_pair(9, 1_234);
    let exact = project.lookup(&stored.zh, &LookupOptions { limit: 3, min_score: 50 }).unwrap();
    assert_eq!(exact[0].found.score, 100);
    assert_eq!(exact[0].found.target, stored.en);
    drop(project);

    // Reopening loads the persisted index instead of rebuilding it.
    let mut project = Project::open(&db).unwrap();
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Loaded);
    // New units are appended, and found.
    project.add_units(tessera_core::synthetic::synthetic_units(10, 0, 10), &mut |_| {}).unwrap();
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Extended);
    let added = tessera_core::synthetic::synthetic_pair(10, 3);
    let found = project.lookup(&added.zh, &LookupOptions { limit: 1, min_score: 50 }).unwrap();
    assert_eq!(found[0].found.target, added.en);

    // Deleting units (an alignment edit) forces a rebuild, so a deleted unit is never offered.
    let sample = repo_root().join("samples/000_a6fa0aa4d8e2f0f3.txt");
    let report = project.import_article_bytes("000.txt", &std::fs::read(sample).unwrap()).unwrap();
    let article = report.article.unwrap();
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Extended);
    let alignment = project.article_alignment(article).unwrap();
    let first_zh = alignment
        .segments
        .iter()
        .find(|segment| segment.id == alignment.beads[0].zh[0])
        .unwrap()
        .text
        .clone();
    let keep: Vec<tessera_core::BeadEdit> = alignment.beads[1..]
        .iter()
        .map(|bead| tessera_core::BeadEdit { zh: bead.zh.clone(), en: bead.en.clone() })
        .collect();
    project.update_alignment(article, &keep).unwrap();
    // The removed unit leaves the index in memory at once: no rebuild needed.
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Current);
    let after = project.lookup(&first_zh, &LookupOptions { limit: 5, min_score: 90 }).unwrap();
    assert!(after.is_empty(), "a removed unit was still offered: {after:?}");
    // The persisted copy was dropped with the deletion, so a reopened memory rebuilds it.
    drop(project);
    let mut project = Project::open(&db).unwrap();
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Rebuilt);
    let after = project.lookup(&first_zh, &LookupOptions { limit: 5, min_score: 90 }).unwrap();
    assert!(after.is_empty(), "a removed unit was offered after reopening: {after:?}");
}

#[test]
fn lookup_adjusts_a_match_that_differs_only_in_a_date_and_names_its_origin() {
    use tessera_core::matching::LookupOptions;

    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("adjust.db")).unwrap();
    let sample = repo_root().join("samples/000_a6fa0aa4d8e2f0f3.txt");
    project.import_article_bytes("samples/000.txt", &std::fs::read(sample).unwrap()).unwrap();
    let query = "3月9日,市政府外辦党组成员、副主任王雯,率新闻处、重庆与世界杂志社赴重庆国际传播中心开展调研。";
    let matches = project.lookup(query, &LookupOptions { limit: 1, min_score: 50 }).unwrap();
    let best = &matches[0];
    assert!(best.found.score >= 90 && best.found.score < 100, "{}", best.found.score);
    assert!(best.found.target.starts_with("On March 2,"));
    let adjusted = best.adjusted.as_ref().expect("a date-only difference is adjusted");
    assert!(adjusted.target.starts_with("On March 9,"), "{}", adjusted.target);
    assert_eq!(best.origin.as_ref().unwrap().article.as_deref(), Some("samples/000.txt"));
}

#[test]
fn edited_and_deleted_units_are_matched_as_they_are_now_and_keep_a_history() {
    use tessera_core::{IndexRefresh, UnitId, UnitSide, matching::LookupOptions};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("edit.db");
    let mut project = Project::open(&db).unwrap();
    let sample = repo_root().join("samples/000_a6fa0aa4d8e2f0f3.txt");
    project.import_article_bytes("000.txt", &std::fs::read(sample).unwrap()).unwrap();
    let options = LookupOptions { limit: 3, min_score: 50 };
    let units = project.units(0, 100).unwrap();
    let (first, second) = (&units[0], &units[1]);
    let second_zh = second.variants[0].1.clone();
    assert_eq!(project.lookup(&second_zh, &options).unwrap()[0].found.score, 100);

    // Edit the English of the second unit: lookups see the new text at once, without a rebuild.
    project.edit_unit(second.id, UnitSide::Target, "The survey team held a meeting.").unwrap();
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Current);
    let best = &project.lookup(&second_zh, &options).unwrap()[0];
    assert_eq!(best.found.target, "The survey team held a meeting.");
    let history = project.unit_history(second.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "unit-edited");
    assert!(
        history[0].detail.contains("→ The survey team held a meeting."),
        "{}",
        history[0].detail
    );

    // A context match: the query's previous segment is the unit's previous segment.
    let previous = first.variants[0].1.clone();
    let with_context = project.lookup_in_context(&second_zh, Some(&previous), &options).unwrap();
    assert!(with_context[0].context_match);
    let without =
        project.lookup_in_context(&second_zh, Some("完全不同的上一句。"), &options).unwrap();
    assert!(!without[0].context_match);

    // Delete it: never offered again, in this process or after reopening.
    project.delete_unit(second.id).unwrap();
    assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Current);
    assert!(
        project.lookup(&second_zh, &LookupOptions { limit: 3, min_score: 95 }).unwrap().is_empty()
    );
    assert_eq!(project.unit_history(second.id).unwrap().last().unwrap().action, "unit-deleted");
    drop(project);
    let mut project = Project::open(&db).unwrap();
    assert!(
        project.lookup(&second_zh, &LookupOptions { limit: 3, min_score: 95 }).unwrap().is_empty()
    );
    // Empty text is refused and changes nothing.
    assert!(project.edit_unit(first.id, UnitSide::Source, "  ").unwrap_err().is_user_error());
    assert!(project.edit_unit(UnitId(999_999), UnitSide::Source, "x").is_err());
}

#[test]
fn a_document_is_translated_segment_by_segment_into_the_memory() {
    use tessera_core::matching::LookupOptions;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("editor.db");
    let mut project = Project::open(&db).unwrap();
    let text = "市政府外办赴重庆国际传播中心开展调研\n\n3月9日,王雯率队赴重庆国际传播中心开展调研。双方举行座谈。\n";
    let document = project.open_document("new.txt", text.as_bytes()).unwrap();
    let segments = project.document_segments(document).unwrap();
    assert_eq!(segments.len(), 3);
    assert!(segments.iter().all(|segment| segment.status == "new"));

    // A draft is kept with the document but not written to the memory.
    project.save_segment(document, segments[1].id, "On March 9, Wang Wen", false).unwrap();
    assert_eq!(project.stats().unwrap().units, 0);
    // Confirming writes the unit in the same transaction; it is durable and found at once.
    let unit = project
        .save_segment(document, segments[1].id, "On March 9, Wang Wen led a team.", true)
        .unwrap()
        .unwrap();
    drop(project);
    let mut project = Project::open(&db).unwrap();
    assert_eq!(project.stats().unwrap().units, 1);
    let found =
        project.lookup(&segments[1].source, &LookupOptions { limit: 1, min_score: 50 }).unwrap();
    assert_eq!(found[0].found.target, "On March 9, Wang Wen led a team.");
    // Confirming again updates the same unit, and the index sees the new text.
    let again = project
        .save_segment(document, segments[1].id, "On March 9, Wang Wen led a delegation.", true)
        .unwrap();
    assert_eq!(again, Some(unit));
    assert_eq!(project.stats().unwrap().units, 1);
    let found =
        project.lookup(&segments[1].source, &LookupOptions { limit: 1, min_score: 50 }).unwrap();
    assert_eq!(found[0].found.target, "On March 9, Wang Wen led a delegation.");

    // Export: paragraphs as in the source; an untranslated segment stays in Chinese.
    let exported = project.export_document_text(document).unwrap();
    assert_eq!(
        exported,
        format!(
            "{}\n\nOn March 9, Wang Wen led a delegation. {}\n",
            segments[0].source, segments[2].source
        )
    );
    assert_eq!(project.documents().unwrap()[0].confirmed, 1);
    // The same translation as .docx (read back by the article decoder) and as bilingual TMX.
    let docx = project.export_document_docx(document).unwrap();
    let decoded = tessera_core::articles::decode(&docx, "translation.docx").unwrap();
    assert_eq!(decoded.text.trim(), exported.trim().replace("\n\n", "\n"));
    let mut tmx = Vec::new();
    assert_eq!(project.export_document_tmx(document, &mut tmx).unwrap(), 1);
    let read = tessera_core::tmx::read_all(tmx.as_slice(), &Default::default()).unwrap();
    assert_eq!(read.units[0].variants[1].segment.text, "On March 9, Wang Wen led a delegation.");

    // Nothing to translate, or an empty confirmation, is refused and changes nothing.
    assert!(project.open_document("numbers.txt", b"2024 12 06").unwrap_err().is_user_error());
    assert!(
        project
            .open_document_into(
                "chinese.txt",
                text.as_bytes(),
                Some(&LanguageTag::parse("zh-Hans"))
            )
            .unwrap_err()
            .is_user_error()
    );
    assert!(
        project
            .open_document_into("english.txt", b"Some English.", Some(&LanguageTag::parse("fr")))
            .unwrap_err()
            .is_user_error()
    );
    assert!(
        project.save_segment(document, segments[0].id, "  ", true).unwrap_err().is_user_error()
    );
    assert_eq!(project.documents().unwrap().len(), 1);
}

/// Issue 15, part 1: a document written in English is translated into Chinese, in the script the
/// translator chose; the memory, the term panel and the live check work from English.
#[test]
fn an_english_document_is_translated_into_chinese_in_the_chosen_script() {
    use tessera_core::{InterchangeOptions, LookupDirection, matching::LookupOptions};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("en.db");
    let glossary = dir.path().join("official.csv");
    std::fs::write(&glossary, "zh,en\n国务院,State Council\n").unwrap();
    let mut project = Project::open(&db).unwrap();
    let options = InterchangeOptions { approve: true, ..Default::default() };
    project.import_glossary_table_with_options(&glossary, &options).unwrap();
    let text = "State Council Meets on Trade\n\nThe State Council met on Friday. It discussed trade with 12 countries.\n";

    // With no choice made, English text is translated into simplified Chinese.
    let simplified = project.open_document("meeting.txt", text.as_bytes()).unwrap();
    let summary = project.documents().unwrap().into_iter().find(|d| d.id == simplified).unwrap();
    assert_eq!((summary.source_lang.as_str(), summary.target_lang.as_str()), ("en", "zh-Hans"));
    let segments = project.document_segments(simplified).unwrap();
    assert_eq!(segments[1].source, "The State Council met on Friday.");
    assert_eq!(segments.len(), 3);

    // The term panel shows the Chinese form; the live check wants it in the target.
    let terms = project.segment_terms(&segments[1].source).unwrap();
    assert_eq!(terms.len(), 1);
    assert_eq!(terms[0].preferred.as_deref(), Some("国务院"));
    assert_eq!((terms[0].hit.start, terms[0].hit.end), (4, 17));
    let missing = project.check_translation(&segments[1].source, "政府周五开会。").unwrap();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].suggestion, "国务院");
    assert!(project.check_translation(&segments[1].source, "国务院周五开会。").unwrap().is_empty());
    assert!(project.check_translation(&segments[1].source, "國務院週五開會。").unwrap().is_empty());

    // Confirming writes an English-source unit with a simplified Chinese target.
    let unit = project
        .save_segment(simplified, segments[1].id, "国务院周五召开会议。", true)
        .unwrap()
        .unwrap();
    let stored = |project: &Project, unit: tessera_core::UnitId| {
        project.units(unit.0 - 1, 1).unwrap().into_iter().next().unwrap()
    };
    let row = stored(&project, unit);
    assert_eq!(row.source_lang.as_ref().map(|tag| tag.as_str()), Some("en"));
    let langs: Vec<&str> = row.variants.iter().map(|(lang, _)| lang.as_str()).collect();
    assert_eq!(langs, ["en", "zh-Hans"]);
    // Confirming again edits the Chinese side, not the English source.
    project.save_segment(simplified, segments[1].id, "国务院于周五召开会议。", true).unwrap();
    let row = stored(&project, unit);
    assert_eq!(row.variants[0].1, "The State Council met on Friday.");
    assert_eq!(row.variants[1].1, "国务院于周五召开会议。");

    // The next English document finds it from English, as the editor asks (by its source).
    let traditional = project
        .open_document_into("again.txt", text.as_bytes(), Some(&LanguageTag::parse("zh-TW")))
        .unwrap();
    let segments = project.document_segments(traditional).unwrap();
    let options = LookupOptions { limit: 3, min_score: 50 };
    let found = project.lookup_in_context(&segments[1].source, None, &options).unwrap();
    assert_eq!(found[0].found.score, 100);
    assert_eq!(found[0].found.target, "国务院于周五召开会议。");
    let same = project
        .lookup_in_direction(&segments[1].source, LookupDirection::EnglishToChinese, &options)
        .unwrap();
    assert_eq!(same[0].found.unit_id, found[0].found.unit_id);
    // A traditional-script document writes zh-Hant units.
    let unit = project
        .save_segment(traditional, segments[2].id, "它討論了與12個國家的貿易。", true)
        .unwrap()
        .unwrap();
    assert_eq!(stored(&project, unit).variants[1].0.as_str(), "zh-Hant");
    let summary = project.documents().unwrap().into_iter().find(|d| d.id == traditional).unwrap();
    assert_eq!(summary.target_lang.as_str(), "zh-Hant");
}

#[test]
fn the_live_check_follows_termbase_changes_made_in_the_same_session() {
    use tessera_core::{ReviewDecision, TermStatus};

    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("terms.db")).unwrap();
    project.import_paths(&[repo_root().join("samples")]).unwrap();
    project.extract_terms().unwrap();
    let group = project
        .terms(Some("candidate"), None)
        .unwrap()
        .into_iter()
        .find(|concept| {
            concept.terms.iter().any(|term| term.text == "Chongqing Daily Newspaper Group")
        })
        .unwrap();
    let (source, target) =
        ("王雯参观重报集团。", "Wang Wen visited Chongqing Newspaper Daily Group.");
    // Not approved yet: nothing to check against.
    assert!(project.check_translation(source, target).unwrap().is_empty());
    let approve =
        ReviewDecision::Approve { preferred: Some("Chongqing Daily Newspaper Group".to_owned()) };
    project.review_concept(group.id, &approve, "").unwrap();
    let kinds = |project: &mut Project| -> Vec<String> {
        project
            .check_translation(source, target)
            .unwrap()
            .iter()
            .map(|finding| format!("{:?}", finding.kind))
            .collect()
    };
    assert_eq!(kinds(&mut project), ["Deprecated"]);
    // Unrelated writes (a document, a draft) do not change what the check knows…
    let document = project.open_document("d.txt", source.as_bytes()).unwrap();
    let segment = project.document_segments(document).unwrap()[0].id;
    project.save_segment(document, segment, target, false).unwrap();
    assert_eq!(kinds(&mut project), ["Deprecated"]);
    // …but a term's status change does, at once.
    let variant = project.terms(Some("approved"), None).unwrap()[0]
        .terms
        .iter()
        .find(|term| term.text == "Chongqing Newspaper Daily Group")
        .unwrap()
        .id;
    project
        .edit_term(group.id, variant, "Chongqing Newspaper Daily Group", TermStatus::Forbidden)
        .unwrap();
    assert_eq!(kinds(&mut project), ["Forbidden"]);
}

#[test]
fn an_abbreviation_mined_later_calls_for_the_approved_rendering_of_its_full_form() {
    use tessera_core::ReviewDecision;

    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("short.db")).unwrap();
    let first = "重庆市政府研究局表示，年度报告已发布。\n\nThe Research Bureau of Chongqing \
                 Municipal People's Government said its annual report was out.\n";
    project.import_article_bytes("first.txt", first.as_bytes()).unwrap();
    project.extract_terms().unwrap();
    let bureau = project
        .terms(Some("candidate"), Some("organisation"))
        .unwrap()
        .into_iter()
        .find(|concept| concept.terms.iter().any(|term| term.text == "重庆市政府研究局"))
        .unwrap();
    let approve = ReviewDecision::Approve {
        preferred: Some("Research Bureau of Chongqing Municipal People's Government".to_owned()),
    };
    project.review_concept(bureau.id, &approve, "").unwrap();

    let later = "市政府研究局局长张明介绍了情况。\n\nZhang Ming, director general of the \
                 Research Bureau, briefed on the situation.\n";
    project.import_article_bytes("later.txt", later.as_bytes()).unwrap();
    project.extract_terms().unwrap();
    let forms: Vec<String> = project
        .terms(Some("approved"), None)
        .unwrap()
        .into_iter()
        .find(|concept| concept.id == bureau.id)
        .unwrap()
        .terms
        .into_iter()
        .filter(|term| term.lang.primary() == "zh")
        .map(|term| term.text)
        .collect();
    assert!(forms.contains(&"市政府研究局".to_owned()), "{forms:?}");
    // Either Chinese form calls for the approved English.
    let findings = project
        .check_translation("市政府研究局发布了报告。", "The Research Office released a report.")
        .unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        findings[0].suggestion,
        "Research Bureau of Chongqing Municipal People's Government"
    );
}

#[test]
fn people_and_their_titles_are_linked_and_dated_by_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("holders.db")).unwrap();
    let article = "2021年3月12日，市商务委副主任刘明会见了新西兰驻广州总领事戴伟廉。\n\n\
                   On March 12, 2021, Liu Ming, Deputy Director General of the Municipal \
                   Commerce Commission, met with William Davidson, Consul General of New Zealand \
                   in Guangzhou.\n";
    project.import_article_bytes("envoy.txt", article.as_bytes()).unwrap();
    project.extract_terms().unwrap();
    let concepts = project.terms(None, None).unwrap();
    let find = |zh: &str| {
        concepts
            .iter()
            .find(|concept| concept.terms.iter().any(|term| term.text == zh))
            .unwrap_or_else(|| panic!("no concept {zh}"))
    };
    let person = find("戴伟廉");
    let title = find("新西兰驻广州总领事");
    assert_eq!(person.category, "person");
    assert!(person.links.contains(&(title.id, "holds-title".to_owned())), "{:?}", person.links);
    assert_eq!(
        person.details.note,
        "titles held: 2021-03-12: 新西兰驻广州总领事 (Consul General of New Zealand in Guangzhou, \
         William Davidson)"
    );
}

/// Issue 15, part 7: an article with sentences left out of every pair said "0 to review". Its
/// summary now counts them, as the review lists them.
#[test]
fn an_article_counts_the_sentences_left_out_of_every_pair() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("unaligned.db")).unwrap();
    project.import_paths(&[repo_root().join("samples")]).unwrap();
    let mut some_unaligned = false;
    for article in project.articles().unwrap() {
        let alignment = project.article_alignment(article.id).unwrap();
        if alignment.article.id != article.id {
            continue; // The English file of a pair: its sentences are counted with its partner.
        }
        let paired: std::collections::HashSet<_> =
            alignment.beads.iter().flat_map(|bead| bead.zh.iter().chain(&bead.en)).collect();
        let loose = alignment.segments.iter().filter(|segment| !paired.contains(&segment.id));
        assert_eq!(article.unaligned_sentences, loose.count() as u64, "{}", article.source_path);
        some_unaligned |= article.unaligned_sentences > 0;
    }
    assert!(some_unaligned, "the samples include English that covers only part of the Chinese");
}

/// Issue 15, parts 3 and 4: a document opened in the editor is pre-translated from the memory
/// (its 100% matches filled as drafts to review, with their score), and moving past a segment
/// changes its status only when its target changed.
#[test]
fn an_editor_document_is_pretranslated_and_keeps_its_status_until_edited() {
    use crate::unit as pair;
    use tessera_core::PretranslateOptions;

    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("pre.db")).unwrap();
    project
        .add_units(
            [
                pair(
                    "外交部发言人主持例行记者会。",
                    "The Foreign Ministry Spokesperson held a regular press conference.",
                ),
                pair(
                    "长江经济带发展取得新成效。",
                    "The Yangtze River Economic Belt has made new progress.",
                ),
            ],
            &mut |_| {},
        )
        .unwrap();
    let text =
        "外交部发言人主持例行记者会。长江经济带发展取得新成效。今天天气很好，我们去公园散步吧。";
    let document = project.open_document("pre.txt", text.as_bytes()).unwrap();
    let exact_only = PretranslateOptions { min_score: 100 };
    let report = project.pretranslate_document(document, &exact_only).unwrap();
    assert_eq!(report.filled, 2);
    assert_eq!((report.bands.exact, report.bands.no_match), (2, 1));
    let segments = project.document_segments(document).unwrap();
    let shown: Vec<(&str, &str, Option<u8>)> = segments
        .iter()
        .map(|segment| (segment.status.as_str(), segment.target.as_str(), segment.match_score))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "draft",
                "The Foreign Ministry Spokesperson held a regular press conference.",
                Some(100)
            ),
            ("draft", "The Yangtze River Economic Belt has made new progress.", Some(100)),
            ("new", "", None),
        ]
    );
    // Pre-translating again fills nothing twice; the memory is untouched.
    assert_eq!(project.pretranslate_document(document, &exact_only).unwrap().filled, 0);
    assert_eq!(project.stats().unwrap().units, 2);

    // Moving past a segment saves it: unchanged, nothing changes; changed, it is a draft of
    // the translator's, no longer a pre-translation.
    project.save_segment(document, segments[2].id, "", false).unwrap();
    project.save_segment(document, segments[0].id, &segments[0].target, false).unwrap();
    let after = project.document_segments(document).unwrap();
    assert_eq!((after[2].status.as_str(), after[0].match_score), ("new", Some(100)));
    project
        .save_segment(document, segments[0].id, "A spokesperson held a briefing.", false)
        .unwrap();
    let after = project.document_segments(document).unwrap();
    assert_eq!((after[0].status.as_str(), after[0].match_score), ("draft", None));
    // A confirmed segment stays confirmed when the translator moves past it unchanged.
    project.save_segment(document, segments[1].id, &segments[1].target, true).unwrap();
    project.save_segment(document, segments[1].id, &segments[1].target, false).unwrap();
    assert_eq!(project.document_segments(document).unwrap()[1].status, "confirmed");
}
