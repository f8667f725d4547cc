//! The shell's one error type. Crosses IPC as `{ kind, message }`, like the core's.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export, rename = "IpcError")]
pub struct Error {
    /// The core's error kind (`not_found`, `outside_repo`, …), or `no_blog` / `app`.
    pub kind: String,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<postdesk_core::Error> for Error {
    fn from(e: postdesk_core::Error) -> Self {
        let kind = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "app".into());
        Error {
            kind,
            message: e.message,
        }
    }
}

impl From<tauri::Error> for Error {
    fn from(e: tauri::Error) -> Self {
        Error {
            kind: "app".into(),
            message: e.to_string(),
        }
    }
}

impl Error {
    pub fn invalid(message: &str) -> Self {
        Error {
            kind: "invalid".into(),
            message: message.into(),
        }
    }

    pub fn app(message: String) -> Self {
        Error {
            kind: "app".into(),
            message,
        }
    }

    pub fn no_journal() -> Self {
        Error {
            kind: "io".into(),
            message: "The crash-recovery journal cannot be written in the app's data folder; unsaved text is not protected against a crash. Save often.".into(),
        }
    }

    pub fn no_blog() -> Self {
        Error {
            kind: "no_blog".into(),
            message: "No blog is open. Use “Open blog…” to choose your blog's folder.".into(),
        }
    }
}
