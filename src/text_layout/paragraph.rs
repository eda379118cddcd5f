//! Laying out one paragraph: the plain path (one egui galley) and the bidi path (runs of one
//! level and one face, each its own single-line galley, placed by UAX #9).

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use egui::epaint::text::{FontsView, Galley, LayoutJob, TextFormat};
use egui::{Color32, FontFamily, FontId, Painter, Pos2, Rect, Vec2, pos2, vec2};
use unicode_bidi::BidiClass;
use unicode_segmentation::UnicodeSegmentation as _;

use super::bidi::{self, BaseDirection};
use super::fonts::{FaceIdx, FaceResolver, RTL_SCRIPTS, script_family_name};
use super::geometry::{Geometry, Line, LineInfo};
use super::shaping::shape_advances;
use crate::model::ArticleText;

/// What to lay out: one paragraph of text (no `\n`) in one font.
#[derive(Clone, Debug)]
pub struct ParagraphSpec<'a> {
    pub text: &'a str,
    pub font_id: FontId,
    /// Painted with this colour. Not part of any cache key: a theme switch costs nothing.
    pub color: Color32,
    /// Lines wrap at this width; `f32::INFINITY` for a single line.
    pub wrap_width: f32,
    pub base: BaseDirection,
    /// Height of each line, when taller than the font's own (the article view leaves room
    /// under each line for stacked underlines); the text is centred vertically in it.
    pub line_height: Option<f32>,
}

/// The wrap-independent analysis of a bidi paragraph: graphemes, levels, faces, advances.
pub(crate) struct Analysis {
    pub text: String,
    /// Code-point and byte offset where each grapheme starts, then the text's end.
    pub g_char: Vec<u32>,
    pub g_byte: Vec<u32>,
    pub g_level: Vec<u8>,
    pub g_class: Vec<BidiClass>,
    pub g_space: Vec<bool>,
    pub g_break: Vec<bool>,
    pub g_mandatory: Vec<bool>,
    /// Index of the family chain in the [`FaceResolver`] and the face in it.
    pub g_chain: Vec<u16>,
    pub g_face: Vec<Option<FaceIdx>>,
    /// Advance in points.
    pub g_adv: Vec<f32>,
    pub paragraph_level: u8,
    pub font_size: f32,
}

impl Analysis {
    fn grapheme_count(&self) -> usize {
        self.g_level.len()
    }

    pub fn approx_bytes(&self) -> usize {
        self.text.len() + self.grapheme_count() * (4 + 4 + 1 + 1 + 3 + 2 + 4 + 4) + 8
    }

