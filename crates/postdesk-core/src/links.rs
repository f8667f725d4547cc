//! The links a post makes: images (body and front-matter thumbnail) and other links, with
//! their source lines, and how a link resolves to a file of the repository.
//!
//! Shared by the preview (image URLs), the image import (a post's existing image folder),
//! git (the files that belong to a post) and `check` (missing files).

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Serialize;
use ts_rs::TS;

use crate::frontmatter;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Image,
    Link,
    /// The `thumbnail` (or `image`, `cover`…) field of the front matter.
    Thumbnail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Link {
    pub kind: LinkKind,
    /// The URL as written.
    pub url: String,
    /// Alt text (images) or link text.
    pub text: String,
    /// 1-based line in the whole post text (front matter included).
    pub line: usize,
}

/// Front-matter fields that name a post's picture, across themes.
pub const THUMBNAIL_FIELDS: &[&str] = &["thumbnail", "image", "cover", "feature-img", "heroImage"];

/// Every image and link of a post, in order: front-matter thumbnail first, then the body.
pub fn extract(text: &str) -> Vec<Link> {
    let mut out = Vec::new();
    let (body_start, fm) = match frontmatter::split(text) {
        Ok(s) => (
            s.body.start,
            frontmatter::read_lenient(text).unwrap_or_default(),
        ),
        Err(_) => (0, Default::default()),
    };
    for key in THUMBNAIL_FIELDS {
        if let Some(url) = fm.get(*key).and_then(|v| v.as_str()) {
            if !url.trim().is_empty() {
                let line = text[..body_start]
                    .lines()
                    .position(|l| {
                        l.trim_start().starts_with(&format!("{key}:"))
                            || l.trim_start().starts_with(&format!("{key} ="))
                    })
                    .map(|i| i + 1)
                    .unwrap_or(1);
                out.push(Link {
                    kind: LinkKind::Thumbnail,
                    url: url.trim().to_string(),
                    text: String::new(),
                    line,
                });
            }
        }
    }
    let body = &text[body_start..];
    let line_base = text[..body_start].matches('\n').count();
    let lines = crate::lines::LineIndex::new(body);
    let mut open: Vec<(LinkKind, String, usize, String)> = Vec::new();
    for (ev, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Image { dest_url, .. }) => open.push((
                LinkKind::Image,
                dest_url.to_string(),
                range.start,
                String::new(),
            )),
            Event::Start(Tag::Link { dest_url, .. }) => open.push((
                LinkKind::Link,
                dest_url.to_string(),
                range.start,
                String::new(),
            )),
            Event::Text(t) | Event::Code(t) => {
                if let Some(top) = open.last_mut() {
                    top.3.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image | pulldown_cmark::TagEnd::Link) => {
                if let Some((kind, url, start, text_)) = open.pop() {
                    let line = line_base + lines.line(start);
                    out.push(Link {
                        kind,
                        url,
                        text: text_,
                        line,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a URL points outside the site (has a scheme or is protocol-relative).
pub fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// The repository-relative path a local URL in the post at `post_rel` points to: site-absolute
/// (`/images/a.png`) from the repository root, relative (`./a.png`, `../x/a.png`) from the
/// post's folder. Query and fragment are dropped, `%20`-style escapes decoded. `None` for
/// external URLs, pure anchors, and paths that climb out of the repository.
pub fn resolve(post_rel: &str, url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || is_external(url) {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        // The post's path is repository-relative; a leading `/` or an empty part must not
        // make the result absolute (`root.join("/x")` is `/x`).
        let mut p: Vec<&str> = post_rel
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        p.pop();
        p
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "---\ntitle: T\nthumbnail: /images/posts/x/thumb.jpg\n---\nIntro\n\n![A cat](/images/posts/x/cat%20one.jpg)\n\nSee [the docs](https://example.org) and [other](../2020/other.md#part).\n";

    #[test]
    fn extracts_thumbnail_images_and_links_with_lines() {
        let l = extract(POST);
        assert_eq!(l.len(), 4);
        assert_eq!(
            (l[0].kind, l[0].url.as_str(), l[0].line),
            (LinkKind::Thumbnail, "/images/posts/x/thumb.jpg", 3)
        );
        assert_eq!(
            (l[1].kind, l[1].text.as_str(), l[1].line),
            (LinkKind::Image, "A cat", 7)
        );
        assert_eq!(
            (l[2].kind, l[2].url.as_str(), l[2].line),
            (LinkKind::Link, "https://example.org", 9)
        );
        assert_eq!(l[3].text, "other");
    }

    #[test]
    fn resolves_site_absolute_relative_and_refuses_the_rest() {
        let p = "_posts/2022-10-28-a.md";
        assert_eq!(
            resolve(p, "/images/posts/x/cat%20one.jpg?v=1").as_deref(),
            Some("images/posts/x/cat one.jpg")
        );
        assert_eq!(resolve(p, "./a.png").as_deref(), Some("_posts/a.png"));
        assert_eq!(
            resolve(p, "../images/b.png").as_deref(),
            Some("images/b.png")
        );
        assert_eq!(
            resolve("content/post/x/index.md", "pic.jpg").as_deref(),
            Some("content/post/x/pic.jpg")
        );
        assert_eq!(resolve(p, "../../etc/passwd"), None);
        assert_eq!(resolve(p, "https://x.org/a.png"), None);
        assert_eq!(resolve(p, "//cdn.org/a.png"), None);
        assert_eq!(resolve(p, "#anchor"), None);
        assert!(is_external("mailto:a@b.c"));
    }

    #[test]
    fn a_post_path_written_absolute_still_resolves_inside_the_repository() {
        assert_eq!(
            resolve("/tmp/elsewhere/post.md", "probe.png").as_deref(),
            Some("tmp/elsewhere/probe.png")
        );
        assert_eq!(resolve("/post.md", "../../x.png"), None);
    }
}
