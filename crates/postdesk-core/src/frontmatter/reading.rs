//! How every part of Postdesk reads a post's front matter: the index, the preview, `check`,
//! the links and the Git views call [`read_post`], so they agree on whether a post is broken
//! and say the same words when it is.
//!
//! The reading is the blog's generator's: Jekyll's YAML reader (libyaml) accepts a quoted value
//! continued on an unindented line, which strict YAML 1.2 refuses; such front matter is read
//! with those lines indented (the file is not changed).

use serde_json::{Map, Value};

use super::{read, split, Format};

/// A post's front matter as read.
#[derive(Debug, Clone, PartialEq)]
pub struct PostMatter {
    /// The values (empty when the front matter is broken or absent).
    pub fm: Map<String, Value>,
    /// YAML or TOML; `None` without front matter (or with an opening fence never closed).
    pub format: Option<Format>,
    /// Byte offset where the body starts (after the closing fence line).
    pub body_start: usize,
    /// Why the front matter cannot be read.
    pub error: Option<MatterError>,
}

/// Why a post's front matter cannot be read, and where (1-based, in the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatterError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for MatterError {
    /// The message with its place, as the index and the preview show it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (line {}, column {} of the post)",
            self.message, self.line, self.column
        )
    }
}

impl MatterError {
    pub fn to_error(&self) -> crate::Error {
        crate::Error::front_matter(self.to_string())
    }
}

/// Reads a post's front matter (see the module documentation).
pub fn read_post(text: &str) -> PostMatter {
    let s = match split(text) {
        Ok(s) => s,
        Err(e) => {
            return PostMatter {
                fm: Map::new(),
                format: None,
                body_start: text.len(),
                error: Some(MatterError {
                    message: e.message,
                    line: 1,
                    column: 1,
                }),
            }
        }
    };
    let mut out = PostMatter {
        fm: Map::new(),
        format: s.format,
        body_start: s.body.start,
        error: None,
    };
    match super::model::parse(text) {
        Ok(doc) => out.fm = doc.entries.into_iter().map(|e| (e.key, e.json)).collect(),
        Err(strict) => match read_as_jekyll(&text[s.matter.clone()], s.format) {
            Some(fm) => out.fm = fm,
            None => {
                out.error = Some(MatterError {
                    message: strict.message,
                    line: strict.line as usize,
                    column: strict.column as usize,
                })
            }
        },
    }
    out
}

/// Reads the front matter as [`read_post`] does: the values, or the error with its place.
pub fn read_lenient(text: &str) -> crate::Result<Map<String, Value>> {
    let p = read_post(text);
    match p.error {
        Some(e) => Err(e.to_error()),
        None => Ok(p.fm),
    }
}

/// The front matter with the continuation lines of quoted values indented, as Jekyll reads it;
/// `None` when that changes nothing or still does not parse.
fn read_as_jekyll(raw: &str, format: Option<Format>) -> Option<Map<String, Value>> {
    if format != Some(Format::Yaml) {
        return None;
    }
    let fixed = indent_quoted_continuations(raw);
    if fixed == raw {
        return None;
    }
    read(&format!("---\n{fixed}---\n")).ok()
}

fn indent_quoted_continuations(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    let mut open: Option<char> = None;
    for line in raw.split_inclusive('\n') {
        let mut rest = line;
        if open.is_some() {
            if !line.starts_with([' ', '\t', '\n', '\r']) {
                out.push(' ');
            }
        } else {
            // A `key: "…` or `key: '…` line opens a quoted value.
            let t = line.trim_start();
            match t.find(": ").or_else(|| t.find(":\t")) {
                Some(i) if !t.starts_with('#') => {
                    let v = t[i + 1..].trim_start();
                    if let Some(q) = v.chars().next().filter(|c| matches!(c, '"' | '\'')) {
                        open = Some(q);
                        rest = &v[1..];
                    } else {
                        rest = "";
                    }
                }
                _ => rest = "",
            }
        }
        if let Some(q) = open {
            let mut chars = rest.chars().peekable();
            while let Some(c) = chars.next() {
                if q == '"' && c == '\\' {
                    chars.next();
                } else if c == q {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        open = None;
                        break;
                    }
                }
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_located_in_the_file() {
        let p = read_post("---\ntitle: A\ntags: [a, b\n---\nbody\n");
        let e = p.error.unwrap();
        assert!((3..=5).contains(&e.line), "{e:?}");
        assert!(e.message.starts_with("YAML error"), "{e:?}");
        assert!(
            e.to_string().ends_with(&format!(
                "(line {}, column {} of the post)",
                e.line, e.column
            )),
            "{e}"
        );
        let p = read_post("+++\ntitle = \n+++\n");
        assert_eq!(p.error.unwrap().line, 2);
        let p = read_post("---\ntitle: A\n");
        assert!(p.error.unwrap().message.contains("never closed"));
    }

    #[test]
    fn jekyll_continuation_lines_are_read_as_jekyll_reads_them() {
        // From the corpus (2022-11-15-onboarding-revue-code.md).
        let text = "---\ntitle: T\ndescription: \"Comment l'exercice peut-il devenir \nun outil ?\"\nauthor: me\n---\nBody\n";
        let p = read_post(text);
        assert_eq!(p.error, None);
        assert_eq!(
            p.fm["description"],
            "Comment l'exercice peut-il devenir un outil ?"
        );
        assert_eq!(p.fm["author"], "me");
        assert_eq!(&text[p.body_start..], "Body\n");
    }
}
