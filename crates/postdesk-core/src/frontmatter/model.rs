//! The lossless model of a post's front matter and the in-place edits.
//!
//! The model is the post's own text plus, for every top-level field, the byte ranges of its
//! lines, its value and its comment, found with a conformant parser (saphyr's event parser for
//! YAML, toml_edit's spanned document for TOML). Nothing is ever re-serialised: an edit splices
//! the new value's text over the old value's bytes and leaves every other byte alone. Every edit
//! then re-parses the result and checks that the edited field holds the requested value and that
//! every other field is unchanged; otherwise it is refused and nothing is written.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::{line_col, split, Format, Split};
use crate::error::{Error, Result};

/// How a value is written in the file. YAML styles first, then TOML ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ValueStyle {
    /// Nothing after the key (`thumbnail:`): null.
    Empty,
    /// A plain YAML scalar (`true`, `php`, `2022-10-28`), or a TOML number or boolean.
    Plain,
    /// `'text'`.
    SingleQuoted,
    /// `"text"`.
    DoubleQuoted,
    /// A `|` block scalar.
    Literal,
    /// A `>` block scalar.
    Folded,
    /// `[a, b]` (YAML flow sequence or TOML array).
    FlowSequence,
    /// Lines of `- item`.
    BlockSequence,
    /// `{a: 1}` (YAML flow mapping or TOML inline table).
    FlowMapping,
    /// An indented `key: value` block (YAML) or a `[table]` (TOML).
    BlockMapping,
    /// `*anchor`.
    Alias,
    /// A TOML `"basic"` string is `double_quoted`, a `'literal'` one `single_quoted`;
    /// `"""` / `'''` strings are this.
    MultilineString,
    /// A TOML date or time written bare.
    Datetime,
}

/// One top-level field, in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldView {
    pub key: String,
    /// The value as JSON (YAML 1.2 core schema / TOML; dates as written).
    pub value: Value,
    /// The value's source text exactly as in the file (without the key and the comment on the
    /// key's line). For a block value (lines below the key) it starts at the next line,
    /// indentation included.
    pub raw: String,
    /// 1-based line of the key in the whole file.
    pub line: u32,
    pub style: ValueStyle,
    /// The comment on the key's line, `#` included.
    pub comment: Option<String>,
    /// `false` for values the form does not understand (nested maps, tags, anchors, aliases,
    /// multi-line plain or quoted scalars): show `raw` and edit it with `set_raw`.
    pub editable: bool,
}

/// A front matter that does not parse, or a field the model refuses (duplicate key…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FmError {
    pub message: String,
    /// 1-based line in the whole file.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}

/// What the form shows for a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FrontMatterView {
    /// `None` when the post has no front matter (adding a field creates a YAML block).
    pub format: Option<Format>,
    /// The fields in file order; empty when `error` is set.
    pub fields: Vec<FieldView>,
    /// The front matter's source text between the fences (for the "Source" view).
    pub source: String,
    /// Set when the front matter cannot be read: show the source with this message.
    pub error: Option<FmError>,
}

/// A field located in the post's text. All ranges are byte ranges into the whole text.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub key: String,
    /// 1-based line of the key in the whole file.
    pub line: usize,
    /// The entry's lines, from the start of the key's line to after the last line's break.
    pub lines: Range<usize>,
    /// Just after the `:` (YAML) or `=` (TOML).
    pub sep_end: usize,
    /// The value's text (may be empty).
    pub value: Range<usize>,
    /// The value sits on the key's line only.
    pub inline: bool,
    /// The comment on the key's line (`#` to the end of its text, trailing spaces excluded).
    pub comment: Option<Range<usize>>,
    pub style: ValueStyle,
    pub json: Value,
    pub editable: bool,
    /// Column (0-based, bytes) of the key: the indentation of the mapping.
    pub indent: usize,
}

/// A parsed post.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    pub split: Split,
    pub entries: Vec<Entry>,
    /// `"\r\n"` when the post uses CRLF line breaks.
    pub eol: &'static str,
    /// Set when two keys share a line (a `{…}` front matter): edits are refused.
    pub single_line: bool,
}

