//! Markdown structure: unclosed code fences, heading levels that skip, empty links. Offsets
//! come from pulldown-cmark's parse of the body.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::super::post::{md_options, Parsed};
use super::super::Raw;

pub(crate) fn check(rel: &str, p: &Parsed) -> Vec<Raw> {
    let mut out = Vec::new();
    let body = &p.text[p.body_start..];
    let lines = crate::lines::LineIndex::new(p.text);
    let at = |off: usize| lines.line_col(p.body_start + off);
    let mut prev_level: Option<(usize, usize)> = None; // (level, line)
                                                       // Open links: (start offset, url, has content)
    let mut links: Vec<(usize, String, bool)> = Vec::new();
    for (ev, range) in Parser::new_ext(body, md_options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                let block = &body[range.clone()];
                if !fence_closed(block) {
                    let (line, col) = at(range.start);
                    let fence: String = block
                        .trim_start_matches(|c: char| c.is_whitespace() || c == '>')
                        .chars()
                        .take_while(|c| *c == '`' || *c == '~')
                        .collect();
                    out.push(
                        Raw::at(
                            "md-unclosed-fence",
                            rel,
                            line,
                            format!("the code block opened with `{fence}` here is never closed, so the rest of the post shows as code: add a `{fence}` line where the code ends"),
                        )
                        .col(col),
                    );
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let n = level_num(level);
                let (line, col) = at(range.start);
                if let Some((prev, prev_line)) = prev_level {
                    if n > prev + 1 {
                        out.push(
                            Raw::at(
                                "md-heading-skip",
                                rel,
                                line,
                                format!(
                                    "this level-{n} heading follows a level-{prev} heading (line {prev_line}): make it level {} (`{}`) so the outline and screen readers follow",
                                    prev + 1,
                                    "#".repeat(prev + 1)
                                ),
                            )
                            .col(col),
                        );
                    }
                }
                prev_level = Some((n, line));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((range.start, dest_url.to_string(), false));
            }
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some(l) = links.last_mut() {
                    l.2 = true;
                }
            }
            Event::Start(Tag::Image { .. }) | Event::InlineHtml(_) | Event::InlineMath(_) => {
                if let Some(l) = links.last_mut() {
                    l.2 = true;
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, url, has_text)) = links.pop() {
                    let (line, col) = at(start);
                    if url.trim().is_empty() || url.trim() == "#" {
                        out.push(
                            Raw::at(
                                "md-empty-link",
                                rel,
                                line,
                                "this link has no address (`[text]()`): add the URL between the parentheses, or remove the brackets".to_string(),
                            )
                            .col(col),
                        );
                    } else if !has_text {
                        out.push(
                            Raw::at(
                                "md-empty-link",
                                rel,
                                line,
                                format!("the link to `{url}` has no text, so readers see nothing to click: write its text between the brackets"),
                            )
                            .col(col),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn level_num(l: HeadingLevel) -> usize {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Whether a fenced block's source (from pulldown-cmark's range) ends with a closing fence of
/// the same character, at least as long as the opening one. Container prefixes (`>`, list
/// indentation) are ignored.
fn fence_closed(block: &str) -> bool {
    let strip = |l: &str| l.trim_start_matches([' ', '\t', '>']).to_string();
    let mut lines = block.lines();
    let Some(first) = lines.next() else {
        return false;
    };
    let first = strip(first);
    let ch = match first.chars().next() {
        Some(c @ ('`' | '~')) => c,
        _ => return true,
    };
    let len = first.chars().take_while(|c| *c == ch).count();
    let rest: Vec<&str> = lines.collect();
    let Some(last) = rest.iter().rev().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let last = strip(last);
    let n = last.chars().take_while(|c| *c == ch).count();
    n >= len && last[n..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(text: &str) -> Vec<(&'static str, u32)> {
        let p = crate::check::post::parse(text);
        check("p.md", &p)
            .into_iter()
            .map(|r| (r.rule, r.line.unwrap()))
            .collect()
    }

    #[test]
    fn fences() {
        assert!(
            rules_of("---\nt: 1\n---\n```rust\nfn x() {}\n```\n\n> ```\n> q\n> ```\n").is_empty()
        );
        assert_eq!(
            rules_of("---\nt: 1\n---\ntext\n\n```rust\nfn x() {}\n"),
            vec![("md-unclosed-fence", 6)]
        );
        assert_eq!(rules_of("````\n```\n"), vec![("md-unclosed-fence", 1)]);
        assert!(rules_of("~~~\nx\n~~~~\n").is_empty());
    }

    #[test]
    fn headings_and_links() {
        assert_eq!(
            rules_of("## A\n\n#### B\n\n### C\n"),
            vec![("md-heading-skip", 3)]
        );
        assert!(rules_of("### A\n\n## B\n\n### C\n").is_empty());
        assert_eq!(
            rules_of("[x]() and [](https://a.org) and [![i](a.png)](b)\n"),
            vec![("md-empty-link", 1), ("md-empty-link", 1)]
        );
    }
}
