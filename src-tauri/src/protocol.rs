//! `postdesk://localhost/<repo-relative path>`: serves the open blog's images to the preview.
//! Only files inside the open repository, only image and media types; everything else is
//! refused with 403/404.

use std::borrow::Cow;

use tauri::http::{Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

pub const SCHEME: &str = "postdesk";

/// The URL prefix of a repository file as the webview loads it (custom schemes are
/// `scheme://localhost` on Linux and macOS, `http://scheme.localhost` on Windows).
pub fn url_prefix() -> &'static str {
    if cfg!(windows) {
        "http://postdesk.localhost/"
    } else {
        "postdesk://localhost/"
    }
}

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let response = match state.blog() {
            Ok(blog) => serve(&blog.root, request.uri().path()),
            Err(_) => status(StatusCode::NOT_FOUND, "no blog is open"),
        };
        responder.respond(response);
    });
}

/// Answers one request path against the repository at `root`: a working-tree file, or with
/// `/@rev/<commit>/<path>` a file read from Git objects (the reviewer's preview of a branch; a
/// Git LFS pointer is served as the picture when the local LFS store has it).
pub fn serve(root: &std::path::Path, uri_path: &str) -> Response<Cow<'static, [u8]>> {
    let rel = percent_decode(uri_path);
    let Some(mime) = media_type(&rel) else {
        return status(StatusCode::FORBIDDEN, "only images and media are served");
    };
    if let Some(rest) = rel.strip_prefix("/@rev/") {
        let Some((commit, path)) = rest.split_once('/') else {
            return status(StatusCode::NOT_FOUND, "no such file in the blog");
        };
        return match postdesk_core::vcs::read_file_at(root, commit, path) {
            Ok(bytes) => ok(mime, bytes),
            Err(e) if e.kind == postdesk_core::ErrorKind::OutsideRepo => {
                status(StatusCode::FORBIDDEN, &e.message)
            }
            // Missing, or a Git LFS picture not downloaded: the message says which.
            Err(e) if e.kind == postdesk_core::ErrorKind::NotFound => {
                status(StatusCode::NOT_FOUND, &e.message)
            }
            Err(_) => status(StatusCode::NOT_FOUND, "no such file at that revision"),
        };
    }
    let abs = match postdesk_core::paths::resolve(root, &rel) {
        Ok(p) => p,
        Err(e) => return status(StatusCode::FORBIDDEN, &e.message),
    };
    // A regular file only: a FIFO or a device named like a picture would block or never end.
    if !std::fs::metadata(&abs).is_ok_and(|m| m.is_file()) {
        return status(StatusCode::NOT_FOUND, "no such file in the blog");
    }
    match std::fs::read(&abs) {
        Ok(bytes) => ok(mime, bytes),
        Err(_) => status(StatusCode::NOT_FOUND, "no such file in the blog"),
    }
}

/// The policy of every response of the scheme: a file opened on its own (an SVG from a branch,
/// say) runs no script and loads nothing (issue 23, finding 5).
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

fn ok(mime: &str, bytes: Vec<u8>) -> Response<Cow<'static, [u8]>> {
    Response::builder()
        .status(StatusCode::OK)
        .header("Content-Type", mime)
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", CSP)
        .body(Cow::Owned(bytes))
        .expect("valid response")
}

fn status(code: StatusCode, msg: &str) -> Response<Cow<'static, [u8]>> {
    Response::builder()
        .status(code)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", CSP)
        .body(Cow::Owned(msg.as_bytes().to_vec()))
        .expect("valid response")
}

