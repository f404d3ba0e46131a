//! The memory use cases of `Project`: the match index, lookups, concordance, and editing or
//! deleting units.

use std::path::{Path, PathBuf};

use crate::{
    error::{Error, StoreError},
    matching::{
        self, Concordance, ConcordanceOptions, IndexFormatError, IndexUnit, LookupOptions,
        MatchIndex,
    },
    model::{AuditEntry, MemoryFingerprint, NewUnit, StoredUnit, UnitId, UnitOrigin},
    project::{Project, now_timestamp, xliff_document::strip_placeholders},
    store::Store,
};

/// A fuzzy match from the memory with where it came from and, when the query differs only in
/// numbers or approved terms, the match's target adjusted to the query.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryMatch {
    /// The scored match (score, source, target, diff, penalties).
    pub found: crate::matching::Match,
    /// Where the unit came from.
    pub origin: Option<UnitOrigin>,
    /// The target with the query's numbers and approved term renderings put in, when possible,
    /// and with deprecated or forbidden renderings swapped for the approved ones ("term-adjusted":
    /// replacements of kind [`crate::matching::ReplacementKind::ApprovedTerm`]).
    pub adjusted: Option<crate::matching::Adjusted>,
    /// Deprecated or forbidden renderings of the approved termbase in the match's target, with
    /// their spans (characters of the target) and the approved form.
    pub term_warnings: Vec<crate::matching::TermWarning>,
    /// A 100 match whose unit followed, in its article, the same previous segment as the query
    /// (what CAT tools call a context or 101% match).
    pub context_match: bool,
}

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

/// Which way a lookup goes: the memory serves both directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupDirection {
    /// A Chinese sentence, English translations.
    ChineseToEnglish,
    /// An English sentence, Chinese translations.
    EnglishToChinese,
}

impl LookupDirection {
    /// The direction of a query by its script: Chinese when it holds a Han character (Chinese
    /// text often carries Latin names and numbers, English text almost never Han), else English.
    pub fn detect(query: &str) -> LookupDirection {
        if query.chars().any(crate::text::is_han) {
            LookupDirection::ChineseToEnglish
        } else {
            LookupDirection::EnglishToChinese
        }
    }
}

/// How far a refresh of the match index has come, as told to its progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexProgress {
    /// Units indexed so far.
    pub done: u64,
    /// Units this refresh indexes: every unit for a rebuild, the new ones for an append.
    pub total: u64,
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

/// The approved term pairs, read once per termbase change and prepared for adjusting matches: a
/// lookup must not re-read, nor re-tokenise, a large termbase.
pub(crate) struct CachedTermPairs {
    /// The store's change token when the pairs were last known current.
    token: (i64, u64),
    /// The termbase signature they were read at.
    signature: (i64, i64, String),
    /// The pairs prepared for adjusting matches from Chinese (Chinese term, English rendering)…
    from_chinese: matching::TermAdjuster,
    /// …and from English (English rendering, Chinese term).
    from_english: matching::TermAdjuster,
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

/// The persisted index's row holds this marker and a number naming the index file, when the
/// index lives in a file beside the database.
const INDEX_FILE_MARKER: &[u8; 4] = b"TSMF";

/// The index files of a database: `DB.matchindex-NUMBER` beside it. `None` for an in-memory
/// database, whose index is stored in its `match_index` row.
fn index_file_prefix(db_path: &Path) -> Option<PathBuf> {
    let name = db_path.file_name()?.to_str()?;
    if name == ":memory:" {
        return None;
    }
    Some(db_path.with_file_name(format!("{name}.matchindex-")))
}

fn index_file(prefix: &Path, number: u64) -> PathBuf {
    let mut path = prefix.as_os_str().to_owned();
    path.push(format!("{number:016x}"));
    PathBuf::from(path)
}

/// Reads the persisted index: from the file its row names, with the texts left in the file, or
/// from the row itself. Any failure is only a missing cache.
fn read_persisted_index(
    db_path: &Path,
    source: &mut dyn std::io::Read,
    len: usize,
) -> Result<MatchIndex, IndexFormatError> {
    let missing = IndexFormatError::Corrupt("index file");
    let mut head = [0u8; 12];
    let head_len = len.min(head.len());
    source.read_exact(&mut head[..head_len]).map_err(|_| missing.clone())?;
    if len == head.len() && head.starts_with(INDEX_FILE_MARKER) {
        let mut number = [0u8; 8];
        number.copy_from_slice(&head[4..]);
        let prefix = index_file_prefix(db_path).ok_or(missing.clone())?;
        return open_index_file(&index_file(&prefix, u64::from_le_bytes(number)))
            .map_err(|_| missing)?;
    }
    MatchIndex::read_from(std::io::Read::chain(&head[..head_len], source), len)
}

/// Opens an index file: its arrays are read into memory, its texts stay in the file and are
/// read at positions when a lookup or a search needs them, so they live in the OS's page cache
/// (shared, dropped when memory is short), not in this process. An index file is written whole
/// under a new name, synced, and only then named in the database; it is never written again,
/// only deleted once another file replaces it (an open handle keeps reading the old file).
fn open_index_file(path: &Path) -> std::io::Result<Result<MatchIndex, IndexFormatError>> {
    let file = std::fs::File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).map_err(std::io::Error::other)?;
    let texts = std::sync::Arc::new(file.try_clone()?);
    let source = std::io::BufReader::with_capacity(1 << 20, file);
    Ok(MatchIndex::read_with_text_source(source, len, texts))
}

