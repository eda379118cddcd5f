//! Writing project files: keys in a fixed order, annotations in text order, unknown fields
//! after the known ones, two-space indentation, a final newline.

use std::path::Path;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use crate::atomic_file::{WriteError, write_atomically};
use crate::model::{Anchor, Annotation, Article, Project, Revision};

use super::{
    ANCHOR_FIELDS, ANNOTATION_FIELDS, ARTICLE_FIELDS, FORMAT, FORMAT_VERSION, PROJECT_FIELDS,
    REVISION_FIELDS,
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
        map.serialize_entry("claims", &a.claims)?;
        map.serialize_entry("reference", &a.reference)?;
        map.serialize_entry("author", &a.author)?;
        map.serialize_entry("created", &a.created)?;
        map.serialize_entry("modified", &a.modified)?;
        map.serialize_entry("anchor", &a.anchor.as_ref().map(AnchorOut))?;
        extra_entries(&mut map, &a.extra, &ANNOTATION_FIELDS)?;
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
