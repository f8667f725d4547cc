//! YAML front matter: locating fields with saphyr's event parser (spans), and writing values
//! in the style of the value they replace.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::Value;

use super::model::{
    fm_error_at, insert_position, line_end_no_eol, next_line_start, Doc, Entry, FmError, Patch,
    ValueStyle,
};
use super::{yaml_to_json, Split};
use crate::error::{Error, Result};

/// What the parser says about one value node.
#[derive(Debug, Clone, Copy)]
struct NodeInfo {
    style: ValueStyle,
    /// Tags, anchors, aliases or nested collections somewhere in the node.
    odd: bool,
}

/// The top-level fields of the YAML front matter, in file order, and whether two keys share a
/// line (a flow mapping as the whole front matter).
pub(crate) fn entries(text: &str, s: &Split) -> std::result::Result<(Vec<Entry>, bool), FmError> {
    let first = match entries_strict(text, s) {
        Ok(r) => return Ok(r),
        Err(e) => e,
    };
    // Jekyll's YAML reader (libyaml) accepts a quoted scalar whose continuation lines start at
    // column 0, which YAML 1.2 forbids; real posts have them. Read such a post through a
    // shadow copy with those lines indented by one space, then map the offsets back.
    let mut shadow = text.to_string();
    let mut inserted: Vec<usize> = Vec::new();
    let mut err = first.clone();
    for _ in 0..64 {
        if !err.message.contains("invalid indentation in quoted scalar") {
            return Err(first);
        }
        // The error points at the quoted scalar's opening quote: indent its continuation lines.
        let (line, col) = (err.line as usize, err.column as usize);
        let open = shadow
            .match_indices('\n')
            .nth(line.saturating_sub(2))
            .map(|(i, _)| i + 1)
            .filter(|_| line > 1)
            .unwrap_or(0);
        let open = open
            + shadow[open..]
                .char_indices()
                .nth(col.saturating_sub(1))
                .map(|(i, _)| i)
                .unwrap_or(0);
        let shifted_end = s.matter.end + inserted.len();
        let Some(close) = quoted_close(&shadow, open, shifted_end) else {
            return Err(first);
        };
        let starts: Vec<usize> = shadow[open..close]
            .match_indices('\n')
            .map(|(i, _)| open + i + 1)
            .filter(|&p| !shadow[p..].starts_with([' ', '\t', '\r', '\n']))
            .collect();
        if starts.is_empty() {
            return Err(first);
        }
        for p in starts.iter().rev() {
            shadow.insert(*p, ' ');
            for q in inserted.iter_mut() {
                if *q >= *p {
                    *q += 1;
                }
            }
        }
        for (n, p) in starts.iter().enumerate() {
            inserted.push(p + n);
        }
        let ss = Split {
            format: s.format,
            matter: s.matter.start..s.matter.end + inserted.len(),
            body: s.body.start + inserted.len()..s.body.end + inserted.len(),
        };
        match entries_strict(&shadow, &ss) {
            Ok((mut out, single)) => {
                let back = |o: usize| o - inserted.iter().filter(|&&p| p < o).count();
                for e in &mut out {
                    e.lines = back(e.lines.start)..back(e.lines.end);
                    e.sep_end = back(e.sep_end);
                    e.value = back(e.value.start)..back(e.value.end);
                    e.comment = e.comment.take().map(|c| back(c.start)..back(c.end));
                    // A field with shifted lines is multi-line, hence already raw-only.
                }
                return Ok((out, single));
            }
            Err(e) => err = e,
        }
    }
    Err(first)
}

type FmResult<T> = std::result::Result<T, FmError>;

