//! The article view: the text with its highlights, mouse selection, clicking highlights,
//! hover details and the floating tag bar.
//!
//! Long articles stay fast because only visible paragraphs are laid out: each paragraph is
//! its own galley (egui caches it), and paragraphs never seen yet have an estimated height
//! until they scroll into view.

use std::ops::Range;

use egui::{
    Align, Color32, CornerRadius, CursorIcon, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Ui,
    Vec2, pos2, vec2,
};

use super::project_index::ProjectIndex;
use super::text_selection::{TextSelection, paragraph_range, sentence_at, snap_to_words, word_at};
use super::theme;
use crate::model::{Annotation, ArticleText, Kind, Project};
use crate::text_layout::{BaseDirection, ParagraphLayout, ParagraphSpec, TextLayoutCache};

/// Lines are this many times the text size: room under each for stacked underlines.
pub const LINE_HEIGHT_FACTOR: f32 = 1.65;

/// Body text size in points (egui's zoom scales it).
pub const READING_SIZE: f32 = 17.0;
/// A comfortable line length: about 70 characters of body text.
const MAX_COLUMN_WIDTH: f32 = READING_SIZE * 40.0;
/// Space between paragraphs, as a fraction of the text size.
const PARAGRAPH_GAP: f32 = 0.7;
/// Clicks closer together than this continue a multi-click (triple → quadruple).
const MULTI_CLICK_SECONDS: f64 = 0.5;

/// What the view asks the app to do; the app applies it.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewEvent {
    SelectAnnotation(Option<String>),
    Tag(Kind),
    /// In "link to claim" mode, the user clicked this claim.
    PickedClaim(String),
    /// The user clicked text in link mode where there is no claim.
    PickMissed,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScrollRequest {
    pub offset: usize,
    /// `None`: scroll only as far as needed to show it.
    pub align: Option<Align>,
    /// Leave the view as it is if `offset` is already in sight.
    pub only_if_hidden: bool,
}

/// Heights of all paragraphs at the current width: measured for those laid out so far,
/// estimated for the rest.
#[derive(Default)]
struct ParagraphHeights {
    /// (wrap width, font size, paragraph count) the heights are for.
    key: Option<(u32, u32, usize)>,
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// `tops[i]` = y of paragraph i; `tops[n]` = total height.
    tops: Vec<f32>,
    tops_stale: bool,
    /// Learned from measured paragraphs, for estimating the rest.
    measured_chars: usize,
    measured_rows: f32,
}

impl ParagraphHeights {
    fn reset_if_needed(&mut self, text: &ArticleText, wrap_width: f32, font_size: f32) {
        let key = (
            wrap_width.to_bits(),
            font_size.to_bits(),
            text.paragraphs().len(),
        );
        if self.key == Some(key) {
            return;
        }
        // Keep the learned characters-per-row ratio only if the width is the same.
        let same_width = self.key.is_some_and(|k| k.0 == key.0 && k.1 == key.1);
        if !same_width {
            self.measured_chars = 0;
            self.measured_rows = 0.0;
        }
        self.key = Some(key);
        let n = text.paragraphs().len();
        self.measured = vec![false; n];
        self.heights = text
            .paragraphs()
            .iter()
            .map(|p| self.estimate(p.chars.len(), wrap_width, font_size))
            .collect();
        self.tops_stale = true;
    }

    fn estimate(&self, chars: usize, wrap_width: f32, font_size: f32) -> f32 {
        if chars == 0 {
            return empty_paragraph_height(font_size);
        }
        let chars_per_row = if self.measured_rows > 0.0 {
            self.measured_chars as f32 / self.measured_rows
        } else {
            // About half an em per character for Latin text.
            (wrap_width / (font_size * 0.5)).max(1.0)
        };
        let rows = (chars as f32 / chars_per_row).ceil().max(1.0);
        rows * font_size * LINE_HEIGHT_FACTOR + font_size * PARAGRAPH_GAP
    }

    /// Record a measured height; returns how much it changed.
    fn set_measured(&mut self, i: usize, height: f32, chars: usize, rows: usize) -> f32 {
        if !self.measured[i] {
            self.measured[i] = true;
            // Only well-filled paragraphs teach the ratio; the last row of each is partial.
            if rows > 1 {
                self.measured_chars += chars;
                self.measured_rows += rows as f32 - 0.5;
            }
        }
        let delta = height - self.heights[i];
        if delta.abs() > 0.01 {
            self.heights[i] = height;
            self.tops_stale = true;
            delta
        } else {
            0.0
        }
    }

