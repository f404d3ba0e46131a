//! `tessera-server`: one translation memory and one termbase for a whole office, on PostgreSQL.
//!
//! Desktop apps and the `tessera` CLI keep their local SQLite database as a replica and sync
//! with this server: they push their changes (idempotent by client-generated ids) and pull the
//! change log from their cursor. PostgreSQL is the single source of truth; the server decides
//! review status and enforces every role.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode, sync::Arc, time::Duration};

use anyhow::Context;
use clap::{Parser, Subcommand};
use tokio::sync::watch;

mod db;
mod http;
mod wire;

/// The team server of Tessera.
#[derive(Debug, Parser)]
#[command(name = "tessera-server", version)]
struct Cli {
    /// The PostgreSQL database: a URL (postgresql://user@host:port/db) or key=value settings.
    #[arg(long, value_name = "URL", global = true)]
    postgres: Option<String>,
    /// Where to listen. Plain HTTP is allowed only on a loopback address.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    listen: SocketAddr,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Manage users.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
}

#[derive(Debug, Subcommand)]
enum UserAction {
    /// Add a user and print their token on one line (it is shown only this once).
    Add {
        /// The user's name, recorded with every change they make.
        name: String,
        /// translator (confirms units, proposes terms), reviewer (approves and rejects terms)
        /// or admin (manages users, reads the audit).
        #[arg(long)]
        role: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tessera-server: cannot start: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tessera-server: {error:#}");
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let url = cli.postgres.context("--postgres URL is required")?;
    let pool = db::connect(&url)?;
    db::migrate(&pool).await?;
    match cli.command {
        Some(Command::Migrate) => Ok(()),
        Some(Command::User { action: UserAction::Add { name, role } }) => {
            let role = db::Role::parse(&role).with_context(|| {
                format!("unknown role {role}: use translator, reviewer or admin")
            })?;
            let token = db::add_user(&pool, &name, role).await?;
            println!("{token}");
            Ok(())
        }
        None => {
            let tls = cli.tls_cert.zip(cli.tls_key);
            serve(url, pool, cli.listen, tls).await
        }
    }
}

async fn serve(
    url: String,
    pool: deadpool_postgres::Pool,
    listen: SocketAddr,
    tls: Option<(PathBuf, PathBuf)>,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        tls.is_some() || listen.ip().is_loopback(),
        "plain HTTP is allowed only on a loopback address: give --tls-cert and --tls-key to \
         serve {listen}"
    );
    let newest = db::newest_seq(&pool).await?;
    let (sender, _) = watch::channel(newest);
    let team = Arc::new(http::Team::new(pool, sender));
    tokio::spawn(listen_for_changes(url, Arc::clone(&team)));
    let listener = std::net::TcpListener::bind(listen)
        .with_context(|| format!("cannot listen on {listen}"))?;
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?;
    let app = http::router(team);
    match tls {
        Some((cert, key)) => {
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                .await
                .with_context(|| {
                    format!(
                        "cannot read the TLS certificate {} or key {}",
                        cert.display(),
                        key.display()
                    )
                })?;
            println!("tessera-server: listening on https://{bound}");
            axum_server::from_tcp_rustls(listener, config)?
                .serve(app.into_make_service())
                .await
                .context("the server stopped")
        }
        None => {
            println!("tessera-server: listening on http://{bound}");
            axum::serve(tokio::net::TcpListener::from_std(listener)?, app)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .context("the server stopped")
        }
    }
}

/// Holds one `LISTEN` connection and moves the newest cursor on every NOTIFY, so that a pull
/// waiting here learns of commits made through another server on the same database. It
/// reconnects by itself when PostgreSQL restarts.
async fn listen_for_changes(url: String, team: Arc<http::Team>) {
    loop {
        if let Err(error) = listen_once(&url, &team).await {
            eprintln!("tessera-server: change notifications interrupted: {error:#}; reconnecting");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn listen_once(url: &str, team: &http::Team) -> anyhow::Result<()> {
    let config: tokio_postgres::Config = url.parse()?;
    let (client, mut connection) = config.connect(tokio_postgres::NoTls).await?;
    let (notified, mut notifications) = tokio::sync::mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(tokio_postgres::AsyncMessage::Notification(notification))) => {
                    if notified.send(notification.payload().to_owned()).is_err() {
                        break;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            }
        }
    });
    client.batch_execute(&format!("LISTEN {}", db::CHANGE_CHANNEL)).await?;
    // Listen first, then read: a commit between the two is seen by one or the other.
    let newest: i64 =
        client.query_one("SELECT COALESCE(max(seq), 0) FROM change_log", &[]).await?.get(0);
    team.advance(newest);
    while let Some(payload) = notifications.recv().await {
        if let Ok(seq) = payload.parse::<i64>() {
            team.advance(seq);
        }
    }
    driver.abort();
    anyhow::bail!("the notification connection closed")
}
