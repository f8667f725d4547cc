//! A running development server of the blog's own generator.
//!
//! - **No orphans.** The command runs under a small `sh` watchdog that leads its own process
//!   group (the generator and whatever it starts belong to it). The watchdog reads its standard
//!   input, a pipe from Postdesk: when Postdesk closes it — on [`SiteServer::stop`], on drop, or
//!   because Postdesk itself died, even of `SIGKILL` — the watchdog ends the whole group
//!   (`TERM`, then `KILL` after 3 s). [`SiteServer::stop`] also signals the group itself and
//!   returns once no process of it is left.
//! - **Ready** when the port answers HTTP (the generators answer only once the first build is
//!   done); **failed** when the command ends, with a sentence made from its output: a missing
//!   Jekyll plugin or gem, a build error, a port in use.
//! - **Rebuilds**: the lines with which each generator ends a build (Jekyll's `done in`,
//!   Hugo's `Total in`, Zola's `Done in`) count [`SiteStatus::generation`], so the window
//!   reloads the page once the build of a save is done; an error reported during a rebuild is
//!   [`SiteStatus::build_error`] until the next good build.
//! - **Output** is kept in a bounded log ([`LOG_LINES`] lines, colours removed) for the log
//!   drawer.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

use super::command::{self, Generator, Plan};
use super::worktree::Worktree;
use crate::config::PreviewConfig;
use crate::error::{Error, Result};
use crate::site::Site;

/// The most lines of output kept for the log drawer.
pub const LOG_LINES: usize = 2000;

/// The watchdog: runs `"$@"` in the background, ends the process group when its standard
/// input closes (Postdesk stopped the server or went away), and exits with the command's
/// status when the command ends by itself (ending what it left behind).
const WATCHDOG: &str = r#"exec 3<&0
"$@" </dev/null &
g=$!
{ trap '' TERM; read -r _ <&3; kill -s TERM -- -$$ 2>/dev/null; sleep 3; kill -s KILL -- -$$ 2>/dev/null; } &
w=$!
exec 0</dev/null 3<&-
wait "$g"
s=$?
trap '' TERM
kill -s TERM -- -$$ 2>/dev/null
kill -s KILL "$w" 2>/dev/null
exit $s
"#;

/// Where the server is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SiteState {
    /// Started, building the site: the port does not answer yet.
    Starting,
    /// The port answers: the site can be shown.
    Ready,
    /// The command ended (or never started): [`SiteStatus::message`] says why.
    Failed,
    /// Stopped by Postdesk.
    Stopped,
}

/// What the window shows of a server.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SiteStatus {
    pub state: SiteState,
    pub generator: Generator,
    /// The command as run.
    pub command: String,
    /// The site's root on the server.
    pub base_url: String,
    /// Builds the generator finished (the first one included); a change means the pages changed.
    pub generation: u32,
    /// Why it failed, in a sentence naming what to install or fix.
    pub message: Option<String>,
    /// The error the last rebuild reported (the server still serves the pages built before).
    pub build_error: Option<String>,
    /// Lines of output so far (the log drawer asks for those after the ones it has).
    pub log_total: u32,
}

/// A part of the server's output.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SiteLog {
    /// The number of the first line in `lines` (lines before it were dropped or asked before).
    pub first: u32,
    pub lines: Vec<String>,
    pub total: u32,
}

/// Where a post's page is on the server.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PageUrl {
    /// The page's full URL (`http://127.0.0.1:PORT/…`).
    pub url: String,
    /// Whether the server answered it; `false`: the rules' best guess, which the server does
    /// not know (the generator skipped the post, or the site routes it elsewhere).
    pub found: bool,
}

struct Inner {
    state: SiteState,
    message: Option<String>,
    generation: u32,
    build_error: Option<String>,
    log: VecDeque<String>,
    total: u32,
}

