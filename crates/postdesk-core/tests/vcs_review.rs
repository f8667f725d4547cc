//! Reviewing a branch from another clone without checking it out.

mod vcs_support;

use postdesk_core::vcs::{self, ChangeKind, CommitOptions};
use postdesk_core::ErrorKind;
use vcs_support::*;

#[test]
fn reviewer_reads_a_pushed_branch_while_keeping_their_own_work() {
    let f = fixture();
    // The writer: a new post with photos, plus an edit to the old post, pushed.
    write_new_post(&f.work);
    let c = vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap();
    let old = "_posts/2024-01-01-old.md";
    let text = std::fs::read_to_string(f.work.join(old)).unwrap();
    write(&f.work, old, text.replace("Hello", "Hello, edited"));
    vcs::commit_post(&f.work, &site(&f.work), old, &CommitOptions::default()).unwrap();
    vcs::push(&f.work, None, &c.branch, &mut |_| {}).unwrap();

    // The reviewer, with work in progress of their own.
    let rv = clone(f.dir.path(), &f.remote, "reviewer", "Reviewer");
    unrelated_changes(&rv);
    let before = snapshot_unrelated(&rv);
    let index_before = std::fs::read(rv.join(".git/index")).unwrap();
    let head_before = rev(&rv, "HEAD");

    vcs::fetch(&rv, None, &mut |_| {}).unwrap();
    let branches = vcs::branches(&rv).unwrap();
    let names: Vec<&str> = branches.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, vec!["main", "origin/main", "origin/post/my-trip"]);
    assert!(branches[0].is_head && branches[0].remote.is_none());
    let b = &branches[2];
    assert_eq!(b.remote.as_deref(), Some("origin"));
    assert_eq!(b.summary, "Update post: Old post");
    assert_eq!(b.author, "Writer");

    let site = site(&rv);
    let posts = vcs::changed_posts(&rv, &site, "origin/post/my-trip", None).unwrap();
    let got: Vec<(&str, ChangeKind, &str)> = posts
        .iter()
        .map(|p| (p.path.as_str(), p.change, p.title.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (old, ChangeKind::Modified, "Old post"),
            (NEW_POST, ChangeKind::Added, "My Trip"),
        ]
    );
    // The post and its photo, read from the branch's objects.
    let post = vcs::read_file_at(&rv, "origin/post/my-trip", NEW_POST).unwrap();
    assert!(String::from_utf8(post).unwrap().contains("title: My Trip"));
    assert!(!rv.join(NEW_POST).exists());
    assert_eq!(
        vcs::read_file_at(&rv, "origin/post/my-trip", "/images/posts/my-trip/a.png").unwrap(),
        png("a")
    );
    // Diffs against the merge base.
    let d = vcs::diff_post(&rv, "origin/post/my-trip", None, old).unwrap();
    assert!(
        d.starts_with("--- a/_posts/2024-01-01-old.md\n+++ b/_posts/2024-01-01-old.md\n"),
        "{d}"
    );
    assert!(d.contains("-Hello\n+Hello, edited\n"), "{d}");
    let d = vcs::diff_post(&rv, "origin/post/my-trip", None, NEW_POST).unwrap();
    assert!(d.contains("+title: My Trip\n"), "{d}");
    assert_eq!(
        vcs::diff_post(&rv, "origin/post/my-trip", None, "README.md").unwrap(),
        ""
    );
    let mb = vcs::merge_base(&rv, "origin/post/my-trip", None).unwrap();
    assert_eq!(mb, head_before);

    // Nothing of the reviewer's changed.
    assert_eq!(snapshot_unrelated(&rv), before);
    assert_eq!(std::fs::read(rv.join(".git/index")).unwrap(), index_before);
    assert_eq!(rev(&rv, "HEAD"), head_before);
    assert_eq!(head_branch(&rv), "main");
}

