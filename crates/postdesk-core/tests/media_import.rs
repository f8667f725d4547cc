//! Importing into a blog: folders, names, reuse, batches, failures, and the corpus photos.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use image::{DynamicImage, GenericImageView, Rgb, RgbImage};
use postdesk_core::media::{self, Destination, ImportOptions, ImportOutcome};
use postdesk_core::site::{LinkStyle, Site, SiteKind};

fn jekyll() -> Site {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("_config.yml"), "title: t\n").unwrap();
    let mut site = postdesk_core::site::detect(d.path()).unwrap();
    assert_eq!(site.kind, SiteKind::Jekyll);
    site.posts_dirs = vec!["_posts".into()];
    site.drafts_dir = Some("_drafts".into());
    site.file_pattern = "{date}-{slug}.md".into();
    site.image_dir_pattern = "images/posts/{post}".into();
    site.link_style = LinkStyle::SiteAbsolute;
    site.max_image_width = 1600;
    site
}

const POST: &str = "_posts/2023-04-05-aws-summit.md";

struct Blog {
    _dir: tempfile::TempDir,
    root: PathBuf,
    inbox: PathBuf,
}

fn blog() -> Blog {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::write(root.join(POST), "---\ntitle: AWS Summit\n---\nHello\n").unwrap();
    let inbox = dir.path().join("Downloads");
    std::fs::create_dir_all(&inbox).unwrap();
    let root = root.canonicalize().unwrap();
    Blog {
        _dir: dir,
        root,
        inbox,
    }
}

