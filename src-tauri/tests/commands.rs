//! The shell's commands through Tauri's mock runtime: real IPC serialization, real core, a
//! throw-away blog and data folder. No display needed.

use std::path::Path;

use postdesk_app::state::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

struct App {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: tauri::WebviewWindow<tauri::test::MockRuntime>,
}

fn app(data_dir: &Path, initial: Option<&Path>) -> App {
    let app = postdesk_app::builder(mock_builder())
        .manage(AppState::new(
            data_dir.to_path_buf(),
            initial.map(Path::to_path_buf),
        ))
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    App { _app: app, window }
}

fn call(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &app.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|r| r.deserialize::<Value>().unwrap())
}

fn blog(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("blog");
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::write(root.join("_config.yml"), "title: t\n").unwrap();
    std::fs::write(
        root.join("_posts/2024-03-01-first.md"),
        "---\ntitle: First post\ntags: [a]\n---\n# Hello\n",
    )
    .unwrap();
    git2::Repository::init(&root).unwrap();
    root
}

#[test]
fn startup_opens_the_blog_given_on_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    let app = app(&tmp.path().join("data"), Some(&root));
    let s = call(&app, "startup", json!({})).unwrap();
    assert_eq!(s["blog"]["name"], "blog");
    assert_eq!(s["blog"]["site"]["kind"], "jekyll");
    assert_eq!(s["error"], Value::Null);
    let posts = call(&app, "list_posts", json!({})).unwrap();
    assert_eq!(posts[0]["title"], "First post");
    assert_eq!(posts[0]["date"], "2024-03-01");
}

#[test]
fn startup_without_argument_creates_and_opens_the_demo_blog_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let app = app(&data, None);
    let s = call(&app, "startup", json!({})).unwrap();
    assert_eq!(s["blog"]["name"], "demo-blog");
    let posts = call(&app, "list_posts", json!({})).unwrap();
    assert!(posts.as_array().unwrap().len() >= 4);
    // The copy is a committed repository with a clean work tree.
    let repo = git2::Repository::open(data.join("demo-blog")).unwrap();
    assert!(repo.statuses(None).unwrap().is_empty());
    // A second start reuses it (an edit made there survives).
    let post = data.join("demo-blog/_posts/2026-08-01-hello-world.md");
    std::fs::write(&post, "edited").unwrap();
    let again = app_again(&data);
    call(&again, "startup", json!({})).unwrap();
    assert_eq!(std::fs::read_to_string(&post).unwrap(), "edited");
}

fn app_again(data: &Path) -> App {
    app(data, None)
}

#[test]
fn startup_reports_a_folder_that_is_not_a_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(&tmp.path().join("data"), Some(tmp.path()));
    let s = call(&app, "startup", json!({})).unwrap();
    assert_eq!(s["blog"], Value::Null);
    assert_eq!(s["error"]["kind"], "not_a_repo");
    assert!(s["error"]["message"]
        .as_str()
        .unwrap()
        .contains("not a Git repository"));
}

