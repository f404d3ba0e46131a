//! TMX and TBX imports through `Project` on real SQLite files: round trips, encodings, rollback,
//! duplicate policies and undo.

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::Command,
};

use tessera_core::{
    DuplicatePolicy, FileReport, ImportBatchId, InterchangeOptions, Project, TermStatus, TmxExport,
    tbx, tmx,
};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/tmx").join(name)
}

fn tmx_dtd() -> PathBuf {
    repo_root().join("crates/tessera-core/test_data/tmx/tmx14.dtd")
}

fn policy(duplicates: DuplicatePolicy) -> InterchangeOptions {
    InterchangeOptions { duplicates, ..InterchangeOptions::default() }
}

fn import(project: &mut Project, path: &Path, duplicates: DuplicatePolicy) -> FileReport {
    project.import_tmx_file(path, &policy(duplicates)).unwrap()
}

fn export(project: &Project) -> Vec<u8> {
    let mut out = Vec::new();
    project.export_tmx(&mut out, &TmxExport::default()).unwrap();
    out
}

/// What a round trip must keep of a unit, in a form that reads well in a failing assertion:
/// languages by BCP 47 tag, texts with placeholders, tags, props, notes and dates.
fn comparable(document: &tmx::Document) -> Vec<String> {
    comparable_units(document, true)
}

/// [`comparable`], leaving out what the database fills in for a unit that had none: its
/// creation date (the import's time) and its tuid (the unit's id).
fn comparable_units(document: &tmx::Document, with_filled_in: bool) -> Vec<String> {
    let default_source = match &document.header.source_lang {
        tmx::SourceLanguage::Language(language) => Some(language.tag.to_string()),
        tmx::SourceLanguage::All => None,
    };
    document
        .units
        .iter()
        .map(|unit| {
            let source = match &unit.source_lang {
                Some(tmx::SourceLanguage::Language(language)) => Some(language.tag.to_string()),
                _ => default_source.clone(),
            };
            let annotations = |props: &[tmx::Prop], notes: &[tmx::Note]| {
                let props: Vec<String> = props
                    .iter()
                    .filter(|prop| !prop.kind.starts_with("x-tessera-"))
                    .map(|prop| format!("{}={}", prop.kind, prop.value))
                    .collect();
                let notes: Vec<String> = notes
                    .iter()
                    .map(|note| {
                        format!(
                            "{:?}:{}",
                            note.lang.as_ref().map(|lang| lang.tag.to_string()),
                            note.text
                        )
                    })
                    .collect();
                format!("props {props:?} notes {notes:?}")
            };
            let metadata = |metadata: &tmx::Metadata| {
                format!(
                    "created {:?} by {:?}, changed {:?} by {:?}, used {:?} last {:?}",
                    metadata.creation_date,
                    metadata.creation_id,
                    metadata.change_date,
                    metadata.change_id,
                    metadata.usage_count,
                    metadata.last_usage_date
                )
            };
            let mut unit_metadata = unit.metadata.clone();
            if !with_filled_in {
                unit_metadata.creation_date = None;
            }
            let tuid = if with_filled_in { unit.tuid.clone() } else { None };
            let mut out = format!(
                "tu {tuid:?} source {source:?} {} {}",
                metadata(&unit_metadata),
                annotations(&unit.props, &unit.notes)
            );
            for variant in &unit.variants {
                out.push_str(&format!(
                    "\n  tuv {} {} {}\n    seg {:?}\n    tags {:?}",
                    variant.lang.tag,
                    metadata(&variant.metadata),
                    annotations(&variant.props, &variant.notes),
                    variant.segment.text,
                    variant.segment.tags
                ));
            }
            out
        })
        .collect()
}

fn read_tmx(bytes: &[u8]) -> tmx::Document {
    tmx::read_all(bytes, &tmx::ReadOptions::default()).unwrap()
}

#[test]
fn tmx_round_trip_keeps_units_props_notes_and_inline_markup() {
    let original = std::fs::read(fixture("roundtrip.tmx")).unwrap();
    let mut project = Project::open_in_memory().unwrap();
    let report = import(&mut project, &fixture("roundtrip.tmx"), DuplicatePolicy::SkipIdentical);
    assert_eq!(report.problems, Vec::new());
    assert_eq!((report.kind.as_str(), report.units_added), ("tmx", 4));

    let exported = export(&project);
    let before = read_tmx(&original);
    let after = read_tmx(&exported);
    assert!(after.skipped.is_empty(), "{:?}", after.skipped);
    assert_eq!(comparable(&after), comparable(&before));
    // The original spelling of a language code is stored beside the normalised tag.
    assert!(before.units[0].variants[0].lang.original == "ZH_cn");
    assert_eq!(after.units[0].variants[0].lang.tag.as_str(), "zh-CN");
}

#[test]
fn exported_memory_is_valid_against_the_tmx_dtd() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("memory.db")).unwrap();
    import(&mut project, &fixture("roundtrip.tmx"), DuplicatePolicy::SkipIdentical);
    import(&mut project, &fixture("memoq-utf16.tmx"), DuplicatePolicy::SkipIdentical);
    let out = dir.path().join("export.tmx");
    std::fs::write(&out, export(&project)).unwrap();
    let result = Command::new("xmllint")
        .arg("--noout")
        .arg("--dtdvalid")
        .arg(tmx_dtd())
        .arg(&out)
        .output()
        .expect("xmllint (Debian libxml2-utils) is a test dependency");
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
}

