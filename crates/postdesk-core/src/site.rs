//! Site conventions: what kind of blog a repository is, where its posts and images live,
//! and how it links them. Detected with no configuration; `.postdesk.toml` overrides.
//!
//! # Detection
//!
//! | kind    | recognised by                                                    | posts                                                   |
//! |---------|------------------------------------------------------------------|---------------------------------------------------------|
//! | Jekyll  | `_config.yml` / `_config.yaml` / a `_posts` folder               | `_posts/YYYY-MM-DD-slug.md` (`.markdown`), drafts in `_drafts/` |
//! | Astro   | `astro.config.*`                                                 | `src/content/<collection>/…` (`.md`, `.mdx`, nested folders), or a collection's `glob({ base })` |
//! | Hugo    | `hugo.toml|yaml|json`, `config.toml|yaml|json` + `content/`      | `content/posts` (or `post`, `blog`, `articles`, else `content`); `slug/index.md` bundles and single files; `_index.md` is a section |
//! | Zola    | `config.toml` with `base_url`                                    | as Hugo; `+++` TOML front matter                        |
//! | Generic | anything else                                                    | every Markdown file outside hidden and vendor folders   |
//!
//! The file-name pattern of new posts follows the existing posts (the most common shape wins:
//! `{date}-{slug}.md`, `{slug}/index.md`, `{year}/{month}/{day}/{slug}.mdx`…).
//!
//! # `.postdesk.toml`
//!
//! An optional file at the repository root overrides any detected setting; it is read by
//! [`config`](crate::config) (every table, unknown keys refused) and applied here. A malformed
//! file never stops the blog from opening: Postdesk uses the detected settings and shows the
//! error (file, line and key) in [`Site::config_warning`]. The README has the full example.
//!
//! `postdesk site REPO --json` shows the resulting settings and, in `sources`, whether each one
//! was `detected`, a `default` (nothing to detect from) or comes from `config` (`.postdesk.toml`).
//!
//! # Folders stay inside the repository
//!
//! `.postdesk.toml` refuses folders written with `..` or as absolute paths (see
//! [`config`](crate::config)). Every folder the settings name — posts, drafts, the image
//! folder's fixed part, an Astro collection's `base` or `src/content/<collection>`, the Astro
//! content config file — is also resolved with [`paths::resolve`](crate::paths::resolve) when
//! the site is read: one that leads out of the repository (a symbolic link to a folder
//! elsewhere) is listed in [`Site::refused_dirs`], and neither listed nor written to
//! ([`index::post_files`](crate::index::post_files) skips it, every write goes through
//! `paths::resolve`). The setting itself is left as it is, so that a new post is refused
//! rather than written to another folder.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::paths;

pub use crate::config::CONFIG_FILE;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SiteKind {
    Jekyll,
    Astro,
    Hugo,
    Zola,
    Generic,
}

impl SiteKind {
    /// Every kind, in declaration order.
    pub const ALL: [SiteKind; 5] = [
        SiteKind::Jekyll,
        SiteKind::Astro,
        SiteKind::Hugo,
        SiteKind::Zola,
        SiteKind::Generic,
    ];
}

/// How a post links the images that belong to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LinkStyle {
    /// `/images/posts/<folder>/<file>` (Jekyll)
    SiteAbsolute,
    /// `./<file>` beside the post (bundles, colocated images)
    Relative,
}

/// Where a setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Worked out from the repository's files.
    Detected,
    /// Nothing to detect it from: Postdesk's default for this kind of site.
    Default,
    /// Set in `.postdesk.toml`.
    Config,
}

/// Where each setting of a [`Site`] came from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SiteSources {
    pub kind: Source,
    pub posts_dirs: Source,
    pub drafts_dir: Source,
    pub file_pattern: Source,
    pub image_dir_pattern: Source,
    pub link_style: Source,
    pub max_image_width: Source,
    pub required_fields: Source,
    pub description_max: Source,
    pub defaults: Source,
}

