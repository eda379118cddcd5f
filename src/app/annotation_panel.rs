//! The annotation panel: the filterable list of annotations in text order, and the details
//! of the selected one (kind, verdict, claim record, note, evidence, links).

use egui::{Color32, CornerRadius, RichText, Sense, Ui, vec2};

use super::claim_record_ui::{self, RecordBuffers};
use super::conflicts_ui::{self, ConflictsState};
use super::project_index::ProjectIndex;
use super::review_ui::{self, VoteDraft};
use super::theme;
use crate::model::{Annotation, Kind, Project, ReviewState, Verdict, timestamp};

/// What the panel asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum PanelEvent {
    Select(String),
    SetKind(String, Kind),
    /// The note as typed so far; successive ones merge into one undo step.
    SetNote(String, String),
    /// A claim's record as edited so far (merges into one undo step like the note).
    SetRecord(String, Box<crate::model::ClaimRecord>),
    SetEvidence(String, Vec<crate::model::Reference>),
    /// A text field lost focus: the next edit is a new undo step.
    EndTyping,
    /// Show the annotations set aside for repair when the file was opened.
    ShowRepairs,
    SetVerdict(String, Option<Verdict>),
    Link(String, String),
    Unlink(String, String),
    /// Start "link to claim" mode for this source or dispute.
    PickClaim(String),
    Delete(String),
    /// Put an annotation that needs review on the text selected in the article.
    PlaceAtSelection(String),
    /// Accept where an article update moved an annotation (or its new wording).
    ConfirmAnchor(String),
    /// A claim's review (state and votes) changed: one undo step.
    SetReview(String, Box<crate::model::Review>),
    /// Decide the merge conflict with this index.
    ResolveConflict(usize, crate::project_file::Resolution),
}

/// The list filter by review state (claims only: with a state chosen, sources and disputes
/// are not listed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ReviewFilter {
    #[default]
    Any,
    Is(ReviewState),
}

