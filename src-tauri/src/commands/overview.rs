//! Commands behind the frame and the status bar.

use tauri::State;

use crate::{commands::with_project, ipc, state::AppState};

/// Counts of units, articles and terms for the status bar (`Project::stats`).
#[tauri::command]
pub async fn stats(state: State<'_, AppState>) -> Result<ipc::Stats, ipc::Error> {
    with_project(state.project(), |project| {
        let stats = project.stats()?;
        Ok(ipc::Stats::new(project.path(), stats))
    })
    .await
}
