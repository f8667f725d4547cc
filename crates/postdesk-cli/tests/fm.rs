//! `postdesk fm get/set/unset` on a copy of a post.

use std::process::Command;

const POST: &str = "---\r\nlayout: post\r\ntitle: \"Hello\" # keep me\r\ntags: [a, b]\r\ncomments: true\r\n---\r\nBody\r\n";

fn postdesk(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn get_set_unset_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("post.md");
    std::fs::write(&p, POST).unwrap();
    let ps = p.to_str().unwrap();

    let (code, out, _) = postdesk(&["fm", "get", ps, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tags"], serde_json::json!(["a", "b"]));
    assert!(
        out.find("layout").unwrap() < out.find("comments").unwrap(),
        "file order"
    );
    let (_, out, _) = postdesk(&["fm", "get", ps, "title"]);
    assert_eq!(out, "Hello\n");

    let (code, out, err) = postdesk(&[
        "fm",
        "set",
        ps,
        "title=\"Un titre : avec deux-points\"",
        "tags=[a, b, c]",
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("-title: \"Hello\" # keep me\r\n"), "{out}");
    assert!(
        out.contains("+title: \"Un titre : avec deux-points\" # keep me\r\n"),
        "{out}"
    );
    assert!(out.contains("+tags: [a, b, c]"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        POST,
        "dry run writes nothing"
    );

    let (code, _, err) = postdesk(&[
        "fm",
        "set",
        ps,
        "title=\"Un titre : avec deux-points\"",
        "comments=false",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        POST.replace("\"Hello\"", "\"Un titre : avec deux-points\"")
            .replace("comments: true", "comments: false")
    );

    let (code, _, err) = postdesk(&["fm", "unset", ps, "tags"]);
    assert_eq!(code, 0, "{err}");
    assert!(!std::fs::read_to_string(&p).unwrap().contains("tags"));
}

#[test]
fn bad_values_and_broken_posts_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("post.md");
    std::fs::write(&p, POST).unwrap();
    let ps = p.to_str().unwrap();
    let (code, _, err) = postdesk(&["fm", "set", ps, "tags=[a"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a YAML value"), "{err}");
    let (code, _, err) = postdesk(&["fm", "set", ps, "novalue"]);
    assert_eq!(code, 2);
    assert!(err.contains("KEY=VALUE"), "{err}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), POST);

    let broken = "---\ntitle: A\ntags: [a\n---\nBody\n";
    std::fs::write(&p, broken).unwrap();
    let (code, _, err) = postdesk(&["fm", "get", ps]);
    assert_eq!(code, 2);
    assert!(err.contains("post.md:"), "{err}");
    let (code, _, _) = postdesk(&["fm", "set", ps, "title=B"]);
    assert_eq!(code, 2);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        broken,
        "never rewritten"
    );
}
