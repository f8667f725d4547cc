//! The Git state of one post and of the files that belong to it.
//!
//! A post's files are the post itself, the media files it links (images, thumbnail, video,
//! audio: by their name *and* by their content) and the authors file it changed. A linked file
//! is refused — listed with a reason, never committed — when it is not media (a `.env`, a key,
//! a text renamed `.png`), when it lies inside Git's own folder `.git`, when it leads out of the
//! repository, or when Git ignores it and the writer did not name it to commit it anyway.

use std::collections::BTreeSet;
use std::io::Read;
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
pub enum FileRole {
    /// The post's own Markdown file.
    Post,
    /// An image (or thumbnail) the post links that lives in the repository.
    Image,
    /// The site's authors file, changed to add the post's author.
    Authors,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PostFileState {
    /// Repository-relative path.
    pub path: String,
    pub role: FileRole,
    pub state: FileState,
}

/// Why Publish leaves out a file the post links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefusedReason {
    /// Not an image, video or audio file, by its name or by its content.
    NotMedia,
    /// Git ignores it (`.gitignore`, `.git/info/exclude`…) and it is not tracked: committed only
    /// when the writer names it (`CommitOptions::include_ignored`).
    Ignored,
    /// Inside Git's own folder, `.git` (any case): never part of a post.
    InsideGit,
    /// A symbolic link that leads out of the repository.
    OutsideRepo,
    /// The file could not be read to see what it is.
    Unreadable,
}

/// A file the post links that Publish does not commit, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RefusedFile {
    /// Repository-relative path, as the post's link resolves.
    pub path: String,
    pub reason: RefusedReason,
    /// One sentence for the writer, naming the file and saying why it is left out.
    pub message: String,
}

/// Everything the window shows about the open post's Git state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
    /// The files the post links that Publish leaves out (not media, ignored by Git, inside
    /// `.git`…), each with its reason. They do not count in `state`.
    pub refused: Vec<RefusedFile>,
}

/// The files that belong to the post at `post_rel`, the post first: the media files (images,
/// thumbnail, video, audio) it links that exist in the repository, and the authors file when it
/// was changed to add one of the post's authors. Refused links (see [`post_status`]) are not
/// among them.
pub fn post_files(root: &Path, site: &Site, post_rel: &str) -> Result<Vec<(String, FileRole)>> {
    let (repo, root) = super::open(root)?;
    files_of(&repo, &root, site, post_rel, &[]).map(|p| p.files)
}

/// A post's files, the links refused, and the post's text.
pub(crate) struct PostFiles {
    /// The post first, then its media files, then the authors file.
    pub files: Vec<(String, FileRole)>,
    pub refused: Vec<RefusedFile>,
    pub text: String,
}

/// Reads the post and sorts the files it links into its files and the refused ones. `confirmed`
/// names (repository-relative) the ignored media files the writer chose to commit anyway.
pub(crate) fn files_of(
    repo: &Repository,
    root: &Path,
    site: &Site,
    post_rel: &str,
    confirmed: &[String],
) -> Result<PostFiles> {
    let post_rel = super::clean_rel(root, post_rel)?;
    if in_git_dir(&post_rel) {
        return Err(Error::outside_repo(format!(
            "`{post_rel}` is inside Git's own folder (.git), which holds no posts."
        )));
    }
    let abs = paths::resolve(root, &post_rel)?;
    let text = std::fs::read_to_string(&abs).map_err(|e| Error::io(&abs, e))?;
    let mut files = vec![(post_rel.clone(), FileRole::Post)];
    let mut refused = Vec::new();
    let mut seen = BTreeSet::new();
    seen.insert(post_rel.clone());
    let index = repo.index().ok();
    for link in links::extract(&text) {
        if !matches!(link.kind, LinkKind::Image | LinkKind::Thumbnail) {
            continue;
        }
        let Some(rel) = links::resolve(&post_rel, &link.url) else {
            continue;
        };
        if seen.contains(&rel) {
            continue;
        }
        let verdict = match linked_file(root, &rel) {
            Linked::Missing => continue,
            Linked::Refused(reason, message) => Err((reason, message)),
            Linked::Media if !is_ignored(repo, index.as_ref(), &rel) => Ok(()),
            Linked::Media if confirmed.iter().any(|c| confirmed_name(c) == rel) => Ok(()),
            Linked::Media => Err((
                RefusedReason::Ignored,
                format!(
                    "`{rel}` is ignored by Git (a .gitignore or .git/info/exclude rule matches it), so Publish leaves it out unless you choose to commit it anyway."
                ),
            )),
        };
        seen.insert(rel.clone());
        match verdict {
            Ok(()) => files.push((rel, FileRole::Image)),
            Err((reason, message)) => refused.push(RefusedFile {
                path: rel,
                reason,
                message,
            }),
        }
    }
    if let Some(authors) = added_author_file(repo, root, site.kind, &text) {
        files.push((authors, FileRole::Authors));
    }
    Ok(PostFiles {
        files,
        refused,
        text,
    })
}

