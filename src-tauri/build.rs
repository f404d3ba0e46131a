//! Tauri's build step: embeds the configuration and checks the capabilities.
fn main() {
    tauri_build::build()
}
