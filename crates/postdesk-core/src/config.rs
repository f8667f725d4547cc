//! `.postdesk.toml`: the one reader of the optional file at the repository root, every table
//! of it parsed once. The site's conventions (top level and `[defaults]`) and the rules of
//! `postdesk check` (`[check]`, `[check.rules]`) come from the same [`Config`]; unknown keys in
//! any table are refused with the file, line and key.
//!
//! A setting has one home. `[check]` may repeat the conventions `postdesk check` enforces
//! (`required`, `description_max`, `max_image_width`, `file_name_pattern`: the same settings
//! as the top-level `required_fields`, `description_max`, `max_image_width`, `file_pattern`);
//! written in both places with different values, the file is refused, naming both lines.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::check::RuleLevel;
use crate::error::{Error, Result};
use crate::site::{LinkStyle, SiteKind};

/// The name of the optional configuration file at the repository root.
pub const CONFIG_FILE: &str = ".postdesk.toml";

/// All of `.postdesk.toml` (see the README's example). Every key is optional.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub kind: Option<SiteKind>,
    pub posts_dirs: Option<Vec<String>>,
    pub drafts_dir: Option<String>,
    pub file_pattern: Option<String>,
    pub image_dir_pattern: Option<String>,
    pub link_style: Option<LinkStyle>,
    pub max_image_width: Option<u32>,
    pub required_fields: Option<Vec<String>>,
    pub description_max: Option<u32>,
    /// Front matter of a new post.
    pub defaults: Option<toml::Table>,
    /// `postdesk check`'s settings.
    #[serde(default)]
    pub check: CheckConfig,
    /// The site preview's server (`[preview]`): the blog's own generator, when detection is
    /// not enough.
    #[serde(default)]
    pub preview: PreviewConfig,
}

/// `[preview]` of `.postdesk.toml`: how to run the blog's own development server
/// ([`sitepreview`](crate::sitepreview)) instead of the detected command.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewConfig {
    /// The command, run by `sh` at the repository's root: `{port}` is replaced by a free port
    /// on 127.0.0.1 (e.g. `"bundle exec jekyll serve --drafts --port {port}"`).
    pub command: Option<String>,
    /// The port the command listens on, for a command that does not take `{port}`.
    pub port: Option<u16>,
    /// A post's page on the server: a path pattern (`"/blog/{slug}/"`; `{slug}`, `{year}`,
    /// `{month}`, `{day}`, `{section}`) instead of the generator's permalink rules.
    pub url: Option<String>,
}

/// `[check]` of `.postdesk.toml`.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// The same setting as the top-level `required_fields`.
    pub required: Option<Vec<String>>,
    /// The same setting as the top-level `description_max`.
    pub description_max: Option<u32>,
    pub max_image_bytes: Option<u64>,
    /// The same setting as the top-level `max_image_width`.
    pub max_image_width: Option<u32>,
    /// The same setting as the top-level `file_pattern`.
    pub file_name_pattern: Option<String>,
    /// Rule id → level (`[check.rules]`), validated when the file is read.
    #[serde(skip)]
    pub rules: BTreeMap<String, RuleLevel>,
    /// `[check.rules]` as written, with where each value is.
    #[serde(default, rename = "rules")]
    rules_written: BTreeMap<String, toml::Spanned<String>>,
}

impl Config {
    /// Fields every post must have, when the file names them.
    pub fn required_fields(&self) -> Option<&[String]> {
        self.required_fields
            .as_deref()
            .or(self.check.required.as_deref())
    }

    /// Longest description, in characters, when the file sets one.
    pub fn description_max(&self) -> Option<u32> {
        self.description_max.or(self.check.description_max)
    }

    /// Widest image, in pixels, when the file sets it.
    pub fn max_image_width(&self) -> Option<u32> {
        self.max_image_width.or(self.check.max_image_width)
    }

    /// The file-name pattern of posts, when the file sets it.
    pub fn file_pattern(&self) -> Option<&str> {
        self.file_pattern
            .as_deref()
            .or(self.check.file_name_pattern.as_deref())
    }
}

/// Reads `.postdesk.toml` at `root`: `Ok(None)` when there is none, an error of kind `config`
/// naming the file, line and key when it is malformed.
pub fn load(root: &Path) -> Result<Option<Config>> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let text = String::from_utf8(text).map_err(|_| {
        Error::config(format!(
            "{CONFIG_FILE} is not UTF-8 text; save it as UTF-8. Postdesk uses the detected settings meanwhile."
        ))
    })?;
    parse(&text).map(Some)
}