impl ReviewFilter {
    fn label(self) -> &'static str {
        match self {
            ReviewFilter::Any => "Any review state",
            ReviewFilter::Is(s) => s.label(),
        }
    }

    fn accepts(self, a: &Annotation) -> bool {
        match self {
            ReviewFilter::Any => true,
            ReviewFilter::Is(s) => a.kind == Kind::Claim && a.record.review.state == s,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VerdictFilter {
    #[default]
    Any,
    Unrated,
    Is(Verdict),
}

impl VerdictFilter {
    fn label(self) -> &'static str {
        match self {
            VerdictFilter::Any => "Any verdict",
            VerdictFilter::Unrated => "No verdict",
            VerdictFilter::Is(v) => v.label(),
        }
    }

    fn accepts(self, a: &Annotation) -> bool {
        match self {
            VerdictFilter::Any => true,
            VerdictFilter::Unrated => a.kind == Kind::Claim && a.verdict.is_none(),
            VerdictFilter::Is(v) => a.verdict == Some(v),
        }
    }
}

/// The list as filtered, cached until the project or the filter changes.
#[derive(Default)]
struct FilteredList {
    key: Option<(u64, String, [bool; 3], VerdictFilter, ReviewFilter)>,
    indices: Vec<usize>,
}

/// Text being edited in the details, kept apart from the project until it changes so the
/// fields do not fight the user's cursor.
#[derive(Default)]
struct FieldBuffers {
    id: String,
    revision: u64,
    note: String,
    record: RecordBuffers,
}

pub struct AnnotationPanel {
    pub search: String,
    /// Show claims, sources, disputes.
    pub kinds: [bool; 3],
    pub verdict: VerdictFilter,
    pub review: ReviewFilter,
    /// The user's name (Preferences), offered as the reviewer of a new vote.
    pub default_reviewer: Option<String>,
    vote: VoteDraft,
    conflicts: ConflictsState,
    focus_search: bool,
    focus_note: bool,
    scroll_to_selected: bool,
    /// Enter or ↓ in the search field: select the first result on this frame.
    select_first: bool,
    list: FilteredList,
    fields: FieldBuffers,
    /// The claim library's part: "Checked before", and every claim's earlier checks.
    pub library: super::library_panel::PanelLibrary,
}

impl Default for AnnotationPanel {
    fn default() -> Self {
        Self {
            search: String::new(),
            kinds: [true; 3],
            verdict: VerdictFilter::Any,
            review: ReviewFilter::Any,
            default_reviewer: None,
            vote: VoteDraft::default(),
            conflicts: ConflictsState::default(),
            focus_search: false,
            focus_note: false,
            scroll_to_selected: false,
            select_first: false,
            list: FilteredList::default(),
            fields: FieldBuffers::default(),
            library: Default::default(),
        }
    }
}

const ROW_HEIGHT: f32 = 44.0;
/// Text sizes of a list row's two lines.
pub const ROW_FONT_SIZE: f32 = 13.5;
pub const ROW_NOTE_FONT_SIZE: f32 = 12.0;

impl AnnotationPanel {
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    /// Put the keyboard in the selected annotation's note on the next frame.
    pub fn focus_note(&mut self) {
        self.focus_note = true;
    }

    /// Scroll the list to the selected entry on the next frame.
    pub fn reveal_selected(&mut self) {
        self.scroll_to_selected = true;
    }

    /// Whether a search or a filter hides some annotations.
    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty()
            || self.kinds != [true; 3]
            || self.verdict != VerdictFilter::Any
            || self.review != ReviewFilter::Any
    }

    /// Indices (into `project.annotations()`) of the annotations the filters let through, in
    /// text order.
    pub fn filtered(&mut self, project: &Project, index: &mut ProjectIndex) -> &[usize] {
        let key = (
            project.revision(),
            self.search.clone(),
            self.kinds,
            self.verdict,
            self.review,
        );
        if self.list.key.as_ref() != Some(&key) {
            let needle = self.search.to_lowercase();
            self.list.indices = project
                .annotations()
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    self.kinds[kind_slot(a.kind)]
                        && self.verdict.accepts(a)
                        && self.review.accepts(a)
                })
                .filter(|&(i, _)| needle.is_empty() || index.matches(project, i, &needle))
                .map(|(i, _)| i)
                .collect();
            self.list.key = Some(key);
        }
        &self.list.indices
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        index: &mut ProjectIndex,
        selected: Option<&str>,
        has_text_selection: bool,
        events: &mut Vec<PanelEvent>,
    ) {
        conflicts_ui::conflicts_ui(ui, project, selected, &mut self.conflicts, events);
        self.filters_ui(ui, project);
        if std::mem::take(&mut self.select_first)
            && let Some(&first) = self.filtered(project, index).first()
        {
            events.push(PanelEvent::Select(project.annotations()[first].id.clone()));
            self.scroll_to_selected = true;
        }
        self.needs_review_ui(ui, project, selected, events);
        repairs_banner(ui, project, events);
        self.library.section_ui(ui, project, selected);
        ui.separator();
        let details_height = if selected.is_some() {
            (ui.available_height() * 0.55).max(260.0)
        } else {
            0.0
        };
        let list_height = (ui.available_height() - details_height).max(ROW_HEIGHT * 2.0);
        self.list_ui(ui, project, index, selected, list_height, events);
        if let Some(id) = selected
            && let Some(a) = project.find(id)
        {
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("details")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    anchor_ui(ui, a, has_text_selection, events);
                    self.details_ui(ui, project, a, events);
                });
        }
    }

    /// Annotations an article update could not place: never dropped, listed here until
    /// placed or deleted.
    fn needs_review_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        selected: Option<&str>,
        events: &mut Vec<PanelEvent>,
    ) {
        let unplaced = project.needs_review();
        if unplaced.is_empty() {
            return;
        }
        ui.separator();
        let warn = ui.visuals().warn_fg_color;
        egui::CollapsingHeader::new(
            RichText::new(format!("⚠ {} need review", unplaced.len())).color(warn),
        )
        .id_salt("needs-review")
        .default_open(true)
        .show(ui, |ui| {
            ui.weak("The article changed and these could not be placed in the new text.");
            egui::ScrollArea::vertical()
                .id_salt("needs-review-list")
                .max_height(120.0)
                .show(ui, |ui| {
                    for a in unplaced {
                        let text = format!("{}: {}", a.kind.label(), excerpt(&a.quote, 60));
                        if ui
                            .selectable_label(selected == Some(a.id.as_str()), text)
                            .on_hover_text(
                                "Select it, then place it on the right words or delete it",
                            )
                            .clicked()
                        {
                            events.push(PanelEvent::Select(a.id.clone()));
                        }
                    }
                });
        });
    }

    fn filters_ui(&mut self, ui: &mut Ui, project: &Project) {
        let search = ui
            .horizontal(|ui| {
                let label = ui.label("Search");
                let clear = !self.search.is_empty();
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.search)
                            .hint_text("quotes, notes, claimants, evidence")
                            .desired_width(ui.available_width() - if clear { 28.0 } else { 0.0 }),
                    )
                    .labelled_by(label.id);
                if clear
                    && ui
                        .small_button("✖")
                        .on_hover_text("Clear the search")
                        .clicked()
                {
                    self.search.clear();
                }
                field
            })
            .inner;
        if std::mem::take(&mut self.focus_search) {
            search.request_focus();
        }
        // From the search field to its results by keyboard: Enter or ↓ selects the first one
        // (and leaves the field, so J/K and ↑/↓ go on through the results).
        let down = search.has_focus() && ui.input(|i| i.key_pressed(egui::Key::ArrowDown));
        let enter = search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if down || enter {
            search.surrender_focus();
            self.select_first = true;
        }
        let dark = ui.visuals().dark_mode;
        let counts = project.counts();
        ui.horizontal_wrapped(|ui| {
            for kind in Kind::ALL {
                let slot = kind_slot(kind);
                let text = RichText::new(format!("{} {}", kind.label(), counts.get(kind)))
                    .color(theme::kind_color(kind, dark));
                ui.toggle_value(&mut self.kinds[slot], text)
                    .on_hover_text(format!("Show {}s in the list", kind.as_str()));
            }
            egui::ComboBox::from_id_salt("verdict-filter")
                .selected_text(self.verdict.label())
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.verdict,
                        VerdictFilter::Any,
                        VerdictFilter::Any.label(),
                    );
                    ui.selectable_value(
                        &mut self.verdict,
                        VerdictFilter::Unrated,
                        VerdictFilter::Unrated.label(),
                    );
                    for v in Verdict::ALL {
                        ui.selectable_value(&mut self.verdict, VerdictFilter::Is(v), v.label());
                    }
                })
                .response
                .on_hover_text("Filter by verdict");
            egui::ComboBox::from_id_salt("review-filter")
                .selected_text(self.review.label())
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.review,
                        ReviewFilter::Any,
                        ReviewFilter::Any.label(),
                    );
                    for s in ReviewState::ALL {
                        ui.selectable_value(&mut self.review, ReviewFilter::Is(s), s.label());
                    }
                })
                .response
                .on_hover_text("Filter claims by where their review is")
                .widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Review state filter")
                });
        });
    }

    fn list_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        index: &mut ProjectIndex,
        selected: Option<&str>,
        height: f32,
        events: &mut Vec<PanelEvent>,
    ) {
        let indices = self.filtered(project, index).to_vec();
        if indices.is_empty() {
            ui.allocate_ui(vec2(ui.available_width(), height), |ui| {
                ui.weak(if project.annotations().is_empty() {
                    "No annotations yet. Select text in the article and press C, S or D."
                } else {
                    "No annotation matches the filters."
                });
            });
            return;
        }
        let mut area = egui::ScrollArea::vertical()
            .id_salt("annotation-list")
            .max_height(height)
            .min_scrolled_height(height)
            .auto_shrink([false, false]);
        if std::mem::take(&mut self.scroll_to_selected)
            && let Some(row) = selected.and_then(|id| {
                indices
                    .iter()
                    .position(|&i| project.annotations()[i].id == id)
            })
        {
            // Put the selected row in the middle of the list.
            let spacing = ui.spacing().item_spacing.y;
            let y = row as f32 * (ROW_HEIGHT + spacing) - height / 2.0 + ROW_HEIGHT / 2.0;
            area = area.vertical_scroll_offset(y.max(0.0));
        }
        area.show_rows(ui, ROW_HEIGHT, indices.len(), |ui, rows| {
            for row in rows {
                let a = &project.annotations()[indices[row]];
                let links = index.links(indices[row]);
                if list_row(ui, a, links, selected == Some(a.id.as_str())).clicked() {
                    events.push(PanelEvent::Select(a.id.clone()));
                }
            }
        });
    }

    fn details_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        a: &Annotation,
        events: &mut Vec<PanelEvent>,
    ) {
        let dark = ui.visuals().dark_mode;
        if self.fields.id != a.id || self.fields.revision != project.revision() {
            // The record's buffers may hold what is not saved yet (a half-typed date, a
            // new blank reference): they are refilled only when the project disagrees.
            let record = if self.fields.id == a.id && self.fields.record.agrees_with(a) {
                std::mem::take(&mut self.fields.record)
            } else {
                RecordBuffers::of(a)
            };
            self.fields = FieldBuffers {
                id: a.id.clone(),
                revision: project.revision(),
                note: a.note.clone(),
                record,
            };
        }

        ui.horizontal(|ui| {
            kind_chip(ui, a.kind, dark);
            ui.strong(a.kind.label());
            ui.weak(format!("{} · characters {}–{}", a.id, a.start, a.end));
        });
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let color = ui.visuals().strong_text_color();
            super::bidi_text::paragraph(
                ui,
                &format!("“{}”", a.quote),
                egui::FontId::proportional(14.0),
                color,
            );
        });

        ui.horizontal(|ui| {
            ui.label("Kind:");
            for kind in Kind::ALL {
                if ui
                    .selectable_label(
                        a.kind == kind,
                        RichText::new(kind.label()).color(theme::kind_color(kind, dark)),
                    )
                    .on_hover_text(format!("Make this a {}", kind.as_str()))
                    .clicked()
                    && a.kind != kind
                {
                    events.push(PanelEvent::SetKind(a.id.clone(), kind));
                }
            }
        });

        if a.kind == Kind::Claim {
            ui.horizontal(|ui| {
                // The author's proposal until the claim is approved.
                let approved = a.record.review.state == ReviewState::Approved;
                let label = ui.label(if approved {
                    "Verdict:"
                } else {
                    "Proposed verdict:"
                });
                let mut verdict = a.verdict;
                egui::ComboBox::from_id_salt("verdict")
                    .selected_text(verdict.map_or("No verdict", |v| v.label()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut verdict, None, "No verdict");
                        for v in Verdict::ALL {
                            ui.selectable_value(
                                &mut verdict,
                                Some(v),
                                RichText::new(v.label()).color(theme::verdict_color(v, dark)),
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if verdict != a.verdict {
                    events.push(PanelEvent::SetVerdict(a.id.clone(), verdict));
                }
            });
            self.library.claim_ui(ui, a);
            claim_record_ui::record_ui(ui, project, a, &mut self.fields.record, events);
        }

        let note_label = ui.label("Note:");
        let note = ui.add(
            egui::TextEdit::multiline(&mut self.fields.note)
                .id_salt(("note", &a.id))
                .hint_text("What to check, what you found…")
                .desired_rows(5)
                .desired_width(f32::INFINITY),
        );
        let note = note.labelled_by(note_label.id);
        if std::mem::take(&mut self.focus_note) {
            note.request_focus();
        }
        if note.changed() {
            events.push(PanelEvent::SetNote(a.id.clone(), self.fields.note.clone()));
        }
        if note.lost_focus() {
            events.push(PanelEvent::EndTyping);
        }

        claim_record_ui::evidence_ui(ui, a, &mut self.fields.record, events);

        ui.add_space(4.0);
        if a.kind.links_to_claims() {
            self.claim_links_ui(ui, project, a, events);
        } else {
            let linked: Vec<&Annotation> = project.linked_to(&a.id).collect();
            if linked.is_empty() {
                ui.label("No source or dispute is linked to this claim yet.");
            }
            // What supports the claim and what contests it, apart: that is the verdict's basis.
            for (kind, heading) in [
                (Kind::Source, "Supported by"),
                (Kind::Dispute, "Contested by"),
            ] {
                let of_kind: Vec<&&Annotation> =
                    linked.iter().filter(|other| other.kind == kind).collect();
                if of_kind.is_empty() {
                    continue;
                }
                ui.label(format!("{heading} ({}):", of_kind.len()));
                for other in of_kind {
                    link_line(ui, other, dark, events);
                }
            }
        }

        if a.kind == Kind::Claim {
            ui.add_space(4.0);
            ui.separator();
            review_ui::review_ui(
                ui,
                a,
                &mut self.vote,
                self.default_reviewer.as_deref(),
                events,
            );
        }

        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .button("🗑 Delete")
                .on_hover_text("Delete this annotation (Delete)")
                .clicked()
            {
                events.push(PanelEvent::Delete(a.id.clone()));
            }
        });
        // The author made it; later edits may be someone else's, so "by" goes with "created".
        let by = a
            .author
            .as_deref()
            .map(|author| format!(" by {author}"))
            .unwrap_or_default();
        ui.weak(format!(
            "Created {}{by} · modified {}",
            timestamp::display(&a.created),
            timestamp::display(&a.modified)
        ));
    }

    fn claim_links_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        a: &Annotation,
        events: &mut Vec<PanelEvent>,
    ) {
        let dark = ui.visuals().dark_mode;
        let verb = if a.kind == Kind::Source {
            "Supports"
        } else {
            "Contests"
        };
        ui.label(if a.claims.is_empty() {
            format!("{verb} no claim yet.")
        } else {
            format!("{verb} these claims:")
        });
        for claim_id in &a.claims {
            ui.horizontal(|ui| {
                if ui
                    .small_button("✖")
                    .on_hover_text("Remove this link")
                    .clicked()
                {
                    events.push(PanelEvent::Unlink(a.id.clone(), claim_id.clone()));
                }
                if let Some(claim) = project.annotation(claim_id) {
                    link_line(ui, claim, dark, events);
                }
            });
        }
        ui.horizontal(|ui| {
            let unlinked: Vec<&Annotation> = project
                .annotations()
                .iter()
                .filter(|c| c.kind == Kind::Claim && !a.claims.contains(&c.id))
                .collect();
            egui::ComboBox::from_id_salt("add-claim")
                .selected_text("Link to a claim…")
                .width(ui.available_width() * 0.6)
                .show_ui(ui, |ui| {
                    if unlinked.is_empty() {
                        ui.weak("No other claims in this project");
                    }
                    for claim in unlinked {
                        if ui
                            .selectable_label(false, excerpt(&claim.quote, 70))
                            .clicked()
                        {
                            events.push(PanelEvent::Link(a.id.clone(), claim.id.clone()));
                        }
                    }
                })
                .response
                .on_hover_text("Link this to one of the project's claims");
            if ui
                .button("Pick in text")
                .on_hover_text("Then click a claim in the article (L)")
                .clicked()
            {
                events.push(PanelEvent::PickClaim(a.id.clone()));
            }
        });
    }
}

