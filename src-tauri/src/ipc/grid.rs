//! DTOs of the editor grid's document-wide edits: find and replace (`commands::grid`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What to find in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FindQuery {
    /// The text, or with `regex` a regular expression.
    pub pattern: String,
    /// Search the targets (translations) rather than the sources.
    pub in_target: bool,
    /// `pattern` is a regular expression.
    pub regex: bool,
    /// Upper and lower case differ.
    pub case_sensitive: bool,
}

impl From<FindQuery> for tessera_core::FindQuery {
    fn from(query: FindQuery) -> tessera_core::FindQuery {
        tessera_core::FindQuery {
            pattern: query.pattern,
            field: match query.in_target {
                true => tessera_core::FindField::Target,
                false => tessera_core::FindField::Source,
            },
            regex: query.regex,
            case_sensitive: query.case_sensitive,
        }
    }
}

/// One occurrence found (character offsets into the searched text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FoundText {
    /// The segment.
    #[ts(type = "number")]
    pub segment_id: i64,
    /// Its position in the document, from 0.
    pub position: u32,
    /// Start (characters).
    pub start: u32,
    /// End (characters, exclusive).
    pub end: u32,
}

impl From<tessera_core::FoundText> for FoundText {
    fn from(found: tessera_core::FoundText) -> FoundText {
        FoundText {
            segment_id: found.segment_id,
            position: found.position,
            start: found.start as u32,
            end: found.end as u32,
        }
    }
}

/// The one occurrence a replace changes; none: all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReplaceOne {
    /// The segment.
    #[ts(type = "number")]
    pub segment_id: i64,
    /// The occurrence's start in its target (characters).
    pub start: u32,
}

/// What a replace changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReplaceReport {
    /// Occurrences replaced.
    #[ts(type = "number")]
    pub replacements: u64,
    /// Segments whose target changed (now drafts).
    #[ts(type = "number")]
    pub segments: u64,
}

impl From<tessera_core::ReplaceReport> for ReplaceReport {
    fn from(report: tessera_core::ReplaceReport) -> ReplaceReport {
        ReplaceReport { replacements: report.replacements, segments: report.segments }
    }
}
