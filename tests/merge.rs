//! Three-way merge (`factmark::merge`): field rules, deletions, article text changes,
//! symmetry, bad input, and random edit scripts on both sides.

mod common;

use std::collections::BTreeSet;

use common::{NOW, find_chars, project_with_text, tag};
use factmark::merge::{Input, MergeError, TextMerge, field_value, merge, with_field_value};
use factmark::model::{
    Conflict, Edit, Kind, Project, Reference, ReviewState, Verdict, Vote, validate,
};
use factmark::project_file::{parse_project, project_to_json};
use factmark::reanchor::update_article_text;
use proptest::prelude::*;
use serde_json::json;

const TEXT: &str = "The minister said unemployment fell to 4 percent last year.\n\
    Officials at the statistics office confirmed the figure on Tuesday.\n\
    The opposition claimed the budget deficit doubled since 2020.\n\
    Analysts estimate that exports rose by 12 percent in the first quarter.\n\
    The council will vote on the new law next week, its spokesperson said.";

const LATER: &str = "2026-11-27T10:00:00Z";

/// A base project: three claims and a source linked to the first.
fn base() -> (Project, [String; 4]) {
    let mut p = project_with_text(TEXT);
    let c1 = tag(&mut p, Kind::Claim, "unemployment fell to 4 percent");
    let c2 = tag(&mut p, Kind::Claim, "the budget deficit doubled since 2020");
    let c3 = tag(&mut p, Kind::Claim, "exports rose by 12 percent");
    let s1 = tag(&mut p, Kind::Source, "Officials at the statistics office");
    apply(&mut p, |q| q.edit_link(&s1, &c1, NOW));
    (p, [c1, c2, c3, s1])
}

fn apply(p: &mut Project, edit: impl FnOnce(&Project) -> Option<Edit>) {
    let edit = edit(p).expect("an edit");
    p.apply(&edit).expect("the edit applies");
}

fn note(p: &mut Project, id: &str, text: &str) {
    apply(p, |q| q.edit_set_note(id, text, LATER));
}

fn verdict(p: &mut Project, id: &str, v: Verdict) {
    apply(p, |q| q.edit_set_verdict(id, Some(v), LATER));
}

fn ids(p: &Project) -> BTreeSet<String> {
    p.all_annotations().map(|a| a.id.clone()).collect()
}

/// The merged project is valid and survives being written and read back.
fn assert_valid(p: &Project) {
    let problems = validate::check_state(&p.article_state());
    assert!(problems.is_empty(), "{problems:?}");
    let read = parse_project(&project_to_json(p)).expect("the merged file reads back");
    assert_eq!(read.conflicts(), p.conflicts());
    assert_eq!(ids(&read), ids(p));
}

fn fields(conflicts: &[Conflict]) -> Vec<(Option<&str>, &str)> {
    conflicts
        .iter()
        .map(|c| (c.annotation.as_deref(), c.field.as_str()))
        .collect()
}

#[test]
fn changes_on_different_fields_and_annotations_are_all_taken() {
    let (base, [c1, c2, _, s1]) = base();
    let mut ours = base.clone();
    note(&mut ours, &c1, "Checked against the labour survey.");
    verdict(&mut ours, &c2, Verdict::MostlyFalse);
    let mut theirs = base.clone();
    verdict(&mut theirs, &c1, Verdict::True);
    note(&mut theirs, &s1, "Press release of 3 May.");
    let added = tag(&mut theirs, Kind::Dispute, "The opposition claimed");

    let out = merge(&base, &ours, &theirs).unwrap();
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert!(out.is_clean());
    assert_eq!(out.text, TextMerge::Unchanged);
    let p = &out.project;
    let a = p.find(&c1).unwrap();
    assert_eq!(a.note, "Checked against the labour survey.");
    assert_eq!(a.verdict, Some(Verdict::True));
    assert_eq!(p.find(&c2).unwrap().verdict, Some(Verdict::MostlyFalse));
    assert_eq!(p.find(&s1).unwrap().note, "Press release of 3 May.");
    assert!(p.find(&added).is_some());
    assert_eq!(p.find(&c1).unwrap().modified, LATER);
    assert_valid(p);
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let (base, [c1, ..]) = base();
    let mut ours = base.clone();
    verdict(&mut ours, &c1, Verdict::False);
    let theirs = ours.clone();
    let out = merge(&base, &ours, &theirs).unwrap();
    assert!(out.conflicts.is_empty());
    assert_eq!(out.project.find(&c1).unwrap().verdict, Some(Verdict::False));
}

