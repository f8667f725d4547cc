//! Hostile posts come out inert: no script, no event handler, no `javascript:`/`data:` URL,
//! no frame, form, meta refresh, style or SVG, no remote image unless allowed — whether the
//! vector is raw HTML, Markdown, or the blog's own syntax.

use postdesk_core::render::{self, RenderContext};
use postdesk_core::site::SiteKind;

const VECTORS: &[&str] = &[
    "<script>window.pwned = 1</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=\"window.pwned=1\">",
    "<img src=\"/images/a.png\" onload=window.pwned=1>",
    "<body onload=window.pwned=1>",
    "[click](javascript:window.pwned=1)",
    "[click](JaVaScRiPt:window.pwned=1)",
    "[click](java&#x09;script:window.pwned=1)",
    "[click](vbscript:msgbox)",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:window.pwned=1\">x</a>",
    "<a href=\"&#106;avascript:window.pwned=1\">x</a>",
    "![x](javascript:window.pwned=1)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<svg><script>window.pwned=1</script></svg>",
    "<svg onload=window.pwned=1><circle r=4 /></svg>",
    "<svg><a xlink:href=\"javascript:window.pwned=1\"><text>x</text></a></svg>",
    "<iframe srcdoc=\"<script>parent.pwned=1</script>\"></iframe>",
    "<iframe src=\"javascript:window.pwned=1\"></iframe>",
    "<iframe src=\"https://evil.example/\" onload=\"window.pwned=1\"></iframe>",
    "<div style=\"background:url(javascript:window.pwned=1)\">x</div>",
    "<style>body { background: url(javascript:window.pwned=1) }</style>",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "<form action=\"https://evil.example/\"><input type=\"submit\" value=\"go\"></form>",
    "<input type=\"text\" autofocus onfocus=window.pwned=1>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.pwned=1\">",
    "<base href=\"javascript:/\">",
    "<object data=\"javascript:window.pwned=1\"></object>",
    "<embed src=\"https://evil.example/x.swf\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.pwned=1>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.pwned=1>\">",
    "<details open ontoggle=window.pwned=1><summary>s</summary>x</details>",
    "# Heading {onclick=window.pwned=1 style=color:red}",
    "$<img src=x onerror=window.pwned=1>$",
    "```mermaid\ngraph TD; A[\"<img src=x onerror=window.pwned=1>\"]\n```",
    "```js\n</code></pre><script>window.pwned=1</script>\n```",
    "[x][r]\n\n[r]: javascript:window.pwned=1",
    "<https://evil.example/\"onmouseover=\"window.pwned=1>",
    "Footnote[^a\"onclick=x]\n\n[^a\"onclick=x]: t",
    "{{< figure src=\"javascript:window.pwned=1\" link=\"javascript:window.pwned=1\" >}}",
    "{{< youtube \"x\\\" onload=window.pwned=1\" >}}",
    "{% include \"<script>window.pwned=1</script>\" %} {{ \"<img src=x onerror=window.pwned=1>\" }}",
    "{{ youtube(id=\"\\\"><script>window.pwned=1</script>\") }}",
];

const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "input",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "ul",
    "circle",
    "text",
];

