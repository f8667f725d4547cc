//! What the rules check against: the site's conventions, the fields and tags its posts use, its
//! authors, its URLs and limits, and the rule settings of `.postdesk.toml`.
//!
//! Built from what the [`Workspace`](crate::workspace::Workspace) knows already (the config,
//! the authors, the schema's required fields, the post list), or read from the repository by
//! [`CheckContext::from_repo`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::post;
use super::urls::SiteUrls;
use super::Severity;
use crate::authors::Authors;
use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::schema::{self, Schema};
use crate::site::{Site, SiteKind};

/// A rule's setting in `.postdesk.toml` `[check.rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
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

    pub(crate) fn parse(s: &str) -> Option<RuleLevel> {
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
    pub(crate) urls: SiteUrls,
    /// Post → ids its headings and HTML give.
    pub(crate) anchors: HashMap<String, HashSet<String>>,
    /// Image (repository-relative) → posts that link it.
    pub(crate) image_users: HashMap<String, Vec<String>>,
    /// Every post's text, joined: an image named anywhere in it is not an orphan.
    pub(crate) mentions: String,
}

/// A share of posts at or above which a type counts as the field's.
const TYPE_SHARE: f64 = 0.9;
/// Fewer posts than this with a field and its type is not inferred.
const MIN_POSTS_TO_INFER: usize = 5;

impl CheckContext {
    /// Reads what the checks need from the repository at `root`: `.postdesk.toml`, the
    /// authors, the posts and the schema inferred from them. A malformed `.postdesk.toml` or
    /// authors file is an error.
    pub fn from_repo(root: &Path, site: &Site) -> Result<CheckContext> {
        let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
        let config = config::load(&root)?.unwrap_or_default();
        let authors = Authors::read(&root, site.kind);
        let posts = crate::index::post_files(&root, site);
        let schema = schema::infer_with(&root, site, &posts, &authors);
        Self::build(&root, site, &config, &authors, &schema, posts)
    }

    /// What the checks need, from what is known of the blog already: its `.postdesk.toml`, its
    /// authors, its schema (required fields) and its posts (repository-relative, sorted). Reads
    /// every post for what only the checks use (headings, image links, tags, `_config.yml`).
    pub fn build(
        root: &Path,
        site: &Site,
        config: &Config,
        authors: &Authors,
        schema: &Schema,
        posts: Vec<String>,
    ) -> Result<CheckContext> {
        if let Some(e) = &authors.error {
            return Err(Error::config(e.clone()));
        }
        let root = root.to_path_buf();
        let texts = read_posts(&root, &posts);
        let (permalink, baseurl) = jekyll_config(&root);
        let mut urls = SiteUrls::new(site.kind, permalink, baseurl);
        let parsed = parse_posts(site.kind, &texts);
        let mut stats = Stats::default();
        for one in &parsed {
            stats.add(one, &mut urls);
        }
        let mut required_fields: Vec<String> = schema
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name.clone())
            .collect();
        required_fields.sort();
        let mut mentions = String::new();
        for (_, t) in &texts {
            if let Some(t) = t {
                mentions.push_str(t);
                mentions.push('\n');
            }
        }
        Ok(CheckContext {
            posts,
            required_fields,
            field_kinds: stats.field_kinds(),
            authors: authors.ids(),
            authors_file: authors.source.clone().unwrap_or_default(),
            tag_uses: stats.tag_uses,
            description_max: site
                .description_max
                .map(|m| m as usize)
                .or(match site.kind {
                    SiteKind::Jekyll => Some(160),
                    _ => None,
                }),
            max_image_bytes: config.check.max_image_bytes.unwrap_or(500 * 1000),
            max_image_width: site.max_image_width,
            file_name_pattern: Some(site.file_pattern.clone()),
            rule_overrides: config
                .check
                .rules
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            urls,
            anchors: stats.anchors,
            image_users: stats.image_users,
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

/// A value that says nothing (the schema's rule for "filled").
pub(crate) fn is_empty(v: &Value) -> bool {
    schema::is_blank(v)
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

/// Every post's text (`None`: unreadable or not UTF-8), in the order of `posts`.
fn read_posts(root: &Path, posts: &[String]) -> Vec<(String, Option<String>)> {
    posts
        .par_iter()
        .map(|rel| {
            let t = std::fs::read(root.join(rel))
                .ok()
                .and_then(|b| String::from_utf8(b).ok());
            (rel.clone(), t)
        })
        .collect()
}

/// What the checks keep of one post.
struct One {
    rel: String,
    fm: Option<serde_json::Map<String, Value>>,
    anchors: HashSet<String>,
    images: Vec<String>,
}

fn parse_posts(kind: SiteKind, texts: &[(String, Option<String>)]) -> Vec<One> {
    texts
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
                    anchors: post::anchors(&text[p.body_start..], kind),
                    images: super::rules::images::image_refs(kind, rel, text)
                        .into_iter()
                        .filter_map(|r| r.resolved)
                        .collect(),
                    fm: p.fm_error.is_none().then_some(p.fm),
                }
            }
        })
        .collect()
}

/// What is gathered over all the posts.
#[derive(Default)]
struct Stats {
    kinds: HashMap<String, HashMap<FieldKind, usize>>,
    tag_uses: HashMap<String, Vec<String>>,
    image_users: HashMap<String, Vec<String>>,
    anchors: HashMap<String, HashSet<String>>,
}

impl Stats {
    fn add(&mut self, one: &One, urls: &mut SiteUrls) {
        for img in &one.images {
            let users = self.image_users.entry(img.clone()).or_default();
            if users.last() != Some(&one.rel) {
                users.push(one.rel.clone());
            }
        }
        self.anchors.insert(one.rel.clone(), one.anchors.clone());
        let Some(fm) = &one.fm else { return };
        urls.add_post(&one.rel, fm);
        for (k, v) in fm {
            if let Some(kind) = FieldKind::of(v) {
                *self
                    .kinds
                    .entry(k.clone())
                    .or_default()
                    .entry(kind)
                    .or_default() += 1;
            }
        }
        let mut seen = HashSet::new();
        for t in tags_of(fm) {
            if seen.insert(t.clone()) {
                self.tag_uses.entry(t).or_default().push(one.rel.clone());
            }
        }
    }

    /// The type each field has in (nearly) all the posts that have it.
    fn field_kinds(&self) -> HashMap<String, FieldKind> {
        let mut out = HashMap::new();
        for (field, counts) in &self.kinds {
            let total: usize = counts.values().sum();
            if total < MIN_POSTS_TO_INFER {
                continue;
            }
            if let Some((kind, n)) = counts.iter().max_by_key(|(_, n)| **n) {
                if *n as f64 >= TYPE_SHARE * total as f64 {
                    out.insert(field.clone(), *kind);
                }
            }
        }
        out
    }
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
