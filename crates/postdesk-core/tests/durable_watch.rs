//! The watcher against real save patterns, a real `git checkout`, 2,000 files at once, the
//! app's own writes and the polling fallback. Timeouts are generous (the machine is shared);
//! nothing here asserts speed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use postdesk_core::save;
use postdesk_core::watch::{Change, WatchOptions, Watcher};

const LONG: Duration = Duration::from_secs(30);
/// After the expected change arrived, how long to keep listening for stray extra ones.
const SETTLE: Duration = Duration::from_millis(1500);

fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(st.success(), "git {args:?}");
}

fn blog() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().canonicalize().unwrap();
    git(&root, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::write(
        root.join("_posts/2024-01-01-a.md"),
        "---\ntitle: A\n---\nA\n",
    )
    .unwrap();
    std::fs::write(
        root.join("_posts/2024-01-02-b.md"),
        "---\ntitle: B\n---\nB\n",
    )
    .unwrap();
    git(&root, &["add", "."]);
    git(&root, &["commit", "-qm", "init"]);
    (d, root)
}

fn start(root: &Path, opts: WatchOptions) -> (Watcher, Receiver<Vec<Change>>) {
    let (tx, rx) = mpsc::channel();
    let w = Watcher::start_with(root, &[PathBuf::from("_posts")], opts, move |b| {
        let _ = tx.send(b);
    })
    .unwrap();
    (w, rx)
}

/// Collects batches until `done` holds for everything received, then listens `SETTLE` more.
fn collect(rx: &Receiver<Vec<Change>>, done: impl Fn(&[Change]) -> bool) -> Vec<Vec<Change>> {
    let mut batches: Vec<Vec<Change>> = Vec::new();
    let deadline = Instant::now() + LONG;
    while !done(&batches.concat::<Change>()) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(b) => batches.push(b),
            Err(_) => panic!("timed out; received {batches:?}"),
        }
    }
    while let Ok(b) = rx.recv_timeout(SETTLE) {
        batches.push(b);
    }
    batches
}

fn modified(p: &str) -> Change {
    Change::Modified { path: p.into() }
}

/// Starting a watcher is asynchronous for inotify (watches are added before `start` returns,
/// but give the first batch of a fresh test a clean slate).
fn drain(rx: &Receiver<Vec<Change>>) {
    while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
}

#[test]
fn editors_save_patterns_each_give_one_modified() {
    let (_d, root) = blog();
    let (_w, rx) = start(&root, WatchOptions::default());
    drain(&rx);
    let post = root.join("_posts/2024-01-01-a.md");
    let rel = "_posts/2024-01-01-a.md";

    // 1. Write a temporary file, rename it over the post (gedit, VS Code's atomic save, Postdesk).
    let tmp = root.join("_posts/.goutputstream-ABC123");
    std::fs::write(&tmp, "---\ntitle: A\n---\nrenamed over\n").unwrap();
    std::fs::rename(&tmp, &post).unwrap();
    let got = collect(&rx, |c| c.contains(&modified(rel))).concat();
    assert_eq!(got, vec![modified(rel)], "rename over");

    // 2. Truncate and write in place (nano, many editors), in two chunks.
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&post)
            .unwrap();
        f.write_all(b"---\ntitle: A\n---\n").unwrap();
        f.flush().unwrap();
        f.write_all(b"truncated and written\n").unwrap();
    }
    let got = collect(&rx, |c| c.contains(&modified(rel))).concat();
    assert_eq!(got, vec![modified(rel)], "truncate and write");

    // 3. Delete and create (some editors, `cp` over after `rm`), with a vim-style backup.
    std::fs::write(root.join("_posts/2024-01-01-a.md~"), "backup").unwrap();
    std::fs::remove_file(&post).unwrap();
    std::fs::write(&post, "---\ntitle: A\n---\ndeleted and created\n").unwrap();
    let got = collect(&rx, |c| c.contains(&modified(rel))).concat();
    assert_eq!(got, vec![modified(rel)], "delete and create");

    // 4. Plain rename and delete are reported as such.
    let to = root.join("_posts/2024-01-03-a-renamed.md");
    std::fs::rename(&post, &to).unwrap();
    let renamed = Change::Renamed {
        from: rel.into(),
        to: "_posts/2024-01-03-a-renamed.md".into(),
    };
    let got = collect(&rx, |c| c.contains(&renamed)).concat();
    assert_eq!(got, vec![renamed]);
    std::fs::remove_file(&to).unwrap();
    let removed = Change::Removed {
        path: "_posts/2024-01-03-a-renamed.md".into(),
    };
    let got = collect(&rx, |c| c.contains(&removed)).concat();
    assert_eq!(got, vec![removed]);
}

#[test]
fn the_apps_own_writes_are_not_reported() {
    let (_d, root) = blog();
    let (w, rx) = start(&root, WatchOptions::default());
    drain(&rx);
    let rel = "_posts/2024-01-01-a.md";
    let l = save::load_text(&root.join(rel)).unwrap();
    let o = save::save_text(&root.join(rel), "---\ntitle: A\n---\nmine\n", Some(&l.hash)).unwrap();
    w.expect_write(rel, &o.hash);
    // A change by someone else afterwards, as a marker that events were processed.
    std::fs::write(root.join("_posts/2024-01-02-b.md"), "theirs\n").unwrap();
    let got = collect(&rx, |c| c.contains(&modified("_posts/2024-01-02-b.md"))).concat();
    assert_eq!(got, vec![modified("_posts/2024-01-02-b.md")]);
    // The same post edited by someone else later is reported.
    std::fs::write(root.join(rel), "edited elsewhere\n").unwrap();
    let got = collect(&rx, |c| c.contains(&modified(rel))).concat();
    assert_eq!(got, vec![modified(rel)]);
}