/// A name the writer gave to confirm an ignored file, in the form links resolve to: no leading
/// `/` or `./`.
pub(crate) fn confirmed_name(name: &str) -> &str {
    let mut n = name.trim();
    loop {
        if let Some(r) = n.strip_prefix('/').or_else(|| n.strip_prefix("./")) {
            n = r;
        } else {
            return n;
        }
    }
}

/// What a linked path is, before Git's ignore rules.
enum Linked {
    /// No such file (the check reports it; nothing to commit).
    Missing,
    /// A media file inside the repository.
    Media,
    Refused(RefusedReason, String),
}

/// Whether a repository-relative path has Git's own folder as a part (any case: on a
/// case-insensitive file system `.GIT/config` is `.git/config`).
fn in_git_dir(rel: &str) -> bool {
    rel.split(['/', '\\'])
        .any(|part| part.eq_ignore_ascii_case(".git"))
}

/// Looks at the file a post links at `rel`: where it really is, its name and its content.
fn linked_file(root: &Path, rel: &str) -> Linked {
    let inside_git = || {
        Linked::Refused(
            RefusedReason::InsideGit,
            format!("`{rel}` is inside Git's own folder (.git), which is never part of a post, so Publish leaves it out."),
        )
    };
    if in_git_dir(rel) {
        return inside_git();
    }
    let real = match paths::resolve(root, rel) {
        Ok(p) => p,
        Err(_) => {
            // A symbolic link out of the repository, or (as `paths` may refuse) into `.git`.
            let link = root.join(rel);
            if let Ok(target) = link.canonicalize() {
                if target
                    .strip_prefix(root)
                    .is_ok_and(|inner| in_git_dir(&inner.to_string_lossy()))
                {
                    return inside_git();
                }
            }
            if link.symlink_metadata().is_err() {
                return Linked::Missing;
            }
            return Linked::Refused(
                RefusedReason::OutsideRepo,
                format!("`{rel}` leads outside the blog's repository (a symbolic link), so Publish leaves it out."),
            );
        }
    };
    if real
        .strip_prefix(root)
        .is_ok_and(|inner| in_git_dir(&inner.to_string_lossy()))
    {
        return inside_git();
    }
    if !real.is_file() {
        return Linked::Missing;
    }
    let head = match read_head(&real) {
        Ok(h) => h,
        Err(e) => {
            return Linked::Refused(
                RefusedReason::Unreadable,
                format!("`{rel}` could not be read ({e}), so Publish leaves it out."),
            )
        }
    };
    let named = media_extension(rel);
    match (named, sniff(&head)) {
        (Some(_), Sniffed::Media(_)) => Linked::Media,
        (Some(kind), content) => Linked::Refused(
            RefusedReason::NotMedia,
            format!(
                "`{rel}` is named like {} but its content is {}, so Publish leaves it out.",
                kind.with_article(),
                content.describe()
            ),
        ),
        (None, Sniffed::Media(format)) => Linked::Refused(
            RefusedReason::NotMedia,
            format!(
                "`{rel}` holds {format} data but its name does not end in an image, video or audio extension (such as .png or .jpg), so Publish leaves it out; rename it to publish it."
            ),
        ),
        (None, content) => Linked::Refused(
            RefusedReason::NotMedia,
            format!(
                "`{rel}` is not an image, video or audio file (its content is {}), so Publish leaves it out.",
                content.describe()
            ),
        ),
    }
}

/// Whether Git ignores `rel`: not in the index, and matched by an ignore rule (a tracked file
/// is committed as usual even when a rule matches it, as `git add` does).
fn is_ignored(repo: &Repository, index: Option<&git2::Index>, rel: &str) -> bool {
    let path = Path::new(rel);
    if index.is_some_and(|i| i.get_path(path, 0).is_some()) {
        return false;
    }
    repo.status_file(path)
        .is_ok_and(|s| s.contains(Status::IGNORED))
        || repo.is_path_ignored(path).unwrap_or(false)
}

