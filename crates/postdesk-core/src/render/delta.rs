//! What the preview needs to change, instead of the whole article on every key press.
//!
//! The renderer puts `data-line="a-b"` right after the tag name of every top-level block (and
//! only there: text and attribute values are escaped), so its HTML splits into blocks without
//! parsing. [`PreviewState`] keeps the last article the preview was sent; the next render is
//! compared block by block with line ranges left out (a new line shifts every later block's
//! lines, not its content), and only the changed run in the middle is sent, with the new
//! `data-line` of kept blocks that moved. A 1 MB post renders to about 4 MB of HTML: sending
//! and parsing that on every key press is what made typing in a long post lag.

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;
use ts_rs::TS;

/// The change that turns the preview's article (version `base`) into the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewDelta {
    /// The version of the article this delta produces.
    pub version: u64,
    /// The version it applies to; `None`: `html` is the whole article.
    pub base: Option<u64>,
    /// How many blocks of the new article there are (the part before the first block, such
    /// as the post's header, counts as block 0).
    pub blocks: u32,
    /// Blocks kept from the start and from the end of the old article.
    pub keep_head: u32,
    pub keep_tail: u32,
    /// The HTML of the new blocks between them.
    pub html: String,
    /// The new `data-line` of kept blocks whose lines moved: (index in the new article, value).
    pub lines: Vec<(u32, String)>,
}

/// One block of an article: its byte range, and the range of its `data-line` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub range: Range<usize>,
    /// Empty (at the start of the block) for block 0, which has no line range.
    pub line: Range<usize>,
}

/// Splits rendered HTML into block 0 (whatever comes before the first block, maybe empty) and
/// one block per top-level element carrying `data-line`.
pub fn split_blocks(html: &str) -> Vec<Block> {
    const ATTR: &str = " data-line=\"";
    let b = html.as_bytes();
    let mut starts: Vec<(usize, Range<usize>)> = Vec::new();
    for (at, _) in html.match_indices(ATTR) {
        // `<name` right before the attribute.
        let mut k = at;
        while k > 0 && (b[k - 1].is_ascii_alphanumeric() || b[k - 1] == b'-') {
            k -= 1;
        }
        if k == 0 || k == at || b[k - 1] != b'<' || !b[k].is_ascii_alphabetic() {
            continue;
        }
        let v = at + ATTR.len();
        let Some(len) = html[v..].find('"') else {
            continue;
        };
        if len == 0
            || !html[v..v + len]
                .bytes()
                .all(|c| c.is_ascii_digit() || c == b'-')
        {
            continue;
        }
        starts.push((k - 1, v..v + len));
    }
    let mut out = Vec::with_capacity(starts.len() + 1);
    let first = starts.first().map_or(html.len(), |s| s.0);
    out.push(Block {
        range: 0..first,
        line: 0..0,
    });
    for (i, (start, line)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(html.len(), |s| s.0);
        out.push(Block {
            range: *start..end,
            line: line.clone(),
        });
    }
    out
}

/// The article the preview was last sent, to compute the next delta against.
#[derive(Debug, Default)]
pub struct PreviewState {
    version: u64,
    html: String,
    blocks: Vec<Block>,
}

impl PreviewState {
    /// The version of the article last sent.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// How many blocks the article last sent has (block 0 included).
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    /// The delta from the article the preview has (`have`: its version, if any) to `html`,
    /// which becomes the state's article. A `have` that is not the last version sent (a
    /// dropped response, another window) gets the whole article.
    pub fn update(&mut self, html: String, have: Option<u64>) -> PreviewDelta {
        let blocks = split_blocks(&html);
        self.commit(html, blocks, have, (0, 0))
    }

