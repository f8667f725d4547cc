//! Crash recovery: the text of unsaved buffers, journaled every few seconds so that a crash, a
//! `kill -9` or a dead battery loses at most the last few seconds of typing.
//!
//! One append-only log per buffer (repository + post), in `<data_dir>/journal/`. Each record is
//! `"PDJ1"`, the payload's length (u32, little-endian), the payload's SHA-256, then the payload
//! (JSON: repo, path, text, base hash, time). Reading stops at the first record that is
//! incomplete or fails its checksum — a record torn by a kill is ignored and the one before it
//! is used — and the next append first cuts that torn tail off. A log is rewritten (atomically)
//! down to its last record when it would exceed four times that record or [`MAX_RECORDS`]
//! records, so it never grows without bound. Saving a post drops its log ([`Journal::saved`]):
//! the journal never holds text that was saved.

use std::collections::HashMap;
use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::{atomic, paths, save};

const MAGIC: &[u8; 4] = b"PDJ1";
const HEADER: usize = 4 + 4 + 32;
/// A log is compacted to its last record before it holds more records than this.
pub const MAX_RECORDS: usize = 64;
/// ... or before it grows beyond this many times the size of its newest record.
pub const MAX_GROWTH: u64 = 4;

/// One unsaved buffer, as the UI sends it every few seconds while the buffer is dirty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct JournalEntry {
    /// Absolute path of the repository's working tree (`BlogInfo.root`).
    pub repo: String,
    /// Repository-relative path of the post.
    pub path: String,
    /// The whole buffer, front matter included, as the editor has it (`\n` line breaks).
    pub text: String,
    /// Hash of the file on disk the buffer was loaded from or last saved to (`Loaded.hash`);
    /// `None` for a post not yet saved.
    pub base_hash: Option<String>,
}

/// A buffer found in the journal at start-up, to offer back to the writer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Recovered {
    pub repo: String,
    pub path: String,
    pub text: String,
    pub base_hash: Option<String>,
    /// The file on disk is no longer the version the buffer was based on (edited elsewhere,
    /// another branch checked out, or deleted): show a comparison before restoring.
    pub disk_text_now_differs: bool,
    /// The file is not on disk at all (deleted, renamed, other branch, or never saved).
    pub disk_missing: bool,
    /// When the text was journaled, RFC 3339 (UTC).
    pub journaled_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    repo: String,
    path: String,
    text: String,
    base_hash: Option<String>,
    at: String,
}

#[derive(Debug, Clone)]
struct LogState {
    records: usize,
    len: u64,
    /// Hash of the last record's text and base, to skip journaling the same text twice.
    last: String,
}

/// The journal of one app instance. Methods take `&self` and are safe to call from any thread.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    logs: Mutex<HashMap<String, LogState>>,
}

impl Journal {
    /// Opens (creating it when missing) the journal in `<data_dir>/journal/`.
    pub fn open(data_dir: &Path) -> Result<Journal> {
        let dir = data_dir.join("journal");
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        make_private(&dir)?;
        // Temporary files a killed compaction left: the log they would have replaced is intact.
        // Removed whatever their age (the folder is the app's own; a second instance compacting
        // at this very moment would get an error and retry at its next record, losing nothing).
        atomic::clean_temps_older_than(&dir, std::time::Duration::ZERO);
        Ok(Journal {
            dir,
            logs: Mutex::new(HashMap::new()),
        })
    }

