//! Small HTML writers and readers: escaping, math and code blocks, iframes in raw HTML, the
//! table of contents.

use std::fmt::Write as _;

use super::{highlight, sanitize, Heading};

/// Escapes text for an HTML attribute or body.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Escapes element text the way pulldown-cmark does (quotes left as they are).
fn escape_body(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, s);
    out
}

pub(super) fn math(tag: &str, class: &str, tex: &str) -> String {
    let t = escape(tex);
    format!("<{tag} class=\"{class}\" data-tex=\"{t}\">{t}</{tag}>")
}

/// A fenced or indented code block: mermaid source for the UI, math, or highlighted code.
pub(super) fn code_block(info: &str, code: &str) -> String {
    let lang = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
        .trim();
    match lang {
        "mermaid" => format!("<pre class=\"pd-mermaid\">{}</pre>\n", escape(code)),
        "math" | "latex-math" => math("div", "pd-math-display", code) + "\n",
        "" => format!(
            "<pre class=\"pd-code\"><code>{}</code></pre>\n",
            escape_body(code)
        ),
        _ => {
            let l = escape(lang);
            format!(
                "<pre class=\"pd-code\" data-lang=\"{l}\"><code class=\"language-{l}\">{}</code></pre>\n",
                highlight::highlight(lang, code)
            )
        }
    }
}

/// Raw HTML `<iframe …>` becomes a click-to-load placeholder (its `src` in `data-src` when it
/// is `http(s)`); `srcdoc` documents are never shown.
pub(super) fn replace_iframes(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    if !lower.contains("<iframe") && !lower.contains("</iframe") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    loop {
        let open = lower[pos..].find("<iframe");
        let close = lower[pos..].find("</iframe");
        let off = match (open, close) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let start = pos + off;
        out.push_str(&html[pos..start]);
        let end = tag_end(html, start);
        let tag = &html[start..end];
        if !lower[start..].starts_with("</") {
            let src = attr_value(tag, "src").unwrap_or_default();
            let has_doc = lower[start..end].contains("srcdoc");
            if sanitize::is_remote(&src) && !sanitize::is_app_url(&src) && !has_doc {
                let _ = write!(
                    out,
                    "<span class=\"pd-embed\" data-provider=\"iframe\" data-src=\"{s}\">Embedded page {s} — click to load</span>",
                    s = escape(&src)
                );
            } else {
                out.push_str(
                    "<span class=\"pd-embed pd-embed-blocked\">Embedded document not shown</span>",
                );
            }
        }
        pos = end;
    }
    out.push_str(&html[pos..]);
    out
}

/// The index just after the `>` closing the tag that starts at `start` (quotes respected).
fn tag_end(html: &str, start: usize) -> usize {
    let mut quote = None;
    for (i, b) in html.bytes().enumerate().skip(start) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// The value of attribute `name` in an HTML start tag (quoted or not).
pub(super) fn attr_value(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[at + name.len()..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let vstart = tag.len() - rest.len() + 1;
        let v = tag[vstart..].trim_start();
        let val = if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
            v[1..].split(q).next().unwrap_or("")
        } else {
            v.split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("")
        };
        return Some(val.to_string());
    }
    None
}

/// Stands for the table of contents in the HTML until every heading is known.
pub(super) const TOC_MARK: &str = "<!--pd-toc-->";

/// The table of contents (kramdown `{:toc}`) as nested lists.
pub(super) fn toc_html(headings: &[Heading]) -> String {
    let mut out = String::from("<nav class=\"pd-toc\">");
    let mut stack: Vec<u8> = Vec::new();
    for h in headings {
        while stack.last().is_some_and(|&l| l > h.level) {
            out.push_str("</li></ul>");
            stack.pop();
        }
        if stack.last() == Some(&h.level) {
            out.push_str("</li>");
        } else {
            out.push_str("<ul>");
            stack.push(h.level);
        }
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{}</a>",
            escape(&h.id),
            escape(&h.text)
        );
    }
    for _ in stack {
        out.push_str("</li></ul>");
    }
    out.push_str("</nav>");
    out
}
