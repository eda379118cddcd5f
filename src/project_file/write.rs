//! Writing project files: keys in a fixed order, annotations in text order, unknown fields
//! after the known ones, two-space indentation, a final newline.

use std::path::Path;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use crate::atomic_file::{WriteError, write_atomically};
use crate::model::{
    Anchor, Annotation, Article, ClaimRecord, Claimant, Conflict, DismissedSuggestion, FirstSaid,
    Kind, Location, Project, Reference, Review, Revision, Vote,
};

use super::{
    ANCHOR_FIELDS, ANNOTATION_FIELDS, ARTICLE_FIELDS, CLAIMANT_FIELDS, CONFLICT_FIELDS,
    FIRST_SAID_FIELDS, FORMAT, FORMAT_VERSION, LOCATION_FIELDS, PROJECT_FIELDS, REFERENCE_FIELDS,
    REVIEW_FIELDS, REVISION_FIELDS, VOTE_FIELDS,
};

/// The `generator` value written into every file.
pub fn generator() -> String {
    format!("factmark {}", env!("CARGO_PKG_VERSION"))
}

/// The project as the bytes of a project file.
pub fn project_to_json(project: &Project) -> Vec<u8> {
    // Pre-size for the text (the bulk of most files) plus some room per annotation.
    let history: usize = project
        .revisions()
        .iter()
        .filter_map(|r| r.text.as_deref())
        .map(|t| t.len_bytes())
        .sum();
    let capacity = (project.article().text.len_bytes() + history) * 11 / 10
        + (project.annotations().len() + project.needs_review().len()) * 600;
    let mut out = Vec::with_capacity(capacity);
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut out,
        serde_json::ser::PrettyFormatter::with_indent(b"  "),
    );
    ProjectOut(project)
        .serialize(&mut serializer)
        .expect("serializing into memory cannot fail: all keys are strings");
    out.push(b'\n');
    out
}

/// Save the project to `path` atomically, keeping the previous file as `NAME.bak`.
pub fn save_project(project: &Project, path: &Path) -> Result<(), WriteError> {
    write_atomically(path, &project_to_json(project), true)
}

struct ProjectOut<'a>(&'a Project);

impl Serialize for ProjectOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("format", FORMAT)?;
        map.serialize_entry("version", &FORMAT_VERSION)?;
        map.serialize_entry("generator", &generator())?;
        map.serialize_entry("created", &p.created)?;
        map.serialize_entry("modified", &p.modified)?;
        map.serialize_entry("article", &ArticleOut(p.article(), p.revisions()))?;
        map.serialize_entry("annotations", &AnnotationsOut(p.annotations()))?;
        map.serialize_entry("needs_review", &AnnotationsOut(p.needs_review()))?;
        // The newer lists are written only when they hold something: most projects have
        // none, and a file without them reads the same.
        if !p.dismissed_suggestions().is_empty() {
            map.serialize_entry(
                "dismissed_suggestions",
                &Each(p.dismissed_suggestions(), DismissedOut),
            )?;
        }
        if !p.conflicts().is_empty() {
            map.serialize_entry("conflicts", &Each(p.conflicts(), ConflictOut))?;
        }
        if !p.needs_repair().is_empty() {
            // Exactly as read: nothing of an annotation being repaired is changed.
            let raw: Vec<&Value> = p.needs_repair().iter().map(|r| &r.raw).collect();
            map.serialize_entry("needs_repair", &raw)?;
        }
        extra_entries(&mut map, &p.extra, &PROJECT_FIELDS)?;
        map.end()
    }
}

struct ArticleOut<'a>(&'a Article, &'a [Revision]);

impl Serialize for ArticleOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let m = &a.metadata;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("title", &m.title)?;
        map.serialize_entry("url", &m.url)?;
        map.serialize_entry("outlet", &m.outlet)?;
        map.serialize_entry("author", &m.author)?;
        map.serialize_entry("published", &m.published)?;
        map.serialize_entry("retrieved", &m.retrieved)?;
        map.serialize_entry("language", &m.language)?;
        map.serialize_entry("text", a.text.as_str())?;
        map.serialize_entry("text_sha256", &a.text_sha256())?;
        map.serialize_entry("revisions", &RevisionsOut(self.1))?;
        if !a.locations.is_empty() {
            map.serialize_entry("locations", &Each(&a.locations, LocationOut))?;
        }
        extra_entries(&mut map, &a.extra, &ARTICLE_FIELDS)?;
        map.end()
    }
}

