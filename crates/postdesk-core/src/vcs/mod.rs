//! Git for writers and reviewers: the state of one post, committing exactly that post on its own
//! branch, pushing it for review, and reading any branch's posts straight from Git objects.
//!
//! # Two engines, on purpose
//!
//! * **Local operations** (status, commit, branches, reading files at a revision, diffs) use
//!   libgit2 through `git2`, in process: they are fast, need no `git` installed, and let us build a
//!   commit from a tree made for the purpose so that nothing but the post's files is ever committed.
//! * **Network operations** (push, fetch, pull) run the system `git` executable, as GitButler does.
//!   Writers must be able to push exactly as their own `git push` does: with `~/.ssh/config` (host
//!   aliases, `IdentityFile`, `ProxyJump`), ssh-agent and hardware keys, and git credential helpers
//!   (macOS keychain, Git Credential Manager, libsecret, HTTPS tokens). libgit2 ignores
//!   `~/.ssh/config`, needs its own credential callbacks (which loop forever on a bad credential
//!   unless counted) and is built here without https/ssh at all. The child gets
//!   `GIT_TERMINAL_PROMPT=0` (and ssh `BatchMode=yes` unless the user configured an ssh command) so
//!   it fails with a clear message instead of waiting for a password on a terminal nobody sees.
//!   Postdesk never reads, logs or stores credentials: they stay between git and its helpers, and
//!   remote URLs are shown with any embedded password removed.
//!
//! Submodules: [`status`] (a post's state and files), [`commit`] (commit a post, branch per post;
//! `hooks` runs its commit hooks as git does, `lfs` stages filtered files with the system `git`),
//! [`identity`] (the name and email Git records),
//! [`remote`] (push, fetch, fast-forward pull, pull-request URLs), [`review`] (branches, the posts a
//! branch changes, files, diffs and previews at a revision).

use std::path::{Path, PathBuf};

use git2::{Repository, RepositoryState};

use crate::error::{Error, Result};

pub mod commit;
mod hooks;
pub mod identity;
pub(crate) mod lfs;
pub mod merge;
pub mod remote;
pub mod review;
pub mod status;

pub use commit::{commit_post, CommitOptions, CommitOutcome};
pub use identity::{identity, set_identity, Identity};
pub use merge::{
    behind_base, merge_state, merge_text, update_from_base, BaseStatus, FinishOutcome,
    MergeConflict, MergeKind, MergeState, OnConflict, UpdateHow, UpdateOutcome, UpdateState,
};
pub use remote::{
    compare_url, fetch, fetch_with, pull, pull_ff, pull_ff_with, pull_with, push, push_with,
    redact_url, FetchOutcome, NetOptions, PullOutcome, PullState, PushOutcome, PushStatus,
};
pub use review::{
    branches, changed_posts, diff_post, merge_base, read_file_at, render_at, resolve_commit,
    BranchInfo, ChangeKind, ChangedPost, RenderedAt,
};
pub use status::{
    post_files, post_status, FileRole, FileState, PostFileState, PostState, PostStatus,
};

/// Opens the repository whose working tree is at `root` (canonicalized).
pub(crate) fn open(root: &Path) -> Result<(Repository, PathBuf)> {
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let repo = Repository::open(&root).map_err(|_| {
        Error::not_a_repo(format!(
            "{} is not a Git repository. Open the folder you cloned, or run `git init` in it first.",
            root.display()
        ))
    })?;
    if repo.is_bare() {
        return Err(Error::not_a_repo(format!(
            "{} is a bare Git repository, with no files to edit; open a clone of it instead.",
            root.display()
        )));
    }
    Ok((repo, root))
}

/// Confines a repository-relative path and returns it in canonical `a/b/c` form.
pub(crate) fn clean_rel(root: &Path, rel: &str) -> Result<String> {
    let abs = crate::paths::resolve(root, rel)?;
    crate::paths::relative(root, &abs)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| Error::invalid(format!("`{rel}` does not name a file of the blog")))
}

/// The operation in progress (merge, rebase…) that forbids committing, if any.
pub(crate) fn operation_in_progress(repo: &Repository) -> Option<&'static str> {
    match repo.state() {
        RepositoryState::Clean => None,
        RepositoryState::Merge => Some("a merge"),
        RepositoryState::Revert | RepositoryState::RevertSequence => Some("a revert"),
        RepositoryState::CherryPick | RepositoryState::CherryPickSequence => Some("a cherry-pick"),
        RepositoryState::Bisect => Some("a bisect"),
        RepositoryState::Rebase
        | RepositoryState::RebaseInteractive
        | RepositoryState::RebaseMerge => Some("a rebase"),
        RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => Some("a `git am`"),
    }
}

