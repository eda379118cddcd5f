//! The claim library in the app: the worker's answers, the Library window, the panel's
//! "checked before" line, "find earlier checks for every claim", and adding a project to
//! the library when it is saved. Every search runs on the worker thread; a frame only
//! sends jobs and reads answers.

use super::library_panel::{self, CLAIM_SEARCH_LIMIT, LibraryEvent};
use super::library_window::{LibraryWindow, WINDOW_LIMIT, WindowEvent};
use super::library_worker::{LibraryLocation, LibraryWorker, Reply, SearchFor};
use super::*;

/// The app's library state (the per-project part is in the panel).
pub struct LibraryUi {
    pub worker: LibraryWorker,
    window: Option<LibraryWindow>,
    /// A project opened from the Library window, and the annotation to select once it is.
    select_after_open: Option<(PathBuf, String)>,
}

impl Default for LibraryUi {
    fn default() -> Self {
        Self {
            worker: LibraryWorker::new(None),
            window: None,
            select_after_open: None,
        }
    }
}

impl FactmarkApp {
    /// Use the claim library at `location` (`None`: no library). The app made by
    /// [`FactmarkApp::new`] has none, so tests and benchmarks never touch the user's; the
    /// desktop app uses `--library DIR`, `FACTMARK_LIBRARY` or the platform data folder.
    pub fn use_library(&mut self, location: Option<LibraryLocation>) {
        self.library.worker.set_location(location);
        if let Some(open) = &mut self.open {
            open.panel.library = Default::default();
        }
    }

    /// Library jobs sent and not yet answered (tests wait for this to reach 0).
    pub fn library_jobs_outstanding(&self) -> usize {
        self.library.worker.outstanding()
    }

    /// Whether the Library window is showing.
    pub fn library_window_open(&self) -> bool {
        self.library.window.is_some()
    }

    /// Read the worker's answers, and ask for the searches the panel needs. Early in the
    /// frame, before the panel is drawn.
    pub(super) fn library_poll(&mut self, ctx: &egui::Context) {
        self.library.worker.attach(ctx);
        for reply in self.library.worker.poll() {
            match reply {
                Reply::Search {
                    id,
                    purpose: SearchFor::Window,
                    result,
                } => {
                    if let Some(window) = &mut self.library.window {
                        window.answer(id, result);
                    }
                }
                Reply::Search {
                    id,
                    purpose: SearchFor::Claim,
                    result,
                } => {
                    if let Some(open) = &mut self.open {
                        open.panel.library.answer(id, result);
                    }
                }
                Reply::Added { path, result } => match result {
                    Ok(_) => {
                        // What was found before may have changed.
                        if let Some(open) = &mut self.open {
                            open.panel.library.forget_answers();
                        }
                        if let Some(window) = &mut self.library.window {
                            window.refresh();
                        }
                    }
                    Err(e) => self.error(format!(
                        "Could not add {} to the claim library: {e}",
                        path.display()
                    )),
                },
                Reply::Notice { text, error } => {
                    if error {
                        self.error(text);
                    } else {
                        self.info(text);
                    }
                }
            }
        }
        self.finish_open_at_annotation();
        let enabled = self.library.worker.is_enabled();
        let Some(open) = &mut self.open else { return };
        let library = &mut open.panel.library;
        library.enabled = enabled;
        if !enabled {
            return;
        }
        let project = &open.doc.project;
        let exclude = open.doc.path.as_deref();
        let worker = &mut self.library.worker;
        // The selected claim: one look-up a frame.
        if let Some(a) = open.doc.selected.as_deref().and_then(|id| project.find(id))
            && let Some(text) = library_panel::search_text(a)
            && !library.has(text)
            && let Some(id) = worker.search(SearchFor::Claim, text, CLAIM_SEARCH_LIMIT, exclude)
        {
            library.asked(text, id);
        }
        // Every claim, when asked: again only when the project or the library changed.
        let now_at = (project.revision(), library.generation);
        if library.show_all && library.asked_all_at != Some(now_at) {
            library.asked_all_at = Some(now_at);
            for a in project.annotations() {
                if let Some(text) = library_panel::search_text(a)
                    && !library.has(text)
                    && let Some(id) =
                        worker.search(SearchFor::Claim, text, CLAIM_SEARCH_LIMIT, exclude)
                {
                    library.asked(text, id);
                }
            }
        }
    }