/// The matches `found` for `query` with their origins and, below 100, the target adjusted to
/// the query's numbers and to `terms` (pairs of the query's language and the target's).
fn memory_matches(
    store: &Store,
    query: &str,
    found: Vec<matching::Match>,
    terms: &matching::TermAdjuster,
) -> Result<Vec<MemoryMatch>, Error> {
    let ids: Vec<i64> = found.iter().map(|found| found.unit_id).collect();
    let origins = store.unit_origins(&ids)?;
    // Below 100 only; the query is tokenised once for all of them.
    let mut fuzzy = found.iter().filter(|found| found.score < 100).peekable();
    let mut adjusted = match fuzzy.peek() {
        Some(_) => terms.adjust_each(query, fuzzy.map(|found| (&*found.source, &*found.target))),
        None => Vec::new(),
    }
    .into_iter();
    Ok(found
        .into_iter()
        .map(|found| {
            let origin = origins.iter().find(|origin| origin.unit_id == found.unit_id).cloned();
            let adjusted = if found.score < 100 { adjusted.next().flatten() } else { None };
            MemoryMatch { found, origin, adjusted, term_warnings: Vec::new(), context_match: false }
        })
        .collect())
}

/// Persists `index` for `fingerprint`: into a new file beside the database (synced, then named
/// in the `match_index` row, then older files removed), or into the row itself for an in-memory
/// database or when the file cannot be written. Returns whether it was saved (not while another
/// process writes, nor on a read-only database: a new file is then removed unnamed) and the
/// index read back from its file, whose texts stay in the file's pages, when there is one.
fn persist_index(
    store: &mut Store,
    db_path: &Path,
    fingerprint: MemoryFingerprint,
    index: &MatchIndex,
) -> Result<(bool, Option<MatchIndex>), Error> {
    let number = jiff::Timestamp::now().as_nanosecond() as u64;
    let written = index_file_prefix(db_path).and_then(|prefix| {
        let path = index_file(&prefix, number);
        write_index_file(&path, index).ok().map(|()| (prefix, path))
    });
    let Some((prefix, path)) = written else {
        let saved = store.save_match_index(fingerprint, index.byte_len(), &mut |out| {
            index.write_to(&mut { out })
        })?;
        return Ok((saved, None));
    };
    let mut row = Vec::with_capacity(12);
    row.extend_from_slice(INDEX_FILE_MARKER);
    row.extend_from_slice(&number.to_le_bytes());
    if !store.save_match_index(fingerprint, row.len(), &mut |out| out.write_all(&row))? {
        // Another process writes, or the database is read-only: nothing names the new file.
        let _ = std::fs::remove_file(&path);
        return Ok((false, None));
    }
    remove_index_files_but(&prefix, &path);
    Ok((true, open_index_file(&path).ok().and_then(Result::ok)))
}

