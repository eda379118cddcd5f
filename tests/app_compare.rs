//! File ▸ Compare with…, driven like a person would (egui_kittest): the other checker's
//! project opens through the file prompt, the compare window counts the disagreements, steps
//! to them, and takes their span or verdict over as undoable edits; Close compare ends it.
#![cfg(feature = "app")]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use factmark::app::FactmarkApp;
use factmark::model::{Kind, Verdict};
use factmark::project_file::{load_project, save_project};

use common::ui::*;
use common::{NOW, find_chars};

/// Type `text` into whatever has the keyboard.
fn type_text(harness: &mut Harness<'_, FactmarkApp>, text: &str) {
    for c in text.chars() {
        harness.event(egui::Event::Text(c.to_string()));
        harness.step();
    }
    settle(harness);
}

fn click(harness: &mut Harness<'_, FactmarkApp>, label: &str) {
    let node = harness.get_by_label(label);
    node.scroll_to_me();
    harness.step();
    harness.get_by_label(label).click();
    settle(harness);
}

/// The other checker's copy of the sample: a claim of their own on [`SENTENCE`], and
/// `False` where the open project's first rated claim has another verdict.
fn theirs(scratch: &Scratch) -> (std::path::PathBuf, String) {
    let mut p = load_project(&scratch.project()).unwrap();
    let range = find_chars(p.article().text.as_str(), SENTENCE, 1);
    let mut a = p.make_annotation(Kind::Claim, range, None, NOW).unwrap();
    a.verdict = Some(Verdict::MostlyTrue);
    a.note = "Their note".into();
    p.apply(&factmark::model::Edit::Add(a)).unwrap();
    let rated = p
        .annotations()
        .iter()
        .find(|a| a.kind == Kind::Claim && a.verdict.is_some_and(|v| v != Verdict::False))
        .expect("the sample has rated claims")
        .id
        .clone();
    let edit = p
        .edit_set_verdict(&rated, Some(Verdict::False), NOW)
        .unwrap();
    p.apply(&edit).unwrap();
    let path = scratch.dir.path().join("theirs.factmark.json");
    save_project(&p, &path).unwrap();
    (path, rated)
}

/// File ▸ Compare with…, the path typed into the in-window prompt.
fn compare_with(harness: &mut Harness<'_, FactmarkApp>, file_name: &str) {
    harness.state_mut().use_in_window_file_prompts();
    harness.get_by_label("File").click();
    settle(harness);
    harness.get_by_label("Compare with…").click();
    settle(harness);
    harness.get_by_label_contains("No file dialog could be shown");
    // The prompt starts in the open project's folder.
    type_text(harness, file_name);
    harness.get_by_label("OK").click();
    settle(harness);
}

/// Step with "Next disagreement" until the window shows `heading`.
fn step_to(harness: &mut Harness<'_, FactmarkApp>, heading: &str) {
    let n = harness
        .state()
        .comparing()
        .unwrap()
        .comparison
        .disagreements
        .len();
    for _ in 0..n {
        click(harness, "Next disagreement");
        if harness.query_by_label(heading).is_some() {
            return;
        }
    }
    panic!("no {heading:?} disagreement");
}

