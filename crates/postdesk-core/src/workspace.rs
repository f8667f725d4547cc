//! The open blog as one value: its root, `.postdesk.toml`, site conventions and authors (read
//! when it is opened), and what is derived from its posts — the post index, the schema, the
//! check context — computed on first use and forgotten when the files they came from change.
//!
//! The shell and the CLI hold a [`Workspace`] and ask it; they never pass `(root, site)` pairs
//! around or keep caches of their own. Changes reach it two ways, as rust-analyzer's
//! `AnalysisHost::apply_change` does: the watcher's batches ([`Workspace::apply`]) and the
//! core's own writes ([`Workspace::wrote`]: a save, a new post, an import, a commit, a pull).
//! A change of a convention file (`.postdesk.toml`, the authors, the generator's config) or a
//! branch switch reads the conventions again; any other change of the blog drops what was
//! derived from the posts. Asking is cheap: [`Workspace::render_context`], called on every key
//! press, touches no file (the image checks it carries are remembered for a second).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::authors::{self, Authors};
use crate::blog::{Blog, BlogInfo};
use crate::check::CheckContext;
use crate::config::{self, Config, CONFIG_FILE};
use crate::error::{Error, Result};
use crate::index::{self, PostSummary};
use crate::render::{ImageChecks, RenderContext};
use crate::schema::{self, Schema};
use crate::site::{self, Site, SiteKind};
use crate::watch::{Change, Watcher};

/// What the blog's own files say about it: read when it is opened and again when one of them
/// changes.
#[derive(Debug)]
pub struct Conventions {
    pub site: Site,
    /// `.postdesk.toml` (default when absent or malformed).
    pub config: Config,
    /// Why `.postdesk.toml` was not used, when it is malformed (also in `site.config_warning`).
    pub config_error: Option<Error>,
    pub authors: Authors,
    /// Author id → display name, for the preview.
    pub author_names: Arc<HashMap<String, String>>,
}

impl Conventions {
    fn read(root: &Path) -> Conventions {
        let loaded = config::load(root);
        let site = site::detect_with(root, &loaded);
        let (config, config_error) = match loaded {
            Ok(c) => (c.unwrap_or_default(), None),
            Err(e) => (Config::default(), Some(e)),
        };
        let authors = Authors::read(root, site.kind);
        Conventions {
            author_names: Arc::new(authors.names()),
            site,
            config,
            config_error,
            authors,
        }
    }
}

/// What is derived from the posts, each computed on first use.
#[derive(Default)]
struct Derived {
    posts: Option<Arc<Vec<PostSummary>>>,
    files: Option<Arc<Vec<String>>>,
    schema: Option<Arc<Schema>>,
    check: Option<Arc<CheckContext>>,
}

/// The open blog. Shared between threads (`Arc<Workspace>`); no lock is held while the core
/// reads the disk.
pub struct Workspace {
    root: PathBuf,
    conventions: RwLock<Arc<Conventions>>,
    derived: Mutex<Derived>,
    /// Bumped by every change: a value computed from an older generation is not kept.
    generation: AtomicU64,
    images: Arc<ImageChecks>,
    /// Outside changes, once [`Workspace::watch`] started it.
    watcher: Mutex<Option<Watcher>>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

impl Workspace {
    /// Opens the blog whose clone contains `path` (see [`Blog::open`] for what is refused).
    pub fn open(path: &Path) -> Result<Workspace> {
        let blog = Blog::open(path)?;
        Ok(Workspace::at(blog.root))
    }

    /// The blog whose working tree is at `root` (canonical), without looking for a repository.
    pub fn at(root: PathBuf) -> Workspace {
        let conventions = Conventions::read(&root);
        Workspace {
            root,
            conventions: RwLock::new(Arc::new(conventions)),
            derived: Mutex::default(),
            generation: AtomicU64::new(0),
            images: Arc::default(),
            watcher: Mutex::default(),
        }
    }

