//! The parts of bidirectional layout that need no fonts: base direction, when a paragraph
//! needs the bidi path at all, UAX #9 rule L1 and reordering (L2), the text egui is handed
//! for a run whose direction it would guess wrong, and greedy line breaking over UAX #14
//! break opportunities.

use std::ops::Range;

use unicode_bidi::BidiClass;
use unicode_segmentation::UnicodeSegmentation as _;

/// The direction a paragraph is laid out in: its alignment and where neutral characters at
/// its ends go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BaseDirection {
    /// UAX #9 rules P2–P3: the first strong character decides (isolates skipped); left to
    /// right when there is none.
    #[default]
    Auto,
    LeftToRight,
    RightToLeft,
}

impl BaseDirection {
    /// The base direction for an article in language `tag` (BCP 47, e.g. `"ar"`, `"fa-IR"`,
    /// `"ur"`, `"he"`): right to left for the languages normally written so, [`Self::Auto`]
    /// otherwise. An Arabic paragraph that starts with a Latin name ("BBC …") then still
    /// reads right to left, and an English article quoting a Persian paragraph still gets
    /// that paragraph right.
    pub fn for_language(tag: Option<&str>) -> Self {
        let Some(tag) = tag else {
            return Self::Auto;
        };
        let mut subtags = tag.split(['-', '_']);
        let language = subtags.next().unwrap_or("").to_ascii_lowercase();
        let script = subtags
            .find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()))
            .map(|s| s.to_ascii_lowercase());
        match script.as_deref() {
            Some("arab" | "hebr" | "syrc" | "thaa" | "nkoo" | "adlm" | "rohg") => {
                return Self::RightToLeft;
            }
            Some(_) => return Self::Auto,
            None => {}
        }
        const RTL_LANGUAGES: &[&str] = &[
            "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku", "ps", "prs", "sd", "syr",
            "ug", "ur", "yi", "azb", "bal", "bqi", "glk", "lrc", "mzn", "pnb", "nqo",
        ];
        if RTL_LANGUAGES.contains(&language.as_str()) {
            Self::RightToLeft
        } else {
            Self::Auto
        }
    }

    /// `unicode-bidi`'s paragraph level argument.
    pub(crate) fn level(self) -> Option<unicode_bidi::Level> {
        match self {
            Self::Auto => None,
            Self::LeftToRight => Some(unicode_bidi::Level::ltr()),
            Self::RightToLeft => Some(unicode_bidi::Level::rtl()),
        }
    }
}

/// Whether `text` needs the bidi path: it has right-to-left characters or controls, or the
/// base direction is right to left. Everything else is plain left-to-right text that egui
/// lays out correctly by itself. Fast for ASCII and for scripts before Hebrew.
pub fn needs_bidi(text: &str, base: BaseDirection) -> bool {
    if base == BaseDirection::RightToLeft {
        return true;
    }
    if text.is_ascii() {
        return false;
    }
    text.chars().any(|c| {
        // Every R, AL and AN character and every right-to-left control is at or past U+0590.
        c >= '\u{0590}'
            && matches!(
                unicode_bidi::bidi_class(c),
                BidiClass::R
                    | BidiClass::AL
                    | BidiClass::AN
                    | BidiClass::RLE
                    | BidiClass::RLO
                    | BidiClass::RLI
                    | BidiClass::FSI
            )
    })
}

/// UAX #9 rule L1 on one line, per grapheme: separators, and whitespace and isolate controls
/// before them or at the end of the line, go back to the paragraph level. `classes` holds the
/// original bidi class of each grapheme's first character, `levels` the resolved levels,
/// both for the line only.
pub fn apply_l1(classes: &[BidiClass], levels: &mut [u8], paragraph_level: u8) {
    use BidiClass::*;
    // Characters X9 removed are transparent to the whitespace sequences.
    let trailing_kind = |c: BidiClass| {
        matches!(
            c,
            WS | FSI | LRI | RLI | PDI | BN | LRE | RLE | LRO | RLO | PDF
        )
    };
    let mut reset_from = levels.len();
    for i in (0..levels.len()).rev() {
        match classes[i] {
            S | B => {
                levels[i] = paragraph_level;
                reset_from = i;
                // The whitespace before a separator goes back too.
                let mut j = i;
                while j > 0 && trailing_kind(classes[j - 1]) {
                    j -= 1;
                    levels[j] = paragraph_level;
                }
            }
            c if trailing_kind(c) && reset_from == i + 1 => {
                levels[i] = paragraph_level;
                reset_from = i;
            }
            _ => {}
        }
    }
}

