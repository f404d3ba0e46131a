//! DTOs of the editor's names and titles: the spans of a source the termbase and the memory
//! render, their renderings with evidence, and proposing one as a term (`commands::fragments`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A name or title found in a segment's source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SourceName {
    /// First character (code point offset into the source).
    pub start: u32,
    /// One past the last character.
    pub end: u32,
    /// The span as written.
    pub source: String,
    /// Approved terms, then candidate terms, then memory fragments; best first in each.
    pub renderings: Vec<NameRendering>,
}

/// One rendering of a name or title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NameRendering {
    /// The English rendering.
    pub target: String,
    /// termbase or memory.
    pub origin: String,
    /// approved or unreviewed.
    pub status: String,
    /// Units (memory) or occurrences (termbase) behind it.
    #[ts(type = "number")]
    pub count: u64,
    /// 0–1.
    pub confidence: f64,
    /// The concept, for a termbase rendering.
    #[ts(type = "number | null")]
    pub concept_id: Option<i64>,
    /// A few units that render the span this way.
    pub examples: Vec<ExampleUnit>,
}

/// A memory unit shown as an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExampleUnit {
    /// The unit.
    #[ts(type = "number")]
    pub unit_id: u64,
    /// Its Chinese.
    pub zh: String,
    /// Its English.
    pub en: String,
}

/// What proposing a fragment as a term did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposedTerm {
    /// The candidate concept holding it.
    #[ts(type = "number")]
    pub concept_id: i64,
    /// A new concept was made (else an existing candidate got the rendering).
    pub new_concept: bool,
    /// Units of the memory behind it.
    #[ts(type = "number")]
    pub count: u64,
    /// Units recorded as its evidence.
    #[ts(type = "number[]")]
    pub evidence: Vec<i64>,
}

impl From<tessera_core::NameSpan> for SourceName {
    fn from(span: tessera_core::NameSpan) -> SourceName {
        SourceName {
            start: span.start as u32,
            end: span.end as u32,
            source: span.source,
            renderings: span.renderings.into_iter().map(NameRendering::from).collect(),
        }
    }
}

impl From<tessera_core::NameRendering> for NameRendering {
    fn from(rendering: tessera_core::NameRendering) -> NameRendering {
        let suggestion = rendering.suggestion;
        NameRendering {
            target: suggestion.target,
            origin: suggestion.origin.as_str().to_owned(),
            status: suggestion.status.as_str().to_owned(),
            count: suggestion.count,
            confidence: suggestion.confidence,
            concept_id: suggestion.concept_id,
            examples: rendering
                .examples
                .into_iter()
                .map(|example| ExampleUnit {
                    unit_id: example.unit_id,
                    zh: example.zh,
                    en: example.en,
                })
                .collect(),
        }
    }
}

impl From<tessera_core::ProposedTerm> for ProposedTerm {
    fn from(proposed: tessera_core::ProposedTerm) -> ProposedTerm {
        ProposedTerm {
            concept_id: proposed.concept_id,
            new_concept: proposed.new_concept,
            count: proposed.count,
            evidence: proposed.evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use tessera_core::{
        TermStatus, WritingCompletion,
        phrases::{SuggestionOrigin, SuggestionStatus},
    };

    use super::super::Completion;

    #[test]
    fn a_completion_says_whether_it_is_approved_and_where_it_comes_from() {
        let completion = |origin, status, term_status| {
            let core =
                WritingCompletion { text: "Zhang Yongwu".to_owned(), origin, status, term_status };
            let dto = Completion::from(core);
            (dto.status, dto.origin)
        };
        assert_eq!(
            completion(
                SuggestionOrigin::Termbase,
                SuggestionStatus::Approved,
                Some(TermStatus::Preferred)
            ),
            ("preferred".to_owned(), "termbase".to_owned())
        );
        assert_eq!(
            completion(SuggestionOrigin::Memory, SuggestionStatus::Unreviewed, None),
            ("unreviewed".to_owned(), "memory".to_owned())
        );
    }
}
