//! A post whose front matter the index can read is never shown as broken by the preview or
//! `check`, and the reverse: the index (`Workspace::posts`), the preview (`render::render`) and
//! `check::check_text` (rule `fm-parse`) agree on every post of the corpus, of each fixture
//! blog and of a small inline blog, and say the same words when a post is broken.

mod site_common;

use std::path::Path;

use postdesk_core::check;
use postdesk_core::render;
use postdesk_core::workspace::Workspace;

/// What `check` appends to the reader's message in an `fm-parse` finding.
const CHECK_SUFFIX: &str = ". Fix the front matter; the other checks of this post wait for it";

/// What was seen across one blog.
#[derive(Debug, Default)]
struct Seen {
    posts: usize,
    broken: usize,
    /// Posts the index lists with a file-level error (folder, not UTF-8, empty).
    file_level: usize,
}

/// Checks the three readers against each other on every post of the blog at `root`.
fn agree(label: &str, root: &Path) -> Seen {
    let ws = Workspace::at(root.canonicalize().unwrap());
    let ctx = ws
        .check_context()
        .unwrap_or_else(|e| panic!("{label}: check context: {}", e.message));
    let posts = ws.posts();
    assert!(!posts.is_empty(), "{label}: the index lists no post");
    let mut seen = Seen::default();
    for summary in posts.iter() {
        let path = &summary.path;
        let abs = ws.root().join(path);
        let who = format!("{label}: {path}");
        // What the index lists, the post commands accept (`Site::is_post_path`).
        assert!(
            ws.site().is_post_path(path),
            "{who}: listed but not a post path"
        );
        assert_eq!(ws.post_path(path).ok(), Some(path.as_str()), "{who}");
        // Files the index lists with their own (not front-matter) errors.
        if abs.is_dir() {
            let e = summary.error.as_deref().unwrap_or_else(|| {
                panic!("{who}: a folder named like a post is listed with no error")
            });
            assert!(e.contains("folder"), "{who}: {e}");
            seen.file_level += 1;
            continue;
        }
        let bytes = std::fs::read(&abs).unwrap();
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            let e = summary.error.as_deref().unwrap_or_else(|| {
                panic!("{who}: a file that is not UTF-8 is listed with no error")
            });
            assert!(e.contains("UTF-8"), "{who}: {e}");
            seen.file_level += 1;
            continue;
        };
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            // The index says "the file is empty"; the preview and check have no front matter
            // to disagree about.
            let e = summary
                .error
                .as_deref()
                .unwrap_or_else(|| panic!("{who}: an empty file is listed with no error"));
            assert!(e.contains("empty"), "{who}: {e}");
            seen.file_level += 1;
            continue;
        }
        seen.posts += 1;

        let index_error = summary.error.as_deref();
        let rendered = render::render(&text, &ws.render_context(path.clone()));
        let preview_error = rendered.front_matter_error.as_deref();
        let findings = check::check_text(&ctx, path, &text);
        let fm_parse: Vec<&check::Finding> =
            findings.iter().filter(|f| f.rule == "fm-parse").collect();
        assert!(fm_parse.len() <= 1, "{who}: {fm_parse:#?}");
        let check_error = fm_parse.first();

        let (bi, bp, bc) = (
            index_error.is_some(),
            preview_error.is_some(),
            check_error.is_some(),
        );
        assert!(
            bi == bp && bp == bc,
            "{who}: broken for the index: {bi} ({index_error:?}), for the preview: {bp} \
             ({preview_error:?}), for check: {bc} ({check_error:?})"
        );
        if let (Some(i), Some(p), Some(c)) = (index_error, preview_error, check_error) {
            seen.broken += 1;
            assert_eq!(p, i, "{who}: the preview and the index say different words");
            let words = c.message.strip_suffix(CHECK_SUFFIX).unwrap_or_else(|| {
                panic!(
                    "{who}: fm-parse message of an unexpected form: {}",
                    c.message
                )
            });
            assert!(!words.is_empty(), "{who}: empty fm-parse message");
            assert!(
                i.contains(words),
                "{who}: check says {words:?}, the index says {i:?}"
            );
            // And the place check gives is the one the index names.
            if let (Some(line), Some(col)) = (c.line, c.column) {
                assert!(
                    i.ends_with(&format!("(line {line}, column {col} of the post)")),
                    "{who}: check places it at {line}:{col}, the index says {i:?}"
                );
            }
        }
    }
    seen
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn the_fixture_blogs_agree() {
    let mut broken = 0;
    let mut file_level = 0;
    for name in [
        "astro",
        "hugo-toml",
        "hugo-yaml",
        "zola",
        "broken",
        "check/blog",
    ] {
        let (_d, root) = site_common::copy_repo(&site_common::fixture(name));
        let seen = agree(name, &root);
        assert!(seen.posts > 0, "{name}: no post was compared");
        if name == "broken" {
            assert!(
                seen.broken >= 1,
                "broken: no post was seen broken: {seen:?}"
            );
            assert!(
                seen.file_level >= 2,
                "broken: the folder and the Latin-1 post: {seen:?}"
            );
        }
        broken += seen.broken;
        file_level += seen.file_level;
    }
    assert!(broken >= 1, "no broken post across the fixtures");
    assert!(file_level >= 2);
}

