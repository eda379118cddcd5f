//! Small windows: the unsaved-changes prompt, article details, keyboard shortcuts, about.

use egui::{Key, RichText, Ui};

use super::commands::UiCommand;
use crate::model::ArticleMetadata;
use crate::model::article::is_plausible_language_tag;
use crate::model::timestamp;

/// The user's answer to "Save changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptAnswer {
    Save,
    Discard,
    Cancel,
}

/// Modal "Save changes to NAME before …?" Returns the answer once given.
pub fn unsaved_changes_prompt(
    ctx: &egui::Context,
    name: &str,
    doing: &str,
) -> Option<PromptAnswer> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(format!("Save changes to “{name}”?"));
        ui.add_space(4.0);
        ui.label(format!(
            "You have unsaved changes. If you {doing} without saving, they will be lost."
        ));
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new("Save").strong())
                .on_hover_text("Save, then continue (Enter)")
                .clicked()
            {
                answer = Some(PromptAnswer::Save);
            }
            if ui
                .button("Discard")
                .on_hover_text("Continue without saving")
                .clicked()
            {
                answer = Some(PromptAnswer::Discard);
            }
            if ui
                .button("Cancel")
                .on_hover_text("Go back to the project (Esc)")
                .clicked()
            {
                answer = Some(PromptAnswer::Cancel);
            }
        });
    });
    if answer.is_none() {
        ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Key::Enter) {
                answer = Some(PromptAnswer::Save);
            } else if i.consume_key(egui::Modifiers::NONE, Key::Escape) {
                answer = Some(PromptAnswer::Cancel);
            }
        });
    }
    if answer.is_none() && modal.should_close() {
        answer = Some(PromptAnswer::Cancel);
    }
    answer
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictAnswer {
    SaveCopy,
    Overwrite,
    Reload,
    Cancel,
}

/// The project file changed on disk since it was opened or saved here.
pub fn conflict_prompt(
    ctx: &egui::Context,
    name: &str,
    differing: Option<usize>,
) -> Option<ConflictAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("file-changed")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(format!("“{name}” was changed by someone else"));
        ui.add_space(4.0);
        ui.label(
            "Since you opened or last saved it, the file on disk was changed — by another person, a \
             sync client or git. Saving now would overwrite those changes.",
        );
        if let Some(n) = differing {
            ui.label(format!("{n} annotation{} differ between the file and your work.", if n == 1 { "" } else { "s" }));
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui.button("Save as a copy…").on_hover_text("Keep both: save your work under a new name").clicked() {
                answer = Some(ConflictAnswer::SaveCopy);
            }
            if ui.button("Overwrite").on_hover_text("Replace the file with your work").clicked() {
                answer = Some(ConflictAnswer::Overwrite);
            }
            if ui
                .button("Reload")
                .on_hover_text("Open the file as it is now; your unsaved changes are lost")
                .clicked()
            {
                answer = Some(ConflictAnswer::Reload);
            }
            if ui.button("Cancel").on_hover_text("Go back to the project (Esc)").clicked() {
                answer = Some(ConflictAnswer::Cancel);
            }
        });
    });
    if answer.is_none() && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
        answer = Some(ConflictAnswer::Cancel);
    }
    answer
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryAnswer {
    Restore,
    OpenSaved,
    Discard,
}

/// Offered at start-up when a window closed without saving (a crash, a kill, power loss).
pub fn recovery_prompt(
    ctx: &egui::Context,
    entry: &super::recovery::RecoveryEntry,
) -> Option<RecoveryAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("recover-work")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("Recover unsaved work?");
        ui.add_space(4.0);
        let what = match &entry.info.original {
            Some(path) => format!("“{}” ({})", entry.info.title, path.display()),
            None => format!("“{}” (never saved)", entry.info.title),
        };
        ui.label(format!(
            "Factmark did not close normally. Unsaved changes to {what} were kept at {}.",
            crate::model::timestamp::display(&entry.info.saved_at)
        ));
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new("Restore").strong())
                .on_hover_text("Open the recovered work, not yet saved (Enter)")
                .clicked()
            {
                answer = Some(RecoveryAnswer::Restore);
            }
            let has_file = entry.info.original.as_ref().is_some_and(|p| p.exists());
            if ui
                .add_enabled(has_file, egui::Button::new("Open the saved file"))
                .on_hover_text(
                    "Open the project as it was last saved, and drop the recovered changes",
                )
                .clicked()
            {
                answer = Some(RecoveryAnswer::OpenSaved);
            }
            if ui
                .button("Discard")
                .on_hover_text("Drop the recovered changes")
                .clicked()
            {
                answer = Some(RecoveryAnswer::Discard);
            }
        });
    });
    // Keeping the work is the safe default, so it is the one a key press gives.
    if answer.is_none() && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Enter)) {
        answer = Some(RecoveryAnswer::Restore);
    }
    answer
}

