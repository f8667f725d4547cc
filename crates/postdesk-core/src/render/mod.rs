//! Markdown to safe HTML for the preview, in the dialect of the post's site.
//!
//! [`render`] turns a post (front matter included) into a [`Rendered`]: the sanitized article
//! body, the post's header (title, description, author names, date, thumbnail) and its
//! headings. Each top-level block carries `data-line="start-end"` (1-based lines of the whole
//! post text) so the editor and the preview can scroll together. The blog's own syntax
//! (Liquid, kramdown attribute lists, Hugo and Zola shortcodes) becomes labelled placeholders
//! or its real result (figures, click-to-load videos, highlighted code, the table of contents);
//! see [`syntax`]. Math and mermaid diagrams become placeholders the trusted UI renders with
//! KaTeX and mermaid.
//!
//! Safety: the renderer writes only escaped text and checked URLs; a post with raw HTML is
//! additionally sanitized whole with one reused `ammonia::Builder` (see [`sanitize`]).

pub mod delta;
pub mod highlight;
pub mod live;
pub mod sanitize;
pub mod slug;
mod style;
pub mod syntax;

mod context;
mod events;
mod header;
mod html;
mod image;
mod items;
mod job;
mod kramdown;
mod text;
mod writer;

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::Options;
use serde::Serialize;
use ts_rs::TS;

use crate::frontmatter;
use crate::site::SiteKind;
use header::{header, read_front_matter};
use html::escape;
use job::Job;

pub(crate) use context::ImageChecks;
pub use context::{ExistsFn, RenderContext, DEFAULT_IMAGE_PREFIX};
pub use header::header_html;
pub use highlight::{highlight_css, warm_up};
pub use sanitize::image_url;
pub use style::preview_css;
pub(crate) use writer::count_newlines;

/// The post's header as the site shows it above the article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct PostHeader {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Display names (ids looked up in the authors file; unknown ids shown as written).
    pub authors: Vec<String>,
    /// As written in the front matter, or taken from a `YYYY-MM-DD-` file name.
    pub date: Option<String>,
    /// URL of the thumbnail (served by the app), when it exists (or is remote and allowed).
    pub thumbnail: Option<String>,
    /// Repository path of a thumbnail the front matter names but that does not exist.
    pub thumbnail_missing: Option<String>,
}

/// One heading of the article, for the outline and in-page anchors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text.
    pub text: String,
    /// The id the site generates (or the explicit `{#id}`).
    pub id: String,
    /// 1-based line in the whole post text.
    pub line: usize,
}

/// A rendered post.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct Rendered {
    /// The sanitized article body (an HTML fragment).
    pub html: String,
    pub header: PostHeader,
    /// The header as HTML (`<header class="pd-post-header">…`), escaped, ready to show.
    pub header_html: String,
    pub headings: Vec<Heading>,
    /// 1-based line where the body starts (after the front matter).
    pub body_line: usize,
    /// Why the front matter could not be read, if it could not (the body is still rendered).
    pub front_matter_error: Option<String>,
    /// Whether the post has raw HTML (it was then sanitized by ammonia).
    pub has_raw_html: bool,
    /// Where the body's top-level blocks are, when a changed block may be rendered again on
    /// its own (see [`live`]); `None` when the post has what ties blocks together.
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) index: Option<BlockIndex>,
}

/// The source of each top-level block of a rendered body, in the order of the article's
/// `data-line` blocks, and its headings' ids. Only for a body with no raw HTML, no site
/// syntax (Liquid, shortcodes), no footnotes, no link reference definitions: the things
/// that make one block's HTML depend on another block's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct BlockIndex {
    /// Changes from this byte offset of the post text on leave its front matter as it is.
    pub stable_from: usize,
    /// Byte offset of the body in the post text.
    pub body_start: usize,
    /// Newlines before the body.
    pub line_base: usize,
    /// Byte ranges in the body, one per `data-line` block.
    pub spans: Vec<Range<usize>>,
    pub headings: Vec<HeadingKey>,
}

/// A heading's position in the body, what its id was made from, and the id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeadingKey {
    pub at: usize,
    pub key: String,
    pub id: String,
}

/// A part of a body rendered on its own ([`Renderer::render_region`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RegionRender {
    pub html: String,
    /// Byte ranges in the region, one per `data-line` block.
    pub spans: Vec<Range<usize>>,
    pub headings: Vec<HeadingKey>,
}

/// The renderer of one site kind: its parser options, reused for every render.
#[derive(Debug)]
pub struct Renderer {
    kind: SiteKind,
    options: Options,
    linkify: linkify::LinkFinder,
}

static RENDERERS: LazyLock<[Renderer; 5]> = LazyLock::new(|| {
    [
        Renderer::new(SiteKind::Jekyll),
        Renderer::new(SiteKind::Astro),
        Renderer::new(SiteKind::Hugo),
        Renderer::new(SiteKind::Zola),
        Renderer::new(SiteKind::Generic),
    ]
});

/// Renders a post with the renderer of `ctx.kind`.
pub fn render(text: &str, ctx: &RenderContext) -> Rendered {
    Renderer::get(ctx.kind).render(text, ctx)
}

/// Renders a post (front matter included; it is not shown) to a sanitized HTML fragment,
/// as a plain Markdown site with no image checks.
pub fn render_post(text: &str) -> String {
    render(text, &RenderContext::new(SiteKind::Generic, "post.md")).html
}

