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
            paragraphs: imported.paragraph_count(),
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
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(super::dialogs::below_menu(ctx))
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
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(super::dialogs::below_menu(ctx))
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
            let font = egui::FontId::proportional(14.0);
            let color = ui.visuals().text_color();
            let struck = ui.visuals().weak_text_color();
            for p in items {
                ui.horizontal(|ui| {
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
                    if let Some(reason) = p.reason {
                        ui.weak(format!("({reason})"));
                    }
                });
                // Quotes in the same bidi layout as the article, so Arabic or Hebrew reads
                // right to left here too.
                ui.indent(("placement", &p.id), |ui| match (&p.new_quote, p.outcome) {
                    (Some(new), Outcome::Changed) => {
                        ui.horizontal(|ui| {
                            ui.weak("was");
                            let was = super::bidi_text::line(
                                ui,
                                &excerpt(&p.old_quote),
                                font.clone(),
                                struck,
                                egui::Sense::hover(),
                            );
                            ui.painter().hline(
                                was.rect.x_range(),
                                was.rect.center().y,
                                egui::Stroke::new(1.0, struck),
                            );
                        });
                        ui.horizontal(|ui| {
                            ui.weak("now");
                            super::bidi_text::line(
                                ui,
                                &excerpt(new),
                                font.clone(),
                                color,
                                egui::Sense::hover(),
                            );
                        });
                    }
                    _ => {
                        super::bidi_text::line(
                            ui,
                            &excerpt(&p.old_quote),
                            font.clone(),
                            color,
                            egui::Sense::hover(),
                        );
                    }
                });
            }
        }
    }

    /// The diff inline, a paragraph at a time in the same bidi layout as the article view:
    /// deleted text struck through on a red tint, inserted text underlined on a green tint
    /// (the lines tell them apart without colour), long unchanged stretches shortened to
    /// their ends; then the annotations the changes touch.
    fn diff_ui(
        &self,
        ui: &mut Ui,
        diff: &ArticleDiff,
        project: &Project,
        event: &mut Option<ChangesEvent>,
    ) {
        let old = |r: &std::ops::Range<usize>| {
            self.old_text
                .as_ref()
                .and_then(|t| t.slice(r.clone()))
                .unwrap_or("")
        };
        let new = |r: &std::ops::Range<usize>| self.new_text.slice(r.clone()).unwrap_or("");
        let paragraphs = diff_paragraphs(diff, old, new, self.show_unchanged);
        paint_diff(ui, &paragraphs);

        let mut touched: Vec<&String> = Vec::new();
        for id in diff.ops.iter().flat_map(|op| &op.annotations) {
            if !touched.contains(&id) {
                touched.push(id);
            }
        }
        if !touched.is_empty() {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                ui.label("Annotations in changed text:");
                for id in touched {
                    let kind = project.find(id).map_or("annotation", |a| a.kind.as_str());
                    if ui.link(format!("{kind} {id}")).clicked() {
                        *event = Some(ChangesEvent::Select(id.clone()));
                    }
                }
            });
        }
    }
}

/// How a stretch of the diff's text is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DiffMark {
    Deleted,
    Inserted,
    /// Unchanged text shortened to its ends.
    Elided,
}

/// One paragraph of the inline diff: its text and the marked code-point ranges in it.
#[derive(Debug, Default, PartialEq)]
struct DiffParagraph {
    text: String,
    marks: Vec<(std::ops::Range<usize>, DiffMark)>,
}

/// The inline diff as paragraphs: each op's text (old text for deletions, new for insertions,
/// both for replacements) split at line breaks, so each paragraph can be laid out — right to
/// left where it should be — like the article itself.
fn diff_paragraphs<'t>(
    diff: &ArticleDiff,
    old: impl Fn(&std::ops::Range<usize>) -> &'t str,
    new: impl Fn(&std::ops::Range<usize>) -> &'t str,
    show_unchanged: bool,
) -> Vec<DiffParagraph> {
    let mut paragraphs = vec![DiffParagraph::default()];
    let mut push = |text: &str, mark: Option<DiffMark>| {
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                paragraphs.push(DiffParagraph::default());
            }
            let paragraph = paragraphs.last_mut().expect("never empty");
            let start = paragraph.text.chars().count();
            paragraph.text.push_str(piece);
            let end = start + piece.chars().count();
            if let Some(mark) = mark.filter(|_| end > start) {
                paragraph.marks.push((start..end, mark));
            }
        }
    };
    for op in &diff.ops {
        match op.kind {
            DiffKind::Equal => {
                let text = new(&op.new);
                if show_unchanged || text.chars().count() <= 80 {
                    push(text, None);
                } else {
                    push(&shorten_middle(text, 40), Some(DiffMark::Elided));
                }
            }
            DiffKind::Delete => push(old(&op.old), Some(DiffMark::Deleted)),
            DiffKind::Insert => push(new(&op.new), Some(DiffMark::Inserted)),
            DiffKind::Replace => {
                push(old(&op.old), Some(DiffMark::Deleted));
                // A thin space, so "40" replaced by "45" does not read as "4045".
                push("\u{2009}", None);
                push(new(&op.new), Some(DiffMark::Inserted));
            }
        }
    }
    // A deleted paragraph break leaves an empty paragraph; show it as a small gap, not many.
    paragraphs.dedup_by(|b, a| a.text.is_empty() && b.text.is_empty());
    paragraphs
}

