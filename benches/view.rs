//! `cargo bench --bench view`: how fast the app is on a long article, against egui's own text
//! widgets on the same text. Headless through `egui::Context::run_ui` plus tessellation (no
//! GPU: layout and tessellation are measured, painting is not). Prints one machine-readable
//! line of medians.
//!
//! `cargo test` runs this in a quick mode (smaller article, two iterations) so it never rots;
//! it checks nothing about timings there.

use std::hint::black_box;
use std::time::{Duration, Instant};

use egui::{Pos2, RawInput, Rect, Ui, Vec2, vec2};
use factmark::app::commands::UiCommand;
use factmark::app::prefs::PrefsStore;
use factmark::app::recovery::RecoveryStore;
use factmark::app::text_selection::TextSelection;
use factmark::app::{Action, FactmarkApp, StartupOptions};
use factmark::model::Project;
use factmark::project_file::{parse_project, project_to_json, save_project};

struct Config {
    bytes: usize,
    annotations: usize,
    iterations: usize,
    mode: &'static str,
}

const WINDOW: Vec2 = Vec2::new(1280.0, 820.0);

fn main() {
    // `cargo bench` passes --bench; anything else (cargo test) is the quick mode.
    let full = std::env::args().any(|a| a == "--bench");
    let config = if full {
        Config {
            bytes: 2 * 1024 * 1024,
            annotations: 10_000,
            iterations: 15,
            mode: "full",
        }
    } else {
        Config {
            bytes: 200 * 1024,
            annotations: 1_000,
            iterations: 2,
            mode: "quick",
        }
    };
    let mut figures: Vec<(&str, f64)> = Vec::new();
    let project = factmark::synthetic::project(config.bytes, config.annotations, 42);
    // For profilers: repeat one scenario and print nothing else.
    if let Ok(only) = std::env::var("FACTMARK_BENCH_PROFILE") {
        profile(&project, &only);
        return;
    }
    let bytes = project_to_json(&project);
    println!(
        "# {} mode: article {:.2} MB in {} paragraphs, {} annotations, project file {:.2} MB, {} iterations, window {}x{}",
        config.mode,
        project.article().text.len_bytes() as f64 / 1_048_576.0,
        project.article().text.paragraphs().len(),
        project.annotations().len(),
        bytes.len() as f64 / 1_048_576.0,
        config.iterations,
        WINDOW.x,
        WINDOW.y
    );

    view_figures(&project, &config, &mut figures);
    file_figures(&project, &bytes, &config, &mut figures);
    let sample = parse_project(include_bytes!(
        "../sample_projects/nso-blacklist-appeal.factmark.json"
    ))
    .unwrap();
    let sample_first = median(
        (0..config.iterations)
            .map(|_| Session::new(&sample).first_frame)
            .collect(),
    );
    figures.push(("sample.first_frame_ms", sample_first));
    // Measured before the baselines, which hold whole-article galleys.
    let rss =
        factmark::platform::peak_resident_bytes().map_or(f64::NAN, |b| b as f64 / 1_048_576.0);
    baseline_figures(&project, &bytes, &config, &mut figures);
    figures.push(("process.peak_rss_mb", rss));

    let line: Vec<String> = figures
        .iter()
        .map(|(name, v)| format!("{name}={v:.2}"))
        .collect();
    println!("bench {}", line.join(" "));
}

/// `FACTMARK_BENCH_PROFILE=first|add|steady|index cargo bench --bench view`, e.g. under
/// `perf record`: repeats one scenario (and `add` prints the apply/frame split).
fn profile(project: &Project, scenario: &str) {
    match scenario {
        "first" => {
            for _ in 0..60 {
                black_box(Session::new(project).first_frame);
            }
        }
        "add" | "steady" => {
            let mut s = Session::new(project);
            for _ in 0..3 {
                s.frame(WINDOW);
            }
            let ctx = s.ctx.clone();
            let (mut apply_ms, mut frame_ms) = (Vec::new(), Vec::new());
            for i in 0..300 {
                if scenario == "add" {
                    let top = s.app.open.as_ref().unwrap().view.top_char;
                    s.app.open.as_mut().unwrap().view.selection =
                        Some(TextSelection::new(top + 5 + i..top + 40 + i));
                    let start = Instant::now();
                    s.app.apply(&ctx, Action::Command(UiCommand::TagClaim));
                    apply_ms.push(ms(start.elapsed()));
                }
                frame_ms.push(s.frame(WINDOW));
            }
            if !apply_ms.is_empty() {
                eprintln!(
                    "apply {:.3} ms, frame {:.3} ms (medians)",
                    median(apply_ms),
                    median(frame_ms)
                );
            }
        }
        "index" => index_cost(project),
        other => eprintln!("unknown scenario {other:?}: first, add, steady or index"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn input(size: Vec2) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size)),
        ..RawInput::default()
    }
}