impl Site {
    /// Whether `rel` (repository-relative) is a post or a draft by the site's conventions: a
    /// Markdown file (or, for Jekyll, a file named by its date alone) inside one of its post
    /// folders, outside hidden folders. Decided from the path alone, so it holds for a post
    /// that is not on disk (a branch's, or one being created). The one home of this rule.
    pub fn is_post_path(&self, rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let kind_ok = crate::index::is_markdown(Path::new(rel))
            || (self.kind == SiteKind::Jekyll
                && !name.contains('.')
                && crate::index::date_from_name(name).is_some());
        let in_folder = self
            .posts_dirs
            .iter()
            .chain(self.drafts_dir.iter())
            .any(|d| {
                let d = d.trim_matches('/');
                d.is_empty() || rel.strip_prefix(d).is_some_and(|r| r.starts_with('/'))
            });
        let hidden = rel.split('/').any(|p| p.starts_with('.'));
        kind_ok && in_folder && !hidden
    }
}

impl SiteSources {
    fn all(s: Source) -> Self {
        SiteSources {
            kind: s,
            posts_dirs: s,
            drafts_dir: s,
            file_pattern: s,
            image_dir_pattern: s,
            link_style: s,
            max_image_width: s,
            required_fields: s,
            description_max: s,
            defaults: s,
        }
    }
}

/// A folder named by the site's settings that Postdesk neither reads nor writes: it leads out
/// of the repository (a symbolic link to a folder elsewhere, an Astro collection's
/// `base: "../x"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RefusedDir {
    /// The folder (or, for `content_config`, the file) as the setting names it,
    /// repository-relative.
    pub path: String,
    /// What names it: `posts_dirs`, `drafts_dir`, `image_dir_pattern` (from `.postdesk.toml` or
    /// detected), `content_config` (the Astro content config file), or the site's own file or
    /// folder that names a collection (`src/content.config.ts`, `src/content`).
    pub setting: String,
    /// Why, and what to do, in a sentence.
    pub message: String,
}

/// The conventions of one blog.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Site {
    pub kind: SiteKind,
    /// Repository-relative folders that hold posts.
    pub posts_dirs: Vec<String>,
    /// Repository-relative folder of drafts, if the site has one.
    pub drafts_dir: Option<String>,
    /// File name pattern of a new post, relative to the first posts folder, e.g.
    /// `{date}-{slug}.md` or `{slug}/index.md`. Tokens: `{date}` `{year}` `{month}` `{day}` `{slug}`.
    pub file_pattern: String,
    /// Folder where a post's images go, e.g. `images/posts/{post}` or `{post_dir}`.
    pub image_dir_pattern: String,
    pub link_style: LinkStyle,
    /// Widest an imported image may be, in pixels.
    pub max_image_width: u32,
    /// Front-matter fields every post must have, from `.postdesk.toml`; empty means "inferred
    /// from the posts" (see `schema`).
    pub required_fields: Vec<String>,
    /// Longest description, in characters, when the blog sets one.
    pub description_max: Option<u32>,
    /// Front-matter values of a new post set in `.postdesk.toml` (`[defaults]`).
    #[ts(type = "Record<string, unknown>")]
    pub defaults: Map<String, Value>,
    /// The Astro content-collection schema file, repository-relative, when there is one.
    pub content_config: Option<String>,
    /// Where each setting came from.
    pub sources: SiteSources,
    /// Why `.postdesk.toml` was ignored (file, line, key and what to do), when it is malformed.
    pub config_warning: Option<String>,
    /// Folders of these settings that lead out of the repository: not read, not written to
    /// (`site.rs` says how they are found). Optional in TypeScript only because it was added
    /// after the type was published; the core always sends it.
    #[ts(as = "Option<Vec<RefusedDir>>", optional, inline)]
    pub refused_dirs: Vec<RefusedDir>,
}

/// Detects the site kind and its conventions from the files at `root`, then applies
/// `.postdesk.toml`. A malformed `.postdesk.toml` does not fail: its error is in
/// [`Site::config_warning`] and the detected settings are used.
pub fn detect(root: &Path) -> Result<Site> {
    Ok(detect_with(root, &config::load(root)))
}

/// [`detect`] with `.postdesk.toml` already read (the [`Workspace`](crate::workspace) reads it
/// once for the site and the checks).
pub fn detect_with(root: &Path, config: &Result<Option<Config>>) -> Site {
    let root = &canonical(root);
    let mut site = detect_unconfined(root);
    match config {
        Ok(Some(cfg)) => apply(&mut site, cfg.clone()),
        Ok(None) => {}
        Err(e) => site.config_warning = Some(e.message.clone()),
    }
    confine(root, &mut site);
    site
}

