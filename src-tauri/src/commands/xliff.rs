//! Commands for XLIFF documents in the editor: open one, save it back, its tags.

use std::{io::Write, path::Path};

use tauri::State;
use tessera_core::write_atomically;

use crate::{commands::with_project, ipc, state::AppState};

/// Opens an XLIFF 1.2 or 2.x file as a document (`Project::open_xliff_document`); returns its
/// id. A file that is not XLIFF is refused, whatever its name.
#[tauri::command]
pub async fn open_xliff_file(state: State<'_, AppState>, path: String) -> Result<i64, ipc::Error> {
    with_project(state.project(), move |project| {
        let bytes = std::fs::read(&path).map_err(|error| ipc::Error::file(&path, &error))?;
        Ok(project.open_xliff_document(&path, &bytes)?)
    })
    .await
}

/// Whether a document was opened from XLIFF (`Project::document_is_xliff`).
#[tauri::command]
pub async fn document_is_xliff(
    state: State<'_, AppState>,
    document_id: i64,
) -> Result<bool, ipc::Error> {
    with_project(state.project(), move |project| Ok(project.document_is_xliff(document_id)?)).await
}

/// The inline codes of each segment that has any (`Project::document_tags`).
#[tauri::command]
pub async fn document_tags(
    state: State<'_, AppState>,
    document_id: i64,
) -> Result<Vec<ipc::SegmentTags>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project.document_tags(document_id)?.into_iter().map(ipc::SegmentTags::from).collect())
    })
    .await
}

/// Writes the XLIFF file back with the translations (`Project::save_document_xliff`),
/// atomically.
#[tauri::command]
pub async fn save_document_xliff(
    state: State<'_, AppState>,
    document_id: i64,
    path: String,
) -> Result<(), ipc::Error> {
    with_project(state.project(), move |project| {
        let bytes = project.save_document_xliff(document_id)?;
        write_atomically(Path::new(&path), |mut file| {
            file.write_all(&bytes)
                .and_then(|()| file.flush())
                .map_err(|error| tessera_core::Error::Output { message: error.to_string() })
        })?;
        Ok(())
    })
    .await
}
