//! Re-anchoring annotations when the article text changes: edits before, inside and after
//! spans; a span's sentence deleted; duplicated sentences; whitespace-only changes; moved
//! paragraphs; Unicode; a later update restoring a sentence; the revision history and undo.

mod common;

use common::{NOW, find_chars, project_with_text, sample_project_path, tag};
use factmark::model::{AnchorStatus, History, Kind, Project, Verdict};
use factmark::project_file::{load_project, parse_project, project_to_json};
use factmark::reanchor::{DiffKind, Outcome, ReanchorReport, ReviewReason, update_article_text};

const LATER: &str = "2026-12-03T09:00:00Z";

/// Replace the project's text, apply the update, check the result survives a save and a
/// load, and return the report.
fn update(project: &mut Project, new_text: &str) -> ReanchorReport {
    let metadata = project.article().metadata.clone();
    let update = update_article_text(project, new_text, metadata, LATER);
    project.apply(&update.edit).unwrap();
    assert_eq!(project.article().text.as_str(), new_text);
    let reloaded = parse_project(&project_to_json(project)).unwrap();
    assert_eq!(
        &reloaded, project,
        "the updated project saves and loads unchanged"
    );
    update.report
}

fn outcome(report: &ReanchorReport, id: &str) -> Outcome {
    report.placement(id).unwrap().outcome
}

/// The annotation is placed over exactly `needle` (its `occurrence`-th copy) in the text.
fn assert_placed_at(project: &Project, id: &str, needle: &str, occurrence: usize) {
    let a = project
        .annotation(id)
        .unwrap_or_else(|| panic!("{id} is not placed"));
    let expected = find_chars(project.article().text.as_str(), needle, occurrence);
    assert_eq!(
        (a.start..a.end, a.quote.as_str()),
        (expected, needle),
        "{id}"
    );
    assert_eq!(
        project.article().text.slice(a.range()),
        Some(a.quote.as_str())
    );
}

const TEXT: &str = "The council met on Monday. Officials said the plan is legal and fully funded. \
                    Critics disputed that. The mayor resigned on Tuesday.\n\
                    A second paragraph adds detail about the budget of 4.5 million.";

#[test]
fn edits_before_and_after_a_span_keep_it() {
    let mut project = project_with_text(TEXT);
    let claim = tag(
        &mut project,
        Kind::Claim,
        "the plan is legal and fully funded",
    );
    let report = update(
        &mut project,
        &TEXT
            .replace(
                "The council met on Monday.",
                "The city council met late on Monday evening.",
            )
            .replace("4.5 million", "4.5 million, a record"),
    );
    assert_eq!(outcome(&report, &claim), Outcome::Kept);
    assert_placed_at(&project, &claim, "the plan is legal and fully funded", 1);
    let a = project.annotation(&claim).unwrap();
    assert_eq!(a.anchor, None, "kept annotations carry no status");
    assert_eq!(a.prefix, " Monday evening. Officials said ");
    assert_eq!(report.counts().kept, 1);
}

#[test]
fn an_edit_inside_a_span_changes_its_wording() {
    let mut project = project_with_text(TEXT);
    let claim = tag(
        &mut project,
        Kind::Claim,
        "the plan is legal and fully funded",
    );
    let old = project.annotation(&claim).unwrap().clone();
    let report = update(
        &mut project,
        &TEXT.replace("legal and fully funded", "lawful and partly funded"),
    );
    assert_eq!(outcome(&report, &claim), Outcome::Changed);
    assert_placed_at(&project, &claim, "the plan is lawful and partly funded", 1);
    let anchor = project.annotation(&claim).unwrap().anchor.clone().unwrap();
    assert_eq!(anchor.status, AnchorStatus::Changed);
    let was = anchor.was.unwrap();
    assert_eq!(
        (was.start, was.end, was.quote.as_str()),
        (old.start, old.end, old.quote.as_str())
    );
    // The old text is in the history, and the old place is true of it.
    let revision = &project.revisions()[0];
    assert_eq!(revision.text.as_ref().unwrap().as_str(), TEXT);
    assert_eq!(revision.replaced, LATER);
    assert_eq!(anchor.text_sha256, revision.text_sha256);
    // The diff says which change touched it.
    let diff = report.diff.unwrap();
    let change = diff.changes().next().unwrap();
    assert_eq!(change.kind, DiffKind::Replace);
    assert_eq!(change.annotations, std::slice::from_ref(&claim));
}

