//! What the shell keeps between commands: the open blog and where its own data lives.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use postdesk_core::blog::Blog;

use crate::error::{Error, Result};

pub struct AppState {
    pub blog: Mutex<Option<Blog>>,
    /// The app's data folder (XDG data dir): prefs, the demo blog copy.
    pub data_dir: PathBuf,
    /// The blog named on the command line, if any.
    pub initial: Option<PathBuf>,
}

impl AppState {
    pub fn new(data_dir: PathBuf, initial: Option<PathBuf>) -> Self {
        AppState {
            blog: Mutex::new(None),
            data_dir,
            initial,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Blog>> {
        self.blog.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A copy of the open blog (cheap: a path and the site conventions), so no lock is held
    /// while the core works.
    pub fn blog(&self) -> Result<Blog> {
        self.lock().clone().ok_or_else(Error::no_blog)
    }

    pub fn set_blog(&self, blog: Blog) {
        *self.lock() = Some(blog);
    }
}
