//! Saving a post's text from the editor, and loading it so the two round-trip exactly.
//!
//! The editor (CodeMirror) works with `\n` line breaks and no byte-order mark. [`load_text`]
//! normalizes a file to that form and remembers what it had (LF or CRLF, BOM or not, and the
//! SHA-256 of the bytes on disk); [`save_text`] turns the editor's text back into the file's own
//! form and writes it through [`atomic::write`]. A CRLF file with a BOM, opened and saved
//! unchanged, is byte-identical. When the editor says which version it loaded (`expected`) and
//! the file on disk is no longer that version, the save is refused with
//! [`ErrorKind::Conflict`](crate::ErrorKind::Conflict) and nothing is written.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::atomic;
use crate::error::{Error, Result};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How lines end in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LineEnding {
    Lf,
    Crlf,
}

/// A post as the editor sees it, and what is needed to write it back in the file's own form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Loaded {
    /// The text with `\n` line breaks and no byte-order mark.
    pub text: String,
    /// SHA-256 (lowercase hex) of the bytes on disk; pass it back as `expected` when saving.
    pub hash: String,
    pub line_ending: LineEnding,
    /// The file starts with a UTF-8 byte-order mark.
    pub bom: bool,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SaveOutcome {
    /// SHA-256 (lowercase hex) of the bytes now on disk: the new `expected` for the next save,
    /// and the hash to give `Watcher::expect_write` so the app's own write is not reported.
    pub hash: String,
    /// False when the file already held exactly this text (nothing was written).
    pub written: bool,
}

/// SHA-256 of `bytes`, lowercase hex: the one content hash used by saving, the journal and the
/// watcher.
pub fn hash_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        s.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    s
}

/// The line ending a file mostly uses: CRLF when more lines end in `\r\n` than in a lone `\n`.
/// A file without line breaks is LF.
pub fn detect_line_ending(bytes: &[u8]) -> LineEnding {
    let mut crlf = 0usize;
    let mut lf = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            if i > 0 && bytes[i - 1] == b'\r' {
                crlf += 1;
            } else {
                lf += 1;
            }
        }
    }
    if crlf > lf {
        LineEnding::Crlf
    } else {
        LineEnding::Lf
    }
}

/// Decodes a file's bytes into the editor's form.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Loaded> {
    let hash = hash_bytes(bytes);
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let line_ending = detect_line_ending(body);
    let text = std::str::from_utf8(body).map_err(|e| {
        Error::invalid(format!(
            "{} is not UTF-8 text (invalid byte at offset {}); Postdesk will not open it rather than risk damaging it. Convert it to UTF-8 in another editor first.",
            path.display(),
            e.valid_up_to() + usize::from(bom) * BOM.len()
        ))
    })?;
    Ok(Loaded {
        text: text.replace("\r\n", "\n"),
        hash,
        line_ending,
        bom,
    })
}

/// Encodes the editor's text in a file's form: every `\n` becomes the file's line break.
pub fn encode(text: &str, line_ending: LineEnding, bom: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 32 + 3);
    if bom {
        out.extend_from_slice(BOM);
    }
    match line_ending {
        LineEnding::Lf => out.extend_from_slice(text.as_bytes()),
        LineEnding::Crlf => {
            for &b in text.as_bytes() {
                if b == b'\n' {
                    out.push(b'\r');
                }
                out.push(b);
            }
        }
    }
    out
}

/// Reads a post for the editor.
pub fn load_text(path: &Path) -> Result<Loaded> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    decode(path, &bytes)
}

