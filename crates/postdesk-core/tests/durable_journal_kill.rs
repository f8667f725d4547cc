//! Fault injection for the journal: a child process (this test binary, re-executed) journals a
//! growing buffer in a loop and reports each record it finished; the parent kills it with
//! SIGKILL at random moments (1000 times; override with `POSTDESK_JOURNAL_KILLS`), then opens
//! the journal as the app would after a crash. The text offered back must be exactly the last
//! record the child finished (or the one it was finishing when killed), never torn.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use postdesk_core::journal::{Journal, JournalEntry};

const CHILD_ENV: &str = "POSTDESK_JOURNAL_KILL_CHILD";

/// The buffer's text at step `n`: 20–220 KB, every line naming its step.
fn text(n: u64) -> String {
    let lines = 300 + (n * 7919) % 3000;
    (0..lines)
        .map(|i| format!("step {n} line {i}: Lorem ipsum dolor sit amet, consectetur.\n"))
        .collect()
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn child(data: &Path, repo: &str, start: u64) -> ! {
    let j = Journal::open(data).unwrap();
    println!("ready");
    let mut n = start;
    loop {
        j.record(&JournalEntry {
            repo: repo.into(),
            path: "_posts/2024-01-01-draft.md".into(),
            text: text(n),
            base_hash: None,
        })
        .unwrap();
        println!("ok {n}");
        n += 1;
    }
}

#[cfg(unix)]
#[test]
fn sigkill_while_journaling_offers_back_the_last_record_intact() {
    if let Ok(v) = std::env::var(CHILD_ENV) {
        let mut it = v.splitn(3, '\n');
        let (data, repo, start) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
        child(Path::new(data), repo, start.parse().unwrap());
    }
    let kills: usize = std::env::var("POSTDESK_JOURNAL_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let data = tempfile::tempdir().unwrap();
    let repo = data.path().join("repo").display().to_string();
    // Kill within about three records of the child starting: how long one takes here, measured.
    let probe = tempfile::tempdir().unwrap();
    let pj = Journal::open(probe.path()).unwrap();
    let t = Instant::now();
    for n in 0..4 {
        pj.record(&JournalEntry {
            repo: repo.clone(),
            path: "probe.md".into(),
            text: text(n),
            base_hash: None,
        })
        .unwrap();
    }
    let window_us = (t.elapsed().as_micros() as u64 * 3 / 4).max(5_000);
    println!("kill window 0–{window_us} µs after the child is ready");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("seed {seed}");
    let mut rng = Rng(seed);
    let mut next = 0u64;
    let (mut exact, mut one_ahead, mut empty) = (0, 0, 0);
    let started = Instant::now();
    for i in 0..kills {
        let mut c = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "sigkill_while_journaling_offers_back_the_last_record_intact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(
                CHILD_ENV,
                format!("{}\n{}\n{}", data.path().display(), repo, next),
            )
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
        c.kill().unwrap();
        c.wait().unwrap();
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        let last_ok = rest
            .lines()
            .filter_map(|l| l.strip_prefix("ok ")?.parse::<u64>().ok())
            .max();
        let j = Journal::open(data.path()).unwrap();
        let p = j.pending().unwrap();
        match (p.as_slice(), last_ok) {
            ([], None) if next == 0 => empty += 1,
            ([r], _) => {
                let step: u64 = r.text["step ".len()..r.text.find(" line").unwrap()]
                    .parse()
                    .unwrap();
                assert_eq!(r.text, text(step), "kill {i}: recovered text is torn");
                // What the child reported finished (or, before its first report this run,
                // what the previous run finished) must be there, or the record after it.
                let floor = last_ok.unwrap_or(next.saturating_sub(1));
                assert!(
                    step == floor || step == floor + 1,
                    "kill {i}: recovered step {step}, child had finished {floor}"
                );
                if step == floor {
                    exact += 1
                } else {
                    one_ahead += 1
                }
                next = step + 1;
            }
            (p, last) => panic!("kill {i}: {} pending buffers, last ok {last:?}", p.len()),
        }
        assert!(
            std::fs::metadata(j.dir()).is_ok()
                && std::fs::read_dir(j.dir())
                    .unwrap()
                    .flatten()
                    .map(|e| e.metadata().unwrap().len())
                    .sum::<u64>()
                    < 4 * 1024 * 1024,
            "journal stays bounded"
        );
    }
    println!(
        "{kills} kills in {:.1?}: {exact}× the last reported record, {one_ahead}× the one being \
         reported, {empty}× killed before the first record; reached step {next}",
        started.elapsed()
    );
    assert!(next > 0, "the child never journaled anything");
}
