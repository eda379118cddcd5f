//! Fonts per script, and knowing which face egui will draw each character with.
//!
//! egui's bundled fonts have no Arabic, Hebrew or Devanagari. [`ScriptFonts::from_system`]
//! asks the operating system (through fontique, which eframe's own system-font fallback also
//! uses) for one font per script, and [`ScriptFonts::add_to`] registers each of them:
//!
//! - as a fallback at the end of `Proportional` and `Monospace`, so plain egui text (labels,
//!   `TextEdit`) draws these scripts with the same face the bidi layout uses;
//! - for right-to-left scripts, as the face of a family of its own,
//!   `factmark:Arab:proportional` etc. Spaces, digits and punctuation inside an Arabic phrase
//!   are laid out in that family when its face has them, so the phrase is shaped as one run.
//!
//! [`FaceResolver`] answers "which face of this family draws this character", walking the
//! family's chain the way egui does (configured faces in order, then the faces egui discovered
//! through its font providers), so the layout's runs split exactly where egui's faces change.

use std::collections::HashMap;
use std::sync::Arc;

use egui::epaint::text::FontsView;
use egui::{
    FontData, FontDefinitions, FontFamily, FontId, FontInsert, FontPriority, InsertFontFamily,
};
use skrifa::MetadataProvider as _;

/// Four-letter ISO 15924 script tags of the right-to-left scripts that get a family of their
/// own (see the module docs).
pub const RTL_SCRIPTS: [&str; 5] = ["Arab", "Hebr", "Syrc", "Thaa", "Nkoo"];

/// Scripts looked up by [`ScriptFonts::from_system`]: tag, characters the font must have
/// (for Arabic also the Persian and Urdu letters and digits), and the families preferred
/// for it on Linux, Windows and macOS before the system's own fallback choice.
const SCRIPTS: &[(&str, &str, &[&str])] = &[
    (
        "Arab",
        "عربپچژکگیۀے۱۲٣",
        &[
            "Noto Sans Arabic",
            "Noto Naskh Arabic",
            "Segoe UI",
            "Geeza Pro",
            "Arial",
            "Tahoma",
        ],
    ),
    (
        "Hebr",
        "אבגשת",
        &["Noto Sans Hebrew", "Segoe UI", "Arial Hebrew", "Arial"],
    ),
    ("Syrc", "ܐܒ", &["Noto Sans Syriac", "Estrangelo Edessa"]),
    ("Thaa", "ހށ", &["Noto Sans Thaana", "MV Boli"]),
    ("Nkoo", "ߊߋ", &["Noto Sans NKo", "Ebrima"]),
    (
        "Deva",
        "कखग",
        &["Noto Sans Devanagari", "Nirmala UI", "Kohinoor Devanagari"],
    ),
    ("Beng", "কখ", &["Noto Sans Bengali", "Nirmala UI"]),
    ("Taml", "கத", &["Noto Sans Tamil", "Nirmala UI"]),
    (
        "Thai",
        "กข",
        &["Noto Sans Thai", "Leelawadee UI", "Thonburi"],
    ),
    ("Geor", "აბ", &["Noto Sans Georgian"]),
    ("Armn", "աբ", &["Noto Sans Armenian"]),
    ("Ethi", "ሀለ", &["Noto Sans Ethiopic", "Ebrima"]),
    (
        "Hani",
        "中文报道",
        &[
            "Noto Sans CJK SC",
            "Microsoft YaHei",
            "PingFang SC",
            "Noto Sans CJK JP",
        ],
    ),
    (
        "Hang",
        "한국어",
        &["Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo"],
    ),
];

/// A system font chosen for one script.
#[derive(Clone)]
pub struct ScriptFont {
    /// ISO 15924 tag, e.g. `"Arab"`.
    pub script: &'static str,
    /// The font's family name, e.g. `"Noto Sans Arabic"`.
    pub family_name: String,
    pub data: FontData,
}

impl std::fmt::Debug for ScriptFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScriptFont")
            .field("script", &self.script)
            .field("family_name", &self.family_name)
            .finish()
    }
}

/// The fonts found for each script; see the module docs.
#[derive(Clone, Debug, Default)]
pub struct ScriptFonts {
    pub fonts: Vec<ScriptFont>,
}

