//! Where kramdown (Jekyll's renderer, GFM input with Jekyll's options) reads Markdown otherwise
//! than CommonMark, and what the Jekyll dialect does so the preview shows what the site shows.
//! Each rule was found by `make fidelity` (kramdown 2.4 + kramdown-parser-gfm 1.1 against the
//! preview on the shared corpus) and is tested with an excerpt of the post that showed it.
//!
//! Read before parsing ([`Prep`], from [`super::syntax::preprocess`], keeping every line where
//! it is):
//! 1. **HTML blocks end at their closing tag** ([`html_region`]). A line starting with a tag
//!    that is not one of kramdown's span elements opens a raw HTML block that lasts until the
//!    matching closing tag, blank lines included, and ends there: the next line is Markdown
//!    again. CommonMark ends an HTML block at the first blank line and not before (a
//!    `<div class="mermaid">` with blank lines became code blocks; the caption line under an
//!    `<iframe>` and a `---` rule under a `</figure>` were shown as raw HTML).
//!    The other way round, a line starting with a span element (`<br>`, `<img …/>`, `<a …>`)
//!    starts a paragraph for kramdown where CommonMark reads an HTML block when the tag is alone
//!    on its line ([`span_html_line`]): the line then starts with a token that shows nothing.
//! 2. **A list item's text may start after any number of spaces** ([`list_item_gap`]):
//!    `*        Mesh config` is an item "Mesh config" for kramdown, an item holding an indented
//!    code block for CommonMark.
//!
//! On the parser's events ([`Events`], which the renderer reads instead of the parser):
//! 3. **A list item's first paragraph is a `<p>` item by item**, not list by list
//!    ([`Events::item_paragraph`]): CommonMark puts every item of a list with a blank line
//!    between two items in `<p>`; kramdown only the items whose first paragraph is followed by
//!    a blank line inside the item (and the last item only when no earlier item went without).
//! 4. **A setext heading is one line** ([`Events::setext`]): a paragraph of several lines over
//!    a `---` line stays a paragraph, the `---` an em dash at its end.
//! 5. **An image's alt text is its source text** ([`Events::image`]): kramdown takes what is
//!    between `![` and `]` as written (escapes removed), no smart quotes, no Markdown.
//! 6. **An empty table cell holds a no-break space** (`&nbsp;`).
//! 7. **Footnotes are listed at the end** in order of first reference, each with a link back
//!    (`Job::kramdown_footnotes`), not where they are defined; a definition no reference uses
//!    is not shown.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, DefaultBrokenLinkCallback, Event, OffsetIter, Tag, TagEnd};

use super::job::{Job, Nest};

/// kramdown's span elements (`HTML_SPAN_ELEMENTS`): a line starting with one of these starts a
/// paragraph, any other tag a raw HTML block.
const SPAN_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em",
    "i", "img", "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt",
    "rtc", "ruby", "samp", "select", "small", "span", "strong", "sub", "sup", "tt", "u", "var",
];

/// kramdown's elements without a body (`HTML_ELEMENTS_WITHOUT_BODY`): their block ends with the
/// tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
];

/// Whether a body may have what these rules change: a line starting with `<` and a letter, or
/// a list marker followed by five spaces or more. One pass over the line starts.
pub(super) fn may_differ(body: &str) -> bool {
    let b = body.as_bytes();
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', b).map(|p| p + 1))
        .any(|start| {
            let line = &b[start..];
            let indent = line.iter().take(4).take_while(|&&c| c == b' ').count();
            if indent > 3 {
                return false;
            }
            let rest = &line[indent..];
            match rest.first() {
                Some(b'<') => rest.get(1).is_some_and(u8::is_ascii_alphabetic),
                Some(b'*' | b'+' | b'-' | b'0'..=b'9') => {
                    let end = memchr::memchr(b'\n', line).unwrap_or(line.len());
                    list_item_gap(std::str::from_utf8(&line[..end]).unwrap_or("")).is_some()
                }
                _ => false,
            }
        })
}