/// The "Article details" editor's state: a copy of the metadata being edited.
pub struct DetailsEditor {
    pub metadata: ArticleMetadata,
    /// The window just opened: its first field takes the keyboard.
    focus_pending: bool,
}

pub enum DetailsOutcome {
    Open,
    Apply(ArticleMetadata),
    Cancel,
}

impl DetailsEditor {
    pub fn new(metadata: ArticleMetadata) -> Self {
        Self {
            metadata,
            focus_pending: true,
        }
    }

    /// Problems that stop the details from being applied, one per field.
    pub fn problems(&self) -> Vec<String> {
        metadata_problems(&self.metadata)
    }

    pub fn ui(&mut self, ctx: &egui::Context) -> DetailsOutcome {
        let mut outcome = DetailsOutcome::Open;
        let mut open = true;
        egui::Window::new("Article details")
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(below_menu(ctx))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(480.0)
            .show(ctx, |ui| {
                let title = metadata_form(ui, &mut self.metadata);
                take_focus_once(&title, &mut self.focus_pending);
                let problems = self.problems();
                for p in &problems {
                    ui.colored_label(ui.visuals().error_fg_color, p);
                }
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(problems.is_empty(), egui::Button::new("Apply"))
                        .clicked()
                    {
                        outcome = DetailsOutcome::Apply(normalized(self.metadata.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = DetailsOutcome::Cancel;
                    }
                });
            });
        if !open {
            outcome = DetailsOutcome::Cancel;
        }
        outcome
    }
}

/// Problems in article details that stop them from being used, one per field.
pub fn metadata_problems(m: &ArticleMetadata) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(lang) = m.language.as_deref().filter(|l| !l.is_empty())
        && !is_plausible_language_tag(lang)
    {
        problems.push(format!(
            "Language “{lang}” is not a language tag such as en, ar or pt-BR."
        ));
    }
    for (name, value) in [("Published", &m.published), ("Retrieved", &m.retrieved)] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty())
            && !timestamp::is_date_or_rfc3339(v)
        {
            problems.push(format!("{name} “{v}” is not a date like 2026-11-26."));
        }
    }
    problems
}

/// The editable article details: title, URL, outlet, author, dates, language. Returns the
/// title field (the first), for the window to give it the keyboard.
pub fn metadata_form(ui: &mut Ui, m: &mut ArticleMetadata) -> egui::Response {
    egui::Grid::new("details-grid")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let label = ui.label("Title").id;
            let title = text_field(ui, label, &mut m.title, "The article's headline");
            ui.end_row();
            for (label, value, hint) in [
                ("URL", &mut m.url, "https://…"),
                ("Outlet", &mut m.outlet, "Who published it"),
                ("Author", &mut m.author, "Who wrote it"),
                ("Published", &mut m.published, "YYYY-MM-DD"),
                ("Retrieved", &mut m.retrieved, "YYYY-MM-DD"),
                ("Language", &mut m.language, "e.g. en, ar, pt-BR"),
            ] {
                let label = ui.label(label).id;
                optional_field(ui, label, value, hint);
                ui.end_row();
            }
            title
        })
        .inner
}

/// A window that asks for text gives its first field the keyboard when it opens, so what the
/// user types goes there and not to the article as shortcuts. Once: a click elsewhere in the
/// window (a button) is not fought over.
pub fn take_focus_once(field: &egui::Response, pending: &mut bool) {
    if !*pending {
        return;
    }
    if field.has_focus() {
        *pending = false;
    } else {
        field.request_focus();
    }
}