/// Where the front matter's lines start, to turn saphyr's markers (line, column in
/// characters) into byte offsets of the whole file.
struct Lines<'t> {
    matter: &'t str,
    /// Offset of the front matter in the file.
    base: usize,
    /// Offsets of the front matter's line starts, relative to `base`.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn of(text: &'t str, s: &Split) -> Self {
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
    fn line_start(&self, line_idx: usize) -> usize {
        self.base + self.starts[line_idx]
    }

    /// The file offset of a 1-based line and a character column.
    fn to_byte(&self, line: usize, col: usize) -> usize {
        let ls = self.starts[(line.max(1) - 1).min(self.starts.len() - 1)];
        let l = &self.matter[ls..];
        let l = &l[..l.find('\n').map(|i| i + 1).unwrap_or(l.len())];
        self.base + ls + l.char_indices().nth(col).map(|(i, _)| i).unwrap_or(l.len())
    }

    fn start_of(&self, sp: &Span) -> usize {
        self.to_byte(sp.start.line(), sp.start.col())
    }
}

/// A top-level key as the event parser saw it.
struct Key {
    key: String,
    key_at: usize,
    /// 0-based line of the key in the front matter.
    line_idx: usize,
    info: NodeInfo,
}

fn entries_strict(text: &str, s: &Split) -> FmResult<(Vec<Entry>, bool)> {
    let lines = Lines::of(text, s);
    let events = parse_events(text, s, &lines)?;
    let Some(root) = root_mapping(text, &events, &lines)? else {
        return Ok((Vec::new(), false));
    };
    let (keys, single_line) = top_level_keys(text, &events, root, &lines)?;
    refuse_duplicate_keys(text, &keys)?;
    let values = values_as_json(text, &lines)?;
    if single_line || values.len() != keys.len() {
        // Either `{a: 1, b: 2}` on one line, or duplicate keys (reported by the caller).
        return Ok((inline_entries(text, &lines, &keys, &values), single_line));
    }
    let mut out = Vec::with_capacity(keys.len());
    for (n, k) in keys.iter().enumerate() {
        let limit = keys
            .get(n + 1)
            .map(|next| lines.line_start(next.line_idx))
            .unwrap_or(s.matter.end);
        out.push(entry(text, &lines, k, limit, values[n].clone())?);
    }
    Ok((out, false))
}

/// All the parser's events, or the first syntax error.
fn parse_events<'t>(text: &str, s: &Split, lines: &Lines<'t>) -> FmResult<Vec<(Event<'t>, Span)>> {
    let mut events = Vec::new();
    let mut parser = Parser::new_from_str(lines.matter);
    while let Some(r) = parser.next_event() {
        match r {
            Ok(ev) => events.push(ev),
            Err(e) => {
                let m = e.marker();
                let offset = lines.to_byte(m.line(), m.col());
                return Err(yaml_error(text, s, offset, e.info()));
            }
        }
    }
    Ok(events)
}

/// The index of the event that starts the front matter's mapping; `None` when it is empty.
/// Several documents, or a document that is not a mapping, are refused.
fn root_mapping(text: &str, events: &[(Event, Span)], lines: &Lines) -> FmResult<Option<usize>> {
    let docs = events
        .iter()
        .filter(|(e, _)| matches!(e, Event::DocumentStart(_)))
        .count();
    if docs > 1 {
        return Err(fm_error_at(
            text,
            lines.base,
            "the front matter holds several YAML documents: keep one list of `key: value` fields",
        ));
    }
    let Some(root) = events
        .iter()
        .position(|(e, _)| matches!(e, Event::DocumentStart(_)))
        .map(|i| i + 1)
    else {
        return Ok(None);
    };
    match &events[root].0 {
        Event::MappingStart(..) => Ok(Some(root)),
        Event::Scalar(v, ScalarStyle::Plain, 0, None) if v.is_empty() => Ok(None),
        _ => Err(fm_error_at(
            text,
            lines.start_of(&events[root].1),
            "the front matter is not a list of `key: value` fields",
        )),
    }
}

