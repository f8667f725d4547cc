//! The preview of the post being edited, kept in step with the editor's changes.
//!
//! The editor sends what changed ([`TextEdit`]s against the text the preview last rendered)
//! rather than the whole text on every key press, and only the top-level blocks around the
//! change are rendered again: in a 1 MB post a key press costs a few blocks instead of a
//! megabyte sent, parsed and rendered. The blocks rendered again are those the change
//! touches plus one unchanged neighbour on each side; the neighbours must come out of the
//! render exactly where they were, which shows the change did not reach further (an opened
//! code fence swallowing what follows, a paragraph joining the next). Anything that ties
//! blocks together (raw HTML, Liquid or shortcodes, footnotes, link reference definitions,
//! a changed heading whose id may shift later ones, the front matter) renders the whole post,
//! as does a change against a text the preview no longer has ([`ErrorKind::Stale`]: the
//! editor then sends the whole text). A test checks both ways give the same article.
//!
//! [`ErrorKind::Stale`]: crate::error::ErrorKind::Stale

use std::collections::HashMap;
use std::sync::Arc;

use serde::Deserialize;
use ts_rs::TS;

use super::delta::{PreviewDelta, PreviewState};
use super::{count_newlines, render, BlockIndex, HeadingKey, RenderContext, Renderer};
use crate::error::{Error, Result};
use crate::site::SiteKind;

/// One change of the editor's text: the UTF-16 range `from..to` (JavaScript string offsets)
/// of the text before the changes is replaced with `insert`. The changes of one request are
/// in order and do not overlap.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct TextEdit {
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

/// The preview's article and the text it was rendered from.
#[derive(Debug, Default)]
pub struct LivePreview {
    state: PreviewState,
    src: Option<Source>,
    /// How the last edits were rendered, for tests and benchmarks.
    pub last_was_partial: bool,
}

#[derive(Debug)]
struct Source {
    post_path: String,
    kind: SiteKind,
    prefix: String,
    allow_remote: bool,
    authors: Arc<HashMap<String, String>>,
    text: String,
    /// The text's length in UTF-16 units (the editor's measure).
    len16: usize,
    index: Option<BlockIndex>,
    version: u64,
}

impl Source {
    fn same_context(&self, ctx: &RenderContext) -> bool {
        self.post_path == ctx.post_path
            && self.kind == ctx.kind
            && self.prefix == ctx.image_url_prefix
            && self.allow_remote == ctx.allow_remote_images
            && (Arc::ptr_eq(&self.authors, &ctx.authors) || self.authors == ctx.authors)
    }
}

impl LivePreview {
    /// Renders the whole post `text` and returns the delta from the article the preview has
    /// (`have`: its version).
    pub fn render(&mut self, text: String, ctx: &RenderContext, have: Option<u64>) -> PreviewDelta {
        let r = render(&text, ctx);
        let d = self.state.update(r.header_html + &r.html, have);
        // Each `data-line` block must be one of the index's, in order.
        let index = r
            .index
            .filter(|ix| ix.spans.len() + 1 == self.state.block_count());
        self.src = Some(Source {
            post_path: ctx.post_path.clone(),
            kind: ctx.kind,
            prefix: ctx.image_url_prefix.clone(),
            allow_remote: ctx.allow_remote_images,
            authors: ctx.authors.clone(),
            len16: Utf16Cursor::default().len(&text),
            text,
            index,
            version: d.version,
        });
        self.last_was_partial = false;
        d
    }

