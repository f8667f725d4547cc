//! Where a post's page is on the site, by the generator's own rules. The paths returned are
//! relative to the site's root ([`Plan::base_url`](super::Plan::base_url)), starting with `/`.
//!
//! - **Jekyll** (`jekyll/url.rb`, `drops/url_drop.rb`): the post's `permalink`, else the site's
//!   `permalink` (a style — `date` (default) `/:categories/:year/:month/:day/:title:output_ext`,
//!   `pretty`, `ordinal`, `weekdate`, `none` — or a template). `:title` is the front matter's
//!   `slug` or the file name's (cased, "pretty" slugify), `:categories` the `category` /
//!   `categories` values (lower-cased) or the folders above `_posts`, the date the front
//!   matter's as written or the file name's (a draft's: its file's time). `..` and `./` are
//!   dropped, slashes squeezed.
//! - **Hugo**: the front matter's `url`, else `[permalinks]` for the post's section (`:year`,
//!   `:month`, `:day`, `:section`, `:title`, `:slug`, `:filename`, `:slugorfilename`…), else
//!   the folders under `content/` and the `slug` or the file's (bundle's) name, lower-cased,
//!   ending in `/`.
//! - **Zola**: the front matter's `path`, else the section's folders and the `slug` or the
//!   file's (bundle's) name slugified, a leading date removed.
//! - **Astro**: a page per collection entry is the site's code; `/<collection>/<id>/` and the
//!   usual `/blog/…`, `/posts/…` routes are tried in turn ([`candidates`]).
//! - `[preview] url = "/blog/{slug}/"` overrides all of these.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};

use crate::config::PreviewConfig;
use crate::frontmatter::read_post;
use crate::site::{Site, SiteKind};

/// The paths where the post's page may be, most likely first (one, except for Astro).
pub fn candidates(root: &Path, site: &Site, rel: &str, cfg: &PreviewConfig) -> Vec<String> {
    let text = crate::paths::resolve(root, rel)
        .ok()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    let fm = read_post(&text).fm;
    let facts = Facts::of(root, rel, &fm);
    if let Some(pattern) = &cfg.url {
        return vec![from_pattern(pattern, &facts)];
    }
    match site.kind {
        SiteKind::Jekyll => vec![jekyll(root, rel, &fm, &facts)],
        SiteKind::Hugo => vec![hugo(root, rel, &fm, &facts)],
        SiteKind::Zola => vec![zola(rel, &fm, &facts)],
        SiteKind::Astro | SiteKind::Generic => astro(site, rel, &fm, &facts),
    }
}

/// What the patterns are made of.
struct Facts {
    /// The file's name without extension (a bundle's folder name), the date prefix kept.
    stem: String,
    /// The name without a leading `YYYY-MM-DD-` date.
    name_slug: String,
    /// The front matter's `slug`.
    slug: Option<String>,
    /// The post's date (front matter, else the file name, else the file's time).
    date: Option<NaiveDate>,
    /// `HH`, `MM`, `SS` of the front matter's date, when it has a time.
    time: (String, String, String),
    title: Option<String>,
}

impl Facts {
    fn of(root: &Path, rel: &str, fm: &Map<String, Value>) -> Facts {
        let stem = crate::index::post_name(rel).to_string();
        let name_slug = match crate::index::date_from_name(&stem) {
            Some(_) => stem[10..].trim_start_matches(['-', '_']).to_string(),
            None => stem.clone(),
        };
        let written = crate::index::DATE_KEYS
            .iter()
            .find_map(|k| fm.get(*k).and_then(Value::as_str))
            .map(str::trim);
        let date = written
            .and_then(|d| d.get(..10))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .or_else(|| {
                crate::index::date_from_path(rel)
                    .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            })
            .or_else(|| {
                let m = std::fs::metadata(root.join(rel)).ok()?.modified().ok()?;
                Some(chrono::DateTime::<chrono::Local>::from(m).date_naive())
            });
        let time = written
            .and_then(|d| d.get(11..19))
            .filter(|t| t.as_bytes().get(2) == Some(&b':'))
            .map(|t| (t[..2].to_string(), t[3..5].to_string(), t[6..8].to_string()))
            .unwrap_or_else(|| ("00".into(), "00".into(), "00".into()));
        Facts {
            stem,
            name_slug,
            slug: fm
                .get("slug")
                .and_then(scalar)
                .filter(|s| !s.trim().is_empty()),
            date,
            time,
            title: fm.get("title").and_then(scalar),
        }
    }