/// One frame: the ui pass plus tessellation, timed.
fn frame(ctx: &egui::Context, size: Vec2, mut ui: impl FnMut(&mut Ui)) -> f64 {
    let start = Instant::now();
    let mut output = ctx.run_ui(input(size), |u| ui(u));
    let shapes = std::mem::take(&mut output.shapes);
    let primitives = ctx.tessellate(shapes, output.pixels_per_point);
    black_box(primitives);
    let elapsed = ms(start.elapsed());
    // No renderer here to upload font-atlas changes to.
    output.drop_without_applying_deltas();
    elapsed
}

/// A fresh egui context with its fonts ready (as in a running app), and the app on a project.
struct Session {
    ctx: egui::Context,
    app: FactmarkApp,
    first_frame: f64,
}

impl Session {
    fn new(project: &Project) -> Self {
        let ctx = egui::Context::default();
        let startup = StartupOptions {
            file: None,
            reopen_last: false,
            prefs: PrefsStore::in_memory(),
            recovery: RecoveryStore::disabled(),
        };
        let mut app = FactmarkApp::new(&ctx, startup);
        // The welcome screen's frame warms up fonts and the context, untimed.
        frame(&ctx, WINDOW, |ui| app.frame(ui));
        frame(&ctx, WINDOW, |ui| app.frame(ui));
        let copy = project.clone();
        let start = Instant::now();
        // No file behind it: opening a file adds reading and hashing it, measured as load.
        app.open_project(copy, None);
        let opened = ms(start.elapsed());
        let first_frame = opened + frame(&ctx, WINDOW, |ui| app.frame(ui));
        Self {
            ctx,
            app,
            first_frame,
        }
    }

    fn frame(&mut self, size: Vec2) -> f64 {
        let app = &mut self.app;
        frame(&self.ctx, size, |ui| app.frame(ui))
    }
}

