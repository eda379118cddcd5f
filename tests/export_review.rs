//! Sign-off in the exports: the HTML report and the Markdown memo show each claim's review
//! state and votes, and ClaimReview publishes only approved claims unless asked for all.

mod common;

use common::{NOW, project_with_text, tag};
use factmark::export::{ExportFormat, ExportOptions, ExportOutput, left_out, render};
use factmark::model::{Kind, Project, Review, ReviewState, Verdict, Vote};
use scraper::{Html, Selector};

const TEXT: &str = "The minister said taxes fell by half. Crime rose sharply in May.";

fn vote(who: &str, verdict: Option<Verdict>, comment: &str, time: &str) -> Vote {
    Vote {
        reviewer: who.into(),
        verdict,
        comment: comment.into(),
        time: time.into(),
        ..Vote::default()
    }
}

/// Two rated claims: "taxes" approved after two of three votes, "crime" ready for review.
fn project() -> (Project, String, String) {
    let mut p = project_with_text(TEXT);
    let taxes = tag(&mut p, Kind::Claim, "taxes fell by half");
    let crime = tag(&mut p, Kind::Claim, "Crime rose sharply in May");
    for (id, verdict, review) in [
        (
            &taxes,
            Verdict::False,
            Review {
                state: ReviewState::Approved,
                votes: vec![
                    vote("Ana Ruiz", Some(Verdict::False), "", "2026-11-26T11:00:00Z"),
                    vote(
                        "Ben <Okafor>",
                        Some(Verdict::MostlyFalse),
                        "Fell by a third *not* half",
                        "2026-11-26T11:05:00Z",
                    ),
                    vote(
                        "Cleo Hart",
                        Some(Verdict::False),
                        "",
                        "2026-11-26T11:09:00Z",
                    ),
                ],
                ..Review::default()
            },
        ),
        (
            &crime,
            Verdict::True,
            Review {
                state: ReviewState::Ready,
                ..Review::default()
            },
        ),
    ] {
        let edit = p.edit_set_verdict(id, Some(verdict), NOW).unwrap();
        p.apply(&edit).unwrap();
        let mut record = p.annotation(id).unwrap().record.clone();
        record.review = review;
        let edit = p.edit_set_record(id, record, NOW).unwrap();
        p.apply(&edit).unwrap();
    }
    (p, taxes, crime)
}

fn options() -> ExportOptions {
    ExportOptions::new("article", "2026-11-26T12:00:00Z")
        .with_organization(Some("Example Fact Check".into()))
}

fn text(project: &Project, format: ExportFormat, options: &ExportOptions) -> String {
    match render(project, format, options).unwrap() {
        ExportOutput::File(bytes) => String::from_utf8(bytes).unwrap(),
        ExportOutput::Folder(_) => panic!("one file"),
    }
}

#[test]
fn the_html_report_shows_each_claims_state_and_votes() {
    let (project, _, _) = project();
    let html = Html::parse_document(&text(&project, ExportFormat::Html, &options()));
    let entries = Selector::parse("article.entry.claim").unwrap();
    let entries: Vec<String> = html
        .select(&entries)
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(entries.len(), 2);
    let (taxes, crime) = (&entries[0], &entries[1]);
    assert!(taxes.contains("Verdict: False"), "{taxes}");
    assert!(!taxes.contains("Proposed"), "{taxes}");
    assert!(taxes.contains("Approved · 2 of 3 votes: False"), "{taxes}");
    for part in [
        "Ana Ruiz voted False",
        "Ben <Okafor> voted Mostly false",
        "Fell by a third *not* half",
        "2026-11-26 11:05 UTC",
        "Cleo Hart voted False",
    ] {
        assert!(taxes.contains(part), "{part:?} not in {taxes}");
    }
    // Not approved: the verdict is the author's proposal.
    assert!(crime.contains("Proposed verdict: True"), "{crime}");
    assert!(crime.contains("Ready for review"), "{crime}");
    assert!(!crime.contains("voted"), "{crime}");
    let counts = Selector::parse("table.counts tr").unwrap();
    let approved: Vec<String> = html
        .select(&counts)
        .map(|r| r.text().collect::<String>())
        .filter(|r| r.starts_with("Claims approved"))
        .collect();
    assert_eq!(approved, ["Claims approved11 approved, 1 ready for review"]);
    let votes = Selector::parse("ul.votes li").unwrap();
    assert_eq!(html.select(&votes).count(), 3);
}

#[test]
fn the_markdown_memo_shows_each_claims_state_and_votes() {
    let (project, _, _) = project();
    let md = text(&project, ExportFormat::Markdown, &options());
    assert!(
        md.contains("- Review: 1 approved, 1 ready for review\n"),
        "{md}"
    );
    assert!(md.contains("### C1 — False\n"), "{md}");
    assert!(md.contains("### C2 — Proposed: True\n"), "{md}");
    assert!(
        md.contains("- **Review:** Approved · 2 of 3 votes: False\n"),
        "{md}"
    );
    assert!(md.contains("- **Review:** Ready for review\n"), "{md}");
    assert!(
        md.contains("  - Ana Ruiz voted False (2026-11-26 11:00 UTC)\n"),
        "{md}"
    );
    // User text is escaped, so the comment renders as written.
    assert!(
        md.contains(
            "  - Ben \\<Okafor\\> voted Mostly false: “Fell by a third \\*not\\* half” (2026-11-26 11:05 UTC)\n"
        ),
        "{md}"
    );
}

#[test]
fn claimreview_publishes_approved_claims_and_says_how_many_it_left_out() {
    let (project, _, _) = project();
    let reviews: serde_json::Value =
        serde_json::from_str(&text(&project, ExportFormat::ClaimReview, &options())).unwrap();
    let reviewed: Vec<&str> = reviews
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["claimReviewed"].as_str().unwrap())
        .collect();
    assert_eq!(reviewed, ["taxes fell by half"]);
    let warnings = left_out(&project, ExportFormat::ClaimReview, &options());
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("1 rated claim is not approved yet")),
        "{warnings:?}"
    );
    // The other formats show every claim and say nothing about approval.
    assert!(
        !left_out(&project, ExportFormat::Html, &options())
            .iter()
            .any(|w| w.contains("approved"))
    );

    let all = ExportOptions {
        include_unapproved: true,
        ..options()
    };
    let reviews: serde_json::Value =
        serde_json::from_str(&text(&project, ExportFormat::ClaimReview, &all)).unwrap();
    assert_eq!(reviews.as_array().unwrap().len(), 2);
    assert!(
        !left_out(&project, ExportFormat::ClaimReview, &all)
            .iter()
            .any(|w| w.contains("approved"))
    );
}
