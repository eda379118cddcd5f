//! The desktop app (eframe/egui). Panels send actions; [`FactmarkApp::apply`] is the one
//! place that carries them out, so menus, shortcuts and buttons always agree.

pub mod annotation_panel;
pub mod article_update;
pub mod article_view;
pub mod bidi_text;
pub mod commands;
pub mod dialogs;
pub mod document;
pub mod file_dialog;
pub mod highlight_index;
pub mod prefs;
pub mod project_index;
pub mod recovery;
pub mod text_selection;
pub mod theme;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use egui::{Align, RichText, Ui};

use annotation_panel::{AnnotationPanel, PanelEvent};
use article_update::{ChangesEvent, ChangesWindow, ImportPreview, PreviewOutcome};
use article_view::{ArticleView, ViewEvent, ViewInput};
use commands::UiCommand;
use dialogs::{DetailsEditor, DetailsOutcome, PathPrompt, PreferencesEditor, PromptAnswer};
use document::Document;
use file_dialog::{DialogAnswer, DialogKind, DialogPurpose, DialogRequest, FileDialogs};
use prefs::{LastSession, Preferences, PrefsStore, ThemeChoice};
use project_index::ProjectIndex;
use recovery::{RecoveryEntry, RecoveryStore};

use crate::export::{ExportFormat, ExportOptions, base_name, write_export};
use crate::import::{import_clipboard, import_file};
use crate::model::{Article, ArticleMetadata, ArticleText, Kind, Project, timestamp};
use crate::project_file::TextChanged;
use crate::project_file::{self, load_project, load_project_and_bytes, parse_project};
use crate::project_lock::{LockOutcome, ProjectLock};
use crate::reanchor::{merge_metadata, update_article_text};

/// The bundled sample, so "Open sample project" works from any install.
const SAMPLE_PROJECT: &[u8] =
    include_bytes!("../../sample_projects/nso-blacklist-appeal.factmark.json");
const APP_ICON: &[u8] = include_bytes!("../../assets/icon-256.png");

/// How the app starts.
#[derive(Clone, Debug)]
pub struct StartupOptions {
    /// `factmark FILE`: a project, or an article to start a project from.
    pub file: Option<PathBuf>,
    /// With no file: reopen the last project (on for the real app, off in tests).
    pub reopen_last: bool,
    pub prefs: PrefsStore,
    /// Where autosaved recovery copies go.
    pub recovery: RecoveryStore,
}

/// Open the window. Returns when it closes.
pub fn run(file: Option<PathBuf>) -> ExitCode {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Factmark")
        .with_app_id("factmark")
        .with_inner_size([1280.0, 820.0])
        .with_min_inner_size([760.0, 480.0])
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(APP_ICON) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let startup = StartupOptions {
        file,
        reopen_last: true,
        prefs: PrefsStore::default_location(),
        recovery: RecoveryStore::default_location(),
    };
    match eframe::run_native(
        "Factmark",
        options,
        Box::new(move |cc| Ok(Box::new(FactmarkApp::new(&cc.egui_ctx, startup)))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: could not open the Factmark window: {e}");
            ExitCode::from(1)
        }
    }
}

/// Something that would throw away unsaved work, held while the user answers the prompt.
#[derive(Clone, Debug, PartialEq)]
pub enum PendingAction {
    Quit,
    CloseProject,
    OpenPath(PathBuf),
    ShowOpenDialog,
    ShowNewDialog,
    OpenSample,
    /// Make a project from an imported article the user checked in the preview.
    CreateImported(Box<(ArticleMetadata, String)>),
}

impl PendingAction {
    /// Completes "If you … without saving".
    fn describe(&self) -> &'static str {
        match self {
            PendingAction::Quit => "quit",
            PendingAction::CloseProject => "close the project",
            PendingAction::OpenPath(_)
            | PendingAction::ShowOpenDialog
            | PendingAction::OpenSample => "open another project",
            PendingAction::ShowNewDialog | PendingAction::CreateImported(_) => {
                "start a new project"
            }
        }
    }
}

/// Everything the user can ask for, from any panel, menu or key.
#[derive(Clone, Debug)]
pub enum Action {
    Command(UiCommand),
    View(ViewEvent),
    Panel(PanelEvent),
    /// Open a project or start one from an article (asks about unsaved work first).
    Open(PathBuf),
    RemoveRecent(PathBuf),
    DismissNotice(usize),
    /// File ▸ Export ▸ a format: ask where, then write it.
    Export(ExportFormat),
    /// Write an export to this path (the answer to the export dialog).
    ExportTo(ExportFormat, PathBuf),
    /// Read an article file and show the preview (the answer to New from article, or a drop).
    ImportArticle(PathBuf),
    /// Update the open project's article text from this file (the answer to Update text).
    UpdateArticleFrom(PathBuf),
    /// A file dialog ended: chosen, cancelled, or it could not be shown at all.
    DialogEnded(DialogAnswer),
}

struct Notice {
    text: String,
    error: bool,
    shown_at: Option<f64>,
}

/// One open project and the UI state that belongs to it.
pub struct OpenProject {
    pub doc: Document,
    pub view: ArticleView,
    pub panel: AnnotationPanel,
    index: ProjectIndex,
    /// "Link to claim" mode: the source or dispute waiting for a claim click.
    picking_claim_for: Option<String>,
    /// Bumped when the note field starts a new typing session (one undo step each).
    typing_session: u64,
    /// Held while the project file is open here, so a second window can tell.
    _file_lock: Option<ProjectLock>,
    /// This project's autosave copy, locked so a crash leaves it recognisable as orphaned.
    recovery_key: String,
    _recovery_lock: Option<ProjectLock>,
    /// The project revision last written to the recovery copy, and when.
    autosaved_revision: Option<u64>,
    last_autosave: Option<f64>,
    /// The report of the last update of the article text, while its window is open.
    changes: Option<ChangesWindow>,
}

pub struct FactmarkApp {
    prefs: Preferences,
    prefs_store: PrefsStore,
    pub open: Option<OpenProject>,
    dialogs: FileDialogs,
    notices: Vec<Notice>,
    /// The unsaved-changes prompt is showing for this action.
    prompt: Option<PendingAction>,
    details: Option<DetailsEditor>,
    preferences_editor: Option<PreferencesEditor>,
    /// An export waiting for the organization name it needs.
    export_after_preferences: Option<ExportFormat>,
    show_shortcuts: bool,
    show_about: bool,
    /// The window may close (the user already answered the prompt, or nothing was unsaved).
    allow_close: bool,
    window_title: String,
    applied_theme: Option<ThemeChoice>,
    /// A text field had the keyboard at the end of the last frame.
    field_had_focus: bool,
    recovery: RecoveryStore,
    /// Work left by a crashed window, waiting for the user to restore or discard it.
    recovery_offers: Vec<RecoveryEntry>,
    /// Saving would overwrite changes someone else made to the file.
    conflict: Option<Conflict>,
    window_was_focused: Option<bool>,
    /// The glyphs of the app's text sizes are in the font atlas.
    glyphs_warmed: bool,
    /// An imported article waiting for the user to check it.
    import_preview: Option<ImportPreview>,
    /// No native file dialog could be shown: the path is asked for in the window instead.
    path_prompt: Option<PathPrompt>,
    /// The user chose "Discard" before picking an article for a new project: creating it
    /// needs no second question. Cleared by anything else.
    discard_approved: bool,
    /// New from clipboard was asked for at this time; the clipboard's text arrives as a paste
    /// event in a following frame.
    awaiting_clipboard: Option<f64>,
    /// A project whose article text was edited outside Factmark, waiting for "re-anchor?".
    reanchor_offer: Option<(PathBuf, Box<TextChanged>)>,
}

