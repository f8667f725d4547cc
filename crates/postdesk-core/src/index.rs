//! The post index: every post of the blog with the fields the sidebar and search need.
//! One broken post never hides the others: it is listed with its error.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::frontmatter;
use crate::site::{Site, SiteKind};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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

/// Lists the posts of the blog at `root`, newest first (posts with no date last).
pub fn list(root: &Path, site: &Site) -> Vec<PostSummary> {
    summarize_all(root, site, &post_files(root, site))
}

/// The summaries of the post `files` (from [`post_files`]), newest first.
pub fn summarize_all(root: &Path, site: &Site, files: &[String]) -> Vec<PostSummary> {
    let drafts = site.drafts_dir.as_deref().map(|d| format!("{d}/"));
    let mut posts: Vec<PostSummary> = files
        .par_iter()
        .map(|rel| {
            let mut s = summarize(root, rel);
            if drafts.as_deref().is_some_and(|d| rel.starts_with(d)) {
                s.draft = true;
            }
            s
        })
        .collect();
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
    posts
}

/// The repository-relative paths of every post (and draft) of the site, sorted.
///
/// Hidden and vendor folders are skipped; symbolic links to folders are not followed (so a
/// link loop cannot hang the walk), links to files are kept when they stay inside the
/// repository. A posts or drafts folder that leads out of it (a symbolic link to a folder
/// elsewhere; [`paths::resolve`](crate::paths::resolve) says) is not walked at all: the site
/// lists it in [`Site::refused_dirs`](crate::site::Site::refused_dirs). Hugo and Zola sections
/// (`_index.md`) and the Markdown resources inside a page bundle are not posts; Astro ignores
/// names starting with `_`. A folder named like a post (`x.md/`) is listed so the index can
/// say what is wrong with it.
pub fn post_files(root: &Path, site: &Site) -> Vec<String> {
    let mut dirs: Vec<&str> = site.posts_dirs.iter().map(String::as_str).collect();
    if let Some(d) = site.drafts_dir.as_deref() {
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    let bundles = matches!(site.kind, SiteKind::Hugo | SiteKind::Zola);
    let underscore_private = matches!(site.kind, SiteKind::Astro | SiteKind::Hugo | SiteKind::Zola);
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = BTreeSet::new();
    for dir in dirs {
        // The walk would follow a folder that is itself a link: never out of the repository.
        if crate::paths::resolve(&canonical_root, dir).is_err() {
            continue;
        }
        let base = root.join(dir);
        if !base.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&base)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !is_hidden_or_vendor(e.file_name().to_str().unwrap_or(""))
            })
            .filter_map(|e| e.ok())
        {
            if entry.depth() == 0 {
                continue;
            }
            let p = entry.path();
            let name = entry.file_name().to_str().unwrap_or("");
            // Jekyll builds `_posts/2023-06-19-slug` too (no extension): it is a post.
            let jekyll_bare = site.kind == SiteKind::Jekyll
                && p.extension().is_none()
                && date_from_name(name).is_some()
                && entry.file_type().is_file();
            if !is_markdown(p) && !jekyll_bare {
                continue;
            }
            if underscore_private && name.starts_with('_') {
                continue;
            }
            if site.kind == SiteKind::Generic && entry.depth() == 1 && is_repo_doc(name) {
                continue;
            }
            let ft = entry.file_type();
            let keep = ft.is_file()
                || ft.is_dir()
                || (ft.is_symlink()
                    && std::fs::metadata(p).is_ok_and(|m| m.is_file())
                    && inside(&canonical_root, p));
            if keep {
                if let Some(rel) = crate::paths::relative(root, p) {
                    files.insert(rel);
                }
            }
        }
    }
    if bundles {
        // Folders holding an `index.md`: leaf bundles. Other Markdown inside them is a resource.
        let bundle_dirs: BTreeSet<String> = files
            .iter()
            .filter_map(|f| {
                let (dir, name) = f.rsplit_once('/')?;
                name.starts_with("index.").then(|| format!("{dir}/"))
            })
            .collect();
        files.retain(|f| {
            let own = f.rsplit_once('/').map(|(d, _)| format!("{d}/"));
            !bundle_dirs.iter().any(|b| {
                f.starts_with(b.as_str()) && !(own.as_deref() == Some(b.as_str()) && is_index(f))
            })
        });
    }
    files.into_iter().collect()
}

