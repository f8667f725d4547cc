//! What of a blog's own code its generator runs: what the Site tab of a reviewed branch names
//! before it asks to run anything (a generator runs the blog's code, and a reviewed branch
//! may be a stranger's).

use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::command::{self, Generator};
use crate::config::PreviewConfig;
use crate::error::Result;
use crate::site::Site;

/// The command and the blog's files it will run, for the ask-first prompt.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TrustInfo {
    /// The command, as it will run (the port is chosen when it starts).
    pub command: String,
    pub generator: Generator,
    /// Whether the command itself comes from `.postdesk.toml` (of that revision).
    pub from_config: bool,
    /// Repository-relative files of the blog that run with it, with what they are
    /// (`_plugins/x.rb — Jekyll plugin`).
    pub files: Vec<String>,
    /// The commit these are read from (a reviewed branch's tip), when it is one.
    pub commit: Option<String>,
    /// Whether the reviewer already agreed to run this commit's code.
    pub approved: bool,
}

/// What serving the blog at `root` would run (see [`TrustInfo`]).
pub fn code_that_runs(root: &Path, site: &Site, preview: &PreviewConfig) -> Result<TrustInfo> {
    let plan = command::plan(root, site, preview, 0)?;
    let mut files = Vec::new();
    if plan.from_config {
        files.push(format!(
            "{} — [preview] command: {}",
            crate::config::CONFIG_FILE,
            plan.command
        ));
    }
    let exists = |p: &str| crate::paths::resolve(root, p).is_ok_and(|p| p.exists());
    if let Ok(dir) = crate::paths::resolve(root, "_plugins") {
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut names: Vec<String> = entries
                .flatten()
                .map(|e| {
                    format!(
                        "_plugins/{} — Jekyll plugin",
                        e.file_name().to_string_lossy()
                    )
                })
                .collect();
            names.sort();
            files.extend(names);
        }
    }
    for (f, what) in [
        ("Gemfile", "gems Bundler loads"),
        ("go.mod", "Hugo modules"),
        ("postcss.config.js", "PostCSS configuration (code)"),
        ("postcss.config.cjs", "PostCSS configuration (code)"),
        ("astro.config.mjs", "Astro configuration (code)"),
        ("astro.config.js", "Astro configuration (code)"),
        ("astro.config.ts", "Astro configuration (code)"),
        ("vite.config.js", "Vite configuration (code)"),
        ("vite.config.ts", "Vite configuration (code)"),
    ] {
        if exists(f) {
            files.push(format!("{f} — {what}"));
        }
    }
    if let Ok(p) = crate::paths::resolve(root, "package.json") {
        if let Some(v) = std::fs::read_to_string(p)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        {
            if let Some(scripts) = v["scripts"].as_object() {
                for (name, s) in scripts {
                    if ["dev", "predev", "postdev", "start", "prestart"].contains(&name.as_str()) {
                        files.push(format!(
                            "package.json — script `{name}`: {}",
                            s.as_str().unwrap_or("")
                        ));
                    }
                }
            }
        }
    }
    if plan.generator == Generator::Hugo {
        let cfg = command::hugo_config(root);
        if let Some(m) = cfg.get("module") {
            files.push(format!("Hugo modules: {m}"));
        }
    }
    Ok(TrustInfo {
        command: match &preview.command {
            Some(c) => c.replace("{port}", "N"),
            None => plan
                .argv
                .iter()
                .map(|a| {
                    if a == "0" {
                        "N".into()
                    } else {
                        a.replace(":0/", ":N/")
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        },
        generator: plan.generator,
        from_config: plan.from_config,
        files,
        commit: None,
        approved: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugins_gemfile_and_the_config_command_are_named() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("_config.yml"), "title: t\n").unwrap();
        std::fs::create_dir(d.path().join("_plugins")).unwrap();
        std::fs::write(d.path().join("_plugins/evil.rb"), "system('x')\n").unwrap();
        std::fs::write(d.path().join("Gemfile"), "gem 'jekyll'\n").unwrap();
        let site = crate::site::detect(d.path()).unwrap();
        let t = code_that_runs(d.path(), &site, &PreviewConfig::default()).unwrap();
        assert!(t.command.contains("jekyll serve"), "{}", t.command);
        assert!(t.command.contains("--port N"), "{}", t.command);
        assert!(
            t.files.iter().any(|f| f.starts_with("_plugins/evil.rb")),
            "{:?}",
            t.files
        );
        assert!(
            t.files.iter().any(|f| f.starts_with("Gemfile")),
            "{:?}",
            t.files
        );
        let cfg = crate::config::parse("[preview]\ncommand = \"./serve.sh {port}\"\n")
            .unwrap()
            .preview;
        let t = code_that_runs(d.path(), &site, &cfg).unwrap();
        assert!(t.from_config);
        assert!(t.files[0].contains("./serve.sh"), "{:?}", t.files);
    }
}
