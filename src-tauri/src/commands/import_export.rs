//! Commands behind the Import/Export view.

use std::{
    path::{Path, PathBuf},
    sync::atomic::Ordering,
    time::{Duration, Instant},
};

use tauri::{AppHandle, Emitter, State};
use tessera_core::{ImportBatchId, ImportControl, Project, TermTableFormat, write_atomically};

use crate::{commands::with_project, ipc, state::AppState};

/// Progress within a file, and of the index, goes out at most this often: enough for a smooth
/// bar, few enough that a fast import does not flood the webview with events.
const PROGRESS_EVENT_INTERVAL: Duration = Duration::from_millis(100);

/// Lets a progress event through when the last one let through is old enough.
#[derive(Default)]
pub(crate) struct EventThrottle {
    last_sent: Option<Instant>,
}

impl EventThrottle {
    /// Whether an event may go out at `now`; if so, it counts as sent.
    pub(crate) fn ready(&mut self, now: Instant) -> bool {
        if self.last_sent.is_some_and(|last| now.duration_since(last) < PROGRESS_EVENT_INTERVAL) {
            return false;
        }
        self.last_sent = Some(now);
        true
    }
}

/// Imports the files and folders the user picked, with `pairs` (Chinese file, English file)
/// each imported as one article (`Project::import_paths_paired`), emitting `import-progress`
/// before each file and within TMX files, stopping after `cancel_import`, then `stats-changed`;
/// when units were added, the match index is brought up to date before returning, with
/// `index-progress` events.
#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
    pairs: Option<Vec<ipc::FilePair>>,
    approve: Option<bool>,
) -> Result<Vec<ipc::FileReport>, ipc::Error> {
    let cancel = state.import_cancel_flag();
    cancel.store(false, Ordering::SeqCst);
    let reports = with_project(state.project(), move |project| {
        let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
        let pairs: Vec<(PathBuf, PathBuf)> = pairs
            .unwrap_or_default()
            .into_iter()
            .map(|pair| (PathBuf::from(pair.zh), PathBuf::from(pair.en)))
            .collect();
        let mut throttle = EventThrottle::default();
        // With `approve`, glossaries (TBX, CSV, TSV, XLSX) arrive approved, keeping the file's
        // own term statuses (`tessera import --approve`).
        let options = tessera_core::InterchangeOptions {
            approve: approve.unwrap_or(false),
            ..tessera_core::InterchangeOptions::default()
        };
        let reports = project.import_paths_paired(&paths, &pairs, &options, &mut |progress| {
            // The start of each file always goes out; progress within a file is throttled.
            if progress.within_file.is_none() || throttle.ready(Instant::now()) {
                let _ = app.emit("import-progress", ipc::ImportProgress::from(progress));
            }
            if cancel.load(Ordering::SeqCst) {
                ImportControl::Cancel
            } else {
                ImportControl::Continue
            }
        })?;
        emit_stats(project, &app);
        let _ = app.emit("termbase-changed", ());
        if reports.iter().any(|report| report.units_added > 0) {
            refresh_index_with_events(project, &app);
        }
        Ok(reports)
    })
    .await?;
    Ok(reports.into_iter().map(ipc::FileReport::from).collect())
}

/// The Chinese and English files among those picked that are one article
/// (`Project::propose_pairs`), for the user to confirm before `import_files`. Writes nothing.
#[tauri::command]
pub async fn propose_pairs(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Result<ipc::PairProposal, ipc::Error> {
    with_project(state.project(), move |project| {
        let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
        Ok(project.propose_pairs(&paths)?.into())
    })
    .await
}

/// Pairs two single articles, Chinese and English, as one (`Project::pair_articles`), then
/// emits `stats-changed`.
#[tauri::command]
pub async fn pair_articles(
    app: AppHandle,
    state: State<'_, AppState>,
    zh_id: i64,
    en_id: i64,
) -> Result<u64, ipc::Error> {
    with_project(state.project(), move |project| {
        let outcome = project
            .pair_articles(tessera_core::ArticleId(zh_id), tessera_core::ArticleId(en_id))?;
        emit_stats(project, &app);
        Ok(outcome.units_added)
    })
    .await
}

/// Undoes the pair an article belongs to (`Project::unpair_article`), then emits
/// `stats-changed`.
#[tauri::command]
pub async fn unpair_article(
    app: AppHandle,
    state: State<'_, AppState>,
    article_id: i64,
) -> Result<u64, ipc::Error> {
    with_project(state.project(), move |project| {
        let outcome = project.unpair_article(tessera_core::ArticleId(article_id))?;
        emit_stats(project, &app);
        Ok(outcome.units_removed)
    })
    .await
}

/// Stops the running import: a TMX file being read is rolled back, later files are left alone.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import();
}

