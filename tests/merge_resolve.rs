//! What `factmark merge` records, the app's conflict resolution can take: every field a
//! merge puts in conflict is resolved to "theirs" exactly, and "mine" leaves ours.

mod common;

use common::{NOW, find_chars, project_with_text, tag};
use factmark::merge::{field_value, merge};
use factmark::model::{Edit, Kind, Project, ReviewState, Verdict};
use factmark::project_file::{Resolution, resolve_conflict};

const TEXT: &str = "The minister said unemployment fell to 4 percent last year.\n\
    Officials at the statistics office confirmed the figure on Tuesday.";
const LATER: &str = "2026-11-27T10:00:00Z";

fn apply(p: &mut Project, edit: Option<Edit>) {
    p.apply(&edit.expect("an edit")).expect("the edit applies");
}

/// Both sides change the same claim in every field a checker edits.
fn sides() -> (Project, Project, Project, String) {
    let mut base = project_with_text(TEXT);
    let c = tag(&mut base, Kind::Claim, "unemployment fell to 4 percent");
    let mut ours = base.clone();
    let mut theirs = base.clone();
    for (side, note, verdict, checked, state, span) in [
        (
            &mut ours,
            "ours: labour survey",
            Verdict::True,
            "Unemployment fell to 4%",
            ReviewState::Ready,
            "unemployment fell to 4 percent last year",
        ),
        (
            &mut theirs,
            "theirs: tax records",
            Verdict::MostlyFalse,
            "Unemployment is at 4%",
            ReviewState::NeedsWork,
            "minister said unemployment fell to 4 percent",
        ),
    ] {
        let e = side.edit_set_note(&c, note, LATER);
        apply(side, e);
        let e = side.edit_set_verdict(&c, Some(verdict), LATER);
        apply(side, e);
        let mut record = side.annotation(&c).unwrap().record.clone();
        record.claim_checked = Some(checked.to_string());
        record.review.state = state;
        let e = side.edit_set_record(&c, record, LATER);
        apply(side, e);
        let e = side
            .edit_set_span(&c, find_chars(TEXT, span, 1), LATER)
            .ok();
        apply(side, e);
    }
    (base, ours, theirs, c)
}

#[test]
fn every_field_a_merge_leaves_in_conflict_resolves_to_theirs() {
    let (base, ours, theirs, c) = sides();
    let outcome = merge(&base, &ours, &theirs).unwrap();
    let mut fields: Vec<&str> = outcome.conflicts.iter().map(|x| x.field.as_str()).collect();
    fields.sort_unstable();
    for expected in ["claim_checked", "note", "review.state", "span", "verdict"] {
        assert!(fields.contains(&expected), "{expected} not in {fields:?}");
    }
    let mut project = outcome.project;
    while !project.conflicts().is_empty() {
        let field = project.conflicts()[0].field.clone();
        let edit = resolve_conflict(&project, 0, &Resolution::Theirs, NOW)
            .unwrap_or_else(|e| panic!("{field}: {e}"));
        project.apply(&edit).unwrap();
    }
    let got = project.annotation(&c).unwrap();
    let want = theirs.annotation(&c).unwrap();
    for field in ["claim_checked", "note", "review.state", "span", "verdict"] {
        assert_eq!(field_value(got, field), field_value(want, field), "{field}");
    }
}

#[test]
fn keeping_mine_for_every_conflict_leaves_ours() {
    let (base, ours, theirs, c) = sides();
    let mut project = merge(&base, &ours, &theirs).unwrap().project;
    while !project.conflicts().is_empty() {
        let edit = resolve_conflict(&project, 0, &Resolution::Mine, NOW).unwrap();
        project.apply(&edit).unwrap();
    }
    let got = project.annotation(&c).unwrap();
    let want = ours.annotation(&c).unwrap();
    for field in ["claim_checked", "note", "review.state", "span", "verdict"] {
        assert_eq!(field_value(got, field), field_value(want, field), "{field}");
    }
}
