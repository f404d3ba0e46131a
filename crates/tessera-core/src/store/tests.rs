//! Store tests: migrations, schema snapshot, upgrades and refusals, all on real SQLite.

use rusqlite::{Connection, OptionalExtension};

use super::*;
use crate::{
    model::{DuplicatePolicy, InterchangeOptions},
    project::{DEFER_INDEXES_AFTER_UNITS, PROGRESS_EVERY, Project},
    tmx,
};

#[test]
fn migrations_are_valid() {
    MIGRATIONS.validate().unwrap();
}

#[test]
fn schema_snapshot_is_current() {
    let store = Store::open_in_memory().unwrap();
    expect_test::expect_file!["schema.sql"].assert_eq(&schema_text(&store.conn));
}

/// Every table and index definition, in name order: the text of the `schema.sql` snapshot.
fn schema_text(conn: &Connection) -> String {
    let mut statement =
        conn.prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name").unwrap();
    statement
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(|sql| sql.unwrap() + ";\n")
        .collect()
}

#[test]
fn older_database_is_migrated_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        MIGRATIONS.to_version(&mut conn, 1).unwrap();
        conn.execute_batch(
            "INSERT INTO unit (id, created_at) VALUES (7, '2020-01-01T00:00:00Z');
             INSERT INTO variant (unit_id, lang, text) VALUES (7, 'zh-CN', '市政府外办'), (7, 'en', 'FAO');",
        )
        .unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 1);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(schema_version(&store.conn).unwrap(), SCHEMA_VERSION);
    let stats = store.stats().unwrap();
    assert_eq!((stats.units, stats.terms), (1, 0));
    assert_eq!(stats.languages.len(), 2);
}

#[test]
fn newer_database_is_refused_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 5)).unwrap();
    }
    let error = Store::open(&path).err().expect("a newer schema must be refused");
    assert!(
        matches!(error, StoreError::TooNew { found, known, .. } if found == SCHEMA_VERSION + 5 && known == SCHEMA_VERSION)
    );
    let message = error.to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(message.contains("future.db") && message.contains("newer Tessera"), "{message}");
    // Refusing must not touch the file.
    let conn = Connection::open(&path).unwrap();
    assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION + 5);
}

#[test]
fn file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "these are my notes, not a database, and they are long enough").unwrap();
    let error = Store::open(&path).err().expect("a text file is not a database");
    assert!(matches!(error, StoreError::NotADatabase { .. }), "{error}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "these are my notes, not a database, and they are long enough"
    );
}

#[test]
fn failed_write_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let result: Result<(), StoreError> = store.write(|tx| {
        tx.insert_units(
            &mut crate::synthetic::synthetic_units(1, 0, 10),
            "2026-01-01T00:00:00Z",
            &mut |_| {},
        )?;
        Err(StoreError::Sqlite(rusqlite::Error::InvalidQuery))
    });
    assert!(result.is_err());
    assert_eq!(store.stats().unwrap().units, 0);
}

// Large TMX imports drop some indexes for their duration (see `DeferredIndexes`); these run
// through the façade and check the database file behind it.

/// A new memory in `dir`: its file and the project open on it.
fn memory_in(dir: &tempfile::TempDir) -> (PathBuf, Project) {
    let db = dir.path().join("memory.db");
    let project = Project::open(&db).unwrap();
    (db, project)
}

fn with_policy(duplicates: DuplicatePolicy) -> InterchangeOptions {
    InterchangeOptions { duplicates, ..InterchangeOptions::default() }
}

/// Writes `n_units` distinct Chinese–English units as a TMX file.
fn write_units(path: &Path, n_units: u64) {
    write_numbered_units(path, 0..n_units);
}

/// A variant with a segment of plain text and nothing else.
fn variant(lang: &str, text: String) -> tmx::Variant {
    tmx::Variant {
        lang: tmx::Language::parse(lang),
        metadata: tmx::Metadata::default(),
        props: Vec::new(),
        notes: Vec::new(),
        segment: tmx::Segment::plain(&text),
    }
}

/// Writes Chinese–English units as a TMX file, unit `idx` for each of `numbers`: a number
/// repeated is an identical unit.
fn write_numbered_units(path: &Path, numbers: impl Iterator<Item = u64>) {
    let units = numbers.map(|idx| tmx::Unit {
        variants: vec![
            variant("zh-CN", format!("第{idx}句")),
            variant("en", format!("Sentence {idx}")),
        ],
        ..tmx::Unit::default()
    });
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    tmx::write(file, &tmx::Header::default(), units, &tmx::WriteOptions::default()).unwrap();
}

/// The schema of the database at `path`, as the snapshot `store/schema.sql` holds it.
fn schema_of(path: &Path) -> String {
    schema_text(&Connection::open(path).unwrap())
}

