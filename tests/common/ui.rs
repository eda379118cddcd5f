//! The kittest harness shared by the app's UI tests: a scratch folder with the sample and
//! its own preferences, and the hands (drag, click, keys) that drive the real app.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Pos2, Rect, vec2};
use egui_kittest::Harness;
use factmark::app::prefs::PrefsStore;
use factmark::app::recovery::RecoveryStore;
use factmark::app::{FactmarkApp, StartupOptions};

use super::{find_chars, sample_project_path};

/// A scratch folder with a copy of the sample project and its own preferences.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            sample_project_path(),
            dir.path().join("sample.factmark.json"),
        )
        .unwrap();
        // The first annotation asks for the user's name; these tests are past that.
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        std::fs::write(
            dir.path().join("config").join("preferences.json"),
            r#"{"asked_for_author": true}"#,
        )
        .unwrap();
        Self { dir }
    }

    pub fn project(&self) -> PathBuf {
        self.dir.path().join("sample.factmark.json")
    }

    pub fn prefs(&self) -> PrefsStore {
        PrefsStore::at(self.dir.path().join("config").join("preferences.json"))
    }

    pub fn recovery(&self) -> RecoveryStore {
        RecoveryStore::at(self.dir.path().join("recovery"))
    }

    pub fn app(&self, file: Option<&Path>, reopen_last: bool) -> Harness<'static, FactmarkApp> {
        let options = StartupOptions {
            file: file.map(Path::to_path_buf),
            reopen_last,
            prefs: self.prefs(),
            recovery: self.recovery(),
        };
        let mut harness = Harness::builder()
            .with_size(vec2(1280.0, 820.0))
            .with_max_steps(12)
            // Short frames, so quick successive clicks count as double and triple clicks.
            .with_step_dt(0.05)
            .build_eframe(move |cc| FactmarkApp::new(&cc.egui_ctx, options));
        settle(&mut harness);
        harness
    }
}

/// Run frames until the UI settles (layout of newly measured paragraphs, scrolling).
pub fn settle(harness: &mut Harness<'_, FactmarkApp>) {
    for _ in 0..6 {
        harness.step();
    }
}

pub fn open<'h>(harness: &'h Harness<'_, FactmarkApp>) -> &'h factmark::app::OpenProject {
    harness.state().open.as_ref().expect("a project is open")
}

/// Scroll the article so `needle` is in the middle of the view.
pub fn reveal(harness: &mut Harness<'_, FactmarkApp>, needle: &str) {
    let open = harness
        .state_mut()
        .open
        .as_mut()
        .expect("a project is open");
    let start = find_chars(open.doc.project.article().text.as_str(), needle, 1).start;
    open.view.scroll_to(start, egui::Align::Center);
    settle(harness);
}

/// Screen rectangles of the `occurrence`-th `needle` in the article, as drawn.
pub fn rects_of(harness: &Harness<'_, FactmarkApp>, needle: &str, occurrence: usize) -> Vec<Rect> {
    let open = open(harness);
    let text = &open.doc.project.article().text;
    let range = find_chars(text.as_str(), needle, occurrence);
    let rects = open.view.screen_rects(&harness.ctx, text, range);
    assert!(!rects.is_empty(), "{needle:?} is not laid out");
    rects
}

/// Press at `from`, move to `to` in a few steps, release: a real mouse drag.
pub fn drag(harness: &mut Harness<'_, FactmarkApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    for t in [0.25, 0.5, 0.75, 1.0] {
        harness.hover_at(from + (to - from) * t);
        harness.step();
    }
    harness.drop_at(to);
    settle(harness);
}

pub fn click_at(harness: &mut Harness<'_, FactmarkApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.step();
    harness.drag_at(pos);
    harness.step();
    harness.drop_at(pos);
    settle(harness);
    // Move away so the next click is not taken as a double click.
    harness.hover_at(Pos2::new(5.0, 400.0));
    for _ in 0..3 {
        harness.step();
    }
}

pub fn press(harness: &mut Harness<'_, FactmarkApp>, key: Key) {
    harness.key_press(key);
    settle(harness);
}

pub fn press_with(harness: &mut Harness<'_, FactmarkApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    settle(harness);
}

/// Drag from inside the first word of `needle` to inside its last word, so the snapping to
/// whole words is exercised.
pub fn select_by_drag(harness: &mut Harness<'_, FactmarkApp>, needle: &str) {
    let rects = rects_of(harness, needle, 1);
    let first = rects.first().unwrap();
    let last = rects.last().unwrap();
    let from = Pos2::new(first.left() + 3.0, first.center().y);
    let to = Pos2::new(last.right() - 3.0, last.center().y);
    drag(harness, from, to);
}

/// A sentence of the sample that no annotation covers.
pub const SENTENCE: &str =
    "Removing NSO from the US blacklist would be a radical US government reversal";
