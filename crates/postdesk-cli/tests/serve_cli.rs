//! `postdesk serve`: the blog's own generator (Debian's `hugo`, on tests/fixtures/hugo-site;
//! a missing `hugo` fails unless the run says `POSTDESK_NO_TOOLS=1`)
//! serves each post where `serve` says, drafts and future posts included; a killed `postdesk`
//! leaves no generator process; `--rev` serves a branch's new post from a worktree and leaves
//! the clone as it was; a missing generator is an error naming what to install.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/hugo-site"
);

/// Fails when `hugo` is missing, unless the run says `POSTDESK_NO_TOOLS=1` (postdesk-testkit).
fn hugo_installed() -> bool {
    postdesk_testkit::tool("hugo", "sudo apt install hugo").is_some()
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

fn git(root: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim_end()
        .to_string()
}

/// A copy of the Hugo fixture blog, committed on `main`.
fn hugo_blog() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("blog");
    copy_dir(Path::new(FIXTURE), &root);
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "fixture"]);
    (d, root.canonicalize().unwrap())
}

/// `postdesk serve ARGS --json` started, with its JSON (printed once the server answers).
fn serve(args: &[&str], cache: &Path) -> (Child, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .arg("serve")
        .args(args)
        .arg("--json")
        .env("XDG_CACHE_HOME", cache)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    let until = Instant::now() + Duration::from_secs(60);
    // The JSON object is pretty-printed: read until its closing brace line.
    while Instant::now() < until {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        text.push_str(&line);
        if line == "}\n" {
            break;
        }
    }
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text:?}"));
    (child, v)
}

fn http_get(url: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = TcpStream::connect(host).unwrap();
    write!(s, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    let code = body.split_whitespace().nth(1).unwrap().parse().unwrap();
    (code, body)
}

/// Running processes (zombies aside) whose command line has `word` and whose folder is under `dir`.
fn processes_in(dir: &Path, word: &str) -> Vec<u32> {
    let mut out = vec![];
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let (Ok(cmd), Ok(stat), Ok(cwd)) = (
            std::fs::read(e.path().join("cmdline")),
            std::fs::read_to_string(e.path().join("stat")),
            std::fs::read_link(e.path().join("cwd")),
        ) else {
            continue;
        };
        let zombie = stat
            .rsplit_once(')')
            .is_some_and(|(_, r)| r.trim_start().starts_with('Z'));
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        if !zombie && cmd.contains(word) && cwd.starts_with(dir) {
            out.push(pid);
        }
    }
    out
}

/// The generator's own processes: [`processes_in`] without the `sh` watchdog that runs it.
fn generators_in(dir: &Path, word: &str) -> Vec<u32> {
    processes_in(dir, word)
        .into_iter()
        .filter(|pid| {
            let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            !cmd.starts_with(b"sh\0")
        })
        .collect()
}

fn wait_gone(dir: &Path, word: &str) {
    let until = Instant::now() + Duration::from_secs(8);
    while !processes_in(dir, word).is_empty() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        processes_in(dir, word),
        Vec::<u32>::new(),
        "`{word}` processes left in {}",
        dir.display()
    );
}

#[test]
fn serve_prints_each_posts_page_and_a_killed_postdesk_leaves_no_server() {
    if !hugo_installed() {
        return;
    }
    let (d, root) = hugo_blog();
    let (mut child, v) = serve(&[root.to_str().unwrap()], d.path());
    assert!(
        v["command"]
            .as_str()
            .unwrap()
            .starts_with("hugo server -D -F -E --bind 127.0.0.1 --port "),
        "{v}"
    );
    let posts = v["posts"].as_array().unwrap();
    let mut urls: Vec<(String, String)> = posts
        .iter()
        .map(|p| {
            assert_eq!(p["found"], true, "{p}");
            (
                p["path"].as_str().unwrap().to_string(),
                p["url"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    urls.sort();
    let base = v["base_url"]
        .as_str()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    assert_eq!(
        urls,
        [
            ("content/posts/a-bundle/index.md", "/posts/weather-up-high/"),
            ("content/posts/draft-notes.md", "/posts/draft-notes/"),
            ("content/posts/first-light.md", "/posts/first-light/"),
            ("content/posts/next-year.md", "/posts/next-year/"),
        ]
        .map(|(p, u)| (p.to_string(), format!("{base}{u}")))
    );
    let (code, body) = http_get(&format!("{base}/posts/draft-notes/"));
    assert_eq!(code, 200);
    assert!(body.contains("Unfinished notes") && body.contains("css/site.css"));
    assert_eq!(generators_in(&root, "hugo server").len(), 1);

    // Killed (no chance to clean up): the watchdog ends the generator's group.
    child.kill().unwrap();
    child.wait().unwrap();
    wait_gone(&root, "hugo");
}

#[test]
fn serve_rev_serves_a_branchs_new_post_from_a_worktree_and_leaves_the_clone_alone() {
    if !hugo_installed() {
        return;
    }
    let (d, root) = hugo_blog();
    git(&root, &["checkout", "-q", "-b", "post/ridge"]);
    std::fs::write(
        root.join("content/posts/ridge.md"),
        "---\ntitle: \"Ridge\"\ndate: 2024-06-01T08:00:00Z\nslug: on-the-ridge\n---\n\nAbove the clouds.\n",
    )
    .unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "ridge"]);
    git(&root, &["checkout", "-q", "main"]);
    std::fs::write(root.join("wip.txt"), "mine\n").unwrap();
    let before = (
        git(&root, &["status", "--porcelain"]),
        git(&root, &["rev-parse", "HEAD"]),
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port_s = port.to_string();
    let (mut child, v) = serve(
        &[
            root.to_str().unwrap(),
            "--rev",
            "post/ridge",
            "--port",
            &port_s,
        ],
        d.path(),
    );
    assert_eq!(v["base_url"], format!("http://127.0.0.1:{port}/"));
    assert_eq!(v["commit"], git(&root, &["rev-parse", "post/ridge"]));
    let posts = v["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 1, "{v}");
    assert_eq!(posts[0]["path"], "content/posts/ridge.md");
    assert_eq!(
        posts[0]["url"],
        format!("http://127.0.0.1:{port}/posts/on-the-ridge/")
    );
    assert_eq!(posts[0]["found"], true);
    let (code, body) = http_get(posts[0]["url"].as_str().unwrap());
    assert_eq!(code, 200);
    assert!(body.contains("Above the clouds."));
    // It runs in Postdesk's worktree under the cache folder, not in the clone.
    let worktrees = d.path().join("postdesk/site-worktrees");
    assert_eq!(generators_in(&worktrees, "hugo server").len(), 1);
    assert!(processes_in(&root, "hugo server").is_empty());
    child.kill().unwrap();
    child.wait().unwrap();
    wait_gone(&worktrees, "hugo");
    assert_eq!(
        (
            git(&root, &["status", "--porcelain"]),
            git(&root, &["rev-parse", "HEAD"])
        ),
        before
    );
    assert_eq!(git(&root, &["branch", "--show-current"]), "main");
}

#[test]
fn serve_says_what_to_install_when_the_generator_is_missing() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    std::fs::create_dir_all(root.join("content/blog")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        "base_url = \"https://example.org\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/blog/a.md"),
        "+++\ntitle = \"A\"\n+++\nx\n",
    )
    .unwrap();
    git(root, &["init", "-q"]);
    let out = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(["serve", root.to_str().unwrap()])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`zola` is not installed") && err.contains("getzola.org"),
        "{err}"
    );
}