/// The checked-out branch of the repository at `root`; `None` on a detached HEAD.
pub fn head_branch(root: &Path) -> Result<Option<String>> {
    let (repo, _) = open(root)?;
    Ok(current_branch(&repo))
}

/// The current branch's short name, `None` on a detached HEAD. Works on an unborn branch.
pub(crate) fn current_branch(repo: &Repository) -> Option<String> {
    if repo.head_detached().unwrap_or(false) {
        return None;
    }
    let head = repo.find_reference("HEAD").ok()?;
    let target = head.symbolic_target().ok().flatten()?;
    target.strip_prefix("refs/heads/").map(str::to_string)
}

/// The repository's default branch: the branch `origin/HEAD` points to, else the first of
/// `main`, `master`, `trunk` that exists locally or on `origin`, else `init.defaultBranch`.
pub fn default_branch(repo: &Repository) -> Option<String> {
    let remote = default_remote_name(repo).unwrap_or_else(|| "origin".into());
    if let Ok(r) = repo.find_reference(&format!("refs/remotes/{remote}/HEAD")) {
        if let Ok(Some(t)) = r.symbolic_target() {
            if let Some(b) = t.strip_prefix(&format!("refs/remotes/{remote}/")) {
                return Some(b.to_string());
            }
        }
    }
    for b in ["main", "master", "trunk"] {
        if repo.find_reference(&format!("refs/heads/{b}")).is_ok()
            || repo
                .find_reference(&format!("refs/remotes/{remote}/{b}"))
                .is_ok()
        {
            return Some(b.to_string());
        }
    }
    repo.config()
        .ok()
        .and_then(|c| c.get_string("init.defaultBranch").ok())
}

/// `origin` if it exists, else the only remote, else `None`.
pub(crate) fn default_remote_name(repo: &Repository) -> Option<String> {
    let names = repo.remotes().ok()?;
    let names: Vec<String> = names
        .iter()
        .flatten()
        .flatten()
        .map(str::to_string)
        .collect();
    if names.iter().any(|n| n == "origin") {
        Some("origin".into())
    } else if names.len() == 1 {
        names.into_iter().next()
    } else {
        None
    }
}

/// The branch-name part for a post: its file name without date prefix and extension (the
/// folder name for `slug/index.md` bundles) as a [`crate::slug::slugify`] slug; `post` when
/// nothing is left.
pub fn post_slug(post_rel: &str) -> String {
    let mut parts: Vec<&str> = post_rel.split('/').filter(|s| !s.is_empty()).collect();
    let file = parts.pop().unwrap_or("");
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    let stem = if matches!(stem, "index" | "_index") {
        parts.pop().unwrap_or(stem)
    } else {
        stem
    };
    let stem = match crate::index::date_from_name(stem) {
        Some(_) if stem.len() >= 11 && stem.as_bytes()[10] == b'-' => &stem[11..],
        _ => stem,
    };
    let out = crate::slug::slugify(stem, None);
    if out.is_empty() {
        "post".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_drop_dates_extensions_and_odd_characters() {
        assert_eq!(post_slug("_posts/2024-03-05-Hello-World.md"), "hello-world");
        assert_eq!(
            post_slug("content/post/Été à Paris/index.md"),
            "ete-a-paris"
        );
        assert_eq!(post_slug("src/content/blog/a_b c!.mdx"), "a-b-c");
        assert_eq!(post_slug("_posts/2024-03-05-.md"), "post");
    }

    #[test]
    fn post_paths_follow_the_site() {
        let site = crate::site::detect(Path::new("/nonexistent")).unwrap();
        assert!(site.is_post_path("x.md"));
        let mut jekyll = site.clone();
        jekyll.posts_dirs = vec!["_posts".into()];
        jekyll.drafts_dir = Some("_drafts".into());
        assert!(jekyll.is_post_path("_posts/2024-01-01-a.markdown"));
        assert!(jekyll.is_post_path("_drafts/a.md"));
        assert!(!jekyll.is_post_path("README.md"));
        assert!(!jekyll.is_post_path("_posts/a.png"));
    }
}
