//! The claim record and the evidence list in the details panel: who made the claim, the
//! claim as checked, where it was first said, the public explanation (folded), and the
//! references (folded), each with "copy as citation".
//!
//! The fields edit buffers (see [`RecordBuffers`]); what is sent to the project is the
//! buffer made valid ([`record_to_send`], [`evidence_to_send`]): a claimant needs a name, and
//! a date that is not yet a date is kept in the field but not saved until it is one.

use egui::{RichText, Ui};

use super::annotation_panel::{PanelEvent, excerpt};
use crate::model::claim::{is_web_url, speaker_name};
use crate::model::timestamp;
use crate::model::{
    Annotation, ClaimRecord, Claimant, ClaimantKind, FirstSaid, Kind, Project, Reference,
};

/// What the record and evidence fields show, apart from the project until it changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordBuffers {
    pub claimant: Claimant,
    pub claim_checked: String,
    pub first_said_date: String,
    pub first_said_url: String,
    pub explanation: String,
    pub review_url: String,
    pub evidence: Vec<Reference>,
}

impl RecordBuffers {
    pub fn of(a: &Annotation) -> Self {
        let r = &a.record;
        let first = r.first_said.clone().unwrap_or_default();
        Self {
            claimant: r.claimant.clone().unwrap_or_default(),
            claim_checked: r.claim_checked.clone().unwrap_or_default(),
            first_said_date: first.date.unwrap_or_default(),
            first_said_url: first.url.unwrap_or_default(),
            explanation: r.explanation.clone(),
            review_url: r.review_url.clone().unwrap_or_default(),
            evidence: a.evidence.clone(),
        }
    }

    /// Whether the project holds what these buffers would send: if not, the project changed
    /// under them (undo, another edit) and they are refilled from it.
    pub fn agrees_with(&self, a: &Annotation) -> bool {
        let record_agrees = a.kind != Kind::Claim || record_to_send(self, &a.record) == a.record;
        record_agrees && evidence_to_send(&self.evidence) == a.evidence
    }
}

fn filled(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A date field's value, when it is one (`YYYY-MM-DD` or RFC 3339).
fn date_value(s: &str) -> Option<String> {
    filled(s).filter(|d| timestamp::is_date_or_rfc3339(d))
}

/// The record the buffers describe, valid by the model's rules; `current` supplies what the
/// panel does not edit (the review and its votes, unknown fields).
pub fn record_to_send(b: &RecordBuffers, current: &ClaimRecord) -> ClaimRecord {
    let claimant = filled(&b.claimant.name).map(|name| Claimant {
        name,
        role: b.claimant.role.as_deref().and_then(filled),
        kind: b.claimant.kind,
        extra: b.claimant.extra.clone(),
    });
    let first_extra = current
        .first_said
        .as_ref()
        .map(|f| f.extra.clone())
        .unwrap_or_default();
    let first_said = FirstSaid {
        date: date_value(&b.first_said_date),
        url: filled(&b.first_said_url),
        extra: first_extra,
    };
    ClaimRecord {
        claimant,
        claim_checked: filled(&b.claim_checked),
        first_said: (!first_said.is_empty()).then_some(first_said),
        explanation: b.explanation.trim_end().to_string(),
        review_url: filled(&b.review_url).filter(|u| is_web_url(u)),
        review: current.review.clone(),
    }
}

/// The evidence the buffers describe: trimmed, blank references and non-dates left out.
pub fn evidence_to_send(evidence: &[Reference]) -> Vec<Reference> {
    evidence
        .iter()
        .map(|r| Reference {
            title: r.title.as_deref().and_then(filled),
            url: r.url.as_deref().and_then(filled),
            publisher: r.publisher.as_deref().and_then(filled),
            accessed: r.accessed.as_deref().and_then(date_value),
            archive_url: r.archive_url.as_deref().and_then(filled),
            quote: r.quote.as_deref().and_then(filled),
            extra: r.extra.clone(),
        })
        .filter(|r| !r.is_blank() && (r.title.is_some() || r.url.is_some()))
        .collect()
}

/// What the fields did this frame.
#[derive(Default)]
struct Changes {
    record: bool,
    evidence: bool,
    /// A field lost the keyboard: the next change is a new undo step.
    ended: bool,
}

impl Changes {
    fn track(&mut self, response: &egui::Response, evidence: bool) {
        if response.changed() {
            if evidence {
                self.evidence = true;
            } else {
                self.record = true;
            }
        }
        if response.lost_focus() {
            self.ended = true;
        }
    }
}

/// A one-line field over an optional string.
fn optional_line(
    ui: &mut Ui,
    value: &mut Option<String>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    hint: &str,
    width: f32,
) -> egui::Response {
    let mut text = value.clone().unwrap_or_default();
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id_salt(salt)
            .hint_text(hint)
            .desired_width(width),
    );
    if response.changed() {
        *value = Some(text).filter(|t| !t.is_empty());
    }
    response
}

