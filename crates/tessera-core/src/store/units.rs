//! Writing translation units, their variants and provenance.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::model::{AuditEntry, AuditRecord, NewUnit, UnitId};

/// Inserts `units` inside the caller's transaction, calling `progress` after each unit with the
/// number stored so far. Returns the new ids in input order.
pub(crate) fn insert_units(
    tx: &Transaction<'_>,
    units: &mut dyn Iterator<Item = NewUnit>,
    now: &str,
    progress: &mut dyn FnMut(usize),
) -> rusqlite::Result<Vec<UnitId>> {
    let mut insert_unit = tx.prepare_cached(
        "INSERT INTO unit (source_lang, created_at, created_by) VALUES (?1, ?2, ?3)",
    )?;
    let mut insert_variant = tx.prepare_cached(
        "INSERT INTO variant (unit_id, lang, text, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut insert_provenance = tx.prepare_cached(
        "INSERT INTO unit_provenance (unit_id, article_id, position, confidence) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut ids = Vec::new();
    for (unit_idx, unit) in units.enumerate() {
        insert_unit.execute(params![
            unit.source_lang.as_ref().map(|lang| lang.as_str()),
            now,
            unit.created_by
        ])?;
        let unit_id = tx.last_insert_rowid();
        for variant in &unit.variants {
            insert_variant.execute(params![unit_id, variant.lang.as_str(), variant.text, now])?;
        }
        if let Some(provenance) = &unit.provenance {
            insert_provenance.execute(params![
                unit_id,
                provenance.article_id.0,
                provenance.position,
                provenance.confidence
            ])?;
        }
        ids.push(UnitId(unit_id));
        progress(unit_idx + 1);
    }
    Ok(ids)
}

pub(crate) fn replace_variant_text(
    tx: &Transaction<'_>,
    unit: UnitId,
    lang_prefix: &str,
    text: &str,
    now: &str,
) -> rusqlite::Result<Option<String>> {
    let pattern = format!("{lang_prefix}%");
    let Some((variant_id, old)) = tx
        .query_row(
            "SELECT id, text FROM variant WHERE unit_id = ?1 AND lang LIKE ?2 ORDER BY id LIMIT 1",
            params![unit.0, pattern],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    tx.execute(
        "UPDATE variant SET text = ?2, changed_at = ?3 WHERE id = ?1",
        params![variant_id, text, now],
    )?;
    tx.execute("UPDATE unit SET changed_at = ?2 WHERE id = ?1", params![unit.0, now])?;
    Ok(Some(old))
}

pub(crate) fn unit_summary(tx: &Transaction<'_>, unit: UnitId) -> rusqlite::Result<String> {
    let mut statement =
        tx.prepare_cached("SELECT lang, text FROM variant WHERE unit_id = ?1 ORDER BY id")?;
    let parts = statement
        .query_map([unit.0], |row| {
            Ok(format!("{}: {}", row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(parts.join(" | "))
}

pub(crate) fn previous_source(conn: &Connection, unit_id: i64) -> rusqlite::Result<Option<String>> {
    neighbour_text(conn, unit_id, "zh", false)
}

/// The text in `lang` (a primary subtag) of the unit before (or after, `next`) this one in its
/// article.
pub(crate) fn neighbour_text(
    conn: &Connection,
    unit_id: i64,
    lang: &str,
    next: bool,
) -> rusqlite::Result<Option<String>> {
    let (comparison, order) = if next { (">", "ASC") } else { ("<", "DESC") };
    conn.query_row(
        &format!(
            "SELECT (SELECT text FROM variant WHERE unit_id = neighbour.unit_id AND lang LIKE ?2 || '%' ORDER BY id LIMIT 1)
             FROM unit_provenance AS current
             JOIN unit_provenance AS neighbour
               ON neighbour.article_id = current.article_id AND neighbour.position {comparison} current.position
             WHERE current.unit_id = ?1
             ORDER BY neighbour.position {order} LIMIT 1"
        ),
        rusqlite::params![unit_id, lang],
        |row| row.get::<_, Option<String>>(0),
    )
    .optional()
    .map(Option::flatten)
}

pub(crate) fn chinese_variant_lang(
    conn: &Connection,
    unit_id: i64,
) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT lang FROM variant WHERE unit_id = ?1 AND lang LIKE 'zh%' ORDER BY id LIMIT 1",
        [unit_id],
        |row| row.get(0),
    )
    .optional()
}

pub(crate) fn most_common_source_lang(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT source_lang FROM unit WHERE source_lang IS NOT NULL AND source_lang != ''
         GROUP BY source_lang ORDER BY count(*) DESC, source_lang LIMIT 1",
        [],
        |row| row.get(0),
    )
    .optional()
}

pub(crate) fn audit_entries(
    conn: &Connection,
    object_kind: &str,
    object_id: i64,
) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut statement = conn.prepare_cached(
        "SELECT at, actor, action, comment, detail FROM audit_log WHERE object_kind = ?1 AND object_id = ?2 ORDER BY id",
    )?;
    statement
        .query_map(params![object_kind, object_id], |row| {
            Ok(AuditEntry {
                at: row.get(0)?,
                actor: row.get(1)?,
                action: row.get(2)?,
                comment: row.get(3)?,
                detail: row.get(4)?,
            })
        })?
        .collect()
}

pub(crate) fn audit_log(conn: &Connection) -> rusqlite::Result<Vec<AuditRecord>> {
    let mut statement = conn.prepare_cached(
        "SELECT at, actor, action, object_kind, object_id, comment, detail FROM audit_log ORDER BY id",
    )?;
    statement
        .query_map([], |row| {
            Ok(AuditRecord {
                at: row.get(0)?,
                actor: row.get(1)?,
                action: row.get(2)?,
                object_kind: row.get(3)?,
                object_id: row.get(4)?,
                comment: row.get(5)?,
                detail: row.get(6)?,
            })
        })?
        .collect()
}
