//! Committing one post — and nothing else — on its own branch.
//!
//! The commit's tree is HEAD's tree with only the post's files replaced by their working-tree
//! content (through the index's clean filters, so `.gitattributes`/`autocrlf` apply as for
//! `git add`). It is never `git add -A`: whatever else is staged stays staged, whatever else is
//! modified stays modified. Afterwards the index entries of just those files are set to the
//! committed blobs so `git status` shows them clean; every other index entry is left as it was.
//!
//! Signing: when the user's config sets `commit.gpgsign=true`, the commit object is created by
//! the system `git commit-tree` from the same tree, which signs it exactly as `git commit` would
//! (GPG, SSH or X.509 per `gpg.format`, `user.signingkey`, the agent). libgit2 cannot sign by
//! itself, and an unsigned commit where the user asked for signatures would be rejected by
//! protected branches later.
//!
//! Files `.gitattributes` sends through a filter (Git LFS) are staged by the system `git`
//! ([`super::lfs`]); the commit hooks run as `git commit <paths>` runs them ([`super::hooks`]).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use git2::{FileMode, Oid, Repository, Signature};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::status::{
    blob_id_at, confirmed_name, files_of, title_of, FileRole, PostFiles, RefusedFile,
};
use crate::error::{Error, Result};
use crate::site::Site;

/// What the writer chose in the commit dialog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommitOptions {
    /// The commit message; default `Add post: <title>` or `Update post: <title>`.
    pub message: Option<String>,
    /// Commit on this branch (created from HEAD and switched to when it does not exist).
    pub branch: Option<String>,
    /// Commit on the current branch even when it is the default branch.
    pub no_branch: bool,
    /// Media files the post links that Git ignores, which the writer confirmed by name
    /// (repository-relative, as `PostStatus::refused` lists them): they are committed, as
    /// `git add -f` would. Naming a file the post does not link is refused; a file refused for
    /// another reason (not media, inside `.git`) stays out whatever this says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include_ignored: Vec<String>,
    /// Skip the `pre-commit` and `commit-msg` hooks, as `git commit --no-verify` does.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_verify: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommitOutcome {
    /// The branch the commit is on (now the current branch).
    pub branch: String,
    /// The new commit's id (hex).
    pub commit: String,
    /// Whether the branch was created by this commit.
    pub created_branch: bool,
    /// The files committed, repository-relative.
    pub files: Vec<String>,
    /// The files the post links that were not committed, each with why (as
    /// `PostStatus::refused`, less the ignored files the writer confirmed).
    pub left_out: Vec<RefusedFile>,
    pub message: String,
    /// Whether the commit was signed (the config asks for it).
    pub signed: bool,
    /// What the commit hooks printed (stdout and stderr, in order), hints about skipped hooks
    /// included; empty when none ran or none printed.
    pub hook_output: String,
}

/// The default commit message for a post.
pub fn default_message(is_new: bool, title: &str) -> String {
    if is_new {
        format!("Add post: {title}")
    } else {
        format!("Update post: {title}")
    }
}

