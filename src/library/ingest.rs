//! Reading sources into entries: Factmark projects (every claim annotation) and ClaimReview
//! JSON-LD as fact-checkers publish it — a single `ClaimReview`, an array, an `@graph`, a
//! schema.org `DataFeed` whose `dataFeedElement` items are ClaimReviews or things whose
//! `item` holds them, and Factmark's own `claimreview` export.
//!
//! Input is not trusted. A file over [`MAX_SOURCE_BYTES`] is refused before it is read; a
//! document nested deeper than serde_json's limit has its feed items read one by one, so
//! only the over-deep items are lost; a field of the wrong type, a review URL that is not
//! `http(s)` and markup in a string each give a problem line naming the file and the item,
//! and the rest of the feed still goes in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{Entry, EntrySource, LibraryError, SourceInfo, SourceKind};
use crate::import::{LimitedReadError, read_limited};
use crate::model::article::sha256_hex;
use crate::model::claim::is_web_url;
use crate::model::{Kind, Project};
use crate::project_file::{ParseError, parse_project};

/// Sources larger than this are refused before they are read.
pub const MAX_SOURCE_BYTES: u64 = 200 * 1024 * 1024;

/// How many problem lines one source reports; the rest are counted.
const MAX_PROBLEMS_PER_SOURCE: usize = 50;

/// The longest string kept from a feed (a claim or title longer than this is cut).
const MAX_FIELD_CHARS: usize = 4000;

/// A source read into entries.
#[derive(Debug)]
pub(crate) struct Source {
    pub info: SourceInfo,
    pub entries: Vec<Entry>,
    pub problems: Vec<String>,
}

