//! The commands the UI calls. Each is a few lines: take arguments, call the core, map errors.
//! Slow work (disk, git, images) runs as `async` so it never blocks the window's main thread.

use std::path::PathBuf;

use postdesk_core::blog::{Blog, BlogInfo, PostFile};
use postdesk_core::index::PostSummary;
use postdesk_core::prefs::Prefs;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::state::AppState;

/// What the window needs on start: the blog to show, or why it could not be opened.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Startup {
    pub blog: Option<BlogInfo>,
    pub error: Option<Error>,
    pub recent: Vec<String>,
}

#[tauri::command(async)]
pub fn startup(state: State<'_, AppState>) -> Startup {
    let target = match &state.initial {
        Some(p) => Ok(p.clone()),
        None => crate::demo::ensure(&state.data_dir).map_err(Error::from),
    };
    let opened = target.and_then(|p| open(&state, p));
    let recent = Prefs::load(&state.data_dir).recent;
    match opened {
        Ok(info) => Startup {
            blog: Some(info),
            error: None,
            recent,
        },
        Err(e) => Startup {
            blog: None,
            error: Some(e),
            recent,
        },
    }
}

#[tauri::command(async)]
pub fn open_blog(state: State<'_, AppState>, path: String) -> Result<BlogInfo> {
    open(&state, PathBuf::from(path))
}

fn open(state: &AppState, path: PathBuf) -> Result<BlogInfo> {
    let blog = Blog::open(&path)?;
    let info = blog.info();
    let mut prefs = Prefs::load(&state.data_dir);
    prefs.remember(&info.root);
    // Remembering is a convenience: failing to write it must not stop the blog from opening.
    let _ = prefs.save(&state.data_dir);
    state.set_blog(blog);
    Ok(info)
}

#[tauri::command]
pub fn recent_blogs(state: State<'_, AppState>) -> Vec<String> {
    Prefs::load(&state.data_dir).recent
}

#[tauri::command(async)]
pub fn list_posts(state: State<'_, AppState>) -> Result<Vec<PostSummary>> {
    Ok(state.blog()?.posts())
}

#[tauri::command(async)]
pub fn read_post(state: State<'_, AppState>, path: String) -> Result<PostFile> {
    Ok(state.blog()?.read_post(&path)?)
}

#[tauri::command(async)]
pub fn save_post(state: State<'_, AppState>, path: String, text: String) -> Result<()> {
    Ok(state.blog()?.save_post(&path, &text)?)
}

#[tauri::command(async)]
pub fn render_preview(text: String) -> String {
    postdesk_core::render::render_post(&text)
}
