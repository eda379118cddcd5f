//! After the article changed, the review report says so: which annotations moved, changed
//! wording or need review. `factmark check` counts those needing review.

mod common;

use std::process::Command;

use factmark::export::{ExportFormat, ExportOptions, ExportOutput, render};
use factmark::project_file::{load_project, save_project};
use factmark::reanchor::update_article_text;

fn export(project: &factmark::model::Project, format: ExportFormat) -> String {
    let options = ExportOptions::new("p", "2026-11-27T10:00:00Z");
    match render(project, format, &options).unwrap() {
        ExportOutput::File(bytes) => String::from_utf8(bytes).unwrap(),
        ExportOutput::Folder(_) => unreachable!("one file"),
    }
}

fn html(project: &factmark::model::Project) -> String {
    export(project, ExportFormat::Html)
}

#[test]
fn the_report_lists_what_the_update_did() {
    let mut project = load_project(&common::sample_project_path()).unwrap();
    assert!(!html(&project).contains("The article changed after annotation"));
    assert!(!export(&project, ExportFormat::Markdown).contains("The article changed"));

    let old = project.article().text.as_str().to_string();
    let edited = old
        .replace(
            " the Biden administration is examining the Israeli proposal.",
            " officials declined <b>to</b> comment.",
        )
        .replace(
            "radical US government reversal",
            "major US government reversal",
        );
    let update = update_article_text(
        &project,
        &edited,
        project.article().metadata.clone(),
        "2026-11-27T09:00:00Z",
    );
    project.apply(&update.edit).unwrap();
    let report = html(&project);
    assert!(
        report.contains("The article changed after annotation"),
        "no changes section"
    );
    assert!(report.contains("updated 1 time after annotation began"));
    // The claim whose sentence is gone: listed with its old quote.
    let section =
        &report[report.find("id=\"changes\"").unwrap()..report.find("id=\"article\"").unwrap()];
    assert!(
        section.contains("Need review (1)")
            && section.contains("the Biden administration is examining the Israeli proposal"),
        "{section}"
    );
    // Everything else stayed where it was: no other group is listed.
    assert!(
        !section.contains("Changed wording") && !section.contains("Moved ("),
        "{section}"
    );
    assert!(!report.contains("<b>to</b>"), "article text stays escaped");

    // The Markdown memo says the same, before the claims.
    let md = export(&project, ExportFormat::Markdown);
    let section = &md[md
        .find("## The article changed after annotation")
        .expect("no changes section in the memo")
        ..md.find("## Claims").unwrap()];
    assert!(
        section.contains("updated 1 time after annotation began"),
        "{section}"
    );
    assert!(
        section.contains("### Need review (1)")
            && section
                .contains("- Claim “the Biden administration is examining the Israeli proposal”"),
        "{section}"
    );
    assert!(
        !section.contains("Changed wording") && !section.contains("Moved ("),
        "{section}"
    );

    // And the command line's check says how many need review.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("updated.factmark.json");
    save_project(&project, &path).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_factmark"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 needs review after the article changed"),
        "{stdout}"
    );
}
