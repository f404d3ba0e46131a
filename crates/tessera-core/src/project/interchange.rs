//! Importing TMX memories and TBX or table glossaries (CSV/TSV/XLSX/ODS, read by
//! [`crate::glossary`]) into the database, listing imports and undoing them.
//!
//! A TMX file (plain, `.tmx.gz`, or members of a `.zip`) is read with the streaming reader in
//! [`crate::tmx`] on a second thread and stored inside one transaction, so memory stays bounded
//! and the file either imports completely or changes nothing. Everything TMX carries at unit and
//! variant level is kept: inline markup (the placeholders stay in the text, the markup goes
//! beside it, see [`encode_tags`]), props and notes, dates, authors, usage, `tuid`, `segtype` and
//! the language code as written; the export puts it back ([`apply_extras`]). Header props and
//! notes are kept with the import ([`ImportBatch`]); the tool/datatype attributes of units are
//! not kept.
//!
//! Each file is one import batch, so [`Project::undo_import`] removes exactly what it added (and
//! puts back what a keep-newest import replaced). Glossaries go into the termbase, one concept
//! per TBX entry or table row.

use std::{
    fs::File,
    io::{BufRead, BufReader, Read},
    path::{Path, PathBuf},
};

use crate::{
    error::{Error, StoreError},
    glossary,
    model::{
        DuplicatePolicy, FileProblem, FileReport, ImportBatch, ImportBatchId, InterchangeOptions,
        LanguageTag, StoredUnit, UndoReport,
    },
    project::{ImportControl, ImportProgress, Project},
    store::{
        BatchCounts, DeferredIndexes, ImportedAnnotation, ImportedConcept, ImportedField,
        ImportedTerm, ImportedUnit, ImportedVariant, StoreTx, UnitExtras, UnitWriter,
    },
    tbx, tmx,
};

/// Where a TMX import stands, as told to its progress callback (every [`PROGRESS_EVERY`] units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TmxImportProgress {
    /// Bytes of the (decompressed) input read so far.
    pub bytes_read: u64,
    /// Units read so far (stored or skipped).
    pub units_read: u64,
}

/// Skipped items listed in a report; a badly broken 150 MB file could otherwise hold millions.
pub const MAX_PROBLEMS_LISTED: usize = 1_000;

/// How often a TMX import reports progress, in units.
pub const PROGRESS_EVERY: u64 = 1_000;

/// The problem reported for a TMX file whose import was cancelled part-way.
const CANCELLED_WHILE_READING: &str =
    "cancelled while reading: nothing from this file was imported";

/// SQLite's page cache during a TMX import: large enough that a big import does not spill
/// pages to the WAL and read them back (measured: see the commit body), small against the
/// 200 MB budget.
const IMPORT_CACHE_MEGABYTES: u32 = 64;

/// Units an import stores before it drops the indexes nothing reads while it appends (see
/// [`DeferredIndexes`]); they are dropped only once the import has added at least as many units
/// as the memory held, so a small import into a large memory never rebuilds them.
#[cfg(not(test))]
pub(crate) const DEFER_INDEXES_AFTER_UNITS: u64 = 20_000;
/// Low in tests, so that imports of a thousand units take the deferred path.
#[cfg(test)]
pub(crate) const DEFER_INDEXES_AFTER_UNITS: u64 = 50;

/// SQLite's default page cache, restored after an import.
const DEFAULT_CACHE_MEGABYTES: u32 = 2;

/// Kinds of file this module imports, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InterchangeKind {
    /// `.tmx`, `.tmx.gz`, `.zip`.
    Tmx,
    /// `.tbx`.
    Tbx,
    /// `.csv`, `.tsv`, `.xlsx`, `.ods`: a glossary table.
    Glossary,
    /// `.xlf`, `.xliff` (and Trados' `.sdlxliff`, memoQ's `.mqxliff`): a bilingual file whose
    /// translated segments go into the memory.
    Xliff,
}

/// The interchange kind of a file, by its name, or `None` for other files. A file named `.xml`
/// (Okapi and Heartsome write such names) is known by its root element: `<tmx>`, `<tbx>`,
/// `<martif>`, `<TBX>` or `<xliff>`.
pub(crate) fn interchange_kind(path: &Path) -> Option<InterchangeKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tmx") || name.ends_with(".tmx.gz") || name.ends_with(".zip") {
        Some(InterchangeKind::Tmx)
    } else if name.ends_with(".tbx") {
        Some(InterchangeKind::Tbx)
    } else if [".xlf", ".xliff", ".sdlxliff", ".mqxliff"].iter().any(|ext| name.ends_with(ext)) {
        Some(InterchangeKind::Xliff)
    } else if glossary::table_format(path).is_some() {
        Some(InterchangeKind::Glossary)
    } else if name.ends_with(".xml") {
        let root = xml_root_element(path)?;
        match root.rsplit(':').next().unwrap_or(&root) {
            "tmx" => Some(InterchangeKind::Tmx),
            "tbx" | "martif" | "TBX" => Some(InterchangeKind::Tbx),
            "xliff" => Some(InterchangeKind::Xliff),
            _ => None,
        }
    } else {
        None
    }
}

/// The name of an XML file's root element, from its first 64 KB (comments and a DOCTYPE may come
/// first), or `None` when the file cannot be read or has no element there.
fn xml_root_element(path: &Path) -> Option<String> {
    let file = File::open(path).ok()?;
    xml_root_of(BufReader::new(file.take(64 * 1024)))
}

/// Whether bytes are an XLIFF file: XML whose root element is `<xliff>` (in any namespace).
pub(crate) fn is_xliff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    xml_root_of(head).is_some_and(|root| root.rsplit(':').next() == Some("xliff"))
}

/// The name of the root element of the XML `input` holds, or `None` without one.
fn xml_root_of(input: impl std::io::BufRead) -> Option<String> {
    let (mut lexer, _) = crate::xml::lexer::Lexer::open(input).ok()?;
    let mut report = crate::xml::lexer::Report::default();
    loop {
        match lexer.next(&mut report) {
            crate::xml::lexer::Token::Start => return Some(lexer.name().to_owned()),
            crate::xml::lexer::Token::Eof => return None,
            _ => {}
        }
    }
}

impl Project {
    /// Imports a TMX file (`.tmx`, `.tmx.gz`, or a `.zip` of `.tmx` files) in one transaction.
    /// Items the reader had to skip are reported in [`FileReport::problems`] with line and
    /// column and do not stop the import; a file that is not TMX, is truncated or cannot be read
    /// to its end changes nothing and says why. Only a database failure is an `Err`.
    pub fn import_tmx_file(
        &mut self,
        path: &Path,
        options: &InterchangeOptions,
    ) -> Result<FileReport, Error> {
        self.import_tmx_file_with_progress(path, options, &mut |_| ImportControl::Continue)
    }

