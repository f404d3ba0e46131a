//! The IPC boundary: DTOs sent to and from the webview, and the error type the UI switches on.
//!
//! This is the only place that knows the wire format. DTOs are separate from core types, with
//! `From` conversions, even where they look alike today. TypeScript declarations are generated
//! from these types into `ui/src/ipc/bindings.ts` (see the `bindings_are_fresh` test).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A closed set of error codes; the UI switches on `code`, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum ErrorCode {
    /// The database was written by a newer Tessera.
    DatabaseTooNew,
    /// The database file could not be opened or is not a database.
    DatabaseUnavailable,
    /// Input the user gave is wrong.
    InvalidInput,
    /// The thing asked for does not exist.
    NotFound,
    /// A date the user typed is not a day (`2024-03-01`) nor an RFC 3339 moment.
    InvalidDate,
    /// A bug or an environment failure.
    Internal,
}

/// An error returned by a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// What kind of error, for the UI to switch on.
    pub code: ErrorCode,
    /// One line for the user.
    pub message: String,
}

impl Error {
    /// A file the user chose cannot be read or written.
    pub fn file(path: &str, error: &std::io::Error) -> Error {
        Error { code: ErrorCode::InvalidInput, message: format!("{path}: {error}") }
    }
}

impl From<tessera_core::Error> for Error {
    fn from(error: tessera_core::Error) -> Error {
        use tessera_core::{Error as CoreError, StoreError};
        let code = match &error {
            CoreError::Store(StoreError::TooNew { .. }) => ErrorCode::DatabaseTooNew,
            CoreError::Store(StoreError::NotADatabase { .. } | StoreError::Open { .. })
            | CoreError::NoDataDirectory => ErrorCode::DatabaseUnavailable,
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::InvalidEdit { .. } | CoreError::InvalidFile { .. } => {
                ErrorCode::InvalidInput
            }
            _ => ErrorCode::Internal,
        };
        Error { code, message: error.to_string() }
    }
}

/// A count of terms with one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    /// `preferred`, `admitted`, `deprecated` or `forbidden`.
    pub status: String,
    /// How many terms.
    #[ts(type = "number")]
    pub count: u64,
}

/// A count of segments in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LanguageCount {
    /// BCP 47 tag.
    pub lang: String,
    /// How many variants (segments) in that language.
    #[ts(type = "number")]
    pub count: u64,
}

/// The counts shown in the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// The open database file.
    pub database_path: String,
    /// Schema version of the database.
    #[ts(type = "number")]
    pub schema_version: u64,
    /// Translation units.
    #[ts(type = "number")]
    pub units: u64,
    /// Articles.
    #[ts(type = "number")]
    pub articles: u64,
    /// Terms (all languages).
    #[ts(type = "number")]
    pub terms: u64,
    /// Concepts.
    #[ts(type = "number")]
    pub concepts: u64,
    /// Terms per status.
    pub terms_by_status: Vec<StatusCount>,
    /// Segments per language.
    pub languages: Vec<LanguageCount>,
}

impl Stats {
    pub(crate) fn new(database_path: &std::path::Path, stats: tessera_core::Stats) -> Stats {
        Stats {
            database_path: database_path.display().to_string(),
            schema_version: stats.schema_version,
            units: stats.units,
            articles: stats.articles,
            terms: stats.terms,
            concepts: stats.concepts,
            terms_by_status: stats
                .terms_by_status
                .into_iter()
                .map(|(status, count)| StatusCount { status: status.as_str().to_owned(), count })
                .collect(),
            languages: stats
                .languages
                .into_iter()
                .map(|(lang, count)| LanguageCount { lang: lang.to_string(), count })
                .collect(),
        }
    }
}

/// A problem in an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileProblem {
    /// 1-based line, if known.
    pub line: Option<u32>,
    /// 1-based column, if known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
}

/// What importing one file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileReport {
    /// The file.
    pub path: String,
    /// What it was taken for.
    pub kind: String,
    /// Units added.
    #[ts(type = "number")]
    pub units_added: u64,
    /// Units skipped as already present.
    #[ts(type = "number")]
    pub units_skipped: u64,
    /// True when the same article was imported before.
    pub already_imported: bool,
    /// What the cleaner dropped (nothing is lost silently).
    pub dropped: Vec<DroppedText>,
    /// Aligned pairs below the review threshold.
    #[ts(type = "number")]
    pub low_confidence: u64,
    /// Problems found.
    pub problems: Vec<FileProblem>,
    /// For a Chinese file imported with its English version as one article: the English file.
    pub paired_with: Option<String>,
}

