//! Image import: a dropped or pasted picture lands in the folder the site expects, small,
//! upright and without metadata, under a readable unique name, and the post gets the
//! Markdown that links it.
//!
//! - [`destination`] says where a post's images go and how the post links them.
//! - [`import_files`] imports a batch (both cores, progress, cancellable; one failure never
//!   stops the others), [`import_bytes`] one pasted image. Only regular files are read
//!   (never a device or a FIFO), and no file or paste over [`MAX_IMAGE_FILE_BYTES`].
//! - The pixel work is in `pipeline` (format from the bytes, limits before decoding, JPEG
//!   DCT-domain downscale, SIMD resize, orientation after resizing, re-encoding that writes no
//!   metadata); container-level metadata stripping in `strip`, SVG sanitising in `svg`, names
//!   in `naming`.

mod jpeg;
mod naming;
mod pipeline;
mod strip;
mod svg;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, ErrorKind, Result};
use crate::site::{LinkStyle, Site};
use crate::{atomic, links, paths};

pub use jpeg::metadata_markers as jpeg_metadata_markers;
pub use pipeline::{process, Processed};

/// Default cap on an image's pixel count (width × height) before anything is decoded.
pub const DEFAULT_MAX_PIXELS: u64 = 100_000_000;
/// Default cap on the memory one decode may allocate.
pub const DEFAULT_MAX_MEMORY: u64 = 1 << 30;
/// Default JPEG quality of re-encoded photos.
pub const DEFAULT_JPEG_QUALITY: u8 = 82;
/// Largest image file (or pasted image) Postdesk reads, in bytes: 200 MB. The pipeline needs
/// the whole file in memory (it keeps the original bytes to copy them minus their metadata
/// when re-encoding would not help), and a batch reads one file per core at once, so the cap
/// bounds the memory of an import. The biggest photos a blog gets (a 100 MP camera's JPEG,
/// a panorama's PNG) are well under it; a file over it is not a picture for a web page, or
/// not a picture at all (a disk image, a video named `.jpg`).
pub const MAX_IMAGE_FILE_BYTES: u64 = 200 << 20;

/// How to import. Every field has a default, so the UI may send `{}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ImportOptions {
    /// Alt text for the Markdown (and the file name when the original name says nothing).
    pub alt: Option<String>,
    /// Widest output in pixels; `None` uses the site's `max_image_width`.
    pub max_width: Option<u32>,
    /// Refuse images with more pixels than this (checked from the header, before decoding).
    pub max_pixels: u64,
    /// Refuse images whose decoding would allocate more bytes than this.
    pub max_memory: u64,
    /// JPEG quality (1–100) of re-encoded photos.
    pub jpeg_quality: u8,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            alt: None,
            max_width: None,
            max_pixels: DEFAULT_MAX_PIXELS,
            max_memory: DEFAULT_MAX_MEMORY,
            jpeg_quality: DEFAULT_JPEG_QUALITY,
        }
    }
}

/// Where a post's images go and how the post links them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Destination {
    /// Repository-relative path of the post.
    pub post: String,
    /// Repository-relative folder the images are written to (no trailing slash).
    pub dir: String,
    /// What goes before the file name in a link: `/images/posts/x/`, `./`, `../img/`.
    pub link_prefix: String,
    /// True when the folder was taken from images the post already links.
    pub from_existing_links: bool,
    /// The site's widest image, used when the options give none.
    pub max_width: u32,
}

/// One file of a batch, finished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportProgress {
    /// Files finished so far (imported, failed or cancelled).
    pub done: usize,
    pub total: usize,
    /// Name of the file that just finished.
    pub file: String,
}

