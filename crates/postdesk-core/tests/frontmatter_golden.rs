//! Golden tests for in-place front matter edits: each case gives a post, an edit and the exact
//! expected text.

use postdesk_core::frontmatter::{self, ValueStyle};
use serde_json::json;

fn order(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|s| s.to_string()).collect()
}

fn set(text: &str, key: &str, flow: &str) -> String {
    frontmatter::set_flow(text, key, flow, &[]).unwrap_or_else(|e| panic!("{}", e.message))
}

const SEED: &str = "---\nlayout: post\ntitle: \"Forum PHP 2022 - L’éléphant\"\ndescription: \"Nos retours\"\nauthor: bedrock\ncategory:\ntags: [afup, php, forumphp, conference]\ncolor: rgb(251,87,66)\nthumbnail: \"images/posts/forumphp2022/header.jpg\"\nlanguage: fr\ncomments: true\n---\n\nBody: not: yaml\n";

#[test]
fn view_lists_fields_in_file_order_with_styles() {
    let v = frontmatter::view(SEED);
    assert!(v.error.is_none(), "{:?}", v.error);
    let keys: Vec<_> = v.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "layout",
            "title",
            "description",
            "author",
            "category",
            "tags",
            "color",
            "thumbnail",
            "language",
            "comments"
        ]
    );
    let f = |k: &str| v.fields.iter().find(|f| f.key == k).unwrap();
    assert_eq!(f("title").style, ValueStyle::DoubleQuoted);
    assert_eq!(f("title").raw, "\"Forum PHP 2022 - L’éléphant\"");
    assert_eq!(f("title").line, 3);
    assert_eq!(f("category").style, ValueStyle::Empty);
    assert_eq!(f("category").value, json!(null));
    assert_eq!(f("tags").style, ValueStyle::FlowSequence);
    assert_eq!(
        f("tags").value,
        json!(["afup", "php", "forumphp", "conference"])
    );
    assert_eq!(f("comments").value, json!(true));
    assert!(v.fields.iter().all(|f| f.editable));
}