#[test]
fn different_changes_to_one_field_are_a_conflict_keeping_ours_and_recording_theirs() {
    let (base, [c1, ..]) = base();
    let mut ours = base.clone();
    verdict(&mut ours, &c1, Verdict::False);
    note(&mut ours, &c1, "ours");
    let mut theirs = base.clone();
    verdict(&mut theirs, &c1, Verdict::MostlyTrue);
    note(&mut theirs, &c1, "theirs");

    let out = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(
        fields(&out.conflicts),
        [(Some(c1.as_str()), "note"), (Some(c1.as_str()), "verdict")]
    );
    let v = out.conflicts.iter().find(|c| c.field == "verdict").unwrap();
    assert_eq!(v.ours, json!("false"));
    assert_eq!(v.theirs, json!("mostly-true"));
    assert_eq!(v.base, Some(serde_json::Value::Null));
    let p = &out.project;
    assert_eq!(p.find(&c1).unwrap().verdict, Some(Verdict::False));
    assert_eq!(p.conflicts(), &out.conflicts[..]);
    assert!(!out.is_clean());
    assert_valid(p);

    // "Keep theirs" from the record gives their value back.
    let theirs_kept = with_field_value(p.find(&c1).unwrap(), &v.field, &v.theirs).unwrap();
    assert_eq!(theirs_kept.verdict, Some(Verdict::MostlyTrue));
    assert_eq!(theirs_kept.note, "ours");
}

#[test]
fn spans_move_together_and_conflict_as_one_field() {
    let (base, [c1, ..]) = base();
    let set_span = |p: &mut Project, needle: &str| {
        let range = find_chars(TEXT, needle, 1);
        let edit = p.edit_set_span(&c1, range, LATER).unwrap();
        p.apply(&edit).unwrap();
    };
    let mut ours = base.clone();
    set_span(&mut ours, "unemployment fell");
    let mut theirs = base.clone();
    note(&mut theirs, &c1, "theirs");
    let out = merge(&base, &ours, &theirs).unwrap();
    assert!(out.conflicts.is_empty());
    let a = out.project.find(&c1).unwrap();
    assert_eq!(
        (a.quote.as_str(), a.note.as_str()),
        ("unemployment fell", "theirs")
    );

    set_span(&mut theirs, "fell to 4 percent last year");
    let out = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(fields(&out.conflicts), [(Some(c1.as_str()), "span")]);
    let span = &out.conflicts[0];
    assert_eq!(span.ours["quote"], json!("unemployment fell"));
    assert_eq!(span.theirs["quote"], json!("fell to 4 percent last year"));
    assert_eq!(out.project.find(&c1).unwrap().quote, "unemployment fell");
    let theirs_kept =
        with_field_value(out.project.find(&c1).unwrap(), "span", &span.theirs).unwrap();
    assert_eq!(theirs_kept.quote, "fell to 4 percent last year");
    assert_valid(&out.project);
}

#[test]
fn deleted_on_one_side_and_edited_on_the_other_is_kept_with_a_conflict() {
    let (base, [_, c2, c3, _]) = base();
    let mut ours = base.clone();
    apply(&mut ours, |q| q.edit_remove(&c2, LATER));
    apply(&mut ours, |q| q.edit_remove(&c3, LATER));
    let mut theirs = base.clone();
    note(&mut theirs, &c2, "Their note on the deficit.");

    let out = merge(&base, &ours, &theirs).unwrap();
    // c3 was untouched on their side: it is deleted. c2 was edited: it stays.
    assert!(out.project.find(&c3).is_none());
    assert_eq!(
        out.project.find(&c2).unwrap().note,
        "Their note on the deficit."
    );
    assert_eq!(fields(&out.conflicts), [(Some(c2.as_str()), "annotation")]);
    let c = &out.conflicts[0];
    assert_eq!(c.ours, serde_json::Value::Null);
    assert_eq!(c.theirs["note"], json!("Their note on the deficit."));
    assert_eq!(c.base.as_ref().unwrap()["note"], json!(""));
    assert_valid(&out.project);

    // Swapped: the same annotation kept, the record mirrored.
    let swapped = merge(&base, &theirs, &ours).unwrap();
    assert_eq!(ids(&swapped.project), ids(&out.project));
    assert_eq!(swapped.conflicts[0].theirs, serde_json::Value::Null);
    assert_eq!(swapped.conflicts[0].ours, c.theirs);
}

