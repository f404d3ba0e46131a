//! The test harness of team mode: a throwaway PostgreSQL cluster from the machine's own
//! binaries (`initdb`, `pg_ctl`) in a temporary folder on a free loopback port, the real
//! `tessera-server` binary over it, and the real `tessera` CLI. Nothing is mocked; everything
//! is stopped when dropped.

#![allow(dead_code, unreachable_pub)]

pub mod load;

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    sync::OnceLock,
};

/// The folder holding `initdb` and `pg_ctl`: Debian's newest `/usr/lib/postgresql/N/bin`,
/// else whatever `PATH` has.
fn postgres_bin() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).unwrap_or_default()
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A free TCP port on 127.0.0.1 (free when asked; nothing else on this machine races for it in
/// practice).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A PostgreSQL cluster of its own, stopped and deleted when dropped.
pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_root: bool,
}

impl Postgres {
    pub fn start() -> Postgres {
        let bin = postgres_bin();
        let dir = tempfile::Builder::new().prefix("tessera-pg").tempdir().unwrap();
        let as_root = running_as_root();
        if as_root {
            // PostgreSQL refuses to run as root: the cluster belongs to the `postgres` user.
            let status = Command::new("chown").arg("postgres").arg(dir.path()).status().unwrap();
            assert!(status.success(), "cannot chown the cluster folder to postgres");
        }
        let postgres = Postgres { dir, bin, port: free_port(), as_root };
        let data = postgres.data();
        let init = postgres.run_tool(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        );
        assert!(init.status.success(), "initdb failed: {}", String::from_utf8_lossy(&init.stderr));
        postgres.pg_ctl_start();
        postgres
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run_tool(&self, tool: &str, args: &[&str]) -> Output {
        let program = self.bin.join(tool);
        let mut command = if self.as_root {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&program);
            command
        } else {
            Command::new(&program)
        };
        command.args(args).stdin(Stdio::null()).output().unwrap_or_else(|error| {
            panic!("cannot run {}: {error} (install Debian's postgresql)", program.display())
        })
    }

    fn pg_ctl_start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("postgres.log");
        let start = self.run_tool(
            "pg_ctl",
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        );
        assert!(
            start.status.success(),
            "pg_ctl start failed: {}{}",
            String::from_utf8_lossy(&start.stdout),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Stops the cluster at once, as a crash or an operator's fast restart would.
    pub fn stop(&self) {
        let _ = self.run_tool(
            "pg_ctl",
            &["-D", self.data().to_str().unwrap(), "-m", "immediate", "-w", "stop"],
        );
    }

    pub fn restart(&self) {
        self.stop();
        self.pg_ctl_start();
    }

    pub fn url(&self) -> String {
        format!("postgresql://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Runs one SQL statement with `psql` and returns its unaligned output.
    pub fn sql(&self, statement: &str) -> String {
        let output = self.run_tool(
            "psql",
            &[
                "-X",
                "-A",
                "-t",
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-c",
                statement,
            ],
        );
        assert!(
            output.status.success(),
            "psql failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Like [`Postgres::sql`], but returns the error text when PostgreSQL refuses.
    pub fn try_sql(&self, statement: &str) -> Result<String, String> {
        let output = self.run_tool(
            "psql",
            &[
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-c",
                statement,
            ],
        );
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The `tessera-server` binary: Cargo's for tests; for an example (the load bench), the one
/// built beside it in the same profile (`cargo build --release -p tessera-server`).
pub fn server_binary() -> PathBuf {
    match option_env!("CARGO_BIN_EXE_tessera-server") {
        Some(path) => PathBuf::from(path),
        None => {
            let exe = std::env::current_exe().unwrap();
            exe.parent().and_then(Path::parent).unwrap().join("tessera-server")
        }
    }
}

/// The `tessera` CLI beside the server binary, built once per test run when it is missing or
/// stale (`cargo test -p tessera-server` alone does not build other packages' binaries).
pub fn cli_binary() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "tessera-cli", "--bin", "tessera"])
            .status()
            .unwrap();
        assert!(status.success(), "cannot build the tessera CLI");
        server_binary().with_file_name("tessera")
    })
}

/// Adds a user through `tessera-server user add` and returns the printed token.
pub fn add_user(postgres: &Postgres, name: &str, role: &str) -> String {
    let output = Command::new(server_binary())
        .args(["--postgres", &postgres.url(), "user", "add", name, "--role", role])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "user add failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap();
    assert_eq!(token.lines().count(), 1, "the token is printed on one line");
    token.trim().to_owned()
}

/// A running `tessera-server`, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    postgres_url: String,
    port: u16,
    extra: Vec<String>,
}

impl Server {
    pub fn start(postgres: &Postgres) -> Server {
        Server::start_on(&postgres.url(), free_port(), &[])
    }

    /// A server with extra arguments (e.g. `--tls-cert`, `--tls-key`).
    pub fn start_with(postgres: &Postgres, extra: &[&str]) -> Server {
        Server::start_on(&postgres.url(), free_port(), extra)
    }

    /// The server's process id (for CPU and memory figures).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn start_on(postgres_url: &str, port: u16, extra: &[&str]) -> Server {
        let mut child = Command::new(server_binary())
            .args(["--postgres", postgres_url, "--listen", &format!("127.0.0.1:{port}")])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("tessera-server: listening on ")
            .unwrap_or_else(|| panic!("the server did not start: {line:?}"))
            .to_owned();
        let extra = extra.iter().map(|arg| (*arg).to_owned()).collect();
        Server { child, url, postgres_url: postgres_url.to_owned(), port, extra }
    }

    /// SIGKILL: no shutdown, no flush, as a power cut.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// A new server process on the same address and database.
    pub fn restart(&mut self) {
        self.kill();
        let extra: Vec<String> = self.extra.clone();
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        *self = Server::start_on(&self.postgres_url.clone(), self.port, &extra);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs the `tessera` CLI on `db` and returns its output.
pub fn tessera(db: &Path, args: &[&str]) -> Output {
    Command::new(cli_binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TESSERA_DB")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Runs the `tessera` CLI and asserts it succeeded; returns stdout.
pub fn tessera_ok(db: &Path, args: &[&str]) -> String {
    let output = tessera(db, args);
    assert!(
        output.status.success(),
        "tessera {args:?} failed ({:?}): {}{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
