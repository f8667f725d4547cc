//! Lines and columns of byte offsets, for messages that point into a file. [`LineIndex`]
//! finds the line starts once, so a pass that reports many places in a long post stays linear
//! (each lookup a binary search instead of a count from the top).

/// The line starts of a text.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line after the first.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|p| p + 1)
                .collect(),
        }
    }

    /// 1-based line of a byte offset (offsets past the end count as the end).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.starts.partition_point(|&s| s <= offset) + 1
    }

    /// 1-based line and column (in characters) of a byte offset, as
    /// [`crate::frontmatter::line_col`] counts them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line(offset);
        let start = if line == 1 { 0 } else { self.starts[line - 2] };
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::line_col;

    #[test]
    fn lines_and_columns_are_those_counted_from_the_top() {
        for text in [
            "",
            "one line",
            "a\nb\n\nc",
            "\n\n",
            "é\nçà\r\nx ✨ y\n",
            "---\ntitle: x\n---\nBody\n",
        ] {
            let ix = LineIndex::new(text);
            for offset in
                (0..=text.len() + 2).filter(|&o| o > text.len() || text.is_char_boundary(o))
            {
                assert_eq!(
                    ix.line_col(offset),
                    line_col(text, offset),
                    "{text:?} at {offset}"
                );
                assert_eq!(
                    ix.line(offset),
                    line_col(text, offset).0,
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
