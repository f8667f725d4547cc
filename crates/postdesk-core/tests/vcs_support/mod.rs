//! Shared by the `vcs_*` tests: real repositories in temp dirs, a bare remote, and a Git
//! environment isolated from the machine's own configuration.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

/// Points HOME and the global/system Git config at an empty temp folder, once per test
/// binary, so neither `git` nor libgit2 sees the machine's identity, signing or helpers.
pub fn isolate() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let home = tempfile::tempdir().unwrap().keep();
        std::fs::write(home.join(".gitconfig"), "").unwrap();
        // Set before any thread of this binary runs git.
        std::env::set_var("HOME", &home);
        std::env::set_var("XDG_CONFIG_HOME", home.join(".config"));
        std::env::set_var("GIT_CONFIG_GLOBAL", home.join(".gitconfig"));
        std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
        for v in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "GIT_SSH_COMMAND",
            "GIT_SSH",
        ] {
            std::env::remove_var(v);
        }
    });
}

/// Runs `git args` in `dir`, panicking with its stderr on failure; returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// A tiny but real PNG-like file: distinct bytes per name.
pub fn png(name: &str) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend_from_slice(name.as_bytes());
    v.extend((0..=255u8).cycle().take(300));
    v
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    /// The bare repository playing the server.
    pub remote: PathBuf,
    /// The writer's clone.
    pub work: PathBuf,
}

pub fn identity(repo: &Path, name: &str) {
    git(repo, &["config", "user.name", name]);
    git(
        repo,
        &[
            "config",
            "user.email",
            &format!("{}@example.org", name.to_lowercase()),
        ],
    );
}

/// A Jekyll blog pushed to a bare remote, and a clone of it with an identity set locally.
pub fn fixture() -> Fixture {
    isolate();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let remote = base.join("remote.git");
    git(
        &base,
        &[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            remote.to_str().unwrap(),
        ],
    );
    let seed = base.join("seed");
    git(&base, &["init", "-q", "-b", "main", seed.to_str().unwrap()]);
    identity(&seed, "Seeder");
    write(&seed, "_config.yml", "title: Test blog\n");
    write(&seed, "README.md", "# Blog\n");
    write(
        &seed,
        "_data/authors.yml",
        "# people\nold_hand:\n  name: Old Hand\n",
    );
    write(
        &seed,
        "_posts/2024-01-01-old.md",
        "---\ntitle: Old post\nauthor: old_hand\n---\nHello\n\n![old](/images/posts/old/a.png)\n",
    );
    write(&seed, "images/posts/old/a.png", png("old-a"));
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "-q", "-m", "Initial blog"]);
    git(
        &seed,
        &["remote", "add", "origin", remote.to_str().unwrap()],
    );
    git(&seed, &["push", "-q", "origin", "main"]);
    let work = clone(&base, &remote, "work", "Writer");
    Fixture { dir, remote, work }
}

/// Clones `remote` into `base/name` with a local identity.
pub fn clone(base: &Path, remote: &Path, name: &str, who: &str) -> PathBuf {
    let dest = base.join(name);
    git(
        base,
        &[
            "clone",
            "-q",
            remote.to_str().unwrap(),
            dest.to_str().unwrap(),
        ],
    );
    identity(&dest, who);
    dest
}

pub const NEW_POST: &str = "_posts/2024-05-01-my-trip.md";

/// Writes a new post linking a new thumbnail, a new image, an already committed image, a
/// missing image and an external one; adds its new author to the authors file.
pub fn write_new_post(root: &Path) {
    write(
        root,
        NEW_POST,
        "---\ntitle: My Trip\nauthor: new_person\nthumbnail: /images/posts/my-trip/thumb.png\n---\nWe went.\n\n![a](/images/posts/my-trip/a.png)\n![old](/images/posts/old/a.png)\n![gone](/images/posts/my-trip/missing.png)\n![ext](https://example.org/x.png)\n",
    );
    write(root, "images/posts/my-trip/thumb.png", png("thumb"));
    write(root, "images/posts/my-trip/a.png", png("a"));
    let authors = std::fs::read_to_string(root.join("_data/authors.yml")).unwrap();
    write(
        root,
        "_data/authors.yml",
        format!("{authors}new_person:\n  name: New Person\n"),
    );
}

/// Unrelated work in progress: a staged new file, a staged change with an unstaged change on
/// top, an unstaged change to another post, an untracked file.
pub fn unrelated_changes(root: &Path) {
    write(root, "notes.txt", "staged notes\n");
    git(root, &["add", "notes.txt"]);
    write(root, "README.md", "# Blog\nstaged line\n");
    git(root, &["add", "README.md"]);
    write(root, "README.md", "# Blog\nstaged line\nunstaged line\n");
    let old = std::fs::read_to_string(root.join("_posts/2024-01-01-old.md")).unwrap();
    write(
        root,
        "_posts/2024-01-01-old.md",
        format!("{old}\nUnstaged edit.\n"),
    );
    write(root, "scratch.txt", "untracked\n");
}

pub const UNRELATED: &[&str] = &[
    "notes.txt",
    "README.md",
    "_posts/2024-01-01-old.md",
    "scratch.txt",
];

/// Everything observable about the unrelated changes: index entries (mode, blob, stage),
/// `git status` lines and file bytes.
pub fn snapshot_unrelated(root: &Path) -> (String, String, Vec<Vec<u8>>) {
    let mut args = vec!["ls-files", "-s", "--"];
    args.extend(UNRELATED);
    let index = git(root, &args);
    let mut args = vec!["status", "--porcelain", "--"];
    args.extend(UNRELATED);
    let status = git(root, &args);
    let bytes = UNRELATED
        .iter()
        .map(|p| std::fs::read(root.join(p)).unwrap())
        .collect();
    (index, status, bytes)
}

pub fn site(root: &Path) -> postdesk_core::site::Site {
    postdesk_core::site::detect(root).unwrap()
}

pub fn head_branch(root: &Path) -> String {
    git(root, &["rev-parse", "--abbrev-ref", "HEAD"])
        .trim()
        .to_string()
}

pub fn rev(root: &Path, r: &str) -> String {
    git(root, &["rev-parse", r]).trim().to_string()
}
