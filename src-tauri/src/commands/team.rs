//! Commands of the status bar's team state and the Team page. The sync itself runs in the
//! background (`crate::team`); these read its state and ask the server for the page's lists.

use tauri::State;

use crate::{commands::with_project, ipc, state::AppState};

/// The app's team state, as the last `team-status` event said.
#[tauri::command]
pub fn team_status(state: State<'_, AppState>) -> ipc::TeamStatus {
    state.team().status()
}

/// The Team page: the team state and, from the server, who is connected and the proposals
/// waiting for review. When the server cannot be reached the lists are empty and `problem`
/// says why.
#[tauri::command]
pub async fn team_overview(state: State<'_, AppState>) -> Result<ipc::TeamOverview, ipc::Error> {
    let status = state.team().status();
    let binding = with_project(state.project(), |project| {
        Ok(project.team_binding()?.map(|binding| (project.path().to_owned(), binding)))
    })
    .await?;
    let Some((path, binding)) = binding else {
        return Ok(ipc::TeamOverview {
            status,
            members: Vec::new(),
            presence_window_secs: 0,
            proposals: Vec::new(),
            problem: None,
        });
    };
    tauri::async_runtime::spawn_blocking(move || {
        let lists = tessera_sync::client_for(&path, &binding.server_url).and_then(|client| {
            let presence = client.presence()?;
            let proposals = client.proposals()?;
            Ok((presence, proposals))
        });
        Ok(match lists {
            Ok((presence, proposals)) => ipc::TeamOverview {
                status,
                members: presence.users.into_iter().map(ipc::TeamMember::from).collect(),
                presence_window_secs: presence.window_secs,
                proposals: proposals.into_iter().map(ipc::TeamProposal::from).collect(),
                problem: None,
            },
            Err(error) => ipc::TeamOverview {
                status,
                members: Vec::new(),
                presence_window_secs: 0,
                proposals: Vec::new(),
                problem: Some(error.to_string()),
            },
        })
    })
    .await
    .map_err(|error| ipc::Error { code: ipc::ErrorCode::Internal, message: error.to_string() })?
}

/// Approves (with `preferred` as the English rendering, or the most frequent) or rejects a
/// proposal on the team server. Only reviewers and admins may: anyone else gets `Forbidden`.
/// The sync task pulls the decision as soon as the server announces it.
#[tauri::command]
pub async fn review_team_proposal(
    state: State<'_, AppState>,
    team_id: String,
    approve: bool,
    preferred: Option<String>,
) -> Result<(), ipc::Error> {
    let (path, binding) = with_project(state.project(), |project| {
        let binding = project.team_binding()?.ok_or_else(|| ipc::Error {
            code: ipc::ErrorCode::InvalidInput,
            message: "this database has not joined a team".to_owned(),
        })?;
        Ok((project.path().to_owned(), binding))
    })
    .await?;
    tauri::async_runtime::spawn_blocking(move || {
        let client = tessera_sync::client_for(&path, &binding.server_url)?;
        client.review_team_concept(&team_id, approve, preferred.as_deref(), "")?;
        Ok(())
    })
    .await
    .map_err(|error| ipc::Error { code: ipc::ErrorCode::Internal, message: error.to_string() })?
}