/// Deletes the first unit and counts the variants left with its id: 0 when foreign keys
/// (and so cascades) are enforced.
fn variants_left_after_deleting_first_unit(project: &mut Project) -> i64 {
    let first = project.units(0, 1).unwrap().remove(0).id;
    project.delete_unit(first).unwrap();
    rusqlite::Connection::open(project.path())
        .unwrap()
        .query_row("SELECT count(*) FROM variant WHERE unit_id = ?1", [first.0], |row| row.get(0))
        .unwrap()
}

#[test]
fn large_import_builds_again_the_indexes_it_deferred() {
    let dir = tempfile::tempdir().unwrap();
    let tmx_path = dir.path().join("large.tmx");
    write_units(&tmx_path, 20 * DEFER_INDEXES_AFTER_UNITS + 7);
    let (db, mut project) = memory_in(&dir);
    let options = with_policy(DuplicatePolicy::SkipIdentical);
    let report = project.import_tmx_file(&tmx_path, &options).unwrap();
    assert_eq!(report.problems, Vec::new());
    assert_eq!(report.units_added, 20 * DEFER_INDEXES_AFTER_UNITS + 7);
    assert_eq!(schema_of(&db), include_str!("schema.sql"));
    // The source-key index stayed throughout: importing again skips every unit.
    let again = project.import_tmx_file(&tmx_path, &options).unwrap();
    assert_eq!((again.units_added, again.units_skipped), (0, report.units_added));
    assert_eq!(variants_left_after_deleting_first_unit(&mut project), 0);
}

#[test]
fn large_import_skips_identical_units_after_deferring_the_source_key_index() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut project) = memory_in(&dir);
    let options = with_policy(DuplicatePolicy::SkipIdentical);
    let stored = dir.path().join("stored.tmx");
    write_numbered_units(&stored, 5_000..5_010);
    assert_eq!(project.import_tmx_file(&stored, &options).unwrap().units_added, 10);
    // The first chunk is distinct; the indexes are dropped after it, and later chunks repeat
    // units of the file and of the memory, which must be found without `unit_source_key`.
    let n_distinct = PROGRESS_EVERY;
    let numbers =
        (0..n_distinct).chain(0..n_distinct).chain(4_995..5_015).chain(n_distinct..n_distinct + 3);
    let large = dir.path().join("large.tmx");
    write_numbered_units(&large, numbers);
    let report = project.import_tmx_file(&large, &options).unwrap();
    assert_eq!(report.problems, Vec::new());
    assert_eq!((report.units_added, report.units_skipped), (n_distinct + 10 + 3, n_distinct + 10));
    assert_eq!(schema_of(&db), include_str!("schema.sql"));
    assert_eq!(project.stats().unwrap().units, 10 + n_distinct + 10 + 3);
    // The index was built again: a small import, which asks it, skips what the large one added.
    let small = dir.path().join("small.tmx");
    write_numbered_units(&small, [3, n_distinct + 2, 4_999, 9_999].into_iter());
    let again = project.import_tmx_file(&small, &options).unwrap();
    assert_eq!((again.units_added, again.units_skipped), (1, 3));
}

/// Unit `idx` of a file that uses what TMX carries, in varying combinations: ids, segment
/// types, dates, authors, usage counts, props and notes on units and variants, inline tags,
/// and a third language on some units.
fn rich_unit(idx: u64) -> tmx::Unit {
    let date = |text: &str| tmx::parse_date(text);
    let prop = |kind: &str, value: String| tmx::Prop {
        kind: kind.to_owned(),
        lang: None,
        o_encoding: None,
        value,
    };
    let note = |text: String| tmx::Note { lang: None, o_encoding: None, text };
    let tag = |kind, code: &str| tmx::InlineTag {
        kind,
        attributes: vec![tmx::Attribute { name: "i".to_owned(), value: "1".to_owned() }],
        code: vec![tmx::CodePart::Text(code.to_owned())],
    };
    let mut zh = variant("zh-CN", format!("第{idx}句"));
    let mut en = variant("en", format!("Sentence {idx}"));
    if idx.is_multiple_of(2) {
        zh.metadata.usage_count = Some(idx % 7);
        en.segment = tmx::Segment {
            text: format!("\u{E000}Sentence\u{E001} {idx}"),
            tags: vec![tag(tmx::InlineKind::Bpt, "<b>"), tag(tmx::InlineKind::Ept, "</b>")],
        };
    }
    if idx % 3 == 1 {
        en.props.push(prop("x-reviewed", format!("r{idx}")));
        en.metadata.creation_date = date("20230203T040506Z");
    }
    if idx % 5 == 2 {
        zh.notes.push(note(format!("note on {idx}")));
    }
    let mut variants = vec![zh, en];
    if idx % 4 == 1 {
        variants.push(variant("fr", format!("Phrase {idx}")));
    }
    let mut unit = tmx::Unit {
        tuid: (!idx.is_multiple_of(3)).then(|| format!("t{idx}")),
        segment_type: idx.is_multiple_of(5).then(|| "phrase".to_owned()),
        variants,
        ..tmx::Unit::default()
    };
    unit.metadata.creation_date =
        if idx.is_multiple_of(2) { date("20240105T083012Z") } else { date("20220101T000000Z") };
    unit.metadata.creation_id = idx.is_multiple_of(3).then(|| "li".to_owned());
    unit.metadata.change_date = idx.is_multiple_of(4).then(|| date("20250101T101010Z")).flatten();
    unit.metadata.usage_count = (idx % 2 == 1).then_some(idx % 9);
    if idx.is_multiple_of(2) {
        unit.props.push(prop("x-domain", "news".to_owned()));
    }
    if idx.is_multiple_of(5) {
        unit.props.push(prop("x-client", format!("c{idx}")));
    }
    if idx.is_multiple_of(3) {
        unit.notes.push(note(format!("unit note {idx}")));
    }
    unit
}

