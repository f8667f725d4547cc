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
pub struct ValueCount {
    pub value: String,
    pub count: u32,
}

/// One front-matter field.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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
    let parsed = read_posts(root, files);
    let n = parsed.len();
    let recent = &parsed[..n.min(RECENT)];

    let stats = field_stats(&parsed, recent.len());
    let has_authors = !authors.list.is_empty();
    let mut fields = fields_from_stats(stats, n, recent.len(), has_authors);
    // Astro's zod schema wins for the fields it names.
    let (zod_source, zod_collection) = apply_zod(root, site, &mut fields);
    // `.postdesk.toml` wins over both.
    apply_config(site, &mut fields);
    if let Some(t) = fields.iter_mut().find(|f| f.name == "title") {
        t.in_new_post = true;
    }

    Schema {
        format: usual_format(&parsed, site.kind),
        flow_lists: usual_flow_lists(recent),
        posts: n as u32,
        fields,
        authors: authors.list.clone(),
        authors_source: authors.source.clone(),
        zod_source,
        zod_collection,
    }
}

/// The readable posts among `files`, newest first.
fn read_posts(root: &Path, files: &[String]) -> Vec<Parsed> {
    let mut parsed: Vec<Parsed> = files
        .par_iter()
        .filter_map(|rel| parse_post(root, rel))
        .collect();
    parsed.sort_by(|a, b| b.date.cmp(&a.date));
    parsed
}

/// What the posts say about one field.
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

impl Stat {
    /// Counts the value `v` of field `k`, written at relative position `pos` (0 to 1).
    fn add(&mut self, k: &str, v: &Value, pos: f64, recent: bool) {
        self.count += 1;
        if !is_blank(v) {
            self.filled += 1;
        }
        self.pos_sum += pos;
        if let Some(t) = classify(k, v) {
            *self.types.entry(t).or_default() += 1;
        }
        self.add_vocabulary(v);
        if matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
            self.distinct_scalars += 1;
        }
        if recent {
            self.recent += 1;
            if !matches!(v, Value::Null) && v != &Value::String(String::new()) {
                let key = v.to_string();
                let e = self.recent_values.entry(key).or_insert((0, v.clone()));
                e.0 += 1;
            }
        }
    }

    /// Counts the short strings and booleans of `v`, candidates for a vocabulary.
    fn add_vocabulary(&mut self, v: &Value) {
        match v {
            Value::String(s) if !s.is_empty() && s.len() <= 80 => {
                *self.values.entry(s.clone()).or_default() += 1;
            }
            Value::Bool(b) => *self.values.entry(b.to_string()).or_default() += 1,
            Value::Array(a) => {
                for x in a {
                    if let Some(s) = x.as_str().filter(|s| !s.is_empty() && s.len() <= 80) {
                        *self.values.entry(s.to_string()).or_default() += 1;
                    }
                }
            }
            _ => {}
        }
    }
}

/// Per-field statistics over the posts (newest first; the first `recent` ones are recent).
fn field_stats(parsed: &[Parsed], recent: usize) -> BTreeMap<String, Stat> {
    let mut stats: BTreeMap<String, Stat> = BTreeMap::new();
    for (i, p) in parsed.iter().enumerate() {
        let len = p.order.len().max(2) as f64 - 1.0;
        for (k, v) in &p.fm {
            let pos = p.order.iter().position(|o| o == k).unwrap_or(p.order.len());
            stats
                .entry(k.clone())
                .or_default()
                .add(k, v, pos as f64 / len, i < recent);
        }
    }
    stats
}

/// The inferred fields, in the order most posts write them.
fn fields_from_stats(
    stats: BTreeMap<String, Stat>,
    n: usize,
    recent: usize,
    has_authors: bool,
) -> Vec<Field> {
    let mut fields: Vec<(f64, Field)> = stats
        .into_iter()
        .map(|(name, st)| {
            let pos = st.pos_sum / st.count.max(1) as f64;
            (pos, field_from_stat(name, st, n, recent, has_authors))
        })
        .collect();
    fields.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.count.cmp(&a.1.count)));
    fields.into_iter().map(|(_, f)| f).collect()
}

/// One inferred field from its statistics over `n` posts, `recent` of them recent.
fn field_from_stat(name: String, st: Stat, n: usize, recent: usize, has_authors: bool) -> Field {
    let field_type = match pick_type(&st.types) {
        FieldType::Text if name == "title" => FieldType::String,
        t => t,
    };
    let frequency = if n == 0 {
        0.0
    } else {
        st.count as f64 / n as f64
    };
    let relation = (has_authors && matches!(name.as_str(), "author" | "authors"))
        .then(|| "authors".to_string());
    let in_new_post = (st.recent as f64) > 0.5 * recent as f64;
    let required = n >= MIN_POSTS_TO_INFER && st.filled as f64 >= REQUIRED_SHARE * n as f64;
    let values = vocabulary(&name, field_type, st.values, st.count);
    let default = recent_default(&name, field_type, st.recent_values, st.recent);
    Field {
        name,
        field_type,
        count: st.count,
        frequency,
        required,
        source: FieldSource::Inferred,
        values,
        options: vec![],
        default,
        relation,
        max_length: None,
        in_new_post,
    }
}

