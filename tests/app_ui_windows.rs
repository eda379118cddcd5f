//! The app's windows and layout, driven like a person would (egui_kittest): text windows take
//! the keyboard, the annotation panel keeps the width the user gave it, notices stay clear of
//! the text, the shortcuts window shows everything. (Split from app_ui.rs, which is near the
//! 1,500-line limit.)
#![cfg(feature = "app")]

mod common;

use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use factmark::app::FactmarkApp;
use factmark::project_file::load_project;

use common::ui::*;

/// Type `text` as a person does: for each character a key press, its text, a key release.
fn type_keys(harness: &mut Harness<'_, FactmarkApp>, text: &str) {
    for c in text.chars() {
        let key = Key::from_name(&c.to_ascii_uppercase().to_string());
        if let Some(key) = key {
            harness.event(egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
        }
        harness.event(egui::Event::Text(c.to_string()));
        if let Some(key) = key {
            harness.event(egui::Event::Key {
                key,
                physical_key: None,
                pressed: false,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
        }
        harness.step();
    }
    settle(harness);
}

#[test]
fn windows_that_ask_for_text_take_the_keyboard_when_they_open() {
    use factmark::app::Action;
    use factmark::export::ExportFormat;
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    harness.state_mut().use_in_window_file_prompts();
    let before = open(&harness).doc.project.annotations().len();
    // A text selection, so C, S and D would tag it if they reached the article.
    select_by_drag(&mut harness, SENTENCE);
    let ctx = harness.ctx.clone();

    // ClaimReview asks for the organization first: typing goes straight into that field.
    harness
        .state_mut()
        .apply(&ctx, Action::Export(ExportFormat::ClaimReview));
    settle(&mut harness);
    type_keys(&mut harness, "desk");
    assert_eq!(
        harness.get_by_label("Organization").value().as_deref(),
        Some("desk")
    );
    harness.get_by_label("Apply").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().preferences().organization.as_deref(),
        Some("desk")
    );

    // Then the path is asked for in the window: typing goes into the path field.
    harness.get_by_label_contains("No file dialog could be shown");
    type_keys(&mut harness, "cds");
    let value = harness.get_by_label("Save as").value().unwrap_or_default();
    assert!(
        value.contains("cds"),
        "typed into the path field: {value:?}"
    );
    assert_eq!(
        open(&harness).doc.project.annotations().len(),
        before,
        "no letter reached the article as a shortcut"
    );
    harness.get_by_label("Cancel").click();
    settle(&mut harness);

    // Article details: the title field has the keyboard.
    press_with(&mut harness, Modifiers::NONE, Key::Escape);
    harness.state_mut().apply(
        &ctx,
        Action::Command(factmark::app::commands::UiCommand::ArticleDetails),
    );
    settle(&mut harness);
    type_keys(&mut harness, "sd");
    let title = harness.get_by_label("Title").value().unwrap_or_default();
    assert!(
        title.ends_with("sd") || title.starts_with("sd"),
        "{title:?}"
    );
    assert_eq!(open(&harness).doc.project.annotations().len(), before);
}

#[test]
fn single_key_shortcuts_do_not_fire_while_a_text_window_is_open() {
    use factmark::app::Action;
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let before = open(&harness).doc.project.annotations().len();
    select_by_drag(&mut harness, SENTENCE);
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        Action::Command(factmark::app::commands::UiCommand::Preferences),
    );
    settle(&mut harness);
    // The user clicks the window's background, so no field has the keyboard, and types.
    let cancel = harness.get_by_label("Cancel").rect();
    click_at(
        &mut harness,
        Pos2::new(cancel.right() + 40.0, cancel.center().y),
    );
    assert!(
        !harness.ctx.egui_wants_keyboard_input(),
        "no field has the keyboard"
    );
    assert!(harness.state().asks_for_text());
    press(&mut harness, Key::C);
    press(&mut harness, Key::D);
    assert_eq!(
        open(&harness).doc.project.annotations().len(),
        before,
        "C and D did not tag the selection behind the window"
    );
}

/// Where the annotation panel's left edge is: its search field's left, as drawn.
fn panel_left(harness: &Harness<'_, FactmarkApp>) -> f32 {
    harness.get_by_label("Search").rect().left()
}

#[test]
fn the_panel_keeps_its_width_while_searching_and_selecting() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let left = panel_left(&harness);
    press_with(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_label("Search").type_text("pegasus");
    settle(&mut harness);
    assert_eq!(panel_left(&harness), left, "searching");
    press(&mut harness, Key::Enter);
    for _ in 0..6 {
        press(&mut harness, Key::J);
        assert_eq!(panel_left(&harness), left, "selecting a result");
    }
    // Every annotation in turn, with the search cleared.
    harness.get_by_label("Search").click();
    settle(&mut harness);
    press_with(&mut harness, Modifiers::COMMAND, Key::A);
    press(&mut harness, Key::Backspace);
    press(&mut harness, Key::Escape);
    let n = open(&harness).doc.project.annotations().len();
    for _ in 0..n {
        press(&mut harness, Key::J);
        assert_eq!(panel_left(&harness), left, "selecting");
    }
}

#[test]
fn dragging_the_panel_edge_resizes_it_and_the_width_is_remembered() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let panel = harness.state().annotation_panel_rect().expect("shown");
    let grip = Pos2::new(panel.left() + 2.0, 400.0);
    let to = grip - vec2(120.0, 0.0);
    drag(&mut harness, grip, to);
    let resized = harness.state().annotation_panel_rect().unwrap();
    assert!(
        (resized.left() - to.x).abs() < 1.0 && resized.right() == panel.right(),
        "the edge follows the pointer: {panel:?} -> {resized:?}"
    );
    let remembered = harness.state().preferences().panel_width;
    assert!((remembered - resized.width()).abs() < 1.0, "{remembered}");
    drop(harness);
    let harness = scratch.app(Some(&scratch.project()), false);
    let restarted = harness.state().annotation_panel_rect().unwrap();
    assert!(
        (restarted.width() - resized.width()).abs() < 1.0,
        "a restart keeps the width: {restarted:?}"
    );
}

