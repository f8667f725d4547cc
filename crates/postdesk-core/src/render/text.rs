//! Text events: the blog's syntax tokens become their HTML, bare URLs and e-mail addresses
//! become links (GFM autolinks).

use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::items::label;
use super::job::Job;
use super::sanitize;
use super::syntax::{self, Piece};

impl<'a> Job<'a> {
    /// Text: tokens become their HTML, bare URLs become links (outside links).
    pub(super) fn text(&mut self, out: &mut Vec<Event<'a>>, t: &CowStr<'a>, in_link: bool) {
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
    pub(super) fn may_have_autolink(&self, t: &str) -> bool {
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
}

/// Where `text` has `://`, `www.` or `@`: (offset, length), in order.
pub(super) fn autolink_triggers(text: &str) -> Vec<(usize, usize)> {
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
