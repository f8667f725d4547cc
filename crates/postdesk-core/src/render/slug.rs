//! Heading ids generated the way each site's Markdown renderer generates them, so that
//! in-page anchors (`[see](#some-heading)`) work in the preview as on the site.
//!
//! - Jekyll: kramdown with its default `GFM` input (`kramdown-parser-gfm`
//!   `generate_gfm_header_id`): lower-case, drop every char that is not a word char of Ruby
//!   (marks such as U+FE0F are), `-`, space or tab; spaces and tabs become `-`; duplicates get
//!   `-1`, `-2`…
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
///
/// Unlike CommonMark sites' slugs, Ruby's `\p{Word}` keeps every combining mark, emoji
/// variation selectors included: `### Les étoiles ⭐️` (⭐ U+2B50, then U+FE0F) is
/// `#les-étoiles-\u{FE0F}` on the site (2022-10-07-bedrock-dev-facts-18.md), and drops
/// other numbers (`²`, `½`). See [`ruby_word`].
pub fn kramdown_gfm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |c: char| {
        if c == ' ' || c == '\t' {
            out.push('-');
        } else if c == '-' || ruby_word(c) {
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

/// Ruby's (Onigmo's) `\p{Word}`: alphabetic characters, marks (`\p{M}`), decimal digits
/// (`\p{Nd}`) and connector punctuation (`\p{Pc}`). Rust's `is_alphabetic` plus the table of
/// the rest ([`RUBY_WORD_EXTRA`]).
fn ruby_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    if c.is_alphabetic() {
        return true;
    }
    let c = c as u32;
    RUBY_WORD_EXTRA
        .binary_search_by(|&(a, b)| {
            if b < c {
                std::cmp::Ordering::Less
            } else if a > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The non-ASCII characters Ruby 3.1 (Unicode 13) matches with `\p{Word}` and that are not
/// alphabetic: marks, decimal digits, connector punctuation. Generated by comparing
/// `(0..0x10FFFF).select { |c| [c].pack("U") =~ /\p{Word}/ }` with `char::is_alphabetic`.
#[rustfmt::skip]
static RUBY_WORD_EXTRA: &[(u32, u32)] = &[
    (0x0300, 0x0344), (0x0346, 0x0362), (0x0483, 0x0489), (0x0591, 0x05AF), (0x0658, 0x0658),
    (0x0660, 0x0669), (0x06DF, 0x06E0), (0x06EA, 0x06EC), (0x06F0, 0x06F9), (0x0740, 0x074A),
    (0x07C0, 0x07C9), (0x07EB, 0x07F3), (0x07FD, 0x07FD), (0x0818, 0x0819), (0x082D, 0x082D),
    (0x0859, 0x085B), (0x08D3, 0x08D3), (0x08E0, 0x08E1), (0x08EA, 0x08EF), (0x093C, 0x093C),
    (0x094D, 0x094D), (0x0951, 0x0954), (0x0966, 0x096F), (0x09BC, 0x09BC), (0x09CD, 0x09CD),
    (0x09E6, 0x09EF), (0x09FE, 0x09FE), (0x0A3C, 0x0A3C), (0x0A4D, 0x0A4D), (0x0A66, 0x0A6F),
    (0x0ABC, 0x0ABC), (0x0ACD, 0x0ACD), (0x0AE6, 0x0AEF), (0x0AFD, 0x0AFF), (0x0B3C, 0x0B3C),
    (0x0B4D, 0x0B4D), (0x0B55, 0x0B55), (0x0B66, 0x0B6F), (0x0BCD, 0x0BCD), (0x0BE6, 0x0BEF),
    (0x0C4D, 0x0C4D), (0x0C66, 0x0C6F), (0x0CBC, 0x0CBC), (0x0CCD, 0x0CCD), (0x0CE6, 0x0CEF),
    (0x0D3B, 0x0D3C), (0x0D4D, 0x0D4D), (0x0D66, 0x0D6F), (0x0DCA, 0x0DCA), (0x0DE6, 0x0DEF),
    (0x0E47, 0x0E4C), (0x0E4E, 0x0E4E), (0x0E50, 0x0E59), (0x0EBA, 0x0EBA), (0x0EC8, 0x0ECC),
    (0x0ED0, 0x0ED9), (0x0F18, 0x0F19), (0x0F20, 0x0F29), (0x0F35, 0x0F35), (0x0F37, 0x0F37),
    (0x0F39, 0x0F39), (0x0F3E, 0x0F3F), (0x0F84, 0x0F84), (0x0F86, 0x0F87), (0x0FC6, 0x0FC6),
    (0x1037, 0x1037), (0x1039, 0x103A), (0x1040, 0x1049), (0x1090, 0x1099), (0x135D, 0x135F),
    (0x1714, 0x1714), (0x1734, 0x1734), (0x17B4, 0x17B5), (0x17C9, 0x17D3), (0x17DD, 0x17DD),
    (0x17E0, 0x17E9), (0x180B, 0x180D), (0x1810, 0x1819), (0x1939, 0x193B), (0x1946, 0x194F),
    (0x19D0, 0x19D9), (0x1A60, 0x1A60), (0x1A75, 0x1A7C), (0x1A7F, 0x1A89), (0x1A90, 0x1A99),
    (0x1AB0, 0x1ABE), (0x1B34, 0x1B34), (0x1B44, 0x1B44), (0x1B50, 0x1B59), (0x1B6B, 0x1B73),
    (0x1BAA, 0x1BAB), (0x1BB0, 0x1BB9), (0x1BE6, 0x1BE6), (0x1BF2, 0x1BF3), (0x1C37, 0x1C37),
    (0x1C40, 0x1C49), (0x1C50, 0x1C59), (0x1CD0, 0x1CD2), (0x1CD4, 0x1CE8), (0x1CED, 0x1CED),
    (0x1CF4, 0x1CF4), (0x1CF7, 0x1CF9), (0x1DC0, 0x1DD2), (0x1DF5, 0x1DF9), (0x1DFB, 0x1DFF),
    (0x203F, 0x2040), (0x2054, 0x2054), (0x20D0, 0x20F0), (0x2CEF, 0x2CF1), (0x2D7F, 0x2D7F),
    (0x302A, 0x302F), (0x3099, 0x309A), (0xA620, 0xA629), (0xA66F, 0xA672), (0xA67C, 0xA67D),
    (0xA6F0, 0xA6F1), (0xA806, 0xA806), (0xA82C, 0xA82C), (0xA8C4, 0xA8C4), (0xA8D0, 0xA8D9),
    (0xA8E0, 0xA8F1), (0xA900, 0xA909), (0xA92B, 0xA92D), (0xA953, 0xA953), (0xA9B3, 0xA9B3),
    (0xA9C0, 0xA9C0), (0xA9D0, 0xA9D9), (0xA9F0, 0xA9F9), (0xAA50, 0xAA59), (0xAABF, 0xAABF),
    (0xAAC1, 0xAAC1), (0xAAF6, 0xAAF6), (0xABEC, 0xABED), (0xABF0, 0xABF9), (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F), (0xFE33, 0xFE34), (0xFE4D, 0xFE4F), (0xFF10, 0xFF19), (0xFF3F, 0xFF3F),
    (0x101FD, 0x101FD), (0x102E0, 0x102E0), (0x104A0, 0x104A9), (0x10A38, 0x10A3A),
    (0x10A3F, 0x10A3F), (0x10AE5, 0x10AE6), (0x10D30, 0x10D39), (0x10F46, 0x10F50),
    (0x11046, 0x11046), (0x11066, 0x1106F), (0x1107F, 0x1107F), (0x110B9, 0x110BA),
    (0x110F0, 0x110F9), (0x11133, 0x11134), (0x11136, 0x1113F), (0x11173, 0x11173),
    (0x111C0, 0x111C0), (0x111C9, 0x111CC), (0x111D0, 0x111D9), (0x11235, 0x11236),
    (0x112E9, 0x112EA), (0x112F0, 0x112F9), (0x1133B, 0x1133C), (0x1134D, 0x1134D),
    (0x11366, 0x1136C), (0x11370, 0x11374), (0x11442, 0x11442), (0x11446, 0x11446),
    (0x11450, 0x11459), (0x1145E, 0x1145E), (0x114C2, 0x114C3), (0x114D0, 0x114D9),
    (0x115BF, 0x115C0), (0x1163F, 0x1163F), (0x11650, 0x11659), (0x116B6, 0x116B7),
    (0x116C0, 0x116C9), (0x1172B, 0x1172B), (0x11730, 0x11739), (0x11839, 0x1183A),
    (0x118E0, 0x118E9), (0x1193D, 0x1193E), (0x11943, 0x11943), (0x11950, 0x11959),
    (0x119E0, 0x119E0), (0x11A33, 0x11A34), (0x11A47, 0x11A47), (0x11A98, 0x11A99),
    (0x11C3F, 0x11C3F), (0x11C50, 0x11C59), (0x11D42, 0x11D42), (0x11D44, 0x11D45),
    (0x11D50, 0x11D59), (0x11D97, 0x11D97), (0x11DA0, 0x11DA9), (0x16A60, 0x16A69),
    (0x16AF0, 0x16AF4), (0x16B30, 0x16B36), (0x16B50, 0x16B59), (0x16FE4, 0x16FE4),
    (0x1BC9D, 0x1BC9D), (0x1D165, 0x1D169), (0x1D16D, 0x1D172), (0x1D17B, 0x1D182),
    (0x1D185, 0x1D18B), (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244), (0x1D7CE, 0x1D7FF),
    (0x1DA00, 0x1DA36), (0x1DA3B, 0x1DA6C), (0x1DA75, 0x1DA75), (0x1DA84, 0x1DA84),
    (0x1DA9B, 0x1DA9F), (0x1DAA1, 0x1DAAF), (0x1E130, 0x1E136), (0x1E140, 0x1E149),
    (0x1E2EC, 0x1E2F9), (0x1E8D0, 0x1E8D6), (0x1E944, 0x1E946), (0x1E948, 0x1E94A),
    (0x1E950, 0x1E959), (0x1FBF0, 0x1FBF9), (0xE0100, 0xE01EF),
];

/// The kept class of github-slugger: letters, marks, numbers and connector punctuation (`_`).
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (the common blocks), which github-slugger keeps.
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
    fn jekyll_ids_keep_emoji_variation_selectors_and_drop_other_numbers() {
        // 2022-10-07-bedrock-dev-facts-18.md and 2025-11-18-performance-now-2025.md, as
        // kramdown 2.4 gives them: U+FE0F is a mark, `\p{Word}` in Ruby.
        assert_eq!(
            ids(
                SiteKind::Jekyll,
                &[
                    "Les étoiles ⭐\u{FE0F}",
                    "🕵\u{FE0F} Investigating Performance",
                    "☕\u{FE0F}",
                    "x² ½ ٣"
                ]
            ),
            [
                "les-étoiles-\u{FE0F}",
                "\u{FE0F}-investigating-performance",
                "\u{FE0F}",
                "x--٣"
            ]
        );
    }

    #[test]
    fn ruby_word_table_is_sorted() {
        assert!(RUBY_WORD_EXTRA.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(RUBY_WORD_EXTRA.iter().all(|&(a, b)| a <= b));
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