#[test]
fn double_quoted_title_stays_double_quoted_with_escapes() {
    let out = set(SEED, "title", r#""Un \"titre\" : avec # et deux-points""#);
    assert_eq!(
        out,
        SEED.replace(
            "title: \"Forum PHP 2022 - L’éléphant\"",
            r#"title: "Un \"titre\" : avec # et deux-points""#
        )
    );
    assert_eq!(
        frontmatter::read(&out).unwrap()["title"],
        json!("Un \"titre\" : avec # et deux-points")
    );
}

#[test]
fn comment_and_spacing_kept() {
    let t = "---\ntitle: \"Hello\"   # quoted because of colon\ndraft: true # todo\n---\n";
    assert_eq!(
        set(t, "title", "\"Hello: Rust\""),
        "---\ntitle: \"Hello: Rust\"   # quoted because of colon\ndraft: true # todo\n---\n"
    );
    assert_eq!(
        set(t, "draft", "false"),
        "---\ntitle: \"Hello\"   # quoted because of colon\ndraft: false # todo\n---\n"
    );
}

#[test]
fn single_quoted_stays_single_quoted() {
    let t = "---\ntitle: 'Hello'\n---\n";
    assert_eq!(
        set(t, "title", "\"It's: ok\""),
        "---\ntitle: 'It''s: ok'\n---\n"
    );
}

#[test]
fn plain_that_would_break_is_quoted_minimally() {
    let t = "---\ntitle: Hello\nauthor: me\n---\n";
    assert_eq!(
        set(t, "title", "\"A: b\""),
        "---\ntitle: \"A: b\"\nauthor: me\n---\n"
    );
    assert_eq!(
        set(t, "title", "\"true\""),
        "---\ntitle: \"true\"\nauthor: me\n---\n"
    );
    assert_eq!(
        set(t, "title", "\"12\""),
        "---\ntitle: \"12\"\nauthor: me\n---\n"
    );
    assert_eq!(
        set(t, "title", "Plain words"),
        "---\ntitle: Plain words\nauthor: me\n---\n"
    );
}

#[test]
fn dashes_after_spaces_are_quoted_in_flow_lists_only() {
    let t = "---\ntags: [a]\ntitle: x\n---\n";
    for tag in ["A -", "a - b", "x -y", "A-", "-"] {
        let v = json!([tag, "b"]);
        let out = frontmatter::set_value(t, "tags", &v, &[])
            .unwrap_or_else(|e| panic!("{tag:?}: {}", e.message));
        assert_eq!(frontmatter::read(&out).unwrap()["tags"], v, "{out}");
        let title = frontmatter::set_value(t, "title", &json!(tag), &[]).unwrap();
        assert_eq!(frontmatter::read(&title).unwrap()["title"], json!(tag));
    }
    let out = frontmatter::set_value(t, "tags", &json!(["A -"]), &[]).unwrap();
    assert_eq!(out, "---\ntags: [\"A -\"]\ntitle: x\n---\n");
    let title = frontmatter::set_value(t, "title", &json!("A - b"), &[]).unwrap();
    assert_eq!(title, "---\ntags: [a]\ntitle: A - b\n---\n");
}

#[test]
fn flow_list_stays_flow_with_its_spacing() {
    let t = "---\ntags: [graphite,monitoring]\nx: 1\n---\n";
    assert_eq!(
        set(t, "tags", "[a, b, \"c, d\"]"),
        "---\ntags: [a,b,\"c, d\"]\nx: 1\n---\n"
    );
    let t = "---\ntags: [rust, 'tauri']\n---\n";
    assert_eq!(set(t, "tags", "[a, b]"), "---\ntags: ['a', 'b']\n---\n");
    // Items that stay keep their exact text; new ones follow the list's quoting.
    let t = "---\ntags: [rust, 'tauri', \"yaml\"]\n---\n";
    assert_eq!(
        set(t, "tags", "[rust, tauri, yaml, new]"),
        "---\ntags: [rust, 'tauri', \"yaml\", \"new\"]\n---\n"
    );
    let t = "---\ntags:\n- 'a'\n- b\n---\n";
    assert_eq!(
        set(t, "tags", "[b, a, c]"),
        "---\ntags:\n- b\n- 'a'\n- 'c'\n---\n"
    );
}

#[test]
fn block_list_stays_block_and_unset_removes_its_lines() {
    let t = "---\ntitle: A\ntags: # the tags\n  - a\n  - b\n# next\nauthor: me\n---\nbody\n";
    assert_eq!(
        set(t, "tags", "[x, yy, z]"),
        "---\ntitle: A\ntags: # the tags\n  - x\n  - yy\n  - z\n# next\nauthor: me\n---\nbody\n"
    );
    assert_eq!(
        frontmatter::unset(t, "tags").unwrap(),
        "---\ntitle: A\n# next\nauthor: me\n---\nbody\n"
    );
    let v = frontmatter::view(t);
    let tags = v.fields.iter().find(|f| f.key == "tags").unwrap();
    assert_eq!(tags.style, ValueStyle::BlockSequence);
    assert_eq!(tags.raw, "  - a\n  - b");
    assert_eq!(tags.comment.as_deref(), Some("# the tags"));
}

#[test]
fn crlf_bom_and_trailing_spaces_survive() {
    let t = "\u{feff}---\r\ntitle: A  \r\ncategory: \r\ncomments: true  \r\n---\r\nBody\r\n";
    let out = set(t, "comments", "false");
    assert_eq!(
        out,
        "\u{feff}---\r\ntitle: A  \r\ncategory: \r\ncomments: false  \r\n---\r\nBody\r\n"
    );
    let out = frontmatter::set_flow(t, "layout", "post", &order(&["layout", "title"])).unwrap();
    assert_eq!(out, "\u{feff}---\r\nlayout: post\r\ntitle: A  \r\ncategory: \r\ncomments: true  \r\n---\r\nBody\r\n");
    assert_eq!(
        set(t, "category", "news"),
        "\u{feff}---\r\ntitle: A  \r\ncategory: news\r\ncomments: true  \r\n---\r\nBody\r\n"
    );
}

#[test]
fn empty_value_gets_filled_and_emptied() {
    let t = "---\nthumbnail:\ntitle: T\n---\n";
    let out = set(t, "thumbnail", "images/a.jpg");
    assert_eq!(out, "---\nthumbnail: images/a.jpg\ntitle: T\n---\n");
    assert_eq!(
        frontmatter::set_value(&out, "thumbnail", &json!(null), &[]).unwrap(),
        "---\nthumbnail:\ntitle: T\n---\n"
    );
}

#[test]
fn anchors_and_nested_maps_are_raw_and_untouched() {
    let t = "---\nbase: &b\n  x: 1\nother: *b\nseo: {a: 1}\ntitle: T\n---\n";
    let v = frontmatter::view(t);
    assert!(v.error.is_none(), "{:?}", v.error);
    let f = |k: &str| v.fields.iter().find(|f| f.key == k).unwrap().clone();
    assert!(!f("base").editable);
    assert_eq!(f("base").raw, "&b\n  x: 1");
    assert!(!f("other").editable);
    assert_eq!(f("other").style, ValueStyle::Alias);
    assert!(!f("seo").editable);
    assert!(f("title").editable);
    assert_eq!(set(t, "title", "U"), t.replace("title: T", "title: U"));
}

#[test]
fn folded_and_literal_scalars() {
    let t = "---\ndescription: >-\n  A long\n  text\ntitle: T\n---\n";
    let v = frontmatter::view(t);
    assert_eq!(v.fields[0].value, json!("A long text"));
    assert_eq!(v.fields[0].style, ValueStyle::Folded);
    let out = frontmatter::set_value(t, "description", &json!("Short"), &[]).unwrap();
    assert_eq!(out, "---\ndescription: >-\n  Short\ntitle: T\n---\n");
    let out = frontmatter::set_value(t, "description", &json!("two\nlines\n"), &[]).unwrap();
    assert_eq!(out, "---\ndescription: |\n  two\n  lines\ntitle: T\n---\n");
}

#[test]
fn new_field_goes_where_the_order_says() {
    let o = order(&["layout", "title", "description", "author", "tags"]);
    let t = "---\nlayout: post\ntitle: T\ntags: [a]\n---\nB";
    let out = frontmatter::set_flow(t, "author", "me", &o).unwrap();
    assert_eq!(
        out,
        "---\nlayout: post\ntitle: T\nauthor: me\ntags: [a]\n---\nB"
    );
    let out = frontmatter::set_flow(t, "zzz", "1", &o).unwrap();
    assert_eq!(
        out,
        "---\nlayout: post\ntitle: T\ntags: [a]\nzzz: 1\n---\nB"
    );
    let out = frontmatter::set_value(t, "tags2", &json!(["x y", "z"]), &o).unwrap();
    assert_eq!(
        out,
        "---\nlayout: post\ntitle: T\ntags: [a]\ntags2: [x y, z]\n---\nB"
    );
}

#[test]
fn block_is_created_when_missing() {
    let out = frontmatter::set_flow("# Hi\n", "title", "\"Hi: there\"", &[]).unwrap();
    assert_eq!(out, "---\ntitle: \"Hi: there\"\n---\n# Hi\n");
    let out = frontmatter::set_flow("\u{feff}Hi\r\n", "title", "Hi", &[]).unwrap();
    assert_eq!(out, "\u{feff}---\r\ntitle: Hi\r\n---\r\nHi\r\n");
}

#[test]
fn unset_only_removes_that_field() {
    assert_eq!(
        frontmatter::unset(SEED, "color").unwrap(),
        SEED.replace("color: rgb(251,87,66)\n", "")
    );
    assert_eq!(frontmatter::unset(SEED, "nope").unwrap(), SEED);
}

#[test]
fn raw_edit_and_refused_edits() {
    let t = "---\ntitle: T\nseo:\n  a: 1\n---\n";
    let out = frontmatter::set_raw(t, "seo", "  a: 2\n  b: 3", &[]).unwrap();
    assert_eq!(out, "---\ntitle: T\nseo:\n  a: 2\n  b: 3\n---\n");
    let e = frontmatter::set_raw(t, "seo", "[unclosed", &[]).unwrap_err();
    assert!(e.message.contains("invalid"), "{}", e.message);
    let out = frontmatter::set_raw(t, "title", "'x'", &[]).unwrap();
    assert_eq!(out, "---\ntitle: 'x'\nseo:\n  a: 1\n---\n");
}

#[test]
fn bad_input_is_reported_with_file_positions() {
    let v = frontmatter::view("---\ntitle: A\ntags: [a, b\nx: 1\n---\n");
    let e = v.error.expect("error");
    assert!(e.line >= 3, "{e:?}");
    let v = frontmatter::view("---\ntitle: A\ntitle: B\n---\n");
    let e = v.error.expect("duplicate");
    assert!(e.message.contains("twice"), "{}", e.message);
    assert_eq!(e.line, 3);
    let v = frontmatter::view("---\ntitle: A\ntags:\n\t- a\n---\n");
    let e = v.error.expect("tab");
    assert!(e.message.contains("tab"), "{}", e.message);
    assert_eq!(e.line, 4);
    let v = frontmatter::view("---\ntitle: A\n");
    assert!(v.error.expect("unclosed").message.contains("never closed"));
    let e = frontmatter::set_flow("---\ntitle: A\ntitle: B\n---\n", "x", "1", &[]).unwrap_err();
    assert_eq!(
        e.kind,
        postdesk_core::ErrorKind::FrontMatter,
        "{}",
        e.message
    );
    assert!(e.message.contains("title"), "{}", e.message);
}

#[test]
fn toml_front_matter_edits() {
    let t = "+++\ntitle = \"Hello\" # the title\ndate = 2024-01-02\ntags = ['a', 'b']\n\n[extra]\nx = 1\n+++\nbody\n";
    let v = frontmatter::view(t);
    assert!(v.error.is_none(), "{:?}", v.error);
    let keys: Vec<_> = v.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["title", "date", "tags", "extra"]);
    assert!(!v.fields[3].editable);
    assert_eq!(
        frontmatter::set_flow(t, "title", "\"Un \\\"titre\\\"\"", &[]).unwrap(),
        t.replace("\"Hello\"", "\"Un \\\"titre\\\"\"")
    );
    assert_eq!(
        frontmatter::set_flow(t, "date", "2024-02-03", &[]).unwrap(),
        t.replace("2024-01-02", "2024-02-03")
    );
    assert_eq!(
        frontmatter::set_flow(t, "tags", "[c]", &[]).unwrap(),
        t.replace("['a', 'b']", "['c']")
    );
    assert_eq!(
        frontmatter::set_flow(t, "draft", "true", &[]).unwrap(),
        t.replace("tags = ['a', 'b']\n", "tags = ['a', 'b']\ndraft = true\n")
    );
    assert_eq!(
        frontmatter::unset(t, "date").unwrap(),
        t.replace("date = 2024-01-02\n", "")
    );
    let e = frontmatter::view("+++\ntitle = \n+++\n").error.unwrap();
    assert_eq!(e.line, 2);
}

