//! The blog's front-matter schema, inferred from its posts and data files: each field's type,
//! how often it appears, whether it is required, the values seen (tag vocabulary, layouts,
//! languages), the usual order of fields, the defaults new posts share, and the authors.
//!
//! An Astro content-collection schema (`z.object({...})` in `src/content.config.ts` or
//! `src/content/config.ts`) wins over inference for the fields it names; `.postdesk.toml`
//! (`required_fields`, `description_max`, `[defaults]`) wins over both.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::authors::Authors;
use crate::frontmatter::{self, Format};
use crate::index;
use crate::site::{Site, SiteKind};

/// What kind of value a field holds; the form picks its widget from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldType {
    /// One line of text.
    String,
    /// Longer text (a description): a text area.
    Text,
    /// `YYYY-MM-DD`, possibly with a time.
    Date,
    Bool,
    Number,
    /// A list of short strings (tags, authors).
    StringList,
    /// `rgb(…)`, `hsl(…)` or `#rrggbb`.
    Color,
    /// A path or URL of an image (`.jpg`, `.png`, …).
    Image,
    /// A nested map of fields.
    Map,
    /// A list of something else than strings.
    List,
}

/// Who decided a field's type and whether it is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldSource {
    /// Inferred from the existing posts.
    Inferred,
    /// Named by the Astro content-collection schema (zod).
    Zod,
    /// Named in `.postdesk.toml`.
    Config,
}

/// A value seen in the posts and how many posts use it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ValueCount {
    pub value: String,
    pub count: u32,
}

/// One front-matter field.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// How many readable posts have it.
    pub count: u32,
    /// `count` / number of readable posts, 0 to 1.
    pub frequency: f64,
    /// Required: filled in ≥ 90% of the posts (of 5 or more), or named so by the zod schema or
    /// `.postdesk.toml`. `postdesk check` and the form both go by it.
    pub required: bool,
    pub source: FieldSource,
    /// Values seen, most used first (vocabularies only: tags, layouts, languages, authors…).
    pub values: Vec<ValueCount>,
    /// The only values allowed (a zod `z.enum`).
    pub options: Vec<String>,
    /// The value most recent posts share, used by new posts.
    #[ts(type = "unknown")]
    pub default: Option<Value>,
    /// `authors` when the field holds author ids.
    pub relation: Option<String>,
    /// Longest value allowed, in characters (zod `.max(n)`, `description_max`).
    pub max_length: Option<u32>,
    /// Whether a new post gets this field (most recent posts have it, or it is required).
    pub in_new_post: bool,
}

pub use crate::authors::Author;

/// The inferred schema of a blog's posts.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Schema {
    /// Front-matter syntax most posts use.
    pub format: Format,
    /// Whether lists are written inline (`tags: [a, b]`) rather than one item a line.
    pub flow_lists: bool,
    /// Posts whose front matter could be read.
    pub posts: u32,
    /// Fields in the order most posts write them.
    pub fields: Vec<Field>,
    pub authors: Vec<Author>,
    /// Repository-relative file or folder the authors came from.
    pub authors_source: Option<String>,
    /// Repository-relative zod schema file used, if any.
    pub zod_source: Option<String>,
    /// The collection of that file whose schema was used.
    pub zod_collection: Option<String>,
}

