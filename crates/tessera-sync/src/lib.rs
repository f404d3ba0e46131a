//! The client side of Tessera's team mode: pushes a local database's pending changes to a
//! `tessera-server` and pulls the team's change log into it.
//!
//! The core offers the use cases (`Project::pending_team_changes`, `apply_team_changes`, …);
//! this crate carries them over HTTP as JSON. It is blocking (ureq), so the CLI needs no async
//! runtime, and it keeps HTTP out of `tessera-core`.
//!
//! ```no_run
//! let mut project = tessera_core::Project::open(std::path::Path::new("tessera.db")).unwrap();
//! let binding = project.team_binding().unwrap().expect("joined");
//! let token = tessera_sync::read_token(project.path()).unwrap();
//! let client = tessera_sync::TeamClient::new(&binding.server_url, &token);
//! let report = tessera_sync::sync(&mut project, &client).unwrap();
//! println!("pushed {}, pulled {}", report.pushed, report.pulled);
//! ```

mod wire;

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::Mutex,
    time::Duration,
};

use tessera_core::{Project, TeamApplyReport, TeamChange};

pub use wire::{Identity, Presence, PresentUser, Proposal, ProposedTerm};

/// Changes sent per push request (the server takes at most 2,000).
pub const PUSH_PAGE: usize = 500;
/// Changes asked for per pull request.
pub const PULL_PAGE: i64 = 1_000;

/// What went wrong while talking to the team.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server could not be reached (or the connection broke): nothing is lost, sync again.
    #[error("cannot reach the team server {url}: {message}")]
    Unreachable {
        /// The server.
        url: String,
        /// Why.
        message: String,
    },
    /// The server refused the request; `message` is its reason.
    #[error("the team server refused: {message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The server's reason.
        message: String,
    },
    /// The local database failed.
    #[error(transparent)]
    Local(#[from] tessera_core::Error),
    /// The local database is shared with a thread that panicked while holding it.
    #[error("the local database is unavailable after an earlier failure")]
    Poisoned,
    /// The token file cannot be read or written.
    #[error("{path}: {message}")]
    TokenFile {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

impl SyncError {
    /// True when the user can act on it (a wrong token, a role, the server down); the CLI exits
    /// 1 for these and 2 for the rest.
    pub fn is_user_error(&self) -> bool {
        match self {
            SyncError::Local(error) => error.is_user_error(),
            SyncError::Refused { status, .. } => *status < 500 || *status == 503,
            _ => true,
        }
    }
}

/// A connection to one team server with one user's token.
pub struct TeamClient {
    agent: ureq::Agent,
    base: String,
    token: String,
}

impl TeamClient {
    /// A client of the server at `url` (e.g. `http://127.0.0.1:7878`) with `token`; an
    /// `https://` server's certificate must chain to a public root.
    pub fn new(url: &str, token: &str) -> TeamClient {
        TeamClient::with_roots(url, token, None)
    }

    /// Like [`TeamClient::new`], but an `https://` server's certificate must chain to one of
    /// the PEM certificates in `ca_pem` (an office's own certificate authority) when given.
    pub fn with_roots(url: &str, token: &str, ca_pem: Option<&[u8]>) -> TeamClient {
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)));
        if let Some(pem) = ca_pem {
            let certificates: Vec<ureq::tls::Certificate<'static>> = ureq::tls::parse_pem(pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(certificate)) => Some(certificate),
                    _ => None,
                })
                .collect();
            let roots = ureq::tls::RootCerts::new_with_certs(&certificates);
            config = config.tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build());
        }
        let agent = config.build().into();
        TeamClient { agent, base: url.trim_end_matches('/').to_owned(), token: token.to_owned() }
    }

    /// The server's base URL.
    pub fn url(&self) -> &str {
        &self.base
    }

    fn unreachable(&self, error: impl std::fmt::Display) -> SyncError {
        SyncError::Unreachable { url: self.base.clone(), message: error.to_string() }
    }

    fn answer<T: serde::de::DeserializeOwned>(
        &self,
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T, SyncError> {
        let mut response = response.map_err(|error| self.unreachable(error))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|error| self.unreachable(error))?;
        if status != 200 {
            let message = serde_json::from_str::<wire::ErrorBody>(&text)
                .map(|body| body.error)
                .unwrap_or_else(|_| format!("HTTP {status}: {text}"));
            return Err(SyncError::Refused { status, message });
        }
        serde_json::from_str(&text).map_err(|error| SyncError::Refused {
            status,
            message: format!("an answer this client does not understand: {error}"),
        })
    }

    fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, SyncError> {
        let request = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {}", self.token));
        self.answer(request.call())
    }

    fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<T, SyncError> {
        let body = serde_json::to_string(body).map_err(|error| SyncError::Refused {
            status: 0,
            message: format!("cannot encode the request: {error}"),
        })?;
        let request = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {}", self.token))
            .content_type("application/json");
        self.answer(request.send(body))
    }

    /// Who the token belongs to, and the server's newest cursor.
    pub fn identity(&self) -> Result<Identity, SyncError> {
        self.get("/v1/me")
    }

    /// The users the server heard from lately (who is connected).
    pub fn presence(&self) -> Result<Presence, SyncError> {
        self.get("/v1/presence")
    }

    /// The concepts waiting for review that this user may see: everyone's for a reviewer or
    /// an admin, their own for a translator.
    pub fn proposals(&self) -> Result<Vec<Proposal>, SyncError> {
        self.get("/v1/proposals")
    }

    /// Approves (with `preferred` as the English rendering, or the most frequent one) or
    /// rejects the team's concept `team_id`. The server refuses anyone but a reviewer or an
    /// admin with [`SyncError::Refused`] (403).
    pub fn review_team_concept(
        &self,
        team_id: &str,
        approve: bool,
        preferred: Option<&str>,
        comment: &str,
    ) -> Result<(), SyncError> {
        let request = wire::ReviewRequest {
            decision: if approve { "approve" } else { "reject" }.to_owned(),
            preferred: preferred.map(str::to_owned),
            comment: comment.to_owned(),
        };
        let path = format!("/v1/concepts/{}/review", percent_encode(team_id));
        let _: wire::ReviewResponse = self.post(&path, &request)?;
        Ok(())
    }

    /// Waits up to `wait` for a change after `cursor`; returns the server's newest cursor (the
    /// "time to pull" signal, for clients that sync by themselves).
    pub fn wait_for_change(&self, cursor: i64, wait: Duration) -> Result<i64, SyncError> {
        let page: wire::PullPage =
            self.get(&format!("/v1/changes?after={cursor}&limit=1&wait_ms={}", wait.as_millis()))?;
        Ok(page.cursor.max(page.changes.iter().map(|change| change.seq).max().unwrap_or(0)))
    }
}

