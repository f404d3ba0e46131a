//! Store tests: migrations, schema snapshot, upgrades and refusals, all on real SQLite.

use rusqlite::Connection;

use super::*;

#[test]
fn migrations_are_valid() {
    MIGRATIONS.validate().unwrap();
}

#[test]
fn schema_snapshot_is_current() {
    let store = Store::open_in_memory().unwrap();
    let mut statement = store
        .conn
        .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
        .unwrap();
    let schema = statement
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(|sql| sql.unwrap() + ";\n")
        .collect::<String>();
    expect_test::expect_file!["schema.sql"].assert_eq(&schema);
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
