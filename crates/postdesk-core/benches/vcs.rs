//! Committing a post with 5 images: `vcs::commit_post` against `git add` + `git commit`.
//!
//! Setup: the corpus blog (`bedrock-jekyll`, 310 posts, 458 files, 34 MB) is copied to a temp
//! dir, made a Git repository with history (one commit per year of posts, then the rest), packed
//! like a clone, and given unrelated work in progress (an unstaged edit of a post, an untracked
//! file). That repository is then copied, so both sides start from identical repositories in
//! identical states. Each round writes, in both copies, the same new post in `_posts` linking 5
//! new JPEGs under `images/posts/<slug>/` (corpus photos of 64 KB to 1.5 MB with a unique trailer,
//! so every commit has new content), then times, interleaved:
//!
//! * (a) `commit_post(root, &site, post, no_branch)` in the first copy;
//! * (b) `git add <post> <5 images>` + `git commit -q -m …` (two processes) in the second.
//!
//! Every round checks that Postdesk committed exactly the 6 files and that both commits have
//! the same tree, so the bench cannot silently measure something else. `gc.auto=0` in both.
//! Then criterion times each side on its own with `iter_custom` (files written outside the
//! timed part).
//!
//! `cargo bench -p postdesk-core --bench vcs` (`-- --quick` shortens the criterion part;
//! `VCS_BENCH_ROUNDS=N` changes the 20 interleaved rounds).
//!
//! Measured (2 cores, nice 10, load average 4–4.5 from another build; 20 rounds, 5 JPEGs,
//! 2.51 MB a commit on average; 458 tracked files, 17 commits of history):
//!
//! | run | postdesk mean / median | git add+commit mean / median | ratio mean / median |
//! |-----|------------------------|------------------------------|---------------------|
//! | 1   | 149.8 / 145.9 ms       | 202.5 / 204.8 ms             | 0.74 / 0.71         |
//! | 2   | 195.2 / 185.0 ms       | 260.1 / 263.0 ms             | 0.75 / 0.70         |
//!
//! Criterion (same runs): commit_post 153 ms / 185 ms, git add + commit 265 ms / 295 ms.
//! Both sides spend much of the time hashing and deflating the 2.5 MB of photos; git also pays
//! for starting two processes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::Criterion;
use postdesk_core::site::Site;
use postdesk_core::vcs::{self, CommitOptions};

fn corpus() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("POSTDESK_CORPUS") {
        let p = PathBuf::from(p).join("bedrock-jekyll");
        return p.is_dir().then_some(p);
    }
    let m = env!("CARGO_MANIFEST_DIR");
    [
        format!("{m}/../../../shared/corpus/bedrock-jekyll"),
        format!("{m}/../../../../shared/corpus/bedrock-jekyll"),
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.is_dir())
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn run(cmd: &mut Command) {
    let st = cmd.status().expect("command runs");
    assert!(st.success(), "{cmd:?} failed");
}

/// The corpus as a Git repository with history and work in progress, at `dest`.
fn make_repo(corpus: &Path, dest: &Path) {
    run(Command::new("cp").arg("-R").arg(corpus).arg(dest));
    run(Command::new("chmod").args(["-R", "u+w"]).arg(dest));
    if dest.join(".git").exists() {
        // The corpus is a repository already: use its history as it is.
        git(dest, &["reset", "-q", "--hard"]);
    } else {
        git(dest, &["init", "-q", "-b", "main"]);
    }
    for (k, v) in [
        ("user.name", "Bench Writer"),
        ("user.email", "bench@example.org"),
        ("commit.gpgsign", "false"),
        ("gc.auto", "0"),
        ("core.hooksPath", "/dev/null"),
    ] {
        git(dest, &["config", k, v]);
    }
    if git(dest, &["rev-list", "--all", "-n1"]).trim().is_empty() {
        // History: the site's files first, then each year of posts in its own commit.
        git(dest, &["add", "_config.yml", "_data"]);
        git(dest, &["commit", "-q", "-m", "Site configuration"]);
        let mut years: Vec<String> = std::fs::read_dir(dest.join("_posts"))
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.get(..4).map(str::to_string))
            .collect();
        years.sort();
        years.dedup();
        for y in years {
            git(dest, &["add", &format!("_posts/{y}-*")]);
            git(dest, &["commit", "-q", "-m", &format!("Posts of {y}")]);
        }
        git(dest, &["add", "-A"]);
        git(dest, &["commit", "-q", "-m", "Images and the rest"]);
        git(dest, &["repack", "-adq"]);
    }
    // Unrelated work in progress, the same on both sides: an unstaged edit, an untracked file.
    let posts = dest.join("_posts");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&posts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let edited = &names[names.len() / 2];
    let mut text = std::fs::read_to_string(edited).unwrap();
    text.push_str("\nAn edit in progress.\n");
    std::fs::write(edited, text).unwrap();
    std::fs::write(dest.join("notes-untracked.txt"), "scratch\n").unwrap();
}