impl Schema {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// How many of the newest posts decide what a new post looks like.
const RECENT: usize = 50;

struct Parsed {
    date: Option<String>,
    fm: Map<String, Value>,
    order: Vec<String>,
    format: Format,
    flow_lists: i32,
}

/// Infers the schema of the blog at `root` from its posts and data files.
pub fn infer(root: &Path, site: &Site) -> Schema {
    let files = index::post_files(root, site);
    infer_with(root, site, &files, &Authors::read(root, site.kind))
}

/// A share of posts at or above which a field is required.
pub const REQUIRED_SHARE: f64 = 0.9;
/// With fewer readable posts than this, no field is inferred to be required.
pub const MIN_POSTS_TO_INFER: usize = 5;

/// [`infer`] from the blog's post files (repository-relative) and authors, read already.
pub fn infer_with(root: &Path, site: &Site, files: &[String], authors: &Authors) -> Schema {
    let mut parsed: Vec<Parsed> = files
        .par_iter()
        .filter_map(|rel| parse_post(root, rel))
        .collect();
    parsed.sort_by(|a, b| b.date.cmp(&a.date));
    let n = parsed.len();
    let recent = &parsed[..n.min(RECENT)];

    // Per-field statistics.
    #[derive(Default)]
    struct Stat {
        count: u32,
        /// Posts where it has a value (not null, blank, `[]` or `{}`).
        filled: u32,
        recent: u32,
        types: HashMap<FieldType, u32>,
        values: HashMap<String, u32>,
        distinct_scalars: u32,
        pos_sum: f64,
        recent_values: HashMap<String, (u32, Value)>,
    }
    let mut stats: BTreeMap<String, Stat> = BTreeMap::new();
    for (i, p) in parsed.iter().enumerate() {
        let len = p.order.len().max(2) as f64 - 1.0;
        for (k, v) in &p.fm {
            let st = stats.entry(k.clone()).or_default();
            st.count += 1;
            if !is_blank(v) {
                st.filled += 1;
            }
            let pos = p.order.iter().position(|o| o == k).unwrap_or(p.order.len());
            st.pos_sum += pos as f64 / len;
            if let Some(t) = classify(k, v) {
                *st.types.entry(t).or_default() += 1;
            }
            match v {
                Value::String(s) if !s.is_empty() && s.len() <= 80 => {
                    *st.values.entry(s.clone()).or_default() += 1;
                }
                Value::Bool(b) => *st.values.entry(b.to_string()).or_default() += 1,
                Value::Array(a) => {
                    for x in a {
                        if let Some(s) = x.as_str().filter(|s| !s.is_empty() && s.len() <= 80) {
                            *st.values.entry(s.to_string()).or_default() += 1;
                        }
                    }
                }
                _ => {}
            }
            if matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                st.distinct_scalars += 1;
            }
            if i < recent.len() {
                st.recent += 1;
                if !matches!(v, Value::Null) && v != &Value::String(String::new()) {
                    let key = v.to_string();
                    let e = st.recent_values.entry(key).or_insert((0, v.clone()));
                    e.0 += 1;
                }
            }
        }
    }

