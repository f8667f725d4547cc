//! `postdesk pull` and `postdesk update` on real repositories: a bare remote as `origin`, the
//! writer's clone and a reviewer's. A pull or update that conflicts exits 1, lists the files
//! and leaves the writer's repository byte for byte as it was (HEAD, `.git/index`, work tree).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::repo::{git, isolated, postdesk};

const POST: &str = "_posts/2024-01-01-hello.md";
const POST_TEXT: &str = "---\ntitle: Hello\ntags: [travel]\nlayout: post\n---\nThe first paragraph.\n\nThe second paragraph.\n\nThe third paragraph.\n";

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            text(&o.stdout),
            text(&o.stderr)
        )
    })
}

struct Setup {
    _dir: tempfile::TempDir,
    home: PathBuf,
    /// The writer's clone, on `post/hello`, pushed.
    work: PathBuf,
    /// A reviewer's clone of `post/hello`.
    other: PathBuf,
}

impl Setup {
    fn write(&self, dir: &Path, rel: &str, s: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    }

    fn edit(&self, dir: &Path, rel: &str, from: &str, to: &str) {
        let t = std::fs::read_to_string(dir.join(rel)).unwrap();
        assert!(t.contains(from), "{rel} lacks {from:?}");
        self.write(dir, rel, &t.replacen(from, to, 1));
    }

    fn commit(&self, dir: &Path, msg: &str) {
        git(&self.home, dir, &["add", "-A"]);
        git(&self.home, dir, &["commit", "-q", "-m", msg]);
    }

    /// The reviewer changes the post and pushes.
    fn reviewer_pushes(&self, from: &str, to: &str) {
        self.edit(&self.other, POST, from, to);
        self.commit(&self.other, "review");
        git(&self.home, &self.other, &["push", "-q"]);
    }

    fn head(&self) -> String {
        git(&self.home, &self.work, &["rev-parse", "HEAD"])
    }
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let home = base.join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join(".gitconfig"),
        "[user]\n\tname = Writer\n\temail = w@example.org\n[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    git(
        &home,
        &base,
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    let work = base.join("work");
    git(&home, &base, &["clone", "-q", "remote.git", "work"]);
    let s = Setup {
        _dir: dir,
        home,
        work: work.clone(),
        other: base.join("other"),
    };
    s.write(&work, "_config.yml", "title: t\n");
    s.write(&work, POST, POST_TEXT);
    s.write(
        &work,
        "_posts/2023-05-05-older.md",
        "---\ntitle: Older\n---\nOld.\n",
    );
    s.commit(&work, "init");
    git(&s.home, &work, &["push", "-q", "-u", "origin", "main"]);
    git(&s.home, &work, &["switch", "-q", "-c", "post/hello"]);
    s.edit(
        &work,
        POST,
        "The third paragraph.",
        "The third paragraph, drafted.",
    );
    s.commit(&work, "Draft hello");
    git(
        &s.home,
        &work,
        &["push", "-q", "-u", "origin", "post/hello"],
    );
    git(
        &s.home,
        &base,
        &["clone", "-q", "-b", "post/hello", "remote.git", "other"],
    );
    s
}

