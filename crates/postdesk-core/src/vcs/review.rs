//! Reviewing a branch without checking it out: its posts, their files, diffs and previews, all
//! read from Git objects. Nothing here writes to the working tree, the index or the refs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use git2::{BranchType, Commit, Delta, DiffFindOptions, Oid, Repository};
use serde::Serialize;
use ts_rs::TS;

use super::status::title_of;
use crate::error::{Error, Result};
use crate::render::{ExistsFn, RenderContext, Rendered};
use crate::site::{Site, SiteKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BranchInfo {
    /// Short name: `post/my-trip` (local) or `origin/post/my-trip` (remote-tracking); also a
    /// valid `rev` for the other functions.
    pub name: String,
    /// The remote of a remote-tracking branch; `None` for a local branch.
    pub remote: Option<String>,
    /// The checked-out branch.
    pub is_head: bool,
    /// Tip commit id (hex).
    pub commit: String,
    /// First line of the tip commit's message.
    pub summary: String,
    pub author: String,
    /// Tip commit time, seconds since the Unix epoch.
    pub time: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    Renamed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChangedPost {
    /// Path at `rev` (at the base for a deleted post).
    pub path: String,
    pub change: ChangeKind,
    /// The path at the base, for a renamed post.
    pub old_path: Option<String>,
    /// Title at `rev` (at the base for a deleted post).
    pub title: String,
}

/// Local and remote-tracking branches, local first, each group by name.
pub fn branches(root: &Path) -> Result<Vec<BranchInfo>> {
    let (repo, _) = super::open(root)?;
    let head = super::current_branch(&repo);
    let mut out = Vec::new();
    for item in repo.branches(None)? {
        let (b, kind) = item?;
        let Ok(Some(name)) = b.name() else { continue };
        let name = name.to_string();
        let reference = b.get();
        if matches!(reference.symbolic_target(), Ok(Some(_))) || name.ends_with("/HEAD") {
            continue;
        }
        let Ok(commit) = reference.peel_to_commit() else {
            continue;
        };
        let remote = match kind {
            BranchType::Local => None,
            BranchType::Remote => repo
                .branch_remote_name(reference.name().unwrap_or(""))
                .ok()
                .and_then(|r| r.as_str().ok().map(str::to_string))
                .or_else(|| name.split('/').next().map(str::to_string)),
        };
        out.push(BranchInfo {
            is_head: kind == BranchType::Local && head.as_deref() == Some(name.as_str()),
            name,
            remote,
            commit: commit.id().to_string(),
            summary: commit.summary().ok().flatten().unwrap_or("").to_string(),
            author: commit.author().name().unwrap_or("").to_string(),
            time: commit.time().seconds(),
        });
    }
    out.sort_by(|a, b| {
        a.remote
            .is_some()
            .cmp(&b.remote.is_some())
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(out)
}

fn commit_of<'r>(repo: &'r Repository, rev: &str) -> Result<Commit<'r>> {
    let obj = repo.revparse_single(rev).map_err(|_| {
        Error::not_found(format!(
            "There is no branch, tag or commit named `{rev}` in this repository (fetch first if it is on the remote)."
        ))
    })?;
    obj.peel_to_commit()
        .map_err(|_| Error::invalid(format!("`{rev}` does not name a commit")))
}

/// The commit `rev` is compared with: the merge base of `rev` and `base` (default: the default
/// branch, local or else remote-tracking), or `base`'s tip when they share no history.
fn base_commit<'r>(repo: &'r Repository, rev: &Commit, base: Option<&str>) -> Result<Commit<'r>> {
    let base_commit = match base {
        Some(b) => commit_of(repo, b)?,
        None => {
            let d = super::default_branch(repo).ok_or_else(|| {
                Error::not_found(
                    "Could not tell which branch is the default one; give the base explicitly (e.g. `--base main`).",
                )
            })?;
            let remote = super::default_remote_name(repo).unwrap_or_else(|| "origin".into());
            commit_of(repo, &format!("refs/heads/{d}"))
                .or_else(|_| commit_of(repo, &format!("refs/remotes/{remote}/{d}")))?
        }
    };
    match repo.merge_base(rev.id(), base_commit.id()) {
        Ok(id) => Ok(repo.find_commit(id)?),
        Err(_) => Ok(base_commit),
    }
}

/// The merge base `rev` is compared with (hex), for reading the "before" side of a post.
pub fn merge_base(root: &Path, rev: &str, base: Option<&str>) -> Result<String> {
    let (repo, _) = super::open(root)?;
    let c = commit_of(&repo, rev)?;
    let id = base_commit(&repo, &c, base)?.id();
    Ok(id.to_string())
}

