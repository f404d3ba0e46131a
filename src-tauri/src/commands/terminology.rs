//! Commands behind the Terminology view.

use tauri::{AppHandle, Emitter, State};
use tessera_core::ReviewDecision;

use crate::{commands::with_project, ipc, state::AppState};

/// Concepts filtered by review status and category (`Project::terms`).
#[tauri::command]
pub async fn terms(
    state: State<'_, AppState>,
    status: Option<String>,
    category: Option<String>,
) -> Result<Vec<ipc::Concept>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project
            .terms(status.as_deref(), category.as_deref())?
            .into_iter()
            .map(ipc::Concept::from)
            .collect())
    })
    .await
}

/// Mines candidates from the memory (`Project::extract_terms`).
#[tauri::command]
pub async fn extract_terms(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<ipc::ExtractReport, ipc::Error> {
    let (report, stats) = with_project(state.project(), |project| {
        let report = project.extract_terms()?;
        Ok((report, ipc::Stats::new(project.path(), project.stats()?)))
    })
    .await?;
    let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
    Ok(ipc::ExtractReport {
        candidates_found: report.candidates_found,
        concepts_added: report.concepts_added,
    })
}

/// Approves (with the preferred rendering) or rejects a concept (`Project::review_concept`), then
/// emits `stats-changed` and `termbase-changed`.
#[tauri::command]
pub async fn review_concept(
    app: AppHandle,
    state: State<'_, AppState>,
    concept_id: i64,
    approve: bool,
    preferred: Option<String>,
    comment: String,
) -> Result<(), ipc::Error> {
    let stats = with_project(state.project(), move |project| {
        let decision =
            if approve { ReviewDecision::Approve { preferred } } else { ReviewDecision::Reject };
        project.review_concept(concept_id, &decision, &comment)?;
        Ok(ipc::Stats::new(project.path(), project.stats()?))
    })
    .await?;
    let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
    // The open editor re-reads its Terms panel and re-runs its live check at once.
    let _ = app.emit("termbase-changed", ());
    Ok(())
}

/// Memory units a term was seen in (`Project::term_examples`).
#[tauri::command]
pub async fn term_examples(
    state: State<'_, AppState>,
    term_id: i64,
) -> Result<Vec<ipc::TermExample>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project
            .term_examples(term_id, 3)?
            .into_iter()
            .map(|(zh, en)| ipc::TermExample { zh, en })
            .collect())
    })
    .await
}

/// A concept's review history (`Project::concept_history`).
#[tauri::command]
pub async fn concept_history(
    state: State<'_, AppState>,
    concept_id: i64,
) -> Result<Vec<ipc::AuditEntry>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project.concept_history(concept_id)?.into_iter().map(ipc::AuditEntry::from).collect())
    })
    .await
}

/// Changes a term's text and status (`Project::edit_term`), then emits `termbase-changed`.
#[tauri::command]
pub async fn edit_term(
    app: AppHandle,
    state: State<'_, AppState>,
    concept_id: i64,
    term_id: i64,
    text: String,
    status: String,
) -> Result<(), ipc::Error> {
    with_project(state.project(), move |project| {
        let status = tessera_core::TermStatus::parse(&status).ok_or_else(|| ipc::Error {
            code: ipc::ErrorCode::InvalidInput,
            message: format!("unknown term status {status}"),
        })?;
        Ok(project.edit_term(concept_id, term_id, &text, status)?)
    })
    .await?;
    let _ = app.emit("termbase-changed", ());
    Ok(())
}
