//! One module per subcommand: its arguments and a `run` that calls the core.

pub mod posts;
pub mod render;