fn paint_diff(ui: &mut Ui, paragraphs: &[DiffParagraph]) {
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
    let tint = |c: Color32| c.gamma_multiply(if dark { 0.25 } else { 0.15 });
    let font = egui::FontId::proportional(14.0);
    let text_color = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    let cache = crate::text_layout::TextLayoutCache::shared(ui.ctx());
    for paragraph in paragraphs {
        if paragraph.text.is_empty() {
            ui.add_space(4.0);
            continue;
        }
        let width = ui.available_width().max(40.0);
        let layout = {
            let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
            let spec = crate::text_layout::ParagraphSpec {
                text: &paragraph.text,
                font_id: font.clone(),
                color: text_color,
                wrap_width: width,
                base: crate::text_layout::BaseDirection::Auto,
                line_height: None,
            };
            cache.layout(ui.ctx(), &spec)
        };
        let (rect, response) =
            ui.allocate_exact_size(egui::vec2(width, layout.size().y), egui::Sense::hover());
        let text = paragraph.text.clone();
        response
            .widget_info(move || egui::WidgetInfo::labeled(egui::Role::Label, true, text.clone()));
        if !ui.is_rect_visible(rect) {
            continue;
        }
        let painter = ui.painter();
        let origin = rect.min.to_vec2();
        for (range, mark) in &paragraph.marks {
            for r in layout.range_rects(range.clone()) {
                let r = r.translate(origin);
                match mark {
                    DiffMark::Deleted => {
                        painter.rect_filled(r, 2.0, tint(deleted));
                    }
                    DiffMark::Inserted => {
                        painter.rect_filled(r, 2.0, tint(inserted));
                    }
                    DiffMark::Elided => {}
                }
            }
        }
        layout.paint(painter, rect.min);
        for (range, mark) in &paragraph.marks {
            for r in layout.range_rects(range.clone()) {
                let r = r.translate(origin);
                match mark {
                    DiffMark::Deleted => {
                        painter.hline(r.x_range(), r.center().y, egui::Stroke::new(1.5, deleted));
                    }
                    DiffMark::Inserted => {
                        painter.hline(
                            r.x_range(),
                            r.bottom() - 1.0,
                            egui::Stroke::new(1.5, inserted),
                        );
                    }
                    // Shortened unchanged text: a dotted line under it says "not all shown".
                    DiffMark::Elided => {
                        let y = r.bottom() - 1.0;
                        let mut x = r.left();
                        while x < r.right() {
                            painter.hline(
                                x..=(x + 2.0).min(r.right()),
                                y,
                                egui::Stroke::new(1.0, weak),
                            );
                            x += 5.0;
                        }
                    }
                }
            }
        }
        ui.add_space(4.0);
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
    use super::{DiffMark, DiffParagraph, diff_paragraphs, shorten_middle};
    use crate::model::ArticleText;
    use crate::reanchor::diff_texts;

    fn paragraphs(old: &str, new: &str, show_unchanged: bool) -> Vec<DiffParagraph> {
        let (old, new) = (
            ArticleText::new(old.to_string()),
            ArticleText::new(new.to_string()),
        );
        let diff = diff_texts(&old, &new);
        diff_paragraphs(
            &diff,
            |r| old.slice(r.clone()).unwrap(),
            |r| new.slice(r.clone()).unwrap(),
            show_unchanged,
        )
    }

    /// The text of each marked stretch, for readable assertions.
    fn marked(p: &DiffParagraph) -> Vec<(String, DiffMark)> {
        let chars: Vec<char> = p.text.chars().collect();
        p.marks
            .iter()
            .map(|(r, m)| (chars[r.clone()].iter().collect(), *m))
            .collect()
    }

    #[test]
    fn a_replaced_word_shows_old_struck_then_new_in_its_paragraph() {
        let got = paragraphs(
            "First paragraph stays.\nThe minister said 40 people.",
            "First paragraph stays.\nThe minister said 45 people.",
            true,
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].text, "First paragraph stays.");
        assert!(got[0].marks.is_empty());
        assert_eq!(got[1].text, "The minister said 40\u{2009}45 people.");
        assert_eq!(
            marked(&got[1]),
            vec![
                ("40".to_string(), DiffMark::Deleted),
                ("45".to_string(), DiffMark::Inserted)
            ]
        );
    }

    #[test]
    fn marks_are_code_points_in_arabic_and_emoji_paragraphs() {
        let got = paragraphs(
            "قال الوزير إن 40 شخصاً 👍🏽 حضروا",
            "قال الوزير إن 45 شخصاً 👍🏽 حضروا",
            true,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(
            marked(&got[0]),
            vec![
                ("40".to_string(), DiffMark::Deleted),
                ("45".to_string(), DiffMark::Inserted)
            ]
        );
    }

    #[test]
    fn a_deleted_paragraph_keeps_its_own_paragraph_and_long_unchanged_text_is_shortened() {
        let long = "word ".repeat(60);
        let old = format!("{long}\nThis sentence was removed.\nEnd.");
        let new = format!("{long}\nEnd.");
        let got = paragraphs(&old, &new, false);
        let texts: Vec<&str> = got.iter().map(|p| p.text.as_str()).collect();
        assert!(texts[0].contains(" … "), "{texts:?}");
        assert_eq!(marked(&got[0])[0].1, DiffMark::Elided);
        assert!(
            got.iter().any(|p| marked(p)
                .iter()
                .any(|(t, m)| *m == DiffMark::Deleted && t.contains("removed"))),
            "{got:?}"
        );
        assert_eq!(texts.last(), Some(&"End."));
        // Shown in full when asked.
        let full = paragraphs(&old, &new, true);
        assert!(
            full[0].text.starts_with(&long[..long.len() - 1]),
            "{full:?}"
        );
    }

    #[test]
    fn long_unchanged_text_keeps_whole_words_at_both_ends() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        assert_eq!(shorten_middle(text, 10), "one two three … eleven twelve");
        assert_eq!(shorten_middle("short text", 10), "short text");
    }
}
