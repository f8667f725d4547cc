//! The commands the UI calls, one file per concern. Each is a few lines: take arguments, call
//! the core, map errors. Slow work (disk, git, images) runs `async` so it never blocks the
//! window's main thread; the longest (network git, photo batches, the check context) runs on
//! the blocking pool ([`blocking`]) so it never holds the workers that answer the preview.

pub mod check;
pub mod frontmatter;
pub mod git;
pub mod media;
pub mod merge;
pub mod newpost;
pub mod preview;
pub mod site;

use std::path::PathBuf;

use postdesk_core::blog::BlogInfo;
use postdesk_core::index::PostSummary;
use postdesk_core::journal::{JournalEntry, Recovered};
use postdesk_core::prefs::Prefs;
use postdesk_core::save::{Loaded, SaveOutcome};
use postdesk_core::workspace::Workspace;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::state::AppState;

/// Runs a long command's work (a network push, a check context read from every post, a batch
/// of photos) on the blocking thread pool. A sync `#[command(async)]` body runs on the async
/// runtime's workers (one per core), which also answer the preview: two long commands there
/// at once would keep the preview waiting for them.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| Error::app(format!("the command stopped: {e}")))?
}

/// What the window needs on start: the blog to show, or why it could not be opened.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Startup {
    pub blog: Option<BlogInfo>,
    pub error: Option<Error>,
    pub recent: Vec<String>,
    /// The URL prefix of a repository file in the window (`postdesk://localhost/` or, on
    /// Windows, `http://postdesk.localhost/`).
    pub image_prefix: String,
}

#[tauri::command(async)]
pub fn startup<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Startup {
    let target = match &state.initial {
        Some(p) => Ok(p.clone()),
        None => crate::demo::ensure(&state.data_dir).map_err(Error::from),
    };
    let opened = target.and_then(|p| open(&app, &state, p));
    let recent = Prefs::load(&state.data_dir).recent;
    match opened {
        Ok(info) => Startup {
            blog: Some(info),
            error: None,
            recent,
            image_prefix: crate::protocol::url_prefix().into(),
        },
        Err(e) => Startup {
            blog: None,
            error: Some(e),
            recent,
            image_prefix: crate::protocol::url_prefix().into(),
        },
    }
}

/// Shows the folder picker and opens the folder the user chose; `None` when they cancelled.
/// The picker is the shell's, not the window's: a folder reaches [`open`] only from the user's
/// own choice here, the command line, or the recent list ([`open_blog`]).
#[tauri::command]
pub async fn choose_blog<R: Runtime>(
    app: AppHandle<R>,
    window: tauri::WebviewWindow<R>,
) -> Result<Option<BlogInfo>> {
    use tauri_plugin_dialog::DialogExt;
    blocking(move || {
        let picked = app
            .dialog()
            .file()
            .set_title("Open a blog's folder")
            .set_parent(&window)
            .blocking_pick_folder();
        let Some(picked) = picked else {
            return Ok(None);
        };
        let path = picked
            .into_path()
            .map_err(|e| Error::invalid(format!("The chosen folder cannot be opened: {e}")))?;
        open(&app, &app.state::<AppState>(), path).map(Some)
    })
    .await
}

/// Opens a blog of the recent list (or the one named on the command line). Any other folder
/// is refused: the window may only name folders the user chose before, so a compromised or
/// buggy page cannot make the app open (and watch, and push from) a folder of its choosing.
#[tauri::command(async)]
pub fn open_blog<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<BlogInfo> {
    let path = PathBuf::from(path);
    let known = |p: &std::path::Path| {
        let p = p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        path.canonicalize().is_ok_and(|asked| asked == p)
    };
    let chosen = state.initial.as_deref().is_some_and(known)
        || Prefs::load(&state.data_dir)
            .recent
            .iter()
            .any(|r| known(std::path::Path::new(r)));
    if !chosen {
        return Err(Error::invalid(format!(
            "{} is not one of your recent blogs; choose it with “Open blog…”.",
            path.display()
        )));
    }
    open(&app, &state, path)
}

fn open<R: Runtime>(app: &AppHandle<R>, state: &AppState, path: PathBuf) -> Result<BlogInfo> {
    let ws = Workspace::open(&path)?;
    let info = ws.info();
    let mut prefs = Prefs::load(&state.data_dir);
    prefs.remember(&info.root);
    // Remembering is a convenience: failing to write it must not stop the blog from opening.
    let _ = prefs.save(&state.data_dir);
    let open = state.set_blog(ws);
    let handle = app.clone();
    // Watching is a safety net; a blog still opens if it cannot be watched.
    let _ = open.watch(move |changes| {
        crate::events::BLOG_CHANGED.emit(&handle, changes);
    });
    Ok(info)
}

#[tauri::command]
pub fn recent_blogs(state: State<'_, AppState>) -> Vec<String> {
    Prefs::load(&state.data_dir).recent
}

#[tauri::command(async)]
pub fn list_posts(state: State<'_, AppState>) -> Result<Vec<PostSummary>> {
    Ok(state.current()?.posts().as_ref().clone())
}

/// The post's text for the editor (`\n` line breaks, no BOM) and the hash of the file it came from.
#[tauri::command(async)]
pub fn load_post(state: State<'_, AppState>, path: String) -> Result<Loaded> {
    let (ws, path) = state.post(&path)?;
    Ok(ws.load_post(&path)?)
}

/// Saves the editor's text in the file's own line endings. With `expected`, refuses (kind
/// `conflict`) when the file changed on disk since it was loaded, and writes nothing.
#[tauri::command(async)]
pub fn save_post(
    state: State<'_, AppState>,
    path: String,
    text: String,
    expected: Option<String>,
) -> Result<SaveOutcome> {
    let (ws, path) = state.post(&path)?;
    let outcome = ws.save_post(&path, &text, expected.as_deref())?;
    if let Some(j) = state.journal() {
        let _ = j.saved(&ws.info().root, &path);
    }
    Ok(outcome)
}

/// Journals an unsaved buffer (called every few seconds while the buffer is dirty).
#[tauri::command(async)]
pub fn journal_record(
    state: State<'_, AppState>,
    path: String,
    text: String,
    base_hash: Option<String>,
) -> Result<bool> {
    let (ws, path) = state.post(&path)?;
    let repo = ws.info().root;
    let journal = state.journal().ok_or_else(Error::no_journal)?;
    Ok(journal.record(&JournalEntry {
        repo,
        path,
        text,
        base_hash,
    })?)
}

/// Unsaved buffers of the open blog left by a crash or a kill, newest first.
#[tauri::command(async)]
pub fn journal_pending(state: State<'_, AppState>) -> Result<Vec<Recovered>> {
    let repo = state.blog()?.info().root;
    let Some(journal) = state.journal() else {
        return Ok(vec![]);
    };
    Ok(journal
        .pending()?
        .into_iter()
        .filter(|r| r.repo == repo)
        .collect())
}

#[tauri::command(async)]
pub fn journal_discard(state: State<'_, AppState>, path: String) -> Result<()> {
    let (ws, path) = state.post(&path)?;
    let repo = ws.info().root;
    if let Some(journal) = state.journal() {
        journal.discard(&repo, &path)?;
    }
    Ok(())
}
