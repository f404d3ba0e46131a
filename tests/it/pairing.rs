//! Articles kept as two files, a Chinese one and its English version: imported as one pair,
//! found in a folder, unpaired and paired again, through `Project` on a real SQLite file.

use std::path::{Path, PathBuf};

use tessera_core::{ArticleId, Error, InterchangeOptions, Project};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pairing-samples").join(name)
}

fn open(dir: &Path) -> Project {
    Project::open(&dir.join("pairs.db")).unwrap()
}

/// The Chinese side of the pair's first unit, to find it again through the memory.
fn first_unit_source(project: &Project, article: ArticleId) -> String {
    let alignment = project.article_alignment(article).unwrap();
    let first = &alignment.beads[0];
    first
        .zh
        .iter()
        .map(|id| alignment.segments.iter().find(|segment| segment.id == *id).unwrap().text.clone())
        .collect()
}

fn best_score(project: &mut Project, query: &str) -> Option<u8> {
    let options = tessera_core::matching::LookupOptions::default();
    project.lookup(query, &options).unwrap().first().map(|found| found.found.score)
}

#[test]
fn a_chinese_file_and_its_english_file_import_as_one_article_with_units() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = open(dir.path());
    let report = project.import_article_pair_files(&fixture("b3.txt"), &fixture("x9.txt")).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.units_added >= 10, "only {} units", report.units_added);
    let (zh, en) = (report.article.unwrap(), report.partner_article.unwrap());
    assert_eq!(project.stats().unwrap().articles, 2, "both files are kept verbatim");

    // Either article shows the pair for review.
    let alignment = project.article_alignment(en).unwrap();
    assert_eq!(alignment.article.id, zh);
    assert_eq!(alignment.beads.len() as u64, report.units_added);
    let summaries = project.articles().unwrap();
    assert!(summaries.iter().any(|summary| summary.id == zh && summary.partner == Some(en)));

    let query = first_unit_source(&project, zh);
    assert_eq!(best_score(&mut project, &query), Some(100));

    let again = project.import_article_pair_files(&fixture("b3.txt"), &fixture("x9.txt")).unwrap();
    assert!(again.already_imported);
    assert_eq!((again.units_added, again.units_skipped), (0, report.units_added));
    assert_eq!(project.stats().unwrap().units, report.units_added);
}

#[test]
fn unpairing_removes_the_units_and_pairing_again_brings_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = open(dir.path());
    let report = project.import_article_pair_files(&fixture("b3.txt"), &fixture("x9.txt")).unwrap();
    let (zh, en) = (report.article.unwrap(), report.partner_article.unwrap());
    let query = first_unit_source(&project, zh);
    assert_eq!(best_score(&mut project, &query), Some(100));

    let undone = project.unpair_article(en).unwrap();
    assert_eq!((undone.zh, undone.en, undone.units_removed), (zh, en, report.units_added));
    assert_eq!(project.stats().unwrap().units, 0);
    assert_eq!(project.stats().unwrap().articles, 2, "the articles stay, single");
    assert!(best_score(&mut project, &query).is_none());
    assert!(project.articles().unwrap().iter().all(|summary| summary.partner.is_none()));

    let paired = project.pair_articles(zh, en).unwrap();
    assert_eq!(paired.units_added, report.units_added);
    assert_eq!(best_score(&mut project, &query), Some(100));

    let actions: Vec<String> =
        project.audit_log().unwrap().into_iter().map(|record| record.action).collect();
    assert_eq!(
        actions.iter().filter(|action| action.starts_with("articles-")).collect::<Vec<_>>(),
        ["articles-paired", "articles-unpaired", "articles-paired"]
    );
}

