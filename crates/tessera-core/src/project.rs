//! `Project`: the API boundary of the core. Front ends (CLI, desktop) call nothing else.
//!
//! A `Project` is one open database. It owns transactions: each use-case method is one
//! transaction, so an operation either completes or changes nothing.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{
    error::Error,
    model::{ArticleId, FileProblem, FileReport, NewArticle, NewUnit, Stats, UnitId},
    store::Store,
};

/// One open Tessera database: translation memory, articles and termbase.
pub struct Project {
    store: Store,
    path: PathBuf,
}

/// What happened to an article given to [`Project::add_article`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleAdded {
    /// It was new and is now stored.
    New(ArticleId),
    /// The same text was imported before; nothing changed.
    AlreadyPresent(ArticleId),
}

impl Project {
    /// Opens the database at `path`, creating it (and its folder) when missing and migrating an
    /// older schema. A database written by a newer Tessera is refused.
    pub fn open(path: &Path) -> Result<Project, Error> {
        Ok(Project { store: Store::open(path)?, path: path.to_path_buf() })
    }

    /// Opens a private in-memory database.
    pub fn open_in_memory() -> Result<Project, Error> {
        Ok(Project { store: Store::open_in_memory()?, path: PathBuf::from(":memory:") })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Counts of units, articles, terms by status and languages.
    pub fn stats(&self) -> Result<Stats, Error> {
        Ok(self.store.stats()?)
    }

    /// Stores `units` in one transaction: after a crash the database holds all of them or none.
    /// `progress` is called with the number written so far.
    pub fn add_units(
        &mut self,
        units: impl IntoIterator<Item = NewUnit>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<UnitId>, Error> {
        let now = now_timestamp();
        let mut units = units.into_iter();
        Ok(self.store.write(|tx| tx.insert_units(&mut units, &now, progress))?)
    }

    /// Stores an article with its verbatim text, unless the same text is already stored.
    pub fn add_article(&mut self, article: &NewArticle) -> Result<ArticleAdded, Error> {
        let now = now_timestamp();
        let content_hash = content_hash(&article.original_text);
        Ok(self.store.write(|tx| match tx.find_article_by_hash(&content_hash)? {
            Some(existing) => Ok(ArticleAdded::AlreadyPresent(existing)),
            None => tx.insert_article(article, &content_hash, &now).map(ArticleAdded::New),
        })?)
    }
}

impl Project {
    /// Imports one past article from its bytes. The article is stored verbatim (one transaction);
    /// importing the same text again changes nothing. Problems are reported, never raised: only a
    /// database failure is an `Err`.
    pub fn import_article_bytes(
        &mut self,
        source_path: &str,
        bytes: &[u8],
    ) -> Result<FileReport, Error> {
        let mut report = FileReport {
            path: source_path.to_owned(),
            kind: "article".to_owned(),
            units_added: 0,
            units_skipped: 0,
            article: None,
            already_imported: false,
            problems: Vec::new(),
        };
        let text = match decode_article(bytes) {
            Ok(text) => text,
            Err(problem) => {
                report.problems.push(problem);
                return Ok(report);
            }
        };
        let article = NewArticle {
            source_path: source_path.to_owned(),
            title: text
                .lines()
                .map(str::trim)
                .find(|line| !line.is_empty())
                .unwrap_or("")
                .to_owned(),
            original_text: text,
            original_encoding: "utf-8".to_owned(),
            imported_by: String::new(),
        };
        match self.add_article(&article)? {
            ArticleAdded::New(id) => report.article = Some(id),
            ArticleAdded::AlreadyPresent(id) => {
                report.article = Some(id);
                report.already_imported = true;
            }
        }
        Ok(report)
    }

    /// Imports article files; a file that cannot be read is reported and the rest still import.
    pub fn import_article_files(&mut self, paths: &[PathBuf]) -> Result<Vec<FileReport>, Error> {
        let mut reports = Vec::with_capacity(paths.len());
        for path in paths {
            let shown = path.display().to_string();
            let report = match std::fs::read(path) {
                Ok(bytes) => self.import_article_bytes(&shown, &bytes)?,
                Err(error) => FileReport {
                    path: shown,
                    kind: "article".to_owned(),
                    units_added: 0,
                    units_skipped: 0,
                    article: None,
                    already_imported: false,
                    problems: vec![FileProblem {
                        line: None,
                        column: None,
                        message: format!("cannot read the file: {error}"),
                    }],
                },
            };
            reports.push(report);
        }
        Ok(reports)
    }

    /// Imports `samples` (name, text) when the database holds no article and no unit yet, so a new
    /// user sees a populated memory. Returns the reports, empty when the database was not empty.
    pub fn import_samples_if_empty(
        &mut self,
        samples: &[(&str, &str)],
    ) -> Result<Vec<FileReport>, Error> {
        let stats = self.stats()?;
        if stats.articles > 0 || stats.units > 0 {
            return Ok(Vec::new());
        }
        samples
            .iter()
            .map(|(name, text)| self.import_article_bytes(name, text.as_bytes()))
            .collect()
    }
}

/// Decodes an article file: UTF-8 with or without BOM.
fn decode_article(bytes: &[u8]) -> Result<String, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
    if bytes.iter().all(|byte| byte.is_ascii_whitespace()) {
        return Err(FileProblem {
            line: None,
            column: None,
            message: "the file is empty".to_owned(),
        });
    }
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&byte| byte == b'\n').map_or(0, |idx| idx + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        FileProblem {
            line: Some(line as u32),
            column: Some(column as u32),
            message: "the file is not valid UTF-8 text".to_owned(),
        }
    })
}

/// Hex SHA-256 of an article's verbatim text: the identity used to skip re-imports.
fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The current time as RFC 3339 UTC. The façade is the one layer that reads the clock; pure
/// modules get timestamps passed in.
fn now_timestamp() -> String {
    jiff::Timestamp::now().to_string()
}
