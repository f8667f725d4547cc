//! One render ([`Job`]): the parser's events of one document, transformed into the events the
//! HTML writer writes, written whole or one top-level block at a time, then sanitized if the
//! post has raw HTML.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::events::{BlockBuffers, BlockEvents};
use super::html::{code_block, math, replace_iframes, toc_html, TOC_MARK};
use super::items::label;
use super::kramdown;
use super::syntax::{self, Item, Piece, Pre};
use super::text::autolink_triggers;
use super::writer::{count_newlines, decimal, put_lines, MarkWriter, LINE_MARK, RAW_MARK};
use super::{sanitize, slug, Heading, HeadingKey, RenderContext, Renderer};
use crate::site::SiteKind;

/// One render: the events of one document and what is collected on the way.
pub(super) struct Job<'a> {
    pub(super) r: &'a Renderer,
    pub(super) ctx: &'a RenderContext,
    pub(super) pre: &'a Pre,
    /// The body with the blog's syntax replaced (`pre`'s text).
    pub(super) text: &'a str,
    pub(super) line_base: usize,
    /// A byte offset of the body and the number of newlines before it: line numbers are
    /// counted from the last one asked for (blocks come in order).
    pub(super) line_cursor: std::cell::Cell<(usize, usize)>,
    pub(super) headings: Vec<Heading>,
    pub(super) slugger: slug::Slugger,
    pub(super) has_raw_html: bool,
    /// How many raw HTML events were transformed so far.
    pub(super) raw_events: usize,
    /// Where the HTML of the top-level blocks with raw HTML is (byte ranges, in order), for
    /// [`sanitize::clean_blocks`]; `None`: the whole document goes through ammonia as raw HTML.
    pub(super) raw_blocks: Option<Vec<Range<usize>>>,
    pub(super) has_toc: bool,
    pub(super) has_footnotes: bool,
    pub(super) has_ref_defs: bool,
    /// The source range of each top-level block given a line mark, in order.
    pub(super) spans: Vec<Range<usize>>,
    pub(super) heading_keys: Vec<HeadingKey>,
    /// Rendering a region: the headings it had, whose ids are kept while their keys match.
    pub(super) expected: Option<&'a [HeadingKey]>,
    /// Where the body has `://`, `www.` or `@` (offset, length), in order.
    pub(super) autolink_triggers: Vec<(usize, usize)>,
    /// Write the document in one piece even where it could go block by block (the tests
    /// compare the two).
    pub(super) whole: bool,
    /// Sanitize raw HTML with the whole document rather than block by block (the tests
    /// compare the two).
    pub(super) clean_whole: bool,
    /// Writing block by block: the lines of the block being written, put on its first tag
    /// once it is written (instead of a line mark in the events).
    pub(super) block_lines: Option<Option<(usize, usize)>>,
    /// kramdown's footnotes (see `kramdown`): their labels in order of first reference, and
    /// how many references to each were written so far.
    pub(super) notes: Vec<(String, usize)>,
}

