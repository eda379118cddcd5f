//! The real app driven like a person would: drag to select, keys, clicks (egui_kittest).
#![cfg(feature = "app")]

mod common;

use std::path::Path;

use egui::{Key, Modifiers, Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use factmark::app::prefs::PrefsStore;
use factmark::app::recovery::RecoveryStore;
use factmark::app::{FactmarkApp, StartupOptions};
use factmark::model::{Kind, Verdict};
use factmark::project_file::load_project;

use common::ui::*;
use common::{find_chars, sample_project_path};

/// As [`common::ui::rects_of`], and they must be on screen: a test aims the mouse at them.
fn rects_of(harness: &Harness<'_, FactmarkApp>, needle: &str, occurrence: usize) -> Vec<Rect> {
    let rects = common::ui::rects_of(harness, needle, occurrence);
    for r in &rects {
        assert!(
            r.top() > 30.0 && r.bottom() < 780.0 && r.right() < 880.0,
            "{needle:?} is off screen at {r:?}"
        );
    }
    rects
}

/// `count` clicks in quick succession (one frame each, as a hand double-clicks); returns the
/// selected text after each.
fn quick_clicks(
    harness: &mut Harness<'_, FactmarkApp>,
    spot: Pos2,
    count: usize,
) -> Vec<Option<String>> {
    let mut seen = Vec::new();
    for _ in 0..count {
        harness.hover_at(spot);
        harness.drag_at(spot);
        // A release without drop_at's "pointer gone", which would end the click sequence.
        harness.event(egui::Event::PointerButton {
            pos: spot,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.step();
        let open = open(harness);
        let text = &open.doc.project.article().text;
        seen.push(
            open.view
                .selected_range()
                .and_then(|r| text.slice(r))
                .map(str::to_string),
        );
    }
    seen
}

#[test]
fn drag_select_then_c_adds_a_claim_with_the_exact_quote() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let before = open(&harness).doc.project.annotations().len();
    select_by_drag(&mut harness, SENTENCE);
    let selected = open(&harness).view.selected_range().expect("a selection");
    let text = &open(&harness).doc.project.article().text;
    assert_eq!(text.slice(selected), Some(SENTENCE));

    press(&mut harness, Key::C);
    let open = open(&harness);
    assert_eq!(open.doc.project.annotations().len(), before + 1);
    let id = open
        .doc
        .selected
        .clone()
        .expect("the new claim is selected");
    let claim = open.doc.project.annotation(&id).unwrap();
    assert_eq!((claim.kind, claim.quote.as_str()), (Kind::Claim, SENTENCE));
    assert!(open.doc.is_dirty());
    assert!(
        open.view.selected_range().is_none(),
        "the text selection is used up"
    );
    assert!(
        harness
            .state()
            .window_title()
            .starts_with("• sample.factmark.json"),
        "{}",
        harness.state().window_title()
    );
    // The note has the keyboard: typing goes straight into it.
    harness.event(egui::Event::Text("Check the statute.".into()));
    settle(&mut harness);
    let open = self::open(&harness);
    assert_eq!(
        open.doc.project.annotation(&id).unwrap().note,
        "Check the statute."
    );
}

#[test]
fn the_tag_bar_buttons_and_number_keys_tag_too() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    reveal(&mut harness, "NSO recruited two legal firms");
    select_by_drag(&mut harness, "NSO recruited two legal firms");
    harness.get_by_label("Dispute  D").click();
    settle(&mut harness);
    let a = open(&harness)
        .doc
        .project
        .annotation(open(&harness).doc.selected.as_ref().unwrap())
        .unwrap()
        .clone();
    assert_eq!(
        (a.kind, a.quote.as_str()),
        (Kind::Dispute, "NSO recruited two legal firms")
    );

    press(&mut harness, Key::Escape);
    reveal(&mut harness, "The attorneys filed an appeal");
    select_by_drag(&mut harness, "The attorneys filed an appeal");
    press(&mut harness, Key::Num2);
    let a = open(&harness)
        .doc
        .project
        .annotation(open(&harness).doc.selected.as_ref().unwrap())
        .unwrap()
        .clone();
    assert_eq!(
        (a.kind, a.quote.as_str()),
        (Kind::Source, "The attorneys filed an appeal")
    );
}

#[test]
fn clicking_a_highlight_selects_it_and_clicking_again_cycles_through_overlaps() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    // "a report last July" is inside both the countries claim and the Pegasus Project source.
    reveal(&mut harness, "report last July");
    let spot = rects_of(&harness, "report last July", 1)[0].center();
    click_at(&mut harness, spot);
    let first = open(&harness).doc.selected.clone().expect("selected");
    click_at(&mut harness, spot);
    let second = open(&harness).doc.selected.clone().expect("selected");
    assert_ne!(first, second);
    let ids = [first.as_str(), second.as_str()];
    assert!(
        ids.contains(&"c-countries") && ids.contains(&"s-pegasus-project"),
        "{ids:?}"
    );
    // Innermost (shorter) first.
    assert_eq!(first, "c-countries");
    click_at(&mut harness, spot);
    assert_eq!(
        open(&harness).doc.selected.as_deref(),
        Some("c-countries"),
        "cycles back"
    );
    // Clicking plain text clears the selection.
    reveal(&mut harness, "would be a radical");
    let plain = rects_of(&harness, "would be a radical", 1)[0].center();
    click_at(&mut harness, plain);
    assert_eq!(open(&harness).doc.selected, None);
}

