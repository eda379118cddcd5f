//! File ▸ Compare with…: another checker's project of the same article, shown as a second
//! highlight track (dashed underlines below the open project's own), with a small window of
//! the headline figures that steps through the disagreements and takes the other checker's
//! span, kind or verdict over — each an ordinary, undoable edit.
//!
//! The comparison is computed in the frame, when compare opens and again after any edit of
//! the open project (10,000 annotations against 10,000 take well under the frame budget's
//! worth in release builds; see `benches/compare.rs`).

use std::ops::Range;

use super::article_view::SecondTrack;
use super::highlight_index::HighlightIndex;
use super::*;
use crate::compare::{Comparison, Disagreement, DisagreementKind, SpanRef, compare};
use crate::model::{Annotation, Edit};

/// The other checker's project and how the open one compares with it.
pub struct CompareSession {
    /// What to call the other project ("theirs.factmark.json").
    pub name: String,
    pub other: Project,
    other_index: HighlightIndex,
    pub comparison: Comparison,
    /// The open project's revision the comparison is of.
    revision: u64,
    /// The disagreement being looked at (index into `comparison.disagreements`).
    pub at: Option<usize>,
}

impl CompareSession {
    pub fn new(name: String, other: Project, mine: &Project) -> Result<Self, String> {
        let comparison = compare(mine, &other).map_err(|e| e.describe("Your project", &name))?;
        Ok(Self {
            name,
            other_index: HighlightIndex::build(other.annotations()),
            other,
            comparison,
            revision: mine.revision(),
            at: None,
        })
    }

    /// Compare again if the open project changed since. An error when they no longer can
    /// be (the open project's article text was updated).
    fn refresh(&mut self, mine: &Project) -> Result<(), String> {
        if self.revision == mine.revision() {
            return Ok(());
        }
        self.revision = mine.revision();
        self.comparison =
            compare(mine, &self.other).map_err(|e| e.describe("Your project", &self.name))?;
        let n = self.comparison.disagreements.len();
        self.at = self.at.filter(|_| n > 0).map(|at| at.min(n - 1));
        Ok(())
    }

    /// The current disagreement.
    pub fn current(&self) -> Option<&Disagreement> {
        self.comparison.disagreements.get(self.at?)
    }

    /// The other checker's spans, for the article view.
    pub fn track(&self) -> SecondTrack<'_> {
        let focus: Option<Range<usize>> = self
            .current()
            .and_then(|d| d.b.as_ref().or(d.a.as_ref()))
            .map(|s| s.start..s.end);
        SecondTrack {
            annotations: self.other.annotations(),
            index: &self.other_index,
            focus,
        }
    }
}

/// What the compare window asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareEvent {
    Next,
    Previous,
    TakeSpan,
    TakeKind,
    TakeVerdict,
    Close,
}

fn describe(ui: &mut Ui, who: &str, s: &Option<SpanRef>) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.strong(who);
        match s {
            None => {
                ui.weak("nothing here");
            }
            Some(s) => {
                ui.label(
                    RichText::new(s.kind.label())
                        .strong()
                        .color(theme::kind_color(s.kind, dark)),
                );
                if let Some(v) = s.verdict {
                    ui.label(RichText::new(v.label()).color(theme::verdict_color(v, dark)));
                }
                let quote: String = s.quote.chars().take(90).collect();
                let cut = if quote.len() < s.quote.len() {
                    "…"
                } else {
                    ""
                };
                ui.label(format!("\u{201C}{quote}{cut}\u{201D}"));
            }
        }
    });
}

fn figure_line(c: &Comparison) -> [String; 2] {
    [
        format!(
            "Span F1: exact {} · overlap {}",
            c.spans.exact.f1.short(),
            c.spans.overlap.f1.short()
        ),
        format!(
            "Kinds \u{3BA} {} · verdicts \u{3BA} {} · weighted \u{3BA} {}",
            c.kinds.kappa.short(),
            c.verdicts.kappa.short(),
            c.verdicts.weighted_kappa.short()
        ),
    ]
}