/// A span the cleaner removed from an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DroppedText {
    /// Why (`page-noise`, `byline`, `pinyin-artefact`, …).
    pub reason: String,
    /// The text, verbatim.
    pub text: String,
}

impl From<tessera_core::FileReport> for FileReport {
    fn from(report: tessera_core::FileReport) -> FileReport {
        FileReport {
            path: report.path,
            kind: report.kind,
            units_added: report.units_added,
            units_skipped: report.units_skipped,
            already_imported: report.already_imported,
            dropped: report
                .dropped
                .into_iter()
                .map(|span| DroppedText { reason: span.reason, text: span.text })
                .collect(),
            low_confidence: report.low_confidence,
            problems: report
                .problems
                .into_iter()
                .map(|problem| FileProblem {
                    line: problem.line,
                    column: problem.column,
                    message: problem.message,
                })
                .collect(),
            paired_with: report.paired_with,
        }
    }
}

/// A Chinese file and an English file proposed as one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposedPair {
    /// The Chinese file.
    pub zh: String,
    /// The English file.
    pub en: String,
    /// How alike they are, 0 to 1.
    pub similarity: f64,
    /// How clearly they beat every other candidate, 0 to 1.
    pub confidence: f64,
}

/// A monolingual file left without a confident partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SingleFile {
    /// The file.
    pub path: String,
    /// `zh` or `en`.
    pub lang: String,
    /// Its most similar file of the other language, if any.
    pub best_path: Option<String>,
    /// Their similarity, 0 to 1.
    pub best_score: Option<f64>,
}

/// The pairs found among the chosen files, for the user to confirm before importing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PairProposal {
    /// Confident pairs.
    pub pairs: Vec<ProposedPair>,
    /// Monolingual files left single.
    pub singles: Vec<SingleFile>,
}

impl From<tessera_core::PairProposal> for PairProposal {
    fn from(proposal: tessera_core::PairProposal) -> PairProposal {
        PairProposal {
            pairs: proposal
                .pairs
                .into_iter()
                .map(|pair| ProposedPair {
                    zh: pair.zh.display().to_string(),
                    en: pair.en.display().to_string(),
                    similarity: pair.similarity,
                    confidence: pair.confidence,
                })
                .collect(),
            singles: proposal
                .singles
                .into_iter()
                .map(|single| SingleFile {
                    path: single.path.display().to_string(),
                    lang: single.lang,
                    best_path: single.best.as_ref().map(|(path, _)| path.display().to_string()),
                    best_score: single.best.map(|(_, score)| score),
                })
                .collect(),
        }
    }
}

/// A Chinese file and its English version, to import as one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FilePair {
    /// The Chinese file.
    pub zh: String,
    /// The English file.
    pub en: String,
}

/// Payload of the `stats-changed` event, sent after every write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatsChanged {
    /// The new counts.
    pub stats: Stats,
}

/// An imported article in the review list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleSummary {
    /// Article id.
    #[ts(type = "number")]
    pub id: i64,
    /// Headline.
    pub title: String,
    /// Source file.
    pub source_path: String,
    /// Import time (RFC 3339).
    pub imported_at: String,
    /// Units aligned from it.
    #[ts(type = "number")]
    pub units: u64,
    /// Units below the review threshold.
    #[ts(type = "number")]
    pub low_confidence: u64,
    /// Chinese sentences.
    #[ts(type = "number")]
    pub zh_sentences: u64,
    /// English sentences.
    #[ts(type = "number")]
    pub en_sentences: u64,
    /// The other article of its pair (a Chinese file and its English version).
    #[ts(type = "number | null")]
    pub partner: Option<i64>,
}

impl From<tessera_core::ArticleSummary> for ArticleSummary {
    fn from(article: tessera_core::ArticleSummary) -> ArticleSummary {
        ArticleSummary {
            id: article.id.0,
            title: article.title,
            source_path: article.source_path,
            imported_at: article.imported_at,
            units: article.units,
            low_confidence: article.low_confidence,
            zh_sentences: article.zh_sentences,
            en_sentences: article.en_sentences,
            partner: article.partner.map(|partner| partner.0),
        }
    }
}

