//! Reading project files: JSON → model, with errors that name the annotation and the field.
//!
//! The JSON is deserialized straight into the model by hand-written visitors rather than via
//! `serde_json::Value` or `#[serde(flatten)]`: that is about as fast as parsing into `Value`,
//! keeps unknown fields without buffering whole objects, and lets every type error say which
//! annotation and field it is about.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::model::project::Records;
use crate::model::{
    Anchor, Annotation, Article, ArticleMetadata, ArticleState, ArticleText, Conflict,
    DismissedSuggestion, Kind, Location, Problem, Project, RepairItem, Revision, timestamp,
};

use super::convert::{
    FieldError, Hollow, ReadAnnotation, StrictValue, annotation_from_owned, take_offset,
    take_string,
};
use super::{
    CONFLICT_FIELDS, FORMAT, FORMAT_VERSION, LOCATION_FIELDS, OLDEST_FORMAT_VERSION, ParseError,
    Repairable, TextChanged,
};

/// Parse and validate a project file's bytes.
pub fn parse_project(bytes: &[u8]) -> Result<Project, ParseError> {
    // Editors on Windows like to add a UTF-8 BOM; it is not JSON, but it is harmless.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    let stop = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = ProjectSeed { stop: &stop }
        .deserialize(&mut deserializer)
        .and_then(|p| deserializer.end().map(|()| p));
    let raw = match parsed {
        Ok(raw) => raw,
        Err(err) => {
            if let Some(early) = stop.into_inner() {
                return Err(early);
            }
            let mut message = strip_position(&err.to_string());
            // UTF-16 (a BOM, or NULs between ASCII letters) is what Windows tools often
            // write when "Unicode" is chosen; say so rather than leave a riddle.
            let utf16 = bytes.starts_with(b"\xFF\xFE")
                || bytes.starts_with(b"\xFE\xFF")
                || bytes.iter().take(64).filter(|&&b| b == 0).count() >= 8;
            if utf16 {
                message.push_str(
                    " (the file looks like UTF-16; project files are UTF-8 — save it as UTF-8)",
                );
            }
            return Err(ParseError::Json {
                message,
                line: err.line(),
                column: err.column(),
            });
        }
    };
    raw.into_project()
}

/// serde_json appends " at line L column C"; the error keeps them as numbers instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

struct RawProject {
    created: Option<String>,
    modified: Option<String>,
    article: Article,
    text_sha256: Option<String>,
    revisions: Vec<Revision>,
    /// Each annotation's JSON as written: what is set aside if it breaks a rule.
    annotations: Vec<Value>,
    needs_review: Vec<Value>,
    needs_repair: Vec<Value>,
    dismissed: Vec<DismissedSuggestion>,
    conflicts: Vec<Conflict>,
    extra: Map<String, Value>,
}

/// Which list of the file an annotation goes in (its value indexes the lists).
#[derive(Clone, Copy, PartialEq)]
enum List {
    Annotations = 0,
    NeedsReview = 1,
}

/// What is kept of a read annotation in case it breaks a model rule: its place in the file
/// and its JSON as written, less the long strings the annotation itself holds (copying them
/// made loading twice as slow).
struct Kept {
    order: usize,
    raw: Hollow,
}