    /// [`Project::import_tmx_file`], calling `progress` every [`PROGRESS_EVERY`] units; when it
    /// answers [`ImportControl::Cancel`], the file is rolled back and the report says so.
    ///
    /// The file is parsed on a second thread while this one stores what it parsed, in chunks
    /// of [`PROGRESS_EVERY`] units through a bounded channel, so memory stays bounded.
    ///
    /// It returns once the import is committed durably. For a large file, the write-ahead
    /// log that holds it is then copied into the database file on a thread of its own (every
    /// reader sees the import at once, other processes may read and write meanwhile, and a crash
    /// loses nothing); [`Project::wait_for_checkpoint`] waits for that copy.
    pub fn import_tmx_file_with_progress(
        &mut self,
        path: &Path,
        options: &InterchangeOptions,
        progress: &mut dyn FnMut(TmxImportProgress) -> ImportControl,
    ) -> Result<FileReport, Error> {
        let shown = path.display().to_string();
        let mut report = empty_report(&shown, "tmx");
        let sources = match open_tmx_sources(path) {
            Ok(sources) => sources,
            Err(problem) => {
                report.problems.push(problem);
                return Ok(report);
            }
        };
        let now = now_timestamp();
        let mut failure: Option<FileProblem> = None;
        let mut problems = Vec::new();
        let mut n_unlisted = 0u64;
        self.store.set_cache_megabytes(IMPORT_CACHE_MEGABYTES)?;
        let store = &mut self.store;
        // Keep-newest deletes the units it replaces (their variants go by cascade), which needs
        // foreign keys and every index; the other policies only append rows that reference
        // rows they just made.
        let appends_only = options.duplicates != DuplicatePolicy::KeepNewest;
        let outcome = std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Parsed>(4);
            let parser = std::thread::Builder::new()
                .name("tmx-parse".to_owned())
                .spawn_scoped(scope, move || {
                    parse_sources(sources, &options.rename_languages, &sender)
                });
            if let Err(error) = parser {
                failure = Some(FileProblem::without_place(format!(
                    "cannot start the TMX reader: {error}"
                )));
            }
            let import = |tx: &StoreTx<'_>| {
                if options.duplicates != DuplicatePolicy::KeepAll {
                    backfill_unit_keys(tx)?;
                }
                let batch = tx.begin_batch(&shown, "tmx", options.duplicates.as_str(), &now)?;
                let mut counts = BatchCounts::default();
                let mut writer = tx.unit_writer()?;
                let mut deferred = DeferredIndexes::default();
                let defer_after =
                    (writer.max_unit_id()?.max(0) as u64).max(DEFER_INDEXES_AFTER_UNITS);
                loop {
                    // A closed channel without `Done` means the parser thread died: roll back.
                    let Ok(parsed) = receiver.recv() else {
                        failure = Some(FileProblem::without_place(
                            "the TMX reader stopped unexpectedly".to_owned(),
                        ));
                        return Err(rollback());
                    };
                    match parsed {
                        Parsed::Chunk { units, skipped, position } => {
                            for unit in units {
                                store_unit(
                                    tx,
                                    &mut writer,
                                    unit,
                                    batch,
                                    options.duplicates,
                                    &now,
                                    &mut counts,
                                )?;
                            }
                            if appends_only
                                && !deferred.is_deferred()
                                && counts.units_added >= defer_after
                            {
                                tx.defer_indexes(&mut deferred, &mut writer)?;
                            }
                            let room = MAX_PROBLEMS_LISTED.saturating_sub(problems.len());
                            n_unlisted += skipped.len().saturating_sub(room) as u64;
                            problems.extend(skipped.into_iter().take(room));
                            if progress(position) == ImportControl::Cancel {
                                failure = Some(FileProblem::without_place(
                                    CANCELLED_WHILE_READING.to_owned(),
                                ));
                                return Err(rollback());
                            }
                        }
                        Parsed::Header(annotations) => {
                            tx.insert_batch_annotations(batch, &annotations)?;
                        }
                        Parsed::Fatal(problem) => {
                            failure = Some(problem);
                            return Err(rollback());
                        }
                        Parsed::Done => break,
                    }
                }
                tx.rebuild_indexes(&mut deferred, &mut writer)?;
                tx.finish_batch(batch, counts, &now)?;
                Ok((batch, counts))
            };
            // The commit is durable; a large import's log is copied into the database on a
            // thread of its own afterwards (see `Project::wait_for_checkpoint`).
            store.write_checkpointing_later(appends_only, import)
            // Leaving the scope drops the receiver, so a parser still running stops at its next
            // send, and joins it.
        });
        self.store.set_cache_megabytes(DEFAULT_CACHE_MEGABYTES)?;
        match outcome {
            Ok((batch, counts)) => {
                report.import_batch = Some(batch);
                report.units_added = counts.units_added;
                report.units_skipped = counts.units_skipped;
                report.units_replaced = counts.units_replaced;
                report.problems = problems;
                if n_unlisted > 0 {
                    report.problems.push(FileProblem::without_place(format!(
                        "{n_unlisted} more skipped items are not listed (only the first {MAX_PROBLEMS_LISTED} are)"
                    )));
                }
            }
            Err(StoreError::Invalid { .. }) if failure.is_some() => {
                report.problems.extend(failure);
            }
            Err(error) => return Err(error.into()),
        }
        Ok(report)
    }

    /// Imports a TBX glossary (v3 `<tbx>` or v2 `<martif>`) into the termbase in one transaction:
    /// one concept per entry, its terms with their status from `administrativeStatus`, its
    /// subject field as category, definitions and notes in the concept, and every other field
    /// (sources, contexts, custom fields, cross-references, transactions) kept at its level with
    /// its group for the export. Skipped items are reported; a file that is not TBX or cannot be
    /// read to its end changes nothing.
    pub fn import_tbx_file(&mut self, path: &Path) -> Result<FileReport, Error> {
        self.import_tbx_file_with_options(path, &InterchangeOptions::default())
    }

    /// [`Project::import_tbx_file`]; with [`InterchangeOptions::approve`] every concept arrives
    /// approved, its terms keeping the file's statuses.
    pub fn import_tbx_file_with_options(
        &mut self,
        path: &Path,
        options: &InterchangeOptions,
    ) -> Result<FileReport, Error> {
        let review_status = if options.approve { "approved" } else { "candidate" };
        let shown = path.display().to_string();
        let mut report = empty_report(&shown, "tbx");
        let input = match File::open(path) {
            Ok(file) => BufReader::new(file),
            Err(error) => {
                report.problems.push(FileProblem {
                    line: None,
                    column: None,
                    message: format!("cannot read the file: {error}"),
                });
                return Ok(report);
            }
        };
        let mut concepts = match tbx::read(input) {
            Ok(concepts) => concepts,
            Err(error) => {
                report.problems.push(problem_from_tbx_error(&error));
                return Ok(report);
            }
        };
        let now = now_timestamp();
        let mut failure: Option<FileProblem> = None;
        let mut problems = Vec::new();
        let outcome = self.store.write(|tx| {
            let batch = tx.begin_batch(&shown, "tbx", "", &now)?;
            let mut counts = BatchCounts::default();
            for concept in concepts.by_ref() {
                let imported = imported_concept(&concept);
                if imported.terms.is_empty() {
                    problems.push(FileProblem {
                        line: None,
                        column: None,
                        message: format!(
                            "concept {} has no term; skipped",
                            concept.id.as_deref().unwrap_or("without id")
                        ),
                    });
                    continue;
                }
                let (_, n_ignored) =
                    tx.insert_concept(&imported, batch, reviewed(&imported, review_status), &now)?;
                if n_ignored > 0 {
                    problems.push(FileProblem {
                        line: None,
                        column: None,
                        message: format!(
                            "concept {}: {n_ignored} repeated terms kept once",
                            concept.id.as_deref().unwrap_or("without id")
                        ),
                    });
                }
                counts.concepts_added += 1;
            }
            let skipped = match concepts.finish() {
                Ok(skipped) => skipped,
                Err(error) => {
                    failure = Some(problem_from_tbx_error(&error));
                    return Err(rollback());
                }
            };
            for skipped in skipped {
                if let Some(problem) = fatal_problem(&skipped, "") {
                    failure = Some(problem);
                    return Err(rollback());
                }
                problems.push(problem_from_skipped(&skipped, ""));
            }
            tx.finish_batch(batch, counts, &now)?;
            if options.approve {
                approve_on_import(tx, batch, counts, &now)?;
            }
            Ok((batch, counts))
        });
        match outcome {
            Ok((batch, counts)) => {
                report.import_batch = Some(batch);
                report.concepts_added = counts.concepts_added;
                report.problems = problems;
            }
            Err(StoreError::Invalid { .. }) if failure.is_some() => {
                report.problems.extend(failure);
            }
            Err(error) => return Err(error.into()),
        }
        Ok(report)
    }

    /// Imports a glossary table into the termbase in one transaction: `.csv` comma-separated or
    /// `.tsv` tab-separated text (UTF-8, UTF-16 or GB18030), or an `.xlsx` or `.ods` workbook,
    /// of which the first worksheet whose header row names a language column is imported. The
    /// header row (the first non-empty row) names the columns: language codes (`zh`, `en`,
    /// `zh-Hant`, …) hold terms, and `status`, `category`, `note`, `definition` are optional.
    /// Each row is one concept; a cell may hold several terms separated by `;` or `；`.
    /// Problems are reported with line (a workbook's row number) and column; a file without a
    /// language column, or that cannot be read, changes nothing.
    pub fn import_glossary_table(&mut self, path: &Path) -> Result<FileReport, Error> {
        self.import_glossary_table_with_options(path, &InterchangeOptions::default())
    }

    /// [`Project::import_glossary_table`]; with [`InterchangeOptions::approve`] every concept
    /// arrives approved, its terms keeping the file's statuses.
    pub fn import_glossary_table_with_options(
        &mut self,
        path: &Path,
        options: &InterchangeOptions,
    ) -> Result<FileReport, Error> {
        let review_status = if options.approve { "approved" } else { "candidate" };
        let shown = path.display().to_string();
        let mut report = empty_report(&shown, "glossary");
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                report
                    .problems
                    .push(FileProblem::without_place(format!("cannot read the file: {error}")));
                return Ok(report);
            }
        };
        let format = glossary::table_format(path).unwrap_or(glossary::TableFormat::Csv);
        let (concepts, problems) = match glossary::glossary_concepts(&bytes, format) {
            Ok(parsed) => parsed,
            Err(problem) => {
                report.problems.push(problem);
                return Ok(report);
            }
        };
        let now = now_timestamp();
        let (batch, counts) = self.store.write(|tx| {
            let batch = tx.begin_batch(&shown, "glossary", "", &now)?;
            let mut counts = BatchCounts::default();
            for concept in &concepts {
                tx.insert_concept(concept, batch, reviewed(concept, review_status), &now)?;
                counts.concepts_added += 1;
            }
            tx.finish_batch(batch, counts, &now)?;
            if options.approve {
                approve_on_import(tx, batch, counts, &now)?;
            }
            Ok((batch, counts))
        })?;
        report.import_batch = Some(batch);
        report.concepts_added = counts.concepts_added;
        report.problems = problems;
        Ok(report)
    }

    /// Imports files and folders like [`Project::import_paths_with_progress`] (folders walked
    /// recursively in name order, hidden entries and unsupported files in folders passed over),
    /// with `options` applied to the TMX and TBX files among them.
    pub fn import_paths_with_options(
        &mut self,
        paths: &[PathBuf],
        options: &InterchangeOptions,
        progress: &mut dyn FnMut(ImportProgress<'_>) -> ImportControl,
    ) -> Result<Vec<FileReport>, Error> {
        let files = importable_files(paths);
        let n_files = files.len();
        let mut reports = Vec::new();
        for (file_idx, (path, named)) in files.iter().enumerate() {
            let control = progress(ImportProgress {
                done: file_idx,
                total: n_files,
                current: path,
                within_file: None,
                file_bytes: None,
            });
            if control == ImportControl::Cancel {
                let kind_name = match interchange_kind(path) {
                    Some(InterchangeKind::Tbx) => "tbx",
                    Some(InterchangeKind::Glossary) => "glossary",
                    Some(InterchangeKind::Tmx) => "tmx",
                    Some(InterchangeKind::Xliff) => "xliff",
                    None => "article",
                };
                let mut report = empty_report(&path.display().to_string(), kind_name);
                report.problems.push(FileProblem::without_place(
                    "cancelled before it was imported".to_owned(),
                ));
                reports.push(report);
                continue;
            }
            let position = (file_idx, n_files);
            if let Some(report) = self.import_one_file(path, *named, options, position, progress)? {
                reports.push(report);
            }
        }
        Ok(reports)
    }

    /// Imports the translated segments of an XLIFF 1.2 or 2.x file into the memory in one
    /// transaction, one unit per segment with a target (source and target language from the
    /// file), under the duplicate policy; inline codes are left out of the stored texts. The
    /// import is one batch, recorded as a memory (`tmx`) import, so `undo_import` takes it back.
    /// A file that is not XLIFF changes nothing and says why, with line and column.
    pub fn import_xliff_file(
        &mut self,
        path: &Path,
        options: &InterchangeOptions,
    ) -> Result<FileReport, Error> {
        let shown = path.display().to_string();
        let mut report = empty_report(&shown, "xliff");
        let document = match File::open(path)
            .map_err(crate::xliff::ReadError::Io)
            .and_then(|file| crate::xliff::read(BufReader::new(file)))
        {
            Ok(document) => document,
            Err(error) => {
                let (line, column) = match &error {
                    crate::xliff::ReadError::NotXml { line, column, .. }
                    | crate::xliff::ReadError::NotXliff { line, column, .. } => {
                        (Some(*line), Some(*column))
                    }
                    crate::xliff::ReadError::Io(_) => (None, None),
                };
                report.problems.push(FileProblem { line, column, message: error.to_string() });
                return Ok(report);
            }
        };
        report.problems = document
            .skipped
            .iter()
            .take(MAX_PROBLEMS_LISTED)
            .map(|skipped| FileProblem {
                line: Some(skipped.line),
                column: Some(skipped.column),
                message: skipped.message.clone(),
            })
            .collect();
        let source_lang = renamed(&document.source_lang, &options.rename_languages);
        let Some(target_lang) =
            document.target_lang.as_ref().map(|lang| renamed(lang, &options.rename_languages))
        else {
            report.problems.push(FileProblem::without_place(
                "the file names no target language; nothing was imported".to_owned(),
            ));
            return Ok(report);
        };
        let language =
            |tag: &LanguageTag| tmx::Language { tag: tag.clone(), original: tag.to_string() };
        let units: Vec<ImportedUnit> = document
            .segments()
            .filter(|segment| !segment.ignorable)
            .filter_map(|segment| {
                let source = segment.source.plain_text();
                let target = segment.target.as_ref()?.plain_text();
                if source.trim().is_empty() || target.trim().is_empty() {
                    return None;
                }
                let variant = |lang: &LanguageTag, text: &str| tmx::Variant {
                    lang: language(lang),
                    metadata: tmx::Metadata::default(),
                    props: Vec::new(),
                    notes: Vec::new(),
                    segment: tmx::Segment::plain(text.trim()),
                };
                let unit = tmx::Unit {
                    source_lang: Some(tmx::SourceLanguage::Language(language(&source_lang))),
                    variants: vec![variant(&source_lang, &source), variant(&target_lang, &target)],
                    ..tmx::Unit::default()
                };
                Some(imported_unit(unit, None))
            })
            .collect();
        let now = now_timestamp();
        let (batch, counts) = self.store.write(|tx| {
            if options.duplicates != DuplicatePolicy::KeepAll {
                backfill_unit_keys(tx)?;
            }
            let batch = tx.begin_batch(&shown, "tmx", options.duplicates.as_str(), &now)?;
            let mut counts = BatchCounts::default();
            let mut writer = tx.unit_writer()?;
            for unit in units {
                store_unit(tx, &mut writer, unit, batch, options.duplicates, &now, &mut counts)?;
            }
            tx.finish_batch(batch, counts, &now)?;
            Ok((batch, counts))
        })?;
        report.import_batch = Some(batch);
        report.units_added = counts.units_added;
        report.units_skipped = counts.units_skipped;
        report.units_replaced = counts.units_replaced;
        Ok(report)
    }

    /// Every TMX and TBX import, oldest first, undone ones included.
    pub fn imports(&self) -> Result<Vec<ImportBatch>, Error> {
        Ok(self.store.import_batches()?)
    }

    /// Removes exactly what an import added (its units with their variants, props and notes;
    /// its concepts with their terms), in one transaction. Units it replaced under the
    /// keep-newest policy are put back (with new ids) into the import they came from, unless
    /// that import was undone meanwhile.
    pub fn undo_import(&mut self, batch: ImportBatchId) -> Result<UndoReport, Error> {
        let now = now_timestamp();
        let undone = self.store.write(|tx| {
            let mut undone = tx.undo_import_batch(batch, &now)?;
            if let Some(undone) = &mut undone {
                for replaced in tx.take_replaced_units(batch)? {
                    if replaced.original_undone {
                        continue;
                    }
                    let read_options = tmx::ReadOptions { min_languages: 1, ..Default::default() };
                    let Ok(document) = tmx::read_all(replaced.tmx.as_bytes(), &read_options) else {
                        continue;
                    };
                    for unit in document.units {
                        let restored = imported_unit(unit, None);
                        tx.insert_imported_unit(&restored, replaced.original_batch, &now)?;
                        undone.units_restored += 1;
                    }
                }
                let detail = format!(
                    "removed {} units, {} concepts; restored {} replaced units",
                    undone.units_removed, undone.concepts_removed, undone.units_restored
                );
                tx.insert_audit(&now, "import-undone", ("import_batch", batch.0), &detail)?;
            }
            Ok(undone)
        })?;
        undone.ok_or(Error::NotFound { what: format!("import {} (or it was undone)", batch.0) })
    }
}