/// A sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    /// Sentence id.
    #[ts(type = "number")]
    pub id: i64,
    /// BCP 47 tag.
    pub lang: String,
    /// Position among the sentences of its language.
    pub position: u32,
    /// The sentence.
    pub text: String,
}

/// An aligned pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Bead {
    /// Position in the article.
    pub position: u32,
    /// Chinese sentence ids.
    #[ts(type = "number[]")]
    pub zh: Vec<i64>,
    /// English sentence ids.
    #[ts(type = "number[]")]
    pub en: Vec<i64>,
    /// The unit made from it.
    #[ts(type = "number")]
    pub unit: i64,
    /// 0 to 1; 1 for reviewed pairs.
    pub confidence: f64,
}

/// An article's sentences and pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleAlignment {
    /// The article.
    pub article: ArticleSummary,
    /// Sentences, Chinese then English.
    pub segments: Vec<Segment>,
    /// Pairs in order.
    pub beads: Vec<Bead>,
    /// Pairs below this confidence are highlighted.
    pub low_confidence_below: f64,
    /// What the cleaner dropped at import.
    pub dropped: Vec<DroppedText>,
}

impl From<tessera_core::ArticleAlignment> for ArticleAlignment {
    fn from(alignment: tessera_core::ArticleAlignment) -> ArticleAlignment {
        let ids = |ids: Vec<tessera_core::SegmentId>| ids.into_iter().map(|id| id.0).collect();
        ArticleAlignment {
            article: alignment.article.into(),
            segments: alignment
                .segments
                .into_iter()
                .map(|segment| Segment {
                    id: segment.id.0,
                    lang: segment.lang.to_string(),
                    position: segment.position,
                    text: segment.text,
                })
                .collect(),
            beads: alignment
                .beads
                .into_iter()
                .map(|bead| Bead {
                    position: bead.position,
                    zh: ids(bead.zh),
                    en: ids(bead.en),
                    unit: bead.unit.0,
                    confidence: bead.confidence,
                })
                .collect(),
            low_confidence_below: tessera_core::LOW_CONFIDENCE,
            dropped: alignment
                .dropped
                .into_iter()
                .map(|span| DroppedText { reason: span.reason, text: span.text })
                .collect(),
        }
    }
}

/// A reviewer's pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BeadEdit {
    /// Chinese sentence ids.
    #[ts(type = "number[]")]
    pub zh: Vec<i64>,
    /// English sentence ids.
    #[ts(type = "number[]")]
    pub en: Vec<i64>,
}

impl From<BeadEdit> for tessera_core::BeadEdit {
    fn from(edit: BeadEdit) -> tessera_core::BeadEdit {
        let ids = |ids: Vec<i64>| ids.into_iter().map(tessera_core::SegmentId).collect();
        tessera_core::BeadEdit { zh: ids(edit.zh), en: ids(edit.en) }
    }
}

/// What saving a reviewed alignment changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlignmentEditOutcome {
    /// Pairs kept.
    #[ts(type = "number")]
    pub kept: u64,
    /// Pairs created.
    #[ts(type = "number")]
    pub created: u64,
    /// Pairs removed.
    #[ts(type = "number")]
    pub removed: u64,
}

impl From<tessera_core::AlignmentEditOutcome> for AlignmentEditOutcome {
    fn from(outcome: tessera_core::AlignmentEditOutcome) -> AlignmentEditOutcome {
        AlignmentEditOutcome {
            kept: outcome.kept,
            created: outcome.created,
            removed: outcome.removed,
        }
    }
}

/// Payload of the `import-progress` event, sent before each file and, within a TMX file, at
/// most about ten times a second.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// Files finished.
    #[ts(type = "number")]
    pub done: u64,
    /// Files in the import.
    #[ts(type = "number")]
    pub total: u64,
    /// The file being imported.
    pub current: String,
    /// Units of the current file read so far (TMX only; 0 before the file starts).
    #[ts(type = "number")]
    pub units_read: u64,
    /// Bytes of the current file read so far (TMX only; 0 before the file starts).
    #[ts(type = "number")]
    pub bytes_read: u64,
    /// The current file's size, when `bytes_read` is measured against it (plain TMX).
    #[ts(type = "number | null")]
    pub file_bytes: Option<u64>,
}

