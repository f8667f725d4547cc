//! TypeScript declarations of the shell's own IPC types, in `ui/src/lib/bindings/app.ts`
//! (the core's are in `core.ts`). A test fails when the file is stale.

use ts_rs::TS;

pub fn typescript() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit.\n\
         import type { BlogInfo, Change, ErrorKind, ImportProgress, Rendered } from \"./core\";\n",
    );
    for decl in [
        crate::error::Error::decl(&cfg),
        crate::error::IpcErrorKind::decl(&cfg),
        crate::error::AppErrorKind::decl(&cfg),
        crate::commands::Startup::decl(&cfg),
        crate::commands::git::ReviewedPost::decl(&cfg),
    ] {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push_str(&crate::events::typescript(&cfg));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ui_bindings_are_fresh() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings/app.ts");
        if let Err(e) = postdesk_core::bindings::check_or_update(&path, &super::typescript()) {
            panic!("{e}");
        }
    }
}
