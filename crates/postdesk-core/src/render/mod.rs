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
mod writer;

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{
    CodeBlockKind, CowStr, DefaultBrokenLinkCallback, Event, HeadingLevel, LinkType, OffsetIter,
    Options, Parser, Tag, TagEnd,
};
use serde::Serialize;
use ts_rs::TS;

use crate::frontmatter;
use crate::site::SiteKind;
use events::{BlockBuffers, BlockEvents};
use header::{header, read_front_matter};
use html::{code_block, escape, math, replace_iframes, toc_html, TOC_MARK};
use syntax::{Item, Piece, Pre};
use writer::{decimal, put_lines, MarkWriter, LINE_MARK, RAW_MARK};

pub use context::{read_authors, ExistsFn, RenderContext, DEFAULT_IMAGE_PREFIX};
pub use header::header_html;
pub use highlight::{highlight_css, warm_up};
pub use sanitize::image_url;
pub use style::preview_css;
pub(crate) use writer::count_newlines;

/// The post's header as the site shows it above the article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
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
#[ts(export)]
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
#[ts(export)]
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
            Err(e) => (0..text.len(), Default::default(), Some(e.message), None),
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

/// One render: the events of one document and what is collected on the way.
struct Job<'a> {
    r: &'a Renderer,
    ctx: &'a RenderContext,
    pre: &'a Pre,
    /// The body with the blog's syntax replaced (`pre`'s text).
    text: &'a str,
    line_base: usize,
    /// A byte offset of the body and the number of newlines before it: line numbers are
    /// counted from the last one asked for (blocks come in order).
    line_cursor: std::cell::Cell<(usize, usize)>,
    headings: Vec<Heading>,
    slugger: slug::Slugger,
    has_raw_html: bool,
    /// How many raw HTML events were transformed so far.
    raw_events: usize,
    /// Where the HTML of the top-level blocks with raw HTML is (byte ranges, in order), for
    /// [`sanitize::clean_blocks`]; `None`: the whole document goes through ammonia.
    raw_blocks: Option<Vec<Range<usize>>>,
    has_toc: bool,
    has_footnotes: bool,
    has_ref_defs: bool,
    /// The source range of each top-level block given a line mark, in order.
    spans: Vec<Range<usize>>,
    heading_keys: Vec<HeadingKey>,
    /// Rendering a region: the headings it had, whose ids are kept while their keys match.
    expected: Option<&'a [HeadingKey]>,
    /// Where the body has `://`, `www.` or `@` (offset, length), in order.
    autolink_triggers: Vec<(usize, usize)>,
    /// Write the document in one piece even where it could go block by block (the tests
    /// compare the two).
    whole: bool,
    /// Sanitize raw HTML with the whole document rather than block by block (the tests
    /// compare the two).
    clean_whole: bool,
    /// Writing block by block: the lines of the block being written, put on its first tag
    /// once it is written (instead of a line mark in the events).
    block_lines: Option<Option<(usize, usize)>>,
}

impl<'a> Job<'a> {
    fn new(
        r: &'a Renderer,
        ctx: &'a RenderContext,
        pre: &'a Pre,
        text: &'a str,
        line_base: usize,
    ) -> Self {
        Job {
            r,
            ctx,
            pre,
            text,
            line_base,
            line_cursor: std::cell::Cell::new((0, 0)),
            headings: Vec::new(),
            slugger: slug::Slugger::new(r.kind),
            has_raw_html: false,
            raw_events: 0,
            raw_blocks: None,
            has_toc: false,
            has_footnotes: false,
            has_ref_defs: false,
            spans: Vec::new(),
            heading_keys: Vec::new(),
            expected: None,
            autolink_triggers: autolink_triggers(text),
            whole: false,
            clean_whole: false,
            block_lines: None,
        }
    }

