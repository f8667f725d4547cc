//! `postdesk commit POST`: commit the post and its files, and nothing else; the repository's
//! commit hooks run as with `git commit` (their output on stderr).

use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::vcs::{self, CommitOptions};

#[derive(clap::Args)]
pub struct Args {
    /// The post's Markdown file (inside a Git clone of the blog).
    pub post: PathBuf,
    /// Commit message (default: `Add post: <title>` or `Update post: <title>`).
    #[arg(short = 'm', long = "message")]
    pub message: Option<String>,
    /// Commit on this branch (created from the current commit if it does not exist).
    #[arg(long, conflicts_with = "no_branch")]
    pub branch: Option<String>,
    /// Commit on the current branch, even the default one (no `post/<slug>` branch).
    #[arg(long)]
    pub no_branch: bool,
    /// Commit this linked media file although Git ignores it (repository-relative, as
    /// `postdesk status` lists it); repeatable. Files that are not media or lie inside `.git`
    /// are never committed.
    #[arg(long = "include-ignored", value_name = "PATH")]
    pub include_ignored: Vec<String>,
    /// Skip the `pre-commit` and `commit-msg` hooks, as `git commit --no-verify` does
    /// (`prepare-commit-msg` and `post-commit` still run).
    #[arg(long, short = 'n')]
    pub no_verify: bool,
    /// Print the outcome as JSON (branch, commit, created_branch, files, left_out, message,
    /// signed, hook_output). The hooks' output is printed on stderr either way.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let (blog, rel) = super::status::open_post(&a.post)?;
    let post = a.post.display().to_string();
    let opts = CommitOptions {
        message: a.message,
        branch: a.branch,
        no_branch: a.no_branch,
        include_ignored: a.include_ignored,
        no_verify: a.no_verify,
    };
    let out = vcs::commit_post(&blog.root, &blog.site, &rel, &opts)?;
    if !out.hook_output.is_empty() {
        eprint!("{}", out.hook_output);
        if !out.hook_output.ends_with('\n') {
            eprintln!();
        }
    }
    if a.json {
        return crate::output::json(&out);
    }
    println!(
        "branch: {}{}",
        out.branch,
        if out.created_branch { " (new)" } else { "" }
    );
    println!("commit: {}", out.commit);
    println!("message: {}", out.message);
    for f in &out.files {
        println!("  {f}");
    }
    super::status::print_left_out("left out (not committed):", &out.left_out, &post);
    Ok(ExitCode::SUCCESS)
}
