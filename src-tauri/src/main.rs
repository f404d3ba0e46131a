//! The desktop binary: everything happens in `tessera_desktop::run`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tessera_desktop::run();
}
