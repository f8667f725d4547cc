//! Files that `.gitattributes` sends through a filter (Git LFS above all), which libgit2 cannot
//! run: staged through the system `git` exactly as `git add` stages them, and read back from Git
//! objects as a checkout would write them.
//!
//! * **Committing** ([`stage_filtered`]): a post's file whose `filter` attribute is set
//!   (`*.jpg filter=lfs diff=lfs merge=lfs -text`) is hashed by `git hash-object -w -- <path>`,
//!   which runs the clean filter (for LFS: stores the picture under `.git/lfs/objects` and
//!   returns the pointer's blob). Its index entry gets the working-tree file's stat data, so
//!   `git status` sees it clean. When a file goes to LFS and `git-lfs` is missing or was never
//!   set up (`git lfs install`), Publish refuses before anything is written: Git would store
//!   the raw picture, which a host enforcing LFS then refuses, and undoing that needs a history
//!   rewrite.
//! * **Reading** ([`smudge_local`]): a blob that is an LFS pointer is replaced by the object's
//!   content when `.git/lfs/objects` (or `lfs.storage`) has it; nothing is downloaded. The
//!   review's preview shows a named missing-image box otherwise.
//! * **Checking** ([`raw_in_lfs`]): the pictures `.gitattributes` sends to LFS that the index
//!   holds as raw blobs (`postdesk check`'s `img-not-in-lfs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::{AttrCheckFlags, AttrValue, IndexEntry, IndexTime, Oid, Repository};

use super::status::FileRole;
use crate::error::{Error, Result};

/// The first line of every LFS pointer (and of the pre-1.0 ones, `hawser`).
const POINTER_VERSIONS: [&str; 2] = [
    "version https://git-lfs.github.com/spec/v1",
    "version https://hawser.github.com/spec/v1",
];

/// Pointers are smaller than this (the LFS specification).
pub(crate) const POINTER_MAX_BYTES: usize = 1024;

/// An LFS pointer: the SHA-256 of the content and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pointer {
    /// 64 lowercase hex digits.
    pub oid: String,
    pub size: u64,
}

/// Reads `bytes` as an LFS pointer (`version …`, `oid sha256:<hex>`, `size <n>`, one per
/// line); `None` for anything else.
pub(crate) fn parse_pointer(bytes: &[u8]) -> Option<Pointer> {
    if bytes.len() >= POINTER_MAX_BYTES {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    let first = lines.next()?;
    if !POINTER_VERSIONS.contains(&first.trim_end()) {
        return None;
    }
    let (mut oid, mut size) = (None, None);
    for line in lines {
        if let Some(hex) = line.strip_prefix("oid sha256:") {
            let hex = hex.trim_end();
            if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                oid = Some(hex.to_ascii_lowercase());
            }
        } else if let Some(n) = line.strip_prefix("size ") {
            size = n.trim_end().parse().ok();
        }
    }
    Some(Pointer {
        oid: oid?,
        size: size?,
    })
}

/// Where LFS keeps the object `oid` of `repo`: `<lfs.storage or .git/lfs>/objects/aa/bb/<oid>`.
fn object_path(repo: &Repository, oid: &str) -> PathBuf {
    let common = repo.commondir().to_path_buf();
    let storage = repo
        .config()
        .ok()
        .and_then(|c| c.get_path("lfs.storage").ok())
        .map(|p| if p.is_absolute() { p } else { common.join(p) })
        .unwrap_or_else(|| common.join("lfs"));
    storage
        .join("objects")
        .join(&oid[..2])
        .join(&oid[2..4])
        .join(oid)
}

/// A blob as a checkout writes it.
#[derive(Debug)]
pub(crate) enum Smudged {
    /// The blob itself (not a pointer), or the LFS object it points to.
    Bytes(Vec<u8>),
    /// An LFS pointer whose object is not in the local LFS store.
    NotDownloaded,
}

