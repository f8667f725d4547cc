//! Merges: a pull whose branch moved on both sides, a post's branch brought up to date with its
//! base branch (a merge, or a rebase while the branch is not pushed yet), and the conflicts in
//! between, described for the merge view and resolved there file by file.
//!
//! # The user's own `git` merges
//! Merging and rebasing run the system `git` (`git merge`, `git rebase`), not libgit2: the
//! repository's merge drivers and attributes (LFS, `merge=union`), hooks and `rerere` then work
//! exactly as for the writer's own `git pull`, and Git refuses before it starts when a local
//! change to a file the merge touches would be overwritten (unrelated changes are kept).
//!
//! What Git leaves conflicted is read from the index stages (1 base, 2 ours, 3 theirs; in a
//! rebase "mine" is stage 3, the writer's commit being replayed) and merged again here, by
//! [`merge_text`]: the front matter field by field (Git conflicts on two different fields that
//! sit on adjacent lines; here both are kept), the body by hunks. A file this merge resolves is
//! written and staged; what is left is a merge (or rebase) in progress whose conflicts
//! [`merge_state`] describes — at any time, also after the app was killed mid-merge. Nothing is
//! ever committed with conflict markers in it: [`resolve`] and [`finish`] refuse them.
//!
//! # Exactly back
//! Before it starts, Postdesk records `HEAD`, the bytes of `.git/index` and of every file the
//! merge may write, in `.git/postdesk-merge/`. [`abort`] runs `git merge --abort` (`git rebase
//! --abort`), checks that `HEAD` is back, and puts those bytes back: the repository is then
//! byte for byte as it was before the pull (Git's own abort rewrites the index's stat data).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use git2::{Oid, Repository, RepositoryState};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorKind, Result};

// ---------------------------------------------------------------------------------------------
// Three-way merge of a text
// ---------------------------------------------------------------------------------------------

/// Where a merged piece of text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HunkKind {
    /// Unchanged on both sides.
    Same,
    /// Changed on my side only: mine is taken.
    Mine,
    /// Changed on their side only: theirs is taken.
    Theirs,
    /// Changed the same way on both sides.
    Both,
    /// Changed differently on both sides: the writer chooses.
    Conflict,
}

/// A piece of a merged file, in file order: concatenating every hunk's text (a conflict's
/// chosen text) gives the merged file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MergeHunk {
    pub kind: HunkKind,
    /// The front-matter field this hunk is (its key line and value lines); `None` in the body.
    pub field: Option<String>,
    /// The merged text; empty for a conflict.
    pub text: String,
    /// The three versions of this piece (empty for `same`; an absent field is empty).
    pub base: String,
    pub mine: String,
    pub theirs: String,
}

/// A front-matter field that either side changed, and how it merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldMerge {
    pub key: String,
    pub kind: HunkKind,
}

/// A text merged three ways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TextMerge {
    pub hunks: Vec<MergeHunk>,
    /// The front-matter fields either side changed (merged or conflicting), in file order.
    pub fields: Vec<FieldMerge>,
}

impl TextMerge {
    /// How many hunks conflict.
    pub fn conflicts(&self) -> usize {
        self.hunks
            .iter()
            .filter(|h| h.kind == HunkKind::Conflict)
            .count()
    }

    /// The merged text, when nothing conflicts.
    pub fn text(&self) -> Option<String> {
        (self.conflicts() == 0).then(|| self.hunks.iter().map(|h| h.text.as_str()).collect())
    }
}

/// Merges `mine` and `theirs`, two versions of `base`. When all three have front matter of the
/// same kind (a missing base counts as empty), it is merged field by field: a field changed on
/// one side only takes that side, whatever its neighbours did; only a field both sides changed
/// differently conflicts. Everything else (the body, a post without front matter) is merged by
/// lines, as `diff3` does: a hunk changed on one side takes it, hunks changed on both conflict.
pub fn merge_text(base: &str, mine: &str, theirs: &str) -> TextMerge {
    let mut hunks = Vec::new();
    let mut fields = Vec::new();
    if !merge_with_front_matter(base, mine, theirs, &mut hunks, &mut fields) {
        hunks.clear();
        fields.clear();
        merge_lines(base, mine, theirs, &mut hunks);
    }
    TextMerge { hunks, fields }
}

/// Appends `h`, joining it to the previous hunk when both are unchanged body text.
fn push(out: &mut Vec<MergeHunk>, h: MergeHunk) {
    if h.kind == HunkKind::Same && h.field.is_none() {
        if h.text.is_empty() {
            return;
        }
        if let Some(last) = out.last_mut() {
            if last.kind == HunkKind::Same && last.field.is_none() {
                last.text.push_str(&h.text);
                return;
            }
        }
    }
    out.push(h);
}

fn hunk(kind: HunkKind, field: Option<&str>, text: &str, b: &str, m: &str, t: &str) -> MergeHunk {
    let same = kind == HunkKind::Same;
    let keep = |s: &str| if same { String::new() } else { s.to_string() };
    MergeHunk {
        kind,
        field: field.map(str::to_string),
        text: text.to_string(),
        base: keep(b),
        mine: keep(m),
        theirs: keep(t),
    }
}

/// The three-way rule for one piece: `None` is an absent piece (a field one side deleted).
fn pick<'a>(b: Option<&'a str>, m: Option<&'a str>, t: Option<&'a str>) -> (HunkKind, &'a str) {
    if m == t {
        (
            if m == b {
                HunkKind::Same
            } else {
                HunkKind::Both
            },
            m.unwrap_or(""),
        )
    } else if m == b {
        (HunkKind::Theirs, t.unwrap_or(""))
    } else if t == b {
        (HunkKind::Mine, m.unwrap_or(""))
    } else {
        (HunkKind::Conflict, "")
    }
}

/// For each line of `a`, the line of `b` it is matched to by a diff.
fn matches(a: &[&str], b: &[&str]) -> Vec<Option<usize>> {
    let mut out = vec![None; a.len()];
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, a, b) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for i in 0..len {
                out[old_index + i] = Some(new_index + i);
            }
        }
    }
    out
}

/// `diff3` over lines: base lines matched on both sides are stable; what lies between two
/// stable lines is one hunk, taken from the side that changed it or conflicting.
fn merge_lines(base: &str, mine: &str, theirs: &str, out: &mut Vec<MergeHunk>) {
    let b: Vec<&str> = base.split_inclusive('\n').collect();
    let m: Vec<&str> = mine.split_inclusive('\n').collect();
    let t: Vec<&str> = theirs.split_inclusive('\n').collect();
    let ma = matches(&b, &m);
    let ta = matches(&b, &t);
    let (mut i, mut j, mut k) = (0, 0, 0);
    loop {
        let next = (i..b.len()).find(|&x| ma[x].is_some() && ta[x].is_some());
        match next {
            Some(x) if x == i && ma[x] == Some(j) && ta[x] == Some(k) => {
                push(out, hunk(HunkKind::Same, None, b[x], "", "", ""));
                i += 1;
                j += 1;
                k += 1;
            }
            Some(x) => {
                let (mj, tk) = (ma[x].unwrap_or(j), ta[x].unwrap_or(k));
                unstable(&b[i..x], &m[j..mj], &t[k..tk], out);
                (i, j, k) = (x, mj, tk);
            }
            None => {
                unstable(&b[i..], &m[j..], &t[k..], out);
                break;
            }
        }
    }
}