#[test]
fn compare_track_takes_their_span_undoably() {
    let scratch = Scratch::new();
    theirs(&scratch);
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let before = open(&harness).doc.project.annotations().len();
    compare_with(&mut harness, "theirs.factmark.json");
    assert!(
        harness.state().error_messages().is_empty(),
        "{:?}",
        harness.state().error_messages()
    );
    let session = harness.state().comparing().expect("comparing");
    assert_eq!(session.comparison.b.annotations, before + 1);
    // Their claim on the sentence, and the verdict they changed.
    harness.get_by_label("2 disagreements");
    harness.get_by_label_contains("Theirs: theirs.factmark.json");

    step_to(&mut harness, "Only theirs");
    let sentence = find_chars(
        open(&harness).doc.project.article().text.as_str(),
        SENTENCE,
        1,
    );
    // The view went to it: the sentence is laid out on screen.
    assert!(!rects_of(&harness, SENTENCE, 1).is_empty());
    click(&mut harness, "Take their span");
    let project = &open(&harness).doc.project;
    assert_eq!(project.annotations().len(), before + 1);
    let taken = project
        .annotations()
        .iter()
        .find(|a| a.range() == sentence)
        .expect("their span is in the project");
    assert_eq!(taken.kind, Kind::Claim);
    assert_eq!(taken.verdict, Some(Verdict::MostlyTrue));
    assert_eq!(taken.note, "Their note");
    assert!(open(&harness).doc.is_dirty());
    harness.get_by_label("1 disagreement");

    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    let project = &open(&harness).doc.project;
    assert_eq!(project.annotations().len(), before);
    assert!(project.annotations().iter().all(|a| a.range() != sentence));
    harness.get_by_label("2 disagreements");

    click(&mut harness, "Close compare");
    assert!(harness.state().comparing().is_none());
    assert!(harness.query_by_label("Next disagreement").is_none());
}

#[test]
fn compare_track_takes_their_verdict_undoably() {
    let scratch = Scratch::new();
    let (_, rated) = theirs(&scratch);
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let mine = open(&harness)
        .doc
        .project
        .annotation(&rated)
        .unwrap()
        .verdict;
    compare_with(&mut harness, "theirs.factmark.json");
    step_to(&mut harness, "Verdict differs");
    // Stepping selects the open project's side of it.
    assert_eq!(open(&harness).doc.selected.as_deref(), Some(rated.as_str()));
    click(&mut harness, "Take their verdict");
    let verdict =
        |h: &Harness<'_, FactmarkApp>| open(h).doc.project.annotation(&rated).unwrap().verdict;
    assert_eq!(verdict(&harness), Some(Verdict::False));
    harness.get_by_label("1 disagreement");
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(verdict(&harness), mine);
    harness.get_by_label("2 disagreements");
}

#[test]
fn comparing_with_another_article_says_so_and_shows_no_track() {
    let scratch = Scratch::new();
    let other = common::project_with_text("A different article altogether.");
    save_project(&other, &scratch.dir.path().join("other.factmark.json")).unwrap();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    compare_with(&mut harness, "other.factmark.json");
    assert!(harness.state().comparing().is_none());
    let errors = harness.state().error_messages().join("\n");
    assert!(errors.contains("different article texts"), "{errors}");
    assert!(errors.contains("other.factmark.json"), "{errors}");
}

#[test]
fn compare_track_takes_their_kind_through_the_kind_question_and_undoes_it() {
    let scratch = Scratch::new();
    let mut p = load_project(&scratch.project()).unwrap();
    let source = p
        .annotations()
        .iter()
        .find(|a| a.kind == Kind::Source)
        .expect("the sample has sources")
        .id
        .clone();
    let edit = p.edit_set_kind(&source, Kind::Dispute, NOW).unwrap();
    p.apply(&edit).unwrap();
    save_project(&p, &scratch.dir.path().join("theirs.factmark.json")).unwrap();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    compare_with(&mut harness, "theirs.factmark.json");
    harness.get_by_label("1 disagreement");
    step_to(&mut harness, "Kind differs");
    click(&mut harness, "Take their kind");
    // A source that supports claims would contest them: asked first, as for any kind change.
    if harness.query_by_label("Make it a dispute").is_some() {
        click(&mut harness, "Make it a dispute");
    }
    let kind = |h: &Harness<'_, FactmarkApp>| open(h).doc.project.annotation(&source).unwrap().kind;
    assert_eq!(kind(&harness), Kind::Dispute);
    harness.get_by_label("No disagreements");
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(kind(&harness), Kind::Source);
    harness.get_by_label("1 disagreement");
}
