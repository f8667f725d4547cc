//! The Git state of one post and of the files that belong to it.

use std::collections::BTreeSet;
use std::path::Path;

use git2::{Oid, Repository, Status, Tree};
use serde::Serialize;
use ts_rs::TS;

use crate::authors;
use crate::error::{Error, Result};
use crate::links::{self, LinkKind};
use crate::site::{Site, SiteKind};
use crate::{frontmatter, paths};

/// The state of a post as a whole, as the writer thinks of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PostState {
    /// The post has never been committed on this branch.
    New,
    /// The post or one of its files differs from the last commit.
    Modified,
    /// Everything is committed, but the branch's remote does not have it yet.
    Committed,
    /// Everything is committed and the remote branch has the same files.
    Pushed,
}

/// The state of one file of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileState {
    /// Not in the last commit (untracked, or only staged).
    New,
    /// In the last commit, changed since (staged or not).
    Modified,
    /// Same as the last commit; the remote branch does not have this version (or there is none).
    Committed,
    /// Same as the last commit and as the remote branch.
    Pushed,
}

/// Why a file belongs to a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileRole {
    /// The post's own Markdown file.
    Post,
    /// An image (or thumbnail) the post links that lives in the repository.
    Image,
    /// The site's authors file, changed to add the post's author.
    Authors,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PostFileState {
    /// Repository-relative path.
    pub path: String,
    pub role: FileRole,
    pub state: FileState,
}

/// Everything the window shows about the open post's Git state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PostStatus {
    /// The post, repository-relative.
    pub path: String,
    /// The post's title (front matter), else its file name; used by the commit message.
    pub title: String,
    /// Current branch; `None` on a detached HEAD.
    pub branch: Option<String>,
    pub detached: bool,
    /// Commit id of HEAD (hex); `None` before the first commit.
    pub head: Option<String>,
    pub default_branch: Option<String>,
    pub on_default_branch: bool,
    /// The branch a commit would create when on the default branch: `post/<slug>`.
    pub suggested_branch: String,
    /// Remote-tracking branch, e.g. `origin/post/my-trip`.
    pub upstream: Option<String>,
    /// Commits on the branch not on its upstream, and the other way round.
    pub ahead: u32,
    pub behind: u32,
    /// A merge, rebase… in progress, which blocks committing.
    pub operation: Option<String>,
    pub state: PostState,
    pub files: Vec<PostFileState>,
}

/// The files that belong to the post at `post_rel`, the post first: the images and thumbnail
/// it links that exist in the repository, and the authors file when it was changed to add
/// one of the post's authors.
pub fn post_files(root: &Path, site: &Site, post_rel: &str) -> Result<Vec<(String, FileRole)>> {
    let (repo, root) = super::open(root)?;
    files_of(&repo, &root, site, post_rel).map(|(files, _)| files)
}

/// Reads the post and lists its files; also returns the post's text.
pub(crate) fn files_of(
    repo: &Repository,
    root: &Path,
    site: &Site,
    post_rel: &str,
) -> Result<(Vec<(String, FileRole)>, String)> {
    let post_rel = super::clean_rel(root, post_rel)?;
    let abs = paths::resolve(root, &post_rel)?;
    let text = std::fs::read_to_string(&abs).map_err(|e| Error::io(&abs, e))?;
    let mut out = vec![(post_rel.clone(), FileRole::Post)];
    let mut seen = BTreeSet::new();
    seen.insert(post_rel.clone());
    for link in links::extract(&text) {
        if !matches!(link.kind, LinkKind::Image | LinkKind::Thumbnail) {
            continue;
        }
        let Some(rel) = links::resolve(&post_rel, &link.url) else {
            continue;
        };
        let Ok(p) = paths::resolve(root, &rel) else {
            continue;
        };
        if p.is_file() && seen.insert(rel.clone()) {
            out.push((rel, FileRole::Image));
        }
    }
    if let Some(authors) = added_author_file(repo, root, site.kind, &text) {
        out.push((authors, FileRole::Authors));
    }
    Ok((out, text))
}