/// The file changed on disk since it was opened or saved here.
struct Conflict {
    /// What the save was for (closing, quitting…), to continue once resolved.
    then: Option<PendingAction>,
    /// Annotations that differ between the file on disk and the work here.
    differing: Option<usize>,
}

/// While there are unsaved changes, a recovery copy is written this often.
pub const AUTOSAVE_SECONDS: f64 = 30.0;

impl FactmarkApp {
    pub fn new(ctx: &egui::Context, startup: StartupOptions) -> Self {
        let (prefs, warning) = startup.prefs.load();
        // Arabic, Hebrew, Devanagari, CJK… faces from the system, so text in those scripts is
        // laid out with the face that will draw it.
        crate::text_layout::install_script_fonts(ctx);
        // Zoom goes through the command table (Ctrl+Plus/Minus/0), not egui's own keys.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        ctx.set_zoom_factor(prefs.zoom);
        let mut app = Self {
            prefs,
            prefs_store: startup.prefs,
            open: None,
            dialogs: FileDialogs::default(),
            notices: Vec::new(),
            prompt: None,
            details: None,
            preferences_editor: None,
            export_after_preferences: None,
            show_shortcuts: false,
            show_about: false,
            allow_close: false,
            window_title: String::new(),
            applied_theme: None,
            field_had_focus: false,
            recovery_offers: startup.recovery.orphans(),
            recovery: startup.recovery,
            conflict: None,
            window_was_focused: None,
            glyphs_warmed: false,
            import_preview: None,
            discard_approved: false,
            path_prompt: None,
            awaiting_clipboard: None,
            reanchor_offer: None,
        };
        if let Some(warning) = warning {
            app.error(warning);
        }
        if let Some(file) = startup.file {
            app.open_path(&file);
        } else if startup.reopen_last
            && let Some(last) = app.prefs.last_session.clone()
            && last.path.exists()
        {
            app.open_path(&last.path);
            // At the very top the article's header shows too; scrolling "to character 0"
            // would put the first paragraph at the top and hide it.
            if let Some(open) = &mut app.open
                && last.top_char > 0
            {
                open.view.scroll_to(last.top_char, Align::Min);
            }
        }
        app
    }

    pub fn preferences(&self) -> &Preferences {
        &self.prefs
    }

    fn info(&mut self, text: impl Into<String>) {
        self.notices.push(Notice {
            text: text.into(),
            error: false,
            shown_at: None,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.notices.push(Notice {
            text: text.into(),
            error: true,
            shown_at: None,
        });
    }

    /// Whether any notice currently shown is an error (for tests and the status bar).
    pub fn error_messages(&self) -> Vec<&str> {
        self.notices
            .iter()
            .filter(|n| n.error)
            .map(|n| n.text.as_str())
            .collect()
    }

    pub fn is_dirty(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.doc.is_dirty())
    }

    fn save_prefs(&mut self) {
        if let Some(open) = &self.open
            && let Some(path) = &open.doc.path
        {
            self.prefs.last_session = Some(LastSession {
                path: std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()),
                top_char: open.view.top_char,
            });
        }
        if let Err(e) = self.prefs_store.save(&self.prefs) {
            self.error(format!("Could not save preferences: {e}"));
        }
    }

    // ----- Opening and saving -----