/// The canonical form of a source path, the key that makes re-adding replace: the file's
/// real path when it exists, else its folder's real path and its name, else as given
/// (made absolute).
pub fn canonical(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// Whether a file in a folder is worth reading: JSON or JSON-LD (never a `.bak` or a
/// temporary file).
fn is_candidate(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with('.')
        && (name.ends_with(".json") || name.ends_with(".jsonld") || name.ends_with(".json-ld"))
}

/// Every candidate file under `dir`, sorted, following no symbolic links to folders (no
/// cycles).
pub fn collect_files(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                problems.push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        let mut found: Vec<_> = entries.filter_map(Result::ok).collect();
        found.sort_by_key(|e| e.file_name());
        for entry in found {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if !hidden {
                    stack.push(path);
                }
            } else if is_candidate(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
}

fn source_error(path: &Path, message: impl Into<String>) -> LibraryError {
    LibraryError::Source {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Read one file. `Ok(None)`: a JSON file in a folder that is neither a project nor
/// ClaimReview JSON-LD (skipped quietly). A file named on its own is always read or refused.
pub(crate) fn read_source(path: &Path, in_folder: bool) -> Result<Option<Source>, LibraryError> {
    let bytes = match read_limited(path, MAX_SOURCE_BYTES) {
        Ok(bytes) => bytes,
        Err(LimitedReadError::Io(e)) => return Err(LibraryError::io(path, &e)),
        Err(LimitedReadError::TooLarge(size)) => {
            let size = if size == u64::MAX {
                "of unknown size".to_string()
            } else {
                format!("{} MB", size / 1_000_000)
            };
            return Err(source_error(
                path,
                format!(
                    "too large to add ({size}; the most is {} MB)",
                    MAX_SOURCE_BYTES / 1_000_000
                ),
            ));
        }
    };
    let sha256 = sha256_hex(&bytes);
    let canonical = canonical(path);
    let document = match serde_json::from_slice::<Value>(&bytes) {
        Ok(document) => Parsed::Whole(document),
        Err(e) if e.to_string().starts_with("recursion limit exceeded") => {
            match salvage_items(&bytes) {
                Some(items) => Parsed::Items(items),
                None => {
                    return Err(source_error(
                        path,
                        format!(
                            "nested too deeply to read (more than 128 levels, line {} column {})",
                            e.line(),
                            e.column()
                        ),
                    ));
                }
            }
        }
        Err(e) => {
            return Err(source_error(
                path,
                format!(
                    "not JSON ({e}); the library takes Factmark projects and ClaimReview JSON-LD"
                ),
            ));
        }
    };
    if let Parsed::Whole(Value::Object(map)) = &document
        && map.get("format").and_then(Value::as_str) == Some(crate::project_file::FORMAT)
    {
        let project = match parse_project(&bytes) {
            Ok(project) => project,
            Err(ParseError::Repairable(repairable)) => repairable.open_with_problems_set_aside(),
            Err(ParseError::TextChanged(changed)) => match changed.reanchor(&now()) {
                Ok((project, _)) => project,
                Err(e) => return Err(source_error(path, format!("not a sound project: {e}"))),
            },
            Err(e) => return Err(source_error(path, format!("not a sound project: {e}"))),
        };
        let mut source = project_source_with_hash(&canonical, &project, sha256);
        if !project.needs_repair().is_empty() {
            source.problems.push(format!(
                "{}: {} annotation(s) break a rule and were left out; open the project to repair them",
                path.display(),
                project.needs_repair().len()
            ));
        }
        return Ok(Some(source));
    }
    let mut feed = FeedReader::new(path, &canonical);
    match document {
        Parsed::Whole(value) => feed.read_document(&value),
        Parsed::Items(items) => feed.read_salvaged(items),
    }
    if !feed.recognised {
        if in_folder {
            return Ok(None);
        }
        return Err(source_error(
            path,
            "neither a Factmark project nor ClaimReview JSON-LD (no ClaimReview found)",
        ));
    }
    let FeedReader {
        entries, problems, ..
    } = feed;
    let mut problems = problems;
    if problems.len() > MAX_PROBLEMS_PER_SOURCE {
        let more = problems.len() - MAX_PROBLEMS_PER_SOURCE;
        problems.truncate(MAX_PROBLEMS_PER_SOURCE);
        problems.push(format!("{}: … and {more} more problem(s)", path.display()));
    }
    Ok(Some(Source {
        info: SourceInfo {
            path: canonical.clone(),
            kind: SourceKind::Feed,
            entries: entries.len(),
            added: now(),
            sha256,
        },
        entries,
        problems,
    }))
}

fn now() -> String {
    crate::model::timestamp::now()
}

enum Parsed {
    Whole(Value),
    /// A document too deep to parse whole: its feed items, each parsed on its own (the
    /// JSON path of each, and the item or why it could not be read).
    Items(Vec<(String, Result<Value, String>)>),
}

/// The project the app has in memory, saved at `path`.
pub(crate) fn project_source(path: &Path, project: &Project) -> Result<Source, LibraryError> {
    let json = crate::project_file::project_to_json(project);
    let sha256 = sha256_hex(&json);
    Ok(project_source_with_hash(&canonical(path), project, sha256))
}

fn project_source_with_hash(path: &Path, project: &Project, sha256: String) -> Source {
    let meta = &project.article().metadata;
    let org = meta
        .outlet
        .as_deref()
        .map(clean_text)
        .filter(|s| !s.is_empty());
    let mut entries = Vec::new();
    for a in project.all_annotations().filter(|a| a.kind == Kind::Claim) {
        let claim = clean_text(&a.quote);
        if claim.is_empty() {
            continue;
        }
        let record = &a.record;
        let date = record
            .first_said
            .as_ref()
            .and_then(|f| f.date.clone())
            .or_else(|| meta.published.clone())
            .or_else(|| a.modified.get(..10).map(str::to_string));
        entries.push(Entry {
            claim,
            verdict: a.verdict.map(|v| v.label().to_string()),
            url: record
                .review_url
                .as_deref()
                .map(str::trim)
                .filter(|u| is_web_url(u))
                .map(str::to_string),
            org: org.clone(),
            date,
            title: record
                .claim_checked
                .as_deref()
                .map(clean_text)
                .filter(|s| !s.is_empty()),
            claimant: record
                .claimant
                .as_ref()
                .map(|c| clean_text(&c.name))
                .filter(|s| !s.is_empty()),
            source: EntrySource::Project {
                path: path.to_path_buf(),
                annotation: a.id.clone(),
            },
        });
    }
    Source {
        info: SourceInfo {
            path: path.to_path_buf(),
            kind: SourceKind::Project,
            entries: entries.len(),
            added: now(),
            sha256,
        },
        entries,
        problems: Vec::new(),
    }
}

/// Re-read every source that still exists; those that are gone or unreadable are left out
/// (with a problem line).
pub(crate) fn reread(sources: &[SourceInfo]) -> (Vec<Source>, super::AddReport) {
    let mut report = super::AddReport::default();
    let mut batch = Vec::new();
    for info in sources {
        if !info.path.exists() {
            report.problems.push(format!(
                "{}: no longer there; its entries were dropped",
                info.path.display()
            ));
            continue;
        }
        match read_source(&info.path, false) {
            Ok(Some(source)) => batch.push(source),
            Ok(None) => {}
            Err(e) => report
                .problems
                .push(format!("{e}; its entries were dropped")),
        }
    }
    (batch, report)
}

/// Walks a JSON-LD document for ClaimReviews.
struct FeedReader<'a> {
    file: &'a Path,
    canonical: &'a Path,
    /// `@id` → `name` of every node that has both, to resolve `{"@id": …}` references.
    names: HashMap<String, String>,
    entries: Vec<Entry>,
    problems: Vec<String>,
    /// A ClaimReview, `DataFeed` or `@graph` was seen.
    recognised: bool,
    /// Items seen, for "item N".
    ordinal: usize,
}

impl<'a> FeedReader<'a> {
    fn new(file: &'a Path, canonical: &'a Path) -> Self {
        Self {
            file,
            canonical,
            names: HashMap::new(),
            entries: Vec::new(),
            problems: Vec::new(),
            recognised: false,
            ordinal: 0,
        }
    }

    fn read_document(&mut self, value: &Value) {
        collect_names(value, &mut self.names, 0);
        self.walk(value, String::new(), false);
    }

    fn read_salvaged(&mut self, items: Vec<(String, Result<Value, String>)>) {
        self.recognised = true;
        for (_, item) in &items {
            if let Ok(value) = item {
                collect_names(value, &mut self.names, 0);
            }
        }
        for (path, item) in items {
            match item {
                Ok(value) => self.walk(&value, path, true),
                Err(message) => {
                    self.ordinal += 1;
                    let label = format!("item {} ({path})", self.ordinal);
                    self.problem(&label, &message);
                }
            }
        }
    }

    fn problem(&mut self, label: &str, message: &str) {
        self.problems
            .push(format!("{}: {label}: {message}", self.file.display()));
    }

    /// `feed_item`: `value` is one element of a `dataFeedElement` (which must hold a
    /// ClaimReview, or it is reported).
    fn walk(&mut self, value: &Value, path: String, feed_item: bool) {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, format!("{path}[{i}]"), feed_item);
                }
            }
            Value::Object(map) => {
                if is_claim_review(map) {
                    self.recognised = true;
                    self.ordinal += 1;
                    let path = if path.is_empty() {
                        "the review".into()
                    } else {
                        path
                    };
                    self.review(map, &path);
                    return;
                }
                let before = self.ordinal;
                let join = |key: &str| {
                    if path.is_empty() {
                        key.to_string()
                    } else {
                        format!("{path}.{key}")
                    }
                };
                if let Some(graph) = map.get("@graph") {
                    self.recognised = true;
                    self.walk(graph, join("@graph"), false);
                }
                if let Some(elements) = map.get("dataFeedElement") {
                    self.recognised = true;
                    match elements {
                        Value::Array(items) => {
                            for (i, item) in items.iter().enumerate() {
                                self.walk(item, format!("{}[{i}]", join("dataFeedElement")), true);
                            }
                        }
                        other => self.walk(other, join("dataFeedElement"), true),
                    }
                }
                if has_type(map, "DataFeed") {
                    self.recognised = true;
                }
                if (feed_item || has_type(map, "DataFeedItem"))
                    && let Some(item) = map.get("item")
                {
                    self.walk(item, join("item"), false);
                }
                if feed_item && self.ordinal == before {
                    self.ordinal += 1;
                    let label = format!("item {} ({path})", self.ordinal);
                    self.problem(&label, "no ClaimReview in it");
                }
            }
            _ if feed_item => {
                self.ordinal += 1;
                let label = format!("item {} ({path})", self.ordinal);
                let message = format!("expected an object, found {}", kind_of(value));
                self.problem(&label, &message);
            }
            _ => {}
        }
    }

    fn review(&mut self, map: &Map<String, Value>, path: &str) {
        let id = map
            .get("@id")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.len() <= 2000);
        let label = match id {
            Some(id) => format!("item {} ({path}, {id})", self.ordinal),
            None => format!("item {} ({path})", self.ordinal),
        };
        let mut fields = Fields {
            map,
            notes: Vec::new(),
        };
        let claim = fields.text("claimReviewed");
        let title = fields.text("name").or_else(|| fields.text("headline"));
        let verdict = fields.verdict();
        let url = fields.url();
        let org = fields.person("author", &self.names);
        let date = fields.text("datePublished");
        let claimant = match map.get("itemReviewed") {
            Some(Value::Object(item)) => {
                let mut inner = Fields {
                    map: item,
                    notes: Vec::new(),
                };
                let name = inner.person("author", &self.names);
                fields
                    .notes
                    .extend(inner.notes.into_iter().map(|n| format!("itemReviewed.{n}")));
                name
            }
            Some(Value::Array(items)) => items.iter().find_map(|item| {
                let item = item.as_object()?;
                let mut inner = Fields {
                    map: item,
                    notes: Vec::new(),
                };
                inner.person("author", &self.names)
            }),
            Some(Value::Null) | None | Some(Value::String(_)) => None,
            Some(other) => {
                fields.notes.push(format!(
                    "itemReviewed: expected an object, found {}",
                    kind_of(other)
                ));
                None
            }
        };
        let notes = std::mem::take(&mut fields.notes);
        for note in &notes {
            self.problem(&label, note);
        }
        let Some(claim) = claim else {
            if !notes.iter().any(|n| n.starts_with("claimReviewed")) {
                self.problem(&label, "claimReviewed: missing; the item was left out");
            } else {
                self.problem(&label, "the item was left out (it has no claim text)");
            }
            return;
        };
        self.entries.push(Entry {
            claim,
            verdict,
            url,
            org,
            date,
            title,
            claimant,
            source: EntrySource::Feed {
                path: self.canonical.to_path_buf(),
                item: id.map(str::to_string).unwrap_or_else(|| path.to_string()),
            },
        });
    }
}