/// One hunk between stable lines. A conflict keeps the lines both sides share at its start
/// and end out of it (as Git's zealous merge does).
fn unstable(b: &[&str], m: &[&str], t: &[&str], out: &mut Vec<MergeHunk>) {
    if b.is_empty() && m.is_empty() && t.is_empty() {
        return;
    }
    let (bs, ms, ts) = (b.concat(), m.concat(), t.concat());
    let (kind, text) = pick(Some(&bs), Some(&ms), Some(&ts));
    if kind != HunkKind::Conflict {
        push(out, hunk(kind, None, text, &bs, &ms, &ts));
        return;
    }
    let prefix = m.iter().zip(t).take_while(|(x, y)| x == y).count();
    let max_suffix = m.len().min(t.len()) - prefix;
    let suffix = m
        .iter()
        .rev()
        .zip(t.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    if prefix > 0 {
        let s = m[..prefix].concat();
        push(out, hunk(HunkKind::Both, None, &s, "", &s, &s));
    }
    let mm = m[prefix..m.len() - suffix].concat();
    let tt = t[prefix..t.len() - suffix].concat();
    push(out, hunk(HunkKind::Conflict, None, "", &bs, &mm, &tt));
    if suffix > 0 {
        let s = m[m.len() - suffix..].concat();
        push(out, hunk(HunkKind::Both, None, &s, "", &s, &s));
    }
}

/// A post cut at its front matter's fields: every piece is whole lines.
struct Cut<'a> {
    format: Option<crate::frontmatter::Format>,
    /// Up to and including the opening fence line.
    open: &'a str,
    /// Lines before the first field (comments).
    prelude: &'a str,
    /// Each field's lines: its key line to the next key line.
    fields: Vec<(String, &'a str)>,
    /// The closing fence line.
    close: &'a str,
    body: &'a str,
}

/// Cuts a post at its fields; `None` when its front matter does not read as separate fields
/// (broken, or a `{…}` mapping with several keys on a line).
fn cut(text: &str) -> Option<Cut<'_>> {
    let s = crate::frontmatter::split(text).ok()?;
    let Some(format) = s.format else {
        return Some(Cut {
            format: None,
            open: "",
            prelude: "",
            fields: Vec::new(),
            close: "",
            body: text,
        });
    };
    let view = crate::frontmatter::view(text);
    if view.error.is_some() {
        return None;
    }
    let matter = &text[s.matter.clone()];
    let first_line = text[..s.matter.start].matches('\n').count() + 1;
    let mut starts = Vec::new();
    let mut pos = 0;
    for l in matter.split_inclusive('\n') {
        starts.push(pos);
        pos += l.len();
    }
    let mut keys: Vec<(String, usize)> = Vec::with_capacity(view.fields.len());
    for f in &view.fields {
        let line = (f.line as usize).checked_sub(first_line)?;
        if line >= starts.len() || keys.last().is_some_and(|(_, l)| *l >= line) {
            return None;
        }
        keys.push((f.key.clone(), line));
    }
    let prelude_end = keys.first().map_or(matter.len(), |(_, l)| starts[*l]);
    let mut fields = Vec::with_capacity(keys.len());
    for (n, (key, line)) in keys.iter().enumerate() {
        let end = keys.get(n + 1).map_or(matter.len(), |(_, l)| starts[*l]);
        fields.push((key.clone(), &matter[starts[*line]..end]));
    }
    Some(Cut {
        format: Some(format),
        open: &text[..s.matter.start],
        prelude: &matter[..prelude_end],
        fields,
        close: &text[s.matter.end..s.body.start],
        body: &text[s.body.clone()],
    })
}

/// The field-by-field merge; `false` (and nothing usable in `out`) when the three front
/// matters cannot be merged that way.
fn merge_with_front_matter(
    base: &str,
    mine: &str,
    theirs: &str,
    out: &mut Vec<MergeHunk>,
    fields: &mut Vec<FieldMerge>,
) -> bool {
    let (Some(b), Some(m), Some(t)) = (cut(base), cut(mine), cut(theirs)) else {
        return false;
    };
    if m.format.is_none() || m.format != t.format || (b.format.is_some() && b.format != m.format) {
        return false;
    }
    let piece = |b: &str, m: &str, t: &str, out: &mut Vec<MergeHunk>| {
        let (kind, text) = pick(Some(b), Some(m), Some(t));
        // A fence both sides rewrote differently: keep mine (fences carry no content).
        let (kind, text) = if kind == HunkKind::Conflict {
            (HunkKind::Mine, m)
        } else {
            (kind, text)
        };
        push(out, hunk(kind, None, text, b, m, t));
    };
    piece(b.open, m.open, t.open, out);
    merge_lines(b.prelude, m.prelude, t.prelude, out);

    let map = |c: &Cut<'_>| -> HashMap<String, String> {
        c.fields
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect()
    };
    let (bm, mm, tm) = (map(&b), map(&m), map(&t));
    // Mine's order; a field only theirs has goes after the field it follows there.
    let mut order: Vec<String> = m.fields.iter().map(|(k, _)| k.clone()).collect();
    for (n, (key, _)) in t.fields.iter().enumerate() {
        if mm.contains_key(key) {
            continue;
        }
        let at = t.fields[..n]
            .iter()
            .rev()
            .find_map(|(k, _)| order.iter().position(|o| o == k))
            .map_or(0, |p| p + 1);
        order.insert(at, key.clone());
    }
    for key in &order {
        let (bv, mv, tv) = (
            bm.get(key).map(String::as_str),
            mm.get(key).map(String::as_str),
            tm.get(key).map(String::as_str),
        );
        let (kind, text) = pick(bv, mv, tv);
        if kind != HunkKind::Same {
            fields.push(FieldMerge {
                key: key.clone(),
                kind,
            });
        }
        out.push(hunk(
            kind,
            Some(key),
            text,
            bv.unwrap_or(""),
            mv.unwrap_or(""),
            tv.unwrap_or(""),
        ));
    }
    piece(b.close, m.close, t.close, out);
    merge_lines(b.body, m.body, t.body, out);
    true
}

/// Whether `text` holds conflict markers: a `<<<<<<<` line, then `=======`, then `>>>>>>>`.
pub fn has_conflict_markers(text: &str) -> bool {
    let mut stage = 0;
    for line in text.lines() {
        let marker = |m: &str| {
            line.starts_with(m)
                && line[m.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ' || c == '\r')
        };
        match stage {
            0 if marker("<<<<<<<") => stage = 1,
            1 if marker("=======") => stage = 2,
            2 if marker(">>>>>>>") => return true,
            _ => {}
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// A merge or rebase in the repository
// ---------------------------------------------------------------------------------------------

/// What is in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MergeKind {
    Merge,
    Rebase,
}

/// A side of a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Mine,
    Theirs,
}

/// A file both sides changed, as the merge view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MergeConflict {
    pub path: String,
    /// The three versions (index stages 1, and 2 / 3: mine and theirs); `None` when the file
    /// is absent on that side or is not text.
    pub base: Option<String>,
    pub mine: Option<String>,
    pub theirs: Option<String>,
    /// Only a whole side can be taken (with [`take`]): the file is not text (a picture, an LFS
    /// pointer) or one side deleted it.
    pub whole_file: bool,
    /// The merged file by hunks (empty for a whole-file conflict).
    pub hunks: Vec<MergeHunk>,
    /// Its front-matter fields either side changed.
    pub fields: Vec<FieldMerge>,
}

/// A merge (or rebase) in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MergeState {
    pub kind: MergeKind,
    /// The branch being updated (`None` on a detached HEAD).
    pub branch: Option<String>,
    /// What is being merged in, for the writer (`origin/post/x`, `main`).
    pub theirs: String,
    /// The files still conflicted; empty when all are resolved and the merge can be finished.
    pub conflicts: Vec<MergeConflict>,
    /// Postdesk recorded the state before it started: Abort restores it byte for byte.
    pub exact_abort: bool,
    pub message: String,
}