impl ScriptFonts {
    /// Find a font for each script among the installed system fonts. Takes tens of
    /// milliseconds (fontconfig's cache on Linux); scripts with no font are left out.
    pub fn from_system() -> Self {
        use fontique::{
            Collection, CollectionOptions, FallbackKey, GenericFamily, QueryFamily, QueryStatus,
            SourceCache, SourceCacheOptions,
        };
        let mut collection = Collection::new(CollectionOptions {
            shared: false,
            system_fonts: true,
        });
        let mut source_cache = SourceCache::new(SourceCacheOptions::default());
        let mut fonts = Vec::new();
        for &(script, samples, preferred) in SCRIPTS {
            let mut found: Option<ScriptFont> = None;
            for &name in preferred {
                let Some(family) = collection.family_by_name(name) else {
                    continue;
                };
                let Some(font) = family.match_font(
                    fontique::FontWidth::NORMAL,
                    fontique::FontStyle::Normal,
                    fontique::FontWeight::NORMAL,
                    false,
                ) else {
                    continue;
                };
                let Some(blob) = font.load(Some(&mut source_cache)) else {
                    continue;
                };
                let data = FontData::from_blob(blob.into_raw_parts().0, font.index());
                if covers(&data, samples) {
                    found = Some(ScriptFont {
                        script,
                        family_name: family.name().to_owned(),
                        data,
                    });
                    break;
                }
            }
            if found.is_none() {
                // The system's own fallback for the script, as egui's provider would pick.
                let tag = fontique::Script::from_bytes(
                    script.as_bytes().try_into().expect("four-letter tag"),
                );
                let mut candidates = Vec::new();
                {
                    let mut query = collection.query(&mut source_cache);
                    query.set_families([QueryFamily::Generic(GenericFamily::SansSerif)]);
                    query.set_fallbacks(FallbackKey::new(tag, None));
                    query.matches_with(|font| {
                        let data =
                            FontData::from_blob(font.blob.clone().into_raw_parts().0, font.index);
                        if covers(&data, samples) {
                            candidates.push((font.family.0, data));
                            QueryStatus::Stop
                        } else {
                            QueryStatus::Continue
                        }
                    });
                }
                if let Some((family_id, data)) = candidates.pop() {
                    let family_name = collection
                        .family_name(family_id)
                        .unwrap_or("unknown")
                        .to_owned();
                    found = Some(ScriptFont {
                        script,
                        family_name,
                        data,
                    });
                }
            }
            fonts.extend(found);
        }
        Self { fonts }
    }

    /// The font found for `script` (ISO 15924 tag), if any.
    pub fn get(&self, script: &str) -> Option<&ScriptFont> {
        self.fonts.iter().find(|f| f.script == script)
    }

    /// What [`install_script_fonts`] adds, as `FontInsert`s for `Context::add_font`: each
    /// font as the last fallback of `Proportional` and `Monospace`, and right-to-left
    /// scripts' fonts also as the only face of their own family.
    pub fn font_inserts(&self) -> Vec<FontInsert> {
        self.fonts
            .iter()
            .map(|font| {
                let mut families = vec![
                    InsertFontFamily {
                        family: FontFamily::Proportional,
                        priority: FontPriority::Lowest,
                    },
                    InsertFontFamily {
                        family: FontFamily::Monospace,
                        priority: FontPriority::Lowest,
                    },
                ];
                if RTL_SCRIPTS.contains(&font.script) {
                    for base in [FontFamily::Proportional, FontFamily::Monospace] {
                        families.extend(script_family_name(&base, font.script).map(|family| {
                            InsertFontFamily {
                                family,
                                priority: FontPriority::Highest,
                            }
                        }));
                    }
                }
                FontInsert::new(&face_name(font), font.data.clone(), families)
            })
            .collect()
    }

    /// Register the fonts in `definitions` the same way (for an app that builds its own
    /// definitions for `set_fonts`). Idempotent.
    pub fn add_to(&self, definitions: &mut FontDefinitions) {
        for insert in self.font_inserts() {
            for family in &insert.families {
                let chain = definitions
                    .families
                    .entry(family.family.clone())
                    .or_default();
                if !chain.contains(&insert.name) {
                    match family.priority {
                        FontPriority::Highest => chain.insert(0, insert.name.clone()),
                        FontPriority::Lowest => chain.push(insert.name.clone()),
                    }
                }
            }
            definitions
                .font_data
                .insert(insert.name.clone(), Arc::new(insert.data));
        }
    }
}

fn face_name(font: &ScriptFont) -> String {
    format!("factmark:{}:{}", font.script, font.family_name)
}

/// The family registered for a right-to-left `script` over `base`, whether or not it is
/// installed. Only `Proportional` and `Monospace` have script families.
pub fn script_family_name(base: &FontFamily, script: &str) -> Option<FontFamily> {
    let base = match base {
        FontFamily::Proportional => "proportional",
        FontFamily::Monospace => "monospace",
        FontFamily::Name(_) => return None,
    };
    Some(FontFamily::Name(format!("factmark:{script}:{base}").into()))
}

