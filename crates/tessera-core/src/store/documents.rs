//! Documents in the editor and their segments.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::model::{DocumentSegment, DocumentSummary};

pub(crate) fn insert_document(
    tx: &Transaction<'_>,
    name: &str,
    original_text: &str,
    (source_lang, target_lang): (&str, &str),
    now: &str,
    segments: &[(u32, String)],
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO document (name, original_text, source_lang, target_lang, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, original_text, source_lang, target_lang, now],
    )?;
    let document_id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO document_segment (document_id, position, block_idx, source) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, (block_idx, source)) in segments.iter().enumerate() {
        insert.execute(params![document_id, position as i64, block_idx, source])?;
    }
    Ok(document_id)
}

pub(crate) fn list_documents(conn: &Connection) -> rusqlite::Result<Vec<DocumentSummary>> {
    let mut statement = conn.prepare_cached(
        "SELECT document.id, document.name, document.source_lang, document.target_lang,
                (SELECT count(*) FROM document_segment AS s WHERE s.document_id = document.id),
                (SELECT count(*) FROM document_segment AS s WHERE s.document_id = document.id AND s.status = 'confirmed')
         FROM document ORDER BY document.id DESC",
    )?;
    statement
        .query_map([], |row| {
            Ok(DocumentSummary {
                id: row.get(0)?,
                name: row.get(1)?,
                source_lang: crate::model::LanguageTag::parse(&row.get::<_, String>(2)?),
                target_lang: crate::model::LanguageTag::parse(&row.get::<_, String>(3)?),
                segments: row.get::<_, i64>(4)?.max(0) as u64,
                confirmed: row.get::<_, i64>(5)?.max(0) as u64,
            })
        })?
        .collect()
}

pub(crate) fn document_segments(
    conn: &Connection,
    document_id: i64,
) -> rusqlite::Result<Vec<DocumentSegment>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, position, block_idx, source, target, status, match_score FROM document_segment
         WHERE document_id = ?1 ORDER BY position",
    )?;
    statement
        .query_map([document_id], |row| {
            Ok(DocumentSegment {
                id: row.get(0)?,
                position: row.get(1)?,
                block_idx: row.get(2)?,
                source: row.get(3)?,
                target: row.get(4)?,
                status: row.get(5)?,
                match_score: row.get(6)?,
            })
        })?
        .collect()
}

/// The unit a segment already wrote, if any.
pub(crate) fn segment_unit(conn: &Connection, segment_id: i64) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT unit_id FROM document_segment WHERE id = ?1",
        params![segment_id],
        |row| row.get(0),
    )
    .optional()
    .map(Option::flatten)
}

/// A document's source and target languages, when it exists.
pub(crate) fn document_languages(
    conn: &Connection,
    document_id: i64,
) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT source_lang, target_lang FROM document WHERE id = ?1",
        params![document_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
}

/// The segment and the unit it already wrote, if any.
pub(crate) fn segment_for_update(
    tx: &Transaction<'_>,
    document_id: i64,
    segment_id: i64,
) -> rusqlite::Result<Option<(String, Option<i64>)>> {
    tx.query_row(
        "SELECT source, unit_id FROM document_segment WHERE id = ?1 AND document_id = ?2",
        params![segment_id, document_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
}

pub(crate) fn update_segment(
    tx: &Transaction<'_>,
    segment_id: i64,
    target: &str,
    status: &str,
    unit_id: Option<i64>,
    now: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE document_segment SET target = ?2, status = ?3, unit_id = coalesce(?4, unit_id),
                match_score = CASE WHEN target = ?2 THEN match_score END
         WHERE id = ?1",
        params![segment_id, target, status, unit_id],
    )?;
    tx.execute(
        "UPDATE document SET changed_at = ?2 WHERE id = (SELECT document_id FROM document_segment WHERE id = ?1)",
        params![segment_id, now],
    )?;
    Ok(())
}

/// Fills untranslated segments with pre-translations: `(segment id, target, match score)`.
/// Only segments still `new` with an empty target are touched; they become drafts.
pub(crate) fn fill_segments(
    tx: &Transaction<'_>,
    document_id: i64,
    filled: &[(i64, String, u8)],
    now: &str,
) -> rusqlite::Result<u64> {
    let mut update = tx.prepare_cached(
        "UPDATE document_segment SET target = ?3, status = 'draft', match_score = ?4
         WHERE id = ?1 AND document_id = ?2 AND status = 'new' AND target = ''",
    )?;
    let mut changed = 0;
    for (segment_id, target, score) in filled {
        changed += update.execute(params![segment_id, document_id, target, score])? as u64;
    }
    if changed > 0 {
        tx.execute("UPDATE document SET changed_at = ?2 WHERE id = ?1", params![document_id, now])?;
    }
    Ok(changed)
}

/// Saves a draft: a changed target becomes a draft (no longer a pre-translation); the same
/// target changes nothing, its status included.
pub(crate) fn save_draft(
    tx: &Transaction<'_>,
    segment_id: i64,
    target: &str,
    now: &str,
) -> rusqlite::Result<()> {
    let changed = tx.execute(
        "UPDATE document_segment SET target = ?2, status = 'draft', match_score = NULL
         WHERE id = ?1 AND target <> ?2",
        params![segment_id, target],
    )?;
    if changed > 0 {
        tx.execute(
            "UPDATE document SET changed_at = ?2 WHERE id = (SELECT document_id FROM document_segment WHERE id = ?1)",
            params![segment_id, now],
        )?;
    }
    Ok(())
}

/// A segment of an XLIFF file, as opening stores it.
pub(crate) struct NewXliffSegment {
    /// Where it sits in the file: `file.unit.segment` indices.
    pub(crate) place: String,
    /// The unit's position among the file's translatable units (the editor's paragraph).
    pub(crate) block_idx: u32,
    /// The source, inline codes as placeholders.
    pub(crate) source: String,
    /// The target the file already had, or empty.
    pub(crate) target: String,
    /// `new`, `draft` or `confirmed`, from the file's state.
    pub(crate) status: &'static str,
}

/// A segment of an XLIFF document as saving needs it.
pub(crate) struct XliffSegmentRow {
    /// The document segment.
    pub(crate) id: i64,
    /// Where it sits in the file: `file.unit.segment` indices.
    pub(crate) place: String,
    /// The translation so far.
    pub(crate) target: String,
    /// `new`, `draft` or `confirmed`.
    pub(crate) status: String,
    /// The pre-translation's score and match source, until the target was changed.
    pub(crate) matched: Option<(u8, String)>,
}

pub(crate) fn insert_xliff_document(
    tx: &Transaction<'_>,
    name: &str,
    file: &[u8],
    (source_lang, target_lang): (&str, &str),
    now: &str,
    segments: &[NewXliffSegment],
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO document (name, original_text, source_lang, target_lang, created_at, xliff)
         VALUES (?1, '', ?2, ?3, ?4, ?5)",
        params![name, source_lang, target_lang, now, file],
    )?;
    let document_id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO document_segment (document_id, position, block_idx, source, target, status, xliff_place)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, segment) in segments.iter().enumerate() {
        insert.execute(params![
            document_id,
            position as i64,
            segment.block_idx,
            segment.source,
            segment.target,
            segment.status,
            segment.place
        ])?;
    }
    Ok(document_id)
}