/// UAX #9 rule L2: the visual order (indices into `levels`, left to right) of items with
/// these levels.
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let levels: Vec<unicode_bidi::Level> = levels
        .iter()
        .map(|&l| unicode_bidi::Level::new(l).unwrap_or_else(|_| unicode_bidi::Level::ltr()))
        .collect();
    unicode_bidi::BidiInfo::reorder_visual(&levels)
}

/// The direction harfrust (and so egui, which cannot be told a direction) will shape `text`
/// in: that of the first character with a real script, left to right if none.
pub fn shaped_rtl(text: &str) -> bool {
    use unicode_script::{Script, UnicodeScript as _};
    text.chars()
        .map(|c| c.script())
        .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .is_some_and(|s| {
            matches!(
                s,
                Script::Arabic
                    | Script::Hebrew
                    | Script::Syriac
                    | Script::Thaana
                    | Script::Nko
                    | Script::Samaritan
                    | Script::Mandaic
                    | Script::Adlam
                    | Script::Hanifi_Rohingya
                    | Script::Yezidi
                    | Script::Mende_Kikakui
                    | Script::Imperial_Aramaic
                    | Script::Phoenician
                    | Script::Old_South_Arabian
                    | Script::Old_North_Arabian
                    | Script::Avestan
                    | Script::Inscriptional_Pahlavi
                    | Script::Inscriptional_Parthian
                    | Script::Psalter_Pahlavi
                    | Script::Kharoshthi
                    | Script::Lydian
                    | Script::Cypriot
                    | Script::Nabataean
                    | Script::Palmyrene
                    | Script::Hatran
                    | Script::Manichaean
                    | Script::Old_Hungarian
                    | Script::Old_Sogdian
                    | Script::Sogdian
                    | Script::Elymaic
                    | Script::Chorasmian
                    | Script::Old_Uyghur
                    | Script::Meroitic_Cursive
                    | Script::Meroitic_Hieroglyphs
                    | Script::Garay
            )
        })
}

/// `text` with its graphemes in reverse order and bracket-like characters mirrored: what egui
/// must be handed for a run it would shape in the wrong direction (a run of neutrals at an odd
/// level, digits of Arabic script at an even one). Graphemes keep their own order inside, so
/// combining marks stay on their letters.
pub fn reversed_for_display(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for grapheme in text.graphemes(true).rev() {
        for c in grapheme.chars() {
            out.push(unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c));
        }
    }
    out
}

