//! The demo blog embedded in the binary, copied into the data folder on first start.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

static DEMO: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../examples/demo-blog");

/// The demo blog's path in the data folder, created (and committed) on first use.
pub fn ensure(data_dir: &Path) -> postdesk_core::Result<PathBuf> {
    let dest = data_dir.join("demo-blog");
    if dest.join(".git").exists() {
        return Ok(dest);
    }
    let mut files = Vec::new();
    collect(&DEMO, &mut files);
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    postdesk_core::seed::create_repo(&dest, files, "Demo blog, created by Postdesk")?;
    Ok(dest)
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect(d, out),
            DirEntry::File(f) => {
                out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()))
            }
        }
    }
}
