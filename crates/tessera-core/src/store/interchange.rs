//! Rows of TMX and TBX imports: units with everything TMX carries, import batches, termbase
//! concepts, and reading that back for export.

use std::{
    collections::HashSet,
    hash::{BuildHasher, Hasher, RandomState},
};

use rusqlite::{Connection, OptionalExtension, ToSql, Transaction, params};

use crate::model::{ImportBatch, ImportBatchId, StoredUnit, UndoReport};

/// A TMX `<tu>` flattened for storage. Dates are RFC 3339; languages are BCP 47.
#[derive(Debug, Clone, Default)]
pub(crate) struct ImportedUnit {
    pub(crate) tuid: Option<String>,
    pub(crate) source_lang: Option<String>,
    pub(crate) segment_type: Option<String>,
    pub(crate) created_at: Option<String>,
    pub(crate) created_by: Option<String>,
    pub(crate) changed_at: Option<String>,
    pub(crate) changed_by: Option<String>,
    pub(crate) usage_count: Option<u64>,
    pub(crate) last_used_at: Option<String>,
    /// Hash of every (language, text) pair: identical units share it.
    pub(crate) content_key: i64,
    /// Hash of the source variant: units translating the same source share it.
    pub(crate) source_key: i64,
    /// `(source_key, content_key)` over the language tags as written, when they differ from the
    /// keys above: units stored before keys compared equivalent languages carry these. Never
    /// stored.
    pub(crate) legacy_keys: Option<(i64, i64)>,
    /// Unit-level props and notes, in file order.
    pub(crate) annotations: Vec<ImportedAnnotation>,
    pub(crate) variants: Vec<ImportedVariant>,
}

/// A TMX `<tuv>` flattened for storage.
#[derive(Debug, Clone, Default)]
pub(crate) struct ImportedVariant {
    pub(crate) lang: String,
    pub(crate) lang_original: String,
    pub(crate) text: String,
    /// The encoded inline tags, `None` when the segment has none.
    pub(crate) inline_tags: Option<String>,
    pub(crate) created_at: Option<String>,
    pub(crate) created_by: Option<String>,
    pub(crate) changed_at: Option<String>,
    pub(crate) changed_by: Option<String>,
    pub(crate) usage_count: Option<u64>,
    pub(crate) last_used_at: Option<String>,
    pub(crate) annotations: Vec<ImportedAnnotation>,
}

/// A TMX `<prop>` (kind `prop`) or `<note>` (kind `note`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ImportedAnnotation {
    pub(crate) kind: &'static str,
    pub(crate) prop_type: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) o_encoding: Option<String>,
    pub(crate) value: String,
}

/// What TMX carries beyond a [`crate::model::StoredUnit`], read back for export.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitExtras {
    pub(crate) tuid: Option<String>,
    pub(crate) segment_type: Option<String>,
    pub(crate) last_used_at: Option<String>,
    pub(crate) annotations: Vec<ImportedAnnotation>,
    /// In stored order (the order of `StoredUnit::variants`).
    pub(crate) variants: Vec<ImportedVariant>,
}

/// A TBX concept flattened for storage.
#[derive(Debug, Clone, Default)]
pub(crate) struct ImportedConcept {
    pub(crate) external_id: Option<String>,
    /// `candidate` (when `None`), `approved` or `rejected`.
    pub(crate) review_status: Option<String>,
    pub(crate) category: String,
    pub(crate) definition: String,
    pub(crate) note: String,
    pub(crate) terms: Vec<ImportedTerm>,
    /// Concept-level fields to keep (see [`ImportedField`]), in file order.
    pub(crate) fields: Vec<ImportedField>,
    /// Language-section fields to keep, by language, in file order.
    pub(crate) section_fields: Vec<(String, Vec<ImportedField>)>,
}

/// A TBX term flattened for storage.
#[derive(Debug, Clone, Default)]
pub(crate) struct ImportedTerm {
    pub(crate) lang: String,
    pub(crate) text: String,
    pub(crate) status: &'static str,
    pub(crate) part_of_speech: Option<String>,
    pub(crate) note: Option<String>,
    /// Term-level fields to keep, in file order.
    pub(crate) fields: Vec<ImportedField>,
}

/// A TBX field kept in `concept_field`: the element's name (`admin`, `xref`, …), its `type`, its
/// text, `target`, and the members of its group. `value` is `None` for a field whose text a
/// column holds: the row keeps the field's place and its group for the export.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ImportedField {
    pub(crate) element: &'static str,
    pub(crate) kind: String,
    pub(crate) value: Option<String>,
    pub(crate) target: Option<String>,
    pub(crate) related: Vec<ImportedField>,
}

/// A `concept_field` row read back for export; `term_id` and `lang` give its level.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StoredField {
    pub(crate) id: i64,
    pub(crate) concept_id: i64,
    pub(crate) term_id: Option<i64>,
    pub(crate) lang: Option<String>,
    pub(crate) parent_id: Option<i64>,
    pub(crate) element: String,
    pub(crate) kind: String,
    pub(crate) value: Option<String>,
    pub(crate) target: Option<String>,
}

/// Counts written to a batch when its file is done.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BatchCounts {
    pub(crate) units_added: u64,
    pub(crate) units_skipped: u64,
    pub(crate) units_replaced: u64,
    pub(crate) concepts_added: u64,
}

pub(crate) fn begin_batch(
    tx: &Transaction<'_>,
    file: &str,
    kind: &str,
    duplicates: &str,
    now: &str,
) -> rusqlite::Result<ImportBatchId> {
    tx.prepare_cached(
        "INSERT INTO import_batch (file, kind, started_at, duplicates) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![file, kind, now, duplicates])?;
    Ok(ImportBatchId(tx.last_insert_rowid()))
}

pub(crate) fn finish_batch(
    tx: &Transaction<'_>,
    batch: ImportBatchId,
    counts: BatchCounts,
    now: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE import_batch SET finished_at = ?2, units_added = ?3, units_skipped = ?4,
                units_replaced = ?5, concepts_added = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        batch.0,
        now,
        counts.units_added as i64,
        counts.units_skipped as i64,
        counts.units_replaced as i64,
        counts.concepts_added as i64
    ])?;
    Ok(())
}

