//! The n-gram index over units' matching forms, its lookup, and its byte format.
//!
//! # Layout
//!
//! Units are numbered in the order they were added (`idx`, a `u32`); their ids, texts and source
//! lengths live in flat arrays. Posting lists live in *segments*: a segment is an immutable,
//! compressed table (sorted gram keys → lengths and byte offsets → delta + varint unit numbers)
//! over a contiguous range of units. A bulk [`MatchIndex::build`] makes one segment per core;
//! [`MatchIndex::add`] collects new units in a small hash map that becomes a segment every
//! [`DELTA_UNITS`] units. Deletes set a tombstone bit. Writing merges consecutive segments into
//! tables of up to [`TABLE_UNITS`] units. An index read with
//! [`MatchIndex::read_with_text_source`] leaves the texts of its units and those tables in a
//! [`TextSource`] (the index file, read at positions: they stay in the operating system's page
//! cache, never in this process's memory), holding only each table's directory; units added
//! afterwards keep their texts in the index and their grams in new segments. Such texts are read
//! one unit at a time, into a [`TextWindow`]; a gram's entries and list are read when a lookup or
//! a search asks for the gram.
//!
//! # Byte format (version 3, little-endian, no padding)
//!
//! ```text
//! "TSMI" | version u32 | n_units u64 | ids [i64; n] | source_lengths [u16; n]
//! | text_offsets [u64; 2n+1] | text [u8; text_offsets[2n]] | tombstones [u64; ceil(n/64)]
//! | n_words u64 | per word: len u32, UTF-8 bytes (sorted)
//! | n_tables u32 | per table: start u32 | end u32 | n_grams u64 | directory_bits u32
//!   | entries [key u64, offset u64, len u32; n_grams] (by key)
//!   | directory [u32; 2^directory_bits + 1] | postings_len u64 | postings [u8; postings_len]
//! ```
//!
//! The tables cover consecutive ranges of units, each at most [`TABLE_UNITS`] (about four
//! million) unless one segment was longer. A gram's list in a table is `len` gaps between its
//! unit numbers (the first from the table's `start`), each a LEB128 varint, from `offset` in
//! `postings` to the next entry's offset: 1–2 bytes a posting where a `u32` took 4. `directory[b]` is the first entry whose key's top `directory_bits` bits
//! are at least `b` (about two entries per slot), so a gram is found by reading a few entries.
//! Loading into memory is a bounds-checked copy per array, one UTF-8 check of the text and one
//! pass over the entries; loading from a file reads the small arrays and the directory only: no
//! hashing, sorting, tokenising or decoding. A list is decoded while it is scanned, and decoding
//! stops at damage, so corrupt bytes can never index out of the table. The pending delta is
//! merged in like any segment. Gram keys are our own stable hashes ([`crate::text`]'s FNV-1a
//! with a SplitMix finaliser), never the standard library's, so a saved index stays valid across
//! builds. An index of another version is refused ([`IndexFormatError::UnsupportedVersion`]),
//! and the caller rebuilds it.
//!
//! # Lookup
//!
//! 1. The query's distinct grams are looked up and sorted by document frequency.
//! 2. ScanCount: lists are scanned from the rarest, each unit's count of shared grams kept in a
//!    `u8` per unit, until [`SCAN_BUDGET`] postings were counted (at least [`MIN_LISTS`] lists;
//!    up to [`TARGET_LISTS`] within the budget's share of the units, [`ScanLimits`], in a memory
//!    so large that the budget covers fewer).
//!    The lists are counted a block of [`SCAN_BLOCK`] units at a time (every list's part in
//!    the block, then the next block), into one block's counters that stay in the core's cache.
//!    After each block its touched units enter a histogram of counts, which gives the cut: the
//!    highest count that still leaves [`CANDIDATE_POOL`] units; the block's units at or above
//!    the cut so far are kept (more units only raise it). Once the lists left cannot bring a
//!    unit not yet counted in the block up to the cut so far, they only count units already
//!    seen.
//! 3. Units at or above the cut that pass the exact length filter (a base score of `min_score`
//!    needs `min_score · max(n, m) ≤ 100 · min(n, m)`) are ranked by count, then closeness of
//!    length, then recency; the first [`SHORTLIST`] form the shortlist.
//! 4. Each shortlisted unit gets an upper bound of its base score from what the scan knows: the
//!    query grams it lacks (an edit loses at most three of them, two around a Chinese character)
//!    and its length ([`base_score_bound`]). The shortlist is scored exactly (rapidfuzz
//!    Levenshtein on token hashes, with the edit cutoff for `min_score`) from the highest bound
//!    down, until the next bound is below the `limit`-th best base score.
//! 5. The best base scores are explained (penalties, diff) until no remaining candidate can
//!    enter the top `limit` (a candidate whose numbers differ from the query's, told by a
//!    signature of their hashes, is not explained when its base less that penalty cannot); units
//!    left unscored whose bound still reaches the `limit`-th final score (and, when it only
//!    ties it, that are newer than the `limit`-th match) are then scored too. So the early exit
//!    returns exactly what scoring the whole shortlist would (a test compares both); only the
//!    shortlist itself is a heuristic.
//! 6. Ties, in a memory of more than a million units: of the units the shortlist left out (down
//!    to the cut), the newest [`NEWEST`] per million units that are newer than the last match
//!    and whose bound reaches its score are scored; any that ties with it or beats it enters the
//!    matches. A large memory holds many units of the last matches' score, of which the newest
//!    rank first, and the shortlist, chosen by shared grams, need not hold them. Newest first,
//!    each unit that enters raises the last match, and a unit whose bound cannot outrank the
//!    new last match is not read.
//!
//! A lookup's buffers (a block's counters, the touched units, the candidates, a tokenizer)
//! are pooled in the index and reused.
//!
//! This is a heuristic: a unit sharing few of the *rare* grams can be missed. The benchmark
//! (`examples/matching_bench.rs`) measures agreement with [`brute_force_lookup`].

use std::{
    cmp::Reverse,
    collections::{BinaryHeap, HashMap},
    hash::{BuildHasherDefault, Hasher},
    sync::Mutex,
};

use rapidfuzz::distance::levenshtein;

use crate::{
    matching::{
        LookupOptions, Match, PenaltyKind,
        score::{PreparedQuery, base_score, max_edits_for},
    },
    text::{TokenKind, Tokenizer, mix64, token_hash},
};

/// New units are gathered in a hash map and frozen into a segment after this many.
pub(crate) const DELTA_UNITS: usize = 65_536;

/// Posting lists are scanned from the rarest gram until this many postings have been counted…
const SCAN_BUDGET: usize = 120_000;
/// …but at least this many lists, however long…
const MIN_LISTS: usize = 3;
/// …and, in a memory so large that the budget covers fewer lists than this, more lists up to
/// this many, as long as the postings counted stay within the budget's share of the units.
const TARGET_LISTS: usize = 8;
/// The memory size at which [`SCAN_BUDGET`] covers about [`TARGET_LISTS`] lists of a sentence.
const BUDGET_UNITS: usize = 1_000_000;
/// Units counted at a time in a lookup: their counters (a byte each) stay in a core's cache.
const SCAN_BLOCK: u32 = 1 << 16;
/// Candidates scored exactly per lookup.
const SHORTLIST: usize = 300;
/// In a memory of more than [`BUDGET_UNITS`] units, this many of the newest candidates the
/// shortlist leaves out, for every [`BUDGET_UNITS`] units, are checked for ties with the last
/// matches (1,000 at ten million units).
const NEWEST: usize = 100;
/// Units with the highest counts kept for the length filter and the shortlist.
const CANDIDATE_POOL: usize = 4 * SHORTLIST;
/// Segments shorter than this many content tokens also index single Chinese characters.
const SHORT_SEGMENT: usize = 6;

/// How many of a lookup's posting lists are counted: the rarest lists up to `budget` postings (at
/// least `min_lists`); when they are fewer than `target_lists`, more lists up to that many, as
/// long as the postings stay within `budget` for every `budget_units` units of the index. And how
/// many candidates left out of the shortlist are checked for ties with the last matches.
///
/// A posting budget fixed for any memory covers a few lists of a very large one: at ten million
/// units the three rarest lists of a sentence hold more than 120,000 postings, counts of 0–3 say
/// little about which units are closest, and the shortlist cuts units that a full scan ranks in
/// the top five. Lists grow with the memory, so the budget's share of the units keeps the lists
/// counted (and the agreement with the brute force) near those of a million units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ScanLimits {
    pub(super) budget: usize,
    pub(super) min_lists: usize,
    pub(super) target_lists: usize,
    pub(super) budget_units: usize,
    /// Candidates left out of the shortlist checked for ties with the last matches, newest
    /// first, in an index of more than `budget_units` units: this many for every
    /// `budget_units` units.
    pub(super) newest: usize,
    /// Units counted at a time ([`SCAN_BLOCK`]).
    pub(super) block: u32,
}

impl Default for ScanLimits {
    fn default() -> ScanLimits {
        ScanLimits {
            budget: SCAN_BUDGET,
            min_lists: MIN_LISTS,
            target_lists: TARGET_LISTS,
            budget_units: BUDGET_UNITS,
            newest: NEWEST,
            block: SCAN_BLOCK,
        }
    }
}

impl ScanLimits {
    /// How many of the candidates left out of the shortlist to check for ties, in an index of
    /// `n_units` units.
    pub(super) fn newest_for(&self, n_units: usize) -> usize {
        if n_units <= self.budget_units {
            return 0;
        }
        self.newest.saturating_mul(n_units) / self.budget_units.max(1)
    }

    /// How many of `lists` (sorted by length, with their lengths first) to count in an index
    /// of `n_units` units; at most 255, so that a count fits a `u8`.
    pub(super) fn lists_to_count<T, U>(&self, lists: &[(usize, T, U)], n_units: usize) -> usize {
        let extended = self.budget.saturating_mul(n_units) / self.budget_units.max(1);
        let mut postings = 0usize;
        let mut n_lists = 0;
        for (list_idx, (df, _, _)) in lists.iter().enumerate().take(255) {
            let total = postings.saturating_add(*df);
            let fits = total <= self.budget || (list_idx < self.target_lists && total <= extended);
            if list_idx >= self.min_lists && !fits {
                break;
            }
            postings = total;
            n_lists += 1;
        }
        n_lists
    }
}

/// One unit to index: its id and its two texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexUnit<'a> {
    /// The unit's id (the store's row id).
    pub unit_id: i64,
    /// Source text, as stored.
    pub source: &'a str,
    /// Target text, as stored.
    pub target: &'a str,
}

/// Why bytes could not be read as an index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexFormatError {
    /// The bytes do not start with the index's magic number.
    #[error("not a match index")]
    NotAnIndex,
    /// The index was written by another version of the format.
    #[error("unsupported match index version {0}")]
    UnsupportedVersion(u32),
    /// The bytes end early or hold inconsistent sizes.
    #[error("corrupt match index: {0}")]
    Corrupt(&'static str),
}

/// An n-gram index over the source (for fuzzy matches and concordance) and the target (for
/// concordance) of a memory's units. See the module docs of [`crate::matching`].
#[derive(Debug, Default)]
pub struct MatchIndex {
    pub(super) ids: Vec<i64>,
    source_lengths: Vec<u16>,
    text_offsets: Vec<u64>,
    /// The texts of the units read from a text source (the index file), left where they are:
    /// `text_offsets` below `shared_text.len` point into it, the rest into `text`.
    shared_text: Option<SharedText>,
    text: String,
    tombstones: Vec<u64>,
    n_removed: usize,
    /// Distinct words (matching form) of both sides, sorted: concordance looks up the words that
    /// contain a fragment.
    vocabulary: Vec<String>,
    segments: Vec<Segment>,
    delta: HashMap<u64, Vec<u32>, IdentityBuild>,
    delta_start: u32,
    scratch: Mutex<Vec<Scratch>>,
    /// How many posting lists a lookup counts.
    pub(super) scan_limits: ScanLimits,
}

