//! Which command serves a blog, detected from its files or set in `[preview]` of
//! `.postdesk.toml`.
//!
//! | site   | command (drafts and future posts shown, 127.0.0.1 only)                                   |
//! |--------|---------------------------------------------------------------------------------------------|
//! | Jekyll | `bundle exec jekyll serve` when there is a `Gemfile` and Bundler, else `jekyll serve`; `--drafts --future --unpublished --host 127.0.0.1 --port N` |
//! | Hugo   | `hugo server -D -F -E --bind 127.0.0.1 --port N --baseURL http://127.0.0.1:N/<base path> --appendPort=false --noHTTPCache` |
//! | Zola   | `zola serve --interface 127.0.0.1 --port N --drafts`                                        |
//! | Astro  | `npm run dev -- --host 127.0.0.1 --port N` when `package.json` has a `dev` script, else `npx astro dev --host 127.0.0.1 --port N` |
//!
//! `[preview] command = "…"` replaces the detected command; it runs through `sh -c` at the
//! repository's root, `{port}` replaced by the chosen port (or `port = N`, when the command
//! has a fixed one).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::config::PreviewConfig;
use crate::error::{Error, Result};
use crate::site::{Site, SiteKind};

/// The generator a command runs (`custom`: `[preview] command`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Generator {
    Jekyll,
    Hugo,
    Zola,
    Astro,
    Custom,
}

/// How a blog's site is served.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Plan {
    pub generator: Generator,
    /// The program and its arguments, as run (a `[preview] command` is `sh -c COMMAND`).
    pub argv: Vec<String>,
    /// The command as the writer would type it.
    pub command: String,
    pub port: u16,
    /// The site's root on the server: `http://127.0.0.1:PORT` and the site's base path
    /// (Jekyll's `baseurl`, the path of Hugo's `baseURL`), ending in `/`.
    pub base_url: String,
    /// Whether the command comes from `[preview]` of `.postdesk.toml`.
    pub from_config: bool,
}

/// The command that serves the blog at `root` on `port` (a free one: [`free_port`]).
pub fn plan(root: &Path, site: &Site, cfg: &PreviewConfig, port: u16) -> Result<Plan> {
    if let Some(c) = &cfg.command {
        let port = if c.contains("{port}") {
            port
        } else {
            cfg.port.unwrap_or(port)
        };
        let command = c.replace("{port}", &port.to_string());
        return Ok(Plan {
            generator: Generator::Custom,
            argv: vec!["sh".into(), "-c".into(), command.clone()],
            command,
            port,
            base_url: format!("http://127.0.0.1:{port}/"),
            from_config: true,
        });
    }
    let p = port.to_string();
    let (generator, argv, base): (Generator, Vec<String>, String) = match site.kind {
        SiteKind::Jekyll => {
            let bundler = root.join("Gemfile").is_file() && find_program("bundle").is_some();
            let mut argv: Vec<String> = if bundler {
                vec!["bundle".into(), "exec".into(), "jekyll".into()]
            } else {
                vec!["jekyll".into()]
            };
            argv.extend(
                [
                    "serve",
                    "--drafts",
                    "--future",
                    "--unpublished",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    &p,
                ]
                .map(String::from),
            );
            let base = jekyll_config(root)
                .get("baseurl")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            (Generator::Jekyll, argv, base)
        }
        SiteKind::Hugo => {
            let base = hugo_base_path(root);
            let base_url = format!("http://127.0.0.1:{port}/{}", base.trim_matches('/'));
            let base_url = format!("{}/", base_url.trim_end_matches('/'));
            let argv = [
                "hugo",
                "server",
                "-D",
                "-F",
                "-E",
                "--bind",
                "127.0.0.1",
                "--port",
                &p,
                "--baseURL",
                &base_url,
                "--appendPort=false",
                "--noHTTPCache",
            ]
            .map(String::from)
            .to_vec();
            (Generator::Hugo, argv, base)
        }
        SiteKind::Zola => (
            Generator::Zola,
            [
                "zola",
                "serve",
                "--interface",
                "127.0.0.1",
                "--port",
                &p,
                "--drafts",
            ]
            .map(String::from)
            .to_vec(),
            String::new(),
        ),
        SiteKind::Astro => {
            let has_dev = std::fs::read_to_string(root.join("package.json"))
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .is_some_and(|v| v["scripts"]["dev"].is_string());
            let mut argv: Vec<String> = if has_dev {
                ["npm", "run", "dev", "--"].map(String::from).to_vec()
            } else {
                ["npx", "astro", "dev"].map(String::from).to_vec()
            };
            argv.extend(["--host", "127.0.0.1", "--port", &p].map(String::from));
            (Generator::Astro, argv, String::new())
        }
        SiteKind::Generic => {
            return Err(Error::not_found(
                "Postdesk does not know this blog's generator (no Jekyll, Hugo, Zola or Astro configuration). Set the command that serves it in .postdesk.toml: [preview] command = \"… --port {port}\". The fast preview keeps working.",
            ))
        }
    };
    let base = base.trim_matches('/');
    let base_url = if base.is_empty() {
        format!("http://127.0.0.1:{port}/")
    } else {
        format!("http://127.0.0.1:{port}/{base}/")
    };
    Ok(Plan {
        generator,
        command: shown(&argv),
        argv,
        port,
        base_url,
        from_config: false,
    })
}