/// A warning under a field whose text is kept but not saved yet.
fn not_saved_hint(ui: &mut Ui, text: &str) {
    ui.label(
        RichText::new(text)
            .small()
            .color(ui.visuals().warn_fg_color),
    );
}

/// The claim record of a claim: claimant, claim as checked, first said, explanation.
pub fn record_ui(
    ui: &mut Ui,
    project: &Project,
    a: &Annotation,
    b: &mut RecordBuffers,
    events: &mut Vec<PanelEvent>,
) {
    let mut changes = Changes::default();
    let field_width = ui.available_width();

    ui.horizontal(|ui| {
        let label = ui.label("Claimant:");
        let name = ui.add(
            egui::TextEdit::singleline(&mut b.claimant.name)
                .id_salt(("claimant", &a.id))
                .hint_text("who made the claim")
                .desired_width((field_width * 0.45).max(80.0)),
        );
        let name = name.labelled_by(label.id);
        changes.track(&name, false);
        let kind = egui::ComboBox::from_id_salt(("claimant-kind", &a.id))
            .selected_text(b.claimant.kind.label())
            .show_ui(ui, |ui| {
                for kind in [ClaimantKind::Person, ClaimantKind::Organization] {
                    if ui
                        .selectable_value(&mut b.claimant.kind, kind, kind.label())
                        .changed()
                    {
                        changes.record = true;
                        changes.ended = true;
                    }
                }
            })
            .response
            .on_hover_text("A person or an organisation");
        kind.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Claimant type"));
    });
    let role = optional_line(
        ui,
        &mut b.claimant.role,
        ("claimant-role", &a.id),
        "role, e.g. “Trump's physician” (optional)",
        field_width,
    );
    changes.track(&role, false);
    if b.claimant.name.trim().is_empty() {
        if b.claimant
            .role
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty())
        {
            not_saved_hint(ui, "The role is kept once the claimant has a name.");
        }
        // A linked source that names the speaker: offer the name (never the outlet).
        let offers: Vec<String> = project
            .linked_to(&a.id)
            .filter(|s| s.kind == Kind::Source)
            .filter_map(|s| speaker_name(&s.quote))
            .fold(Vec::new(), |mut names, name| {
                if !names.contains(&name) {
                    names.push(name);
                }
                names
            });
        if !offers.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak("From its sources:");
                for name in offers.iter().take(3) {
                    if ui
                        .small_button(name)
                        .on_hover_text("Make this the claimant")
                        .clicked()
                    {
                        b.claimant.name = name.clone();
                        changes.record = true;
                        changes.ended = true;
                    }
                }
            });
        }
    }

    let checked_label = ui.label("Claim as checked:");
    let checked = ui.add(
        egui::TextEdit::multiline(&mut b.claim_checked)
            .id_salt(("claim-checked", &a.id))
            .hint_text(excerpt(&a.quote, 200))
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    );
    let checked = checked.labelled_by(checked_label.id).on_hover_text(
        "The claim restated in one sentence a reader understands; empty means the quote",
    );
    changes.track(&checked, false);

    ui.horizontal(|ui| {
        let label = ui.label("First said:");
        let date = ui.add(
            egui::TextEdit::singleline(&mut b.first_said_date)
                .id_salt(("first-said-date", &a.id))
                .hint_text("YYYY-MM-DD")
                .desired_width(90.0),
        );
        let date = date.labelled_by(label.id);
        changes.track(&date, false);
        let url = ui.add(
            egui::TextEdit::singleline(&mut b.first_said_url)
                .id_salt(("first-said-url", &a.id))
                .hint_text("where (URL)")
                .desired_width(ui.available_width()),
        );
        changes.track(&url, false);
    });
    if filled(&b.first_said_date).is_some() && date_value(&b.first_said_date).is_none() {
        not_saved_hint(ui, "Not saved until it is a date: YYYY-MM-DD.");
    }

    let explanation_title = if b.explanation.trim().is_empty() {
        "Explanation".to_string()
    } else {
        format!("Explanation: {}", excerpt(&b.explanation, 40))
    };
    egui::CollapsingHeader::new(explanation_title)
        .id_salt(("explanation", &a.id))
        .show(ui, |ui| {
            let explanation = ui.add(
                egui::TextEdit::multiline(&mut b.explanation)
                    .id_salt(("explanation-text", &a.id))
                    .hint_text("Why this verdict: the public rationale, published with the review")
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            );
            changes.track(&explanation, false);
            ui.horizontal(|ui| {
                let label = ui.label("Published review:");
                let url = ui.add(
                    egui::TextEdit::singleline(&mut b.review_url)
                        .id_salt(("review-url", &a.id))
                        .hint_text("https://… (the fact-check's page)")
                        .desired_width(ui.available_width()),
                );
                let url = url.labelled_by(label.id);
                changes.track(&url, false);
            });
            if filled(&b.review_url).is_some_and(|u| !is_web_url(&u)) {
                not_saved_hint(ui, "Not saved until it is an http(s) address.");
            }
        });
    send(a, b, &changes, events);
}