/// Bytes that an index reads its texts from at positions instead of holding them, such as the
/// index file: its pages stay in the operating system's page cache, shared and dropped when memory
/// is short, and are never mapped into the process (a memory map of a file read at random maps
/// whole large folios, up to megabytes, per text touched).
pub trait TextSource: Send + Sync {
    /// Fills `buffer` with the bytes at `offset`.
    fn read_exact_at(&self, buffer: &mut [u8], offset: u64) -> std::io::Result<()>;
}

impl TextSource for std::fs::File {
    #[cfg(unix)]
    fn read_exact_at(&self, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(self, buffer, offset)
    }

    #[cfg(windows)]
    fn read_exact_at(&self, mut buffer: &mut [u8], mut offset: u64) -> std::io::Result<()> {
        while !buffer.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(self, buffer, offset) {
                Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                Ok(n_read) => {
                    buffer = &mut buffer[n_read..];
                    offset += n_read as u64;
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }
}

impl TextSource for Vec<u8> {
    fn read_exact_at(&self, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let bytes = start
            .checked_add(buffer.len())
            .and_then(|end| self.get(start..end))
            .ok_or(std::io::ErrorKind::UnexpectedEof)?;
        buffer.copy_from_slice(bytes);
        Ok(())
    }
}

/// The texts region of a text source.
struct SharedText {
    source: std::sync::Arc<dyn TextSource>,
    start: u64,
    len: usize,
}

/// The bytes of a text source last read by a lookup or a concordance search: the unit it needs,
/// and for a scan (units newest first) up to `behind` bytes before it, which usually hold the next
/// units it checks, so that one read serves several.
#[derive(Debug, Default)]
pub(super) struct TextWindow {
    bytes: Vec<u8>,
    /// Offset of `bytes[0]` in the texts.
    start: usize,
    behind: usize,
}

impl TextWindow {
    /// A window for a scan from newer to older units, reading `behind` bytes at once.
    pub(super) fn reading_behind(behind: usize) -> TextWindow {
        TextWindow { behind, ..TextWindow::default() }
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("SharedText").field("len", &self.len).finish_non_exhaustive()
    }
}

/// Which side and which kind of gram a key stands for (mixed into the key, so one table holds all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GramSide {
    Source,
    Target,
}

impl MatchIndex {
    /// An empty index.
    pub fn new() -> MatchIndex {
        MatchIndex::default()
    }

    /// Indexes `units` in bulk, using both cores.
    pub fn build<'a>(units: impl IntoIterator<Item = IndexUnit<'a>>) -> MatchIndex {
        let mut index = MatchIndex::new();
        index.extend(units);
        index
    }