impl RawProject {
    fn into_project(self) -> Result<Project, ParseError> {
        let mut problems = Vec::new();
        let now = timestamp::now();
        let created = self.created.unwrap_or_else(|| now.clone());
        let modified = self.modified.unwrap_or_else(|| created.clone());
        for (field, value) in [("created", &created), ("modified", &modified)] {
            if !timestamp::is_rfc3339(value) {
                problems.push(Problem::project(
                    field,
                    format!("{value:?} is not an RFC 3339 date-time"),
                ));
            }
        }

        // Read every annotation; one that cannot be read is set aside with all its problems.
        // Those set aside when the file was last saved are tried again: a hand repair in the
        // file brings them back. Each read annotation keeps its JSON as written (`Kept`), to
        // be set aside whole if it breaks a model rule.
        let mut lists: [(Vec<Annotation>, Vec<Kept>); 2] = Default::default();
        let mut repairs = Vec::new();
        // Per item of `repairs`: its place in the file.
        let mut repair_order = Vec::new();
        let mut found = Vec::new();
        // Ids of those the file kept for repair, tried again now.
        let mut kept_for_repair = std::collections::HashSet::new();
        let with_times = |read: ReadAnnotation| {
            let mut a = read.annotation;
            if !read.created_given {
                a.created = created.clone();
            }
            if !read.modified_given {
                a.modified = a.created.clone();
            }
            a
        };
        let sources = [
            (Some(List::Annotations), "annotation", self.annotations),
            (
                Some(List::NeedsReview),
                "needs-review annotation",
                self.needs_review,
            ),
            (None, "needs-repair annotation", self.needs_repair),
        ];
        let mut order = 0;
        for (list, name, values) in sources {
            for (i, raw) in values.into_iter().enumerate() {
                order += 1;
                match annotation_from_owned(raw, name, i + 1) {
                    Ok((read, raw)) => {
                        let list = list.unwrap_or_else(|| {
                            kept_for_repair.insert(read.annotation.id.clone());
                            match read.annotation.anchor_status() {
                                Some(crate::model::AnchorStatus::NeedsReview) => List::NeedsReview,
                                _ => List::Annotations,
                            }
                        });
                        let (annotations, kept) = &mut lists[list as usize];
                        annotations.push(with_times(read));
                        kept.push(Kept { order, raw });
                    }
                    Err((wrong, raw)) => {
                        if list.is_some() {
                            found.extend(wrong.iter().cloned());
                        }
                        repair_order.push(order);
                        repairs.push(RepairItem {
                            raw,
                            problems: wrong,
                        });
                    }
                }
            }
        }
        let [(annotations, mut kept_a), (needs_review, mut kept_r)] = lists;
        let mut current = ArticleState {
            article: self.article,
            revisions: self.revisions,
            annotations,
            needs_review,
            dismissed: self.dismissed,
        };

        // A hash that is no hash tells nothing about the text: report it, check the rest.
        let expected = self.text_sha256.filter(|sha| {
            let well_formed = sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit());
            if !well_formed {
                problems.push(Problem::project(
                    "article.text_sha256",
                    format!("{sha:?} is not a SHA-256 (64 hexadecimal digits)"),
                ));
            }
            well_formed
        });
        if let Some(expected) = expected {
            let actual = current.article.text_sha256();
            if !expected.eq_ignore_ascii_case(&actual) {
                problems.extend(found);
                let records = Records {
                    conflicts: self.conflicts,
                    needs_repair: repairs,
                };
                return Err(text_changed(
                    (created, modified),
                    current,
                    records,
                    self.extra,
                    expected,
                    actual,
                    problems,
                ));
            }
        }

