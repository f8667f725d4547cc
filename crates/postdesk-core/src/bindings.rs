//! TypeScript declarations of every core type that crosses to the UI, generated from the Rust
//! types with ts-rs into one file, `ui/src/lib/bindings/core.ts`. A test fails when that file
//! is stale; `make bindings` (or `UPDATE_BINDINGS=1 cargo test bindings`) rewrites it.

use ts_rs::TS;

macro_rules! declarations {
    ($($t:ty),* $(,)?) => {
        /// The generated TypeScript, one `export type` per type.
        pub fn typescript() -> String {
            // 64-bit integers are sizes and counts here: plain JSON numbers, not bigint.
            let cfg = ts_rs::Config::new().with_large_int("number");
            let mut out = String::from(
                "// Generated from the Rust types by ts-rs (postdesk-core/src/bindings.rs). Do not edit.\n",
            );
            $(
                out.push_str("\nexport ");
                out.push_str(&<$t as TS>::decl(&cfg));
                out.push('\n');
            )*
            out
        }
    };
}

declarations![
    crate::error::Error,
    crate::error::ErrorKind,
    crate::blog::BlogInfo,
    crate::blog::PostFile,
    crate::site::Site,
    crate::site::SiteKind,
    crate::site::LinkStyle,
    crate::site::Source,
    crate::site::SiteSources,
    crate::schema::Schema,
    crate::schema::Field,
    crate::schema::FieldType,
    crate::schema::FieldSource,
    crate::schema::ValueCount,
    crate::schema::Author,
    crate::newpost::NewPostRequest,
    crate::newpost::NewPostPlan,
    crate::media::ImportOptions,
    crate::media::Destination,
    crate::media::ImportProgress,
    crate::media::ImportOutcome,
    crate::render::Rendered,
    crate::render::PostHeader,
    crate::render::Heading,
    crate::render::delta::PreviewDelta,
    crate::render::live::TextEdit,
    crate::save::Loaded,
    crate::save::SaveOutcome,
    crate::save::LineEnding,
    crate::journal::JournalEntry,
    crate::journal::Recovered,
    crate::watch::Change,
    crate::vcs::CommitOptions,
    crate::vcs::CommitOutcome,
    crate::vcs::Identity,
    crate::vcs::PushOutcome,
    crate::vcs::PushStatus,
    crate::vcs::PullOutcome,
    crate::vcs::PullState,
    crate::vcs::FetchOutcome,
    crate::vcs::PostStatus,
    crate::vcs::PostState,
    crate::vcs::PostFileState,
    crate::vcs::FileState,
    crate::vcs::FileRole,
    crate::vcs::status::RefusedFile,
    crate::vcs::status::RefusedReason,
    crate::vcs::BranchInfo,
    crate::vcs::ChangedPost,
    crate::vcs::ChangeKind,
    crate::vcs::merge::HunkKind,
    crate::vcs::merge::MergeHunk,
    crate::vcs::merge::FieldMerge,
    crate::vcs::merge::TextMerge,
    crate::vcs::merge::MergeKind,
    crate::vcs::merge::Side,
    crate::vcs::merge::MergeConflict,
    crate::vcs::merge::MergeState,
    crate::vcs::merge::FinishOutcome,
    crate::vcs::merge::UpdateHow,
    crate::vcs::merge::BaseStatus,
    crate::vcs::merge::UpdateState,
    crate::vcs::merge::UpdateOutcome,
    crate::check::Finding,
    crate::check::Severity,
    crate::check::Report,
    crate::check::RuleInfo,
    crate::check::RuleLevel,
    crate::index::PostSummary,
    crate::frontmatter::Format,
    crate::frontmatter::FrontMatterView,
    crate::frontmatter::FieldView,
    crate::frontmatter::FmError,
    crate::frontmatter::ValueStyle,
    serde_json::Value,
    crate::links::Link,
    crate::links::LinkKind,
    crate::sitepreview::Generator,
    crate::sitepreview::Plan,
    crate::sitepreview::SiteState,
    crate::sitepreview::SiteStatus,
    crate::sitepreview::server::SiteLog,
    crate::sitepreview::server::PageUrl,
    crate::sitepreview::TrustInfo,
];

/// Compares (or, with `UPDATE_BINDINGS=1`, writes) a generated file. Shared with the shell.
pub fn check_or_update(path: &std::path::Path, generated: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        crate::atomic::write(path, generated.as_bytes()).map_err(|e| e.message)?;
        return Ok(());
    }
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current == generated {
        Ok(())
    } else {
        Err(format!(
            "{} is stale: the Rust types changed. Run `make bindings` and commit the result.",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ui_bindings_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui/src/lib/bindings/core.ts");
        if let Err(e) = super::check_or_update(&path, &super::typescript()) {
            panic!("{e}");
        }
    }
}