/// Commits the post at `post_rel` with its files (see [`super::post_files`]) and nothing else:
/// never a refused link (not media, inside `.git`, ignored by Git and not confirmed in
/// `opts.include_ignored`), which the outcome lists in `left_out`.
///
/// On the default branch (and without `no_branch`) it creates `post/<slug>` from HEAD and
/// switches to it; the working tree is not touched, since the new branch differs from HEAD only
/// by files whose working-tree content is what was committed. Refuses on a detached HEAD,
/// during a merge/rebase/cherry-pick, when Git does not know the author, when there is nothing
/// to commit, when the branch exists already with other commits (naming a free one), and when
/// `opts.include_ignored` names a file the post does not link.
pub fn commit_post(
    root: &Path,
    site: &Site,
    post_rel: &str,
    opts: &CommitOptions,
) -> Result<CommitOutcome> {
    let (repo, root) = super::open(root)?;
    let current = branch_to_commit_on(&repo)?;
    let PostFiles {
        files,
        refused: left_out,
        text,
    } = files_of(&repo, &root, site, post_rel, &opts.include_ignored)?;
    let post_rel = files[0].0.clone();
    confirmed_are_linked(&opts.include_ignored, &files, &left_out, &post_rel)?;
    let signature = signature(&repo)?;
    let sign = repo
        .config()
        .and_then(|c| c.get_bool("commit.gpgsign"))
        .unwrap_or(false);
    let head = head_commit(&repo)?;
    let head_tree = head.as_ref().map(|c| c.tree()).transpose()?;
    let is_new = head_tree
        .as_ref()
        .and_then(|t| blob_id_at(t, &post_rel))
        .is_none();

    let target = target_branch(&repo, opts, &current, head.is_some(), &post_rel)?;
    let target_ref = format!("refs/heads/{target}");
    let switching = target != current;
    let created_branch = switching && branch_to_create(&repo, &target, head.as_ref())?;

    let filtered = super::lfs::stage_filtered(&repo, &root, &files)?;
    let mut index = clean_index(&repo)?;
    let tree_id = tree_with_files(&repo, &mut index, &files, &filtered, head_tree.as_ref())?;
    if head_tree.as_ref().map(|t| t.id()) == Some(tree_id) {
        return Err(Error::invalid(format!(
            "Nothing to commit: {post_rel} and its files are already committed as they are on disk.{}",
            left_out_note(&left_out)
        )));
    }
    let message = message_for(opts, is_new, &title_of(&text, &post_rel));
    let mut hooks = super::hooks::Hooks::new(&repo, &root, &signature, opts.no_verify)?;
    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let (tree_id, message) = hooks.before_commit(&repo, &mut index, &paths, tree_id, message)?;
    let commit_id = if sign {
        commit_signed(&root, tree_id, head.as_ref().map(|c| c.id()), &message)?
    } else {
        let parents: Vec<&git2::Commit> = head.iter().collect();
        let tree = repo.find_tree(tree_id)?;
        repo.commit(None, &signature, &signature, &message, &tree, &parents)?
    };
    let moved_from = head.as_ref().filter(|_| !created_branch).map(|h| h.id());
    move_branch(&repo, &target_ref, commit_id, moved_from, &message)?;
    if switching {
        repo.set_head(&target_ref)?;
    }
    // Only the post's entries changed in the index (to the committed blobs); write it.
    index.write()?;
    hooks.after_commit();

    Ok(CommitOutcome {
        branch: target,
        commit: commit_id.to_string(),
        created_branch,
        files: paths,
        left_out,
        message,
        signed: sign,
        hook_output: hooks.output,
    })
}

/// Refuses a confirmation naming no file the post links (a typo would otherwise commit the
/// post without the picture the writer meant to add).
fn confirmed_are_linked(
    confirmed: &[String],
    files: &[(String, FileRole)],
    refused: &[RefusedFile],
    post_rel: &str,
) -> Result<()> {
    for name in confirmed {
        let name = confirmed_name(name);
        let linked = files.iter().any(|(p, _)| p == name) || refused.iter().any(|r| r.path == name);
        if !linked {
            return Err(Error::invalid(format!(
                "`{name}` is not a file {post_rel} links, so there is nothing to commit anyway; name the file as the post's status lists it (repository-relative, e.g. `images/photo.png`). Nothing was committed."
            )));
        }
    }
    Ok(())
}

/// " Left out: `a`, `b` (…)." when the post links files Publish refuses, else "".
fn left_out_note(left_out: &[RefusedFile]) -> String {
    if left_out.is_empty() {
        return String::new();
    }
    let names: Vec<String> = left_out.iter().map(|r| format!("`{}`", r.path)).collect();
    format!(
        " Left out, as the post's status explains: {}.",
        names.join(", ")
    )
}