impl From<tessera_core::ImportProgress<'_>> for ImportProgress {
    fn from(progress: tessera_core::ImportProgress<'_>) -> ImportProgress {
        let within_file = progress
            .within_file
            .unwrap_or(tessera_core::TmxImportProgress { bytes_read: 0, units_read: 0 });
        ImportProgress {
            done: progress.done as u64,
            total: progress.total as u64,
            current: progress.current.display().to_string(),
            units_read: within_file.units_read,
            bytes_read: within_file.bytes_read,
            file_bytes: progress.file_bytes,
        }
    }
}

/// Payload of the `index-progress` event, sent while the match index is built or extended after
/// an import or an undo; the last one has `done == total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IndexProgress {
    /// Units indexed so far.
    #[ts(type = "number")]
    pub done: u64,
    /// Units to index.
    #[ts(type = "number")]
    pub total: u64,
}

impl From<tessera_core::IndexProgress> for IndexProgress {
    fn from(progress: tessera_core::IndexProgress) -> IndexProgress {
        IndexProgress { done: progress.done, total: progress.total }
    }
}

/// A `<prop>` of a TMX file's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HeaderProp {
    /// Its `type` attribute.
    pub kind: String,
    /// Its text.
    pub value: String,
}

/// One import of a TMX, TBX or glossary file, as listed for undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportBatch {
    /// Its id, as given to `undo_import`.
    #[ts(type = "number")]
    pub id: i64,
    /// The file as named by the user.
    pub file: String,
    /// `tmx`, `tbx` or `glossary`.
    pub kind: String,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// The duplicate policy it used: `skip`, `newest`, `all` (empty for glossaries).
    pub duplicates: String,
    /// Units it added.
    #[ts(type = "number")]
    pub units_added: u64,
    /// Units it skipped as duplicates.
    #[ts(type = "number")]
    pub units_skipped: u64,
    /// Older stored units it replaced.
    #[ts(type = "number")]
    pub units_replaced: u64,
    /// Termbase concepts it added.
    #[ts(type = "number")]
    pub concepts_added: u64,
    /// When it was undone (RFC 3339), if it was.
    pub undone_at: Option<String>,
    /// The header's props, in file order.
    pub header_props: Vec<HeaderProp>,
    /// The header's notes, in file order.
    pub header_notes: Vec<String>,
}

impl From<tessera_core::ImportBatch> for ImportBatch {
    fn from(batch: tessera_core::ImportBatch) -> ImportBatch {
        ImportBatch {
            id: batch.id.0,
            file: batch.file,
            kind: batch.kind,
            started_at: batch.started_at,
            duplicates: batch.duplicates,
            units_added: batch.units_added,
            units_skipped: batch.units_skipped,
            units_replaced: batch.units_replaced,
            concepts_added: batch.concepts_added,
            undone_at: batch.undone_at,
            header_props: batch
                .header_props
                .into_iter()
                .map(|(kind, value)| HeaderProp { kind, value })
                .collect(),
            header_notes: batch.header_notes,
        }
    }
}

/// What undoing an import removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UndoReport {
    /// Units removed.
    #[ts(type = "number")]
    pub units_removed: u64,
    /// Concepts removed, with their terms.
    #[ts(type = "number")]
    pub concepts_removed: u64,
    /// Units the import had replaced that were put back.
    #[ts(type = "number")]
    pub units_restored: u64,
}

impl From<tessera_core::UndoReport> for UndoReport {
    fn from(report: tessera_core::UndoReport) -> UndoReport {
        UndoReport {
            units_removed: report.units_removed,
            concepts_removed: report.concepts_removed,
            units_restored: report.units_restored,
        }
    }
}

/// A language tag written in place of a stored one, e.g. `zh-Hans` as `zh-CN`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LanguageRename {
    /// The stored tag.
    pub from: String,
    /// The tag written instead.
    pub to: String,
}

/// What to export of the memory as TMX.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemoryExportOptions {
    /// Stored language tags to export; empty exports every language.
    pub languages: Vec<String>,
    /// Only units a reviewer approved.
    pub approved_only: bool,
    /// Only units changed on or after this day (`2024-03-01`); empty or absent for no limit.
    pub since: Option<String>,
    /// Only units changed on or before this day; empty or absent for no limit.
    pub until: Option<String>,
    /// Tags written in place of stored ones.
    pub rename_languages: Vec<LanguageRename>,
}

