//! The URLs a site publishes its posts at, to tell a link to a post from a dangling one.
//!
//! Jekyll: `_config.yml` `permalink` (default `date`: `/:categories/:year/:month/:day/:title.html`),
//! a post's own `permalink`, and the `redirect_from` entries of jekyll-redirect-from. URLs are
//! compared normalized: no leading or trailing `/`, no `.html`, no trailing `index`, decoded.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::site::SiteKind;

#[derive(Debug, Default)]
pub(crate) struct SiteUrls {
    /// Normalized URL → post.
    pub by_url: HashMap<String, String>,
    /// File stem (`2022-10-28-forum-php`) → post, for `{% post_url %}`.
    pub by_stem: HashMap<String, String>,
    /// Slug (`forum-php`) → posts.
    pub by_slug: HashMap<String, Vec<String>>,
    /// Post → its canonical URL, as written in a link (`/2022/10/28/forum-php.html`).
    pub canonical: HashMap<String, String>,
    pub baseurl: String,
    pub permalink: String,
    pub kind: Option<SiteKind>,
}

impl SiteUrls {
    pub fn new(kind: SiteKind, permalink: Option<String>, baseurl: Option<String>) -> Self {
        SiteUrls {
            permalink: permalink.unwrap_or_else(|| "date".into()),
            baseurl: baseurl.unwrap_or_default().trim_matches('/').to_string(),
            kind: Some(kind),
            ..Default::default()
        }
    }

    pub fn add_post(&mut self, rel: &str, fm: &Map<String, Value>) {
        let stem = super::post::stem(rel).to_string();
        let (date, slug) = split_stem(&stem);
        let slug = fm
            .get("slug")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or(slug);
        self.by_stem.insert(stem.clone(), rel.to_string());
        self.by_slug
            .entry(slug.clone())
            .or_default()
            .push(rel.to_string());
        let mut urls = Vec::new();
        if self.kind == Some(SiteKind::Jekyll) {
            let date = fm
                .get("date")
                .and_then(|v| v.as_str())
                .and_then(|d| d.get(..10))
                .map(str::to_string)
                .or(date);
            let cats = categories(fm);
            let pattern = match fm.get("permalink").and_then(|v| v.as_str()) {
                Some(p) if !p.trim().is_empty() => p.to_string(),
                _ => style(&self.permalink).to_string(),
            };
            urls.push(expand(&pattern, date.as_deref(), &slug, &cats));
            for r in strings(fm.get("redirect_from")) {
                urls.push(r);
            }
        } else {
            // Other generators: the path without its extension, from the content folder.
            let no_ext = rel.rsplit_once('.').map(|(a, _)| a).unwrap_or(rel);
            urls.push(format!("/{no_ext}"));
            if let Some(p) = fm
                .get("permalink")
                .or(fm.get("url"))
                .and_then(|v| v.as_str())
            {
                urls.push(p.to_string());
            }
            for a in strings(fm.get("aliases")) {
                urls.push(a);
            }
        }
        if let Some(first) = urls.first() {
            self.canonical.insert(rel.to_string(), first.clone());
        }
        for u in urls {
            self.by_url.insert(self.normalize(&u), rel.to_string());
        }
    }

    /// The post a site-absolute URL path publishes, if any.
    pub fn post_at(&self, path: &str) -> Option<&String> {
        self.by_url.get(&self.normalize(path))
    }

    pub fn normalize(&self, path: &str) -> String {
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .map(|c| c.into_owned())
            .unwrap_or_else(|_| path.to_string());
        let mut p = decoded.trim_matches('/');
        if !self.baseurl.is_empty() {
            if let Some(r) = p.strip_prefix(self.baseurl.as_str()) {
                p = r.trim_start_matches('/');
            }
        }
        let p = p.strip_suffix(".html").unwrap_or(p);
        let p = p.strip_suffix("/index").unwrap_or(p);
        let p = if p == "index" { "" } else { p };
        p.trim_matches('/').to_string()
    }

