//! DTOs of articles and their alignment review (`commands::alignment`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::import_export::DroppedText;

/// An imported article in the review list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleSummary {
    /// Article id.
    #[ts(type = "number")]
    pub id: i64,
    /// Headline.
    pub title: String,
    /// Source file.
    pub source_path: String,
    /// Import time (RFC 3339).
    pub imported_at: String,
    /// Units aligned from it.
    #[ts(type = "number")]
    pub units: u64,
    /// Units below the review threshold.
    #[ts(type = "number")]
    pub low_confidence: u64,
    /// Chinese sentences.
    #[ts(type = "number")]
    pub zh_sentences: u64,
    /// English sentences.
    #[ts(type = "number")]
    pub en_sentences: u64,
    /// Sentences in no aligned pair.
    #[ts(type = "number")]
    pub unaligned_sentences: u64,
    /// The other article of its pair (a Chinese file and its English version).
    #[ts(type = "number | null")]
    pub partner: Option<i64>,
}

impl From<tessera_core::ArticleSummary> for ArticleSummary {
    fn from(article: tessera_core::ArticleSummary) -> ArticleSummary {
        ArticleSummary {
            id: article.id.0,
            title: article.title,
            source_path: article.source_path,
            imported_at: article.imported_at,
            units: article.units,
            low_confidence: article.low_confidence,
            zh_sentences: article.zh_sentences,
            en_sentences: article.en_sentences,
            unaligned_sentences: article.unaligned_sentences,
            partner: article.partner.map(|partner| partner.0),
        }
    }
}

/// A sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    /// Sentence id.
    #[ts(type = "number")]
    pub id: i64,
    /// BCP 47 tag.
    pub lang: String,
    /// Position among the sentences of its language.
    pub position: u32,
    /// The sentence.
    pub text: String,
}

/// An aligned pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Bead {
    /// Position in the article.
    pub position: u32,
    /// Chinese sentence ids.
    #[ts(type = "number[]")]
    pub zh: Vec<i64>,
    /// English sentence ids.
    #[ts(type = "number[]")]
    pub en: Vec<i64>,
    /// The unit made from it.
    #[ts(type = "number")]
    pub unit: i64,
    /// 0 to 1; 1 for reviewed pairs.
    pub confidence: f64,
}

/// An article's sentences and pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleAlignment {
    /// The article.
    pub article: ArticleSummary,
    /// Sentences, Chinese then English.
    pub segments: Vec<Segment>,
    /// Pairs in order.
    pub beads: Vec<Bead>,
    /// Pairs below this confidence are highlighted.
    pub low_confidence_below: f64,
    /// What the cleaner dropped at import.
    pub dropped: Vec<DroppedText>,
}

impl From<tessera_core::ArticleAlignment> for ArticleAlignment {
    fn from(alignment: tessera_core::ArticleAlignment) -> ArticleAlignment {
        let ids = |ids: Vec<tessera_core::SegmentId>| ids.into_iter().map(|id| id.0).collect();
        ArticleAlignment {
            article: alignment.article.into(),
            segments: alignment
                .segments
                .into_iter()
                .map(|segment| Segment {
                    id: segment.id.0,
                    lang: segment.lang.to_string(),
                    position: segment.position,
                    text: segment.text,
                })
                .collect(),
            beads: alignment
                .beads
                .into_iter()
                .map(|bead| Bead {
                    position: bead.position,
                    zh: ids(bead.zh),
                    en: ids(bead.en),
                    unit: bead.unit.0,
                    confidence: bead.confidence,
                })
                .collect(),
            low_confidence_below: tessera_core::LOW_CONFIDENCE,
            dropped: alignment
                .dropped
                .into_iter()
                .map(|span| DroppedText { reason: span.reason, text: span.text })
                .collect(),
        }
    }
}

/// A reviewer's pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BeadEdit {
    /// Chinese sentence ids.
    #[ts(type = "number[]")]
    pub zh: Vec<i64>,
    /// English sentence ids.
    #[ts(type = "number[]")]
    pub en: Vec<i64>,
}

/// What saving a reviewed alignment changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlignmentEditOutcome {
    /// Pairs kept.
    #[ts(type = "number")]
    pub kept: u64,
    /// Pairs created.
    #[ts(type = "number")]
    pub created: u64,
    /// Pairs removed.
    #[ts(type = "number")]
    pub removed: u64,
}

impl From<tessera_core::AlignmentEditOutcome> for AlignmentEditOutcome {
    fn from(outcome: tessera_core::AlignmentEditOutcome) -> AlignmentEditOutcome {
        AlignmentEditOutcome {
            kept: outcome.kept,
            created: outcome.created,
            removed: outcome.removed,
        }
    }
}
