use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::blog::Blog;

#[derive(clap::Args)]
pub struct Args {
    /// The blog's folder (a Git clone).
    pub repo: PathBuf,
    /// Print JSON: kind, posts_dirs, drafts_dir, file_pattern, image_dir_pattern, link_style,
    /// max_image_width, required_fields, description_max, defaults, content_config,
    /// sources (where each setting came from), config_warning and refused_dirs (folders that
    /// lead out of the repository: path, setting, message).
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let blog = Blog::open(&a.repo)?;
    let s = &blog.site;
    if let Some(w) = &s.config_warning {
        eprintln!("postdesk: warning: {w}");
    }
    for r in &s.refused_dirs {
        eprintln!("postdesk: warning: {}", r.message);
    }
    if a.json {
        return crate::output::json(s);
    }
    let src = |v: postdesk_core::site::Source| match v {
        postdesk_core::site::Source::Detected => "detected",
        postdesk_core::site::Source::Default => "default",
        postdesk_core::site::Source::Config => ".postdesk.toml",
    };
    let kind = serde_json::to_value(s.kind).unwrap_or_default();
    let style = serde_json::to_value(s.link_style).unwrap_or_default();
    let kind = kind.as_str().unwrap_or("");
    let style = style.as_str().unwrap_or("");
    println!("kind               {kind:<28} ({})", src(s.sources.kind));
    println!(
        "posts folders      {:<28} ({})",
        s.posts_dirs
            .iter()
            .map(|d| if d.is_empty() { "." } else { d.as_str() })
            .collect::<Vec<_>>()
            .join(", "),
        src(s.sources.posts_dirs)
    );
    if let Some(d) = &s.drafts_dir {
        println!("drafts folder      {d:<28} ({})", src(s.sources.drafts_dir));
    }
    println!(
        "file pattern       {:<28} ({})",
        s.file_pattern,
        src(s.sources.file_pattern)
    );
    println!(
        "image folder       {:<28} ({})",
        s.image_dir_pattern,
        src(s.sources.image_dir_pattern)
    );
    println!(
        "link style         {style:<28} ({})",
        src(s.sources.link_style)
    );
    println!(
        "max image width    {:<28} ({})",
        s.max_image_width,
        src(s.sources.max_image_width)
    );
    for r in &s.refused_dirs {
        let path = if r.path.is_empty() { "." } else { &r.path };
        println!(
            "refused            {path:<28} ({}; not read, see the warning)",
            r.setting
        );
    }
    Ok(ExitCode::SUCCESS)
}