/// A port of 127.0.0.1 that is free now (the system picks it).
pub fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind(("127.0.0.1", 0))
        .map_err(|e| Error::new(crate::ErrorKind::Io, format!("no free local port: {e}")))?;
    Ok(l.local_addr()
        .map_err(|e| Error::new(crate::ErrorKind::Io, format!("no free local port: {e}")))?
        .port())
}

/// The program of `plan`, checked to be installed; else an error that says what to install.
pub fn check_installed(plan: &Plan) -> Result<()> {
    let program = match plan.generator {
        // `sh -c "jekyll serve …"`: the command's first word.
        Generator::Custom => plan
            .command
            .split_whitespace()
            .find(|w| !w.contains('='))
            .unwrap_or("sh")
            .to_string(),
        _ => plan.argv[0].clone(),
    };
    if find_program(&program).is_some() || program.contains('/') {
        return Ok(());
    }
    Err(Error::not_found(missing_message(&program, plan.generator)))
}

/// "`jekyll` is not installed: …": what to install, in a sentence.
pub fn missing_message(program: &str, generator: Generator) -> String {
    let how = match program {
        "jekyll" => "install it with `sudo apt install jekyll` (Debian, Ubuntu) or `gem install jekyll`".to_string(),
        "hugo" => "install it with `sudo apt install hugo` (Debian, Ubuntu), or see gohugo.io/installation".to_string(),
        "zola" => "install it from getzola.org/documentation/getting-started/installation (e.g. `snap install zola`)".to_string(),
        "npm" | "npx" => "install Node.js and npm (`sudo apt install npm`), then run `npm install` in the blog's folder".to_string(),
        "bundle" => "install Bundler (`sudo apt install ruby-bundler`), then run `bundle install` in the blog's folder".to_string(),
        other if generator == Generator::Custom => format!(
            "install it, or change `command` in [preview] of .postdesk.toml (`{other}` is not on PATH)"
        ),
        other => format!("install `{other}`"),
    };
    format!("`{program}` is not installed, so the site cannot be previewed: {how}. The fast preview keeps working.")
}

