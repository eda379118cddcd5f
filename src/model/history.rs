//! Undo/redo over [`Edit`] values, and whether the project differs from what was last saved.

use super::edit::{Edit, EditError};
use super::project::Project;

#[derive(Clone, Debug)]
struct Step {
    /// What the user did, for "Undo add claim" in menus.
    label: String,
    edit: Edit,
    /// Identifies the project state after this step, for the saved/unsaved flag.
    state: u64,
}

#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The state id when the project was last saved or opened; `None` if that state is no
    /// longer reachable by undo/redo (so the project stays unsaved until saved again).
    saved_state: Option<u64>,
    next_state: u64,
}

impl History {
    /// A history for a project that was just opened or saved.
    pub fn new() -> Self {
        Self {
            saved_state: Some(0),
            next_state: 1,
            ..Self::default()
        }
    }

    /// A history for a project that has never been saved (it starts unsaved).
    pub fn new_unsaved() -> Self {
        Self {
            saved_state: None,
            next_state: 1,
            ..Self::default()
        }
    }

    fn current_state(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.state)
    }

    /// Apply `edit` to `project` and record it; the redo list is cleared.
    pub fn apply(
        &mut self,
        project: &mut Project,
        label: impl Into<String>,
        edit: Edit,
    ) -> Result<(), EditError> {
        project.apply(&edit)?;
        let state = self.next_state;
        self.next_state += 1;
        self.undo.push(Step {
            label: label.into(),
            edit,
            state,
        });
        self.redo.clear();
        Ok(())
    }

    /// Apply `edit` and fold it into the last step, so one undo reverts both (typing a note
    /// is one step, not one per keystroke). Returns `Ok(false)` without applying anything
    /// when there is no step to fold into (nothing done yet, or something was undone).
    pub fn merge_into_last(
        &mut self,
        project: &mut Project,
        edit: Edit,
    ) -> Result<bool, EditError> {
        if !self.redo.is_empty() || self.undo.is_empty() {
            return Ok(false);
        }
        project.apply(&edit)?;
        let state = self.next_state;
        self.next_state += 1;
        let last = self.undo.last_mut().expect("checked above");
        let previous = std::mem::replace(&mut last.edit, Edit::Batch(Vec::new()));
        last.edit = match (previous, edit) {
            // Two changes to one annotation collapse into one before → after.
            (
                Edit::Replace { before, after: mid },
                Edit::Replace {
                    before: mid2,
                    after,
                },
            ) if *mid == *mid2 => Edit::Replace { before, after },
            (previous, edit) => Edit::Batch(vec![previous, edit]),
        };
        // The project is in a new state, whatever was saved before.
        last.state = state;
        Ok(true)
    }

    /// Undo the last step; returns its label.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        if let Err(err) = project.apply(&step.edit.inverse()) {
            self.undo.push(step);
            return Err(err);
        }
        let label = step.label.clone();
        self.redo.push(step);
        Ok(Some(label))
    }

    /// Redo the last undone step; returns its label.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        if let Err(err) = project.apply(&step.edit) {
            self.redo.push(step);
            return Err(err);
        }
        let label = step.label.clone();
        self.undo.push(step);
        Ok(Some(label))
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The project as it is now has been written to disk.
    pub fn mark_saved(&mut self) {
        self.saved_state = Some(self.current_state());
    }

    /// Whether the project differs from the saved file. Undoing back to the saved state
    /// makes it clean again.
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.current_state())
    }
}