/// What happened to one file. Outcomes come back in the order the files were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ImportOutcome {
    Imported {
        /// The name of the file as dropped (or the paste's name).
        file: String,
        /// Repository-relative path of the image written (or reused).
        repo_rel_path: String,
        /// The URL as the post links it.
        url: String,
        /// `![alt](url)`, ready to insert.
        markdown: String,
        /// True when an identical image already in the folder was reused instead of copied.
        reused: bool,
        width: u32,
        height: u32,
        /// Size of the file in the blog.
        bytes: u64,
        /// Size of the file as dropped.
        original_bytes: u64,
        /// `jpeg`, `png`, `gif`, `webp` or `svg`.
        format: String,
        /// Things the writer should know (an animation kept at full size, a big file…).
        warnings: Vec<String>,
    },
    Failed {
        file: String,
        /// A sentence that names the file and says what to do.
        message: String,
        kind: ErrorKind,
    },
    /// The batch was cancelled before this file was started.
    Cancelled { file: String },
}

impl ImportOutcome {
    pub fn file(&self) -> &str {
        match self {
            ImportOutcome::Imported { file, .. }
            | ImportOutcome::Failed { file, .. }
            | ImportOutcome::Cancelled { file } => file,
        }
    }
}

/// Where the images of the post at `post_rel` go. `post_text` is the post as the editor has
/// it (it may be unsaved); `None` reads the file, if it exists. When the post already links
/// images in a folder of the repository, that folder (and its link style) is used; otherwise
/// the site's `image_dir_pattern` and `link_style`.
pub fn destination(
    root: &Path,
    site: &Site,
    post_rel: &str,
    post_text: Option<&str>,
) -> Result<Destination> {
    let post_rel = post_rel.trim_start_matches('/');
    let post_abs = paths::resolve(root, post_rel)?;
    let on_disk;
    let text = match post_text {
        Some(t) => t,
        None => {
            on_disk = std::fs::read_to_string(&post_abs).unwrap_or_default();
            &on_disk
        }
    };
    let post_dir = parent_of(post_rel);
    if let Some((dir, site_absolute)) = existing_image_dir(root, site, post_rel, text) {
        let link_prefix = if site_absolute {
            format!("/{}/", encode_dir(&dir))
        } else {
            relative_prefix(post_dir, &dir)
        };
        return Ok(Destination {
            post: post_rel.to_string(),
            dir,
            link_prefix,
            from_existing_links: true,
            max_width: site.max_image_width,
        });
    }
    let dir = pattern_dir(&site.image_dir_pattern, post_rel);
    paths::resolve(root, &dir)?;
    let link_prefix = match site.link_style {
        LinkStyle::SiteAbsolute if !dir.is_empty() => format!("/{}/", encode_dir(&dir)),
        LinkStyle::SiteAbsolute => "/".to_string(),
        LinkStyle::Relative => relative_prefix(post_dir, &dir),
    };
    Ok(Destination {
        post: post_rel.to_string(),
        dir,
        link_prefix,
        from_existing_links: false,
        max_width: site.max_image_width,
    })
}