#[test]
fn a_deleted_sentence_needs_review_and_is_not_lost() {
    let mut project = project_with_text(TEXT);
    let gone = tag(&mut project, Kind::Claim, "The mayor resigned on Tuesday");
    let dispute = tag(&mut project, Kind::Dispute, "Critics disputed that");
    let edit = project
        .edit_set_claims(&dispute, std::slice::from_ref(&gone), NOW)
        .unwrap();
    project.apply(&edit).unwrap();
    let edit = project
        .edit_set_verdict(&gone, Some(Verdict::False), NOW)
        .unwrap();
    project.apply(&edit).unwrap();
    let before = project.find(&gone).unwrap().clone();

    let report = update(
        &mut project,
        &TEXT.replace(" The mayor resigned on Tuesday.", ""),
    );
    let placement = report.placement(&gone).unwrap();
    assert_eq!(placement.outcome, Outcome::NeedsReview);
    assert!(placement.new.is_none());
    assert_eq!(outcome(&report, &dispute), Outcome::Kept);
    // Kept apart with its old quote and offsets, note, verdict and links.
    assert!(project.annotation(&gone).is_none());
    let kept = project.find(&gone).unwrap();
    assert_eq!(project.needs_review().len(), 1);
    assert_eq!(
        (kept.start, kept.end, &kept.quote),
        (before.start, before.end, &before.quote)
    );
    assert_eq!(kept.verdict, Some(Verdict::False));
    assert_eq!(
        project.annotation(&dispute).unwrap().claims,
        std::slice::from_ref(&gone)
    );
    let anchor = kept.anchor.as_ref().unwrap();
    assert_eq!(anchor.status, AnchorStatus::NeedsReview);
    let old_text = project.text_by_sha256(&anchor.text_sha256).unwrap();
    assert_eq!(
        old_text.slice(kept.range()),
        Some("The mayor resigned on Tuesday")
    );
}

#[test]
fn a_near_identical_sentence_elsewhere_does_not_receive_a_deleted_claim() {
    // The sample's lede and second paragraph say the same thing; the claim is on the lede.
    let mut project = load_project(&sample_project_path()).unwrap();
    let lede = project.annotation("c-lede").unwrap().clone();
    let text = project.article().text.as_str().to_string();
    let lede_paragraph = text.lines().nth(1).unwrap();
    assert!(lede_paragraph.contains(&lede.quote));
    // The outlet deletes the lede paragraph.
    let new_text = text.replace(&format!("{lede_paragraph}\n"), "");
    let report = update(&mut project, &new_text);
    // The identical words in the next paragraph are that paragraph's, not the lede's.
    let placement = report.placement("c-lede").unwrap();
    assert_eq!(placement.outcome, Outcome::NeedsReview, "{placement:?}");
    assert_eq!(placement.reason, Some(ReviewReason::OnlyLookAlikes));
    assert_eq!(outcome(&report, "s-officials-lede"), Outcome::NeedsReview);
    // Everything else stays, unchanged.
    let counts = report.counts();
    assert_eq!(counts.needs_review, 2, "{:?}", report.placements);
    assert_eq!(counts.kept, 20);
    assert_eq!(
        project.annotations().len() + project.needs_review().len(),
        22
    );
}

#[test]
fn context_picks_the_right_copy_of_a_repeated_sentence() {
    let old = "Alpha said so. The budget passed. Beta agreed.\n\
               Gamma objected. The budget passed. Delta left.";
    let mut project = project_with_text(old);
    // The second copy, whose context is Gamma and Delta.
    let range = find_chars(old, "The budget passed.", 2);
    let a = project
        .make_annotation(Kind::Claim, range, None, NOW)
        .unwrap();
    let id = a.id.clone();
    project.apply(&factmark::model::Edit::Add(a)).unwrap();
    // The paragraphs swap and both are reworded around the sentence.
    let new = "Gamma objected loudly. The budget passed. Delta left early.\n\
               Alpha said so twice. The budget passed. Beta agreed at once.";
    let report = update(&mut project, new);
    assert_ne!(
        outcome(&report, &id),
        Outcome::NeedsReview,
        "{:?}",
        report.placements
    );
    assert_placed_at(&project, &id, "The budget passed.", 1);
}

