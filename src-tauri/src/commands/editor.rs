//! Commands behind the Editor view.

use tauri::{AppHandle, Emitter, State};
use tessera_core::{LanguageTag, matching::LookupOptions};

use crate::{commands::with_project, ipc, state::AppState};

fn summary(document: tessera_core::DocumentSummary) -> ipc::DocumentSummary {
    ipc::DocumentSummary {
        id: document.id,
        name: document.name,
        source_lang: document.source_lang.to_string(),
        target_lang: document.target_lang.to_string(),
        segments: document.segments,
        confirmed: document.confirmed,
    }
}

/// Opens a document from a file (`Project::open_document_into`), translated into `target_lang`
/// (`en`, `zh-Hans`, `zh-Hant`; none: from the text); returns its id.
#[tauri::command]
pub async fn open_document_file(
    state: State<'_, AppState>,
    path: String,
    target_lang: Option<String>,
) -> Result<i64, ipc::Error> {
    with_project(state.project(), move |project| {
        let bytes = std::fs::read(&path).map_err(|error| ipc::Error::file(&path, &error))?;
        let target = target_lang.as_deref().map(LanguageTag::parse);
        Ok(project.open_document_into(&path, &bytes, target.as_ref())?)
    })
    .await
}

/// Opens pasted text as a document (`Project::open_document_into`), like
/// [`open_document_file`]; returns its id.
#[tauri::command]
pub async fn open_pasted_text(
    state: State<'_, AppState>,
    name: String,
    text: String,
    target_lang: Option<String>,
) -> Result<i64, ipc::Error> {
    with_project(state.project(), move |project| {
        let target = target_lang.as_deref().map(LanguageTag::parse);
        Ok(project.open_document_into(&name, text.as_bytes(), target.as_ref())?)
    })
    .await
}

/// Documents, newest first (`Project::documents`).
#[tauri::command]
pub async fn documents(
    state: State<'_, AppState>,
) -> Result<Vec<ipc::DocumentSummary>, ipc::Error> {
    with_project(state.project(), |project| {
        Ok(project.documents()?.into_iter().map(summary).collect())
    })
    .await
}

/// A document's segments (`Project::document_segments`).
#[tauri::command]
pub async fn document_segments(
    state: State<'_, AppState>,
    document_id: i64,
) -> Result<Vec<ipc::EditorSegment>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project
            .document_segments(document_id)?
            .into_iter()
            .map(|segment| ipc::EditorSegment {
                id: segment.id,
                block: segment.block_idx,
                source: segment.source,
                target: segment.target,
                status: segment.status,
                match_score: segment.match_score,
            })
            .collect())
    })
    .await
}

/// Saves (and with `confirm`, writes to the memory) a segment (`Project::save_segment`).
#[tauri::command]
pub async fn save_segment(
    app: AppHandle,
    state: State<'_, AppState>,
    document_id: i64,
    segment_id: i64,
    target: String,
    confirm: bool,
) -> Result<(), ipc::Error> {
    let stats = with_project(state.project(), move |project| {
        project.save_segment(document_id, segment_id, &target, confirm)?;
        Ok(ipc::Stats::new(project.path(), project.stats()?))
    })
    .await?;
    if confirm {
        let _ = app.emit("stats-changed", ipc::StatsChanged { stats });
    }
    Ok(())
}

/// Fills the document's untranslated segments from the memory with matches scoring at least
/// `min_score`, as drafts to review (`Project::pretranslate_document`).
#[tauri::command]
pub async fn pretranslate_document(
    state: State<'_, AppState>,
    document_id: i64,
    min_score: u8,
) -> Result<ipc::DocumentPretranslation, ipc::Error> {
    with_project(state.project(), move |project| {
        let options = tessera_core::PretranslateOptions { min_score: min_score.min(100) };
        Ok(project.pretranslate_document(document_id, &options)?.into())
    })
    .await
}

/// Memory matches and source terms for a segment (`Project::lookup_in_context`,
/// `Project::segment_terms`).
#[tauri::command]
pub async fn segment_assist(
    state: State<'_, AppState>,
    source: String,
    previous_source: Option<String>,
) -> Result<ipc::SegmentAssist, ipc::Error> {
    with_project(state.project(), move |project| {
        let options = LookupOptions { limit: 9, min_score: 50 };
        let matches = project.lookup_in_context(&source, previous_source.as_deref(), &options)?;
        let terms = project.segment_terms(&source)?;
        Ok(ipc::SegmentAssist {
            matches: matches
                .into_iter()
                .map(|found| ipc::EditorMatch::with_diff(found, &source))
                .collect(),
            terms: terms.into_iter().map(ipc::EditorTerm::from).collect(),
        })
    })
    .await
}

/// The live check of a translation (`Project::check_translation`).
#[tauri::command]
pub async fn check_target(
    state: State<'_, AppState>,
    source: String,
    target: String,
) -> Result<Vec<ipc::Finding>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project
            .check_translation(&source, &target)?
            .into_iter()
            .map(|finding| ipc::Finding {
                kind: format!("{:?}", finding.kind).to_lowercase(),
                start: finding.start as u32,
                end: finding.end as u32,
                found: finding.found,
                suggestion: finding.suggestion,
            })
            .collect())
    })
    .await
}

/// Completions for what is typed: approved terms of the source, then its unreviewed names and
/// titles (candidate terms, memory fragments), then other approved terms
/// (`Project::complete_in_context`).
#[tauri::command]
pub async fn complete_term(
    state: State<'_, AppState>,
    source: String,
    prefix: String,
) -> Result<Vec<ipc::Completion>, ipc::Error> {
    with_project(state.project(), move |project| {
        Ok(project
            .complete_in_context(&source, &prefix, 8)?
            .into_iter()
            .map(ipc::Completion::from)
            .collect())
    })
    .await
}

/// Writes the translation as plain text (`Project::export_document_text`).
#[tauri::command]
pub async fn export_document_text(
    state: State<'_, AppState>,
    document_id: i64,
    path: String,
) -> Result<(), ipc::Error> {
    with_project(state.project(), move |project| {
        let text = project.export_document_text(document_id)?;
        std::fs::write(&path, text).map_err(|error| ipc::Error::file(&path, &error))
    })
    .await
}

/// Writes the translation as .docx (`Project::export_document_docx`).
#[tauri::command]
pub async fn export_document_docx(
    state: State<'_, AppState>,
    document_id: i64,
    path: String,
) -> Result<(), ipc::Error> {
    with_project(state.project(), move |project| {
        let bytes = project.export_document_docx(document_id)?;
        std::fs::write(&path, bytes).map_err(|error| ipc::Error::file(&path, &error))
    })
    .await
}

/// Writes the confirmed segments as bilingual TMX (`Project::export_document_tmx`).
#[tauri::command]
pub async fn export_document_tmx(
    state: State<'_, AppState>,
    document_id: i64,
    path: String,
) -> Result<(), ipc::Error> {
    with_project(state.project(), move |project| {
        let file = std::fs::File::create(&path).map_err(|error| ipc::Error::file(&path, &error))?;
        project.export_document_tmx(document_id, std::io::BufWriter::new(file))?;
        Ok(())
    })
    .await
}