/// Whether the font has a glyph for every character of `samples`.
fn covers(data: &FontData, samples: &str) -> bool {
    let Ok(font) = skrifa::FontRef::from_index(data.bytes(), data.index) else {
        return false;
    };
    let charmap = font.charmap();
    samples
        .chars()
        .all(|c| charmap.map(c).is_some_and(|g| g != skrifa::GlyphId::NOTDEF))
}

/// Find the system's script fonts and add them to the context's fonts (they become active at
/// the start of the next pass). Call once at start-up; works before the first frame (e.g. in
/// eframe's creation context or kittest's `with_context_setup`). A later `ctx.set_fonts`
/// drops them: an app with its own definitions calls [`ScriptFonts::add_to`] on them instead.
/// Returns the fonts found.
pub fn install_script_fonts(ctx: &egui::Context) -> ScriptFonts {
    let fonts = ScriptFonts::from_system();
    for insert in fonts.font_inserts() {
        ctx.add_font(insert);
    }
    fonts
}

// ----------------------------------------------------------------------------

/// Index of a face in [`FaceResolver::faces`].
pub type FaceIdx = u16;

/// One font face as egui knows it, with what the layout needs to shape with it.
pub struct Face {
    pub name: String,
    pub data: FontData,
    /// harfrust's per-font tables, built on first use.
    pub shaper_data: Option<harfrust::ShaperData>,
    /// Shape plans by (direction is RTL, script).
    pub plans: Vec<(bool, harfrust::Script, harfrust::ShapePlan)>,
    units_per_em: f32,
}

impl Face {
    fn new(name: String, data: FontData) -> Option<Self> {
        let font = skrifa::FontRef::from_index(data.bytes(), data.index).ok()?;
        let units_per_em = font
            .metrics(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            )
            .units_per_em as f32;
        if units_per_em <= 0.0 {
            return None;
        }
        Some(Self {
            name,
            data,
            shaper_data: None,
            plans: Vec::new(),
            units_per_em,
        })
    }

    /// Points per font unit at `font_size`, as egui scales this face (`FontTweak::scale`).
    pub fn points_per_unit(&self, font_size: f32) -> f32 {
        font_size * self.data.tweak.scale / self.units_per_em
    }

    fn has_glyph(&self, c: char) -> bool {
        let Ok(font) = skrifa::FontRef::from_index(self.data.bytes(), self.data.index) else {
            return false;
        };
        font.charmap()
            .map(c)
            .is_some_and(|g| g != skrifa::GlyphId::NOTDEF)
    }
}

struct Chain {
    family: FontFamily,
    configured: Vec<FaceIdx>,
    discovered: Vec<FaceIdx>,
    cache: HashMap<char, Option<FaceIdx>>,
}

/// Which face of a family draws a character, mirroring egui's fallback chain; see the
/// module docs. Rebuilt when the context's font definitions change.
pub struct FaceResolver {
    pub faces: Vec<Face>,
    by_name: HashMap<String, FaceIdx>,
    chains: Vec<Chain>,
    /// egui's discovered fonts seen so far: the face and the families it was added to.
    discovered: Vec<(FaceIdx, Vec<FontFamily>)>,
    discovered_seen: usize,
    fingerprint: u64,
    /// harfrust's buffer, kept between runs to save allocations.
    pub shape_buffer: Option<harfrust::UnicodeBuffer>,
}

/// A cheap fingerprint of the configured fonts: the layout's caches are dropped when it
/// changes (fonts are only ever added or replaced as a whole by `set_fonts`).
pub fn fonts_fingerprint(definitions: &FontDefinitions) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for (family, faces) in &definitions.families {
        family.hash(&mut hasher);
        faces.hash(&mut hasher);
    }
    hasher.finish()
}

impl FaceResolver {
    pub fn new(fingerprint: u64) -> Self {
        Self {
            faces: Vec::new(),
            by_name: HashMap::new(),
            chains: Vec::new(),
            discovered: Vec::new(),
            discovered_seen: 0,
            fingerprint,
            shape_buffer: None,
        }
    }

    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    fn face_index(&mut self, name: &str, data: &FontData) -> Option<FaceIdx> {
        if let Some(&idx) = self.by_name.get(name) {
            return Some(idx);
        }
        let face = Face::new(name.to_owned(), data.clone())?;
        let idx = FaceIdx::try_from(self.faces.len()).ok()?;
        self.faces.push(face);
        self.by_name.insert(name.to_owned(), idx);
        Some(idx)
    }

