//! The events of one top-level block, transformed as the HTML writer pulls them.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::job::{Job, Nest};
use super::kramdown;
use super::syntax;

/// Buffers reused from block to block.
#[derive(Default)]
pub(super) struct BlockBuffers<'a> {
    /// The events of an element that is transformed from its contents (a heading, a code
    /// block, an image…), gathered first.
    events: Vec<(Event<'a>, Range<usize>)>,
    /// Transformed events not yet written, from `next` on.
    out: Vec<Event<'a>>,
    next: usize,
}

/// The transformed events of one top-level block, pulled from the parser as the HTML writer
/// asks for them. Most events (text, emphasis, lists, links…) go through one at a time;
/// the elements whose HTML depends on their contents are gathered and transformed whole.
pub(super) struct BlockEvents<'j, 'a> {
    job: &'j mut Job<'a>,
    parser: &'j mut kramdown::Events<'a>,
    bufs: &'j mut BlockBuffers<'a>,
    nest: Nest,
    /// Depth in the parser's events: the block ends when it is back to 0.
    depth: usize,
    /// Whether a paragraph may be a lone block (the body has block placeholders or `$$`).
    lone_possible: bool,
    /// Whether the block had any event (none: the parser is done).
    pulled: bool,
    done: bool,
}

impl<'j, 'a> BlockEvents<'j, 'a> {
    /// The next top-level block of `parser`, to be transformed by `job`.
    pub(super) fn new(
        job: &'j mut Job<'a>,
        parser: &'j mut kramdown::Events<'a>,
        bufs: &'j mut BlockBuffers<'a>,
        lone_possible: bool,
    ) -> Self {
        BlockEvents {
            job,
            parser,
            bufs,
            nest: Nest::default(),
            depth: 0,
            lone_possible,
            pulled: false,
            done: false,
        }
    }

    /// Whether the block had any event (none: the parser is done).
    pub(super) fn pulled(&self) -> bool {
        self.pulled
    }

    /// Whether the element `ev` starts is transformed from its contents.
    fn needs_contents(&self, ev: &Event<'a>, range: &Range<usize>) -> bool {
        match ev {
            Event::Start(
                Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock,
            ) => true,
            Event::Start(Tag::Paragraph) => {
                self.lone_possible && {
                    let src = &self.job.text.as_bytes()[range.start..range.end];
                    memchr::memmem::find(src, syntax::OPEN.encode_utf8(&mut [0; 4]).as_bytes())
                        .is_some()
                        || memchr::memmem::find(src, b"$$").is_some()
                }
            }
            _ => false,
        }
    }
}

impl<'a> Iterator for BlockEvents<'_, 'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let bufs = &mut *self.bufs;
            if bufs.next < bufs.out.len() {
                let ev = std::mem::replace(&mut bufs.out[bufs.next], Event::SoftBreak);
                bufs.next += 1;
                return Some(ev);
            }
            bufs.out.clear();
            bufs.next = 0;
            if self.done {
                return None;
            }
            let Some((ev, range)) = self.parser.next() else {
                self.done = true;
                return None;
            };
            self.pulled = true;
            match ev {
                Event::Start(_) => self.depth += 1,
                Event::End(_) => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
            if self.needs_contents(&ev, &range) {
                let mut events = std::mem::take(&mut self.bufs.events);
                events.clear();
                events.push((ev, range));
                let mut d = 1usize;
                while d > 0 {
                    let Some((e, r)) = self.parser.next() else {
                        break;
                    };
                    match e {
                        Event::Start(_) => d += 1,
                        Event::End(_) => d -= 1,
                        _ => {}
                    }
                    events.push((e, r));
                }
                self.depth = self.depth.saturating_sub(1);
                self.done = self.depth == 0;
                self.job
                    .transform(&events, &mut self.bufs.out, &mut self.nest);
                self.bufs.events = events;
                continue;
            }
            self.done = self.depth == 0;
            match ev {
                Event::Text(t)
                    if !self.job.pre.has_tokens(&t)
                        && (self.nest.in_link > 0 || !self.job.may_have_autolink(&t)) =>
                {
                    return Some(Event::Text(t));
                }
                Event::Start(Tag::Paragraph) => {
                    self.job
                        .mark(&mut self.bufs.out, self.nest.depth == 0, &range);
                    self.nest.depth += 1;
                    return Some(ev);
                }
                Event::End(TagEnd::Link) => {}
                Event::End(_) => {
                    self.nest.depth = self.nest.depth.saturating_sub(1);
                    return Some(ev);
                }
                Event::SoftBreak | Event::HardBreak => return Some(ev),
                _ => {}
            }
            let one = (ev, range);
            self.job.transform(
                std::slice::from_ref(&one),
                &mut self.bufs.out,
                &mut self.nest,
            );
        }
    }
}
