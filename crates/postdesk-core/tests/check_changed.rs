//! `--changed-since`: only the posts a branch adds or changes (and the posts linking a changed
//! image), measured against the merge base.

mod check_support;

use std::path::Path;

use postdesk_core::check;

fn git(root: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The fixture blog committed on `main`, then a `new-post` branch.
pub fn repo() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, root) = check_support::blog();
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "blog"]);
    git(&root, &["checkout", "-qb", "new-post"]);
    (d, root)
}

const NEW: &str = "---\nlayout: post\ntitle: New\ndescription: D\nauthor: nobody\ntags: [rust]\ncomments: true\n---\n\n![](/images/posts/nope.png)\n";

#[test]
fn a_branch_with_one_new_post_reports_only_that_post() {
    let (_d, root) = repo();
    // main moves on after the branch started: its changes are not the branch's.
    git(&root, &["checkout", "-q", "main"]);
    std::fs::write(root.join("_posts/2024-02-21-on-main.md"), NEW).unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "main moves"]);
    git(&root, &["checkout", "-q", "new-post"]);

    std::fs::write(root.join("_posts/2024-03-01-new.md"), NEW).unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "new post"]);
    let ctx = check_support::context(&root);
    let posts = check::changed_since(&ctx, "main").unwrap();
    assert_eq!(posts, ["_posts/2024-03-01-new.md"]);
    let r = check::run_posts(&ctx, &posts);
    assert!(
        r.findings
            .iter()
            .all(|f| f.path == "_posts/2024-03-01-new.md"),
        "{r:#?}"
    );
    for rule in ["fm-author-unknown", "img-missing", "img-alt-missing"] {
        assert!(r.findings.iter().any(|f| f.rule == rule), "{rule}: {r:#?}");
    }

    // Uncommitted and untracked work counts too; deleted files do not.
    std::fs::write(root.join("_posts/2024-03-02-draft.md"), NEW).unwrap();
    std::fs::remove_file(root.join("_posts/2024-02-20-fifth-post.md")).unwrap();
    let ctx = check_support::context(&root);
    let posts = check::changed_since(&ctx, "main").unwrap();
    assert_eq!(
        posts,
        ["_posts/2024-03-01-new.md", "_posts/2024-03-02-draft.md"]
    );
}

#[test]
fn a_changed_image_checks_the_posts_linking_it() {
    let (_d, root) = repo();
    std::fs::write(
        root.join("images/posts/2024-02-10-fourth-post/small.png"),
        b"not a png",
    )
    .unwrap();
    let ctx = check_support::context(&root);
    assert_eq!(
        check::changed_since(&ctx, "main").unwrap(),
        ["_posts/2024-02-10-fourth-post.md"]
    );
    let e = check::changed_since(&ctx, "no-such-branch").unwrap_err();
    assert_eq!(e.kind, postdesk_core::ErrorKind::Invalid, "{}", e.message);
    assert!(e.message.contains("no-such-branch"), "{}", e.message);
}