/// Corpus JPEGs to use as the posts' photos.
fn photos(corpus: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = walk(&corpus.join("images/posts"))
        .into_iter()
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg"))
        })
        .collect();
    paths.sort();
    let v: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(v.len() >= 5, "the corpus has fewer than 5 JPEGs");
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Round `n`'s post and 5 images, written under `root`; returns (post, all 6 paths, bytes).
fn write_round(root: &Path, photos: &[Vec<u8>], n: usize) -> (String, Vec<String>, usize) {
    let slug = format!("bench-post-{n:04}");
    let post = format!("_posts/2030-01-01-{slug}.md");
    let mut body = format!(
        "---\nlayout: post\ntitle: \"Bench post {n}\"\ndescription: \"A post with five photos\"\nauthor: [bedrock]\ntags: [bench]\n---\n\nRound {n} of the commit benchmark.\n\n"
    );
    let mut files = vec![post.clone()];
    let mut bytes = 0;
    let dir = root.join("images/posts").join(&slug);
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..5 {
        let rel = format!("images/posts/{slug}/photo-{i}.jpg");
        // A real JPEG with bytes after its end marker: valid, and new content every round.
        let mut jpeg = photos[(n * 5 + i) % photos.len()].clone();
        jpeg.extend_from_slice(format!("postdesk-bench {n} {i}").as_bytes());
        bytes += jpeg.len();
        std::fs::write(root.join(&rel), &jpeg).unwrap();
        body.push_str(&format!("![Photo {i}](/{rel})\n\n"));
        files.push(rel);
    }
    bytes += body.len();
    std::fs::write(root.join(&post), body).unwrap();
    files.sort();
    (post, files, bytes)
}

fn postdesk_commit(root: &Path, site: &Site, post: &str, expect: &[String]) -> Duration {
    let opts = CommitOptions {
        no_branch: true,
        message: Some(format!("Add {post}")),
        ..Default::default()
    };
    let t = Instant::now();
    let out = vcs::commit_post(root, site, post, &opts).expect("commit_post");
    let el = t.elapsed();
    let mut files = out.files.clone();
    files.sort();
    assert_eq!(files, expect, "postdesk committed other files");
    assert_eq!(out.branch, "main");
    el
}

fn git_commit(root: &Path, post: &str, files: &[String]) -> Duration {
    let t = Instant::now();
    let mut args = vec!["add", "--"];
    args.extend(files.iter().map(String::as_str));
    git(root, &args);
    git(root, &["commit", "-q", "-m", &format!("Add {post}")]);
    t.elapsed()
}

fn stats(v: &[Duration]) -> (f64, f64) {
    let mut ms: Vec<f64> = v.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let mean = ms.iter().sum::<f64>() / ms.len() as f64;
    let median = if ms.len() % 2 == 1 {
        ms[ms.len() / 2]
    } else {
        (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
    };
    (mean, median)
}

fn main() {
    let Some(corpus) = corpus() else {
        eprintln!("corpus not found (../shared/corpus/bedrock-jekyll): vcs bench skipped");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().canonicalize().unwrap();
    let ours = base.join("postdesk");
    let theirs = base.join("git");
    make_repo(&corpus, &ours);
    run(Command::new("cp").arg("-a").arg(&ours).arg(&theirs));
    let photos = photos(&corpus);
    let site = postdesk_core::site::detect(&ours).unwrap();
    let status_before = git(&ours, &["status", "--porcelain"]);
    assert_eq!(status_before, git(&theirs, &["status", "--porcelain"]));
    let tracked = git(&ours, &["ls-files"]).lines().count();
    let commits = git(&ours, &["rev-list", "--count", "HEAD"]);
    println!(
        "repository: {tracked} tracked files, {} commits, work in progress:\n{}",
        commits.trim(),
        status_before.trim_end()
    );

    // Head to head, interleaved so both see the same machine load. Round 0 is a warm-up.
    let rounds: usize = std::env::var("VCS_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut total_bytes = 0;
    for n in 0..=rounds {
        let (post, files, bytes) = write_round(&ours, &photos, n);
        write_round(&theirs, &photos, n);
        // Alternate which side goes first so neither always gets the warmer cache.
        let (ta, tb) = if n % 2 == 0 {
            let ta = postdesk_commit(&ours, &site, &post, &files);
            (ta, git_commit(&theirs, &post, &files))
        } else {
            let tb = git_commit(&theirs, &post, &files);
            (postdesk_commit(&ours, &site, &post, &files), tb)
        };
        // Both committed the same tree: exactly the post and its 5 photos on top of the parent.
        assert_eq!(
            git(&ours, &["rev-parse", "HEAD^{tree}"]),
            git(&theirs, &["rev-parse", "HEAD^{tree}"]),
            "round {n}: the two commits differ"
        );
        let mut changed: Vec<String> = git(&ours, &["diff", "--name-only", "HEAD^", "HEAD"])
            .lines()
            .map(str::to_string)
            .collect();
        changed.sort();
        assert_eq!(changed, files, "round {n}");
        if n > 0 {
            a.push(ta);
            b.push(tb);
            total_bytes += bytes;
        }
    }
    // The work in progress is untouched on both sides.
    assert_eq!(git(&ours, &["status", "--porcelain"]), status_before);
    assert_eq!(git(&theirs, &["status", "--porcelain"]), status_before);

    let (am, amed) = stats(&a);
    let (bm, bmed) = stats(&b);
    println!(
        "{rounds} commits of a post + 5 JPEGs ({:.2} MB each on average)",
        total_bytes as f64 / rounds as f64 / 1e6
    );
    println!("postdesk commit_post:     mean {am:.1} ms, median {amed:.1} ms");
    println!("git add + git commit:     mean {bm:.1} ms, median {bmed:.1} ms");
    println!(
        "ratio postdesk / git:     {:.2} (mean), {:.2} (median)",
        am / bm,
        amed / bmed
    );

    // Criterion, each side on its own; the files are written outside the timed part.
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    let mut g = c.benchmark_group("vcs");
    let mut n = 10_000;
    g.bench_function("commit_post_5_images", |bch| {
        bch.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let (post, files, _) = write_round(&ours, &photos, n);
                total += postdesk_commit(&ours, &site, &post, &files);
            }
            total
        })
    });
    let mut n = 10_000;
    g.bench_function("git_add_commit_5_images", |bch| {
        bch.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let (post, files, _) = write_round(&theirs, &photos, n);
                total += git_commit(&theirs, &post, &files);
            }
            total
        })
    });
    g.finish();
    c.final_summary();
}