#[test]
fn a_paired_article_cannot_join_another_pair_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = open(dir.path());
    let report = project.import_article_pair_files(&fixture("b3.txt"), &fixture("x9.txt")).unwrap();
    let zh = report.article.unwrap();
    let single = project.import_paths(&[fixture("q2.txt")]).unwrap();
    let english_single = single[0].article.unwrap();
    let units_before = project.stats().unwrap().units;

    let refused = project.pair_articles(zh, english_single);
    assert!(matches!(refused, Err(Error::InvalidEdit { .. })), "{refused:?}");
    let not_paired = project.unpair_article(english_single);
    assert!(matches!(not_paired, Err(Error::InvalidEdit { .. })), "{not_paired:?}");
    let missing = project.pair_articles(ArticleId(999), english_single);
    assert!(matches!(missing, Err(Error::InvalidEdit { .. })), "{missing:?}");
    assert_eq!(project.stats().unwrap().units, units_before);

    // The same refusal through an import is a problem of the file, not an error.
    let report = project.import_article_pair_files(&fixture("b3.txt"), &fixture("q2.txt")).unwrap();
    assert!(report.problems[0].message.contains("already paired"), "{:?}", report.problems);
    assert_eq!(project.stats().unwrap().units, units_before);
}

#[test]
fn a_folder_of_monolingual_files_is_paired_and_a_chinese_only_file_stays_single() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("archive");
    std::fs::create_dir(&folder).unwrap();
    for entry in std::fs::read_dir(fixture("")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
    }
    // A bilingual article among them is imported as before.
    let bilingual = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("samples/002_12b8442f5b1b4126.txt");
    std::fs::copy(&bilingual, folder.join("both.txt")).unwrap();

    let mut project = open(dir.path());
    let proposal = project.propose_pairs(std::slice::from_ref(&folder)).unwrap();
    let name = |path: &Path| path.file_name().unwrap().to_str().unwrap().to_owned();
    let mut found: Vec<(String, String)> =
        proposal.pairs.iter().map(|pair| (name(&pair.zh), name(&pair.en))).collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("b3.txt".to_owned(), "x9.txt".to_owned()),
            ("k7.txt".to_owned(), "q2.txt".to_owned()),
            ("m5.txt".to_owned(), "d1.html".to_owned()),
            ("t8.txt".to_owned(), "w4.txt".to_owned()),
        ]
    );
    assert_eq!(proposal.singles.len(), 1);
    assert_eq!(
        (name(&proposal.singles[0].path), proposal.singles[0].lang.as_str()),
        ("r6.txt".to_owned(), "zh")
    );
    assert!(proposal.singles[0].best.is_some());

    let pairs: Vec<(PathBuf, PathBuf)> =
        proposal.pairs.iter().map(|pair| (pair.zh.clone(), pair.en.clone())).collect();
    let reports = project
        .import_paths_paired(&[folder], &pairs, &InterchangeOptions::default(), &mut |_| {
            tessera_core::ImportControl::Continue
        })
        .unwrap();
    assert_eq!(reports.len(), 6, "four pairs, the single and the bilingual file");
    assert!(reports.iter().all(|report| report.problems.is_empty()));
    assert_eq!(reports.iter().filter(|report| report.paired_with.is_some()).count(), 4);
    assert!(
        reports
            .iter()
            .filter(|report| report.paired_with.is_some())
            .all(|report| report.units_added > 0)
    );
    let both = reports.iter().find(|report| report.path.ends_with("both.txt")).unwrap();
    assert!(both.units_added > 0);
    let single = reports.iter().find(|report| report.path.ends_with("r6.txt")).unwrap();
    assert_eq!(single.units_added, 0);
    assert_eq!(project.stats().unwrap().articles, 10);
}

#[test]
fn a_chinese_only_file_left_single_still_feeds_term_candidates() {
    let candidates = |files: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let mut project = open(dir.path());
        project.import_article_pair_files(&fixture("b3.txt"), &fixture("x9.txt")).unwrap();
        let paths: Vec<PathBuf> = files.iter().map(|file| fixture(file)).collect();
        project.import_paths(&paths).unwrap();
        project.extract_terms().unwrap().candidates_found
    };
    let with_pair_only = candidates(&[]);
    let with_chinese_only = candidates(&["r6.txt"]);
    assert!(
        with_chinese_only > with_pair_only,
        "the Chinese-only article added no candidate ({with_pair_only} both times)"
    );
}