#[test]
fn a_duplicated_sentence_in_the_new_text_keeps_the_annotation_on_its_own_copy() {
    let old = "Background first. The budget passed on Friday. Reaction followed.";
    let mut project = project_with_text(old);
    let id = tag(&mut project, Kind::Claim, "The budget passed on Friday.");
    // The outlet adds a summary that repeats the sentence before the original.
    let new = "Summary: The budget passed on Friday.\nBackground first. The budget passed on Friday. Reaction followed.";
    let report = update(&mut project, new);
    assert_eq!(outcome(&report, &id), Outcome::Kept);
    assert_placed_at(&project, &id, "The budget passed on Friday.", 2);
}

#[test]
fn whitespace_only_changes_are_no_change() {
    let mut project = project_with_text(TEXT);
    let claim = tag(
        &mut project,
        Kind::Claim,
        "the plan is legal and fully funded",
    );
    let source = tag(&mut project, Kind::Source, "Officials said");
    let new = TEXT
        .replace("the plan is legal", "the  plan\nis\u{a0}legal")
        .replace(". Officials", ".\n\nOfficials");
    let report = update(&mut project, &new);
    assert_eq!(outcome(&report, &claim), Outcome::Kept);
    assert_eq!(outcome(&report, &source), Outcome::Kept);
    let a = project.annotation(&claim).unwrap();
    assert_eq!(a.quote, "the  plan\nis\u{a0}legal and fully funded");
    assert_eq!(a.anchor, None);
}

#[test]
fn a_moved_paragraph_moves_its_annotations() {
    let old = "First paragraph about the vote count in the district.\n\
               Second paragraph: the turnout was 61 percent, officials said.\n\
               Third paragraph closes the story with a quote.";
    let mut project = project_with_text(old);
    let id = tag(&mut project, Kind::Claim, "the turnout was 61 percent");
    let new = "First paragraph about the vote count in the district.\n\
               Third paragraph closes the story with a quote.\n\
               Second paragraph: the turnout was 61 percent, officials said.";
    let report = update(&mut project, new);
    let placement = report.placement(&id).unwrap();
    if placement.outcome == Outcome::Kept {
        // The diff may keep the moved paragraph and move the other one instead.
        assert_placed_at(&project, &id, "the turnout was 61 percent", 1);
    } else {
        assert_eq!(placement.outcome, Outcome::Moved);
        assert_placed_at(&project, &id, "the turnout was 61 percent", 1);
        let anchor = project.annotation(&id).unwrap().anchor.clone().unwrap();
        assert_eq!(anchor.status, AnchorStatus::Moved);
        assert_eq!(anchor.was.unwrap().quote, "the turnout was 61 percent");
    }
}

#[test]
fn a_sentence_moved_into_another_paragraph_is_found() {
    let old = "Opening words of the report.\n\
               The ministry confirmed that 1,204 applications were rejected in 2025. Other details followed.\n\
               Closing words.";
    let mut project = project_with_text(old);
    let id = tag(
        &mut project,
        Kind::Claim,
        "1,204 applications were rejected in 2025",
    );
    let new = "Opening words of the report. The ministry confirmed that 1,204 applications were rejected in 2025.\n\
               Other details followed, with new figures.\n\
               Closing words.";
    let report = update(&mut project, new);
    assert!(
        matches!(outcome(&report, &id), Outcome::Kept | Outcome::Moved),
        "{:?}",
        report.placements
    );
    assert_placed_at(&project, &id, "1,204 applications were rejected in 2025", 1);
}