#[test]
fn utf16_memoq_export_imports_with_tags_and_normalised_languages() {
    let mut project = Project::open_in_memory().unwrap();
    let report = import(&mut project, &fixture("memoq-utf16.tmx"), DuplicatePolicy::SkipIdentical);
    assert_eq!(report.problems, Vec::new());
    assert_eq!(report.units_added, 2);
    let languages: Vec<String> =
        project.stats().unwrap().languages.iter().map(|(lang, _)| lang.to_string()).collect();
    assert_eq!(languages, ["en-GB", "zh-CN"]);
    let exported = String::from_utf8(export(&project)).unwrap();
    assert!(exported.contains("<ph>{1}</ph>"), "{exported}");
    assert!(exported.contains(r#"<prop type="client">MFA</prop>"#), "{exported}");
}

#[test]
fn truncated_tmx_changes_nothing_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixture("roundtrip.tmx")).unwrap();
    let cut = original.find("<tu tuid=\"three-3\"").unwrap() + 40;
    let truncated = dir.path().join("truncated.tmx");
    std::fs::write(&truncated, &original[..cut]).unwrap();

    let mut project = Project::open(&dir.path().join("memory.db")).unwrap();
    let report = import(&mut project, &truncated, DuplicatePolicy::KeepAll);
    assert_eq!((report.units_added, report.import_batch), (0, None));
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(report.problems[0].message.contains("truncated"), "{:?}", report.problems);
    assert!(report.problems[0].line.is_some());
    assert_eq!(project.stats().unwrap().units, 0);
    assert!(project.imports().unwrap().is_empty());
}

#[test]
fn file_that_is_not_tmx_changes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.tmx");
    std::fs::write(&path, "<?xml version=\"1.0\"?>\n<html><body>hello</body></html>\n").unwrap();
    let mut project = Project::open_in_memory().unwrap();
    let report = import(&mut project, &path, DuplicatePolicy::SkipIdentical);
    assert_eq!(report.import_batch, None);
    assert_eq!(report.problems.len(), 1);
    assert_eq!((report.problems[0].line, report.problems[0].column), (Some(2), Some(1)));
    assert!(report.problems[0].message.contains("not a TMX file"), "{:?}", report.problems);
    assert_eq!(project.stats().unwrap().units, 0);
}

#[test]
fn skipped_units_are_reported_with_their_place_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("partly.tmx");
    std::fs::write(
        &path,
        "<tmx version=\"1.4\"><header srclang=\"en\" creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" datatype=\"plaintext\"/><body>\n\
         <tu><tuv xml:lang=\"en\"><seg>one language only</seg></tuv></tu>\n\
         <tu><tuv xml:lang=\"en\"><seg>Hello</seg></tuv><tuv xml:lang=\"zh\"><seg>你好</seg></tuv></tu>\n\
         </body></tmx>",
    )
    .unwrap();
    let mut project = Project::open_in_memory().unwrap();
    let report = import(&mut project, &path, DuplicatePolicy::SkipIdentical);
    assert_eq!(report.units_added, 1);
    assert!(report.import_batch.is_some());
    assert!(!report.problems.is_empty());
    assert!(report.problems.iter().all(|problem| problem.line == Some(2)), "{:?}", report.problems);
}

#[test]
fn reimport_with_skip_identical_adds_nothing() {
    let mut project = Project::open_in_memory().unwrap();
    let first = import(&mut project, &fixture("roundtrip.tmx"), DuplicatePolicy::SkipIdentical);
    let second = import(&mut project, &fixture("roundtrip.tmx"), DuplicatePolicy::SkipIdentical);
    assert_eq!((first.units_added, first.units_skipped), (4, 0));
    assert_eq!((second.units_added, second.units_skipped), (0, 4));
    assert_eq!(project.stats().unwrap().units, 4);
}

/// Writes a small TMX whose units translate `source` as `target`, changed at `date`.
fn write_memory(path: &Path, units: &[(&str, &str, &str)]) {
    let mut file = std::fs::File::create(path).unwrap();
    write!(
        file,
        "<tmx version=\"1.4\"><header srclang=\"zh-CN\" creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" datatype=\"plaintext\"/><body>"
    )
    .unwrap();
    for (source, target, date) in units {
        write!(
            file,
            "<tu creationdate=\"{date}\"><tuv xml:lang=\"zh-CN\"><seg>{source}</seg></tuv><tuv xml:lang=\"en\"><seg>{target}</seg></tuv></tu>"
        )
        .unwrap();
    }
    write!(file, "</body></tmx>").unwrap();
}

