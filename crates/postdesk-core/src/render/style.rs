//! The preview stylesheet: article typography close to a blog's, the placeholders of blog
//! syntax, missing and remote image boxes, math and mermaid placeholders, and the code
//! highlighting themes. Used by `postdesk render --full`; the desktop UI may use it as is.

/// The preview's CSS (light by default, dark with `prefers-color-scheme: dark` or
/// `<html data-theme="dark">`).
pub fn preview_css() -> String {
    let mut css = String::from(BASE);
    css.push_str(&super::highlight_css());
    css
}

const BASE: &str = r#"/* Postdesk preview */
:root { color-scheme: light dark; --pd-fg: #1f2328; --pd-bg: #ffffff; --pd-muted: #59636e; --pd-border: #d1d9e0; --pd-soft: #f6f8fa; --pd-accent: #0969da; --pd-warn-bg: #fff8c5; --pd-warn-fg: #7d4e00; --pd-bad-bg: #ffebe9; --pd-bad-fg: #a40e26; }
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) { --pd-fg: #e6edf3; --pd-bg: #0d1117; --pd-muted: #9198a1; --pd-border: #3d444d; --pd-soft: #151b23; --pd-accent: #4493f8; --pd-warn-bg: #3a2d00; --pd-warn-fg: #f0c000; --pd-bad-bg: #3c0d12; --pd-bad-fg: #ff9492; } }
:root[data-theme="dark"] { --pd-fg: #e6edf3; --pd-bg: #0d1117; --pd-muted: #9198a1; --pd-border: #3d444d; --pd-soft: #151b23; --pd-accent: #4493f8; --pd-warn-bg: #3a2d00; --pd-warn-fg: #f0c000; --pd-bad-bg: #3c0d12; --pd-bad-fg: #ff9492; }
body { margin: 0; background: var(--pd-bg); color: var(--pd-fg); font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.pd-article { max-width: 46rem; margin: 0 auto; padding: 1.5rem; overflow-wrap: break-word; }
.pd-article a { color: var(--pd-accent); }
.pd-article img { max-width: 100%; height: auto; }
.pd-article h1, .pd-article h2, .pd-article h3, .pd-article h4 { line-height: 1.25; margin: 1.6em 0 .6em; }
.pd-article blockquote { margin: 1em 0; padding: 0 1em; color: var(--pd-muted); border-left: .25em solid var(--pd-border); }
.pd-article table { border-collapse: collapse; display: block; overflow-x: auto; }
.pd-article th, .pd-article td { border: 1px solid var(--pd-border); padding: .3em .7em; }
.pd-article code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--pd-soft); padding: .1em .3em; border-radius: 4px; }
.pd-article pre { background: var(--pd-soft); padding: 1em; overflow-x: auto; border-radius: 6px; line-height: 1.45; }
.pd-article pre code { background: none; padding: 0; }
.pd-article li > input[type="checkbox"] { margin-right: .4em; }
.pd-article figure { margin: 1.5em 0; text-align: center; }
.pd-article figcaption { color: var(--pd-muted); font-size: .9em; }
.pd-article .footnote-definition, .pd-article .footnotes { font-size: .9em; color: var(--pd-muted); }
.pd-article .footnotes { border-top: 1px solid var(--pd-border); margin-top: 2em; }
.pd-article .markdown-alert-note, .pd-article .markdown-alert-tip, .pd-article .markdown-alert-important, .pd-article .markdown-alert-warning, .pd-article .markdown-alert-caution { border-left-color: var(--pd-accent); }
.pd-post-header { margin-bottom: 2rem; }
.pd-post-header .pd-thumbnail { display: block; width: 100%; max-height: 22rem; object-fit: cover; border-radius: 8px; }
.pd-post-header .pd-title { margin: .8em 0 .2em; font-size: 2.2em; }
.pd-post-header .pd-description { color: var(--pd-muted); font-size: 1.15em; margin: 0 0 .5em; }
.pd-post-header .pd-byline { color: var(--pd-muted); font-size: .95em; margin: 0; }
.pd-placeholder { display: inline-block; font: .85em ui-monospace, monospace; color: var(--pd-warn-fg); background: var(--pd-warn-bg); border: 1px dashed currentColor; border-radius: 4px; padding: .05em .4em; }
div.pd-placeholder { display: block; margin: 1em 0; padding: .6em 1em; }
div.pd-placeholder::before { content: attr(title); display: block; opacity: .7; font-size: .85em; }
.pd-missing-image, .pd-remote-image, .pd-blocked-image, .pd-article img:not([src]) { display: inline-block; min-width: 12rem; min-height: 3rem; padding: .8em 1em; border: 2px dashed var(--pd-bad-fg); color: var(--pd-bad-fg); background: var(--pd-bad-bg); border-radius: 6px; font-size: .9em; }
.pd-remote-image { border-color: var(--pd-muted); color: var(--pd-muted); background: var(--pd-soft); }
.pd-embed { display: flex; align-items: center; justify-content: center; aspect-ratio: 16 / 9; max-width: 100%; margin: 1em 0; background: #000; color: #fff; border-radius: 8px; cursor: pointer; font-size: .95em; }
.pd-embed-blocked { cursor: default; background: var(--pd-soft); color: var(--pd-muted); aspect-ratio: auto; padding: 1em; }
.pd-math { font-family: "KaTeX_Main", "Times New Roman", serif; }
.pd-math-display { display: block; text-align: center; margin: 1em 0; font-family: "KaTeX_Main", "Times New Roman", serif; }
.pd-mermaid { background: var(--pd-soft); }
.pd-toc { background: var(--pd-soft); border-radius: 6px; padding: .5em 1em; }
"#;
