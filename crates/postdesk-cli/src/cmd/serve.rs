//! `postdesk serve REPO [--rev REV] [--port N] [--json]`: the Site tab without a window. Runs
//! the blog's own generator as a development server on 127.0.0.1 (drafts and future posts
//! shown), prints where each post's page is once it answers, then stays in the foreground
//! with the server's output on stderr until stopped (Ctrl+C; the server's process group ends
//! with it, even when `postdesk` is killed). `--rev` serves a branch or commit from a Git
//! worktree in the cache folder (the work tree, index and branch are not touched) and lists
//! the posts it adds or changes. Runs the blog's code: plugins, Gemfile, npm scripts.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use postdesk_core::blog::Blog;
use postdesk_core::config;
use postdesk_core::sitepreview::{self, SiteServer, SiteState, Worktree};
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    /// The blog's folder (a Git clone).
    pub repo: PathBuf,
    /// Serve this branch, tag or commit (checked out in a worktree of Postdesk's own).
    #[arg(long)]
    pub rev: Option<String>,
    /// The port on 127.0.0.1 (default: a free one).
    #[arg(long)]
    pub port: Option<u16>,
    /// Print one JSON object (command, base_url, posts: [{path, url, found}]) once the server
    /// answers, instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Served {
    command: String,
    base_url: String,
    /// The revision's commit, with `--rev`.
    commit: Option<String>,
    posts: Vec<PostPage>,
}

#[derive(Serialize)]
struct PostPage {
    path: String,
    url: String,
    found: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let blog = Blog::open(&a.repo)?;
    let (worktree, posts) = match &a.rev {
        Some(rev) => {
            let changed = postdesk_core::vcs::changed_posts(&blog.root, &blog.site, rev, None)?;
            let w = Worktree::create(&blog.root, rev, &sitepreview::worktree::default_parent())?;
            let posts = changed
                .into_iter()
                .filter(|p| !matches!(p.change, postdesk_core::vcs::ChangeKind::Deleted))
                .map(|p| p.path)
                .collect();
            (Some(w), posts)
        }
        None => (
            None,
            postdesk_core::index::post_files(&blog.root, &blog.site),
        ),
    };
    let root = worktree
        .as_ref()
        .map(|w| w.path().to_path_buf())
        .unwrap_or_else(|| blog.root.clone());
    let site = postdesk_core::site::detect(&root)?;
    let preview = config::load(&root)
        .ok()
        .flatten()
        .map(|c| c.preview)
        .unwrap_or_default();
    let commit = worktree.as_ref().map(|w| w.commit().to_string());
    let server = SiteServer::start_on(&root, &site, &preview, worktree, a.port)?;
    eprintln!(
        "postdesk serve: running `{}` in {}",
        server.plan().command,
        root.display()
    );
    let mut seen = 0;
    let ready = loop {
        seen = relay(&server, seen);
        let st = server.status();
        match st.state {
            SiteState::Ready => break true,
            SiteState::Failed | SiteState::Stopped => {
                eprintln!(
                    "{}",
                    st.message.unwrap_or_else(|| "the server stopped".into())
                );
                break false;
            }
            SiteState::Starting => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    if !ready {
        return Ok(ExitCode::from(2));
    }
    let pages: Vec<PostPage> = posts
        .iter()
        .map(|p| {
            let page = server.page_url(p);
            PostPage {
                path: p.clone(),
                url: page.url,
                found: page.found,
            }
        })
        .collect();
    let served = Served {
        command: server.plan().command.clone(),
        base_url: server.plan().base_url.clone(),
        commit,
        posts: pages,
    };
    if a.json {
        crate::output::json(&served)?;
    } else {
        println!("Serving {} (Ctrl+C stops it)", served.base_url);
        for p in &served.posts {
            let note = if p.found { "" } else { "  (no page there)" };
            println!("{}  {}{note}", p.url, p.path);
        }
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    // In the foreground until stopped, or until the server stops by itself.
    loop {
        seen = relay(&server, seen);
        let st = server.status();
        if matches!(st.state, SiteState::Failed | SiteState::Stopped) {
            eprintln!(
                "{}",
                st.message.unwrap_or_else(|| "the server stopped".into())
            );
            return Ok(ExitCode::from(2));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Copies the server's new output lines to stderr; returns how many were seen.
fn relay(server: &SiteServer, seen: u32) -> u32 {
    let log = server.log(seen);
    for l in &log.lines {
        eprintln!("{l}");
    }
    log.total
}