/// Records in the audit log that an import's concepts arrived approved.
fn approve_on_import(
    tx: &StoreTx<'_>,
    batch: ImportBatchId,
    counts: BatchCounts,
    now: &str,
) -> Result<(), StoreError> {
    let detail = format!("{} concepts approved on import", counts.concepts_added);
    tx.insert_audit(now, "approved-on-import", ("import_batch", batch.0), &detail)
}

/// Marks a transaction for rollback because the file failed; the reason is kept by the caller.
fn rollback() -> StoreError {
    StoreError::Invalid { message: "the file was rolled back".to_owned() }
}

fn empty_report(path: &str, kind: &str) -> FileReport {
    let mut report = FileReport::failed(path, kind, String::new());
    report.problems.clear();
    report
}

/// Stores one unit under the duplicate policy, updating the counts.
fn store_unit(
    tx: &StoreTx<'_>,
    writer: &mut UnitWriter<'_>,
    unit: ImportedUnit,
    batch: ImportBatchId,
    policy: DuplicatePolicy,
    now: &str,
    counts: &mut BatchCounts,
) -> Result<(), StoreError> {
    match policy {
        DuplicatePolicy::KeepAll => {}
        DuplicatePolicy::SkipIdentical => {
            let legacy_identical = match unit.legacy_keys {
                Some((source_key, content_key)) => writer.has_identical(source_key, content_key)?,
                None => false,
            };
            if legacy_identical || writer.has_identical(unit.source_key, unit.content_key)? {
                counts.units_skipped += 1;
                return Ok(());
            }
        }
        DuplicatePolicy::KeepNewest => {
            let mut stored = tx.units_with_source_key(unit.source_key)?;
            if let Some((legacy_source_key, _)) = unit.legacy_keys {
                stored.extend(tx.units_with_source_key(legacy_source_key)?);
                stored.sort_unstable();
                stored.dedup();
            }
            if !stored.is_empty() {
                // A unit without dates is not newer than anything.
                let incoming = unit.changed_at.as_deref().or(unit.created_at.as_deref());
                let newer = incoming.is_some_and(|incoming| {
                    stored.iter().all(|(_, stored_date)| {
                        match (parse_timestamp(incoming), parse_timestamp(stored_date)) {
                            (Some(incoming), Some(stored)) => incoming > stored,
                            _ => false,
                        }
                    })
                });
                if !newer {
                    counts.units_skipped += 1;
                    return Ok(());
                }
                for (unit_id, _) in &stored {
                    let unit_id = crate::model::UnitId(*unit_id);
                    archive_unit(tx, unit_id, batch)?;
                    tx.delete_unit(unit_id)?;
                    counts.units_replaced += 1;
                }
            }
        }
    }
    writer.append(unit, Some(batch), now)?;
    counts.units_added += 1;
    Ok(())
}

/// Keeps a unit about to be replaced by `batch` as a one-unit TMX document, so that undoing
/// `batch` can put it back exactly as it was exported.
fn archive_unit(
    tx: &StoreTx<'_>,
    unit_id: crate::model::UnitId,
    batch: ImportBatchId,
) -> Result<(), StoreError> {
    let Some((stored, extras, original_batch)) = tx.stored_unit(unit_id)? else { return Ok(()) };
    let unit = tmx_unit(stored, Some(&extras));
    let mut document = Vec::new();
    let options = tmx::WriteOptions { doctype: false, ..tmx::WriteOptions::default() };
    tmx::write(&mut document, &tmx::Header::default(), [unit], &options)
        .map_err(|error| StoreError::Invalid { message: error.to_string() })?;
    let document = String::from_utf8_lossy(&document);
    tx.archive_replaced_unit(batch, original_batch, &document)
}

fn parse_timestamp(text: &str) -> Option<jiff::Timestamp> {
    text.parse().ok()
}

/// What the parser thread sends to the storing thread.
enum Parsed {
    /// Up to [`PROGRESS_EVERY`] units, the items skipped while reading them, and where the
    /// reading stands.
    Chunk { units: Vec<ImportedUnit>, skipped: Vec<FileProblem>, position: TmxImportProgress },
    /// The header props and notes of a TMX file (or zip member) just opened.
    Header(Vec<ImportedAnnotation>),
    /// The file cannot be imported (not TMX, truncated, unreadable): roll back.
    Fatal(FileProblem),
    /// Every source was read.
    Done,
}