fn write_rich_units(path: &Path, numbers: impl Iterator<Item = u64>) {
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let units = numbers.map(rich_unit);
    tmx::write(file, &tmx::Header::default(), units, &tmx::WriteOptions::default()).unwrap();
}

/// Every row of the unit tables but the import each unit came from, in id order.
fn unit_rows(path: &Path) -> Vec<Vec<rusqlite::types::Value>> {
    let conn = Connection::open(path).unwrap();
    let mut rows = Vec::new();
    for query in [
        "SELECT id, tuid, source_lang, created_at, created_by, changed_at, changed_by, usage_count,
                last_used_at, approved, content_key, source_key, segment_type
         FROM unit ORDER BY id",
        "SELECT id, unit_id, lang, lang_original, text, inline_tags, created_at, created_by,
                changed_at, changed_by, usage_count, last_used_at
         FROM variant ORDER BY id",
        "SELECT id, unit_id, variant_id, kind, prop_type, lang, value, o_encoding
         FROM unit_annotation ORDER BY id",
    ] {
        let mut statement = conn.prepare(query).unwrap();
        let n_columns = statement.column_count();
        let mut found = statement.query([]).unwrap();
        while let Some(row) = found.next().unwrap() {
            rows.push((0..n_columns).map(|idx| row.get(idx).unwrap()).collect());
        }
    }
    rows
}

#[test]
fn units_held_back_by_a_large_import_are_stored_as_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let options = with_policy(DuplicatePolicy::SkipIdentical);
    // Units past the first chunk are held back and stored many a statement; 40 of them repeat
    // earlier ones and are skipped.
    let numbers = || (0..2 * PROGRESS_EVERY + 7).chain(5..45);
    let whole = dir.path().join("whole.tmx");
    write_rich_units(&whole, numbers());
    let held_db = dir.path().join("held.db");
    let report = Project::open(&held_db).unwrap().import_tmx_file(&whole, &options).unwrap();
    assert_eq!(report.problems, Vec::new());
    assert_eq!((report.units_added, report.units_skipped), (2 * PROGRESS_EVERY + 7, 40));

    // The same units in pieces of fewer than a chunk: each is stored before any index is
    // deferred, one row a statement.
    let one_at_a_time_db = dir.path().join("one-at-a-time.db");
    let mut project = Project::open(&one_at_a_time_db).unwrap();
    let numbers: Vec<u64> = numbers().collect();
    for (idx, piece) in numbers.chunks(PROGRESS_EVERY as usize - 1).enumerate() {
        let path = dir.path().join(format!("piece-{idx}.tmx"));
        write_rich_units(&path, piece.iter().copied());
        let report = project.import_tmx_file(&path, &options).unwrap();
        assert_eq!(report.problems, Vec::new());
    }
    assert_eq!(project.stats().unwrap().units, 2 * PROGRESS_EVERY + 7);
    drop(project);
    let held = unit_rows(&held_db);
    assert_eq!(held.len(), unit_rows(&one_at_a_time_db).len());
    assert!(held == unit_rows(&one_at_a_time_db), "the rows differ");
    assert_eq!(schema_of(&held_db), include_str!("schema.sql"));
}

