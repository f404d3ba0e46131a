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

impl From<tessera_core::Error> for Error {
    fn from(error: tessera_core::Error) -> Error {
        use tessera_core::{Error as CoreError, StoreError};
        let code = match &error {
            CoreError::Store(StoreError::TooNew { .. }) => ErrorCode::DatabaseTooNew,
            CoreError::Store(StoreError::NotADatabase { .. } | StoreError::Open { .. })
            | CoreError::NoDataDirectory => ErrorCode::DatabaseUnavailable,
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
        }
    }
}

/// Payload of the `stats-changed` event, sent after every write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatsChanged {
    /// The new counts.
    pub stats: Stats,
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
        StatsChanged::decl(&config),
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
