//! What the CLI tests share: a fixture blog copied and made a Git repository, and a run of the
//! `postdesk` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod repo;

pub fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../postdesk-core/tests/fixtures")
        .join(name);
    let d = tempfile::tempdir().unwrap();
    copy_dir(&src, d.path());
    let ok = Command::new("git")
        .arg("init")
        .arg("-q")
        .arg(d.path())
        .status();
    if !ok.map(|s| s.success()).unwrap_or(false) {
        // No git binary: a bare `.git` folder is not enough for discovery, so make one by hand.
        std::fs::create_dir_all(d.path().join(".git/objects")).unwrap();
        std::fs::create_dir_all(d.path().join(".git/refs")).unwrap();
        std::fs::write(d.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    }
    let root = d.path().to_path_buf();
    (d, root)
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

pub fn postdesk(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