    /// Adds many units at once, as new segments built on both cores (faster than [`add`] for
    /// batches; a memory loaded in batches of 100,000 or more keeps few segments).
    ///
    /// [`add`]: MatchIndex::add
    pub fn extend<'a>(&mut self, units: impl IntoIterator<Item = IndexUnit<'a>>) {
        self.freeze_delta();
        if self.text_offsets.is_empty() {
            self.text_offsets.push(0);
        }
        let first = self.ids.len();
        for unit in units {
            self.push_unit(unit);
        }
        let n_units = self.ids.len();
        let n_new = n_units - first;
        self.source_lengths.resize(n_units, 0);
        let n_parts = if n_new >= 20_000 { 2 } else { 1 };
        let part_len = n_new.div_ceil(n_parts).max(1);
        let built: Vec<(Segment, Vec<u16>, Vec<String>)> = std::thread::scope(|scope| {
            let index = &*self;
            let handles: Vec<_> = (0..n_parts)
                .map(|part| {
                    let start = (first + part * part_len).min(n_units);
                    let end = (first + (part + 1) * part_len).min(n_units);
                    scope.spawn(move || index.build_segment(start as u32, end as u32))
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut start = first;
        for (segment, lengths, words) in built {
            self.vocabulary.extend(words);
            self.source_lengths[start..start + lengths.len()].copy_from_slice(&lengths);
            start += lengths.len();
            if segment.end > segment.start {
                self.segments.push(segment);
            }
        }
        self.vocabulary.sort_unstable();
        self.vocabulary.dedup();
        self.delta_start = n_units as u32;
        self.tombstones.resize(n_units.div_ceil(64), 0);
    }

    /// Adds one unit. Cheap: it goes to the delta, which becomes a segment every [`DELTA_UNITS`]
    /// units.
    pub fn add(&mut self, unit: IndexUnit<'_>) {
        if self.text_offsets.is_empty() {
            self.text_offsets.push(0);
        }
        let idx = self.push_unit(unit) as u32;
        let mut tokenizer = Tokenizer::default();
        for text in [unit.source, unit.target] {
            let vocabulary = &mut self.vocabulary;
            tokenizer.run(text, |kind, _, norm| {
                if kind == TokenKind::Word
                    && let Err(at) = vocabulary.binary_search_by(|word| word.as_str().cmp(norm))
                {
                    vocabulary.insert(at, norm.to_owned());
                }
            });
        }
        let mut grams = Vec::new();
        let length = unit_grams(&mut tokenizer, unit.source, GramSide::Source, &mut grams);
        self.source_lengths.push(length);
        for gram in &grams {
            self.delta.entry(*gram).or_default().push(idx);
        }
        unit_grams(&mut tokenizer, unit.target, GramSide::Target, &mut grams);
        for gram in &grams {
            self.delta.entry(*gram).or_default().push(idx);
        }
        if self.tombstones.len() * 64 < self.ids.len() {
            self.tombstones.push(0);
        }
        if self.ids.len() - self.delta_start as usize >= DELTA_UNITS {
            self.freeze_delta();
        }
    }

    /// Removes the unit with this id (all its copies); returns whether one was there.
    pub fn remove(&mut self, unit_id: i64) -> bool {
        let mut found = false;
        for idx in 0..self.ids.len() {
            if self.ids[idx] == unit_id && !self.is_removed(idx as u32) {
                self.tombstones[idx / 64] |= 1 << (idx % 64);
                self.n_removed += 1;
                found = true;
            }
        }
        found
    }

    /// Number of live units.
    pub fn len(&self) -> usize {
        self.ids.len() - self.n_removed
    }

    /// Whether the index holds no live unit.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `each` with the live units, in the order they were added.
    pub fn for_each_unit(&self, mut each: impl FnMut(IndexUnit<'_>)) {
        let mut window = TextWindow::reading_behind(0);
        for idx in (0..self.ids.len() as u32).filter(|idx| !self.is_removed(*idx)) {
            each(self.unit(idx, &mut window));
        }
    }

    /// The best matches for `query`: at most `options.limit`, scoring at least
    /// `options.min_score`, best first; equal scores put the larger unit id first.
    pub fn lookup(&self, query: &str, options: &LookupOptions) -> Vec<Match> {
        self.lookup_with(query, options, true)
    }

    /// [`MatchIndex::lookup`], scoring the whole shortlist when `prune` is false (the reference
    /// that the bounded early exit must agree with exactly).
    pub(super) fn lookup_with(
        &self,
        query: &str,
        options: &LookupOptions,
        prune: bool,
    ) -> Vec<Match> {
        let mut scratch =
            self.scratch.lock().ok().and_then(|mut pool| pool.pop()).unwrap_or_default();
        let found = self.lookup_in(query, options, prune, &mut scratch);
        if let Ok(mut pool) = self.scratch.lock() {
            pool.push(scratch);
        }
        found
    }

    fn lookup_in(
        &self,
        query: &str,
        options: &LookupOptions,
        prune: bool,
        scratch: &mut Scratch,
    ) -> Vec<Match> {
        let Scratch {
            counters,
            touched,
            candidates,
            deferred,
            recent,
            tokenizer,
            hashes,
            window,
            list_bytes,
            survivors,
        } = scratch;
        let mut query_hashes = Vec::new();
        let mut other_tokens = 0;
        tokenizer.run(query, |kind, _, norm| {
            if kind.is_content() {
                query_hashes.push(token_hash(kind, norm));
                other_tokens += usize::from(kind != TokenKind::Han);
            }
        });
        let mut query_grams = Vec::new();
        unit_grams(tokenizer, query, GramSide::Source, &mut query_grams);
        if query_hashes.is_empty() || options.limit == 0 {
            return Vec::new();
        }
        let n_query = query_hashes.len();
        let mut lists: Vec<(usize, u64, Vec<PostingList<'_>>)> = query_grams
            .iter()
            .map(|gram| {
                let parts = self.postings(*gram);
                (parts.iter().map(|part| part.len()).sum(), *gram, parts)
            })
            .filter(|(df, _, _)| *df > 0)
            .collect();
        lists.sort_unstable_by_key(|(df, gram, _)| (*df, *gram));
        // Grams of the query that no unit holds: missing from every candidate.
        let absent = query_grams.len() - lists.len();

        let n_scanned_lists = self.scan_limits.lists_to_count(&lists, self.ids.len());
        let histogram = self.count_shared_grams(
            &lists[..n_scanned_lists],
            counters,
            touched,
            survivors,
            list_bytes,
        );
        // The smallest count that still leaves enough candidates after the length filter, and
        // the highest that gives a whole shortlist before it.
        let (cut, high) = cut_and_high(&histogram);
        let min_score = usize::from(options.min_score);
        // base ≥ min needs min·max(n, m) ≤ 100·min(n, m): a cheap, exact length filter.
        let fits = |length: usize| {
            min_score * length.max(n_query) <= 100 * length.min(n_query) || min_score == 0
        };
        // A short query also indexes single Chinese characters, which a long unit does not: the
        // bound below only holds for grams that every unit indexes alike.
        let bounded = n_query >= SHORT_SEGMENT;
        let candidate = |idx: u32, count: u8| {
            let length = usize::from(self.source_lengths[idx as usize]);
            if self.is_removed(idx) || !fits(length) {
                return None;
            }
            let bound = if bounded && length < usize::from(u16::MAX) {
                let missing = absent + n_scanned_lists - usize::from(count);
                base_score_bound(n_query, length, missing, other_tokens)
            } else {
                100
            };
            Some(Candidate { count, closeness: length.abs_diff(n_query) as u32, idx, bound })
        };
        candidates.clear();
        deferred.clear();
        for &(idx, count) in survivors.iter() {
            if count >= high {
                candidates.extend(candidate(idx, count));
            } else if count >= cut {
                deferred.push((idx, count));
            }
        }
        // The shortlist is the best by count first: when the units counted at least `high`
        // fill it, those below cannot enter it, and their lengths (read at random) are never
        // read.
        let deferred_left = candidates.len() >= SHORTLIST;
        if !deferred_left {
            candidates.extend(deferred.iter().filter_map(|&(idx, count)| candidate(idx, count)));
        }
        let order = |a: &Candidate, b: &Candidate| {
            b.count.cmp(&a.count).then(a.closeness.cmp(&b.closeness)).then(b.idx.cmp(&a.idx))
        };
        let recent_n = self.scan_limits.newest_for(self.ids.len());
        recent.clear();
        if candidates.len() > SHORTLIST {
            candidates.select_nth_unstable_by(SHORTLIST, order);
            if recent_n == 0 {
                candidates.truncate(SHORTLIST);
            } else {
                // The newest of the candidates left out, and of the units between the cut and
                // `high`, may still tie with the last matches and outrank them (below).
                recent.extend(candidates.drain(SHORTLIST..));
            }
            if deferred_left && recent_n > 0 {
                if deferred.len() > recent_n {
                    deferred.select_nth_unstable_by_key(recent_n, |(idx, _)| Reverse(*idx));
                    deferred.truncate(recent_n);
                }
                recent.extend(deferred.iter().filter_map(|&(idx, count)| candidate(idx, count)));
            }
            if recent.len() > recent_n {
                recent.select_nth_unstable_by_key(recent_n, |candidate| Reverse(candidate.idx));
                recent.truncate(recent_n);
            }
            recent.sort_unstable_by_key(|candidate| Reverse(candidate.idx));
        }
        let scorer = Scorer::new(query, &query_hashes, options);
        if !prune {
            let texts: Vec<(i64, String, String)> = candidates
                .iter()
                .map(|candidate| {
                    let unit = self.unit(candidate.idx, window);
                    (unit.unit_id, unit.source.to_owned(), unit.target.to_owned())
                })
                .collect();
            let shortlist = texts.iter().map(|(unit_id, source, target)| IndexUnit {
                unit_id: *unit_id,
                source,
                target,
            });
            let matches = scorer.rank(shortlist, tokenizer, hashes);
            return scorer.newer_ties(self, matches, recent, tokenizer, hashes, window);
        }
        // Best bound first: once a bound is below the scores already found, so are the rest.
        candidates.sort_unstable_by(|a, b| b.bound.cmp(&a.bound).then_with(|| order(a, b)));
        let shortlist: Vec<(u8, u32)> =
            candidates.iter().map(|candidate| (candidate.bound, candidate.idx)).collect();
        let matches = scorer.rank_bounded(self, &shortlist, tokenizer, hashes, window);
        scorer.newer_ties(self, matches, recent, tokenizer, hashes, window)
    }

    /// ScanCount over `lists` (the rarest first): the histogram of the units' counts of lists
    /// holding them, and in `survivors` the units whose count may reach the cut
    /// ([`cut_and_high`]), with their counts. `counters` is all zeros before and after.
    ///
    /// The lists are counted a block of [`SCAN_BLOCK`] units at a time, the part of every list
    /// in the block before the next block, into one block's counters reused for every block,
    /// which stay in the core's cache: a counter per unit of the memory took 10 MB at ten
    /// million units, and counting one whole list after another missed the cache at nearly
    /// every posting (most units a lookup counts share one gram with the query, so a counter
    /// was rarely read twice while cached). After each block its touched units are
    /// walked (in the cache): their counts enter the histogram, and those at or above the cut
    /// of the blocks counted so far are kept (counting more units only raises the cut). In a
    /// block, a unit not counted yet can reach at most a count of the lists left; once that is
    /// below the cut so far, such units are not counted at all, so the last lists, the longest,
    /// add no units to walk. The histogram and the survivors' counts at or above the cut are
    /// exactly those of counting every posting.
    fn count_shared_grams(
        &self,
        lists: &[(usize, u64, Vec<PostingList<'_>>)],
        counters: &mut Vec<u8>,
        touched: &mut Vec<u32>,
        survivors: &mut Vec<(u32, u8)>,
        list_bytes: &mut Vec<u8>,
    ) -> [u32; 257] {
        let mut histogram = [0u32; 257];
        survivors.clear();
        let n_units = self.ids.len();
        // The stored parts' bytes, read into one buffer before any is decoded (a part that
        // cannot be read counts no unit, as when it is scanned alone).
        list_bytes.clear();
        let mut spans = Vec::new();
        for part in lists.iter().flat_map(|(_, _, parts)| parts) {
            if let PostingList::Stored { source, at, byte_len, .. } = *part {
                let from = list_bytes.len();
                list_bytes.resize(from + byte_len as usize, 0);
                if source.read_exact_at(&mut list_bytes[from..], at).is_err() {
                    list_bytes.truncate(from);
                }
                spans.push(from..list_bytes.len());
            }
        }
        let mut spans = spans.into_iter();
        let mut cursors: Vec<(usize, ListCursor<'_>)> = Vec::new();
        for (list_idx, (_, _, parts)) in lists.iter().enumerate() {
            for part in parts {
                let cursor = match *part {
                    PostingList::Packed { len, base, end, bytes } => {
                        ListCursor::packed(bytes, len, base, end)
                    }
                    PostingList::Stored { len, base, end, .. } => {
                        let span = spans.next().unwrap_or_default();
                        ListCursor::packed(&list_bytes[span], len, base, end)
                    }
                    PostingList::Plain(list) => ListCursor::Plain { list, at: 0 },
                };
                cursors.push((list_idx, cursor));
            }
        }
        let block = self.scan_limits.block.max(1);
        let width = n_units.min(block as usize);
        // One block's counters, reused for every block (all zeros between blocks).
        counters.resize(width, 0);
        if touched.len() <= width {
            touched.resize(width + 1, 0);
        }
        let (counters, touched) = (&mut counters[..width], &mut touched[..=width]);
        // A count that a unit must reach to be a candidate (0 before the first block).
        let mut cut_so_far = 0u8;
        let mut block_start = 0u32;
        while (block_start as usize) < n_units {
            let limit = block_start.saturating_add(block);
            let mut n_touched = 0;
            // A part gives the units of the block, from `block_start` (the units before were
            // given for the blocks before) to `limit`.
            for (list_idx, cursor) in &mut cursors {
                if lists.len() - *list_idx < usize::from(cut_so_far) {
                    cursor.run_below(limit, |idx| {
                        if let Some(counter) = counters.get_mut((idx - block_start) as usize) {
                            *counter += u8::from(*counter > 0);
                        }
                    });
                    continue;
                }
                // Each unit is touched once in a block, and the block's units fit the slots.
                // Every posting writes its unit to the next free slot, which only a unit
                // counted for the first time keeps: whether a unit is new is unpredictable,
                // and this way it costs no branch.
                cursor.run_below(limit, |idx| {
                    let Some(counter) = counters.get_mut((idx - block_start) as usize) else {
                        return;
                    };
                    let count = *counter;
                    if let Some(slot) = touched.get_mut(n_touched) {
                        *slot = idx;
                        n_touched += usize::from(count == 0);
                    }
                    // At most 255 lists are counted, so this cannot overflow.
                    *counter = count + 1;
                });
            }
            // The cut of the blocks before bounds the final cut from below.
            for &idx in &touched[..n_touched] {
                let count = std::mem::take(&mut counters[(idx - block_start) as usize]);
                histogram[usize::from(count)] += 1;
                if count >= cut_so_far {
                    survivors.push((idx, count));
                }
            }
            cut_so_far = cut_and_high(&histogram).0;
            block_start = limit;
        }
        histogram
    }

    /// The index as bytes (see the module docs for the format).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.byte_len());
        // Writing to a Vec cannot fail.
        let _ = self.write_to(&mut out);
        out
    }

    /// Writes the bytes of [`MatchIndex::to_bytes`] to `out` (for example an SQLite BLOB opened for
    /// incremental I/O) without holding them all in memory.
    pub fn write_to<W: std::io::Write>(&self, out: &mut W) -> std::io::Result<()> {
        let delta_segment = self.delta_segment();
        let segments: Vec<&Segment> = self.segments.iter().chain(delta_segment.as_ref()).collect();
        out.write_all(MAGIC)?;
        put_values(out, &[FORMAT_VERSION])?;
        put_values(out, &[self.ids.len() as u64])?;
        put_values(out, &self.ids)?;
        put_values(out, &self.source_lengths)?;
        put_values(out, &self.text_offsets)?;
        if let Some(shared) = &self.shared_text {
            let mut buffer = vec![0; shared.len.min(READ_CHUNK)];
            let mut at = 0;
            while at < shared.len {
                let chunk = &mut buffer[..(shared.len - at).min(READ_CHUNK)];
                shared.source.read_exact_at(chunk, shared.start + at as u64)?;
                out.write_all(chunk)?;
                at += chunk.len();
            }
        }
        out.write_all(self.text.as_bytes())?;
        put_values(out, &self.tombstones)?;
        put_values(out, &[self.vocabulary.len() as u64])?;
        for word in &self.vocabulary {
            put_values(out, &[word.len() as u32])?;
            out.write_all(word.as_bytes())?;
        }
        let groups = table_groups(&segments);
        put_values(out, &[groups.len() as u32])?;
        for group in groups {
            write_table(out, group)?;
        }
        Ok(())
    }

    /// The length of [`MatchIndex::to_bytes`].
    pub fn byte_len(&self) -> usize {
        let delta = self.delta_segment();
        let segments = self.segments.iter().chain(delta.as_ref());
        let segments: Vec<&Segment> = segments.collect();
        let mut table_bytes = 4;
        for group in table_groups(&segments) {
            let (mut n_grams, mut postings_len) = (0usize, 0usize);
            // A table that cannot be read counts as far as it was read; writing it fails.
            let _ = merge_segments(group, true, |_, _, bytes| {
                n_grams += 1;
                postings_len += bytes.len();
                Ok(())
            });
            let directory_len = (1usize << directory_bits_for(n_grams as u64)) + 1;
            table_bytes +=
                4 + 4 + 8 + 4 + ENTRY_SIZE * n_grams + 4 * directory_len + 8 + postings_len;
        }
        let vocabulary_bytes: usize = self.vocabulary.iter().map(|word| 4 + word.len()).sum();
        4 + 4
            + 8
            + 8 * self.ids.len()
            + 2 * self.source_lengths.len()
            + 8 * self.text_offsets.len()
            + self.shared_text_len()
            + self.text.len()
            + 8 * self.tombstones.len()
            + 8
            + vocabulary_bytes
            + table_bytes
    }

    /// Reads an index written by [`MatchIndex::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<MatchIndex, IndexFormatError> {
        MatchIndex::read_from(bytes, bytes.len())
    }

    /// Reads an index of `len` bytes in the format of [`MatchIndex::to_bytes`] from `source`
    /// (a file, an SQLite BLOB), decoding straight into the index's arrays.
    pub fn read_from(
        source: impl std::io::Read,
        len: usize,
    ) -> Result<MatchIndex, IndexFormatError> {
        MatchIndex::read_parts(Reader { source, at: 0, len }, None)
    }

    /// Reads an index in the format of [`MatchIndex::to_bytes`], `len` bytes that are both in
    /// `source` and in `texts` (a file read in sequence and the same file read at positions):
    /// the small arrays are read from `source`, and the texts and the gram table (keys and
    /// posting lists), nearly all of the index, stay in `texts`, skipped over in `source`: a
    /// lookup or a search reads the entries and lists of its grams and the texts of its
    /// candidates at positions. Opening therefore reads neither texts nor lists (only the
    /// table's directory); each text is checked to be UTF-8 when it is read, and a damaged or
    /// unreadable one reads as empty; a damaged list ends where it is damaged.
    pub fn read_with_text_source<R: std::io::Read + std::io::Seek>(
        source: R,
        len: usize,
        texts: std::sync::Arc<dyn TextSource>,
    ) -> Result<MatchIndex, IndexFormatError> {
        let skip: SkipFn<R> =
            |source: &mut R, n| source.seek(std::io::SeekFrom::Current(n)).map(|_| ());
        MatchIndex::read_parts(Reader { source, at: 0, len }, Some((texts, skip)))
    }

    /// Reads the format: every part into memory, or (with a text source and a way to skip
    /// bytes of `reader`) the texts and the gram table left in the text source.
    fn read_parts<R: std::io::Read>(
        mut reader: Reader<R>,
        stored: Option<(std::sync::Arc<dyn TextSource>, SkipFn<R>)>,
    ) -> Result<MatchIndex, IndexFormatError> {
        let len = reader.len;
        if reader.take(4)? != MAGIC {
            return Err(IndexFormatError::NotAnIndex);
        }
        let version = reader.u32()?;
        if version != FORMAT_VERSION {
            return Err(IndexFormatError::UnsupportedVersion(version));
        }
        let n_units = reader.u64()? as usize;
        let ids = reader.array::<i64>(n_units)?;
        let source_lengths = reader.array::<u16>(n_units)?;
        let text_offsets = reader.array::<u64>(2 * n_units + 1)?;
        let text_len = *text_offsets.last().ok_or(IndexFormatError::Corrupt("offsets"))? as usize;
        if text_offsets.windows(2).any(|pair| pair[0] > pair[1]) {
            return Err(IndexFormatError::Corrupt("text offsets"));
        }
        let (text, shared_text) = match &stored {
            Some((source, skip)) => {
                let start = reader.skip(text_len, *skip)?;
                let source = source.clone();
                (String::new(), Some(SharedText { source, start, len: text_len }))
            }
            None => {
                let text = String::from_utf8(reader.take(text_len)?)
                    .map_err(|_| IndexFormatError::Corrupt("text is not UTF-8"))?;
                if text_offsets.iter().any(|offset| !text.is_char_boundary(*offset as usize)) {
                    return Err(IndexFormatError::Corrupt("text offsets"));
                }
                (text, None)
            }
        };
        let tombstones = reader.array::<u64>(n_units.div_ceil(64))?;
        let n_removed = tombstones.iter().map(|word| word.count_ones() as usize).sum();
        let n_words = reader.u64()? as usize;
        let mut vocabulary = Vec::with_capacity(n_words.min(len));
        for _ in 0..n_words {
            let word_len = reader.u32()? as usize;
            let word = String::from_utf8(reader.take(word_len)?)
                .map_err(|_| IndexFormatError::Corrupt("vocabulary is not UTF-8"))?;
            vocabulary.push(word);
        }
        if vocabulary.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(IndexFormatError::Corrupt("vocabulary is not sorted"));
        }
        let n_tables = reader.u32()? as usize;
        let mut segments = Vec::with_capacity(n_tables.min(len));
        let mut expected_start = 0;
        for _ in 0..n_tables {
            let start = reader.u32()?;
            let end = reader.u32()?;
            if start != expected_start || end <= start || end as usize > n_units {
                return Err(IndexFormatError::Corrupt("table header"));
            }
            expected_start = end;
            segments.push(reader.gram_table(start, end, stored.clone())?);
        }
        if expected_start as usize != n_units {
            return Err(IndexFormatError::Corrupt("tables do not cover the units"));
        }
        if reader.at != len {
            return Err(IndexFormatError::Corrupt("trailing bytes"));
        }
        Ok(MatchIndex {
            ids,
            source_lengths,
            text_offsets,
            shared_text,
            text,
            tombstones,
            n_removed,
            vocabulary,
            segments,
            delta: HashMap::default(),
            delta_start: expected_start,
            scratch: Mutex::default(),
            scan_limits: ScanLimits::default(),
        })
    }

    /// Appends a unit's id and texts; returns its number.
    fn push_unit(&mut self, unit: IndexUnit<'_>) -> usize {
        self.ids.push(unit.unit_id);
        let shared_len = self.shared_text_len();
        self.text.push_str(unit.source);
        self.text_offsets.push((shared_len + self.text.len()) as u64);
        self.text.push_str(unit.target);
        self.text_offsets.push((shared_len + self.text.len()) as u64);
        self.ids.len() - 1
    }

    /// The stored unit number `idx`, its texts read through `window` when they are in the text
    /// source (checked to be UTF-8 then; empty when damaged or unreadable).
    pub(super) fn unit<'a>(&'a self, idx: u32, window: &'a mut TextWindow) -> IndexUnit<'a> {
        self.read_unit(idx, window, true)
    }

    /// [`MatchIndex::unit`] with its source text only (the target reads as empty): scoring a
    /// candidate needs no more.
    fn unit_source<'a>(&'a self, idx: u32, window: &'a mut TextWindow) -> IndexUnit<'a> {
        self.read_unit(idx, window, false)
    }

    fn read_unit<'a>(
        &'a self,
        idx: u32,
        window: &'a mut TextWindow,
        with_target: bool,
    ) -> IndexUnit<'a> {
        let idx = idx as usize;
        let source_start = self.text_offsets[2 * idx] as usize;
        let target_start = self.text_offsets[2 * idx + 1] as usize;
        let target_end =
            if with_target { self.text_offsets[2 * idx + 2] as usize } else { target_start };
        let unit_id = self.ids[idx];
        let shared_len = self.shared_text_len();
        let Some(shared) = self.shared_text.as_ref().filter(|_| source_start < shared_len) else {
            let owned = |start: usize, end: usize| {
                self.text.get(start.wrapping_sub(shared_len)..end.wrapping_sub(shared_len))
            };
            return IndexUnit {
                unit_id,
                source: owned(source_start, target_start).unwrap_or(""),
                target: owned(target_start, target_end).unwrap_or(""),
            };
        };
        // A unit's two texts are pushed together, so both are in the source (the offsets were
        // checked to grow when read); damaged offsets read as empty texts below.
        let end = target_end.min(shared_len);
        let window_end = window.start + window.bytes.len();
        if !(window.start <= source_start && end <= window_end) || window.bytes.is_empty() {
            let from = source_start.min(end.saturating_sub(window.behind));
            window.bytes.resize(end - from, 0);
            window.start = from;
            if shared.source.read_exact_at(&mut window.bytes, shared.start + from as u64).is_err() {
                window.bytes.clear();
            }
        }
        let window: &'a TextWindow = window;
        let text = |start: usize, end: usize| {
            window
                .bytes
                .get(start.wrapping_sub(window.start)..end.wrapping_sub(window.start))
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
                .unwrap_or("")
        };
        IndexUnit {
            unit_id,
            source: text(source_start, target_start),
            target: text(target_start, end),
        }
    }

    /// The unit `idx`, whose texts the index holds (units added since it was read).
    fn owned_unit(&self, idx: u32) -> IndexUnit<'_> {
        let idx = idx as usize;
        let shared_len = self.shared_text_len();
        let owned = |at: usize| (self.text_offsets[at] as usize).saturating_sub(shared_len);
        let text = |start: usize, end: usize| self.text.get(start..end).unwrap_or("");
        IndexUnit {
            unit_id: self.ids[idx],
            source: text(owned(2 * idx), owned(2 * idx + 1)),
            target: text(owned(2 * idx + 1), owned(2 * idx + 2)),
        }
    }

    fn shared_text_len(&self) -> usize {
        self.shared_text.as_ref().map_or(0, |shared| shared.len)
    }

    pub(super) fn is_removed(&self, idx: u32) -> bool {
        let idx = idx as usize;
        self.tombstones.get(idx / 64).is_some_and(|word| word & (1 << (idx % 64)) != 0)
    }

    /// Number of segments (tables, for an index just read).
    #[cfg(test)]
    pub(super) fn n_segments(&self) -> usize {
        self.segments.len()
    }

    /// Number of stored units, removed ones included.
    pub(super) fn n_stored(&self) -> u32 {
        self.ids.len() as u32
    }

    /// The posting lists of a gram, one sorted part per segment (and the delta), oldest first.
    pub(super) fn postings(&self, gram: u64) -> Vec<PostingList<'_>> {
        let mut parts: Vec<PostingList<'_>> =
            self.segments.iter().filter_map(|segment| segment.list(gram)).collect();
        if let Some(list) = self.delta.get(&gram) {
            parts.push(PostingList::Plain(list));
        }
        parts
    }

    /// The first unit of the segment (or the delta) that holds unit `idx`.
    pub(super) fn segment_start(&self, idx: u32) -> u32 {
        if idx >= self.delta_start {
            return self.delta_start;
        }
        let after = self.segments.partition_point(|segment| segment.start <= idx);
        after.checked_sub(1).map_or(0, |at| self.segments[at].start)
    }

    /// The first unit of the segment (or the delta) a part of a posting list comes from.
    pub(super) fn part_start(&self, part: &PostingList<'_>) -> u32 {
        match part {
            PostingList::Packed { base, .. } | PostingList::Stored { base, .. } => *base,
            PostingList::Plain(_) => self.delta_start,
        }
    }

    /// The words of the memory that hold `fragment`: ending with it when the searched text
    /// starts with it, starting with it when the text ends with it, anywhere when both.
    pub(super) fn words_holding(&self, fragment: &str, at_start: bool, at_end: bool) -> Vec<&str> {
        if !at_start {
            // The word must start with the fragment: a range of the sorted vocabulary.
            let from = self.vocabulary.partition_point(|word| word.as_str() < fragment);
            return self.vocabulary[from..]
                .iter()
                .take_while(|word| word.starts_with(fragment))
                .map(String::as_str)
                .collect();
        }
        self.vocabulary
            .iter()
            .filter(|word| if at_end { word.contains(fragment) } else { word.ends_with(fragment) })
            .map(String::as_str)
            .collect()
    }

    /// How many units contain this gram.
    pub(super) fn document_frequency(&self, gram: u64) -> usize {
        self.postings(gram).iter().map(|part| part.len()).sum()
    }

    /// Builds the segment over units `start..end` in two passes (count, then fill), so that no
    /// per-unit gram lists are kept; returns it with the units' source lengths.
    fn build_segment(&self, start: u32, end: u32) -> (Segment, Vec<u16>, Vec<String>) {
        let mut tokenizer = Tokenizer::default();
        let mut words: std::collections::HashSet<String> = std::collections::HashSet::new();
        for idx in start..end {
            let unit = self.owned_unit(idx);
            for text in [unit.source, unit.target] {
                tokenizer.run(text, |kind, _, norm| {
                    if kind == TokenKind::Word && !words.contains(norm) {
                        words.insert(norm.to_owned());
                    }
                });
            }
        }
        let mut grams = Vec::new();
        let mut counts: HashMap<u64, u32, IdentityBuild> = HashMap::default();
        let mut lengths = Vec::with_capacity((end - start) as usize);
        for idx in start..end {
            let unit = self.owned_unit(idx);
            lengths.push(unit_grams(&mut tokenizer, unit.source, GramSide::Source, &mut grams));
            for gram in &grams {
                *counts.entry(*gram).or_default() += 1;
            }
            unit_grams(&mut tokenizer, unit.target, GramSide::Target, &mut grams);
            for gram in &grams {
                *counts.entry(*gram).or_default() += 1;
            }
        }
        let mut keys_in_order: Vec<(u64, u32)> = counts.iter().map(|(k, c)| (*k, *c)).collect();
        keys_in_order.sort_unstable();
        // A plain CSR array first (one page of units), then packed.
        let mut cursor = Vec::with_capacity(keys_in_order.len());
        let mut total = 0u32;
        for (gram_idx, (key, count)) in keys_in_order.iter().enumerate() {
            cursor.push(total);
            total += count;
            counts.insert(*key, gram_idx as u32);
        }
        let mut postings = vec![0u32; total as usize];
        for idx in start..end {
            let unit = self.owned_unit(idx);
            for (text, side) in [(unit.source, GramSide::Source), (unit.target, GramSide::Target)] {
                unit_grams(&mut tokenizer, text, side, &mut grams);
                for gram in &grams {
                    // Every gram was counted in the first pass, so it has a number.
                    if let Some(&gram_idx) = counts.get(gram) {
                        postings[cursor[gram_idx as usize] as usize] = idx;
                        cursor[gram_idx as usize] += 1;
                    }
                }
            }
        }
        drop(counts);
        let segment = Segment::pack(start, end, &keys_in_order, &postings);
        (segment, lengths, words.into_iter().collect())
    }

    /// The delta as a segment (postings are already sorted: units are appended in order).
    fn delta_segment(&self) -> Option<Segment> {
        if self.ids.len() as u32 == self.delta_start {
            return None;
        }
        let mut keys_in_order: Vec<(u64, u32)> =
            self.delta.iter().map(|(gram, list)| (*gram, list.len() as u32)).collect();
        keys_in_order.sort_unstable();
        let mut postings = Vec::new();
        for (gram, _) in &keys_in_order {
            if let Some(list) = self.delta.get(gram) {
                postings.extend_from_slice(list);
            }
        }
        let segment =
            Segment::pack(self.delta_start, self.ids.len() as u32, &keys_in_order, &postings);
        Some(segment)
    }

    fn freeze_delta(&mut self) {
        if let Some(segment) = self.delta_segment() {
            self.segments.push(segment);
        }
        self.delta.clear();
        self.delta_start = self.ids.len() as u32;
    }
}

/// A candidate of a lookup: its count of shared grams, how far its length is from the query's,
/// its number, and the highest base score it can reach ([`base_score_bound`]).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    count: u8,
    closeness: u32,
    idx: u32,
    bound: u8,
}

