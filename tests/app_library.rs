//! The claim library in the app, driven like a person would (egui_kittest): the "Checked
//! before" line for the selected claim, copying that check (and undoing it), the Library
//! window's search, and adding the project to the library when it is saved.
#![cfg(feature = "app")]

mod common;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use factmark::app::FactmarkApp;
use factmark::app::library_worker::LibraryLocation;
use factmark::library::Library;
use factmark::model::Verdict;

use common::ui::*;

/// The sample's claim "c-first-time" (no verdict yet), and a feed that checked it before.
const CLAIM_ID: &str = "c-first-time";
const CLAIM: &str = "It was the first time the US government targeted Israeli cyber firms";
const BADGE: &str = "Checked before: False — Example Checkers, 2024-03-01";
const REVIEW_URL: &str = "https://checkers.example/reviews/first-time";

fn feed() -> String {
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "item": [{
                    "@type": "ClaimReview",
                    "url": REVIEW_URL,
                    "name": "Was the NSO listing a first?",
                    "claimReviewed": "It was the first time the US government targeted Israeli cyber firms.",
                    "datePublished": "2024-03-01",
                    "author": {"@type": "Organization", "name": "Example Checkers"},
                    "reviewRating": {"@type": "Rating", "alternateName": "False"}
                }]
            },
            {
                "@type": "DataFeedItem",
                "item": [{
                    "@type": "ClaimReview",
                    "url": "https://other.example/moon",
                    "claimReviewed": "A NASA study found that the moon is made of green cheese",
                    "datePublished": "2023-05-05",
                    "author": {"@type": "Organization", "name": "Other Org"},
                    "reviewRating": {"@type": "Rating", "alternateName": "Pants on Fire"}
                }]
            }
        ]
    })
    .to_string()
}

/// A scratch folder with the sample, and a library (in it) holding the feed.
fn scratch_with_library() -> (Scratch, PathBuf) {
    let scratch = Scratch::new();
    let feed_path = scratch.dir.path().join("feed.json");
    std::fs::write(&feed_path, feed()).unwrap();
    let library = scratch.dir.path().join("library");
    let mut opened = Library::open(&library).unwrap().library;
    let report = opened.add_path(&feed_path).unwrap();
    assert_eq!(report.added, 2, "{report:?}");
    drop(opened);
    (scratch, library)
}

/// The app on the sample, with the library at `library` (its own folder, not the user's).
fn app_with_library(scratch: &Scratch, library: &Path) -> Harness<'static, FactmarkApp> {
    let mut harness = scratch.app(Some(&scratch.project()), false);
    harness
        .state_mut()
        .use_library(Some(LibraryLocation::Dir(library.to_path_buf())));
    harness
}