    pub(crate) fn new(
        fonts: &mut FontsView<'_>,
        resolver: &mut FaceResolver,
        text: &str,
        font_id: &FontId,
        base: BaseDirection,
    ) -> Self {
        let article = ArticleText::new(text.to_owned());
        let mut g_char = Vec::new();
        let mut g_byte = Vec::new();
        for (byte, _) in text.grapheme_indices(true) {
            g_byte.push(byte as u32);
            g_char.push(article.char_of_byte(byte).unwrap_or(0) as u32);
        }
        let ng = g_byte.len();
        g_byte.push(text.len() as u32);
        g_char.push(article.len_chars() as u32);

        let info = unicode_bidi::ParagraphBidiInfo::new(text, base.level());
        let paragraph_level = info.paragraph_level.number();
        let mut g_level = Vec::with_capacity(ng);
        let mut g_class = Vec::with_capacity(ng);
        let mut g_space = Vec::with_capacity(ng);
        for &b in &g_byte[..ng] {
            g_level.push(info.levels[b as usize].number());
            g_class.push(info.original_classes[b as usize]);
            let c = text[b as usize..].chars().next().unwrap_or(' ');
            g_space.push(c.is_whitespace());
        }

        let mut g_break = vec![false; ng];
        let mut g_mandatory = vec![false; ng];
        for (byte, opportunity) in unicode_linebreak::linebreaks(text) {
            if let Ok(g) = g_byte[..ng].binary_search(&(byte as u32)) {
                g_break[g] = true;
                g_mandatory[g] = opportunity == unicode_linebreak::BreakOpportunity::Mandatory;
            }
        }

        // Family per grapheme: right-to-left scripts get their own family (if installed),
        // other scripts the base family, and neutrals (spaces, digits, punctuation) take
        // their neighbour's within the same level, so a phrase stays one run.
        let base_chain = resolver.chain(fonts, &font_id.family);
        let mut script_chains: Vec<(unicode_script::Script, usize)> = Vec::new();
        let mut chain_of: Vec<Option<usize>> = Vec::with_capacity(ng);
        for &b in &g_byte[..ng] {
            use unicode_script::{Script, UnicodeScript as _};
            let c = text[b as usize..].chars().next().unwrap_or(' ');
            let script = c.script();
            let chain = match script {
                Script::Common | Script::Inherited | Script::Unknown => None,
                script => {
                    let tag = script.short_name();
                    if RTL_SCRIPTS.contains(&tag) {
                        if let Some(&(_, chain)) = script_chains.iter().find(|(s, _)| *s == script)
                        {
                            Some(chain)
                        } else {
                            let chain = script_family_name(&font_id.family, tag)
                                .filter(|family| FaceResolver::family_exists(fonts, family))
                                .map_or(base_chain, |family| resolver.chain(fonts, &family));
                            script_chains.push((script, chain));
                            Some(chain)
                        }
                    } else {
                        Some(base_chain)
                    }
                }
            };
            chain_of.push(chain);
        }
        let mut g_chain = fill_neutral_chains(&chain_of, &g_level, base_chain);
        // A neutral the script family's face lacks (say «) stays in the base family.
        for g in 0..ng {
            let chain = g_chain[g] as usize;
            if chain_of[g].is_none() && chain != base_chain {
                let c = text[g_byte[g] as usize..].chars().next().unwrap_or(' ');
                if !resolver.configured_has(chain, c) {
                    g_chain[g] = base_chain as u16;
                }
            }
        }

        let g_face: Vec<Option<FaceIdx>> = (0..ng)
            .map(|g| {
                let c = text[g_byte[g] as usize..].chars().next().unwrap_or(' ');
                resolver
                    .resolve(fonts, g_chain[g] as usize, c, font_id.size)
                    .or_else(|| resolver.primary(g_chain[g] as usize))
            })
            .collect();

        // Shape each logical run (same level, family and face) once for its advances.
        let mut g_adv = vec![0.0; ng];
        let mut starts: Vec<u32> = Vec::new();
        let mut g = 0;
        while g < ng {
            let mut end = g + 1;
            while end < ng
                && g_level[end] == g_level[g]
                && g_chain[end] == g_chain[g]
                && g_face[end] == g_face[g]
            {
                end += 1;
            }
            if let Some(face) = g_face[g] {
                let from = g_byte[g];
                starts.clear();
                starts.extend(g_byte[g..end].iter().map(|&b| b - from));
                shape_advances(
                    resolver,
                    face,
                    &text[from as usize..g_byte[end] as usize],
                    g_level[g] % 2 == 1,
                    font_id.size,
                    &starts,
                    &mut g_adv[g..end],
                );
            }
            g = end;
        }

        Self {
            text: text.to_owned(),
            g_char,
            g_byte,
            g_level,
            g_class,
            g_space,
            g_break,
            g_mandatory,
            g_chain,
            g_face,
            g_adv,
            paragraph_level,
            font_size: font_id.size,
        }
    }
}

/// Give each neutral grapheme (`None`) the family of a neighbour at the same level (the
/// previous one first), else of the nearest neighbour, else the base family.
fn fill_neutral_chains(chain_of: &[Option<usize>], levels: &[u8], base: usize) -> Vec<u16> {
    let n = chain_of.len();
    let mut out: Vec<Option<usize>> = chain_of.to_vec();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && levels[end] == levels[start] {
            end += 1;
        }
        // Within a stretch of one level: forward fill, then backward fill.
        let mut last = None;
        for slot in &mut out[start..end] {
            match slot {
                Some(c) => last = Some(*c),
                None => *slot = last,
            }
        }
        let mut next = None;
        for slot in out[start..end].iter_mut().rev() {
            match slot {
                Some(c) => next = Some(*c),
                None => *slot = next,
            }
        }
        start = end;
    }
    // Stretches of neutrals only: the nearest neighbour's family.
    let mut last = None;
    let mut filled: Vec<Option<usize>> = Vec::with_capacity(n);
    for slot in &out {
        if slot.is_some() {
            last = *slot;
        }
        filled.push(slot.or(last));
    }
    let mut next = None;
    for (i, slot) in filled.iter_mut().enumerate().rev() {
        if out[i].is_some() {
            next = out[i];
        }
        if slot.is_none() {
            *slot = next;
        }
    }
    filled
        .into_iter()
        .map(|c| c.unwrap_or(base) as u16)
        .collect()
}

