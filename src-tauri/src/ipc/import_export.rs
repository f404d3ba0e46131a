//! DTOs of imports, their history and undo, and exports (`commands::import_export`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Error, ErrorCode};

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
