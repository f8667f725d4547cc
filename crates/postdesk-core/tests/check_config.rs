//! `.postdesk.toml` `[check]`: rule overrides apply; a broken file is a clear error.

mod check_support;

use postdesk_core::check::{self, Severity};
use postdesk_core::{site, ErrorKind};

fn with_config(toml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, root) = check_support::blog();
    std::fs::write(root.join(".postdesk.toml"), toml).unwrap();
    (d, root)
}

const LARGE: &str = "---\nlayout: post\ntitle: T\ndescription: Longer than five\nauthor: ada\ntags: [rust]\ncomments: true\n---\n\n![Noise](/images/posts/test-images/heavy.png)\n\n[x](http://www.rust-lang.org)\n";

#[test]
fn overrides_turn_rules_off_or_change_their_severity() {
    let (_d, root) = with_config(
        "[check]\ndescription_max = 5\n\n[check.rules]\nimg-too-large = \"off\"\nlink-http = \"error\"\n",
    );
    let ctx = check_support::context(&root);
    let f = check::check_text(&ctx, "_posts/2024-03-01-x.md", LARGE);
    assert!(!f.iter().any(|x| x.rule == "img-too-large"), "{f:#?}");
    let http = f.iter().find(|x| x.rule == "link-http").unwrap();
    assert_eq!(http.severity, Severity::Error);
    assert!(
        f.iter().any(|x| x.rule == "fm-description-length"),
        "limit 5 applies: {f:#?}"
    );

    let (_d2, root2) = check_support::blog();
    let ctx2 = check_support::context(&root2);
    let f2 = check::check_text(&ctx2, "_posts/2024-03-01-x.md", LARGE);
    assert!(f2
        .iter()
        .any(|x| x.rule == "img-too-large" && x.severity == Severity::Warning));
}

#[test]
fn a_broken_config_names_file_line_and_key() {
    for (toml, line, needle) in [
        (
            "[check.rules]\n\nimg-too-large = \"loud\"\n",
            "line 3",
            "img-too-large",
        ),
        (
            "[check.rules]\nimg-too-larg = \"off\"\n",
            "line 2",
            "img-too-larg",
        ),
        (
            "[check]\nmax_image_bytes = \"big\"\n",
            "line 2",
            "max_image_bytes",
        ),
        ("[check]\nunknown_key = 1\n", "line 2", "unknown_key"),
        ("[check.rules\nx = 1\n", "line 1", ""),
    ] {
        let (_d, root) = with_config(toml);
        let site = site::detect(&root).unwrap();
        let e = match check::CheckContext::from_repo(&root, &site) {
            Ok(_) => panic!("{toml:?} was accepted"),
            Err(e) => e,
        };
        assert_eq!(e.kind, ErrorKind::Config, "{toml:?}");
        assert!(e.message.contains(".postdesk.toml"), "{}", e.message);
        assert!(e.message.contains(line), "{toml:?}: {}", e.message);
        assert!(e.message.contains(needle), "{toml:?}: {}", e.message);
    }
}
