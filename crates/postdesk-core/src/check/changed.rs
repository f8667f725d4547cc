//! `--changed-since REV`: the posts a branch touches, for CI.

use std::collections::BTreeSet;

use super::context::CheckContext;
use super::post::is_image_path;
use crate::error::{Error, Result};

/// The posts changed between the merge base of `rev` and `HEAD`, and the working tree (index
/// and untracked files included), plus the posts that link a changed image. Deleted files are
/// left out. Repository-relative paths, sorted.
pub fn changed_since(ctx: &CheckContext, rev: &str) -> Result<Vec<String>> {
    let repo = git2::Repository::discover(&ctx.root).map_err(|e| {
        Error::not_a_repo(format!(
            "{} is not a Git repository ({}): --changed-since needs one",
            ctx.root.display(),
            e.message()
        ))
    })?;
    let target = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map_err(|_| {
            Error::invalid(format!(
                "`{rev}` is not a commit of this repository: fetch it first (in CI: `actions/checkout` with `fetch-depth: 0`), or name a branch, tag or commit"
            ))
        })?;
    let base = match repo.head().ok().and_then(|h| h.peel_to_commit().ok()) {
        Some(head) => {
            let oid = repo.merge_base(head.id(), target.id()).map_err(|_| {
                Error::git(format!(
                    "`{rev}` and HEAD share no history: check that `{rev}` is the branch this one started from"
                ))
            })?;
            repo.find_commit(oid)?
        }
        None => target,
    };
    let tree = base.tree()?;
    let mut opts = git2::DiffOptions::new();
    opts.include_untracked(true).recurse_untracked_dirs(true);
    let diff = repo.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut opts))?;
    let mut files = BTreeSet::new();
    for d in diff.deltas() {
        if d.status() == git2::Delta::Deleted {
            continue;
        }
        if let Some(p) = d.new_file().path().and_then(|p| p.to_str()) {
            files.insert(p.replace('\\', "/"));
        }
    }
    // The repository may be a parent of the blog folder: make paths relative to the blog.
    let workdir = repo
        .workdir()
        .and_then(|w| w.canonicalize().ok())
        .unwrap_or_else(|| ctx.root.clone());
    let prefix = crate::paths::relative(&workdir, &ctx.root).unwrap_or_default();
    let posts: BTreeSet<&String> = ctx.posts.iter().collect();
    let mut out = BTreeSet::new();
    for f in files {
        let rel = if prefix.is_empty() {
            f
        } else {
            match f.strip_prefix(&format!("{prefix}/")) {
                Some(r) => r.to_string(),
                None => continue,
            }
        };
        if posts.contains(&rel) {
            out.insert(rel);
        } else if is_image_path(&rel) {
            out.extend(ctx.posts_linking(&rel));
        }
    }
    Ok(out.into_iter().collect())
}
