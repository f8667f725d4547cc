//! The problems panel: `check` rules over the open post's current text.

use postdesk_core::check::{self, Finding};
use tauri::{AppHandle, Manager, Runtime};

use super::blocking;
use crate::error::Result;
use crate::state::AppState;

/// The open post's findings (the first call reads every post to build the check context).
#[tauri::command]
pub async fn check_post<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    text: String,
) -> Result<Vec<Finding>> {
    blocking(move || {
        let (ws, path) = app.state::<AppState>().post(&path)?;
        let ctx = ws.check_context()?;
        Ok(check::check_text(&ctx, &path, &text))
    })
    .await
}