/// The posts that `rev` adds, changes, renames or deletes since its merge base with `base`
/// (default: the default branch).
pub fn changed_posts(
    root: &Path,
    site: &Site,
    rev: &str,
    base: Option<&str>,
) -> Result<Vec<ChangedPost>> {
    let (repo, _) = super::open(root)?;
    let new = commit_of(&repo, rev)?;
    let old = base_commit(&repo, &new, base)?;
    let (old_tree, new_tree) = (old.tree()?, new.tree()?);
    let mut diff = repo.diff_tree_to_tree(Some(&old_tree), Some(&new_tree), None)?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
    let mut out = Vec::new();
    for d in diff.deltas() {
        let path_of = |f: git2::DiffFile| {
            f.path()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default()
        };
        let (new_path, old_path) = (path_of(d.new_file()), path_of(d.old_file()));
        let change = match d.status() {
            Delta::Added | Delta::Copied => ChangeKind::Added,
            Delta::Modified | Delta::Typechange => ChangeKind::Modified,
            Delta::Deleted => ChangeKind::Deleted,
            Delta::Renamed => ChangeKind::Renamed,
            _ => continue,
        };
        let (path, tree) = if change == ChangeKind::Deleted {
            (old_path.clone(), &old_tree)
        } else {
            (new_path, &new_tree)
        };
        if !site.is_post_path(&path) {
            continue;
        }
        let text = super::status::blob_at(&repo, tree, &path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        out.push(ChangedPost {
            title: title_of(&text, &path),
            old_path: (change == ChangeKind::Renamed).then_some(old_path),
            path,
            change,
        });
    }
    Ok(out)
}

/// Cleans a repository-relative path without touching the disk: `/` prefix and `.` dropped,
/// `..` refused.
fn clean_tree_path(path: &str) -> Result<String> {
    let mut parts = Vec::new();
    for seg in path.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                return Err(Error::outside_repo(format!(
                    "`{path}` climbs out of the repository"
                )))
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return Err(Error::invalid(format!("`{path}` does not name a file")));
    }
    Ok(parts.join("/"))
}

/// The content of `path` as it is at `rev` (branch, remote branch, tag or commit), read from the
/// Git objects: no checkout, the working tree and the index are not touched. A Git LFS pointer
/// reads as the picture it points to when the local LFS store has it, as a checkout would
/// write it; otherwise the error says the file is in LFS and not downloaded.
pub fn read_file_at(root: &Path, rev: &str, path: &str) -> Result<Vec<u8>> {
    let (repo, _) = super::open(root)?;
    let path = clean_tree_path(path)?;
    let tree = commit_of(&repo, rev)?.tree()?;
    let blob = super::status::blob_at(&repo, &tree, &path)
        .ok_or_else(|| Error::not_found(format!("{path} does not exist at `{rev}`")))?;
    match super::lfs::smudge_local(&repo, blob) {
        super::lfs::Smudged::Bytes(b) => Ok(b),
        super::lfs::Smudged::NotDownloaded => Err(Error::not_found(format!(
            "{path} at `{rev}` is {LFS_NOT_DOWNLOADED}; `git lfs pull` (or `git lfs fetch --all`) downloads it"
        ))),
    }
}

/// Why an LFS picture of a revision is not shown.
const LFS_NOT_DOWNLOADED: &str = "stored in Git LFS and not downloaded";

/// A post as it is at a revision, rendered from that revision's objects.
#[derive(Debug, Clone)]
pub struct RenderedAt {
    /// The commit `rev` named (full hex id): the post and its images were read from its tree.
    pub commit: String,
    /// The post's text at that commit.
    pub text: String,
    pub rendered: Rendered,
}

/// Renders the post at `path` (repository-relative) as it is at `rev` (branch, remote branch,
/// tag or commit). The post and the images it shows are read from that commit's tree, so
/// nothing in the working tree or the index is read for them or changed (author names still
/// come from the working tree's authors file). `rev` is resolved once: a branch that moves
/// meanwhile cannot mix two commits.
///
/// `configure` adjusts the render context before rendering; it gets the commit id, e.g. to
/// serve images from that commit (the shell's `…@rev/<commit>/`) or to allow remote images.
///
/// A post that is not UTF-8 text is refused with an error naming the file and the revision:
/// its text is never guessed or mangled.
pub fn render_at(
    root: &Path,
    kind: SiteKind,
    rev: &str,
    path: &str,
    configure: impl FnOnce(&mut RenderContext, &str),
) -> Result<RenderedAt> {
    let (repo, root) = super::open(root)?;
    let path = clean_tree_path(path)?;
    let commit = commit_of(&repo, rev)?;
    let id = commit.id().to_string();
    let bytes = super::status::blob_at(&repo, &commit.tree()?, &path)
        .ok_or_else(|| Error::not_found(format!("{path} does not exist at `{rev}`")))?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(&path, rev, &id, e.utf8_error()))?;
    let mut ctx = RenderContext::for_repo(kind, &root, path);
    let not_downloaded = Arc::new(Mutex::new(BTreeSet::new()));
    ctx.exists = files_at(root, commit.id(), not_downloaded.clone());
    configure(&mut ctx, &id);
    let mut rendered = crate::render::render(&text, &ctx);
    let lfs = std::mem::take(&mut *not_downloaded.lock().unwrap_or_else(|p| p.into_inner()));
    for p in &lfs {
        rendered.html = say_not_downloaded(&rendered.html, p);
        rendered.header_html = say_not_downloaded(&rendered.header_html, p);
    }
    Ok(RenderedAt {
        commit: id,
        text,
        rendered,
    })
}

