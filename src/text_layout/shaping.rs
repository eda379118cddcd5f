//! Per-grapheme advances of a run, by shaping it with harfrust directly (egui's galleys do not
//! say which glyph belongs to which character of a right-to-left run).

use super::fonts::{FaceIdx, FaceResolver};

/// Add the advance (in points) of each grapheme of `text` to `out`.
///
/// `grapheme_starts` are the byte offsets in `text` where its graphemes start (ascending,
/// the first is 0); `out` has one slot per grapheme. `text` is shaped as one run of `face`
/// in the given direction; a cluster of several graphemes (a ligature such as lam-alef) is
/// split evenly between them.
pub fn shape_advances(
    resolver: &mut FaceResolver,
    face: FaceIdx,
    text: &str,
    rtl: bool,
    font_size: f32,
    grapheme_starts: &[u32],
    out: &mut [f32],
) {
    debug_assert_eq!(grapheme_starts.len(), out.len());
    let buffer = &mut resolver.shape_buffer;
    let face = &mut resolver.faces[face as usize];
    let scale = face.points_per_unit(font_size);
    let Ok(font) = skrifa::FontRef::from_index(face.data.bytes(), face.data.index) else {
        return;
    };
    let shaper_data = face
        .shaper_data
        .get_or_insert_with(|| harfrust::ShaperData::new(&font));
    let shaper = shaper_data.shaper(&font).build();

    let mut unicode = buffer.take().unwrap_or_default();
    unicode.push_str(text);
    unicode.set_direction(if rtl {
        harfrust::Direction::RightToLeft
    } else {
        harfrust::Direction::LeftToRight
    });
    unicode.guess_segment_properties();
    let script = unicode.script();
    unicode.set_script(script);

    let plan_index = match face
        .plans
        .iter()
        .position(|(r, s, _)| *r == rtl && *s == script)
    {
        Some(i) => i,
        None => {
            let plan =
                harfrust::ShapePlan::new(&shaper, unicode.direction(), Some(script), None, &[]);
            face.plans.push((rtl, script, plan));
            face.plans.len() - 1
        }
    };
    let plan = &face.plans[plan_index].2;
    let glyphs = shaper.shape(unicode, harfrust::ShapeOptions::new().plan(Some(plan)));

    // Width per cluster (a byte offset into `text`); a cluster's glyphs are adjacent.
    let mut clusters: Vec<(u32, f32)> = Vec::with_capacity(grapheme_starts.len());
    for (info, pos) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
        let advance = pos.x_advance as f32 * scale;
        match clusters.last_mut() {
            Some((cluster, width)) if *cluster == info.cluster => *width += advance,
            _ => clusters.push((info.cluster, advance)),
        }
    }
    clusters.sort_by_key(|&(cluster, _)| cluster);
    // Merge equal clusters that were not adjacent (should not happen with monotone clusters).
    clusters.dedup_by(|next, prev| {
        if next.0 == prev.0 {
            prev.1 += next.1;
            true
        } else {
            false
        }
    });
    for (i, &(start, width)) in clusters.iter().enumerate() {
        let end = clusters
            .get(i + 1)
            .map_or(text.len() as u32, |&(next, _)| next);
        let first = grapheme_starts.partition_point(|&g| g < start);
        let last = grapheme_starts.partition_point(|&g| g < end);
        if first < last {
            let share = width / (last - first) as f32;
            for slot in &mut out[first..last] {
                *slot += share;
            }
        } else if let Some(slot) = first.checked_sub(1).and_then(|g| out.get_mut(g)) {
            // The cluster starts inside a grapheme: it belongs to that grapheme.
            *slot += width;
        }
    }
    *buffer = Some(glyphs.clear());
}
