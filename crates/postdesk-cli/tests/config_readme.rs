//! The README's `.postdesk.toml` example (all of it, `[check]` included) is accepted by
//! `postdesk site --json` (every value it sets shows `config` as its source, with that value)
//! and by `postdesk check`; a misspelt key in any table is still refused with its line.

mod common;
use common::{copy_fixture, postdesk};
use std::path::PathBuf;

use serde_json::Value;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md");
const HEADING: &str = "### Configuration: `.postdesk.toml`";

/// The first ```toml block after the configuration heading of the README.
fn readme_example() -> String {
    let readme = std::fs::read_to_string(README).unwrap();
    let mut lines = readme.lines();
    lines
        .by_ref()
        .find(|l| l.starts_with(HEADING))
        .unwrap_or_else(|| panic!("README.md has no heading {HEADING:?}"));
    lines
        .by_ref()
        .find(|l| l.trim() == "```toml")
        .expect("a ```toml block after the heading");
    let mut out = String::new();
    for l in lines {
        if l.trim() == "```" {
            assert!(!out.is_empty(), "the example is empty");
            return out;
        }
        out.push_str(l);
        out.push('\n');
    }
    panic!("the ```toml block of the README is never closed")
}

/// A TOML value of the example (a string, a number, an array of strings) as JSON, its
/// trailing comment removed.
fn value_of(raw: &str) -> Value {
    let mut in_str = false;
    let mut end = raw.len();
    for (i, c) in raw.char_indices() {
        match c {
            '"' => in_str = !in_str,
            '#' if !in_str => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let v = raw[..end].trim();
    serde_json::from_str(v).unwrap_or_else(|e| panic!("value {v:?} of the example: {e}"))
}

/// What the example sets: (table, key, value) for every `key = value` line, `table` being
/// `None` at the top level.
fn settings(example: &str) -> Vec<(Option<String>, String, Value)> {
    let mut table: Option<String> = None;
    let mut out = Vec::new();
    for l in example.lines() {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(h) = t.strip_prefix('[') {
            table = Some(h.split(']').next().unwrap().trim().to_string());
            continue;
        }
        let (k, v) = t
            .split_once('=')
            .unwrap_or_else(|| panic!("unexpected line {l:?}"));
        out.push((table.clone(), k.trim().to_string(), value_of(v)));
    }
    out
}

/// A copy of the `check` fixture blog (Jekyll), made a Git repository.
fn blog() -> (tempfile::TempDir, PathBuf) {
    copy_fixture("check/blog")
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[test]
fn the_readme_example_is_accepted_whole() {
    let example = readme_example();
    let set = settings(&example);
    // The example is the whole one: conventions, [defaults], [check] and [check.rules].
    for table in [None, Some("defaults"), Some("check"), Some("check.rules")] {
        assert!(
            set.iter().any(|(t, _, _)| t.as_deref() == table),
            "the README example sets nothing in {table:?}:\n{example}"
        );
    }
    let (_d, root) = blog();
    std::fs::write(root.join(".postdesk.toml"), &example).unwrap();
    let r = root.to_str().unwrap();

    let (code, out, err) = postdesk(&["site", r, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert!(
        v["config_warning"].is_null(),
        "the README example is refused: {}",
        v["config_warning"]
    );
    assert!(!err.contains(".postdesk.toml"), "{err}");

    // Every top-level setting: its source is `config`, its value the example's.
    let top: Vec<&(Option<String>, String, Value)> =
        set.iter().filter(|(t, _, _)| t.is_none()).collect();
    assert!(top.len() >= 9, "{top:?}");
    for (_, key, value) in &top {
        assert_eq!(
            v["sources"][key.as_str()],
            "config",
            "source of `{key}`: {}",
            v["sources"]
        );
        assert_eq!(&v[key.as_str()], value, "value of `{key}`");
    }
    // [defaults]: the table's source is `config`, and each of its values is used.
    assert_eq!(v["sources"]["defaults"], "config", "{}", v["sources"]);
    for (_, key, value) in set
        .iter()
        .filter(|(t, _, _)| t.as_deref() == Some("defaults"))
    {
        assert_eq!(&v["defaults"][key.as_str()], value, "defaults.{key}");
    }
    // The settings the brief names, by name, so a README that drops one is noticed.
    for key in [
        "kind",
        "posts_dirs",
        "drafts_dir",
        "file_pattern",
        "image_dir_pattern",
        "link_style",
        "max_image_width",
        "required_fields",
        "description_max",
        "defaults",
    ] {
        assert_eq!(v["sources"][key], "config", "source of `{key}`");
    }
    assert_eq!(v["max_image_width"], 1600);
    assert_eq!(
        v["required_fields"],
        serde_json::json!(["layout", "title", "description", "author", "tags"])
    );

    // `postdesk check` runs with it (1 when the fixture has errors, never 2).
    let (code, out, err) = postdesk(&["check", r, "--format", "json"]);
    assert!(
        code == 0 || code == 1,
        "postdesk check exit {code} with the README example: {err}"
    );
    let report = json(&out);
    let findings = report["findings"].as_array().expect("findings");
    // [check.rules] is applied: a rule turned off reports nothing, a level is the one set.
    for (_, rule, level) in set
        .iter()
        .filter(|(t, _, _)| t.as_deref() == Some("check.rules"))
    {
        let level = level.as_str().unwrap();
        for f in findings.iter().filter(|f| f["rule"] == rule.as_str()) {
            assert!(level != "off", "{rule} is off, yet reported: {f}");
            assert_eq!(f["severity"], level, "{rule}: {f}");
        }
    }
}

/// The example with `line` inserted after its line `after` (1-based; 0: at the top), and the
/// 1-based line the insertion lands on.
fn with_line(example: &str, after: usize, line: &str) -> (String, usize) {
    let mut lines: Vec<&str> = example.lines().collect();
    lines.insert(after, line);
    (lines.join("\n") + "\n", after + 1)
}

/// The 1-based line of the example whose text starts with `prefix`.
fn line_starting(example: &str, prefix: &str) -> usize {
    example
        .lines()
        .position(|l| l.trim_start().starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix:?} in\n{example}"))
        + 1
}

#[test]
fn a_misspelt_key_in_any_table_is_refused_with_its_line() {
    let example = readme_example();
    let cases = [
        // (after which line, the misspelt line, the key named)
        (
            line_starting(&example, "max_image_width"),
            "max_image_widht = 1200",
            "max_image_widht",
        ),
        (
            line_starting(&example, "[check]"),
            "max_image_byte = 3",
            "max_image_byte",
        ),
        (
            line_starting(&example, "[check.rules]"),
            "img-too-larg = \"off\"",
            "img-too-larg",
        ),
    ];
    for (after, bad, key) in cases {
        let (text, line) = with_line(&example, after, bad);
        let (_d, root) = blog();
        std::fs::write(root.join(".postdesk.toml"), &text).unwrap();
        let r = root.to_str().unwrap();
        let place = format!(".postdesk.toml line {line}");

        let (code, out, err) = postdesk(&["site", r, "--json"]);
        assert_eq!(code, 0, "a malformed config never stops `site`: {err}");
        let v = json(&out);
        let warning = v["config_warning"]
            .as_str()
            .unwrap_or_else(|| panic!("`{bad}` on line {line}: no config_warning:\n{text}"));
        assert!(
            warning.contains(&place) && warning.contains(key),
            "`{bad}` on line {line}: {warning}"
        );
        // The detected settings are used meanwhile.
        assert_eq!(
            v["sources"]["max_image_width"], "default",
            "{}",
            v["sources"]
        );

        let (code, _, err) = postdesk(&["check", r, "--format", "json"]);
        assert_eq!(code, 2, "`{bad}` on line {line}: check must refuse: {err}");
        assert!(
            err.contains(&place) && err.contains(key),
            "`{bad}` on line {line}: stderr {err:?}"
        );
    }
}