    fn refresh_tops(&mut self) {
        if !self.tops_stale {
            return;
        }
        self.tops.clear();
        self.tops.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.tops.push(y);
        self.tops_stale = false;
    }

    fn top(&self, i: usize) -> f32 {
        self.tops[i.min(self.tops.len() - 1)]
    }

    fn total(&self) -> f32 {
        *self.tops.last().unwrap_or(&0.0)
    }

    /// The paragraph at height `y` (clamped).
    fn index_at(&self, y: f32) -> usize {
        let n = self.heights.len();
        self.tops[..n]
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
    }
}

/// Body text: nearly black or nearly white, for long reading (egui's default text colour is
/// a mid grey meant for UI labels).
fn body_text_color(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_gray(226)
    } else {
        Color32::from_gray(28)
    }
}

fn empty_paragraph_height(font_size: f32) -> f32 {
    font_size * 0.6
}

#[derive(Default)]
pub struct ArticleView {
    heights: ParagraphHeights,
    /// The text selection, in code points.
    pub selection: Option<TextSelection>,
    dragging: bool,
    scroll_request: Option<ScrollRequest>,
    /// Frames left to re-issue the scroll while heights around the target settle.
    scroll_settle: u8,
    last_triple_click: Option<(f64, usize)>,
    /// Code point at the top of the visible area (to reopen a project where it was).
    pub top_char: usize,
    /// Drawn at least once. egui keeps the scroll offset by widget id, and every project's
    /// view has the same one: a newly opened project starts at the top, not where the last
    /// one was left.
    shown: bool,
    /// Where the text was drawn last frame, to map offsets to the screen between frames.
    last_placement: Option<Placement>,
    /// Paragraph layouts: plain text goes to egui's galley cache, mixed-direction text is
    /// laid out (and cached) here. A RefCell because hit-testing asks for layouts too.
    layouts: std::cell::RefCell<TextLayoutCache>,
}

/// Everything the view reads from the app for one frame.
pub struct ViewInput<'a> {
    pub project: &'a Project,
    pub index: &'a ProjectIndex,
    pub selected: Option<&'a str>,
    /// In "link to claim" mode: clicks pick a claim instead of selecting.
    pub picking_claim: bool,
    /// While comparing with another checker's project: their spans (File ▸ Compare with…).
    pub second: Option<SecondTrack<'a>>,
}

/// Another checker's spans over the same text, drawn as dashed underlines at the foot of
/// each line, below the project's own underlines; the disagreement being looked at gets a
/// dashed outline.
pub struct SecondTrack<'a> {
    /// Sorted by start, as [`Project::annotations`].
    pub annotations: &'a [Annotation],
    pub index: &'a super::highlight_index::HighlightIndex,
    pub focus: Option<Range<usize>>,
}

/// Where the paragraphs are drawn this frame.
#[derive(Clone)]
struct Placement {
    origin: Pos2,
    wrap_width: f32,
    font: FontId,
    text_color: Color32,
    base: BaseDirection,
}

impl ArticleView {
    pub fn scroll_to(&mut self, offset: usize, align: Align) {
        self.scroll_request = Some(ScrollRequest {
            offset,
            align: Some(align),
            only_if_hidden: false,
        });
        self.scroll_settle = 3;
    }

    /// Show `offset` centred if it is out of sight; leave the view alone if it is in sight
    /// (picking an annotation from the list must not make the reader lose their place).
    pub fn reveal(&mut self, offset: usize) {
        self.scroll_request = Some(ScrollRequest {
            offset,
            align: Some(Align::Center),
            only_if_hidden: true,
        });
        self.scroll_settle = 3;
    }

    /// Scroll only if `offset` is out of sight, and only as far as needed (the caret of a
    /// keyboard selection: the text should not jump while it is in view).
    pub fn scroll_into_view(&mut self, offset: usize) {
        self.scroll_request = Some(ScrollRequest {
            offset,
            align: None,
            only_if_hidden: false,
        });
        self.scroll_settle = 1;
    }

    pub fn clear_selection(&mut self) {
        self.selection = None;
        self.dragging = false;
    }

    /// The selected text range, if any and not empty.
    pub fn selected_range(&self) -> Option<Range<usize>> {
        self.selection.filter(|s| !s.is_empty()).map(|s| s.range())
    }

