//! Commands behind the Import/Export view.

use std::{path::PathBuf, sync::atomic::Ordering};

use tauri::{AppHandle, Emitter, State};
use tessera_core::ImportControl;

use crate::{commands::with_project, ipc, state::AppState};

/// Imports the files and folders the user picked (`Project::import_paths_with_progress`),
/// emitting `import-progress` before each file and stopping early after `cancel_import`.
#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Result<Vec<ipc::FileReport>, ipc::Error> {
    let cancel = state.import_cancel_flag();
    cancel.store(false, Ordering::SeqCst);
    let events = app.clone();
    let (reports, stats) = with_project(state.project(), move |project| {
        let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
        let reports = project.import_paths_with_progress(&paths, &mut |progress| {
            let _ = events.emit("import-progress", ipc::ImportProgress::from(progress));
            if cancel.load(Ordering::SeqCst) {
                ImportControl::Cancel
            } else {
                ImportControl::Continue
            }
        })?;
        Ok((reports, ipc::Stats::new(project.path(), project.stats()?)))
    })
    .await?;
    let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
    Ok(reports.into_iter().map(ipc::FileReport::from).collect())
}

/// Stops the running import after the file it is on.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import();
}