/// Enough of a file's start to tell what it is (an SVG's first element may follow a long
/// comment).
const SNIFF_BYTES: u64 = 16 * 1024;

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// What a file's name says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaKind {
    Image,
    Video,
    Audio,
}

impl MediaKind {
    fn with_article(self) -> &'static str {
        match self {
            MediaKind::Image => "an image",
            MediaKind::Video => "a video",
            MediaKind::Audio => "an audio file",
        }
    }
}

/// The media kind of a file name's extension (any case), if it is one Publish commits.
pub(crate) fn media_extension(rel: &str) -> Option<MediaKind> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let (stem, ext) = name.rsplit_once('.')?;
    if stem.is_empty() {
        return None; // `.png` is a hidden file named "png", not a PNG
    }
    let ext = ext.to_ascii_lowercase();
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "svg" | "bmp" | "ico" | "tif"
        | "tiff" | "heic" | "heif" => Some(MediaKind::Image),
        "mp4" | "m4v" | "webm" | "mov" => Some(MediaKind::Video),
        "mp3" | "ogg" | "oga" | "m4a" | "wav" | "flac" | "opus" => Some(MediaKind::Audio),
        _ => None,
    }
}

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// An image, video or audio format, by name (`"PNG"`).
    Media(&'static str),
    /// UTF-8 text that is no SVG.
    Text,
    /// Nothing: no bytes at all.
    Empty,
    /// Binary data of no media format known here.
    Binary,
}

impl Sniffed {
    fn describe(self) -> &'static str {
        match self {
            Sniffed::Media(_) => "media",
            Sniffed::Text => "text",
            Sniffed::Empty => "empty",
            Sniffed::Binary => "not a picture, video or sound format Postdesk knows",
        }
    }
}

/// Tells a media file by its first bytes (magic numbers; an SVG by its first element).
pub(crate) fn sniff(head: &[u8]) -> Sniffed {
    use image::ImageFormat as F;
    if head.is_empty() {
        return Sniffed::Empty;
    }
    match image::guess_format(head) {
        Ok(F::Png) => return Sniffed::Media("PNG"),
        Ok(F::Jpeg) => return Sniffed::Media("JPEG"),
        Ok(F::Gif) => return Sniffed::Media("GIF"),
        Ok(F::WebP) => return Sniffed::Media("WebP"),
        Ok(F::Tiff) => return Sniffed::Media("TIFF"),
        // BMP ("BM"), PNM ("P1"…) and the like are two letters a text can start with too.
        _ => {}
    }
    let at = |i: usize, magic: &[u8]| head.get(i..i + magic.len()) == Some(magic);
    if at(0, b"BM") && head.len() >= 26 && head[6..10] == [0, 0, 0, 0] {
        return Sniffed::Media("BMP");
    }
    if at(0, &[0, 0, 1, 0]) && head.len() >= 6 && head[4..6] != [0, 0] {
        return Sniffed::Media("ICO");
    }
    if at(4, b"ftyp") {
        return Sniffed::Media(match head.get(8..12).unwrap_or_default() {
            b"avif" | b"avis" => "AVIF",
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => "HEIC",
            b"M4A " | b"M4B " | b"M4P " => "M4A",
            b"qt  " => "QuickTime",
            _ => "MP4",
        });
    }
    // QuickTime files from before `ftyp`: the first atom is one of these.
    if [b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"]
        .iter()
        .any(|a| at(4, *a))
        && u32::from_be_bytes([head[0], head[1], head[2], head[3]]) >= 8
    {
        return Sniffed::Media("QuickTime");
    }
    if at(0, b"RIFF") && at(8, b"WAVE") {
        return Sniffed::Media("WAV");
    }
    if at(0, &[0x1a, 0x45, 0xdf, 0xa3]) {
        return Sniffed::Media("WebM");
    }
    if at(0, b"OggS") {
        return Sniffed::Media("Ogg");
    }
    if at(0, b"fLaC") {
        return Sniffed::Media("FLAC");
    }
    // An ID3 tag, or an MPEG audio frame's sync bits (never the start of UTF-8 text).
    if at(0, b"ID3") || (head.len() >= 2 && head[0] == 0xff && head[1] & 0xe0 == 0xe0) {
        return Sniffed::Media("MP3");
    }
    match text_of(head) {
        Some(text) if is_svg(text) => Sniffed::Media("SVG"),
        Some(_) => Sniffed::Text,
        None => Sniffed::Binary,
    }
}

/// The start of a file as text: valid UTF-8 (a character cut at the end of the sample allowed)
/// without NUL bytes.
fn text_of(head: &[u8]) -> Option<&str> {
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    (!text.contains('\0')).then_some(text)
}

/// Whether the text's first element is `<svg`, after an optional BOM, XML declaration,
/// processing instructions, comments and doctype.
fn is_svg(text: &str) -> bool {
    let mut s = text.strip_prefix('\u{feff}').unwrap_or(text);
    loop {
        s = s.trim_start();
        let rest = if let Some(r) = s.strip_prefix("<?") {
            r.find("?>").map(|i| &r[i + 2..])
        } else if let Some(r) = s.strip_prefix("<!--") {
            r.find("-->").map(|i| &r[i + 3..])
        } else if s.len() >= 9 && s[..9].eq_ignore_ascii_case("<!doctype") {
            skip_doctype(&s[9..])
        } else {
            break;
        };
        match rest {
            Some(r) => s = r,
            None => return false,
        }
    }
    s.strip_prefix("<svg")
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/'))
}

/// The text after a doctype's closing `>`, its internal subset (`[...]`) skipped.
fn skip_doctype(s: &str) -> Option<&str> {
    let close = s.find('>')?;
    match s.find('[') {
        Some(open) if open < close => {
            let end = open + s[open..].find(']')?;
            let close = end + s[end..].find('>')?;
            Some(&s[close + 1..])
        }
        _ => Some(&s[close + 1..]),
    }
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
    let PostFiles {
        files,
        refused,
        text,
    } = files_of(&repo, &root, site, post_rel, &[])?;
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
        let mut st = repo.status_file(Path::new(path)).unwrap_or(Status::WT_NEW);
        if st.contains(Status::WT_MODIFIED) && same_through_filter(&repo, &root, path) {
            st.remove(Status::WT_MODIFIED);
        }
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
        refused,
    })
}

