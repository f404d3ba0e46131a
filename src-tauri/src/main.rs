//! The desktop binary: everything happens in `tessera_desktop::run`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The same allocator as the `tessera` command, for the same reason (see its `main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    tessera_desktop::run();
}
