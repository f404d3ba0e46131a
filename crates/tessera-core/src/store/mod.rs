//! The only module that knows SQL: opening the database, pragmas, migrations and queries.
//!
//! Every other module talks to SQLite through the functions here, with domain types in and out.
//! Migrations are append-only (see `MIGRATIONS`); the schema version lives in `PRAGMA user_version`.

mod alignment;
mod articles;
mod documents;
mod interchange;
mod memory;
mod qa;
mod segment_edits;
mod stats;
mod team;
mod terms;
mod units;

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use rusqlite::Connection;
use rusqlite_migration::M;
#[cfg(test)]
use rusqlite_migration::Migrations;

pub(crate) use documents::NewXliffSegment;
pub(crate) use interchange::{
    BatchCounts, DeferredIndexes, ImportedAnnotation, ImportedConcept, ImportedField, ImportedTerm,
    ImportedUnit, ImportedVariant, ReplacedUnit, StoredField, TermColumns, UnitExtras, UnitWriter,
};

use crate::model::{
    ArticleAlignment, ArticleId, ArticleSummary, MemoryFingerprint, NewArticle, NewUnit, SegmentId,
    Stats, UnitId, UnitOrigin,
};

/// Append-only list of schema migrations, as SQL. Never edit, reorder or remove an entry: add a
/// new one.
const MIGRATION_SQL: &[&str] = &[
    include_str!("migrations/0001_units_and_articles.sql"),
    include_str!("migrations/0002_termbase_and_audit.sql"),
    include_str!("migrations/0003_article_segments.sql"),
    include_str!("migrations/0004_match_index.sql"),
    include_str!("migrations/0005_interchange_import.sql"),
    include_str!("migrations/0006_documents.sql"),
    include_str!("migrations/0007_concept_fields.sql"),
    include_str!("migrations/0008_article_pairs.sql"),
    include_str!("migrations/0009_qa_fixes.sql"),
    include_str!("migrations/0014_team_replica.sql"),
    include_str!("migrations/0010_phrase_table.sql"),
    include_str!("migrations/0015_document_target_lang.sql"),
    include_str!("migrations/0016_document_xliff.sql"),
    include_str!("migrations/0017_variant_language_counts.sql"),
];

/// The same migrations for `rusqlite_migration`, which validates them and, in tests, migrates to
/// an older version; opening a database runs them through [`migrate`].
const MIGRATION_LIST: &[M<'static>] = &[
    M::up(MIGRATION_SQL[0]),
    M::up(MIGRATION_SQL[1]),
    M::up(MIGRATION_SQL[2]),
    M::up(MIGRATION_SQL[3]),
    M::up(MIGRATION_SQL[4]),
    M::up(MIGRATION_SQL[5]),
    M::up(MIGRATION_SQL[6]),
    M::up(MIGRATION_SQL[7]),
    M::up(MIGRATION_SQL[8]),
    M::up(MIGRATION_SQL[9]),
    M::up(MIGRATION_SQL[10]),
    M::up(MIGRATION_SQL[11]),
    M::up(MIGRATION_SQL[12]),
    M::up(MIGRATION_SQL[13]),
];

const _: () = assert!(MIGRATION_SQL.len() == MIGRATION_LIST.len());

#[cfg(test)]
pub(crate) const MIGRATIONS: Migrations<'static> = Migrations::from_slice(MIGRATION_LIST);

/// The schema version this build writes (the number of migrations).
pub(crate) const SCHEMA_VERSION: usize = MIGRATION_LIST.len();

/// Errors from the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but SQLite cannot read it as a database.
    #[error("{path} is not a Tessera database: {message}")]
    NotADatabase {
        /// The database file.
        path: PathBuf,
        /// SQLite's own explanation.
        message: String,
    },
    /// The database was written by a newer Tessera with a schema this build does not know.
    #[error(
        "{path} was written by a newer Tessera (schema version {found}, this version knows up to {known}); upgrade Tessera to open it"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file.
        found: usize,
        /// The newest schema version this build knows.
        known: usize,
    },
    /// The file or its folder cannot be opened or created.
    #[error("cannot open database {path}: {message}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A write was refused because its input is inconsistent; the transaction rolled back.
    #[error("{message}")]
    Invalid {
        /// What is wrong.
        message: String,
    },
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration failed.
    #[error("cannot migrate database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The database file cannot be written by this user (another user's file, read-only media):
    /// it can be read, but not changed.
    #[error("{path} is read-only for you: Tessera can read it but cannot {what}")]
    ReadOnly {
        /// The database file.
        path: PathBuf,
        /// What was refused.
        what: &'static str,
    },
    /// Another process kept the database locked for writing longer than this one would wait.
    #[error(
        "{path} is busy: {holder} has been writing to it for more than {} s; try again when it is done",
        waited.as_secs()
    )]
    Busy {
        /// The database file.
        path: PathBuf,
        /// Who holds the write lock, as it described itself (see [`WRITER_FILE_SUFFIX`]).
        holder: String,
        /// How long this process waited.
        waited: Duration,
    },
}

/// Whether this process cannot write the database file at `path` (false when it does not exist
/// yet: then it is created). Tried by opening it for writing, which asks the system rather than
/// guessing from permission bits (root may write a 0444 file; nobody writes to read-only media).
fn cannot_write(path: &Path) -> bool {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => false,
        Err(error) => matches!(
            error.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
        ),
    }
}

/// `path` for an SQLite `file:` URI: the characters a URI gives a meaning to, escaped.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '%' => escaped.push_str("%25"),
            '?' => escaped.push_str("%3f"),
            '#' => escaped.push_str("%23"),
            _ => escaped.push(character),
        }
    }
    escaped
}

/// Beside the database, `PATH-writer` says who holds the write lock while a write transaction is
/// open (what the process described itself as, and its id), so that a process that
/// gives up waiting can name it. It is removed when the transaction ends; one left behind by a
/// killed process is only read while someone holds the lock, so it can at worst name the wrong
/// holder.
pub const WRITER_FILE_SUFFIX: &str = "-writer";

/// How long a write waits for another process's write to finish by default.
pub const DEFAULT_WRITE_WAIT: Duration = Duration::from_secs(10 * 60);

/// How long one attempt at the write lock waits before [`WriteWait::on_wait`] hears about it.
const WRITE_LOCK_STEP: Duration = Duration::from_millis(500);

/// How long any other statement waits for a lock (readers only meet one during WAL recovery or
/// a checkpoint's brief exclusive step).
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// While another process holds the write lock: who, and how long this one has waited so far.
#[derive(Debug, Clone, Copy)]
pub struct WriterWait<'a> {
    /// The holder as it described itself, or `None` when it did not say.
    pub holder: Option<&'a str>,
    /// How long this write has waited.
    pub waited: Duration,
}

