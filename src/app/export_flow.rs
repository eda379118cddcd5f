//! File ▸ Export: asking where, then writing the export.

use super::*;

impl FactmarkApp {
    /// Ask where to export (a folder for brat). ClaimReview first needs the organization.
    pub(super) fn start_export(&mut self, ctx: &egui::Context, format: ExportFormat) {
        let Some(open) = &self.open else { return };
        if format.needs_organization() && self.prefs.organization.is_none() {
            self.export_after_preferences = Some(format);
            self.preferences_editor = Some(PreferencesEditor::focusing(
                &self.prefs,
                dialogs::PrefsField::Organization,
            ));
            self.info("ClaimReview names the organization that reviewed the claims: enter it in Preferences.");
            return;
        }
        let base = base_name(
            open.doc.path.as_deref(),
            &open.doc.project.article().metadata.title,
        );
        let directory = open.doc.path.as_deref().and_then(file_dialog::folder_of);
        let (kind, filters) = if format.writes_folder() {
            (DialogKind::Folder, Vec::new())
        } else {
            (
                DialogKind::SaveFile,
                vec![(
                    format.label().to_string(),
                    vec![format.extension().trim_start_matches('.').to_string()],
                )],
            )
        };
        self.dialogs.show(
            ctx,
            DialogRequest {
                purpose: DialogPurpose::Export(format),
                title: format!("Export: {}", format.label()),
                filters,
                directory,
                file_name: (!format.writes_folder()).then(|| format.default_file_name(&base)),
                kind,
            },
        );
    }

    pub(super) fn finish_export(&mut self, format: ExportFormat, path: &Path) {
        let Some(open) = &self.open else { return };
        if open.doc.path.as_deref() == Some(path) {
            self.error("That is the open project's own file; choose another name for the export.");
            return;
        }
        let base = base_name(
            open.doc.path.as_deref(),
            &open.doc.project.article().metadata.title,
        );
        let options = ExportOptions::new(base, timestamp::now())
            .with_organization(self.prefs.organization.clone())
            .with_organization_url(self.prefs.organization_url.clone())
            .with_url_template(self.prefs.review_url_template.clone());
        let options = ExportOptions {
            include_unapproved: self.export_unapproved,
            ..options
        };
        // A file format's save dialog has already asked before replacing a file; a folder
        // dialog has not, so a brat export never replaces other text there.
        let replace = !format.writes_folder();
        match write_export(&open.doc.project, format, &options, path, replace) {
            Ok(()) => {
                let left_out: String = crate::export::left_out(&open.doc.project, format, &options)
                    .iter()
                    .map(|w| format!(" Note: {w}."))
                    .collect();
                self.info(format!(
                    "Exported {} to {}.{left_out}",
                    format.label(),
                    path.display()
                ));
            }
            Err(e) => self.error(format!("The export failed: {e}")),
        }
    }
}

pub(super) fn export_tooltip(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Html => {
            "A printable report for an editor: the article with highlights, every claim with its evidence"
        }
        ExportFormat::Markdown => "The review memo as Markdown",
        ExportFormat::Csv => "One row per annotation, for spreadsheets",
        ExportFormat::W3c => "W3C Web Annotations (JSON-LD), for annotation tools",
        ExportFormat::ClaimReview => {
            "schema.org ClaimReview for each rated claim, for search engines and fact-check databases"
        }
        ExportFormat::Brat => "brat standoff files (text and annotations) in a folder",
        ExportFormat::Json => "A copy of the project file",
    }
}
