//! The blog's own syntax around Markdown: Jekyll Liquid and kramdown attribute lists, Hugo
//! shortcodes, Zola shortcodes. Before parsing, each construct is replaced by a token
//! (`U+E000 <index> U+E001`, private-use characters Markdown leaves alone) or, for code
//! blocks written with `{% highlight %}` / `{{< highlight >}}`, by a Markdown fence. The text
//! keeps exactly the same lines, so source line numbers stay right. The renderer then turns
//! tokens into placeholders or real HTML (figures, click-to-load videos, a table of contents),
//! and puts back the original text where a token lands in code.

use std::borrow::Cow;

use super::kramdown;
use crate::site::SiteKind;

pub const OPEN: char = '\u{E000}';
pub const CLOSE: char = '\u{E001}';

/// One construct found in the text.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Shown as a labelled placeholder. `family` is `liquid`, `shortcode`…
    Placeholder {
        family: &'static str,
        label: String,
        source: String,
    },
    /// `{{ site.x }}` and the like: shown as a labelled variable; in a URL, `site.baseurl` and
    /// `site.url` become empty (they prefix site-absolute paths).
    Variable { name: String, source: String },
    /// `{% post_url 2021-09-01-x %}`: a link to another post.
    PostUrl { name: String, source: String },
    /// Hugo `{{< ref "x" >}}` / `relref`: a link target.
    Ref { target: String, source: String },
    /// Hugo `{{< figure src=… >}}`: a real figure.
    Figure {
        src: String,
        alt: String,
        caption: String,
        title: String,
        link: String,
        source: String,
    },
    /// A video embed (`youtube`, `vimeo`): a click-to-load placeholder, never an iframe.
    Video {
        provider: &'static str,
        id: String,
        source: String,
    },
    /// kramdown `{:toc}`: the table of contents.
    Toc { source: String },
    /// Something the site does not show (kramdown attribute lists, `{% raw %}`).
    Hidden { source: String },
    /// A raw HTML block as kramdown delimits it (to its closing tag, see
    /// [`super::kramdown`]): its lines are held by a comment block so that the parser neither
    /// ends it at a blank line nor goes on after it.
    Html { source: String },
}

impl Item {
    pub fn source(&self) -> &str {
        match self {
            Item::Placeholder { source, .. }
            | Item::Variable { source, .. }
            | Item::PostUrl { source, .. }
            | Item::Ref { source, .. }
            | Item::Figure { source, .. }
            | Item::Video { source, .. }
            | Item::Toc { source }
            | Item::Hidden { source }
            | Item::Html { source } => source,
        }
    }

    /// Whether the item stands for a block (it is unwrapped from its paragraph when alone).
    pub fn is_block(&self) -> bool {
        matches!(
            self,
            Item::Figure { .. } | Item::Video { .. } | Item::Toc { .. } | Item::Hidden { .. }
        ) || matches!(self, Item::Placeholder { family, .. } if *family != "liquid-tag")
    }

    /// What the item becomes inside a link or image destination.
    pub fn url_value(&self) -> String {
        match self {
            Item::Variable { name, source } => match name.as_str() {
                "site.baseurl" | "site.url" => String::new(),
                _ => source.clone(),
            },
            Item::PostUrl { name, .. } => jekyll_post_url(name),
            Item::Ref { target, .. } => target.clone(),
            Item::Hidden { .. } => String::new(),
            other => other.source().to_string(),
        }
    }
}

/// Jekyll's default permalink for a post file name `YYYY-MM-DD-slug`: `/YYYY/MM/DD/slug.html`.
fn jekyll_post_url(name: &str) -> String {
    let name = name
        .trim()
        .trim_end_matches(".md")
        .trim_end_matches(".markdown");
    let name = name.rsplit('/').next().unwrap_or(name);
    let parts: Vec<&str> = name.splitn(4, '-').collect();
    if parts.len() == 4
        && parts[..3]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        format!("/{}/{}/{}/{}.html", parts[0], parts[1], parts[2], parts[3])
    } else {
        format!("/{name}.html")
    }
}

/// The text with blog syntax replaced, and the items its tokens refer to.
#[derive(Debug, Default)]
pub struct Pre {
    /// The text, unless `same`.
    pub text: String,
    pub items: Vec<Item>,
    /// The body had no blog syntax: it is the text (not copied into `text`).
    pub same: bool,
}

