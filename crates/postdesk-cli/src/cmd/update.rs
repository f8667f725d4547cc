//! `postdesk update`: bring the current post's branch up to date with the blog's base branch
//! (`main`): a rebase while the branch is not pushed, else a merge (`--rebase` / `--merge` to
//! choose). A conflict is reported (exit 1, the files listed) and the update aborted: the
//! repository is left exactly as it was.

use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::blog::Blog;
use postdesk_core::vcs::{self, OnConflict, UpdateHow, UpdateState};

#[derive(clap::Args)]
pub struct Args {
    /// The blog's folder (a Git clone); default: the current folder.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// Replay the branch's commits on the base (refused once the branch is pushed).
    #[arg(long, conflicts_with = "merge")]
    pub rebase: bool,
    /// Merge the base into the branch (a merge commit).
    #[arg(long)]
    pub merge: bool,
    /// Print the outcome as JSON (branch, base_ref, how, state, behind, conflicts, commit, message).
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let blog = Blog::open(&a.repo)?;
    let how = match (a.rebase, a.merge) {
        (true, _) => Some(UpdateHow::Rebase),
        (_, true) => Some(UpdateHow::Merge),
        _ => None,
    };
    let out = vcs::update_from_base(&blog.root, how, OnConflict::Abort)?;
    let code = if out.state == UpdateState::Conflicted {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if a.json {
        crate::output::json(&out)?;
        return Ok(code);
    }
    report(&out.message, &out.conflicts);
    Ok(code)
}

/// The outcome for people: the message, then the conflicted files one per line.
pub fn report(message: &str, conflicts: &[String]) {
    println!("{message}");
    if !conflicts.is_empty() {
        println!("Changed on both sides:");
        for f in conflicts {
            println!("  {f}");
        }
    }
}