    /// Canonical path of the working tree's root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The conventions as they are now.
    pub fn conventions(&self) -> Arc<Conventions> {
        self.conventions
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The site's conventions as they are now.
    pub fn site(&self) -> Site {
        self.conventions().site.clone()
    }

    /// The blog as the core's functions that take a root and a site want it.
    pub fn blog(&self) -> Blog {
        Blog {
            root: self.root.clone(),
            site: self.site(),
        }
    }

    pub fn info(&self) -> BlogInfo {
        self.blog().info()
    }

    /// Every post (and draft), repository-relative, sorted: the one list of posts.
    pub fn post_files(&self) -> Arc<Vec<String>> {
        self.derive(
            |d| d.files.clone(),
            |ws, _| Arc::new(index::post_files(&ws.root, &ws.conventions().site)),
            |d, v| d.files = Some(v),
        )
    }

    /// Checks that `rel` names one of the blog's posts and returns it: what the UI's post
    /// commands (load, save, preview, check, status, commit, import) accept, and nothing else.
    /// A post is a Markdown file (or a Jekyll post named by its date alone) inside one of the
    /// site's post folders, outside hidden folders, as the index lists them; a path the index
    /// lists is accepted as is. A configuration file, a script or anything under `.git` is
    /// refused, so that even a compromised window cannot make the core write where a later
    /// `git push` would run it.
    pub fn post_path<'a>(&self, rel: &'a str) -> Result<&'a str> {
        let rel = crate::paths::post_arg(rel)?;
        let site = self.site();
        if site.is_post_path(rel) || self.post_files().iter().any(|f| f == rel) {
            return Ok(rel);
        }
        let folders: Vec<String> = site
            .posts_dirs
            .iter()
            .chain(site.drafts_dir.as_ref())
            .map(|d| {
                if d.is_empty() {
                    "the blog's folder".into()
                } else {
                    format!("`{d}/`")
                }
            })
            .collect();
        Err(Error::not_a_post(format!(
            "`{rel}` is not one of the blog's posts: Postdesk opens and saves Markdown posts in {}.",
            folders.join(", ")
        )))
    }

    /// The post index, newest first.
    pub fn posts(&self) -> Arc<Vec<PostSummary>> {
        self.derive(
            |d| d.posts.clone(),
            |ws, _| {
                let files = ws.post_files();
                Arc::new(index::summarize_all(
                    &ws.root,
                    &ws.conventions().site,
                    &files,
                ))
            },
            |d, v| d.posts = Some(v),
        )
    }

    /// The front-matter schema inferred from the posts and the conventions.
    pub fn schema(&self) -> Arc<Schema> {
        self.derive(
            |d| d.schema.clone(),
            |ws, c| {
                let files = ws.post_files();
                Arc::new(schema::infer_with(&ws.root, &c.site, &files, &c.authors))
            },
            |d, v| d.schema = Some(v),
        )
    }

    /// The usual key order, for placing a new front-matter field.
    pub fn key_order(&self) -> Vec<String> {
        self.schema()
            .fields
            .iter()
            .map(|f| f.name.clone())
            .collect()
    }

