//! Atomic file writes: a temporary file in the same folder, flushed to disk, given the
//! original's permissions, then renamed over the original. A write interrupted at any point
//! leaves either the old or the new file, never a torn one.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically. Creates the parent folder when missing.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let previous = fs::metadata(path).ok();
    if previous.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(Error::conflict(format!(
            "{} is a folder, not a file",
            path.display()
        )));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".postdesk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    if let Some(meta) = previous {
        fs::set_permissions(tmp.path(), meta.permissions()).map_err(|e| Error::io(path, e))?;
    } else {
        set_default_permissions(tmp.path())?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// How old a leftover temporary file must be before [`clean_stale_temps`] removes it: older
/// than any write in progress (a write takes milliseconds), so another Postdesk window saving
/// into the same folder is never disturbed.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(120);

/// Whether a file name is one of the temporary files [`write`] creates (`.postdesk-*.tmp`,
/// or the permission probe `.postdesk-probe-*`).
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(".postdesk-probe-")
        || (name.starts_with(".postdesk-") && name.ends_with(".tmp"))
}

/// Removes the temporary files a write killed midway (power loss, `kill -9`) left in `dir` and
/// its subfolders, when older than [`STALE_AFTER`]. The files they would have replaced are
/// intact: the rename never happened. Call it when a blog is opened. Returns how many it removed.
pub fn clean_stale_temps(dir: &Path) -> usize {
    clean_temps_older_than(dir, STALE_AFTER)
}

/// [`clean_stale_temps`] with an explicit age (zero: every leftover, when no write can be running).
pub fn clean_temps_older_than(dir: &Path, age: std::time::Duration) -> usize {
    let now = std::time::SystemTime::now();
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !matches!(
                    e.file_name().to_str(),
                    Some(".git" | "node_modules" | "_site" | "public" | "dist" | ".astro")
                )
        })
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.file_name().to_str().is_some_and(is_temp_name))
        .filter(|e| {
            e.metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|d| d >= age)
        })
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

/// New files get the permissions a plain `create` would give them (0666 minus the umask),
/// not the 0600 of a temporary file.
#[cfg(unix)]
fn set_default_permissions(p: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // Read the umask without changing it for long: create a probe file the ordinary way.
    let dir = p.parent().unwrap_or(Path::new("."));
    let mode = tempfile::Builder::new()
        .prefix(".postdesk-probe-")
        .make_in(dir, |path| {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
        })
        .ok()
        .and_then(|probe| probe.as_file().metadata().ok())
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0o644);
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).map_err(|e| Error::io(p, e))
}

#[cfg(not(unix))]
fn set_default_permissions(_: &Path) -> Result<()> {
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("post.md");
        fs::write(&p, "old").unwrap();
        write(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the post remains");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_original_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("post.md");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write(&p, b"new").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn stale_temps_are_removed_and_fresh_ones_and_posts_kept() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("bundle")).unwrap();
        fs::write(dir.path().join("post.md"), "x").unwrap();
        fs::write(dir.path().join(".postdesk-abc123.tmp"), "torn").unwrap();
        fs::write(dir.path().join("bundle/.postdesk-probe-zz"), "").unwrap();
        fs::write(dir.path().join("bundle/notes.tmp"), "not ours").unwrap();
        assert_eq!(
            clean_stale_temps(dir.path()),
            0,
            "fresh temps may be in use"
        );
        assert_eq!(
            clean_temps_older_than(dir.path(), std::time::Duration::ZERO),
            2
        );
        assert!(dir.path().join("post.md").exists());
        assert!(dir.path().join("bundle/notes.tmp").exists());
        assert!(!dir.path().join(".postdesk-abc123.tmp").exists());
    }

    #[test]
    fn creates_missing_folders_and_refuses_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/post.md");
        write(&p, b"x").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"x");
        let err = write(dir.path().join("a").as_path(), b"x").unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Conflict);
    }
}