/// The buffers of a lookup, pooled so that lookups do not allocate them again. `counters` is
/// all zeros between lookups (one `u8` per unit of a block of [`SCAN_BLOCK`] units).
#[derive(Debug, Default)]
struct Scratch {
    counters: Vec<u8>,
    touched: Vec<u32>,
    candidates: Vec<Candidate>,
    /// Units counted between the cut and the count that fills the shortlist.
    deferred: Vec<(u32, u8)>,
    /// The newest candidates left out of the shortlist, checked for ties with the last matches.
    recent: Vec<Candidate>,
    tokenizer: Tokenizer,
    hashes: Vec<u64>,
    window: TextWindow,
    /// The bytes of the posting lists being counted, when they are read from the index file.
    list_bytes: Vec<u8>,
    /// The units counted whose count may reach the cut, with their counts.
    survivors: Vec<(u32, u8)>,
}

/// The highest base score that a source of `source_len` content tokens can reach against a query
/// of `query_len` content tokens (not a short one), `other_tokens` of which are not Chinese
/// characters, when `missing` of the query's distinct grams are not among the source's grams.
///
/// Every gram occurrence of the query that no edit touches is in the source too. Replacing or
/// deleting a query token loses the two bigrams around it and, unless it is a Chinese character,
/// its unigram; an insertion loses one bigram. So `missing ≤ 3·d` and `missing ≤ 2·d + other`,
/// and `d ≥ |n − m|` in any case.
pub(super) fn base_score_bound(
    query_len: usize,
    source_len: usize,
    missing: usize,
    other_tokens: usize,
) -> u8 {
    let by_grams = missing.div_ceil(3).max(missing.saturating_sub(other_tokens).div_ceil(2));
    let edits = by_grams.max(query_len.abs_diff(source_len));
    base_score(edits.min(query_len.max(source_len)), query_len, source_len)
}

