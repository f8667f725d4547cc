//! Render + sanitize against raw pulldown-cmark on the same input: the 27 KB seed post and
//! 1 MB documents (the seed post repeated: no raw HTML; the corpus concatenated: raw HTML and
//! code blocks). Prints the speed ratio (render speed / raw speed; target ≥ 0.5).
//!
//! `cargo bench -p postdesk-core --bench render`
//!
//! The `live` group: a key press through `LivePreview::edit` (the change applied, the blocks
//! around it rendered again and spliced in) against a whole render + diff, 1 MB posts:
//! seed ×40 0.67 ms at the end and 0.40 ms in the middle against 6.9-7.0 ms (10-18× less;
//! 0.9 / 0.5 ms before the splice stopped comparing the lines of blocks before it); the
//! corpus mix (raw HTML: rendered whole) the same 42-44 ms either way.
//!
//! The printed ratios run the raw parse and the render in turn (medians of each), so that
//! this shared machine's swings fall on both: after the image checks were remembered for a
//! second and the autolink scan went to memchr's substring search, seed 0.46-0.48 (render
//! 122-140 µs against 57-68 µs raw on a quiet run), seed ×40 0.39-0.40, corpus mix 0.08.
//! Written one top-level block at a time, with a body without blog syntax left uncopied
//! (2026-12-02, two runs): seed 0.53-0.55 (126-131 µs against 70 µs), seed ×40 0.44-0.46
//! (5.06-5.22 ms against 2.30 ms), corpus mix 0.10. What is left over the raw parse and write, in a profile of seed ×40: the
//! offset iterator (2.0 ms of the 2.3 ms raw is parsing), the events copied into a block's
//! buffer, transformed into another and dropped (~10%), text events' autolink lookups
//! (~6%), line numbers, heading slugs, the autolink triggers' scan (~2% each). With line
//! tables and call graphs: moving each event out of the parser and into the block's buffer
//! (~10%: 96-byte copies and a store-forwarding stall), pushing the transformed copies (~3%);
//! going under 0.5 would take transforming the parser's events as they come (an iterator
//! adapter the writer pulls from) instead of buffering each block.
//! Done (2026-12-02, `BlockEvents`: the writer pulls each block's events through the
//! transform; only headings, code blocks, images, raw HTML and paragraphs that may be a lone
//! placeholder are gathered first). Paired runs on a loaded machine (load average 1.5 before
//! the bench), the same session: before seed 0.55, seed ×40 0.50 (9.19 ms against 4.61 ms),
//! corpus mix 0.08; after seed 0.59-0.60 (206-216 µs against 124-128 µs), seed ×40 0.55-0.56
//! (7.78-8.30 ms against 4.38-4.59 ms), corpus mix 0.09.
//! Then raw HTML sanitized block by block (only the blocks that hold it go through ammonia,
//! the renderer's own blocks held by placeholders; `{:toc}` no longer forces the whole
//! document through it): corpus mix 0.09 → 0.34 (64 → 16 ms against 5.5 ms; criterion
//! −75%); seed 0.59, seed ×40 0.56 unchanged. What is left of the mix: footnotes keep it
//! on the whole-document path (one event buffer), the blog-syntax pass, ammonia (11%).
//!
//! With mimalloc (the app's and the CLI's allocator since 2026-12-02), one run, criterion's
//! mean: seed 63 µs raw / 150 µs render (0.42), seed ×40 2.9 / 5.8 ms (0.50), corpus mix
//! 3.8 / 42 ms (0.09); without image checks the seed renders in 127 µs (0.48). The figures
//! below are from before, with glibc's allocator.
//!
//! Measured on the shared 2-core machine (noisy: another build running; two runs each,
//! ranges are of the printed median lines and criterion's mean), warm caches (grammars,
//! highlighted blocks, front matter), images checked on disk:
//!
//! | input (raw HTML)        | raw pulldown-cmark | render+sanitize   | ratio       |
//! |-------------------------|--------------------|-------------------|-------------|
//! | seed 27 KB (no)         | 124–183 µs         | 300–451 µs        | 0.33–0.43   |
//! | seed ×40, 1 MB (no)     | 4.0–6.2 ms         | 12.1–15.2 ms      | 0.27–0.44   |
//! | corpus mix, 1 MB (yes)  | 6.6–8.3 ms         | 96–119 ms         | 0.07        |
//!
//! Before the no-raw-HTML path was tuned: seed 0.16–0.31, seed ×40 0.25–0.28, mix 0.07–0.10.
//! The seed post without image checks (one `stat` per image, about 20 µs) reaches about
//! 0.48; on a quiet run (best of 6 rounds) the seed renders in about 240 µs against 100 µs
//! raw (0.42). The rest of the gap: the offset iterator and event buffer (about 90 µs of the
//! parse alone), headings' slugs, images and the line marks. A post with raw HTML is
//! sanitized whole by ammonia (html5ever re-parses the document): that is most of the
//! corpus mix's time, kept on purpose (an element may open in one block and close in another).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The allocator the app and the CLI use (see `src-tauri/src/main.rs`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use postdesk_core::render::{self, RenderContext, Renderer};
use postdesk_core::site::SiteKind;

