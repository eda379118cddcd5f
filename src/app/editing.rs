//! Editing annotations: tagging, stepping through them, and the view and panel events.

use super::*;

impl FactmarkApp {
    /// Tag the text selection; with no text selection, change the selected annotation's kind.
    pub(super) fn tag(&mut self, kind: Kind) {
        let Some(open) = &mut self.open else { return };
        let now = timestamp::now();
        if let Some(range) = open.view.selected_range() {
            let text = &open.doc.project.article().text;
            let range = text_selection::trim_whitespace(text, range);
            if range.is_empty() {
                self.info("Nothing to tag: the selection is only spaces.");
                return;
            }
            let author = self.prefs.author.clone();
            let result = open
                .doc
                .project
                .make_annotation(kind, range, author, &now)
                .and_then(|a| {
                    let id = a.id.clone();
                    open.doc.apply(
                        &format!("add {}", kind.as_str()),
                        crate::model::Edit::Add(a),
                    )?;
                    Ok(id)
                });
            match result {
                Ok(id) => {
                    open.doc.selected = Some(id);
                    open.view.clear_selection();
                    open.panel.reveal_selected();
                    open.panel.focus_note();
                }
                Err(e) => self.error(format!("Could not add the {}: {e}", kind.as_str())),
            }
        } else if let Some(id) = open.doc.selected.clone() {
            self.panel_event(PanelEvent::SetKind(id, kind));
        } else {
            self.info(format!(
                "Select some text first, then press {} to tag it as a {}.",
                theme::kind_letter(kind),
                kind.as_str()
            ));
        }
    }

    pub(super) fn step_annotation(&mut self, forward: bool) {
        let Some(open) = &mut self.open else { return };
        let project = &open.doc.project;
        open.index.update(project);
        let list = open.panel.filtered(project, &mut open.index).to_vec();
        if list.is_empty() {
            return;
        }
        let current = open
            .doc
            .selected
            .as_deref()
            .and_then(|id| list.iter().position(|&i| project.annotations()[i].id == id));
        let next = match (current, forward) {
            (Some(k), true) => (k + 1).min(list.len() - 1),
            (Some(k), false) => k.saturating_sub(1),
            // Nothing selected, with a search or filter: its first (or last) result.
            (None, true) if open.panel.is_filtered() => 0,
            (None, false) if open.panel.is_filtered() => list.len() - 1,
            // Nothing selected: start from where the reader is.
            (None, true) => list
                .iter()
                .position(|&i| project.annotations()[i].start >= open.view.top_char)
                .unwrap_or(list.len() - 1),
            (None, false) => list
                .iter()
                .rposition(|&i| project.annotations()[i].start < open.view.top_char)
                .unwrap_or(0),
        };
        let a = &project.annotations()[list[next]];
        let (id, start) = (a.id.clone(), a.start);
        open.doc.selected = Some(id);
        open.view.reveal(start);
        open.panel.reveal_selected();
    }

    pub(super) fn view_event(&mut self, event: ViewEvent) {
        let Some(open) = &mut self.open else { return };
        match event {
            ViewEvent::SelectAnnotation(id) => {
                open.doc.selected = id;
                open.panel.reveal_selected();
            }
            ViewEvent::Tag(kind) => self.tag(kind),
            ViewEvent::PickedClaim(claim) => {
                if let Some(source) = open.picking_claim_for.take() {
                    let now = timestamp::now();
                    if let Some(edit) = open.doc.project.edit_link(&source, &claim, &now)
                        && let Err(e) = open.doc.apply("link to claim", edit)
                    {
                        self.error(format!("Could not link: {e}"));
                    }
                }
            }
            ViewEvent::PickMissed => {
                self.info("Click a highlighted claim to link it, or press Esc to stop linking.")
            }
        }
    }

