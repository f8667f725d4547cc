//! Reading the YAML front matter into entries: each top-level field's key, value, lines,
//! comment and style, as byte ranges, with the errors a writer can act on.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::Value;

use super::super::model::{
    fm_error_at, line_end_no_eol, next_line_start, Entry, FmError, ValueStyle,
};
use super::super::{yaml_to_json, Split};
use super::events::{node, Lines, NodeInfo};
use super::scan::{key_end, quoted_close, scan_value, trim_end};

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
