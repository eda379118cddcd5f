//! Where each grapheme of a laid-out paragraph is, and the questions the article view asks
//! of it (hit-testing, rectangles of a range, the caret), the same for both paths.

use std::ops::Range;

use egui::{Pos2, Rect, pos2};

/// One visual line.
#[derive(Clone, Debug, PartialEq)]
pub struct LineInfo {
    /// Code-point range of the line in the paragraph (trailing spaces included).
    pub chars: Range<usize>,
    /// The line's box in paragraph coordinates: full line height, from its leftmost to its
    /// rightmost grapheme.
    pub rect: Rect,
}

#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub graphemes: Range<u32>,
    pub top: f32,
    pub bottom: f32,
}

/// Per grapheme: its code points, its line, its visual x extent and its direction.
#[derive(Clone, Debug, Default)]
pub(crate) struct Geometry {
    /// Code-point offset where each grapheme starts, then the paragraph's length.
    pub g_char: Vec<u32>,
    /// Left and right edge of each grapheme, in paragraph coordinates.
    pub g_x: Vec<[f32; 2]>,
    pub g_line: Vec<u32>,
    /// Whether the grapheme is in a right-to-left run.
    pub g_rtl: Vec<bool>,
    pub lines: Vec<Line>,
    /// Right-to-left paragraph (decides where the caret of an empty one is).
    pub rtl_base: bool,
    /// Width of the paragraph box.
    pub width: f32,
}

impl Geometry {
    fn grapheme_count(&self) -> usize {
        self.g_x.len()
    }

    pub fn char_count(&self) -> usize {
        self.g_char.last().copied().unwrap_or(0) as usize
    }

    /// The grapheme containing code point `c` (`c` < length).
    fn grapheme_of_char(&self, c: usize) -> usize {
        let n = self.grapheme_count();
        self.g_char[..n]
            .partition_point(|&start| start as usize <= c)
            .saturating_sub(1)
    }

    fn line_at_y(&self, y: f32) -> usize {
        self.lines
            .iter()
            .position(|line| y < line.bottom)
            .unwrap_or(self.lines.len().saturating_sub(1))
    }

