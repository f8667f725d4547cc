//! The README's examples, exactly as written: every CLI line names a subcommand and flags the
//! binary accepts, the `postdesk check` examples and the GitHub workflow run on a real blog,
//! and `make run` / `make test` are targets of the Makefile. (The `.postdesk.toml` example is
//! `config_readme.rs`.) A documented command can then never be one the CLI refuses.

mod common;
use common::{copy_fixture, postdesk};
use std::path::Path;
use std::process::Command;

const README: &str = include_str!("../../../README.md");

/// The fenced blocks of `lang` in the README, each as its lines.
fn blocks(lang: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<String>> = None;
    for l in README.lines() {
        match &mut cur {
            None if l.trim() == format!("```{lang}") => cur = Some(Vec::new()),
            Some(b) if l.trim() == "```" => {
                out.push(std::mem::take(b));
                cur = None;
            }
            Some(b) => b.push(l.to_string()),
            None => {}
        }
    }
    out
}

/// A command line without its trailing `# comment`.
fn command(line: &str) -> &str {
    line.split(" #").next().unwrap().trim()
}

fn flags(line: &str) -> Vec<&str> {
    command(line)
        .split(|c: char| c.is_whitespace() || c == '[' || c == ']' || c == '|')
        .filter(|t| t.starts_with("--") && t.len() > 2)
        .map(|t| t.split('=').next().unwrap().trim_end_matches("..."))
        .collect()
}

#[test]
fn every_cli_line_is_a_subcommand_with_flags_the_binary_accepts() {
    let synopsis = blocks("sh")
        .into_iter()
        .find(|b| b.iter().any(|l| l.starts_with("postdesk site ")))
        .expect("the README's CLI synopsis block");
    assert!(synopsis.len() >= 15, "{synopsis:?}");
    for line in &synopsis {
        let words: Vec<&str> = command(line)
            .split_whitespace()
            .skip(1)
            .take_while(|w| {
                w.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !w.starts_with('-')
            })
            .collect();
        assert!(!words.is_empty(), "no subcommand in {line:?}");
        let mut args: Vec<&str> = words.clone();
        args.push("--help");
        let (code, help, err) = postdesk(&args);
        assert_eq!(
            code,
            0,
            "`postdesk {}` is not a subcommand: {err}",
            words.join(" ")
        );
        for f in flags(line) {
            assert!(
                help.contains(f),
                "the README documents `{f}` for `postdesk {}`, which does not accept it:\n{help}",
                words.join(" ")
            );
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=T", "-c", "user.email=t@x.invalid"])
        .args(args)
        .status()
        .unwrap();
    assert!(ok.success(), "git {args:?}");
}

/// The check fixture blog, committed on `master` with `origin/master` at that commit, and one
/// post changed since (what a pull request looks like).
fn blog_with_a_base() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, root) = copy_fixture("check/blog");
    std::fs::write(
        root.join("_posts/2024-03-01-x.md"),
        "---\ntitle: X\nauthor: alice\ntags: [news]\n---\nText.\n",
    )
    .unwrap();
    git(&root, &["checkout", "-q", "-b", "master"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "base"]);
    git(&root, &["update-ref", "refs/remotes/origin/master", "HEAD"]);
    std::fs::write(
        root.join("_posts/2024-03-01-x.md"),
        "---\ntitle: X\ntags: [news]\n---\nChanged ![](/nope.png).\n",
    )
    .unwrap();
    (d, root)
}

#[test]
fn the_check_examples_run_as_written() {
    let examples = blocks("sh")
        .into_iter()
        .find(|b| {
            b.iter()
                .any(|l| l.starts_with("postdesk check path/to/blog"))
        })
        .expect("the README's check examples");
    let (_d, root) = blog_with_a_base();
    let root_s = root.display().to_string();
    for line in &examples {
        let cmd = command(line).replace("path/to/blog", &root_s);
        let args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_postdesk"))
            .args(&args)
            .current_dir(&root)
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        // 0: clean, 1: findings; anything else is a refused command line.
        assert!(matches!(out.status.code(), Some(0 | 1)), "{line}: {stderr}");
        if cmd.contains("--format json") {
            let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
            assert!(v.is_object() || v.is_array(), "{v}");
        }
        if cmd.contains("--format github") {
            assert!(
                stdout
                    .lines()
                    .any(|l| l.starts_with("::error file=_posts/2024-03-01-x.md")),
                "the changed post's missing image, as a GitHub annotation: {stdout}"
            );
            assert!(
                !stdout.contains("2024-01-10-first-post"),
                "only changed posts: {stdout}"
            );
        }
    }
}

#[test]
fn the_github_workflow_parses_and_its_check_step_runs() {
    let yaml = blocks("yaml")
        .into_iter()
        .find(|b| b.iter().any(|l| l.contains("check-posts.yml")))
        .expect("the README's workflow")
        .join("\n");
    use saphyr::LoadableYamlNode;
    let docs = saphyr::Yaml::load_from_str(&yaml).expect("the workflow is YAML");
    let steps = docs[0]["jobs"]["check"]["steps"]
        .as_vec()
        .expect("jobs.check.steps");
    let run = steps
        .iter()
        .filter_map(|s| s.as_mapping_get("run").and_then(|r| r.as_str()))
        .find(|r| r.starts_with("postdesk check"))
        .expect("a step running postdesk check");
    // GitHub fills in the base branch; the rest runs as written, from the blog's root.
    let run = run.replace("${{ github.base_ref }}", "master");
    let (_d, root) = blog_with_a_base();
    let out = Command::new("sh")
        .arg("-c")
        .arg(&run)
        .current_dir(&root)
        .env(
            "PATH",
            format!(
                "{}:{}",
                Path::new(env!("CARGO_BIN_EXE_postdesk"))
                    .parent()
                    .unwrap()
                    .display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings fail the job: {stdout}"
    );
    assert!(
        stdout.contains("::error file=_posts/2024-03-01-x.md"),
        "{stdout}"
    );
}

#[test]
fn the_set_up_commands_are_makefile_targets() {
    let first = blocks("sh").into_iter().next().expect("the set-up block");
    let makefile = include_str!("../../../Makefile");
    for line in first {
        let target = command(&line)
            .strip_prefix("make ")
            .unwrap_or_else(|| panic!("{line:?} is not a make command"));
        assert!(
            makefile
                .lines()
                .any(|l| l.starts_with(&format!("{target}:"))),
            "README's `make {target}` is not a target of the Makefile"
        );
    }
}
