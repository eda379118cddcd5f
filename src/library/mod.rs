//! The claim library: every checked claim of every project, and the ClaimReviews that
//! fact-checkers publish, in one local full-text index, so "has this been checked before?"
//! has an answer.
//!
//! The library is a cache. Its folder holds the index and a manifest of its sources (path,
//! content hash, kind, entry count); [`Library::rebuild`] re-reads every source that still
//! exists. Nothing in it is the only copy of anything.
//!
//! A search is two stages: the engine's BM25 over [`analyze::terms`] of each entry's claim
//! and review title picks up to [`FIRST_STAGE`] candidates, [`rerank::rerank`] re-scores
//! them by how likely each is the same claim, and [`rerank::tier`] sorts them into "likely
//! the same claim" and "possible match" (anything below is not returned).
//!
//! No egui here: the command line and the app's worker thread both use it.

pub mod analyze;
mod ingest;
pub mod rerank;
mod store;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Project;

pub use ingest::{MAX_SOURCE_BYTES, canonical as canonical_path};

/// How many first-stage candidates are re-ranked.
pub const FIRST_STAGE: usize = 80;

/// An open library. `Send`: the app keeps it on a worker thread.
pub struct Library {
    store: store::Store,
}

/// What [`Library::open`] gives: the library, and what happened while opening it that a
/// person should be told (a corrupt library rebuilt, a newer format set aside…).
pub struct Opened {
    pub library: Library,
    pub notices: Vec<String>,
}

/// What an add or a rebuild did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AddReport {
    /// Entries now in the library from the sources read.
    pub added: usize,
    /// Entries of those sources that were there before and were replaced.
    pub replaced: usize,
    /// Sources (projects and feeds) read.
    pub sources: usize,
    /// One line per item or file that could not go in (whole or in part), naming the file
    /// and the item, e.g. `feed.json: item 3 (dataFeedElement[2].item[0]):
    /// reviewRating.alternateName: expected a string`.
    pub problems: Vec<String>,
}

impl AddReport {
    fn absorb(&mut self, other: AddReport) {
        self.added += other.added;
        self.replaced += other.replaced;
        self.sources += other.sources;
        self.problems.extend(other.problems);
    }
}

/// One checked claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The claim as checked (a project's quote; a review's `claimReviewed`).
    pub claim: String,
    /// The verdict or rating in words ("False", "Mostly true", "Pants on Fire").
    pub verdict: Option<String>,
    /// The published review's address; only ever `http:` or `https:`.
    pub url: Option<String>,
    /// Who checked it (a review's author; a project's outlet or publisher).
    pub org: Option<String>,
    /// A date as the source gives it (usually `YYYY-MM-DD` or RFC 3339).
    pub date: Option<String>,
    /// The review's title or headline (a project claim's one-line restatement).
    pub title: Option<String>,
    /// Who made the claim.
    pub claimant: Option<String>,
    pub source: EntrySource,
}

/// Where an entry came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum EntrySource {
    /// A Factmark project and the id of the claim annotation.
    Project { path: PathBuf, annotation: String },
    /// A ClaimReview feed and the item: its `@id`, or else its place in the file
    /// (`dataFeedElement[3].item[0]`).
    Feed { path: PathBuf, item: String },
}

impl EntrySource {
    pub fn path(&self) -> &Path {
        match self {
            EntrySource::Project { path, .. } | EntrySource::Feed { path, .. } => path,
        }
    }
}

/// A search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Match {
    #[serde(flatten)]
    pub entry: Entry,
    /// 0..=1, from the re-ranker.
    pub score: f32,
    pub tier: Tier,
}

/// How sure a match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// "Likely the same claim".
    Likely,
    /// "Possible match".
    Possible,
}

impl Tier {
    /// The name in JSON output: `likely` or `possible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Likely => "likely",
            Tier::Possible => "possible",
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Likely => "likely the same claim",
            Tier::Possible => "possible match",
        }
    }
}

/// A kind of source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Project,
    Feed,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Project => "project",
            SourceKind::Feed => "feed",
        }
    }
}

/// One source in the library (for `factmark library list`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// Canonical path.
    pub path: PathBuf,
    pub kind: SourceKind,
    pub entries: usize,
    /// When it was (last) added, RFC 3339 UTC.
    pub added: String,
    /// SHA-256 of the file's bytes when it was read.
    pub sha256: String,
}

/// What went wrong with the library or a source as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibraryError {
    /// Reading or writing a file failed.
    Io { path: PathBuf, message: String },
    /// A source that cannot be read at all (not JSON, too large, not a project or
    /// ClaimReview JSON-LD…).
    Source { path: PathBuf, message: String },
    /// The library's own files.
    Library { dir: PathBuf, message: String },
    /// No folder to keep the library in (no home folder, and no `FACTMARK_LIBRARY`).
    NoDirectory,
}

