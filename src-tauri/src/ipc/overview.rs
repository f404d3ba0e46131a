//! DTOs of the status bar's counts (`commands::overview`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    /// The language by name, for people: `Chinese (Traditional)` for `zh-Hant`.
    pub name: String,
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
    /// Approved concepts: the ones the check, recognition and autocomplete use.
    #[ts(type = "number")]
    pub concepts_approved: u64,
    /// Candidate concepts: nobody has reviewed them yet.
    #[ts(type = "number")]
    pub concepts_candidate: u64,
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
            concepts_approved: stats.concepts_approved,
            concepts_candidate: stats.concepts_candidate,
            terms_by_status: stats
                .terms_by_status
                .into_iter()
                .map(|(status, count)| StatusCount { status: status.as_str().to_owned(), count })
                .collect(),
            languages: stats
                .languages
                .into_iter()
                .map(|(lang, count)| LanguageCount {
                    name: lang.english_name(),
                    lang: lang.to_string(),
                    count,
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
