//! `postdesk`: Postdesk without a window. Every subcommand is a thin front over
//! `postdesk-core`; errors print their message and exit with status 2 (`check` uses 1 for
//! findings).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod output;

/// The allocator the app uses too (see `src-tauri/src/main.rs`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "postdesk",
    version,
    about = "Write, check and review posts of a Git-backed blog (Jekyll, Astro, Hugo, Zola)",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the blog's posts, newest first.
    Posts(cmd::posts::Args),
    /// Show the blog's conventions (kind, folders, patterns) and where each came from.
    Site(cmd::site::Args),
    /// Show the front-matter schema inferred from the posts (and an Astro zod schema).
    Schema(cmd::schema::Args),
    /// Create a new post (or publish a Jekyll draft) and print its repository-relative path.
    New(cmd::new::Args),
    /// Check posts as a reviewer would: front matter, images, links, Markdown.
    Check(cmd::check::Args),
    /// Read and edit a post's front matter in place (`get`, `set`, `unset`).
    Fm(cmd::fm::Args),
    /// Import pictures for a post: resized, upright, without metadata.
    Image(cmd::image::Args),
    /// Render a post to sanitized HTML as the preview shows it (--full: a standalone page).
    Render(cmd::render::Args),
    /// Show a post's Git state and the files that belong to it.
    Status(cmd::status::Args),
    /// Commit a post and its files (only them), on its own branch.
    Commit(cmd::commit::Args),
    /// Push a branch to its remote with your usual Git credentials.
    Push(cmd::push::Args),
    /// Bring in the remote's commits of the current branch (merging when both sides have some);
    /// a conflict is reported (exit 1) and nothing is changed.
    Pull(cmd::pull::Args),
    /// Update the post's branch with the base branch's new commits (rebase before pushing,
    /// else merge); a conflict is reported (exit 1) and nothing is changed.
    Update(cmd::update::Args),
    /// List the posts a branch adds or changes, without checking it out.
    Review(cmd::review::Args),
    /// Run the blog's own generator as a development server on 127.0.0.1 and print where each
    /// post's page is (runs the blog's code: plugins, Gemfile, npm scripts).
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    // Killed by SIGPIPE like other Unix tools when the reader goes away (`| head`), instead
    // of Rust's default: a panic on the next print.
    sigpipe::reset();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Posts(a) => cmd::posts::run(a),
        Command::Site(a) => cmd::site::run(a),
        Command::Schema(a) => cmd::schema::run(a),
        Command::New(a) => cmd::new::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Fm(a) => cmd::fm::run(a),
        Command::Image(a) => cmd::image::run(a),
        Command::Render(a) => cmd::render::run(a),
        Command::Status(a) => cmd::status::run(a),
        Command::Commit(a) => cmd::commit::run(a),
        Command::Push(a) => cmd::push::run(a),
        Command::Pull(a) => cmd::pull::run(a),
        Command::Update(a) => cmd::update::run(a),
        Command::Review(a) => cmd::review::run(a),
        Command::Serve(a) => cmd::serve::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("postdesk: {e}");
            ExitCode::from(2)
        }
    }
}