#[test]
fn the_panel_can_be_hidden_from_the_view_menu_or_the_keyboard() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    assert!(harness.query_by_label("Search").is_some());
    press_with(&mut harness, Modifiers::COMMAND, Key::B);
    assert!(harness.query_by_label("Search").is_none(), "hidden");
    assert!(!harness.state().preferences().show_panel, "remembered");
    harness.get_by_label("View").click();
    settle(&mut harness);
    harness.get_by_label("Annotation panel").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Search").is_some(), "shown again");
}

#[test]
fn a_narrow_window_never_breaks_the_title_inside_a_word() {
    let scratch = Scratch::new();
    let mut project = load_project(&scratch.project()).unwrap();
    let mut metadata = project.article().metadata.clone();
    let title = "Telecommunicationsinfrastructureprivatisationreview pushing US";
    metadata.title = title.into();
    let edit = project.edit_metadata(metadata);
    project.apply(&edit).unwrap();
    let path = scratch.dir.path().join("long-title.factmark.json");
    std::fs::write(&path, factmark::project_file::project_to_json(&project)).unwrap();
    let mut harness = scratch.app(Some(&path), false);
    harness.set_size(vec2(760.0, 480.0));
    settle(&mut harness);
    let node = harness.get_by_label(title);
    let one_line = 27.0 * 1.6;
    assert!(
        node.rect().height() < one_line,
        "one line, cut with …, not a word broken over two: {:?}",
        node.rect()
    );
    node.hover();
    // Tooltips wait a moment.
    for _ in 0..20 {
        harness.step();
    }
    assert!(
        harness.get_all_by_label(title).count() >= 2,
        "the whole title shows on hover"
    );
}