impl Pre {
    /// The text of `body` (the text `preprocess` was given).
    pub fn text_of<'b>(&'b self, body: &'b str) -> &'b str {
        if self.same {
            body
        } else {
            &self.text
        }
    }

    /// Whether the text is `body` with nothing replaced.
    pub fn is_unchanged(&self, body: &str) -> bool {
        self.items.is_empty() && (self.same || self.text == body)
    }

    /// Replaces every token in `s` with what `f` makes of its item.
    pub fn replace_tokens(&self, s: &str, f: impl Fn(&Item) -> String) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(i) = rest.find(OPEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + OPEN.len_utf8()..];
            match parse_token(after).and_then(|(n, len)| self.items.get(n).map(|it| (it, len))) {
                Some((item, len)) => {
                    out.push_str(&f(item));
                    rest = &after[len..];
                }
                None => {
                    out.push(OPEN);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The original text of `s` (tokens back to what was written).
    pub fn restore<'s>(&self, s: &'s str) -> Cow<'s, str> {
        if self.items.is_empty() || !s.contains(OPEN) {
            return Cow::Borrowed(s);
        }
        Cow::Owned(self.replace_tokens(s, |it| it.source().to_string()))
    }

    /// Whether `s` may hold tokens (there are items, and `s` has a token's first character).
    pub fn has_tokens(&self, s: &str) -> bool {
        !self.items.is_empty() && s.contains(OPEN)
    }
}

/// `digits CLOSE` at the start of `s`: the index and the length consumed.
pub fn parse_token(s: &str) -> Option<(usize, usize)> {
    let end = s.find(CLOSE)?;
    let n = s[..end].parse().ok()?;
    Some((n, end + CLOSE.len_utf8()))
}

/// Splits text into plain pieces and token indexes.
pub enum Piece<'a> {
    Text(&'a str),
    Token(usize),
}

