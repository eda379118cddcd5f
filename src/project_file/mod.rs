//! The project file, format version 3: a self-contained, pretty-printed JSON document that
//! diffs cleanly in Git. Reading validates everything; writing is atomic.
//!
//! Version 2 added to version 1 the article's earlier texts (`article.revisions`), each
//! annotation's re-anchoring status (`anchor`), and the annotations re-anchoring could not
//! place (`needs_review`). Version 3 adds the claim record (`claimant`, `claim_checked`,
//! `first_said`, `explanation`, `review_url`, `review`), a list of `evidence` on every
//! annotation in place of the one free-text `reference`, the original document's pages and
//! times (`article.locations`), the suggestions the user dismissed, what a merge left
//! undecided (`conflicts`), and the annotations set aside because they broke a rule
//! (`needs_repair`, kept exactly as written). Older files are read as version 3 (a
//! `reference` becomes a one-item evidence list) and written as version 3 when saved (the
//! `.bak` keeps the old file).

mod convert;
mod read;
mod resolve;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};

pub use convert::annotation_from_json;
pub use read::parse_project;
pub use resolve::{Resolution, resolve_conflict};
pub use write::{annotation_to_value, generator, project_to_json, save_project};

use serde_json::{Map, Value};

use crate::import::{LimitedReadError, read_limited};
use crate::model::project::Records;
use crate::model::{ArticleState, Problem, Project};
use crate::reanchor::{ReanchorReport, reanchor_edited_text};

/// The value of the `format` field.
pub const FORMAT: &str = "factmark-project";
/// The format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u64 = 3;
/// The oldest format version this build reads.
pub const OLDEST_FORMAT_VERSION: u64 = 1;
/// Project files larger than this are refused before they are read whole.
pub const MAX_PROJECT_BYTES: u64 = 200 * 1024 * 1024;
/// The file name extension Factmark gives projects.
pub const EXTENSION: &str = "factmark.json";

// The fields this build knows, in the order they are written. Anything else is kept as an
// unknown field and written back after these.
pub(crate) const PROJECT_FIELDS: [&str; 11] = [
    "format",
    "version",
    "generator",
    "created",
    "modified",
    "article",
    "annotations",
    "needs_review",
    "dismissed_suggestions",
    "conflicts",
    "needs_repair",
];
pub(crate) const ARTICLE_FIELDS: [&str; 11] = [
    "title",
    "url",
    "outlet",
    "author",
    "published",
    "retrieved",
    "language",
    "text",
    "text_sha256",
    "revisions",
    "locations",
];
pub(crate) const ANNOTATION_FIELDS: [&str; 21] = [
    "id",
    "kind",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "note",
    "verdict",
    "claimant",
    "claim_checked",
    "first_said",
    "explanation",
    "review_url",
    "review",
    "claims",
    "evidence",
    "author",
    "created",
    "modified",
    "anchor",
];
pub(crate) const REVISION_FIELDS: [&str; 5] =
    ["replaced", "title", "retrieved", "text_sha256", "text"];
pub(crate) const ANCHOR_FIELDS: [&str; 5] = ["status", "text_sha256", "start", "end", "quote"];
pub(crate) const REFERENCE_FIELDS: [&str; 6] = [
    "title",
    "url",
    "publisher",
    "accessed",
    "archive_url",
    "quote",
];
pub(crate) const CLAIMANT_FIELDS: [&str; 3] = ["name", "role", "type"];
pub(crate) const FIRST_SAID_FIELDS: [&str; 2] = ["date", "url"];
pub(crate) const REVIEW_FIELDS: [&str; 2] = ["state", "votes"];
pub(crate) const VOTE_FIELDS: [&str; 4] = ["reviewer", "verdict", "comment", "time"];
pub(crate) const LOCATION_FIELDS: [&str; 6] = [
    "start",
    "end",
    "page",
    "time_start_ms",
    "time_end_ms",
    "speaker",
];
pub(crate) const CONFLICT_FIELDS: [&str; 5] = ["annotation", "field", "base", "ours", "theirs"];

/// What is wrong with a project file's contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    Empty,
    /// Not JSON, or JSON of the wrong shape.
    Json {
        message: String,
        line: usize,
        column: usize,
    },
    /// JSON, but its `format` is missing or not `factmark-project` (the value, if any).
    NotAProject(Option<String>),
    NewerVersion(u64),
    BadVersion(String),
    /// Well-formed, but breaks model rules.
    Invalid(Vec<Problem>),
    /// Sound, except that the article text was edited outside Factmark: it no longer
    /// hashes to `text_sha256`, so the annotations' offsets may not fit it. Offer to
    /// re-anchor them ([`TextChanged::reanchor`]).
    TextChanged(Box<TextChanged>),
    /// Sound, except for annotations that break a rule: every problem, and the project
    /// with those annotations set aside (in its "needs repair" list, exactly as written),
    /// which can be opened instead ([`Repairable::open_with_problems_set_aside`]).
    Repairable(Box<Repairable>),
}

