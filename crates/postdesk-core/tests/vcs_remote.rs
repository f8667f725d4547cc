//! Push, fetch and fast-forward pull through the system `git`, against bare repositories.

mod vcs_support;

use std::time::Duration;

use postdesk_core::vcs::{self, CommitOptions, NetOptions, PostState, PullState, PushStatus};
use postdesk_core::ErrorKind;
use vcs_support::*;

fn commit_new_post(root: &std::path::Path) -> vcs::CommitOutcome {
    write_new_post(root);
    vcs::commit_post(root, &site(root), NEW_POST, &CommitOptions::default()).unwrap()
}

#[test]
fn push_creates_the_branch_sets_upstream_and_reports_progress() {
    let f = fixture();
    unrelated_changes(&f.work);
    let c = commit_new_post(&f.work);
    let before = snapshot_unrelated(&f.work);
    let mut lines = Vec::new();
    let out = vcs::push(&f.work, None, &c.branch, &mut |l| lines.push(l.to_string())).unwrap();
    assert_eq!(out.status, PushStatus::Created);
    assert_eq!(out.remote, "origin");
    assert_eq!(out.branch, "post/my-trip");
    assert_eq!(out.compare_url, None, "a local path has no web page");
    assert!(!lines.is_empty(), "progress lines are passed on");
    // The server has the commit; upstream is set.
    assert_eq!(
        git(&f.remote, &["rev-parse", "refs/heads/post/my-trip"]).trim(),
        c.commit
    );
    assert_eq!(
        git(
            &f.work,
            &["rev-parse", "--abbrev-ref", "post/my-trip@{upstream}"]
        )
        .trim(),
        "origin/post/my-trip"
    );
    assert_eq!(snapshot_unrelated(&f.work), before);
    let s = vcs::post_status(&f.work, &site(&f.work), NEW_POST).unwrap();
    assert_eq!(s.state, PostState::Pushed);
    assert_eq!((s.ahead, s.behind), (0, 0));

    // Pushing again: up to date.
    let again = vcs::push(&f.work, None, &c.branch, &mut |_| {}).unwrap();
    assert_eq!(again.status, PushStatus::UpToDate);
    // A new commit: committed, ahead 1, then updated.
    let text = std::fs::read_to_string(f.work.join(NEW_POST)).unwrap();
    write(&f.work, NEW_POST, format!("{text}More\n"));
    vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap();
    let s = vcs::post_status(&f.work, &site(&f.work), NEW_POST).unwrap();
    assert_eq!((s.state, s.ahead), (PostState::Committed, 1));
    let upd = vcs::push(&f.work, None, &c.branch, &mut |_| {}).unwrap();
    assert_eq!(upd.status, PushStatus::Updated);
}

#[test]
fn push_to_a_file_url_remote_by_name() {
    let f = fixture();
    let url = format!("file://{}", f.remote.display());
    git(&f.work, &["remote", "add", "mirror", &url]);
    let c = commit_new_post(&f.work);
    let out = vcs::push(&f.work, Some("mirror"), &c.branch, &mut |_| {}).unwrap();
    assert_eq!(out.status, PushStatus::Created);
    assert_eq!(out.url, url);
    assert_eq!(
        git(&f.remote, &["rev-parse", "refs/heads/post/my-trip"]).trim(),
        c.commit
    );
}

#[test]
fn rejected_push_keeps_the_commit_and_pull_explains_divergence() {
    let f = fixture();
    let c = commit_new_post(&f.work);
    vcs::push(&f.work, None, &c.branch, &mut |_| {}).unwrap();
    // A colleague pushes to the same branch.
    let other = clone(f.dir.path(), &f.remote, "other", "Editor");
    git(&other, &["switch", "-q", "post/my-trip"]);
    write(
        &other,
        NEW_POST,
        "---\ntitle: My Trip (edited)\n---\nEdited.\n",
    );
    git(&other, &["commit", "-q", "-am", "edit"]);
    git(&other, &["push", "-q", "origin", "post/my-trip"]);
    // The writer commits too, without pulling.
    let text = std::fs::read_to_string(f.work.join(NEW_POST)).unwrap();
    write(&f.work, NEW_POST, format!("{text}Mine\n"));
    let mine =
        vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap();
    unrelated_changes(&f.work);
    let before = snapshot_unrelated(&f.work);

    let e = vcs::push(&f.work, None, "post/my-trip", &mut |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Rejected, "{}", e.message);
    assert!(e.message.contains("Your commit is kept"), "{}", e.message);
    assert_eq!(rev(&f.work, "post/my-trip"), mine.commit);

    let p = vcs::pull_ff(&f.work, &mut |_| {}).unwrap();
    assert_eq!(p.state, PullState::Diverged);
    assert_eq!((p.ahead, p.behind), (1, 1));
    assert!(p.message.contains("diverged"), "{}", p.message);
    assert_eq!(rev(&f.work, "HEAD"), mine.commit);
    assert_eq!(snapshot_unrelated(&f.work), before);
}

