//! `Project`: the API boundary of the core. Front ends (CLI, desktop) call nothing else.
//!
//! A `Project` is one open database. It owns transactions: each use-case method is one
//! transaction, so an operation either completes or changes nothing.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{
    alignment::{Aligner, Alignment},
    articles::{self, DecodeError, PreparedArticle, SegmentationRules},
    error::Error,
    error::StoreError,
    interchange::TmxImportProgress,
    matching::{self, Concordance, ConcordanceOptions, IndexUnit, LookupOptions, MatchIndex},
    model::{
        AlignmentEditOutcome, ArticleAlignment, ArticleId, ArticleSegment, ArticleSummary,
        AuditEntry, BeadEdit, DroppedText, FileProblem, FileReport, LOW_CONFIDENCE, LanguageTag,
        MemoryFingerprint, MemoryMatch, NewArticle, NewUnit, NewVariant, Provenance, SegmentId,
        Stats, StoredUnit, UnitId, UnitOrigin,
    },
    store::Store,
    tmx,
};

/// Which side of a unit an edit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitSide {
    /// The Chinese segment.
    Source,
    /// The English segment.
    Target,
}

impl UnitSide {
    fn lang_prefix(self) -> &'static str {
        match self {
            UnitSide::Source => "zh",
            UnitSide::Target => "en",
        }
    }

    fn name(self) -> &'static str {
        match self {
            UnitSide::Source => "source",
            UnitSide::Target => "target",
        }
    }
}

