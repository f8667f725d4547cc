//! YAML front matter: locating fields with saphyr's event parser (spans), and writing values
//! in the style of the value they replace.

mod entries;
mod events;
mod patch;
mod quoting;
mod render;
mod scan;

pub(crate) use entries::entries;
pub(crate) use patch::{raw_patch, set_patch};
