//! `AppState`: what the app holds between commands. No globals: it lives in `tauri::State`.

use std::sync::{
    Arc, Mutex, MutexGuard,
    atomic::{AtomicBool, Ordering},
};

use tessera_core::Project;

use crate::{ipc, team::TeamLink};

/// The open database, or why it could not be opened (shown by the UI instead of crashing).
pub struct AppState {
    project: Result<Arc<Mutex<Project>>, ipc::Error>,
    cancel_import: Arc<AtomicBool>,
    cancel_qa: Arc<AtomicBool>,
    team: Arc<TeamLink>,
}

impl AppState {
    /// State around an opened project, or the error that prevented opening it.
    pub fn new(project: Result<Project, tessera_core::Error>) -> AppState {
        AppState {
            project: project.map(|project| Arc::new(Mutex::new(project))).map_err(ipc::Error::from),
            cancel_import: Arc::new(AtomicBool::new(false)),
            cancel_qa: Arc::new(AtomicBool::new(false)),
            team: Arc::new(TeamLink::default()),
        }
    }

    /// The flag a running import polls before each file and within TMX files; set by the
    /// `cancel_import` command, which must not wait for the project lock the import holds.
    pub fn import_cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel_import.clone()
    }

    /// Asks the running import to stop: a TMX file being read is rolled back, an article or
    /// glossary being imported completes.
    pub fn cancel_import(&self) {
        self.cancel_import.store(true, Ordering::SeqCst);
    }

    /// The flag a running memory QA pass polls after each page; set by `cancel_qa`, which must
    /// not wait for the project lock the pass holds.
    pub fn qa_cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel_qa.clone()
    }

    /// The team state the sync task keeps (`crate::team`).
    pub fn team(&self) -> Arc<TeamLink> {
        self.team.clone()
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
