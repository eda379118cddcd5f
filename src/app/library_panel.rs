//! The claim library in the annotation panel: "Checked before: False — Org, date" for the
//! selected claim, one click to copy that check into the claim (one undoable edit), and the
//! earlier checks of every claim of the article.
//!
//! The panel only shows what it has: the searches run on the library's worker thread
//! ([`super::library_worker`]) and their answers are kept here, per search text, for the
//! project that is open (the panel is made anew for each project).
//!
//! Copying a verdict: the earlier check's rating is mapped to one of Factmark's six verdicts
//! when its meaning is one of them ("Pants on Fire" is False, "Half True" is Mixed,
//! "Unproven" is Unverifiable…, see [`our_verdict`]). A rating that is none of them
//! ("Misleading", "Missing context", "Satire") leaves the verdict as it is and goes into
//! the note, with who rated it and when: the checker decides what it means here. Either
//! way the review becomes an evidence reference (title, URL, publisher = the organisation).

use std::collections::HashMap;

use egui::{RichText, Ui};

use super::annotation_panel::excerpt;
use crate::library::{Entry, EntrySource, Match, Tier};
use crate::model::claim::is_web_url;
use crate::model::{Annotation, Edit, Kind, Project, Reference, Verdict};

/// How many matches a claim's search asks for.
pub const CLAIM_SEARCH_LIMIT: usize = 5;

/// A search of the library for one text.
#[derive(Debug)]
pub enum Check {
    /// Asked for; the worker's answer will carry this id.
    Pending(u64),
    Done(Vec<Match>),
    Failed(String),
}

/// What the library part of the panel asks the app to do.
#[derive(Debug)]
pub enum LibraryEvent {
    /// Copy this earlier check's verdict and review into the claim.
    UseEarlier {
        id: String,
        found: Box<Match>,
    },
    Select(String),
    /// Find earlier checks for every claim of the article.
    FindAll,
    HideAll,
    /// Open a review in the browser (an http(s) URL).
    OpenUrl(String),
}

#[derive(Default)]
pub struct PanelLibrary {
    /// A library is set up (the app sets this every frame).
    pub enabled: bool,
    /// Answers and pending searches, by search text.
    checks: HashMap<String, Check>,
    /// Which search text a pending id is for.
    pending: HashMap<u64, String>,
    /// The "Earlier checks" section of every claim is showing.
    pub show_all: bool,
    /// The project revision and answer generation every claim was last asked for at.
    pub asked_all_at: Option<(u64, u64)>,
    /// Bumped when answers are forgotten (the library changed).
    pub generation: u64,
    /// Bumped when an answer arrives or answers are forgotten.
    answers: u64,
    /// The rows of every claim's section, and the (revision, answers) they were made at.
    rows: (Option<(u64, u64)>, Vec<SectionRow>),
    pub events: Vec<LibraryEvent>,
}

/// The text a claim is searched by: its claim as checked, else its quote.
pub fn search_text(a: &Annotation) -> Option<&str> {
    if a.kind != Kind::Claim {
        return None;
    }
    let text = a
        .record
        .claim_checked
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(a.quote.trim());
    (!text.is_empty()).then_some(text)
}

impl PanelLibrary {
    /// Whether `text` has been asked for (answered or not).
    pub fn has(&self, text: &str) -> bool {
        self.checks.contains_key(text)
    }

    pub fn asked(&mut self, text: &str, id: u64) {
        self.checks.insert(text.to_string(), Check::Pending(id));
        self.pending.insert(id, text.to_string());
    }

    /// The worker's answer to search `id`; `false` when nothing here waits for it.
    pub fn answer(&mut self, id: u64, result: Result<Vec<Match>, String>) -> bool {
        let Some(text) = self.pending.remove(&id) else {
            return false;
        };
        let check = match result {
            Ok(matches) => Check::Done(matches),
            Err(e) => Check::Failed(e),
        };
        self.checks.insert(text, check);
        self.answers += 1;
        true
    }

    /// The library changed: answers are asked for again when next needed. Searches in
    /// flight stay (their answers are no older than the change they crossed).
    pub fn forget_answers(&mut self) {
        self.checks.retain(|_, c| matches!(c, Check::Pending(_)));
        self.generation += 1;
        self.answers += 1;
    }

    /// Searches asked for and not answered.
    pub fn waiting(&self) -> usize {
        self.pending.len()
    }

    pub fn check(&self, text: &str) -> Option<&Check> {
        self.checks.get(text)
    }

