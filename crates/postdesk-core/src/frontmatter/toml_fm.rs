//! TOML front matter (Hugo, Zola): fields located with toml_edit's spanned document, values
//! written in the style of the value they replace. Only the value's bytes change, so the key,
//! the spaces around `=` and the comment after the value (toml_edit's decor) stay as they are.

use serde_json::Value;

use super::model::{
    fm_error_at, insert_position, line_end_no_eol, next_line_start, Doc, Entry, FmError, Patch,
    ValueStyle,
};
use super::Split;
use crate::error::{Error, Result};

pub(crate) fn entries(text: &str, s: &Split) -> std::result::Result<Vec<Entry>, FmError> {
    let base = s.matter.start;
    let matter = &text[s.matter.clone()];
    let doc = toml_edit::Document::parse(matter.to_string()).map_err(|e| {
        let at = e.span().map(|r| r.start).unwrap_or(0);
        fm_error_at(
            text,
            base + at,
            format!("TOML error: {}", e.message().trim_end()),
        )
    })?;
    let json = super::read_toml(matter).map_err(|e| fm_error_at(text, base, e.message))?;
    let table = doc.as_table();
    // Where the first `[table]` header starts: fields after it belong to that table.
    let mut out: Vec<Entry> = Vec::new();
    for (k, item) in table.iter() {
        let Some((key, _)) = table.get_key_value(k) else {
            continue;
        };
        let key_at = base + key.span().map(|r| r.start).unwrap_or(0);
        let line_start = text[..key_at].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let json_value = json.get(k).cloned().unwrap_or(Value::Null);
        match item {
            toml_edit::Item::Value(v) => {
                let Some(span) = v.span() else { continue };
                let value = base + span.start..base + span.end;
                let raw = &text[value.clone()];
                let last_line_end = line_end_no_eol(text, value.end);
                let rest = &text[value.end..last_line_end];
                let comment = rest.find('#').map(|i| {
                    let c = value.end + i;
                    c..c + text[c..last_line_end].trim_end().len()
                });
                let sep_end = text[key_at..value.start]
                    .find('=')
                    .map(|i| key_at + i + 1)
                    .unwrap_or(value.start);
                let inline = !raw.contains('\n');
                let style = match v {
                    toml_edit::Value::String(_)
                        if raw.starts_with("\"\"\"") || raw.starts_with("'''") =>
                    {
                        ValueStyle::MultilineString
                    }
                    toml_edit::Value::String(_) if raw.starts_with('\'') => {
                        ValueStyle::SingleQuoted
                    }
                    toml_edit::Value::String(_) => ValueStyle::DoubleQuoted,
                    toml_edit::Value::Datetime(_) => ValueStyle::Datetime,
                    toml_edit::Value::Array(_) => ValueStyle::FlowSequence,
                    toml_edit::Value::InlineTable(_) => ValueStyle::FlowMapping,
                    _ => ValueStyle::Plain,
                };
                let editable = match v {
                    toml_edit::Value::Array(a) => {
                        inline
                            && a.iter().all(|x| {
                                !matches!(
                                    x,
                                    toml_edit::Value::Array(_) | toml_edit::Value::InlineTable(_)
                                )
                            })
                    }
                    toml_edit::Value::InlineTable(_) => false,
                    _ => true,
                };
                out.push(Entry {
                    key: k.to_string(),
                    line: line_number(text, line_start),
                    lines: line_start..next_line_start(text, value.end),
                    sep_end,
                    value,
                    inline,
                    comment,
                    style,
                    json: json_value,
                    editable,
                    indent: key_at - line_start,
                });
            }
            _ => {
                // `[table]`, `[[array]]` or dotted keys: shown raw, edited as source.
                let start = item.span().map(|r| base + r.start).unwrap_or(line_start);
                let start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
                let end = section_end(text, start, s.matter.end);
                out.push(Entry {
                    key: k.to_string(),
                    line: line_number(text, start),
                    lines: start..start,
                    sep_end: start,
                    value: start..line_end_no_eol(text, end.saturating_sub(1).max(start)),
                    inline: false,
                    comment: None,
                    style: ValueStyle::BlockMapping,
                    json: json_value,
                    editable: false,
                    indent: 0,
                });
            }
        }
    }
    out.sort_by_key(|e| e.lines.start.max(e.value.start));
    Ok(out)
}

/// End of a `[table]` section: the next header line, less trailing blank lines.
fn section_end(text: &str, start: usize, limit: usize) -> usize {
    let mut pos = next_line_start(text, start);
    let mut end = pos;
    while pos < limit {
        let l = text[pos..line_end_no_eol(text, pos)].trim();
        if l.starts_with('[') {
            break;
        }
        pos = next_line_start(text, pos);
        if !l.is_empty() {
            end = pos;
        }
    }
    end
}

