//! Markdown to safe HTML for the preview.

use pulldown_cmark::{html, Options, Parser};

use crate::frontmatter;

/// Renders a post (front matter included; it is not shown) to a sanitized HTML fragment.
pub fn render_post(text: &str) -> String {
    let body = match frontmatter::split(text) {
        Ok(s) => &text[s.body],
        Err(_) => text,
    };
    render_markdown(body)
}

pub fn render_markdown(md: &str) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(md, opts));
    ammonia::clean(&out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_and_strips_scripts() {
        let h = super::render_post("---\ntitle: x\n---\n# Hi\n\n<script>alert(1)</script>\n");
        assert!(h.contains("<h1>Hi</h1>"), "{h}");
        assert!(!h.contains("script"));
        assert!(!h.contains("title: x"));
    }
}