#[test]
fn pull_fast_forwards_and_keeps_local_changes() {
    let f = fixture();
    let other = clone(f.dir.path(), &f.remote, "other", "Editor");
    write(
        &other,
        "_posts/2024-02-02-news.md",
        "---\ntitle: News\n---\nNew.\n",
    );
    git(&other, &["add", "-A"]);
    git(&other, &["commit", "-q", "-m", "news"]);
    git(&other, &["push", "-q", "origin", "main"]);
    unrelated_changes(&f.work);
    let before = snapshot_unrelated(&f.work);
    let p = vcs::pull_ff(&f.work, &mut |_| {}).unwrap();
    assert_eq!(p.state, PullState::FastForwarded, "{}", p.message);
    assert_eq!(p.behind, 1);
    assert_eq!(rev(&f.work, "HEAD"), rev(&other, "HEAD"));
    assert!(f.work.join("_posts/2024-02-02-news.md").exists());
    assert_eq!(snapshot_unrelated(&f.work), before);
    let p = vcs::pull_ff(&f.work, &mut |_| {}).unwrap();
    assert_eq!(p.state, PullState::UpToDate);
    // fetch alone
    let fo = vcs::fetch(&f.work, None, &mut |_| {}).unwrap();
    assert_eq!(fo.remote, "origin");
}

#[test]
fn unreachable_remotes_fail_fast_as_network_errors() {
    let f = fixture();
    let c = commit_new_post(&f.work);
    for url in ["ssh://git@127.0.0.1:9/x.git", "https://127.0.0.1:9/x.git"] {
        git(&f.work, &["remote", "set-url", "origin", url]);
        let opts = NetOptions {
            idle_timeout: Duration::from_secs(20),
            connect_timeout_secs: 5,
        };
        let e = vcs::push_with(&f.work, None, &c.branch, &mut |_| {}, opts).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Network, "{url}: {}", e.message);
        assert!(e.message.contains("Could not reach"), "{}", e.message);
        assert_eq!(rev(&f.work, &c.branch), c.commit);
    }
    // A remote URL with a token: the token never appears in the message.
    git(
        &f.work,
        &[
            "remote",
            "set-url",
            "origin",
            "https://me:s3cret-token@127.0.0.1:9/x.git",
        ],
    );
    let e = vcs::push(&f.work, None, &c.branch, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network, "{}", e.message);
    assert!(!e.message.contains("s3cret"), "{}", e.message);
}

#[test]
fn a_silent_remote_is_stopped_after_the_idle_timeout() {
    let f = fixture();
    let c = commit_new_post(&f.work);
    let script = f.dir.path().join("hang.sh");
    write(f.dir.path(), "hang.sh", "#!/bin/sh\nsleep 20\n");
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .unwrap();
    git(
        &f.work,
        &["config", "core.sshCommand", script.to_str().unwrap()],
    );
    git(
        &f.work,
        &[
            "remote",
            "set-url",
            "origin",
            "ssh://git@example.invalid/x.git",
        ],
    );
    let opts = NetOptions {
        idle_timeout: Duration::from_secs(1),
        connect_timeout_secs: 1,
    };
    let e = vcs::push_with(&f.work, None, &c.branch, &mut |_| {}, opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network, "{}", e.message);
    // The idle timeout's own message: the push was stopped, not ended by the script (which
    // ends after 20 s with a different error). No clock is read: a slow machine passes too.
    assert!(e.message.contains("did not answer"), "{}", e.message);
}

#[test]
fn missing_remotes_are_named() {
    let f = fixture();
    let c = commit_new_post(&f.work);
    let e = vcs::push(&f.work, Some("upstream"), &c.branch, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(
        e.message.contains("no remote named `upstream`"),
        "{}",
        e.message
    );
    git(&f.work, &["remote", "remove", "origin"]);
    let e = vcs::push(&f.work, None, &c.branch, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.contains("git remote add origin"), "{}", e.message);
    // A remote whose repository does not exist.
    git(
        &f.work,
        &["remote", "add", "origin", "/nonexistent/repo.git"],
    );
    let e = vcs::push(&f.work, None, &c.branch, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{}", e.message);
    let e = vcs::push(&f.work, None, "no-such-branch", &mut |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(rev(&f.work, &c.branch), c.commit);
}