/// The smallest count that still leaves enough candidates after the length filter (at least
/// [`CANDIDATE_POOL`] units at or above it), and the highest that gives a whole shortlist
/// before it (at least [`SHORTLIST`] units); both at least 1. `histogram[c]` is the number of
/// units counted `c` times.
fn cut_and_high(histogram: &[u32; 257]) -> (u8, u8) {
    let mut cut = 1u8;
    let mut high = 1u8;
    let mut at_or_above = 0;
    for count in (1..256).rev() {
        at_or_above += histogram[count] as usize;
        if at_or_above >= SHORTLIST && high == 1 {
            high = count as u8;
        }
        if at_or_above >= CANDIDATE_POOL {
            cut = count as u8;
            break;
        }
    }
    (cut, high)
}

/// A part of a posting list, decoded a block of units at a time ([`ListCursor::run_below`]).
pub(super) enum ListCursor<'a> {
    /// Varint gaps as [`decode_gaps`] reads them: `left` more units, after `idx` (the part's
    /// base before the first).
    Packed { bytes: &'a [u8], at: usize, left: u32, idx: u32, first: bool, end: u32 },
    /// The delta's plain list, from `at`.
    Plain { list: &'a [u32], at: usize },
}

impl<'a> ListCursor<'a> {
    pub(super) fn packed(bytes: &'a [u8], len: u32, base: u32, end: u32) -> ListCursor<'a> {
        ListCursor::Packed { bytes, at: 0, left: len, idx: base, first: true, end }
    }

    /// Calls `each` with the part's next units below `limit`, in increasing order. Damage
    /// stops the part for good, where [`decode_gaps`] stops.
    #[inline]
    pub(super) fn run_below(&mut self, limit: u32, mut each: impl FnMut(u32)) {
        match self {
            ListCursor::Packed { bytes, at, left, idx, first, end } => {
                // The state in locals while decoding, written back once. A gap that overflows
                // a `u32` ends at or past `end` in a `u64`.
                let (bytes, end) = (*bytes, u64::from(*end));
                let stop = end.min(u64::from(limit));
                let (mut next_at, mut n_left, mut last) = (*at, *left, u64::from(*idx));
                // The first unit may be the base itself (a gap of 0); every later gap is at
                // least 1, so that each unit comes once.
                let mut min_gap = u32::from(!*first);
                while n_left > 0 {
                    let mut after = next_at;
                    let gap = match bytes.get(after) {
                        Some(&byte) if byte < 0x80 => {
                            after += 1;
                            u32::from(byte)
                        }
                        _ => match read_varint(bytes, &mut after) {
                            Some(gap) => gap,
                            None => {
                                n_left = 0;
                                break;
                            }
                        },
                    };
                    let next = last + u64::from(gap);
                    if next >= stop || gap < min_gap {
                        if next >= end || gap < min_gap {
                            n_left = 0;
                        }
                        break;
                    }
                    (next_at, last, min_gap) = (after, next, 1);
                    n_left -= 1;
                    // Below `end`, a `u32`.
                    each(next as u32);
                }
                (*at, *left, *idx, *first) = (next_at, n_left, last as u32, min_gap == 0);
            }
            ListCursor::Plain { list, at } => {
                while let Some(&idx) = list.get(*at) {
                    if idx >= limit {
                        return;
                    }
                    *at += 1;
                    each(idx);
                }
            }
        }
    }
}

/// Scores candidates against one query with the score of [`crate::matching::explain`] (shared with the brute force,
/// so both rank identically).
struct Scorer<'q> {
    query: PreparedQuery<'q>,
    query_len: usize,
    comparator: levenshtein::BatchComparator<u64>,
    options: &'q LookupOptions,
    query_numbers: NumberSignature,
}

/// The numbers of a text (their token hashes) as a multiset, folded: texts with the same numbers
/// have the same signature, so a different signature means that explaining the texts would find
/// their numbers different (the penalty for numbers), without comparing them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct NumberSignature {
    n: u32,
    sum: u64,
    xor: u64,
}

impl NumberSignature {
    fn add(&mut self, hash: u64) {
        self.n += 1;
        self.sum = self.sum.wrapping_add(mix64(hash));
        self.xor ^= hash;
    }
}

impl<'q> Scorer<'q> {
    fn new(query: &'q str, query_hashes: &[u64], options: &'q LookupOptions) -> Scorer<'q> {
        let query = PreparedQuery::new(query);
        let mut query_numbers = NumberSignature::default();
        for token in query.tokens().iter().filter(|token| token.kind == TokenKind::Number) {
            query_numbers.add(token_hash(token.kind, &token.norm));
        }
        Scorer {
            query,
            query_len: query_hashes.len(),
            comparator: levenshtein::BatchComparator::new(query_hashes.iter().copied()),
            options,
            query_numbers,
        }
    }

    /// The base score of `source` (token similarity), or `None` below `min_score`, and a ceiling
    /// of its final score: the base less the penalty for numbers when they are not the query's.
    fn base(
        &self,
        source: &str,
        tokenizer: &mut Tokenizer,
        hashes: &mut Vec<u64>,
    ) -> Option<(u8, u8)> {
        hashes.clear();
        let mut numbers = NumberSignature::default();
        tokenizer.run_hashed(source, |kind, hash| {
            if kind.is_content() {
                hashes.push(hash);
            }
            if kind == TokenKind::Number {
                numbers.add(hash);
            }
        });
        let base = self.base_of_hashes(hashes)?;
        let ceiling = if numbers == self.query_numbers {
            base
        } else {
            base.saturating_sub(PenaltyKind::Numbers.points())
        };
        Some((base, ceiling))
    }

    /// [`Scorer::base`] of a source's content token hashes.
    fn base_of_hashes(&self, hashes: &[u64]) -> Option<u8> {
        let (n, m) = (self.query_len, hashes.len());
        if usize::from(self.options.min_score) * n.max(m) > 100 * n.min(m) {
            return None;
        }
        let cutoff = max_edits_for(self.options.min_score, n, m);
        let args = levenshtein::Args::default().score_cutoff(cutoff);
        let edits = self.comparator.distance_with_args(hashes.iter().copied(), &args)?;
        Some(base_score(edits, n, m))
    }

    /// Scores every candidate and keeps the best `options.limit`.
    fn rank<'a>(
        &self,
        candidates: impl Iterator<Item = IndexUnit<'a>>,
        tokenizer: &mut Tokenizer,
        hashes: &mut Vec<u64>,
    ) -> Vec<Match> {
        let mut scored: Vec<(u8, u8, i64, IndexUnit<'a>)> = candidates
            .filter_map(|unit| {
                let (base, ceiling) = self.base(unit.source, tokenizer, hashes)?;
                Some((base, ceiling, unit.unit_id, unit))
            })
            .collect();
        let texts = |unit: &IndexUnit<'_>| (unit.source.to_owned(), unit.target.to_owned());
        self.explain_best(&mut scored, texts, &mut Vec::new())
    }

    /// [`Scorer::rank`] over candidates sorted by an upper bound of their base score, best
    /// first: gives the same matches, but stops scoring once the bounds left cannot reach them.
    ///
    /// Scoring stops when the next bound is below the `limit`-th best base score; the best are
    /// then explained. As penalties may take their final scores lower, the candidates left whose
    /// bound reaches the `limit`-th final score (or `min_score`) are scored too, and the best
    /// explained again: a candidate left out has a final score below every kept match.
    ///
    /// Candidates are unit numbers of `index`; their texts are read when they are scored, and
    /// again for the few explained, so an unscored candidate costs no read.
    fn rank_bounded(
        &self,
        index: &MatchIndex,
        candidates: &[(u8, u32)],
        tokenizer: &mut Tokenizer,
        hashes: &mut Vec<u64>,
        window: &mut TextWindow,
    ) -> Vec<Match> {
        let limit = self.options.limit;
        let mut scored: Vec<(u8, u8, i64, u32)> = Vec::new();
        let texts = |idx: &u32, window: &mut TextWindow| {
            let unit = index.unit(*idx, window);
            (unit.source.to_owned(), unit.target.to_owned())
        };
        // The best `limit` base scores so far; the smallest on top.
        let mut best: BinaryHeap<Reverse<u8>> = BinaryHeap::with_capacity(limit + 1);
        let mut next = candidates.len();
        for (at, (bound, idx)) in candidates.iter().enumerate() {
            if best.len() >= limit && best.peek().is_some_and(|Reverse(kth)| bound < kth) {
                next = at;
                break;
            }
            if *bound < self.options.min_score {
                // No base score below the minimum is kept: neither this one nor any after it.
                next = candidates.len();
                break;
            }
            let unit = index.unit_source(*idx, window);
            if let Some((base, ceiling)) = self.base(unit.source, tokenizer, hashes) {
                scored.push((base, ceiling, unit.unit_id, *idx));
                best.push(Reverse(base));
                if best.len() > limit {
                    best.pop();
                }
            }
        }
        // Explanations of units already explained, kept for the second round below.
        let mut explained = Vec::new();
        let mut matches = self.explain_best(&mut scored, |idx| texts(idx, window), &mut explained);
        if next < candidates.len() {
            let floor = match matches.get(limit - 1) {
                Some(kth) => kth.score,
                None => self.options.min_score,
            };
            // A unit whose bound only ties the last match ranks below it when it is older.
            let last_id = matches.get(limit - 1).map(|kth| kth.unit_id);
            let before = scored.len();
            for (bound, idx) in &candidates[next..] {
                if *bound < floor {
                    break;
                }
                if *bound == floor
                    && last_id.is_some_and(|last_id| index.ids[*idx as usize] < last_id)
                {
                    continue;
                }
                let unit = index.unit_source(*idx, window);
                if let Some((base, ceiling)) = self.base(unit.source, tokenizer, hashes)
                    && base >= floor
                {
                    scored.push((base, ceiling, unit.unit_id, *idx));
                }
            }
            if scored.len() > before {
                matches = self.explain_best(&mut scored, |idx| texts(idx, window), &mut explained);
            }
        }
        matches
    }

    /// `matches` with the units of `newest` (newest first, left out of the shortlist) that tie
    /// with or beat the last of them: in a large memory many units share the score of the last
    /// matches, of those the newest rank first, and the shortlist, chosen by shared grams,
    /// holds some of them but not always the newest. Of `newest`, the units newer than the last
    /// match whose bound reaches its score are scored, and those that reach it explained.
    ///
    /// A unit that enters raises the last match, so a unit after it (older) whose bound only
    /// ties the new last match cannot enter any more and is not read: the matches are the
    /// same as scoring every unit that could reach the first last match.
    fn newer_ties(
        &self,
        index: &MatchIndex,
        mut matches: Vec<Match>,
        newest: &[Candidate],
        tokenizer: &mut Tokenizer,
        hashes: &mut Vec<u64>,
        window: &mut TextWindow,
    ) -> Vec<Match> {
        let limit = self.options.limit;
        let Some(first_last_id) = matches.get(limit - 1).map(|last| last.unit_id) else {
            return matches;
        };
        // Whether a unit of a score at most `score` ranks below the last match.
        let out_of_reach = |matches: &[Match], score: u8, unit_id: i64| {
            let last = &matches[limit - 1];
            score < last.score || (score == last.score && unit_id < last.unit_id)
        };
        for candidate in newest {
            let unit_id = index.ids[candidate.idx as usize];
            if unit_id <= first_last_id || out_of_reach(&matches, candidate.bound, unit_id) {
                continue;
            }
            let unit = index.unit_source(candidate.idx, window);
            let Some((_, ceiling)) = self.base(unit.source, tokenizer, hashes) else { continue };
            if out_of_reach(&matches, ceiling, unit_id) {
                continue;
            }
            let unit = index.unit(candidate.idx, window);
            let explanation = self.query.explain(unit.source);
            if explanation.score < self.options.min_score
                || out_of_reach(&matches, explanation.score, unit_id)
            {
                continue;
            }
            matches.push(Match {
                unit_id,
                score: explanation.score,
                source: unit.source.to_owned(),
                target: unit.target.to_owned(),
                diff: explanation.diff,
                penalties: explanation.penalties,
                script_variant: explanation.script_variant,
            });
            matches.sort_by(|a, b| b.score.cmp(&a.score).then(b.unit_id.cmp(&a.unit_id)));
            matches.truncate(limit);
        }
        matches
    }

    /// Explains the scored candidates from the best base score down (the base score bounds the
    /// final one) and keeps the best `options.limit` final scores. Each candidate is its base
    /// score, a ceiling of its final score, its unit id, and what `texts` turns into the unit's
    /// source and target: a candidate whose ceiling cannot enter the kept matches is not
    /// explained. `explained` keeps each explained candidate's match (`None` below `min_score`),
    /// so that explaining again after more candidates were scored explains only the new ones.
    fn explain_best<K: Copy + PartialEq>(
        &self,
        scored: &mut [(u8, u8, i64, K)],
        mut texts: impl FnMut(&K) -> (String, String),
        explained: &mut Vec<(K, Option<Match>)>,
    ) -> Vec<Match> {
        let options = self.options;
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.2.cmp(&a.2)));
        let mut matches: Vec<Match> = Vec::new();
        for (base, ceiling, unit_id, unit) in scored.iter() {
            let (base, ceiling, unit_id) = (*base, *ceiling, *unit_id);
            let out_of_reach = |score: u8, matches: &[Match]| {
                matches.len() >= options.limit
                    && matches.last().is_some_and(|worst| {
                        score < worst.score || (score == worst.score && unit_id < worst.unit_id)
                    })
            };
            // Sorted by base score, then unit id, both descending: once a candidate cannot beat
            // or tie-and-outrank the last kept match, none after it can.
            if out_of_reach(base, &matches) {
                break;
            }
            if ceiling < options.min_score || out_of_reach(ceiling, &matches) {
                continue;
            }
            let found = match explained.iter().find(|(key, _)| key == unit) {
                Some((_, found)) => found.clone(),
                None => {
                    let (source, target) = texts(unit);
                    let explanation = self.query.explain(&source);
                    let found = (explanation.score >= options.min_score).then_some(Match {
                        unit_id,
                        score: explanation.score,
                        source,
                        target,
                        diff: explanation.diff,
                        penalties: explanation.penalties,
                        script_variant: explanation.script_variant,
                    });
                    explained.push((*unit, found.clone()));
                    found
                }
            };
            let Some(found) = found else { continue };
            matches.push(found);
            matches.sort_by(|a, b| b.score.cmp(&a.score).then(b.unit_id.cmp(&a.unit_id)));
            matches.truncate(options.limit);
        }
        matches
    }
}