/// The mapping's keys in order, and whether two of them share a line.
fn top_level_keys(
    text: &str,
    events: &[(Event, Span)],
    root: usize,
    lines: &Lines,
) -> FmResult<(Vec<Key>, bool)> {
    let mut keys: Vec<Key> = Vec::new();
    let mut i = root + 1;
    let mut single_line = false;
    loop {
        let sp = events[i].1;
        match &events[i].0 {
            Event::MappingEnd => break,
            Event::Scalar(k, _, _, _) => {
                let line_idx = sp.start.line() - 1;
                if keys.last().is_some_and(|r| r.line_idx == line_idx) {
                    single_line = true;
                }
                let (next, info) = node(text, events, i + 1, &|l, c| lines.to_byte(l, c));
                keys.push(Key {
                    key: k.to_string(),
                    key_at: lines.start_of(&sp),
                    line_idx,
                    info,
                });
                i = next;
            }
            _ => {
                return Err(fm_error_at(
                    text,
                    lines.start_of(&sp),
                    "a key of the front matter is a list or a map: Postdesk only reads text keys; edit it as source",
                ));
            }
        }
    }
    Ok((keys, single_line))
}

fn refuse_duplicate_keys(text: &str, keys: &[Key]) -> FmResult<()> {
    for (n, r) in keys.iter().enumerate() {
        if let Some(first) = keys[..n].iter().find(|p| p.key == r.key) {
            return Err(fm_error_at(
                text,
                r.key_at,
                format!(
                    "the field `{}` is written twice (lines {} and {}): remove one of them",
                    r.key,
                    line_number(text, first.key_at),
                    line_number(text, r.key_at)
                ),
            ));
        }
    }
    Ok(())
}

/// The values as JSON, from saphyr's loader (same parser), in order.
fn values_as_json(text: &str, lines: &Lines) -> FmResult<Vec<Value>> {
    use saphyr::LoadableYamlNode;
    let docs = saphyr::Yaml::load_from_str(lines.matter)
        .map_err(|e| fm_error_at(text, lines.base, e.info().to_string()))?;
    Ok(match docs.first() {
        Some(saphyr::Yaml::Mapping(m)) => m.values().map(yaml_to_json).collect(),
        _ => Vec::new(),
    })
}

/// Read-only entries at their keys: for a front matter Postdesk cannot edit field by field.
fn inline_entries(text: &str, lines: &Lines, keys: &[Key], values: &[Value]) -> Vec<Entry> {
    keys.iter()
        .enumerate()
        .map(|(n, r)| {
            let ls = lines.line_start(r.line_idx);
            Entry {
                key: r.key.clone(),
                line: line_number(text, ls),
                lines: ls..ls,
                sep_end: r.key_at,
                value: r.key_at..r.key_at,
                inline: true,
                comment: None,
                style: r.info.style,
                json: values.get(n).cloned().unwrap_or(Value::Null),
                editable: false,
                indent: 0,
            }
        })
        .collect()
}

/// The entry of key `k`, whose lines end before `limit` (the next key's line, or the end of
/// the front matter).
fn entry(text: &str, lines: &Lines, k: &Key, limit: usize, json: Value) -> FmResult<Entry> {
    let line_start = lines.line_start(k.line_idx);
    let indent = k.key_at - line_start;
    let key_line_end = line_end_no_eol(text, line_start);
    let KeyLine {
        sep_end,
        value: on_key_line,
        comment,
    } = value_on_key_line(text, k, key_line_end)?;
    let (vstart, vend) = (on_key_line.start, on_key_line.end);
    let keep = matches!(k.info.style, ValueStyle::Literal | ValueStyle::Folded)
        && text[vstart..vend].contains('+');
    let last_line = last_content_line(text, line_start, limit, indent, k.info.style, keep);
    // Blank lines inside a block scalar are content only when more content follows.
    let entry_lines = line_start..next_line_start(text, last_line);
    let multi = entry_lines.end > next_line_start(text, line_start);
    let (value, inline) = if !multi {
        (vstart..vend, true)
    } else {
        let last_end = line_end_no_eol(text, last_line);
        if vend > vstart {
            (vstart..last_end, false)
        } else {
            (next_line_start(text, line_start)..last_end, false)
        }
    };
    let style = if k.info.style == ValueStyle::Plain && value.is_empty() {
        ValueStyle::Empty
    } else {
        k.info.style
    };
    Ok(Entry {
        key: k.key.clone(),
        line: line_number(text, line_start),
        lines: entry_lines,
        sep_end,
        value,
        inline,
        comment,
        style,
        json,
        editable: !k.info.odd && editable_style(style, inline),
        indent,
    })
}

