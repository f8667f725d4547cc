//! One module per subcommand: its arguments and a `run` that calls the core.

pub mod check;
pub mod fm;
pub mod new;
pub mod image;
pub mod posts;
pub mod schema;
pub mod site;
