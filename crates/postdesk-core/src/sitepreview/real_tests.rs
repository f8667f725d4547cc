//! The site preview against the real generators (Debian's `jekyll` and `hugo`; a missing one
//! fails the test unless the run says `POSTDESK_NO_TOOLS=1`, see `postdesk-testkit`): the URL
//! the rules give for each post is the page the generator serves, and stopping the server
//! leaves no process of its group.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::server::{http_status, SiteServer, SiteState};
use super::url::candidates;
use crate::config::PreviewConfig;

const HUGO_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/hugo-site"
);

/// Posts of the corpus with each of Jekyll's URL cases: the default date style, a
/// `permalink` of its own, a `category`.
pub(crate) const JEKYLL_POSTS: [&str; 4] = [
    "2026-02-06-web-homologation-as-app.md",
    "2012-05-24-lancement-du-blog-technique-dm6web.md",
    "2018-03-26-6play-goes-international.md",
    "2017-10-23-genesis-of-m6-datalake.md",
];

fn installed(program: &str) -> bool {
    postdesk_testkit::tool(program, &format!("sudo apt install {program}")).is_some()
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

/// A trimmed copy of the corpus's real site, prepared as the corpus's README says (no
/// Gemfile, no gemspec, `jekyll-twitter-plugin` dropped), with `posts` only: it builds in
/// about a second.
pub(crate) fn jekyll_site(dst: &Path, posts: &[&str]) -> bool {
    let Some(src) = postdesk_testkit::corpus("bedrock-jekyll") else {
        return false;
    };
    let src = src.as_path();
    for d in ["_layouts", "_includes", "_sass", "_data", "assets/css"] {
        copy_dir(&src.join(d), &dst.join(d));
    }
    std::fs::copy(src.join("index.html"), dst.join("index.html")).unwrap();
    let config = std::fs::read_to_string(src.join("_config.yml"))
        .unwrap()
        .replace("jekyll-twitter-plugin,", "");
    std::fs::write(dst.join("_config.yml"), config).unwrap();
    std::fs::create_dir_all(dst.join("_posts")).unwrap();
    for p in posts {
        std::fs::copy(src.join("_posts").join(p), dst.join("_posts").join(p)).unwrap();
    }
    true
}

fn wait_ready(s: &SiteServer) {
    let until = Instant::now() + Duration::from_secs(90);
    while Instant::now() < until {
        let st = s.status();
        match st.state {
            SiteState::Ready => return,
            SiteState::Failed => panic!("{:?}\n{}", st.message, s.log(0).lines.join("\n")),
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    panic!("not ready in 90 s:\n{}", s.log(0).lines.join("\n"));
}

/// The processes of group `pgid` still running (zombies aside), from /proc.
pub(crate) fn group_members(pgid: u32) -> Vec<u32> {
    let mut out = vec![];
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …: comm may hold spaces, so read after the last ')'.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let f: Vec<&str> = rest.split_whitespace().collect();
        if f.len() > 2 && f[0] != "Z" && f[2] == pgid.to_string() {
            out.push(pid);
        }
    }
    out
}

fn assert_group_gone(pgid: u32) {
    let until = Instant::now() + Duration::from_secs(5);
    while !group_members(pgid).is_empty() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        group_members(pgid),
        Vec::<u32>::new(),
        "processes of the server's group left"
    );
}

#[test]
fn jekyll_urls_are_the_pages_jekyll_serves_and_stop_leaves_no_process() {
    if !installed("jekyll") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    if !jekyll_site(d.path(), &JEKYLL_POSTS) {
        return;
    }
    let site = crate::site::detect(d.path()).unwrap();
    let server = SiteServer::start(d.path(), &site, &PreviewConfig::default(), None).unwrap();
    assert!(server
        .plan()
        .command
        .starts_with("jekyll serve --drafts --future"));
    wait_ready(&server);
    let port = server.plan().port;
    let mut seen = vec![];
    for p in JEKYLL_POSTS {
        let rel = format!("_posts/{p}");
        let url = candidates(d.path(), &site, &rel, &PreviewConfig::default()).remove(0);
        // The generator's own output has the page where the rules say…
        let file = if url.ends_with('/') {
            format!("{url}index.html")
        } else if url.ends_with(".html") {
            url.clone()
        } else {
            format!("{url}.html")
        };
        let out = d.path().join("_site").join(file.trim_start_matches('/'));
        assert!(
            out.is_file(),
            "{rel}: no {} in Jekyll's output",
            out.display()
        );
        // …and its server answers it.
        assert_eq!(http_status(port, &url), Some(200), "{rel} at {url}");
        let page = server.page_url(&rel);
        assert!(page.found && page.url.ends_with(&url), "{rel}: {page:?}");
        seen.push(url);
    }
    assert_eq!(
        seen,
        [
            "/2026/02/06/web-homologation-as-app.html",
            "/post/23664141031/lancement-du-blog-technique-dm6web",
            "/6play/2018/03/26/6play-goes-international.html",
            "/data/2017/10/23/genesis-of-m6-datalake.html",
        ]
    );

    // An edit is rebuilt: the generation moves on and the page has the new text.
    let before = server.status().generation;
    let rel = format!("_posts/{}", JEKYLL_POSTS[0]);
    let mut text = std::fs::read_to_string(d.path().join(&rel)).unwrap();
    text.push_str("\nA sentence added by the test.\n");
    std::fs::write(d.path().join(&rel), text).unwrap();
    let until = Instant::now() + Duration::from_secs(30);
    while server.status().generation == before && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        server.status().generation > before,
        "no rebuild seen:\n{}",
        server.log(0).lines.join("\n")
    );
    let html = std::fs::read_to_string(
        d.path()
            .join("_site/2026/02/06/web-homologation-as-app.html"),
    )
    .unwrap();
    assert!(html.contains("A sentence added by the test."));

    let pgid = server.pgid();
    assert!(!group_members(pgid).is_empty());
    drop(server);
    assert_group_gone(pgid);
    assert_eq!(http_status(port, "/"), None, "the port still answers");
}