#[test]
fn duplicate_policies_count_what_they_skip_and_replace() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.tmx");
    let new = dir.path().join("new.tmx");
    write_memory(
        &old,
        &[
            ("外交部", "Foreign Ministry", "20200101T000000Z"),
            ("谢谢", "Thanks", "20200101T000000Z"),
        ],
    );
    write_memory(
        &new,
        &[
            ("外交部", "Ministry of Foreign Affairs", "20240101T000000Z"),
            ("谢谢", "Thanks", "20240101T000000Z"),
            ("谢谢", "Thank you", "20190101T000000Z"),
            ("再见", "Goodbye", "20240101T000000Z"),
        ],
    );

    let mut project = Project::open_in_memory().unwrap();
    import(&mut project, &old, DuplicatePolicy::KeepAll);
    let skip = import(&mut project, &new, DuplicatePolicy::SkipIdentical);
    // Only the unit with the same languages and texts ("谢谢" → "Thanks") is skipped.
    assert_eq!((skip.units_added, skip.units_skipped, skip.units_replaced), (3, 1, 0));

    let mut project = Project::open_in_memory().unwrap();
    import(&mut project, &old, DuplicatePolicy::KeepAll);
    let newest = import(&mut project, &new, DuplicatePolicy::KeepNewest);
    // 外交部 2024 replaces 2020; 谢谢 2024 replaces 2020; 谢谢 2019 is older than that, skipped.
    assert_eq!((newest.units_added, newest.units_skipped, newest.units_replaced), (3, 1, 2));
    assert_eq!(project.stats().unwrap().units, 3);
    let exported = String::from_utf8(export(&project)).unwrap();
    assert!(
        exported.contains("Ministry of Foreign Affairs") && !exported.contains("Foreign Ministry")
    );
    assert!(!exported.contains("Thank you"), "{exported}");

    let mut project = Project::open_in_memory().unwrap();
    import(&mut project, &old, DuplicatePolicy::KeepAll);
    let all = import(&mut project, &new, DuplicatePolicy::KeepAll);
    assert_eq!((all.units_added, all.units_skipped, all.units_replaced), (4, 0, 0));
    assert_eq!(project.stats().unwrap().units, 6);
}

#[test]
fn undo_removes_exactly_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("memory.db");
    let mut project = Project::open(&db).unwrap();
    let article = project
        .import_article_bytes(
            "a.txt",
            "外交部发言人答记者问。\n\nThe spokesperson answered questions.\n".as_bytes(),
        )
        .unwrap();
    assert!(article.problems.is_empty(), "{:?}", article.problems);
    let first = import(&mut project, &fixture("memoq-utf16.tmx"), DuplicatePolicy::SkipIdentical);
    let before = export(&project);
    let stats_before = project.stats().unwrap();
    let second = import(&mut project, &fixture("roundtrip.tmx"), DuplicatePolicy::SkipIdentical);
    assert_eq!(project.stats().unwrap().units, stats_before.units + 4);

    let batch = second.import_batch.unwrap();
    let undone = project.undo_import(batch).unwrap();
    assert_eq!(undone.units_removed, 4);
    assert_eq!(project.stats().unwrap(), stats_before);
    assert_eq!(export(&project), before);
    // Annotations went with their units.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n_annotations: i64 =
        conn.query_row("SELECT count(*) FROM unit_annotation", [], |row| row.get(0)).unwrap();
    assert_eq!(n_annotations, 1, "only the memoQ unit's prop is left");

    let imports = project.imports().unwrap();
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[0].id, first.import_batch.unwrap());
    assert!(imports[0].undone_at.is_none() && imports[1].undone_at.is_some());
    assert!(project.undo_import(batch).is_err(), "an import is undone once");
    assert!(project.undo_import(ImportBatchId(999)).is_err());
}

#[test]
fn gzip_and_zip_memories_import_like_plain_files() {
    let dir = tempfile::tempdir().unwrap();
    let plain = std::fs::read(fixture("roundtrip.tmx")).unwrap();
    let gz = dir.path().join("memory.tmx.gz");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("gzip -c {} > {}", fixture("roundtrip.tmx").display(), gz.display()))
        .status()
        .unwrap();
    assert!(status.success());
    let zip = dir.path().join("memories.zip");
    std::fs::copy(fixture("memoq-utf16.tmx"), dir.path().join("b.tmx")).unwrap();
    std::fs::write(dir.path().join("a.tmx"), &plain).unwrap();
    std::fs::write(dir.path().join("readme.txt"), "not a memory").unwrap();
    let status = Command::new("python3")
        .arg("-c")
        .arg("import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n    [z.write(p, p.split('/')[-1]) for p in sys.argv[2:]]")
        .arg(&zip)
        .arg(dir.path().join("a.tmx"))
        .arg(dir.path().join("b.tmx"))
        .arg(dir.path().join("readme.txt"))
        .status()
        .unwrap();
    assert!(status.success());

    let mut project = Project::open_in_memory().unwrap();
    let from_gz = import(&mut project, &gz, DuplicatePolicy::KeepAll);
    assert_eq!((from_gz.units_added, from_gz.problems.len()), (4, 0));
    let from_zip = import(&mut project, &zip, DuplicatePolicy::KeepAll);
    assert_eq!((from_zip.units_added, from_zip.problems.len()), (6, 0), "{:?}", from_zip.problems);
    assert_eq!(project.imports().unwrap().len(), 2);
}

