//! Writing translation units, their variants and provenance.

use rusqlite::{Transaction, params};

use crate::model::{NewUnit, UnitId};

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