/// Stores the header props and notes of an imported file.
pub(crate) fn insert_batch_annotations(
    tx: &Transaction<'_>,
    batch: ImportBatchId,
    annotations: &[ImportedAnnotation],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO import_batch_annotation (import_batch_id, kind, prop_type, lang, o_encoding, value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for annotation in annotations {
        insert.execute(params![
            batch.0,
            annotation.kind,
            annotation.prop_type,
            annotation.lang,
            annotation.o_encoding,
            annotation.value
        ])?;
    }
    Ok(())
}

/// Stored units with this source key: (id, change or creation date).
pub(crate) fn units_with_source_key(
    tx: &Transaction<'_>,
    source_key: i64,
) -> rusqlite::Result<Vec<(i64, String)>> {
    tx.prepare_cached(
        "SELECT id, coalesce(changed_at, created_at) FROM unit WHERE source_key = ?1 ORDER BY id",
    )?
    .query_map([source_key], |row| Ok((row.get(0)?, row.get(1)?)))?
    .collect()
}

/// A unit stored without duplicate keys: id, source language, (language, text) per variant.
pub(crate) type KeylessUnit = (i64, Option<String>, Vec<(String, String)>);

/// Units stored without duplicate keys (aligned from articles, confirmed in the editor), their
/// variants in id order.
pub(crate) fn units_without_keys(tx: &Transaction<'_>) -> rusqlite::Result<Vec<KeylessUnit>> {
    let mut units: Vec<KeylessUnit> = Vec::new();
    let mut statement = tx.prepare(
        "SELECT unit.id, unit.source_lang, variant.lang, variant.text
         FROM unit JOIN variant ON variant.unit_id = unit.id
         WHERE unit.source_key IS NULL
         ORDER BY unit.id, variant.id",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let unit_id: i64 = row.get(0)?;
        let variant = (row.get(2)?, row.get(3)?);
        match units.last_mut() {
            Some((last_id, _, variants)) if *last_id == unit_id => variants.push(variant),
            _ => units.push((unit_id, row.get(1)?, vec![variant])),
        }
    }
    Ok(units)
}

/// Sets a unit's duplicate keys.
pub(crate) fn set_unit_keys(
    tx: &Transaction<'_>,
    unit_id: i64,
    source_key: i64,
    content_key: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE unit SET source_key = ?2, content_key = ?3 WHERE id = ?1")?
        .execute([unit_id, source_key, content_key])?;
    Ok(())
}

/// Stores one unit with its variants and annotations; returns its id.
pub(crate) fn insert_unit(
    tx: &Transaction<'_>,
    unit: &ImportedUnit,
    batch: Option<ImportBatchId>,
    now: &str,
) -> rusqlite::Result<i64> {
    UnitWriter::new(tx)?.insert(unit, batch, now)
}

/// Writes imported units through statements prepared once, for imports of many units: looking
/// a statement up in rusqlite's cache (hashing its SQL) for every row cost about 6% of a
/// large import.
pub(crate) struct UnitWriter<'tx> {
    conn: &'tx Connection,
    identical: rusqlite::CachedStatement<'tx>,
    unit: rusqlite::CachedStatement<'tx>,
    variant: rusqlite::CachedStatement<'tx>,
    annotation: rusqlite::CachedStatement<'tx>,
    /// True once [`DeferredIndexes::drop_indexes`] dropped `unit_source_key`: duplicates are
    /// then looked up in `stored_keys`.
    source_key_index_dropped: bool,
    /// The duplicate keys `(source_key, content_key)` of every stored unit, read on the first
    /// duplicate check after `unit_source_key` was dropped and kept up to date by
    /// [`UnitWriter::append`]; `None` before (and for an import that never checks).
    stored_keys: Option<HashSet<(i64, i64), StoredKeyHasher>>,
    /// Units held back to be stored many rows a statement, from the moment the import's
    /// indexes are deferred (an import that only appends); `None` before.
    held: Option<HeldUnits>,
}

/// Hashes the duplicate keys of [`UnitWriter::has_identical`]'s set. The keys are XXH3 hashes
/// already, so a multiply-and-fold of them with a random seed spreads them as well as SipHash
/// does, for a fraction of its cost: the set is asked twice and updated once per unit a large
/// import reads (SipHash took a twentieth of the storing thread).
#[derive(Clone, Copy)]
pub(crate) struct StoredKeyHasher {
    seed: u64,
}

impl Default for StoredKeyHasher {
    fn default() -> StoredKeyHasher {
        // A random seed per set, so that no file can be made to collide in every process.
        StoredKeyHasher { seed: RandomState::new().hash_one(0x5EED_u64) | 1 }
    }
}

impl BuildHasher for StoredKeyHasher {
    type Hasher = StoredKeyState;

    fn build_hasher(&self) -> StoredKeyState {
        StoredKeyState { state: self.seed }
    }
}

/// The running state of a [`StoredKeyHasher`].
pub(crate) struct StoredKeyState {
    state: u64,
}

