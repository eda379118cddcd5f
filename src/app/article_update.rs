//! Windows for bringing articles in and for what changed when an article was updated: the
//! import preview (fix the title, URL and dates before a project is made), and the changes
//! report (which annotations kept, moved, changed wording or need review, and a word-level
//! diff of the two texts with the affected annotations marked).

use egui::{Color32, RichText, Ui};

use super::dialogs::{metadata_form, metadata_problems, normalized};
use crate::import::ImportedArticle;
use crate::model::{ArticleMetadata, ArticleText, Project};
use crate::reanchor::{ArticleDiff, DiffKind, Outcome, ReanchorReport};

/// An article read from a file, a drop or the clipboard, waiting for the user to check its
/// details before it becomes a project.
pub struct ImportPreview {
    /// Where it came from, for the window title ("nso.html", "the clipboard").
    pub source: String,
    pub metadata: ArticleMetadata,
    pub text: String,
    format_label: &'static str,
    paragraphs: usize,
    chars: usize,
}

pub enum PreviewOutcome {
    Open,
    Create(ArticleMetadata, String),
    Cancel,
}

impl ImportPreview {
    pub fn new(source: String, imported: ImportedArticle) -> Self {
        Self {
            source,
            paragraphs: imported
                .text
                .split('\n')
                .filter(|p| !p.trim().is_empty())
                .count(),
            chars: imported.text.chars().count(),
            format_label: imported.format.label(),
            metadata: imported.metadata,
            text: imported.text,
        }
    }

    pub fn ui(&mut self, ctx: &egui::Context) -> PreviewOutcome {
        let mut outcome = PreviewOutcome::Open;
        let mut open = true;
        egui::Window::new(format!("New project from {}", self.source))
            .id(egui::Id::unique("import-preview"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size([760.0, 560.0])
            .show(ctx, |ui| {
                ui.label(format!(
                    "Read as {}: {} paragraphs, {} characters. Check the details; the text is shown as it will be annotated.",
                    self.format_label, self.paragraphs, self.chars
                ));
                ui.add_space(6.0);
                metadata_form(ui, &mut self.metadata);
                let problems = metadata_problems(&self.metadata);
                for p in &problems {
                    ui.colored_label(ui.visuals().error_fg_color, p);
                }
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    let ready = problems.is_empty() && !self.text.trim().is_empty();
                    if ui
                        .add_enabled(ready, egui::Button::new(RichText::new("Create project").strong()))
                        .clicked()
                    {
                        outcome = PreviewOutcome::Create(normalized(self.metadata.clone()), self.text.clone());
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = PreviewOutcome::Cancel;
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("import-text")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        // A preview: the first 200 paragraphs are plenty to judge the extraction.
                        let color = ui.visuals().text_color();
                        for paragraph in self.text.split('\n').take(200) {
                            if paragraph.trim().is_empty() {
                                ui.add_space(6.0);
                            } else {
                                super::bidi_text::paragraph(ui, paragraph, egui::FontId::proportional(14.0), color);
                                ui.add_space(4.0);
                            }
                        }
                    });
            });
        if !open {
            outcome = PreviewOutcome::Cancel;
        }
        outcome
    }
}

/// What a window of the changes report asks for.
pub enum ChangesEvent {
    Select(String),
    Close,
}

/// The report of an article update (or of re-anchoring a text edited outside Factmark).
pub struct ChangesWindow {
    pub report: ReanchorReport,
    /// The texts the diff's ranges refer to (the old one may not be known).
    old_text: Option<ArticleText>,
    new_text: ArticleText,
    show_unchanged: bool,
}

impl ChangesWindow {
    pub fn new(
        report: ReanchorReport,
        old_text: Option<ArticleText>,
        new_text: ArticleText,
    ) -> Self {
        Self {
            report,
            old_text,
            new_text,
            show_unchanged: false,
        }
    }