#[test]
fn jekyll_style_quoted_continuation_at_column_zero_is_read() {
    // libyaml (Jekyll) accepts this; YAML 1.2 wants the second line indented.
    let t = "---\ntitle: T\ndescription: \"Comment l'exercice peut-il devenir \nun outil ?\"\nauthor: me\n---\nB\n";
    let v = frontmatter::view(t);
    assert!(v.error.is_none(), "{:?}", v.error);
    let d = &v.fields[1];
    assert_eq!(
        d.value,
        json!("Comment l'exercice peut-il devenir un outil ?")
    );
    assert!(!d.editable);
    assert_eq!(d.raw, "\"Comment l'exercice peut-il devenir \nun outil ?\"");
    assert_eq!(v.fields[2].line, 5);
    assert_eq!(
        set(t, "author", "you"),
        t.replace("author: me", "author: you")
    );
    assert_eq!(
        set(t, "description", "\"Court\""),
        "---\ntitle: T\ndescription: \"Court\"\nauthor: me\n---\nB\n"
    );
}

#[test]
fn indented_front_matter_keeps_its_indentation() {
    let t = "---\n title: T # c\n tags: [a]\n---\n";
    assert_eq!(
        set(t, "title", "U"),
        "---\n title: U # c\n tags: [a]\n---\n"
    );
    assert_eq!(
        set(t, "draft", "true"),
        "---\n title: T # c\n tags: [a]\n draft: true\n---\n"
    );
}