/// Reads every source and sends its units in chunks; stops when the receiver is gone.
fn parse_sources(
    sources: Vec<TmxSource>,
    renames: &[(LanguageTag, LanguageTag)],
    sender: &std::sync::mpsc::SyncSender<Parsed>,
) {
    let n_sources = sources.len();
    let mut n_tmx_members = 0usize;
    let mut n_read = 0u64;
    let mut bytes_read = 0u64;
    let mut member_problems = Vec::new();
    for source in sources {
        let prefix = source.member.as_ref().map(|name| format!("{name}: ")).unwrap_or_default();
        let mut archive = None;
        let input = match source.open(&mut archive) {
            Ok(input) => input,
            Err(message) => {
                member_problems.push(FileProblem::without_place(format!("{prefix}{message}")));
                continue;
            }
        };
        let mut units = match tmx::read(input, &tmx::ReadOptions::default()) {
            Ok(units) => units,
            Err(error) => {
                let problem = problem_from_tmx_error(&error, &prefix);
                if n_sources == 1 {
                    let _ = sender.send(Parsed::Fatal(problem));
                    return;
                }
                member_problems.push(problem);
                continue;
            }
        };
        n_tmx_members += 1;
        let header = units.header();
        let header_annotations = annotations_from(header.props.clone(), header.notes.clone());
        if !header_annotations.is_empty()
            && sender.send(Parsed::Header(header_annotations)).is_err()
        {
            return;
        }
        let header_source = match &units.header().source_lang {
            tmx::SourceLanguage::Language(language) => Some(renamed(&language.tag, renames)),
            tmx::SourceLanguage::All => None,
        };
        loop {
            let mut chunk = Vec::with_capacity(PROGRESS_EVERY as usize);
            let mut at_end = false;
            // A chunk also ends when many items were skipped, so a file of broken units never
            // piles its problems up here.
            while chunk.len() < PROGRESS_EVERY as usize
                && units.skipped().len() < PROGRESS_EVERY as usize
            {
                match units.next() {
                    Some(mut unit) => {
                        rename_unit_languages(&mut unit, renames);
                        chunk.push(imported_unit(unit, header_source.as_ref()));
                    }
                    None => {
                        at_end = true;
                        break;
                    }
                }
            }
            n_read += chunk.len() as u64;
            let mut skipped = std::mem::take(&mut member_problems);
            for item in units.take_skipped() {
                if let Some(problem) = fatal_problem(&item, &prefix) {
                    let _ = sender.send(Parsed::Fatal(problem));
                    return;
                }
                skipped.push(problem_from_skipped(&item, &prefix));
            }
            bytes_read = units.bytes_read();
            let position = TmxImportProgress { bytes_read, units_read: n_read };
            if sender.send(Parsed::Chunk { units: chunk, skipped, position }).is_err() {
                return;
            }
            if at_end {
                break;
            }
        }
        match units.finish() {
            Ok(rest) => {
                for item in rest {
                    if let Some(problem) = fatal_problem(&item, &prefix) {
                        let _ = sender.send(Parsed::Fatal(problem));
                        return;
                    }
                    member_problems.push(problem_from_skipped(&item, &prefix));
                }
            }
            Err(error) => {
                let _ = sender.send(Parsed::Fatal(problem_from_tmx_error(&error, &prefix)));
                return;
            }
        }
    }
    if n_tmx_members == 0 {
        let _ = sender.send(Parsed::Fatal(FileProblem::without_place(
            "no member of the archive is a TMX file".to_owned(),
        )));
        return;
    }
    if !member_problems.is_empty() {
        let position = TmxImportProgress { bytes_read, units_read: n_read };
        let chunk = Parsed::Chunk { units: Vec::new(), skipped: member_problems, position };
        if sender.send(chunk).is_err() {
            return;
        }
    }
    let _ = sender.send(Parsed::Done);
}

/// One TMX input: the file itself (plain or gzip) or a member of a zip archive.
struct TmxSource {
    path: PathBuf,
    gzip: bool,
    /// The member's name and index, for a zip archive.
    member: Option<String>,
    member_idx: usize,
}

impl TmxSource {
    /// Opens the input; a zip member borrows its archive, which `archive` holds meanwhile.
    fn open<'a>(
        &self,
        archive: &'a mut Option<zip::ZipArchive<File>>,
    ) -> Result<Box<dyn BufRead + Send + 'a>, String> {
        let file =
            File::open(&self.path).map_err(|error| format!("cannot read the file: {error}"))?;
        if self.member.is_some() {
            let opened = archive.insert(
                zip::ZipArchive::new(file)
                    .map_err(|error| format!("cannot read the zip archive: {error}"))?,
            );
            let member = opened
                .by_index(self.member_idx)
                .map_err(|error| format!("cannot read the zip member: {error}"))?;
            let compressed = member.compressed_size();
            return Ok(Box::new(BufReader::with_capacity(
                1 << 16,
                crate::xml::input::InflationLimit::new(member, compressed),
            )));
        }
        if self.gzip {
            let compressed = file.metadata().map(|meta| meta.len()).unwrap_or(0);
            return Ok(Box::new(BufReader::with_capacity(
                1 << 16,
                crate::xml::input::InflationLimit::new(
                    flate2::read::MultiGzDecoder::new(BufReader::new(file)),
                    compressed,
                ),
            )));
        }
        Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
    }
}

/// The inputs of a TMX file: itself, or the `.tmx` members of a zip archive.
fn open_tmx_sources(path: &Path) -> Result<Vec<TmxSource>, FileProblem> {
    let mut file = File::open(path)
        .map_err(|error| FileProblem::without_place(format!("cannot read the file: {error}")))?;
    let mut magic = [0u8; 4];
    let n = file
        .read(&mut magic)
        .map_err(|error| FileProblem::without_place(format!("cannot read the file: {error}")))?;
    let magic = &magic[..n];
    let source = |gzip| TmxSource { path: path.to_path_buf(), gzip, member: None, member_idx: 0 };
    if magic.starts_with(&[0x1f, 0x8b]) {
        return Ok(vec![source(true)]);
    }
    if magic.starts_with(b"PK\x03\x04") || magic.starts_with(b"PK\x05\x06") {
        let file = File::open(path).map_err(|error| {
            FileProblem::without_place(format!("cannot read the file: {error}"))
        })?;
        let mut archive = zip::ZipArchive::new(file).map_err(|error| {
            FileProblem::without_place(format!("cannot read the zip archive: {error}"))
        })?;
        let mut members = Vec::new();
        for idx in 0..archive.len() {
            let Ok(member) = archive.by_index(idx) else { continue };
            let Ok(name) = member.name().map(|name| name.into_owned()) else { continue };
            if member.is_file() && name.to_ascii_lowercase().ends_with(".tmx") {
                members.push(TmxSource {
                    path: path.to_path_buf(),
                    gzip: false,
                    member: Some(name),
                    member_idx: idx,
                });
            }
        }
        if members.is_empty() {
            return Err(FileProblem::without_place(
                "the zip archive holds no .tmx file".to_owned(),
            ));
        }
        return Ok(members);
    }
    Ok(vec![source(false)])
}

fn problem_from_tmx_error(error: &tmx::ReadError, prefix: &str) -> FileProblem {
    let (line, column) = match error {
        tmx::ReadError::NotXml { line, column, .. }
        | tmx::ReadError::NotTmx { line, column, .. } => (Some(*line), Some(*column)),
        tmx::ReadError::Io(_) => (None, None),
    };
    FileProblem { line, column, message: format!("{prefix}{error}") }
}

fn problem_from_tbx_error(error: &tbx::ReadError) -> FileProblem {
    let (line, column) = match error {
        tbx::ReadError::NotXml { line, column, .. }
        | tbx::ReadError::NotTbx { line, column, .. } => (Some(*line), Some(*column)),
        tbx::ReadError::Io(_) => (None, None),
    };
    FileProblem { line, column, message: error.to_string() }
}

fn problem_from_skipped(skipped: &tmx::Skipped, prefix: &str) -> FileProblem {
    FileProblem {
        line: Some(skipped.line),
        column: Some(skipped.column),
        message: format!("{prefix}{}", skipped.message),
    }
}

/// A skipped item that means the file did not arrive whole: it ended inside an element
/// (truncated download, disk full), or reading it stopped (an error of the disk, a limit
/// against decompression bombs). Such a file is rolled back rather than half imported.
/// The reader reports this only as text; the tests `truncated_tmx_changes_nothing_and_says_where`
/// and `decompression_bombs_are_refused_in_bounded_memory` fail if its wording changes.
fn fatal_problem(skipped: &tmx::Skipped, prefix: &str) -> Option<FileProblem> {
    let message = &skipped.message;
    (message.starts_with("the file ends inside") || message.starts_with("reading stopped"))
        .then(|| problem_from_skipped(skipped, prefix))
}

/// A TMX unit as stored: texts with placeholders, tags encoded beside them, dates as RFC 3339.
/// Takes the unit by value: its strings move into the stored unit rather than being copied,
/// which is most of what this costs the TMX reader's thread.
fn imported_unit(
    unit: tmx::Unit,
    header_source: Option<&crate::model::LanguageTag>,
) -> ImportedUnit {
    let date = |timestamp: Option<jiff::Timestamp>| timestamp.map(tmx::date::rfc3339);
    let source_lang = match unit.source_lang {
        Some(tmx::SourceLanguage::Language(language)) => Some(language.tag),
        Some(tmx::SourceLanguage::All) => None,
        None => header_source.cloned(),
    };
    let source_variant = source_lang
        .as_ref()
        .and_then(|lang| {
            unit.variants.iter().find(|variant| &variant.lang.tag == lang).or_else(|| {
                unit.variants.iter().find(|variant| variant.lang.tag.primary() == lang.primary())
            })
        })
        .or(unit.variants.first());
    // The (language, text) pairs of a unit of a few variants, nearly every unit, on the stack.
    fn pair(variant: &tmx::Variant) -> (&LanguageTag, &str) {
        (&variant.lang.tag, variant.segment.text.as_str())
    }
    let pairs_on_heap: Vec<(&LanguageTag, &str)>;
    let mut pairs_on_stack;
    let variants: &[(&LanguageTag, &str)] = match unit.variants.as_slice() {
        [] => &[],
        [first, ..] if unit.variants.len() <= 4 => {
            pairs_on_stack = [pair(first); 4];
            for (slot, variant) in pairs_on_stack.iter_mut().zip(&unit.variants) {
                *slot = pair(variant);
            }
            &pairs_on_stack[..unit.variants.len()]
        }
        all => {
            pairs_on_heap = all.iter().map(pair).collect();
            &pairs_on_heap
        }
    };
    let source = source_variant.map(pair);
    let (source_key, content_key) = unit_keys(source, variants, LanguageTag::equivalence_class);
    let legacy_keys = unit_keys(source, variants, LanguageTag::as_str);
    // Pushed into a vector of the right size: collecting in place would reuse the memory of the
    // read variants and then shrink it, a copy per unit.
    let mut stored_variants = Vec::with_capacity(unit.variants.len());
    stored_variants.extend(unit.variants.into_iter().map(|variant| ImportedVariant {
        lang: variant.lang.tag.into_string(),
        lang_original: variant.lang.original,
        inline_tags: (!variant.segment.tags.is_empty()).then(|| encode_tags(&variant.segment.tags)),
        text: variant.segment.text,
        created_at: date(variant.metadata.creation_date),
        created_by: variant.metadata.creation_id,
        changed_at: date(variant.metadata.change_date),
        changed_by: variant.metadata.change_id,
        usage_count: variant.metadata.usage_count,
        last_used_at: date(variant.metadata.last_usage_date),
        annotations: annotations_from(variant.props, variant.notes),
    }));
    ImportedUnit {
        legacy_keys: (legacy_keys != (source_key, content_key)).then_some(legacy_keys),
        tuid: unit.tuid,
        source_lang: source_lang.map(LanguageTag::into_string),
        segment_type: unit.segment_type,
        created_at: date(unit.metadata.creation_date),
        created_by: unit.metadata.creation_id,
        changed_at: date(unit.metadata.change_date),
        changed_by: unit.metadata.change_id,
        usage_count: unit.metadata.usage_count,
        last_used_at: date(unit.metadata.last_usage_date),
        content_key,
        source_key,
        annotations: annotations_from(unit.props, unit.notes),
        variants: stored_variants,
    }
}