/// What a waiting write calls about twice a second.
pub(crate) type OnWait = Box<dyn FnMut(WriterWait<'_>) + Send>;

/// How a write waits for another process's write to finish.
pub(crate) struct WriteWait {
    /// Past this, the write fails with [`StoreError::Busy`].
    pub(crate) limit: Duration,
    /// Told about every wait step (about twice a second), from the first.
    pub(crate) on_wait: Option<OnWait>,
    /// How this process describes itself in the `-writer` file.
    pub(crate) description: String,
}

/// An open database connection with pragmas set and the schema migrated.
pub(crate) struct Store {
    /// The checkpoint of the last large write's log, when one runs (see
    /// [`Store::write_checkpointing_later`]). Declared before `conn`, so that dropping a store
    /// waits for it before the connection closes.
    checkpoint: BackgroundCheckpoint,
    pub(crate) conn: Connection,
    /// Write transactions this connection committed: with SQLite's `data_version` (which moves
    /// when another connection commits) it tells cheaply whether anything may have changed.
    local_writes: u64,
    /// Who the changes are made by, recorded in the audit log (empty when unknown).
    pub(crate) actor: String,
    /// The database file (`:memory:` for a private one).
    path: PathBuf,
    /// How writes wait for other processes' writes.
    pub(crate) write_wait: WriteWait,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to the latest schema.
    pub(crate) fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|error| StoreError::Open {
                path: path.to_path_buf(),
                message: error.to_string(),
            })?;
        }
        let open_error = |error: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            message: error.to_string(),
        };
        if cannot_write(path) {
            // Another user's file, or read-only media: read it without creating anything beside
            // it (SQLite reads a WAL database without its -shm file when the connection is
            // read-only). Every write fails with `StoreError::ReadOnly`.
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
                | rusqlite::OpenFlags::SQLITE_OPEN_URI;
            let conn = Connection::open_with_flags(path, flags).map_err(open_error)?;
            if schema_version(&conn).is_ok() {
                return Store::prepare(conn, path);
            }
            // A WAL database is read through its -shm file; where none exists and none can be
            // created (a read-only folder), SQLite reads it only as immutable: nobody is
            // writing it then, since a writer would have made the -shm file.
            let uri = format!("file:{}?immutable=1", uri_path(path));
            let conn = Connection::open_with_flags(uri, flags).map_err(open_error)?;
            return Store::prepare(conn, path);
        }
        let conn = Connection::open(path).map_err(open_error)?;
        Store::prepare(conn, path)
    }

    /// Opens a private in-memory database (tests and scratch work).
    pub(crate) fn open_in_memory() -> Result<Store, StoreError> {
        Store::prepare(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn prepare(conn: Connection, path: &Path) -> Result<Store, StoreError> {
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)?;
        let found = retry_when_busy(|| {
            set_pragmas(&conn, read_only)?;
            schema_version(&conn)
        })
        .map_err(|error| classify_open_error(error, path))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION && read_only {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
                what: "upgrade it to this version of Tessera",
            });
        }
        if found < SCHEMA_VERSION {
            migrate(&conn, path)?;
        }
        Ok(Store {
            checkpoint: BackgroundCheckpoint::default(),
            conn,
            local_writes: 0,
            actor: String::new(),
            path: path.to_path_buf(),
            write_wait: WriteWait {
                limit: DEFAULT_WRITE_WAIT,
                on_wait: None,
                description: String::new(),
            },
        })
    }
}

impl Store {
    /// Reads the counts for the status bar and `tessera stats`.
    pub(crate) fn stats(&self) -> Result<Stats, StoreError> {
        Ok(stats::read_stats(&self.conn)?)
    }

    /// The language of the Chinese variant lookups use for a unit (its first `zh…` one).
    pub(crate) fn chinese_variant_lang(&self, unit_id: i64) -> Result<Option<String>, StoreError> {
        Ok(units::chinese_variant_lang(&self.conn, unit_id)?)
    }

    /// The source language most units name, if any names one.
    pub(crate) fn most_common_source_lang(&self) -> Result<Option<String>, StoreError> {
        Ok(units::most_common_source_lang(&self.conn)?)
    }

    /// Concepts filtered by review status and category, most evidence first.
    pub(crate) fn concepts(
        &self,
        review_status: Option<&str>,
        category: Option<&str>,
    ) -> Result<Vec<crate::model::ConceptRecord>, StoreError> {
        Ok(terms::list_concepts(&self.conn, review_status, category)?)
    }

    /// The kept TBX fields of every concept (table `concept_field`), by concept, in file order.
    pub(crate) fn concept_fields(&self) -> Result<Vec<StoredField>, StoreError> {
        Ok(interchange::concept_fields(&self.conn)?)
    }

    /// The part of speech and note of every term that has either, by term id.
    pub(crate) fn term_columns(
        &self,
    ) -> Result<std::collections::HashMap<i64, TermColumns>, StoreError> {
        Ok(interchange::term_columns(&self.conn)?)
    }

    /// One concept with its terms.
    pub(crate) fn concept(
        &self,
        concept_id: i64,
    ) -> Result<Option<crate::model::ConceptRecord>, StoreError> {
        Ok(terms::concept(&self.conn, concept_id)?)
    }

    /// Up to `limit` (Chinese, English) units a term was seen in.
    pub(crate) fn term_examples(
        &self,
        term_id: i64,
        limit: usize,
    ) -> Result<Vec<(String, String)>, StoreError> {
        Ok(terms::term_examples(&self.conn, term_id, limit)?)
    }

    /// The concepts an import added (still there), in id order.
    pub(crate) fn concepts_of_import(
        &self,
        batch: crate::model::ImportBatchId,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(terms::concepts_of_import(&self.conn, batch.0)?)
    }

    /// Changes whenever concepts are added, removed or changed.
    pub(crate) fn termbase_signature(&self) -> Result<(i64, i64, String), StoreError> {
        Ok(terms::termbase_signature(&self.conn)?)
    }

    /// The article each unit was aligned from: (unit id, article id).
    pub(crate) fn unit_articles(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(articles::unit_articles(&self.conn)?)
    }

