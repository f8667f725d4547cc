//! The live preview: render the editor's text as the site would, with images through the
//! `postdesk:` scheme.

use postdesk_core::render::delta::PreviewDelta;
use postdesk_core::render::live::TextEdit;
use postdesk_core::render::{self, RenderContext, Rendered};
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// Renders `text` (the post at `path`, possibly unsaved). `allow_remote` lets remote images load.
#[tauri::command(async)]
pub fn render_preview(
    state: State<'_, AppState>,
    path: String,
    text: String,
    allow_remote: Option<bool>,
) -> Result<Rendered> {
    let ctx = context(&state, path, allow_remote)?;
    Ok(render::render(&text, &ctx))
}

/// The context the preview renders the post at `path` in.
fn context(state: &AppState, path: String, allow_remote: Option<bool>) -> Result<RenderContext> {
    let (ws, path) = state.post(&path)?;
    let mut ctx = ws.render_context(path);
    ctx.image_url_prefix = crate::protocol::url_prefix().to_string();
    ctx.allow_remote_images = allow_remote.unwrap_or(false);
    Ok(ctx)
}

/// Renders `text` like `render_preview` and returns only what the preview must change: `have`
/// is the version of the article it shows (none: send it whole).
#[tauri::command(async)]
pub fn preview_delta(
    state: State<'_, AppState>,
    path: String,
    text: String,
    have: Option<u64>,
    allow_remote: Option<bool>,
) -> Result<PreviewDelta> {
    let ctx = context(&state, path, allow_remote)?;
    let mut live = state.preview.lock().unwrap_or_else(|p| p.into_inner());
    Ok(live.render(text, &ctx, have))
}

/// The editor's changes since the article of version `base` (the one the preview shows), and
/// its text's length after them (UTF-16): renders the blocks they touch and returns what the
/// preview must change. `stale` when the preview's text is not that version's: the editor
/// then sends the whole text.
#[tauri::command(async)]
pub fn preview_edit(
    state: State<'_, AppState>,
    path: String,
    base: u64,
    edits: Vec<TextEdit>,
    length: Option<u32>,
    allow_remote: Option<bool>,
) -> Result<PreviewDelta> {
    let ctx = context(&state, path, allow_remote)?;
    let mut live = state.preview.lock().unwrap_or_else(|p| p.into_inner());
    Ok(live.edit(base, &edits, length, &ctx)?)
}

/// The preview's stylesheet (base styles and code highlighting, light and dark).
#[tauri::command]
pub fn preview_css() -> String {
    render::preview_css()
}