    pub fn ui(&mut self, ui: &mut Ui, input: &ViewInput<'_>, events: &mut Vec<ViewEvent>) {
        self.keyboard_selection(ui, &input.project.article().text);
        let mut area = egui::ScrollArea::vertical()
            .id_salt("article")
            .auto_shrink(false);
        if !std::mem::replace(&mut self.shown, true) {
            area = area.vertical_scroll_offset(0.0);
        }
        area.show_viewport(ui, |ui, _viewport| {
            let full = ui.available_width();
            let column = full.min(MAX_COLUMN_WIDTH + 32.0);
            let left = ui.max_rect().left() + (full - column) / 2.0;
            let top = ui.cursor().top();
            let column_rect = Rect::from_min_size(pos2(left, top), vec2(column, f32::INFINITY));
            ui.scope_builder(egui::UiBuilder::new().max_rect(column_rect), |ui| {
                ui.add_space(12.0);
                article_header(ui, input.project);
                ui.add_space(8.0);
                self.paragraphs(ui, input, events);
                ui.add_space(READING_SIZE * 4.0);
            });
        });
    }

    /// Shift+Left/Right grow or shrink the selection by a grapheme, with Ctrl (Alt on macOS)
    /// by a word — in logical (reading) order, as text editors do, also in right-to-left text.
    fn keyboard_selection(&mut self, ui: &Ui, text: &ArticleText) {
        let Some(selection) = &mut self.selection else {
            return;
        };
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        // Each key event's own modifiers, not the frame's: a quick Ctrl+Shift+Right can be
        // pressed and released within one frame (remote desktops, automation, fast hands).
        let steps: Vec<(bool, bool)> = ui.input_mut(|i| {
            let mut steps = Vec::new();
            i.events.retain(|event| match event {
                egui::Event::Key {
                    key: key @ (egui::Key::ArrowLeft | egui::Key::ArrowRight),
                    pressed: true,
                    modifiers,
                    ..
                } if modifiers.shift => {
                    let by_word = modifiers.command || modifiers.alt;
                    steps.push((*key == egui::Key::ArrowRight, by_word));
                    false
                }
                _ => true,
            });
            steps
        });
        if steps.is_empty() {
            return;
        }
        for (forward, by_word) in steps {
            selection.head = step_offset(text, selection.head, forward, by_word);
        }
        let head = selection.head;
        self.scroll_into_view(head);
    }

    fn paragraphs(&mut self, ui: &mut Ui, input: &ViewInput<'_>, events: &mut Vec<ViewEvent>) {
        let text = &input.project.article().text;
        let wrap_width = (ui.available_width() - 16.0).max(120.0);
        let font = FontId::proportional(READING_SIZE);
        self.heights.reset_if_needed(text, wrap_width, font.size);
        self.heights.refresh_tops();

        let (rect, response) = ui.allocate_exact_size(
            vec2(ui.available_width(), self.heights.total()),
            Sense::click_and_drag(),
        );
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, "Article text"));
        let placement = Placement {
            origin: rect.min + vec2(8.0, 0.0),
            wrap_width,
            font,
            text_color: body_text_color(ui.visuals()),
            base: BaseDirection::for_language(input.project.article().metadata.language.as_deref()),
        };

        self.handle_scroll_request(ui, text, &placement);
        self.handle_pointer(ui, &response, input, &placement, events);
        self.paint_visible(ui, input, &placement);
        self.tag_bar(ui, input, &placement, events);

        self.last_placement = Some(placement);
        if response.hovered() || self.dragging {
            ui.ctx().set_cursor_icon(if input.picking_claim {
                CursorIcon::PointingHand
            } else {
                CursorIcon::Text
            });
        }
    }

    /// Screen rectangles covering a code-point range as drawn in the last frame (one per
    /// row; empty when it was not drawn). Used to place popups, and by tests to aim the mouse.
    pub fn screen_rects(
        &self,
        ctx: &egui::Context,
        text: &ArticleText,
        range: Range<usize>,
    ) -> Vec<Rect> {
        let Some(placement) = &self.last_placement else {
            return Vec::new();
        };
        let mut rects = Vec::new();
        let first = text.paragraph_at(range.start);
        let last = text.paragraph_at(range.end.saturating_sub(1).max(range.start));
        for i in first..=last {
            let para = &text.paragraphs()[i];
            let layout = self.layout_with(ctx, text, i, placement);
            let origin = placement.origin + vec2(0.0, self.heights.top(i));
            let local = range.start.max(para.chars.start) - para.chars.start
                ..range.end.min(para.chars.end) - para.chars.start;
            rects.extend(
                layout
                    .range_rects(local)
                    .into_iter()
                    .map(|r| r.translate(origin.to_vec2())),
            );
        }
        rects
    }

    fn layout(
        &self,
        ui: &Ui,
        text: &ArticleText,
        i: usize,
        placement: &Placement,
    ) -> ParagraphLayout {
        self.layout_with(ui.ctx(), text, i, placement)
    }

    /// Paragraph `i` laid out for this frame (cheap when cached).
    fn layout_with(
        &self,
        ctx: &egui::Context,
        text: &ArticleText,
        i: usize,
        placement: &Placement,
    ) -> ParagraphLayout {
        let p = &text.paragraphs()[i];
        let spec = ParagraphSpec {
            text: &text.as_str()[p.bytes.clone()],
            font_id: placement.font.clone(),
            color: placement.text_color,
            wrap_width: placement.wrap_width,
            base: placement.base,
            line_height: Some(placement.font.size * LINE_HEIGHT_FACTOR),
        };
        self.layouts.borrow_mut().layout(ctx, &spec)
    }
}

