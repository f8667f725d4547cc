//! The post's header from its front matter: title, description, authors, date, thumbnail.

use std::fmt::Write as _;
use std::sync::LazyLock;

use super::html::escape;
use super::sanitize::{self, image_url};
use super::{PostHeader, RenderContext};
use crate::frontmatter;
use crate::site::SiteKind;

pub(super) type FrontMatter = serde_json::Map<String, serde_json::Value>;

/// The front matter's values (or why they cannot be read): the post's text up to `body_start`
/// is its front matter with its fences. Read once per front matter: re-rendering while the
/// writer types in the body finds the values of the last few front matters here.
pub(super) fn read_front_matter(text: &str, body_start: usize) -> (FrontMatter, Option<String>) {
    type Entry = (Box<str>, FrontMatter, Option<String>);
    const SLOTS: usize = 8;
    static CACHE: LazyLock<std::sync::Mutex<Vec<Entry>>> =
        LazyLock::new(|| std::sync::Mutex::new(Vec::with_capacity(SLOTS)));
    let key = &text[..body_start];
    if let Ok(mut c) = CACHE.lock() {
        if let Some(i) = c.iter().position(|(k, _, _)| **k == *key) {
            let hit = c.remove(i);
            let out = (hit.1.clone(), hit.2.clone());
            c.insert(0, hit);
            return out;
        }
    }
    // The one reading of front matter (see `frontmatter::read_post`): the index and `check`
    // agree with the preview on whether it is broken.
    let (fm, err) = match frontmatter::read_lenient(text) {
        Ok(m) => (m, None),
        Err(e) => (Default::default(), Some(e.message)),
    };
    if let Ok(mut c) = CACHE.lock() {
        c.truncate(SLOTS - 1);
        c.insert(0, (key.into(), fm.clone(), err.clone()));
    }
    (fm, err)
}

/// The post header from the front matter.
pub(super) fn header(fm: &FrontMatter, ctx: &RenderContext) -> PostHeader {
    use serde_json::Value;
    let s = |keys: &[&str]| {
        keys.iter().find_map(|k| match fm.get(*k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    };
    let mut authors = Vec::new();
    for key in ["author", "authors"] {
        match fm.get(key) {
            Some(Value::String(a)) => authors.extend(a.split(',').map(|x| x.trim().to_string())),
            Some(Value::Array(list)) => authors.extend(list.iter().filter_map(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(str::to_string),
                _ => None,
            })),
            Some(Value::Object(o)) => {
                if let Some(n) = o.get("name").and_then(|n| n.as_str()) {
                    authors.push(n.to_string())
                }
            }
            _ => {}
        }
    }
    // Zola keeps custom fields under `[extra]`.
    if authors.is_empty() {
        if let Some(Value::Object(extra)) = fm.get("extra") {
            for key in ["author", "authors"] {
                match extra.get(key) {
                    Some(Value::String(a)) => authors.push(a.trim().to_string()),
                    Some(Value::Array(list)) => {
                        authors.extend(list.iter().filter_map(|v| v.as_str()).map(str::to_string))
                    }
                    _ => {}
                }
            }
        }
    }
    let authors = authors
        .into_iter()
        .filter(|a| !a.is_empty())
        .map(|a| ctx.authors.get(&a).cloned().unwrap_or(a))
        .collect();
    let date = s(&["date", "pubDate", "publishDate"]).or_else(|| {
        let name = ctx.post_path.rsplit('/').next().unwrap_or("");
        let d = name.get(..10)?;
        let b = d.as_bytes();
        (b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && d.chars().filter(char::is_ascii_digit).count() == 8)
            .then(|| d.to_string())
    });
    let mut h = PostHeader {
        title: s(&["title"]),
        description: s(&["description", "summary", "excerpt", "subtitle"]),
        authors,
        date,
        ..Default::default()
    };
    let thumb = crate::links::THUMBNAIL_FIELDS
        .iter()
        .find_map(|k| match fm.get(*k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Object(o)) => o
                .get("src")
                .or_else(|| o.get("url"))
                .and_then(|v| v.as_str())
                .map(str::to_string),
            _ => None,
        });
    if let Some(t) = thumb {
        if sanitize::is_remote(&t) {
            if ctx.allow_remote_images && !sanitize::is_app_url(&t) {
                h.thumbnail = Some(t);
            }
        } else if !crate::links::is_external(&t) {
            // Front-matter paths are usually site-relative even without a leading `/`.
            let candidates = [
                crate::links::resolve(&ctx.post_path, &t),
                crate::links::resolve(&ctx.post_path, &format!("/{}", t.trim_start_matches("./"))),
            ];
            let alternates: &[&str] = match ctx.kind {
                SiteKind::Hugo | SiteKind::Zola => &["", "static/"],
                SiteKind::Astro => &["", "public/", "src/"],
                _ => &[""],
            };
            let found = candidates.iter().flatten().find_map(|p| {
                alternates
                    .iter()
                    .map(|a| format!("{a}{p}"))
                    .find(|p| super::image::servable(p) && (ctx.exists)(p))
            });
            match found {
                Some(p) => h.thumbnail = Some(image_url(&ctx.image_url_prefix, &p)),
                None => {
                    h.thumbnail_missing = candidates.into_iter().flatten().last();
                }
            }
        }
    }
    h
}

/// The header as HTML.
pub fn header_html(h: &PostHeader) -> String {
    let mut out = String::from("<header class=\"pd-post-header\">\n");
    if let Some(t) = &h.thumbnail {
        let _ = writeln!(
            out,
            "<img class=\"pd-thumbnail\" src=\"{}\" alt=\"\">",
            escape(t)
        );
    } else if let Some(p) = &h.thumbnail_missing {
        let _ = writeln!(
            out,
            "<span class=\"pd-missing-image pd-thumbnail\" role=\"img\" data-path=\"{p}\">Missing image: {p}</span>",
            p = escape(p)
        );
    }
    if let Some(t) = &h.title {
        let _ = writeln!(out, "<h1 class=\"pd-title\">{}</h1>", escape(t));
    }
    if let Some(d) = &h.description {
        let _ = writeln!(out, "<p class=\"pd-description\">{}</p>", escape(d));
    }
    if !h.authors.is_empty() || h.date.is_some() {
        out.push_str("<p class=\"pd-byline\">");
        if !h.authors.is_empty() {
            let _ = write!(
                out,
                "<span class=\"pd-authors\">{}</span>",
                escape(&h.authors.join(", "))
            );
        }
        if let Some(d) = &h.date {
            if !h.authors.is_empty() {
                out.push_str(" · ");
            }
            let _ = write!(out, "<time class=\"pd-date\">{}</time>", escape(d));
        }
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
    out
}