#[test]
fn undo_and_redo_with_the_keyboard() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let original = open(&harness).doc.project.clone();
    select_by_drag(&mut harness, SENTENCE);
    press(&mut harness, Key::S);
    press(&mut harness, Key::Escape);
    let tagged = open(&harness).doc.project.clone();
    assert_eq!(tagged.annotations().len(), original.annotations().len() + 1);

    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(open(&harness).doc.project, original);
    assert!(!open(&harness).doc.is_dirty(), "back to the saved state");
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(open(&harness).doc.project, tagged);
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    press_with(&mut harness, Modifiers::COMMAND, Key::Y);
    assert_eq!(open(&harness).doc.project, tagged);
}

#[test]
fn note_verdict_link_and_delete_from_the_panel() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    // Select the "first time" claim (no verdict yet) by clicking it in the text.
    let spot = rects_of(&harness, "first time the US government", 1)[0].center();
    click_at(&mut harness, spot);
    assert_eq!(open(&harness).doc.selected.as_deref(), Some("c-first-time"));

    // Type a note: one undo step for the whole typing.
    harness.get_by_label("Note:").click();
    settle(&mut harness);
    // To the end of the note: select all, then collapse the selection to its end.
    press_with(&mut harness, Modifiers::COMMAND, Key::A);
    press(&mut harness, Key::ArrowRight);
    harness
        .get_by_label("Note:")
        .type_text(" Confirmed with BIS.");
    settle(&mut harness);
    let note = open(&harness)
        .doc
        .project
        .annotation("c-first-time")
        .unwrap()
        .note
        .clone();
    assert!(note.ends_with("Confirmed with BIS."), "{note}");
    press(&mut harness, Key::Escape);

    // Verdict from the combo box.
    // Not approved yet: the verdict is the author's proposal.
    harness.get_by_label("Proposed verdict:").click();
    settle(&mut harness);
    harness.get_by_label("Mostly true").click();
    settle(&mut harness);
    assert_eq!(
        open(&harness)
            .doc
            .project
            .annotation("c-first-time")
            .unwrap()
            .verdict,
        Some(Verdict::MostlyTrue)
    );

    // Link a source to this claim: select the source, L, click the claim in the text.
    reveal(&mut harness, "According to an NSO representative");
    let source = rects_of(&harness, "According to an NSO representative", 1)[0].center();
    click_at(&mut harness, source);
    assert_eq!(open(&harness).doc.selected.as_deref(), Some("s-nso-rep"));
    press(&mut harness, Key::L);
    reveal(&mut harness, "first time the US government");
    let spot = rects_of(&harness, "first time the US government", 1)[0].center();
    click_at(&mut harness, spot);
    let linked = open(&harness)
        .doc
        .project
        .annotation("s-nso-rep")
        .unwrap()
        .claims
        .clone();
    assert_eq!(linked, ["c-first-time"]);
    assert_eq!(
        open(&harness).doc.selected.as_deref(),
        Some("s-nso-rep"),
        "the source stays selected"
    );

    // Delete the claim: the link goes with it; undo brings both back.
    click_at(&mut harness, spot);
    assert_eq!(open(&harness).doc.selected.as_deref(), Some("c-first-time"));
    press(&mut harness, Key::Delete);
    assert!(
        open(&harness)
            .doc
            .project
            .annotation("c-first-time")
            .is_none()
    );
    assert!(
        open(&harness)
            .doc
            .project
            .annotation("s-nso-rep")
            .unwrap()
            .claims
            .is_empty()
    );
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        open(&harness)
            .doc
            .project
            .annotation("s-nso-rep")
            .unwrap()
            .claims,
        ["c-first-time"]
    );
}

#[test]
fn keyboard_only_navigation_with_j_and_k() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    press(&mut harness, Key::J);
    let ids = |h: &Harness<'_, FactmarkApp>| open(h).doc.selected.clone();
    let first = ids(&harness).expect("J selects the first annotation");
    assert_eq!(first, open(&harness).doc.project.annotations()[0].id);
    press(&mut harness, Key::J);
    press(&mut harness, Key::J);
    assert_eq!(
        ids(&harness).unwrap(),
        open(&harness).doc.project.annotations()[2].id
    );
    press(&mut harness, Key::K);
    assert_eq!(
        ids(&harness).unwrap(),
        open(&harness).doc.project.annotations()[1].id
    );
    // The last annotation is scrolled into view.
    for _ in 0..30 {
        harness.key_press(Key::J);
        harness.step();
    }
    settle(&mut harness);
    let last = open(&harness)
        .doc
        .project
        .annotations()
        .last()
        .unwrap()
        .clone();
    assert_eq!(ids(&harness).unwrap(), last.id);
    let rects = rects_of(&harness, &last.quote, 1);
    let screen = harness.ctx.content_rect();
    assert!(
        rects.iter().all(|r| screen.contains_rect(*r)),
        "{rects:?} not within {screen:?}"
    );
}