#[test]
fn import_paths_routes_tmx_and_tbx_files() {
    let tbx_dir = repo_root().join("crates/tessera-core/test_data/tbx");
    let mut project = Project::open_in_memory().unwrap();
    let reports = project
        .import_paths(&[fixture("roundtrip.tmx"), tbx_dir.join("basic-v3-dca.tbx")])
        .unwrap();
    assert_eq!(
        reports.iter().map(|report| report.kind.as_str()).collect::<Vec<_>>(),
        ["tmx", "tbx"]
    );
    assert_eq!(reports[0].units_added, 4);
    assert!(reports[1].concepts_added >= 2);
}

#[test]
fn tbx_v3_and_v2_import_into_the_termbase_with_statuses() {
    let tbx_dir = repo_root().join("crates/tessera-core/test_data/tbx");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("terms.db");
    let mut project = Project::open(&db).unwrap();
    let v3 = project.import_tbx_file(&tbx_dir.join("basic-v3-dca.tbx")).unwrap();
    assert!(v3.import_batch.is_some() && v3.concepts_added >= 2, "{v3:?}");
    let stats = project.stats().unwrap();
    let count = |status| stats.terms_by_status.iter().find(|(s, _)| *s == status).unwrap().1;
    assert!(count(TermStatus::Preferred) >= 3);
    assert!(count(TermStatus::Admitted) >= 1);
    // supersededTerm → deprecated; deprecated plus a "forbidden" note → forbidden.
    assert!(count(TermStatus::Deprecated) >= 1);
    assert!(count(TermStatus::Forbidden) >= 1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (category, definition): (String, String) = conn
        .query_row(
            "SELECT category, definition FROM concept WHERE external_id = 'state-council'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(category, "government");
    assert!(definition.contains("chief administrative authority"), "{definition}");

    let v2 = project.import_tbx_file(&tbx_dir.join("v2-martif.tbx")).unwrap();
    assert!(v2.concepts_added >= 1 && v2.import_batch.is_some(), "{v2:?}");
    let undone = project.undo_import(v3.import_batch.unwrap()).unwrap();
    assert_eq!(undone.concepts_removed, v3.concepts_added);
    assert_eq!(project.stats().unwrap().concepts, v2.concepts_added);
}

#[test]
fn file_that_is_not_tbx_changes_nothing() {
    let tbx_dir = repo_root().join("crates/tessera-core/test_data/tbx");
    let mut project = Project::open_in_memory().unwrap();
    let report = project.import_tbx_file(&tbx_dir.join("error-not-tbx.tbx")).unwrap();
    assert_eq!(report.import_batch, None);
    assert_eq!(report.problems.len(), 1);
    assert!(report.problems[0].line.is_some());
    assert_eq!(project.stats().unwrap().concepts, 0);
}

#[test]
fn translate_toolkit_reads_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open_in_memory().unwrap();
    import(&mut project, &fixture("roundtrip.tmx"), DuplicatePolicy::SkipIdentical);
    let out = dir.path().join("export.tmx");
    std::fs::write(&out, export(&project)).unwrap();
    // translate-toolkit (PyPI) is a test dependency, installed by scripts/install-deps.sh.
    let script = [
        "import sys",
        "from translate.storage import tmx",
        "store = tmx.tmxfile(open(sys.argv[1], 'rb'))",
        "for unit in store.units:",
        "    print(unit.getid(), '|', unit.source, '|', unit.target)",
    ]
    .join("\n");
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&out)
        .output()
        .expect("python3 with translate-toolkit is a test dependency");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let listing = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.len(), 4, "{listing}");
    assert_eq!(
        lines[0],
        "welcome-1 | 欢迎<b>各国使节</b>出席<br/>招待会。 | Welcome, <b>envoys of all countries</b>, to the<br/>reception."
    );
    assert!(lines[3].contains("& <friends>"), "{listing}");
}

#[test]
fn read_error_mid_file_rolls_back_everything() {
    let dir = tempfile::tempdir().unwrap();
    // A memory large enough for several chunks, gzipped, then cut: decompression fails part-way,
    // after thousands of units were already stored in the transaction.
    let plain = dir.path().join("big.tmx");
    write_memory(
        &plain,
        &(0..5_000)
            .map(|idx| (format!("第{idx}句"), format!("sentence {idx}")))
            .collect::<Vec<_>>()
            .iter()
            .map(|(zh, en)| (zh.as_str(), en.as_str(), "20240101T000000Z"))
            .collect::<Vec<_>>(),
    );
    let gz = dir.path().join("big.tmx.gz");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("gzip -1 -c {} > {}", plain.display(), gz.display()))
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(&gz).unwrap();
    std::fs::write(&gz, &bytes[..bytes.len() * 9 / 10]).unwrap();

    let mut project = Project::open(&dir.path().join("memory.db")).unwrap();
    let whole = import(&mut project, &plain, DuplicatePolicy::KeepAll);
    assert_eq!(whole.units_added, 5_000);
    let mut n_progress = 0;
    let report = project
        .import_tmx_file_with_progress(&gz, &policy(DuplicatePolicy::KeepAll), &mut |_| {
            n_progress += 1;
            tessera_core::ImportControl::Continue
        })
        .unwrap();
    assert!(n_progress >= 1, "units were read before the error");
    assert_eq!((report.units_added, report.import_batch), (0, None), "{:?}", report.problems);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(project.stats().unwrap().units, 5_000);
    assert_eq!(project.imports().unwrap().len(), 1);
}