        // Set aside the annotations that break a model rule, until the rest holds. Setting
        // one aside cannot break another (links to annotations set aside as claims stay
        // valid), so this settles at once; the bound is only a guard.
        for _ in 0..4 {
            let wrong = crate::model::validate::check_state_with_repairs(&current, &repairs);
            if wrong.is_empty() {
                break;
            }
            let bad_ids: std::collections::HashSet<String> =
                wrong.iter().filter_map(|p| p.annotation.clone()).collect();
            let project_level = wrong.iter().any(|p| p.annotation.is_none());
            if project_level || bad_ids.is_empty() {
                problems.extend(found);
                problems.extend(wrong);
                return Err(ParseError::Invalid(problems));
            }
            for (annotations, kept) in [
                (&mut current.annotations, &mut kept_a),
                (&mut current.needs_review, &mut kept_r),
            ] {
                let mut still = Vec::with_capacity(annotations.len());
                let mut still_kept = Vec::with_capacity(kept.len());
                for (a, k) in std::mem::take(annotations)
                    .into_iter()
                    .zip(std::mem::take(kept))
                {
                    if bad_ids.contains(&a.id) {
                        let mine: Vec<Problem> = wrong
                            .iter()
                            .filter(|p| p.annotation.as_deref() == Some(a.id.as_str()))
                            .cloned()
                            .collect();
                        repair_order.push(k.order);
                        repairs.push(RepairItem {
                            raw: k.raw.refill(&a),
                            problems: mine,
                        });
                    } else {
                        still.push(a);
                        still_kept.push(k);
                    }
                }
                *annotations = still;
                *kept = still_kept;
            }
            // What the file already kept for repair and still fails is not news.
            found.extend(wrong.into_iter().filter(|p| {
                !p.annotation
                    .as_ref()
                    .is_some_and(|id| kept_for_repair.contains(id))
            }));
        }
        let mut ordered: Vec<(usize, RepairItem)> = repair_order.into_iter().zip(repairs).collect();
        ordered.sort_by_key(|(order, _)| *order);
        let records = Records {
            conflicts: self.conflicts,
            needs_repair: ordered.into_iter().map(|(_, item)| item).collect(),
        };
        // Checked above (every rule holds for `current` with these repairs).
        let project =
            Project::from_checked_records(created, modified, current, records, self.extra);
        if !problems.is_empty() {
            problems.extend(found);
            return Err(ParseError::Invalid(problems));
        }
        if found.is_empty() {
            Ok(project)
        } else {
            Err(ParseError::Repairable(Box::new(Repairable::new(
                found, project,
            ))))
        }
    }
}

/// The text no longer hashes to `text_sha256`: it was edited outside Factmark. If the
/// project is otherwise sound (every rule that does not need the old text holds), the
/// annotations can be re-anchored to the text as it is; otherwise every problem is
/// reported, the hash first.
fn text_changed(
    (created, modified): (String, String),
    state: ArticleState,
    records: Records,
    extra: Map<String, Value>,
    expected: String,
    actual: String,
    mut problems: Vec<Problem>,
) -> ParseError {
    // The annotations' offsets refer to the unknown old text: check them as annotations
    // needing review against it (their quotes' lengths only).
    let mut unplaced = state.clone();
    for mut a in std::mem::take(&mut unplaced.annotations) {
        a.anchor = Some(Anchor::needs_review(expected.to_ascii_lowercase()));
        unplaced.needs_review.push(a);
    }
    problems.extend(crate::model::validate::check_state_with_repairs(
        &unplaced,
        &records.needs_repair,
    ));
    if problems.is_empty() {
        return ParseError::TextChanged(Box::new(TextChanged {
            expected_sha256: expected.to_ascii_lowercase(),
            actual_sha256: actual,
            created,
            modified,
            state,
            records,
            extra,
        }));
    }
    problems.insert(
        0,
        Problem::project(
            "article.text_sha256",
            format!(
                "does not match the article text (the file says {expected}, the text hashes to {actual}): \
                 the text was changed after the project was saved"
            ),
        ),
    );
    ParseError::Invalid(problems)
}

/// Carries a place to report "this is not a project we can read" distinctly from JSON errors.
struct ProjectSeed<'a> {
    stop: &'a RefCell<Option<ParseError>>,
}

impl<'de> DeserializeSeed<'de> for ProjectSeed<'_> {
    type Value = RawProject;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawProject, D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// Reports an early stop through the seed and aborts deserialization.
fn stop<E: de::Error, T>(cell: &RefCell<Option<ParseError>>, error: ParseError) -> Result<T, E> {
    let message = error.to_string();
    *cell.borrow_mut() = Some(error);
    Err(E::custom(message))
}

/// Wraps a field's deserialization error with where it happened.
fn in_field<E: de::Error>(context: &dyn fmt::Display, field: &str) -> impl FnOnce(E) -> E {
    move |e| E::custom(format_args!("{context}, field `{field}`: {e}"))
}

/// Fails on a key seen twice in one object: JSON allows it, but one value would be lost.
fn first_time<E: de::Error>(
    seen: &mut Vec<String>,
    key: &str,
    context: &dyn fmt::Display,
) -> Result<(), E> {
    if seen.iter().any(|k| k == key) {
        return Err(E::custom(format_args!(
            "{context}: field `{key}` appears twice"
        )));
    }
    seen.push(key.to_string());
    Ok(())
}