    pub(super) fn panel_event(&mut self, event: PanelEvent) {
        let Some(open) = &mut self.open else { return };
        let now = timestamp::now();
        let project = &open.doc.project;
        let (label, edit) = match event {
            PanelEvent::Select(id) => {
                if let Some(a) = project.annotation(&id) {
                    open.view.reveal(a.start);
                }
                open.doc.selected = Some(id);
                return;
            }
            PanelEvent::PlaceAtSelection(id) => {
                let Some(range) = open.view.selected_range() else {
                    return;
                };
                match project.edit_set_span(&id, range, &now) {
                    Ok(edit) => {
                        if let Err(e) = open.doc.apply("place annotation", edit) {
                            self.error(format!("Could not place it there: {e}"));
                        } else {
                            open.view.clear_selection();
                        }
                    }
                    Err(e) => self.error(format!("Could not place it there: {e}")),
                }
                return;
            }
            PanelEvent::ConfirmAnchor(id) => (
                "confirm placement".to_string(),
                project.edit_confirm_anchor(&id, &now),
            ),
            PanelEvent::PickClaim(id) => {
                open.picking_claim_for = Some(id);
                return;
            }
            PanelEvent::EndTyping => {
                open.doc.end_merge();
                open.typing_session += 1;
                return;
            }
            PanelEvent::SetNote(id, note) => {
                let key = format!("note:{id}:{}", open.typing_session);
                if let Some(edit) = project.edit_set_note(&id, &note, &now)
                    && let Err(e) = open.doc.apply_merging("edit note", edit, key)
                {
                    self.error(format!("Could not change the note: {e}"));
                }
                return;
            }
            PanelEvent::SetRecord(id, record) => {
                let key = format!("record:{id}:{}", open.typing_session);
                if let Some(edit) = project.edit_set_record(&id, *record, &now)
                    && let Err(e) = open.doc.apply_merging("edit claim record", edit, key)
                {
                    self.error(format!("Could not change the claim record: {e}"));
                }
                return;
            }
            PanelEvent::SetEvidence(id, evidence) => {
                let key = format!("evidence:{id}:{}", open.typing_session);
                if let Some(edit) = project.edit_set_evidence(&id, &evidence, &now)
                    && let Err(e) = open.doc.apply_merging("edit evidence", edit, key)
                {
                    self.error(format!("Could not change the evidence: {e}"));
                }
                return;
            }
            PanelEvent::SetReview(id, review) => {
                let Some(a) = project.annotation(&id) else {
                    return;
                };
                let mut record = a.record.clone();
                record.review = *review;
                (
                    "change review".to_string(),
                    project.edit_set_record(&id, record, &now),
                )
            }
            PanelEvent::ResolveConflict(index, how) => {
                match crate::project_file::resolve_conflict(project, index, &how, &now) {
                    Ok(edit) => {
                        if let Err(e) = open.doc.apply("resolve conflict", edit) {
                            self.error(format!("Could not resolve the conflict: {e}"));
                        }
                    }
                    Err(e) => self.error(format!("Could not resolve the conflict: {e}")),
                }
                self.forget_deleted_selection();
                return;
            }
            PanelEvent::ShowRepairs => {
                self.show_repairs = true;
                return;
            }
            PanelEvent::SetKind(id, kind) => {
                self.request_kind_change(id, kind);
                return;
            }
            PanelEvent::SetVerdict(id, verdict) => (
                "set verdict".to_string(),
                project.edit_set_verdict(&id, verdict, &now),
            ),
            PanelEvent::Link(id, claim) => (
                "link to claim".to_string(),
                project.edit_link(&id, &claim, &now),
            ),
            PanelEvent::Unlink(id, claim) => (
                "unlink claim".to_string(),
                project.edit_unlink(&id, &claim, &now),
            ),
            PanelEvent::Delete(id) => {
                let kind = project
                    .annotation(&id)
                    .map(|a| a.kind.as_str())
                    .unwrap_or("annotation");
                (format!("delete {kind}"), project.edit_remove(&id, &now))
            }
        };
        let Some(edit) = edit else { return };
        if let Err(e) = open.doc.apply(&label, edit) {
            self.error(format!("Could not {label}: {e}"));
        }
        self.forget_deleted_selection();
    }

    /// After an edit that may have removed the selected annotation, select nothing.
    fn forget_deleted_selection(&mut self) {
        if let Some(open) = &mut self.open
            && open
                .doc
                .selected
                .as_deref()
                .is_some_and(|id| open.doc.project.find(id).is_none())
        {
            open.doc.selected = None;
        }
    }
}