/// The authors file, if one of the post's authors is a key of its working-tree version but
/// not of its committed version.
fn added_author_file(
    repo: &Repository,
    root: &Path,
    kind: SiteKind,
    post_text: &str,
) -> Option<String> {
    let fm = frontmatter::read_lenient(post_text).ok()?;
    let mut names = Vec::new();
    for key in ["author", "authors"] {
        match fm.get(key) {
            Some(serde_json::Value::String(s)) => names.push(s.clone()),
            Some(serde_json::Value::Array(a)) => {
                names.extend(a.iter().filter_map(|v| v.as_str().map(str::to_string)))
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return None;
    }
    let head_tree = repo.head().ok().and_then(|h| h.peel_to_tree().ok());
    for file in authors::files(kind) {
        let Ok(now) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        let before = head_tree
            .as_ref()
            .and_then(|t| blob_at(repo, t, file))
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        let (now_keys, before_keys) = (authors::ids_in(file, &now), authors::ids_in(file, &before));
        if names
            .iter()
            .any(|n| now_keys.contains(n) && !before_keys.contains(n))
        {
            return Some(file.to_string());
        }
    }
    None
}

pub(crate) fn blob_at(repo: &Repository, tree: &Tree, rel: &str) -> Option<Vec<u8>> {
    let id = blob_id_at(tree, rel)?;
    repo.find_blob(id).ok().map(|b| b.content().to_vec())
}

pub(crate) fn blob_id_at(tree: &Tree, rel: &str) -> Option<Oid> {
    let e = tree.get_path(Path::new(rel)).ok()?;
    (e.kind() == Some(git2::ObjectType::Blob)).then(|| e.id())
}

/// The state of the post at `post_rel` (repository-relative) in the repository at `root`.
pub fn post_status(root: &Path, site: &Site, post_rel: &str) -> Result<PostStatus> {
    let (repo, root) = super::open(root)?;
    let (files, text) = files_of(&repo, &root, site, post_rel)?;
    let post_rel = files[0].0.clone();
    let branch = super::current_branch(&repo);
    let detached = repo.head_detached().unwrap_or(false);
    let head_commit = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let head_tree = head_commit.as_ref().and_then(|c| c.tree().ok());
    let default_branch = super::default_branch(&repo);
    let upstream = branch.as_deref().and_then(|b| upstream_of(&repo, b));
    let upstream_commit = upstream
        .as_deref()
        .and_then(|u| repo.find_reference(&format!("refs/remotes/{u}")).ok())
        .and_then(|r| r.peel_to_commit().ok());
    let upstream_tree = upstream_commit.as_ref().and_then(|c| c.tree().ok());
    let (ahead, behind) = match (&head_commit, &upstream_commit) {
        (Some(h), Some(u)) => repo
            .graph_ahead_behind(h.id(), u.id())
            .map(|(a, b)| (a as u32, b as u32))
            .unwrap_or((0, 0)),
        _ => (0, 0),
    };

    let mut states = Vec::with_capacity(files.len());
    for (path, role) in &files {
        let st = repo.status_file(Path::new(path)).unwrap_or(Status::WT_NEW);
        let in_head = head_tree.as_ref().and_then(|t| blob_id_at(t, path));
        let state = if in_head.is_none() {
            FileState::New
        } else if st.intersects(
            Status::INDEX_MODIFIED
                | Status::WT_MODIFIED
                | Status::INDEX_TYPECHANGE
                | Status::WT_TYPECHANGE
                | Status::INDEX_RENAMED
                | Status::WT_RENAMED
                | Status::INDEX_DELETED
                | Status::WT_DELETED,
        ) {
            FileState::Modified
        } else if upstream_tree.as_ref().and_then(|t| blob_id_at(t, path)) == in_head {
            FileState::Pushed
        } else {
            FileState::Committed
        };
        states.push(PostFileState {
            path: path.clone(),
            role: *role,
            state,
        });
    }
    let state = if states[0].state == FileState::New {
        PostState::New
    } else if states
        .iter()
        .any(|f| matches!(f.state, FileState::New | FileState::Modified))
    {
        PostState::Modified
    } else if states.iter().all(|f| f.state == FileState::Pushed) {
        PostState::Pushed
    } else {
        PostState::Committed
    };
    Ok(PostStatus {
        title: title_of(&text, &post_rel),
        suggested_branch: format!("post/{}", super::post_slug(&post_rel)),
        path: post_rel,
        on_default_branch: branch.is_some() && branch == default_branch,
        branch,
        detached,
        head: head_commit.map(|c| c.id().to_string()),
        default_branch,
        upstream,
        ahead,
        behind,
        operation: super::operation_in_progress(&repo).map(str::to_string),
        state,
        files: states,
    })
}

/// The remote-tracking branch of local branch `branch`: its configured upstream, else
/// `<default remote>/<branch>` when that exists (pushed without `-u`).
pub(crate) fn upstream_of(repo: &Repository, branch: &str) -> Option<String> {
    if let Ok(b) = repo.find_branch(branch, git2::BranchType::Local) {
        if let Ok(u) = b.upstream() {
            if let Ok(Some(name)) = u.name() {
                return Some(name.to_string());
            }
        }
    }
    let remote = super::default_remote_name(repo)?;
    let name = format!("{remote}/{branch}");
    repo.find_reference(&format!("refs/remotes/{name}"))
        .is_ok()
        .then_some(name)
}

/// The post's title from its front matter, else its slug.
pub(crate) fn title_of(text: &str, post_rel: &str) -> String {
    frontmatter::read_lenient(text)
        .ok()
        .and_then(|m| m.get("title").and_then(|t| t.as_str()).map(str::to_string))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| super::post_slug(post_rel))
}