/// What to export as TMX.
#[derive(Debug, Clone, Default)]
pub struct TmxExport {
    /// Only variants in these languages (matched by BCP 47 tag); `None` exports every language.
    /// Units left with fewer than two of them (or one, when one language is asked) are skipped.
    pub languages: Option<Vec<LanguageTag>>,
    /// Only units a reviewer approved.
    pub approved_only: bool,
    /// The header's `srclang`; `None` writes `*all*`.
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

/// Writes an export through `write` into `OUT.partial`, then renames it to `out`: a failed
/// export never leaves half a file, nor replaces the file that was there. A file that cannot be
/// created or renamed is the user's [`Error::InvalidFile`]; the partial file of a failed `write`
/// is removed.
pub fn write_atomically<T>(
    out: &Path,
    write: impl FnOnce(std::io::BufWriter<std::fs::File>) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut partial = out.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let file_error = |path: &Path, error: std::io::Error| Error::InvalidFile {
        path: path.to_path_buf(),
        message: error.to_string(),
    };
    let file = std::fs::File::create(&partial).map_err(|error| file_error(&partial, error))?;
    match write(std::io::BufWriter::new(file)) {
        Ok(written) => {
            std::fs::rename(&partial, out).map_err(|error| file_error(out, error))?;
            Ok(written)
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
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

/// How far a refresh of the match index has come, as told to its progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexProgress {
    /// Units indexed so far.
    pub done: u64,
    /// Units this refresh indexes: every unit for a rebuild, the new ones for an append.
    pub total: u64,
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
    pub(crate) term_index: Option<crate::termbase::CachedTermIndex>,
}

/// How [`Project::refresh_match_index`] made the index current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexRefresh {
    /// The index in memory was already current.
    Current,
    /// The persisted index was loaded (and extended with units added since, if any).
    Loaded,
    /// Units added since the last refresh were appended.
    Extended,
    /// The index was rebuilt from every unit (first use, or units were deleted).
    Rebuilt,
}

/// Units appended to the index in memory before it is persisted again: persisting a large index
/// costs seconds, appending a unit microseconds, and a reopened memory replays the rest.
const PERSIST_INDEX_AFTER: u64 = 5_000;

/// Units read per page while building the index: large pages keep few index segments (fast
/// lookups), small ones keep the build's memory low.
const INDEX_BUILD_PAGE: usize = 250_000;

/// How often appending units to the index reports progress, in units.
#[cfg(not(test))]
const INDEX_PROGRESS_EVERY: u64 = 10_000;
/// Low in tests, so that a small append reports part-way.
#[cfg(test)]
const INDEX_PROGRESS_EVERY: u64 = 500;

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
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the fuzzy-match index cover every unit: reuses it, loads the persisted one, appends
    /// new units, or rebuilds it when units were deleted. A rebuilt index is persisted, so a
    /// reopened memory answers its first lookup without rebuilding.
    pub fn refresh_match_index(&mut self) -> Result<IndexRefresh, Error> {
        self.refresh_match_index_with_progress(&mut |_| {})
    }

    /// [`Project::refresh_match_index`], telling `progress` how many units are indexed: at the
    /// start, after each page of a rebuild (250,000 units) or every 10,000 units of an append,
    /// and at the end with `done == total`. Nothing is reported when the index was current or
    /// only loaded.
    pub fn refresh_match_index_with_progress(
        &mut self,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> Result<IndexRefresh, Error> {
        let token = self.store.change_token()?;
        if self.match_index.is_some() && self.index_checked_at == Some(token) {
            return Ok(IndexRefresh::Current);
        }
        let refresh = self.refresh_match_index_now(progress)?;
        self.index_checked_at = Some(self.store.change_token()?);
        Ok(refresh)
    }

    fn refresh_match_index_now(
        &mut self,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> Result<IndexRefresh, Error> {
        let current = self.store.memory_fingerprint()?;
        let mut refresh = IndexRefresh::Extended;
        if self.match_index.is_none()
            && let Some((fingerprint, loaded)) =
                self.store.read_match_index(|source, len| MatchIndex::read_from(source, len))?
            // A corrupt or outdated blob is only a cache: fall through to a rebuild.
            && let Ok(index) = loaded
        {
            self.match_index = Some((fingerprint, index));
            refresh = IndexRefresh::Loaded;
        }
        if let Some((fingerprint, index)) = &mut self.match_index {
            if *fingerprint == current {
                return Ok(if refresh == IndexRefresh::Loaded {
                    refresh
                } else {
                    IndexRefresh::Current
                });
            }
            let appended_only = current.max_unit_id >= fingerprint.max_unit_id
                && current.unit_count
                    == fingerprint.unit_count
                        + self.store.count_units_after(fingerprint.max_unit_id)?;
            if appended_only {
                let total = current.unit_count.saturating_sub(fingerprint.unit_count);
                let mut n_added = 0;
                progress(IndexProgress { done: 0, total });
                self.store.for_each_pair(fingerprint.max_unit_id, &mut |unit_id, zh, en| {
                    index.add(IndexUnit { unit_id, source: zh, target: en });
                    n_added += 1;
                    if n_added % INDEX_PROGRESS_EVERY == 0 {
                        progress(IndexProgress { done: n_added.min(total), total });
                    }
                })?;
                *fingerprint = current;
                self.unpersisted_units += n_added;
                if self.unpersisted_units >= PERSIST_INDEX_AFTER {
                    self.store.save_match_index(current, index.byte_len(), &mut |out| {
                        index.write_to(&mut { out })
                    })?;
                    self.unpersisted_units = 0;
                }
                progress(IndexProgress { done: total, total });
                return Ok(refresh);
            }
        }
        // Built in pages, so the texts are never held twice in full (the index keeps its own
        // copy): at a million units this keeps the build under the memory of the index itself
        // plus one page.
        let total = current.unit_count;
        let mut done = 0;
        progress(IndexProgress { done, total });
        let mut index = MatchIndex::new();
        let mut after_id = 0;
        loop {
            let page = self.store.pairs_page(after_id, INDEX_BUILD_PAGE)?;
            let Some(&(last_id, _, _)) = page.last() else { break };
            after_id = last_id;
            index.extend(
                page.iter().filter(|(_, zh, en)| !zh.is_empty() || !en.is_empty()).map(
                    |(unit_id, zh, en)| IndexUnit { unit_id: *unit_id, source: zh, target: en },
                ),
            );
            // A page of monolingual units holds one entry, so this counts low, never high.
            done = (done + page.len() as u64).min(total);
            progress(IndexProgress { done, total });
        }
        self.store
            .save_match_index(current, index.byte_len(), &mut |out| index.write_to(&mut { out }))?;
        self.unpersisted_units = 0;
        self.match_index = Some((current, index));
        progress(IndexProgress { done: total, total });
        Ok(IndexRefresh::Rebuilt)
    }

    /// Takes deleted units out of the index in memory (the persisted copy was cleared in the same
    /// transaction as the deletion), so the next refresh needs no rebuild.
    fn forget_indexed_units(&mut self, units: &[UnitId]) {
        if let Some((fingerprint, index)) = &mut self.match_index {
            for unit in units {
                // The fingerprint counts every unit, indexed (bilingual) or not.
                index.remove(unit.0);
                fingerprint.unit_count = fingerprint.unit_count.saturating_sub(1);
            }
        }
    }

    /// Units in id order after `after_id` (0 for the first page), at most `limit`, for browsing.
    pub fn units(&self, after_id: i64, limit: usize) -> Result<Vec<StoredUnit>, Error> {
        Ok(self.store.units_page(after_id, limit, false)?)
    }

    /// Replaces the text of a unit's Chinese (`UnitSide::Source`) or English (`UnitSide::Target`)
    /// variant, records the old and new text in the unit's history, and keeps the match index
    /// current.
    pub fn edit_unit(&mut self, unit: UnitId, side: UnitSide, text: &str) -> Result<(), Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::InvalidEdit { message: "a segment cannot be empty".to_owned() });
        }
        let now = now_timestamp();
        let outcome = self.store.write(|tx| {
            let old = tx.replace_variant_text(unit, side.lang_prefix(), text, &now)?.ok_or_else(
                || StoreError::Invalid {
                    message: format!("unit {} has no {} segment", unit.0, side.name()),
                },
            )?;
            let detail = format!("{}: {old} → {text}", side.name());
            tx.insert_audit(&now, "unit-edited", ("unit", unit.0), &detail)?;
            tx.clear_match_index()?;
            Ok(())
        });
        outcome.map_err(Error::from_edit)?;
        // Replace the edited unit in the index at once: remove + add, no rebuild.
        self.reindex_unit(unit)
    }