/// What [`finish`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FinishOutcome {
    /// The commit made, when the merge (rebase) is done.
    pub commit: Option<String>,
    /// A rebase that stopped again at a later commit's conflicts.
    pub next: Option<MergeState>,
    pub message: String,
}

/// How to bring a post's branch up to date with its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UpdateHow {
    /// Merge the base into the branch (a merge commit): safe once the branch is pushed.
    Merge,
    /// Replay the branch's commits on the base: a straight history, only before pushing.
    Rebase,
}

/// How the current branch stands against the blog's base (default) branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BaseStatus {
    pub branch: String,
    /// The base branch's name (`main`).
    pub base: String,
    /// The revision compared with: the newer of `main` and `origin/main`.
    pub base_ref: String,
    /// Commits the base has that the branch lacks.
    pub behind: u32,
    /// Commits the branch has that the base lacks.
    pub ahead: u32,
    /// The branch is on the remote: updating it merges (a rebase would rewrite pushed commits).
    pub pushed: bool,
    /// What "Update" does by default: rebase when not pushed and nothing is left uncommitted.
    pub how: UpdateHow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UpdateState {
    UpToDate,
    Updated,
    /// A merge or rebase is in progress with these conflicts (or, when asked to, was aborted).
    Conflicted,
}

/// What [`update_from_base`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UpdateOutcome {
    pub branch: String,
    pub base_ref: String,
    pub how: UpdateHow,
    pub state: UpdateState,
    /// Commits the branch was behind.
    pub behind: u32,
    /// The conflicted files.
    pub conflicts: Vec<String>,
    /// The branch's new commit when updated.
    pub commit: Option<String>,
    pub message: String,
}

/// What to do when conflicts remain after a pull or an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    /// Leave the merge in progress for the merge view.
    Stop,
    /// Abort it, restoring the state before (the CLI, which cannot ask).
    Abort,
}

/// How a merge started by [`merge_in`] ended.
#[derive(Debug)]
pub(crate) enum Started {
    /// Merged and committed (or fast-forwarded): the new HEAD.
    Done(Oid),
    /// Stopped with these files conflicted.
    Conflicts(Vec<String>),
}

/// The record of the state before a merge, in `.git/postdesk-merge/state.json`; the bytes
/// beside it (`index`, `files/N`).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Snapshot {
    kind: MergeKind,
    head: String,
    head_ref: Option<String>,
    theirs: String,
    theirs_commit: String,
    index: bool,
    files: Vec<SavedFile>,
    /// Every file that was ever conflicted in this merge (checked for markers at the end).
    conflicted: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SavedFile {
    path: String,
    /// The number of its copy under `files/`; `None` when the file did not exist.
    saved: Option<usize>,
}

fn snapshot_dir(repo: &Repository) -> PathBuf {
    repo.path().join("postdesk-merge")
}

fn index_path(repo: &Repository) -> PathBuf {
    repo.path().join("index")
}

/// Records HEAD, the index and every file that differs between HEAD and `theirs`.
fn take_snapshot(
    repo: &Repository,
    root: &Path,
    kind: MergeKind,
    theirs_label: &str,
    theirs: Oid,
) -> Result<Snapshot> {
    let head = repo.head()?.peel_to_commit()?;
    let theirs_tree = repo.find_commit(theirs)?.tree()?;
    let diff = repo.diff_tree_to_tree(Some(&head.tree()?), Some(&theirs_tree), None)?;
    let mut paths = BTreeSet::new();
    for d in diff.deltas() {
        for f in [d.old_file(), d.new_file()] {
            if let Some(p) = f.path().and_then(|p| p.to_str()) {
                paths.insert(p.to_string());
            }
        }
    }
    let dir = snapshot_dir(repo);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    let files_dir = dir.join("files");
    std::fs::create_dir_all(&files_dir).map_err(|e| Error::io(&files_dir, e))?;
    let index_file = index_path(repo);
    let index = match std::fs::read(&index_file) {
        Ok(bytes) => {
            crate::atomic::write(&dir.join("index"), &bytes)?;
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(Error::io(&index_file, e)),
    };
    let mut files = Vec::with_capacity(paths.len());
    for (n, path) in paths.into_iter().enumerate() {
        let abs = root.join(&path);
        let saved = match std::fs::symlink_metadata(&abs) {
            Ok(m) if m.is_file() => {
                let bytes = std::fs::read(&abs).map_err(|e| Error::io(&abs, e))?;
                crate::atomic::write(&files_dir.join(n.to_string()), &bytes)?;
                Some(n)
            }
            // A symlink or folder: Git's own abort puts it back; nothing to compare.
            Ok(_) => continue,
            Err(_) => None,
        };
        files.push(SavedFile { path, saved });
    }
    let snap = Snapshot {
        kind,
        head: head.id().to_string(),
        head_ref: super::current_branch(repo).map(|b| format!("refs/heads/{b}")),
        theirs: theirs_label.to_string(),
        theirs_commit: theirs.to_string(),
        index,
        files,
        conflicted: Vec::new(),
    };
    write_snapshot(repo, &snap)?;
    Ok(snap)
}

fn write_snapshot(repo: &Repository, snap: &Snapshot) -> Result<()> {
    let json = serde_json::to_vec_pretty(snap).map_err(|e| Error::invalid(e.to_string()))?;
    crate::atomic::write(&snapshot_dir(repo).join("state.json"), &json)
}

fn read_snapshot(repo: &Repository) -> Option<Snapshot> {
    let bytes = std::fs::read(snapshot_dir(repo).join("state.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn drop_snapshot(repo: &Repository) {
    let _ = std::fs::remove_dir_all(snapshot_dir(repo));
}

/// The snapshot, when it belongs to the operation now in progress (not to one finished or
/// aborted from a terminal meanwhile).
fn current_snapshot(repo: &Repository, kind: MergeKind) -> Option<Snapshot> {
    let snap = read_snapshot(repo)?;
    if snap.kind != kind {
        return None;
    }
    let started_from = match kind {
        MergeKind::Merge => repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .map(|o| o.to_string()),
        MergeKind::Rebase => ["rebase-merge/orig-head", "rebase-apply/orig-head"]
            .iter()
            .find_map(|p| std::fs::read_to_string(repo.path().join(p)).ok())
            .map(|s| s.trim().to_string()),
    };
    (started_from.as_deref() == Some(snap.head.as_str())).then_some(snap)
}

/// The operation in progress, if it is one the merge view handles.
fn in_progress(repo: &Repository) -> Option<MergeKind> {
    match repo.state() {
        RepositoryState::Merge => Some(MergeKind::Merge),
        RepositoryState::Rebase
        | RepositoryState::RebaseInteractive
        | RepositoryState::RebaseMerge => Some(MergeKind::Rebase),
        _ => None,
    }
}

/// A local `git` command in the repository: never prompting, never opening an editor, in
/// English (its messages are matched).
fn git(root: &Path, args: &[&str]) -> Result<Output> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_EDITOR", "true")
        .env("GIT_SEQUENCE_EDITOR", "true")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Error::git(format!(
                "Postdesk merges with the `git` program, which could not be run ({e}). Install Git (https://git-scm.com/downloads) and try again; nothing was changed."
            ))
        })
}