    /// Every article's original text: (article id, text).
    pub(crate) fn article_texts(&self) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(articles::article_texts(&self.conn)?)
    }

    /// Chinese sentences of articles that are in no aligned pair.
    pub(crate) fn unaligned_chinese(&self) -> Result<Vec<String>, StoreError> {
        Ok(terms::unaligned_chinese(&self.conn)?)
    }

    /// Unpaired article sentences beside the pair of a neighbouring bead in their paragraph:
    /// `(segment id, is Chinese, text, neighbour unit id)`.
    pub(crate) fn unpaired_sentences_beside_units(
        &self,
    ) -> Result<Vec<(i64, bool, String, i64)>, StoreError> {
        Ok(terms::unpaired_sentences_beside_units(&self.conn)?)
    }

    /// (Chinese term, preferred English rendering) of every approved concept.
    pub(crate) fn approved_term_pairs(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(terms::approved_term_pairs(&self.conn)?)
    }

    /// A token that changes whenever this or another connection commits a write: comparing two
    /// tokens costs one pragma, where counting a million units costs tens of milliseconds.
    pub(crate) fn change_token(&self) -> Result<(i64, u64), StoreError> {
        let data_version: i64 = self.conn.query_row("PRAGMA data_version", [], |row| row.get(0))?;
        Ok((data_version, self.local_writes))
    }

    /// How many units there are and the largest id: tells whether a derived index is stale.
    pub(crate) fn memory_fingerprint(&self) -> Result<MemoryFingerprint, StoreError> {
        Ok(memory::fingerprint(&self.conn)?)
    }

    /// Calls `each(unit_id, chinese, english)` for every bilingual unit with an id above `after_id`.
    pub(crate) fn for_each_pair(
        &self,
        after_id: i64,
        each: &mut dyn FnMut(i64, &str, &str),
    ) -> Result<(), StoreError> {
        Ok(memory::for_each_pair(&self.conn, after_id, each)?)
    }

    /// Units (bilingual or not) with an id above `after_id`.
    pub(crate) fn count_units_after(&self, after_id: i64) -> Result<u64, StoreError> {
        Ok(memory::count_units_after(&self.conn, after_id)?)
    }

    /// Up to `limit` bilingual units after `after_id`: (id, Chinese, English). A page whose units
    /// are all monolingual holds one entry with empty texts, so paging goes on.
    pub(crate) fn pairs_page(
        &self,
        after_id: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String, String)>, StoreError> {
        Ok(memory::pairs_page(&self.conn, after_id, limit)?)
    }

    /// A page of units for memory QA: (id, Chinese, English if any) of those with Chinese, and
    /// the last id read (`None` at the end).
    pub(crate) fn qa_page(&self, after_id: i64, limit: usize) -> Result<qa::QaPage, StoreError> {
        Ok(qa::qa_page(&self.conn, after_id, limit)?)
    }

    /// The unit a document segment already wrote, if any.
    pub(crate) fn segment_unit(&self, segment_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(documents::segment_unit(&self.conn, segment_id)?)
    }

    /// The (Chinese, English) texts of one unit, when it has both.
    pub(crate) fn pair_of(&self, unit_id: i64) -> Result<Option<(String, String)>, StoreError> {
        Ok(memory::pair_of(&self.conn, unit_id)?)
    }

    /// Streams the persisted match index, with the fingerprint of the units it covers, to
    /// `read` (given the byte length).
    pub(crate) fn read_match_index<T>(
        &self,
        read: impl FnOnce(&mut dyn std::io::Read, usize) -> T,
    ) -> Result<Option<(MemoryFingerprint, T)>, StoreError> {
        Ok(memory::read_index(&self.conn, read)?)
    }

    /// Replaces the persisted match index, streaming `byte_len` bytes from `write`, unless
    /// another process is writing or the database is read-only: the index is a cache, and a
    /// reader must not wait for a writer or fail for it. Returns whether it was saved.
    pub(crate) fn save_match_index(
        &mut self,
        fingerprint: MemoryFingerprint,
        byte_len: usize,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<bool, StoreError> {
        let mut no_wait = WriteWait {
            limit: Duration::ZERO,
            on_wait: None,
            description: self.write_wait.description.clone(),
        };
        let (tx, _writer_file) = match begin_write(&self.conn, &self.path, &mut no_wait) {
            Ok(begun) => begun,
            Err(StoreError::Busy { .. } | StoreError::ReadOnly { .. }) => return Ok(false),
            Err(error) => return Err(error),
        };
        match memory::save_index(&tx, fingerprint, byte_len, write) {
            Ok(()) => {}
            Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => {
                return Ok(false);
            }
            Err(error) => return Err(error.into()),
        }
        tx.commit()?;
        Ok(true)
    }

    /// The persisted phrase table with the fingerprint of the units it covers.
    pub(crate) fn read_phrase_table(
        &self,
    ) -> Result<Option<(MemoryFingerprint, Vec<u8>)>, StoreError> {
        Ok(memory::read_phrase_table(&self.conn)?)
    }

    /// Replaces the persisted phrase table.
    pub(crate) fn save_phrase_table(
        &mut self,
        fingerprint: MemoryFingerprint,
        data: &[u8],
    ) -> Result<(), StoreError> {
        Ok(memory::save_phrase_table(&self.conn, fingerprint, data)?)
    }

    /// Up to `limit` units with ids above `after_id`, in id order (keyset paging for browsing):
    /// the export's page without the TMX extras.
    pub(crate) fn units_page(
        &self,
        after_id: i64,
        limit: usize,
        approved_only: bool,
    ) -> Result<Vec<crate::model::StoredUnit>, StoreError> {
        let page = interchange::export_page(&self.conn, after_id, limit, approved_only)?;
        Ok(page.into_iter().map(|(unit, _)| unit).collect())
    }

    /// The source text of the unit before this one in its article, if any.
    pub(crate) fn previous_source(&self, unit_id: i64) -> Result<Option<String>, StoreError> {
        Ok(units::previous_source(&self.conn, unit_id)?)
    }

    /// The text in `lang` (a primary subtag: `zh`, `en`) of the unit before this one in its
    /// article, or after it (`next`), if any.
    pub(crate) fn neighbour_text(
        &self,
        unit_id: i64,
        lang: &str,
        next: bool,
    ) -> Result<Option<String>, StoreError> {
        Ok(units::neighbour_text(&self.conn, unit_id, lang, next)?)
    }

    /// Audit entries about one object, oldest first.
    pub(crate) fn audit_entries(
        &self,
        object_kind: &str,
        object_id: i64,
    ) -> Result<Vec<crate::model::AuditEntry>, StoreError> {
        Ok(units::audit_entries(&self.conn, object_kind, object_id)?)
    }

    /// Where these units came from.
    pub(crate) fn unit_origins(&self, unit_ids: &[i64]) -> Result<Vec<UnitOrigin>, StoreError> {
        Ok(memory::origins(&self.conn, unit_ids)?)
    }

    /// Documents in the editor, newest first.
    pub(crate) fn documents(&self) -> Result<Vec<crate::model::DocumentSummary>, StoreError> {
        Ok(documents::list_documents(&self.conn)?)
    }

    /// A document's segments in order.
    pub(crate) fn document_segments(
        &self,
        document_id: i64,
    ) -> Result<Vec<crate::model::DocumentSegment>, StoreError> {
        Ok(documents::document_segments(&self.conn, document_id)?)
    }

    /// The whole audit log, oldest first.
    pub(crate) fn audit_log(&self) -> Result<Vec<crate::model::AuditRecord>, StoreError> {
        Ok(units::audit_log(&self.conn)?)
    }

    /// Every article, oldest first, with its alignment counts.
    pub(crate) fn articles(&self) -> Result<Vec<ArticleSummary>, StoreError> {
        Ok(alignment::list_articles(&self.conn)?)
    }

    /// The Chinese article of the pair `article` belongs to, if it is paired.
    pub(crate) fn paired_chinese_article(
        &self,
        article: ArticleId,
    ) -> Result<Option<ArticleId>, StoreError> {
        Ok(alignment::paired_chinese_article(&self.conn, article)?)
    }

    /// An article's sentences and pairs, or `None` when there is no such article.
    pub(crate) fn article_alignment(
        &self,
        article_id: ArticleId,
    ) -> Result<Option<ArticleAlignment>, StoreError> {
        Ok(alignment::read_alignment(&self.conn, article_id)?)
    }

    /// Every import batch, oldest first.
    pub(crate) fn import_batches(&self) -> Result<Vec<crate::model::ImportBatch>, StoreError> {
        Ok(interchange::list_batches(&self.conn)?)
    }

    /// Up to `limit` units with ids above `after_id`, in id order, with their TMX extras
    /// (markup, props, notes, dates): a page of an export.
    pub(crate) fn export_page(
        &self,
        after_id: i64,
        limit: usize,
        approved_only: bool,
    ) -> Result<Vec<(crate::model::StoredUnit, UnitExtras)>, StoreError> {
        Ok(interchange::export_page(&self.conn, after_id, limit, approved_only)?)
    }

    /// Gives SQLite a page cache of `megabytes` (the default is 2): a large import in one
    /// transaction otherwise spills pages to the WAL and reads them back.
    pub(crate) fn set_cache_megabytes(&self, megabytes: u32) -> Result<(), StoreError> {
        self.conn.execute_batch(&format!("PRAGMA cache_size = -{};", megabytes * 1024))?;
        Ok(())
    }

    /// [`Store::write`] with foreign-key enforcement off for the transaction, for a bulk insert
    /// whose every reference is known to hold (rows it just inserted, the batch it began):
    /// checking them costs a lookup per row. Nothing may delete in it, since cascades are off
    /// too. Enforcement is back on afterwards, whatever `work` returned.
    pub(crate) fn write_unchecked_references<T>(
        &mut self,
        work: impl FnOnce(&StoreTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // The pragma is a no-op inside a transaction, so it is set around it.
        self.conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
        let outcome = self.write(work);
        let restored = self.conn.execute_batch("PRAGMA foreign_keys = ON;");
        let value = outcome?;
        restored?;
        Ok(value)
    }

    /// [`Store::write`] (or [`Store::write_unchecked_references`]) for a write that may be
    /// large, a TMX import: its commit is durable (the log is synced, as `synchronous = FULL`
    /// does) but does not copy the log into the database. When the log holds more than
    /// [`BackgroundCheckpoint::after_bytes`], a connection of its own does that copy, the
    /// checkpoint, on a thread after this returns; a smaller log is checkpointed here, as
    /// SQLite's automatic checkpoint would have.
    ///
    /// Nothing is at risk meanwhile: the committed write is in the synced log, every connection
    /// reads it from there, others may read and write (a passive checkpoint takes no lock they
    /// need), and a checkpoint cut short (the process killed) is finished by the next one.
    /// [`Store::wait_for_checkpoint`] waits for it; dropping the store does too.
    ///
    /// Measured (scale_bench N --import-only, shared 2-core machine at load 14-17): the copy
    /// took 0.52-1.40 µs a unit of the checkpoint thread's CPU at 1M units and 0.74 at 10M
    /// (29 s of wall time after the commit). What else grows with an import's size, profiled
    /// at 10M units (storing thread, while the reader runs, 6M units in, against 1M): the
    /// storing thread took 1.11 samples per reader sample instead of 0.91; SQLite's search of
    /// the log's hash tables for each page it spills (`walFindFrame`, one table per 4,096 frames
    /// written, so quadratic in the import's size) rose from 0.7% to 8.4% of its samples, and
    /// the in-memory duplicate-key set (`has_identical` and its insert, a cache miss each at 10M
    /// keys) from 4.1% to 7.1%. After the reader ends, the commit reads the whole log back to
    /// checksum it again (`walRewriteChecksums`, since SQLite overwrites in place the frames of
    /// pages a transaction spilled twice: interior B-tree pages are): `_copy_to_iter` 46% and
    /// `walChecksumBytes` 12% of the tail's samples. Neither can be changed from outside SQLite
    /// but by writing fewer pages. The disk caps a durable import too: 79.5 MB/s sustained
    /// (`dd bs=1M count=2048 conv=fdatasync` at load 13; 18.7 MB/s while a 10M import ran), and
    /// at about 650 bytes a unit 150k units/s needs 98 MB/s for the log alone.
    pub(crate) fn write_checkpointing_later<T>(
        &mut self,
        unchecked_references: bool,
        work: impl FnOnce(&StoreTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // An earlier checkpoint still running would only copy what this one copies again.
        self.wait_for_checkpoint()?;
        let autocheckpoint: i64 =
            self.conn.query_row("PRAGMA wal_autocheckpoint", [], |row| row.get(0))?;
        self.conn.execute_batch("PRAGMA synchronous = FULL;")?;
        let _off: i64 =
            self.conn.query_row("PRAGMA wal_autocheckpoint = 0", [], |row| row.get(0))?;
        let outcome = if unchecked_references {
            self.write_unchecked_references(work)
        } else {
            self.write(work)
        };
        let restored = self.conn.execute_batch(&format!(
            "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {autocheckpoint};"
        ));
        let value = outcome?;
        restored?;
        let wal = self.wal_path();
        let wal_bytes = std::fs::metadata(&wal).map_or(0, |meta| meta.len());
        if wal_bytes > self.checkpoint.after_bytes {
            self.checkpoint.start(&self.path);
        } else if wal_bytes > 0 {
            let _counts: (i64, i64, i64) =
                self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?;
        }
        Ok(value)
    }

    /// Waits until the checkpoint a large write left running (see
    /// [`Store::write_checkpointing_later`]) has copied the log into the database; at once when
    /// none runs.
    pub(crate) fn wait_for_checkpoint(&mut self) -> Result<(), StoreError> {
        self.checkpoint.wait()
    }

    /// True while a checkpoint a large write left runs.
    #[cfg(test)]
    pub(crate) fn checkpoint_running(&self) -> bool {
        self.checkpoint.running.as_ref().is_some_and(|thread| !thread.is_finished())
    }

    /// The write-ahead log beside the database file.
    fn wal_path(&self) -> PathBuf {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        PathBuf::from(wal)
    }

    /// Runs `work` inside one transaction: everything it writes is committed together, or nothing
    /// is when it returns an error (or the process dies before the commit).
    pub(crate) fn write<T>(
        &mut self,
        work: impl FnOnce(&StoreTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let actor = self.actor.clone();
        let (tx, _writer_file) = begin_write(&self.conn, &self.path, &mut self.write_wait)?;
        let tx = StoreTx { tx, actor };
        let value = work(&tx)?;
        tx.tx.commit()?;
        self.local_writes += 1;
        Ok(value)
    }
}

/// The checkpoint of a large write's log, copying it into the database on a connection and a
/// thread of its own (see [`Store::write_checkpointing_later`]). Dropping it waits for it.
pub(crate) struct BackgroundCheckpoint {
    running: Option<std::thread::JoinHandle<rusqlite::Result<()>>>,
    /// Logs larger than this are checkpointed in the background; smaller ones at once.
    pub(crate) after_bytes: u64,
    /// In tests: the checkpoint waits for a message (or the sender's drop) before it starts.
    #[cfg(test)]
    pub(crate) hold: Option<std::sync::mpsc::Receiver<()>>,
}

/// The log size past which a large write's checkpoint runs in the background: the size SQLite
/// cuts the log back to, about 8,000 pages; copying that many takes a fraction of a second.
const BACKGROUND_CHECKPOINT_AFTER_BYTES: u64 = WAL_SIZE_LIMIT_BYTES as u64;

impl Default for BackgroundCheckpoint {
    fn default() -> BackgroundCheckpoint {
        BackgroundCheckpoint {
            running: None,
            after_bytes: BACKGROUND_CHECKPOINT_AFTER_BYTES,
            #[cfg(test)]
            hold: None,
        }
    }
}

impl BackgroundCheckpoint {
    /// Starts the checkpoint of the database at `path` on a thread; if no thread can be started,
    /// the next write's automatic checkpoint (or closing the last connection) does it.
    fn start(&mut self, path: &Path) {
        let path = path.to_path_buf();
        #[cfg(test)]
        let hold = self.hold.take();
        let thread =
            std::thread::Builder::new().name("wal-checkpoint".to_owned()).spawn(move || {
                #[cfg(test)]
                if let Some(hold) = hold {
                    let _ = hold.recv();
                }
                let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
                    | rusqlite::OpenFlags::SQLITE_OPEN_URI;
                let conn = Connection::open_with_flags(&path, flags)?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                // Passive: copies what no reader still needs from the log, taking no lock that
                // readers or writers wait for.
                let _counts: (i64, i64, i64) =
                    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                    })?;
                Ok(())
            });
        self.running = thread.ok();
    }

    /// Waits for the running checkpoint, if any, and says whether it failed.
    fn wait(&mut self) -> Result<(), StoreError> {
        let Some(thread) = self.running.take() else { return Ok(()) };
        match thread.join() {
            Ok(outcome) => Ok(outcome?),
            Err(_) => {
                Err(StoreError::Invalid { message: "the checkpoint thread panicked".to_owned() })
            }
        }
    }
}

impl Drop for BackgroundCheckpoint {
    fn drop(&mut self) {
        // The log stays whole when the checkpoint failed: the next one copies it.
        let _ = self.wait();
    }
}

/// An open write transaction; dropped without commit, it rolls back.
pub(crate) struct StoreTx<'conn> {
    tx: rusqlite::Transaction<'conn>,
    /// Who is making the change, for the audit log.
    actor: String,
}

