//! `postdesk review REPO REV`: the posts a branch adds or changes, read from Git objects
//! (nothing is checked out).

use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::blog::Blog;
use postdesk_core::vcs;

#[derive(clap::Args)]
pub struct Args {
    /// The blog's folder (a Git clone).
    pub repo: PathBuf,
    /// The branch (e.g. `origin/post/my-trip`), tag or commit to review.
    pub rev: String,
    /// Compare with this branch or commit (default: the default branch) from their merge base.
    #[arg(long)]
    pub base: Option<String>,
    /// Print a JSON array of objects with path, change, old_path, title.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let blog = Blog::open(&a.repo)?;
    let posts = vcs::changed_posts(&blog.root, &blog.site, &a.rev, a.base.as_deref())?;
    if a.json {
        return crate::output::json(&posts);
    }
    if posts.is_empty() {
        println!("{} changes no posts.", a.rev);
    }
    for p in &posts {
        let change = serde_json::to_value(p.change).unwrap_or_default();
        let change = change.as_str().unwrap_or("");
        match &p.old_path {
            Some(old) => println!("{change:<9} {}  [{old} -> {}]", p.title, p.path),
            None => println!("{change:<9} {}  [{}]", p.title, p.path),
        }
    }
    Ok(ExitCode::SUCCESS)
}