/// Whether a link's target is inside the repository (`root`, canonical): posts never lead out
/// of it.
fn inside(root: &Path, p: &Path) -> bool {
    p.canonicalize().is_ok_and(|t| t.starts_with(root))
}

fn is_index(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with("index."))
}

fn is_repo_doc(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README"
            | "CHANGELOG"
            | "CONTRIBUTING"
            | "LICENSE"
            | "CODE_OF_CONDUCT"
            | "SECURITY"
            | "AGENTS"
            | "CLAUDE"
    )
}

fn is_hidden_or_vendor(name: &str) -> bool {
    name.starts_with('.')
        || matches!(
            name,
            "node_modules" | "vendor" | "_site" | "public" | "dist" | "target"
        )
}

/// Whether a path names a Markdown file (`.md`, `.markdown`, `.mdx`).
pub fn is_markdown(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdx")
    )
}

/// The name a post is known by when it has no title: its file name without extension, or its
/// folder's name for a bundle (`slug/index.md`).
pub fn post_name(rel: &str) -> &str {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    if stem == "index" {
        parts.next().unwrap_or(stem)
    } else {
        stem
    }
}

/// The keys that hold a post's date, in the order they are looked at.
pub const DATE_KEYS: [&str; 5] = ["date", "pubDate", "publishDate", "pubDatetime", "published"];

/// Reads one post's summary.
pub fn summarize(root: &Path, rel: &str) -> PostSummary {
    let name = post_name(rel);
    let mut s = PostSummary {
        path: rel.to_string(),
        title: name.to_string(),
        date: date_from_path(rel),
        authors: vec![],
        tags: vec![],
        draft: rel.starts_with("_drafts/"),
        error: None,
    };
    let path = root.join(rel);
    if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
        s.error = Some(
            "this is a folder named like a post, not a file: rename it, or move the post out of it"
                .into(),
        );
        return s;
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            s.error = Some(format!("cannot read the file: {e}"));
            return s;
        }
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        s.error = Some("the file is empty: add front matter with a title, or delete it".into());
        return s;
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, _) = crate::frontmatter::line_col(
                &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
                usize::MAX,
            );
            s.error = Some(format!(
                "the file is not UTF-8 text (first bad byte on line {line}); re-save it as UTF-8"
            ));
            return s;
        }
    };
    let fm = match quick_front_matter(&text) {
        Some(m) => Ok(m),
        None => frontmatter::read_lenient(&text),
    };
    match fm {
        Err(e) => s.error = Some(e.message),
        Ok(fm) => {
            match fm.get("title") {
                Some(Value::String(t)) if !t.trim().is_empty() => s.title = t.trim().to_string(),
                Some(Value::Number(n)) => s.title = n.to_string(),
                _ => {}
            }
            if let Some(d) = DATE_KEYS
                .iter()
                .filter_map(|k| fm.get(*k).and_then(|d| d.as_str()))
                .find_map(|d| date_from_name(d.trim()))
            {
                s.date = Some(d);
            }
            s.authors = authors(fm.get("author").or_else(|| fm.get("authors")));
            s.tags = strings(
                fm.get("tags")
                    .or_else(|| fm.get("taxonomies").and_then(|t| t.get("tags"))),
            );
            if fm.get("draft").and_then(|d| d.as_bool()) == Some(true)
                || fm.get("published").and_then(|d| d.as_bool()) == Some(false)
            {
                s.draft = true;
            }
        }
    }
    s
}

