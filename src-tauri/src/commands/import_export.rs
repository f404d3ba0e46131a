//! Commands behind the Import/Export view.

use std::path::PathBuf;

use tauri::{AppHandle, Emitter, State};

use crate::{commands::with_project, ipc, state::AppState};

/// Imports the files the user picked in the native dialog (`Project::import_paths`).
#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Result<Vec<ipc::FileReport>, ipc::Error> {
    let (reports, stats) = with_project(state.project(), move |project| {
        let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
        let reports = project.import_paths(&paths)?;
        Ok((reports, ipc::Stats::new(project.path(), project.stats()?)))
    })
    .await?;
    let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
    Ok(reports.into_iter().map(ipc::FileReport::from).collect())
}
