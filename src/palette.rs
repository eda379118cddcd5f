//! The one palette for the kinds: the app (`app::theme` turns these into egui colours), the
//! HTML report's CSS and the Markdown legend all read it, so "blue means claim" holds
//! everywhere an editor looks.
//!
//! Based on the Okabe–Ito palette, which stays distinguishable with the common colour-vision
//! deficiencies: claim blue, source bluish green, dispute vermillion (orange on dark
//! backgrounds). The tests below simulate deuteranopia, protanopia and tritanopia and check
//! the kinds stay apart, and check black text stays readable on the (printed) highlights.
//! Plain RGB values, no egui.

use crate::model::Kind;

/// An opaque sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for CSS.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// This colour at `alpha` (0–255) over `under`, as a browser or egui composites it.
    pub fn over(self, alpha: u8, under: Rgb) -> Rgb {
        let a = f64::from(alpha) / 255.0;
        let mix = |c: u8, u: u8| (f64::from(c) * a + f64::from(u) * (1.0 - a)).round() as u8;
        Rgb(
            mix(self.0, under.0),
            mix(self.1, under.1),
            mix(self.2, under.2),
        )
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG 2 contrast ratio (1–21) between two colours.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

pub const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);
/// The report's body text.
pub const INK: Rgb = Rgb(0x1A, 0x1A, 0x1A);

/// Opacity (of 255) of a highlight's fill on a light background. Fills of nested spans add up.
pub const FILL_ALPHA_LIGHT: u8 = 64;
/// Opacity (of 255) of a highlight's fill on a dark background.
pub const FILL_ALPHA_DARK: u8 = 60;

/// The colours of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindColors {
    /// Everyday name, for legends that cannot show the colour ("blue").
    pub name: &'static str,
    /// Lines, labels and chips on a light background (the app's light theme, the report):
    /// the Okabe–Ito hue, darkened where needed to reach 4.5:1 against white.
    pub light: Rgb,
    /// Lines, labels and chips on a dark background.
    pub dark: Rgb,
    /// The highlight fill behind text on a light background, at [`FILL_ALPHA_LIGHT`].
    pub fill: Rgb,
}

pub const CLAIM: KindColors = KindColors {
    name: "blue",
    // Okabe–Ito blue / sky blue.
    light: Rgb(0x00, 0x72, 0xB2),
    dark: Rgb(0x56, 0xB4, 0xE9),
    fill: Rgb(0x00, 0x72, 0xB2),
};

pub const SOURCE: KindColors = KindColors {
    name: "green",
    // Okabe–Ito bluish green (#009E73), darkened for text on white; lightened for dark.
    light: Rgb(0x00, 0x7A, 0x58),
    dark: Rgb(0x3C, 0xC8, 0x9A),
    fill: Rgb(0x00, 0x9E, 0x73),
};

pub const DISPUTE: KindColors = KindColors {
    name: "orange",
    // Okabe–Ito vermillion (#D55E00), darkened for text on white; orange on dark.
    light: Rgb(0xB8, 0x4E, 0x00),
    dark: Rgb(0xE6, 0x9F, 0x00),
    fill: Rgb(0xD5, 0x5E, 0x00),
};

pub fn kind(kind: Kind) -> KindColors {
    match kind {
        Kind::Claim => CLAIM,
        Kind::Source => SOURCE,
        Kind::Dispute => DISPUTE,
    }
}

/// The fill of `depth` nested highlights of one kind over white, as the report prints it.
pub fn printed_fill(kind_colors: KindColors, depth: usize) -> Rgb {
    (0..depth).fold(WHITE, |under, _| {
        kind_colors.fill.over(FILL_ALPHA_LIGHT, under)
    })
}

/// How a colour looks with a colour-vision deficiency, and how far apart two colours look.
pub mod vision {
    use super::Rgb;

    #[derive(Clone, Copy, Debug)]
    pub enum Deficiency {
        Deuteranopia,
        Protanopia,
        Tritanopia,
    }

    impl Deficiency {
        pub const ALL: [Deficiency; 3] = [
            Deficiency::Deuteranopia,
            Deficiency::Protanopia,
            Deficiency::Tritanopia,
        ];
    }