/// The current branch, refused during a merge, rebase… or on a detached HEAD.
fn branch_to_commit_on(repo: &Repository) -> Result<String> {
    if let Some(op) = super::operation_in_progress(repo) {
        return Err(Error::conflict(format!(
            "Git is in the middle of {op}. Finish it or abort it (for example `git merge --abort` or `git rebase --abort`) before committing the post."
        )));
    }
    super::current_branch(repo).ok_or_else(|| {
        Error::conflict(
            "HEAD is detached (no branch is checked out), so a commit would be easy to lose. Switch to a branch first, e.g. `git switch main`.",
        )
    })
}

/// HEAD's commit; `None` on an unborn branch (a repository with no commit yet).
fn head_commit(repo: &Repository) -> Result<Option<git2::Commit<'_>>> {
    match repo.head() {
        Ok(h) => Ok(Some(h.peel_to_commit()?)),
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The branch the commit goes on: the one asked for, else `post/<slug>` when on the default
/// branch (unless `no_branch`), else the current one.
fn target_branch(
    repo: &Repository,
    opts: &CommitOptions,
    current: &str,
    has_head: bool,
    post_rel: &str,
) -> Result<String> {
    let default = super::default_branch(repo);
    let target = match (&opts.branch, opts.no_branch) {
        (Some(b), _) => b.trim().to_string(),
        (None, true) => current.to_string(),
        (None, false) if has_head && default.as_deref() == Some(current) => {
            format!("post/{}", super::post_slug(post_rel))
        }
        (None, false) => current.to_string(),
    };
    if !git2::Reference::is_valid_name(&format!("refs/heads/{target}")) {
        return Err(Error::invalid(format!(
            "`{target}` is not a valid branch name; use letters, digits, `-`, `_` and `/`."
        )));
    }
    Ok(target)
}

/// Whether switching to `target` creates it. Refused with no commit to branch from, and when
/// `target` exists with other commits than HEAD's (naming a free branch instead).
fn branch_to_create(repo: &Repository, target: &str, head: Option<&git2::Commit>) -> Result<bool> {
    let Some(head) = head else {
        return Err(Error::invalid(
            "The repository has no commit yet, so there is nothing to branch from; commit on the current branch (`--no-branch`).",
        ));
    };
    let Ok(r) = repo.find_reference(&format!("refs/heads/{target}")) else {
        return Ok(true);
    };
    if r.peel_to_commit()?.id() != head.id() {
        let free = free_branch_name(repo, target);
        return Err(Error::conflict(format!(
            "A branch named `{target}` already exists with other commits, so Postdesk will not switch to it (that would change other files). Commit on a new branch instead, e.g. `{free}` (`postdesk commit --branch {free}`), or switch to `{target}` yourself first."
        )));
    }
    Ok(false)
}

/// The repository's index, read from disk; refused while it has conflicts.
fn clean_index(repo: &Repository) -> Result<git2::Index> {
    let mut index = repo.index()?;
    index.read(true)?;
    if index.has_conflicts() {
        return Err(Error::conflict(
            "The index has unresolved conflicts; resolve them (or abort the merge) before committing the post.",
        ));
    }
    Ok(index)
}

/// Stages the post's files in the in-memory `index` (libgit2's own filters apply; `filtered`
/// holds the entries of the files the system `git` staged through a filter driver) and writes
/// HEAD's tree (or an empty one) with just those files replaced.
fn tree_with_files(
    repo: &Repository,
    index: &mut git2::Index,
    files: &[(String, FileRole)],
    filtered: &[git2::IndexEntry],
    head_tree: Option<&git2::Tree>,
) -> Result<Oid> {
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (path, _) in files {
        let staged = match filtered.iter().find(|e| e.path == path.as_bytes()) {
            Some(e) => index.add(e),
            None => index.add_path(Path::new(path)),
        };
        staged.map_err(|e| Error::git(format!("Could not stage {path}: {}", e.message())))?;
        let entry = index
            .get_path(Path::new(path), 0)
            .ok_or_else(|| Error::git(format!("Could not stage {path}")))?;
        update.upsert(path.as_str(), entry.id, file_mode(entry.mode));
    }
    let base_tree = match head_tree {
        Some(t) => t.clone(),
        None => {
            let empty = repo.treebuilder(None)?.write()?;
            repo.find_tree(empty)?
        }
    };
    Ok(update.create_updated(repo, &base_tree)?)
}

/// The tree mode of an index entry's mode.
fn file_mode(mode: u32) -> FileMode {
    if mode == u32::from(FileMode::BlobExecutable) {
        FileMode::BlobExecutable
    } else if mode == u32::from(FileMode::Link) {
        FileMode::Link
    } else {
        FileMode::Blob
    }
}

/// The writer's message, else the default one.
fn message_for(opts: &CommitOptions, is_new: bool, title: &str) -> String {
    opts.message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| default_message(is_new, title))
}