/// A project that opens once its broken annotations are set aside.
#[derive(Clone, Debug, PartialEq)]
pub struct Repairable {
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
    project: Project,
}

impl Repairable {
    pub(crate) fn new(problems: Vec<Problem>, project: Project) -> Self {
        Self { problems, project }
    }

    /// How many annotations would be set aside.
    pub fn set_aside_count(&self) -> usize {
        self.project.needs_repair().len()
    }

    /// The project with the broken annotations in its "needs repair" list: nothing is
    /// dropped, and saving writes them back as they were.
    pub fn open_with_problems_set_aside(self) -> Project {
        self.project
    }
}

/// A project whose article text was edited outside Factmark (by hand, or by another
/// program), with everything needed to re-anchor its annotations to the text as it is now.
#[derive(Clone, Debug)]
pub struct TextChanged {
    /// The hash the file records: that of the text the annotations were made on, which is
    /// gone.
    pub expected_sha256: String,
    /// The hash of the text in the file now.
    pub actual_sha256: String,
    created: String,
    modified: String,
    state: ArticleState,
    records: Records,
    extra: Map<String, Value>,
}

impl TextChanged {
    /// The article as it is now (with the edited text).
    pub fn article(&self) -> &crate::model::Article {
        &self.state.article
    }

    /// How many annotations would be re-anchored.
    pub fn annotation_count(&self) -> usize {
        self.state.annotations.len()
    }

    /// Re-anchor every annotation to the text as it is now. The old text is pieced
    /// together from the annotations' quotes and contexts; the history records that a text
    /// with the old hash was replaced (its words are not known). The project is new in
    /// memory: save it to keep the result.
    pub fn reanchor(self, now: &str) -> Result<(Project, ReanchorReport), ParseError> {
        let (state, report) = reanchor_edited_text(self.state, &self.expected_sha256, now);
        let project =
            Project::from_records(self.created, self.modified, state, self.records, self.extra)
                .map_err(ParseError::Invalid)?;
        Ok((project, report))
    }
}

impl PartialEq for TextChanged {
    fn eq(&self, other: &Self) -> bool {
        self.expected_sha256 == other.expected_sha256
            && self.actual_sha256 == other.actual_sha256
            && self.created == other.created
            && self.modified == other.modified
            && self.state == other.state
            && self.records == other.records
            && self.extra == other.extra
    }
}

// Every field compares as an equivalence (no floating-point NaN reaches a project).
impl Eq for TextChanged {}
impl Eq for Repairable {}

/// How many problems of one file are listed; a broken generator can make hundreds of
/// thousands of the same one, and the first ones are what a person can act on.
pub const MAX_LISTED_PROBLEMS: usize = 100;

impl ParseError {
    /// One line per problem (at most [`MAX_LISTED_PROBLEMS`], then how many more there are).
    pub fn messages(&self) -> Vec<String> {
        let problems = match self {
            ParseError::Invalid(problems) => problems,
            ParseError::Repairable(r) => &r.problems,
            other => return vec![other.to_string()],
        };
        let mut lines: Vec<String> = problems
            .iter()
            .take(MAX_LISTED_PROBLEMS)
            .map(ToString::to_string)
            .collect();
        if problems.len() > MAX_LISTED_PROBLEMS {
            lines.push(format!(
                "… and {} more problems (the first {MAX_LISTED_PROBLEMS} are listed)",
                problems.len() - MAX_LISTED_PROBLEMS
            ));
        }
        if let ParseError::Repairable(r) = self {
            lines.push(format!(
                "the other annotations are sound: Factmark can open the project with {} set aside \
                 for repair (kept in the file exactly as written)",
                match r.set_aside_count() {
                    1 => "1 annotation".to_string(),
                    n => format!("{n} annotations"),
                }
            ));
        }
        lines
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "the file is empty"),
            ParseError::Json {
                message,
                line,
                column,
            } => {
                if *line == 0 {
                    write!(f, "not a valid project file: {message}")
                } else {
                    write!(
                        f,
                        "not a valid project file: {message} (line {line}, column {column})"
                    )
                }
            }
            ParseError::NotAProject(None) => write!(
                f,
                "not a Factmark project: the JSON has no \"format\": \"{FORMAT}\" field"
            ),
            ParseError::NotAProject(Some(found)) => write!(
                f,
                "not a Factmark project: field `format` is {found}, expected \"{FORMAT}\""
            ),
            ParseError::NewerVersion(v) => write!(
                f,
                "written by a newer Factmark: field `version` is {v}, this build reads versions \
                 {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}; update Factmark to open it"
            ),
            ParseError::BadVersion(v) => write!(
                f,
                "field `version` is {v}, which is not a version this build reads (versions \
                 {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION})"
            ),
            ParseError::Invalid(_) => write!(f, "{}", self.messages().join("; ")),
            ParseError::Repairable(_) => write!(f, "{}", self.messages().join("; ")),
            ParseError::TextChanged(changed) => write!(
                f,
                "field `article.text_sha256` does not match the article text (the file says {}, \
                 the text hashes to {}): the text was edited outside Factmark after the project \
                 was saved; the {} annotations can be re-anchored to the text as it is now (open \
                 it in Factmark, or run `factmark reanchor PROJECT -o NEW_PROJECT`)",
                changed.expected_sha256,
                changed.actual_sha256,
                changed.annotation_count()
            ),
        }
    }
}

