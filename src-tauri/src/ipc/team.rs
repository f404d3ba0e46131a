//! DTOs of team mode (`commands::team` and the app's sync task in `team.rs`): the connection
//! state the status bar shows, and the Team page's members and proposals.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the app's link to its team stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TeamConnection {
    /// The database works alone (`tessera team join` binds it to a team).
    NotJoined,
    /// Joined; the first answer from the server has not come yet.
    Connecting,
    /// The server answered the last request.
    Connected,
    /// Pushing local changes or pulling the team's.
    Syncing,
    /// The server cannot be reached; the app keeps working and retries by itself.
    Offline,
    /// The server refused (a revoked token, say); `problem` says why. Retried less often.
    Failed,
}

/// The app's team state: sent as the `team-status` event whenever it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamStatus {
    /// Where the link stands.
    pub connection: TeamConnection,
    /// The team server's URL, once joined.
    pub server: Option<String>,
    /// The user the token belongs to.
    pub user: Option<String>,
    /// `translator`, `reviewer` or `admin`.
    pub role: Option<String>,
    /// The last change-log sequence number applied here.
    #[ts(type = "number")]
    pub cursor: i64,
    /// Local changes the server has not acknowledged yet.
    #[ts(type = "number")]
    pub pending: u64,
    /// When the database last synced (RFC 3339).
    pub synced_at: Option<String>,
    /// Why the app is offline or failed, in one line.
    pub problem: Option<String>,
    /// Grows by one each time the team's changes were applied here: views showing memory or
    /// termbase data reload when it moves.
    #[ts(type = "number")]
    pub revision: u64,
}

impl TeamStatus {
    /// The state of a database that works alone.
    pub fn not_joined() -> TeamStatus {
        TeamStatus {
            connection: TeamConnection::NotJoined,
            server: None,
            user: None,
            role: None,
            cursor: 0,
            pending: 0,
            synced_at: None,
            problem: None,
            revision: 0,
        }
    }
}

/// A colleague the server heard from lately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    /// The user's name.
    pub name: String,
    /// `translator`, `reviewer` or `admin`.
    pub role: String,
    /// Seconds since their last request to the server.
    #[ts(type = "number")]
    pub seconds_ago: u64,
}

/// A term of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposalTerm {
    /// BCP 47 tag.
    pub lang: String,
    /// The term.
    pub text: String,
    /// How often the proposer's memory uses it.
    #[ts(type = "number")]
    pub occurrences: u64,
}

/// A concept waiting for review on the team server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamProposal {
    /// The team's id of the concept (what `review_team_proposal` takes).
    pub team_id: String,
    /// Person, title, organisation, place…
    pub category: String,
    /// Who proposed it.
    pub proposed_by: String,
    /// Its terms, Chinese first.
    pub terms: Vec<ProposalTerm>,
}

/// What the Team page shows: the app's team state and, from the server, who is connected and
/// the proposals waiting for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamOverview {
    /// The app's team state.
    pub status: TeamStatus,
    /// Users the server heard from within `presenceWindowSecs`, most recent first.
    pub members: Vec<TeamMember>,
    /// How far back the server looks for `members`.
    #[ts(type = "number")]
    pub presence_window_secs: u64,
    /// The proposals this user may see: everyone's for a reviewer, their own for a translator.
    pub proposals: Vec<TeamProposal>,
    /// Why members and proposals could not be read from the server (offline), if so.
    pub problem: Option<String>,
}

impl From<tessera_sync::PresentUser> for TeamMember {
    fn from(user: tessera_sync::PresentUser) -> TeamMember {
        TeamMember { name: user.name, role: user.role, seconds_ago: user.seen_ms_ago / 1_000 }
    }
}

impl From<tessera_sync::Proposal> for TeamProposal {
    fn from(proposal: tessera_sync::Proposal) -> TeamProposal {
        let mut terms: Vec<ProposalTerm> = proposal
            .terms
            .into_iter()
            .map(|term| ProposalTerm {
                lang: term.lang,
                text: term.text,
                occurrences: term.occurrences,
            })
            .collect();
        // Chinese first, then by frequency: the reviewer reads the source, then the renderings.
        terms.sort_by_key(|term| {
            (!term.lang.starts_with("zh"), std::cmp::Reverse(term.occurrences))
        });
        TeamProposal {
            team_id: proposal.team_id,
            category: proposal.category,
            proposed_by: proposal.proposed_by,
            terms,
        }
    }
}

impl From<tessera_sync::SyncError> for super::Error {
    fn from(error: tessera_sync::SyncError) -> super::Error {
        use tessera_sync::SyncError;
        let error = match error {
            SyncError::Local(local) => return super::Error::from(local),
            other => other,
        };
        let code = match &error {
            SyncError::Unreachable { .. } | SyncError::Refused { status: 503, .. } => {
                super::ErrorCode::TeamOffline
            }
            SyncError::Refused { status: 401 | 403, .. } => super::ErrorCode::Forbidden,
            SyncError::Refused { status: 404, .. } => super::ErrorCode::NotFound,
            _ if error.is_user_error() => super::ErrorCode::InvalidInput,
            _ => super::ErrorCode::Internal,
        };
        super::Error { code, message: error.to_string() }
    }
}
