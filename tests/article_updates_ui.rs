//! Bringing articles in and updating them, in the app: the import preview (from a file and
//! from the clipboard), Article ▸ Update text with its changes report and needs-review list,
//! and the offer to re-anchor a project whose text was edited outside Factmark.
#![cfg(feature = "app")]

mod common;

use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use factmark::app::prefs::PrefsStore;
use factmark::app::recovery::RecoveryStore;
use factmark::app::{Action, FactmarkApp, StartupOptions};
use factmark::project_file::load_project;

fn app(file: Option<std::path::PathBuf>) -> Harness<'static, FactmarkApp> {
    let options = StartupOptions {
        file,
        reopen_last: false,
        prefs: PrefsStore::in_memory(),
        recovery: RecoveryStore::disabled(),
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 820.0))
        .with_step_dt(0.05)
        .build_eframe(move |cc| FactmarkApp::new(&cc.egui_ctx, options));
    steps(&mut harness, 4);
    harness
}

fn steps(harness: &mut Harness<'_, FactmarkApp>, n: usize) {
    for _ in 0..n {
        harness.step();
    }
}

fn apply(harness: &mut Harness<'_, FactmarkApp>, action: Action) {
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(&ctx, action);
    steps(harness, 4);
}

#[test]
fn a_saved_web_page_is_previewed_then_becomes_a_project() {
    let mut harness = app(None);
    apply(
        &mut harness,
        Action::ImportArticle(common::repo_path("tests/fixtures/import/news-site.html")),
    );
    assert!(
        harness.state().open.is_none(),
        "nothing is created before the user agrees"
    );
    // The preview shows the extracted details, editable.
    harness.get_by_label("Title").click();
    steps(&mut harness, 2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Title").type_text("Checked headline");
    steps(&mut harness, 2);
    harness.get_by_label("Create project").click();
    steps(&mut harness, 4);
    let open = harness.state().open.as_ref().expect("a project");
    let expected = std::fs::read_to_string(common::repo_path(
        "tests/fixtures/import/news-site.expected.txt",
    ))
    .unwrap();
    assert_eq!(
        open.doc.project.article().text.as_str(),
        expected.trim_end_matches('\n')
    );
    assert_eq!(
        open.doc.project.article().metadata.title,
        "Checked headline"
    );
    assert!(open.doc.path.is_none());
}

#[test]
fn new_from_clipboard_previews_the_pasted_page() {
    let mut harness = app(None);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    steps(&mut harness, 1);
    // The clipboard's contents arrive as a paste event, as eframe delivers them.
    harness.event(egui::Event::Paste(
        "<html lang=\"en\"><head><title>Pasted story - Example News</title></head><body><nav>Menu</nav>\
         <article><h1>Pasted story</h1><p>The council said rents fell 5% last year.</p></article></body></html>"
            .into(),
    ));
    steps(&mut harness, 4);
    harness.get_by_label("Create project").click();
    steps(&mut harness, 4);
    let open = harness.state().open.as_ref().expect("a project");
    let text = open.doc.project.article().text.as_str();
    assert!(
        text.contains("The council said rents fell 5% last year."),
        "{text}"
    );
    assert!(!text.contains("Menu"), "navigation is dropped: {text}");
    assert_eq!(
        open.doc.project.article().metadata.language.as_deref(),
        Some("en")
    );
}

#[test]
fn updating_the_text_reports_changes_and_lists_what_needs_review() {
    let dir = tempfile::tempdir().unwrap();
    let project_path = dir.path().join("p.factmark.json");
    std::fs::copy(common::sample_project_path(), &project_path).unwrap();
    let before = load_project(&project_path).unwrap();
    // The outlet's edited version: the "examining" sentence is gone, a word changed elsewhere.
    let old = before.article().text.as_str();
    let edited = old
        .replace(
            " the Biden administration is examining the Israeli proposal.",
            " officials declined to comment.",
        )
        .replace(
            "radical US government reversal",
            "major US government reversal",
        );
    assert_ne!(edited, old);
    let new_version = dir.path().join("updated.txt");
    std::fs::write(&new_version, &edited).unwrap();

    let mut harness = app(Some(project_path.clone()));
    apply(&mut harness, Action::UpdateArticleFrom(new_version));
    let open = harness.state().open.as_ref().unwrap();
    assert_eq!(open.doc.project.article().text.as_str(), edited);
    assert!(open.doc.is_dirty());
    let unplaced: Vec<String> = open
        .doc
        .project
        .needs_review()
        .iter()
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(
        unplaced,
        ["c-examining"],
        "the claim whose sentence is gone needs review, and is kept"
    );
    // Every other annotation is still on its words.
    assert_eq!(
        open.doc.project.annotations().len(),
        before.annotations().len() - 1
    );
    // The changes window and the panel both say so.
    harness.get_by_label("Changes to the article");
    harness.get_by_label_contains("need review");
    // The word diff shows the new wording in its paragraph (laid out like the article).
    assert!(
        harness
            .query_all_by_label_contains("officials declined to comment")
            .next()
            .is_some(),
        "the diff shows the inserted words"
    );

    // Place it on new words: select them, then use the panel's button.
    {
        let open = harness.state_mut().open.as_mut().unwrap();
        open.doc.selected = Some("c-examining".into());
        let text = open.doc.project.article().text.as_str();
        let at = common::find_chars(text, "officials declined to comment", 1);
        open.view.selection = Some(factmark::app::text_selection::TextSelection::new(at));
    }
    steps(&mut harness, 3);
    harness.get_by_label("Place at the selected text").click();
    steps(&mut harness, 4);
    let project = &harness.state().open.as_ref().unwrap().doc.project;
    assert!(project.needs_review().is_empty());
    assert_eq!(
        project.annotation("c-examining").unwrap().quote,
        "officials declined to comment"
    );

    // One undo puts the placement back, another the old text and every annotation.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    steps(&mut harness, 2);
    harness.key_press(Key::Escape);
    steps(&mut harness, 2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    steps(&mut harness, 3);
    let project = &harness.state().open.as_ref().unwrap().doc.project;
    assert_eq!(project.article().text.as_str(), old);
    assert_eq!(project.annotations(), before.annotations());
}

#[test]
fn a_text_edited_outside_factmark_is_offered_for_re_anchoring() {
    let dir = tempfile::tempdir().unwrap();
    let project_path = dir.path().join("p.factmark.json");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(common::sample_project_path()).unwrap()).unwrap();
    // Someone fixed a typo in the text by hand, without updating the hash.
    let text = value["article"]["text"]
        .as_str()
        .unwrap()
        .replace("'Israel' pushing", "Israel pushing");
    value["article"]["text"] = text.into();
    let bytes = serde_json::to_vec_pretty(&value).unwrap();
    std::fs::write(&project_path, &bytes).unwrap();

    let mut harness = app(Some(project_path.clone()));
    assert!(harness.state().open.is_none());
    harness.get_by_label("Re-anchor").click();
    steps(&mut harness, 4);
    let open = harness
        .state()
        .open
        .as_ref()
        .expect("opened after re-anchoring");
    assert!(
        open.doc.is_dirty(),
        "the result is not saved until the user saves"
    );
    assert_eq!(
        open.doc.project.annotations().len() + open.doc.project.needs_review().len(),
        22
    );
    assert_eq!(
        std::fs::read(&project_path).unwrap(),
        bytes,
        "the file is untouched"
    );
}

#[test]
fn the_preview_counts_paragraphs_and_dates_retrieval_as_the_command_line_does() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("spaced.txt");
    std::fs::write(&article, "First one.\n\nSecond one.\n\n\n   \nThird one.\n").unwrap();
    let mut harness = app(None);
    apply(&mut harness, Action::ImportArticle(article.clone()));
    // The same count `factmark new` prints for this file.
    let text = std::fs::read_to_string(&article).unwrap();
    let expected = factmark::import::count_paragraphs(&text);
    assert_eq!(expected, 3);
    harness.get_by_label_contains(&format!("{expected} paragraphs,"));
    // The same default retrieval date: today.
    let today = factmark::import::today();
    assert_eq!(
        harness.get_by_label("Retrieved").value().as_deref(),
        Some(today.as_str())
    );
    harness.get_by_label("Create project").click();
    steps(&mut harness, 4);
    let open = harness.state().open.as_ref().expect("a project");
    assert_eq!(
        open.doc.project.article().metadata.retrieved.as_deref(),
        Some(today.as_str())
    );
}

