//! Heading ids generated the way each site's Markdown renderer generates them, so that
//! in-page anchors (`[see](#some-heading)`) work in the preview as on the site.
//!
//! - Jekyll: kramdown with its default `GFM` input (`kramdown-parser-gfm`
//!   `generate_gfm_header_id`): lower-case, drop every char that is not a word char, `-`,
//!   space or tab; spaces and tabs become `-`; duplicates get `-1`, `-2`…
//! - Astro: `github-slugger` (rehype-slug): lower-case, drop punctuation and symbols, spaces
//!   become `-`; duplicates get `-1`, `-2`…
//! - Hugo: goldmark's `autoHeadingIDType = "github"` (Hugo's default): letters, digits, `-`
//!   and `_` lower-cased, any white space becomes `-`, everything else dropped; an empty id is
//!   `heading`; duplicates get `-1`, `-2`…
//! - Zola: the `slug` crate (`slugify_anchors = "on"`): transliterated to ASCII, runs of other
//!   chars become one `-`, trimmed; duplicates get `-1`, `-2`…

use std::collections::HashMap;

use crate::site::SiteKind;

/// Generates the ids of one document's headings in order, keeping track of duplicates.
#[derive(Debug)]
pub struct Slugger {
    kind: SiteKind,
    seen: HashMap<String, usize>,
}

impl Slugger {
    pub fn new(kind: SiteKind) -> Self {
        Slugger {
            kind,
            seen: HashMap::new(),
        }
    }

    /// Records an explicit id (`{#id}`) so a later generated id does not repeat it.
    pub fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }

    /// The id of the next heading whose plain text is `text`.
    pub fn slug(&mut self, text: &str) -> String {
        let base = self.base(text);
        self.unique(base)
    }

    /// The id a heading whose plain text is `text` gets when no other heading has it.
    pub fn base(&self, text: &str) -> String {
        match self.kind {
            SiteKind::Jekyll => kramdown_gfm(text),
            SiteKind::Astro | SiteKind::Generic => github(text),
            SiteKind::Hugo => {
                let s = hugo_github(text);
                if s.is_empty() {
                    "heading".to_string()
                } else {
                    s
                }
            }
            SiteKind::Zola => zola(text),
        }
    }

    /// `base`, or the variant of it the site makes when an earlier heading has it.
    pub fn unique(&mut self, base: String) -> String {
        match self.kind {
            // kramdown-parser-gfm counts occurrences of the base only.
            SiteKind::Jekyll => {
                let n = self.seen.entry(base.clone()).or_insert(0);
                *n += 1;
                if *n > 1 {
                    format!("{base}-{}", *n - 1)
                } else {
                    base
                }
            }
            // github-slugger, goldmark and Zola: try base, base-1, base-2… until unused.
            _ => {
                if !self.seen.contains_key(&base) {
                    self.seen.insert(base.clone(), 0);
                    return base;
                }
                let mut i = self.seen[&base];
                loop {
                    i += 1;
                    let candidate = format!("{base}-{i}");
                    if !self.seen.contains_key(&candidate) {
                        self.seen.insert(base, i);
                        self.seen.insert(candidate.clone(), 0);
                        return candidate;
                    }
                }
            }
        }
    }
}

/// kramdown-parser-gfm: `text.downcase.gsub(/[^\p{Word}\- \t]/, '').tr(" \t", '-')`.
pub fn kramdown_gfm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |c: char| {
        if c == ' ' || c == '\t' {
            out.push('-');
        } else if c == '-' || is_word(c) {
            out.push(c);
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
    out
}

/// github-slugger: lower-case, keep letters, marks, numbers, `_`, `-` and spaces; spaces
/// become `-`.
pub fn github(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == ' ' {
            out.push('-');
        } else if c == '-' || is_word(c) {
            out.push(c);
        }
    }
    out
}

/// Hugo's goldmark `github` ids: `unicode.IsSpace` → `-`; letters, digits, `-`, `_` kept
/// lower-cased (combining marks are not letters there, so they are dropped).
pub fn hugo_github(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            out.push('-');
        } else if c.is_alphabetic() || c.is_numeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The `slug` crate's `slugify`, which Zola uses for anchors.
pub fn zola(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_dash = true;
    let mut push = |b: u8, out: &mut String| match b {
        b'a'..=b'z' | b'0'..=b'9' => {
            prev_dash = false;
            out.push(b as char);
        }
        b'A'..=b'Z' => {
            prev_dash = false;
            out.push((b - b'A' + b'a') as char);
        }
        _ => {
            if !prev_dash {
                out.push('-');
                prev_dash = true;
            }
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c as u8, &mut out);
        } else {
            for &b in deunicode::deunicode_char(c).unwrap_or("-").as_bytes() {
                push(b, &mut out);
            }
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

/// `\p{Word}` of Ruby / the kept class of github-slugger: letters, marks, numbers and
/// connector punctuation (`_`).
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (the common blocks), which both Ruby's `\p{Word}` and github-slugger keep.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF | 0x302A..=0x302F | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(kind: SiteKind, titles: &[&str]) -> Vec<String> {
        let mut s = Slugger::new(kind);
        titles.iter().map(|t| s.slug(t)).collect()
    }

    #[test]
    fn jekyll_kramdown_gfm_keeps_accents_and_counts_duplicates() {
        assert_eq!(
            ids(
                SiteKind::Jekyll,
                &[
                    "L’éléphant bleu n’a pas peur",
                    "Jour 1",
                    "Jour 1",
                    "C++ & Rust!",
                    "  Two  spaces"
                ]
            ),
            [
                "léléphant-bleu-na-pas-peur",
                "jour-1",
                "jour-1-1",
                "c--rust",
                "--two--spaces"
            ]
        );
    }

    #[test]
    fn astro_github_slugger() {
        assert_eq!(
            ids(
                SiteKind::Astro,
                &[
                    "Hello, World!",
                    "Hello World",
                    "hello-world",
                    "Ünïcode ✨ ok",
                    "foo_bar"
                ]
            ),
            [
                "hello-world",
                "hello-world-1",
                "hello-world-2",
                "ünïcode--ok",
                "foo_bar"
            ]
        );
    }

    #[test]
    fn hugo_goldmark_github() {
        assert_eq!(
            ids(
                SiteKind::Hugo,
                &["Héllo\tWorld", "Héllo\tWorld", "!!!", "!!!"]
            ),
            ["héllo-world", "héllo-world-1", "heading", "heading-1"]
        );
    }

    #[test]
    fn zola_slug_transliterates() {
        assert_eq!(
            ids(SiteKind::Zola, &["Héllo, Wörld!", "Héllo Wörld", "--x--"]),
            ["hello-world", "hello-world-1", "x"]
        );
    }

    #[test]
    fn explicit_ids_are_not_reused() {
        let mut s = Slugger::new(SiteKind::Astro);
        s.reserve("intro");
        assert_eq!(s.slug("Intro"), "intro-1");
    }
}