impl StoreTx<'_> {
    /// Stores `units`, calling `progress` with the number stored so far.
    pub(crate) fn insert_units(
        &self,
        units: &mut dyn Iterator<Item = NewUnit>,
        now: &str,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<UnitId>, StoreError> {
        Ok(units::insert_units(&self.tx, units, now, progress)?)
    }

    /// Records the start of an import; its units and concepts carry the returned id.
    pub(crate) fn begin_batch(
        &self,
        file: &str,
        kind: &str,
        duplicates: &str,
        now: &str,
    ) -> Result<crate::model::ImportBatchId, StoreError> {
        Ok(interchange::begin_batch(&self.tx, file, kind, duplicates, now)?)
    }

    /// Records what an import did.
    pub(crate) fn finish_batch(
        &self,
        batch: crate::model::ImportBatchId,
        counts: BatchCounts,
        now: &str,
    ) -> Result<(), StoreError> {
        Ok(interchange::finish_batch(&self.tx, batch, counts, now)?)
    }

    /// Stores the header props and notes of an imported file.
    pub(crate) fn insert_batch_annotations(
        &self,
        batch: crate::model::ImportBatchId,
        annotations: &[ImportedAnnotation],
    ) -> Result<(), StoreError> {
        Ok(interchange::insert_batch_annotations(&self.tx, batch, annotations)?)
    }

    /// A writer of imported units with its statements prepared once.
    pub(crate) fn unit_writer(&self) -> Result<interchange::UnitWriter<'_>, StoreError> {
        Ok(interchange::UnitWriter::new(&self.tx)?)
    }

    /// Drops the indexes [`interchange::DEFERRABLE_INDEXES`] for the rest of this transaction;
    /// [`StoreTx::rebuild_indexes`] must build them again before it commits.
    pub(crate) fn defer_indexes(
        &self,
        deferred: &mut interchange::DeferredIndexes,
        writer: &mut interchange::UnitWriter<'_>,
    ) -> Result<(), StoreError> {
        Ok(deferred.drop_indexes(&self.tx, writer)?)
    }

    /// Stores the units `writer` holds back and builds the indexes [`StoreTx::defer_indexes`]
    /// dropped.
    pub(crate) fn rebuild_indexes(
        &self,
        deferred: &mut interchange::DeferredIndexes,
        writer: &mut interchange::UnitWriter<'_>,
    ) -> Result<(), StoreError> {
        Ok(deferred.rebuild(&self.tx, writer)?)
    }

    /// Stored units with this source key: (id, change or creation date).
    pub(crate) fn units_with_source_key(
        &self,
        source_key: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(interchange::units_with_source_key(&self.tx, source_key)?)
    }

    /// Units stored without duplicate keys: id, source language, (language, text) per variant.
    pub(crate) fn units_without_keys(&self) -> Result<Vec<interchange::KeylessUnit>, StoreError> {
        Ok(interchange::units_without_keys(&self.tx)?)
    }

    /// Sets a unit's duplicate keys.
    pub(crate) fn set_unit_keys(
        &self,
        unit_id: i64,
        source_key: i64,
        content_key: i64,
    ) -> Result<(), StoreError> {
        Ok(interchange::set_unit_keys(&self.tx, unit_id, source_key, content_key)?)
    }

    /// Stores an imported unit with everything TMX carries, as part of `batch` (if any).
    pub(crate) fn insert_imported_unit(
        &self,
        unit: &ImportedUnit,
        batch: Option<crate::model::ImportBatchId>,
        now: &str,
    ) -> Result<i64, StoreError> {
        Ok(interchange::insert_unit(&self.tx, unit, batch, now)?)
    }

    /// A stored unit with its TMX extras and the import it came from, read inside this
    /// transaction; `None` when there is no such unit.
    pub(crate) fn stored_unit(
        &self,
        unit: UnitId,
    ) -> Result<Option<(crate::model::StoredUnit, UnitExtras, Option<i64>)>, StoreError> {
        let Some((stored, extras)) = interchange::export_page(&self.tx, unit.0 - 1, 1, false)?
            .into_iter()
            .find(|(stored, _)| stored.id == unit)
        else {
            return Ok(None);
        };
        let batch = interchange::unit_batch(&self.tx, unit.0)?;
        Ok(Some((stored, extras, batch)))
    }

    /// Keeps a unit `batch` replaced (as a one-unit TMX document), for undo.
    pub(crate) fn archive_replaced_unit(
        &self,
        batch: crate::model::ImportBatchId,
        original_batch: Option<i64>,
        tmx: &str,
    ) -> Result<(), StoreError> {
        Ok(interchange::archive_replaced(&self.tx, batch, original_batch, tmx)?)
    }

    /// The units `batch` replaced, and forgets them.
    pub(crate) fn take_replaced_units(
        &self,
        batch: crate::model::ImportBatchId,
    ) -> Result<Vec<ReplacedUnit>, StoreError> {
        Ok(interchange::take_replaced(&self.tx, batch)?)
    }

    /// Stores an imported concept with its terms, under `review_status` (`candidate` or
    /// `approved`); returns its id and the repeated terms left out.
    pub(crate) fn insert_concept(
        &self,
        concept: &ImportedConcept,
        batch: crate::model::ImportBatchId,
        review_status: &str,
        now: &str,
    ) -> Result<(i64, u64), StoreError> {
        Ok(interchange::insert_concept(&self.tx, concept, batch, review_status, now)?)
    }

    /// The import a concept came from, if any.
    pub(crate) fn concept_import_batch(&self, concept_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(terms::concept_import_batch(&self.tx, concept_id)?)
    }

    /// Removes what an import added; `None` when there is no such import or it was undone.
    pub(crate) fn undo_import_batch(
        &self,
        batch: crate::model::ImportBatchId,
        now: &str,
    ) -> Result<Option<crate::model::UndoReport>, StoreError> {
        Ok(interchange::undo_batch(&self.tx, batch, now)?)
    }

    /// An article's sentences and pairs, read inside this transaction.
    pub(crate) fn article_alignment(
        &self,
        article_id: ArticleId,
    ) -> Result<Option<ArticleAlignment>, StoreError> {
        Ok(alignment::read_alignment(&self.tx, article_id)?)
    }

    /// Assigns a sentence to a bead (`None`: unaligned).
    pub(crate) fn set_segment_bead(
        &self,
        segment: SegmentId,
        bead: Option<u32>,
    ) -> Result<(), StoreError> {
        Ok(alignment::set_segment_bead(&self.tx, segment, bead)?)
    }

    /// Moves a unit to another bead position of its article.
    pub(crate) fn set_unit_position(&self, unit: UnitId, position: u32) -> Result<(), StoreError> {
        Ok(alignment::set_unit_position(&self.tx, unit, position)?)
    }

    /// Removes a unit with its variants, annotations and provenance.
    pub(crate) fn delete_unit(&self, unit: UnitId) -> Result<(), StoreError> {
        Ok(alignment::delete_unit(&self.tx, unit)?)
    }

    /// Replaces the text of the unit's first variant whose language starts with `lang_prefix`;
    /// returns the old text, or `None` when there is no such variant.
    pub(crate) fn replace_variant_text(
        &self,
        unit: UnitId,
        lang_prefix: &str,
        text: &str,
        now: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(units::replace_variant_text(&self.tx, unit, lang_prefix, text, now)?)
    }

    /// A one-line description of a unit (its texts), for the audit log.
    pub(crate) fn unit_summary(&self, unit: UnitId) -> Result<String, StoreError> {
        Ok(units::unit_summary(&self.tx, unit)?)
    }

    /// Drops the persisted match index and phrase table (both are rebuilt on next use): units
    /// changed in a way their fingerprint does not show.
    pub(crate) fn clear_match_index(&self) -> Result<(), StoreError> {
        self.tx.execute("DELETE FROM match_index", [])?;
        self.tx.execute("DELETE FROM phrase_table", [])?;
        Ok(())
    }

    /// Every Chinese term text in the termbase.
    pub(crate) fn chinese_terms(&self) -> Result<std::collections::HashSet<String>, StoreError> {
        Ok(terms::chinese_terms(&self.tx)?)
    }

    /// A new concept; returns its id.
    pub(crate) fn insert_candidate_concept(
        &self,
        category: &str,
        review_status: &str,
        now: &str,
    ) -> Result<i64, StoreError> {
        Ok(terms::insert_concept(&self.tx, category, review_status, now)?)
    }

    /// A term of a concept (or the same one found again); returns its id.
    pub(crate) fn insert_term(
        &self,
        concept_id: i64,
        lang: &str,
        text: &str,
        status: crate::model::TermStatus,
        occurrences: u64,
    ) -> Result<i64, StoreError> {
        Ok(terms::insert_term(&self.tx, concept_id, lang, text, status, occurrences)?)
    }

    /// Links a term to a unit it was seen in.
    pub(crate) fn insert_evidence(&self, term_id: i64, unit_id: i64) -> Result<(), StoreError> {
        Ok(terms::insert_evidence(&self.tx, term_id, unit_id)?)
    }

    /// One concept with its terms, read inside this transaction.
    pub(crate) fn concept(
        &self,
        concept_id: i64,
    ) -> Result<Option<crate::model::ConceptRecord>, StoreError> {
        Ok(terms::concept(&self.tx, concept_id)?)
    }

    /// Sets a concept's review status.
    pub(crate) fn set_review_status(
        &self,
        concept_id: i64,
        review_status: &str,
        now: &str,
    ) -> Result<(), StoreError> {
        Ok(terms::set_review_status(&self.tx, concept_id, review_status, now)?)
    }

    /// Sets a concept's definition, note and validity dates.
    pub(crate) fn set_concept_details(
        &self,
        concept_id: i64,
        details: &crate::model::ConceptDetails,
        now: &str,
    ) -> Result<(), StoreError> {
        Ok(terms::set_concept_details(&self.tx, concept_id, details, now)?)
    }

    /// Links two concepts (e.g. a short form to its full form).
    pub(crate) fn link_concepts(&self, from: i64, to: i64, kind: &str) -> Result<(), StoreError> {
        Ok(terms::link_concepts(&self.tx, from, to, kind)?)
    }

    /// Marks a concept changed now (so the termbase signature moves).
    pub(crate) fn touch_concept(&self, concept_id: i64, now: &str) -> Result<(), StoreError> {
        Ok(terms::touch_concept(&self.tx, concept_id, now)?)
    }

    /// Sets a term's text and status.
    pub(crate) fn set_term(
        &self,
        term_id: i64,
        text: &str,
        status: crate::model::TermStatus,
    ) -> Result<(), StoreError> {
        Ok(terms::set_term(&self.tx, term_id, text, status)?)
    }

    /// Stores a new document with its segments; returns its id.
    pub(crate) fn insert_document(
        &self,
        name: &str,
        original_text: &str,
        languages: (&str, &str),
        now: &str,
        segments: &[(u32, String)],
    ) -> Result<i64, StoreError> {
        Ok(documents::insert_document(&self.tx, name, original_text, languages, now, segments)?)
    }

    /// Saves a segment's draft; see [`documents::save_draft`].
    pub(crate) fn save_draft(
        &self,
        segment_id: i64,
        target: &str,
        now: &str,
    ) -> Result<(), StoreError> {
        Ok(documents::save_draft(&self.tx, segment_id, target, now)?)
    }

    /// Fills untranslated segments of a document with pre-translations; see
    /// [`documents::fill_segments`].
    pub(crate) fn fill_segments(
        &self,
        document_id: i64,
        filled: &[(i64, String, u8)],
        now: &str,
    ) -> Result<u64, StoreError> {
        Ok(documents::fill_segments(&self.tx, document_id, filled, now)?)
    }

    /// A document's source and target languages, when it exists.
    pub(crate) fn document_languages(
        &self,
        document_id: i64,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(documents::document_languages(&self.tx, document_id)?)
    }

    /// A segment's source and the unit it wrote, when it belongs to the document.
    pub(crate) fn segment_for_update(
        &self,
        document_id: i64,
        segment_id: i64,
    ) -> Result<Option<(String, Option<i64>)>, StoreError> {
        Ok(documents::segment_for_update(&self.tx, document_id, segment_id)?)
    }

    /// Saves a segment's translation and status (and the unit it wrote).
    pub(crate) fn update_segment(
        &self,
        segment_id: i64,
        target: &str,
        status: &str,
        unit_id: Option<i64>,
        now: &str,
    ) -> Result<(), StoreError> {
        Ok(documents::update_segment(&self.tx, segment_id, target, status, unit_id, now)?)
    }

    /// A document's segments in order, read inside this transaction; `None` when there is no
    /// such document.
    pub(crate) fn document_segments_for_update(
        &self,
        document_id: i64,
    ) -> Result<Option<Vec<crate::model::DocumentSegment>>, StoreError> {
        if !segment_edits::document_exists(&self.tx, document_id)? {
            return Ok(None);
        }
        Ok(Some(documents::document_segments(&self.tx, document_id)?))
    }

    /// Writes replaced targets; see [`segment_edits::replace_targets`].
    pub(crate) fn replace_targets(
        &self,
        document_id: i64,
        targets: &[(i64, String)],
        now: &str,
    ) -> Result<u64, StoreError> {
        Ok(segment_edits::replace_targets(&self.tx, document_id, targets, now)?)
    }

    /// A segment of the document and the one after it; see [`segment_edits::segment_and_next`].
    #[allow(clippy::type_complexity)]
    pub(crate) fn segment_and_next(
        &self,
        document_id: i64,
        segment_id: i64,
    ) -> Result<
        Option<(segment_edits::PlacedSegment, Option<segment_edits::PlacedSegment>)>,
        StoreError,
    > {
        Ok(segment_edits::segment_and_next(&self.tx, document_id, segment_id)?)
    }

    /// Splits a segment in two; see [`segment_edits::split_segment`].
    pub(crate) fn split_segment(
        &self,
        document_id: i64,
        segment: &segment_edits::PlacedSegment,
        first: (&str, &str, &str),
        second_source: &str,
        now: &str,
    ) -> Result<i64, StoreError> {
        Ok(segment_edits::split_segment(&self.tx, document_id, segment, first, second_source, now)?)
    }

    /// Merges a segment with the next; see [`segment_edits::merge_segments`].
    pub(crate) fn merge_segments(
        &self,
        document_id: i64,
        first: &segment_edits::PlacedSegment,
        second: &segment_edits::PlacedSegment,
        merged: (&str, &str, &str),
        now: &str,
    ) -> Result<(), StoreError> {
        Ok(segment_edits::merge_segments(&self.tx, document_id, first, second, merged, now)?)
    }

    /// Appends an entry to the audit log.
    pub(crate) fn insert_audit(
        &self,
        at: &str,
        action: &str,
        object: (&str, i64),
        detail: &str,
    ) -> Result<(), StoreError> {
        Ok(alignment::insert_audit(&self.tx, &self.actor, at, action, object.0, object.1, detail)?)
    }

    /// The text of a unit's English variant, read inside this transaction.
    pub(crate) fn english_text(&self, unit: UnitId) -> Result<Option<String>, StoreError> {
        Ok(qa::english_text(&self.tx, unit.0)?)
    }

    /// Records a memory QA fix; returns its id.
    pub(crate) fn insert_qa_fix(&self, at: &str, detail: &str) -> Result<i64, StoreError> {
        Ok(qa::insert_fix(&self.tx, at, &self.actor, detail)?)
    }

    /// Records a unit's target before and after a fix.
    pub(crate) fn insert_qa_fix_unit(
        &self,
        fix_id: i64,
        unit: UnitId,
        old_text: &str,
        new_text: &str,
    ) -> Result<(), StoreError> {
        Ok(qa::insert_fix_unit(&self.tx, fix_id, unit.0, old_text, new_text)?)
    }

    /// Marks a fix undone and returns what it changed, or `None` when there is no such fix or it
    /// was undone already.
    pub(crate) fn take_qa_fix(
        &self,
        fix_id: i64,
        now: &str,
    ) -> Result<Option<qa::FixedUnits>, StoreError> {
        Ok(qa::take_fix(&self.tx, fix_id, now)?)
    }

    /// The article with this content hash, if it was imported before.
    pub(crate) fn find_article_by_hash(
        &self,
        content_hash: &str,
    ) -> Result<Option<ArticleId>, StoreError> {
        Ok(articles::find_article_by_hash(&self.tx, content_hash)?)
    }

    /// The other article of the pair `article` belongs to, as `(zh article, en article)`.
    pub(crate) fn article_pair(
        &self,
        article: ArticleId,
    ) -> Result<Option<(ArticleId, ArticleId)>, StoreError> {
        Ok(articles::article_pair(&self.tx, article)?)
    }

    /// Records that two articles are one: `zh` holds the Chinese, `en` the English version.
    pub(crate) fn insert_article_pair(
        &self,
        zh: ArticleId,
        en: ArticleId,
        now: &str,
    ) -> Result<(), StoreError> {
        Ok(articles::insert_article_pair(&self.tx, zh, en, now)?)
    }

    /// Forgets the pair whose Chinese article is `zh`.
    pub(crate) fn delete_article_pair(&self, zh: ArticleId) -> Result<(), StoreError> {
        Ok(articles::delete_article_pair(&self.tx, zh)?)
    }

    /// An article's sentences in document order per language, with their paragraph index.
    pub(crate) fn article_sentences(
        &self,
        article: ArticleId,
    ) -> Result<Vec<crate::model::ArticleSentence>, StoreError> {
        Ok(articles::article_sentences(&self.tx, article)?)
    }

    /// The units whose provenance is `article`.
    pub(crate) fn article_units(&self, article: ArticleId) -> Result<Vec<UnitId>, StoreError> {
        Ok(articles::article_units(&self.tx, article)?)
    }

    /// Stores an article with its verbatim original.
    pub(crate) fn insert_article(
        &self,
        article: &NewArticle,
        content_hash: &str,
        now: &str,
    ) -> Result<ArticleId, StoreError> {
        Ok(articles::insert_article(&self.tx, article, content_hash, now)?)
    }
}

