//! The repository's commit hooks, run as `git commit <paths>` runs them.
//!
//! A commit of a post is a partial commit: like `git commit <the post's files>`, the hooks see a
//! temporary index (`GIT_INDEX_FILE`) holding HEAD with just the post's files staged, so a
//! writer's pre-commit linter finds them with `git diff --cached --name-only` and nothing else
//! the writer staged. In order:
//!
//! 1. `pre-commit` (skipped by `no_verify`): a failure stops the commit; what it staged in the
//!    temporary index (a formatter's `git add`) is committed, as with git.
//! 2. `prepare-commit-msg <file> message`, even with `no_verify`.
//! 3. `commit-msg <file>` (skipped by `no_verify`): may rewrite the message; a failure stops the
//!    commit.
//! 4. `post-commit`, after the commit, with the real index; its status is ignored.
//!
//! Each runs in the work tree's root, with git's environment for hooks (`GIT_INDEX_FILE`,
//! `GIT_EDITOR=:`, `GIT_AUTHOR_*`, `GIT_PREFIX`), no input, and its output (stdout and stderr,
//! interleaved) kept for the writer. Hooks are found in `core.hooksPath` (relative to the work
//! tree, `~` expanded) or the repository's `hooks` folder; a hook file that is not executable is
//! skipped with git's hint (unless `advice.ignoredHook` is false). When a hook fails, the
//! writer's index and working tree are as before: only the temporary index was written.

use std::ffi::OsString;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::{Index, Oid, Repository, Signature};

use crate::error::{Error, Result};

/// The commit hooks of one commit, and what they printed.
pub(crate) struct Hooks {
    /// Where the hooks are (`core.hooksPath` or `<git dir>/hooks`).
    dir: PathBuf,
    root: PathBuf,
    git_dir: PathBuf,
    no_verify: bool,
    /// Whether a skipped, non-executable hook gets git's hint.
    advice: bool,
    /// `GIT_AUTHOR_*` as git sets them for hooks.
    author: Vec<(&'static str, String)>,
    /// The hooks' output, in the order they ran (hints included).
    pub output: String,
}

impl Hooks {
    pub(crate) fn new(
        repo: &Repository,
        root: &Path,
        author: &Signature,
        no_verify: bool,
    ) -> Result<Hooks> {
        let cfg = repo.config()?;
        let dir = match cfg.get_path("core.hooksPath") {
            Ok(p) if p.is_absolute() => p,
            Ok(p) => root.join(p),
            Err(_) => repo.commondir().join("hooks"),
        };
        let t = author.when();
        let offset = t.offset_minutes();
        let date = format!(
            "@{} {}{:02}{:02}",
            t.seconds(),
            if offset < 0 { '-' } else { '+' },
            offset.abs() / 60,
            offset.abs() % 60
        );
        Ok(Hooks {
            dir,
            root: root.to_path_buf(),
            git_dir: repo.path().to_path_buf(),
            no_verify,
            advice: cfg.get_bool("advice.ignoredHook").unwrap_or(true),
            author: vec![
                (
                    "GIT_AUTHOR_NAME",
                    author.name().unwrap_or_default().to_string(),
                ),
                (
                    "GIT_AUTHOR_EMAIL",
                    author.email().unwrap_or_default().to_string(),
                ),
                ("GIT_AUTHOR_DATE", date),
            ],
            output: String::new(),
        })
    }

    /// Runs `pre-commit`, `prepare-commit-msg` and `commit-msg` for a commit of `tree` with
    /// `message`, and returns the tree and message to commit (a hook may change either).
    /// `index` is the writer's index (in memory) with the post's `files` staged: its stat data
    /// goes into the hooks' index, and entries a hook restaged are copied back for those files.
    /// Nothing runs, and nothing is written, when there is no such hook.
    pub(crate) fn before_commit(
        &mut self,
        repo: &Repository,
        index: &mut Index,
        files: &[String],
        tree: Oid,
        message: String,
    ) -> Result<(Oid, String)> {
        let pre = if self.no_verify {
            None
        } else {
            self.find("pre-commit")
        };
        let prepare = self.find("prepare-commit-msg");
        let msg_hook = if self.no_verify {
            None
        } else {
            self.find("commit-msg")
        };
        if pre.is_none() && prepare.is_none() && msg_hook.is_none() {
            return Ok((tree, message));
        }
        // The hooks' index: HEAD with the post's files staged, as `git commit <paths>` makes.
        let staged_path = tempfile::Builder::new()
            .prefix("next-index-")
            .suffix(".lock")
            .tempfile_in(&self.git_dir)
            .map_err(|e| Error::io(&self.git_dir, e))?
            .into_temp_path();
        std::fs::remove_file(&staged_path).map_err(|e| Error::io(&staged_path, e))?;
        let mut staged = Index::open(&staged_path)?;
        staged.read_tree(&repo.find_tree(tree)?)?;
        for e in index.iter() {
            let same = staged
                .get_path(Path::new(&*String::from_utf8_lossy(&e.path)), 0)
                .is_some_and(|s| s.id == e.id && s.mode == e.mode);
            if same {
                staged.add(&e)?;
            }
        }
        staged.write()?;
        let index_file = staged_path.to_path_buf();

        let mut tree = tree;
        if let Some(hook) = pre {
            self.run("pre-commit", &hook, &[], &index_file)?;
            staged.read(true)?;
            tree = staged.write_tree_to(repo)?;
            for f in files {
                if let Some(e) = staged.get_path(Path::new(f), 0) {
                    if index.get_path(Path::new(f), 0).map(|i| i.id) != Some(e.id) {
                        index.add(&e)?;
                    }
                }
            }
        }
        if prepare.is_none() && msg_hook.is_none() {
            return Ok((tree, message));
        }
        let msg_file = self.git_dir.join("COMMIT_EDITMSG");
        std::fs::write(&msg_file, format!("{message}\n")).map_err(|e| Error::io(&msg_file, e))?;
        let shown = self.shown(&msg_file);
        if let Some(hook) = prepare {
            let args = [shown.clone(), OsString::from("message")];
            self.run("prepare-commit-msg", &hook, &args, &index_file)?;
        }
        if let Some(hook) = msg_hook {
            self.run("commit-msg", &hook, &[shown], &index_file)?;
        }
        let written = std::fs::read(&msg_file).map_err(|e| Error::io(&msg_file, e))?;
        let message = stripspace(&String::from_utf8_lossy(&written));
        if message.is_empty() {
            return Err(Error::invalid(
                "Aborting commit due to empty commit message: a commit hook left the message empty. Nothing was committed.",
            ));
        }
        Ok((tree, message))
    }