#[test]
fn save_then_reopen_in_a_fresh_app_gives_the_same_annotations() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    select_by_drag(&mut harness, SENTENCE);
    press(&mut harness, Key::C);
    harness.event(egui::Event::Text("Opinion, not fact.".into()));
    settle(&mut harness);
    press(&mut harness, Key::Escape);
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!open(&harness).doc.is_dirty());
    assert!(
        harness.state().error_messages().is_empty(),
        "{:?}",
        harness.state().error_messages()
    );
    let saved = open(&harness).doc.project.annotations().to_vec();
    assert_eq!(
        load_project(&scratch.project()).unwrap().annotations(),
        saved.as_slice()
    );
    drop(harness);

    let fresh = scratch.app(Some(&scratch.project()), false);
    assert_eq!(open(&fresh).doc.project.annotations(), saved.as_slice());
    let claim = saved.iter().find(|a| a.quote == SENTENCE).unwrap();
    assert_eq!(claim.note, "Opinion, not fact.");
}

#[test]
fn quitting_with_unsaved_work_asks_and_cancel_keeps_it() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    select_by_drag(&mut harness, SENTENCE);
    press(&mut harness, Key::D);
    press(&mut harness, Key::Escape);
    let work = open(&harness).doc.project.clone();

    press_with(&mut harness, Modifiers::COMMAND, Key::Q);
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert!(
        harness.query_by_label("Discard").is_none(),
        "the prompt closed"
    );
    assert_eq!(open(&harness).doc.project, work);
    assert!(open(&harness).doc.is_dirty());

    // Opening another project asks too; Discard throws the work away.
    press_with(&mut harness, Modifiers::COMMAND, Key::W);
    harness.get_by_label("Discard").click();
    settle(&mut harness);
    assert!(harness.state().open.is_none());
    assert_ne!(
        load_project(&scratch.project()).unwrap(),
        work,
        "nothing was saved"
    );
}

#[test]
fn discard_then_an_open_that_fails_keeps_the_work_unsaved() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    select_by_drag(&mut harness, SENTENCE);
    press(&mut harness, Key::C);
    press(&mut harness, Key::Escape);
    let work = open(&harness).doc.project.clone();

    // Open a file that is not a project (as from the recent list, or a drop): the prompt
    // comes first, then the open fails.
    let broken = scratch.dir.path().join("broken.factmark.json");
    std::fs::write(&broken, b"{ not json").unwrap();
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, factmark::app::Action::Open(broken));
    settle(&mut harness);
    harness.get_by_label("Discard").click();
    settle(&mut harness);
    assert!(
        !harness.state().error_messages().is_empty(),
        "the failed open is reported"
    );
    assert_eq!(open(&harness).doc.project, work, "the work is still open");
    assert!(
        open(&harness).doc.is_dirty(),
        "and still unsaved, so quitting asks again"
    );
    press_with(&mut harness, Modifiers::COMMAND, Key::Q);
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert_eq!(open(&harness).doc.project, work);
}

#[test]
fn the_prompt_can_save_before_closing() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    select_by_drag(&mut harness, SENTENCE);
    press(&mut harness, Key::C);
    press(&mut harness, Key::Escape);
    let work = open(&harness).doc.project.annotations().to_vec();
    press_with(&mut harness, Modifiers::COMMAND, Key::W);
    harness.get_by_label("Save").click();
    settle(&mut harness);
    assert!(harness.state().open.is_none());
    assert_eq!(
        load_project(&scratch.project()).unwrap().annotations(),
        work.as_slice()
    );
}

#[test]
fn the_last_project_reopens_where_the_reader_was() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    // Jump to the end so the view scrolls.
    for _ in 0..25 {
        harness.key_press(Key::J);
        harness.step();
    }
    settle(&mut harness);
    let top = open(&harness).view.top_char;
    assert!(top > 0, "the view scrolled");
    press_with(&mut harness, Modifiers::COMMAND, Key::Q);
    drop(harness);

    let harness = scratch.app(None, true);
    let open = open(&harness);
    assert_eq!(
        open.doc
            .path
            .as_deref()
            .map(std::fs::canonicalize)
            .unwrap()
            .unwrap(),
        std::fs::canonicalize(scratch.project()).unwrap()
    );
    assert!(
        open.view.top_char > 0 && open.view.top_char.abs_diff(top) < 400,
        "{} vs {top}",
        open.view.top_char
    );
}

#[test]
fn with_nothing_to_reopen_the_welcome_screen_offers_the_sample() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(None, true);
    assert!(harness.state().open.is_none());
    harness.get_by_label_contains("Open sample project").click();
    settle(&mut harness);
    let open = open(&harness);
    assert_eq!(open.doc.project.annotations().len(), 22);
    assert!(
        open.doc.path.is_none(),
        "the sample opens as an unsaved copy"
    );
}

#[test]
fn an_invalid_project_shows_an_error_and_keeps_the_current_work() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let bad = scratch.dir.path().join("broken.factmark.json");
    std::fs::write(
        &bad,
        b"{\"format\": \"factmark-project\", \"version\": 1, \"article\": ",
    )
    .unwrap();
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, factmark::app::Action::Open(bad));
    settle(&mut harness);
    let errors = harness.state().error_messages().join("\n");
    assert!(
        errors.contains("broken.factmark.json") && errors.contains("not a valid project file"),
        "{errors}"
    );
    assert_eq!(
        open(&harness).doc.path.as_deref(),
        Some(scratch.project().as_path())
    );
}

