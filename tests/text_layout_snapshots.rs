//! Snapshot images of mixed-direction paragraphs, rendered on the CPU (wgpu on lavapipe:
//! `mesa-vulkan-drivers`), with highlights painted from `range_rects` behind the text, as the
//! article view does. Look at `tests/snapshots/bidi_*.png` after changing the layout.
#![cfg(feature = "app")]

use std::ops::Range;

use egui::{Color32, FontId, Stroke, StrokeKind, vec2};
use egui_kittest::Harness;
use factmark::text_layout::{
    BaseDirection, ParagraphSpec, TextLayoutCache, install_script_fonts, single_line_label,
};

/// Code-point range of `needle` in `text`.
fn find(text: &str, needle: &str) -> Range<usize> {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

struct Sample {
    text: &'static str,
    base: BaseDirection,
    /// Highlighted substring and the length of it to highlight (in code points).
    highlight: Option<(&'static str, usize)>,
    caret_after: Option<&'static str>,
}

const WIDTH: f32 = 420.0;

fn samples() -> Vec<Sample> {
    vec![
        Sample {
            text: "برنامج UNICEF في 2026",
            base: BaseDirection::Auto,
            highlight: Some(("UNICEF في", 9)),
            caret_after: None,
        },
        Sample {
            text: "أعلنت منظمة الأمم المتحدة للطفولة (يونيسف) يوم الثلاثاء أن أكثر من 2.5 مليون طفل \
                   بحاجة إلى مساعدات عاجلة، وأن برنامج UNICEF في 2026 سيركز على التعليم.",
            base: BaseDirection::Auto,
            highlight: Some(("الثلاثاء أن أكثر من 2.5 مليون طفل", 33)),
            caret_after: Some("سيركز"),
        },
        Sample {
            text: "BBC: قال المتحدث «لا تعليق» على التقرير.",
            base: BaseDirection::for_language(Some("ar")),
            highlight: Some(("«لا تعليق»", 10)),
            caret_after: None,
        },
        Sample {
            text: "שלום עולם, זה מבחן של 3 מילים (בערך).",
            base: BaseDirection::Auto,
            highlight: Some(("מבחן של 3", 9)),
            caret_after: None,
        },
        Sample {
            text: "می‌خواهم گزارش سال ۱۴۰۳ را بخوانم.",
            base: BaseDirection::Auto,
            highlight: Some(("گزارش سال ۱۴۰۳", 14)),
            caret_after: None,
        },
        Sample {
            text: "پاکستان کی آبادی ٢٤ کروڑ ہے",
            base: BaseDirection::Auto,
            highlight: Some(("آبادی", 5)),
            caret_after: None,
        },
        Sample {
            text: "The word مرحبا بكم means welcome (in Arabic).",
            base: BaseDirection::Auto,
            highlight: Some(("word مرحبا", 8)),
            caret_after: None,
        },
    ]
}

fn harness(dark: bool) -> Harness<'static> {
    let mut cache = TextLayoutCache::new();
    let samples = samples();
    Harness::builder()
        .with_size(vec2(WIDTH + 40.0, 560.0))
        .with_theme(if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        })
        .with_context_setup(|ctx| {
            let found = install_script_fonts(ctx);
            assert!(
                found.get("Arab").is_some() && found.get("Hebr").is_some(),
                "install fonts-noto-core (see .ci/run)"
            );
        })
        .wgpu()
        .build_ui(move |ui| {
            let highlight = if ui.visuals().dark_mode {
                Color32::from_rgb(0x5a, 0x4a, 0x10)
            } else {
                Color32::from_rgb(0xff, 0xe0, 0x80)
            };
            let text_color = ui.visuals().text_color();
            for sample in &samples {
                let layout = cache.layout(
                    ui.ctx(),
                    &ParagraphSpec {
                        text: sample.text,
                        font_id: FontId::proportional(18.0),
                        color: text_color,
                        wrap_width: WIDTH,
                        base: sample.base,
                        line_height: None,
                    },
                );
                let (rect, _) =
                    ui.allocate_exact_size(vec2(WIDTH, layout.size().y), egui::Sense::hover());
                let painter = ui.painter();
                painter.rect_stroke(
                    rect,
                    0.0,
                    Stroke::new(1.0, Color32::from_gray(160)),
                    StrokeKind::Outside,
                );
                if let Some((needle, len)) = sample.highlight {
                    let start = find(sample.text, needle).start;
                    for r in layout.range_rects(start..start + len) {
                        painter.rect_filled(r.translate(rect.min.to_vec2()), 2.0, highlight);
                    }
                }
                layout.paint(painter, rect.min);
                if let Some(word) = sample.caret_after {
                    let caret = layout.cursor_rect(find(sample.text, word).end);
                    painter.line_segment(
                        [
                            caret.left_top() + rect.min.to_vec2(),
                            caret.left_bottom() + rect.min.to_vec2(),
                        ],
                        Stroke::new(2.0, Color32::from_rgb(0xd0, 0x20, 0x20)),
                    );
                }
                ui.add_space(8.0);
            }
            ui.horizontal(|ui| {
                ui.label("Excerpt:");
                single_line_label(
                    ui,
                    "وزارة الصحة: ارتفاع عدد الإصابات إلى 1,200 حالة في العاصمة خلال الأسبوع الماضي",
                    FontId::proportional(15.0),
                    text_color,
                    BaseDirection::Auto,
                );
            });
        })
}