/// Runs `step` again while SQLite answers "database is locked" at once, up to [`BUSY_TIMEOUT`].
///
/// The busy timeout does not cover every wait: when waiting could deadlock (this connection
/// holds a shared lock and wants more while another holds the reserved lock, as when processes
/// open a new database together and one turns it to WAL while another migrates it), SQLite
/// answers busy without calling the busy handler. Trying again once the other step is done is
/// then the only way through; `step` must be safe to repeat.
fn retry_when_busy<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let started = Instant::now();
    loop {
        match step() {
            Err(error)
                if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            result => return result,
        }
    }
}

/// The size the WAL file is cut back to once a checkpoint has copied it into the database. One
/// transaction writes its whole size to the WAL (a 10M-unit TMX import about 7 GB), and SQLite
/// reuses the file rather than shrinking it, so without a limit the disk held the import twice
/// for as long as the memory stayed open.
pub(crate) const WAL_SIZE_LIMIT_BYTES: i64 = 64 * 1024 * 1024;

/// The page size of a database Tessera creates. SQLite's default, 4 KiB, makes a large TMX
/// import pay per page twice as often: a B-tree split, a WAL frame (two writes, a checksum and,
/// when the page cache spills it, a search of the WAL's hash tables, one per 4,096 frames the
/// import has written), and in the checkpoint that copies the import into the database a read
/// and a write through the kernel. Measured with scale_bench N --import-only into a new
/// database (the build before this, the page size given to the empty file), storing thread:
/// at 1M units 9.87 µs a unit with 4 KiB pages and 8.19 with 8 KiB (load 17), and 8.78 8.99
/// with 4 KiB, 7.46 7.13 with 16 KiB, 6.93 7.66 with 64 KiB (load 12-14); at 100k units 9.83
/// 9.63 with 4 KiB, 8.49 8.15 with 8 KiB.
///
/// Not larger: a statement that may abort half-way (a row insert whose triggers write, as every
/// import's first units and every small import make) copies each page it changes into a
/// statement journal, which SQLite keeps in memory up to 64 KiB and then writes to a temporary
/// file. With 16 KiB pages four changed pages go past that: 100k units took 10.09 11.57 µs a
/// unit against 8.37 8.55 with 4 KiB pages, the kernel's file writes showing in the profile.
///
/// SQLite fixes the page size when a database gets its first page, so a database created
/// before keeps its own (`VACUUM` would change it, out of WAL mode only).
pub(crate) const NEW_DATABASE_PAGE_BYTES: u32 = 8 * 1024;

