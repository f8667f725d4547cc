//! Changes made outside the app: posts edited in another editor, deleted, renamed, a branch
//! checked out in a terminal.
//!
//! Folders are watched, never single files (an editor that saves by renaming a temporary file
//! over the post would kill a watch on the file): the site's content folders recursively, the
//! repository root and the Git folder non-recursively (for `HEAD`), and `refs/heads`. Events go
//! through `notify-debouncer-full` (150 ms), then are coalesced until the disk has been quiet
//! for a moment (or at most [`WatchOptions::max_delay`]), so 2,000 files changed at once come as
//! one batch, not a storm. Events only say *where* to look: what is reported is the difference
//! between what the watcher last knew of each file (size, modification time) and what is on
//! disk now. An editor's save through a temporary file, a truncate-and-write, a delete-and-create
//! all come out as one `Modified` for the post. Writes the app announced with
//! [`Watcher::expect_write`] are not reported. When the system's file-watch limit is reached (or
//! the native watcher fails), the watcher falls back to polling every 2 s and reports
//! [`Change::Degraded`] once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::{atomic, paths, save};

/// One change on disk, repository-relative paths with forward slashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// `HEAD` now points elsewhere (a `git checkout`/`switch` outside the app): refresh the
    /// post list. `branch` is the branch name, or the commit id when `detached`.
    BranchChanged {
        branch: String,
        detached: bool,
    },
    /// The watcher fell back to polling (every 2 s): changes are noticed later than usual.
    Degraded {
        message: String,
    },
    Renamed {
        from: String,
        to: String,
    },
    Removed {
        path: String,
    },
    Created {
        path: String,
    },
    Modified {
        path: String,
    },
}

/// Tuning; [`WatchOptions::default`] is what the app uses.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// notify-debouncer-full's timeout.
    pub debounce: Duration,
    /// A batch is sent once no event arrived for this long...
    pub quiet: Duration,
    /// ...or once its first event is this old, even if the disk keeps changing.
    pub max_delay: Duration,
    /// Interval of the polling fallback.
    pub poll_interval: Duration,
    /// Poll from the start (network drives; tests of the fallback).
    pub force_polling: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            debounce: Duration::from_millis(150),
            quiet: Duration::from_millis(200),
            max_delay: Duration::from_secs(2),
            poll_interval: Duration::from_secs(2),
            force_polling: false,
        }
    }
}

/// Folder names never reported or descended into.
const IGNORED_DIRS: &[&str] = &[".git", "node_modules", "_site", "public", "dist", ".astro"];

/// Editors' and tools' temporary files, never reported.
pub fn is_ignored_name(name: &str) -> bool {
    name.ends_with(".tmp")
        || name.ends_with('~')
        || (name.starts_with('.') && (name.ends_with(".swp") || name.ends_with(".swx")))
        || name.starts_with(".postdesk-")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913" // vim's write-permission probe
        || name == ".DS_Store"
        || atomic::is_temp_name(name)
}

enum Msg {
    Events(DebounceEventResult),
    Stop,
}

enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl Backend {
    fn native(tx: &Sender<Msg>, opts: &WatchOptions) -> notify::Result<Backend> {
        let tx = tx.clone();
        new_debouncer_opt(
            opts.debounce,
            None,
            move |r| {
                let _ = tx.send(Msg::Events(r));
            },
            RecommendedCache::new(),
            notify::Config::default(),
        )
        .map(Backend::Native)
    }

    fn poll(tx: &Sender<Msg>, opts: &WatchOptions) -> notify::Result<Backend> {
        let tx = tx.clone();
        new_debouncer_opt(
            opts.debounce,
            None,
            move |r| {
                let _ = tx.send(Msg::Events(r));
            },
            RecommendedCache::new(),
            // notify's poller compares modification times in whole seconds: without comparing
            // contents, a save in the same second as the previous poll would go unnoticed.
            notify::Config::default()
                .with_poll_interval(opts.poll_interval)
                .with_compare_contents(true),
        )
        .map(Backend::Poll)
    }

    fn watch(&mut self, p: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.watch(p, mode),
            Backend::Poll(d) => d.watch(p, mode),
        }
    }

    fn unwatch(&mut self, p: &Path) {
        let _ = match self {
            Backend::Native(d) => d.unwatch(p),
            Backend::Poll(d) => d.unwatch(p),
        };
    }

    fn is_poll(&self) -> bool {
        matches!(self, Backend::Poll(_))
    }
}