#[test]
fn a_claim_deleted_on_one_side_and_linked_on_the_other_is_kept() {
    let (base, [_, c2, ..]) = base();
    let mut ours = base.clone();
    apply(&mut ours, |q| q.edit_remove(&c2, LATER));
    let mut theirs = base.clone();
    let d = tag(&mut theirs, Kind::Dispute, "The opposition claimed");
    apply(&mut theirs, |q| q.edit_link(&d, &c2, LATER));
    let out = merge(&base, &ours, &theirs).unwrap();
    assert!(
        out.project.find(&c2).is_some(),
        "the claim linked to is kept"
    );
    assert_eq!(
        out.project.find(&d).unwrap().claims,
        std::slice::from_ref(&c2)
    );
    assert_eq!(fields(&out.conflicts), [(Some(c2.as_str()), "annotation")]);
    assert_valid(&out.project);
}

#[test]
fn a_kind_change_and_a_verdict_on_the_other_side_keep_ours_and_record_theirs() {
    let (base, [_, c2, ..]) = base();
    let mut ours = base.clone();
    apply(&mut ours, |q| q.edit_set_kind(&c2, Kind::Dispute, LATER));
    let mut theirs = base.clone();
    verdict(&mut theirs, &c2, Verdict::False);
    let out = merge(&base, &ours, &theirs).unwrap();
    let a = out.project.find(&c2).unwrap();
    assert_eq!((a.kind, a.verdict), (Kind::Dispute, None));
    let both = [(Some(c2.as_str()), "kind"), (Some(c2.as_str()), "verdict")];
    assert_eq!(fields(&out.conflicts), both);
    assert_eq!(out.conflicts[1].theirs, json!("false"));
    assert_valid(&out.project);
    let swapped = merge(&base, &theirs, &ours).unwrap();
    let a = swapped.project.find(&c2).unwrap();
    assert_eq!((a.kind, a.verdict), (Kind::Claim, Some(Verdict::False)));
    assert_eq!(fields(&swapped.conflicts), both);
    assert_eq!(swapped.conflicts[0].theirs, json!("dispute"));
    assert_valid(&swapped.project);
}

#[test]
fn links_and_votes_merge_as_sets() {
    let (base, [c1, c2, c3, s1]) = base();
    let mut ours = base.clone();
    apply(&mut ours, |q| q.edit_link(&s1, &c2, LATER));
    let mut theirs = base.clone();
    apply(&mut theirs, |q| q.edit_link(&s1, &c3, LATER));
    let vote = |who: &str, time: &str| Vote {
        reviewer: who.into(),
        verdict: Some(Verdict::False),
        time: time.into(),
        ..Vote::default()
    };
    let review = |p: &mut Project, who: &str, time: &str, state: ReviewState| {
        let mut record = p.find(&c1).unwrap().record.clone();
        record.review.votes.push(vote(who, time));
        record.review.state = state;
        apply(p, |q| q.edit_set_record(&c1, record, LATER));
    };
    review(&mut ours, "Ana", "2026-11-27T09:00:00Z", ReviewState::Ready);
    review(
        &mut theirs,
        "Ben",
        "2026-11-27T08:00:00Z",
        ReviewState::Ready,
    );
    let out = merge(&base, &ours, &theirs).unwrap();
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    let p = &out.project;
    let mut added = [c2, c3];
    added.sort();
    let [c2, c3] = added;
    assert_eq!(
        p.find(&s1).unwrap().claims,
        [c1.clone(), c2, c3],
        "kept links first, then the added ones in id order"
    );
    let votes: Vec<&str> = p
        .find(&c1)
        .unwrap()
        .record
        .review
        .votes
        .iter()
        .map(|v| v.reviewer.as_str())
        .collect();
    assert_eq!(votes, ["Ben", "Ana"], "oldest first");
    assert_eq!(p.find(&c1).unwrap().record.review.state, ReviewState::Ready);
    assert_valid(p);
}

