//! Asking for the user's name at their first annotation, without getting in the way: the
//! annotation is made at once and the note takes the keyboard as usual, while a strip below
//! the article asks who is annotating. A modal here swallowed the note typed straight after
//! the tag key.

use egui::{Key, RichText, Ui};

/// The open question, and the annotations made while it was open (they are signed when a
/// name is given).
pub struct AuthorAsk {
    pub name: String,
    pub annotations: Vec<String>,
    /// Whether the name field had the keyboard last frame.
    pub typing: bool,
}

pub enum AuthorAnswer {
    Name(String),
    NotNow,
}

impl AuthorAsk {
    pub fn new(first: String) -> Self {
        Self {
            name: String::new(),
            annotations: vec![first],
            typing: false,
        }
    }

    /// One row: the question, the name field and the two answers.
    pub fn ui(&mut self, ui: &mut Ui) -> Option<AuthorAnswer> {
        let mut answer = None;
        ui.add_space(3.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Who is annotating?").strong());
            let label = ui.label("Your name");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.name)
                        .hint_text("e.g. Dana Levi")
                        .desired_width(200.0),
                )
                .labelled_by(label.id)
                .on_hover_text(
                    "Written as the author of your annotations, so an editor knows who \
                     checked what. Edit > Preferences changes it later.",
                );
            self.typing = field.has_focus();
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let has_name = !self.name.trim().is_empty();
            let ok = ui
                .add_enabled(has_name, egui::Button::new("Use this name"))
                .clicked();
            if (ok || entered) && has_name {
                answer = Some(AuthorAnswer::Name(self.name.trim().to_string()));
            }
            if ui
                .button("Not now")
                .on_hover_text("Annotate without a name, and do not ask again")
                .clicked()
            {
                answer = Some(AuthorAnswer::NotNow);
            }
        });
        ui.add_space(3.0);
        answer
    }
}