/// The reference scorer: scores every unit with the same function as [`MatchIndex::lookup`]
/// (OmegaT-style linear scan). Slow on purpose; for tests and benchmarks.
pub fn brute_force_lookup<'a>(
    units: impl IntoIterator<Item = IndexUnit<'a>>,
    query: &str,
    options: &LookupOptions,
) -> Vec<Match> {
    let mut tokenizer = Tokenizer::default();
    let mut query_hashes = Vec::new();
    content_hashes(&mut tokenizer, query, &mut query_hashes);
    if query_hashes.is_empty() || options.limit == 0 {
        return Vec::new();
    }
    let scorer = Scorer::new(query, &query_hashes, options);
    scorer.rank(units.into_iter(), &mut tokenizer, &mut Vec::new())
}

/// [`brute_force_lookup`] of several queries in one pass over `units`: each unit is tokenized
/// once, then scored against every query whose length it can match. Gives for each query what
/// [`brute_force_lookup`] gives.
pub fn brute_force_lookup_many(
    units: &[IndexUnit<'_>],
    queries: &[&str],
    options: &LookupOptions,
) -> Vec<Vec<Match>> {
    let mut tokenizer = Tokenizer::default();
    let mut query_hashes = Vec::new();
    let scorers: Vec<Option<Scorer<'_>>> = queries
        .iter()
        .map(|query| {
            content_hashes(&mut tokenizer, query, &mut query_hashes);
            let usable = !query_hashes.is_empty() && options.limit > 0;
            usable.then(|| Scorer::new(query, &query_hashes, options))
        })
        .collect();
    let mut scored: Vec<Vec<(u8, u8, i64, usize)>> = vec![Vec::new(); queries.len()];
    let mut hashes = Vec::new();
    for (at, unit) in units.iter().enumerate() {
        content_hashes(&mut tokenizer, unit.source, &mut hashes);
        for (scorer, scored) in scorers.iter().zip(&mut scored) {
            if let Some(base) = scorer.as_ref().and_then(|scorer| scorer.base_of_hashes(&hashes)) {
                scored.push((base, base, unit.unit_id, at));
            }
        }
    }
    scorers
        .iter()
        .zip(&mut scored)
        .map(|(scorer, scored)| match scorer {
            Some(scorer) => scorer.explain_best(
                scored,
                |at| (units[*at].source.to_owned(), units[*at].target.to_owned()),
                &mut Vec::new(),
            ),
            None => Vec::new(),
        })
        .collect()
}

/// Hashes of the content tokens of `text` (its length is the text's length in the score).
pub(super) fn content_hashes(tokenizer: &mut Tokenizer, text: &str, out: &mut Vec<u64>) {
    out.clear();
    tokenizer.run_hashed(text, |kind, hash| {
        if kind.is_content() {
            out.push(hash);
        }
    });
}

/// The distinct grams of one side of a unit, sorted; returns the number of content tokens
/// (saturating at `u16::MAX`).
///
/// Grams: every non-Chinese content token alone; every pair of neighbouring content tokens of
/// which one is Chinese; on the source side also pairs of words (English fuzzy matching needs
/// them, concordance does not); single Chinese characters only in short segments.
pub(super) fn unit_grams(
    tokenizer: &mut Tokenizer,
    text: &str,
    side: GramSide,
    out: &mut Vec<u64>,
) -> u16 {
    out.clear();
    let mut tokens: Vec<(bool, u64)> = Vec::new();
    tokenizer.run(text, |kind, _, norm| {
        if kind.is_content() {
            tokens.push((kind == TokenKind::Han, token_hash(kind, norm)));
        }
    });
    let short = tokens.len() < SHORT_SEGMENT;
    for (position, &(is_han, hash)) in tokens.iter().enumerate() {
        if !is_han || short {
            out.push(unigram_key(side, hash));
        }
        if let Some(&(next_is_han, next_hash)) = tokens.get(position + 1)
            && (is_han || next_is_han || side == GramSide::Source)
        {
            out.push(bigram_key(side, hash, next_hash));
        }
    }
    out.sort_unstable();
    out.dedup();
    tokens.len().min(usize::from(u16::MAX)) as u16
}

pub(super) fn unigram_key(side: GramSide, hash: u64) -> u64 {
    let salt = match side {
        GramSide::Source => 0x5EED_0001,
        GramSide::Target => 0x5EED_0002,
    };
    nonzero(mix64(hash ^ salt))
}

pub(super) fn bigram_key(side: GramSide, first: u64, second: u64) -> u64 {
    let salt = match side {
        GramSide::Source => 0x5EED_0003,
        GramSide::Target => 0x5EED_0004,
    };
    nonzero(mix64(first.rotate_left(17) ^ second ^ salt))
}

/// Key 0 marks an empty slot in the gram tables.
fn nonzero(key: u64) -> u64 {
    key.max(1)
}

const MAGIC: &[u8; 4] = b"TSMI";
/// Version 3: one gram table over all units whose posting lists stay in the index file, read at
/// positions (version 2 held one table per segment, loaded whole; version 1 held `u32` lists and a
/// hash table; such an index is rebuilt, never misread).
const FORMAT_VERSION: u32 = 3;

/// Bytes of one gram entry in the byte format: key u64, offset u64, length u32.
const ENTRY_SIZE: usize = 20;
/// Gram entries read at once while merging a stored table.
const MERGE_ENTRIES: usize = 8192;

/// An immutable posting array over units `start..end`.
///
/// Gram keys are sorted; as they are uniform hashes, a directory over their top bits finds a
/// key's neighbourhood in one step. Each gram's list is its unit numbers as LEB128 varint gaps
/// (the first from `start`, each next one from the one before), which takes 1–2 bytes a posting
/// instead of 4; its length is kept beside it. The table is held in memory, or left in the index
/// file (keys, offsets and lists), where only the directory is read.
#[derive(Debug)]
struct Segment {
    start: u32,
    end: u32,
    /// `directory[b]` is the first gram whose key's top `directory_bits` bits are at least `b`.
    directory: Vec<u32>,
    directory_bits: u32,
    table: GramTable,
}

/// Where a segment's grams and posting lists are.
enum GramTable {
    Memory {
        keys: Vec<u64>,
        lens: Vec<u32>,
        /// `offsets[gram]..offsets[gram + 1]` are the gram's bytes in `postings`.
        offsets: Vec<u64>,
        postings: Vec<u8>,
    },
    /// In a text source (the index file): `n_grams` entries of [`ENTRY_SIZE`] bytes at
    /// `entries_at`, the lists' bytes at `postings_at`.
    Stored {
        source: std::sync::Arc<dyn TextSource>,
        n_grams: u64,
        entries_at: u64,
        postings_at: u64,
        postings_len: u64,
    },
}

impl std::fmt::Debug for GramTable {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GramTable::Memory { keys, postings, .. } => formatter
                .debug_struct("Memory")
                .field("n_grams", &keys.len())
                .field("postings", &postings.len())
                .finish(),
            GramTable::Stored { n_grams, postings_len, .. } => formatter
                .debug_struct("Stored")
                .field("n_grams", n_grams)
                .field("postings", postings_len)
                .finish_non_exhaustive(),
        }
    }
}

