// Generated from the Rust types by ts-rs (postdesk-core/src/bindings.rs). Do not edit.

export type Error = { kind: ErrorKind, message: string, };

export type ErrorKind = "not_found" | "not_a_repo" | "no_posts" | "outside_repo" | "io" | "front_matter" | "config" | "image" | "git" | "conflict" | "invalid";

export type BlogInfo = { 
/**
 * Absolute path of the repository's working tree.
 */
root: string, 
/**
 * The folder's name, shown in the title bar.
 */
name: string, site: Site, };

export type PostFile = { 
/**
 * Repository-relative path.
 */
path: string, text: string, };

export type Site = { kind: SiteKind, 
/**
 * Repository-relative folders that hold posts.
 */
posts_dirs: Array<string>, 
/**
 * Repository-relative folder of drafts, if the site has one.
 */
drafts_dir: string | null, 
/**
 * File name pattern of a new post, e.g. `{date}-{slug}.md` or `{slug}/index.md`.
 */
file_pattern: string, 
/**
 * Folder where a post's images go, e.g. `images/posts/{post}` or `{post_dir}`.
 */
image_dir_pattern: string, link_style: LinkStyle, 
/**
 * Widest an imported image may be, in pixels.
 */
max_image_width: number, };

export type SiteKind = "jekyll" | "astro" | "hugo" | "zola" | "generic";

export type LinkStyle = "site_absolute" | "relative";

export type PostSummary = { 
/**
 * Repository-relative path, forward slashes.
 */
path: string, title: string, 
/**
 * `YYYY-MM-DD`, from the front matter, else from the file name.
 */
date: string | null, authors: Array<string>, tags: Array<string>, draft: boolean, 
/**
 * Why the post could not be read, if it could not.
 */
error: string | null, };

export type Format = "yaml" | "toml";
