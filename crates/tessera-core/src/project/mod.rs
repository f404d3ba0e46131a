//! `Project`: the API boundary of the core. Front ends (CLI, desktop) call nothing else.
//!
//! A `Project` is one open database. It owns transactions: each use-case method is one
//! transaction, so an operation either completes or changes nothing.
//!
//! The use cases live here, one file per area: `memory` (the match index, lookups,
//! concordance, unit edits), `articles` (past articles: import and alignment review),
//! `interchange` (TMX, TBX and glossary-table import and export, multi-file imports, undo),
//! `termbase` (mining, review, the live check, TBX and table export), `suggest` (the memory's
//! phrase table and fragment suggestions), `qa` (memory QA, bulk fixes and their undo),
//! `editor` (documents and segments), `pretranslate` (filling an XLIFF file's targets from the
//! memory) and `team` (this database as a replica of a team server). This file opens the
//! database and holds what they share. The algorithm modules beside `project` never import it
//! (tidy test `core_modules_have_no_import_cycle`).

mod articles;
mod editor;
mod interchange;
mod memory;
mod pretranslate;
mod qa;
mod segments;
mod suggest;
mod team;
mod termbase;
mod xliff_document;

use std::path::{Path, PathBuf};

pub(crate) use self::articles::chinese_script_tag;
#[cfg(test)]
pub(crate) use self::interchange::DEFER_INDEXES_AFTER_UNITS;
pub use self::{
    articles::{SEGMENTATION_RULES_FILE, load_segmentation_rules},
    editor::SegmentTerm,
    interchange::{
        MAX_PROBLEMS_LISTED, PROGRESS_EVERY, TmxExport, TmxExportReport, TmxImportProgress,
    },
    memory::{IndexProgress, IndexRefresh, LookupDirection, MemoryMatch, UnitSide},
    pretranslate::{
        DEFAULT_PRETRANSLATE_MIN_SCORE, DocumentPretranslation, MatchBands, PretranslateOptions,
        PretranslateReport,
    },
    qa::{FixReport, QaProgress, QaReport, QaScope},
    segments::{FindField, FindQuery, FoundText, ReplaceReport, ReplaceScope},
    suggest::{
        ExampleUnit, NameRendering, NameSpan, PhraseRefresh, ProposedTerm, WritingCompletion,
    },
    termbase::{ExtractReport, ReviewDecision, TermTableFormat},
    xliff_document::{SegmentTag, SegmentTags, TagKind},
};

use crate::{
    articles::SegmentationRules,
    error::Error,
    matching::MatchIndex,
    model::{MemoryFingerprint, Stats},
    store::Store,
};

/// A moment from the command line: an RFC 3339 timestamp, or a day (`2024-03-01`) taken in
/// UTC, at its start, or with `end_of_day` at the start of the next day (so that a range
/// "until 2024-03-01" includes that day). `None` when `text` is neither.
pub fn parse_moment(text: &str, end_of_day: bool) -> Option<jiff::Timestamp> {
    if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
        return Some(timestamp);
    }
    let day: jiff::civil::Date = text.trim().parse().ok()?;
    let day = if end_of_day { day.tomorrow().ok()? } else { day };
    jiff::tz::TimeZone::UTC.to_timestamp(day.to_datetime(jiff::civil::Time::midnight())).ok()
}

/// Writes an export through `write` into a temporary file beside `out` (`OUT.partial-PID-N`,
/// unique to this writer), then renames it to `out`: a failed export never leaves half a file,
/// nor replaces the file that was there, and two exports to one path each write a whole file
/// (the last rename wins). A destination that exists but is not a regular file (a folder, a
/// device, a pipe) is refused before anything is written. A file that cannot be created or
/// renamed is the user's [`Error::InvalidFile`]; the temporary file of a failed `write` is
/// removed.
pub fn write_atomically<T>(
    out: &Path,
    write: impl FnOnce(std::io::BufWriter<std::fs::File>) -> Result<T, Error>,
) -> Result<T, Error> {
    let file_error = |path: &Path, error: std::io::Error| Error::InvalidFile {
        path: path.to_path_buf(),
        message: error.to_string(),
    };
    if let Ok(existing) = std::fs::metadata(out)
        && !existing.is_file()
    {
        return Err(Error::InvalidFile {
            path: out.to_path_buf(),
            message: "is not a regular file; export to a file path".to_owned(),
        });
    }
    let (partial, file) = create_partial_file(out).map_err(|error| file_error(out, error))?;
    match write(std::io::BufWriter::new(file)) {
        Ok(written) => match std::fs::rename(&partial, out) {
            Ok(()) => Ok(written),
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                Err(file_error(out, error))
            }
        },
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}

