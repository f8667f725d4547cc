//! An open blog: a Git repository's working tree and the site conventions it follows.
//! Reading and saving posts happens here, always inside the repository.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::site::{self, Site};
use crate::{paths, save};

/// What the UI and the CLI know about an open blog.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BlogInfo {
    /// Absolute path of the repository's working tree.
    pub root: String,
    /// The folder's name, shown in the title bar.
    pub name: String,
    pub site: Site,
}

/// One post's text as it is on disk.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PostFile {
    /// Repository-relative path.
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Blog {
    /// Canonical path of the working tree's root.
    pub root: PathBuf,
    pub site: Site,
}

impl Blog {
    /// Opens the blog whose clone contains `path`. Refuses a missing folder and a folder
    /// that is not inside a Git working tree, with messages that say what to do.
    pub fn open(path: &Path) -> Result<Blog> {
        if !path.exists() {
            return Err(Error::not_found(format!(
                "There is no folder at {}. Choose the folder of your blog's clone.",
                path.display()
            )));
        }
        if !path.is_dir() {
            return Err(Error::invalid(format!(
                "{} is a file; choose the folder of your blog's clone.",
                path.display()
            )));
        }
        let repo = git2::Repository::discover(path).map_err(|_| {
            Error::not_a_repo(format!(
                "{} is not a Git repository. Postdesk works on a clone of your blog: open the folder you cloned, or run `git init` in it first.",
                path.display()
            ))
        })?;
        let workdir = repo.workdir().ok_or_else(|| {
            Error::not_a_repo(format!(
                "{} is a bare Git repository, with no files to edit; open a clone of it instead.",
                path.display()
            ))
        })?;
        let root = workdir.canonicalize().map_err(|e| Error::io(workdir, e))?;
        let site = site::detect(&root)?;
        Ok(Blog { root, site })
    }

    pub fn info(&self) -> BlogInfo {
        BlogInfo {
            root: self.root.display().to_string(),
            name: self
                .root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            site: self.site.clone(),
        }
    }

    /// Absolute path of a repository-relative path, refused when it leads outside.
    pub fn abs(&self, rel: &str) -> Result<PathBuf> {
        paths::resolve(&self.root, rel)
    }

    pub fn read_post(&self, rel: &str) -> Result<PostFile> {
        let p = self.abs(rel)?;
        let bytes = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::invalid(format!(
                "{rel} is not UTF-8 text; Postdesk will not open it rather than risk damaging it."
            ))
        })?;
        Ok(PostFile {
            path: rel.to_string(),
            text,
        })
    }

    /// Saves a post atomically, in the file's own line endings and BOM (see [`save::save_text`]).
    /// Unconditional: the editor path with conflict detection is [`Blog::save_post_checked`].
    pub fn save_post(&self, rel: &str, text: &str) -> Result<()> {
        self.save_post_checked(rel, text, None).map(|_| ())
    }

    /// Saves the editor's text (`\n` line breaks) to a post, refusing with `Conflict` when
    /// `expected` (the hash the editor loaded) no longer matches the file on disk.
    pub fn save_post_checked(
        &self,
        rel: &str,
        text: &str,
        expected: Option<&str>,
    ) -> Result<save::SaveOutcome> {
        let p = self.abs(rel)?;
        save::save_text(&p, text, expected)
    }

    /// Loads a post for the editor: `\n` line breaks, no BOM, and the hash of the bytes on disk.
    pub fn load_post(&self, rel: &str) -> Result<save::Loaded> {
        let p = self.abs(rel)?;
        save::load_text(&p)
    }

    pub fn posts(&self) -> Vec<crate::index::PostSummary> {
        crate::index::list(&self.root, &self.site)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn missing_folder_and_non_repo_are_clear_errors() {
        let d = tempfile::tempdir().unwrap();
        let e = Blog::open(&d.path().join("nope")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
        let e = Blog::open(d.path()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotARepo);
        assert!(e.message.contains("not a Git repository"));
    }

    #[test]
    fn opens_reads_and_saves_inside_the_repo_only() {
        let d = tempfile::tempdir().unwrap();
        git2::Repository::init(d.path()).unwrap();
        std::fs::create_dir(d.path().join("_posts")).unwrap();
        std::fs::write(
            d.path().join("_posts/2024-01-02-a.md"),
            "---\ntitle: A\n---\nHi\n",
        )
        .unwrap();
        let blog = Blog::open(&d.path().join("_posts")).unwrap();
        assert_eq!(blog.root, d.path().canonicalize().unwrap());
        let posts = blog.posts();
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0].title, "A");
        assert_eq!(posts[0].date.as_deref(), Some("2024-01-02"));
        blog.save_post("_posts/2024-01-02-a.md", "changed").unwrap();
        assert_eq!(
            blog.read_post("_posts/2024-01-02-a.md").unwrap().text,
            "changed"
        );
        assert_eq!(
            blog.save_post("../escape.md", "x").unwrap_err().kind,
            ErrorKind::OutsideRepo
        );
    }
}
