//! The IPC boundary: DTOs sent to and from the webview, and the error type the UI switches on.
//!
//! This is the only place that knows the wire format. DTOs are separate from core types, with
//! `From` conversions, even where they look alike today. TypeScript declarations are generated
//! from these types into `ui/src/ipc/bindings.ts` (see the `bindings_are_fresh` test).
//!
//! One file per UI area, as in `commands/`: `overview`, `alignment`, `import_export`, `memory`,
//! `terminology`, `editor`, `fragments` (the editor's names and titles), `grid` (find and
//! replace, split and merge in a document), `qa`, `team`. This
//! file holds the error type and the bindings generator.

mod alignment;
mod editor;
mod fragments;
mod grid;
mod import_export;
mod memory;
mod overview;
mod qa;
mod team;
mod terminology;
mod xliff;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use self::{
    alignment::*, editor::*, fragments::*, grid::*, import_export::*, memory::*, overview::*,
    qa::*, team::*, terminology::*, xliff::*,
};

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
    /// The team server cannot be reached (or its database is down); the app retries by itself.
    TeamOffline,
    /// The team server refused: the token is unknown or the role does not allow it.
    Forbidden,
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
            CoreError::InvalidEdit { .. }
            | CoreError::InvalidFile { .. }
            | CoreError::InvalidPattern { .. } => ErrorCode::InvalidInput,
            _ => ErrorCode::Internal,
        };
        Error { code, message: error.to_string() }
    }
}

impl From<BeadEdit> for tessera_core::BeadEdit {
    fn from(edit: BeadEdit) -> tessera_core::BeadEdit {
        let ids = |ids: Vec<i64>| ids.into_iter().map(tessera_core::SegmentId).collect();
        tessera_core::BeadEdit { zh: ids(edit.zh), en: ids(edit.en) }
    }
}

impl From<UnitSide> for tessera_core::UnitSide {
    fn from(side: UnitSide) -> tessera_core::UnitSide {
        match side {
            UnitSide::Source => tessera_core::UnitSide::Source,
            UnitSide::Target => tessera_core::UnitSide::Target,
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
        DocumentPretranslation::decl(&config),
        EditorMatch::decl(&config),
        MatchReplacement::decl(&config),
        DiffPiece::decl(&config),
        EditorTerm::decl(&config),
        SegmentAssist::decl(&config),
        Finding::decl(&config),
        Completion::decl(&config),
        QaFinding::decl(&config),
        QaReport::decl(&config),
        QaProgress::decl(&config),
        FixReport::decl(&config),
        QaReportFormat::decl(&config),
        TeamConnection::decl(&config),
        TeamStatus::decl(&config),
        TeamMember::decl(&config),
        ProposalTerm::decl(&config),
        TeamProposal::decl(&config),
        TeamOverview::decl(&config),
        SourceName::decl(&config),
        NameRendering::decl(&config),
        ExampleUnit::decl(&config),
        ProposedTerm::decl(&config),
        TagKind::decl(&config),
        SegmentTag::decl(&config),
        SegmentTags::decl(&config),
        FindQuery::decl(&config),
        FoundText::decl(&config),
        ReplaceOne::decl(&config),
        ReplaceReport::decl(&config),
    ];
    let mut out = String::from(
        "// Generated by the `bindings_are_fresh` test in src-tauri from src-tauri/src/ipc/.\n// Do not edit by hand: run `cargo test -p tessera-desktop` to regenerate.\n\n",
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
