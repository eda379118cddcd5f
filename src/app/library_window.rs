//! Library ▸ Library…: search every checked claim — the projects saved here and the
//! ClaimReview feeds added — as you type; filter by verdict, organisation and date; open a
//! result's project at its annotation or its review in the browser.

use std::path::PathBuf;

use egui::{RichText, Ui};

use super::annotation_panel::excerpt;
use super::library_panel::{rating_text, source_text, web_url};
use crate::library::{EntrySource, Match, Tier};

/// Typing pauses this long before the search runs.
pub const DEBOUNCE_SECONDS: f64 = 0.25;
/// Results asked for; the filters choose among them.
pub const WINDOW_LIMIT: usize = 200;

/// What the window asks the app to do.
#[derive(Debug, PartialEq)]
pub enum WindowEvent {
    Search(String),
    /// Open this project and select this annotation in it.
    OpenProject(PathBuf, String),
    OpenUrl(String),
    Close,
}

#[derive(Default)]
pub struct LibraryWindow {
    pub query: String,
    /// When the query was last typed in (egui time).
    edited_at: Option<f64>,
    /// The query of the last search sent, and its id.
    searched: Option<String>,
    pub request: Option<u64>,
    results: Vec<Match>,
    error: Option<String>,
    verdict: Option<String>,
    org: Option<String>,
    /// Dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, both ends included.
    from: String,
    to: String,
    focus: bool,
}

impl LibraryWindow {
    pub fn new() -> Self {
        Self {
            focus: true,
            ..Self::default()
        }
    }

    /// Put the keyboard in the search field on the next frame.
    pub fn focus_search(&mut self) {
        self.focus = true;
    }

    /// The worker's answer to search `id`; `false` when it is not the newest (dropped).
    pub fn answer(&mut self, id: u64, result: Result<Vec<Match>, String>) -> bool {
        if self.request != Some(id) {
            return false;
        }
        self.request = None;
        match result {
            Ok(results) => {
                self.results = results;
                self.error = None;
            }
            Err(e) => {
                self.results.clear();
                self.error = Some(e);
            }
        }
        true
    }

    /// The library changed: search again.
    pub fn refresh(&mut self) {
        self.searched = None;
        self.edited_at = Some(f64::NEG_INFINITY);
    }

    /// The results the filters let through.
    pub fn shown(&self) -> impl Iterator<Item = &Match> {
        self.results.iter().filter(|m| self.accepts(m))
    }

    fn accepts(&self, m: &Match) -> bool {
        let e = &m.entry;
        if let Some(v) = &self.verdict
            && !rating_text(e).eq_ignore_ascii_case(v)
        {
            return false;
        }
        if let Some(org) = &self.org
            && e.org.as_deref().map(str::trim) != Some(org.as_str())
        {
            return false;
        }
        date_in_range(e.date.as_deref(), self.from.trim(), self.to.trim())
    }

    pub fn ui(&mut self, ctx: &egui::Context, events: &mut Vec<WindowEvent>) {
        let mut open = true;
        egui::Window::new("Claim library")
            .open(&mut open)
            .default_size([560.0, 520.0])
            .collapsible(false)
            .show(ctx, |ui| self.contents(ui, events));
        if !open {
            events.push(WindowEvent::Close);
        }
    }

    fn contents(&mut self, ui: &mut Ui, events: &mut Vec<WindowEvent>) {
        let now = ui.input(|i| i.time);
        let field = ui
            .horizontal(|ui| {
                let label = ui.label("Search the library");
                ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("a claim, a headline, a post…")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id)
            })
            .inner;
        if std::mem::take(&mut self.focus) {
            field.request_focus();
        }
        if field.changed() {
            self.edited_at = Some(now);
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        self.maybe_search(ui.ctx(), now, enter, events);

        self.filters_ui(ui);
        ui.separator();
        if let Some(e) = &self.error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Could not search: {e}"),
            );
        }
        let searching = self.request.is_some();
        let shown: Vec<&Match> = self.shown().collect();
        ui.horizontal(|ui| {
            if searching {
                ui.spinner();
                ui.weak("Searching…");
            } else if self
                .searched
                .as_deref()
                .is_some_and(|q| !q.trim().is_empty())
            {
                ui.weak(match (shown.len(), self.results.len()) {
                    (0, 0) => "No earlier check matches.".to_string(),
                    (0, n) => format!("None of the {n} results passes the filters."),
                    (1, _) => "1 result".to_string(),
                    (k, n) if k < n => format!("{k} of {n} results"),
                    (k, _) => format!("{k} results"),
                });
            } else {
                ui.weak("Type a claim to find earlier checks of it.");
            }
        });
        egui::ScrollArea::vertical()
            .id_salt("library-results")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (i, m) in shown.iter().enumerate() {
                    ui.push_id(("library-result", i), |ui| result_ui(ui, m, events));
                }
            });
    }

    fn maybe_search(
        &mut self,
        ctx: &egui::Context,
        now: f64,
        enter: bool,
        events: &mut Vec<WindowEvent>,
    ) {
        let query = self.query.trim().to_string();
        if self.searched.as_deref() == Some(query.as_str()) {
            return;
        }
        let Some(edited) = self.edited_at else { return };
        let waited = now - edited;
        if !enter && waited < DEBOUNCE_SECONDS {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                DEBOUNCE_SECONDS - waited,
            ));
            return;
        }
        self.searched = Some(query.clone());
        if query.is_empty() {
            self.results.clear();
            self.request = None;
            self.error = None;
        } else {
            events.push(WindowEvent::Search(query));
        }
    }

    fn filters_ui(&mut self, ui: &mut Ui) {
        let mut verdicts: Vec<String> =
            self.results.iter().map(|m| rating_text(&m.entry)).collect();
        verdicts.sort_by_key(|v| v.to_lowercase());
        verdicts.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        let mut orgs: Vec<String> = self
            .results
            .iter()
            .filter_map(|m| m.entry.org.as_deref().map(str::trim))
            .filter(|o| !o.is_empty())
            .map(str::to_string)
            .collect();
        orgs.sort();
        orgs.dedup();
        ui.horizontal_wrapped(|ui| {
            choice(
                ui,
                "library-verdict",
                "Any verdict",
                &mut self.verdict,
                &verdicts,
            )
            .on_hover_text("Only results with this rating");
            choice(ui, "library-org", "Any organisation", &mut self.org, &orgs)
                .on_hover_text("Only results from this organisation");
            let label = ui.label("From");
            ui.add(
                egui::TextEdit::singleline(&mut self.from)
                    .hint_text("YYYY")
                    .desired_width(78.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Checked on or after: a year, YYYY-MM or YYYY-MM-DD");
            let label = ui.label("to");
            ui.add(
                egui::TextEdit::singleline(&mut self.to)
                    .hint_text("YYYY")
                    .desired_width(78.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Checked on or before: a year, YYYY-MM or YYYY-MM-DD");
        });
    }
}

/// A combo box of `options`, `None` for "any".
fn choice(
    ui: &mut Ui,
    salt: &str,
    any: &str,
    value: &mut Option<String>,
    options: &[String],
) -> egui::Response {
    egui::ComboBox::from_id_salt(salt)
        .selected_text(value.clone().unwrap_or_else(|| any.to_string()))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, any);
            for o in options {
                ui.selectable_value(value, Some(o.clone()), o);
            }
            // A filter chosen before the results changed stays choosable.
            if let Some(v) = value.clone()
                && !options.contains(&v)
            {
                ui.selectable_value(value, Some(v.clone()), v);
            }
        })
        .response
}

