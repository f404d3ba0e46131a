//! Counting queries for `Stats`.

use rusqlite::Connection;

use crate::model::{LanguageTag, Stats, TermStatus};

pub(crate) fn read_stats(conn: &Connection) -> rusqlite::Result<Stats> {
    let count = |sql: &str| -> rusqlite::Result<u64> {
        conn.query_row(sql, [], |row| row.get::<_, i64>(0)).map(|n| n.max(0) as u64)
    };
    let mut terms_by_status: Vec<(TermStatus, u64)> =
        TermStatus::ALL.into_iter().map(|status| (status, 0)).collect();
    let mut statement = conn.prepare_cached("SELECT status, count(*) FROM term GROUP BY status")?;
    let rows =
        statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
    for row in rows {
        let (name, n_terms) = row?;
        if let Some(entry) = terms_by_status.iter_mut().find(|(status, _)| status.as_str() == name)
        {
            entry.1 = n_terms.max(0) as u64;
        }
    }
    let mut statement = conn.prepare_cached(
        "SELECT lang, n_variants FROM variant_language ORDER BY n_variants DESC, lang ASC",
    )?;
    let languages = statement
        .query_map([], |row| {
            Ok((LanguageTag::parse(&row.get::<_, String>(0)?), row.get::<_, i64>(1)?.max(0) as u64))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Stats {
        units: count("SELECT count(*) FROM unit")?,
        articles: count("SELECT count(*) FROM article")?,
        terms: count("SELECT count(*) FROM term")?,
        concepts: count("SELECT count(*) FROM concept")?,
        concepts_approved: count("SELECT count(*) FROM concept WHERE review_status = 'approved'")?,
        concepts_candidate: count(
            "SELECT count(*) FROM concept WHERE review_status = 'candidate'",
        )?,
        concepts_rejected: count("SELECT count(*) FROM concept WHERE review_status = 'rejected'")?,
        terms_by_status,
        languages,
        schema_version: count("PRAGMA user_version")?,
    })
}
