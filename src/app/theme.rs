//! Colours for kinds and verdicts, from the Okabe–Ito palette (distinguishable with the
//! common colour-vision deficiencies), tuned per light/dark theme so text stays readable.

use egui::Color32;

use crate::model::{Kind, Verdict};

/// Strong colour of a kind: chips, underlines, outlines.
pub fn kind_color(kind: Kind, dark: bool) -> Color32 {
    match (kind, dark) {
        // Okabe–Ito blue / sky blue.
        (Kind::Claim, false) => Color32::from_rgb(0x00, 0x72, 0xB2),
        (Kind::Claim, true) => Color32::from_rgb(0x56, 0xB4, 0xE9),
        // Bluish green, lightened for dark backgrounds.
        (Kind::Source, false) => Color32::from_rgb(0x00, 0x9E, 0x73),
        (Kind::Source, true) => Color32::from_rgb(0x3C, 0xC8, 0x9A),
        // Vermillion / orange.
        (Kind::Dispute, false) => Color32::from_rgb(0xD5, 0x5E, 0x00),
        (Kind::Dispute, true) => Color32::from_rgb(0xE6, 0x9F, 0x00),
    }
}

/// Translucent fill behind highlighted text. Overlapping fills add up, which is fine: the
/// underline lanes tell the spans apart.
pub fn kind_fill(kind: Kind, dark: bool) -> Color32 {
    let c = kind_color(kind, dark);
    let alpha = if dark { 60 } else { 48 };
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), alpha)
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