/// Whether a file libgit2 sees as changed is, put through its `.gitattributes` filter (Git LFS)
/// by the system `git`, what the index holds: libgit2 runs no filter driver, so a picture in
/// LFS whose stat data changed looks modified to it (its bytes are not the pointer).
fn same_through_filter(repo: &Repository, root: &Path, rel: &str) -> bool {
    if super::lfs::filter_of(repo, rel).is_none() {
        return false;
    }
    let Some(staged) = repo
        .index()
        .ok()
        .and_then(|i| i.get_path(Path::new(rel), 0).map(|e| e.id))
    else {
        return false;
    };
    super::lfs::same_as(root, rel, staged) == Some(true)
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

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn sniffs_media_by_magic_bytes() {
        let cases: &[(&[u8], &str)] = &[
            (PNG, "PNG"),
            (b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG"),
            (b"GIF89a\x01\0", "GIF"),
            (b"RIFF\x24\0\0\0WEBPVP8 ", "WebP"),
            (b"II*\0\x08\0\0\0", "TIFF"),
            (b"\0\0\0\x1cftypavif\0\0\0\0", "AVIF"),
            (b"\0\0\0\x18ftypheic\0\0\0\0", "HEIC"),
            (b"\0\0\0\x20ftypisom\0\0\x02\0", "MP4"),
            (b"\0\0\0\x20ftypM4A \0\0\0\0", "M4A"),
            (b"\0\0\0\x14ftypqt  \0\0\0\0", "QuickTime"),
            (b"\0\0\0\x08wide\0\0\0\0mdat", "QuickTime"),
            (
                b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0\x01\0",
                "BMP",
            ),
            (b"\0\0\x01\0\x01\0\x10\x10", "ICO"),
            (b"RIFF\x24\0\0\0WAVEfmt ", "WAV"),
            (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", "WebM"),
            (b"OggS\0\x02", "Ogg"),
            (b"fLaC\0\0\0\x22", "FLAC"),
            (b"ID3\x04\0\0", "MP3"),
            (b"\xff\xfb\x90\x64", "MP3"),
        ];
        for (bytes, format) in cases {
            assert_eq!(sniff(bytes), Sniffed::Media(format), "{format}");
        }
    }

    #[test]
    fn secrets_and_text_are_not_media() {
        for text in [
            "API_TOKEN=sk-live-very-secret\n",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n",
            "[core]\n\trepositoryformatversion = 0\n",
            // Text that starts like a two-letter magic number.
            "BMW notes: the car is parked\n",
            "P6 is the code\n",
            "<html><svg></svg></html>",
            "<svgfoo>",
        ] {
            assert_eq!(sniff(text.as_bytes()), Sniffed::Text, "{text}");
        }
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(sniff(b"\0\x01\x02\x03secret\0"), Sniffed::Binary);
        assert_eq!(sniff(b"\x30\x82\x04\xa4\x02\x01\x00"), Sniffed::Binary); // a DER key
    }

    #[test]
    fn svg_is_text_whose_first_element_is_svg() {
        for svg in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg>",
            "<?xml version=\"1.0\"?>\n<!-- Created with Inkscape -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg\n width=\"1\">",
            "<!doctype svg [ <!ENTITY a \"b>\"> ]><svg>",
            "  \n<svg>",
        ] {
            assert_eq!(sniff(svg.as_bytes()), Sniffed::Media("SVG"), "{svg}");
        }
        for not in [
            "<?xml version=\"1.0\"?><html/>",
            "<!-- never closed <svg>",
            "<?xml never closed <svg>",
        ] {
            assert_eq!(sniff(not.as_bytes()), Sniffed::Text, "{not}");
        }
        // A UTF-8 character cut by the sample's end is still text.
        let mut cut = "<svg>é".as_bytes().to_vec();
        cut.pop();
        assert_eq!(sniff(&cut), Sniffed::Media("SVG"));
    }

    #[test]
    fn media_by_extension_any_case() {
        assert_eq!(media_extension("images/a.PNG"), Some(MediaKind::Image));
        assert_eq!(media_extension("a.b/c.jpeg"), Some(MediaKind::Image));
        assert_eq!(media_extension("v/clip.webm"), Some(MediaKind::Video));
        assert_eq!(media_extension("song.m4a"), Some(MediaKind::Audio));
        for none in [
            ".env",
            "secrets/id_rsa",
            ".png",
            "notes.txt",
            "a.png/x",
            "a.svgz",
        ] {
            assert_eq!(media_extension(none), None, "{none}");
        }
    }

    #[test]
    fn git_dir_in_any_part_any_case() {
        for rel in [".git/config", "a/.GIT/HEAD", "x/.Git"] {
            assert!(in_git_dir(rel), "{rel}");
        }
        for rel in [".gitignore", "a/.github/x.png", "git/a.png", "a.git/b.png"] {
            assert!(!in_git_dir(rel), "{rel}");
        }
    }

    #[test]
    fn confirmed_names_lose_a_leading_slash_or_dot() {
        assert_eq!(confirmed_name("/raw/a.png"), "raw/a.png");
        assert_eq!(confirmed_name(" ./raw/a.png"), "raw/a.png");
        assert_eq!(confirmed_name("raw/a.png"), "raw/a.png");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_judged_by_where_they_lead() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("images")).unwrap();
        std::fs::write(root.join(".git/config"), "[core]\n").unwrap();
        std::fs::write(root.join(".env"), "K=secret\n").unwrap();
        std::fs::write(root.join("images/real.png"), PNG).unwrap();
        std::fs::write(outside.path().join("away.png"), PNG).unwrap();
        symlink("../.git/config", root.join("images/config.png")).unwrap();
        symlink("../.env", root.join("images/env.png")).unwrap();
        symlink("real.png", root.join("images/alias.png")).unwrap();
        symlink(
            outside.path().join("away.png"),
            root.join("images/away.png"),
        )
        .unwrap();
        let reason = |rel: &str| match linked_file(&root, rel) {
            Linked::Refused(r, message) => {
                assert!(message.contains(&format!("`{rel}`")), "{message}");
                Some(r)
            }
            Linked::Media => None,
            Linked::Missing => panic!("{rel} missing"),
        };
        assert_eq!(reason("images/config.png"), Some(RefusedReason::InsideGit));
        assert_eq!(reason("images/env.png"), Some(RefusedReason::NotMedia));
        assert_eq!(reason("images/away.png"), Some(RefusedReason::OutsideRepo));
        assert_eq!(reason("images/alias.png"), None);
        assert_eq!(reason("images/real.png"), None);
        assert!(matches!(
            linked_file(&root, "images/gone.png"),
            Linked::Missing
        ));
    }
}
