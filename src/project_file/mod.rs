//! The project file, format version 2: a self-contained, pretty-printed JSON document that
//! diffs cleanly in Git. Reading validates everything; writing is atomic.
//!
//! Version 2 adds to version 1, and nothing else changes: the article's earlier texts
//! (`article.revisions`), each annotation's re-anchoring status (`anchor`), and the
//! annotations re-anchoring could not place (`needs_review`). A version 1 file is read as a
//! version 2 file with no revisions, no anchors and nothing needing review, and is written
//! as version 2 when saved (its `.bak` keeps the version 1 file).

mod read;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};

pub use read::parse_project;
pub use write::{generator, project_to_json, save_project};

use serde_json::{Map, Value};

use crate::import::{LimitedReadError, read_limited};
use crate::model::{ArticleState, Problem, Project};
use crate::reanchor::{ReanchorReport, reanchor_edited_text};

/// The value of the `format` field.
pub const FORMAT: &str = "factmark-project";
/// The format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u64 = 2;
/// The oldest format version this build reads.
pub const OLDEST_FORMAT_VERSION: u64 = 1;
/// Project files larger than this are refused before they are read whole.
pub const MAX_PROJECT_BYTES: u64 = 200 * 1024 * 1024;
/// The file name extension Factmark gives projects.
pub const EXTENSION: &str = "factmark.json";

// The fields this build knows, in the order they are written. Anything else is kept as an
// unknown field and written back after these.
pub(crate) const PROJECT_FIELDS: [&str; 8] = [
    "format",
    "version",
    "generator",
    "created",
    "modified",
    "article",
    "annotations",
    "needs_review",
];
pub(crate) const ARTICLE_FIELDS: [&str; 10] = [
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
];
pub(crate) const ANNOTATION_FIELDS: [&str; 15] = [
    "id",
    "kind",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "note",
    "verdict",
    "claims",
    "reference",
    "author",
    "created",
    "modified",
    "anchor",
];
pub(crate) const REVISION_FIELDS: [&str; 5] =
    ["replaced", "title", "retrieved", "text_sha256", "text"];
pub(crate) const ANCHOR_FIELDS: [&str; 5] = ["status", "text_sha256", "start", "end", "quote"];

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
        let project = Project::from_state(self.created, self.modified, state, self.extra)
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
            && self.extra == other.extra
    }
}

// Every field compares as an equivalence (no floating-point NaN reaches a project).
impl Eq for TextChanged {}

/// How many problems of one file are listed; a broken generator can make hundreds of
/// thousands of the same one, and the first ones are what a person can act on.
pub const MAX_LISTED_PROBLEMS: usize = 100;

impl ParseError {
    /// One line per problem (at most [`MAX_LISTED_PROBLEMS`], then how many more there are).
    pub fn messages(&self) -> Vec<String> {
        match self {
            ParseError::Invalid(problems) => {
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
                lines
            }
            other => vec![other.to_string()],
        }
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