/// Run frames until `done`, or fail after a bounded wait (the worker runs in real time).
fn wait_until(
    harness: &mut Harness<'_, FactmarkApp>,
    what: &str,
    mut done: impl FnMut(&Harness<'_, FactmarkApp>) -> bool,
) {
    for _ in 0..300 {
        harness.step();
        if done(harness) {
            settle(harness);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}

fn has_label(harness: &Harness<'_, FactmarkApp>, label: &str) -> bool {
    harness.query_all_by_label(label).next().is_some()
}

fn has_label_containing(harness: &Harness<'_, FactmarkApp>, label: &str) -> bool {
    harness.query_all_by_label_contains(label).next().is_some()
}

fn click_label(harness: &mut Harness<'_, FactmarkApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    settle(harness);
    harness.get_by_label(label).click();
    settle(harness);
}

/// Select the claim in the panel's list, as a person would.
fn select_claim(harness: &mut Harness<'_, FactmarkApp>) {
    let row = format!("Claim: {CLAIM}");
    harness.get_by_label_contains(&row).scroll_to_me();
    settle(harness);
    harness.get_by_label_contains(&row).click();
    settle(harness);
    assert_eq!(open(harness).doc.selected.as_deref(), Some(CLAIM_ID));
}

fn claim(harness: &Harness<'_, FactmarkApp>) -> factmark::model::Annotation {
    open(harness)
        .doc
        .project
        .annotation(CLAIM_ID)
        .unwrap()
        .clone()
}

#[test]
fn a_claim_checked_before_shows_it_and_one_click_copies_the_check_undoably() {
    let (scratch, library) = scratch_with_library();
    let mut harness = app_with_library(&scratch, &library);
    let before = claim(&harness);
    assert_eq!(before.verdict, None);
    select_claim(&mut harness);
    wait_until(&mut harness, "the badge", |h| has_label(h, BADGE));
    harness.check_accessibility();

    // The earlier check's claim text is in the hover; the button copies it.
    click_label(&mut harness, "Use this verdict");
    let after = claim(&harness);
    assert_eq!(after.verdict, Some(Verdict::False));
    let added: Vec<_> = after
        .evidence
        .iter()
        .filter(|r| r.url.as_deref() == Some(REVIEW_URL))
        .collect();
    assert_eq!(added.len(), 1, "{:?}", after.evidence);
    assert_eq!(added[0].publisher.as_deref(), Some("Example Checkers"));
    assert_eq!(
        added[0].title.as_deref(),
        Some("Was the NSO listing a first?")
    );
    assert_eq!(after.evidence.len(), before.evidence.len() + 1);
    assert!(open(&harness).doc.is_dirty());

    // One undo step takes all of it back.
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    let undone = claim(&harness);
    assert_eq!(undone.verdict, None);
    assert_eq!(undone.evidence, before.evidence);
    assert_eq!(undone.note, before.note);
}

#[test]
fn every_claim_of_the_article_is_looked_up_and_a_row_selects_its_claim() {
    let (scratch, library) = scratch_with_library();
    let mut harness = app_with_library(&scratch, &library);
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        factmark::app::Action::Command(factmark::app::commands::UiCommand::FindEarlierChecks),
    );
    wait_until(&mut harness, "every claim's search", |h| {
        h.state().library_jobs_outstanding() == 0
            && has_label_containing(h, "Earlier checks: ")
            && !has_label_containing(h, "Searching the library")
    });
    let claims = open(&harness)
        .doc
        .project
        .annotations()
        .iter()
        .filter(|a| a.kind == factmark::model::Kind::Claim)
        .count();
    assert!(has_label_containing(
        &harness,
        &format!(" of {claims} claims checked before")
    ));
    // The row names the check found and the claim (cut to fit).
    let row = "False — Example Checkers, 2024-03-01 · “It was the first time the US";
    assert!(
        has_label_containing(&harness, row),
        "the list names the claim found"
    );
    assert_eq!(open(&harness).doc.selected, None);
    harness.get_by_label_contains(row).scroll_to_me();
    settle(&mut harness);
    harness.get_by_label_contains(row).click();
    settle(&mut harness);
    assert_eq!(open(&harness).doc.selected.as_deref(), Some(CLAIM_ID));
    assert!(has_label(&harness, BADGE));
}

#[test]
fn the_library_window_searches_as_you_type_and_filters() {
    let (scratch, library) = scratch_with_library();
    let mut harness = app_with_library(&scratch, &library);
    press_with(
        &mut harness,
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        Key::L,
    );
    assert!(harness.state().library_window_open());
    harness
        .get_by_label("Search the library")
        .type_text("NASA study found the moon is made of green cheese");
    wait_until(&mut harness, "the window's results", |h| {
        has_label_containing(
            h,
            "“A NASA study found that the moon is made of green cheese”",
        )
    });
    assert!(has_label_containing(
        &harness,
        "Pants on Fire · Other Org · 2023-05-05 · feed feed.json"
    ));
    assert!(has_label(&harness, "Open review"));
    harness.check_accessibility();
    // A date filter that leaves it out.
    harness.get_by_label("From").click();
    settle(&mut harness);
    harness.get_by_label("From").type_text("2024");
    settle(&mut harness);
    assert!(!has_label_containing(
        &harness,
        "“A NASA study found that the moon is made of green cheese”"
    ));
    assert!(has_label_containing(&harness, "passes the filters"));
}

/// Whether the Library window finds the sample's claim in the sample project.
fn window_finds_the_project(harness: &mut Harness<'_, FactmarkApp>) -> bool {
    press_with(harness, Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::L);
    let field = harness.get_by_label("Search the library");
    field.click();
    settle(harness);
    press_with(harness, Modifiers::COMMAND, Key::A);
    harness.get_by_label("Search the library").type_text(CLAIM);
    wait_until(harness, "the window's results", |h| {
        h.state().library_jobs_outstanding() == 0 && results_counted(h)
    });
    has_label_containing(harness, "project sample.factmark.json")
}

/// The Library window says how many results its search found.
fn results_counted(harness: &Harness<'_, FactmarkApp>) -> bool {
    has_label(harness, "No earlier check matches.")
        || has_label(harness, "1 result")
        || (2..=20).any(|n| has_label(harness, &format!("{n} results")))
}

#[test]
fn saving_adds_the_project_to_the_library_and_its_own_claims_are_not_checked_before() {
    let (scratch, library) = scratch_with_library();
    let mut harness = app_with_library(&scratch, &library);
    assert!(harness.state().preferences().add_to_library_on_save);
    select_claim(&mut harness);
    wait_until(&mut harness, "the badge", |h| has_label(h, BADGE));
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!open(&harness).doc.is_dirty());
    wait_until(&mut harness, "the add", |h| {
        h.state().library_jobs_outstanding() == 0
    });
    assert!(window_finds_the_project(&mut harness));
    assert_eq!(harness.state().error_messages(), Vec::<&str>::new());
    // The claim now in the library from this very project is not an earlier check of it.
    wait_until(&mut harness, "the badge, searched again", |h| {
        h.state().library_jobs_outstanding() == 0 && has_label(h, BADGE)
    });
}

#[test]
fn with_the_preference_off_saving_leaves_the_library_alone() {
    let (scratch, library) = scratch_with_library();
    let mut harness = app_with_library(&scratch, &library);
    press_with(&mut harness, Modifiers::COMMAND, Key::Comma);
    click_label(&mut harness, "Add projects to the claim library when saved");
    click_label(&mut harness, "Apply");
    assert!(!harness.state().preferences().add_to_library_on_save);
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!open(&harness).doc.is_dirty());
    assert_eq!(harness.state().library_jobs_outstanding(), 0);
    assert!(!window_finds_the_project(&mut harness));
}

