//! schema.org `ClaimReview` (JSON-LD): one review per claim that has a verdict, as a JSON
//! array, ready to embed in the fact-check's web page (`<script type="application/ld+json">`).
//!
//! Each review has `claimReviewed` (the claim as checked: the checker's one-sentence
//! restatement, or else the quote), a `reviewRating`, the claim as `itemReviewed` (a `Claim`
//! whose `author` is the claimant — a `Person` or an `Organization`, with the role as
//! `jobTitle` or `description` — whose `appearance` is the article, its URL and headline,
//! and whose `firstAppearance` is where it was first said, when known), the explanation as
//! `reviewBody`, the published review's address as `url` when set, the reviewing
//! `Organization` as `author` (with its `url` when given), and the export date as
//! `datePublished`.
//!
//! Only claims whose review is approved are published: until then the verdict is the
//! author's proposal. [`ExportOptions::include_unapproved`] (`--all`) publishes every rated
//! claim, and [`unapproved`] counts the ones left out for the user.
//!
//! `url` is the claim's published review URL, else [`ExportOptions::url_template`] with
//! `{id}` replaced by the annotation id; [`warnings`] counts the reviews without one (Google
//! requires it) and those whose `claimReviewed` is over the 75 characters Google recommends.
//!
//! The output is meant for a `<script type="application/ld+json">` element, so it never
//! contains `</script` or `<!--`: every `<` is written `\u003c` (it can only occur inside
//! JSON strings, where the escape means the same character).
//!
//! A claim without a claimant gets no `itemReviewed.author` (and [`missing_claimants`]
//! counts them for a warning): the outlet that quoted the claim did not make it, and naming
//! it would publish a falsehood.
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
//! Left out on purpose: the notes (private working notes; the public rationale is the
//! explanation).

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::model::{Annotation, ClaimantKind, Kind, Project, ReviewState, Verdict};

use super::ExportOptions;
use super::review::as_single_link;

/// Google's recommended most for `claimReviewed`, in characters.
pub const CLAIM_REVIEWED_MAX_CHARS: usize = 75;

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

/// Every claim with a verdict, including those needing review after an article update:
/// what was said was reviewed, wherever it now is in the text.
fn all_rated_claims(project: &Project) -> impl Iterator<Item = (&Annotation, Verdict)> {
    project
        .all_annotations()
        .filter(|a| a.kind == Kind::Claim)
        .filter_map(|a| a.verdict.map(|v| (a, v)))
}

/// The claims that get a review: rated claims whose review is approved, or every rated
/// claim with [`ExportOptions::include_unapproved`].
fn rated_claims<'a>(
    project: &'a Project,
    options: &ExportOptions,
) -> impl Iterator<Item = (&'a Annotation, Verdict)> {
    let all = options.include_unapproved;
    all_rated_claims(project).filter(move |(a, _)| all || is_approved(a))
}

fn is_approved(a: &Annotation) -> bool {
    a.record.review.state == ReviewState::Approved
}

/// How many rated claims are left out for not being approved (0 with
/// [`ExportOptions::include_unapproved`]).
pub fn unapproved(project: &Project, options: &ExportOptions) -> usize {
    if options.include_unapproved {
        return 0;
    }
    all_rated_claims(project)
        .filter(|(a, _)| !is_approved(a))
        .count()
}

/// How many exported claims have no claimant (their reviews leave out
/// `itemReviewed.author`).
pub fn missing_claimants(project: &Project, options: &ExportOptions) -> usize {
    rated_claims(project, options)
        .filter(|(a, _)| {
            a.record
                .claimant
                .as_ref()
                .is_none_or(|c| c.name.trim().is_empty())
        })
        .count()
}

/// The review's `url`: the claim's published review URL, else the template's.
fn review_url(a: &Annotation, options: &ExportOptions) -> Option<String> {
    if let Some(url) = a.record.review_url.as_deref().and_then(web_link) {
        return Some(url.to_string());
    }
    let template = options.url_template.as_deref()?;
    let url = template.replace("{id}", &a.id);
    web_link(&url).map(str::to_string)
}

/// What the reviews miss that Google requires or recommends, for the user (never fatal).
pub fn warnings(project: &Project, options: &ExportOptions) -> Vec<String> {
    let mut out = Vec::new();
    let no_url = rated_claims(project, options)
        .filter(|(a, _)| review_url(a, options).is_none())
        .count();
    if no_url > 0 {
        out.push(format!(
            "{} no `url` (Google requires one): set the published review URL in the claim's \
             details, or give a review URL template (--url-template \
             'https://factcheck.example/{{id}}')",
            super::review::count(no_url, "review has", "reviews have"),
        ));
    }
    let long = rated_claims(project, options)
        .filter(|(a, _)| a.claim_text().trim().chars().count() > CLAIM_REVIEWED_MAX_CHARS)
        .count();
    if long > 0 {
        out.push(format!(
            "{} a `claimReviewed` over the {CLAIM_REVIEWED_MAX_CHARS} characters Google \
             recommends: restate the claim more briefly in the claim's details",
            super::review::count(long, "review has", "reviews have"),
        ));
    }
    out
}

