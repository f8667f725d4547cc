//! The second safety layer of the preview (the first is the sandboxed iframe with
//! `script-src 'none'`): one configured, reused `ammonia::Builder`, and URL checks for the
//! links and images the renderer writes itself.
//!
//! The renderer only writes escaped text and attributes, so a post with no raw HTML cannot
//! inject markup; its only way in is a URL, which [`link_allowed`] and the image resolution
//! check. In a post with raw HTML, the blocks that hold it go through ammonia with the
//! renderer's own blocks between them standing in as empty placeholder elements
//! ([`clean_blocks`]): the raw HTML may open an element in one block and close it in another
//! (`<details>`, `<div>` around Markdown), so the tree is built as from the whole document,
//! but ammonia does not parse and write again the (safe) rest of it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

/// What the image filter needs to know about the post being sanitized.
#[derive(Debug, Clone, Default)]
pub(crate) struct ImageScope {
    pub post_path: String,
    pub prefix: String,
    pub allow_remote: bool,
}

thread_local! {
    static SCOPE: RefCell<ImageScope> = RefCell::new(ImageScope::default());
}

static BUILDER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| builder(false));

/// [`BUILDER`] that also keeps the placeholders of [`clean_blocks`].
static HOLDING_BUILDER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| builder(true));

/// The element that holds the place of a run of the renderer's own HTML, and the value of its
/// `data-pd` attribute: this process's nonce (raw HTML cannot guess it), a dash, the run's
/// index.
const HOLDER: &str = "postdesk-run";
static NONCE: LazyLock<String> = LazyLock::new(|| {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:016x}", h.finish())
});

fn builder(holders: bool) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    if holders {
        b.add_tags([HOLDER]);
    }
    b.add_tags([
        "input",
        "figure",
        "figcaption",
        "details",
        "summary",
        "section",
        "nav",
    ])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .set_tag_attribute_value("input", "disabled", "")
    .add_tag_attributes("img", ["loading", "title"])
    .add_tag_attributes("ol", ["start"])
    .add_tag_attributes("td", ["align", "style"])
    .add_tag_attributes("th", ["align", "style"])
    .add_tag_attributes("details", ["open"])
    .add_generic_attributes(["class", "id", "title", "role", "aria-label", "aria-hidden"])
    .add_generic_attribute_prefixes(["data-"])
    .url_schemes(HashSet::from([
        "http", "https", "mailto", "tel", "postdesk",
    ]))
    .attribute_filter(|el, attr, value| match (el, attr) {
        ("img", "src") => SCOPE
            .with(|s| image_src(&s.borrow(), value))
            .map(Cow::Owned),
        ("input", "type") => value
            .eq_ignore_ascii_case("checkbox")
            .then_some(Cow::Borrowed(value)),
        // Table alignment is the only style kept (pulldown-cmark writes it).
        ("td" | "th", "style") => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        )
        .then(|| Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    });
    b
}

/// Sanitizes a whole rendered fragment.
pub(crate) fn clean(html: &str, scope: ImageScope) -> String {
    SCOPE.with(|s| *s.borrow_mut() = scope);
    BUILDER.clean(html).to_string()
}

/// Sanitizes a rendered fragment whose raw HTML is all in the byte ranges `raw` (whole
/// top-level blocks, in order). The rest is the renderer's own HTML, which ammonia would keep
/// as it is (a test checks it on the corpus): each run of it goes to ammonia as an empty
/// placeholder element, put back once the document is clean. If a placeholder does not come
/// out as it went in (swallowed by an unclosed `<script>` or `<style>`), or the raw HTML has
/// an element of the placeholders' name, the whole fragment is sanitized instead.
pub(crate) fn clean_blocks(html: &str, raw: &[Range<usize>], scope: ImageScope) -> String {
    use std::fmt::Write;
    let nonce = NONCE.as_str();
    let mut input = String::with_capacity(raw.iter().map(|r| r.len() + 64).sum::<usize>() + 64);
    let mut held: Vec<&str> = Vec::with_capacity(raw.len() + 1);
    let mut pos = 0;
    for r in raw
        .iter()
        .cloned()
        .chain(std::iter::once(html.len()..html.len()))
    {
        if r.start > pos {
            let _ = write!(
                input,
                "<{HOLDER} data-pd=\"{nonce}-{}\"></{HOLDER}>",
                held.len()
            );
            held.push(&html[pos..r.start]);
        }
        input.push_str(&html[r.clone()]);
        pos = r.end;
    }
    SCOPE.with(|s| *s.borrow_mut() = scope.clone());
    let cleaned = HOLDING_BUILDER.clean(&input).to_string();
    put_back(&cleaned, &held, nonce).unwrap_or_else(|| clean(html, scope))
}