/// A plain TMX file of `n_units` distinct units.
fn write_numbered_memory(path: &Path, n_units: usize) {
    let texts: Vec<(String, String)> =
        (0..n_units).map(|idx| (format!("第{idx}句"), format!("sentence {idx}"))).collect();
    let units: Vec<(&str, &str, &str)> =
        texts.iter().map(|(zh, en)| (zh.as_str(), en.as_str(), "20240101T000000Z")).collect();
    write_memory(path, &units);
}

#[test]
fn import_paths_report_progress_within_a_tmx_file_against_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("big.tmx");
    write_numbered_memory(&plain, 3_500);
    let size = std::fs::metadata(&plain).unwrap().len();

    let mut project = Project::open_in_memory().unwrap();
    let mut seen = Vec::new();
    let reports = project
        .import_paths_with_progress(std::slice::from_ref(&plain), &mut |progress| {
            seen.push((progress.done, progress.total, progress.within_file, progress.file_bytes));
            tessera_core::ImportControl::Continue
        })
        .unwrap();
    assert_eq!(reports[0].units_added, 3_500);
    // Before the file, then every PROGRESS_EVERY units read.
    assert_eq!(seen[0], (0, 1, None, None));
    let within: Vec<_> = seen[1..].iter().map(|(_, _, within, _)| within.unwrap()).collect();
    assert_eq!(
        within.iter().map(|progress| progress.units_read).collect::<Vec<_>>(),
        vec![1_000, 2_000, 3_000, 3_500]
    );
    assert!(within.windows(2).all(|pair| pair[0].bytes_read < pair[1].bytes_read));
    assert!(within.iter().all(|progress| progress.bytes_read <= size));
    assert!(seen[1..].iter().all(|(done, total, _, file_bytes)| {
        (*done, *total, *file_bytes) == (0, 1, Some(size))
    }));
}

#[test]
fn cancelling_mid_file_rolls_the_tmx_back_and_skips_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.tmx");
    let second = dir.path().join("b.tmx");
    write_numbered_memory(&first, 5_000);
    write_memory(&second, &[("外交部", "Foreign Ministry", "20200101T000000Z")]);

    let mut project = Project::open(&dir.path().join("memory.db")).unwrap();
    let mut cancelled = false;
    let reports = project
        .import_paths_with_progress(&[first, second], &mut |progress| {
            cancelled |= progress.within_file.is_some_and(|within| within.units_read >= 2_000);
            if cancelled {
                tessera_core::ImportControl::Cancel
            } else {
                tessera_core::ImportControl::Continue
            }
        })
        .unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!((reports[0].units_added, reports[0].import_batch), (0, None));
    assert!(reports[0].problems[0].message.starts_with("cancelled while reading"), "{reports:?}");
    assert!(reports[1].problems[0].message.starts_with("cancelled before"), "{reports:?}");
    assert_eq!(project.stats().unwrap().units, 0);
    assert!(project.imports().unwrap().is_empty());
}

#[test]
fn folder_import_applies_the_duplicate_policy_and_passes_over_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("memories");
    std::fs::create_dir_all(folder.join("nested")).unwrap();
    write_memory(&folder.join("a.tmx"), &[("外交部", "Foreign Ministry", "20200101T000000Z")]);
    write_memory(
        &folder.join("nested/b.tmx"),
        &[("外交部", "Ministry of Foreign Affairs", "20240101T000000Z")],
    );
    std::fs::write(folder.join("notes.md"), "not imported").unwrap();
    // Same source, other languages: never a duplicate of the zh/en units.
    std::fs::write(
        folder.join("c.tmx"),
        "<tmx version=\"1.4\"><header srclang=\"zh-CN\" creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" datatype=\"plaintext\"/><body>\
         <tu creationdate=\"20250101T000000Z\"><tuv xml:lang=\"zh-CN\"><seg>外交部</seg></tuv><tuv xml:lang=\"fr\"><seg>ministère des Affaires étrangères</seg></tuv></tu></body></tmx>",
    )
    .unwrap();

    let mut project = Project::open_in_memory().unwrap();
    let mut seen = Vec::new();
    let reports = project
        .import_paths_with_options(
            std::slice::from_ref(&folder),
            &policy(DuplicatePolicy::KeepNewest),
            &mut |progress| {
                seen.push((progress.done, progress.total, progress.within_file.is_some()));
                tessera_core::ImportControl::Continue
            },
        )
        .unwrap();
    // Before each file, then within each TMX file (one chunk each); notes.md is passed over.
    let before_each_file: Vec<(usize, usize)> = seen
        .iter()
        .filter(|(_, _, within_file)| !within_file)
        .map(|&(done, total, _)| (done, total))
        .collect();
    assert_eq!(before_each_file, [(0, 4), (1, 4), (2, 4), (3, 4)]);
    assert_eq!(seen.iter().filter(|(_, _, within_file)| *within_file).count(), 3);
    let summary: Vec<(u64, u64)> =
        reports.iter().map(|report| (report.units_added, report.units_replaced)).collect();
    assert_eq!(summary, [(1, 0), (1, 0), (1, 1)], "a.tmx, c.tmx, nested/b.tmx");
    assert_eq!(project.stats().unwrap().units, 2);
}