#[test]
fn a_selection_over_emoji_and_accents_never_splits_a_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.txt");
    std::fs::write(&article, "Family 👩‍👩‍👧 photo near the flag 🇺🇦 today.\r\nThe café costs e\u{301}normous sums 🙂 says Zoë.\r\n").unwrap();
    let options = StartupOptions {
        file: Some(article.clone()),
        reopen_last: false,
        prefs: PrefsStore::in_memory(),
        recovery: RecoveryStore::disabled(),
    };
    // Whether this machine's fonts draw every emoji does not matter to offsets.
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 820.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| FactmarkApp::new(&cc.egui_ctx, options));
    settle(&mut harness);
    let text = open(&harness).doc.project.article().text.clone();
    let rect_of = |h: &Harness<'_, FactmarkApp>, needle: &str| {
        let range = find_chars(text.as_str(), needle, 1);
        (
            range.clone(),
            open(h).view.screen_rects(&h.ctx, &text, range)[0],
        )
    };

    // Exact characters (Alt+drag) from a quarter into the family emoji to three quarters
    // into the flag: a point inside a cluster hits the cluster's nearer edge, so both are
    // taken whole, never cut.
    let (family, family_rect) = rect_of(&harness, "👩‍👩‍👧");
    let (flag, flag_rect) = rect_of(&harness, "🇺🇦");
    let at = |r: Rect, fraction: f32| Pos2::new(r.left() + r.width() * fraction, r.center().y);
    harness.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    drag(&mut harness, at(family_rect, 0.25), at(flag_rect, 0.75));
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    let sel = open(&harness).view.selected_range().expect("a selection");
    assert_eq!(sel, family.start..flag.end, "{:?}", text.slice(sel.clone()));
    press(&mut harness, Key::C);
    let id = open(&harness).doc.selected.clone().unwrap();
    assert_eq!(
        open(&harness).doc.project.annotation(&id).unwrap().quote,
        "👩‍👩‍👧 photo near the flag 🇺🇦"
    );
    press(&mut harness, Key::Escape);

    // Word snapping keeps a letter with its combining accent.
    let (cafe, cafe_rect) = rect_of(&harness, "café");
    let (enorm, enorm_rect) = rect_of(&harness, "e\u{301}normous");
    drag(&mut harness, cafe_rect.center(), enorm_rect.center());
    let sel = open(&harness).view.selected_range().expect("a selection");
    assert_eq!(sel, cafe.start..enorm.end, "{:?}", text.slice(sel.clone()));
    for offset in [sel.start, sel.end] {
        assert!(text.is_grapheme_boundary(offset));
    }
}

#[test]
fn every_control_has_an_accessible_name() {
    let scratch = Scratch::new();
    // The welcome screen, with a recent project listed.
    let mut prefs = factmark::app::prefs::Preferences::default();
    prefs.add_recent(&scratch.project());
    prefs.add_recent(&scratch.dir.path().join("gone.factmark.json"));
    scratch.prefs().save(&prefs).unwrap();
    let harness = scratch.app(None, false);
    harness.check_accessibility();
    drop(harness);

    // A project with a source selected: list, filters, and every detail control.
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let source = rects_of(&harness, "According to Israeli and American officials", 1)[0].center();
    click_at(&mut harness, source);
    assert_eq!(
        open(&harness).doc.selected.as_deref(),
        Some("s-officials-lede")
    );
    harness.check_accessibility();
    // And a claim, which has the verdict box.
    press(&mut harness, Key::J);
    harness.check_accessibility();
}

#[test]
fn the_readme_lists_every_shortcut_the_app_has() {
    let readme = std::fs::read_to_string(common::repo_path("README.md")).unwrap();
    for command in factmark::app::commands::UiCommand::ALL {
        if !command.shortcuts().is_empty() {
            assert!(
                readme.contains(&format!("| {} |", command.text())),
                "README lacks {:?}",
                command.text()
            );
        }
    }
}

/// The "done when", as a user would do it: select a sentence with the mouse, press C,
/// type a note, Ctrl+S, quit, start again with no file, and find the claim there.
#[test]
fn select_tag_note_save_quit_restart_finds_the_claim() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), true);
    let sentence =
        "The attorneys filed an appeal with the Department of Commerce and requested a hearing";
    reveal(&mut harness, sentence);
    // Triple-click selects the whole sentence.
    let spot = rects_of(&harness, "filed an appeal", 1)[0].center();
    quick_clicks(&mut harness, spot, 3);
    settle(&mut harness);
    let text = open(&harness).doc.project.article().text.clone();
    let selected = open(&harness)
        .view
        .selected_range()
        .expect("a sentence is selected");
    assert_eq!(
        text.slice(selected),
        Some(
            "The attorneys filed an appeal with the Department of Commerce and requested a hearing, which has yet to take place."
        )
    );
    press(&mut harness, Key::C);
    harness.event(egui::Event::Text(
        "Ask BIS whether a hearing was held.".into(),
    ));
    settle(&mut harness);
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    press_with(&mut harness, Modifiers::COMMAND, Key::Q);
    assert!(
        harness.query_by_label("Discard").is_none(),
        "nothing unsaved, so no prompt"
    );
    drop(harness);

    let harness = scratch.app(None, true);
    let project = &open(&harness).doc.project;
    let claims: Vec<_> = project
        .annotations()
        .iter()
        .filter(|a| a.note == "Ask BIS whether a hearing was held.")
        .collect();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].kind, Kind::Claim);
    assert!(claims[0].quote.starts_with("The attorneys filed an appeal"));
}