/// Rule 1, span elements: whether `line` is one tag of a kramdown span element and nothing
/// else (white space aside), which CommonMark reads as the start of an HTML block (type 7)
/// and kramdown as the start of a paragraph (`<img src="a.png" />` then text lines under it).
pub(super) fn span_html_line(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let rest = line[indent..].trim_end();
    let Some(after) = rest.strip_prefix('<') else {
        return false;
    };
    let after = after.strip_prefix('/').unwrap_or(after);
    let Some(name) = tag_name(after) else {
        return false;
    };
    SPAN_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()) && tag_end(rest) == Some(rest.len())
}

/// Rule 2: the spaces after a list marker that CommonMark would read as an indented code block
/// (five or more) and kramdown skips; all but one are dropped (the range to drop).
pub(super) fn list_item_gap(line: &str) -> Option<Range<usize>> {
    let b = line.as_bytes();
    let indent = b.iter().take_while(|&&c| c == b' ').count();
    if indent > 3 {
        return None;
    }
    let mut i = indent;
    match b.get(i)? {
        b'*' | b'+' | b'-' => i += 1,
        b'0'..=b'9' => {
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(b.get(i + digits), Some(b'.')) {
                return None;
            }
            i += digits + 1;
        }
        _ => return None,
    }
    let spaces = b[i..].iter().take_while(|&&c| c == b' ').count();
    let after = b.get(i + spaces)?;
    (spaces >= 5 && !after.is_ascii_whitespace()).then(|| i + 1..i + spaces)
}

/// Rule 1: when line `i` of `lines` (each with its line end) starts a kramdown HTML block, the
/// index of its last line: the line of the matching closing tag (or of the tag itself for an
/// element without a body). `None` for span elements, comments, and a tag that is never closed
/// (kramdown would take the rest of the post as raw HTML: CommonMark's reading is kept).
pub(super) fn html_region(lines: &[&str], i: usize) -> Option<usize> {
    let line = lines[i];
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let name = tag_name(rest.strip_prefix('<')?)?;
    let lower = name.to_ascii_lowercase();
    if SPAN_ELEMENTS.contains(&lower.as_str()) {
        return None;
    }
    // The opening tag, which may go on over lines.
    let (open_line, open_end, self_closing) = open_tag_end(lines, i, indent)?;
    if self_closing || VOID_ELEMENTS.contains(&lower.as_str()) {
        return Some(open_line);
    }
    // Then the text, line by line, until the matching closing tag.
    let mut depth = 1usize;
    let mut line_no = open_line;
    let mut text: &str = &lines[open_line][open_end..];
    loop {
        let mut k = 0;
        while let Some(p) = text[k..].find('<') {
            let at = k + p;
            let s = &text[at..];
            if let Some(c) = s.strip_prefix("<!--") {
                // A comment's end is looked for on its line only.
                k = at + 4 + c.find("-->").map_or(c.len(), |e| e + 3);
                continue;
            }
            if let Some(close) = s.strip_prefix("</") {
                if tag_name(close).is_some_and(|n| n.eq_ignore_ascii_case(name)) {
                    depth -= 1;
                    if depth == 0 {
                        return Some(line_no);
                    }
                }
            } else if tag_name(&s[1..]).is_some_and(|n| n.eq_ignore_ascii_case(name)) {
                let nested_self_closing =
                    tag_end(s).is_some_and(|e| s[..e - 1].trim_end().ends_with('/'));
                if !nested_self_closing {
                    depth += 1;
                }
            }
            k = at + 1;
        }
        line_no += 1;
        text = lines.get(line_no)?;
    }
}

/// Where the opening tag at `lines[i][indent..]` ends: its last line, the offset after its `>`
/// in that line, and whether it closes itself (`/>`).
fn open_tag_end(lines: &[&str], i: usize, indent: usize) -> Option<(usize, usize, bool)> {
    let mut quote = None;
    let mut line_no = i;
    let mut from = indent + 1;
    let mut prev = ' ';
    loop {
        let line = lines.get(line_no)?;
        for (k, c) in line[from..].char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => return Some((line_no, from + k + 1, prev == '/')),
                (None, '<') => return None,
                _ => {}
            }
            if !c.is_whitespace() {
                prev = c;
            }
        }
        line_no += 1;
        from = 0;
    }
}