impl fmt::Display for LibraryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LibraryError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            LibraryError::Source { path, message } => write!(f, "{}: {message}", path.display()),
            LibraryError::Library { dir, message } => {
                write!(f, "the library at {}: {message}", dir.display())
            }
            LibraryError::NoDirectory => f.write_str(
                "no folder for the claim library: set FACTMARK_LIBRARY or use --library DIR",
            ),
        }
    }
}

impl std::error::Error for LibraryError {}

impl LibraryError {
    fn io(path: &Path, error: &std::io::Error) -> Self {
        LibraryError::Io {
            path: path.to_path_buf(),
            message: error.to_string(),
        }
    }
}

/// The environment variable that names the library folder.
pub const LIBRARY_ENV: &str = "FACTMARK_LIBRARY";

impl Library {
    /// `FACTMARK_LIBRARY` if set, else the `library` folder in the platform's data folder.
    pub fn default_dir() -> Option<PathBuf> {
        match std::env::var_os(LIBRARY_ENV) {
            Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
            _ => crate::platform::data_dir().map(|d| d.join("library")),
        }
    }

    /// Open the library in `dir`, creating it if missing. A corrupt library is rebuilt from
    /// its sources, and a notice says so.
    pub fn open(dir: &Path) -> Result<Opened, LibraryError> {
        let (store, notices) = store::Store::open(dir)?;
        Ok(Opened {
            library: Library { store },
            notices,
        })
    }

    /// The library's folder.
    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    /// Add a project, a ClaimReview JSON-LD file, or a folder of them (recursively). Adding
    /// a source again replaces its entries. Problems with single items or files go in the
    /// report; an `Err` means nothing could be added (the path is missing, or the only
    /// file given cannot be read).
    pub fn add_path(&mut self, path: &Path) -> Result<AddReport, LibraryError> {
        let metadata = std::fs::metadata(path).map_err(|e| LibraryError::io(path, &e))?;
        if metadata.is_dir() {
            let mut report = AddReport::default();
            let mut files = Vec::new();
            ingest::collect_files(path, &mut files, &mut report.problems);
            let mut batch = Vec::new();
            for file in files {
                match ingest::read_source(&file, true) {
                    Ok(Some(source)) => batch.push(source),
                    Ok(None) => {}
                    Err(error) => report.problems.push(error.to_string()),
                }
            }
            report.absorb(self.store.put(batch)?);
            Ok(report)
        } else {
            let source = ingest::read_source(path, false)?
                .expect("a file given by name is always read or refused");
            self.store.put(vec![source])
        }
    }

    /// Add (or replace) a project the app has in memory, saved at `path`.
    pub fn add_project(
        &mut self,
        path: &Path,
        project: &Project,
    ) -> Result<AddReport, LibraryError> {
        let source = ingest::project_source(path, project)?;
        self.store.put(vec![source])
    }

    /// Remove a source (or every source under a folder); returns how many entries went.
    pub fn remove(&mut self, path: &Path) -> Result<usize, LibraryError> {
        self.store.remove(&ingest::canonical(path))
    }

    /// Every source, by path.
    pub fn sources(&self) -> Result<Vec<SourceInfo>, LibraryError> {
        self.store.sources()
    }

    /// Re-read every source that still exists (and drop those that do not).
    pub fn rebuild(&mut self) -> Result<AddReport, LibraryError> {
        let sources = self.store.sources()?;
        let (batch, report) = ingest::reread(&sources);
        let mut done = self.store.replace_all(batch)?;
        done.absorb(report);
        Ok(done)
    }

    /// The library's entries most likely the same claim as `text`, best first, at most
    /// `limit`. Texts shorter than [`rerank::MIN_QUERY_CHARS`] match nothing.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Match>, LibraryError> {
        if text.trim().chars().count() < rerank::MIN_QUERY_CHARS || limit == 0 {
            return Ok(Vec::new());
        }
        let terms = analyze::terms(text);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let found = self.store.first_stage(&terms, FIRST_STAGE)?;
        let candidates: Vec<rerank::Candidate> = found
            .iter()
            .map(|(entry, score)| rerank::Candidate {
                claim: &entry.claim,
                title: entry.title.as_deref(),
                first_stage: *score,
            })
            .collect();
        let ranked = rerank::rerank(text, &candidates);
        let mut matches = Vec::new();
        for r in ranked {
            let Some(tier) = rerank::tier(&r) else {
                continue;
            };
            let Some((entry, _)) = found.get(r.index) else {
                continue;
            };
            matches.push(Match {
                entry: entry.clone(),
                score: r.score,
                tier,
            });
            if matches.len() == limit {
                break;
            }
        }
        Ok(matches)
    }

    /// How many entries the library holds.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
