//! The desktop app (eframe/egui). Panels send actions; [`FactmarkApp::apply`] is the one
//! place that carries them out, so menus, shortcuts and buttons always agree.

mod actions;
pub mod annotation_panel;
pub mod article_update;
pub mod article_view;
mod author_ask;
pub mod bidi_text;
pub mod claim_record_ui;
pub mod commands;
pub mod compare_ui;
pub mod conflicts_ui;
pub mod dialogs;
pub mod document;
mod editing;
mod export_flow;
pub mod file_dialog;
mod files;
mod frame;
pub mod highlight_index;
mod import_flow;
mod kind_change;
mod library_flow;
pub mod library_panel;
pub mod library_window;
pub mod library_worker;
mod menus;
pub mod missing_fonts;
pub mod prefs;
pub mod project_index;
pub mod recovery;
mod repair_flow;
pub mod review_ui;
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
    run_with_library(file, None)
}

/// Open the window with the claim library in `library` (`--library DIR`); `None`: the
/// default one (`FACTMARK_LIBRARY`, else the platform data folder).
pub fn run_with_library(file: Option<PathBuf>, library: Option<PathBuf>) -> ExitCode {
    let library = library.map_or(library_worker::LibraryLocation::Default, |dir| {
        library_worker::LibraryLocation::Dir(dir)
    });
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
        Box::new(move |cc| {
            let mut app = FactmarkApp::new(&cc.egui_ctx, startup);
            app.use_library(Some(library));
            Ok(Box::new(app))
        }),
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
    /// Whether the article's scripts were checked against the fonts (once per opening).
    fonts_checked: bool,
    /// File ▸ Compare with…: the other checker's project, while comparing.
    pub compare: Option<compare_ui::CompareSession>,
}

pub struct FactmarkApp {
    prefs: Preferences,
    prefs_store: PrefsStore,
    pub open: Option<OpenProject>,
    dialogs: FileDialogs,
    notices: Vec<Notice>,
    /// "+N more" was clicked: every notice is listed, not only the newest.
    notices_expanded: bool,
    /// The unsaved-changes prompt is showing for this action.
    prompt: Option<PendingAction>,
    details: Option<DetailsEditor>,
    preferences_editor: Option<PreferencesEditor>,
    /// An export waiting for the organization name it needs.
    export_after_preferences: Option<ExportFormat>,
    /// File ▸ Export ▸ "Include claims not yet approved" (ClaimReview).
    pub export_unapproved: bool,
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
    /// A project that opens with its broken annotations set aside, waiting for "open?".
    repair_offer: Option<repair_flow::RepairOffer>,
    /// The "Needs repair" window is showing.
    show_repairs: bool,
    /// A kind change that would lose something, waiting for the user's yes.
    kind_change: Option<kind_change::KindChange>,
    /// Where the annotation panel was drawn in the last frame (`None`: hidden).
    panel_rect: Option<egui::Rect>,
    /// "3 of 17" while searching the annotations, for the status bar.
    search_status: Option<String>,
    /// The user's name is being asked for, below the article (once, at the first annotation).
    author_prompt: Option<author_ask::AuthorAsk>,
    /// The claim library: its worker thread and its window.
    library: library_flow::LibraryUi,
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
            notices_expanded: false,
            prompt: None,
            details: None,
            preferences_editor: None,
            export_after_preferences: None,
            export_unapproved: false,
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
            repair_offer: None,
            show_repairs: false,
            kind_change: None,
            panel_rect: None,
            search_status: None,
            author_prompt: None,
            library: Default::default(),
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

    /// Never show the system's file dialogs: ask for paths in the window (tests use this to
    /// drive the file flows without a desktop portal).
    pub fn use_in_window_file_prompts(&mut self) {
        self.dialogs.set_native(false);
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
    /// Every notice showing, errors and information, oldest first.
    pub fn notice_messages(&self) -> Vec<&str> {
        self.notices.iter().map(|n| n.text.as_str()).collect()
    }

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
            self.prefs.remember(
                path,
                &open.doc.project.article().metadata.title,
                open.view.top_char,
            );
        }
        if let Err(e) = self.prefs_store.save(&self.prefs) {
            self.error(format!("Could not save preferences: {e}"));
        }
    }

    // ----- Opening and saving -----

    // ----- Applying actions -----

    // ----- Drawing -----

    /// Where the annotation panel was drawn in the last frame; `None` when hidden.
    pub fn annotation_panel_rect(&self) -> Option<egui::Rect> {
        self.panel_rect
    }

    /// The window title as last set (for tests).
    pub fn window_title(&self) -> &str {
        &self.window_title
    }
}

impl eframe::App for FactmarkApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn on_exit(&mut self) {
        self.save_prefs();
        self.library
            .worker
            .finish(std::time::Duration::from_secs(5));
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

    /// Work left by a crashed window, offered at start-up (for tests).
    pub fn recovery_offers(&self) -> usize {
        self.recovery_offers.len()
    }
}