#[test]
fn undoing_a_keep_newest_import_puts_the_replaced_units_back() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.tmx");
    let new = dir.path().join("new.tmx");
    write_memory(
        &old,
        &[
            ("外交部", "Foreign Ministry", "20200101T000000Z"),
            ("谢谢", "Thanks", "20200101T000000Z"),
        ],
    );
    write_memory(&new, &[("外交部", "Ministry of Foreign Affairs", "20240101T000000Z")]);
    let mut project = Project::open_in_memory().unwrap();
    let first = import(&mut project, &old, DuplicatePolicy::KeepAll);
    let before = read_tmx(&export(&project));
    let second = import(&mut project, &new, DuplicatePolicy::KeepNewest);
    assert_eq!(second.units_replaced, 1);

    let undone = project.undo_import(second.import_batch.unwrap()).unwrap();
    assert_eq!((undone.units_removed, undone.units_restored), (1, 1));
    let after = read_tmx(&export(&project));
    // The restored unit has a new id (its tuid when exported), the same content otherwise.
    let without_ids = |document: &tmx::Document| {
        let mut units: Vec<String> = comparable(document)
            .into_iter()
            .map(|unit| unit.split_once(" source ").unwrap().1.to_owned())
            .collect();
        units.sort();
        units
    };
    assert_eq!(without_ids(&after), without_ids(&before));

    // The restored unit is back in the first import: undoing that removes it too.
    let undone = project.undo_import(first.import_batch.unwrap()).unwrap();
    assert_eq!((undone.units_removed, undone.units_restored), (2, 0));
    assert_eq!(project.stats().unwrap().units, 0);
}

#[test]
fn glossary_tables_import_terms_by_language_column_with_problems_placed() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("titles.csv");
    std::fs::write(
        &csv,
        "\u{FEFF}zh,en,zh-Hant,status,category,note,colour\r\n\
         国务院,State Council,國務院,preferred,government,\"the cabinet, formally\",red\r\n\
         发言人,spokesperson;spokesman,,admitted,title,\"two\nlines\",\r\n\
         外交部,\"Ministry of \"\"Foreign\"\" Affairs\",,sometimes,,,\r\n\
         ,,,,,,\r\n\
         ,,,deprecated,,,\r\n",
    )
    .unwrap();
    let mut project = Project::open_in_memory().unwrap();
    let report = project.import_glossary_table(&csv).unwrap();
    assert_eq!(report.kind, "glossary");
    assert_eq!(report.concepts_added, 3);
    let places: Vec<(Option<u32>, Option<u32>)> =
        report.problems.iter().map(|problem| (problem.line, problem.column)).collect();
    // The unknown column, the unknown status (line 5: the quoted note spans lines 3–4), the
    // row without a term.
    assert_eq!(
        places,
        [(Some(1), Some(7)), (Some(5), Some(4)), (Some(7), None)],
        "{:?}",
        report.problems
    );
    let stats = project.stats().unwrap();
    assert_eq!(stats.terms, 8);
    let count = |status| stats.terms_by_status.iter().find(|(s, _)| *s == status).unwrap().1;
    assert_eq!((count(TermStatus::Preferred), count(TermStatus::Admitted)), (3, 5));
    let languages: Vec<String> = stats.languages.iter().map(|(lang, _)| lang.to_string()).collect();
    assert!(languages.is_empty(), "terms are not memory variants: {languages:?}");

    let tsv = dir.path().join("plain.tsv");
    std::fs::write(&tsv, "en\tfr\nhello\tbonjour\n").unwrap();
    let report = project.import_glossary_table(&tsv).unwrap();
    assert_eq!((report.concepts_added, report.problems.len()), (1, 0));
    assert_eq!(project.imports().unwrap().len(), 2);
    project.undo_import(report.import_batch.unwrap()).unwrap();
    assert_eq!(project.stats().unwrap().concepts, 3);

    let no_languages = dir.path().join("notes.csv");
    std::fs::write(&no_languages, "name,value\nx,y\n").unwrap();
    let report = project.import_glossary_table(&no_languages).unwrap();
    assert_eq!(report.import_batch, None);
    assert_eq!((report.problems[0].line, report.problems[0].column), (Some(1), Some(1)));
}

