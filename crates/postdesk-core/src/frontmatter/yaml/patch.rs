//! The lossless edits: the patch that writes a value (or raw YAML) after `key:`, or a new
//! field at its usual place, keeping the key line's comment.

use serde_json::Value;

use super::super::model::{insert_position, line_end_no_eol, Doc, Entry, Patch};
use super::quoting::{double_quoted, plain_ok};
use super::render::{render, Rendered};
use crate::error::{Error, Result};

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
