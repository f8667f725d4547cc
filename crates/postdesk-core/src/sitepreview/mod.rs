//! The site preview: the blog's own generator (`jekyll serve`, `hugo server`, `zola serve`,
//! `astro dev`) run as a development server beside the fast preview, so the writer sees the
//! post's page with the site's theme, and a reviewer sees a branch's post as the site will.
//!
//! - [`command`]: which command serves the blog (detected from its files, or `[preview]` of
//!   `.postdesk.toml`), with drafts and future posts shown, on a free port of 127.0.0.1 only;
//!   a missing generator is an error naming what to install.
//! - [`url`]: where a post's page is on that server, by the generator's permalink rules
//!   (Jekyll's `permalink` styles and placeholders, Hugo's sections, `slug`, `url` and
//!   `[permalinks]`, Zola's sections and `path`, Astro's collections) or `[preview] url`.
//! - [`server`]: the running server: its own process group under a watchdog that ends the
//!   group when Postdesk goes away (even killed), readiness (the port answers HTTP), its output
//!   in a bounded log, the rebuilds it reports, its errors in a sentence; dropping it ends the
//!   whole group.
//! - [`worktree`]: a revision checked out in a Git worktree of Postdesk's own (for reviews),
//!   removed when dropped; the reviewer's work tree, index and branch are never touched.
//! - [`trust`]: what of the blog's own code a generator runs (`_plugins/`, `Gemfile`,
//!   `package.json` scripts, Hugo modules, a `[preview] command`), which a reviewed branch's
//!   Site tab names before it runs anything.
//!
//! The core never runs a post's code for the fast preview; this module is the one place that
//! runs the blog's (its generator, its plugins), and only when asked.

pub mod command;
pub mod server;
pub mod trust;
pub mod url;
pub mod worktree;

pub use command::{plan, Generator, Plan};
pub use server::{SiteServer, SiteState, SiteStatus};
pub use trust::{code_that_runs, TrustInfo};
pub use worktree::Worktree;

#[cfg(test)]
mod real_tests;