fn media_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit('.').next()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        // SVG may carry scripts; the preview iframe cannot run them, and nosniff + this type keep
        // it an image.
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        _ => return None,
    })
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> (tempfile::TempDir, std::path::PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("images/posts/a b")).unwrap();
        std::fs::write(root.join("images/posts/a b/p.png"), b"\x89PNG").unwrap();
        std::fs::write(root.join("secret.md"), b"s").unwrap();
        (d, root)
    }

    #[test]
    fn serves_images_inside_the_repo() {
        let (_d, root) = repo();
        let r = serve(&root, "/images/posts/a%20b/p.png");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["Content-Type"], "image/png");
        assert_eq!(r.body().as_ref(), b"\x89PNG");
    }

    #[test]
    fn every_response_forbids_scripts() {
        let (_d, root) = repo();
        std::fs::write(
            root.join("images/x.svg"),
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        )
        .unwrap();
        for path in [
            "/images/x.svg",
            "/images/posts/a%20b/p.png",
            "/secret.md",
            "/nope.png",
        ] {
            let r = serve(&root, path);
            let csp = r.headers()["Content-Security-Policy"].to_str().unwrap();
            assert!(
                csp.contains("default-src 'none'") && csp.contains("sandbox"),
                "{path}: {csp}"
            );
        }
    }

    /// A branch's picture kept in Git LFS: served from the local LFS store, or 404 saying it
    /// was not downloaded.
    #[test]
    fn serves_lfs_pictures_of_a_revision_from_the_local_store() {
        let (_d, root) = repo();
        let repo = git2::Repository::init(&root).unwrap();
        let oid = "e822ac5cae0d0687606af7d8849a16d522b3bef54c5189d7d17a415dcaa189be";
        let pointer =
            format!("version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 11\n");
        let blob = repo.blob(pointer.as_bytes()).unwrap();
        let mut tb = repo.treebuilder(None).unwrap();
        tb.insert("p.jpg", blob, 0o100644).unwrap();
        let tree = repo.find_tree(tb.write().unwrap()).unwrap();
        let sig = git2::Signature::now("t", "t@example.org").unwrap();
        let commit = repo
            .commit(Some("HEAD"), &sig, &sig, "lfs", &tree, &[])
            .unwrap();
        let url = format!("/@rev/{commit}/p.jpg");
        let r = serve(&root, &url);
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let said = String::from_utf8_lossy(r.body()).into_owned();
        assert!(
            said.contains("stored in Git LFS and not downloaded"),
            "{said}"
        );

        let obj = root.join(".git/lfs/objects/e8/22").join(oid);
        std::fs::create_dir_all(obj.parent().unwrap()).unwrap();
        std::fs::write(&obj, b"\xff\xd8\xffjpegdata").unwrap();
        let r = serve(&root, &url);
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["Content-Type"], "image/jpeg");
        assert_eq!(r.body().as_ref(), b"\xff\xd8\xffjpegdata");
    }

    /// Links: one inside the repository is served as its target; one leading out, one into
    /// `.git` and a dangling one are not; a FIFO named like a picture does not block.
    #[cfg(unix)]
    #[test]
    fn symlinks_are_served_only_inside_the_repository() {
        use std::os::unix::fs::symlink;
        let (_d, root) = repo();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("o.png"), b"outside").unwrap();
        symlink(
            root.join("images/posts/a b/p.png"),
            root.join("images/in.png"),
        )
        .unwrap();
        symlink(outside.path().join("o.png"), root.join("images/out.png")).unwrap();
        symlink(outside.path(), root.join("images/outdir")).unwrap();
        symlink(
            root.join("images/gone.png"),
            root.join("images/dangling.png"),
        )
        .unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/x.png"), b"git").unwrap();
        symlink(root.join(".git"), root.join("images/g")).unwrap();
        let r = serve(&root, "/images/in.png");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.body().as_ref(), b"\x89PNG");
        for (path, code) in [
            ("/images/out.png", StatusCode::FORBIDDEN),
            ("/images/outdir/o.png", StatusCode::FORBIDDEN),
            ("/images/g/x.png", StatusCode::FORBIDDEN),
            ("/.git/x.png", StatusCode::FORBIDDEN),
            ("/images/dangling.png", StatusCode::NOT_FOUND),
        ] {
            let r = serve(&root, path);
            assert_eq!(r.status(), code, "{path}");
            assert!(
                !r.body().starts_with(b"outside") && !r.body().starts_with(b"git"),
                "{path}"
            );
        }
        let fifo = root.join("images/pipe.png");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(
            serve(&root, "/images/pipe.png").status(),
            StatusCode::NOT_FOUND
        );
    }

    #[test]
    fn refuses_traversal_non_media_and_missing() {
        let (_d, root) = repo();
        assert_eq!(
            serve(&root, "/..%2F..%2Fetc%2Fpasswd.png").status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            serve(&root, "/../../etc/x.png").status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(serve(&root, "/secret.md").status(), StatusCode::FORBIDDEN);
        assert_eq!(
            serve(&root, "/images/none.png").status(),
            StatusCode::NOT_FOUND
        );
    }
}
