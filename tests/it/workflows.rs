//! Whole use cases through `Project`, on a real SQLite file.

use std::path::PathBuf;

use tessera_core::Project;

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