/// What the key's line holds after the key.
struct KeyLine {
    /// The end of `key:`.
    sep_end: usize,
    /// The value's text on that line (empty for a block value).
    value: std::ops::Range<usize>,
    /// A comment at the end of that line.
    comment: Option<std::ops::Range<usize>>,
}

fn value_on_key_line(text: &str, k: &Key, key_line_end: usize) -> FmResult<KeyLine> {
    let Some(sep_end) = key_end(text, k.key_at, key_line_end) else {
        return Err(fm_error_at(
            text,
            k.key_at,
            format!(
                "cannot find the `:` after the key `{}`; edit it as source",
                k.key
            ),
        ));
    };
    let rest = &text[sep_end..key_line_end];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let vstart = sep_end + skipped;
    let (vend, comment) = if vstart == key_line_end || text[vstart..].starts_with('#') {
        (
            vstart,
            (vstart < key_line_end).then(|| vstart..trim_end(text, vstart, key_line_end)),
        )
    } else {
        scan_value(text, vstart, key_line_end)
    };
    Ok(KeyLine {
        sep_end,
        value: vstart..vend,
        comment,
    })
}

/// The start of the entry's last line: up to `limit`, less trailing blank and comment lines
/// (blank lines stay in a block scalar kept with `+`; indented comments in a block scalar are
/// its content).
fn last_content_line(
    text: &str,
    line_start: usize,
    limit: usize,
    indent: usize,
    style: ValueStyle,
    keep: bool,
) -> usize {
    let block_scalar = matches!(style, ValueStyle::Literal | ValueStyle::Folded);
    let mut last_line = line_start;
    let mut pos = next_line_start(text, line_start);
    while pos < limit {
        let content = &text[pos..line_end_no_eol(text, pos)];
        let trimmed = content.trim_start_matches([' ', '\t']);
        let line_indent = content.len() - trimmed.len();
        let trivia = if trimmed.is_empty() {
            !(block_scalar && keep)
        } else if trimmed.starts_with('#') {
            !block_scalar || line_indent <= indent
        } else {
            false
        };
        if !trivia {
            last_line = pos;
        }
        pos = next_line_start(text, pos);
    }
    last_line
}

/// Whether a value of this style can be edited in place (scalars and flow lists only on one line).
fn editable_style(style: ValueStyle, inline: bool) -> bool {
    match style {
        ValueStyle::Empty
        | ValueStyle::Plain
        | ValueStyle::SingleQuoted
        | ValueStyle::DoubleQuoted
        | ValueStyle::FlowSequence => inline,
        ValueStyle::Literal | ValueStyle::Folded | ValueStyle::BlockSequence => true,
        _ => false,
    }
}

