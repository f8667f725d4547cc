//! Images: served by the app when they exist, or a visible box saying why not (missing,
//! remote, unsupported address).

use super::html::escape;
use super::job::Job;
use super::sanitize::{self, image_url};
use crate::site::SiteKind;

enum ImageSrc {
    Url(String),
    Missing(String),
    Remote(String),
    Blocked(String),
}

impl Job<'_> {
    /// The HTML of an image: `<img>` served by the app, or a visible box saying why not.
    pub(super) fn image(&self, url: &str, alt: &str, title: &str) -> String {
        let url = url.trim();
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(title))
        };
        match self.image_src(url) {
            ImageSrc::Url(src) => format!(
                "<img src=\"{}\" alt=\"{}\"{title_attr} loading=\"lazy\">",
                escape(&src),
                escape(alt)
            ),
            ImageSrc::Missing(path) => format!(
                "<span class=\"pd-missing-image\" role=\"img\" data-path=\"{p}\" title=\"{a}\">Missing image: {p}</span>",
                p = escape(&path),
                a = escape(alt)
            ),
            ImageSrc::Remote(u) => format!(
                "<span class=\"pd-remote-image\" role=\"img\" data-src=\"{u}\" title=\"{a}\">Remote image not loaded: {u}</span>",
                u = escape(&u),
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

    fn image_src(&self, url: &str) -> ImageSrc {
        if sanitize::is_remote(url) {
            let u = if url.starts_with("//") {
                format!("https:{url}")
            } else {
                url.to_string()
            };
            return if self.ctx.allow_remote_images {
                ImageSrc::Url(u)
            } else {
                ImageSrc::Remote(u)
            };
        }
        if url.is_empty() || crate::links::is_external(url) {
            return ImageSrc::Blocked(url.to_string());
        }
        match self.local_image(url) {
            Ok(path) => ImageSrc::Url(image_url(&self.ctx.image_url_prefix, &path)),
            Err(path) => ImageSrc::Missing(path),
        }
    }

    /// The repository path of a local image: relative to the post (bundles, colocated
    /// images), site-absolute from the repository root, or from the folder the site copies
    /// as-is (`static/` for Hugo and Zola, `public/` for Astro). `Err` names the path tried.
    fn local_image(&self, url: &str) -> Result<String, String> {
        let Some(path) = crate::links::resolve(&self.ctx.post_path, url) else {
            return Err(url.to_string());
        };
        if (self.ctx.exists)(&path) {
            return Ok(path);
        }
        let site_absolute = url.trim_start().starts_with('/');
        let alternates: &[&str] = match self.ctx.kind {
            SiteKind::Hugo | SiteKind::Zola => &["static/"],
            SiteKind::Astro => &["public/"],
            _ => &[],
        };
        if site_absolute {
            for a in alternates {
                let p = format!("{a}{path}");
                if (self.ctx.exists)(&p) {
                    return Ok(p);
                }
            }
        }
        Err(path)
    }
}
