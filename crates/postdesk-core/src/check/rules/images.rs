//! Images: the files a post links (body, raw HTML `<img>`, front-matter thumbnail) must exist,
//! have alt text, stay under the size and width limits and carry no GPS position, and be staged
//! through Git LFS when `.gitattributes` sends them there; files in a post's image folder that
//! no post links are orphans. Only headers and EXIF are read (and, in a blog using LFS, the
//! index).

use std::collections::{HashMap, HashSet};
use std::io::BufReader;
use std::path::Path;

use pulldown_cmark::{Event, Parser};

use super::super::context::CheckContext;
use super::super::post::{self, is_image_path, Parsed};
use super::super::Raw;
use crate::links::{self, LinkKind};
use crate::site::SiteKind;

#[derive(Debug, Clone)]
pub(crate) struct ImageRef {
    pub url: String,
    /// `None` for a thumbnail (no alt text in front matter).
    pub alt: Option<String>,
    pub line: usize,
    /// Repository-relative file, for local URLs.
    pub resolved: Option<String>,
    pub field: Option<&'static str>,
}

/// Every image a post links, with its repository path when local.
pub(crate) fn image_refs(kind: SiteKind, rel: &str, text: &str) -> Vec<ImageRef> {
    image_refs_of(kind, rel, text, links::extract(text))
}

/// [`image_refs`] from the post's already extracted links.
pub(crate) fn image_refs_of(
    kind: SiteKind,
    rel: &str,
    text: &str,
    all: Vec<links::Link>,
) -> Vec<ImageRef> {
    let mut out = Vec::new();
    let body_start = crate::frontmatter::split(text)
        .map(|s| s.body.start)
        .unwrap_or(0);
    for l in all {
        match l.kind {
            LinkKind::Image => out.push(ImageRef {
                resolved: links::resolve(rel, &l.url),
                alt: Some(l.text),
                url: l.url,
                line: l.line,
                field: None,
            }),
            LinkKind::Thumbnail => {
                // Jekyll themes print front-matter images from the site root.
                let url = if kind == SiteKind::Jekyll
                    && !l.url.starts_with('/')
                    && !links::is_external(&l.url)
                {
                    format!("/{}", l.url)
                } else {
                    l.url.clone()
                };
                let field = links::THUMBNAIL_FIELDS
                    .iter()
                    .copied()
                    .find(|f| post::field_line(text, body_start, f) == l.line);
                out.push(ImageRef {
                    resolved: links::resolve(rel, &url),
                    alt: None,
                    url: l.url,
                    line: l.line,
                    field,
                })
            }
            LinkKind::Link => {}
        }
    }
    let body = &text[body_start..];
    for (ev, range) in Parser::new_ext(body, post::md_options()).into_offset_iter() {
        if let Event::Html(h) | Event::InlineHtml(h) = ev {
            for (src, alt) in post::html_images(&h) {
                if src.contains("{{") || src.contains("${") {
                    continue; // template expressions: not a file name
                }
                out.push(ImageRef {
                    resolved: links::resolve(rel, &src),
                    alt: Some(alt.unwrap_or_default()),
                    url: src,
                    line: post::line_of(text, body_start + range.start),
                    field: None,
                });
            }
        }
    }
    out
}

/// What the headers say about one image file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    pub bytes: u64,
    pub width: Option<u32>,
    pub gps: bool,
}

pub(crate) fn facts(path: &Path) -> Option<Facts> {
    let bytes = std::fs::metadata(path).ok()?.len();
    let width = image::ImageReader::open(path)
        .ok()
        .and_then(|r| r.with_guessed_format().ok())
        .and_then(|r| r.into_dimensions().ok())
        .map(|(w, _)| w);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let gps = matches!(
        ext.as_str(),
        "jpg" | "jpeg" | "png" | "webp" | "tif" | "tiff" | "heic" | "avif"
    ) && std::fs::File::open(path)
        .ok()
        .and_then(|f| {
            exif::Reader::new()
                .read_from_container(&mut BufReader::new(f))
                .ok()
        })
        .is_some_and(|e| {
            e.fields()
                .any(|f| matches!(f.tag, exif::Tag::GPSLatitude | exif::Tag::GPSLongitude))
        });
    Some(Facts { bytes, width, gps })
}

