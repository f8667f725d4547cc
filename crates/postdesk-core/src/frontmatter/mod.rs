//! Front matter: finding it in a post, reading its values, and editing it in place.
//!
//! YAML between `---` lines (Jekyll, Astro, Hugo) and TOML between `+++` lines (Hugo, Zola).
//! Reading never changes bytes. [`view`] lists the fields in file order with their value, source
//! text, line, style and comment; [`set_value`] / [`set_flow`] / [`set_raw`] / [`unset`] /
//! [`set_source`] return the edited text, in which only the edited field's bytes differ (its
//! quoting style and comment kept). Every edit re-parses its result and is refused, with an
//! error and nothing changed, if the result would not parse or would change another field.

mod model;
mod reading;
mod toml_fm;
mod yaml;

pub use model::{
    ensure_block, parse_flow, set_flow, set_raw, set_source, set_value, unset, view, FieldView,
    FmError, FrontMatterView, ValueStyle,
};
pub use reading::{read_lenient, read_post, MatterError, PostMatter};

/// A unified diff (3 lines of context) from `old` to `new`, headed `a/<label>` and `b/<label>`
/// (the label alone when it is an absolute path); empty when they are equal.
pub fn unified_diff(label: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let (a, b) = if label.starts_with('/') {
        (label.to_string(), label.to_string())
    } else {
        (format!("a/{label}"), format!("b/{label}"))
    };
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}

use std::ops::Range;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::error::{Error, Result};

/// The syntax of a post's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Yaml,
    Toml,
}

/// A post split into its parts, as byte ranges into the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// `None` when the post has no front matter.
    pub format: Option<Format>,
    /// The front matter's text, between the fence lines (fences excluded).
    pub matter: Range<usize>,
    /// The body: everything after the closing fence line.
    pub body: Range<usize>,
}

const BOM: &str = "\u{feff}";

/// Finds the front matter. A post that starts with no fence has none (its body is all of it);
/// an opening fence with no closing fence is an error naming the line.
pub fn split(text: &str) -> Result<Split> {
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let rest = &text[start..];
    let (format, fence) = if is_fence(rest, "---") {
        (Format::Yaml, "---")
    } else if is_fence(rest, "+++") {
        (Format::Toml, "+++")
    } else {
        return Ok(Split {
            format: None,
            matter: start..start,
            body: start..text.len(),
        });
    };
    let first_line_end = start + line_end(rest);
    let mut pos = first_line_end;
    while pos < text.len() {
        let line_len = line_end(&text[pos..]);
        let line = text[pos..pos + line_len].trim_end_matches(['\n', '\r']);
        if line.trim_end() == fence || (format == Format::Yaml && line.trim_end() == "...") {
            return Ok(Split {
                format: Some(format),
                matter: first_line_end..pos,
                body: pos + line_len..text.len(),
            });
        }
        pos += line_len;
    }
    Err(Error::front_matter(format!(
        "the front matter opened by `{fence}` on line 1 is never closed: add a line with `{fence}` after the last field"
    )))
}

fn is_fence(s: &str, fence: &str) -> bool {
    s[..line_end(s)].trim_end() == fence
}

/// Length of the first line including its line break.
fn line_end(s: &str) -> usize {
    s.find('\n').map(|i| i + 1).unwrap_or(s.len())
}

/// Reads the front matter's values as JSON (YAML 1.2 core schema; TOML). Dates stay as written.
/// A post without front matter gives an empty map. Errors name the line and column in the
/// whole file (duplicate keys and tab indentation included).
pub fn read(text: &str) -> Result<Map<String, Value>> {
    match model::parse(text) {
        Ok(doc) => Ok(doc.entries.into_iter().map(|e| (e.key, e.json)).collect()),
        Err(e) => Err(Error::front_matter(format!(
            "{} (line {}, column {} of the post)",
            e.message, e.line, e.column
        ))),
    }
}

/// Converts a saphyr node to JSON. Keys are stringified; tagged values keep their value.
pub fn yaml_to_json(y: &saphyr::Yaml) -> Value {
    use saphyr::{Scalar, Yaml};
    match y {
        Yaml::Value(Scalar::Null) => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Value(Scalar::Integer(i)) => Value::from(*i),
        Yaml::Value(Scalar::FloatingPoint(f)) => serde_json::Number::from_f64(f.into_inner())
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.to_string())),
        Yaml::Value(Scalar::String(s)) => Value::String(s.to_string()),
        Yaml::Representation(s, _, _) => Value::String(s.to_string()),
        Yaml::Sequence(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match yaml_to_json(k) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                out.insert(key, yaml_to_json(v));
            }
            Value::Object(out)
        }
        Yaml::Tagged(_, inner) => yaml_to_json(inner),
        Yaml::Alias(_) | Yaml::BadValue => Value::Null,
    }
}

pub(crate) fn read_toml(raw: &str) -> Result<Map<String, Value>> {
    let table: toml::Table = raw.parse().map_err(|e: toml::de::Error| {
        let (line, col) = e.span().map(|sp| line_col(raw, sp.start)).unwrap_or((1, 1));
        Error::front_matter(format!(
            "TOML error on line {line} column {col} of the front matter: {}",
            e.message()
        ))
    })?;
    match serde_json::to_value(table_to_json(&toml::Value::Table(table))) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Ok(Map::new()),
    }
}

fn table_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(table_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), table_to_json(v)))
                .collect(),
        ),
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_with_crlf_and_bom() {
        let t = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let s = split(t).unwrap();
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(&t[s.matter.clone()], "title: A\r\n");
        assert_eq!(&t[s.body.clone()], "Body\r\n");
        assert_eq!(read(t).unwrap()["title"], "A");
    }

    #[test]
    fn no_front_matter_is_valid() {
        let s = split("# Hello\n").unwrap();
        assert_eq!(s.format, None);
        assert_eq!(s.body, 0..8);
        assert!(read("# Hello\n").unwrap().is_empty());
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: A\nBody\n").unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::FrontMatter);
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn toml_front_matter() {
        let t = "+++\ntitle = \"Z\"\ndate = 2024-01-02\ntags = [\"a\"]\n+++\nbody";
        let m = read(t).unwrap();
        assert_eq!(m["title"], "Z");
        assert_eq!(m["date"], "2024-01-02");
        assert_eq!(m["tags"], serde_json::json!(["a"]));
    }

    #[test]
    fn broken_yaml_names_line_and_column() {
        let e = read("---\ntitle: A\ntags: [a, b\n---\n").unwrap_err();
        assert!(e.message.contains("line"), "{}", e.message);
    }

    #[test]
    fn dates_stay_as_written() {
        let m = read("---\ndate: 2022-10-28 10:00:00 +0200\n---\n").unwrap();
        assert_eq!(m["date"], "2022-10-28 10:00:00 +0200");
    }
}
