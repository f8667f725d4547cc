//! `postdesk render`: the sanitized fragment, the standalone page, JSON, and clear errors.

use std::path::Path;
use std::process::Command;

fn postdesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_postdesk"))
}

/// A small Jekyll blog in a Git repository.
fn blog() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::create_dir_all(root.join("_data")).unwrap();
    std::fs::create_dir_all(root.join("images/posts/hello")).unwrap();
    std::fs::write(root.join("_config.yml"), "title: T\n").unwrap();
    std::fs::write(root.join("_data/authors.yml"), "jd:\n  name: Jane Doe\n").unwrap();
    std::fs::write(root.join("images/posts/hello/a b.jpg"), b"\xff\xd8\xff").unwrap();
    std::fs::write(
        root.join("_posts/2024-01-02-hello.md"),
        "---\ntitle: Hello\nauthor: jd\n---\n\n## Première partie\n\n![ok](/images/posts/hello/a%20b.jpg)\n![gone](/images/posts/hello/gone.jpg)\n\n<script>window.x=1</script>\n",
    )
    .unwrap();
    let ok = Command::new("git")
        .args(["init", "-q"])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(ok.success());
    d
}

fn run(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = postdesk().args(args).current_dir(cwd).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn prints_the_sanitized_fragment() {
    let d = blog();
    let (code, out, err) = run(&["render", "_posts/2024-01-02-hello.md"], d.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("<h2 data-line=\"6-6\" id=\"première-partie\">Première partie</h2>"),
        "{out}"
    );
    assert!(
        out.contains("src=\"postdesk://localhost/images/posts/hello/a%20b.jpg\""),
        "{out}"
    );
    assert!(
        out.contains("Missing image: images/posts/hello/gone.jpg"),
        "{out}"
    );
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<html"));
}

#[test]
fn full_page_with_repo_option_and_json() {
    let d = blog();
    let elsewhere = tempfile::tempdir().unwrap();
    let repo = d.path().to_str().unwrap();
    let (code, out, err) = run(
        &[
            "render",
            "_posts/2024-01-02-hello.md",
            "--repo",
            repo,
            "--full",
        ],
        elsewhere.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert!(
        out.contains("<style>") && out.contains(".pd-missing-image") && out.contains(".pd-hl-")
    );
    assert!(out.contains("<h1 class=\"pd-title\">Hello</h1>"), "{out}");
    assert!(out.contains("Jane Doe"), "{out}");
    let (code, out, _) = run(
        &[
            "render",
            "_posts/2024-01-02-hello.md",
            "--repo",
            repo,
            "--json",
        ],
        elsewhere.path(),
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["header"]["authors"][0], "Jane Doe");
    assert_eq!(v["headings"][0]["id"], "première-partie");
    assert_eq!(v["headings"][0]["line"], 6);
    assert_eq!(v["has_raw_html"], true);
}

#[test]
fn missing_post_and_post_outside_a_repo_are_clear_errors() {
    let d = blog();
    let (code, _, err) = run(&["render", "_posts/nope.md"], d.path());
    assert_eq!(code, 2);
    assert!(err.contains("There is no post at _posts/nope.md"), "{err}");
    let lone = tempfile::tempdir().unwrap();
    std::fs::write(lone.path().join("a.md"), "# x\n").unwrap();
    let (code, _, err) = run(&["render", "a.md"], lone.path());
    assert_eq!(code, 2);
    assert!(err.contains("not a Git repository"), "{err}");
}

fn git(root: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap();
    assert!(ok.success(), "git {args:?}");
}

#[test]
fn render_at_a_revision_reads_git_objects_not_the_working_tree() {
    let d = blog();
    let root = d.path();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "first"]);
    git(root, &["branch", "review-me"]);
    // The working tree moves on (unsaved work of the reviewer): --rev must not see it.
    std::fs::write(
        root.join("_posts/2024-01-02-hello.md"),
        "---\ntitle: Local edit\n---\nLocal text\n",
    )
    .unwrap();
    std::fs::remove_file(root.join("images/posts/hello/a b.jpg")).unwrap();
    let (code, out, err) = run(
        &[
            "render",
            "--rev",
            "review-me",
            "_posts/2024-01-02-hello.md",
            "--repo",
            ".",
        ],
        root,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Première partie"), "{out}");
    assert!(!out.contains("Local text"));
    // The image exists at that revision, though it was deleted from the working tree.
    assert!(out.contains("images/posts/hello/a%20b.jpg"), "{out}");
    assert!(
        !out.contains("Missing image: images/posts/hello/a b.jpg"),
        "{out}"
    );
    assert!(out.contains("gone.jpg"));
    // The working tree is untouched.
    assert_eq!(
        std::fs::read_to_string(root.join("_posts/2024-01-02-hello.md")).unwrap(),
        "---\ntitle: Local edit\n---\nLocal text\n"
    );
    let (code, _, err) = run(
        &[
            "render",
            "--rev",
            "nope",
            "_posts/2024-01-02-hello.md",
            "--repo",
            ".",
        ],
        root,
    );
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
}

/// Issue 23, finding 4: the app's URLs in a post's raw HTML (a file outside the repository,
/// a file of another revision) never reach the HTML; a relative `<img>` resolves as
/// `![](…)` does.
#[test]
fn raw_html_cannot_write_the_apps_urls() {
    let d = blog();
    let root = d.path();
    std::fs::write(root.join("images/x.png"), b"\x89PNG").unwrap();
    std::fs::write(
        root.join("_posts/2024-02-03-raw.md"),
        "---\ntitle: Raw\n---\n\n<img src=\"postdesk://localhost/../../etc/passwd\">\n\n<img src=\"postdesk://localhost/@rev/HEAD/_config.yml\">\n\n<img src=\"../images/x.png\">\n\n![md](../images/x.png)\n",
    )
    .unwrap();
    let (code, out, err) = run(&["render", "_posts/2024-02-03-raw.md"], root);
    assert_eq!(code, 0, "{err}");
    // Neither is written with the app's scheme (whatever else of them is shown as text).
    assert!(!out.contains("=\"postdesk://localhost/../"), "{out}");
    assert!(!out.contains("postdesk://localhost/@rev/"), "{out}");
    assert!(!out.contains("etc/passwd\""), "{out}");
    // The raw image and the Markdown one: the same URL, the only ones with the scheme.
    let resolved = "src=\"postdesk://localhost/images/x.png\"";
    assert_eq!(out.matches(resolved).count(), 2, "{out}");
    assert_eq!(out.matches("postdesk:").count(), 2, "{out}");
}