#[test]
fn page_junk_is_left_out_in_the_preview_and_a_dropped_paragraph_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("rents.html");
    std::fs::write(
        &page,
        "<html lang=\"en\"><head><title>Rents fell</title></head><body><nav>Menu</nav>\
         <article><h1>Rents fell</h1>\
         <p>Page 1 of 3</p>\
         <p>The council said rents fell 5% last year.</p>\
         <p>Advertisement</p><p>Sponsored content</p><p>Continue reading below</p>\
         <p>Landlords disputed the figure.</p>\
         <aside><p>Tenants said their rents rose.</p></aside>\
         <p>The report is due in May.</p></article></body></html>",
    )
    .unwrap();
    let mut harness = app(None);
    apply(&mut harness, Action::ImportArticle(page));
    harness.get_by_label_contains("Read as web page: 8 paragraphs,");

    // A click leaves a paragraph out; a second click puts it back.
    harness.get_by_label("Page 1 of 3").click();
    steps(&mut harness, 2);
    harness
        .get_by_label("Landlords disputed the figure.")
        .click();
    steps(&mut harness, 2);
    harness
        .get_by_label("Landlords disputed the figure.")
        .click();
    steps(&mut harness, 2);
    // A click then a Shift-click leaves out everything between.
    harness.get_by_label("Advertisement").click();
    steps(&mut harness, 2);
    harness
        .get_by_label("Continue reading below")
        .click_modifiers(Modifiers::SHIFT);
    steps(&mut harness, 2);
    harness.get_by_label_contains("4 paragraphs (4 left out)");

    // What the importer dropped is listed, folded, and can be put back.
    harness.get_by_label("Dropped automatically (1)").click();
    steps(&mut harness, 2);
    harness
        .get_by_label("Tenants said their rents rose.")
        .click();
    steps(&mut harness, 2);

    harness.get_by_label("Create project").click();
    steps(&mut harness, 4);
    let open = harness.state().open.as_ref().expect("a project");
    assert_eq!(
        open.doc.project.article().text.as_str(),
        "Rents fell\n\
         The council said rents fell 5% last year.\n\
         Landlords disputed the figure.\n\
         Tenants said their rents rose.\n\
         The report is due in May."
    );
}

