//! Each export as its receiver reads it: ClaimReview embedded in a web page and read back
//! out of the page, brat's annotation.conf semantics, the W3C web-annotation-tests schemas,
//! the HTML report's heading structure, the CSV with and without the formula guard.

mod common;

use common::{NOW, project_with_text, tag};
use factmark::export::{ExportFormat, ExportOptions, ExportOutput, left_out, render};
use factmark::model::{ClaimRecord, Kind, Project, Verdict};
use scraper::{Html, Selector};

fn options() -> ExportOptions {
    ExportOptions::new("article", "2026-11-26T12:00:00Z")
        .with_organization(Some("Example Fact Check".into()))
}

fn file(project: &Project, format: ExportFormat, options: &ExportOptions) -> Vec<u8> {
    match render(project, format, options).unwrap() {
        ExportOutput::File(bytes) => bytes,
        ExportOutput::Folder(_) => panic!("{format} is one file"),
    }
}

fn rate(project: &mut Project, id: &str, verdict: Verdict) {
    project
        .apply(&project.edit_set_verdict(id, Some(verdict), NOW).unwrap())
        .unwrap();
}

fn set_record(project: &mut Project, id: &str, record: ClaimRecord) {
    project
        .apply(&project.edit_set_record(id, record, NOW).unwrap())
        .unwrap();
}

const HOSTILE_CLAIM: &str = "He wrote </script><script>alert(1)</script> and <!-- then -->";

/// Two rated claims: one hostile, with its own published review URL; one plain, without.
fn claims_project() -> (Project, String, String) {
    let text = format!("Intro. {HOSTILE_CLAIM}. The minister said taxes fell. End.");
    let mut project = project_with_text(&text);
    let hostile = tag(&mut project, Kind::Claim, HOSTILE_CLAIM);
    let plain = tag(&mut project, Kind::Claim, "taxes fell");
    rate(&mut project, &hostile, Verdict::False);
    rate(&mut project, &plain, Verdict::MostlyTrue);
    set_record(
        &mut project,
        &hostile,
        ClaimRecord {
            explanation: "It said <!-- and </SCRIPT > too".into(),
            review_url: Some("https://factcheck.example/reviews/hostile".into()),
            ..Default::default()
        },
    );
    (project, hostile, plain)
}

#[test]
fn claimreview_embedded_in_a_page_reads_back_as_the_export() {
    let (project, _, _) = claims_project();
    let bytes = file(&project, ExportFormat::ClaimReview, &options());
    let export = String::from_utf8(bytes).unwrap();
    assert!(
        !export.to_ascii_lowercase().contains("</script"),
        "{export}"
    );
    assert!(!export.contains("<!--"), "{export}");
    let page = format!(
        "<!DOCTYPE html><html><head><title>Review</title>\
         <script type=\"application/ld+json\">{export}</script></head>\
         <body><p>After the script.</p></body></html>"
    );
    let html = Html::parse_document(&page);
    let scripts: Vec<String> = html
        .select(&Selector::parse("script").unwrap())
        .map(|s| s.text().collect())
        .collect();
    // One script element: nothing broke out of it.
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    let embedded: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    let exported: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(embedded, exported);
    // And the hostile quote reads as written.
    assert!(
        exported
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["claimReviewed"] == HOSTILE_CLAIM),
        "{exported}"
    );
    let body = Selector::parse("body p").unwrap();
    assert_eq!(html.select(&body).count(), 1);
}

#[test]
fn claimreview_url_comes_from_the_claim_else_the_template_and_is_warned_about() {
    let (project, hostile, plain) = claims_project();
    let reviews = |options: &ExportOptions| -> serde_json::Value {
        serde_json::from_slice(&file(&project, ExportFormat::ClaimReview, options)).unwrap()
    };
    let by_claim = |reviews: &serde_json::Value, needle: &str| {
        reviews
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["claimReviewed"].as_str().unwrap().contains(needle))
            .unwrap()
            .clone()
    };

    // Without a template, the plain claim has no url, and the export warns.
    let without = reviews(&options());
    assert_eq!(
        by_claim(&without, "alert")["url"],
        "https://factcheck.example/reviews/hostile"
    );
    assert!(by_claim(&without, "taxes").get("url").is_none());
    let warnings = left_out(&project, ExportFormat::ClaimReview, &options());
    assert!(
        warnings.iter().any(|w| w.contains("1 review has no `url`")),
        "{warnings:?}"
    );

    // With a template, the claim's own URL still wins; the other gets the template's.
    let with = options()
        .with_url_template(Some("https://factcheck.example/{id}".into()))
        .with_organization_url(Some("https://factcheck.example/".into()));
    let reviews_with = reviews(&with);
    assert_eq!(
        by_claim(&reviews_with, "alert")["url"],
        "https://factcheck.example/reviews/hostile"
    );
    assert_eq!(
        by_claim(&reviews_with, "taxes")["url"],
        format!("https://factcheck.example/{plain}")
    );
    assert_ne!(hostile, plain);
    let warnings = left_out(&project, ExportFormat::ClaimReview, &with);
    assert!(
        !warnings.iter().any(|w| w.contains("`url`")),
        "{warnings:?}"
    );

    // Recommended fields: the rating's name, the organization's url.
    for review in reviews_with.as_array().unwrap() {
        assert_eq!(
            review["reviewRating"]["name"],
            review["reviewRating"]["alternateName"]
        );
        assert_eq!(review["author"]["url"], "https://factcheck.example/");
    }
    assert_eq!(
        by_claim(&reviews_with, "taxes")["reviewRating"]["name"],
        "Mostly true"
    );

    // A template that does not make a web address is not used.
    let bad = options().with_url_template(Some("javascript:alert('{id}')".into()));
    assert!(by_claim(&reviews(&bad), "taxes").get("url").is_none());
}

#[test]
fn claimreview_warns_about_a_claim_reviewed_over_75_characters() {
    let (mut project, hostile, plain) = claims_project();
    let with = options().with_url_template(Some("https://factcheck.example/{id}".into()));
    // The hostile quote is 61 characters; the plain one short.
    assert!(HOSTILE_CLAIM.chars().count() <= 75);
    let warnings = left_out(&project, ExportFormat::ClaimReview, &with);
    assert!(!warnings.iter().any(|w| w.contains("75")), "{warnings:?}");
    let long = "The minister said that taxes fell for every household in every region \
                of the country this year.";
    assert!(long.chars().count() > 75);
    set_record(
        &mut project,
        &plain,
        ClaimRecord {
            claim_checked: Some(long.into()),
            ..Default::default()
        },
    );
    let warnings = left_out(&project, ExportFormat::ClaimReview, &with);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("1 review has a `claimReviewed` over the 75 characters")),
        "{warnings:?}"
    );
    // A warning, not a failure: the export is still written.
    assert!(render(&project, ExportFormat::ClaimReview, &with).is_ok());
    let _ = hostile;
}
