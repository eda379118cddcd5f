//! Team work in the app (issue 14): deciding the conflicts a merge recorded, and signing
//! claims off (review state, votes, the panel's filter by state). Driven through the real UI.
#![cfg(feature = "app")]

mod common;

use std::path::PathBuf;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use factmark::app::FactmarkApp;
use factmark::model::{ReviewState, Verdict, timestamp};
use factmark::project_file::load_project;

use common::repo_path;
use common::ui::*;

/// The hand-written v3 fixture with three conflicts: `note` and `verdict` on "c-taxes",
/// and "c-crime" edited here but deleted on their side.
fn conflicts_project(scratch: &Scratch) -> PathBuf {
    let path = scratch.dir.path().join("merged.factmark.json");
    std::fs::copy(
        repo_path("tests/fixtures/projects/conflicts.factmark.json"),
        &path,
    )
    .unwrap();
    path
}

/// Click the first widget labelled `label`, scrolled into view first (clicks are positional).
fn click_first(harness: &mut Harness<'_, FactmarkApp>, label: &str) {
    harness
        .get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no {label:?}"))
        .scroll_to_me();
    settle(harness);
    harness.get_all_by_label(label).next().unwrap().click();
    settle(harness);
}

fn note(harness: &Harness<'_, FactmarkApp>, id: &str) -> String {
    open(harness).doc.project.find(id).unwrap().note.clone()
}

fn conflicts(harness: &Harness<'_, FactmarkApp>) -> usize {
    open(harness).doc.project.conflicts().len()
}

fn saved_json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn conflicts_are_kept_mine_or_theirs_undoably_and_leave_nothing_once_saved() {
    let scratch = Scratch::new();
    let path = conflicts_project(&scratch);
    let mut harness = scratch.app(Some(&path), false);
    assert!(harness.query_by_label("Conflicts (3)").is_some());
    // Both values and the base are shown.
    assert!(
        harness
            .query_by_label("The budget says a third, not half.")
            .is_some()
    );
    assert!(harness.query_by_label("Mostly false").is_some());

    // The first is the note: theirs.
    click_first(&mut harness, "Keep theirs");
    assert_eq!(
        note(&harness, "c-taxes"),
        "The budget says a third, not half."
    );
    assert_eq!(conflicts(&harness), 2);
    assert!(harness.query_by_label("Conflicts (2)").is_some());

    // Undo puts mine back and the conflict with it; redo decides it again.
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(note(&harness, "c-taxes"), "Check the budget.");
    assert_eq!(conflicts(&harness), 3);
    assert!(harness.query_by_label("Conflicts (3)").is_some());
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(conflicts(&harness), 2);

    // The verdict: mine.
    click_first(&mut harness, "Keep mine");
    let taxes = open(&harness).doc.project.find("c-taxes").unwrap().clone();
    assert_eq!(taxes.verdict, Some(Verdict::False));
    assert_eq!(conflicts(&harness), 1);

    // Saved with one undecided: it is kept in the file.
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    let json = saved_json(&path);
    assert_eq!(json["conflicts"].as_array().unwrap().len(), 1);
    assert_eq!(json["conflicts"][0]["field"], "annotation");

    // Deleted on their side, edited on mine: keep it.
    click_first(&mut harness, "Keep it");
    assert!(open(&harness).doc.project.find("c-crime").is_some());
    assert_eq!(conflicts(&harness), 0);
    assert!(harness.query_by_label_contains("Conflicts (").is_none());

    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    let json = saved_json(&path);
    assert!(json.get("conflicts").is_none(), "{json}");
    let saved = load_project(&path).unwrap();
    assert!(saved.conflicts().is_empty());
    assert_eq!(
        saved.find("c-taxes").unwrap().note,
        "The budget says a third, not half."
    );
}

#[test]
fn a_conflict_is_decided_by_deleting_or_by_an_edit_and_selects_its_annotation() {
    let scratch = Scratch::new();
    let path = conflicts_project(&scratch);
    let mut harness = scratch.app(Some(&path), false);

    // Clicking the conflict's quote selects its annotation.
    click_first(&mut harness, "“taxes fell by half this year”");
    assert_eq!(open(&harness).doc.selected.as_deref(), Some("c-taxes"));

    // The note, written anew starting from mine.
    click_first(&mut harness, "Edit…");
    harness.get_by_label("Value:").focus();
    settle(&mut harness);
    press_with(&mut harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Value:")
        .type_text("A third, per the budget.");
    settle(&mut harness);
    click_first(&mut harness, "Use this");
    assert_eq!(note(&harness, "c-taxes"), "A third, per the budget.");
    assert_eq!(conflicts(&harness), 2);

    // Their deletion wins; undo brings the claim and the conflict back.
    click_first(&mut harness, "Delete it");
    assert!(open(&harness).doc.project.find("c-crime").is_none());
    assert_eq!(conflicts(&harness), 1);
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(open(&harness).doc.project.find("c-crime").is_some());
    assert_eq!(conflicts(&harness), 2);
}

/// The sample, with "Dana Editor" as the user's name.
fn sample_with_author(scratch: &Scratch) -> Harness<'static, FactmarkApp> {
    std::fs::write(
        scratch.dir.path().join("config").join("preferences.json"),
        r#"{"asked_for_author": true, "author": "Dana Editor"}"#,
    )
    .unwrap();
    scratch.app(Some(&scratch.project()), false)
}

