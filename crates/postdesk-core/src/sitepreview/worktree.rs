//! A revision checked out for the site preview of a review: a Git worktree of Postdesk's own,
//! in a folder Postdesk owns (the app's cache), detached at the revision's commit, removed
//! when dropped. The reviewer's work tree, index, `HEAD` and branches are not touched (a
//! worktree has its own index and `HEAD`; Git records it under `.git/worktrees/`, and the
//! removal takes that away again). The reviewer's hooks do not run for it
//! (`core.hooksPath` pointed at an empty folder).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// A worktree at one commit (see the module documentation).
#[derive(Debug)]
pub struct Worktree {
    repo: PathBuf,
    path: PathBuf,
    commit: String,
}

/// Where the command line keeps review worktrees: the user's cache folder
/// (`~/.cache/postdesk/site-worktrees`), else the temporary folder. (The app uses its own
/// cache folder.)
pub fn default_parent() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("postdesk")
        .join("site-worktrees")
}

impl Worktree {
    /// Checks out `rev` of the repository at `repo` in a new folder under `parent`.
    /// Worktrees left there by an earlier run that did not end well are removed first.
    pub fn create(repo: &Path, rev: &str, parent: &Path) -> Result<Worktree> {
        let commit = crate::vcs::review::resolve_commit(repo, rev)?;
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        sweep(repo, parent);
        let hooks = parent.join(".no-hooks");
        std::fs::create_dir_all(&hooks).map_err(|e| Error::io(&hooks, e))?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let path = parent.join(format!("{}-{stamp:x}", &commit[..12.min(commit.len())]));
        let out = git(repo, &hooks)
            .args(["worktree", "add", "--detach", "--quiet"])
            .arg(&path)
            .arg(&commit)
            .output()
            .map_err(|e| Error::git(format!("could not run git: {e}")))?;
        if !out.status.success() {
            let _ = std::fs::remove_dir_all(&path);
            return Err(Error::git(format!(
                "could not check out {rev} for the site preview: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        let path = path.canonicalize().unwrap_or(path);
        Ok(Worktree {
            repo: repo.to_path_buf(),
            path,
            commit,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The commit checked out.
    pub fn commit(&self) -> &str {
        &self.commit
    }
}

impl Drop for Worktree {
    fn drop(&mut self) {
        remove(&self.repo, &self.path);
    }
}

fn git(repo: &Path, hooks: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(repo)
        .arg("-c")
        .arg(format!("core.hooksPath={}", hooks.display()))
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    c
}

fn remove(repo: &Path, path: &Path) {
    let hooks = path.with_file_name(".no-hooks");
    let _ = git(repo, &hooks)
        .args(["worktree", "remove", "--force", "--force"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = std::fs::remove_dir_all(path);
    let _ = git(repo, &hooks)
        .args(["worktree", "prune"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Removes the worktrees an earlier run left under `parent` (it was killed before it could).
fn sweep(repo: &Path, parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with('.') && e.path().join(".git").is_file() {
            remove(repo, &e.path());
        }
    }
}