/// Detection from the repository's files only (no `.postdesk.toml`).
pub fn detect_files(root: &Path) -> Site {
    let root = &canonical(root);
    let mut site = detect_unconfined(root);
    confine(root, &mut site);
    site
}

/// [`paths::resolve`] wants the root canonical.
fn canonical(root: &Path) -> std::path::PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Lists in [`Site::refused_dirs`] the folders of the settings that lead out of the repository.
fn confine(root: &Path, site: &mut Site) {
    let mut named: Vec<(&str, String)> = site
        .posts_dirs
        .iter()
        .map(|d| ("posts_dirs", d.clone()))
        .collect();
    named.extend(site.drafts_dir.iter().map(|d| ("drafts_dir", d.clone())));
    let fixed = fixed_part(&site.image_dir_pattern);
    if !fixed.is_empty() {
        named.push(("image_dir_pattern", fixed.to_string()));
    }
    for (setting, dir) in named {
        if let Err(e) = paths::resolve(root, &dir) {
            refuse(site, setting, &dir, &e);
        }
    }
}

/// The part of an image folder pattern before its first token, whole folders only:
/// `images/posts` of `images/posts/{post}`, nothing of `{post_dir}`.
fn fixed_part(pattern: &str) -> &str {
    let fixed = match pattern.find('{') {
        Some(i) => pattern[..i].rsplit_once('/').map_or("", |(d, _)| d),
        None => pattern,
    };
    fixed.trim_matches('/')
}

/// Records that `path`, named by `setting`, is not followed (once).
fn refuse(site: &mut Site, setting: &str, path: &str, why: &Error) {
    if site
        .refused_dirs
        .iter()
        .any(|r| r.path == path && r.setting == setting)
    {
        return;
    }
    let shown = if path.is_empty() { "." } else { path };
    site.refused_dirs.push(RefusedDir {
        path: path.to_string(),
        setting: setting.to_string(),
        message: format!(
            "`{shown}` ({setting}) is refused, not read: {}. If it is a link to a folder elsewhere, move that folder into the repository.",
            why.message.trim_end_matches('.')
        ),
    });
}

fn detect_unconfined(root: &Path) -> Site {
    let kind = detect_kind(root);
    let mut site = base(kind);
    match kind {
        SiteKind::Jekyll => {
            site.posts_dirs = vec!["_posts".into()];
            site.drafts_dir = Some("_drafts".into());
            site.sources.posts_dirs = Source::Detected;
            site.sources.drafts_dir = Source::Detected;
            let imgs = ["images/posts", "assets/images/posts", "assets/img/posts"]
                .into_iter()
                .find(|d| root.join(d).is_dir());
            if let Some(d) = imgs {
                site.image_dir_pattern = format!("{d}/{{post}}");
                site.sources.image_dir_pattern = Source::Detected;
            } else {
                site.image_dir_pattern = "images/posts/{post}".into();
            }
        }
        SiteKind::Hugo | SiteKind::Zola => {
            let dir = [
                "content/posts",
                "content/post",
                "content/blog",
                "content/articles",
            ]
            .into_iter()
            .find(|d| root.join(d).is_dir())
            .unwrap_or("content");
            site.posts_dirs = vec![dir.into()];
            site.sources.posts_dirs = Source::Detected;
        }
        SiteKind::Astro => {
            let cfg = [
                "src/content.config.ts",
                "src/content/config.ts",
                "src/content.config.mjs",
                "src/content/config.mjs",
                "src/content.config.js",
                "src/content/config.js",
            ]
            .into_iter()
            .find(|p| root.join(p).is_file());
            // The file is read (for collections and the schema) only from inside the repository.
            let cfg = cfg.filter(|p| match paths::resolve(root, p) {
                Ok(_) => true,
                Err(e) => {
                    refuse(&mut site, "content_config", p, &e);
                    false
                }
            });
            site.content_config = cfg.map(str::to_string);
            let mut dirs = astro_collection_dirs(root, cfg, &mut site);
            if dirs.is_empty() {
                dirs.push("src/content/blog".into());
            } else {
                site.sources.posts_dirs = Source::Detected;
            }
            site.posts_dirs = dirs;
        }
        SiteKind::Generic => {
            site.posts_dirs = vec![String::new()];
        }
    }
    if let Some(p) = detect_pattern(root, &site) {
        if p != site.file_pattern {
            site.file_pattern = p;
        }
        site.sources.file_pattern = Source::Detected;
    }
    if kind != SiteKind::Jekyll && site.file_pattern.contains("index.") {
        site.image_dir_pattern = "{post_dir}".into();
        site.link_style = LinkStyle::Relative;
        site.sources.image_dir_pattern = Source::Detected;
        site.sources.link_style = Source::Detected;
    }
    site
}

