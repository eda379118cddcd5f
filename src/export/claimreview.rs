//! schema.org `ClaimReview` (JSON-LD): one review per claim that has a verdict, as a JSON
//! array, ready to embed in the fact-check's web page (`<script type="application/ld+json">`).
//!
//! Each review has `claimReviewed` (the claim's exact quote), a `reviewRating`, the claim as
//! `itemReviewed` (a `Claim` whose `appearance` is the article — its URL and headline —
//! whose `author` is the article's outlet, or else its author, and whose `datePublished` is
//! the article's), the reviewing `Organization` as `author`, and the export date as
//! `datePublished`.
//!
//! ## Rating mapping
//! `bestRating` 5 and `worstRating` 1 are always present; `alternateName` is the verdict in
//! words:
//!
//! | verdict        | `ratingValue` | `alternateName` |
//! |----------------|---------------|-----------------|
//! | `true`         | 5             | True            |
//! | `mostly-true`  | 4             | Mostly true     |
//! | `mixed`        | 3             | Mixed           |
//! | `mostly-false` | 2             | Mostly false    |
//! | `false`        | 1             | False           |
//! | `unverifiable` | (none)        | Unverifiable    |
//!
//! An unverifiable claim is not somewhere between true and false, so it gets no number.
//!
//! Left out on purpose: the notes (they are working notes, not a published explanation —
//! the organization writes that on its page) and the review's `url` (the page that will
//! publish the fact-check is not known to Factmark; add it when embedding).

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::model::{Kind, Project, Verdict};

use super::review::as_single_link;

pub const BEST_RATING: u8 = 5;
pub const WORST_RATING: u8 = 1;

/// The numeric rating of a verdict on the 1–5 scale; `None` for `unverifiable`.
pub fn rating_value(verdict: Verdict) -> Option<u8> {
    match verdict {
        Verdict::True => Some(5),
        Verdict::MostlyTrue => Some(4),
        Verdict::Mixed => Some(3),
        Verdict::MostlyFalse => Some(2),
        Verdict::False => Some(1),
        Verdict::Unverifiable => None,
    }
}

/// `organization` publishes the reviews; `now` (RFC 3339) dates them.
pub fn render(project: &Project, organization: &str, now: &str) -> Vec<u8> {
    let meta = &project.article().metadata;
    let url = meta
        .url
        .as_deref()
        .and_then(as_single_link)
        .filter(|u| !u.to_ascii_lowercase().starts_with("mailto:"));
    let headline = Some(meta.title.trim()).filter(|t| !t.is_empty());
    let appearance = (url.is_some() || headline.is_some()).then_some(CreativeWork {
        kind: "CreativeWork",
        url,
        headline,
        date_published: meta.published.as_deref(),
    });
    let claim_author = non_blank(&meta.outlet)
        .map(|name| Thing {
            kind: "Organization",
            name,
        })
        .or_else(|| {
            non_blank(&meta.author).map(|name| Thing {
                kind: "Person",
                name,
            })
        });
    let reviewed_on = date_of(now);
    // Claims needing review after an article update keep their verdict: what was said was
    // reviewed, wherever it now is in the text.
    let reviews: Vec<ClaimReview> = project
        .all_annotations()
        .filter(|a| a.kind == Kind::Claim)
        .filter_map(|a| a.verdict.map(|v| (a, v)))
        .map(|(a, verdict)| ClaimReview {
            context: "https://schema.org",
            kind: "ClaimReview",
            claim_reviewed: &a.quote,
            review_rating: Rating {
                kind: "Rating",
                rating_value: rating_value(verdict),
                best_rating: BEST_RATING,
                worst_rating: WORST_RATING,
                alternate_name: verdict.label(),
            },
            item_reviewed: Claim {
                kind: "Claim",
                appearance: appearance.clone(),
                author: claim_author.clone(),
                date_published: meta.published.as_deref(),
            },
            author: Thing {
                kind: "Organization",
                name: organization,
            },
            date_published: &reviewed_on,
        })
        .collect();
    let mut out = serde_json::to_vec_pretty(&reviews).expect("serializing into memory");
    out.push(b'\n');
    out
}

fn non_blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The calendar date of an RFC 3339 time, as written in its own offset (`2026-11-26`).
fn date_of(now: &str) -> String {
    match OffsetDateTime::parse(now, &Rfc3339) {
        Ok(t) => format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
        Err(_) => now.to_string(),
    }
}

#[derive(Serialize)]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'a str,
    #[serde(rename = "reviewRating")]
    review_rating: Rating,
    #[serde(rename = "itemReviewed")]
    item_reviewed: Claim<'a>,
    author: Thing<'a>,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
}

#[derive(Serialize)]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "ratingValue", skip_serializing_if = "Option::is_none")]
    rating_value: Option<u8>,
    #[serde(rename = "bestRating")]
    best_rating: u8,
    #[serde(rename = "worstRating")]
    worst_rating: u8,
    #[serde(rename = "alternateName")]
    alternate_name: &'static str,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    appearance: Option<CreativeWork<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
}

#[derive(Clone, Serialize)]
struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    headline: Option<&'a str>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
}

#[derive(Clone, Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_runs_from_false_to_true() {
        let values: Vec<Option<u8>> = Verdict::ALL.iter().map(|&v| rating_value(v)).collect();
        assert_eq!(values, [Some(5), Some(4), Some(3), Some(2), Some(1), None]);
    }

    #[test]
    fn the_review_date_is_the_calendar_date_of_now() {
        assert_eq!(date_of("2026-11-26T23:30:00-05:00"), "2026-11-26");
        assert_eq!(date_of("2026-11-26"), "2026-11-26");
    }
}
