//! The app's own small settings kept in its data folder: the recently opened blogs.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic;
use crate::error::Result;

const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Prefs {
    /// Absolute paths of blogs, most recent first.
    #[serde(default)]
    pub recent: Vec<String>,
}

impl Prefs {
    fn file(dir: &Path) -> PathBuf {
        dir.join("prefs.json")
    }

    /// Loads the settings; a missing or unreadable file gives the defaults (it is only a
    /// convenience list, never worth refusing to start over).
    pub fn load(dir: &Path) -> Prefs {
        std::fs::read(Self::file(dir))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self).expect("prefs serialize");
        atomic::write(&Self::file(dir), &bytes)
    }

    /// Puts `root` first in the recent list.
    pub fn remember(&mut self, root: &str) {
        self.recent.retain(|r| r != root);
        self.recent.insert(0, root.to_string());
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_most_recent_first_without_duplicates_and_survives_garbage() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(Prefs::load(d.path()), Prefs::default());
        let mut p = Prefs::default();
        p.remember("/a");
        p.remember("/b");
        p.remember("/a");
        p.save(d.path()).unwrap();
        assert_eq!(Prefs::load(d.path()).recent, vec!["/a", "/b"]);
        std::fs::write(d.path().join("prefs.json"), "{not json").unwrap();
        assert_eq!(Prefs::load(d.path()), Prefs::default());
    }
}
