//! Work is never lost: autosave and recovery after a crash, changes someone else made to the
//! file are never silently overwritten, one project is not open in two windows, and failed
//! operations leave both the work in memory and the file on disk as they were.
#![cfg(feature = "app")]

mod common;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use factmark::app::file_dialog::{DialogAnswer, DialogPurpose};
use factmark::app::prefs::PrefsStore;
use factmark::app::recovery::RecoveryStore;
use factmark::app::{AUTOSAVE_SECONDS, FactmarkApp, StartupOptions};
use factmark::model::{Edit, Kind};
use factmark::project_file::{load_project, project_to_json};
use factmark::project_lock::{LockOutcome, ProjectLock};

struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            common::sample_project_path(),
            dir.path().join("p.factmark.json"),
        )
        .unwrap();
        Self { dir }
    }

    fn project(&self) -> PathBuf {
        self.dir.path().join("p.factmark.json")
    }

    fn recovery_dir(&self) -> PathBuf {
        self.dir.path().join("recovery")
    }

    /// `step_seconds`: how much time passes per frame (the autosave timer reads it).
    fn app(&self, file: Option<&Path>, step_seconds: f32) -> Harness<'static, FactmarkApp> {
        self.app_with(file, false, step_seconds)
    }

    /// As the real app starts: reopening the last project.
    fn app_reopening(&self) -> Harness<'static, FactmarkApp> {
        self.app_with(None, true, 0.05)
    }

    fn app_with(
        &self,
        file: Option<&Path>,
        reopen_last: bool,
        step_seconds: f32,
    ) -> Harness<'static, FactmarkApp> {
        let options = StartupOptions {
            file: file.map(Path::to_path_buf),
            reopen_last,
            prefs: PrefsStore::at(self.dir.path().join("config/preferences.json")),
            recovery: RecoveryStore::at(self.recovery_dir()),
        };
        let mut harness = Harness::builder()
            .with_size(vec2(1280.0, 820.0))
            .with_step_dt(step_seconds)
            .build_eframe(move |cc| FactmarkApp::new(&cc.egui_ctx, options));
        steps(&mut harness, 4);
        harness
    }

    fn recovery_files(&self) -> Vec<String> {
        std::fs::read_dir(self.recovery_dir())
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".factmark.json"))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn steps(harness: &mut Harness<'_, FactmarkApp>, n: usize) {
    for _ in 0..n {
        harness.step();
    }
}

/// Add a claim through the model, as the UI's tag command does.
fn add_claim(harness: &mut Harness<'_, FactmarkApp>) -> String {
    let open = harness.state_mut().open.as_mut().unwrap();
    let a = open
        .doc
        .project
        .make_annotation(Kind::Claim, 200..260, None, "2026-11-26T12:00:00Z")
        .unwrap();
    let id = a.id.clone();
    open.doc.apply("add claim", Edit::Add(a)).unwrap();
    id
}

/// The window gains or loses the keyboard focus (as when the user switches applications).
fn set_focus(harness: &mut Harness<'_, FactmarkApp>, focused: bool) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .focused = Some(focused);
}

fn is_dirty(harness: &Harness<'_, FactmarkApp>) -> bool {
    harness.state().is_dirty()
}

#[test]
fn unsaved_work_is_autosaved_and_offered_back_after_a_crash() {
    let scratch = Scratch::new();
    let original = std::fs::read(scratch.project()).unwrap();
    let mut harness = scratch.app(Some(&scratch.project()), 1.0);
    let id = add_claim(&mut harness);
    assert!(
        scratch.recovery_files().is_empty(),
        "nothing is written before the timer"
    );
    // Half a minute passes.
    steps(&mut harness, AUTOSAVE_SECONDS as usize + 2);
    assert_eq!(
        scratch.recovery_files().len(),
        1,
        "the recovery copy is written"
    );
    assert_eq!(
        std::fs::read(scratch.project()).unwrap(),
        original,
        "never over the user's file"
    );

    // A second window does not mistake a live window's copy for a crashed one.
    let second = scratch.app(None, 1.0);
    assert_eq!(second.state().recovery_offers(), 0);
    drop(second);

    // The crash: the process goes away without a clean exit (locks vanish with it).
    drop(harness);
    let mut harness = scratch.app(None, 0.05);
    assert_eq!(harness.state().recovery_offers(), 1);
    harness.get_by_label("Restore").click();
    steps(&mut harness, 4);
    let open = harness
        .state()
        .open
        .as_ref()
        .expect("the recovered work is open");
    assert!(
        open.doc.project.annotation(&id).is_some(),
        "the claim is back"
    );
    assert_eq!(open.doc.path.as_deref(), Some(scratch.project().as_path()));
    assert!(is_dirty(&harness), "recovered work is marked unsaved");
    assert!(harness.state().window_title().starts_with("• "));

    // Saving it makes the recovery copy unnecessary.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    steps(&mut harness, 4);
    assert!(
        load_project(&scratch.project())
            .unwrap()
            .annotation(&id)
            .is_some()
    );
    assert!(
        scratch.recovery_files().is_empty(),
        "{:?}",
        scratch.recovery_files()
    );
}