    /// Open a project file, or start a new project from an article file. On failure the
    /// current project stays open and unchanged, and the error is shown.
    fn open_path(&mut self, path: &Path) {
        if project_file::looks_like_project(path) {
            match load_project_and_bytes(path) {
                Ok((project, bytes)) => {
                    let lock = match ProjectLock::acquire(path) {
                        LockOutcome::Locked(lock) => Some(lock),
                        LockOutcome::HeldElsewhere(who) => {
                            self.error(format!(
                                "{} is already open in another window ({who}). Close it there first: two windows \
                                 saving one file would overwrite each other's work.",
                                path.display()
                            ));
                            return;
                        }
                        // Some network folders cannot lock; the project still opens.
                        LockOutcome::Unavailable(_) => None,
                    };
                    self.show_document(
                        Document::opened(project, path.to_path_buf(), &bytes),
                        lock,
                        None,
                    );
                    self.prefs.add_recent(path);
                    self.save_prefs();
                }
                Err(e) if e.text_changed().is_some() => {
                    if let Ok(changed) = e.into_text_changed() {
                        self.reanchor_offer = Some((path.to_path_buf(), changed));
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
                            " (and {} more problems; `factmark check` lists them all)",
                            lines.len() - 1
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

    /// Replace the open project (whose work was saved or discarded) with `doc`.
    /// `recovery_key` reuses a recovered copy's key; otherwise one is derived.
    fn show_document(
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
        });
    }

    /// Close the open project: its work is saved or was discarded, so its recovery copy goes.
    fn close_current(&mut self) {
        if let Some(open) = self.open.take() {
            self.recovery.remove(&open.recovery_key);
        }
    }

    /// Read an article file and show it for checking before it becomes a project.
    fn preview_article_file(&mut self, path: &Path) {
        match import_file(path) {
            Ok(imported) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                self.import_preview =
                    Some(ImportPreview::new(name, with_retrieved_today(imported)));
            }
            Err(e) => {
                self.discard_approved = false;
                self.error(format!("Could not read the article. {e}"));
            }
        }
    }

    /// The clipboard's text arrived (after New from clipboard).
    fn preview_clipboard(&mut self, text: &str) {
        match import_clipboard(text) {
            Ok(imported) => {
                self.import_preview = Some(ImportPreview::new(
                    "the clipboard".into(),
                    with_retrieved_today(imported),
                ));
            }
            Err(e) => self.error(format!(
                "The clipboard has no article text to start from: {e}"
            )),
        }
    }

    /// Article ▸ Update text: re-anchor every annotation to a newer version of the article,
    /// as one undoable step, and show what happened.
    fn update_article_from(&mut self, path: &Path) {
        let imported = match import_file(path) {
            Ok(imported) => imported,
            Err(e) => {
                self.error(format!("Could not read the new version. {e}"));
                return;
            }
        };
        let Some(open) = &mut self.open else { return };
        let now = timestamp::now();
        let old_text = open.doc.project.article().text.clone();
        let metadata = merge_metadata(
            &open.doc.project.article().metadata,
            &imported.metadata,
            now.get(..10).map(str::to_string),
        );
        let update = update_article_text(&open.doc.project, &imported.text, metadata, &now);
        let counts = update.report.counts();
        if let Err(e) = open.doc.apply("update article text", update.edit) {
            self.error(format!("Could not update the article text: {e}"));
            return;
        }
        let new_text = open.doc.project.article().text.clone();
        open.changes = Some(ChangesWindow::new(update.report, Some(old_text), new_text));
        self.info(format!(
            "Article text updated: {counts}. Undo (Ctrl+Z) puts the old text back."
        ));
    }

    /// Show changes: the open report, or the last update's, compared again.
    fn show_last_changes(&mut self) {
        let Some(open) = &mut self.open else { return };
        if open.changes.is_some() {
            return;
        }
        let project = &open.doc.project;
        let Some(old) = project
            .revisions()
            .last()
            .and_then(|r| project.text_by_sha256(&r.text_sha256))
            .cloned()
        else {
            self.info("The article text has not been updated since this project began.");
            return;
        };
        let new = project.article().text.clone();
        let old_sha = crate::model::article::sha256_hex(old.as_str().as_bytes());
        let mut diff = crate::reanchor::diff_texts(&old, &new);
        let new_spans: Vec<(String, std::ops::Range<usize>)> = project
            .annotations()
            .iter()
            .map(|a| (a.id.clone(), a.range()))
            .collect();
        let old_spans: Vec<(String, std::ops::Range<usize>)> = project
            .all_annotations()
            .filter_map(|a| match &a.anchor {
                Some(anchor) if a.is_unplaced() => {
                    Some((a.id.clone(), a.range())).filter(|_| anchor.text_sha256 == old_sha)
                }
                Some(anchor) => anchor.was.as_ref().map(|w| (a.id.clone(), w.start..w.end)),
                None => None,
            })
            .collect();
        diff.mark_annotations(&old_spans, &new_spans);
        let report = crate::reanchor::ReanchorReport {
            diff: Some(diff),
            text_changed: true,
            ..Default::default()
        };
        open.changes = Some(ChangesWindow::new(report, Some(old), new));
    }

    fn answer_reanchor(&mut self, reanchor: bool) {
        let Some((path, changed)) = self.reanchor_offer.take() else {
            return;
        };
        if !reanchor {
            return;
        }
        match changed.reanchor(&timestamp::now()) {
            Ok((project, report)) => {
                let counts = report.counts();
                let lock = match ProjectLock::acquire(&path) {
                    LockOutcome::Locked(lock) => Some(lock),
                    LockOutcome::HeldElsewhere(who) => {
                        self.error(format!(
                            "{} is already open in another window ({who}).",
                            path.display()
                        ));
                        return;
                    }
                    LockOutcome::Unavailable(_) => None,
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

    fn open_sample(&mut self) {
        match parse_project(SAMPLE_PROJECT) {
            Ok(project) => self.show_document(Document::unsaved(project), None, None),
            Err(e) => self.error(format!("The bundled sample project is damaged: {e}")),
        }
    }

    /// Save to the project's file, or ask where when it has none. Returns whether it saved.
    fn save(&mut self, ctx: &egui::Context, then: Option<PendingAction>) -> bool {
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
    fn save_to(&mut self, path: &Path) -> bool {
        self.save_to_checked(path, true, None)
    }

    fn save_to_checked(
        &mut self,
        path: &Path,
        check_disk: bool,
        then: Option<PendingAction>,
    ) -> bool {
        let Some(open) = &mut self.open else {
            return false;
        };
        let same_file = open.doc.path.as_deref() == Some(path);
        if check_disk && same_file && open.doc.changed_on_disk() {
            let differing = load_project(path)
                .ok()
                .map(|theirs| open.doc.project.annotation_differences(&theirs));
            self.conflict = Some(Conflict { then, differing });
            return false;
        }
        let new_lock = if same_file {
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
                if !same_file {
                    open._file_lock = new_lock;
                    open.recovery_key = RecoveryStore::key_for(Some(path));
                    open._recovery_lock = self.recovery.claim(&open.recovery_key);
                }
                self.prefs.add_recent(path);
                self.save_prefs();
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

    fn answer_conflict(&mut self, ctx: &egui::Context, answer: dialogs::ConflictAnswer) {
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
                    // Same file, same window: keep holding its lock.
                    let lock = self.open.as_mut().and_then(|o| o._file_lock.take());
                    self.show_document(Document::opened(project, path, &bytes), lock, None);
                }
                Err(e) => self.error(format!("Could not reload: {e}. Your work is still open.")),
            },
        }
    }

    fn show_save_dialog(&mut self, ctx: &egui::Context, purpose: DialogPurpose) {
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

    fn show_open_dialog(&mut self, ctx: &egui::Context, purpose: DialogPurpose) {
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

    /// Ask where to export (a folder for brat). ClaimReview first needs the organization.
    fn start_export(&mut self, ctx: &egui::Context, format: ExportFormat) {
        let Some(open) = &self.open else { return };
        if format.needs_organization() && self.prefs.organization.is_none() {
            self.export_after_preferences = Some(format);
            self.preferences_editor = Some(PreferencesEditor::new(&self.prefs));
            self.info("ClaimReview names the organization that reviewed the claims: enter it in Preferences.");
            return;
        }
        let base = base_name(
            open.doc.path.as_deref(),
            &open.doc.project.article().metadata.title,
        );
        let directory = open.doc.path.as_deref().and_then(file_dialog::folder_of);
        let (kind, filters) = if format.writes_folder() {
            (DialogKind::Folder, Vec::new())
        } else {
            (
                DialogKind::SaveFile,
                vec![(
                    format.label().to_string(),
                    vec![format.extension().trim_start_matches('.').to_string()],
                )],
            )
        };
        self.dialogs.show(
            ctx,
            DialogRequest {
                purpose: DialogPurpose::Export(format),
                title: format!("Export: {}", format.label()),
                filters,
                directory,
                file_name: (!format.writes_folder()).then(|| format.default_file_name(&base)),
                kind,
            },
        );
    }

    fn finish_export(&mut self, format: ExportFormat, path: &Path) {
        let Some(open) = &self.open else { return };
        if open.doc.path.as_deref() == Some(path) {
            self.error("That is the open project's own file; choose another name for the export.");
            return;
        }
        let base = base_name(
            open.doc.path.as_deref(),
            &open.doc.project.article().metadata.title,
        );
        let options = ExportOptions::new(base, timestamp::now())
            .with_organization(self.prefs.organization.clone());
        // A file format's save dialog has already asked before replacing a file; a folder
        // dialog has not, so a brat export never replaces other text there.
        let replace = !format.writes_folder();
        match write_export(&open.doc.project, format, &options, path, replace) {
            Ok(()) => {
                let left_out = crate::export::left_out(&open.doc.project, format)
                    .map(|w| format!(" Note: {w}."))
                    .unwrap_or_default();
                self.info(format!(
                    "Exported {} to {}.{left_out}",
                    format.label(),
                    path.display()
                ));
            }
            Err(e) => self.error(format!("The export failed: {e}")),
        }
    }

    fn dialog_answered(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        path: Option<PathBuf>,
    ) {
        let Some(path) = path else {
            self.discard_approved = false;
            return;
        };
        match purpose {
            // An article chosen in Open goes through the same preview as New from article.
            DialogPurpose::OpenProject if !project_file::looks_like_project(&path) => {
                self.preview_article_file(&path);
            }
            DialogPurpose::OpenProject => self.open_path(&path),
            DialogPurpose::NewFromArticle => self.preview_article_file(&path),
            DialogPurpose::UpdateArticle => self.update_article_from(&path),
            DialogPurpose::SaveAs => {
                self.save_to(&with_project_extension(path));
            }
            DialogPurpose::Export(format) => self.finish_export(format, &path),
            DialogPurpose::SaveAsThen(then) => {
                if self.save_to(&with_project_extension(path)) {
                    self.perform(ctx, *then);
                }
            }
        }
    }

    /// Run `action` now if nothing is unsaved, else ask first.
    fn guard(&mut self, ctx: &egui::Context, action: PendingAction) {
        // "Discard" given before choosing an article answers for creating its project, and
        // for nothing else.
        let approved = std::mem::take(&mut self.discard_approved)
            && matches!(action, PendingAction::CreateImported(_));
        if self.is_dirty() && !approved {
            self.prompt = Some(action);
        } else {
            self.perform(ctx, action);
        }
    }

    /// Carry out an action that replaces or closes the project (already confirmed).
    fn perform(&mut self, ctx: &egui::Context, action: PendingAction) {
        match action {
            PendingAction::Quit => {
                self.save_prefs();
                self.close_current();
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            PendingAction::CloseProject => {
                self.save_prefs();
                self.prefs.last_session = None;
                self.close_current();
                self.save_prefs();
            }
            PendingAction::OpenPath(path) => self.open_path(&path),
            PendingAction::ShowOpenDialog => self.show_open_dialog(ctx, DialogPurpose::OpenProject),
            PendingAction::ShowNewDialog => {
                self.show_open_dialog(ctx, DialogPurpose::NewFromArticle)
            }
            PendingAction::OpenSample => self.open_sample(),
            PendingAction::CreateImported(article) => {
                let (metadata, text) = *article;
                let project = Project::new(
                    Article::new(metadata, ArticleText::new(text)),
                    &timestamp::now(),
                );
                self.show_document(Document::unsaved(project), None, None);
                self.info("New project. Save it (Ctrl+S) to keep your work.");
            }
        }
    }

    fn answer_prompt(&mut self, ctx: &egui::Context, answer: PromptAnswer) {
        let Some(action) = self.prompt.take() else {
            return;
        };
        match answer {
            PromptAnswer::Cancel => {}
            // Nothing is marked as saved: each action replaces or closes the project when it
            // really happens, and until then (a file dialog cancelled, a file that will not
            // open) the work stays open and unsaved.
            PromptAnswer::Discard => {
                self.discard_approved = matches!(
                    action,
                    PendingAction::ShowNewDialog | PendingAction::ShowOpenDialog
                );
                self.perform(ctx, action);
            }
            PromptAnswer::Save => {
                if self.save(ctx, Some(action.clone())) {
                    self.perform(ctx, action);
                }
            }
        }
    }

    // ----- Applying actions -----

    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Command(command) => self.run_command(ctx, command),
            Action::View(event) => self.view_event(event),
            Action::Panel(event) => self.panel_event(event),
            Action::Open(path) => self.guard(ctx, PendingAction::OpenPath(path)),
            Action::DialogEnded(DialogAnswer::Chosen(purpose, path)) => {
                self.dialog_answered(ctx, purpose, Some(path));
            }
            Action::DialogEnded(DialogAnswer::Cancelled(purpose)) => {
                self.dialog_answered(ctx, purpose, None);
            }
            Action::DialogEnded(DialogAnswer::Unavailable(request)) => {
                self.path_prompt = Some(PathPrompt::new(request));
            }
            Action::RemoveRecent(path) => {
                self.prefs.remove_recent(&path);
                self.save_prefs();
            }
            Action::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Action::Export(format) => self.start_export(ctx, format),
            Action::ExportTo(format, path) => self.finish_export(format, &path),
            Action::ImportArticle(path) => self.preview_article_file(&path),
            Action::UpdateArticleFrom(path) => self.update_article_from(&path),
        }
    }

    fn run_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command {
            UiCommand::NewFromArticle => self.guard(ctx, PendingAction::ShowNewDialog),
            UiCommand::OpenProject => self.guard(ctx, PendingAction::ShowOpenDialog),
            UiCommand::OpenSample => self.guard(ctx, PendingAction::OpenSample),
            UiCommand::NewFromClipboard => {
                // The clipboard's text comes back as a paste event.
                ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
                self.awaiting_clipboard = Some(ctx.input(|i| i.time));
            }
            UiCommand::UpdateArticle => {
                if let Some(open) = &self.open {
                    let directory = open.doc.path.as_deref().and_then(file_dialog::folder_of);
                    self.dialogs.show(
                        ctx,
                        DialogRequest {
                            purpose: DialogPurpose::UpdateArticle,
                            title: "Newer version of the article".into(),
                            filters: file_dialog::article_filters(),
                            directory,
                            file_name: None,
                            kind: DialogKind::OpenFile,
                        },
                    );
                }
            }
            UiCommand::ShowChanges => self.show_last_changes(),
            UiCommand::Save => {
                self.save(ctx, None);
            }
            UiCommand::SaveAs => {
                if self.open.is_some() {
                    self.show_save_dialog(ctx, DialogPurpose::SaveAs);
                }
            }
            UiCommand::CloseProject => {
                if self.open.is_some() {
                    self.guard(ctx, PendingAction::CloseProject);
                }
            }
            UiCommand::Quit => self.guard(ctx, PendingAction::Quit),
            UiCommand::Preferences => {
                self.preferences_editor = Some(PreferencesEditor::new(&self.prefs))
            }
            UiCommand::ArticleDetails => {
                if let Some(open) = &self.open {
                    self.details = Some(DetailsEditor::new(
                        open.doc.project.article().metadata.clone(),
                    ));
                }
            }
            UiCommand::ZoomIn => {
                egui::gui_zoom::zoom_in(ctx);
                self.prefs.zoom = ctx.zoom_factor();
            }
            UiCommand::ZoomOut => {
                egui::gui_zoom::zoom_out(ctx);
                self.prefs.zoom = ctx.zoom_factor();
            }
            UiCommand::ZoomReset => {
                ctx.set_zoom_factor(1.0);
                self.prefs.zoom = 1.0;
            }
            UiCommand::ThemeSystem => self.prefs.theme = ThemeChoice::System,
            UiCommand::ThemeLight => self.prefs.theme = ThemeChoice::Light,
            UiCommand::ThemeDark => self.prefs.theme = ThemeChoice::Dark,
            UiCommand::ShowShortcuts => self.show_shortcuts = !self.show_shortcuts,
            UiCommand::About => self.show_about = true,
            UiCommand::ClearSelection => {
                // Esc first leaves a text field, then closes the shortcuts window, then stops
                // linking, then clears selections.
                // (egui drops the focus on Esc before we run, so ask about the last frame.)
                if self.field_had_focus {
                    ctx.memory_mut(|m| m.stop_text_input());
                } else if self.show_shortcuts {
                    self.show_shortcuts = false;
                } else if let Some(open) = &mut self.open
                    && open.picking_claim_for.take().is_none()
                {
                    open.view.clear_selection();
                    open.doc.selected = None;
                }
            }
            UiCommand::Find => {
                if let Some(open) = &mut self.open {
                    open.panel.focus_search();
                }
            }
            UiCommand::Undo | UiCommand::Redo => {
                let Some(open) = &mut self.open else { return };
                let result = if command == UiCommand::Undo {
                    open.doc.undo()
                } else {
                    open.doc.redo()
                };
                match result {
                    Ok(Some(label)) => {
                        let verb = if command == UiCommand::Undo {
                            "Undid"
                        } else {
                            "Redid"
                        };
                        self.info(format!("{verb}: {label}"));
                    }
                    Ok(None) => {}
                    Err(e) => {
                        self.error(format!("Could not {}: {e}", command.text().to_lowercase()))
                    }
                }
            }
            UiCommand::TagClaim => self.tag(Kind::Claim),
            UiCommand::TagSource => self.tag(Kind::Source),
            UiCommand::TagDispute => self.tag(Kind::Dispute),
            UiCommand::DeleteAnnotation => {
                if let Some(id) = self.open.as_ref().and_then(|o| o.doc.selected.clone()) {
                    self.panel_event(PanelEvent::Delete(id));
                }
            }
            UiCommand::LinkToClaim => {
                let Some(open) = &mut self.open else { return };
                match open.doc.selected.as_deref().and_then(|id| open.doc.project.annotation(id)) {
                    Some(a) if a.kind.links_to_claims() => open.picking_claim_for = Some(a.id.clone()),
                    _ => self.info("Select a source or dispute first, then press L and click the claim it bears on."),
                }
            }
            UiCommand::NextAnnotation | UiCommand::PreviousAnnotation => {
                self.step_annotation(command == UiCommand::NextAnnotation);
            }
        }
    }

    /// Tag the text selection; with no text selection, change the selected annotation's kind.
    fn tag(&mut self, kind: Kind) {
        let Some(open) = &mut self.open else { return };
        let now = timestamp::now();
        if let Some(range) = open.view.selected_range() {
            let text = &open.doc.project.article().text;
            let range = text_selection::trim_whitespace(text, range);
            if range.is_empty() {
                self.info("Nothing to tag: the selection is only spaces.");
                return;
            }
            let author = self.prefs.author.clone();
            let result = open
                .doc
                .project
                .make_annotation(kind, range, author, &now)
                .and_then(|a| {
                    let id = a.id.clone();
                    open.doc.apply(
                        &format!("add {}", kind.as_str()),
                        crate::model::Edit::Add(a),
                    )?;
                    Ok(id)
                });
            match result {
                Ok(id) => {
                    open.doc.selected = Some(id);
                    open.view.clear_selection();
                    open.panel.reveal_selected();
                    open.panel.focus_note();
                }
                Err(e) => self.error(format!("Could not add the {}: {e}", kind.as_str())),
            }
        } else if let Some(id) = open.doc.selected.clone() {
            self.panel_event(PanelEvent::SetKind(id, kind));
        } else {
            self.info(format!(
                "Select some text first, then press {} to tag it as a {}.",
                theme::kind_letter(kind),
                kind.as_str()
            ));
        }
    }

    fn step_annotation(&mut self, forward: bool) {
        let Some(open) = &mut self.open else { return };
        let project = &open.doc.project;
        open.index.update(project);
        let list = open.panel.filtered(project, &mut open.index).to_vec();
        if list.is_empty() {
            return;
        }
        let current = open
            .doc
            .selected
            .as_deref()
            .and_then(|id| list.iter().position(|&i| project.annotations()[i].id == id));
        let next = match (current, forward) {
            (Some(k), true) => (k + 1).min(list.len() - 1),
            (Some(k), false) => k.saturating_sub(1),
            // Nothing selected, with a search or filter: its first (or last) result.
            (None, true) if open.panel.is_filtered() => 0,
            (None, false) if open.panel.is_filtered() => list.len() - 1,
            // Nothing selected: start from where the reader is.
            (None, true) => list
                .iter()
                .position(|&i| project.annotations()[i].start >= open.view.top_char)
                .unwrap_or(list.len() - 1),
            (None, false) => list
                .iter()
                .rposition(|&i| project.annotations()[i].start < open.view.top_char)
                .unwrap_or(0),
        };
        let a = &project.annotations()[list[next]];
        let (id, start) = (a.id.clone(), a.start);
        open.doc.selected = Some(id);
        open.view.reveal(start);
        open.panel.reveal_selected();
    }

    fn view_event(&mut self, event: ViewEvent) {
        let Some(open) = &mut self.open else { return };
        match event {
            ViewEvent::SelectAnnotation(id) => {
                open.doc.selected = id;
                open.panel.reveal_selected();
            }
            ViewEvent::Tag(kind) => self.tag(kind),
            ViewEvent::PickedClaim(claim) => {
                if let Some(source) = open.picking_claim_for.take() {
                    let now = timestamp::now();
                    if let Some(edit) = open.doc.project.edit_link(&source, &claim, &now)
                        && let Err(e) = open.doc.apply("link to claim", edit)
                    {
                        self.error(format!("Could not link: {e}"));
                    }
                }
            }
            ViewEvent::PickMissed => {
                self.info("Click a highlighted claim to link it, or press Esc to stop linking.")
            }
        }
    }

    fn panel_event(&mut self, event: PanelEvent) {
        let Some(open) = &mut self.open else { return };
        let now = timestamp::now();
        let project = &open.doc.project;
        let (label, edit) = match event {
            PanelEvent::Select(id) => {
                if let Some(a) = project.annotation(&id) {
                    open.view.reveal(a.start);
                }
                open.doc.selected = Some(id);
                return;
            }
            PanelEvent::PlaceAtSelection(id) => {
                let Some(range) = open.view.selected_range() else {
                    return;
                };
                match project.edit_set_span(&id, range, &now) {
                    Ok(edit) => {
                        if let Err(e) = open.doc.apply("place annotation", edit) {
                            self.error(format!("Could not place it there: {e}"));
                        } else {
                            open.view.clear_selection();
                        }
                    }
                    Err(e) => self.error(format!("Could not place it there: {e}")),
                }
                return;
            }
            PanelEvent::ConfirmAnchor(id) => (
                "confirm placement".to_string(),
                project.edit_confirm_anchor(&id, &now),
            ),
            PanelEvent::PickClaim(id) => {
                open.picking_claim_for = Some(id);
                return;
            }
            PanelEvent::EndTyping => {
                open.doc.end_merge();
                open.typing_session += 1;
                return;
            }
            PanelEvent::SetNote(id, note) => {
                let key = format!("note:{id}:{}", open.typing_session);
                if let Some(edit) = project.edit_set_note(&id, &note, &now)
                    && let Err(e) = open.doc.apply_merging("edit note", edit, key)
                {
                    self.error(format!("Could not change the note: {e}"));
                }
                return;
            }
            PanelEvent::SetReference(id, reference) => {
                let key = format!("reference:{id}:{}", open.typing_session);
                if let Some(edit) = project.edit_set_reference(&id, &reference, &now)
                    && let Err(e) = open.doc.apply_merging("edit reference", edit, key)
                {
                    self.error(format!("Could not change the reference: {e}"));
                }
                return;
            }
            PanelEvent::SetKind(id, kind) => (
                format!("make {}", kind.as_str()),
                project.edit_set_kind(&id, kind, &now),
            ),
            PanelEvent::SetVerdict(id, verdict) => (
                "set verdict".to_string(),
                project.edit_set_verdict(&id, verdict, &now),
            ),
            PanelEvent::Link(id, claim) => (
                "link to claim".to_string(),
                project.edit_link(&id, &claim, &now),
            ),
            PanelEvent::Unlink(id, claim) => (
                "unlink claim".to_string(),
                project.edit_unlink(&id, &claim, &now),
            ),
            PanelEvent::Delete(id) => {
                let kind = project
                    .annotation(&id)
                    .map(|a| a.kind.as_str())
                    .unwrap_or("annotation");
                (format!("delete {kind}"), project.edit_remove(&id, &now))
            }
        };
        let Some(edit) = edit else { return };
        if let Err(e) = open.doc.apply(&label, edit) {
            self.error(format!("Could not {label}: {e}"));
        }
        let open = self.open.as_mut().expect("checked above");
        if open
            .doc
            .selected
            .as_deref()
            .is_some_and(|id| open.doc.project.find(id).is_none())
        {
            open.doc.selected = None;
        }
    }

    // ----- Drawing -----

    fn sync_window(&mut self, ctx: &egui::Context) {
        if self.applied_theme != Some(self.prefs.theme) {
            ctx.set_theme(match self.prefs.theme {
                ThemeChoice::System => egui::ThemePreference::System,
                ThemeChoice::Light => egui::ThemePreference::Light,
                ThemeChoice::Dark => egui::ThemePreference::Dark,
            });
            self.applied_theme = Some(self.prefs.theme);
        }
        let title = match &self.open {
            Some(open) => format!(
                "{}{} — Factmark",
                if open.doc.is_dirty() { "• " } else { "" },
                open.doc.display_name()
            ),
            None => "Factmark".to_string(),
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// The window title as last set (for tests).
    pub fn window_title(&self) -> &str {
        &self.window_title
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.allow_close {
            return;
        }
        if self.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.prompt = Some(PendingAction::Quit);
        } else {
            self.save_prefs();
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().find(|p| !p.as_os_str().is_empty()) {
            if project_file::looks_like_project(&path) {
                actions.push(Action::Open(path));
            } else {
                self.preview_article_file(&path);
            }
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let has_project = self.open.is_some();
        let undo_label = self
            .open
            .as_ref()
            .and_then(|o| o.doc.history.undo_label().map(str::to_string));
        let redo_label = self
            .open
            .as_ref()
            .and_then(|o| o.doc.history.redo_label().map(str::to_string));
        let has_selection = self
            .open
            .as_ref()
            .is_some_and(|o| o.view.selected_range().is_some() || o.doc.selected.is_some());
        let has_selected_annotation = self.open.as_ref().is_some_and(|o| o.doc.selected.is_some());
        fn command(ui: &mut Ui, c: UiCommand, enabled: bool, actions: &mut Vec<Action>) {
            if c.menu_item(ui, enabled) {
                actions.push(Action::Command(c));
            }
        }
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                command(ui, UiCommand::NewFromArticle, true, actions);
                command(ui, UiCommand::OpenProject, true, actions);
                ui.menu_button("Open recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.weak("No recent projects");
                    }
                    for path in self.prefs.recent.clone() {
                        recent_entry(ui, &path, actions);
                    }
                });
                ui.separator();
                command(ui, UiCommand::Save, has_project, actions);
                command(ui, UiCommand::SaveAs, has_project, actions);
                ui.add_enabled_ui(has_project, |ui| {
                    ui.menu_button("Export", |ui| {
                        for format in ExportFormat::ALL {
                            if ui
                                .button(format!("{}…", format.label()))
                                .on_hover_text(export_tooltip(format))
                                .clicked()
                            {
                                actions.push(Action::Export(format));
                            }
                        }
                    });
                });
                ui.separator();
                command(ui, UiCommand::ArticleDetails, has_project, actions);
                command(ui, UiCommand::CloseProject, has_project, actions);
                ui.separator();
                command(ui, UiCommand::Quit, true, actions);
            });
            ui.menu_button("Edit", |ui| {
                let undo_text = undo_label
                    .as_ref()
                    .map_or("Undo".to_string(), |l| format!("Undo {l}"));
                if UiCommand::Undo.menu_item_with_text(ui, undo_label.is_some(), &undo_text) {
                    actions.push(Action::Command(UiCommand::Undo));
                }
                let redo_text = redo_label
                    .as_ref()
                    .map_or("Redo".to_string(), |l| format!("Redo {l}"));
                if UiCommand::Redo.menu_item_with_text(ui, redo_label.is_some(), &redo_text) {
                    actions.push(Action::Command(UiCommand::Redo));
                }
                ui.separator();
                command(ui, UiCommand::TagClaim, has_selection, actions);
                command(ui, UiCommand::TagSource, has_selection, actions);
                command(ui, UiCommand::TagDispute, has_selection, actions);
                command(ui, UiCommand::LinkToClaim, has_selected_annotation, actions);
                command(
                    ui,
                    UiCommand::DeleteAnnotation,
                    has_selected_annotation,
                    actions,
                );
                ui.separator();
                command(ui, UiCommand::Find, has_project, actions);
                command(ui, UiCommand::NewFromClipboard, true, actions);
                command(ui, UiCommand::Preferences, true, actions);
                command(ui, UiCommand::ClearSelection, has_project, actions);
            });
            ui.menu_button("Article", |ui| {
                command(ui, UiCommand::UpdateArticle, has_project, actions);
                command(ui, UiCommand::ShowChanges, has_project, actions);
                command(ui, UiCommand::ArticleDetails, has_project, actions);
            });
            ui.menu_button("View", |ui| {
                command(ui, UiCommand::NextAnnotation, has_project, actions);
                command(ui, UiCommand::PreviousAnnotation, has_project, actions);
                ui.separator();
                command(ui, UiCommand::ZoomIn, true, actions);
                command(ui, UiCommand::ZoomOut, true, actions);
                command(ui, UiCommand::ZoomReset, true, actions);
                ui.separator();
                for (c, choice) in [
                    (UiCommand::ThemeSystem, ThemeChoice::System),
                    (UiCommand::ThemeLight, ThemeChoice::Light),
                    (UiCommand::ThemeDark, ThemeChoice::Dark),
                ] {
                    if ui
                        .radio(self.prefs.theme == choice, c.text())
                        .on_hover_text(c.tooltip())
                        .clicked()
                    {
                        actions.push(Action::Command(c));
                    }
                }
            });
            ui.menu_button("Help", |ui| {
                command(ui, UiCommand::ShowShortcuts, true, actions);
                command(ui, UiCommand::OpenSample, true, actions);
                command(ui, UiCommand::About, true, actions);
            });
        });
    }

    fn status_bar(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let Some(open) = &self.open else {
                ui.weak("No project open");
                return;
            };
            let dark = ui.visuals().dark_mode;
            let counts = open.doc.project.counts();
            for kind in Kind::ALL {
                let n = counts.get(kind);
                let name = if n == 1 {
                    kind.as_str().to_string()
                } else {
                    format!("{}s", kind.as_str())
                };
                ui.label(RichText::new(format!("{n} {name}")).color(theme::kind_color(kind, dark)));
            }
            ui.separator();
            match &open.doc.path {
                Some(path) => ui.weak(path.display().to_string()),
                None => ui.weak("not saved yet"),
            };
            if open.doc.is_dirty() {
                ui.separator();
                ui.label(RichText::new("Unsaved changes").color(ui.visuals().warn_fg_color));
            } else if open.doc.path.is_some() {
                // (A project never saved says so already: "not saved yet".)
                ui.separator();
                ui.weak("Saved");
            }
            if open.picking_claim_for.is_some() {
                ui.separator();
                ui.label(RichText::new("Click a claim to link it (Esc to cancel)").strong());
            }
        });
    }

    fn notices_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let now = ui.input(|i| i.time);
        // Information fades after a few seconds; errors stay until dismissed.
        self.notices
            .retain(|n| n.error || n.shown_at.is_none_or(|t| now - t < 6.0));
        for (i, notice) in self.notices.iter_mut().enumerate() {
            notice.shown_at.get_or_insert(now);
            let color = if notice.error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().text_color()
            };
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
                        actions.push(Action::DismissNotice(i));
                    }
                    ui.add(egui::Label::new(RichText::new(&notice.text).color(color)).wrap());
                });
            });
        }
        if self.notices.iter().any(|n| !n.error) {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
        }
    }

    fn welcome_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.12);
            ui.heading(RichText::new("Factmark").size(34.0));
            ui.label("Highlight claims, sources and disputes in news articles, and hand the work to an editor.");
            ui.add_space(18.0);
            for c in [UiCommand::NewFromArticle, UiCommand::OpenProject, UiCommand::OpenSample] {
                let text = match c.shortcut_text(ui.ctx()) {
                    Some(s) => format!("{}   {s}", c.text()),
                    None => c.text().to_string(),
                };
                if ui
                    .add_sized([280.0, 32.0], egui::Button::new(text))
                    .on_hover_text(c.tooltip())
                    .clicked()
                {
                    actions.push(Action::Command(c));
                }
            }
            ui.add_space(18.0);
            if !self.prefs.recent.is_empty() {
                ui.strong("Recent projects");
                for path in &self.prefs.recent {
                    recent_entry(ui, path, actions);
                }
            }
        });
    }
}