    /// Deletes a unit (with its variants and provenance), recording it in the audit log.
    pub fn delete_unit(&mut self, unit: UnitId) -> Result<(), Error> {
        let now = now_timestamp();
        self.store.write(|tx| {
            let detail = tx.unit_summary(unit)?;
            tx.delete_unit(unit)?;
            tx.insert_audit(&now, "unit-deleted", ("unit", unit.0), &detail)?;
            tx.clear_match_index()
        })?;
        self.forget_indexed_units(&[unit]);
        Ok(())
    }

    /// The unit's history, oldest first: creation, edits (old → new), review actions.
    pub fn unit_history(&self, unit: UnitId) -> Result<Vec<AuditEntry>, Error> {
        Ok(self.store.audit_entries("unit", unit.0)?)
    }

    /// [`Project::lookup`], also marking context matches: a 100 match whose unit followed, in its
    /// article, a unit whose source is `previous_source` (the segment before the query).
    pub fn lookup_in_context(
        &mut self,
        query: &str,
        previous_source: Option<&str>,
        options: &LookupOptions,
    ) -> Result<Vec<MemoryMatch>, Error> {
        let mut matches = self.lookup(query, options)?;
        if let Some(previous) = previous_source {
            let previous = crate::text::normalize_for_matching(previous);
            for found in matches.iter_mut().filter(|found| found.found.score == 100) {
                found.context_match = self
                    .store
                    .previous_source(found.found.unit_id)?
                    .is_some_and(|source| crate::text::normalize_for_matching(&source) == previous);
            }
        }
        Ok(matches)
    }

