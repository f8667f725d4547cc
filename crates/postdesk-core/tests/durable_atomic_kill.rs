//! Fault injection for the save path: a child process (this test binary, re-executed) saves a
//! 1 MB post in a loop through `save::save_text` (hence `atomic::write`), alternating between two
//! versions; the parent kills it with SIGKILL at random moments (within about one and a half saves
//! of the child starting), 1000 times (override with
//! `POSTDESK_KILLS`). After every kill the post must be exactly the old or the new version and
//! parse; temporary files a kill leaves behind are removed by `atomic::clean_temps_older_than`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use postdesk_core::{atomic, frontmatter, save};

const CHILD_ENV: &str = "POSTDESK_ATOMIC_KILL_CHILD";

/// One of the two versions of the post, about 1 MB, every line saying which version it is.
fn version(v: u32) -> String {
    let mut s = format!("---\ntitle: \"Version {v}\"\ntags: [a, b]\n---\n\n");
    let mut i = 0;
    while s.len() < 1_000_000 {
        s.push_str(&format!(
            "Line {i} of version {v}: the quick brown fox jumps over the lazy dog.\n"
        ));
        i += 1;
    }
    s
}

/// A small xorshift generator: the test needs random delays, not cryptography.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn seed() -> u64 {
    std::env::var("POSTDESK_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

/// Saves the two versions in turn, starting with the one that is not on disk, so that every
/// completed save changes the file (a kill after the first one finds the new version).
fn child(path: &Path) -> ! {
    let mut versions = [version(1), version(2)];
    if std::fs::read(path).is_ok_and(|on_disk| on_disk == versions[0].as_bytes()) {
        versions.swap(0, 1);
    }
    println!("ready");
    loop {
        for v in &versions {
            save::save_text(path, v, None).unwrap();
        }
    }
}

fn temps_in(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .ok()
                .and_then(|e| e.file_name().to_str().map(atomic::is_temp_name))
                .unwrap_or(false)
        })
        .count()
}

#[cfg(unix)]
#[test]
fn sigkill_during_saves_leaves_the_old_or_the_new_post() {
    if let Ok(p) = std::env::var(CHILD_ENV) {
        child(Path::new(&p));
    }
    let kills: usize = std::env::var("POSTDESK_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("2024-05-01-big.md");
    let (v1, v2) = (version(1), version(2));
    std::fs::write(&post, &v1).unwrap();
    // Kill at a random moment within the first one and a half saves of each child: how long a save
    // takes on this machine, measured rather than assumed.
    let t = Instant::now();
    for v in [&v2, &v1, &v2, &v1] {
        save::save_text(&post, v, None).unwrap();
    }
    let window_us = (t.elapsed().as_micros() as u64 * 3 / 8).max(5_000);
    println!("kill window 0–{window_us} µs after the child is ready");
    let seed = seed();
    println!("seed {seed} (set POSTDESK_KILL_SEED to replay)");
    let mut rng = Rng(seed);
    let (mut saw1, mut saw2, mut leftovers) = (0, 0, 0);
    let started = Instant::now();
    for i in 0..kills {
        let mut c = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "sigkill_during_saves_leaves_the_old_or_the_new_post",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &post)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(c.stdout.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "child died before ready"
            );
            if line.trim_end().ends_with("ready") {
                break;
            }
        }
        std::thread::sleep(Duration::from_micros(rng.next() % window_us));
        c.kill().unwrap(); // SIGKILL
        c.wait().unwrap();
        let bytes = std::fs::read(&post).unwrap();
        let text = String::from_utf8(bytes).expect("the post is UTF-8");
        if text == v1 {
            saw1 += 1;
        } else if text == v2 {
            saw2 += 1;
        } else {
            panic!(
                "kill {i}: torn post ({} bytes, neither version)",
                text.len()
            );
        }
        frontmatter::read(&text).expect("the post's front matter parses");
        leftovers += temps_in(dir.path());
        atomic::clean_temps_older_than(dir.path(), Duration::ZERO);
        assert_eq!(temps_in(dir.path()), 0);
    }
    println!(
        "{kills} kills in {:.1?}: old/new version 1 seen {saw1}×, version 2 seen {saw2}×, \
         {leftovers} leftover temporary files cleaned",
        started.elapsed()
    );
    // Kills landed both before and after a rename, or the test did not exercise anything.
    if kills >= 100 {
        assert!(saw1 > 0 && saw2 > 0, "v1 {saw1}, v2 {saw2}");
    }
}