#[test]
fn double_triple_and_quadruple_clicks_select_word_sentence_paragraph() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let paragraph = "Removing NSO from the US blacklist would be a radical US government reversal, and it would almost certainly be opposed by progressives in the Democratic Party and Congress, as well as many in the cybersecurity sector.";
    reveal(&mut harness, paragraph);
    let spot = rects_of(&harness, "radical", 1)[0].center();
    let seen = quick_clicks(&mut harness, spot, 4);
    assert_eq!(seen[1].as_deref(), Some("radical"));
    assert_eq!(
        seen[2].as_deref(),
        Some(paragraph),
        "one sentence here is the whole paragraph"
    );
    assert_eq!(seen[3].as_deref(), Some(paragraph));

    // In a paragraph of two sentences, triple-click takes one and quadruple-click both.
    let two = "According to a US source and two Israeli officials, the Biden administration is examining the Israeli proposal. Another US official, though, disputed that the administration is contemplating it.";
    reveal(&mut harness, two);
    let spot = rects_of(&harness, "disputed", 1)[0].center();
    let seen = quick_clicks(&mut harness, spot, 4);
    assert_eq!(seen[1].as_deref(), Some("disputed"));
    assert_eq!(
        seen[2].as_deref(),
        Some("Another US official, though, disputed that the administration is contemplating it.")
    );
    assert_eq!(seen[3].as_deref(), Some(two));
}

/// An Arabic article reads right to left in the app; dragging over words and pressing C tags
/// exactly those words.
#[test]
fn dragging_over_arabic_words_tags_exactly_those_words() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("ar.txt");
    std::fs::write(
        &article,
        "برنامج UNICEF في 2026\nقالت المتحدثة إن البرنامج سيغطي 12 مليون طفل في 2026، وإن التمويل لم يصل بعد.\n",
    )
    .unwrap();
    let options = StartupOptions {
        file: Some(article),
        reopen_last: false,
        prefs: PrefsStore::in_memory(),
        recovery: RecoveryStore::disabled(),
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 820.0))
        .with_step_dt(0.05)
        .build_eframe(move |cc| FactmarkApp::new(&cc.egui_ctx, options));
    settle(&mut harness);
    let words = "البرنامج سيغطي 12 مليون";
    let rects = rects_of(&harness, words, 1);
    assert_eq!(rects.len(), 1, "one line: {rects:?}");
    let r = rects[0];
    // Right to left: the first word is at the right end. Drag from inside the first word's
    // end of the span to inside the last word's.
    let from = Pos2::new(r.right() - 4.0, r.center().y);
    let to = Pos2::new(r.left() + 4.0, r.center().y);
    drag(&mut harness, from, to);
    let open = open(&harness);
    let text = &open.doc.project.article().text;
    let selected = open.view.selected_range().expect("a selection");
    assert_eq!(text.slice(selected), Some(words));
    press(&mut harness, Key::C);
    let open = self::open(&harness);
    let id = open.doc.selected.clone().unwrap();
    assert_eq!(open.doc.project.annotation(&id).unwrap().quote, words);
    // The paragraph is right-aligned: its text ends near the column's right edge.
    let line = rects_of(&harness, "قالت", 1)[0];
    assert!(
        line.right() > r.right(),
        "the paragraph starts at the right"
    );
}

#[test]
fn exports_from_the_app_write_the_same_files_as_the_command_line() {
    use factmark::app::Action;
    use factmark::export::ExportFormat;
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    // The menu lists every format.
    harness.get_by_label("File").click();
    settle(&mut harness);
    harness.get_by_label("Export").hover();
    settle(&mut harness);
    for format in ExportFormat::ALL {
        harness.get_by_label(&format!("{}…", format.label()));
    }
    press(&mut harness, Key::Escape);

    let ctx = harness.ctx.clone();
    let out = scratch.dir.path().join("report.html");
    harness
        .state_mut()
        .apply(&ctx, Action::ExportTo(ExportFormat::Html, out.clone()));
    settle(&mut harness);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("<html") && html.contains("Israel"),
        "{}",
        &html[..200.min(html.len())]
    );

    // Exporting over the open project itself is refused.
    harness.state_mut().apply(
        &ctx,
        Action::ExportTo(ExportFormat::Json, scratch.project()),
    );
    settle(&mut harness);
    assert!(
        harness
            .state()
            .error_messages()
            .join(" ")
            .contains("open project's own file")
    );

    // ClaimReview asks for the organization first, in Preferences.
    harness
        .state_mut()
        .apply(&ctx, Action::Export(ExportFormat::ClaimReview));
    settle(&mut harness);
    harness.get_by_label("Organization").click();
    settle(&mut harness);
    harness
        .get_by_label("Organization")
        .type_text("Example Fact Check");
    settle(&mut harness);
    harness.get_by_label("Apply").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().preferences().organization.as_deref(),
        Some("Example Fact Check")
    );
    let out = scratch.dir.path().join("claims.jsonld");
    harness.state_mut().apply(
        &ctx,
        Action::ExportTo(ExportFormat::ClaimReview, out.clone()),
    );
    settle(&mut harness);
    let json = std::fs::read_to_string(&out).unwrap();
    assert!(json.contains("Example Fact Check"), "{json}");
}