/// Git's own words from a failed command: its last lines, URLs without secrets.
fn said(out: &Output) -> String {
    let mut text = String::from_utf8_lossy(&out.stderr).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stdout));
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with("hint:"))
        .collect();
    super::remote::redact_text(&lines[lines.len().saturating_sub(8)..].join("\n"))
}

/// The error for a commit Git refused: a missing identity is named as such.
fn commit_error(out: &Output, what: &str) -> Error {
    let text = said(out);
    if text.contains("Please tell me who you are") || text.contains("unable to auto-detect email") {
        return Error::new(
            ErrorKind::Identity,
            format!("Git does not know your name and email, so {what} could not be committed. Set them (Publish asks for them, or `git config --global user.name …` and `user.email …`), then finish again.\n{text}"),
        );
    }
    Error::git(format!("Git did not commit {what}:\n{text}"))
}

fn head_oid(repo: &Repository) -> Result<Oid> {
    let oid = repo.head()?.peel_to_commit()?.id();
    Ok(oid)
}

fn oid_of(repo: &Repository, rev: &str) -> Result<Oid> {
    Ok(repo.revparse_single(rev)?.peel_to_commit()?.id())
}

fn refuse_if_busy(repo: &Repository) -> Result<()> {
    if let Some(op) = super::operation_in_progress(repo) {
        return Err(Error::conflict(format!(
            "Git is in the middle of {op} in this blog; finish or abort it first (Postdesk shows it in the merge view)."
        )));
    }
    Ok(())
}

/// Merges `theirs` (a revision Git can name, e.g. `origin/post/x`) into the current branch
/// with the system `git merge`, after recording the state before. Conflicts Postdesk can merge
/// (front-matter fields) are resolved; when none remain, the merge is committed. Refused,
/// changing nothing, when Git refuses to start (a local change in the way).
pub(crate) fn merge_in(root: &Path, theirs: &str) -> Result<Started> {
    let repo = Repository::open(root)?;
    refuse_if_busy(&repo)?;
    let theirs_oid = oid_of(&repo, theirs)?;
    take_snapshot(&repo, root, MergeKind::Merge, theirs, theirs_oid)?;
    let out = git(root, &["merge", "--no-edit", theirs])?;
    let repo = Repository::open(root)?;
    if out.status.success() {
        drop_snapshot(&repo);
        return Ok(Started::Done(head_oid(&repo)?));
    }
    if in_progress(&repo) != Some(MergeKind::Merge) {
        // Git refused before starting. It may have refreshed the index's stat data on the
        // way: its bytes go back too.
        undo_refused(&repo, root);
        return Err(Error::conflict(format!(
            "Git could not merge `{theirs}`:\n{}\nNothing was changed.",
            said(&out)
        )));
    }
    continue_merge(root)
}

/// After Git refused to start a merge or rebase: the recorded bytes back (Git leaves the files
/// alone but may rewrite the index), the record dropped.
fn undo_refused(repo: &Repository, root: &Path) {
    if let Some(snap) = read_snapshot(repo) {
        let _ = restore(repo, root, &snap);
    }
    drop_snapshot(repo);
}

/// After Git stopped: resolve what Postdesk can, commit when nothing is left.
fn continue_merge(root: &Path) -> Result<Started> {
    let left = auto_resolve(root, MergeKind::Merge)?;
    if !left.is_empty() {
        return Ok(Started::Conflicts(left));
    }
    let out = git(root, &["commit", "--no-edit", "--cleanup=strip"])?;
    if !out.status.success() {
        return Err(commit_error(&out, "the merge"));
    }
    let repo = Repository::open(root)?;
    drop_snapshot(&repo);
    Ok(Started::Done(head_oid(&repo)?))
}

/// Rebases the current branch on `onto`, resolving what Postdesk can at each stop.
fn rebase_onto(root: &Path, onto: &str) -> Result<Started> {
    let repo = Repository::open(root)?;
    refuse_if_busy(&repo)?;
    let onto_oid = oid_of(&repo, onto)?;
    take_snapshot(&repo, root, MergeKind::Rebase, onto, onto_oid)?;
    let out = git(root, &["rebase", onto])?;
    let repo = Repository::open(root)?;
    if out.status.success() && in_progress(&repo).is_none() {
        drop_snapshot(&repo);
        return Ok(Started::Done(head_oid(&repo)?));
    }
    if in_progress(&repo) != Some(MergeKind::Rebase) {
        undo_refused(&repo, root);
        return Err(Error::conflict(format!(
            "Git could not rebase onto `{onto}`:\n{}\nNothing was changed.",
            said(&out)
        )));
    }
    continue_rebase(root)
}

/// A stopped rebase: resolve what Postdesk can and continue, until done or a real conflict.
fn continue_rebase(root: &Path) -> Result<Started> {
    loop {
        let left = auto_resolve(root, MergeKind::Rebase)?;
        if !left.is_empty() {
            return Ok(Started::Conflicts(left));
        }
        let out = git(root, &["rebase", "--continue"])?;
        let repo = Repository::open(root)?;
        match in_progress(&repo) {
            None if out.status.success() => {
                drop_snapshot(&repo);
                return Ok(Started::Done(head_oid(&repo)?));
            }
            Some(MergeKind::Rebase) if conflicted_paths(&repo)?.is_empty() => {
                // Stopped for another reason (a hook, an identity): say Git's words.
                return Err(commit_error(&out, "the rebased commit"));
            }
            Some(MergeKind::Rebase) => continue,
            _ => return Err(commit_error(&out, "the rebase")),
        }
    }
}

fn conflicted_paths(repo: &Repository) -> Result<Vec<String>> {
    let mut index = repo.index()?;
    index.read(true)?;
    let mut out = BTreeSet::new();
    for c in index.conflicts()? {
        let c = c?;
        if let Some(e) = c.our.as_ref().or(c.their.as_ref()).or(c.ancestor.as_ref()) {
            out.insert(String::from_utf8_lossy(&e.path).into_owned());
        }
    }
    Ok(out.into_iter().collect())
}