impl StoredKeyState {
    fn mix(&mut self, value: u64) {
        // Folded multiply (as in foldhash and wyhash): the full 128-bit product's halves xored.
        let product = u128::from(self.state ^ value) * 0x9E37_79B9_7F4A_7C15_u128;
        self.state = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for StoredKeyState {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
    }

    fn write_i64(&mut self, value: i64) {
        self.mix(value as u64);
    }

    fn finish(&self) -> u64 {
        self.state
    }
}

/// Rows each multi-row `INSERT` of [`UnitWriter::flush`] stores.
const ROWS_PER_INSERT: usize = 32;

/// Units an appending [`UnitWriter`] holds back, with the ids their rows will take. SQLite
/// gives a new row the largest id plus one; while an import that only appends holds the write
/// lock nothing else writes these tables, so the ids counted here are the ones it would give.
struct HeldUnits {
    next_unit_id: i64,
    next_variant_id: i64,
    next_annotation_id: i64,
    /// The import batch and timestamp of the held units (one import's, so one of each).
    batch: Option<i64>,
    now: String,
    units: Vec<ImportedUnit>,
    /// Variants stored since units were held, by language: what the dropped
    /// [`LANGUAGE_COUNT_TRIGGER`] would have added to `variant_language`. An import holds a few
    /// languages, so a list searched in order beats a map.
    languages: Vec<(String, i64)>,
}

impl<'tx> UnitWriter<'tx> {
    pub(crate) fn new(conn: &'tx Connection) -> rusqlite::Result<UnitWriter<'tx>> {
        Ok(UnitWriter {
            conn,
            identical: conn.prepare_cached(
                "SELECT 1 FROM unit WHERE source_key = ?1 AND content_key = ?2 LIMIT 1",
            )?,
            unit: conn.prepare_cached(
                "INSERT INTO unit (tuid, source_lang, created_at, created_by, changed_at, changed_by,
                                   usage_count, last_used_at, import_batch_id, content_key, source_key,
                                   segment_type)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            variant: conn.prepare_cached(
                "INSERT INTO variant (unit_id, lang, lang_original, text, inline_tags, created_at,
                                      created_by, changed_at, changed_by, usage_count, last_used_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            annotation: conn.prepare_cached(
                "INSERT INTO unit_annotation (unit_id, variant_id, kind, prop_type, lang, value,
                                              o_encoding)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            source_key_index_dropped: false,
            stored_keys: None,
            held: None,
        })
    }

    /// True when a unit with these keys is stored.
    pub(crate) fn has_identical(
        &mut self,
        source_key: i64,
        content_key: i64,
    ) -> rusqlite::Result<bool> {
        if !self.source_key_index_dropped {
            return self.identical.exists([source_key, content_key]);
        }
        if self.stored_keys.is_none() {
            self.stored_keys = Some(self.read_stored_keys()?);
        }
        Ok(self.stored_keys.as_ref().is_some_and(|keys| keys.contains(&(source_key, content_key))))
    }

    /// The duplicate keys of every stored unit: one read of the `unit` table, 16 bytes a unit
    /// in memory (and the set's overhead). Cheaper than a probe of `unit_source_key` per unit,
    /// and updating that index per unit, once an import is as large as the memory.
    fn read_stored_keys(&self) -> rusqlite::Result<HashSet<(i64, i64), StoredKeyHasher>> {
        let mut keys = HashSet::with_hasher(StoredKeyHasher::default());
        let mut statement = self.conn.prepare(
            "SELECT source_key, content_key FROM unit
             WHERE source_key IS NOT NULL AND content_key IS NOT NULL",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            keys.insert((row.get(0)?, row.get(1)?));
        }
        Ok(keys)
    }

    /// Stores one unit with its variants and annotations; returns its id.
    pub(crate) fn insert(
        &mut self,
        unit: &ImportedUnit,
        batch: Option<ImportBatchId>,
        now: &str,
    ) -> rusqlite::Result<i64> {
        let unit_id = self.unit.insert(params![
            unit.tuid,
            unit.source_lang,
            unit.created_at.as_deref().unwrap_or(now),
            unit.created_by.as_deref().unwrap_or(""),
            unit.changed_at,
            unit.changed_by,
            unit.usage_count.unwrap_or(0) as i64,
            unit.last_used_at,
            batch.map(|batch| batch.0),
            unit.content_key,
            unit.source_key,
            unit.segment_type,
        ])?;
        self.insert_annotations(unit_id, None, &unit.annotations)?;
        for variant in &unit.variants {
            let variant_id = self.variant.insert(params![
                unit_id,
                variant.lang,
                variant.lang_original,
                variant.text,
                variant.inline_tags,
                variant.created_at,
                variant.created_by,
                variant.changed_at,
                variant.changed_by,
                variant.usage_count.map(|count| count as i64),
                variant.last_used_at,
            ])?;
            self.insert_annotations(unit_id, Some(variant_id), &variant.annotations)?;
        }
        Ok(unit_id)
    }

    fn insert_annotations(
        &mut self,
        unit_id: i64,
        variant_id: Option<i64>,
        annotations: &[ImportedAnnotation],
    ) -> rusqlite::Result<()> {
        for annotation in annotations {
            self.annotation.execute(params![
                unit_id,
                variant_id,
                annotation.kind,
                annotation.prop_type,
                annotation.lang,
                annotation.value,
                annotation.o_encoding,
            ])?;
        }
        Ok(())
    }

    /// The highest unit id stored, 0 for none: how big the memory is, for [`DeferredIndexes`].
    pub(crate) fn max_unit_id(&self) -> rusqlite::Result<i64> {
        self.conn.query_row("SELECT coalesce(max(id), 0) FROM unit", [], |row| row.get(0))
    }

    /// Stores one unit with its variants and annotations, as [`UnitWriter::insert`] does; once
    /// the indexes are deferred it holds the unit back and stores [`ROWS_PER_INSERT`] units a
    /// statement ([`DeferredIndexes::rebuild`] stores what is still held).
    pub(crate) fn append(
        &mut self,
        unit: ImportedUnit,
        batch: Option<ImportBatchId>,
        now: &str,
    ) -> rusqlite::Result<()> {
        if let Some(keys) = &mut self.stored_keys {
            keys.insert((unit.source_key, unit.content_key));
        }
        let Some(held) = &mut self.held else {
            self.insert(&unit, batch, now)?;
            return Ok(());
        };
        if held.units.is_empty() {
            held.batch = batch.map(|batch| batch.0);
            now.clone_into(&mut held.now);
        }
        held.units.push(unit);
        if held.units.len() == ROWS_PER_INSERT {
            self.flush()?;
        }
        Ok(())
    }

    /// Adds the languages of the variants stored since units were held to `variant_language`
    /// (see [`LANGUAGE_COUNT_TRIGGER`]), once; call after [`UnitWriter::flush`].
    fn add_language_counts(&mut self) -> rusqlite::Result<()> {
        let Some(held) = &mut self.held else { return Ok(()) };
        let mut upsert = self.conn.prepare_cached(
            "INSERT INTO variant_language (lang, n_variants) VALUES (?1, ?2)
                 ON CONFLICT (lang) DO UPDATE SET n_variants = n_variants + excluded.n_variants",
        )?;
        for (lang, n_variants) in held.languages.drain(..) {
            upsert.execute(params![lang, n_variants])?;
        }
        Ok(())
    }

    /// Holds units back from now on (see [`UnitWriter::append`]), numbering their rows after
    /// the largest ids stored.
    fn hold_units(&mut self) -> rusqlite::Result<()> {
        if self.held.is_some() {
            return Ok(());
        }
        let next_id = |table: &str| -> rusqlite::Result<i64> {
            self.conn.query_row(
                &format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
                [],
                |row| row.get(0),
            )
        };
        self.held = Some(HeldUnits {
            next_unit_id: next_id("unit")?,
            next_variant_id: next_id("variant")?,
            next_annotation_id: next_id("unit_annotation")?,
            batch: None,
            now: String::new(),
            units: Vec::with_capacity(ROWS_PER_INSERT),
            languages: Vec::new(),
        });
        Ok(())
    }

    /// Stores the units held back: their unit rows, then variants, then annotations, with the
    /// ids and in the order [`UnitWriter::insert`] would give them.
    pub(crate) fn flush(&mut self) -> rusqlite::Result<()> {
        let Some(held) = &mut self.held else { return Ok(()) };
        if held.units.is_empty() {
            return Ok(());
        }
        let units = std::mem::take(&mut held.units);
        let mut unit_ids = Vec::with_capacity(units.len());
        let mut variants: Vec<(i64, i64, &ImportedVariant)> = Vec::new();
        let mut annotations: Vec<(i64, i64, Option<i64>, &ImportedAnnotation)> = Vec::new();
        for unit in &units {
            let unit_id = held.next_unit_id;
            held.next_unit_id += 1;
            unit_ids.push(unit_id);
            for annotation in &unit.annotations {
                annotations.push((held.next_annotation_id, unit_id, None, annotation));
                held.next_annotation_id += 1;
            }
            for variant in &unit.variants {
                let variant_id = held.next_variant_id;
                held.next_variant_id += 1;
                variants.push((variant_id, unit_id, variant));
                match held.languages.iter_mut().find(|(lang, _)| *lang == variant.lang) {
                    Some((_, n_variants)) => *n_variants += 1,
                    None => held.languages.push((variant.lang.clone(), 1)),
                }
                for annotation in &variant.annotations {
                    annotations.push((
                        held.next_annotation_id,
                        unit_id,
                        Some(variant_id),
                        annotation,
                    ));
                    held.next_annotation_id += 1;
                }
            }
        }
        let now = held.now.as_str();
        let batch = &held.batch;
        let unit_columns: Vec<(&str, &str, i64)> = units
            .iter()
            .map(|unit| {
                (
                    unit.created_at.as_deref().unwrap_or(now),
                    unit.created_by.as_deref().unwrap_or(""),
                    unit.usage_count.unwrap_or(0) as i64,
                )
            })
            .collect();
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(units.len() * 13);
        for ((unit, unit_id), (created_at, created_by, usage_count)) in
            units.iter().zip(&unit_ids).zip(&unit_columns)
        {
            values.extend([
                unit_id as &dyn ToSql,
                &unit.tuid,
                &unit.source_lang,
                created_at,
                created_by,
                &unit.changed_at,
                &unit.changed_by,
                usage_count,
                &unit.last_used_at,
                batch,
                &unit.content_key,
                &unit.source_key,
                &unit.segment_type,
            ]);
        }
        insert_rows(
            self.conn,
            "INSERT OR FAIL INTO unit (id, tuid, source_lang, created_at, created_by, changed_at, changed_by,
                               usage_count, last_used_at, import_batch_id, content_key, source_key,
                               segment_type)",
            13,
            &values,
        )?;
        let usage_counts: Vec<Option<i64>> = variants
            .iter()
            .map(|(_, _, variant)| variant.usage_count.map(|count| count as i64))
            .collect();
        values.clear();
        for ((variant_id, unit_id, variant), usage_count) in variants.iter().zip(&usage_counts) {
            values.extend([
                variant_id as &dyn ToSql,
                unit_id,
                &variant.lang,
                &variant.lang_original,
                &variant.text,
                &variant.inline_tags,
                &variant.created_at,
                &variant.created_by,
                &variant.changed_at,
                &variant.changed_by,
                usage_count,
                &variant.last_used_at,
            ]);
        }
        insert_rows(
            self.conn,
            "INSERT OR FAIL INTO variant (id, unit_id, lang, lang_original, text, inline_tags, created_at,
                                  created_by, changed_at, changed_by, usage_count, last_used_at)",
            12,
            &values,
        )?;
        values.clear();
        for (annotation_id, unit_id, variant_id, annotation) in &annotations {
            values.extend([
                annotation_id as &dyn ToSql,
                unit_id,
                variant_id,
                &annotation.kind,
                &annotation.prop_type,
                &annotation.lang,
                &annotation.value,
                &annotation.o_encoding,
            ]);
        }
        insert_rows(
            self.conn,
            "INSERT OR FAIL INTO unit_annotation (id, unit_id, variant_id, kind, prop_type, lang, value,
                                          o_encoding)",
            8,
            &values,
        )
    }
}

