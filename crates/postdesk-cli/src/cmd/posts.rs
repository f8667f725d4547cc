use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::workspace::Workspace;

#[derive(clap::Args)]
pub struct Args {
    /// The blog's folder (a Git clone).
    pub repo: PathBuf,
    /// Print a JSON array of objects with path, title, date, authors, tags, draft, error.
    /// Folders refused because they lead out of the repository are said on stderr either way
    /// (and listed in `postdesk site --json`'s `refused_dirs`).
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let ws = Workspace::open(&a.repo)?;
    for r in &ws.site().refused_dirs {
        eprintln!("postdesk: warning: {}", r.message);
    }
    let posts = ws.posts();
    let posts: &[_] = &posts;
    if a.json {
        return crate::output::json(&posts);
    }
    for p in posts {
        let date = p.date.as_deref().unwrap_or("          ");
        match &p.error {
            Some(e) => println!("{date}  {}  (error: {e})", p.path),
            None => println!("{date}  {}  [{}]", p.title, p.path),
        }
    }
    Ok(ExitCode::SUCCESS)
}