#[test]
fn shift_arrows_extend_the_selection() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    reveal(&mut harness, "radical US government");
    let spot = rects_of(&harness, "radical", 1)[0].center();
    let seen = quick_clicks(&mut harness, spot, 2);
    assert_eq!(seen[1].as_deref(), Some("radical"));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    settle(&mut harness);
    let text = open(&harness).doc.project.article().text.clone();
    let sel = open(&harness).view.selected_range().unwrap();
    assert_eq!(text.slice(sel), Some("radical U"));
    // With Ctrl: to the end of this word, then of the next, as editors do.
    harness.key_press_modifiers(Modifiers::SHIFT | Modifiers::COMMAND, Key::ArrowRight);
    settle(&mut harness);
    let sel = open(&harness).view.selected_range().unwrap();
    assert_eq!(text.slice(sel), Some("radical US"));
    harness.key_press_modifiers(Modifiers::SHIFT | Modifiers::COMMAND, Key::ArrowRight);
    settle(&mut harness);
    let sel = open(&harness).view.selected_range().unwrap();
    assert_eq!(text.slice(sel), Some("radical US government"));
    // Pressed and released within one frame (the frame's modifiers never show Ctrl).
    harness.event(egui::Event::Key {
        key: Key::ArrowRight,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::SHIFT | Modifiers::COMMAND,
    });
    settle(&mut harness);
    let sel = open(&harness).view.selected_range().unwrap();
    assert_eq!(text.slice(sel), Some("radical US government reversal"));
    // One more character takes the comma; one more the space after it, which tagging drops.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    settle(&mut harness);
    let sel = open(&harness).view.selected_range().unwrap();
    assert_eq!(text.slice(sel), Some("radical US government reversal, "));
    press(&mut harness, Key::C);
    let id = open(&harness).doc.selected.clone().unwrap();
    assert_eq!(
        open(&harness).doc.project.annotation(&id).unwrap().quote,
        "radical US government reversal,"
    );
}

/// File ▸ Save As, as the app asks it of a native dialog.
fn save_as_request(directory: &Path, file_name: &str) -> factmark::app::file_dialog::DialogRequest {
    use factmark::app::file_dialog::{DialogKind, DialogPurpose, DialogRequest};
    DialogRequest {
        purpose: DialogPurpose::SaveAs,
        title: "Save project as".into(),
        filters: Vec::new(),
        directory: Some(directory.to_path_buf()),
        file_name: Some(file_name.into()),
        kind: DialogKind::SaveFile,
    }
}

#[test]
fn without_a_native_file_dialog_the_path_is_typed_in_the_window() {
    use factmark::app::Action;
    use factmark::app::file_dialog::DialogAnswer;
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    select_by_drag(&mut harness, SENTENCE);
    press(&mut harness, Key::C);
    press(&mut harness, Key::Escape);
    let work = open(&harness).doc.project.annotations().to_vec();

    // File ▸ Save As…, on a system where rfd finds no desktop portal.
    let request = save_as_request(scratch.dir.path(), "copy.factmark.json");
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        Action::DialogEnded(DialogAnswer::Unavailable(request)),
    );
    settle(&mut harness);
    harness.get_by_label_contains("No file dialog could be shown");
    // The suggested path is filled in.
    let field = harness.get_by_label("Save as");
    assert!(
        field
            .value()
            .is_some_and(|v| v.ends_with("copy.factmark.json")),
        "{:?}",
        field.value()
    );
    harness.get_by_label("OK").click();
    settle(&mut harness);
    let saved = scratch.dir.path().join("copy.factmark.json");
    assert!(saved.exists(), "saved where the prompt said");
    assert_eq!(load_project(&saved).unwrap().annotations(), work.as_slice());
    assert!(!open(&harness).doc.is_dirty());
    assert!(harness.query_by_label_contains("No file dialog").is_none());

    // Saving as that name again: the prompt asks before replacing it, as a dialog would.
    select_by_drag(&mut harness, SENTENCE);
    press(&mut harness, Key::S);
    press(&mut harness, Key::Escape);
    let request = save_as_request(scratch.dir.path(), "copy.factmark.json");
    harness.state_mut().apply(
        &ctx,
        Action::DialogEnded(DialogAnswer::Unavailable(request)),
    );
    settle(&mut harness);
    harness.get_by_label("OK").click();
    settle(&mut harness);
    harness.get_by_label_contains("already exists. Press OK again to replace it");
    assert_eq!(
        load_project(&saved).unwrap().annotations(),
        work.as_slice(),
        "not replaced yet"
    );
    harness.get_by_label("OK").click();
    settle(&mut harness);
    assert_eq!(
        load_project(&saved).unwrap().annotations().len(),
        work.len() + 1,
        "replaced on the second OK"
    );
}