impl MemoryExportOptions {
    /// The core's options; a date that is neither a day nor an RFC 3339 moment is an
    /// [`ErrorCode::InvalidDate`] naming it.
    pub fn into_core(self) -> Result<tessera_core::TmxExport, Error> {
        use tessera_core::LanguageTag;
        let moment = |text: Option<String>, end_of_day: bool| {
            let Some(text) = text.filter(|text| !text.trim().is_empty()) else {
                return Ok(None);
            };
            tessera_core::parse_moment(text.trim(), end_of_day).map(Some).ok_or_else(|| Error {
                code: ErrorCode::InvalidDate,
                message: format!("{text:?} is not a day such as 2024-03-01"),
            })
        };
        Ok(tessera_core::TmxExport {
            languages: (!self.languages.is_empty())
                .then(|| self.languages.iter().map(|lang| LanguageTag::parse(lang)).collect()),
            approved_only: self.approved_only,
            source_lang: None,
            changed_from: moment(self.since, false)?,
            changed_before: moment(self.until, true)?,
            rename_languages: self
                .rename_languages
                .iter()
                .map(|pair| (LanguageTag::parse(&pair.from), LanguageTag::parse(&pair.to)))
                .collect(),
        })
    }
}

/// What a TMX export of the memory wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemoryExportReport {
    /// Units read from the memory.
    #[ts(type = "number")]
    pub units_read: u64,
    /// Units written.
    #[ts(type = "number")]
    pub units_written: u64,
    /// Units left out because they changed outside the dates.
    #[ts(type = "number")]
    pub units_outside_dates: u64,
    /// Units left out for lack of the chosen languages.
    #[ts(type = "number")]
    pub units_without_languages: u64,
}

impl From<tessera_core::TmxExportReport> for MemoryExportReport {
    fn from(report: tessera_core::TmxExportReport) -> MemoryExportReport {
        MemoryExportReport {
            units_read: report.units_read,
            units_written: report.units_written,
            units_outside_dates: report.units_outside_dates,
            units_without_languages: report.units_without_languages,
        }
    }
}

/// The file format of a termbase export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TermbaseFormat {
    /// TBX-Basic v3.
    Tbx,
    /// A tab-separated table.
    Tsv,
    /// A comma-separated table.
    Csv,
}

/// A piece of text, marked when it is an occurrence of the searched text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextPiece {
    /// The text.
    pub text: String,
    /// Whether it is an occurrence.
    pub hit: bool,
}

/// A unit found by concordance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConcordanceHit {
    /// The unit.
    #[ts(type = "number")]
    pub unit_id: i64,
    /// The searched side, cut into pieces with the occurrences marked.
    pub searched: Vec<TextPiece>,
    /// The other side.
    pub other: String,
    /// The span of the other side that renders the searched text, when found.
    pub rendering: Option<String>,
    /// The article the unit was aligned from.
    pub article: Option<String>,
    /// When the unit was created.
    pub created_at: Option<String>,
}

/// Hits sharing one rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RenderingGroup {
    /// The rendering (or a whole text when no span was found).
    pub rendering: String,
    /// Whether `rendering` is a whole text.
    pub is_full_text: bool,
    /// How many hits have it.
    #[ts(type = "number")]
    pub count: u64,
}

/// A concordance answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Concordance {
    /// Renderings, most frequent first.
    pub renderings: Vec<RenderingGroup>,
    /// The units found, newest first.
    pub hits: Vec<ConcordanceHit>,
    /// False when the hit limit cut the list.
    pub complete: bool,
}

impl Concordance {
    pub(crate) fn new(
        concordance: tessera_core::matching::Concordance,
        origins: &[tessera_core::UnitOrigin],
        searched_target: bool,
    ) -> Concordance {
        let hits = concordance
            .hits
            .into_iter()
            .map(|hit| {
                let origin = origins.iter().find(|origin| origin.unit_id == hit.unit_id);
                let (searched, other) = if searched_target {
                    (hit.target, hit.source)
                } else {
                    (hit.source, hit.target)
                };
                ConcordanceHit {
                    unit_id: hit.unit_id,
                    searched: pieces(&searched, &hit.ranges),
                    other,
                    rendering: hit.rendering,
                    article: origin.and_then(|origin| origin.article.clone()),
                    created_at: origin.map(|origin| origin.created_at.clone()),
                }
            })
            .collect();
        Concordance {
            renderings: concordance
                .renderings
                .into_iter()
                .map(|group| RenderingGroup {
                    rendering: group.rendering,
                    is_full_text: group.is_full_text,
                    count: group.count as u64,
                })
                .collect(),
            hits,
            complete: concordance.complete,
        }
    }
}

