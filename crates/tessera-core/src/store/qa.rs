//! Queries behind memory QA: paging units with their texts, and the fixes kept for undo
//! (tables `qa_fix`, `qa_fix_unit`).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// A page of units for QA: (id, Chinese, English if any), and the last id read.
pub(crate) type QaPage = (Vec<(i64, String, Option<String>)>, Option<i64>);

/// What a fix changed: (unit, old text, new text).
pub(crate) type FixedUnits = Vec<(i64, String, String)>;

/// Up to `limit` units with ids above `after_id` that have a Chinese variant: (id, Chinese,
/// English if any), in id order; the last id read, so paging goes on past units without Chinese.
pub(crate) fn qa_page(conn: &Connection, after_id: i64, limit: usize) -> rusqlite::Result<QaPage> {
    let mut statement = conn.prepare_cached(
        "SELECT unit.id,
                (SELECT text FROM variant WHERE unit_id = unit.id AND lang LIKE 'zh%' ORDER BY id LIMIT 1),
                (SELECT text FROM variant WHERE unit_id = unit.id AND lang LIKE 'en%' ORDER BY id LIMIT 1)
         FROM unit WHERE unit.id > ?1 ORDER BY unit.id LIMIT ?2",
    )?;
    let rows = statement.query_map(params![after_id, limit as i64], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, Option<String>>(1)?,
            row.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut page = Vec::new();
    let mut last_id = None;
    for row in rows {
        let (unit_id, zh, en) = row?;
        last_id = Some(unit_id);
        if let Some(zh) = zh {
            page.push((unit_id, zh, en));
        }
    }
    Ok((page, last_id))
}

/// The text of the unit's first English variant.
pub(crate) fn english_text(tx: &Transaction<'_>, unit_id: i64) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT text FROM variant WHERE unit_id = ?1 AND lang LIKE 'en%' ORDER BY id LIMIT 1",
        [unit_id],
        |row| row.get(0),
    )
    .optional()
}

pub(crate) fn insert_fix(
    tx: &Transaction<'_>,
    at: &str,
    actor: &str,
    detail: &str,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO qa_fix (at, actor, detail) VALUES (?1, ?2, ?3)",
        params![at, actor, detail],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_fix_unit(
    tx: &Transaction<'_>,
    fix_id: i64,
    unit_id: i64,
    old_text: &str,
    new_text: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO qa_fix_unit (fix_id, unit_id, old_text, new_text) VALUES (?1, ?2, ?3, ?4)",
        params![fix_id, unit_id, old_text, new_text],
    )?;
    Ok(())
}

/// Marks a fix undone; `None` when there is no such fix or it was undone already, else the
/// units it changed: (unit, old text, new text).
pub(crate) fn take_fix(
    tx: &Transaction<'_>,
    fix_id: i64,
    now: &str,
) -> rusqlite::Result<Option<FixedUnits>> {
    let n_marked = tx.execute(
        "UPDATE qa_fix SET undone_at = ?2 WHERE id = ?1 AND undone_at IS NULL",
        params![fix_id, now],
    )?;
    if n_marked == 0 {
        return Ok(None);
    }
    let mut statement = tx.prepare_cached(
        "SELECT unit_id, old_text, new_text FROM qa_fix_unit WHERE fix_id = ?1 ORDER BY unit_id",
    )?;
    let rows = statement
        .query_map([fix_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(rows))
}
