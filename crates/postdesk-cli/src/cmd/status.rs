//! `postdesk status POST`: the post's Git state and the files that belong to it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use postdesk_core::blog::Blog;
use postdesk_core::vcs::status::{RefusedFile, RefusedReason};
use postdesk_core::vcs::{self, PostState};
use postdesk_core::Error;

#[derive(clap::Args)]
pub struct Args {
    /// The post's Markdown file (inside a Git clone of the blog).
    pub post: PathBuf,
    /// Print the status as JSON (branch, upstream, ahead/behind, state, files, refused).
    #[arg(long)]
    pub json: bool,
}

/// Opens the blog that contains the file `post` and returns it with the post's
/// repository-relative path.
pub fn open_post(post: &Path) -> postdesk_core::Result<(Blog, String)> {
    let abs = post.canonicalize().map_err(|e| Error::io(post, e))?;
    let dir = abs.parent().unwrap_or(&abs);
    let blog = Blog::open(dir)?;
    let rel = postdesk_core::paths::relative(&blog.root, &abs)
        .ok_or_else(|| Error::outside_repo(format!("{} is not inside the blog", post.display())))?;
    Ok((blog, rel))
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let (blog, rel) = open_post(&a.post)?;
    let s = vcs::post_status(&blog.root, &blog.site, &rel)?;
    if a.json {
        return crate::output::json(&s);
    }
    let state = match s.state {
        PostState::New => "new (never committed)",
        PostState::Modified => "modified since the last commit",
        PostState::Committed => "committed, not pushed",
        PostState::Pushed => "pushed",
    };
    println!("{}  [{}]", s.title, s.path);
    println!("state:    {state}");
    match (&s.branch, &s.default_branch) {
        (Some(b), Some(d)) if b == d => println!("branch:   {b} (the default branch)"),
        (Some(b), _) => println!("branch:   {b}"),
        (None, _) => println!("branch:   none (detached HEAD)"),
    }
    match &s.upstream {
        Some(u) => println!("upstream: {u} (ahead {}, behind {})", s.ahead, s.behind),
        None => println!("upstream: none (not pushed yet)"),
    }
    if let Some(op) = &s.operation {
        println!("note:     Git is in the middle of {op}; finish it before committing");
    }
    println!("files:");
    for f in &s.files {
        let state = serde_json::to_value(f.state).unwrap_or_default();
        let role = serde_json::to_value(f.role).unwrap_or_default();
        println!(
            "  {:<10} {:<8} {}",
            state.as_str().unwrap_or(""),
            role.as_str().unwrap_or(""),
            f.path
        );
    }
    print_left_out(
        "left out (Publish does not commit these):",
        &s.refused,
        &a.post.display().to_string(),
    );
    if s.on_default_branch && matches!(s.state, PostState::New | PostState::Modified) {
        println!(
            "Committing will create the branch {} (use --no-branch to commit on {}).",
            s.suggested_branch,
            s.branch.as_deref().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The links Publish leaves out, one per line with its reason and why; for an ignored media
/// file, how to commit it anyway (`post` as the writer named it).
pub fn print_left_out(heading: &str, refused: &[RefusedFile], post: &str) {
    if refused.is_empty() {
        return;
    }
    println!("{heading}");
    for r in refused {
        let reason = serde_json::to_value(r.reason).unwrap_or_default();
        println!("  {:<10} {}", reason.as_str().unwrap_or(""), r.path);
        println!("             {}", r.message);
        if r.reason == RefusedReason::Ignored {
            println!(
                "             To commit it anyway: postdesk commit {post} --include-ignored {}",
                r.path
            );
        }
    }
}