/// The full path of `program` on `PATH`.
pub fn find_program(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// The argv as a shell line (arguments with spaces or quotes quoted).
fn shown(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"$\\".contains(c)) {
                format!("'{}'", a.replace('\'', "'\\''"))
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Jekyll's `_config.yml` (or `_config.yaml`) as JSON; empty when absent or malformed (the
/// generator then says what is wrong).
pub fn jekyll_config(root: &Path) -> Map<String, Value> {
    ["_config.yml", "_config.yaml"]
        .iter()
        .find_map(|n| crate::paths::resolve(root, n).ok().filter(|p| p.is_file()))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| yaml_map(&t))
        .unwrap_or_default()
}

/// Hugo's site configuration (`hugo.toml|yaml|json`, `config.*`, `config/_default/`), its
/// keys lower-cased (Hugo's keys are case-insensitive).
pub fn hugo_config(root: &Path) -> Map<String, Value> {
    let names = ["hugo", "config"]
        .iter()
        .flat_map(|n| {
            ["toml", "yaml", "yml", "json"]
                .iter()
                .map(move |e| format!("{n}.{e}"))
        })
        .chain(
            ["hugo", "config"]
                .iter()
                .flat_map(|n| ["toml", "yaml", "yml"].map(|e| format!("config/_default/{n}.{e}"))),
        );
    for name in names {
        let Some(text) = crate::paths::resolve(root, &name)
            .ok()
            .filter(|p| p.is_file())
            .and_then(|p| std::fs::read_to_string(p).ok())
        else {
            continue;
        };
        let map = if name.ends_with(".toml") {
            toml::from_str::<toml::Table>(&text)
                .ok()
                .and_then(|t| serde_json::to_value(t).ok())
                .and_then(|v| v.as_object().cloned())
        } else if name.ends_with(".json") {
            serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| v.as_object().cloned())
        } else {
            yaml_map(&text)
        };
        if let Some(m) = map {
            return lower_keys(m);
        }
    }
    Map::new()
}

fn lower_keys(m: Map<String, Value>) -> Map<String, Value> {
    m.into_iter()
        .map(|(k, v)| {
            let v = match v {
                Value::Object(o) => Value::Object(lower_keys(o)),
                v => v,
            };
            (k.to_lowercase(), v)
        })
        .collect()
}

/// The path part of Hugo's `baseURL` (`blog` of `https://example.org/blog/`).
fn hugo_base_path(root: &Path) -> String {
    let cfg = hugo_config(root);
    let base = cfg.get("baseurl").and_then(Value::as_str).unwrap_or("");
    let path = match base.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map(|(_, p)| p).unwrap_or(""),
        None => base,
    };
    path.trim_matches('/').to_string()
}

