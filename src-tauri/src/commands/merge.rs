//! The merge view and the base branch: a pull or an update from the base that conflicts leaves
//! a merge (or rebase) in progress, which these commands describe, resolve file by file, finish
//! or abort (see `postdesk_core::vcs::merge`). Committing may run the repository's hooks and a
//! merge rewrites files, so the writing commands run on the blocking pool and the open blog's
//! derived data is refreshed after them.

use postdesk_core::vcs::merge::{self, FinishOutcome, MergeState, Side};
use postdesk_core::vcs::{BaseStatus, OnConflict, UpdateHow, UpdateOutcome};
use tauri::{AppHandle, Manager, Runtime, State};

use super::blocking;
use crate::error::Result;
use crate::state::AppState;

/// The merge or rebase in progress (also one the app was killed in), or `None`.
#[tauri::command(async)]
pub fn merge_state(state: State<'_, AppState>) -> Result<Option<MergeState>> {
    Ok(merge::merge_state(&state.blog()?.root)?)
}

/// Writes the writer's merged text of a conflicted file and stages it (refused while it holds
/// conflict markers). Returns the merge's state after it.
#[tauri::command(async)]
pub fn merge_resolve(
    state: State<'_, AppState>,
    path: String,
    text: String,
) -> Result<Option<MergeState>> {
    let ws = state.current()?;
    let out = merge::resolve(&ws.blog().root, &path, &text)?;
    ws.wrote(&[path.as_str()]);
    Ok(out)
}

/// Resolves a conflicted file by taking one side whole (a picture, a file one side deleted).
#[tauri::command(async)]
pub fn merge_take(
    state: State<'_, AppState>,
    path: String,
    side: Side,
) -> Result<Option<MergeState>> {
    let ws = state.current()?;
    let out = merge::take(&ws.blog().root, &path, side)?;
    ws.wrote(&[path.as_str()]);
    Ok(out)
}

/// Commits the merge (continues the rebase) once nothing is conflicted.
#[tauri::command]
pub async fn merge_finish<R: Runtime>(app: AppHandle<R>) -> Result<FinishOutcome> {
    blocking(move || {
        let ws = app.state::<AppState>().current()?;
        let out = merge::finish(&ws.blog().root);
        ws.refresh();
        Ok(out?)
    })
    .await
}

/// Aborts the merge (rebase): the repository as it was before the pull or update.
#[tauri::command]
pub async fn merge_abort<R: Runtime>(app: AppHandle<R>) -> Result<String> {
    blocking(move || {
        let ws = app.state::<AppState>().current()?;
        let out = merge::abort(&ws.blog().root);
        ws.refresh();
        Ok(out?)
    })
    .await
}

/// How the current branch stands against the base branch; `None` on the base branch itself.
#[tauri::command(async)]
pub fn base_status(state: State<'_, AppState>) -> Result<Option<BaseStatus>> {
    Ok(merge::behind_base(&state.blog()?.root)?)
}

/// Brings the post's branch up to date with its base (`how`: default rebase before it is
/// pushed, else merge). Conflicts leave the merge in progress for the merge view.
#[tauri::command]
pub async fn update_from_base<R: Runtime>(
    app: AppHandle<R>,
    how: Option<UpdateHow>,
) -> Result<UpdateOutcome> {
    blocking(move || {
        let ws = app.state::<AppState>().current()?;
        let out = merge::update_from_base(&ws.blog().root, how, OnConflict::Stop);
        ws.refresh();
        Ok(out?)
    })
    .await
}
