//! DTOs of the Memory view: concordance and unit browsing (`commands::memory`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    /// Deprecated or forbidden renderings of the approved termbase in the unit's English
    /// (offsets in characters of the English, whichever side was searched).
    pub term_warnings: Vec<super::Finding>,
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
                let term_warnings = hit.term_warnings.iter().map(super::Finding::from).collect();
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
                    term_warnings,
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
pub(crate) fn pieces(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<TextPiece> {
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