/// One galley of a line: a stretch of graphemes of one level and one face.
pub(crate) struct Piece {
    pub job: LayoutJob,
    /// Top-left corner to paint the galley at, in paragraph coordinates.
    pub pos: Pos2,
    pub size: Vec2,
}

/// A bidi paragraph laid out at one wrap width.
pub(crate) struct BidiLayout {
    pub analysis: Arc<Analysis>,
    pub pieces: Vec<Piece>,
    pub geometry: Geometry,
    pub size: Vec2,
}

impl BidiLayout {
    pub fn approx_bytes(&self) -> usize {
        let pieces: usize = self
            .pieces
            .iter()
            .map(|p| p.job.text.len() + std::mem::size_of::<Piece>() + 64)
            .sum();
        pieces + self.geometry.g_x.len() * (4 + 8 + 4 + 1) + self.geometry.lines.len() * 24
    }

    pub(crate) fn new(
        fonts: &mut FontsView<'_>,
        resolver: &FaceResolver,
        analysis: Arc<Analysis>,
        wrap_width: f32,
        min_line_height: Option<f32>,
    ) -> Self {
        let a = &*analysis;
        let ng = a.grapheme_count();
        let line_ranges =
            bidi::break_lines(&a.g_adv, &a.g_space, &a.g_break, &a.g_mandatory, wrap_width);

        struct Placed {
            job: LayoutJob,
            line: usize,
            x: f32,
            width: f32,
            baseline: f32,
        }
        let mut placed: Vec<Placed> = Vec::new();
        let mut g_x = vec![[0.0f32; 2]; ng];
        let mut g_line = vec![0u32; ng];
        let mut g_rtl = vec![false; ng];
        let mut line_widths = Vec::with_capacity(line_ranges.len());
        let mut ascent: f32 = 0.0;
        let mut descent: f32 = 0.0;

        for (line_index, range) in line_ranges.iter().enumerate() {
            let mut levels: Vec<u8> = a.g_level[range.clone()].to_vec();
            bidi::apply_l1(&a.g_class[range.clone()], &mut levels, a.paragraph_level);
            // Pieces in logical order.
            let mut pieces: Vec<Range<usize>> = Vec::new();
            let mut g = range.start;
            while g < range.end {
                let mut end = g + 1;
                while end < range.end
                    && levels[end - range.start] == levels[g - range.start]
                    && a.g_chain[end] == a.g_chain[g]
                    && a.g_face[end] == a.g_face[g]
                {
                    end += 1;
                }
                pieces.push(g..end);
                g = end;
            }
            let piece_levels: Vec<u8> = pieces
                .iter()
                .map(|p| levels[p.start - range.start])
                .collect();
            let mut x = 0.0;
            for index in bidi::visual_order(&piece_levels) {
                let piece = pieces[index].clone();
                let rtl = piece_levels[index] % 2 == 1;
                let slice = &a.text[a.g_byte[piece.start] as usize..a.g_byte[piece.end] as usize];
                // egui shapes a run in the direction its first real script suggests and cannot
                // be told otherwise; where that is wrong, hand it the run reversed.
                let display = if bidi::shaped_rtl(slice) != rtl {
                    bidi::reversed_for_display(slice)
                } else {
                    slice.to_owned()
                };
                let family: FontFamily = resolver.family(a.g_chain[piece.start] as usize).clone();
                let job = LayoutJob::single_section(
                    display,
                    TextFormat::simple(FontId::new(a.font_size, family), Color32::PLACEHOLDER),
                );
                let galley = fonts.layout_job(job.clone());
                let (width, baseline, height) = galley_metrics(&galley);
                ascent = ascent.max(baseline);
                descent = descent.max(height - baseline);

                // Place the graphemes with the shaped advances, scaled to what egui drew.
                let total: f32 = a.g_adv[piece.clone()].iter().sum();
                let scale = if total > 0.0 && width > 0.0 {
                    width / total
                } else {
                    1.0
                };
                let mut gx = x;
                let order: Box<dyn Iterator<Item = usize>> = if rtl {
                    Box::new(piece.clone().rev())
                } else {
                    Box::new(piece.clone())
                };
                for gi in order {
                    let w = a.g_adv[gi] * scale;
                    g_x[gi] = [gx, gx + w];
                    g_line[gi] = line_index as u32;
                    g_rtl[gi] = rtl;
                    gx += w;
                }
                placed.push(Placed {
                    job,
                    line: line_index,
                    x,
                    width,
                    baseline,
                });
                x += width;
            }
            line_widths.push(x);
        }

        if placed.is_empty() {
            let height = fonts.row_height(&FontId::new(
                a.font_size,
                resolver
                    .family(a.g_chain.first().copied().unwrap_or(0) as usize)
                    .clone(),
            ));
            ascent = height * 0.8;
            descent = height - ascent;
        }
        let natural = ascent + descent;
        let line_height = min_line_height.map_or(natural, |h| h.max(natural));
        // Centre the glyphs in a taller line.
        let pad = (line_height - natural) / 2.0;
        let widest = line_widths.iter().copied().fold(0.0, f32::max);
        let rtl_base = a.paragraph_level % 2 == 1;
        let width = if rtl_base && wrap_width.is_finite() {
            wrap_width
        } else {
            widest
        };
        // Right-to-left paragraphs are right-aligned.
        let shift: Vec<f32> = line_widths
            .iter()
            .map(|&w| if rtl_base { width - w } else { 0.0 })
            .collect();
        for g in 0..ng {
            let dx = shift[g_line[g] as usize];
            g_x[g][0] += dx;
            g_x[g][1] += dx;
        }
        let pieces = placed
            .into_iter()
            .map(|p| {
                let top = p.line as f32 * line_height;
                Piece {
                    job: p.job,
                    pos: pos2(p.x + shift[p.line], top + pad + ascent - p.baseline),
                    size: vec2(p.width, line_height),
                }
            })
            .collect();
        let lines = line_ranges
            .iter()
            .enumerate()
            .map(|(i, r)| Line {
                graphemes: r.start as u32..r.end as u32,
                top: i as f32 * line_height,
                bottom: (i + 1) as f32 * line_height,
            })
            .collect::<Vec<_>>();
        let size = vec2(width, lines.len() as f32 * line_height);
        let geometry = Geometry {
            g_char: a.g_char.clone(),
            g_x,
            g_line,
            g_rtl,
            lines,
            rtl_base,
            width,
        };
        Self {
            analysis,
            pieces,
            geometry,
            size,
        }
    }
}