/// The parser's events as the renderer reads them: CommonMark's, with the dialect's rules
/// applied when it is kramdown's (rules 3 to 6), else as they come.
pub(super) struct Events<'a> {
    pub(super) inner: OffsetIter<'a, DefaultBrokenLinkCallback>,
    text: &'a str,
    kramdown: bool,
    queue: VecDeque<(Event<'a>, Range<usize>)>,
    lists: Vec<List>,
    /// The end of a paragraph made transparent (rule 3) is dropped.
    drop_paragraph_end: bool,
}

/// A list being read (rule 3).
struct List {
    /// Where its text ends (trailing white space left out).
    end: usize,
    items: usize,
    /// Whether an earlier item's text went without `<p>` (or did not start with a paragraph).
    earlier_bare: bool,
    /// The current item, while its first child is not known: its range.
    item: Option<Range<usize>>,
    last: bool,
}

impl<'a> Events<'a> {
    pub(super) fn new(
        inner: OffsetIter<'a, DefaultBrokenLinkCallback>,
        text: &'a str,
        kramdown: bool,
    ) -> Self {
        Events {
            inner,
            text,
            kramdown,
            queue: VecDeque::new(),
            lists: Vec::new(),
            drop_paragraph_end: false,
        }
    }

    /// `range`'s end with trailing white space left out.
    fn trimmed_end(&self, range: &Range<usize>) -> usize {
        let b = &self.text.as_bytes()[range.start..range.end.min(self.text.len())];
        range.start
            + b.iter()
                .rposition(|c| !c.is_ascii_whitespace())
                .map_or(0, |p| p + 1)
    }

    /// Rule 3: the first child of a list item (when the list is open and its item's first
    /// child not yet seen). Returns whether that child is a paragraph to write without `<p>`.
    fn item_paragraph(&mut self, ev: &Event<'a>, range: &Range<usize>) -> bool {
        let Some(list) = self.lists.last() else {
            return false;
        };
        let Some(item) = list.item.clone() else {
            return false;
        };
        let (last, first_item, earlier_bare) = (list.last, list.items == 1, list.earlier_bare);
        let bare = match ev {
            Event::Start(Tag::Paragraph) => {
                // kramdown: the paragraph is followed by a blank line in the item (the blank
                // lines between items are the earlier item's).
                let end = self.trimmed_end(range);
                let after = &self.text[end..];
                let next_line = after.find('\n').map(|p| &after[p + 1..]);
                // In a blockquote, a line of `>` only is a blank line.
                let blank_after = next_line.is_some_and(|l| {
                    let line = &l[..l.find('\n').unwrap_or(l.len())];
                    line.trim_matches(|c: char| c == '>' || c.is_whitespace())
                        .is_empty()
                        && l.len() > line.len()
                });
                let more = self.trimmed_end(&item) > end;
                let alone = !blank_after || (last && !more);
                alone && (!last || first_item || earlier_bare)
            }
            // Text right in the item (a tight list) or another block first.
            _ => true,
        };
        if let Some(list) = self.lists.last_mut() {
            list.item = None;
            list.earlier_bare |= bare;
        }
        bare && matches!(ev, Event::Start(Tag::Paragraph))
    }