/// A JSON object key, borrowed from the input when possible (no allocation per key).
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(v.into()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(v.to_string().into()))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl<'de> Visitor<'de> for ProjectSeed<'_> {
    type Value = RawProject;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Factmark project (a JSON object with \"format\": \"factmark-project\")")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawProject, A::Error> {
        let context = "the project";
        let mut seen = Vec::new();
        let mut format = None;
        let mut version = None;
        let mut version_problem = None;
        let mut created = None;
        let mut modified = None;
        let mut article = None;
        let mut annotations = None;
        let mut needs_review = None;
        let mut needs_repair = Vec::new();
        let mut dismissed = Vec::new();
        let mut conflicts = Vec::new();
        let mut extra = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            first_time(&mut seen, &key, &context)?;
            match &*key {
                "format" => {
                    let value: Value = map.next_value()?;
                    if value.as_str() != Some(FORMAT) {
                        return stop(self.stop, ParseError::NotAProject(Some(value.to_string())));
                    }
                    format = Some(());
                    if let Some(problem) = version_problem.take() {
                        return stop(self.stop, problem);
                    }
                }
                "version" => {
                    let value: Value = map.next_value()?;
                    let problem = match value.as_u64() {
                        Some(v) if (OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&v) => {
                            version = Some(v);
                            None
                        }
                        Some(v) if v > FORMAT_VERSION => Some(ParseError::NewerVersion(v)),
                        _ => Some(ParseError::BadVersion(value.to_string())),
                    };
                    // Until `format` says this is a project, a strange version may just mean
                    // some other JSON file (a package.json has a "version" too).
                    match problem {
                        Some(problem) if format.is_some() => return stop(self.stop, problem),
                        Some(problem) => version_problem = Some(problem),
                        None => {}
                    }
                }
                // Rewritten on every save, so its old value does not matter.
                "generator" => {
                    map.next_value::<IgnoredAny>()?;
                }
                "created" => created = map.next_value().map_err(in_field(&context, "created"))?,
                "modified" => {
                    modified = map.next_value().map_err(in_field(&context, "modified"))?
                }
                "article" => article = Some(map.next_value_seed(ArticleSeed)?),
                "annotations" => {
                    annotations = Some(map.next_value_seed(ValuesSeed { what: "annotation" })?)
                }
                "needs_review" => {
                    needs_review = Some(map.next_value_seed(ValuesSeed {
                        what: "needs-review annotation",
                    })?)
                }
                "needs_repair" => {
                    needs_repair = map.next_value_seed(ValuesSeed {
                        what: "needs-repair annotation",
                    })?
                }
                "dismissed_suggestions" => {
                    let values = map.next_value_seed(ValuesSeed {
                        what: "dismissed suggestion",
                    })?;
                    dismissed = list_of(values, "dismissed_suggestions", dismissed_from_json)?;
                }
                "conflicts" => {
                    let values = map.next_value_seed(ValuesSeed { what: "conflict" })?;
                    conflicts = list_of(values, "conflicts", conflict_from_json)?;
                }
                _ => {
                    let value = map.next_value().map_err(in_field(&context, &key))?;
                    extra.insert(key.into_owned(), value);
                }
            }
        }
        if format.is_none() {
            return stop(self.stop, ParseError::NotAProject(None));
        }
        if version.is_none() {
            return Err(de::Error::custom("the project has no `version` field"));
        }
        let Some((article, text_sha256, revisions)) = article else {
            return Err(de::Error::custom("the project has no `article` field"));
        };
        Ok(RawProject {
            created,
            modified,
            article,
            text_sha256,
            revisions,
            annotations: annotations.unwrap_or_default(),
            needs_review: needs_review.unwrap_or_default(),
            needs_repair,
            dismissed,
            conflicts,
            extra,
        })
    }
}

