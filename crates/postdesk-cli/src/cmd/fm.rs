//! `postdesk fm`: read and edit a post's front matter in place. Only the fields named change;
//! every other byte of the file (comments, quotes, order, line breaks, body) stays as it was.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use postdesk_core::{atomic, frontmatter, Error};
use serde_json::Value;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Print the front matter (or one field) of a post.
    Get {
        /// The post's file.
        post: PathBuf,
        /// Only this field.
        key: Option<String>,
        /// Print JSON (YAML 1.2 / TOML values; dates as written).
        #[arg(long)]
        json: bool,
    },
    /// Set fields in place: `KEY=VALUE`, VALUE a YAML flow value (`tags=[a, b]`,
    /// `comments=true`, `title="Un titre : avec deux-points"`).
    Set {
        /// The post's file.
        post: PathBuf,
        /// `KEY=VALUE` pairs.
        #[arg(required = true, value_name = "KEY=VALUE")]
        pairs: Vec<String>,
        /// Print the unified diff instead of writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Remove fields (only their own lines).
    Unset {
        /// The post's file.
        post: PathBuf,
        /// The fields to remove.
        #[arg(required = true)]
        keys: Vec<String>,
        /// Print the unified diff instead of writing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    match a.action {
        Action::Get { post, key, json } => get(&post, key.as_deref(), json),
        Action::Set {
            post,
            pairs,
            dry_run,
        } => edit(&post, dry_run, |mut text| {
            for pair in &pairs {
                let Some((key, value)) = pair.split_once('=') else {
                    return Err(Error::invalid(format!(
                        "`{pair}` is not KEY=VALUE (for example `title=\"Hello\"` or `tags=[a, b]`)"
                    )));
                };
                text = frontmatter::set_flow(&text, key.trim(), value, &[])?;
            }
            Ok(text)
        }),
        Action::Unset {
            post,
            keys,
            dry_run,
        } => edit(&post, dry_run, |mut text| {
            for key in &keys {
                text = frontmatter::unset(&text, key)?;
            }
            Ok(text)
        }),
    }
}

fn read(post: &Path) -> postdesk_core::Result<String> {
    let bytes = std::fs::read(post).map_err(|e| Error::io(post, e))?;
    String::from_utf8(bytes).map_err(|_| {
        Error::invalid(format!(
            "{} is not UTF-8 text; Postdesk only edits UTF-8 posts",
            post.display()
        ))
    })
}

fn in_file(post: &Path, e: Error) -> Error {
    Error::new(e.kind, format!("{}: {}", post.display(), e.message))
}

/// The fields as a JSON object in file order.
struct Ordered<'a>(&'a [frontmatter::FieldView]);

impl serde::Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for f in self.0 {
            m.serialize_entry(&f.key, &f.value)?;
        }
        m.end()
    }
}

fn get(post: &Path, key: Option<&str>, json: bool) -> postdesk_core::Result<ExitCode> {
    let text = read(post)?;
    let view = frontmatter::view(&text);
    if let Some(e) = view.error {
        return Err(Error::front_matter(format!(
            "{}:{}:{}: {}",
            post.display(),
            e.line,
            e.column,
            e.message
        )));
    }
    match key {
        Some(k) => {
            let Some(f) = view.fields.iter().find(|f| f.key == k) else {
                return Err(Error::not_found(format!(
                    "{}: no field `{k}` in the front matter",
                    post.display()
                )));
            };
            match (json, &f.value) {
                (false, Value::String(s)) => println!("{s}"),
                (_, v) => println!("{}", serde_json::to_string_pretty(v).unwrap_or_default()),
            }
            Ok(ExitCode::SUCCESS)
        }
        None if json => crate::output::json(&Ordered(&view.fields)),
        None => {
            for f in &view.fields {
                match &f.value {
                    Value::String(s) => println!("{}: {s}", f.key),
                    v => println!("{}: {v}", f.key),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn edit(
    post: &Path,
    dry_run: bool,
    f: impl FnOnce(String) -> postdesk_core::Result<String>,
) -> postdesk_core::Result<ExitCode> {
    let text = read(post)?;
    let new = f(text.clone()).map_err(|e| in_file(post, e))?;
    if dry_run {
        print!(
            "{}",
            frontmatter::unified_diff(&post.display().to_string(), &text, &new)
        );
    } else if new != text {
        atomic::write(post, new.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
