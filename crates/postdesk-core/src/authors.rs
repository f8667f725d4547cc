//! The blog's authors: the one reader of every kind of authors file the supported blogs use.
//!
//! | kind    | files, in the order they are looked for                                  | or a folder, a file per author |
//! |---------|---------------------------------------------------------------------------|--------------------------------|
//! | Jekyll  | `_data/authors.yml`, `.yaml`, `.json`                                      | `_data/authors/`               |
//! | Hugo, Zola | `data/authors.yml`, `.yaml`, `.toml`, `.json`                           | `data/authors/`                |
//! | Astro   | `src/data/authors.json`, `.yml`, `.yaml`, `src/content/authors.json`      | `src/content/authors/`         |
//! | Generic | all of the above                                                          |                                |
//!
//! A file is a map of id → details (`name`, `display_name` or `title`; `avatar`; `url`) or id →
//! name, or a list of entries with an `id` (`key`, `slug`, `name`). The form offers these
//! authors, the preview shows their names, `check` flags ids that are not among them, and
//! Publish commits the file when the post adds an author to it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::frontmatter;
use crate::site::SiteKind;

/// An author from the blog's data files.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Author {
    /// What posts write in their `author` field.
    pub id: String,
    /// Display name (the id when the data file has none).
    pub name: String,
    pub avatar: Option<String>,
    pub url: Option<String>,
}

/// The authors of a blog, and where they came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Authors {
    pub list: Vec<Author>,
    /// Repository-relative file or folder they were read from; `None`: the blog has none.
    pub source: Option<String>,
    /// Why the authors file could not be read (its line and column), when it is malformed.
    pub error: Option<String>,
}

const JEKYLL: &[&str] = &[
    "_data/authors.yml",
    "_data/authors.yaml",
    "_data/authors.json",
];
const HUGO: &[&str] = &[
    "data/authors.yml",
    "data/authors.yaml",
    "data/authors.toml",
    "data/authors.json",
];
const ASTRO: &[&str] = &[
    "src/data/authors.json",
    "src/data/authors.yml",
    "src/data/authors.yaml",
    "src/content/authors.json",
];

/// The authors files a blog of `kind` may have, in the order they are looked for.
pub fn files(kind: SiteKind) -> Vec<&'static str> {
    match kind {
        SiteKind::Jekyll => JEKYLL.to_vec(),
        SiteKind::Hugo | SiteKind::Zola => HUGO.to_vec(),
        SiteKind::Astro => ASTRO.to_vec(),
        SiteKind::Generic => [JEKYLL, HUGO, ASTRO].concat(),
    }
}

/// The folder holding one file per author, for a blog of `kind`.
pub fn folder(kind: SiteKind) -> Option<&'static str> {
    match kind {
        SiteKind::Jekyll => Some("_data/authors"),
        SiteKind::Hugo | SiteKind::Zola => Some("data/authors"),
        SiteKind::Astro => Some("src/content/authors"),
        SiteKind::Generic => None,
    }
}