/// The folder named by the site's pattern for this post: `{post}` is the post's file name
/// without extension (for a bundle's `index.md`, the bundle folder's name), `{post_dir}` the
/// post's folder, `{slug}` the post's name without a leading `YYYY-MM-DD-` date.
fn pattern_dir(pattern: &str, post_rel: &str) -> String {
    let post_dir = parent_of(post_rel);
    let file = post_rel.rsplit('/').next().unwrap_or(post_rel);
    let mut stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if stem == "index" || stem == "_index" {
        stem = post_dir.rsplit('/').next().unwrap_or(stem);
    }
    let slug = strip_date(stem);
    let dir = pattern
        .replace("{post_dir}", post_dir)
        .replace("{post}", stem)
        .replace("{slug}", slug);
    dir.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn strip_date(stem: &str) -> &str {
    let b = stem.as_bytes();
    let is_date = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    if is_date {
        &stem[11..]
    } else {
        stem
    }
}

fn parent_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// `./`, `../../images/x/` … from the post's folder to `dir`.
fn relative_prefix(from_dir: &str, dir: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = String::new();
    if common == from.len() {
        out.push_str("./");
    }
    for _ in common..from.len() {
        out.push_str("../");
    }
    for seg in &to[common..] {
        out.push_str(&encode_url_segment(seg));
        out.push('/');
    }
    out
}

/// The folder most of the post's local images live in (preferring folders under the site
/// pattern's fixed part, like `images/posts/`), and whether those links are site-absolute.
fn existing_image_dir(
    root: &Path,
    site: &Site,
    post_rel: &str,
    text: &str,
) -> Option<(String, bool)> {
    let base: String = site
        .image_dir_pattern
        .split('{')
        .next()
        .unwrap_or("")
        .trim_matches('/')
        .to_string();
    let mut counts: HashMap<String, (usize, usize, bool)> = HashMap::new();
    for (order, link) in links::extract(text).into_iter().enumerate() {
        if link.kind == links::LinkKind::Link {
            continue;
        }
        let Some(target) = links::resolve(post_rel, &link.url) else {
            continue;
        };
        let dir = parent_of(&target).to_string();
        if dir.is_empty() || paths::resolve(root, &dir).is_err() {
            continue;
        }
        let e = counts
            .entry(dir)
            .or_insert((0, order, link.url.trim().starts_with('/')));
        e.0 += 1;
    }
    let under_base = |d: &str| !base.is_empty() && d.starts_with(&format!("{base}/"));
    counts
        .into_iter()
        .max_by(|(da, a), (db, b)| {
            (under_base(da), a.0, std::cmp::Reverse(a.1)).cmp(&(
                under_base(db),
                b.0,
                std::cmp::Reverse(b.1),
            ))
        })
        .map(|(d, (_, _, abs))| (d, abs))
}

/// Imports `files` (paths on the user's disk, left untouched) into `dest`. Files are processed
/// in parallel; `progress` is called as each one finishes; setting `cancel` stops files that
/// have not started (those already written stay). Outcomes come back in the order given.
pub fn import_files(
    root: &Path,
    dest: &Destination,
    files: &[PathBuf],
    opts: &ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Sync),
    cancel: &AtomicBool,
) -> Vec<ImportOutcome> {
    let total = files.len();
    let done = AtomicUsize::new(0);
    let max_width = opts.max_width.unwrap_or(dest.max_width);
    // (file name, None when cancelled before it started, or the processed image and the
    // original's size).
    type Done = (String, Option<Result<(Processed, u64)>>);
    let processed: Vec<Done> = files
        .par_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            let result = if cancel.load(Ordering::Relaxed) {
                None
            } else {
                Some(read_input(path).and_then(|bytes| {
                    let p = process(&bytes, opts, max_width)?;
                    Ok((p, bytes.len() as u64))
                }))
            };
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(ImportProgress {
                done: n,
                total,
                file: name.clone(),
            });
            (name, result)
        })
        .collect();
    // Naming and writing are sequential, in the order given, so `-2` suffixes and reuse of a
    // duplicate inside the same batch are deterministic.
    processed
        .into_iter()
        .map(|(name, result)| match result {
            None => ImportOutcome::Cancelled { file: name },
            Some(Err(e)) => failed(&name, e),
            Some(Ok((p, original))) => match place(root, dest, &name, false, opts, &p) {
                Ok(o) => imported(name, o, p, original, opts),
                Err(e) => failed(&name, e),
            },
        })
        .collect()
}

/// Imports one image given as bytes (a clipboard paste). `name` is what the clipboard calls it
/// (`image.png`, or empty); a paste's name is never used for the file unless it is meaningful.
pub fn import_bytes(
    root: &Path,
    dest: &Destination,
    name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> ImportOutcome {
    let shown = if name.trim().is_empty() {
        "pasted image".to_string()
    } else {
        name.to_string()
    };
    let max_width = opts.max_width.unwrap_or(dest.max_width);
    match check_size(&shown, bytes.len() as u64)
        .and_then(|()| process(bytes, opts, max_width))
        .and_then(|p| place(root, dest, name, true, opts, &p).map(|o| (o, p)))
    {
        Ok((o, p)) => imported(shown, o, p, bytes.len() as u64, opts),
        Err(e) => failed(&shown, e),
    }
}

/// Reads a file to import: a regular file only (a device such as `/dev/zero` never ends, a
/// FIFO blocks its reader), never more than [`MAX_IMAGE_FILE_BYTES`]. The size is checked from
/// the metadata (symbolic links followed) before the file is opened, and again while reading,
/// so a file that grows meanwhile still cannot exceed the cap.
fn read_input(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::image(
            "is a folder, not an image; drop the pictures inside it instead",
        ));
    }
    if !meta.is_file() {
        return Err(not_a_regular_file(path));
    }
    check_size(&shown_name(path), meta.len())?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // The name may have been swapped for something else since `metadata`: check what was
    // opened. (Opening a FIFO swapped in within that instant would still wait for a writer.)
    let opened = file.metadata().map_err(|e| Error::io(path, e))?;
    if !opened.is_file() {
        return Err(not_a_regular_file(path));
    }
    let cap = usize::try_from(MAX_IMAGE_FILE_BYTES).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(opened.len().min(MAX_IMAGE_FILE_BYTES) as usize);
    file.take(MAX_IMAGE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() > cap {
        return Err(too_big(&shown_name(path), None));
    }
    Ok(bytes)
}

