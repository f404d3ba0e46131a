//! `tessera team join|status` and `tessera sync`: this database as a replica of a team server.

use std::path::PathBuf;

use tessera_sync::{SyncError, SyncReport, TeamClient};

use crate::{Database, Failure, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct TeamArgs {
    #[command(subcommand)]
    action: TeamAction,
}

#[derive(Debug, clap::Subcommand)]
enum TeamAction {
    /// Bind this database to a team server. The token (from `tessera-server user add`) is kept
    /// beside the database, readable by you only; your units and concepts are pushed by the
    /// next `tessera sync`.
    Join {
        /// The server, e.g. http://127.0.0.1:7878.
        url: String,
        /// Your token.
        #[arg(long)]
        token: String,
        /// For an https:// server whose certificate comes from your office's own certificate
        /// authority: that authority's certificate (PEM), kept beside the database.
        #[arg(long, value_name = "FILE")]
        ca_cert: Option<PathBuf>,
    },
    /// Show the team, your user and role, the cursor and the changes waiting to be pushed.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub(crate) struct SyncArgs {
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Keep syncing: pull as soon as the server announces a change, push every few seconds,
    /// and ride out the server being away. Prints one report per sync that changed something.
    #[arg(long)]
    watch: bool,
    /// With --watch, stop after this many seconds (default: never).
    #[arg(long, value_name = "SECONDS", requires = "watch")]
    for_seconds: Option<u64>,
}

/// How long a watching sync waits for the server's announcement before pushing again.
const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(3);

impl From<SyncError> for Failure {
    fn from(error: SyncError) -> Failure {
        Failure { code: if error.is_user_error() { 1 } else { 2 }, message: error.to_string() }
    }
}

pub(crate) fn team(db: Database, args: TeamArgs) -> Result<(), Failure> {
    let mut project = open_project(db)?;
    match args.action {
        TeamAction::Join { url, token, ca_cert } => {
            let ca_pem = match &ca_cert {
                Some(path) => Some(std::fs::read(path).map_err(|error| Failure {
                    code: 1,
                    message: format!("{}: {error}", path.display()),
                })?),
                None => None,
            };
            let client = TeamClient::with_roots(&url, &token, ca_pem.as_deref());
            let identity = client.identity()?;
            let client_id = tessera_sync::new_client_id()?;
            let binding =
                project.join_team(client.url(), &identity.name, &identity.role, &client_id)?;
            tessera_sync::save_token(project.path(), &token)?;
            let ca_path = tessera_sync::ca_path(project.path());
            match &ca_pem {
                Some(pem) => std::fs::write(&ca_path, pem),
                None => std::fs::remove_file(&ca_path).or_else(|error| match error.kind() {
                    std::io::ErrorKind::NotFound => Ok(()),
                    _ => Err(error),
                }),
            }
            .map_err(|error| Failure {
                code: 1,
                message: format!("{}: {error}", ca_path.display()),
            })?;
            outln!(
                "joined {} as {} ({}); {} local changes to push with `tessera sync`",
                binding.server_url,
                binding.user_name,
                binding.role,
                binding.pending_changes
            );
        }
        TeamAction::Status { json } => {
            let binding = project.team_binding()?.ok_or_else(not_joined)?;
            let online = tessera_sync::client_for(project.path(), &binding.server_url)?.identity();
            if let Ok(identity) = &online {
                project.set_team_identity(&identity.name, &identity.role)?;
            }
            let (user, role) = match &online {
                Ok(identity) => (identity.name.clone(), identity.role.clone()),
                Err(_) => (binding.user_name.clone(), binding.role.clone()),
            };
            if json {
                let value = serde_json::json!({
                    "server": binding.server_url,
                    "connected": online.is_ok(),
                    "user": user,
                    "role": role,
                    "cursor": binding.cursor,
                    "server_cursor": online.as_ref().ok().map(|identity| identity.cursor),
                    "pending": binding.pending_changes,
                    "synced_at": binding.synced_at,
                });
                outln!("{value}");
            } else {
                let connection = match &online {
                    Ok(identity) => format!("connected (server cursor {})", identity.cursor),
                    Err(error) => format!("offline: {error}"),
                };
                outln!("team:    {}  {connection}", binding.server_url);
                outln!("user:    {user} ({role})");
                outln!("cursor:  {}", binding.cursor);
                outln!("pending: {} local changes", binding.pending_changes);
                outln!("synced:  {}", binding.synced_at.as_deref().unwrap_or("never"));
            }
        }
    }
    Ok(())
}

pub(crate) fn sync(db: Database, args: SyncArgs) -> Result<(), Failure> {
    let mut project = open_project(db)?;
    let client = client_for(&project)?;
    if !args.watch {
        let report = tessera_sync::sync(&mut project, &client)?;
        print_report(&report, args.json)?;
        return Ok(());
    }
    let started = std::time::Instant::now();
    let until = args.for_seconds.map(|seconds| started + std::time::Duration::from_secs(seconds));
    while until.is_none_or(|until| std::time::Instant::now() < until) {
        match tessera_sync::sync(&mut project, &client) {
            Ok(report) => {
                if report.pushed + report.pulled + report.superseded > 0 {
                    print_report(&report, args.json)?;
                }
                // The long-poll returns at once when the server announces a change.
                if let Err(error) = client.wait_for_change(report.cursor, WATCH_INTERVAL) {
                    eprintln!("tessera: {error}");
                    std::thread::sleep(WATCH_INTERVAL);
                }
            }
            Err(error) => {
                eprintln!("tessera: {}", error.to_string().replace('\n', " "));
                std::thread::sleep(WATCH_INTERVAL);
            }
        }
    }
    Ok(())
}

/// The client of the team this database joined.
pub(crate) fn client_for(project: &tessera_core::Project) -> Result<TeamClient, Failure> {
    let binding = project.team_binding()?.ok_or_else(not_joined)?;
    Ok(tessera_sync::client_for(project.path(), &binding.server_url)?)
}

fn not_joined() -> Failure {
    Failure {
        code: 1,
        message: "this database has not joined a team: run `tessera team join URL --token TOKEN`"
            .to_owned(),
    }
}

pub(crate) fn print_report(report: &SyncReport, json: bool) -> Result<(), Failure> {
    let applied = &report.applied;
    if json {
        let value = serde_json::json!({
            "pushed": report.pushed,
            "already_there": report.already_there,
            "superseded": report.superseded,
            "pulled": report.pulled,
            "units_added": applied.units_added,
            "units_updated": applied.units_updated,
            "concepts_added": applied.concepts_added,
            "concepts_updated": applied.concepts_updated,
            "local_edits_overridden": applied.local_edits_overridden,
            "kept_local": applied.kept_local,
            "cursor": report.cursor,
        });
        outln!("{value}");
    } else {
        outln!(
            "pushed {} changes ({} already there, {} answered with the server's version)",
            report.pushed,
            report.already_there,
            report.superseded
        );
        outln!(
            "pulled {} changes: {} units added, {} updated; {} concepts added, {} updated",
            report.pulled,
            applied.units_added,
            applied.units_updated,
            applied.concepts_added,
            applied.concepts_updated
        );
        if applied.local_edits_overridden > 0 {
            outln!(
                "{} of your term edits were overridden by a review on the server",
                applied.local_edits_overridden
            );
        }
        outln!("cursor {}", report.cursor);
    }
    Ok(())
}
