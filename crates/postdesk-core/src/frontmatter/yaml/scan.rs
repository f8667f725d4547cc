//! Scanning the text of a line: where a key, a quoted scalar or a value ends, and the
//! comment after it.

/// Byte after the closing quote of a quoted scalar opening at `at`, across lines.
pub(super) fn quoted_close(text: &str, at: usize, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let q = *b.get(at)?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let mut i = at + 1;
    while i < limit {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// Byte after the `:` that ends the key starting at `at` on its line.
pub(super) fn key_end(text: &str, at: usize, line_end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = at;
    if i < line_end && (b[i] == b'"' || b[i] == b'\'') {
        i = quoted_end(text, i, line_end)?;
    }
    while i < line_end {
        if b[i] == b':' && (i + 1 == line_end || matches!(b[i + 1], b' ' | b'\t' | b'\r')) {
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// Byte after the closing quote of the quoted scalar starting at `at`, if on this line.
fn quoted_end(text: &str, at: usize, line_end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let q = b[at];
    let mut i = at + 1;
    while i < line_end {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && i + 1 < line_end && b[i + 1] == b'\'' {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

pub(super) fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches([' ', '\t']).len()
}

/// The end of the value starting at `at` on its line, and the comment after it.
pub(super) fn scan_value(
    text: &str,
    at: usize,
    line_end: usize,
) -> (usize, Option<std::ops::Range<usize>>) {
    let b = text.as_bytes();
    let after = match b[at] {
        b'"' | b'\'' => quoted_end(text, at, line_end),
        b'[' | b'{' => {
            let mut depth = 0usize;
            let mut i = at;
            let mut end = None;
            while i < line_end {
                match b[i] {
                    b'"' | b'\'' => match quoted_end(text, i, line_end) {
                        Some(e) => {
                            i = e;
                            continue;
                        }
                        None => break,
                    },
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            end
        }
        _ => None,
    };
    // Find a comment: `#` preceded by a space, after the quoted or flow part.
    let from = after.unwrap_or(at);
    let mut i = from;
    let mut comment = None;
    while i < line_end {
        if b[i] == b'#' && i > at && matches!(b[i - 1], b' ' | b'\t') {
            comment = Some(i);
            break;
        }
        i += 1;
    }
    let value_end = trim_end(text, at, comment.unwrap_or(line_end));
    (value_end, comment.map(|c| c..trim_end(text, c, line_end)))
}