fn export_tooltip(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Html => {
            "A printable report for an editor: the article with highlights, every claim with its evidence"
        }
        ExportFormat::Markdown => "The review memo as Markdown",
        ExportFormat::Csv => "One row per annotation, for spreadsheets",
        ExportFormat::W3c => "W3C Web Annotations (JSON-LD), for annotation tools",
        ExportFormat::ClaimReview => {
            "schema.org ClaimReview for each rated claim, for search engines and fact-check databases"
        }
        ExportFormat::Brat => "brat standoff files (text and annotations) in a folder",
        ExportFormat::Json => "A copy of the project file",
    }
}

/// One recent project: opens on click; greyed (with a remove button) when the file is gone.
fn recent_entry(ui: &mut Ui, path: &Path, actions: &mut Vec<Action>) {
    // The folder too: the same file name in two case folders is common.
    let name = match (path.file_name(), path.parent()) {
        (Some(name), Some(folder)) if !folder.as_os_str().is_empty() => {
            format!("{}  —  {}", name.to_string_lossy(), folder.display())
        }
        _ => path.display().to_string(),
    };
    if path.exists() {
        if ui
            .button(&name)
            .on_hover_text(path.display().to_string())
            .clicked()
        {
            actions.push(Action::Open(path.to_path_buf()));
            ui.close();
        }
    } else {
        ui.horizontal(|ui| {
            ui.add_enabled(false, egui::Button::new(&name))
                .on_disabled_hover_text(format!("{} no longer exists", path.display()));
            if ui
                .small_button("✖")
                .on_hover_text("Remove from the list")
                .clicked()
            {
                actions.push(Action::RemoveRecent(path.to_path_buf()));
            }
        });
    }
}