    let has_authors = !authors.list.is_empty();
    let mut fields: Vec<(f64, Field)> = stats
        .into_iter()
        .map(|(name, st)| {
            let field_type = match pick_type(&st.types) {
                FieldType::Text if name == "title" => FieldType::String,
                t => t,
            };
            let frequency = if n == 0 {
                0.0
            } else {
                st.count as f64 / n as f64
            };
            let vocabulary = matches!(field_type, FieldType::StringList)
                || (matches!(
                    field_type,
                    FieldType::String | FieldType::Color | FieldType::Bool
                ) && (st.values.len() as u32) <= (st.count / 3).max(12));
            let mut values: Vec<ValueCount> = if vocabulary && !is_unique_field(&name) {
                st.values
                    .into_iter()
                    .map(|(value, count)| ValueCount { value, count })
                    .collect()
            } else {
                vec![]
            };
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            values.truncate(500);
            let default = if is_unique_field(&name)
                || !matches!(
                    field_type,
                    FieldType::String | FieldType::Color | FieldType::Bool | FieldType::Number
                ) {
                None
            } else {
                st.recent_values
                    .into_values()
                    .max_by(|a, b| {
                        a.0.cmp(&b.0)
                            .then_with(|| b.1.to_string().cmp(&a.1.to_string()))
                    })
                    .filter(|(c, _)| *c as f64 >= 0.6 * st.recent.max(1) as f64 && *c >= 2)
                    .map(|(_, v)| v)
            };
            let relation = (has_authors && matches!(name.as_str(), "author" | "authors"))
                .then(|| "authors".to_string());
            let in_new_post = (st.recent as f64) > 0.5 * recent.len() as f64;
            let pos = st.pos_sum / st.count.max(1) as f64;
            (
                pos,
                Field {
                    name,
                    field_type,
                    count: st.count,
                    frequency,
                    required: n >= MIN_POSTS_TO_INFER
                        && st.filled as f64 >= REQUIRED_SHARE * n as f64,
                    source: FieldSource::Inferred,
                    values,
                    options: vec![],
                    default,
                    relation,
                    max_length: None,
                    in_new_post,
                },
            )
        })
        .collect();
    fields.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.count.cmp(&a.1.count)));
    let mut fields: Vec<Field> = fields.into_iter().map(|(_, f)| f).collect();

    // Astro's zod schema wins for the fields it names.
    let mut zod_source = None;
    let mut zod_collection = None;
    if let Some(cfg) = site.content_config.as_deref() {
        if let Ok(text) = std::fs::read_to_string(root.join(cfg)) {
            let collections = zod::collections(&text);
            let chosen = zod::pick(&collections, &site.posts_dirs);
            if let Some(c) = chosen {
                zod_source = Some(cfg.to_string());
                zod_collection = Some(c.name.clone());
                for zf in &c.fields {
                    let f = match fields.iter_mut().find(|f| f.name == zf.name) {
                        Some(f) => f,
                        None => {
                            fields.push(empty_field(&zf.name, zf.field_type));
                            fields.last_mut().expect("just pushed")
                        }
                    };
                    f.field_type = zf.field_type;
                    f.required = zf.required;
                    f.source = FieldSource::Zod;
                    f.options = zf.options.clone();
                    if zf.default.is_some() {
                        f.default = zf.default.clone();
                    }
                    if zf.max_length.is_some() {
                        f.max_length = zf.max_length;
                    }
                    if let Some(r) = &zf.relation {
                        f.relation = Some(r.clone());
                    }
                    if zf.required {
                        f.in_new_post = true;
                    }
                }
            }
        }
    }

    // `.postdesk.toml` wins over both.
    if !site.required_fields.is_empty() {
        for f in fields.iter_mut() {
            f.required = site.required_fields.contains(&f.name);
            if f.required {
                f.source = FieldSource::Config;
                f.in_new_post = true;
            }
        }
        for name in &site.required_fields {
            if !fields.iter().any(|f| &f.name == name) {
                let mut f = empty_field(name, FieldType::String);
                f.required = true;
                f.source = FieldSource::Config;
                f.in_new_post = true;
                fields.push(f);
            }
        }
    }
    if let Some(max) = site.description_max {
        if let Some(f) = fields.iter_mut().find(|f| f.name == "description") {
            f.max_length = Some(max);
        }
    }
    for (k, v) in &site.defaults {
        let f = match fields.iter_mut().find(|f| &f.name == k) {
            Some(f) => f,
            None => {
                fields.push(empty_field(k, classify(k, v).unwrap_or(FieldType::String)));
                fields.last_mut().expect("just pushed")
            }
        };
        f.default = Some(v.clone());
        f.in_new_post = true;
    }
    if let Some(t) = fields.iter_mut().find(|f| f.name == "title") {
        t.in_new_post = true;
    }

    let yaml = parsed.iter().filter(|p| p.format == Format::Yaml).count();
    let format = if n == 0 {
        match site.kind {
            SiteKind::Zola => Format::Toml,
            _ => Format::Yaml,
        }
    } else if yaml * 2 >= n {
        Format::Yaml
    } else {
        Format::Toml
    };
    let flow: i32 = recent.iter().map(|p| p.flow_lists).sum();
    Schema {
        format,
        flow_lists: flow >= 0,
        posts: n as u32,
        fields,
        authors: authors.list.clone(),
        authors_source: authors.source.clone(),
        zod_source,
        zod_collection,
    }
}

