//! Commands behind the alignment review.

use tauri::{AppHandle, Emitter, State};

use crate::{commands::with_project, ipc, state::AppState};

/// Every imported article with its alignment counts (`Project::articles`).
#[tauri::command]
pub async fn articles(state: State<'_, AppState>) -> Result<Vec<ipc::ArticleSummary>, ipc::Error> {
    with_project(state.project(), |project| {
        Ok(project.articles()?.into_iter().map(ipc::ArticleSummary::from).collect())
    })
    .await
}

/// One article's sentences and pairs (`Project::article_alignment`).
#[tauri::command]
pub async fn article_alignment(
    state: State<'_, AppState>,
    article_id: i64,
) -> Result<ipc::ArticleAlignment, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project.article_alignment(tessera_core::ArticleId(article_id))?.into())
    })
    .await
}

/// Saves a reviewed alignment (`Project::update_alignment`).
#[tauri::command]
pub async fn update_alignment(
    app: AppHandle,
    state: State<'_, AppState>,
    article_id: i64,
    beads: Vec<ipc::BeadEdit>,
) -> Result<ipc::AlignmentEditOutcome, ipc::Error> {
    let (outcome, stats) = with_project(state.project(), move |project| {
        let beads: Vec<tessera_core::BeadEdit> = beads.into_iter().map(Into::into).collect();
        let outcome = project.update_alignment(tessera_core::ArticleId(article_id), &beads)?;
        Ok((outcome, ipc::Stats::new(project.path(), project.stats()?)))
    })
    .await?;
    let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
    Ok(outcome.into())
}
