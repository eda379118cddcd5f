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

/// Replace the project's article with `edited`, as Article ▸ Update text does.
fn update_to(project: &mut factmark::model::Project, edited: &str) {
    let update = update_article_text(
        project,
        edited,
        project.article().metadata.clone(),
        "2026-11-27T09:00:00Z",
    );
    project.apply(&update.edit).unwrap();
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
    update_to(&mut project, &edited);
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

/// An annotation needing review is in every export that can hold it, with its verdict and
/// note, and the one that cannot (brat) says it left it out.
#[test]
fn annotations_needing_review_are_not_dropped_from_exports() {
    let mut project = load_project(&common::sample_project_path()).unwrap();
    let old = project.article().text.as_str().to_string();
    let edited = old.replace(
        " the Biden administration is examining the Israeli proposal.",
        " officials declined to comment.",
    );
    update_to(&mut project, &edited);
    let unplaced = project.needs_review()[0].clone();
    assert_eq!(unplaced.id, "c-examining");
    let verdict = unplaced.verdict.expect("the sample rates it").label();
    let total = project.all_annotations().count();

    // CSV: a row for it, with no offsets in this text.
    let csv = export(&project, ExportFormat::Csv);
    let mut reader = ::csv::Reader::from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), total);
    let row = rows.iter().find(|r| &r[0] == "c-examining").unwrap();
    assert_eq!((&row[2], &row[3]), ("", ""));
    assert_eq!(&row[4], unplaced.quote);

    // W3C: only the quote selector, and a needs-review tag.
    let w3c: serde_json::Value =
        serde_json::from_str(&export(&project, ExportFormat::W3c)).unwrap();
    assert_eq!(w3c["total"], total);
    let items = w3c["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), total);
    let item = items
        .iter()
        .find(|i| i["target"]["selector"][0]["exact"] == unplaced.quote.as_str())
        .unwrap();
    let selectors = item["target"]["selector"].as_array().unwrap();
    assert_eq!(selectors.len(), 1);
    assert_eq!(selectors[0]["type"], "TextQuoteSelector");
    assert!(
        item["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["value"] == "needs-review")
    );

    // The report and the memo: counted, and listed with verdict and note.
    let report = html(&project);
    assert!(report.contains("<th scope=\"row\">Need review</th><td class=\"n\">1</td>"));
    let section =
        &report[report.find("id=\"changes\"").unwrap()..report.find("id=\"article\"").unwrap()];
    assert!(
        section.contains(&format!("Verdict: {verdict}")),
        "{section}"
    );
    let md = export(&project, ExportFormat::Markdown);
    assert!(
        md.contains("- 1 annotation needs review: the article changed and it has"),
        "{md}"
    );
    assert!(
        md.contains(&format!("examining the Israeli proposal” — {verdict}")),
        "{md}"
    );

    // ClaimReview keeps its verdict; brat cannot place it and says so.
    let options =
        ExportOptions::new("p", "2026-11-27T10:00:00Z").with_organization(Some("Org".into()));
    let ExportOutput::File(claimreview) =
        render(&project, ExportFormat::ClaimReview, &options).unwrap()
    else {
        unreachable!()
    };
    assert!(
        String::from_utf8(claimreview)
            .unwrap()
            .contains("considering Israel's request")
    );
    let warnings = factmark::export::left_out(
        &project,
        ExportFormat::Brat,
        &ExportOptions::new("x", "2026-11-26T10:00:00Z"),
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert!(
        warning.starts_with("1 annotation needing review"),
        "{warning}"
    );
    assert!(
        factmark::export::left_out(
            &project,
            ExportFormat::Csv,
            &ExportOptions::new("x", "2026-11-26T10:00:00Z")
        )
        .is_empty()
    );
}