/// `cleaned` with each placeholder replaced by its run: `None` unless each is there once, as
/// written, and the raw HTML had no element of the placeholders' name.
fn put_back(cleaned: &str, held: &[&str], nonce: &str) -> Option<String> {
    let open = format!("<{HOLDER} data-pd=\"{nonce}-");
    let close = format!("\"></{HOLDER}>");
    let stray = format!("<{HOLDER}");
    let mut out =
        String::with_capacity(cleaned.len() + held.iter().map(|r| r.len()).sum::<usize>());
    let mut seen = vec![false; held.len()];
    let mut rest = cleaned;
    loop {
        let p = rest.find(&open).unwrap_or(rest.len());
        if rest[..p].contains(&stray) {
            return None;
        }
        out.push_str(&rest[..p]);
        if p == rest.len() {
            break;
        }
        let after = &rest[p + open.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let k: usize = after[..digits].parse().ok()?;
        if !after[digits..].starts_with(&close) || std::mem::replace(seen.get_mut(k)?, true) {
            return None;
        }
        out.push_str(held[k]);
        rest = &after[digits + close.len()..];
    }
    seen.iter().all(|&s| s).then_some(out)
}

/// The `src` of an `<img>` found in raw HTML: local paths are served by the app's scheme,
/// remote ones only when allowed, anything else is dropped.
fn image_src(scope: &ImageScope, value: &str) -> Option<String> {
    let v = value.trim();
    if !scope.prefix.is_empty() && v.starts_with(&scope.prefix) {
        return Some(v.to_string());
    }
    if is_remote(v) {
        return scope.allow_remote.then(|| v.to_string());
    }
    if crate::links::is_external(v) {
        return None;
    }
    let path = crate::links::resolve(&scope.post_path, v)?;
    Some(image_url(&scope.prefix, &path))
}

/// `http:`/`https:` (and protocol-relative) URLs.
pub(crate) fn is_remote(url: &str) -> bool {
    let l = url.trim_start();
    l.starts_with("//")
        || l.get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
        || l.get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
}

/// The URL of a repository file for the preview: `prefix` + the path, each segment
/// percent-encoded (`images/a b.jpg` → `postdesk://localhost/images/a%20b.jpg`).
pub fn image_url(prefix: &str, repo_path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'\'')
        .add(b'\\')
        .add(b'^')
        .add(b'|')
        .add(b'[')
        .add(b']');
    let mut out = String::from(prefix);
    for (i, seg) in repo_path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(seg, SEGMENT));
    }
    out
}

