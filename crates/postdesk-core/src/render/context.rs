//! What the renderer knows besides the text ([`RenderContext`]): the site's kind, the post's
//! path, how image URLs are made and whether images exist, the authors' names.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use crate::frontmatter;
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
    pub authors: HashMap<String, String>,
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
            authors: HashMap::new(),
            exists: Arc::new(|_| true),
        }
    }

    /// A context for a post of the repository at `root`: images are checked on disk (inside
    /// the repository only) and author names are read from the site's authors file.
    pub fn for_repo(kind: SiteKind, root: &Path, post_path: impl Into<String>) -> Self {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut ctx = RenderContext::new(kind, post_path);
        ctx.authors = authors_cached(&root);
        // One `stat` per image, remembered for a second (`ImageChecks`): paths come from
        // `links::resolve`, which never climbs out of the repository; serving the file (the
        // app's URI scheme) is where symlinks are refused.
        let checks = ImageChecks::of(&root);
        ctx.exists = Arc::new(move |rel: &str| {
            !rel.split('/').any(|seg| seg == "..") && checks.is_file(&root, rel)
        });
        ctx
    }
}

/// Whether the repository's image files exist, as found in the last second. The preview
/// renders on every key press and a post names the same images each time; a `stat` each
/// cost more than the rest of rendering a typical post's paragraph. An image added or
/// removed shows as such within a second of typing. All render contexts of a repository
/// share the answers (the app makes one per render).
pub(super) struct ImageChecks(std::sync::Mutex<HashMap<String, (bool, std::time::Instant)>>);

impl ImageChecks {
    pub(super) const FRESH: std::time::Duration = std::time::Duration::from_secs(1);

    /// The checks of the repository at `root`.
    fn of(root: &Path) -> Arc<ImageChecks> {
        type All = HashMap<std::path::PathBuf, Arc<ImageChecks>>;
        static ALL: LazyLock<std::sync::Mutex<All>> = LazyLock::new(Default::default);
        let mut all = ALL.lock().unwrap_or_else(|p| p.into_inner());
        all.entry(root.to_path_buf())
            .or_insert_with(|| Arc::new(ImageChecks(Default::default())))
            .clone()
    }

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

/// Where a site keeps its authors, in the order they are looked for.
const AUTHOR_FILES: [&str; 7] = [
    "_data/authors.yml",
    "_data/authors.yaml",
    "_data/authors.json",
    "data/authors.yml",
    "data/authors.yaml",
    "data/authors.json",
    "data/authors.toml",
];

/// [`read_authors`], parsed again only when an authors file changed (its size or time): the
/// preview builds a context on every key press, and parsing the file each time cost as much
/// as rendering the post.
fn authors_cached(root: &Path) -> HashMap<String, String> {
    type Stamp = Vec<Option<(u64, std::time::SystemTime)>>;
    type Cache = HashMap<std::path::PathBuf, (Stamp, HashMap<String, String>)>;
    static CACHE: LazyLock<std::sync::Mutex<Cache>> = LazyLock::new(Default::default);
    let stamp: Stamp = AUTHOR_FILES
        .iter()
        .map(|rel| {
            let m = std::fs::metadata(root.join(rel)).ok()?;
            Some((m.len(), m.modified().ok()?))
        })
        .collect();
    if let Ok(c) = CACHE.lock() {
        if let Some((s, authors)) = c.get(root) {
            if *s == stamp {
                return authors.clone();
            }
        }
    }
    let authors = read_authors(root);
    if let Ok(mut c) = CACHE.lock() {
        c.insert(root.to_path_buf(), (stamp, authors.clone()));
    }
    authors
}

/// Author id → display name, from the site's authors file: `_data/authors.yml` (Jekyll),
/// `data/authors.{yml,yaml,toml,json}` (Hugo). A missing or malformed file gives no names.
pub fn read_authors(root: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for rel in AUTHOR_FILES {
        let Ok(text) = std::fs::read_to_string(root.join(rel)) else {
            continue;
        };
        let value: Option<serde_json::Value> = if rel.ends_with(".json") {
            serde_json::from_str(&text).ok()
        } else if rel.ends_with(".toml") {
            toml::from_str::<toml::Value>(&text)
                .ok()
                .and_then(|v| serde_json::to_value(v).ok())
        } else {
            use saphyr::LoadableYamlNode;
            saphyr::Yaml::load_from_str(&text)
                .ok()
                .and_then(|d| d.into_iter().next())
                .map(|d| frontmatter::yaml_to_json(&d))
        };
        if let Some(serde_json::Value::Object(map)) = value {
            for (id, v) in map {
                let name = match &v {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Object(o) => o
                        .get("name")
                        .or_else(|| o.get("display_name"))
                        .and_then(|n| n.as_str())
                        .map(str::to_string),
                    _ => None,
                };
                if let Some(n) = name {
                    out.insert(id, n);
                }
            }
            break;
        }
    }
    out
}