impl Doc {
    pub fn find(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// An error at a byte offset of the text.
pub(crate) fn fm_error_at(text: &str, offset: usize, message: impl Into<String>) -> FmError {
    let (line, column) = line_col(text, offset);
    FmError {
        message: message.into(),
        line: line as u32,
        column: column as u32,
    }
}

fn eol_of(text: &str) -> &'static str {
    if let Some(i) = text.find('\n') {
        if i > 0 && text.as_bytes()[i - 1] == b'\r' {
            return "\r\n";
        }
    }
    "\n"
}

/// Parses the post. Errors carry the line and column in the whole file.
pub(crate) fn parse(text: &str) -> std::result::Result<Doc, FmError> {
    let s = split(text).map_err(|e| FmError {
        message: e.message,
        line: 1,
        column: 1,
    })?;
    let eol = eol_of(text);
    let (entries, single_line) = match s.format {
        None => (Vec::new(), false),
        Some(Format::Yaml) => super::yaml::entries(text, &s)?,
        Some(Format::Toml) => (super::toml_fm::entries(text, &s)?, false),
    };
    for (i, e) in entries.iter().enumerate() {
        if let Some(first) = entries[..i].iter().find(|p| p.key == e.key) {
            return Err(FmError {
                message: format!(
                    "the field `{}` is written twice (lines {} and {}): remove one of them",
                    e.key, first.line, e.line
                ),
                line: e.line as u32,
                column: 1,
            });
        }
    }
    Ok(Doc {
        split: s,
        entries,
        eol,
        single_line,
    })
}

/// The front matter of a post as the form shows it. Never fails: a broken front matter gives
/// an empty field list and `error`.
pub fn view(text: &str) -> FrontMatterView {
    match parse(text) {
        Ok(doc) => FrontMatterView {
            format: doc.split.format,
            source: text[doc.split.matter.clone()].to_string(),
            fields: doc
                .entries
                .iter()
                .map(|e| FieldView {
                    key: e.key.clone(),
                    value: e.json.clone(),
                    raw: text[e.value.clone()].to_string(),
                    line: e.line as u32,
                    style: e.style,
                    comment: e.comment.clone().map(|r| text[r].to_string()),
                    editable: e.editable,
                })
                .collect(),
            error: None,
        },
        Err(error) => {
            let (format, source) = match split(text) {
                Ok(s) => (s.format, text[s.matter].to_string()),
                Err(_) => (detect_format(text), String::new()),
            };
            FrontMatterView {
                format,
                fields: Vec::new(),
                source,
                error: Some(error),
            }
        }
    }
}

fn detect_format(text: &str) -> Option<Format> {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if t.starts_with("---") {
        Some(Format::Yaml)
    } else if t.starts_with("+++") {
        Some(Format::Toml)
    } else {
        None
    }
}

fn parse_for_edit(text: &str) -> Result<Doc> {
    let doc = parse(text).map_err(|e| {
        Error::front_matter(format!(
            "{} (line {}, column {}); fix the front matter's source before editing fields",
            e.message, e.line, e.column
        ))
    })?;
    if doc.single_line {
        return Err(Error::front_matter(
            "this front matter is written as a single `{…}` map: edit it as source",
        ));
    }
    Ok(doc)
}

/// What the edited field must hold after the edit.
enum Expect<'a> {
    Value(&'a Value),
    Removed,
    Present,
}

/// Re-parses the edited text and checks it: the body and every other field unchanged, the
/// edited field as requested. Returns the new text.
fn verify(
    old: &Doc,
    old_text: &str,
    new_text: String,
    key: &str,
    expect: Expect,
) -> Result<String> {
    let new = parse(&new_text).map_err(|e| {
        Error::front_matter(format!(
            "this change would make the front matter invalid ({} at line {}, column {}); nothing was changed",
            e.message, e.line, e.column
        ))
    })?;
    if old_text[old.split.body.clone()] != new_text[new.split.body.clone()] {
        return Err(Error::front_matter(
            "internal check failed: the edit would change the post's body; nothing was changed",
        ));
    }
    let others = |d: &Doc| -> Vec<(String, Value)> {
        d.entries
            .iter()
            .filter(|e| e.key != key)
            .map(|e| (e.key.clone(), e.json.clone()))
            .collect()
    };
    if others(old) != others(&new) {
        return Err(Error::front_matter(format!(
            "internal check failed: changing `{key}` would change other fields; nothing was changed"
        )));
    }
    let got = new.find(key);
    let ok = match expect {
        Expect::Value(v) => got.is_some_and(|e| &e.json == v),
        Expect::Removed => got.is_none(),
        Expect::Present => got.is_some(),
    };
    if !ok {
        return Err(Error::front_matter(format!(
            "internal check failed: `{key}` would not read back as written; nothing was changed"
        )));
    }
    Ok(new_text)
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    out
}

/// A replacement of `range` by `with` in the text.
pub(crate) struct Patch {
    pub range: Range<usize>,
    pub with: String,
}

/// Where a new field goes: after the nearest field that `order` lists before it, else before
/// the nearest one it lists after it, else at `fallback`.
pub(crate) fn insert_position(doc: &Doc, key: &str, order: &[String], fallback: usize) -> usize {
    if let Some(i) = order.iter().position(|k| k == key) {
        for k in order[..i].iter().rev() {
            if let Some(e) = doc.find(k) {
                return e.lines.end;
            }
        }
        for k in &order[i + 1..] {
            if let Some(e) = doc.find(k) {
                return e.lines.start;
            }
        }
    }
    fallback
}

/// Returns `text` with an empty front matter block of `format` when it has none.
pub fn ensure_block(text: &str, format: Format) -> Result<String> {
    let s = split(text)?;
    if s.format.is_some() {
        return Ok(text.to_string());
    }
    let eol = eol_of(text);
    let fence = match format {
        Format::Yaml => "---",
        Format::Toml => "+++",
    };
    Ok(splice(
        text,
        s.body.start..s.body.start,
        &format!("{fence}{eol}{fence}{eol}"),
    ))
}

fn with_block(text: &str) -> Result<String> {
    ensure_block(text, Format::Yaml)
}

/// Sets `key` to `value`, in place: an existing field keeps its place, its quoting style and
/// its comment; a new field goes where `order` (the site's usual key order) puts it, else at
/// the end; a post without front matter gets a YAML block. Refuses (error, text unchanged) an
/// edit whose result would not parse or would read back differently.
pub fn set_value(text: &str, key: &str, value: &Value, order: &[String]) -> Result<String> {
    let text = with_block(text)?;
    let doc = parse_for_edit(&text)?;
    if doc.find(key).is_some_and(|e| &e.json == value) {
        return Ok(text);
    }
    let patch = match doc.split.format {
        Some(Format::Toml) => super::toml_fm::set_patch(&text, &doc, key, value, order)?,
        _ => super::yaml::set_patch(&text, &doc, key, value, order)?,
    };
    let new_text = splice(&text, patch.range, &patch.with);
    verify(&doc, &text, new_text, key, Expect::Value(value))
}

/// Parses a YAML flow value (`[a, b]`, `true`, `"Un titre : avec deux-points"`, `2022-10-28`)
/// to JSON, as the CLI's `KEY=VALUE` does.
pub fn parse_flow(flow: &str) -> Result<Value> {
    use saphyr::LoadableYamlNode;
    let probe = format!("v: {flow}\n");
    let bad = |why: &str| {
        Error::invalid(format!(
            "`{flow}` is not a YAML value ({why}); quote text that contains `: `, ` #`, `[` or `,`, e.g. title=\"A: b\""
        ))
    };
    let docs = saphyr::Yaml::load_from_str(&probe).map_err(|e| bad(e.info()))?;
    match docs.first().map(super::yaml_to_json) {
        Some(Value::Object(m)) if m.len() == 1 => Ok(m.get("v").cloned().unwrap_or(Value::Null)),
        _ => Err(bad("not a single value")),
    }
}

/// [`set_value`] with the value given as YAML flow text.
pub fn set_flow(text: &str, key: &str, flow: &str, order: &[String]) -> Result<String> {
    set_value(text, key, &parse_flow(flow)?, order)
}

/// Replaces a field's value with `raw` source text, as written (the raw editor). `raw` is in
/// [`FieldView::raw`]'s form: text on the key's line, or indented lines for a block value.
/// A missing field is added like [`set_value`] does.
pub fn set_raw(text: &str, key: &str, raw: &str, order: &[String]) -> Result<String> {
    let text = with_block(text)?;
    let doc = parse_for_edit(&text)?;
    if doc.find(key).is_some_and(|e| text[e.value.clone()] == *raw) {
        return Ok(text);
    }
    let raw = raw.replace("\r\n", "\n").replace('\n', doc.eol);
    let patch = match doc.split.format {
        Some(Format::Toml) => super::toml_fm::raw_patch(&text, &doc, key, &raw, order)?,
        _ => super::yaml::raw_patch(&text, &doc, key, &raw, order)?,
    };
    let new_text = splice(&text, patch.range, &patch.with);
    verify(&doc, &text, new_text, key, Expect::Present)
}

/// Removes a field: only its own lines (a block list's item lines included). Removing a field
/// that is not there is not an error (the text comes back unchanged).
pub fn unset(text: &str, key: &str) -> Result<String> {
    let doc = parse_for_edit(text)?;
    let Some(e) = doc.find(key) else {
        return Ok(text.to_string());
    };
    if e.lines.is_empty() {
        return Err(Error::front_matter(format!(
            "`{key}` is a TOML table: remove it in the source"
        )));
    }
    let new_text = splice(text, e.lines.clone(), "");
    verify(&doc, text, new_text, key, Expect::Removed)
}

/// Replaces the whole front matter's source (the "Source" view). Refused unless it parses
/// (duplicates included). Creates a YAML block when the post has none.
pub fn set_source(text: &str, source: &str) -> Result<String> {
    let text = with_block(text)?;
    let s = split(&text)?;
    let eol = eol_of(&text);
    let mut src = source.replace("\r\n", "\n").replace('\n', eol);
    if !src.is_empty() && !src.ends_with('\n') {
        src.push_str(eol);
    }
    let new_text = splice(&text, s.matter.clone(), &src);
    match parse(&new_text) {
        Ok(d) if text[s.body.clone()] == new_text[d.split.body.clone()] => Ok(new_text),
        Ok(_) => Err(Error::front_matter(
            "the source contains a closing fence line; nothing was changed",
        )),
        Err(e) => Err(Error::front_matter(format!(
            "{} (line {}, column {}); nothing was changed",
            e.message, e.line, e.column
        ))),
    }
}

/// End of the line containing `pos`, before its line break.
pub(crate) fn line_end_no_eol(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    let n = rest.find('\n').unwrap_or(rest.len());
    let mut end = pos + n;
    if end > pos && text.as_bytes()[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

/// The byte after the line break of the line containing `pos` (or the text's end).
pub(crate) fn next_line_start(text: &str, pos: usize) -> usize {
    text[pos..]
        .find('\n')
        .map(|i| pos + i + 1)
        .unwrap_or(text.len())
}
