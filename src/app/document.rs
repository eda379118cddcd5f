//! An open project: the model, its undo history, where it lives on disk, and which annotation
//! is selected. No egui here.

use std::path::{Path, PathBuf};

use crate::atomic_file::write_atomically;
use crate::disk_stamp::DiskStamp;
use crate::model::{Edit, EditError, History, Project, timestamp};
use crate::project_file::project_to_json;

pub struct Document {
    pub project: Project,
    pub history: History,
    /// Where the project was last opened from or saved to; `None` until first saved.
    pub path: Option<PathBuf>,
    /// The selected annotation's id.
    pub selected: Option<String>,
    /// Key of the last history step that later edits may merge into (typing in the note
    /// field makes one undo step, not one per keystroke).
    merge_key: Option<String>,
    /// The file as we last read or wrote it, to notice changes made by someone else.
    pub disk_stamp: Option<DiskStamp>,
}

impl Document {
    /// A project just read from `path` (`bytes`: what was read, for change detection).
    pub fn opened(project: Project, path: PathBuf, bytes: &[u8]) -> Self {
        Self {
            disk_stamp: Some(DiskStamp::of(&path, bytes)),
            project,
            history: History::new(),
            path: Some(path),
            selected: None,
            merge_key: None,
        }
    }

    /// A project that has never been saved (new from an article, or the bundled sample).
    pub fn unsaved(project: Project) -> Self {
        Self {
            project,
            history: History::new(),
            path: None,
            selected: None,
            merge_key: None,
            disk_stamp: None,
        }
    }

    /// Work recovered after a crash: it belongs to `path` (if it had one) but is not saved.
    pub fn recovered(project: Project, path: Option<PathBuf>) -> Self {
        let disk_stamp = path
            .as_deref()
            .and_then(|p| std::fs::read(p).ok().map(|bytes| DiskStamp::of(p, &bytes)));
        Self {
            project,
            history: History::new_unsaved(),
            path,
            selected: None,
            merge_key: None,
            disk_stamp,
        }
    }

    /// Whether the file was changed by someone else since we opened or saved it.
    pub fn changed_on_disk(&self) -> bool {
        match (&self.path, &self.disk_stamp) {
            (Some(path), Some(stamp)) => stamp.changed_on_disk(path).unwrap_or(false),
            _ => false,
        }
    }

    /// Changes not yet written to disk (a new project with no edits has none: its article
    /// file still holds everything).
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The name shown in the title bar: the file name, or the article title until saved.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            None => {
                let title = self.project.article().metadata.title.trim();
                if title.is_empty() {
                    "Untitled project".to_string()
                } else {
                    title.to_string()
                }
            }
        }
    }

    /// Apply a user's edit as one undo step.
    pub fn apply(&mut self, label: &str, edit: Edit) -> Result<(), EditError> {
        self.merge_key = None;
        self.history.apply(&mut self.project, label, edit)
    }

    /// Apply an edit that merges into the previous step when both carry the same key (e.g.
    /// successive keystrokes in one note).
    pub fn apply_merging(&mut self, label: &str, edit: Edit, key: String) -> Result<(), EditError> {
        if self.merge_key.as_ref() == Some(&key)
            && self
                .history
                .merge_into_last(&mut self.project, edit.clone())?
        {
            return Ok(());
        }
        self.history.apply(&mut self.project, label, edit)?;
        self.merge_key = Some(key);
        Ok(())
    }

    /// Stop merging: the next edit starts a new undo step.
    pub fn end_merge(&mut self) {
        self.merge_key = None;
    }

    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        self.merge_key = None;
        let label = self.history.undo(&mut self.project)?;
        self.drop_missing_selection();
        Ok(label)
    }

    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        self.merge_key = None;
        let label = self.history.redo(&mut self.project)?;
        self.drop_missing_selection();
        Ok(label)
    }

    fn drop_missing_selection(&mut self) {
        if let Some(id) = &self.selected
            && self.project.find(id).is_none()
        {
            self.selected = None;
        }
    }

    /// Save to `path` (atomically, keeping a .bak), stamping the project's modified time.
    /// On failure the project in memory is unchanged and still unsaved.
    pub fn save_to(&mut self, path: &Path) -> Result<(), String> {
        let previous = std::mem::replace(&mut self.project.modified, timestamp::now());
        let bytes = project_to_json(&self.project);
        if let Err(e) = write_atomically(path, &bytes, true) {
            self.project.modified = previous;
            return Err(e.to_string());
        }
        self.disk_stamp = Some(DiskStamp::of(path, &bytes));
        self.path = Some(path.to_path_buf());
        self.history.mark_saved();
        self.merge_key = None;
        Ok(())
    }
}
