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
        // All of it the renderer's own: its images keep their addresses.
        sanitize::clean(
            html,
            &[],
            &RenderContext::new(SiteKind::Jekyll, "_posts/x.md"),
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
                    &[],
                    &RenderContext::for_repo(kind, &root, rel.clone()),
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

/// Issue 23, finding 4: post text (raw HTML or Markdown) cannot write the app's own URLs
/// (`postdesk:`, `http://postdesk.localhost/`, `@rev/`); only the resolver makes them, from a
/// path inside the repository.
mod app_url_tests {
    use super::*;

    /// A blog with `images/x.png`, `static/images/s.png`, `_config.yml` and a post in `_posts/`.
    fn blog() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "images/x.png",
            "static/images/s.png",
            "_config.yml",
            ".git/x.png",
            "_posts/p.md",
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        d
    }

    const POST: &str = "_posts/p.md";

    /// The HTML's attributes (name, value with the character references this renderer and
    /// html5ever write decoded), tags scanned with their quotes respected.
    fn attributes(html: &str) -> Vec<(String, String)> {
        let b = html.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(p) = html[i..].find('<') {
            i += p + 1;
            if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                i += 1;
            }
            loop {
                while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'>' {
                    break;
                }
                let start = i;
                while i < b.len() && !b"= \t\n>".contains(&b[i]) {
                    i += 1;
                }
                let name = html[start..i].to_ascii_lowercase();
                let mut value = String::new();
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    let q = b[i];
                    let (vs, ve) = if q == b'"' || q == b'\'' {
                        let e = i + 1 + html[i + 1..].find(q as char).unwrap();
                        (i + 1, e)
                    } else {
                        let e = i + html[i..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .unwrap_or(html.len() - i);
                        (i, e)
                    };
                    value = html[vs..ve]
                        .replace("&quot;", "\"")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&#39;", "'")
                        .replace("&nbsp;", "\u{a0}")
                        .replace("&amp;", "&");
                    i = if ve < b.len() && (b[ve] == b'"' || b[ve] == b'\'') {
                        ve + 1
                    } else {
                        ve
                    };
                }
                out.push((name, value));
            }
        }
        out
    }

    /// Whether a browser would load `value` from the app (its scheme, or on Windows its host),
    /// or it names a revision.
    fn app_url(value: &str) -> bool {
        let squeezed: String = value
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
            .collect::<String>()
            .to_ascii_lowercase();
        let parsed = ammonia::Url::parse(value)
            .or_else(|_| ammonia::Url::parse(&format!("http:{}", value.trim())));
        squeezed.contains("postdesk:")
            || squeezed.contains(".localhost")
            || squeezed.contains("localhost/@rev")
            || squeezed.contains("localhost/%40rev")
            || parsed.is_ok_and(|u| {
                u.scheme() == "postdesk"
                    || u.host_str()
                        .is_some_and(|h| h.trim_end_matches('.').ends_with(".localhost"))
            })
    }

    /// Asserts that every attribute of `html` naming the app is one of `allowed` (what the
    /// resolver makes of a file inside the repository).
    fn assert_only(html: &str, allowed: &[String], what: &str) {
        for (name, value) in attributes(html) {
            // Text shown to the reader (the address of an image not shown, the path of a
            // missing one) loads nothing.
            if matches!(name.as_str(), "title" | "alt" | "data-path") {
                continue;
            }
            if name == "srcset" {
                for c in value.split(',') {
                    let u = c.split_whitespace().next().unwrap_or("");
                    assert!(
                        !app_url(u) || allowed.iter().any(|a| a == u),
                        "{what}: srcset candidate {u:?} in {html}"
                    );
                }
                continue;
            }
            assert!(
                !app_url(&value) || allowed.contains(&value),
                "{what}: {name}={value:?} in {html}"
            );
        }
    }

    /// Attempts at the app's URLs from raw HTML, for the prefix `P` (the working tree).
    const ATTEMPTS: &[&str] = &[
        "<img src=\"postdesk://localhost/../../etc/passwd\">",
        "<img src=\"postdesk://localhost/@rev/HEAD/_config.yml\">",
        "<img src=\"postdesk://localhost/%40rev/HEAD/_config.yml\">",
        "<img src=\"postdesk://localhost/images/x.png\">",
        "<img src=\"POSTDESK://LOCALHOST/images/x.png\">",
        "<img src=\"PostDesk://localhost/_config.yml\">",
        "<img src=\"postdesk:/localhost/_config.yml\">",
        "<img src=\"postdesk:_config.yml\">",
        "<img src=\"postdesk:%2F%2Flocalhost/_config.yml\">",
        "<img src=\"&#112;ostdesk://localhost/_config.yml\">",
        "<img src=\"&#x70;ostdesk&colon;//localhost/_config.yml\">",
        "<img src=\"&#X50;OSTDESK&#58;//localhost/_config.yml\">",
        "<img src=\" \t postdesk://localhost/_config.yml \">",
        "<img src=\"post&#9;desk://localhost/_config.yml\">",
        "<img src=\"post\ndesk://localhost/_config.yml\">",
        "<img src=\"\u{1}postdesk://localhost/_config.yml\">",
        "<img src=postdesk://localhost/_config.yml>",
        "<img src='postdesk://localhost/_config.yml'>",
        "<img src=\"postdesk://localhost/images/x.png\" src=\"images/x.png\">",
        "<img src=\"http://postdesk.localhost/_config.yml\">",
        "<img src=\"HTTP://POSTDESK.LOCALHOST/_config.yml\">",
        "<img src=\"https://postdesk.localhost/_config.yml\">",
        "<img src=\"http://postdesk.localhost./_config.yml\">",
        "<img src=\"http://postdesk%2Elocalhost/_config.yml\">",
        "<img src=\"http://user@postdesk.localhost/_config.yml\">",
        "<img src=\"http:\\\\postdesk.localhost\\_config.yml\">",
        "<img src=\"http:postdesk.localhost/_config.yml\">",
        "<img src=\"//postdesk.localhost/@rev/HEAD/_config.yml\">",
        "<img src=\" //postdesk.localhost/_config.yml\">",
        "<img src=\"\\\\postdesk.localhost\\_config.yml\">",
        "<img src=\"/@rev/HEAD/images/x.png\">",
        "<img src=\"../@rev/HEAD/images/x.png\">",
        "<img src=\"/.git/x.png\">",
        "<img src=\"/.GIT/x.png\">",
        "<img src=\"../../../../etc/passwd\">",
        "<img srcset=\"postdesk://localhost/_config.yml 1x, ../images/x.png 2x\">",
        "<img src=\"../images/x.png\" srcset=\"http://postdesk.localhost/a.png 2x\">",
        "<picture><source srcset=\"postdesk://localhost/@rev/HEAD/a.png\"><source srcset=\"postdesk://localhost/a.png 1x,postdesk://localhost/b.png 2x\"><img src=\"../images/x.png\"></picture>",
        "<a href=\"postdesk://localhost/../../etc/passwd\">a</a>",
        "<a href=\"POSTDESK:/localhost/x.png\">a</a>",
        "<a href=\"http://postdesk.localhost/@rev/HEAD/_config.yml\">a</a>",
        "<a href=\"//postdesk.localhost/x.png\">a</a>",
        "<a href=\"post&#x0A;desk://localhost/x\">a</a>",
        "<svg><image href=\"postdesk://localhost/x.png\"/><image xlink:href=\"postdesk://localhost/x.png\"/><use href=\"postdesk://localhost/x.svg#a\"/></svg>",
        "<video poster=\"postdesk://localhost/x.png\" src=\"postdesk://localhost/x.mp4\"><source src=\"postdesk://localhost/y.mp4\"><track src=\"postdesk://localhost/t.vtt\"></video>",
        "<audio src=\"http://postdesk.localhost/a.mp3\"></audio>",
        "<object data=\"postdesk://localhost/x.svg\"></object><embed src=\"postdesk://localhost/x.svg\">",
        "<iframe src=\"http://postdesk.localhost/x.svg\"></iframe>",
        "<blockquote cite=\"postdesk://localhost/x\">q</blockquote><q cite=\"http://postdesk.localhost/x\">q</q>",
        "<p data-src=\"postdesk://localhost/x.png\" data-x=\"http://postdesk.localhost/y\">d</p>",
        "<span class=\"pd-embed\" data-src=\"http://postdesk.localhost/x.svg\">e</span>",
        "<form action=\"postdesk://localhost/x\"><button formaction=\"postdesk://localhost/y\">b</button></form>",
        "<table background=\"postdesk://localhost/x.png\"><tr><td>t</td></tr></table>",
        "<div style=\"background:url(postdesk://localhost/x.png)\">s</div>",
        "<img src=\"../images/x.png\" onerror=\"this.src='postdesk://localhost/_config.yml'\">",
    ];

    #[test]
    fn raw_html_never_writes_the_apps_urls() {
        let d = blog();
        let windows = "http://postdesk.localhost/";
        let review = "postdesk://localhost/@rev/0123abcd/";
        for prefix in [DEFAULT_IMAGE_PREFIX, windows, review] {
            for allow_remote in [false, true] {
                let mut ctx = RenderContext::for_repo(SiteKind::Jekyll, d.path(), POST);
                ctx.image_url_prefix = prefix.to_string();
                ctx.allow_remote_images = allow_remote;
                let allowed = [format!("{prefix}images/x.png")];
                for a in ATTEMPTS {
                    // The prefix of this context written by the post.
                    let a = a
                        .replace("postdesk://localhost/", prefix)
                        .replace("POSTDESK://LOCALHOST/", &prefix.to_uppercase());
                    let what = format!("{a} ({prefix}, remote {allow_remote})");
                    // Alone, among the renderer's own blocks, and sanitized whole (a fake
                    // placeholder makes it fall back to the whole document).
                    for md in [
                        format!("{a}\n"),
                        format!("Text ![ok](../images/x.png)\n\n{a}\n\n[l](../x.md)\n"),
                        format!("![ok](../images/x.png)\n\n<postdesk-run data-pd=\"0-0\"></postdesk-run>\n\n{a}\n"),
                    ] {
                        let h = render(&format!("---\ntitle: t\n---\n{md}"), &ctx).html;
                        assert_only(&h, &allowed, &what);
                    }
                }
            }
        }
    }

    /// What the renderer writes for itself still carries the app's URLs, on every path.
    #[test]
    fn the_renderers_own_images_keep_their_urls_when_raw_html_is_sanitized_whole() {
        let d = blog();
        let ctx = RenderContext::for_repo(SiteKind::Jekyll, d.path(), POST);
        for raw in [
            "",
            "<b>raw</b>\n",
            "<postdesk-run data-pd=\"0-0\"></postdesk-run>\n",
        ] {
            let h = render(&format!("![ok](../images/x.png)\n\n{raw}"), &ctx).html;
            assert!(
                h.contains("src=\"postdesk://localhost/images/x.png\""),
                "{raw:?}: {h}"
            );
        }
    }

    /// Markdown cannot write them either: the Windows host and the revision paths.
    #[test]
    fn markdown_never_writes_the_apps_urls() {
        let d = blog();
        for (kind, exists_checked) in [
            (SiteKind::Jekyll, true),
            (SiteKind::Jekyll, false),
            (SiteKind::Hugo, true),
            (SiteKind::Hugo, false),
        ] {
            let mut ctx = if exists_checked {
                RenderContext::for_repo(kind, d.path(), POST)
            } else {
                RenderContext::new(kind, POST)
            };
            ctx.allow_remote_images = true;
            // `static/@rev/…` is a folder of the repository (Hugo's thumbnail alternates,
            // with every file taken to exist), not a revision.
            let allowed = [
                format!("{DEFAULT_IMAGE_PREFIX}images/x.png"),
                format!("{DEFAULT_IMAGE_PREFIX}static/@rev/HEAD/images/x.png"),
            ];
            for md in [
                "![a](postdesk://localhost/../../etc/passwd)",
                "![a](http://postdesk.localhost/_config.yml)",
                "![a](HTTPS://PostDesk.LocalHost./_config.yml)",
                "![a](//postdesk.localhost/_config.yml)",
                "![a](/@rev/HEAD/_config.yml)",
                "![a](../@rev/HEAD/images/x.png)",
                "![a](/.git/x.png)",
                "![a](../.Git/x.png)",
                "[a](http://postdesk.localhost/_config.yml)",
                "[a](//postdesk.localhost/_config.yml)",
                "<http://postdesk.localhost/_config.yml>",
                "http://postdesk.localhost/_config.yml",
                "---\nthumbnail: http://postdesk.localhost/_config.yml\n---\nx",
                "---\nthumbnail: /@rev/HEAD/images/x.png\n---\nx",
                "{{< figure src=\"/@rev/HEAD/images/x.png\" >}}",
                "{{< figure src=\"http://postdesk.localhost/x.png\" link=\"http://postdesk.localhost/y\" >}}",
                "![ok](../images/x.png)",
            ] {
                let r = render(md, &ctx);
                let what = format!("{md} ({kind:?}, exists checked: {exists_checked})");
                assert_only(&r.html, &allowed, &what);
                assert_only(&r.header_html, &allowed, &what);
                if let Some(t) = &r.header.thumbnail {
                    assert!(
                        !app_url(t) || allowed.contains(t),
                        "{what}: thumbnail {t}"
                    );
                }
            }
        }
    }

    /// A raw `<img>` shows what `![alt](src)` shows: the same URL, or the same box.
    #[test]
    fn raw_html_images_resolve_like_markdown_images() {
        let d = blog();
        for (kind, post, src) in [
            (SiteKind::Jekyll, POST, "../images/x.png"),
            (SiteKind::Jekyll, POST, "/images/x.png"),
            (SiteKind::Jekyll, POST, "../images/gone.png"),
            (SiteKind::Jekyll, POST, "../../../etc/passwd"),
            (SiteKind::Jekyll, POST, "/@rev/HEAD/images/x.png"),
            (SiteKind::Jekyll, POST, "/.git/x.png"),
            (SiteKind::Jekyll, POST, "https://t.example/p.gif"),
            (
                SiteKind::Jekyll,
                POST,
                "http://postdesk.localhost/_config.yml",
            ),
            (SiteKind::Jekyll, POST, "mailto:a@b.c"),
            (SiteKind::Hugo, "content/posts/p.md", "/images/s.png"),
        ] {
            let ctx = RenderContext::for_repo(kind, d.path(), post);
            let md = render(&format!("![an alt](<{src}>)\n"), &ctx).html;
            let raw = render(
                &format!("<div><img src=\"{src}\" alt=\"an alt\"></div>\n"),
                &ctx,
            )
            .html;
            let shown = |h: &str| -> String {
                // The `<img>`'s URL, or the box.
                if let Some(p) = h.find("<img src=\"") {
                    let v = &h[p + 10..];
                    return format!("img {}", &v[..v.find('"').unwrap()]);
                }
                let p = h.find("<span class=\"pd-").expect(h);
                h[p..p + h[p..].find("</span>").unwrap()].to_string()
            };
            assert_eq!(
                shown(&raw),
                shown(&md),
                "{src} ({kind:?}): {raw} against {md}"
            );
        }
        // An address of a scheme ammonia does not keep (the app's, `javascript:`) is gone
        // before the resolver sees it: the `<img>` is left without one (`![](…)` shows a box).
        let ctx = RenderContext::for_repo(SiteKind::Jekyll, d.path(), POST);
        for src in ["postdesk://localhost/images/x.png", "javascript:alert(1)"] {
            let raw = render(&format!("<div><img src=\"{src}\" alt=\"a\"></div>\n"), &ctx).html;
            assert_eq!(
                raw, "<div data-line=\"1-1\"><img alt=\"a\"></div>\n",
                "{src}"
            );
        }
    }

    /// A raw link is kept or dropped as the same Markdown link is.
    #[test]
    fn raw_html_links_follow_markdown_links() {
        let ctx = RenderContext::new(SiteKind::Jekyll, POST);
        for (href, kept) in [
            ("../x.md#a", true),
            ("https://example.org/", true),
            ("mailto:a@b.c", true),
            ("postdesk://localhost/x.png", false),
            ("http://postdesk.localhost/x.png", false),
            ("//postdesk.localhost/x.png", false),
            ("javascript:alert(1)", false),
        ] {
            let md = render(&format!("[a](<{href}>)\n"), &ctx).html;
            let raw = render(&format!("<p><a href=\"{href}\">a</a></p>\n"), &ctx).html;
            let written = format!("href=\"{}\"", html::escape(href));
            assert_eq!(md.contains(&written), kept, "{href}: {md}");
            assert_eq!(raw.contains(&written), kept, "{href}: {raw}");
        }
    }
}
