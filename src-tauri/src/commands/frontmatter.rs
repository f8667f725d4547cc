//! Front matter: the form reads a view of the text and asks for in-place edits. Edits take the
//! editor's current text and return the new text; nothing is written until the post is saved.
//! All run off the main thread: the text may be a megabyte, and the window must keep typing.

use postdesk_core::frontmatter::{self, FrontMatterView};
use postdesk_core::schema::Schema;
use serde_json::Value;
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

#[tauri::command(async)]
pub fn schema(state: State<'_, AppState>) -> Result<Schema> {
    Ok(state.current()?.schema().as_ref().clone())
}

#[tauri::command(async)]
pub fn fm_view(text: String) -> FrontMatterView {
    frontmatter::view(&text)
}

#[tauri::command(async)]
pub fn fm_set(
    state: State<'_, AppState>,
    text: String,
    key: String,
    value: Value,
) -> Result<String> {
    let order = state.current()?.key_order();
    Ok(frontmatter::set_value(&text, &key, &value, &order)?)
}

#[tauri::command(async)]
pub fn fm_set_raw(
    state: State<'_, AppState>,
    text: String,
    key: String,
    raw: String,
) -> Result<String> {
    let order = state.current()?.key_order();
    Ok(frontmatter::set_raw(&text, &key, &raw, &order)?)
}

#[tauri::command(async)]
pub fn fm_unset(text: String, key: String) -> Result<String> {
    Ok(frontmatter::unset(&text, &key)?)
}

#[tauri::command(async)]
pub fn fm_set_source(text: String, source: String) -> Result<String> {
    Ok(frontmatter::set_source(&text, &source)?)
}