#[test]
fn a_selection_of_only_spaces_tags_nothing() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let before = open(&harness).doc.project.annotations().len();
    {
        let open = harness.state_mut().open.as_mut().unwrap();
        let text = open.doc.project.article().text.as_str();
        let at = find_chars(text, "US government", 1).start - 1
            ..find_chars(text, "US government", 1).start;
        assert_eq!(
            &text.chars().skip(at.start).take(1).collect::<String>(),
            " "
        );
        open.view.selection = Some(factmark::app::text_selection::TextSelection::new(at));
    }
    settle(&mut harness);
    press(&mut harness, Key::C);
    settle(&mut harness);
    assert_eq!(open(&harness).doc.project.annotations().len(), before);
    assert!(!open(&harness).doc.is_dirty());
    harness.get_by_label_contains("Nothing to tag");
}

#[test]
fn search_by_keyboard_then_walk_the_results() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let project = open(&harness).doc.project.clone();
    let matches: Vec<String> = project
        .annotations()
        .iter()
        .filter(|a| {
            [
                a.quote.as_str(),
                a.note.as_str(),
                a.record.claim_checked.as_deref().unwrap_or(""),
                a.record.explanation.as_str(),
            ]
            .iter()
            .any(|t| t.to_lowercase().contains("pegasus"))
                || a.evidence
                    .iter()
                    .any(|e| e.citation().to_lowercase().contains("pegasus"))
                || a.record
                    .claimant
                    .as_ref()
                    .is_some_and(|c| c.display().to_lowercase().contains("pegasus"))
        })
        .map(|a| a.id.clone())
        .collect();
    assert!(
        matches.len() >= 2,
        "the sample mentions Pegasus in several places"
    );

    press_with(&mut harness, Modifiers::COMMAND, Key::F);
    settle(&mut harness);
    harness.get_by_label("Search").type_text("pegasus");
    settle(&mut harness);
    press(&mut harness, Key::Enter);
    settle(&mut harness);
    assert_eq!(
        open(&harness).doc.selected.as_deref(),
        Some(matches[0].as_str()),
        "Enter selects the first result"
    );
    // The keyboard has left the field: J goes on to the next result.
    press(&mut harness, Key::J);
    settle(&mut harness);
    assert_eq!(
        open(&harness).doc.selected.as_deref(),
        Some(matches[1].as_str())
    );
}

#[test]
fn another_project_opens_at_its_top_not_where_the_last_was_left() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let last = open(&harness)
        .doc
        .project
        .annotations()
        .last()
        .unwrap()
        .start;
    harness
        .state_mut()
        .open
        .as_mut()
        .unwrap()
        .view
        .scroll_to(last, egui::Align::Center);
    settle(&mut harness);
    assert!(open(&harness).view.top_char > 0, "scrolled down");

    let other = scratch.dir.path().join("other.factmark.json");
    std::fs::copy(sample_project_path(), &other).unwrap();
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, factmark::app::Action::Open(other.clone()));
    settle(&mut harness);
    assert_eq!(open(&harness).doc.path.as_deref(), Some(other.as_path()));
    assert_eq!(
        open(&harness).view.top_char,
        0,
        "the new project starts at the top"
    );
}

/// Scroll what is labelled `label` into view and click it, as a person would.
fn click_label(harness: &mut Harness<'_, FactmarkApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    settle(harness);
    harness.get_by_label(label).click();
    settle(harness);
}

/// Type into the field labelled `label` (clicking it first), replacing what it holds.
fn fill(harness: &mut Harness<'_, FactmarkApp>, label: &str, text: &str) {
    click_label(harness, label);
    press_with(harness, Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

#[test]
fn a_claim_record_and_evidence_are_filled_in_saved_and_reopened() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    let spot = rects_of(&harness, "first time the US government", 1)[0].center();
    click_at(&mut harness, spot);
    assert_eq!(open(&harness).doc.selected.as_deref(), Some("c-first-time"));

    fill(&mut harness, "Claimant:", "Example News");
    click_label(&mut harness, "Claimant type");
    click_label(&mut harness, "Organisation");
    fill(
        &mut harness,
        "Claim as checked:",
        "NSO was the first Israeli cyber firm the US government sanctioned.",
    );
    fill(&mut harness, "First said:", "2021-11");
    // Half a date is kept in the field but not saved yet.
    let claim = |h: &Harness<'_, FactmarkApp>| {
        open(h)
            .doc
            .project
            .annotation("c-first-time")
            .unwrap()
            .clone()
    };
    assert_eq!(claim(&harness).record.first_said, None);
    harness.get_by_label("First said:").type_text("-03");
    settle(&mut harness);
    click_label(&mut harness, "Explanation");
    fill(
        &mut harness,
        "Published review:",
        "https://factcheck.example/nso-first",
    );
    settle(&mut harness);
    click_label(&mut harness, "Evidence");
    click_label(&mut harness, "+ Add evidence");
    fill(
        &mut harness,
        "Title:",
        "Entity List additions, 3 November 2021",
    );
    fill(
        &mut harness,
        "URL:",
        "https://www.federalregister.gov/d/2021-24123",
    );
    fill(
        &mut harness,
        "Archived copy:",
        "https://web.archive.org/web/2021/https://www.federalregister.gov/d/2021-24123",
    );
    fill(&mut harness, "Accessed:", "2026-11-30");
    press(&mut harness, Key::Escape);

    let a = claim(&harness);
    let claimant = a.record.claimant.as_ref().expect("a claimant");
    assert_eq!(claimant.name, "Example News");
    assert_eq!(claimant.kind, factmark::model::ClaimantKind::Organization);
    assert_eq!(
        a.record.claim_checked.as_deref(),
        Some("NSO was the first Israeli cyber firm the US government sanctioned.")
    );
    assert_eq!(
        a.record.first_said.as_ref().and_then(|f| f.date.as_deref()),
        Some("2021-11-03")
    );
    assert_eq!(
        a.record.review_url.as_deref(),
        Some("https://factcheck.example/nso-first")
    );
    assert_eq!(a.evidence.len(), 1);
    assert_eq!(
        a.evidence[0].url.as_deref(),
        Some("https://www.federalregister.gov/d/2021-24123")
    );
    assert_eq!(a.evidence[0].accessed.as_deref(), Some("2026-11-30"));

    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!open(&harness).doc.is_dirty());
    drop(harness);
    let fresh = scratch.app(Some(&scratch.project()), false);
    assert_eq!(
        open(&fresh).doc.project.annotation("c-first-time").unwrap(),
        &a
    );
}

