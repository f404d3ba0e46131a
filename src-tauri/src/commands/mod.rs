//! Tauri commands, one file per UI area. Each converts DTOs, calls `Project`, maps errors; the
//! blocking work runs on a worker thread so the UI thread never waits on SQLite.

pub mod alignment;
pub mod editor;
pub mod fragments;
pub mod grid;
pub mod import_export;
pub mod memory;
pub mod overview;
pub mod qa;
pub mod team;
pub mod terminology;
pub mod xliff;

use std::sync::{Arc, Mutex};

use tessera_core::Project;

use crate::{ipc, state};

/// Runs `work` with the locked project on Tauri's blocking pool.
pub(crate) async fn with_project<T: Send + 'static>(
    project: Result<Arc<Mutex<Project>>, ipc::Error>,
    work: impl FnOnce(&mut Project) -> Result<T, ipc::Error> + Send + 'static,
) -> Result<T, ipc::Error> {
    let project = project?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = state::lock(&project)?;
        work(&mut guard)
    })
    .await
    .map_err(|error| ipc::Error { code: ipc::ErrorCode::Internal, message: error.to_string() })?
}