struct Shared {
    inner: Mutex<Inner>,
    child: Mutex<Child>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
    fn child(&self) -> MutexGuard<'_, Child> {
        self.child.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The blog's own development server, running (see the module documentation).
pub struct SiteServer {
    plan: Plan,
    root: PathBuf,
    site: Site,
    preview: PreviewConfig,
    pgid: u32,
    lifeline: Mutex<Option<ChildStdin>>,
    shared: Arc<Shared>,
    /// The revision's work tree (reviews); removed after the server stopped.
    worktree: Option<Worktree>,
}

impl SiteServer {
    /// Starts the server of the blog at `root` (its work tree, or `worktree`'s) on a free port.
    /// Fails at once when the generator is not installed, with what to install.
    pub fn start(
        root: &Path,
        site: &Site,
        preview: &PreviewConfig,
        worktree: Option<Worktree>,
    ) -> Result<SiteServer> {
        Self::start_on(root, site, preview, worktree, None)
    }

    /// [`SiteServer::start`] on `port` (`None`: a free one).
    pub fn start_on(
        root: &Path,
        site: &Site,
        preview: &PreviewConfig,
        worktree: Option<Worktree>,
        port: Option<u16>,
    ) -> Result<SiteServer> {
        let root = worktree
            .as_ref()
            .map(|w| w.path().to_path_buf())
            .unwrap_or_else(|| root.to_path_buf());
        let port = match port {
            Some(p) => p,
            None => command::free_port()?,
        };
        let plan = command::plan(&root, site, preview, port)?;
        command::check_installed(&plan)?;
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("postdesk-site")
            .args(&plan.argv)
            .current_dir(&root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .map_err(|e| {
                Error::new(
                    crate::ErrorKind::Io,
                    format!("could not run `{}`: {e}", plan.command),
                )
            })?;
        let pgid = child.id();
        let lifeline = child.stdin.take();
        let out = child.stdout.take();
        let err = child.stderr.take();
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                state: SiteState::Starting,
                message: None,
                generation: 0,
                build_error: None,
                log: VecDeque::new(),
                total: 0,
            }),
            child: Mutex::new(child),
        });
        let g = plan.generator;
        if let Some(o) = out {
            read_lines(o, shared.clone(), g);
        }
        if let Some(e) = err {
            read_lines(e, shared.clone(), g);
        }
        let server = SiteServer {
            site: site.clone(),
            preview: preview.clone(),
            root,
            pgid,
            lifeline: Mutex::new(lifeline),
            shared,
            worktree,
            plan,
        };
        server.watch_readiness();
        Ok(server)
    }

    /// Polls until the port answers HTTP (ready) or the command ends (failed).
    fn watch_readiness(&self) {
        let shared = self.shared.clone();
        let port = self.plan.port;
        let command = self.plan.command.clone();
        std::thread::spawn(move || loop {
            if shared.lock().state != SiteState::Starting {
                return;
            }
            if let Ok(Some(status)) = shared.child().try_wait() {
                let mut inner = shared.lock();
                if inner.state == SiteState::Starting {
                    inner.state = SiteState::Failed;
                    let lines: Vec<&str> = inner.log.iter().map(String::as_str).collect();
                    inner.message = Some(failure_message(&command, status.code(), &lines));
                }
                return;
            }
            if http_status(port, "/").is_some() {
                let mut inner = shared.lock();
                if inner.state == SiteState::Starting {
                    inner.state = SiteState::Ready;
                }
                return;
            }
            std::thread::sleep(Duration::from_millis(150));
        });
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The folder the generator runs in (the blog's root, or the revision's work tree).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The process group's id (the watchdog's pid).
    pub fn pgid(&self) -> u32 {
        self.pgid
    }

    pub fn status(&self) -> SiteStatus {
        self.check_exit();
        let inner = self.shared.lock();
        SiteStatus {
            state: inner.state,
            generator: self.plan.generator,
            command: self.plan.command.clone(),
            base_url: self.plan.base_url.clone(),
            generation: inner.generation,
            message: inner.message.clone(),
            build_error: inner.build_error.clone(),
            log_total: inner.total,
        }
    }

    /// A server that was ready and whose command ended since is failed too.
    fn check_exit(&self) {
        if self.shared.lock().state != SiteState::Ready {
            return;
        }
        let exited = self.shared.child().try_wait().ok().flatten();
        if let Some(status) = exited {
            let mut inner = self.shared.lock();
            inner.state = SiteState::Failed;
            let lines: Vec<&str> = inner.log.iter().map(String::as_str).collect();
            inner.message = Some(failure_message(&self.plan.command, status.code(), &lines));
        }
    }

    /// The output's lines from line `since` on (as many as are still kept).
    pub fn log(&self, since: u32) -> SiteLog {
        let inner = self.shared.lock();
        let first_kept = inner.total - inner.log.len() as u32;
        let first = since.clamp(first_kept, inner.total);
        SiteLog {
            first,
            lines: inner
                .log
                .iter()
                .skip((first - first_kept) as usize)
                .cloned()
                .collect(),
            total: inner.total,
        }
    }

    /// Where the post at `rel` (repository-relative) is on the server: the first of the
    /// rules' candidates the server answers, else (Jekyll) the page found in its output
    /// folder, else the rules' best guess with `found: false`.
    pub fn page_url(&self, rel: &str) -> PageUrl {
        let candidates = super::url::candidates(&self.root, &self.site, rel, &self.preview);
        let base_path = self
            .plan
            .base_url
            .split_once("://")
            .and_then(|(_, r)| r.split_once('/'))
            .map(|(_, p)| format!("/{}", p.trim_end_matches('/')))
            .unwrap_or_default();
        let base_path = if base_path == "/" {
            String::new()
        } else {
            base_path
        };
        let full = |p: &str| format!("{}{}", self.plan.base_url.trim_end_matches('/'), p);
        let ready = self.shared.lock().state == SiteState::Ready;
        if ready {
            for c in &candidates {
                if http_status(self.plan.port, &format!("{base_path}{c}")).is_some_and(|s| s < 400)
                {
                    return PageUrl {
                        url: full(c),
                        found: true,
                    };
                }
            }
            if let Some(p) = self.find_in_output(rel) {
                return PageUrl {
                    url: full(&p),
                    found: true,
                };
            }
        }
        PageUrl {
            url: full(candidates.first().map(String::as_str).unwrap_or("/")),
            found: false,
        }
    }

    /// The page of a post in Jekyll's output folder (`_site`, or `destination`), by its slug.
    fn find_in_output(&self, rel: &str) -> Option<String> {
        if self.plan.generator != Generator::Jekyll {
            return None;
        }
        let cfg = command::jekyll_config(&self.root);
        let dest = cfg
            .get("destination")
            .and_then(|v| v.as_str())
            .unwrap_or("_site");
        let out = crate::paths::resolve(&self.root, dest).ok()?;
        let stem = crate::index::post_name(rel);
        let slug = match crate::index::date_from_name(stem) {
            Some(_) => stem[10..].trim_start_matches('-'),
            None => stem,
        };
        let names = [format!("{slug}.html"), "index.html".to_string()];
        for e in walkdir::WalkDir::new(&out)
            .max_depth(8)
            .into_iter()
            .flatten()
        {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let hit = name == names[0]
                || (name == names[1]
                    && p.parent()
                        .and_then(|d| d.file_name())
                        .is_some_and(|d| d == slug));
            if hit {
                let rel = p
                    .strip_prefix(&out)
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/");
                let rel = rel.strip_suffix("index.html").unwrap_or(&rel);
                return Some(format!("/{rel}"));
            }
        }
        None
    }

    /// Ends the whole process group and waits for it; then the server is `stopped`.
    pub fn stop(&self) {
        // Closing the lifeline makes the watchdog end the group, whatever happens below.
        drop(
            self.lifeline
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take(),
        );
        signal_group(self.pgid, "TERM");
        let until = Instant::now() + Duration::from_secs(3);
        let mut reaped = false;
        while Instant::now() < until {
            if !reaped {
                reaped = matches!(self.shared.child().try_wait(), Ok(Some(_)));
            }
            if reaped && !group_alive(self.pgid) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !reaped || group_alive(self.pgid) {
            signal_group(self.pgid, "KILL");
            let _ = self.shared.child().wait();
        }
        let mut inner = self.shared.lock();
        if inner.state != SiteState::Failed {
            inner.state = SiteState::Stopped;
        }
    }

    /// The revision's work tree this server runs in, if any.
    pub fn worktree(&self) -> Option<&Worktree> {
        self.worktree.as_ref()
    }
}

