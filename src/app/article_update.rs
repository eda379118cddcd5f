//! Windows for bringing articles in and for what changed when an article was updated: the
//! import preview (fix the title, URL and dates before a project is made), and the changes
//! report (which annotations kept, moved, changed wording or need review, and a word-level
//! diff of the two texts with the affected annotations marked).
//! In the preview a click leaves a paragraph out (Shift-click: a range), and what the
//! importer dropped as page furniture can be put back.

use egui::{Color32, RichText, Ui};

use super::dialogs::{metadata_form, metadata_problems, normalized};
use crate::import::ImportedArticle;
use crate::model::{ArticleMetadata, ArticleText, Project};
use crate::reanchor::{ArticleDiff, DiffKind, Outcome, ReanchorReport};

/// An article read from a file, a drop or the clipboard, waiting for the user to check its
/// details, and leave out page junk the importer kept (or put back what it dropped), before
/// it becomes a project.
pub struct ImportPreview {
    /// Where it came from, for the window title ("nso.html", "the clipboard").
    pub source: String,
    pub metadata: ArticleMetadata,
    /// The text's lines, with the paragraphs the importer dropped where they stood.
    lines: Vec<PreviewLine>,
    format_label: &'static str,
    /// Paragraphs the project will have, and how many the user left out.
    kept: usize,
    left_out: usize,
    /// Characters the project's text will have.
    chars: usize,
    /// The paragraph clicked last: a Shift-click leaves out (or puts back) from it to there.
    anchor: Option<usize>,
}

struct PreviewLine {
    text: String,
    /// Dropped by the importer (shown in the "Dropped automatically" list).
    dropped: bool,
    /// Left out of the project's text.
    excluded: bool,
    /// Width it was last laid out at and its height then.
    height: std::cell::Cell<Option<(f32, f32)>>,
}

/// A paragraph's height before it is laid out: its characters at an average width.
fn estimated_height(text: &str, width: f32, font_size: f32) -> f32 {
    let per_row = (width / (font_size * 0.5)).max(1.0);
    let rows = (text.chars().count() as f32 / per_row).ceil().max(1.0);
    rows * font_size * 1.3
}

impl PreviewLine {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Shown in the text (and clickable there): every paragraph but the dropped ones not
    /// put back.
    fn in_text(&self) -> bool {
        !(self.is_blank() || (self.dropped && self.excluded))
    }
}

pub enum PreviewOutcome {
    Open,
    Create(ArticleMetadata, String),
    Cancel,
}

impl ImportPreview {
    pub fn new(source: String, imported: ImportedArticle) -> Self {
        let mut dropped = imported.dropped.into_iter().peekable();
        let mut lines = Vec::new();
        for (i, line) in imported.text.split('\n').enumerate() {
            while let Some(d) = dropped.next_if(|d| d.before_line <= i) {
                lines.push(PreviewLine {
                    text: d.text,
                    dropped: true,
                    excluded: true,
                    height: Default::default(),
                });
            }
            lines.push(PreviewLine {
                text: line.to_string(),
                dropped: false,
                excluded: false,
                height: Default::default(),
            });
        }
        lines.extend(dropped.map(|d| PreviewLine {
            text: d.text,
            dropped: true,
            excluded: true,
            height: Default::default(),
        }));
        let mut preview = Self {
            source,
            format_label: imported.format.label(),
            metadata: imported.metadata,
            lines,
            kept: 0,
            left_out: 0,
            chars: 0,
            anchor: None,
        };
        preview.recount();
        preview
    }

    /// The article text the project will have: the lines not left out.
    pub fn text(&self) -> String {
        let kept: Vec<&str> = self
            .lines
            .iter()
            .filter(|l| !l.excluded)
            .map(|l| l.text.as_str())
            .collect();
        kept.join("\n")
    }

    fn recount(&mut self) {
        let text = self.text();
        self.kept = crate::import::count_paragraphs(&text);
        self.chars = text.chars().count();
        self.left_out = self
            .lines
            .iter()
            .filter(|l| l.excluded && !l.dropped && !l.is_blank())
            .count();
    }

    /// A click on paragraph `i`: leave it out or put it back; with Shift, do the same to
    /// every paragraph shown between the last one clicked and it.
    fn toggle(&mut self, i: usize, range: bool) {
        let exclude = !self.lines[i].excluded;
        let span = match self.anchor {
            Some(a) if range => a.min(i)..=a.max(i),
            _ => i..=i,
        };
        for j in span {
            let line = &mut self.lines[j];
            if j == i || line.in_text() {
                line.excluded = exclude;
            }
        }
        self.anchor = Some(i);
        self.recount();
    }