pub(crate) fn yaml_map(text: &str) -> Option<Map<String, Value>> {
    use saphyr::LoadableYamlNode;
    let docs = saphyr::Yaml::load_from_str(text).ok()?;
    match crate::frontmatter::yaml_to_json(docs.first()?) {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_at(root: &Path) -> Site {
        crate::site::detect(root).unwrap()
    }

    #[test]
    fn jekyll_serves_drafts_and_future_posts_on_localhost_under_its_baseurl() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("_config.yml"), "baseurl: /blog\n").unwrap();
        std::fs::create_dir(d.path().join("_posts")).unwrap();
        let p = plan(
            d.path(),
            &site_at(d.path()),
            &PreviewConfig::default(),
            4321,
        )
        .unwrap();
        assert_eq!(p.generator, Generator::Jekyll);
        assert_eq!(
            p.command,
            "jekyll serve --drafts --future --unpublished --host 127.0.0.1 --port 4321"
        );
        assert_eq!(p.base_url, "http://127.0.0.1:4321/blog/");
        assert!(!p.from_config);
    }

    #[test]
    fn jekyll_with_a_gemfile_runs_through_bundler_when_bundler_is_there() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("_config.yml"), "title: t\n").unwrap();
        std::fs::write(d.path().join("Gemfile"), "gem 'jekyll'\n").unwrap();
        let p = plan(
            d.path(),
            &site_at(d.path()),
            &PreviewConfig::default(),
            4000,
        )
        .unwrap();
        if find_program("bundle").is_some() {
            assert!(
                p.command.starts_with("bundle exec jekyll serve "),
                "{}",
                p.command
            );
        } else {
            assert!(p.command.starts_with("jekyll serve "), "{}", p.command);
        }
    }

    #[test]
    fn hugo_zola_and_astro_commands() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("hugo.toml"),
            "baseURL = 'https://example.org/notes/'\n",
        )
        .unwrap();
        std::fs::create_dir_all(d.path().join("content/posts")).unwrap();
        let p = plan(
            d.path(),
            &site_at(d.path()),
            &PreviewConfig::default(),
            1400,
        )
        .unwrap();
        assert_eq!(p.generator, Generator::Hugo);
        assert_eq!(
            p.command,
            "hugo server -D -F -E --bind 127.0.0.1 --port 1400 --baseURL http://127.0.0.1:1400/notes/ --appendPort=false --noHTTPCache"
        );
        assert_eq!(p.base_url, "http://127.0.0.1:1400/notes/");

        let z = tempfile::tempdir().unwrap();
        std::fs::write(
            z.path().join("config.toml"),
            "base_url = \"https://x.org\"\n",
        )
        .unwrap();
        let p = plan(
            z.path(),
            &site_at(z.path()),
            &PreviewConfig::default(),
            1111,
        )
        .unwrap();
        assert_eq!(
            p.command,
            "zola serve --interface 127.0.0.1 --port 1111 --drafts"
        );

        let a = tempfile::tempdir().unwrap();
        std::fs::write(a.path().join("astro.config.mjs"), "export default {}\n").unwrap();
        std::fs::write(
            a.path().join("package.json"),
            r#"{"scripts":{"dev":"astro dev"}}"#,
        )
        .unwrap();
        let p = plan(
            a.path(),
            &site_at(a.path()),
            &PreviewConfig::default(),
            2222,
        )
        .unwrap();
        assert_eq!(p.command, "npm run dev -- --host 127.0.0.1 --port 2222");
    }

    #[test]
    fn the_config_command_replaces_the_detected_one() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("_config.yml"), "title: t\n").unwrap();
        let cfg = crate::config::parse(
            "[preview]\ncommand = \"make serve PORT={port}\"\nurl = \"/p/{slug}/\"\n",
        )
        .unwrap()
        .preview;
        let p = plan(d.path(), &site_at(d.path()), &cfg, 5000).unwrap();
        assert_eq!(p.generator, Generator::Custom);
        assert_eq!(p.argv, ["sh", "-c", "make serve PORT=5000"]);
        assert_eq!(p.base_url, "http://127.0.0.1:5000/");
        assert!(p.from_config);
        let fixed = crate::config::parse("[preview]\ncommand = \"make serve\"\nport = 8080\n")
            .unwrap()
            .preview;
        let p = plan(d.path(), &site_at(d.path()), &fixed, 5000).unwrap();
        assert_eq!(p.port, 8080);
        assert_eq!(p.base_url, "http://127.0.0.1:8080/");
    }

    #[test]
    fn a_missing_generator_says_what_to_install() {
        let plan = Plan {
            generator: Generator::Zola,
            argv: vec!["postdesk-no-such-generator".into()],
            command: "postdesk-no-such-generator serve".into(),
            port: 1,
            base_url: String::new(),
            from_config: false,
        };
        let e = check_installed(&plan).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::NotFound);
        assert!(
            e.message
                .starts_with("`postdesk-no-such-generator` is not installed"),
            "{}",
            e.message
        );
        let m = missing_message("jekyll", Generator::Jekyll);
        assert!(m.contains("sudo apt install jekyll"), "{m}");
        let m = missing_message("zola", Generator::Zola);
        assert!(m.contains("getzola.org"), "{m}");
    }

    #[test]
    fn a_free_port_is_free() {
        let p = free_port().unwrap();
        assert!(std::net::TcpListener::bind(("127.0.0.1", p)).is_ok());
    }
}
