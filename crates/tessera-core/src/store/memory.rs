//! Reading units for matching, their origins, and the persisted match index.

use rusqlite::{Connection, OptionalExtension, params};

use crate::model::{MemoryFingerprint, UnitOrigin};

/// (unit count, largest unit id): enough to tell whether a derived index is stale, because
/// units are only ever appended or deleted.
pub(crate) fn fingerprint(conn: &Connection) -> rusqlite::Result<MemoryFingerprint> {
    conn.query_row("SELECT count(*), coalesce(max(id), 0) FROM unit", [], |row| {
        Ok(MemoryFingerprint { unit_count: row.get::<_, i64>(0)? as u64, max_unit_id: row.get(1)? })
    })
}

/// Units (bilingual or not) with an id above `after_id`.
pub(crate) fn count_units_after(conn: &Connection, after_id: i64) -> rusqlite::Result<u64> {
    conn.query_row("SELECT count(*) FROM unit WHERE id > ?1", [after_id], |row| {
        row.get::<_, i64>(0)
    })
    .map(|n| n.max(0) as u64)
}

/// Calls `each(unit_id, chinese, english)` for every unit with a Chinese and an English variant
/// and an id above `after_id`, in id order.
pub(crate) fn for_each_pair(
    conn: &Connection,
    after_id: i64,
    each: &mut dyn FnMut(i64, &str, &str),
) -> rusqlite::Result<()> {
    let mut statement = conn.prepare_cached(
        "SELECT unit.id,
                (SELECT text FROM variant WHERE unit_id = unit.id AND lang LIKE 'zh%' ORDER BY id LIMIT 1) AS zh,
                (SELECT text FROM variant WHERE unit_id = unit.id AND lang LIKE 'en%' ORDER BY id LIMIT 1) AS en
         FROM unit WHERE unit.id > ?1 ORDER BY unit.id",
    )?;
    let mut rows = statement.query([after_id])?;
    while let Some(row) = rows.next()? {
        let (Some(zh), Some(en)) =
            (row.get_ref(1)?.as_str_or_null()?, row.get_ref(2)?.as_str_or_null()?)
        else {
            continue;
        };
        each(row.get(0)?, zh, en);
    }
    Ok(())
}

/// Up to `limit` bilingual units with ids above `after_id`, in id order: (id, Chinese, English).
pub(crate) fn pairs_page(
    conn: &Connection,
    after_id: i64,
    limit: usize,
) -> rusqlite::Result<Vec<(i64, String, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT unit.id,
                (SELECT text FROM variant WHERE unit_id = unit.id AND lang LIKE 'zh%' ORDER BY id LIMIT 1) AS zh,
                (SELECT text FROM variant WHERE unit_id = unit.id AND lang LIKE 'en%' ORDER BY id LIMIT 1) AS en
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
    let mut last_id = after_id;
    for row in rows {
        let (unit_id, zh, en) = row?;
        last_id = unit_id;
        if let (Some(zh), Some(en)) = (zh, en) {
            page.push((unit_id, zh, en));
        }
    }
    // Keep the page non-empty while units remain, even when none of them is bilingual.
    if page.is_empty() && last_id > after_id {
        page.push((last_id, String::new(), String::new()));
    }
    Ok(page)
}

/// The (Chinese, English) texts of one unit, when it has both.
pub(crate) fn pair_of(
    conn: &Connection,
    unit_id: i64,
) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT (SELECT text FROM variant WHERE unit_id = ?1 AND lang LIKE 'zh%' ORDER BY id LIMIT 1),
                (SELECT text FROM variant WHERE unit_id = ?1 AND lang LIKE 'en%' ORDER BY id LIMIT 1)",
        [unit_id],
        |row| Ok(row.get::<_, Option<String>>(0)?.zip(row.get::<_, Option<String>>(1)?)),
    )
}

