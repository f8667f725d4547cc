//! Golden HTML per site dialect: heading ids, blog syntax, images, header. The expected files
//! sit beside the inputs in `tests/fixtures/render/`; `UPDATE_GOLDEN=1` rewrites them (then
//! review the diff).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use postdesk_core::render::{self, RenderContext, Rendered};
use postdesk_core::site::SiteKind;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/render");

fn ctx(kind: SiteKind, post: &str, files: &[&'static str]) -> RenderContext {
    let mut c = RenderContext::new(kind, post);
    let files: Vec<&'static str> = files.to_vec();
    c.exists = Arc::new(move |p: &str| files.contains(&p));
    c.authors = Arc::new(HashMap::from([(
        "a_caron".to_string(),
        "Antoine Caron".to_string(),
    )]));
    c
}

fn golden(name: &str, c: &RenderContext) -> Rendered {
    let input = std::fs::read_to_string(Path::new(FIXTURES).join(format!("{name}.md"))).unwrap();
    let r = render::render(&input, c);
    let mut got = r.header_html.clone();
    got.push_str(&r.html);
    let expected_path = Path::new(FIXTURES).join(format!("{name}.html"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &got).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    if got != expected {
        let diff = similar::TextDiff::from_lines(&expected, &got);
        panic!(
            "{name}: rendered HTML differs from {}:\n{}",
            expected_path.display(),
            diff.unified_diff()
        );
    }
    r
}

fn ids(r: &Rendered) -> Vec<&str> {
    r.headings.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn jekyll() {
    let c = ctx(
        SiteKind::Jekyll,
        "_posts/2022-10-28-tests.md",
        &[
            "images/posts/ete/header.jpg",
            "images/posts/ete/stand 1.jpg",
        ],
    );
    let r = golden("jekyll", &c);
    assert_eq!(ids(&r), ["léléphant-bleu", "léléphant-bleu-1"]);
    assert_eq!(r.header.authors, ["Antoine Caron", "unknown_person"]);
    assert_eq!(r.header.title.as_deref(), Some("Les “tests” d’un été"));
    assert_eq!(r.header.date.as_deref(), Some("2022-10-28 10:00:00 +0200"));
    assert_eq!(
        r.header.thumbnail.as_deref(),
        Some("postdesk://localhost/images/posts/ete/header.jpg")
    );
    assert_eq!(r.headings[0].line, 13);
    assert!(!r.has_raw_html);
}

#[test]
fn astro() {
    let c = ctx(
        SiteKind::Astro,
        "src/content/blog/hello.md",
        &["src/content/blog/cover.png", "public/images/pic.png"],
    );
    let r = golden("astro", &c);
    assert_eq!(ids(&r), ["hello-world", "hello-world-1", "ünïcode--ok"]);
    assert_eq!(
        r.header.thumbnail.as_deref(),
        Some("postdesk://localhost/src/content/blog/cover.png")
    );
    assert_eq!(r.header.date.as_deref(), Some("2024-03-01"));
}

#[test]
fn hugo() {
    let c = ctx(
        SiteKind::Hugo,
        "content/posts/billet/index.md",
        &["content/posts/billet/photo.jpg", "static/img/logo.png"],
    );
    let r = golden("hugo", &c);
    assert_eq!(ids(&r), ["héllo-world", "héllo-world-1"]);
    assert_eq!(r.header.authors, ["Jane"]);
    assert_eq!(r.header.description.as_deref(), Some("Résumé"));
}

#[test]
fn zola() {
    let c = ctx(
        SiteKind::Zola,
        "content/blog/post/index.md",
        &["content/blog/post/pic.png"],
    );
    let r = golden("zola", &c);
    assert_eq!(ids(&r), ["hello-world", "hello-world-1"]);
    assert_eq!(r.header.authors, ["Sam"]);
}

#[test]
fn heading_lines_and_ids_are_stable_across_renders() {
    let c = ctx(SiteKind::Jekyll, "_posts/2022-10-28-tests.md", &[]);
    let input = std::fs::read_to_string(Path::new(FIXTURES).join("jekyll.md")).unwrap();
    assert_eq!(render::render(&input, &c), render::render(&input, &c));
}