#[test]
fn unicode_text_keeps_code_point_offsets() {
    let old = "مقدمة قصيرة.\n🇺🇦 Заява: 中文报道说 e\u{301}lection was «free». 👩‍👩‍👧 end.";
    let mut project = project_with_text(old);
    let id = tag(
        &mut project,
        Kind::Claim,
        "中文报道说 e\u{301}lection was «free»",
    );
    let new = "مقدمة قصيرة جداً 🙂.\n🇺🇦 Заява: 中文报道说 e\u{301}lection was «free». 👩‍👩‍👧 end!";
    let report = update(&mut project, new);
    assert_eq!(outcome(&report, &id), Outcome::Kept);
    assert_placed_at(&project, &id, "中文报道说 e\u{301}lection was «free»", 1);
    // A changed word inside, in another script.
    let report = update(&mut project, &new.replace("«free»", "«fair»"));
    assert_eq!(outcome(&report, &id), Outcome::Changed);
    assert_placed_at(&project, &id, "中文报道说 e\u{301}lection was «fair»", 1);
}

#[test]
fn a_restored_sentence_is_found_again_later() {
    let mut project = project_with_text(TEXT);
    let gone = tag(&mut project, Kind::Claim, "The mayor resigned on Tuesday");
    let without = TEXT.replace(" The mayor resigned on Tuesday.", "");
    let report = update(&mut project, &without);
    assert_eq!(outcome(&report, &gone), Outcome::NeedsReview);
    // A week later the outlet puts it back, in a new paragraph.
    let restored = format!("{without}\nUpdate: The mayor resigned on Tuesday, the office said.");
    let report = update(&mut project, &restored);
    assert_ne!(
        outcome(&report, &gone),
        Outcome::NeedsReview,
        "{:?}",
        report.placements
    );
    assert_placed_at(&project, &gone, "The mayor resigned on Tuesday", 1);
    // Found again, it still wants a look.
    assert!(project.annotation(&gone).unwrap().anchor.is_some());
    assert!(project.needs_review().is_empty());
    assert_eq!(project.revisions().len(), 2);
}

#[test]
fn a_short_quote_whose_sentence_is_gone_is_not_attached_to_another_mention() {
    let old = "The NSO deal was signed. Later reports differ.";
    let mut project = project_with_text(old);
    let id = tag(&mut project, Kind::Source, "NSO");
    let new = "Later reports differ. Some analysts think NSO will appeal.";
    let report = update(&mut project, new);
    assert_eq!(
        outcome(&report, &id),
        Outcome::NeedsReview,
        "{:?}",
        report.placements
    );
}

#[test]
fn rewording_beyond_recognition_needs_review() {
    let mut project = project_with_text(TEXT);
    let gone = tag(&mut project, Kind::Claim, "The mayor resigned on Tuesday");
    let report = update(
        &mut project,
        &TEXT.replace(
            "The mayor resigned on Tuesday",
            "Nobody has left any post this week",
        ),
    );
    let placement = report.placement(&gone).unwrap();
    assert_eq!(placement.outcome, Outcome::NeedsReview);
}

#[test]
fn an_update_is_undoable_and_an_unchanged_text_changes_nothing() {
    let mut project = project_with_text(TEXT);
    let claim = tag(
        &mut project,
        Kind::Claim,
        "the plan is legal and fully funded",
    );
    let original = project.clone();
    let mut history = History::new();
    let metadata = project.article().metadata.clone();
    let update = update_article_text(
        &project,
        &TEXT.replace("legal", "lawful"),
        metadata.clone(),
        LATER,
    );
    history
        .apply(&mut project, "Update article text", update.edit)
        .unwrap();
    assert_eq!(project.revisions().len(), 1);
    history.undo(&mut project).unwrap();
    assert_eq!(project, original);

    let same = update_article_text(&project, &TEXT.replace('\n', "\r\n"), metadata, LATER);
    assert!(!same.report.text_changed);
    assert_eq!(same.report.counts().kept, 1);
    project.apply(&same.edit).unwrap();
    assert!(project.revisions().is_empty());
    assert_eq!(project.annotation(&claim), original.annotation(&claim));
}

