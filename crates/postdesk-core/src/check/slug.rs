//! Heading ids as the site generator makes them, for checking `#anchor` links.
//!
//! One small function per dialect; the renderer's own rule can replace these later.

/// Jekyll's default Markdown (kramdown with `input: GFM`): `generate_gfm_header_id` lowercases,
/// drops every character that is not a word character (letters of any script, digits, `_`),
/// `-`, space or tab, then turns spaces and tabs into `-`. Duplicates get `-1`, `-2`… (done by
/// the caller). The text is the heading's text content.
pub fn kramdown_gfm(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '\t'))
        .map(|c| if c == ' ' || c == '\t' { '-' } else { c })
        .collect()
}

/// The slug function of a site kind.
pub fn for_site(_kind: crate::site::SiteKind) -> fn(&str) -> String {
    // Hugo (goldmark), Astro (github-slugger) and Zola differ in details (Zola and Hugo keep
    // fewer characters); the GFM rule is the common ground until render.rs exports its own.
    kramdown_gfm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gfm_ids() {
        assert_eq!(kramdown_gfm("Hello, World!"), "hello-world");
        assert_eq!(kramdown_gfm("Pourquoi l’éléphant ?"), "pourquoi-léléphant-");
        assert_eq!(kramdown_gfm("C++ & Rust_2024"), "c--rust_2024");
        assert_eq!(kramdown_gfm("1. Intro"), "1-intro");
    }
}