/// Inserts the rows whose `n_columns` values each follow one another in `values`, through
/// `insert` (an `INSERT OR FAIL INTO table (columns)` without values): [`ROWS_PER_INSERT`] rows
/// a statement, the rest one at a time. A statement of many rows runs the statement's setup
/// (cursor, transaction check, reset) once for all of them.
///
/// `OR FAIL` because a statement that may write several rows and then abort on a constraint
/// makes SQLite keep a statement journal, copying every page the statement changes first (a
/// fiftieth of the storing thread); with `FAIL` a failed statement keeps the rows it wrote,
/// which changes nothing here: any error rolls the whole import back.
fn insert_rows(
    conn: &Connection,
    insert: &str,
    n_columns: usize,
    values: &[&dyn ToSql],
) -> rusqlite::Result<()> {
    let row = format!("({})", vec!["?"; n_columns].join(", "));
    let mut full = values.chunks_exact(n_columns * ROWS_PER_INSERT);
    if full.len() > 0 {
        let rows = vec![row.as_str(); ROWS_PER_INSERT].join(", ");
        let mut statement = conn.prepare_cached(&format!("{insert} VALUES {rows}"))?;
        for chunk in &mut full {
            statement.execute(chunk)?;
        }
    }
    let rest = full.remainder();
    if !rest.is_empty() {
        let mut statement = conn.prepare_cached(&format!("{insert} VALUES {row}"))?;
        for chunk in rest.chunks_exact(n_columns) {
            statement.execute(chunk)?;
        }
    }
    Ok(())
}