#[test]
fn a_text_edited_outside_factmark_is_offered_for_re_anchoring() {
    use factmark::project_file::ParseError;
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample_project_path()).unwrap()).unwrap();
    let original = load_project(&sample_project_path()).unwrap();
    let text = value["article"]["text"].as_str().unwrap().to_string();
    // Someone fixes a word in an annotated sentence, adds a line at the top and deletes the
    // lede, in a text editor, without touching the hash or the offsets.
    let lede = text.lines().nth(1).unwrap().to_string();
    let edited = format!(
        "Updated 3 December.\n{}",
        text.replace(&format!("{lede}\n"), "").replace(
            "Initially, Israeli authorities decided",
            "At first, Israeli authorities decided"
        )
    );
    value["article"]["text"] = serde_json::json!(edited);
    let bytes = serde_json::to_vec_pretty(&value).unwrap();

    let Err(ParseError::TextChanged(changed)) = parse_project(&bytes) else {
        panic!("expected a re-anchorable project");
    };
    assert_eq!(changed.annotation_count(), 22);
    assert_eq!(changed.expected_sha256, original.article().text_sha256());
    let message = ParseError::TextChanged(changed.clone()).to_string();
    assert!(
        message.contains("`article.text_sha256`") && message.contains("re-anchored"),
        "{message}"
    );

    let (project, report) = changed.reanchor(LATER).unwrap();
    let counts = report.counts();
    assert_eq!(
        counts.kept + counts.moved + counts.changed + counts.needs_review,
        22
    );
    assert_eq!(
        outcome(&report, "c-lede"),
        Outcome::NeedsReview,
        "{:?}",
        report.placements
    );
    assert!(report.diff.is_none());
    // Unaffected annotations sit over the same words, shifted by the added line.
    for a in original.annotations() {
        if let Some(now) = project.annotation(&a.id)
            && report.placement(&a.id).unwrap().outcome == Outcome::Kept
        {
            assert_eq!(now.quote, a.quote);
            assert_eq!(
                project.article().text.slice(now.range()),
                Some(a.quote.as_str())
            );
        }
    }
    // The lost text is recorded by its hash; needs-review annotations refer to it.
    let revision = &project.revisions()[0];
    assert_eq!(revision.text, None);
    assert_eq!(revision.text_sha256, original.article().text_sha256());
    let lede = project.find("c-lede").unwrap();
    assert_eq!(lede.quote, original.annotation("c-lede").unwrap().quote);
    // It saves and loads.
    let again = parse_project(&project_to_json(&project)).unwrap();
    assert_eq!(again, project);
}

#[test]
fn a_hand_edited_project_with_other_problems_reports_them_all() {
    use factmark::project_file::ParseError;
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample_project_path()).unwrap()).unwrap();
    let text = value["article"]["text"]
        .as_str()
        .unwrap()
        .replace("Initially", "At first");
    value["article"]["text"] = serde_json::json!(text);
    value["annotations"][0]["verdict"] = serde_json::json!("true"); // on a source
    let Err(ParseError::Invalid(problems)) = parse_project(&serde_json::to_vec(&value).unwrap())
    else {
        panic!("expected problems");
    };
    assert_eq!(problems[0].field, "article.text_sha256");
    assert!(problems.iter().any(|p| p.field == "verdict"));
}

#[test]
fn absurd_offsets_in_a_hand_edited_file_need_review_without_harm() {
    use factmark::project_file::ParseError;
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample_project_path()).unwrap()).unwrap();
    let text = value["article"]["text"]
        .as_str()
        .unwrap()
        .replace("Initially", "At first");
    value["article"]["text"] = serde_json::json!(text);
    // Consistent with itself (the quote is as long as the span) but far beyond any text.
    let a = &mut value["annotations"][3];
    a["start"] = serde_json::json!(1_000_000_000_000u64);
    a["end"] = serde_json::json!(1_000_000_000_005u64);
    a["quote"] = serde_json::json!("NSO r");
    a["prefix"] = serde_json::json!("");
    a["suffix"] = serde_json::json!("");
    let id = a["id"].as_str().unwrap().to_string();
    let Err(ParseError::TextChanged(changed)) = parse_project(&serde_json::to_vec(&value).unwrap())
    else {
        panic!("expected a re-anchorable project");
    };
    let (project, report) = changed.reanchor(LATER).unwrap();
    assert_eq!(outcome(&report, &id), Outcome::NeedsReview);
    assert!(project.find(&id).unwrap().is_unplaced());
}