#[test]
fn editing_title_tags_author_thumbnail_of_the_seed_post_touches_exactly_those_lines() {
    let seed = include_str!("fixtures/frontmatter/2022-10-28-forum-php-afup-2022.md");
    let o: Vec<String> = Vec::new();
    let mut t = seed.to_string();
    t = frontmatter::set_value(&t, "title", &json!("Forum PHP 2022 : \"le\" récap #1"), &o)
        .unwrap();
    t = frontmatter::set_value(&t, "tags", &json!(["afup", "php", "rust"]), &o).unwrap();
    t = frontmatter::set_value(&t, "author", &json!(["bedrock", "j_doe"]), &o).unwrap();
    t = frontmatter::set_value(&t, "thumbnail", &json!("images/posts/new.jpg"), &o).unwrap();
    let changed: Vec<(&str, &str)> = seed
        .lines()
        .zip(t.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(seed.lines().count(), t.lines().count());
    assert_eq!(
        changed,
        [
            (
                "title: \"Forum PHP 2022 - L’éléphant bleu n’a pas peur de la souris aux grandes oreilles\"",
                "title: \"Forum PHP 2022 : \\\"le\\\" récap #1\""
            ),
            ("author: bedrock", "author: [bedrock, j_doe]"),
            ("tags: [afup, php, forumphp, conference]", "tags: [afup, php, rust]"),
            (
                "thumbnail: \"images/posts/forumphp2022/header.jpg\"",
                "thumbnail: \"images/posts/new.jpg\""
            ),
        ]
    );
}

#[test]
fn source_view_replaces_the_block_only_when_it_parses() {
    let t = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
    let out = frontmatter::set_source(t, "title: B # c\ntags: [x]\n").unwrap();
    assert_eq!(
        out,
        "\u{feff}---\r\ntitle: B # c\r\ntags: [x]\r\n---\r\nBody\r\n"
    );
    let e = frontmatter::set_source(t, "title: [B\n").unwrap_err();
    assert!(e.message.contains("line"), "{}", e.message);
    for (bad, says) in [
        ("a: 1\na: 2\n", "`a`"),
        ("a: 1\n---\nb: 2\n", "closing fence"),
    ] {
        let e = frontmatter::set_source(t, bad).unwrap_err();
        assert_eq!(
            e.kind,
            postdesk_core::ErrorKind::FrontMatter,
            "{}",
            e.message
        );
        assert!(e.message.contains(says), "{bad:?}: {}", e.message);
    }
    assert_eq!(
        frontmatter::set_source("Body\n", "title: T").unwrap(),
        "---\ntitle: T\n---\nBody\n"
    );
    assert_eq!(
        frontmatter::ensure_block("Body\n", frontmatter::Format::Toml).unwrap(),
        "+++\n+++\nBody\n"
    );
    assert_eq!(
        frontmatter::set_flow(
            &frontmatter::ensure_block("Body\n", frontmatter::Format::Toml).unwrap(),
            "title",
            "\"T: x\"",
            &[]
        )
        .unwrap(),
        "+++\ntitle = \"T: x\"\n+++\nBody\n"
    );
}