/// The compare window; returns what was clicked.
fn compare_window(ctx: &egui::Context, session: &CompareSession) -> Option<CompareEvent> {
    let mut event = None;
    let c = &session.comparison;
    let n = c.disagreements.len();
    egui::Window::new("Compare")
        .id(egui::Id::unique("compare-window"))
        .resizable(false)
        .collapsible(true)
        .default_width(380.0)
        .anchor(egui::Align2::RIGHT_BOTTOM, [-16.0, -48.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "Theirs: {} ({} annotations; dashed underlines)",
                session.name, c.b.annotations
            ));
            for line in figure_line(c) {
                ui.label(line);
            }
            ui.separator();
            ui.strong(match n {
                0 => "No disagreements".to_string(),
                1 => "1 disagreement".to_string(),
                n => format!("{n} disagreements"),
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(n > 0, egui::Button::new("Previous disagreement"))
                    .clicked()
                {
                    event = Some(CompareEvent::Previous);
                }
                if ui
                    .add_enabled(n > 0, egui::Button::new("Next disagreement"))
                    .clicked()
                {
                    event = Some(CompareEvent::Next);
                }
                if let Some(at) = session.at {
                    ui.weak(format!("{} of {n}", at + 1));
                }
            });
            if let Some(d) = session.current() {
                ui.label(RichText::new(d.kind.label("yours", "theirs")).strong());
                describe(ui, "Yours:", &d.a);
                describe(ui, "Theirs:", &d.b);
                ui.horizontal(|ui| {
                    let span = matches!(
                        d.kind,
                        DisagreementKind::OnlyInB | DisagreementKind::SpanDiffers
                    );
                    if ui
                        .add_enabled(span, egui::Button::new("Take their span"))
                        .on_hover_text("Add their annotation, or move yours to their span")
                        .clicked()
                    {
                        event = Some(CompareEvent::TakeSpan);
                    }
                    if d.kind == DisagreementKind::KindDiffers
                        && ui.button("Take their kind").clicked()
                    {
                        event = Some(CompareEvent::TakeKind);
                    }
                    let verdict = d.kind == DisagreementKind::VerdictDiffers;
                    if ui
                        .add_enabled(verdict, egui::Button::new("Take their verdict"))
                        .on_hover_text("Give your claim their verdict")
                        .clicked()
                    {
                        event = Some(CompareEvent::TakeVerdict);
                    }
                });
            }
            ui.separator();
            if ui
                .button("Close compare")
                .on_hover_text("Stop comparing and hide their spans")
                .clicked()
            {
                event = Some(CompareEvent::Close);
            }
        });
    event
}

/// Their annotation, as a new one of the open project (a fresh id; links to claims are left
/// out, as they name the other project's claims).
fn adopted(mine: &Project, theirs: &Annotation, now: &str) -> Result<Annotation, String> {
    let mut a = mine
        .make_annotation(theirs.kind, theirs.range(), theirs.author.clone(), now)
        .map_err(|e| e.to_string())?;
    a.note = theirs.note.clone();
    a.evidence = theirs.evidence.clone();
    if theirs.kind == Kind::Claim {
        a.verdict = theirs.verdict;
        a.record = theirs.record.clone();
    }
    Ok(a)
}

impl FactmarkApp {
    /// File ▸ Compare with…: ask for the other checker's project.
    pub(super) fn show_compare_dialog(&mut self, ctx: &egui::Context) {
        let Some(open) = &self.open else { return };
        let directory = open.doc.path.as_deref().and_then(file_dialog::folder_of);
        self.dialogs.show(
            ctx,
            DialogRequest {
                purpose: DialogPurpose::CompareWith,
                title: "Compare with another checker's project".into(),
                filters: file_dialog::project_filters(),
                directory,
                file_name: None,
                kind: DialogKind::OpenFile,
            },
        );
    }