#[test]
fn git_checkout_reports_the_branch_and_the_changed_posts() {
    let (_d, root) = blog();
    git(&root, &["checkout", "-q", "-b", "other"]);
    std::fs::write(root.join("_posts/2024-01-02-b.md"), "B on other\n").unwrap();
    std::fs::write(root.join("_posts/2024-01-04-c.md"), "C\n").unwrap();
    std::fs::remove_file(root.join("_posts/2024-01-01-a.md")).unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "other"]);
    git(&root, &["checkout", "-q", "main"]);
    let (_w, rx) = start(&root, WatchOptions::default());
    drain(&rx);
    git(&root, &["checkout", "-q", "other"]);
    let want = [
        Change::BranchChanged {
            branch: "other".into(),
            detached: false,
        },
        Change::Removed {
            path: "_posts/2024-01-01-a.md".into(),
        },
        modified("_posts/2024-01-02-b.md"),
        Change::Created {
            path: "_posts/2024-01-04-c.md".into(),
        },
    ];
    let batches = collect(&rx, |c| want.iter().all(|w| c.contains(w)));
    let mut got = batches.concat();
    got.sort_by_key(|c| format!("{c:?}"));
    let mut want = want.to_vec();
    want.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(got, want, "exactly these changes, once each: {batches:?}");

    // Back to main, where _posts has different files again; and a detached HEAD.
    git(&root, &["checkout", "-q", "main"]);
    let branch = Change::BranchChanged {
        branch: "main".into(),
        detached: false,
    };
    let got = collect(&rx, |c| c.contains(&branch)).concat();
    assert!(got.contains(&Change::Created {
        path: "_posts/2024-01-01-a.md".into()
    }));
}

#[test]
fn two_thousand_files_at_once_come_in_few_batches() {
    let (_d, root) = blog();
    let opts = WatchOptions::default();
    let max_delay = opts.max_delay;
    let (_w, rx) = start(&root, opts);
    drain(&rx);
    let started = Instant::now();
    std::fs::create_dir_all(root.join("_posts/2023")).unwrap();
    for i in 0..2000 {
        std::fs::write(
            root.join(format!("_posts/2023/2023-01-01-p{i:04}.md")),
            format!("---\ntitle: P{i}\n---\n"),
        )
        .unwrap();
    }
    let writing = started.elapsed();
    let batches = collect(&rx, |c| c.len() >= 2000);
    let all = batches.concat();
    let mut paths: Vec<_> = all
        .iter()
        .map(|c| match c {
            Change::Created { path } => path.clone(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 2000, "each file reported once");
    assert_eq!(all.len(), 2000);
    // A batch goes out when the disk is quiet or every `max_delay` at most while it is busy:
    // so no more batches than that allows, whatever the machine's speed.
    let bound = 2 + (writing.as_secs_f64() / max_delay.as_secs_f64()).ceil() as usize;
    println!(
        "2000 files written in {writing:?}, reported in {} batches (bound {bound})",
        batches.len()
    );
    assert!(batches.len() <= bound, "{} batches", batches.len());
}

#[test]
fn polling_fallback_says_so_once_and_still_reports() {
    let (_d, root) = blog();
    let opts = WatchOptions {
        force_polling: true,
        poll_interval: Duration::from_millis(300),
        ..WatchOptions::default()
    };
    let (w, rx) = start(&root, opts);
    assert!(w.is_polling());
    let first = rx.recv_timeout(LONG).unwrap();
    assert!(
        matches!(&first[..], [Change::Degraded { message }] if message.contains("every")),
        "{first:?}"
    );
    std::fs::write(
        root.join("_posts/2024-01-01-a.md"),
        "changed, a bit longer\n",
    )
    .unwrap();
    let got = collect(&rx, |c| c.contains(&modified("_posts/2024-01-01-a.md"))).concat();
    assert_eq!(got, vec![modified("_posts/2024-01-01-a.md")]);
}

#[test]
fn a_content_folder_that_disappears_and_comes_back_is_watched_again() {
    let (_d, root) = blog();
    git(&root, &["checkout", "-q", "--orphan", "empty"]);
    git(&root, &["rm", "-rqf", "."]);
    git(&root, &["commit", "-q", "--allow-empty", "-m", "empty"]);
    git(&root, &["checkout", "-q", "main"]);
    let (_w, rx) = start(&root, WatchOptions::default());
    drain(&rx);
    git(&root, &["checkout", "-q", "empty"]);
    assert!(!root.join("_posts").exists());
    let gone = Change::Removed {
        path: "_posts/2024-01-01-a.md".into(),
    };
    collect(&rx, |c| c.contains(&gone));
    git(&root, &["checkout", "-q", "main"]);
    let back = Change::Created {
        path: "_posts/2024-01-01-a.md".into(),
    };
    collect(&rx, |c| c.contains(&back));
    std::fs::write(
        root.join("_posts/2024-01-01-a.md"),
        "edited after coming back\n",
    )
    .unwrap();
    let got = collect(&rx, |c| c.contains(&modified("_posts/2024-01-01-a.md"))).concat();
    assert_eq!(got, vec![modified("_posts/2024-01-01-a.md")]);
}