    /// The folder holding the logs (readable by its owner only).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn log_path(&self, repo: &str, path: &str) -> PathBuf {
        let id = save::hash_bytes(format!("{repo}\0{path}").as_bytes());
        self.dir.join(format!("{}.log", &id[..32]))
    }

    /// Journals a buffer's current text, durably (flushed to disk) before returning. Returns
    /// false when the text is the one journaled last (nothing written).
    pub fn record(&self, entry: &JournalEntry) -> Result<bool> {
        let file = self.log_path(&entry.repo, &entry.path);
        let last = save::hash_bytes(
            format!(
                "{}\0{}",
                entry.base_hash.as_deref().unwrap_or(""),
                entry.text
            )
            .as_bytes(),
        );
        let mut logs = self.logs.lock().unwrap_or_else(|p| p.into_inner());
        let state = match logs.get(&file.display().to_string()) {
            Some(s) => Some(s.clone()),
            None => self.adopt(&file)?,
        };
        if state.as_ref().is_some_and(|s| s.last == last) {
            return Ok(false);
        }
        let rec = encode(&Record {
            repo: entry.repo.clone(),
            path: entry.path.clone(),
            text: entry.text.clone(),
            base_hash: entry.base_hash.clone(),
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        })?;
        let rec_len = rec.len() as u64;
        let new_state = match state {
            Some(s) if s.records < MAX_RECORDS && s.len + rec_len <= MAX_GROWTH * rec_len => {
                let mut f = fs::OpenOptions::new()
                    .write(true)
                    .open(&file)
                    .map_err(|e| Error::io(&file, e))?;
                f.seek(SeekFrom::Start(s.len))
                    .and_then(|_| f.write_all(&rec))
                    .and_then(|_| f.sync_data())
                    .map_err(|e| Error::io(&file, e))?;
                LogState {
                    records: s.records + 1,
                    len: s.len + rec_len,
                    last,
                }
            }
            _ => {
                // New log, or compaction: the log becomes this one record, atomically.
                atomic::write(&file, &rec)?;
                private_file(&file)?;
                LogState {
                    records: 1,
                    len: rec_len,
                    last,
                }
            }
        };
        logs.insert(file.display().to_string(), new_state);
        Ok(true)
    }

    /// Reads an existing log written by an earlier run: cuts a torn tail off so appends follow
    /// the last good record.
    fn adopt(&self, file: &Path) -> Result<Option<LogState>> {
        let bytes = match fs::read(file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(file, e)),
        };
        let (records, good_len) = read_records(&bytes);
        let Some(last) = records.last() else {
            return Ok(None); // nothing usable: the next record rewrites it
        };
        if good_len < bytes.len() {
            let f = fs::OpenOptions::new()
                .write(true)
                .open(file)
                .map_err(|e| Error::io(file, e))?;
            f.set_len(good_len as u64)
                .and_then(|_| f.sync_data())
                .map_err(|e| Error::io(file, e))?;
        }
        Ok(Some(LogState {
            records: records.len(),
            len: good_len as u64,
            last: save::hash_bytes(
                format!("{}\0{}", last.base_hash.as_deref().unwrap_or(""), last.text).as_bytes(),
            ),
        }))
    }

    /// The buffer was saved (or closed clean): its log is deleted.
    pub fn saved(&self, repo: &str, path: &str) -> Result<()> {
        let file = self.log_path(repo, path);
        self.logs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&file.display().to_string());
        match fs::remove_file(&file) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io(&file, e)),
        }
    }

    /// The writer chose not to restore a recovered buffer: forgotten.
    pub fn discard(&self, repo: &str, path: &str) -> Result<()> {
        self.saved(repo, path)
    }

    /// Buffers left unsaved by an earlier run (call at start-up, before journaling anew),
    /// newest first. A log whose text is what the file on disk holds now (saved, but the app
    /// died before dropping the log) is deleted instead of offered; an unreadable one is skipped.
    pub fn pending(&self) -> Result<Vec<Recovered>> {
        let entries = fs::read_dir(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let mut out = Vec::new();
        for e in entries.flatten() {
            let file = e.path();
            if file.extension().and_then(|x| x.to_str()) != Some("log") {
                continue;
            }
            let Ok(bytes) = fs::read(&file) else { continue };
            let (records, _) = read_records(&bytes);
            let Some(r) = records.into_iter().next_back() else {
                continue;
            };
            let disk = paths::resolve(Path::new(&r.repo), &r.path)
                .ok()
                .and_then(|p| fs::read(&p).ok());
            let disk_hash = disk.as_deref().map(save::hash_bytes);
            if let Some(bytes) = &disk {
                if save::decode(Path::new(&r.path), bytes).is_ok_and(|l| l.text == r.text) {
                    let _ = fs::remove_file(&file);
                    continue;
                }
            }
            out.push(Recovered {
                disk_text_now_differs: disk_hash != r.base_hash,
                disk_missing: disk.is_none(),
                repo: r.repo,
                path: r.path,
                text: r.text,
                base_hash: r.base_hash,
                journaled_at: r.at,
            });
        }
        out.sort_by(|a, b| b.journaled_at.cmp(&a.journaled_at));
        Ok(out)
    }
}