/// Trim fields and turn empty optional ones into `None`.
pub fn normalized(mut m: ArticleMetadata) -> ArticleMetadata {
    m.title = m.title.trim().to_string();
    for field in [
        &mut m.url,
        &mut m.outlet,
        &mut m.author,
        &mut m.published,
        &mut m.retrieved,
        &mut m.language,
    ] {
        *field = field
            .take()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
    }
    m
}

fn text_field(ui: &mut Ui, label: egui::Id, value: &mut String, hint: &str) -> egui::Response {
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(340.0),
    )
    .labelled_by(label)
}

fn optional_field(ui: &mut Ui, label: egui::Id, value: &mut Option<String>, hint: &str) {
    let mut text = value.clone().unwrap_or_default();
    text_field(ui, label, &mut text, hint);
    *value = Some(text).filter(|t| !t.is_empty());
}

/// Where the article was drawn in the last frame (the window minus the panels).
pub fn article_area_id() -> egui::Id {
    egui::Id::unique("factmark-article-area")
}

/// Where a window opens: centred under the menu bar, never over it, and over the article,
/// so it leaves the annotation panel (and its buttons) uncovered.
pub fn below_menu(ctx: &egui::Context) -> egui::Pos2 {
    let area = ctx
        .data(|d| d.get_temp::<egui::Rect>(article_area_id()))
        .unwrap_or_else(|| ctx.content_rect());
    egui::pos2(area.center().x, 40.0)
}

/// Help ▸ Keyboard shortcuts: read from the command table, so it cannot drift; grouped by
/// menu. Esc or F1 closes it. In two columns when the window is wide enough, so every
/// shortcut shows at once; when it still does not fit, it scrolls, with a scroll bar that
/// is always drawn (a hidden one made the list look cut off after "Zoom out").
pub fn shortcuts_window(ctx: &egui::Context, open: &mut bool) {
    let screen = ctx.content_rect();
    let two_columns = screen.width() >= 980.0;
    let height = (screen.height() - 80.0).max(160.0);
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .resizable(true)
        .collapsible(false)
        .default_width(if two_columns { 900.0 } else { 560.0 })
        .default_height(height)
        .max_height(height)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(below_menu(ctx))
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                .show(ui, |ui| {
                    let (first, rest) = UiCommand::BY_MENU.split_at(2);
                    if two_columns {
                        ui.columns(2, |columns| {
                            shortcut_sections(&mut columns[0], ctx, first, false);
                            shortcut_sections(&mut columns[1], ctx, rest, true);
                        });
                    } else {
                        shortcut_sections(ui, ctx, first, false);
                        shortcut_sections(ui, ctx, rest, true);
                    }
                    ui.add_space(6.0);
                    ui.weak("Single-key shortcuts work when no text field has the keyboard focus; Esc leaves a field.");
                });
        });
}

/// The shortcuts of `menus`, one grid per menu; `gestures`: then the mouse gestures.
fn shortcut_sections(
    ui: &mut Ui,
    ctx: &egui::Context,
    menus: &[(&str, &[UiCommand])],
    gestures: bool,
) {
    let row = |ui: &mut Ui, what: &str, how: &str, tip: Option<&str>| {
        let label = ui.label(what);
        if let Some(tip) = tip {
            label.on_hover_text(tip);
        }
        ui.add(egui::Label::new(RichText::new(how).monospace()).wrap());
        ui.end_row();
    };
    for (menu, commands) in menus {
        ui.strong(*menu);
        egui::Grid::new(("shortcuts", *menu))
            .striped(true)
            .num_columns(2)
            .min_col_width(200.0)
            .show(ui, |ui| {
                for command in commands.iter().filter(|c| !c.shortcuts().is_empty()) {
                    let keys = command.all_shortcuts_text(ctx);
                    row(ui, command.text(), &keys, Some(command.tooltip()));
                }
            });
        ui.add_space(6.0);
    }
    if gestures {
        ui.strong("In the article");
        egui::Grid::new("gestures")
            .striped(true)
            .num_columns(2)
            .min_col_width(200.0)
            .show(ui, |ui| {
                for (what, how) in MOUSE_GESTURES {
                    row(ui, what, how, None);
                }
            });
    }
}

