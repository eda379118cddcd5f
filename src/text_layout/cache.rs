//! The cache of bidi layouts, so that a steady frame costs microseconds.

use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};
use std::sync::{Arc, Mutex};

use egui::epaint::text::{FontsView, LayoutJob};
use egui::{Color32, FontFamily, FontId};

use super::bidi::{BaseDirection, needs_bidi};
use super::fonts::{FaceResolver, fonts_fingerprint};
use super::paragraph::{Analysis, BidiLayout, ParagraphLayout, ParagraphSpec};

#[derive(Clone, PartialEq, Eq, Hash)]
struct AnalysisKey {
    text_hash: u64,
    text_len: usize,
    base: BaseDirection,
    family: FontFamily,
    size_bits: u32,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct LayoutKey {
    analysis: AnalysisKey,
    wrap_bits: u32,
    line_height_bits: Option<u32>,
    pixels_per_point_bits: u32,
}

struct Entry<T> {
    value: Arc<T>,
    last_used: u64,
}

/// Caches bidi paragraph layouts (plain left-to-right paragraphs are egui's own galleys,
/// which egui caches).
///
/// Two levels: the wrap-independent analysis (levels, faces, shaped advances: the expensive
/// part) keyed by text, font and base direction, and the layout at one wrap width and
/// `pixels_per_point` on top of it, so re-wrapping after a resize skips the shaping. Text is
/// compared in full on a hit, not trusted to its hash. Colour is not in any key.
///
/// Entries not used for [`Self::max_idle_passes`] egui passes are dropped (checked once per
/// pass), and everything is dropped when the context's fonts change. Memory: roughly 2× the
/// paragraph's UTF-8 size plus ~40 bytes per grapheme for the analysis and ~20 bytes per
/// grapheme plus ~150 bytes per run for a layout, so about 60–70 KB per 1,000 characters of
/// Arabic; only paragraphs shown recently are kept. [`Self::approx_bytes`] tells.
pub struct TextLayoutCache {
    resolver: Option<FaceResolver>,
    analyses: HashMap<AnalysisKey, Entry<Analysis>>,
    layouts: HashMap<LayoutKey, Entry<BidiLayout>>,
    pass: u64,
    swept_pass: u64,
    /// How many egui passes an unused layout is kept. Default 300 (5 s at 60 frames per
    /// second of continuous repainting; egui repaints only on input, so usually longer).
    pub max_idle_passes: u64,
}

impl Default for TextLayoutCache {
    fn default() -> Self {
        Self {
            resolver: None,
            analyses: HashMap::new(),
            layouts: HashMap::new(),
            pass: 0,
            swept_pass: 0,
            max_idle_passes: 300,
        }
    }
}

impl TextLayoutCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache shared through the context (for the small helpers: excerpts, tooltips,
    /// titles). The article view may as well keep its own.
    pub fn shared(ctx: &egui::Context) -> Arc<Mutex<Self>> {
        #[derive(Clone, Default)]
        struct Shared(Arc<Mutex<TextLayoutCache>>);
        ctx.data_mut(|data| {
            data.get_temp_mut_or_default::<Shared>(egui::Id::unique("factmark::TextLayoutCache"))
                .0
                .clone()
        })
    }

    /// Lay out a paragraph; call every frame for each visible paragraph. Plain left-to-right
    /// text is one egui galley (egui caches it); anything with right-to-left content or a
    /// right-to-left base direction takes the bidi path, cached here.
    ///
    /// Must not be called from inside `ctx.fonts(…)` or similar (it takes the fonts lock).
    pub fn layout(&mut self, ctx: &egui::Context, spec: &ParagraphSpec<'_>) -> ParagraphLayout {
        let pixels_per_point = ctx.pixels_per_point();
        let pass = ctx.cumulative_pass_nr();
        ctx.fonts_mut(|fonts| self.layout_in(fonts, pixels_per_point, pass, spec))
    }

    /// [`Self::layout`] with the fonts already at hand (`pass` is egui's cumulative pass
    /// number, used for eviction).
    pub fn layout_in(
        &mut self,
        fonts: &mut FontsView<'_>,
        pixels_per_point: f32,
        pass: u64,
        spec: &ParagraphSpec<'_>,
    ) -> ParagraphLayout {
        self.begin_pass(pass);
        if !needs_bidi(spec.text, spec.base) {
            let format = egui::TextFormat {
                font_id: spec.font_id.clone(),
                color: Color32::PLACEHOLDER,
                line_height: spec.line_height,
                valign: egui::Align::Center,
                ..egui::TextFormat::default()
            };
            let mut job = LayoutJob::single_section(spec.text.to_owned(), format);
            job.wrap = egui::text::TextWrapping::wrap_at_width(spec.wrap_width);
            return ParagraphLayout::plain(fonts.layout_job(job), spec.color);
        }
        let layout = self.bidi_layout(fonts, pixels_per_point, spec);
        ParagraphLayout::bidi(layout, spec.color)
    }

    /// Lay out `spec` on the bidi path even if it is plain left-to-right text (for tests
    /// comparing the two paths).
    #[doc(hidden)]
    pub fn layout_bidi_in(
        &mut self,
        fonts: &mut FontsView<'_>,
        pixels_per_point: f32,
        pass: u64,
        spec: &ParagraphSpec<'_>,
    ) -> ParagraphLayout {
        self.begin_pass(pass);
        let layout = self.bidi_layout(fonts, pixels_per_point, spec);
        ParagraphLayout::bidi(layout, spec.color)
    }

    fn begin_pass(&mut self, pass: u64) {
        self.pass = pass;
        if pass > self.swept_pass {
            self.swept_pass = pass;
            let oldest = pass.saturating_sub(self.max_idle_passes);
            self.analyses.retain(|_, e| e.last_used >= oldest);
            self.layouts.retain(|_, e| e.last_used >= oldest);
        }
    }

    fn bidi_layout(
        &mut self,
        fonts: &mut FontsView<'_>,
        pixels_per_point: f32,
        spec: &ParagraphSpec<'_>,
    ) -> Arc<BidiLayout> {
        let fingerprint = fonts_fingerprint(fonts.definitions());
        if self
            .resolver
            .as_ref()
            .is_none_or(|r| r.fingerprint() != fingerprint)
        {
            self.resolver = Some(FaceResolver::new(fingerprint));
            self.analyses.clear();
            self.layouts.clear();
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        spec.text.hash(&mut hasher);
        let analysis_key = AnalysisKey {
            text_hash: hasher.finish(),
            text_len: spec.text.len(),
            base: spec.base,
            family: spec.font_id.family.clone(),
            size_bits: spec.font_id.size.to_bits(),
        };
        let layout_key = LayoutKey {
            analysis: analysis_key.clone(),
            wrap_bits: spec.wrap_width.to_bits(),
            line_height_bits: spec.line_height.map(f32::to_bits),
            pixels_per_point_bits: pixels_per_point.to_bits(),
        };
        let pass = self.pass;
        if let Some(entry) = self.layouts.get_mut(&layout_key)
            && entry.value.analysis.text == spec.text
        {
            entry.last_used = pass;
            if let Some(a) = self.analyses.get_mut(&analysis_key) {
                a.last_used = pass;
            }
            return entry.value.clone();
        }
        let resolver = self.resolver.as_mut().expect("set above");
        let analysis = match self.analyses.get_mut(&analysis_key) {
            Some(entry) if entry.value.text == spec.text => {
                entry.last_used = pass;
                entry.value.clone()
            }
            _ => {
                let analysis = Arc::new(Analysis::new(
                    fonts,
                    resolver,
                    spec.text,
                    &spec.font_id,
                    spec.base,
                ));
                self.analyses.insert(
                    analysis_key,
                    Entry {
                        value: analysis.clone(),
                        last_used: pass,
                    },
                );
                analysis
            }
        };
        let layout = Arc::new(BidiLayout::new(
            fonts,
            resolver,
            analysis,
            spec.wrap_width,
            spec.line_height,
        ));
        self.layouts.insert(
            layout_key,
            Entry {
                value: layout.clone(),
                last_used: pass,
            },
        );
        layout
    }

    /// Number of cached analyses (one per paragraph text and font) and layouts (one per
    /// wrap width of those).
    pub fn entry_counts(&self) -> (usize, usize) {
        (self.analyses.len(), self.layouts.len())
    }

    pub fn is_empty(&self) -> bool {
        self.analyses.is_empty() && self.layouts.is_empty()
    }

    /// Approximate heap memory held by the cached entries.
    pub fn approx_bytes(&self) -> usize {
        self.analyses
            .values()
            .map(|e| e.value.approx_bytes())
            .sum::<usize>()
            + self
                .layouts
                .values()
                .map(|e| e.value.approx_bytes())
                .sum::<usize>()
    }

    pub fn clear(&mut self) {
        self.analyses.clear();
        self.layouts.clear();
    }
}

/// Lay out a short text on one line (annotation excerpts, tooltips, titles), shortened with
/// "…" at its logical end when wider than `max_width`. Offsets of the result match `text`'s
/// up to the cut.
pub fn layout_single_line(
    ctx: &egui::Context,
    text: &str,
    font_id: FontId,
    color: Color32,
    base: BaseDirection,
    max_width: f32,
) -> ParagraphLayout {
    // Left-to-right text: one egui galley that egui itself cuts with "…" (one layout, not two).
    if !needs_bidi(text, base) {
        let mut job = LayoutJob::simple_singleline(text.to_owned(), font_id, Color32::PLACEHOLDER);
        job.wrap = egui::text::TextWrapping::truncate_at_width(max_width);
        let galley = ctx.fonts_mut(|f| f.layout_job(job));
        return ParagraphLayout::plain(galley, color);
    }
    let cache = TextLayoutCache::shared(ctx);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let spec = ParagraphSpec {
        text,
        font_id: font_id.clone(),
        color,
        wrap_width: f32::INFINITY,
        base,
        line_height: None,
    };
    let full = cache.layout(ctx, &spec);
    if full.size().x <= max_width {
        return full;
    }
    let ellipsis = ctx.fonts_mut(|f| f.glyph_width(&font_id, '…'));
    let budget = max_width - ellipsis;
    // The longest logical prefix of whole graphemes whose graphemes fit in the budget.
    let mut width = 0.0;
    let mut cut = 0;
    // The geometry's graphemes are the text's, in the same logical order.
    for (grapheme, w) in
        unicode_segmentation::UnicodeSegmentation::graphemes(text, true).zip(full.grapheme_widths())
    {
        if width + w > budget {
            break;
        }
        width += w;
        cut += grapheme.len();
    }
    let shortened = format!("{}…", text[..cut].trim_end());
    let spec = ParagraphSpec {
        text: &shortened,
        ..spec
    };
    // Keep the base direction of the full text, so a cut Arabic title stays right to left.
    let spec = ParagraphSpec {
        base: if full.is_rtl() {
            BaseDirection::RightToLeft
        } else {
            spec.base
        },
        ..spec
    };
    cache.layout(ctx, &spec)
}

/// Show a short text on one line as a widget (see [`layout_single_line`]); the full text is
/// the hover text when it was shortened.
pub fn single_line_label(
    ui: &mut egui::Ui,
    text: &str,
    font_id: FontId,
    color: Color32,
    base: BaseDirection,
) -> egui::Response {
    let max_width = ui.available_width();
    let layout = layout_single_line(ui.ctx(), text, font_id, color, base, max_width);
    let shortened = layout.is_shortened(text);
    let (rect, response) = ui.allocate_exact_size(layout.size(), egui::Sense::hover());
    if ui.is_rect_visible(rect) {
        layout.paint(ui.painter(), rect.min);
    }
    if shortened {
        response.on_hover_text(text)
    } else {
        response
    }
}