fn encode(r: &Record) -> Result<Vec<u8>> {
    let payload = serde_json::to_vec(r)
        .map_err(|e| Error::invalid(format!("cannot journal {}: {e}", r.path)))?;
    let len = u32::try_from(payload.len())
        .map_err(|_| Error::invalid(format!("{} is too large to journal", r.path)))?;
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&Sha256::digest(&payload));
    out.extend_from_slice(&payload);
    Ok(out)
}

/// The records of a log up to the first torn or corrupt one, and the length they span.
fn read_records(bytes: &[u8]) -> (Vec<Record>, usize) {
    let mut out = Vec::new();
    let mut pos = 0;
    while bytes.len() - pos >= HEADER && &bytes[pos..pos + 4] == MAGIC {
        let mut len = [0u8; 4];
        len.copy_from_slice(&bytes[pos + 4..pos + 8]);
        let len = u32::from_le_bytes(len) as usize;
        let start = pos + HEADER;
        let Some(payload) = bytes.get(start..start.saturating_add(len)) else {
            break;
        };
        if Sha256::digest(payload).as_slice() != &bytes[pos + 8..pos + HEADER] {
            break;
        }
        let Ok(r) = serde_json::from_slice::<Record>(payload) else {
            break;
        };
        out.push(r);
        pos = start + len;
    }
    (out, pos)
}

/// Unsaved drafts are private: the journal's folder is the owner's alone (0700) and so is each
/// log (0600), whatever the umask; logs an older version left readable are closed at start-up.
fn make_private(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io(dir, e))?;
        for e in fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.flatten() {
            if e.file_type().is_ok_and(|t| t.is_file()) {
                private_file(&e.path())?;
            }
        }
    }
    let _ = dir;
    Ok(())
}