/// Cuts `text` at the byte `ranges` (sorted, non-overlapping) into marked and unmarked pieces.
fn pieces(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<TextPiece> {
    let mut out = Vec::new();
    let mut at = 0;
    for range in ranges {
        let (Some(before), Some(inside)) = (text.get(at..range.start), text.get(range.clone()))
        else {
            continue;
        };
        if !before.is_empty() {
            out.push(TextPiece { text: before.to_owned(), hit: false });
        }
        out.push(TextPiece { text: inside.to_owned(), hit: true });
        at = range.end;
    }
    if let Some(rest) = text.get(at..).filter(|rest| !rest.is_empty()) {
        out.push(TextPiece { text: rest.to_owned(), hit: false });
    }
    out
}

/// A unit in the Memory view's browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnitRow {
    /// Unit id.
    #[ts(type = "number")]
    pub id: i64,
    /// The Chinese segment.
    pub source: String,
    /// The English segment.
    pub target: String,
    /// The Chinese variant's language tag.
    pub source_lang: String,
    /// The article it was aligned from.
    pub article: Option<String>,
    /// When it was created.
    pub created_at: String,
    /// When it was last changed.
    pub changed_at: Option<String>,
}

impl From<tessera_core::StoredUnit> for UnitRow {
    fn from(unit: tessera_core::StoredUnit) -> UnitRow {
        let text_of = |primary: &str| {
            unit.variants
                .iter()
                .find(|(lang, _)| lang.primary() == primary)
                .map(|(lang, text)| (lang.to_string(), text.clone()))
        };
        let (source_lang, source) = text_of("zh").unwrap_or_default();
        let target = text_of("en").map(|(_, text)| text).unwrap_or_default();
        UnitRow {
            id: unit.id.0,
            source,
            target,
            source_lang,
            article: unit.article.map(|(path, _, _)| path),
            created_at: unit.created_at,
            changed_at: unit.changed_at,
        }
    }
}

/// Which side of a unit an edit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum UnitSide {
    /// The Chinese segment.
    Source,
    /// The English segment.
    Target,
}

impl From<UnitSide> for tessera_core::UnitSide {
    fn from(side: UnitSide) -> tessera_core::UnitSide {
        match side {
            UnitSide::Source => tessera_core::UnitSide::Source,
            UnitSide::Target => tessera_core::UnitSide::Target,
        }
    }
}

/// One entry of a unit's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Details (old → new).
    pub detail: String,
}

impl From<tessera_core::AuditEntry> for AuditEntry {
    fn from(entry: tessera_core::AuditEntry) -> AuditEntry {
        AuditEntry { at: entry.at, actor: entry.actor, action: entry.action, detail: entry.detail }
    }
}

/// A term of a concept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Term {
    /// Term id.
    #[ts(type = "number")]
    pub id: i64,
    /// BCP 47 tag.
    pub lang: String,
    /// The term.
    pub text: String,
    /// preferred, admitted, deprecated or forbidden.
    pub status: String,
    /// How often it was seen.
    #[ts(type = "number")]
    pub count: u64,
}

/// A concept of the termbase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Concept {
    /// Concept id.
    #[ts(type = "number")]
    pub id: i64,
    /// person, title, organisation, …
    pub category: String,
    /// candidate, approved or rejected.
    pub status: String,
    /// Its terms, Chinese first.
    pub terms: Vec<Term>,
}

impl From<tessera_core::ConceptRecord> for Concept {
    fn from(concept: tessera_core::ConceptRecord) -> Concept {
        Concept {
            id: concept.id,
            category: concept.category,
            status: concept.review_status,
            terms: concept
                .terms
                .into_iter()
                .map(|term| Term {
                    id: term.id,
                    lang: term.lang.to_string(),
                    text: term.text,
                    status: term.status.as_str().to_owned(),
                    count: term.occurrences,
                })
                .collect(),
        }
    }
}

/// Where a rendering was seen: a unit's two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TermExample {
    /// The Chinese segment.
    pub zh: String,
    /// The English segment.
    pub en: String,
}

/// What mining added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExtractReport {
    /// Candidates found.
    #[ts(type = "number")]
    pub candidates_found: u64,
    /// Concepts added.
    #[ts(type = "number")]
    pub concepts_added: u64,
}