#[test]
fn large_import_into_a_team_replica_queues_every_unit() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut project) = memory_in(&dir);
    project.join_team("https://tm.example.org", "li", "translator", "c1").unwrap();
    let large = dir.path().join("large.tmx");
    write_units(&large, 2 * PROGRESS_EVERY + 5);
    let options = with_policy(DuplicatePolicy::SkipIdentical);
    let report = project.import_tmx_file(&large, &options).unwrap();
    assert_eq!(report.units_added, 2 * PROGRESS_EVERY + 5);
    // The outbox trigger stayed while the indexes were deferred: every unit waits for its push.
    let binding = project.team_binding().unwrap().unwrap();
    assert_eq!(binding.pending_changes, 2 * PROGRESS_EVERY + 5);
    assert_eq!(schema_of(&db), include_str!("schema.sql"));
}

#[test]
fn failed_large_import_leaves_indexes_and_foreign_keys_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut project) = memory_in(&dir);
    let options = with_policy(DuplicatePolicy::KeepAll);
    let small = dir.path().join("small.tmx");
    write_units(&small, 3);
    assert_eq!(project.import_tmx_file(&small, &options).unwrap().units_added, 3);
    // Cut after more than a chunk of units, so the indexes were dropped before the failure.
    let large = dir.path().join("large.tmx");
    write_units(&large, 2 * PROGRESS_EVERY);
    let text = std::fs::read_to_string(&large).unwrap();
    std::fs::write(&large, &text[..text.len() * 3 / 4]).unwrap();

    let report = project.import_tmx_file(&large, &options).unwrap();
    assert_eq!((report.units_added, report.import_batch), (0, None));
    assert!(report.problems[0].message.contains("truncated"), "{:?}", report.problems);
    assert_eq!(schema_of(&db), include_str!("schema.sql"));
    assert_eq!(project.stats().unwrap().units, 3);
    assert_eq!(variants_left_after_deleting_first_unit(&mut project), 0);
}

#[test]
fn documents_from_before_xliff_documents_stay_text_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        // Version 12: the schema before 0016_document_xliff.
        MIGRATIONS.to_version(&mut conn, 12).unwrap();
        conn.execute_batch(
            "INSERT INTO document (id, name, original_text, source_lang, created_at)
                 VALUES (3, 'a.txt', '你好。', 'zh-Hans', '2026-01-01T00:00:00Z');
             INSERT INTO document_segment (document_id, position, block_idx, source, target, status, match_score)
                 VALUES (3, 0, 0, '你好。', 'Hello.', 'draft', 100);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.document_is_xliff(3).unwrap(), Some(false));
    assert_eq!(store.document_xliff(3).unwrap(), Some(None));
    assert!(store.xliff_segments(3).unwrap().is_empty());
    let segments = store.document_segments(3).unwrap();
    assert_eq!((segments[0].target.as_str(), segments[0].match_score), ("Hello.", Some(100)));
}

/// A held-back unit whose row breaks a constraint fails its multi-row statement, which (being
/// `INSERT OR FAIL`, with no statement journal) keeps the rows it wrote before the failure;
/// the import's transaction is rolled back whole, so none of them is left.
#[test]
fn a_held_statement_that_fails_leaves_nothing_after_the_rollback() {
    let mut store = Store::open_in_memory().unwrap();
    let unit = |idx: i64, annotation_kind: &'static str| interchange::ImportedUnit {
        source_lang: Some("zh-CN".to_owned()),
        content_key: idx,
        source_key: idx,
        annotations: vec![interchange::ImportedAnnotation {
            kind: annotation_kind,
            value: format!("v{idx}"),
            ..interchange::ImportedAnnotation::default()
        }],
        variants: vec![interchange::ImportedVariant {
            lang: "zh-CN".to_owned(),
            lang_original: "zh-CN".to_owned(),
            text: format!("第{idx}句"),
            ..interchange::ImportedVariant::default()
        }],
        ..interchange::ImportedUnit::default()
    };
    let now = "2026-01-01T00:00:00Z";
    let outcome = store.write(|tx| {
        let mut writer = tx.unit_writer()?;
        let mut deferred = interchange::DeferredIndexes::default();
        tx.defer_indexes(&mut deferred, &mut writer)?;
        // The 40th annotation's kind is neither prop nor note: the second statement of 32
        // annotation rows fails after writing seven of them.
        for idx in 0..64 {
            writer.append(unit(idx, if idx == 39 { "bogus" } else { "prop" }), None, now)?;
        }
        tx.rebuild_indexes(&mut deferred, &mut writer)
    });
    assert!(outcome.is_err());
    assert_eq!(store.stats().unwrap().units, 0);
    let n_annotations: i64 =
        store.conn.query_row("SELECT count(*) FROM unit_annotation", [], |row| row.get(0)).unwrap();
    assert_eq!(n_annotations, 0);
    expect_test::expect_file!["schema.sql"].assert_eq(&schema_text(&store.conn));
}

