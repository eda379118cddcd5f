//! "Conflicts (N)" at the top of the annotation panel: what a merge of two checkers'
//! versions could not decide (see [`crate::model::Conflict`]). Each shows its annotation,
//! the field, mine (the project's value), theirs and the base, and is decided with "Keep
//! mine", "Keep theirs" or an edit:
//! - a text field (`note`, `explanation`, `article.title`…): "Edit…" opens a box prefilled
//!   with mine;
//! - any other field: "Keep mine, edit…" keeps mine and selects the annotation, to be
//!   edited in the details below;
//! - `annotation` (deleted on one side, edited on the other): "Keep it" or "Delete it";
//! - `article.text`: "Keep mine", or "Take theirs", which re-anchors every annotation onto
//!   their text.
//!
//! Each decision is one undo step that also brings the conflict record back
//! ([`crate::project_file::resolve_conflict`]); a saved project keeps the conflicts not yet
//! decided, and has no `conflicts` once all are.

use egui::{RichText, Ui};
use serde_json::Value;

use super::annotation_panel::{PanelEvent, excerpt};
use crate::model::{Conflict, Project, Verdict};
use crate::project_file::Resolution;

/// The conflict whose value is being edited, and the text so far.
#[derive(Default)]
pub struct ConflictsState {
    editing: Option<(usize, String)>,
}

/// Fields whose value is free text, edited in a box.
fn is_text_field(c: &Conflict) -> bool {
    let text_or_null = |v: &Value| v.is_string() || v.is_null();
    c.field != "article.text"
        && c.field != "annotation"
        && c.field != "kind"
        && c.field != "verdict"
        && c.field != "review.state"
        && text_or_null(&c.ours)
        && text_or_null(&c.theirs)
}

/// A value for people: text as written, a verdict in words, `null` as "(none)".
fn readable(c: &Conflict, v: Option<&Value>) -> String {
    match v {
        None => "(not in the base)".to_string(),
        Some(Value::Null) if c.field == "annotation" => "(deleted)".to_string(),
        Some(Value::Null) => "(none)".to_string(),
        Some(Value::String(s)) if c.field == "verdict" => Verdict::parse(s)
            .map(|v| v.label().to_string())
            .unwrap_or_else(|| s.clone()),
        Some(Value::String(s)) => excerpt(s, 300),
        Some(Value::Object(o)) if c.field == "annotation" => {
            let quote = o.get("quote").and_then(Value::as_str).unwrap_or_default();
            format!("kept, edited: “{}”", excerpt(quote, 80))
        }
        Some(other) => excerpt(&other.to_string(), 300),
    }
}

/// The annotation a conflict is about, as its quote (from the project, or from the side
/// that still has it).
fn subject(project: &Project, c: &Conflict) -> String {
    let Some(id) = &c.annotation else {
        return "The article".to_string();
    };
    let quote = project
        .find(id)
        .map(|a| a.quote.clone())
        .or_else(|| {
            [&c.ours, &c.theirs]
                .into_iter()
                .find_map(|v| v.get("quote").and_then(Value::as_str).map(str::to_string))
        })
        .unwrap_or_else(|| id.clone());
    format!("“{}”", excerpt(&quote, 60))
}

pub fn conflicts_ui(
    ui: &mut Ui,
    project: &Project,
    selected: Option<&str>,
    state: &mut ConflictsState,
    events: &mut Vec<PanelEvent>,
) {
    let conflicts = project.conflicts();
    if conflicts.is_empty() {
        state.editing = None;
        return;
    }
    if state
        .editing
        .as_ref()
        .is_some_and(|(i, _)| *i >= conflicts.len())
    {
        state.editing = None;
    }
    let warn = ui.visuals().warn_fg_color;
    egui::CollapsingHeader::new(
        RichText::new(format!("Conflicts ({})", conflicts.len()))
            .strong()
            .color(warn),
    )
    .id_salt("conflicts")
    .default_open(true)
    .show(ui, |ui| {
        ui.weak("A merge left these undecided: both values are kept until you choose.");
        egui::ScrollArea::vertical()
            .id_salt("conflicts-list")
            .max_height(260.0)
            .show(ui, |ui| {
                for (i, c) in conflicts.iter().enumerate() {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        conflict_ui(ui, project, i, c, selected, state, events);
                    });
                }
            });
    });
    ui.separator();
}

