//! Unit tests of the renderer (the integration tests are in `tests/render_*.rs`).

use super::html::{attr_value, toc_html};
use super::*;

#[test]
fn author_names_follow_the_authors_file_as_it_changes() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("_data")).unwrap();
    let file = tmp.path().join("_data/authors.yml");
    let name = |t: &str| {
        let ctx = RenderContext::for_repo(SiteKind::Jekyll, tmp.path(), "_posts/x.md");
        let r = render(&format!("---\nauthor: ada\n---\n{t}\n"), &ctx);
        r.header.authors.first().cloned()
    };
    assert_eq!(name("a"), Some("ada".to_string())); // no file: the id
    std::fs::write(&file, "ada:\n  name: Ada Lovelace\n").unwrap();
    assert_eq!(name("b"), Some("Ada Lovelace".to_string()));
    assert_eq!(name("c"), Some("Ada Lovelace".to_string()));
    std::fs::write(&file, "ada:\n  name: Ada King\n").unwrap();
    assert_eq!(name("d"), Some("Ada King".to_string()));
    std::fs::remove_file(&file).unwrap();
    assert_eq!(name("e"), Some("ada".to_string()));
}

#[test]
fn renders_and_strips_scripts() {
    let h = render_post("---\ntitle: x\n---\n# Hi\n\n<script>alert(1)</script>\n");
    assert!(h.contains("<h1 data-line=\"4-4\" id=\"hi\">Hi</h1>"), "{h}");
    assert!(!h.contains("script"));
    assert!(!h.contains("title: x"));
}

#[test]
fn line_marks_go_on_the_first_tag_of_each_top_level_block() {
    let ctx = RenderContext::new(SiteKind::Generic, "a.md");
    let r = render(
        "---\na: 1\n---\npara\nline two\n\n- a\n- b\n\n---\n\n> q\n",
        &ctx,
    );
    assert!(r.html.contains("<p data-line=\"4-5\">para"), "{}", r.html);
    assert!(r.html.contains("<ul data-line=\"7-8\">"), "{}", r.html);
    assert!(r.html.contains("<hr data-line=\"10-10\""), "{}", r.html);
    assert!(
        r.html.contains("<blockquote data-line=\"12-12\">"),
        "{}",
        r.html
    );
    assert!(!r.html.contains('\0'));
    assert_eq!(r.body_line, 4);
}

#[test]
fn attr_value_reads_quoted_and_bare() {
    assert_eq!(
        attr_value("<iframe width=1 src=\"https://a.b/c\">", "src").as_deref(),
        Some("https://a.b/c")
    );
    assert_eq!(
        attr_value("<iframe srcdoc='x' src=y>", "src").as_deref(),
        Some("y")
    );
}

#[test]
fn toc_nests_levels() {
    let hs = [(2, "a"), (3, "b"), (2, "c")]
        .iter()
        .map(|(l, t)| Heading {
            level: *l,
            text: t.to_string(),
            id: t.to_string(),
            line: 1,
        })
        .collect::<Vec<_>>();
    assert_eq!(
        toc_html(&hs),
        "<nav class=\"pd-toc\"><ul><li><a href=\"#a\">a</a><ul><li><a href=\"#b\">b</a></li></ul></li><li><a href=\"#c\">c</a></li></ul></nav>"
    );
}

mod heading_tests {
    use super::*;

    #[test]
    fn kramdown_ids_come_from_the_parsed_text() {
        // What kramdown 2.4.0 with kramdown-parser-gfm 1.1.0 (the corpus's Gemfile.lock, and
        // Debian's packages) gives these headings: the typographic dash is dropped, a link's
        // target is not part of the id.
        let r = render(
            "## The `code` -- x ##\n\n## C# 10\n\n# A {#custom}\n\nTitle\n=====\n\n# [Context](#context)\n",
            &RenderContext::new(SiteKind::Jekyll, "_posts/a.md"),
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["the-code--x", "c-10", "custom", "title", "context"]);
        assert_eq!(r.headings[0].text, "The code – x");
    }
}

/// The fast path (no raw HTML: no ammonia) is as safe as the sanitized one.
mod fast_path_tests {
    use super::*;
    use crate::render::job::Job;