/// Indexes that nothing reads while units are appended, dropped for the rest of a large import
/// and built again before it commits: `unit_source_key`, whose keys are hashes, so that each
/// unit would update it at a random place (a page read and a page written once the index
/// outgrows the page cache), where building it at the end sorts the keys once. The duplicate
/// check, which reads it, then asks a set in memory instead (see [`UnitWriter::has_identical`]).
/// DDL is transactional in SQLite, so a rolled-back import, or one that dies before its commit,
/// leaves it as it was.
///
/// The other indexes of the unit tables stay: an appended row's entry in `variant_unit`,
/// `unit_import_batch` and `unit_annotation_unit` (ids that only grow) goes at the right edge
/// of the index, on pages the cache holds. Building them again at the end cost more than
/// keeping them: a scan of their table, every page of it read back from the write-ahead log
/// (whose lookup of a page searches one hash table per 4,096 frames the import wrote, so each
/// read costs more the larger the import), and a sort of every entry, all of it serial after
/// the reader thread is done.
/// Measured at 1M units (thread CPU, storing thread): the build took 2.8 µs a unit, keeping them
/// costs 1.7 µs a unit more while appending, overlapped with the reader.
pub(crate) const DEFERRABLE_INDEXES: [&str; 1] = ["unit_source_key"];

/// The trigger that queues an inserted variant's unit for the team server. Its `WHEN` clause,
/// [`TEAM_QUEUES_CHANGES`], is false in a database that is no team replica, yet evaluating it
/// costs more than inserting the row; such an import drops the trigger with the indexes.
pub(crate) const DEFERRABLE_TRIGGER: &str = "team_outbox_variant_inserted";

/// The trigger that counts an inserted variant in `variant_language` (migration
/// `0017_variant_language_counts`). A large import drops it with the indexes: its writer counts
/// the languages of the variants it stores and adds them once, before the trigger is created
/// again, instead of an update per variant.
pub(crate) const LANGUAGE_COUNT_TRIGGER: &str = "variant_language_inserted";

/// The `WHEN` clause of the team outbox triggers (migration `0014_team_replica`).
const TEAM_QUEUES_CHANGES: &str = "SELECT EXISTS (SELECT 1 FROM team_binding WHERE applying = 0)";

/// The definitions of the [`DEFERRABLE_INDEXES`] (and [`DEFERRABLE_TRIGGER`]) dropped inside a
/// transaction, to create again.
#[derive(Debug, Default)]
pub(crate) struct DeferredIndexes {
    definitions: Vec<String>,
    /// True when [`LANGUAGE_COUNT_TRIGGER`] was dropped: the writer's counts are then added to
    /// `variant_language` before it is created again.
    languages_counted_by_writer: bool,
}

impl DeferredIndexes {
    /// True once the indexes were dropped.
    pub(crate) fn is_deferred(&self) -> bool {
        !self.definitions.is_empty()
    }

    /// Drops the [`DEFERRABLE_INDEXES`], [`LANGUAGE_COUNT_TRIGGER`], and the team trigger when it
    /// could not fire, keeping their definitions; `writer` checks duplicates in memory, holds
    /// units back and counts their variants' languages from now on.
    /// Only for an import that appends: nothing may delete from or insert into the unit tables
    /// but `writer` until [`DeferredIndexes::rebuild`].
    pub(crate) fn drop_indexes(
        &mut self,
        tx: &Transaction<'_>,
        writer: &mut UnitWriter<'_>,
    ) -> rusqlite::Result<()> {
        writer.source_key_index_dropped = true;
        writer.hold_units()?;
        let mut deferrable: Vec<(&str, &str)> =
            DEFERRABLE_INDEXES.iter().map(|name| ("index", *name)).collect();
        deferrable.push(("trigger", LANGUAGE_COUNT_TRIGGER));
        // The import holds the write lock, so no one binds the database to a team before it ends.
        let team_queues_changes: bool = tx.query_row(TEAM_QUEUES_CHANGES, [], |row| row.get(0))?;
        if !team_queues_changes {
            deferrable.push(("trigger", DEFERRABLE_TRIGGER));
        }
        for (kind, name) in deferrable {
            let definition: Option<String> = tx
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2",
                    [kind, name],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(definition) = definition {
                tx.execute_batch(&format!("DROP {kind} {name};"))?;
                self.definitions.push(definition);
                self.languages_counted_by_writer |= name == LANGUAGE_COUNT_TRIGGER;
            }
        }
        Ok(())
    }

