//! Images: the one resolver of an image address a post writes (Markdown `![](…)`, a figure
//! shortcode, raw HTML's `<img src>`, `srcset`, `poster`… through [`super::sanitize`]), and
//! what is shown for it: an `<img>` served by the app, or a visible box saying why not
//! (missing, remote, unsupported address).
//!
//! Only [`resolve`] makes an address with the app's prefix (`postdesk://localhost/`, or
//! `http://postdesk.localhost/` on Windows), and only from a path inside the repository that
//! the app may serve ([`servable`]): a post cannot name a file above the root, inside `.git`,
//! or at another revision (`@rev/<commit>/…`, the review view's addresses).

use super::html::escape;
use super::job::Job;
use super::sanitize::{self, image_url};
use super::RenderContext;
use crate::site::SiteKind;

/// What an image address of the post resolves to.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ImageSrc {
    /// The address to load: the app's, made from a servable repository path, or a remote one
    /// when remote images are allowed.
    Url(String),
    /// The repository path tried (or the address, when it climbs out of the repository).
    Missing(String),
    /// A remote image, not loaded.
    Remote(String),
    /// An address that is never loaded (another scheme, the app's own, `.git`, a revision).
    Blocked(String),
}

impl Job<'_> {
    /// The HTML of an image: `<img>` served by the app, or a visible box saying why not.
    pub(super) fn image(&self, url: &str, alt: &str, title: &str) -> String {
        image_html(&resolve(self.ctx, url), alt, title)
    }
}

/// The HTML the renderer writes for an image that resolved to `src`.
pub(super) fn image_html(src: &ImageSrc, alt: &str, title: &str) -> String {
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    match src {
        ImageSrc::Url(src) => format!(
            "<img src=\"{}\" alt=\"{}\"{title_attr} loading=\"lazy\">",
            escape(src),
            escape(alt)
        ),
        ImageSrc::Missing(path) => format!(
            "<span class=\"pd-missing-image\" role=\"img\" data-path=\"{p}\" title=\"{a}\">Missing image: {p}</span>",
            p = escape(path),
            a = escape(alt)
        ),
        ImageSrc::Remote(u) => format!(
            "<span class=\"pd-remote-image\" role=\"img\" data-src=\"{u}\" title=\"{a}\">Remote image not loaded: {u}</span>",
            u = escape(u),
            a = escape(alt)
        ),
        ImageSrc::Blocked(u) => {
            let shown: String = u.chars().take(60).collect();
            format!(
                "<span class=\"pd-blocked-image\" role=\"img\" title=\"{a}\">Image not shown (unsupported address): {}</span>",
                escape(&shown),
                a = escape(alt)
            )
        }
    }
}

/// Resolves an image address written in the post at `ctx.post_path`: remote (`http(s):`,
/// `//`) ones are loaded only when allowed and never from the app's own hosts; any other
/// scheme (`postdesk:` included) is blocked; the rest is a repository path ([`local_image`]).
pub(super) fn resolve(ctx: &RenderContext, url: &str) -> ImageSrc {
    let url = url.trim();
    if sanitize::is_remote(url) {
        let u = if url.starts_with("//") {
            format!("https:{url}")
        } else {
            url.to_string()
        };
        return if sanitize::is_app_url(&u) {
            ImageSrc::Blocked(u)
        } else if ctx.allow_remote_images {
            ImageSrc::Url(u)
        } else {
            ImageSrc::Remote(u)
        };
    }
    if url.is_empty() || crate::links::is_external(url) {
        return ImageSrc::Blocked(url.to_string());
    }
    match local_image(ctx, url) {
        Ok(path) => ImageSrc::Url(image_url(&ctx.image_url_prefix, &path)),
        Err(e) => e,
    }
}

/// Whether the app may serve a repository path (as `links::resolve` makes them: no `..`, no
/// empty segment): not inside `.git` (nor its Windows spellings: `.GIT`, `.git.`, `GIT~1`),
/// not starting with `@rev`, which the app's scheme reads as a revision.
pub(super) fn servable(path: &str) -> bool {
    if path.split('/').next().is_some_and(|s| s == "@rev") {
        return false;
    }
    !path.split('/').any(|seg| {
        let s = seg.trim_end_matches(['.', ' ']).as_bytes();
        seg == ".."
            || s.eq_ignore_ascii_case(b".git")
            || (s.len() > 4
                && s[..4].eq_ignore_ascii_case(b"git~")
                && s[4..].iter().all(u8::is_ascii_digit))
    })
}

/// The repository path of a local image: relative to the post (bundles, colocated images),
/// site-absolute from the repository root, or from the folder the site copies as-is
/// (`static/` for Hugo and Zola, `public/` for Astro). `Err`: missing (the path tried), or
/// blocked (not [`servable`]).
fn local_image(ctx: &RenderContext, url: &str) -> Result<String, ImageSrc> {
    let Some(path) = crate::links::resolve(&ctx.post_path, url) else {
        return Err(ImageSrc::Missing(url.to_string()));
    };
    if !servable(&path) {
        return Err(ImageSrc::Blocked(url.to_string()));
    }
    if (ctx.exists)(&path) {
        return Ok(path);
    }
    let site_absolute = url.trim_start().starts_with('/');
    let alternates: &[&str] = match ctx.kind {
        SiteKind::Hugo | SiteKind::Zola => &["static/"],
        SiteKind::Astro => &["public/"],
        _ => &[],
    };
    if site_absolute {
        for a in alternates {
            let p = format!("{a}{path}");
            if (ctx.exists)(&p) {
                return Ok(p);
            }
        }
    }
    Err(ImageSrc::Missing(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servable_paths() {
        for ok in [
            "images/a.png",
            "a/@rev/b.png",
            "a/.github/x.png",
            "git~x/a.png",
            "@revx/a.png",
        ] {
            assert!(servable(ok), "{ok}");
        }
        for bad in [
            "@rev/HEAD/a.png",
            ".git/a.png",
            "a/.GIT/b.png",
            ".git./a.png",
            ".git /a.png",
            "GIT~1/a.png",
            "a/../b.png",
        ] {
            assert!(!servable(bad), "{bad}");
        }
    }
}