fn detect_kind(root: &Path) -> SiteKind {
    let exists = |p: &str| root.join(p).exists();
    if exists("_config.yml") || exists("_config.yaml") || exists("_posts") {
        return SiteKind::Jekyll;
    }
    if ["mjs", "js", "ts", "cjs", "mts"]
        .iter()
        .any(|e| exists(&format!("astro.config.{e}")))
    {
        return SiteKind::Astro;
    }
    let config_toml = paths::resolve(root, "config.toml").map(std::fs::read_to_string);
    if let Ok(Ok(t)) = config_toml {
        if t.lines().any(|l| l.trim_start().starts_with("base_url")) {
            return SiteKind::Zola;
        }
    }
    if exists("zola.toml") {
        return SiteKind::Zola;
    }
    let hugo_cfg = ["hugo", "config"].iter().any(|n| {
        ["toml", "yaml", "yml", "json"]
            .iter()
            .any(|e| exists(&format!("{n}.{e}")))
    }) || exists("config/_default");
    if hugo_cfg && exists("content") {
        return SiteKind::Hugo;
    }
    SiteKind::Generic
}

fn base(kind: SiteKind) -> Site {
    let (pattern, images, style) = match kind {
        SiteKind::Jekyll => (
            "{date}-{slug}.md",
            "images/posts/{post}",
            LinkStyle::SiteAbsolute,
        ),
        SiteKind::Hugo | SiteKind::Zola => ("{slug}/index.md", "{post_dir}", LinkStyle::Relative),
        SiteKind::Astro => ("{slug}.md", "{post_dir}", LinkStyle::Relative),
        SiteKind::Generic => ("{slug}.md", "{post_dir}", LinkStyle::Relative),
    };
    let mut sources = SiteSources::all(Source::Default);
    sources.kind = Source::Detected;
    Site {
        kind,
        posts_dirs: vec![],
        drafts_dir: None,
        file_pattern: pattern.into(),
        image_dir_pattern: images.into(),
        link_style: style,
        max_image_width: 1600,
        required_fields: vec![],
        description_max: None,
        defaults: Map::new(),
        content_config: None,
        sources,
        config_warning: None,
        refused_dirs: Vec::new(),
    }
}

fn apply(site: &mut Site, cfg: Config) {
    if let Some(k) = cfg.kind {
        if k != site.kind {
            // Another kind's layout: start again from its defaults, keeping detection's warning.
            let warning = site.config_warning.take();
            *site = base(k);
            site.config_warning = warning;
            site.posts_dirs = match k {
                SiteKind::Jekyll => vec!["_posts".into()],
                SiteKind::Hugo | SiteKind::Zola => vec!["content".into()],
                SiteKind::Astro => vec!["src/content/blog".into()],
                SiteKind::Generic => vec![String::new()],
            };
            if k == SiteKind::Jekyll {
                site.drafts_dir = Some("_drafts".into());
            }
        }
        site.sources.kind = Source::Config;
        return apply(site, Config { kind: None, ..cfg });
    }
    let cfg = Config {
        required_fields: cfg.required_fields().map(<[String]>::to_vec),
        description_max: cfg.description_max(),
        max_image_width: cfg.max_image_width(),
        file_pattern: cfg.file_pattern().map(str::to_string),
        ..cfg
    };
    let s = &mut site.sources;
    if let Some(v) = cfg.posts_dirs {
        site.posts_dirs = v
            .into_iter()
            .map(|d| d.trim_matches('/').to_string())
            .collect();
        s.posts_dirs = Source::Config;
    }
    if let Some(v) = cfg.drafts_dir {
        let v = v.trim_matches('/').to_string();
        site.drafts_dir = (!v.is_empty()).then_some(v);
        s.drafts_dir = Source::Config;
    }
    if let Some(v) = cfg.file_pattern {
        site.file_pattern = v;
        s.file_pattern = Source::Config;
    }
    if let Some(v) = cfg.image_dir_pattern {
        site.image_dir_pattern = v;
        s.image_dir_pattern = Source::Config;
    }
    if let Some(v) = cfg.link_style {
        site.link_style = v;
        s.link_style = Source::Config;
    }
    if let Some(v) = cfg.max_image_width {
        site.max_image_width = v;
        s.max_image_width = Source::Config;
    }
    if let Some(v) = cfg.required_fields {
        site.required_fields = v;
        s.required_fields = Source::Config;
    }
    if let Some(v) = cfg.description_max {
        site.description_max = Some(v);
        s.description_max = Source::Config;
    }
    if let Some(t) = cfg.defaults {
        if let Ok(Value::Object(m)) = serde_json::to_value(&t) {
            site.defaults = m;
        }
        s.defaults = Source::Config;
    }
}