fn line_number(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn yaml_error(text: &str, s: &Split, offset: usize, info: &str) -> FmError {
    let matter = &text[s.matter.clone()];
    // Tabs used for indentation are the most common cause of a confusing message: name them.
    let mut pos = s.matter.start;
    let lines = if info.contains("tab") { matter } else { "" };
    for l in lines.split_inclusive('\n') {
        let lead = l.len() - l.trim_start_matches([' ', '\t']).len();
        if l[..lead].contains('\t') && !l.trim().is_empty() {
            let mut e = fm_error_at(
                text,
                pos + l[..lead].find('\t').unwrap_or(0),
                "this line is indented with a tab; YAML allows only spaces for indentation",
            );
            e.message = format!("{} ({})", e.message, info);
            return e;
        }
        pos += l.len();
    }
    fm_error_at(text, offset, format!("YAML error: {info}"))
}

/// Consumes the node starting at event `i`; returns the index after it and what it is.
fn node(
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

/// Byte after the closing quote of a quoted scalar opening at `at`, across lines.
fn quoted_close(text: &str, at: usize, limit: usize) -> Option<usize> {
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
fn key_end(text: &str, at: usize, line_end: usize) -> Option<usize> {
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

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches([' ', '\t']).len()
}

/// The end of the value starting at `at` on its line, and the comment after it.
fn scan_value(text: &str, at: usize, line_end: usize) -> (usize, Option<std::ops::Range<usize>>) {
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

// ---------------------------------------------------------------------------------------------
// Writing values.

/// Quote style for new text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    Single,
    Double,
}

/// The quote style the post mostly uses (double when none).
fn usual_quote(text: &str, doc: &Doc) -> Quote {
    let (mut single, mut double) = (0, 0);
    for e in &doc.entries {
        match e.style {
            ValueStyle::SingleQuoted => single += 1,
            ValueStyle::DoubleQuoted => double += 1,
            ValueStyle::FlowSequence | ValueStyle::BlockSequence => {
                let raw = &text[e.value.clone()];
                single += raw.matches('\'').count() / 2;
                double += raw.matches('"').count() / 2;
            }
            _ => {}
        }
    }
    if single > double {
        Quote::Single
    } else {
        Quote::Double
    }
}

/// Would this text read back as this string when written plain?
pub(crate) fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim()
        || s.chars().any(|c| c.is_control() || c == '\u{feff}')
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
    {
        return false;
    }
    // In a flow collection a `-` after a space reads as the start of another scalar.
    if flow && (s.contains([',', '[', ']', '{', '}', ':']) || s.contains(" -")) {
        return false;
    }
    !resolves_to_non_string(s)
}

/// YAML 1.2 core schema (and the YAML 1.1 words Jekyll's reader still takes as booleans).
fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", ".inf", ".Inf",
        ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    let digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if let Some(h) = s.strip_prefix("0x") {
        return digits(h, 16);
    }
    if let Some(o) = s.strip_prefix("0o") {
        return digits(o, 8);
    }
    // Numbers: [-+]? ( . digits | digits ( . digits* )? ) ( [eE] [-+]? digits )?
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mant, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mant_ok = match mant.split_once('.') {
        Some((a, b)) => {
            (digits(a, 10) || a.is_empty())
                && (digits(b, 10) || b.is_empty())
                && !(a.is_empty() && b.is_empty())
        }
        None => digits(mant, 10),
    };
    let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    mant_ok && exp_ok
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn single_quoted_ok(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() || c == '\u{feff}')
}

fn quoted(s: &str, q: Quote) -> String {
    if q == Quote::Single && single_quoted_ok(s) {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        double_quoted(s)
    }
}

/// A string in the given old style (plain stays plain when it can).
fn string_in(s: &str, style: ValueStyle, usual: Quote, flow: bool) -> String {
    match style {
        ValueStyle::DoubleQuoted => double_quoted(s),
        ValueStyle::SingleQuoted => quoted(s, Quote::Single),
        _ if plain_ok(s, flow) => s.to_string(),
        // Plain that would not read back: quote minimally, in the post's usual quotes.
        _ if s.contains('\'') && usual == Quote::Single => double_quoted(s),
        _ => quoted(s, usual),
    }
}

/// A scalar or collection written inline (flow), strings in `item_style`.
fn flow_text(v: &Value, item_style: ValueStyle, usual: Quote, sep: &str, in_flow: bool) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_in(s, item_style, usual, in_flow),
        Value::Array(a) => {
            let items: Vec<String> = a
                .iter()
                .map(|x| flow_text(x, item_style, usual, sep, true))
                .collect();
            format!("[{}]", items.join(sep))
        }
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, x)| {
                    format!(
                        "{}: {}",
                        string_in(k, ValueStyle::Plain, usual, true),
                        flow_text(x, item_style, usual, sep, true)
                    )
                })
                .collect();
            format!("{{{}}}", items.join(sep))
        }
    }
}

/// The quote style used by the items of an old list (plain when none are quoted).
fn list_item_style(raw: &str) -> ValueStyle {
    let single = raw.matches('\'').count();
    let double = raw.matches('"').count();
    if double == 0 && single == 0 {
        ValueStyle::Plain
    } else if double >= single {
        ValueStyle::DoubleQuoted
    } else {
        ValueStyle::SingleQuoted
    }
}

/// A new value's text for the region after `key:`.
enum Rendered {
    /// Text that goes on the key's line.
    Inline(String),
    /// Lines below the key (already indented, no line breaks); `header` goes on the key line.
    Block { header: String, lines: Vec<String> },
}