    /// The Library window and what the panel's library part asked for. After the panels.
    pub(super) fn library_windows(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let mut events = Vec::new();
        if let Some(window) = &mut self.library.window {
            window.ui(ctx, &mut events);
        }
        for event in events {
            match event {
                WindowEvent::Search(text) => {
                    let exclude = None;
                    let id =
                        self.library
                            .worker
                            .search(SearchFor::Window, &text, WINDOW_LIMIT, exclude);
                    if let Some(window) = &mut self.library.window {
                        window.request = id;
                    }
                }
                WindowEvent::OpenProject(path, annotation) => {
                    self.open_at_annotation(path, annotation, actions)
                }
                WindowEvent::OpenUrl(url) => open_web_url(ctx, &url),
                WindowEvent::Close => self.library.window = None,
            }
        }
        let Some(open) = &mut self.open else { return };
        for event in std::mem::take(&mut open.panel.library.events) {
            match event {
                LibraryEvent::UseEarlier { id, found } => {
                    let now = timestamp::now();
                    if let Some(edit) =
                        library_panel::use_earlier_check(&open.doc.project, &id, &found, &now)
                        && let Err(e) = open.doc.apply("use earlier check", edit)
                    {
                        self.error(format!("Could not copy the earlier check: {e}"));
                        return;
                    }
                }
                LibraryEvent::Select(id) => actions.push(Action::Panel(PanelEvent::Select(id))),
                LibraryEvent::FindAll => {
                    actions.push(Action::Command(UiCommand::FindEarlierChecks))
                }
                LibraryEvent::HideAll => open.panel.library.show_all = false,
                LibraryEvent::OpenUrl(url) => open_web_url(ctx, &url),
            }
        }
    }

    /// Library ▸ Library… and Library ▸ Find earlier checks for every claim.
    pub(super) fn library_command(&mut self, command: UiCommand) {
        if !self.library.worker.is_enabled() {
            self.info("No claim library is set up for this window.");
            return;
        }
        match command {
            // Again while it is open: back to its search field.
            UiCommand::Library => match &mut self.library.window {
                Some(window) => window.focus_search(),
                None => self.library.window = Some(LibraryWindow::new()),
            },
            UiCommand::FindEarlierChecks => match &mut self.open {
                Some(open) => {
                    self.prefs.show_panel = true;
                    open.panel.library.show_all = true;
                    open.panel.library.asked_all_at = None;
                }
                None => self.info("Open a project first: its claims are looked up in the library."),
            },
            _ => {}
        }
    }

    /// A save succeeded: add the project to the library, unless Preferences say not to.
    pub(super) fn library_saved(&mut self, path: &Path) {
        if !self.prefs.add_to_library_on_save {
            return;
        }
        let Some(open) = &self.open else { return };
        let project = open.doc.project.clone();
        self.library.worker.add_project(path, project);
    }

    /// Open `path` (asking about unsaved work first) and select `annotation` in it.
    fn open_at_annotation(&mut self, path: PathBuf, annotation: String, actions: &mut Vec<Action>) {
        let already_open = self
            .open
            .as_ref()
            .and_then(|o| o.doc.path.as_deref())
            .is_some_and(|p| files::same_file(p, &path));
        if !already_open {
            actions.push(Action::Open(path.clone()));
        }
        self.library.select_after_open = Some((path, annotation));
        if already_open {
            self.finish_open_at_annotation();
        }
    }

    /// Once the project asked for from the Library window is open, select the annotation.
    /// Given up when something else is open and nothing is waiting (the user cancelled, or
    /// it would not open).
    fn finish_open_at_annotation(&mut self) {
        let Some((path, annotation)) = &self.library.select_after_open else {
            return;
        };
        let open_path = self.open.as_ref().and_then(|o| o.doc.path.clone());
        match open_path {
            Some(p) if files::same_file(&p, path) => {
                let id = annotation.clone();
                self.library.select_after_open = None;
                let Some(open) = &mut self.open else { return };
                match open.doc.project.find(&id) {
                    Some(a) => {
                        open.view.reveal(a.start);
                        open.doc.selected = Some(id);
                        open.panel.reveal_selected();
                    }
                    None => self.info(format!(
                        "The annotation {id} is no longer in this project; it was saved to the \
                         library before it changed."
                    )),
                }
            }
            _ if self.prompt.is_some() || self.conflict.is_some() => {}
            // A first save-as is being answered (its dialog), then the open follows.
            None if self.open.is_some() => {}
            _ => self.library.select_after_open = None,
        }
    }

    /// The Library menu.
    pub(super) fn library_menu(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let has_project = self.open.is_some();
        ui.menu_button("Library", |ui| {
            for (command, enabled) in [
                (UiCommand::Library, true),
                (UiCommand::FindEarlierChecks, has_project),
            ] {
                if command.menu_item(ui, enabled) {
                    actions.push(Action::Command(command));
                }
            }
        });
    }
}

/// Open a review in the browser: http(s) only, never `javascript:` or `file:`.
fn open_web_url(ctx: &egui::Context, url: &str) {
    if crate::model::claim::is_web_url(url) {
        ctx.open_url(egui::OpenUrl::new_tab(url.trim()));
    }
}