/// Merges every conflicted text file again with [`merge_text`]; writes and stages the ones
/// it resolves, records the rest in the snapshot and returns them.
fn auto_resolve(root: &Path, kind: MergeKind) -> Result<Vec<String>> {
    let repo = Repository::open(root)?;
    let mut left = Vec::new();
    for c in read_conflicts(&repo, kind)? {
        let merged = if c.whole_file {
            None
        } else {
            TextMerge {
                hunks: c.hunks.clone(),
                fields: Vec::new(),
            }
            .text()
        };
        match merged {
            Some(text) => write_and_stage(root, &c.path, &text)?,
            None => left.push(c.path),
        }
    }
    if let Some(mut snap) = current_snapshot(&repo, kind) {
        for p in &left {
            if !snap.conflicted.contains(p) {
                snap.conflicted.push(p.clone());
            }
        }
        write_snapshot(&repo, &snap)?;
    }
    Ok(left)
}

fn write_and_stage(root: &Path, rel: &str, text: &str) -> Result<()> {
    let abs = crate::paths::resolve(root, rel)?;
    crate::atomic::write(&abs, text.as_bytes())?;
    stage(root, rel)
}

fn stage(root: &Path, rel: &str) -> Result<()> {
    let out = git(root, &["add", "--", rel])?;
    if !out.status.success() {
        return Err(Error::git(format!(
            "Git could not stage `{rel}`:\n{}",
            said(&out)
        )));
    }
    Ok(())
}

