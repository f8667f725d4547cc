//! What the shell keeps between commands: the open blog (with what is derived from it, computed
//! once on first use) and where the app's own data lives.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use postdesk_core::blog::Blog;
use postdesk_core::check::CheckContext;
use postdesk_core::journal::Journal;
use postdesk_core::render::live::LivePreview;
use postdesk_core::schema::{self, Schema};
use postdesk_core::watch::{Change, Watcher};

use crate::error::{Error, Result};

/// An open blog and its derived knowledge. Shared (`Arc`) so no lock is held while the core works.
pub struct OpenBlog {
    pub blog: Blog,
    schema: OnceLock<Schema>,
    check: Mutex<Option<Arc<CheckContext>>>,
    watcher: Mutex<Option<Watcher>>,
}

impl OpenBlog {
    pub fn new(blog: Blog) -> Self {
        OpenBlog {
            blog,
            schema: OnceLock::new(),
            check: Mutex::new(None),
            watcher: Mutex::new(None),
        }
    }

    /// Starts watching the blog's content folders; `sink` gets each batch of outside changes.
    pub fn watch(&self, sink: impl Fn(Vec<Change>) + Send + 'static) -> Result<()> {
        let dirs: Vec<PathBuf> = self
            .blog
            .site
            .posts_dirs
            .iter()
            .map(|d| self.blog.root.join(d))
            .collect();
        let w = Watcher::start(&self.blog.root, &dirs, sink)?;
        *self.watcher.lock().unwrap_or_else(|p| p.into_inner()) = Some(w);
        Ok(())
    }

    /// Tells the watcher that the app itself just wrote `rel` with content `hash`.
    pub fn expect_write(&self, rel: &str, hash: &str) {
        if let Some(w) = self
            .watcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            w.expect_write(rel, hash);
        }
    }

    /// The schema inferred from the posts, computed on first use.
    pub fn schema(&self) -> &Schema {
        self.schema
            .get_or_init(|| schema::infer(&self.blog.root, &self.blog.site))
    }

    /// The usual key order, for placing a new front-matter field.
    pub fn key_order(&self) -> Vec<String> {
        self.schema()
            .fields
            .iter()
            .map(|f| f.name.clone())
            .collect()
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
}

impl AppState {
    pub fn new(data_dir: PathBuf, initial: Option<PathBuf>) -> Self {
        AppState {
            journal: Journal::open(&data_dir).ok(),
            open: Mutex::new(None),
            data_dir,
            initial,
            preview: Mutex::default(),
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

    /// Makes `blog` the open one (stopping the previous one's watcher) and returns it.
    pub fn set_blog(&self, blog: Blog) -> Arc<OpenBlog> {
        let open = Arc::new(OpenBlog::new(blog));
        *self.lock() = Some(open.clone());
        open
    }

    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }
}
