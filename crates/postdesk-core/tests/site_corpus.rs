//! The Bedrock blog (310 real Jekyll posts), copied to a temporary folder: detection, the
//! index, the inferred schema, and new posts.

mod site_common;

use postdesk_core::newpost::{self, NewPostRequest};
use postdesk_core::schema::{self, FieldType};
use postdesk_core::site::{self, LinkStyle, SiteKind, Source};
use postdesk_core::{index, ErrorKind};

#[test]
fn bedrock_is_detected_and_all_310_posts_are_listed() {
    let Some(src) = site_common::corpus("bedrock-jekyll") else {
        return;
    };
    let (_d, root) = site_common::copy_repo(&src);
    let s = site::detect(&root).unwrap();
    assert_eq!(s.kind, SiteKind::Jekyll);
    assert_eq!(s.posts_dirs, ["_posts"]);
    assert_eq!(s.drafts_dir.as_deref(), Some("_drafts"));
    assert_eq!(s.file_pattern, "{date}-{slug}.md");
    assert_eq!(s.sources.file_pattern, Source::Detected);
    assert_eq!(s.image_dir_pattern, "images/posts/{post}");
    assert_eq!(s.link_style, LinkStyle::SiteAbsolute);
    assert!(s.config_warning.is_none());

    let posts = index::list(&root, &s);
    let on_disk = std::fs::read_dir(root.join("_posts")).unwrap().count();
    assert_eq!(on_disk, 310);
    assert_eq!(posts.len(), 310);
    let broken: Vec<_> = posts.iter().filter(|p| p.error.is_some()).collect();
    assert!(broken.is_empty(), "{broken:#?}");
    for p in &posts {
        let name = p.path.trim_start_matches("_posts/");
        assert_eq!(p.date.as_deref(), Some(&name[..10]), "{}", p.path);
        assert!(
            !p.title.is_empty() && !p.title.starts_with("20"),
            "{}: {}",
            p.path,
            p.title
        );
    }
    assert!(
        posts.windows(2).all(|w| w[0].date >= w[1].date),
        "newest first"
    );
    let by_path = |p: &str| posts.iter().find(|x| x.path == p).unwrap();
    let newest = &posts[0];
    assert_eq!(newest.path, "_posts/2026-02-06-web-homologation-as-app.md");
    assert_eq!(
        newest.title,
        "Building a Scalable, Multi-Tenant QA Automation Stack at Bedrock Streaming"
    );
    assert_eq!(newest.authors, ["m_bayard"]);
    assert_eq!(
        newest.tags,
        ["bdd", "frontend", "ownership", "playwright", "QA", "web"]
    );
    // A quoted title continued on an unindented line: Jekyll (libyaml) accepts it.
    let p = by_path("_posts/2022-11-15-onboarding-revue-code.md");
    assert_eq!(p.title, "Un onboarding facilité grâce à la revue de code!");
    assert_eq!(p.authors, ["al_deboissieu"]);
    // A post file without an extension.
    let p = by_path("_posts/2023-06-19-ameliorons-ensemble-la-doc-de-postgresql");
    assert_eq!(p.title, "Améliorons ensemble la doc de Postgres");
    // The oldest posts: an author given as a map with a name, a list of three authors.
    let p = by_path("_posts/2012-05-24-lancement-du-blog-technique-dm6web.md");
    assert_eq!(p.title, "Lancement du blog technique d'M6Web");
    assert_eq!(p.authors, ["M6Web"]);
    let p = by_path("_posts/2024-11-12-golab-florence.md");
    assert_eq!(p.authors, ["t_geindre", "k_phan", "j_hardeman"]);
    assert_eq!(p.title, "Insights from Golab Conference 2024, Florence");
}

#[test]
fn bedrock_schema_knows_the_rules_of_contributing_md() {
    let Some(src) = site_common::corpus("bedrock-jekyll") else {
        return;
    };
    let (_d, root) = site_common::copy_repo(&src);
    let s = site::detect(&root).unwrap();
    let sc = schema::infer(&root, &s);
    assert_eq!(sc.posts, 310);
    let f = |n: &str| sc.field(n).unwrap_or_else(|| panic!("no field {n}"));
    assert_eq!(f("layout").default, Some(serde_json::json!("post")));
    let layouts: Vec<&str> = f("layout")
        .values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(layouts, ["post", "video", "conference"]);
    assert_eq!(f("color").field_type, FieldType::Color);
    assert_eq!(
        f("color").default,
        Some(serde_json::json!("rgb(251,87,66)"))
    );
    assert_eq!(f("tags").field_type, FieldType::StringList);
    assert!(f("tags").required && f("title").required && f("author").required);
    assert!(
        !f("color").required,
        "only about half of all posts have a color"
    );
    assert!(f("tags").values.len() > 100);
    assert!(f("tags")
        .values
        .windows(2)
        .all(|w| w[0].count >= w[1].count));
    assert_eq!(f("thumbnail").field_type, FieldType::Image);
    assert_eq!(f("description").field_type, FieldType::Text);
    assert_eq!(f("author").relation.as_deref(), Some("authors"));
    let langs: Vec<&str> = f("language")
        .values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert!(langs.contains(&"en") && langs.contains(&"fr"), "{langs:?}");
    // The fields a new post gets, in the order recent posts write them.
    let new: Vec<&str> = sc
        .fields
        .iter()
        .filter(|f| f.in_new_post)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        new,
        ["layout", "title", "description", "author", "tags", "color"]
    );
    assert_eq!(sc.authors_source.as_deref(), Some("_data/authors.yml"));
    let caron = sc.authors.iter().find(|a| a.id == "a_caron").unwrap();
    assert_eq!(caron.name, "Antoine Caron");
    assert_eq!(caron.avatar.as_deref(), Some("/images/avatar/a_caron.jpeg"));
    assert!(sc.authors.len() > 100);
}