pub(crate) fn check(
    ctx: &CheckContext,
    rel: &str,
    p: &Parsed,
    all: Vec<links::Link>,
) -> (Vec<Raw>, Vec<String>) {
    let mut out = Vec::new();
    let mut checked = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    // Each local image once, where the post first links it: for img-not-in-lfs.
    let mut first_links: Vec<(String, usize, Option<&'static str>)> = Vec::new();
    for r in image_refs_of(ctx.site.kind, rel, p.text, all) {
        if r.url.starts_with("http://") && !is_local_host(&r.url) {
            out.push(Raw::at(
                "link-http",
                rel,
                r.line,
                format!("the image `{}` is loaded over http://, which browsers block or flag on an https site: use https:// or copy the image into the repository", r.url),
            ));
        }
        if let Some(alt) = &r.alt {
            if alt.trim().is_empty() {
                out.push(Raw::at(
                    "img-alt-missing",
                    rel,
                    r.line,
                    format!("the image `{}` has no alt text: describe it between the brackets, `![what it shows]({})`", r.url, r.url),
                ));
            }
        }
        let Some(file) = r.resolved.clone() else {
            continue;
        };
        let abs = ctx.root.join(&file);
        let raw = |rule, msg: String| {
            let x = Raw::at(rule, rel, r.line, msg);
            match r.field {
                Some(f) => x.field(f),
                None => x,
            }
        };
        if !abs.is_file() {
            let hint = if file.contains(' ') {
                " (the name has a space: check it matches the file exactly)"
            } else {
                ""
            };
            out.push(raw(
                "img-missing",
                format!("the image `{}` does not exist (looked for `{file}`){hint}: add the file or fix the path", r.url),
            ));
            continue;
        }
        if !seen.insert(file.clone()) {
            continue;
        }
        first_links.push((file.clone(), r.line, r.field));
        let Some(f) = facts(&abs) else { continue };
        checked.push(file.clone());
        if f.bytes > ctx.max_image_bytes {
            out.push(raw(
                "img-too-large",
                format!(
                    "`{file}` weighs {}, over the {} limit: compress it (or re-import it with Postdesk, which resizes and strips metadata)",
                    human(f.bytes),
                    human(ctx.max_image_bytes)
                ),
            ));
        }
        if let Some(w) = f.width {
            if w > ctx.max_image_width {
                out.push(raw(
                    "img-too-wide",
                    format!("`{file}` is {w} px wide, more than the site's {} px: resize it to {} px wide", ctx.max_image_width, ctx.max_image_width),
                ));
            }
        }
        if f.gps {
            out.push(raw(
                "img-gps",
                format!("`{file}` still carries the GPS position where it was taken: strip its EXIF (re-import it with Postdesk, or `exiftool -gps:all= {file}`)"),
            ));
        }
    }
    out.extend(not_in_lfs(ctx, rel, first_links));
    (out, checked)
}

/// `img-not-in-lfs`: the linked images `.gitattributes` sends to Git LFS that the index holds
/// as raw files (committed, or staged, without LFS).
fn not_in_lfs(
    ctx: &CheckContext,
    rel: &str,
    links: Vec<(String, usize, Option<&'static str>)>,
) -> Vec<Raw> {
    let files: Vec<String> = links.iter().map(|(f, _, _)| f.clone()).collect();
    let raw = crate::vcs::lfs::raw_in_lfs(&ctx.root, &files);
    links
        .into_iter()
        .filter(|(f, _, _)| raw.contains(f))
        .map(|(file, line, field)| {
            let x = Raw::at(
                "img-not-in-lfs",
                rel,
                line,
                format!("`{file}` is stored in Git as a raw file, but the blog's .gitattributes sends it to Git LFS (filter=lfs), so a host that enforces LFS refuses the push: store it through LFS with `git add --renormalize {file}` (Git LFS installed), then commit"),
            );
            match field {
                Some(f) => x.field(f),
                None => x,
            }
        })
        .collect()
}

fn is_local_host(url: &str) -> bool {
    let host = url["http://".len()..]
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("");
    matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0" | "[::1]")
        || host.ends_with(".local")
        || host.ends_with(".localhost")
        || host.ends_with(".test")
        || host.ends_with(".example")
        || host == "example.com"
        || host == "example.org"
}

pub(crate) fn http_exempt(url: &str) -> bool {
    is_local_host(url)
}

fn human(b: u64) -> String {
    if b >= 1_000_000 {
        format!("{:.1} MB", b as f64 / 1e6)
    } else {
        format!("{} KB", b.div_ceil(1000))
    }
}

/// Orphan images in the folders of `posts`. `live` gives the current text of some posts (the
/// one being typed, or the ones just read): their links count instead of the context's.
pub(crate) fn orphans_with(
    ctx: &CheckContext,
    posts: &[String],
    live: &[(&str, &str)],
) -> (Vec<Raw>, Vec<String>) {
    let pattern = ctx.site.image_dir_pattern.as_str();
    let base = pattern
        .split("{post")
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let mut by_post: HashMap<&str, Vec<String>> = HashMap::new();
    let live_posts: HashSet<&str> = live.iter().map(|(r, _)| *r).collect();
    for (img, users) in &ctx.image_users {
        for u in users {
            if !live_posts.contains(u.as_str()) {
                by_post.entry(u.as_str()).or_default().push(img.clone());
            }
        }
    }
    for (rel, text) in live {
        let refs = image_refs(ctx.site.kind, rel, text)
            .into_iter()
            .filter_map(|r| r.resolved);
        by_post.entry(rel).or_default().extend(refs);
    }
    let linked_now: HashSet<&String> = by_post.values().flatten().collect();

    let mut folders: Vec<String> = Vec::new();
    for rel in posts {
        let stem = post::stem(rel);
        if pattern.contains("{post}") {
            folders.push(pattern.replace("{post}", stem));
        } else if pattern.contains("{post_dir}") && stem == "index" {
            folders.push(
                rel.rsplit_once('/')
                    .map(|(d, _)| d.to_string())
                    .unwrap_or_default(),
            );
        }
        if base.is_empty() {
            continue;
        }
        for img in by_post.get(rel.as_str()).into_iter().flatten() {
            if let Some(rest) = img.strip_prefix(&format!("{base}/")) {
                if let Some((dir, _)) = rest.split_once('/') {
                    folders.push(format!("{base}/{dir}"));
                }
            }
        }
    }
    folders.sort();
    folders.dedup();

    let mut out = Vec::new();
    let mut checked = Vec::new();
    for folder in folders {
        if folder.is_empty() {
            continue;
        }
        let dir = ctx.root.join(&folder);
        if !dir.is_dir() {
            continue;
        }
        for e in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(|e| e.ok())
        {
            if !e.file_type().is_file() {
                continue;
            }
            let Some(img) = crate::paths::relative(&ctx.root, e.path()) else {
                continue;
            };
            if !is_image_path(&img) {
                continue;
            }
            checked.push(img.clone());
            let name = img.rsplit('/').next().unwrap_or(&img);
            let encoded = name.replace(' ', "%20");
            // A file named anywhere in a post (HTML, includes, a caption) is not reported: the
            // saved texts of every post, and the live texts.
            let mentioned = || {
                ctx.mentions.contains(name)
                    || ctx.mentions.contains(&encoded)
                    || live
                        .iter()
                        .any(|(_, t)| t.contains(name) || t.contains(&encoded))
            };
            if !linked_now.contains(&img) && !mentioned() {
                out.push(Raw {
                    rule: "img-orphan",
                    path: img.clone(),
                    line: None,
                    column: None,
                    message: format!("no post links `{img}`: link it from the post or delete it (it would be published with the site)"),
                    field: None,
                });
            }
        }
    }
    (out, checked)
}
