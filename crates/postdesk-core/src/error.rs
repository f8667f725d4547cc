//! The one error type of the core. It crosses IPC as `{ kind, message }`.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, as a stable machine-readable word the UI and the CLI can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A file or folder that was asked for does not exist.
    NotFound,
    /// The folder is not inside a Git repository.
    NotARepo,
    /// The folder holds no posts Postdesk can recognise.
    NoPosts,
    /// A path points outside the open repository (`..`, absolute path, symlink out).
    OutsideRepo,
    /// Reading or writing the disk failed.
    Io,
    /// Front matter that does not parse, or an edit that would not parse.
    FrontMatter,
    /// `.postdesk.toml` (or another configuration file) is malformed.
    Config,
    /// An image could not be imported.
    Image,
    /// A Git operation failed.
    Git,
    /// The Git server did not accept the user's credentials (or host key) on push/fetch.
    Auth,
    /// The Git server could not be reached (no network, DNS, refused, timed out).
    Network,
    /// The Git server refused the push (non-fast-forward, protected branch, hook).
    Rejected,
    /// The file changed on disk, or the target exists already.
    Conflict,
    /// The request itself is wrong (bad argument, bad value).
    Invalid,
    /// Git does not know who the user is (user.name / user.email).
    Identity,
    /// A path given as a post's is not one: not a Markdown file in one of the blog's post
    /// folders (a configuration file, a script, Git's own files…).
    NotAPost,
    /// A change was sent against a copy of the text the receiver no longer has (the
    /// preview's): send the whole text instead.
    Stale,
}

/// The core's error: a kind and a message written for the person using the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// An I/O error with the path it happened on, so the message says which file.
    pub fn io(path: &std::path::Path, err: std::io::Error) -> Self {
        let kind = match err.kind() {
            std::io::ErrorKind::NotFound => ErrorKind::NotFound,
            _ => ErrorKind::Io,
        };
        Error::new(kind, format!("{}: {}", path.display(), err))
    }
}

macro_rules! ctor {
    ($($name:ident => $kind:ident),* $(,)?) => {
        impl Error {
            $(pub fn $name(message: impl Into<String>) -> Self { Error::new(ErrorKind::$kind, message) })*
        }
    };
}

ctor! {
    not_found => NotFound,
    not_a_repo => NotARepo,
    no_posts => NoPosts,
    outside_repo => OutsideRepo,
    front_matter => FrontMatter,
    config => Config,
    image => Image,
    git => Git,
    conflict => Conflict,
    invalid => Invalid,
    identity => Identity,
    stale => Stale,
    not_a_post => NotAPost,
}

impl From<git2::Error> for Error {
    fn from(e: git2::Error) -> Self {
        Error::git(e.message().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_and_message() {
        let e = Error::outside_repo("../etc/passwd is outside the blog");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"kind": "outside_repo", "message": "../etc/passwd is outside the blog"})
        );
    }

    #[test]
    fn identity_kind_is_snake_case() {
        let v = serde_json::to_value(Error::identity("who?")).unwrap();
        assert_eq!(v["kind"], "identity");
    }

    #[test]
    fn io_errors_name_the_file() {
        let e = Error::io(
            std::path::Path::new("/x/y.md"),
            std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert!(e.message.starts_with("/x/y.md"));
    }
}
