//! Changing an annotation's kind when that would throw something away (a claim's verdict
//! and record, the links from its sources, what a source's links mean): the app asks first,
//! and says afterwards what changed.

use egui::RichText;

use super::*;

/// A kind change waiting for the user's yes.
pub struct KindChange {
    pub id: String,
    pub kind: Kind,
    /// What would be lost or change meaning, in words.
    pub losses: Vec<String>,
}

impl KindChange {
    /// The question; `Some(true)` to go ahead, `Some(false)` to keep the annotation as it is.
    fn ui(&self, ctx: &egui::Context) -> Option<bool> {
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("kind-change")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(format!("Make this a {}?", self.kind.as_str()));
            ui.add_space(4.0);
            ui.label("This would remove or change:");
            for loss in &self.losses {
                ui.label(format!("• {loss}"));
            }
            ui.add_space(4.0);
            ui.weak("Undo (Ctrl+Z) brings it back.");
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                let change =
                    ui.button(RichText::new(format!("Make it a {}", self.kind.as_str())).strong());
                if change.clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    answer = Some(true);
                }
                if ui.button("Keep it").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape))
                {
                    answer = Some(false);
                }
            });
        });
        answer
    }
}

impl FactmarkApp {
    /// Change an annotation's kind: at once when nothing is lost, else after asking.
    pub(super) fn request_kind_change(&mut self, id: String, kind: Kind) {
        let Some(open) = &self.open else { return };
        let losses = open.doc.project.kind_change_losses(&id, kind);
        if losses.is_empty() {
            self.change_kind(&id, kind, &[]);
        } else {
            self.kind_change = Some(KindChange { id, kind, losses });
        }
    }

    pub(super) fn kind_change_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = &self.kind_change else {
            return;
        };
        let Some(go) = pending.ui(ctx) else { return };
        let pending = self.kind_change.take().expect("shown above");
        if go {
            self.change_kind(&pending.id, pending.kind, &pending.losses);
        } else {
            self.info("Kind not changed.");
        }
    }

    fn change_kind(&mut self, id: &str, kind: Kind, losses: &[String]) {
        let Some(open) = &mut self.open else { return };
        let now = timestamp::now();
        let Some(edit) = open.doc.project.edit_set_kind(id, kind, &now) else {
            return;
        };
        let label = format!("make {}", kind.as_str());
        if let Err(e) = open.doc.apply(&label, edit) {
            self.error(format!("Could not {label}: {e}"));
            return;
        }
        let mut message = format!("Made it a {}.", kind.as_str());
        if !losses.is_empty() {
            message.push_str(&format!(" Removed or changed: {}.", losses.join("; ")));
            message.push_str(" Ctrl+Z undoes it.");
        }
        self.info(message);
    }
}