    /// Stores the units `writer` still holds and counts their languages, then creates the
    /// dropped indexes and triggers again, with their original definitions.
    pub(crate) fn rebuild(
        &mut self,
        tx: &Transaction<'_>,
        writer: &mut UnitWriter<'_>,
    ) -> rusqlite::Result<()> {
        writer.flush()?;
        if std::mem::take(&mut self.languages_counted_by_writer) {
            writer.add_language_counts()?;
        }
        let definitions = std::mem::take(&mut self.definitions);
        with_index_build_sorter(tx, || {
            for definition in &definitions {
                tx.execute_batch(definition)?;
            }
            Ok(())
        })
    }
}

/// The page cache, in KiB, while [`DeferredIndexes::rebuild`] builds indexes: SQLite's sorter
/// sorts runs of this size (its smallest is 250 pages, 1 MiB) and merges them. A run that fits
/// the processor's caches sorts in half the time of one run of the import's whole cache.
const INDEX_BUILD_CACHE_KIB: i64 = 2 * 1024;

/// Helper threads SQLite's sorter may use while [`DeferredIndexes::rebuild`] builds indexes:
/// the TMX reader thread has finished by then, so its core is idle.
const INDEX_BUILD_SORTER_THREADS: i64 = 1;

/// Runs `build` (`CREATE INDEX` statements) with the sorter of [`INDEX_BUILD_CACHE_KIB`] runs
/// and [`INDEX_BUILD_SORTER_THREADS`] helper threads, then puts the connection's page cache and
/// threads back as they were, whether `build` succeeded or not.
///
/// Measured on the 1M-unit bench memory (`CREATE INDEX unit_source_key`, sqlite3 3.40 through
/// Python, shared 2-core machine): the calling thread's CPU went from 1.02-1.03 s (one run of
/// 64 MB, no helper) to 0.32-0.36 s, and the whole process's from 1.02-1.03 s to 0.55-0.62 s.
pub(super) fn with_index_build_sorter(
    tx: &Transaction<'_>,
    build: impl FnOnce() -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let cache_size: i64 = tx.query_row("PRAGMA cache_size", [], |row| row.get(0))?;
    let threads: i64 = tx.query_row("PRAGMA threads", [], |row| row.get(0))?;
    tx.execute_batch(&format!(
        "PRAGMA cache_size = -{INDEX_BUILD_CACHE_KIB}; PRAGMA threads = {INDEX_BUILD_SORTER_THREADS};"
    ))?;
    let built = build();
    let restored =
        tx.execute_batch(&format!("PRAGMA cache_size = {cache_size}; PRAGMA threads = {threads};"));
    built.and(restored)
}

/// Stores a concept and its terms; returns the concept id and the terms left out because the
/// concept already had them (same language and text).
pub(crate) fn insert_concept(
    tx: &Transaction<'_>,
    concept: &ImportedConcept,
    batch: ImportBatchId,
    review_status: &str,
    now: &str,
) -> rusqlite::Result<(i64, u64)> {
    tx.prepare_cached(
        "INSERT INTO concept (category, definition, note, created_at, import_batch_id, external_id,
                              review_status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        concept.category,
        concept.definition,
        concept.note,
        now,
        batch.0,
        concept.external_id,
        review_status
    ])?;
    let concept_id = tx.last_insert_rowid();
    let mut insert_term = tx.prepare_cached(
        "INSERT OR IGNORE INTO term (concept_id, lang, text, status, part_of_speech, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut fields = FieldWriter { concept_id, position: 0 };
    fields.insert_all(tx, None, None, None, &concept.fields)?;
    for (lang, section_fields) in &concept.section_fields {
        fields.insert_all(tx, None, Some(lang), None, section_fields)?;
    }
    let mut n_ignored = 0;
    for term in &concept.terms {
        let n_inserted = insert_term.execute(params![
            concept_id,
            term.lang,
            term.text,
            term.status,
            term.part_of_speech,
            term.note
        ])?;
        if n_inserted == 0 {
            // A repeated term is kept once, with the first one's fields.
            n_ignored += 1;
            continue;
        }
        fields.insert_all(tx, Some(tx.last_insert_rowid()), None, None, &term.fields)?;
    }
    Ok((concept_id, n_ignored))
}

/// Inserts a concept's `concept_field` rows, numbering them in file order.
struct FieldWriter {
    concept_id: i64,
    position: i64,
}

impl FieldWriter {
    fn insert_all(
        &mut self,
        tx: &Transaction<'_>,
        term_id: Option<i64>,
        lang: Option<&str>,
        parent_id: Option<i64>,
        fields: &[ImportedField],
    ) -> rusqlite::Result<()> {
        for field in fields {
            tx.prepare_cached(
                "INSERT INTO concept_field
                     (concept_id, term_id, lang, parent_id, position, element, kind, value, target)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                self.concept_id,
                term_id,
                lang,
                parent_id,
                self.position,
                field.element,
                field.kind,
                field.value,
                field.target
            ])?;
            self.position += 1;
            let id = tx.last_insert_rowid();
            self.insert_all(tx, term_id, lang, Some(id), &field.related)?;
        }
        Ok(())
    }
}