    /// Rule 4: a setext heading of several lines (`events` from its start to its end) as
    /// kramdown reads it: a paragraph, its underline as text.
    fn setext(&self, events: &mut Vec<(Event<'a>, Range<usize>)>) {
        let range = events[0].1.clone();
        let src = &self.text[range.start..self.trimmed_end(&range)];
        if src.trim_start().starts_with('#')
            || !events
                .iter()
                .any(|(e, _)| matches!(e, Event::SoftBreak | Event::HardBreak))
        {
            return;
        }
        let underline = src.rsplit('\n').next().unwrap_or("").trim();
        let text = if underline.starts_with('-') {
            underline
                .replace("---", "\u{2014}")
                .replace("--", "\u{2013}")
        } else {
            underline.to_string()
        };
        let n = events.len();
        events[0].0 = Event::Start(Tag::Paragraph);
        events[n - 1].0 = Event::End(TagEnd::Paragraph);
        events.insert(n - 1, (Event::SoftBreak, range.clone()));
        events.insert(n, (Event::Text(text.into()), range));
    }

    /// Rule 5: an image's alt text as written between `![` and its `]`.
    fn image(&self, events: &mut Vec<(Event<'a>, Range<usize>)>) {
        let range = &events[0].1;
        let Some(src) = self.text[range.start..range.end].strip_prefix("![") else {
            return;
        };
        let mut depth = 1;
        let mut end = None;
        let mut chars = src.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else { return };
        let alt = decode_entities(&unescape(&src[..end]));
        let n = events.len();
        let (start, stop) = (events[0].clone(), events[n - 1].clone());
        events.clear();
        events.push(start);
        events.push((Event::Text(alt.into()), stop.1.clone()));
        events.push(stop);
    }

    /// The events from `first` (a start) to its end, read from the parser.
    fn element(&mut self, first: (Event<'a>, Range<usize>)) -> Vec<(Event<'a>, Range<usize>)> {
        let mut events = vec![first];
        let mut depth = 1usize;
        while depth > 0 {
            let Some((e, r)) = self.inner.next() else {
                break;
            };
            match e {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            events.push((e, r));
        }
        events
    }
}

/// kramdown's escaped characters (GFM parser's set) without their backslash.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if "\\.*_+`<>()[]{}#!:|\"'$=-~".contains(n) {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Character references in raw text (what a browser shows for an attribute kramdown writes as
/// it was written): numeric ones and the common named ones.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let semi = rest.bytes().take(10).position(|c| c == b';');
        let c = semi.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => match name.strip_prefix('#') {
                    Some(h) if h.starts_with(['x', 'X']) => u32::from_str_radix(&h[1..], 16)
                        .ok()
                        .and_then(char::from_u32),
                    Some(d) => d.parse().ok().and_then(char::from_u32),
                    None => None,
                },
            };
            c.map(|c| (c, e + 1))
        });
        match c {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.queue.pop_front() {
            return Some(e);
        }
        let (ev, range) = self.inner.next()?;
        if !self.kramdown {
            return Some((ev, range));
        }
        if self.lists.last().is_some_and(|l| l.item.is_some()) && self.item_paragraph(&ev, &range) {
            self.drop_paragraph_end = true;
            return self.next();
        }
        match ev {
            Event::Start(Tag::List(_)) => {
                let end = self.trimmed_end(&range);
                self.lists.push(List {
                    end,
                    items: 0,
                    earlier_bare: false,
                    item: None,
                    last: false,
                });
            }
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                let end = self.trimmed_end(&range);
                if let Some(list) = self.lists.last_mut() {
                    list.items += 1;
                    list.last = end >= list.end;
                    list.item = Some(range.clone());
                }
            }
            Event::End(TagEnd::Paragraph) if self.drop_paragraph_end => {
                self.drop_paragraph_end = false;
                return self.next();
            }
            Event::Start(Tag::Heading { .. }) => {
                let mut events = self.element((ev, range));
                self.setext(&mut events);
                self.queue.extend(events);
                return self.queue.pop_front();
            }
            Event::Start(Tag::Image { .. }) => {
                let mut events = self.element((ev, range));
                self.image(&mut events);
                self.queue.extend(events);
                return self.queue.pop_front();
            }
            Event::Start(Tag::TableCell) => {
                let next = self.inner.next();
                if let Some((Event::End(TagEnd::TableCell), r)) = &next {
                    self.queue
                        .push_back((Event::Text(CowStr::Borrowed("\u{a0}")), r.clone()));
                }
                self.queue.extend(next);
            }
            _ => {}
        }
        Some((ev, range))
    }
}

/// The footnotes of a document, taken out of its events (rule 7), in order of first reference.
pub(super) struct Footnotes<'a> {
    notes: Vec<Note<'a>>,
    /// From the first definition's start to the last one's end.
    range: Range<usize>,
}

struct Note<'a> {
    label: CowStr<'a>,
    /// The definition's events, its start and end left out.
    events: Vec<(Event<'a>, Range<usize>)>,
}

impl Footnotes<'_> {
    /// The labels, in order of first reference.
    pub(super) fn labels(&self) -> impl Iterator<Item = &str> {
        self.notes.iter().map(|n| &*n.label)
    }
}

