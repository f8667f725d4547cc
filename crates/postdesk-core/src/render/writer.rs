//! How the lines of each top-level block get onto its first tag: the marks the transform
//! leaves in the events and the writer ([`MarkWriter`]) that replaces them as the HTML is
//! written, or [`put_lines`] once a block is written on its own.

use std::ops::Range;

/// Marks the start of a top-level block in the writer's output; replaced by a `data-line`
/// attribute on the block's first tag. NUL never comes from the parser (it replaces it).
pub(super) const LINE_MARK: char = '\0';
/// Marks raw HTML in the writer's output (dropped by the writer).
pub(super) const RAW_MARK: &str = "\0raw\0";

/// `n` in decimal, written at the end of `buf`.
pub(super) fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

pub(crate) fn count_newlines(b: &[u8]) -> usize {
    // Counted in byte lanes, 128 bytes at a time (the compiler vectorizes the inner loop).
    let mut chunks = b.chunks_exact(128);
    let mut n = 0;
    for c in &mut chunks {
        n += c.iter().fold(0u8, |a, &x| a + u8::from(x == b'\n')) as usize;
    }
    n + chunks.remainder().iter().filter(|&&c| c == b'\n').count()
}

/// The writer's output with each line mark replaced by a `data-line` attribute on the next
/// start tag (unless another mark comes first), as it is written. The writer writes each
/// mark (an `Html` event) in one piece.
pub(super) struct MarkWriter {
    out: String,
    /// The lines (`a-b`) of the last mark, until its tag is found.
    pending: Option<pulldown_cmark::InlineStr>,
    state: Seek,
    /// Where each top-level block starts in `out`.
    starts: Vec<usize>,
    /// Where raw HTML was written in `out`.
    raws: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Seek {
    /// A `<`.
    Lt,
    /// The first letter of a tag name (the last write ended with `<`).
    Name,
    /// The end of the tag name.
    NameEnd,
}

impl MarkWriter {
    /// A writer whose output has room for `capacity` bytes.
    pub(super) fn with_capacity(capacity: usize) -> Self {
        MarkWriter {
            out: String::with_capacity(capacity),
            pending: None,
            state: Seek::Lt,
            starts: Vec::new(),
            raws: Vec::new(),
        }
    }

    fn put_attr(&mut self) {
        if let Some(lines) = self.pending.take() {
            self.out.push_str(" data-line=\"");
            self.out.push_str(&lines);
            self.out.push('"');
        }
        self.state = Seek::Lt;
    }

    /// The HTML, and the byte ranges of the top-level blocks with raw HTML (adjacent ones
    /// joined).
    pub(super) fn finish(mut self) -> (String, Vec<Range<usize>>) {
        if self.state == Seek::NameEnd {
            self.put_attr();
        }
        let mut raw: Vec<Range<usize>> = Vec::new();
        for &at in &self.raws {
            let i = self.starts.partition_point(|&s| s <= at);
            let start = if i == 0 { 0 } else { self.starts[i - 1] };
            let end = self.starts.get(i).copied().unwrap_or(self.out.len());
            match raw.last_mut() {
                Some(last) if last.end >= start => last.end = last.end.max(end),
                _ => raw.push(start..end),
            }
        }
        (self.out, raw)
    }
}

impl std::fmt::Write for MarkWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if s == RAW_MARK {
            self.raws.push(self.out.len());
            return Ok(());
        }
        if let Some(rest) = s.strip_prefix(LINE_MARK) {
            if self.state == Seek::NameEnd {
                self.put_attr();
            }
            self.starts.push(self.out.len());
            let end = rest.find(LINE_MARK).unwrap_or(rest.len());
            // A mark with no tag before the next one is dropped.
            self.pending = pulldown_cmark::InlineStr::try_from(&rest[..end]).ok();
            self.state = Seek::Lt;
            return Ok(());
        }
        if self.pending.is_none() {
            self.out.push_str(s);
            return Ok(());
        }
        let b = s.as_bytes();
        let mut k = 0;
        while k < b.len() {
            match self.state {
                Seek::Lt => match b[k..].iter().position(|&c| c == b'<') {
                    Some(p) => {
                        k += p + 1;
                        self.state = Seek::Name;
                    }
                    None => break,
                },
                Seek::Name => {
                    self.state = if b[k].is_ascii_alphabetic() {
                        Seek::NameEnd
                    } else {
                        Seek::Lt
                    };
                }
                Seek::NameEnd => {
                    match b[k..]
                        .iter()
                        .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
                    {
                        Some(p) => {
                            self.out.push_str(&s[..k + p]);
                            self.put_attr();
                            self.out.push_str(&s[k + p..]);
                            return Ok(());
                        }
                        None => break,
                    }
                }
            }
        }
        self.out.push_str(s);
        Ok(())
    }
}

/// Puts `data-line="a-b"` on the first start tag of `html` from byte `at` on, if any.
pub(super) fn put_lines(html: &mut String, at: usize, a: usize, b: usize) {
    let bytes = &html.as_bytes()[at..];
    let mut k = 0;
    while let Some(p) = memchr::memchr(b'<', &bytes[k..]) {
        let lt = k + p;
        if bytes.get(lt + 1).is_some_and(u8::is_ascii_alphabetic) {
            let name_end = bytes[lt + 1..]
                .iter()
                .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
                .map_or(bytes.len(), |e| lt + 1 + e);
            let mut attr = [0u8; 56];
            let mut n = 0;
            for part in [
                &b" data-line=\""[..],
                decimal(a, &mut [0; 20]),
                b"-",
                decimal(b, &mut [0; 20]),
                b"\"",
            ] {
                attr[n..n + part.len()].copy_from_slice(part);
                n += part.len();
            }
            html.insert_str(
                at + name_end,
                std::str::from_utf8(&attr[..n]).unwrap_or_default(),
            );
            return;
        }
        k = lt + 1;
    }
}