/// Saves the editor's text (`\n` line breaks) to `path`, in the line endings and with the BOM
/// the file on disk has (a new file: LF, no BOM), atomically.
///
/// `expected` is the [`Loaded::hash`] (or last [`SaveOutcome::hash`]) the editor's buffer is
/// based on; when given and the file on disk is different — edited, created or deleted outside
/// the app — the save is refused with a `Conflict` error and nothing is written. `None` saves
/// unconditionally (the writer chose "Keep mine", or the post is new).
///
/// `\r\n` in `text` counts as one line break, like `\n`.
///
/// Saving text identical to what is on disk writes nothing and returns the file's hash, so an
/// unchanged CRLF or BOM file stays byte-identical whatever its quirks (mixed line endings).
pub fn save_text(path: &Path, text: &str, expected: Option<&str>) -> Result<SaveOutcome> {
    // The editor sends `\n`; a caller passing text read raw (`Blog::read_post`) may send
    // `\r\n`, which must not become `\r\r\n` in a CRLF file.
    let normalized;
    let text = if text.contains("\r\n") {
        normalized = text.replace("\r\n", "\n");
        normalized.as_str()
    } else {
        text
    };
    let current = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(path, e)),
    };
    if let Some(expected) = expected {
        let now = current.as_deref().map(hash_bytes);
        if now.as_deref() != Some(expected) {
            let what = if now.is_none() {
                "was deleted or renamed"
            } else {
                "was changed"
            };
            return Err(Error::conflict(format!(
                "{} {what} outside Postdesk since you opened it; nothing was saved. Compare the two versions, then keep yours or take the one on disk.",
                path.display()
            )));
        }
    }
    let (line_ending, bom) = match &current {
        Some(bytes) => {
            let has_bom = bytes.starts_with(BOM);
            let body = if has_bom {
                &bytes[BOM.len()..]
            } else {
                &bytes[..]
            };
            // An unchanged save writes nothing: the bytes stay exactly as they are.
            if let Ok(old) = std::str::from_utf8(body) {
                if old.replace("\r\n", "\n") == text {
                    return Ok(SaveOutcome {
                        hash: hash_bytes(bytes),
                        written: false,
                    });
                }
            }
            (detect_line_ending(body), has_bom)
        }
        None => (LineEnding::Lf, false),
    };
    let bytes = encode(text, line_ending, bom);
    atomic::write(path, &bytes)?;
    Ok(SaveOutcome {
        hash: hash_bytes(&bytes),
        written: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use std::fs;

    #[test]
    fn hash_is_sha256_hex() {
        assert_eq!(
            hash_bytes(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn crlf_bom_file_round_trips_byte_for_byte() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("post.md");
        let original =
            b"\xEF\xBB\xBF---\r\ntitle: \xC3\xA9t\xC3\xA9\r\n---\r\n\r\nBody line\r\nlast";
        fs::write(&p, original).unwrap();
        let l = load_text(&p).unwrap();
        assert_eq!(l.text, "---\ntitle: été\n---\n\nBody line\nlast");
        assert_eq!(l.line_ending, LineEnding::Crlf);
        assert!(l.bom);
        // Unchanged: nothing written, same bytes.
        let o = save_text(&p, &l.text, Some(&l.hash)).unwrap();
        assert!(!o.written);
        assert_eq!(o.hash, l.hash);
        // Changed: written in the file's own form.
        let edited = l.text.replace("Body line", "Body line\nadded");
        let o = save_text(&p, &edited, Some(&l.hash)).unwrap();
        assert!(o.written);
        let on_disk = fs::read(&p).unwrap();
        assert_eq!(
            on_disk,
            b"\xEF\xBB\xBF---\r\ntitle: \xC3\xA9t\xC3\xA9\r\n---\r\n\r\nBody line\r\nadded\r\nlast"
        );
        assert_eq!(o.hash, hash_bytes(&on_disk));
        // Reverting to the loaded text gives back the original bytes.
        save_text(&p, &l.text, Some(&o.hash)).unwrap();
        assert_eq!(fs::read(&p).unwrap(), original);
    }

    #[test]
    fn lf_file_stays_lf_and_new_file_is_lf_without_bom() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.md");
        fs::write(&p, "a\nb\n").unwrap();
        let l = load_text(&p).unwrap();
        assert_eq!((l.line_ending, l.bom), (LineEnding::Lf, false));
        save_text(&p, "a\nb\nc\n", Some(&l.hash)).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"a\nb\nc\n");
        let n = d.path().join("sub/new.md");
        let o = save_text(&n, "x\ny\n", None).unwrap();
        // Raw CRLF text (from `read_post`) saved into a CRLF file stays CRLF, not CR CR LF.
        let c = d.path().join("crlf.md");
        fs::write(&c, "a\r\nb\r\n").unwrap();
        save_text(&c, "a\r\nb\r\nc\r\n", None).unwrap();
        assert_eq!(fs::read(&c).unwrap(), b"a\r\nb\r\nc\r\n");
        assert_eq!(fs::read(&n).unwrap(), b"x\ny\n");
        assert_eq!(o.hash, hash_bytes(b"x\ny\n"));
    }

    #[test]
    fn refuses_when_the_file_changed_or_vanished_and_writes_nothing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.md");
        fs::write(&p, "mine\n").unwrap();
        let l = load_text(&p).unwrap();
        fs::write(&p, "theirs\n").unwrap();
        let e = save_text(&p, "mine, edited\n", Some(&l.hash)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Conflict);
        assert!(e.message.contains("a.md"), "{}", e.message);
        assert_eq!(fs::read_to_string(&p).unwrap(), "theirs\n");
        fs::remove_file(&p).unwrap();
        let e = save_text(&p, "mine, edited\n", Some(&l.hash)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Conflict);
        assert!(!p.exists());
        // Without `expected` (the writer chose to keep theirs): saved.
        save_text(&p, "mine, edited\n", None).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "mine, edited\n");
    }

    #[test]
    fn non_utf8_is_refused_with_the_file_name() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("latin1.md");
        fs::write(&p, b"caf\xE9\n").unwrap();
        let e = load_text(&p).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert!(e.message.contains("latin1.md") && e.message.contains("offset 3"));
    }

    #[test]
    fn mixed_endings_follow_the_majority() {
        assert_eq!(detect_line_ending(b"a\r\nb\r\nc\n"), LineEnding::Crlf);
        assert_eq!(detect_line_ending(b"a\r\nb\nc\n"), LineEnding::Lf);
        assert_eq!(detect_line_ending(b"no breaks"), LineEnding::Lf);
        assert_eq!(encode("a\nb\nc", LineEnding::Crlf, false), b"a\r\nb\r\nc");
    }

    proptest::proptest! {
        #[test]
        fn any_editor_text_round_trips(text in "[a-zé \n]{0,80}", crlf: bool, bom: bool) {
            let le = if crlf { LineEnding::Crlf } else { LineEnding::Lf };
            let bytes = encode(&text, le, bom);
            let back = decode(Path::new("x.md"), &bytes).unwrap();
            proptest::prop_assert_eq!(&back.text, &text);
            proptest::prop_assert_eq!(back.bom, bom);
            proptest::prop_assert_eq!(encode(&back.text, le, bom), bytes);
        }
    }
}