/// Width, baseline (from the top) and height of a single-row galley.
fn galley_metrics(galley: &Galley) -> (f32, f32, f32) {
    let Some(row) = galley.rows.first() else {
        return (0.0, 0.0, 0.0);
    };
    let baseline = row.glyphs.iter().map(|g| g.pos.y).fold(f32::NAN, f32::max);
    let height = row.size.y.max(galley.size().y);
    let baseline = if baseline.is_finite() {
        row.pos.y + baseline
    } else {
        height * 0.8
    };
    (row.size.x, baseline, height)
}

/// Geometry of a plain (left-to-right, one galley) paragraph, read from the galley.
fn plain_geometry(galley: &Galley) -> Geometry {
    let text = galley.job.text.as_str();
    let article = ArticleText::new(text.to_owned());
    let mut g_char: Vec<u32> = text
        .grapheme_indices(true)
        .map(|(b, _)| article.char_of_byte(b).unwrap_or(0) as u32)
        .collect();
    let ng = g_char.len();
    g_char.push(article.len_chars() as u32);

    // Code point index -> (row, x0, x1) from the glyphs (one per char in left-to-right text).
    let mut char_x: Vec<(u32, f32, f32)> = Vec::with_capacity(article.len_chars());
    let mut lines = Vec::with_capacity(galley.rows.len());
    let mut first_grapheme = 0u32;
    for (r, row) in galley.rows.iter().enumerate() {
        for (i, glyph) in row.glyphs.iter().enumerate() {
            let x0 = row.pos.x + glyph.pos.x;
            // Up to the next glyph, where egui puts the next caret (glyphs are pixel-snapped,
            // so this closes the sub-pixel gaps between neighbours).
            let x1 = row
                .glyphs
                .get(i + 1)
                .map_or(x0 + glyph.advance_width, |next| row.pos.x + next.pos.x);
            char_x.push((r as u32, x0, x1.max(x0)));
        }
        let row_end_char = char_x.len() as u32 + u32::from(row.ends_with_newline);
        let end_grapheme = g_char[..ng].partition_point(|&c| c < row_end_char) as u32;
        lines.push(Line {
            graphemes: first_grapheme..end_grapheme,
            top: row.min_y(),
            bottom: row.max_y(),
        });
        first_grapheme = end_grapheme;
    }
    let mut g_x = Vec::with_capacity(ng);
    let mut g_line = Vec::with_capacity(ng);
    for g in 0..ng {
        let chars = g_char[g] as usize..g_char[g + 1] as usize;
        let Some(&(row, x0, _)) = char_x.get(chars.start) else {
            g_x.push([0.0, 0.0]);
            g_line.push(lines.len().saturating_sub(1) as u32);
            continue;
        };
        let x1 = chars
            .filter_map(|c| char_x.get(c))
            .filter(|(r, ..)| *r == row)
            .map(|&(_, _, x1)| x1)
            .fold(x0, f32::max);
        g_x.push([x0, x1]);
        g_line.push(row);
    }
    if lines.is_empty() {
        lines.push(Line {
            graphemes: 0..0,
            top: 0.0,
            bottom: galley.size().y,
        });
    }
    Geometry {
        g_char,
        g_line,
        g_rtl: vec![false; ng],
        g_x,
        lines,
        rtl_base: false,
        width: galley.size().x,
    }
}