    /// Replaces blocks `from..to` (`from` ≥ 1) with `html` (whole blocks, each with its
    /// `data-line`, nothing before the first), the lines of the blocks after them moved by
    /// `shift`, and returns the delta from the version the preview has. Costs a copy of the
    /// article, not a render of it: blocks before `from` and from `to` on are known to be
    /// the same. `same_ends`: whether the first and the last of the new blocks must be the
    /// same HTML as the old blocks they replace (lines aside), as unchanged neighbours of a
    /// change are. `None` (and no change) when they are not, or `html` does not start with a
    /// block.
    pub fn splice(
        &mut self,
        from: usize,
        to: usize,
        html: &str,
        shift: isize,
        same_ends: (bool, bool),
        have: Option<u64>,
    ) -> Option<PreviewDelta> {
        let n = self.blocks.len();
        let region = split_blocks(html);
        if from == 0 || from > to || to > n || !region[0].range.is_empty() {
            return None;
        }
        let new = (html, region.as_slice());
        let old = (self.html.as_str(), self.blocks.as_slice());
        let m = region.len();
        if (same_ends.0 && (m < 2 || from == to || !same_block(old, from, new, 1)))
            || (same_ends.1 && (m < 2 || from == to || !same_block(old, to - 1, new, m - 1)))
        {
            return None;
        }
        let start = self
            .blocks
            .get(from)
            .map_or(self.html.len(), |b| b.range.start);
        let end = self
            .blocks
            .get(to)
            .map_or(self.html.len(), |b| b.range.start);
        let mut out = String::with_capacity(self.html.len() - (end - start) + html.len() + 64);
        out.push_str(&self.html[..start]);
        out.push_str(html);
        let mut blocks = Vec::with_capacity(n - (to - from) + region.len());
        blocks.extend_from_slice(&self.blocks[..from]);
        blocks.extend(region[1..].iter().map(|b| Block {
            range: b.range.start + start..b.range.end + start,
            line: b.line.start + start..b.line.end + start,
        }));
        let mut buf = String::new();
        for b in &self.blocks[to..] {
            let at = out.len();
            out.push_str(&self.html[b.range.start..b.line.start]);
            let line_start = out.len();
            let old = &self.html[b.line.clone()];
            let value = if shift == 0 {
                old
            } else {
                buf.clear();
                let mut it = old
                    .splitn(2, '-')
                    .map(|v| v.parse::<isize>().unwrap_or(0) + shift);
                let (a, z) = (it.next().unwrap_or(0), it.next());
                let _ = match z {
                    Some(z) => write!(buf, "{a}-{z}"),
                    None => write!(buf, "{a}"),
                };
                buf.as_str()
            };
            out.push_str(value);
            let line_end = out.len();
            out.push_str(&self.html[b.line.end..b.range.end]);
            blocks.push(Block {
                range: at..out.len(),
                line: line_start..line_end,
            });
        }
        let keep_tail = n - to;
        Some(self.commit(out, blocks, have, (from, keep_tail)))
    }

    /// Makes `html` the state's article and returns the delta to it; `known`: how many blocks
    /// at the start and at the end are known to be the same HTML (lines aside).
    fn commit(
        &mut self,
        html: String,
        blocks: Vec<Block>,
        have: Option<u64>,
        known: (usize, usize),
    ) -> PreviewDelta {
        self.version += 1;
        let version = self.version;
        let n_new = blocks.len();
        let delta = if have.is_some() && have == Some(version - 1) && !self.blocks.is_empty() {
            let (old, new) = (
                (self.html.as_str(), self.blocks.as_slice()),
                (html.as_str(), blocks.as_slice()),
            );
            let same = |i: usize, j: usize| same_block(old, i, new, j);
            let n = self.blocks.len();
            let mut head = known.0.min(n).min(n_new);
            while head < n && head < n_new && same(head, head) {
                head += 1;
            }
            let mut tail = known.1.min(n - head).min(n_new - head);
            while tail < n - head && tail < n_new - head && same(n - 1 - tail, n_new - 1 - tail) {
                tail += 1;
            }
            let line = |h: &str, b: &Block| h[b.line.clone()].to_string();
            // Blocks known to be the same before a splice kept their lines too.
            let moved = (known.0.max(1)..head)
                .map(|i| (i, i))
                .chain((1..=tail).map(|k| (n - k, n_new - k)))
                .filter(|&(i, j)| {
                    j > 0 && old.0[old.1[i].line.clone()] != new.0[new.1[j].line.clone()]
                })
                .map(|(_, j)| (j as u32, line(&html, &blocks[j])))
                .collect();
            let run = if head < n_new - tail {
                blocks[head].range.start..blocks[n_new - tail - 1].range.end
            } else {
                0..0
            };
            PreviewDelta {
                version,
                base: have,
                blocks: n_new as u32,
                keep_head: head as u32,
                keep_tail: tail as u32,
                html: html[run].to_string(),
                lines: moved,
            }
        } else {
            PreviewDelta {
                version,
                base: None,
                blocks: n_new as u32,
                keep_head: 0,
                keep_tail: 0,
                html: html.clone(),
                lines: Vec::new(),
            }
        };
        self.html = html;
        self.blocks = blocks;
        delta
    }

    /// The article last sent.
    pub fn html(&self) -> &str {
        &self.html
    }
}

/// Whether two blocks are the same HTML apart from their line ranges.
fn same_block(old: (&str, &[Block]), i: usize, new: (&str, &[Block]), j: usize) -> bool {
    let (a, b) = (&old.1[i], &new.1[j]);
    let (x, y) = (old.0.as_bytes(), new.0.as_bytes());
    a.range.len() - a.line.len() == b.range.len() - b.line.len()
        && x[a.range.start..a.line.start] == y[b.range.start..b.line.start]
        && x[a.line.end..a.range.end] == y[b.line.end..b.range.end]
}