#[test]
fn read_save_and_render_go_through_the_core() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    let app = app(&tmp.path().join("data"), Some(&root));
    call(&app, "startup", json!({})).unwrap();
    let post = "_posts/2024-03-01-first.md";
    let f = call(&app, "load_post", json!({ "path": post })).unwrap();
    assert!(f["text"].as_str().unwrap().contains("# Hello"));
    let base = f["hash"].clone();
    let out = call(
        &app,
        "save_post",
        json!({"path": post, "text": "new text", "expected": base}),
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join(post)).unwrap(),
        "new text"
    );
    assert_ne!(out["hash"], base);
    // Saving again against the old hash: the file changed since, so it is refused, unwritten.
    let e = call(
        &app,
        "save_post",
        json!({"path": post, "text": "lost?", "expected": base}),
    )
    .unwrap_err();
    assert_eq!(e["kind"], "conflict");
    assert_eq!(
        std::fs::read_to_string(root.join(post)).unwrap(),
        "new text"
    );
    let text = "---\ntitle: T\n---\n# Title\n\n<script>x()</script>\n\n![a](/images/a.png)\n";
    let r = call(&app, "render_preview", json!({"path": post, "text": text})).unwrap();
    let html = r["html"].as_str().unwrap();
    assert!(
        html.contains("Title") && !html.contains("<script"),
        "{html}"
    );
    assert!(html.contains("images/a.png"), "{html}");
    assert_eq!(r["header"]["title"], "T");

    // The preview's deltas: the whole article first, then only the block that changed.
    let d = call(&app, "preview_delta", json!({"path": post, "text": text})).unwrap();
    assert!(d["base"].is_null());
    assert!(
        d["html"]
            .as_str()
            .unwrap()
            .contains("<h1 data-line=\"4-4\""),
        "{d}"
    );
    let typed = text.replace("# Title", "# Title!");
    let d2 = call(
        &app,
        "preview_delta",
        json!({"path": post, "text": typed, "have": d["version"]}),
    )
    .unwrap();
    assert_eq!(d2["base"], d["version"]);
    assert_eq!(d2["keep_head"], 1, "{d2}");
    assert!(
        d2["html"]
            .as_str()
            .unwrap()
            .starts_with("<h1 data-line=\"4-4\" id=\"title\">Title!</h1>"),
        "{d2}"
    );
    assert!(
        !d2["html"].as_str().unwrap().contains("images/a.png"),
        "{d2}"
    );

    // The editor's changes instead of the text: a paragraph typed at the end.
    let end = typed.encode_utf16().count();
    let d3 = call(
        &app,
        "preview_edit",
        json!({"path": post, "base": d2["version"], "length": end + 14, "edits": [{"from": end, "to": end, "insert": "\nMore *words*\n"}]}),
    )
    .unwrap();
    assert_eq!(d3["base"], d2["version"]);
    assert!(
        d3["html"]
            .as_str()
            .unwrap()
            .ends_with("<p data-line=\"10-10\">More <em>words</em></p>\n"),
        "{d3}"
    );
    // Against a version the preview no longer has: `stale`, and nothing changes.
    let e = call(
        &app,
        "preview_edit",
        json!({"path": post, "base": d2["version"], "edits": [{"from": 0, "to": 0, "insert": "x"}]}),
    )
    .unwrap_err();
    assert_eq!(e["kind"], "stale", "{e}");
}

#[test]
fn errors_cross_as_kind_and_message() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    let app = app(&tmp.path().join("data"), Some(&root));
    let e = call(&app, "list_posts", json!({})).unwrap_err();
    assert_eq!(e["kind"], "no_blog");
    call(&app, "startup", json!({})).unwrap();
    let e = call(
        &app,
        "save_post",
        json!({"path": "../outside.md", "text": "x"}),
    )
    .unwrap_err();
    assert_eq!(e["kind"], "outside_repo");
    assert!(!tmp.path().join("outside.md").exists());
    let e = call(&app, "load_post", json!({"path": "_posts/missing.md"})).unwrap_err();
    assert_eq!(e["kind"], "not_found");
}

#[test]
fn opening_a_blog_remembers_it_in_recent() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    let data = tmp.path().join("data");
    let first = app(&data, Some(&root));
    let info = call(&first, "startup", json!({})).unwrap()["blog"].clone();
    let recent = call(&first, "recent_blogs", json!({})).unwrap();
    assert_eq!(recent[0], info["root"]);
    // Next time, without a command line, the window may reopen it from the recent list.
    let again = app(&data, None);
    let reopened = call(&again, "open_blog", json!({ "path": info["root"] })).unwrap();
    assert_eq!(reopened["root"], info["root"]);
}

