//! Code highlighting in Rust with classed spans (`pd-hl-…`), styled by [`highlight_css`] for a
//! light and a dark theme.
//!
//! syntect 5 (MIT) with its `default-fancy` features: the Sublime Text grammars bundled with
//! syntect and the pure-Rust `fancy-regex` engine, so no C toolchain is needed. Grammars load
//! lazily on first use (call [`warm_up`] on a background thread at start-up so the first code
//! block never waits for it). Highlighted blocks are cached per (language, hash of the code), so
//! re-rendering while the writer types only highlights the block being edited.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex};

use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "pd-hl-" };
/// Blocks above this size are shown without colours (highlighting would take too long).
const MAX_HIGHLIGHT_BYTES: usize = 128 * 1024;
const MAX_LINE_BYTES: usize = 4 * 1024;
/// The cache is emptied when it holds more than this many bytes of HTML.
const MAX_CACHE_BYTES: usize = 16 * 1024 * 1024;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

struct Cache {
    map: HashMap<(String, u64), Arc<str>>,
    bytes: usize,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| {
    Mutex::new(Cache {
        map: HashMap::new(),
        bytes: 0,
    })
});

/// Loads the grammars now (about 10–90 ms once), instead of on the first code block.
pub fn warm_up() {
    let ss = &*SYNTAXES;
    if let Some(s) = ss.find_syntax_by_token("rust") {
        let _ = classed(s, ss, "fn main() {}\n");
    }
}

/// Maps the names writers use to a grammar of the default set.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let ss = &*SYNTAXES;
    let l = lang.to_ascii_lowercase();
    let alias = match l.as_str() {
        "ts" | "typescript" | "tsx" | "jsx" | "mjs" | "cjs" | "javascript" | "node" => "js",
        "shell" | "console" | "zsh" | "shell-session" | "sh" | "bash" => "bash",
        "vue" | "svelte" | "astro" | "html+jinja" | "liquid" | "xhtml" => "html",
        "yml" => "yaml",
        "golang" => "go",
        "py" | "python3" => "python",
        "rb" => "ruby",
        "c++" | "hpp" => "cpp",
        "c#" | "csharp" => "cs",
        "jsonc" | "json5" => "json",
        "dockerfile" | "docker" | "apache" | "nginx" | "ini" | "toml" | "conf" | "prometheus" => {
            return None
        }
        "text" | "txt" | "plain" | "plaintext" => return None,
        other => other,
    };
    ss.find_syntax_by_token(alias)
}

fn classed(syntax: &SyntaxReference, ss: &SyntaxSet, code: &str) -> Option<String> {
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// The inner HTML of `<code>` for `code` in `lang`: classed spans, or just escaped text for
/// an unknown language or a block too big to colour.
pub fn highlight(lang: &str, code: &str) -> Arc<str> {
    if lang.is_empty()
        || code.len() > MAX_HIGHLIGHT_BYTES
        || code.lines().any(|l| l.len() > MAX_LINE_BYTES)
    {
        return escape(code).into();
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    code.hash(&mut h);
    let key = (lang.to_string(), h.finish());
    if let Some(hit) = CACHE.lock().ok().and_then(|c| c.map.get(&key).cloned()) {
        return hit;
    }
    let html: Arc<str> = match syntax_for(lang).and_then(|s| classed(s, &SYNTAXES, code)) {
        Some(h) => h.into(),
        None => escape(code).into(),
    };
    if let Ok(mut c) = CACHE.lock() {
        if c.bytes + html.len() > MAX_CACHE_BYTES {
            c.map.clear();
            c.bytes = 0;
        }
        c.bytes += html.len();
        c.map.insert(key, html.clone());
    }
    html
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    pulldown_cmark_escape::escape_html_body_text(&mut out, s).ok();
    out
}

/// The stylesheet of highlighted code: `InspiredGitHub` (light) by default, `base16-ocean.dark`
/// when the system is dark (unless `<html data-theme="light">`) or with `<html data-theme="dark">`.
pub fn highlight_css() -> String {
    static CSS: LazyLock<String> = LazyLock::new(|| {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], CLASS_STYLE)
            .unwrap_or_default();
        let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], CLASS_STYLE)
            .unwrap_or_default();
        let mut css = String::from("/* Code highlighting (syntect themes, MIT) */\n");
        css.push_str(&light);
        css.push_str("\n@media (prefers-color-scheme: dark) {\n");
        css.push_str(&prefix_selectors(
            &dark,
            ":root:not([data-theme=\"light\"])",
        ));
        css.push_str("}\n");
        css.push_str(&prefix_selectors(&dark, ":root[data-theme=\"dark\"]"));
        css
    });
    CSS.clone()
}

/// Prefixes every selector of a flat stylesheet (no nested blocks) with `prefix`.
fn prefix_selectors(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut in_comment = false;
    for line in css.lines() {
        let t = line.trim_start();
        if t.starts_with("/*") {
            in_comment = !t.contains("*/");
            continue;
        }
        if in_comment {
            in_comment = !t.contains("*/");
            continue;
        }
        if let Some(sel) = line.strip_suffix(" {") {
            let prefixed: Vec<String> = sel
                .split(", ")
                .map(|s| format!("{prefix} {}", s.trim()))
                .collect();
            out.push_str(&prefixed.join(", "));
            out.push_str(" {\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes_and_escapes_unknown() {
        let h = highlight("rust", "fn main() { let a = \"<b>\"; }\n");
        assert!(h.contains("<span class=\"pd-hl-"), "{h}");
        assert!(h.contains("&lt;b&gt;"), "{h}");
        assert!(!h.contains("<b>"));
        let plain = highlight("no-such-language", "<x>\n");
        assert_eq!(&*plain, "&lt;x&gt;\n");
        // Same input: the cached Arc is returned.
        let again = highlight("rust", "fn main() { let a = \"<b>\"; }\n");
        assert!(Arc::ptr_eq(&h, &again));
        assert!(highlight("ts", "const a: number = 1;\n").contains("pd-hl-"));
    }

    #[test]
    fn css_has_light_and_dark_rules() {
        let css = highlight_css();
        assert!(css.contains(".pd-hl-code {"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert!(css.contains(":root[data-theme=\"dark\"] .pd-hl-"));
    }
}