/// A value that says nothing: null, blank text, an empty list or map.
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn empty_field(name: &str, t: FieldType) -> Field {
    Field {
        name: name.to_string(),
        field_type: t,
        count: 0,
        frequency: 0.0,
        required: false,
        source: FieldSource::Inferred,
        values: vec![],
        options: vec![],
        default: None,
        relation: None,
        max_length: None,
        in_new_post: false,
    }
}

/// Fields whose value is specific to each post: no shared default, no vocabulary.
fn is_unique_field(name: &str) -> bool {
    matches!(
        name,
        "title"
            | "description"
            | "summary"
            | "excerpt"
            | "slug"
            | "permalink"
            | "url"
            | "date"
            | "pubDate"
            | "publishDate"
            | "pubDatetime"
            | "updated"
            | "updatedDate"
            | "lastmod"
            | "youtubeId"
            | "thumbnail"
            | "image"
            | "cover"
            | "heroImage"
            | "feature-img"
            | "redirect_from"
            | "aliases"
    )
}

fn parse_post(root: &Path, rel: &str) -> Option<Parsed> {
    let bytes = std::fs::read(root.join(rel)).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let fm = frontmatter::read_lenient(&text).ok()?;
    let split = frontmatter::split(&text).ok()?;
    let format = split.format?;
    let raw = &text[split.matter];
    let date = index::DATE_KEYS
        .iter()
        .filter_map(|k| fm.get(*k).and_then(|d| d.as_str()))
        .find_map(|d| index::date_from_name(d.trim()))
        .or_else(|| index::date_from_path(rel));
    let mut flow_lists: i32 = 0;
    for l in raw.lines() {
        let t = l.trim();
        if t.starts_with("- ") && l.starts_with([' ', '-']) {
            flow_lists -= 1;
        } else if t.contains(": [") || t.contains("= [") {
            flow_lists += 1;
        }
    }
    Some(Parsed {
        date,
        order: key_order(raw, format),
        fm,
        format,
        flow_lists: flow_lists.signum(),
    })
}

/// The top-level keys of a front matter, in the order they are written.
pub fn key_order(raw: &str, format: Format) -> Vec<String> {
    let mut out = Vec::new();
    match format {
        Format::Yaml => {
            let mut indent: Option<usize> = None;
            for line in raw.lines() {
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with(['#', '-']) {
                    continue;
                }
                let ind = line.len() - trimmed.len();
                if indent.is_some_and(|i| ind != i) {
                    continue;
                }
                if let Some(k) = yaml_key(trimmed) {
                    indent.get_or_insert(ind);
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
        }
        Format::Toml => {
            let mut in_table = false;
            for line in raw.lines() {
                let t = line.trim();
                if let Some(table) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
                    let k = table
                        .trim_start_matches('[')
                        .split('.')
                        .next()
                        .unwrap_or("");
                    let k = k.trim().trim_matches('"').to_string();
                    if !k.is_empty() && !out.contains(&k) {
                        out.push(k);
                    }
                    // Keys below belong to the table.
                    in_table = true;
                    continue;
                }
                if in_table || line.starts_with([' ', '\t']) {
                    continue;
                }
                if let Some((k, _)) = t.split_once('=') {
                    let k = k.trim().trim_matches('"').to_string();
                    if !k.is_empty() && !k.contains(' ') && !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
        }
    }
    out
}

fn yaml_key(t: &str) -> Option<String> {
    let (k, rest) = if let Some(q) = t.strip_prefix('"') {
        let end = q.find('"')?;
        (q[..end].to_string(), &q[end + 1..])
    } else {
        let i = t.find(':')?;
        (t[..i].trim_end().to_string(), &t[i..])
    };
    let rest = rest.strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with([' ', '\t']) && !k.is_empty()).then_some(k)
}

/// The type of one value. `None` for empty values (null, `""`, `[]`), which say nothing.
pub fn classify(name: &str, v: &Value) -> Option<FieldType> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => FieldType::Bool,
        Value::Number(_) => FieldType::Number,
        Value::Object(_) => FieldType::Map,
        Value::Array(a) if a.is_empty() => FieldType::StringList,
        Value::Array(a) => {
            if a.iter().all(|x| x.is_string() || x.is_number()) {
                FieldType::StringList
            } else {
                FieldType::List
            }
        }
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            let lower = s.to_ascii_lowercase();
            if index::date_from_name(s).is_some() && s.len() <= 35 {
                FieldType::Date
            } else if is_color(&lower) {
                FieldType::Color
            } else if [".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".avif"]
                .iter()
                .any(|e| lower.ends_with(e))
                && !s.contains(char::is_whitespace)
            {
                FieldType::Image
            } else if s.contains('\n') || s.chars().count() > 100 || is_text_name(name) {
                FieldType::Text
            } else {
                FieldType::String
            }
        }
    })
}