pub fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(OPEN) {
        let after = &rest[i + OPEN.len_utf8()..];
        match parse_token(after) {
            Some((n, len)) => {
                if i > 0 {
                    out.push(Piece::Text(&rest[..i]));
                }
                out.push(Piece::Token(n));
                rest = &after[len..];
            }
            None => {
                out.push(Piece::Text(&rest[..i + OPEN.len_utf8()]));
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Replaces the blog syntax of `kind` in a post body. Astro and plain Markdown have none.
pub fn preprocess(body: &str, kind: SiteKind) -> Pre {
    let mut pre = Pre::default();
    let kramdown = kind == SiteKind::Jekyll && kramdown::may_differ(body);
    if matches!(kind, SiteKind::Astro | SiteKind::Generic) || !(kramdown || may_have_syntax(body)) {
        pre.same = true;
        return pre;
    }
    pre.text.reserve(body.len() + 64);
    let mut fence: Option<(char, usize)> = None; // an open Markdown fence
    let mut in_highlight = false; // inside a `{% highlight %}` turned into a fence
    let mut in_raw = false; // inside `{% raw %}` (Jekyll)
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let full = lines[i];
        let (line, eol) = split_eol(full);
        let trimmed = line.trim();
        i += 1;
        if let Some((c, n)) = fence {
            if is_fence_close(line, c, n) {
                fence = None;
            }
            pre.text.push_str(full);
            continue;
        }
        if in_highlight {
            if is_highlight_end(trimmed, kind) {
                in_highlight = false;
                pre.text.push_str(HL_FENCE);
                pre.text.push_str(eol);
            } else {
                pre.text
                    .push_str(&line.replace("{% raw %}", "").replace("{% endraw %}", ""));
                pre.text.push_str(eol);
            }
            continue;
        }
        if !in_raw {
            if let Some(f) = fence_open(line) {
                fence = Some(f);
                pre.text.push_str(full);
                continue;
            }
            if let Some(lang) = highlight_start(trimmed, kind) {
                in_highlight = true;
                pre.text.push_str(HL_FENCE);
                pre.text.push_str(&lang);
                pre.text.push_str(eol);
                continue;
            }
            // kramdown: `* TOC` followed by `{:toc}` is the table of contents.
            if kind == SiteKind::Jekyll
                && i < lines.len()
                && is_toc_item(trimmed)
                && split_eol(lines[i]).0.trim() == "{:toc}"
            {
                let n = push_item(
                    &mut pre,
                    Item::Toc {
                        source: format!("{trimmed}\n{{:toc}}"),
                    },
                );
                pre.text.push_str(&n);
                pre.text.push_str(eol);
                // The `{:toc}` line stays in the paragraph, hidden, so line ranges cover it.
                let (toc_line, toc_eol) = split_eol(lines[i]);
                let hidden = push_item(
                    &mut pre,
                    Item::Hidden {
                        source: toc_line.to_string(),
                    },
                );
                pre.text.push_str(&hidden);
                pre.text.push_str(toc_eol);
                i += 1;
                continue;
            }
        }
        if kramdown && !in_raw {
            if let Some(last) = kramdown::html_region(&lines, i - 1) {
                push_html_region(&mut pre, &lines[i - 1..=last]);
                i = last + 1;
                continue;
            }
            if kramdown::span_html_line(line) {
                let tok = push_item(
                    &mut pre,
                    Item::Hidden {
                        source: String::new(),
                    },
                );
                pre.text.push_str(&tok);
                tokenize_line(&mut pre, line, kind, &mut in_raw);
                pre.text.push_str(eol);
                continue;
            }
            if let Some(gap) = kramdown::list_item_gap(line) {
                let item = format!("{}{}", &line[..gap.start], &line[gap.end..]);
                tokenize_line(&mut pre, &item, kind, &mut in_raw);
                pre.text.push_str(eol);
                continue;
            }
        }
        tokenize_line(&mut pre, line, kind, &mut in_raw);
        pre.text.push_str(eol);
    }
    pre
}

/// A kramdown HTML block (whole lines): `<!--TOKEN`, as many empty lines, `-->`, so that the
/// parser reads one HTML block over exactly these lines; the token holds the text.
fn push_html_region(pre: &mut Pre, region: &[&str]) {
    let source: String = region.concat();
    let tok = push_item(pre, Item::Html { source });
    pre.text.push_str("<!--");
    pre.text.push_str(&tok);
    let n = region.len();
    for (k, l) in region.iter().enumerate() {
        let eol = split_eol(l).1;
        if k + 1 == n {
            pre.text.push_str("-->");
        }
        pre.text.push_str(eol);
    }
}

/// The text of a raw HTML block made by `push_html_region`, when `html` is one.
pub fn html_region_source<'p>(pre: &'p Pre, html: &str) -> Option<&'p str> {
    let rest = html.strip_prefix("<!--")?.strip_prefix(OPEN)?;
    let (n, _) = parse_token(rest)?;
    match pre.items.get(n)? {
        Item::Html { source } => Some(source),
        _ => None,
    }
}

/// Whether `body` has `{%`, `{{` or `{:` (one pass, by `{`).
fn may_have_syntax(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memchr_iter(b'{', b).any(|i| matches!(b.get(i + 1), Some(b'%' | b'{' | b':')))
}

const HL_FENCE: &str = "~~~~~~~~";

fn split_eol(full: &str) -> (&str, &str) {
    let body = full.trim_end_matches(['\n', '\r']);
    (body, &full[body.len()..])
}

fn fence_open(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &line[indent..];
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.len() - t.trim_start_matches(c).len();
    if n < 3 || (c == '`' && t[n..].contains('`')) {
        return None;
    }
    Some((c, n))
}

fn is_fence_close(line: &str, c: char, n: usize) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let t = line[indent..].trim_end();
    t.len() >= n && t.chars().all(|x| x == c)
}

fn is_toc_item(t: &str) -> bool {
    matches!(
        t,
        "* TOC" | "- TOC" | "+ TOC" | "1. TOC" | "* toc" | "- toc"
    )
}

