//! Opening, saving and recovering projects: locks, conflicts with the file on disk, autosave.

use super::*;

impl FactmarkApp {
    /// Open a project file, or start a new project from an article file. On failure the
    /// current project stays open and unchanged, and the error is shown.
    pub(super) fn open_path(&mut self, path: &Path) {
        if project_file::looks_like_project(path) {
            match load_project_and_bytes(path) {
                Ok((project, bytes)) => {
                    let lock = match self.lock_for_opening(path) {
                        Ok(lock) => lock,
                        Err(message) => return self.error(message),
                    };
                    self.show_document(
                        Document::opened(project, path.to_path_buf(), &bytes),
                        lock,
                        None,
                    );
                    // Where the reader was when this project was last left, as a restart
                    // reopens it. (At the very top the header shows: no scrolling to 0.)
                    let top = self.prefs.reading_position(path);
                    if let Some(open) = &mut self.open
                        && top > 0
                    {
                        open.view.scroll_to(top, Align::Min);
                        // Until the view is laid out, this is where it is.
                        open.view.top_char = top;
                    }
                    self.prefs.add_recent(path);
                    self.save_prefs();
                }
                Err(e) if e.text_changed().is_some() => {
                    if let Ok(changed) = e.into_text_changed() {
                        self.reanchor_offer = Some((path.to_path_buf(), changed));
                    }
                }
                Err(e) if e.is_repairable() => {
                    if let Ok(repairable) = e.into_repairable() {
                        self.repair_offer = Some(repair_flow::RepairOffer {
                            path: path.to_path_buf(),
                            repairable,
                            bytes: std::fs::read(path).unwrap_or_default(),
                        });
                    }
                }
                Err(e) => {
                    let lines = e.lines();
                    let mut message = format!(
                        "Could not open the project. {}",
                        lines.first().cloned().unwrap_or_default()
                    );
                    if lines.len() > 1 {
                        message.push_str(&format!(
                            " (and {} more problems: {})",
                            lines.len() - 1,
                            lines[1..].join(" · ")
                        ));
                    }
                    self.error(message);
                }
            }
        } else {
            match import_file(path) {
                Ok(imported) => {
                    let mut metadata = imported.metadata;
                    metadata
                        .retrieved
                        .get_or_insert_with(|| timestamp::now()[..10].to_string());
                    let project = Project::new(
                        Article::new(metadata, ArticleText::new(imported.text)),
                        &timestamp::now(),
                    );
                    self.show_document(Document::unsaved(project), None, None);
                    self.info(format!(
                        "New project from {}. Save it (Ctrl+S) to keep your work.",
                        path.file_name().map_or_else(
                            || path.display().to_string(),
                            |n| n.to_string_lossy().into_owned()
                        )
                    ));
                }
                Err(e) => self.error(format!("Could not start a project from this article. {e}")),
            }
        }
    }

    /// The lock a project at `path` must hold to be open in this window. When the project
    /// open here is that same file (reopened, restored after a crash, reloaded), its lock
    /// passes on — acquiring it again would fail against ourselves, and closing the old
    /// project would then release the file with nobody holding it. `Err`: the message to show
    /// (another window has it open). `Ok(None)`: the folder cannot lock; open without the guard.
    pub(super) fn lock_for_opening(&mut self, path: &Path) -> Result<Option<ProjectLock>, String> {
        if let Some(open) = &mut self.open
            && open._file_lock.is_some()
            && open.doc.path.as_deref().is_some_and(|p| same_file(p, path))
        {
            return Ok(open._file_lock.take());
        }
        match ProjectLock::acquire(path) {
            LockOutcome::Locked(lock) => Ok(Some(lock)),
            LockOutcome::HeldElsewhere(who) => Err(format!(
                "{} is already open in another window ({who}). Close it there first: two windows \
                 saving one file would overwrite each other's work.",
                path.display()
            )),
            // Some network folders cannot lock; the project still opens.
            LockOutcome::Unavailable(_) => Ok(None),
        }
    }

