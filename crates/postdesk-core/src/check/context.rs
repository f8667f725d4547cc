//! What the rules check against: the site's conventions, the fields and tags its posts use, its
//! authors, its URLs and limits, and the rule settings of `.postdesk.toml`.
//!
//! [`CheckContext::from_repo`] infers all of it from the repository for now; the shared schema
//! (`schema.rs`) can fill the same public fields later.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::post;
use super::urls::SiteUrls;
use super::Severity;
use crate::error::{Error, Result};
use crate::site::{Site, SiteKind};

/// A rule's setting in `.postdesk.toml` `[check.rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RuleLevel {
    Off,
    Notice,
    Warning,
    Error,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Notice => Some(Severity::Notice),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }

    fn parse(s: &str) -> Option<RuleLevel> {
        Some(match s {
            "off" => RuleLevel::Off,
            "notice" => RuleLevel::Notice,
            "warning" => RuleLevel::Warning,
            "error" => RuleLevel::Error,
            _ => return None,
        })
    }
}

/// The JSON type of a front-matter value, as far as the checks care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Text,
    List,
    Boolean,
    Number,
    Mapping,
}

impl FieldKind {
    pub fn of(v: &Value) -> Option<FieldKind> {
        Some(match v {
            Value::Null => return None,
            Value::String(_) => FieldKind::Text,
            Value::Array(_) => FieldKind::List,
            Value::Bool(_) => FieldKind::Boolean,
            Value::Number(_) => FieldKind::Number,
            Value::Object(_) => FieldKind::Mapping,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            FieldKind::Text => "a text",
            FieldKind::List => "a list",
            FieldKind::Boolean => "true/false",
            FieldKind::Number => "a number",
            FieldKind::Mapping => "a group of fields",
        }
    }
}

/// Everything the rules need to know about the blog.
pub struct CheckContext {
    /// Canonical repository root.
    pub root: PathBuf,
    pub site: Site,
    /// Every post (and draft) of the blog, repository-relative, sorted.
    pub posts: Vec<String>,
    /// Fields every post must have, non-empty.
    pub required_fields: Vec<String>,
    /// The type each field has in (nearly) all posts.
    pub field_kinds: HashMap<String, FieldKind>,
    /// Author ids of `_data/authors.yml`; `None` when the site has no authors data.
    pub authors: Option<HashSet<String>>,
    /// Where `authors` came from, for messages.
    pub authors_file: String,
    /// Tag → the posts that use it.
    pub tag_uses: HashMap<String, Vec<String>>,
    /// Longest description, in characters.
    pub description_max: Option<usize>,
    pub max_image_bytes: u64,
    pub max_image_width: u32,
    /// Post file name pattern (`{date}-{slug}.md`); `None` to skip file-name rules.
    pub file_name_pattern: Option<String>,
    /// Rule id → setting from `.postdesk.toml` `[check.rules]`.
    pub rule_overrides: HashMap<String, RuleLevel>,
    /// The site's heading id rule.
    pub slug: fn(&str) -> String,
    pub(crate) urls: SiteUrls,
    /// Post → ids its headings and HTML give.
    pub(crate) anchors: HashMap<String, HashSet<String>>,
    /// Image (repository-relative) → posts that link it.
    pub(crate) image_users: HashMap<String, Vec<String>>,
    /// Every post's text, joined: an image named anywhere in it is not an orphan.
    pub(crate) mentions: String,
}

/// A share of posts at or above which a field counts as required, or a type as the field's.
const REQUIRED_SHARE: f64 = 0.9;
/// Fewer posts than this and nothing is inferred.
const MIN_POSTS_TO_INFER: usize = 5;

/// `[check]` of `.postdesk.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckConfig {
    required: Option<Vec<String>>,
    description_max: Option<usize>,
    max_image_bytes: Option<u64>,
    max_image_width: Option<u32>,
    file_name_pattern: Option<String>,
    rules: Option<BTreeMap<String, toml::Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
struct FileConfig {
    check: Option<CheckConfig>,
}

impl CheckContext {
    /// Reads what the checks need from the repository at `root`: every post's front matter
    /// (required fields = present and non-empty in ≥ 90% of posts; each field's usual type; the
    /// tag vocabulary), `_data/authors.yml`, `_config.yml` `permalink`/`baseurl`, and
    /// `.postdesk.toml` `[check]`. A malformed `.postdesk.toml` or authors file is an error.
    pub fn from_repo(root: &Path, site: &Site) -> Result<CheckContext> {
        let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
        let config = read_config(&root)?;
        let posts = list_posts(&root, site);
        let texts: Vec<(String, Option<String>)> = posts
            .par_iter()
            .map(|rel| {
                let t = std::fs::read(root.join(rel))
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
                (rel.clone(), t)
            })
            .collect();
        let slug = super::slug::for_site(site.kind);
        let (permalink, baseurl) = jekyll_config(&root);
        let mut urls = SiteUrls::new(site.kind, permalink, baseurl);

        struct One {
            rel: String,
            fm: Option<serde_json::Map<String, Value>>,
            anchors: HashSet<String>,
            images: Vec<String>,
        }
        let parsed: Vec<One> = texts
            .par_iter()
            .map(|(rel, text)| match text {
                None => One {
                    rel: rel.clone(),
                    fm: None,
                    anchors: HashSet::new(),
                    images: vec![],
                },
                Some(text) => {
                    let p = post::parse(text);
                    One {
                        rel: rel.clone(),
                        anchors: post::anchors(&text[p.body_start..], slug),
                        images: super::rules::images::image_refs(site.kind, rel, text)
                            .into_iter()
                            .filter_map(|r| r.resolved)
                            .collect(),
                        fm: p.fm_error.is_none().then_some(p.fm),
                    }
                }
            })
            .collect();

        let mut present: HashMap<String, usize> = HashMap::new();
        let mut kinds: HashMap<String, HashMap<FieldKind, usize>> = HashMap::new();
        let mut tag_uses: HashMap<String, Vec<String>> = HashMap::new();
        let mut image_users: HashMap<String, Vec<String>> = HashMap::new();
        let mut anchors = HashMap::new();
        let mut parsed_posts = 0usize;
        for one in &parsed {
            for img in &one.images {
                let users = image_users.entry(img.clone()).or_default();
                if users.last() != Some(&one.rel) {
                    users.push(one.rel.clone());
                }
            }
            anchors.insert(one.rel.clone(), one.anchors.clone());
            let Some(fm) = &one.fm else { continue };
            parsed_posts += 1;
            urls.add_post(&one.rel, fm);
            for (k, v) in fm {
                if !is_empty(v) {
                    *present.entry(k.clone()).or_default() += 1;
                }
                if let Some(kind) = FieldKind::of(v) {
                    *kinds.entry(k.clone()).or_default().entry(kind).or_default() += 1;
                }
            }
            let mut seen = HashSet::new();
            for t in tags_of(fm) {
                if seen.insert(t.clone()) {
                    tag_uses.entry(t).or_default().push(one.rel.clone());
                }
            }
        }

        let required_fields = match config.required.clone() {
            Some(r) => r,
            None if parsed_posts >= MIN_POSTS_TO_INFER => {
                let mut r: Vec<String> = present
                    .iter()
                    .filter(|(_, n)| **n as f64 >= REQUIRED_SHARE * parsed_posts as f64)
                    .map(|(k, _)| k.clone())
                    .collect();
                r.sort();
                r
            }
            None => vec![],
        };
        let mut field_kinds = HashMap::new();
        for (field, counts) in kinds {
            let total: usize = counts.values().sum();
            if total < MIN_POSTS_TO_INFER {
                continue;
            }
            if let Some((kind, n)) = counts.iter().max_by_key(|(_, n)| **n) {
                if *n as f64 >= REQUIRED_SHARE * total as f64 {
                    field_kinds.insert(field, *kind);
                }
            }
        }

        let (authors, authors_file) = read_authors(&root, site)?;
        let mut mentions = String::new();
        for (_, t) in &texts {
            if let Some(t) = t {
                mentions.push_str(t);
                mentions.push('\n');
            }
        }
        let mut rule_overrides = HashMap::new();
        if let Some(rules) = &config.rules {
            for (k, v) in rules {
                rule_overrides.insert(k.clone(), RuleLevel::parse(v.get_ref()).unwrap());
            }
        }
        Ok(CheckContext {
            posts,
            required_fields,
            field_kinds,
            authors,
            authors_file,
            tag_uses,
            description_max: config.description_max.or(match site.kind {
                SiteKind::Jekyll => Some(160),
                _ => None,
            }),
            max_image_bytes: config.max_image_bytes.unwrap_or(500 * 1000),
            max_image_width: config.max_image_width.unwrap_or(site.max_image_width),
            file_name_pattern: config
                .file_name_pattern
                .clone()
                .or_else(|| Some(site.file_pattern.clone())),
            rule_overrides,
            slug,
            urls,
            anchors,
            image_users,
            mentions,
            root,
            site: site.clone(),
        })
    }