/// The content a checkout of `blob` would write: an LFS pointer's object read from the local
/// store (size checked), any other blob as it is. Never downloads.
pub(crate) fn smudge_local(repo: &Repository, blob: Vec<u8>) -> Smudged {
    let Some(p) = parse_pointer(&blob) else {
        return Smudged::Bytes(blob);
    };
    match std::fs::read(object_path(repo, &p.oid)) {
        Ok(bytes) if bytes.len() as u64 == p.size => Smudged::Bytes(bytes),
        _ => Smudged::NotDownloaded,
    }
}

/// Whether the blob `id` is an LFS pointer whose object is missing locally (read only when it
/// is small enough to be a pointer).
pub(crate) fn is_missing_pointer(repo: &Repository, id: Oid) -> bool {
    let Ok(odb) = repo.odb() else { return false };
    match odb.read_header(id) {
        Ok((size, _)) if size < POINTER_MAX_BYTES => {}
        _ => return false,
    }
    repo.find_blob(id).ok().is_some_and(|b| {
        matches!(
            smudge_local(repo, b.content().to_vec()),
            Smudged::NotDownloaded
        )
    })
}

/// The filter driver `.gitattributes` names for `rel` (`lfs`…), if any. Read by libgit2 from the
/// same places as `git check-attr` (work tree, index, `info/attributes`, `core.attributesFile`).
pub(crate) fn filter_of(repo: &Repository, rel: &str) -> Option<String> {
    let v = repo
        .get_attr(Path::new(rel), "filter", AttrCheckFlags::FILE_THEN_INDEX)
        .ok()
        .flatten();
    match AttrValue::from_string(v) {
        AttrValue::String(s) if !s.is_empty() => Some(s.to_string()),
        _ => None,
    }
}

/// Stages the post's files that `.gitattributes` sends through a filter the way `git add`
/// does: the system `git` runs the filter and writes the blob; the entries returned (one per
/// such file, in `files` order) carry its id and the file's stat data. Refuses, before writing
/// anything, when a file goes to LFS and Git LFS is not installed or not set up.
pub(crate) fn stage_filtered(
    repo: &Repository,
    root: &Path,
    files: &[(String, FileRole)],
) -> Result<Vec<IndexEntry>> {
    let mut filtered = Vec::new();
    let mut lfs_file = None;
    for (path, _) in files {
        // Git runs no filter for a symbolic link: libgit2 stages it as git does.
        let regular = std::fs::symlink_metadata(root.join(path)).is_ok_and(|m| m.is_file());
        let Some(filter) = filter_of(repo, path).filter(|_| regular) else {
            continue;
        };
        if filter == "lfs" && lfs_file.is_none() {
            lfs_file = Some(path.clone());
        }
        filtered.push(path.clone());
    }
    if filtered.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(file) = lfs_file {
        lfs_ready(repo, root, &file)?;
    }
    let ids = hash_objects(root, &filtered)?;
    filtered
        .iter()
        .zip(ids)
        .map(|(path, id)| index_entry(root, path, id))
        .collect()
}

/// Refuses when `file` goes to LFS and Git LFS is not installed, or not set up for the user.
fn lfs_ready(repo: &Repository, root: &Path, file: &str) -> Result<()> {
    let installed = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["lfs", "version"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        return Err(Error::git(format!(
            "This blog keeps pictures in Git LFS (its .gitattributes sends `{file}` to LFS with filter=lfs), but Git LFS is not installed, so Git would store the raw picture instead and the push would be refused. Install Git LFS (`sudo apt install git-lfs` on Debian and Ubuntu, `brew install git-lfs` on macOS, or from https://git-lfs.com), then run `git lfs install` once, and publish again. Nothing was committed."
        )));
    }
    let cfg = repo.config()?;
    let set_up = ["filter.lfs.process", "filter.lfs.clean"]
        .iter()
        .any(|k| cfg.get_string(k).is_ok_and(|v| !v.trim().is_empty()));
    if !set_up {
        return Err(Error::git(format!(
            "This blog keeps pictures in Git LFS (its .gitattributes sends `{file}` to LFS with filter=lfs), and Git LFS is installed but not set up for your account, so Git would store the raw picture. Run `git lfs install` once, then publish again. Nothing was committed."
        )));
    }
    Ok(())
}