#[test]
fn evidence_and_claim_record_fields_merge_on_their_own() {
    let (base, [c1, ..]) = base();
    let mut ours = base.clone();
    let evidence = [Reference {
        url: Some("https://example.org/survey".into()),
        ..Reference::default()
    }];
    apply(&mut ours, |q| q.edit_set_evidence(&c1, &evidence, LATER));
    let mut theirs = base.clone();
    let mut record = theirs.find(&c1).unwrap().record.clone();
    record.explanation = "The survey says 4.2%.".into();
    apply(&mut theirs, |q| q.edit_set_record(&c1, record, LATER));
    let out = merge(&base, &ours, &theirs).unwrap();
    assert!(out.conflicts.is_empty());
    let a = out.project.find(&c1).unwrap();
    assert_eq!(a.evidence, evidence);
    assert_eq!(a.record.explanation, "The survey says 4.2%.");

    let other = [Reference {
        title: Some("Their source".into()),
        ..Reference::default()
    }];
    apply(&mut theirs, |q| q.edit_set_evidence(&c1, &other, LATER));
    let out = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(fields(&out.conflicts), [(Some(c1.as_str()), "evidence")]);
    assert_eq!(out.conflicts[0].theirs[0]["title"], json!("Their source"));
}

#[test]
fn added_on_both_sides_with_one_id_conflicts_on_what_differs() {
    let (base, _) = base();
    let mut ours = base.clone();
    let id = tag(&mut ours, Kind::Claim, "The council will vote");
    let mut theirs = base.clone();
    let mut same = ours.find(&id).unwrap().clone();
    same.note = "their note".into();
    theirs.apply(&Edit::Add(same)).unwrap();
    let out = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(fields(&out.conflicts), [(Some(id.as_str()), "note")]);
    assert_eq!(out.conflicts[0].base, None, "no base: added on both sides");
    assert_eq!(out.conflicts[0].theirs, json!("their note"));
}

#[test]
fn article_details_merge_field_by_field() {
    let (base, _) = base();
    let set = |p: &mut Project, f: &dyn Fn(&mut factmark::model::ArticleMetadata)| {
        let mut m = p.article().metadata.clone();
        f(&mut m);
        let edit = p.edit_metadata(m);
        p.apply(&edit).unwrap();
    };
    let mut ours = base.clone();
    set(&mut ours, &|m| m.title = "Ours".into());
    let mut theirs = base.clone();
    set(&mut theirs, &|m| {
        m.url = Some("https://example.org/a".into())
    });
    let out = merge(&base, &ours, &theirs).unwrap();
    assert!(out.conflicts.is_empty());
    let m = &out.project.article().metadata;
    assert_eq!(
        (m.title.as_str(), m.url.as_deref()),
        ("Ours", Some("https://example.org/a"))
    );
    set(&mut theirs, &|m| m.title = "Theirs".into());
    let out = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(fields(&out.conflicts), [(None, "article.title")]);
    assert_eq!(out.conflicts[0].theirs, json!("Theirs"));
    assert_eq!(out.project.article().metadata.title, "Ours");
    assert_valid(&out.project);
}

/// `project` with its article text replaced by `text`, annotations re-anchored.
fn with_text(project: &Project, text: &str) -> Project {
    let mut p = project.clone();
    let update = update_article_text(&p, text, p.article().metadata.clone(), LATER);
    p.apply(&update.edit).unwrap();
    p
}