/// Where an article update left the selected annotation, and what can be done about it.
fn anchor_ui(ui: &mut Ui, a: &Annotation, has_text_selection: bool, events: &mut Vec<PanelEvent>) {
    use crate::model::annotation::AnchorStatus;
    let Some(anchor) = &a.anchor else { return };
    let warn = ui.visuals().warn_fg_color;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match anchor.status {
            AnchorStatus::NeedsReview => {
                ui.label(RichText::new("Needs review").strong().color(warn));
                ui.label(
                    "After the article was updated, no clearly good place was found for this annotation. \
                     The quote below is from the earlier version. Select the right words in the article and place it there, or delete it.",
                );
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(has_text_selection, egui::Button::new("Place at the selected text"))
                        .on_hover_text("Select the words in the article first")
                        .on_disabled_hover_text("Select the words in the article first")
                        .clicked()
                    {
                        events.push(PanelEvent::PlaceAtSelection(a.id.clone()));
                    }
                });
            }
            AnchorStatus::Moved | AnchorStatus::Changed => {
                let what = if anchor.status == AnchorStatus::Moved {
                    "Moved by the last article update."
                } else {
                    "Its wording changed in the last article update."
                };
                ui.label(RichText::new(what).strong());
                if let Some(was) = &anchor.was
                    && anchor.status == AnchorStatus::Changed
                {
                    ui.label(format!("It was: “{}”", excerpt(&was.quote, 200)));
                }
                ui.horizontal(|ui| {
                    if ui
                        .button("Confirm")
                        .on_hover_text("This is the right place; stop flagging it")
                        .clicked()
                    {
                        events.push(PanelEvent::ConfirmAnchor(a.id.clone()));
                    }
                    if has_text_selection
                        && ui
                            .button("Move to the selected text")
                            .on_hover_text("Put it on the words selected in the article instead")
                            .clicked()
                    {
                        events.push(PanelEvent::PlaceAtSelection(a.id.clone()));
                    }
                });
            }
        }
    });
}

