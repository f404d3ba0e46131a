//! Reading and rewriting an article's alignment (sentences, beads, their units).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::model::{
    AlignedBead, ArticleAlignment, ArticleId, ArticleSummary, DroppedText, LOW_CONFIDENCE,
    LanguageTag, SegmentId, StoredSegment, UnitId,
};

const SUMMARY_COLUMNS: &str = "
    article.id, article.title, article.source_path, article.imported_at,
    (SELECT count(*) FROM unit_provenance AS p WHERE p.article_id = article.id) AS units,
    (SELECT count(*) FROM unit_provenance AS p WHERE p.article_id = article.id AND p.confidence < ?1) AS low_confidence,
    (SELECT count(*) FROM article_segment AS s WHERE s.article_id = article.id AND s.lang LIKE 'zh%') AS zh_sentences,
    (SELECT count(*) FROM article_segment AS s WHERE s.article_id = article.id AND s.lang NOT LIKE 'zh%') AS en_sentences,
    (SELECT count(*) FROM article_segment AS s
      WHERE (s.article_id = article.id
             OR s.article_id = (SELECT en_article_id FROM article_pair WHERE zh_article_id = article.id))
        AND NOT EXISTS (SELECT 1 FROM unit_provenance AS p
                        WHERE p.article_id = coalesce((SELECT zh_article_id FROM article_pair WHERE en_article_id = article.id), article.id)
                          AND p.position = s.bead)) AS unaligned,
    coalesce((SELECT en_article_id FROM article_pair WHERE zh_article_id = article.id),
             (SELECT zh_article_id FROM article_pair WHERE en_article_id = article.id)) AS partner";

fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleSummary> {
    let count = |name: &str| row.get::<_, i64>(name).map(|n| n.max(0) as u64);
    Ok(ArticleSummary {
        id: ArticleId(row.get("id")?),
        title: row.get("title")?,
        source_path: row.get("source_path")?,
        imported_at: row.get("imported_at")?,
        units: count("units")?,
        low_confidence: count("low_confidence")?,
        zh_sentences: count("zh_sentences")?,
        en_sentences: count("en_sentences")?,
        unaligned_sentences: count("unaligned")?,
        partner: row.get::<_, Option<i64>>("partner")?.map(ArticleId),
    })
}

pub(crate) fn list_articles(conn: &Connection) -> rusqlite::Result<Vec<ArticleSummary>> {
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM article ORDER BY article.id");
    let mut statement = conn.prepare_cached(&sql)?;
    statement.query_map([LOW_CONFIDENCE], summary_from_row)?.collect()
}

pub(crate) fn paired_chinese_article(
    conn: &Connection,
    article: ArticleId,
) -> rusqlite::Result<Option<ArticleId>> {
    conn.query_row(
        "SELECT zh_article_id FROM article_pair WHERE zh_article_id = ?1 OR en_article_id = ?1",
        [article.0],
        |row| row.get(0).map(ArticleId),
    )
    .optional()
}

pub(crate) fn read_alignment(
    conn: &Connection,
    article_id: ArticleId,
) -> rusqlite::Result<Option<ArticleAlignment>> {
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM article WHERE article.id = ?2");
    let Some(article) =
        conn.query_row(&sql, params![LOW_CONFIDENCE, article_id.0], summary_from_row).optional()?
    else {
        return Ok(None);
    };
    let mut statement = conn.prepare_cached(
        "SELECT id, lang, position, text, bead FROM article_segment
         WHERE article_id = ?1
            OR article_id = (SELECT en_article_id FROM article_pair WHERE zh_article_id = ?1)
         ORDER BY lang LIKE 'zh%' DESC, position",
    )?;
    let mut segments = Vec::new();
    let mut bead_of = Vec::new();
    for row in statement.query_map([article_id.0], |row| {
        Ok((
            StoredSegment {
                id: SegmentId(row.get("id")?),
                lang: LanguageTag::parse(&row.get::<_, String>("lang")?),
                position: row.get("position")?,
                text: row.get("text")?,
            },
            row.get::<_, Option<u32>>("bead")?,
        ))
    })? {
        let (segment, bead) = row?;
        bead_of.push(bead);
        segments.push(segment);
    }
    let mut statement = conn.prepare_cached(
        "SELECT unit_id, position, confidence FROM unit_provenance WHERE article_id = ?1 ORDER BY position",
    )?;
    let mut beads = Vec::new();
    for row in statement.query_map([article_id.0], |row| {
        Ok((UnitId(row.get(0)?), row.get::<_, u32>(1)?, row.get::<_, f64>(2)?))
    })? {
        let (unit, position, confidence) = row?;
        let members = |chinese: bool| {
            segments
                .iter()
                .zip(&bead_of)
                .filter(|(segment, bead)| {
                    **bead == Some(position) && (segment.lang.primary() == "zh") == chinese
                })
                .map(|(segment, _)| segment.id)
                .collect::<Vec<_>>()
        };
        beads.push(AlignedBead {
            position,
            zh: members(true),
            en: members(false),
            unit,
            confidence,
        });
    }
    let mut statement = conn.prepare_cached(
        "SELECT start_char, end_char, reason, text FROM article_dropped_span WHERE article_id = ?1 ORDER BY start_char",
    )?;
    let dropped = statement
        .query_map([article_id.0], |row| {
            Ok(DroppedText {
                start: row.get(0)?,
                end: row.get(1)?,
                reason: row.get(2)?,
                text: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(ArticleAlignment { article, segments, beads, dropped }))
}

pub(crate) fn set_segment_bead(
    tx: &Transaction<'_>,
    segment: SegmentId,
    bead: Option<u32>,
) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE article_segment SET bead = ?2 WHERE id = ?1")?
        .execute(params![segment.0, bead])?;
    Ok(())
}

pub(crate) fn set_unit_position(
    tx: &Transaction<'_>,
    unit: UnitId,
    position: u32,
) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE unit_provenance SET position = ?2 WHERE unit_id = ?1")?
        .execute(params![unit.0, position])?;
    Ok(())
}

pub(crate) fn delete_unit(tx: &Transaction<'_>, unit: UnitId) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM unit WHERE id = ?1")?.execute([unit.0])?;
    Ok(())
}

pub(crate) fn insert_audit(
    tx: &Transaction<'_>,
    actor: &str,
    at: &str,
    action: &str,
    object_kind: &str,
    object_id: i64,
    detail: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, object_kind, object_id, detail) VALUES (?1, ?6, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![at, action, object_kind, object_id, detail, actor])?;
    Ok(())
}