fn set_pragmas(conn: &Connection, read_only: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if read_only {
        return conn.execute_batch("PRAGMA foreign_keys = ON;");
    }
    // Only a database without pages takes it, so it goes before the WAL header is written.
    conn.execute_batch(&format!("PRAGMA page_size = {NEW_DATABASE_PAGE_BYTES};"))?;
    // `journal_mode` answers with a row, so it is queried rather than executed.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
    let _limit: i64 = conn.query_row(
        &format!("PRAGMA journal_size_limit = {WAL_SIZE_LIMIT_BYTES}"),
        [],
        |row| row.get(0),
    )?;
    Ok(())
}

/// Opens a write transaction holding SQLite's write lock from its start (`BEGIN IMMEDIATE`), so
/// that it never fails half-way for want of the lock. While another process holds it, waits in
/// steps, telling `wait.on_wait`, up to `wait.limit`; then fails with [`StoreError::Busy`]
/// naming the holder. Returns the transaction and the guard of this process's `-writer` file.
pub(crate) fn begin_write<'conn>(
    conn: &'conn Connection,
    path: &Path,
    wait: &mut WriteWait,
) -> Result<(rusqlite::Transaction<'conn>, Option<WriterFile>), StoreError> {
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::ReadOnly { path: path.to_path_buf(), what: "change it" });
    }
    let started = Instant::now();
    conn.busy_timeout(WRITE_LOCK_STEP)?;
    let attempt = loop {
        match rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate) {
            Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
                let waited = started.elapsed();
                let holder = WriterFile::read(path);
                if waited >= wait.limit {
                    break Err(StoreError::Busy {
                        path: path.to_path_buf(),
                        holder: holder.unwrap_or_else(|| "another program".to_owned()),
                        waited,
                    });
                }
                if let Some(on_wait) = &mut wait.on_wait {
                    on_wait(WriterWait { holder: holder.as_deref(), waited });
                }
            }
            Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => {
                break Err(StoreError::ReadOnly { path: path.to_path_buf(), what: "change it" });
            }
            Err(error) => break Err(StoreError::from(error)),
            Ok(tx) => break Ok(tx),
        }
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let tx = attempt?;
    Ok((tx, WriterFile::create(path, &wait.description)))
}