/// Annotations set aside when the file was opened, because they break a rule: kept, and
/// one click from their problems.
fn repairs_banner(ui: &mut Ui, project: &Project, events: &mut Vec<PanelEvent>) {
    let n = project.needs_repair().len();
    if n == 0 {
        return;
    }
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        let warn = ui.visuals().warn_fg_color;
        ui.label(
            RichText::new(format!(
                "⚠ {n} {} need{} repair",
                if n == 1 { "annotation" } else { "annotations" },
                if n == 1 { "s" } else { "" }
            ))
            .color(warn),
        );
        if ui
            .button("Show…")
            .on_hover_text("What is wrong with them, and their contents as written")
            .clicked()
        {
            events.push(PanelEvent::ShowRepairs);
        }
    });
}

fn kind_slot(kind: Kind) -> usize {
    match kind {
        Kind::Claim => 0,
        Kind::Source => 1,
        Kind::Dispute => 2,
    }
}

/// First `max` characters on one line, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

fn kind_chip(ui: &mut Ui, kind: Kind, dark: bool) {
    let (rect, _) = ui.allocate_exact_size(vec2(18.0, 18.0), Sense::hover());
    ui.painter()
        .rect_filled(rect, CornerRadius::same(4), theme::kind_color(kind, dark));
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        theme::kind_letter(kind),
        egui::FontId::proportional(12.0),
        if dark { Color32::BLACK } else { Color32::WHITE },
    );
}

