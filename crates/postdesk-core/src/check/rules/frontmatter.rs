//! Front matter against what the site's posts use: required fields, types, dates, authors,
//! tags, description length.

use serde_json::Value;

use super::super::context::{is_empty, tags_of, CheckContext, FieldKind};
use super::super::post::{field_line, Parsed};
use super::super::Raw;

/// Fields whose value may be one text or a list of texts (Jekyll accepts both).
const TEXT_OR_LIST: &[&str] = &[
    "tags",
    "categories",
    "category",
    "author",
    "authors",
    "redirect_from",
    "aliases",
];
/// Fields holding a date.
const DATE_FIELDS: &[&str] = &[
    "date",
    "last_modified_at",
    "lastmod",
    "updated",
    "modified",
    "pubDate",
    "publishDate",
    "updatedDate",
];

pub(crate) fn check(ctx: &CheckContext, rel: &str, p: &Parsed) -> Vec<Raw> {
    let mut out = Vec::new();
    let line = |k: &str| field_line(p.text, p.body_start, k);

    for f in &ctx.required_fields {
        match p.fm.get(f) {
            None => out.push(
                Raw::at(
                    "fm-required",
                    rel,
                    1,
                    format!("`{f}` is missing: add `{f}: …` to the front matter (the site's posts all have one)"),
                )
                .field(f),
            ),
            Some(v) if is_empty(v) => out.push(
                Raw::at("fm-required", rel, line(f), format!("`{f}` is empty: fill it in"))
                    .field(f),
            ),
            _ => {}
        }
    }

    for (k, v) in &p.fm {
        let (Some(expected), Some(actual)) = (ctx.field_kinds.get(k), FieldKind::of(v)) else {
            continue;
        };
        let compatible = actual == *expected
            || (TEXT_OR_LIST.contains(&k.as_str())
                && matches!(actual, FieldKind::Text | FieldKind::List)
                && matches!(expected, FieldKind::Text | FieldKind::List))
            || (*expected == FieldKind::Text && actual == FieldKind::Number)
            || (DATE_FIELDS.contains(&k.as_str()));
        if !compatible {
            let example = match expected {
                FieldKind::Text => format!("`{k}: some text`"),
                FieldKind::List => format!("`{k}: [a, b]`"),
                FieldKind::Boolean => format!("`{k}: true` or `{k}: false`"),
                FieldKind::Number => format!("`{k}: 3`"),
                FieldKind::Mapping => "a group of indented `key: value` lines".to_string(),
            };
            out.push(
                Raw::at(
                    "fm-type",
                    rel,
                    line(k),
                    format!(
                        "`{k}` is {} here but {} in the site's other posts: write it as {example}",
                        actual.describe(),
                        expected.describe()
                    ),
                )
                .field(k),
            );
        }
    }

    for k in DATE_FIELDS {
        let Some(v) = p.fm.get(*k) else { continue };
        let ok = match v {
            Value::Null => true,
            Value::String(s) => parse_date(s).is_some(),
            _ => false,
        };
        if !ok {
            out.push(
                Raw::at(
                    "fm-date",
                    rel,
                    line(k),
                    format!(
                        "`{k}: {}` is not a date: write `YYYY-MM-DD`, optionally with a time `HH:MM:SS` and a zone `+0200`",
                        display(v)
                    ),
                )
                .field(k),
            );
        }
    }

    if let Some(authors) = &ctx.authors {
        for key in ["author", "authors"] {
            let ids: Vec<String> = match p.fm.get(key) {
                Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|x| x.as_str().map(|s| s.trim().to_string()))
                    .collect(),
                _ => continue,
            };
            for id in ids {
                if !authors.contains(&id) {
                    let hint = match super::closest(&id, authors.iter()) {
                        Some(c) => format!("did you mean `{c}`? Otherwise add"),
                        None => "use an id listed there, or add".to_string(),
                    };
                    out.push(
                        Raw::at(
                            "fm-author-unknown",
                            rel,
                            line(key),
                            format!(
                                "author `{id}` is not in {}: {hint} `{id}:` with a `name` to {}",
                                ctx.authors_file, ctx.authors_file
                            ),
                        )
                        .field(key),
                    );
                }
            }
        }
    }

    let vocabulary: Vec<&String> = ctx.tag_uses.keys().collect();
    for tag in tags_of(&p.fm) {
        let used_elsewhere = ctx
            .tag_uses
            .get(&tag)
            .is_some_and(|users| users.iter().any(|u| u != rel));
        if !used_elsewhere {
            let others = vocabulary
                .iter()
                .copied()
                .filter(|t| ctx.tag_uses[*t].iter().any(|u| u != rel));
            let hint = match super::closest(&tag, others) {
                Some(c) => format!(" (the site has `{c}`)"),
                None => String::new(),
            };
            out.push(
                Raw::at(
                    "fm-tag-new",
                    rel,
                    line("tags"),
                    format!("tag `{tag}` is used by no other post{hint}: check its spelling, or keep it for a new topic"),
                )
                .field("tags"),
            );
        }
    }

    if let (Some(max), Some(Value::String(d))) = (ctx.description_max, p.fm.get("description")) {
        let n = d.chars().count();
        if n > max {
            out.push(
                Raw::at(
                    "fm-description-length",
                    rel,
                    line("description"),
                    format!("the description is {n} characters long; search results cut it after about {max}: shorten it to {max} or fewer"),
                )
                .field("description"),
            );
        }
    }
    out
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Parses the date forms Jekyll, Hugo, Astro and Zola accept; the `YYYY-MM-DD` part.
pub(crate) fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    for f in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.date_naive());
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.date());
        }
    }
    // `2022-10-28 10:00:00 +02:00`, `… Z`, `… UTC`
    let (head, zone) = s.rsplit_once(' ')?;
    if zone == "Z" || zone == "UTC" || zone.starts_with('+') || zone.starts_with('-') {
        let z = zone.replace(':', "");
        if zone == "Z"
            || zone == "UTC"
            || (z.len() == 5 && z[1..].bytes().all(|b| b.is_ascii_digit()))
        {
            return parse_date(head);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates() {
        for ok in [
            "2022-10-28",
            "2022-10-28 10:00:00 +0200",
            "2022-10-28 10:00 +02:00",
            "2022-10-28T10:00:00Z",
            "2022-10-28T10:00:00+02:00",
            "2022-10-28 10:00:00",
            "2022-10-28 10:00:00 UTC",
        ] {
            assert!(parse_date(ok).is_some(), "{ok}");
        }
        for bad in [
            "2022-13-01",
            "2022-02-30",
            "28/10/2022",
            "yesterday",
            "2022-10-28 25:00",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }
}