fn render(text: &str, doc: &Doc, old: Option<&Entry>, v: &Value) -> Rendered {
    let usual = usual_quote(text, doc);
    let style = old.map(|e| e.style).unwrap_or(ValueStyle::Plain);
    let raw = old.map(|e| &text[e.value.clone()]).unwrap_or("");
    let indent = old
        .map(|e| e.indent)
        .unwrap_or_else(|| doc.entries.first().map(|e| e.indent).unwrap_or(0));
    match v {
        Value::Null => match style {
            ValueStyle::Plain if ["~", "null", "Null", "NULL"].contains(&raw) => {
                Rendered::Inline(raw.to_string())
            }
            _ => Rendered::Inline(String::new()),
        },
        Value::String(s) => {
            let body = s.trim_end_matches('\n');
            let multi = body.contains('\n');
            // More than one trailing line break would need `+` chomping, which takes in the
            // blank lines that follow: quote such a value instead.
            let block_ok = !s.is_empty()
                && !s.ends_with("\n\n")
                && !s.starts_with([' ', '\t', '\n'])
                && !s
                    .chars()
                    .any(|c| (c.is_control() && c != '\n') || c == '\u{feff}')
                && !body
                    .lines()
                    .any(|l| l.ends_with([' ', '\t']) && l.trim().is_empty());
            let as_block = match style {
                ValueStyle::Literal | ValueStyle::Folded => block_ok,
                ValueStyle::Plain | ValueStyle::Empty => multi && block_ok,
                _ => false,
            };
            if as_block {
                let folded = style == ValueStyle::Folded && !multi;
                let trailing = s.len() - s.trim_end_matches('\n').len();
                let chomp = match trailing {
                    0 => "-",
                    1 => "",
                    _ => "+",
                };
                let content_indent = raw
                    .lines()
                    .skip(1)
                    .find(|l| !l.trim().is_empty())
                    .map(|l| l.len() - l.trim_start().len())
                    .filter(|&n| n > indent)
                    .unwrap_or(indent + 2);
                let pad = " ".repeat(content_indent);
                let mut lines: Vec<String> = body
                    .split('\n')
                    .map(|l| {
                        if l.is_empty() {
                            String::new()
                        } else {
                            format!("{pad}{l}")
                        }
                    })
                    .collect();
                for _ in 1..trailing {
                    lines.push(String::new());
                }
                Rendered::Block {
                    header: format!("{}{chomp}", if folded { '>' } else { '|' }),
                    lines,
                }
            } else {
                Rendered::Inline(string_in(s, style, usual, false))
            }
        }
        Value::Array(items) if style == ValueStyle::BlockSequence => {
            let first = raw.lines().find(|l| l.trim_start().starts_with('-'));
            let prefix = first
                .map(|l| {
                    let lead = l.len() - l.trim_start().len();
                    let after = l[lead + 1..].len() - l[lead + 1..].trim_start().len();
                    format!("{}-{}", &l[..lead], " ".repeat(after.max(1)))
                })
                .unwrap_or_else(|| format!("{}- ", " ".repeat(indent + 2)));
            let item_style = list_item_style(raw);
            if items.is_empty() {
                return Rendered::Inline("[]".into());
            }
            let kept = old_items(raw, style, old.map(|e| &e.json));
            Rendered::Block {
                header: String::new(),
                lines: items
                    .iter()
                    .map(|x| {
                        let t = reuse(&kept, x)
                            .unwrap_or_else(|| flow_text(x, item_style, usual, ", ", false));
                        format!("{prefix}{t}")
                    })
                    .collect(),
            }
        }
        Value::Array(_) => {
            let (sep, pad) = if style == ValueStyle::FlowSequence {
                let sep = if raw.contains(", ") || !raw.contains(',') {
                    ", "
                } else {
                    ","
                };
                (sep, raw.starts_with("[ "))
            } else {
                (", ", false)
            };
            let item_style = if style == ValueStyle::FlowSequence {
                list_item_style(raw)
            } else {
                ValueStyle::Plain
            };
            let kept = old_items(raw, style, old.map(|e| &e.json));
            let t = match v {
                Value::Array(items) if !kept.is_empty() => {
                    let parts: Vec<String> = items
                        .iter()
                        .map(|x| {
                            reuse(&kept, x)
                                .unwrap_or_else(|| flow_text(x, item_style, usual, sep, true))
                        })
                        .collect();
                    format!("[{}]", parts.join(sep))
                }
                _ => flow_text(v, item_style, usual, sep, false),
            };
            Rendered::Inline(if pad && t.len() > 2 {
                format!("[ {} ]", &t[1..t.len() - 1])
            } else {
                t
            })
        }
        _ => Rendered::Inline(flow_text(v, ValueStyle::Plain, usual, ", ", false)),
    }
}