/// `{% highlight lang [opts] %}` (Jekyll) or `{{< highlight lang [opts] >}}` (Hugo) alone on
/// a line: the language.
fn highlight_start(t: &str, kind: SiteKind) -> Option<String> {
    let inner = match kind {
        SiteKind::Jekyll => t.strip_prefix("{%")?.strip_suffix("%}")?,
        SiteKind::Hugo => t
            .strip_prefix("{{<")
            .and_then(|s| s.strip_suffix(">}}"))
            .or_else(|| t.strip_prefix("{{%").and_then(|s| s.strip_suffix("%}}")))?,
        _ => return None,
    };
    let inner = inner
        .trim()
        .trim_start_matches('-')
        .trim_end_matches('-')
        .trim();
    let rest = inner.strip_prefix("highlight")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let lang = rest.split_whitespace().next().unwrap_or("");
    Some(lang.trim_matches('"').to_string())
}

fn is_highlight_end(t: &str, kind: SiteKind) -> bool {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    match kind {
        SiteKind::Jekyll => matches!(compact.as_str(), "{%endhighlight%}" | "{%-endhighlight-%}"),
        SiteKind::Hugo => matches!(compact.as_str(), "{{</highlight>}}" | "{{%/highlight%}}"),
        _ => false,
    }
}

fn push_item(pre: &mut Pre, item: Item) -> String {
    pre.items.push(item);
    format!("{OPEN}{}{CLOSE}", pre.items.len() - 1)
}

/// Replaces the constructs of one line (no line breaks are added or removed).
fn tokenize_line(pre: &mut Pre, line: &str, kind: SiteKind, in_raw: &mut bool) {
    let mut rest = line;
    loop {
        if *in_raw {
            match rest
                .find("{% endraw %}")
                .or_else(|| rest.find("{%- endraw -%}"))
            {
                Some(i) => {
                    pre.text.push_str(&rest[..i]);
                    let len = if rest[i..].starts_with("{% endraw %}") {
                        12
                    } else {
                        14
                    };
                    let tok = push_item(
                        pre,
                        Item::Hidden {
                            source: rest[i..i + len].to_string(),
                        },
                    );
                    pre.text.push_str(&tok);
                    rest = &rest[i + len..];
                    *in_raw = false;
                }
                None => {
                    pre.text.push_str(rest);
                    return;
                }
            }
        }
        let Some(start) = rest.find('{') else {
            pre.text.push_str(rest);
            return;
        };
        pre.text.push_str(&rest[..start]);
        let here = &rest[start..];
        match construct(here, kind) {
            Some((len, item)) => {
                let raw_open = matches!(&item, Item::Hidden { source } if source.contains("raw"));
                let tok = push_item(pre, item);
                pre.text.push_str(&tok);
                rest = &here[len..];
                if raw_open {
                    *in_raw = true;
                }
            }
            None => {
                pre.text.push('{');
                rest = &here[1..];
            }
        }
    }
}

