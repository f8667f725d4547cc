//! SVG sanitising. The file is parsed with a real XML parser (roxmltree, which refuses DTDs and
//! so entity bombs); scripts, event handlers, foreign objects, embedded HTML, `javascript:`
//! links, animations that rewrite links or handlers, metadata and style sheets that import
//! are cut out of the original text by their byte ranges, so everything else stays exactly as
//! drawn. The result is parsed again and checked; anything still doubtful is refused.

use std::ops::Range;

use crate::error::{Error, Result};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Elements removed with their content, by local name.
const DROP_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "handler",
    "listener",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "metadata",
];

#[derive(Debug)]
pub struct Sanitized {
    pub text: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub removed: usize,
}

fn squash(v: &str) -> String {
    v.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn dangerous_value(v: &str) -> bool {
    let s = squash(v);
    s.contains("javascript:")
        || s.contains("vbscript:")
        || s.contains("data:text/html")
        || s.contains("data:image/svg+xml")
        || s.contains("data:application")
        || s.contains("@import")
        || s.contains("expression(")
}

fn is_href(local: &str) -> bool {
    local.eq_ignore_ascii_case("href")
}

/// Byte ranges to cut, and whether anything is left that we are unsure about.
fn findings(doc: &roxmltree::Document) -> Vec<Range<usize>> {
    let mut cut = Vec::new();
    for node in doc.descendants() {
        if node.is_pi() {
            cut.push(node.range());
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let tag = node.tag_name();
        let local = tag.name().to_ascii_lowercase();
        let foreign_html = tag
            .namespace()
            .is_some_and(|ns| ns.contains("xhtml") || ns.contains("/1999/xhtml"));
        let animates_danger = matches!(
            local.as_str(),
            "set" | "animate" | "animatemotion" | "animatetransform"
        ) && node.attributes().any(|a| {
            a.name().eq_ignore_ascii_case("attributeName")
                && (is_href(a.value().rsplit(':').next().unwrap_or(""))
                    || a.value().to_ascii_lowercase().starts_with("on"))
        });
        let bad_style = local == "style" && dangerous_value(&node_text(&node));
        if DROP_ELEMENTS.contains(&local.as_str()) || foreign_html || animates_danger || bad_style {
            cut.push(node.range());
            continue;
        }
        for a in node.attributes() {
            let name = a.name().to_ascii_lowercase();
            let href_danger = is_href(&name) && {
                let v = squash(a.value());
                !(v.is_empty()
                    || v.starts_with('#')
                    || v.starts_with("http:")
                    || v.starts_with("https:")
                    || v.starts_with("data:image/png")
                    || v.starts_with("data:image/jpeg")
                    || v.starts_with("data:image/gif")
                    || v.starts_with("data:image/webp")
                    || !v.contains(':'))
            };
            if name.starts_with("on") || href_danger || dangerous_value(a.value()) {
                // Take the blank before the attribute too, so `<rect  />` does not result.
                let r = a.range();
                let before = doc.input_text()[..r.start].trim_end().len();
                cut.push(before..r.end);
            }
        }
    }
    cut
}

fn node_text(node: &roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn parse(text: &str) -> Result<roxmltree::Document<'_>> {
    roxmltree::Document::parse(text).map_err(|e| {
        let hint = if matches!(e, roxmltree::Error::DtdDetected) {
            "it declares a DOCTYPE with entities, which Postdesk does not import"
        } else {
            "it is not well-formed XML"
        };
        Error::image(format!(
            "the SVG could not be checked safely: {hint} ({e}); export it again from your drawing tool, or as PNG"
        ))
    })
}

fn dimension(v: Option<&str>) -> Option<u32> {
    let v = v?.trim().trim_end_matches("px");
    v.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0)
        .map(|x| x.round() as u32)
}

pub fn sanitize(bytes: &[u8]) -> Result<Sanitized> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Error::image("the SVG is not UTF-8 text; export it again from your drawing tool")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = parse(text)?;
    let root = doc.root_element();
    if !root.tag_name().name().eq_ignore_ascii_case("svg") {
        return Err(Error::image(
            "this XML file is not an SVG picture (its root element is not <svg>)",
        ));
    }
    if root.tag_name().namespace().is_some_and(|ns| ns != SVG_NS) {
        return Err(Error::image(
            "the SVG uses an unknown namespace for <svg>; export it again as plain SVG",
        ));
    }
    let width = dimension(root.attribute("width")).unwrap_or(0);
    let height = dimension(root.attribute("height")).unwrap_or(0);
    let mut cut = findings(&doc);
    cut.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut removed = 0;
    for r in cut {
        if r.start < pos {
            continue; // inside something already cut
        }
        out.push_str(&text[pos..r.start]);
        pos = r.end;
        removed += 1;
    }
    out.push_str(&text[pos..]);
    // Check the result: it must parse, and nothing doubtful may remain.
    let again = parse(&out)?;
    if !findings(&again).is_empty() {
        return Err(Error::image(
            "the SVG contains scripting Postdesk could not remove safely; export it again without scripts, or as PNG",
        ));
    }
    Ok(Sanitized {
        text: out.into_bytes(),
        width,
        height,
        removed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_foreign_objects_go_the_drawing_stays() {
        let svg = r##"<?xml version="1.0"?>
<?xml-stylesheet href="evil.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="80" onload="alert(1)">
  <metadata><rdf>author</rdf></metadata>
  <script>alert(2)</script>
  <SCRIPT type="text/ecmascript">alert(3)</SCRIPT>
  <rect x="1" y="2" width="10" height="10" fill="red" onclick="alert(4)"/>
  <a xlink:href="javascript:alert(5)"><text>link</text></a>
  <a href=" jav&#x09;ascript:alert(6)"><circle r="3"/></a>
  <a href="https://example.org"><circle r="4"/></a>
  <set attributeName="href" to="javascript:alert(7)"/>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="x"/></foreignObject>
  <use href="#a"/>
</svg>"##;
        let s = sanitize(svg.as_bytes()).unwrap();
        let out = String::from_utf8(s.text).unwrap();
        for bad in [
            "alert",
            "script",
            "SCRIPT",
            "onload",
            "onclick",
            "foreignObject",
            "iframe",
            "evil.css",
            "rdf",
        ] {
            assert!(!out.contains(bad), "{bad} left in:\n{out}");
        }
        for good in [
            r#"<rect x="1" y="2" width="10" height="10" fill="red"/>"#,
            "https://example.org",
            r##"<use href="#a"/>"##,
            "<text>link</text>",
        ] {
            assert!(out.contains(good), "{good} missing in:\n{out}");
        }
        assert_eq!((s.width, s.height), (120, 80));
    }

    #[test]
    fn entity_bombs_and_non_svg_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>"#;
        let e = sanitize(bomb.as_bytes()).unwrap_err();
        assert!(e.message.contains("DOCTYPE"), "{}", e.message);
        assert!(sanitize(b"<html><body/></html>").is_err());
        assert!(sanitize(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect").is_err());
    }
}