    /// Open `path` as the other checker's project and start comparing.
    pub fn start_compare(&mut self, path: &Path) {
        let Some(open) = &mut self.open else { return };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let result = load_project(path)
            .map_err(|e| e.to_string())
            .and_then(|other| CompareSession::new(name.clone(), other, &open.doc.project));
        match result {
            Ok(session) => {
                let n = session.comparison.disagreements.len();
                open.compare = Some(session);
                self.info(format!(
                    "Comparing with {name}: {n} disagreement{}. Their spans are underlined dashed.",
                    if n == 1 { "" } else { "s" }
                ));
            }
            Err(e) => self.error(format!("Could not compare: {e}")),
        }
    }

    /// The compare window, when comparing.
    pub(super) fn compare_ui(&mut self, ctx: &egui::Context) {
        let Some(open) = &mut self.open else { return };
        let Some(session) = &mut open.compare else {
            return;
        };
        if let Err(e) = session.refresh(&open.doc.project) {
            open.compare = None;
            self.error(format!("Compare ended: {e}"));
            return;
        }
        if let Some(event) = compare_window(ctx, session) {
            self.compare_event(event);
        }
    }

    pub(super) fn compare_event(&mut self, event: CompareEvent) {
        let Some(open) = &mut self.open else { return };
        let Some(session) = &mut open.compare else {
            return;
        };
        let n = session.comparison.disagreements.len();
        let now = timestamp::now();
        match event {
            CompareEvent::Close => {
                open.compare = None;
            }
            CompareEvent::Next | CompareEvent::Previous => {
                if n == 0 {
                    return;
                }
                let at = match (session.at, event == CompareEvent::Next) {
                    (None, true) => 0,
                    (None, false) => n - 1,
                    (Some(at), true) => (at + 1) % n,
                    (Some(at), false) => (at + n - 1) % n,
                };
                session.at = Some(at);
                let d = &session.comparison.disagreements[at];
                open.doc.selected =
                    d.a.as_ref()
                        .map(|s| s.id.clone())
                        .filter(|id| open.doc.project.annotation(id).is_some());
                open.view.reveal(d.start());
                open.panel.reveal_selected();
            }
            CompareEvent::TakeSpan => {
                let Some(d) = session.current().cloned() else {
                    return;
                };
                let Some(theirs) = d.b.as_ref().and_then(|b| session.other.annotation(&b.id))
                else {
                    return;
                };
                let project = &open.doc.project;
                let (label, edit) = match (&d.a, d.kind) {
                    (None, _) => (
                        format!("take their {}", theirs.kind.as_str()),
                        adopted(project, theirs, &now).map(Edit::Add),
                    ),
                    (Some(mine), DisagreementKind::SpanDiffers) => (
                        "take their span".to_string(),
                        project
                            .edit_set_span(&mine.id, theirs.range(), &now)
                            .map_err(|e| e.to_string()),
                    ),
                    _ => return,
                };
                let id = match &edit {
                    Ok(Edit::Add(a)) => Some(a.id.clone()),
                    _ => d.a.as_ref().map(|a| a.id.clone()),
                };
                match edit.and_then(|e| open.doc.apply(&label, e).map_err(|e| e.to_string())) {
                    Ok(()) => open.doc.selected = id,
                    Err(e) => self.error(format!("Could not {label}: {e}")),
                }
            }
            CompareEvent::TakeKind => {
                let Some(d) = session.current() else { return };
                if let (Some(mine), Some(theirs)) = (&d.a, &d.b) {
                    let (id, kind) = (mine.id.clone(), theirs.kind);
                    self.request_kind_change(id, kind);
                }
            }
            CompareEvent::TakeVerdict => {
                let Some(d) = session.current() else { return };
                let (Some(mine), Some(theirs)) = (&d.a, &d.b) else {
                    return;
                };
                if let Some(edit) =
                    open.doc
                        .project
                        .edit_set_verdict(&mine.id, theirs.verdict, &now)
                    && let Err(e) = open.doc.apply("take their verdict", edit)
                {
                    self.error(format!("Could not take their verdict: {e}"));
                }
            }
        }
    }

    /// The comparison showing, if any (for tests).
    pub fn comparing(&self) -> Option<&CompareSession> {
        self.open.as_ref()?.compare.as_ref()
    }
}
