//! `postdesk check`: what a reviewer would flag, for people, tools and GitHub Actions.

use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::check::{self, Finding, Report};
use postdesk_core::workspace::Workspace;
use postdesk_core::{Error, ErrorKind};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: severity [rule] message`, then a summary.
    Text,
    /// The report as JSON: findings (rule, severity, path, line, column, message, field),
    /// posts_checked, images_checked, errors, warnings, notices.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`): annotations on the PR.
    Github,
}

#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 1 when an error-severity finding exists, 0 otherwise, 2 when the check could not run.\n\
Rules can be turned off or given another severity in the blog's .postdesk.toml:\n  [check.rules]\n  img-too-large = \"off\"   # or \"notice\", \"warning\", \"error\"\n\
Other [check] keys: required = [\"title\", …], description_max = 160, max_image_bytes = 500000, max_image_width = 1600, file_name_pattern = \"{date}-{slug}.md\"."
)]
pub struct Args {
    /// The blog's folder.
    pub repo: PathBuf,
    /// Posts, folders or images to check (default: every post). An image checks the posts that link it.
    pub paths: Vec<String>,
    /// Same as `--format json`.
    #[arg(long)]
    pub json: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Check only the posts (and the posts linking the images) changed since the merge base of
    /// REV and HEAD, working tree included, e.g. `origin/master`.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let root = open_root(&a.repo)?;
    let ctx = Workspace::at(root.clone()).check_context()?;
    let report = match &a.changed_since {
        None if a.paths.is_empty() => check::run(&ctx, None)?,
        None => check::run(&ctx, Some(&a.paths))?,
        Some(rev) => {
            let mut posts = check::changed_since(&ctx, rev)?;
            if !a.paths.is_empty() {
                let chosen = check::select(&ctx, &a.paths)?;
                posts.retain(|p| chosen.contains(p));
            }
            check::run_posts(&ctx, &posts)
        }
    };
    let format = if a.json { Format::Json } else { a.format };
    match format {
        Format::Json => {
            crate::output::json(&report)?;
        }
        Format::Text => print!("{}", text(&report)),
        Format::Github => {
            let prefix = git_prefix(&root);
            for f in &report.findings {
                println!("{}", github(f, &prefix));
            }
            eprintln!("{}", summary(&report));
        }
    }
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The blog folder, canonical. A Git clone is not required (only `--changed-since` needs one).
fn open_root(p: &std::path::Path) -> postdesk_core::Result<PathBuf> {
    if !p.is_dir() {
        return Err(Error::new(
            ErrorKind::NotFound,
            format!(
                "There is no folder at {}: name your blog's folder.",
                p.display()
            ),
        ));
    }
    p.canonicalize().map_err(|e| Error::io(p, e))
}

/// The blog folder's path inside its Git working tree (`""` at the top), so annotation paths
/// are relative to the repository GitHub checked out.
fn git_prefix(root: &std::path::Path) -> String {
    let Ok(repo) = git2_discover(root) else {
        return String::new();
    };
    postdesk_core::paths::relative(&repo, root).unwrap_or_default()
}

fn git2_discover(root: &std::path::Path) -> Result<PathBuf, ()> {
    // Walk up to the folder holding `.git` (a file for worktrees, a folder otherwise).
    let mut p = Some(root);
    while let Some(d) = p {
        if d.join(".git").exists() {
            return Ok(d.to_path_buf());
        }
        p = d.parent();
    }
    Err(())
}

fn text(r: &Report) -> String {
    let mut s = String::new();
    for f in &r.findings {
        let mut loc = f.path.clone();
        if let Some(l) = f.line {
            loc.push_str(&format!(":{l}"));
            if let Some(c) = f.column {
                loc.push_str(&format!(":{c}"));
            }
        }
        s.push_str(&format!(
            "{loc}: {} [{}] {}\n",
            f.severity.as_str(),
            f.rule,
            f.message
        ));
    }
    s.push_str(&summary(r));
    s.push('\n');
    s
}

fn summary(r: &Report) -> String {
    let plural = |n: u32, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} and {} checked: {}, {}, {}",
        plural(r.posts_checked, "post"),
        plural(r.images_checked, "image"),
        plural(r.errors, "error"),
        plural(r.warnings, "warning"),
        plural(r.notices, "notice"),
    )
}

/// One GitHub Actions workflow command. Message data escapes `%`, CR and LF; property values
/// also escape `:` and `,` (actions/toolkit `command.ts`, `escapeData`/`escapeProperty`).
pub fn github(f: &Finding, prefix: &str) -> String {
    let file = if prefix.is_empty() {
        f.path.clone()
    } else {
        format!("{prefix}/{}", f.path)
    };
    let mut props = vec![format!("file={}", escape_property(&file))];
    if let Some(l) = f.line {
        props.push(format!("line={l}"));
        if let Some(c) = f.column {
            props.push(format!("col={c}"));
        }
    }
    props.push(format!("title={}", escape_property(&f.rule)));
    format!(
        "::{} {}::{}",
        f.severity.as_str(),
        props.join(","),
        escape_data(&f.message)
    )
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use postdesk_core::check::Severity;

    #[test]
    fn github_commands_escape_per_the_toolkit() {
        let f = Finding {
            rule: "img-missing".into(),
            severity: Severity::Error,
            path: "_posts/a,b:c.md".into(),
            line: Some(3),
            column: None,
            message: "100% broken\r\nsee: here, now".into(),
            field: None,
        };
        assert_eq!(
            github(&f, "blog"),
            "::error file=blog/_posts/a%2Cb%3Ac.md,line=3,title=img-missing::100%25 broken%0D%0Asee: here, now"
        );
    }
}
