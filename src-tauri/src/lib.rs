//! Tessera's desktop app: Tauri glue over `tessera-core`.
//!
//! `run` opens the database (`--db PATH`, `TESSERA_DB`, or the per-user default shared with the
//! CLI), registers the commands and, on a first start with an empty database, imports the sample
//! articles on a background thread. When the database is bound to a team, `team` keeps it in
//! step with the team server on another background thread.

pub mod commands;
pub mod ipc;
mod samples;
pub mod state;
pub mod team;

use std::{ffi::OsString, path::PathBuf};

use tauri::{Emitter, Manager};
use tessera_core::Project;

use crate::state::AppState;

/// Starts the desktop app; returns when its window is closed.
pub fn run() {
    let explicit_db = database_argument(std::env::args_os().skip(1));
    let project = tessera_core::resolve_database_path(explicit_db, std::env::var_os("TESSERA_DB"))
        .and_then(|path| Project::open(&path))
        .and_then(|mut project| {
            // The reviewer's name for the history: TESSERA_USER, else the login name.
            let user = std::env::var("TESSERA_USER")
                .or_else(|_| std::env::var("USER"))
                .unwrap_or_default();
            project.set_actor(&user);
            // The user's own sentence rules, when a segmentation-rules.toml sits beside the database.
            if let Some(rules) = tessera_core::load_segmentation_rules(None, project.path())? {
                project.use_segmentation_rules(rules);
            }
            Ok(project)
        });
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(project))
        .setup(|app| {
            import_samples_in_background(app.handle().clone());
            let state = app.state::<AppState>();
            if let Ok(project) = state.project() {
                team::start(app.handle().clone(), project, state.team());
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::overview::stats,
            commands::import_export::import_files,
            commands::import_export::propose_pairs,
            commands::import_export::pair_articles,
            commands::import_export::unpair_article,
            commands::import_export::cancel_import,
            commands::import_export::list_imports,
            commands::import_export::undo_import,
            commands::import_export::export_memory,
            commands::import_export::export_termbase,
            commands::alignment::articles,
            commands::alignment::article_alignment,
            commands::alignment::update_alignment,
            commands::memory::concordance,
            commands::memory::units,
            commands::memory::edit_unit,
            commands::memory::delete_unit,
            commands::memory::unit_history,
            commands::terminology::terms,
            commands::terminology::extract_terms,
            commands::terminology::review_concept,
            commands::terminology::term_examples,
            commands::terminology::concept_history,
            commands::terminology::edit_term,
            commands::editor::open_document_file,
            commands::editor::open_pasted_text,
            commands::editor::documents,
            commands::editor::document_segments,
            commands::editor::save_segment,
            commands::editor::pretranslate_document,
            commands::editor::segment_assist,
            commands::editor::check_target,
            commands::editor::complete_term,
            commands::fragments::names_in_source,
            commands::fragments::propose_term,
            commands::grid::find_in_document,
            commands::grid::replace_in_document,
            commands::grid::split_segment,
            commands::grid::merge_segments,
            commands::editor::export_document_text,
            commands::editor::export_document_docx,
            commands::editor::export_document_tmx,
            commands::xliff::open_xliff_file,
            commands::xliff::document_is_xliff,
            commands::xliff::document_tags,
            commands::xliff::save_document_xliff,
            commands::qa::run_qa,
            commands::qa::cancel_qa,
            commands::qa::fix_findings,
            commands::qa::undo_fix,
            commands::qa::export_qa_report,
            commands::qa::concept_findings,
            commands::team::team_status,
            commands::team::team_overview,
            commands::team::review_team_proposal,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("tessera: the desktop app failed: {error}");
        std::process::exit(2);
    }
}

/// The value of `--db PATH` or `--db=PATH` among the app's arguments.
fn database_argument(args: impl Iterator<Item = OsString>) -> Option<PathBuf> {
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(value) = arg.to_str().and_then(|arg| arg.strip_prefix("--db=")) {
            return Some(PathBuf::from(value));
        }
    }
    None
}

/// On an empty database, imports the sample articles off the UI thread, then tells the UI.
fn import_samples_in_background(app: tauri::AppHandle) {
    let Ok(project) = app.state::<AppState>().project() else { return };
    std::thread::spawn(move || {
        let Ok(mut guard) = state::lock(&project) else { return };
        match guard.import_samples_if_empty(samples::SAMPLE_ARTICLES) {
            Ok(reports) if reports.is_empty() => {}
            Ok(_) => {
                if let Ok(stats) = guard.stats() {
                    let stats = ipc::Stats::new(guard.path(), stats);
                    let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
                }
            }
            Err(error) => eprintln!("tessera: cannot import the sample articles: {error}"),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_argument_accepts_both_spellings() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>().into_iter();
        assert_eq!(database_argument(args(&["--db", "a.db"])), Some(PathBuf::from("a.db")));
        assert_eq!(database_argument(args(&["-x", "--db=b.db"])), Some(PathBuf::from("b.db")));
        assert_eq!(database_argument(args(&["--dbx"])), None);
    }
}
