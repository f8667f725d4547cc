//! The post index: the 310 Bedrock posts (targets ≤ 50 ms) and 10,000 generated Jekyll posts
//! (≤ 300 ms), plus schema inference on the corpus. Run:
//! `nice cargo bench -p postdesk-core --bench index`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use postdesk_core::{index, schema, site};

fn corpus() -> Option<PathBuf> {
    let base = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    let base = if base.is_dir() {
        base.to_path_buf()
    } else {
        PathBuf::from(std::env::var_os("POSTDESK_CORPUS")?)
    };
    let p = base.join("bedrock-jekyll");
    p.is_dir().then_some(p)
}

fn copy(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src) {
        let e = e.unwrap();
        let to = dst.join(e.path().strip_prefix(src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// 10,000 Jekyll posts of about 3 KB each, with the Bedrock front-matter shape.
fn generate(root: &Path, n: usize) {
    let posts = root.join("_posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(root.join("_config.yml"), "title: generated\n").unwrap();
    let body =
        "Some paragraph of text with **bold**, a [link](https://example.org) and `code`.\n\n"
            .repeat(35);
    for i in 0..n {
        let (y, m, d) = (2000 + i % 26, 1 + i % 12, 1 + i % 28);
        let text = format!(
            "---\nlayout: post\ntitle: \"Generated post number {i}\"\ndescription: \"What post {i} is about, in one sentence.\"\nauthor: [author_{a}, author_{b}]\ntags: [tag{t1}, tag{t2}, common]\ncolor: rgb(251,87,66)\nthumbnail: /images/posts/p{i}/cover.jpg\n---\n\n{body}",
            a = i % 40,
            b = (i + 7) % 40,
            t1 = i % 100,
            t2 = i % 13,
        );
        std::fs::write(
            posts.join(format!("{y:04}-{m:02}-{d:02}-generated-post-{i}.md")),
            text,
        )
        .unwrap();
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("index");
    g.sample_size(20).measurement_time(Duration::from_secs(6));
    let corpus_dir = tempfile::tempdir().unwrap();
    if let Some(src) = corpus() {
        copy(&src, corpus_dir.path());
        let s = site::detect(corpus_dir.path()).unwrap();
        assert_eq!(index::list(corpus_dir.path(), &s).len(), 310);
        g.bench_function("bedrock_310_posts", |b| {
            b.iter(|| black_box(index::list(corpus_dir.path(), &s)))
        });
        g.bench_function("bedrock_310_schema_infer", |b| {
            b.iter(|| black_box(schema::infer(corpus_dir.path(), &s)))
        });
        g.bench_function("bedrock_site_detect", |b| {
            b.iter(|| black_box(site::detect(corpus_dir.path()).unwrap()))
        });
    } else {
        eprintln!("note: the shared corpus is absent; skipping the Bedrock benchmarks");
    }
    let gen = tempfile::tempdir().unwrap();
    generate(gen.path(), 10_000);
    let s = site::detect(gen.path()).unwrap();
    assert_eq!(index::list(gen.path(), &s).len(), 10_000);
    g.bench_function("generated_10000_posts", |b| {
        b.iter(|| black_box(index::list(gen.path(), &s)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