/// A document in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentSummary {
    /// Document id.
    #[ts(type = "number")]
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Segments.
    #[ts(type = "number")]
    pub segments: u64,
    /// Confirmed segments.
    #[ts(type = "number")]
    pub confirmed: u64,
}

/// A segment of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditorSegment {
    /// Segment id.
    #[ts(type = "number")]
    pub id: i64,
    /// Paragraph index.
    pub block: u32,
    /// Source sentence.
    pub source: String,
    /// Translation.
    pub target: String,
    /// new, draft or confirmed.
    pub status: String,
}

/// A memory match for the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditorMatch {
    /// 0–100.
    pub score: u8,
    /// The match's source, cut into pieces; `hit` marks text that differs from the segment.
    pub source: Vec<TextPiece>,
    /// The match's target.
    pub target: String,
    /// The target adjusted to the segment's numbers and approved terms, when possible.
    pub adjusted_target: Option<String>,
    /// What lowered the score.
    pub penalties: Vec<String>,
    /// The article it came from.
    pub article: Option<String>,
    /// The previous segment matched too.
    pub context_match: bool,
}

/// A source term with its renderings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditorTerm {
    /// The term as found in the source.
    pub zh: String,
    /// Its category.
    pub category: String,
    /// The preferred rendering.
    pub preferred: Option<String>,
    /// Other renderings with their status.
    pub others: Vec<Term>,
}

/// What the editor shows beside a segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SegmentAssist {
    /// Memory matches, best first.
    pub matches: Vec<EditorMatch>,
    /// Approved terms in the source.
    pub terms: Vec<EditorTerm>,
}

/// A live-check finding (character offsets into the target).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// missing, deprecated, forbidden or nearmiss.
    pub kind: String,
    /// Start (characters).
    pub start: u32,
    /// End (characters).
    pub end: u32,
    /// The text found.
    pub found: String,
    /// The approved form.
    pub suggestion: String,
}

/// A term completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    /// The rendering.
    pub text: String,
    /// Its status.
    pub status: String,
}

impl From<tessera_core::MemoryMatch> for EditorMatch {
    fn from(found: tessera_core::MemoryMatch) -> EditorMatch {
        use tessera_core::matching::DiffOp;
        let differing: Vec<std::ops::Range<usize>> = found
            .found
            .diff
            .iter()
            .filter_map(|op| match op {
                DiffOp::Insert { source } | DiffOp::Replace { source, .. } => Some(source.clone()),
                _ => None,
            })
            .collect();
        EditorMatch {
            score: found.found.score,
            source: pieces(&found.found.source, &differing),
            target: found.found.target,
            adjusted_target: found.adjusted.map(|adjusted| adjusted.target),
            penalties: found.found.penalties.into_iter().map(|penalty| penalty.detail).collect(),
            article: found.origin.and_then(|origin| origin.article),
            context_match: found.context_match,
        }
    }
}

impl From<tessera_core::SegmentTerm> for EditorTerm {
    fn from(term: tessera_core::SegmentTerm) -> EditorTerm {
        EditorTerm {
            zh: term.hit.zh,
            category: term.category,
            preferred: term.preferred,
            others: term
                .others
                .into_iter()
                .map(|(text, status)| Term {
                    id: 0,
                    lang: "en".to_owned(),
                    text,
                    status: status.as_str().to_owned(),
                    count: 0,
                })
                .collect(),
        }
    }
}

