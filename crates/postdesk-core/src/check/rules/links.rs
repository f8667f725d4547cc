//! Links: to posts and files of the site that do not exist (`{% post_url %}`, permalinks,
//! relative `.md` links, site files), `#anchors` that match no heading, `http://` links.

use std::collections::HashSet;

use pulldown_cmark::{Event, Parser, Tag};

use super::super::context::CheckContext;
use super::super::post::{self, Parsed};
use super::super::Raw;
use super::images::http_exempt;
use crate::links::{self, LinkKind};
use crate::site::SiteKind;

pub(crate) fn check(ctx: &CheckContext, rel: &str, p: &Parsed, all: &[links::Link]) -> Vec<Raw> {
    let mut out = Vec::new();
    let own_ids = post::anchors(&p.text[p.body_start..], ctx.site.kind);
    let ids_of = |target: &str| -> Option<&HashSet<String>> {
        if target == rel {
            Some(&own_ids)
        } else {
            ctx.anchors.get(target)
        }
    };
    let check_anchor = |out: &mut Vec<Raw>, target: &str, frag: &str, line: usize, shown: &str| {
        let frag = percent_encoding::percent_decode_str(frag)
            .decode_utf8()
            .map(|c| c.into_owned())
            .unwrap_or_else(|_| frag.to_string());
        if frag.is_empty() || frag == "top" {
            return;
        }
        let Some(ids) = ids_of(target) else { return };
        if !ids.contains(&frag) {
            let mut known: Vec<&String> = ids.iter().collect();
            known.sort();
            let hint = match super::closest(&frag, known.iter().copied()) {
                Some(c) => format!("did you mean `#{c}`?"),
                None if known.is_empty() => "the target has no headings".to_string(),
                None => format!(
                    "its headings give {}",
                    known
                        .iter()
                        .take(6)
                        .map(|k| format!("`#{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let whose = if target == rel {
                "this post".to_string()
            } else {
                format!("`{target}`")
            };
            out.push(Raw::at(
                "link-anchor-missing",
                rel,
                line,
                format!(
                    "`{shown}` points to `#{frag}`, but no heading of {whose} has that id: {hint}"
                ),
            ));
        }
    };

    let shown_images: HashSet<Option<String>> = all
        .iter()
        .filter(|l| l.kind == LinkKind::Image)
        .map(|l| links::resolve(rel, &l.url))
        .collect();
    for l in all {
        if l.kind != LinkKind::Link {
            continue;
        }
        let url = l.url.trim();
        if url.is_empty() {
            continue; // md-empty-link
        }
        if url.starts_with("http://") && !http_exempt(url) {
            out.push(Raw::at(
                "link-http",
                rel,
                l.line,
                format!("`{url}` uses http://: use https:// if that site supports it"),
            ));
            continue;
        }
        if links::is_external(url) {
            continue;
        }
        if url.contains("{%") || url.contains("{{") {
            continue; // Liquid, checked below
        }
        let (path_q, frag) = match url.split_once('#') {
            Some((a, f)) => (a, Some(f)),
            None => (url, None),
        };
        let path = path_q.split('?').next().unwrap_or("");
        if path.is_empty() {
            if let Some(f) = frag {
                check_anchor(&mut out, rel, f, l.line, url);
            }
            continue;
        }
        match target_of(ctx, rel, path) {
            Target::Post(t) => {
                if let Some(f) = frag {
                    check_anchor(&mut out, &t, f, l.line, url);
                }
            }
            Target::File | Target::Unknown => {}
            Target::Missing(why) => {
                if post::is_image_path(path) {
                    // A link to a missing image (often `[![…](a.png)](a.png)`): reported once,
                    // as img-missing, by the image rules when the same file is also shown.
                    if !shown_images.contains(&links::resolve(rel, path)) {
                        out.push(Raw::at(
                            "img-missing",
                            rel,
                            l.line,
                            format!("the link to the image `{url}` leads nowhere: {why}"),
                        ));
                    }
                } else {
                    out.push(Raw::at(
                        "link-post-missing",
                        rel,
                        l.line,
                        format!("`{url}` leads nowhere: {why}"),
                    ));
                }
            }
        }
    }

    if ctx.site.kind == SiteKind::Jekyll {
        liquid(ctx, rel, p, &mut out, &check_anchor);
    }
    out
}

/// Checks `#frag` against a target post's ids: (out, target, fragment, line, link as written).
type AnchorCheck<'a> = dyn Fn(&mut Vec<Raw>, &str, &str, usize, &str) + 'a;

enum Target {
    Post(String),
    File,
    /// A page the repository does not hold the source of (theme pages, tag pages…).
    Unknown,
    Missing(String),
}

fn target_of(ctx: &CheckContext, rel: &str, path: &str) -> Target {
    let resolved = links::resolve(rel, path);
    if let Some(r) = &resolved {
        let abs = ctx.root.join(r);
        if abs.is_file() {
            return if ctx.anchors.contains_key(r) {
                Target::Post(r.clone())
            } else {
                Target::File
            };
        }
        if abs.is_dir()
            && ["index.html", "index.md"]
                .iter()
                .any(|i| abs.join(i).is_file())
        {
            return Target::File;
        }
    }
    let site_absolute = path.starts_with('/');
    if site_absolute || ctx.site.kind != SiteKind::Jekyll {
        if let Some(post) = ctx.urls.post_at(path) {
            return Target::Post(post.clone());
        }
    }
    if post::is_markdown(path) {
        return Target::Missing(format!(
            "there is no file `{}`: fix the path (relative to this post's folder)",
            resolved.unwrap_or_else(|| path.to_string())
        ));
    }
    if site_absolute && ctx.site.kind == SiteKind::Jekyll && ctx.urls.looks_like_post(path) {
        let why = match ctx.urls.suggest(path) {
            Some(s) => format!("no post is published at that address; the post with that slug is at `{s}`: link that (or `{{% post_url … %}}`)"),
            None => "no post of the site is published at that address: fix the link (use `{% post_url YYYY-MM-DD-slug %}` so the build checks it)".to_string(),
        };
        return Target::Missing(why);
    }
    if site_absolute && is_asset_like(path) {
        return Target::Missing(format!(
            "there is no file `{}` in the repository: add it or fix the path",
            resolved.unwrap_or_else(|| path.to_string())
        ));
    }
    Target::Unknown
}

/// A link to a downloadable file (has an extension other than a page's).
fn is_asset_like(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((_, ext)) => {
            let ext = ext.to_ascii_lowercase();
            !ext.is_empty()
                && ext.len() <= 4
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && !matches!(ext.as_str(), "html" | "htm" | "php" | "xml")
        }
        None => false,
    }
}

/// `{% post_url NAME %}` and `{% link PATH %}` outside code.
fn liquid(
    ctx: &CheckContext,
    rel: &str,
    p: &Parsed,
    out: &mut Vec<Raw>,
    check_anchor: &AnchorCheck,
) {
    let body = &p.text[p.body_start..];
    if !body.contains("{%") {
        return;
    }
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    let mut in_code: Option<usize> = None;
    for (ev, r) in Parser::new_ext(body, post::md_options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code = Some(r.start),
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if let Some(s) = in_code.take() {
                    code.push(s..r.end);
                }
            }
            Event::Code(_) => code.push(r),
            _ => {}
        }
    }
    let mut from = 0;
    while let Some(i) = body[from..].find("{%") {
        let start = from + i;
        let Some(end_rel) = body[start..].find("%}") else {
            break;
        };
        let end = start + end_rel + 2;
        from = end;
        if code.iter().any(|c| c.contains(&start)) {
            continue;
        }
        let inner = body[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let mut words = inner.split_whitespace();
        let (Some(tag), Some(arg)) = (words.next(), words.next()) else {
            continue;
        };
        let line = post::line_of(p.text, p.body_start + start);
        let frag = body[end..].strip_prefix('#').map(|f| {
            f.split(|c: char| c == ')' || c.is_whitespace() || c == '"')
                .next()
                .unwrap_or("")
        });
        match tag {
            "post_url" => {
                let name = arg.rsplit('/').next().unwrap_or(arg);
                match ctx.urls.by_stem.get(name) {
                    Some(target) => {
                        if let Some(f) = frag {
                            check_anchor(
                                out,
                                target,
                                f,
                                line,
                                &format!("{{% post_url {arg} %}}#{f}"),
                            );
                        }
                    }
                    None => {
                        let (_, slug) = super::super::urls::split_stem(name);
                        let hint = ctx
                            .urls
                            .by_slug
                            .get(&slug)
                            .and_then(|v| v.first())
                            .map(|t| format!(" Did you mean `{}`?", post::stem(t)))
                            .unwrap_or_default();
                        out.push(Raw::at(
                            "link-post-missing",
                            rel,
                            line,
                            format!("`{{% post_url {arg} %}}`: no post file is named `{name}.md`, and Jekyll stops the build on it.{hint} Use the post's file name without `.md`"),
                        ));
                    }
                }
            }
            "link" => {
                if arg.contains("{{") {
                    continue;
                }
                if !ctx.root.join(arg.trim_start_matches('/')).is_file() {
                    out.push(Raw::at(
                        "link-post-missing",
                        rel,
                        line,
                        format!("`{{% link {arg} %}}`: there is no file `{arg}` in the repository, and Jekyll stops the build on it: fix the path"),
                    ));
                }
            }
            _ => {}
        }
    }
}
