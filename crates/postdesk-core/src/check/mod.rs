//! `postdesk check`: the reviewer's safety net.
//!
//! Every rule has a stable id (see [`RULES`]), a default severity that `.postdesk.toml`
//! `[check.rules]` can change or turn off, and a message that says what to do. The checks read
//! posts, front matter, image headers and EXIF (pixels are never decoded) and the site's URLs;
//! they never write anything.
//!
//! Entry points: [`CheckContext::from_repo`] once per blog, then [`run`] for the whole blog (or
//! some paths), or [`check_text`] for the post the writer is typing.

mod changed;
mod context;
mod post;
mod rules;
mod urls;

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

pub use changed::changed_since;
pub use context::{CheckContext, FieldKind, RuleLevel};
pub use post::is_image_path;

/// How serious a finding is. `error` fails the CLI (exit 1) and warns before a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Notice,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem, located in a file of the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Finding {
    /// Stable rule id, e.g. `img-missing` (see `RULES`).
    pub rule: String,
    pub severity: Severity,
    /// Repository-relative path (forward slashes) of the post, or of the image for `img-orphan`.
    pub path: String,
    /// 1-based line in the whole file (front matter included); `None` for a whole file.
    pub line: Option<u32>,
    /// 1-based column (in characters) when known.
    pub column: Option<u32>,
    /// What is wrong and what to do.
    pub message: String,
    /// The front-matter field concerned, so the app can focus its form field.
    pub field: Option<String>,
}

/// The result of a check run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Report {
    /// Sorted by path, line, column, rule.
    pub findings: Vec<Finding>,
    pub posts_checked: u32,
    /// Distinct image files whose headers were read.
    pub images_checked: u32,
    pub errors: u32,
    pub warnings: u32,
    pub notices: u32,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }
}

/// A rule's id, default severity and one-line description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleInfo {
    pub id: String,
    pub default_severity: Severity,
    pub description: String,
}

use Severity::{Error as E, Notice as N, Warning as W};

/// Every rule: id, default severity, description. Ids are a stable contract (CI configs name them).
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        "fm-parse",
        E,
        "front matter that does not parse (other rules are skipped for that post)",
    ),
    (
        "fm-required",
        E,
        "a field most posts have (or `[check] required`) is missing or empty",
    ),
    (
        "fm-type",
        W,
        "a field's value has another type than in the other posts",
    ),
    ("fm-date", E, "a date field that does not parse"),
    (
        "fm-author-unknown",
        E,
        "an author id that is not in _data/authors.yml",
    ),
    (
        "fm-tag-new",
        N,
        "a tag no other post uses (a new tag is fine, but check the spelling)",
    ),
    (
        "fm-description-length",
        W,
        "a description longer than the site's limit",
    ),
    (
        "file-name-pattern",
        E,
        "a post file name the site generator will not publish",
    ),
    (
        "file-name-slug",
        W,
        "a post file name with capitals, spaces or accents",
    ),
    (
        "file-name-date",
        E,
        "a file name date that is not a date, or differs from the front-matter date",
    ),
    (
        "img-missing",
        E,
        "an image link to a file that does not exist",
    ),
    ("img-alt-missing", W, "an image with no alt text"),
    (
        "img-too-large",
        W,
        "an image file over the size limit (default 500 KB)",
    ),
    (
        "img-too-wide",
        W,
        "an image wider than the site's maximum width",
    ),
    (
        "img-gps",
        E,
        "an image that still carries GPS coordinates in its EXIF",
    ),
    (
        "img-orphan",
        W,
        "an image in a post's folder that no post links",
    ),
    (
        "img-not-in-lfs",
        E,
        "an image .gitattributes sends to Git LFS, stored in Git as a raw file",
    ),
    (
        "link-post-missing",
        E,
        "a link to a post or file of the site that does not exist",
    ),
    (
        "link-anchor-missing",
        W,
        "a `#anchor` that matches no heading of the target",
    ),
    ("link-http", N, "an `http://` link (prefer `https://`)"),
    (
        "md-unclosed-fence",
        E,
        "a code fence that is never closed (the rest of the post becomes code)",
    ),
    (
        "md-heading-skip",
        W,
        "a heading more than one level below the previous one",
    ),
    ("md-empty-link", W, "a link with no URL or no text"),
];

/// The rules as data, for the app's settings and the CLI's help.
pub fn rules() -> Vec<RuleInfo> {
    RULES
        .iter()
        .map(|(id, sev, d)| RuleInfo {
            id: id.to_string(),
            default_severity: *sev,
            description: d.to_string(),
        })
        .collect()
}

pub(crate) fn default_severity(rule: &str) -> Option<Severity> {
    RULES.iter().find(|r| r.0 == rule).map(|r| r.1)
}

/// What the rules produce before overrides: rule, location, message.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub rule: &'static str,
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub field: Option<String>,
}

impl Raw {
    pub fn at(rule: &'static str, path: &str, line: usize, message: String) -> Raw {
        Raw {
            rule,
            path: path.to_string(),
            line: Some(line.max(1) as u32),
            column: None,
            message,
            field: None,
        }
    }
    pub fn col(mut self, column: usize) -> Raw {
        self.column = Some(column.max(1) as u32);
        self
    }
    pub fn field(mut self, f: &str) -> Raw {
        self.field = Some(f.to_string());
        self
    }
}

