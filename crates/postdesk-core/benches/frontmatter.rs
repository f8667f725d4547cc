//! Parse + one edit on the seed post (a real corpus post, copied as a fixture).

use criterion::{criterion_group, criterion_main, Criterion};
use postdesk_core::frontmatter;
use serde_json::json;
use std::hint::black_box;

const SEED: &str = include_str!("../tests/fixtures/frontmatter/2022-10-28-forum-php-afup-2022.md");

fn bench(c: &mut Criterion) {
    c.bench_function("frontmatter view (seed post)", |b| {
        b.iter(|| frontmatter::view(black_box(SEED)))
    });
    let title = json!("Un titre : avec \"guillemets\" et # dièse");
    c.bench_function("frontmatter parse + set title (seed post)", |b| {
        b.iter(|| frontmatter::set_value(black_box(SEED), "title", &title, &[]).unwrap())
    });
    c.bench_function("frontmatter parse + set tags (seed post)", |b| {
        b.iter(|| frontmatter::set_flow(black_box(SEED), "tags", "[afup, php, rust]", &[]).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
