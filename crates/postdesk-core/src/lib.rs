//! Postdesk's core: everything the app does, with no window in sight.
//!
//! The desktop shell (`src-tauri`) and the CLI (`postdesk`) are thin fronts over these modules.
//! Each module is one concept; see `ARCHITECTURE.md` at the repository root.

pub mod atomic;
pub mod authors;
pub mod bindings;
pub mod blog;
pub mod check;
pub mod config;
pub mod error;
pub mod frontmatter;
pub mod index;
pub mod journal;
pub mod lines;
pub mod links;
pub mod media;
pub mod newpost;
pub mod paths;
pub mod prefs;
pub mod render;
pub mod save;
pub mod schema;
pub mod seed;
pub mod site;
pub mod sitepreview;
pub mod slug;
pub mod vcs;
pub mod watch;
pub mod workspace;

pub use error::{Error, ErrorKind, Result};