impl Drop for SiteServer {
    fn drop(&mut self) {
        self.stop();
        // `worktree` is dropped (removed) after this, once nothing runs in it.
    }
}

/// Sends `sig` to every process of group `pgid` (through `sh`'s `kill`: no libc here).
fn signal_group(pgid: u32, sig: &str) {
    let _ = Command::new("sh")
        .args(["-c", "kill -s \"$1\" -- -\"$2\" 2>/dev/null", "sh", sig])
        .arg(pgid.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Whether any process of group `pgid` is left.
fn group_alive(pgid: u32) -> bool {
    signal_group_status(pgid, "0")
}

fn signal_group_status(pgid: u32, sig: &str) -> bool {
    Command::new("sh")
        .args(["-c", "kill -s \"$1\" -- -\"$2\" 2>/dev/null", "sh", sig])
        .arg(pgid.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Reads a stream of the server's output line by line into the log, counting builds and
/// noting build errors.
fn read_lines(stream: impl Read + Send + 'static, shared: Arc<Shared>, g: Generator) {
    std::thread::spawn(move || {
        let mut r = BufReader::new(stream);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match r.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = strip_ansi(&String::from_utf8_lossy(&buf));
            let line = line.trim_end().to_string();
            let mut inner = shared.lock();
            match classify(g, &line) {
                Line::Built => {
                    inner.generation += 1;
                    inner.build_error = None;
                }
                Line::Error if inner.state == SiteState::Ready => {
                    inner.build_error = Some(line.trim().to_string());
                }
                _ => {}
            }
            if inner.log.len() == LOG_LINES {
                inner.log.pop_front();
            }
            inner.log.push_back(line);
            inner.total += 1;
        }
    });
}

enum Line {
    Built,
    Error,
    Other,
}

fn classify(g: Generator, line: &str) -> Line {
    let t = line.trim();
    let built = match g {
        Generator::Jekyll => t.contains("done in "),
        Generator::Hugo => t.starts_with("Total in ") || t.starts_with("Built in "),
        Generator::Zola => t.contains("Done in ") || t.contains("Site built in "),
        Generator::Astro | Generator::Custom => false,
    };
    if built {
        return Line::Built;
    }
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("error")
        || lower.contains("liquid exception")
        || lower.contains("conversion error")
        || lower.starts_with("[error]")
    {
        return Line::Error;
    }
    Line::Other
}

/// Removes terminal colour codes (`ESC [ … letter`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Why the command ended, from its output: what to install or fix, in a sentence.
pub fn failure_message(command: &str, code: Option<i32>, lines: &[&str]) -> String {
    let find = |needle: &str| lines.iter().find(|l| l.contains(needle)).map(|l| l.trim());
    if let Some(l) = find("It looks like you don't have ") {
        let plugin = l
            .split("don't have ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or("a plugin");
        return format!(
            "The site needs the Jekyll plugin `{plugin}`, which is not installed: `gem install {plugin}` (on Debian and Ubuntu, `sudo apt install ruby-{plugin}` where it is packaged), or remove it from `plugins:` in _config.yml. The fast preview keeps working."
        );
    }
    if let Some(l) = find("Bundler::GemNotFound")
        .or_else(|| find("Could not find gem"))
        .or_else(|| find("bundle install"))
    {
        // "…: Could not find a-1.0, b-2.0, … in any of the sources (Bundler::GemNotFound)"
        let gems = l
            .split_once("Could not find ")
            .map(|(_, r)| r.split(" in any of the sources").next().unwrap_or(r))
            .map(|list| {
                let all: Vec<&str> = list.split(", ").collect();
                let shown = all.iter().take(3).copied().collect::<Vec<_>>().join(", ");
                if all.len() > 3 {
                    format!("{shown}, … {} in all", all.len())
                } else {
                    shown
                }
            })
            .unwrap_or_else(|| l.to_string());
        return format!(
            "Bundler cannot find the gems of the site's Gemfile ({gems}): run `bundle install` in the blog's folder. The fast preview keeps working."
        );
    }
    if let Some(l) = find("Address already in use") {
        return format!("The site's server could not listen on its port: {l}");
    }
    // Backtrace lines (`from …`) say nothing to a writer.
    let said = || {
        lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && !l.starts_with("from "))
    };
    let error = said()
        .find(|l| matches!(classify(Generator::Custom, l), Line::Error))
        .or_else(|| said().find(|l| l.to_ascii_lowercase().contains("error")));
    let status = code
        .map(|c| format!("exit status {c}"))
        .unwrap_or_else(|| "killed".into());
    match error {
        Some(e) => format!("The site does not build: {e} (`{command}` stopped, {status}; the log has the whole output)."),
        None => format!(
            "`{command}` stopped ({status}){}",
            said()
                .next_back()
                .map(|l| format!(": {l}"))
                .unwrap_or_default()
        ),
    }
}

/// The HTTP status `GET path` gets from 127.0.0.1:`port`; `None` when nothing answers HTTP.
pub fn http_status(port: u16, path: &str) -> Option<u16> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    s.set_write_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: postdesk\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = [0u8; 64];
    let mut n = 0;
    while n < 12 {
        match s.read(&mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    let text = std::str::from_utf8(&head[..n]).ok()?;
    let code = text.strip_prefix("HTTP/")?.split_whitespace().nth(1)?;
    code.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_messages_name_what_to_install_or_fix() {
        let m = failure_message(
            "jekyll serve",
            Some(1),
            &["  Dependency Error: Yikes! It looks like you don't have jekyll-twitter-plugin or one of its dependencies installed."],
        );
        assert!(
            m.contains("`jekyll-twitter-plugin`")
                && m.contains("gem install jekyll-twitter-plugin"),
            "{m}"
        );
        let m = failure_message(
            "bundle exec jekyll serve",
            Some(7),
            &["Could not find gem 'jekyll-feed' in locally installed gems."],
        );
        assert!(m.contains("bundle install"), "{m}");
        // What Debian's bundler says for the corpus's own Gemfile, gems not installed.
        let m = failure_message(
            "bundle exec jekyll serve",
            Some(1),
            &[
                "/usr/share/rubygems-integration/all/gems/bundler-2.3.15/lib/bundler/definition.rb:486:in `materialize': Could not find jekyll-twitter-plugin-2.1.0, webrick-1.7.0, jekyll-4.3.3, jekyll-feed-0.15.1 in any of the sources (Bundler::GemNotFound)",
                "\tfrom /usr/bin/bundle:25:in `load'",
            ],
        );
        assert_eq!(
            m,
            "Bundler cannot find the gems of the site's Gemfile (jekyll-twitter-plugin-2.1.0, webrick-1.7.0, jekyll-4.3.3, … 4 in all): run `bundle install` in the blog's folder. The fast preview keeps working."
        );
        let m = failure_message("x serve", Some(1), &["something odd", "\tfrom /a.rb:1"]);
        assert_eq!(m, "`x serve` stopped (exit status 1): something odd");
        let m = failure_message(
            "jekyll serve",
            Some(1),
            &[
                "      Generating... ",
                "  Liquid Exception: Could not find post \"x\" in tag 'post_url'. in pages/lft.md",
                "             ERROR: YOUR SITE COULD NOT BE BUILT:",
            ],
        );
        assert!(
            m.starts_with("The site does not build: Liquid Exception: Could not find post"),
            "{m}"
        );
    }

    #[test]
    fn colours_are_removed_and_builds_counted() {
        assert_eq!(
            strip_ansi("\u{1b}[31m  Liquid Exception\u{1b}[0m"),
            "  Liquid Exception"
        );
        assert!(matches!(
            classify(Generator::Jekyll, "   ...done in 0.59 seconds."),
            Line::Built
        ));
        assert!(matches!(
            classify(Generator::Hugo, "Total in 12 ms"),
            Line::Built
        ));
        assert!(matches!(
            classify(Generator::Jekyll, "  Liquid Exception: x"),
            Line::Error
        ));
        assert!(matches!(
            classify(Generator::Jekyll, "Server running..."),
            Line::Other
        ));
    }

    #[test]
    fn no_http_no_status() {
        let port = command::free_port().unwrap();
        assert_eq!(http_status(port, "/"), None);
    }
}
