//! Every rule against its failing and passing fixture (`fixtures/check/cases/<rule>/{fail,pass}/`),
//! checked as the app does while the writer types (`check_text`) and, saved, as the CLI does
//! (`run`). The fixture's file name is where the post lives (`_posts/<name>`).

mod check_support;

use std::path::Path;

use postdesk_core::check::{self, Finding, Severity, RULES};

fn case(rule: &str, kind: &str) -> (String, String) {
    let dir = Path::new(check_support::FIXTURES)
        .join("cases")
        .join(rule)
        .join(kind);
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|_| panic!("rule {rule} has no {kind} fixture at {}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        entries.len(),
        1,
        "one post per fixture folder: {}",
        dir.display()
    );
    let name = entries[0]
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    (
        format!("_posts/{name}"),
        std::fs::read_to_string(&entries[0]).unwrap(),
    )
}

fn of_rule<'a>(f: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.rule == rule).collect()
}

#[test]
fn the_fixture_blog_is_clean() {
    let (_d, root) = check_support::blog();
    let ctx = check_support::context(&root);
    let r = check::run(&ctx, None).unwrap();
    // fm-tag-new is not expected either: every tag of the fixture posts is used twice.
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.posts_checked, 5);
    assert_eq!(
        ctx.required_fields,
        [
            "author",
            "comments",
            "description",
            "layout",
            "tags",
            "title"
        ]
    );
}

#[test]
fn every_rule_fails_its_failing_fixture_and_passes_its_passing_one() {
    let (_d, root) = check_support::blog();
    let ctx = check_support::context(&root);
    for (rule, _, _) in RULES {
        if *rule == "img-not-in-lfs" {
            // Needs a Git repository whose .gitattributes uses LFS, and git-lfs:
            // crates/postdesk-cli/tests/lfs_cli.rs checks it.
            continue;
        }
        let (rel, text) = case(rule, "fail");
        let live = check::check_text(&ctx, &rel, &text);
        let hits = of_rule(&live, rule);
        assert!(
            !hits.is_empty(),
            "{rule}: failing fixture gives no {rule}: {live:#?}"
        );
        for h in &hits {
            assert!(!h.message.is_empty());
            if let Some(l) = h.line {
                assert!(
                    l as usize <= text.lines().count().max(1),
                    "{rule}: line {l} past the end"
                );
            }
        }
        // Saved to disk and run as the CLI does, the same findings come out.
        std::fs::write(root.join(&rel), &text).unwrap();
        let saved = check::run(&ctx, Some(std::slice::from_ref(&rel))).unwrap();
        assert_eq!(
            of_rule(&saved.findings, rule).len(),
            hits.len(),
            "{rule}: saved vs live"
        );
        std::fs::remove_file(root.join(&rel)).unwrap();

        let (rel, text) = case(rule, "pass");
        let live = check::check_text(&ctx, &rel, &text);
        assert!(
            of_rule(&live, rule).is_empty(),
            "{rule}: passing fixture gives {live:#?}"
        );
    }
}

#[test]
fn findings_are_placed_and_say_what_to_do() {
    let (_d, root) = check_support::blog();
    let ctx = check_support::context(&root);
    let one = |rule: &str| {
        let (rel, text) = case(rule, "fail");
        let f = check::check_text(&ctx, &rel, &text);
        of_rule(&f, rule)[0].clone()
    };
    let f = one("fm-author-unknown");
    assert_eq!(
        (f.line, f.severity, f.field.as_deref()),
        (Some(5), Severity::Error, Some("author"))
    );
    assert!(f.message.contains("did you mean `ada`"), "{}", f.message);
    let f = one("fm-tag-new");
    assert_eq!(f.severity, Severity::Notice);
    assert!(f.message.contains("`jekyll`"), "{}", f.message);
    let f = one("md-unclosed-fence");
    assert_eq!((f.line, f.column), (Some(12), Some(1)));
    let f = one("img-gps");
    assert_eq!((f.line, f.field.as_deref()), (Some(8), Some("thumbnail")));
    let f = one("link-post-missing");
    assert!(
        f.message.contains("/2024/01/10/first-post.html"),
        "suggests the real URL: {}",
        f.message
    );
    let f = one("link-anchor-missing");
    let (rel, text) = case("link-anchor-missing", "fail");
    let all = check::check_text(&ctx, &rel, &text);
    let anchors = of_rule(&all, "link-anchor-missing");
    assert_eq!(anchors.len(), 2, "in-page and other post: {anchors:#?}");
    assert!(f.message.contains("#outro") || f.message.contains("#third-part"));
    let f = one("fm-parse");
    assert_eq!(
        (f.line, f.column),
        (Some(4), Some(7)),
        "where saphyr notices: {f:?}"
    );
    let f = one("img-orphan");
    assert_eq!(f.path, "images/posts/2024-03-01-orphan-case/unused.png");
    assert_eq!(f.line, None);
    let f = one("img-too-large");
    assert!(f.message.contains("MB"), "{}", f.message);
}

#[test]
fn an_image_path_checks_the_posts_that_link_it() {
    let (_d, root) = check_support::blog();
    let ctx = check_support::context(&root);
    let r = check::run(
        &ctx,
        Some(&["images/posts/2024-02-10-fourth-post/small.png".to_string()]),
    )
    .unwrap();
    assert_eq!(r.posts_checked, 1);
    let e = check::run(&ctx, Some(&["_posts/nope.md".to_string()])).unwrap_err();
    assert_eq!(e.kind, postdesk_core::ErrorKind::NotFound);
}
