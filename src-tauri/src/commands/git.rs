//! Git for writers (status, commit only the post's files, push, pull) and reviewers (branches,
//! the posts a branch changes, a post read from Git objects without checkout). Network
//! operations run the system `git` (see `postdesk_core::vcs::remote`) and report progress
//! lines as `git-progress` events; credentials are never logged.

use postdesk_core::paths;
use postdesk_core::render::Rendered;
use postdesk_core::vcs::{
    self, BranchInfo, ChangedPost, CommitOptions, CommitOutcome, FetchOutcome, Identity,
    PostStatus, PullOutcome, PushOutcome,
};
use tauri::{AppHandle, Manager, Runtime, State};

use super::blocking;
use crate::error::{Error, Result};
use crate::state::AppState;

#[tauri::command(async)]
pub fn git_status(state: State<'_, AppState>, path: String) -> Result<PostStatus> {
    let (ws, path) = state.post(&path)?;
    let blog = ws.blog();
    Ok(vcs::post_status(&blog.root, &blog.site, &path)?)
}

/// Commits the post's files; the repository's commit hooks run (a linter may take seconds), so
/// on the blocking pool. A hook's output comes back in `hook_output`, or in the error when it
/// stopped the commit.
#[tauri::command]
pub async fn git_commit<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    options: CommitOptions,
) -> Result<CommitOutcome> {
    blocking(move || {
        let (ws, path) = app.state::<AppState>().post(&path)?;
        let blog = ws.blog();
        let outcome = vcs::commit_post(&blog.root, &blog.site, &path, &options)?;
        // A commit may have switched to the post's branch.
        ws.refresh();
        Ok(outcome)
    })
    .await
}

/// Runs a network operation on the blocking pool (it waits on the network for as long as it
/// takes), with the open blog's root and a callback that sends its progress lines as
/// `git-progress` events.
async fn network<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    op: impl FnOnce(&std::path::Path, &mut dyn FnMut(&str)) -> postdesk_core::Result<T> + Send + 'static,
) -> Result<T> {
    blocking(move || {
        let blog = app.state::<AppState>().blog()?;
        let mut progress = |line: &str| {
            crate::events::GIT_PROGRESS.emit(&app, line.to_string());
        };
        Ok(op(&blog.root, &mut progress)?)
    })
    .await
}

#[tauri::command]
pub async fn git_push<R: Runtime>(
    app: AppHandle<R>,
    branch: String,
    remote: Option<String>,
) -> Result<PushOutcome> {
    network(app, move |root, progress| {
        vcs::push(root, remote.as_deref(), &branch, progress)
    })
    .await
}

/// Pulls the current branch: a fast-forward, or a merge when both sides have commits. When the
/// merge conflicts it is left in progress for the merge view (`merge_state`), and the pull
/// fails with kind `conflict` and the files: the window then opens the merge view.
#[tauri::command]
pub async fn git_pull<R: Runtime>(app: AppHandle<R>) -> Result<PullOutcome> {
    let ws = app.state::<AppState>().current()?;
    let pulled = network(app, |root, progress| {
        vcs::pull(root, progress, vcs::OnConflict::Stop)
    })
    .await;
    // Posts, authors and the config may all have changed.
    ws.refresh();
    let pulled = pulled?;
    if pulled.state == vcs::PullState::Conflicted {
        return Err(postdesk_core::Error::conflict(pulled.message).into());
    }
    Ok(pulled)
}

#[tauri::command]
pub async fn git_fetch<R: Runtime>(app: AppHandle<R>) -> Result<FetchOutcome> {
    network(app, |root, progress| vcs::fetch(root, None, progress)).await
}

/// Opens a pull-request page (or any http/https URL) in the user's browser. Other schemes
/// (`file:`, `javascript:`, custom handlers) are refused: the URL comes from a remote's config.
#[tauri::command(async)]
pub fn open_external<R: Runtime>(app: AppHandle<R>, url: String) -> Result<()> {
    use tauri_plugin_opener::OpenerExt;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(Error::invalid(format!(
            "Postdesk only opens web pages (http/https), not `{url}`."
        )));
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| Error::app(format!("Could not open the browser: {e}")))
}

/// The name and email commits will carry (repository config, then global).
#[tauri::command(async)]
pub fn git_identity(state: State<'_, AppState>) -> Result<Identity> {
    Ok(vcs::identity(&state.blog()?.root)?)
}

/// Sets the commit identity in the repository's config, or the user's global config.
#[tauri::command(async)]
pub fn git_set_identity(
    state: State<'_, AppState>,
    name: String,
    email: String,
    global: bool,
) -> Result<Identity> {
    Ok(vcs::set_identity(
        &state.blog()?.root,
        &name,
        &email,
        global,
    )?)
}

#[tauri::command(async)]
pub fn git_branches(state: State<'_, AppState>) -> Result<Vec<BranchInfo>> {
    Ok(vcs::branches(&state.blog()?.root)?)
}

/// The posts `rev` adds or changes against its merge base with `base` (default branch).
#[tauri::command(async)]
pub fn review_posts(
    state: State<'_, AppState>,
    rev: String,
    base: Option<String>,
) -> Result<Vec<ChangedPost>> {
    let blog = state.blog()?;
    Ok(vcs::changed_posts(
        &blog.root,
        &blog.site,
        &rev,
        base.as_deref(),
    )?)
}

/// A post as it is at `rev`, rendered with its images read from the same tree: nothing in the
/// working tree or the index is touched. A post that is not UTF-8 there is refused.
#[tauri::command(async)]
pub fn review_render(
    state: State<'_, AppState>,
    rev: String,
    path: String,
) -> Result<ReviewedPost> {
    let blog = state.blog()?;
    let path = paths::post_arg(&path)?;
    let at = vcs::render_at(&blog.root, blog.site.kind, &rev, path, |ctx, commit| {
        ctx.image_url_prefix = format!("{}@rev/{commit}/", crate::protocol::url_prefix());
    })?;
    Ok(ReviewedPost {
        text: at.text,
        rendered: at.rendered,
    })
}

/// The commit a reviewed branch forked from: what "before" means in a review.
#[tauri::command(async)]
pub fn review_merge_base(
    state: State<'_, AppState>,
    rev: String,
    base: Option<String>,
) -> Result<String> {
    Ok(vcs::merge_base(&state.blog()?.root, &rev, base.as_deref())?)
}

#[tauri::command(async)]
pub fn review_diff(
    state: State<'_, AppState>,
    rev: String,
    base: Option<String>,
    path: String,
) -> Result<String> {
    Ok(vcs::diff_post(
        &state.blog()?.root,
        &rev,
        base.as_deref(),
        paths::post_arg(&path)?,
    )?)
}

/// A post read from Git objects, and its preview.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct ReviewedPost {
    pub text: String,
    pub rendered: Rendered,
}
