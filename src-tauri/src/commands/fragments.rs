//! Commands behind the editor's names and titles: what the termbase and the memory render in a
//! segment's source, and proposing a memory fragment as a term candidate.

use tauri::{AppHandle, Emitter, State};
use tessera_core::terminology::Category;

use crate::{commands::with_project, ipc, state::AppState};

/// The names and titles of a source sentence with their renderings (`Project::names_in_source`).
#[tauri::command]
pub async fn names_in_source(
    state: State<'_, AppState>,
    source: String,
) -> Result<Vec<ipc::SourceName>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project.names_in_source(&source)?.into_iter().map(ipc::SourceName::from).collect())
    })
    .await
}

/// Proposes a memory fragment as a term candidate with its evidence (`Project::propose_term`).
#[tauri::command]
pub async fn propose_term(
    app: AppHandle,
    state: State<'_, AppState>,
    zh: String,
    en: String,
    category: String,
) -> Result<ipc::ProposedTerm, ipc::Error> {
    let (proposed, stats) = with_project(state.project(), move |project| {
        let category = Category::parse(&category).ok_or_else(|| ipc::Error {
            code: ipc::ErrorCode::InvalidInput,
            message: format!("unknown term category {category}"),
        })?;
        let proposed = project.propose_term(&zh, &en, category)?;
        Ok((proposed, ipc::Stats::new(project.path(), project.stats()?)))
    })
    .await?;
    let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
    Ok(ipc::ProposedTerm::from(proposed))
}
