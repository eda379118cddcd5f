//! Noticing that someone else changed a project file (another person, a sync client,
//! `git pull`) between opening or saving it and saving it again.

use std::io;
use std::path::Path;
use std::time::SystemTime;

use crate::model::article::sha256_hex;

/// What a file looked like when we last read or wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    len: u64,
    modified: Option<SystemTime>,
    sha256: String,
}

impl DiskStamp {
    /// The stamp of bytes we just read from, or wrote to, `path`.
    pub fn of(path: &Path, bytes: &[u8]) -> Self {
        let meta = std::fs::metadata(path).ok();
        Self {
            len: bytes.len() as u64,
            modified: meta.and_then(|m| m.modified().ok()),
            sha256: sha256_hex(bytes),
        }
    }

    /// Whether the file now differs from this stamp. A missing file counts as unchanged
    /// (saving simply recreates it). Size and time are checked first; the contents are
    /// hashed only when those differ, since a checkout may touch a file without changing it.
    pub fn changed_on_disk(&self, path: &Path) -> io::Result<bool> {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        if meta.len() == self.len && meta.modified().ok() == self.modified {
            return Ok(false);
        }
        let bytes = std::fs::read(path)?;
        Ok(sha256_hex(&bytes) != self.sha256)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_real_changes_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        std::fs::write(&path, b"version one").unwrap();
        let stamp = DiskStamp::of(&path, b"version one");
        assert!(!stamp.changed_on_disk(&path).unwrap());
        // Same contents rewritten (a new modification time): not a change.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, b"version one").unwrap();
        assert!(!stamp.changed_on_disk(&path).unwrap());
        std::fs::write(&path, b"version two").unwrap();
        assert!(stamp.changed_on_disk(&path).unwrap());
        std::fs::remove_file(&path).unwrap();
        assert!(!stamp.changed_on_disk(&path).unwrap());
    }
}