impl ArticleView {
    /// Lay out a paragraph and record its true height.
    fn measure(
        &mut self,
        ui: &Ui,
        text: &ArticleText,
        i: usize,
        placement: &Placement,
    ) -> (ParagraphLayout, f32) {
        let layout = self.layout(ui, text, i, placement);
        let chars = text.paragraphs()[i].chars.len();
        let height = if chars == 0 {
            empty_paragraph_height(placement.font.size)
        } else {
            layout.size().y + placement.font.size * PARAGRAPH_GAP
        };
        let rows = layout.lines().len();
        let delta = self.heights.set_measured(i, height, chars, rows);
        (layout, delta)
    }

    /// Annotations whose highlight is under `pos`, innermost (shortest) first: the order in
    /// which repeated clicks cycle through them.
    fn annotations_under(
        &self,
        ui: &Ui,
        input: &ViewInput<'_>,
        pos: Pos2,
        placement: &Placement,
    ) -> Vec<usize> {
        let text = &input.project.article().text;
        let y = pos.y - placement.origin.y;
        if y < 0.0 || y >= self.heights.total() {
            return Vec::new();
        }
        let i = self.heights.index_at(y);
        let para = &text.paragraphs()[i];
        let layout = self.layout(ui, text, i, placement);
        let local_pos = pos - (placement.origin + vec2(0.0, self.heights.top(i)));
        let annotations = input.project.annotations();
        let mut found: Vec<usize> = input
            .index
            .highlights
            .overlapping(
                annotations,
                para.chars.start..para.chars.end.max(para.chars.start + 1),
            )
            .into_iter()
            .filter(|&k| {
                let a = &annotations[k];
                let local = a.start.max(para.chars.start) - para.chars.start
                    ..a.end.min(para.chars.end) - para.chars.start;
                layout
                    .range_rects(local)
                    .iter()
                    .any(|r| r.contains(local_pos.to_pos2()))
            })
            .collect();
        found.sort_by_key(|&k| (annotations[k].end - annotations[k].start, k));
        found
    }

    /// The code point under a screen position (clamped to the text).
    fn hit(&self, ui: &Ui, text: &ArticleText, pos: Pos2, placement: &Placement) -> usize {
        let y = pos.y - placement.origin.y;
        if y < 0.0 {
            return 0;
        }
        if y >= self.heights.total() {
            return text.len_chars();
        }
        let i = self.heights.index_at(y);
        let p = &text.paragraphs()[i];
        let layout = self.layout(ui, text, i, placement);
        let local = pos - (placement.origin + vec2(0.0, self.heights.top(i)));
        let local = Pos2::new(local.x, local.y.min(layout.size().y - 1.0));
        p.chars.start + layout.hit_test(local).min(p.chars.len())
    }

    fn handle_scroll_request(&mut self, ui: &Ui, text: &ArticleText, placement: &Placement) {
        let Some(request) = self.scroll_request else {
            return;
        };
        let offset = request.offset.min(text.len_chars());
        let i = text.paragraph_at(offset);
        let (layout, _) = self.measure(ui, text, i, placement);
        self.heights.refresh_tops();
        let local = offset - text.paragraphs()[i].chars.start;
        let caret = layout.cursor_rect(local);
        let top = placement.origin.y + self.heights.top(i);
        let target = Rect::from_min_max(
            pos2(placement.origin.x, top + caret.min.y),
            pos2(placement.origin.x + 1.0, top + caret.max.y),
        );
        if request.only_if_hidden {
            if ui.clip_rect().contains_rect(target) {
                self.scroll_request = None;
                return;
            }
            // Out of sight: scroll (and keep scrolling while heights settle) as asked.
            self.scroll_request = Some(ScrollRequest {
                only_if_hidden: false,
                ..request
            });
        }
        ui.scroll_to_rect(target, request.align);
        self.scroll_settle = self.scroll_settle.saturating_sub(1);
        if self.scroll_settle == 0 {
            self.scroll_request = None;
        } else {
            ui.ctx().request_repaint();
        }
    }

    fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        input: &ViewInput<'_>,
        placement: &Placement,
        events: &mut Vec<ViewEvent>,
    ) {
        let text = &input.project.article().text;
        let (modifiers, now, press_origin, pointer) = ui.input(|i| {
            (
                i.modifiers,
                i.time,
                i.pointer.press_origin(),
                i.pointer.interact_pos(),
            )
        });

        if response.drag_started() && !input.picking_claim {
            let origin = press_origin.or(pointer).unwrap_or(placement.origin);
            let at = self.hit(ui, text, origin, placement);
            let anchor = match self.selection {
                Some(s) if modifiers.shift => s.anchor,
                _ => at,
            };
            self.selection = Some(TextSelection { anchor, head: at });
            self.dragging = true;
        }
        if self.dragging {
            if let Some(pos) = pointer {
                let head = self.hit(ui, text, pos, placement);
                if let Some(s) = &mut self.selection {
                    s.head = head;
                }
                autoscroll_near_edges(ui, pos);
            }
            if response.drag_stopped() || !ui.input(|i| i.pointer.any_down()) {
                self.dragging = false;
                self.selection = self
                    .selection
                    .and_then(|s| finish_selection(text, s, modifiers.alt));
            }
            return;
        }

        // The press position: by the time a click is reported the pointer may be gone.
        let Some(pos) = response.interact_pointer_pos().or(pointer) else {
            return;
        };
        if response.clicked() {
            let at = self.hit(ui, text, pos, placement);
            if let Some((t, o)) = self.last_triple_click
                && now - t < MULTI_CLICK_SECONDS
                && o == at
            {
                self.selection = Some(TextSelection::new(paragraph_range(text, at)));
                self.last_triple_click = None;
                return;
            }
            if modifiers.shift
                && let Some(s) = self.selection
            {
                self.selection = finish_selection(
                    text,
                    TextSelection {
                        anchor: s.anchor,
                        head: at,
                    },
                    modifiers.alt,
                );
                return;
            }
            self.selection = None;
            let under = self.annotations_under(ui, input, pos, placement);
            if input.picking_claim {
                let claim = under
                    .iter()
                    .map(|&i| &input.project.annotations()[i])
                    .find(|a| a.kind == Kind::Claim);
                events.push(match claim {
                    Some(c) => ViewEvent::PickedClaim(c.id.clone()),
                    None => ViewEvent::PickMissed,
                });
                return;
            }
            let ids: Vec<&str> = under
                .iter()
                .map(|&i| input.project.annotations()[i].id.as_str())
                .collect();
            // Repeated clicks cycle through overlapping annotations, innermost first.
            let next = match input
                .selected
                .and_then(|s| ids.iter().position(|id| *id == s))
            {
                Some(k) => ids.get((k + 1) % ids.len()),
                None => ids.first(),
            };
            events.push(ViewEvent::SelectAnnotation(next.map(|s| s.to_string())));
        }
        if response.double_clicked() {
            let at = self.hit(ui, text, pos, placement);
            self.selection = Some(TextSelection::new(word_at(text, at)));
        }
        if response.triple_clicked() {
            let at = self.hit(ui, text, pos, placement);
            self.selection = Some(TextSelection::new(sentence_at(text, at)));
            self.last_triple_click = Some((now, at));
        }
        if response.hovered()
            && !response.is_pointer_button_down_on()
            && let Some(hover) = ui.input(|i| i.pointer.hover_pos())
        {
            let under = self.annotations_under(ui, input, hover, placement);
            if let Some(&first) = under.first() {
                let project = input.project;
                response.clone().on_hover_ui_at_pointer(|ui| {
                    for &i in under.iter().take(3) {
                        annotation_tooltip(ui, &project.annotations()[i], input.index.links(i));
                    }
                    if under.len() > 1 {
                        ui.weak(format!(
                            "{} annotations here; click again to cycle",
                            under.len()
                        ));
                    }
                    let _ = first;
                });
            }
        }
    }

    fn paint_visible(&mut self, ui: &mut Ui, input: &ViewInput<'_>, placement: &Placement) {
        let text = &input.project.article().text;
        let clip = ui.clip_rect();
        let y0 = clip.min.y - placement.origin.y;
        let y1 = clip.max.y - placement.origin.y;
        if self.heights.heights.is_empty() || y1 < 0.0 {
            return;
        }
        let dark = ui.visuals().dark_mode;
        let painter = ui.painter().clone();
        let first = self.heights.index_at(y0.max(0.0));
        self.top_char = text.paragraphs()[first].chars.start;
        let mut y = self.heights.top(first);
        let mut shift_above = 0.0;
        let selection = self.selected_range().or_else(|| {
            // While dragging, show the raw range, even if empty so far.
            self.selection.filter(|_| self.dragging).map(|s| s.range())
        });
        let annotations = input.project.annotations();
        for i in first..text.paragraphs().len() {
            if y > y1 {
                break;
            }
            let (layout, delta) = self.measure(ui, text, i, placement);
            if i == first && y < y0 {
                // The paragraph at the top grew or shrank: keep the reader's place.
                shift_above += delta;
            }
            let para = &text.paragraphs()[i];
            let origin = placement.origin + vec2(0.0, y);
            let local = |r: Range<usize>| {
                r.start.max(para.chars.start) - para.chars.start
                    ..r.end.min(para.chars.end) - para.chars.start
            };
            let in_para = input.index.highlights.overlapping(
                annotations,
                para.chars.start..para.chars.end.max(para.chars.start + 1),
            );

            for &k in &in_para {
                let a = &annotations[k];
                for r in layout.range_rects(local(a.range())) {
                    painter.rect_filled(
                        r.translate(origin.to_vec2()),
                        CornerRadius::same(2),
                        theme::kind_fill(a.kind, dark),
                    );
                }
            }
            if let Some(sel) = &selection
                && sel.start < para.chars.end.max(para.chars.start + 1)
                && sel.end > para.chars.start
            {
                // Neutral grey with an outline, so a selection never looks like a highlight.
                let ink = placement.text_color;
                let fill = Color32::from_rgba_unmultiplied(ink.r(), ink.g(), ink.b(), 40);
                let stroke = Stroke::new(1.0, ink.gamma_multiply(0.6));
                for r in layout.range_rects(local(sel.clone())) {
                    let r = r.translate(origin.to_vec2());
                    painter.rect_filled(r, CornerRadius::ZERO, fill);
                    painter.rect_stroke(r, CornerRadius::ZERO, stroke, StrokeKind::Inside);
                }
            }
            for &k in &in_para {
                let a = &annotations[k];
                let lane = input.index.highlights.lane(k) as f32;
                let color = theme::kind_color(a.kind, dark);
                for r in layout.range_rects(local(a.range())) {
                    let r = r.translate(origin.to_vec2());
                    let uy = r.max.y - 2.0 - lane * 3.5;
                    painter.line_segment(
                        [pos2(r.min.x, uy), pos2(r.max.x, uy)],
                        Stroke::new(2.0, color),
                    );
                }
            }
            if let Some(second) = &input.second {
                paint_second_track(&painter, second, &layout, para, origin, dark);
            }
            if let Some(selected) = input.selected
                && let Some(&k) = in_para.iter().find(|&&k| annotations[k].id == selected)
            {
                let a = &annotations[k];
                let stroke = Stroke::new(2.0, theme::kind_color(a.kind, dark));
                for r in layout.range_rects(local(a.range())) {
                    painter.rect_stroke(
                        r.translate(origin.to_vec2()).expand(1.0),
                        CornerRadius::same(3),
                        stroke,
                        StrokeKind::Outside,
                    );
                }
            }
            layout.paint(&painter, origin);
            y += self.heights.heights[i];
        }
        self.heights.refresh_tops();
        if shift_above != 0.0 && self.scroll_request.is_none() {
            ui.scroll_with_delta(vec2(0.0, -shift_above));
        }
    }

    /// The small Claim / Source / Dispute bar above the start of a finished selection (as
    /// Hypothesis places its adder): reading goes on below, where a bar would catch the next
    /// click. Below the selection's end only when there is no room above.
    fn tag_bar(
        &mut self,
        ui: &Ui,
        input: &ViewInput<'_>,
        placement: &Placement,
        events: &mut Vec<ViewEvent>,
    ) {
        if self.dragging || input.picking_claim {
            return;
        }
        let Some(range) = self.selected_range() else {
            return;
        };
        let text = &input.project.article().text;
        // Where a logical offset's caret is, on screen.
        let caret_at = |view: &mut Self, offset: usize, at_end: bool| {
            let i = text.paragraph_at(if at_end {
                offset.saturating_sub(1).max(range.start)
            } else {
                offset
            });
            let para = &text.paragraphs()[i];
            let layout = view.layout(ui, text, i, placement);
            let local = offset.clamp(para.chars.start, para.chars.end) - para.chars.start;
            layout
                .cursor_rect(local)
                .translate(placement.origin.to_vec2() + vec2(0.0, view.heights.top(i)))
        };
        const BAR_HEIGHT: f32 = 34.0;
        let start = caret_at(self, range.start, false);
        let clip = ui.clip_rect();
        let (anchor, pivot) = if start.min.y - BAR_HEIGHT >= clip.top() {
            (
                egui::pos2(start.min.x, start.min.y - 2.0),
                egui::Align2::LEFT_BOTTOM,
            )
        } else {
            let end = caret_at(self, range.end, true);
            (
                egui::pos2(end.min.x, end.max.y + 4.0),
                egui::Align2::LEFT_TOP,
            )
        };
        if !clip.contains(anchor) {
            return;
        }
        egui::Area::new(ui.scope_id().with("tag-bar"))
            .order(egui::Order::Foreground)
            .pivot(pivot)
            .fixed_pos(anchor)
            .constrain_to(clip)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        let dark = ui.visuals().dark_mode;
                        for (kind, key) in [
                            (Kind::Claim, "C"),
                            (Kind::Source, "S"),
                            (Kind::Dispute, "D"),
                        ] {
                            let label = egui::RichText::new(format!("{}  {key}", kind.label()))
                                .color(theme::kind_color(kind, dark));
                            if ui
                                .button(label)
                                .on_hover_text(format!(
                                    "Tag the selection as a {} ({key})",
                                    kind.as_str()
                                ))
                                .clicked()
                            {
                                events.push(ViewEvent::Tag(kind));
                            }
                        }
                    });
                });
            });
    }
}

