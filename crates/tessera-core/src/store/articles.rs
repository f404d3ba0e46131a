//! Writing and finding articles.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::model::{ArticleId, ArticleSentence, LanguageTag, NewArticle, SegmentId, UnitId};

pub(crate) fn find_article_by_hash(
    tx: &Transaction<'_>,
    content_hash: &str,
) -> rusqlite::Result<Option<ArticleId>> {
    tx.query_row("SELECT id FROM article WHERE content_hash = ?1", [content_hash], |row| {
        row.get(0).map(ArticleId)
    })
    .optional()
}

pub(crate) fn insert_article(
    tx: &Transaction<'_>,
    article: &NewArticle,
    content_hash: &str,
    now: &str,
) -> rusqlite::Result<ArticleId> {
    tx.execute(
        "INSERT INTO article (source_path, title, content_hash, original_text, original_encoding, imported_at, imported_by, file_kind, original_bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            article.source_path,
            article.title,
            content_hash,
            article.original_text,
            article.original_encoding,
            now,
            article.imported_by,
            article.file_kind,
            article.original_bytes
        ],
    )?;
    let article_id = tx.last_insert_rowid();
    let mut insert_dropped = tx.prepare_cached(
        "INSERT INTO article_dropped_span (article_id, start_char, end_char, reason, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for dropped in &article.dropped {
        insert_dropped.execute(params![
            article_id,
            dropped.start,
            dropped.end,
            dropped.reason,
            dropped.text
        ])?;
    }
    let mut insert_segment = tx.prepare_cached(
        "INSERT INTO article_segment (article_id, lang, position, block_idx, text, bead) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for segment in &article.segments {
        insert_segment.execute(params![
            article_id,
            segment.lang.as_str(),
            segment.position,
            segment.block_idx,
            segment.text,
            segment.bead
        ])?;
    }
    Ok(ArticleId(article_id))
}

pub(crate) fn article_pair(
    tx: &Transaction<'_>,
    article: ArticleId,
) -> rusqlite::Result<Option<(ArticleId, ArticleId)>> {
    tx.query_row(
        "SELECT zh_article_id, en_article_id FROM article_pair WHERE zh_article_id = ?1 OR en_article_id = ?1",
        [article.0],
        |row| Ok((ArticleId(row.get(0)?), ArticleId(row.get(1)?))),
    )
    .optional()
}

pub(crate) fn insert_article_pair(
    tx: &Transaction<'_>,
    zh: ArticleId,
    en: ArticleId,
    now: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO article_pair (zh_article_id, en_article_id, paired_at) VALUES (?1, ?2, ?3)",
        params![zh.0, en.0, now],
    )?;
    Ok(())
}

pub(crate) fn delete_article_pair(tx: &Transaction<'_>, zh: ArticleId) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM article_pair WHERE zh_article_id = ?1", [zh.0])?;
    Ok(())
}

pub(crate) fn article_sentences(
    tx: &Transaction<'_>,
    article: ArticleId,
) -> rusqlite::Result<Vec<ArticleSentence>> {
    let mut statement = tx.prepare_cached(
        "SELECT id, lang, block_idx, text FROM article_segment WHERE article_id = ?1 ORDER BY lang, position",
    )?;
    statement
        .query_map([article.0], |row| {
            Ok(ArticleSentence {
                id: SegmentId(row.get("id")?),
                lang: LanguageTag::parse(&row.get::<_, String>("lang")?),
                block_idx: row.get("block_idx")?,
                text: row.get("text")?,
            })
        })?
        .collect()
}

pub(crate) fn article_units(
    tx: &Transaction<'_>,
    article: ArticleId,
) -> rusqlite::Result<Vec<UnitId>> {
    let mut statement = tx.prepare_cached(
        "SELECT unit_id FROM unit_provenance WHERE article_id = ?1 ORDER BY position",
    )?;
    statement.query_map([article.0], |row| row.get(0).map(UnitId))?.collect()
}

/// (unit id, article id) of every unit aligned from an article.
pub(crate) fn unit_articles(conn: &Connection) -> rusqlite::Result<Vec<(i64, i64)>> {
    let mut statement =
        conn.prepare_cached("SELECT unit_id, article_id FROM unit_provenance ORDER BY unit_id")?;
    statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect()
}

/// (article id, original text) of every article.
pub(crate) fn article_texts(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut statement = conn.prepare_cached("SELECT id, original_text FROM article ORDER BY id")?;
    statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect()
}
