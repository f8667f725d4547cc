//! The rules, one file per family. Each returns raw findings (rule id, place, message); the
//! severity and `.postdesk.toml` overrides are applied by `check::finish`.

pub(crate) mod files;
pub(crate) mod frontmatter;
pub(crate) mod images;
pub(crate) mod links;
pub(crate) mod markdown;

use super::context::CheckContext;
use super::post;
use super::Raw;

/// All findings of one post, and the image files whose headers were read.
pub(crate) fn check_post(ctx: &CheckContext, rel: &str, text: &str) -> (Vec<Raw>, Vec<String>) {
    let parsed = post::parse(text);
    let mut out = Vec::new();
    out.extend(files::check(ctx, rel, &parsed));
    if let Some((msg, line, col)) = &parsed.fm_error {
        out.push(
            Raw::at(
                "fm-parse",
                rel,
                *line,
                format!("{msg}. Fix the front matter; the other checks of this post wait for it"),
            )
            .col(*col),
        );
        return (out, vec![]);
    }
    out.extend(frontmatter::check(ctx, rel, &parsed));
    out.extend(markdown::check(rel, &parsed));
    let all = crate::links::extract(text);
    out.extend(links::check(ctx, rel, &parsed, &all));
    let (img, checked) = images::check(ctx, rel, &parsed, all);
    out.extend(img);
    (out, checked)
}

/// Levenshtein distance, for "did you mean".
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate within a small distance (case-insensitive equality first).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a String>,
) -> Option<String> {
    let lw = word.to_lowercase();
    let max = (word.chars().count() / 4).clamp(1, 3);
    let mut best: Option<(usize, &String)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let d = if c.to_lowercase() == lw {
            0
        } else {
            distance(&lw, &c.to_lowercase())
        };
        if d <= max && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.clone())
}

#[cfg(test)]
mod tests {
    #[test]
    fn closest_words() {
        let v = ["php".to_string(), "kubernetes".into(), "Symfony".into()];
        assert_eq!(
            super::closest("kubernets", v.iter()).as_deref(),
            Some("kubernetes")
        );
        assert_eq!(
            super::closest("symfony", v.iter()).as_deref(),
            Some("Symfony")
        );
        assert_eq!(super::closest("rust", v.iter()), None);
    }
}
