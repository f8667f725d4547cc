//! `postdesk commit` runs the repository's commit hooks as `git commit <paths>` does (issue 18):
//! `pre-commit`, `prepare-commit-msg`, `commit-msg` before, `post-commit` after; a failing one
//! stops the commit and changes nothing; `--no-verify` skips the two git skips.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

mod common;
use common::repo::{git, postdesk};

const POST: &str = "_posts/2024-06-01-hello.md";
const PHOTO: &str = "images/posts/hello/p.png";
/// A real 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0cIDAT\x78\x9c\x63\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xae\x42\x60\x82";

struct Setup {
    _dir: tempfile::TempDir,
    home: PathBuf,
    /// Where the hooks leave their traces (outside the repository).
    log: PathBuf,
    work: PathBuf,
}

/// A repository with one commit, a new post with a picture, and other work of the writer's: a
/// staged file and an unstaged change.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let home = base.join("home");
    let log = base.join("log");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&log).unwrap();
    std::fs::write(home.join(".gitconfig"), "").unwrap();
    let work = base.join("work");
    git(&home, &base, &["init", "-q", "-b", "main", "work"]);
    git(&home, &work, &["config", "user.name", "Writer"]);
    git(&home, &work, &["config", "user.email", "w@example.org"]);
    std::fs::create_dir_all(work.join("_posts")).unwrap();
    std::fs::write(work.join("_config.yml"), "title: t\n").unwrap();
    std::fs::write(
        work.join("_posts/2024-01-01-old.md"),
        "---\ntitle: Old\n---\nHi\n",
    )
    .unwrap();
    git(&home, &work, &["add", "-A"]);
    git(&home, &work, &["commit", "-q", "-m", "init"]);
    std::fs::create_dir_all(work.join("images/posts/hello")).unwrap();
    std::fs::write(work.join(PHOTO), PNG).unwrap();
    std::fs::write(
        work.join(POST),
        format!("---\ntitle: Hello\n---\n![a photo](/{PHOTO})\n"),
    )
    .unwrap();
    std::fs::write(work.join("todo.txt"), "todo\n").unwrap();
    git(&home, &work, &["add", "todo.txt"]);
    std::fs::write(work.join("_config.yml"), "title: changed\n").unwrap();
    Setup {
        _dir: dir,
        home,
        log,
        work,
    }
}

