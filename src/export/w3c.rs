//! W3C Web Annotation: the project as an `AnnotationCollection` (JSON-LD, context
//! `http://www.w3.org/ns/anno.jsonld`) with every annotation on its one embedded page.
//!
//! Each annotation targets the article with two selectors: a `TextQuoteSelector` (`exact`,
//! `prefix`, `suffix`, for re-anchoring) and a `TextPositionSelector` (`start`, `end`,
//! Unicode code points into the article text with `\n` line endings — the same offsets as
//! the project file). An annotation that needs review after an article update has only the
//! quote selector (it has no place in the current text) and a `needs-review` tag. Its
//! bodies carry the kind (`purpose: tagging`), the note
//! (`commenting`), the verdict (`assessing`), the claims a source or dispute bears on
//! (`linking`, pointing at those annotations' ids) and the reference (a URL as a `linking`
//! resource, a citation as a `describing` text).
//!
//! Every annotation has a `motivation`: the purposes of its bodies (`tagging` for the kind,
//! `commenting` for a note, `assessing` for a verdict, `linking` for links…). Free-text bodies
//! (`text/plain`: note, explanation, citations…) and the target carry the article's
//! `language` when it is known (the tags are Factmark's own vocabulary, and get none); the
//! target is `text/plain`. The one page is both the collection's `first` and `last`, and is
//! `partOf` it (described by its id, label and total); a project
//! without annotations has no page at all (a page must have items). A placed annotation's
//! quote selector takes its `prefix` and `suffix` from the current text, so they are there
//! whenever the text has any.
//!
//! The model requires an IRI for the collection, its page and each annotation, and the
//! project has none, so they are `urn:uuid:` names derived (UUID version 8, from SHA-256)
//! from the project's creation time and each annotation's id and creation time: exporting
//! again gives the same ids, and other projects do not collide. The target is the article's
//! URL when it has an http(s) one, else a `urn:uuid:` derived from the text's SHA-256.

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::model::{Annotation, Project};
use crate::project_file::generator;

use super::ExportOptions;
use super::review::as_single_link;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

