//! Small text widgets that lay out right-to-left and mixed text in visual order (through
//! `text_layout`), for everything that shows article or user text outside the article view:
//! the title, quotes, list excerpts, links and tooltips.

use egui::{Color32, FontId, Response, Sense, Ui};

use crate::text_layout::{BaseDirection, ParagraphSpec, TextLayoutCache, layout_single_line};

/// `text` laid out in visual order, wrapped at `width`, through the shared layout cache.
fn wrapped(
    ui: &Ui,
    text: &str,
    font: FontId,
    color: Color32,
    width: f32,
) -> crate::text_layout::ParagraphLayout {
    let cache = TextLayoutCache::shared(ui.ctx());
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let spec = ParagraphSpec {
        text,
        font_id: font,
        color,
        wrap_width: width,
        base: BaseDirection::Auto,
        line_height: None,
    };
    cache.layout(ui.ctx(), &spec)
}

/// A wrapped paragraph as wide as the space available.
pub fn paragraph(ui: &mut Ui, text: &str, font: FontId, color: Color32) -> Response {
    let width = ui.available_width().max(40.0);
    let layout = wrapped(ui, text, font, color, width);
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, layout.size().y), Sense::hover());
    if ui.is_rect_visible(rect) {
        // Right-to-left paragraphs come back as wide as the wrap width, right-aligned in it.
        layout.paint(ui.painter(), rect.min);
    }
    let label = text.to_string();
    response.widget_info(move || egui::WidgetInfo::labeled(egui::Role::Label, true, label.clone()));
    response
}

/// A wrapped paragraph that toggles when clicked, as a checkbox does: `struck` paragraphs
/// are drawn dimmed with a line through every row. Read by screen readers as a checkbox
/// named by its text, checked while it is kept.
pub fn toggle_paragraph(
    ui: &mut Ui,
    text: &str,
    font: FontId,
    color: Color32,
    struck: bool,
) -> Response {
    let width = ui.available_width().max(40.0);
    let color = if struck {
        ui.visuals().weak_text_color()
    } else {
        color
    };
    let layout = wrapped(ui, text, font, color, width);
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, layout.size().y), Sense::click());
    if ui.is_rect_visible(rect) {
        if response.hovered() {
            ui.painter()
                .rect_filled(rect.expand(2.0), 3.0, ui.visuals().faint_bg_color);
        }
        layout.paint(ui.painter(), rect.min);
        if struck {
            let stroke = egui::Stroke::new(1.0, color);
            for line in layout.lines() {
                let r = line.rect.translate(rect.min.to_vec2());
                ui.painter().hline(r.x_range(), r.center().y, stroke);
            }
        }
    }
    let label = text.to_string();
    response.widget_info(move || {
        egui::WidgetInfo::selected(egui::Role::CheckBox, true, !struck, label.clone())
    });
    response
}

/// One line, cut with "…" to the space available (the full text on hover when cut).
pub fn line(ui: &mut Ui, text: &str, font: FontId, color: Color32, sense: Sense) -> Response {
    let width = ui.available_width().max(20.0);
    let layout = layout_single_line(ui.ctx(), text, font, color, BaseDirection::Auto, width);
    let cut = layout.is_shortened(text);
    let (rect, response) = ui.allocate_exact_size(layout.size(), sense);
    if ui.is_rect_visible(rect) {
        layout.paint(ui.painter(), rect.min);
    }
    let label = text.to_string();
    let role = if sense.senses_click() {
        egui::Role::Link
    } else {
        egui::Role::Label
    };
    response.widget_info(move || egui::WidgetInfo::labeled(role, true, label.clone()));
    if cut {
        response.on_hover_text(text)
    } else {
        response
    }
}

/// Paint one line, cut to `max_width`, with its top-left at `pos` (for custom-drawn rows).
pub fn paint_line(
    ui: &Ui,
    pos: egui::Pos2,
    text: &str,
    font: FontId,
    color: Color32,
    max_width: f32,
) {
    let layout = layout_single_line(ui.ctx(), text, font, color, BaseDirection::Auto, max_width);
    layout.paint(ui.painter(), pos);
}