/// `git hash-object -w -- <paths>`: each file through its clean filter (chosen by its path's
/// attributes), written as a blob. Run at the root, with repository-relative paths.
fn hash_objects(root: &Path, paths: &[String]) -> Result<Vec<Oid>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["hash-object", "-w", "--"])
        .args(paths)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Error::git(format!(
                "`{}` goes through a Git filter (.gitattributes), which only the `git` program runs, and it could not be run ({e}). Install Git (https://git-scm.com/downloads) and publish again. Nothing was committed.",
                paths[0]
            ))
        })?;
    let ids: Vec<Oid> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| Oid::from_str(l.trim()).ok())
        .collect();
    if !out.status.success() || ids.len() != paths.len() {
        return Err(Error::git(format!(
            "Git could not stage {} through its filter (.gitattributes): {}\nNothing was committed.",
            paths.join(", "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(ids)
}

/// The index entry of the working-tree file `rel` staged as blob `id`: its stat data, as
/// `git add` records it (so `git status` need not run the filter again).
fn index_entry(root: &Path, rel: &str, id: Oid) -> Result<IndexEntry> {
    let abs = root.join(rel);
    let m = std::fs::symlink_metadata(&abs).map_err(|e| Error::io(&abs, e))?;
    let time = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| IndexTime::new(d.as_secs() as i32, d.subsec_nanos()))
            .unwrap_or_else(|| IndexTime::new(0, 0))
    };
    #[cfg(unix)]
    let (ctime, dev, ino, uid, gid, mode) = {
        use std::os::unix::fs::MetadataExt;
        let exec = m.mode() & 0o111 != 0;
        (
            IndexTime::new(m.ctime() as i32, m.ctime_nsec() as u32),
            m.dev() as u32,
            m.ino() as u32,
            m.uid(),
            m.gid(),
            if exec { 0o100755 } else { 0o100644 },
        )
    };
    #[cfg(not(unix))]
    let (ctime, dev, ino, uid, gid, mode) = (time(m.created()), 0, 0, 0, 0, 0o100644);
    Ok(IndexEntry {
        ctime,
        mtime: time(m.modified()),
        dev,
        ino,
        mode,
        uid,
        gid,
        file_size: m.len() as u32,
        id,
        flags: rel.len().min(0xfff) as u16,
        flags_extended: 0,
        path: rel.as_bytes().to_vec(),
    })
}

/// Whether the working-tree file `rel`, put through its filter by the system `git`, is the blob
/// `id`: libgit2 cannot tell for a filtered file whose stat data changed. `None` when `git`
/// cannot say.
pub(crate) fn same_as(root: &Path, rel: &str, id: Oid) -> Option<bool> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["hash-object", "--", rel])
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let hashed = Oid::from_str(String::from_utf8_lossy(&out.stdout).trim()).ok()?;
    Some(hashed == id)
}

/// The pictures among `files` (repository-relative, existing) that `.gitattributes` sends to
/// LFS but the index holds as raw blobs. Nothing is opened unless an attributes file on the
/// way to a picture mentions LFS.
pub(crate) fn raw_in_lfs(root: &Path, files: &[String]) -> Vec<String> {
    if !files.iter().any(|f| mentions_lfs(root, f)) {
        return Vec::new();
    }
    let Ok(repo) = Repository::open(root) else {
        return Vec::new();
    };
    let Ok(index) = repo.index() else {
        return Vec::new();
    };
    let Ok(odb) = repo.odb() else {
        return Vec::new();
    };
    files
        .iter()
        .filter(|f| filter_of(&repo, f).as_deref() == Some("lfs"))
        .filter(|f| {
            let Some(entry) = index.get_path(Path::new(f.as_str()), 0) else {
                return false; // not staged yet: a commit will store it through LFS
            };
            match odb.read_header(entry.id) {
                Ok((size, _)) if size >= POINTER_MAX_BYTES => true,
                Ok(_) => repo
                    .find_blob(entry.id)
                    .is_ok_and(|b| parse_pointer(b.content()).is_none()),
                Err(_) => false,
            }
        })
        .cloned()
        .collect()
}

