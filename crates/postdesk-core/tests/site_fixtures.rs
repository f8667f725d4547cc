//! The Astro, Hugo (TOML and YAML) and Zola fixture blogs, and broken inputs.

mod site_common;

use postdesk_core::frontmatter::Format;
use postdesk_core::newpost::{self, NewPostRequest};
use postdesk_core::schema::{self, FieldSource, FieldType};
use postdesk_core::site::{self, LinkStyle, SiteKind, Source};
use postdesk_core::{frontmatter, index};

fn req(title: &str) -> NewPostRequest {
    NewPostRequest {
        title: title.into(),
        date: Some("2026-11-28".into()),
        author: None,
        draft: false,
    }
}

fn titles(posts: &[index::PostSummary]) -> Vec<(&str, Option<&str>, bool)> {
    posts
        .iter()
        .map(|p| (p.title.as_str(), p.date.as_deref(), p.draft))
        .collect()
}

#[test]
fn astro_collections_nested_folders_and_zod_schema() {
    let (_d, root) = site_common::copy_repo(&site_common::fixture("astro"));
    let s = site::detect(&root).unwrap();
    assert_eq!(s.kind, SiteKind::Astro);
    assert_eq!(s.posts_dirs, ["src/content/blog"]);
    assert_eq!(s.content_config.as_deref(), Some("src/content.config.ts"));
    assert_eq!(s.file_pattern, "{year}/{month}/{day}/{slug}.md");
    let posts = index::list(&root, &s);
    assert_eq!(
        titles(&posts),
        [
            ("Second post, in MDX", Some("2024-06-01"), false),
            ("Hello Astro", Some("2024-05-07"), false),
            ("Christmas notes", Some("2023-12-24"), true),
        ]
    );
    assert_eq!(posts[0].authors, ["jane", "sam"]);

    let sc = schema::infer(&root, &s);
    assert_eq!(sc.zod_collection.as_deref(), Some("blog"));
    let f = |n: &str| sc.field(n).unwrap();
    assert_eq!(f("pubDate").field_type, FieldType::Date);
    assert_eq!(f("pubDate").source, FieldSource::Zod);
    assert_eq!(f("description").max_length, Some(160));
    // In a third of the posts only, but zod says optional: not required either way.
    assert!(!f("heroImage").required);
    assert_eq!(f("heroImage").field_type, FieldType::Image);
    // Never used by any post, but the zod schema names it.
    assert_eq!(f("lang").count, 0);
    assert_eq!(f("lang").options, ["en", "fr"]);
    assert_eq!(f("authors").relation.as_deref(), Some("authors"));
    let names: Vec<_> = sc
        .authors
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(names, [("jane", "Jane Doe"), ("sam", "Sam Rivera")]);

    let made = newpost::create(
        &root,
        &s,
        &sc,
        &NewPostRequest {
            author: Some("jane".into()),
            ..req("L’éléphant bleu")
        },
    )
    .unwrap();
    assert_eq!(made.path, "src/content/blog/2026/11/28/l-elephant-bleu.md");
    let fm = frontmatter::read(&std::fs::read_to_string(root.join(&made.path)).unwrap()).unwrap();
    assert_eq!(fm["title"], "L’éléphant bleu");
    assert_eq!(fm["pubDate"], "2026-11-28");
    assert_eq!(fm["authors"], serde_json::json!(["jane"]));
    assert_eq!(index::list(&root, &s)[0].path, made.path);
}