/// Author ids: a string, a list, or (old Jekyll posts) a map with a `name`.
fn authors(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Object(m)) => strings(m.get("id").or_else(|| m.get("name"))),
        Some(Value::Array(a)) => a
            .iter()
            .flat_map(|x| match x {
                Value::Object(m) => strings(m.get("id").or_else(|| m.get("name"))),
                other => strings(Some(other)),
            })
            .collect(),
        other => strings(other),
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => s
            .split(|c: char| c == ',' || c.is_whitespace() && !s.contains(','))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
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

/// The date in a post's path: its file name (`2022-10-28-slug.md`), its bundle folder
/// (`2022-10-28-slug/index.md`), or `YYYY/MM/DD/` folders.
pub fn date_from_path(rel: &str) -> Option<String> {
    let parts: Vec<&str> = rel.split('/').collect();
    if let Some(d) = parts.iter().rev().take(2).find_map(|p| date_from_name(p)) {
        return Some(d);
    }
    parts.windows(3).find_map(|w| {
        let ok = w[0].len() == 4
            && w[1].len() == 2
            && w[2].len() >= 2
            && w.iter()
                .all(|p| p.bytes().take(2).all(|b| b.is_ascii_digit()))
            && w[0].bytes().all(|b| b.is_ascii_digit())
            && w[2].bytes().take(2).all(|b| b.is_ascii_digit());
        ok.then(|| format!("{}-{}-{}", w[0], w[1], &w[2][..2]))
            .and_then(|d| date_from_name(&d))
    })
}

/// A fast reader for the plainest YAML front matter (`key: value`, `key: "value"`,
/// `key: [a, b]`, one a line, comments), which is most posts. It gives the values a full YAML
/// reader gives for them, as far as the index uses them, and `None` for anything else (block
/// lists, nested maps, multi-line or escaped strings, numbers other than plain integers…),
/// which then goes through [`frontmatter::read_post`].
pub fn quick_front_matter(text: &str) -> Option<Map<String, Value>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut out = Map::new();
    let mut indent: Option<usize> = None;
    for line in rest.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line == "---" {
            return Some(out);
        }
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let ind = line.len() - trimmed.len();
        if *indent.get_or_insert(ind) != ind || trimmed.contains('\t') {
            return None;
        }
        let colon = trimmed.find(':')?;
        let key = &trimmed[..colon];
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return None;
        }
        let after = &trimmed[colon + 1..];
        if !(after.is_empty() || after.starts_with(' ')) {
            return None;
        }
        let value = quick_value(after.trim())?;
        if out.insert(key.to_string(), value).is_some() {
            return None;
        }
    }
    None
}

fn quick_value(v: &str) -> Option<Value> {
    if v.is_empty() {
        return Some(Value::Null);
    }
    match v.as_bytes()[0] {
        b'"' | b'\'' => quick_quoted(v).map(Value::String),
        b'[' => {
            let inner = v.strip_prefix('[')?.strip_suffix(']')?;
            if inner.trim().is_empty() {
                return Some(Value::Array(vec![]));
            }
            inner
                .split(',')
                .map(|item| {
                    let item = item.trim();
                    if item.starts_with(['"', '\'']) {
                        return quick_quoted(item).map(Value::String);
                    }
                    quick_plain(item)
                        .filter(|p| !p.contains(['[', ']', '{', '}', ':', '#']))
                        .map(Value::String)
                })
                .collect::<Option<Vec<_>>>()
                .map(Value::Array)
        }
        _ => {
            // A comment starts at ` #`.
            let v = v.split(" #").next().unwrap_or(v).trim_end();
            let plain = quick_plain(v)?;
            match plain.as_str() {
                "true" | "True" | "TRUE" => Some(Value::Bool(true)),
                "false" | "False" | "FALSE" => Some(Value::Bool(false)),
                "null" | "Null" | "NULL" | "~" => Some(Value::Null),
                _ => Some(Value::String(plain)),
            }
        }
    }
}