#[test]
fn losing_focus_writes_the_recovery_copy_at_once() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), 0.05);
    add_claim(&mut harness);
    set_focus(&mut harness, true);
    steps(&mut harness, 2);
    assert!(scratch.recovery_files().is_empty());
    set_focus(&mut harness, false);
    steps(&mut harness, 2);
    assert_eq!(scratch.recovery_files().len(), 1);
}

#[test]
fn recovered_work_can_be_discarded_or_the_saved_file_opened_instead() {
    let scratch = Scratch::new();
    for (button, expect_claim) in [("Discard", None), ("Open the saved file", Some(false))] {
        let mut harness = scratch.app(Some(&scratch.project()), 1.0);
        let id = add_claim(&mut harness);
        steps(&mut harness, AUTOSAVE_SECONDS as usize + 2);
        drop(harness);
        let mut harness = scratch.app(None, 0.05);
        harness.get_by_label(button).click();
        steps(&mut harness, 4);
        assert!(
            scratch.recovery_files().is_empty(),
            "{button}: the copy is gone"
        );
        match expect_claim {
            None => assert!(harness.state().open.is_none()),
            Some(_) => {
                let open = harness.state().open.as_ref().unwrap();
                assert!(
                    open.doc.project.annotation(&id).is_none(),
                    "the saved file, without the lost claim"
                );
                assert!(!is_dirty(&harness));
            }
        }
    }
}

#[test]
fn a_clean_quit_leaves_no_recovery_copy() {
    let scratch = Scratch::new();
    // Short frames: a click is a press and release within a fraction of a second.
    let mut harness = scratch.app(Some(&scratch.project()), 0.05);
    add_claim(&mut harness);
    set_focus(&mut harness, true);
    steps(&mut harness, 2);
    set_focus(&mut harness, false);
    steps(&mut harness, 2);
    assert_eq!(scratch.recovery_files().len(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    steps(&mut harness, 2);
    harness.get_by_label("Discard").click();
    steps(&mut harness, 2);
    assert!(harness.state().open.is_none());
    assert!(scratch.recovery_files().is_empty());
}

#[test]
fn saving_over_a_file_someone_else_changed_asks_first() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), 0.05);
    let mine = add_claim(&mut harness);

    // Someone else (a colleague, a sync client, git) changes the file meanwhile.
    let mut theirs = load_project(&scratch.project()).unwrap();
    let e = theirs
        .edit_set_note("c-lede", "Edited by a colleague.", "2026-11-26T12:00:00Z")
        .unwrap();
    theirs.apply(&e).unwrap();
    let their_bytes = project_to_json(&theirs);
    std::fs::write(scratch.project(), &their_bytes).unwrap();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    steps(&mut harness, 3);
    assert_eq!(
        std::fs::read(scratch.project()).unwrap(),
        their_bytes,
        "not silently overwritten"
    );
    // Two annotations differ: their note, my claim.
    harness.get_by_label_contains("2 annotations differ");
    harness.get_by_label("Cancel").click();
    steps(&mut harness, 3);
    assert_eq!(std::fs::read(scratch.project()).unwrap(), their_bytes);
    assert!(is_dirty(&harness));

    // Overwrite when the user says so.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    steps(&mut harness, 3);
    harness.get_by_label("Overwrite").click();
    steps(&mut harness, 3);
    let on_disk = load_project(&scratch.project()).unwrap();
    assert!(on_disk.annotation(&mine).is_some());
    assert!(!is_dirty(&harness));

    // Reload takes the file as it is now.
    std::fs::write(scratch.project(), &their_bytes).unwrap();
    add_claim(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    steps(&mut harness, 3);
    harness.get_by_label("Reload").click();
    steps(&mut harness, 3);
    let open = harness.state().open.as_ref().unwrap();
    assert_eq!(open.doc.project, theirs);
    assert!(!is_dirty(&harness));
}

