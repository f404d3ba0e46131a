//! The JSON of the team server's API, as this client reads and writes it (the server's copy is
//! `tessera-server`'s `wire.rs`; the end-to-end tests keep them in step).

use serde::{Deserialize, Serialize};
use tessera_core::{OutgoingChange, TeamChange, TeamConcept, TeamTerm, TeamUnit, TermStatus};

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Unit {
    id: String,
    source_lang: String,
    source: String,
    target_lang: String,
    target: String,
    edited_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Term {
    lang: String,
    text: String,
    status: String,
    #[serde(default)]
    occurrences: u64,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Concept {
    id: String,
    category: String,
    review_status: String,
    terms: Vec<Term>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum ChangeBody {
    Unit { unit: Unit },
    Concept { concept: Concept },
}

impl ChangeBody {
    fn from_core(change: &TeamChange) -> ChangeBody {
        match change {
            TeamChange::Unit(unit) => ChangeBody::Unit {
                unit: Unit {
                    id: unit.team_id.clone(),
                    source_lang: unit.source_lang.clone(),
                    source: unit.source.clone(),
                    target_lang: unit.target_lang.clone(),
                    target: unit.target.clone(),
                    edited_at: unit.edited_at.clone(),
                },
            },
            TeamChange::Concept(concept) => ChangeBody::Concept {
                concept: Concept {
                    id: concept.team_id.clone(),
                    category: concept.category.clone(),
                    review_status: concept.review_status.clone(),
                    terms: concept
                        .terms
                        .iter()
                        .map(|term| Term {
                            lang: term.lang.clone(),
                            text: term.text.clone(),
                            status: term.status.as_str().to_owned(),
                            occurrences: term.occurrences,
                        })
                        .collect(),
                },
            },
        }
    }

    pub(crate) fn into_core(self) -> TeamChange {
        match self {
            ChangeBody::Unit { unit } => TeamChange::Unit(TeamUnit {
                team_id: unit.id,
                source_lang: unit.source_lang,
                source: unit.source,
                target_lang: unit.target_lang,
                target: unit.target,
                edited_at: unit.edited_at,
            }),
            ChangeBody::Concept { concept } => TeamChange::Concept(TeamConcept {
                team_id: concept.id,
                category: concept.category,
                review_status: concept.review_status,
                terms: concept
                    .terms
                    .into_iter()
                    .map(|term| TeamTerm {
                        lang: term.lang,
                        text: term.text,
                        // A status this version does not know reads as admitted.
                        status: TermStatus::parse(&term.status).unwrap_or(TermStatus::Admitted),
                        occurrences: term.occurrences,
                    })
                    .collect(),
            }),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct PushedChange {
    id: String,
    #[serde(flatten)]
    body: ChangeBody,
}

impl PushedChange {
    pub(crate) fn from_core(change: &OutgoingChange) -> PushedChange {
        PushedChange { id: change.change_id.clone(), body: ChangeBody::from_core(&change.change) }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct PushRequest {
    pub(crate) changes: Vec<PushedChange>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PushResult {
    pub(crate) id: String,
    pub(crate) outcome: String,
    #[serde(default)]
    pub(crate) current: Option<ChangeBody>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PushResponse {
    pub(crate) results: Vec<PushResult>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PulledChange {
    pub(crate) seq: i64,
    pub(crate) author: String,
    #[serde(flatten)]
    pub(crate) body: ChangeBody,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PullPage {
    pub(crate) changes: Vec<PulledChange>,
    pub(crate) cursor: i64,
    pub(crate) more: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct ReviewRequest {
    pub(crate) decision: String,
    pub(crate) preferred: Option<String>,
    pub(crate) comment: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReviewResponse {}

#[derive(Debug, Deserialize)]
pub(crate) struct ErrorBody {
    pub(crate) error: String,
}

/// Who a token belongs to, as the server says.
#[derive(Debug, Clone, Deserialize)]
pub struct Identity {
    /// The user's name.
    pub name: String,
    /// `translator`, `reviewer` or `admin`.
    pub role: String,
    /// The server's newest sequence number.
    pub cursor: i64,
}

/// A term of a concept waiting for review.
#[derive(Debug, Clone, Deserialize)]
pub struct ProposedTerm {
    /// BCP 47 tag.
    pub lang: String,
    /// The term.
    pub text: String,
    /// Its TBX administrative status as proposed.
    pub status: String,
    /// How often the proposer's memory uses it.
    #[serde(default)]
    pub occurrences: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ProposedConcept {
    pub(crate) id: String,
    pub(crate) category: String,
    pub(crate) terms: Vec<ProposedTerm>,
}

/// A concept waiting for review, as the server lists it.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "ProposalBody")]
pub struct Proposal {
    /// The team's id of the concept (what a review names).
    pub team_id: String,
    /// Person, title, organisation, place…
    pub category: String,
    /// Its terms.
    pub terms: Vec<ProposedTerm>,
    /// Who proposed it.
    pub proposed_by: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ProposalBody {
    concept: ProposedConcept,
    proposed_by: String,
}

impl From<ProposalBody> for Proposal {
    fn from(body: ProposalBody) -> Proposal {
        Proposal {
            team_id: body.concept.id,
            category: body.concept.category,
            terms: body.concept.terms,
            proposed_by: body.proposed_by,
        }
    }
}

/// A user the server heard from lately.
#[derive(Debug, Clone, Deserialize)]
pub struct PresentUser {
    /// The user's name.
    pub name: String,
    /// `translator`, `reviewer` or `admin`.
    pub role: String,
    /// Milliseconds since their last request.
    pub seen_ms_ago: u64,
}

/// Who is connected: the users the server heard from within `window_secs`.
#[derive(Debug, Clone, Deserialize)]
pub struct Presence {
    /// Most recent first.
    pub users: Vec<PresentUser>,
    /// How far back the server looks.
    pub window_secs: u64,
}