fn private_file(file: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(file, fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io(file, e))?;
    }
    let _ = file;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(repo: &Path, path: &str, text: &str, base: Option<&str>) -> JournalEntry {
        JournalEntry {
            repo: repo.display().to_string(),
            path: path.into(),
            text: text.into(),
            base_hash: base.map(Into::into),
        }
    }

    #[test]
    fn records_are_offered_back_and_dropped_when_saved() {
        let data = tempfile::tempdir().unwrap();
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().canonicalize().unwrap();
        fs::write(root.join("a.md"), "on disk\n").unwrap();
        let base = save::hash_bytes(b"on disk\n");
        let j = Journal::open(data.path()).unwrap();
        assert!(j
            .record(&entry(&root, "a.md", "typing", Some(&base)))
            .unwrap());
        assert!(!j
            .record(&entry(&root, "a.md", "typing", Some(&base)))
            .unwrap());
        assert!(j
            .record(&entry(&root, "a.md", "typing more", Some(&base)))
            .unwrap());
        j.record(&entry(&root, "new.md", "a new post", None))
            .unwrap();
        drop(j);
        let j = Journal::open(data.path()).unwrap();
        let mut p = j.pending().unwrap();
        p.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].text, "typing more");
        assert!(!p[0].disk_text_now_differs && !p[0].disk_missing);
        assert_eq!(p[1].path, "new.md");
        assert!(p[1].disk_missing);
        // Edited elsewhere since: flagged.
        fs::write(root.join("a.md"), "edited elsewhere\n").unwrap();
        assert!(j
            .pending()
            .unwrap()
            .iter()
            .any(|r| r.path == "a.md" && r.disk_text_now_differs));
        j.saved(&root.display().to_string(), "a.md").unwrap();
        j.discard(&root.display().to_string(), "new.md").unwrap();
        assert!(j.pending().unwrap().is_empty());
        assert_eq!(fs::read_dir(j.dir()).unwrap().count(), 0);
    }

    #[test]
    fn text_already_on_disk_is_not_offered() {
        let data = tempfile::tempdir().unwrap();
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().canonicalize().unwrap();
        fs::write(root.join("a.md"), "line\r\nsaved\r\n").unwrap();
        let j = Journal::open(data.path()).unwrap();
        j.record(&entry(&root, "a.md", "line\nsaved\n", Some("old")))
            .unwrap();
        assert!(j.pending().unwrap().is_empty());
        assert_eq!(fs::read_dir(j.dir()).unwrap().count(), 0);
    }

    #[test]
    fn a_torn_or_corrupt_last_record_is_ignored_and_cut_off() {
        let data = tempfile::tempdir().unwrap();
        let root = data.path().join("repo");
        let j = Journal::open(data.path()).unwrap();
        j.record(&entry(&root, "a.md", "first", None)).unwrap();
        j.record(&entry(&root, "a.md", "second", None)).unwrap();
        let log = fs::read_dir(j.dir())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let good = fs::read(&log).unwrap();
        // Torn: half a third record.
        let third = encode(&Record {
            repo: root.display().to_string(),
            path: "a.md".into(),
            text: "third".into(),
            base_hash: None,
            at: "x".into(),
        })
        .unwrap();
        let mut torn = good.clone();
        torn.extend_from_slice(&third[..third.len() / 2]);
        fs::write(&log, &torn).unwrap();
        let j = Journal::open(data.path()).unwrap();
        assert_eq!(j.pending().unwrap()[0].text, "second");
        // Corrupt: a flipped byte in the last record's text.
        let mut bad = good.clone();
        let n = bad.len();
        bad[n - 30] ^= 1;
        fs::write(&log, &bad).unwrap();
        assert_eq!(j.pending().unwrap()[0].text, "first");
        // Appending after a torn tail: the tail is cut first, so the new record is read back.
        fs::write(&log, &torn).unwrap();
        let j = Journal::open(data.path()).unwrap();
        j.record(&entry(&root, "a.md", "fourth", None)).unwrap();
        let (records, len) = read_records(&fs::read(&log).unwrap());
        assert_eq!(len, fs::metadata(&log).unwrap().len() as usize);
        assert_eq!(records.last().unwrap().text, "fourth");
        assert_eq!(records.len(), 3);
    }

    #[test]
    fn the_log_stays_bounded() {
        let data = tempfile::tempdir().unwrap();
        let root = data.path().join("repo");
        let j = Journal::open(data.path()).unwrap();
        let mut max = 0;
        let mut text = String::from("x");
        for i in 0..500 {
            text.push_str(&format!(" word{i}"));
            j.record(&entry(&root, "a.md", &text, None)).unwrap();
            let log = fs::read_dir(j.dir())
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .path();
            max = max.max(fs::metadata(&log).unwrap().len());
        }
        let last = encode(&Record {
            repo: root.display().to_string(),
            path: "a.md".into(),
            text: text.clone(),
            base_hash: None,
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        })
        .unwrap()
        .len() as u64;
        assert!(
            max <= MAX_GROWTH * last,
            "log reached {max} bytes, last record {last}"
        );
        assert_eq!(j.pending().unwrap()[0].text, text);
    }
}

#[cfg(all(test, unix))]
mod privacy_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_journal_is_readable_by_its_owner_only() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("journal");
        fs::create_dir_all(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        let old = dir.join("0123.log");
        fs::write(&old, "").unwrap();
        fs::set_permissions(&old, fs::Permissions::from_mode(0o644)).unwrap();
        let j = Journal::open(d.path()).unwrap();
        j.record(&JournalEntry {
            repo: "/r".into(),
            path: "_posts/a.md".into(),
            text: "a draft".into(),
            base_hash: None,
        })
        .unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(
            mode(&old),
            0o600,
            "a log left by an older version is closed"
        );
        for e in fs::read_dir(&dir).unwrap() {
            assert_eq!(mode(&e.unwrap().path()), 0o600);
        }
    }
}