struct AnnotationsOut<'a>(&'a [Annotation]);

impl Serialize for AnnotationsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for a in self.0 {
            seq.serialize_element(&AnnotationOut(a))?;
        }
        seq.end()
    }
}

struct AnnotationOut<'a>(&'a Annotation);

impl Serialize for AnnotationOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &a.id)?;
        map.serialize_entry("kind", a.kind.as_str())?;
        map.serialize_entry("start", &a.start)?;
        map.serialize_entry("end", &a.end)?;
        map.serialize_entry("quote", &a.quote)?;
        map.serialize_entry("prefix", &a.prefix)?;
        map.serialize_entry("suffix", &a.suffix)?;
        map.serialize_entry("note", &a.note)?;
        map.serialize_entry("verdict", &a.verdict.map(|v| v.as_str()))?;
        if a.kind == Kind::Claim {
            record_entries(&mut map, &a.record)?;
        }
        map.serialize_entry("claims", &a.claims)?;
        map.serialize_entry("evidence", &Each(&a.evidence, ReferenceOut))?;
        map.serialize_entry("author", &a.author)?;
        map.serialize_entry("created", &a.created)?;
        map.serialize_entry("modified", &a.modified)?;
        map.serialize_entry("anchor", &a.anchor.as_ref().map(AnchorOut))?;
        extra_entries(&mut map, &a.extra, &ANNOTATION_FIELDS)?;
        map.end()
    }
}

/// The annotation as the JSON object a project file holds (merging and conflict records
/// work on this form).
pub fn annotation_to_value(a: &Annotation) -> Value {
    serde_json::to_value(AnnotationOut(a)).expect("an annotation is plain JSON")
}

/// The claim record's fields, in the order they are written.
fn record_entries<M: SerializeMap>(map: &mut M, r: &ClaimRecord) -> Result<(), M::Error> {
    map.serialize_entry("claimant", &r.claimant.as_ref().map(ClaimantOut))?;
    map.serialize_entry("claim_checked", &r.claim_checked)?;
    map.serialize_entry("first_said", &r.first_said.as_ref().map(FirstSaidOut))?;
    map.serialize_entry("explanation", &r.explanation)?;
    map.serialize_entry("review_url", &r.review_url)?;
    if !r.review.is_default() {
        map.serialize_entry("review", &ReviewOut(&r.review))?;
    }
    Ok(())
}

/// A list written item by item with `F`, a borrowing wrapper.
struct Each<'a, T, F>(&'a [T], F);

impl<'a, T, W: Serialize, F: Fn(&'a T) -> W> Serialize for Each<'a, T, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&(self.1)(item))?;
        }
        seq.end()
    }
}

struct ClaimantOut<'a>(&'a Claimant);

impl Serialize for ClaimantOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("name", &c.name)?;
        map.serialize_entry("role", &c.role)?;
        map.serialize_entry("type", c.kind.as_str())?;
        extra_entries(&mut map, &c.extra, &CLAIMANT_FIELDS)?;
        map.end()
    }
}

struct FirstSaidOut<'a>(&'a FirstSaid);

impl Serialize for FirstSaidOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("date", &f.date)?;
        map.serialize_entry("url", &f.url)?;
        extra_entries(&mut map, &f.extra, &FIRST_SAID_FIELDS)?;
        map.end()
    }
}

struct ReviewOut<'a>(&'a Review);

impl Serialize for ReviewOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("state", r.state.as_str())?;
        map.serialize_entry("votes", &Each(&r.votes, VoteOut))?;
        extra_entries(&mut map, &r.extra, &REVIEW_FIELDS)?;
        map.end()
    }
}

struct VoteOut<'a>(&'a Vote);

