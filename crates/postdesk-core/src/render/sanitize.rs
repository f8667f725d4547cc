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
//!
//! **The app's own URLs** (`postdesk://localhost/…`, `http://postdesk.localhost/…` on Windows,
//! `…/@rev/<commit>/…` for the review view) come only from the image resolver
//! ([`super::image::resolve`]), never from post text (issue 23, finding 4). How that holds
//! against raw HTML, given how ammonia works — for each element it first drops the attributes
//! not allowed and, for URL attributes (`src`, `href`, `poster`…), those whose scheme, as the
//! WHATWG parser of the `url` crate reads it (case, whitespace, tabs inside, character
//! references already decoded by html5ever), is not in `url_schemes`; only *then* does it run
//! the attribute filter on what is left, and never checks the filter's result:
//! - `postdesk` is not in `url_schemes`: any spelling of it in a URL attribute is gone before
//!   our code sees the value;
//! - the attribute filter resolves every URL attribute itself: an image address (`<img src>`,
//!   `srcset`, `poster`, `<source src>`, SVG `href`…) goes through the same resolver as
//!   `![](…)` — relative to the post, `/` from the repository root, never above it, never into
//!   `.git`, never `@rev/` — and a link (`<a href>`, `cite`…) through the same check as
//!   `[](…)` ([`link_allowed`]); both refuse `http(s)` addresses on the app's Windows host
//!   ([`is_app_url`]), which the scheme list cannot tell from the web. Any other attribute
//!   whose value is an app URL is dropped. So the prefix in the output is only ever written by
//!   the resolver, in the filter's result;
//! - an `<img>` whose address does not resolve to a URL becomes, after ammonia, the very box
//!   `![](…)` gets (missing, remote, unsupported): the filter gives its `src` a marker with
//!   this process's nonce, replaced with the box in the cleaned HTML ([`put_boxes`]);
//! - when the whole document must go through ammonia ([`clean`]), the renderer's own
//!   `<img src>` (already resolved) carry another nonce marker so the filter keeps them as they
//!   are; raw HTML cannot write either marker (it cannot guess the nonce, which is never
//!   written out).
//!
//! Keeping `postdesk` in `url_schemes` and checking prefixed values in the filter would leave
//! the scheme's spellings to our own string tests; here the parser browsers follow decides.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use super::image::{self, ImageSrc};
use super::RenderContext;

/// What the attribute filter needs during one ammonia run.
#[derive(Default)]
struct Scope {
    /// The context of the post being sanitized (`None`: URL attributes are dropped).
    ctx: Option<RenderContext>,
    /// The boxes of the raw `<img>`s that did not resolve to a URL, by marker index.
    boxes: Vec<ImageSrc>,
}

thread_local! {
    static SCOPE: RefCell<Scope> = RefCell::new(Scope::default());
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

/// The `src` the filter gives a raw `<img>` shown as a box: `BOX_MARK`, then `<k>"` (a
/// fragment: relative, so ammonia keeps it).
static BOX_MARK: LazyLock<String> = LazyLock::new(|| format!("#pd-box-{}-", *NONCE));

/// Put before the `src` of the renderer's own `<img>`s when the whole document goes through
/// ammonia: the filter takes it off and keeps the (already resolved) address.
static OWN_MARK: LazyLock<String> = LazyLock::new(|| format!("#pd-own-{}-", *NONCE));

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
    // What a visitor's browser, which runs scripts, never shows (kramdown keeps it as it is:
    // `<noscript><pre>…` showed as escaped text).
    .add_clean_content_tags(["noscript"])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .set_tag_attribute_value("input", "disabled", "")
    .add_tag_attributes("img", ["loading", "title"])
    .add_tag_attributes("ol", ["start"])
    .add_tag_attributes("td", ["align", "style"])
    .add_tag_attributes("th", ["align", "style"])
    .add_tag_attributes("details", ["open"])
    .add_generic_attributes(["class", "id", "title", "role", "aria-label", "aria-hidden"])
    .add_generic_attribute_prefixes(["data-"])
    // Not `postdesk`: see the module's documentation.
    .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
    .attribute_filter(filter);
    b
}