enum Kind {
    /// Left-to-right text: egui's own galley, which egui caches; the geometry is read from it
    /// when first asked for.
    Plain {
        galley: Arc<Galley>,
        geometry: OnceLock<Geometry>,
    },
    Bidi(Arc<BidiLayout>),
}

/// A laid-out paragraph, for this frame. Get it from
/// [`TextLayoutCache::layout`](super::TextLayoutCache::layout) every frame rather than
/// keeping it: it is cheap to get again, and its galleys may be freed by egui between frames.
///
/// All offsets are code points relative to the paragraph; all positions are relative to the
/// paragraph's top-left corner (pass that corner to [`Self::paint`]).
pub struct ParagraphLayout {
    kind: Kind,
    color: Color32,
}

impl ParagraphLayout {
    pub(crate) fn plain(galley: Arc<Galley>, color: Color32) -> Self {
        Self {
            kind: Kind::Plain {
                galley,
                geometry: OnceLock::new(),
            },
            color,
        }
    }

    pub(crate) fn bidi(layout: Arc<BidiLayout>, color: Color32) -> Self {
        Self {
            kind: Kind::Bidi(layout),
            color,
        }
    }

    fn geometry(&self) -> &Geometry {
        match &self.kind {
            Kind::Plain { galley, geometry } => geometry.get_or_init(|| plain_geometry(galley)),
            Kind::Bidi(layout) => &layout.geometry,
        }
    }