#[test]
fn every_reader_test_file_round_trips_through_the_database() {
    let folder = repo_root().join("crates/tessera-core/test_data/tmx/read");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "tmx"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10);
    let mut failures = Vec::new();
    let mut n_round_tripped = 0;
    for path in &paths {
        let mut project = Project::open_in_memory().unwrap();
        let report = import(&mut project, path, DuplicatePolicy::KeepAll);
        let Ok(original) = tmx::read_all(
            std::io::BufReader::new(std::fs::File::open(path).unwrap()),
            &tmx::ReadOptions::default(),
        ) else {
            assert_eq!(report.import_batch, None, "{}", path.display());
            assert_eq!(project.stats().unwrap().units, 0);
            continue;
        };
        if report.import_batch.is_none() {
            // Rolled back (truncated): nothing stored, and the reason given.
            assert_eq!(project.stats().unwrap().units, 0, "{}", path.display());
            assert_eq!(report.problems.len(), 1, "{}", path.display());
            continue;
        }
        assert_eq!(report.units_added, original.units.len() as u64, "{}", path.display());
        let exported = read_tmx(&export(&project));
        n_round_tripped += 1;
        if comparable_units(&exported, false) != comparable_units(&original, false) {
            failures.push(format!(
                "{}:\n{:#?}\n{:#?}",
                path.display(),
                comparable_units(&original, false),
                comparable_units(&exported, false)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(n_round_tripped >= 9, "{n_round_tripped} of {} files imported", paths.len());
}

#[test]
fn a_badly_broken_file_lists_the_first_problems_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.tmx");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(file, "<tmx version=\"1.4\"><header srclang=\"en\" creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" datatype=\"plaintext\"/><body>").unwrap();
    for idx in 0..3_000 {
        writeln!(file, "<tu><tuv xml:lang=\"en\"><seg>alone {idx}</seg></tuv></tu>").unwrap();
    }
    writeln!(file, "<tu><tuv xml:lang=\"en\"><seg>Hi</seg></tuv><tuv xml:lang=\"de\"><seg>Hallo</seg></tuv></tu></body></tmx>").unwrap();
    drop(file);
    let mut project = Project::open_in_memory().unwrap();
    let report = import(&mut project, &path, DuplicatePolicy::SkipIdentical);
    assert_eq!(report.units_added, 1);
    assert_eq!(report.problems.len(), tessera_core::MAX_PROBLEMS_LISTED + 1);
    let last = report.problems.last().unwrap();
    assert!(last.message.contains("more skipped items are not listed"), "{last:?}");
}

#[test]
fn header_props_and_notes_are_kept_with_the_import() {
    let mut project = Project::open_in_memory().unwrap();
    import(&mut project, &fixture("memoq-utf16.tmx"), DuplicatePolicy::SkipIdentical);
    let imports = project.imports().unwrap();
    assert_eq!(imports[0].header_props, [("defclient".to_owned(), "MFA".to_owned())]);
    assert!(imports[0].header_notes.is_empty());
}

/// Accepts `budget` bytes, then fails every write, as a full disk would.
struct FullDisk {
    budget: usize,
}

impl Write for FullDisk {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.budget == 0 {
            return Err(std::io::Error::other("no space left on device"));
        }
        let taken = bytes.len().min(self.budget);
        self.budget -= taken;
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn export_to_a_failing_output_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    // More units than the export's pages and channel hold, so the reader is still sending when
    // the writer gives up.
    let units: Vec<(String, String)> =
        (0..9_000).map(|idx| (format!("第{idx}句"), format!("Sentence {idx}"))).collect();
    let borrowed: Vec<(&str, &str, &str)> =
        units.iter().map(|(zh, en)| (zh.as_str(), en.as_str(), "20240105T083012Z")).collect();
    let path = dir.path().join("many.tmx");
    write_memory(&path, &borrowed);
    let mut project = Project::open(&dir.path().join("memory.db")).unwrap();
    assert_eq!(import(&mut project, &path, DuplicatePolicy::KeepAll).units_added, 9_000);

    let failed = project.export_tmx(FullDisk { budget: 100_000 }, &TmxExport::default());
    let error = failed.unwrap_err().to_string();
    assert!(error.contains("no space left on device"), "{error}");
    // The project is still usable after the failed export.
    assert!(export(&project).len() > 100_000);
}

/// A term's fields as the TBX writer orders them: its `termNote`s first.
fn termnotes_first(fields: &[tbx::Field]) -> Vec<tbx::Field> {
    let (mut term_notes, others): (Vec<_>, Vec<_>) =
        fields.iter().cloned().partition(|field| field.element == tbx::FieldElement::TermNote);
    term_notes.extend(others);
    term_notes
}

#[test]
fn tbx_fields_survive_import_store_and_export_at_their_level_in_their_groups() {
    let path = repo_root().join("crates/tessera-core/test_data/tbx/fields-v3-dca.tbx");
    let original = tbx::read_all(std::io::BufReader::new(std::fs::File::open(&path).unwrap()))
        .unwrap()
        .concepts
        .remove(0);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("terms.db");
    let mut project = Project::open(&db).unwrap();
    let report = project.import_tbx_file(&path).unwrap();
    assert_eq!((report.concepts_added, report.problems.len()), (1, 0), "{report:?}");
    let mut out = Vec::new();
    project.export_tbx(&mut out).unwrap();
    let mut exported = tbx::read_all(out.as_slice()).unwrap();
    assert_eq!(exported.skipped, []);
    let mut exported = exported.concepts.remove(0);

    // Concept level: every field in file order, then the review state Tessera adds.
    let review = exported.fields.pop().unwrap();
    assert_eq!(review.value, "review: candidate");
    assert_eq!(exported.fields, original.fields);
    // Language sections and terms (the export orders terms Chinese first, by frequency).
    assert_eq!(exported.languages.len(), original.languages.len());
    for section in &original.languages {
        let again = exported
            .languages
            .iter()
            .find(|again| again.lang.tag == section.lang.tag)
            .unwrap_or_else(|| panic!("{} missing", section.lang.tag));
        assert_eq!(again.fields, section.fields, "{}", section.lang.tag);
        assert_eq!(again.terms.len(), section.terms.len(), "{}", section.lang.tag);
        for term in &section.terms {
            let term_again = again.terms.iter().find(|again| again.text == term.text).unwrap();
            assert_eq!(term_again.status(), term.status(), "{}", term.text);
            assert_eq!(termnotes_first(&term_again.fields), termnotes_first(&term.fields));
        }
    }

    // The kept fields go with their import.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n_kept = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM concept_field", [], |row| row.get(0)).unwrap()
    };
    assert!(n_kept(&conn) > 20);
    project.undo_import(report.import_batch.unwrap()).unwrap();
    assert_eq!(n_kept(&conn), 0);
}

