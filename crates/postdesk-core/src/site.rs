//! Site conventions: what kind of blog a repository is, where its posts and images live,
//! and how it links them. Detected with no configuration; `.postdesk.toml` overrides.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SiteKind {
    Jekyll,
    Astro,
    Hugo,
    Zola,
    Generic,
}

/// How a post links the images that belong to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LinkStyle {
    /// `/images/posts/<folder>/<file>` (Jekyll)
    SiteAbsolute,
    /// `./<file>` beside the post (bundles, colocated images)
    Relative,
}

/// The conventions of one blog.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Site {
    pub kind: SiteKind,
    /// Repository-relative folders that hold posts.
    pub posts_dirs: Vec<String>,
    /// Repository-relative folder of drafts, if the site has one.
    pub drafts_dir: Option<String>,
    /// File name pattern of a new post, e.g. `{date}-{slug}.md` or `{slug}/index.md`.
    pub file_pattern: String,
    /// Folder where a post's images go, e.g. `images/posts/{post}` or `{post_dir}`.
    pub image_dir_pattern: String,
    pub link_style: LinkStyle,
    /// Widest an imported image may be, in pixels.
    pub max_image_width: u32,
}

/// Detects the site kind and its conventions from the files at `root`.
pub fn detect(root: &Path) -> Result<Site> {
    let exists = |p: &str| root.join(p).exists();
    if exists("_config.yml") || exists("_config.yaml") || exists("_posts") {
        return Ok(Site {
            kind: SiteKind::Jekyll,
            posts_dirs: vec!["_posts".into()],
            drafts_dir: Some("_drafts".into()),
            file_pattern: "{date}-{slug}.md".into(),
            image_dir_pattern: "images/posts/{post}".into(),
            link_style: LinkStyle::SiteAbsolute,
            max_image_width: 1600,
        });
    }
    Ok(Site {
        kind: SiteKind::Generic,
        posts_dirs: vec![String::new()],
        drafts_dir: None,
        file_pattern: "{slug}.md".into(),
        image_dir_pattern: "{post_dir}".into(),
        link_style: LinkStyle::Relative,
        max_image_width: 1600,
    })
}
