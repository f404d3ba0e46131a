//! DTOs of the Terminology view: concepts, terms and mining (`commands::terminology`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