/// A running watcher. Dropping it (or [`Watcher::stop`]) stops it.
pub struct Watcher {
    tx: Sender<Msg>,
    expected: Arc<Mutex<HashMap<String, String>>>,
    polling: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("polling", &self.is_polling())
            .finish()
    }
}

impl Watcher {
    /// Starts watching the blog at `root` (its working tree) and its content folders
    /// (absolute, or relative to `root`; missing ones are picked up when they appear).
    /// `sink` is called from the watcher's thread with each non-empty batch.
    pub fn start(
        root: &Path,
        site_content_dirs: &[PathBuf],
        sink: impl Fn(Vec<Change>) + Send + 'static,
    ) -> Result<Watcher> {
        Self::start_with(root, site_content_dirs, WatchOptions::default(), sink)
    }

    /// [`Watcher::start`] with explicit [`WatchOptions`].
    pub fn start_with(
        root: &Path,
        site_content_dirs: &[PathBuf],
        opts: WatchOptions,
        sink: impl Fn(Vec<Change>) + Send + 'static,
    ) -> Result<Watcher> {
        let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
        let repo = git2::Repository::open(&root).ok();
        let gitdir = repo.as_ref().map(|r| r.path().to_path_buf());
        let refs_heads = repo.as_ref().map(|r| r.commondir().join("refs/heads"));
        let content: Vec<PathBuf> = site_content_dirs
            .iter()
            .map(|d| {
                let abs = if d.is_absolute() {
                    d.clone()
                } else {
                    root.join(d)
                };
                abs.canonicalize().unwrap_or(abs)
            })
            .filter(|d| d.starts_with(&root) && d != &root)
            .collect();
        let (tx, rx) = mpsc::channel();
        let expected = Arc::new(Mutex::new(HashMap::new()));
        let polling = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut w = Worker {
            root,
            content: content.into_iter().map(|d| (d, false)).collect(),
            gitdir,
            refs_heads,
            snapshot: BTreeMap::new(),
            head: None,
            expected: expected.clone(),
            polling: polling.clone(),
            backend: None,
            tx: tx.clone(),
            opts,
            out_extra: Vec::new(),
            degraded: false,
        };
        w.head = w.read_head();
        w.setup()?;
        let dirs: Vec<PathBuf> = w.content.iter().map(|(d, _)| d.clone()).collect();
        for d in &dirs {
            atomic::clean_stale_temps(d);
            let files = w.walk(d);
            for f in files {
                if let Some(s) = stat(&f) {
                    w.snapshot.insert(f, s);
                }
            }
        }
        let thread = std::thread::Builder::new()
            .name("postdesk-watch".into())
            .spawn(move || w.run(rx, sink))
            .map_err(|e| Error::io(Path::new("watcher thread"), e))?;
        Ok(Watcher {
            tx,
            expected,
            polling,
            thread: Some(thread),
        })
    }

    /// Announces a write by the app itself (`path` repository-relative, `hash` the
    /// [`SaveOutcome::hash`](crate::save::SaveOutcome) of what was written): while the file
    /// holds exactly that content, its changes are not reported. Call it right after saving.
    pub fn expect_write(&self, path: &str, hash: &str) {
        self.expected
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.trim_start_matches('/').to_string(), hash.to_string());
    }

    /// Whether the watcher polls (fallback) instead of using the system's notifications.
    pub fn is_polling(&self) -> bool {
        self.polling.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Stops watching and waits for the watcher's thread to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            // Dropped from its own thread (the sink let go of the last owner): it stops by
            // itself after the batch.
            if t.thread().id() != std::thread::current().id() {
                let _ = t.join();
            }
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.shutdown();
    }
}

type Stat = (u64, Option<SystemTime>);

fn stat(p: &Path) -> Option<Stat> {
    let m = std::fs::symlink_metadata(p).ok()?;
    m.is_file().then(|| (m.len(), m.modified().ok()))
}