/// Rasterize the common glyphs of the sizes the article and panel use, once, on the first
/// frame (usually the welcome screen), so opening a project does not pay for it: about 1.5 ms
/// of the first frame of a project otherwise.
fn warm_glyph_atlas(ctx: &egui::Context) {
    let common: String = (' '..='~').chain("“”‘’—–…·".chars()).collect();
    let sizes = [
        article_view::READING_SIZE,
        article_view::READING_SIZE * 1.55,
        annotation_panel::ROW_FONT_SIZE,
        annotation_panel::ROW_NOTE_FONT_SIZE,
        12.0,
    ];
    ctx.fonts_mut(|fonts| {
        for size in sizes {
            let job = egui::text::LayoutJob::simple_singleline(
                common.clone(),
                egui::FontId::proportional(size),
                egui::Color32::PLACEHOLDER,
            );
            fonts.layout_job(job);
        }
    });
}

/// An article taken today, unless the page said when.
fn with_retrieved_today(
    mut imported: crate::import::ImportedArticle,
) -> crate::import::ImportedArticle {
    imported
        .metadata
        .retrieved
        .get_or_insert_with(|| timestamp::now()[..10].to_string());
    imported
}

/// A file name from the article title: letters, digits and dashes.
fn file_stem_for(project: &Project) -> String {
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
fn with_project_extension(path: PathBuf) -> PathBuf {
    if project_file::looks_like_project(&path) {
        path
    } else {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{}", project_file::EXTENSION));
        path.with_file_name(name)
    }
}

impl eframe::App for FactmarkApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn on_exit(&mut self) {
        self.save_prefs();
        // A clean exit: nothing unsaved is left (the prompt saw to that).
        if !self.is_dirty() {
            self.close_current();
        }
    }
}

