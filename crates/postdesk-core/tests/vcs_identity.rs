//! Reading and setting the Git identity (user.name / user.email), locally and globally.
//!
//! HOME and the global config are process-wide, so this file holds a single test function and
//! points them at a temp folder before anything touches Git.

use std::path::Path;
use std::process::Command;

use postdesk_core::vcs::{self, CommitOptions, Identity};
use postdesk_core::ErrorKind;

fn git(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
    )
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (success, out) = git(dir, args);
    assert!(success, "git {args:?} failed");
    out
}

fn none() -> Identity {
    Identity {
        name: None,
        email: None,
    }
}

#[test]
fn identity_is_read_set_locally_and_globally_and_required_to_commit() {
    // Before any libgit2 call of this process: an empty home, no global .gitconfig at all.
    let home = tempfile::tempdir().unwrap();
    let home_path = home.path().canonicalize().unwrap();
    let gitconfig = home_path.join(".gitconfig");
    std::env::set_var("HOME", &home_path);
    std::env::set_var("XDG_CONFIG_HOME", home_path.join(".config"));
    std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
    // No GIT_CONFIG_GLOBAL: the global file must be found through $HOME.
    for v in [
        "GIT_CONFIG_GLOBAL",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ] {
        std::env::remove_var(v);
    }

    let d = tempfile::tempdir().unwrap();
    let root = d.path().canonicalize().unwrap();
    ok(&root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join("_config.yml"), "title: x\n").unwrap();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    let post = "_posts/2024-01-01-first.md";
    std::fs::write(root.join(post), "---\ntitle: First\n---\nHi\n").unwrap();
    let site = postdesk_core::site::detect(&root).unwrap();

    // Nobody yet: reading works, committing is refused with the identity kind.
    assert_eq!(vcs::identity(&root).unwrap(), none());
    let e = vcs::commit_post(&root, &site, post, &CommitOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Identity, "{}", e.message);
    assert!(e.message.contains("your name and email"), "{}", e.message);
    assert_eq!(
        serde_json::to_value(&e).unwrap()["kind"],
        serde_json::json!("identity")
    );
    // An empty value counts as unset.
    ok(&root, &["config", "user.name", ""]);
    assert_eq!(vcs::identity(&root).unwrap(), none());
    ok(&root, &["config", "--unset", "user.name"]);

    // Invalid input is refused and nothing is written.
    for (name, email) in [
        ("", "ada@example.com"),
        ("Ada", "ada.example.com"),
        ("Ada\nLovelace", "ada@example.com"),
        ("Ada", "ada@example.com\nx"),
        ("   ", "   "),
    ] {
        for global in [false, true] {
            let e = vcs::set_identity(&root, name, email, global).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Invalid, "{name:?} {email:?}");
            assert!(!e.message.is_empty());
        }
    }
    assert!(
        !gitconfig.exists(),
        "a refused global identity wrote a file"
    );
    assert_eq!(vcs::identity(&root).unwrap(), none());

    // Global: creates ~/.gitconfig; both the repository and `git` see it; trimmed.
    let got = vcs::set_identity(&root, "  Ada Lovelace ", " ada@example.com ", true).unwrap();
    assert_eq!(got, vcs::identity(&root).unwrap());
    assert_eq!(
        got,
        Identity {
            name: Some("Ada Lovelace".into()),
            email: Some("ada@example.com".into()),
        }
    );
    assert!(gitconfig.is_file());
    let text = std::fs::read_to_string(&gitconfig).unwrap();
    assert!(
        text.contains("Ada Lovelace") && text.contains("ada@example.com"),
        "{text}"
    );
    assert_eq!(
        ok(&root, &["config", "--global", "user.name"]),
        "Ada Lovelace"
    );
    assert_eq!(ok(&root, &["config", "user.email"]), "ada@example.com");
    assert!(!git(&root, &["config", "--local", "user.email"]).0);

    // Local: overrides the global one for this repository only; global file unchanged.
    let got = vcs::set_identity(&root, "Ada (blog)", "ada@blog.example", false).unwrap();
    assert_eq!(
        got,
        Identity {
            name: Some("Ada (blog)".into()),
            email: Some("ada@blog.example".into()),
        }
    );
    assert_eq!(ok(&root, &["config", "--local", "user.name"]), "Ada (blog)");
    assert_eq!(std::fs::read_to_string(&gitconfig).unwrap(), text);
    // Setting the global one again does not hide the local one.
    let got = vcs::set_identity(&root, "Ada L.", "ada@l.example", true).unwrap();
    assert_eq!(got.name.as_deref(), Some("Ada (blog)"));
    assert_eq!(ok(&root, &["config", "--global", "user.name"]), "Ada L.");

    // Committing now records the local identity.
    let out = vcs::commit_post(&root, &site, post, &CommitOptions::default()).unwrap();
    assert_eq!(
        ok(&root, &["log", "-1", "--format=%an <%ae>", &out.commit]),
        "Ada (blog) <ada@blog.example>"
    );

    // Not a repository: a clear error, not a panic.
    let plain = tempfile::tempdir().unwrap();
    let e = vcs::identity(plain.path()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotARepo);
}