/// The TypeScript declarations of every DTO, in a fixed order: the content of `bindings.ts`.
pub fn typescript_bindings() -> String {
    let config = ts_rs::Config::default();
    let declarations = [
        ErrorCode::decl(&config),
        Error::decl(&config),
        StatusCount::decl(&config),
        LanguageCount::decl(&config),
        Stats::decl(&config),
        FileProblem::decl(&config),
        DroppedText::decl(&config),
        FileReport::decl(&config),
        ProposedPair::decl(&config),
        SingleFile::decl(&config),
        PairProposal::decl(&config),
        FilePair::decl(&config),
        StatsChanged::decl(&config),
        ArticleSummary::decl(&config),
        Segment::decl(&config),
        Bead::decl(&config),
        ArticleAlignment::decl(&config),
        BeadEdit::decl(&config),
        AlignmentEditOutcome::decl(&config),
        ImportProgress::decl(&config),
        IndexProgress::decl(&config),
        HeaderProp::decl(&config),
        ImportBatch::decl(&config),
        UndoReport::decl(&config),
        LanguageRename::decl(&config),
        MemoryExportOptions::decl(&config),
        MemoryExportReport::decl(&config),
        TermbaseFormat::decl(&config),
        TextPiece::decl(&config),
        ConcordanceHit::decl(&config),
        RenderingGroup::decl(&config),
        Concordance::decl(&config),
        UnitRow::decl(&config),
        UnitSide::decl(&config),
        AuditEntry::decl(&config),
        Term::decl(&config),
        Concept::decl(&config),
        ExtractReport::decl(&config),
        TermExample::decl(&config),
        DocumentSummary::decl(&config),
        EditorSegment::decl(&config),
        EditorMatch::decl(&config),
        EditorTerm::decl(&config),
        SegmentAssist::decl(&config),
        Finding::decl(&config),
        Completion::decl(&config),
    ];
    let mut out = String::from(
        "// Generated by the `bindings_are_fresh` test in src-tauri from src-tauri/src/ipc.rs.\n// Do not edit by hand: run `cargo test -p tessera-desktop` to regenerate.\n\n",
    );
    for declaration in declarations {
        out.push_str("export ");
        out.push_str(&declaration);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Fails when `ui/src/ipc/bindings.ts` does not match the DTOs. Locally it rewrites the file
    /// (review the diff); under CI it only fails.
    #[test]
    fn bindings_are_fresh() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc/bindings.ts");
        let expected = typescript_bindings();
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        if actual != expected {
            if std::env::var_os("CI").is_none() {
                std::fs::write(&path, &expected).unwrap();
            }
            panic!(
                "Generated IPC bindings are out of date: {} was stale (rewritten unless CI is set).",
                path.display()
            );
        }
    }

    #[test]
    fn pieces_mark_occurrences_on_char_boundaries() {
        let text = "重庆国际传播中心主任赵吾君";
        let start = text.find("传播中心").unwrap();
        let occurrence = start..start + "传播中心".len();
        let marked = pieces(text, std::slice::from_ref(&occurrence));
        let shown: Vec<(&str, bool)> =
            marked.iter().map(|piece| (piece.text.as_str(), piece.hit)).collect();
        assert_eq!(shown, vec![("重庆国际", false), ("传播中心", true), ("主任赵吾君", false)]);
        // A range that is not on a character boundary is skipped, never a panic.
        let inside_a_character = 1..2;
        assert_eq!(pieces(text, std::slice::from_ref(&inside_a_character)).len(), 1);
    }

    #[test]
    fn export_dates_are_whole_days_and_a_bad_one_has_its_own_code() {
        let options = |since: &str, until: &str| MemoryExportOptions {
            languages: vec![],
            approved_only: false,
            since: Some(since.to_owned()),
            until: Some(until.to_owned()),
            rename_languages: vec![LanguageRename { from: "zh-Hans".into(), to: "zh-CN".into() }],
        };
        let core = options("2024-03-01", "2024-03-31").into_core().unwrap();
        assert_eq!(core.languages, None);
        assert_eq!(core.changed_from.unwrap().to_string(), "2024-03-01T00:00:00Z");
        assert_eq!(core.changed_before.unwrap().to_string(), "2024-04-01T00:00:00Z");
        assert_eq!(core.rename_languages.len(), 1);
        let open_ended = options(" ", "").into_core().unwrap();
        assert_eq!((open_ended.changed_from, open_ended.changed_before), (None, None));
        assert_eq!(options("2024-13-01", "").into_core().unwrap_err().code, ErrorCode::InvalidDate);
    }

    #[test]
    fn newer_database_maps_to_its_own_code() {
        let dir = std::env::temp_dir().join(format!("tessera-ipc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("future.db");
        drop(tessera_core::Project::open(&path).unwrap());
        // Simulate a newer Tessera by bumping the schema version past what this build knows.
        let stats = tessera_core::Project::open(&path).unwrap().stats().unwrap();
        let too_new = tessera_core::Error::Store(tessera_core::StoreError::TooNew {
            path: path.clone(),
            found: stats.schema_version as usize + 1,
            known: stats.schema_version as usize,
        });
        assert_eq!(Error::from(too_new).code, ErrorCode::DatabaseTooNew);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
