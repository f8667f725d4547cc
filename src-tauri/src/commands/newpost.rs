//! New posts and Jekyll drafts.

use postdesk_core::newpost::{self, NewPostPlan, NewPostRequest};
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// The post that "Create" would make (path, front matter), without writing anything.
#[tauri::command(async)]
pub fn plan_post(state: State<'_, AppState>, request: NewPostRequest) -> Result<NewPostPlan> {
    let open = state.current()?;
    Ok(newpost::plan(
        &open.blog.root,
        &open.blog.site,
        open.schema(),
        &request,
    )?)
}

#[tauri::command(async)]
pub fn create_post(state: State<'_, AppState>, request: NewPostRequest) -> Result<NewPostPlan> {
    let open = state.current()?;
    let plan = newpost::create(&open.blog.root, &open.blog.site, open.schema(), &request)?;
    open.invalidate_check();
    Ok(plan)
}

/// Moves `_drafts/slug.md` to `_posts/DATE-slug.md`; returns the new path.
#[tauri::command(async)]
pub fn publish_draft(state: State<'_, AppState>, path: String) -> Result<String> {
    let open = state.current()?;
    let new_path = newpost::publish(&open.blog.root, &open.blog.site, &path, None)?;
    open.invalidate_check();
    Ok(new_path)
}