    /// Replace the open project (whose work was saved or discarded) with `doc`.
    /// `recovery_key` reuses a recovered copy's key; otherwise one is derived.
    pub(super) fn show_document(
        &mut self,
        doc: Document,
        file_lock: Option<ProjectLock>,
        recovery_key: Option<String>,
    ) {
        self.close_current();
        let key = recovery_key.unwrap_or_else(|| RecoveryStore::key_for(doc.path.as_deref()));
        let recovery_lock = self.recovery.claim(&key);
        self.open = Some(OpenProject {
            doc,
            view: ArticleView::default(),
            panel: AnnotationPanel::default(),
            index: ProjectIndex::default(),
            picking_claim_for: None,
            typing_session: 0,
            _file_lock: file_lock,
            recovery_key: key,
            _recovery_lock: recovery_lock,
            autosaved_revision: None,
            last_autosave: None,
            changes: None,
            fonts_checked: false,
            compare: None,
        });
    }

    /// Close the open project: its work is saved or was discarded, so its recovery copy goes.
    pub(super) fn close_current(&mut self) {
        // Remember where the reader was, for opening it again from the recent list.
        if let Some(open) = &self.open
            && let Some(path) = &open.doc.path
        {
            self.prefs.remember(
                path,
                &open.doc.project.article().metadata.title,
                open.view.top_char,
            );
        }
        if let Some(open) = self.open.take() {
            self.recovery.remove(&open.recovery_key);
        }
    }

    pub(super) fn answer_reanchor(&mut self, reanchor: bool) {
        let Some((path, changed)) = self.reanchor_offer.take() else {
            return;
        };
        if !reanchor {
            return;
        }
        match changed.reanchor(&timestamp::now()) {
            Ok((project, report)) => {
                let counts = report.counts();
                let lock = match self.lock_for_opening(&path) {
                    Ok(lock) => lock,
                    Err(message) => return self.error(message),
                };
                let new_text = project.article().text.clone();
                self.show_document(Document::recovered(project, Some(path)), lock, None);
                if let Some(open) = &mut self.open {
                    open.changes = Some(ChangesWindow::new(report, None, new_text));
                }
                self.info(format!(
                    "Re-anchored to the edited text: {counts}. Save to keep the result."
                ));
            }
            Err(e) => self.error(format!("Could not re-anchor: {e}")),
        }
    }

    pub(super) fn open_sample(&mut self) {
        match parse_project(SAMPLE_PROJECT) {
            Ok(project) => self.show_document(Document::unsaved(project), None, None),
            Err(e) => self.error(format!("The bundled sample project is damaged: {e}")),
        }
    }

    /// Save to the project's file, or ask where when it has none. Returns whether it saved.
    pub(super) fn save(&mut self, ctx: &egui::Context, then: Option<PendingAction>) -> bool {
        let Some(open) = &mut self.open else {
            return false;
        };
        let Some(path) = open.doc.path.clone() else {
            let purpose = match then {
                Some(action) => DialogPurpose::SaveAsThen(Box::new(action)),
                None => DialogPurpose::SaveAs,
            };
            self.show_save_dialog(ctx, purpose);
            return false;
        };
        self.save_to_checked(&path, true, then)
    }

    /// Save to `path`. Refuses (and asks) when it is the project's own file and someone else
    /// changed it since it was opened or saved here.
    pub(super) fn save_to(&mut self, path: &Path) -> bool {
        self.save_to_checked(path, true, None)
    }