struct Worker {
    root: PathBuf,
    /// Content folders, and whether each is watched now.
    content: Vec<(PathBuf, bool)>,
    gitdir: Option<PathBuf>,
    refs_heads: Option<PathBuf>,
    snapshot: BTreeMap<PathBuf, Stat>,
    head: Option<(String, bool)>,
    expected: Arc<Mutex<HashMap<String, String>>>,
    polling: Arc<std::sync::atomic::AtomicBool>,
    backend: Option<Backend>,
    tx: Sender<Msg>,
    opts: WatchOptions,
    out_extra: Vec<Change>,
    /// `Degraded` was reported already.
    degraded: bool,
}

#[derive(Default)]
struct Pending {
    dirty: BTreeSet<PathBuf>,
    renames: Vec<(PathBuf, PathBuf)>,
    git: bool,
    rescan: bool,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Worker {
    /// Creates the backend and adds the watches; on failure of the native watcher, polls.
    fn setup(&mut self) -> Result<()> {
        if !self.opts.force_polling {
            match Backend::native(&self.tx, &self.opts) {
                Ok(b) => {
                    self.backend = Some(b);
                    match self.add_watches() {
                        Ok(()) => return Ok(()),
                        Err(e) => self.degrade(&e),
                    }
                }
                Err(e) => self.degrade(&e),
            }
        }
        if self.opts.force_polling && !self.degraded {
            self.degrade_because("polling was asked for (network drive or test)".into());
        }
        self.backend = None; // drops the native watcher and its watches
        let b = Backend::poll(&self.tx, &self.opts).map_err(|e| {
            Error::new(
                crate::ErrorKind::Io,
                format!("cannot watch {}: {e}", self.root.display()),
            )
        })?;
        self.backend = Some(b);
        self.polling
            .store(true, std::sync::atomic::Ordering::Relaxed);
        for c in &mut self.content {
            c.1 = false;
        }
        self.add_watches().map_err(|e| {
            Error::new(
                crate::ErrorKind::Io,
                format!("cannot watch {}: {e}", self.root.display()),
            )
        })
    }

    fn degrade(&mut self, e: &notify::Error) {
        let why = match e.kind {
            notify::ErrorKind::MaxFilesWatch => "the system's limit on watched folders is reached (raise fs.inotify.max_user_watches)".to_string(),
            _ => format!("the system's file notifications failed ({e})"),
        };
        self.degrade_because(why);
    }

    fn degrade_because(&mut self, why: String) {
        if self.degraded {
            return;
        }
        self.degraded = true;
        self.out_extra.push(Change::Degraded {
            message: format!(
                "Changes made outside Postdesk are checked every {} s instead of instantly: {why}.",
                self.opts.poll_interval.as_secs_f32()
            ),
        });
    }

    fn add_watches(&mut self) -> notify::Result<()> {
        let Some(b) = self.backend.as_mut() else {
            return Ok(());
        };
        if !b.is_poll() {
            // Root and Git folder non-recursively: content folders appearing, HEAD moving.
            // (Polling the root would rescan it whole: content folders are rechecked at
            // every batch instead.)
            b.watch(&self.root, RecursiveMode::NonRecursive)?;
        }
        if let Some(g) = &self.gitdir {
            b.watch(g, RecursiveMode::NonRecursive)?;
        }
        if let Some(r) = self.refs_heads.as_ref().filter(|r| r.is_dir()) {
            b.watch(r, RecursiveMode::Recursive)?;
        }
        for (d, watched) in &mut self.content {
            if !*watched && d.is_dir() {
                b.watch(d, RecursiveMode::Recursive)?;
                *watched = true;
            }
        }
        Ok(())
    }

    fn read_head(&self) -> Option<(String, bool)> {
        let g = self.gitdir.as_ref()?;
        let s = std::fs::read_to_string(g.join("HEAD")).ok()?;
        let s = s.trim();
        Some(match s.strip_prefix("ref: ") {
            Some(r) => (
                r.strip_prefix("refs/heads/").unwrap_or(r).to_string(),
                false,
            ),
            None => (s.to_string(), true),
        })
    }

    fn in_content(&self, p: &Path) -> bool {
        self.content.iter().any(|(d, _)| p.starts_with(d))
            && p.strip_prefix(&self.root).is_ok_and(|rel| {
                rel.components().all(|c| {
                    c.as_os_str()
                        .to_str()
                        .is_some_and(|n| !IGNORED_DIRS.contains(&n))
                })
            })
            && !p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_ignored_name)
    }