/// Whether a date (`YYYY-MM-DD…`) is within `from`..=`to`, each a prefix (`2024`,
/// `2024-03`) or empty for no bound. An entry without a date passes only when no bound is set.
pub fn date_in_range(date: Option<&str>, from: &str, to: &str) -> bool {
    if from.is_empty() && to.is_empty() {
        return true;
    }
    let Some(date) = date.map(str::trim).filter(|d| !d.is_empty()) else {
        return false;
    };
    let head = |n: usize| date.get(..n.min(date.len())).unwrap_or(date);
    (from.is_empty() || head(from.len()) >= from) && (to.is_empty() || head(to.len()) <= to)
}

fn result_ui(ui: &mut Ui, m: &Match, events: &mut Vec<WindowEvent>) {
    let e = &m.entry;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(format!("“{}”", excerpt(&e.claim, 240))).strong());
        let tier = match m.tier {
            Tier::Likely => "Likely the same claim",
            Tier::Possible => "Possible match",
        };
        let mut facts = vec![rating_text(e)];
        if let Some(org) = e.org.as_deref().filter(|o| !o.trim().is_empty()) {
            facts.push(org.trim().to_string());
        }
        if let Some(date) = e.date.as_deref().filter(|d| !d.trim().is_empty()) {
            facts.push(date.trim().chars().take(10).collect());
        }
        facts.push(source_text(e));
        ui.horizontal_wrapped(|ui| {
            let color = match m.tier {
                Tier::Likely => ui.visuals().strong_text_color(),
                Tier::Possible => ui.visuals().weak_text_color(),
            };
            ui.label(RichText::new(tier).color(color))
                .on_hover_text(format!("Score {:.2}", m.score));
            ui.label(facts.join(" · "));
        });
        if let Some(title) = e.title.as_deref().filter(|t| !t.trim().is_empty()) {
            ui.weak(excerpt(title, 160));
        }
        ui.horizontal(|ui| {
            if let EntrySource::Project { path, annotation } = &e.source
                && ui
                    .button("Open in project")
                    .on_hover_text(format!(
                        "Open {} at this claim (asks to save unsaved work first)",
                        path.display()
                    ))
                    .clicked()
            {
                events.push(WindowEvent::OpenProject(path.clone(), annotation.clone()));
            }
            if let Some(url) = web_url(e)
                && ui
                    .button("Open review")
                    .on_hover_text(format!("Open {url} in the browser"))
                    .clicked()
            {
                events.push(WindowEvent::OpenUrl(url.to_string()));
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_filter_by_year_month_or_day_both_ends_included() {
        let d = Some("2024-03-15");
        assert!(date_in_range(d, "", ""));
        assert!(date_in_range(d, "2024", "2024"));
        assert!(date_in_range(d, "2024-03", ""));
        assert!(date_in_range(d, "2024-03-15", "2024-03-15"));
        assert!(!date_in_range(d, "2024-04", ""));
        assert!(!date_in_range(d, "", "2023"));
        assert!(date_in_range(
            Some("2024-03-15T10:00:00Z"),
            "",
            "2024-03-15"
        ));
        assert!(date_in_range(None, "", ""));
        assert!(!date_in_range(None, "2020", ""));
    }

    #[test]
    fn an_answer_to_an_older_search_is_dropped() {
        let mut window = LibraryWindow::new();
        window.request = Some(7);
        assert!(!window.answer(6, Err("stale".into())));
        assert_eq!(window.error, None);
        assert!(window.answer(7, Ok(Vec::new())));
        assert_eq!(window.request, None);
    }
}