#[test]
fn mixed_direction_paragraphs_light() {
    let mut harness = harness(false);
    harness.run();
    harness.snapshot("bidi_paragraphs_light");
}

#[test]
fn mixed_direction_paragraphs_dark() {
    let mut harness = harness(true);
    harness.run();
    harness.snapshot("bidi_paragraphs_dark");
}

/// A drag over an Arabic sentence, from the reading start of one word to the reading end of
/// another, selects exactly the logical range of the words covered — the way the article view
/// uses `hit_test` (anchor at the press origin).
#[test]
fn dragging_over_arabic_words_selects_exactly_those_words() {
    use std::cell::RefCell;
    use std::rc::Rc;

    let text = "قال المتحدث باسم المنظمة إن الوضع لا يحتمل التأجيل";
    #[derive(Default)]
    struct State {
        word_rects: Vec<egui::Rect>,
        selection: Option<Range<usize>>,
    }
    let state = Rc::new(RefCell::new(State::default()));
    let ui_state = state.clone();
    let mut cache = TextLayoutCache::new();
    let mut harness = Harness::builder()
        .with_size(vec2(WIDTH + 40.0, 120.0))
        .with_context_setup(|ctx| {
            install_script_fonts(ctx);
        })
        .build_ui(move |ui| {
            let layout = cache.layout(
                ui.ctx(),
                &ParagraphSpec {
                    text,
                    font_id: FontId::proportional(18.0),
                    color: ui.visuals().text_color(),
                    wrap_width: WIDTH,
                    base: BaseDirection::Auto,
                    line_height: None,
                },
            );
            let (rect, response) =
                ui.allocate_exact_size(vec2(WIDTH, layout.size().y), egui::Sense::drag());
            layout.paint(ui.painter(), rect.min);
            let mut state = ui_state.borrow_mut();
            state.word_rects = ["المتحدث", "المنظمة", "الوضع"]
                .iter()
                .map(|w| layout.range_rects(find(text, w))[0].translate(rect.min.to_vec2()))
                .collect();
            if response.dragged()
                && let (Some(origin), Some(pos)) = (
                    ui.input(|i| i.pointer.press_origin()),
                    ui.input(|i| i.pointer.interact_pos()),
                )
            {
                let a = layout.hit_test(origin - rect.min.to_vec2());
                let b = layout.hit_test(pos - rect.min.to_vec2());
                state.selection = Some(a.min(b)..a.max(b));
            }
        });
    harness.run();
    let (from, to) = {
        let state = state.borrow();
        // Press just inside the right (reading-start) edge of المتحدث, release just inside
        // the left (reading-end) edge of الوضع.
        let start = state.word_rects[0];
        let end = state.word_rects[2];
        (
            egui::pos2(start.right() - 1.0, start.center().y),
            egui::pos2(end.left() + 1.0, end.center().y),
        )
    };
    harness.drag_at(from);
    harness.run();
    harness.hover_at(egui::pos2((from.x + to.x) / 2.0, from.y));
    harness.run();
    harness.hover_at(to);
    harness.run();
    harness.drop_at(to);
    harness.run();
    let selection = state.borrow().selection.clone().expect("a drag happened");
    assert_eq!(
        selection,
        find(text, "المتحدث").start..find(text, "الوضع").end,
        "selected {:?}",
        text.chars()
            .skip(selection.start)
            .take(selection.len())
            .collect::<String>()
    );
}
