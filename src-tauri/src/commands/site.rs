//! The Site tab: the blog's own generator as a development server (`postdesk_core::sitepreview`).
//! One server for the writer's blog and one for the branch under review; both are stopped when
//! another blog is opened ([`AppState::set_blog`]) and when the app exits (`lib.rs`).
//!
//! A reviewed branch's code never runs unasked: `site_trust` checks the branch out in a
//! worktree of Postdesk's own and names the command and the files that will run; only
//! `site_start` with that same commit (`tip`) runs it, and the reviewer's consent is kept for
//! that commit only (a branch that moves asks again).

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};

use postdesk_core::config::{self, PreviewConfig};
use postdesk_core::sitepreview::server::{PageUrl, SiteLog};
use postdesk_core::sitepreview::{self, SiteServer, SiteStatus, TrustInfo, Worktree};
use tauri::{AppHandle, Manager, Runtime, State};

use super::blocking;
use crate::error::{Error, Result};
use crate::state::AppState;

/// The running servers (see the module documentation).
#[derive(Default)]
pub struct Servers(Mutex<Slots>);

#[derive(Default)]
struct Slots {
    /// The writer's blog's server.
    work: Option<Arc<SiteServer>>,
    review: Option<Review>,
    /// Commits the reviewer agreed to run.
    approved: HashSet<String>,
}

enum Review {
    /// Checked out, not run: what it would run was shown.
    Prepared(Worktree, TrustInfo),
    Running(String, Arc<SiteServer>),
}