fn is_text_name(name: &str) -> bool {
    matches!(name, "description" | "summary" | "excerpt" | "abstract")
}

fn is_color(s: &str) -> bool {
    if let Some(h) = s.strip_prefix('#') {
        return matches!(h.len(), 3 | 4 | 6 | 8) && h.bytes().all(|b| b.is_ascii_hexdigit());
    }
    ["rgb(", "rgba(", "hsl(", "hsla("]
        .iter()
        .any(|p| s.starts_with(p) && s.ends_with(')'))
}

fn pick_type(types: &HashMap<FieldType, u32>) -> FieldType {
    let get = |t| types.get(&t).copied().unwrap_or(0);
    let total: u32 = types.values().sum();
    if total == 0 {
        return FieldType::String;
    }
    // Short and long text in one field is a text field when long values are common enough.
    let (text, string) = (get(FieldType::Text), get(FieldType::String));
    if text > 0 && text * 5 >= text + string && (text + string) * 2 >= total {
        return FieldType::Text;
    }
    types
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then_with(|| format!("{:?}", b.0).cmp(&format!("{:?}", a.0)))
        })
        .map(|(t, _)| *t)
        .unwrap_or(FieldType::String)
}

/// A small, tolerant reader of Astro content-collection schemas written with zod.
pub mod zod {
    use serde_json::Value;

    use super::FieldType;