/// Whether `.git/info/attributes` or a `.gitattributes` of `rel`'s folders names LFS: the
/// cheap test before opening the repository (the Problems panel checks as the writer types).
fn mentions_lfs(root: &Path, rel: &str) -> bool {
    let says = |p: PathBuf| std::fs::read_to_string(p).is_ok_and(|t| t.contains("lfs"));
    if says(root.join(".git/info/attributes")) {
        return true;
    }
    let mut dir = Some(Path::new(rel).parent().unwrap_or(Path::new("")));
    while let Some(d) = dir {
        if says(root.join(d).join(".gitattributes")) {
            return true;
        }
        dir = d.parent();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const OID: &str = "e822ac5cae0d0687606af7d8849a16d522b3bef54c5189d7d17a415dcaa189be";

    #[test]
    fn pointers_are_told_from_pictures() {
        let p = format!("version https://git-lfs.github.com/spec/v1\noid sha256:{OID}\nsize 11\n");
        assert_eq!(
            parse_pointer(p.as_bytes()),
            Some(Pointer {
                oid: OID.into(),
                size: 11
            })
        );
        for not in [
            b"\xff\xd8\xff\xe0jpeg".to_vec(),
            b"version https://git-lfs.github.com/spec/v1\nsize 11\n".to_vec(),
            format!("version 2\noid sha256:{OID}\nsize 11\n").into_bytes(),
            format!(
                "version https://git-lfs.github.com/spec/v1\noid sha256:{}\nsize 1\n",
                &OID[1..]
            )
            .into_bytes(),
            vec![b'a'; 2000],
        ] {
            assert_eq!(parse_pointer(&not), None);
        }
    }

    #[test]
    fn attributes_name_the_filter() {
        let d = tempfile::tempdir().unwrap();
        let repo = Repository::init(d.path()).unwrap();
        std::fs::write(
            d.path().join(".gitattributes"),
            "*.jpg filter=lfs diff=lfs merge=lfs -text\nraw/*.jpg -filter\n*.txt text\n",
        )
        .unwrap();
        assert_eq!(filter_of(&repo, "images/a.jpg").as_deref(), Some("lfs"));
        assert_eq!(filter_of(&repo, "raw/a.jpg"), None);
        assert_eq!(filter_of(&repo, "a.txt"), None);
        assert!(mentions_lfs(d.path(), "images/a.jpg"));
        std::fs::remove_file(d.path().join(".gitattributes")).unwrap();
        assert!(!mentions_lfs(d.path(), "images/a.jpg"));
    }

    #[test]
    fn a_pointer_reads_as_its_local_object_or_not_downloaded() {
        let d = tempfile::tempdir().unwrap();
        let repo = Repository::init(d.path()).unwrap();
        let p = format!("version https://git-lfs.github.com/spec/v1\noid sha256:{OID}\nsize 11\n");
        assert!(matches!(
            smudge_local(&repo, p.clone().into_bytes()),
            Smudged::NotDownloaded
        ));
        let id = repo.blob(p.as_bytes()).unwrap();
        assert!(is_missing_pointer(&repo, id));
        let obj = object_path(&repo, OID);
        assert!(
            obj.ends_with(format!(".git/lfs/objects/e8/22/{OID}")),
            "{obj:?}"
        );
        std::fs::create_dir_all(obj.parent().unwrap()).unwrap();
        std::fs::write(&obj, b"short").unwrap();
        // A partial download (wrong size) is not the picture.
        assert!(matches!(
            smudge_local(&repo, p.clone().into_bytes()),
            Smudged::NotDownloaded
        ));
        std::fs::write(&obj, b"\xff\xd8\xffjpegdata").unwrap();
        match smudge_local(&repo, p.into_bytes()) {
            Smudged::Bytes(b) => assert_eq!(b, b"\xff\xd8\xffjpegdata"),
            Smudged::NotDownloaded => panic!("the object is there"),
        }
        assert!(!is_missing_pointer(&repo, id));
        let raw = repo.blob(b"\xff\xd8\xffjpeg").unwrap();
        assert!(!is_missing_pointer(&repo, raw));
    }
}
