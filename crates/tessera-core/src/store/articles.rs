//! Writing and finding articles.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::model::{ArticleId, NewArticle};

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
        "INSERT INTO article (source_path, title, content_hash, original_text, original_encoding, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            article.source_path,
            article.title,
            content_hash,
            article.original_text,
            article.original_encoding,
            now,
            article.imported_by
        ],
    )?;
    Ok(ArticleId(tx.last_insert_rowid()))
}