/// The fields of one object, with a note for each that had to be dropped or changed.
struct Fields<'m> {
    map: &'m Map<String, Value>,
    notes: Vec<String>,
}

impl Fields<'_> {
    /// A string field as plain text (markup removed, with a note); wrong types noted.
    fn text(&mut self, key: &str) -> Option<String> {
        let value = self.map.get(key)?;
        self.text_of(key, value)
    }

    fn text_of(&mut self, key: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => {
                let (text, had_markup) = strip_markup(s);
                if had_markup {
                    self.notes
                        .push(format!("{key}: markup removed (kept as plain text)"));
                }
                let text = cut(text);
                (!text.is_empty()).then_some(text)
            }
            Value::Null => None,
            // A language map or a single-item list, as some publishers write them.
            Value::Array(items) if items.len() == 1 && items[0].is_string() => {
                self.text_of(key, &items[0])
            }
            Value::Object(o) if o.get("@value").is_some_and(Value::is_string) => {
                self.text_of(key, &o["@value"])
            }
            other => {
                self.notes.push(format!(
                    "{key}: expected a string, found {}",
                    kind_of(other)
                ));
                None
            }
        }
    }

    /// `reviewRating.alternateName`, else the rating as `ratingValue/bestRating`.
    fn verdict(&mut self) -> Option<String> {
        let rating = match self.map.get("reviewRating")? {
            Value::Object(rating) => rating,
            Value::Array(items) => items.iter().find_map(Value::as_object)?,
            Value::Null => return None,
            other => {
                self.notes.push(format!(
                    "reviewRating: expected an object, found {}",
                    kind_of(other)
                ));
                return None;
            }
        };
        let mut inner = Fields {
            map: rating,
            notes: Vec::new(),
        };
        let name = inner.text("alternateName");
        self.notes
            .extend(inner.notes.drain(..).map(|n| format!("reviewRating.{n}")));
        if name.is_some() {
            return name;
        }
        let number = |v: Option<&Value>| match v {
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::String(s)) if !s.trim().is_empty() && s.len() < 20 => {
                Some(strip_markup(s).0)
            }
            _ => None,
        };
        let value = number(rating.get("ratingValue"))?;
        Some(match number(rating.get("bestRating")) {
            Some(best) => format!("{value}/{best}"),
            None => value,
        })
    }

    /// `url`, if it is `http(s)`.
    fn url(&mut self) -> Option<String> {
        let url = match self.map.get("url")? {
            Value::String(s) => s.trim().to_string(),
            Value::Null => return None,
            other => {
                self.notes
                    .push(format!("url: expected a string, found {}", kind_of(other)));
                return None;
            }
        };
        if url.is_empty() {
            return None;
        }
        if is_web_url(&url) && !url.chars().any(|c| c.is_control() || c == ' ') {
            Some(url)
        } else {
            let shown: String = url.chars().take(40).collect();
            self.notes.push(format!(
                "url: not an http(s) address ({shown:?}); left out, so it never becomes a link"
            ));
            None
        }
    }

    /// The name of a `Person` or `Organization` field: an object with `name`, a list of
    /// them (joined), a plain string, or an `@id` reference to a node with a name.
    fn person(&mut self, key: &str, names: &HashMap<String, String>) -> Option<String> {
        let value = self.map.get(key)?;
        let mut found = Vec::new();
        let items: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for item in items {
            match item {
                Value::String(s) => {
                    let (text, _) = strip_markup(s);
                    if !text.is_empty() {
                        found.push(cut(text));
                    }
                }
                Value::Object(o) => {
                    let mut inner = Fields {
                        map: o,
                        notes: Vec::new(),
                    };
                    let name = inner.text("name").or_else(|| {
                        o.get("@id")
                            .and_then(Value::as_str)
                            .and_then(|id| names.get(id).cloned())
                    });
                    self.notes
                        .extend(inner.notes.drain(..).map(|n| format!("{key}.{n}")));
                    found.extend(name);
                }
                Value::Null => {}
                other => self.notes.push(format!(
                    "{key}: expected an object or a name, found {}",
                    kind_of(other)
                )),
            }
        }
        found.dedup();
        (!found.is_empty()).then(|| found.join(", "))
    }
}