    /// Index of `family`'s chain, built from the configured fonts on first use.
    pub fn chain(&mut self, fonts: &FontsView<'_>, family: &FontFamily) -> usize {
        if let Some(i) = self.chains.iter().position(|c| c.family == *family) {
            return i;
        }
        let definitions = fonts.definitions();
        let names: Vec<(String, FontData)> = definitions
            .families
            .get(family)
            .into_iter()
            .flatten()
            .filter_map(|name| {
                let data = definitions.font_data.get(name)?;
                Some((name.clone(), (**data).clone()))
            })
            .collect();
        let configured: Vec<FaceIdx> = names
            .iter()
            .filter_map(|(name, data)| self.face_index(name, data))
            .collect();
        let mut discovered = Vec::new();
        for (face, families) in &self.discovered {
            if families.contains(family) && !configured.contains(face) && !discovered.contains(face)
            {
                discovered.push(*face);
            }
        }
        self.chains.push(Chain {
            family: family.clone(),
            configured,
            discovered,
            cache: HashMap::new(),
        });
        self.chains.len() - 1
    }

    /// Whether `family` is configured (has fonts) in the context.
    pub fn family_exists(fonts: &FontsView<'_>, family: &FontFamily) -> bool {
        fonts
            .definitions()
            .families
            .get(family)
            .is_some_and(|faces| !faces.is_empty())
    }

    pub fn family(&self, chain: usize) -> &FontFamily {
        &self.chains[chain].family
    }

    /// The face of chain `chain` that egui draws `c` (the first character of a grapheme)
    /// with; `None` when no face has it (egui then draws its "tofu" box).
    pub fn resolve(
        &mut self,
        fonts: &mut FontsView<'_>,
        chain: usize,
        c: char,
        font_size: f32,
    ) -> Option<FaceIdx> {
        if let Some(&face) = self.chains[chain].cache.get(&c) {
            return face;
        }
        // egui draws tabs and thin spaces with the space glyph, and invisible format
        // characters with the chain's first face.
        let lookup = if matches!(c, '\t' | '\u{2009}' | '\u{202F}') {
            ' '
        } else {
            c
        };
        let mut found = if is_invisible(c) {
            self.chains[chain].configured.first().copied()
        } else {
            self.chains[chain]
                .configured
                .iter()
                .copied()
                .find(|&f| self.faces[f as usize].has_glyph(lookup))
        };
        if found.is_none() && !is_invisible(c) {
            // Let egui ask its font providers (system fallback) now, then look where it put
            // what it found: at the end of this family's chain.
            let family = self.chains[chain].family.clone();
            fonts.has_glyph(&FontId::new(font_size, family), lookup);
            self.sync_discovered(fonts);
            found = self.chains[chain]
                .discovered
                .iter()
                .copied()
                .find(|&f| self.faces[f as usize].has_glyph(lookup));
        }
        self.chains[chain].cache.insert(c, found);
        found
    }

    fn sync_discovered(&mut self, fonts: &FontsView<'_>) {
        let discovered = fonts.discovered_fonts();
        if discovered.len() == self.discovered_seen {
            return;
        }
        let new: Vec<_> = discovered[self.discovered_seen..].to_vec();
        self.discovered_seen = discovered.len();
        for insert in new {
            let Some(face) = self.face_index(&insert.name, &insert.data) else {
                continue;
            };
            let families: Vec<FontFamily> =
                insert.families.iter().map(|f| f.family.clone()).collect();
            for chain in &mut self.chains {
                if families.contains(&chain.family)
                    && !chain.configured.contains(&face)
                    && !chain.discovered.contains(&face)
                {
                    chain.discovered.push(face);
                    // Characters that had no face may have one now.
                    chain.cache.retain(|_, f| f.is_some());
                }
            }
            self.discovered.push((face, families));
        }
    }

    /// Whether one of the chain's configured faces has `c`.
    pub fn configured_has(&self, chain: usize, c: char) -> bool {
        is_invisible(c)
            || self.chains[chain]
                .configured
                .iter()
                .any(|&f| self.faces[f as usize].has_glyph(c))
    }

    /// The face egui falls back to for characters nothing has (its `.notdef` box).
    pub fn primary(&self, chain: usize) -> Option<FaceIdx> {
        self.chains[chain].configured.first().copied()
    }
}

/// Characters egui always draws as zero-width (from `epaint`'s list; bidi controls included).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\r' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}' | '\u{FEFF}'
    )
}
