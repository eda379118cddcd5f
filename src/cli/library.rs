//! `factmark library`: the claim library from the command line — add projects and
//! ClaimReview feeds, search it, match a project's claims against it, list, remove and
//! rebuild its sources.
//!
//! `search --json` prints an array of matches, best first, each
//! `{claim, verdict, url, org, date, title, claimant, score, tier, source}` where `tier` is
//! `"likely"` or `"possible"` and `source` is `{"kind": "project", "path", "annotation"}` or
//! `{"kind": "feed", "path", "item"}`; fields that are not known are `null`. `match --json`
//! prints `[{annotation, claim, matches: [...]}]`, one per claim of the project, with the
//! same matches. These forms are an interface: fields may be added, never renamed.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::library::{Library, Match};
use crate::model::Kind;
use crate::project_file::load_project;

#[derive(Debug, clap::Args)]
pub struct LibraryArgs {
    /// The library folder (default: FACTMARK_LIBRARY, else the platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub library: Option<PathBuf>,

    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Add projects, ClaimReview JSON-LD files or folders of them (adding again replaces).
    Add {
        #[arg(required = true, value_name = "FILE_OR_FOLDER")]
        paths: Vec<PathBuf>,
    },
    /// Search the library for earlier checks of a claim, best match first.
    Search {
        #[arg(required = true, value_name = "TEXT", num_args = 1..)]
        text: Vec<String>,
        /// At most this many matches.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Every claim of a project with its best earlier checks (the project's own entries
    /// left out).
    Match {
        #[arg(value_name = "PROJECT")]
        project: PathBuf,
        /// At most this many matches per claim.
        #[arg(long, default_value_t = 3)]
        limit: usize,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// List the library's sources.
    List,
    /// Remove a source, or every source under a folder.
    Remove {
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Re-read every source; those that are gone are dropped.
    Rebuild,
}

fn open(dir: Option<PathBuf>) -> Result<Library, String> {
    let dir = dir
        .or_else(Library::default_dir)
        .ok_or_else(|| crate::library::LibraryError::NoDirectory.to_string())?;
    let opened = Library::open(&dir).map_err(|e| e.to_string())?;
    for notice in &opened.notices {
        complain!("note: {notice}");
    }
    Ok(opened.library)
}

fn json_line(value: &impl Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    say!("{text}");
    Ok(())
}

pub fn run(args: LibraryArgs) -> Result<(), String> {
    let mut library = open(args.library)?;
    match args.action {
        Action::Add { paths } => {
            let mut failed = Vec::new();
            let mut total = crate::library::AddReport::default();
            for path in &paths {
                match library.add_path(path) {
                    Ok(report) => {
                        for problem in &report.problems {
                            complain!("warning: {problem}");
                        }
                        total.added += report.added;
                        total.replaced += report.replaced;
                        total.sources += report.sources;
                        total.problems.extend(report.problems);
                    }
                    Err(e) => failed.push(e.to_string()),
                }
            }
            say!(
                "added {} from {} ({} replaced); the library holds {}",
                plural(total.added, "entry", "entries"),
                plural(total.sources, "source", "sources"),
                total.replaced,
                plural(library.len(), "entry", "entries"),
            );
            if !total.problems.is_empty() {
                say!(
                    "{} could not go in whole (see the warnings)",
                    plural(total.problems.len(), "item or file", "items or files")
                );
            }
            if failed.is_empty() {
                Ok(())
            } else {
                Err(failed.join("\n"))
            }
        }
        Action::Search { text, limit, json } => {
            let text = text.join(" ");
            if text.trim().chars().count() < crate::library::rerank::MIN_QUERY_CHARS {
                complain!(
                    "warning: texts shorter than {} characters match nothing",
                    crate::library::rerank::MIN_QUERY_CHARS
                );
            }
            let found = library.search(&text, limit).map_err(|e| e.to_string())?;
            if json {
                return json_line(&found);
            }
            if found.is_empty() {
                say!("no earlier checks found");
            }
            for (i, m) in found.iter().enumerate() {
                print_match(i + 1, m);
            }
            Ok(())
        }
        Action::Match {
            project,
            limit,
            json,
        } => match_project(&library, &project, limit, json),
        Action::List => {
            let sources = library.sources().map_err(|e| e.to_string())?;
            if sources.is_empty() {
                say!("the library at {} is empty", library.dir().display());
            }
            for s in &sources {
                say!(
                    "{}\t{}\t{}\t{}",
                    s.path.display(),
                    s.kind.as_str(),
                    plural(s.entries, "entry", "entries"),
                    s.added
                );
            }
            Ok(())
        }
        Action::Remove { path } => {
            let before = library.sources().map_err(|e| e.to_string())?.len();
            let removed = library.remove(&path).map_err(|e| e.to_string())?;
            let after = library.sources().map_err(|e| e.to_string())?.len();
            if before == after {
                return Err(format!("{}: not in the library", path.display()));
            }
            say!(
                "removed {} ({})",
                plural(before - after, "source", "sources"),
                plural(removed, "entry", "entries")
            );
            Ok(())
        }
        Action::Rebuild => {
            let report = library.rebuild().map_err(|e| e.to_string())?;
            for problem in &report.problems {
                complain!("warning: {problem}");
            }
            say!(
                "rebuilt: {} from {}",
                plural(report.added, "entry", "entries"),
                plural(report.sources, "source", "sources")
            );
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct ClaimMatches {
    annotation: String,
    claim: String,
    matches: Vec<Match>,
}

fn match_project(library: &Library, path: &Path, limit: usize, json: bool) -> Result<(), String> {
    let project = load_project(path).map_err(|e| e.to_string())?;
    let own = crate::library::canonical_path(path);
    let mut out = Vec::new();
    for a in project.all_annotations().filter(|a| a.kind == Kind::Claim) {
        // One more than asked, in case the project's own entry is among them.
        let mut matches = library
            .search(&a.quote, limit.saturating_add(1))
            .map_err(|e| e.to_string())?;
        matches.retain(|m| m.entry.source.path() != own);
        matches.truncate(limit);
        out.push(ClaimMatches {
            annotation: a.id.clone(),
            claim: a.quote.clone(),
            matches,
        });
    }
    if json {
        return json_line(&out);
    }
    for claim in &out {
        say!("{} \"{}\"", claim.annotation, claim.claim);
        if claim.matches.is_empty() {
            say!("   no earlier checks found");
        }
        for (i, m) in claim.matches.iter().enumerate() {
            print_match(i + 1, m);
        }
    }
    Ok(())
}

fn print_match(rank: usize, m: &Match) {
    let e = &m.entry;
    let mut line = e.verdict.clone().unwrap_or_else(|| "no verdict".into());
    let by: Vec<&str> = [e.org.as_deref(), e.date.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !by.is_empty() {
        line.push_str(" — ");
        line.push_str(&by.join(", "));
    }
    say!("{rank}. {} ({:.2}): {line}", m.tier.label(), m.score);
    say!("   {}", e.claim);
    if let Some(url) = &e.url {
        say!("   {url}");
    }
    match &e.source {
        crate::library::EntrySource::Project { path, annotation } => {
            say!("   from {} ({annotation})", path.display());
        }
        crate::library::EntrySource::Feed { path, item } => {
            say!("   from {} ({item})", path.display());
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
