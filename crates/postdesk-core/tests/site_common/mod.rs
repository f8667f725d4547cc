//! Shared helpers of the `site_*` tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Copies `src` into a fresh temporary folder made a Git repository; returns (guard, canonical root).
pub fn copy_repo(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(src).unwrap();
        let to = d.path().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    git2::Repository::init(d.path()).unwrap();
    let root = d.path().canonicalize().unwrap();
    (d, root)
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The shared corpus (see `postdesk_testkit::corpus`: missing fails the test unless the run
/// says it has none).
pub fn corpus(name: &str) -> Option<PathBuf> {
    postdesk_testkit::corpus(name)
}