fn conflict_ui(
    ui: &mut Ui,
    project: &Project,
    i: usize,
    c: &Conflict,
    selected: Option<&str>,
    state: &mut ConflictsState,
    events: &mut Vec<PanelEvent>,
) {
    let resolve = |events: &mut Vec<PanelEvent>, how: Resolution| {
        events.push(PanelEvent::ResolveConflict(i, how));
    };
    ui.horizontal_wrapped(|ui| {
        let here = c
            .annotation
            .as_deref()
            .filter(|id| project.find(id).is_some());
        let text = subject(project, c);
        match here {
            Some(id) => {
                if ui
                    .selectable_label(selected == Some(id), text)
                    .on_hover_text("Select this annotation")
                    .clicked()
                {
                    events.push(PanelEvent::Select(id.to_string()));
                }
            }
            None => {
                ui.label(text);
            }
        }
        ui.weak(format!("· {}", c.field));
    });
    egui::Grid::new(("conflict-values", i))
        .num_columns(2)
        .show(ui, |ui| {
            for (who, value) in [
                ("Mine:", Some(&c.ours)),
                ("Theirs:", Some(&c.theirs)),
                ("Base:", c.base.as_ref()),
            ] {
                ui.weak(who);
                ui.label(readable(c, value));
                ui.end_row();
            }
        });

    if let Some((_, text)) = state.editing.as_mut().filter(|(at, _)| *at == i) {
        let label = ui.label("Value:");
        ui.add(
            egui::TextEdit::multiline(text)
                .id_salt(("conflict-edit", i))
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        let mut done = false;
        ui.horizontal(|ui| {
            if ui.button("Use this").clicked() {
                resolve(events, Resolution::Value(Value::String(text.clone())));
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
        if done {
            state.editing = None;
        }
        return;
    }

    ui.horizontal_wrapped(|ui| match c.field.as_str() {
        "annotation" => {
            // Which side deleted it decides what keeping means.
            let (keep, delete) = if c.ours.is_null() {
                (Resolution::Theirs, Resolution::Mine)
            } else {
                (Resolution::Mine, Resolution::Theirs)
            };
            if ui
                .button("Keep it")
                .on_hover_text("The annotation stays, as the side that edited it has it")
                .clicked()
            {
                resolve(events, keep);
            }
            if ui
                .button("Delete it")
                .on_hover_text("The annotation goes, as the side that deleted it wanted")
                .clicked()
            {
                resolve(events, delete);
            }
        }
        "article.text" => {
            if ui
                .button("Keep mine")
                .on_hover_text("Keep this project's article text")
                .clicked()
            {
                resolve(events, Resolution::Mine);
            }
            if ui
                .button("Take theirs")
                .on_hover_text("Their text, with every annotation re-anchored onto it")
                .clicked()
            {
                resolve(events, Resolution::Theirs);
            }
        }
        _ => {
            if ui
                .button("Keep mine")
                .on_hover_text("Keep the value this project has")
                .clicked()
            {
                resolve(events, Resolution::Mine);
            }
            if ui
                .button("Keep theirs")
                .on_hover_text("Take the other checker's value")
                .clicked()
            {
                resolve(events, Resolution::Theirs);
            }
            if is_text_field(c) {
                if ui
                    .button("Edit…")
                    .on_hover_text("Write the value yourself, starting from mine")
                    .clicked()
                {
                    let mine = c.ours.as_str().unwrap_or_default().to_string();
                    state.editing = Some((i, mine));
                }
            } else if let Some(id) = c
                .annotation
                .as_deref()
                .filter(|id| project.find(id).is_some())
                && ui
                    .button("Keep mine, edit…")
                    .on_hover_text("Keep mine and select the annotation to edit it below")
                    .clicked()
            {
                resolve(events, Resolution::Mine);
                events.push(PanelEvent::Select(id.to_string()));
            }
        }
    });
}