/// The file's name as the messages show it.
fn shown_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn not_a_regular_file(path: &Path) -> Error {
    Error::image(format!(
        "`{}` is not a regular file (a device, a pipe or a socket); Postdesk imports image files only",
        path.display()
    ))
}

/// Refuses `len` bytes over [`MAX_IMAGE_FILE_BYTES`].
fn check_size(name: &str, len: u64) -> Result<()> {
    if len > MAX_IMAGE_FILE_BYTES {
        return Err(too_big(name, Some(len)));
    }
    Ok(())
}

fn too_big(name: &str, len: Option<u64>) -> Error {
    let cap = MAX_IMAGE_FILE_BYTES >> 20;
    let size = match len {
        Some(n) => format!("is {} MB", n.div_ceil(1 << 20)),
        None => format!("grew past {cap} MB while it was read"),
    };
    Error::image(format!(
        "`{name}` {size}; Postdesk imports images up to {cap} MB. Export a smaller version (a blog needs at most a few MB) and import that"
    ))
}

fn failed(name: &str, e: Error) -> ImportOutcome {
    let message = if e.message.contains(name) {
        e.message
    } else {
        format!("{name}: {}", e.message)
    };
    ImportOutcome::Failed {
        file: name.to_string(),
        message,
        kind: e.kind,
    }
}

struct Placed {
    repo_rel_path: String,
    url: String,
    reused: bool,
}

fn imported(
    file: String,
    o: Placed,
    p: Processed,
    original_bytes: u64,
    opts: &ImportOptions,
) -> ImportOutcome {
    let alt = opts.alt.as_deref().unwrap_or("").trim();
    ImportOutcome::Imported {
        file,
        markdown: format!("![{}]({})", escape_alt(alt), o.url),
        repo_rel_path: o.repo_rel_path,
        url: o.url,
        reused: o.reused,
        width: p.width,
        height: p.height,
        bytes: p.bytes.len() as u64,
        original_bytes,
        format: p.format.to_string(),
        warnings: p.warnings,
    }
}

