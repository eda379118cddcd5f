//! A few pictures of the main window, rendered on the CPU (wgpu on lavapipe), compared with
//! tolerance so font rasterization differences between machines do not fail them.
//! Regenerate deliberately with `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` and look at
//! the images in tests/snapshots/ before committing.
#![cfg(feature = "app")]

mod common;

use egui::vec2;
use egui_kittest::{Harness, SnapshotOptions};
use factmark::app::prefs::{Preferences, PrefsStore, ThemeChoice};
use factmark::app::recovery::RecoveryStore;
use factmark::app::{FactmarkApp, StartupOptions};

fn main_window(theme: ThemeChoice) -> Harness<'static, FactmarkApp> {
    // The theme comes from the preferences, as it does for a user who picked it in View.
    let dir = tempfile::tempdir().unwrap();
    let prefs = PrefsStore::at(dir.path().join("preferences.json"));
    prefs
        .save(&Preferences {
            theme,
            ..Preferences::default()
        })
        .unwrap();
    // A copy: the two tests run at once, and one project file opens in one window only.
    let project = dir.path().join("sample.factmark.json");
    std::fs::copy(common::sample_project_path(), &project).unwrap();
    let options = StartupOptions {
        file: Some(project),
        reopen_last: false,
        prefs,
        recovery: RecoveryStore::disabled(),
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .wgpu()
        .build_eframe(move |cc| FactmarkApp::new(&cc.egui_ctx, options));
    // Select the claim that overlaps the Pegasus Project source, and bring it into view.
    {
        let open = harness.state_mut().open.as_mut().unwrap();
        let start = open.doc.project.annotation("c-countries").unwrap().start;
        open.doc.selected = Some("c-countries".into());
        open.view.scroll_to(start, egui::Align::Center);
        open.panel.reveal_selected();
    }
    for _ in 0..8 {
        harness.step();
    }
    // The status bar shows the project's path, which differs between checkouts.
    let size = harness.ctx.content_rect().size();
    harness.mask(egui::Rect::from_min_max(
        egui::pos2(0.0, size.y - 24.0),
        egui::pos2(size.x, size.y),
    ));
    harness
}

fn tolerant() -> SnapshotOptions {
    SnapshotOptions::new().threshold(1.0).max_failed_pixels(400)
}

#[test]
fn main_window_light() {
    main_window(ThemeChoice::Light).snapshot_options("main_window_light", &tolerant());
}

#[test]
fn main_window_dark() {
    main_window(ThemeChoice::Dark).snapshot_options("main_window_dark", &tolerant());
}