/// Every start tag of an HTML string: its name and attributes (name, value).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            let mut j = i + 1;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
                j += 1;
            }
            let name = html[i + 1..j].to_ascii_lowercase();
            let mut attrs = Vec::new();
            loop {
                while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                    j += 1;
                }
                if j >= b.len() || b[j] == b'>' {
                    break;
                }
                let s = j;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' {
                    j += 1;
                }
                let an = html[s..j].to_ascii_lowercase();
                let mut val = String::new();
                if j < b.len() && b[j] == b'=' {
                    j += 1;
                    if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                        let q = b[j];
                        let vs = j + 1;
                        j = vs;
                        while j < b.len() && b[j] != q {
                            j += 1;
                        }
                        val = html[vs..j.min(b.len())].to_string();
                        j += 1;
                    } else {
                        let vs = j;
                        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                            j += 1;
                        }
                        val = html[vs..j].to_string();
                    }
                }
                attrs.push((an, val));
            }
            out.push((name, attrs));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn decode(v: &str) -> String {
    v.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn assert_inert(vector: &str, html: &str) {
    for (name, attrs) in tags(html) {
        assert!(
            ALLOWED_TAGS.contains(&name.as_str()),
            "<{name}> survives from {vector:?}:\n{html}"
        );
        for (a, v) in &attrs {
            assert!(
                !a.starts_with("on"),
                "{a}= survives from {vector:?}:\n{html}"
            );
            assert!(
                !matches!(
                    a.as_str(),
                    "srcdoc" | "formaction" | "action" | "xlink:href" | "srcset"
                ),
                "{a}= survives from {vector:?}:\n{html}"
            );
            if a == "style" {
                assert!(
                    v.starts_with("text-align:"),
                    "style survives from {vector:?}:\n{html}"
                );
            }
            if matches!(a.as_str(), "href" | "src" | "data-src") {
                let d = decode(v);
                assert!(
                    !d.starts_with("javascript:")
                        && !d.starts_with("data:")
                        && !d.starts_with("vbscript:"),
                    "{a}={v} survives from {vector:?}:\n{html}"
                );
                if a == "src" {
                    assert!(
                        d.starts_with("postdesk://localhost/"),
                        "image source {v} from {vector:?} is not served by the app:\n{html}"
                    );
                }
                if a == "data-src" {
                    assert!(
                        d.starts_with("https://"),
                        "embed {v} from {vector:?}:\n{html}"
                    );
                }
            }
            if name == "input" && a == "type" {
                assert_eq!(v, "checkbox");
            }
        }
        if name == "input" {
            assert!(
                attrs.iter().any(|(a, _)| a == "disabled"),
                "enabled input from {vector:?}"
            );
        }
    }
}

#[test]
fn xss_corpus_is_inert_in_every_dialect() {
    for kind in SiteKind::ALL {
        for v in VECTORS {
            let text = format!("---\ntitle: \"<script>t</script>\"\nthumbnail: \"javascript:alert(1)\"\n---\n\n{v}\n\n- [x] done\n");
            let r = render::render(&text, &RenderContext::new(kind, "_posts/x.md"));
            assert_inert(v, &r.html);
            assert_inert(v, &r.header_html);
            assert!(r.header.thumbnail.is_none());
            // Also inside a list and a blockquote, and inline in a paragraph.
            let nested = format!("- a\n\n  {v}\n\n> {v}\n\ntext {v} text\n");
            let r = render::render(&nested, &RenderContext::new(kind, "_posts/x.md"));
            assert_inert(v, &r.html);
        }
    }
}

#[test]
fn iframes_become_click_to_load_placeholders() {
    let r = render::render(
        "<iframe width=\"560\" src=\"https://www.youtube.com/embed/abc\" title=\"v\"></iframe>\n",
        &RenderContext::new(SiteKind::Jekyll, "_posts/x.md"),
    );
    assert!(r.html.contains("class=\"pd-embed\""), "{}", r.html);
    assert!(
        r.html
            .contains("data-src=\"https://www.youtube.com/embed/abc\""),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<iframe"));
    let r = render::render(
        "<iframe srcdoc=\"<b>x</b>\" src=\"https://a.example/\"></iframe>\n",
        &RenderContext::new(SiteKind::Jekyll, "_posts/x.md"),
    );
    assert!(
        r.html.contains("pd-embed-blocked") && !r.html.contains("a.example"),
        "{}",
        r.html
    );
}

#[test]
fn remote_images_load_only_when_allowed() {
    let text = "![t](https://tracker.example/p.gif)\n\n<img src=\"https://tracker.example/q.gif\" alt=\"q\">\n";
    let mut ctx = RenderContext::new(SiteKind::Astro, "src/content/blog/x.md");
    let r = render::render(text, &ctx);
    assert!(!r.html.contains(" src=\"https://tracker"), "{}", r.html);
    assert!(r.html.contains("class=\"pd-remote-image\""), "{}", r.html);
    assert!(r
        .html
        .contains("Remote image not loaded: https://tracker.example/p.gif"));
    ctx.allow_remote_images = true;
    let r = render::render(text, &ctx);
    assert!(
        r.html.contains("src=\"https://tracker.example/p.gif\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("src=\"https://tracker.example/q.gif\""),
        "{}",
        r.html
    );
}

#[test]
fn safe_raw_html_is_kept() {
    let r = render::render(
        "<details><summary>More</summary>\n\nHidden *text*\n\n</details>\n\n<figure><img src=\"./a.png\" alt=\"a\"><figcaption>Cap</figcaption></figure>\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n",
        &RenderContext::new(SiteKind::Hugo, "content/posts/x/index.md"),
    );
    for needle in [
        "<details data-line=\"1-1\"><summary>More</summary>",
        "<em>text</em>",
        "</details>",
        "<figure data-line=\"7-7\"><img src=\"postdesk://localhost/content/posts/x/a.png\" alt=\"a\"><figcaption>Cap</figcaption></figure>",
        "<th style=\"text-align: center\">a</th>",
    ] {
        assert!(r.html.contains(needle), "{needle} missing from:\n{}", r.html);
    }
}

#[test]
#[should_panic(expected = "onclick= survives")]
fn the_checker_itself_catches_a_handler() {
    assert_inert("t", "<p data-line=\"1-1\" onclick=\"x\">t</p>");
}

#[test]
#[should_panic(expected = "<script> survives")]
fn the_checker_itself_catches_a_script() {
    assert_inert("t", "<p>a</p><script>x</script>");
}