    /// The best earlier check found for `text`: the first likely match, else the first
    /// possible one.
    pub fn best(&self, text: &str) -> Option<&Match> {
        match self.checks.get(text) {
            Some(Check::Done(matches)) => best_match(matches),
            _ => None,
        }
    }

    /// Under the verdict of the selected claim: whether it was checked before.
    pub fn claim_ui(&mut self, ui: &mut Ui, a: &Annotation) {
        if !self.enabled {
            return;
        }
        let Some(text) = search_text(a) else { return };
        let show_all = self.show_all;
        let events = &mut self.events;
        let found = match self.checks.get(text) {
            None | Some(Check::Pending(_)) => {
                ui.weak("Looking for earlier checks…");
                return;
            }
            Some(Check::Failed(e)) => {
                ui.weak("The claim library could not be searched.")
                    .on_hover_text(e.as_str());
                return;
            }
            Some(Check::Done(matches)) => best_match(matches),
        };
        let Some(found) = found else {
            ui.horizontal_wrapped(|ui| {
                ui.weak("No earlier check in the claim library.");
                find_all_button(ui, show_all, events);
            });
            return;
        };
        let likely = matches!(found.tier, Tier::Likely);
        let line = checked_before_text(found);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let text = if likely {
                RichText::new(line).strong()
            } else {
                RichText::new(line).weak()
            };
            ui.label(text)
                .on_hover_ui(|ui| earlier_check_hover(ui, &found.entry));
            ui.horizontal_wrapped(|ui| {
                let (button, hover) = use_button_text(&found.entry);
                if ui.button(button).on_hover_text(hover).clicked() {
                    events.push(LibraryEvent::UseEarlier {
                        id: a.id.clone(),
                        found: Box::new(found.clone()),
                    });
                }
                if let Some(url) = web_url(&found.entry)
                    && ui
                        .link("Open review")
                        .on_hover_text(format!("Open {url} in the browser"))
                        .clicked()
                {
                    events.push(LibraryEvent::OpenUrl(url.to_string()));
                }
                find_all_button(ui, show_all, events);
            });
        });
    }

    /// The earlier checks of every claim of the article, when asked for.
    pub fn section_ui(&mut self, ui: &mut Ui, project: &Project, selected: Option<&str>) {
        if !self.show_all {
            return;
        }
        // The rows change only when the project does or an answer arrives.
        let key = (project.revision(), self.answers);
        if self.rows.0 != Some(key) {
            self.rows = (Some(key), self.section_rows(project));
        }
        let rows = &self.rows.1;
        let events = &mut self.events;
        let found = rows.iter().filter(|r| r.entry.is_some()).count();
        let waiting = rows.iter().filter(|r| r.waiting).count();
        ui.separator();
        egui::CollapsingHeader::new(format!(
            "Earlier checks: {found} of {} claims checked before",
            rows.len()
        ))
        .id_salt("earlier-checks")
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if waiting > 0 {
                    ui.spinner();
                    ui.weak(format!("Searching the library… {waiting} to go"));
                }
                if ui
                    .small_button("Hide")
                    .on_hover_text("Hide the earlier checks of every claim")
                    .clicked()
                {
                    events.push(LibraryEvent::HideAll);
                }
            });
            if rows.is_empty() {
                ui.weak("This article has no claims yet.");
                return;
            }
            let height = ui.spacing().interact_size.y;
            egui::ScrollArea::vertical()
                .id_salt("earlier-checks-list")
                .max_height(160.0)
                .show_rows(ui, height, rows.len(), |ui, range| {
                    // One line each (show_rows needs the height); the tooltip has the rest.
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    for row in &rows[range] {
                        let label =
                            ui.selectable_label(selected == Some(row.id.as_str()), &row.line);
                        let label = match &row.entry {
                            Some(entry) => label.on_hover_ui(|ui| earlier_check_hover(ui, entry)),
                            None => label.on_hover_text("Select this claim"),
                        };
                        if label.clicked() {
                            events.push(LibraryEvent::Select(row.id.clone()));
                        }
                    }
                });
        });
    }

    fn section_rows(&self, project: &Project) -> Vec<SectionRow> {
        project
            .annotations()
            .iter()
            .filter_map(|a| search_text(a).map(|t| (a, t)))
            .map(|(a, text)| {
                let quote = excerpt(&a.quote, 60);
                let (line, entry, waiting) = match self.checks.get(text) {
                    None | Some(Check::Pending(_)) => (format!("… “{quote}”"), None, true),
                    Some(Check::Failed(_)) => {
                        (format!("(could not search) “{quote}”"), None, false)
                    }
                    Some(Check::Done(matches)) => match best_match(matches) {
                        Some(m) => (
                            format!("{} · “{quote}”", short_check_text(m)),
                            Some(m.entry.clone()),
                            false,
                        ),
                        None => (format!("No earlier check · “{quote}”"), None, false),
                    },
                };
                SectionRow {
                    id: a.id.clone(),
                    line,
                    entry,
                    waiting,
                }
            })
            .collect()
    }
}

