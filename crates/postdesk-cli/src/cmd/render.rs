use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use postdesk_core::blog::Blog;
use postdesk_core::render;
use postdesk_core::workspace::Workspace;
use postdesk_core::{paths, vcs, Error};

#[derive(clap::Args)]
pub struct Args {
    /// The post's file (a path, or a path relative to the repository with --repo).
    pub post: PathBuf,
    /// The blog's folder (a Git clone); by default the repository that contains POST.
    #[arg(long)]
    pub repo: Option<PathBuf>,
    /// Print a standalone HTML page (header, article and the preview stylesheet) instead of
    /// the sanitized fragment.
    #[arg(long)]
    pub full: bool,
    /// Print the whole render result as JSON (html, header, headings…).
    #[arg(long, conflicts_with = "full")]
    pub json: bool,
    /// Load http(s) images instead of showing a placeholder.
    #[arg(long)]
    pub allow_remote_images: bool,
    /// Render the post as it is at this revision (branch, tag, commit), read from Git objects:
    /// POST is then a repository-relative path, and nothing in the working tree is read or changed.
    #[arg(long)]
    pub rev: Option<String>,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    if let Some(rev) = a.rev.clone() {
        return run_at(a, &rev);
    }
    let post_abs = locate(&a.post, a.repo.as_deref())?;
    let ws = match &a.repo {
        Some(r) => Workspace::open(r)?,
        None => Workspace::open(post_abs.parent().unwrap_or(Path::new(".")))?,
    };
    let blog = ws.blog();
    let rel = paths::relative(&blog.root, &post_abs).ok_or_else(|| {
        Error::outside_repo(format!(
            "{} is not inside the blog at {}; pass the blog's folder with --repo.",
            a.post.display(),
            blog.root.display()
        ))
    })?;
    let post = blog.read_post(&rel)?;
    let mut ctx = ws.render_context(rel.clone());
    ctx.allow_remote_images = a.allow_remote_images;
    let r = render::render(&post.text, &ctx);
    print(&a, &rel, &r)
}

/// `--rev`: the post and its images from Git objects.
fn run_at(a: Args, rev: &str) -> postdesk_core::Result<ExitCode> {
    let blog = Blog::open(a.repo.as_deref().unwrap_or(Path::new(".")))?;
    let rel = a.post.to_string_lossy().replace('\\', "/");
    let allow_remote_images = a.allow_remote_images;
    let at = vcs::render_at(&blog.root, blog.site.kind, rev, &rel, |ctx, _| {
        ctx.allow_remote_images = allow_remote_images;
    })?;
    print(&a, &rel, &at.rendered)
}

fn print(a: &Args, rel: &str, r: &render::Rendered) -> postdesk_core::Result<ExitCode> {
    if let Some(e) = &r.front_matter_error {
        eprintln!("postdesk: warning: {rel}: {e}");
    }
    if a.json {
        return crate::output::json(r);
    }
    let out = if a.full {
        render::full_page(r)
    } else {
        r.html.clone()
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| Error::io(Path::new("<stdout>"), e))?;
    Ok(ExitCode::SUCCESS)
}

/// The post's canonical path: as given, or relative to the repository.
fn locate(post: &Path, repo: Option<&Path>) -> postdesk_core::Result<PathBuf> {
    let candidates = [Some(post.to_path_buf()), repo.map(|r| r.join(post))];
    for c in candidates.into_iter().flatten() {
        if c.is_file() {
            return c.canonicalize().map_err(|e| Error::io(&c, e));
        }
    }
    Err(Error::not_found(format!(
        "There is no post at {}. Give the path of a Markdown file of your blog.",
        post.display()
    )))
}