/// A large import drops only the index its appends would update at random places: the ones
/// its rows extend at their right edge stay, so that nothing scans the tables again to build
/// them before the commit.
#[test]
fn deferring_indexes_drops_only_the_source_key_index() {
    let mut store = Store::open_in_memory().unwrap();
    let index_names = |tx: &StoreTx<'_>| -> Vec<String> {
        let mut statement = tx
            .tx
            .prepare(
                "SELECT name FROM sqlite_schema
                 WHERE type = 'index' AND tbl_name IN ('unit', 'variant', 'unit_annotation')
                   AND sql IS NOT NULL
                 ORDER BY name",
            )
            .unwrap();
        statement.query_map([], |row| row.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let (before, during) = store
        .write(|tx| {
            let before = index_names(tx);
            let mut writer = tx.unit_writer()?;
            let mut deferred = interchange::DeferredIndexes::default();
            tx.defer_indexes(&mut deferred, &mut writer)?;
            let during = index_names(tx);
            tx.rebuild_indexes(&mut deferred, &mut writer)?;
            Ok((before, during))
        })
        .unwrap();
    let dropped: Vec<&String> = before.iter().filter(|name| !during.contains(name)).collect();
    assert_eq!(dropped, ["unit_source_key"]);
    for kept in ["variant_unit", "unit_import_batch", "unit_annotation_unit"] {
        assert!(during.iter().any(|name| name == kept), "{kept} was dropped: {during:?}");
    }
    expect_test::expect_file!["schema.sql"].assert_eq(&schema_text(&store.conn));
}

/// The duplicate-key set's hasher tells pairs apart, the order of a pair's keys included,
/// and spreads even consecutive keys over the table.
#[test]
fn the_stored_key_hasher_tells_key_pairs_apart() {
    use std::{collections::HashSet, hash::BuildHasher};
    let hasher = interchange::StoredKeyHasher::default();
    let mut keys = HashSet::with_hasher(hasher);
    for idx in 0..10_000_i64 {
        keys.insert((idx, idx.wrapping_mul(31) ^ 7));
    }
    assert_eq!(keys.len(), 10_000);
    assert!((0..10_000_i64).all(|idx| keys.contains(&(idx, idx.wrapping_mul(31) ^ 7))));
    assert!(!keys.contains(&(7, 0)));
    assert_ne!(hasher.hash_one((1_i64, 2_i64)), hasher.hash_one((2_i64, 1_i64)));
    let buckets: HashSet<u64> =
        (0..4_096_i64).map(|idx| hasher.hash_one((idx, idx)) & 0xFFF).collect();
    assert!(buckets.len() > 2_400, "{} of 4096 buckets used", buckets.len());
}

/// Connections opening one new database together all succeed: one turns it to WAL while another
/// migrates it, and SQLite answers the one it would otherwise deadlock with "database is
/// locked" at once, without waiting (a hostile test saw it across processes under load).
#[test]
fn connections_opening_a_new_database_together_all_open_it() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let barrier = std::sync::Barrier::new(8);
        std::thread::scope(|scope| {
            let openers: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        Store::open(&path)
                            .map(|store| schema_version(&store.conn).unwrap())
                            .map_err(|error| error.to_string())
                    })
                })
                .collect();
            for opener in openers {
                let version = opener.join().unwrap();
                assert_eq!(version, Ok(SCHEMA_VERSION), "round {round}");
            }
        });
    }
}

#[test]
fn the_wal_of_a_large_transaction_is_cut_back_after_it_is_checkpointed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wal.db");
    let store = Store::open(&path).unwrap();
    let wal = dir.path().join("wal.db-wal");
    // One transaction larger than the limit, as a large import writes; its commit checkpoints.
    let megabytes = WAL_SIZE_LIMIT_BYTES / (1024 * 1024) + 16;
    store
        .conn
        .execute_batch(&format!(
            "CREATE TABLE bulk (payload BLOB) STRICT;
             BEGIN;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {megabytes})
             INSERT INTO bulk SELECT randomblob(1048576) FROM n;
             COMMIT;"
        ))
        .unwrap();
    let after_commit = std::fs::metadata(&wal).unwrap().len();
    assert!(after_commit > WAL_SIZE_LIMIT_BYTES as u64, "WAL of {after_commit} bytes");
    // The next write starts the log again from its beginning, and cuts the file back.
    store.conn.execute_batch("DELETE FROM bulk WHERE rowid = 1;").unwrap();
    let after_next_write = std::fs::metadata(&wal).unwrap().len();
    assert!(
        after_next_write <= WAL_SIZE_LIMIT_BYTES as u64,
        "the WAL stayed at {after_next_write} bytes"
    );
}