impl FactmarkApp {
    /// Show a project that is already in memory (the command line, tests and benchmarks use
    /// this; the UI goes through [`Action::Open`]).
    pub fn open_project(&mut self, project: Project, path: Option<PathBuf>) {
        let doc = match path {
            Some(path) => {
                let bytes = crate::project_file::project_to_json(&project);
                Document::opened(project, path, &bytes)
            }
            None => Document::unsaved(project),
        };
        self.show_document(doc, None, None);
    }

    /// One frame of the whole window, without eframe (benchmarks drive this headless).
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !std::mem::replace(&mut self.glyphs_warmed, true) {
            warm_glyph_atlas(&ctx);
        }
        let mut actions: Vec<Action> = Vec::new();
        // Actions that windows drawn after the panels ask for.
        let mut actions_after: Vec<Action> = Vec::new();

        if let Some(answer) = self.dialogs.poll() {
            self.apply(&ctx, Action::DialogEnded(answer));
        }
        if let Some(prompt) = &mut self.path_prompt
            && let Some(answer) = prompt.ui(&ctx)
        {
            let purpose = prompt.request.purpose.clone();
            self.path_prompt = None;
            self.dialog_answered(&ctx, purpose, answer);
        }
        self.handle_close_request(&ctx);
        self.handle_dropped_files(&ctx, &mut actions);
        if let Some(asked) = self.awaiting_clipboard {
            let pasted = ctx.input(|i| {
                i.events.iter().find_map(|e| match e {
                    egui::Event::Paste(text) => Some(text.clone()),
                    _ => None,
                })
            });
            if let Some(text) = pasted {
                self.awaiting_clipboard = None;
                self.preview_clipboard(&text);
            } else if ctx.input(|i| i.time) - asked > 1.5 {
                self.awaiting_clipboard = None;
                self.info("The clipboard has no text to start a project from.");
            } else {
                ctx.request_repaint();
            }
        }
        let modal_open = self.prompt.is_some()
            || self.conflict.is_some()
            || !self.recovery_offers.is_empty()
            || self.reanchor_offer.is_some();
        if !modal_open {
            actions.extend(UiCommand::pressed(&ctx).into_iter().map(Action::Command));
        }