#[test]
fn notices_show_one_at_a_time_below_the_article_with_a_count_for_the_rest() {
    use factmark::app::Action;
    use factmark::export::ExportFormat;
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let ctx = harness.ctx.clone();
    // Three errors, then one piece of information: four notices at once.
    for _ in 0..3 {
        harness.state_mut().apply(
            &ctx,
            Action::ExportTo(ExportFormat::Json, scratch.project()),
        );
    }
    harness.state_mut().apply(
        &ctx,
        Action::Command(factmark::app::commands::UiCommand::LinkToClaim),
    );
    settle(&mut harness);
    let newest = harness.get_by_label_contains("Select a source or dispute first");
    let panel = harness.state().annotation_panel_rect().unwrap();
    assert!(
        newest.rect().top() >= panel.bottom() - 0.5,
        "below the article and the panel, not over them: {:?} vs {panel:?}",
        newest.rect()
    );
    assert_eq!(
        harness.query_all_by_label_contains("own file").count(),
        0,
        "only the newest is shown"
    );
    harness.get_by_label("+3 more").click();
    settle(&mut harness);
    assert_eq!(harness.query_all_by_label_contains("own file").count(), 3);
    let first_old = harness
        .query_all_by_label_contains("own file")
        .map(|n| n.rect().top())
        .fold(f32::INFINITY, f32::min);
    assert!(
        harness
            .get_by_label_contains("Select a source or dispute first")
            .rect()
            .top()
            < first_old,
        "newest first"
    );
    // Dismissing the newest shows the next one, with the count.
    harness.get_by_label("Show fewer").click();
    settle(&mut harness);
    harness
        .get_all_by_label("✖")
        .find(|n| n.rect().top() >= panel.bottom() - 0.5)
        .expect("the newest notice's dismiss button")
        .click();
    settle(&mut harness);
    assert_eq!(harness.query_all_by_label_contains("own file").count(), 1);
    harness.get_by_label("+2 more");
}

#[test]
fn the_shortcuts_window_shows_every_shortcut_even_in_a_small_window() {
    use factmark::app::commands::UiCommand;
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    harness.set_size(vec2(760.0, 480.0));
    settle(&mut harness);
    press(&mut harness, Key::F1);
    let screen = harness.ctx.content_rect();
    let names: Vec<&str> = UiCommand::ALL
        .iter()
        .filter(|c| !c.shortcuts().is_empty())
        .map(|c| c.text())
        .chain(["Open a file"])
        .collect();
    let mut seen = std::collections::HashSet::new();
    // Scroll through the window with the mouse wheel, noting every row that is on screen.
    let over = harness.get_by_label("Save").rect().center();
    for _ in 0..40 {
        for name in &names {
            for node in harness.query_all_by_label(name) {
                let r = node.rect();
                if r.top() >= screen.top() && r.bottom() <= screen.bottom() && r.height() > 0.0 {
                    seen.insert(*name);
                }
            }
        }
        harness.hover_at(over);
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, -60.0),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.step();
    }
    let missing: Vec<_> = names.iter().filter(|n| !seen.contains(*n)).collect();
    assert!(missing.is_empty(), "never on screen: {missing:?}");
}

