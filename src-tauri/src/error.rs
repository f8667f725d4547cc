//! The shell's one error type. Crosses IPC as `{ kind, message }`, like the core's.

use postdesk_core::ErrorKind;
use serde::Serialize;
use ts_rs::TS;

/// The kinds only the shell produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppErrorKind {
    /// A command that needs an open blog was called with none open.
    NoBlog,
    /// The shell itself failed (a window, a stopped task, an unexpected reply).
    App,
}

/// What went wrong, as the UI sees it: one of the core's kinds or one of the shell's. On the
/// wire it is the kind's snake_case word alone (`"conflict"`, `"no_blog"`), in TypeScript a
/// union of those words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(untagged)]
pub enum IpcErrorKind {
    Core(ErrorKind),
    App(AppErrorKind),
}

impl From<ErrorKind> for IpcErrorKind {
    fn from(k: ErrorKind) -> Self {
        IpcErrorKind::Core(k)
    }
}

impl From<AppErrorKind> for IpcErrorKind {
    fn from(k: AppErrorKind) -> Self {
        IpcErrorKind::App(k)
    }
}

#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(rename = "IpcError")]
pub struct Error {
    pub kind: IpcErrorKind,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<postdesk_core::Error> for Error {
    fn from(e: postdesk_core::Error) -> Self {
        Error::new(e.kind, e.message)
    }
}

impl From<tauri::Error> for Error {
    fn from(e: tauri::Error) -> Self {
        Error::app(e.to_string())
    }
}

impl Error {
    pub fn new(kind: impl Into<IpcErrorKind>, message: impl Into<String>) -> Self {
        Error {
            kind: kind.into(),
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Invalid, message)
    }

    pub fn app(message: String) -> Self {
        Error::new(AppErrorKind::App, message)
    }

    pub fn no_journal() -> Self {
        Error::new(
            ErrorKind::Io,
            "The crash-recovery journal cannot be written in the app's data folder; unsaved text is not protected against a crash. Save often.",
        )
    }

    pub fn no_blog() -> Self {
        Error::new(
            AppErrorKind::NoBlog,
            "No blog is open. Use “Open blog…” to choose your blog's folder.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_cross_as_their_snake_case_word() {
        let cases = [
            (Error::no_blog(), "no_blog"),
            (Error::app("x".into()), "app"),
            (Error::invalid("x"), "invalid"),
            (Error::no_journal(), "io"),
            (postdesk_core::Error::conflict("x").into(), "conflict"),
            (
                postdesk_core::Error::outside_repo("x").into(),
                "outside_repo",
            ),
            (postdesk_core::Error::identity("x").into(), "identity"),
        ];
        for (e, kind) in cases {
            let v = serde_json::to_value(&e).unwrap();
            assert_eq!(
                v,
                serde_json::json!({"kind": kind, "message": e.message}),
                "{e:?}"
            );
        }
    }

    #[test]
    fn the_kind_is_a_union_of_words_in_typescript() {
        let cfg = ts_rs::Config::new();
        assert_eq!(
            IpcErrorKind::decl(&cfg),
            "type IpcErrorKind = ErrorKind | AppErrorKind;"
        );
        assert_eq!(
            AppErrorKind::decl(&cfg),
            "type AppErrorKind = \"no_blog\" | \"app\";"
        );
    }
}