    /// Each grapheme in logical order: its byte length in the text and its width. One pass,
    /// for cutting a line to a width without asking for rectangles grapheme by grapheme.
    pub(crate) fn grapheme_widths(&self) -> impl Iterator<Item = f32> + '_ {
        self.geometry().g_x.iter().map(|[x0, x1]| (x1 - x0).abs())
    }

    /// Whether a one-line layout of `text` was cut short with "…".
    pub fn is_shortened(&self, text: &str) -> bool {
        match &self.kind {
            Kind::Plain { galley, .. } => galley.elided,
            Kind::Bidi(_) => self.char_count() < text.chars().count(),
        }
    }

    /// Whether this paragraph took the bidi path.
    pub fn is_bidi(&self) -> bool {
        matches!(self.kind, Kind::Bidi(_))
    }

    /// Whether the paragraph's base direction is right to left (it is right-aligned).
    pub fn is_rtl(&self) -> bool {
        match &self.kind {
            Kind::Plain { .. } => false,
            Kind::Bidi(layout) => layout.geometry.rtl_base,
        }
    }

    /// Size of the paragraph: the widest line's width (for a right-to-left paragraph with a
    /// finite wrap width, the wrap width, as its lines are right-aligned in it) and the height
    /// of all lines.
    pub fn size(&self) -> Vec2 {
        match &self.kind {
            Kind::Plain { galley, .. } => galley.size(),
            Kind::Bidi(layout) => layout.size,
        }
    }

    /// Length of the paragraph in code points.
    pub fn char_count(&self) -> usize {
        match &self.kind {
            Kind::Plain { galley, .. } => galley.job.text.chars().count(),
            Kind::Bidi(layout) => layout.geometry.char_count(),
        }
    }

    /// Paint the text with its top-left corner at `origin`. Lines outside the painter's clip
    /// rectangle are skipped.
    pub fn paint(&self, painter: &Painter, origin: Pos2) {
        match &self.kind {
            Kind::Plain { galley, .. } => {
                painter.galley(origin, galley.clone(), self.color);
            }
            Kind::Bidi(layout) => {
                let clip = painter.clip_rect();
                let visible: Vec<&Piece> = layout
                    .pieces
                    .iter()
                    .filter(|p| {
                        clip.intersects(Rect::from_min_size(origin + p.pos.to_vec2(), p.size))
                    })
                    .collect();
                if visible.is_empty() {
                    return;
                }
                // egui keeps these galleys cached for as long as they are asked for each frame.
                let galleys: Vec<Arc<Galley>> = painter.fonts_mut(|fonts| {
                    visible
                        .iter()
                        .map(|p| fonts.layout_job(p.job.clone()))
                        .collect()
                });
                for (piece, galley) in visible.iter().zip(galleys) {
                    painter.galley(origin + piece.pos.to_vec2(), galley, self.color);
                }
            }
        }
    }

    /// The grapheme boundary nearest to `local_pos` (relative to the paragraph's corner), as a
    /// code-point offset. Which half of a grapheme was hit decides "before" or "after" by the
    /// direction of its run; above the first line counts as the first line, below the last as
    /// the last.
    pub fn hit_test(&self, local_pos: Pos2) -> usize {
        match &self.kind {
            Kind::Plain { galley, .. } => {
                // egui's own answer, so plain text behaves exactly as before; only moved off
                // the inside of a grapheme (to whichever of its edges is nearer).
                let offset = galley.cursor_from_pos(local_pos.to_vec2()).index.0;
                let geometry = self.geometry();
                if geometry.is_boundary(offset) {
                    return offset;
                }
                let before = (0..offset)
                    .rev()
                    .find(|&o| geometry.is_boundary(o))
                    .unwrap_or(0);
                let after = (offset..=geometry.char_count())
                    .find(|&o| geometry.is_boundary(o))
                    .unwrap_or(offset);
                let x = |o: usize| geometry.cursor_rect(o).left();
                if (local_pos.x - x(before)).abs() <= (x(after) - local_pos.x).abs() {
                    before
                } else {
                    after
                }
            }
            Kind::Bidi(layout) => layout.geometry.hit_test(local_pos),
        }
    }

    /// Rectangles (paragraph coordinates) covering code-point range `chars`, widened to whole
    /// graphemes: one per line in plain text, possibly several per line in mixed text. Paint
    /// highlights, underlines and the selection from these, behind the text.
    pub fn range_rects(&self, chars: Range<usize>) -> Vec<Rect> {
        self.geometry().range_rects(chars)
    }

    /// The caret at code-point `offset`: a zero-width rectangle one line high.
    pub fn cursor_rect(&self, offset: usize) -> Rect {
        self.geometry().cursor_rect(offset)
    }

    /// The visual lines, top to bottom.
    pub fn lines(&self) -> Vec<LineInfo> {
        self.geometry().lines()
    }

    /// Whether `offset` is a grapheme boundary of the paragraph.
    pub fn is_grapheme_boundary(&self, offset: usize) -> bool {
        self.geometry().is_boundary(offset)
    }
}
