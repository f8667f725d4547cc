//! Trust boundaries (issue 23, finding 3): every folder named by `.postdesk.toml` or by the
//! site's own configuration stays inside the repository. A folder written with `..` is refused
//! with its line; a folder that is a symbolic link out of the repository is not walked and is
//! listed as refused (`refused_dirs` in `site --json`, a warning on stderr of `posts`).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::postdesk;

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

/// A parent folder holding `blog/` (a Git repository) and `elsewhere/` (outside it, with a
/// post-shaped secret in it).
fn blog_beside_elsewhere() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let parent = d.path().canonicalize().unwrap();
    let root = parent.join("blog");
    let elsewhere = parent.join("elsewhere");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("2024-01-01-secret.md"),
        "---\ntitle: Secret\n---\nnot the blog's\n",
    )
    .unwrap();
    let ok = Command::new("git")
        .args(["init", "-q"])
        .arg(&root)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    (d, root, elsewhere)
}

fn r(root: &Path) -> &str {
    root.to_str().unwrap()
}

#[test]
fn drafts_dir_leading_out_is_refused_with_its_line() {
    let (_d, root, _elsewhere) = blog_beside_elsewhere();
    std::fs::write(root.join("_config.yml"), "title: t\n").unwrap();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::write(
        root.join(".postdesk.toml"),
        "kind = \"jekyll\"\ndrafts_dir = \"../elsewhere\"\n",
    )
    .unwrap();
    let (code, out, err) = postdesk(&["site", r(&root), "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(".postdesk.toml line 2, key `drafts_dir`") && err.contains("../elsewhere"),
        "{err}"
    );
    let v = json(&out);
    assert_eq!(v["drafts_dir"], "_drafts", "the detected folder is used");
    let (code, out, _) = postdesk(&["posts", r(&root), "--json"]);
    assert_eq!(code, 0);
    assert!(!out.contains("secret"), "{out}");

    // The image folder too, and an absolute one.
    for (line, text) in [
        (
            2,
            "kind = \"jekyll\"\nimage_dir_pattern = \"../elsewhere/{post}\"\n",
        ),
        (1, "image_dir_pattern = \"/tmp/{post}\"\n"),
        (1, "drafts_dir = \"/etc\"\n"),
    ] {
        std::fs::write(root.join(".postdesk.toml"), text).unwrap();
        let (code, _, err) = postdesk(&["site", r(&root), "--json"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains(&format!(".postdesk.toml line {line}, key `")),
            "{text}: {err}"
        );
        assert!(err.contains("inside the repository"), "{text}: {err}");
    }
}

#[test]
fn a_posts_folder_linked_outside_is_refused_not_walked() {
    let (_d, root, elsewhere) = blog_beside_elsewhere();
    std::fs::write(root.join("_config.yml"), "title: t\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("_posts")).unwrap();
    std::fs::create_dir_all(root.join("_drafts")).unwrap();
    std::fs::write(
        root.join("_drafts/idea.md"),
        "---\ntitle: Idea\n---\nmine\n",
    )
    .unwrap();

    let (code, out, err) = postdesk(&["posts", r(&root), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["_drafts/idea.md"], "{out}");
    assert!(!out.contains("secret"), "{out}");
    assert!(
        err.contains("`_posts`") && err.contains("refused"),
        "stderr says the folder is refused: {err}"
    );

    // Human output says it too.
    let (code, out, err) = postdesk(&["posts", r(&root)]);
    assert_eq!(code, 0);
    assert!(!out.contains("secret"), "{out}");
    assert!(err.contains("`_posts`") && err.contains("refused"), "{err}");

    // `site --json` lists it in a new field; the other fields keep their meaning.
    let (code, out, err) = postdesk(&["site", r(&root), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["posts_dirs"], serde_json::json!(["_posts"]));
    let refused = v["refused_dirs"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{out}");
    assert_eq!(refused[0]["path"], "_posts");
    assert_eq!(refused[0]["setting"], "posts_dirs");
    assert!(
        refused[0]["message"].as_str().unwrap().contains("outside"),
        "{out}"
    );
    let (_, out, _) = postdesk(&["site", r(&root)]);
    assert!(out.contains("refused") && out.contains("_posts"), "{out}");

    // Nothing is written through the link either.
    let (code, _, err) = postdesk(&["new", r(&root), "--title", "Leak", "--date", "2024-02-02"]);
    assert_ne!(code, 0);
    assert!(err.contains("outside"), "{err}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 1);
}

#[test]
fn a_hugo_content_folder_linked_outside_is_refused() {
    let (_d, root, elsewhere) = blog_beside_elsewhere();
    std::fs::write(root.join("hugo.toml"), "title = 't'\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("content")).unwrap();
    let (code, out, err) = postdesk(&["posts", r(&root), "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out), serde_json::json!([]));
    assert!(
        err.contains("`content`") && err.contains("refused"),
        "{err}"
    );
}

#[test]
fn an_astro_collection_based_outside_is_refused() {
    let (_d, root, elsewhere) = blog_beside_elsewhere();
    std::fs::write(root.join("astro.config.mjs"), "export default {};\n").unwrap();
    std::fs::create_dir_all(root.join("src/content/blog")).unwrap();
    std::fs::write(
        root.join("src/content/blog/mine.md"),
        "---\ntitle: Mine\n---\n",
    )
    .unwrap();
    std::fs::write(
        root.join("src/content.config.ts"),
        "const blog = defineCollection({ loader: glob({ pattern: '**/*.md', base: '../elsewhere' }) });\n",
    )
    .unwrap();
    let (code, out, err) = postdesk(&["posts", r(&root), "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("secret"), "{out}");
    assert!(
        err.contains("../elsewhere") && err.contains("refused"),
        "{err}"
    );

    // A collection folder that is a link out of the repository.
    std::fs::write(
        root.join("src/content.config.ts"),
        "export const collections = {};\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("src/content/notes")).unwrap();
    let (code, out, err) = postdesk(&["posts", r(&root), "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("secret"), "{out}");
    assert!(out.contains("src/content/blog/mine.md"), "{out}");
    assert!(
        err.contains("`src/content/notes`") && err.contains("refused"),
        "{err}"
    );
}
