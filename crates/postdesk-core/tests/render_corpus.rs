//! Every post of the real Jekyll corpus renders, with images resolved against the repository,
//! and the seed post shows its header, headings and images as on the site.

use std::path::PathBuf;

use postdesk_core::render::{self, RenderContext};
use postdesk_core::site::SiteKind;

fn corpus() -> Option<PathBuf> {
    postdesk_testkit::corpus("bedrock-jekyll")
}

#[test]
fn every_corpus_post_renders_without_panic_and_with_line_ranges() {
    let Some(root) = corpus() else { return };
    let mut n = 0;
    let mut bad_front_matter = Vec::new();
    for entry in std::fs::read_dir(root.join("_posts")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let rel = format!("_posts/{}", path.file_name().unwrap().to_string_lossy());
        let ctx = RenderContext::for_repo(SiteKind::Jekyll, &root, rel.clone());
        let r = render::render(&text, &ctx);
        // A front matter the reader refuses still leaves the body rendered.
        if let Some(e) = &r.front_matter_error {
            bad_front_matter.push(format!("{rel}: {e}"));
        }
        assert!(r.html.contains("data-line=\""), "{rel} has no line ranges");
        assert!(
            !r.html.contains('\0') && !r.html.contains('\u{E000}'),
            "{rel} leaks a marker"
        );
        assert!(
            !r.html.contains("{% highlight"),
            "{rel} shows a raw highlight tag"
        );
        assert!(
            r.header.title.is_some() || r.front_matter_error.is_some(),
            "{rel} has no title"
        );
        n += 1;
    }
    assert_eq!(n, 310);
    println!("front matter refused by the reader: {bad_front_matter:#?}");
    assert!(bad_front_matter.len() < 5, "{bad_front_matter:#?}");
}

#[test]
fn seed_post_header_headings_and_images() {
    let Some(root) = corpus() else { return };
    let rel = "_posts/2022-10-28-forum-php-afup-2022.md";
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    let ctx = RenderContext::for_repo(SiteKind::Jekyll, &root, rel);
    let r = render::render(&text, &ctx);
    assert_eq!(
        r.header.title.as_deref(),
        Some("Forum PHP 2022 - L’éléphant bleu n’a pas peur de la souris aux grandes oreilles")
    );
    assert_eq!(r.header.authors, ["Bedrock"]);
    assert_eq!(r.header.date.as_deref(), Some("2022-10-28"));
    assert_eq!(
        r.header.thumbnail.as_deref(),
        Some("postdesk://localhost/images/posts/forumphp2022/header.jpg")
    );
    assert!(r
        .html
        .contains("<img src=\"postdesk://localhost/images/posts/forumphp2022/stand-bedrock.jpg\" alt=\"Le stand Bedrock\""));
    assert!(
        !r.html.contains("pd-missing-image"),
        "a seed image is missing"
    );
    let h = r
        .headings
        .iter()
        .find(|h| h.text == "Bedrock au Forum PHP")
        .unwrap();
    assert_eq!(
        (h.level, h.id.as_str(), h.line),
        (2, "bedrock-au-forum-php", 24)
    );
    assert!(r
        .html
        .contains("<h2 data-line=\"24-24\" id=\"bedrock-au-forum-php\">"));
    // Jour 1 / Jour 2 … each unique; duplicated titles get -1.
    let ids: std::collections::HashSet<_> = r.headings.iter().map(|h| &h.id).collect();
    assert_eq!(ids.len(), r.headings.len());
    // kramdown smart quotes.
    assert!(r.html.contains("l’ami Chuck"), "smart punctuation");
}

#[test]
fn highlight_blocks_toc_and_post_url_in_corpus() {
    let Some(root) = corpus() else { return };
    let posts = root.join("_posts");
    let mut saw_highlight = false;
    let mut saw_toc = false;
    for entry in std::fs::read_dir(&posts).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let rel = format!("_posts/{}", path.file_name().unwrap().to_string_lossy());
        let r = render::render(
            &text,
            &RenderContext::for_repo(SiteKind::Jekyll, &root, rel.clone()),
        );
        if text.contains("{% highlight bash %}") {
            saw_highlight = true;
            assert!(
                r.html.contains("class=\"pd-code\" data-lang=\"bash\""),
                "{rel}"
            );
            assert!(r.html.contains("pd-hl-"), "{rel}");
        }
        if text.contains("{:toc}") {
            saw_toc = true;
            assert!(r.html.contains("class=\"pd-toc\""), "{rel}");
            assert!(!r.html.contains("{:toc}"), "{rel}");
        }
        if text.contains("{% post_url 2014-01-28-how-we-use-statsd %}") {
            assert!(
                r.html
                    .contains("href=\"/2014/01/28/how-we-use-statsd.html\""),
                "{rel}"
            );
        }
        assert!(
            !r.html.contains("{:target"),
            "{rel} shows a kramdown attribute list"
        );
    }
    assert!(saw_highlight && saw_toc);
}