#[test]
fn junk_at_the_end_of_a_long_article_can_be_left_out() {
    // Page junk is often at the very end; every paragraph of a long article is offered,
    // not only the first ones.
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("long.txt");
    let mut text: Vec<String> = (1..=400)
        .map(|i| format!("Paragraph {i} of the long report."))
        .collect();
    text.push("Page 12 of 12 · printed from example.org".into());
    std::fs::write(&article, text.join("\n")).unwrap();
    let mut harness = app(None);
    apply(&mut harness, Action::ImportArticle(article));
    harness
        .get_by_label("Paragraph 1 of the long report.")
        .hover();
    steps(&mut harness, 1);
    // Scroll the preview's text to its end.
    for _ in 0..40 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: vec2(0.0, -20.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    steps(&mut harness, 10);
    harness
        .get_by_label("Page 12 of 12 · printed from example.org")
        .click();
    steps(&mut harness, 2);
    harness.get_by_label_contains("400 paragraphs (1 left out)");
    harness.get_by_label("Create project").click();
    steps(&mut harness, 4);
    let open = harness.state().open.as_ref().expect("a project");
    let made = open.doc.project.article().text.as_str();
    assert!(
        made.ends_with("Paragraph 400 of the long report."),
        "{}",
        &made[made.len() - 80..]
    );
    assert!(!made.contains("Page 12 of 12"));
}