/// A unit's duplicate keys `(source_key, content_key)`: the content key hashes every (language,
/// text) pair in sorted order, the source key the source variant and the set of languages (an
/// en→fr unit never replaces an en→de one). `lang` says how languages are compared: by
/// [`LanguageTag::equivalence_class`] for the keys stored now, as written for older ones.
fn unit_keys<'a>(
    source: Option<(&'a LanguageTag, &'a str)>,
    variants: &[(&'a LanguageTag, &'a str)],
    lang: fn(&'a LanguageTag) -> &'a str,
) -> (i64, i64) {
    // Units of a few languages, nearly all of them, sort their pairs on the stack: this runs
    // twice for every unit a TMX import reads.
    let mut on_stack = [("", ""); 4];
    let mut on_heap = Vec::new();
    let pairs: &mut [(&str, &str)] = if variants.len() <= on_stack.len() {
        for (slot, (tag, text)) in on_stack.iter_mut().zip(variants) {
            *slot = (lang(tag), *text);
        }
        &mut on_stack[..variants.len()]
    } else {
        on_heap.extend(variants.iter().map(|(tag, text)| (lang(tag), *text)));
        &mut on_heap
    };
    pairs.sort_unstable();
    let content_key = key_of(pairs.iter().flat_map(|(lang, text)| [*lang, *text]));
    // The languages of the sorted pairs, each once.
    let languages = pairs
        .iter()
        .enumerate()
        .filter(|(idx, (lang, _))| *idx == 0 || pairs[idx - 1].0 != *lang)
        .map(|(_, (lang, _))| *lang);
    let source_key = key_of(
        source
            .map(|(tag, text)| [lang(tag), text])
            .unwrap_or(["", ""])
            .into_iter()
            .chain(languages),
    );
    (source_key, content_key)
}

/// Gives the units stored without duplicate keys (aligned from articles, confirmed in the
/// editor) their keys, so that an import finds them: a memory exported to another tool and
/// imported back then adds nothing. Each unit is keyed once; later imports find none left.
fn backfill_unit_keys(tx: &StoreTx<'_>) -> Result<(), StoreError> {
    for (unit_id, source_lang, variants) in tx.units_without_keys()? {
        let source_lang = source_lang.map(|lang| LanguageTag::parse(&lang));
        let variants: Vec<(LanguageTag, String)> =
            variants.into_iter().map(|(lang, text)| (LanguageTag::parse(&lang), text)).collect();
        let variants: Vec<(&LanguageTag, &str)> =
            variants.iter().map(|(lang, text)| (lang, text.as_str())).collect();
        let source = source_lang
            .as_ref()
            .and_then(|source_lang| {
                variants.iter().find(|(lang, _)| *lang == source_lang).or_else(|| {
                    variants.iter().find(|(lang, _)| lang.primary() == source_lang.primary())
                })
            })
            .or(variants.first())
            .copied();
        let (source_key, content_key) =
            unit_keys(source, &variants, LanguageTag::equivalence_class);
        tx.set_unit_keys(unit_id, source_key, content_key)?;
    }
    Ok(())
}

/// `lang` as `renames` (from → to) says to store it.
fn renamed(lang: &LanguageTag, renames: &[(LanguageTag, LanguageTag)]) -> LanguageTag {
    renames.iter().find(|(from, _)| from == lang).map_or_else(|| lang.clone(), |(_, to)| to.clone())
}

/// Applies `renames` to a unit's source language and variants; the code as written in the file
/// stays in `original`.
fn rename_unit_languages(unit: &mut tmx::Unit, renames: &[(LanguageTag, LanguageTag)]) {
    if renames.is_empty() {
        return;
    }
    if let Some(tmx::SourceLanguage::Language(language)) = &mut unit.source_lang {
        language.tag = renamed(&language.tag, renames);
    }
    for variant in &mut unit.variants {
        variant.lang.tag = renamed(&variant.lang.tag, renames);
    }
}

/// Props then notes, as stored; taken by value so that their strings move.
fn annotations_from(props: Vec<tmx::Prop>, notes: Vec<tmx::Note>) -> Vec<ImportedAnnotation> {
    if props.is_empty() && notes.is_empty() {
        return Vec::new();
    }
    let mut annotations = Vec::with_capacity(props.len() + notes.len());
    annotations.extend(props.into_iter().map(|prop| ImportedAnnotation {
        kind: "prop",
        prop_type: Some(prop.kind),
        lang: prop.lang.map(|lang| lang.tag.into_string()),
        o_encoding: prop.o_encoding,
        value: prop.value,
    }));
    annotations.extend(notes.into_iter().map(|note| ImportedAnnotation {
        kind: "note",
        prop_type: None,
        lang: note.lang.map(|lang| lang.tag.into_string()),
        o_encoding: note.o_encoding,
        value: note.text,
    }));
    annotations
}

/// A 64-bit key of a sequence of strings: their XXH3-64 hash, each string length-prefixed so
/// that `("ab", "c")` and `("a", "bc")` differ. XXH3 is a fixed, specified algorithm, so keys
/// stored by one version match those computed by the next; it is about ten times faster than
/// the SHA-256 it replaced, which took a fifth of the TMX reader thread.
///
/// The parts of a unit of sentences, nearly every unit, are laid out on the stack and hashed
/// in one call, which costs less than feeding a streaming hasher part by part (two keys of each
/// kind are made for every unit an import reads); XXH3 gives the same hash for the same bytes
/// either way. Longer units stream.
fn key_of<'a>(parts: impl IntoIterator<Item = &'a str>) -> i64 {
    let mut laid_out = [0u8; 1024];
    let mut n_laid_out = 0;
    let mut hasher: Option<xxhash_rust::xxh3::Xxh3Default> = None;
    for part in parts {
        let length = (part.len() as u64).to_le_bytes();
        let end = n_laid_out + length.len() + part.len();
        match &mut hasher {
            None if end <= laid_out.len() => {
                laid_out[n_laid_out..n_laid_out + length.len()].copy_from_slice(&length);
                laid_out[n_laid_out + length.len()..end].copy_from_slice(part.as_bytes());
                n_laid_out = end;
            }
            streaming => {
                let hasher = streaming.get_or_insert_with(|| {
                    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
                    hasher.update(&laid_out[..n_laid_out]);
                    hasher
                });
                hasher.update(&length);
                hasher.update(part.as_bytes());
            }
        }
    }
    match hasher {
        Some(hasher) => hasher.digest() as i64,
        None => xxhash_rust::xxh3::xxh3_64(&laid_out[..n_laid_out]) as i64,
    }
}

