//! One laid-out paragraph of the article: painting, hit-testing and the rectangles covering a
//! range of it. All offsets are code points relative to the paragraph.
//!
//! Highlights are painted as rectangles behind the text rather than as `LayoutJob` section
//! backgrounds, so the galley depends only on the text, font and width: egui's layout cache
//! keeps hitting when annotations change.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextWrapping};
use egui::{Color32, FontId, Galley, Painter, Pos2, Rect, TextFormat, Vec2, pos2};

/// Extra room between lines for the stacked underlines of overlapping spans.
pub const LINE_HEIGHT_FACTOR: f32 = 1.65;

pub struct ParagraphLayout {
    galley: Arc<Galley>,
}

impl ParagraphLayout {
    /// Lay out `text` (one paragraph, no newline). Cheap when egui's galley cache has it.
    pub fn new(
        ctx: &egui::Context,
        text: &str,
        font: FontId,
        color: Color32,
        wrap_width: f32,
    ) -> Self {
        let line_height = font.size * LINE_HEIGHT_FACTOR;
        let format = TextFormat {
            font_id: font,
            color,
            line_height: Some(line_height),
            valign: egui::Align::Center,
            ..TextFormat::default()
        };
        let mut job = LayoutJob::single_section(text.to_string(), format);
        job.wrap = TextWrapping::wrap_at_width(wrap_width);
        let galley = ctx.fonts_mut(|f| f.layout_job(job));
        Self { galley }
    }

    pub fn size(&self) -> Vec2 {
        self.galley.size()
    }

    pub fn galley(&self) -> &Arc<Galley> {
        &self.galley
    }

    /// Draw the text with its top-left corner at `origin`.
    pub fn paint(&self, painter: &Painter, origin: Pos2, fallback_color: Color32) {
        painter.galley(origin, self.galley.clone(), fallback_color);
    }

    /// The code-point offset nearest to `local` (relative to the paragraph's top-left).
    pub fn hit_test(&self, local: Vec2) -> usize {
        self.galley.cursor_from_pos(local).index.0
    }

    /// Rectangles (relative to the top-left) covering `chars`, one per row it spans.
    pub fn range_rects(&self, chars: Range<usize>) -> Vec<Rect> {
        let mut rects = Vec::new();
        let mut row_start = 0usize;
        for placed in &self.galley.rows {
            let row = &placed.row;
            let count = row.char_count_excluding_newline().0;
            let row_end = row_start + count;
            let from = chars.start.max(row_start);
            let to = chars.end.min(row_end);
            if from < to {
                let x0 = placed.pos.x + row.x_offset(egui::text::CharIndex(from - row_start));
                let x1 = placed.pos.x + row.x_offset(egui::text::CharIndex(to - row_start));
                rects.push(Rect::from_min_max(
                    pos2(x0, placed.min_y()),
                    pos2(x1, placed.max_y()),
                ));
            }
            row_start += placed.char_count_including_newline().0;
            if row_start >= chars.end {
                break;
            }
        }
        rects
    }

    /// A zero-width rectangle at a code-point offset (for the caret and scrolling).
    pub fn cursor_rect(&self, offset: usize) -> Rect {
        self.galley.pos_from_cursor(CCursor::new(offset))
    }

    /// Number of code points the galley holds (equals the paragraph's, for left-to-right text).
    pub fn char_count(&self) -> usize {
        self.galley.end().index.0
    }
}