/// Astro collections that hold Markdown: `glob({ base })` folders named in the content config,
/// else the folders of `src/content/` with `.md`/`.mdx` files (not data collections). Folders
/// that lead out of the repository are not looked into: they go to `site.refused_dirs`.
fn astro_collection_dirs(root: &Path, cfg: Option<&str>, site: &mut Site) -> Vec<String> {
    let mut dirs = Vec::new();
    if let Some(text) = cfg.and_then(|c| std::fs::read_to_string(root.join(c)).ok()) {
        for (i, _) in text.match_indices("base:") {
            let rest = text[i + 5..].trim_start();
            let Some(q) = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\'' | '`'))
            else {
                continue;
            };
            if let Some(end) = rest[1..].find(q) {
                let d = rest[1..1 + end].trim_start_matches("./").trim_matches('/');
                if d.is_empty() || dirs.iter().any(|x| x == d) {
                    continue;
                }
                match paths::resolve(root, d) {
                    Ok(abs) if has_markdown(&abs) => dirs.push(d.to_string()),
                    Ok(_) => {}
                    Err(e) => refuse(site, cfg.unwrap_or("content_config"), d, &e),
                }
            }
        }
    }
    if dirs.is_empty() {
        let content = match paths::resolve(root, "src/content") {
            Ok(abs) => Some(abs),
            Err(e) => {
                if root.join("src/content").is_dir() {
                    refuse(site, "src/content", "src/content", &e);
                }
                None
            }
        };
        if let Some(rd) = content.and_then(|c| std::fs::read_dir(c).ok()) {
            let entries: Vec<std::fs::DirEntry> = rd.filter_map(|e| e.ok()).collect();
            // A collection folder that is a link out of the repository is said, not followed.
            for e in &entries {
                let name = e.file_name().to_string_lossy().into_owned();
                let rel = format!("src/content/{name}");
                let link = e.file_type().is_ok_and(|t| t.is_symlink());
                if link && e.path().is_dir() && !name.starts_with(['.', '_']) {
                    if let Err(err) = paths::resolve(root, &rel) {
                        refuse(site, "src/content", &rel, &err);
                    }
                }
            }
            let mut found: Vec<String> = entries
                .iter()
                .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| !n.starts_with(['.', '_']) && n != "authors")
                .filter(|n| has_markdown(&root.join("src/content").join(n)))
                .map(|n| format!("src/content/{n}"))
                .collect();
            found.sort_by_key(|d| {
                let name = d.rsplit('/').next().unwrap_or("").to_string();
                (
                    !matches!(name.as_str(), "blog" | "posts" | "post" | "articles"),
                    name,
                )
            });
            dirs = found;
        }
    }
    dirs
}

fn has_markdown(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .max_depth(6)
        .into_iter()
        .filter_map(|e| e.ok())
        .any(|e| e.file_type().is_file() && crate::index::is_markdown(e.path()))
}

