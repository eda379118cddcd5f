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
    let items = all
        .iter()
        .enumerate()
        .map(|(i, a)| (a, i < placed))
        .map(|(a, is_placed)| WebAnnotation {
            id: iris[a.id.as_str()].clone(),
            kind: "Annotation",
            created: &a.created,
            modified: &a.modified,
            creator: a.author.as_deref().map(|name| Agent {
                kind: "Person",
                name,
            }),
            body: bodies(a, &iris, is_placed),
            target: Target {
                source: &source,
                selector: [
                    Some(Selector::Quote {
                        kind: "TextQuoteSelector",
                        exact: &a.quote,
                        prefix: &a.prefix,
                        suffix: &a.suffix,
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
        })
        .collect();
    let title = &article.metadata.title;
    let collection = Collection {
        context: CONTEXT,
        id: uuid_urn(&[&seed, "collection"]),
        kind: "AnnotationCollection",
        label: if title.trim().is_empty() {
            "Factmark annotations".to_string()
        } else {
            format!("Factmark annotations of \u{201c}{title}\u{201d}")
        },
        total: all.len(),
        generator: Agent {
            kind: "Software",
            name: &generator(),
        },
        generated: &options.now,
        modified: &project.modified,
        first: Page {
            id: uuid_urn(&[&seed, "page 1"]),
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    let mut out = serde_json::to_vec_pretty(&collection).expect("serializing into memory");
    out.push(b'\n');
    out
}

/// The bodies of one annotation; `iris` maps every annotation id to its IRI.
fn bodies(a: &Annotation, iris: &HashMap<&str, String>, is_placed: bool) -> Vec<Body> {
    let mut bodies = vec![Body::Text {
        kind: "TextualBody",
        purpose: "tagging",
        value: a.kind.as_str().to_string(),
        format: None,
    }];
    if !is_placed {
        bodies.push(Body::Text {
            kind: "TextualBody",
            purpose: "tagging",
            value: "needs-review".to_string(),
            format: None,
        });
    }
    if !a.note.trim().is_empty() {
        bodies.push(Body::Text {
            kind: "TextualBody",
            purpose: "commenting",
            value: a.note.clone(),
            format: Some("text/plain"),
        });
    }
    if let Some(verdict) = a.verdict {
        bodies.push(Body::Text {
            kind: "TextualBody",
            purpose: "assessing",
            value: verdict.as_str().to_string(),
            format: None,
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
    first: Page<'a>,
}

#[derive(Serialize)]
struct Page<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<WebAnnotation<'a>>,
}

#[derive(Serialize)]
struct WebAnnotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    created: &'a str,
    modified: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Agent<'a>>,
    body: Vec<Body>,
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
enum Body {
    Text {
        #[serde(rename = "type")]
        kind: &'static str,
        purpose: &'static str,
        value: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<&'static str>,
    },
    Resource {
        #[serde(rename = "type")]
        kind: &'static str,
        purpose: &'static str,
        source: String,
    },
}

#[derive(Serialize)]
struct Target<'a> {
    source: &'a str,
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