#[test]
fn a_new_database_has_large_pages_and_an_older_one_keeps_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let page_size =
        |store: &Store| store.conn.query_row("PRAGMA page_size", [], |row| row.get::<_, u32>(0));
    let new = Store::open(&dir.path().join("new.db")).unwrap();
    assert_eq!(page_size(&new).unwrap(), NEW_DATABASE_PAGE_BYTES);
    let journal: String = new.conn.query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap();
    assert_eq!(journal, "wal");
    drop(new);
    assert_eq!(
        page_size(&Store::open(&dir.path().join("new.db")).unwrap()).unwrap(),
        NEW_DATABASE_PAGE_BYTES
    );

    // A database made before, with SQLite's default pages, in WAL mode and at schema 1.
    let old = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&old).unwrap();
        conn.execute_batch("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;").unwrap();
        MIGRATIONS.to_version(&mut conn, 1).unwrap();
    }
    let store = Store::open(&old).unwrap();
    assert_eq!(page_size(&store).unwrap(), 4096);
    assert_eq!(schema_version(&store.conn).unwrap(), SCHEMA_VERSION);
}

#[test]
fn indexes_are_built_with_small_sorter_runs_and_a_helper_then_the_pragmas_are_put_back() {
    let mut store = Store::open_in_memory().unwrap();
    store.conn.execute_batch("PRAGMA cache_size = -65536; PRAGMA threads = 0;").unwrap();
    let pragmas = |conn: &Connection| -> (i64, i64) {
        let cache_size = conn.query_row("PRAGMA cache_size", [], |row| row.get(0)).unwrap();
        (cache_size, conn.query_row("PRAGMA threads", [], |row| row.get(0)).unwrap())
    };
    let tx = store.conn.transaction().unwrap();
    // Random keys over more than a few of the sorter's runs, so that runs are sorted apart
    // (on the helper thread) and merged.
    tx.execute_batch(
        "CREATE TABLE keyed (id INTEGER PRIMARY KEY, key INTEGER NOT NULL) STRICT;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
         INSERT INTO keyed (key) SELECT random() FROM n;",
    )
    .unwrap();
    let mut during = (0, 0);
    interchange::with_index_build_sorter(&tx, || {
        during = pragmas(&tx);
        tx.execute_batch("CREATE INDEX keyed_key ON keyed(key);")
    })
    .unwrap();
    assert_eq!(during, (-2048, 1));
    assert_eq!(pragmas(&tx), (-65536, 0));
    let check: String = tx.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
    assert_eq!(check, "ok");
    // The index holds every key, in order.
    let (n_indexed, in_order): (i64, i64) = tx
        .query_row(
            "SELECT count(*), sum(key >= prev) FROM (
                 SELECT key, lag(key, 1, key) OVER (ORDER BY key) AS prev
                 FROM keyed INDEXED BY keyed_key ORDER BY key)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((n_indexed, in_order), (300000, 300000));

    // A failed build puts the pragmas back too.
    let failed = interchange::with_index_build_sorter(&tx, || {
        tx.execute_batch("CREATE INDEX keyed_key ON keyed(key);")
    });
    assert!(failed.is_err());
    assert_eq!(pragmas(&tx), (-65536, 0));
}

/// The variants of each language counted from the `variant` table itself, in the order of
/// `Stats::languages` (most variants first, then by language).
fn languages_counted(conn: &Connection) -> Vec<(String, u64)> {
    let mut statement = conn
        .prepare("SELECT lang, count(*) AS n FROM variant GROUP BY lang ORDER BY n DESC, lang ASC")
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as u64)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The languages of a project's statistics, as stored strings.
fn stats_languages(project: &Project) -> Vec<(String, u64)> {
    let stats = project.stats().unwrap();
    stats.languages.into_iter().map(|(lang, n)| (lang.as_str().to_owned(), n)).collect()
}

