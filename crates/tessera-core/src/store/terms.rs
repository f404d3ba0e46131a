//! Reading the termbase.

use rusqlite::Connection;

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
