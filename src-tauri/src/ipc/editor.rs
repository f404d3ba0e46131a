//! DTOs of the editor: documents, segments, matches, terms and the live check (`commands::editor`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    memory::{TextPiece, pieces},
    terminology::Term,
};

/// A document in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentSummary {
    /// Document id.
    #[ts(type = "number")]
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The language it is written in: `zh-Hans`, `zh-Hant` or `en`.
    pub source_lang: String,
    /// The language it is translated into: `en`, or `zh-Hans`/`zh-Hant` from English.
    pub target_lang: String,
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
    /// The score of the match pre-translation filled it with (101: context), until edited.
    pub match_score: Option<u8>,
}

/// What pre-translating a document did: segments filled, and the untranslated segments looked
/// up per match band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentPretranslation {
    /// Segments filled (now drafts to review).
    #[ts(type = "number")]
    pub filled: u64,
    /// 101: exact, with the previous segment matching too.
    #[ts(type = "number")]
    pub context: u64,
    /// 100.
    #[ts(type = "number")]
    pub exact: u64,
    /// 95–99, 85–94, 75–84 and below 75 (only with a lower minimum).
    #[ts(type = "[number, number, number, number]")]
    pub fuzzy: [u64; 4],
    /// No match at or above the minimum.
    #[ts(type = "number")]
    pub no_match: u64,
}

impl From<tessera_core::DocumentPretranslation> for DocumentPretranslation {
    fn from(report: tessera_core::DocumentPretranslation) -> DocumentPretranslation {
        let bands = report.bands;
        DocumentPretranslation {
            filled: report.filled,
            context: bands.context,
            exact: bands.exact,
            fuzzy: [bands.from_95, bands.from_85, bands.from_75, bands.below_75],
            no_match: bands.no_match,
        }
    }
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
    /// Deprecated or forbidden renderings of the approved termbase in `target` (the live
    /// check's findings on the match's own target).
    pub term_warnings: Vec<Finding>,
    /// What `adjusted_target` changed in `target`, in target order.
    pub replacements: Vec<MatchReplacement>,
}

/// One change the adjusted target makes to the match's target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MatchReplacement {
    /// number, date (a month by name), term (the query's term put in) or approved-term (a
    /// deprecated rendering swapped for the approved one).
    pub kind: String,
    /// The replaced text of the target.
    pub old: String,
    /// The text put in its place.
    pub new: String,
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

/// A completion of what is typed: an approved term's rendering, or an unreviewed rendering of a
/// name or title of the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    /// The rendering.
    pub text: String,
    /// preferred or admitted (approved terms), or unreviewed.
    pub status: String,
    /// termbase or memory.
    pub origin: String,
}

impl From<tessera_core::WritingCompletion> for Completion {
    fn from(completion: tessera_core::WritingCompletion) -> Completion {
        Completion {
            text: completion.text,
            status: completion
                .term_status
                .map_or(completion.status.as_str(), |status| status.as_str())
                .to_owned(),
            origin: completion.origin.as_str().to_owned(),
        }
    }
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
        use tessera_core::matching::ReplacementKind;
        let replacements = found
            .adjusted
            .as_ref()
            .map(|adjusted| {
                adjusted
                    .replacements
                    .iter()
                    .map(|replacement| MatchReplacement {
                        kind: match replacement.kind {
                            ReplacementKind::Number => "number",
                            ReplacementKind::Month => "date",
                            ReplacementKind::Term => "term",
                            ReplacementKind::ApprovedTerm => "approved-term",
                        }
                        .to_owned(),
                        old: replacement.old_target.clone(),
                        new: replacement.new_target.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let term_warnings = found.term_warnings.iter().map(Finding::from).collect();
        EditorMatch {
            score: found.found.score,
            source: pieces(&found.found.source, &differing),
            target: found.found.target,
            adjusted_target: found.adjusted.map(|adjusted| adjusted.target),
            penalties: found.found.penalties.into_iter().map(|penalty| penalty.detail).collect(),
            article: found.origin.and_then(|origin| origin.article),
            context_match: found.context_match,
            term_warnings,
            replacements,
        }
    }
}

impl From<&tessera_core::matching::TermWarning> for Finding {
    fn from(warning: &tessera_core::matching::TermWarning) -> Finding {
        Finding {
            kind: warning.kind_name().to_owned(),
            start: warning.start as u32,
            end: warning.end as u32,
            found: warning.found.clone(),
            suggestion: warning.suggestion.clone(),
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
