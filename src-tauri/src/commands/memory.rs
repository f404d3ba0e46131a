//! Commands behind the Memory view.

use tauri::{AppHandle, Emitter, State};
use tessera_core::matching::{ConcordanceOptions, Side};

use crate::{commands::with_project, ipc, state::AppState};

/// Concordance over the memory (`Project::concordance`), with each hit's origin.
#[tauri::command]
pub async fn concordance(
    state: State<'_, AppState>,
    text: String,
    search_target: bool,
    whole_word: bool,
) -> Result<ipc::Concordance, ipc::Error> {
    with_project(state.project(), move |project| {
        let options = ConcordanceOptions {
            side: if search_target { Side::Target } else { Side::Source },
            whole_word,
            limit: 500,
        };
        let concordance = project.concordance(&text, &options)?;
        let ids: Vec<i64> = concordance.hits.iter().map(|hit| hit.unit_id).collect();
        let origins = project.unit_origins(&ids)?;
        Ok(ipc::Concordance::new(concordance, &origins, search_target))
    })
    .await
}

/// A page of units after `after_id`, for browsing (`Project::units`).
#[tauri::command]
pub async fn units(
    state: State<'_, AppState>,
    after_id: i64,
    limit: u32,
) -> Result<Vec<ipc::UnitRow>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project.units(after_id, limit as usize)?.into_iter().map(ipc::UnitRow::from).collect())
    })
    .await
}

/// Replaces one side of a unit (`Project::edit_unit`).
#[tauri::command]
pub async fn edit_unit(
    state: State<'_, AppState>,
    unit_id: i64,
    side: ipc::UnitSide,
    text: String,
) -> Result<(), ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project.edit_unit(tessera_core::UnitId(unit_id), side.into(), &text)?)
    })
    .await
}

/// Deletes a unit (`Project::delete_unit`).
#[tauri::command]
pub async fn delete_unit(
    app: AppHandle,
    state: State<'_, AppState>,
    unit_id: i64,
) -> Result<(), ipc::Error> {
    let stats = with_project(state.project(), move |project| {
        project.delete_unit(tessera_core::UnitId(unit_id))?;
        Ok(ipc::Stats::new(project.path(), project.stats()?))
    })
    .await?;
    let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
    Ok(())
}

/// A unit's history (`Project::unit_history`).
#[tauri::command]
pub async fn unit_history(
    state: State<'_, AppState>,
    unit_id: i64,
) -> Result<Vec<ipc::AuditEntry>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project
            .unit_history(tessera_core::UnitId(unit_id))?
            .into_iter()
            .map(ipc::AuditEntry::from)
            .collect())
    })
    .await
}