#[test]
fn bedrock_new_post_draft_and_publish() {
    let Some(src) = site_common::corpus("bedrock-jekyll") else {
        return;
    };
    let (_d, root) = site_common::copy_repo(&src);
    let repo = git2::Repository::open(&root).unwrap();
    repo.config()
        .unwrap()
        .set_str("user.name", "Amélie Ferez")
        .unwrap();
    let s = site::detect(&root).unwrap();
    let sc = schema::infer(&root, &s);
    let req = NewPostRequest {
        title: "L’éléphant bleu".into(),
        date: Some("2026-11-28".into()),
        author: None,
        draft: false,
    };
    let plan = newpost::plan(&root, &s, &sc, &req).unwrap();
    assert_eq!(plan.path, "_posts/2026-11-28-l-elephant-bleu.md");
    assert!(!root.join(&plan.path).exists(), "plan writes nothing");
    let made = newpost::create(&root, &s, &sc, &req).unwrap();
    assert_eq!(made.author.as_deref(), Some("a_ferez"));
    let text = std::fs::read_to_string(root.join(&made.path)).unwrap();
    assert_eq!(
        text,
        "---\nlayout: post\ntitle: \"L’éléphant bleu\"\ndescription: \"\"\nauthor: a_ferez\ntags: []\ncolor: rgb(251,87,66)\n---\n\n"
    );
    let posts = index::list(&root, &s);
    assert_eq!(posts.len(), 311);
    let p = posts.iter().find(|p| p.path == made.path).unwrap();
    assert_eq!(
        (p.title.as_str(), p.date.as_deref()),
        ("L’éléphant bleu", Some("2026-11-28"))
    );

    // Never overwrites: the file is unchanged.
    std::fs::write(root.join(&made.path), "mine").unwrap();
    let e = newpost::create(&root, &s, &sc, &req).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert_eq!(
        std::fs::read_to_string(root.join(&made.path)).unwrap(),
        "mine"
    );
    assert!(newpost::plan(&root, &s, &sc, &req).unwrap().exists);

    // Unknown author ids are refused with the file to fix.
    let e = newpost::plan(
        &root,
        &s,
        &sc,
        &NewPostRequest {
            author: Some("nobody".into()),
            ..req.clone()
        },
    )
    .unwrap_err();
    assert!(e.message.contains("_data/authors.yml"), "{}", e.message);

    // Draft, then publish.
    let draft = newpost::create(
        &root,
        &s,
        &sc,
        &NewPostRequest {
            title: "Brouillon d’été".into(),
            draft: true,
            author: Some("a_caron".into()),
            ..req.clone()
        },
    )
    .unwrap();
    assert_eq!(draft.path, "_drafts/brouillon-d-ete.md");
    let listed = index::list(&root, &s);
    assert!(listed.iter().any(|p| p.path == draft.path && p.draft));
    let published = newpost::publish(&root, &s, &draft.path, Some("2026-12-01")).unwrap();
    assert_eq!(published, "_posts/2026-12-01-brouillon-d-ete.md");
    assert!(!root.join(&draft.path).exists());
    let text = std::fs::read_to_string(root.join(&published)).unwrap();
    assert!(text.contains("author: a_caron\n"), "{text}");
}

/// The index's quick reader of plain front matter agrees with the full YAML reader on every
/// Bedrock post it accepts, for the fields the index uses.
#[test]
fn quick_reader_agrees_with_yaml_on_the_corpus() {
    let Some(src) = site_common::corpus("bedrock-jekyll") else {
        return;
    };
    let mut quick = 0;
    for e in std::fs::read_dir(src.join("_posts")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let Some(q) = index::quick_front_matter(&text) else {
            continue;
        };
        quick += 1;
        let full = postdesk_core::frontmatter::read_lenient(&text).unwrap();
        for k in [
            "title",
            "date",
            "author",
            "authors",
            "tags",
            "draft",
            "published",
        ] {
            // The index reads numbers as their text (`tags: [php, 2018]`).
            fn as_text(v: &serde_json::Value) -> serde_json::Value {
                match v {
                    serde_json::Value::Number(n) => serde_json::json!(n.to_string()),
                    serde_json::Value::Array(a) => a.iter().map(as_text).collect(),
                    other => other.clone(),
                }
            }
            let norm = |v: Option<&serde_json::Value>| v.map(as_text);
            assert_eq!(norm(q.get(k)), norm(full.get(k)), "{k} in {text:.200}");
        }
    }
    assert!(quick > 200, "most posts are plain: {quick}");
}