/// What the preview does with a delta (`lib/patch.ts`), for tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// What the preview does with a delta, on strings: the old blocks' HTML, the new run in
    /// the middle, the moved line ranges rewritten.
    pub(crate) fn apply(old: &[String], d: &PreviewDelta) -> Vec<String> {
        if d.base.is_none() {
            let b = split_blocks(&d.html);
            return b
                .iter()
                .map(|b| d.html[b.range.clone()].to_string())
                .collect();
        }
        let (h, t) = (d.keep_head as usize, d.keep_tail as usize);
        let mut out: Vec<String> = old[..h].to_vec();
        let run = split_blocks(&d.html);
        // The run starts with a block unless it starts the article (block 0 is its own).
        let skip = usize::from(h > 0);
        out.extend(
            run.iter()
                .skip(skip)
                .map(|b| d.html[b.range.clone()].to_string()),
        );
        out.extend(old[old.len() - t..].iter().cloned());
        assert_eq!(out.len(), d.blocks as usize);
        for (j, v) in &d.lines {
            let s = &out[*j as usize];
            let b = &split_blocks(s)[1];
            out[*j as usize] = format!("{}{v}{}", &s[..b.line.start], &s[b.line.end..]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use testing::apply;

    fn article(header: &str, blocks: &[(&str, usize)]) -> String {
        let mut line = 5;
        let mut s = header.to_string();
        for (text, lines) in blocks {
            s.push_str(&format!(
                "<p data-line=\"{line}-{}\">{text}</p>\n",
                line + lines - 1
            ));
            line += lines + 1;
        }
        s
    }

    #[test]
    fn splits_before_each_top_level_block_only() {
        let h = "<header>T</header><h2 data-line=\"5-5\" id=\"a\">A &lt;p data-line=\"9\"&gt;</h2>\n<pre data-line=\"7-9\" class=\"c\"><code>x</code></pre>\n";
        let b = split_blocks(h);
        assert_eq!(b.len(), 3);
        assert_eq!(&h[b[0].range.clone()], "<header>T</header>");
        assert_eq!(&h[b[1].line.clone()], "5-5");
        assert_eq!(
            &h[b[2].range.clone()],
            "<pre data-line=\"7-9\" class=\"c\"><code>x</code></pre>\n"
        );
        assert_eq!(split_blocks("").len(), 1);
    }

    #[test]
    fn sends_only_the_changed_block_and_the_lines_that_moved() {
        let mut st = PreviewState::default();
        let a = article("<h1>T</h1>", &[("one", 1), ("two", 2), ("three", 1)]);
        let d = st.update(a.clone(), None);
        assert_eq!((d.base, d.blocks, d.html.as_str()), (None, 4, a.as_str()));

        // Typing in the second paragraph, which grows by a line.
        let b = article("<h1>T</h1>", &[("one", 1), ("two z", 3), ("three", 1)]);
        let d = st.update(b.clone(), Some(d.version));
        assert_eq!((d.base, d.keep_head, d.keep_tail), (Some(1), 2, 1));
        assert_eq!(d.html, "<p data-line=\"7-9\">two z</p>\n");
        assert_eq!(d.lines, vec![(3, "11-11".to_string())]);

        // Nothing changed: nothing to send.
        let d = st.update(b.clone(), Some(d.version));
        assert_eq!((d.keep_head, d.keep_tail, d.html.as_str()), (4, 0, ""));

        // A stale `have` gets the whole article.
        let d = st.update(b.clone(), Some(1));
        assert_eq!((d.base, d.html.as_str()), (None, b.as_str()));
    }

    #[test]
    fn applying_deltas_always_gives_the_new_article() {
        let mut seed = 11u64;
        let mut rand = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut st = PreviewState::default();
        let mut blocks: Vec<(String, usize)> = vec![("a".into(), 1), ("b".into(), 2)];
        let mut header = String::from("<h1>T</h1>");
        let mut shown: Vec<String> = Vec::new();
        let mut have = None;
        let mut partial = 0;
        for step in 0..500 {
            let i = rand(blocks.len() + 1);
            match rand(6) {
                0 => blocks.insert(i, (["x", "a", "y"][rand(3)].into(), 1 + rand(3))),
                1 if !blocks.is_empty() => {
                    blocks.remove(i % blocks.len());
                }
                2 if !blocks.is_empty() => {
                    let k = i % blocks.len();
                    blocks[k].1 = 1 + rand(4);
                }
                3 => {
                    header = if rand(3) == 0 {
                        String::new()
                    } else {
                        format!("<h1>{step}</h1>")
                    }
                }
                _ if !blocks.is_empty() => {
                    let k = i % blocks.len();
                    blocks[k].0.push('z');
                }
                _ => {}
            }
            blocks.truncate(30);
            let refs: Vec<(&str, usize)> = blocks.iter().map(|(t, l)| (t.as_str(), *l)).collect();
            let html = article(&header, &refs);
            let d = st.update(html.clone(), have);
            if d.base.is_some() {
                partial += 1;
            }
            shown = apply(&shown, &d);
            assert_eq!(shown.concat(), html, "step {step}: {d:?}");
            have = Some(d.version);
        }
        assert!(partial == 499, "{partial}");
    }
}
