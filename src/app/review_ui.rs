//! A claim's sign-off in the details panel: its review state, the reviewers' votes and
//! their tally, and a form to add a vote.
//!
//! The rule (see [`crate::model::Tally`]): a verdict carries when more than half of the
//! reviewers who voted a verdict gave it (each reviewer's latest vote counts). Approving is
//! a person's act, chosen in the state box: the panel warns when the claim is approved with
//! a verdict the votes do not carry (or with no votes), and never blocks it. Until the claim
//! is approved its verdict is called the proposed verdict, and ClaimReview leaves it out.
//!
//! Every change (state, a vote added or removed) is one undo step.

use egui::{RichText, Ui};

use super::annotation_panel::PanelEvent;
use super::theme;
use crate::model::{Annotation, Review, ReviewState, Verdict, Vote, timestamp};

/// The vote being written, kept until it is added.
#[derive(Clone, Debug, Default)]
pub struct VoteDraft {
    /// The claim it is written for: another claim's half-written comment is not carried over.
    pub claim: String,
    pub reviewer: String,
    pub verdict: Option<Verdict>,
    pub comment: String,
}

/// The review of claim `a`. `default_reviewer` (the user's name from Preferences) fills the
/// reviewer field when it is empty.
pub fn review_ui(
    ui: &mut Ui,
    a: &Annotation,
    draft: &mut VoteDraft,
    default_reviewer: Option<&str>,
    events: &mut Vec<PanelEvent>,
) {
    if draft.claim != a.id {
        draft.claim = a.id.clone();
        draft.verdict = None;
        draft.comment.clear();
    }
    let review = &a.record.review;
    let dark = ui.visuals().dark_mode;
    let warn = ui.visuals().warn_fg_color;
    let send = |events: &mut Vec<PanelEvent>, review: Review| {
        events.push(PanelEvent::SetReview(a.id.clone(), Box::new(review)));
    };

    ui.horizontal(|ui| {
        let label = ui.label("Review:");
        let mut state = review.state;
        egui::ComboBox::from_id_salt(("review-state", &a.id))
            .selected_text(state.label())
            .show_ui(ui, |ui| {
                for s in ReviewState::ALL {
                    ui.selectable_value(&mut state, s, s.label());
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("Draft, ready for review, approved (the verdict stands) or needs work")
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Review state"));
        if state != review.state {
            let mut changed = review.clone();
            changed.state = state;
            send(events, changed);
        }
    });
    let tally = review.tally();
    match tally.summary() {
        Some(summary) => ui.label(summary),
        None => ui.weak("No votes yet."),
    };
    if review.state == ReviewState::Approved
        && let Some(why) = tally.approval_warning(a.verdict)
    {
        ui.label(RichText::new(format!("⚠ Approved against the votes: {why}")).color(warn));
    }

    let mut remove = None;
    for (i, vote) in review.votes.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.strong(&vote.reviewer);
            match vote.verdict {
                Some(v) => ui.label(RichText::new(v.label()).color(theme::verdict_color(v, dark))),
                None => ui.weak("no verdict"),
            };
            if !vote.comment.trim().is_empty() {
                ui.label(format!("“{}”", vote.comment.trim()));
            }
            ui.weak(timestamp::display(&vote.time));
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Remove {}'s vote", vote.reviewer))
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        let mut changed = review.clone();
        changed.votes.remove(i);
        send(events, changed);
    }

    egui::CollapsingHeader::new("Add a vote")
        .id_salt(("add-vote", &a.id))
        .show(ui, |ui| {
            if draft.reviewer.trim().is_empty()
                && let Some(name) = default_reviewer.filter(|n| !n.trim().is_empty())
            {
                draft.reviewer = name.to_string();
            }
            ui.horizontal(|ui| {
                let label = ui.label("Reviewer:");
                ui.add(
                    egui::TextEdit::singleline(&mut draft.reviewer)
                        .id_salt(("vote-reviewer", &a.id))
                        .hint_text("name")
                        .desired_width(140.0),
                )
                .labelled_by(label.id);
                egui::ComboBox::from_id_salt(("vote-verdict", &a.id))
                    .selected_text(draft.verdict.map_or("No verdict", |v| v.label()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut draft.verdict, None, "No verdict");
                        for v in Verdict::ALL {
                            ui.selectable_value(&mut draft.verdict, Some(v), v.label());
                        }
                    })
                    .response
                    .on_hover_text("The verdict this reviewer would give")
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Vote verdict")
                    });
            });
            let label = ui.label("Comment:");
            ui.add(
                egui::TextEdit::multiline(&mut draft.comment)
                    .id_salt(("vote-comment", &a.id))
                    .hint_text("optional")
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            let reviewer = draft.reviewer.trim().to_string();
            if ui
                .add_enabled(!reviewer.is_empty(), egui::Button::new("Add vote"))
                .on_disabled_hover_text("Name the reviewer first")
                .clicked()
            {
                let mut changed = review.clone();
                changed.votes.push(Vote {
                    reviewer,
                    verdict: draft.verdict,
                    comment: draft.comment.trim().to_string(),
                    time: timestamp::now(),
                    extra: Default::default(),
                });
                send(events, changed);
                draft.comment.clear();
                draft.verdict = None;
            }
        });
}
