//! The load run of team mode, on loopback: `n` simulated clients, each confirming a unit every
//! second and syncing (push, then pull) against one `tessera-server` over a throwaway
//! PostgreSQL. A watcher client long-polls the change log and measures the time from a confirm
//! to its visibility there. Shared by the load bench (`examples/load_bench.rs`, which prints the
//! figures) and the CI load test (`tests/load.rs`, which checks that nothing is lost).
//!
//! Everything runs on this machine: the clients (each with its own in-memory SQLite replica)
//! compete with the server and PostgreSQL for the same cores; read the figures that way.

use super::{Postgres, Server, add_user};
use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use tessera_core::{LanguageTag, NewUnit, NewVariant, Project};
use tessera_sync::{SyncReport, TeamClient};

fn unix_millis() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_millis() as u64)
}

pub fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[rank]
}

/// CPU seconds (user + system) and peak and current resident memory (KiB) of a process.
fn process_usage(pid: u32) -> (f64, u64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // After the command name: state is field 3, utime 14 and stime 15 (1-based) of the line.
    let ticks =
        |index: usize| fields.get(index).and_then(|field| field.parse::<u64>().ok()).unwrap_or(0);
    let ticks_per_second = 100.0;
    let cpu = (ticks(11) + ticks(12)) as f64 / ticks_per_second;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = |key: &str| {
        status
            .lines()
            .find(|line| line.starts_with(key))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|value| value.parse().ok())
            .unwrap_or(0)
    };
    (cpu, kib("VmHWM:"), kib("VmRSS:"))
}

fn unit(client: usize, n: u64, confirmed_at: u64) -> NewUnit {
    NewUnit {
        source_lang: Some(LanguageTag::parse("zh-Hans")),
        variants: vec![
            NewVariant {
                lang: LanguageTag::parse("zh-Hans"),
                text: format!("第{client}号译员确认的第{n}句：国务院常务会议研究部署相关工作。"),
            },
            NewVariant {
                lang: LanguageTag::parse("en"),
                text: format!(
                    "Sentence {n} confirmed by translator {client} at {confirmed_at}: the State Council executive meeting planned the work."
                ),
            },
        ],
        created_by: format!("load{client}"),
        provenance: None,
    }
}

/// What one load run measured. Latencies are sorted, in milliseconds.
#[derive(Debug)]
pub struct LoadReport {
    pub clients: usize,
    pub confirmed: u64,
    pub on_server: u64,
    pub errors: u64,
    pub push_ms: Vec<f64>,
    pub pull_ms: Vec<f64>,
    pub visibility_ms: Vec<f64>,
    pub wall_seconds: f64,
    pub server_cpu_seconds: f64,
    pub server_peak_kib: u64,
    pub server_rss_kib: u64,
}

impl LoadReport {
    /// The figures as the bench prints them.
    pub fn print(&self) {
        println!(
            "confirmed {} units, {} on the server, {} errors",
            self.confirmed, self.on_server, self.errors
        );
        summary("push (client-side, ms)", &self.push_ms);
        summary("pull (client-side, ms)", &self.pull_ms);
        summary("confirm→visible (watcher)", &self.visibility_ms);
        println!(
            "server: {:.1} CPU s over {:.0} s wall ({:.0} % of one core), RSS peak {:.1} MiB, now {:.1} MiB",
            self.server_cpu_seconds,
            self.wall_seconds,
            100.0 * self.server_cpu_seconds / self.wall_seconds,
            self.server_peak_kib as f64 / 1024.0,
            self.server_rss_kib as f64 / 1024.0
        );
    }
}

fn summary(name: &str, sorted: &[f64]) {
    println!(
        "{name:<28} n={:<6} p50 {:>8.1} ms   p95 {:>8.1} ms   max {:>8.1} ms",
        sorted.len(),
        percentile(sorted, 0.5),
        percentile(sorted, 0.95),
        sorted.last().copied().unwrap_or(f64::NAN)
    );
}

