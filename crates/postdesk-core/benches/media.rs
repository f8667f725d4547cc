//! Image import speed against libvips.
//!
//! Imports the corpus' 26 MP photo (`afup-day-2019.jpg`, 6240 × 4160, 3.5 MB) to 1600 px wide
//! and runs `vipsthumbnail IN --size 1600x -o OUT.jpg[Q=82,strip]` in the same process, then
//! prints the wall-time ratio (target ≤ 0.8×) and the output size ratio (target ≤ 1.1×).
//! Criterion also reports both, and the pipeline alone (bytes in memory → bytes out).
//!
//! `cargo bench -p postdesk-core --bench media -- --quick`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::Criterion;
use postdesk_core::media::{self, Destination, ImportOptions, ImportOutcome};

fn corpus_photo(name: &str) -> Option<PathBuf> {
    // POSTDESK_CORPUS overrides the usual place (useful from a worktree elsewhere).
    let corpus = std::env::var_os("POSTDESK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/corpus"
            ))
        });
    let p = corpus.join("photos").join(name);
    p.exists().then_some(p)
}

fn dest(dir: &str) -> Destination {
    Destination {
        post: "_posts/2019-05-01-afup-day.md".into(),
        dir: dir.into(),
        link_prefix: format!("/{dir}/"),
        from_existing_links: false,
        max_width: 1600,
    }
}

/// One import into an empty folder, as the app does it (read, process, write).
fn import_once(root: &Path, photo: &Path, n: usize) -> (Duration, u64) {
    let d = dest(&format!("images/run-{n}"));
    let t = Instant::now();
    let out = media::import_files(
        root,
        &d,
        &[photo.to_path_buf()],
        &ImportOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    );
    let el = t.elapsed();
    match &out[0] {
        ImportOutcome::Imported { bytes, .. } => (el, *bytes),
        other => panic!("import failed: {other:?}"),
    }
}

fn vips_once(photo: &Path, out: &Path) -> Option<(Duration, u64)> {
    let t = Instant::now();
    let status = Command::new("vipsthumbnail")
        .arg(photo)
        .args(["--size", "1600x", "-o"])
        .arg(format!("{}[Q=82,strip]", out.display()))
        .status()
        .ok()?;
    let el = t.elapsed();
    status
        .success()
        .then(|| (el, std::fs::metadata(out).map(|m| m.len()).unwrap_or(0)))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let Some(photo) = corpus_photo("afup-day-2019.jpg") else {
        eprintln!("corpus photo not found (../shared/corpus/photos): media bench skipped");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let vips_out = root.join("vips.jpg");

    // Head to head, interleaved so both see the same machine load.
    let runs = 9;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let (mut our_bytes, mut vips_bytes) = (0, 0);
    let mut have_vips = true;
    for n in 0..runs {
        let (t, b) = import_once(&root, &photo, n);
        ours.push(t);
        our_bytes = b;
        match vips_once(&photo, &vips_out) {
            Some((t, b)) => {
                theirs.push(t);
                vips_bytes = b;
            }
            None => have_vips = false,
        }
    }
    let o = median(ours);
    println!(
        "postdesk import 26 MP -> 1600 px: median {:.1} ms, {} bytes",
        o.as_secs_f64() * 1e3,
        our_bytes
    );
    if have_vips {
        let v = median(theirs);
        println!(
            "vipsthumbnail --size 1600x Q=82,strip: median {:.1} ms, {} bytes",
            v.as_secs_f64() * 1e3,
            vips_bytes
        );
        println!(
            "ratio time {:.2}x (target <= 0.8), size {:.2}x (target <= 1.1)",
            o.as_secs_f64() / v.as_secs_f64(),
            our_bytes as f64 / vips_bytes as f64
        );
    } else {
        println!("vipsthumbnail not found (apt install libvips-tools): no comparison");
    }

    // A batch of 10 photos (the three corpus photos, cycled), on all cores and on one.
    let photos: Vec<PathBuf> = [
        "afup-day-2019.jpg",
        "aws-summit-2023-etf1.jpg",
        "aws-summit-2023-keynote.jpg",
    ]
    .iter()
    .filter_map(|n| corpus_photo(n))
    .collect();
    let batch: Vec<PathBuf> = photos.iter().cycle().take(10).cloned().collect();
    let run_batch = |tag: &str| {
        let d = dest(&format!("images/batch-{tag}"));
        let t = Instant::now();
        let out = media::import_files(
            &root,
            &d,
            &batch,
            &ImportOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        );
        assert!(out
            .iter()
            .all(|o| matches!(o, ImportOutcome::Imported { .. })));
        t.elapsed()
    };
    let all = run_batch("all");
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| run_batch("one"));
    println!(
        "batch of 10 photos: {:.0} ms on {} threads, {:.0} ms on 1 thread ({:.2}x)",
        all.as_secs_f64() * 1e3,
        rayon::current_num_threads(),
        one.as_secs_f64() * 1e3,
        one.as_secs_f64() / all.as_secs_f64()
    );

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let bytes = std::fs::read(&photo).unwrap();
    let mut g = c.benchmark_group("media");
    g.bench_function("pipeline_26mp_to_1600", |b| {
        b.iter(|| media::process(black_box(&bytes), &ImportOptions::default(), 1600).unwrap())
    });
    let mut n = 1000;
    g.bench_function("import_file_26mp_to_1600", |b| {
        b.iter(|| {
            n += 1;
            import_once(&root, &photo, n)
        })
    });
    if have_vips {
        g.bench_function("vipsthumbnail_26mp_to_1600", |b| {
            b.iter(|| vips_once(&photo, &vips_out))
        });
    }
    g.finish();
    c.final_summary();
}