/// A TBX concept as stored: the status of each term mapped, definitions and notes joined, the
/// subject field as category, and every other field kept (`concept_field`) at its level with its
/// group. A field a column holds leaves a placeholder without text that keeps its place and group.
fn imported_concept(concept: &tbx::Concept) -> ImportedConcept {
    use tbx::FieldElement;
    /// `field` and its group as kept; `in_column`: its text is stored in a column.
    fn kept(field: &tbx::Field, in_column: bool) -> ImportedField {
        ImportedField {
            element: field.element.name(),
            kind: field.kind.clone(),
            value: (!in_column).then(|| field.value.clone()),
            target: field.target.clone(),
            related: field.related.iter().map(|member| kept(member, false)).collect(),
        }
    }
    let has_text = |field: &tbx::Field| !field.value.trim().is_empty();
    let is_definition = |field: &tbx::Field| {
        field.element == FieldElement::Descrip && field.kind == "definition" && has_text(field)
    };
    let is_note = |field: &tbx::Field| field.element == FieldElement::Note && has_text(field);
    let is_forbidden_note = |field: &tbx::Field| {
        field.element == FieldElement::Note && field.value.trim().eq_ignore_ascii_case("forbidden")
    };
    // Columns join values with line breaks, so a value's own (an XML file's wrapping) become
    // spaces: the export splits the column back into its values.
    let one_line = |field: &tbx::Field| -> String {
        let lines: Vec<&str> =
            field.value.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
        lines.join(" ")
    };
    let mut definitions = Vec::new();
    let mut notes = Vec::new();
    for field in &concept.fields {
        if is_definition(field) {
            definitions.push(one_line(field));
        } else if is_note(field) {
            notes.push(one_line(field));
        }
    }
    let mut section_fields = Vec::new();
    for section in &concept.languages {
        for field in &section.fields {
            if is_definition(field) {
                definitions.push(format!("[{}] {}", section.lang.tag, one_line(field)));
            } else if is_note(field) {
                notes.push(format!("[{}] {}", section.lang.tag, one_line(field)));
            }
        }
        if !section.fields.is_empty() {
            let fields = section
                .fields
                .iter()
                .map(|field| kept(field, is_definition(field) || is_note(field)))
                .collect();
            section_fields.push((section.lang.tag.to_string(), fields));
        }
    }
    let category_field = ["x-tessera-category", "subjectField"].into_iter().find_map(|kind| {
        concept.fields.iter().position(|field| {
            field.element == FieldElement::Descrip && field.kind == kind && has_text(field)
        })
    });
    let category = category_field
        .and_then(|idx| concept.fields.get(idx))
        .map_or_else(|| "other".to_owned(), |field| field.value.trim().to_owned());
    let fields = concept
        .fields
        .iter()
        .enumerate()
        .map(|(idx, field)| {
            kept(field, Some(idx) == category_field || is_definition(field) || is_note(field))
        })
        .collect();
    let terms = concept
        .languages
        .iter()
        .flat_map(|section| {
            section.terms.iter().filter(|term| !term.text.trim().is_empty()).map(|term| {
                let status = term.status();
                // The field `Term::status` read, and the notes that make deprecated forbidden.
                let status_field = status.and_then(|_| {
                    ["administrativeStatus", "normativeAuthorization"].into_iter().find_map(
                        |kind| {
                            term.fields.iter().position(|field| {
                                field.element == FieldElement::TermNote && field.kind == kind
                            })
                        },
                    )
                });
                let is_forbidden = status == Some(crate::model::TermStatus::Forbidden);
                let part_of_speech_field = term.fields.iter().position(|field| {
                    field.element == FieldElement::TermNote && field.kind == "partOfSpeech"
                });
                let is_term_note = |field: &tbx::Field| is_note(field) && !is_forbidden_note(field);
                let term_notes: Vec<String> =
                    term.fields.iter().filter(|field| is_term_note(field)).map(one_line).collect();
                let fields = term
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(_, field)| !(is_forbidden && is_forbidden_note(field)))
                    .map(|(idx, field)| {
                        let in_column = Some(idx) == status_field
                            || Some(idx) == part_of_speech_field
                            || is_term_note(field);
                        kept(field, in_column)
                    })
                    .collect();
                ImportedTerm {
                    lang: section.lang.tag.to_string(),
                    text: term.text.trim().to_owned(),
                    status: status.unwrap_or(crate::model::TermStatus::Admitted).as_str(),
                    part_of_speech: term.part_of_speech().map(str::to_owned),
                    note: (!term_notes.is_empty()).then(|| term_notes.join("\n")),
                    fields,
                }
            })
        })
        .collect();
    ImportedConcept {
        external_id: concept.id.clone(),
        review_status: None,
        category,
        definition: definitions.join("\n"),
        note: notes.join("\n"),
        terms,
        fields,
        section_fields,
    }
}

/// Adds to an exported `<tu>` (as `project::tmx_unit` makes it from a stored unit) the TMX
/// extras of an imported unit: inline markup, props, notes, variant dates, original `tuid`.
pub(crate) fn apply_extras(unit: &mut tmx::Unit, extras: &UnitExtras) {
    let timestamp = |text: &Option<String>| text.as_deref().and_then(parse_timestamp);
    let props_and_notes = |annotations: &[ImportedAnnotation]| {
        let mut props = Vec::new();
        let mut notes = Vec::new();
        for annotation in annotations {
            let lang = annotation.lang.as_deref().map(tmx::Language::parse);
            if annotation.kind == "prop" {
                props.push(tmx::Prop {
                    kind: annotation.prop_type.clone().unwrap_or_default(),
                    lang,
                    o_encoding: annotation.o_encoding.clone(),
                    value: annotation.value.clone(),
                });
            } else {
                notes.push(tmx::Note {
                    lang,
                    o_encoding: annotation.o_encoding.clone(),
                    text: annotation.value.clone(),
                });
            }
        }
        (props, notes)
    };
    if let Some(tuid) = &extras.tuid {
        unit.tuid = Some(tuid.clone());
    }
    unit.segment_type = extras.segment_type.clone();
    unit.metadata.last_usage_date = timestamp(&extras.last_used_at);
    let (props, notes) = props_and_notes(&extras.annotations);
    // Imported props come first, in file order; Tessera's own `x-tessera-*` props follow.
    let own_props = std::mem::take(&mut unit.props);
    unit.props = props.into_iter().chain(own_props).collect();
    unit.notes = notes;
    for (variant, stored) in unit.variants.iter_mut().zip(&extras.variants) {
        if let Some(encoded) = &stored.inline_tags {
            variant.segment.tags = decode_tags(encoded).unwrap_or_default();
        }
        variant.metadata = tmx::Metadata {
            creation_date: timestamp(&stored.created_at),
            creation_id: stored.created_by.clone(),
            change_date: timestamp(&stored.changed_at),
            change_id: stored.changed_by.clone(),
            usage_count: stored.usage_count,
            last_usage_date: timestamp(&stored.last_used_at),
            ..tmx::Metadata::default()
        };
        let (props, notes) = props_and_notes(&stored.annotations);
        variant.props = props;
        variant.notes = notes;
    }
}

/// Encodes inline tags in a compact text form: each string as `<byte length>:<bytes>`, each
/// list as its length then its items. A tag is its kind, its attributes (name, value) and its
/// code parts (`t` text, or `s` a `<sub>` with attributes and a nested segment).
pub(crate) fn encode_tags(tags: &[tmx::InlineTag]) -> String {
    // Room for a pair of short tags without growing, as most tagged segments have.
    let mut out = String::with_capacity(64);
    encode_tag_list(&mut out, tags);
    out
}

fn put(out: &mut String, text: &str) {
    out.push_str(Decimal::new(text.len()).as_str());
    out.push(':');
    out.push_str(text);
}

/// [`put`] of a count in decimal: `put(out, &count.to_string())` without the allocations
/// (tags are encoded for every tagged segment a TMX import reads).
fn put_count(out: &mut String, count: usize) {
    put(out, Decimal::new(count).as_str());
}

/// A number's decimal digits, on the stack.
struct Decimal {
    digits: [u8; 20],
    start: usize,
}

impl Decimal {
    fn new(value: usize) -> Decimal {
        let mut decimal = Decimal { digits: [b'0'; 20], start: 20 };
        let mut rest = value;
        loop {
            decimal.start -= 1;
            decimal.digits[decimal.start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                return decimal;
            }
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits are ever written.
        std::str::from_utf8(&self.digits[self.start..]).unwrap_or("0")
    }
}

fn encode_tag_list(out: &mut String, tags: &[tmx::InlineTag]) {
    put_count(out, tags.len());
    for tag in tags {
        put(out, kind_name(tag.kind));
        encode_attributes(out, &tag.attributes);
        put_count(out, tag.code.len());
        for part in &tag.code {
            match part {
                tmx::CodePart::Text(text) => {
                    put(out, "t");
                    put(out, text);
                }
                tmx::CodePart::Sub(sub) => {
                    put(out, "s");
                    encode_attributes(out, &sub.attributes);
                    put(out, &sub.segment.text);
                    encode_tag_list(out, &sub.segment.tags);
                }
            }
        }
    }
}

fn encode_attributes(out: &mut String, attributes: &[tmx::Attribute]) {
    put_count(out, attributes.len());
    for attribute in attributes {
        put(out, &attribute.name);
        put(out, &attribute.value);
    }
}

const KINDS: [(tmx::InlineKind, &str); 8] = [
    (tmx::InlineKind::Bpt, "bpt"),
    (tmx::InlineKind::Ept, "ept"),
    (tmx::InlineKind::It, "it"),
    (tmx::InlineKind::Ph, "ph"),
    (tmx::InlineKind::Ut, "ut"),
    (tmx::InlineKind::HiStart, "hi<"),
    (tmx::InlineKind::HiEnd, "hi>"),
    (tmx::InlineKind::PrivateUse, "pu"),
];

fn kind_name(kind: tmx::InlineKind) -> &'static str {
    KINDS.iter().find(|(candidate, _)| *candidate == kind).map_or("ph", |(_, name)| name)
}

/// Decodes [`encode_tags`]' output; `None` when it is damaged (the export then writes the
/// placeholders as repaired, tagless text rather than failing).
pub(crate) fn decode_tags(encoded: &str) -> Option<Vec<tmx::InlineTag>> {
    let mut cursor = encoded;
    let tags = decode_tag_list(&mut cursor, 0)?;
    cursor.is_empty().then_some(tags)
}

fn take<'a>(cursor: &mut &'a str) -> Option<&'a str> {
    let (length, rest) = cursor.split_once(':')?;
    let length: usize = length.parse().ok()?;
    let value = rest.get(..length)?;
    *cursor = &rest[length..];
    Some(value)
}

fn take_count(cursor: &mut &str) -> Option<usize> {
    take(cursor)?.parse().ok()
}

fn decode_tag_list(cursor: &mut &str, depth: usize) -> Option<Vec<tmx::InlineTag>> {
    // Nesting is bounded by the reader's own limit; deeper data is damaged.
    if depth > 64 {
        return None;
    }
    let n_tags = take_count(cursor)?;
    let mut tags = Vec::with_capacity(n_tags.min(1024));
    for _ in 0..n_tags {
        let name = take(cursor)?;
        let kind = KINDS.iter().find(|(_, candidate)| *candidate == name)?.0;
        let attributes = decode_attributes(cursor)?;
        let n_parts = take_count(cursor)?;
        let mut code = Vec::with_capacity(n_parts.min(1024));
        for _ in 0..n_parts {
            match take(cursor)? {
                "t" => code.push(tmx::CodePart::Text(take(cursor)?.to_owned())),
                "s" => {
                    let attributes = decode_attributes(cursor)?;
                    let text = take(cursor)?.to_owned();
                    let tags = decode_tag_list(cursor, depth + 1)?;
                    code.push(tmx::CodePart::Sub(tmx::Sub {
                        attributes,
                        segment: tmx::Segment { text, tags },
                    }));
                }
                _ => return None,
            }
        }
        tags.push(tmx::InlineTag { kind, attributes, code });
    }
    Some(tags)
}

