//! The whole shared Bedrock corpus: every post reads, round-trips byte-identically, and
//! setting its description changes only the description's lines.

use postdesk_core::frontmatter;
use serde_json::json;
use similar::{ChangeTag, TextDiff};

fn corpus_posts() -> Option<Vec<(String, String)>> {
    let dir = postdesk_testkit::corpus("bedrock-jekyll")?.join("_posts");
    // Work on a copy: the corpus is read-only.
    let tmp = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "md" || e == "markdown") {
            let copy = tmp.path().join(p.file_name().unwrap());
            std::fs::copy(&p, &copy).unwrap();
            let text = std::fs::read_to_string(&copy).unwrap();
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), text));
        }
    }
    out.sort();
    assert!(
        out.len() > 300,
        "expected the whole corpus, got {}",
        out.len()
    );
    Some(out)
}

/// Lines removed and added by going from `a` to `b`.
fn changed_lines(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let diff = TextDiff::from_lines(a, b);
    let (mut del, mut ins) = (Vec::new(), Vec::new());
    for c in diff.iter_all_changes() {
        match c.tag() {
            ChangeTag::Delete => del.push(c.value().to_string()),
            ChangeTag::Insert => ins.push(c.value().to_string()),
            ChangeTag::Equal => {}
        }
    }
    (del, ins)
}

#[test]
fn every_post_reads_and_round_trips() {
    let Some(posts) = corpus_posts() else { return };
    for (name, text) in &posts {
        let v = frontmatter::view(text);
        assert!(v.error.is_none(), "{name}: {:?}", v.error);
        assert!(!v.fields.is_empty(), "{name}: no fields");
        // The model agrees with the plain reader.
        let m = frontmatter::read(text).unwrap();
        for f in &v.fields {
            assert_eq!(m.get(&f.key), Some(&f.value), "{name}: {}", f.key);
        }
        // Setting every field to its own value is a no-op, byte for byte.
        for f in &v.fields {
            let out = frontmatter::set_value(text, &f.key, &f.value, &[]).unwrap();
            assert_eq!(&out, text, "{name}: {}", f.key);
            let out = frontmatter::set_raw(text, &f.key, &f.raw, &[]).unwrap();
            assert_eq!(&out, text, "{name}: raw {}", f.key);
        }
    }
}

#[test]
fn setting_description_changes_only_its_lines() {
    let Some(posts) = corpus_posts() else { return };
    let new = "Un résumé : avec \"guillemets\", # dièse et deux-points";
    for (name, text) in &posts {
        let before = frontmatter::view(text);
        let old_desc = before.fields.iter().find(|f| f.key == "description");
        let out = frontmatter::set_value(text, "description", &json!(new), &[]).unwrap();
        let after = frontmatter::read(&out).unwrap();
        assert_eq!(after["description"], json!(new), "{name}");
        let (del, ins) = changed_lines(text, &out);
        // One `description:` line, plus indented lines when it is a block scalar.
        assert!(!ins.is_empty(), "{name}");
        assert!(
            ins[0].trim_start().starts_with("description: "),
            "{name}: {ins:?}"
        );
        let indent = ins[0].len() - ins[0].trim_start().len();
        assert!(
            ins.iter()
                .skip(1)
                .all(|l| l.len() - l.trim_start().len() > indent),
            "{name}: {ins:?}"
        );
        match old_desc {
            Some(f) => {
                // Only the description's own lines went away.
                let first = text.lines().nth(f.line as usize - 1).unwrap();
                assert!(!del.is_empty(), "{name}");
                assert!(del[0].starts_with(first), "{name}: {del:?}");
                // The rest are its continuation lines, up to the next field's line.
                let next = before
                    .fields
                    .iter()
                    .map(|g| g.line)
                    .filter(|&l| l > f.line)
                    .min()
                    .unwrap_or(u32::MAX);
                let own: Vec<&str> = text
                    .lines()
                    .skip(f.line as usize - 1)
                    .take((next - f.line) as usize)
                    .collect();
                for d in &del {
                    assert!(
                        own.contains(&d.trim_end_matches(['\n', '\r'])),
                        "{name}: {d:?}"
                    );
                }
                if f.style == frontmatter::ValueStyle::DoubleQuoted {
                    assert!(
                        ins[0].contains("\"Un résumé : avec \\\"guillemets\\\""),
                        "{name}: {ins:?}"
                    );
                }
            }
            None => assert!(del.is_empty(), "{name}: {del:?}"),
        }
        // Every other field reads the same.
        let mut a = frontmatter::read(text).unwrap();
        let mut b = after;
        a.remove("description");
        b.remove("description");
        assert_eq!(a, b, "{name}");
        // And the body is untouched.
        let sa = frontmatter::split(text).unwrap();
        let sb = frontmatter::split(&out).unwrap();
        assert_eq!(&text[sa.body], &out[sb.body], "{name}");
    }
}

#[test]
fn unsetting_each_field_removes_only_its_lines() {
    let Some(posts) = corpus_posts() else { return };
    for (name, text) in posts.iter().step_by(7) {
        for f in frontmatter::view(text).fields {
            let out = frontmatter::unset(text, &f.key).unwrap();
            let (del, ins) = changed_lines(text, &out);
            assert!(ins.is_empty(), "{name}: {}", f.key);
            assert!(!del.is_empty(), "{name}: {}", f.key);
            assert!(frontmatter::read(&out).unwrap().get(&f.key).is_none());
        }
    }
}
