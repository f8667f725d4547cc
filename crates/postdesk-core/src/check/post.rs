//! One post read for checking: its front matter (or why it does not parse), where its body
//! starts, and the ids its headings get.

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

use crate::frontmatter;
use crate::render::slug::Slugger;
use crate::site::SiteKind;

pub(crate) struct Parsed<'a> {
    pub text: &'a str,
    pub body_start: usize,
    pub fm: Map<String, Value>,
    /// Message, 1-based line and column in the file.
    pub fm_error: Option<(String, usize, usize)>,
}

pub(crate) fn parse(text: &str) -> Parsed<'_> {
    let p = frontmatter::read_post(text);
    Parsed {
        text,
        body_start: p.body_start,
        fm: p.fm,
        fm_error: p.error.map(|e| (e.message, e.line, e.column)),
    }
}

/// 1-based line of a front-matter key (`key:` or `key =`), else line 1.
pub(crate) fn field_line(text: &str, body_start: usize, key: &str) -> usize {
    text[..body_start.min(text.len())]
        .lines()
        .position(|l| {
            let t = l.trim_start();
            t.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':') || r.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

pub(crate) fn is_markdown(rel: &str) -> bool {
    let l = rel.to_ascii_lowercase();
    l.ends_with(".md") || l.ends_with(".markdown") || l.ends_with(".mdx")
}

/// A file name with no extension at all (`2023-06-19-x`): a post missing its `.md`.
pub(crate) fn is_extensionless(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    !name.contains('.') && !name.is_empty()
}

/// Whether a path names an image file, by extension.
pub fn is_image_path(rel: &str) -> bool {
    let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "svg" | "avif" | "tif" | "tiff" | "bmp" | "heic"
    ) && rel.contains('.')
}

/// File name without its extension.
pub(crate) fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name)
}

/// The options every pass uses, the same as `links::extract`.
pub(crate) fn md_options() -> Options {
    Options::all()
}

/// Every id a link can target in the post's body: heading ids (explicit `{#id}` or generated
/// by the site's rule), `id`/`name` attributes of raw HTML, footnotes, `markdown-toc`.
pub(crate) fn anchors(body: &str, kind: SiteKind) -> HashSet<String> {
    let mut ids = HashSet::new();
    // The preview's own slugger: the ids the site's renderer gives.
    let mut slugger = Slugger::new(kind);
    let mut heading: Option<(Option<String>, String)> = None;
    for ev in Parser::new_ext(body, md_options()) {
        match ev {
            Event::Start(Tag::Heading { id, .. }) => {
                if let Some(id) = &id {
                    slugger.reserve(id);
                }
                heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = heading.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, txt)) = heading.take() {
                    ids.insert(id.unwrap_or_else(|| slugger.slug(&txt)));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => html_ids(&h, &mut ids),
            Event::FootnoteReference(name) => {
                ids.insert(format!("fnref:{name}"));
                ids.insert(format!("fn:{name}"));
            }
            _ => {}
        }
    }
    if body.contains("{:toc}") {
        ids.insert("markdown-toc".into());
    }
    ids
}

fn html_ids(html: &str, ids: &mut HashSet<String>) {
    for attr in ["id=", "name="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
            rest = &rest[i + attr.len()..];
            if !before_ok {
                continue;
            }
            let q = rest.chars().next();
            if let Some(q @ ('"' | '\'')) = q {
                if let Some(end) = rest[1..].find(q) {
                    ids.insert(rest[1..1 + end].to_string());
                }
            }
        }
    }
}

/// `<img src=… alt=…>` tags of raw HTML: (src, alt if present).
pub(crate) fn html_images(html: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let start = from + i;
        let end = lower[start..]
            .find('>')
            .map(|e| start + e)
            .unwrap_or(html.len());
        let tag = &html[start..end];
        let src = attr_value(tag, "src");
        if let Some(src) = src {
            out.push((src, attr_value(tag, "alt")));
        }
        from = end.max(start + 4);
        if from >= html.len() {
            break;
        }
    }
    out
}

fn attr_value(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let vstart = tag.len() - rest.len() + 1;
        let v = tag[vstart..].trim_start();
        return match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].find(q).map(|e| v[1..1 + e].to_string()),
            Some(_) => Some(
                v.split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .next()
                    .unwrap_or("")
                    .to_string(),
            ),
            None => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_image_attributes() {
        let v = html_images(r#"<p><img src="/a.png" width="3" alt="A cat"> <IMG SRC='b.jpg'></p>"#);
        assert_eq!(
            v,
            vec![
                ("/a.png".to_string(), Some("A cat".to_string())),
                ("b.jpg".to_string(), None)
            ]
        );
    }

    #[test]
    fn anchors_of_headings_html_and_duplicates() {
        let ids = anchors(
            "## Hello, World!\n\n## Hello, World!\n\n## Custom {#mine}\n\n<a name=\"x\"></a>\n",
            SiteKind::Jekyll,
        );
        for id in ["hello-world", "hello-world-1", "mine", "x"] {
            assert!(ids.contains(id), "{id} in {ids:?}");
        }
    }

    #[test]
    fn yaml_errors_are_located_in_the_file() {
        let p = parse("---\ntitle: A\ntags: [a, b\n---\nbody\n");
        let (_, line, _) = p.fm_error.unwrap();
        assert!((3..=5).contains(&line), "{line}");
        assert_eq!(field_line("---\ntitle: A\ntags: x\n---\n", 21, "tags"), 3);
    }
}
