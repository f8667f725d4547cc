//! What the shell keeps between commands: the open blog (with what is derived from it, computed
//! once on first use) and where the app's own data lives.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use postdesk_core::blog::Blog;
use postdesk_core::check::CheckContext;
use postdesk_core::schema::{self, Schema};

use crate::error::{Error, Result};

/// An open blog and its derived knowledge. Shared (`Arc`) so no lock is held while the core works.
pub struct OpenBlog {
    pub blog: Blog,
    schema: OnceLock<Schema>,
    check: Mutex<Option<Arc<CheckContext>>>,
}

impl OpenBlog {
    pub fn new(blog: Blog) -> Self {
        OpenBlog {
            blog,
            schema: OnceLock::new(),
            check: Mutex::new(None),
        }
    }

    /// The schema inferred from the posts, computed on first use.
    pub fn schema(&self) -> &Schema {
        self.schema
            .get_or_init(|| schema::infer(&self.blog.root, &self.blog.site))
    }

    /// The usual key order, for placing a new front-matter field.
    pub fn key_order(&self) -> Vec<String> {
        self.schema().fields.iter().map(|f| f.name.clone()).collect()
    }

    /// What `check` knows of the blog (authors, tags, files), built on first use.
    pub fn check_context(&self) -> Result<Arc<CheckContext>> {
        let mut slot = self.check.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(ctx) = slot.as_ref() {
            return Ok(ctx.clone());
        }
        let ctx = Arc::new(CheckContext::from_repo(&self.blog.root, &self.blog.site)?);
        *slot = Some(ctx.clone());
        Ok(ctx)
    }

    /// Forgets what was derived from the files (after posts or images were added).
    pub fn invalidate_check(&self) {
        *self.check.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

pub struct AppState {
    pub open: Mutex<Option<Arc<OpenBlog>>>,
    /// The app's data folder (XDG data dir): prefs, the demo blog copy.
    pub data_dir: PathBuf,
    /// The blog named on the command line, if any.
    pub initial: Option<PathBuf>,
}

impl AppState {
    pub fn new(data_dir: PathBuf, initial: Option<PathBuf>) -> Self {
        AppState {
            open: Mutex::new(None),
            data_dir,
            initial,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Arc<OpenBlog>>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The open blog, or a `no_blog` error.
    pub fn current(&self) -> Result<Arc<OpenBlog>> {
        self.lock().clone().ok_or_else(Error::no_blog)
    }

    pub fn blog(&self) -> Result<Blog> {
        Ok(self.current()?.blog.clone())
    }

    pub fn set_blog(&self, blog: Blog) {
        *self.lock() = Some(Arc::new(OpenBlog::new(blog)));
    }
}
