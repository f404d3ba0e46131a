//! Commands behind the editor grid's document-wide edits: find and replace, split and merge.

use tauri::State;

use crate::{commands::with_project, ipc, state::AppState};

/// Every occurrence of a text or regular expression in the document's sources or targets
/// (`Project::find_in_document`).
#[tauri::command]
pub async fn find_in_document(
    state: State<'_, AppState>,
    document_id: i64,
    query: ipc::FindQuery,
) -> Result<Vec<ipc::FoundText>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project
            .find_in_document(document_id, &query.into())?
            .into_iter()
            .map(ipc::FoundText::from)
            .collect())
    })
    .await
}

/// Replaces one occurrence (`one`) or all of them in the document's targets, in one transaction
/// (`Project::replace_in_document`).
#[tauri::command]
pub async fn replace_in_document(
    state: State<'_, AppState>,
    document_id: i64,
    query: ipc::FindQuery,
    replacement: String,
    one: Option<ipc::ReplaceOne>,
) -> Result<ipc::ReplaceReport, ipc::Error> {
    with_project(state.project(), move |project| {
        let scope = match one {
            Some(one) => tessera_core::ReplaceScope::One {
                segment_id: one.segment_id,
                start: one.start as usize,
            },
            None => tessera_core::ReplaceScope::All,
        };
        Ok(project.replace_in_document(document_id, &query.into(), &replacement, scope)?.into())
    })
    .await
}

/// Splits a segment at character `at` of its source; returns the new segment's id
/// (`Project::split_segment`).
#[tauri::command]
pub async fn split_segment(
    state: State<'_, AppState>,
    document_id: i64,
    segment_id: i64,
    at: u32,
) -> Result<i64, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project.split_segment(document_id, segment_id, at as usize)?)
    })
    .await
}

/// Merges a segment with the next one of its paragraph (`Project::merge_segments`).
#[tauri::command]
pub async fn merge_segments(
    state: State<'_, AppState>,
    document_id: i64,
    segment_id: i64,
) -> Result<(), ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project.merge_segments(document_id, segment_id)?)
    })
    .await
}
