//! DTOs of XLIFF documents in the editor: the inline codes of each segment, shown as tag chips
//! (`commands::xliff`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an inline code is: it opens a pair, closes one, or stands alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TagKind {
    /// Opens a pair: shown `{n}`.
    Start,
    /// Closes a pair: shown `{/n}`.
    End,
    /// On its own: shown `{n}`.
    Standalone,
}

/// One inline code of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SegmentTag {
    /// The placeholder character standing for it in the source and target (one character).
    pub placeholder: String,
    /// Its number, from 1; a pair's start and end share it.
    pub number: u32,
    /// Start, end or standalone.
    pub kind: TagKind,
    /// What it stands for (its native code, or its element), for a tooltip.
    pub description: String,
}

/// The inline codes of one segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SegmentTags {
    /// The document segment.
    #[ts(type = "number")]
    pub segment_id: i64,
    /// Its codes, in number order.
    pub tags: Vec<SegmentTag>,
}

impl From<tessera_core::SegmentTags> for SegmentTags {
    fn from(segment: tessera_core::SegmentTags) -> SegmentTags {
        SegmentTags {
            segment_id: segment.segment_id,
            tags: segment
                .tags
                .into_iter()
                .map(|tag| SegmentTag {
                    placeholder: tag.placeholder.to_string(),
                    number: tag.number,
                    kind: match tag.kind {
                        tessera_core::TagKind::Start => TagKind::Start,
                        tessera_core::TagKind::End => TagKind::End,
                        tessera_core::TagKind::Standalone => TagKind::Standalone,
                    },
                    description: tag.description,
                })
                .collect(),
        }
    }
}
