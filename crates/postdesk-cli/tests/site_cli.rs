//! The stable CLI contract of `site`, `posts`, `schema` and `new`, run on fixture blogs.

use std::process::Command;

mod common;
use common::{copy_fixture, postdesk};

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[test]
fn site_json_gives_settings_and_their_sources() {
    let (_d, root) = copy_fixture("hugo-toml");
    let r = root.to_str().unwrap();
    let (code, out, _) = postdesk(&["site", r, "--json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["kind"], "hugo");
    assert_eq!(v["posts_dirs"], serde_json::json!(["content/posts"]));
    assert_eq!(v["file_pattern"], "{slug}/index.md");
    assert_eq!(v["image_dir_pattern"], "{post_dir}");
    assert_eq!(v["link_style"], "relative");
    assert_eq!(v["sources"]["posts_dirs"], "detected");
    assert_eq!(v["sources"]["max_image_width"], "default");

    std::fs::write(root.join(".postdesk.toml"), "max_image_width = 1200\n").unwrap();
    let v = json(&postdesk(&["site", r, "--json"]).1);
    assert_eq!(v["max_image_width"], 1200);
    assert_eq!(v["sources"]["max_image_width"], "config");

    // Malformed: still works, with a warning naming file, line and key.
    std::fs::write(
        root.join(".postdesk.toml"),
        "max_image_width = 1200\nposts_dirs = 3\n",
    )
    .unwrap();
    let (code, out, err) = postdesk(&["site", r, "--json"]);
    assert_eq!(code, 0);
    assert!(
        err.contains(".postdesk.toml line 2, key `posts_dirs`"),
        "{err}"
    );
    let v = json(&out);
    assert_eq!(v["max_image_width"], 1600);
    assert!(v["config_warning"].as_str().unwrap().contains("line 2"));
}

#[test]
fn posts_json_keeps_its_fields() {
    let (_d, root) = copy_fixture("broken");
    let (code, out, _) = postdesk(&["posts", root.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    let posts = v.as_array().unwrap();
    assert_eq!(posts.len(), 7);
    for p in posts {
        let mut keys: Vec<_> = p.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            ["authors", "date", "draft", "error", "path", "tags", "title"]
        );
    }
    let good = posts
        .iter()
        .find(|p| p["path"] == "_posts/2024-01-01-good.md")
        .unwrap();
    assert_eq!(good["title"], "Good post");
    assert_eq!(good["authors"], serde_json::json!(["amy"]));
    assert!(good["error"].is_null());
    let bad = posts
        .iter()
        .find(|p| p["path"] == "_posts/2024-01-03-latin1.md")
        .unwrap();
    assert!(bad["error"].as_str().unwrap().contains("UTF-8"));
}

#[test]
fn new_prints_the_path_and_refuses_to_overwrite() {
    let (_d, root) = copy_fixture("zola");
    let r = root.to_str().unwrap();
    let (code, out, err) = postdesk(&[
        "new",
        r,
        "--title",
        "L’éléphant bleu",
        "--date",
        "2026-11-28",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "content/blog/l-elephant-bleu/index.md\n");
    let text = std::fs::read_to_string(root.join(out.trim())).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"L’éléphant bleu\"\ndate = 2026-11-28\n"),
        "{text}"
    );
    let (code, _, err) = postdesk(&[
        "new",
        r,
        "--title",
        "L'Éléphant Bleu",
        "--date",
        "2026-11-28",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(root.join(out.trim())).unwrap(),
        text
    );
    let (code, _, err) = postdesk(&["new", r, "--title", "X", "--date", "28/11/2026"]);
    assert_eq!(code, 2);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    let v = json(&postdesk(&["posts", r, "--json"]).1);
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["title"] == "L’éléphant bleu"));
}

#[test]
fn jekyll_draft_then_publish() {
    let (_d, root) = copy_fixture("broken");
    let r = root.to_str().unwrap();
    let (code, out, err) = postdesk(&["new", r, "--title", "Une idée", "--draft"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "_drafts/une-idee.md\n");
    let (code, out, err) = postdesk(&[
        "new",
        r,
        "--publish",
        "_drafts/une-idee.md",
        "--date",
        "2026-11-30",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "_posts/2026-11-30-une-idee.md\n");
    assert!(!root.join("_drafts/une-idee.md").exists());
    assert!(root.join("_posts/2026-11-30-une-idee.md").is_file());
}

#[test]
fn schema_json_lists_fields_and_authors() {
    let (_d, root) = copy_fixture("astro");
    let (code, out, _) = postdesk(&["schema", root.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["format"], "yaml");
    let fields = v["fields"].as_array().unwrap();
    let pub_date = fields.iter().find(|f| f["name"] == "pubDate").unwrap();
    assert_eq!(pub_date["type"], "date");
    assert_eq!(pub_date["source"], "zod");
    assert_eq!(v["authors"][0]["id"], "jane");
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::process::Stdio;
    let (_d, root) = copy_fixture("hugo-toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(["posts", root.to_str().unwrap(), "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the index is printed (`postdesk posts --json | head -0`).
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}
