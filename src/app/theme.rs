//! Colours for kinds and verdicts. The kind colours come from [`crate::palette`], the one
//! palette the HTML report and the Markdown legend use too; this only turns them into egui
//! colours.

use egui::Color32;

use crate::model::{Kind, Verdict};
use crate::palette::{self, Rgb};

fn color32(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// Strong colour of a kind: chips, underlines, outlines.
pub fn kind_color(kind: Kind, dark: bool) -> Color32 {
    let colors = palette::kind(kind);
    color32(if dark { colors.dark } else { colors.light })
}

/// Translucent fill behind highlighted text. Overlapping fills add up, which is fine: the
/// underline lanes tell the spans apart.
pub fn kind_fill(kind: Kind, dark: bool) -> Color32 {
    let colors = palette::kind(kind);
    let (c, alpha) = if dark {
        (colors.dark, palette::FILL_ALPHA_DARK)
    } else {
        (colors.fill, palette::FILL_ALPHA_LIGHT)
    };
    Color32::from_rgba_unmultiplied(c.0, c.1, c.2, alpha)
}

/// A one-letter marker that identifies the kind without colour.
pub fn kind_letter(kind: Kind) -> &'static str {
    match kind {
        Kind::Claim => "C",
        Kind::Source => "S",
        Kind::Dispute => "D",
    }
}

pub fn verdict_color(verdict: Verdict, dark: bool) -> Color32 {
    match (verdict, dark) {
        (Verdict::True | Verdict::MostlyTrue, false) => Color32::from_rgb(0x00, 0x7A, 0x58),
        (Verdict::True | Verdict::MostlyTrue, true) => Color32::from_rgb(0x3C, 0xC8, 0x9A),
        (Verdict::Mixed, false) => Color32::from_rgb(0x8A, 0x6D, 0x00),
        (Verdict::Mixed, true) => Color32::from_rgb(0xF0, 0xE4, 0x42),
        (Verdict::MostlyFalse | Verdict::False, false) => Color32::from_rgb(0xB0, 0x3A, 0x00),
        (Verdict::MostlyFalse | Verdict::False, true) => Color32::from_rgb(0xF0, 0x8A, 0x4B),
        (Verdict::Unverifiable, false) => Color32::from_gray(0x60),
        (Verdict::Unverifiable, true) => Color32::from_gray(0xB0),
    }
}
