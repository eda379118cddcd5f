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

use crate::model::{
    Anchor, AnchorStatus, Annotation, Article, ArticleMetadata, ArticleState, ArticleText, Kind,
    PriorPlace, Problem, Project, Revision, Verdict, timestamp,
};

use super::{
    ANNOTATION_FIELDS, FORMAT, FORMAT_VERSION, OLDEST_FORMAT_VERSION, ParseError, TextChanged,
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
    annotations: Vec<RawAnnotation>,
    needs_review: Vec<RawAnnotation>,
    extra: Map<String, Value>,
}

/// An annotation as read, remembering which timestamps the file left out (they default to
/// the project's, which may come later in the file).
struct RawAnnotation {
    annotation: Annotation,
    created_given: bool,
    modified_given: bool,
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
        let expected = self.text_sha256.clone();
        let with_times = |raw: RawAnnotation| {
            let mut a = raw.annotation;
            if !raw.created_given {
                a.created = created.clone();
            }
            if !raw.modified_given {
                a.modified = a.created.clone();
            }
            a
        };
        let state = ArticleState {
            article: self.article,
            revisions: self.revisions,
            annotations: self.annotations.into_iter().map(with_times).collect(),
            needs_review: self.needs_review.into_iter().map(with_times).collect(),
        };
        // A hash that is no hash tells nothing about the text: report it, check the rest.
        let expected = expected.filter(|sha| {
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
            let actual = state.article.text_sha256();
            if !expected.eq_ignore_ascii_case(&actual) {
                return Err(text_changed(
                    created, modified, state, self.extra, expected, actual, problems,
                ));
            }
        }
        match Project::from_state(created, modified, state, self.extra) {
            Ok(project) if problems.is_empty() => Ok(project),
            Ok(_) => Err(ParseError::Invalid(problems)),
            Err(more) => {
                problems.extend(more);
                Err(ParseError::Invalid(problems))
            }
        }
    }
}

/// The text no longer hashes to `text_sha256`: it was edited outside Factmark. If the
/// project is otherwise sound (every rule that does not need the old text holds), the
/// annotations can be re-anchored to the text as it is; otherwise every problem is
/// reported, the hash first.
fn text_changed(
    created: String,
    modified: String,
    state: ArticleState,
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
    problems.extend(crate::model::validate::check_state(&unplaced));
    if problems.is_empty() {
        return ParseError::TextChanged(Box::new(TextChanged {
            expected_sha256: expected.to_ascii_lowercase(),
            actual_sha256: actual,
            created,
            modified,
            state,
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
                    annotations = Some(map.next_value_seed(AnnotationsSeed { list: "annotation" })?)
                }
                "needs_review" => {
                    needs_review = Some(map.next_value_seed(AnnotationsSeed {
                        list: "needs-review annotation",
                    })?)
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
            extra,
        };
        Ok((article, sha, revisions))
    }
}

struct AnnotationsSeed {
    /// What the list holds, for messages ("annotation", "needs-review annotation").
    list: &'static str,
}

impl<'de> DeserializeSeed<'de> for AnnotationsSeed {
    type Value = Vec<RawAnnotation>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for AnnotationsSeed {
    type Value = Vec<RawAnnotation>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of annotations")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(a) = seq.next_element_seed(AnnotationSeed {
            list: self.list,
            number: out.len() + 1,
        })? {
            out.push(a);
        }
        Ok(out)
    }
}

struct AnnotationSeed {
    list: &'static str,
    /// 1-based position in the file, for messages before the id is known.
    number: usize,
}

/// "annotation #3" or, once its id is known, "annotation #3 (\"c1\")".
struct AnnotationContext<'a> {
    list: &'static str,
    number: usize,
    id: &'a Option<String>,
}

impl fmt::Display for AnnotationContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.id {
            Some(id) => write!(f, "{} #{} ({id:?})", self.list, self.number),
            None => write!(f, "{} #{}", self.list, self.number),
        }
    }
}