impl<'a> Job<'a> {
    pub(super) fn new(
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
            notes: Vec::new(),
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
    pub(super) fn splittable(&self) -> bool {
        !(self.has_raw_html || self.has_toc || self.has_footnotes || self.has_ref_defs)
    }

    pub(super) fn run(&mut self) -> String {
        let text: &'a str = self.text;
        let parser = Parser::new_ext(text, self.r.options).into_offset_iter();
        let mut parser = kramdown::Events::new(parser, text, self.r.kind == SiteKind::Jekyll);
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
        self.has_ref_defs = parser.inner.reference_definitions().iter().next().is_some();
        self.has_raw_html = self.raw_events > 0;
        if !self.has_raw_html {
            return html;
        }
        match &self.raw_blocks {
            Some(raw) if !self.clean_whole => sanitize::clean_blocks(&html, raw, self.ctx),
            Some(raw) => sanitize::clean(&html, raw, self.ctx),
            // Where the raw HTML is is not known: all of it is taken for raw.
            None => sanitize::clean(&html, std::slice::from_ref(&(0..html.len())), self.ctx),
        }
    }

    /// The document's HTML from one list of all its events, written by one HTML writer.
    fn write_whole(&mut self, parser: &mut kramdown::Events<'a>) -> String {
        let text = self.text;
        // About one event per 8 bytes of Markdown: sized once rather than grown by copies.
        let mut events: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(text.len() / 8 + 16);
        events.extend(parser);
        let notes = (self.r.kind == SiteKind::Jekyll)
            .then(|| kramdown::take_footnotes(&mut events))
            .flatten();
        if let Some(n) = &notes {
            self.has_footnotes = true;
            self.notes = n.labels().map(|l| (l.to_string(), 0)).collect();
        }
        let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len() + events.len() / 4);
        self.transform(&events, &mut out, &mut Nest::default());
        if let Some(notes) = notes {
            self.kramdown_footnotes(notes, &mut out);
        }
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
    fn write_by_block(&mut self, parser: &mut kramdown::Events<'a>) -> String {
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
    pub(super) fn transform(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        out: &mut Vec<Event<'a>>,
        nest: &mut Nest,
    ) {
        let mut i = 0;
        while i < events.len() {
            let (ev, range) = &events[i];
            let top = nest.depth == 0;
            if matches!(
                ev,
                Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
            ) {
                self.has_footnotes = true;
            }
            // The elements transformed from their contents: each step gives the index to go on
            // from (past the element's end when it wrote it whole).
            i = match ev {
                Event::Start(Tag::Paragraph) => self.paragraph(events, i, out, nest),
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let start = self.heading(events, i, *level, id.as_deref(), classes);
                    self.open(start, range, out, nest);
                    i + 1
                }
                Event::Start(Tag::CodeBlock(kind)) => self.code_element(events, i, kind, out, top),
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => self.image_element(events, i, dest_url, title, out, top),
                Event::Start(Tag::HtmlBlock) => self.html_block(events, i, out, top),
                _ => {
                    self.event(ev, range, out, nest);
                    i + 1
                }
            };
        }
    }

    /// A paragraph: written whole when it is a lone block ([`Job::lone_block`]), else opened.
    fn paragraph(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        out: &mut Vec<Event<'a>>,
        nest: &mut Nest,
    ) -> usize {
        let range = &events[i].1;
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Paragraph)));
        if let Some(html) = self.lone_block(&events[i + 1..end]) {
            if !html.is_empty() {
                self.mark(out, nest.depth == 0, range);
                out.push(Event::Html((html + "\n").into()));
            }
            return end + 1;
        }
        self.open(Event::Start(Tag::Paragraph), range, out, nest);
        i + 1
    }

    /// The start of the heading at `events[i]`, with its id; the heading goes into the outline
    /// (and its key into the list a region is checked against).
    fn heading(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        level: HeadingLevel,
        id: Option<&str>,
        classes: &[CowStr<'a>],
    ) -> Event<'a> {
        let range = &events[i].1;
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
        let plain = self.plain_text(&events[i + 1..end]);
        let (key, hid) = self.heading_id(id, &plain);
        // A region keeps the ids its headings had (they depend on the headings before it)
        // while their keys are the same.
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
            level: level_num(level),
            text: plain,
            id: hid.clone(),
            line: self.line(range.start),
        });
        Event::Start(Tag::Heading {
            level,
            id: Some(hid.into()),
            classes: classes.to_vec(),
            attrs: Vec::new(),
        })
    }

    /// What a heading's id is made from (`#id` for an explicit one), and the id.
    fn heading_id(&mut self, id: Option<&str>, plain: &str) -> (String, String) {
        match id {
            Some(id) => {
                self.slugger.reserve(id);
                (format!("#{id}"), id.to_string())
            }
            // kramdown makes the id from the heading's text as parsed (typographic dashes and
            // quotes included, link targets left out): checked against Debian's kramdown
            // 2.4 with kramdown-parser-gfm on the corpus.
            None => {
                let base = self.slugger.base(plain);
                let hid = self.slugger.unique(base.clone());
                (base, hid)
            }
        }
    }

    /// The code block at `events[i]`, written whole: highlighted code, math or a mermaid
    /// diagram.
    fn code_element(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        kind: &CodeBlockKind<'a>,
        out: &mut Vec<Event<'a>>,
        top: bool,
    ) -> usize {
        let range = &events[i].1;
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
        end + 1
    }

    /// The image at `events[i]`, written whole (its contents are its alt text).
    fn image_element(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        dest_url: &str,
        title: &str,
        out: &mut Vec<Event<'a>>,
        top: bool,
    ) -> usize {
        let range = &events[i].1;
        let end = find_end_nested(events, i);
        let alt = self.plain_text(&events[i + 1..end]);
        let url = self.url(dest_url);
        self.mark(out, top, range);
        out.push(Event::Html(self.image(&url, &alt, title).into()));
        end + 1
    }

    /// The HTML block at `events[i]`, written whole: raw HTML, its iframes made click-to-load.
    fn html_block(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        out: &mut Vec<Event<'a>>,
        top: bool,
    ) -> usize {
        let range = &events[i].1;
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::HtmlBlock)));
        let mut html = String::new();
        for (e, _) in &events[i + 1..end] {
            if let Event::Html(h) | Event::Text(h) = e {
                html.push_str(h);
            }
        }
        // A kramdown HTML block held in a comment (see `kramdown`): its own text.
        let html = match syntax::html_region_source(self.pre, &html) {
            Some(source) => replace_iframes(source),
            None => replace_iframes(&self.pre.restore(&html)),
        };
        self.mark(out, top, range);
        self.raw_mark(out);
        out.push(Event::Html(html.into()));
        end + 1
    }

    /// An event that is transformed on its own (links, raw HTML, text, code, math, the other
    /// elements' starts and ends).
    fn event(
        &mut self,
        ev: &Event<'a>,
        range: &Range<usize>,
        out: &mut Vec<Event<'a>>,
        nest: &mut Nest,
    ) {
        let top = nest.depth == 0;
        match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                nest.in_link += 1;
                nest.depth += 1;
                out.push(self.link_start(*link_type, dest_url, title, id));
            }
            Event::End(TagEnd::Link) => {
                nest.in_link = nest.in_link.saturating_sub(1);
                nest.depth = nest.depth.saturating_sub(1);
                out.push(ev.clone());
            }
            Event::Html(h) | Event::InlineHtml(h) => self.raw_html(h, range, out, top),
            Event::Text(t) => self.text(out, t, nest.in_link > 0),
            Event::Code(t) => out.push(Event::Code(self.restore(t))),
            Event::FootnoteReference(label) if !self.notes.is_empty() => {
                let e = self.kramdown_reference(label);
                out.push(e);
            }
            Event::InlineMath(t) => out.push(Event::Html(math("span", "pd-math", t).into())),
            Event::DisplayMath(t) => {
                out.push(Event::Html(math("span", "pd-math-display", t).into()))
            }
            Event::Start(_) => self.open(ev.clone(), range, out, nest),
            Event::End(_) => {
                nest.depth = nest.depth.saturating_sub(1);
                out.push(ev.clone());
            }
            Event::Rule => {
                self.mark(out, top, range);
                out.push(Event::Rule);
            }
            other => out.push(other.clone()),
        }
    }

    /// Opens an element: the line mark of a top-level block, its start, one level deeper.
    fn open(
        &mut self,
        start: Event<'a>,
        range: &Range<usize>,
        out: &mut Vec<Event<'a>>,
        nest: &mut Nest,
    ) {
        self.mark(out, nest.depth == 0, range);
        out.push(start);
        nest.depth += 1;
    }

    /// A link's start, its destination emptied when it is not allowed.
    fn link_start(
        &self,
        link_type: LinkType,
        dest_url: &str,
        title: &CowStr<'a>,
        id: &CowStr<'a>,
    ) -> Event<'a> {
        let url = self.url(dest_url);
        let safe = if sanitize::link_allowed(&url) {
            url
        } else {
            String::new()
        };
        Event::Start(Tag::Link {
            link_type,
            dest_url: safe.into(),
            title: self.restore(title),
            id: id.clone(),
        })
    }

    /// Raw HTML outside an HTML block, its iframes made click-to-load (with the line mark of
    /// a top-level block when it is one).
    fn raw_html(&mut self, h: &str, range: &Range<usize>, out: &mut Vec<Event<'a>>, top: bool) {
        if top {
            self.mark(out, top, range);
        }
        self.raw_mark(out);
        out.push(Event::Html(replace_iframes(&self.pre.restore(h)).into()));
    }

    /// Pushes the line mark of a top-level block (or keeps its lines, writing block by block).
    pub(super) fn mark(&mut self, out: &mut Vec<Event<'a>>, top: bool, range: &Range<usize>) {
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
}

/// Where the transform is inside a block's events: how deep, and in how many links.
#[derive(Default)]
pub(super) struct Nest {
    pub(super) depth: usize,
    pub(super) in_link: usize,
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