    /// 1-based line of a byte offset of the (preprocessed) body, in the whole post.
    fn line(&self, offset: usize) -> usize {
        let b = self.text.as_bytes();
        let offset = offset.min(b.len());
        let (pos, mut n) = self.line_cursor.get();
        if offset >= pos {
            n += count_newlines(&b[pos..offset]);
        } else {
            n -= count_newlines(&b[offset..pos]);
        }
        self.line_cursor.set((offset, n));
        self.line_base + n + 1
    }

    fn lines(&self, range: &Range<usize>) -> (usize, usize) {
        let start = self.line(range.start);
        // Blocks (lists) may end after trailing blank lines: those are not theirs.
        let text = &self.text.as_bytes()[range.start..range.end.min(self.text.len())];
        let trimmed = text
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |p| p + 1);
        let end = self.line(range.start + trimmed.saturating_sub(1));
        (start, end.max(start))
    }

    /// Whether each top-level block's HTML depends on its own text only.
    fn splittable(&self) -> bool {
        !(self.has_raw_html || self.has_toc || self.has_footnotes || self.has_ref_defs)
    }

    fn run(&mut self) -> String {
        let text: &'a str = self.text;
        let mut parser = Parser::new_ext(text, self.r.options).into_offset_iter();
        let has_toc_item = self.pre.items.iter().any(|i| matches!(i, Item::Toc { .. }));
        // Footnotes are numbered across the document by one HTML writer, and the table of
        // contents needs the headings after it: those are written whole.
        let html =
            if self.whole || has_toc_item || memchr::memmem::find(text.as_bytes(), b"[^").is_some()
            {
                self.write_whole(&mut parser)
            } else {
                self.write_by_block(&mut parser)
            };
        self.has_ref_defs = parser.reference_definitions().iter().next().is_some();
        self.has_raw_html = self.raw_events > 0;
        if !self.has_raw_html {
            return html;
        }
        let scope = sanitize::ImageScope {
            post_path: self.ctx.post_path.clone(),
            prefix: self.ctx.image_url_prefix.clone(),
            allow_remote: self.ctx.allow_remote_images,
        };
        match &self.raw_blocks {
            Some(raw) if !self.clean_whole => sanitize::clean_blocks(&html, raw, scope),
            _ => sanitize::clean(&html, scope),
        }
    }

    /// The document's HTML from one list of all its events, written by one HTML writer.
    fn write_whole(&mut self, parser: &mut OffsetIter<'a, DefaultBrokenLinkCallback>) -> String {
        let text = self.text;
        // About one event per 8 bytes of Markdown: sized once rather than grown by copies.
        let mut events: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(text.len() / 8 + 16);
        events.extend(parser);
        let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len() + events.len() / 4);
        self.transform(&events, &mut out, &mut Nest::default());
        let mut w = MarkWriter::with_capacity(text.len() * 3 / 2 + 256);
        if self.has_toc {
            // Every heading is known now: the table of contents goes in before the writer
            // puts its paragraph's line mark on its first tag.
            let toc = toc_html(&self.headings);
            for e in &mut out {
                if let Event::Html(h) = e {
                    if h.contains(TOC_MARK) {
                        *e = Event::Html(h.replace(TOC_MARK, &toc).into());
                    }
                }
            }
        }
        let _ = pulldown_cmark::html::write_html_fmt(&mut w, out.into_iter());
        let (html, raw_blocks) = w.finish();
        self.raw_blocks = Some(raw_blocks);
        html
    }

    /// The document's HTML one top-level block at a time: the HTML writer pulls each block's
    /// events through [`BlockEvents`], which transforms them as they come from the parser
    /// (buffering only the few elements that need their contents first), and the block's lines
    /// go on its first tag once it is written.
    fn write_by_block(&mut self, parser: &mut OffsetIter<'a, DefaultBrokenLinkCallback>) -> String {
        let mut html = String::with_capacity(self.text.len() * 3 / 2 + 256);
        let mut bufs = BlockBuffers::default();
        let lone_possible = self.pre.items.iter().any(Item::is_block)
            || memchr::memmem::find(self.text.as_bytes(), b"$$").is_some();
        self.block_lines = Some(None);
        let mut raw_blocks: Vec<Range<usize>> = Vec::new();
        loop {
            let at = html.len();
            let raw_before = self.raw_events;
            let mut block = BlockEvents::new(self, &mut *parser, &mut bufs, lone_possible);
            pulldown_cmark::html::push_html(&mut html, &mut block);
            if !block.pulled() {
                break;
            }
            if let Some((a, b)) = self.block_lines.as_mut().and_then(Option::take) {
                put_lines(&mut html, at, a, b);
            }
            if self.raw_events > raw_before {
                match raw_blocks.last_mut() {
                    Some(last) if last.end == at => last.end = html.len(),
                    _ => raw_blocks.push(at..html.len()),
                }
            }
        }
        self.block_lines = None;
        self.raw_blocks = Some(raw_blocks);
        html
    }

    /// Turns the parser's events (whole blocks, whole elements, or single events that need
    /// nothing after them) into the events the HTML writer writes: headings with ids, code
    /// highlighted, images resolved, the blog's syntax shown, bare URLs linked, a line mark
    /// before each top-level block. `nest` carries the depth and links open across calls.
    fn transform(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        out: &mut Vec<Event<'a>>,
        nest: &mut Nest,
    ) {
        let text: &'a str = self.text;
        let Nest { depth, in_link } = nest;
        let mut i = 0;
        while i < events.len() {
            let (ev, range) = &events[i];
            let top = *depth == 0;
            if matches!(
                ev,
                Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
            ) {
                self.has_footnotes = true;
            }
            match ev {
                Event::Start(Tag::Paragraph) => {
                    let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Paragraph)));
                    if let Some(html) = self.lone_block(&events[i + 1..end]) {
                        if !html.is_empty() {
                            self.mark(out, top, range);
                            out.push(Event::Html((html + "\n").into()));
                        }
                        i = end + 1;
                        continue;
                    }
                    self.mark(out, top, range);
                    out.push(ev.clone());
                    *depth += 1;
                }
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                    let plain = self.plain_text(&events[i + 1..end]);
                    let (key, hid) = match id {
                        Some(id) => {
                            self.slugger.reserve(id);
                            (format!("#{id}"), id.to_string())
                        }
                        // kramdown makes the id from the heading's source text.
                        None => {
                            let base = if self.r.kind == SiteKind::Jekyll {
                                let raw = heading_source(&self.pre.restore(&text[range.clone()]));
                                self.slugger.base(&raw)
                            } else {
                                self.slugger.base(&plain)
                            };
                            let hid = self.slugger.unique(base.clone());
                            (base, hid)
                        }
                    };
                    // A region keeps the ids its headings had (they depend on the headings
                    // before it) while their keys are the same.
                    let hid = match self.expected.and_then(|e| e.get(self.heading_keys.len())) {
                        Some(e) if e.key == key => e.id.clone(),
                        _ => hid,
                    };
                    self.heading_keys.push(HeadingKey {
                        at: range.start,
                        key,
                        id: hid.clone(),
                    });
                    self.headings.push(Heading {
                        level: level_num(*level),
                        text: plain,
                        id: hid.clone(),
                        line: self.line(range.start),
                    });
                    self.mark(out, top, range);
                    out.push(Event::Start(Tag::Heading {
                        level: *level,
                        id: Some(hid.into()),
                        classes: classes.clone(),
                        attrs: Vec::new(),
                    }));
                    *depth += 1;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
                    let mut code = String::new();
                    for (e, _) in &events[i + 1..end] {
                        if let Event::Text(t) = e {
                            code.push_str(t);
                        }
                    }
                    let code = self.pre.restore(&code);
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => self.pre.restore(info),
                        CodeBlockKind::Indented => "".into(),
                    };
                    self.mark(out, top, range);
                    out.push(Event::Html(code_block(&info, &code).into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let end = find_end_nested(events, i);
                    let alt = self.plain_text(&events[i + 1..end]);
                    let url = self.url(dest_url);
                    self.mark(out, top, range);
                    out.push(Event::Html(self.image(&url, &alt, title).into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let url = self.url(dest_url);
                    let safe = if sanitize::link_allowed(&url) {
                        url
                    } else {
                        String::new()
                    };
                    *in_link += 1;
                    *depth += 1;
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: safe.into(),
                        title: self.restore(title),
                        id: id.clone(),
                    }));
                }
                Event::End(TagEnd::Link) => {
                    *in_link = in_link.saturating_sub(1);
                    *depth = depth.saturating_sub(1);
                    out.push(ev.clone());
                }
                Event::Start(Tag::HtmlBlock) => {
                    let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::HtmlBlock)));
                    let mut html = String::new();
                    for (e, _) in &events[i + 1..end] {
                        if let Event::Html(h) | Event::Text(h) = e {
                            html.push_str(h);
                        }
                    }
                    let html = replace_iframes(&self.pre.restore(&html));
                    self.mark(out, top, range);
                    self.raw_mark(out);
                    out.push(Event::Html(html.into()));
                    i = end + 1;
                    continue;
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    if top {
                        self.mark(out, top, range);
                    }
                    self.raw_mark(out);
                    out.push(Event::Html(replace_iframes(&self.pre.restore(h)).into()));
                }
                Event::Text(t) => self.text(out, t, *in_link > 0),
                Event::Code(t) => out.push(Event::Code(self.restore(t))),
                Event::InlineMath(t) => out.push(Event::Html(math("span", "pd-math", t).into())),
                Event::DisplayMath(t) => {
                    out.push(Event::Html(math("span", "pd-math-display", t).into()))
                }
                Event::Start(_) => {
                    self.mark(out, top, range);
                    out.push(ev.clone());
                    *depth += 1;
                }
                Event::End(_) => {
                    *depth = depth.saturating_sub(1);
                    out.push(ev.clone());
                }
                Event::Rule => {
                    self.mark(out, top, range);
                    out.push(Event::Rule);
                }
                other => out.push(other.clone()),
            }
            i += 1;
        }
    }

    /// Pushes the line mark of a top-level block (or keeps its lines, writing block by block).
    fn mark(&mut self, out: &mut Vec<Event<'a>>, top: bool, range: &Range<usize>) {
        if top {
            self.spans.push(range.clone());
            let (a, b) = self.lines(range);
            if let Some(lines) = &mut self.block_lines {
                *lines = Some((a, b));
                return;
            }
            // The newline keeps the writer from adding one before the block; it is removed
            // with the mark. At most 2 × 20 digits + 4 bytes: short marks stay inline.
            let mut buf = [0u8; 48];
            let mut n = 0;
            let mut put = |bytes: &[u8]| {
                buf[n..n + bytes.len()].copy_from_slice(bytes);
                n += bytes.len();
            };
            put(&[LINE_MARK as u8]);
            put(decimal(a, &mut [0; 20]));
            put(b"-");
            put(decimal(b, &mut [0; 20]));
            put(&[LINE_MARK as u8, b'\n']);
            let mark = std::str::from_utf8(&buf[..n]).unwrap_or_default();
            out.push(Event::Html(
                match pulldown_cmark::InlineStr::try_from(mark) {
                    Ok(s) => CowStr::Inlined(s),
                    Err(_) => mark.to_string().into(),
                },
            ));
        }
    }

    /// Counts raw HTML about to be written; written whole, marks its place for the writer,
    /// which keeps where each top-level block with raw HTML is.
    fn raw_mark(&mut self, out: &mut Vec<Event<'a>>) {
        self.raw_events += 1;
        if self.block_lines.is_none() {
            out.push(Event::Html(CowStr::Borrowed(RAW_MARK)));
        }
    }

    /// A text of the events, with its tokens (if any) back to what was written.
    fn restore(&self, s: &CowStr<'a>) -> CowStr<'a> {
        if self.pre.has_tokens(s) {
            self.pre.restore(s).into_owned().into()
        } else {
            s.clone()
        }
    }

    /// A paragraph that holds only block placeholders (a figure, a video, the table of
    /// contents…) or only display math: its HTML without the `<p>`. `Some("")` when it holds
    /// only hidden things (kramdown attribute lists).
    fn lone_block(&mut self, inner: &[(Event<'a>, Range<usize>)]) -> Option<String> {
        let mut items = Vec::new();
        let mut math_block = None;
        for (e, _) in inner {
            match e {
                Event::SoftBreak | Event::HardBreak => {}
                Event::DisplayMath(t) if math_block.is_none() && items.is_empty() => {
                    math_block = Some(t.clone())
                }
                Event::Text(t) if math_block.is_none() && !self.pre.has_tokens(t) => {
                    if !t.trim().is_empty() {
                        return None;
                    }
                }
                Event::Text(t) if math_block.is_none() => {
                    for p in syntax::pieces(t) {
                        match p {
                            Piece::Text(s) if s.trim().is_empty() => {}
                            Piece::Token(n)
                                if self.pre.items.get(n).is_some_and(Item::is_block) =>
                            {
                                items.push(n)
                            }
                            _ => return None,
                        }
                    }
                }
                _ => return None,
            }
        }
        if let Some(t) = math_block {
            return Some(math("div", "pd-math-display", &t));
        }
        if items.is_empty() {
            return None;
        }
        let mut html = String::new();
        for n in items {
            html.push_str(&self.item_html(n, true));
        }
        Some(html)
    }

    /// Text: tokens become their HTML, bare URLs become links (outside links).
    fn text(&mut self, out: &mut Vec<Event<'a>>, t: &CowStr<'a>, in_link: bool) {
        if self.pre.has_tokens(t) {
            for p in syntax::pieces(t) {
                match p {
                    Piece::Text(s) => self.linkify(out, CowStr::from(s.to_string()), in_link),
                    Piece::Token(n) => {
                        if in_link {
                            let s = self.pre.items.get(n).map(label).unwrap_or_default();
                            out.push(Event::Text(s.into()));
                        } else {
                            out.push(Event::Html(self.item_html(n, false).into()));
                        }
                    }
                }
            }
        } else {
            self.linkify(out, t.clone(), in_link);
        }
    }

    /// Whether text may hold a GFM autolink (`://`, `www.` or `@`). Text that is a slice of
    /// the body is looked up in the body's list of those (most text is); other text is
    /// searched.
    fn may_have_autolink(&self, t: &str) -> bool {
        let base = self.text.as_ptr() as usize;
        let start = (t.as_ptr() as usize).wrapping_sub(base);
        if start > self.text.len() || self.text.len() - start < t.len() {
            return may_have_autolink(t);
        }
        let end = start + t.len();
        let from = self.autolink_triggers.partition_point(|&(p, _)| p < start);
        self.autolink_triggers[from..]
            .iter()
            .take_while(|&&(p, _)| p < end)
            .any(|&(p, len)| p + len <= end)
    }

    /// GFM autolinks: `https://…`, `www.…` and e-mail addresses in text become links.
    fn linkify(&self, out: &mut Vec<Event<'a>>, t: CowStr<'a>, in_link: bool) {
        if in_link || !self.may_have_autolink(&t) {
            out.push(Event::Text(t));
            return;
        }
        let mut last = 0;
        for link in self.r.linkify.links(&t) {
            let s = link.as_str();
            let href = match link.kind() {
                linkify::LinkKind::Email => format!("mailto:{s}"),
                _ if s.contains("://") => s.to_string(),
                _ if s.to_ascii_lowercase().starts_with("www.") => format!("http://{s}"),
                _ => continue, // GFM links bare domains only after `www.`
            };
            if !sanitize::link_allowed(&href) {
                continue;
            }
            if link.start() > last {
                out.push(Event::Text(t[last..link.start()].to_string().into()));
            }
            out.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: href.into(),
                title: "".into(),
                id: "".into(),
            }));
            out.push(Event::Text(s.to_string().into()));
            out.push(Event::End(TagEnd::Link));
            last = link.end();
        }
        if last == 0 {
            out.push(Event::Text(t));
        } else if last < t.len() {
            out.push(Event::Text(t[last..].to_string().into()));
        }
    }

    /// The plain text of inline events (heading text, image alt).
    fn plain_text(&self, events: &[(Event<'a>, Range<usize>)]) -> String {
        let mut s = String::new();
        for (e, _) in events {
            match e {
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    s.push_str(t)
                }
                Event::SoftBreak | Event::HardBreak => s.push(' '),
                _ => {}
            }
        }
        if s.contains(syntax::OPEN) {
            s = self.pre.replace_tokens(&s, label);
        }
        s
    }

    /// A link or image destination with tokens replaced by their URL value.
    fn url(&self, dest: &str) -> String {
        if dest.contains(syntax::OPEN) {
            self.pre.replace_tokens(dest, Item::url_value)
        } else {
            dest.to_string()
        }
    }

    /// The HTML of an image: `<img>` served by the app, or a visible box saying why not.
    fn image(&self, url: &str, alt: &str, title: &str) -> String {
        let url = url.trim();
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(title))
        };
        match self.image_src(url) {
            ImageSrc::Url(src) => format!(
                "<img src=\"{}\" alt=\"{}\"{title_attr} loading=\"lazy\">",
                escape(&src),
                escape(alt)
            ),
            ImageSrc::Missing(path) => format!(
                "<span class=\"pd-missing-image\" role=\"img\" data-path=\"{p}\" title=\"{a}\">Missing image: {p}</span>",
                p = escape(&path),
                a = escape(alt)
            ),
            ImageSrc::Remote(u) => format!(
                "<span class=\"pd-remote-image\" role=\"img\" data-src=\"{u}\" title=\"{a}\">Remote image not loaded: {u}</span>",
                u = escape(&u),
                a = escape(alt)
            ),
            ImageSrc::Blocked(u) => {
                let shown: String = u.chars().take(60).collect();
                format!(
                    "<span class=\"pd-blocked-image\" role=\"img\" title=\"{a}\">Image not shown (unsupported address): {}</span>",
                    escape(&shown),
                    a = escape(alt)
                )
            }
        }
    }

    fn image_src(&self, url: &str) -> ImageSrc {
        if sanitize::is_remote(url) {
            let u = if url.starts_with("//") {
                format!("https:{url}")
            } else {
                url.to_string()
            };
            return if self.ctx.allow_remote_images {
                ImageSrc::Url(u)
            } else {
                ImageSrc::Remote(u)
            };
        }
        if url.is_empty() || crate::links::is_external(url) {
            return ImageSrc::Blocked(url.to_string());
        }
        match self.local_image(url) {
            Ok(path) => ImageSrc::Url(image_url(&self.ctx.image_url_prefix, &path)),
            Err(path) => ImageSrc::Missing(path),
        }
    }

    /// The repository path of a local image: relative to the post (bundles, colocated
    /// images), site-absolute from the repository root, or from the folder the site copies
    /// as-is (`static/` for Hugo and Zola, `public/` for Astro). `Err` names the path tried.
    fn local_image(&self, url: &str) -> Result<String, String> {
        let Some(path) = crate::links::resolve(&self.ctx.post_path, url) else {
            return Err(url.to_string());
        };
        if (self.ctx.exists)(&path) {
            return Ok(path);
        }
        let site_absolute = url.trim_start().starts_with('/');
        let alternates: &[&str] = match self.ctx.kind {
            SiteKind::Hugo | SiteKind::Zola => &["static/"],
            SiteKind::Astro => &["public/"],
            _ => &[],
        };
        if site_absolute {
            for a in alternates {
                let p = format!("{a}{path}");
                if (self.ctx.exists)(&p) {
                    return Ok(p);
                }
            }
        }
        Err(path)
    }

    /// The HTML of a blog-syntax item.
    fn item_html(&mut self, n: usize, block: bool) -> String {
        let Some(item) = self.pre.items.get(n) else {
            return String::new();
        };
        match item {
            Item::Hidden { .. } => String::new(),
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

/// Where the transform is inside a block's events: how deep, and in how many links.
#[derive(Default)]
struct Nest {
    depth: usize,
    in_link: usize,
}

enum ImageSrc {
    Url(String),
    Missing(String),
    Remote(String),
    Blocked(String),
}

/// What a token stands for in plain text (heading text, alt text, link text).
fn label(item: &Item) -> String {
    match item {
        Item::Variable { name, .. } => name.clone(),
        Item::Placeholder { label, .. } => label.clone(),
        Item::PostUrl { name, .. } => name.clone(),
        Item::Ref { target, .. } => target.clone(),
        Item::Figure { caption, .. } => caption.clone(),
        Item::Video { id, .. } => id.clone(),
        Item::Toc { .. } | Item::Hidden { .. } => String::new(),
    }
}

fn encode_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}

fn level_num(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Index of the first event after `start` matching `is_end`.
fn find_end(
    events: &[(Event, Range<usize>)],
    start: usize,
    is_end: impl Fn(&Event) -> bool,
) -> usize {
    events[start + 1..]
        .iter()
        .position(|(e, _)| is_end(e))
        .map(|p| start + 1 + p)
        .unwrap_or(events.len() - 1)
}

/// Index of the `End(Image)` matching the `Start(Image)` at `start` (alt text may hold images).
fn find_end_nested(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// The source text of a heading's content: ATX `#` marks and a trailing `{#id}` removed,
/// setext underline dropped (kramdown's `raw_text`).
fn heading_source(src: &str) -> String {
    let t = src.trim();
    if let Some(rest) = t.strip_prefix('#') {
        let rest = rest.trim_start_matches('#').trim();
        let rest = match rest.rfind(" {") {
            Some(p) if rest.ends_with('}') => rest[..p].trim_end(),
            _ => rest,
        };
        let closing = rest.trim_end_matches('#');
        if closing.len() < rest.len() && (closing.is_empty() || closing.ends_with(' ')) {
            closing.trim_end().to_string()
        } else {
            rest.to_string()
        }
    } else {
        let mut lines: Vec<&str> = t.lines().collect();
        lines.pop();
        lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("")
    }
}

/// Where `text` has `://`, `www.` or `@`: (offset, length), in order.
fn autolink_triggers(text: &str) -> Vec<(usize, usize)> {
    // Substring searches with memchr's SIMD prefilters (a search for `.` alone stops at every
    // sentence's end).
    use memchr::memmem;
    static SCHEME: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("://"));
    static WWW: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("www."));
    let b = text.as_bytes();
    let mut v: Vec<(usize, usize)> = SCHEME
        .find_iter(b)
        .map(|p| (p, 3))
        .chain(WWW.find_iter(b).map(|p| (p, 4)))
        .chain(memchr::memchr_iter(b'@', b).map(|p| (p, 1)))
        .collect();
    v.sort_unstable();
    v
}

/// Whether text may hold a GFM autolink: `://`, `www.` or `@` (one pass over the bytes).
fn may_have_autolink(t: &str) -> bool {
    let b = t.as_bytes();
    let hit = |i: usize| match b[i] {
        b'@' => true,
        b':' => b[i + 1..].starts_with(b"//"),
        b'.' => i >= 3 && &b[i - 3..i] == b"www",
        _ => false,
    };
    // Chunks without `@`, `:` or `.` (most of them) are skipped with a branch-free test the
    // compiler vectorizes.
    const N: usize = 32;
    let chunks = b.chunks_exact(N);
    let tail = chunks.remainder().len();
    for (k, chunk) in chunks.enumerate() {
        let any = chunk
            .iter()
            .fold(false, |a, &c| a | (c == b'@') | (c == b':') | (c == b'.'));
        if any && (k * N..(k + 1) * N).any(hit) {
            return true;
        }
    }
    (b.len() - tail..b.len()).any(hit)
}

#[cfg(test)]
mod tests;