/// Writes an executable hook `name` into `dir` with `body` after `#!/bin/sh`.
fn hook(dir: &Path, name: &str, body: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// What must not change when a commit is refused.
fn snapshot(s: &Setup) -> (Vec<u8>, String, String, String) {
    (
        std::fs::read(s.work.join(".git/index")).unwrap(),
        git(&s.home, &s.work, &["rev-parse", "HEAD"]),
        git(&s.home, &s.work, &["branch", "--format=%(refname:short)"]),
        git(&s.home, &s.work, &["status", "--porcelain"]),
    )
}

#[test]
fn a_failing_pre_commit_stops_the_commit_with_its_output_and_changes_nothing() {
    let s = setup();
    hook(
        &s.work.join(".git/hooks"),
        "pre-commit",
        "echo 'lint: _posts/2024-06-01-hello.md: line 4: no description'\necho 'lint failed' >&2\nexit 1",
    );
    let before = snapshot(&s);
    let o = postdesk(&s.home, &s.work, &["commit", POST]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("pre-commit"), "{err}");
    assert!(
        err.contains("lint: _posts/2024-06-01-hello.md: line 4: no description\nlint failed"),
        "{err}"
    );
    assert!(err.contains("Nothing was committed"), "{err}");
    assert_eq!(snapshot(&s), before);
}

#[test]
fn passing_hooks_run_once_as_git_runs_them_and_commit_msg_rewrites_the_message() {
    let s = setup();
    let log = s.log.display();
    let hooks = s.work.join(".git/hooks");
    hook(
        &hooks,
        "pre-commit",
        &format!(
            "echo run >> {log}/pre-commit.count\n\
             pwd > {log}/pre-commit.pwd\n\
             git diff --cached --name-only > {log}/pre-commit.staged\n\
             echo \"$GIT_INDEX_FILE\" > {log}/pre-commit.index\n\
             echo 'pre-commit: all good'"
        ),
    );
    hook(
        &hooks,
        "prepare-commit-msg",
        &format!("echo \"$2\" > {log}/prepare.source\ncat \"$1\" > {log}/prepare.message"),
    );
    hook(
        &hooks,
        "commit-msg",
        "printf 'Hello: rewritten\\n\\nSigned-off-by: Writer <w@example.org>\\n' > \"$1\"",
    );
    hook(
        &hooks,
        "post-commit",
        &format!("git rev-parse HEAD > {log}/post-commit.head\necho 'post-commit: done'"),
    );

    let o = postdesk(
        &s.home,
        &s.work,
        &["commit", POST, "-m", "Add Hello", "--json"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let read = |name: &str| std::fs::read_to_string(s.log.join(name)).unwrap();
    assert_eq!(read("pre-commit.count"), "run\n");
    assert_eq!(read("pre-commit.pwd").trim(), s.work.display().to_string());
    // The hook sees the post's files staged, and only them (as `git commit <paths>` shows it).
    assert_eq!(read("pre-commit.staged"), format!("{POST}\n{PHOTO}\n"));
    assert!(
        !read("pre-commit.index").trim().ends_with(".git/index"),
        "the hook saw the writer's own index"
    );
    assert_eq!(read("prepare.source"), "message\n");
    assert_eq!(read("prepare.message").trim(), "Add Hello");
    let head = git(&s.home, &s.work, &["rev-parse", "HEAD"]);
    assert_eq!(read("post-commit.head"), head);
    assert_eq!(
        git(&s.home, &s.work, &["log", "-1", "--format=%B"]).trim(),
        "Hello: rewritten\n\nSigned-off-by: Writer <w@example.org>"
    );

    // The JSON keeps its fields and gains the hooks' output; the output is on stderr too.
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "branch",
        "commit",
        "created_branch",
        "files",
        "left_out",
        "message",
        "signed",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
    assert_eq!(v["commit"].as_str().unwrap(), head.trim());
    assert_eq!(
        v["message"],
        "Hello: rewritten\n\nSigned-off-by: Writer <w@example.org>"
    );
    let output = v["hook_output"].as_str().unwrap();
    assert!(output.contains("pre-commit: all good"), "{output}");
    assert!(output.contains("post-commit: done"), "{output}");
    assert!(err.contains("pre-commit: all good"), "{err}");

    // The writer's other work is as it was.
    assert_eq!(
        git(&s.home, &s.work, &["status", "--porcelain"]),
        " M _config.yml\nA  todo.txt\n"
    );
}

#[test]
fn no_verify_skips_pre_commit_and_commit_msg_but_not_the_others() {
    let s = setup();
    let log = s.log.display();
    let hooks = s.work.join(".git/hooks");
    hook(&hooks, "pre-commit", "echo 'pre-commit ran'\nexit 1");
    hook(&hooks, "commit-msg", "echo 'commit-msg ran'\nexit 1");
    hook(
        &hooks,
        "prepare-commit-msg",
        &format!("echo ran > {log}/prepare"),
    );
    hook(&hooks, "post-commit", &format!("echo ran > {log}/post"));
    let o = postdesk(&s.home, &s.work, &["commit", POST, "--no-verify"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("ran"), "{err}");
    assert!(s.log.join("prepare").exists());
    assert!(s.log.join("post").exists());
    assert_eq!(
        git(&s.home, &s.work, &["log", "-1", "--format=%s"]).trim(),
        "Add post: Hello"
    );
}

#[test]
fn a_failing_commit_msg_stops_the_commit() {
    let s = setup();
    hook(
        &s.work.join(".git/hooks"),
        "commit-msg",
        "echo 'commit-msg: say why in the message' >&2\nexit 1",
    );
    let before = snapshot(&s);
    let o = postdesk(&s.home, &s.work, &["commit", POST]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("commit-msg: say why in the message"), "{err}");
    assert_eq!(snapshot(&s), before);
}

#[test]
fn core_hooks_path_is_honoured_and_non_executable_hooks_are_skipped_with_gits_hint() {
    let s = setup();
    // A hook in .git/hooks is not the one that runs once core.hooksPath says otherwise.
    hook(&s.work.join(".git/hooks"), "pre-commit", "exit 0");
    hook(
        &s.work.join(".githooks"),
        "pre-commit",
        "echo 'from .githooks'\nexit 1",
    );
    git(&s.home, &s.work, &["config", "core.hooksPath", ".githooks"]);
    let before = snapshot(&s);
    let o = postdesk(&s.home, &s.work, &["commit", POST]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("from .githooks"), "{err}");
    assert_eq!(snapshot(&s), before);

    // Not executable: skipped, with git's hint.
    let p = s.work.join(".githooks/pre-commit");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = postdesk(&s.home, &s.work, &["commit", POST]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "hint: The '.githooks/pre-commit' hook was ignored because it's not set as executable."
        ),
        "{err}"
    );
}
