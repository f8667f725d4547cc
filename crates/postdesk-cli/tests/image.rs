//! `postdesk image add` end to end: Markdown on stdout, failures on stderr, exit status.

use std::path::Path;
use std::process::Command;

/// A 2 × 1 PNG (red, blue) with a text chunk-free header, written by hand.
const PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x02\x00\x00\x00\x01\x08\x02\x00\x00\x00\x7b\x40\xe8\xdd\x00\x00\x00\x0d\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\x00\x04\xff\x01\x07\x00\x01\xff\xe2\x23\x9e\x59\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

fn jekyll_repo(dir: &Path) {
    std::fs::create_dir_all(dir.join("_posts")).unwrap();
    std::fs::write(dir.join("_config.yml"), "title: t\n").unwrap();
    std::fs::write(
        dir.join("_posts/2024-01-02-hello.md"),
        "---\ntitle: Hello\n---\nText\n",
    )
    .unwrap();
    let ok = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn image_add_prints_markdown_and_reports_failures() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("blog");
    jekyll_repo(&repo);
    let pics = tmp.path().join("pics");
    std::fs::create_dir_all(&pics).unwrap();
    std::fs::write(pics.join("Red Dot.png"), PNG).unwrap();
    std::fs::write(pics.join("IMG_0001.PNG"), PNG).unwrap();
    std::fs::write(pics.join("notes.jpg"), "not a picture\n").unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(["image", "add"])
        .arg(repo.join("_posts/2024-01-02-hello.md"))
        .arg(pics.join("Red Dot.png"))
        .arg(pics.join("notes.jpg"))
        .args(["--alt", "A dot", "--max-width", "800"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stdout,
        "![A dot](/images/posts/2024-01-02-hello/red-dot.png)\n"
    );
    assert!(
        stderr.contains("notes.jpg") && stderr.contains("text"),
        "{stderr}"
    );
    assert!(repo
        .join("images/posts/2024-01-02-hello/red-dot.png")
        .is_file());

    // Same picture under a camera name: reused, exit 0.
    let out = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(["image", "add"])
        .arg(repo.join("_posts/2024-01-02-hello.md"))
        .arg(pics.join("IMG_0001.PNG"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "![](/images/posts/2024-01-02-hello/red-dot.png)\n"
    );
}

/// Runs `postdesk ARGS` under a 2 GB address-space limit (a regression that reads a device
/// whole must fail, not take the machine's memory), killed after `secs`: `None` when it hung.
fn postdesk_bounded(args: &[&std::ffi::OsStr], secs: u64) -> Option<(i32, String, String)> {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2097152 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_postdesk"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

fn add_bounded(repo: &Path, file: &Path) -> (i32, String, String) {
    let post = repo.join("_posts/2024-01-02-hello.md");
    let args = [
        std::ffi::OsStr::new("image"),
        std::ffi::OsStr::new("add"),
        post.as_os_str(),
        file.as_os_str(),
    ];
    postdesk_bounded(&args, 10)
        .unwrap_or_else(|| panic!("`postdesk image add POST {}` hung", file.display()))
}

#[cfg(unix)]
#[test]
fn image_add_refuses_a_device_fast() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("blog");
    jekyll_repo(&repo);
    let (code, out, err) = add_bounded(&repo, Path::new("/dev/zero"));
    assert_ne!(code, 0, "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("`/dev/zero` is not a regular file"),
        "{code}: {err}"
    );
}

#[cfg(unix)]
#[test]
fn image_add_refuses_a_fifo_without_blocking() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("blog");
    jekyll_repo(&repo);
    let fifo = tmp.path().join("photo.jpg");
    let ok = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let (code, _, err) = add_bounded(&repo, &fifo);
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("photo.jpg") && err.contains("is not a regular file"),
        "{err}"
    );
    // Through a symbolic link too (metadata follows it).
    let link = tmp.path().join("link.jpg");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let (code, _, err) = add_bounded(&repo, &link);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("is not a regular file"), "{err}");
}

#[test]
fn image_add_refuses_a_file_over_the_cap_before_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("blog");
    jekyll_repo(&repo);
    let big = tmp.path().join("big.jpg");
    // Sparse: 312 MB on paper, nothing on disk.
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(312 << 20).unwrap();
    drop(f);
    let (code, _, err) = add_bounded(&repo, &big);
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("`big.jpg` is 312 MB; Postdesk imports images up to 200 MB"),
        "{err}"
    );
    assert!(!repo.join("images").exists());
}

#[test]
fn image_add_refuses_a_tiny_png_claiming_huge_dimensions() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("blog");
    jekyll_repo(&repo);
    // A PNG header claiming 100000 × 100000 RGBA pixels (40 GB decoded), one byte of data.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    assert!(png.len() < 1024);
    let file = tmp.path().join("bomb.png");
    std::fs::write(&file, &png).unwrap();
    let (code, _, err) = add_bounded(&repo, &file);
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("bomb.png") && err.contains("100000 × 100000 pixels"),
        "{err}"
    );
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