/// Every `concept_field` row, by concept and in file order.
pub(crate) fn concept_fields(conn: &Connection) -> rusqlite::Result<Vec<StoredField>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, concept_id, term_id, lang, parent_id, element, kind, value, target
         FROM concept_field ORDER BY concept_id, position",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(StoredField {
            id: row.get(0)?,
            concept_id: row.get(1)?,
            term_id: row.get(2)?,
            lang: row.get(3)?,
            parent_id: row.get(4)?,
            element: row.get(5)?,
            kind: row.get(6)?,
            value: row.get(7)?,
            target: row.get(8)?,
        })
    })?;
    rows.collect()
}

/// The columns of a term that only the TBX export reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TermColumns {
    pub(crate) part_of_speech: Option<String>,
    pub(crate) note: Option<String>,
}

/// The part of speech and note of every term that has either, by term id.
pub(crate) fn term_columns(
    conn: &Connection,
) -> rusqlite::Result<std::collections::HashMap<i64, TermColumns>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, part_of_speech, note FROM term
         WHERE part_of_speech IS NOT NULL OR note IS NOT NULL",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((row.get(0)?, TermColumns { part_of_speech: row.get(1)?, note: row.get(2)? }))
    })?;
    rows.collect()
}

/// Removes every unit and concept of `batch` (variants, annotations and terms go with them by
/// cascade) and marks the batch undone. `None` when there is no such batch or it was undone.
pub(crate) fn undo_batch(
    tx: &Transaction<'_>,
    batch: ImportBatchId,
    now: &str,
) -> rusqlite::Result<Option<UndoReport>> {
    let undone: Option<Option<String>> = tx
        .prepare_cached("SELECT undone_at FROM import_batch WHERE id = ?1")?
        .query_row([batch.0], |row| row.get(0))
        .optional()?;
    if !matches!(undone, Some(None)) {
        return Ok(None);
    }
    let units_removed =
        tx.prepare_cached("DELETE FROM unit WHERE import_batch_id = ?1")?.execute([batch.0])?;
    let concepts_removed =
        tx.prepare_cached("DELETE FROM concept WHERE import_batch_id = ?1")?.execute([batch.0])?;
    tx.prepare_cached("UPDATE import_batch SET undone_at = ?2 WHERE id = ?1")?
        .execute(params![batch.0, now])?;
    Ok(Some(UndoReport {
        units_removed: units_removed as u64,
        concepts_removed: concepts_removed as u64,
        units_restored: 0,
    }))
}