/// ammonia's attribute filter (run after its own URL scheme check).
fn filter<'u>(el: &str, attr: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match (el, attr) {
        ("img", "src") => {
            if let Some(own) = value.strip_prefix(OWN_MARK.as_str()) {
                return Some(Cow::Owned(own.to_string()));
            }
            SCOPE.with(|s| {
                let mut s = s.borrow_mut();
                let src = image::resolve(s.ctx.as_ref()?, value);
                Some(Cow::Owned(match src {
                    ImageSrc::Url(u) => u,
                    other => {
                        s.boxes.push(other);
                        format!("{}{}", *BOX_MARK, s.boxes.len() - 1)
                    }
                }))
            })
        }
        ("input", "type") => value
            .eq_ignore_ascii_case("checkbox")
            .then_some(Cow::Borrowed(value)),
        // Table alignment is the only style kept (pulldown-cmark writes it).
        ("td" | "th", "style") => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        )
        .then(|| Cow::Borrowed(value)),
        (_, "srcset" | "imagesrcset") => SCOPE
            .with(|s| srcset(s.borrow().ctx.as_ref()?, value))
            .map(Cow::Owned),
        // Links, as `[](…)`: kept as written when allowed.
        ("a" | "area", "href") | (_, "cite" | "action" | "formaction" | "ping" | "longdesc") => {
            link_allowed(value).then_some(Cow::Borrowed(value))
        }
        // What the page loads, as `![](…)`: the resolved URL, or nothing.
        (
            _,
            "src" | "href" | "xlink:href" | "poster" | "data" | "background" | "lowsrc" | "dynsrc",
        ) => SCOPE.with(|s| match image::resolve(s.borrow().ctx.as_ref()?, value) {
            ImageSrc::Url(u) => Some(Cow::Owned(u)),
            _ => None,
        }),
        _ => (!is_app_url(value)).then_some(Cow::Borrowed(value)),
    }
}