/// Greedy line breaking over graphemes.
///
/// `advance[g]` is grapheme `g`'s width, `is_space[g]` whether it is whitespace (which may
/// hang past the line's end), `break_before[g]` whether a line may start at `g` (UAX #14),
/// `mandatory_before[g]` whether one must. A word wider than `max_width` is broken between
/// graphemes. Returns grapheme ranges, at least one (empty for an empty paragraph).
pub fn break_lines(
    advance: &[f32],
    is_space: &[bool],
    break_before: &[bool],
    mandatory_before: &[bool],
    max_width: f32,
) -> Vec<Range<usize>> {
    let n = advance.len();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < n {
        let mut width = 0.0; // up to `i`, trailing spaces included
        let mut last_break: Option<usize> = None; // a break opportunity after `start`
        let mut end = n;
        let mut i = start;
        while i < n {
            if i > start && mandatory_before[i] {
                end = i;
                break;
            }
            if i > start && break_before[i] {
                last_break = Some(i);
            }
            let w = advance[i];
            if !is_space[i] && width + w > max_width && i > start {
                // Overflow: break at the last opportunity, else between graphemes.
                end = match last_break {
                    Some(b) => b,
                    None => i,
                };
                break;
            }
            width += w;
            i += 1;
        }
        lines.push(start..end);
        start = end;
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_give_the_base_direction() {
        for tag in [
            "ar", "ar-EG", "fa", "fa-IR", "ur", "he", "ps", "ckb", "az-Arab",
        ] {
            assert_eq!(
                BaseDirection::for_language(Some(tag)),
                BaseDirection::RightToLeft,
                "{tag}"
            );
        }
        for tag in ["en", "en-GB", "de", "hi", "zh-Hans", "ku-Latn", "az"] {
            assert_eq!(
                BaseDirection::for_language(Some(tag)),
                BaseDirection::Auto,
                "{tag}"
            );
        }
        assert_eq!(BaseDirection::for_language(None), BaseDirection::Auto);
    }

    #[test]
    fn only_right_to_left_content_needs_the_bidi_path() {
        let auto = BaseDirection::Auto;
        assert!(!needs_bidi(
            "Plain English, café, Ελληνικά, русский, 中文, हिन्दी",
            auto
        ));
        assert!(!needs_bidi("emoji 👩‍👩‍👧 and \u{200E}LRM", auto));
        assert!(needs_bidi("UNICEF في 2026", auto));
        assert!(needs_bidi("שלום", auto));
        assert!(needs_bidi("digits ٣٤", auto));
        assert!(needs_bidi("an \u{202E}override", auto));
        assert!(needs_bidi("an \u{2067}isolate\u{2069}", auto));
        assert!(needs_bidi("English", BaseDirection::RightToLeft));
    }

    #[test]
    fn l1_resets_trailing_whitespace_and_separators() {
        use BidiClass::*;
        // "abc<space>DEF<space><space>" in an RTL paragraph: the trailing spaces go to level 1.
        let classes = [L, WS, R, WS, WS];
        let mut levels = [2, 1, 1, 2, 2];
        apply_l1(&classes, &mut levels, 1);
        assert_eq!(levels, [2, 1, 1, 1, 1]);
        // A tab and the spaces before it go to the paragraph level.
        let classes = [L, WS, S, L];
        let mut levels = [2, 2, 2, 2];
        apply_l1(&classes, &mut levels, 1);
        assert_eq!(levels, [2, 1, 1, 2]);
    }

    #[test]
    fn l2_reverses_runs_at_odd_levels() {
        // RTL paragraph: "برنامج" (1) " " (1) "UNICEF" (2) " " (1) "في" (1)
        assert_eq!(visual_order(&[1, 1, 2, 1, 1]), [4, 3, 2, 1, 0]);
        // LTR paragraph with an embedded RTL phrase and a number in it.
        assert_eq!(visual_order(&[0, 1, 2, 1, 0]), [0, 3, 2, 1, 4]);
    }

    #[test]
    fn shaping_direction_is_guessed_from_the_first_real_script() {
        assert!(shaped_rtl("(مرحبا)"));
        assert!(shaped_rtl("שלום"));
        assert!(
            shaped_rtl("٢٠٢٦"),
            "Arabic-Indic digits are of Arabic script"
        );
        assert!(shaped_rtl("۱۴۰۳"), "so are the Extended ones");
        assert!(!shaped_rtl(" (!) "));
        assert!(!shaped_rtl("2026"));
        assert!(!shaped_rtl("UNICEF"));
    }

    #[test]
    fn reversal_keeps_graphemes_and_mirrors_brackets() {
        assert_eq!(reversed_for_display("(«x»)"), "(«x»)");
        assert_eq!(reversed_for_display("a)"), "(a");
        assert_eq!(reversed_for_display("e\u{301}f"), "fe\u{301}");
        assert_eq!(reversed_for_display("٢٠٢٦"), "٦٢٠٢");
    }

    #[test]
    fn lines_break_at_opportunities_and_let_spaces_hang() {
        // "aa bb cc" as graphemes, each 1 wide; breaks before each word.
        let adv = [1.0; 8];
        let space = [false, false, true, false, false, true, false, false];
        let brk = [false, false, false, true, false, false, true, false];
        let mand = [false; 8];
        assert_eq!(break_lines(&adv, &space, &brk, &mand, 5.0), [0..6, 6..8]);
        assert_eq!(
            break_lines(&adv, &space, &brk, &mand, 2.0),
            [0..3, 3..6, 6..8]
        );
        assert_eq!(
            break_lines(&adv, &space, &brk, &mand, 100.0),
            vec![0..8_usize]
        );
        // Too narrow for a word: broken between graphemes, never an empty line.
        assert_eq!(
            break_lines(&adv, &space, &brk, &mand, 0.5),
            [0..1, 1..3, 3..4, 4..6, 6..7, 7..8]
        );
        let mut mand = [false; 8];
        mand[3] = true;
        assert_eq!(break_lines(&adv, &space, &brk, &mand, 100.0), [0..3, 3..8]);
        assert_eq!(break_lines(&[], &[], &[], &[], 10.0), vec![0..0_usize]);
    }
}