#[test]
fn the_shortcuts_window_shows_every_shortcut_at_once_in_a_usual_window() {
    use factmark::app::commands::UiCommand;
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    press(&mut harness, Key::F1);
    // The window itself (the tallest node of that name; the other is its title).
    let window = harness
        .query_all_by_label("Keyboard shortcuts")
        .map(|n| n.rect())
        .max_by(|a, b| a.height().total_cmp(&b.height()))
        .unwrap();
    let screen = harness.ctx.content_rect().intersect(window);
    for name in UiCommand::ALL
        .iter()
        .filter(|c| !c.shortcuts().is_empty())
        .map(|c| c.text())
        .chain(["Open a file"])
    {
        let on_screen = harness.query_all_by_label(name).any(|n| {
            let r = n.rect();
            r.height() > 0.0 && r.top() >= screen.top() && r.bottom() <= screen.bottom()
        });
        assert!(
            on_screen,
            "{name:?} is not shown without scrolling: {screen:?} {:?}",
            harness
                .query_all_by_label(name)
                .map(|n| n.rect())
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn searching_shows_how_many_annotations_match_and_which_one_is_selected() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let project = open(&harness).doc.project.clone();
    let n = project
        .annotations()
        .iter()
        .filter(|a| {
            let evidence: Vec<String> = a.evidence.iter().map(|e| e.citation()).collect();
            let claimant = a
                .record
                .claimant
                .as_ref()
                .map(|c| c.display())
                .unwrap_or_default();
            [
                a.quote.as_str(),
                a.note.as_str(),
                claimant.as_str(),
                a.record.claim_checked.as_deref().unwrap_or(""),
                a.record.explanation.as_str(),
                &evidence.join(" "),
                a.id.as_str(),
            ]
            .iter()
            .any(|t| t.to_lowercase().contains("pegasus"))
        })
        .count();
    assert!(n >= 2);
    press_with(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_label("Search").type_text("pegasus");
    settle(&mut harness);
    harness.get_by_label(&format!("Search: {n} matches"));
    press(&mut harness, Key::Enter);
    harness.get_by_label(&format!("Search: 1 of {n}"));
    press(&mut harness, Key::J);
    harness.get_by_label(&format!("Search: 2 of {n}"));

    harness.get_by_label("Search").click();
    settle(&mut harness);
    harness.get_by_label("Search").type_text("zzqx");
    settle(&mut harness);
    harness.get_by_label("Search: No matches");
}

#[test]
fn the_recent_list_shows_titles_and_reopens_where_the_reader_was() {
    let scratch = Scratch::new();
    let other = scratch.dir.path().join("other.factmark.json");
    let mut project = load_project(&scratch.project()).unwrap();
    let mut metadata = project.article().metadata.clone();
    metadata.title = "A different article".into();
    let edit = project.edit_metadata(metadata);
    project.apply(&edit).unwrap();
    std::fs::write(&other, factmark::project_file::project_to_json(&project)).unwrap();
    let sample_title = load_project(&scratch.project())
        .unwrap()
        .article()
        .metadata
        .title
        .clone();

    let mut harness = scratch.app(Some(&scratch.project()), false);
    for _ in 0..25 {
        harness.key_press(Key::J);
        harness.step();
    }
    settle(&mut harness);
    let top = open(&harness).view.top_char;
    assert!(top > 0, "scrolled down");
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, factmark::app::Action::Open(other.clone()));
    settle(&mut harness);
    assert_eq!(
        open(&harness).view.top_char,
        0,
        "the other starts at its top"
    );

    // File ▸ Open recent lists the article titles, not file names.
    harness.get_by_label("File").click();
    settle(&mut harness);
    harness.get_by_label("Open recent").hover();
    settle(&mut harness);
    harness.get_by_role_and_label(egui::accesskit::Role::Button, "A different article");
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, &sample_title)
        .click();
    settle(&mut harness);
    settle(&mut harness);
    let open = open(&harness);
    assert_eq!(
        std::fs::canonicalize(open.doc.path.as_deref().unwrap()).unwrap(),
        std::fs::canonicalize(scratch.project()).unwrap()
    );
    assert!(
        open.view.top_char > 0 && open.view.top_char.abs_diff(top) < 400,
        "back where the reader was: {} vs {top}",
        open.view.top_char
    );
}

#[test]
fn korean_text_without_a_font_for_it_names_the_script_and_what_to_install() {
    let scratch = Scratch::new();
    let project =
        common::project_with_text("Seoul, Korea. 서울의 한 기자가 이렇게 말했다.\n\nMore text.\n");
    let path = scratch.dir.path().join("korean.factmark.json");
    std::fs::write(&path, factmark::project_file::project_to_json(&project)).unwrap();
    let mut harness = scratch.app(None, false);
    // Draw boxes, as the app does, rather than the test harness's panic.
    harness
        .ctx
        .set_missing_glyph_policy(egui::epaint::text::MissingGlyphPolicy::Tofu);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, factmark::app::Action::Open(path));
    settle(&mut harness);
    let font = egui::FontId::proportional(factmark::app::article_view::READING_SIZE);
    let drawable = harness.ctx.fonts_mut(|f| f.has_glyph(&font, '서'));
    let notices = harness.state().error_messages().join("\n");
    if drawable {
        // This machine has a Korean font: nothing to say.
        assert!(!notices.contains("Korean"), "{notices}");
    } else {
        assert!(notices.contains("Korean"), "the script is named: {notices}");
        #[cfg(all(unix, not(target_os = "macos")))]
        assert!(notices.contains("fonts-noto-cjk"), "{notices}");
        harness.get_by_label_contains("no installed font can draw");
    }
    // Latin-only articles never get it.
    drop(harness);
    let harness = scratch.app(Some(&scratch.project()), false);
    assert!(
        !harness
            .state()
            .error_messages()
            .join("\n")
            .contains("no installed font")
    );
}

