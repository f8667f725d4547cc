//! One module per subcommand: its arguments and a `run` that calls the core.

pub mod check;
pub mod fm;
pub mod image;
pub mod new;
pub mod posts;
pub mod render;
pub mod schema;
pub mod site;