impl Serialize for VoteOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("reviewer", &v.reviewer)?;
        map.serialize_entry("verdict", &v.verdict.map(|v| v.as_str()))?;
        map.serialize_entry("comment", &v.comment)?;
        map.serialize_entry("time", &v.time)?;
        extra_entries(&mut map, &v.extra, &VOTE_FIELDS)?;
        map.end()
    }
}

struct ReferenceOut<'a>(&'a Reference);

impl Serialize for ReferenceOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("title", &r.title)?;
        map.serialize_entry("url", &r.url)?;
        map.serialize_entry("publisher", &r.publisher)?;
        map.serialize_entry("accessed", &r.accessed)?;
        map.serialize_entry("archive_url", &r.archive_url)?;
        map.serialize_entry("quote", &r.quote)?;
        extra_entries(&mut map, &r.extra, &REFERENCE_FIELDS)?;
        map.end()
    }
}

struct LocationOut<'a>(&'a Location);

impl Serialize for LocationOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("start", &l.start)?;
        map.serialize_entry("end", &l.end)?;
        if let Some(page) = l.page {
            map.serialize_entry("page", &page)?;
        }
        if let Some((start, end)) = l.time_ms {
            map.serialize_entry("time_start_ms", &start)?;
            map.serialize_entry("time_end_ms", &end)?;
        }
        if let Some(speaker) = &l.speaker {
            map.serialize_entry("speaker", speaker)?;
        }
        extra_entries(&mut map, &l.extra, &LOCATION_FIELDS)?;
        map.end()
    }
}

struct DismissedOut<'a>(&'a DismissedSuggestion);

impl Serialize for DismissedOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("kind", d.kind.as_str())?;
        map.serialize_entry("start", &d.start)?;
        map.serialize_entry("end", &d.end)?;
        map.serialize_entry("quote", &d.quote)?;
        map.end()
    }
}

struct ConflictOut<'a>(&'a Conflict);

impl Serialize for ConflictOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("annotation", &c.annotation)?;
        map.serialize_entry("field", &c.field)?;
        if let Some(base) = &c.base {
            map.serialize_entry("base", base)?;
        }
        map.serialize_entry("ours", &c.ours)?;
        map.serialize_entry("theirs", &c.theirs)?;
        extra_entries(&mut map, &c.extra, &CONFLICT_FIELDS)?;
        map.end()
    }
}

struct RevisionsOut<'a>(&'a [Revision]);

impl Serialize for RevisionsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for r in self.0 {
            seq.serialize_element(&RevisionOut(r))?;
        }
        seq.end()
    }
}

/// The text goes last: it is long, and the short fields are easier to read above it.
struct RevisionOut<'a>(&'a Revision);

impl Serialize for RevisionOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("replaced", &r.replaced)?;
        map.serialize_entry("title", &r.title)?;
        map.serialize_entry("retrieved", &r.retrieved)?;
        map.serialize_entry("text_sha256", &r.text_sha256.to_ascii_lowercase())?;
        map.serialize_entry("text", &r.text.as_ref().map(|t| t.as_str()))?;
        extra_entries(&mut map, &r.extra, &REVISION_FIELDS)?;
        map.end()
    }
}

struct AnchorOut<'a>(&'a Anchor);

impl Serialize for AnchorOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("status", a.status.as_str())?;
        map.serialize_entry("text_sha256", &a.text_sha256.to_ascii_lowercase())?;
        if let Some(was) = &a.was {
            map.serialize_entry("start", &was.start)?;
            map.serialize_entry("end", &was.end)?;
            map.serialize_entry("quote", &was.quote)?;
        }
        extra_entries(&mut map, &a.extra, &ANCHOR_FIELDS)?;
        map.end()
    }
}

/// Unknown fields go after the known ones, in sorted order (serde_json's map is a BTreeMap).
/// A key that collides with a known field is skipped: the known value wins.
fn extra_entries<M: SerializeMap>(
    map: &mut M,
    extra: &Map<String, Value>,
    known: &[&str],
) -> Result<(), M::Error> {
    for (key, value) in extra {
        if !known.contains(&key.as_str()) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}