/// One claim in the list of every claim's earlier check.
struct SectionRow {
    id: String,
    line: String,
    entry: Option<Entry>,
    waiting: bool,
}

fn find_all_button(ui: &mut Ui, show_all: bool, events: &mut Vec<LibraryEvent>) {
    if !show_all
        && ui
            .small_button("Every claim…")
            .on_hover_text("Find earlier checks for every claim in this article")
            .clicked()
    {
        events.push(LibraryEvent::FindAll);
    }
}

/// The first likely match, else the first possible one.
pub fn best_match(matches: &[Match]) -> Option<&Match> {
    matches
        .iter()
        .find(|m| matches!(m.tier, Tier::Likely))
        .or_else(|| matches.first())
}

/// The rating as shown: Factmark's own verdict names get their label ("mostly-true" →
/// "Mostly true"); anything else as the organisation wrote it.
pub fn rating_text(entry: &Entry) -> String {
    match entry.verdict.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() => Verdict::parse(v).map_or(v.to_string(), |v| v.label().into()),
        _ => "no rating".to_string(),
    }
}

/// "Org, 2024-03-01", or where it came from when it names neither.
pub fn who_and_when(entry: &Entry) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(org) = entry
        .org
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        parts.push(org.to_string());
    }
    if let Some(date) = entry
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        parts.push(date.chars().take(10).collect());
    }
    if parts.is_empty() {
        source_text(entry)
    } else {
        parts.join(", ")
    }
}

/// "Checked before: False — Org, date" (a likely match) or "Possible earlier check: …".
pub fn checked_before_text(m: &Match) -> String {
    let lead = if matches!(m.tier, Tier::Likely) {
        "Checked before"
    } else {
        "Possible earlier check"
    };
    format!(
        "{lead}: {} — {}",
        rating_text(&m.entry),
        who_and_when(&m.entry)
    )
}

/// For the list of every claim: "False — Org, date", possible matches marked.
fn short_check_text(m: &Match) -> String {
    let text = format!("{} — {}", rating_text(&m.entry), who_and_when(&m.entry));
    if matches!(m.tier, Tier::Likely) {
        text
    } else {
        format!("possibly {text}")
    }
}

/// Where an entry came from: the project file's name, or the feed's.
pub fn source_text(entry: &Entry) -> String {
    let name = |p: &std::path::Path| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    match &entry.source {
        EntrySource::Project { path, .. } => format!("project {}", name(path)),
        EntrySource::Feed { path, .. } => format!("feed {}", name(path)),
    }
}

/// The review's address, when it may become a link (http or https only).
pub fn web_url(entry: &Entry) -> Option<&str> {
    entry
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| is_web_url(u))
}

fn earlier_check_hover(ui: &mut Ui, entry: &Entry) {
    ui.set_max_width(420.0);
    ui.label(RichText::new("The claim checked before:").weak());
    ui.label(format!("“{}”", excerpt(&entry.claim, 400)));
    if let Some(title) = entry.title.as_deref().filter(|t| !t.trim().is_empty()) {
        ui.label(format!("Review: {}", excerpt(title, 200)));
    }
    if let Some(claimant) = entry.claimant.as_deref().filter(|c| !c.trim().is_empty()) {
        ui.label(format!("Said by {claimant}"));
    }
    ui.weak(format!("From the {}", source_text(entry)));
}

fn use_button_text(entry: &Entry) -> (&'static str, String) {
    let rating = entry.verdict.as_deref().filter(|v| !v.trim().is_empty());
    match rating {
        Some(v) => match our_verdict(v) {
            Some(ours) => (
                "Use this verdict",
                format!(
                    "Set this claim's verdict to {} and add the review to its evidence (Ctrl+Z undoes it)",
                    ours.label()
                ),
            ),
            None => (
                "Use this verdict",
                format!(
                    "“{v}” is none of Factmark's verdicts: it goes into the note, and the review into the evidence (Ctrl+Z undoes it)"
                ),
            ),
        },
        None => (
            "Add as evidence",
            "Add the earlier review to this claim's evidence (Ctrl+Z undoes it)".to_string(),
        ),
    }
}