/// The shape most existing posts share, as a file pattern, e.g. `{date}-{slug}.md`.
fn detect_pattern(root: &Path, site: &Site) -> Option<String> {
    let dir = site.posts_dirs.first()?;
    let files = crate::index::post_files(root, site);
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for f in &files {
        if let Some(rel) = f.strip_prefix(&prefix) {
            if let Some(shape) = shape_of(rel) {
                *counts.entry(shape).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(s, _)| s)
}

/// The pattern one post's path (relative to its posts folder) follows.
pub fn shape_of(rel: &str) -> Option<String> {
    let parts: Vec<&str> = rel.split('/').collect();
    let (file, dirs) = parts.split_last()?;
    let (stem, ext) = file.rsplit_once('.')?;
    let mut out: Vec<String> = Vec::new();
    let mut date_parts = 0;
    let bundle = stem == "index";
    let last_dir = if bundle {
        dirs.len().checked_sub(1)
    } else {
        None
    };
    for (i, d) in dirs.iter().enumerate() {
        if Some(i) == last_dir {
            break;
        }
        let token = if d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()) && date_parts == 0 {
            date_parts = 1;
            "{year}".to_string()
        } else if d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()) && date_parts == 1 {
            date_parts = 2;
            "{month}".to_string()
        } else if d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()) && date_parts == 2 {
            date_parts = 3;
            "{day}".to_string()
        } else {
            // A named sub-folder (a series, a language): not part of the pattern.
            return None;
        };
        out.push(token);
    }
    let name_shape = |n: &str| {
        if crate::index::date_from_name(n).is_some() && n.len() > 11 {
            "{date}-{slug}".to_string()
        } else {
            "{slug}".to_string()
        }
    };
    if bundle {
        let d = last_dir.map(|i| dirs[i])?;
        out.push(name_shape(d));
        out.push(format!("index.{ext}"));
    } else {
        out.push(format!("{}.{ext}", name_shape(stem)));
    }
    Some(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape_of("2024-01-02-a-b.md").unwrap(), "{date}-{slug}.md");
        assert_eq!(shape_of("hello/index.md").unwrap(), "{slug}/index.md");
        assert_eq!(
            shape_of("2024/05/07/hello.mdx").unwrap(),
            "{year}/{month}/{day}/{slug}.mdx"
        );
        assert_eq!(
            shape_of("2024-05-07-hello/index.md").unwrap(),
            "{date}-{slug}/index.md"
        );
        assert_eq!(shape_of("series/hello.md"), None);
    }

    #[test]
    fn config_overrides_and_sources() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("_posts")).unwrap();
        std::fs::write(
            d.path().join(CONFIG_FILE),
            "posts_dirs = [\"articles\"]\nmax_image_width = 1200\ndescription_max = 160\n[defaults]\nlayout = \"post\"\n",
        )
        .unwrap();
        let s = detect(d.path()).unwrap();
        assert_eq!(s.kind, SiteKind::Jekyll);
        assert_eq!(s.posts_dirs, vec!["articles"]);
        assert_eq!(s.sources.posts_dirs, Source::Config);
        assert_eq!(s.sources.kind, Source::Detected);
        assert_eq!(s.max_image_width, 1200);
        assert_eq!(s.description_max, Some(160));
        assert_eq!(s.defaults["layout"], "post");
        assert!(s.config_warning.is_none());

        std::fs::write(d.path().join(CONFIG_FILE), "posts_dirs = \"oops\n").unwrap();
        let s = detect(d.path()).unwrap();
        assert_eq!(
            s.posts_dirs,
            vec!["_posts"],
            "detected defaults still apply"
        );
        let w = s.config_warning.unwrap();
        assert!(w.contains(".postdesk.toml line 1"), "{w}");
    }

    #[test]
    fn the_fixed_part_of_an_image_pattern() {
        assert_eq!(fixed_part("images/posts/{post}"), "images/posts");
        assert_eq!(fixed_part("assets/img-{slug}"), "assets");
        assert_eq!(fixed_part("{post_dir}"), "");
        assert_eq!(fixed_part("static/img/"), "static/img");
    }

    #[cfg(unix)]
    #[test]
    fn folders_linked_out_of_the_repository_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        std::fs::write(root.join("_config.yml"), "title: t\n").unwrap();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::create_dir_all(root.join("images")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("_drafts")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("images/posts")).unwrap();
        let s = detect(&root).unwrap();
        assert_eq!(
            s.drafts_dir.as_deref(),
            Some("_drafts"),
            "the setting stays"
        );
        let refused: Vec<(&str, &str)> = s
            .refused_dirs
            .iter()
            .map(|r| (r.setting.as_str(), r.path.as_str()))
            .collect();
        assert_eq!(
            refused,
            [
                ("drafts_dir", "_drafts"),
                ("image_dir_pattern", "images/posts")
            ]
        );
        assert!(
            s.refused_dirs[0]
                .message
                .starts_with("`_drafts` (drafts_dir) is refused"),
            "{}",
            s.refused_dirs[0].message
        );
        std::fs::remove_file(root.join("_drafts")).unwrap();
        std::fs::remove_file(root.join("images/posts")).unwrap();
        assert_eq!(detect(&root).unwrap().refused_dirs, []);
    }
}
