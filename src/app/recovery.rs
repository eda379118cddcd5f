//! Autosaved recovery copies of unsaved work, in the platform's local data folder — never
//! over the user's file. Each running window locks its recovery copy, so at start-up only
//! copies left by a crashed or killed process are offered for recovery.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::atomic_file::write_atomically;
use crate::model::Project;
use crate::model::article::sha256_hex;
use crate::project_file::{LoadError, load_project, project_to_json};
use crate::project_lock::{LockOutcome, ProjectLock};

/// What a recovery copy is of, kept beside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecoveryInfo {
    /// The project file the work belongs to; `None` if it was never saved.
    pub original: Option<PathBuf>,
    pub title: String,
    /// RFC 3339, when the copy was written.
    pub saved_at: String,
}

#[derive(Clone, Debug)]
pub struct RecoveryEntry {
    pub key: String,
    pub info: RecoveryInfo,
    pub written: Option<SystemTime>,
}

#[derive(Clone, Debug)]
pub struct RecoveryStore {
    dir: Option<PathBuf>,
}

impl RecoveryStore {
    /// `FACTMARK_DATA_DIR/recovery` if set, else the platform's local data folder
    /// (`~/.local/share/factmark/recovery` on Linux).
    pub fn default_location() -> Self {
        let base = std::env::var_os("FACTMARK_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("org", "Factmark", "Factmark")
                    .map(|d| d.data_local_dir().to_path_buf())
            });
        Self {
            dir: base.map(|b| b.join("recovery")),
        }
    }

    pub fn at(dir: PathBuf) -> Self {
        Self { dir: Some(dir) }
    }

    pub fn disabled() -> Self {
        Self { dir: None }
    }

    /// A stable key for a saved project (from its path), or a fresh one for unsaved work.
    pub fn key_for(path: Option<&Path>) -> String {
        match path {
            Some(p) => {
                let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
                format!("p-{}", &sha256_hex(p.to_string_lossy().as_bytes())[..16])
            }
            None => format!(
                "u-{}",
                &sha256_hex(format!("{:?}{}", SystemTime::now(), std::process::id()).as_bytes())
                    [..16]
            ),
        }
    }

    fn project_path(&self, key: &str) -> Option<PathBuf> {
        self.dir
            .as_ref()
            .map(|d| d.join(format!("{key}.factmark.json")))
    }

    fn info_path(&self, key: &str) -> Option<PathBuf> {
        self.dir
            .as_ref()
            .map(|d| d.join(format!("{key}.recovery.json")))
    }

    /// Lock this key's copy for as long as this window has the project open.
    pub fn claim(&self, key: &str) -> Option<ProjectLock> {
        let path = self.project_path(key)?;
        std::fs::create_dir_all(path.parent()?).ok()?;
        match ProjectLock::acquire(&path) {
            LockOutcome::Locked(lock) => Some(lock),
            _ => None,
        }
    }

    /// Write (or replace) the recovery copy of `project`.
    pub fn write(
        &self,
        key: &str,
        project: &Project,
        original: Option<&Path>,
    ) -> Result<(), String> {
        let (Some(path), Some(info_path)) = (self.project_path(key), self.info_path(key)) else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let info = RecoveryInfo {
            original: original.map(Path::to_path_buf),
            title: project.article().metadata.title.clone(),
            saved_at: crate::model::timestamp::now(),
        };
        write_atomically(&path, &project_to_json(project), false).map_err(|e| e.to_string())?;
        let info = serde_json::to_vec_pretty(&info).map_err(|e| e.to_string())?;
        write_atomically(&info_path, &info, false).map_err(|e| e.to_string())
    }

    pub fn remove(&self, key: &str) {
        for path in [self.project_path(key), self.info_path(key)]
            .into_iter()
            .flatten()
        {
            let _ = std::fs::remove_file(path);
        }
    }

    pub fn load(&self, key: &str) -> Result<Project, LoadError> {
        load_project(&self.project_path(key).unwrap_or_default())
    }

    /// Copies left behind by windows that are no longer running, newest first.
    pub fn orphans(&self) -> Vec<RecoveryEntry> {
        let Some(dir) = &self.dir else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(key) = name.strip_suffix(".recovery.json") else {
                continue;
            };
            let Some(project) = self.project_path(key).filter(|p| p.exists()) else {
                continue;
            };
            // A live window holds the lock on its own copy.
            if let LockOutcome::HeldElsewhere(_) = ProjectLock::acquire(&project) {
                continue;
            }
            let Ok(info) = std::fs::read(entry.path())
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    serde_json::from_slice::<RecoveryInfo>(&b).map_err(|e| e.to_string())
                })
            else {
                continue;
            };
            found.push(RecoveryEntry {
                key: key.to_string(),
                info,
                written: entry.metadata().and_then(|m| m.modified()).ok(),
            });
        }
        found.sort_by_key(|e| std::cmp::Reverse(e.written));
        found
    }
}
