//! Commands behind the Memory view.

use tauri::State;
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