/// Checks the posts named by `paths` (repository-relative or absolute; a folder means the posts
/// inside it, an image means the posts that link it), or every post when `paths` is `None`.
pub fn run(ctx: &CheckContext, paths: Option<&[String]>) -> Result<Report> {
    let posts: Vec<String> = match paths {
        None => ctx.posts.clone(),
        Some(p) => select(ctx, p)?,
    };
    Ok(run_posts(ctx, &posts))
}

/// Checks exactly these repository-relative posts (read from disk).
pub fn run_posts(ctx: &CheckContext, posts: &[String]) -> Report {
    let per_post: Vec<(Vec<Raw>, Vec<String>, Option<String>)> = posts
        .par_iter()
        .map(|rel| match std::fs::read(ctx.root.join(rel)) {
            Err(e) => (
                vec![Raw::at(
                    "fm-parse",
                    rel,
                    1,
                    format!("cannot read the post: {e}"),
                )],
                vec![],
                None,
            ),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => (
                    vec![Raw::at(
                        "fm-parse",
                        rel,
                        1,
                        "the file is not UTF-8 text: re-save it as UTF-8".to_string(),
                    )],
                    vec![],
                    None,
                ),
                Ok(text) => {
                    let (r, i) = rules::check_post(ctx, rel, &text);
                    (r, i, Some(text))
                }
            },
        })
        .collect();
    let mut raws = Vec::new();
    let mut images: HashSet<String> = HashSet::new();
    let mut texts = Vec::new();
    for ((r, imgs, text), rel) in per_post.into_iter().zip(posts) {
        raws.extend(r);
        images.extend(imgs);
        if let Some(t) = text {
            texts.push((rel.as_str(), t));
        }
    }
    let live: Vec<(&str, &str)> = texts.iter().map(|(r, t)| (*r, t.as_str())).collect();
    let (orphans, orphan_images) = rules::images::orphans_with(ctx, posts, &live);
    raws.extend(orphans);
    images.extend(orphan_images);
    finish(ctx, raws, posts.len(), images.len())
}

/// Checks one post's text as the writer types it (not saved yet). `rel` is where it lives (or
/// will live) in the repository. Orphan images of its folder are included.
pub fn check_text(ctx: &CheckContext, rel: &str, text: &str) -> Vec<Finding> {
    let (mut raws, imgs) = rules::check_post(ctx, rel, text);
    let (orphans, _) = rules::images::orphans_with(ctx, &[rel.to_string()], &[(rel, text)]);
    raws.extend(orphans);
    finish(ctx, raws, 1, imgs.len()).findings
}

fn finish(ctx: &CheckContext, raws: Vec<Raw>, posts: usize, images: usize) -> Report {
    let mut findings: Vec<Finding> = raws
        .into_iter()
        .filter_map(|r| {
            let sev = match ctx.rule_overrides.get(r.rule) {
                Some(RuleLevel::Off) => return None,
                Some(l) => l.severity()?,
                None => default_severity(r.rule).unwrap_or(Severity::Error),
            };
            Some(Finding {
                rule: r.rule.to_string(),
                severity: sev,
                path: r.path,
                line: r.line,
                column: r.column,
                message: r.message,
                field: r.field,
            })
        })
        .collect();
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule, &a.message)
            .cmp(&(&b.path, b.line, b.column, &b.rule, &b.message))
    });
    findings.dedup();
    let count = |s| findings.iter().filter(|f| f.severity == s).count() as u32;
    Report {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notices: count(Severity::Notice),
        findings,
        posts_checked: posts as u32,
        images_checked: images as u32,
    }
}

/// Turns CLI paths into the posts to check: a post, a folder (its posts), an image (the posts
/// that link it). Relative paths are taken from the current directory when they exist there,
/// else from the repository root.
pub fn select(ctx: &CheckContext, paths: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for p in paths {
        let rel = to_rel(&ctx.root, p)?;
        let abs = ctx.root.join(&rel);
        if !abs.exists() {
            return Err(Error::not_found(format!(
                "{p}: no such file or folder in the blog at {}",
                ctx.root.display()
            )));
        }
        if abs.is_dir() {
            let prefix = if rel.is_empty() {
                String::new()
            } else {
                format!("{}/", rel.trim_end_matches('/'))
            };
            out.extend(ctx.posts.iter().filter(|q| q.starts_with(&prefix)).cloned());
        } else if post::is_markdown(&rel) || ctx.posts.contains(&rel) {
            out.push(rel);
        } else if is_image_path(&rel) {
            out.extend(ctx.posts_linking(&rel));
        } else {
            return Err(Error::invalid(format!(
                "{p} is neither a post (.md) nor an image nor a folder: name posts, images or folders to check"
            )));
        }
    }
    let mut seen = HashSet::new();
    out.retain(|x| seen.insert(x.clone()));
    Ok(out)
}

/// Repository-relative form of a CLI path: absolute, relative to the current directory when
/// that exists, else relative to the repository.
fn to_rel(root: &Path, p: &str) -> Result<String> {
    let candidate = Path::new(p);
    let abs = if candidate.is_absolute() {
        Some(candidate.to_path_buf())
    } else if candidate.exists() {
        std::env::current_dir().ok().map(|d| d.join(candidate))
    } else {
        None
    };
    if let Some(abs) = abs {
        let canon = abs.canonicalize().map_err(|e| Error::io(&abs, e))?;
        return crate::paths::relative(root, &canon).ok_or_else(|| {
            Error::outside_repo(format!(
                "{p} is outside the blog at {}: name files inside it",
                root.display()
            ))
        });
    }
    let resolved = crate::paths::resolve(root, p)?;
    Ok(crate::paths::relative(root, &resolved).unwrap_or_default())
}