    /// Runs `post-commit` (unless missing), with the writer's index; its failure is only shown.
    pub(crate) fn after_commit(&mut self) {
        if let Some(hook) = self.find("post-commit") {
            let index = self.git_dir.join("index");
            let _ = self.run("post-commit", &hook, &[], &index);
        }
    }

    /// The hook `name` if it exists and may run; a non-executable one is skipped with git's
    /// hint.
    fn find(&mut self, name: &str) -> Option<PathBuf> {
        let path = self.dir.join(name);
        let meta = std::fs::metadata(&path).ok().filter(|m| m.is_file())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if meta.permissions().mode() & 0o111 == 0 {
                if self.advice {
                    self.output.push_str(&format!(
                        "hint: The '{}' hook was ignored because it's not set as executable.\nhint: You can disable this warning with `git config advice.ignoredHook false`.\n",
                        self.shown(&path).to_string_lossy()
                    ));
                }
                return None;
            }
        }
        #[cfg(not(unix))]
        let _ = meta;
        Some(path)
    }

    /// `path` as git names it to hooks and in messages: relative to the work tree when inside.
    fn shown(&self, path: &Path) -> OsString {
        path.strip_prefix(&self.root)
            .map(|p| p.as_os_str().to_owned())
            .unwrap_or_else(|_| path.as_os_str().to_owned())
    }

    /// Runs one hook; its output is added to `self.output`. A hook that cannot start or exits
    /// with a failure is an error that quotes its output.
    fn run(&mut self, name: &str, hook: &Path, args: &[OsString], index_file: &Path) -> Result<()> {
        let mut log = tempfile::tempfile().map_err(|e| Error::io(hook, e))?;
        let out = log.try_clone().map_err(|e| Error::io(hook, e))?;
        let err = log.try_clone().map_err(|e| Error::io(hook, e))?;
        let mut cmd = command(hook);
        cmd.args(args)
            .current_dir(&self.root)
            .env("GIT_INDEX_FILE", index_file)
            .env("GIT_EDITOR", ":")
            .env("GIT_PREFIX", "")
            .envs(self.author.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        let status = cmd.status();
        let mut printed = String::new();
        let _ = log.rewind();
        let mut bytes = Vec::new();
        let _ = log.read_to_end(&mut bytes);
        printed.push_str(&String::from_utf8_lossy(&bytes));
        self.output.push_str(&printed);
        let why = match status {
            Ok(s) if s.success() => return Ok(()),
            Ok(s) => match s.code() {
                Some(c) => format!("exited with status {c}"),
                None => "was stopped by a signal".to_string(),
            },
            Err(e) => format!("could not be run ({e})"),
        };
        let shown = self.shown(hook).to_string_lossy().into_owned();
        let printed = printed.trim_end();
        let said = if printed.is_empty() {
            " It printed nothing.".to_string()
        } else {
            format!(" It printed:\n\n{printed}\n\n")
        };
        let skip = if matches!(name, "pre-commit" | "commit-msg") {
            " or skip the pre-commit and commit-msg hooks (`postdesk commit --no-verify`, “Skip hooks” in the Publish panel)"
        } else {
            ""
        };
        Err(Error::git(format!(
            "The {name} hook ({shown}) {why}, which stops the commit. Nothing was committed: your files and what you staged are as they were.{said}Fix what it reports and publish again{skip}."
        )))
    }
}

/// The command that runs a hook: the file itself (its `#!` line chooses the interpreter); on
/// Windows through `sh`, as Git for Windows does.
fn command(hook: &Path) -> Command {
    if cfg!(windows) {
        let mut c = Command::new("sh");
        c.arg(hook);
        c
    } else {
        Command::new(hook)
    }
}

/// A message cleaned as `git commit -m` cleans it (`--cleanup=whitespace`): trailing spaces
/// of each line and leading, trailing and repeated blank lines removed. Returned without the
/// final newline, as Postdesk's messages are.
fn stripspace(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push("");
            blank = false;
        }
        out.push(line);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_cleaned_as_git_commit_m_cleans_them() {
        assert_eq!(stripspace("\n\nTitle  \n\n\n\nBody\t\n\n"), "Title\n\nBody");
        assert_eq!(stripspace("# kept\nText"), "# kept\nText");
        assert_eq!(stripspace(" \n\t\n"), "");
    }
}
