//! The bidirectional paragraph layout: visual order, alignment, range rectangles and
//! hit-testing on Arabic, Hebrew, Persian, Urdu and mixed paragraphs, and the plain path's
//! agreement with egui's own galley. Needs the system fonts of `fonts-noto-core`.
#![cfg(feature = "app")]

use std::ops::Range;

use egui::{Color32, FontId, Pos2, Rect, pos2};
use factmark::text_layout::{
    BaseDirection, ParagraphLayout, ParagraphSpec, TextLayoutCache, install_script_fonts,
    layout_single_line,
};

/// A context with the script fonts installed, and `f` run inside a pass of it.
fn with_fonts<R>(f: impl FnOnce(&egui::Context, &mut TextLayoutCache) -> R) -> R {
    let ctx = egui::Context::default();
    ctx.run_ui(Default::default(), |_| {})
        .textures_delta
        .clear();
    let found = install_script_fonts(&ctx);
    for script in ["Arab", "Hebr"] {
        assert!(
            found.get(script).is_some(),
            "no system font for {script}: install fonts-noto-core (see .ci/run)"
        );
    }
    let mut result = None;
    let mut f = Some(f);
    let mut cache = TextLayoutCache::new();
    ctx.run_ui(Default::default(), |ui| {
        if let Some(f) = f.take() {
            result = Some(f(ui.ctx(), &mut cache));
        }
    })
    .textures_delta
    .clear();
    result.expect("the pass ran")
}

fn spec(text: &str, wrap_width: f32, base: BaseDirection) -> ParagraphSpec<'_> {
    ParagraphSpec {
        text,
        font_id: FontId::proportional(18.0),
        color: Color32::BLACK,
        wrap_width,
        base,
        line_height: None,
    }
}