fn view_figures(project: &Project, config: &Config, figures: &mut Vec<(&'static str, f64)>) {
    let mut first = Vec::new();
    let mut steady = Vec::new();
    let mut resize = Vec::new();
    let mut jump = Vec::new();
    let mut add = Vec::new();
    let mut first_add = Vec::new();
    let mut filter = Vec::new();
    for _ in 0..config.iterations {
        let mut s = Session::new(project);
        first.push(s.first_frame);
        // Let heights settle, then measure frames where nothing changes.
        for _ in 0..3 {
            s.frame(WINDOW);
        }
        for _ in 0..5 {
            steady.push(s.frame(WINDOW));
        }
        // Window resize: alternate between two widths narrow enough that the text column
        // (at most ~700 points beside the panel) really re-wraps.
        for k in 0..6 {
            let width = if k % 2 == 0 { 1000.0 } else { 960.0 };
            resize.push(s.frame(vec2(width, WINDOW.y)));
        }
        s.frame(WINDOW);

        // Jump to the last annotation (as J/K or a list click does) and draw it.
        let ctx = s.ctx.clone();
        let last = project.annotations().last().unwrap().clone();
        {
            let open = s.app.open.as_mut().unwrap();
            open.doc.selected = Some(last.id.clone());
            open.view.scroll_to(last.start, egui::Align::Center);
        }
        jump.push(s.frame(WINDOW) + s.frame(WINDOW));
        for _ in 0..3 {
            s.frame(WINDOW);
        }

        // Add annotations where the reader is, and redraw. The first in a session also draws
        // the details panel for the first time (new glyphs), so it is reported apart.
        for k in 0..4 {
            let top = s.app.open.as_ref().unwrap().view.top_char;
            s.app.open.as_mut().unwrap().view.selection =
                Some(TextSelection::new(top + 5 + k * 7..top + 40 + k * 7));
            let start = Instant::now();
            s.app.apply(&ctx, Action::Command(UiCommand::TagClaim));
            let took = ms(start.elapsed()) + s.frame(WINDOW);
            if k == 0 {
                first_add.push(took)
            } else {
                add.push(took)
            }
            s.app
                .apply(&ctx, Action::Command(UiCommand::ClearSelection));
            s.frame(WINDOW);
        }

        // Type a filter into the panel's search box, one keystroke per frame.
        for (k, needle) in ["n", "no", "not", "note", "note 1"].into_iter().enumerate() {
            s.app.open.as_mut().unwrap().panel.search = needle.to_string();
            let t = s.frame(WINDOW);
            if k > 0 {
                filter.push(t);
            }
        }
    }
    figures.push(("view.first_frame_ms", median(first)));
    figures.push(("view.steady_frame_ms", median(steady)));
    figures.push(("view.resize_frame_ms", median(resize)));
    figures.push(("view.jump_to_last_ms", median(jump)));
    figures.push(("view.add_annotation_ms", median(add)));
    figures.push(("view.first_add_annotation_ms", median(first_add)));
    figures.push(("panel.filter_frame_ms", median(filter)));
}

fn file_figures(
    project: &Project,
    bytes: &[u8],
    config: &Config,
    figures: &mut Vec<(&'static str, f64)>,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.factmark.json");
    let mut load = Vec::new();
    let mut save = Vec::new();
    for _ in 0..config.iterations {
        let start = Instant::now();
        black_box(parse_project(bytes).unwrap());
        load.push(ms(start.elapsed()));
        let start = Instant::now();
        save_project(project, &path).unwrap();
        save.push(ms(start.elapsed()));
    }
    figures.push(("project.load_ms", median(load)));
    figures.push(("project.save_ms", median(save)));
}

fn baseline_figures(
    project: &Project,
    bytes: &[u8],
    config: &Config,
    figures: &mut Vec<(&'static str, f64)>,
) {
    let text = project.article().text.as_str();
    let mut label_first = Vec::new();
    let mut label_resize = Vec::new();
    let mut textedit_first = Vec::new();
    let iterations = config.iterations.min(5);
    for _ in 0..iterations {
        let ctx = egui::Context::default();
        frame(&ctx, WINDOW, |ui| {
            ui.label("warm up");
        });
        let label = |ui: &mut Ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add(egui::Label::new(text).selectable(true));
            });
        };
        label_first.push(frame(&ctx, WINDOW, label));
        for k in 0..2 {
            let width = if k % 2 == 0 { 1000.0 } else { 960.0 };
            label_resize.push(frame(&ctx, vec2(width, WINDOW.y), label));
        }

        let ctx = egui::Context::default();
        frame(&ctx, WINDOW, |ui| {
            ui.label("warm up");
        });
        textedit_first.push(frame(&ctx, WINDOW, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                let mut read_only: &str = text;
                ui.add(egui::TextEdit::multiline(&mut read_only).desired_width(f32::INFINITY));
            });
        }));
    }
    let mut parse = Vec::new();
    for _ in 0..config.iterations {
        let start = Instant::now();
        black_box(serde_json::from_slice::<serde_json::Value>(bytes).unwrap());
        parse.push(ms(start.elapsed()));
    }
    figures.push(("baseline.label_first_frame_ms", median(label_first)));
    figures.push(("baseline.label_resize_frame_ms", median(label_resize)));
    figures.push(("baseline.textedit_first_frame_ms", median(textedit_first)));
    figures.push(("baseline.json_value_parse_ms", median(parse)));
}

/// How long the per-revision indexes take to rebuild, and an edit, and a project clone.
fn index_cost(project: &Project) {
    use factmark::app::highlight_index::HighlightIndex;
    use factmark::app::project_index::ProjectIndex;
    let start = Instant::now();
    for _ in 0..100 {
        black_box(HighlightIndex::build(project.annotations()));
    }
    eprintln!(
        "HighlightIndex::build {:.3} ms",
        ms(start.elapsed()) / 100.0
    );
    let mut p = project.clone();
    let start = Instant::now();
    for i in 0..100 {
        let e = p
            .edit_set_note(&p.annotations()[i].id.clone(), "x", "2026-01-01T00:00:00Z")
            .unwrap();
        p.apply(&e).unwrap();
        let mut index = ProjectIndex::default();
        index.update(&p);
        black_box(index.links(0));
    }
    eprintln!(
        "edit + ProjectIndex::update {:.3} ms",
        ms(start.elapsed()) / 100.0
    );
    let start = Instant::now();
    for i in 0..100 {
        let e = p
            .edit_set_note(&p.annotations()[i].id.clone(), "y", "2026-01-01T00:00:00Z")
            .unwrap();
        p.apply(&e).unwrap();
    }
    eprintln!("edit alone {:.3} ms", ms(start.elapsed()) / 100.0);
    let start = Instant::now();
    for _ in 0..100 {
        black_box(p.clone());
    }
    eprintln!("project clone {:.3} ms", ms(start.elapsed()) / 100.0);
}
