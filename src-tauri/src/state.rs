//! What the shell keeps between commands: the open blog (the core's [`Workspace`], which knows
//! what is derived from it and keeps it up to date) and where the app's own data lives.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use postdesk_core::blog::Blog;
use postdesk_core::journal::Journal;
use postdesk_core::render::live::LivePreview;
use postdesk_core::workspace::Workspace;

use crate::error::{Error, Result};

pub struct AppState {
    pub open: Mutex<Option<Arc<Workspace>>>,
    /// The crash-recovery journal; `None` when its folder cannot be used (then nothing is
    /// journaled, and the UI says so).
    journal: Option<Journal>,
    /// The app's data folder (XDG data dir): prefs, the demo blog copy.
    pub data_dir: PathBuf,
    /// The blog named on the command line, if any.
    pub initial: Option<PathBuf>,
    /// The preview's article and the text it came from (`preview_delta` and `preview_edit`
    /// send only what changed).
    pub preview: Mutex<LivePreview>,
    /// The Site tab's servers (the blog's own generator), stopped with the blog.
    pub site: crate::commands::site::Servers,
}

impl AppState {
    pub fn new(data_dir: PathBuf, initial: Option<PathBuf>) -> Self {
        AppState {
            journal: Journal::open(&data_dir).ok(),
            open: Mutex::new(None),
            data_dir,
            initial,
            preview: Mutex::default(),
            site: Default::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Arc<Workspace>>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The open blog, or a `no_blog` error.
    pub fn current(&self) -> Result<Arc<Workspace>> {
        self.lock().clone().ok_or_else(Error::no_blog)
    }

    /// The open blog and `path` checked to be one of its posts ([`Workspace::post_path`]): the
    /// first step of every command that takes a post's path, so no command can be made to
    /// read or write a configuration file, a script or Git's own folder.
    pub fn post(&self, path: &str) -> Result<(Arc<Workspace>, String)> {
        let ws = self.current()?;
        let path = ws.post_path(path)?.to_string();
        Ok((ws, path))
    }

    /// The open blog's root and site, for the core functions that take them.
    pub fn blog(&self) -> Result<Blog> {
        Ok(self.current()?.blog())
    }

    /// Makes `ws` the open blog (stopping the previous one's watcher) and returns it.
    pub fn set_blog(&self, ws: Workspace) -> Arc<Workspace> {
        self.site.stop_all();
        let open = Arc::new(ws);
        *self.lock() = Some(open.clone());
        open
    }

    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }
}
