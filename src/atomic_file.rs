//! Writing a file so that a crash, a kill or a full disk at any moment leaves either the old
//! file or the new one, never a mix: write a temporary file beside it, flush and fsync it,
//! keep the old version as `NAME.bak`, rename the new one over the target, fsync the folder.

use std::ffi::OsString;
use std::fmt;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::platform;

/// Why a file could not be written. The target is unchanged when one is returned.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    /// What was being done, e.g. "writing the temporary file".
    pub step: &'static str,
    pub source: io::Error,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: could not save ({}): {}; the file on disk was not changed",
            self.path.display(),
            self.step,
            self.source
        )
    }
}

impl std::error::Error for WriteError {}

/// The temporary file used while saving `path`. The name is fixed, so a file left by a
/// crashed save is simply reused by the next one rather than piling up.
pub fn temp_path(path: &Path) -> PathBuf {
    sibling(path, ".", ".factmark-tmp")
}

/// Where the previous version of `path` is kept.
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, "", ".bak")
}

fn sibling(path: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let mut name = OsString::from(prefix);
    name.push(path.file_name().unwrap_or_default());
    name.push(suffix);
    path.with_file_name(name)
}

/// Replace `path` with `bytes` atomically, keeping the old file (if any) as `NAME.bak`.
///
/// A symbolic link is followed: the file it points at is replaced (in its own folder, where
/// the rename is atomic) and the link stays a link. Renaming over the link itself would cut
/// it and leave the real file — in a synced or Git folder, often — out of date.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), WriteError> {
    let resolved = resolve_link(path);
    let path = resolved.as_path();
    let fail = |step, source| WriteError {
        path: path.to_path_buf(),
        step,
        source,
    };
    if path.file_name().is_none() {
        return Err(fail(
            "checking the file name",
            io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"),
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let target_exists = path.exists();
    let temp = temp_path(path);

    let written = (|| {
        let mut file =
            std::fs::File::create(&temp).map_err(|e| fail("creating the temporary file", e))?;
        file.write_all(bytes)
            .map_err(|e| fail("writing the temporary file", e))?;
        file.sync_all()
            .map_err(|e| fail("flushing the temporary file to disk", e))?;
        drop(file);
        if target_exists {
            // Best effort: a different mode is no reason to refuse saving the user's work.
            let _ = platform::copy_permissions(path, &temp);
            if keep_backup {
                keep_previous_version(path)
                    .map_err(|e| fail("keeping the previous version as .bak", e))?;
            }
        }
        platform::replace_file(&temp, path).map_err(|e| fail("replacing the file", e))
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    // The new file is in place; if the folder cannot be synced the rename may not survive a
    // power cut, which is worth reporting even though the save itself happened.
    platform::sync_dir(&dir).map_err(|e| fail("flushing the folder to disk", e))
}

/// The file a symbolic link (or a chain of them) points at; any other path as it is. A link
/// to a file not there yet is followed too, so the first save creates the file it names.
fn resolve_link(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // A bound, as the OS has: a loop of links is written as the path given (and fails there).
    for _ in 0..40 {
        let is_link = std::fs::symlink_metadata(&current).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return current;
        }
        let Ok(target) = std::fs::read_link(&current) else {
            return current;
        };
        current = match current.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    path.to_path_buf()
}

/// Point `NAME.bak` at the current file: a hard link (instant, no copy) where the file
/// system has them, else a copy written beside it and renamed into place.
fn keep_previous_version(path: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    match std::fs::remove_file(&backup) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if std::fs::hard_link(path, &backup).is_ok() {
        return Ok(());
    }
    let partial = sibling(path, ".", ".bak.factmark-tmp");
    std::fs::copy(path, &partial)?;
    std::fs::File::open(&partial)?.sync_all()?;
    platform::replace_file(&partial, &backup)
}
