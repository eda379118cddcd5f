//! An annotation's JSON object → the model, field by field. Every problem of every field is
//! reported (not just the first), so an annotation that cannot be read is set aside whole,
//! with all that is wrong with it, and the rest of the project still opens.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::model::{
    Anchor, AnchorStatus, Annotation, ClaimRecord, Claimant, ClaimantKind, FirstSaid, Kind,
    PriorPlace, Problem, Reference, Review, ReviewState, Verdict, Vote,
};

/// An annotation as read, remembering which timestamps the file left out (they default to
/// the project's, which may come later in the file).
pub(crate) struct ReadAnnotation {
    pub annotation: Annotation,
    pub created_given: bool,
    pub modified_given: bool,
}

/// Collects the problems of one annotation, naming it by its place in the file and its id.
struct Problems<'a> {
    list: &'static str,
    number: usize,
    id: Option<&'a str>,
    found: Vec<Problem>,
}

impl Problems<'_> {
    fn push(&mut self, field: &str, message: impl Into<String>) {
        self.found.push(Problem::at_position(
            self.list,
            self.number,
            self.id,
            field,
            message,
        ));
    }
}

/// Read one entry of `annotations` or `needs_review` (`list` names which, for messages;
/// `number` is its 1-based place). `version` is the file's format version.
pub(crate) fn annotation_from_value(
    value: &Value,
    list: &'static str,
    number: usize,
) -> Result<ReadAnnotation, Vec<Problem>> {
    let Some(map) = value.as_object() else {
        return Err(vec![Problem::at_position(
            list,
            number,
            None,
            "",
            format!(
                "expected {list} #{number} to be an object, found {}",
                short(value)
            ),
        )]);
    };
    let id = map.get("id").and_then(Value::as_str);
    let mut p = Problems {
        list,
        number,
        id,
        found: Vec::new(),
    };
    let id = match map.get("id") {
        None => {
            p.push("", "missing required field `id`");
            String::new()
        }
        Some(Value::String(id)) => id.clone(),
        Some(other) => {
            p.push("id", format!("{} is not a string", short(other)));
            String::new()
        }
    };
    let kind = match map.get("kind") {
        None => {
            p.push("", "missing required field `kind`");
            None
        }
        Some(Value::String(name)) => {
            let kind = Kind::parse(name);
            if kind.is_none() {
                p.push(
                    "kind",
                    format!(
                        "unknown kind {name:?} (expected \"claim\", \"source\" or \"dispute\")"
                    ),
                );
            }
            kind
        }
        Some(other) => {
            p.push("kind", format!("{} is not a string", short(other)));
            None
        }
    };
    let mut offset = |field: &str| match map.get(field) {
        None => {
            p.push("", format!("missing required field `{field}`"));
            None
        }
        Some(value) => {
            let offset = value.as_u64().and_then(|v| usize::try_from(v).ok());
            if offset.is_none() {
                p.push(
                    field,
                    format!(
                        "{} is not a code-point offset (a whole number from 0)",
                        short(value)
                    ),
                );
            }
            offset
        }
    };
    let start = offset("start");
    let end = offset("end");
    let quote = match map.get("quote") {
        None => {
            p.push("", "missing required field `quote`");
            None
        }
        Some(Value::String(q)) => Some(q.clone()),
        Some(other) => {
            p.push("quote", format!("{} is not a string", short(other)));
            None
        }
    };
    let prefix = opt_string(map, "prefix", &mut p).unwrap_or_default();
    let suffix = opt_string(map, "suffix", &mut p).unwrap_or_default();
    let note = opt_string(map, "note", &mut p).unwrap_or_default();
    let verdict = verdict_field(map.get("verdict"), "verdict", &mut p);
    let claims = string_list(map, "claims", &mut p);
    let author = opt_string(map, "author", &mut p);
    let created = opt_string(map, "created", &mut p);
    let modified = opt_string(map, "modified", &mut p);
    let anchor = match map.get("anchor") {
        None => None,
        Some(value) => match anchor_from_json(value) {
            Ok(anchor) => anchor,
            Err((path, message)) => {
                p.push(&format!("anchor{path}"), message);
                None
            }
        },
    };
    let mut evidence = evidence_field(map, &mut p);
    // Version 2's one free-text reference leads the evidence list (a hand-edited newer
    // file may still carry one; it is read the same way).
    if let Some(reference) = opt_string(map, "reference", &mut p)
        && let Some(reference) = Reference::from_v2_text(&reference)
        && !evidence.contains(&reference)
    {
        evidence.insert(0, reference);
    }
    let record = record_fields(map, &mut p);
    let mut extra = Map::new();
    for (key, value) in map {
        if !super::ANNOTATION_FIELDS.contains(&key.as_str()) && key != "reference" {
            extra.insert(key.clone(), value.clone());
        }
    }
    let (Some(kind), Some(start), Some(end), Some(quote), true) =
        (kind, start, end, quote, p.found.is_empty())
    else {
        return Err(p.found);
    };
    Ok(ReadAnnotation {
        created_given: created.is_some(),
        modified_given: modified.is_some(),
        annotation: Annotation {
            id,
            kind,
            start,
            end,
            quote,
            prefix,
            suffix,
            note,
            verdict,
            claims,
            record,
            evidence,
            author,
            created: created.unwrap_or_default(),
            modified: modified.unwrap_or_default(),
            anchor,
            extra,
        },
    })
}

