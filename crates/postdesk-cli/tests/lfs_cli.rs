//! Publish, review and check in a blog whose `.gitattributes` sends pictures to Git LFS, with
//! the real `git` and `git-lfs` (issue 18). Skipped, with a note, when `git-lfs` is missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::repo::{git, isolated, postdesk};

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn has_git_lfs() -> bool {
    let ok = Command::new("git")
        .args(["lfs", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: git-lfs is not installed (scripts/setup.sh test installs it)");
    }
    ok
}

/// A tiny JPEG (its first bytes are all Publish looks at).
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01photo-bytes";
const POST: &str = "_posts/2024-06-01-hello.md";
const PHOTO: &str = "images/posts/hello/p.jpg";

struct Setup {
    _dir: tempfile::TempDir,
    home: PathBuf,
    base: PathBuf,
    work: PathBuf,
}

/// A bare remote and a clone of it whose `.gitattributes` sends `*.jpg` to LFS, Git LFS set up
/// for the (throw-away) user as `git lfs install` does, and a post with a photo, uncommitted.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let home = base.join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join(".gitconfig"), "").unwrap();
    git(&home, &base, &["lfs", "install", "--skip-repo"]);
    git(
        &home,
        &base,
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    let work = base.join("work");
    git(&home, &base, &["clone", "-q", "remote.git", "work"]);
    git(&home, &work, &["lfs", "install"]);
    git(&home, &work, &["config", "user.name", "Writer"]);
    git(&home, &work, &["config", "user.email", "w@example.org"]);
    std::fs::create_dir_all(work.join("_posts")).unwrap();
    std::fs::write(work.join("_config.yml"), "title: t\n").unwrap();
    std::fs::write(
        work.join(".gitattributes"),
        "*.jpg filter=lfs diff=lfs merge=lfs -text\n",
    )
    .unwrap();
    std::fs::write(
        work.join("_posts/2024-01-01-old.md"),
        "---\ntitle: Old\n---\nHi\n",
    )
    .unwrap();
    git(&home, &work, &["add", "-A"]);
    git(&home, &work, &["commit", "-q", "-m", "init"]);
    git(&home, &work, &["push", "-q", "-u", "origin", "main"]);
    std::fs::create_dir_all(work.join("images/posts/hello")).unwrap();
    std::fs::write(work.join(PHOTO), JPEG).unwrap();
    std::fs::write(
        work.join(POST),
        format!("---\ntitle: Hello\n---\n![a photo](/{PHOTO})\n"),
    )
    .unwrap();
    Setup {
        _dir: dir,
        home,
        base,
        work,
    }
}

#[test]
fn commit_stores_an_lfs_pointer_and_push_and_clone_carry_the_photo() {
    if !has_git_lfs() {
        return;
    }
    let s = setup();
    // The writer's other work, staged and not: left as it is.
    std::fs::write(s.work.join("todo.txt"), "todo\n").unwrap();
    git(&s.home, &s.work, &["add", "todo.txt"]);
    std::fs::write(s.work.join("_config.yml"), "title: changed\n").unwrap();

    let out = stdout(&postdesk(&s.home, &s.work, &["commit", POST]));
    assert!(out.contains("branch: post/hello (new)"), "{out}");
    let blob = git(
        &s.home,
        &s.work,
        &["cat-file", "-p", &format!("HEAD:{PHOTO}")],
    );
    assert!(
        blob.starts_with("version https://git-lfs.github.com/spec/v1\n"),
        "the commit holds the raw photo, not an LFS pointer: {blob:?}"
    );
    assert!(
        git(&s.home, &s.work, &["lfs", "ls-files", "--name-only"])
            .lines()
            .any(|l| l == PHOTO),
        "git lfs ls-files does not list the photo"
    );
    assert_eq!(
        git(&s.home, &s.work, &["status", "--porcelain"]),
        " M _config.yml\nA  todo.txt\n"
    );
    let st = stdout(&postdesk(&s.home, &s.work, &["status", POST, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&st).unwrap();
    assert_eq!(v["state"], "committed", "{st}");

    // Pushed to the bare remote (LFS objects go with it), cloned afresh: the photo's bytes.
    stdout(&postdesk(&s.home, &s.work, &["push"]));
    git(
        &s.home,
        &s.base,
        &["clone", "-q", "-b", "post/hello", "remote.git", "fresh"],
    );
    assert_eq!(
        std::fs::read(s.base.join("fresh").join(PHOTO)).unwrap(),
        JPEG
    );
}

/// `PATH` with `git` and nothing else: the blog uses LFS, Git LFS is not there.
#[test]
fn without_git_lfs_publish_refuses_and_commits_nothing() {
    if !has_git_lfs() {
        return;
    }
    let s = setup();
    let real_git = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let bin = s.base.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(real_git.trim(), bin.join("git")).unwrap();
    let head = git(&s.home, &s.work, &["rev-parse", "HEAD"]);
    let index = std::fs::read(s.work.join(".git/index")).unwrap();

    let o = isolated(
        Command::new(env!("CARGO_BIN_EXE_postdesk"))
            .current_dir(&s.work)
            .args(["commit", POST])
            .env("PATH", &bin),
        &s.home,
    )
    .output()
    .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("Git LFS"), "{err}");
    assert!(err.contains("sudo apt install git-lfs"), "{err}");
    assert!(err.contains("git lfs install"), "{err}");
    assert!(err.contains("Nothing was committed"), "{err}");
    assert_eq!(git(&s.home, &s.work, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git(&s.home, &s.work, &["branch", "--format=%(refname:short)"]),
        "main\n"
    );
    assert_eq!(std::fs::read(s.work.join(".git/index")).unwrap(), index);
}

/// A reviewer's clone renders the branch's post from Git objects: the photo shows when its LFS
/// object is here, and the missing box says why when it was not downloaded.
#[test]
fn review_resolves_lfs_pictures_or_says_they_are_not_downloaded() {
    if !has_git_lfs() {
        return;
    }
    let s = setup();
    // Committed by git itself, so this test is about reading, not about Publish.
    git(&s.home, &s.work, &["switch", "-q", "-c", "post/hello"]);
    git(&s.home, &s.work, &["add", POST, PHOTO]);
    git(&s.home, &s.work, &["commit", "-q", "-m", "photo"]);
    git(&s.home, &s.work, &["push", "-q", "origin", "post/hello"]);

    let render = |dir: &Path| {
        stdout(&postdesk(
            &s.home,
            dir,
            &["render", "--rev", "origin/post/hello", POST, "--repo", "."],
        ))
    };
    let here = render(&s.work);
    assert!(
        here.contains(&format!("<img src=\"postdesk://localhost/{PHOTO}\"")),
        "{here}"
    );

    // A clone that skipped the LFS download has only the pointer.
    let out = isolated(
        Command::new("git")
            .current_dir(&s.base)
            .args(["clone", "-q", "remote.git", "reviewer"])
            .env("GIT_LFS_SKIP_SMUDGE", "1"),
        &s.home,
    )
    .output()
    .unwrap();
    assert!(out.status.success());
    let rv = s.base.join("reviewer");
    git(&s.home, &rv, &["fetch", "-q", "origin"]);
    assert!(
        !rv.join(".git/lfs/objects").exists() || { walk_files(&rv.join(".git/lfs/objects")) == 0 }
    );
    let there = render(&rv);
    assert!(there.contains("pd-missing-image"), "{there}");
    assert!(
        there.contains("stored in Git LFS and not downloaded"),
        "{there}"
    );
    assert!(!there.contains("<img"), "{there}");
}

fn walk_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk_files(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// `img-not-in-lfs`: a picture `.gitattributes` sends to LFS but staged as a raw blob is
/// reported; one stored as a pointer is not.
#[test]
fn check_reports_a_raw_picture_that_belongs_in_lfs() {
    if !has_git_lfs() {
        return;
    }
    let s = setup();
    git(&s.home, &s.work, &["add", PHOTO]);
    std::fs::write(s.work.join("images/posts/hello/raw.jpg"), JPEG).unwrap();
    let raw = git(
        &s.home,
        &s.work,
        &[
            "hash-object",
            "-w",
            "--no-filters",
            "images/posts/hello/raw.jpg",
        ],
    );
    git(
        &s.home,
        &s.work,
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("100644,{},images/posts/hello/raw.jpg", raw.trim()),
        ],
    );
    std::fs::write(
        s.work.join(POST),
        format!(
            "---\ntitle: Hello\n---\n![a photo](/{PHOTO})\n\n![raw](/images/posts/hello/raw.jpg)\n"
        ),
    )
    .unwrap();
    let o = postdesk(&s.home, &s.work, &["check", ".", POST, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    let hits: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "img-not-in-lfs")
        .collect();
    assert_eq!(hits.len(), 1, "{v:#}");
    let message = hits[0]["message"].as_str().unwrap();
    assert!(message.contains("images/posts/hello/raw.jpg"), "{message}");
    assert!(message.contains("git add --renormalize"), "{message}");
    assert_eq!(hits[0]["path"], POST);
    assert_eq!(hits[0]["line"], 6);
}