/// `variant_language`, which the statistics read, counts what the `variant` table holds after
/// every kind of change: units stored one at a time and by a large import (whose writer counts
/// in place of the trigger), a third language on some units, identical units skipped, a unit
/// deleted (its variants by cascade), an import undone, a variant's language changed, and the
/// last variant of a language gone.
#[test]
fn the_language_counts_follow_every_change_to_the_variants() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut project) = memory_in(&dir);
    let conn = Connection::open(&db).unwrap();
    let check = |project: &Project, step: &str| {
        let counted = languages_counted(&conn);
        assert!(!counted.is_empty(), "{step}");
        assert_eq!(stats_languages(project), counted, "{step}");
    };
    let options = with_policy(DuplicatePolicy::SkipIdentical);
    let small = dir.path().join("small.tmx");
    write_rich_units(&small, 0..10);
    project.import_tmx_file(&small, &options).unwrap();
    check(&project, "small import");
    let large = dir.path().join("large.tmx");
    let n_large = 2 * PROGRESS_EVERY + 7;
    write_rich_units(&large, 5..n_large);
    let report = project.import_tmx_file(&large, &options).unwrap();
    assert_eq!((report.units_added, report.units_skipped), (n_large - 10, 5));
    check(&project, "large import");
    assert_eq!(
        stats_languages(&project),
        [
            ("en".to_owned(), n_large),
            ("zh-CN".to_owned(), n_large),
            ("fr".to_owned(), n_large.div_ceil(4))
        ]
    );
    assert_eq!(variants_left_after_deleting_first_unit(&mut project), 0);
    check(&project, "unit deleted");
    project.undo_import(report.import_batch.unwrap()).unwrap();
    check(&project, "large import undone");
    conn.execute("UPDATE variant SET lang = 'de' WHERE lang = 'fr'", []).unwrap();
    check(&project, "French renamed German");
    conn.execute(
        "UPDATE variant SET lang = 'en' WHERE id = (SELECT min(id) FROM variant WHERE lang = 'de')",
        [],
    )
    .unwrap();
    check(&project, "one German variant renamed English");
    conn.execute("DELETE FROM variant WHERE lang = 'de'", []).unwrap();
    assert!(stats_languages(&project).iter().all(|(lang, _)| lang != "de"));
    check(&project, "last German variant gone");
}

/// Migration `0017_variant_language_counts` counts the variants a memory already holds, the
/// statistics list the same languages as before it, and the index it replaces is gone.
#[test]
fn a_memory_from_before_the_language_counts_keeps_its_language_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let before = {
        let mut conn = Connection::open(&path).unwrap();
        // Version 13: the schema before 0017_variant_language_counts.
        MIGRATIONS.to_version(&mut conn, 13).unwrap();
        conn.execute_batch(
            "INSERT INTO unit (id, created_at) VALUES (1, '2020-01-01T00:00:00Z'),
                 (2, '2020-01-01T00:00:00Z'), (3, '2020-01-01T00:00:00Z');
             INSERT INTO variant (unit_id, lang, text) VALUES (1, 'zh-CN', '甲'), (1, 'en', 'A'),
                 (2, 'zh-CN', '乙'), (2, 'en-GB', 'B'), (3, 'zh-CN', '丙'), (3, 'en', 'C'),
                 (3, 'fr', 'C');",
        )
        .unwrap();
        // What the statistics counted then, through the index this migration drops.
        languages_counted(&conn)
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(schema_version(&store.conn).unwrap(), SCHEMA_VERSION);
    let languages = store.stats().unwrap().languages;
    let languages: Vec<(String, u64)> =
        languages.into_iter().map(|(lang, n)| (lang.as_str().to_owned(), n)).collect();
    assert_eq!(languages, before);
    let counts: Vec<(String, u64)> = store
        .conn
        .prepare("SELECT lang, n_variants FROM variant_language ORDER BY lang")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as u64)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let expected = [("en", 2), ("en-GB", 1), ("fr", 1), ("zh-CN", 3)];
    assert_eq!(counts, expected.map(|(lang, n)| (lang.to_owned(), n)));
    let index: Option<String> = store
        .conn
        .query_row("SELECT name FROM sqlite_schema WHERE name = 'variant_lang'", [], |row| {
            row.get(0)
        })
        .optional()
        .unwrap();
    assert_eq!(index, None);
}

// A large TMX import commits durably and leaves the copy of its log into the database file (the
// checkpoint) to a thread of its own; see `Store::write_checkpointing_later`.

/// The number of pages the database holds (in its file and its log) and their size.
fn pages_and_page_bytes(db: &Path) -> u64 {
    let conn = Connection::open(db).unwrap();
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |row| row.get(0)).unwrap();
    let page_bytes: i64 = conn.query_row("PRAGMA page_size", [], |row| row.get(0)).unwrap();
    (pages * page_bytes) as u64
}

fn integrity(db: &Path) -> String {
    Connection::open(db).unwrap().query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap()
}