    /// The best fuzzy matches for a Chinese sentence, each with where it came from and, when the
    /// query differs only in numbers or approved terms, the target adjusted to the query.
    pub fn lookup(
        &mut self,
        query: &str,
        options: &LookupOptions,
    ) -> Result<Vec<MemoryMatch>, Error> {
        self.refresh_match_index()?;
        let Some((_, index)) = &self.match_index else { return Ok(Vec::new()) };
        let found = index.lookup(query, options);
        let ids: Vec<i64> = found.iter().map(|found| found.unit_id).collect();
        let origins = self.store.unit_origins(&ids)?;
        let approved = self.store.approved_term_pairs()?;
        let terms: Vec<(&str, &str)> =
            approved.iter().map(|(zh, en)| (zh.as_str(), en.as_str())).collect();
        Ok(found
            .into_iter()
            .map(|found| {
                let origin = origins.iter().find(|origin| origin.unit_id == found.unit_id).cloned();
                let adjusted = if found.score < 100 {
                    matching::adjust(query, &found.source, &found.target, &terms)
                } else {
                    None
                };
                MemoryMatch { found, origin, adjusted, context_match: false }
            })
            .collect())
    }

    /// Every unit containing `text` on the chosen side, with the histogram of how it was
    /// translated.
    pub fn concordance(
        &mut self,
        text: &str,
        options: &ConcordanceOptions,
    ) -> Result<Concordance, Error> {
        self.refresh_match_index()?;
        Ok(match &self.match_index {
            Some((_, index)) => index.concordance(text, options),
            None => Concordance { hits: Vec::new(), renderings: Vec::new(), complete: true },
        })
    }