fn line_number(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn basic(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn string_in(s: &str, style: ValueStyle, old_raw: &str) -> String {
    let literal_ok = !s.contains('\'') && !s.chars().any(|c| c.is_control());
    match style {
        ValueStyle::SingleQuoted if literal_ok => format!("'{s}'"),
        ValueStyle::Datetime if s.parse::<toml_edit::Datetime>().is_ok() => s.to_string(),
        ValueStyle::MultilineString
            if !s.contains("'''")
                && !s.chars().any(|c| c.is_control() && c != '\n')
                && old_raw.starts_with("'''") =>
        {
            let nl = if old_raw[3..].starts_with(['\n', '\r']) {
                "\n"
            } else {
                ""
            };
            format!("'''{nl}{s}'''")
        }
        ValueStyle::MultilineString => {
            let nl = if old_raw[3..].starts_with(['\n', '\r']) {
                "\n"
            } else {
                ""
            };
            let body = basic(s);
            let body = body[1..body.len() - 1].replace("\\n", "\n");
            format!("\"\"\"{nl}{body}\"\"\"")
        }
        _ => basic(s),
    }
}

fn key_text(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        basic(k)
    }
}

fn value_text(v: &Value, style: ValueStyle, raw: &str) -> Result<String> {
    Ok(match v {
        Value::Null => {
            return Err(Error::invalid(
                "TOML has no empty value: remove the field instead (`fm unset`)",
            ))
        }
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_in(s, style, raw),
        Value::Array(items) => {
            let sep = if raw.contains(", ") || !raw.contains(',') {
                ", "
            } else {
                ","
            };
            let item_style = if raw.matches('\'').count() > raw.matches('"').count() {
                ValueStyle::SingleQuoted
            } else {
                ValueStyle::DoubleQuoted
            };
            let parts: Result<Vec<String>> = items
                .iter()
                .map(|x| value_text(x, item_style, ""))
                .collect();
            format!("[{}]", parts?.join(sep))
        }
        Value::Object(m) => {
            let parts: Result<Vec<String>> = m
                .iter()
                .map(|(k, x)| {
                    Ok(format!(
                        "{} = {}",
                        key_text(k),
                        value_text(x, ValueStyle::DoubleQuoted, "")?
                    ))
                })
                .collect();
            if m.is_empty() {
                "{}".to_string()
            } else {
                format!("{{ {} }}", parts?.join(", "))
            }
        }
    })
}

/// Where a new field goes when no usual order applies: after the last top-level value, before
/// any `[table]`.
fn fallback_position(doc: &Doc) -> usize {
    if let Some(last) = doc
        .entries
        .iter()
        .rev()
        .find(|e| e.lines.end > e.lines.start)
    {
        return last.lines.end;
    }
    doc.entries
        .iter()
        .map(|e| e.value.start)
        .min()
        .unwrap_or(doc.split.matter.end)
}

fn values_only(doc: &Doc) -> Doc {
    let mut d = doc.clone();
    d.entries.retain(|e| e.lines.end > e.lines.start);
    d
}

pub(crate) fn set_patch(
    text: &str,
    doc: &Doc,
    key: &str,
    v: &Value,
    order: &[String],
) -> Result<Patch> {
    match doc.find(key) {
        Some(e) if e.lines.is_empty() => Err(Error::front_matter(format!(
            "`{key}` is a TOML table: edit it as source"
        ))),
        Some(e) => Ok(Patch {
            range: e.value.clone(),
            with: value_text(v, e.style, &text[e.value.clone()])?,
        }),
        None => new_field(
            doc,
            key,
            &value_text(v, ValueStyle::DoubleQuoted, "")?,
            order,
        ),
    }
}

fn new_field(doc: &Doc, key: &str, value: &str, order: &[String]) -> Result<Patch> {
    let at = insert_position(&values_only(doc), key, order, fallback_position(doc));
    Ok(Patch {
        range: at..at,
        with: format!("{} = {value}{}", key_text(key), doc.eol),
    })
}

pub(crate) fn raw_patch(
    _text: &str,
    doc: &Doc,
    key: &str,
    raw: &str,
    order: &[String],
) -> Result<Patch> {
    match doc.find(key) {
        Some(e) if e.lines.is_empty() => Err(Error::front_matter(format!(
            "`{key}` is a TOML table: edit it as source"
        ))),
        Some(e) => Ok(Patch {
            range: e.value.clone(),
            with: raw.trim().to_string(),
        }),
        None => new_field(doc, key, raw.trim(), order),
    }
}
