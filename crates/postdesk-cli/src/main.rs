//! `postdesk`: Postdesk without a window. Every subcommand is a thin front over
//! `postdesk-core`; errors print their message and exit with status 2 (`check` uses 1 for
//! findings).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod output;

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
    /// Show a post's Git state and the files that belong to it.
    Status(cmd::status::Args),
    /// Commit a post and its files (only them), on its own branch.
    Commit(cmd::commit::Args),
    /// Push a branch to its remote with your usual Git credentials.
    Push(cmd::push::Args),
    /// List the posts a branch adds or changes, without checking it out.
    Review(cmd::review::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Posts(a) => cmd::posts::run(a),
        Command::Status(a) => cmd::status::run(a),
        Command::Commit(a) => cmd::commit::run(a),
        Command::Push(a) => cmd::push::run(a),
        Command::Review(a) => cmd::review::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("postdesk: {e}");
            ExitCode::from(2)
        }
    }
}
