//! Paragraph layout for the article view that reads right-to-left and mixed-direction text
//! correctly (Arabic, Hebrew, Persian, Urdu with Latin names and numbers inside), without
//! forking egui.
//!
//! egui 0.37 shapes text but has no bidirectional layout: it places runs left to right in
//! storage order. This module does UAX #9 itself and hands egui only runs it gets right.
//!
//! # Use
//!
//! ```ignore
//! // Once, at start-up (after any `ctx.set_fonts` of the app's own):
//! text_layout::install_script_fonts(&ctx);
//!
//! // Kept by the article view:
//! let mut cache = text_layout::TextLayoutCache::new();
//!
//! // Every frame, for each *visible* paragraph:
//! let layout = cache.layout(ui.ctx(), &ParagraphSpec {
//!     text: paragraph_text,               // no '\n'
//!     font_id: body_font.clone(),
//!     color: ui.visuals().text_color(),
//!     wrap_width: column_width,
//!     base: BaseDirection::for_language(article.language.as_deref()),
//!     line_height: None,
//! });
//! let (rect, response) = ui.allocate_exact_size(vec2(column_width, layout.size().y), sense);
//! for r in layout.range_rects(highlight.start - para.start..highlight.end - para.start) {
//!     painter.rect_filled(r.translate(rect.min.to_vec2()), 2.0, colour); // behind the text
//! }
//! layout.paint(&painter, rect.min);
//! let offset = layout.hit_test(pointer - rect.min.to_vec2()); // paragraph-relative chars
//! ```
//!
//! [`ParagraphLayout`] answers the same questions for both paths, in code points relative
//! to the paragraph: [`size`](ParagraphLayout::size), [`paint`](ParagraphLayout::paint),
//! [`hit_test`](ParagraphLayout::hit_test), [`range_rects`](ParagraphLayout::range_rects),
//! [`cursor_rect`](ParagraphLayout::cursor_rect), [`lines`](ParagraphLayout::lines). Short
//! one-line texts (excerpts, tooltips, titles) use [`layout_single_line`] or
//! [`single_line_label`].
//!
//! # The two paths
//!
//! - **Plain**: text with no right-to-left character or control, in a paragraph whose base
//!   direction is not right to left, is one egui galley from a `LayoutJob`, requested from
//!   egui (which caches it) on every call — nothing is kept here. The geometry queries read
//!   the galley's glyphs (one per code point in left-to-right text).
//! - **Bidi**: levels from `unicode-bidi` (P2–P3 or the given base direction; LRM, RLM,
//!   embeddings, overrides and isolates honoured), graphemes grouped into runs of one level,
//!   one font family and one face (the face egui will really draw with, see
//!   [`fonts`](self::fonts)), each run shaped once with harfrust for per-grapheme advances
//!   (ligatures split evenly), lines broken at UAX #14 opportunities (`unicode-linebreak`)
//!   with trailing spaces hanging, rule L1 then L2 per line, and right alignment for
//!   right-to-left paragraphs. Each stretch of a run on a line is its own single-line galley.
//!   egui picks a run's shaping direction from its first real script; a run where that would
//!   be wrong (neutrals at an odd level, Arabic-script digits at an even one) is handed to it
//!   reversed, brackets mirrored — never Arabic letters, which would lose their joining.
//!   Positions come from our own shaping, scaled to the galley's width, never from egui's
//!   cursor indices (see "Known issues" in the README).
//!
//! Highlights and the selection are rectangles from `range_rects`, painted behind the text,
//! never `TextFormat::background` sections: a section boundary inside a word would split the
//! run and break Arabic joining. No result of hit-testing or `range_rects` splits a grapheme.

pub mod bidi;
mod cache;
pub mod fonts;
mod geometry;
mod paragraph;
mod shaping;

pub use bidi::BaseDirection;
pub use cache::{TextLayoutCache, layout_single_line, single_line_label};
pub use fonts::{ScriptFont, ScriptFonts, install_script_fonts};
pub use geometry::LineInfo;
pub use paragraph::{ParagraphLayout, ParagraphSpec};