    pub fn ui(&mut self, ctx: &egui::Context, project: &Project) -> Option<ChangesEvent> {
        let mut event = None;
        let mut open = true;
        egui::Window::new("Changes to the article")
            .id(egui::Id::unique("article-changes"))
            .open(&mut open)
            .resizable(true)
            .default_size([720.0, 520.0])
            .show(ctx, |ui| {
                let counts = self.report.counts();
                ui.strong(counts.to_string());
                if let Some(diff) = &self.report.diff {
                    let changes = diff.changes().count();
                    ui.label(format!("{changes} change{} in the text.", if changes == 1 { "" } else { "s" }));
                } else {
                    ui.label("The earlier text is not known (it was edited outside Factmark), so only the annotations can be compared.");
                }
                ui.add_space(6.0);
                egui::ScrollArea::vertical()
                    .id_salt("changes")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        self.annotations_ui(ui, project, &mut event);
                        if let Some(diff) = self.report.diff.clone() {
                            ui.add_space(10.0);
                            ui.horizontal(|ui| {
                                ui.heading("Text changes");
                                ui.checkbox(&mut self.show_unchanged, "Show unchanged text");
                            });
                            self.diff_ui(ui, &diff, project, &mut event);
                        }
                    });
            });
        if !open {
            event = Some(ChangesEvent::Close);
        }
        event
    }

    fn annotations_ui(&self, ui: &mut Ui, project: &Project, event: &mut Option<ChangesEvent>) {
        for (outcome, title) in [
            (
                Outcome::NeedsReview,
                "Need review: no clearly good place in the new text",
            ),
            (Outcome::Changed, "Changed wording"),
            (Outcome::Moved, "Moved"),
        ] {
            let items: Vec<_> = self
                .report
                .placements
                .iter()
                .filter(|p| p.outcome == outcome)
                .collect();
            if items.is_empty() {
                continue;
            }
            ui.add_space(6.0);
            ui.strong(format!("{title} ({})", items.len()));
            for p in items {
                ui.horizontal_wrapped(|ui| {
                    let kind = project
                        .find(&p.id)
                        .map_or("annotation", |a| a.kind.as_str());
                    if ui
                        .link(format!("{kind} {}", p.id))
                        .on_hover_text("Select it")
                        .clicked()
                    {
                        *event = Some(ChangesEvent::Select(p.id.clone()));
                    }
                    match (&p.new_quote, p.outcome) {
                        (Some(new), Outcome::Changed) => {
                            ui.label(RichText::new(excerpt(&p.old_quote)).strikethrough());
                            ui.label("→");
                            ui.label(excerpt(new));
                        }
                        _ => {
                            ui.label(excerpt(&p.old_quote));
                        }
                    }
                    if let Some(reason) = p.reason {
                        ui.weak(format!("({reason})"));
                    }
                });
            }
        }
    }

    /// The diff inline: deleted text struck through in red, inserted text in green, with
    /// the annotations each change touches; unchanged stretches shortened to their ends.
    fn diff_ui(
        &self,
        ui: &mut Ui,
        diff: &ArticleDiff,
        project: &Project,
        event: &mut Option<ChangesEvent>,
    ) {
        let dark = ui.visuals().dark_mode;
        let (deleted, inserted) = if dark {
            (
                Color32::from_rgb(0xF0, 0x8A, 0x8A),
                Color32::from_rgb(0x8A, 0xE0, 0x9A),
            )
        } else {
            (
                Color32::from_rgb(0xB0, 0x20, 0x20),
                Color32::from_rgb(0x10, 0x80, 0x30),
            )
        };
        let old = |r: &std::ops::Range<usize>| {
            self.old_text
                .as_ref()
                .and_then(|t| t.slice(r.clone()))
                .unwrap_or("")
                .to_string()
        };
        let new =
            |r: &std::ops::Range<usize>| self.new_text.slice(r.clone()).unwrap_or("").to_string();
        let mut job = egui::text::LayoutJob::default();
        let font = egui::FontId::proportional(14.0);
        let plain = ui.visuals().text_color();
        let push = |job: &mut egui::text::LayoutJob, text: &str, color: Color32, strike: bool| {
            let mut format = egui::TextFormat::simple(font.clone(), color);
            if strike {
                format.strikethrough = egui::Stroke::new(1.0, color);
            }
            job.append(text, 0.0, format);
        };
        let mut touched: Vec<String> = Vec::new();
        for op in &diff.ops {
            match op.kind {
                DiffKind::Equal => {
                    let text = new(&op.new);
                    if self.show_unchanged || text.chars().count() <= 80 {
                        push(&mut job, &text, plain, false);
                    } else {
                        push(
                            &mut job,
                            &shorten_middle(&text, 40),
                            ui.visuals().weak_text_color(),
                            false,
                        );
                    }
                }
                DiffKind::Delete => push(&mut job, &old(&op.old), deleted, true),
                DiffKind::Insert => push(&mut job, &new(&op.new), inserted, false),
                DiffKind::Replace => {
                    push(&mut job, &old(&op.old), deleted, true);
                    push(&mut job, &new(&op.new), inserted, false);
                }
            }
            for id in &op.annotations {
                if !touched.contains(id) {
                    touched.push(id.clone());
                }
            }
        }
        job.wrap.max_width = ui.available_width();
        ui.label(job);
        if !touched.is_empty() {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                ui.label("Annotations in changed text:");
                for id in touched {
                    let kind = project.find(&id).map_or("annotation", |a| a.kind.as_str());
                    if ui.link(format!("{kind} {id}")).clicked() {
                        *event = Some(ChangesEvent::Select(id));
                    }
                }
            });
        }
    }
}

/// The first and last words of a long unchanged stretch (about `keep` characters each, cut at
/// spaces), with "…" between.
fn shorten_middle(text: &str, keep: usize) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let head_end = chars
        .iter()
        .skip(keep)
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |&(b, _)| b);
    let tail_start = chars
        .iter()
        .rev()
        .skip(keep)
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |&(b, c)| b + c.len_utf8());
    if tail_start <= head_end {
        return text.to_string();
    }
    format!("{} … {}", &text[..head_end], &text[tail_start..])
}

fn excerpt(text: &str) -> String {
    super::annotation_panel::excerpt(text, 90)
}

#[cfg(test)]
mod tests {
    use super::shorten_middle;

    #[test]
    fn long_unchanged_text_keeps_whole_words_at_both_ends() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        assert_eq!(shorten_middle(text, 10), "one two three … eleven twelve");
        assert_eq!(shorten_middle("short text", 10), "short text");
    }
}