/// The evidence list of any annotation.
pub fn evidence_ui(
    ui: &mut Ui,
    a: &Annotation,
    b: &mut RecordBuffers,
    events: &mut Vec<PanelEvent>,
) {
    let mut changes = Changes::default();
    let title = match b.evidence.len() {
        0 => "Evidence".to_string(),
        n => format!("Evidence ({n})"),
    };
    egui::CollapsingHeader::new(title)
        .id_salt(("evidence", &a.id))
        .show(ui, |ui| {
            let mut remove = None;
            for (i, r) in b.evidence.iter_mut().enumerate() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let salt = |field: &'static str| (field, a.id.clone(), i);
                    egui::Grid::new(("evidence-grid", &a.id, i))
                        .num_columns(2)
                        .show(ui, |ui| {
                            let width = (ui.available_width() - 8.0).max(120.0);
                            for (field, label, value, hint) in [
                                ("title", "Title:", &mut r.title, "what it is"),
                                (
                                    "url",
                                    "URL:",
                                    &mut r.url,
                                    "https://… (the page or document)",
                                ),
                                (
                                    "publisher",
                                    "Publisher:",
                                    &mut r.publisher,
                                    "who published it",
                                ),
                                ("accessed", "Accessed:", &mut r.accessed, "YYYY-MM-DD"),
                                (
                                    "archive",
                                    "Archived copy:",
                                    &mut r.archive_url,
                                    "web.archive.org, archive.today… address",
                                ),
                                ("quote", "Quote:", &mut r.quote, "the passage that matters"),
                            ] {
                                let label = ui.label(label);
                                let response = optional_line(ui, value, salt(field), hint, width);
                                changes.track(&response.labelled_by(label.id), true);
                                ui.end_row();
                            }
                        });
                    if r.accessed
                        .as_deref()
                        .is_some_and(|d| date_value(d).is_none())
                    {
                        not_saved_hint(
                            ui,
                            "The date accessed is not saved until it is YYYY-MM-DD.",
                        );
                    }
                    if r.title.as_deref().and_then(filled).is_none()
                        && r.url.as_deref().and_then(filled).is_none()
                        && !r.is_blank()
                    {
                        not_saved_hint(ui, "Not saved until it has a title or a URL.");
                    }
                    ui.horizontal(|ui| {
                        if let Some(url) = r.url.as_deref().filter(|u| is_web_url(u)) {
                            ui.hyperlink_to("Open", url.trim()).on_hover_text(url);
                        }
                        if let Some(url) = r.archive_url.as_deref().filter(|u| is_web_url(u)) {
                            ui.hyperlink_to("Archived copy", url.trim())
                                .on_hover_text(url);
                        }
                        if ui
                            .small_button("Copy as citation")
                            .on_hover_text(r.citation())
                            .clicked()
                        {
                            ui.ctx().copy_text(r.citation());
                        }
                        if ui
                            .small_button("✖ Remove")
                            .on_hover_text("Remove this reference")
                            .clicked()
                        {
                            remove = Some(i);
                        }
                    });
                });
            }
            if let Some(i) = remove {
                b.evidence.remove(i);
                changes.evidence = true;
                changes.ended = true;
            }
            if ui
                .button("+ Add evidence")
                .on_hover_text("A document, page or data set that backs this up")
                .clicked()
            {
                // Shown at once; saved when it has a title or a URL.
                b.evidence.push(Reference::default());
            }
        });
    send(a, b, &changes, events);
}

