//! Edits are values: applying then inverting restores the project exactly, builders keep
//! links consistent, and the history gives undo/redo and the saved/unsaved flag.

mod common;

use common::{NOW, project_with_text, tag};
use factmark::model::{Edit, EditError, History, Kind, Project, Verdict};

const TEXT: &str = "The mayor said crime fell 20% last year. Police data shows a 5% drop. \
                    Critics say the figure is cherry-picked.";
const LATER: &str = "2026-11-27T08:00:00Z";

fn setup() -> (Project, String, String, String) {
    let mut p = project_with_text(TEXT);
    let claim = tag(&mut p, Kind::Claim, "crime fell 20% last year");
    let source = tag(&mut p, Kind::Source, "Police data shows a 5% drop");
    let dispute = tag(&mut p, Kind::Dispute, "the figure is cherry-picked");
    for id in [&source, &dispute] {
        let e = p.edit_link(id, &claim, NOW).unwrap();
        p.apply(&e).unwrap();
    }
    (p, claim, source, dispute)
}

/// Apply, check, invert, check that the project is exactly as before.
fn apply_and_undo(project: &mut Project, edit: Edit, check: impl FnOnce(&Project)) {
    let before = project.clone();
    project.apply(&edit).unwrap();
    assert_ne!(*project, before, "the edit changed nothing");
    check(project);
    project.apply(&edit.inverse()).unwrap();
    assert_eq!(*project, before);
}

#[test]
fn each_kind_of_change_applies_and_inverts() {
    let (mut p, claim, source, _) = setup();
    let e = p
        .edit_set_note(&claim, "Check the police data.\nSecond line.", LATER)
        .unwrap();
    apply_and_undo(&mut p, e, |p| {
        let a = p.annotation(&claim).unwrap();
        assert_eq!(a.note_first_line(), "Check the police data.");
        assert_eq!(a.modified, LATER);
    });
    let e = p
        .edit_set_verdict(&claim, Some(Verdict::MostlyFalse), LATER)
        .unwrap();
    apply_and_undo(&mut p, e, |p| {
        assert_eq!(
            p.annotation(&claim).unwrap().verdict,
            Some(Verdict::MostlyFalse)
        )
    });
    let stats = factmark::model::Reference {
        title: Some("Crime statistics".into()),
        url: Some("https://police.example/stats".into()),
        ..Default::default()
    };
    let e = p
        .edit_set_evidence(
            &source,
            &[factmark::model::Reference::default(), stats.clone()],
            LATER,
        )
        .unwrap();
    apply_and_undo(&mut p, e, |p| {
        // The blank reference is left out; the other kept as given.
        assert_eq!(
            p.annotation(&source).unwrap().evidence,
            std::slice::from_ref(&stats)
        )
    });
    let e = p.edit_unlink(&source, &claim, LATER).unwrap();
    apply_and_undo(&mut p, e, |p| {
        assert!(p.annotation(&source).unwrap().claims.is_empty())
    });
    let extra = p.make_annotation(Kind::Claim, 0..9, None, LATER).unwrap();
    let extra_id = extra.id.clone();
    apply_and_undo(&mut p, Edit::Add(extra), |p| {
        assert!(p.annotation(&extra_id).is_some())
    });
}

#[test]
fn removing_a_claim_unlinks_its_sources_and_undo_relinks_them() {
    let (mut p, claim, source, dispute) = setup();
    let e = p.edit_remove(&claim, LATER).unwrap();
    apply_and_undo(&mut p, e, |p| {
        assert!(p.annotation(&claim).is_none());
        assert!(p.annotation(&source).unwrap().claims.is_empty());
        assert!(p.annotation(&dispute).unwrap().claims.is_empty());
    });
    assert_eq!(p.linked_to(&claim).count(), 2);
}

#[test]
fn a_claim_that_becomes_a_source_loses_verdict_and_inbound_links() {
    let (mut p, claim, source, _) = setup();
    let e = p
        .edit_set_verdict(&claim, Some(Verdict::False), NOW)
        .unwrap();
    p.apply(&e).unwrap();
    let e = p.edit_set_kind(&claim, Kind::Source, LATER).unwrap();
    apply_and_undo(&mut p, e, |p| {
        let a = p.annotation(&claim).unwrap();
        assert_eq!((a.kind, a.verdict), (Kind::Source, None));
        assert!(p.annotation(&source).unwrap().claims.is_empty());
    });
    // A source that becomes a claim drops its own links.
    let e = p.edit_set_kind(&source, Kind::Claim, LATER).unwrap();
    apply_and_undo(&mut p, e, |p| {
        assert!(p.annotation(&source).unwrap().claims.is_empty())
    });
}

