//! Creating a fresh blog repository from a set of files: how the app's embedded demo blog
//! becomes a real clone in the user's data folder on first start.

use std::path::Path;

use crate::error::{Error, Result};
use crate::{atomic, paths};

/// Writes `files` (repository-relative path, bytes) under `dest`, runs `git init` and commits
/// them all. Refuses a `dest` that exists and is not empty, so nothing of the user's is touched.
pub fn create_repo<'a>(
    dest: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    message: &str,
) -> Result<()> {
    if dest.exists()
        && std::fs::read_dir(dest)
            .map_err(|e| Error::io(dest, e))?
            .next()
            .is_some()
    {
        return Err(Error::conflict(format!(
            "{} exists and is not empty; not creating a blog there",
            dest.display()
        )));
    }
    std::fs::create_dir_all(dest).map_err(|e| Error::io(dest, e))?;
    let root = dest.canonicalize().map_err(|e| Error::io(dest, e))?;
    let repo = git2::Repository::init(&root)?;
    let mut index = repo.index()?;
    for (rel, bytes) in files {
        let abs = paths::resolve(&root, rel)?;
        atomic::write(&abs, bytes)?;
        index.add_path(Path::new(rel))?;
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let sig = repo
        .signature()
        .or_else(|_| git2::Signature::now("Postdesk", "postdesk@localhost"))?;
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_a_committed_repository_and_refuses_a_non_empty_folder() {
        let d = tempfile::tempdir().unwrap();
        let dest = d.path().join("blog");
        let files: Vec<(&str, &[u8])> = vec![
            ("_config.yml", b"title: x\n"),
            ("_posts/2024-01-01-a.md", b"# A\n"),
        ];
        create_repo(&dest, files.clone(), "Demo blog").unwrap();
        let repo = git2::Repository::open(&dest).unwrap();
        let head = repo.head().unwrap().peel_to_commit().unwrap();
        assert_eq!(head.message().unwrap(), "Demo blog");
        assert!(head
            .tree()
            .unwrap()
            .get_path(Path::new("_posts/2024-01-01-a.md"))
            .is_ok());
        assert!(
            repo.statuses(None).unwrap().is_empty(),
            "work tree is clean"
        );
        assert_eq!(
            create_repo(&dest, files, "again").unwrap_err().kind,
            crate::ErrorKind::Conflict
        );
    }
}