/// A plain scalar that a YAML reader keeps as this very string.
fn quick_plain(v: &str) -> Option<String> {
    let v = v.trim();
    if v.is_empty()
        || v.starts_with([
            '{', '&', '*', '!', '|', '>', '%', '@', '`', '-', '?', ',', ']', '}',
        ])
        || v.contains(": ")
        || v.ends_with(':')
    {
        return None;
    }
    let first = v.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'+' | b'.') {
        let int = v.bytes().all(|b| b.is_ascii_digit()) && (v.len() == 1 || first != b'0');
        let date = date_from_name(v).is_some() && !v[10..].contains(['e', 'E']);
        if !(int || date) {
            return None;
        }
    }
    if matches!(v.to_ascii_lowercase().as_str(), ".inf" | ".nan") {
        return None;
    }
    Some(v.to_string())
}

fn quick_quoted(v: &str) -> Option<String> {
    let q = v.chars().next()?;
    let inner = v.strip_prefix(q)?;
    let end = inner.find(q)?;
    let (content, tail) = (&inner[..end], inner[end + 1..].trim());
    if !(tail.is_empty() || tail.starts_with('#')) || (q == '"' && content.contains('\\')) {
        return None;
    }
    Some(content.to_string())
}

#[cfg(test)]
mod quick_tests {
    use super::*;

    /// The quick reader agrees with the full reader on everything it accepts.
    #[test]
    fn quick_reader_agrees_or_declines() {
        let cases = [
            "---\nlayout: post\ntitle: \"A: b\"\nauthor: [x, 'y']\ntags: [a, 2024, b c]\ncolor: rgb(251,87,66) # Bedrock\ndraft: true\n---\nbody",
            "---\r\n layout: post\r\n title: Hello, world\r\n description:\r\n---\r\n",
            "---\ntitle: 'It''s'\n---\n",
            "---\ntitle: \"esc \\\" aped\"\n---\n",
            "---\ntitle: 1e3\n---\n",
            "---\ntitle: 007\n---\n",
            "---\ndate: 2024-01-02 10:00:00 +0200\n---\n",
            "---\ntags:\n- a\n- b\n---\n",
            "---\nauthor:\n  name: X\n---\n",
            "---\ntitle: a: b\n---\n",
            "---\ntitle: |\n  x\n---\n",
            "---\ntitle: x\ntitle: y\n---\n",
            "---\ntags: [a, [b]]\n---\n",
            "---\ntitle: -x\n---\n",
            "---\npublished: False\nx: ~\n---\n",
        ];
        let mut accepted = 0;
        for c in cases {
            if let Some(q) = quick_front_matter(c) {
                accepted += 1;
                let full = crate::frontmatter::read(c).unwrap();
                let norm = |m: &Map<String, Value>| -> Vec<(String, Value)> {
                    m.iter()
                        .map(|(k, v)| {
                            let v = match v {
                                Value::Number(n) => Value::String(n.to_string()),
                                Value::Array(a) => Value::Array(
                                    a.iter()
                                        .map(|x| match x {
                                            Value::Number(n) => Value::String(n.to_string()),
                                            o => o.clone(),
                                        })
                                        .collect(),
                                ),
                                o => o.clone(),
                            };
                            (k.clone(), v)
                        })
                        .collect()
                };
                assert_eq!(norm(&q), norm(&full), "{c}");
            }
        }
        assert_eq!(accepted, 4, "the plain cases take the quick path");
    }

    #[cfg(unix)]
    #[test]
    fn a_posts_folder_linked_out_of_the_repository_is_not_walked() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("2024-01-01-secret.md"),
            "---\ntitle: S\n---\n",
        )
        .unwrap();
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        std::fs::write(root.join("_config.yml"), "title: t\n").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("_posts")).unwrap();
        std::fs::create_dir_all(root.join("real")).unwrap();
        std::fs::write(root.join("real/2024-01-02-mine.md"), "---\ntitle: M\n---\n").unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("_drafts")).unwrap();
        let site = crate::site::detect(&root).unwrap();
        assert_eq!(site.posts_dirs, ["_posts"]);
        // Out: not walked. A link inside the repository: walked, under its own name.
        assert_eq!(post_files(&root, &site), ["_drafts/2024-01-02-mine.md"]);
    }
}