/// Points `target_ref` at `commit`: compare-and-swap against `from` (the HEAD the commit was
/// built on) when the branch exists, else created (failing if it appeared meanwhile).
fn move_branch(
    repo: &Repository,
    target_ref: &str,
    commit: Oid,
    from: Option<Oid>,
    message: &str,
) -> Result<()> {
    let reflog = format!("postdesk: {message}");
    match from {
        Some(h) => repo.reference_matching(target_ref, commit, true, h, &reflog)?,
        None => repo.reference(target_ref, commit, false, &reflog)?,
    };
    Ok(())
}

/// The author/committer from the user's git config, or a message saying how to set it.
fn signature(repo: &Repository) -> Result<Signature<'static>> {
    let cfg = repo.config()?;
    let name = cfg
        .get_string("user.name")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let email = cfg
        .get_string("user.email")
        .ok()
        .filter(|s| !s.trim().is_empty());
    match (name, email) {
        (Some(n), Some(e)) => Ok(Signature::now(&n, &e)?),
        (n, e) => {
            let missing = match (n.is_none(), e.is_none()) {
                (true, true) => "your name and email",
                (true, false) => "your name",
                _ => "your email",
            };
            Err(Error::identity(format!(
                "Git does not know {missing}, which every commit records. Set them once with\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.com\"\n(or without --global for this blog only), then commit again."
            )))
        }
    }
}

/// Creates a signed commit of `tree` with the system `git commit-tree`, which honours
/// `commit.gpgsign`, `gpg.format` and `user.signingkey` like `git commit`.
fn commit_signed(root: &Path, tree: Oid, parent: Option<Oid>, message: &str) -> Result<Oid> {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .arg("commit-tree")
        .arg(tree.to_string());
    if let Some(p) = parent {
        cmd.arg("-p").arg(p.to_string());
    }
    cmd.args(["-S", "-F", "-"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| {
        Error::git(format!(
            "Your Git config asks for signed commits (commit.gpgsign), which Postdesk makes with the `git` program, but it could not be run ({e}). Install Git, or turn signing off with `git config commit.gpgsign false`."
        ))
    })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(message.as_bytes())
            .map_err(|e| Error::git(format!("git commit-tree: {e}")))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| Error::git(format!("git commit-tree: {e}")))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(Error::git(format!(
            "Signing the commit failed (your Git config sets commit.gpgsign): {}\nNothing was committed. Check that your signing key is available (gpg-agent / ssh-agent), or turn signing off with `git config commit.gpgsign false`.",
            err.trim()
        )));
    }
    let id = String::from_utf8_lossy(&out.stdout);
    Oid::from_str(id.trim()).map_err(|e| Error::git(format!("git commit-tree: {e}")))
}

/// `base` if no branch has that name, else the first free `base-2`, `base-3`…
pub fn free_branch_name(repo: &Repository, base: &str) -> String {
    let taken = |n: &str| repo.find_reference(&format!("refs/heads/{n}")).is_ok();
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}-{i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_string())
}