/// One gram's postings in one segment (or in the delta), in increasing unit order.
#[derive(Clone, Copy)]
pub(super) enum PostingList<'a> {
    /// A compressed list of a segment: `len` gaps, the first counted from `base`.
    Packed { len: u32, base: u32, end: u32, bytes: &'a [u8] },
    /// A compressed list left in a text source: `byte_len` bytes at `at`, read when scanned.
    Stored { len: u32, base: u32, end: u32, source: &'a dyn TextSource, at: u64, byte_len: u32 },
    /// The delta's plain list.
    Plain(&'a [u32]),
}

impl std::fmt::Debug for PostingList<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("PostingList").field("len", &self.len()).finish_non_exhaustive()
    }
}

impl PostingList<'_> {
    /// How many units the list holds.
    pub(super) fn len(&self) -> usize {
        match self {
            PostingList::Packed { len, .. } | PostingList::Stored { len, .. } => *len as usize,
            PostingList::Plain(list) => list.len(),
        }
    }

    /// Calls `each` with every unit number, in increasing order. A corrupt list (a gap that
    /// overflows, a unit outside its segment, bytes ending early, bytes that cannot be read)
    /// stops at the damage.
    #[inline]
    pub(super) fn for_each(&self, each: impl FnMut(u32)) {
        self.for_each_reading_into(&mut Vec::new(), each);
    }

    /// [`PostingList::for_each`], reading a stored list's bytes into `buffer` (kept between
    /// calls, so that a lookup scanning many lists allocates once).
    #[inline]
    pub(super) fn for_each_reading_into(&self, buffer: &mut Vec<u8>, each: impl FnMut(u32)) {
        match *self {
            PostingList::Packed { len, base, end, bytes } => {
                decode_gaps(bytes, len, base, end, each)
            }
            PostingList::Stored { len, base, end, source, at, byte_len } => {
                buffer.resize(byte_len as usize, 0);
                if source.read_exact_at(buffer, at).is_ok() {
                    decode_gaps(buffer, len, base, end, each);
                }
            }
            PostingList::Plain(list) => list.iter().copied().for_each(each),
        }
    }

    /// Appends the unit numbers to `out`.
    pub(super) fn extend_into(&self, out: &mut Vec<u32>) {
        out.reserve(self.len());
        self.for_each(|idx| out.push(idx));
    }
}

/// Decodes `len` varint gaps from `base`, stopping at the first unit that is not below `end`
/// or does not grow, or where the bytes end.
#[inline]
pub(super) fn decode_gaps(bytes: &[u8], len: u32, base: u32, end: u32, mut each: impl FnMut(u32)) {
    let mut at = 0;
    let mut idx = base;
    for position in 0..len {
        // Most gaps of a long list take one byte: those cost one test.
        let gap = match bytes.get(at) {
            Some(&byte) if byte < 0x80 => {
                at += 1;
                u32::from(byte)
            }
            _ => {
                let Some(gap) = read_varint(bytes, &mut at) else { return };
                gap
            }
        };
        let next = if position == 0 {
            idx.checked_add(gap)
        } else {
            idx.checked_add(gap).filter(|_| gap > 0)
        };
        match next {
            Some(next) if next < end => idx = next,
            _ => return,
        }
        each(idx);
    }
}

/// Reads one LEB128 varint (at most five bytes, fitting a `u32`) at `*at`, advancing it.
#[inline]
fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value = 0u32;
    for shift in [0, 7, 14, 21, 28] {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7F).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends the gaps of the sorted `units` from `base`.
pub(super) fn encode_gaps(out: &mut Vec<u8>, base: u32, units: &[u32]) {
    let mut previous = base;
    for idx in units {
        write_varint(out, idx - previous);
        previous = *idx;
    }
}

/// Directory bits for a table of `n_grams` keys: about two keys per directory entry.
fn directory_bits_for(n_grams: u64) -> u32 {
    (n_grams / 2).max(1).ilog2().clamp(1, 30)
}

/// Builds a directory over sorted keys, fed in order.
struct DirectoryBuilder {
    bits: u32,
    directory: Vec<u32>,
    n_keys: u32,
}

impl DirectoryBuilder {
    fn new(n_grams: u64) -> DirectoryBuilder {
        let bits = directory_bits_for(n_grams);
        DirectoryBuilder { bits, directory: Vec::with_capacity((1 << bits) + 1), n_keys: 0 }
    }

    fn push(&mut self, key: u64) {
        let entry = (key >> (64 - self.bits)) as usize;
        while self.directory.len() <= entry {
            self.directory.push(self.n_keys);
        }
        self.n_keys += 1;
    }

    fn finish(mut self) -> (Vec<u32>, u32) {
        while self.directory.len() <= 1 << self.bits {
            self.directory.push(self.n_keys);
        }
        (self.directory, self.bits)
    }
}

impl Segment {
    /// Compresses a CSR array over units `start..end`: `grams` sorted `(key, count)`, the lists
    /// in `postings` one after another in that order, each sorted.
    fn pack(start: u32, end: u32, grams: &[(u64, u32)], postings: &[u32]) -> Segment {
        let mut keys = Vec::with_capacity(grams.len());
        let mut lens = Vec::with_capacity(grams.len());
        let mut offsets = Vec::with_capacity(grams.len() + 1);
        let mut bytes = Vec::with_capacity(postings.len() * 2);
        let mut directory = DirectoryBuilder::new(grams.len() as u64);
        let mut at = 0usize;
        for (key, count) in grams {
            keys.push(*key);
            lens.push(*count);
            directory.push(*key);
            offsets.push(bytes.len() as u64);
            encode_gaps(&mut bytes, start, &postings[at..at + *count as usize]);
            at += *count as usize;
        }
        offsets.push(bytes.len() as u64);
        bytes.shrink_to_fit();
        let (directory, directory_bits) = directory.finish();
        let table = GramTable::Memory { keys, lens, offsets, postings: bytes };
        Segment { start, end, directory, directory_bits, table }
    }

    fn n_grams(&self) -> u64 {
        match &self.table {
            GramTable::Memory { keys, .. } => keys.len() as u64,
            GramTable::Stored { n_grams, .. } => *n_grams,
        }
    }

    /// The grams whose key may be `key`: a range of the sorted table.
    fn neighbourhood(&self, key: u64) -> std::ops::Range<usize> {
        let entry = (key >> (64 - self.directory_bits)) as usize;
        let from = self.directory.get(entry).copied().unwrap_or(0) as usize;
        let to = self.directory.get(entry + 1).copied().unwrap_or(0) as usize;
        from..to.max(from)
    }

    fn list(&self, key: u64) -> Option<PostingList<'_>> {
        let range = self.neighbourhood(key);
        let (start, end) = (self.start, self.end);
        match &self.table {
            GramTable::Memory { keys, lens, offsets, postings } => {
                let gram = range.start + keys.get(range)?.iter().position(|found| *found == key)?;
                let bytes = postings.get(offsets[gram] as usize..offsets[gram + 1] as usize)?;
                let len = lens[gram];
                (len > 0).then_some(PostingList::Packed { len, base: start, end, bytes })
            }
            GramTable::Stored { source, n_grams, entries_at, postings_at, postings_len } => {
                // The entries of the neighbourhood and the one after (where the last list ends).
                let to = (range.end as u64).min(*n_grams);
                let from = (range.start as u64).min(to);
                if from == to {
                    return None;
                }
                let read_to = (to + 1).min(*n_grams);
                let mut entries = vec![0u8; (read_to - from) as usize * ENTRY_SIZE];
                source.read_exact_at(&mut entries, entries_at + from * ENTRY_SIZE as u64).ok()?;
                let entry = |at: usize| GramEntry::parse(&entries[at * ENTRY_SIZE..]);
                let at = (0..(to - from) as usize).find(|at| entry(*at).key == key)?;
                let found = entry(at);
                let list_end = if at + 1 < (read_to - from) as usize {
                    entry(at + 1).offset
                } else {
                    *postings_len
                };
                let byte_len = u32::try_from(list_end.checked_sub(found.offset)?).ok()?;
                if list_end > *postings_len || found.len == 0 || found.len > end - start {
                    return None;
                }
                Some(PostingList::Stored {
                    len: found.len,
                    base: start,
                    end,
                    source: &**source,
                    at: postings_at + found.offset,
                    byte_len,
                })
            }
        }
    }
}

/// One gram of a stored table.
#[derive(Debug, Clone, Copy)]
struct GramEntry {
    key: u64,
    offset: u64,
    len: u32,
}

impl GramEntry {
    fn parse(bytes: &[u8]) -> GramEntry {
        GramEntry {
            key: <u64 as LittleEndian>::from_le(&bytes[..8]),
            offset: <u64 as LittleEndian>::from_le(&bytes[8..16]),
            len: <u32 as LittleEndian>::from_le(&bytes[16..20]),
        }
    }

    fn put(&self, out: &mut Vec<u8>) {
        self.key.put_le(out);
        self.offset.put_le(out);
        self.len.put_le(out);
    }
}

/// Reads the grams of one segment in key order, for merging segments into one table.
struct GramCursor<'a> {
    segment: &'a Segment,
    /// The next gram.
    next: u64,
    /// Entries of a stored table read ahead, from gram `entries_from`.
    entries: Vec<u8>,
    entries_from: u64,
    /// List bytes of a stored table read ahead, from offset `postings_from`.
    postings: Vec<u8>,
    postings_from: u64,
}