/// Parses the text of a `.postdesk.toml`.
pub fn parse(text: &str) -> Result<Config> {
    let mut cfg: Config = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|sp| crate::frontmatter::line_col(text, sp.start).0)
            .unwrap_or(1);
        let line_text = text.lines().nth(line - 1).unwrap_or("").trim();
        // A table's header names a key of the table above it.
        let (key, table) = match header_of(line_text) {
            Some(h) => match h.rsplit_once('.') {
                Some((parent, k)) => (Some(k.to_string()), Some(parent.to_string())),
                None => (Some(h), None),
            },
            None => (key_of_line(line_text), table_of_line(text, line)),
        };
        let key = key.map(|k| format!(", key `{k}`")).unwrap_or_default();
        let table = table.map(|t| format!(" in [{t}]")).unwrap_or_default();
        error(format!(
            "line {line}{key}{table}: {}",
            e.message().trim_end_matches('\n')
        ))
    })?;
    validate(text, &cfg)?;
    cfg.check.rules = rule_levels(text, &cfg.check.rules_written)?;
    Ok(cfg)
}

fn error(detail: String) -> Error {
    Error::config(format!(
        "{CONFIG_FILE} {detail}. Fix or remove it; Postdesk uses the detected settings meanwhile."
    ))
}

/// `[check.rules]`: known rule ids, known levels.
fn rule_levels(
    text: &str,
    written: &BTreeMap<String, toml::Spanned<String>>,
) -> Result<BTreeMap<String, RuleLevel>> {
    let mut out = BTreeMap::new();
    for (k, v) in written {
        let (line, _) = crate::frontmatter::line_col(text, v.span().start);
        if crate::check::default_severity(k).is_none() {
            let ids: Vec<&str> = crate::check::RULES.iter().map(|r| r.0).collect();
            return Err(error(format!(
                "line {line}: `{k}` in [check.rules] is not a rule id; the rules are: {}",
                ids.join(", ")
            )));
        }
        let Some(level) = RuleLevel::parse(v.get_ref()) else {
            return Err(error(format!(
                "line {line}: `{k} = \"{}\"` in [check.rules]: use \"off\", \"notice\", \"warning\" or \"error\"",
                v.get_ref()
            )));
        };
        out.insert(k.clone(), level);
    }
    Ok(out)
}

/// What the types alone do not say: patterns with a slug, folders inside the repository, one
/// value for a setting written twice.
fn validate(text: &str, cfg: &Config) -> Result<()> {
    for (key, pattern) in [
        ("file_pattern", &cfg.file_pattern),
        ("file_name_pattern", &cfg.check.file_name_pattern),
    ] {
        if let Some(p) = pattern.as_deref().filter(|p| !p.contains("{slug}")) {
            return Err(error(format!(
                "line {}, key `{key}`: `{p}` has no `{{slug}}`; add it (e.g. `{{date}}-{{slug}}.md`)",
                line_of_key(text, key)
            )));
        }
    }
    let folders = cfg
        .posts_dirs
        .iter()
        .flatten()
        .map(|d| ("posts_dirs", d))
        .chain(cfg.drafts_dir.iter().map(|d| ("drafts_dir", d)))
        .chain(
            cfg.image_dir_pattern
                .iter()
                .map(|d| ("image_dir_pattern", d)),
        );
    for (key, d) in folders {
        if leads_out(key, d) {
            return Err(error(format!(
                "line {}, key `{key}`: `{d}` must be a folder inside the repository, written relative to its root",
                line_of_key(text, key)
            )));
        }
    }
    same_in_both(
        text,
        ("required_fields", &cfg.required_fields),
        ("required", &cfg.check.required),
    )?;
    same_in_both(
        text,
        ("description_max", &cfg.description_max),
        ("description_max", &cfg.check.description_max),
    )?;
    same_in_both(
        text,
        ("max_image_width", &cfg.max_image_width),
        ("max_image_width", &cfg.check.max_image_width),
    )?;
    same_in_both(
        text,
        ("file_pattern", &cfg.file_pattern),
        ("file_name_pattern", &cfg.check.file_name_pattern),
    )?;
    validate_preview(text, &cfg.preview)
}

/// `[preview]`: a command that says where it listens, a URL pattern that is a path.
fn validate_preview(text: &str, p: &PreviewConfig) -> Result<()> {
    let line = |key| line_of_key_in(text, key, Some("preview"));
    if let Some(c) = &p.command {
        if c.trim().is_empty() {
            return Err(error(format!(
                "line {}, key `command` in [preview]: the command is empty; remove the key to use the detected one",
                line("command")
            )));
        }
        if !c.contains("{port}") && p.port.is_none() {
            return Err(error(format!(
                "line {}, key `command` in [preview]: `{c}` does not say where it listens; put `{{port}}` where it takes its port, or set `port = N`",
                line("command")
            )));
        }
    }
    if let Some(u) = &p.url {
        if !u.starts_with('/') {
            return Err(error(format!(
                "line {}, key `url` in [preview]: `{u}` must be a path on the site, starting with `/` (e.g. `/blog/{{slug}}/`)",
                line("url")
            )));
        }
    }
    Ok(())
}

