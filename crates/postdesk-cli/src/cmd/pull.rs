//! `postdesk pull`: bring the current branch's upstream commits in with the system `git` (the
//! writer's own credentials), merging when both sides have commits. A conflict cannot be
//! resolved without the merge view, so it is reported (exit 1, the files listed) and the merge
//! aborted: the repository is left exactly as it was.

use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::blog::Blog;
use postdesk_core::vcs::{self, OnConflict, PullState};

#[derive(clap::Args)]
pub struct Args {
    /// The blog's folder (a Git clone); default: the current folder.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// Print the outcome as JSON (branch, upstream, state, ahead, behind, message, conflicts).
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let blog = Blog::open(&a.repo)?;
    let out = vcs::pull(
        &blog.root,
        &mut |line| {
            if line.ends_with(", done.") || line.starts_with("remote:") {
                eprintln!("{line}");
            }
        },
        OnConflict::Abort,
    )?;
    let code = if out.state == PullState::Conflicted {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if a.json {
        crate::output::json(&out)?;
        return Ok(code);
    }
    crate::cmd::update::report(&out.message, &out.conflicts);
    Ok(code)
}