fn decode_attributes(cursor: &mut &str) -> Option<Vec<tmx::Attribute>> {
    let n_attributes = take_count(cursor)?;
    let mut attributes = Vec::with_capacity(n_attributes.min(64));
    for _ in 0..n_attributes {
        let name = take(cursor)?.to_owned();
        let value = take(cursor)?.to_owned();
        attributes.push(tmx::Attribute { name, value });
    }
    Some(attributes)
}

/// The current time as RFC 3339 UTC (the façade's clock, as in `project`).
fn now_timestamp() -> String {
    jiff::Timestamp::now().to_string()
}

/// What to export as TMX.
#[derive(Debug, Clone, Default)]
pub struct TmxExport {
    /// Only variants in these languages (matched by BCP 47 tag); `None` exports every language.
    /// Units left with fewer than two of them (or one, when one language is asked) are skipped.
    pub languages: Option<Vec<LanguageTag>>,
    /// Only units a reviewer approved.
    pub approved_only: bool,
    /// The header's `srclang`; `None` writes the source language most units name (OmegaT
    /// warns on `*all*`), and `*all*` only when no unit names one.
    pub source_lang: Option<LanguageTag>,
    /// Only units last changed (or, never changed, created) at or after this moment.
    pub changed_from: Option<jiff::Timestamp>,
    /// Only units last changed (or created) before this moment.
    pub changed_before: Option<jiff::Timestamp>,
    /// Tags written in place of stored ones, `(stored, written)`: `zh-Hans` as `zh-CN` for a
    /// tool that knows only region codes. Applied to variants, `srclang` and the language
    /// filter (which names stored tags). Nothing is renamed unless asked.
    pub rename_languages: Vec<(LanguageTag, LanguageTag)>,
}

/// What a TMX export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TmxExportReport {
    /// Units read from the memory.
    pub units_read: u64,
    /// `<tu>` elements written.
    pub units_written: u64,
    /// Units left out because they were changed outside the date range.
    pub units_outside_dates: u64,
    /// Units left out because too few of their languages were selected.
    pub units_without_languages: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Article,
    Tmx,
    Tbx,
    Glossary,
    Xliff,
    Unsupported,
}

pub(crate) fn file_kind(path: &Path) -> FileKind {
    let extension =
        path.extension().and_then(|ext| ext.to_str()).unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "txt" | "html" | "htm" | "docx" => FileKind::Article,
        _ => match interchange_kind(path) {
            Some(InterchangeKind::Tmx) => FileKind::Tmx,
            Some(InterchangeKind::Tbx) => FileKind::Tbx,
            Some(InterchangeKind::Glossary) => FileKind::Glossary,
            Some(InterchangeKind::Xliff) => FileKind::Xliff,
            None => FileKind::Unsupported,
        },
    }
}

/// The size of a TMX file read as it is (named `.tmx`), against which its bytes read measure
/// progress; `None` for compressed files and archives, and when the size cannot be read.
fn plain_tmx_size(path: &Path) -> Option<u64> {
    let name = path.file_name()?.to_str()?;
    if !name.to_ascii_lowercase().ends_with(".tmx") {
        return None;
    }
    std::fs::metadata(path).ok().map(|metadata| metadata.len())
}

/// The files to import: named files as given (flagged `true`), folders walked recursively in
/// name order, skipping hidden entries (flagged `false`: unsupported files in folders are quietly
/// passed over).
pub(crate) fn importable_files(paths: &[PathBuf]) -> Vec<(PathBuf, bool)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, bool)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            out.push((dir.to_path_buf(), true));
            return;
        };
        let mut children: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| {
                !path
                    .file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.starts_with('.'))
            })
            .collect();
        children.sort();
        for child in children {
            if child.is_dir() {
                walk(&child, out);
            } else {
                out.push((child, false));
            }
        }
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files);
        } else {
            files.push((path.clone(), true));
        }
    }
    files
}

/// A stored unit as a TMX `<tu>`, with its provenance as `x-tessera-*` properties and, for a unit
/// imported from TMX, what the file carried (markup, props, notes, dates, tuid).
pub(crate) fn tmx_unit(
    unit: StoredUnit,
    unit_extras: Option<&crate::store::UnitExtras>,
) -> tmx::Unit {
    let timestamp = |text: &str| text.parse::<jiff::Timestamp>().ok();
    let mut props = Vec::new();
    let mut prop = |kind: &str, value: String| {
        props.push(tmx::Prop { kind: kind.to_owned(), lang: None, o_encoding: None, value });
    };
    if let Some((article, position, confidence)) = &unit.article {
        prop("x-tessera-article", article.clone());
        prop("x-tessera-position", position.to_string());
        prop("x-tessera-confidence", format!("{confidence:.3}"));
    }
    if unit.approved {
        prop("x-tessera-approved", "yes".to_owned());
    }
    let metadata = tmx::Metadata {
        creation_date: timestamp(&unit.created_at),
        creation_id: Some(unit.created_by.clone()).filter(|id| !id.is_empty()),
        change_date: unit.changed_at.as_deref().and_then(timestamp),
        change_id: unit.changed_by.clone().filter(|id| !id.is_empty()),
        usage_count: Some(unit.usage_count).filter(|count| *count > 0),
        ..tmx::Metadata::default()
    };
    let mut tmx_unit = tmx::Unit {
        tuid: Some(unit.id.0.to_string()),
        source_lang: unit.source_lang.as_ref().map(|lang| {
            tmx::SourceLanguage::Language(tmx::Language {
                tag: lang.clone(),
                original: lang.to_string(),
            })
        }),
        metadata,
        props,
        variants: unit
            .variants
            .into_iter()
            .map(|(lang, text)| tmx::Variant {
                lang: tmx::Language { original: lang.to_string(), tag: lang },
                metadata: tmx::Metadata::default(),
                props: Vec::new(),
                notes: Vec::new(),
                segment: tmx::Segment { text, tags: Vec::new() },
            })
            .collect(),
        ..tmx::Unit::default()
    };
    if let Some(unit_extras) = unit_extras {
        apply_extras(&mut tmx_unit, unit_extras);
    }
    tmx_unit
}

impl Project {
    /// Writes the memory as TMX 1.4b (UTF-8, BCP 47 `xml:lang`), streaming: units are read in
    /// pages, so memory stays bounded whatever the size. Provenance is written as
    /// `<prop type="x-tessera-article">` (and `-position`, `-confidence`), the unit id as `tuid`.
    pub fn export_tmx(
        &self,
        output: impl std::io::Write + Send,
        options: &TmxExport,
    ) -> Result<TmxExportReport, Error> {
        const PAGE: usize = 2_000;
        let renamed = |lang: &LanguageTag| {
            options.rename_languages.iter().find(|(stored, _)| stored == lang).map(|(_, to)| to)
        };
        let header_source = match &options.source_lang {
            Some(_) => None,
            None => self.store.most_common_source_lang()?.map(|lang| LanguageTag::parse(&lang)),
        };
        let header = tmx::Header {
            creation_tool: "Tessera".to_owned(),
            creation_tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            segment_type: "sentence".to_owned(),
            o_tmf: "Tessera".to_owned(),
            admin_lang: "en".to_owned(),
            datatype: "plaintext".to_owned(),
            source_lang: match options.source_lang.clone().or(header_source) {
                Some(lang) => tmx::SourceLanguage::Language(tmx::Language::parse(
                    renamed(&lang).unwrap_or(&lang).as_str(),
                )),
                None => tmx::SourceLanguage::All,
            },
            ..tmx::Header::default()
        };
        let in_range = |date: &str| {
            if options.changed_from.is_none() && options.changed_before.is_none() {
                return true;
            }
            // A date that does not parse is outside any range asked for.
            date.parse::<jiff::Timestamp>().is_ok_and(|date| {
                options.changed_from.is_none_or(|from| date >= from)
                    && options.changed_before.is_none_or(|before| date < before)
            })
        };
        // A stored unit as written, or `None` when the dates leave it out.
        let written_unit = |(unit, extras): (StoredUnit, crate::store::UnitExtras)| {
            if !in_range(unit.changed_at.as_deref().unwrap_or(&unit.created_at)) {
                return None;
            }
            let mut unit = tmx_unit(unit, Some(&extras));
            for variant in &mut unit.variants {
                if let Some(written) = renamed(&variant.lang.tag) {
                    variant.lang = tmx::Language::parse(written.as_str());
                }
            }
            if let Some(tmx::SourceLanguage::Language(lang)) = &mut unit.source_lang
                && let Some(written) = renamed(&lang.tag)
            {
                *lang = tmx::Language::parse(written.as_str());
            }
            Some(unit)
        };
        // `zh` asks for every Chinese variant (zh-Hans, zh-Hant, zh-CN…); a full tag asks for itself.
        let languages = match &options.languages {
            None => None,
            Some(wanted) => {
                let stored: Vec<LanguageTag> =
                    self.stats()?.languages.into_iter().map(|(lang, _)| lang).collect();
                let mut expanded: Vec<LanguageTag> = stored
                    .into_iter()
                    .filter(|lang| {
                        wanted.iter().any(|want| {
                            want == lang
                                || (!want.as_str().contains('-')
                                    && want.primary() == lang.primary())
                        })
                    })
                    .collect();
                expanded.extend(wanted.iter().cloned());
                // The writer sees written tags.
                let written: Vec<LanguageTag> =
                    expanded.iter().filter_map(|lang| renamed(lang).cloned()).collect();
                expanded.extend(written);
                expanded.sort();
                expanded.dedup();
                Some(expanded)
            }
        };
        let write_options = tmx::WriteOptions {
            languages,
            min_languages: options
                .languages
                .as_ref()
                .map_or(1, |languages| languages.len().clamp(1, 2)),
            ..tmx::WriteOptions::default()
        };
        // This thread reads the store a page at a time while a second one writes the XML, a
        // page behind.
        let mut n_read = 0u64;
        let mut n_in_range = 0u64;
        let (read, written) = std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<tmx::Unit>>(2);
            let writer = scope.spawn(move || {
                tmx::write(output, &header, receiver.into_iter().flatten(), &write_options)
            });
            let mut after_id = 0;
            let read = loop {
                let page = match self.store.export_page(after_id, PAGE, options.approved_only) {
                    Ok(page) => page,
                    Err(error) => break Err(error),
                };
                let Some((last, _)) = page.last() else { break Ok(()) };
                after_id = last.id.0;
                n_read += page.len() as u64;
                let units: Vec<tmx::Unit> = page.into_iter().filter_map(written_unit).collect();
                n_in_range += units.len() as u64;
                // A closed channel means the writer failed; its error is reported below.
                if sender.send(units).is_err() {
                    break Ok(());
                }
            };
            drop(sender);
            (read, writer.join())
        });
        let written = match written {
            Ok(written) => written.map_err(|error| Error::Output { message: error.to_string() })?,
            Err(_) => {
                return Err(Error::Output {
                    message: "the TMX writer stopped unexpectedly".to_owned(),
                });
            }
        };
        read?;
        Ok(TmxExportReport {
            units_written: written.units_written,
            units_read: n_read,
            units_outside_dates: n_read - n_in_range,
            units_without_languages: written.units_omitted,
        })
    }

    /// Imports files and folders (recursively, in name order). Each file is one transaction; a
    /// file that cannot be read or understood is reported and the rest still import.
    pub fn import_paths(&mut self, paths: &[PathBuf]) -> Result<Vec<FileReport>, Error> {
        self.import_paths_with_progress(paths, &mut |_| ImportControl::Continue)
    }

    /// [`Project::import_paths`], telling `progress` before each file and, within a TMX file,
    /// every [`crate::PROGRESS_EVERY`] units; when it answers [`ImportControl::Cancel`], the files
    /// not yet started are left alone (those done stay imported, each complete) and reported as
    /// cancelled, and a TMX file being read is rolled back and reported as cancelled.
    pub fn import_paths_with_progress(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(ImportProgress<'_>) -> ImportControl,
    ) -> Result<Vec<FileReport>, Error> {
        self.import_paths_with_options(
            paths,
            &crate::model::InterchangeOptions::default(),
            progress,
        )
    }
}

