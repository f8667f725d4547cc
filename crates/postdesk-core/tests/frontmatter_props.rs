//! Property tests over generated front matter: byte-identical round trip, set-then-get, and
//! edits that leave every other line identical.

use postdesk_core::frontmatter;
use proptest::prelude::*;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
enum Field {
    Plain(String),
    Double(String),
    Single(String),
    Flow(Vec<String>),
    Block(Vec<String>),
    Empty,
    Bool(bool),
    Int(i64),
}

fn word() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,8}"
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 :#'\"\\\\,\\[\\]{}éà’-]{0,24}"
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        word().prop_map(|w| Field::Plain(format!("{w} words"))),
        text().prop_map(Field::Double),
        text().prop_map(Field::Single),
        prop::collection::vec(word(), 0..4).prop_map(Field::Flow),
        prop::collection::vec(word(), 1..4).prop_map(Field::Block),
        Just(Field::Empty),
        any::<bool>().prop_map(Field::Bool),
        (-1000i64..1000).prop_map(Field::Int),
    ]
}

fn dq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A post: fields with optional comments, blank and comment lines, CRLF or LF, maybe a BOM,
/// maybe trailing spaces.
fn post() -> impl Strategy<Value = (String, usize)> {
    (
        prop::collection::vec((field(), any::<bool>(), 0u8..4, any::<bool>()), 1..8),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(fields, crlf, bom)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut t = String::new();
            if bom {
                t.push('\u{feff}');
            }
            t.push_str("---");
            t.push_str(eol);
            for (i, (f, comment, extra, trailing)) in fields.iter().enumerate() {
                let key = format!("k{i}");
                let c = if *comment { " # note: x" } else { "" };
                let sp = if *trailing { "  " } else { "" };
                let line = match f {
                    Field::Plain(s) => format!("{key}: {s}{c}{sp}"),
                    Field::Double(s) => format!("{key}: {}{c}{sp}", dq(s)),
                    Field::Single(s) => format!("{key}: '{}'{c}{sp}", s.replace('\'', "''")),
                    Field::Flow(v) => format!("{key}: [{}]{c}{sp}", v.join(", ")),
                    Field::Block(v) => {
                        let items: Vec<String> = v.iter().map(|w| format!("  - {w}")).collect();
                        format!("{key}:{c}{eol}{}", items.join(eol))
                    }
                    Field::Empty => format!("{key}:{c}{sp}"),
                    Field::Bool(b) => format!("{key}: {b}{c}{sp}"),
                    Field::Int(n) => format!("{key}: {n}{c}{sp}"),
                };
                t.push_str(&line);
                t.push_str(eol);
                match extra {
                    1 => t.push_str(eol),
                    2 => {
                        t.push_str("# a comment line");
                        t.push_str(eol);
                    }
                    _ => {}
                }
            }
            t.push_str("---");
            t.push_str(eol);
            t.push_str("Body: with *markdown*");
            t.push_str(eol);
            (t, fields.len())
        })
}

fn new_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        text().prop_map(Value::String),
        "[a-zA-Z0-9 :#'\"éà\n-]{1,30}".prop_map(Value::String),
        prop::collection::vec(text(), 0..4).prop_map(|v| json!(v)),
        any::<bool>().prop_map(Value::Bool),
        (-10_000i64..10_000).prop_map(|n| json!(n)),
        Just(Value::Null),
    ]
}

