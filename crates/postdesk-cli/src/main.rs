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
    /// Render a post to sanitized HTML as the preview shows it (--full: a standalone page).
    Render(cmd::render::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Posts(a) => cmd::posts::run(a),
        Command::Render(a) => cmd::render::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("postdesk: {e}");
            ExitCode::from(2)
        }
    }
}