#[test]
fn a_text_changed_on_one_side_takes_the_other_sides_annotations_along() {
    let (base, [c1, _, c3, _]) = base();
    let new_text = format!("Updated 27 November with a correction.\n{TEXT}");
    let theirs = with_text(&base, &new_text);
    let mut ours = base.clone();
    let added = tag(
        &mut ours,
        Kind::Claim,
        "The council will vote on the new law",
    );
    note(&mut ours, &c3, "ours");
    let range = find_chars(TEXT, "unemployment fell", 1);
    let edit = ours.edit_set_span(&c1, range, LATER).unwrap();
    ours.apply(&edit).unwrap();

    for (out, text_side) in [
        (merge(&base, &ours, &theirs).unwrap(), TextMerge::Theirs),
        (merge(&base, &theirs, &ours).unwrap(), TextMerge::Ours),
    ] {
        assert_eq!(out.text, text_side);
        assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
        let p = &out.project;
        assert_eq!(p.article().text.as_str(), new_text);
        let a = p.find(&added).unwrap();
        assert_eq!(a.quote, "The council will vote on the new law");
        assert_eq!(
            a.range(),
            find_chars(&new_text, "The council will vote on the new law", 1)
        );
        let moved = p.find(&c1).unwrap();
        assert_eq!(moved.range(), find_chars(&new_text, "unemployment fell", 1));
        assert_eq!(p.find(&c3).unwrap().note, "ours");
        assert_eq!(
            p.find(&c3).unwrap().range(),
            find_chars(&new_text, "exports rose by 12 percent", 1)
        );
        assert!(p.needs_review().is_empty());
        assert_eq!(ids(p), ids(&ours).union(&ids(&theirs)).cloned().collect());
        assert_valid(p);
    }
}

#[test]
fn a_text_changed_differently_on_both_sides_is_a_conflict_and_keeps_every_annotation() {
    let (base, [c1, ..]) = base();
    let ours_text = TEXT.replace("Tuesday", "Wednesday");
    let theirs_text = format!("{TEXT}\nA new paragraph: the mayor denied the report entirely.");
    let mut ours = with_text(&base, &ours_text);
    note(&mut ours, &c1, "ours");
    let mut theirs = with_text(&base, &theirs_text);
    let added = tag(
        &mut theirs,
        Kind::Claim,
        "the mayor denied the report entirely",
    );
    let gone = tag(&mut theirs, Kind::Source, "A new paragraph");

    let out = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(out.text, TextMerge::Conflict);
    assert_eq!(fields(&out.conflicts), [(None, "article.text")]);
    assert_eq!(out.conflicts[0].theirs, json!(theirs_text));
    let p = &out.project;
    assert_eq!(p.article().text.as_str(), ours_text, "ours' text is kept");
    // Their annotations on words ours does not have need review, on their text (kept).
    for id in [&added, &gone] {
        let a = p.find(id).unwrap();
        assert!(a.is_unplaced(), "{a:?}");
        let sha = &a.anchor.as_ref().unwrap().text_sha256;
        assert_eq!(p.text_by_sha256(sha).unwrap().as_str(), theirs_text);
    }
    assert_eq!(p.find(&c1).unwrap().note, "ours");
    assert_eq!(ids(p), ids(&ours).union(&ids(&theirs)).cloned().collect());
    assert_valid(p);
}

#[test]
fn merging_a_project_with_itself_changes_nothing() {
    let (mut p, [c1, ..]) = base();
    verdict(&mut p, &c1, Verdict::Mixed);
    let p = with_text(&p, &TEXT.replace("last year", "in 2025"));
    let out = merge(&p, &p, &p).unwrap();
    assert!(out.conflicts.is_empty());
    assert_eq!(out.project, p);
    assert_eq!(project_to_json(&out.project), project_to_json(&p));
}

#[test]
fn conflicts_already_recorded_are_carried_and_resolved_ones_stay_resolved() {
    let (base, [c1, ..]) = base();
    let mut ours = base.clone();
    verdict(&mut ours, &c1, Verdict::False);
    let mut theirs = base.clone();
    verdict(&mut theirs, &c1, Verdict::True);
    let first = merge(&base, &ours, &theirs).unwrap().project;
    assert_eq!(first.conflicts().len(), 1);
    // Both sides continue from the merged project; theirs resolves the conflict.
    let mut resolved = first.clone();
    resolved
        .apply(&Edit::SetConflicts {
            before: first.conflicts().to_vec(),
            after: Vec::new(),
        })
        .unwrap();
    let mut edited = first.clone();
    note(&mut edited, &c1, "later");
    let out = merge(&first, &edited, &first).unwrap();
    assert_eq!(out.project.conflicts(), first.conflicts(), "carried");
    assert!(out.conflicts.is_empty());
    assert!(!out.is_clean());
    let out = merge(&first, &edited, &resolved).unwrap();
    assert!(out.project.conflicts().is_empty(), "resolved on one side");
    assert!(out.is_clean());
}