    pub(super) fn save_to_checked(
        &mut self,
        path: &Path,
        check_disk: bool,
        then: Option<PendingAction>,
    ) -> bool {
        let Some(open) = &mut self.open else {
            return false;
        };
        let same_file = open.doc.path.as_deref().is_some_and(|p| same_file(p, path));
        if check_disk && same_file && open.doc.changed_on_disk() {
            let differing = load_project(path)
                .ok()
                .map(|theirs| open.doc.project.annotation_differences(&theirs));
            self.conflict = Some(Conflict { then, differing });
            return false;
        }
        // Writing a file needs its lock: a new path's, or the own file's when this window
        // does not hold it yet (a folder that could not lock when it was opened).
        let new_lock = if same_file && open._file_lock.is_some() {
            None
        } else {
            match ProjectLock::acquire(path) {
                LockOutcome::Locked(lock) => Some(lock),
                LockOutcome::HeldElsewhere(who) => {
                    self.error(format!(
                        "{} is open in another window ({who}); save under another name.",
                        path.display()
                    ));
                    return false;
                }
                LockOutcome::Unavailable(_) => None,
            }
        };
        match open.doc.save_to(path) {
            Ok(()) => {
                // Saved: the recovery copy is no longer needed.
                self.recovery.remove(&open.recovery_key);
                open.autosaved_revision = None;
                if new_lock.is_some() || !same_file {
                    // Save As: the new file's lock is taken, the old file's released.
                    open._file_lock = new_lock;
                }
                if !same_file {
                    open.recovery_key = RecoveryStore::key_for(Some(path));
                    open._recovery_lock = self.recovery.claim(&open.recovery_key);
                }
                self.prefs.add_recent(path);
                self.save_prefs();
                self.library_saved(path);
                true
            }
            Err(e) => {
                self.error(format!(
                    "{e}. Your work is still open; try saving somewhere else (Ctrl+Shift+S)."
                ));
                false
            }
        }
    }

    pub(super) fn answer_conflict(&mut self, ctx: &egui::Context, answer: dialogs::ConflictAnswer) {
        let Some(conflict) = self.conflict.take() else {
            return;
        };
        let Some(path) = self.open.as_ref().and_then(|o| o.doc.path.clone()) else {
            return;
        };
        match answer {
            dialogs::ConflictAnswer::Cancel => {}
            dialogs::ConflictAnswer::SaveCopy => {
                let purpose = match conflict.then {
                    Some(then) => DialogPurpose::SaveAsThen(Box::new(then)),
                    None => DialogPurpose::SaveAs,
                };
                self.show_save_dialog(ctx, purpose);
            }
            dialogs::ConflictAnswer::Overwrite => {
                if self.save_to_checked(&path, false, None)
                    && let Some(then) = conflict.then
                {
                    self.perform(ctx, then);
                }
            }
            dialogs::ConflictAnswer::Reload => match load_project_and_bytes(&path) {
                Ok((project, bytes)) => {
                    // Same file, same window: its lock passes on.
                    let lock = match self.lock_for_opening(&path) {
                        Ok(lock) => lock,
                        Err(message) => return self.error(message),
                    };
                    self.show_document(Document::opened(project, path, &bytes), lock, None);
                }
                Err(e) => self.error(format!("Could not reload: {e}. Your work is still open.")),
            },
        }
    }

    pub(super) fn show_save_dialog(&mut self, ctx: &egui::Context, purpose: DialogPurpose) {
        let Some(open) = &self.open else {
            return;
        };
        let (directory, file_name) = match &open.doc.path {
            Some(path) => (
                file_dialog::folder_of(path),
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
            ),
            None => (
                None,
                Some(format!(
                    "{}.{}",
                    file_stem_for(&open.doc.project),
                    project_file::EXTENSION
                )),
            ),
        };
        self.dialogs.show(
            ctx,
            DialogRequest {
                purpose,
                title: "Save project".into(),
                filters: file_dialog::project_filters(),
                directory,
                file_name,
                kind: DialogKind::SaveFile,
            },
        );
    }