/// Trust boundary: the window names a folder to open only from the recent list (the picker
/// is the shell's `choose_blog`). A page that is compromised, or a bug, cannot make the app
/// open, watch and push from a folder of its choosing.
#[test]
fn the_window_cannot_open_a_folder_the_user_never_chose() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let other = blog(elsewhere.path());
    let app = app(&tmp.path().join("data"), Some(&root));
    call(&app, "startup", json!({})).unwrap();
    for path in [
        other.display().to_string(),
        other.join("_posts").display().to_string(),
        "/".to_string(),
        tmp.path().join("nope").display().to_string(),
    ] {
        let e = call(&app, "open_blog", json!({ "path": path })).unwrap_err();
        assert_eq!(e["kind"], "invalid", "{path}: {e}");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("not one of your recent blogs"),
            "{e}"
        );
    }
    // The blog that was open stays open.
    let posts = call(&app, "list_posts", json!({})).unwrap();
    assert_eq!(posts[0]["path"], "_posts/2024-03-01-first.md");
    let recent = call(&app, "recent_blogs", json!({})).unwrap();
    assert_eq!(recent.as_array().unwrap().len(), 1, "{recent}");
}

/// Trust boundary: every command that takes a post's path takes a post's path and nothing
/// else: not Git's own folder (a `receivepack` line in `.git/config` runs a program at the
/// next push), not a configuration file, not a path outside the blog.
#[test]
fn post_commands_reach_posts_only() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    std::fs::create_dir_all(root.join("_drafts")).unwrap();
    let config_before = std::fs::read(root.join(".git/config")).unwrap();
    let app = app(&tmp.path().join("data"), Some(&root));
    call(&app, "startup", json!({})).unwrap();
    let evil = "[remote \"origin\"]\n\treceivepack = id > pwned; git-receive-pack\n";
    type Args<'a> = Box<dyn Fn(&str) -> Value + 'a>;
    let commands: Vec<(&str, Args)> = vec![
        ("load_post", Box::new(|p| json!({ "path": p }))),
        (
            "save_post",
            Box::new(|p| json!({ "path": p, "text": evil })),
        ),
        (
            "journal_record",
            Box::new(|p| json!({ "path": p, "text": evil })),
        ),
        ("journal_discard", Box::new(|p| json!({ "path": p }))),
        (
            "render_preview",
            Box::new(|p| json!({ "path": p, "text": "x" })),
        ),
        (
            "preview_delta",
            Box::new(|p| json!({ "path": p, "text": "x" })),
        ),
        (
            "preview_edit",
            Box::new(|p| json!({ "path": p, "base": 0, "edits": [] })),
        ),
        (
            "check_post",
            Box::new(|p| json!({ "path": p, "text": "x" })),
        ),
        ("git_status", Box::new(|p| json!({ "path": p }))),
        (
            "git_commit",
            Box::new(|p| json!({ "path": p, "options": { "no_branch": true } })),
        ),
        ("publish_draft", Box::new(|p| json!({ "path": p }))),
        (
            "import_images",
            Box::new(|p| json!({ "post": p, "text": "", "files": [] })),
        ),
    ];
    let refused = [
        (".git/config", "outside_repo"),
        ("_posts/../.git/config", "outside_repo"),
        (".GIT/hooks/pre-push", "outside_repo"),
        ("/etc/passwd", "outside_repo"),
        ("../outside.md", "outside_repo"),
        ("_config.yml", "not_a_post"),
        ("Gemfile", "not_a_post"),
        ("_posts/run.sh", "not_a_post"),
        ("_drafts/notes.txt", "not_a_post"),
    ];
    for (cmd, args) in &commands {
        for (path, kind) in refused {
            let e = call(&app, cmd, args(path)).expect_err(&format!("{cmd} {path}"));
            assert_eq!(e["kind"], kind, "{cmd} {path}: {e}");
        }
    }
    assert_eq!(
        std::fs::read(root.join(".git/config")).unwrap(),
        config_before
    );
    assert_eq!(
        std::fs::read_to_string(root.join("_config.yml")).unwrap(),
        "title: t\n"
    );
    assert!(!root.join(".git/hooks/pre-push").exists());
    // A review reads another revision's tree: the path is still a plain relative one.
    for path in ["/etc/passwd", "../x.md", ".git/config"] {
        for cmd in ["review_render", "review_diff"] {
            let e = call(&app, cmd, json!({ "rev": "HEAD", "path": path })).unwrap_err();
            assert_eq!(e["kind"], "outside_repo", "{cmd} {path}: {e}");
        }
    }
    // Posts and drafts themselves still work.
    call(
        &app,
        "load_post",
        json!({ "path": "_posts/2024-03-01-first.md" }),
    )
    .unwrap();
    call(
        &app,
        "save_post",
        json!({ "path": "_drafts/idea.md", "text": "---\ntitle: Idea\n---\n" }),
    )
    .unwrap();
    assert!(root.join("_drafts/idea.md").is_file());
}

