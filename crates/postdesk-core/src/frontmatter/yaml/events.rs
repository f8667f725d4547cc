//! saphyr's parser events as byte offsets: where the front matter's lines start, and what
//! each value node is (its style, and whether it holds anything Postdesk cannot edit).

use saphyr_parser::{Event, ScalarStyle, Span};

use super::super::model::ValueStyle;
use super::super::Split;

/// What the parser says about one value node.
#[derive(Debug, Clone, Copy)]
pub(super) struct NodeInfo {
    pub(super) style: ValueStyle,
    /// Tags, anchors, aliases or nested collections somewhere in the node.
    pub(super) odd: bool,
}

/// Where the front matter's lines start, to turn saphyr's markers (line, column in
/// characters) into byte offsets of the whole file.
pub(super) struct Lines<'t> {
    pub(super) matter: &'t str,
    /// Offset of the front matter in the file.
    pub(super) base: usize,
    /// Offsets of the front matter's line starts, relative to `base`.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(super) fn of(text: &'t str, s: &Split) -> Self {
        let matter = &text[s.matter.clone()];
        let starts = std::iter::once(0)
            .chain(matter.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            matter,
            base: s.matter.start,
            starts,
        }
    }

    /// The file offset of the first byte of the front matter's line `line_idx` (0-based).
    pub(super) fn line_start(&self, line_idx: usize) -> usize {
        self.base + self.starts[line_idx]
    }

    /// The file offset of a 1-based line and a character column.
    pub(super) fn to_byte(&self, line: usize, col: usize) -> usize {
        let ls = self.starts[(line.max(1) - 1).min(self.starts.len() - 1)];
        let l = &self.matter[ls..];
        let l = &l[..l.find('\n').map(|i| i + 1).unwrap_or(l.len())];
        self.base + ls + l.char_indices().nth(col).map(|(i, _)| i).unwrap_or(l.len())
    }

    pub(super) fn start_of(&self, sp: &Span) -> usize {
        self.to_byte(sp.start.line(), sp.start.col())
    }
}

/// Consumes the node starting at event `i`; returns the index after it and what it is.
pub(super) fn node(
    text: &str,
    events: &[(Event, Span)],
    i: usize,
    to_byte: &dyn Fn(usize, usize) -> usize,
) -> (usize, NodeInfo) {
    match &events[i].0 {
        Event::Scalar(_, style, anchor, tag) => {
            let st = match style {
                ScalarStyle::Plain => ValueStyle::Plain,
                ScalarStyle::SingleQuoted => ValueStyle::SingleQuoted,
                ScalarStyle::DoubleQuoted => ValueStyle::DoubleQuoted,
                ScalarStyle::Literal => ValueStyle::Literal,
                ScalarStyle::Folded => ValueStyle::Folded,
            };
            (
                i + 1,
                NodeInfo {
                    style: st,
                    odd: *anchor != 0 || tag.is_some(),
                },
            )
        }
        Event::Alias(_) => (
            i + 1,
            NodeInfo {
                style: ValueStyle::Alias,
                odd: true,
            },
        ),
        Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
            let is_seq = matches!(events[i].0, Event::SequenceStart(..));
            let mut odd = *anchor != 0 || tag.is_some();
            let mut j = i + 1;
            loop {
                match &events[j].0 {
                    Event::SequenceEnd | Event::MappingEnd => break,
                    Event::Scalar(_, style, a, t) => {
                        if *a != 0
                            || t.is_some()
                            || !is_seq
                            || matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                        {
                            odd = true;
                        }
                        j += 1;
                    }
                    _ => {
                        odd = true;
                        j = node(text, events, j, to_byte).0;
                    }
                }
            }
            // The text at the start decides flow (`[`, `{`) or block.
            let flow = {
                let sp = events[i].1;
                let at = to_byte(sp.start.line(), sp.start.col());
                text[at..].starts_with(['[', '{'])
            };
            let style = match (is_seq, flow) {
                (true, true) => ValueStyle::FlowSequence,
                (true, false) => ValueStyle::BlockSequence,
                (false, true) => ValueStyle::FlowMapping,
                (false, false) => ValueStyle::BlockMapping,
            };
            (
                j + 1,
                NodeInfo {
                    style,
                    odd: odd || !is_seq,
                },
            )
        }
        _ => (
            i + 1,
            NodeInfo {
                style: ValueStyle::Plain,
                odd: true,
            },
        ),
    }
}