/// A scratch folder whose preferences are new: the name was never asked for.
fn fresh_scratch() -> Scratch {
    let scratch = Scratch::new();
    std::fs::remove_file(scratch.dir.path().join("config").join("preferences.json")).unwrap();
    scratch
}

#[test]
fn the_first_annotation_asks_once_for_the_name_without_taking_the_note() {
    let scratch = fresh_scratch();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let before = open(&harness).doc.project.annotations().len();
    select_by_drag(&mut harness, SENTENCE);
    press(&mut harness, Key::C);
    // The claim is made at once and the note has the keyboard: what is typed straight
    // after the tag key is the note, not lost in a name box.
    let id = open(&harness)
        .doc
        .selected
        .clone()
        .expect("the new claim is selected");
    assert_eq!(open(&harness).doc.project.annotations().len(), before + 1);
    type_keys(&mut harness, "check this");
    settle(&mut harness);
    assert_eq!(
        open(&harness).doc.project.annotation(&id).unwrap().note,
        "check this"
    );
    // The name is asked for below the article.
    harness.get_by_label("Who is annotating?");
    harness.get_by_label("Your name").click();
    settle(&mut harness);
    // Single-key shortcuts stay quiet while the name is typed ("dana" has a D in it).
    let count = open(&harness).doc.project.annotations().len();
    type_keys(&mut harness, "dana");
    press(&mut harness, Key::Enter);
    assert!(harness.query_by_label("Who is annotating?").is_none());
    let open_now = open(&harness);
    assert_eq!(open_now.doc.project.annotations().len(), count);
    // The claim made while asking is signed, and the note kept.
    let claim = open_now.doc.project.annotation(&id).unwrap();
    assert_eq!(claim.author.as_deref(), Some("dana"));
    assert_eq!(claim.note, "check this");
    assert_eq!(
        harness.state().preferences().author.as_deref(),
        Some("dana")
    );
    // Signing is one step of undo, and keeps the name for later annotations.
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        open(&harness).doc.project.annotation(&id).unwrap().author,
        None
    );
    // Not asked again, even after a restart.
    drop(harness);
    let mut harness = scratch.app(Some(&scratch.project()), false);
    select_by_drag(&mut harness, "would be a radical US government reversal");
    press(&mut harness, Key::S);
    assert!(harness.query_by_label("Who is annotating?").is_none());
    let id = open(&harness).doc.selected.clone().unwrap();
    assert_eq!(
        open(&harness)
            .doc
            .project
            .annotation(&id)
            .unwrap()
            .author
            .as_deref(),
        Some("dana")
    );
}

#[test]
fn not_now_keeps_the_annotation_unsigned_and_never_asks_again() {
    let scratch = fresh_scratch();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let before = open(&harness).doc.project.annotations().len();
    select_by_drag(&mut harness, SENTENCE);
    press(&mut harness, Key::D);
    harness.get_by_label("Not now").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Who is annotating?").is_none());
    let open_now = open(&harness);
    assert_eq!(open_now.doc.project.annotations().len(), before + 1);
    let id = open_now.doc.selected.clone().unwrap();
    assert_eq!(open_now.doc.project.annotation(&id).unwrap().author, None);
    drop(harness);
    let harness = scratch.app(None, false);
    assert!(harness.state().preferences().asked_for_author);
    assert_eq!(harness.state().preferences().author, None);
}

#[test]
fn windows_open_over_the_article_and_leave_the_panel_uncovered() {
    use factmark::app::Action;
    use factmark::app::commands::UiCommand;
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    harness.set_size(vec2(1000.0, 820.0));
    settle(&mut harness);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, Action::Command(UiCommand::ArticleDetails));
    settle(&mut harness);
    let panel = harness.state().annotation_panel_rect().unwrap();
    let window = harness
        .query_all_by_label("Article details")
        .map(|n| n.rect())
        .max_by(|a, b| a.height().total_cmp(&b.height()))
        .unwrap();
    assert!(
        window.right() <= panel.left(),
        "{window:?} covers the panel {panel:?}"
    );
}