#[test]
fn a_different_article_or_a_base_that_is_not_an_ancestor_is_refused() {
    let (base, [c1, ..]) = base();
    let other = project_with_text("A wholly different article about the harbour.");
    let err = merge(&base, &base, &other).unwrap_err();
    assert!(
        matches!(
            err,
            MergeError::Unrelated {
                input: Input::Theirs,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("different article"), "{err}");

    // BASE newer than OURS: its text history goes further.
    let newer = with_text(&base, &format!("{TEXT}\nMore."));
    let err = merge(&newer, &base, &newer).unwrap_err();
    assert!(
        matches!(
            err,
            MergeError::NotAncestor {
                input: Input::Ours,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("not an ancestor"), "{err}");

    // The same article, but a project made afresh: it shares no annotation with BASE.
    let mut fresh = project_with_text(TEXT);
    fresh.created = "2026-12-01T00:00:00Z".into();
    tag(&mut fresh, Kind::Claim, "exports rose");
    let err = merge(&base, &base, &fresh).unwrap_err();
    assert!(
        matches!(
            err,
            MergeError::Unrelated {
                input: Input::Theirs,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("different project"), "{err}");
    // A copy of BASE that deleted everything is still BASE's descendant.
    let mut emptied = base.clone();
    for id in ids(&base) {
        if let Some(edit) = emptied.edit_remove(&id, LATER) {
            emptied.apply(&edit).unwrap();
        }
    }
    assert!(
        merge(&base, &base, &emptied)
            .unwrap()
            .project
            .find(&c1)
            .is_none()
    );
}

#[test]
fn conflict_values_are_the_project_files_own() {
    let (base, [c1, ..]) = base();
    let a = base.find(&c1).unwrap();
    assert_eq!(
        field_value(a, "quote"),
        json!("unemployment fell to 4 percent")
    );
    assert_eq!(field_value(a, "span")["start"], json!(a.start));
    assert_eq!(field_value(a, "review.state"), json!("draft"));
    assert_eq!(field_value(a, "annotation")["id"], json!(c1));
}

// ---------------------------------------------------------------------------------------
// Random edit scripts on both sides

#[derive(Clone, Debug)]
enum Step {
    Note(usize, u8),
    Verdict(usize, usize),
    Delete(usize),
    Add(usize, usize, u8),
    Link(usize, usize),
    Kind(usize, u8),
    Title(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..12usize, 0..3u8).prop_map(|(i, n)| Step::Note(i, n)),
        (0..12usize, 0..6usize).prop_map(|(i, v)| Step::Verdict(i, v)),
        (0..12usize).prop_map(Step::Delete),
        (0..400usize, 1..40usize, 0..3u8).prop_map(|(s, l, k)| Step::Add(s, l, k)),
        (0..12usize, 0..12usize).prop_map(|(a, b)| Step::Link(a, b)),
        (0..12usize, 0..3u8).prop_map(|(i, k)| Step::Kind(i, k)),
        (0..3u8).prop_map(Step::Title),
    ]
}

/// Apply a script; edits the model refuses are skipped. Returns the ids the script deleted.
fn run(p: &mut Project, script: &[Step], side: &str) -> BTreeSet<String> {
    let mut deleted = BTreeSet::new();
    for (n, s) in script.iter().enumerate() {
        let list: Vec<String> = p.all_annotations().map(|a| a.id.clone()).collect();
        let pick = |i: usize| list.get(i % list.len().max(1)).cloned();
        let edit = match s {
            Step::Note(i, v) => {
                pick(*i).and_then(|id| p.edit_set_note(&id, &format!("{side} {v}"), LATER))
            }
            Step::Verdict(i, v) => {
                pick(*i).and_then(|id| p.edit_set_verdict(&id, Some(Verdict::ALL[*v]), LATER))
            }
            Step::Delete(i) => pick(*i).and_then(|id| {
                deleted.insert(id.clone());
                p.edit_remove(&id, LATER)
            }),
            Step::Add(start, len, k) => {
                let total = p.article().text.len_chars();
                let start = start % total;
                let end = (start + len).min(total);
                p.make_annotation(Kind::ALL[*k as usize], start..end, None, LATER)
                    .ok()
                    .map(|mut a| {
                        a.id = format!("{side}-{n}");
                        Edit::Add(a)
                    })
            }
            Step::Link(a, b) => match (pick(*a), pick(*b)) {
                (Some(a), Some(b)) => p.edit_link(&a, &b, LATER),
                _ => None,
            },
            Step::Kind(i, k) => {
                pick(*i).and_then(|id| p.edit_set_kind(&id, Kind::ALL[*k as usize], LATER))
            }
            Step::Title(t) => Some(p.edit_metadata(factmark::model::ArticleMetadata {
                title: format!("{side} title {t}"),
                ..p.article().metadata.clone()
            })),
        };
        if let Some(edit) = edit {
            let _ = p.apply(&edit);
        }
    }
    // Only what is really gone counts as deleted.
    deleted.retain(|id| p.find(id).is_none());
    deleted
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// No annotation is ever silently dropped: every id either side has is in the result,
    /// unless one side deleted it and the other left it as it was. The result passes
    /// validation, and swapping the sides gives the same ids with the conflicts mirrored.
    #[test]
    fn random_edits_on_both_sides_never_lose_an_annotation(
        ours_script in prop::collection::vec(step(), 0..12),
        theirs_script in prop::collection::vec(step(), 0..12),
        change_text in 0..3u8,
    ) {
        let (base, _) = base();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        if change_text == 1 {
            theirs = with_text(&theirs, &format!("Correction appended.\n{TEXT}"));
        }
        let ours_deleted = run(&mut ours, &ours_script, "o");
        let theirs_deleted = run(&mut theirs, &theirs_script, "t");
        let out = merge(&base, &ours, &theirs).unwrap();
        let p = &out.project;
        assert_valid(p);
        for id in ids(&ours).union(&ids(&theirs)) {
            // Untouched: as in the base, but for where a text change moved it.
            let untouched = |side: &Project| match (side.find(id), base.find(id)) {
                (Some(a), Some(b)) => {
                    let mut a = a.clone();
                    (a.start, a.end, a.prefix, a.suffix) = (b.start, b.end, b.prefix.clone(), b.suffix.clone());
                    a.anchor.clone_from(&b.anchor);
                    a.modified.clone_from(&b.modified);
                    a == *b
                }
                _ => false,
            };
            let deleted_by_other = |deleted: &BTreeSet<String>, side: &Project| {
                deleted.contains(id) && untouched(side)
            };
            let may_go = deleted_by_other(&theirs_deleted, &ours)
                || deleted_by_other(&ours_deleted, &theirs);
            prop_assert!(p.find(id).is_some() || may_go, "{id} was dropped");
        }
        for id in ids(p) {
            prop_assert!(ours.find(&id).is_some() || theirs.find(&id).is_some());
        }
        for c in &out.conflicts {
            prop_assert_ne!(&c.ours, &c.theirs, "a conflict keeps two different values");
        }
        let swapped = merge(&base, &theirs, &ours).unwrap();
        prop_assert_eq!(ids(&swapped.project), ids(p));
        let mirrored = |c: &Conflict| (c.annotation.clone(), c.field.clone(), c.base.clone(), c.theirs.clone(), c.ours.clone());
        let key = |c: &Conflict| (c.annotation.clone(), c.field.clone(), c.base.clone(), c.ours.clone(), c.theirs.clone());
        let mut a: Vec<_> = out.conflicts.iter().map(key).collect();
        let mut b: Vec<_> = swapped.conflicts.iter().map(mirrored).collect();
        a.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
        b.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
        if change_text == 0 {
            prop_assert_eq!(a, b);
            // Fields no conflict names are the same whichever side is ours.
            for x in p.all_annotations() {
                let y = swapped.project.find(&x.id).unwrap();
                let conflicted = |f: &str| out.conflicts.iter().any(|c| c.annotation.as_deref() == Some(&x.id) && (c.field == f || c.field == "annotation"));
                if !conflicted("note") { prop_assert_eq!(&x.note, &y.note); }
                if !conflicted("verdict") && !conflicted("kind") { prop_assert_eq!(x.verdict, y.verdict); }
                if !conflicted("span") { prop_assert_eq!(x.range(), y.range()); }
            }
        }
    }
}
