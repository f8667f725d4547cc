//! Shared by the `check_*` tests: a copy of the fixture blog with generated images.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use postdesk_core::check::CheckContext;
use postdesk_core::site;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/check");

/// The shared corpus (see `postdesk_testkit::corpus`: missing fails the test unless the run
/// says it has none).
pub fn corpus(name: &str) -> Option<PathBuf> {
    postdesk_testkit::corpus(name)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
            let mut perm = std::fs::metadata(&dest).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perm.set_readonly(false);
            std::fs::set_permissions(&dest, perm).unwrap();
        }
    }
}

fn png(path: &Path, w: u32, h: u32, noise: bool) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut seed: u32 = 12345;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        if noise {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let v = seed.to_be_bytes();
            image::Rgb([v[0], v[1], v[2]])
        } else {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }
    });
    img.save(path).unwrap();
}

/// A small JPEG, with an EXIF GPS position when `gps`.
pub fn jpeg(path: &Path, gps: bool) {
    use exif::{Field, In, Rational, Tag, Value};
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let img = image::RgbImage::from_pixel(32, 24, image::Rgb([200, 100, 50]));
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut plain),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let make = Field {
        tag: Tag::Make,
        ifd_num: In::PRIMARY,
        value: Value::Ascii(vec![b"Postdesk test camera".to_vec()]),
    };
    let lat_ref = Field {
        tag: Tag::GPSLatitudeRef,
        ifd_num: In::PRIMARY,
        value: Value::Ascii(vec![b"N".to_vec()]),
    };
    let r = |n| Rational { num: n, denom: 1 };
    let lat = Field {
        tag: Tag::GPSLatitude,
        ifd_num: In::PRIMARY,
        value: Value::Rational(vec![r(45), r(50), r(12)]),
    };
    let mut w = exif::experimental::Writer::new();
    w.push_field(&make);
    if gps {
        w.push_field(&lat_ref);
        w.push_field(&lat);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    w.write(&mut tiff, false).unwrap();
    let tiff = tiff.into_inner();
    let mut out = plain[..2].to_vec(); // SOI
    out.extend([0xFF, 0xE1]);
    out.extend(((tiff.len() + 8) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(&tiff);
    out.extend(&plain[2..]);
    std::fs::write(path, out).unwrap();
}

/// A temp copy of `fixtures/check/blog` with its images generated.
pub fn blog() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().canonicalize().unwrap();
    copy_dir(&Path::new(FIXTURES).join("blog"), &root);
    let img = root.join("images/posts");
    png(
        &img.join("2024-02-10-fourth-post/small.png"),
        100,
        80,
        false,
    );
    png(&img.join("test-images/wide.png"), 2000, 10, false);
    png(&img.join("test-images/heavy.png"), 1200, 500, true);
    jpeg(&img.join("test-images/gps.jpg"), true);
    jpeg(&img.join("test-images/no-gps.jpg"), false);
    png(&img.join("2024-03-01-orphan-case/used.png"), 10, 10, false);
    png(
        &img.join("2024-03-01-orphan-case/unused.png"),
        10,
        10,
        false,
    );
    png(&img.join("2024-03-01-all-linked/used.png"), 10, 10, false);
    (d, root)
}

pub fn context(root: &Path) -> CheckContext {
    let site = site::detect(root).unwrap();
    CheckContext::from_repo(root, &site).unwrap()
}