/// The folders whose files may change the authors (for the watcher).
pub fn data_dirs(kind: SiteKind) -> Vec<String> {
    let mut dirs: Vec<String> = files(kind)
        .iter()
        .filter_map(|f| f.rsplit_once('/').map(|(d, _)| d.to_string()))
        .chain(folder(kind).map(str::to_string))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Whether a repository-relative path is (or is inside) where a blog of `kind` keeps authors.
pub fn is_authors_path(kind: SiteKind, rel: &str) -> bool {
    files(kind).contains(&rel)
        || folder(kind).is_some_and(|f| rel.strip_prefix(f).is_some_and(|r| r.starts_with('/')))
}

impl Authors {
    /// Reads the authors of the blog at `root`.
    pub fn read(root: &Path, kind: SiteKind) -> Authors {
        for f in files(kind) {
            let Ok(text) = std::fs::read_to_string(root.join(f)) else {
                continue;
            };
            return match parse(f, &text) {
                Ok(v) => Authors {
                    list: from_value(&v),
                    source: Some(f.to_string()),
                    error: None,
                },
                Err(e) => Authors {
                    list: vec![],
                    source: Some(f.to_string()),
                    error: Some(format!(
                        "{f} {e}; fix it so authors can be shown and checked"
                    )),
                },
            };
        }
        let Some(dir) = folder(kind) else {
            return Authors::default();
        };
        let Ok(rd) = std::fs::read_dir(root.join(dir)) else {
            return Authors::default();
        };
        let mut list = Vec::new();
        for e in rd.filter_map(|e| e.ok()) {
            let p = e.path();
            let (Some(stem), Some(name)) = (
                p.file_stem().and_then(|s| s.to_str()),
                p.file_name().and_then(|s| s.to_str()),
            ) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            if let Ok(Value::Object(m)) = parse(name, &text) {
                list.push(author(stem, &Value::Object(m)));
            }
        }
        list.sort_by(|a, b| a.id.cmp(&b.id));
        Authors {
            list,
            source: Some(dir.to_string()),
            error: None,
        }
    }

    /// Author id → display name.
    pub fn names(&self) -> HashMap<String, String> {
        self.list
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect()
    }

    /// The ids posts may name; `None` when the blog keeps no authors file.
    pub fn ids(&self) -> Option<HashSet<String>> {
        self.source
            .as_ref()
            .map(|_| self.list.iter().map(|a| a.id.clone()).collect())
    }
}

/// The author ids an authors file's text names (empty when it does not parse); `name` is the
/// file's name or path, for its format.
pub fn ids_in(name: &str, text: &str) -> BTreeSet<String> {
    parse(name, text)
        .map(|v| from_value(&v).into_iter().map(|a| a.id).collect())
        .unwrap_or_default()
}

/// A data file's value, by its extension; `Err` says where it does not parse.
fn parse(name: &str, text: &str) -> Result<Value, String> {
    match name.rsplit_once('.').map(|(_, e)| e).unwrap_or("") {
        "json" => serde_json::from_str(text)
            .map_err(|e| format!("line {} column {}: {e}", e.line(), e.column())),
        "toml" => toml::from_str::<toml::Table>(text)
            .map_err(|e| {
                let (l, c) = e
                    .span()
                    .map(|s| frontmatter::line_col(text, s.start))
                    .unwrap_or((1, 1));
                format!("line {l} column {c}: {}", e.message().trim())
            })
            .and_then(|t| serde_json::to_value(t).map_err(|e| e.to_string())),
        "md" | "mdx" => frontmatter::read(text)
            .map(Value::Object)
            .map_err(|e| e.message),
        _ => {
            use saphyr::LoadableYamlNode;
            let docs = saphyr::Yaml::load_from_str(text).map_err(|e| {
                format!(
                    "line {} column {}: {}",
                    e.marker().line(),
                    e.marker().col() + 1,
                    e.info()
                )
            })?;
            Ok(docs
                .first()
                .map(frontmatter::yaml_to_json)
                .unwrap_or(Value::Null))
        }
    }
}

fn from_value(v: &Value) -> Vec<Author> {
    match v {
        Value::Object(m) => m.iter().map(|(id, a)| author(id, a)).collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(|a| {
                let id = ["id", "key", "slug", "name"]
                    .iter()
                    .find_map(|k| a.get(*k).and_then(|x| x.as_str()))?;
                Some(author(id, a))
            })
            .collect(),
        _ => vec![],
    }
}

fn author(id: &str, v: &Value) -> Author {
    let s = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| v.get(*k).and_then(|x| x.as_str()))
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
    };
    Author {
        id: id.to_string(),
        name: match v {
            Value::String(n) => n.clone(),
            _ => s(&["name", "display_name", "title"]).unwrap_or_else(|| id.to_string()),
        },
        avatar: s(&["avatar", "image", "photo", "picture"]),
        url: s(&["url", "website", "link"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = d.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    #[test]
    fn every_kind_of_authors_file() {
        let d = blog(&[(
            "_data/authors.yml",
            "jane:\n  name: Jane Doe\n  avatar: /a.png\nbob: Bob B\n",
        )]);
        let a = Authors::read(d.path(), SiteKind::Jekyll);
        assert_eq!(a.source.as_deref(), Some("_data/authors.yml"));
        assert_eq!(a.names()["jane"], "Jane Doe");
        assert_eq!(a.names()["bob"], "Bob B");
        let jane = a.list.iter().find(|a| a.id == "jane").unwrap();
        assert_eq!(jane.avatar.as_deref(), Some("/a.png"));

        let d = blog(&[("data/authors.toml", "[ann]\nname = \"Ann\"\n")]);
        assert_eq!(
            Authors::read(d.path(), SiteKind::Zola).names()["ann"],
            "Ann"
        );
        assert_eq!(
            Authors::read(d.path(), SiteKind::Hugo).names()["ann"],
            "Ann"
        );

        let d = blog(&[(
            "src/data/authors.json",
            r#"[{"id": "li", "name": "Li Wei"}, {"slug": "mo"}]"#,
        )]);
        let a = Authors::read(d.path(), SiteKind::Astro);
        assert_eq!(a.names()["li"], "Li Wei");
        assert_eq!(a.names()["mo"], "mo");

        let d = blog(&[
            ("src/content/authors/zoe.md", "---\nname: Zoé\n---\nBio\n"),
            ("src/content/authors/al.json", r#"{"name": "Al"}"#),
        ]);
        let a = Authors::read(d.path(), SiteKind::Astro);
        assert_eq!(a.source.as_deref(), Some("src/content/authors"));
        assert_eq!(
            a.list.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
            ["Al", "Zoé"]
        );

        let none = Authors::read(d.path(), SiteKind::Jekyll);
        assert_eq!(none.ids(), None);
    }

    #[test]
    fn a_malformed_file_says_where() {
        let d = blog(&[("_data/authors.yml", "jane:\n  name: [oops\n")]);
        let a = Authors::read(d.path(), SiteKind::Jekyll);
        assert!(a.list.is_empty());
        let e = a.error.unwrap();
        assert!(e.contains("_data/authors.yml line"), "{e}");
    }

    #[test]
    fn authors_paths() {
        assert!(is_authors_path(SiteKind::Jekyll, "_data/authors.yml"));
        assert!(is_authors_path(SiteKind::Jekyll, "_data/authors/jane.yml"));
        assert!(!is_authors_path(SiteKind::Jekyll, "_data/authorsx"));
        assert!(is_authors_path(SiteKind::Hugo, "data/authors.toml"));
        assert_eq!(data_dirs(SiteKind::Jekyll), ["_data", "_data/authors"]);
        assert_eq!(
            ids_in("authors.yml", "a: A\nb: {name: B}\n"),
            BTreeSet::from(["a".to_string(), "b".to_string()])
        );
    }
}