impl<'a> GramCursor<'a> {
    fn new(segment: &'a Segment) -> GramCursor<'a> {
        GramCursor {
            segment,
            next: 0,
            entries: Vec::new(),
            entries_from: 0,
            postings: Vec::new(),
            postings_from: 0,
        }
    }

    /// The entry of gram `gram` (below the table's length), reading ahead in a stored table.
    fn entry(&mut self, gram: u64) -> std::io::Result<GramEntry> {
        match &self.segment.table {
            GramTable::Memory { keys, lens, offsets, .. } => {
                let gram = gram as usize;
                Ok(GramEntry { key: keys[gram], offset: offsets[gram], len: lens[gram] })
            }
            GramTable::Stored { source, n_grams, entries_at, .. } => {
                let loaded = self.entries.len() / ENTRY_SIZE;
                if gram < self.entries_from || gram >= self.entries_from + loaded as u64 {
                    let n = (n_grams - gram).min(MERGE_ENTRIES as u64) as usize;
                    self.entries.resize(n * ENTRY_SIZE, 0);
                    self.entries_from = gram;
                    source
                        .read_exact_at(&mut self.entries, entries_at + gram * ENTRY_SIZE as u64)?;
                }
                let at = (gram - self.entries_from) as usize * ENTRY_SIZE;
                Ok(GramEntry::parse(&self.entries[at..]))
            }
        }
    }

    /// The key of the next gram, if any.
    fn key(&mut self) -> std::io::Result<Option<u64>> {
        if self.next >= self.segment.n_grams() {
            return Ok(None);
        }
        Ok(Some(self.entry(self.next)?.key))
    }

    /// Appends the next gram's units to `out` (when `decode`) and moves past it.
    fn take(&mut self, decode: bool, out: &mut Vec<u32>) -> std::io::Result<()> {
        let gram = self.next;
        self.next += 1;
        if !decode {
            return Ok(());
        }
        let found = self.entry(gram)?;
        let (start, end) = (self.segment.start, self.segment.end);
        match &self.segment.table {
            GramTable::Memory { offsets, postings, .. } => {
                let bytes =
                    &postings[offsets[gram as usize] as usize..offsets[gram as usize + 1] as usize];
                decode_gaps(bytes, found.len, start, end, |idx| out.push(idx));
            }
            GramTable::Stored { source, n_grams, postings_at, postings_len, .. } => {
                let list_end =
                    if gram + 1 < *n_grams { self.entry(gram + 1)?.offset } else { *postings_len };
                let damaged = || std::io::Error::other("damaged match index");
                if list_end < found.offset || list_end > *postings_len {
                    return Err(damaged());
                }
                let loaded_end = self.postings_from + self.postings.len() as u64;
                if found.offset < self.postings_from || list_end > loaded_end {
                    let n = (list_end - found.offset).max(READ_CHUNK as u64);
                    let n = n.min(postings_len - found.offset) as usize;
                    self.postings.resize(n, 0);
                    self.postings_from = found.offset;
                    source.read_exact_at(&mut self.postings, postings_at + found.offset)?;
                }
                let from = (found.offset - self.postings_from) as usize;
                let to = (list_end - self.postings_from) as usize;
                decode_gaps(&self.postings[from..to], found.len, start, end, |idx| out.push(idx));
            }
        }
        Ok(())
    }
}

/// Merges segments (in unit order, covering consecutive units) into one table: calls `each` with
/// every distinct key in order, its number of units and, when `encode`, its list as varint gaps
/// from the first segment's start.
fn merge_segments(
    segments: &[&Segment],
    encode: bool,
    mut each: impl FnMut(u64, u32, &[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let base = segments.first().map_or(0, |segment| segment.start);
    let mut cursors: Vec<GramCursor<'_>> = segments.iter().map(|s| GramCursor::new(s)).collect();
    let mut heap = BinaryHeap::new();
    for (at, cursor) in cursors.iter_mut().enumerate() {
        if let Some(key) = cursor.key()? {
            heap.push(Reverse((key, at)));
        }
    }
    let mut units = Vec::new();
    let mut bytes = Vec::new();
    let mut holding = Vec::new();
    while let Some(&Reverse((key, _))) = heap.peek() {
        holding.clear();
        while let Some(&Reverse((next_key, at))) = heap.peek()
            && next_key == key
        {
            heap.pop();
            holding.push(at);
        }
        // Segments in unit order, so the units come out sorted.
        holding.sort_unstable();
        units.clear();
        let mut len = 0u32;
        for &at in &holding {
            let cursor = &mut cursors[at];
            len = len.saturating_add(cursor.entry(cursor.next)?.len);
            cursor.take(encode, &mut units)?;
            if let Some(next_key) = cursor.key()? {
                heap.push(Reverse((next_key, at)));
            }
        }
        bytes.clear();
        if encode {
            if units.len() != len as usize {
                return Err(std::io::Error::other("damaged match index"));
            }
            encode_gaps(&mut bytes, base, &units);
        }
        each(key, len, &bytes)?;
    }
    Ok(())
}

/// Units a table of the byte format covers at most: a search checking the newest units first
/// decodes a common gram's list of one table, not of the whole memory, and a lookup reads at
/// most a few tables' entries per gram.
#[cfg(not(test))]
const TABLE_UNITS: u32 = 1 << 22;
/// Low in tests, so that their indexes are written as several tables.
#[cfg(test)]
const TABLE_UNITS: u32 = 700;

/// The segments (in unit order) grouped into the tables they are written as: consecutive
/// segments spanning at most [`TABLE_UNITS`] units (a longer segment alone).
fn table_groups<'s, 'a>(segments: &'s [&'a Segment]) -> Vec<&'s [&'a Segment]> {
    let mut groups = Vec::new();
    let mut from = 0;
    for at in 1..=segments.len() {
        let ends_group =
            segments.get(at).is_none_or(|next| next.end - segments[from].start > TABLE_UNITS);
        if ends_group {
            groups.push(&segments[from..at]);
            from = at;
        }
    }
    groups
}

/// Writes segments as one table of the byte format: the segments merged, gram by gram, in
/// three passes, so that nothing of the size of the table is held (count the grams, write their
/// entries and the directory, write the lists).
fn write_table<W: std::io::Write>(out: &mut W, segments: &[&Segment]) -> std::io::Result<()> {
    let start = segments.first().map_or(0, |segment| segment.start);
    let end = segments.last().map_or(0, |segment| segment.end);
    let mut n_grams = 0u64;
    merge_segments(segments, false, |_, _, _| {
        n_grams += 1;
        Ok(())
    })?;
    let mut directory = DirectoryBuilder::new(n_grams);
    put_values(out, &[start, end])?;
    put_values(out, &[n_grams])?;
    put_values(out, &[directory.bits])?;
    let mut buffer = Vec::with_capacity(READ_CHUNK);
    let mut offset = 0u64;
    merge_segments(segments, true, |key, len, bytes| {
        directory.push(key);
        GramEntry { key, offset, len }.put(&mut buffer);
        offset += bytes.len() as u64;
        if buffer.len() >= READ_CHUNK - ENTRY_SIZE {
            out.write_all(&buffer)?;
            buffer.clear();
        }
        Ok(())
    })?;
    out.write_all(&buffer)?;
    let (directory, _) = directory.finish();
    put_values(out, &directory)?;
    put_values(out, &[offset])?;
    buffer.clear();
    merge_segments(segments, true, |_, _, bytes| {
        buffer.extend_from_slice(bytes);
        if buffer.len() >= READ_CHUNK {
            out.write_all(&buffer)?;
            buffer.clear();
        }
        Ok(())
    })?;
    out.write_all(&buffer)
}

/// Gram keys are already well-mixed hashes, so the hash maps use them as they are.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub(super) type IdentityBuild = BuildHasherDefault<IdentityHasher>;

/// Writes values little-endian, converting through a small buffer.
fn put_values<W: std::io::Write, T: LittleEndian>(
    out: &mut W,
    values: &[T],
) -> std::io::Result<()> {
    let mut buffer = Vec::with_capacity(T::SIZE * values.len().min(8192));
    for chunk in values.chunks(8192) {
        buffer.clear();
        for value in chunk {
            value.put_le(&mut buffer);
        }
        out.write_all(&buffer)?;
    }
    Ok(())
}

/// Reads the byte format from any source of known length, straight into the final arrays: the
/// index is never held twice in memory while it loads (at a million units it is about 560 MB).
struct Reader<R: std::io::Read> {
    source: R,
    at: usize,
    len: usize,
}

/// Skips bytes of a source read in sequence (seeking past them).
type SkipFn<R> = fn(&mut R, i64) -> std::io::Result<()>;

/// Values are decoded through a buffer of this many bytes at most.
const READ_CHUNK: usize = 1 << 20;

impl<R: std::io::Read> Reader<R> {
    fn reserve(&mut self, byte_len: usize) -> Result<(), IndexFormatError> {
        let end = self.at.checked_add(byte_len).filter(|end| *end <= self.len);
        self.at = end.ok_or(IndexFormatError::Corrupt("unexpected end"))?;
        Ok(())
    }

    /// Skips `len` bytes with `skip`; returns the offset they started at.
    fn skip(&mut self, len: usize, skip: SkipFn<R>) -> Result<u64, IndexFormatError> {
        let start = self.at as u64;
        self.reserve(len)?;
        let n = i64::try_from(len).map_err(|_| IndexFormatError::Corrupt("size overflow"))?;
        skip(&mut self.source, n).map_err(|_| IndexFormatError::Corrupt("unexpected end"))?;
        Ok(start)
    }

    /// The gram table over units `start..end`: held in memory, or, with `stored`, left in the
    /// text source but for its directory.
    fn gram_table(
        &mut self,
        start: u32,
        end: u32,
        stored: Option<(std::sync::Arc<dyn TextSource>, SkipFn<R>)>,
    ) -> Result<Segment, IndexFormatError> {
        let n_grams = self.u64()?;
        let directory_bits = self.u32()?;
        if directory_bits != directory_bits_for(n_grams) {
            return Err(IndexFormatError::Corrupt("gram table header"));
        }
        let entries_len = usize::try_from(n_grams)
            .ok()
            .and_then(|n| n.checked_mul(ENTRY_SIZE))
            .ok_or(IndexFormatError::Corrupt("size overflow"))?;
        let in_memory = match &stored {
            Some((_, skip)) => Err(self.skip(entries_len, *skip)?),
            None => {
                self.reserve(0)?;
                let n = n_grams as usize;
                if entries_len > self.len - self.at {
                    return Err(IndexFormatError::Corrupt("unexpected end"));
                }
                let (mut keys, mut lens, mut offsets) =
                    (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n + 1));
                let mut remaining = n;
                while remaining > 0 {
                    let chunk = remaining.min(READ_CHUNK / ENTRY_SIZE);
                    for entry in self.take(chunk * ENTRY_SIZE)?.chunks_exact(ENTRY_SIZE) {
                        let entry = GramEntry::parse(entry);
                        keys.push(entry.key);
                        lens.push(entry.len);
                        offsets.push(entry.offset);
                    }
                    remaining -= chunk;
                }
                Ok((keys, lens, offsets))
            }
        };
        let directory = self.array::<u32>((1 << directory_bits) + 1)?;
        let directory_ok = directory.windows(2).all(|pair| pair[0] <= pair[1])
            && directory.last().is_some_and(|last| u64::from(*last) == n_grams);
        if !directory_ok {
            return Err(IndexFormatError::Corrupt("gram directory"));
        }
        let postings_len = self.u64()?;
        let postings_size = usize::try_from(postings_len)
            .map_err(|_| IndexFormatError::Corrupt("size overflow"))?;
        let table = match (in_memory, stored) {
            (Err(entries_at), Some((source, skip))) => {
                let postings_at = self.skip(postings_size, skip)?;
                GramTable::Stored { source, n_grams, entries_at, postings_at, postings_len }
            }
            (Ok((keys, lens, mut offsets)), _) => {
                let postings = self.take(postings_size)?;
                offsets.push(postings_len);
                let keys_ok = keys.windows(2).all(|pair| pair[0] < pair[1]);
                let offsets_ok = offsets.windows(2).all(|pair| pair[0] <= pair[1])
                    && offsets.last() == Some(&postings_len);
                if !(keys_ok && offsets_ok) {
                    return Err(IndexFormatError::Corrupt("gram table"));
                }
                GramTable::Memory { keys, lens, offsets, postings }
            }
            (Err(_), None) => return Err(IndexFormatError::Corrupt("gram table")),
        };
        Ok(Segment { start, end, directory, directory_bits, table })
    }

    fn take(&mut self, len: usize) -> Result<Vec<u8>, IndexFormatError> {
        self.reserve(len)?;
        let mut taken = vec![0; len];
        self.source
            .read_exact(&mut taken)
            .map_err(|_| IndexFormatError::Corrupt("unexpected end"))?;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32, IndexFormatError> {
        Ok(self.array::<u32>(1)?[0])
    }

    fn u64(&mut self) -> Result<u64, IndexFormatError> {
        Ok(self.array::<u64>(1)?[0])
    }

    /// `len` little-endian values.
    fn array<T: LittleEndian>(&mut self, len: usize) -> Result<Vec<T>, IndexFormatError> {
        let byte_len =
            len.checked_mul(T::SIZE).ok_or(IndexFormatError::Corrupt("size overflow"))?;
        self.reserve(byte_len)?;
        let mut values = Vec::with_capacity(len);
        let mut buffer = vec![0; byte_len.min(READ_CHUNK - READ_CHUNK % T::SIZE)];
        let mut remaining = byte_len;
        while remaining > 0 {
            let chunk_len = remaining.min(buffer.len());
            let chunk = &mut buffer[..chunk_len];
            self.source
                .read_exact(chunk)
                .map_err(|_| IndexFormatError::Corrupt("unexpected end"))?;
            values.extend(chunk.chunks_exact(T::SIZE).map(T::from_le));
            remaining -= chunk.len();
        }
        Ok(values)
    }
}

/// Fixed-size values stored little-endian in the byte format.
trait LittleEndian: Sized {
    const SIZE: usize;
    /// Decodes one value from exactly `SIZE` bytes.
    fn from_le(bytes: &[u8]) -> Self;
    /// Appends the value's bytes.
    fn put_le(&self, out: &mut Vec<u8>);
}

macro_rules! little_endian {
    ($($type:ty),*) => {$(
        impl LittleEndian for $type {
            const SIZE: usize = std::mem::size_of::<$type>();
            #[inline]
            fn from_le(bytes: &[u8]) -> Self {
                let mut array = [0u8; std::mem::size_of::<$type>()];
                array.copy_from_slice(bytes);
                <$type>::from_le_bytes(array)
            }
            #[inline]
            fn put_le(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}

little_endian!(u16, u32, u64, i64);
