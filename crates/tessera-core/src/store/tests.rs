//! Store tests: migrations, schema snapshot, upgrades and refusals, all on real SQLite.

use rusqlite::Connection;

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

/// Writes `n_units` distinct Chinese–English units as a TMX file.
fn write_units(path: &Path, n_units: u64) {
    let variant = |lang: &str, text: String| tmx::Variant {
        lang: tmx::Language::parse(lang),
        metadata: tmx::Metadata::default(),
        props: Vec::new(),
        notes: Vec::new(),
        segment: tmx::Segment::plain(&text),
    };
    let units = (0..n_units).map(|idx| tmx::Unit {
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
    let db = dir.path().join("memory.db");
    let mut project = Project::open(&db).unwrap();
    let options = InterchangeOptions {
        duplicates: DuplicatePolicy::SkipIdentical,
        ..InterchangeOptions::default()
    };
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
fn failed_large_import_leaves_indexes_and_foreign_keys_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("memory.db");
    let mut project = Project::open(&db).unwrap();
    let options = InterchangeOptions {
        duplicates: DuplicatePolicy::KeepAll,
        ..InterchangeOptions::default()
    };
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