/// Trust boundary: a post path written as an absolute path used to be joined onto the root as
/// is (`root.join("/x")` is `/x`), so rendering `![](probe.png)` "in" `/some/dir/post.md`
/// told whether `/some/dir/probe.png` exists.
#[test]
fn an_absolute_post_path_cannot_probe_the_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("probe.png"), b"x").unwrap();
    let app = app(&tmp.path().join("data"), Some(&root));
    call(&app, "startup", json!({})).unwrap();
    let post = outside.path().join("post.md").display().to_string();
    let text = "![a](probe.png)\n";
    for cmd in ["render_preview", "preview_delta", "check_post"] {
        let e = call(&app, cmd, json!({ "path": post, "text": text })).unwrap_err();
        assert_eq!(e["kind"], "outside_repo", "{cmd}: {e}");
    }
}

#[test]
fn front_matter_edits_and_checks_work_on_the_editor_text() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    let app = app(&tmp.path().join("data"), Some(&root));
    call(&app, "startup", json!({})).unwrap();
    let text = "---\ntitle: \"Old\" # keep me\ntags: [a]\n---\nBody\n";
    let v = call(&app, "fm_view", json!({"text": text})).unwrap();
    assert_eq!(v["fields"][0]["key"], "title");
    let t = call(
        &app,
        "fm_set",
        json!({"text": text, "key": "title", "value": "New: \"quoted\""}),
    )
    .unwrap();
    assert_eq!(
        t.as_str().unwrap(),
        "---\ntitle: \"New: \\\"quoted\\\"\" # keep me\ntags: [a]\n---\nBody\n"
    );
    let e = call(
        &app,
        "fm_set_raw",
        json!({"text": text, "key": "tags", "raw": "[a, b"}),
    )
    .unwrap_err();
    assert_eq!(e["kind"], "front_matter");
    let schema = call(&app, "schema", json!({})).unwrap();
    assert_eq!(schema["fields"][0]["name"], "title");
    let findings = call(
        &app,
        "check_post",
        json!({"path": "_posts/2024-03-01-first.md", "text": "---\ntitle: T\n---\n![](/images/nope.png)\n"}),
    )
    .unwrap();
    let rules: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"img-missing"), "{rules:?}");
    assert!(rules.contains(&"img-alt-missing"), "{rules:?}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A writer's whole path through the commands, as the window calls them: identity, a new post,
/// the journal, save, status, commit on `post/<slug>`, push to a real (local) remote, fetch,
/// pull; a reviewer's branch list, changed posts, render and diff; a draft published.
#[test]
fn a_post_goes_from_new_to_pushed_through_the_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    std::fs::create_dir_all(root.join("_drafts")).unwrap();
    git(&root, &["checkout", "-q", "-b", "main"]);
    git(&root, &["add", "-A"]);
    git(
        &root,
        &[
            "-c",
            "user.name=Setup",
            "-c",
            "user.email=s@x.invalid",
            "commit",
            "-qm",
            "start",
        ],
    );
    let bare = tmp.path().join("origin.git");
    git(
        tmp.path(),
        &["init", "-q", "--bare", "-b", "main", bare.to_str().unwrap()],
    );
    let url = format!("file://{}", bare.display());
    git(&root, &["remote", "add", "origin", &url]);
    git(&root, &["push", "-q", "-u", "origin", "main"]);
    git(&root, &["remote", "set-head", "origin", "main"]);

    let app = app(&tmp.path().join("data"), Some(&root));
    call(&app, "startup", json!({})).unwrap();
    let who = call(
        &app,
        "git_set_identity",
        json!({ "name": "Ada Writer", "email": "ada@example.org", "global": false }),
    )
    .unwrap();
    assert_eq!(who["name"], "Ada Writer", "{who}");
    assert_eq!(
        call(&app, "git_identity", json!({})).unwrap()["email"],
        "ada@example.org"
    );

    // A new post, its unsaved text journaled, then saved.
    let req =
        json!({ "request": { "title": "Hello there", "date": "2024-05-01", "draft": false } });
    let plan = call(&app, "plan_post", req.clone()).unwrap();
    assert!(
        !root.join(plan["path"].as_str().unwrap()).exists(),
        "planning writes nothing"
    );
    let made = call(&app, "create_post", req).unwrap();
    let post = made["path"].as_str().unwrap().to_string();
    assert_eq!(post, "_posts/2024-05-01-hello-there.md");
    let loaded = call(&app, "load_post", json!({ "path": post })).unwrap();
    let text = format!("{}\nFirst words.\n", loaded["text"].as_str().unwrap());
    assert_eq!(
        call(
            &app,
            "journal_record",
            json!({ "path": post, "text": text })
        )
        .unwrap(),
        true
    );
    let pending = call(&app, "journal_pending", json!({})).unwrap();
    assert_eq!(pending[0]["path"], post.as_str(), "{pending}");
    assert_eq!(pending[0]["text"], text.as_str());
    call(&app, "journal_discard", json!({ "path": post })).unwrap();
    assert_eq!(call(&app, "journal_pending", json!({})).unwrap(), json!([]));
    call(
        &app,
        "save_post",
        json!({ "path": post, "text": text, "expected": loaded["hash"] }),
    )
    .unwrap();

    // Publish: status, commit on the post's branch, push, then the remote has it.
    let st = call(&app, "git_status", json!({ "path": post })).unwrap();
    assert_eq!(st["state"], "new", "{st}");
    assert_eq!(st["suggested_branch"], "post/hello-there");
    let c = call(
        &app,
        "git_commit",
        json!({ "path": post, "options": { "no_branch": false } }),
    )
    .unwrap();
    assert_eq!(c["branch"], "post/hello-there", "{c}");
    assert_eq!(c["files"], json!([post]));
    assert_eq!(
        git(&root, &["log", "-1", "--format=%an %s"]),
        "Ada Writer Add post: Hello there"
    );
    let branches = call(&app, "git_branches", json!({})).unwrap();
    assert!(
        branches
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["name"] == "post/hello-there"),
        "{branches}"
    );
    let pushed = call(&app, "git_push", json!({ "branch": "post/hello-there" })).unwrap();
    assert_eq!(pushed["branch"], "post/hello-there", "{pushed}");
    assert_eq!(
        git(&bare, &["rev-parse", "post/hello-there"]),
        c["commit"].as_str().unwrap()
    );
    assert_eq!(
        call(&app, "git_status", json!({ "path": post })).unwrap()["state"],
        "pushed"
    );
    call(&app, "git_fetch", json!({})).unwrap();
    let pulled = call(&app, "git_pull", json!({})).unwrap();
    assert_eq!(pulled["state"], "up_to_date", "{pulled}");

    // A reviewer's view of the branch, from Git objects.
    let changed = call(
        &app,
        "review_posts",
        json!({ "rev": "post/hello-there", "base": "main" }),
    )
    .unwrap();
    assert_eq!(changed[0]["path"], post.as_str(), "{changed}");
    assert_eq!(changed[0]["change"], "added");
    let base = call(
        &app,
        "review_merge_base",
        json!({ "rev": "post/hello-there", "base": "main" }),
    )
    .unwrap();
    assert_eq!(base.as_str().unwrap(), git(&root, &["rev-parse", "main"]));
    let seen = call(
        &app,
        "review_render",
        json!({ "rev": "post/hello-there", "path": post }),
    )
    .unwrap();
    assert!(
        seen["rendered"]["html"]
            .as_str()
            .unwrap()
            .contains("First words."),
        "{seen}"
    );
    let diff = call(
        &app,
        "review_diff",
        json!({ "rev": "post/hello-there", "base": "main", "path": post }),
    )
    .unwrap();
    assert!(diff.as_str().unwrap().contains("+First words."), "{diff}");

    // A draft, published into the posts folder.
    let draft = call(
        &app,
        "create_post",
        json!({ "request": { "title": "Idea", "draft": true } }),
    )
    .unwrap();
    let draft_path = draft["path"].as_str().unwrap().to_string();
    assert!(draft_path.starts_with("_drafts/"), "{draft}");
    let published = call(&app, "publish_draft", json!({ "path": draft_path })).unwrap();
    let published = published.as_str().unwrap();
    assert!(
        published.starts_with("_posts/") && published.ends_with("-idea.md"),
        "{published}"
    );
    assert!(!root.join(&draft_path).exists() && root.join(published).is_file());
    let posts = call(&app, "list_posts", json!({})).unwrap();
    assert!(posts
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["path"] == published));
}

