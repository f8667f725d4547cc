//! Cost of the durable paths the editor hits: loading a post, saving it (atomic write with
//! fsync), journaling an unsaved buffer (append + fsync), and scanning the journal at start-up.

use criterion::{criterion_group, criterion_main, Criterion};
use postdesk_core::journal::{Journal, JournalEntry};
use postdesk_core::save;

fn post(kb: usize) -> String {
    let mut s = String::from("---\ntitle: \"A long post\"\ntags: [a, b]\n---\n\n");
    while s.len() < kb * 1024 {
        s.push_str("A paragraph of a fairly long post, written over several days.\n");
    }
    s
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("post.md");
    let text = post(50);
    let crlf = text.replace('\n', "\r\n");
    std::fs::write(&p, &crlf).unwrap();
    c.bench_function("load_text 50 KB CRLF", |b| {
        b.iter(|| save::load_text(&p).unwrap())
    });
    let edited = [text.clone(), format!("{text}one more line\n")];
    let mut i = 0;
    c.bench_function("save_text 50 KB CRLF (atomic, fsync)", |b| {
        b.iter(|| {
            i += 1;
            save::save_text(&p, &edited[i % 2], None).unwrap()
        })
    });
    let j = Journal::open(dir.path()).unwrap();
    let mut n = 0u64;
    c.bench_function("journal record 50 KB (append, fsync)", |b| {
        b.iter(|| {
            n += 1;
            j.record(&JournalEntry {
                repo: dir.path().display().to_string(),
                path: "post.md".into(),
                text: format!("{text}{n}"),
                base_hash: None,
            })
            .unwrap()
        })
    });
    for k in 0..20 {
        j.record(&JournalEntry {
            repo: dir.path().display().to_string(),
            path: format!("other-{k}.md"),
            text: text.clone(),
            base_hash: None,
        })
        .unwrap();
    }
    c.bench_function("journal pending, 21 buffers of 50 KB", |b| {
        b.iter(|| j.pending().unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