/// A standalone HTML page of a rendered post with the preview stylesheet.
pub fn full_page(r: &Rendered) -> String {
    let title = r.header.title.as_deref().unwrap_or("Preview");
    let mut out = String::with_capacity(r.html.len() + 32 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src postdesk: http: https:; style-src 'unsafe-inline'\">\n");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    out.push_str(&escape(title));
    out.push_str("</title>\n<style>\n");
    out.push_str(&preview_css());
    out.push_str("</style>\n</head>\n<body>\n<article class=\"pd-article\">\n");
    out.push_str(&r.header_html);
    out.push_str(&r.html);
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

impl Renderer {
    fn new(kind: SiteKind) -> Self {
        let mut options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_MATH
            | Options::ENABLE_GFM;
        // kramdown (smart_quotes), Astro (remark-smartypants) and Hugo (goldmark's
        // typographer) curl quotes and dashes; Zola and plain CommonMark do not by default.
        if matches!(kind, SiteKind::Jekyll | SiteKind::Astro | SiteKind::Hugo) {
            options |= Options::ENABLE_SMART_PUNCTUATION;
        }
        if kind == SiteKind::Jekyll {
            options |= Options::ENABLE_DEFINITION_LIST;
        }
        let mut linkify = linkify::LinkFinder::new();
        linkify.kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email]);
        linkify.url_must_have_scheme(false);
        Renderer {
            kind,
            options,
            linkify,
        }
    }

    /// The shared renderer of a site kind.
    pub fn get(kind: SiteKind) -> &'static Renderer {
        let i = match kind {
            SiteKind::Jekyll => 0,
            SiteKind::Astro => 1,
            SiteKind::Hugo => 2,
            SiteKind::Zola => 3,
            SiteKind::Generic => 4,
        };
        &RENDERERS[i]
    }

    pub fn kind(&self) -> SiteKind {
        self.kind
    }

    /// The pulldown-cmark options of this dialect.
    pub fn options(&self) -> Options {
        self.options
    }

    /// Renders a post: front matter into the header, the body into sanitized HTML.
    pub fn render(&self, text: &str, ctx: &RenderContext) -> Rendered {
        // `stable_from`: changes from there on leave the front matter as it is (a closed one
        // ends with its fence; no front matter stays none while the first line stays).
        let (body_range, fm, fm_error, stable_from) = match frontmatter::split(text) {
            Ok(s) if s.format.is_none() => {
                let first_line = text.find('\n').map_or(usize::MAX, |p| p + 1);
                (s.body, Default::default(), None, Some(first_line))
            }
            Ok(s) => {
                let (fm, err) = read_front_matter(text, s.body.start);
                let from = s.body.start;
                (s.body, fm, err, Some(from))
            }
            // Worded as the index and `check` word it (`frontmatter::read_post`).
            Err(_) => (
                0..text.len(),
                Default::default(),
                frontmatter::read_post(text).error.map(|e| e.to_string()),
                None,
            ),
        };
        let line_base = text[..body_range.start].matches('\n').count();
        let body = &text[body_range.clone()];
        let pre = syntax::preprocess(body, self.kind);
        let mut job = Job::new(self, ctx, &pre, pre.text_of(body), line_base);
        let html = job.run();
        let header = header(&fm, ctx);
        // Block positions are the body's only when preprocessing left it as it was (a
        // `{% highlight %}` becomes a fence of another length, with no item to show for it).
        let index = stable_from
            .filter(|_| pre.is_unchanged(body) && job.splittable())
            .map(|stable_from| BlockIndex {
                stable_from,
                body_start: body_range.start,
                line_base,
                spans: std::mem::take(&mut job.spans),
                headings: std::mem::take(&mut job.heading_keys),
            });
        Rendered {
            header_html: header_html(&header),
            html,
            header,
            headings: job.headings,
            body_line: line_base + 1,
            front_matter_error: fm_error,
            has_raw_html: job.has_raw_html,
            index,
        }
    }

    /// Renders `region`, a run of whole top-level blocks of a body whose first line is line
    /// `line_base + 1` of the post, as it renders within the whole body, given the headings
    /// it had (`expected`: their keys and ids). `None` when it cannot be rendered on its own:
    /// it has what ties blocks together, or its headings changed (later ids may change too).
    pub(crate) fn render_region(
        &self,
        region: &str,
        ctx: &RenderContext,
        line_base: usize,
        expected: &[HeadingKey],
    ) -> Option<RegionRender> {
        let pre = syntax::preprocess(region, self.kind);
        if !pre.is_unchanged(region) {
            return None;
        }
        let mut job = Job::new(self, ctx, &pre, region, line_base);
        job.expected = Some(expected);
        let html = job.run();
        let same_headings = job.heading_keys.len() == expected.len()
            && job
                .heading_keys
                .iter()
                .zip(expected)
                .all(|(a, b)| a.key == b.key);
        (job.splittable() && same_headings).then_some(RegionRender {
            html,
            spans: job.spans,
            headings: job.heading_keys,
        })
    }

    /// Renders Markdown that has no front matter: the article fragment only (lines counted
    /// from 1 at the start of `md`).
    pub fn render_markdown(&self, md: &str, ctx: &RenderContext) -> String {
        let pre = syntax::preprocess(md, self.kind);
        Job::new(self, ctx, &pre, pre.text_of(md), 0).run()
    }
}

#[cfg(test)]
mod tests;