/// Creates `OUT.partial-PID-N` with the first `N` no other writer holds.
fn create_partial_file(out: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut attempt = 0u32;
    loop {
        let mut partial = out.as_os_str().to_owned();
        partial.push(format!(".partial-{}-{attempt}", std::process::id()));
        let partial = PathBuf::from(partial);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&partial) {
            Ok(file) => return Ok((partial, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

/// Where a multi-file import stands, as told to its progress callback: once before each file,
/// then, within a TMX file, every [`crate::PROGRESS_EVERY`] units.
#[derive(Debug, Clone, Copy)]
pub struct ImportProgress<'a> {
    /// Files finished so far.
    pub done: usize,
    /// Files in the whole import.
    pub total: usize,
    /// The file being imported (or about to be).
    pub current: &'a Path,
    /// How far into `current` a TMX import has read; `None` before the file starts (the only
    /// report for articles and glossaries).
    pub within_file: Option<TmxImportProgress>,
    /// The size of `current` when `within_file.bytes_read` counts its bytes (a plain `.tmx`; a
    /// compressed file reports its decompressed bytes, so its size says nothing).
    pub file_bytes: Option<u64>,
}

/// What a progress callback wants the import to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportControl {
    /// Go on.
    Continue,
    /// Stop: leave the remaining files alone and roll back a TMX file being read.
    Cancel,
}

/// One open Tessera database: translation memory, articles and termbase.
pub struct Project {
    pub(crate) store: Store,
    path: PathBuf,
    pub(crate) segmentation_rules: SegmentationRules,
    /// The fuzzy-match index and the units it covers; built, loaded or extended on first use.
    pub(crate) match_index: Option<(MemoryFingerprint, MatchIndex)>,
    /// Units appended to the index since it was last persisted.
    unpersisted_units: u64,
    /// The store's change token when the index was last found current.
    index_checked_at: Option<(i64, u64)>,
    /// The approved termbase as a recognition/check index, with the change token it was built at.
    pub(crate) term_index: Option<termbase::CachedTermIndex>,
    /// The memory's phrase alignment and fragment table; built on first use.
    pub(crate) phrase_cache: Option<suggest::PhraseCache>,
    /// Units appended to the phrase table since it was last persisted.
    unpersisted_phrase_units: u64,
    /// The termbase as suggestion lexicon.
    pub(crate) suggestion_lexicon: Option<suggest::CachedLexicon>,
    /// The index with English as the source side, for lookups from English; built in memory on
    /// first use (never persisted) and rebuilt when the store changed.
    pub(crate) english_index: Option<((i64, u64), MatchIndex)>,
    /// The approved (Chinese, English) term pairs that adjust fuzzy matches, with the change
    /// token and termbase signature they were read at.
    approved_terms: Option<memory::CachedTermPairs>,
}

impl Project {
    /// Opens the database at `path`, creating it (and its folder) when missing and migrating an
    /// older schema. A database written by a newer Tessera is refused.
    pub fn open(path: &Path) -> Result<Project, Error> {
        Ok(Project {
            store: Store::open(path)?,
            path: path.to_path_buf(),
            segmentation_rules: SegmentationRules::default(),
            match_index: None,
            unpersisted_units: 0,
            index_checked_at: None,
            term_index: None,
            phrase_cache: None,
            unpersisted_phrase_units: 0,
            suggestion_lexicon: None,
            english_index: None,
            approved_terms: None,
        })
    }

    /// Opens a private in-memory database.
    pub fn open_in_memory() -> Result<Project, Error> {
        Ok(Project {
            store: Store::open_in_memory()?,
            path: PathBuf::from(":memory:"),
            segmentation_rules: SegmentationRules::default(),
            match_index: None,
            unpersisted_units: 0,
            index_checked_at: None,
            term_index: None,
            phrase_cache: None,
            unpersisted_phrase_units: 0,
            suggestion_lexicon: None,
            english_index: None,
            approved_terms: None,
        })
    }

    /// Says what this program is doing, in a few words (`tessera import big.tmx`): while it
    /// writes, another process that waits for it, or gives up, names it so.
    pub fn describe_writer(&mut self, description: &str) {
        self.store.write_wait.description = description.to_owned();
    }

    /// How a write waits while another process writes: up to `limit` (by default
    /// [`crate::DEFAULT_WRITE_WAIT`]), telling `on_wait` about twice a second who holds the
    /// database; past `limit` it fails with [`crate::StoreError::Busy`], a user error naming the
    /// holder. Reads never wait for a writer.
    pub fn wait_for_other_writers(
        &mut self,
        limit: std::time::Duration,
        on_wait: impl FnMut(crate::WriterWait<'_>) + Send + 'static,
    ) {
        self.store.write_wait.limit = limit;
        self.store.write_wait.on_wait = Some(Box::new(on_wait));
    }

    /// Waits until the write-ahead log of the last large TMX import has been copied into the
    /// database file (the checkpoint [`Project::import_tmx_file`] leaves running on a thread of
    /// its own); returns at once when none runs. The import is committed and readable before
    /// this; only the copy is waited for. Closing the project waits too.
    pub fn wait_for_checkpoint(&mut self) -> Result<(), Error> {
        Ok(self.store.wait_for_checkpoint()?)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Counts of units, articles, terms by status and languages.
    pub fn stats(&self) -> Result<Stats, Error> {
        Ok(self.store.stats()?)
    }
}

/// The current time as RFC 3339 UTC. The façade is the one layer that reads the clock; pure
/// modules get timestamps passed in.
pub(crate) fn now_timestamp() -> String {
    jiff::Timestamp::now().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file_only_when_the_export_succeeds() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("memory.tmx");
        std::fs::write(&out, "before").unwrap();
        let failed = write_atomically(&out, |mut file| -> Result<(), Error> {
            file.write_all(b"half").unwrap();
            Err(Error::Output { message: "disk full".to_owned() })
        });
        assert!(matches!(failed, Err(Error::Output { .. })));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "before");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a partial file is left");
        let written = write_atomically(&out, |mut file| {
            file.write_all(b"after")
                .map_err(|error| Error::Output { message: error.to_string() })?;
            file.flush().map_err(|error| Error::Output { message: error.to_string() })?;
            Ok(5)
        });
        assert_eq!(written.unwrap(), 5);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "after");
        let missing_folder = dir.path().join("missing").join("memory.tmx");
        let refused = write_atomically(&missing_folder, |_| Ok(()));
        assert!(matches!(refused, Err(Error::InvalidFile { .. })));
    }
}