    fn ymd(&self, f: &str) -> String {
        self.date
            .map(|d| d.format(f).to_string())
            .unwrap_or_default()
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `[preview] url`: `{slug}` `{year}` `{month}` `{day}` `{section}` `{name}`.
fn from_pattern(pattern: &str, f: &Facts) -> String {
    let slug = f.slug.clone().unwrap_or_else(|| f.name_slug.clone());
    pattern
        .replace("{slug}", &slug)
        .replace("{name}", &f.stem)
        .replace("{year}", &f.ymd("%Y"))
        .replace("{month}", &f.ymd("%m"))
        .replace("{day}", &f.ymd("%d"))
}

// ---------------------------------------------------------------------------------------
// Jekyll

/// Jekyll's URL of the post at `rel`.
fn jekyll(root: &Path, rel: &str, fm: &Map<String, Value>, f: &Facts) -> String {
    let cfg = super::command::jekyll_config(root);
    let style = cfg
        .get("permalink")
        .and_then(Value::as_str)
        .unwrap_or("date");
    let site_template = match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    };
    let template = fm
        .get("permalink")
        .and_then(Value::as_str)
        .filter(|p| !p.trim().is_empty())
        .unwrap_or(site_template);
    // `category` (one) wins over `categories` (a list, or words); then the folders above `_posts`.
    let mut cats: Vec<String> = match (fm.get("category"), fm.get("categories")) {
        (Some(c), _) if fm.contains_key("category") => values(c, false),
        (_, Some(c)) => values(c, true),
        _ => vec![],
    };
    if cats.is_empty() {
        let dirs: Vec<&str> = rel.split('/').collect();
        if let Some(i) = dirs.iter().position(|d| *d == "_posts" || *d == "_drafts") {
            cats = dirs[..i].iter().map(|s| s.to_string()).collect();
        }
    }
    let mut seen = Vec::<String>::new();
    for c in cats {
        let c = c.to_lowercase();
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    let slug_src = f.slug.clone().unwrap_or_else(|| f.name_slug.clone());
    let value = |name: &str| -> Option<String> {
        Some(match name {
            "title" => jekyll_slugify(&slug_src, true, true),
            "slug" => jekyll_slugify(&slug_src, false, false),
            "name" => jekyll_slugify(&f.stem, false, false),
            "categories" => seen.join("/"),
            "slugified_categories" => seen
                .iter()
                .map(|c| jekyll_slugify(c, false, false))
                .collect::<Vec<_>>()
                .join("/"),
            "output_ext" => ".html".into(),
            "year" => f.ymd("%Y"),
            "short_year" => f.ymd("%y"),
            "month" => f.ymd("%m"),
            "i_month" => f.ymd("%-m"),
            "short_month" => f.ymd("%b"),
            "long_month" => f.ymd("%B"),
            "day" => f.ymd("%d"),
            "i_day" => f.ymd("%-d"),
            "y_day" => f
                .date
                .map(|d| format!("{:03}", d.ordinal()))
                .unwrap_or_default(),
            "week" => f.ymd("%U"),
            "w_year" => f.ymd("%G"),
            "short_day" => f.ymd("%a"),
            "long_day" => f.ymd("%A"),
            "hour" => f.time.0.clone(),
            "minute" => f.time.1.clone(),
            "second" => f.time.2.clone(),
            "collection" => "posts".into(),
            _ => return None,
        })
    };
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..len];
        // `:title_` is `:title` followed by `_` when there is no `title_` placeholder.
        let (v, used) = match value(name) {
            Some(v) => (Some(v), len),
            None if name.ends_with('_') => match value(&name[..len - 1]) {
                Some(v) => (Some(v), len - 1),
                None => (None, len),
            },
            None => (None, len),
        };
        match v {
            Some(v) => out.push_str(&escape_path(&v)),
            None => {
                out.push(':');
                out.push_str(name);
            }
        }
        rest = &after[used..];
    }
    out.push_str(rest);
    // sanitize_url: a leading slash, `..` and `./` dropped, slashes squeezed.
    let s = format!("/{out}").replace("..", "/").replace("./", "");
    squeeze_slashes(&s)
}

