//! Keeping every path inside the open repository.
//!
//! Everything the app reads or writes on behalf of a post, and everything the preview's image
//! scheme serves, goes through [`resolve`]: `..`, absolute paths and symlinks that lead out of
//! the repository are refused, and so is Git's own folder (`.git/`, any case, at any depth):
//! a write to `.git/config` or `.git/hooks/` would make the next push or commit run a program.
//! Paths that name a post (the UI's post commands) are checked further by [`post_arg`].

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
            Component::Normal(p) => {
                if is_git_dir(p) {
                    return Err(git_dir(rel));
                }
                clean.push(p)
            }
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
    // A symlink inside the repository may still lead into `.git/`.
    if canonical
        .strip_prefix(root)
        .is_ok_and(|inner| inner.components().any(|c| is_git_dir(c.as_os_str())))
    {
        return Err(git_dir(rel));
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

/// Checks a path argument that must name a file by its repository-relative path, as the
/// index lists them: forward slashes, no leading `/`, no `.` or `..`, no empty part, no
/// backslash, nothing under `.git`. Returns it unchanged. A caller's leading `/` would join
/// onto the root as an absolute path (`root.join("/etc/x")` is `/etc/x`), so it is refused
/// rather than guessed at.
pub fn post_arg(rel: &str) -> Result<&str> {
    if rel.is_empty() {
        return Err(Error::invalid("No post was named (the path is empty)."));
    }
    let bad = rel.starts_with('/')
        || rel.contains('\\')
        || rel.contains('\0')
        || rel
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        || Path::new(rel).is_absolute();
    if bad {
        return Err(Error::outside_repo(format!(
            "`{rel}` is not a path inside the open blog: Postdesk takes a post's path relative to the blog's folder, like `_posts/2024-01-01-hello.md`."
        )));
    }
    if rel.split('/').any(|p| is_git_dir(p.as_ref())) {
        return Err(git_dir(rel));
    }
    Ok(rel)
}

/// Whether a path part is Git's own folder. Any case: on a case-insensitive file system
/// `.GIT/config` is `.git/config`.
fn is_git_dir(part: &std::ffi::OsStr) -> bool {
    part.eq_ignore_ascii_case(".git")
}

fn git_dir(rel: &str) -> Error {
    Error::outside_repo(format!(
        "`{rel}` is inside Git's own folder (.git); Postdesk never reads or writes there"
    ))
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
    fn gits_own_folder_is_refused_at_any_depth_and_in_any_case() {
        let (_d, root) = repo();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), b"[core]").unwrap();
        for bad in [
            ".git/config",
            "/.git/hooks/pre-push",
            "_posts/../.git/config",
            ".GIT/config",
            "sub/.git/config",
            "./.git",
        ] {
            let e = resolve(&root, bad).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::OutsideRepo, "{bad}");
            assert!(
                e.message.contains("Git's own folder"),
                "{bad}: {}",
                e.message
            );
        }
        // A name that only starts like it is an ordinary file.
        assert!(resolve(&root, ".github/workflows/x.yml").is_ok());
        assert!(resolve(&root, ".gitignore").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_into_git_is_refused() {
        let (_d, root) = repo();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), b"[core]").unwrap();
        std::os::unix::fs::symlink(root.join(".git"), root.join("images/g")).unwrap();
        let e = resolve(&root, "images/g/config").unwrap_err();
        assert!(e.message.contains("Git's own folder"), "{}", e.message);
    }

    #[test]
    fn post_arguments_are_plain_relative_paths() {
        assert_eq!(
            post_arg("_posts/2024-01-01-a.md").unwrap(),
            "_posts/2024-01-01-a.md"
        );
        for bad in [
            "",
            "/etc/passwd",
            "/_posts/a.md",
            "_posts/../../x.md",
            "_posts/./a.md",
            "_posts//a.md",
            "_posts\\a.md",
            ".git/config",
            "content/.Git/x.md",
        ] {
            assert!(post_arg(bad).is_err(), "{bad:?}");
        }
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