#[test]
fn hugo_toml_bundles_sections_and_resources() {
    let (_d, root) = site_common::copy_repo(&site_common::fixture("hugo-toml"));
    let s = site::detect(&root).unwrap();
    assert_eq!(s.kind, SiteKind::Hugo);
    assert_eq!(s.posts_dirs, ["content/posts"]);
    assert_eq!(s.file_pattern, "{slug}/index.md");
    assert_eq!(
        (s.image_dir_pattern.as_str(), s.link_style),
        ("{post_dir}", LinkStyle::Relative)
    );
    let posts = index::list(&root, &s);
    let paths: Vec<_> = posts.iter().map(|p| p.path.as_str()).collect();
    // `_index.md` is a section and `first-bundle/notes.md` a resource: neither is a post.
    assert_eq!(
        paths,
        [
            "content/posts/second-bundle/index.md",
            "content/posts/first-bundle/index.md",
            "content/posts/single-file.md"
        ]
    );
    assert_eq!(
        titles(&posts),
        [
            ("Second bundle", Some("2024-04-02"), true),
            ("First bundle", Some("2024-03-01"), false),
            ("A single file", Some("2023-01-15"), false),
        ]
    );
    let sc = schema::infer(&root, &s);
    assert_eq!(sc.format, Format::Toml);
    assert_eq!(sc.authors_source.as_deref(), Some("data/authors.toml"));
    assert_eq!(sc.authors[0].name, "Ada Lovelace");
    assert_eq!(sc.authors[0].avatar.as_deref(), Some("/img/ada.png"));
    let made = newpost::create(
        &root,
        &s,
        &sc,
        &NewPostRequest {
            author: Some("alan".into()),
            draft: true,
            ..req("Deux mots")
        },
    )
    .unwrap();
    assert_eq!(made.path, "content/posts/deux-mots/index.md");
    let text = std::fs::read_to_string(root.join(&made.path)).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Deux mots\"\ndate = 2026-11-28\nauthor = \"alan\"\n"),
        "{text}"
    );
    let fm = frontmatter::read(&text).unwrap();
    assert_eq!(fm["draft"], true);
    // A bundle folder that exists already (even without index.md) is not reused.
    std::fs::create_dir_all(root.join("content/posts/taken")).unwrap();
    let e = newpost::create(&root, &s, &sc, &req("Taken")).unwrap_err();
    assert_eq!(e.kind, postdesk_core::ErrorKind::Conflict, "{}", e.message);
    assert!(e.message.contains("content/posts/taken"), "{}", e.message);
    assert!(!root.join("content/posts/taken/index.md").exists());
}

#[test]
fn hugo_yaml_bundles() {
    let (_d, root) = site_common::copy_repo(&site_common::fixture("hugo-yaml"));
    let s = site::detect(&root).unwrap();
    assert_eq!(s.kind, SiteKind::Hugo);
    assert_eq!(s.posts_dirs, ["content/post"]);
    let posts = index::list(&root, &s);
    assert_eq!(
        titles(&posts),
        [
            ("Tabs versus spaces", Some("2023-08-01"), false),
            ("Kernels", Some("2023-02-10"), false),
            ("Compilers: a history", Some("2022-09-09"), false),
        ]
    );
    let sc = schema::infer(&root, &s);
    assert_eq!(sc.format, Format::Yaml);
    let cats: Vec<_> = sc
        .field("categories")
        .unwrap()
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(cats, [("essays", 2), ("opinions", 1)]);
    assert_eq!(
        sc.authors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["grace", "linus"]
    );
    let made = newpost::create(&root, &s, &sc, &req("Hello: YAML")).unwrap();
    assert_eq!(made.path, "content/post/hello-yaml/index.md");
    let fm = frontmatter::read(&std::fs::read_to_string(root.join(&made.path)).unwrap()).unwrap();
    assert_eq!(fm["title"], "Hello: YAML");
    assert_eq!(fm["date"], "2026-11-28");
}

#[test]
fn zola_sections_bundles_and_toml() {
    let (_d, root) = site_common::copy_repo(&site_common::fixture("zola"));
    let s = site::detect(&root).unwrap();
    assert_eq!(s.kind, SiteKind::Zola);
    assert_eq!(s.posts_dirs, ["content/blog"]);
    assert_eq!(s.sources.file_pattern, Source::Detected);
    let posts = index::list(&root, &s);
    assert_eq!(
        titles(&posts),
        [
            ("Second page", Some("2024-03-11"), true),
            ("First page", Some("2024-02-10"), false),
            ("Third page", Some("2023-11-30"), false),
        ]
    );
    assert_eq!(posts[1].tags, ["zola", "bundles"]);
    let sc = schema::infer(&root, &s);
    assert_eq!(sc.format, Format::Toml);
    let made = newpost::create(&root, &s, &sc, &req("Été indien")).unwrap();
    assert_eq!(made.path, "content/blog/ete-indien/index.md");
    let fm = frontmatter::read(&std::fs::read_to_string(root.join(&made.path)).unwrap()).unwrap();
    assert_eq!(fm["title"], "Été indien");
    assert_eq!(fm["date"], "2026-11-28");
    assert_eq!(fm["taxonomies"]["tags"], serde_json::json!([]));
}