/// The small commands: front-matter removal and source edit, the stylesheet, a refused
/// external URL, a pasted image (raw bytes and headers, as the window sends it), cancel.
#[test]
fn the_small_commands_answer_as_the_window_expects() {
    let tmp = tempfile::tempdir().unwrap();
    let root = blog(tmp.path());
    let app = app(&tmp.path().join("data"), Some(&root));
    call(&app, "startup", json!({})).unwrap();
    let text = "---\ntitle: T\ntags: [a]\n---\nBody\n";
    let t = call(&app, "fm_unset", json!({ "text": text, "key": "tags" })).unwrap();
    assert_eq!(t, "---\ntitle: T\n---\nBody\n");
    let t = call(
        &app,
        "fm_set_source",
        json!({ "text": text, "source": "title: New\n" }),
    )
    .unwrap();
    assert_eq!(t, "---\ntitle: New\n---\nBody\n");
    let e = call(
        &app,
        "fm_set_source",
        json!({ "text": text, "source": "title: [x\n" }),
    )
    .unwrap_err();
    assert_eq!(e["kind"], "front_matter", "{e}");
    let css = call(&app, "preview_css", json!({})).unwrap();
    assert!(
        css.as_str().unwrap().contains("prefers-color-scheme"),
        "dark and light"
    );
    for url in ["file:///etc/passwd", "javascript:alert(1)", "ssh://x/y"] {
        let e = call(&app, "open_external", json!({ "url": url })).unwrap_err();
        assert_eq!(e["kind"], "invalid", "{url}: {e}");
    }
    assert_eq!(call(&app, "cancel_import", json!({})).unwrap(), Value::Null);

    // A pasted PNG: written into the post's image folder, Markdown returned.
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, 4, 3);
        enc.set_color(png::ColorType::Rgb);
        enc.write_header()
            .unwrap()
            .write_image_data(&[200; 36])
            .unwrap();
    }
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-post", "_posts/2024-03-01-first.md".parse().unwrap());
    headers.insert("x-name", "image.png".parse().unwrap());
    headers.insert("x-alt", "A%20grey%20square".parse().unwrap());
    let out = get_ipc_response(
        &app.window,
        InvokeRequest {
            cmd: "import_pasted".into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Raw(png),
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|r| r.deserialize::<Value>().unwrap())
    .unwrap();
    let md = out["markdown"].as_str().unwrap_or_default();
    assert!(md.starts_with("![A grey square]("), "{out}");
    let rel = out["repo_rel_path"].as_str().unwrap();
    assert!(rel.starts_with("images/"), "{out}");
    assert!(root.join(rel).is_file(), "{rel}");
}