/// What one sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Local changes the server took for the first time.
    pub pushed: u64,
    /// Local changes the server already had (a retry after a lost answer).
    pub already_there: u64,
    /// Local changes the server answered with its own version (a later edit, a review).
    pub superseded: u64,
    /// Changes pulled from the team's log.
    pub pulled: u64,
    /// What applying the pulled changes (and the server's versions) did here.
    pub applied: TeamApplyReport,
    /// The cursor after the sync.
    pub cursor: i64,
}

fn add_reports(total: &mut TeamApplyReport, more: TeamApplyReport) {
    total.units_added += more.units_added;
    total.units_updated += more.units_updated;
    total.concepts_added += more.concepts_added;
    total.concepts_updated += more.concepts_updated;
    total.local_edits_overridden += more.local_edits_overridden;
    total.kept_local += more.kept_local;
}

/// Where the local database is. A sync reads and writes it in short steps and never holds it
/// while it waits for the network: a [`Project`] the caller owns, or one shared with other
/// threads behind a mutex (the desktop app's), which is locked only for each local step.
pub trait Replica {
    /// Runs `work` on the database.
    fn with_project<T>(
        &mut self,
        work: impl FnOnce(&mut Project) -> Result<T, SyncError>,
    ) -> Result<T, SyncError>;
}

impl Replica for Project {
    fn with_project<T>(
        &mut self,
        work: impl FnOnce(&mut Project) -> Result<T, SyncError>,
    ) -> Result<T, SyncError> {
        work(self)
    }
}

impl Replica for &Mutex<Project> {
    fn with_project<T>(
        &mut self,
        work: impl FnOnce(&mut Project) -> Result<T, SyncError>,
    ) -> Result<T, SyncError> {
        let mut project = self.lock().map_err(|_| SyncError::Poisoned)?;
        work(&mut project)
    }
}

/// Pushes every pending local change, then pulls and applies the team's changes from the
/// cursor. Safe to repeat after any failure: a change is dropped from the queue only once the
/// server acknowledged it, and the server recognises a change it already has.
pub fn sync(replica: &mut impl Replica, client: &TeamClient) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    push_pending(replica, client, &mut report)?;
    pull(replica, client, &mut report)?;
    Ok(report)
}