    /// Whether a link looks like it means a post: the date shape of the permalink
    /// (`…/2022/10/28/x`) or the slug of an existing post as its last segment.
    pub fn looks_like_post(&self, path: &str) -> bool {
        let n = self.normalize(path);
        let segs: Vec<&str> = n.split('/').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let dated = segs.windows(2).any(|w| digits(w[0], 4) && digits(w[1], 2));
        dated || segs.last().is_some_and(|s| self.by_slug.contains_key(*s))
    }

    /// The canonical URL of the post whose slug is the link's last segment, for "did you mean".
    pub fn suggest(&self, path: &str) -> Option<String> {
        let n = self.normalize(path);
        let last = n.rsplit('/').next()?;
        let posts = self.by_slug.get(last)?;
        posts.first().and_then(|p| self.canonical.get(p)).cloned()
    }
}

/// `2022-10-28-forum-php` → (Some("2022-10-28"), "forum-php").
pub(crate) fn split_stem(stem: &str) -> (Option<String>, String) {
    match crate::index::date_from_name(stem) {
        Some(d) if stem.len() > 11 && stem.as_bytes()[10] == b'-' => {
            (Some(d), stem[11..].to_string())
        }
        Some(d) => (Some(d), String::new()),
        None => (None, stem.to_string()),
    }
}

fn style(p: &str) -> &str {
    match p {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    }
}

fn categories(fm: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["category", "categories"] {
        match fm.get(key) {
            Some(Value::String(s)) => out.extend(s.split_whitespace().map(str::to_lowercase)),
            Some(Value::Array(a)) => {
                out.extend(a.iter().filter_map(|v| v.as_str()).map(str::to_lowercase))
            }
            _ => {}
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| seen.insert(c.clone()));
    out
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => vec![],
    }
}

fn expand(pattern: &str, date: Option<&str>, slug: &str, cats: &[String]) -> String {
    let (y, m, d) = match date {
        Some(d) if d.len() >= 10 => (&d[0..4], &d[5..7], &d[8..10]),
        _ => ("", "", ""),
    };
    let mut out = pattern
        .replace(":categories", &cats.join("/"))
        .replace(":output_ext", ".html")
        .replace(":short_year", y.get(2..).unwrap_or(""))
        .replace(":year", y)
        .replace(":i_month", m.trim_start_matches('0'))
        .replace(":month", m)
        .replace(":i_day", d.trim_start_matches('0'))
        .replace(":day", d)
        .replace(":title", slug)
        .replace(":slug", slug);
    while out.contains("//") {
        out = out.replace("//", "/");
    }
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_urls() {
        let mut u = SiteUrls::new(SiteKind::Jekyll, None, None);
        let fm: Map<String, Value> =
            serde_json::from_str(r#"{"category":"Data","redirect_from":["/old/"]}"#).unwrap();
        u.add_post("_posts/2017-10-23-genesis.md", &fm);
        let fm2: Map<String, Value> =
            serde_json::from_str(r#"{"permalink":"redis-on-fire"}"#).unwrap();
        u.add_post("_posts/2013-05-22-redis.md", &fm2);
        // Each address finds its own post, not just some post.
        let genesis = Some("_posts/2017-10-23-genesis.md");
        let redis = Some("_posts/2013-05-22-redis.md");
        assert_eq!(
            u.post_at("/data/2017/10/23/genesis.html")
                .map(String::as_str),
            genesis
        );
        assert_eq!(
            u.post_at("/data/2017/10/23/genesis").map(String::as_str),
            genesis
        );
        assert_eq!(u.post_at("/old").map(String::as_str), genesis);
        assert_eq!(u.post_at("/redis-on-fire/").map(String::as_str), redis);
        assert!(u.post_at("/2017/10/23/genesis").is_none());
        assert!(u.looks_like_post("/2017/10/23/genesis"));
        assert_eq!(
            u.suggest("/2017/10/23/genesis").as_deref(),
            Some("/data/2017/10/23/genesis.html")
        );
        assert!(!u.looks_like_post("/tags/"));
    }
}