fn corpus() -> Option<PathBuf> {
    let m = env!("CARGO_MANIFEST_DIR");
    [
        format!("{m}/../../../shared/corpus/bedrock-jekyll"),
        format!("{m}/../../../../shared/corpus/bedrock-jekyll"),
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.is_dir())
}

struct Input {
    name: &'static str,
    text: String,
    ctx: RenderContext,
}

fn inputs() -> Vec<Input> {
    let Some(root) = corpus() else {
        eprintln!("corpus not found: using the Jekyll fixture instead");
        let t = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render/jekyll.md"),
        )
        .unwrap();
        let ctx = RenderContext::new(SiteKind::Jekyll, "_posts/2022-10-28-x.md");
        return vec![Input {
            name: "fixture",
            text: t,
            ctx,
        }];
    };
    let rel = "_posts/2022-10-28-forum-php-afup-2022.md";
    let seed = std::fs::read_to_string(root.join(rel)).unwrap();
    let ctx = RenderContext::for_repo(SiteKind::Jekyll, &root, rel);
    let body_start = seed.find("\n---\n").map(|p| p + 5).unwrap_or(0);
    let mut seed_1mb = seed.clone();
    while seed_1mb.len() < 1 << 20 {
        seed_1mb.push_str("\n\n");
        seed_1mb.push_str(&seed[body_start..]);
    }
    let mut mix = String::new();
    let mut names: Vec<_> = std::fs::read_dir(root.join("_posts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names.iter().rev() {
        if mix.len() >= 1 << 20 {
            break;
        }
        let t = std::fs::read_to_string(p).unwrap();
        let b = t.find("\n---\n").map(|p| p + 5).unwrap_or(0);
        mix.push_str(&t[b..]);
        mix.push_str("\n\n");
    }
    vec![
        Input {
            name: "seed-27KB",
            text: seed,
            ctx: ctx.clone(),
        },
        Input {
            name: "seed-x40-1MB",
            text: seed_1mb,
            ctx: ctx.clone(),
        },
        Input {
            name: "corpus-mix-1MB",
            text: mix,
            ctx,
        },
    ]
}

fn raw(text: &str, opts: pulldown_cmark::Options) -> String {
    let mut s = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut s, pulldown_cmark::Parser::new_ext(text, opts));
    s
}