    pub fn ui(&mut self, ctx: &egui::Context) -> PreviewOutcome {
        let mut outcome = PreviewOutcome::Open;
        let mut open = true;
        let mut clicked: Option<(usize, bool)> = None;
        egui::Window::new(format!("New project from {}", self.source))
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(super::dialogs::below_menu(ctx))
            .id(egui::Id::unique("import-preview"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size([760.0, 640.0])
            .show(ctx, |ui| {
                let left_out = match self.left_out {
                    0 => String::new(),
                    1 => " (1 left out)".to_string(),
                    n => format!(" ({n} left out)"),
                };
                ui.label(format!(
                    "Read as {}: {} paragraphs{left_out}, {} characters. Check the details; the text is shown as it will be annotated.",
                    self.format_label, self.kept, self.chars
                ));
                ui.add_space(6.0);
                metadata_form(ui, &mut self.metadata);
                let problems = metadata_problems(&self.metadata);
                for p in &problems {
                    ui.colored_label(ui.visuals().error_fg_color, p);
                }
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    // Some paragraph with text is kept.
                    let ready = problems.is_empty() && self.kept > 0;
                    if ui
                        .add_enabled(ready, egui::Button::new(RichText::new("Create project").strong()))
                        .clicked()
                    {
                        outcome = PreviewOutcome::Create(normalized(self.metadata.clone()), self.text());
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = PreviewOutcome::Cancel;
                    }
                });
                ui.separator();
                ui.weak(
                    "Click a paragraph to leave it out of the project (page numbers, captions, \
                     adverts…), Shift-click another to leave out all between; click again to \
                     put it back.",
                );
                let font = egui::FontId::proportional(14.0);
                let color = ui.visuals().text_color();
                let dropped = self.lines.iter().filter(|l| l.dropped).count();
                if dropped > 0 {
                    egui::CollapsingHeader::new(format!("Dropped automatically ({dropped})"))
                        .id_salt("import-dropped")
                        .default_open(false)
                        .show(ui, |ui| {
                            ui.weak("Left out as page furniture. Click one to put it back in the text.");
                            egui::ScrollArea::vertical()
                                .id_salt("import-dropped-list")
                                .max_height(160.0)
                                .show(ui, |ui| {
                                    for (i, line) in self.lines.iter().enumerate().filter(|(_, l)| l.dropped) {
                                        let r = super::bidi_text::toggle_paragraph(ui, &line.text, font.clone(), color, line.excluded);
                                        if r.clicked() {
                                            clicked = Some((i, false));
                                        }
                                        ui.add_space(2.0);
                                    }
                                });
                        });
                }
                egui::ScrollArea::vertical()
                    .id_salt("import-text")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        // Shift held now, or with the click that arrived this frame.
                        let shift = ui.input(|i| {
                            i.modifiers.shift
                                || i.events.iter().any(|e| {
                                    matches!(e, egui::Event::PointerButton { modifiers, .. } if modifiers.shift)
                                })
                        });
                        for (i, line) in self.lines.iter().enumerate() {
                            if line.is_blank() {
                                if !line.excluded {
                                    ui.add_space(6.0);
                                }
                            } else if line.in_text() {
                                // Only paragraphs in view are laid out (a long article has
                                // thousands); the others take their measured or estimated height.
                                let width = ui.available_width().max(40.0);
                                let top = ui.cursor().top();
                                let height = match line.height.get() {
                                    Some((w, h)) if w == width => h,
                                    _ => estimated_height(&line.text, width, font.size),
                                };
                                let clip = ui.clip_rect();
                                if top > clip.bottom() || top + height < clip.top() {
                                    ui.allocate_space(egui::vec2(width, height));
                                } else {
                                    let r = super::bidi_text::toggle_paragraph(ui, &line.text, font.clone(), color, line.excluded);
                                    line.height.set(Some((width, r.rect.height())));
                                    if r.clicked() {
                                        clicked = Some((i, shift));
                                    }
                                }
                                ui.add_space(4.0);
                            }
                        }
                    });
            });
        if let Some((i, range)) = clicked {
            self.toggle(i, range);
        }
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
