//! Applying actions: every command, prompt answer and dialog result goes through here.

use super::files::with_project_extension;
use super::*;

impl FactmarkApp {
    pub(super) fn dialog_answered(
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
            DialogPurpose::CompareWith => self.start_compare(&path),
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
    pub(super) fn guard(&mut self, ctx: &egui::Context, action: PendingAction) {
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
    pub(super) fn perform(&mut self, ctx: &egui::Context, action: PendingAction) {
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

    pub(super) fn answer_prompt(&mut self, ctx: &egui::Context, answer: PromptAnswer) {
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

    /// Tag, and at the user's first annotation ask for their name (once; a name or "Not
    /// now" both end the asking). The tag is made at once so the note can be typed straight
    /// away; the name, when given, signs what was tagged while it was asked for.
    pub(super) fn tag_asking_name(&mut self, kind: Kind) {
        let before = self.open.as_ref().and_then(|o| o.doc.selected.clone());
        self.tag(kind);
        let added = self
            .open
            .as_ref()
            .and_then(|o| o.doc.selected.clone())
            .filter(|id| Some(id) != before.as_ref());
        let Some(added) = added else { return };
        // "Once" needs somewhere to remember it: preferences kept in memory only (tests,
        // benchmarks, a system without a config folder) would ask at every start.
        let can_remember = self.prefs_store.path().is_some();
        if !can_remember || self.prefs.author.is_some() || self.prefs.asked_for_author {
            return;
        }
        match &mut self.author_prompt {
            Some(ask) => ask.annotations.push(added),
            None => self.author_prompt = Some(author_ask::AuthorAsk::new(added)),
        }
    }

    pub(super) fn answer_author(&mut self, answer: author_ask::AuthorAnswer, signing: &[String]) {
        self.prefs.asked_for_author = true;
        if let author_ask::AuthorAnswer::Name(name) = answer {
            let now = crate::model::timestamp::now();
            if let Some(open) = &mut self.open
                && let Some(edit) = open.doc.project.edit_sign(signing, &name, &now)
                && let Err(e) = open.doc.apply("sign annotations", edit)
            {
                self.error(format!("Could not sign the annotations: {e}"));
            }
            self.prefs.author = Some(name);
        }
        self.save_prefs();
    }

    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::View(ViewEvent::Tag(kind)) => self.tag_asking_name(kind),
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

    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: UiCommand) {
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
            UiCommand::CompareWith => self.show_compare_dialog(ctx),
            UiCommand::Library | UiCommand::FindEarlierChecks => self.library_command(command),
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
            UiCommand::TogglePanel => {
                self.prefs.show_panel = !self.prefs.show_panel;
                self.save_prefs();
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
                    // The search field is in the panel: show it if hidden.
                    self.prefs.show_panel = true;
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
            UiCommand::TagClaim => self.tag_asking_name(Kind::Claim),
            UiCommand::TagSource => self.tag_asking_name(Kind::Source),
            UiCommand::TagDispute => self.tag_asking_name(Kind::Dispute),
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
}
