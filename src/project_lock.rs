//! "This project is already open in another window": an advisory OS lock on a small file
//! beside the project, held while the project is open. The operating system releases it when
//! the process ends — even by a crash or a kill — so a stale lock can never keep a project
//! shut. (The lock file's contents only say who holds it, for the message.)

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

/// Held while a project is open; dropping it releases the lock and removes the lock file.
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
    path: PathBuf,
}

#[derive(Debug)]
pub enum LockOutcome {
    Locked(ProjectLock),
    /// Another process holds it; the text says who, as well as it is known.
    HeldElsewhere(String),
    /// The folder does not support locks (some network shares) or cannot be written; the
    /// project can still be opened, just without the guard.
    Unavailable(std::io::Error),
}

/// `.NAME.factmark-lock` beside the project.
pub fn lock_path(project: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(project.file_name().unwrap_or_default());
    name.push(".factmark-lock");
    project.with_file_name(name)
}

impl ProjectLock {
    pub fn acquire(project: &Path) -> LockOutcome {
        let path = lock_path(project);
        let mut file = match OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        {
            Ok(f) => f,
            Err(e) => return LockOutcome::Unavailable(e),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return LockOutcome::HeldElsewhere(if holder.is_empty() {
                    "another Factmark window".to_string()
                } else {
                    holder.to_string()
                });
            }
            Err(TryLockError::Error(e)) => return LockOutcome::Unavailable(e),
        }
        let who = format!(
            "Factmark (process {}{}) since {}",
            std::process::id(),
            crate::platform::user_name()
                .map(|u| format!(", user {u}"))
                .unwrap_or_default(),
            crate::model::timestamp::now()
        );
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = file.write_all(who.as_bytes());
        LockOutcome::Locked(ProjectLock { file, path })
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Remove while still holding the lock, so nobody locks a file about to vanish.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.factmark.json");
        let LockOutcome::Locked(first) = ProjectLock::acquire(&project) else {
            panic!("the first lock is taken");
        };
        match ProjectLock::acquire(&project) {
            LockOutcome::HeldElsewhere(who) => assert!(
                who.contains(&format!("process {}", std::process::id())),
                "{who}"
            ),
            other => panic!("expected the lock to be held, got {other:?}"),
        }
        drop(first);
        assert!(!lock_path(&project).exists(), "the lock file is removed");
        assert!(matches!(
            ProjectLock::acquire(&project),
            LockOutcome::Locked(_)
        ));
    }
}