fn collect_names(value: &Value, names: &mut HashMap<String, String>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_names(v, names, depth + 1)),
        Value::Object(map) => {
            if let (Some(id), Some(name)) = (
                map.get("@id").and_then(Value::as_str),
                map.get("name").and_then(Value::as_str),
            ) {
                names.insert(id.to_string(), strip_markup(name).0);
            }
            for key in ["@graph", "dataFeedElement", "item", "author"] {
                if let Some(v) = map.get(key) {
                    collect_names(v, names, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn type_names(map: &Map<String, Value>) -> Vec<&str> {
    match map.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn has_type(map: &Map<String, Value>, wanted: &str) -> bool {
    type_names(map).iter().any(|t| {
        let local = t.rsplit(['/', ':', '#']).next().unwrap_or(t);
        local == wanted
    })
}

fn is_claim_review(map: &Map<String, Value>) -> bool {
    has_type(map, "ClaimReview")
        || (type_names(map).is_empty() && map.contains_key("claimReviewed"))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn cut(text: String) -> String {
    if text.chars().count() <= MAX_FIELD_CHARS {
        text
    } else {
        let mut cut: String = text.chars().take(MAX_FIELD_CHARS).collect();
        cut.push('…');
        cut
    }
}

/// Project text: whitespace collapsed.
fn clean_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text from a string that may hold HTML: tags removed (with what is inside
/// `script` and `style`), the common character references decoded, whitespace collapsed.
/// The flag says whether there were tags. A `<` that does not start a tag stays.
pub(crate) fn strip_markup(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut had_tags = false;
    let mut rest = s;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix('<') {
            let next = after.chars().next();
            let is_tag = next.is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
            match (is_tag, tail.find('>')) {
                (true, Some(end)) => {
                    had_tags = true;
                    let tag = tail[1..end].to_ascii_lowercase();
                    rest = &tail[end + 1..];
                    for skipped in ["script", "style"] {
                        if tag.starts_with(skipped) {
                            let close = format!("</{skipped}");
                            let lower = rest.to_ascii_lowercase();
                            rest = match lower.find(&close) {
                                Some(i) => {
                                    let after = &rest[i..];
                                    after.find('>').map_or("", |j| &after[j + 1..])
                                }
                                None => "",
                            };
                        }
                    }
                    out.push(' ');
                }
                _ => {
                    out.push('<');
                    rest = &tail[1..];
                }
            }
        } else {
            let (decoded, used) = decode_reference(tail);
            out.push_str(&decoded);
            rest = &tail[used..];
        }
    }
    out.push_str(rest);
    (clean_text(&out), had_tags)
}

/// A character reference at the start of `s` (which starts with `&`): the text it stands
/// for and how many bytes it used; a lone `&` stands for itself.
fn decode_reference(s: &str) -> (String, usize) {
    // Byte-wise: a reference is ASCII, and the text after `&` may not be (`&J Mombasa–…`).
    let Some(end) = s.bytes().take(12).position(|b| b == b';') else {
        return ("&".into(), 1);
    };
    let name = &s[1..end];
    let named = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "rsquo" | "lsquo" => Some('\''),
        "rdquo" | "ldquo" => Some('"'),
        "ndash" => Some('–'),
        "mdash" => Some('—'),
        "hellip" => Some('…'),
        _ => None,
    };
    let c = named.or_else(|| {
        let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            name.strip_prefix('#')?.parse().ok()?
        };
        char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())
    });
    match c {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}

/// The feed items of a document too deeply nested to parse whole: the elements of a
/// top-level array, or of a top-level object's `dataFeedElement` or `@graph`, each parsed
/// on its own. `None` when the document has no such list.
fn salvage_items(bytes: &[u8]) -> Option<Vec<(String, Result<Value, String>)>> {
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let (list_start, prefix) = match bytes[first] {
        b'[' => (first, String::new()),
        b'{' => {
            let (key, at) = find_top_level_key(bytes, first, &["dataFeedElement", "@graph"])?;
            (at, key)
        }
        _ => return None,
    };
    let elements = split_array(bytes, list_start)?;
    Some(
        elements
            .into_iter()
            .enumerate()
            .map(|(i, range)| {
                let path = format!("{prefix}[{i}]");
                let parsed = serde_json::from_slice::<Value>(&bytes[range]).map_err(|e| {
                    if e.to_string().starts_with("recursion limit exceeded") {
                        "nested more than 128 levels deep; the item was left out".to_string()
                    } else {
                        format!("not valid JSON ({e}); the item was left out")
                    }
                });
                (path, parsed)
            })
            .collect(),
    )
}

/// Skip a JSON string starting at `at` (a `"`); the index after its closing quote.
fn skip_string(bytes: &[u8], mut at: usize) -> Option<usize> {
    at += 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// In the object starting at `start`, the first of `keys` at its top level: the key and
/// where its value (an array) starts.
fn find_top_level_key(bytes: &[u8], start: usize, keys: &[&str]) -> Option<(String, usize)> {
    let mut depth = 0usize;
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                let end = skip_string(bytes, at)?;
                if depth == 1 {
                    let key = std::str::from_utf8(&bytes[at + 1..end - 1]).ok()?;
                    if keys.contains(&key) {
                        let mut value = end;
                        while value < bytes.len()
                            && (bytes[value].is_ascii_whitespace() || bytes[value] == b':')
                        {
                            value += 1;
                        }
                        if bytes.get(value) == Some(&b'[') {
                            return Some((key.to_string(), value));
                        }
                    }
                }
                at = end;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// The byte ranges of the elements of the array starting at `start`.
fn split_array(bytes: &[u8], start: usize) -> Option<Vec<std::ops::Range<usize>>> {
    let mut ranges = Vec::new();
    let mut depth = 0usize;
    let mut element_start = start + 1;
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at = skip_string(bytes, at)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    let slice = &bytes[element_start..at];
                    if slice.iter().any(|b| !b.is_ascii_whitespace()) {
                        ranges.push(element_start..at);
                    }
                    return Some(ranges);
                }
            }
            b',' if depth == 1 => {
                ranges.push(element_start..at);
                element_start = at + 1;
            }
            _ => {}
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text_and_a_lone_less_than_stays() {
        assert_eq!(
            strip_markup("<p>Crime <b>rose</b> &amp; fell</p><script>alert(1)</script>"),
            ("Crime rose & fell".to_string(), true)
        );
        assert_eq!(strip_markup("x < 5 & y"), ("x < 5 & y".to_string(), false));
        assert_eq!(strip_markup("it&#39;s &#x263A;").0, "it's ☺");
        // A lone `&` before non-ASCII text within a reference's length (found by the
        // library bench: this panicked on a char boundary).
        assert_eq!(
            strip_markup("AT&J Mombasa–Nairobi, ça & é").0,
            "AT&J Mombasa–Nairobi, ça & é"
        );
        assert_eq!(strip_markup("&ééééééé;").0, "&ééééééé;");
    }

    #[test]
    fn an_over_deep_item_is_cut_out_and_its_neighbours_kept() {
        let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
        let doc = format!(
            r#"{{"@type":"DataFeed","dataFeedElement":[{{"a":"]["}}, {deep}, {{"b":2}}]}}"#
        );
        let items = salvage_items(doc.as_bytes()).unwrap();
        assert_eq!(items.len(), 3);
        assert!(items[0].1.is_ok());
        assert!(items[1].1.as_ref().unwrap_err().contains("128 levels"));
        assert_eq!(items[2].0, "dataFeedElement[2]");
        assert!(items[2].1.is_ok());
    }
}