    /// Where these units came from (article, date, author).
    pub fn unit_origins(&self, unit_ids: &[i64]) -> Result<Vec<UnitOrigin>, Error> {
        Ok(self.store.unit_origins(unit_ids)?)
    }

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
        let header = tmx::Header {
            creation_tool: "Tessera".to_owned(),
            creation_tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            segment_type: "sentence".to_owned(),
            o_tmf: "Tessera".to_owned(),
            admin_lang: "en".to_owned(),
            datatype: "plaintext".to_owned(),
            source_lang: match &options.source_lang {
                Some(lang) => tmx::SourceLanguage::Language(tmx::Language::parse(
                    renamed(lang).unwrap_or(lang).as_str(),
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

    /// Uses these sentence-splitting rules for the articles imported from now on.
    pub fn use_segmentation_rules(&mut self, rules: SegmentationRules) {
        self.segmentation_rules = rules;
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
}

impl Project {
    /// Imports one past article from its bytes: decodes, cleans, splits the languages, segments
    /// and aligns it, then stores the verbatim original, what was dropped, every sentence and the
    /// aligned pairs as units with provenance, in one transaction. Importing the same text again
    /// changes nothing. Problems are reported, never raised: only a database failure is an `Err`.
    pub fn import_article_bytes(
        &mut self,
        source_path: &str,
        bytes: &[u8],
    ) -> Result<FileReport, Error> {
        let mut report = FileReport::failed(source_path, "article", String::new());
        report.problems.clear();
        let prepared = match articles::prepare_article_with_rules(
            bytes,
            source_path,
            &self.segmentation_rules,
        ) {
            Ok(prepared) => prepared,
            Err(error) => {
                report.problems.push(problem_from_decode_error(&error));
                return Ok(report);
            }
        };
        if prepared.zh.is_empty() && prepared.en.is_empty() {
            report.problems.push(FileProblem {
                line: None,
                column: None,
                message: "no Chinese or English text found after cleaning".to_owned(),
            });
            return Ok(report);
        }
        let approved_terms = self.store.approved_term_pairs()?;
        let alignment = Aligner::new().align(&prepared.zh, &prepared.en, &approved_terms);
        let zh_lang = chinese_script_tag(&prepared.zh);
        let en_lang = LanguageTag::parse("en");
        let article = article_record(source_path, bytes, &prepared, &alignment, &zh_lang, &en_lang);
        let units: Vec<NewUnit> = alignment
            .beads
            .iter()
            .filter(|bead| bead.is_translation())
            .map(|bead| NewUnit {
                source_lang: Some(zh_lang.clone()),
                variants: vec![
                    NewVariant { lang: zh_lang.clone(), text: bead.zh_text.clone() },
                    NewVariant { lang: en_lang.clone(), text: bead.en_text.clone() },
                ],
                created_by: String::new(),
                provenance: None,
            })
            .collect();
        // (bead index, confidence) of each translation bead: the unit's position is its bead.
        let beads: Vec<(u32, f64)> = alignment
            .beads
            .iter()
            .enumerate()
            .filter(|(_, bead)| bead.is_translation())
            .map(|(bead_idx, bead)| (bead_idx as u32, bead.confidence))
            .collect();
        report.low_confidence =
            beads.iter().filter(|(_, confidence)| *confidence < LOW_CONFIDENCE).count() as u64;
        report.dropped = article.dropped.clone();

        let now = now_timestamp();
        let content_hash = content_hash(&article.original_text);
        let outcome = self.store.write(|tx| {
            if let Some(existing) = tx.find_article_by_hash(&content_hash)? {
                return Ok((existing, None));
            }
            let article_id = tx.insert_article(&article, &content_hash, &now)?;
            let mut units_with_provenance =
                units.into_iter().zip(&beads).map(|(mut unit, &(position, confidence))| {
                    unit.provenance = Some(Provenance { article_id, position, confidence });
                    unit
                });
            let ids = tx.insert_units(&mut units_with_provenance, &now, &mut |_| {})?;
            Ok((article_id, Some(ids.len())))
        })?;
        match outcome {
            (article_id, Some(n_units)) => {
                report.article = Some(article_id);
                report.units_added = n_units as u64;
            }
            (article_id, None) => {
                report.article = Some(article_id);
                report.already_imported = true;
                report.units_skipped = beads.len() as u64;
            }
        }
        Ok(report)
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
            FileKind::Tbx => self.import_tbx_file(path)?,
            FileKind::Glossary => self.import_glossary_table(path)?,
            FileKind::Article => match std::fs::read(path) {
                Ok(bytes) => self.import_article_bytes(&shown, &bytes)?,
                Err(error) => FileReport::failed(&shown, "article", format!("cannot read the file: {error}")),
            },
            FileKind::Unsupported if !named => return Ok(None),
            FileKind::Unsupported => FileReport::failed(
                &shown,
                "unknown",
                "not a file Tessera imports (.txt, .html, .htm, .docx articles; .tmx, .tmx.gz, .zip memories; .tbx, .csv, .tsv, .xlsx, .ods glossaries)".to_owned(),
            ),
        }))
    }

    /// Every imported article, oldest first, with its alignment counts.
    pub fn articles(&self) -> Result<Vec<ArticleSummary>, Error> {
        Ok(self.store.articles()?)
    }

    /// An article's sentences and aligned pairs, for review.
    pub fn article_alignment(&self, article_id: ArticleId) -> Result<ArticleAlignment, Error> {
        self.store
            .article_alignment(article_id)?
            .ok_or(Error::NotFound { what: format!("article {}", article_id.0) })
    }

    /// Saves a reviewed alignment: `beads` is the article's complete new list of pairs (merged,
    /// split, shifted, unlinked or linked by the reviewer). Pairs that did not change keep their
    /// units; new pairs become units with confidence 1.0; pairs that are gone lose their units.
    /// One transaction, written to the audit log. Because the article is stored once, a later
    /// re-import of the same file keeps these edits.
    pub fn update_alignment(
        &mut self,
        article_id: ArticleId,
        beads: &[BeadEdit],
    ) -> Result<AlignmentEditOutcome, Error> {
        let now = now_timestamp();
        let mut removed_units = Vec::new();
        let outcome = self.store.write(|tx| {
            let current = tx
                .article_alignment(article_id)?
                .ok_or(StoreError::Invalid { message: format!("no article {}", article_id.0) })?;
            let plan = plan_alignment_edit(&current, beads)
                .map_err(|message| StoreError::Invalid { message })?;
            let mut outcome = AlignmentEditOutcome::default();
            let text_of = |ids: &[SegmentId]| -> Vec<&str> {
                ids.iter()
                    .filter_map(|id| current.segments.iter().find(|segment| segment.id == *id))
                    .map(|segment| segment.text.as_str())
                    .collect()
            };
            let zh_lang = current
                .segments
                .iter()
                .find(|segment| segment.lang.primary() == "zh")
                .map(|segment| segment.lang.clone())
                .unwrap_or_else(|| LanguageTag::parse("zh-Hans"));
            for segment in &current.segments {
                tx.set_segment_bead(segment.id, None)?;
            }
            for (position, bead) in plan.iter().enumerate() {
                let position = position as u32;
                for id in bead.zh.iter().chain(&bead.en) {
                    tx.set_segment_bead(*id, Some(position))?;
                }
                let unchanged =
                    current.beads.iter().find(|old| old.zh == bead.zh && old.en == bead.en);
                if let Some(old) = unchanged {
                    tx.set_unit_position(old.unit, position)?;
                    outcome.kept += 1;
                    continue;
                }
                let unit = NewUnit {
                    source_lang: Some(zh_lang.clone()),
                    variants: vec![
                        NewVariant { lang: zh_lang.clone(), text: text_of(&bead.zh).concat() },
                        NewVariant {
                            lang: LanguageTag::parse("en"),
                            text: text_of(&bead.en).join(" "),
                        },
                    ],
                    created_by: String::new(),
                    provenance: Some(Provenance { article_id, position, confidence: 1.0 }),
                };
                tx.insert_units(&mut std::iter::once(unit), &now, &mut |_| {})?;
                outcome.created += 1;
            }
            for old in &current.beads {
                if !plan.iter().any(|bead| bead.zh == old.zh && bead.en == old.en) {
                    tx.delete_unit(old.unit)?;
                    removed_units.push(old.unit);
                    outcome.removed += 1;
                }
            }
            let detail = format!(
                "kept {}, created {}, removed {}",
                outcome.kept, outcome.created, outcome.removed
            );
            tx.insert_audit(&now, "alignment-edited", ("article", article_id.0), &detail)?;
            if !removed_units.is_empty() {
                tx.clear_match_index()?;
            }
            Ok(outcome)
        });
        if outcome.is_ok() {
            self.forget_indexed_units(&removed_units);
        }
        outcome.map_err(Error::from_edit)
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Article,
    Tmx,
    Tbx,
    Glossary,
    Unsupported,
}

pub(crate) fn file_kind(path: &Path) -> FileKind {
    let extension =
        path.extension().and_then(|ext| ext.to_str()).unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "txt" | "html" | "htm" | "docx" => FileKind::Article,
        _ => match crate::interchange::interchange_kind(path) {
            Some(crate::interchange::InterchangeKind::Tmx) => FileKind::Tmx,
            Some(crate::interchange::InterchangeKind::Tbx) => FileKind::Tbx,
            Some(crate::interchange::InterchangeKind::Glossary) => FileKind::Glossary,
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
        crate::interchange::apply_extras(&mut tmx_unit, unit_extras);
    }
    tmx_unit
}

/// Checks a reviewer's pairs against the article and orders them by their first Chinese sentence.
/// Every sentence id must belong to the article, on the right side, at most once.
fn plan_alignment_edit(
    current: &ArticleAlignment,
    beads: &[BeadEdit],
) -> Result<Vec<BeadEdit>, String> {
    let mut seen = std::collections::HashSet::new();
    let mut planned = Vec::with_capacity(beads.len());
    for bead in beads {
        if bead.zh.is_empty() || bead.en.is_empty() {
            return Err("a pair needs at least one Chinese and one English sentence".to_owned());
        }
        let mut ordered = BeadEdit { zh: bead.zh.clone(), en: bead.en.clone() };
        for (ids, chinese) in [(&mut ordered.zh, true), (&mut ordered.en, false)] {
            for id in ids.iter() {
                let segment = current
                    .segments
                    .iter()
                    .find(|segment| segment.id == *id)
                    .ok_or_else(|| format!("sentence {} is not part of this article", id.0))?;
                if (segment.lang.primary() == "zh") != chinese {
                    return Err(format!("sentence {} is on the wrong side of a pair", id.0));
                }
                if !seen.insert(*id) {
                    return Err(format!("sentence {} is in two pairs", id.0));
                }
            }
            let position_of = |id: &SegmentId| {
                current
                    .segments
                    .iter()
                    .find(|segment| segment.id == *id)
                    .map_or(0, |segment| segment.position)
            };
            ids.sort_by_key(position_of);
        }
        planned.push(ordered);
    }
    let first_position = |bead: &BeadEdit| {
        current
            .segments
            .iter()
            .find(|segment| segment.id == bead.zh[0])
            .map_or(0, |segment| segment.position)
    };
    planned.sort_by_key(first_position);
    Ok(planned)
}

/// The stored form of a prepared, aligned article.
fn article_record(
    source_path: &str,
    bytes: &[u8],
    prepared: &PreparedArticle,
    alignment: &Alignment,
    zh_lang: &LanguageTag,
    en_lang: &LanguageTag,
) -> NewArticle {
    let file_kind = match Path::new(source_path).extension().and_then(|ext| ext.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") => "html",
        Some(ext) if ext.eq_ignore_ascii_case("docx") => "docx",
        _ => "txt",
    };
    // Sentence index → bead index, per language, for the review view.
    let mut zh_bead = vec![None; prepared.zh.iter().map(Vec::len).sum()];
    let mut en_bead = vec![None; prepared.en.iter().map(Vec::len).sum()];
    for (bead_idx, bead) in alignment.beads.iter().enumerate() {
        for &idx in &bead.zh {
            if let Some(slot) = zh_bead.get_mut(idx) {
                *slot = Some(bead_idx as u32);
            }
        }
        for &idx in &bead.en {
            if let Some(slot) = en_bead.get_mut(idx) {
                *slot = Some(bead_idx as u32);
            }
        }
    }
    let mut segments = Vec::new();
    for (lang, blocks, beads) in
        [(zh_lang, &prepared.zh, &zh_bead), (en_lang, &prepared.en, &en_bead)]
    {
        let sentences = blocks.iter().enumerate().flat_map(|(block_idx, sentences)| {
            sentences.iter().map(move |sentence| (block_idx, sentence))
        });
        for (position, (block_idx, sentence)) in sentences.enumerate() {
            segments.push(ArticleSegment {
                lang: lang.clone(),
                position: position as u32,
                block_idx: block_idx as u32,
                text: sentence.clone(),
                bead: beads.get(position).copied().flatten(),
            });
        }
    }
    NewArticle {
        source_path: source_path.to_owned(),
        title: prepared.title.clone().unwrap_or_default(),
        original_text: prepared.text.clone(),
        original_encoding: prepared.encoding.clone(),
        imported_by: String::new(),
        file_kind: file_kind.to_owned(),
        original_bytes: (file_kind != "txt").then(|| bytes.to_vec()),
        dropped: prepared
            .dropped
            .iter()
            .map(|span| DroppedText {
                start: span.start as u32,
                end: span.end as u32,
                reason: span.reason.as_str().to_owned(),
                text: span.text.clone(),
            })
            .collect(),
        segments,
    }
}

/// `zh-Hant` when most Chinese characters are traditional forms, else `zh-Hans`.
pub(crate) fn chinese_script_tag(blocks: &[Vec<String>]) -> LanguageTag {
    let mut n_han = 0usize;
    let mut n_traditional = 0usize;
    let mut buffer = [0u8; 4];
    for character in blocks.iter().flatten().flat_map(|sentence| sentence.chars()) {
        if !('\u{4E00}'..='\u{9FFF}').contains(&character) {
            continue;
        }
        n_han += 1;
        if !fast2s::convert(character.encode_utf8(&mut buffer)).starts_with(character) {
            n_traditional += 1;
        }
    }
    // Mixed texts lean traditional only when traditional-only forms are frequent: most characters
    // are the same in both scripts.
    LanguageTag::parse(if n_han > 0 && n_traditional * 10 >= n_han { "zh-Hant" } else { "zh-Hans" })
}

fn problem_from_decode_error(error: &DecodeError) -> FileProblem {
    let (line, column) = match error {
        DecodeError::Malformed { line, column, .. } | DecodeError::DocxXml { line, column, .. } => {
            (Some(*line as u32), Some(*column as u32))
        }
        _ => (None, None),
    };
    FileProblem { line, column, message: error.to_string() }
}

/// Hex SHA-256 of an article's verbatim text: the identity used to skip re-imports.
fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The current time as RFC 3339 UTC. The façade is the one layer that reads the clock; pure
/// modules get timestamps passed in.
pub(crate) fn now_timestamp() -> String {
    jiff::Timestamp::now().to_string()
}

/// Name of the user's sentence-splitting rules file, looked for beside the database.
pub const SEGMENTATION_RULES_FILE: &str = "segmentation-rules.toml";

/// Loads sentence-splitting rules: from `explicit` when given, else from
/// [`SEGMENTATION_RULES_FILE`] beside the database when that file exists, else `None` (the
/// built-in rules). A file that cannot be read or parsed is an error naming it.
pub fn load_segmentation_rules(
    explicit: Option<&Path>,
    database: &Path,
) -> Result<Option<SegmentationRules>, Error> {
    let beside = database.parent().map(|dir| dir.join(SEGMENTATION_RULES_FILE));
    let path = match (explicit, beside) {
        (Some(path), _) => path.to_path_buf(),
        (None, Some(path)) if path.is_file() => path,
        _ => return Ok(None),
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Error::InvalidFile { path: path.clone(), message: error.to_string() })?;
    SegmentationRules::from_toml(&text)
        .map(Some)
        .map_err(|error| Error::InvalidFile { path, message: error.to_string() })
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
        assert!(!dir.path().join("memory.tmx.partial").exists());
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

    fn refresh_reporting(project: &mut Project) -> (IndexRefresh, Vec<(u64, u64)>) {
        let mut seen = Vec::new();
        let refresh = project
            .refresh_match_index_with_progress(&mut |progress| {
                seen.push((progress.done, progress.total));
            })
            .unwrap();
        (refresh, seen)
    }

    fn assert_rises_to_total(seen: &[(u64, u64)], total: u64) {
        assert_eq!(seen.first(), Some(&(0, total)), "{seen:?}");
        assert_eq!(seen.last(), Some(&(total, total)), "{seen:?}");
        assert!(seen.windows(2).all(|pair| pair[0].0 <= pair[1].0), "{seen:?}");
        assert!(seen.iter().all(|&(done, seen_total)| done <= total && seen_total == total));
    }

    #[test]
    fn index_refresh_reports_progress_that_ends_at_its_total() {
        let mut project = Project::open_in_memory().unwrap();
        project.add_units(crate::synthetic::synthetic_units(3, 0, 800), &mut |_| {}).unwrap();
        let (refresh, seen) = refresh_reporting(&mut project);
        assert_eq!(refresh, IndexRefresh::Rebuilt);
        assert_rises_to_total(&seen, 800);

        // Appending reports part-way, every INDEX_PROGRESS_EVERY units.
        project.add_units(crate::synthetic::synthetic_units(4, 800, 1_200), &mut |_| {}).unwrap();
        let (refresh, seen) = refresh_reporting(&mut project);
        assert_eq!(refresh, IndexRefresh::Extended);
        assert_rises_to_total(&seen, 1_200);
        assert_eq!(seen, vec![(0, 1_200), (500, 1_200), (1_000, 1_200), (1_200, 1_200)]);

        // A current index has nothing to report.
        assert_eq!(refresh_reporting(&mut project), (IndexRefresh::Current, Vec::new()));
    }
}