#[test]
fn changing_a_rated_claims_kind_asks_first_and_says_what_changed() {
    let scratch = Scratch::new();
    let mut harness = scratch.app(Some(&scratch.project()), false);
    reveal(&mut harness, "When the US blacklisted NSO");
    let spot = rects_of(&harness, "When the US blacklisted NSO", 1)[0].center();
    click_at(&mut harness, spot);
    assert_eq!(
        open(&harness).doc.selected.as_deref(),
        Some("c-blacklist-reason")
    );
    let verdict = |h: &Harness<'_, FactmarkApp>| {
        let a = open(h)
            .doc
            .project
            .annotation("c-blacklist-reason")
            .unwrap();
        (a.kind, a.verdict, a.record.claimant.is_some())
    };
    let before = verdict(&harness);
    assert_eq!(before, (Kind::Claim, Some(Verdict::MostlyTrue), true));

    // A stray S then C: the first asks, the second goes nowhere while it asks.
    press(&mut harness, Key::S);
    press(&mut harness, Key::C);
    assert_eq!(verdict(&harness), before);
    harness.get_by_label("Keep it").click();
    settle(&mut harness);
    assert_eq!(verdict(&harness), before);

    press(&mut harness, Key::S);
    harness.get_by_label("Make it a source").click();
    settle(&mut harness);
    assert_eq!(verdict(&harness), (Kind::Source, None, false));
    let said = harness.state().notice_messages().join("\n");
    assert!(said.contains("its verdict (Mostly true)"), "{said}");
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(verdict(&harness), before);

    // A source that supports a claim does not silently start contesting it.
    let linked_source = "s-officials-lede";
    harness.state_mut().open.as_mut().unwrap().doc.selected = Some(linked_source.to_string());
    settle(&mut harness);
    press(&mut harness, Key::D);
    let kind =
        |h: &Harness<'_, FactmarkApp>| open(h).doc.project.annotation(linked_source).unwrap().kind;
    assert_eq!(kind(&harness), Kind::Source);
    harness.get_by_label("Keep it").click();
    settle(&mut harness);
    assert_eq!(kind(&harness), Kind::Source);
}

#[test]
fn a_project_with_a_bad_annotation_opens_with_it_set_aside_and_keeps_it() {
    let scratch = Scratch::new();
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(scratch.project()).unwrap()).unwrap();
    value["annotations"][1]["verdict"] = serde_json::json!("mostly-truthy");
    let broken_raw = value["annotations"][1].clone();
    let broken = scratch.dir.path().join("broken.factmark.json");
    std::fs::write(&broken, serde_json::to_vec_pretty(&value).unwrap()).unwrap();

    let mut harness = scratch.app(None, false);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, factmark::app::Action::Open(broken.clone()));
    settle(&mut harness);
    assert!(
        harness.state().open.is_none(),
        "nothing opens before the user says so"
    );
    // Every problem is listed in the app.
    harness.get_by_label_contains("unknown verdict \"mostly-truthy\"");
    harness.get_by_label("Open with problems set aside").click();
    settle(&mut harness);
    let project = &open(&harness).doc.project;
    assert_eq!(project.annotations().len(), 21);
    assert_eq!(project.needs_repair().len(), 1);
    assert_eq!(project.needs_repair()[0].raw, broken_raw);
    // The "Needs repair" list is showing, with the problem and the annotation as written.
    harness.get_by_label_contains("Needs repair (1)");

    // Saving keeps it exactly as it was written.
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&broken).unwrap()).unwrap();
    assert_eq!(saved["needs_repair"][0], broken_raw);
    assert_eq!(saved["annotations"].as_array().unwrap().len(), 21);
}