/// The refusal of a post that is not UTF-8 at `rev`.
fn not_utf8(path: &str, rev: &str, commit: &str, e: std::str::Utf8Error) -> Error {
    let short = &commit[..commit.len().min(10)];
    let at = if commit.starts_with(rev) {
        format!("commit {short}")
    } else {
        format!("`{rev}` (commit {short})")
    };
    Error::invalid(format!(
        "{path} at {at} is not UTF-8 text (invalid bytes from byte {}), so Postdesk cannot show it: it never guesses an encoding. Save the file as UTF-8 on that branch.",
        e.valid_up_to()
    ))
}

/// Whether a file exists in the tree of `commit`: the images of a post rendered at a revision.
/// A Git LFS pointer whose object is not in the local store does not, and its path goes into
/// `not_downloaded`.
fn files_at(root: PathBuf, commit: Oid, not_downloaded: Arc<Mutex<BTreeSet<String>>>) -> ExistsFn {
    Arc::new(move |p: &str| {
        let Ok(p) = clean_tree_path(p) else {
            return false;
        };
        let Ok(repo) = Repository::open(&root) else {
            return false;
        };
        let Ok(tree) = repo.find_commit(commit).and_then(|c| c.tree()) else {
            return false;
        };
        let Some(id) = super::status::blob_id_at(&tree, &p) else {
            return false;
        };
        if super::lfs::is_missing_pointer(&repo, id) {
            let mut set = not_downloaded.lock().unwrap_or_else(|e| e.into_inner());
            set.insert(p);
            return false;
        }
        true
    })
}

/// The renderer's missing-image box for `path` (`Missing image: <path>`), made to say the
/// picture is in Git LFS and not downloaded.
fn say_not_downloaded(html: &str, path: &str) -> String {
    let mut p = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut p, path);
    let boxed = format!(">Missing image: {p}</span>");
    html.replace(
        &boxed,
        &format!(">Missing image: {p} ({LFS_NOT_DOWNLOADED}: `git lfs pull` downloads it)</span>"),
    )
}

/// A unified diff (3 lines of context) of `path` between the merge base of `rev` with `base`
/// and `rev`. A file missing on one side diffs against empty text; binary files give a
/// one-line note. Empty when the file is the same on both sides.
pub fn diff_post(root: &Path, rev: &str, base: Option<&str>, path: &str) -> Result<String> {
    let (repo, _) = super::open(root)?;
    let path = clean_tree_path(path)?;
    let new = commit_of(&repo, rev)?;
    let old = base_commit(&repo, &new, base)?;
    let before = super::status::blob_at(&repo, &old.tree()?, &path);
    let after = super::status::blob_at(&repo, &new.tree()?, &path);
    if before.is_none() && after.is_none() {
        return Err(Error::not_found(format!(
            "{path} exists neither at `{rev}` nor at its base"
        )));
    }
    let (before, after) = (before.unwrap_or_default(), after.unwrap_or_default());
    if before == after {
        return Ok(String::new());
    }
    let (Ok(b), Ok(a)) = (std::str::from_utf8(&before), std::str::from_utf8(&after)) else {
        return Ok(format!("Binary file {path} differs\n"));
    };
    let diff = similar::TextDiff::from_lines(b, a);
    Ok(diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string())
}

/// The full commit id `rev` names (a branch, a tag, a remote-tracking branch, an id).
pub fn resolve_commit(root: &Path, rev: &str) -> Result<String> {
    let (repo, _) = super::open(root)?;
    let obj = repo.revparse_single(rev).map_err(|_| {
        Error::not_found(format!(
            "`{rev}` names no branch or commit in this repository"
        ))
    })?;
    let commit = obj
        .peel_to_commit()
        .map_err(|_| Error::invalid(format!("`{rev}` is not a commit")))?;
    Ok(commit.id().to_string())
}
