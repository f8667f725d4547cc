//! One module per subcommand: its arguments and a `run` that calls the core.

pub mod commit;
pub mod posts;
pub mod push;
pub mod review;
pub mod status;