/// The strings [`annotation_from_owned`] moves out of an annotation's JSON.
const MOVED: [&str; 4] = ["quote", "prefix", "suffix", "note"];

/// An annotation's JSON with its long strings moved into the annotation: with that
/// annotation it gives back the JSON exactly as written, should the annotation be set aside.
pub(crate) struct Hollow(Value);

impl Hollow {
    pub(crate) fn refill(mut self, a: &Annotation) -> Value {
        if let Some(map) = self.0.as_object_mut() {
            for (key, moved) in MOVED
                .into_iter()
                .zip([&a.quote, &a.prefix, &a.suffix, &a.note])
            {
                if let Some(Value::String(empty)) = map.get_mut(key) {
                    empty.clone_from(moved);
                }
            }
        }
        self.0
    }
}

/// [`annotation_from_value`] taking the value: the long strings (quote, context, note) move
/// into the annotation instead of being copied, which is most of a big file's bytes. On
/// failure the value is given back exactly as it was, to be set aside as written.
pub(crate) fn annotation_from_owned(
    mut value: Value,
    list: &'static str,
    number: usize,
) -> Result<(ReadAnnotation, Hollow), (Vec<Problem>, Value)> {
    let mut taken: [Option<String>; 4] = Default::default();
    if let Some(map) = value.as_object_mut() {
        for (slot, key) in taken.iter_mut().zip(MOVED) {
            if let Some(Value::String(s)) = map.get_mut(key) {
                *slot = Some(std::mem::take(s));
            }
        }
    }
    match annotation_from_value(&value, list, number) {
        Ok(mut read) => {
            let a = &mut read.annotation;
            let [quote, prefix, suffix, note] = taken;
            for (field, moved) in [
                (&mut a.quote, quote),
                (&mut a.prefix, prefix),
                (&mut a.suffix, suffix),
                (&mut a.note, note),
            ] {
                if let Some(moved) = moved {
                    *field = moved;
                }
            }
            Ok((read, Hollow(value)))
        }
        Err(problems) => {
            if let Some(map) = value.as_object_mut() {
                for (slot, key) in taken.into_iter().zip(MOVED) {
                    if let (Some(s), Some(Value::String(empty))) = (slot, map.get_mut(key)) {
                        *empty = s;
                    }
                }
            }
            Err((problems, value))
        }
    }
}

/// An annotation from the JSON object the writer makes of it (see
/// [`super::annotation_to_value`]): merge and conflict resolution work on that form.
pub fn annotation_from_json(value: &Value) -> Result<Annotation, Vec<Problem>> {
    annotation_from_value(value, "annotation", 1).map(|read| read.annotation)
}

/// A JSON value in a message: itself when short, else its type.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 40 {
        return text;
    }
    match value {
        Value::String(_) => "a long string".to_string(),
        Value::Array(a) => format!("an array of {} items", a.len()),
        Value::Object(_) => "an object".to_string(),
        _ => text.chars().take(40).collect::<String>() + "…",
    }
}

fn opt_string(map: &Map<String, Value>, field: &str, p: &mut Problems) -> Option<String> {
    opt_string_at(map.get(field), field, p)
}

fn opt_string_at(value: Option<&Value>, path: &str, p: &mut Problems) -> Option<String> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            p.push(path, format!("{} is not a string or null", short(other)));
            None
        }
    }
}