impl<'de> DeserializeSeed<'de> for AnnotationSeed {
    type Value = RawAnnotation;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnnotationSeed {
    type Value = RawAnnotation;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} #{} to be an object", self.list, self.number)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawAnnotation, A::Error> {
        let number = self.number;
        let list = self.list;
        // Errors are formatted only when they happen: this loop runs for every field of
        // every annotation, so it allocates nothing for known keys.
        let error = |id: &Option<String>, message: fmt::Arguments| -> A::Error {
            de::Error::custom(format_args!(
                "{}{message}",
                AnnotationContext { list, number, id }
            ))
        };
        let mut seen = 0u32;
        let mut id: Option<String> = None;
        let mut kind = None;
        let mut start = None;
        let mut end = None;
        let mut quote = None;
        let mut prefix = None;
        let mut suffix = None;
        let mut note = None;
        let mut verdict = None;
        let mut claims = None;
        let mut reference = None;
        let mut author = None;
        let mut created = None;
        let mut modified = None;
        let mut anchor = None;
        let mut extra = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            let known = ANNOTATION_FIELDS.iter().position(|f| *f == key);
            let repeated = match known {
                Some(bit) => {
                    let before = seen;
                    seen |= 1 << bit;
                    before & 1 << bit != 0
                }
                None => extra.contains_key(&*key),
            };
            if repeated {
                return Err(error(&id, format_args!(": field `{key}` appears twice")));
            }
            macro_rules! value {
                () => {
                    map.next_value()
                        .map_err(|e| error(&id, format_args!(", field `{key}`: {e}")))?
                };
            }
            match &*key {
                "id" => id = Some(value!()),
                "kind" => {
                    let name: String = value!();
                    let Some(k) = Kind::parse(&name) else {
                        return Err(error(
                            &id,
                            format_args!(
                                ", field `kind`: unknown kind {name:?} (expected \"claim\", \"source\" or \"dispute\")"
                            ),
                        ));
                    };
                    kind = Some(k);
                }
                "start" | "end" => {
                    let value: Value = value!();
                    let Some(offset) = value.as_u64().and_then(|v| usize::try_from(v).ok()) else {
                        return Err(error(
                            &id,
                            format_args!(
                                ", field `{key}`: {value} is not a code-point offset (a whole number from 0)"
                            ),
                        ));
                    };
                    if key == "start" {
                        start = Some(offset);
                    } else {
                        end = Some(offset);
                    }
                }
                "quote" => quote = Some(value!()),
                "prefix" => prefix = value!(),
                "suffix" => suffix = value!(),
                "note" => note = value!(),
                "verdict" => {
                    let name: Option<String> = value!();
                    verdict = match name {
                        None => None,
                        Some(name) => Some(Verdict::parse(&name).ok_or_else(|| {
                            error(
                                &id,
                                format_args!(
                                    ", field `verdict`: unknown verdict {name:?} (expected one of {})",
                                    Verdict::ALL.map(|v| format!("{:?}", v.as_str())).join(", ")
                                ),
                            )
                        })?),
                    };
                }
                "claims" => claims = value!(),
                "reference" => reference = value!(),
                "author" => author = value!(),
                "created" => created = value!(),
                "modified" => modified = value!(),
                "anchor" => {
                    let value: Value = value!();
                    anchor = anchor_from_json(value).map_err(|(path, m)| {
                        error(&id, format_args!(", field `anchor{path}`: {m}"))
                    })?;
                }
                _ => {
                    let value: Value = value!();
                    extra.insert(key.into_owned(), value);
                }
            }
        }
        let missing = |field: &str| error(&id, format_args!(": missing required field `{field}`"));
        let kind = kind.ok_or_else(|| missing("kind"))?;
        let start = start.ok_or_else(|| missing("start"))?;
        let end = end.ok_or_else(|| missing("end"))?;
        let quote = quote.ok_or_else(|| missing("quote"))?;
        let Some(id) = id else {
            return Err(missing("id"));
        };
        let created: Option<String> = created;
        let modified: Option<String> = modified;
        Ok(RawAnnotation {
            created_given: created.is_some(),
            modified_given: modified.is_some(),
            annotation: Annotation {
                id,
                kind,
                start,
                end,
                quote,
                prefix: prefix.unwrap_or_default(),
                suffix: suffix.unwrap_or_default(),
                note: note.unwrap_or_default(),
                verdict,
                claims: claims.unwrap_or_default(),
                reference,
                author,
                created: created.unwrap_or_default(),
                modified: modified.unwrap_or_default(),
                anchor,
                extra,
            },
        })
    }
}

/// What is wrong inside an object-valued field: the path below it (".status", "" for the
/// object itself) and the message.
type FieldError = (String, String);

fn at(path: &str, message: impl Into<String>) -> FieldError {
    (path.to_string(), message.into())
}

/// An object's field as a string (`None` when absent or null).
fn take_string(map: &mut Map<String, Value>, field: &str) -> Result<Option<String>, FieldError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(at(&format!(".{field}"), format!("{other} is not a string"))),
    }
}

fn take_offset(map: &mut Map<String, Value>, field: &str) -> Result<Option<usize>, FieldError> {
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
fn anchor_from_json(value: Value) -> Result<Option<Anchor>, FieldError> {
    let mut map = match value {
        Value::Null => return Ok(None),
        Value::Object(map) => map,
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