pub fn run(n_clients: usize, seconds: u64, restart_at: Option<u64>) -> LoadReport {
    let postgres = Arc::new(Postgres::start());
    let tokens: Vec<String> = (0..=n_clients)
        .map(|client| add_user(&postgres, &format!("load{client}"), "translator"))
        .collect();
    let server = Server::start(&postgres);
    let url = server.url.clone();
    eprintln!(
        "{n_clients} clients, one confirm + sync each per second, {seconds} s, server {url} (pid {})",
        server.pid()
    );

    let push_ms = Arc::new(Mutex::new(Vec::new()));
    let pull_ms = Arc::new(Mutex::new(Vec::new()));
    let visibility_ms = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(AtomicU64::new(0));
    let confirmed = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let (cpu_before, _, _) = process_usage(server.pid());
    let started = Instant::now();

    // The watcher: long-polls the change log and notes when each confirm became visible.
    let watcher = {
        let (url, token, visibility_ms, stop) =
            (url.clone(), tokens[n_clients].clone(), Arc::clone(&visibility_ms), Arc::clone(&stop));
        std::thread::spawn(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(10)))
                .build()
                .into();
            let mut cursor = 0i64;
            while !stop.load(Ordering::Relaxed) {
                let Ok(mut response) = agent
                    .get(format!("{url}/v1/changes?after={cursor}&limit=1000&wait_ms=2000"))
                    .header("Authorization", format!("Bearer {token}"))
                    .call()
                else {
                    continue;
                };
                let Ok(text) = response.body_mut().read_to_string() else { continue };
                let Ok(page) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
                let now = unix_millis();
                for change in page["changes"].as_array().into_iter().flatten() {
                    let target = change["unit"]["target"].as_str().unwrap_or_default();
                    let confirmed_at = target
                        .split(" at ")
                        .nth(1)
                        .and_then(|rest| rest.split(':').next())
                        .and_then(|millis| millis.parse::<u64>().ok());
                    if let Some(confirmed_at) = confirmed_at {
                        visibility_ms.lock().unwrap().push(now.saturating_sub(confirmed_at) as f64);
                    }
                }
                cursor = page["cursor"].as_i64().unwrap_or(cursor);
            }
        })
    };

    let restarter = restart_at.map(|at| {
        let postgres = Arc::clone(&postgres);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(at));
            let restart_started = Instant::now();
            postgres.restart();
            eprintln!(
                "restarted PostgreSQL {at} s into the run ({} ms down)",
                restart_started.elapsed().as_millis()
            );
        })
    });
    let clients: Vec<_> = (0..n_clients)
        .map(|client| {
            let (url, token) = (url.clone(), tokens[client].clone());
            let (push_ms, pull_ms, errors, confirmed) = (
                Arc::clone(&push_ms),
                Arc::clone(&pull_ms),
                Arc::clone(&errors),
                Arc::clone(&confirmed),
            );
            std::thread::spawn(move || {
                let mut project = Project::open_in_memory().unwrap();
                project
                    .join_team(
                        &url,
                        &format!("load{client}"),
                        "translator",
                        &format!("load{client}"),
                    )
                    .unwrap();
                let team = TeamClient::new(&url, &token);
                // Spread the clients over the first second.
                std::thread::sleep(Duration::from_millis(
                    (client as u64 * 1000) / n_clients as u64,
                ));
                let run_until = started + Duration::from_secs(seconds);
                let mut next_tick = Instant::now();
                let mut n = 0u64;
                while Instant::now() < run_until {
                    n += 1;
                    project.add_units([unit(client, n, unix_millis())], &mut |_| {}).unwrap();
                    confirmed.fetch_add(1, Ordering::Relaxed);
                    let mut report = SyncReport::default();
                    let push_started = Instant::now();
                    match tessera_sync::push_pending(&mut project, &team, &mut report) {
                        Ok(()) => {
                            push_ms.lock().unwrap().push(push_started.elapsed().as_secs_f64() * 1e3)
                        }
                        Err(error) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            eprintln!("client {client}: push: {error}");
                        }
                    }
                    let pull_started = Instant::now();
                    match tessera_sync::pull(&mut project, &team, &mut report) {
                        Ok(()) => {
                            pull_ms.lock().unwrap().push(pull_started.elapsed().as_secs_f64() * 1e3)
                        }
                        Err(error) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            eprintln!("client {client}: pull: {error}");
                        }
                    }
                    next_tick += Duration::from_secs(1);
                    if let Some(rest) = next_tick.checked_duration_since(Instant::now()) {
                        std::thread::sleep(rest);
                    }
                }
                // Confirms queued while the server or PostgreSQL was away go up now.
                for _ in 0..10 {
                    if tessera_sync::sync(&mut project, &team).is_ok() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(500));
                }
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
    if let Some(restarter) = restarter {
        restarter.join().unwrap();
    }
    // Let the watcher see the last confirms.
    std::thread::sleep(Duration::from_secs(3));
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    let wall = started.elapsed().as_secs_f64();
    let (cpu_after, peak_kib, rss_kib) = process_usage(server.pid());

    let units_on_server = postgres.sql("SELECT count(*) FROM units").trim().parse().unwrap_or(0);
    let sorted = |values: &Mutex<Vec<f64>>| {
        let mut values = values.lock().unwrap().clone();
        values.sort_by(f64::total_cmp);
        values
    };
    LoadReport {
        clients: n_clients,
        confirmed: confirmed.load(Ordering::Relaxed),
        on_server: units_on_server,
        errors: errors.load(Ordering::Relaxed),
        push_ms: sorted(&push_ms),
        pull_ms: sorted(&pull_ms),
        visibility_ms: sorted(&visibility_ms),
        wall_seconds: wall,
        server_cpu_seconds: cpu_after - cpu_before,
        server_peak_kib: peak_kib,
        server_rss_kib: rss_kib,
    }
}