#[test]
fn a_result_from_a_project_opens_that_project_at_its_claim() {
    let (scratch, library) = scratch_with_library();
    let mut harness = app_with_library(&scratch, &library);
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    wait_until(&mut harness, "the add", |h| {
        h.state().library_jobs_outstanding() == 0
    });
    press_with(&mut harness, Modifiers::COMMAND, Key::W);
    assert!(harness.state().open.is_none());
    assert!(window_finds_the_project(&mut harness));
    click_label(&mut harness, "Open in project");
    wait_until(&mut harness, "the project to open", |h| {
        h.state().open.is_some()
    });
    let open = open(&harness);
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap();
    assert_eq!(
        open.doc.path.as_deref().map(canonical),
        Some(canonical(&scratch.project()))
    );
    assert_eq!(open.doc.selected.as_deref(), Some(CLAIM_ID));
}

#[test]
fn a_project_saved_just_before_quitting_still_goes_into_the_library() {
    let (scratch, library) = scratch_with_library();
    let mut harness = app_with_library(&scratch, &library);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.step();
    assert!(!open(&harness).doc.is_dirty());
    // Quit in the same breath: the window's end waits for the add (not for searches).
    eframe::App::on_exit(harness.state_mut());
    drop(harness);
    let opened = Library::open(&library).unwrap().library;
    let project = std::fs::canonicalize(scratch.project()).unwrap();
    let sources = opened.sources().unwrap();
    assert!(
        sources.iter().any(|s| s.path == project),
        "{sources:?} lacks {}",
        project.display()
    );
}
