//! Load bench of team mode, on loopback: 50 simulated clients, each confirming a unit every
//! second and syncing (push, then pull) against one `tessera-server` over a throwaway
//! PostgreSQL. A 51st client long-polls the change log and measures the time from a confirm
//! to its visibility there. Prints p50/p95 of push and pull latency, confirm-to-visibility,
//! errors, and the server's CPU and memory.
//!
//! ```text
//! cargo build --release -p tessera-server --bin tessera-server
//! cargo run --release -p tessera-server --example load_bench [-- CLIENTS SECONDS [RESTART_AT]]
//! ```
//!
//! With `RESTART_AT`, PostgreSQL is restarted (immediate stop, then start) that many seconds
//! into the run: the errors the clients meet meanwhile are counted, and every confirm must
//! still reach the server by the end, without restarting the server or a client.
//!
//! Everything runs on this machine: the clients (each with its own in-memory SQLite replica)
//! compete with the server and PostgreSQL for the same cores; read the figures that way.

#[path = "../tests/support/mod.rs"]
mod support;

fn main() {
    let mut args = std::env::args().skip(1);
    let n_clients: usize = args.next().and_then(|arg| arg.parse().ok()).unwrap_or(50);
    let seconds: u64 = args.next().and_then(|arg| arg.parse().ok()).unwrap_or(40);
    let restart_at: Option<u64> = args.next().and_then(|arg| arg.parse().ok());
    support::load::run(n_clients, seconds, restart_at).print();
}