fn median(mut f: impl FnMut(), budget: Duration) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || times.len() < 5 {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

/// The medians of `a` and `b` run in turn for `budget`.
fn paired(mut a: impl FnMut(), mut b: impl FnMut(), budget: Duration) -> (Duration, Duration) {
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    let start = Instant::now();
    while start.elapsed() < budget || ta.len() < 5 {
        let t = Instant::now();
        a();
        ta.push(t.elapsed());
        let t = Instant::now();
        b();
        tb.push(t.elapsed());
    }
    ta.sort();
    tb.sort();
    (ta[ta.len() / 2], tb[tb.len() / 2])
}

fn bench(c: &mut Criterion) {
    let opts = Renderer::get(SiteKind::Jekyll).options();
    let inputs = inputs();
    // Warm the grammars and the highlight cache, as the app does at start-up and while typing.
    render::warm_up();
    for i in &inputs {
        std::hint::black_box(render::render(&i.text, &i.ctx));
    }
    println!("\nratio = raw pulldown-cmark time / render+sanitize time (target ≥ 0.5)");
    for i in &inputs {
        let r = render::render(&i.text, &i.ctx);
        // Alternated, so that the machine's ups and downs fall on both alike.
        let (t_raw, t_ren) = paired(
            || drop(std::hint::black_box(raw(&i.text, opts))),
            || drop(std::hint::black_box(render::render(&i.text, &i.ctx))),
            Duration::from_secs(2),
        );
        // Where the time goes: the offset iterator alone, and rendering without disk checks.
        let t_off = median(
            || {
                let n = pulldown_cmark::Parser::new_ext(&i.text, opts)
                    .into_offset_iter()
                    .count();
                std::hint::black_box(n);
            },
            Duration::from_millis(500),
        );
        let no_fs = RenderContext::new(SiteKind::Jekyll, i.ctx.post_path.clone());
        let t_nofs = median(
            || drop(std::hint::black_box(render::render(&i.text, &no_fs))),
            Duration::from_millis(500),
        );
        println!(
            "{:>15}: offset iterator alone {t_off:.3?}, render without image checks {t_nofs:.3?}",
            i.name
        );
        println!(
            "{:>15}: {:>8} bytes, raw HTML: {:5}, raw {:>10.3?}, render {:>10.3?}, ratio {:.2}",
            i.name,
            i.text.len(),
            r.has_raw_html,
            t_raw,
            t_ren,
            t_raw.as_secs_f64() / t_ren.as_secs_f64()
        );
    }
    let mut g = c.benchmark_group("render");
    for i in &inputs {
        g.throughput(Throughput::Bytes(i.text.len() as u64));
        g.bench_with_input(
            BenchmarkId::new("pulldown-cmark raw", i.name),
            &i.text,
            |b, t| b.iter(|| raw(t, opts)),
        );
        g.bench_with_input(
            BenchmarkId::new("render+sanitize", i.name),
            &i.text,
            |b, t| b.iter(|| render::render(t, &i.ctx)),
        );
    }
    g.finish();
    live(c, &inputs);
    key_context(c);
}

/// The context of one key press in the app (`Workspace::render_context`: the authors and image
/// checks kept in memory) against building one from the disk (`RenderContext::for_repo`, the
/// CLI's one-shot render, and what every key cost before the workspace: a canonicalize, stats
/// and a read of the authors file).
fn key_context(c: &mut Criterion) {
    let Some(root) = corpus() else {
        return;
    };
    let rel = "_posts/2022-10-28-forum-php-afup-2022.md";
    let ws = postdesk_core::workspace::Workspace::at(root.canonicalize().unwrap());
    let (t_disk, t_ws) = paired(
        || {
            drop(std::hint::black_box(RenderContext::for_repo(
                SiteKind::Jekyll,
                &root,
                rel,
            )))
        },
        || drop(std::hint::black_box(ws.render_context(rel))),
        Duration::from_secs(1),
    );
    println!(
        "   key context: from the disk {t_disk:>10.3?}, from the workspace {t_ws:>10.3?} ({:.0}× less)",
        t_disk.as_secs_f64() / t_ws.as_secs_f64()
    );
    c.bench_function("key context (workspace)", |b| {
        b.iter(|| ws.render_context(rel))
    });
}

/// A key press in the preview's live path (`LivePreview::edit`: the change, not the text,
/// and only the blocks around it rendered again) against rendering the whole post and
/// diffing it (`LivePreview::render`, what every key cost before): typing at the end and in
/// the middle of the 1 MB posts.
fn live(c: &mut Criterion, inputs: &[Input]) {
    use postdesk_core::render::live::{LivePreview, TextEdit};
    let mut g = c.benchmark_group("live");
    for i in inputs.iter().filter(|i| i.text.len() > 500_000) {
        for (place, at) in [("end", i.text.len()), ("middle", i.text.len() / 2)] {
            // The start of a paragraph's line near `at`, so the key lands in prose.
            let at = i.text[..at].rfind("\n\n").map_or(at, |p| p + 2);
            let at16 = i.text[..at].encode_utf16().count() as u32;
            let mut lp = LivePreview::default();
            let mut version = lp.render(i.text.clone(), &i.ctx, None).version;
            let mut k = 0u32;
            let mut key = || {
                let d = lp
                    .edit(
                        version,
                        &[TextEdit {
                            from: at16 + k,
                            to: at16 + k,
                            insert: "z".into(),
                        }],
                        None,
                        &i.ctx,
                    )
                    .unwrap();
                k += 1;
                version = d.version;
                (d, lp.last_was_partial)
            };
            let partial = key().1;
            let t_key = median(|| drop(std::hint::black_box(key())), Duration::from_secs(1));
            let mut whole = LivePreview::default();
            let mut v = whole.render(i.text.clone(), &i.ctx, None).version;
            let t_whole = median(
                || {
                    v = whole.render(i.text.clone(), &i.ctx, Some(v)).version;
                },
                Duration::from_secs(1),
            );
            println!(
                "{:>15}: a key at the {place}: live edit {t_key:>10.3?} (blocks only: {partial}), whole render + diff {t_whole:>10.3?}, {:.0}× less",
                i.name,
                t_whole.as_secs_f64() / t_key.as_secs_f64()
            );
            g.bench_function(
                BenchmarkId::new(format!("key at the {place}"), i.name),
                |b| b.iter(|| drop(key())),
            );
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