/// A `srcset` with each candidate's address resolved as an image's: those that do not resolve
/// to a URL are left out, descriptors other than a plain `2x`/`640w` too. `None` when no
/// candidate is left.
fn srcset(ctx: &RenderContext, value: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = value;
    loop {
        // As the HTML standard splits candidates: an address is a run of non-whitespace (a
        // trailing comma ends the candidate), its descriptors go to the next comma.
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        let (url, descriptor) = if url.ends_with(',') {
            rest = after;
            (url.trim_end_matches(','), "")
        } else {
            let d = after.find(',').unwrap_or(after.len());
            rest = &after[d..];
            (url, after[..d].trim())
        };
        if let ImageSrc::Url(u) = image::resolve(ctx, url) {
            if !out.is_empty() {
                out.push_str(", ");
            }
            // A comma in the address would split it.
            out.push_str(&u.replace(',', "%2C"));
            let plain = descriptor.len() < 16
                && descriptor.ends_with(['x', 'w'])
                && descriptor[..descriptor.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.');
            if plain && descriptor.len() > 1 {
                out.push(' ');
                out.push_str(descriptor);
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Runs `builder` over `input` for the post of `ctx`, with the raw `<img>`s shown as boxes
/// put in.
fn run(builder: &ammonia::Builder<'static>, input: &str, ctx: &RenderContext) -> String {
    SCOPE.with(|s| {
        let mut s = s.borrow_mut();
        s.ctx = Some(ctx.clone());
        s.boxes.clear();
    });
    let cleaned = builder.clean(input).to_string();
    let boxes = SCOPE.with(|s| {
        let mut s = s.borrow_mut();
        s.ctx = None;
        std::mem::take(&mut s.boxes)
    });
    put_boxes(cleaned, &boxes)
}

/// Sanitizes a whole rendered fragment whose raw HTML is all in the byte ranges `raw` (in
/// order): the rest is the renderer's own HTML, whose `<img>`s keep their (resolved)
/// addresses.
pub(crate) fn clean(html: &str, raw: &[Range<usize>], ctx: &RenderContext) -> String {
    let mut input = String::with_capacity(html.len() + 64);
    let mut pos = 0;
    for r in raw
        .iter()
        .cloned()
        .chain(std::iter::once(html.len()..html.len()))
    {
        if r.start > pos {
            mark_own_images(&mut input, &html[pos..r.start]);
        }
        input.push_str(&html[r.clone()]);
        pos = r.end;
    }
    run(&BUILDER, &input, ctx)
}

/// Appends the renderer's own `html` with [`OWN_MARK`] before the `src` of each `<img>` (it
/// writes every attribute escaped: a tag ends at the first `>`, and `src="` inside it is the
/// attribute).
fn mark_own_images(out: &mut String, html: &str) {
    let mut rest = html;
    while let Some(p) = rest.find("<img") {
        let tag_end = rest[p..].find('>').map_or(rest.len(), |e| p + e);
        let Some(s) = rest[p..tag_end].find(" src=\"") else {
            out.push_str(&rest[..tag_end]);
            rest = &rest[tag_end..];
            continue;
        };
        let at = p + s + 6;
        out.push_str(&rest[..at]);
        out.push_str(&OWN_MARK);
        rest = &rest[at..];
    }
    out.push_str(rest);
}

/// Sanitizes a rendered fragment whose raw HTML is all in the byte ranges `raw` (whole
/// top-level blocks, in order). The rest is the renderer's own HTML, which ammonia would keep
/// as it is (a test checks it on the corpus): each run of it goes to ammonia as an empty
/// placeholder element, put back once the document is clean. If a placeholder does not come
/// out as it went in (swallowed by an unclosed `<script>` or `<style>`), or the raw HTML has
/// an element of the placeholders' name, the whole fragment is sanitized instead.
pub(crate) fn clean_blocks(html: &str, raw: &[Range<usize>], ctx: &RenderContext) -> String {
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
    let cleaned = run(&HOLDING_BUILDER, &input, ctx);
    put_back(&cleaned, &held, nonce).unwrap_or_else(|| clean(html, raw, ctx))
}

/// `cleaned` (ammonia's output) with each `<img>` whose `src` is a box marker replaced by the
/// box. ammonia writes attribute values in double quotes with `"` escaped: outside them, a
/// `<` starts a tag and a `>` ends it.
fn put_boxes(cleaned: String, boxes: &[ImageSrc]) -> String {
    if boxes.is_empty() {
        return cleaned;
    }
    let mark = format!(" src=\"{}", *BOX_MARK);
    let b = cleaned.as_bytes();
    let mut out = String::with_capacity(cleaned.len() + boxes.len() * 64);
    let (mut copied, mut i) = (0, 0);
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let start = i + p;
        let mut end = start + 1;
        let mut quoted = false;
        while end < b.len() && (quoted || b[end] != b'>') {
            quoted ^= b[end] == b'"';
            end += 1;
        }
        end = (end + 1).min(b.len());
        let tag = &cleaned[start..end];
        i = end;
        let Some(m) = tag.starts_with("<img").then(|| tag.find(&mark)).flatten() else {
            continue;
        };
        let digits = &tag[m + mark.len()..];
        let k = &digits[..digits.bytes().take_while(u8::is_ascii_digit).count()];
        let Some(src) = k.parse::<usize>().ok().and_then(|k| boxes.get(k)) else {
            continue;
        };
        out.push_str(&cleaned[copied..start]);
        out.push_str(&image::image_html(
            src,
            &attribute(tag, "alt").unwrap_or_default(),
            "",
        ));
        copied = end;
    }
    out.push_str(&cleaned[copied..]);
    out
}

/// The value of attribute `name` in a tag ammonia wrote, its character references decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let v = &tag[at..at + tag[at..].find('"')?];
    Some(
        v.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&nbsp;", "\u{a0}")
            .replace("&amp;", "&"),
    )
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

/// Whether a browser would load `url` from the app itself: the `postdesk:` scheme, however
/// written, or an `http(s)` (or protocol-relative) address on a `*.localhost` host — how
/// WebView2 on Windows names the app's schemes (`http://postdesk.localhost/`, and `tauri`,
/// `ipc`, `asset`). Read by the WHATWG parser browsers follow (case, whitespace, tabs, `\`,
/// percent-encoded, full-width or trailing-dot hosts).
pub(crate) fn is_app_url(url: &str) -> bool {
    let t = url.trim_matches(|c: char| c <= ' ');
    let mut lead = t.bytes().filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'));
    let protocol_relative =
        matches!(lead.next(), Some(b'/' | b'\\')) && matches!(lead.next(), Some(b'/' | b'\\'));
    if !protocol_relative && !t.contains(':') {
        return false;
    }
    // Parsed only when it may be one (this runs for every `http(s)` link): the parser can only
    // make `postdesk` or `localhost` of text that has them as they are (any case) unless it
    // removes tabs and newlines, decodes a `%`, or maps a non-ASCII character.
    let may_be = !t.is_ascii()
        || t.bytes().any(|b| matches!(b, b'%' | b'\t' | b'\n' | b'\r'))
        || t.as_bytes()
            .windows(8)
            .any(|w| w.eq_ignore_ascii_case(b"postdesk") || w.eq_ignore_ascii_case(b"localhos"));
    if !may_be {
        return false;
    }
    let parsed = if protocol_relative {
        ammonia::Url::parse(&format!("http:{t}"))
    } else {
        ammonia::Url::parse(t)
    };
    parsed.is_ok_and(|u| {
        u.scheme() == "postdesk"
            || (matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some_and(|h| {
                    let h = h.trim_end_matches('.');
                    h.ends_with(".localhost")
                }))
    })
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

/// Whether a link target a post writes (Markdown or raw HTML) is safe: relative, an anchor,
/// or one of the allowed schemes (no `javascript:`, `data:`, `vbscript:`, `file:`, nor the
/// app's own `postdesk:`), and not on the app's Windows host ([`is_app_url`]).
pub(crate) fn link_allowed(url: &str) -> bool {
    // Browsers drop leading C0 controls and spaces, and ignore tabs and newlines anywhere
    // (`java\tscript:`): the scheme is read the same way. No allocation but for `http(s)` and
    // protocol-relative links: this runs for every link of every render.
    let url = url.trim().trim_start_matches(|c: char| c <= ' ');
    let mut scheme = [0u8; 8];
    let mut len = 0;
    let mut too_long = false;
    for (i, b) in url
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .enumerate()
    {
        if b == b':' {
            // A scheme starts with a letter; anything else puts the colon in the path.
            if len == 0 || !scheme[0].is_ascii_alphabetic() {
                return true;
            }
            return !too_long
                && match &scheme[..len] {
                    b"http" | b"https" => !is_app_url(url),
                    s => matches!(s, b"mailto" | b"tel"),
                };
        }
        if !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
            // `//host/…` (or `\\host`): the page's scheme, the link's host.
            if i == 0 && matches!(b, b'/' | b'\\') {
                return !is_app_url(url);
            }
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
    use crate::site::SiteKind;

    fn ctx() -> RenderContext {
        RenderContext::new(SiteKind::Generic, "post.md")
    }

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
        assert!(link_allowed("//example.org/x"));
        assert!(!link_allowed("postdesk://localhost/x.png"));
        assert!(!link_allowed("http://postdesk.localhost/x.png"));
        assert!(!link_allowed("HTTPS://PostDesk.LocalHost./x"));
        assert!(!link_allowed("//postdesk.localhost/x"));
        assert!(!link_allowed("\\\\postdesk.localhost\\x"));
        assert!(!link_allowed("/\t/postdesk.localhost/x"));
    }

    #[test]
    fn app_urls() {
        for app in [
            "postdesk://localhost/x.png",
            "POSTDESK:x",
            " post\tdesk://localhost/x",
            "\u{1}postdesk:/x",
            "http://postdesk.localhost/x",
            "https://POSTDESK.LOCALHOST./x",
            "http://postdesk%2Elocalhost/x",
            "http://u:p@postdesk.localhost/x",
            "http:\\\\postdesk.localhost\\x",
            "http:postdesk.localhost/x",
            "//postdesk.localhost/x",
            "\\\\postdesk.localhost/x",
            "http://ipc.localhost/x",
            "http://postdesk.ｌｏｃａｌｈｏｓｔ/x",
            "http://postdesk.local\thost/x",
            "http://postdesk.%4cocalhost/x",
        ] {
            assert!(is_app_url(app), "{app:?}");
        }
        for other in [
            "https://example.org/postdesk.localhost",
            "images/postdesk:x.png",
            "/images/x.png",
            "localhost/x",
            "http://localhost.example.org/",
            "mailto:postdesk@localhost",
        ] {
            assert!(!is_app_url(other), "{other:?}");
        }
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
        let out = clean_blocks(&html, &raw, &ctx());
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
            let out = clean_blocks(&html, &raw, &ctx());
            assert_eq!(out, clean(&html, &raw, &ctx()), "{bad}");
            assert!(!out.contains(HOLDER), "{bad}: {out}");
        }
    }

    #[test]
    fn raw_html_is_cleaned_and_images_rewritten() {
        let ctx = RenderContext::new(SiteKind::Generic, "_posts/x.md");
        let html = "<img src=\"/images/a.png\" onerror=\"alert(1)\"><img src=\"https://t.example/p.gif\" alt=\"t\"><input type=\"checkbox\" checked><input type=\"text\">";
        let h = clean(html, std::slice::from_ref(&(0..html.len())), &ctx);
        assert!(
            h.contains("src=\"postdesk://localhost/images/a.png\""),
            "{h}"
        );
        assert!(!h.contains("onerror"));
        // A remote image is not loaded: the box `![t](https://t.example/p.gif)` gets.
        assert!(!h.contains(" src=\"https://t.example"), "{h}");
        assert!(h.contains("<span class=\"pd-remote-image\" role=\"img\" data-src=\"https://t.example/p.gif\" title=\"t\">"), "{h}");
        assert!(
            h.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\">"),
            "{h}"
        );
        assert!(!h.contains("type=\"text\""));
    }

    #[test]
    fn the_renderers_own_images_are_kept_whole_and_raw_ones_resolved() {
        let html = "<p><img src=\"postdesk://localhost/a.png\" alt=\"a\" loading=\"lazy\"></p>\n<img src=\"postdesk://localhost/a.png\"><img alt=\"&quot;b&quot; &amp;<\" src=\"mailto:x\"><img src=\"nope:x\" alt=\"c\"><img data-line=\"1-1\" src=\"b.png\">";
        let own = html.find('\n').unwrap() + 1;
        let h = clean(html, std::slice::from_ref(&(own..html.len())), &ctx());
        // Raw HTML's app URL and unknown scheme are dropped by ammonia, the `mailto:` image
        // gets the box of `![](mailto:x)`, the relative one is resolved.
        assert_eq!(
            h,
            "<p><img src=\"postdesk://localhost/a.png\" alt=\"a\" loading=\"lazy\"></p>\n<img><span class=\"pd-blocked-image\" role=\"img\" title=\"&quot;b&quot; &amp;&lt;\">Image not shown (unsupported address): mailto:x</span><img alt=\"c\"><img data-line=\"1-1\" src=\"postdesk://localhost/b.png\">"
        );
    }
}