struct ArticleSeed;

impl<'de> DeserializeSeed<'de> for ArticleSeed {
    type Value = (Article, Option<String>, Vec<Revision>);
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ArticleSeed {
    type Value = (Article, Option<String>, Vec<Revision>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an article object with a `text` field")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let context = "the article";
        let mut seen = Vec::new();
        let mut meta = ArticleMetadata::default();
        let mut text: Option<String> = None;
        let mut sha = None;
        let mut revisions = Vec::new();
        let mut locations = Vec::new();
        let mut extra = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            first_time(&mut seen, &key, &context)?;
            let field = in_field(&context, &key);
            match &*key {
                "title" => {
                    meta.title = map
                        .next_value::<Option<String>>()
                        .map_err(field)?
                        .unwrap_or_default()
                }
                "url" => meta.url = map.next_value().map_err(field)?,
                "outlet" => meta.outlet = map.next_value().map_err(field)?,
                "author" => meta.author = map.next_value().map_err(field)?,
                "published" => meta.published = map.next_value().map_err(field)?,
                "retrieved" => meta.retrieved = map.next_value().map_err(field)?,
                "language" => meta.language = map.next_value().map_err(field)?,
                "text" => text = Some(map.next_value().map_err(field)?),
                "text_sha256" => sha = map.next_value().map_err(field)?,
                "revisions" => {
                    let values: Option<Vec<Value>> = map.next_value().map_err(field)?;
                    for (i, value) in values.unwrap_or_default().into_iter().enumerate() {
                        revisions.push(revision_from_json(value).map_err(|(path, m)| {
                            de::Error::custom(format_args!(
                                "the article, field `revisions[{i}]{path}`: {m}"
                            ))
                        })?);
                    }
                }
                "locations" => {
                    let values: Option<Vec<Value>> = map.next_value().map_err(field)?;
                    locations = list_of(
                        values.unwrap_or_default(),
                        "article.locations",
                        location_from_json,
                    )?;
                }
                _ => {
                    let value = map.next_value().map_err(field)?;
                    extra.insert(key.into_owned(), value);
                }
            }
        }
        let Some(text) = text else {
            return Err(de::Error::custom("the article has no `text` field"));
        };
        let article = Article {
            metadata: meta,
            text: ArticleText::new(text),
            locations,
            extra,
        };
        Ok((article, sha, revisions))
    }
}

/// A list of JSON values, each read strictly (a key twice in one object is an error); null
/// is an empty list.
struct ValuesSeed {
    /// What the list holds, for messages.
    what: &'static str,
}

impl<'de> DeserializeSeed<'de> for ValuesSeed {
    type Value = Vec<Value>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValuesSeed {
    type Value = Vec<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of {}", self.what)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(value) = seq
            .next_element_seed(StrictValue)
            .map_err(|e| de::Error::custom(format_args!("{} #{}: {e}", self.what, out.len() + 1)))?
        {
            out.push(value);
        }
        Ok(out)
    }
}

fn at(path: &str, message: impl Into<String>) -> FieldError {
    (path.to_string(), message.into())
}

fn take_u64(map: &mut Map<String, Value>, field: &str) -> Result<Option<u64>, FieldError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value.as_u64().map(Some).ok_or_else(|| {
            at(
                &format!(".{field}"),
                format!("{value} is not a whole number from 0"),
            )
        }),
    }
}

/// One entry of `article.locations`.
fn location_from_json(value: Value) -> Result<Location, FieldError> {
    let Value::Object(mut map) = value else {
        return Err(at("", format!("{value} is not an object")));
    };
    let start =
        take_offset(&mut map, "start")?.ok_or_else(|| at("", "missing required field `start`"))?;
    let end =
        take_offset(&mut map, "end")?.ok_or_else(|| at("", "missing required field `end`"))?;
    let page = match take_u64(&mut map, "page")? {
        None => None,
        Some(page) => Some(
            u32::try_from(page).map_err(|_| at(".page", format!("{page} is too large a page")))?,
        ),
    };
    let time_ms = match (
        take_u64(&mut map, "time_start_ms")?,
        take_u64(&mut map, "time_end_ms")?,
    ) {
        (None, None) => None,
        (Some(start), Some(end)) => Some((start, end)),
        _ => {
            return Err(at(
                "",
                "`time_start_ms` and `time_end_ms` go together (both, or neither)",
            ));
        }
    };
    let speaker = take_string(&mut map, "speaker")?;
    map.retain(|k, _| !LOCATION_FIELDS.contains(&k.as_str()));
    Ok(Location {
        start,
        end,
        page,
        time_ms,
        speaker,
        extra: map,
    })
}