/// The XLIFF file a document was opened from: `None` when there is no such document,
/// `Some(None)` for a text document.
pub(crate) fn document_xliff(
    conn: &Connection,
    document_id: i64,
) -> rusqlite::Result<Option<Option<Vec<u8>>>> {
    conn.query_row("SELECT xliff FROM document WHERE id = ?1", params![document_id], |row| {
        row.get(0)
    })
    .optional()
}

/// Whether a document was opened from an XLIFF file (`None`: no such document).
pub(crate) fn document_is_xliff(
    conn: &Connection,
    document_id: i64,
) -> rusqlite::Result<Option<bool>> {
    conn.query_row(
        "SELECT xliff IS NOT NULL FROM document WHERE id = ?1",
        params![document_id],
        |row| row.get(0),
    )
    .optional()
}

/// An XLIFF document's segments with their places in the file, in order.
pub(crate) fn xliff_segments(
    conn: &Connection,
    document_id: i64,
) -> rusqlite::Result<Vec<XliffSegmentRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT xliff_place, target, status, match_score, match_source, id FROM document_segment
         WHERE document_id = ?1 AND xliff_place IS NOT NULL ORDER BY position",
    )?;
    statement
        .query_map([document_id], |row| {
            let score: Option<u8> = row.get(3)?;
            let source: Option<String> = row.get(4)?;
            Ok(XliffSegmentRow {
                id: row.get(5)?,
                place: row.get(0)?,
                target: row.get(1)?,
                status: row.get(2)?,
                matched: score.zip(source),
            })
        })?
        .collect()
}

/// Records the source of the memory match each pre-translated segment was filled from.
pub(crate) fn set_match_sources(
    tx: &Transaction<'_>,
    sources: &[(i64, String)],
) -> rusqlite::Result<()> {
    let mut update =
        tx.prepare_cached("UPDATE document_segment SET match_source = ?2 WHERE id = ?1")?;
    for (segment_id, source) in sources {
        update.execute(params![segment_id, source])?;
    }
    Ok(())
}

impl super::Store {
    /// The XLIFF file a document was opened from; see [`document_xliff`].
    pub(crate) fn document_xliff(
        &self,
        document_id: i64,
    ) -> Result<Option<Option<Vec<u8>>>, super::StoreError> {
        Ok(document_xliff(&self.conn, document_id)?)
    }

    /// Whether a document was opened from an XLIFF file; see [`document_is_xliff`].
    pub(crate) fn document_is_xliff(
        &self,
        document_id: i64,
    ) -> Result<Option<bool>, super::StoreError> {
        Ok(document_is_xliff(&self.conn, document_id)?)
    }

    /// An XLIFF document's segments; see [`xliff_segments`].
    pub(crate) fn xliff_segments(
        &self,
        document_id: i64,
    ) -> Result<Vec<XliffSegmentRow>, super::StoreError> {
        Ok(xliff_segments(&self.conn, document_id)?)
    }
}

impl super::StoreTx<'_> {
    /// Stores a document opened from an XLIFF file; see [`insert_xliff_document`].
    pub(crate) fn insert_xliff_document(
        &self,
        name: &str,
        file: &[u8],
        languages: (&str, &str),
        now: &str,
        segments: &[NewXliffSegment],
    ) -> Result<i64, super::StoreError> {
        Ok(insert_xliff_document(&self.tx, name, file, languages, now, segments)?)
    }

    /// Records pre-translations' match sources; see [`set_match_sources`].
    pub(crate) fn set_match_sources(
        &self,
        sources: &[(i64, String)],
    ) -> Result<(), super::StoreError> {
        Ok(set_match_sources(&self.tx, sources)?)
    }
}