    /// Applies the editor's `edits` to the text of version `base` (the article the preview
    /// shows) and returns the delta to the new article. `length`: the editor's text length
    /// after them, in UTF-16 units, when known (a check that both still hold the same text).
    /// [`ErrorKind::Stale`] when `base` is not the last version rendered or the edits do not
    /// fit its text.
    ///
    /// [`ErrorKind::Stale`]: crate::error::ErrorKind::Stale
    pub fn edit(
        &mut self,
        base: u64,
        edits: &[TextEdit],
        length: Option<u32>,
        ctx: &RenderContext,
    ) -> Result<PreviewDelta> {
        let stale = || Error::stale("The preview does not have this text: send it whole.");
        let src = match &self.src {
            Some(s) if s.version == base && self.state.version() == base && s.same_context(ctx) => {
                s
            }
            _ => return Err(stale()),
        };
        // An edit whose end is before its start is refused (stale), not subtracted.
        let len16 = edits.iter().try_fold(src.len16, |n, e| {
            (n + e.insert.encode_utf16().count()).checked_sub(e.to.checked_sub(e.from)? as usize)
        });
        if len16.is_none() || length.is_some_and(|l| Some(l as usize) != len16) {
            return Err(stale());
        }
        let (text, a, old_end, new_end) = apply_edits(&src.text, edits).ok_or_else(stale)?;
        if let Some(d) = self.render_around(text.as_str(), a, old_end, new_end, ctx, base) {
            if let Some(s) = &mut self.src {
                s.text = text;
                s.version = d.version;
                s.len16 = len16.unwrap_or_default();
            }
            self.last_was_partial = true;
            return Ok(d);
        }
        Ok(self.render(text, ctx, Some(base)))
    }

    /// Renders again only the blocks around the change of `old[a..old_end]` into
    /// `new[a..new_end]` and splices them in; `None` when the whole post must be rendered.
    fn render_around(
        &mut self,
        new: &str,
        a: usize,
        old_end: usize,
        new_end: usize,
        ctx: &RenderContext,
        base: u64,
    ) -> Option<PreviewDelta> {
        let src = self.src.as_ref()?;
        let ix = src.index.as_ref()?;
        let spans = &ix.spans;
        if a < ix.stable_from.max(ix.body_start) || spans.is_empty() {
            return None;
        }
        let old_body = &src.text[ix.body_start..];
        let new_body = &new[ix.body_start..];
        let (ea, eb) = (a - ix.body_start, old_end - ix.body_start);
        let grow = new_end as isize - old_end as isize;
        // Blocks wholly before and wholly after the change (a change in the indentation of a
        // block's first line changes the block), one of each rendered again.
        let line_start = |at: usize| old_body[..at].rfind('\n').map_or(0, |p| p + 1);
        let before = spans.partition_point(|s| s.end < ea);
        let after = spans.partition_point(|s| line_start(s.start) <= eb);
        let from = before.saturating_sub(1);
        let to = (after + 1).min(spans.len());
        let start = if from == 0 {
            0
        } else {
            line_start(spans[from].start)
        };
        let end_old = if to == spans.len() {
            old_body.len()
        } else {
            line_start(spans[to].start)
        };
        if (from > 0 && start < spans[from - 1].end)
            || (to > from && end_old < spans[to - 1].end)
            || start > ea
            || end_old < eb
        {
            return None;
        }
        let end_new = end_old.checked_add_signed(grow)?;
        let region = new_body.get(start..end_new)?;
        let line_base = ix.line_base + count_newlines(&old_body.as_bytes()[..start]);
        let h0 = ix.headings.partition_point(|h| h.at < start);
        let h1 = ix.headings.partition_point(|h| h.at < end_old);
        let rr =
            Renderer::get(ctx.kind).render_region(region, ctx, line_base, &ix.headings[h0..h1])?;
        // The unchanged neighbours came out where they were.
        let shifted = |r: &std::ops::Range<usize>, by: isize| {
            (r.start as isize + by) as usize..(r.end as isize + by) as usize
        };
        if before > 0 && rr.spans.first() != Some(&shifted(&spans[from], -(start as isize))) {
            return None;
        }
        if after < spans.len()
            && rr.spans.last() != Some(&shifted(&spans[to - 1], grow - start as isize))
        {
            return None;
        }
        let shift = count_newlines(region.as_bytes()) as isize
            - count_newlines(&old_body.as_bytes()[start..end_old]) as isize;
        let d = self.state.splice(
            from + 1,
            to + 1,
            &rr.html,
            shift,
            (before > 0, after < spans.len()),
            Some(base),
        )?;
        // The index follows: the region's blocks and headings, the later ones moved.
        let src = self.src.as_mut()?;
        let ix = src.index.as_mut()?;
        let tail: Vec<_> = ix.spans[to..].iter().map(|s| shifted(s, grow)).collect();
        ix.spans.truncate(from);
        ix.spans
            .extend(rr.spans.iter().map(|s| shifted(s, start as isize)));
        ix.spans.extend(tail);
        let tail: Vec<HeadingKey> = ix.headings[h1..]
            .iter()
            .map(|h| HeadingKey {
                at: (h.at as isize + grow) as usize,
                ..h.clone()
            })
            .collect();
        ix.headings.truncate(h0);
        ix.headings
            .extend(rr.headings.into_iter().map(|h| HeadingKey {
                at: h.at + start,
                ..h
            }));
        ix.headings.extend(tail);
        if ix.spans.len() + 1 != self.state.block_count() {
            // Cannot happen when the checks above hold; the next change renders it whole.
            src.index = None;
        }
        Some(d)
    }

