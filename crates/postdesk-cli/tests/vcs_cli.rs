//! `postdesk status / commit / push / review` on real repositories with a bare remote.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn isolated<'a>(cmd: &'a mut Command, home: &Path) -> &'a mut Command {
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_SSH_COMMAND")
}

fn git(home: &Path, dir: &Path, args: &[&str]) -> String {
    let out = isolated(Command::new("git").arg("-C").arg(dir).args(args), home)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn postdesk(home: &Path, dir: &Path, args: &[&str]) -> Output {
    isolated(
        Command::new(env!("CARGO_BIN_EXE_postdesk"))
            .current_dir(dir)
            .args(args),
        home,
    )
    .output()
    .unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

struct Setup {
    _dir: tempfile::TempDir,
    home: PathBuf,
    base: PathBuf,
    work: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let home = base.join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join(".gitconfig"), "").unwrap();
    git(
        &home,
        &base,
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    let work = base.join("work");
    git(&home, &base, &["clone", "-q", "remote.git", "work"]);
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
    git(&home, &work, &["push", "-q", "-u", "origin", "main"]);
    Setup {
        _dir: dir,
        home,
        base,
        work,
    }
}

#[test]
fn status_commit_push_and_review_from_another_clone() {
    let s = setup();
    let post = "_posts/2024-06-01-hello-world.md";
    std::fs::create_dir_all(s.work.join("images/posts/hello")).unwrap();
    std::fs::write(s.work.join("images/posts/hello/p.jpg"), b"\xff\xd8\xffjpeg").unwrap();
    std::fs::write(
        s.work.join(post),
        "---\ntitle: Hello World\n---\n![p](/images/posts/hello/p.jpg)\n",
    )
    .unwrap();
    // Unrelated staged work.
    std::fs::write(s.work.join("todo.txt"), "todo\n").unwrap();
    git(&s.home, &s.work, &["add", "todo.txt"]);

    let st = stdout(&postdesk(&s.home, &s.work, &["status", post, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&st).unwrap();
    assert_eq!(v["state"], "new");
    assert_eq!(v["branch"], "main");
    assert_eq!(v["suggested_branch"], "post/hello-world");
    assert_eq!(v["files"][1]["path"], "images/posts/hello/p.jpg");
    assert_eq!(v["files"][1]["state"], "new");
    let text = stdout(&postdesk(&s.home, &s.work, &["status", post]));
    assert!(
        text.contains("Committing will create the branch post/hello-world"),
        "{text}"
    );

    let out = stdout(&postdesk(&s.home, &s.work, &["commit", post]));
    let head = git(&s.home, &s.work, &["rev-parse", "HEAD"]);
    assert!(out.contains("branch: post/hello-world (new)"), "{out}");
    assert!(out.contains(&format!("commit: {}", head.trim())), "{out}");
    assert_eq!(
        git(&s.home, &s.work, &["status", "--porcelain"]),
        "A  todo.txt\n"
    );

    let out = stdout(&postdesk(&s.home, &s.work, &["push"]));
    assert!(out.contains("post/hello-world created on origin"), "{out}");
    let st = stdout(&postdesk(&s.home, &s.work, &["status", post, "--json"]));
    assert!(st.contains("\"state\": \"pushed\""), "{st}");

    // A reviewer in another clone, with their own uncommitted edit.
    git(&s.home, &s.base, &["clone", "-q", "remote.git", "rv"]);
    let rv = s.base.join("rv");
    std::fs::write(rv.join("_posts/2024-01-01-old.md"), "mine\n").unwrap();
    let out = stdout(&postdesk(
        &s.home,
        &s.base,
        &["review", "rv", "origin/post/hello-world", "--json"],
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["path"], post);
    assert_eq!(v[0]["change"], "added");
    assert_eq!(v[0]["title"], "Hello World");
    let out = stdout(&postdesk(
        &s.home,
        &rv,
        &["review", ".", "origin/post/hello-world", "--base", "main"],
    ));
    assert!(out.starts_with("added"), "{out}");
    assert_eq!(
        std::fs::read_to_string(rv.join("_posts/2024-01-01-old.md")).unwrap(),
        "mine\n"
    );
    assert!(!rv.join(post).exists());
}

#[test]
fn errors_are_clear_and_exit_with_2() {
    let s = setup();
    let post = "_posts/2024-01-01-old.md";
    let o = postdesk(&s.home, &s.work, &["commit", post]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Nothing to commit"), "{err}");
    git(
        &s.home,
        &s.work,
        &["remote", "set-url", "origin", "ssh://git@127.0.0.1:9/x.git"],
    );
    let o = postdesk(&s.home, &s.work, &["push", "--repo", "."]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Could not reach `origin`"), "{err}");
    assert!(err.contains("Your commits are kept"), "{err}");
    let o = postdesk(&s.home, &s.work, &["review", ".", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such-branch"));
    let o = postdesk(
        &s.home,
        &s.work,
        &["commit", post, "--branch", "x", "--no-branch"],
    );
    assert_eq!(o.status.code(), Some(2), "clap refuses conflicting flags");
}