/// Rule 7: takes the footnote definitions out of `events`, in order of first reference (a
/// reference nothing defines becomes the text `[^x]`; the others are written by
/// [`Job::kramdown_reference`]). `None` when the document has no footnote.
pub(super) fn take_footnotes<'a>(
    events: &mut Vec<(Event<'a>, Range<usize>)>,
) -> Option<Footnotes<'a>> {
    if !events.iter().any(|(e, _)| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    }) {
        return None;
    }
    type Def<'a> = (CowStr<'a>, Vec<(Event<'a>, Range<usize>)>, Range<usize>);
    let mut defs: Vec<Def<'a>> = Vec::new();
    let mut kept = Vec::with_capacity(events.len());
    let mut open: Option<Def<'a>> = None;
    for (e, r) in events.drain(..) {
        match (&mut open, e) {
            (None, Event::Start(Tag::FootnoteDefinition(label))) => {
                open = Some((label, Vec::new(), r));
            }
            (Some(_), Event::End(TagEnd::FootnoteDefinition)) => {
                if let Some(def) = open.take() {
                    if !defs.iter().any(|d| d.0 == def.0) {
                        defs.push(def);
                    }
                }
            }
            (Some((_, inner, _)), e) => inner.push((e, r)),
            (None, e) => kept.push((e, r)),
        }
    }
    let mut notes: Vec<Note<'a>> = Vec::new();
    let mut range: Option<Range<usize>> = None;
    for (e, _) in &mut kept {
        let Event::FootnoteReference(label) = e else {
            continue;
        };
        if notes.iter().any(|n| n.label == *label) {
            continue;
        }
        if let Some(k) = defs.iter().position(|d| d.0 == *label) {
            let (label, events, r) = defs.swap_remove(k);
            range = Some(match range {
                Some(a) => a.start.min(r.start)..a.end.max(r.end),
                None => r,
            });
            notes.push(Note { label, events });
        } else {
            *e = Event::Text(format!("[^{label}]").into());
        }
    }
    *events = kept;
    Some(Footnotes {
        notes,
        range: range.unwrap_or(0..0),
    })
}

impl<'a> Job<'a> {
    /// Rule 7: a reference to footnote `label`, as kramdown writes it (numbered in order of
    /// first reference; a later reference to the same note gets the id `fnref:x:1`…).
    pub(super) fn kramdown_reference(&mut self, label: &str) -> Event<'a> {
        let Some(i) = self.notes.iter().position(|(l, _)| l == label) else {
            return Event::Text(format!("[^{label}]").into());
        };
        let repeat = self.notes[i].1;
        self.notes[i].1 += 1;
        let l = super::html::escape(label);
        let id = if repeat > 0 {
            format!("{l}:{repeat}")
        } else {
            l.clone()
        };
        Event::Html(
            format!(
                "<sup id=\"fnref:{id}\" role=\"doc-noteref\"><a href=\"#fn:{l}\" class=\"footnote\" rel=\"footnote\">{}</a></sup>",
                i + 1
            )
            .into(),
        )
    }

    /// Rule 7: the footnotes at the end of the article as kramdown writes them, one block
    /// (`<div class="footnotes">`) whose lines are those of the definitions.
    pub(super) fn kramdown_footnotes(&mut self, notes: Footnotes<'a>, out: &mut Vec<Event<'a>>) {
        if notes.notes.is_empty() {
            return;
        }
        self.mark(out, true, &notes.range);
        out.push(Event::Html(
            "<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n".into(),
        ));
        for note in notes.notes {
            let l = super::html::escape(&note.label);
            out.push(Event::Html(
                format!("<li id=\"fn:{l}\" role=\"doc-endnote\">").into(),
            ));
            let mut back = format!(
                "<a href=\"#fnref:{l}\" class=\"reversefootnote\" role=\"doc-backlink\">\u{21a9}</a>"
            );
            let repeats = self
                .notes
                .iter()
                .find(|(x, _)| *x == *note.label)
                .map_or(0, |n| n.1.saturating_sub(1));
            for k in 1..=repeats {
                back.push_str(&format!(
                    "\u{a0}<a href=\"#fnref:{l}:{k}\" class=\"reversefootnote\" role=\"doc-backlink\">\u{21a9}<sup>{}</sup></a>",
                    k + 1
                ));
            }
            let events = note.events;
            let mut nest = Nest {
                depth: 2,
                in_link: 0,
            };
            // The link back goes at the end of the last paragraph, else in one of its own.
            let n = events.len();
            if matches!(events.last(), Some((Event::End(TagEnd::Paragraph), _))) {
                self.transform(&events[..n - 1], out, &mut nest);
                out.push(Event::Html(format!("\u{a0}{back}").into()));
                self.transform(&events[n - 1..], out, &mut nest);
            } else {
                self.transform(&events, out, &mut nest);
                out.push(Event::Html(format!("<p>{back}</p>\n").into()));
            }
            out.push(Event::Html("</li>\n".into()));
        }
        out.push(Event::Html("</ol>\n</div>\n".into()));
    }
}