/// Every import batch, oldest first, with its file's header props and notes.
pub(crate) fn list_batches(conn: &Connection) -> rusqlite::Result<Vec<ImportBatch>> {
    let mut batches = conn
        .prepare_cached(
            "SELECT id, file, kind, started_at, duplicates, units_added, units_skipped,
                units_replaced, concepts_added, undone_at
         FROM import_batch ORDER BY id",
        )?
        .query_map([], |row| {
            Ok(ImportBatch {
                id: ImportBatchId(row.get("id")?),
                file: row.get("file")?,
                kind: row.get("kind")?,
                started_at: row.get("started_at")?,
                duplicates: row.get("duplicates")?,
                units_added: row.get::<_, i64>("units_added")?.max(0) as u64,
                units_skipped: row.get::<_, i64>("units_skipped")?.max(0) as u64,
                units_replaced: row.get::<_, i64>("units_replaced")?.max(0) as u64,
                concepts_added: row.get::<_, i64>("concepts_added")?.max(0) as u64,
                undone_at: row.get("undone_at")?,
                header_props: Vec::new(),
                header_notes: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut annotations = conn.prepare_cached(
        "SELECT import_batch_id, kind, prop_type, value FROM import_batch_annotation ORDER BY id",
    )?;
    let mut rows = annotations.query([])?;
    while let Some(row) = rows.next()? {
        let batch_id: i64 = row.get(0)?;
        let Some(batch) = batches.iter_mut().find(|batch| batch.id.0 == batch_id) else {
            continue;
        };
        let value: String = row.get(3)?;
        if row.get_ref(1)?.as_str()? == "prop" {
            batch.header_props.push((row.get::<_, Option<String>>(2)?.unwrap_or_default(), value));
        } else {
            batch.header_notes.push(value);
        }
    }
    Ok(batches)
}

/// Up to `limit` units with ids above `after_id`, in id order, each with its TMX extras: a
/// page of an export. Each table is read once, in id order.
pub(crate) fn export_page(
    conn: &Connection,
    after_id: i64,
    limit: usize,
    approved_only: bool,
) -> rusqlite::Result<Vec<(StoredUnit, UnitExtras)>> {
    let mut units = conn.prepare_cached(
        "SELECT unit.id, unit.source_lang, unit.created_at, unit.created_by, unit.changed_at,
                unit.changed_by, unit.usage_count, unit.approved, article.source_path,
                unit_provenance.position, unit_provenance.confidence,
                unit.tuid, unit.segment_type, unit.last_used_at
         FROM unit
         LEFT JOIN unit_provenance ON unit_provenance.unit_id = unit.id
         LEFT JOIN article ON article.id = unit_provenance.article_id
         WHERE unit.id > ?1 AND (?3 = 0 OR unit.approved = 1)
         ORDER BY unit.id LIMIT ?2",
    )?;
    let mut page = units
        .query_map(params![after_id, limit as i64, approved_only], |row| {
            let extras = UnitExtras {
                tuid: row.get(11)?,
                segment_type: row.get(12)?,
                last_used_at: row.get(13)?,
                ..UnitExtras::default()
            };
            Ok((stored_unit_from_row(row)?, extras))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (Some(first_id), Some(last_id)) =
        (page.first().map(|(unit, _)| unit.id.0), page.last().map(|(unit, _)| unit.id.0))
    else {
        return Ok(page);
    };
    let position = |page: &[(StoredUnit, UnitExtras)], unit_id: i64| {
        page.binary_search_by_key(&unit_id, |(unit, _)| unit.id.0).ok()
    };
    // The variant ids of each unit, in the order of its variants, to place variant annotations.
    let mut variant_ids: Vec<Vec<i64>> = vec![Vec::new(); page.len()];
    let mut variants = conn.prepare_cached(
        "SELECT unit_id, id, lang, lang_original, inline_tags, created_at, created_by, changed_at,
                changed_by, usage_count, last_used_at, text
         FROM variant WHERE unit_id BETWEEN ?1 AND ?2 ORDER BY unit_id, id",
    )?;
    let mut rows = variants.query([first_id, last_id])?;
    while let Some(row) = rows.next()? {
        let Some(idx) = position(&page, row.get(0)?) else { continue };
        let lang: String = row.get(2)?;
        let (unit, extras) = &mut page[idx];
        unit.variants.push((crate::model::LanguageTag::parse(&lang), row.get(11)?));
        extras.variants.push(ImportedVariant {
            lang,
            lang_original: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
            text: String::new(),
            inline_tags: row.get(4)?,
            created_at: row.get(5)?,
            created_by: row.get(6)?,
            changed_at: row.get(7)?,
            changed_by: row.get(8)?,
            usage_count: row.get::<_, Option<i64>>(9)?.map(|count| count.max(0) as u64),
            last_used_at: row.get(10)?,
            annotations: Vec::new(),
        });
        variant_ids[idx].push(row.get(1)?);
    }
    let mut annotations = conn.prepare_cached(
        "SELECT unit_id, variant_id, kind, prop_type, lang, value, o_encoding
         FROM unit_annotation WHERE unit_id BETWEEN ?1 AND ?2 ORDER BY unit_id, id",
    )?;
    let mut rows = annotations.query([first_id, last_id])?;
    while let Some(row) = rows.next()? {
        let Some(idx) = position(&page, row.get(0)?) else { continue };
        let annotation = ImportedAnnotation {
            kind: if row.get_ref(2)?.as_str()? == "prop" { "prop" } else { "note" },
            prop_type: row.get(3)?,
            lang: row.get(4)?,
            value: row.get(5)?,
            o_encoding: row.get(6)?,
        };
        let extras = &mut page[idx].1;
        match row.get::<_, Option<i64>>(1)? {
            None => extras.annotations.push(annotation),
            Some(variant_id) => {
                if let Some(variant) = variant_ids[idx]
                    .iter()
                    .position(|id| *id == variant_id)
                    .and_then(|variant_idx| extras.variants.get_mut(variant_idx))
                {
                    variant.annotations.push(annotation);
                }
            }
        }
    }
    Ok(page)
}

/// A unit without its variants, from the first eleven columns of an [`export_page`] row.
fn stored_unit_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<crate::model::StoredUnit> {
    use crate::model::{LanguageTag, StoredUnit, UnitId};
    let article = match (
        row.get::<_, Option<String>>(8)?,
        row.get::<_, Option<u32>>(9)?,
        row.get::<_, Option<f64>>(10)?,
    ) {
        (Some(path), Some(position), Some(confidence)) => Some((path, position, confidence)),
        _ => None,
    };
    Ok(StoredUnit {
        id: UnitId(row.get(0)?),
        source_lang: row.get::<_, Option<String>>(1)?.map(|lang| LanguageTag::parse(&lang)),
        created_at: row.get(2)?,
        created_by: row.get(3)?,
        changed_at: row.get(4)?,
        changed_by: row.get(5)?,
        usage_count: row.get::<_, i64>(6)?.max(0) as u64,
        approved: row.get(7)?,
        variants: Vec::new(),
        article,
    })
}

/// The import a unit came from, if any (`None` also when there is no such unit).
pub(crate) fn unit_batch(tx: &Transaction<'_>, unit_id: i64) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT import_batch_id FROM unit WHERE id = ?1")?
        .query_row([unit_id], |row| row.get(0))
        .optional()
        .map(Option::flatten)
}

/// Keeps a unit that `batch` replaced, as a one-unit TMX document.
pub(crate) fn archive_replaced(
    tx: &Transaction<'_>,
    batch: ImportBatchId,
    original_batch: Option<i64>,
    tmx: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO import_replaced_unit (import_batch_id, original_batch_id, tmx) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![batch.0, original_batch, tmx])?;
    Ok(())
}

/// A unit an import replaced, as kept for undo.
#[derive(Debug, Clone)]
pub(crate) struct ReplacedUnit {
    /// The import it came from.
    pub(crate) original_batch: Option<ImportBatchId>,
    /// True when that import was undone since (the unit must then stay gone).
    pub(crate) original_undone: bool,
    /// The unit as a one-unit TMX document.
    pub(crate) tmx: String,
}

/// The units `batch` replaced, in replacement order; and forgets them.
pub(crate) fn take_replaced(
    tx: &Transaction<'_>,
    batch: ImportBatchId,
) -> rusqlite::Result<Vec<ReplacedUnit>> {
    let replaced = tx
        .prepare_cached(
            "SELECT replaced.original_batch_id, original.undone_at IS NOT NULL, replaced.tmx
             FROM import_replaced_unit AS replaced
             LEFT JOIN import_batch AS original ON original.id = replaced.original_batch_id
             WHERE replaced.import_batch_id = ?1 ORDER BY replaced.id",
        )?
        .query_map([batch.0], |row| {
            Ok(ReplacedUnit {
                original_batch: row.get::<_, Option<i64>>(0)?.map(ImportBatchId),
                original_undone: row.get::<_, Option<bool>>(1)?.unwrap_or(false),
                tmx: row.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    tx.prepare_cached("DELETE FROM import_replaced_unit WHERE import_batch_id = ?1")?
        .execute([batch.0])?;
    Ok(replaced)
}