/// Mouse gestures and selection keys in the article, listed after the commands.
pub const MOUSE_GESTURES: [(&str, &str); 8] = [
    ("Select words", "Drag"),
    ("Select exact characters", "Alt+Drag"),
    ("Extend the selection", "Shift+Click"),
    ("Select a word", "Double click"),
    ("Select a sentence / paragraph", "Triple / quadruple click"),
    (
        "Grow or shrink the selection (reading order)",
        "Shift+← / → (Ctrl: by word)",
    ),
    (
        "Select an annotation (again: the next one under it)",
        "Click a highlight",
    ),
    ("Open a file", "Drop it on the window"),
];

pub fn about_window(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("About Factmark")
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(below_menu(ctx))
        .open(open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading(format!("Factmark {}", env!("CARGO_PKG_VERSION")));
            ui.label(env!("CARGO_PKG_DESCRIPTION"));
            ui.add_space(6.0);
            ui.label(format!(
                "Projects are plain JSON files (format version {}). Offsets are Unicode code points.",
                crate::project_file::FORMAT_VERSION
            ));
        });
}

/// Edit ▸ Preferences: who the user is, for new annotations and ClaimReview exports.
pub struct PreferencesEditor {
    pub author: String,
    pub organization: String,
    pub add_to_library_on_save: bool,
    /// Which field takes the keyboard when the window opens, until it has it.
    focus_pending: Option<PrefsField>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrefsField {
    Author,
    Organization,
}

impl PreferencesEditor {
    pub fn new(prefs: &super::prefs::Preferences) -> Self {
        Self::focusing(prefs, PrefsField::Author)
    }

    /// Opened to ask for one field (the organization a ClaimReview export needs).
    pub fn focusing(prefs: &super::prefs::Preferences, field: PrefsField) -> Self {
        Self {
            author: prefs.author.clone().unwrap_or_default(),
            organization: prefs.organization.clone().unwrap_or_default(),
            add_to_library_on_save: prefs.add_to_library_on_save,
            focus_pending: Some(field),
        }
    }

    /// `Some(true)` to apply, `Some(false)` to cancel.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<bool> {
        let mut outcome = None;
        let mut open = true;
        egui::Window::new("Preferences")
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(below_menu(ctx))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("prefs-grid")
                    .num_columns(2)
                    .spacing([12.0, 8.0])
                    .show(ui, |ui| {
                        let label = ui.label("Your name").id;
                        let author = text_field(
                            ui,
                            label,
                            &mut self.author,
                            "Written as the author of new annotations",
                        );
                        ui.end_row();
                        let label = ui.label("Organization").id;
                        let organization = text_field(
                            ui,
                            label,
                            &mut self.organization,
                            "Named as the author of ClaimReview exports",
                        );
                        ui.end_row();
                        if let Some(field) = self.focus_pending {
                            let mut pending = true;
                            take_focus_once(
                                match field {
                                    PrefsField::Author => &author,
                                    PrefsField::Organization => &organization,
                                },
                                &mut pending,
                            );
                            if !pending {
                                self.focus_pending = None;
                            }
                        }
                    });
                ui.checkbox(
                    &mut self.add_to_library_on_save,
                    "Add projects to the claim library when saved",
                )
                .on_hover_text("So their claims are found as checked before (Library ▸ Library…)");
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Apply").clicked() {
                        outcome = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = Some(false);
                    }
                });
            });
        if !open {
            outcome = Some(false);
        }
        outcome
    }
}

/// "The article text in this project was edited outside Factmark": re-anchor the annotations
/// to the text as it is, or leave the file alone. `Some(true)` to re-anchor.
pub fn reanchor_prompt(
    ctx: &egui::Context,
    path: &std::path::Path,
    annotations: usize,
) -> Option<bool> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("reanchor-offer")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("The article text was edited outside Factmark");
        ui.add_space(4.0);
        ui.label(format!(
            "The text in {} no longer matches the text its {annotations} annotations were made on. \
             Factmark can place each annotation on the text as it is now; those it cannot place \
             are kept and listed for review. The file is not changed until you save.",
            path.display()
        ));
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui.button(RichText::new("Re-anchor").strong()).clicked() {
                answer = Some(true);
            }
            if ui
                .button("Cancel")
                .on_hover_text("Leave the project closed")
                .clicked()
            {
                answer = Some(false);
            }
        });
    });
    answer
}

