//! Reading the termbase.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::model::{ConceptDetails, ConceptRecord, LanguageTag, TermRecord, TermStatus};

/// (Chinese term, preferred English rendering) of every approved concept: the aligner's strongest
/// anchors and the checker's reference.
pub(crate) fn approved_term_pairs(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT zh.text, en.text
         FROM concept
         JOIN term AS zh ON zh.concept_id = concept.id AND zh.lang LIKE 'zh%' AND zh.status IN ('preferred', 'admitted')
         JOIN term AS en ON en.concept_id = concept.id AND en.lang LIKE 'en%' AND en.status = 'preferred'
         WHERE concept.review_status = 'approved'
         ORDER BY zh.text, en.text",
    )?;
    statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect()
}

/// Every Chinese term text in the termbase (to skip candidates already known).
pub(crate) fn chinese_terms(
    tx: &Transaction<'_>,
) -> rusqlite::Result<std::collections::HashSet<String>> {
    let mut statement = tx.prepare_cached("SELECT text FROM term WHERE lang LIKE 'zh%'")?;
    statement.query_map([], |row| row.get(0))?.collect()
}

pub(crate) fn insert_concept(
    tx: &Transaction<'_>,
    category: &str,
    review_status: &str,
    now: &str,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO concept (category, review_status, created_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![category, review_status, now])?;
    Ok(tx.last_insert_rowid())
}

/// Inserts a term (or finds the same one in the concept); returns its id.
pub(crate) fn insert_term(
    tx: &Transaction<'_>,
    concept_id: i64,
    lang: &str,
    text: &str,
    status: TermStatus,
    occurrences: u64,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO term (concept_id, lang, text, status, occurrences) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (concept_id, lang, text) DO UPDATE SET occurrences = max(occurrences, excluded.occurrences)",
    )?
    .execute(params![concept_id, lang, text, status.as_str(), occurrences as i64])?;
    tx.query_row(
        "SELECT id FROM term WHERE concept_id = ?1 AND lang = ?2 AND text = ?3",
        params![concept_id, lang, text],
        |row| row.get(0),
    )
}

pub(crate) fn insert_evidence(
    tx: &Transaction<'_>,
    term_id: i64,
    unit_id: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO term_evidence (term_id, unit_id) VALUES (?1, ?2)")?
        .execute([term_id, unit_id])?;
    Ok(())
}

fn terms_of(conn: &Connection, concept_id: i64) -> rusqlite::Result<Vec<TermRecord>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, lang, text, status, occurrences FROM term WHERE concept_id = ?1
         ORDER BY lang NOT LIKE 'zh%', occurrences DESC, id",
    )?;
    statement
        .query_map([concept_id], |row| {
            Ok(TermRecord {
                id: row.get(0)?,
                lang: LanguageTag::parse(&row.get::<_, String>(1)?),
                text: row.get(2)?,
                status: TermStatus::parse(&row.get::<_, String>(3)?)
                    .unwrap_or(TermStatus::Admitted),
                occurrences: row.get::<_, i64>(4)?.max(0) as u64,
            })
        })?
        .collect()
}

/// Concepts filtered by review status and category, most evidence first.
pub(crate) fn list_concepts(
    conn: &Connection,
    review_status: Option<&str>,
    category: Option<&str>,
) -> rusqlite::Result<Vec<ConceptRecord>> {
    let mut statement = conn.prepare_cached(
        "SELECT concept.id, concept.category, concept.review_status
         FROM concept
         WHERE (?1 IS NULL OR concept.review_status = ?1) AND (?2 IS NULL OR concept.category = ?2)
         ORDER BY (SELECT coalesce(max(occurrences), 0) FROM term WHERE term.concept_id = concept.id) DESC, concept.id",
    )?;
    let heads = statement
        .query_map(params![review_status, category], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    heads
        .into_iter()
        .map(|(id, category, review_status)| {
            let (details, links) = details_of(conn, id)?;
            Ok(ConceptRecord {
                id,
                category,
                review_status,
                terms: terms_of(conn, id)?,
                details,
                links,
            })
        })
        .collect()
}

pub(crate) fn concept(
    conn: &Connection,
    concept_id: i64,
) -> rusqlite::Result<Option<ConceptRecord>> {
    let head = conn
        .query_row(
            "SELECT category, review_status FROM concept WHERE id = ?1",
            [concept_id],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?;
    head.map(|(category, review_status)| {
        let (details, links) = details_of(conn, concept_id)?;
        Ok(ConceptRecord {
            id: concept_id,
            category,
            review_status,
            terms: terms_of(conn, concept_id)?,
            details,
            links,
        })
    })
    .transpose()
}

pub(crate) fn set_review_status(
    tx: &Transaction<'_>,
    concept_id: i64,
    review_status: &str,
    now: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE concept SET review_status = ?2, changed_at = ?3 WHERE id = ?1",
        params![concept_id, review_status, now],
    )?;
    Ok(())
}

pub(crate) fn set_term(
    tx: &Transaction<'_>,
    term_id: i64,
    text: &str,
    status: TermStatus,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE term SET text = ?2, status = ?3 WHERE id = ?1",
        params![term_id, text, status.as_str()],
    )?;
    Ok(())
}

/// Every sentence of an article that is not part of an aligned pair, in Chinese: monolingual
/// text for term mining. An import numbers every bead, the unaligned 1-0 ones too, so a sentence
/// counts as aligned only when its bead has a unit.
pub(crate) fn unaligned_chinese(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT segment.text FROM article_segment AS segment
         WHERE segment.lang LIKE 'zh%'
           AND (segment.bead IS NULL OR NOT EXISTS (
                SELECT 1 FROM unit_provenance AS provenance
                WHERE provenance.article_id = segment.article_id
                  AND provenance.position = segment.bead))
         ORDER BY segment.id",
    )?;
    statement.query_map([], |row| row.get(0))?.collect()
}