    /// The posts that link an image (repository-relative path).
    pub fn posts_linking(&self, image: &str) -> Vec<String> {
        self.image_users.get(image).cloned().unwrap_or_default()
    }

    /// Whether a post lives in the drafts folder (no dated file name needed).
    pub(crate) fn is_draft(&self, rel: &str) -> bool {
        self.site
            .drafts_dir
            .as_deref()
            .is_some_and(|d| !d.is_empty() && rel.starts_with(&format!("{d}/")))
    }
}

pub(crate) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// `tags: [a, b]`, or `tags: a b` (Jekyll splits a text on spaces).
pub(crate) fn tags_of(fm: &serde_json::Map<String, Value>) -> Vec<String> {
    match fm.get("tags") {
        Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => vec![],
    }
}

fn list_posts(root: &Path, site: &Site) -> Vec<String> {
    let mut dirs: Vec<&str> = site.posts_dirs.iter().map(String::as_str).collect();
    if let Some(d) = site.drafts_dir.as_deref() {
        dirs.push(d);
    }
    let mut out = Vec::new();
    for dir in dirs {
        let base = root.join(dir);
        if !base.is_dir() {
            continue;
        }
        for e in walkdir::WalkDir::new(&base)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || {
                    let n = e.file_name().to_str().unwrap_or("");
                    !n.starts_with('.')
                        && !matches!(n, "node_modules" | "vendor" | "_site" | "target")
                }
            })
            .filter_map(|e| e.ok())
        {
            if e.file_type().is_file() {
                if let Some(rel) = crate::paths::relative(root, e.path()) {
                    if post::is_markdown(&rel) || post::is_extensionless(&rel) {
                        out.push(rel);
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn read_config(root: &Path) -> Result<CheckConfig> {
    let path = root.join(".postdesk.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(CheckConfig::default()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    parse_config(&text)
}

fn parse_config(text: &str) -> Result<CheckConfig> {
    let file: FileConfig = toml::from_str(text).map_err(|e| {
        let (line, col) = e
            .span()
            .map(|s| crate::frontmatter::line_col(text, s.start))
            .unwrap_or((1, 1));
        // Name the key of that line, when the line has one.
        let key = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| format!(" `{}`:", k.trim()))
            .unwrap_or_default();
        Error::config(format!(
            ".postdesk.toml line {line}, column {col}:{key} {}; fix that line (see `postdesk check --help` for the [check] keys)",
            e.message().trim()
        ))
    })?;
    let config = file.check.unwrap_or_default();
    if let Some(rules) = &config.rules {
        for (k, v) in rules {
            let (line, _) = crate::frontmatter::line_col(text, v.span().start);
            if super::default_severity(k).is_none() {
                let ids: Vec<&str> = super::RULES.iter().map(|r| r.0).collect();
                return Err(Error::config(format!(
                    ".postdesk.toml line {line}: `{k}` in [check.rules] is not a rule id; the rules are: {}",
                    ids.join(", ")
                )));
            }
            if RuleLevel::parse(v.get_ref()).is_none() {
                return Err(Error::config(format!(
                    ".postdesk.toml line {line}: `{k} = \"{}\"` in [check.rules]: use \"off\", \"notice\", \"warning\" or \"error\"",
                    v.get_ref()
                )));
            }
        }
    }
    Ok(config)
}

/// `permalink` and `baseurl` of `_config.yml`.
fn jekyll_config(root: &Path) -> (Option<String>, Option<String>) {
    use saphyr::LoadableYamlNode;
    for name in ["_config.yml", "_config.yaml"] {
        let Ok(text) = std::fs::read_to_string(root.join(name)) else {
            continue;
        };
        let Ok(docs) = saphyr::Yaml::load_from_str(&text) else {
            return (None, None);
        };
        let Some(doc) = docs.first() else {
            return (None, None);
        };
        let v = crate::frontmatter::yaml_to_json(doc);
        let get = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        return (get("permalink"), get("baseurl"));
    }
    (None, None)
}

/// Top-level keys of `_data/authors.yml` (Jekyll). `None` when there is no such file.
fn read_authors(root: &Path, site: &Site) -> Result<(Option<HashSet<String>>, String)> {
    use saphyr::LoadableYamlNode;
    if site.kind != SiteKind::Jekyll {
        return Ok((None, String::new()));
    }
    for name in ["_data/authors.yml", "_data/authors.yaml"] {
        let path = root.join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let docs = saphyr::Yaml::load_from_str(&text).map_err(|e| {
            Error::config(format!(
                "{name} line {} column {}: {}; fix it so author ids can be checked",
                e.marker().line(),
                e.marker().col() + 1,
                e.info()
            ))
        })?;
        let ids = match docs.first().map(crate::frontmatter::yaml_to_json) {
            Some(Value::Object(m)) => m.keys().cloned().collect(),
            // A list of authors with an `id` field (some themes).
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.get("id").and_then(|i| i.as_str()).map(str::to_string))
                .collect(),
            _ => HashSet::new(),
        };
        return Ok((Some(ids), name.to_string()));
    }
    Ok((None, String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_errors_name_line_and_key() {
        let e = parse_config("[check.rules]\nimg-too-large = \"loud\"\n").unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::Config);
        assert!(
            e.message.contains("line 2") && e.message.contains("img-too-large"),
            "{}",
            e.message
        );
        let e = parse_config("[check.rules]\nimg-too-larg = \"off\"\n").unwrap_err();
        assert!(
            e.message.contains("img-too-larg") && e.message.contains("not a rule"),
            "{}",
            e.message
        );
        let e = parse_config("[check]\ndescription_max = \"x\"\n").unwrap_err();
        assert!(e.message.contains("line 2"), "{}", e.message);
        let e = parse_config("[check\n").unwrap_err();
        assert!(e.message.contains("line 1"), "{}", e.message);
        let ok = parse_config("[site]\nkind = \"jekyll\"\n[check]\ndescription_max = 150\n[check.rules]\nimg-gps = \"warning\"\n").unwrap();
        assert_eq!(ok.description_max, Some(150));
    }
}