/// The values seen, most used first, when the field has a vocabulary (tags, layouts…).
fn vocabulary(
    name: &str,
    field_type: FieldType,
    seen: HashMap<String, u32>,
    count: u32,
) -> Vec<ValueCount> {
    let is_vocabulary = matches!(field_type, FieldType::StringList)
        || (matches!(
            field_type,
            FieldType::String | FieldType::Color | FieldType::Bool
        ) && (seen.len() as u32) <= (count / 3).max(12));
    let mut values: Vec<ValueCount> = if is_vocabulary && !is_unique_field(name) {
        seen.into_iter()
            .map(|(value, count)| ValueCount { value, count })
            .collect()
    } else {
        vec![]
    };
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(500);
    values
}

/// The value most of the `recent` posts having the field share, if any.
fn recent_default(
    name: &str,
    field_type: FieldType,
    recent_values: HashMap<String, (u32, Value)>,
    recent: u32,
) -> Option<Value> {
    if is_unique_field(name)
        || !matches!(
            field_type,
            FieldType::String | FieldType::Color | FieldType::Bool | FieldType::Number
        )
    {
        return None;
    }
    recent_values
        .into_values()
        .max_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| b.1.to_string().cmp(&a.1.to_string()))
        })
        .filter(|(c, _)| *c as f64 >= 0.6 * recent.max(1) as f64 && *c >= 2)
        .map(|(_, v)| v)
}

/// The field named `name`, added with type `t` at the end if missing.
fn field_mut_or_add<'a>(fields: &'a mut Vec<Field>, name: &str, t: FieldType) -> &'a mut Field {
    let i = match fields.iter().position(|f| f.name == name) {
        Some(i) => i,
        None => {
            fields.push(empty_field(name, t));
            fields.len() - 1
        }
    };
    &mut fields[i]
}

/// Lets the Astro zod schema decide the fields it names; returns the schema file and the
/// collection used.
fn apply_zod(
    root: &Path,
    site: &Site,
    fields: &mut Vec<Field>,
) -> (Option<String>, Option<String>) {
    let Some(cfg) = site.content_config.as_deref() else {
        return (None, None);
    };
    let Ok(text) = std::fs::read_to_string(root.join(cfg)) else {
        return (None, None);
    };
    let collections = zod::collections(&text);
    let Some(c) = zod::pick(&collections, &site.posts_dirs) else {
        return (None, None);
    };
    for zf in &c.fields {
        apply_zod_field(field_mut_or_add(fields, &zf.name, zf.field_type), zf);
    }
    (Some(cfg.to_string()), Some(c.name.clone()))
}

fn apply_zod_field(f: &mut Field, zf: &zod::ZodField) {
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

/// Lets `.postdesk.toml` decide: `required_fields`, `description_max`, `[defaults]`.
fn apply_config(site: &Site, fields: &mut Vec<Field>) {
    if !site.required_fields.is_empty() {
        apply_required_fields(&site.required_fields, fields);
    }
    if let Some(max) = site.description_max {
        if let Some(f) = fields.iter_mut().find(|f| f.name == "description") {
            f.max_length = Some(max);
        }
    }
    for (k, v) in &site.defaults {
        let f = field_mut_or_add(fields, k, classify(k, v).unwrap_or(FieldType::String));
        f.default = Some(v.clone());
        f.in_new_post = true;
    }
}

/// Exactly the fields named in `required` are required; those missing are added as text.
fn apply_required_fields(required: &[String], fields: &mut Vec<Field>) {
    for f in fields.iter_mut() {
        f.required = required.contains(&f.name);
        if f.required {
            f.source = FieldSource::Config;
            f.in_new_post = true;
        }
    }
    for name in required {
        if !fields.iter().any(|f| &f.name == name) {
            let mut f = empty_field(name, FieldType::String);
            f.required = true;
            f.source = FieldSource::Config;
            f.in_new_post = true;
            fields.push(f);
        }
    }
}

/// The front-matter syntax most posts use (the site kind's usual one when there are none).
fn usual_format(parsed: &[Parsed], kind: SiteKind) -> Format {
    let n = parsed.len();
    let yaml = parsed.iter().filter(|p| p.format == Format::Yaml).count();
    if n == 0 {
        match kind {
            SiteKind::Zola => Format::Toml,
            _ => Format::Yaml,
        }
    } else if yaml * 2 >= n {
        Format::Yaml
    } else {
        Format::Toml
    }
}

/// Whether the recent posts mostly write lists inline (a tie counts as inline).
fn usual_flow_lists(recent: &[Parsed]) -> bool {
    let flow: i32 = recent.iter().map(|p| p.flow_lists).sum();
    flow >= 0
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

pub mod zod;

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