fn photo(seed: u8, w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([
            (x as u8).wrapping_mul(seed),
            (y as u8).wrapping_add(seed),
            seed,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&DynamicImage::ImageRgb8(img))
        .unwrap();
    out
}

fn drop_file(b: &Blog, name: &str, bytes: &[u8]) -> PathBuf {
    let p = b.inbox.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn dest(b: &Blog) -> Destination {
    media::destination(&b.root, &jekyll(), POST, None).unwrap()
}

fn import(b: &Blog, files: &[PathBuf], opts: &ImportOptions) -> Vec<ImportOutcome> {
    media::import_files(
        &b.root,
        &dest(b),
        files,
        opts,
        &|_| {},
        &AtomicBool::new(false),
    )
}

fn imported(o: &ImportOutcome) -> (&str, &str, &str, bool) {
    match o {
        ImportOutcome::Imported {
            repo_rel_path,
            url,
            markdown,
            reused,
            ..
        } => (repo_rel_path, url, markdown, *reused),
        other => panic!("expected an import, got {other:?}"),
    }
}

fn failure(o: &ImportOutcome) -> &str {
    match o {
        ImportOutcome::Failed { message, .. } => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_photo_lands_in_the_posts_folder_with_a_markdown_link() {
    let b = blog();
    let f = drop_file(&b, "Keynote Stage.JPG", &photo(3, 64, 48));
    let out = import(
        &b,
        std::slice::from_ref(&f),
        &ImportOptions {
            alt: Some("The keynote [stage]".into()),
            ..Default::default()
        },
    );
    let (path, url, md, reused) = imported(&out[0]);
    assert_eq!(path, "images/posts/2023-04-05-aws-summit/keynote-stage.jpg");
    assert_eq!(url, "/images/posts/2023-04-05-aws-summit/keynote-stage.jpg");
    assert_eq!(
        md,
        "![The keynote \\[stage\\]](/images/posts/2023-04-05-aws-summit/keynote-stage.jpg)"
    );
    assert!(!reused);
    assert!(b.root.join(path).is_file());
    assert!(f.exists(), "the original is left where it was");
}

#[test]
fn meaningless_names_take_the_alt_text_and_clashes_get_numbers() {
    let b = blog();
    let a = drop_file(&b, "IMG_0877.jpg", &photo(5, 40, 30));
    let out = import(
        &b,
        &[a],
        &ImportOptions {
            alt: Some("Café au lait".into()),
            ..Default::default()
        },
    );
    assert!(imported(&out[0]).0.ends_with("/cafe-au-lait.jpg"));

    // Two different pictures both called team.jpg, in two batches and within one batch.
    let t1 = drop_file(&b, "team.jpg", &photo(7, 40, 30));
    let out1 = import(&b, &[t1], &ImportOptions::default());
    let sub = b.inbox.join("other");
    std::fs::create_dir_all(&sub).unwrap();
    let t2 = sub.join("team.jpg");
    std::fs::write(&t2, photo(9, 40, 30)).unwrap();
    let sub3 = b.inbox.join("third");
    std::fs::create_dir_all(&sub3).unwrap();
    let t3 = sub3.join("Team.jpg");
    std::fs::write(&t3, photo(11, 40, 30)).unwrap();
    let out2 = import(&b, &[t2, t3], &ImportOptions::default());
    assert!(imported(&out1[0]).0.ends_with("/team.jpg"));
    assert!(imported(&out2[0]).0.ends_with("/team-2.jpg"));
    assert!(imported(&out2[1]).0.ends_with("/team-3.jpg"));
    let dir = b.root.join("images/posts/2023-04-05-aws-summit");
    assert_eq!(
        files_in(&dir),
        ["cafe-au-lait.jpg", "team-2.jpg", "team-3.jpg", "team.jpg"]
    );
}

#[test]
fn a_duplicate_drop_reuses_the_file_already_there() {
    let b = blog();
    let bytes = photo(13, 50, 40);
    let first = drop_file(&b, "stage.jpg", &bytes);
    let copy = b.inbox.join("stage copy.jpg");
    std::fs::write(&copy, &bytes).unwrap();
    let out = import(&b, &[first], &ImportOptions::default());
    let (p1, ..) = imported(&out[0]);
    let out2 = import(&b, &[copy], &ImportOptions::default());
    let (p2, url2, _, reused) = imported(&out2[0]);
    assert!(reused);
    assert_eq!(p1, p2);
    assert!(url2.ends_with("/stage.jpg"));
    assert_eq!(
        files_in(&b.root.join("images/posts/2023-04-05-aws-summit")),
        ["stage.jpg"]
    );
}

#[test]
fn a_batch_keeps_going_past_failures_reports_progress_and_keeps_order() {
    let b = blog();
    let good1 = drop_file(&b, "one.jpg", &photo(1, 30, 20));
    let empty = drop_file(&b, "empty.jpg", b"");
    let text = drop_file(&b, "notes.jpg", b"shopping list: eggs, milk\n");
    let missing = b.inbox.join("gone.jpg");
    let good2 = drop_file(&b, "two.jpg", &photo(2, 30, 20));
    let seen = Mutex::new(Vec::new());
    let calls = AtomicUsize::new(0);
    let out = media::import_files(
        &b.root,
        &dest(&b),
        &[good1, empty, text, missing, good2],
        &ImportOptions::default(),
        &|p| {
            calls.fetch_add(1, Ordering::Relaxed);
            assert_eq!(p.total, 5);
            seen.lock().unwrap().push(p.done);
        },
        &AtomicBool::new(false),
    );
    assert_eq!(calls.load(Ordering::Relaxed), 5);
    let mut done = seen.into_inner().unwrap();
    done.sort();
    assert_eq!(done, [1, 2, 3, 4, 5]);
    let names: Vec<&str> = out.iter().map(|o| o.file()).collect();
    assert_eq!(
        names,
        ["one.jpg", "empty.jpg", "notes.jpg", "gone.jpg", "two.jpg"]
    );
    assert!(imported(&out[0]).0.ends_with("/one.jpg"));
    let m = failure(&out[1]);
    assert!(m.starts_with("empty.jpg") && m.contains("empty"), "{m}");
    let m = failure(&out[2]);
    assert!(m.starts_with("notes.jpg") && m.contains("text"), "{m}");
    let m = failure(&out[3]);
    assert!(m.contains("gone.jpg"), "{m}");
    assert!(imported(&out[4]).0.ends_with("/two.jpg"));
}

#[test]
fn a_cancelled_batch_starts_nothing() {
    let b = blog();
    let f = drop_file(&b, "one.jpg", &photo(1, 30, 20));
    let out = media::import_files(
        &b.root,
        &dest(&b),
        &[f],
        &ImportOptions::default(),
        &|_| {},
        &AtomicBool::new(true),
    );
    assert!(matches!(&out[0], ImportOutcome::Cancelled { file } if file == "one.jpg"));
    assert!(!b.root.join("images").exists());
}

#[test]
fn an_unwritable_folder_gives_a_clear_error() {
    let b = blog();
    let f = drop_file(&b, "one.jpg", &photo(1, 30, 20));
    // The image folder's place is taken by a file.
    std::fs::create_dir_all(b.root.join("images/posts")).unwrap();
    std::fs::write(b.root.join("images/posts/2023-04-05-aws-summit"), "x").unwrap();
    let out = import(&b, std::slice::from_ref(&f), &ImportOptions::default());
    let m = failure(&out[0]);
    assert!(m.contains("is a file, not a folder"), "{m}");
    std::fs::remove_file(b.root.join("images/posts/2023-04-05-aws-summit")).unwrap();

    // A path through a non-directory higher up: no permission, root's included, lets it
    // through. (A read-only folder is not a test root can fail: CI runs as root. The OS's
    // permission and read-only-disk errors are turned into words in `media`'s unit tests.)
    std::fs::remove_dir_all(b.root.join("images")).unwrap();
    std::fs::write(b.root.join("images"), "a file where the folder should be").unwrap();
    let out = import(&b, &[f], &ImportOptions::default());
    let m = failure(&out[0]);
    assert!(m.contains("is a file, not a folder"), "{m}");
    assert_eq!(
        std::fs::read_to_string(b.root.join("images")).unwrap(),
        "a file where the folder should be"
    );
}

#[test]
fn a_paste_is_named_from_its_alt_text() {
    let b = blog();
    let png = {
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(RgbImage::from_pixel(20, 10, Rgb([9, 9, 9])))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    let o = media::import_bytes(
        &b.root,
        &dest(&b),
        "image.png",
        &png,
        &ImportOptions {
            alt: Some("Login form".into()),
            ..Default::default()
        },
    );
    let (path, _, md, _) = imported(&o);
    assert!(path.ends_with("/login-form.png"), "{path}");
    assert!(md.starts_with("![Login form]("));
    let o = media::import_bytes(&b.root, &dest(&b), "", &png, &ImportOptions::default());
    // Same bytes: reused, whatever the name.
    assert!(imported(&o).3);
}

/// The shared corpus's folder (`photos/`, `bedrock-jekyll/`); see `postdesk_testkit::corpus`.
fn corpus() -> Option<PathBuf> {
    Some(postdesk_testkit::corpus("photos")?.parent()?.to_path_buf())
}

#[test]
fn the_corpus_gps_photo_loses_its_gps_and_shrinks() {
    let Some(corpus) = corpus() else { return };
    let b = blog();
    let src = corpus.join("photos/aws-summit-2023-etf1.jpg");
    let bytes = std::fs::read(&src).unwrap();
    let f = drop_file(&b, "aws-summit-2023-etf1.jpg", &bytes);
    // The source really has GPS.
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&bytes))
        .unwrap();
    assert!(exif
        .get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .is_some());

    let out = import(&b, &[f], &ImportOptions::default());
    let ImportOutcome::Imported {
        repo_rel_path,
        width,
        height,
        bytes: size,
        original_bytes,
        ..
    } = &out[0]
    else {
        panic!("{:?}", out[0])
    };
    let written = std::fs::read(b.root.join(repo_rel_path)).unwrap();
    assert_eq!(written.len() as u64, *size);
    assert_eq!(*original_bytes, bytes.len() as u64);
    assert!(*size < *original_bytes / 3, "{size} vs {original_bytes}");
    assert!(exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&written))
        .is_err());
    assert!(media::jpeg_metadata_markers(&written).is_empty());
    let img = image::load_from_memory(&written).unwrap();
    assert_eq!(img.dimensions(), (*width, *height));
    assert_eq!(*width, 1600);
}

#[test]
fn an_existing_image_folder_in_a_corpus_post_is_used() {
    let Some(corpus) = corpus() else { return };
    // Find a real post that links images under /images/posts/ and check the destination.
    let posts = corpus.join("bedrock-jekyll/_posts");
    let mut checked = 0;
    for e in std::fs::read_dir(&posts).unwrap().filter_map(|e| e.ok()) {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        // Folders of every `](/images/posts/…/file)` link in the post.
        let folders: std::collections::BTreeSet<&str> = text
            .match_indices("](/images/posts/")
            .filter_map(|(i, _)| {
                let url = &text[i + 3..];
                let url = &url[..url.find([')', ' ', '"'])?];
                Some(&url[..url.rfind('/')?])
            })
            .collect();
        if folders.len() != 1 {
            continue;
        }
        let folder = *folders.iter().next().unwrap();
        let b = blog();
        let rel = format!("_posts/{}", e.file_name().to_string_lossy());
        let d = media::destination(&b.root, &jekyll(), &rel, Some(&text)).unwrap();
        assert!(d.from_existing_links, "{rel}");
        assert_eq!(d.dir, folder, "{rel}");
        assert_eq!(d.link_prefix, format!("/{folder}/"), "{rel}");
        checked += 1;
        if checked >= 10 {
            break;
        }
    }
    assert!(checked > 0, "no corpus post links /images/posts/");
}
