//! New posts and Jekyll drafts.

use postdesk_core::newpost::{self, NewPostPlan, NewPostRequest};
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// The post that "Create" would make (path, front matter), without writing anything.
#[tauri::command(async)]
pub fn plan_post(state: State<'_, AppState>, request: NewPostRequest) -> Result<NewPostPlan> {
    let ws = state.current()?;
    let blog = ws.blog();
    Ok(newpost::plan(
        &blog.root,
        &blog.site,
        &ws.schema(),
        &request,
    )?)
}

#[tauri::command(async)]
pub fn create_post(state: State<'_, AppState>, request: NewPostRequest) -> Result<NewPostPlan> {
    let ws = state.current()?;
    let blog = ws.blog();
    let plan = newpost::create(&blog.root, &blog.site, &ws.schema(), &request)?;
    ws.wrote(&[&plan.path]);
    Ok(plan)
}

/// Moves `_drafts/slug.md` to `_posts/DATE-slug.md`; returns the new path.
#[tauri::command(async)]
pub fn publish_draft(state: State<'_, AppState>, path: String) -> Result<String> {
    let (ws, path) = state.post(&path)?;
    let blog = ws.blog();
    let new_path = newpost::publish(&blog.root, &blog.site, &path, None)?;
    ws.wrote(&[&path, &new_path]);
    Ok(new_path)
}