/// A clickable line naming another annotation.
fn link_line(ui: &mut Ui, other: &Annotation, dark: bool, events: &mut Vec<PanelEvent>) {
    ui.horizontal(|ui| {
        kind_chip(ui, other.kind, dark);
        let color = ui.visuals().hyperlink_color;
        if super::bidi_text::line(
            ui,
            &excerpt(&other.quote, 200),
            egui::FontId::proportional(14.0),
            color,
            Sense::click(),
        )
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text(format!("Select this {}", other.kind.as_str()))
        .clicked()
        {
            events.push(PanelEvent::Select(other.id.clone()));
        }
    });
}

/// One entry of the list: chip, verdict, quote excerpt, note's first line, link count.
fn list_row(ui: &mut Ui, a: &Annotation, links: usize, selected: bool) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::click());
    let quote = excerpt(&a.quote, 80);
    response.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::ListItem,
            true,
            selected,
            format!("{}: {quote}", a.kind.label()),
        )
    });
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let visuals = ui.style().interact_selectable(&response, selected);
    if selected || response.hovered() {
        ui.painter()
            .rect_filled(rect, CornerRadius::same(4), visuals.weak_bg_fill);
    }
    let painter = ui.painter();
    let chip = egui::Rect::from_min_size(rect.min + vec2(4.0, 6.0), vec2(18.0, 18.0));
    painter.rect_filled(chip, CornerRadius::same(4), theme::kind_color(a.kind, dark));
    painter.text(
        chip.center(),
        egui::Align2::CENTER_CENTER,
        theme::kind_letter(a.kind),
        egui::FontId::proportional(12.0),
        if dark { Color32::BLACK } else { Color32::WHITE },
    );
    let text_left = chip.right() + 8.0;
    let text_width = rect.right() - text_left - 4.0;
    let mut top_line = String::new();
    if let Some(v) = a.verdict {
        top_line.push_str(v.label());
        top_line.push_str(" · ");
    }
    top_line.push_str(&quote);
    let color = visuals.text_color();
    super::bidi_text::paint_line(
        ui,
        egui::pos2(text_left, rect.top() + 5.0),
        &top_line,
        egui::FontId::proportional(ROW_FONT_SIZE),
        color,
        text_width,
    );
    let mut second = a.note_first_line().to_string();
    if links > 0 {
        if !second.is_empty() {
            second.push_str("  ");
        }
        second.push_str(&format!("🔗{links}"));
    }
    if !second.is_empty() {
        super::bidi_text::paint_line(
            ui,
            egui::pos2(text_left, rect.top() + 24.0),
            &second,
            egui::FontId::proportional(ROW_NOTE_FONT_SIZE),
            ui.visuals().weak_text_color(),
            text_width,
        );
    }
    // The verdict colour as a thin bar on the right edge.
    if let Some(v) = a.verdict {
        let bar = egui::Rect::from_min_max(
            egui::pos2(rect.right() - 3.0, rect.top() + 4.0),
            egui::pos2(rect.right(), rect.bottom() - 4.0),
        );
        painter.rect_filled(bar, CornerRadius::same(1), theme::verdict_color(v, dark));
    }
    response
}