/// The other checker's spans in one paragraph: a dashed line in their kind's colour at the
/// very foot of each line (under lane 0 of the project's own underlines), and a dashed
/// outline around the disagreement in focus.
fn paint_second_track(
    painter: &egui::Painter,
    second: &SecondTrack<'_>,
    layout: &ParagraphLayout,
    para: &crate::model::Paragraph,
    origin: Pos2,
    dark: bool,
) {
    let local = |r: Range<usize>| {
        r.start.max(para.chars.start) - para.chars.start
            ..r.end.min(para.chars.end) - para.chars.start
    };
    let whole = para.chars.start..para.chars.end.max(para.chars.start + 1);
    for k in second.index.overlapping(second.annotations, whole.clone()) {
        let a = &second.annotations[k];
        let stroke = Stroke::new(1.5, theme::kind_color(a.kind, dark));
        for r in layout.range_rects(local(a.range())) {
            let r = r.translate(origin.to_vec2());
            let y = r.max.y - 0.25;
            painter.extend(egui::Shape::dashed_line(
                &[pos2(r.min.x, y), pos2(r.max.x, y)],
                stroke,
                4.0,
                3.0,
            ));
        }
    }
    if let Some(focus) = &second.focus
        && focus.start < whole.end
        && focus.end > whole.start
    {
        let stroke = Stroke::new(1.5, if dark { Color32::WHITE } else { Color32::BLACK });
        for r in layout.range_rects(local(focus.clone())) {
            let r = r.translate(origin.to_vec2()).expand(2.0);
            let corners = [
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            painter.extend(egui::Shape::dashed_line(&corners, stroke, 5.0, 3.0));
        }
    }
}

/// The next (or previous) grapheme boundary after `offset`, or with `by_word` the end (or
/// start) of the next (previous) word, in logical order.
fn step_offset(text: &ArticleText, offset: usize, forward: bool, by_word: bool) -> usize {
    let len = text.len_chars();
    if by_word {
        let mut at = offset;
        // Skip what is not a word, then the word.
        loop {
            let next = step_offset(text, at, forward, false);
            if next == at {
                return at;
            }
            let word = word_at(text, if forward { at } else { next });
            let in_word = text
                .slice(word.clone())
                .is_some_and(|w| w.chars().any(char::is_alphanumeric));
            if in_word {
                return if forward {
                    word.end.max(next)
                } else {
                    word.start.min(next)
                };
            }
            at = next;
        }
    }
    let mut at = offset;
    loop {
        at = if forward {
            (at + 1).min(len)
        } else {
            at.saturating_sub(1)
        };
        if at == 0 || at == len || text.is_grapheme_boundary(at) {
            return at;
        }
    }
}

/// After a drag or shift-click: snap to words (or, with Alt, just to graphemes); an empty
/// selection is no selection.
fn finish_selection(text: &ArticleText, s: TextSelection, exact: bool) -> Option<TextSelection> {
    if s.is_empty() {
        return None;
    }
    let range = if exact {
        text.snap_to_graphemes(s.range())
    } else {
        snap_to_words(text, s.range())
    };
    (!range.is_empty()).then(|| {
        if s.head >= s.anchor {
            TextSelection::new(range)
        } else {
            TextSelection {
                anchor: range.end,
                head: range.start,
            }
        }
    })
}

/// While dragging at (or past) the top or bottom edge, scroll so the selection can grow.
/// The zone inside the view is thin: a drag along the first or last visible line is a
/// selection there, not a wish to scroll; past the edge it scrolls faster the further out.
fn autoscroll_near_edges(ui: &Ui, pos: Pos2) {
    let clip = ui.clip_rect();
    let zone = 8.0;
    let speed = if pos.y < clip.min.y + zone {
        (clip.min.y + zone - pos.y).min(48.0) * 0.6
    } else if pos.y > clip.max.y - zone {
        -(pos.y - (clip.max.y - zone)).min(48.0) * 0.6
    } else {
        0.0
    };
    if speed != 0.0 {
        ui.scroll_with_delta(Vec2::new(0.0, speed));
        ui.ctx().request_repaint();
    }
}

/// The width of the widest word of `text` in `font`.
fn widest_word(ui: &Ui, text: &str, font: &FontId) -> f32 {
    ui.fonts_mut(|fonts| {
        text.split_whitespace()
            .map(|word| {
                fonts
                    .layout_no_wrap(word.to_string(), font.clone(), egui::Color32::PLACEHOLDER)
                    .size()
                    .x
            })
            .fold(0.0, f32::max)
    })
}

/// Title and metadata above the text.
fn article_header(ui: &mut Ui, project: &Project) {
    let meta = &project.article().metadata;
    let title = if meta.title.trim().is_empty() {
        "Untitled article"
    } else {
        meta.title.trim()
    };
    let color = ui.visuals().strong_text_color();
    let font = FontId::proportional(READING_SIZE * 1.55);
    // Wrapped between words; when a word is wider than the column (a narrow window), one
    // line cut with "…" and the whole title on hover, never a word broken in two.
    if widest_word(ui, title, &font) <= ui.available_width() {
        super::bidi_text::paragraph(ui, title, font, color);
    } else {
        super::bidi_text::line(ui, title, font, color, egui::Sense::hover());
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(outlet) = &meta.outlet {
        parts.push(outlet.clone());
    }
    if let Some(author) = &meta.author {
        parts.push(format!("by {author}"));
    }
    if let Some(published) = &meta.published {
        parts.push(format!("published {published}"));
    }
    if let Some(retrieved) = &meta.retrieved {
        parts.push(format!("retrieved {retrieved}"));
    }
    if let Some(language) = &meta.language {
        parts.push(format!("language: {language}"));
    }
    ui.horizontal_wrapped(|ui| {
        if !parts.is_empty() {
            ui.weak(parts.join(" · "));
        }
        if let Some(url) = &meta.url {
            ui.hyperlink_to(egui::RichText::new(url).small(), url);
        }
    });
    ui.separator();
}

/// Kind, verdict, note's first line: shown when hovering a highlight.
pub fn annotation_tooltip(ui: &mut Ui, a: &Annotation, links: usize) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(a.kind.label())
                .strong()
                .color(theme::kind_color(a.kind, dark)),
        );
        if let Some(v) = a.verdict {
            ui.label(egui::RichText::new(v.label()).color(theme::verdict_color(v, dark)));
        }
        if links > 0 {
            ui.weak(format!("{links} linked"));
        }
    });
    let note = a.note_first_line();
    if !note.is_empty() {
        let color = ui.visuals().text_color();
        super::bidi_text::line(ui, note, FontId::proportional(14.0), color, Sense::hover());
    }
}

#[cfg(test)]
mod keyboard_tests {
    use super::step_offset;
    use crate::model::ArticleText;

    #[test]
    fn shift_arrows_step_by_grapheme_and_by_word_in_logical_order() {
        let text = ArticleText::new("say 👩\u{200d}👩\u{200d}👧 now — قال المتحدث".to_string());
        // Over the family emoji (5 code points) in one step.
        assert_eq!(step_offset(&text, 4, true, false), 9);
        assert_eq!(step_offset(&text, 9, false, false), 4);
        // Words: from the start, forward to the end of "say", then past the emoji to "now".
        assert_eq!(step_offset(&text, 0, true, true), 3);
        assert_eq!(step_offset(&text, 10, true, true), 13);
        // Arabic: logical order, the next word is the one read next.
        let qal = text.as_str().chars().position(|c| c == 'ق').unwrap();
        assert_eq!(step_offset(&text, qal, true, true), qal + 3);
        assert_eq!(step_offset(&text, text.len_chars(), false, true), qal + 4);
        // The ends stay put.
        assert_eq!(
            step_offset(&text, text.len_chars(), true, false),
            text.len_chars()
        );
        assert_eq!(step_offset(&text, 0, false, true), 0);
    }
}