#[test]
fn a_large_import_returns_committed_before_its_log_is_copied_into_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let tmx_path = dir.path().join("large.tmx");
    let n_units = 20 * DEFER_INDEXES_AFTER_UNITS;
    write_units(&tmx_path, n_units);
    let (db, mut project) = memory_in(&dir);
    // Without the background checkpoint, SQLite would copy the log inside every commit.
    let _pages: i64 = project
        .store
        .conn
        .query_row("PRAGMA wal_autocheckpoint = 1", [], |row| row.get(0))
        .unwrap();
    let (release, hold) = std::sync::mpsc::channel::<()>();
    project.store.checkpoint.after_bytes = 0;
    project.store.checkpoint.hold = Some(hold);
    let options = with_policy(DuplicatePolicy::SkipIdentical);
    assert_eq!(project.import_tmx_file(&tmx_path, &options).unwrap().units_added, n_units);
    assert!(project.store.checkpoint_running());
    let file_bytes = |path: &Path| std::fs::metadata(path).unwrap().len();
    assert!(
        file_bytes(&db) < pages_and_page_bytes(&db),
        "the import was copied into the database file before it returned"
    );
    // Committed: another connection reads the import, and writes, while the copy waits.
    let mut other = Project::open(&db).unwrap();
    assert_eq!(other.stats().unwrap().units, n_units);
    let small = dir.path().join("small.tmx");
    write_numbered_units(&small, 5_000_000..5_000_010);
    assert_eq!(other.import_tmx_file(&small, &options).unwrap().units_added, 10);
    drop(other);
    drop(release);
    project.wait_for_checkpoint().unwrap();
    assert!(!project.store.checkpoint_running());
    assert_eq!(file_bytes(&db), pages_and_page_bytes(&db), "the log was not copied");
    let autocheckpoint: i64 =
        project.store.conn.query_row("PRAGMA wal_autocheckpoint", [], |row| row.get(0)).unwrap();
    assert_eq!(autocheckpoint, 1, "the automatic checkpoint was not put back");
    assert_eq!(project.stats().unwrap().units, n_units + 10);
    assert_eq!(integrity(&db), "ok");
}

/// The variables that make [`import_for_the_kill_test`] run.
const KILL_TEST_DB: &str = "TESSERA_KILL_TEST_DB";
const KILL_TEST_TMX: &str = "TESSERA_KILL_TEST_TMX";

/// The child process of [`killed_during_its_checkpoint_a_large_import_keeps_every_unit`]:
/// imports the TMX file named by [`KILL_TEST_TMX`] into the database named by [`KILL_TEST_DB`]
/// with its checkpoint in the background, marks the import's return with the file
/// `DB.committed`, then waits for the checkpoint and marks it with `DB.checkpointed`. Without
/// those variables (every ordinary test run) it does nothing: it is not a test of its own, and
/// the tidy test allows no ignored tests.
#[test]
fn import_for_the_kill_test() {
    let (Ok(db), Ok(tmx_path)) = (std::env::var(KILL_TEST_DB), std::env::var(KILL_TEST_TMX)) else {
        return;
    };
    let mut project = Project::open(Path::new(&db)).unwrap();
    project.store.checkpoint.after_bytes = 0;
    let options = with_policy(DuplicatePolicy::SkipIdentical);
    project.import_tmx_file(Path::new(&tmx_path), &options).unwrap();
    std::fs::write(format!("{db}.committed"), "").unwrap();
    project.wait_for_checkpoint().unwrap();
    std::fs::write(format!("{db}.checkpointed"), "").unwrap();
}

/// A process killed (SIGKILL) while the checkpoint of its import copies the log into the
/// database file loses nothing: the import is committed in the log, and the next connection
/// finishes the copy.
#[test]
fn killed_during_its_checkpoint_a_large_import_keeps_every_unit() {
    let dir = tempfile::tempdir().unwrap();
    let tmx_path = dir.path().join("large.tmx");
    let n_units = 30_000;
    write_units(&tmx_path, n_units);
    let db = dir.path().join("memory.db");
    // The schema, checkpointed when the project closes: the file grows only when the import's
    // checkpoint copies pages into it.
    drop(Project::open(&db).unwrap());
    let before = std::fs::metadata(&db).unwrap().len();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "store::tests::import_for_the_kill_test", "--test-threads=1"])
        .env(KILL_TEST_DB, &db)
        .env(KILL_TEST_TMX, &tmx_path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let marker = |name: &str| dir.path().join(format!("memory.db.{name}"));
    let started = Instant::now();
    while !marker("committed").exists() || std::fs::metadata(&db).unwrap().len() == before {
        assert!(child.try_wait().unwrap().is_none(), "the import ended before it was killed");
        assert!(started.elapsed() < Duration::from_secs(300), "the import never committed");
        std::thread::sleep(Duration::from_micros(100));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child finished before the kill");
    assert!(!marker("checkpointed").exists(), "the checkpoint finished before the kill");
    // Reopened, the memory holds the whole import, and writes go on.
    let mut project = Project::open(&db).unwrap();
    assert_eq!(project.stats().unwrap().units, n_units);
    assert_eq!(integrity(&db), "ok");
    let small = dir.path().join("small.tmx");
    write_numbered_units(&small, 5_000_000..5_000_010);
    let options = with_policy(DuplicatePolicy::SkipIdentical);
    assert_eq!(project.import_tmx_file(&small, &options).unwrap().units_added, 10);
    assert_eq!(project.import_tmx_file(&tmx_path, &options).unwrap().units_skipped, n_units);
    drop(project);
    assert_eq!(integrity(&db), "ok");
}