/// The construct at the start of `s`, if any: its length and item.
fn construct(s: &str, kind: SiteKind) -> Option<(usize, Item)> {
    match kind {
        SiteKind::Jekyll => {
            if s.starts_with("{%") {
                let end = s.find("%}")? + 2;
                let source = &s[..end];
                let inner = source[2..end - 2].trim().trim_matches('-').trim();
                let mut words = inner.split_whitespace();
                let name = words.next().unwrap_or("");
                let arg = inner[name.len()..].trim().to_string();
                let item = match name {
                    "raw" | "endraw" => Item::Hidden {
                        source: source.into(),
                    },
                    "post_url" => Item::PostUrl {
                        name: arg,
                        source: source.into(),
                    },
                    "include" | "include_relative" => Item::Placeholder {
                        family: "liquid",
                        label: format!("include {}", arg.split_whitespace().next().unwrap_or("")),
                        source: source.into(),
                    },
                    _ => Item::Placeholder {
                        family: "liquid-tag",
                        label: inner.to_string(),
                        source: source.into(),
                    },
                };
                Some((end, item))
            } else if s.starts_with("{{") {
                let end = s.find("}}")? + 2;
                let source = &s[..end];
                let name = source[2..end - 2].trim().trim_matches('-').trim();
                if name.is_empty() {
                    return None;
                }
                Some((
                    end,
                    Item::Variable {
                        name: name.to_string(),
                        source: source.into(),
                    },
                ))
            } else if s.starts_with("{:") {
                let end = s.find('}')? + 1;
                let source = &s[..end];
                if source == "{:toc}" {
                    return Some((
                        end,
                        Item::Toc {
                            source: source.into(),
                        },
                    ));
                }
                Some((
                    end,
                    Item::Hidden {
                        source: source.into(),
                    },
                ))
            } else {
                None
            }
        }
        SiteKind::Hugo => {
            let (close, _) = if s.starts_with("{{<") {
                (">}}", '<')
            } else if s.starts_with("{{%") {
                ("%}}", '%')
            } else {
                return None;
            };
            let end = s.find(close)? + 3;
            let source = &s[..end];
            let inner = source[3..end - 3].trim();
            // `{{</* x */>}}` is an escaped shortcode: its text is shown as written.
            if let Some(lit) = inner.strip_prefix("/*").and_then(|x| x.strip_suffix("*/")) {
                let open = &source[..3];
                let shown = format!("{open} {} {}", lit.trim(), &source[end - 3..]);
                return Some((
                    end,
                    Item::Variable {
                        name: shown.clone(),
                        source: shown,
                    },
                ));
            }
            Some((end, hugo_shortcode(inner, source)))
        }
        SiteKind::Zola => {
            if s.starts_with("{{") {
                let end = s.find("}}")? + 2;
                let source = &s[..end];
                let inner = source[2..end - 2].trim();
                let (name, args) = zola_call(inner)?;
                Some((end, zola_shortcode(name, &args, source)))
            } else if s.starts_with("{%") {
                let end = s.find("%}")? + 2;
                let source = &s[..end];
                let inner = source[2..end - 2].trim();
                if inner == "end" {
                    return Some((
                        end,
                        Item::Placeholder {
                            family: "shortcode-end",
                            label: "end".into(),
                            source: source.into(),
                        },
                    ));
                }
                let (name, _) = zola_call(inner)?;
                Some((
                    end,
                    Item::Placeholder {
                        family: "shortcode",
                        label: name.to_string(),
                        source: source.into(),
                    },
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Hugo shortcode arguments: positional or `name="value"`, quoted with `"` or `` ` ``.
fn hugo_args(s: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut pos = Vec::new();
    let mut named = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        let mut val = String::new();
        let mut cur = &mut val;
        let mut has_key = false;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if c == '"' || c == '`' {
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    cur.push(d);
                }
            } else if c == '=' && !has_key {
                has_key = true;
                key = std::mem::take(cur);
                cur = &mut val;
            } else {
                cur.push(c);
            }
        }
        if has_key {
            named.push((key, val));
        } else {
            pos.push(val);
        }
    }
    (pos, named)
}

fn hugo_shortcode(inner: &str, source: &str) -> Item {
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = &inner[..name_end];
    let (pos, named) = hugo_args(&inner[name_end..]);
    let get = |k: &str| {
        named
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    match name {
        "figure" => Item::Figure {
            src: get("src"),
            alt: get("alt"),
            caption: get("caption"),
            title: get("title"),
            link: get("link"),
            source: source.into(),
        },
        "youtube" | "vimeo" => {
            let id = pos.first().cloned().unwrap_or_else(|| get("id"));
            Item::Video {
                provider: if name == "youtube" {
                    "youtube"
                } else {
                    "vimeo"
                },
                id,
                source: source.into(),
            }
        }
        "ref" | "relref" => Item::Ref {
            target: pos.first().cloned().unwrap_or_else(|| get("path")),
            source: source.into(),
        },
        _ if name.starts_with('/') => Item::Placeholder {
            family: "shortcode-end",
            label: name.to_string(),
            source: source.into(),
        },
        _ => Item::Placeholder {
            family: "shortcode",
            label: inner.to_string(),
            source: source.into(),
        },
    }
}

/// `name(arg=value, …)`: the name and the arguments (quotes removed).
fn zola_call(inner: &str) -> Option<(&str, Vec<(String, String)>)> {
    let open = inner.find('(')?;
    let name = inner[..open].trim();
    if name.is_empty()
        || !name.chars().all(|c| c.is_alphanumeric() || c == '_')
        || !inner.ends_with(')')
    {
        return None;
    }
    let args = inner[open + 1..inner.len() - 1]
        .split(',')
        .filter_map(|a| {
            let (k, v) = a.split_once('=')?;
            Some((
                k.trim().to_string(),
                v.trim().trim_matches(['"', '\'', '`']).to_string(),
            ))
        })
        .collect();
    Some((name, args))
}

fn zola_shortcode(name: &str, args: &[(String, String)], source: &str) -> Item {
    let get = |k: &str| args.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    match name {
        "youtube" | "vimeo" => Item::Video {
            provider: if name == "youtube" {
                "youtube"
            } else {
                "vimeo"
            },
            id: get("id").unwrap_or_default(),
            source: source.into(),
        },
        _ => Item::Placeholder {
            family: "shortcode",
            label: name.to_string(),
            source: source.into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> usize {
        s.matches('\n').count()
    }

    #[test]
    fn jekyll_highlight_becomes_a_fence_and_lines_are_kept() {
        let src = "a {{ site.title }} b\n\n{% highlight js linenos %}\nvar a = '{{ x }}';\n{% endhighlight %}\n\n{% include note.html text=\"x\" %}\n";
        let p = preprocess(src, SiteKind::Jekyll);
        assert_eq!(lines(&p.text), lines(src));
        assert!(
            p.text
                .contains("~~~~~~~~js\nvar a = '{{ x }}';\n~~~~~~~~\n"),
            "{}",
            p.text
        );
        assert_eq!(p.items.len(), 2);
        assert!(matches!(&p.items[0], Item::Variable { name, .. } if name == "site.title"));
        assert!(
            matches!(&p.items[1], Item::Placeholder { label, .. } if label == "include note.html")
        );
        assert_eq!(
            p.restore(&p.text[..p.text.find('\n').unwrap()]),
            "a {{ site.title }} b"
        );
    }

    #[test]
    fn code_fences_are_left_alone() {
        let src = "```\n{{ x }} {% y %}\n```\n";
        let p = preprocess(src, SiteKind::Jekyll);
        assert_eq!(p.text, src);
        assert!(p.items.is_empty());
    }

    #[test]
    fn kramdown_toc_and_ial() {
        let src = "* TOC\n{:toc}\n\n[a](b){:target=\"_blank\"}\n";
        let p = preprocess(src, SiteKind::Jekyll);
        assert_eq!(lines(&p.text), lines(src));
        assert!(matches!(p.items[0], Item::Toc { .. }));
        assert!(matches!(p.items[1], Item::Hidden { .. }));
    }

    #[test]
    fn post_url_in_a_link() {
        let p = preprocess(
            "[x]({% post_url 2021-09-01-bonnes-pratiques-web %})\n",
            SiteKind::Jekyll,
        );
        assert_eq!(
            p.items[0].url_value(),
            "/2021/09/01/bonnes-pratiques-web.html"
        );
    }

    #[test]
    fn hugo_shortcodes() {
        let src = "{{< figure src=\"a b.jpg\" caption=\"The `cap`\" >}}\n{{< youtube dQw4w9WgXcQ >}}\n{{% notice tip %}}\nx\n{{% /notice %}}\n{{</* figure */>}}\n";
        let p = preprocess(src, SiteKind::Hugo);
        assert_eq!(lines(&p.text), lines(src));
        assert!(
            matches!(&p.items[0], Item::Figure { src, caption, .. } if src == "a b.jpg" && caption == "The `cap`")
        );
        assert!(
            matches!(&p.items[1], Item::Video { id, provider: "youtube", .. } if id == "dQw4w9WgXcQ")
        );
        assert!(matches!(
            &p.items[2],
            Item::Placeholder {
                family: "shortcode",
                ..
            }
        ));
        assert!(matches!(
            &p.items[3],
            Item::Placeholder {
                family: "shortcode-end",
                ..
            }
        ));
        assert!(matches!(&p.items[4], Item::Variable { name, .. } if name == "{{< figure >}}"));
    }

    #[test]
    fn zola_shortcodes() {
        let p = preprocess(
            "{{ youtube(id=\"abc\", autoplay=true) }}\n{% quote(author=\"A\") %}\nx\n{% end %}\n",
            SiteKind::Zola,
        );
        assert!(matches!(&p.items[0], Item::Video { id, .. } if id == "abc"));
        assert!(matches!(&p.items[1], Item::Placeholder { label, .. } if label == "quote"));
        assert!(matches!(
            &p.items[2],
            Item::Placeholder {
                family: "shortcode-end",
                ..
            }
        ));
    }
}