#[test]
fn the_same_project_cannot_be_open_in_two_windows() {
    let scratch = Scratch::new();
    let first = scratch.app(Some(&scratch.project()), 0.05);
    assert!(first.state().open.is_some());
    let second = scratch.app(Some(&scratch.project()), 0.05);
    assert!(second.state().open.is_none(), "the second window refuses");
    let errors = second.state().error_messages().join("\n");
    assert!(
        errors.contains("already open in another window"),
        "{errors}"
    );
    drop(second);
    // Once the first window closes (or crashes), the project opens again.
    drop(first);
    let third = scratch.app(Some(&scratch.project()), 0.05);
    assert!(third.state().open.is_some());
}

#[test]
fn a_failed_save_keeps_the_work_and_the_file() {
    let scratch = Scratch::new();
    let before = std::fs::read(scratch.project()).unwrap();
    let mut harness = scratch.app(Some(&scratch.project()), 0.05);
    let id = add_claim(&mut harness);
    // Block the temporary file's name so the save fails where a full or read-only disk would.
    std::fs::create_dir(factmark::atomic_file::temp_path(&scratch.project())).unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    steps(&mut harness, 3);
    let errors = harness.state().error_messages().join("\n");
    assert!(
        errors.contains("could not save") && errors.contains("still open"),
        "{errors}"
    );
    assert_eq!(
        std::fs::read(scratch.project()).unwrap(),
        before,
        "the file is untouched"
    );
    assert!(is_dirty(&harness), "still unsaved");
    assert!(
        harness
            .state()
            .open
            .as_ref()
            .unwrap()
            .doc
            .project
            .annotation(&id)
            .is_some()
    );
}

/// What a second window trying to open `path` would find.
fn second_window_is_refused(path: &Path) -> bool {
    matches!(ProjectLock::acquire(path), LockOutcome::HeldElsewhere(_))
}

/// Work left unsaved by a killed window, with the project as the last one open.
fn crash_with_unsaved_work(scratch: &Scratch) -> String {
    let mut harness = scratch.app(Some(&scratch.project()), 1.0);
    let id = add_claim(&mut harness);
    steps(&mut harness, AUTOSAVE_SECONDS as usize + 2);
    drop(harness);
    id
}

fn apply(harness: &mut Harness<'_, FactmarkApp>, action: factmark::app::Action) {
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(&ctx, action);
    steps(harness, 4);
}

fn chosen(purpose: DialogPurpose, path: &Path) -> factmark::app::Action {
    factmark::app::Action::DialogEnded(DialogAnswer::Chosen(purpose, path.to_path_buf()))
}

#[test]
fn restored_work_holds_the_project_lock_when_the_app_reopened_it_first() {
    let scratch = Scratch::new();
    let id = crash_with_unsaved_work(&scratch);
    // The real app reopens the last project, then offers the recovered work.
    let mut harness = scratch.app_reopening();
    assert_eq!(harness.state().recovery_offers(), 1);
    harness.get_by_label("Restore").click();
    steps(&mut harness, 4);
    let open = harness.state().open.as_ref().expect("restored");
    assert!(open.doc.project.annotation(&id).is_some());
    assert!(
        second_window_is_refused(&scratch.project()),
        "the restored window holds the project's lock"
    );
    let second = scratch.app(Some(&scratch.project()), 0.05);
    assert!(second.state().open.is_none(), "a second window refuses");
}