/// The conflicted files of the index, each described for the merge view.
fn read_conflicts(repo: &Repository, kind: MergeKind) -> Result<Vec<MergeConflict>> {
    let mut index = repo.index()?;
    index.read(true)?;
    let mut out = Vec::new();
    for c in index.conflicts()? {
        let c = c?;
        let Some(path) = c
            .our
            .as_ref()
            .or(c.their.as_ref())
            .or(c.ancestor.as_ref())
            .map(|e| String::from_utf8_lossy(&e.path).into_owned())
        else {
            continue;
        };
        let blob = |e: &Option<git2::IndexEntry>| -> Option<Vec<u8>> {
            e.as_ref()
                .and_then(|e| repo.find_blob(e.id).ok())
                .map(|b| b.content().to_vec())
        };
        let (ours, theirs) = (blob(&c.our), blob(&c.their));
        let (mine, theirs) = match kind {
            MergeKind::Merge => (ours, theirs),
            MergeKind::Rebase => (theirs, ours),
        };
        out.push(describe(path, blob(&c.ancestor), mine, theirs));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Text Postdesk can merge by hunks: UTF-8, no NUL, not an LFS pointer.
fn as_text(bytes: Vec<u8>) -> Option<String> {
    if bytes.contains(&0) || bytes.starts_with(b"version https://git-lfs.github.com/spec/") {
        return None;
    }
    String::from_utf8(bytes).ok()
}

fn describe(
    path: String,
    base: Option<Vec<u8>>,
    mine: Option<Vec<u8>>,
    theirs: Option<Vec<u8>>,
) -> MergeConflict {
    let present = mine.is_some() && theirs.is_some();
    let binary = [&base, &mine, &theirs]
        .iter()
        .any(|b| b.as_ref().is_some_and(|b| as_text(b.clone()).is_none()));
    let (base, mine, theirs) = (
        base.and_then(as_text),
        mine.and_then(as_text),
        theirs.and_then(as_text),
    );
    let whole_file = binary || !present;
    let merged = match (&mine, &theirs) {
        (Some(m), Some(t)) if !whole_file => merge_text(base.as_deref().unwrap_or(""), m, t),
        _ => TextMerge {
            hunks: Vec::new(),
            fields: Vec::new(),
        },
    };
    MergeConflict {
        path,
        base,
        mine,
        theirs,
        whole_file,
        hunks: merged.hunks,
        fields: merged.fields,
    }
}

/// The merge or rebase in progress in the blog at `root`, with its conflicts; `None` when
/// there is none. A record left by a merge that was finished or aborted elsewhere is dropped.
pub fn merge_state(root: &Path) -> Result<Option<MergeState>> {
    let (repo, _) = super::open(root)?;
    let Some(kind) = in_progress(&repo) else {
        if snapshot_dir(&repo).exists() {
            drop_snapshot(&repo);
        }
        return Ok(None);
    };
    let snap = current_snapshot(&repo, kind);
    let branch = match kind {
        MergeKind::Merge => super::current_branch(&repo),
        MergeKind::Rebase => ["rebase-merge/head-name", "rebase-apply/head-name"]
            .iter()
            .find_map(|p| std::fs::read_to_string(repo.path().join(p)).ok())
            .map(|s| s.trim().trim_start_matches("refs/heads/").to_string()),
    };
    let theirs = match &snap {
        Some(s) => s.theirs.clone(),
        None => theirs_label(&repo, kind),
    };
    let conflicts = read_conflicts(&repo, kind)?;
    let what = match kind {
        MergeKind::Merge => format!("Merging `{theirs}`"),
        MergeKind::Rebase => format!("Rebasing onto `{theirs}`"),
    };
    let message = if conflicts.is_empty() {
        format!("{what}: every conflict is resolved. Finish the merge to commit it, or abort it.")
    } else {
        format!(
            "{what}: {} changed on both sides. Choose what to keep, then finish the merge — or abort it to go back to where you were.",
            plural_files(conflicts.len())
        )
    };
    Ok(Some(MergeState {
        kind,
        branch,
        theirs,
        conflicts,
        exact_abort: snap.is_some(),
        message,
    }))
}

fn plural_files(n: usize) -> String {
    if n == 1 {
        "1 file".into()
    } else {
        format!("{n} files")
    }
}

/// What a merge started outside Postdesk merges in: from `MERGE_MSG`'s first line, else
/// the commit id.
fn theirs_label(repo: &Repository, kind: MergeKind) -> String {
    let read = |p: &str| std::fs::read_to_string(repo.path().join(p)).ok();
    match kind {
        MergeKind::Merge => {
            if let Some(msg) = read("MERGE_MSG") {
                let first = msg.lines().next().unwrap_or("");
                if let Some(q) = first.split('\'').nth(1) {
                    return q.to_string();
                }
            }
            read("MERGE_HEAD")
                .map(|s| s.trim().chars().take(10).collect())
                .unwrap_or_else(|| "the other branch".into())
        }
        MergeKind::Rebase => read("rebase-merge/onto")
            .or_else(|| read("rebase-apply/onto"))
            .map(|s| s.trim().chars().take(10).collect())
            .unwrap_or_else(|| "the base branch".into()),
    }
}

/// The paths a resolution may write: the ones conflicted now or earlier in this merge.
fn resolvable(repo: &Repository, kind: MergeKind) -> Result<BTreeSet<String>> {
    let mut set: BTreeSet<String> = conflicted_paths(repo)?.into_iter().collect();
    if let Some(s) = current_snapshot(repo, kind) {
        set.extend(s.conflicted);
    }
    Ok(set)
}

/// The two sides' versions of `rel` (mine, theirs), as committed.
fn sides(repo: &Repository, kind: MergeKind, rel: &str) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    let at = |rev: &str| -> Option<Vec<u8>> {
        let tree = repo.revparse_single(rev).ok()?.peel_to_tree().ok()?;
        let entry = tree.get_path(Path::new(rel)).ok()?;
        let blob = repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    };
    match kind {
        MergeKind::Merge => (at("HEAD"), at("MERGE_HEAD")),
        MergeKind::Rebase => (at("REBASE_HEAD"), at("HEAD")),
    }
}

/// Markers in `text` that neither side's committed version had (a post about Git may quote
/// them on purpose).
fn new_markers(repo: &Repository, kind: MergeKind, rel: &str, text: &str) -> bool {
    if !has_conflict_markers(text) {
        return false;
    }
    let (m, t) = sides(repo, kind, rel);
    let had =
        |b: Option<Vec<u8>>| b.is_some_and(|b| has_conflict_markers(&String::from_utf8_lossy(&b)));
    !had(m) && !had(t)
}

/// Writes the writer's resolution of `rel` and stages it. Refused when nothing is in progress,
/// when `rel` was not conflicted in this merge, or when `text` still holds conflict markers.
pub fn resolve(root: &Path, rel: &str, text: &str) -> Result<Option<MergeState>> {
    let (repo, root) = super::open(root)?;
    let kind = in_progress(&repo).ok_or_else(nothing_in_progress)?;
    // A plain repository-relative path (never `.git`), and one this merge left conflicted.
    let rel = super::clean_rel(&root, crate::paths::post_arg(rel)?)?;
    if !resolvable(&repo, kind)?.contains(&rel) {
        return Err(Error::invalid(format!(
            "`{rel}` is not one of the files this merge left conflicted."
        )));
    }
    if new_markers(&repo, kind, &rel, text) {
        return Err(Error::conflict(format!(
            "`{rel}` still has conflict markers (<<<<<<< … ======= … >>>>>>>): choose a side for every conflict first."
        )));
    }
    write_and_stage(&root, &rel, text)?;
    merge_state(&root)
}

/// Resolves `rel` by taking one side whole (a picture, or a file one side deleted).
pub fn take(root: &Path, rel: &str, side: Side) -> Result<Option<MergeState>> {
    let (repo, root) = super::open(root)?;
    let kind = in_progress(&repo).ok_or_else(nothing_in_progress)?;
    let rel = super::clean_rel(&root, crate::paths::post_arg(rel)?)?;
    if !conflicted_paths(&repo)?.contains(&rel) {
        return Err(Error::invalid(format!(
            "`{rel}` is not conflicted in this merge."
        )));
    }
    // Git's "ours" is mine in a merge and theirs in a rebase.
    let ours = matches!(
        (kind, side),
        (MergeKind::Merge, Side::Mine) | (MergeKind::Rebase, Side::Theirs)
    );
    let mut index = repo.index()?;
    index.read(true)?;
    let stage = if ours { 2 } else { 3 };
    let present = index.get_path(Path::new(&rel), stage).is_some();
    let out = if present {
        let flag = if ours { "--ours" } else { "--theirs" };
        let out = git(&root, &["checkout", flag, "--", &rel])?;
        if out.status.success() {
            git(&root, &["add", "--", &rel])?
        } else {
            out
        }
    } else {
        git(&root, &["rm", "-q", "--", &rel])?
    };
    if !out.status.success() {
        return Err(Error::git(format!(
            "Git could not resolve `{rel}`:\n{}",
            said(&out)
        )));
    }
    merge_state(&root)
}

fn nothing_in_progress() -> Error {
    Error::not_found("No merge is in progress in this blog.")
}

/// Commits the merge (continues the rebase) once every conflict is resolved. Refused while a
/// file is still conflicted or still holds conflict markers.
pub fn finish(root: &Path) -> Result<FinishOutcome> {
    let (repo, root) = super::open(root)?;
    let kind = in_progress(&repo).ok_or_else(nothing_in_progress)?;
    let left = conflicted_paths(&repo)?;
    if !left.is_empty() {
        return Err(Error::conflict(format!(
            "Still conflicted: {}. Resolve them (or abort the merge) first.",
            left.join(", ")
        )));
    }
    let mut check: BTreeSet<String> = resolvable(&repo, kind)?;
    if current_snapshot(&repo, kind).is_none() {
        // Started elsewhere: every file the merge changes.
        let out = git(&root, &["diff", "--cached", "--name-only", "-z", "HEAD"])?;
        check.extend(
            String::from_utf8_lossy(&out.stdout)
                .split('\0')
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
    }
    let marked: Vec<&String> = check
        .iter()
        .filter(|rel| {
            let abs = root.join(rel);
            let small = std::fs::metadata(&abs).is_ok_and(|m| m.is_file() && m.len() < 8 << 20);
            small
                && std::fs::read(&abs)
                    .is_ok_and(|b| new_markers(&repo, kind, rel, &String::from_utf8_lossy(&b)))
        })
        .collect();
    if !marked.is_empty() {
        return Err(Error::conflict(format!(
            "Conflict markers (<<<<<<< … >>>>>>>) are still in {}: resolve them first; nothing was committed.",
            marked.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        )));
    }
    let started = match kind {
        MergeKind::Merge => continue_merge(&root)?,
        MergeKind::Rebase => continue_rebase(&root)?,
    };
    Ok(match started {
        Started::Done(oid) => FinishOutcome {
            commit: Some(oid.to_string()),
            next: None,
            message: match kind {
                MergeKind::Merge => format!("Merged: commit {}.", short(oid)),
                MergeKind::Rebase => format!("Rebased: the branch is now at {}.", short(oid)),
            },
        },
        Started::Conflicts(files) => FinishOutcome {
            commit: None,
            next: merge_state(&root)?,
            message: format!("The next commit conflicts too, in {}.", files.join(", ")),
        },
    })
}

fn short(oid: Oid) -> String {
    oid.to_string().chars().take(7).collect()
}

/// Aborts the merge (rebase) in progress. When Postdesk started it, the repository is put
/// back exactly as it was: HEAD checked, the index and the files the merge touched restored
/// byte for byte.
pub fn abort(root: &Path) -> Result<String> {
    let (repo, root) = super::open(root)?;
    let kind = in_progress(&repo).ok_or_else(nothing_in_progress)?;
    let snap = current_snapshot(&repo, kind);
    let out = match kind {
        MergeKind::Merge => git(&root, &["merge", "--abort"])?,
        MergeKind::Rebase => git(&root, &["rebase", "--abort"])?,
    };
    if !out.status.success() {
        return Err(Error::git(format!(
            "Git could not abort the {}:\n{}",
            match kind {
                MergeKind::Merge => "merge",
                MergeKind::Rebase => "rebase",
            },
            said(&out)
        )));
    }
    let Some(snap) = snap else {
        return Ok("The merge was aborted.".into());
    };
    let repo = Repository::open(&root)?;
    restore(&repo, &root, &snap)?;
    drop_snapshot(&repo);
    Ok("The merge was aborted: everything is as it was before.".into())
}

fn restore(repo: &Repository, root: &Path, snap: &Snapshot) -> Result<()> {
    let head = repo.head()?.peel_to_commit()?.id().to_string();
    let head_ref = super::current_branch(repo).map(|b| format!("refs/heads/{b}"));
    if head != snap.head || head_ref != snap.head_ref {
        return Err(Error::git(format!(
            "After the abort, HEAD is {} ({}) instead of {} ({}); check `git status` and `git reflog`.",
            head,
            head_ref.as_deref().unwrap_or("detached"),
            snap.head,
            snap.head_ref.as_deref().unwrap_or("detached"),
        )));
    }
    let dir = snapshot_dir(repo);
    let theirs_tree = Oid::from_str(&snap.theirs_commit)
        .ok()
        .and_then(|o| repo.find_commit(o).ok())
        .and_then(|c| c.tree().ok());
    for f in &snap.files {
        let abs = crate::paths::resolve(root, &f.path)?;
        let now = std::fs::read(&abs).ok();
        match f.saved {
            Some(n) => {
                let was = std::fs::read(dir.join("files").join(n.to_string()))
                    .map_err(|e| Error::io(&dir, e))?;
                if now.as_deref() != Some(&was[..]) {
                    crate::atomic::write(&abs, &was)?;
                }
            }
            None => {
                // A file the merge brought in and Git left behind: removed only when it is
                // still exactly theirs (never the writer's own new file).
                let theirs_bytes = theirs_tree
                    .as_ref()
                    .and_then(|t| t.get_path(Path::new(&f.path)).ok())
                    .and_then(|e| repo.find_blob(e.id()).ok())
                    .map(|b| b.content().to_vec());
                if now.is_some() && now == theirs_bytes {
                    std::fs::remove_file(&abs).map_err(|e| Error::io(&abs, e))?;
                }
            }
        }
    }
    if snap.index {
        let bytes = std::fs::read(dir.join("index")).map_err(|e| Error::io(&dir, e))?;
        write_index(repo, &bytes)?;
    }
    Ok(())
}

/// Writes the index as Git does: through `index.lock`, renamed over `index`.
fn write_index(repo: &Repository, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let path = index_path(repo);
    let lock = repo.path().join("index.lock");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&lock)
        .map_err(|e| {
            Error::conflict(format!(
                "Another Git command is using this blog ({}: {e}); try again when it is done.",
                lock.display()
            ))
        })?;
    let written = f.write_all(bytes).and_then(|_| f.sync_all());
    drop(f);
    if let Err(e) = written.and_then(|_| std::fs::rename(&lock, &path)) {
        let _ = std::fs::remove_file(&lock);
        return Err(Error::io(&path, e));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The base branch
// ---------------------------------------------------------------------------------------------

/// How the current branch stands against the base (default) branch; `None` on the base
/// branch itself, on a detached HEAD, or when the blog has no base branch.
pub fn behind_base(root: &Path) -> Result<Option<BaseStatus>> {
    let (repo, _) = super::open(root)?;
    let Some(branch) = super::current_branch(&repo) else {
        return Ok(None);
    };
    let Some(base) = super::default_branch(&repo) else {
        return Ok(None);
    };
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
        return Ok(None);
    };
    let remote = super::default_remote_name(&repo).unwrap_or_else(|| "origin".into());
    let local = repo
        .find_reference(&format!("refs/heads/{base}"))
        .and_then(|r| r.peel_to_commit())
        .ok()
        .map(|c| (base.clone(), c.id()));
    let tracking = repo
        .find_reference(&format!("refs/remotes/{remote}/{base}"))
        .and_then(|r| r.peel_to_commit())
        .ok()
        .map(|c| (format!("{remote}/{base}"), c.id()));
    // The newer of the two: the local branch when it contains the remote one.
    let (base_ref, base_oid) = match (local, tracking) {
        (Some(l), Some(t)) => {
            if l.1 == t.1 || repo.graph_descendant_of(l.1, t.1).unwrap_or(false) {
                l
            } else {
                t
            }
        }
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => return Ok(None),
    };
    if branch == base {
        return Ok(None);
    }
    let (ahead, behind) = repo.graph_ahead_behind(head.id(), base_oid)?;
    let pushed = super::status::upstream_of(&repo, &branch).is_some();
    let how = if pushed || !tracked_clean(&repo) {
        UpdateHow::Merge
    } else {
        UpdateHow::Rebase
    };
    Ok(Some(BaseStatus {
        branch,
        base,
        base_ref,
        behind: behind as u32,
        ahead: ahead as u32,
        pushed,
        how,
    }))
}

/// No tracked file has uncommitted changes (what `git rebase` needs).
fn tracked_clean(repo: &Repository) -> bool {
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(false).include_ignored(false);
    repo.statuses(Some(&mut opts))
        .map(|s| s.iter().all(|e| e.status().is_empty()))
        .unwrap_or(false)
}

/// Brings the current branch up to date with its base: `how` (default: [`BaseStatus::how`])
/// merges the base in, or rebases the branch on it (refused once the branch is pushed).
/// Conflicts Postdesk cannot merge leave the merge in progress for the merge view, or with
/// [`OnConflict::Abort`] are aborted back to the exact state before.
pub fn update_from_base(
    root: &Path,
    how: Option<UpdateHow>,
    on_conflict: OnConflict,
) -> Result<UpdateOutcome> {
    let (repo, root) = super::open(root)?;
    refuse_if_busy(&repo)?;
    let status = behind_base(&root)?.ok_or_else(|| {
        Error::invalid(
            "There is no base branch to update from: this is the base branch itself (use Pull), a detached HEAD, or a blog without a main branch.",
        )
    })?;
    let how = how.unwrap_or(status.how);
    if how == UpdateHow::Rebase && status.pushed {
        return Err(Error::invalid(format!(
            "`{}` is already on the remote: rebasing it would rewrite commits others may have. Update it with a merge instead.",
            status.branch
        )));
    }
    let mut outcome = UpdateOutcome {
        branch: status.branch.clone(),
        base_ref: status.base_ref.clone(),
        how,
        state: UpdateState::UpToDate,
        behind: status.behind,
        conflicts: Vec::new(),
        commit: None,
        message: format!(
            "`{}` already has every commit of `{}`.",
            status.branch, status.base_ref
        ),
    };
    if status.behind == 0 {
        return Ok(outcome);
    }
    let started = match how {
        UpdateHow::Merge => merge_in(&root, &status.base_ref),
        UpdateHow::Rebase => rebase_onto(&root, &status.base_ref),
    };
    let started = match started {
        Err(e) if on_conflict == OnConflict::Abort => {
            abort_if_started(&root);
            return Err(e);
        }
        other => other?,
    };
    match started {
        Started::Done(oid) => {
            outcome.state = UpdateState::Updated;
            outcome.commit = Some(oid.to_string());
            outcome.message = format!(
                "`{}` now has the {} new commit(s) of `{}` ({}).",
                status.branch,
                status.behind,
                status.base_ref,
                match how {
                    UpdateHow::Merge => "merged in",
                    UpdateHow::Rebase => "rebased on them",
                }
            );
        }
        Started::Conflicts(files) => {
            outcome.state = UpdateState::Conflicted;
            outcome.message = conflict_message(
                &files,
                &status.base_ref,
                on_conflict,
                "Update from base",
                "git merge",
            );
            outcome.conflicts = files;
            if on_conflict == OnConflict::Abort {
                abort(&root)?;
            }
        }
    }
    Ok(outcome)
}

/// Aborts what [`merge_in`] / [`rebase_onto`] left in progress after an error, if anything.
pub(crate) fn abort_if_started(root: &Path) {
    if let Ok(repo) = Repository::open(root) {
        if let Some(kind) = in_progress(&repo) {
            if current_snapshot(&repo, kind).is_some() {
                let _ = abort(root);
            }
        }
    }
}

/// The words for a conflict: what changed on both sides, and what to do.
pub(crate) fn conflict_message(
    files: &[String],
    theirs: &str,
    on_conflict: OnConflict,
    action: &str,
    git_way: &str,
) -> String {
    let list = files
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match on_conflict {
        OnConflict::Stop => format!(
            "Changed on both sides (here and in `{theirs}`): {list}. Choose what to keep in the merge view, then Finish merge — or Abort to go back to where you were."
        ),
        OnConflict::Abort => format!(
            "Changed on both sides (here and in `{theirs}`): {list}. Nothing was changed. To combine them, use {action} in the Postdesk app (it shows both versions side by side), or run `{git_way}` and resolve the conflicts with Git."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(m: &TextMerge) -> Vec<(Option<&str>, HunkKind)> {
        m.hunks
            .iter()
            .map(|h| (h.field.as_deref(), h.kind))
            .collect()
    }

    const BASE: &str = "---\ntitle: Hello\ntags: [a]\ndate: 2024-01-01\n---\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n";

    #[test]
    fn different_fields_on_adjacent_lines_are_both_kept() {
        // Git alone conflicts here: the two changed lines touch.
        let mine = BASE.replace("tags: [a]", "tags: [a, b]");
        let theirs = BASE.replace("title: Hello", "title: Hello, world");
        let m = merge_text(BASE, &mine, &theirs);
        assert_eq!(m.conflicts(), 0, "{m:#?}");
        assert_eq!(
            m.text().unwrap(),
            BASE.replace("tags: [a]", "tags: [a, b]")
                .replace("title: Hello", "title: Hello, world")
        );
        assert_eq!(
            m.fields,
            vec![
                FieldMerge {
                    key: "title".into(),
                    kind: HunkKind::Theirs
                },
                FieldMerge {
                    key: "tags".into(),
                    kind: HunkKind::Mine
                },
            ]
        );
    }

    #[test]
    fn the_same_field_changed_differently_conflicts_on_that_field_only() {
        let mine = BASE
            .replace("title: Hello", "title: Mine")
            .replace("Third paragraph.", "Third paragraph, mine.");
        let theirs = BASE
            .replace("title: Hello", "title: Theirs")
            .replace("date: 2024-01-01", "date: 2024-02-02")
            .replace("First paragraph.", "First paragraph, theirs.");
        let m = merge_text(BASE, &mine, &theirs);
        assert_eq!(m.conflicts(), 1, "{m:#?}");
        let c = m
            .hunks
            .iter()
            .find(|h| h.kind == HunkKind::Conflict)
            .unwrap();
        assert_eq!(c.field.as_deref(), Some("title"));
        assert_eq!(c.base, "title: Hello\n");
        assert_eq!(c.mine, "title: Mine\n");
        assert_eq!(c.theirs, "title: Theirs\n");
        assert!(m.fields.contains(&FieldMerge {
            key: "date".into(),
            kind: HunkKind::Theirs
        }));
        // Choosing mine for the conflict gives every other change merged.
        let text: String = m
            .hunks
            .iter()
            .map(|h| {
                if h.kind == HunkKind::Conflict {
                    h.mine.as_str()
                } else {
                    h.text.as_str()
                }
            })
            .collect();
        assert_eq!(
            text,
            "---\ntitle: Mine\ntags: [a]\ndate: 2024-02-02\n---\nFirst paragraph, theirs.\n\nSecond paragraph.\n\nThird paragraph, mine.\n"
        );
    }

    #[test]
    fn fields_added_and_removed_follow_the_side_that_did_it() {
        let mine = BASE.replace("tags: [a]\n", "tags: [a]\nauthor: ada\n");
        let theirs = BASE
            .replace("date: 2024-01-01\n", "")
            .replace("title: Hello\n", "title: Hello\ndraft: true\n");
        let m = merge_text(BASE, &mine, &theirs);
        assert_eq!(
            m.text().unwrap(),
            "---\ntitle: Hello\ndraft: true\ntags: [a]\nauthor: ada\n---\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"
        );
        // Removed on one side, changed on the other: a conflict between nothing and a value.
        let mine = BASE.replace("date: 2024-01-01\n", "");
        let theirs = BASE.replace("date: 2024-01-01", "date: 2025-01-01");
        let m = merge_text(BASE, &mine, &theirs);
        let c: Vec<_> = m
            .hunks
            .iter()
            .filter(|h| h.kind == HunkKind::Conflict)
            .collect();
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].mine.as_str(), c[0].theirs.as_str()),
            ("", "date: 2025-01-01\n")
        );
    }

    #[test]
    fn body_hunks_merge_apart_and_conflict_together() {
        let mine = BASE.replace("First paragraph.", "First, mine.");
        let theirs = BASE.replace("Third paragraph.", "Third, theirs.");
        let m = merge_text(BASE, &mine, &theirs);
        assert_eq!(
            m.text().unwrap(),
            BASE.replace("First paragraph.", "First, mine.")
                .replace("Third paragraph.", "Third, theirs.")
        );
        let mine = BASE.replace("Second paragraph.", "Second, mine.");
        let theirs = BASE.replace("Second paragraph.", "Second, theirs.");
        let m = merge_text(BASE, &mine, &theirs);
        let c: Vec<_> = m
            .hunks
            .iter()
            .filter(|h| h.kind == HunkKind::Conflict)
            .collect();
        assert_eq!(c.len(), 1, "{:?}", kinds(&m));
        assert_eq!(c[0].field, None);
        assert_eq!(c[0].base, "Second paragraph.\n");
        assert_eq!(c[0].mine, "Second, mine.\n");
        assert_eq!(c[0].theirs, "Second, theirs.\n");
        assert!(m.fields.is_empty());
        // Both sides appending different lines at the end conflict; the same line does not.
        let m = merge_text("a\n", "a\nb\n", "a\nc\n");
        assert_eq!(m.conflicts(), 1);
        assert_eq!(
            merge_text("a\n", "a\nb\n", "a\nb\n").text().unwrap(),
            "a\nb\n"
        );
    }

    #[test]
    fn without_front_matter_or_with_a_broken_one_the_whole_text_merges_by_lines() {
        let m = merge_text("x\ny\nz\n", "X\ny\nz\n", "x\ny\nZ\n");
        assert_eq!(m.text().unwrap(), "X\ny\nZ\n");
        let broken = "---\ntitle: [unclosed\n---\nbody\n";
        let m = merge_text(broken, &broken.replace("body", "Body"), broken);
        assert_eq!(m.text().unwrap(), broken.replace("body", "Body"));
        // TOML front matter merges field by field too.
        let base = "+++\ntitle = \"A\"\ntags = [\"x\"]\n+++\nBody\n";
        let m = merge_text(
            base,
            &base.replace("\"A\"", "\"B\""),
            &base.replace("[\"x\"]", "[\"y\"]"),
        );
        assert_eq!(
            m.text().unwrap(),
            "+++\ntitle = \"B\"\ntags = [\"y\"]\n+++\nBody\n"
        );
    }

    #[test]
    fn markers_are_found_only_as_a_whole() {
        assert!(has_conflict_markers(
            "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> theirs\n"
        ));
        assert!(!has_conflict_markers("Title\n=======\n\ntext\n"));
        assert!(!has_conflict_markers("<<<<<<<< not\n=======\n>>>>>>> x\n"));
    }
}