pub fn render(project: &Project, options: &ExportOptions) -> Vec<u8> {
    let article = project.article();
    let seed = format!("factmark project created {}", project.created);
    let source = article
        .metadata
        .url
        .as_deref()
        .and_then(as_single_link)
        .filter(|url| !url.to_ascii_lowercase().starts_with("mailto:"))
        .map_or_else(
            || uuid_urn(&["factmark article text", &article.text_sha256()]),
            str::to_string,
        );
    let all: Vec<&Annotation> = project.all_annotations().collect();
    let iris: HashMap<&str, String> = all
        .iter()
        .map(|a| {
            let iri = uuid_urn(&[&seed, "annotation", &a.id, &a.created]);
            (a.id.as_str(), iri)
        })
        .collect();
    let placed = project.annotations().len();
    let language = article
        .metadata
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let text = &article.text;
    let items: Vec<WebAnnotation> = all
        .iter()
        .enumerate()
        .map(|(i, a)| (a, i < placed))
        .map(|(a, is_placed)| {
            let body = bodies(a, &iris, is_placed, language);
            let mut motivation: Vec<&'static str> = Vec::new();
            for purpose in body.iter().map(Body::purpose) {
                if !motivation.contains(&purpose) {
                    motivation.push(purpose);
                }
            }
            // Context from the current text for a placed annotation (the stored context
            // may be missing in older or hand-made projects); the stored one otherwise.
            let (prefix, suffix) = if is_placed {
                (
                    text.context_before(a.start, crate::model::annotation::CONTEXT_CHARS),
                    text.context_after(a.end, crate::model::annotation::CONTEXT_CHARS),
                )
            } else {
                (a.prefix.as_str(), a.suffix.as_str())
            };
            (a, is_placed, body, motivation, prefix, suffix)
        })
        .map(
            |(a, is_placed, body, motivation, prefix, suffix)| WebAnnotation {
                id: iris[a.id.as_str()].clone(),
                kind: "Annotation",
                motivation,
                created: &a.created,
                modified: &a.modified,
                creator: a.author.as_deref().map(|name| Agent {
                    kind: "Person",
                    name,
                }),
                body,
                target: Target {
                    source: &source,
                    format: "text/plain",
                    language,
                    selector: [
                        Some(Selector::Quote {
                            kind: "TextQuoteSelector",
                            exact: &a.quote,
                            prefix,
                            suffix,
                        }),
                        is_placed.then_some(Selector::Position {
                            kind: "TextPositionSelector",
                            start: a.start,
                            end: a.end,
                        }),
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                },
            },
        )
        .collect();
    let title = &article.metadata.title;
    let collection_id = uuid_urn(&[&seed, "collection"]);
    let page_id = uuid_urn(&[&seed, "page 1"]);
    let has_items = !items.is_empty();
    let label = if title.trim().is_empty() {
        "Factmark annotations".to_string()
    } else {
        format!("Factmark annotations of \u{201c}{title}\u{201d}")
    };
    let total = all.len();
    let collection = Collection {
        context: CONTEXT,
        id: collection_id.clone(),
        kind: "AnnotationCollection",
        label: label.clone(),
        total,
        generator: Agent {
            kind: "Software",
            name: &generator(),
        },
        generated: &options.now,
        modified: &project.modified,
        first: has_items.then(|| Page {
            id: page_id.clone(),
            kind: "AnnotationPage",
            part_of: PartOf {
                id: collection_id,
                label,
                total,
            },
            start_index: 0,
            items,
        }),
        last: has_items.then_some(page_id),
    };
    let mut out = serde_json::to_vec_pretty(&collection).expect("serializing into memory");
    out.push(b'\n');
    out
}

/// The bodies of one annotation; `iris` maps every annotation id to its IRI.
fn bodies<'l>(
    a: &Annotation,
    iris: &HashMap<&str, String>,
    is_placed: bool,
    language: Option<&'l str>,
) -> Vec<Body<'l>> {
    let mut bodies = vec![Body::Text {
        kind: "TextualBody",
        purpose: "tagging",
        value: a.kind.as_str().to_string(),
        format: None,
        language: None,
    }];
    if !is_placed {
        bodies.push(Body::Text {
            kind: "TextualBody",
            purpose: "tagging",
            value: "needs-review".to_string(),
            format: None,
            language: None,
        });
    }
    if !a.note.trim().is_empty() {
        bodies.push(Body::Text {
            kind: "TextualBody",
            purpose: "commenting",
            value: a.note.clone(),
            format: Some("text/plain"),
            language,
        });
    }
    if let Some(verdict) = a.verdict {
        bodies.push(Body::Text {
            kind: "TextualBody",
            purpose: "assessing",
            value: verdict.as_str().to_string(),
            format: None,
            language: None,
        });
    }
    for iri in a.claims.iter().filter_map(|id| iris.get(id.as_str())) {
        bodies.push(Body::Resource {
            kind: "SpecificResource",
            purpose: "linking",
            source: iri.clone(),
        });
    }
    let text = |purpose: &'static str, value: String| Body::Text {
        kind: "TextualBody",
        purpose,
        value,
        format: Some("text/plain"),
        language,
    };
    let r = &a.record;
    if let Some(claimant) = r.claimant.as_ref().filter(|c| !c.name.trim().is_empty()) {
        bodies.push(text(
            "identifying",
            format!("Claimant: {}", claimant.display()),
        ));
    }
    if let Some(checked) = r.claim_checked.as_deref().filter(|c| !c.trim().is_empty()) {
        bodies.push(text("describing", checked.to_string()));
    }
    if !r.explanation.trim().is_empty() {
        bodies.push(text("assessing", r.explanation.clone()));
    }
    if let Some(first) = &r.first_said {
        let when = first.date.as_deref().unwrap_or("");
        let at = first.url.as_deref().unwrap_or("");
        let said = format!("First said {when} {at}");
        if !when.is_empty() || !at.is_empty() {
            bodies.push(text(
                "describing",
                said.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
        }
    }
    // Each piece of evidence: its page and archived copy as links, and its citation in
    // words (title, publisher, date accessed, quote) so nothing is lost on the way.
    for e in &a.evidence {
        for url in [e.url.as_deref(), e.archive_url.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(as_single_link)
            .filter(|u| crate::model::claim::is_web_url(u))
        {
            bodies.push(Body::Resource {
                kind: "SpecificResource",
                purpose: "linking",
                source: url.to_string(),
            });
        }
        bodies.push(text("describing", format!("Evidence: {}", e.citation())));
    }
    bodies
}

/// `urn:uuid:` with a version 8 UUID made of the first 16 bytes of the SHA-256 of `parts`
/// (each followed by a NUL, so ("ab","c") and ("a","bc") differ).
pub fn uuid_urn(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Uuid::new_v8(bytes).urn().to_string()
}

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    generator: Agent<'a>,
    generated: &'a str,
    modified: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<Page<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<String>,
}

#[derive(Serialize)]
struct Page<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "partOf")]
    part_of: PartOf,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<WebAnnotation<'a>>,
}

/// The collection a page is part of, described (the W3C test suite reads `partOf` as an
/// object).
#[derive(Serialize)]
struct PartOf {
    id: String,
    label: String,
    total: usize,
}

#[derive(Serialize)]
struct WebAnnotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: Vec<&'static str>,
    created: &'a str,
    modified: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Agent<'a>>,
    body: Vec<Body<'a>>,
    target: Target<'a>,
}

#[derive(Serialize)]
struct Agent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Text {
        #[serde(rename = "type")]
        kind: &'static str,
        purpose: &'static str,
        value: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        language: Option<&'a str>,
    },
    Resource {
        #[serde(rename = "type")]
        kind: &'static str,
        purpose: &'static str,
        source: String,
    },
}

impl Body<'_> {
    fn purpose(&self) -> &'static str {
        match self {
            Body::Text { purpose, .. } | Body::Resource { purpose, .. } => purpose,
        }
    }
}

#[derive(Serialize)]
struct Target<'a> {
    source: &'a str,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    selector: Vec<Selector<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Selector<'a> {
    Quote {
        #[serde(rename = "type")]
        kind: &'static str,
        exact: &'a str,
        prefix: &'a str,
        suffix: &'a str,
    },
    Position {
        #[serde(rename = "type")]
        kind: &'static str,
        start: usize,
        end: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_urns_are_stable_version_8_and_distinct() {
        let a = uuid_urn(&["ab", "c"]);
        assert_eq!(a, uuid_urn(&["ab", "c"]));
        assert_ne!(a, uuid_urn(&["a", "bc"]));
        let uuid = a.strip_prefix("urn:uuid:").unwrap();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "8", "{uuid}");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"), "{uuid}");
    }
}