/// `organization` publishes the reviews; `options.now` (RFC 3339) dates them.
pub fn render(project: &Project, organization: &str, options: &ExportOptions) -> Vec<u8> {
    let now = options.now.as_str();
    let organization_url = options.organization_url.as_deref().and_then(web_link);
    let meta = &project.article().metadata;
    let url = meta.url.as_deref().and_then(web_link);
    let headline = Some(meta.title.trim()).filter(|t| !t.is_empty());
    let appearance = (url.is_some() || headline.is_some()).then_some(CreativeWork {
        kind: "CreativeWork",
        url,
        headline,
        date_published: meta.published.as_deref(),
    });
    let reviewed_on = date_of(now);
    let reviews: Vec<ClaimReview> = rated_claims(project, options)
        .map(|(a, verdict)| {
            let record = &a.record;
            let author = record
                .claimant
                .as_ref()
                .filter(|c| !c.name.trim().is_empty())
                .map(|c| {
                    let role = c.role.as_deref().map(str::trim).filter(|r| !r.is_empty());
                    Party {
                        kind: c.kind.schema_type(),
                        name: c.name.trim(),
                        job_title: role.filter(|_| c.kind == ClaimantKind::Person),
                        description: role.filter(|_| c.kind == ClaimantKind::Organization),
                        url: None,
                    }
                });
            let first_appearance = record.first_said.as_ref().and_then(|f| {
                let url = f.url.as_deref().and_then(web_link);
                (url.is_some() || f.date.is_some()).then_some(CreativeWork {
                    kind: "CreativeWork",
                    url,
                    headline: None,
                    date_published: f.date.as_deref(),
                })
            });
            let explanation = record.explanation.trim();
            ClaimReview {
                context: "https://schema.org",
                kind: "ClaimReview",
                url: review_url(a, options),
                claim_reviewed: a.claim_text().trim(),
                review_body: Some(explanation).filter(|e| !e.is_empty()),
                review_rating: Rating {
                    kind: "Rating",
                    rating_value: rating_value(verdict),
                    best_rating: BEST_RATING,
                    worst_rating: WORST_RATING,
                    alternate_name: verdict.label(),
                    name: verdict.label(),
                },
                item_reviewed: Claim {
                    kind: "Claim",
                    author,
                    appearance: appearance.clone(),
                    first_appearance,
                    date_published: record
                        .first_said
                        .as_ref()
                        .and_then(|f| f.date.as_deref())
                        .or(meta.published.as_deref()),
                },
                author: Party {
                    kind: "Organization",
                    name: organization,
                    job_title: None,
                    description: None,
                    url: organization_url,
                },
                date_published: &reviewed_on,
            }
        })
        .collect();
    let json = serde_json::to_vec_pretty(&reviews).expect("serializing into memory");
    let mut out = script_safe(&json);
    out.push(b'\n');
    out
}

/// JSON that can sit inside an HTML `<script>` element as it is: every `<` written as
/// `\u003c`, so that neither `</script` nor `<!--` can occur. In JSON a `<` can only be inside
/// a string (it is no structural character, number or literal), where the escape stands for
/// the same character, so the value is unchanged.
fn script_safe(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    for &b in json {
        if b == b'<' {
            out.extend_from_slice(b"\\u003c");
        } else {
            out.push(b);
        }
    }
    out
}

/// A single http(s) address, or nothing: only web pages are published as links.
fn web_link(text: &str) -> Option<&str> {
    as_single_link(text).filter(|u| crate::model::claim::is_web_url(u))
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
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'a str,
    #[serde(rename = "reviewBody", skip_serializing_if = "Option::is_none")]
    review_body: Option<&'a str>,
    #[serde(rename = "reviewRating")]
    review_rating: Rating,
    #[serde(rename = "itemReviewed")]
    item_reviewed: Claim<'a>,
    author: Party<'a>,
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
    name: &'static str,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Party<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    appearance: Option<CreativeWork<'a>>,
    #[serde(rename = "firstAppearance", skip_serializing_if = "Option::is_none")]
    first_appearance: Option<CreativeWork<'a>>,
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

/// A `Person` or an `Organization`.
#[derive(Clone, Serialize)]
struct Party<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
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
    fn script_safe_json_is_the_same_value_without_a_less_than_sign() {
        let value = serde_json::json!({"q": "</script><!-- <b>", "<k>": ["<"]});
        let safe = script_safe(&serde_json::to_vec(&value).unwrap());
        assert!(!safe.contains(&b'<'));
        let back: serde_json::Value = serde_json::from_slice(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_review_date_is_the_calendar_date_of_now() {
        assert_eq!(date_of("2026-11-26T23:30:00-05:00"), "2026-11-26");
        assert_eq!(date_of("2026-11-26"), "2026-11-26");
    }
}
