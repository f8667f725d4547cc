//! New posts: the path a post will get (shown before anything is written), its front matter
//! (the fields most recent posts have, in their usual order, with the defaults they share),
//! creation without ever overwriting, and publishing a Jekyll draft.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::frontmatter::Format;
use crate::schema::{Author, FieldType, Schema};
use crate::site::{Site, SiteKind};
use crate::slug::slugify;
use crate::{atomic, index, paths};

/// What the writer asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct NewPostRequest {
    pub title: String,
    /// `YYYY-MM-DD`; today when absent.
    pub date: Option<String>,
    /// An author id; git's `user.name` matched against the authors file when absent.
    pub author: Option<String>,
    pub draft: bool,
}

/// The post that would be created.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NewPostPlan {
    /// Repository-relative path of the new file.
    pub path: String,
    pub slug: String,
    pub date: String,
    /// The author id used, if any.
    pub author: Option<String>,
    /// The whole file: front matter and an empty body.
    pub text: String,
    /// A file (or bundle folder) is already there: `create` will refuse.
    pub exists: bool,
}

/// The path and text of the post `req` would create, without writing anything.
pub fn plan(
    root: &Path,
    site: &Site,
    schema: &Schema,
    req: &NewPostRequest,
) -> Result<NewPostPlan> {
    let title = req.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("A new post needs a title."));
    }
    let slug = slugify(title, None);
    if slug.is_empty() {
        return Err(Error::invalid(format!(
            "`{title}` has no letters or digits to make a file name from; add some to the title."
        )));
    }
    let date = match req.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| Error::invalid(format!("`{d}` is not a date written YYYY-MM-DD.")))?
            .format("%Y-%m-%d")
            .to_string(),
        None => chrono::Local::now().format("%Y-%m-%d").to_string(),
    };
    let author = match req
        .author
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(a) => {
            if !schema.authors.is_empty() && !schema.authors.iter().any(|x| x.id == a) {
                let known: Vec<&str> = schema
                    .authors
                    .iter()
                    .take(12)
                    .map(|x| x.id.as_str())
                    .collect();
                return Err(Error::invalid(format!(
                    "`{a}` is not an author id of {}; known ids include: {}{}. Add the author there first.",
                    schema.authors_source.as_deref().unwrap_or("the authors file"),
                    known.join(", "),
                    if schema.authors.len() > known.len() { ", …" } else { "" }
                )));
            }
            Some(a.to_string())
        }
        None => git_author(root, &schema.authors),
    };
    let path = new_path(site, &slug, &date, req.draft);
    let abs = paths::resolve(root, &path)?;
    let bundle_dir = site
        .file_pattern
        .contains("/index.")
        .then(|| abs.parent().map(Path::to_path_buf))
        .flatten();
    let exists = abs.exists() || bundle_dir.as_ref().is_some_and(|d| d.exists());
    let text = front_matter(site, schema, title, &date, author.as_deref(), req.draft);
    Ok(NewPostPlan {
        path,
        slug,
        date,
        author,
        text,
        exists,
    })
}

/// Creates the post `req` describes and returns its plan. Refuses to overwrite anything.
pub fn create(
    root: &Path,
    site: &Site,
    schema: &Schema,
    req: &NewPostRequest,
) -> Result<NewPostPlan> {
    let p = plan(root, site, schema, req)?;
    if p.exists {
        return Err(Error::conflict(format!(
            "{} already exists; choose another title or date.",
            p.path
        )));
    }
    let abs = paths::resolve(root, &p.path)?;
    atomic::write(&abs, p.text.as_bytes())?;
    Ok(p)
}

/// Publishes a Jekyll draft: moves `_drafts/slug.md` to `_posts/DATE-slug.md` (today when
/// `date` is `None`) and returns the new repository-relative path. Never overwrites.
pub fn publish(root: &Path, site: &Site, draft: &str, date: Option<&str>) -> Result<String> {
    let drafts = site
        .drafts_dir
        .as_deref()
        .filter(|_| site.kind == SiteKind::Jekyll)
        .ok_or_else(|| {
            Error::invalid("Only Jekyll sites keep drafts in a folder; set `draft: false` in the post instead.")
        })?;
    let name = draft
        .strip_prefix(drafts)
        .and_then(|r| r.strip_prefix('/'))
        .filter(|r| !r.contains('/') && !r.is_empty())
        .ok_or_else(|| Error::invalid(format!("{draft} is not a draft in {drafts}/.")))?;
    let date = match date {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| Error::invalid(format!("`{d}` is not a date written YYYY-MM-DD.")))?
            .format("%Y-%m-%d")
            .to_string(),
        None => chrono::Local::now().format("%Y-%m-%d").to_string(),
    };
    let posts = site
        .posts_dirs
        .first()
        .map(String::as_str)
        .unwrap_or("_posts");
    let target = format!("{posts}/{date}-{name}");
    let from = paths::resolve(root, draft)?;
    let to = paths::resolve(root, &target)?;
    if to.exists() {
        return Err(Error::conflict(format!(
            "{target} already exists; rename the draft or choose another date."
        )));
    }
    let bytes = std::fs::read(&from).map_err(|e| Error::io(&from, e))?;
    atomic::write(&to, &bytes)?;
    std::fs::remove_file(&from).map_err(|e| Error::io(&from, e))?;
    Ok(target)
}

