//! Push, fetch and fast-forward pull through the system `git`, and pull-request URLs.
//!
//! Why the system `git` and not libgit2 for the network: see the module documentation of
//! [`crate::vcs`]. In short, credentials then work exactly as they do for the writer's own
//! `git push` (`~/.ssh/config`, ssh-agent, credential helpers, tokens), and Postdesk never
//! handles a secret. The child runs with `GIT_TERMINAL_PROMPT=0` and, unless the user set
//! their own ssh command, `ssh -o BatchMode=yes`, so a missing credential is a clear error
//! rather than a prompt on an invisible terminal. A push or fetch that prints nothing for
//! [`NetOptions::idle_timeout`] is stopped and reported as a network problem.
//!
//! Every failure leaves the local commits as they are.

use std::io::{BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, ErrorKind, Result};

/// Limits of a network operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetOptions {
    /// Stop the operation when `git` prints nothing (progress included) for this long.
    pub idle_timeout: Duration,
    /// Timeout of an ssh connection attempt, passed as `ConnectTimeout` when Postdesk sets
    /// the ssh command (the user did not configure one).
    pub connect_timeout_secs: u32,
}

impl Default for NetOptions {
    fn default() -> Self {
        NetOptions {
            idle_timeout: Duration::from_secs(120),
            connect_timeout_secs: 20,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// The branch did not exist on the remote.
    Created,
    /// The remote branch was fast-forwarded.
    Updated,
    /// The remote already had this commit.
    UpToDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PushOutcome {
    pub remote: String,
    /// The remote's URL with any password or token removed.
    pub url: String,
    pub branch: String,
    pub status: PushStatus,
    /// The web page that opens a pull/merge request of `branch`, when the host is known.
    pub compare_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FetchOutcome {
    pub remote: String,
    /// The remote's URL with any password or token removed.
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PullState {
    UpToDate,
    /// The branch moved forward to its upstream.
    FastForwarded,
    /// The branch has commits the upstream lacks and none are missing: push them.
    Ahead,
    /// Both sides have commits the other lacks; nothing was changed.
    Diverged,
    /// Both sides had commits: they were merged, in a merge commit ([`pull`] only).
    Merged,
    /// Both sides changed the same files: a merge is in progress for the merge view (or, when
    /// asked to, was aborted: nothing changed). The files are in `conflicts` ([`pull`] only).
    Conflicted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PullOutcome {
    pub branch: String,
    pub upstream: String,
    pub state: PullState,
    pub ahead: u32,
    pub behind: u32,
    /// What happened, for the writer.
    pub message: String,
    /// The files changed on both sides when `state` is `conflicted`.
    pub conflicts: Vec<String>,
}

/// Pushes local branch `branch` to `remote` (default: the branch's remote, else `origin`, else
/// the only remote), setting it as upstream. Progress lines (`git`'s stderr, one per update)
/// go to `progress`.
pub fn push(
    root: &Path,
    remote: Option<&str>,
    branch: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<PushOutcome> {
    push_with(root, remote, branch, progress, NetOptions::default())
}

/// [`push`] with explicit limits.
pub fn push_with(
    root: &Path,
    remote: Option<&str>,
    branch: &str,
    progress: &mut dyn FnMut(&str),
    opts: NetOptions,
) -> Result<PushOutcome> {
    let (repo, root) = super::open(root)?;
    let refname = format!("refs/heads/{branch}");
    if repo.find_reference(&refname).is_err() {
        return Err(Error::not_found(format!(
            "There is no local branch `{branch}` to push."
        )));
    }
    let (remote, url) = pick_remote(&repo, remote, Some(branch))?;
    let mut cmd = git(&root, &repo, opts);
    cmd.args(["push", "--porcelain", "--progress", "-u"])
        .arg(&remote)
        .arg(format!("{refname}:{refname}"));
    let out = run(cmd, progress, opts)?;
    // Porcelain: "<flag>\t<from>:<to>\t<summary> (<reason>)" per ref, on stdout.
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains(&format!(":{refname}\t")) || l.ends_with(&format!(":{refname}")));
    if let Some(line) = line {
        let flag = line.chars().next().unwrap_or(' ');
        let summary = line.splitn(3, '\t').nth(2).unwrap_or("").trim().to_string();
        let status = match flag {
            '*' => Some(PushStatus::Created),
            '=' => Some(PushStatus::UpToDate),
            ' ' | '+' => Some(PushStatus::Updated),
            _ => None,
        };
        if let (Some(status), true) = (status, out.success) {
            let base = super::default_branch(&repo).unwrap_or_else(|| "main".into());
            return Ok(PushOutcome {
                compare_url: compare_url(&url, branch, &base),
                remote,
                url: redact_url(&url),
                branch: branch.to_string(),
                status,
            });
        }
        if flag == '!' {
            return Err(rejected(branch, &remote, &summary));
        }
    }
    Err(classify(&out.stderr, &remote, &url, "push"))
}

/// Fetches `remote` (default: the current branch's remote, else `origin`).
pub fn fetch(
    root: &Path,
    remote: Option<&str>,
    progress: &mut dyn FnMut(&str),
) -> Result<FetchOutcome> {
    fetch_with(root, remote, progress, NetOptions::default())
}

/// [`fetch`] with explicit limits.
pub fn fetch_with(
    root: &Path,
    remote: Option<&str>,
    progress: &mut dyn FnMut(&str),
    opts: NetOptions,
) -> Result<FetchOutcome> {
    let (repo, root) = super::open(root)?;
    let branch = super::current_branch(&repo);
    let (remote, url) = pick_remote(&repo, remote, branch.as_deref())?;
    let mut cmd = git(&root, &repo, opts);
    cmd.args(["fetch", "--progress"]).arg(&remote);
    let out = run(cmd, progress, opts)?;
    if out.success {
        Ok(FetchOutcome {
            remote,
            url: redact_url(&url),
        })
    } else {
        Err(classify(&out.stderr, &remote, &url, "fetch"))
    }
}

/// Fetches the current branch's upstream and fast-forwards the branch to it. A diverged branch
/// is reported (state `diverged`), never merged; uncommitted changes that the update would
/// overwrite make it refuse, and all other local changes are kept.
pub fn pull_ff(root: &Path, progress: &mut dyn FnMut(&str)) -> Result<PullOutcome> {
    pull_ff_with(root, progress, NetOptions::default())
}

/// [`pull_ff`] with explicit limits.
pub fn pull_ff_with(
    root: &Path,
    progress: &mut dyn FnMut(&str),
    opts: NetOptions,
) -> Result<PullOutcome> {
    pull_impl(root, progress, opts, None)
}

/// Fetches the current branch's upstream and brings its commits in: a fast-forward when the
/// branch has none of its own, else a merge (see [`super::merge`]). Conflicts Postdesk cannot
/// merge leave a merge in progress for the merge view (`on_conflict` `Stop`) or are aborted
/// back to the exact state before (`Abort`); either way the outcome is `conflicted`, with the
/// files. Uncommitted changes that the update would overwrite make it refuse before starting;
/// all other local changes are kept.
pub fn pull(
    root: &Path,
    progress: &mut dyn FnMut(&str),
    on_conflict: super::OnConflict,
) -> Result<PullOutcome> {
    pull_with(root, progress, NetOptions::default(), on_conflict)
}

/// [`pull`] with explicit limits.
pub fn pull_with(
    root: &Path,
    progress: &mut dyn FnMut(&str),
    opts: NetOptions,
    on_conflict: super::OnConflict,
) -> Result<PullOutcome> {
    pull_impl(root, progress, opts, Some(on_conflict))
}

/// A pull: fast-forward only when `merge` is `None`.
fn pull_impl(
    root: &Path,
    progress: &mut dyn FnMut(&str),
    opts: NetOptions,
    merge: Option<super::OnConflict>,
) -> Result<PullOutcome> {
    let (repo, root) = super::open(root)?;
    if merge.is_some() {
        if let Some(op) = super::operation_in_progress(&repo) {
            return Err(Error::conflict(format!(
                "Git is in the middle of {op} in this blog; finish or abort it before pulling (Postdesk shows it in the merge view)."
            )));
        }
    }
    let Some(branch) = super::current_branch(&repo) else {
        return Err(Error::conflict(
            "HEAD is detached (no branch is checked out); switch to a branch to update it.",
        ));
    };
    let remote_of_branch = repo
        .branch_upstream_remote(&format!("refs/heads/{branch}"))
        .ok()
        .and_then(|b| b.as_str().ok().map(str::to_string));
    fetch_with(&root, remote_of_branch.as_deref(), progress, opts)?;
    let Some(upstream) = super::status::upstream_of(&repo, &branch) else {
        return Err(Error::not_found(format!(
            "Branch `{branch}` has no counterpart on the remote yet; push it first."
        )));
    };
    let local = repo.head()?.peel_to_commit()?.id();
    let theirs = repo
        .find_reference(&format!("refs/remotes/{upstream}"))?
        .peel_to_commit()?
        .id();
    let (ahead, behind) = repo.graph_ahead_behind(local, theirs)?;
    let (ahead, behind) = (ahead as u32, behind as u32);
    let mk = |state, message: String| PullOutcome {
        branch: branch.clone(),
        upstream: upstream.clone(),
        state,
        ahead,
        behind,
        message,
        conflicts: Vec::new(),
    };
    if behind == 0 && ahead == 0 {
        return Ok(mk(
            PullState::UpToDate,
            format!("`{branch}` is up to date with `{upstream}`."),
        ));
    }
    if behind == 0 {
        return Ok(mk(
            PullState::Ahead,
            format!(
                "`{branch}` has {ahead} commit(s) that `{upstream}` does not have yet: push them."
            ),
        ));
    }
    if ahead > 0 {
        if let Some(on_conflict) = merge {
            return merge_upstream(&root, &upstream, on_conflict, mk);
        }
        return Ok(mk(
            PullState::Diverged,
            format!(
                "`{branch}` and `{upstream}` have diverged: {ahead} local commit(s) are not on the remote and {behind} remote commit(s) are not here. Nothing was changed. Someone else pushed to this branch; combine the two with `git pull --rebase` (or ask a Git-savvy colleague), then push."
            ),
        ));
    }
    // Fast-forward with `git merge --ff-only`: it updates the working tree and index like any
    // `git pull`, keeps unrelated local changes and refuses when one would be overwritten.
    let mut cmd = git(&root, &repo, opts);
    cmd.args(["merge", "--ff-only", "--no-edit"])
        .arg(theirs.to_string());
    let out = run(cmd, &mut |_| {}, opts)?;
    if !out.success {
        return Err(Error::conflict(format!(
            "Could not update `{branch}` to `{upstream}`: {}\nYour files and commits were left as they were.",
            last_lines(&out.stderr, 6)
        )));
    }
    Ok(mk(
        PullState::FastForwarded,
        format!("`{branch}` moved forward by {behind} commit(s) from `{upstream}`."),
    ))
}

/// A diverged pull: merges `upstream` into the branch.
fn merge_upstream(
    root: &Path,
    upstream: &str,
    on_conflict: super::OnConflict,
    mk: impl Fn(PullState, String) -> PullOutcome,
) -> Result<PullOutcome> {
    use super::merge::{self, Started};
    let started = match merge::merge_in(root, upstream) {
        Err(e) if on_conflict == super::OnConflict::Abort => {
            merge::abort_if_started(root);
            return Err(e);
        }
        other => other?,
    };
    match started {
        Started::Done(oid) => {
            let out = mk(PullState::Merged, String::new());
            let message = format!(
                "`{}` had {} commit(s) of its own and `{upstream}` {} new one(s): they were merged (commit {}). Push to share the result.",
                out.branch,
                out.ahead,
                out.behind,
                &oid.to_string()[..7]
            );
            Ok(PullOutcome { message, ..out })
        }
        Started::Conflicts(files) => {
            if on_conflict == super::OnConflict::Abort {
                merge::abort(root)?;
            }
            let message =
                merge::conflict_message(&files, upstream, on_conflict, "Pull", "git pull");
            Ok(PullOutcome {
                conflicts: files,
                ..mk(PullState::Conflicted, message)
            })
        }
    }
}

/// The remote to use and its push URL.
fn pick_remote(
    repo: &git2::Repository,
    asked: Option<&str>,
    branch: Option<&str>,
) -> Result<(String, String)> {
    let name = match asked {
        Some(n) => n.to_string(),
        None => branch
            .and_then(|b| {
                repo.branch_upstream_remote(&format!("refs/heads/{b}"))
                    .ok()
                    .and_then(|r| r.as_str().ok().map(str::to_string))
            })
            .or_else(|| super::default_remote_name(repo))
            .ok_or_else(|| {
                Error::not_found(
                    "This blog has no remote to push to. Add the repository you cloned from with `git remote add origin <URL>`.",
                )
            })?,
    };
    let remote = repo.find_remote(&name).map_err(|_| {
        Error::not_found(format!(
            "This blog has no remote named `{name}`. Add it with `git remote add {name} <URL>` (see `git remote -v` for the ones it has)."
        ))
    })?;
    let url = remote
        .pushurl()
        .ok()
        .flatten()
        .or(remote.url().ok())
        .unwrap_or_default()
        .to_string();
    Ok((name, url))
}

/// A `git` command in the repository, set up never to prompt and never to translate messages.
fn git(root: &Path, repo: &git2::Repository, opts: NetOptions) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let user_ssh = std::env::var_os("GIT_SSH_COMMAND").is_some()
        || std::env::var_os("GIT_SSH").is_some()
        || repo
            .config()
            .map(|c| c.get_string("core.sshCommand").is_ok())
            .unwrap_or(false);
    if !user_ssh {
        // ssh reads ~/.ssh/config as usual; these two options only stop it from asking on a
        // terminal (unknown host key, key passphrase without an agent) or waiting forever.
        cmd.env(
            "GIT_SSH_COMMAND",
            format!(
                "ssh -o BatchMode=yes -o ConnectTimeout={}",
                opts.connect_timeout_secs
            ),
        );
    }
    cmd
}

struct RunOutput {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs `cmd`, passing stderr lines (split on `\r` and `\n`) to `progress`, and stops it when
/// it stays silent for `opts.idle_timeout`.
fn run(mut cmd: Command, progress: &mut dyn FnMut(&str), opts: NetOptions) -> Result<RunOutput> {
    let mut child: Child = cmd.spawn().map_err(|e| {
        Error::git(format!(
            "Postdesk pushes and fetches with the `git` program, which could not be run ({e}). Install Git (https://git-scm.com/downloads) and try again; your commits are safe."
        ))
    })?;
    let (tx, rx) = mpsc::channel::<Option<String>>();
    let stderr = child.stderr.take();
    let err_tx = tx.clone();
    let err_thread = std::thread::spawn(move || {
        let Some(stderr) = stderr else { return };
        let mut reader = BufReader::new(stderr);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            // Progress lines end with '\r'; messages with '\n'.
            let mut byte = [0u8; 1];
            let mut eof = false;
            loop {
                match reader.read(&mut byte) {
                    Ok(0) | Err(_) => {
                        eof = true;
                        break;
                    }
                    Ok(_) if byte[0] == b'\n' || byte[0] == b'\r' => break,
                    Ok(_) => buf.push(byte[0]),
                }
            }
            if !buf.is_empty() {
                let _ = err_tx.send(Some(String::from_utf8_lossy(&buf).into_owned()));
            }
            if eof {
                break;
            }
        }
        let _ = err_tx.send(None);
    });
    let stdout = child.stdout.take();
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut o) = stdout {
            let _ = o.read_to_string(&mut s);
        }
        // Wake the loop in case stderr closed first.
        let _ = tx.send(Some(String::new()));
        s
    });
    let mut stderr_text = String::new();
    let mut last_progress: Option<String> = None;
    loop {
        match rx.recv_timeout(opts.idle_timeout) {
            Ok(Some(line)) => {
                if line.is_empty() {
                    continue;
                }
                // Counting lines ("Writing objects: 45%") repeat; keep only their final state
                // in the error text, but pass every update on.
                progress(&line);
                if is_progress(&line) {
                    last_progress = Some(line);
                } else {
                    stderr_text.push_str(&line);
                    stderr_text.push('\n');
                }
            }
            Ok(None) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::new(
                    ErrorKind::Network,
                    format!(
                        "The remote did not answer for {} seconds, so Postdesk stopped waiting. Check your connection (VPN, proxy) and try again; your commits are kept.",
                        opts.idle_timeout.as_secs()
                    ),
                ));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = last_progress;
    let status = child.wait().map_err(|e| Error::git(format!("git: {e}")))?;
    let _ = err_thread.join();
    let stdout = out_thread.join().unwrap_or_default();
    Ok(RunOutput {
        success: status.success(),
        stdout,
        stderr: stderr_text,
    })
}

fn is_progress(line: &str) -> bool {
    [
        "Enumerating objects",
        "Counting objects",
        "Compressing objects",
        "Writing objects",
        "Receiving objects",
        "Resolving deltas",
        "remote: Counting",
        "remote: Compressing",
        "remote: Enumerating",
        "remote: Total",
        "Total ",
        "Delta compression",
    ]
    .iter()
    .any(|p| line.starts_with(p))
}

fn last_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn rejected(branch: &str, remote: &str, summary: &str) -> Error {
    let why = if summary.contains("non-fast-forward") || summary.contains("fetch first") {
        format!(
            "`{remote}/{branch}` has commits that this branch does not have (someone else pushed to it). Fetch and update first (Pull), then push again."
        )
    } else if summary.contains("remote rejected") {
        format!("The remote refused it: {summary}.")
    } else {
        format!("The remote rejected it ({summary}).")
    };
    Error::new(
        ErrorKind::Rejected,
        format!("Push of `{branch}` to `{remote}` was rejected. {why} Your commit is kept."),
    )
}

/// Turns `git`'s error output into a message naming the kind of failure.
fn classify(stderr: &str, remote: &str, url: &str, op: &str) -> Error {
    let s = stderr.to_lowercase();
    let detail = redact_text(&last_lines(stderr, 4));
    let url = redact_url(url);
    let has = |needles: &[&str]| needles.iter().any(|n| s.contains(n));
    if has(&["host key verification failed"]) {
        return Error::new(
            ErrorKind::Auth,
            format!(
                "The {op} to `{remote}` ({url}) failed: this computer does not know the server's SSH host key yet. Connect once from a terminal (for example `ssh -T git@github.com`) and accept the key, then try again. Your commits are kept.\n{detail}"
            ),
        );
    }
    if has(&[
        "authentication failed",
        "permission denied",
        "could not read username",
        "could not read password",
        "terminal prompts disabled",
        "access denied",
        "http basic",
        "returned error: 401",
        "returned error: 403",
        "invalid username or password",
        "invalid credentials",
        "not authorized",
    ]) {
        return Error::new(
            ErrorKind::Auth,
            format!(
                "The {op} to `{remote}` ({url}) failed: the server did not accept your credentials. Check that `git {op}` works from a terminal: for SSH, that your key is loaded (`ssh-add`) and registered with the host; for HTTPS, that a credential helper or token is set up. Your commits are kept.\n{detail}"
            ),
        );
    }
    if has(&[
        "could not resolve host",
        "could not resolve hostname",
        "name or service not known",
        "temporary failure in name resolution",
        "connection refused",
        "connection timed out",
        "operation timed out",
        "timed out",
        "network is unreachable",
        "no route to host",
        "failed to connect",
        "couldn't connect",
        "connection reset",
        "unable to access",
        "connection closed by",
        "ssh: connect to host",
        "the remote end hung up unexpectedly",
    ]) {
        return Error::new(
            ErrorKind::Network,
            format!(
                "Could not reach `{remote}` ({url}). Check your internet connection (and VPN or proxy) and try again. Your commits are kept.\n{detail}"
            ),
        );
    }
    if has(&[
        "does not appear to be a git repository",
        "repository not found",
        "no such remote",
        "not found",
    ]) {
        return Error::not_found(format!(
            "`{remote}` ({url}) is not a repository Postdesk can reach: the address may be wrong, or you may lack access to it. Check `git remote -v`. Your commits are kept.\n{detail}"
        ));
    }
    Error::git(format!(
        "git {op} to `{remote}` failed. Your commits are kept.\n{detail}"
    ))
}

/// The URL with its whole user part hidden (`https://user:tok@h/` and `https://glpat-…@h/` →
/// `https://***@h/`), safe to show and log. An SSH user name alone (`ssh://git@h/`) is kept:
/// it is never a secret. URLs without a scheme (`git@host:path`) are left as they are.
pub fn redact_url(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        let (auth, tail) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if let Some((userinfo, host)) = auth.rsplit_once('@') {
            let ssh = matches!(scheme.to_ascii_lowercase().as_str(), "ssh" | "git+ssh");
            let user = if ssh && !userinfo.contains(':') {
                userinfo
            } else {
                "***"
            };
            return format!("{scheme}://{user}@{host}{tail}");
        }
    }
    url.to_string()
}

/// `text` (git's own output, say) with every URL in it passed through [`redact_url`].
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        // The URL starts after the last character that cannot be in a scheme.
        let start = rest[..i]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |p| p + 1);
        let end = rest[i..]
            .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '<' | '>' | '`'))
            .map_or(rest.len(), |p| i + p);
        out.push_str(&rest[..start]);
        out.push_str(&redact_url(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The web page that opens a pull (merge) request of `branch` into `base`, from the remote's
/// URL (`https://host/owner/repo(.git)`, `ssh://git@host[:port]/owner/repo.git`,
/// `git@host:owner/repo.git`). GitHub, GitLab (gitlab.com and hosts named `gitlab.*`),
/// Bitbucket Cloud, Gitea/Forgejo (codeberg.org and hosts named `gitea.*`/`forgejo.*`).
/// `None` for other hosts and local paths.
pub fn compare_url(remote_url: &str, branch: &str, base: &str) -> Option<String> {
    let (host, path) = host_and_path(remote_url)?;
    let path = path
        .trim_matches('/')
        .trim_end_matches(".git")
        .trim_matches('/');
    if path.is_empty() || !path.contains('/') {
        return None;
    }
    let enc = |s: &str| percent_encoding::utf8_percent_encode(s, BRANCH_SET).to_string();
    let (b, base_e) = (enc(branch), enc(base));
    let host_l = host.to_lowercase();
    let first = host_l.split('.').next().unwrap_or("");
    if host_l == "github.com" || host_l == "ssh.github.com" || first == "github" {
        let host = if host_l == "ssh.github.com" {
            "github.com"
        } else {
            &host
        };
        return Some(format!(
            "https://{host}/{path}/compare/{base_e}...{b}?expand=1"
        ));
    }
    if host_l == "gitlab.com" || first == "gitlab" || host_l == "altssh.gitlab.com" {
        let host = if host_l == "altssh.gitlab.com" {
            "gitlab.com"
        } else {
            &host
        };
        return Some(format!(
            "https://{host}/{path}/-/merge_requests/new?merge_request%5Bsource_branch%5D={b}&merge_request%5Btarget_branch%5D={base_e}"
        ));
    }
    if host_l == "bitbucket.org" || host_l == "altssh.bitbucket.org" {
        return Some(format!(
            "https://bitbucket.org/{path}/pull-requests/new?source={b}&dest={base_e}"
        ));
    }
    if host_l == "codeberg.org" || first == "gitea" || first == "forgejo" {
        return Some(format!("https://{host}/{path}/compare/{base_e}...{b}"));
    }
    None
}

/// Characters escaped in a branch name inside a URL (`/` is kept: hosts expect it raw).
const BRANCH_SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.');

/// Host (no user, no port) and path of a remote URL, for the URL forms Git accepts.
fn host_and_path(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    if let Some((scheme, rest)) = url.split_once("://") {
        if !matches!(
            scheme,
            "https" | "http" | "ssh" | "git" | "git+ssh" | "ssh+git"
        ) {
            return None;
        }
        let (auth, path) = rest.split_at(rest.find('/')?);
        let hostport = auth.rsplit_once('@').map(|(_, h)| h).unwrap_or(auth);
        let host = hostport.split(':').next()?.to_string();
        return Some((host, path.to_string()));
    }
    // scp-like: [user@]host:path — but not a Windows drive or a local path.
    let (auth, path) = url.split_once(':')?;
    if auth.contains('/') || auth.len() < 2 || path.starts_with("//") {
        return None;
    }
    let host = auth.rsplit_once('@').map(|(_, h)| h).unwrap_or(auth);
    Some((host.to_string(), path.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_urls_for_known_hosts_and_url_forms() {
        let gh = "https://github.com/acme/blog/compare/main...post/my-trip?expand=1";
        for u in [
            "https://github.com/acme/blog.git",
            "https://github.com/acme/blog",
            "https://user:tok@github.com/acme/blog.git",
            "git@github.com:acme/blog.git",
            "ssh://git@github.com/acme/blog.git",
            "ssh://git@ssh.github.com:443/acme/blog.git",
        ] {
            assert_eq!(
                compare_url(u, "post/my-trip", "main").as_deref(),
                Some(gh),
                "{u}"
            );
        }
        assert_eq!(
            compare_url("git@gitlab.com:grp/sub/blog.git", "post/a", "main").as_deref(),
            Some("https://gitlab.com/grp/sub/blog/-/merge_requests/new?merge_request%5Bsource_branch%5D=post/a&merge_request%5Btarget_branch%5D=main")
        );
        assert_eq!(
            compare_url("https://bitbucket.org/team/blog.git", "post/a", "master").as_deref(),
            Some("https://bitbucket.org/team/blog/pull-requests/new?source=post/a&dest=master")
        );
        assert_eq!(
            compare_url("ssh://git@codeberg.org/me/blog.git", "post/a b", "main").as_deref(),
            Some("https://codeberg.org/me/blog/compare/main...post/a%20b")
        );
        assert_eq!(
            compare_url("https://gitea.example.org/me/blog.git", "post/a", "main").as_deref(),
            Some("https://gitea.example.org/me/blog/compare/main...post/a")
        );
        assert_eq!(compare_url("/srv/git/blog.git", "post/a", "main"), None);
        assert_eq!(
            compare_url("file:///srv/git/blog.git", "post/a", "main"),
            None
        );
        assert_eq!(
            compare_url("https://example.org/me/blog.git", "post/a", "main"),
            None
        );
        assert_eq!(compare_url("C:\\repos\\blog", "post/a", "main"), None);
    }

    #[test]
    fn urls_lose_their_secrets() {
        assert_eq!(
            redact_url("https://me:ghp_secret@github.com/a/b.git"),
            "https://***@github.com/a/b.git"
        );
        // A GitLab token as the user part (issue 23, finding 8): hidden whole.
        assert_eq!(
            redact_url("https://glpat-AbC_12-xYz9@gitlab.com/a/b.git"),
            "https://***@gitlab.com/a/b.git"
        );
        assert_eq!(
            redact_url("https://oauth2:glpat-x@gitlab.com/a/b"),
            "https://***@gitlab.com/a/b"
        );
        assert_eq!(
            redact_url("ssh://git@host:22/a/b.git"),
            "ssh://git@host:22/a/b.git"
        );
        assert_eq!(
            redact_url("ssh://git:pw@host/a/b.git"),
            "ssh://***@host/a/b.git"
        );
        let err = classify(
            "fatal: unable to access 'https://glpat-AbC_12-xYz9@gitlab.com/a/b.git/': The requested URL returned error: 403",
            "origin",
            "https://glpat-AbC_12-xYz9@gitlab.com/a/b.git",
            "push",
        );
        assert!(!err.message.contains("glpat"), "{}", err.message);
        assert!(
            err.message.contains("https://***@gitlab.com/a/b.git"),
            "{}",
            err.message
        );
        assert_eq!(
            redact_url("https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/a/b"),
            "https://***@github.com/a/b"
        );
        assert_eq!(
            redact_url("git@github.com:a/b.git"),
            "git@github.com:a/b.git"
        );
    }

    #[test]
    fn failures_are_classified() {
        let k = |s: &str| classify(s, "origin", "https://h/x", "push").kind;
        assert_eq!(
            k("fatal: Authentication failed for 'https://h/x/'"),
            ErrorKind::Auth
        );
        assert_eq!(
            k("git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository."),
            ErrorKind::Auth
        );
        assert_eq!(
            k("fatal: could not read Username for 'https://h': terminal prompts disabled"),
            ErrorKind::Auth
        );
        assert_eq!(
            k("ssh: connect to host 127.0.0.1 port 9: Connection refused\nfatal: Could not read from remote repository."),
            ErrorKind::Network
        );
        assert_eq!(
            k("fatal: unable to access 'https://h/x/': Could not resolve host: h"),
            ErrorKind::Network
        );
        assert_eq!(
            k("fatal: '/nope' does not appear to be a git repository"),
            ErrorKind::NotFound
        );
        assert_eq!(
            rejected("post/a", "origin", "[rejected] (non-fast-forward)").kind,
            ErrorKind::Rejected
        );
    }
}
