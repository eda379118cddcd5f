//! A project with broken annotations: the offer to open it with them set aside, and the
//! "Needs repair" window that lists them with their problems and their contents as written.
//! Nothing set aside is dropped: saving writes it back unchanged.

use egui::RichText;

use super::*;
use crate::project_file::Repairable;

/// A project that opens once its broken annotations are set aside, waiting for the user.
pub struct RepairOffer {
    pub path: PathBuf,
    pub repairable: Box<Repairable>,
    /// The file as read, to notice later whether it changed on disk.
    pub bytes: Vec<u8>,
}

impl FactmarkApp {
    pub(super) fn repair_offer_ui(&mut self, ctx: &egui::Context) {
        let Some(offer) = &self.repair_offer else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("repair-offer")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading("Some annotations break the project's rules");
            ui.add_space(4.0);
            let n = offer.repairable.set_aside_count();
            ui.label(format!(
                "{} cannot be read as {} written in {}. The rest of the project is sound. \
                 Open it with {} set aside: you can see {} under “Needs repair”, and saving \
                 keeps {} in the file exactly as {} written.",
                if n == 1 {
                    "1 annotation".to_string()
                } else {
                    format!("{n} annotations")
                },
                if n == 1 { "it is" } else { "they are" },
                offer.path.display(),
                if n == 1 { "it" } else { "them" },
                if n == 1 { "it" } else { "them" },
                if n == 1 { "it" } else { "them" },
                if n == 1 { "it was" } else { "they were" },
            ));
            ui.add_space(6.0);
            ui.label(
                RichText::new(format!("Problems ({}):", offer.repairable.problems.len())).strong(),
            );
            egui::ScrollArea::vertical()
                .id_salt("repair-problems")
                .max_height(220.0)
                .show(ui, |ui| {
                    for problem in &offer.repairable.problems {
                        ui.label(format!("• {problem}"));
                    }
                });
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui
                    .button(RichText::new("Open with problems set aside").strong())
                    .clicked()
                {
                    answer = Some(true);
                }
                if ui
                    .button("Cancel")
                    .on_hover_text("Leave the project closed")
                    .clicked()
                    || ui.input(|i| i.key_pressed(egui::Key::Escape))
                {
                    answer = Some(false);
                }
            });
        });
        let Some(open_it) = answer else { return };
        let offer = self.repair_offer.take().expect("shown above");
        if !open_it {
            return;
        }
        let lock = match ProjectLock::acquire(&offer.path) {
            LockOutcome::Locked(lock) => Some(lock),
            LockOutcome::HeldElsewhere(who) => {
                self.error(format!(
                    "{} is already open in another window ({who}). Close it there first.",
                    offer.path.display()
                ));
                return;
            }
            LockOutcome::Unavailable(_) => None,
        };
        let n = offer.repairable.set_aside_count();
        let project = offer.repairable.open_with_problems_set_aside();
        self.show_document(
            Document::opened(project, offer.path.clone(), &offer.bytes),
            lock,
            None,
        );
        self.prefs.add_recent(&offer.path);
        self.save_prefs();
        self.show_repairs = true;
        self.info(format!(
            "Opened with {n} {} set aside for repair; {} kept in the file as written.",
            if n == 1 { "annotation" } else { "annotations" },
            if n == 1 { "it is" } else { "they are" }
        ));
    }

    /// The annotations set aside: what is wrong with each, and its JSON as written.
    pub(super) fn repairs_window(&mut self, ctx: &egui::Context) {
        if !self.show_repairs {
            return;
        }
        let Some(open) = &mut self.open else {
            self.show_repairs = false;
            return;
        };
        let items = open.doc.project.needs_repair().to_vec();
        if items.is_empty() {
            self.show_repairs = false;
            return;
        }
        let mut shown = true;
        let mut delete = None;
        egui::Window::new(format!("Needs repair ({})", items.len()))
            .open(&mut shown)
            .default_width(560.0)
            .default_height(420.0)
            .show(ctx, |ui| {
                ui.label(
                    "These annotations break a rule of the project file, so they are not shown in the article. \
                     They are saved back exactly as they are. Fix them in the file (they are tried again each time \
                     it is opened), or delete them here.",
                );
                egui::ScrollArea::vertical().id_salt("repairs").show(ui, |ui| {
                    for (i, item) in items.iter().enumerate() {
                        ui.separator();
                        let name = item.id().map_or_else(|| format!("#{}", i + 1), |id| format!("{id:?}"));
                        let kind = item.field_text("kind").unwrap_or_else(|| "?".to_string());
                        ui.label(RichText::new(format!("{name} ({kind})")).strong());
                        if let Some(quote) = item.field_text("quote") {
                            ui.label(format!("“{}”", annotation_panel::excerpt(&quote, 160)));
                        }
                        for problem in &item.problems {
                            ui.label(RichText::new(format!("• {problem}")).color(ui.visuals().warn_fg_color));
                        }
                        let mut json = serde_json::to_string_pretty(&item.raw).unwrap_or_default();
                        egui::CollapsingHeader::new("As written in the file")
                            .id_salt(("repair-json", i))
                            .show(ui, |ui| {
                                ui.add(
                                    egui::TextEdit::multiline(&mut json)
                                        .code_editor()
                                        .interactive(false)
                                        .desired_width(f32::INFINITY),
                                );
                            });
                        ui.horizontal(|ui| {
                            if ui.button("Copy JSON").clicked() {
                                ui.ctx().copy_text(json.clone());
                            }
                            if ui
                                .button("🗑 Delete")
                                .on_hover_text("Remove it from the project (Ctrl+Z brings it back)")
                                .clicked()
                            {
                                delete = Some(i);
                            }
                        });
                    }
                });
            });
        if let Some(i) = delete {
            let before = open.doc.project.needs_repair().to_vec();
            let mut after = before.clone();
            after.remove(i);
            let edit = crate::model::Edit::SetRepairs { before, after };
            if let Err(e) = open.doc.apply("delete an annotation needing repair", edit) {
                self.error(format!("Could not delete it: {e}"));
            }
        }
        self.show_repairs = shown;
    }
}
