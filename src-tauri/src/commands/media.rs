//! Images dropped or pasted onto the editor: imported into the post's image folder off the UI
//! thread, with progress events and cancellation; the UI inserts the returned Markdown.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use postdesk_core::media::{self, ImportOptions, ImportOutcome, ImportProgress};
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, Runtime, State};

use super::blocking;
use crate::error::{Error, Result};
use crate::state::AppState;

/// The running batch's cancel flag (one batch at a time per window is what the UI allows).
#[derive(Default)]
pub struct ImportCancel(pub std::sync::Mutex<Option<Arc<AtomicBool>>>);

/// Imports `files` for the post at `post` whose current (maybe unsaved) text is `text`.
/// Outcomes come back in the order given; one failure never stops the others.
/// A batch of photos is seconds of decoding and resizing: off the async workers.
#[tauri::command]
pub async fn import_images<R: Runtime>(
    app: AppHandle<R>,
    post: String,
    text: String,
    files: Vec<String>,
    options: Option<ImportOptions>,
) -> Result<Vec<ImportOutcome>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let (ws, post) = state.post(&post)?;
        let blog = ws.blog();
        let dest = media::destination(&blog.root, &blog.site, &post, Some(&text))?;
        let flag = Arc::new(AtomicBool::new(false));
        *app.state::<ImportCancel>()
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(flag.clone());
        let files: Vec<PathBuf> = files.into_iter().map(PathBuf::from).collect();
        let emitter = app.clone();
        let progress = move |p: ImportProgress| {
            crate::events::IMPORT_PROGRESS.emit(&emitter, p);
        };
        let outcomes = media::import_files(
            &blog.root,
            &dest,
            &files,
            &options.unwrap_or_default(),
            &progress,
            &flag,
        );
        ws.wrote(&[&dest.dir]);
        Ok(outcomes)
    })
    .await
}

/// Stops the running batch: files not started yet are skipped; finished ones are kept.
#[tauri::command]
pub fn cancel_import(cancel: State<'_, ImportCancel>) {
    if let Some(flag) = cancel.0.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
        flag.store(true, Ordering::Relaxed);
    }
}

/// A pasted image: raw bytes in the body, the post, its text and a name in headers
/// (`x-post`, `x-name`, `x-alt`, percent-encoded).
#[tauri::command(async)]
pub fn import_pasted(state: State<'_, AppState>, request: Request<'_>) -> Result<ImportOutcome> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::invalid("a pasted image must be sent as raw bytes"));
    };
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                percent_encoding::percent_decode_str(v)
                    .decode_utf8_lossy()
                    .into_owned()
            })
    };
    let post = header("x-post").ok_or_else(|| Error::invalid("the post is missing"))?;
    let (ws, post) = state.post(&post)?;
    let blog = ws.blog();
    let dest = media::destination(&blog.root, &blog.site, &post, None)?;
    let options = ImportOptions {
        alt: header("x-alt").filter(|a| !a.is_empty()),
        ..Default::default()
    };
    let name = header("x-name").unwrap_or_default();
    let outcome = media::import_bytes(&blog.root, &dest, &name, bytes, &options);
    ws.wrote(&[&dest.dir]);
    Ok(outcome)
}