    fn to_linear(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    fn from_linear(v: f64) -> u8 {
        let v = v.clamp(0.0, 1.0);
        let s = if v <= 0.003_130_8 {
            12.92 * v
        } else {
            1.055 * v.powf(1.0 / 2.4) - 0.055
        };
        (s * 255.0).round() as u8
    }

    /// Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear RGB.
    pub fn simulate(c: Rgb, d: Deficiency) -> Rgb {
        let m: [[f64; 3]; 3] = match d {
            Deficiency::Deuteranopia => [
                [0.367_322, 0.860_646, -0.227_968],
                [0.280_085, 0.672_501, 0.047_413],
                [-0.011_820, 0.042_940, 0.968_881],
            ],
            Deficiency::Protanopia => [
                [0.152_286, 1.052_583, -0.204_868],
                [0.114_503, 0.786_281, 0.099_216],
                [-0.003_882, -0.048_116, 1.051_998],
            ],
            Deficiency::Tritanopia => [
                [1.255_528, -0.076_749, -0.178_779],
                [-0.078_411, 0.930_809, 0.147_602],
                [0.004_733, 0.691_367, 0.303_900],
            ],
        };
        let l = [to_linear(c.0), to_linear(c.1), to_linear(c.2)];
        let row = |r: [f64; 3]| from_linear(r[0] * l[0] + r[1] * l[1] + r[2] * l[2]);
        Rgb(row(m[0]), row(m[1]), row(m[2]))
    }

    /// CIELAB (D65).
    pub fn lab(c: Rgb) -> [f64; 3] {
        let (r, g, b) = (to_linear(c.0), to_linear(c.1), to_linear(c.2));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f64| {
            if t > 0.008_856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// CIE76 ΔE: about 2.3 is just noticeable, over 10 is plainly different.
    pub fn delta_e(a: Rgb, b: Rgb) -> f64 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::vision::{Deficiency, delta_e, simulate};
    use super::*;

    fn pairs() -> Vec<(Kind, Kind)> {
        vec![
            (Kind::Claim, Kind::Source),
            (Kind::Claim, Kind::Dispute),
            (Kind::Source, Kind::Dispute),
        ]
    }

    #[test]
    fn black_text_stays_readable_on_printed_highlights() {
        // Up to three nested spans of one kind darken the fill; the text must stay readable.
        for k in Kind::ALL {
            for depth in 1..=3 {
                let bg = printed_fill(kind(k), depth);
                for text in [INK, Rgb(0, 0, 0)] {
                    let ratio = text.contrast(bg);
                    println!(
                        "{k:?} fill ×{depth} {}: {} text {ratio:.2}:1",
                        bg.hex(),
                        text.hex()
                    );
                    assert!(ratio >= 4.5, "{k:?} ×{depth}: {ratio:.2}:1 on {}", bg.hex());
                }
            }
        }
    }

    #[test]
    fn labels_and_chips_are_readable() {
        for k in Kind::ALL {
            let c = kind(k);
            // Labels on the white page, white letters on light-theme chips.
            println!(
                "{k:?} {} on white {:.2}:1",
                c.light.hex(),
                c.light.contrast(WHITE)
            );
            assert!(c.light.contrast(WHITE) >= 4.5, "{k:?} light");
            // Black letters on dark-theme chips.
            assert!(c.dark.contrast(Rgb(0, 0, 0)) >= 4.5, "{k:?} dark");
        }
    }

    #[test]
    fn kinds_stay_apart_with_colour_blindness() {
        for (a, b) in pairs() {
            let (ca, cb) = (kind(a), kind(b));
            let normal = delta_e(ca.light, cb.light);
            println!("{a:?}/{b:?} normal vision: lines ΔE {normal:.1}");
            assert!(normal > 30.0, "{a:?}/{b:?}");
            for d in [Deficiency::Deuteranopia, Deficiency::Protanopia] {
                // Lines and labels: plainly different.
                let lines = delta_e(simulate(ca.light, d), simulate(cb.light, d));
                assert!(lines > 30.0, "{a:?}/{b:?} lines, {d:?}: ΔE {lines:.1}");
                // Single highlight fills are pale by design; still clearly apart.
                let fa = simulate(printed_fill(ca, 1), d);
                let fb = simulate(printed_fill(cb, 1), d);
                let fills = delta_e(fa, fb);
                println!("{a:?}/{b:?} {d:?}: lines ΔE {lines:.1}, fills ΔE {fills:.1}");
                assert!(fills > 10.0, "{a:?}/{b:?} fills, {d:?}: ΔE {fills:.1}");
            }
            // Tritanopia is rare; blue and green come closer but stay apart.
            let lines = delta_e(
                simulate(ca.light, Deficiency::Tritanopia),
                simulate(cb.light, Deficiency::Tritanopia),
            );
            println!("{a:?}/{b:?} Tritanopia: lines ΔE {lines:.1}");
            assert!(lines > 10.0, "{a:?}/{b:?} lines, tritanopia: ΔE {lines:.1}");
        }
    }
}