/// Writes the index to `PATH.partial`, syncs it, and renames it to `path`.
fn write_index_file(path: &Path, index: &MatchIndex) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let written = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&partial)?);
        index.write_to(&mut out)?;
        let file = out.into_inner().map_err(|error| error.into_error())?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// Removes the database's index files other than `keep` (best effort: a file left behind is
/// only disk space, and is removed by the next save).
fn remove_index_files_but(prefix: &Path, keep: &Path) {
    let (Some(folder), Some(stem)) = (prefix.parent(), prefix.file_name()) else { return };
    let Ok(entries) =
        std::fs::read_dir(if folder.as_os_str().is_empty() { Path::new(".") } else { folder })
    else {
        return;
    };
    let stem = stem.to_string_lossy();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(stem.as_ref()) && entry.path() != keep {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl Project {
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
        let db_path = self.path.clone();
        if self.match_index.is_none()
            && let Some((fingerprint, loaded)) = self
                .store
                .read_match_index(|source, len| read_persisted_index(&db_path, source, len))?
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
                    let (saved, mapped) = persist_index(&mut self.store, &db_path, current, index)?;
                    if let Some(mapped) = mapped {
                        *index = mapped;
                    }
                    if saved {
                        self.unpersisted_units = 0;
                    }
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
        // Not saved while another process writes, or on a read-only database: the next
        // refresh saves it.
        let (saved, mapped) = persist_index(&mut self.store, &db_path, current, &index)?;
        if let Some(mapped) = mapped {
            // The same index, its texts now in the file's pages rather than this process's heap.
            index = mapped;
        }
        self.unpersisted_units = if saved { 0 } else { PERSIST_INDEX_AFTER };
        self.match_index = Some((current, index));
        progress(IndexProgress { done: total, total });
        Ok(IndexRefresh::Rebuilt)
    }

    /// Takes deleted units out of the index in memory (the persisted copy was cleared in the same
    /// transaction as the deletion), so the next refresh needs no rebuild.
    pub(super) fn forget_indexed_units(&mut self, units: &[UnitId]) {
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
        let before = self.phrase_snapshot(unit)?;
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
        self.reindex_unit(unit)?;
        self.update_phrases(unit, before)
    }

    /// Deletes a unit (with its variants and provenance), recording it in the audit log.
    pub fn delete_unit(&mut self, unit: UnitId) -> Result<(), Error> {
        let now = now_timestamp();
        let before = self.phrase_snapshot(unit)?;
        self.store.write(|tx| {
            let detail = tx.unit_summary(unit)?;
            tx.delete_unit(unit)?;
            tx.insert_audit(&now, "unit-deleted", ("unit", unit.0), &detail)?;
            tx.clear_match_index()
        })?;
        self.forget_indexed_units(&[unit]);
        self.forget_phrases(unit, before);
        Ok(())
    }

    /// The unit's history, oldest first: creation, edits (old → new), review actions.
    pub fn unit_history(&self, unit: UnitId) -> Result<Vec<AuditEntry>, Error> {
        Ok(self.store.audit_entries("unit", unit.0)?)
    }

    /// [`Project::lookup`], also marking context matches: a 100 match whose unit followed, in its
    /// article, a unit whose source is `previous_source` (the segment before the query). An
    /// English query is looked up from English ([`Project::lookup_in_direction`]).
    pub fn lookup_in_context(
        &mut self,
        query: &str,
        previous_source: Option<&str>,
        options: &LookupOptions,
    ) -> Result<Vec<MemoryMatch>, Error> {
        // An XLIFF segment's inline codes are not in the memory: it is looked up without them,
        // and its matches lose the tag penalty, as `tessera pretranslate` scores them.
        if query.chars().any(crate::text::is_tag_placeholder) {
            let plain = strip_placeholders(query);
            let previous = previous_source.map(strip_placeholders);
            let mut matches = self.lookup_in_context(&plain, previous.as_deref(), options)?;
            for found in &mut matches {
                found.found.score =
                    found.found.score.saturating_sub(matching::PenaltyKind::Tags.points());
                found.context_match = false;
            }
            matches.retain(|found| found.found.score >= options.min_score);
            return Ok(matches);
        }
        if LookupDirection::detect(query) == LookupDirection::EnglishToChinese {
            return self.lookup_in_direction(query, LookupDirection::EnglishToChinese, options);
        }
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
        self.refresh_approved_terms()?;
        let Some((_, index)) = &self.match_index else { return Ok(Vec::new()) };
        let found = index.lookup(query, options);
        let no_terms = matching::TermAdjuster::default();
        let terms = self.approved_terms.as_ref().map_or(&no_terms, |cached| &cached.from_chinese);
        let mut matches = memory_matches(&self.store, query, found, terms)?;
        self.mark_stale_terms(&mut matches)?;
        Ok(matches)
    }

    /// Marks the deprecated and forbidden renderings of the approved termbase in each match's
    /// target, and offers the target with the approved renderings swapped in ("term-adjusted").
    fn mark_stale_terms(&mut self, matches: &mut [MemoryMatch]) -> Result<(), Error> {
        self.with_term_index(|_, index| {
            for memory_match in matches.iter_mut() {
                let found = &memory_match.found;
                let warnings: Vec<matching::TermWarning> =
                    term_warnings(index, &found.source, &found.target)
                        .into_iter()
                        .filter(|warning| !warning.suggestion.is_empty())
                        .collect();
                if warnings.is_empty() {
                    continue;
                }
                memory_match.adjusted = matching::swap_approved_terms(
                    &found.target,
                    memory_match.adjusted.take(),
                    &warnings,
                );
                memory_match.term_warnings = warnings;
            }
        })
    }

    /// [`Project::lookup`] in either direction: from English, matches are searched among the
    /// units' English sides and offer their Chinese, adjusted to the query's numbers and approved
    /// terms as from Chinese.
    pub fn lookup_in_direction(
        &mut self,
        query: &str,
        direction: LookupDirection,
        options: &LookupOptions,
    ) -> Result<Vec<MemoryMatch>, Error> {
        if direction == LookupDirection::ChineseToEnglish {
            return self.lookup(query, options);
        }
        let token = self.store.change_token()?;
        if self.english_index.as_ref().is_none_or(|(built_at, _)| *built_at != token) {
            let mut index = MatchIndex::new();
            let mut after_id = 0;
            loop {
                let page = self.store.pairs_page(after_id, INDEX_BUILD_PAGE)?;
                let Some(&(last_id, _, _)) = page.last() else { break };
                after_id = last_id;
                index.extend(
                    page.iter().filter(|(_, zh, en)| !zh.is_empty() || !en.is_empty()).map(
                        |(unit_id, zh, en)| IndexUnit { unit_id: *unit_id, source: en, target: zh },
                    ),
                );
            }
            self.english_index = Some((token, index));
        }
        self.refresh_approved_terms()?;
        let Some((_, index)) = &self.english_index else { return Ok(Vec::new()) };
        let found = index.lookup(query, options);
        // From English, the term pairs run the other way: English found, Chinese put in.
        let no_terms = matching::TermAdjuster::default();
        let terms = self.approved_terms.as_ref().map_or(&no_terms, |cached| &cached.from_english);
        memory_matches(&self.store, query, found, terms)
    }

    /// Makes the cached approved term pairs current. After any write (this connection's or
    /// another's) the termbase signature is read once; only a different signature re-reads the
    /// pairs, so confirming segments never re-reads the termbase.
    fn refresh_approved_terms(&mut self) -> Result<(), Error> {
        let token = self.store.change_token()?;
        if let Some(cached) = &mut self.approved_terms {
            if cached.token == token {
                return Ok(());
            }
            let signature = self.store.termbase_signature()?;
            if cached.signature == signature {
                cached.token = token;
                return Ok(());
            }
        }
        let signature = self.store.termbase_signature()?;
        let pairs = self.store.approved_term_pairs()?;
        let from_chinese =
            matching::TermAdjuster::new(pairs.iter().map(|(zh, en)| (zh.as_str(), en.as_str())));
        let from_english =
            matching::TermAdjuster::new(pairs.iter().map(|(zh, en)| (en.as_str(), zh.as_str())));
        self.approved_terms =
            Some(CachedTermPairs { token, signature, from_chinese, from_english });
        Ok(())
    }

    /// Every unit containing `text` on the chosen side, with the histogram of how it was
    /// translated; hits whose target carries a deprecated or forbidden rendering are marked.
    pub fn concordance(
        &mut self,
        text: &str,
        options: &ConcordanceOptions,
    ) -> Result<Concordance, Error> {
        self.refresh_match_index()?;
        let mut concordance = match &self.match_index {
            Some((_, index)) => index.concordance(text, options),
            None => Concordance { hits: Vec::new(), renderings: Vec::new(), complete: true },
        };
        self.with_term_index(|_, index| {
            for hit in &mut concordance.hits {
                hit.term_warnings = term_warnings(index, &hit.source, &hit.target);
            }
        })?;
        Ok(concordance)
    }

    /// Where these units came from (article, date, author).
    pub fn unit_origins(&self, unit_ids: &[i64]) -> Result<Vec<UnitOrigin>, Error> {
        Ok(self.store.unit_origins(unit_ids)?)
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

/// The deprecated and forbidden renderings the termbase's check finds in `target`.
fn term_warnings(
    index: &crate::terminology::TermIndex,
    source: &str,
    target: &str,
) -> Vec<matching::TermWarning> {
    use crate::terminology::FindingKind;
    index
        .stale_renderings(source, target)
        .into_iter()
        .filter_map(|finding| {
            let forbidden = match finding.kind {
                FindingKind::Deprecated => false,
                FindingKind::Forbidden => true,
                _ => return None,
            };
            Some(matching::TermWarning {
                forbidden,
                start: finding.start,
                end: finding.end,
                found: finding.found,
                suggestion: finding.suggestion,
                concept_id: finding.concept_id,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_lookup_direction_follows_the_script_of_the_query() {
        for (query, direction) in [
            ("习近平会见G20代表", LookupDirection::ChineseToEnglish),
            ("臺灣", LookupDirection::ChineseToEnglish),
            ("Xi Jinping met G20 delegates.", LookupDirection::EnglishToChinese),
            ("2024", LookupDirection::EnglishToChinese),
        ] {
            assert_eq!(LookupDirection::detect(query), direction, "{query}");
        }
    }

    #[test]
    fn an_english_query_finds_the_unit_by_its_english_side() {
        let mut project = Project::open_in_memory().unwrap();
        project.add_units(crate::synthetic::synthetic_units(3, 0, 200), &mut |_| {}).unwrap();
        let unit = project.units(0, 1).unwrap().remove(0);
        let text = |prefix: &str| {
            unit.variants.iter().find(|(lang, _)| lang.primary() == prefix).unwrap().1.clone()
        };
        let options = LookupOptions::default();
        let found = project
            .lookup_in_direction(&text("en"), LookupDirection::EnglishToChinese, &options)
            .unwrap();
        assert_eq!(found[0].found.score, 100);
        assert_eq!(found[0].found.target, text("zh"));
        // The Chinese index is not consulted for English.
        let from_chinese = project.lookup(&text("en"), &options).unwrap();
        assert!(from_chinese.iter().all(|found| found.found.score < 100));
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

    #[test]
    fn approving_a_term_takes_effect_in_the_next_lookups_adjusted_match() {
        let dir = tempfile::tempdir().unwrap();
        let glossary = dir.path().join("names.csv");
        std::fs::write(&glossary, "zh,en\n王雯,Wang Wen\n李明,Li Ming\n").unwrap();
        let mut project = Project::open(&dir.path().join("memory.db")).unwrap();
        let unit = NewUnit {
            source_lang: Some(crate::LanguageTag::parse("zh-Hans")),
            variants: vec![
                crate::NewVariant {
                    lang: crate::LanguageTag::parse("zh-Hans"),
                    text: "王雯会见了代表团。".to_owned(),
                },
                crate::NewVariant {
                    lang: crate::LanguageTag::parse("en"),
                    text: "Wang Wen met the delegation.".to_owned(),
                },
            ],
            created_by: "test".to_owned(),
            provenance: None,
        };
        project.add_units([unit], &mut |_| {}).unwrap();
        project.import_glossary_table(&glossary).unwrap();
        let options = LookupOptions::default();
        let adjusted = |project: &mut Project| {
            let matches = project.lookup("李明会见了代表团。", &options).unwrap();
            matches[0].adjusted.as_ref().map(|adjusted| adjusted.target.clone())
        };
        // Candidates only: the names are not terms yet, and this lookup fills the cache.
        assert_eq!(adjusted(&mut project), None);
        assert_eq!(adjusted(&mut project), None);
        for concept in project.terms(Some("candidate"), None).unwrap() {
            let approve = crate::ReviewDecision::Approve { preferred: None };
            project.review_concept(concept.id, &approve, "").unwrap();
        }
        assert_eq!(adjusted(&mut project).as_deref(), Some("Li Ming met the delegation."));
    }

    #[test]
    fn an_index_persisted_in_a_previous_byte_format_is_rebuilt() {
        // Version 1 held u32 posting lists, version 2 one table per segment, loaded whole.
        for version in [1u32, 2] {
            an_index_persisted_in_byte_format_is_rebuilt(version);
        }
    }

    fn an_index_persisted_in_byte_format_is_rebuilt(version: u32) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("memory.db");
        let mut project = Project::open(&path).unwrap();
        project.add_units(crate::synthetic::synthetic_units(5, 0, 300), &mut |_| {}).unwrap();
        assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Rebuilt);
        // Tag the persisted bytes as an older version, keeping the fingerprint.
        let (fingerprint, index) = project.match_index.take().unwrap();
        let mut bytes = index.to_bytes();
        bytes[4..8].copy_from_slice(&version.to_le_bytes());
        project
            .store
            .save_match_index(fingerprint, bytes.len(), &mut |out| out.write_all(&bytes))
            .unwrap();
        drop(project);

        let mut reopened = Project::open(&path).unwrap();
        assert_eq!(reopened.refresh_match_index().unwrap(), IndexRefresh::Rebuilt);
        let query = crate::synthetic::synthetic_pair(5, 42).zh;
        let found = reopened.lookup(&query, &LookupOptions::default()).unwrap();
        assert_eq!(found[0].found.score, 100);
        drop(reopened);
        // The rebuilt index was persisted in the current format: the next open loads it.
        let mut again = Project::open(&path).unwrap();
        assert_eq!(again.refresh_match_index().unwrap(), IndexRefresh::Loaded);
    }

    fn index_files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains(".matchindex-"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_index_lives_in_one_mapped_file_that_an_edit_makes_stale() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("memory.db");
        let mut project = Project::open(&path).unwrap();
        let ids =
            project.add_units(crate::synthetic::synthetic_units(6, 0, 400), &mut |_| {}).unwrap();
        assert_eq!(project.refresh_match_index().unwrap(), IndexRefresh::Rebuilt);
        let first_files = index_files(dir.path());
        assert_eq!(first_files.len(), 1, "{first_files:?}");
        let query = crate::synthetic::synthetic_pair(6, 42).zh;
        let options = LookupOptions::default();
        let before = project.lookup(&query, &options).unwrap();
        drop(project);

        // Reopened: the file is mapped and answers as the built index did.
        let mut reopened = Project::open(&path).unwrap();
        assert_eq!(reopened.refresh_match_index().unwrap(), IndexRefresh::Loaded);
        assert_eq!(reopened.lookup(&query, &options).unwrap(), before);
        // Units added to a mapped index are found too.
        reopened.add_units(crate::synthetic::synthetic_units(6, 400, 10), &mut |_| {}).unwrap();
        let added = crate::synthetic::synthetic_pair(6, 405).zh;
        assert_eq!(reopened.lookup(&added, &options).unwrap()[0].found.score, 100);
        // An edit clears the row that names the file: the next process must not load the file's
        // old text.
        reopened.edit_unit(ids[42], UnitSide::Source, "完全不同的句子。").unwrap();
        drop(reopened);
        let mut after_edit = Project::open(&path).unwrap();
        assert_eq!(after_edit.refresh_match_index().unwrap(), IndexRefresh::Rebuilt);
        let found = after_edit.lookup("完全不同的句子。", &options).unwrap();
        assert_eq!(found[0].found.unit_id, ids[42].0);
        assert_eq!(found[0].found.score, 100);
        // The rebuild wrote a new file and removed the old one.
        let files = index_files(dir.path());
        assert_eq!(files.len(), 1, "{files:?}");
        assert_ne!(files, first_files);
    }
}
