//! The menu bar, the status bar, notices and the welcome screen.

use super::export_flow::export_tooltip;
use super::*;

impl FactmarkApp {
    pub(super) fn menu_bar(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
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
                        recent_entry(ui, &self.prefs, &path, actions);
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
                            if format == ExportFormat::ClaimReview {
                                ui.checkbox(
                                    &mut self.export_unapproved,
                                    "Include claims not yet approved",
                                )
                                .on_hover_text(
                                    "ClaimReview publishes only approved claims unless this is on",
                                );
                            }
                        }
                    });
                });
                command(ui, UiCommand::CompareWith, has_project, actions);
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
            self.library_menu(ui, actions);
            ui.menu_button("View", |ui| {
                command(ui, UiCommand::NextAnnotation, has_project, actions);
                command(ui, UiCommand::PreviousAnnotation, has_project, actions);
                ui.separator();
                command(ui, UiCommand::ZoomIn, true, actions);
                command(ui, UiCommand::ZoomOut, true, actions);
                command(ui, UiCommand::ZoomReset, true, actions);
                ui.separator();
                let panel = UiCommand::TogglePanel;
                let mut shown = self.prefs.show_panel;
                if ui
                    .checkbox(&mut shown, panel.text())
                    .on_hover_text(format!(
                        "{} ({})",
                        panel.tooltip(),
                        panel.shortcut_text(ui.ctx()).unwrap_or_default()
                    ))
                    .clicked()
                {
                    actions.push(Action::Command(panel));
                }
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

    pub(super) fn status_bar(&self, ui: &mut Ui) {
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
            if let Some(status) = &self.search_status {
                ui.separator();
                ui.label(RichText::new(format!("Search: {status}")).strong())
                    .on_hover_text("Results of the search in the annotation panel");
            }
            if open.picking_claim_for.is_some() {
                ui.separator();
                ui.label(RichText::new("Click a claim to link it (Esc to cancel)").strong());
            }
        });
    }

    pub(super) fn notices_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let now = ui.input(|i| i.time);
        // Information fades a few seconds after it is first shown; errors stay until
        // dismissed.
        self.notices
            .retain(|n| n.error || n.shown_at.is_none_or(|t| now - t < 6.0));
        // The clock starts when a notice arrives in the strip, shown or counted.
        for notice in &mut self.notices {
            notice.shown_at.get_or_insert(now);
        }
        let Some(newest) = self.notices.len().checked_sub(1) else {
            return;
        };
        let older = newest;
        if older == 0 {
            self.notices_expanded = false;
        }
        // Newest first: the last pushed, then (when expanded) the ones before it.
        let shown: Vec<usize> = if self.notices_expanded {
            (0..=newest).rev().collect()
        } else {
            vec![newest]
        };
        ui.add_space(2.0);
        for (row, i) in shown.into_iter().enumerate() {
            let notice = &self.notices[i];
            let color = if notice.error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().text_color()
            };
            ui.horizontal(|ui| {
                if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
                    actions.push(Action::DismissNotice(i));
                }
                if row == 0 && older > 0 {
                    // On the right of the newest one, so the text keeps the rest of the row.
                    ui.with_layout(egui::Layout::right_to_left(Align::Center), |ui| {
                        let text = if self.notices_expanded {
                            "Show fewer".to_string()
                        } else {
                            format!("+{older} more")
                        };
                        if ui
                            .small_button(text)
                            .on_hover_text("The other messages, newest first")
                            .clicked()
                        {
                            self.notices_expanded = !self.notices_expanded;
                        }
                        ui.with_layout(egui::Layout::left_to_right(Align::Center), |ui| {
                            ui.add(
                                egui::Label::new(RichText::new(&notice.text).color(color)).wrap(),
                            );
                        });
                    });
                } else {
                    ui.add(egui::Label::new(RichText::new(&notice.text).color(color)).wrap());
                }
            });
        }
        ui.add_space(2.0);
        if self.notices.iter().any(|n| !n.error) {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
        }
    }

    pub(super) fn welcome_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
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
                    recent_entry(ui, &self.prefs, path, actions);
                }
            }
        });
    }
}

/// One recent project, by its article's title (the file and folder on hover and beside it):
/// opens on click; greyed (with a remove button) when the file is gone.
pub(super) fn recent_entry(
    ui: &mut Ui,
    prefs: &Preferences,
    path: &Path,
    actions: &mut Vec<Action>,
) {
    // The folder too: the same file name in two case folders is common.
    let file = match (path.file_name(), path.parent()) {
        (Some(name), Some(folder)) if !folder.as_os_str().is_empty() => {
            format!("{}  —  {}", name.to_string_lossy(), folder.display())
        }
        _ => path.display().to_string(),
    };
    let title = prefs.recent_title(path);
    let name = title.unwrap_or(&file).to_string();
    let secondary = |ui: &mut Ui| {
        if title.is_some() {
            ui.weak(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
    };
    if path.exists() {
        ui.horizontal(|ui| {
            if ui
                .button(&name)
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                actions.push(Action::Open(path.to_path_buf()));
                ui.close();
            }
            secondary(ui);
        });
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
