//! On a Jekyll, Hugo, Zola and Astro blog, a link to `#a-heading` that the preview's ids
//! resolve is not reported by `check`, and one they do not resolve is (`link-anchor-missing`).
//! The links are built from the ids `render::render` gives for the post in that dialect.

use std::path::Path;

use postdesk_core::check;
use postdesk_core::render;
use postdesk_core::site::SiteKind;
use postdesk_core::workspace::Workspace;

/// Headings whose ids differ between dialects (accents, punctuation, symbols, a duplicate,
/// a typographer's dash, a combining mark, only punctuation).
const HEADINGS: &[&str] = &[
    "Café & Crème: l'été 2024!",
    "C++ / Rust_2024",
    "Intro",
    "Intro",
    "Ünïcödé",
    "Before -- after",
    "Nai\u{308}ve",
    "!!!",
];

/// The GitHub / kramdown (GFM) id of each heading above, worked out by hand: lower-case, keep
/// letters, marks, digits, `_` and `-`, spaces become `-`, duplicates get `-1`.
const GFM_IDS: &[&str] = &[
    "café--crème-lété-2024",
    "c--rust_2024",
    "intro",
    "intro-1",
    "ünïcödé",
    "before----after",
    "nai\u{308}ve",
    "",
];

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A minimal blog of `kind` in a tempdir: (guard, post path, front matter of the post).
fn blog(kind: SiteKind) -> (tempfile::TempDir, &'static str, &'static str) {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    let (post, fm) = match kind {
        SiteKind::Jekyll => {
            write(root, "_config.yml", "title: Anchors\n");
            (
                "_posts/2024-03-01-anchors.md",
                "---\nlayout: post\ntitle: Anchors\n---\n",
            )
        }
        SiteKind::Hugo => {
            write(root, "hugo.toml", "title = \"Anchors\"\n");
            write(root, "content/_index.md", "---\ntitle: Home\n---\n");
            (
                "content/posts/anchors/index.md",
                "---\ntitle: Anchors\n---\n",
            )
        }
        SiteKind::Zola => {
            write(
                root,
                "config.toml",
                "base_url = \"https://example.org\"\ntitle = \"Anchors\"\n",
            );
            write(
                root,
                "content/blog/_index.md",
                "+++\ntitle = \"Blog\"\n+++\n",
            );
            (
                "content/blog/anchors/index.md",
                "+++\ntitle = \"Anchors\"\n+++\n",
            )
        }
        SiteKind::Astro => {
            write(root, "astro.config.mjs", "export default {};\n");
            write(root, "package.json", "{\"name\": \"anchors\"}\n");
            ("src/content/blog/anchors.md", "---\ntitle: Anchors\n---\n")
        }
        SiteKind::Generic => unreachable!(),
    };
    (d, post, fm)
}

fn body() -> String {
    let mut s = String::from("\nSome text.\n");
    for h in HEADINGS {
        s.push_str(&format!("\n## {h}\n\nText under {h}.\n"));
    }
    s
}

