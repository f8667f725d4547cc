//! The post index: every post of the blog with the fields the sidebar and search need.
//! One broken post never hides the others: it is listed with its error.

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::frontmatter;
use crate::site::Site;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PostSummary {
    /// Repository-relative path, forward slashes.
    pub path: String,
    pub title: String,
    /// `YYYY-MM-DD`, from the front matter, else from the file name.
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// Why the post could not be read, if it could not.
    pub error: Option<String>,
}

/// Lists the posts of the blog at `root`, newest first.
pub fn list(root: &Path, site: &Site) -> Vec<PostSummary> {
    let mut files = Vec::new();
    for dir in &site.posts_dirs {
        let base = root.join(dir);
        for entry in walkdir::WalkDir::new(&base)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                !is_hidden_or_vendor(e.file_name().to_str().unwrap_or("")) || e.depth() == 0
            })
            .filter_map(|e| e.ok())
        {
            let p = entry.path();
            if entry.file_type().is_file() && is_markdown(p) {
                if let Some(rel) = crate::paths::relative(root, p) {
                    files.push(rel);
                }
            }
        }
    }
    let mut posts: Vec<PostSummary> = files.par_iter().map(|rel| summarize(root, rel)).collect();
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
    posts
}

fn is_hidden_or_vendor(name: &str) -> bool {
    name.starts_with('.')
        || matches!(
            name,
            "node_modules" | "vendor" | "_site" | "public" | "dist" | "target"
        )
}

fn is_markdown(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdx")
    )
}

/// Reads one post's summary.
pub fn summarize(root: &Path, rel: &str) -> PostSummary {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let mut s = PostSummary {
        path: rel.to_string(),
        title: name.to_string(),
        date: date_from_name(name),
        authors: vec![],
        tags: vec![],
        draft: rel.starts_with("_drafts/"),
        error: None,
    };
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(b) => b,
        Err(e) => {
            s.error = Some(format!("cannot read the file: {e}"));
            return s;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            s.error = Some("the file is not UTF-8 text; re-save it as UTF-8".into());
            return s;
        }
    };
    match frontmatter::read(&text) {
        Err(e) => s.error = Some(e.message),
        Ok(fm) => {
            if let Some(Value::String(t)) = fm.get("title") {
                s.title = t.clone();
            }
            if let Some(d) = fm.get("date").and_then(|d| d.as_str()) {
                if d.len() >= 10 {
                    s.date = Some(d[..10].to_string());
                }
            }
            s.authors = strings(fm.get("author").or_else(|| fm.get("authors")));
            s.tags = strings(fm.get("tags"));
            if fm.get("draft").and_then(|d| d.as_bool()) == Some(true)
                || fm.get("published").and_then(|d| d.as_bool()) == Some(false)
            {
                s.draft = true;
            }
        }
    }
    s
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => vec![],
    }
}

/// `2022-10-28` from `2022-10-28-forum-php.md`.
pub fn date_from_name(name: &str) -> Option<String> {
    let d = name.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    ok.then(|| d.to_string())
}
