//! The app's sync task: while the open database is bound to a team (`tessera team join`), a
//! background thread keeps it in step with the team server through `tessera-sync`.
//!
//! Each round pushes the local changes and pulls the team's, then waits on the server's
//! long-poll: it returns at once when a colleague's change commits (the server's NOTIFY), and
//! after [`PUSH_INTERVAL`] otherwise, so local work is pushed every few seconds. The project
//! is locked only for each local step, never while the network is awaited, so the UI never
//! waits on the server. The state is published as the `team-status` event whenever it
//! changes; after the team's changes were applied, `stats-changed` follows and the status's
//! `revision` grows, which tells the views to reload.

use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};

use tauri::{AppHandle, Emitter};
use tessera_core::{Project, TeamApplyReport, TeamBinding};
use tessera_sync::{SyncError, TeamClient};

use crate::ipc::{self, TeamConnection, TeamStatus};

/// How long a round waits for a colleague's change before pushing again.
pub const PUSH_INTERVAL: Duration = Duration::from_secs(3);
/// How long to wait before trying again after the server could not be reached.
const RETRY_OFFLINE: Duration = Duration::from_secs(3);
/// How long to wait before trying again after the server refused (a revoked token).
const RETRY_REFUSED: Duration = Duration::from_secs(15);
/// How often an unbound database is looked at again (a `team join` made by the CLI).
const RETRY_NOT_JOINED: Duration = Duration::from_secs(2);

/// The team state shared between the sync task and the commands.
#[derive(Default)]
pub struct TeamLink {
    status: Mutex<Option<TeamStatus>>,
}

impl TeamLink {
    /// The current state (not joined until the task has looked).
    pub fn status(&self) -> TeamStatus {
        self.status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
            .unwrap_or_else(TeamStatus::not_joined)
    }

    /// Stores `status`; true when it differs from the previous one.
    fn replace(&self, status: TeamStatus) -> bool {
        let mut current = self.status.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let changed = current.as_ref() != Some(&status);
        *current = Some(status);
        changed
    }
}

/// Starts the sync task for the open database.
pub fn start(app: AppHandle, project: Arc<Mutex<Project>>, link: Arc<TeamLink>) {
    std::thread::spawn(move || {
        let mut task =
            SyncTask { app, project, link, client: None, identified: false, revision: 0 };
        loop {
            let wait = task.round();
            if !wait.is_zero() {
                std::thread::sleep(wait);
            }
        }
    });
}

struct SyncTask {
    app: AppHandle,
    project: Arc<Mutex<Project>>,
    link: Arc<TeamLink>,
    /// The client of the bound server, with that server's URL.
    client: Option<(String, TeamClient)>,
    /// The server told us who we are since the client was made or last failed.
    identified: bool,
    revision: u64,
}

impl SyncTask {
    /// One round; returns how long to wait before the next (zero when the long-poll waited).
    fn round(&mut self) -> Duration {
        let binding = match self.binding() {
            Ok(Some(binding)) => binding,
            Ok(None) => {
                self.client = None;
                self.publish(TeamStatus { revision: self.revision, ..TeamStatus::not_joined() });
                return RETRY_NOT_JOINED;
            }
            Err(error) => return self.failed(None, &error),
        };
        if self.client.as_ref().is_none_or(|(url, _)| *url != binding.server_url) {
            match tessera_sync::client_for(&self.path(), &binding.server_url) {
                Ok(client) => self.client = Some((binding.server_url.clone(), client)),
                Err(error) => return self.failed(Some(&binding), &error),
            }
            self.identified = false;
            self.publish(self.status_of(&binding, TeamConnection::Connecting, None));
        }
        match self.sync_once(&binding) {
            Ok(()) => Duration::ZERO,
            Err(error) => {
                self.identified = false;
                let binding = self.binding().ok().flatten().unwrap_or(binding);
                self.failed(Some(&binding), &error)
            }
        }
    }

    fn sync_once(&mut self, binding: &TeamBinding) -> Result<(), SyncError> {
        let Some((_, client)) = &self.client else { return Ok(()) };
        if !self.identified {
            let identity = client.identity()?;
            let mut shared = &*self.project;
            tessera_sync::Replica::with_project(&mut shared, |project| {
                Ok(project.set_team_identity(&identity.name, &identity.role)?)
            })?;
            self.identified = true;
        }
        if binding.pending_changes > 0 {
            self.publish(self.status_of(binding, TeamConnection::Syncing, None));
        }
        let report = tessera_sync::sync(&mut &*self.project, client)?;
        if report.applied != TeamApplyReport::default() {
            self.revision += 1;
            self.emit_stats();
        }
        let after = self.binding()?.unwrap_or_else(|| binding.clone());
        self.publish(self.status_of(&after, TeamConnection::Connected, None));
        // Returns at once when a colleague's change commits after our cursor.
        let Some((_, client)) = &self.client else { return Ok(()) };
        let newest = client.wait_for_change(report.cursor, PUSH_INTERVAL)?;
        if newest > report.cursor {
            self.publish(self.status_of(&after, TeamConnection::Syncing, None));
        }
        Ok(())
    }

    fn path(&self) -> PathBuf {
        self.project.lock().map(|project| project.path().to_owned()).unwrap_or_default()
    }

    fn binding(&self) -> Result<Option<TeamBinding>, SyncError> {
        let mut shared = &*self.project;
        tessera_sync::Replica::with_project(&mut shared, |project| Ok(project.team_binding()?))
    }

    fn status_of(
        &self,
        binding: &TeamBinding,
        connection: TeamConnection,
        problem: Option<String>,
    ) -> TeamStatus {
        TeamStatus {
            connection,
            server: Some(binding.server_url.clone()),
            user: Some(binding.user_name.clone()),
            role: Some(binding.role.clone()),
            cursor: binding.cursor,
            pending: binding.pending_changes,
            synced_at: binding.synced_at.clone(),
            problem,
            revision: self.revision,
        }
    }

    /// Publishes a failure and says how long to wait: the server away is "offline" and retried
    /// soon, a refusal is an error with its reason and retried less often.
    fn failed(&self, binding: Option<&TeamBinding>, error: &SyncError) -> Duration {
        let offline = matches!(
            error,
            SyncError::Unreachable { .. } | SyncError::Refused { status: 429 | 503, .. }
        );
        let (connection, wait) = if offline {
            (TeamConnection::Offline, RETRY_OFFLINE)
        } else {
            (TeamConnection::Failed, RETRY_REFUSED)
        };
        let problem = Some(error.to_string().replace('\n', " "));
        let status = match binding {
            Some(binding) => self.status_of(binding, connection, problem),
            None => TeamStatus {
                connection,
                problem,
                revision: self.revision,
                ..TeamStatus::not_joined()
            },
        };
        self.publish(status);
        wait
    }

    fn publish(&self, status: TeamStatus) {
        if self.link.replace(status.clone()) {
            let _ = self.app.emit("team-status", status);
        }
    }

    fn emit_stats(&self) {
        let Ok(project) = self.project.lock() else { return };
        if let Ok(stats) = project.stats() {
            let stats = ipc::Stats::new(project.path(), stats);
            let _ = self.app.emit("stats-changed", ipc::StatsChanged { stats });
        }
    }
}
