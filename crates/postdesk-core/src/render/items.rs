//! The blog's own syntax (Liquid, kramdown, Hugo and Zola shortcodes, see [`super::syntax`]) as
//! HTML: labelled placeholders, figures, click-to-load videos, the table of contents.

use std::fmt::Write as _;

use super::html::{escape, TOC_MARK};
use super::job::Job;
use super::sanitize;
use super::syntax::Item;

impl Job<'_> {
    /// The HTML of a blog-syntax item.
    pub(super) fn item_html(&mut self, n: usize, block: bool) -> String {
        let Some(item) = self.pre.items.get(n) else {
            return String::new();
        };
        match item {
            Item::Hidden { .. } => String::new(),
            // Only ever in an HTML block, which writes its text (`Job::html_block`).
            Item::Html { source } => escape(source),
            Item::Toc { .. } => {
                self.has_toc = true;
                TOC_MARK.to_string()
            }
            Item::Variable { name, source } => format!(
                "<code class=\"pd-placeholder pd-variable\" title=\"{}\">{}</code>",
                escape(source),
                escape(name)
            ),
            Item::PostUrl { name, source } => format!(
                "<code class=\"pd-placeholder pd-liquid\" title=\"{}\">post_url {}</code>",
                escape(source),
                escape(name)
            ),
            Item::Ref { target, source } => format!(
                "<code class=\"pd-placeholder pd-shortcode\" title=\"{}\">ref {}</code>",
                escape(source),
                escape(target)
            ),
            Item::Placeholder {
                family,
                label,
                source,
            } => {
                let tag = if block { "div" } else { "span" };
                let fam = match *family {
                    "liquid" | "liquid-tag" => "pd-liquid",
                    _ => "pd-shortcode",
                };
                format!(
                    "<{tag} class=\"pd-placeholder {fam}\" title=\"{}\">{}</{tag}>",
                    escape(source),
                    escape(label)
                )
            }
            Item::Video {
                provider,
                id,
                source,
            } => {
                let (name, url) = match *provider {
                    "youtube" => (
                        "YouTube",
                        format!("https://www.youtube-nocookie.com/embed/{}", encode_id(id)),
                    ),
                    _ => (
                        "Vimeo",
                        format!("https://player.vimeo.com/video/{}", encode_id(id)),
                    ),
                };
                let tag = if block { "div" } else { "span" };
                format!(
                    "<{tag} class=\"pd-embed\" data-provider=\"{provider}\" data-src=\"{}\" title=\"{}\">{name} video {} — click to load</{tag}>",
                    escape(&url),
                    escape(source),
                    escape(id)
                )
            }
            Item::Figure {
                src,
                alt,
                caption,
                title,
                link,
                ..
            } => {
                let img = self.image(src, if alt.is_empty() { caption } else { alt }, "");
                let img = if !link.is_empty() && sanitize::link_allowed(link) {
                    format!("<a href=\"{}\">{img}</a>", escape(link))
                } else {
                    img
                };
                let mut cap = String::new();
                if !title.is_empty() || !caption.is_empty() {
                    cap.push_str("<figcaption>");
                    if !title.is_empty() {
                        let _ = write!(cap, "<h4>{}</h4>", escape(title));
                    }
                    if !caption.is_empty() {
                        let _ = write!(cap, "<p>{}</p>", escape(caption));
                    }
                    cap.push_str("</figcaption>");
                }
                if block {
                    format!("<figure>{img}{cap}</figure>")
                } else {
                    img
                }
            }
        }
    }
}

/// What a token stands for in plain text (heading text, alt text, link text).
pub(super) fn label(item: &Item) -> String {
    match item {
        Item::Variable { name, .. } => name.clone(),
        Item::Placeholder { label, .. } => label.clone(),
        Item::PostUrl { name, .. } => name.clone(),
        Item::Ref { target, .. } => target.clone(),
        Item::Figure { caption, .. } => caption.clone(),
        Item::Video { id, .. } => id.clone(),
        Item::Toc { .. } | Item::Hidden { .. } | Item::Html { .. } => String::new(),
    }
}

fn encode_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}