impl Project {
    /// Imports one file by its kind; `None` for an unsupported file met inside a folder (passed
    /// over quietly), a report naming the problem for one the user named.
    /// `progress` hears how far a TMX file has come, as file `done` of `total`.
    pub(crate) fn import_one_file(
        &mut self,
        path: &Path,
        named: bool,
        options: &crate::model::InterchangeOptions,
        (done, total): (usize, usize),
        progress: &mut dyn FnMut(ImportProgress<'_>) -> ImportControl,
    ) -> Result<Option<FileReport>, Error> {
        let shown = path.display().to_string();
        Ok(Some(match file_kind(path) {
            // TMX and TBX files are streamed from disk; only articles are read whole.
            FileKind::Tmx => {
                let file_bytes = plain_tmx_size(path);
                self.import_tmx_file_with_progress(path, options, &mut |within_file| {
                    let within_file = Some(within_file);
                    progress(ImportProgress { done, total, current: path, within_file, file_bytes })
                })?
            }
            FileKind::Tbx => self.import_tbx_file_with_options(path, options)?,
            FileKind::Glossary => self.import_glossary_table_with_options(path, options)?,
            FileKind::Xliff => self.import_xliff_file(path, options)?,
            FileKind::Article => match std::fs::read(path) {
                Ok(bytes) => self.import_article_bytes(&shown, &bytes)?,
                Err(error) => FileReport::failed(&shown, "article", format!("cannot read the file: {error}")),
            },
            FileKind::Unsupported if !named => return Ok(None),
            FileKind::Unsupported => FileReport::failed(
                &shown,
                "unknown",
                "not a file Tessera imports (.txt, .html, .htm, .docx articles; .tmx, .tmx.gz, .zip memories; .xlf, .xliff bilingual files; .tbx, .csv, .tsv, .xlsx, .ods glossaries; .xml files whose root is one of these)".to_owned(),
            ),
        }))
    }
}

/// The review status an imported concept is stored with: `approved` for an import the user
/// approves whole, else the status its file records (a table exported by Tessera has a `review`
/// column), else `candidate`.
fn reviewed<'a>(concept: &'a ImportedConcept, import_status: &'a str) -> &'a str {
    if import_status == "approved" {
        import_status
    } else {
        concept.review_status.as_deref().unwrap_or(import_status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_survive_encoding_including_nested_subs() {
        let text = "a\u{E000}b";
        let tmx_file = format!(
            r#"<tmx version="1.4"><header srclang="en" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="html"/><body>
<tu><tuv xml:lang="en"><seg>a <bpt i="1" x="1">&lt;a title="<sub type="x-title">t<ph>&lt;br/&gt;</ph>i</sub>"&gt;</bpt>b<ept i="1">&lt;/a&gt;</ept> <hi type="b">c</hi> {text}</seg></tuv><tuv xml:lang="de"><seg>x</seg></tuv></tu></body></tmx>"#
        );
        let document = tmx::read_all(tmx_file.as_bytes(), &tmx::ReadOptions::default()).unwrap();
        let tags = &document.units[0].variants[0].segment.tags;
        assert!(tags.len() >= 4, "{tags:?}");
        let encoded = encode_tags(tags);
        assert_eq!(decode_tags(&encoded).as_ref(), Some(tags));
        let truncated: String = encoded.chars().take(encoded.chars().count() - 1).collect();
        assert_eq!(decode_tags(&truncated), None);
        assert_eq!(decode_tags(""), None);
    }

    /// The first unit of a TMX body (source language English) as an import stores it.
    fn stored_first_unit(body: &str) -> ImportedUnit {
        let file = format!(
            r#"<tmx version="1.4"><header srclang="en" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>{body}</body></tmx>"#
        );
        let unit =
            tmx::read_all(file.as_bytes(), &tmx::ReadOptions::default()).unwrap().units.remove(0);
        imported_unit(unit, Some(&crate::model::LanguageTag::parse("en")))
    }

    #[test]
    fn unit_keys_ignore_variant_order_but_not_texts() {
        let read = stored_first_unit;
        let first = read(
            r#"<tu><tuv xml:lang="en"><seg>Hi</seg></tuv><tuv xml:lang="zh-CN"><seg>你好</seg></tuv></tu>"#,
        );
        let swapped = read(
            r#"<tu><tuv xml:lang="ZH_cn"><seg>你好</seg></tuv><tuv xml:lang="en"><seg>Hi</seg></tuv></tu>"#,
        );
        let retranslated = read(
            r#"<tu><tuv xml:lang="en"><seg>Hi</seg></tuv><tuv xml:lang="zh-CN"><seg>您好</seg></tuv></tu>"#,
        );
        assert_eq!(first.content_key, swapped.content_key);
        assert_eq!(swapped.variants[0].lang_original, "ZH_cn");
        assert_ne!(first.content_key, retranslated.content_key);
        assert_eq!(first.source_key, retranslated.source_key);
    }

    /// Keys are the streamed XXH3 of the length-prefixed parts, however they are hashed: keys
    /// stored by earlier versions must still be found.
    #[test]
    fn keys_hash_as_the_streaming_hasher_does() {
        let streamed = |parts: &[&str]| {
            let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
            for part in parts {
                hasher.update(&(part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
            hasher.digest() as i64
        };
        let text = "句子，sentence ".repeat(100);
        let mut cut = text.char_indices().map(|(idx, _)| idx);
        let lengths: Vec<usize> = (0..40).filter_map(|_| cut.nth(17)).collect();
        for first in &lengths {
            for second in &lengths {
                let parts = ["zh-Hans", &text[..*first], "en", &text[..*second], ""];
                assert_eq!(key_of(parts), streamed(&parts), "{first} {second}");
            }
        }
        assert_eq!(key_of([]), streamed(&[]));
        assert_eq!(key_of([text.as_str()]), streamed(&[&text]));
        assert_eq!(key_of(["zh", "你好", "en", "Hi"]), streamed(&["zh", "你好", "en", "Hi"]));
    }

    #[test]
    fn tag_encoding_writes_counts_and_lengths_in_decimal() {
        let tag = tmx::InlineTag {
            kind: tmx::InlineKind::Ph,
            attributes: (0..12)
                .map(|idx| tmx::Attribute { name: format!("a{idx}"), value: "v".to_owned() })
                .collect(),
            code: vec![tmx::CodePart::Text("<br/>".repeat(3))],
        };
        let attributes: String =
            (0..12).map(|idx| format!("{}:a{idx}1:v", format!("a{idx}").len())).collect();
        assert_eq!(
            encode_tags(&[tag]),
            format!("1:12:ph2:12{attributes}1:11:t15:{}", "<br/>".repeat(3))
        );
        assert_eq!(encode_tags(&[]), "1:0");
    }

    #[test]
    fn unit_keys_of_many_languages_ignore_variant_order() {
        let read = |variants: &[(&str, &str)]| {
            let tuvs: String = variants
                .iter()
                .map(|(lang, text)| format!(r#"<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>"#))
                .collect();
            stored_first_unit(&format!("<tu>{tuvs}</tu>"))
        };
        let five =
            [("en", "Hi"), ("zh-CN", "你好"), ("fr", "Salut"), ("de", "Hallo"), ("ja", "やあ")];
        let mut reversed = five;
        reversed.reverse();
        let mut changed = five;
        changed[3].1 = "Servus";
        let (first, second, third) = (read(&five), read(&reversed), read(&changed));
        assert_eq!((first.source_key, first.content_key), (second.source_key, second.content_key));
        assert_eq!(first.legacy_keys, second.legacy_keys);
        assert_ne!(first.content_key, third.content_key);
        assert_eq!(first.source_key, third.source_key);
        // Two variants in one language count that language once in the source key.
        let twice = read(&[("en", "Hi"), ("zh-CN", "你好"), ("zh-CN", "您好")]);
        let once = read(&[("en", "Hi"), ("zh-CN", "你好")]);
        assert_eq!(twice.source_key, once.source_key);
        assert_ne!(twice.content_key, once.content_key);
    }
}