/// Code-point range of `needle` in `text` (first occurrence).
fn find(text: &str, needle: &str) -> Range<usize> {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

/// The one rectangle covering `needle`.
fn rect_of(layout: &ParagraphLayout, text: &str, needle: &str) -> Rect {
    let rects = layout.range_rects(find(text, needle));
    assert_eq!(
        rects.len(),
        1,
        "{needle:?} should be one rectangle: {rects:?}"
    );
    rects[0]
}

/// Grapheme boundaries of `text`, as code-point offsets.
fn boundaries(text: &str) -> Vec<usize> {
    use unicode_segmentation::UnicodeSegmentation as _;
    let mut out = vec![0];
    let mut offset = 0;
    for g in text.graphemes(true) {
        offset += g.chars().count();
        out.push(offset);
    }
    out
}

/// Every hit-test and every range rectangle respects graphemes, and hitting just inside
/// either end of each grapheme gives the boundary on that side in reading order.
fn check_hits_and_graphemes(layout: &ParagraphLayout, text: &str) {
    let bounds = boundaries(text);
    // Sweep the whole box (and beyond it): every answer is a grapheme boundary.
    let size = layout.size();
    let mut y = -10.0;
    while y < size.y + 10.0 {
        let mut x = -20.0;
        while x < size.x + 20.0 {
            let hit = layout.hit_test(pos2(x, y));
            assert!(
                bounds.contains(&hit),
                "hit {hit} at ({x}, {y}) splits a grapheme"
            );
            x += 1.5;
        }
        y += 4.0;
    }
    for w in bounds.windows(2) {
        let (start, end) = (w[0], w[1]);
        // A range inside a grapheme covers the whole grapheme.
        let whole = layout.range_rects(start..end);
        for inner in start..end {
            assert_eq!(
                layout.range_rects(inner..inner + 1),
                whole,
                "{start}..{end}"
            );
        }
        let Some(r) = whole.first() else { continue };
        if r.width() < 2.0 {
            continue; // zero-width controls and joiners
        }
        let y = r.center().y;
        let left = layout.hit_test(pos2(r.left() + 0.5, y));
        let right = layout.hit_test(pos2(r.right() - 0.5, y));
        let rtl_grapheme = left == end;
        if rtl_grapheme {
            assert_eq!((left, right), (end, start), "grapheme {start}..{end}");
        } else {
            assert_eq!((left, right), (start, end), "grapheme {start}..{end}");
        }
        // The caret before the grapheme is on its reading-start side.
        let caret = layout.cursor_rect(start);
        let expected = if rtl_grapheme { r.right() } else { r.left() };
        assert!((caret.left() - expected).abs() < 0.01, "caret at {start}");
    }
}

const MIXED: &str = "برنامج UNICEF في 2026";

#[test]
fn mixed_arabic_paragraph_reads_right_to_left_with_latin_and_numbers_left_to_right() {
    with_fonts(|ctx, cache| {
        let layout = cache.layout(ctx, &spec(MIXED, 600.0, BaseDirection::Auto));
        assert!(layout.is_bidi() && layout.is_rtl());
        assert_eq!(layout.lines().len(), 1);
        let barnamaj = rect_of(&layout, MIXED, "برنامج");
        let unicef = rect_of(&layout, MIXED, "UNICEF");
        let fi = rect_of(&layout, MIXED, "في");
        let year = rect_of(&layout, MIXED, "2026");
        // Read from the right: برنامج, then UNICEF, then في, then 2026.
        assert!(barnamaj.left() >= unicef.right() - 0.01);
        assert!(unicef.left() >= fi.right() - 0.01);
        assert!(fi.left() >= year.right() - 0.01);
        // Right-aligned in the 600-point column.
        assert!((barnamaj.right() - 600.0).abs() < 0.01, "{barnamaj:?}");
        assert!((layout.size().x - 600.0).abs() < 0.01);
        // Latin letters and digits keep their own order inside.
        let u = rect_of(&layout, MIXED, "U");
        let f = rect_of(&layout, MIXED, "F");
        assert!(u.right() <= f.left());
        let two = layout.range_rects(find(MIXED, "2026").start..find(MIXED, "2026").start + 1);
        let six = layout.range_rects(find(MIXED, "6").clone());
        assert!(two[0].right() <= six[0].left() + 0.01);
        // Arabic letters run right to left: the first letter is rightmost.
        let ba = layout.range_rects(0..1);
        let jim = layout.range_rects(5..6);
        assert!(ba[0].left() >= jim[0].right() - 0.01);
        // Both ends of every run map back to the right offsets.
        let y = unicef.center().y;
        assert_eq!(layout.hit_test(pos2(unicef.left() + 0.5, y)), 7);
        assert_eq!(layout.hit_test(pos2(unicef.right() - 0.5, y)), 13);
        assert_eq!(layout.hit_test(pos2(barnamaj.right() - 0.5, y)), 0);
        assert_eq!(layout.hit_test(pos2(barnamaj.left() + 0.5, y)), 6);
        assert_eq!(layout.hit_test(pos2(year.left() + 0.5, y)), 17);
        assert_eq!(layout.hit_test(pos2(year.right() - 0.5, y)), 21);
        // Left of everything is the end of the paragraph, right of everything its start.
        assert_eq!(layout.hit_test(pos2(year.left() - 30.0, y)), 21);
        assert_eq!(layout.hit_test(pos2(650.0, y)), 0);
        check_hits_and_graphemes(&layout, MIXED);
    });
}

#[test]
fn a_logical_range_across_a_direction_change_is_several_rectangles() {
    let text = "The word مرحبا بكم means welcome";
    with_fonts(|ctx, cache| {
        let layout = cache.layout(ctx, &spec(text, 800.0, BaseDirection::Auto));
        assert!(layout.is_bidi() && !layout.is_rtl());
        let phrase = rect_of(&layout, text, "مرحبا بكم");
        let word = rect_of(&layout, text, "word ");
        assert!(
            (word.right() - phrase.left()).abs() < 0.01,
            "the phrase follows 'word '"
        );
        // "word مرح": "word " on the left, and the first three Arabic letters at the
        // right end of the Arabic phrase, which is read from the right.
        let start = find(text, "word").start;
        let rects = layout.range_rects(start..start + 8);
        assert_eq!(rects.len(), 2, "{rects:?}");
        assert!((rects[0].left() - word.left()).abs() < 0.01);
        assert!((rects[0].right() - word.right()).abs() < 0.01);
        assert!((rects[1].right() - phrase.right()).abs() < 0.01);
        assert!(rects[1].left() > phrase.left() + 10.0);
        // All the rectangles of a line have the line's height.
        assert_eq!(rects[0].height(), rects[1].height());
        check_hits_and_graphemes(&layout, text);
    });
}

#[test]
fn hebrew_paragraph_is_right_aligned_first_word_rightmost() {
    let text = "שלום עולם, זה מבחן של 3 מילים (בערך).";
    with_fonts(|ctx, cache| {
        let layout = cache.layout(ctx, &spec(text, 500.0, BaseDirection::Auto));
        assert!(layout.is_rtl());
        let first = rect_of(&layout, text, "שלום");
        let second = rect_of(&layout, text, "עולם");
        assert!((first.right() - 500.0).abs() < 0.01);
        assert!(second.right() <= first.left() + 0.01);
        // The final full stop ends the sentence on its left.
        let stop = layout.range_rects(text.chars().count() - 1..text.chars().count());
        let lines = layout.lines();
        assert!((stop[0].left() - lines[0].rect.left()).abs() < 0.01);
        // The logical "(" stands right of its word, where an RTL reader starts the aside.
        let open = rect_of(&layout, text, "(");
        let word = rect_of(&layout, text, "בערך");
        assert!(open.left() >= word.right() - 0.01);
        check_hits_and_graphemes(&layout, text);
    });
}

#[test]
fn persian_with_zwnj_and_extended_arabic_indic_digits() {
    // "I want to read the report of 1403" — می‌خواهم has a ZERO WIDTH NON-JOINER.
    let text = "می‌خواهم گزارش سال ۱۴۰۳ را بخوانم.";
    with_fonts(|ctx, cache| {
        let layout = cache.layout(ctx, &spec(text, 600.0, BaseDirection::Auto));
        assert!(layout.is_rtl());
        // The ZWNJ word is one piece of text, rightmost.
        let word = rect_of(&layout, text, "می‌خواهم");
        assert!((word.right() - 600.0).abs() < 0.01);
        // The digits read left to right, the number right of the words after it.
        let year = find(text, "۱۴۰۳");
        let digit = |i: usize| layout.range_rects(year.start + i..year.start + i + 1)[0];
        for i in 0..3 {
            assert!(digit(i).right() <= digit(i + 1).left() + 0.01, "digit {i}");
        }
        let ra = rect_of(&layout, text, "را");
        assert!(ra.right() <= digit(0).left() + 0.01);
        check_hits_and_graphemes(&layout, text);
    });
}

#[test]
fn urdu_and_arabic_indic_digits() {
    let text = "پاکستان کی آبادی ٢٤ کروڑ ہے";
    with_fonts(|ctx, cache| {
        let layout = cache.layout(ctx, &spec(text, 600.0, BaseDirection::Auto));
        assert!(layout.is_rtl());
        let number = find(text, "٢٤");
        let two = layout.range_rects(number.start..number.start + 1)[0];
        let four = layout.range_rects(number.start + 1..number.end)[0];
        assert!(
            two.right() <= four.left() + 0.01,
            "Arabic-Indic digits read left to right"
        );
        let pakistan = rect_of(&layout, text, "پاکستان");
        assert!((pakistan.right() - 600.0).abs() < 0.01);
        check_hits_and_graphemes(&layout, text);
    });
}

#[test]
fn vowel_marks_and_emoji_are_never_split() {
    let text = "مُحَمَّد 👩‍👩‍👧 قال: «نعم» 🇵🇸!";
    with_fonts(|ctx, cache| {
        let layout = cache.layout(ctx, &spec(text, 400.0, BaseDirection::Auto));
        check_hits_and_graphemes(&layout, text);
        // Marks are inside their letter's grapheme: a range on a mark covers the letter.
        assert_eq!(layout.range_rects(1..2), layout.range_rects(0..2));
    });
}

#[test]
fn wrapped_arabic_lines_are_right_aligned_and_in_reading_order() {
    let text = "أعلنت منظمة الأمم المتحدة للطفولة (يونيسف) يوم الثلاثاء أن أكثر من 2.5 مليون \
                طفل في المنطقة بحاجة إلى مساعدات إنسانية عاجلة، وأن برنامج UNICEF في 2026 \
                سيركز على التعليم والصحة والمياه النظيفة في المناطق الأكثر تضررا.";
    with_fonts(|ctx, cache| {
        let width = 300.0;
        let layout = cache.layout(ctx, &spec(text, width, BaseDirection::Auto));
        let lines = layout.lines();
        assert!(lines.len() >= 4, "{} lines", lines.len());
        let mut expected_start = 0;
        for (i, line) in lines.iter().enumerate() {
            assert_eq!(line.chars.start, expected_start, "lines follow each other");
            expected_start = line.chars.end;
            // The visible text of each line ends at the right edge and fits.
            let content: String = text
                .chars()
                .skip(line.chars.start)
                .take(line.chars.len())
                .collect();
            let visible = content.trim_end().chars().count();
            let rects = layout.range_rects(line.chars.start..line.chars.start + visible);
            let right = rects.iter().map(|r| r.right()).fold(f32::MIN, f32::max);
            let left = rects.iter().map(|r| r.left()).fold(f32::MAX, f32::min);
            assert!((right - width).abs() < 0.5, "line {i} ends at {right}");
            assert!(left >= -0.5, "line {i} overflows: {left}");
            // Lines break after spaces (UAX #14), never inside a word.
            if i + 1 < lines.len() {
                assert!(content.ends_with(' '), "line {i}: {content:?}");
            }
        }
        assert_eq!(expected_start, text.chars().count());
        check_hits_and_graphemes(&layout, text);
    });
}

#[test]
fn base_direction_follows_the_first_strong_character_and_the_controls() {
    with_fonts(|ctx, cache| {
        let mut rtl = |text: &str, base| cache.layout(ctx, &spec(text, 500.0, base)).is_rtl();
        assert!(rtl("مرحبا is Arabic", BaseDirection::Auto));
        assert!(!rtl("Arabic: مرحبا", BaseDirection::Auto));
        // P2 skips isolates: the first strong character outside is Latin.
        assert!(!rtl("\u{2067}مرحبا\u{2069} is Arabic", BaseDirection::Auto));
        // RIGHT-TO-LEFT MARK is a strong right-to-left character.
        assert!(rtl("\u{200F}BBC: خبر", BaseDirection::Auto));
        // The article's language overrides P2–P3 (a paragraph opening with a Latin name).
        assert!(rtl(
            "BBC: خبر عاجل",
            BaseDirection::for_language(Some("ar"))
        ));
        assert!(rtl("BBC says", BaseDirection::RightToLeft));
        // An override reverses Latin letters: "abc" in RLO displays as "cba".
        let text = "x \u{202E}abc\u{202C} y";
        let layout = cache.layout(ctx, &spec(text, 500.0, BaseDirection::Auto));
        let a = layout.range_rects(3..4)[0];
        let c = layout.range_rects(5..6)[0];
        assert!(c.right() <= a.left() + 0.01, "RLO: c left of a");
        check_hits_and_graphemes(&layout, text);
    });
}

#[test]
fn neutrals_in_a_right_to_left_paragraph_are_mirrored_into_place() {
    let text = "قالت (UNICEF) اليوم: [تقرير] جديد!";
    with_fonts(|ctx, cache| {
        let layout = cache.layout(ctx, &spec(text, 600.0, BaseDirection::Auto));
        let open = rect_of(&layout, text, "(");
        let close = rect_of(&layout, text, ")");
        let unicef = rect_of(&layout, text, "UNICEF");
        assert!(
            open.left() >= unicef.right() - 0.01,
            "'(' starts the aside, on the right"
        );
        assert!(close.right() <= unicef.left() + 0.01);
        let bang = rect_of(&layout, text, "!");
        assert!(
            bang.left() <= layout.lines()[0].rect.left() + 0.01,
            "'!' ends on the left"
        );
        check_hits_and_graphemes(&layout, text);
    });
}

#[test]
fn english_takes_the_plain_path_and_matches_the_galley_exactly() {
    let text = "Fact-checkers at the agency said on Tuesday that the claim — repeated \
                by officials 3 times — was “mostly false”; café owners disagreed. 👩‍👩‍👧";
    with_fonts(|ctx, cache| {
        let width = 260.0;
        let layout = cache.layout(ctx, &spec(text, width, BaseDirection::Auto));
        assert!(!layout.is_bidi());
        let galley = ctx.fonts_mut(|f| {
            f.layout_job(egui::text::LayoutJob::simple(
                text.to_owned(),
                FontId::proportional(18.0),
                Color32::PLACEHOLDER,
                width,
            ))
        });
        assert_eq!(layout.size(), galley.size());
        let n = text.chars().count();
        for offset in boundaries(text) {
            let ours = layout.cursor_rect(offset);
            let theirs = galley.pos_from_cursor(egui::text::CCursor {
                index: egui::text::CharIndex(offset),
                prefer_next_row: true,
            });
            if offset < n {
                assert_eq!(ours.left(), theirs.left(), "caret {offset}");
                assert_eq!(ours.top(), theirs.top(), "caret {offset}");
            }
        }
        // Hit-testing agrees with egui's, on grapheme boundaries.
        let bounds = boundaries(text);
        for row in &galley.rows {
            let y = row.rect().center().y;
            let mut x = 0.0;
            while x < row.rect().right() {
                let theirs = galley.cursor_from_pos(egui::vec2(x, y)).index.0;
                if bounds.contains(&theirs) {
                    assert_eq!(layout.hit_test(pos2(x, y)), theirs, "at ({x}, {y})");
                }
                x += 2.0;
            }
        }
        // One rectangle per line for a range across lines.
        let lines = layout.lines();
        assert!(lines.len() >= 3);
        let rects = layout.range_rects(5..lines[2].chars.start + 3);
        assert_eq!(rects.len(), 3);
        check_hits_and_graphemes(&layout, text);
    });
}

#[test]
fn the_bidi_path_places_latin_text_where_egui_does() {
    // The bidi machinery on left-to-right text (forced) must agree with egui's galley:
    // this checks run splitting, our shaping and its scaling against what egui draws.
    // (No "fi"-style ligatures: egui puts a ligature's caret positions at its end, we
    // split it evenly.)
    let text = "Ministers told the press that 2.5 million people were “counted”.";
    with_fonts(|ctx, cache| {
        let pixels_per_point = ctx.pixels_per_point();
        let pass = ctx.cumulative_pass_nr();
        let s = spec(text, f32::INFINITY, BaseDirection::LeftToRight);
        let plain = cache.layout(ctx, &s);
        let bidi = ctx.fonts_mut(|f| cache.layout_bidi_in(f, pixels_per_point, pass, &s));
        assert!(!plain.is_bidi() && bidi.is_bidi());
        for offset in boundaries(text) {
            let a = plain.cursor_rect(offset).left();
            let b = bidi.cursor_rect(offset).left();
            // egui snaps glyphs to whole pixels; we keep the exact advances.
            assert!((a - b).abs() < 1.0, "offset {offset}: plain {a}, bidi {b}");
        }
        assert!((plain.size().x - bidi.size().x).abs() < 1.0);
    });
}

#[test]
fn cache_reuses_layouts_and_drops_idle_ones() {
    with_fonts(|ctx, cache| {
        let pixels_per_point = ctx.pixels_per_point();
        let s = spec(MIXED, 400.0, BaseDirection::Auto);
        ctx.fonts_mut(|f| {
            cache.layout_in(f, pixels_per_point, 10, &s);
            assert_eq!(cache.entry_counts(), (1, 1));
            // A re-wrap reuses the analysis.
            cache.layout_in(
                f,
                pixels_per_point,
                11,
                &spec(MIXED, 300.0, BaseDirection::Auto),
            );
            assert_eq!(cache.entry_counts(), (1, 2));
            cache.layout_in(f, pixels_per_point, 12, &s);
            assert_eq!(cache.entry_counts(), (1, 2));
            assert!(cache.approx_bytes() > 0);
            // Plain text is egui's business.
            cache.layout_in(
                f,
                pixels_per_point,
                12,
                &spec("Hello", 300.0, BaseDirection::Auto),
            );
            assert_eq!(cache.entry_counts(), (1, 2));
            // Long unused: dropped.
            cache.max_idle_passes = 100;
            cache.layout_in(f, pixels_per_point, 112, &s);
            assert_eq!(
                cache.entry_counts(),
                (1, 1),
                "the 300-wide layout went idle"
            );
            cache.layout_in(
                f,
                pixels_per_point,
                500,
                &spec("שלום", 300.0, BaseDirection::Auto),
            );
            assert_eq!(cache.entry_counts(), (1, 1));
        });
    });
}

#[test]
fn single_lines_are_shortened_at_their_logical_end() {
    let title = "وزارة الصحة: ارتفاع عدد الإصابات إلى 1,200 حالة في العاصمة خلال الأسبوع الماضي";
    with_fonts(|ctx, _| {
        let font = FontId::proportional(16.0);
        let full = layout_single_line(
            ctx,
            title,
            font.clone(),
            Color32::BLACK,
            BaseDirection::Auto,
            10_000.0,
        );
        assert_eq!(full.char_count(), title.chars().count());
        let short =
            layout_single_line(ctx, title, font, Color32::BLACK, BaseDirection::Auto, 150.0);
        assert!(short.size().x <= 150.0, "{}", short.size().x);
        assert!(short.is_rtl());
        assert!(short.char_count() < title.chars().count());
        assert_eq!(short.lines().len(), 1);
        // The beginning of the title is kept, at the right.
        let first = short.range_rects(0..5)[0];
        assert!((first.right() - short.size().x).abs() < 0.5);
    });
}

#[test]
fn empty_paragraphs_have_a_line_and_a_caret() {
    with_fonts(|ctx, cache| {
        for base in [BaseDirection::Auto, BaseDirection::RightToLeft] {
            let layout = cache.layout(ctx, &spec("", 300.0, base));
            assert_eq!(layout.lines().len(), 1);
            assert!(layout.size().y > 0.0);
            assert_eq!(layout.hit_test(Pos2::ZERO), 0);
            assert!(layout.range_rects(0..0).is_empty());
            assert!(layout.cursor_rect(0).height() > 0.0);
        }
    });
}
