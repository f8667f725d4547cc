//! The core must build on a machine with no GUI libraries: nothing it depends on, directly or
//! through other crates (dev-dependencies included, so this over-approximates), may be Tauri,
//! wry, GTK or WebKit. Read from the workspace's `Cargo.lock`, which CI checks in.

use std::collections::{BTreeSet, HashMap};

const FORBIDDEN: [&str; 6] = ["tauri", "wry", "gtk", "webkit", "gdk", "javascriptcore"];

#[test]
fn core_depends_on_no_gui_crate() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock"))
        .expect("Cargo.lock at the workspace root");
    let lock: toml::Table = toml::from_str(&lock).expect("Cargo.lock parses");
    let mut deps: HashMap<String, Vec<String>> = HashMap::new();
    for p in lock["package"].as_array().expect("[[package]]") {
        let name = p["name"].as_str().unwrap().to_string();
        let list: Vec<String> = p
            .get("dependencies")
            .and_then(|d| d.as_array())
            .map(|a| {
                a.iter()
                    // "name" or "name version" or "name version (source)"
                    .map(|d| d.as_str().unwrap().split(' ').next().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        deps.entry(name).or_default().extend(list);
    }
    assert!(
        deps.contains_key("postdesk-core"),
        "postdesk-core is in Cargo.lock"
    );
    // The shell is in the same lock file: make sure the walk would see a GUI crate if there were one.
    assert!(deps["postdesk-app"].iter().any(|d| d == "tauri"));

    let mut seen = BTreeSet::new();
    let mut todo = vec!["postdesk-core".to_string()];
    while let Some(n) = todo.pop() {
        if seen.insert(n.clone()) {
            todo.extend(deps.get(&n).cloned().unwrap_or_default());
        }
    }
    let gui: Vec<_> = seen
        .iter()
        .filter(|n| FORBIDDEN.iter().any(|f| n.contains(f)))
        .collect();
    assert!(gui.is_empty(), "postdesk-core pulls in GUI crates: {gui:?}");
}

/// ts-rs's `#[ts(export)]` makes one `export_bindings_*` test per type that asserts nothing
/// (86 of them once): generation is `bindings.rs`'s job (`make bindings`, and a test that
/// fails when the files are stale), so the runner's count stays a count of checks.
#[test]
fn type_generation_is_not_counted_as_tests() {
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let mut found = Vec::new();
    for dir in ["crates", "src-tauri/src"] {
        for e in walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            for (i, line) in text.lines().enumerate() {
                let l = line.trim_start();
                if l.starts_with("#[ts(") && l.contains("export") && !l.contains("export_to") {
                    found.push(format!("{}:{}", e.path().display(), i + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "#[ts(export)] generates a test that checks nothing; list the type in bindings.rs instead: {found:#?}"
    );
}
