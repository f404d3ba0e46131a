//! Commands behind the QA view: memory QA with progress and cancel, fixes and their undo, the
//! report export, and the findings of one concept for the approval dialog.

use std::{path::Path, sync::atomic::Ordering, time::Instant};

use tauri::{AppHandle, Emitter, State};
use tessera_core::{ImportControl, QaScope, write_atomically};

use crate::{
    commands::{
        import_export::{EventThrottle, emit_stats},
        with_project,
    },
    ipc,
    state::AppState,
};

/// Checks the memory, or one document's segments, against the approved termbase
/// (`Project::memory_qa_with_progress`), emitting `qa-progress` (throttled, the last one always)
/// and stopping after `cancel_qa` with what was found so far (`complete` false).
#[tauri::command]
pub async fn run_qa(
    app: AppHandle,
    state: State<'_, AppState>,
    document_id: Option<i64>,
) -> Result<ipc::QaReport, ipc::Error> {
    let cancel = state.qa_cancel_flag();
    cancel.store(false, Ordering::SeqCst);
    with_project(state.project(), move |project| {
        let scope = document_id.map_or(QaScope::Memory, QaScope::Document);
        let mut throttle = EventThrottle::default();
        let report = project.memory_qa_with_progress(scope, &mut |progress| {
            if progress.done == progress.total || throttle.ready(Instant::now()) {
                let event = ipc::QaProgress { done: progress.done, total: progress.total };
                let _ = app.emit("qa-progress", event);
            }
            if cancel.load(Ordering::SeqCst) {
                ImportControl::Cancel
            } else {
                ImportControl::Continue
            }
        })?;
        Ok(ipc::QaReport::from(report))
    })
    .await
}

/// Stops the running QA pass after its current page.
#[tauri::command]
pub fn cancel_qa(state: State<'_, AppState>) {
    state.qa_cancel_flag().store(true, Ordering::SeqCst);
}

/// Replaces wrong renderings by their approved form in one transaction, written to the audit
/// log (`Project::fix_findings`); then emits `stats-changed`.
#[tauri::command]
pub async fn fix_findings(
    app: AppHandle,
    state: State<'_, AppState>,
    findings: Vec<ipc::QaFinding>,
) -> Result<ipc::FixReport, ipc::Error> {
    let findings =
        findings.into_iter().map(ipc::QaFinding::into_core).collect::<Result<Vec<_>, _>>()?;
    with_project(state.project(), move |project| {
        let report = project.fix_findings(&findings)?;
        emit_stats(project, &app);
        Ok(ipc::FixReport::from(report))
    })
    .await
}

/// Undoes a fix (`Project::undo_fix`); returns how many units got their old target back.
#[tauri::command]
pub async fn undo_fix(
    app: AppHandle,
    state: State<'_, AppState>,
    fix_id: i64,
) -> Result<u64, ipc::Error> {
    with_project(state.project(), move |project| {
        let restored = project.undo_fix(fix_id)?;
        emit_stats(project, &app);
        Ok(restored)
    })
    .await
}

/// Writes findings as an HTML or XLSX report to `path` (`Project::write_qa_report`), through a
/// temporary file so that a failed export leaves no half file.
#[tauri::command]
pub async fn export_qa_report(
    state: State<'_, AppState>,
    path: String,
    findings: Vec<ipc::QaFinding>,
    document_id: Option<i64>,
    format: ipc::QaReportFormat,
) -> Result<(), ipc::Error> {
    let findings =
        findings.into_iter().map(ipc::QaFinding::into_core).collect::<Result<Vec<_>, _>>()?;
    with_project(state.project(), move |project| {
        write_atomically(Path::new(&path), |file| {
            project.write_qa_report(&findings, document_id, format.into(), file)
        })?;
        Ok(())
    })
    .await
}

/// The memory's deprecated and forbidden renderings of one concept, with the approved form
/// (`Project::concept_findings`): what the approval dialog counts and offers to fix.
#[tauri::command]
pub async fn concept_findings(
    state: State<'_, AppState>,
    concept_id: i64,
) -> Result<Vec<ipc::QaFinding>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project.concept_findings(concept_id)?.into_iter().map(ipc::QaFinding::from).collect())
    })
    .await
}