#[test]
fn edits_that_would_break_the_rules_are_refused_and_change_nothing() {
    let (mut p, claim, source, _) = setup();
    let before = p.clone();
    assert!(
        p.edit_set_verdict(&source, Some(Verdict::True), NOW)
            .is_none()
    );
    assert!(
        p.edit_set_claims(&claim, std::slice::from_ref(&claim), NOW)
            .is_none()
    );
    assert!(p.edit_remove("nope", NOW).is_none());
    let mut dup = p.annotation(&claim).unwrap().clone();
    assert_eq!(
        p.apply(&Edit::Add(dup.clone())),
        Err(EditError::DuplicateId(claim.clone()))
    );
    dup.id = "fresh".into();
    dup.quote = "not the text".into();
    assert_eq!(
        p.apply(&Edit::Add(dup)),
        Err(EditError::QuoteMismatch("fresh".into()))
    );
    // Removing a claim without unlinking first is refused.
    let bare = Edit::Remove(p.annotation(&claim).unwrap().clone());
    assert!(matches!(p.apply(&bare), Err(EditError::StillLinked { .. })));
    // A batch that fails half-way is rolled back.
    let ok = p.edit_set_note(&claim, "changed", NOW).unwrap();
    let batch = Edit::Batch(vec![ok, bare]);
    assert!(p.apply(&batch).is_err());
    assert_eq!(p, before);
    // An edit made against an older state is refused rather than clobbering newer work.
    let stale = p.edit_set_note(&claim, "first", NOW).unwrap();
    let newer = p.edit_set_note(&claim, "second", NOW).unwrap();
    p.apply(&newer).unwrap();
    assert!(matches!(p.apply(&stale), Err(EditError::Stale(_))));
}

#[test]
fn links_keep_only_existing_claims_without_duplicates() {
    let (p, claim, source, dispute) = setup();
    let e = p.edit_set_claims(
        &source,
        &[
            claim.clone(),
            claim.clone(),
            dispute.clone(),
            "ghost".into(),
        ],
        NOW,
    );
    // Already exactly [claim]: nothing to change.
    assert!(e.is_none());
    assert_eq!(p.annotation(&source).unwrap().claims, [claim]);
}

#[test]
fn history_undo_redo_and_dirty_flag() {
    let (mut p, claim, _, _) = setup();
    let original = p.clone();
    let mut h = History::new();
    assert!(!h.is_dirty());
    let e = p.edit_set_note(&claim, "one", NOW).unwrap();
    h.apply(&mut p, "Edit note", e).unwrap();
    let e = p
        .edit_set_verdict(&claim, Some(Verdict::Mixed), NOW)
        .unwrap();
    h.apply(&mut p, "Set verdict", e).unwrap();
    let after_two = p.clone();
    assert!(h.is_dirty());
    assert_eq!(h.undo_label(), Some("Set verdict"));

    assert_eq!(h.undo(&mut p).unwrap().as_deref(), Some("Set verdict"));
    assert_eq!(h.undo(&mut p).unwrap().as_deref(), Some("Edit note"));
    assert_eq!(p, original);
    assert!(!h.is_dirty(), "undoing back to the saved state is clean");
    assert_eq!(h.undo(&mut p).unwrap(), None);

    h.redo(&mut p).unwrap();
    h.redo(&mut p).unwrap();
    assert_eq!(p, after_two);
    h.mark_saved();
    assert!(!h.is_dirty());
    h.undo(&mut p).unwrap();
    assert!(h.is_dirty());
    // A new edit after an undo drops the redo list.
    let e = p.edit_set_note(&claim, "other", NOW).unwrap();
    h.apply(&mut p, "Edit note", e).unwrap();
    assert!(!h.can_redo());
    assert!(h.is_dirty());
}

#[test]
fn unsaved_history_stays_dirty_until_saved() {
    let mut h = History::new_unsaved();
    assert!(h.is_dirty());
    h.mark_saved();
    assert!(!h.is_dirty());
}

#[test]
fn typing_merges_into_one_undo_step() {
    let (mut p, claim, _, _) = setup();
    let original = p.clone();
    let mut h = History::new();
    let e = p.edit_set_note(&claim, "W", NOW).unwrap();
    h.apply(&mut p, "Edit note", e).unwrap();
    for text in ["Wr", "Wro", "Wrong"] {
        let e = p.edit_set_note(&claim, text, NOW).unwrap();
        assert!(h.merge_into_last(&mut p, e).unwrap());
    }
    assert_eq!(p.annotation(&claim).unwrap().note, "Wrong");
    h.undo(&mut p).unwrap();
    assert_eq!(p, original, "one undo reverts the whole note");
    assert!(!h.can_undo());
    h.redo(&mut p).unwrap();
    assert_eq!(p.annotation(&claim).unwrap().note, "Wrong");
    // Merging after a save leaves the project unsaved.
    h.mark_saved();
    let e = p.edit_set_note(&claim, "Wrong!", NOW).unwrap();
    assert!(h.merge_into_last(&mut p, e).unwrap());
    assert!(h.is_dirty());
}

#[test]
fn inbound_link_counts_follow_every_edit_and_undo() {
    let (mut p, claim, source, dispute) = setup();
    let check = |p: &Project| {
        for a in p.annotations().iter().filter(|a| a.kind == Kind::Claim) {
            assert_eq!(
                p.inbound_links(&a.id),
                p.linked_to(&a.id).count(),
                "{}",
                a.id
            );
        }
    };
    check(&p);
    assert_eq!(p.inbound_links(&claim), 2);
    let mut h = History::new();
    let e = p.edit_unlink(&source, &claim, NOW).unwrap();
    h.apply(&mut p, "unlink", e).unwrap();
    check(&p);
    // A claim that stops being one loses the dispute's link too.
    let e = p.edit_set_kind(&claim, Kind::Dispute, NOW).unwrap();
    h.apply(&mut p, "make dispute", e).unwrap();
    check(&p);
    assert_eq!(p.inbound_links(&claim), 0);
    while h.can_undo() {
        h.undo(&mut p).unwrap();
        check(&p);
    }
    assert_eq!(p.inbound_links(&claim), 2);
    let e = p.edit_remove(&dispute, NOW).unwrap();
    p.apply(&e).unwrap();
    check(&p);
    assert_eq!(p.inbound_links(&claim), 1);
}