    /// The text of the article last rendered.
    pub fn text(&self) -> Option<&str> {
        self.src.as_ref().map(|s| s.text.as_str())
    }

    /// The article last sent.
    pub fn html(&self) -> &str {
        self.state.html()
    }
}

/// `text` with `edits` applied, and the byte range that changed: `a..old_end` of `text`
/// became `a..new_end` of the result. `None` when an edit does not fit the text.
fn apply_edits(text: &str, edits: &[TextEdit]) -> Option<(String, usize, usize, usize)> {
    let mut cursor = Utf16Cursor::default();
    let mut out = String::with_capacity(text.len() + 64);
    let mut prev = 0;
    let mut first = None;
    for e in edits {
        if e.to < e.from {
            return None;
        }
        let from = cursor.advance(text, e.from as usize)?;
        let to = cursor.advance(text, e.to as usize)?;
        if from < prev {
            return None;
        }
        out.push_str(&text[prev..from]);
        first.get_or_insert(from);
        out.push_str(&e.insert);
        prev = to;
    }
    // `prev` of the old text is `new_end` of the new one; what follows is the same.
    let new_end = out.len();
    out.push_str(&text[prev..]);
    let a = first.unwrap_or(0);
    Some((out, a, prev, new_end))
}

/// Walks a string converting UTF-16 offsets (ascending) to byte offsets.
#[derive(Default)]
struct Utf16Cursor {
    byte: usize,
    unit: usize,
}

impl Utf16Cursor {
    /// The length of `text` in UTF-16 units.
    fn len(mut self, text: &str) -> usize {
        // Past the end: the cursor stops there, having counted everything.
        let _ = self.advance(text, usize::MAX);
        self.unit
    }

    fn advance(&mut self, text: &str, unit: usize) -> Option<usize> {
        if unit < self.unit {
            return None;
        }
        let b = text.as_bytes();
        // 64 bytes at a time while far from the target: each byte that starts a character is
        // one unit, and a 4-byte character is two (its leading byte is ≥ 0xF0).
        while self.unit + 64 <= unit && self.byte + 64 <= b.len() {
            let chunk = &b[self.byte..self.byte + 64];
            let n = chunk
                .iter()
                .map(|&c| usize::from(c & 0xC0 != 0x80) + usize::from(c >= 0xF0))
                .sum::<usize>();
            if self.unit + n > unit {
                break;
            }
            self.unit += n;
            self.byte += 64;
        }
        // A chunk may end inside a character: its continuation bytes count for nothing.
        while self.byte < b.len() && b[self.byte] & 0xC0 == 0x80 {
            self.byte += 1;
        }
        while self.unit < unit {
            let c = text[self.byte..].chars().next()?;
            self.byte += c.len_utf8();
            self.unit += c.len_utf16();
        }
        // A position inside a surrogate pair does not exist in the text.
        (self.unit == unit).then_some(self.byte)
    }
}

#[cfg(test)]
mod tests;