/// Start of the 1-based line `n`.
fn line_start(t: &str, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    t.match_indices('\n')
        .nth(n - 2)
        .map(|(i, _)| i + 1)
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reads_and_round_trips((t, n) in post()) {
        let v = frontmatter::view(&t);
        prop_assert!(v.error.is_none(), "{:?}\n{}", v.error, t);
        prop_assert_eq!(v.fields.len(), n);
        for f in &v.fields {
            prop_assert_eq!(&frontmatter::set_value(&t, &f.key, &f.value, &[]).unwrap(), &t);
            prop_assert_eq!(&frontmatter::set_raw(&t, &f.key, &f.raw, &[]).unwrap(), &t);
        }
    }

    #[test]
    fn set_then_get_and_other_lines_identical((t, n) in post(), which in 0usize..8, v in new_value()) {
        let before = frontmatter::view(&t);
        let i = which % n;
        let f = &before.fields[i];
        let out = frontmatter::set_value(&t, &f.key, &v, &[])
            .unwrap_or_else(|e| panic!("{}\n{t}\n{v:?}", e.message));
        let m = frontmatter::read(&out).unwrap();
        prop_assert_eq!(&m[&f.key], &v);
        // Lines before the field and from the next field (or the closing fence) on are identical.
        let start = line_start(&t, f.line as usize);
        prop_assert_eq!(&out[..start], &t[..start]);
        let next = before.fields.get(i + 1).map(|g| line_start(&t, g.line as usize));
        let tail = match next {
            Some(p) => &t[p..],
            None => &t[t.rfind("---").unwrap()..],
        };
        prop_assert!(out.ends_with(tail), "{}\n---->\n{}", t, out);
        // Unset removes it and nothing else.
        let gone = frontmatter::unset(&out, &f.key).unwrap();
        let mut a = frontmatter::read(&t).unwrap();
        a.remove(&f.key);
        prop_assert_eq!(frontmatter::read(&gone).unwrap(), a);
    }

    #[test]
    fn new_field_lands_after_its_predecessor((t, n) in post(), v in new_value()) {
        let before = frontmatter::view(&t);
        let order: Vec<String> = (0..n).map(|i| format!("k{i}")).chain(["new".to_string()]).collect();
        let out = frontmatter::set_value(&t, "new", &v, &order).unwrap();
        let after = frontmatter::view(&out);
        prop_assert_eq!(after.fields.len(), n + 1);
        prop_assert_eq!(&after.fields[n].key, "new");
        prop_assert_eq!(&after.fields[n].value, &v);
        prop_assert_eq!(&after.fields[..n].iter().map(|f| (&f.key, &f.value)).collect::<Vec<_>>(),
            &before.fields.iter().map(|f| (&f.key, &f.value)).collect::<Vec<_>>());
    }
}

/// Odd but valid inputs: read without panicking, and edits either succeed (and read back) or
/// are refused with a message.
#[test]
fn odd_inputs_never_panic() {
    let cases = [
        "---\n---\nbody",
        "---\n# only a comment\n---\n",
        "---\njust a scalar\n---\n",
        "---\n- a\n- b\n---\n",
        "---\n? complex\n: value\n---\n",
        "---\nbase: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n---\n",
        "---\ntitle: a plain\n  scalar on two lines\nx: 1\n---\n",
        "---\nseo: {a: 1,\n  b: 2}\nx: 1\n---\n",
        "---\n{a: 1, b: 2}\n---\n",
        "---\n!!map\ntitle: T\n---\n",
        "---\ntitle: !custom T\nx: &a 1\ny: *a\n---\n",
        "---\ndesc: |+\n  keep\n\n\nx: 1\n---\n",
        "---\ndesc: |2\n    indented\nx: 1\n---\n",
        "---\nkey with spaces: 1\n\"quoted key\": 2\n---\n",
        "---\ntitle: T\n...\nbody",
        "+++\n+++\n",
        "+++\na.b = 1\n[[items]]\nx = 1\n[[items]]\nx = 2\n+++\n",
        "+++\ntitle = \"\"\"\nmulti\nline\"\"\"\ndate = 2024-01-02T10:00:00Z\n+++\n",
        "\u{feff}+++\r\ntitle = 'T'\r\n+++\r\n",
    ];
    for t in cases {
        let v = frontmatter::view(t);
        for f in &v.fields {
            for value in [json!("new: value"), json!(["x"]), json!(true)] {
                if let Ok(out) = frontmatter::set_value(t, &f.key, &value, &[]) {
                    assert_eq!(frontmatter::read(&out).unwrap()[&f.key], value, "{t}");
                }
            }
            let _ = frontmatter::unset(t, &f.key);
            let _ = frontmatter::set_raw(t, &f.key, &f.raw, &[]);
        }
        if v.error.is_none() {
            let out = frontmatter::set_value(t, "added", &json!("v"), &[]);
            if let Ok(out) = out {
                assert_eq!(frontmatter::read(&out).unwrap()["added"], json!("v"), "{t}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Arbitrary text between the fences: reading and editing never panic, and an edit that
    /// succeeds reads back.
    #[test]
    fn arbitrary_front_matter_never_panics(
        body in "[a-z:#'\"\\[\\]{},&*!|> \t\n-]{0,60}",
        toml in any::<bool>(),
    ) {
        let fence = if toml { "+++" } else { "---" };
        let t = format!("{fence}\n{body}\n{fence}\nBody\n");
        let v = frontmatter::view(&t);
        if v.error.is_none() {
            if let Ok(out) = frontmatter::set_value(&t, "zz", &json!("a: b"), &[]) {
                prop_assert_eq!(&frontmatter::read(&out).unwrap()["zz"], &json!("a: b"));
            }
            for f in &v.fields {
                let _ = frontmatter::unset(&t, &f.key);
                let _ = frontmatter::set_value(&t, &f.key, &json!(["q", "r s"]), &[]);
            }
        }
    }
}
