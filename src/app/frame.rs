//! One frame of the window: the panels, the floating windows and the prompts.

use super::*;

impl FactmarkApp {
    pub(super) fn sync_window(&mut self, ctx: &egui::Context) {
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

    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
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

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
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

    /// A window that asks for text is open: what the user types is meant for it, never for
    /// the article's single-key shortcuts.
    pub fn asks_for_text(&self) -> bool {
        self.path_prompt.is_some()
            || self.author_prompt.as_ref().is_some_and(|a| a.typing)
            || self.preferences_editor.is_some()
            || self.details.is_some()
            || self.import_preview.is_some()
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
        self.library_poll(&ctx);
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
            || self.reanchor_offer.is_some()
            || self.repair_offer.is_some()
            || self.kind_change.is_some();
        // Text in a script no font here can draw shows as empty boxes: say which script, and
        // what to install.
        if let Some(open) = &mut self.open
            && !std::mem::replace(&mut open.fonts_checked, true)
            && let Some(notice) =
                missing_fonts::missing_fonts_notice(&ctx, open.doc.project.article().text.as_str())
        {
            self.error(notice);
        }
        if !modal_open {
            let asking_for_text = self.asks_for_text();
            actions.extend(
                UiCommand::pressed(&ctx, asking_for_text)
                    .into_iter()
                    .map(Action::Command),
            );
        }

        egui::Panel::top("menu-bar").show(ui, |ui| self.menu_bar(ui, &mut actions));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_bar(ui));
        // Notices sit in a strip above the status bar, below the article: never over the text
        // being read, and the article's top (what is being read) does not move when one
        // comes or goes. One at a time, newest first; the others behind "+N more".
        if let Some(ask) = &mut self.author_prompt {
            let answer = egui::Panel::bottom("author-ask")
                .show(ui, |ui| ask.ui(ui))
                .inner;
            if let Some(answer) = answer {
                let signing = std::mem::take(&mut ask.annotations);
                self.author_prompt = None;
                self.answer_author(answer, &signing);
            }
        }
        if !self.notices.is_empty() {
            egui::Panel::bottom("notices").show(ui, |ui| self.notices_ui(ui, &mut actions));
        }
        if let Some(open) = &mut self.open {
            open.index.update(&open.doc.project);
            let mut panel_events = Vec::new();
            // Never more than half the window: the article is what is being read.
            let half = (ui.available_width() * 0.5).max(prefs::MIN_PANEL_WIDTH);
            // Exactly the width the user dragged it to: egui's own panels grow to fit wide
            // content (a search, a long reference) and keep that width, re-wrapping the
            // article mid-task. Content wider than this is clipped instead.
            let width = self.prefs.panel_width.clamp(prefs::MIN_PANEL_WIDTH, half);
            let panel_prefs = &mut self.prefs;
            let mut resized = false;
            self.panel_rect = None;
            if panel_prefs.show_panel {
                let shown = egui::Panel::right("annotations")
                    .resizable(false)
                    .exact_size(width)
                    .show(ui, |ui| {
                        ui.add_space(4.0);
                        let selected = open.doc.selected.clone();
                        let has_text_selection = open.view.selected_range().is_some();
                        open.panel.default_reviewer = panel_prefs.author.clone();
                        open.panel.ui(
                            ui,
                            &open.doc.project,
                            &mut open.index,
                            selected.as_deref(),
                            has_text_selection,
                            &mut panel_events,
                        );
                        // After the contents, so the edge is on top of them.
                        resized = panel_resize_handle(ui, panel_prefs, half);
                    });
                self.panel_rect = Some(shown.response.rect);
            }
            // "3 of 17" in the status bar while searching. Computed after the panel took the
            // keystroke; a change is drawn on the next frame, asked for here.
            let search_status = search_status(open);
            if search_status != self.search_status {
                self.search_status = search_status;
                ctx.request_repaint();
            }
            actions.extend(panel_events.into_iter().map(Action::Panel));
            if resized {
                self.save_prefs();
            }
        }
        if self.open.is_none() {
            self.search_status = None;
        }
        let article = egui::CentralPanel::default().show(ui, |ui| match &mut self.open {
            Some(open) => {
                let mut view_events = Vec::new();
                let input = ViewInput {
                    project: &open.doc.project,
                    index: &open.index,
                    selected: open.doc.selected.as_deref(),
                    picking_claim: open.picking_claim_for.is_some(),
                    second: open.compare.as_ref().map(|c| c.track()),
                };
                open.view.ui(ui, &input, &mut view_events);
                actions.extend(view_events.into_iter().map(Action::View));
            }
            None => self.welcome_ui(ui, &mut actions),
        });
        let article_area = article.response.rect;
        ctx.data_mut(|d| d.insert_temp(dialogs::article_area_id(), article_area));

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
                // The name field was there to fill: no need to ask at the first annotation.
                self.prefs.asked_for_author = true;
                self.prefs.organization = clean(editor.organization);
                self.prefs.add_to_library_on_save = editor.add_to_library_on_save;
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
        self.repair_offer_ui(&ctx);
        self.repairs_window(&ctx);
        self.kind_change_ui(&ctx);
        self.compare_ui(&ctx);
        self.library_windows(&ctx, &mut actions_after);
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
}

/// Where the search stands: "3 of 17" (the selected result of all), "17 matches", or "No
/// matches"; `None` when nothing is searched for.
fn search_status(open: &mut OpenProject) -> Option<String> {
    if open.panel.search.trim().is_empty() {
        return None;
    }
    let results = open.panel.filtered(&open.doc.project, &mut open.index);
    let n = results.len();
    let annotations = open.doc.project.annotations();
    let at = open.doc.selected.as_deref().and_then(|id| {
        results
            .iter()
            .position(|&i| annotations.get(i).is_some_and(|a| a.id == id))
    });
    Some(match (n, at) {
        (0, _) => "No matches".to_string(),
        (n, Some(at)) => format!("{} of {n}", at + 1),
        (1, None) => "1 match".to_string(),
        (n, None) => format!("{n} matches"),
    })
}

/// The annotation panel's left edge, dragged to resize it: the only thing that changes its
/// width. Returns whether a drag ended (the width is then saved).
fn panel_resize_handle(ui: &mut Ui, prefs: &mut Preferences, max: f32) -> bool {
    let panel = ui.clip_rect();
    let strip = egui::Rect::from_x_y_ranges(panel.left()..=panel.left() + 6.0, panel.y_range());
    let handle = ui
        .interact(
            strip,
            egui::Id::unique("annotation-panel-resize"),
            egui::Sense::drag(),
        )
        .on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
    if handle.dragged()
        && let Some(pointer) = handle.interact_pointer_pos()
    {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
        prefs.panel_width = (panel.right() - pointer.x).clamp(prefs::MIN_PANEL_WIDTH, max);
        ui.ctx().request_repaint();
    }
    if handle.hovered() || handle.dragged() {
        ui.painter().vline(
            panel.left() + 1.0,
            panel.y_range(),
            ui.visuals().widgets.hovered.fg_stroke,
        );
    }
    handle.drag_stopped()
}

/// Rasterize the common glyphs of the sizes the article and panel use, once, on the first
/// frame (usually the welcome screen), so opening a project does not pay for it: about 1.5 ms
/// of the first frame of a project otherwise.
pub(super) fn warm_glyph_atlas(ctx: &egui::Context) {
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