#[test]
fn hugo_urls_are_the_pages_hugo_serves_drafts_and_future_included() {
    if !installed("hugo") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    copy_dir(Path::new(HUGO_FIXTURE), d.path());
    let site = crate::site::detect(d.path()).unwrap();
    let server = SiteServer::start(d.path(), &site, &PreviewConfig::default(), None).unwrap();
    wait_ready(&server);
    let posts: Vec<PathBuf> = crate::index::post_files(d.path(), &site)
        .into_iter()
        .map(PathBuf::from)
        .collect();
    assert_eq!(posts.len(), 4, "{posts:?}");
    let mut urls = vec![];
    for rel in &posts {
        let rel = rel.to_string_lossy();
        let page = server.page_url(&rel);
        let rule = candidates(d.path(), &site, &rel, &PreviewConfig::default()).remove(0);
        assert!(
            page.found && page.url.ends_with(&rule),
            "{rel}: {page:?} (rules: {rule})"
        );
        urls.push(rule);
    }
    urls.sort();
    assert_eq!(
        urls,
        [
            "/posts/draft-notes/",
            "/posts/first-light/",
            "/posts/next-year/",
            "/posts/weather-up-high/"
        ]
    );
    let pgid = server.pgid();
    drop(server);
    assert_group_gone(pgid);
}

#[test]
fn a_server_and_what_it_started_end_when_it_is_dropped() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("_config.yml"), "title: t\n").unwrap();
    let site = crate::site::detect(d.path()).unwrap();
    // A command that never answers and leaves a grandchild behind: both must end.
    let cfg = crate::config::parse("[preview]\ncommand = \"sleep 300 & sleep 301 # {port}\"\n")
        .unwrap()
        .preview;
    let server = SiteServer::start(d.path(), &site, &cfg, None).unwrap();
    let pgid = server.pgid();
    let until = Instant::now() + Duration::from_secs(5);
    while group_members(pgid).len() < 4 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(group_members(pgid).len() >= 3, "{:?}", group_members(pgid));
    assert_eq!(server.status().state, SiteState::Starting);
    drop(server);
    assert_group_gone(pgid);
}

#[test]
fn a_command_that_fails_says_why_and_leaves_nothing() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("_config.yml"), "title: t\n").unwrap();
    let site = crate::site::detect(d.path()).unwrap();
    let cfg = crate::config::parse(
        "[preview]\ncommand = \"echo 'Error: the theme is missing' >&2; exit 3 # {port}\"\n",
    )
    .unwrap()
    .preview;
    let server = SiteServer::start(d.path(), &site, &cfg, None).unwrap();
    let until = Instant::now() + Duration::from_secs(10);
    while server.status().state == SiteState::Starting && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    let st = server.status();
    assert_eq!(st.state, SiteState::Failed);
    let m = st.message.unwrap();
    assert!(
        m.contains("Error: the theme is missing") && m.contains("exit status 3"),
        "{m}"
    );
    assert_eq!(server.log(0).lines, ["Error: the theme is missing"]);
}
