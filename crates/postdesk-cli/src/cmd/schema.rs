use std::path::PathBuf;
use std::process::ExitCode;

use postdesk_core::workspace::Workspace;

#[derive(clap::Args)]
pub struct Args {
    /// The blog's folder (a Git clone).
    pub repo: PathBuf,
    /// Print the whole schema as JSON (fields with type, frequency, required, values…; authors).
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> postdesk_core::Result<ExitCode> {
    let ws = Workspace::open(&a.repo)?;
    let schema = ws.schema();
    let schema: &postdesk_core::schema::Schema = &schema;
    if a.json {
        return crate::output::json(&schema);
    }
    println!("{} posts read", schema.posts);
    for f in &schema.fields {
        let t = serde_json::to_value(f.field_type).unwrap_or_default();
        println!(
            "{:<20} {:<12} {:>5.1}%{}{}",
            f.name,
            t.as_str().unwrap_or(""),
            f.frequency * 100.0,
            if f.required { "  required" } else { "" },
            f.default
                .as_ref()
                .map(|d| format!("  default {d}"))
                .unwrap_or_default()
        );
    }
    if let Some(src) = &schema.authors_source {
        println!("{} authors in {src}", schema.authors.len());
    }
    Ok(ExitCode::SUCCESS)
}