/// The old list's items as (value, source text), so unchanged items keep their exact text
/// (`'tauri'` stays single-quoted in `[rust, 'tauri']`). Empty when the list cannot be split
/// safely.
fn old_items(raw: &str, style: ValueStyle, old: Option<&Value>) -> Vec<(Value, String)> {
    let Some(Value::Array(values)) = old else {
        return Vec::new();
    };
    let texts: Vec<String> = match style {
        ValueStyle::FlowSequence => {
            let t = raw.trim();
            let Some(inner) = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) else {
                return Vec::new();
            };
            let mut parts = Vec::new();
            let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0usize);
            let mut chars = inner.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                match (quote, c) {
                    (Some('"'), '\\') => {
                        chars.next();
                    }
                    (Some(q), c) if c == q => {
                        if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                            chars.next();
                        } else {
                            quote = None;
                        }
                    }
                    (Some(_), _) => {}
                    (None, '"' | '\'') => quote = Some(c),
                    (None, '[' | '{') => depth += 1,
                    (None, ']' | '}') => depth -= 1,
                    (None, ',') if depth == 0 => {
                        parts.push(inner[start..i].trim().to_string());
                        start = i + 1;
                    }
                    (None, '#') => return Vec::new(),
                    _ => {}
                }
            }
            let last = inner[start..].trim();
            if !last.is_empty() {
                parts.push(last.to_string());
            }
            parts
        }
        ValueStyle::BlockSequence => {
            let mut parts = Vec::new();
            for l in raw.lines() {
                let t = l.trim();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                match t.strip_prefix('-') {
                    Some(item) if !item.contains('#') && !item.trim().is_empty() => {
                        parts.push(item.trim().to_string())
                    }
                    _ => return Vec::new(),
                }
            }
            parts
        }
        _ => return Vec::new(),
    };
    if texts.len() != values.len() {
        return Vec::new();
    }
    values.iter().cloned().zip(texts).collect()
}

fn reuse(kept: &[(Value, String)], v: &Value) -> Option<String> {
    kept.iter().find(|(k, _)| k == v).map(|(_, t)| t.clone())
}

fn key_text(key: &str) -> String {
    if plain_ok(key, true) {
        key.to_string()
    } else {
        double_quoted(key)
    }
}

/// The patch that sets `key` to `v`.
pub(crate) fn set_patch(
    text: &str,
    doc: &Doc,
    key: &str,
    v: &Value,
    order: &[String],
) -> Result<Patch> {
    let old = doc.find(key);
    let rendered = render(text, doc, old, v);
    Ok(patch_for(text, doc, key, old, rendered, order))
}