/// Streams the persisted index to `read` (with its length in bytes), without copying the BLOB
/// into memory first.
pub(crate) fn read_index<T>(
    conn: &Connection,
    read: impl FnOnce(&mut dyn std::io::Read, usize) -> T,
) -> rusqlite::Result<Option<(MemoryFingerprint, T)>> {
    let head = conn
        .query_row(
            "SELECT unit_count, max_unit_id, length(data) FROM match_index WHERE id = 1",
            [],
            |row| {
                Ok((
                    MemoryFingerprint {
                        unit_count: row.get::<_, i64>(0)? as u64,
                        max_unit_id: row.get(1)?,
                    },
                    row.get::<_, i64>(2)?.max(0) as usize,
                ))
            },
        )
        .optional()?;
    let Some((fingerprint, len)) = head else { return Ok(None) };
    let mut blob = conn.blob_open(rusqlite::MAIN_DB, "match_index", "data", 1, true)?;
    let mut buffered = std::io::BufReader::with_capacity(1 << 20, &mut blob);
    Ok(Some((fingerprint, read(&mut buffered, len))))
}

/// Stores the index by streaming it into a BLOB of its exact size, so the index is never held
/// twice in memory (at a million units it is about 560 MB). In the caller's transaction: a crash
/// mid-write leaves the previous index, or none.
pub(crate) fn save_index(
    tx: &rusqlite::Transaction<'_>,
    fingerprint: MemoryFingerprint,
    byte_len: usize,
    write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO match_index (id, unit_count, max_unit_id, data) VALUES (1, ?1, ?2, zeroblob(?3))
         ON CONFLICT (id) DO UPDATE SET unit_count = excluded.unit_count, max_unit_id = excluded.max_unit_id, data = excluded.data",
        params![fingerprint.unit_count as i64, fingerprint.max_unit_id, byte_len as i64],
    )?;
    {
        let mut blob = tx.blob_open(rusqlite::MAIN_DB, "match_index", "data", 1, false)?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, &mut blob);
        write(&mut buffered)
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
        std::io::Write::flush(&mut buffered)
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
    }
    Ok(())
}

/// The persisted phrase table and the fingerprint of the units it covers.
pub(crate) fn read_phrase_table(
    conn: &Connection,
) -> rusqlite::Result<Option<(MemoryFingerprint, Vec<u8>)>> {
    conn.query_row(
        "SELECT unit_count, max_unit_id, data FROM phrase_table WHERE id = 1",
        [],
        |row| {
            Ok((
                MemoryFingerprint {
                    unit_count: row.get::<_, i64>(0)? as u64,
                    max_unit_id: row.get(1)?,
                },
                row.get(2)?,
            ))
        },
    )
    .optional()
}

/// Replaces the persisted phrase table (one statement, so all or nothing).
pub(crate) fn save_phrase_table(
    conn: &Connection,
    fingerprint: MemoryFingerprint,
    data: &[u8],
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO phrase_table (id, unit_count, max_unit_id, data) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET unit_count = excluded.unit_count, max_unit_id = excluded.max_unit_id, data = excluded.data",
        params![fingerprint.unit_count as i64, fingerprint.max_unit_id, data],
    )?;
    Ok(())
}

/// Where each unit came from: its article (if aligned from one) and its creation.
pub(crate) fn origins(conn: &Connection, unit_ids: &[i64]) -> rusqlite::Result<Vec<UnitOrigin>> {
    let mut statement = conn.prepare_cached(
        "SELECT unit.id, unit.created_at, unit.created_by, article.source_path, unit_provenance.confidence
         FROM unit
         LEFT JOIN unit_provenance ON unit_provenance.unit_id = unit.id
         LEFT JOIN article ON article.id = unit_provenance.article_id
         WHERE unit.id = ?1",
    )?;
    let mut out = Vec::with_capacity(unit_ids.len());
    for unit_id in unit_ids {
        if let Some(origin) = statement
            .query_row([unit_id], |row| {
                Ok(UnitOrigin {
                    unit_id: row.get(0)?,
                    created_at: row.get(1)?,
                    created_by: row.get(2)?,
                    article: row.get(3)?,
                    confidence: row.get(4)?,
                })
            })
            .optional()?
        {
            out.push(origin);
        }
    }
    Ok(out)
}