    fn fast(md: &str) -> Rendered {
        let r = render(md, &RenderContext::new(SiteKind::Jekyll, "_posts/x.md"));
        assert!(!r.has_raw_html, "{md:?} took the ammonia path");
        r
    }

    #[test]
    fn hostile_markdown_without_raw_html_renders_inert() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](<\u{1}javascript:alert(1)>)",
            "[x](java&#x09;script:alert(1))",
            "[x](vbscript:msgbox)",
            "[x](data:text/html,<script>alert(1)</script>)",
            "![x](javascript:alert(1))",
            "![x](data:image/svg+xml;base64,PHN2Zz4=)",
            "<javascript:alert(1)>",
            "<data:text/html,x>",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "[x](https://a.example/ \"t\\\" onmouseover=\\\"alert(1)\")",
            "[x](https://a.example/ 'a\"b<c>')",
            "![a\"b<c>](/i.png \"t\\\"x\")",
            "# H {#id onclick=alert(1)}",
            "# H {#x\" onclick=\"alert(1) .c\"d}",
            "```js\" onclick=\"alert(1)\nx\n```",
            "```<script>alert(1)</script>\nx\n```",
            "```a<b>\n</code></pre><script>alert(1)</script>\n```",
            "`<script>alert(1)</script>`",
            "$x\" onclick=\"y$",
        ] {
            let h = fast(md).html;
            let lower = h.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "{md:?} → {h}");
            // As text (a visible address) the scheme is harmless; never in an attribute.
            assert!(!lower.contains("=\"javascript:"), "{md:?} → {h}");
            assert!(!lower.contains("=\"vbscript:"), "{md:?} → {h}");
            assert!(!lower.contains("=\"\u{1}"), "{md:?} → {h}");
            assert!(!lower.contains("href=\"data:"), "{md:?} → {h}");
            assert!(!lower.contains("src=\"data:"), "{md:?} → {h}");
            // Quotes in values are escaped: a handler can only appear as `on…="`.
            assert!(!lower.contains("onclick=\""), "{md:?} → {h}");
            assert!(!lower.contains("onmouseover=\""), "{md:?} → {h}");
            // Whatever ammonia would remove, the fast path never wrote.
            assert_eq!(strict(&h), permissive(&h), "{md:?}");
        }
        // The comparison itself sees what ammonia removes.
        for bad in [
            "<p><a href=\"javascript:x\">x</a></p>",
            "<p onclick=\"x\">x</p>",
            "<p><script>x</script></p>",
        ] {
            assert_ne!(strict(bad), permissive(bad), "{bad}");
        }
    }

    /// ammonia with the preview's rules.
    fn strict(html: &str) -> String {
        sanitize::clean(
            html,
            sanitize::ImageScope {
                post_path: "_posts/x.md".into(),
                prefix: DEFAULT_IMAGE_PREFIX.into(),
                allow_remote: false,
            },
        )
    }

    /// ammonia keeping everything the renderer may write (html5ever's serialization only):
    /// equal to [`strict`] when the strict rules removed nothing.
    fn permissive(html: &str) -> String {
        static B: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
            let mut b = ammonia::Builder::default();
            b.add_tags([
                "input",
                "figure",
                "figcaption",
                "details",
                "summary",
                "section",
                "nav",
                "script",
                "iframe",
                "svg",
                "style",
            ])
            .rm_clean_content_tags(["script", "style"])
            .add_generic_attributes([
                "class",
                "id",
                "title",
                "role",
                "aria-label",
                "aria-hidden",
                "type",
                "checked",
                "disabled",
                "loading",
                "start",
                "align",
                "style",
                "open",
                "onclick",
                "onerror",
                "onmouseover",
                "srcdoc",
            ])
            .add_generic_attribute_prefixes(["data-"])
            .url_schemes(std::collections::HashSet::from([
                "http",
                "https",
                "mailto",
                "tel",
                "postdesk",
                "javascript",
                "data",
                "vbscript",
            ]));
            b
        });
        B.clean(html).to_string()
    }

    fn corpus() -> Option<std::path::PathBuf> {
        let m = env!("CARGO_MANIFEST_DIR");
        [
            format!("{m}/../../../shared/corpus/bedrock-jekyll"),
            format!("{m}/../../../../shared/corpus/bedrock-jekyll"),
        ]
        .into_iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.is_dir())
    }

    /// Every post of the corpus and every fixture renders alike written block by block and
    /// written whole.
    #[test]
    fn writing_block_by_block_is_writing_whole() {
        let fixtures =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
        let mut files: Vec<_> = std::fs::read_dir(&fixtures)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        if let Some(root) = corpus() {
            files.extend(
                std::fs::read_dir(root.join("_posts"))
                    .unwrap()
                    .map(|e| e.unwrap().path()),
            );
        }
        let (mut n, mut raw) = (0, 0);
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            for kind in SiteKind::ALL {
                let r = Renderer::get(kind);
                let ctx = RenderContext::new(kind, "_posts/2020-01-01-x.md");
                let pre = syntax::preprocess(&text, kind);
                let job = |whole, clean_whole| {
                    let mut job = Job::new(r, &ctx, &pre, pre.text_of(&text), 0);
                    job.whole = whole;
                    job.clean_whole = clean_whole;
                    let html = job.run();
                    (html, job.has_raw_html)
                };
                let (streamed, has_raw_html) = job(false, false);
                let (whole, _) = job(true, false);
                if has_raw_html {
                    // Only the blocks with raw HTML went through ammonia, with placeholders
                    // for the rest: the same tree as the whole document through ammonia
                    // (compared as html5ever writes it: it writes the renderer's own HTML
                    // slightly differently, `<br>` for `<br />`).
                    let (reference, _) = job(true, true);
                    let reference = permissive(&reference);
                    let at = format!("{} ({kind:?})", path.display());
                    assert_eq!(permissive(&streamed), reference, "{at}, block by block");
                    assert_eq!(permissive(&whole), reference, "{at}, whole");
                    raw += 1;
                } else {
                    assert_eq!(streamed, whole, "{} ({kind:?})", path.display());
                }
                n += 1;
            }
        }
        assert!(n >= 8, "only {n} renders compared");
        assert!(raw >= 2, "only {raw} renders with raw HTML compared");
    }

    #[test]
    fn fast_path_output_is_what_ammonia_would_keep_on_the_corpus() {
        let Some(root) = corpus() else {
            println!("note: corpus not found, skipping");
            return;
        };
        let mut n = 0;
        for entry in std::fs::read_dir(root.join("_posts")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = format!("_posts/{}", path.file_name().unwrap().to_string_lossy());
            for kind in [SiteKind::Jekyll, SiteKind::Hugo, SiteKind::Generic] {
                let r = render(&text, &RenderContext::for_repo(kind, &root, rel.clone()));
                if r.has_raw_html {
                    continue;
                }
                let s = sanitize::clean(
                    &r.html,
                    sanitize::ImageScope {
                        post_path: rel.clone(),
                        prefix: DEFAULT_IMAGE_PREFIX.into(),
                        allow_remote: false,
                    },
                );
                assert_eq!(s, permissive(&r.html), "{rel} ({kind:?})");
                n += 1;
            }
        }
        assert!(n > 100, "only {n} corpus renders without raw HTML");
    }
}

mod image_check_tests {
    use super::*;
    use crate::render::context::ImageChecks;

    #[test]
    fn an_image_added_or_removed_shows_within_a_second() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("images")).unwrap();
        let md = "![a](/images/a.png)\n";
        let ctx = RenderContext::for_repo(SiteKind::Generic, tmp.path(), "post.md");
        let missing = |ctx: &RenderContext| render(md, ctx).html.contains("pd-missing-image");
        assert!(missing(&ctx));
        std::fs::write(tmp.path().join("images/a.png"), b"png").unwrap();
        std::thread::sleep(ImageChecks::FRESH + std::time::Duration::from_millis(100));
        // Another context of the same repository (the app makes one per render) shares them.
        let ctx2 = RenderContext::for_repo(SiteKind::Generic, tmp.path(), "post.md");
        assert!(!missing(&ctx2));
        std::fs::remove_file(tmp.path().join("images/a.png")).unwrap();
        std::thread::sleep(ImageChecks::FRESH + std::time::Duration::from_millis(100));
        assert!(missing(&ctx));
    }
}