/// A date field: checked here too, so a bad date is reported with the annotation's other
/// problems instead of only after they are fixed.
fn date_at(value: Option<&Value>, path: &str, p: &mut Problems) -> Option<String> {
    let date = opt_string_at(value, path, p)?;
    if !crate::model::timestamp::is_date_or_rfc3339(&date) {
        p.push(
            path,
            format!("{date:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time"),
        );
    }
    Some(date)
}

fn verdict_field(value: Option<&Value>, path: &str, p: &mut Problems) -> Option<Verdict> {
    let name = opt_string_at(value, path, p)?;
    let verdict = Verdict::parse(&name);
    if verdict.is_none() {
        p.push(
            path,
            format!(
                "unknown verdict {name:?} (expected one of {})",
                Verdict::ALL.map(|v| format!("{:?}", v.as_str())).join(", ")
            ),
        );
    }
    verdict
}

fn string_list(map: &Map<String, Value>, field: &str, p: &mut Problems) -> Vec<String> {
    match map.get(field) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => out.push(s.clone()),
                    other => p.push(
                        &format!("{field}[{i}]"),
                        format!("{} is not an annotation id (a string)", short(other)),
                    ),
                }
            }
            out
        }
        Some(other) => {
            p.push(field, format!("{} is not a list of ids", short(other)));
            Vec::new()
        }
    }
}

fn object_at<'v>(value: &'v Value, path: &str, p: &mut Problems) -> Option<&'v Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        other => {
            p.push(path, format!("{} is not an object", short(other)));
            None
        }
    }
}

/// The fields of `map` not in `known`, kept as they are.
fn unknown(map: &Map<String, Value>, known: &[&str]) -> Map<String, Value> {
    map.iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn evidence_field(map: &Map<String, Value>, p: &mut Problems) -> Vec<Reference> {
    let items = match map.get("evidence") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            p.push("evidence", format!("{} is not a list", short(other)));
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("evidence[{i}]");
        let Some(obj) = object_at(item, &path, p) else {
            continue;
        };
        let field = |name: &str, p: &mut Problems| {
            opt_string_at(obj.get(name), &format!("{path}.{name}"), p)
        };
        out.push(Reference {
            title: field("title", p),
            url: field("url", p),
            publisher: field("publisher", p),
            accessed: date_at(obj.get("accessed"), &format!("{path}.accessed"), p),
            archive_url: field("archive_url", p),
            quote: field("quote", p),
            extra: unknown(obj, &super::REFERENCE_FIELDS),
        });
    }
    out
}

fn record_fields(map: &Map<String, Value>, p: &mut Problems) -> ClaimRecord {
    let claimant = match map.get("claimant") {
        None | Some(Value::Null) => None,
        Some(value) => object_at(value, "claimant", p).map(|obj| Claimant {
            name: match obj.get("name") {
                Some(Value::String(name)) => name.clone(),
                Some(other) => {
                    p.push("claimant.name", format!("{} is not a string", short(other)));
                    String::new()
                }
                None => {
                    p.push("claimant", "missing required field `name`");
                    String::new()
                }
            },
            role: opt_string_at(obj.get("role"), "claimant.role", p),
            kind: match opt_string_at(obj.get("type"), "claimant.type", p) {
                None => ClaimantKind::Person,
                Some(name) => ClaimantKind::parse(&name).unwrap_or_else(|| {
                    p.push(
                        "claimant.type",
                        format!("unknown type {name:?} (expected \"person\" or \"organization\")"),
                    );
                    ClaimantKind::Person
                }),
            },
            extra: unknown(obj, &super::CLAIMANT_FIELDS),
        }),
    };
    let first_said = match map.get("first_said") {
        None | Some(Value::Null) => None,
        Some(value) => object_at(value, "first_said", p).map(|obj| FirstSaid {
            date: date_at(obj.get("date"), "first_said.date", p),
            url: opt_string_at(obj.get("url"), "first_said.url", p),
            extra: unknown(obj, &super::FIRST_SAID_FIELDS),
        }),
    };
    let review = match map.get("review") {
        None | Some(Value::Null) => Review::default(),
        Some(value) => match object_at(value, "review", p) {
            None => Review::default(),
            Some(obj) => review_from(obj, p),
        },
    };
    ClaimRecord {
        claimant,
        claim_checked: opt_string(map, "claim_checked", p),
        first_said,
        explanation: opt_string(map, "explanation", p).unwrap_or_default(),
        review_url: opt_string(map, "review_url", p),
        review,
    }
}

