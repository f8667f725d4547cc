use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::blog::Blog;
use postdesk_core::newpost::{self, NewPostRequest};

#[derive(clap::Args)]
pub struct Args {
    /// The blog's folder (a Git clone).
    pub repo: PathBuf,
    /// The post's title; the file name is made from it.
    #[arg(long, required_unless_present = "publish")]
    pub title: Option<String>,
    /// Publication date, YYYY-MM-DD (today by default).
    #[arg(long)]
    pub date: Option<String>,
    /// Author id from the blog's authors file (git's user.name matched against it by default).
    #[arg(long)]
    pub author: Option<String>,
    /// Create a draft (`_drafts/slug.md` for Jekyll, `draft: true` elsewhere).
    #[arg(long)]
    pub draft: bool,
    /// Only print the path and front matter it would create; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Publish this Jekyll draft (repository-relative path) instead: move it to
    /// `_posts/DATE-slug.md` (DATE from --date, else today).
    #[arg(long, conflicts_with_all = ["title", "author", "draft"])]
    pub publish: Option<String>,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let blog = Blog::open(&a.repo)?;
    if let Some(draft) = &a.publish {
        let path = newpost::publish(&blog.root, &blog.site, draft, a.date.as_deref())?;
        println!("{path}");
        return Ok(ExitCode::SUCCESS);
    }
    let schema = postdesk_core::schema::infer(&blog.root, &blog.site);
    let req = NewPostRequest {
        title: a.title.unwrap_or_default(),
        date: a.date,
        author: a.author,
        draft: a.draft,
    };
    if a.dry_run {
        let p = newpost::plan(&blog.root, &blog.site, &schema, &req)?;
        println!("{}", p.path);
        print!("{}", p.text);
        if p.exists {
            eprintln!("postdesk: {} already exists; `new` would refuse.", p.path);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let p = newpost::create(&blog.root, &blog.site, &schema, &req)?;
    println!("{}", p.path);
    Ok(ExitCode::SUCCESS)
}