/// Sentences of articles that are in no aligned pair but stand in the same paragraph as the
/// pair of a neighbouring bead: `(segment id, is Chinese, text, the neighbour's unit id)`, one
/// row per neighbour (the bead before and the bead after), in text order.
pub(crate) fn unpaired_sentences_beside_units(
    conn: &Connection,
) -> rusqlite::Result<Vec<(i64, bool, String, i64)>> {
    let mut statement = conn.prepare_cached(
        "SELECT leftover.id, leftover.lang LIKE 'zh%', leftover.text, provenance.unit_id
         FROM article_segment AS leftover
         JOIN unit_provenance AS provenance
           ON provenance.article_id = leftover.article_id
          AND provenance.position IN (leftover.bead - 1, leftover.bead + 1)
         WHERE leftover.bead IS NOT NULL
           AND NOT EXISTS (
                SELECT 1 FROM unit_provenance AS own
                WHERE own.article_id = leftover.article_id AND own.position = leftover.bead)
           AND EXISTS (
                SELECT 1 FROM article_segment AS neighbour
                WHERE neighbour.article_id = leftover.article_id
                  AND neighbour.bead = provenance.position
                  AND neighbour.lang = leftover.lang
                  AND neighbour.block_idx = leftover.block_idx)
         ORDER BY leftover.id, provenance.position",
    )?;
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
        .collect()
}

/// Up to `limit` (Chinese, English) units a term was seen in, newest first.
pub(crate) fn term_examples(
    conn: &Connection,
    term_id: i64,
    limit: usize,
) -> rusqlite::Result<Vec<(String, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT (SELECT text FROM variant WHERE unit_id = term_evidence.unit_id AND lang LIKE 'zh%' ORDER BY id LIMIT 1),
                (SELECT text FROM variant WHERE unit_id = term_evidence.unit_id AND lang LIKE 'en%' ORDER BY id LIMIT 1)
         FROM term_evidence WHERE term_id = ?1 ORDER BY unit_id DESC LIMIT ?2",
    )?;
    let rows = statement.query_map(params![term_id, limit as i64], |row| {
        Ok((row.get::<_, Option<String>>(0)?, row.get::<_, Option<String>>(1)?))
    })?;
    let mut examples = Vec::new();
    for row in rows {
        if let (Some(zh), Some(en)) = row? {
            examples.push((zh, en));
        }
    }
    Ok(examples)
}

pub(crate) fn set_concept_details(
    tx: &Transaction<'_>,
    concept_id: i64,
    details: &ConceptDetails,
    now: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE concept SET definition = ?2, note = ?3, valid_from = ?4, valid_to = ?5, changed_at = ?6 WHERE id = ?1",
        params![concept_id, details.definition, details.note, details.valid_from, details.valid_to, now],
    )?;
    Ok(())
}

pub(crate) fn link_concepts(
    tx: &Transaction<'_>,
    from: i64,
    to: i64,
    kind: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO concept_link (from_concept_id, to_concept_id, kind) VALUES (?1, ?2, ?3)",
        params![from, to, kind],
    )?;
    Ok(())
}

fn details_of(
    conn: &Connection,
    concept_id: i64,
) -> rusqlite::Result<(ConceptDetails, Vec<(i64, String)>)> {
    let details = conn.query_row(
        "SELECT definition, note, valid_from, valid_to FROM concept WHERE id = ?1",
        [concept_id],
        |row| {
            Ok(ConceptDetails {
                definition: row.get(0)?,
                note: row.get(1)?,
                valid_from: row.get(2)?,
                valid_to: row.get(3)?,
            })
        },
    )?;
    let mut statement = conn.prepare_cached(
        "SELECT to_concept_id, kind FROM concept_link WHERE from_concept_id = ?1
         UNION SELECT from_concept_id, kind FROM concept_link WHERE to_concept_id = ?1 ORDER BY 1",
    )?;
    let links = statement
        .query_map([concept_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((details, links))
}

/// Changes whenever concepts are added, removed or changed: (count, largest id, latest change).
pub(crate) fn termbase_signature(conn: &Connection) -> rusqlite::Result<(i64, i64, String)> {
    conn.query_row(
        "SELECT count(*), coalesce(max(id), 0), coalesce(max(coalesce(changed_at, created_at)), '') FROM concept",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )
}

pub(crate) fn touch_concept(
    tx: &Transaction<'_>,
    concept_id: i64,
    now: &str,
) -> rusqlite::Result<()> {
    tx.execute("UPDATE concept SET changed_at = ?2 WHERE id = ?1", params![concept_id, now])?;
    Ok(())
}

/// The concepts import `batch` added that are still there, in id order.
pub(crate) fn concepts_of_import(conn: &Connection, batch: i64) -> rusqlite::Result<Vec<i64>> {
    let mut statement =
        conn.prepare_cached("SELECT id FROM concept WHERE import_batch_id = ?1 ORDER BY id")?;
    statement.query_map([batch], |row| row.get(0))?.collect()
}

/// The import a concept came from (`None` for a mined or hand-made concept).
pub(crate) fn concept_import_batch(
    conn: &Connection,
    concept_id: i64,
) -> rusqlite::Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT import_batch_id FROM concept WHERE id = ?1", [concept_id], |row| {
            row.get::<_, Option<i64>>(0)
        })
        .optional()?
        .flatten())
}
