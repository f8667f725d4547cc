//! A new value's text, in the style of the value it replaces: block scalars, block and flow
//! lists whose unchanged items keep their exact text.

use serde_json::Value;

use super::super::model::{Doc, Entry, ValueStyle};
use super::quoting::{flow_text, list_item_style, string_in, usual_quote};

/// A new value's text for the region after `key:`.
pub(super) enum Rendered {
    /// Text that goes on the key's line.
    Inline(String),
    /// Lines below the key (already indented, no line breaks); `header` goes on the key line.
    Block { header: String, lines: Vec<String> },
}

pub(super) fn render(text: &str, doc: &Doc, old: Option<&Entry>, v: &Value) -> Rendered {
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