/// This process's `PATH-writer` file (see [`WRITER_FILE_SUFFIX`]), removed on drop.
pub(crate) struct WriterFile {
    path: PathBuf,
    content: String,
}

impl WriterFile {
    fn path_for(database: &Path) -> Option<PathBuf> {
        if database == Path::new(":memory:") {
            return None;
        }
        let mut path = database.as_os_str().to_owned();
        path.push(WRITER_FILE_SUFFIX);
        Some(PathBuf::from(path))
    }

    /// Best effort: a folder that cannot take the file only costs the holder's name.
    fn create(database: &Path, description: &str) -> Option<WriterFile> {
        let path = WriterFile::path_for(database)?;
        let what = if description.is_empty() { "a Tessera program" } else { description };
        let content = format!("{what} (process {})", std::process::id());
        std::fs::write(&path, &content).ok()?;
        Some(WriterFile { path, content })
    }

    fn read(database: &Path) -> Option<String> {
        let text = std::fs::read_to_string(WriterFile::path_for(database)?).ok()?;
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }
}

impl Drop for WriterFile {
    fn drop(&mut self) {
        // Another process may already have written its own: leave that one alone.
        if std::fs::read_to_string(&self.path).is_ok_and(|text| text == self.content) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Brings the schema to [`SCHEMA_VERSION`] in one transaction that holds the write lock from its
/// start and reads the version again under it: processes opening a new database together take
/// turns, and the ones after the first find it migrated (issue 13: four `tessera stats` on a new
/// file failed with "table article already exists").
fn migrate(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let mut wait = WriteWait {
        limit: DEFAULT_WRITE_WAIT,
        on_wait: None,
        description: "a Tessera program migrating the database".to_owned(),
    };
    let (tx, _writer_file) = begin_write(conn, path, &mut wait)?;
    let found = schema_version(&tx)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found, known: SCHEMA_VERSION });
    }
    for sql in &MIGRATION_SQL[found..] {
        tx.execute_batch(sql)?;
    }
    tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION};"))?;
    tx.commit()?;
    Ok(())
}

pub(crate) fn schema_version(conn: &Connection) -> rusqlite::Result<usize> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    Ok(usize::try_from(version).unwrap_or(usize::MAX))
}

fn classify_open_error(error: rusqlite::Error, path: &Path) -> StoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            StoreError::NotADatabase { path: path.to_path_buf(), message: error.to_string() }
        }
        _ => StoreError::Sqlite(error),
    }
}

#[cfg(test)]
mod tests;