#[test]
fn restore_is_refused_like_open_while_another_window_has_the_file() {
    let scratch = Scratch::new();
    let id = crash_with_unsaved_work(&scratch);
    let mut harness = scratch.app(None, 0.05);
    assert_eq!(harness.state().recovery_offers(), 1);
    // Meanwhile another window opens the file.
    let other = scratch.app(Some(&scratch.project()), 0.05);
    assert!(other.state().open.is_some());
    harness.get_by_label("Restore").click();
    steps(&mut harness, 4);
    assert!(harness.state().open.is_none(), "not opened twice");
    let errors = harness.state().error_messages().join("\n");
    assert!(
        errors.contains("already open in another window"),
        "{errors}"
    );
    drop(other);
    // The recovered work is not lost: it is offered again.
    let again = scratch.app(None, 0.05);
    assert_eq!(again.state().recovery_offers(), 1);
    drop(again);
    let mut harness = scratch.app(None, 0.05);
    harness.get_by_label("Restore").click();
    steps(&mut harness, 4);
    let open = harness.state().open.as_ref().expect("restored");
    assert!(open.doc.project.annotation(&id).is_some());
    assert!(second_window_is_refused(&scratch.project()));
}

#[test]
fn opening_the_saved_file_instead_of_the_recovered_work_holds_its_lock() {
    let scratch = Scratch::new();
    crash_with_unsaved_work(&scratch);
    let mut harness = scratch.app_reopening();
    harness.get_by_label("Open the saved file").click();
    steps(&mut harness, 4);
    assert!(harness.state().open.is_some());
    let errors = harness.state().error_messages().join("\n");
    assert!(errors.is_empty(), "{errors}");
    assert!(second_window_is_refused(&scratch.project()));
}

#[test]
fn save_as_locks_the_new_file_and_releases_the_old() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), 0.05);
    add_claim(&mut harness);
    let copy = scratch.dir.path().join("copy.factmark.json");
    apply(&mut harness, chosen(DialogPurpose::SaveAs, &copy));
    assert!(copy.exists());
    assert!(second_window_is_refused(&copy), "the new file is locked");
    assert!(
        !second_window_is_refused(&scratch.project()),
        "the old file is released"
    );
}

#[test]
fn a_new_project_from_an_article_is_locked_once_saved() {
    let scratch = Scratch::new();
    let article = scratch.dir.path().join("article.md");
    std::fs::write(&article, "# A title\n\nSome words to annotate.\n").unwrap();
    let mut harness = scratch.app(Some(&scratch.project()), 0.05);
    apply(&mut harness, factmark::app::Action::Open(article));
    let open = harness.state().open.as_ref().expect("a new project");
    assert!(open.doc.path.is_none());
    assert!(
        !second_window_is_refused(&scratch.project()),
        "the project it replaced is released"
    );
    let saved = scratch.dir.path().join("new.factmark.json");
    apply(&mut harness, chosen(DialogPurpose::SaveAs, &saved));
    assert!(saved.exists());
    assert!(second_window_is_refused(&saved));
}

#[test]
fn discarding_and_reopening_the_same_file_keeps_it_locked() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), 0.05);
    add_claim(&mut harness);
    apply(&mut harness, factmark::app::Action::Open(scratch.project()));
    harness.get_by_label("Discard").click();
    steps(&mut harness, 4);
    let errors = harness.state().error_messages().join("\n");
    assert!(
        errors.is_empty(),
        "reopening its own file is no conflict: {errors}"
    );
    assert!(!is_dirty(&harness), "the saved file is open again");
    assert!(second_window_is_refused(&scratch.project()));
    // And opening another project releases this one.
    let other = scratch.dir.path().join("other.factmark.json");
    std::fs::copy(scratch.project(), &other).unwrap();
    apply(&mut harness, factmark::app::Action::Open(other.clone()));
    assert!(second_window_is_refused(&other));
    assert!(!second_window_is_refused(&scratch.project()));
}

#[test]
fn reloading_after_a_conflict_keeps_the_file_locked() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), 0.05);
    add_claim(&mut harness);
    let mut theirs = load_project(&scratch.project()).unwrap();
    let e = theirs
        .edit_set_note("c-lede", "Edited by a colleague.", "2026-11-26T12:00:00Z")
        .unwrap();
    theirs.apply(&e).unwrap();
    std::fs::write(scratch.project(), project_to_json(&theirs)).unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    steps(&mut harness, 3);
    harness.get_by_label("Reload").click();
    steps(&mut harness, 3);
    assert_eq!(harness.state().open.as_ref().unwrap().doc.project, theirs);
    assert!(second_window_is_refused(&scratch.project()));
}
