//! The CommonMark spec examples, through our renderer, still give pulldown-cmark's expected
//! output wherever our options do not change it (after removing our `data-line` and heading
//! `id` attributes). The examples are read from pulldown-cmark's own test suite in the cargo
//! registry; the test is skipped with a note if that source is not on this machine.

use std::path::PathBuf;

use postdesk_core::render::{RenderContext, Renderer};
use postdesk_core::site::SiteKind;

fn spec_file() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    for reg in std::fs::read_dir(home.join("registry/src")).ok()? {
        let reg = reg.ok()?.path();
        for krate in std::fs::read_dir(&reg).ok()? {
            let k = krate.ok()?.path();
            let name = k.file_name()?.to_string_lossy().into_owned();
            if name.starts_with("pulldown-cmark-0.13.") {
                let f = k.join("tests/suite/spec.rs");
                if f.is_file() {
                    return Some(f);
                }
            }
        }
    }
    None
}

/// `(input, expected)` pairs of the generated test file.
fn examples(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(p) = rest.find("let original = r##\"") {
        rest = &rest[p + 19..];
        let end = rest.find("\"##;").unwrap();
        let original = rest[..end].to_string();
        rest = &rest[end..];
        let p = rest.find("let expected = r##\"").unwrap();
        rest = &rest[p + 19..];
        let end = rest.find("\"##;").unwrap();
        out.push((original, rest[..end].to_string()));
        rest = &rest[end..];
    }
    out
}

/// Removes an attribute (` name="…"`) everywhere.
fn strip_attr(html: &str, name: &str) -> String {
    let pat = format!(" {name}=\"");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(p) = rest.find(&pat) {
        out.push_str(&rest[..p]);
        let after = &rest[p + pat.len()..];
        rest = &after[after.find('"').map(|e| e + 1).unwrap_or(after.len())..];
    }
    out.push_str(rest);
    out
}

fn normalize(html: &str) -> String {
    let h = strip_attr(html, "data-line");
    let h = h.replace("<pre class=\"pd-code\">", "<pre>");
    let mut h = h;
    for l in 1..=6 {
        h = h.replace(&format!("<h{l} id="), &format!("<h{l} data-id="));
    }
    strip_attr(&h, "data-id")
        .replace("<br>", "<br />")
        .replace("<br/>", "<br />")
        .replace("<hr>", "<hr />")
        .replace("<hr/>", "<hr />")
        .replace(">\n<", "><")
        .trim()
        .to_string()
}

/// Examples whose output our renderer changes on purpose: raw HTML (sanitized), images
/// (served by the app), code with a language (highlighted), math, bare URLs (autolinked),
/// superscript (not enabled), explicit heading attributes.
fn changed_by_us(input: &str, expected: &str) -> bool {
    input.contains('<')
        || input.contains("![")
        || input.contains('$')
        || input.contains("://")
        || input.contains("www.")
        || input.contains('@')
        || input.contains('^')
        || input.contains('{')
        || expected.contains("class=\"language-")
        || expected.contains("<img")
        || expected.contains("javascript:")
}

#[test]
fn commonmark_examples_keep_their_output() {
    let Some(path) = spec_file() else {
        postdesk_testkit::unavailable(
            "pulldown-cmark's spec tests (tests/suite/spec.rs of the crate in the cargo registry)",
        );
        return;
    };
    let src = std::fs::read_to_string(&path).unwrap();
    let all = examples(&src);
    assert!(
        all.len() > 600,
        "read {} examples from {}",
        all.len(),
        path.display()
    );
    let r = Renderer::get(SiteKind::Generic);
    let ctx = RenderContext::new(SiteKind::Generic, "post.md");
    let mut compared = 0;
    let mut failures = Vec::new();
    for (i, (input, expected)) in all.iter().enumerate() {
        if changed_by_us(input, expected) {
            continue;
        }
        compared += 1;
        let got = r.render_markdown(input, &ctx);
        if normalize(&got) != normalize(expected) {
            failures.push(format!(
                "example {}:\n--- input\n{input}--- expected\n{expected}--- got\n{got}",
                i + 1
            ));
        }
    }
    println!("compared {compared} of {} CommonMark examples", all.len());
    assert!(compared > 350, "only {compared} examples compared");
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
