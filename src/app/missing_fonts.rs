//! "This article has Korean text, and no font here can draw it": scripts in the article that
//! no loaded font has glyphs for, named in a notice with what to install (the install hint
//! itself is platform-specific, in `platform::font_install_hint`).

/// Scripts the notice can name: ISO 15924 tag, English name, and the code point ranges that
/// belong to it.
type ScriptRanges = (&'static str, &'static str, &'static [(u32, u32)]);

const SCRIPTS: &[ScriptRanges] = &[
    (
        "Arab",
        "Arabic",
        &[
            (0x0600, 0x06FF),
            (0x0750, 0x077F),
            (0x08A0, 0x08FF),
            (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF),
        ],
    ),
    ("Hebr", "Hebrew", &[(0x0590, 0x05FF)]),
    ("Syrc", "Syriac", &[(0x0700, 0x074F)]),
    ("Thaa", "Thaana", &[(0x0780, 0x07BF)]),
    ("Nkoo", "N'Ko", &[(0x07C0, 0x07FF)]),
    ("Deva", "Devanagari", &[(0x0900, 0x097F)]),
    ("Beng", "Bengali", &[(0x0980, 0x09FF)]),
    ("Taml", "Tamil", &[(0x0B80, 0x0BFF)]),
    ("Thai", "Thai", &[(0x0E00, 0x0E7F)]),
    ("Geor", "Georgian", &[(0x10A0, 0x10FF)]),
    ("Armn", "Armenian", &[(0x0530, 0x058F)]),
    ("Ethi", "Ethiopic", &[(0x1200, 0x137F)]),
    (
        "Hani",
        "Chinese or Japanese",
        &[
            (0x3040, 0x30FF),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xF900, 0xFAFF),
        ],
    ),
    (
        "Hang",
        "Korean",
        &[(0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)],
    ),
];

/// The script `c` belongs to, among those the notice can name: (tag, name).
pub fn script_of(c: char) -> Option<(&'static str, &'static str)> {
    let c = c as u32;
    SCRIPTS
        .iter()
        .find(|(_, _, ranges)| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)))
        .map(|&(tag, name, _)| (tag, name))
}

/// Scripts of `text` that `has_glyph` says no font can draw, in the order they first occur:
/// (tag, name). One character of each script is checked (the first seen).
pub fn missing_scripts(
    text: &str,
    mut has_glyph: impl FnMut(char) -> bool,
) -> Vec<(&'static str, &'static str)> {
    let mut seen: Vec<&str> = Vec::new();
    let mut missing = Vec::new();
    for c in text.chars() {
        let Some((tag, name)) = script_of(c) else {
            continue;
        };
        if seen.contains(&tag) {
            continue;
        }
        seen.push(tag);
        if !has_glyph(c) {
            missing.push((tag, name));
        }
        if seen.len() == SCRIPTS.len() {
            break;
        }
    }
    missing
}

/// The notice for the scripts missing in `ctx`'s fonts, if any.
pub fn missing_fonts_notice(ctx: &egui::Context, text: &str) -> Option<String> {
    let font = egui::FontId::proportional(super::article_view::READING_SIZE);
    let missing = ctx.fonts_mut(|fonts| missing_scripts(text, |c| fonts.has_glyph(&font, c)));
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing.iter().map(|(_, name)| *name).collect();
    let hints: Vec<String> = missing
        .iter()
        .map(|(tag, _)| crate::platform::font_install_hint(tag))
        .collect();
    let mut hints_unique: Vec<String> = Vec::new();
    for h in hints {
        if !hints_unique.contains(&h) {
            hints_unique.push(h);
        }
    }
    Some(format!(
        "This article has {} text, which no installed font can draw: it shows as empty boxes. {} Then restart Factmark.",
        names.join(" and "),
        hints_unique.join(" ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_script_once_and_only_those_without_glyphs() {
        let text = "Seoul 서울 and 北京, again 한국 — שלום";
        let missing = missing_scripts(text, |c| c == 'ש');
        assert_eq!(
            missing,
            [("Hang", "Korean"), ("Hani", "Chinese or Japanese")]
        );
        assert!(missing_scripts("plain Latin, Ελληνικά", |_| false).is_empty());
    }
}