/// Runs the whole scenario for one dialect; returns (preview ids, the wrong ids reported).
fn scenario(kind: SiteKind) -> (Vec<String>, Vec<String>) {
    let (d, post, fm) = blog(kind);
    let root = d.path().canonicalize().unwrap();
    // First the post with no links, to learn the preview's ids.
    let plain = format!("{fm}{}", body());
    write(&root, post, &plain);
    let ws = Workspace::at(root.clone());
    assert_eq!(ws.site().kind, kind, "the blog is detected as {kind:?}");
    assert!(
        ws.post_files().iter().any(|p| p == post),
        "{kind:?}: {post} is a post: {:?}",
        ws.post_files()
    );
    let rendered = render::render(&plain, &ws.render_context(post));
    assert_eq!(rendered.front_matter_error, None);
    let ids: Vec<String> = rendered.headings.iter().map(|h| h.id.clone()).collect();
    assert_eq!(
        ids.len(),
        HEADINGS.len(),
        "{kind:?}: one id per heading: {ids:?}"
    );
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "{kind:?}: ids are unique: {ids:?}"
    );

    // Ids the dialect does not produce: the GFM ids it does not share, and one made up.
    let mut wrong: Vec<String> = GFM_IDS
        .iter()
        .filter(|g| !g.is_empty() && !ids.iter().any(|i| i == *g))
        .map(|g| g.to_string())
        .collect();
    wrong.push("no-such-heading".to_string());

    let mut links = String::from("\n");
    for (i, id) in ids.iter().enumerate().filter(|(_, id)| !id.is_empty()) {
        links.push_str(&format!("See [heading {i}](#{id}).\n\n"));
    }
    for w in &wrong {
        links.push_str(&format!("See [wrong](#{w}).\n\n"));
    }
    let text = format!("{fm}{}{links}", body());
    // The links do not change the headings' ids.
    let again = render::render(&text, &ws.render_context(post));
    let ids_again: Vec<&str> = again.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids_again, ids, "{kind:?}");

    let ctx = ws.check_context().unwrap();
    let findings = check::check_text(&ctx, post, &text);
    let missing: Vec<&check::Finding> = findings
        .iter()
        .filter(|f| f.rule == "link-anchor-missing")
        .collect();
    for id in ids.iter().filter(|id| !id.is_empty()) {
        let named = format!("points to `#{id}`");
        assert!(
            !missing.iter().any(|f| f.message.contains(&named)),
            "{kind:?}: the preview's id `#{id}` is reported missing: {missing:#?}\nids: {ids:?}"
        );
    }
    for w in &wrong {
        let named = format!("points to `#{w}`");
        assert!(
            missing.iter().any(|f| f.message.contains(&named)),
            "{kind:?}: `#{w}`, which no heading has in this dialect, is not reported: \
             {missing:#?}\nids: {ids:?}"
        );
    }
    assert_eq!(
        missing.len(),
        wrong.len(),
        "{kind:?}: only the wrong links are reported: {missing:#?}"
    );
    (ids, wrong)
}

/// Ids that differ from the GFM id of the same heading.
fn differing(ids: &[String]) -> Vec<(usize, &str, &str)> {
    ids.iter()
        .zip(GFM_IDS)
        .enumerate()
        .filter(|(_, (a, b))| a.as_str() != **b)
        .map(|(i, (a, b))| (i, a.as_str(), *b))
        .collect()
}

#[test]
fn jekyll_anchors() {
    let (ids, _) = scenario(SiteKind::Jekyll);
    // kramdown's GFM ids for the first headings.
    assert_eq!(ids[0], "café--crème-lété-2024");
    assert_eq!(ids[1], "c--rust_2024");
    assert_eq!(&ids[2..4], ["intro", "intro-1"]);
}

#[test]
fn hugo_anchors() {
    let (ids, wrong) = scenario(SiteKind::Hugo);
    let diff = differing(&ids);
    assert!(
        !diff.is_empty(),
        "Hugo: no id differs from GFM, the test proves nothing: {ids:?}"
    );
    // goldmark names a heading with no letters `heading`; GFM gives it no id.
    assert_eq!(ids[7], "heading", "{ids:?}");
    assert!(
        wrong.len() >= 2,
        "a GFM id is among the wrong links: {wrong:?}"
    );
}

#[test]
fn zola_anchors() {
    let (ids, wrong) = scenario(SiteKind::Zola);
    let diff = differing(&ids);
    assert!(
        diff.len() >= 3,
        "Zola: its ids should differ from GFM's: {diff:?}"
    );
    assert_eq!(ids[0], "cafe-creme-l-ete-2024");
    assert_eq!(ids[1], "c-rust-2024");
    assert_eq!(ids[4], "unicode");
    assert!(
        wrong.iter().any(|w| w == "café--crème-lété-2024"),
        "the GFM id of the first heading is a wrong link on Zola: {wrong:?}"
    );
}

#[test]
fn astro_anchors() {
    let (ids, _) = scenario(SiteKind::Astro);
    assert_eq!(ids[1], "c--rust_2024", "{ids:?}");
    assert_eq!(&ids[2..4], ["intro", "intro-1"]);
}
