//! `AppState`: what the app holds between commands. No globals: it lives in `tauri::State`.

use std::sync::{Arc, Mutex, MutexGuard};

use tessera_core::Project;

use crate::ipc;

/// The open database, or why it could not be opened (shown by the UI instead of crashing).
pub struct AppState {
    project: Result<Arc<Mutex<Project>>, ipc::Error>,
}

impl AppState {
    /// State around an opened project, or the error that prevented opening it.
    pub fn new(project: Result<Project, tessera_core::Error>) -> AppState {
        AppState {
            project: project.map(|project| Arc::new(Mutex::new(project))).map_err(ipc::Error::from),
        }
    }

    /// A handle to the project that can move into a blocking task.
    pub fn project(&self) -> Result<Arc<Mutex<Project>>, ipc::Error> {
        self.project.clone()
    }
}

/// Locks the project; a poisoned lock (a panic in another command) is reported, not propagated.
pub fn lock(project: &Mutex<Project>) -> Result<MutexGuard<'_, Project>, ipc::Error> {
    project.lock().map_err(|_| ipc::Error {
        code: ipc::ErrorCode::Internal,
        message: "the database is unavailable after an earlier failure; restart Tessera".to_owned(),
    })
}
