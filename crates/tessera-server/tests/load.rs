//! Team mode under load, in CI: 50 clients confirming a unit every second and syncing against
//! one server over a real PostgreSQL. The test checks what must hold whatever the machine's
//! speed: no request fails, every confirm reaches the server exactly once, and every one becomes
//! visible to another client. Latencies are printed (run with `--nocapture`), never asserted:
//! the figures against the targets come from the release-mode bench,
//! `cargo run --release -p tessera-server --example load_bench -- 50 40`.

mod support;

#[test]
fn fifty_clients_confirming_every_second_lose_nothing() {
    let report = support::load::run(50, 10, None);
    report.print();
    assert_eq!(report.errors, 0, "{report:?}");
    assert!(report.confirmed >= 50 * 5, "the clients barely ran: {report:?}");
    assert_eq!(report.on_server, report.confirmed, "{report:?}");
    assert_eq!(report.visibility_ms.len() as u64, report.confirmed, "{report:?}");
}
