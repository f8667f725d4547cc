//! Committing a post: exactly its files, on its own branch, leaving all other work alone.

mod vcs_support;

use postdesk_core::vcs::{self, CommitOptions, FileRole, FileState, PostState};
use postdesk_core::ErrorKind;
use vcs_support::*;

fn files_changed(root: &std::path::Path, from: &str, to: &str) -> Vec<String> {
    let mut v: Vec<String> = git(root, &["diff", "--name-only", from, to])
        .lines()
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

#[test]
fn status_lists_the_post_its_images_and_new_author() {
    let f = fixture();
    write_new_post(&f.work);
    let s = vcs::post_status(&f.work, &site(&f.work), NEW_POST).unwrap();
    assert_eq!(s.state, PostState::New);
    assert_eq!(s.branch.as_deref(), Some("main"));
    assert_eq!(s.default_branch.as_deref(), Some("main"));
    assert!(s.on_default_branch);
    assert_eq!(s.upstream.as_deref(), Some("origin/main"));
    assert_eq!(s.suggested_branch, "post/my-trip");
    assert_eq!(s.title, "My Trip");
    let got: Vec<(&str, FileRole, FileState)> = s
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.role, f.state))
        .collect();
    assert_eq!(
        got,
        vec![
            (NEW_POST, FileRole::Post, FileState::New),
            (
                "images/posts/my-trip/thumb.png",
                FileRole::Image,
                FileState::New
            ),
            (
                "images/posts/my-trip/a.png",
                FileRole::Image,
                FileState::New
            ),
            ("images/posts/old/a.png", FileRole::Image, FileState::Pushed),
            ("_data/authors.yml", FileRole::Authors, FileState::Modified),
        ]
    );
    // An existing post with an existing author: no authors file.
    let s = vcs::post_status(&f.work, &site(&f.work), "_posts/2024-01-01-old.md").unwrap();
    assert_eq!(s.state, PostState::Pushed);
    assert_eq!(s.files.len(), 2);
}

