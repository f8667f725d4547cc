//! Tests only: where the tests find what lives outside the repository — the shared corpus
//! (`../shared/corpus`: 310 real posts, real photos) and system tools (`ssh-keygen`, `sshd`,
//! `git-lfs`…) — and what happens when one is missing.
//!
//! A missing corpus or tool **fails** the test that needs it, naming what is missing and where
//! it was looked for: CI installs everything, so a green run means every test ran. A run that
//! has none says so explicitly — `POSTDESK_NO_CORPUS=1` or `POSTDESK_NO_TOOLS=1` — and then each
//! test that could not run is recorded by name in `target/skipped-tests.txt`, which
//! `make test-rust` prints after the run.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The workspace's root (this crate lives at `crates/postdesk-testkit`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where the corpus is looked for: `$POSTDESK_CORPUS` alone when it is set (so a run can
/// point elsewhere, or nowhere), else `../shared/corpus` beside the checkout, then one level
/// further up (a worktree under `wt/<name>`).
fn corpus_bases() -> Vec<PathBuf> {
    if let Some(c) = std::env::var_os("POSTDESK_CORPUS") {
        return vec![PathBuf::from(c)];
    }
    let ws = workspace();
    vec![ws.join("../shared/corpus"), ws.join("../../shared/corpus")]
}

/// The shared corpus's `name` (`bedrock-jekyll`, `photos`), or `None` when the run said it has
/// no corpus (the calling test is then recorded as skipped). Panics when it is missing and the
/// run did not say so.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let bases = corpus_bases();
    if let Some(p) = bases.iter().map(|b| b.join(name)).find(|p| p.is_dir()) {
        return Some(p.canonicalize().unwrap_or(p));
    }
    let looked: Vec<String> = bases
        .iter()
        .map(|b| b.join(name).display().to_string())
        .collect();
    missing(
        "POSTDESK_NO_CORPUS",
        &format!(
            "the shared corpus `{name}` is missing (looked in {}). Set POSTDESK_CORPUS to the folder holding it",
            looked.join(", ")
        ),
    )
}

/// A file of the shared corpus (`corpus_file("photos", "x.jpg")`); as [`corpus`].
pub fn corpus_file(name: &str, file: &str) -> Option<PathBuf> {
    let p = corpus(name)?.join(file);
    assert!(p.exists(), "the shared corpus has no {}", p.display());
    Some(p)
}

/// The path of a system tool the test runs, or `None` when the run said it has none
/// (`POSTDESK_NO_TOOLS=1`; the test is recorded as skipped). Panics when it is missing and the
/// run did not say so. `hint` says how to install it.
pub fn tool(program: &str, hint: &str) -> Option<PathBuf> {
    if let Some(p) = which(program) {
        return Some(p);
    }
    missing(
        "POSTDESK_NO_TOOLS",
        &format!("`{program}` is not installed ({hint}); `make test` installs it"),
    )
}

/// Something a test needs could not be used (`why`): fails the test, unless the run said it
/// has no such tools (`POSTDESK_NO_TOOLS=1`; the test is then recorded as skipped). For needs
/// [`tool`] cannot see, like a server that will not start.
pub fn unavailable(why: &str) {
    let _: Option<()> = missing("POSTDESK_NO_TOOLS", why);
}

fn which(program: &str) -> Option<PathBuf> {
    let extra = ["/usr/sbin", "/sbin"];
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(extra.iter().map(PathBuf::from))
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

fn missing<T>(switch: &str, what: &str) -> Option<T> {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test outside the test harness")
        .to_string();
    if std::env::var_os(switch).is_some_and(|v| !v.is_empty() && v != "0") {
        record_skip(&test, what);
        return None;
    }
    panic!(
        "{test}: {what}, or set {switch}=1 to run without it (the test is then listed as skipped)."
    );
}

fn record_skip(test: &str, why: &str) {
    let dir = workspace().join("target");
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("skipped-tests.txt"))
    {
        let _ = writeln!(f, "{test}: {why}");
    }
    eprintln!("skipped {test}: {why}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_corpus_fails_unless_the_run_says_so() {
        // Both branches are exercised in one test: the environment is process-wide.
        std::env::set_var("POSTDESK_CORPUS", "/nonexistent/corpus");
        let r = std::panic::catch_unwind(|| corpus("no-such-corpus-name"));
        let msg = r.expect_err("a missing corpus must fail the test");
        let msg = msg.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(msg.contains("no-such-corpus-name"), "{msg}");
        assert!(msg.contains("POSTDESK_NO_CORPUS"), "{msg}");
        std::env::set_var("POSTDESK_NO_CORPUS", "1");
        assert_eq!(corpus("no-such-corpus-name"), None);
        let skipped =
            std::fs::read_to_string(workspace().join("target/skipped-tests.txt")).unwrap();
        assert!(
            skipped.contains("a_missing_corpus_fails_unless_the_run_says_so"),
            "{skipped}"
        );
        std::env::remove_var("POSTDESK_NO_CORPUS");
        std::env::remove_var("POSTDESK_CORPUS");
    }

    #[test]
    fn a_present_tool_is_found() {
        assert!(tool("sh", "always there").is_some());
    }
}
