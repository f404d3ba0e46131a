//! The JSON the server speaks: what clients push, what they pull, and errors.
//!
//! `tessera-sync` holds the client's copy of these shapes; the end-to-end tests through the real
//! binaries keep the two in step.

use serde::{Deserialize, Serialize};

/// One translation unit as the team shares it: a Chinese source and its English target.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Client-generated, unique across the team.
    pub(crate) id: String,
    pub(crate) source_lang: String,
    pub(crate) source: String,
    pub(crate) target_lang: String,
    pub(crate) target: String,
    /// RFC 3339; of two edits of one unit, the later one is kept.
    pub(crate) edited_at: String,
}

/// A term of a concept, with its TBX administrative status.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Term {
    pub(crate) lang: String,
    pub(crate) text: String,
    pub(crate) status: String,
    #[serde(default)]
    pub(crate) occurrences: i64,
}

/// A concept with its terms and its review status (which only the server decides).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Concept {
    /// Client-generated, unique across the team.
    pub(crate) id: String,
    pub(crate) category: String,
    pub(crate) review_status: String,
    pub(crate) terms: Vec<Term>,
}

/// A change a client pushes, with the client-generated id that makes a retry harmless.
#[derive(Debug, Deserialize)]
pub(crate) struct PushedChange {
    pub(crate) id: String,
    #[serde(flatten)]
    pub(crate) body: ChangeBody,
}

/// What a change carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum ChangeBody {
    Unit { unit: Unit },
    Concept { concept: Concept },
}

#[derive(Debug, Deserialize)]
pub(crate) struct PushRequest {
    pub(crate) changes: Vec<PushedChange>,
}

/// How the server took one pushed change.
#[derive(Debug, Serialize)]
pub(crate) struct PushResult {
    pub(crate) id: String,
    /// `applied`, `duplicate` (seen before: nothing added) or `superseded` (the server kept a
    /// later edit or a review; `current` is what it kept).
    pub(crate) outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) seq: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) current: Option<ChangeBody>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PushResponse {
    pub(crate) results: Vec<PushResult>,
    /// The newest sequence number after this push.
    pub(crate) cursor: i64,
}

/// One entry of the change log as a client pulls it.
#[derive(Debug, Serialize)]
pub(crate) struct PulledChange {
    pub(crate) seq: i64,
    pub(crate) author: String,
    #[serde(flatten)]
    pub(crate) body: serde_json::Value,
}

#[derive(Debug, Serialize)]
pub(crate) struct PullResponse {
    pub(crate) changes: Vec<PulledChange>,
    /// Pull again from here.
    pub(crate) cursor: i64,
    /// More changes wait after `cursor`.
    pub(crate) more: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReviewRequest {
    /// `approve` or `reject`.
    pub(crate) decision: String,
    /// The English rendering to prefer when approving (default: the most frequent).
    #[serde(default)]
    pub(crate) preferred: Option<String>,
    #[serde(default)]
    pub(crate) comment: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct ReviewResponse {
    pub(crate) seq: i64,
    pub(crate) concept: Concept,
}

#[derive(Debug, Serialize)]
pub(crate) struct WhoAmI {
    pub(crate) name: String,
    pub(crate) role: String,
    pub(crate) cursor: i64,
}

/// A concept waiting for review, as `GET /v1/proposals` lists it.
#[derive(Debug, Serialize)]
pub(crate) struct Proposal {
    pub(crate) concept: Concept,
    pub(crate) proposed_by: String,
}

/// A user the server heard from lately.
#[derive(Debug, Serialize)]
pub(crate) struct PresentUser {
    pub(crate) name: String,
    pub(crate) role: String,
    /// Milliseconds since their last request.
    pub(crate) seen_ms_ago: u64,
}

/// Who is connected: the users seen within `window_secs`, most recent first.
#[derive(Debug, Serialize)]
pub(crate) struct Presence {
    pub(crate) users: Vec<PresentUser>,
    pub(crate) window_secs: u64,
}

#[derive(Debug, Serialize)]
pub(crate) struct ErrorBody {
    pub(crate) error: String,
}