/// Issue #15: OmegaT reads Tessera's TMX export and writes its project memory back with region
/// tags (`zh-CN`/`zh-TW`, `en-US`); importing that into the memory it came from must add nothing,
/// even with keep-newest, whether the memory's units came from articles or from a TMX.
#[test]
fn issue_15_a_round_trip_with_region_tags_adds_no_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("x.db")).unwrap();
    // Traditional Chinese units aligned from an article (no duplicate keys until an import).
    project.import_paths(&[repo_root().join("samples/001_cc20114ba520b0ba.txt")]).unwrap();
    // Simplified Chinese units added directly.
    let unit = |zh: &str, en: &str| tessera_core::NewUnit {
        source_lang: Some(tessera_core::LanguageTag::parse("zh-Hans")),
        variants: vec![
            tessera_core::NewVariant {
                lang: tessera_core::LanguageTag::parse("zh-Hans"),
                text: zh.to_owned(),
            },
            tessera_core::NewVariant {
                lang: tessera_core::LanguageTag::parse("en"),
                text: en.to_owned(),
            },
        ],
        created_by: "test".to_owned(),
        provenance: None,
    };
    project
        .add_units(
            [unit("会议由国务院总理主持。", "The meeting was chaired by the Premier.")],
            &mut |_| {},
        )
        .unwrap();
    let units_before = project.stats().unwrap().units;
    assert_eq!(units_before, 14);

    let exported = String::from_utf8(export(&project)).unwrap();
    assert!(!exported.contains(r#"srclang="*all*""#), "the header names the real source language");
    let from_omegat = exported
        .replace(r#"xml:lang="zh-Hans""#, r#"xml:lang="zh-CN""#)
        .replace(r#"xml:lang="zh-Hant""#, r#"xml:lang="zh-TW""#)
        .replace(r#"xml:lang="en""#, r#"xml:lang="en-US""#)
        .replace(r#"srclang="zh-Hans""#, r#"srclang="zh-CN""#)
        .replace(r#"srclang="zh-Hant""#, r#"srclang="zh-TW""#);
    assert!(!from_omegat.contains(r#"xml:lang="en""#));
    let path = dir.path().join("omegat-project_save.tmx");
    std::fs::write(&path, from_omegat).unwrap();
    for duplicates in [DuplicatePolicy::KeepNewest, DuplicatePolicy::SkipIdentical] {
        let report = import(&mut project, &path, duplicates);
        assert_eq!(
            (report.units_added, report.units_replaced),
            (0, 0),
            "{duplicates:?}: {report:?}"
        );
        assert_eq!(report.units_skipped, 14, "{duplicates:?}");
    }
    assert_eq!(project.stats().unwrap().units, units_before);
    // A lookup shows one 100% hit, not two.
    let hits = project.lookup("会议由国务院总理主持。", &Default::default()).unwrap();
    assert_eq!(hits.iter().filter(|hit| hit.found.score == 100).count(), 1);
}

#[test]
fn import_renames_languages_as_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("x.db")).unwrap();
    let path = dir.path().join("trados.tmx");
    std::fs::write(
        &path,
        r#"<tmx version="1.4"><header srclang="zh-CN" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-CN"><seg>你好</seg></tuv><tuv xml:lang="en-US"><seg>Hello</seg></tuv></tu></body></tmx>"#,
    )
    .unwrap();
    let options = InterchangeOptions {
        duplicates: DuplicatePolicy::SkipIdentical,
        approve: false,
        rename_languages: vec![
            (
                tessera_core::LanguageTag::parse("zh-CN"),
                tessera_core::LanguageTag::parse("zh-Hans"),
            ),
            (tessera_core::LanguageTag::parse("en-US"), tessera_core::LanguageTag::parse("en")),
        ],
    };
    let report = project.import_tmx_file(&path, &options).unwrap();
    assert_eq!(report.units_added, 1);
    let languages: Vec<String> =
        project.stats().unwrap().languages.iter().map(|(lang, _)| lang.to_string()).collect();
    assert_eq!(languages, ["en", "zh-Hans"]);
}
