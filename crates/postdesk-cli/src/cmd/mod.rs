//! One module per subcommand: its arguments and a `run` that calls the core.

pub mod check;
pub mod commit;
pub mod fm;
pub mod image;
pub mod new;
pub mod posts;
pub mod pull;
pub mod push;
pub mod render;
pub mod review;
pub mod schema;
pub mod serve;
pub mod site;
pub mod status;
pub mod update;
