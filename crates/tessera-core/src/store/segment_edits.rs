//! Edits of a document's segment list in the grid: targets replaced in bulk, a segment split in
//! two, two neighbours merged. Positions are renumbered under `UNIQUE (document_id, position)`.

use rusqlite::{OptionalExtension, Transaction, params};

/// A segment as a split or merge reads it: id, position, paragraph, source, target.
pub(crate) type PlacedSegment = (i64, i64, u32, String, String);

/// Writes new targets (`(segment id, target)`) of a document's segments: each changed one
/// becomes a draft and loses its pre-translation score, as an edit does. Returns how many changed.
pub(crate) fn replace_targets(
    tx: &Transaction<'_>,
    document_id: i64,
    targets: &[(i64, String)],
    now: &str,
) -> rusqlite::Result<u64> {
    let mut update = tx.prepare_cached(
        "UPDATE document_segment SET target = ?3, status = 'draft', match_score = NULL
         WHERE id = ?1 AND document_id = ?2 AND target <> ?3",
    )?;
    let mut changed = 0;
    for (segment_id, target) in targets {
        changed += update.execute(params![segment_id, document_id, target])? as u64;
    }
    if changed > 0 {
        touch_document(tx, document_id, now)?;
    }
    Ok(changed)
}

/// The segment with id `segment_id` in the document, and the one right after it (if any).
pub(crate) fn segment_and_next(
    tx: &Transaction<'_>,
    document_id: i64,
    segment_id: i64,
) -> rusqlite::Result<Option<(PlacedSegment, Option<PlacedSegment>)>> {
    let mut read = tx.prepare_cached(
        "SELECT id, position, block_idx, source, target FROM document_segment
         WHERE document_id = ?1 AND position >= (SELECT position FROM document_segment WHERE id = ?2 AND document_id = ?1)
         ORDER BY position LIMIT 2",
    )?;
    let rows: Vec<PlacedSegment> = read
        .query_map(params![document_id, segment_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows = rows.into_iter();
    Ok(rows.next().map(|first| (first, rows.next())))
}

/// Splits a segment: it keeps `first` (source, target, status) and a new `new` segment with
/// `second_source` is inserted right after it in the same paragraph; later positions move up by
/// one. Both lose their link to the memory unit and their match score: their sources changed.
/// Returns the new segment's id.
pub(crate) fn split_segment(
    tx: &Transaction<'_>,
    document_id: i64,
    segment: &PlacedSegment,
    first: (&str, &str, &str),
    second_source: &str,
    now: &str,
) -> rusqlite::Result<i64> {
    let (segment_id, position, block_idx, _, _) = segment;
    shift_positions_after(tx, document_id, *position, 1)?;
    tx.execute(
        "UPDATE document_segment SET source = ?2, target = ?3, status = ?4, match_score = NULL, unit_id = NULL
         WHERE id = ?1",
        params![segment_id, first.0, first.1, first.2],
    )?;
    tx.execute(
        "INSERT INTO document_segment (document_id, position, block_idx, source) VALUES (?1, ?2, ?3, ?4)",
        params![document_id, position + 1, block_idx, second_source],
    )?;
    let id = tx.last_insert_rowid();
    touch_document(tx, document_id, now)?;
    Ok(id)
}

/// Merges `second` into `first` (its neighbour before it): `first` takes `merged` (source, target,
/// status) and loses its memory link and match score; `second` is deleted and later positions
/// move down by one.
pub(crate) fn merge_segments(
    tx: &Transaction<'_>,
    document_id: i64,
    first: &PlacedSegment,
    second: &PlacedSegment,
    merged: (&str, &str, &str),
    now: &str,
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM document_segment WHERE id = ?1", params![second.0])?;
    shift_positions_after(tx, document_id, second.1, -1)?;
    tx.execute(
        "UPDATE document_segment SET source = ?2, target = ?3, status = ?4, match_score = NULL, unit_id = NULL
         WHERE id = ?1",
        params![first.0, merged.0, merged.1, merged.2],
    )?;
    touch_document(tx, document_id, now)
}

/// Moves the segments after `position` by `delta`. Positions are unique per document and SQLite
/// checks that row by row, so a plain `position + 1` would collide midway: the rows go to
/// distinct negative positions first (`-(new) - 1`), then back.
fn shift_positions_after(
    tx: &Transaction<'_>,
    document_id: i64,
    position: i64,
    delta: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE document_segment SET position = -(position + ?3) - 1 WHERE document_id = ?1 AND position > ?2",
        params![document_id, position, delta],
    )?;
    tx.execute(
        "UPDATE document_segment SET position = -position - 1 WHERE document_id = ?1 AND position < 0",
        params![document_id],
    )?;
    Ok(())
}

fn touch_document(tx: &Transaction<'_>, document_id: i64, now: &str) -> rusqlite::Result<()> {
    tx.execute("UPDATE document SET changed_at = ?2 WHERE id = ?1", params![document_id, now])?;
    Ok(())
}

/// Whether the document exists.
pub(crate) fn document_exists(tx: &Transaction<'_>, document_id: i64) -> rusqlite::Result<bool> {
    Ok(tx
        .query_row("SELECT 1 FROM document WHERE id = ?1", params![document_id], |_| Ok(()))
        .optional()?
        .is_some())
}
