//! The post's file name: the site's pattern (`{date}-{slug}.md` for Jekyll's `_posts`), its
//! date, and the date of the front matter.

use serde_json::Value;

use super::super::context::CheckContext;
use super::super::post::{field_line, Parsed};
use super::super::Raw;
use super::frontmatter::parse_date;
use crate::slug::slugify;

pub(crate) fn check(ctx: &CheckContext, rel: &str, p: &Parsed) -> Vec<Raw> {
    let mut out = Vec::new();
    let Some(pattern) = ctx.file_name_pattern.as_deref() else {
        return out;
    };
    if ctx.is_draft(rel) || !pattern.starts_with("{date}-") {
        return out;
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if super::super::post::is_extensionless(rel) {
        out.push(Raw::at(
            "file-name-pattern",
            rel,
            1,
            format!("`{name}` has no `.md` extension, so the site does not publish it as a post: rename it to `{name}.md`"),
        ));
        return out;
    }
    let stem = super::super::post::stem(rel);
    let b = name.as_bytes();
    let date_shaped = name.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
        && b[10] == b'-';
    if !date_shaped {
        let today = chrono::Local::now().format("%Y-%m-%d");
        out.push(Raw::at(
            "file-name-pattern",
            rel,
            1,
            format!(
                "`{name}` does not start with a date: the site only publishes posts named `YYYY-MM-DD-slug.md`; rename it, e.g. `{today}-{}.md`",
                slugify(stem, None)
            ),
        ));
        return out;
    }
    let file_date = &name[..10];
    let slug = &stem[11..];
    if parse_date(file_date).is_none() {
        out.push(Raw::at(
            "file-name-date",
            rel,
            1,
            format!("`{file_date}` in the file name is not a real date: fix the month or day"),
        ));
    } else if let Some(Value::String(d)) = p.fm.get("date") {
        if let Some(fm_date) = parse_date(d) {
            let written = d.trim().get(..10).unwrap_or("");
            if written != file_date {
                out.push(
                    Raw::at(
                        "file-name-date",
                        rel,
                        field_line(p.text, p.body_start, "date"),
                        format!(
                            "the front matter says {fm_date} but the file name says {file_date}: make them the same day (rename the file or change `date`)"
                        ),
                    )
                    .field("date"),
                );
            }
        }
    }
    let good = slugify(slug, None);
    if slug != good && !slug.is_empty() {
        out.push(Raw::at(
            "file-name-slug",
            rel,
            1,
            format!(
                "the slug `{slug}` has capitals, spaces, accents or punctuation, which end up in the post's URL: rename the file to `{file_date}-{good}.md` (an already published post keeps working only with a `redirect_from`)"
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs() {
        assert_eq!(super::slugify("Café au lait!", None), "cafe-au-lait");
        assert_eq!(super::slugify("already-good-2", None), "already-good-2");
    }
}