/// Factmark's verdict for a rating name, when it means one of them; `None` for ratings
/// that are something else ("Misleading", "Missing context", "Satire"…).
pub fn our_verdict(rating: &str) -> Option<Verdict> {
    let words: String = rating
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let name = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let verdict = match name.as_str() {
        "true" | "correct" | "accurate" | "verdadero" | "vrai" | "wahr" => Verdict::True,
        "mostly true" | "mostly correct" | "mostly accurate" | "largely true"
        | "largely accurate" => Verdict::MostlyTrue,
        "mixed" | "mixture" | "half true" | "half right" | "partly true" | "partly false"
        | "partially true" | "partially false" | "partly correct" | "true but" => Verdict::Mixed,
        "mostly false" | "mostly incorrect" | "mostly inaccurate" | "largely false"
        | "largely inaccurate" => Verdict::MostlyFalse,
        "false"
        | "incorrect"
        | "inaccurate"
        | "wrong"
        | "pants on fire"
        | "pants on fire false"
        | "fake"
        | "falso"
        | "faux"
        | "falsch"
        | "four pinocchios" => Verdict::False,
        "unverifiable" | "unproven" | "unverified" | "cannot be verified" | "not verifiable"
        | "unsubstantiated" => Verdict::Unverifiable,
        _ => return None,
    };
    Some(verdict)
}

/// The one edit that copies an earlier check into claim `id`: its verdict (or, for a rating
/// that is none of ours, a line in the note) and its review as evidence. `None` when `id`
/// is not a claim or nothing would change (it was copied already).
pub fn use_earlier_check(project: &Project, id: &str, m: &Match, now: &str) -> Option<Edit> {
    let before = project.find(id)?;
    if before.kind != Kind::Claim {
        return None;
    }
    let entry = &m.entry;
    let mut after = before.clone();
    if let Some(rating) = entry.verdict.as_deref().map(str::trim)
        && !rating.is_empty()
    {
        match our_verdict(rating) {
            Some(v) => after.verdict = Some(v),
            None => {
                let mut line = format!("Earlier check: “{rating}” — {}", who_and_when(entry));
                if let Some(url) = web_url(entry) {
                    line.push_str(&format!(" ({url})"));
                }
                if !after.note.contains(&line) {
                    if !after.note.trim().is_empty() {
                        after.note.push('\n');
                    }
                    after.note.push_str(&line);
                }
            }
        }
    }
    let reference = earlier_reference(entry, now);
    let already = after
        .evidence
        .iter()
        .any(|r| match (&r.url, &reference.url) {
            (Some(a), Some(b)) => a.trim() == b.trim(),
            (None, None) => r.title == reference.title,
            _ => false,
        });
    if !already {
        after.evidence.push(reference);
    }
    if after == *before {
        return None;
    }
    after.modified = now.to_string();
    Some(Edit::Replace {
        before: Box::new(before.clone()),
        after: Box::new(after),
    })
}

/// The earlier review as an evidence reference.
fn earlier_reference(entry: &Entry, now: &str) -> Reference {
    let title = entry
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| match &entry.source {
            EntrySource::Project { path, .. } => format!(
                "Earlier check in {}: “{}”",
                path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into()
                ),
                excerpt(&entry.claim, 80)
            ),
            EntrySource::Feed { .. } => format!("Fact check: “{}”", excerpt(&entry.claim, 80)),
        });
    Reference {
        title: Some(title),
        url: web_url(entry).map(str::to_string),
        publisher: entry
            .org
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string),
        accessed: Some(now.chars().take(10).collect()),
        ..Reference::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_map_to_our_verdicts_only_when_they_mean_one() {
        assert_eq!(our_verdict("False"), Some(Verdict::False));
        assert_eq!(our_verdict("Pants on Fire!"), Some(Verdict::False));
        assert_eq!(our_verdict("half-true"), Some(Verdict::Mixed));
        assert_eq!(our_verdict("mostly-true"), Some(Verdict::MostlyTrue));
        assert_eq!(our_verdict(" Mostly False "), Some(Verdict::MostlyFalse));
        assert_eq!(our_verdict("Unproven"), Some(Verdict::Unverifiable));
        assert_eq!(our_verdict("Misleading"), None);
        assert_eq!(our_verdict("Missing context"), None);
        assert_eq!(our_verdict("Not false"), None);
    }
}