/// Asks for a path in the window when no native file dialog can be shown (on Linux the
/// dialogs go through the XDG desktop portal, which a bare X session or a container may
/// lack). Without it such a system could neither open nor save anything from the menus.
pub struct PathPrompt {
    pub request: super::file_dialog::DialogRequest,
    path: String,
    problem: Option<String>,
    /// An existing file the user was told about: OK again replaces it (as a native save
    /// dialog asks "Replace?").
    replace_confirmed: Option<std::path::PathBuf>,
    /// The prompt just opened: the path field takes the keyboard.
    focus_pending: bool,
}

impl PathPrompt {
    pub fn new(request: super::file_dialog::DialogRequest) -> Self {
        let mut path = request
            .directory
            .clone()
            .or_else(|| std::env::current_dir().ok())
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        if !path.is_empty() && !path.ends_with(std::path::MAIN_SEPARATOR) {
            path.push(std::path::MAIN_SEPARATOR);
        }
        if let Some(name) = &request.file_name {
            path.push_str(name);
        }
        Self {
            request,
            path,
            problem: None,
            replace_confirmed: None,
            focus_pending: true,
        }
    }

    /// `Some(Some(path))` when given, `Some(None)` when cancelled, `None` while open.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Option<std::path::PathBuf>> {
        use super::file_dialog::DialogKind;
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("path-prompt")).show(ctx, |ui| {
            ui.set_max_width(640.0);
            ui.heading(&self.request.title);
            ui.add_space(4.0);
            ui.label(
                "No file dialog could be shown (on Linux it needs xdg-desktop-portal with a \
                 GTK or KDE backend). Type the path instead.",
            );
            let what = match self.request.kind {
                DialogKind::OpenFile => "File",
                DialogKind::SaveFile => "Save as",
                DialogKind::Folder => "Folder",
            };
            let mut submitted = false;
            ui.horizontal(|ui| {
                let label = ui.label(what);
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.path)
                            .desired_width(440.0)
                            .id_salt("path-prompt-field"),
                    )
                    .labelled_by(label.id);
                take_focus_once(&edit, &mut self.focus_pending);
                submitted = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            });
            if let Some(problem) = &self.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                submitted |= ui.button(RichText::new("OK").strong()).clicked();
                if ui.button("Cancel").on_hover_text("Esc").clicked() {
                    answer = Some(None);
                }
            });
            if submitted && answer.is_none() {
                match checked_path(&self.path, self.request.kind) {
                    Ok(path)
                        if self.request.kind == DialogKind::SaveFile
                            && path.exists()
                            && self.replace_confirmed.as_ref() != Some(&path) =>
                    {
                        self.problem = Some(format!(
                            "{} already exists. Press OK again to replace it.",
                            path.display()
                        ));
                        self.replace_confirmed = Some(path);
                    }
                    Ok(path) => answer = Some(Some(path)),
                    Err(problem) => self.problem = Some(problem),
                }
            }
        });
        if answer.is_none() && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape))
        {
            answer = Some(None);
        }
        answer
    }
}

/// The typed path, with `~` for the home folder, if it can be what is asked for.
fn checked_path(
    typed: &str,
    kind: super::file_dialog::DialogKind,
) -> Result<std::path::PathBuf, String> {
    use super::file_dialog::DialogKind;
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("Type a path.".into());
    }
    let path = match typed.strip_prefix("~/").or((typed == "~").then_some("")) {
        Some(rest) => directories::UserDirs::new()
            .map(|d| d.home_dir().join(rest))
            .ok_or("The home folder is not known; type the whole path.")?,
        None => std::path::PathBuf::from(typed),
    };
    match kind {
        DialogKind::OpenFile if !path.is_file() => {
            Err(format!("There is no file {}.", path.display()))
        }
        DialogKind::SaveFile if path.is_dir() => {
            Err(format!("{} is a folder; add a file name.", path.display()))
        }
        DialogKind::SaveFile
            if !path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .is_none_or(std::path::Path::is_dir) =>
        {
            Err(format!("The folder for {} does not exist.", path.display()))
        }
        DialogKind::Folder if path.exists() && !path.is_dir() => {
            Err(format!("{} is a file, not a folder.", path.display()))
        }
        _ => Ok(path),
    }
}