fn select(harness: &mut Harness<'_, FactmarkApp>, id: &str) {
    harness.state_mut().open.as_mut().unwrap().doc.selected = Some(id.to_string());
    settle(harness);
}

#[test]
fn a_claim_is_sent_for_review_voted_on_and_undone() {
    let scratch = Scratch::new();
    let mut harness = sample_with_author(&scratch);
    select(&mut harness, "c-first-time");
    let review = |h: &Harness<'_, FactmarkApp>| {
        open(h)
            .doc
            .project
            .find("c-first-time")
            .unwrap()
            .record
            .review
            .clone()
    };
    assert_eq!(review(&harness).state, ReviewState::Draft);
    assert!(harness.query_by_label("Proposed verdict:").is_some());

    click_first(&mut harness, "Review state");
    click_first(&mut harness, "Ready for review");
    assert_eq!(review(&harness).state, ReviewState::Ready);

    // A vote, in the user's name, now.
    click_first(&mut harness, "Add a vote");
    click_first(&mut harness, "Vote verdict");
    click_first(&mut harness, "Mostly true");
    click_first(&mut harness, "Add vote");
    let votes = review(&harness).votes;
    assert_eq!(votes.len(), 1);
    assert_eq!(votes[0].reviewer, "Dana Editor");
    assert_eq!(votes[0].verdict, Some(Verdict::MostlyTrue));
    assert!(timestamp::is_rfc3339(&votes[0].time), "{}", votes[0].time);
    assert!(harness.query_by_label("1 of 1 vote: Mostly true").is_some());

    // Approving is a person's act: against no verdict it warns, and is still done.
    click_first(&mut harness, "Review state");
    click_first(&mut harness, "Approved");
    assert_eq!(review(&harness).state, ReviewState::Approved);
    assert!(
        harness
            .query_by_label_contains("Approved against the votes")
            .is_some()
    );
    assert!(harness.query_by_label("Verdict:").is_some());

    // One undo step each: approval, the vote, the state.
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(review(&harness).state, ReviewState::Ready);
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(review(&harness).votes.is_empty());
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(review(&harness).state, ReviewState::Draft);

    // A vote can be removed.
    select(&mut harness, "c-khashoggi");
    assert_eq!(
        open(&harness)
            .doc
            .project
            .find("c-khashoggi")
            .unwrap()
            .record
            .review
            .votes
            .len(),
        3
    );
    click_first(&mut harness, "Remove");
    let votes = open(&harness)
        .doc
        .project
        .find("c-khashoggi")
        .unwrap()
        .record
        .review
        .votes
        .iter()
        .map(|v| v.reviewer.clone())
        .collect::<Vec<_>>();
    assert_eq!(votes, ["Ben Okafor", "Cleo Hart"]);
}

#[test]
fn the_panel_filters_claims_by_review_state() {
    let scratch = Scratch::new();
    let mut harness = sample_with_author(&scratch);
    assert!(harness.query_all_by_label_contains("Source: ").count() > 0);
    click_first(&mut harness, "Review state filter");
    click_first(&mut harness, "Needs work");
    let claims: Vec<String> = harness
        .query_all_by_label_contains("Claim: ")
        .map(|n| format!("{n:?}"))
        .collect();
    assert_eq!(claims.len(), 1, "{claims:?}");
    assert!(claims[0].contains("Hungary and Poland"), "{claims:?}");
    assert_eq!(harness.query_all_by_label_contains("Source: ").count(), 0);

    click_first(&mut harness, "Review state filter");
    click_first(&mut harness, "Approved");
    assert!(harness.query_all_by_label_contains("Claim: ").count() > 1);
    assert!(
        harness
            .query_all_by_label_contains("Claim: ")
            .all(|n| !format!("{n:?}").contains("Hungary and Poland"))
    );
}

#[test]
fn the_apps_claimreview_export_leaves_unapproved_claims_out_unless_asked() {
    let scratch = Scratch::new();
    std::fs::write(
        scratch.dir.path().join("config").join("preferences.json"),
        r#"{"asked_for_author": true, "organization": "Example Fact Check"}"#,
    )
    .unwrap();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let ctx = harness.ctx.clone();
    let export = |harness: &mut Harness<'_, FactmarkApp>, name: &str| {
        let out = scratch.dir.path().join(name);
        harness.state_mut().apply(
            &ctx,
            factmark::app::Action::ExportTo(
                factmark::export::ExportFormat::ClaimReview,
                out.clone(),
            ),
        );
        settle(harness);
        let reviews: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        reviews.as_array().unwrap().len()
    };
    assert_eq!(export(&mut harness, "approved.jsonld"), 10);
    assert!(
        harness
            .state()
            .notice_messages()
            .join(" ")
            .contains("2 rated claims are not approved yet")
    );
    // File ▸ Export ▸ Include claims not yet approved.
    harness.get_by_label("File").click();
    settle(&mut harness);
    harness.get_by_label("Export").hover();
    settle(&mut harness);
    harness
        .get_by_label("Include claims not yet approved")
        .click();
    settle(&mut harness);
    assert!(harness.state().export_unapproved);
    assert_eq!(export(&mut harness, "all.jsonld"), 12);
}