/// Whether a link target the renderer writes is safe: relative, an anchor, or one of the
/// allowed schemes (no `javascript:`, `data:`, `vbscript:`, `file:`…).
pub(crate) fn link_allowed(url: &str) -> bool {
    // Browsers drop leading C0 controls and spaces, and ignore tabs and newlines anywhere
    // (`java\tscript:`): the scheme is read the same way. No allocation: this runs for every
    // link of every render.
    let url = url.trim().trim_start_matches(|c: char| c <= ' ');
    let mut scheme = [0u8; 8];
    let mut len = 0;
    let mut too_long = false;
    for b in url.bytes().filter(|b| !matches!(b, b'\t' | b'\n' | b'\r')) {
        if b == b':' {
            // A scheme starts with a letter; anything else puts the colon in the path.
            if len == 0 || !scheme[0].is_ascii_alphabetic() {
                return true;
            }
            return !too_long && matches!(&scheme[..len], b"http" | b"https" | b"mailto" | b"tel");
        }
        if !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
            return true; // the colon, if any, is in the path (`/a:b`, `foo):`)
        }
        if len < scheme.len() {
            scheme[len] = b.to_ascii_lowercase();
            len += 1;
        } else {
            too_long = true;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links() {
        assert!(link_allowed("https://x.org"));
        assert!(link_allowed("../a.md#b"));
        assert!(link_allowed("/a:b"));
        assert!(link_allowed("foo):"));
        assert!(!link_allowed("javascript:alert(1)"));
        assert!(!link_allowed(" JaVa\tScRiPt:alert(1)"));
        assert!(!link_allowed("data:text/html,<script>"));
        assert!(!link_allowed("vbscript:x"));
        assert!(!link_allowed("javascript\n:x"));
        assert!(!link_allowed("\u{1} javascript:x"));
        assert!(link_allowed("abcdefghijklmnopq/x:y"));
        assert!(!link_allowed("httpsxxxxxxxxx:y"));
        assert!(!link_allowed("averyveryverylongscheme:x"));
        assert!(!link_allowed("file:///etc/passwd"));
        assert!(link_allowed("MAILTO:a@b.c"));
        assert!(link_allowed("tel:+331"));
        assert!(link_allowed("#x"));
        assert!(link_allowed(""));
        assert!(link_allowed("a?b=c:d"));
    }

    #[test]
    fn image_urls_are_encoded() {
        assert_eq!(
            image_url("postdesk://localhost/", "images/a b#1.jpg"),
            "postdesk://localhost/images/a%20b%231.jpg"
        );
    }

    /// `parts` joined, with the byte ranges of those marked raw.
    fn doc(parts: &[(bool, &str)]) -> (String, Vec<Range<usize>>) {
        let (mut html, mut raw) = (String::new(), Vec::new());
        for (is_raw, p) in parts {
            if *is_raw {
                raw.push(html.len()..html.len() + p.len());
            }
            html.push_str(p);
        }
        (html, raw)
    }

    #[test]
    fn only_raw_blocks_go_through_ammonia_and_elements_still_span_blocks() {
        let (html, raw) = doc(&[
            (false, "<h2 id=\"a\" data-line=\"1-1\">A &amp; B</h2>\n"),
            (
                true,
                "<details data-line=\"3-3\"><summary onclick=\"x()\">More</summary>\n",
            ),
            (
                false,
                "<p data-line=\"5-5\">Inside <em>it</em><br />\n</p>\n",
            ),
            (true, "</details>\n<img src=\"/i.png\" onerror=\"x()\">\n"),
            (false, "<p data-line=\"9-9\">After</p>\n"),
        ]);
        let out = clean_blocks(&html, &raw, ImageScope::default());
        // The renderer's own HTML is put back as it was written, inside the element raw HTML
        // opened before it.
        assert!(
            out.starts_with("<h2 id=\"a\" data-line=\"1-1\">A &amp; B</h2>\n<details"),
            "{out}"
        );
        assert!(out.contains("<summary>More</summary>\n<p data-line=\"5-5\">Inside <em>it</em><br />\n</p>\n</details>"), "{out}");
        assert!(out.ends_with("<p data-line=\"9-9\">After</p>\n"), "{out}");
        assert!(
            !out.contains("onclick") && !out.contains("onerror"),
            "{out}"
        );
        assert!(!out.contains(HOLDER), "{out}");
    }

    #[test]
    fn a_placeholder_raw_html_hides_or_fakes_falls_back_to_the_whole_document() {
        for (bad, _why) in [
            ("<script>\n", "swallows what follows"),
            ("<style>\n", "swallows what follows"),
            (
                "<postdesk-run data-pd=\"0-0\"></postdesk-run>\n",
                "a fake placeholder",
            ),
            (
                "<postdesk-run>x</postdesk-run>\n",
                "an element of the placeholders' name",
            ),
        ] {
            let (html, raw) = doc(&[
                (false, "<p data-line=\"1-1\">One</p>\n"),
                (true, bad),
                (false, "<p data-line=\"3-3\">Two</p>\n"),
            ]);
            let out = clean_blocks(&html, &raw, ImageScope::default());
            assert_eq!(out, clean(&html, ImageScope::default()), "{bad}");
            assert!(!out.contains(HOLDER), "{bad}: {out}");
        }
    }

    #[test]
    fn raw_html_is_cleaned_and_images_rewritten() {
        let scope = ImageScope {
            post_path: "_posts/x.md".into(),
            prefix: "postdesk://localhost/".into(),
            allow_remote: false,
        };
        let h = clean(
            "<img src=\"/images/a.png\" onerror=\"alert(1)\"><img src=\"https://t.example/p.gif\" alt=\"t\"><input type=\"checkbox\" checked><input type=\"text\">",
            scope,
        );
        assert!(
            h.contains("src=\"postdesk://localhost/images/a.png\""),
            "{h}"
        );
        assert!(!h.contains("onerror"));
        assert!(!h.contains("t.example"));
        assert!(
            h.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\">"),
            "{h}"
        );
        assert!(!h.contains("type=\"text\""));
    }
}