/// The author id matching git's `user.name` (repository, then global configuration) in the
/// authors file: by display name or id, accents and case ignored, or by the `initial_surname`
/// id convention (`Antoine Caron` → `a_caron`).
pub fn git_author(root: &Path, authors: &[Author]) -> Option<String> {
    let config = git2::Repository::discover(root)
        .and_then(|r| r.config())
        .or_else(|_| git2::Config::open_default())
        .ok()?;
    let name = config.get_string("user.name").ok()?;
    match_author(&name, authors)
}

/// See [`git_author`].
pub fn match_author(name: &str, authors: &[Author]) -> Option<String> {
    let norm = |s: &str| {
        deunicode::deunicode(s)
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    };
    let n = norm(name);
    if n.is_empty() {
        return None;
    }
    if let Some(a) = authors
        .iter()
        .find(|a| norm(&a.name) == n || norm(&a.id) == n)
    {
        return Some(a.id.clone());
    }
    let words: Vec<String> = deunicode::deunicode(name)
        .to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if words.len() >= 2 {
        let first = words[0].chars().next()?;
        let last: String = words[1..].concat();
        let id = format!(
            "{first}_{}",
            last.replace(|c: char| !c.is_ascii_alphanumeric(), "")
        );
        if let Some(a) = authors.iter().find(|a| a.id == id) {
            return Some(a.id.clone());
        }
    }
    None
}

fn new_path(site: &Site, slug: &str, date: &str, draft: bool) -> String {
    let ext = site
        .file_pattern
        .rsplit_once('.')
        .map(|(_, e)| e)
        .unwrap_or("md");
    if draft && site.kind == SiteKind::Jekyll {
        if let Some(d) = &site.drafts_dir {
            return format!("{d}/{slug}.{ext}");
        }
    }
    let (y, rest) = date.split_at(4);
    let m = &rest[1..3];
    let d = &rest[4..6];
    let name = site
        .file_pattern
        .replace("{date}", date)
        .replace("{year}", y)
        .replace("{month}", m)
        .replace("{day}", d)
        .replace("{slug}", slug);
    match site.posts_dirs.first().map(String::as_str) {
        Some(dir) if !dir.is_empty() => format!("{dir}/{name}"),
        _ => name,
    }
}

/// The front matter of a new post, with an empty body after it.
fn front_matter(
    site: &Site,
    schema: &Schema,
    title: &str,
    date: &str,
    author: Option<&str>,
    draft: bool,
) -> String {
    let mut entries: Vec<(String, Value)> = Vec::new();
    let has = |entries: &mut Vec<(String, Value)>, k: &str, v: Value| {
        if !entries.iter().any(|(x, _)| x == k) {
            entries.push((k.to_string(), v));
        }
    };
    let jekyll_draft = draft && site.kind == SiteKind::Jekyll && site.drafts_dir.is_some();
    for f in schema.fields.iter().filter(|f| f.in_new_post) {
        let name = f.name.as_str();
        let v = if name == "title" {
            Value::String(title.to_string())
        } else if index::DATE_KEYS.contains(&name) && f.field_type == FieldType::Date {
            Value::String(date.to_string())
        } else if f.relation.as_deref() == Some("authors") || matches!(name, "author" | "authors") {
            let id = author.map(|a| Value::String(a.to_string()));
            if f.field_type == FieldType::StringList {
                Value::Array(id.into_iter().collect())
            } else {
                id.unwrap_or(Value::String(String::new()))
            }
        } else if name == "draft" {
            Value::Bool(draft && !jekyll_draft)
        } else if let Some(d) = &f.default {
            d.clone()
        } else {
            match f.field_type {
                FieldType::String | FieldType::Text | FieldType::Color | FieldType::Image => {
                    Value::String(String::new())
                }
                FieldType::StringList => Value::Array(vec![]),
                FieldType::Bool => Value::Bool(false),
                FieldType::Date => Value::String(date.to_string()),
                // Zola keeps tags in a `[taxonomies]` table.
                FieldType::Map if name == "taxonomies" => serde_json::json!({ "tags": [] }),
                FieldType::Number | FieldType::Map | FieldType::List => continue,
            }
        };
        has(&mut entries, name, v);
    }
    if !entries.iter().any(|(k, _)| k == "title") {
        entries.insert(0, ("title".into(), Value::String(title.to_string())));
    }
    if site.kind != SiteKind::Jekyll
        && !entries
            .iter()
            .any(|(k, _)| index::DATE_KEYS.contains(&k.as_str()))
    {
        has(&mut entries, "date", Value::String(date.to_string()));
    }
    if draft && !jekyll_draft {
        has(&mut entries, "draft", Value::Bool(true));
    }
    let mut out = String::new();
    match schema.format {
        Format::Yaml => {
            out.push_str("---\n");
            for (k, v) in &entries {
                out.push_str(&yaml_key(k));
                out.push(':');
                match v {
                    Value::Array(a) if !a.is_empty() && !schema.flow_lists => {
                        out.push('\n');
                        for x in a {
                            out.push_str("  - ");
                            out.push_str(&yaml_value(x));
                            out.push('\n');
                        }
                        continue;
                    }
                    _ => {
                        out.push(' ');
                        out.push_str(&yaml_value(v));
                    }
                }
                out.push('\n');
            }
            out.push_str("---\n\n");
        }
        Format::Toml => {
            out.push_str("+++\n");
            // Tables come after the plain keys.
            let (tables, plain): (Vec<_>, Vec<_>) =
                entries.iter().partition(|(_, v)| v.is_object());
            for (k, v) in plain {
                let key = if k
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    k.clone()
                } else {
                    toml::Value::String(k.clone()).to_string()
                };
                out.push_str(&format!("{key} = {}\n", toml_value(k, v)));
            }
            for (k, v) in tables {
                out.push_str(&format!("\n[{k}]\n"));
                for (sk, sv) in v.as_object().into_iter().flatten() {
                    out.push_str(&format!("{sk} = {}\n", toml_value(sk, sv)));
                }
            }
            out.push_str("+++\n\n");
        }
    }
    out
}

