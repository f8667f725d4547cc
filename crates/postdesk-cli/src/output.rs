//! Printing results: JSON for tools, plain text for people.

use std::process::ExitCode;

use serde::Serialize;

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: Serialize>(value: &T) -> postdesk_core::Result<ExitCode> {
    let s = serde_json::to_string_pretty(value)
        .map_err(|e| postdesk_core::Error::invalid(e.to_string()))?;
    println!("{s}");
    Ok(ExitCode::SUCCESS)
}