    /// One field of a collection's `z.object({...})`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct ZodField {
        pub name: String,
        pub field_type: FieldType,
        pub required: bool,
        pub options: Vec<String>,
        pub default: Option<Value>,
        pub max_length: Option<u32>,
        pub relation: Option<String>,
    }

    /// A collection: its variable name, the loader's `base` folder, its fields.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Collection {
        pub name: String,
        pub base: Option<String>,
        pub fields: Vec<ZodField>,
    }

    /// Every `const NAME = defineCollection({... schema: ... z.object({...}) ...})` in `text`.
    pub fn collections(text: &str) -> Vec<Collection> {
        let text = strip_comments(text);
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = text[from..].find("defineCollection(") {
            let start = from + i + "defineCollection".len();
            let Some(end) = matching(&text, start) else {
                break;
            };
            let call = &text[start + 1..end];
            let before = text[..from + i].trim_end().trim_end_matches('=').trim_end();
            let name = before
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                .next()
                .unwrap_or("")
                .to_string();
            let base = call.find("base:").and_then(|b| {
                let r = call[b + 5..].trim_start();
                let q = r.chars().next()?;
                matches!(q, '"' | '\'' | '`')
                    .then(|| r[1..].split(q).next())
                    .flatten()
                    .map(|s| s.trim_start_matches("./").trim_matches('/').to_string())
            });
            let fields = call
                .find("schema")
                .and_then(|s| call[s..].find("z.object(").map(|o| s + o))
                .and_then(|o| object_body(call, o + "z.object".len()))
                .map(parse_fields)
                .unwrap_or_default();
            out.push(Collection { name, base, fields });
            from = end;
        }
        out
    }

    /// The collection holding the posts in `posts_dirs`.
    pub fn pick<'a>(cols: &'a [Collection], posts_dirs: &[String]) -> Option<&'a Collection> {
        cols.iter()
            .find(|c| {
                posts_dirs.iter().any(|d| {
                    c.base.as_deref() == Some(d.as_str())
                        || (c.base.is_none() && d.rsplit('/').next() == Some(c.name.as_str()))
                })
            })
            .or_else(|| {
                cols.iter()
                    .find(|c| c.name != "authors" && !c.fields.is_empty())
            })
    }

    /// The text between the `{` and `}` of the object literal passed to the call whose `(` is at `open`.
    fn object_body(text: &str, open: usize) -> Option<&str> {
        let inner_start = open + 1;
        let brace = inner_start + text[inner_start..].find('{')?;
        let end = matching(text, brace)?;
        Some(&text[brace + 1..end])
    }

    fn parse_fields(body: &str) -> Vec<ZodField> {
        split_top(body, ',')
            .into_iter()
            .filter_map(|entry| {
                let entry = entry.trim();
                let colon = top_colon(entry)?;
                let name = entry[..colon]
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .to_string();
                if name.is_empty() || name.starts_with("...") {
                    return None;
                }
                Some(field(name, entry[colon + 1..].trim()))
            })
            .collect()
    }

    fn field(name: String, expr: &str) -> ZodField {
        let chain = split_top(expr, '.');
        let segs: Vec<&str> = chain.iter().map(|s| s.trim()).collect();
        let base_idx = segs
            .iter()
            .position(|s| !matches!(*s, "z" | "coerce"))
            .unwrap_or(0);
        let base = segs.get(base_idx).copied().unwrap_or("");
        let mods = &segs[(base_idx + 1).min(segs.len())..];
        let mut f = ZodField {
            name,
            field_type: FieldType::String,
            required: true,
            options: vec![],
            default: None,
            max_length: None,
            relation: None,
        };
        let args = |s: &str| {
            s.find('(')
                .and_then(|o| s.rfind(')').map(|c| s[o + 1..c].trim().to_string()))
                .unwrap_or_default()
        };
        let head = base.split('(').next().unwrap_or("");
        f.field_type = match head {
            "string" => FieldType::String,
            "date" => FieldType::Date,
            "boolean" => FieldType::Bool,
            "number" | "bigint" => FieldType::Number,
            "object" | "record" => FieldType::Map,
            "image" => FieldType::Image,
            "reference" => {
                f.relation = Some(unquote(&args(base)));
                FieldType::String
            }
            "enum" => {
                f.options = strings(&args(base));
                FieldType::String
            }
            "array" => {
                let inner = args(base);
                let inner_head = split_top(&inner, '.')
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .find(|s| !matches!(s.as_str(), "z" | "coerce"))
                    .unwrap_or_default();
                if inner_head.starts_with("reference(") {
                    f.relation = Some(unquote(&args(&inner_head)));
                    FieldType::StringList
                } else if inner_head.starts_with("string(") || inner_head.starts_with("enum(") {
                    FieldType::StringList
                } else {
                    FieldType::List
                }
            }
            _ => FieldType::String,
        };
        for m in mods {
            let mh = m.split('(').next().unwrap_or("");
            match mh {
                "optional" | "nullable" | "nullish" => f.required = false,
                "default" => {
                    f.required = false;
                    f.default = literal(&args(m));
                }
                "max" if matches!(f.field_type, FieldType::String | FieldType::Text) => {
                    f.max_length = args(m).parse().ok();
                }
                "datetime" | "date" => f.field_type = FieldType::Date,
                "url" | "email" => {}
                _ => {}
            }
        }
        if f.field_type == FieldType::String
            && (f.max_length.is_some_and(|m| m > 100) || super::is_text_name(&f.name))
        {
            f.field_type = FieldType::Text;
        }
        f
    }

    fn literal(s: &str) -> Option<Value> {
        let s = s.trim();
        match s {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "[]" => Some(Value::Array(vec![])),
            _ if s.starts_with(['"', '\'', '`']) => Some(Value::String(unquote(s))),
            _ => s.parse::<f64>().ok().and_then(|n| {
                serde_json::Number::from_f64(n).map(|n| {
                    if n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                        Value::from(n.as_f64().unwrap_or(0.0) as i64)
                    } else {
                        Value::Number(n)
                    }
                })
            }),
        }
    }

    fn unquote(s: &str) -> String {
        s.trim()
            .trim_matches(|c| c == '"' || c == '\'' || c == '`')
            .to_string()
    }

    fn strings(s: &str) -> Vec<String> {
        let s = s.trim().trim_start_matches('[').trim_end_matches(']');
        split_top(s, ',')
            .into_iter()
            .map(unquote)
            .filter(|x| !x.is_empty())
            .collect()
    }

    fn top_colon(s: &str) -> Option<usize> {
        let mut depth = 0i32;
        let mut quote: Option<char> = None;
        for (i, c) in s.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'' | '`') => quote = Some(c),
                (None, '(' | '[' | '{') => depth += 1,
                (None, ')' | ']' | '}') => depth -= 1,
                (None, ':') if depth == 0 => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// Splits at `sep` outside brackets and strings.
    fn split_top(s: &str, sep: char) -> Vec<&str> {
        let mut out = Vec::new();
        let mut depth = 0i32;
        let mut quote: Option<char> = None;
        let mut escaped = false;
        let mut start = 0;
        for (i, c) in s.char_indices() {
            if let Some(q) = quote {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                c if c == sep && depth == 0 => {
                    out.push(&s[start..i]);
                    start = i + c.len_utf8();
                }
                _ => {}
            }
        }
        if !s[start..].trim().is_empty() {
            out.push(&s[start..]);
        }
        out
    }

    /// Index of the bracket closing the one at `open`.
    fn matching(s: &str, open: usize) -> Option<usize> {
        let bytes = s.as_bytes();
        let (o, c) = match bytes.get(open)? {
            b'(' => (b'(', b')'),
            b'{' => (b'{', b'}'),
            b'[' => (b'[', b']'),
            _ => return None,
        };
        let mut depth = 0i32;
        let mut quote: Option<u8> = None;
        let mut i = open;
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(q) = quote {
                if b == b'\\' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            } else if matches!(b, b'"' | b'\'' | b'`') {
                quote = Some(b);
            } else if b == o {
                depth += 1;
            } else if b == c {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            i += 1;
        }
        None
    }

    fn strip_comments(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars().peekable();
        let mut quote: Option<char> = None;
        while let Some(c) = chars.next() {
            if let Some(q) = quote {
                out.push(c);
                if c == '\\' {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match (c, chars.peek()) {
                ('/', Some('/')) => {
                    for n in chars.by_ref() {
                        if n == '\n' {
                            out.push('\n');
                            break;
                        }
                    }
                }
                ('/', Some('*')) => {
                    chars.next();
                    let mut prev = ' ';
                    for n in chars.by_ref() {
                        if prev == '*' && n == '/' {
                            break;
                        }
                        prev = n;
                    }
                }
                ('"' | '\'' | '`', _) => {
                    quote = Some(c);
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn reads_common_astro_schemas() {
            let src = r#"
import { defineCollection, z, reference } from 'astro:content';
import { glob } from 'astro/loaders';
// The blog
const blog = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: './src/content/blog' }),
  schema: ({ image }) => z.object({
    title: z.string().max(80),
    description: z.string(), // shown in lists
    pubDate: z.coerce.date(),
    updatedDate: z.coerce.date().optional(),
    heroImage: image().optional(),
    tags: z.array(z.string()).default([]),
    authors: z.array(reference('authors')),
    draft: z.boolean().default(false),
    lang: z.enum(['en', "fr"]).default('en'),
    seo: z.object({ title: z.string() }).optional(),
  }),
});
const authors = defineCollection({ type: 'data', schema: z.object({ name: z.string() }) });
export const collections = { blog, authors };
"#;
            let cols = collections(src);
            assert_eq!(cols.len(), 2);
            let b = &cols[0];
            assert_eq!(b.name, "blog");
            assert_eq!(b.base.as_deref(), Some("src/content/blog"));
            let names: Vec<_> = b.fields.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(
                names,
                [
                    "title",
                    "description",
                    "pubDate",
                    "updatedDate",
                    "heroImage",
                    "tags",
                    "authors",
                    "draft",
                    "lang",
                    "seo"
                ]
            );
            let f = |n: &str| b.fields.iter().find(|f| f.name == n).unwrap();
            assert_eq!(f("title").max_length, Some(80));
            assert!(f("title").required);
            assert_eq!(f("description").field_type, FieldType::Text);
            assert_eq!(f("pubDate").field_type, FieldType::Date);
            assert!(!f("updatedDate").required);
            assert_eq!(f("heroImage").field_type, FieldType::Image);
            assert_eq!(f("tags").field_type, FieldType::StringList);
            assert_eq!(f("tags").default, Some(serde_json::json!([])));
            assert_eq!(f("authors").relation.as_deref(), Some("authors"));
            assert_eq!(f("draft").default, Some(Value::Bool(false)));
            assert_eq!(f("lang").options, ["en", "fr"]);
            assert_eq!(f("seo").field_type, FieldType::Map);
            assert_eq!(cols[1].name, "authors");
            let picked = pick(&cols, &["src/content/blog".to_string()]).unwrap();
            assert_eq!(picked.name, "blog");
        }

        #[test]
        fn garbage_does_not_panic() {
            for s in [
                "defineCollection(",
                "defineCollection({ schema: z.object({ a: ",
                "",
                "z.object({})",
            ] {
                let _ = collections(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn classifies_values() {
        assert_eq!(
            classify("color", &json!("rgb(251,87,66)")),
            Some(FieldType::Color)
        );
        assert_eq!(classify("x", &json!("#fa0")), Some(FieldType::Color));
        assert_eq!(
            classify("date", &json!("2022-10-28 10:00:00 +0200")),
            Some(FieldType::Date)
        );
        assert_eq!(
            classify("thumbnail", &json!("/images/a.JPG")),
            Some(FieldType::Image)
        );
        assert_eq!(
            classify("tags", &json!(["a", "b"])),
            Some(FieldType::StringList)
        );
        assert_eq!(classify("x", &json!({"a": 1})), Some(FieldType::Map));
        assert_eq!(
            classify("description", &json!("short")),
            Some(FieldType::Text)
        );
        assert_eq!(classify("title", &json!("short")), Some(FieldType::String));
        assert_eq!(classify("title", &json!("")), None);
        assert_eq!(classify("draft", &json!(true)), Some(FieldType::Bool));
    }

    #[test]
    fn key_order_follows_the_text() {
        let y = " layout: post\n title: A\n author:\n   name: x\n tags: [a]\n";
        assert_eq!(
            key_order(y, Format::Yaml),
            ["layout", "title", "author", "tags"]
        );
        let t = "title = \"A\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"a\"]\n[extra]\nx = 1\n";
        assert_eq!(
            key_order(t, Format::Toml),
            ["title", "date", "taxonomies", "extra"]
        );
    }
}