fn escape_alt(alt: &str) -> String {
    let mut out = String::with_capacity(alt.len());
    for c in alt.chars() {
        match c {
            '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Chooses the file name, reuses an identical file, or writes the new one.
fn place(
    root: &Path,
    dest: &Destination,
    original_name: &str,
    pasted: bool,
    opts: &ImportOptions,
    p: &Processed,
) -> Result<Placed> {
    // Two imports running at once (two quick drops) must not pick the same free name.
    static PLACING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = PLACING.lock().unwrap_or_else(|e| e.into_inner());
    let dir_abs = paths::resolve(root, &dest.dir)?;
    if dir_abs.exists() && !dir_abs.is_dir() {
        return Err(Error::image(format!(
            "cannot write into {}: it is a file, not a folder. Rename or move that file, then import again.",
            dest.dir
        )));
    }
    let stem = naming::file_stem(original_name, opts.alt.as_deref(), pasted);
    let ext = p.ext;
    let existing: Vec<(String, PathBuf)> = match std::fs::read_dir(&dir_abs) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect(),
        Err(_) => Vec::new(),
    };
    // An identical image already in the folder: link it instead of copying again.
    let digest = Sha256::digest(&p.bytes);
    let same_size: Vec<&(String, PathBuf)> = existing
        .iter()
        .filter(|(_, path)| {
            std::fs::metadata(path).map(|m| m.len()).ok() == Some(p.bytes.len() as u64)
        })
        .collect();
    let mut prefer: Vec<&(String, PathBuf)> = same_size;
    // Prefer the file that carries the name we would have chosen.
    prefer.sort_by_key(|(n, _)| !n.starts_with(&stem));
    for (n, path) in prefer {
        if let Ok(b) = std::fs::read(path) {
            if Sha256::digest(&b) == digest {
                return Ok(placed(dest, n, true));
            }
        }
    }
    let taken: std::collections::HashSet<String> =
        existing.iter().map(|(n, _)| n.to_lowercase()).collect();
    let mut name = format!("{stem}.{ext}");
    let mut i = 2;
    while taken.contains(&name.to_lowercase()) {
        name = format!("{stem}-{i}.{ext}");
        i += 1;
    }
    let rel = join_rel(&dest.dir, &name);
    let abs = paths::resolve(root, &rel)?;
    atomic::write(&abs, &p.bytes).map_err(|e| write_error(&dest.dir, &rel, e))?;
    Ok(placed(dest, &name, false))
}

fn write_error(dir: &str, rel: &str, e: Error) -> Error {
    let lower = e.message.to_lowercase();
    let why = if lower.contains("permission denied") || lower.contains("read-only") {
        format!("the folder {dir}/ is not writable ({}). Check its permissions, or that the disk is not read-only, then import again.", e.message)
    } else if lower.contains("not a directory") || lower.contains("file exists") {
        format!("part of the path {dir}/ is a file, not a folder ({}). Rename or move that file, then import again.", e.message)
    } else {
        format!("could not write {rel}: {}", e.message)
    };
    Error::new(e.kind, why)
}

fn join_rel(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn placed(dest: &Destination, name: &str, reused: bool) -> Placed {
    Placed {
        repo_rel_path: join_rel(&dest.dir, name),
        url: format!("{}{}", dest.link_prefix, encode_url_segment(name)),
        reused,
    }
}

fn encode_dir(dir: &str) -> String {
    dir.split('/')
        .map(encode_url_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes what would break a Markdown link destination (spaces, parentheses…).
fn encode_url_segment(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'(')
        .add(b')')
        .add(b'<')
        .add(b'>')
        .add(b'#')
        .add(b'?')
        .add(b'%')
        .add(b'"');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}

#[cfg(test)]
mod tests {
    /// What the writer reads when the disk refuses the write, from the OS's own errors (root,
    /// which CI runs as, ignores a folder's mode bits, so a read-only folder cannot be made
    /// there: the errors are made here instead).
    #[test]
    fn a_refused_write_says_why_in_the_writers_words() {
        use std::io::{Error as IoError, ErrorKind as Io};
        let p = std::path::Path::new("/blog/images/posts/x/a.jpg");
        let says = |e: IoError| {
            super::write_error(
                "images/posts/x",
                "images/posts/x/a.jpg",
                crate::Error::io(p, e),
            )
            .message
        };
        for e in [
            IoError::from(Io::PermissionDenied),
            IoError::from_raw_os_error(30), // EROFS: a read-only disk refuses root too
        ] {
            let m = says(e);
            assert!(m.contains("images/posts/x/ is not writable"), "{m}");
        }
        let m = says(IoError::from_raw_os_error(20)); // ENOTDIR
        assert!(m.contains("is a file, not a folder"), "{m}");
        let m = says(IoError::from_raw_os_error(28)); // ENOSPC
        assert!(m.starts_with("could not write images/posts/x/a.jpg"), "{m}");
    }

    use super::*;
    use crate::site::SiteKind;

    fn jekyll() -> Site {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("_config.yml"), "title: t\n").unwrap();
        let mut site = crate::site::detect(d.path()).unwrap();
        assert_eq!(site.kind, SiteKind::Jekyll);
        site.posts_dirs = vec!["_posts".into()];
        site.drafts_dir = None;
        site.file_pattern = "{date}-{slug}.md".into();
        site.image_dir_pattern = "images/posts/{post}".into();
        site.link_style = LinkStyle::SiteAbsolute;
        site.max_image_width = 1600;
        site
    }

    fn repo() -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        (d, root)
    }

    #[test]
    fn jekyll_posts_get_a_folder_named_after_the_file() {
        let (_d, root) = repo();
        let d = destination(&root, &jekyll(), "_posts/2022-10-28-hello.md", Some("")).unwrap();
        assert_eq!(d.dir, "images/posts/2022-10-28-hello");
        assert_eq!(d.link_prefix, "/images/posts/2022-10-28-hello/");
        assert!(!d.from_existing_links);
    }

    #[test]
    fn an_existing_image_folder_wins() {
        let (_d, root) = repo();
        let text = "---\ntitle: x\nthumbnail: /images/posts/hello/thumb.jpg\n---\n![a](/images/posts/hello/a.jpg)\n![logo](/images/logos/x.png)\n![b](/images/logos/y.png)\n";
        let d = destination(&root, &jekyll(), "_posts/2022-10-28-hello.md", Some(text)).unwrap();
        assert_eq!(d.dir, "images/posts/hello");
        assert_eq!(d.link_prefix, "/images/posts/hello/");
        assert!(d.from_existing_links);
        let rel = "![a](../img/a.jpg)";
        let d = destination(&root, &jekyll(), "_posts/2022-10-28-hello.md", Some(rel)).unwrap();
        assert_eq!((d.dir.as_str(), d.link_prefix.as_str()), ("img", "../img/"));
    }

    #[test]
    fn bundles_link_beside_the_post() {
        let (_d, root) = repo();
        let mut site = jekyll();
        site.image_dir_pattern = "{post_dir}".into();
        site.link_style = LinkStyle::Relative;
        let d = destination(&root, &site, "content/posts/trip/index.md", Some("")).unwrap();
        assert_eq!(d.dir, "content/posts/trip");
        assert_eq!(d.link_prefix, "./");
        assert_eq!(
            relative_prefix("content/posts", "static/img"),
            "../../static/img/"
        );
        assert_eq!(
            pattern_dir("images/{slug}", "_posts/2020-01-02-a-b.md"),
            "images/a-b"
        );
    }

    #[test]
    fn urls_escape_what_breaks_markdown() {
        assert_eq!(encode_url_segment("a b(1).jpg"), "a%20b%281%29.jpg");
        let (_d, root) = repo();
        let text = "![x](/images/posts/my%20trip/a.jpg)";
        let d = destination(&root, &jekyll(), "_posts/2020-01-01-t.md", Some(text)).unwrap();
        assert_eq!(d.dir, "images/posts/my trip");
        assert_eq!(d.link_prefix, "/images/posts/my%20trip/");
        assert_eq!(escape_alt("a [b]"), "a \\[b\\]");
    }

    #[test]
    fn a_paste_over_the_cap_is_refused_before_decoding() {
        let (_d, root) = repo();
        let dest = destination(&root, &jekyll(), "_posts/2020-01-01-t.md", Some("")).unwrap();
        // Zeroed pages are not touched until written: this costs no memory.
        let huge = vec![0u8; MAX_IMAGE_FILE_BYTES as usize + 1];
        match import_bytes(&root, &dest, "", &huge, &ImportOptions::default()) {
            ImportOutcome::Failed { message, kind, .. } => {
                assert_eq!(kind, ErrorKind::Image);
                assert!(
                    message
                        .contains("`pasted image` is 201 MB; Postdesk imports images up to 200 MB"),
                    "{message}"
                );
            }
            o => panic!("{o:?}"),
        }
        assert!(!root.join("images").exists());
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let e = read_input(Path::new("/dev/null")).unwrap_err();
        assert!(
            e.message.contains("`/dev/null` is not a regular file"),
            "{}",
            e.message
        );
    }
}