    fn is_git(&self, p: &Path) -> bool {
        self.gitdir.as_ref().is_some_and(|g| {
            p.parent() == Some(g.as_path())
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("HEAD") || n.starts_with("packed-refs"))
        }) || self.refs_heads.as_ref().is_some_and(|r| p.starts_with(r))
    }

    /// The files under `dir` that are reported on.
    fn walk(&self, dir: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !e.file_type().is_dir()
                    || e.file_name()
                        .to_str()
                        .is_some_and(|n| !IGNORED_DIRS.contains(&n))
            })
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file() && self.in_content(e.path()))
            .map(|e| e.into_path())
            .collect()
    }

    fn note(&self, pending: &mut Pending, r: DebounceEventResult) -> bool {
        let mut need_native_failover = None;
        match r {
            Ok(events) => {
                for e in events {
                    if e.need_rescan() {
                        pending.rescan = true;
                    }
                    if matches!(e.kind, EventKind::Access(a) if a != AccessKind::Close(AccessMode::Write))
                    {
                        continue;
                    }
                    if let (EventKind::Modify(ModifyKind::Name(RenameMode::Both)), [from, to]) =
                        (e.kind, e.paths.as_slice())
                    {
                        pending.renames.push((from.clone(), to.clone()));
                    }
                    for p in &e.paths {
                        if self.is_git(p) {
                            pending.git = true;
                        } else {
                            pending.dirty.insert(p.clone());
                        }
                    }
                }
            }
            Err(errors) => {
                pending.rescan = true;
                need_native_failover = errors
                    .into_iter()
                    .find(|e| matches!(e.kind, notify::ErrorKind::MaxFilesWatch));
            }
        }
        need_native_failover.is_some() && self.backend.as_ref().is_some_and(|b| !b.is_poll())
    }

    fn run(mut self, rx: Receiver<Msg>, sink: impl Fn(Vec<Change>)) {
        let mut pending = Pending::default();
        if !self.out_extra.is_empty() {
            sink(std::mem::take(&mut self.out_extra));
        }
        loop {
            let wait = match (pending.first, pending.last) {
                (Some(f), Some(l)) => {
                    let now = Instant::now();
                    let by_quiet = (l + self.opts.quiet).saturating_duration_since(now);
                    let by_max = (f + self.opts.max_delay).saturating_duration_since(now);
                    by_quiet.min(by_max)
                }
                _ => Duration::from_secs(3600),
            };
            match rx.recv_timeout(wait) {
                Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Ok(Msg::Events(r)) => {
                    let now = Instant::now();
                    pending.first.get_or_insert(now);
                    pending.last = Some(now);
                    if self.note(&mut pending, r) {
                        // The watch limit was hit at run time (a new folder): poll instead.
                        let e = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
                        self.degrade(&e);
                        self.opts.force_polling = true;
                        if self.setup().is_err() {
                            self.backend = None;
                        }
                        pending.rescan = true;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    if pending.first.is_some() {
                        let batch = self.flush(std::mem::take(&mut pending));
                        if !batch.is_empty() {
                            sink(batch);
                        }
                    }
                }
            }
        }
    }

    fn flush(&mut self, p: Pending) -> Vec<Change> {
        let mut out = std::mem::take(&mut self.out_extra);
        // Git: HEAD moved to another branch.
        if p.git || p.rescan {
            let head = self.read_head();
            if head.is_some() && head != self.head {
                if let Some((branch, detached)) = head.clone() {
                    out.push(Change::BranchChanged { branch, detached });
                }
                self.head = head;
            }
        }
        // Content folders that appeared (another branch has them) get watched and scanned;
        // ones that vanished have all their files removed.
        let mut dirty: BTreeSet<PathBuf> = BTreeSet::new();
        let mut appeared = Vec::new();
        for (d, watched) in &mut self.content {
            let exists = d.is_dir();
            if exists && !*watched {
                appeared.push(d.clone());
            } else if !exists && *watched {
                *watched = false;
                if let Some(b) = self.backend.as_mut() {
                    b.unwatch(d);
                }
            }
        }
        if !appeared.is_empty() {
            if let Err(e) = self.add_watches() {
                self.degrade(&e);
                self.opts.force_polling = true;
                let _ = self.setup();
                out.append(&mut self.out_extra);
            }
            dirty.extend(appeared);
        }
        if p.rescan {
            dirty.extend(self.content.iter().map(|(d, _)| d.clone()));
        }
        dirty.extend(p.dirty);
        for (from, to) in &p.renames {
            dirty.insert(from.clone());
            dirty.insert(to.clone());
        }
        // Expand folders: every known file under a dirty path, every file under a dirty folder.
        let mut files: BTreeSet<PathBuf> = BTreeSet::new();
        for d in &dirty {
            files.extend(
                self.snapshot
                    .range(d.clone()..)
                    .take_while(|(k, _)| k.starts_with(d))
                    .map(|(k, _)| k.clone()),
            );
            if d.is_dir() {
                files.extend(self.walk(d));
            } else if self.in_content(d) {
                files.insert(d.clone());
            }
        }
        let (mut created, mut removed, mut modified) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for f in files {
            let old = self.snapshot.get(&f).copied();
            let new = stat(&f);
            match (old, new) {
                (None, Some(n)) => {
                    created.insert(f.clone());
                    self.snapshot.insert(f, n);
                }
                (Some(_), None) => {
                    removed.insert(f.clone());
                    self.snapshot.remove(&f);
                }
                (Some(o), Some(n)) if o != n => {
                    modified.insert(f.clone());
                    self.snapshot.insert(f, n);
                }
                _ => {}
            }
        }
        // Renames: a removed file (or folder's files) reappearing under the new name.
        for (from, to) in &p.renames {
            let pairs: Vec<(PathBuf, PathBuf)> = removed
                .iter()
                .filter_map(|r: &PathBuf| {
                    let tail = r.strip_prefix(from).ok()?;
                    let t = if tail.as_os_str().is_empty() {
                        to.clone()
                    } else {
                        to.join(tail)
                    };
                    created.contains(&t).then(|| (r.clone(), t))
                })
                .collect();
            for (a, b) in pairs {
                removed.remove(&a);
                created.remove(&b);
                if let (Some(a), Some(b)) = (self.rel(&a), self.rel(&b)) {
                    out.push(Change::Renamed { from: a, to: b });
                }
            }
        }
        let mut expected = self.expected.lock().unwrap_or_else(|p| p.into_inner());
        for f in removed {
            if let Some(r) = self.rel(&f) {
                expected.remove(&r);
                out.push(Change::Removed { path: r });
            }
        }
        for (set, created) in [(created, true), (modified, false)] {
            for f in set {
                let Some(r) = self.rel(&f) else { continue };
                if let Some(h) = expected.get(&r) {
                    if std::fs::read(&f).is_ok_and(|b| &save::hash_bytes(&b) == h) {
                        continue; // the app's own write
                    }
                    expected.remove(&r);
                }
                out.push(if created {
                    Change::Created { path: r }
                } else {
                    Change::Modified { path: r }
                });
            }
        }
        out
    }

    fn rel(&self, p: &Path) -> Option<String> {
        paths::relative(&self.root, p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_and_swap_files_are_ignored() {
        for n in [
            ".post.md.swp",
            "post.md~",
            "x.tmp",
            ".postdesk-a1.tmp",
            ".#post.md",
            "#post.md#",
            "4913",
        ] {
            assert!(is_ignored_name(n), "{n}");
        }
        for n in ["post.md", "index.md", "photo.jpg", "swp.md"] {
            assert!(!is_ignored_name(n), "{n}");
        }
    }

    #[test]
    fn changes_serialize_with_a_kind_tag() {
        let v = serde_json::to_value(Change::Renamed {
            from: "a.md".into(),
            to: "b.md".into(),
        })
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"kind": "renamed", "from": "a.md", "to": "b.md"})
        );
        let v = serde_json::to_value(Change::BranchChanged {
            branch: "main".into(),
            detached: false,
        })
        .unwrap();
        assert_eq!(v["kind"], "branch_changed");
    }
}