fn patch_for(
    text: &str,
    doc: &Doc,
    key: &str,
    old: Option<&Entry>,
    rendered: Rendered,
    order: &[String],
) -> Patch {
    let eol = doc.eol;
    let Some(e) = old else {
        // A new field.
        let end = doc.split.matter.end;
        let at = insert_position(doc, key, order, end);
        let pad = " ".repeat(doc.entries.first().map(|e| e.indent).unwrap_or(0));
        let mut line = format!("{pad}{}:", key_text(key));
        match rendered {
            Rendered::Inline(t) => {
                if !t.is_empty() {
                    line.push(' ');
                    line.push_str(&t);
                }
            }
            Rendered::Block { header, lines } => {
                if !header.is_empty() {
                    line.push(' ');
                    line.push_str(&header);
                }
                for l in lines {
                    line.push_str(eol);
                    line.push_str(&l);
                }
            }
        }
        line.push_str(eol);
        return Patch {
            range: at..at,
            with: line,
        };
    };
    let comment = e.comment.clone().map(|c| {
        // Keep the spaces before the comment as they were.
        let line_text = &text[..c.start];
        let gap_start = line_text.trim_end_matches([' ', '\t']).len().max(e.sep_end);
        &text[gap_start..c.end]
    });
    let key_line_end = line_end_no_eol(text, e.lines.start);
    match rendered {
        Rendered::Inline(t) if e.inline && !e.value.is_empty() => {
            // Only the value's bytes change.
            if t.is_empty() {
                Patch {
                    range: e.sep_end..e.value.end,
                    with: String::new(),
                }
            } else {
                Patch {
                    range: e.value.clone(),
                    with: t,
                }
            }
        }
        Rendered::Inline(t) if e.inline => {
            // An empty value: `key:` or `key:   # comment`.
            let end = e.comment.as_ref().map(|c| c.start).unwrap_or(key_line_end);
            let with = match (t.is_empty(), e.comment.is_some()) {
                (true, _) => text[e.sep_end..end].to_string(),
                (false, true) => format!(" {t} "),
                (false, false) => format!(" {t}"),
            };
            Patch {
                range: e.sep_end..end,
                with,
            }
        }
        rendered => {
            // Rewrite everything after `key:` to the entry's end, keeping the key line's comment.
            let end = line_end_no_eol(text, e.lines.end.saturating_sub(1).max(e.lines.start));
            let end = if e.lines.end > e.lines.start && text.as_bytes()[e.lines.end - 1] == b'\n' {
                line_end_no_eol(text, prev_line_start(text, e.lines.end))
            } else {
                end
            };
            let mut with = String::new();
            match rendered {
                Rendered::Inline(t) => {
                    if !t.is_empty() {
                        with.push(' ');
                        with.push_str(&t);
                    }
                    if let Some(c) = comment {
                        with.push_str(if c.starts_with([' ', '\t']) { c } else { " " });
                        if !c.starts_with([' ', '\t']) {
                            with.push_str(c);
                        }
                    }
                }
                Rendered::Block { header, lines } => {
                    if !header.is_empty() {
                        with.push(' ');
                        with.push_str(&header);
                    }
                    if let Some(c) = comment {
                        if !c.starts_with([' ', '\t']) {
                            with.push(' ');
                        }
                        with.push_str(c);
                    }
                    for l in lines {
                        with.push_str(eol);
                        with.push_str(&l);
                    }
                }
            }
            Patch {
                range: e.sep_end..end,
                with,
            }
        }
    }
}

/// Start of the line before the one starting at `line_start_after`.
fn prev_line_start(text: &str, line_start_after: usize) -> usize {
    let before = &text[..line_start_after.saturating_sub(1)];
    before.rfind('\n').map(|i| i + 1).unwrap_or(0)
}

/// The patch that writes `raw` as the value of `key`.
pub(crate) fn raw_patch(
    text: &str,
    doc: &Doc,
    key: &str,
    raw: &str,
    order: &[String],
) -> Result<Patch> {
    let eol = doc.eol;
    let rendered = if raw.starts_with([' ', '\t']) || raw.contains('\n') && raw.starts_with('-') {
        Rendered::Block {
            header: String::new(),
            lines: raw
                .trim_end_matches(['\n', '\r'])
                .split(eol)
                .map(str::to_string)
                .collect(),
        }
    } else if let Some((first, rest)) = raw.split_once(eol) {
        Rendered::Block {
            header: first.to_string(),
            lines: rest
                .trim_end_matches(['\n', '\r'])
                .split(eol)
                .map(str::to_string)
                .collect(),
        }
    } else {
        Rendered::Inline(raw.to_string())
    };
    if raw.trim().is_empty() && raw.contains('\n') {
        return Err(Error::invalid("the raw value is empty"));
    }
    Ok(patch_for(text, doc, key, doc.find(key), rendered, order))
}
