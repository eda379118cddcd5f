//! Bringing articles in: the import preview, the clipboard, and updating the article text.

use super::*;

impl FactmarkApp {
    /// Read an article file and show it for checking before it becomes a project.
    pub(super) fn preview_article_file(&mut self, path: &Path) {
        match import_file(path) {
            Ok(imported) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                self.import_preview = Some(ImportPreview::new(
                    name,
                    imported.retrieved_today_unless_known(),
                ));
            }
            Err(e) => {
                self.discard_approved = false;
                self.error(format!("Could not read the article. {e}"));
            }
        }
    }

    /// The clipboard's text arrived (after New from clipboard).
    pub(super) fn preview_clipboard(&mut self, text: &str) {
        match import_clipboard(text) {
            Ok(imported) => {
                self.import_preview = Some(ImportPreview::new(
                    "the clipboard".into(),
                    imported.retrieved_today_unless_known(),
                ));
            }
            Err(e) => self.error(format!(
                "The clipboard has no article text to start from: {e}"
            )),
        }
    }

    /// Article ▸ Update text: re-anchor every annotation to a newer version of the article,
    /// as one undoable step, and show what happened.
    pub(super) fn update_article_from(&mut self, path: &Path) {
        let imported = match import_file(path) {
            Ok(imported) => imported,
            Err(e) => {
                self.error(format!("Could not read the new version. {e}"));
                return;
            }
        };
        let Some(open) = &mut self.open else { return };
        let now = timestamp::now();
        let old_text = open.doc.project.article().text.clone();
        let metadata = merge_metadata(
            &open.doc.project.article().metadata,
            &imported.metadata,
            Some(crate::import::today()),
        );
        let update = update_article_text(&open.doc.project, &imported.text, metadata, &now);
        let counts = update.report.counts();
        if let Err(e) = open.doc.apply("update article text", update.edit) {
            self.error(format!("Could not update the article text: {e}"));
            return;
        }
        let new_text = open.doc.project.article().text.clone();
        open.changes = Some(ChangesWindow::new(update.report, Some(old_text), new_text));
        self.info(format!(
            "Article text updated: {counts}. Undo (Ctrl+Z) puts the old text back."
        ));
    }

    /// Show changes: the open report, or the last update's, compared again.
    pub(super) fn show_last_changes(&mut self) {
        let Some(open) = &mut self.open else { return };
        if open.changes.is_some() {
            return;
        }
        let project = &open.doc.project;
        let Some(old) = project
            .revisions()
            .last()
            .and_then(|r| project.text_by_sha256(&r.text_sha256))
            .cloned()
        else {
            self.info("The article text has not been updated since this project began.");
            return;
        };
        let new = project.article().text.clone();
        let old_sha = crate::model::article::sha256_hex(old.as_str().as_bytes());
        let mut diff = crate::reanchor::diff_texts(&old, &new);
        let new_spans: Vec<(String, std::ops::Range<usize>)> = project
            .annotations()
            .iter()
            .map(|a| (a.id.clone(), a.range()))
            .collect();
        let old_spans: Vec<(String, std::ops::Range<usize>)> = project
            .all_annotations()
            .filter_map(|a| match &a.anchor {
                Some(anchor) if a.is_unplaced() => {
                    Some((a.id.clone(), a.range())).filter(|_| anchor.text_sha256 == old_sha)
                }
                Some(anchor) => anchor.was.as_ref().map(|w| (a.id.clone(), w.start..w.end)),
                None => None,
            })
            .collect();
        diff.mark_annotations(&old_spans, &new_spans);
        let report = crate::reanchor::ReanchorReport {
            diff: Some(diff),
            text_changed: true,
            ..Default::default()
        };
        open.changes = Some(ChangesWindow::new(report, Some(old), new));
    }
}
