//! `postdesk push`: push the current branch (or `--branch`) with the system `git`, so the
//! writer's own credentials (ssh-agent, ~/.ssh/config, credential helpers) are used.

use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::blog::Blog;
use postdesk_core::vcs::{self, PushStatus};
use postdesk_core::Error;

#[derive(clap::Args)]
pub struct Args {
    /// The blog's folder (a Git clone); default: the current folder.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// The remote to push to (default: the branch's remote, else `origin`).
    #[arg(long)]
    pub remote: Option<String>,
    /// The branch to push (default: the current branch).
    #[arg(long)]
    pub branch: Option<String>,
    /// Print the outcome as JSON (remote, url, branch, status, compare_url).
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let blog = Blog::open(&a.repo)?;
    let branch = match a.branch {
        Some(b) => b,
        None => vcs::head_branch(&blog.root)?.ok_or_else(|| {
            Error::invalid("HEAD is detached: say which branch to push with --branch NAME")
        })?,
    };
    // Finished progress steps and the server's own messages; failures are in the error.
    let out = vcs::push(&blog.root, a.remote.as_deref(), &branch, &mut |line| {
        if line.ends_with(", done.") || line.starts_with("remote:") {
            eprintln!("{line}");
        }
    })?;
    if a.json {
        return crate::output::json(&out);
    }
    let what = match out.status {
        PushStatus::Created => "created on",
        PushStatus::Updated => "pushed to",
        PushStatus::UpToDate => "already up to date on",
    };
    println!("{} {what} {} ({})", out.branch, out.remote, out.url);
    if let Some(u) = &out.compare_url {
        println!("Open a pull request: {u}");
    }
    Ok(ExitCode::SUCCESS)
}