mod random_edits {
    use super::*;
    use factmark::model::Edit;
    use proptest::prelude::*;

    fn tricky_char() -> impl Strategy<Value = char> {
        prop_oneof![
            6 => proptest::char::range('a', 'e'),
            3 => Just(' '),
            1 => Just('\n'),
            1 => Just('.'),
            1 => proptest::sample::select(vec!['é', '\u{301}', '中', 'ع', '🙂', '\u{200D}', '\u{a0}', '\u{ad}', '🇺', '🇦']),
        ]
    }

    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(tricky_char(), 1..max).prop_map(|c| c.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the edits, every annotation is accounted for, the result is a valid
        /// project, and text appended after every annotation leaves them all kept.
        #[test]
        fn every_annotation_is_accounted_for(
            old in text(400),
            spans in proptest::collection::vec((0usize..400, 1usize..40), 1..12),
            edits in proptest::collection::vec((0usize..500, 0usize..20, text(20)), 0..6),
            appended in text(50),
        ) {
            let mut project = project_with_text(&old);
            let len = project.article().text.len_chars();
            for (start, width) in spans {
                let start = start % len;
                let end = (start + width).min(len);
                if start < end
                    && let Ok(a) = project.make_annotation(Kind::Claim, start..end, None, NOW)
                {
                    project.apply(&Edit::Add(a)).unwrap();
                }
            }
            let count = project.annotations().len();

            // Random replacements anywhere.
            let mut chars: Vec<char> = old.chars().collect();
            for (at, remove, insert) in &edits {
                let at = at % (chars.len() + 1);
                let end = (at + remove).min(chars.len());
                chars.splice(at..end, insert.chars());
            }
            let edited: String = chars.into_iter().collect();
            let mut changed = project.clone();
            let metadata = project.article().metadata.clone();
            let update = update_article_text(&changed, &edited, metadata.clone(), LATER);
            let counts = update.report.counts();
            prop_assert_eq!(counts.kept + counts.moved + counts.changed + counts.needs_review, count);
            changed.apply(&update.edit).unwrap();
            prop_assert_eq!(changed.annotations().len() + changed.needs_review().len(), count);
            for a in changed.annotations() {
                prop_assert_eq!(changed.article().text.slice(a.range()), Some(a.quote.as_str()));
            }
            prop_assert_eq!(&parse_project(&project_to_json(&changed)).unwrap(), &changed);

            // The same edit made by hand in the file: recovered without the old text.
            let mut value: serde_json::Value =
                serde_json::from_slice(&project_to_json(&project)).unwrap();
            value["article"]["text"] = serde_json::json!(edited);
            match parse_project(&serde_json::to_vec(&value).unwrap()) {
                Err(factmark::project_file::ParseError::TextChanged(c)) => {
                    let (recovered, report) = c.reanchor(LATER).unwrap();
                    prop_assert_eq!(report.placements.len(), count);
                    prop_assert_eq!(
                        recovered.annotations().len() + recovered.needs_review().len(),
                        count
                    );
                    prop_assert_eq!(&parse_project(&project_to_json(&recovered)).unwrap(), &recovered);
                }
                Ok(_) => prop_assert_eq!(&edited, &old),
                Err(e) => prop_assert!(false, "{e}"),
            }

            // Only text added after the end (and past every suffix): nothing moves.
            let longer = format!("{old}\n{appended}");
            let update = update_article_text(&project, &longer, metadata, LATER);
            prop_assert_eq!(update.report.counts().kept, count, "{:?}", update.report.placements);
        }
    }
}

#[test]
fn a_different_article_receives_no_annotation() {
    // Someone loads the wrong page as the "new version": nothing may be attached to it.
    let mut project = load_project(&sample_project_path()).unwrap();
    let other = std::fs::read_to_string(common::repo_path(
        "tests/fixtures/import/news-site.expected.txt",
    ))
    .unwrap();
    let report = update(&mut project, &other);
    let counts = report.counts();
    assert_eq!(counts.needs_review, 22, "{:?}", report.placements);
    assert!(project.annotations().is_empty());
}