    pub(super) fn show_open_dialog(&mut self, ctx: &egui::Context, purpose: DialogPurpose) {
        let (title, filters) = match purpose {
            DialogPurpose::NewFromArticle => {
                ("New project from article", file_dialog::article_filters())
            }
            _ => ("Open project", file_dialog::project_filters()),
        };
        let directory = self
            .prefs
            .recent
            .first()
            .and_then(|p| file_dialog::folder_of(p));
        self.dialogs.show(
            ctx,
            DialogRequest {
                purpose,
                title: title.into(),
                filters,
                directory,
                file_name: None,
                kind: DialogKind::OpenFile,
            },
        );
    }

    /// Write the recovery copy when there are unsaved changes: every 30 seconds, and when the
    /// window loses focus (the user may be about to do something risky elsewhere).
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let (now, focused) = ctx.input(|i| (i.time, i.viewport().focused));
        let lost_focus = self.window_was_focused == Some(true) && focused == Some(false);
        self.window_was_focused = focused;
        let Some(open) = &mut self.open else { return };
        if !open.doc.is_dirty() {
            return;
        }
        let revision = open.doc.project.revision();
        if open.autosaved_revision == Some(revision) {
            return;
        }
        // The clock starts when the work first becomes unsaved.
        let since = now - *open.last_autosave.get_or_insert(now);
        if since >= AUTOSAVE_SECONDS || lost_focus {
            self.write_recovery_copy(now);
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_SECONDS - since));
        }
    }

    /// Write the open project's recovery copy now (the autosave timer calls this).
    pub fn write_recovery_copy(&mut self, now: f64) {
        let Some(open) = &mut self.open else { return };
        open.last_autosave = Some(now);
        let result = self.recovery.write(
            &open.recovery_key,
            &open.doc.project,
            open.doc.path.as_deref(),
        );
        match result {
            Ok(()) => open.autosaved_revision = Some(open.doc.project.revision()),
            Err(e) => self.error(format!(
                "Could not write the recovery copy of your work: {e}"
            )),
        }
    }

    pub(super) fn answer_recovery(&mut self, answer: dialogs::RecoveryAnswer) {
        if self.recovery_offers.is_empty() {
            return;
        }
        let entry = self.recovery_offers.remove(0);
        match answer {
            dialogs::RecoveryAnswer::Restore => match self.recovery.load(&entry.key) {
                Ok(project) => {
                    let path = entry.info.original.clone();
                    // The project's own lock, exactly as Open takes it.
                    let lock = match path.as_deref().map(|p| self.lock_for_opening(p)) {
                        Some(Ok(lock)) => lock,
                        Some(Err(message)) => {
                            // The copy stays where it is; it is offered again next time.
                            return self.error(format!(
                                "{message} Your recovered work is kept and will be offered again \
                                 when Factmark next starts."
                            ));
                        }
                        None => None,
                    };
                    self.show_document(Document::recovered(project, path), lock, Some(entry.key));
                    self.info("Recovered your unsaved work. Save it (Ctrl+S) to keep it.");
                }
                Err(e) => self.error(format!("The recovery copy cannot be read: {e}")),
            },
            dialogs::RecoveryAnswer::OpenSaved => {
                self.recovery.remove(&entry.key);
                if let Some(path) = entry.info.original {
                    self.open_path(&path);
                }
            }
            dialogs::RecoveryAnswer::Discard => self.recovery.remove(&entry.key),
        }
    }
}

/// Whether two paths name the same file (one may be spelled relative, or through a link).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}

/// A file name from the article title: letters, digits and dashes.
pub(super) fn file_stem_for(project: &Project) -> String {
    let title = &project.article().metadata.title;
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
        if stem.chars().count() >= 60 {
            break;
        }
    }
    let stem = stem.trim_matches('-').to_string();
    if stem.is_empty() {
        "project".to_string()
    } else {
        stem
    }
}

/// Dialogs on some platforms drop the filter's extension: make sure the file says what it is.
pub(super) fn with_project_extension(path: PathBuf) -> PathBuf {
    if project_file::looks_like_project(&path) {
        path
    } else {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{}", project_file::EXTENSION));
        path.with_file_name(name)
    }
}
