//! `postdesk image add POST FILE… [--alt TEXT] [--max-width N]`: imports pictures into the
//! post's image folder (resized, upright, without metadata) and prints, one per line, the
//! Markdown that links them. The post itself is not edited. Failures go to stderr, naming
//! the file; the exit status is 1 when any file failed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use postdesk_core::blog::Blog;
use postdesk_core::media::{self, ImportOptions, ImportOutcome};
use postdesk_core::{paths, Error};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ImageCommand,
}

#[derive(clap::Subcommand)]
pub enum ImageCommand {
    /// Import pictures for a post and print the Markdown to insert.
    Add(AddArgs),
}

#[derive(clap::Args)]
pub struct AddArgs {
    /// The post (a Markdown file inside the blog's clone).
    pub post: PathBuf,
    /// The pictures to import (JPEG, PNG, GIF, WebP, SVG): regular files up to 200 MB
    /// (devices and pipes are refused unread). They are left untouched.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Alt text for the links (also names files called like `IMG_0877.jpg`).
    #[arg(long)]
    pub alt: Option<String>,
    /// Widest picture in pixels (default: the site's, 1600).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_width: Option<u32>,
    /// Print a JSON array of outcomes instead of Markdown lines.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    match a.command {
        ImageCommand::Add(a) => add(a),
    }
}

/// The post's absolute path, canonical even when the file does not exist yet.
fn post_path(post: &Path) -> postdesk_core::Result<PathBuf> {
    if let Ok(p) = post.canonicalize() {
        if p.is_dir() {
            return Err(Error::invalid(format!(
                "{} is a folder; give the post's Markdown file",
                post.display()
            )));
        }
        return Ok(p);
    }
    let parent = match post.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = post
        .file_name()
        .ok_or_else(|| Error::invalid(format!("{} is not a file name", post.display())))?;
    let dir = parent.canonicalize().map_err(|e| Error::io(parent, e))?;
    Ok(dir.join(name))
}

fn add(a: AddArgs) -> postdesk_core::Result<ExitCode> {
    let post_abs = post_path(&a.post)?;
    let blog = Blog::open(post_abs.parent().unwrap_or(Path::new(".")))?;
    let post_rel = paths::relative(&blog.root, &post_abs).ok_or_else(|| {
        Error::outside_repo(format!(
            "{} is not inside the blog at {}",
            a.post.display(),
            blog.root.display()
        ))
    })?;
    let dest = media::destination(&blog.root, &blog.site, &post_rel, None)?;
    let opts = ImportOptions {
        alt: a.alt,
        max_width: a.max_width,
        ..Default::default()
    };
    let outcomes = media::import_files(
        &blog.root,
        &dest,
        &a.files,
        &opts,
        &|_| {},
        &AtomicBool::new(false),
    );
    let failed = outcomes
        .iter()
        .any(|o| !matches!(o, ImportOutcome::Imported { .. }));
    if a.json {
        crate::output::json(&outcomes)?;
    } else {
        for o in &outcomes {
            match o {
                ImportOutcome::Imported {
                    file,
                    markdown,
                    warnings,
                    ..
                } => {
                    println!("{markdown}");
                    for w in warnings {
                        eprintln!("postdesk: {file}: {w}");
                    }
                }
                ImportOutcome::Failed { message, .. } => eprintln!("postdesk: {message}"),
                ImportOutcome::Cancelled { file } => eprintln!("postdesk: {file}: cancelled"),
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