/// A front-matter value as a list of words: a list, or (for `categories`) a string split on
/// white space.
fn values(v: &Value, split: bool) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(scalar).collect(),
        Value::String(s) if split => s.split_whitespace().map(String::from).collect(),
        Value::Null => vec![],
        v => scalar(v).into_iter().collect(),
    }
}

/// Jekyll's `Utils.slugify`, modes `default` and `pretty`.
pub fn jekyll_slugify(s: &str, pretty: bool, cased: bool) -> String {
    let keep = |c: char| c.is_alphanumeric() || (pretty && "._~!$&'()+,;=@".contains(c));
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if keep(c) {
            out.push(c);
            dash = false;
        } else if !dash {
            out.push('-');
            dash = true;
        }
    }
    let out = out.trim_matches('-').to_string();
    if cased {
        out
    } else {
        out.to_lowercase()
    }
}

/// Jekyll's `URL.escape_path`: plain paths as they are, others percent-encoded.
fn escape_path(p: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'/')
        .remove(b'!')
        .remove(b'$')
        .remove(b'&')
        .remove(b'\'')
        .remove(b'(')
        .remove(b')')
        .remove(b'*')
        .remove(b'+')
        .remove(b',')
        .remove(b';')
        .remove(b'=')
        .remove(b':')
        .remove(b'@');
    utf8_percent_encode(p, KEEP).to_string()
}

fn squeeze_slashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Hugo