        egui::Panel::top("menu-bar").show(ui, |ui| self.menu_bar(ui, &mut actions));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_bar(ui));
        if let Some(open) = &mut self.open {
            open.index.update(&open.doc.project);
            let mut panel_events = Vec::new();
            // Never more than half the window: the article is what is being read.
            let half = (ui.available_width() * 0.5).max(260.0);
            egui::Panel::right("annotations")
                .resizable(true)
                .default_size(380.0_f32.min(half))
                .min_size(260.0)
                .max_size(half)
                .show(ui, |ui| {
                    ui.add_space(4.0);
                    let selected = open.doc.selected.clone();
                    let has_text_selection = open.view.selected_range().is_some();
                    open.panel.ui(
                        ui,
                        &open.doc.project,
                        &mut open.index,
                        selected.as_deref(),
                        has_text_selection,
                        &mut panel_events,
                    );
                });
            actions.extend(panel_events.into_iter().map(Action::Panel));
        }
        egui::CentralPanel::default().show(ui, |ui| match &mut self.open {
            Some(open) => {
                let mut view_events = Vec::new();
                let input = ViewInput {
                    project: &open.doc.project,
                    index: &open.index,
                    selected: open.doc.selected.as_deref(),
                    picking_claim: open.picking_claim_for.is_some(),
                };
                open.view.ui(ui, &input, &mut view_events);
                actions.extend(view_events.into_iter().map(Action::View));
            }
            None => self.welcome_ui(ui, &mut actions),
        });

        // Notices float above the status bar: they never push the article down (a click
        // aimed at a word would land on another when one appears or fades).
        if !self.notices.is_empty() {
            egui::Area::new(egui::Id::unique("notices"))
                .order(egui::Order::Foreground)
                .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -34.0))
                .show(&ctx, |ui| {
                    ui.set_max_width(560.0);
                    self.notices_ui(ui, &mut actions);
                });
        }
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            egui::Area::new(egui::Id::unique("drop-hint"))
                .order(egui::Order::Foreground)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(&ctx, |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| ui.heading("Drop to open"));
                });
        }

        if let Some(editor) = &mut self.details {
            match editor.ui(&ctx) {
                DetailsOutcome::Open => {}
                DetailsOutcome::Cancel => self.details = None,
                DetailsOutcome::Apply(metadata) => {
                    self.details = None;
                    if let Some(open) = &mut self.open {
                        let edit = open.doc.project.edit_metadata(metadata);
                        if let Err(e) = open.doc.apply("edit article details", edit) {
                            self.error(format!("Could not change the article details: {e}"));
                        }
                    }
                }
            }
        }
        if let Some(editor) = &mut self.preferences_editor
            && let Some(apply) = editor.ui(&ctx)
        {
            let editor = self.preferences_editor.take().expect("shown above");
            let pending_export = self.export_after_preferences.take();
            if apply {
                let clean = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
                self.prefs.author = clean(editor.author);
                self.prefs.organization = clean(editor.organization);
                self.save_prefs();
                if let Some(format) = pending_export {
                    actions_after.push(Action::Export(format));
                }
            }
        }
        if let Some(preview) = &mut self.import_preview {
            match preview.ui(&ctx) {
                PreviewOutcome::Open => {}
                PreviewOutcome::Cancel => {
                    self.import_preview = None;
                    self.discard_approved = false;
                }
                PreviewOutcome::Create(metadata, text) => {
                    self.import_preview = None;
                    self.guard(
                        &ctx,
                        PendingAction::CreateImported(Box::new((metadata, text))),
                    );
                }
            }
        }
        if let Some(open) = &mut self.open
            && let Some(changes) = &mut open.changes
        {
            match changes.ui(&ctx, &open.doc.project) {
                Some(ChangesEvent::Close) => open.changes = None,
                Some(ChangesEvent::Select(id)) => {
                    actions_after.push(Action::Panel(PanelEvent::Select(id)))
                }
                None => {}
            }
        }
        if let Some((path, changed)) = &self.reanchor_offer
            && let Some(answer) = dialogs::reanchor_prompt(&ctx, path, changed.annotation_count())
        {
            self.answer_reanchor(answer);
        }
        dialogs::shortcuts_window(&ctx, &mut self.show_shortcuts);
        dialogs::about_window(&ctx, &mut self.show_about);
        if let Some(conflict) = &self.conflict {
            let name = self
                .open
                .as_ref()
                .map(|o| o.doc.display_name())
                .unwrap_or_default();
            if let Some(answer) = dialogs::conflict_prompt(&ctx, &name, conflict.differing) {
                self.answer_conflict(&ctx, answer);
            }
        } else if let Some(entry) = self.recovery_offers.first() {
            if let Some(answer) = dialogs::recovery_prompt(&ctx, entry) {
                self.answer_recovery(answer);
            }
        } else if let Some(pending) = &self.prompt {
            let name = self
                .open
                .as_ref()
                .map(|o| o.doc.display_name())
                .unwrap_or_default();
            if let Some(answer) = dialogs::unsaved_changes_prompt(&ctx, &name, pending.describe()) {
                self.answer_prompt(&ctx, answer);
            }
        }

        for action in actions.into_iter().chain(actions_after) {
            self.apply(&ctx, action);
        }
        self.autosave(&ctx);
        self.sync_window(&ctx);
        self.field_had_focus = ctx.egui_wants_keyboard_input();
    }

    /// Write the recovery copy when there are unsaved changes: every 30 seconds, and when the
    /// window loses focus (the user may be about to do something risky elsewhere).
    fn autosave(&mut self, ctx: &egui::Context) {
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

    /// Work left by a crashed window, offered at start-up (for tests).
    pub fn recovery_offers(&self) -> usize {
        self.recovery_offers.len()
    }

    fn answer_recovery(&mut self, answer: dialogs::RecoveryAnswer) {
        if self.recovery_offers.is_empty() {
            return;
        }
        let entry = self.recovery_offers.remove(0);
        match answer {
            dialogs::RecoveryAnswer::Restore => match self.recovery.load(&entry.key) {
                Ok(project) => {
                    let path = entry.info.original.clone();
                    let lock = match path.as_deref().map(ProjectLock::acquire) {
                        Some(LockOutcome::Locked(lock)) => Some(lock),
                        _ => None,
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