fn send(a: &Annotation, b: &RecordBuffers, changes: &Changes, events: &mut Vec<PanelEvent>) {
    if changes.record && a.kind == Kind::Claim {
        let record = record_to_send(b, &a.record);
        if record != a.record {
            events.push(PanelEvent::SetRecord(a.id.clone(), Box::new(record)));
        }
    }
    if changes.evidence {
        let evidence = evidence_to_send(&b.evidence);
        if evidence != a.evidence {
            events.push(PanelEvent::SetEvidence(a.id.clone(), evidence));
        }
    }
    if changes.ended {
        events.push(PanelEvent::EndTyping);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claimant_without_a_name_is_not_sent_and_a_half_typed_date_waits() {
        let mut b = RecordBuffers::default();
        b.claimant.role = Some("physician".into());
        b.first_said_date = "2026-1".into();
        b.claim_checked = "  The trip was unscheduled.  ".into();
        let r = record_to_send(&b, &ClaimRecord::default());
        assert_eq!(r.claimant, None);
        assert_eq!(r.first_said, None);
        assert_eq!(
            r.claim_checked.as_deref(),
            Some("The trip was unscheduled.")
        );
        b.claimant.name = "Sean Conley".into();
        b.first_said_date = "2026-10-02".into();
        let r = record_to_send(&b, &ClaimRecord::default());
        assert_eq!(r.claimant.unwrap().role.as_deref(), Some("physician"));
        assert_eq!(r.first_said.unwrap().date.as_deref(), Some("2026-10-02"));
    }

    #[test]
    fn blank_references_and_references_with_only_a_publisher_wait() {
        let evidence = vec![
            Reference::default(),
            Reference {
                publisher: Some("CDC".into()),
                ..Reference::default()
            },
            Reference {
                url: Some(" https://cdc.gov/x ".into()),
                accessed: Some("yesterday".into()),
                ..Reference::default()
            },
        ];
        let sent = evidence_to_send(&evidence);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].url.as_deref(), Some("https://cdc.gov/x"));
        assert_eq!(sent[0].accessed, None);
    }
}