fn review_from(obj: &Map<String, Value>, p: &mut Problems) -> Review {
    let state = match opt_string_at(obj.get("state"), "review.state", p) {
        None => ReviewState::Draft,
        Some(name) => ReviewState::parse(&name).unwrap_or_else(|| {
            p.push(
                "review.state",
                format!(
                    "unknown state {name:?} (expected one of {})",
                    ReviewState::ALL
                        .map(|s| format!("{:?}", s.as_str()))
                        .join(", ")
                ),
            );
            ReviewState::Draft
        }),
    };
    let mut votes = Vec::new();
    match obj.get("votes") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let path = format!("review.votes[{i}]");
                let Some(v) = object_at(item, &path, p) else {
                    continue;
                };
                let reviewer = opt_string_at(v.get("reviewer"), &format!("{path}.reviewer"), p);
                let time = opt_string_at(v.get("time"), &format!("{path}.time"), p);
                votes.push(Vote {
                    reviewer: reviewer.unwrap_or_default(),
                    verdict: verdict_field(v.get("verdict"), &format!("{path}.verdict"), p),
                    comment: opt_string_at(v.get("comment"), &format!("{path}.comment"), p)
                        .unwrap_or_default(),
                    time: time.unwrap_or_default(),
                    extra: unknown(v, &super::VOTE_FIELDS),
                });
            }
        }
        Some(other) => p.push("review.votes", format!("{} is not a list", short(other))),
    }
    Review {
        state,
        votes,
        extra: unknown(obj, &super::REVIEW_FIELDS),
    }
}

/// What is wrong inside an object-valued field: the path below it (".status", "" for the
/// object itself) and the message.
pub(crate) type FieldError = (String, String);

pub(crate) fn at(path: &str, message: impl Into<String>) -> FieldError {
    (path.to_string(), message.into())
}

/// An object's field as a string (`None` when absent or null).
pub(crate) fn take_string(
    map: &mut Map<String, Value>,
    field: &str,
) -> Result<Option<String>, FieldError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(at(&format!(".{field}"), format!("{other} is not a string"))),
    }
}

pub(crate) fn take_offset(
    map: &mut Map<String, Value>,
    field: &str,
) -> Result<Option<usize>, FieldError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_u64()
            .and_then(|v| usize::try_from(v).ok())
            .map(Some)
            .ok_or_else(|| {
                at(
                    &format!(".{field}"),
                    format!("{value} is not a code-point offset (a whole number from 0)"),
                )
            }),
    }
}

/// `{"status": "moved", "text_sha256": "…", "start": 3, "end": 9, "quote": "…"}`, or
/// `{"status": "needs-review", "text_sha256": "…"}`, or null.
fn anchor_from_json(value: &Value) -> Result<Option<Anchor>, FieldError> {
    let mut map = match value {
        Value::Null => return Ok(None),
        Value::Object(map) => map.clone(),
        other => return Err(at("", format!("{other} is not an object or null"))),
    };
    let status = take_string(&mut map, "status")?
        .ok_or_else(|| at("", "missing required field `status`"))?;
    let status = AnchorStatus::parse(&status).ok_or_else(|| {
        at(
            ".status",
            format!(
                "unknown status {status:?} (expected \"moved\", \"changed\" or \"needs-review\")"
            ),
        )
    })?;
    let text_sha256 = take_string(&mut map, "text_sha256")?
        .ok_or_else(|| at("", "missing required field `text_sha256`"))?;
    let start = take_offset(&mut map, "start")?;
    let end = take_offset(&mut map, "end")?;
    let quote = take_string(&mut map, "quote")?;
    let was = match (start, end, quote) {
        (None, None, None) => None,
        (Some(start), Some(end), Some(quote)) => Some(PriorPlace { start, end, quote }),
        _ => {
            return Err(at(
                "",
                "`start`, `end` and `quote` go together (all three, or none)",
            ));
        }
    };
    Ok(Some(Anchor {
        status,
        text_sha256,
        was,
        extra: map,
    }))
}

/// Deserializes any JSON value like `serde_json::Value` does, but refuses an object that
/// names a key twice (JSON allows it; one of the values would be silently lost).
pub(crate) struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "field `{key}` appears twice"
                )));
            }
            let value = map.next_value_seed(StrictValue)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}
