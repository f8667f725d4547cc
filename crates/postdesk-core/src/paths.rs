//! Keeping every path inside the open repository.
//!
//! Everything the app reads or writes on behalf of a post, and everything the preview's image
//! scheme serves, goes through [`resolve`]: `..`, absolute paths and symlinks that lead out of
//! the repository are refused.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Resolves a repository-relative path (forward slashes; a leading `/` means the repository
/// root, as in a site-absolute link) to a path inside `root`, which must be canonical.
/// The file need not exist, but the deepest existing ancestor is canonicalized so a symlink
/// cannot lead out.
pub fn resolve(root: &Path, rel: &str) -> Result<PathBuf> {
    let rel_path = Path::new(rel.trim_start_matches('/'));
    let mut clean = PathBuf::new();
    for c in rel_path.components() {
        match c {
            Component::Normal(p) => clean.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !clean.pop() {
                    return Err(outside(rel));
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err(outside(rel)),
        }
    }
    let joined = root.join(&clean);
    // Canonicalize the deepest existing ancestor, then re-append what does not exist yet.
    let mut existing = joined.as_path();
    let mut tail = Vec::new();
    let canonical = loop {
        match existing.canonicalize() {
            Ok(c) => break c,
            Err(_) => {
                tail.push(existing.file_name().map(|n| n.to_os_string()));
                existing = match existing.parent() {
                    Some(p) => p,
                    None => return Err(outside(rel)),
                };
            }
        }
    };
    if !canonical.starts_with(root) {
        return Err(outside(rel));
    }
    let mut out = canonical;
    for name in tail.into_iter().rev().flatten() {
        out.push(name);
    }
    Ok(out)
}

/// The repository-relative form (forward slashes) of an absolute path inside `root`.
pub fn relative(root: &Path, abs: &Path) -> Option<String> {
    let rel = abs.strip_prefix(root).ok()?;
    Some(
        rel.components()
            .filter_map(|c| match c {
                Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn outside(rel: &str) -> Error {
    Error::outside_repo(format!(
        "`{rel}` is outside the open blog; Postdesk only reads and writes files inside it"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("images/posts")).unwrap();
        std::fs::write(root.join("images/posts/a.png"), b"x").unwrap();
        (d, root)
    }

    #[test]
    fn inside_paths_resolve() {
        let (_d, root) = repo();
        assert_eq!(
            resolve(&root, "/images/posts/a.png").unwrap(),
            root.join("images/posts/a.png")
        );
        assert_eq!(
            resolve(&root, "images/./posts/../posts/new.png").unwrap(),
            root.join("images/posts/new.png")
        );
        assert_eq!(
            resolve(&root, "new/dir/file.md").unwrap(),
            root.join("new/dir/file.md")
        );
    }

    #[test]
    fn traversal_is_refused() {
        let (_d, root) = repo();
        for bad in ["../etc/passwd", "images/../../x", "a/../../b"] {
            let e = resolve(&root, bad).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::OutsideRepo, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_are_refused() {
        let (_d, root) = repo();
        let outside_dir = tempfile::tempdir().unwrap();
        std::fs::write(outside_dir.path().join("secret"), b"s").unwrap();
        std::os::unix::fs::symlink(outside_dir.path(), root.join("link")).unwrap();
        assert!(resolve(&root, "link/secret").is_err());
        assert!(resolve(&root, "link/not-yet").is_err());
    }

    #[test]
    fn relative_uses_forward_slashes() {
        let (_d, root) = repo();
        assert_eq!(
            relative(&root, &root.join("images/posts/a.png")).as_deref(),
            Some("images/posts/a.png")
        );
        assert_eq!(relative(&root, Path::new("/elsewhere")), None);
    }
}