#[test]
fn an_inline_blog_agrees() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    write(root, "_config.yml", "title: Inline\n");
    write(root, "_data/authors.yml", "me:\n  name: Me\n");
    // Accepted by Jekyll: a quoted value continued on an unindented line.
    write(
        root,
        "_posts/2024-01-01-continued.md",
        "---\ntitle: Continued\ndescription: \"Comment l'exercice peut-il devenir \nun outil ?\"\nauthor: me\ntags: [a]\n---\n\n## Intro\n\nBody.\n",
    );
    write(
        root,
        "_posts/2024-01-02-plain.md",
        "---\ntitle: Plain\nauthor: me\ntags: [a]\n---\nBody.\n",
    );
    // Broken YAML: an unclosed flow sequence.
    write(
        root,
        "_posts/2024-01-03-bad-yaml.md",
        "---\ntitle: Bad\ntags: [a, b\nauthor: me\n---\nBody.\n",
    );
    // Broken YAML: a duplicate key.
    write(
        root,
        "_posts/2024-01-04-dup.md",
        "---\ntitle: One\ntitle: Two\n---\nBody.\n",
    );
    // TOML front matter with an error.
    write(
        root,
        "_posts/2024-01-05-bad-toml.md",
        "+++\ntitle = \"T\"\ndate = \n+++\nBody.\n",
    );
    // TOML front matter that is fine.
    write(
        root,
        "_posts/2024-01-06-good-toml.md",
        "+++\ntitle = \"T\"\nauthor = \"me\"\ntags = [\"a\"]\n+++\nBody.\n",
    );
    // A quoted value continued, and still not closed: broken for everyone.
    write(
        root,
        "_posts/2024-01-07-never-closed-quote.md",
        "---\ntitle: \"Open\ndescription: x\n---\nBody.\n",
    );
    // Front matter whose fence is never closed.
    write(
        root,
        "_posts/2024-01-08-unclosed.md",
        "---\ntitle: Never closed\nBody without a closing fence.\n",
    );
    let seen = agree("inline", root);
    assert_eq!(seen.posts, 8, "{seen:?}");
    assert!(seen.broken >= 3, "{seen:?}");

    // The continued post is read by all three (not merely agreed on).
    let ws = Workspace::at(root.canonicalize().unwrap());
    let p = "_posts/2024-01-01-continued.md";
    let s = ws.posts().iter().find(|s| s.path == p).cloned().unwrap();
    assert_eq!(s.error, None);
    assert_eq!(s.title, "Continued");
    let text = std::fs::read_to_string(root.join(p)).unwrap();
    let r = render::render(&text, &ws.render_context(p));
    assert_eq!(r.front_matter_error, None);
    assert_eq!(
        r.header.description.as_deref(),
        Some("Comment l'exercice peut-il devenir un outil ?")
    );
    let ctx = ws.check_context().unwrap();
    let f = check::check_text(&ctx, p, &text);
    assert!(f.iter().all(|f| f.rule != "fm-parse"), "{f:#?}");
    for bad in [
        "_posts/2024-01-03-bad-yaml.md",
        "_posts/2024-01-05-bad-toml.md",
    ] {
        let s = ws.posts().iter().find(|s| s.path == bad).cloned().unwrap();
        assert!(s.error.is_some(), "{bad} is broken");
    }
}

#[test]
fn the_corpus_agrees_and_reads_the_jekyll_continuation() {
    let Some(src) = site_common::corpus("bedrock-jekyll") else {
        return;
    };
    let (_d, root) = site_common::copy_repo(&src);
    let seen = agree("bedrock-jekyll", &root);
    assert!(seen.posts > 10, "{seen:?}");

    let ws = Workspace::at(root.clone());
    let p = "_posts/2022-11-15-onboarding-revue-code.md";
    let s = ws
        .posts()
        .iter()
        .find(|s| s.path == p)
        .cloned()
        .unwrap_or_else(|| panic!("{p} is not in the index"));
    assert_eq!(s.error, None, "the index reads {p}");
    let text = std::fs::read_to_string(root.join(p)).unwrap();
    let r = render::render(&text, &ws.render_context(p));
    assert_eq!(r.front_matter_error, None, "the preview reads {p}");
    assert!(
        r.header
            .description
            .as_deref()
            .is_some_and(|d| d.contains("devenir un outil")),
        "{:?}",
        r.header.description
    );
    let ctx = ws.check_context().unwrap();
    let f = check::check_text(&ctx, p, &text);
    assert!(
        f.iter().all(|f| f.rule != "fm-parse"),
        "check reads {p}: {f:#?}"
    );
}