#[test]
fn commit_takes_only_the_post_files_and_leaves_other_work_untouched() {
    let f = fixture();
    write_new_post(&f.work);
    unrelated_changes(&f.work);
    let before = snapshot_unrelated(&f.work);
    let main_before = rev(&f.work, "main");

    let out =
        vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap();
    assert_eq!(out.branch, "post/my-trip");
    assert!(out.created_branch);
    assert_eq!(out.message, "Add post: My Trip");
    assert!(!out.signed);
    assert_eq!(head_branch(&f.work), "post/my-trip");
    assert_eq!(rev(&f.work, "HEAD"), out.commit);
    // main did not move; the commit's parent is main.
    assert_eq!(rev(&f.work, "main"), main_before);
    assert_eq!(rev(&f.work, "HEAD^"), main_before);
    assert_eq!(
        files_changed(&f.work, "main", "HEAD"),
        vec![
            "_data/authors.yml".to_string(),
            NEW_POST.into(),
            "images/posts/my-trip/a.png".into(),
            "images/posts/my-trip/thumb.png".into(),
        ]
    );
    // Committed content is the working-tree content.
    assert_eq!(
        git(&f.work, &["show", &format!("HEAD:{NEW_POST}")]),
        std::fs::read_to_string(f.work.join(NEW_POST)).unwrap()
    );
    // Unrelated staged/unstaged/untracked changes are exactly as they were.
    assert_eq!(snapshot_unrelated(&f.work), before);
    // The post's files are clean for `git status`.
    let st = git(
        &f.work,
        &[
            "status",
            "--porcelain",
            "--",
            NEW_POST,
            "images/posts/my-trip",
            "_data/authors.yml",
        ],
    );
    assert_eq!(st, "");
    let author = git(&f.work, &["log", "-1", "--format=%an <%ae>|%cn"]);
    assert_eq!(author.trim(), "Writer <writer@example.org>|Writer");

    let s = vcs::post_status(&f.work, &site(&f.work), NEW_POST).unwrap();
    assert_eq!(s.state, PostState::Committed);
    assert!(!s.on_default_branch);
    assert!(s
        .files
        .iter()
        .all(|f| f.state != FileState::New && f.state != FileState::Modified));

    // Editing again: an update on the same branch, with the given message.
    let text = std::fs::read_to_string(f.work.join(NEW_POST)).unwrap();
    write(&f.work, NEW_POST, format!("{text}\nMore.\n"));
    assert_eq!(
        vcs::post_status(&f.work, &site(&f.work), NEW_POST)
            .unwrap()
            .state,
        PostState::Modified
    );
    let out2 = vcs::commit_post(
        &f.work,
        &site(&f.work),
        NEW_POST,
        &CommitOptions {
            message: Some("Typos".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(out2.branch, "post/my-trip");
    assert!(!out2.created_branch);
    assert_eq!(git(&f.work, &["log", "-1", "--format=%s"]).trim(), "Typos");
    assert_eq!(
        files_changed(&f.work, &out.commit, &out2.commit),
        vec![NEW_POST.to_string()]
    );
    assert_eq!(snapshot_unrelated(&f.work), before);

    // Nothing left to commit.
    let e =
        vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(e.message.contains("Nothing to commit"), "{}", e.message);
}

#[test]
fn update_message_and_no_branch_commit_on_main() {
    let f = fixture();
    let post = "_posts/2024-01-01-old.md";
    let text = std::fs::read_to_string(f.work.join(post)).unwrap();
    write(&f.work, post, text.replace("Hello", "Hello again"));
    let out = vcs::commit_post(
        &f.work,
        &site(&f.work),
        post,
        &CommitOptions {
            no_branch: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(out.branch, "main");
    assert!(!out.created_branch);
    assert_eq!(out.message, "Update post: Old post");
    assert_eq!(rev(&f.work, "main"), out.commit);
    assert_eq!(
        files_changed(&f.work, "HEAD^", "HEAD"),
        vec![post.to_string()]
    );
}

#[test]
fn branch_name_clash_is_refused_with_a_free_name() {
    let f = fixture();
    // Someone already has post/my-trip with other history.
    git(&f.work, &["switch", "-q", "-c", "post/my-trip"]);
    write(&f.work, "other.txt", "x");
    git(&f.work, &["add", "other.txt"]);
    git(&f.work, &["commit", "-q", "-m", "other"]);
    git(&f.work, &["switch", "-q", "main"]);
    write_new_post(&f.work);
    unrelated_changes(&f.work);
    let before = snapshot_unrelated(&f.work);
    let index_before = std::fs::read(f.work.join(".git/index")).unwrap();
    let e =
        vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("post/my-trip-2"), "{}", e.message);
    assert_eq!(head_branch(&f.work), "main");
    assert_eq!(
        std::fs::read(f.work.join(".git/index")).unwrap(),
        index_before
    );
    let out = vcs::commit_post(
        &f.work,
        &site(&f.work),
        NEW_POST,
        &CommitOptions {
            branch: Some("post/my-trip-2".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(out.branch, "post/my-trip-2");
    assert!(out.created_branch);
    assert_eq!(head_branch(&f.work), "post/my-trip-2");
    assert_eq!(snapshot_unrelated(&f.work), before);
    // A branch that exists at HEAD is simply reused.
    git(&f.work, &["switch", "-q", "main"]);
    git(&f.work, &["branch", "post/again"]);
    let text = std::fs::read_to_string(f.work.join("_posts/2024-01-01-old.md")).unwrap();
    // (the unrelated unstaged edit of the old post is committed with it here: it is the post)
    write(&f.work, "_posts/2024-01-01-old.md", format!("{text}x\n"));
    let out = vcs::commit_post(
        &f.work,
        &site(&f.work),
        "_posts/2024-01-01-old.md",
        &CommitOptions {
            branch: Some("post/again".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!out.created_branch);
    assert_eq!(rev(&f.work, "post/again"), out.commit);
}

#[test]
fn refuses_detached_head_merge_in_progress_and_missing_identity() {
    let f = fixture();
    write_new_post(&f.work);
    let site = site(&f.work);
    let opts = CommitOptions::default();

    git(&f.work, &["switch", "-q", "--detach"]);
    let e = vcs::commit_post(&f.work, &site, NEW_POST, &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("detached"), "{}", e.message);
    git(&f.work, &["switch", "-q", "main"]);

    let head = rev(&f.work, "HEAD");
    std::fs::write(f.work.join(".git/MERGE_HEAD"), format!("{head}\n")).unwrap();
    let e = vcs::commit_post(&f.work, &site, NEW_POST, &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("merge"), "{}", e.message);
    assert_eq!(
        vcs::post_status(&f.work, &site, NEW_POST)
            .unwrap()
            .operation
            .as_deref(),
        Some("a merge")
    );
    std::fs::remove_file(f.work.join(".git/MERGE_HEAD")).unwrap();

    git(&f.work, &["config", "--unset", "user.email"]);
    let e = vcs::commit_post(&f.work, &site, NEW_POST, &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Identity);
    assert!(
        e.message.contains("git config --global user.email"),
        "{}",
        e.message
    );
    assert_eq!(head_branch(&f.work), "main");
    assert_eq!(git(&f.work, &["branch", "--list", "post/*"]), "");
}

#[test]
fn signed_commits_when_the_config_asks_for_them() {
    let f = fixture();
    let key = f.dir.path().join("sign_key");
    let ok = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("ssh-keygen not available: signing test skipped");
        return;
    }
    git(&f.work, &["config", "commit.gpgsign", "true"]);
    git(&f.work, &["config", "gpg.format", "ssh"]);
    // A key that does not exist: a clear error, nothing committed.
    git(&f.work, &["config", "user.signingkey", "/nonexistent/key"]);
    write_new_post(&f.work);
    let head = rev(&f.work, "HEAD");
    let e =
        vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Git);
    assert!(
        e.message.contains("Signing the commit failed"),
        "{}",
        e.message
    );
    assert_eq!(rev(&f.work, "HEAD"), head);
    assert_eq!(head_branch(&f.work), "main");

    git(
        &f.work,
        &["config", "user.signingkey", key.to_str().unwrap()],
    );
    let out =
        vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap();
    assert!(out.signed);
    let raw = git(&f.work, &["cat-file", "commit", &out.commit]);
    assert!(
        raw.contains("gpgsig -----BEGIN SSH SIGNATURE-----"),
        "{raw}"
    );
    assert!(raw.contains("author Writer <writer@example.org>"), "{raw}");
    assert_eq!(head_branch(&f.work), "post/my-trip");
}

#[test]
fn new_repository_without_commits_gets_a_root_commit() {
    isolate();
    let d = tempfile::tempdir().unwrap();
    let root = d.path().canonicalize().unwrap();
    git(&root, &["init", "-q", "-b", "main"]);
    identity(&root, "Writer");
    write(&root, "_config.yml", "title: x\n");
    write(
        &root,
        "_posts/2024-01-01-first.md",
        "---\ntitle: First\n---\nHi\n",
    );
    let out = vcs::commit_post(
        &root,
        &site(&root),
        "_posts/2024-01-01-first.md",
        &CommitOptions::default(),
    )
    .unwrap();
    assert_eq!(out.branch, "main");
    assert_eq!(
        git(&root, &["ls-tree", "-r", "--name-only", "HEAD"]).trim(),
        "_posts/2024-01-01-first.md"
    );
    // _config.yml stays untracked.
    assert_eq!(
        git(&root, &["status", "--porcelain"]).trim(),
        "?? _config.yml"
    );
}