/// Whether a folder as written leaves the repository before any link is followed: absolute
/// (`/x`, `\x`, `C:\x`) or with a `..` (either slash). An image folder pattern may climb
/// back from a token (`{post_dir}/../images`), not above the repository's root. Symbolic links
/// are [`paths::resolve`](crate::paths::resolve)'s job, when the site is read.
fn leads_out(key: &str, d: &str) -> bool {
    let drive = d.len() >= 2 && d.as_bytes()[0].is_ascii_alphabetic() && d.as_bytes()[1] == b':';
    if drive || d.starts_with(['/', '\\']) {
        return true;
    }
    let mut depth = 0i32;
    for c in d.split(['/', '\\']) {
        match c {
            ".." if key != "image_dir_pattern" => return true,
            ".." => depth -= 1,
            "" | "." => {}
            _ => depth += 1,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// A setting written at the top level and in `[check]` must say the same thing.
fn same_in_both<T: PartialEq>(
    text: &str,
    (top, a): (&str, &Option<T>),
    (in_check, b): (&str, &Option<T>),
) -> Result<()> {
    match (a, b) {
        (Some(a), Some(b)) if a != b => Err(error(format!(
            "line {}, key `{in_check}` in [check]: it sets again what `{top}` on line {} sets, to another value; keep one of the two",
            line_of_key_in(text, in_check, Some("check")),
            line_of_key_in(text, top, None),
        ))),
        _ => Ok(()),
    }
}

fn key_of_line(line: &str) -> Option<String> {
    let (k, _) = line.split_once('=')?;
    let k = k.trim().trim_matches('"');
    (!k.is_empty() && !k.starts_with('[')).then(|| k.to_string())
}

/// The table a line belongs to (`check`, `check.rules`, `defaults`), `None` at the top level.
fn table_of_line(text: &str, line: usize) -> Option<String> {
    text.lines()
        .take(line)
        .filter_map(|l| header_of(l.trim()))
        .last()
}

/// `check.rules` of a `[check.rules]` line.
fn header_of(line: &str) -> Option<String> {
    let name = line.strip_prefix('[')?.split(']').next()?.trim();
    (!line.starts_with("[[") && !name.is_empty()).then(|| name.to_string())
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| key_of_line(l).as_deref() == Some(key))
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// The line of `key` in `table` (`None`: the top level).
fn line_of_key_in(text: &str, key: &str, table: Option<&str>) -> usize {
    text.lines()
        .enumerate()
        .position(|(i, l)| {
            key_of_line(l).as_deref() == Some(key) && table_of_line(text, i + 1).as_deref() == table
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's example, all of it.
    pub(crate) const README_EXAMPLE: &str = r#"# .postdesk.toml — at the root of the blog's repository
kind = "jekyll"
posts_dirs = ["_posts"]
drafts_dir = "_drafts"
file_pattern = "{date}-{slug}.md"
image_dir_pattern = "images/posts/{post}"
link_style = "site_absolute"
max_image_width = 1600
required_fields = ["title", "description", "author", "tags"]
description_max = 160

[defaults]
layout = "post"
color = "rgb(251,87,66)"

[check]
max_image_bytes = 500000

[check.rules]
img-too-large = "error"
fm-tag-new = "off"

[preview]
command = "jekyll serve --drafts --future --port {port}"
url = "/{year}/{month}/{day}/{slug}.html"
"#;

    #[test]
    fn the_readme_example_is_read_whole() {
        let c = parse(README_EXAMPLE).unwrap();
        assert_eq!(c.kind, Some(SiteKind::Jekyll));
        assert_eq!(c.required_fields().unwrap().len(), 4);
        assert_eq!(c.check.max_image_bytes, Some(500_000));
        assert_eq!(c.check.rules["img-too-large"], RuleLevel::Error);
        assert_eq!(c.check.rules["fm-tag-new"], RuleLevel::Off);
        assert_eq!(
            c.defaults.unwrap()["layout"],
            toml::Value::String("post".into())
        );
        assert_eq!(
            c.preview.command.as_deref(),
            Some("jekyll serve --drafts --future --port {port}")
        );
        assert_eq!(
            c.preview.url.as_deref(),
            Some("/{year}/{month}/{day}/{slug}.html")
        );
    }

    #[test]
    fn the_preview_table_is_checked_like_the_others() {
        let c = parse("[preview]\ncommand = \"make serve\"\nport = 8080\n").unwrap();
        assert_eq!(c.preview.port, Some(8080));
        let e = parse("kind = \"hugo\"\n[preview]\ncommand = \"hugo server\"\n").unwrap_err();
        assert!(
            e.message.contains("line 3")
                && e.message.contains("[preview]")
                && e.message.contains("{port}"),
            "{}",
            e.message
        );
        let e = parse("[preview]\ncmd = \"hugo server\"\n").unwrap_err();
        assert!(
            e.message.contains("line 2")
                && e.message.contains("`cmd`")
                && e.message.contains("[preview]"),
            "{}",
            e.message
        );
        let e = parse("[preview]\nurl = \"blog/{slug}\"\n").unwrap_err();
        assert!(
            e.message.contains("line 2") && e.message.contains("`url`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn errors_name_file_line_table_and_key() {
        let e = parse("posts_dirs = [\"_posts\"]\nlink_style = \"sideways\"\n").unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::Config);
        assert!(e.message.contains(".postdesk.toml line 2"), "{}", e.message);
        assert!(e.message.contains("`link_style`"), "{}", e.message);
        let e = parse("max_image_width = 1600\ncolour = 3\n").unwrap_err();
        assert!(
            e.message.contains("line 2") && e.message.contains("colour"),
            "{}",
            e.message
        );
        let e = parse("kind = \"hugo\"\n[check]\nmax_image_byte = 3\n").unwrap_err();
        assert!(
            e.message.contains("line 3")
                && e.message.contains("max_image_byte")
                && e.message.contains("[check]"),
            "{}",
            e.message
        );
        let e = parse("[check.rules]\nimg-too-large = \"loud\"\n").unwrap_err();
        assert!(
            e.message.contains("line 2") && e.message.contains("img-too-large"),
            "{}",
            e.message
        );
        let e = parse("[check.rules]\nimg-too-larg = \"off\"\n").unwrap_err();
        assert!(
            e.message.contains("img-too-larg") && e.message.contains("not a rule"),
            "{}",
            e.message
        );
        let e = parse("[site]\nkind = \"hugo\"\n").unwrap_err();
        assert!(e.message.contains("line 1, key `site`:"), "{}", e.message);
        let e = parse("[defaults]\nlayout = \n").unwrap_err();
        assert!(e.message.contains("line 2"), "{}", e.message);
        let e = parse("file_pattern = \"{date}.md\"\n").unwrap_err();
        assert!(e.message.contains("{slug}"), "{}", e.message);
        let e = parse("posts_dirs = [\"../x\"]").unwrap_err();
        assert!(e.message.contains("posts_dirs"), "{}", e.message);
    }

    #[test]
    fn every_folder_setting_stays_inside_the_repository() {
        for (text, line, key) in [
            (
                "kind = \"jekyll\"\ndrafts_dir = \"../elsewhere\"\n",
                2,
                "drafts_dir",
            ),
            ("drafts_dir = \"/etc\"\n", 1, "drafts_dir"),
            ("drafts_dir = \"a\\\\..\\\\..\\\\b\"\n", 1, "drafts_dir"),
            (
                "\nimage_dir_pattern = \"../img/{post}\"\n",
                2,
                "image_dir_pattern",
            ),
            (
                "image_dir_pattern = \"{post_dir}/../../x\"\n",
                1,
                "image_dir_pattern",
            ),
            ("image_dir_pattern = \"C:/img\"\n", 1, "image_dir_pattern"),
            ("posts_dirs = [\"_posts\", \"/srv\"]\n", 1, "posts_dirs"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(
                e.message.contains(&format!("line {line}, key `{key}`"))
                    && e.message.contains("inside the repository"),
                "{text}: {}",
                e.message
            );
        }
        let ok = parse("drafts_dir = \"_drafts\"\nimage_dir_pattern = \"{post_dir}\"\n").unwrap();
        assert_eq!(ok.drafts_dir.as_deref(), Some("_drafts"));
        // A pattern may climb back from its post's folder, not above the root.
        let ok = parse("image_dir_pattern = \"{post_dir}/../images\"\n").unwrap();
        assert_eq!(
            ok.image_dir_pattern.as_deref(),
            Some("{post_dir}/../images")
        );
    }

    #[test]
    fn a_setting_written_twice_must_agree() {
        let ok = parse("description_max = 150\n[check]\ndescription_max = 150\n").unwrap();
        assert_eq!(ok.description_max(), Some(150));
        let ok = parse("[check]\nrequired = [\"title\"]\n").unwrap();
        assert_eq!(ok.required_fields().unwrap(), ["title"]);
        let e = parse("description_max = 150\n\n[check]\ndescription_max = 120\n").unwrap_err();
        assert!(
            e.message.contains("line 4") && e.message.contains("line 1"),
            "{}",
            e.message
        );
    }
}