/// HEAD, the index file's bytes and every file of the work tree (`.git` aside).
fn snapshot(s: &Setup) -> (String, Vec<u8>, BTreeMap<String, Vec<u8>>) {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if e.file_name() == ".git" {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(&s.work, &s.work, &mut files);
    let index = std::fs::read(s.work.join(".git/index")).unwrap();
    (s.head(), index, files)
}

#[test]
fn a_diverged_pull_without_conflict_merges() {
    let s = setup();
    s.reviewer_pushes("The first paragraph.", "The first paragraph, reviewed.");
    s.edit(
        &s.work,
        POST,
        "The second paragraph.",
        "The second paragraph, rewritten.",
    );
    s.commit(&s.work, "Rewrite");
    // Unrelated work in progress stays as it is.
    s.write(&s.work, "notes.txt", "mine\n");
    s.edit(&s.work, "_config.yml", "title: t", "title: t2");
    let before = s.head();

    let o = postdesk(&s.home, &s.work, &["pull", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v = json(&o);
    assert_eq!(v["state"], "merged", "{v}");
    assert_eq!(v["branch"], "post/hello");
    assert_eq!(v["upstream"], "origin/post/hello");
    assert_eq!(
        (v["ahead"].as_u64(), v["behind"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(v["conflicts"], serde_json::json!([]));

    let parents = git(&s.home, &s.work, &["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2, "a merge commit");
    assert!(parents.starts_with(before.trim()));
    let subject = git(&s.home, &s.work, &["log", "-1", "--format=%s"]);
    assert_eq!(
        subject.trim(),
        "Merge remote-tracking branch 'origin/post/hello' into post/hello"
    );
    let post = std::fs::read_to_string(s.work.join(POST)).unwrap();
    assert!(post.contains("The first paragraph, reviewed."), "{post}");
    assert!(post.contains("The second paragraph, rewritten."), "{post}");
    assert_eq!(
        git(&s.home, &s.work, &["status", "--porcelain"]),
        " M _config.yml\n?? notes.txt\n"
    );
    // Nothing left in progress.
    assert!(!s.work.join(".git/MERGE_HEAD").exists());
    assert!(!s.work.join(".git/postdesk-merge").exists());
    // Nothing left to bring in: the merge and the writer's commit wait to be pushed.
    let o = postdesk(&s.home, &s.work, &["pull"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("push them"), "{}", text(&o.stdout));
}

#[test]
fn a_conflicting_pull_exits_1_lists_the_post_and_leaves_the_repository_byte_identical() {
    let s = setup();
    s.reviewer_pushes(
        "The second paragraph.",
        "The second paragraph, as the reviewer wants it.",
    );
    s.edit(
        &s.work,
        POST,
        "The second paragraph.",
        "The second paragraph, as I want it.",
    );
    s.commit(&s.work, "Mine");
    s.write(&s.work, "notes.txt", "mine\n");
    s.edit(&s.work, "_config.yml", "title: t", "title: t2");
    // The pull fetches first: take the state after the fetch (only remote refs move).
    git(&s.home, &s.work, &["fetch", "-q"]);
    let before = snapshot(&s);

    let o = postdesk(&s.home, &s.work, &["pull"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains(&format!("  {POST}\n")), "{out}");
    assert!(out.contains("Nothing was changed"), "{out}");
    assert!(out.contains("git pull"), "{out}");
    assert!(out.contains("Postdesk app"), "{out}");
    assert!(before == snapshot(&s), "the repository changed");

    let o = postdesk(&s.home, &s.work, &["pull", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v = json(&o);
    assert_eq!(v["state"], "conflicted", "{v}");
    assert_eq!(v["conflicts"], serde_json::json!([POST]));
    assert!(before == snapshot(&s), "the repository changed");
    assert!(!s.work.join(".git/MERGE_HEAD").exists());
    assert!(!s.work.join(".git/postdesk-merge").exists());
    assert_eq!(
        git(&s.home, &s.work, &["status", "--porcelain"]),
        " M _config.yml\n?? notes.txt\n"
    );

    // An unsaved edit of the post itself is in the way: refused before starting, as git does.
    s.edit(
        &s.work,
        POST,
        "The first paragraph.",
        "The first paragraph, unsaved.",
    );
    let before = snapshot(&s);
    let o = postdesk(&s.home, &s.work, &["pull"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(err.contains("would be overwritten by merge"), "{err}");
    assert!(err.contains(POST), "{err}");
    assert!(err.contains("Nothing was changed"), "{err}");
    let after = snapshot(&s);
    assert_eq!(before.0, after.0, "HEAD changed");
    assert!(before.2 == after.2, "the work tree changed");
    assert!(before.1 == after.1, "the index changed");
    assert!(!s.work.join(".git/postdesk-merge").exists());
}

#[test]
fn front_matter_changed_in_different_fields_merges_cleanly() {
    let s = setup();
    // The reviewer retitles; the writer retags, on the line next to it.
    s.reviewer_pushes("title: Hello", "title: Hello, Lisbon");
    s.edit(&s.work, POST, "tags: [travel]", "tags: [travel, food]");
    s.commit(&s.work, "Tags");
    git(&s.home, &s.work, &["fetch", "-q"]);
    // Git alone calls this a conflict (the changed lines touch).
    let plain = isolated(
        Command::new("git").arg("-C").arg(&s.work).args([
            "merge-tree",
            "--write-tree",
            "HEAD",
            "origin/post/hello",
        ]),
        &s.home,
    )
    .output()
    .unwrap();
    assert_eq!(plain.status.code(), Some(1), "{}", text(&plain.stdout));

    let o = postdesk(&s.home, &s.work, &["pull", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(json(&o)["state"], "merged");
    let post = std::fs::read_to_string(s.work.join(POST)).unwrap();
    assert!(
        post.starts_with("---\ntitle: Hello, Lisbon\ntags: [travel, food]\nlayout: post\n---\n"),
        "{post}"
    );
    assert_eq!(git(&s.home, &s.work, &["status", "--porcelain"]), "");
    assert_eq!(
        git(&s.home, &s.work, &["show", &format!("HEAD:{POST}")]),
        post
    );
}

/// The base (`main`) gains commits from the reviewer's clone; the writer fetches.
fn base_moves(s: &Setup, changes: &[(&str, &str)]) {
    git(&s.home, &s.other, &["fetch", "-q", "origin", "main"]);
    git(
        &s.home,
        &s.other,
        &["switch", "-q", "-c", "main", "origin/main"],
    );
    for (i, (rel, body)) in changes.iter().enumerate() {
        if *rel == POST {
            s.edit(&s.other, POST, "The third paragraph.", body);
        } else {
            s.write(&s.other, rel, body);
        }
        s.commit(&s.other, &format!("base {i}"));
    }
    git(&s.home, &s.other, &["push", "-q", "origin", "main"]);
    git(&s.home, &s.work, &["fetch", "-q"]);
}

#[test]
fn update_rebases_an_unpushed_branch_and_merges_a_pushed_one() {
    let s = setup();
    base_moves(
        &s,
        &[
            ("_posts/2024-02-02-other.md", "---\ntitle: Other\n---\nx\n"),
            ("about.md", "About.\n"),
        ],
    );
    // Pushed: a merge.
    let o = postdesk(&s.home, &s.work, &["update", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v = json(&o);
    assert_eq!(v["how"], "merge", "{v}");
    assert_eq!(v["state"], "updated");
    assert_eq!(v["behind"], 2);
    assert_eq!(v["base_ref"], "origin/main");
    let parents = git(&s.home, &s.work, &["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2);
    assert!(s.work.join("about.md").exists());
    let o = postdesk(&s.home, &s.work, &["update"]);
    assert!(
        text(&o.stdout).contains("already has every commit"),
        "{}",
        text(&o.stdout)
    );
    // A rebase of a pushed branch is refused.
    let o = postdesk(&s.home, &s.work, &["update", "--rebase"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("already on the remote"),
        "{}",
        text(&o.stderr)
    );

    // Not pushed: a rebase, the post's commit replayed on the base.
    git(
        &s.home,
        &s.work,
        &["switch", "-q", "-c", "post/new", "main"],
    );
    s.write(
        &s.work,
        "_posts/2024-03-03-new.md",
        "---\ntitle: New\n---\nNew.\n",
    );
    s.commit(&s.work, "New post");
    let o = postdesk(&s.home, &s.work, &["update", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v = json(&o);
    assert_eq!(
        (v["how"].as_str(), v["state"].as_str()),
        (Some("rebase"), Some("updated")),
        "{v}"
    );
    assert_eq!(
        git(&s.home, &s.work, &["rev-parse", "HEAD~1"]),
        git(&s.home, &s.work, &["rev-parse", "origin/main"])
    );
    assert_eq!(
        git(&s.home, &s.work, &["log", "-1", "--format=%s"]).trim(),
        "New post"
    );
}

#[test]
fn an_update_that_conflicts_exits_1_and_changes_nothing() {
    let s = setup();
    base_moves(&s, &[(POST, "The third paragraph, fixed on main.")]);
    s.write(&s.work, "notes.txt", "mine\n");
    let before = snapshot(&s);
    for how in ["--merge", "--rebase"] {
        if how == "--rebase" {
            // Unpushed, so a rebase is allowed.
            git(&s.home, &s.work, &["branch", "-q", "--unset-upstream"]);
            git(
                &s.home,
                &s.work,
                &["push", "-q", "origin", "--delete", "post/hello"],
            );
            git(&s.home, &s.work, &["fetch", "-q", "--prune"]);
        }
        let o = postdesk(&s.home, &s.work, &["update", how, "--json"]);
        assert_eq!(o.status.code(), Some(1), "{how}: {}", text(&o.stderr));
        let v = json(&o);
        assert_eq!(v["state"], "conflicted", "{v}");
        assert_eq!(v["conflicts"], serde_json::json!([POST]));
        assert!(before == snapshot(&s), "{how}: the repository changed");
        assert!(!s.work.join(".git/postdesk-merge").exists());
        assert!(!s.work.join(".git/rebase-merge").exists());
        assert!(!s.work.join(".git/MERGE_HEAD").exists());
    }
}

/// What the app does through the core: a pull that stops in the merge view, the conflict as it
/// describes it, resolutions refused while markers remain, an exact abort, then a finished merge.
#[test]
fn the_merge_view_calls_describe_resolve_finish_and_abort_exactly() {
    use postdesk_core::vcs::merge::{self, HunkKind};
    use postdesk_core::vcs::{OnConflict, PullState, UpdateHow, UpdateState};
    let s = setup();
    // The core runs `git` with this process's environment: the identity goes in the clone.
    git(&s.home, &s.work, &["config", "user.name", "Writer"]);
    git(&s.home, &s.work, &["config", "user.email", "w@example.org"]);
    s.reviewer_pushes("title: Hello", "title: Hello, Lisbon");
    s.edit(
        &s.other,
        POST,
        "The first paragraph.",
        "The first paragraph, theirs.",
    );
    s.commit(&s.other, "more review");
    git(&s.home, &s.other, &["push", "-q"]);
    s.edit(&s.work, POST, "tags: [travel]", "tags: [travel, food]");
    s.edit(
        &s.work,
        POST,
        "The first paragraph.",
        "The first paragraph, mine.",
    );
    s.commit(&s.work, "Mine");
    git(&s.home, &s.work, &["fetch", "-q"]);
    let before = snapshot(&s);

    let p = postdesk_core::vcs::pull(&s.work, &mut |_| {}, OnConflict::Stop).unwrap();
    assert_eq!(p.state, PullState::Conflicted);
    assert_eq!(p.conflicts, vec![POST.to_string()]);
    let st = merge::merge_state(&s.work)
        .unwrap()
        .expect("a merge in progress");
    assert!(st.exact_abort);
    assert_eq!(st.theirs, "origin/post/hello");
    assert_eq!(st.branch.as_deref(), Some("post/hello"));
    let c = &st.conflicts[0];
    assert_eq!(c.path, POST);
    assert!(c
        .base
        .as_deref()
        .unwrap()
        .contains("The first paragraph.\n"));
    assert!(c
        .mine
        .as_deref()
        .unwrap()
        .contains("The first paragraph, mine."));
    assert!(c
        .theirs
        .as_deref()
        .unwrap()
        .contains("The first paragraph, theirs."));
    let conflicts: Vec<_> = c
        .hunks
        .iter()
        .filter(|h| h.kind == HunkKind::Conflict)
        .collect();
    assert_eq!(conflicts.len(), 1, "{:#?}", c.hunks);
    assert_eq!(conflicts[0].mine, "The first paragraph, mine.\n");
    // The fields merged apart from the body's conflict.
    let fields: Vec<_> = c.fields.iter().map(|f| (f.key.as_str(), f.kind)).collect();
    assert_eq!(
        fields,
        vec![("title", HunkKind::Theirs), ("tags", HunkKind::Mine)]
    );
    // Git's markers are in the file meanwhile; finishing is refused.
    let on_disk = std::fs::read_to_string(s.work.join(POST)).unwrap();
    assert!(merge::has_conflict_markers(&on_disk));
    assert!(merge::finish(&s.work).is_err());
    assert!(merge::resolve(&s.work, POST, &on_disk).is_err());
    // Only a file this merge left conflicted, by a plain path inside the blog.
    for other in [
        "_config.yml",
        ".git/config",
        "/etc/passwd",
        "_posts/../_config.yml",
    ] {
        assert!(merge::resolve(&s.work, other, "x").is_err(), "{other}");
        assert!(
            merge::take(&s.work, other, merge::Side::Theirs).is_err(),
            "{other}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(s.work.join("_config.yml")).unwrap(),
        "title: t\n"
    );
    // Another pull is refused while the merge is open.
    assert!(postdesk_core::vcs::pull(&s.work, &mut |_| {}, OnConflict::Stop).is_err());

    merge::abort(&s.work).unwrap();
    assert!(
        before == snapshot(&s),
        "abort did not restore the repository exactly"
    );
    assert!(merge::merge_state(&s.work).unwrap().is_none());

    // Again, resolved: mine for the paragraph.
    postdesk_core::vcs::pull(&s.work, &mut |_| {}, OnConflict::Stop).unwrap();
    let st = merge::merge_state(&s.work).unwrap().unwrap();
    let resolved: String = st.conflicts[0]
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
    let left = merge::resolve(&s.work, POST, &resolved).unwrap().unwrap();
    assert!(left.conflicts.is_empty());
    let done = merge::finish(&s.work).unwrap();
    assert!(done.next.is_none());
    assert_eq!(
        git(&s.home, &s.work, &["rev-parse", "HEAD"]).trim(),
        done.commit.as_deref().unwrap()
    );
    let committed = git(&s.home, &s.work, &["show", &format!("HEAD:{POST}")]);
    assert!(!merge::has_conflict_markers(&committed));
    assert!(committed.starts_with("---\ntitle: Hello, Lisbon\ntags: [travel, food]\n"));
    assert!(committed.contains("The first paragraph, mine."));
    assert_eq!(
        git(&s.home, &s.work, &["log", "-1", "--format=%P"])
            .split_whitespace()
            .count(),
        2
    );
    assert!(!s.work.join(".git/postdesk-merge").exists());

    // A rebase that stops: mine is the writer's commit, and abort is exact too.
    git(
        &s.home,
        &s.work,
        &["switch", "-q", "-c", "post/local", "main"],
    );
    s.edit(
        &s.work,
        POST,
        "The third paragraph.",
        "The third paragraph, local.",
    );
    s.commit(&s.work, "Local");
    base_moves(
        &s,
        &[
            ("about.md", "About.\n"),
            (POST, "The third paragraph, main."),
        ],
    );
    let before = snapshot(&s);
    let base = merge::behind_base(&s.work).unwrap().unwrap();
    assert_eq!(
        (base.behind, base.pushed, base.how),
        (2, false, UpdateHow::Rebase)
    );
    let u = merge::update_from_base(&s.work, None, OnConflict::Stop).unwrap();
    assert_eq!(u.state, UpdateState::Conflicted);
    let st = merge::merge_state(&s.work).unwrap().unwrap();
    assert_eq!(st.kind, merge::MergeKind::Rebase);
    let h = st.conflicts[0]
        .hunks
        .iter()
        .find(|h| h.kind == HunkKind::Conflict)
        .unwrap();
    assert_eq!(h.mine, "The third paragraph, local.\n");
    assert_eq!(h.theirs, "The third paragraph, main.\n");
    merge::abort(&s.work).unwrap();
    assert!(
        before == snapshot(&s),
        "the rebase's abort did not restore the repository exactly"
    );
}