    /// What `check` knows of the blog. Fails when `.postdesk.toml` or the authors file is
    /// malformed (the checks would be wrong).
    pub fn check_context(&self) -> Result<Arc<CheckContext>> {
        let c = self.conventions();
        if let Some(e) = &c.config_error {
            return Err(e.clone());
        }
        if let Some(ctx) = self.lock().check.clone() {
            return Ok(ctx);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let schema = self.schema();
        let files = self.post_files();
        let ctx = Arc::new(CheckContext::build(
            &self.root,
            &c.site,
            &c.config,
            &c.authors,
            &schema,
            files.to_vec(),
        )?);
        let mut d = self.lock();
        if self.generation.load(Ordering::SeqCst) == generation {
            d.check = Some(ctx.clone());
        }
        Ok(ctx)
    }

    /// The context the preview renders the post at `post_path` in: the site's dialect, the
    /// authors' names, images checked inside the repository. Touches no file.
    pub fn render_context(&self, post_path: impl Into<String>) -> RenderContext {
        let c = self.conventions();
        RenderContext::in_repo(
            c.site.kind,
            self.root.clone(),
            post_path,
            c.author_names.clone(),
            self.images.clone(),
        )
    }

    /// Folders (and root files) whose changes matter to the workspace: the content folders,
    /// the authors' folders and the convention files at the root. Repository-relative.
    pub fn watched(&self) -> Vec<String> {
        let site = self.site();
        let mut out: Vec<String> = site.posts_dirs.clone();
        out.extend(site.drafts_dir.clone());
        out.extend(authors::data_dirs(site.kind));
        out.extend(CONVENTION_FILES.iter().map(|f| f.to_string()));
        out.extend(site.content_config.clone());
        out.retain(|d| !d.is_empty());
        out.sort();
        out.dedup();
        out
    }

    /// Starts watching the blog ([`Workspace::watched`]): each batch of outside changes is
    /// applied to the workspace, then handed to `sink` (the shell tells the UI).
    pub fn watch(self: &Arc<Self>, sink: impl Fn(Vec<Change>) + Send + 'static) -> Result<()> {
        let weak = Arc::downgrade(self);
        let dirs: Vec<PathBuf> = self.watched().iter().map(PathBuf::from).collect();
        let w = Watcher::start(&self.root, &dirs, move |changes| {
            if let Some(ws) = weak.upgrade() {
                ws.apply(&changes);
            }
            sink(changes)
        })?;
        *self.watcher.lock().unwrap_or_else(|p| p.into_inner()) = Some(w);
        Ok(())
    }

    /// Tells the watcher that the app itself just wrote `rel` with content `hash` (it is not
    /// reported as an outside change).
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

    /// Brings the workspace up to date with a batch of the watcher's changes.
    pub fn apply(&self, changes: &[Change]) {
        let mut paths = Vec::new();
        let mut reread = false;
        for c in changes {
            match c {
                Change::BranchChanged { .. } | Change::Degraded { .. } => reread = true,
                Change::Renamed { from, to } => paths.extend([from.as_str(), to.as_str()]),
                Change::Removed { path } | Change::Created { path } | Change::Modified { path } => {
                    paths.push(path.as_str())
                }
            }
        }
        if reread {
            self.refresh();
        } else if !paths.is_empty() {
            self.wrote(&paths);
        }
    }

    /// Tells the workspace that the core (or the app) just changed these repository-relative
    /// paths: a saved post, a new one, imported images, the files of a commit or a pull.
    pub fn wrote(&self, paths: &[&str]) {
        let kind = self.conventions().site.kind;
        if paths.iter().any(|p| self.is_convention(kind, p)) {
            self.refresh();
        } else {
            self.forget_derived();
        }
    }

    /// Reads the conventions again and forgets everything derived (a branch switch, a pull).
    pub fn refresh(&self) {
        let c = Conventions::read(&self.root);
        *self.conventions.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(c);
        self.forget_derived();
    }

    fn forget_derived(&self) {
        let mut d = self.lock();
        self.generation.fetch_add(1, Ordering::SeqCst);
        *d = Derived::default();
    }

    fn is_convention(&self, kind: SiteKind, rel: &str) -> bool {
        let rel = rel.trim_start_matches('/');
        CONVENTION_FILES.contains(&rel)
            || authors::is_authors_path(kind, rel)
            || self.conventions().site.content_config.as_deref() == Some(rel)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Derived> {
        self.derived.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A derived value: the one computed already, or computed now (without holding the lock)
    /// and kept unless a change came in meanwhile.
    fn derive<T: Clone>(
        &self,
        get: impl Fn(&Derived) -> Option<T>,
        make: impl FnOnce(&Workspace, &Conventions) -> T,
        put: impl FnOnce(&mut Derived, T),
    ) -> T {
        if let Some(v) = get(&self.lock()) {
            return v;
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let v = make(self, &self.conventions());
        let mut d = self.lock();
        if self.generation.load(Ordering::SeqCst) == generation {
            put(&mut d, v.clone());
        }
        v
    }

    /// Loads a post for the editor (see [`Blog::load_post`]).
    pub fn load_post(&self, rel: &str) -> Result<crate::save::Loaded> {
        self.blog().load_post(self.post_path(rel)?)
    }

    /// Saves the editor's text (see [`Blog::save_post_checked`]); what was derived from the
    /// posts is forgotten.
    pub fn save_post(
        &self,
        rel: &str,
        text: &str,
        expected: Option<&str>,
    ) -> Result<crate::save::SaveOutcome> {
        let out = self
            .blog()
            .save_post_checked(self.post_path(rel)?, text, expected)?;
        self.expect_write(rel, &out.hash);
        self.wrote(&[rel]);
        Ok(out)
    }
}

/// Files at the root whose change changes the conventions.
const CONVENTION_FILES: &[&str] = &[
    CONFIG_FILE,
    "_config.yml",
    "_config.yaml",
    "config.toml",
    "zola.toml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.yaml",
    "config.yml",
    "config.json",
    "astro.config.mjs",
    "astro.config.js",
    "astro.config.ts",
    "astro.config.mts",
    "astro.config.cjs",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn blog() -> (tempfile::TempDir, Workspace) {
        let d = tempfile::tempdir().unwrap();
        let w = |rel: &str, t: &str| {
            let p = d.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, t).unwrap();
        };
        w("_config.yml", "title: x\n");
        w("_data/authors.yml", "jane:\n  name: Jane\n");
        for i in 1..=5 {
            w(
                &format!("_posts/2024-01-0{i}-p{i}.md"),
                &format!("---\ntitle: P{i}\nauthor: jane\ntags: [a]\n---\nBody\n"),
            );
        }
        let ws = Workspace::at(d.path().canonicalize().unwrap());
        (d, ws)
    }

    #[test]
    fn derived_values_are_kept_until_a_change() {
        let (d, ws) = blog();
        let a = ws.posts();
        assert_eq!(a.len(), 5);
        assert!(Arc::ptr_eq(&a, &ws.posts()), "computed once");
        std::fs::write(
            d.path().join("_posts/2024-02-01-new.md"),
            "---\ntitle: N\n---\n",
        )
        .unwrap();
        assert_eq!(ws.posts().len(), 5, "not seen before it is told");
        ws.apply(&[Change::Created {
            path: "_posts/2024-02-01-new.md".into(),
        }]);
        assert_eq!(ws.posts().len(), 6);
        assert_eq!(ws.check_context().unwrap().posts.len(), 6);
    }

    #[test]
    fn an_authors_change_reaches_the_schema_the_check_and_the_preview() {
        let (d, ws) = blog();
        assert_eq!(ws.schema().authors.len(), 1);
        let ctx = ws.check_context().unwrap();
        assert!(ctx.authors.as_ref().unwrap().contains("jane"));
        assert!(ctx.required_fields.contains(&"author".to_string()));
        std::fs::write(
            d.path().join("_data/authors.yml"),
            "jane:\n  name: Jane\nbob:\n  name: Bob B\n",
        )
        .unwrap();
        ws.apply(&[Change::Modified {
            path: "_data/authors.yml".into(),
        }]);
        assert_eq!(ws.schema().authors.len(), 2);
        assert!(ws
            .check_context()
            .unwrap()
            .authors
            .as_ref()
            .unwrap()
            .contains("bob"));
        assert_eq!(ws.render_context("_posts/x.md").authors["bob"], "Bob B");
    }

    #[test]
    fn a_config_change_is_read_again_and_a_broken_one_stops_check_only() {
        let (d, ws) = blog();
        assert_eq!(ws.site().max_image_width, 1600);
        std::fs::write(d.path().join(CONFIG_FILE), "max_image_width = 900\n").unwrap();
        ws.wrote(&[CONFIG_FILE]);
        assert_eq!(ws.site().max_image_width, 900);
        assert_eq!(ws.check_context().unwrap().max_image_width, 900);
        std::fs::write(d.path().join(CONFIG_FILE), "max_image_widht = 900\n").unwrap();
        ws.apply(&[Change::BranchChanged {
            branch: "x".into(),
            detached: false,
        }]);
        assert!(ws.site().config_warning.is_some());
        assert_eq!(ws.posts().len(), 5, "the blog still opens");
        let Err(e) = ws.check_context() else {
            panic!("a malformed config stops the checks")
        };
        assert!(e.message.contains("max_image_widht"), "{}", e.message);
    }

    #[test]
    fn watched_paths() {
        let (_d, ws) = blog();
        let w = ws.watched();
        for p in [
            "_posts",
            "_drafts",
            "_data",
            ".postdesk.toml",
            "_config.yml",
        ] {
            assert!(w.contains(&p.to_string()), "{p} in {w:?}");
        }
    }
}
