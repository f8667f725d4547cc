//! `postdesk check` as CI runs it: exit codes, text, JSON and GitHub Actions output.

use std::path::Path;
use std::process::{Command, Output};

fn postdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

const GOOD: &str = "---\nlayout: post\ntitle: Good\ndescription: Fine.\nauthor: ada\ntags: [rust]\n---\n\n## Intro\n\nSee [the other post](/2024/01/02/other.html#intro).\n";
const BAD: &str = "---\nlayout: post\ntitle: Bad\ndescription: \"100% wrong\"\nauthor: nobody\ntags: [rust]\n---\n\n## Intro\n\n![](/images/none.png)\n\n#### Skipped\n\n```\nnever closed\n";

/// A Jekyll blog in `dir` with two good posts.
fn blog(dir: &Path) {
    std::fs::create_dir_all(dir.join("_posts")).unwrap();
    std::fs::create_dir_all(dir.join("_data")).unwrap();
    std::fs::write(dir.join("_config.yml"), "title: T\n").unwrap();
    std::fs::write(dir.join("_data/authors.yml"), "ada:\n  name: Ada\n").unwrap();
    std::fs::write(dir.join("_posts/2024-01-01-good.md"), GOOD).unwrap();
    std::fs::write(dir.join("_posts/2024-01-02-other.md"), GOOD).unwrap();
}

fn git(root: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(root)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn a_clean_blog_exits_0_with_a_summary() {
    let d = tempfile::tempdir().unwrap();
    blog(d.path());
    let o = postdesk(&[d.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o).trim_end(),
        "2 posts and 0 images checked: 0 errors, 0 warnings, 0 notices"
    );
}

#[test]
fn errors_exit_1_in_text_json_and_github_formats() {
    let d = tempfile::tempdir().unwrap();
    blog(d.path());
    std::fs::write(d.path().join("_posts/2024-01-03-a,b:c.md"), BAD).unwrap();
    let root = d.path().to_str().unwrap();

    let o = postdesk(&[root]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("_posts/2024-01-03-a,b:c.md:5: error [fm-author-unknown] author `nobody`"),
        "{text}"
    );
    assert!(text.contains("[md-unclosed-fence]") && text.contains("[md-heading-skip]"));

    // JSON: the report's stable field names.
    let o = postdesk(&[root, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for k in [
        "findings",
        "posts_checked",
        "images_checked",
        "errors",
        "warnings",
        "notices",
    ] {
        assert!(v.get(k).is_some(), "{k}");
    }
    let f = &v["findings"][0];
    let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["column", "field", "line", "message", "path", "rule", "severity"]
    );
    assert_eq!(
        postdesk(&[root, "--json"]).stdout,
        o.stdout,
        "--json is --format json"
    );

    // GitHub workflow commands: `::severity file=…,line=…[,col=…],title=rule::message`,
    // with `%`, CR, LF escaped in the message and also `:` and `,` in properties.
    let o = postdesk(&[root, "--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), v["findings"].as_array().unwrap().len());
    for l in &lines {
        let (head, msg) = l[2..].split_once("::").unwrap();
        let (sev, props) = head.split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&sev), "{l}");
        let names: Vec<&str> = props
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert!(
            names == ["file", "line", "title"]
                || names == ["file", "line", "col", "title"]
                || names == ["file", "title"],
            "{l}"
        );
        assert!(
            props.starts_with("file=_posts/2024-01-03-a%2Cb%3Ac.md,"),
            "{l}"
        );
        assert!(!msg.contains('\n') && !msg.contains('\r'));
    }
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::error file=_posts/2024-01-03-a%2Cb%3Ac.md,line=5,title=fm-author-unknown::author `nobody`"
        )),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::error file=_posts/2024-01-03-a%2Cb%3Ac.md,line=15,col=1,title=md-unclosed-fence::"
        )),
        "{out}"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("3 posts and 0 images checked"));

    // One path only.
    let o = postdesk(&[root, "_posts/2024-01-01-good.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn percent_in_messages_is_escaped() {
    let d = tempfile::tempdir().unwrap();
    blog(d.path());
    std::fs::write(
        d.path().join("_posts/2024-01-04-pct.md"),
        GOOD.replace("(/2024/01/02/other.html#intro)", "(#100%25-sure)"),
    )
    .unwrap();
    let o = postdesk(&[d.path().to_str().unwrap(), "--format", "github"]);
    let out = stdout(&o);
    let l = out
        .lines()
        .find(|l| l.contains("link-anchor-missing"))
        .unwrap();
    assert!(
        l.contains("`#100%25-sure`"),
        "the decoded `%` is written %25: {l}"
    );
}

#[test]
fn usage_and_config_errors_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let o = postdesk(&[d.path().join("nope").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no folder"));

    blog(d.path());
    std::fs::write(
        d.path().join(".postdesk.toml"),
        "[check.rules]\nimg-gps = \"maybe\"\n",
    )
    .unwrap();
    let o = postdesk(&[d.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(".postdesk.toml line 2") && err.contains("img-gps"),
        "{err}"
    );

    let o = postdesk(&[d.path().to_str().unwrap(), "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn changed_since_reports_only_the_branch_s_post_with_repo_relative_annotations() {
    let d = tempfile::tempdir().unwrap();
    // The blog lives in a subfolder of the repository: annotations name `site/_posts/…`.
    let site = d.path().join("site");
    blog(&site);
    std::fs::write(site.join("_posts/2023-12-01-old-bad.md"), BAD).unwrap();
    git(d.path(), &["init", "-q", "-b", "main"]);
    git(d.path(), &["add", "-A"]);
    git(d.path(), &["commit", "-qm", "blog"]);
    git(d.path(), &["checkout", "-qb", "post"]);
    std::fs::write(
        site.join("_posts/2024-02-01-new.md"),
        BAD.replace("title: Bad", "title: New"),
    )
    .unwrap();
    git(d.path(), &["add", "-A"]);
    git(d.path(), &["commit", "-qm", "new post"]);

    let s = site.to_str().unwrap();
    let o = postdesk(&[s, "--changed-since", "main", "--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(!out.is_empty());
    for l in out.lines() {
        assert!(l.contains(" file=site/_posts/2024-02-01-new.md,"), "{l}");
    }
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("1 post and"));

    // Nothing changed on main itself: nothing to check, exit 0 although old posts have errors.
    git(d.path(), &["checkout", "-q", "main"]);
    let o = postdesk(&[s, "--changed-since", "main"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = postdesk(&[s, "--changed-since", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("fetch-depth: 0"));
}