#[test]
fn broken_posts_are_listed_with_their_error_and_never_hide_the_others() {
    let (_d, root) = site_common::copy_repo(&site_common::fixture("broken"));
    #[cfg(unix)]
    {
        // Link loops: a folder linking to its parent, and a link to itself.
        std::os::unix::fs::symlink("..", root.join("_posts/loop")).unwrap();
        std::os::unix::fs::symlink("self.md", root.join("_posts/self.md")).unwrap();
        // A link to a post outside the repository is not read; one inside is.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.md"), "---\ntitle: Outside\n---\n").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("x.md"),
            root.join("_posts/2024-02-01-out.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink(
            "2024-01-01-good.md",
            root.join("_posts/2024-02-02-alias.md"),
        )
        .unwrap();
    }
    let s = site::detect(&root).unwrap();
    let posts = index::list(&root, &s);
    let err = |p: &str| {
        posts
            .iter()
            .find(|x| x.path == p)
            .unwrap_or_else(|| panic!("{p} not listed"))
            .error
            .clone()
            .unwrap_or_default()
    };
    let yaml = err("_posts/2024-01-02-bad-yaml.md");
    assert!(
        yaml.starts_with("YAML error") && yaml.contains("(line 3, column 8 of the post)"),
        "{yaml}"
    );
    assert!(err("_posts/2024-01-03-latin1.md").contains("not UTF-8"));
    assert!(err("_posts/2024-01-04-empty.md").contains("empty"));
    assert!(err("_posts/2024-01-05-folder.md").contains("folder"));
    assert!(err("_posts/2024-01-06-unclosed.md").contains("never closed"));
    let good = posts
        .iter()
        .find(|p| p.path == "_posts/2024-01-01-good.md")
        .unwrap();
    assert_eq!(
        (good.title.as_str(), good.error.as_deref()),
        ("Good post", None)
    );
    let draft = posts.iter().find(|p| p.path == "_drafts/idea.md").unwrap();
    assert!(draft.draft);
    let expected = if cfg!(unix) { 8 } else { 7 };
    assert_eq!(posts.len(), expected, "{posts:#?}");
    assert!(!posts.iter().any(|p| p.title == "Outside"));
    // Every broken post still has its date from the file name.
    assert!(posts
        .iter()
        .filter(|p| p.error.is_some())
        .all(|p| p.date.is_some()));
    // The schema ignores what it cannot read.
    assert_eq!(schema::infer(&root, &s).posts, expected as u32 - 5);
}

#[test]
fn malformed_config_keeps_detected_settings() {
    let (_d, root) = site_common::copy_repo(&site_common::fixture("zola"));
    std::fs::write(
        root.join(".postdesk.toml"),
        "# comment\nmax_image_width = 1200\nlink_style = \"sideways\"\n",
    )
    .unwrap();
    let s = site::detect(&root).unwrap();
    assert_eq!(s.kind, SiteKind::Zola);
    assert_eq!(
        s.max_image_width, 1600,
        "nothing of a malformed file is used"
    );
    let w = s.config_warning.unwrap();
    assert!(w.contains(".postdesk.toml line 3, key `link_style`"), "{w}");
    std::fs::write(
        root.join(".postdesk.toml"),
        "posts_dirs = [\"content\"]\nfile_pattern = \"{date}-{slug}.md\"\nlink_style = \"site_absolute\"\nrequired_fields = [\"title\", \"summary\"]\n",
    )
    .unwrap();
    let s = site::detect(&root).unwrap();
    assert_eq!(s.posts_dirs, ["content"]);
    assert_eq!(s.sources.link_style, Source::Config);
    assert_eq!(s.sources.image_dir_pattern, Source::Detected);
    let sc = schema::infer(&root, &s);
    assert!(sc.field("summary").unwrap().required);
    assert!(!sc.field("description").unwrap().required);
    let p = newpost::plan(&root, &s, &sc, &req("X y")).unwrap();
    assert_eq!(p.path, "content/2026-11-28-x-y.md");
    assert!(p.text.contains("summary = \"\""), "{}", p.text);
}

#[test]
fn generic_site_lists_markdown_outside_hidden_and_vendor_folders() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().canonicalize().unwrap();
    let w = |p: &str, t: &str| {
        let p = root.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    };
    w("README.md", "# Repo\n");
    w("notes/2024-02-03-first.md", "---\ntitle: First\n---\n");
    w("notes/second.md", "# Second\n");
    w("node_modules/pkg/readme.md", "x");
    w(".github/issue.md", "x");
    let s = site::detect(&root).unwrap();
    assert_eq!(s.kind, SiteKind::Generic);
    let posts = index::list(&root, &s);
    let got: Vec<_> = posts
        .iter()
        .map(|p| (p.path.as_str(), p.title.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("notes/2024-02-03-first.md", "First"),
            ("notes/second.md", "second")
        ]
    );
}
