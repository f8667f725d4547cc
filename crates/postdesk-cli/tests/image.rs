//! `postdesk image add` end to end: Markdown on stdout, failures on stderr, exit status.

use std::path::Path;
use std::process::Command;

/// A 2 × 1 PNG (red, blue) with a text chunk-free header, written by hand.
const PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x02\x00\x00\x00\x01\x08\x02\x00\x00\x00\x7b\x40\xe8\xdd\x00\x00\x00\x0d\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\x00\x04\xff\x01\x07\x00\x01\xff\xe2\x23\x9e\x59\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

fn jekyll_repo(dir: &Path) {
    std::fs::create_dir_all(dir.join("_posts")).unwrap();
    std::fs::write(dir.join("_config.yml"), "title: t\n").unwrap();
    std::fs::write(
        dir.join("_posts/2024-01-02-hello.md"),
        "---\ntitle: Hello\n---\nText\n",
    )
    .unwrap();
    let ok = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn image_add_prints_markdown_and_reports_failures() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("blog");
    jekyll_repo(&repo);
    let pics = tmp.path().join("pics");
    std::fs::create_dir_all(&pics).unwrap();
    std::fs::write(pics.join("Red Dot.png"), PNG).unwrap();
    std::fs::write(pics.join("IMG_0001.PNG"), PNG).unwrap();
    std::fs::write(pics.join("notes.jpg"), "not a picture\n").unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(["image", "add"])
        .arg(repo.join("_posts/2024-01-02-hello.md"))
        .arg(pics.join("Red Dot.png"))
        .arg(pics.join("notes.jpg"))
        .args(["--alt", "A dot", "--max-width", "800"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stdout,
        "![A dot](/images/posts/2024-01-02-hello/red-dot.png)\n"
    );
    assert!(
        stderr.contains("notes.jpg") && stderr.contains("text"),
        "{stderr}"
    );
    assert!(repo
        .join("images/posts/2024-01-02-hello/red-dot.png")
        .is_file());

    // Same picture under a camera name: reused, exit 0.
    let out = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(["image", "add"])
        .arg(repo.join("_posts/2024-01-02-hello.md"))
        .arg(pics.join("IMG_0001.PNG"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "![](/images/posts/2024-01-02-hello/red-dot.png)\n"
    );
}
