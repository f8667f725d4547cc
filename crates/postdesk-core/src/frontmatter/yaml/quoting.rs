//! Scalars in new text: the quote style a post uses, when a string can stay plain, and
//! strings and flow collections written in a given style.

use serde_json::Value;

use super::super::model::{Doc, ValueStyle};

/// Quote style for new text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Quote {
    Single,
    Double,
}

/// The quote style the post mostly uses (double when none).
pub(super) fn usual_quote(text: &str, doc: &Doc) -> Quote {
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
pub(super) fn plain_ok(s: &str, flow: bool) -> bool {
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

pub(super) fn double_quoted(s: &str) -> String {
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
pub(super) fn string_in(s: &str, style: ValueStyle, usual: Quote, flow: bool) -> String {
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
pub(super) fn flow_text(
    v: &Value,
    item_style: ValueStyle,
    usual: Quote,
    sep: &str,
    in_flow: bool,
) -> String {
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
pub(super) fn list_item_style(raw: &str) -> ValueStyle {
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
