//! `postdesk status / commit / push / review` on real repositories with a bare remote.

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

/// A real 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0cIDAT\x78\x9c\x63\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xae\x42\x60\x82";

/// Whether `HEAD:<rel>` exists in the repository at `dir`.
fn in_head(home: &Path, dir: &Path, rel: &str) -> bool {
    isolated(
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["cat-file", "-e", &format!("HEAD:{rel}")]),
        home,
    )
    .output()
    .unwrap()
    .status
    .success()
}

/// `(path, reason)` of each entry of a JSON list of refused files, with its message checked to
/// name the file.
fn refused(list: &serde_json::Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .as_array()
        .unwrap_or_else(|| panic!("not a list of refused files: {list}"))
        .iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap().to_string();
            let message = r["message"].as_str().unwrap();
            assert!(message.contains(&format!("`{path}`")), "{message}");
            (path, r["reason"].as_str().unwrap().to_string())
        })
        .collect();
    out.sort();
    out
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<_> = v
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    out.sort();
    out
}

/// Issue 23, finding 2: a post's files are the post and the media files it links, by name and
/// by content; a file Git ignores only when the writer names it; never anything under `.git`.
#[test]
fn commit_leaves_out_secrets_ignored_files_and_git_internals() {
    let s = setup();
    std::fs::write(s.work.join(".gitignore"), ".env\nsecrets/\nraw-photos/\n").unwrap();
    git(&s.home, &s.work, &["add", ".gitignore"]);
    git(&s.home, &s.work, &["commit", "-q", "-m", "ignore"]);
    std::fs::write(s.work.join(".env"), "API_TOKEN=sk-live-very-secret\n").unwrap();
    std::fs::create_dir_all(s.work.join("secrets")).unwrap();
    std::fs::write(
        s.work.join("secrets/id_rsa"),
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
    )
    .unwrap();
    std::fs::create_dir_all(s.work.join("raw-photos")).unwrap();
    std::fs::write(s.work.join("raw-photos/big.png"), PNG).unwrap();
    std::fs::create_dir_all(s.work.join("images/posts/keys")).unwrap();
    std::fs::write(s.work.join("images/posts/keys/ok.png"), PNG).unwrap();
    // Named like an image, holding the secret.
    std::fs::write(
        s.work.join("images/posts/keys/env.png"),
        "API_TOKEN=sk-live-very-secret\n",
    )
    .unwrap();
    let post = "_posts/2024-06-02-keys.md";
    std::fs::write(
        s.work.join(post),
        "---\ntitle: Keys\nthumbnail: /secrets/id_rsa\n---\n![a](/.env)\n\n![ok](/images/posts/keys/ok.png)\n\n![big](/raw-photos/big.png)\n\n![fake](/images/posts/keys/env.png)\n",
    )
    .unwrap();

    // Committed as before the fix, the secrets would be in HEAD.
    let out = stdout(&postdesk(
        &s.home,
        &s.work,
        &["commit", post, "--no-branch", "--json"],
    ));
    assert!(!in_head(&s.home, &s.work, ".env"), "the .env was committed");
    assert!(
        !in_head(&s.home, &s.work, "secrets/id_rsa"),
        "the key was committed"
    );
    assert!(!in_head(&s.home, &s.work, "raw-photos/big.png"));
    assert!(!in_head(&s.home, &s.work, "images/posts/keys/env.png"));
    assert!(in_head(&s.home, &s.work, "images/posts/keys/ok.png"));
    assert!(in_head(&s.home, &s.work, post));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["files"],
        serde_json::json!([post, "images/posts/keys/ok.png"]),
        "{out}"
    );
    let expected = pairs(&[
        (".env", "not_media"),
        ("secrets/id_rsa", "not_media"),
        ("raw-photos/big.png", "ignored"),
        ("images/posts/keys/env.png", "not_media"),
    ]);
    assert_eq!(refused(&v["left_out"]), expected, "{out}");
    // The existing fields are all still there.
    for key in [
        "branch",
        "commit",
        "created_branch",
        "files",
        "message",
        "signed",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {out}");
    }

    // `status` says the same, with the reasons, in JSON and in words.
    let st = stdout(&postdesk(&s.home, &s.work, &["status", post, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&st).unwrap();
    assert_eq!(refused(&v["refused"]), expected, "{st}");
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [post, "images/posts/keys/ok.png"], "{st}");
    assert_eq!(
        v["state"], "committed",
        "refused files do not make the post modified: {st}"
    );
    let env = v["refused"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == ".env")
        .unwrap();
    assert!(
        env["message"].as_str().unwrap().contains("text"),
        "says what the file is: {env}"
    );
    let text = stdout(&postdesk(&s.home, &s.work, &["status", post]));
    assert!(text.contains("left out"), "{text}");
    for (path, _) in &expected {
        assert!(text.contains(path.as_str()), "{path} not listed: {text}");
    }
    assert!(
        text.contains("--include-ignored raw-photos/big.png"),
        "{text}"
    );

    // Naming a file that the post does not link is a mistake, said before anything happens.
    let o = postdesk(
        &s.home,
        &s.work,
        &[
            "commit",
            post,
            "--no-branch",
            "--include-ignored",
            "raw-photos/other.png",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("raw-photos/other.png"), "{err}");

    // Confirmed by name, the ignored picture is committed; a confirmed `.env` is still not
    // media and stays out.
    let out = stdout(&postdesk(
        &s.home,
        &s.work,
        &[
            "commit",
            post,
            "--no-branch",
            "--include-ignored",
            "raw-photos/big.png",
            "--include-ignored",
            ".env",
        ],
    ));
    assert!(in_head(&s.home, &s.work, "raw-photos/big.png"), "{out}");
    assert!(!in_head(&s.home, &s.work, ".env"), "{out}");
    assert!(out.contains("left out"), "{out}");
    assert!(out.contains(".env"), "{out}");
    assert!(!out.contains("sk-live"), "{out}");

    // Git's own folder is never a post's file, however it is linked.
    let text = std::fs::read_to_string(s.work.join(post)).unwrap();
    std::fs::write(
        s.work.join(post),
        format!("{text}\n![x](/.git/config)\n\n![y](/.GIT/HEAD)\n"),
    )
    .unwrap();
    let st = stdout(&postdesk(&s.home, &s.work, &["status", post, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&st).unwrap();
    let r = refused(&v["refused"]);
    assert!(
        r.contains(&(".git/config".into(), "inside_git".into())),
        "{st}"
    );
    assert!(
        r.contains(&(".GIT/HEAD".into(), "inside_git".into())),
        "{st}"
    );
    let out = stdout(&postdesk(
        &s.home,
        &s.work,
        &[
            "commit",
            post,
            "--no-branch",
            "--json",
            "--include-ignored",
            ".git/config",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["files"],
        serde_json::json!([post, "images/posts/keys/ok.png", "raw-photos/big.png"]),
        "{out}"
    );
    let tree = git(&s.home, &s.work, &["ls-tree", "-r", "--name-only", "HEAD"]);
    assert!(!tree.to_lowercase().contains(".git/"), "{tree}");
    assert!(!tree.contains(".env"), "{tree}");
}