/// One entry of `dismissed_suggestions`.
fn dismissed_from_json(value: Value) -> Result<DismissedSuggestion, FieldError> {
    let Value::Object(mut map) = value else {
        return Err(at("", format!("{value} is not an object")));
    };
    let kind =
        take_string(&mut map, "kind")?.ok_or_else(|| at("", "missing required field `kind`"))?;
    let kind = Kind::parse(&kind).ok_or_else(|| {
        at(
            ".kind",
            format!("unknown kind {kind:?} (expected \"claim\", \"source\" or \"dispute\")"),
        )
    })?;
    let start =
        take_offset(&mut map, "start")?.ok_or_else(|| at("", "missing required field `start`"))?;
    let end =
        take_offset(&mut map, "end")?.ok_or_else(|| at("", "missing required field `end`"))?;
    let quote = take_string(&mut map, "quote")?.unwrap_or_default();
    Ok(DismissedSuggestion {
        kind,
        start,
        end,
        quote,
    })
}

/// One entry of `conflicts`.
fn conflict_from_json(value: Value) -> Result<Conflict, FieldError> {
    let Value::Object(mut map) = value else {
        return Err(at("", format!("{value} is not an object")));
    };
    let annotation = take_string(&mut map, "annotation")?;
    let field =
        take_string(&mut map, "field")?.ok_or_else(|| at("", "missing required field `field`"))?;
    let base = map.remove("base");
    let ours = map.remove("ours").unwrap_or(Value::Null);
    let theirs = map.remove("theirs").unwrap_or(Value::Null);
    map.retain(|k, _| !CONFLICT_FIELDS.contains(&k.as_str()));
    Ok(Conflict {
        annotation,
        field,
        base,
        ours,
        theirs,
        extra: map,
    })
}

/// Reads a list field with `parse` per item, naming the item in errors.
fn list_of<T, E: de::Error>(
    values: Vec<Value>,
    field: &str,
    parse: impl Fn(Value) -> Result<T, FieldError>,
) -> Result<Vec<T>, E> {
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            parse(v).map_err(|(path, m)| E::custom(format_args!("field `{field}[{i}]{path}`: {m}")))
        })
        .collect()
}

/// One entry of `article.revisions`.
fn revision_from_json(value: Value) -> Result<Revision, FieldError> {
    let Value::Object(mut map) = value else {
        return Err(at("", format!("{value} is not an object")));
    };
    let replaced = take_string(&mut map, "replaced")?
        .ok_or_else(|| at("", "missing required field `replaced`"))?;
    let title = take_string(&mut map, "title")?.unwrap_or_default();
    let retrieved = take_string(&mut map, "retrieved")?;
    let sha = take_string(&mut map, "text_sha256")?;
    if !map.contains_key("text") {
        return Err(at(
            "",
            "missing required field `text` (the earlier text, or null)",
        ));
    }
    let text = take_string(&mut map, "text")?.map(|t| std::sync::Arc::new(ArticleText::new(t)));
    let text_sha256 = match (sha, &text) {
        (Some(sha), _) => sha,
        (None, Some(text)) => crate::model::article::sha256_hex(text.as_str().as_bytes()),
        (None, None) => {
            return Err(at("", "`text` is null, so `text_sha256` is required"));
        }
    };
    Ok(Revision {
        replaced,
        title,
        retrieved,
        text_sha256,
        text,
        extra: map,
    })
}
