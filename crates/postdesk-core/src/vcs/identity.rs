//! Who Git says the writer is: `user.name` and `user.email`, which every commit records.
//!
//! [`identity`] reads what a commit would record in a repository (its local config over the
//! user's global config, as Git layers them). [`set_identity`] writes both values, either to the
//! repository's own `.git/config` or to the user's global config file, so that the app can ask
//! for them once instead of sending the writer to a terminal.

use std::path::{Path, PathBuf};

use git2::{Config, ConfigLevel};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

/// The author name and email Git records for commits; `None` for a value that is not set (or
/// set to an empty string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Identity {
    pub name: Option<String>,
    pub email: Option<String>,
}

/// The identity a commit in the repository at `root` would record (local config, then global
/// and system config).
pub fn identity(root: &Path) -> Result<Identity> {
    let (repo, _) = super::open(root)?;
    let cfg = repo.config()?.snapshot()?;
    let get = |key: &str| {
        cfg.get_string(key)
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Ok(Identity {
        name: get("user.name"),
        email: get("user.email"),
    })
}

/// Sets `user.name` and `user.email` in the user's global config (`global`, the file
/// `git config --global` writes, created when missing) or in the repository's own config, and
/// returns the identity the repository now has (a local value still wins over a global one).
pub fn set_identity(root: &Path, name: &str, email: &str, global: bool) -> Result<Identity> {
    let (name, email) = validate(name, email)?;
    let (repo, root) = super::open(root)?;
    let mut cfg = if global {
        let path = global_config_path()?;
        Config::open(&path).map_err(|e| {
            Error::git(format!(
                "Could not open your Git settings file {}: {}",
                path.display(),
                e.message()
            ))
        })?
    } else {
        repo.config()?.open_level(ConfigLevel::Local)?
    };
    cfg.set_str("user.name", name)?;
    cfg.set_str("user.email", email)?;
    drop(cfg);
    drop(repo);
    identity(&root)
}

/// Checks and trims a name and email; the error says what is wrong with which.
fn validate<'a>(name: &'a str, email: &'a str) -> Result<(&'a str, &'a str)> {
    let (name, email) = (name.trim(), email.trim());
    if name.is_empty() {
        return Err(Error::invalid(
            "Your name is empty; Git records a name with every commit (for example \"Ada Lovelace\").",
        ));
    }
    if email.is_empty() {
        return Err(Error::invalid(
            "Your email is empty; Git records an email with every commit (for example \"ada@example.com\").",
        ));
    }
    for (what, v) in [("name", name), ("email", email)] {
        if v.contains(['\n', '\r', '\0']) {
            return Err(Error::invalid(format!("Your {what} must fit on one line.")));
        }
        if v.contains(['<', '>']) {
            return Err(Error::invalid(format!(
                "Your {what} cannot contain `<` or `>`: Git writes the email between them."
            )));
        }
    }
    if !email.contains('@') {
        return Err(Error::invalid(format!(
            "`{email}` does not look like an email address (it has no `@`)."
        )));
    }
    Ok((name, email))
}

/// The file `git config --global` writes: `$GIT_CONFIG_GLOBAL`, else `~/.gitconfig` when it
/// exists, else the XDG file (`~/.config/git/config`) when that exists, else `~/.gitconfig`.
fn global_config_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("GIT_CONFIG_GLOBAL").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Ok(p) = Config::find_global() {
        return Ok(p);
    }
    if let Ok(p) = Config::find_xdg() {
        return Ok(p);
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(dirs::home_dir)
        .ok_or_else(|| {
            Error::config(
                "Could not find your home folder to save your Git name and email; save them for this blog only instead.",
            )
        })?;
    Ok(home.join(".gitconfig"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_refuses_empty_multiline_and_bad_emails() {
        assert_eq!(
            validate("  Ada ", " ada@example.com\t").unwrap(),
            ("Ada", "ada@example.com")
        );
        for (n, e, needle) in [
            ("", "a@b", "name is empty"),
            ("  ", "a@b", "name is empty"),
            ("Ada", " ", "email is empty"),
            ("Ada", "ada.example.com", "no `@`"),
            ("Ada\nEvil", "a@b", "one line"),
            ("Ada", "a\r@b", "one line"),
            ("Ada", "a@b\nx", "one line"),
            ("Ada <x>", "a@b", "`<` or `>`"),
        ] {
            let err = validate(n, e).unwrap_err();
            assert_eq!(err.kind, crate::ErrorKind::Invalid);
            assert!(err.message.contains(needle), "{n:?} {e:?}: {}", err.message);
        }
    }
}