/// A project file that could not be opened, and why.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub kind: LoadErrorKind,
}

#[derive(Debug)]
pub enum LoadErrorKind {
    Io(std::io::Error),
    TooLarge { bytes: u64 },
    Parse(ParseError),
}

impl LoadError {
    /// The project whose text was edited outside Factmark, if that is what this error is.
    pub fn text_changed(&self) -> Option<&TextChanged> {
        match &self.kind {
            LoadErrorKind::Parse(ParseError::TextChanged(changed)) => Some(changed),
            _ => None,
        }
    }

    /// Take the re-anchorable project out of the error; any other error comes back.
    pub fn into_text_changed(self) -> Result<Box<TextChanged>, LoadError> {
        match self.kind {
            LoadErrorKind::Parse(ParseError::TextChanged(changed)) => Ok(changed),
            kind => Err(LoadError {
                path: self.path,
                kind,
            }),
        }
    }

    /// The project that opens with its broken annotations set aside, if that is what this
    /// error is; any other error comes back.
    pub fn into_repairable(self) -> Result<Box<Repairable>, LoadError> {
        match self.kind {
            LoadErrorKind::Parse(ParseError::Repairable(r)) => Ok(r),
            kind => Err(LoadError {
                path: self.path,
                kind,
            }),
        }
    }

    /// Whether the project opens once its broken annotations are set aside.
    pub fn is_repairable(&self) -> bool {
        matches!(self.kind, LoadErrorKind::Parse(ParseError::Repairable(_)))
    }

    /// One line per problem, each starting with the file name.
    pub fn lines(&self) -> Vec<String> {
        let path = self.path.display();
        match &self.kind {
            LoadErrorKind::Parse(e) => e
                .messages()
                .into_iter()
                .map(|m| format!("{path}: {m}"))
                .collect(),
            _ => vec![self.to_string()],
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            LoadErrorKind::Io(e) => write!(f, "{path}: cannot read the project: {e}"),
            // (`u64::MAX`: a stream of unknown size, read as far as allowed.)
            LoadErrorKind::TooLarge { bytes } if *bytes != u64::MAX => write!(
                f,
                "{path}: the project file is {:.1} MB; Factmark opens projects up to {} MB",
                *bytes as f64 / 1_048_576.0,
                MAX_PROJECT_BYTES / 1_048_576
            ),
            LoadErrorKind::TooLarge { .. } => write!(
                f,
                "{path}: the project file is over {} MB, the most Factmark opens",
                MAX_PROJECT_BYTES / 1_048_576
            ),
            LoadErrorKind::Parse(_) => write!(f, "{}", self.lines().join("\n")),
        }
    }
}

impl std::error::Error for LoadError {}

/// Read and validate a project file.
pub fn load_project(path: &Path) -> Result<Project, LoadError> {
    load_project_and_bytes(path).map(|(project, _)| project)
}

/// Read and validate a project file, also returning the bytes read (to notice later whether
/// the file changed on disk).
pub fn load_project_and_bytes(path: &Path) -> Result<(Project, Vec<u8>), LoadError> {
    let error = |kind| LoadError {
        path: path.to_path_buf(),
        kind,
    };
    let bytes = read_limited(path, MAX_PROJECT_BYTES).map_err(|e| match e {
        LimitedReadError::Io(e) => error(LoadErrorKind::Io(e)),
        LimitedReadError::TooLarge(bytes) => error(LoadErrorKind::TooLarge { bytes }),
    })?;
    let project = parse_project(&bytes).map_err(|e| error(LoadErrorKind::Parse(e)))?;
    Ok((project, bytes))
}

/// Whether these bytes (a file's start is enough) are a Factmark project: a JSON object
/// naming the format in its first megabyte (every project Factmark writes names it on
/// line 2).
pub fn is_project_content(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1 << 20)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{FEFF}').trim_start();
    text.starts_with('{') && text.contains(&format!("\"{FORMAT}\""))
}

/// Whether a path names a project file rather than an article, by its name.
pub fn looks_like_project(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}