    /// The grapheme boundary nearest to `pos`: on the line under it, the nearest grapheme
    /// decides, its left half meaning "before" it in left-to-right text and "after" it in
    /// right-to-left text; beside the line, its logical start or end.
    pub fn hit_test(&self, pos: Pos2) -> usize {
        let Some(line) = self.lines.get(self.line_at_y(pos.y)) else {
            return 0;
        };
        let range = line.graphemes.start as usize..line.graphemes.end as usize;
        if range.is_empty() {
            return self.g_char.get(range.start).copied().unwrap_or(0) as usize;
        }
        // Beside the line, as in a browser: the side where the paragraph's lines start means
        // the line's logical start, the other side its logical end (so dragging past the end
        // of a right-to-left line selects to its end, whatever run is visually last).
        let (left, right) = range
            .clone()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |acc, g| {
                (acc.0.min(self.g_x[g][0]), acc.1.max(self.g_x[g][1]))
            });
        let line_start = self.g_char[range.start] as usize;
        let line_end = self.g_char[range.end] as usize;
        if pos.x < left {
            return if self.rtl_base { line_end } else { line_start };
        }
        if pos.x > right {
            return if self.rtl_base { line_start } else { line_end };
        }
        let distance = |g: usize| {
            let [x0, x1] = self.g_x[g];
            if pos.x < x0 {
                x0 - pos.x
            } else if pos.x > x1 {
                pos.x - x1
            } else {
                0.0
            }
        };
        // Zero-width graphemes (bidi controls, joiners) are only chosen if nothing else is.
        let visible = range.clone().filter(|&g| self.g_x[g][1] > self.g_x[g][0]);
        let best = visible
            .min_by(|&a, &b| distance(a).total_cmp(&distance(b)))
            .or_else(|| {
                range
                    .clone()
                    .min_by(|&a, &b| distance(a).total_cmp(&distance(b)))
            })
            .unwrap_or(range.start);
        let [x0, x1] = self.g_x[best];
        let left_half = pos.x < (x0 + x1) / 2.0;
        let before = left_half != self.g_rtl[best];
        if before {
            self.g_char[best] as usize
        } else {
            self.g_char[best + 1] as usize
        }
    }

    /// Rectangles covering the graphemes of `chars` (widened to whole graphemes): per line,
    /// one per visually contiguous stretch, lines top to bottom, left to right within a line.
    pub fn range_rects(&self, chars: Range<usize>) -> Vec<Rect> {
        let len = self.char_count();
        let start = chars.start.min(len);
        let end = chars.end.min(len);
        if start >= end {
            return Vec::new();
        }
        let first = self.grapheme_of_char(start);
        let last = self.grapheme_of_char(end - 1);
        let mut rects = Vec::new();
        let mut g = first;
        while g <= last {
            let line_index = self.g_line[g] as usize;
            let line = &self.lines[line_index];
            let line_end = (line.graphemes.end as usize).min(last + 1);
            let mut spans: Vec<[f32; 2]> = (g..line_end)
                .map(|i| self.g_x[i])
                .filter(|[x0, x1]| x1 > x0)
                .collect();
            spans.sort_by(|a, b| a[0].total_cmp(&b[0]));
            let mut merged: Vec<[f32; 2]> = Vec::new();
            for [x0, x1] in spans {
                match merged.last_mut() {
                    // Touching within a rounding error: one rectangle.
                    Some(last) if x0 <= last[1] + 0.01 => last[1] = last[1].max(x1),
                    _ => merged.push([x0, x1]),
                }
            }
            rects.extend(
                merged
                    .into_iter()
                    .map(|[x0, x1]| Rect::from_min_max(pos2(x0, line.top), pos2(x1, line.bottom))),
            );
            g = line_end;
        }
        rects
    }

    /// A zero-width rectangle, one line high, where the caret stands at grapheme boundary
    /// `offset` (snapped back to one): before the grapheme that starts there, or after the
    /// last one of the paragraph.
    pub fn cursor_rect(&self, offset: usize) -> Rect {
        let n = self.grapheme_count();
        let caret =
            |x: f32, line: &Line| Rect::from_min_max(pos2(x, line.top), pos2(x, line.bottom));
        if n == 0 {
            let line = self.lines.first().cloned().unwrap_or(Line {
                graphemes: 0..0,
                top: 0.0,
                bottom: 0.0,
            });
            return caret(if self.rtl_base { self.width } else { 0.0 }, &line);
        }
        if offset >= self.char_count() {
            let g = n - 1;
            let [x0, x1] = self.g_x[g];
            let line = &self.lines[self.g_line[g] as usize];
            return caret(if self.g_rtl[g] { x0 } else { x1 }, line);
        }
        let g = self.grapheme_of_char(offset);
        let [x0, x1] = self.g_x[g];
        let line = &self.lines[self.g_line[g] as usize];
        caret(if self.g_rtl[g] { x1 } else { x0 }, line)
    }

    pub fn lines(&self) -> Vec<LineInfo> {
        self.lines
            .iter()
            .map(|line| {
                let gs = line.graphemes.start as usize..line.graphemes.end as usize;
                let (left, right) = gs
                    .clone()
                    .fold((f32::INFINITY, f32::NEG_INFINITY), |acc, g| {
                        (acc.0.min(self.g_x[g][0]), acc.1.max(self.g_x[g][1]))
                    });
                let (left, right) = if gs.is_empty() {
                    let x = if self.rtl_base { self.width } else { 0.0 };
                    (x, x)
                } else {
                    (left, right)
                };
                LineInfo {
                    chars: self.g_char[gs.start] as usize..self.g_char[gs.end] as usize,
                    rect: Rect::from_min_max(pos2(left, line.top), pos2(right, line.bottom)),
                }
            })
            .collect()
    }

    /// Code-point offsets of the grapheme boundaries (for snapping a selection).
    pub fn is_boundary(&self, offset: usize) -> bool {
        self.g_char.binary_search(&(offset as u32)).is_ok()
    }
}
