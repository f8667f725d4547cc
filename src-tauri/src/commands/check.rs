//! The problems panel: `check` rules over the open post's current text.

use postdesk_core::check::{self, Finding};
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

#[tauri::command(async)]
pub fn check_post(state: State<'_, AppState>, path: String, text: String) -> Result<Vec<Finding>> {
    let ctx = state.current()?.check_context()?;
    Ok(check::check_text(&ctx, &path, &text))
}