fn yaml_key(k: &str) -> String {
    if k.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        && !k.is_empty()
    {
        k.to_string()
    } else {
        Value::String(k.to_string()).to_string()
    }
}

fn yaml_value(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || " _./(),-+".contains(c))
                && !s.starts_with([' ', '-', '.', '('])
                && !s.ends_with(' ')
                && !matches!(
                    s.to_ascii_lowercase().as_str(),
                    "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~"
                )
                && s.parse::<f64>().is_err()
                && index::date_from_name(s).is_none_or(|_| s.len() == 10);
            if plain {
                s.clone()
            } else {
                // JSON strings are valid YAML double-quoted scalars.
                Value::String(s.clone()).to_string()
            }
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(yaml_value).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

fn toml_value(key: &str, v: &Value) -> String {
    match v {
        Value::String(s)
            if index::DATE_KEYS.contains(&key)
                && index::date_from_name(s).is_some()
                && s.len() == 10 =>
        {
            s.clone()
        }
        Value::String(s) => toml::Value::String(s.clone()).to_string(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter()
                .map(|x| toml_value("", x))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Null => "\"\"".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("L’éléphant bleu", None), "l-elephant-bleu");
        assert_eq!(slugify("  Hello, World!  ", None), "hello-world");
        assert_eq!(slugify("Ærøskøbing & Straße", None), "aeroskobing-strasse");
        assert_eq!(slugify("C++ / Rust: 2024?", None), "c-rust-2024");
        assert_eq!(slugify("!!!", None), "");
    }

    #[test]
    fn yaml_values_quote_only_when_needed() {
        assert_eq!(yaml_value(&Value::String("post".into())), "post");
        assert_eq!(
            yaml_value(&Value::String("rgb(251,87,66)".into())),
            "rgb(251,87,66)"
        );
        assert_eq!(yaml_value(&Value::String("A: b".into())), "\"A: b\"");
        assert_eq!(yaml_value(&Value::String("yes".into())), "\"yes\"");
        assert_eq!(yaml_value(&Value::String(String::new())), "\"\"");
        assert_eq!(yaml_value(&serde_json::json!(["a", "b c"])), "[a, b c]");
    }

    #[test]
    fn matches_authors_by_name_or_convention() {
        let a = |id: &str, name: &str| Author {
            id: id.into(),
            name: name.into(),
            avatar: None,
            url: None,
        };
        let list = [
            a("a_caron", "Antoine Caron"),
            a("a_ferez", "Amélie Ferez"),
            a("bob", "bob"),
        ];
        assert_eq!(
            match_author("amelie FEREZ", &list).as_deref(),
            Some("a_ferez")
        );
        assert_eq!(
            match_author("Antoine Caron", &list).as_deref(),
            Some("a_caron")
        );
        assert_eq!(match_author("Bob", &list).as_deref(), Some("bob"));
        assert_eq!(match_author("Nobody Here", &list), None);
    }
}