/// Every TMX, TBX and glossary import, oldest first, undone ones included (`Project::imports`).
#[tauri::command]
pub async fn list_imports(state: State<'_, AppState>) -> Result<Vec<ipc::ImportBatch>, ipc::Error> {
    with_project(state.project(), |project| {
        Ok(project.imports()?.into_iter().map(ipc::ImportBatch::from).collect())
    })
    .await
}

/// Removes exactly what an import added (`Project::undo_import`), then emits `stats-changed` and
/// brings the match index up to date with `index-progress` events.
#[tauri::command]
pub async fn undo_import(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<ipc::UndoReport, ipc::Error> {
    with_project(state.project(), move |project| {
        let report = project.undo_import(ImportBatchId(id))?;
        emit_stats(project, &app);
        let _ = app.emit("termbase-changed", ());
        if report.units_removed > 0 || report.units_restored > 0 {
            refresh_index_with_events(project, &app);
        }
        Ok(ipc::UndoReport::from(report))
    })
    .await
}

/// Writes the memory as TMX 1.4b to `path` (`Project::export_tmx`), through a temporary file
/// (`PATH.partial-PID-N`) so that a failed export leaves no half file.
#[tauri::command]
pub async fn export_memory(
    state: State<'_, AppState>,
    path: String,
    options: ipc::MemoryExportOptions,
) -> Result<ipc::MemoryExportReport, ipc::Error> {
    let options = options.into_core()?;
    with_project(state.project(), move |project| {
        let report = write_atomically(Path::new(&path), |file| project.export_tmx(file, &options))?;
        Ok(ipc::MemoryExportReport::from(report))
    })
    .await
}

/// Writes the termbase to `path` as TBX (`Project::export_tbx`) or as a TSV or CSV table
/// (`Project::export_term_table`), atomically; returns the number of concepts written.
#[tauri::command]
pub async fn export_termbase(
    state: State<'_, AppState>,
    path: String,
    format: ipc::TermbaseFormat,
) -> Result<u64, ipc::Error> {
    with_project(state.project(), move |project| {
        let written = write_atomically(Path::new(&path), |file| match format {
            ipc::TermbaseFormat::Tbx => project.export_tbx(file),
            ipc::TermbaseFormat::Tsv => project.export_term_table(file, TermTableFormat::Tsv),
            ipc::TermbaseFormat::Csv => project.export_term_table(file, TermTableFormat::Csv),
        })?;
        Ok(written)
    })
    .await
}

/// Tells the UI the new counts after a write; a failure to count only leaves them stale.
pub(crate) fn emit_stats(project: &Project, app: &AppHandle) {
    if let Ok(stats) = project.stats() {
        let stats = ipc::Stats::new(project.path(), stats);
        let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
    }
}

/// Brings the match index up to date now, so that the first lookup after a large import does not
/// wait for it, telling the UI how far it is. The last event always has `done == total`, so the
/// UI stops showing progress even when the refresh failed: the index is a cache, and the next
/// lookup retries and reports the error.
fn refresh_index_with_events(project: &mut Project, app: &AppHandle) {
    let mut throttle = EventThrottle::default();
    let mut total = 0;
    let mut finished = false;
    let _ = project.refresh_match_index_with_progress(&mut |progress| {
        total = progress.total;
        if throttle.ready(Instant::now()) {
            finished = progress.done == progress.total;
            let _ = app.emit("index-progress", ipc::IndexProgress::from(progress));
        }
    });
    if !finished {
        let _ = app.emit("index-progress", ipc::IndexProgress { done: total, total });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_lets_one_event_through_per_interval() {
        let start = Instant::now();
        let mut throttle = EventThrottle::default();
        assert!(throttle.ready(start));
        assert!(!throttle.ready(start + PROGRESS_EVENT_INTERVAL / 2));
        assert!(throttle.ready(start + PROGRESS_EVENT_INTERVAL));
        assert!(!throttle.ready(start + PROGRESS_EVENT_INTERVAL + PROGRESS_EVENT_INTERVAL / 2));
    }
}