impl Servers {
    fn lock(&self) -> MutexGuard<'_, Slots> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stops every server and removes the review's worktree (another blog opened, the app
    /// exits). Returns once no process of theirs is left.
    pub fn stop_all(&self) {
        let (work, review) = {
            let mut s = self.lock();
            (s.work.take(), s.review.take())
        };
        if let Some(w) = work {
            w.stop();
        }
        if let Some(Review::Running(_, r)) = &review {
            r.stop();
        }
        drop(review);
    }

    fn server(&self, rev: &Option<String>) -> Option<Arc<SiteServer>> {
        let s = self.lock();
        match rev {
            None => s.work.clone(),
            Some(_) => match &s.review {
                Some(Review::Running(_, r)) => Some(r.clone()),
                _ => None,
            },
        }
    }
}

/// `.postdesk.toml`'s `[preview]`, or nothing when the file is absent or malformed (the
/// window already says why it is ignored).
fn preview_config(root: &std::path::Path) -> PreviewConfig {
    config::load(root)
        .ok()
        .flatten()
        .map(|c| c.preview)
        .unwrap_or_default()
}

/// Starts the server of the open blog (`rev` null), or of the reviewed commit `tip` of `rev`
/// (once `site_trust` showed what it runs). An already running server is kept.
#[tauri::command]
pub async fn site_start<R: Runtime>(
    app: AppHandle<R>,
    rev: Option<String>,
    tip: Option<String>,
) -> Result<SiteStatus> {
    blocking(move || {
        let state = app.state::<AppState>();
        let ws = state.current()?;
        let servers = &state.site;
        let Some(rev) = rev else {
            if let Some(s) = servers.server(&None) {
                let st = s.status();
                let alive = !matches!(
                    st.state,
                    sitepreview::SiteState::Failed | sitepreview::SiteState::Stopped
                );
                if s.root() == ws.root() && alive {
                    return Ok(st);
                }
            }
            let old = servers.lock().work.take();
            if let Some(old) = old {
                old.stop();
            }
            let server =
                SiteServer::start(ws.root(), &ws.site(), &preview_config(ws.root()), None)?;
            let st = server.status();
            servers.lock().work = Some(Arc::new(server));
            return Ok(st);
        };
        let commit = postdesk_core::vcs::review::resolve_commit(ws.root(), &rev)?;
        if tip.as_deref() != Some(commit.as_str()) {
            return Err(Error::invalid(format!(
                "{rev} is not at the commit you agreed to run any more; look at what it runs again."
            )));
        }
        let taken = {
            let mut slots = servers.lock();
            if let Some(Review::Running(c, s)) = &slots.review {
                if *c == commit && s.status().state != sitepreview::SiteState::Failed {
                    return Ok(s.status());
                }
            }
            slots.review.take()
        };
        let worktree = match taken {
            Some(Review::Prepared(w, _)) if w.commit() == commit => w,
            other => {
                if let Some(Review::Running(_, s)) = &other {
                    s.stop();
                }
                drop(other);
                Worktree::create(ws.root(), &commit, &worktrees_dir(&app)?)?
            }
        };
        let root = worktree.path().to_path_buf();
        let site = postdesk_core::site::detect(&root)?;
        let server = SiteServer::start(&root, &site, &preview_config(&root), Some(worktree))?;
        let st = server.status();
        let mut slots = servers.lock();
        slots.approved.insert(commit.clone());
        slots.review = Some(Review::Running(commit, Arc::new(server)));
        Ok(st)
    })
    .await
}

/// What serving `rev` would run (its command and the files of the blog that run with it), read
/// from a worktree of its tip; `approved` when the reviewer already agreed for that commit.
#[tauri::command]
pub async fn site_trust<R: Runtime>(app: AppHandle<R>, rev: String) -> Result<TrustInfo> {
    blocking(move || {
        let state = app.state::<AppState>();
        let ws = state.current()?;
        let commit = postdesk_core::vcs::review::resolve_commit(ws.root(), &rev)?;
        let mut slots = state.site.lock();
        let approved = slots.approved.contains(&commit);
        match &slots.review {
            Some(Review::Prepared(w, t)) if w.commit() == commit => {
                let mut t = t.clone();
                t.approved = approved;
                return Ok(t);
            }
            Some(Review::Running(c, s)) if *c == commit => {
                let root = s.root().to_path_buf();
                let site = postdesk_core::site::detect(&root)?;
                let mut t = sitepreview::code_that_runs(&root, &site, &preview_config(&root))?;
                t.commit = Some(commit);
                t.approved = approved;
                return Ok(t);
            }
            _ => {}
        }
        let old = slots.review.take();
        drop(slots);
        if let Some(Review::Running(_, s)) = &old {
            s.stop();
        }
        drop(old);
        let worktree = Worktree::create(ws.root(), &commit, &worktrees_dir(&app)?)?;
        let root = worktree.path().to_path_buf();
        let site = postdesk_core::site::detect(&root)?;
        let mut t = sitepreview::code_that_runs(&root, &site, &preview_config(&root))?;
        t.commit = Some(commit);
        t.approved = approved;
        state.site.lock().review = Some(Review::Prepared(worktree, t.clone()));
        Ok(t)
    })
    .await
}

/// The server's state (null when none runs for `rev`).
#[tauri::command(async)]
pub fn site_status(state: State<'_, AppState>, rev: Option<String>) -> Option<SiteStatus> {
    state.site.server(&rev).map(|s| s.status())
}

/// The server's output from line `since` on.
#[tauri::command(async)]
pub fn site_log(state: State<'_, AppState>, rev: Option<String>, since: u32) -> Option<SiteLog> {
    state.site.server(&rev).map(|s| s.log(since))
}

/// Where the post at `path` is on the server (it asks the server, so it may take a moment).
#[tauri::command]
pub async fn site_page<R: Runtime>(
    app: AppHandle<R>,
    rev: Option<String>,
    path: String,
) -> Result<PageUrl> {
    blocking(move || {
        let state = app.state::<AppState>();
        let path = match rev {
            None => state.post(&path)?.1,
            Some(_) => {
                let rel = postdesk_core::paths::post_arg(&path)?;
                if !state.current()?.site().is_post_path(rel) {
                    return Err(Error::invalid(format!("{rel} is not a post")));
                }
                rel.to_string()
            }
        };
        let server = state
            .site
            .server(&rev)
            .ok_or_else(|| Error::invalid("The site's server is not running.".to_string()))?;
        Ok(server.page_url(&path))
    })
    .await
}

/// Stops the server of `rev` (null: the writer's blog's).
#[tauri::command]
pub async fn site_stop<R: Runtime>(app: AppHandle<R>, rev: Option<String>) -> Result<()> {
    blocking(move || {
        let state = app.state::<AppState>();
        let taken = {
            let mut s = state.site.lock();
            match rev {
                None => s.work.take(),
                // The review's server and its worktree, prepared or running.
                Some(_) => match s.review.take() {
                    Some(Review::Running(_, r)) => Some(r),
                    _ => None,
                },
            }
        };
        if let Some(s) = taken {
            s.stop();
        }
        Ok(())
    })
    .await
}

/// Where review worktrees go: the app's cache folder.
fn worktrees_dir<R: Runtime>(app: &AppHandle<R>) -> Result<std::path::PathBuf> {
    Ok(app.path().app_cache_dir()?.join("site-worktrees"))
}
