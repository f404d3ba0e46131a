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
    /// The match's source against the segment's, in order: text in both (`equal`), only in the
    /// match (`delete`: the segment lacks it) and only in the segment (`insert`). Empty until
    /// [`EditorMatch::with_diff`] fills it.
    pub diff: Vec<DiffPiece>,
}

/// A piece of the difference between a segment's source and a match's source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiffPiece {
    /// The text.
    pub text: String,
    /// equal, delete (only in the match's source) or insert (only in the segment's source).
    pub kind: String,
}

impl EditorMatch {
    /// The match with its `diff` against `query`, the segment's source it was looked up for.
    pub fn with_diff(found: tessera_core::MemoryMatch, query: &str) -> EditorMatch {
        let diff = diff_pieces(query, &found.found.source, &found.found.diff);
        EditorMatch { diff, ..EditorMatch::from(found) }
    }
}

/// Turns the matcher's diff (byte ranges of both texts) into pieces: text of the match's source
/// between steps counts as equal; a range that is not on a character boundary is left out.
pub(crate) fn diff_pieces(
    query: &str,
    source: &str,
    ops: &[tessera_core::matching::DiffOp],
) -> Vec<DiffPiece> {
    use tessera_core::matching::DiffOp;
    let mut out = Vec::new();
    let mut source_at = 0;
    for op in ops {
        let (in_source, source_kind, in_query) = match op {
            DiffOp::Equal { source: range, .. } => (Some(range), "equal", None),
            DiffOp::Insert { source: range } => (Some(range), "delete", None),
            DiffOp::Delete { query: range } => (None, "equal", Some(range)),
            DiffOp::Replace { query: query_range, source: range } => {
                (Some(range), "delete", Some(query_range))
            }
        };
        if let Some(range) = in_source {
            if range.start > source_at {
                push_piece(&mut out, source.get(source_at..range.start), "equal");
            }
            push_piece(&mut out, source.get(range.clone()), source_kind);
            source_at = source_at.max(range.end);
        }
        if let Some(range) = in_query {
            push_piece(&mut out, query.get(range.clone()), "insert");
        }
    }
    push_piece(&mut out, source.get(source_at..), "equal");
    out
}

/// Appends `text` as a piece of `kind`, joined to the last piece when it is of the same kind.
fn push_piece(out: &mut Vec<DiffPiece>, text: Option<&str>, kind: &str) {
    let Some(text) = text.filter(|text| !text.is_empty()) else { return };
    match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => out.push(DiffPiece { text: text.to_owned(), kind: kind.to_owned() }),
    }
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
            diff: Vec::new(),
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

#[cfg(test)]
mod tests {
    use tessera_core::matching::DiffOp;

    use super::diff_pieces;

    #[test]
    fn a_match_diff_shows_what_the_segment_lacks_and_adds() {
        // Segment: 3月9日王雯访问重庆。 Match: 3月8日王雯访问成都市。
        let query = "3月9日王雯访问重庆。";
        let source = "3月8日王雯访问成都市。";
        let at = |text: &str, part: &str| {
            let start = text.find(part).unwrap();
            start..start + part.len()
        };
        let ops = [
            DiffOp::Equal { query: at(query, "3月"), source: at(source, "3月") },
            DiffOp::Replace { query: at(query, "9"), source: at(source, "8") },
            DiffOp::Equal {
                query: at(query, "日王雯访问"), source: at(source, "日王雯访问")
            },
            DiffOp::Replace { query: at(query, "重庆"), source: at(source, "成都") },
            DiffOp::Insert { source: at(source, "市") },
        ];
        let shown: Vec<(String, String)> = diff_pieces(query, source, &ops)
            .into_iter()
            .map(|piece| (piece.kind, piece.text))
            .collect();
        let expected = [
            ("equal", "3月"),
            ("delete", "8"),
            ("insert", "9"),
            ("equal", "日王雯访问"),
            ("delete", "成都"),
            ("insert", "重庆"),
            ("delete", "市"),
            ("equal", "。"),
        ];
        let expected: Vec<(String, String)> =
            expected.iter().map(|(kind, text)| (kind.to_string(), text.to_string())).collect();
        assert_eq!(shown, expected);
    }
}
