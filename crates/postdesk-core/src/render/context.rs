//! What the renderer knows besides the text ([`RenderContext`]): the site's kind, the post's
//! path, how image URLs are made and whether images exist, the authors' names.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::site::SiteKind;

/// Tells whether a repository-relative path names an existing file.
pub type ExistsFn = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// Everything the renderer needs to know besides the text.
#[derive(Clone)]
pub struct RenderContext {
    /// The site's kind: its Markdown dialect and heading ids.
    pub kind: SiteKind,
    /// The post's repository-relative path (`_posts/2022-10-28-x.md`): relative links resolve
    /// from its folder.
    pub post_path: String,
    /// What a repository path is prefixed with to make an image URL (the shell passes
    /// `postdesk://localhost/`).
    pub image_url_prefix: String,
    /// Whether `http(s)` images are loaded (off by default: a preview should not ping trackers).
    pub allow_remote_images: bool,
    /// Author id → display name (from `_data/authors.yml` and the like).
    pub authors: Arc<HashMap<String, String>>,
    /// Whether a repository path exists; a missing image becomes a visible box naming it.
    pub exists: ExistsFn,
}

impl std::fmt::Debug for RenderContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderContext")
            .field("kind", &self.kind)
            .field("post_path", &self.post_path)
            .field("image_url_prefix", &self.image_url_prefix)
            .field("allow_remote_images", &self.allow_remote_images)
            .field("authors", &self.authors.len())
            .finish()
    }
}

impl RenderContext {
    /// A context where every image exists, no authors are known and images are served from
    /// `postdesk://localhost/`.
    pub fn new(kind: SiteKind, post_path: impl Into<String>) -> Self {
        RenderContext {
            kind,
            post_path: post_path.into(),
            image_url_prefix: DEFAULT_IMAGE_PREFIX.to_string(),
            allow_remote_images: false,
            authors: Arc::default(),
            exists: Arc::new(|_| true),
        }
    }

    /// A context for one render of a post of the repository at `root` (the CLI's): images are
    /// checked on disk (inside the repository only) and author names are read from the site's
    /// authors file. The app renders on every key press and asks its
    /// [`Workspace`](crate::workspace::Workspace) instead, which reads nothing each time.
    pub fn for_repo(kind: SiteKind, root: &Path, post_path: impl Into<String>) -> Self {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let authors = Arc::new(crate::authors::Authors::read(&root, kind).names());
        RenderContext::in_repo(kind, root, post_path, authors, Arc::default())
    }

    /// A context for a post of the repository at `root` (canonical), with the authors' names
    /// and the image checks given.
    pub(crate) fn in_repo(
        kind: SiteKind,
        root: PathBuf,
        post_path: impl Into<String>,
        authors: Arc<HashMap<String, String>>,
        checks: Arc<ImageChecks>,
    ) -> Self {
        let mut ctx = RenderContext::new(kind, post_path);
        ctx.authors = authors;
        // One `stat` per image, remembered for a second (`ImageChecks`): paths come from
        // `links::resolve`, which never climbs out of the repository; serving the file (the
        // app's URI scheme) is where symlinks are refused.
        ctx.exists = Arc::new(move |rel: &str| {
            !rel.split('/').any(|seg| seg == "..") && checks.is_file(&root, rel)
        });
        ctx
    }
}

/// Whether the repository's image files exist, as found in the last second. The preview
/// renders on every key press and a post names the same images each time; a `stat` each
/// cost more than the rest of rendering a typical post's paragraph. An image added or
/// removed shows as such within a second of typing. The render contexts of a
/// [`Workspace`](crate::workspace::Workspace) share its checks (the app makes one per render).
#[derive(Default)]
pub(crate) struct ImageChecks(std::sync::Mutex<HashMap<String, (bool, std::time::Instant)>>);

impl ImageChecks {
    pub(super) const FRESH: std::time::Duration = std::time::Duration::from_secs(1);

    fn is_file(&self, root: &Path, rel: &str) -> bool {
        let now = std::time::Instant::now();
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&(found, at)) = m.get(rel) {
            if now.duration_since(at) < Self::FRESH {
                return found;
            }
        }
        let found = root.join(rel).is_file();
        if m.len() > 4096 {
            m.retain(|_, (_, at)| now.duration_since(*at) < Self::FRESH);
        }
        m.insert(rel.to_string(), (found, now));
        found
    }
}

/// The prefix the desktop shell serves repository files under.
pub const DEFAULT_IMAGE_PREFIX: &str = "postdesk://localhost/";