#[test]
fn merge_base_not_tip_renames_and_deletions() {
    let f = fixture();
    git(&f.work, &["switch", "-q", "-c", "post/moves"]);
    git(
        &f.work,
        &[
            "mv",
            "_posts/2024-01-01-old.md",
            "_posts/2024-01-01-renamed.md",
        ],
    );
    write(
        &f.work,
        "_posts/2024-03-03-gone.md",
        "---\ntitle: Gone\n---\n",
    );
    git(&f.work, &["add", "-A"]);
    git(&f.work, &["commit", "-q", "-m", "moves"]);
    // main moves on after the branch: its new post must not show as deleted on the branch.
    git(&f.work, &["switch", "-q", "main"]);
    write(
        &f.work,
        "_posts/2024-04-04-mainline.md",
        "---\ntitle: Mainline\n---\n",
    );
    git(&f.work, &["add", "-A"]);
    git(&f.work, &["commit", "-q", "-m", "mainline"]);
    let site = site(&f.work);
    let posts = vcs::changed_posts(&f.work, &site, "post/moves", None).unwrap();
    let got: Vec<(&str, ChangeKind, Option<&str>)> = posts
        .iter()
        .map(|p| (p.path.as_str(), p.change, p.old_path.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "_posts/2024-01-01-renamed.md",
                ChangeKind::Renamed,
                Some("_posts/2024-01-01-old.md")
            ),
            ("_posts/2024-03-03-gone.md", ChangeKind::Added, None),
        ]
    );
    // Against the branch, main deletes nothing but adds its post; explicit base.
    let back = vcs::changed_posts(&f.work, &site, "main", Some("post/moves")).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(
        (back[0].path.as_str(), back[0].change),
        ("_posts/2024-04-04-mainline.md", ChangeKind::Added)
    );
    // A deletion.
    git(&f.work, &["switch", "-q", "-c", "post/delete"]);
    git(&f.work, &["rm", "-q", "_posts/2024-04-04-mainline.md"]);
    git(&f.work, &["commit", "-q", "-m", "rm"]);
    let del = vcs::changed_posts(&f.work, &site, "post/delete", Some("main")).unwrap();
    assert_eq!(del.len(), 1);
    assert_eq!(
        (del[0].change, del[0].title.as_str()),
        (ChangeKind::Deleted, "Mainline")
    );
}

#[test]
fn reading_at_a_revision_refuses_bad_input_clearly() {
    let f = fixture();
    let e = vcs::read_file_at(&f.work, "main", "../etc/passwd").unwrap_err();
    assert_eq!(e.kind, ErrorKind::OutsideRepo);
    let e = vcs::read_file_at(&f.work, "main", "_posts/none.md").unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(
        e.message
            .contains("_posts/none.md does not exist at `main`"),
        "{}",
        e.message
    );
    let e = vcs::read_file_at(&f.work, "no-such-branch", "README.md").unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.contains("no-such-branch"), "{}", e.message);
    let e = vcs::read_file_at(&f.work, "main", "_posts").unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(
        vcs::read_file_at(&f.work, "HEAD", "README.md").unwrap(),
        b"# Blog\n"
    );
}

#[test]
fn a_post_renders_as_it_is_at_a_revision_and_non_utf8_text_is_refused() {
    let f = fixture();
    let old = "_posts/2024-01-01-old.md";
    let first = rev(&f.work, "HEAD");
    // A second commit edits the post and drops its image.
    let text = std::fs::read_to_string(f.work.join(old)).unwrap();
    write(&f.work, old, text.replace("Hello", "Hello again"));
    git(&f.work, &["rm", "-q", "images/posts/old/a.png"]);
    git(&f.work, &["commit", "-qam", "Second"]);
    // Work in progress the revisions must not see.
    write(&f.work, old, "---\ntitle: Local\n---\nLocal text\n");
    let kind = site(&f.work).kind;

    // The image is in the first commit's tree, not in the working tree: it shows.
    let missing = "Missing image: images/posts/old/a.png";
    let at_first = vcs::render_at(&f.work, kind, &first, old, |_, _| {}).unwrap();
    assert_eq!(at_first.commit, first);
    assert!(at_first.text.contains("Hello\n") && !at_first.text.contains("again"));
    assert!(
        at_first.rendered.html.contains(">Hello</p>"),
        "{}",
        at_first.rendered.html
    );
    assert!(
        !at_first.rendered.html.contains(missing),
        "{}",
        at_first.rendered.html
    );

    let mut prefix_commit = String::new();
    let at_head = vcs::render_at(&f.work, kind, "main", &format!("./{old}"), |ctx, c| {
        prefix_commit = c.to_string();
        ctx.image_url_prefix = format!("test://rev/{c}/");
    })
    .unwrap();
    assert_eq!(prefix_commit, at_head.commit);
    assert_eq!(at_head.commit, rev(&f.work, "main"));
    assert!(at_head.rendered.html.contains("Hello again"));
    assert!(!at_head.rendered.html.contains("Local text"));
    // That commit removed the image: now it is missing.
    assert!(
        at_head.rendered.html.contains(missing),
        "{}",
        at_head.rendered.html
    );

    // Latin-1 text is refused, naming the file and the revision; nothing is mangled.
    let latin1 = "_posts/2024-02-01-latin.md";
    write(&f.work, latin1, b"---\ntitle: Caf\xe9\n---\n\xe9t\xe9\n");
    git(&f.work, &["add", latin1]);
    git(&f.work, &["commit", "-qm", "Latin-1"]);
    let e = vcs::render_at(&f.work, kind, "main", latin1, |_, _| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(
        e.message.contains(latin1) && e.message.contains("`main`"),
        "{}",
        e.message
    );
    assert!(e.message.contains("not UTF-8"), "{}", e.message);

    let e = vcs::render_at(&f.work, kind, "main", "_posts/none.md", |_, _| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    let e = vcs::render_at(&f.work, kind, "nope", old, |_, _| {}).unwrap_err();
    assert!(e.message.contains("nope"), "{}", e.message);
}