/// The push half of [`sync`].
pub fn push_pending(
    replica: &mut impl Replica,
    client: &TeamClient,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    loop {
        let pending =
            replica.with_project(|project| Ok(project.pending_team_changes(PUSH_PAGE)?))?;
        if pending.is_empty() {
            return Ok(());
        }
        let request = wire::PushRequest {
            changes: pending.iter().map(wire::PushedChange::from_core).collect(),
        };
        let response: wire::PushResponse = client.post("/v1/push", &request)?;
        let by_id: HashMap<&str, (i64, i64)> = pending
            .iter()
            .map(|change| (change.change_id.as_str(), (change.outbox_id, change.version)))
            .collect();
        let mut acknowledged = Vec::new();
        let mut server_versions = Vec::new();
        for result in response.results {
            let Some(&entry) = by_id.get(result.id.as_str()) else { continue };
            acknowledged.push(entry);
            match result.outcome.as_str() {
                "duplicate" => report.already_there += 1,
                "superseded" => report.superseded += 1,
                _ => report.pushed += 1,
            }
            if let Some(current) = result.current {
                server_versions.push((String::new(), current.into_core()));
            }
        }
        let applied = replica.with_project(|project| {
            project.acknowledge_team_changes(&acknowledged)?;
            if server_versions.is_empty() {
                Ok(None)
            } else {
                Ok(Some(project.apply_team_changes(&server_versions, None)?))
            }
        })?;
        if let Some(applied) = applied {
            add_reports(&mut report.applied, applied);
        }
        if pending.len() < PUSH_PAGE {
            return Ok(());
        }
    }
}

/// The pull half of [`sync`].
pub fn pull(
    replica: &mut impl Replica,
    client: &TeamClient,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let mut cursor = replica
        .with_project(|project| Ok(project.team_binding()?.map_or(0, |binding| binding.cursor)))?;
    loop {
        let page: wire::PullPage =
            client.get(&format!("/v1/changes?after={cursor}&limit={PULL_PAGE}"))?;
        report.pulled += page.changes.len() as u64;
        let changes: Vec<(String, TeamChange)> = page
            .changes
            .into_iter()
            .map(|change| (change.author, change.body.into_core()))
            .collect();
        let applied = replica
            .with_project(|project| Ok(project.apply_team_changes(&changes, Some(page.cursor))?))?;
        add_reports(&mut report.applied, applied);
        cursor = page.cursor;
        report.cursor = cursor;
        if !page.more {
            return Ok(());
        }
    }
}

/// Asks the server to approve or reject a local concept (pushing pending changes first, so the
/// server knows it), then pulls its decision. Only reviewers and admins may: the server refuses
/// anyone else with [`SyncError::Refused`] (403).
pub fn review(
    project: &mut Project,
    client: &TeamClient,
    concept_id: i64,
    approve: bool,
    preferred: Option<&str>,
    comment: &str,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    push_pending(project, client, &mut report)?;
    let team_id = project.team_concept_id(concept_id)?.ok_or_else(|| SyncError::Refused {
        status: 404,
        message: format!("concept {concept_id} is not shared with the team"),
    })?;
    client.review_team_concept(&team_id, approve, preferred, comment)?;
    pull(project, client, &mut report)?;
    Ok(report)
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A new random id for a replica (128 bits, hex): the prefix of every id it generates.
pub fn new_client_id() -> Result<String, SyncError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| SyncError::TokenFile {
        path: PathBuf::new(),
        message: format!("no random bytes: {error}"),
    })?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Where the token of the team a database joined is kept: beside it, `DB.team-token`.
pub fn token_path(database: &Path) -> PathBuf {
    let mut path = database.as_os_str().to_owned();
    path.push(".team-token");
    PathBuf::from(path)
}

/// Stores the token beside the database, readable by its owner only.
pub fn save_token(database: &Path, token: &str) -> Result<(), SyncError> {
    let path = token_path(database);
    let failed = |error: std::io::Error| SyncError::TokenFile {
        path: path.clone(),
        message: error.to_string(),
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        if path.exists() {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .map_err(failed)?;
        }
    }
    let mut file = options.open(&path).map_err(failed)?;
    std::io::Write::write_all(&mut file, format!("{token}\n").as_bytes()).map_err(failed)
}

/// Where the certificate authority given at join is kept: beside the database,
/// `DB.team-ca.pem`.
pub fn ca_path(database: &Path) -> PathBuf {
    let mut path = database.as_os_str().to_owned();
    path.push(".team-ca.pem");
    PathBuf::from(path)
}

/// The client of the team `database` joined: its server, its token and, if one was given at
/// join, its certificate authority.
pub fn client_for(database: &Path, server_url: &str) -> Result<TeamClient, SyncError> {
    let token = read_token(database)?;
    let ca_path = ca_path(database);
    let ca_pem = match std::fs::read(&ca_path) {
        Ok(pem) => Some(pem),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(SyncError::TokenFile { path: ca_path, message: error.to_string() });
        }
    };
    Ok(TeamClient::with_roots(server_url, &token, ca_pem.as_deref()))
}

/// The token stored by [`save_token`].
pub fn read_token(database: &Path) -> Result<String, SyncError> {
    let path = token_path(database);
    std::fs::read_to_string(&path)
        .map(|text| text.trim().to_owned())
        .map_err(|error| SyncError::TokenFile { path, message: error.to_string() })
}