/// Hugo's `urlize`: lower case, spaces to `-`, only characters safe in a path.
fn urlize(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_whitespace() {
            out.push('-');
        } else if c.is_alphanumeric() || "-_./~+#".contains(c) {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The post's path under `content/`, its folders and its name (a bundle's folder name).
fn content_parts(rel: &str) -> (Vec<String>, String) {
    let under = rel.strip_prefix("content/").unwrap_or(rel);
    let mut parts: Vec<&str> = under.split('/').collect();
    let file = parts.pop().unwrap_or("");
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    let name = if stem == "index" {
        parts.pop().unwrap_or(stem).to_string()
    } else {
        stem.to_string()
    };
    (parts.into_iter().map(String::from).collect(), name)
}

fn hugo(root: &Path, rel: &str, fm: &Map<String, Value>, f: &Facts) -> String {
    if let Some(url) = fm.get("url").and_then(Value::as_str) {
        return format!("/{}", url.trim_start_matches('/'));
    }
    let (dirs, name) = content_parts(rel);
    let section = dirs.first().cloned().unwrap_or_default();
    let cfg = super::command::hugo_config(root);
    let perma = cfg.get("permalinks").and_then(Value::as_object);
    let template = perma.and_then(|p| {
        p.get("page")
            .and_then(Value::as_object)
            .and_then(|pp| pp.get(&section))
            .or_else(|| p.get(&section))
            .and_then(Value::as_str)
    });
    let slug = f.slug.clone();
    let title = f.title.clone().unwrap_or_else(|| name.clone());
    let Some(t) = template else {
        let last = slug.clone().unwrap_or_else(|| name.clone());
        let mut path = dirs.join("/");
        if !path.is_empty() {
            path.push('/');
        }
        return format!("/{}/", urlize(&format!("{path}{last}")).trim_matches('/'))
            .replace("//", "/");
    };
    let mut out = t.to_string();
    let tokens: [(&str, String); 14] = [
        (
            ":slugorfilename",
            slug.clone().unwrap_or_else(|| name.clone()),
        ),
        (":filename", name.clone()),
        (":contentbasename", name.clone()),
        (":slug", slug.clone().unwrap_or_else(|| urlize(&title))),
        (":title", urlize(&title)),
        (":sections", dirs.join("/")),
        (":section", section.clone()),
        (":yearday", f.ymd("%-j")),
        (":year", f.ymd("%Y")),
        (":monthname", f.ymd("%B").to_lowercase()),
        (":month", f.ymd("%m")),
        (":weekdayname", f.ymd("%A").to_lowercase()),
        (":weekday", f.ymd("%w")),
        (":day", f.ymd("%d")),
    ];
    for (k, v) in tokens {
        out = out.replace(k, &urlize(&v));
    }
    squeeze_slashes(&format!("/{}", out.trim_start_matches('/')))
}

// ---------------------------------------------------------------------------------------
// Zola

fn zola(rel: &str, fm: &Map<String, Value>, f: &Facts) -> String {
    if let Some(p) = fm.get("path").and_then(Value::as_str) {
        return format!("/{}/", p.trim_matches('/'));
    }
    let (dirs, _) = content_parts(rel);
    let slug = f
        .slug
        .clone()
        .unwrap_or_else(|| jekyll_slugify(&f.name_slug, false, false));
    let mut parts: Vec<String> = dirs
        .iter()
        .map(|d| jekyll_slugify(d, false, false))
        .collect();
    parts.push(slug);
    format!("/{}/", parts.join("/"))
}

// ---------------------------------------------------------------------------------------
// Astro

fn astro(site: &Site, rel: &str, _fm: &Map<String, Value>, f: &Facts) -> Vec<String> {
    let dir = site
        .posts_dirs
        .iter()
        .filter(|d| rel.starts_with(&format!("{}/", d.trim_end_matches('/'))))
        .max_by_key(|d| d.len());
    let id = match dir {
        Some(d) => rel[d.trim_end_matches('/').len() + 1..].to_string(),
        None => rel.to_string(),
    };
    let id = id.rsplit_once('.').map(|(s, _)| s).unwrap_or(&id);
    let id = id.strip_suffix("/index").unwrap_or(id).to_lowercase();
    let id = f.slug.clone().unwrap_or(id);
    let collection = dir
        .and_then(|d| d.trim_end_matches('/').rsplit('/').next())
        .unwrap_or("blog")
        .to_string();
    let mut out = vec![format!("/{collection}/{id}/")];
    for c in ["blog", "posts", "post"] {
        let p = format!("/{c}/{id}/");
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out.push(format!("/{id}/"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jekyll_site(config: &str, posts: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("_config.yml"), config).unwrap();
        for (rel, text) in posts {
            let p = d.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let site = crate::site::detect(d.path()).unwrap();
        (d, site)
    }

    fn url(d: &tempfile::TempDir, site: &Site, rel: &str) -> String {
        candidates(d.path(), site, rel, &PreviewConfig::default())
            .into_iter()
            .next()
            .unwrap()
    }

    #[test]
    fn jekyll_default_date_style_with_categories_and_front_matter() {
        let (d, site) = jekyll_site(
            "title: t\n",
            &[
                ("_posts/2022-10-28-forum-php.md", "---\ntitle: F\n---\nx\n"),
                (
                    "_posts/2022-10-29-cat.md",
                    "---\ntitle: C\ncategory: 6Play\n---\n",
                ),
                (
                    "_posts/2022-10-30-cats.md",
                    "---\ntitle: C\ncategories: Web Data\n---\n",
                ),
                (
                    "_posts/2022-10-31-moved.md",
                    "---\ntitle: M\ndate: 2023-01-02 10:00:00 +0200\nslug: Other Name\n---\n",
                ),
                (
                    "_posts/2012-05-24-old.md",
                    "---\ntitle: O\npermalink: post/23664141031/old-one\n---\n",
                ),
                ("blog/_posts/2022-01-01-nested.md", "---\ntitle: N\n---\n"),
                (
                    "_posts/2022-01-02-empty-cat.md",
                    "---\ntitle: E\ncategory:\n---\n",
                ),
            ],
        );
        assert_eq!(
            url(&d, &site, "_posts/2022-10-28-forum-php.md"),
            "/2022/10/28/forum-php.html"
        );
        assert_eq!(
            url(&d, &site, "_posts/2022-10-29-cat.md"),
            "/6play/2022/10/29/cat.html"
        );
        assert_eq!(
            url(&d, &site, "_posts/2022-10-30-cats.md"),
            "/web/data/2022/10/30/cats.html"
        );
        assert_eq!(
            url(&d, &site, "_posts/2022-10-31-moved.md"),
            "/2023/01/02/Other-Name.html"
        );
        assert_eq!(
            url(&d, &site, "_posts/2012-05-24-old.md"),
            "/post/23664141031/old-one"
        );
        assert_eq!(
            url(&d, &site, "_posts/2022-01-02-empty-cat.md"),
            "/2022/01/02/empty-cat.html"
        );
    }

    #[test]
    fn jekyll_styles_and_templates() {
        let (d, site) = jekyll_site(
            "permalink: pretty\n",
            &[("_posts/2024-03-05-a-b.md", "---\ntitle: A\n---\n")],
        );
        assert_eq!(
            url(&d, &site, "_posts/2024-03-05-a-b.md"),
            "/2024/03/05/a-b/"
        );
        let (d, site) = jekyll_site(
            "permalink: /blog/:year/:slug:output_ext\n",
            &[("_posts/2024-03-05-Été Fun.md", "---\ntitle: A\n---\n")],
        );
        assert_eq!(
            url(&d, &site, "_posts/2024-03-05-Été Fun.md"),
            "/blog/2024/%C3%A9t%C3%A9-fun.html"
        );
        let (d, site) = jekyll_site(
            "permalink: none\n",
            &[("_posts/2024-03-05-x.md", "---\ntitle: A\n---\n")],
        );
        assert_eq!(url(&d, &site, "_posts/2024-03-05-x.md"), "/x.html");
    }

    #[test]
    fn hugo_sections_slugs_urls_and_permalinks() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("hugo.toml"), "baseURL = 'https://x.org/'\n").unwrap();
        let w = |rel: &str, t: &str| {
            let p = d.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, t).unwrap();
        };
        w("content/posts/My Post.md", "---\ntitle: T\n---\n");
        w(
            "content/posts/bundle/index.md",
            "---\ntitle: T\nslug: nice\n---\n",
        );
        w(
            "content/posts/u.md",
            "---\ntitle: T\nurl: /elsewhere/u/\n---\n",
        );
        let site = crate::site::detect(d.path()).unwrap();
        let u = |r: &str| candidates(d.path(), &site, r, &PreviewConfig::default())[0].clone();
        assert_eq!(u("content/posts/My Post.md"), "/posts/my-post/");
        assert_eq!(u("content/posts/bundle/index.md"), "/posts/nice/");
        assert_eq!(u("content/posts/u.md"), "/elsewhere/u/");
        std::fs::write(
            d.path().join("hugo.toml"),
            "baseURL = 'https://x.org/'\n[permalinks]\nposts = '/:year/:month/:title/'\n",
        )
        .unwrap();
        w(
            "content/posts/dated.md",
            "---\ntitle: A Dated Post\ndate: 2024-02-03\n---\n",
        );
        assert_eq!(u("content/posts/dated.md"), "/2024/02/a-dated-post/");
    }

    #[test]
    fn zola_sections_and_paths() {
        let f = |fm: &str| {
            Facts::of(
                Path::new("/nonexistent"),
                "content/blog/2024-01-02-hello-you.md",
                &read_post(fm).fm,
            )
        };
        assert_eq!(
            zola(
                "content/blog/2024-01-02-hello-you.md",
                &read_post("+++\ntitle='x'\n+++\n").fm,
                &f("+++\ntitle='x'\n+++\n")
            ),
            "/blog/hello-you/"
        );
        let fm = read_post("+++\npath = 'about/me'\n+++\n").fm;
        assert_eq!(zola("content/blog/x.md", &fm, &f("")), "/about/me/");
    }

    #[test]
    fn the_config_pattern_wins() {
        let (d, site) = jekyll_site(
            "title: t\n",
            &[("_posts/2022-10-28-forum-php.md", "---\ntitle: F\n---\n")],
        );
        let cfg = PreviewConfig {
            url: Some("/articles/{year}/{slug}/".into()),
            ..Default::default()
        };
        assert_eq!(
            candidates(d.path(), &site, "_posts/2022-10-28-forum-php.md", &cfg),
            ["/articles/2022/forum-php/"]
        );
    }
}