/// The element name at the start of `s` (after `<` or `</`): a letter, then letters, digits,
/// `-`, `_`, `:` or `.`, followed by white space, `>`, `/` or the line's end.
fn tag_name(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_alphabetic() {
        return None;
    }
    let n = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'))
        .count();
    match b.get(n) {
        None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') => Some(&s[..n]),
        _ => None,
    }
}

/// The length of the tag at the start of `s` (through its `>`, quoted values skipped), if it
/// ends in `s`.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i + 1),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{RenderContext, Renderer};
    use crate::site::SiteKind;

    /// The Jekyll preview's article for a post body, data-line attributes left out.
    fn jekyll(body: &str) -> String {
        let ctx = RenderContext::new(SiteKind::Jekyll, "_posts/2024-01-01-x.md");
        let html = Renderer::get(SiteKind::Jekyll).render_markdown(body, &ctx);
        let mut out = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(p) = rest.find(" data-line=\"") {
            out.push_str(&rest[..p]);
            let after = &rest[p + 12..];
            rest = &after[after.find('"').map_or(after.len(), |q| q + 1)..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn rule_1_an_html_block_ends_at_its_closing_tag_and_not_before() {
        // 2012-06-27-cr-velocity-conference-day-1-dev-webperf.md: the caption line.
        let h = jekyll("<iframe allowfullscreen=\"\" frameborder=\"0\" height=\"360\" src=\"https://www.youtube.com/embed/NTAi3ILOa1c\" width=\"640\"></iframe>\nLa Lightning Démo de Page Speed ayant eu lieu le lendemain\n");
        assert!(
            h.contains("<p>La Lightning Démo de Page Speed ayant eu lieu le lendemain</p>"),
            "{h}"
        );
        // 2022-11-22-droidcon-london-2022.md: a rule under a figure.
        let h = jekyll("<figure>\n  <img src=\"/images/posts/2022-11-22-droidcon-london/dep-hub.png\" alt=\"Dependency hub\"/>\n  <figcaption>1. Hub de dépendances</figcaption>\n</figure>\n---  \n\nDe la même manière\n");
        assert!(h.contains("</figure>\n<hr />"), "{h}");
        assert!(!h.contains("---"), "{h}");
        // 2024-11-07-compute-at-edge-personalize-static-pages.md: a diagram with blank lines
        // stays one block of raw HTML, its lines as written.
        let h = jekyll("<div class=\"mermaid\">\nflowchart LR\n    user1[User 1]\n\n    user1 --> bff\n</div>\n\nText\n");
        assert!(!h.contains("<pre"), "{h}");
        assert!(
            h.contains("user1[User 1]\n\n    user1 --&gt; bff\n</div>"),
            "{h}"
        );
        // 2025-02-26-tvjs-accessibility.md: images alone on their lines make a paragraph.
        let h = jekyll("<img src=\"/images/posts/tvjs/tvjs_dys_settings.png\" alt=\"tvjs_dys_entry\" height=\"340px\" />\n<img src=\"/images/posts/tvjs/tvjs_dys_entry.png\" alt=\"tvjs_dys_entry\" height=\"340px\" />\n");
        assert!(h.starts_with("<p><img"), "{h}");
        // 2022-06-20-android-apktool-decompiling.md: what a visitor's browser does not show.
        let h = jekyll("<noscript>\n<pre>\n~/Downloads\n❯ apktool d bedrock-sample-release.apk\n</pre>\n</noscript>\n");
        assert!(!h.contains("apktool"), "{h}");
    }

    #[test]
    fn rule_2_a_list_item_may_start_after_many_spaces() {
        // 2018-05-21-kubecon-2018-copenhaguen-day-1.md
        let h = jekyll("This talk described Istio components, notably:\n\n*        Mesh config - global Istio config\n*        Service config - Istio operators config\n");
        assert!(
            h.contains("<li>Mesh config - global Istio config</li>\n<li>Service config"),
            "{h}"
        );
        assert!(!h.contains("<pre"), "{h}");
    }

    #[test]
    fn rule_3_list_items_get_their_paragraph_one_by_one() {
        // 2013-11-14-velocity-europe-2013-day-1.md: one blank line between the fourth and the
        // fifth item; kramdown puts only the fourth in `<p>`.
        let h = jekyll("- disposer des images à la bonne taille,\n- limiter les handlers,\n- limiter les directives CSS :\n\n- les ombres,\n- les flous.\n\nEnsuite\n");
        assert!(
            h.contains("<li>disposer des images à la bonne taille,</li>"),
            "{h}"
        );
        assert!(
            h.contains("<li>\n<p>limiter les directives CSS :</p>\n</li>"),
            "{h}"
        );
        assert!(h.contains("<li>les ombres,</li>"), "{h}");
        assert!(h.contains("<li>les flous.</li>"), "{h}");
        // 2013-03-21-m6web-dev-facts-1.md: in a blockquote, `>` alone is a blank line; both
        // items keep their `<p>` (the last one since no earlier item went without).
        let h =
            jekyll("> - J'ai demandé Pierre\n>   \n>  - Bref, j'ai posé une question un admin\n");
        assert!(
            h.contains("<p>Bref, j’ai posé une question un admin</p>"),
            "{h}"
        );
        // A tight list is left as it is.
        assert!(jekyll("- a\n- b\n").contains("<li>a</li>\n<li>b</li>"));
    }

    #[test]
    fn rule_4_a_setext_heading_is_one_line() {
        // 2024-11-12-golab-florence.md
        let h = jekyll("The last block is the CQRS management block.\nThe project documentation is well supplied.\n---\n\n## Next\n");
        assert!(
            h.contains("<p>The last block is the CQRS management block.\nThe project documentation is well supplied.\n—</p>"),
            "{h}"
        );
        assert!(jekyll("Title\n---\n").contains("<h2 id=\"title\">Title</h2>"));
    }

    #[test]
    fn rule_5_alt_text_is_the_source_text() {
        // 2012-07-13-tentative-d-explication-des-fast-forward-sous-git.md and
        // 2016-10-12-velocity-nyc-2016.md
        let h = jekyll("![Tentative d'explication des Fast-Forward sous Git](/images/posts/ff/ff.png)\n\n![O&#x27;Reilly Conferences sur Flickr](/o.jpg) Crédit : Flickr\n\n![a \\*b\\* [c] *d*](/x.png)\n");
        assert!(
            h.contains("alt=\"Tentative d&#39;explication des Fast-Forward sous Git\""),
            "{h}"
        );
        assert!(
            h.contains("alt=\"O&#39;Reilly Conferences sur Flickr\""),
            "{h}"
        );
        assert!(h.contains("alt=\"a *b* [c] *d*\""), "{h}");
    }

    #[test]
    fn rule_6_an_empty_cell_holds_a_no_break_space() {
        // 2022-09-20-captioning-in-the-streaming-world.md
        let h = jekyll("|  | Subtitles | SDH |\n|-|:-:|:-:|\n| Can be turned off | ✔️ | |\n");
        assert!(h.contains("<th>\u{a0}</th>"), "{h}");
        assert!(h.contains(">\u{a0}</td>"), "{h}");
    }

    #[test]
    fn rule_7_footnotes_come_last_in_order_of_reference() {
        // 2021-10-14-live-streaming-lft.md (and a note defined first, referenced twice)
        let h = jekyll("At Bedrock, the last Friday of every other month[^lft-history] is *Last Friday Talk*.\n\n[^lft-history]: Historically, it was the afternoon of the last Friday of every month.\n\n[^unused]: Never referenced.\n\nWith the return to the office[^return] and again[^return], [^nothing].\n\n[^return]: In France.\n");
        assert!(h.contains("<sup id=\"fnref:lft-history\" role=\"doc-noteref\"><a href=\"#fn:lft-history\" class=\"footnote\" rel=\"footnote\">1</a></sup>"), "{h}");
        assert!(h.contains("id=\"fnref:return:1\""), "{h}");
        assert!(h.contains("[^nothing]"), "{h}");
        assert!(!h.contains("Never referenced"), "{h}");
        let notes = h.find("<div class=\"footnotes\"").expect("the notes");
        assert!(notes > h.find("With the return").unwrap(), "{h}");
        assert!(h[notes..].contains("<li id=\"fn:lft-history\" role=\"doc-endnote\">\n<p>Historically, it was the afternoon of the last Friday of every month.\u{a0}<a href=\"#fnref:lft-history\" class=\"reversefootnote\" role=\"doc-backlink\">↩</a></p>"), "{h}");
        assert!(
            h[notes..].find("fn:lft-history") < h[notes..].find("fn:return"),
            "{h}"
        );
        assert!(h.contains("<sup>2</sup>"), "{h}");
    }

    fn region(src: &str) -> Option<usize> {
        let lines: Vec<&str> = src.split_inclusive('\n').collect();
        html_region(&lines, 0)
    }

    #[test]
    fn html_regions_end_at_the_matching_closing_tag() {
        // 2024-11-07-compute-at-edge-personalize-static-pages.md: a mermaid diagram with blank
        // lines.
        assert_eq!(
            region("<div class=\"mermaid\">\nflowchart LR\n    user1[User 1]\n\n    user1 --> bff\n</div>\nText\n"),
            Some(5)
        );
        // 2012-06-27-cr-velocity-conference-day-1-dev-webperf.md: the caption under it is a
        // paragraph.
        assert_eq!(
            region("<iframe allowfullscreen=\"\" src=\"https://www.youtube.com/embed/NTAi3ILOa1c\" width=\"640\"></iframe>\nLa Lightning Démo de Page Speed\n"),
            Some(0)
        );
        assert_eq!(region("<div><div>a</div>\n\nb</div>\nc\n"), Some(2));
        assert_eq!(region("<hr>\n---\n"), Some(0));
        assert_eq!(region("<div\n  class=\"x\"/>\ntext\n"), Some(1));
        // Span elements start paragraphs; a block never closed is left to CommonMark.
        assert_eq!(region("<img src=\"a.png\">\ntext\n"), None);
        assert_eq!(region("<div>\n\nnever closed\n"), None);
        assert_eq!(region("<!-- c -->\n"), None);
        assert_eq!(region("    <div>\n</div>\n"), None);
        assert_eq!(region("<3 text\n"), None);
    }

    #[test]
    fn span_elements_alone_on_a_line_start_paragraphs() {
        // 2021-11-18-hsdo.md, 2025-02-26-tvjs-accessibility.md, 2022-08-08-private-cdn-logs.md
        assert!(span_html_line("<img src=\"/images/posts/2021-11-18-hsdo/image1.png\" alt=\"HAProxy Status Page\" style=\"width:10em\"/>"));
        assert!(span_html_line("<br>"));
        assert!(span_html_line("</a>  "));
        assert!(!span_html_line("<br> text"));
        assert!(!span_html_line("<center><img src=\"a.png\"></center>"));
        assert!(!span_html_line("<img src=\"a.png\""));
    }

    #[test]
    fn list_item_gaps() {
        // 2018-05-21-kubecon-2018-copenhaguen-day-1.md
        assert_eq!(
            list_item_gap("*        Mesh config - global Istio config"),
            Some(2..9)
        );
        assert_eq!(list_item_gap("12.      x"), Some(4..9));
        assert_eq!(list_item_gap("* x"), None);
        assert_eq!(list_item_gap("*    x"), None);
        assert_eq!(list_item_gap("*       "), None);
        assert_eq!(list_item_gap("    *      x"), None);
        assert_eq!(list_item_gap("*that's it*"), None);
        assert!(may_differ("para\n\n*        Mesh config\n"));
        assert!(may_differ("a\n<div>\n"));
        assert!(!may_differ("a < b\n* x\n    <div>\n"));
    }
}
