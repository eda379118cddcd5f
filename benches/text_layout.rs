//! Speed of the article view's paragraph layout, printed per 1,000 characters:
//! `cargo bench --bench text_layout`.
//!
//! - bidi first layout: a new Arabic paragraph (shaping, levels, line breaking, galleys);
//! - bidi re-wrap: the same paragraph at another width (the analysis is cached);
//! - bidi steady frame: what a frame costs for an unchanged paragraph (cache lookup plus
//!   asking egui for the run galleys, as painting does);
//! - the LTR fast path against egui's plain galley, first layout and steady frame.
//!
//! egui's own galley cache drops galleys not used in the previous pass; the "first" and
//! "re-wrap" figures run an empty pass between iterations so egui lays them out anew too.

use std::hint::black_box;
use std::time::{Duration, Instant};

use egui::{Color32, FontId};
use factmark::text_layout::{BaseDirection, ParagraphSpec, TextLayoutCache, install_script_fonts};

const ARABIC: &str = "أعلنت منظمة الأمم المتحدة للطفولة (يونيسف) يوم الثلاثاء أن أكثر من 2.5 مليون طفل \
في المنطقة بحاجة إلى مساعدات إنسانية عاجلة، وأن برنامج UNICEF في 2026 سيركز على التعليم والصحة \
والمياه النظيفة في المناطق الأكثر تضررا. وقال المتحدث باسم المنظمة إن «الوضع لا يحتمل التأجيل». ";

const ENGLISH: &str = "Fact-checkers at the agency said on Tuesday that the claim, repeated by \
officials at least three times since March, was mostly false; the figures cited came from a 2019 \
survey of 1,200 households and did not support the conclusion drawn from them. ";

/// About 1,000 characters of `unit`, repeated; `salt` makes each text distinct.
fn paragraph(unit: &str, salt: usize) -> String {
    let mut text = format!("{salt} ");
    while text.chars().count() < 1000 {
        text.push_str(unit);
    }
    text.chars().take(1000).collect()
}

fn spec(text: &str, wrap_width: f32) -> ParagraphSpec<'_> {
    ParagraphSpec {
        text,
        font_id: FontId::proportional(16.0),
        color: Color32::BLACK,
        wrap_width,
        base: BaseDirection::Auto,
        line_height: None,
    }
}

struct Bench {
    ctx: egui::Context,
}

impl Bench {
    fn new() -> Self {
        let ctx = egui::Context::default();
        install_script_fonts(&ctx);
        let bench = Self { ctx };
        bench.pass(|_| {});
        bench
    }

    /// Run `f` inside one egui pass.
    fn pass<R>(&self, f: impl FnOnce(&egui::Context) -> R) -> R {
        let mut f = Some(f);
        let mut out = None;
        self.ctx
            .run_ui(Default::default(), |ui| {
                if let Some(f) = f.take() {
                    out = Some(f(ui.ctx()));
                }
            })
            .textures_delta
            .clear();
        out.expect("pass ran")
    }

    /// Median time of `iterations` runs of `f`, each in a pass of its own, with an empty pass
    /// before each when `flush_egui` (so egui's galley cache has forgotten the last one).
    fn time(
        &self,
        iterations: usize,
        flush_egui: bool,
        mut f: impl FnMut(&egui::Context, usize),
    ) -> Duration {
        let mut times = Vec::with_capacity(iterations);
        for i in 0..iterations {
            if flush_egui {
                self.pass(|_| {});
                self.pass(|_| {});
            }
            times.push(self.pass(|ctx| {
                let start = Instant::now();
                f(ctx, i);
                start.elapsed()
            }));
        }
        times.sort();
        times[times.len() / 2]
    }
}

/// What painting asks of egui each frame on the bidi path, without a renderer.
fn paint_cost(ctx: &egui::Context, layout: &factmark::text_layout::ParagraphLayout) {
    let painter = egui::Painter::new(
        ctx.clone(),
        egui::LayerId::background(),
        egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(10_000.0, 10_000.0)),
    );
    layout.paint(&painter, egui::Pos2::ZERO);
}

fn main() {
    let bench = Bench::new();
    let report = |name: &str, d: Duration| {
        println!("{name:<48} {:>9.1} µs / 1,000 chars", d.as_secs_f64() * 1e6);
    };

    // Warm the glyph atlas and the shaper's tables once, as any running app has.
    bench.pass(|ctx| {
        let mut cache = TextLayoutCache::new();
        let text = paragraph(ARABIC, 0);
        cache.layout(ctx, &spec(&text, 600.0));
        let text = paragraph(ENGLISH, 0);
        cache.layout(ctx, &spec(&text, 600.0));
    });

    let mut cache = TextLayoutCache::new();
    let first = bench.time(30, true, |ctx, i| {
        let text = paragraph(ARABIC, i + 1);
        black_box(cache.layout(ctx, &spec(&text, 600.0)));
    });
    report("bidi (Arabic) first layout", first);

    let text = paragraph(ARABIC, 999);
    bench.pass(|ctx| cache.layout(ctx, &spec(&text, 600.0)).size());
    let rewrap = bench.time(30, true, |ctx, i| {
        black_box(cache.layout(ctx, &spec(&text, 400.0 + i as f32 * 7.0)));
    });
    report("bidi (Arabic) re-wrap", rewrap);

    let steady = bench.time(200, false, |ctx, _| {
        let layout = cache.layout(ctx, &spec(&text, 600.0));
        paint_cost(ctx, &layout);
        black_box(layout.range_rects(100..180));
    });
    report("bidi (Arabic) steady frame (layout + paint)", steady);

    let bytes = {
        let mut fresh = TextLayoutCache::new();
        bench.pass(|ctx| fresh.layout(ctx, &spec(&text, 600.0)).size());
        fresh.approx_bytes()
    };
    println!(
        "{:<48} {:>9} bytes / 1,000 chars",
        "bidi cache memory", bytes
    );

    // The LTR fast path against a plain egui galley.
    let english_first = bench.time(30, true, |ctx, i| {
        let text = paragraph(ENGLISH, i + 1);
        black_box(cache.layout(ctx, &spec(&text, 600.0)));
    });
    let plain_first = bench.time(30, true, |ctx, i| {
        let text = paragraph(ENGLISH, i + 1000);
        black_box(ctx.fonts_mut(|f| {
            f.layout_job(egui::text::LayoutJob::simple(
                text,
                FontId::proportional(16.0),
                Color32::PLACEHOLDER,
                600.0,
            ))
        }));
    });
    report("LTR fast path first layout", english_first);
    report("  plain egui galley first layout", plain_first);

    let english = paragraph(ENGLISH, 5000);
    let english_steady = bench.time(200, false, |ctx, _| {
        let layout = cache.layout(ctx, &spec(&english, 600.0));
        paint_cost(ctx, &layout);
    });
    let plain_steady = bench.time(200, false, |ctx, _| {
        let galley = ctx.fonts_mut(|f| {
            f.layout_job(egui::text::LayoutJob::simple(
                english.clone(),
                FontId::proportional(16.0),
                Color32::PLACEHOLDER,
                600.0,
            ))
        });
        let painter = egui::Painter::new(
            ctx.clone(),
            egui::LayerId::background(),
            egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(10_000.0, 10_000.0)),
        );
        painter.galley(egui::Pos2::ZERO, galley, Color32::BLACK);
    });
    report(
        "LTR fast path steady frame (layout + paint)",
        english_steady,
    );
    report("  plain egui galley steady frame", plain_steady);
}
