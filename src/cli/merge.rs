//! `factmark merge`: three-way merge of two checkers' versions of a project, usable as a Git
//! merge driver (`factmark merge %O %A %B -o %A`).
//!
//! Exit status: 0 when the merge is clean; 1 when conflicts remain (OUT is written, each
//! conflict is listed on stderr as a `conflict:` line); 1 with `error:` lines, and nothing
//! written, when an input cannot be read or BASE is not their common version.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::atomic_file::write_atomically;
use crate::merge::{Input, merge};
use crate::project_file::{load_project, project_to_json, save_project};

use super::{output_file, report_failure, same_file};

/// Exit status when nothing was merged (bad input): 2, so that a script can tell it from
/// 1, a merge written with conflicts left to decide. Git treats both as a failed merge.
const REFUSED: u8 = 2;

fn refuse(message: String) -> ExitCode {
    report_failure(message);
    ExitCode::from(REFUSED)
}

// The about text is the `Command` variant's doc comment.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The common version both sides were edited from (Git's %O).
    pub base: PathBuf,
    /// Our version (Git's %A).
    pub ours: PathBuf,
    /// Their version (Git's %B).
    pub theirs: PathBuf,
    /// Where to write the merged project; may be OURS (as a Git merge driver does: every
    /// input is read before anything is written).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Overwrite OUT if it exists and is not one of the inputs.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: MergeArgs) -> Result<(), ExitCode> {
    let output = args.output.as_path();
    output_file(output).map_err(refuse)?;
    let inputs = [
        (Input::Base, &args.base),
        (Input::Ours, &args.ours),
        (Input::Theirs, &args.theirs),
    ];
    let is_input = inputs.iter().any(|(_, path)| same_file(output, path));
    if output.exists() && !args.force && !is_input {
        return Err(refuse(format!(
            "{} already exists; choose another name or pass --force to replace it",
            output.display()
        )));
    }
    // Read all three before writing anything: OUT may be one of them.
    let mut projects = Vec::with_capacity(3);
    let mut errors = Vec::new();
    for (input, path) in inputs {
        match load_project(path) {
            Ok(project) => projects.push(project),
            Err(e) => errors.extend(e.lines().into_iter().map(|l| format!("{l} ({input})"))),
        }
    }
    if !errors.is_empty() {
        errors.push("nothing was merged or written".to_string());
        return Err(refuse(errors.join("\n")));
    }
    let [base, ours, theirs] = <[_; 3]>::try_from(projects).expect("three projects were read");
    let outcome = merge(&base, &ours, &theirs).map_err(|e| {
        let path = match e.input() {
            Some(Input::Base) => Some(&args.base),
            Some(Input::Ours) => Some(&args.ours),
            Some(Input::Theirs) => Some(&args.theirs),
            None => None,
        };
        let message = match path {
            Some(path) => format!("{}: {e}", path.display()),
            None => e.to_string(),
        };
        refuse(format!("{message}\nnothing was merged or written"))
    })?;
    let project = &outcome.project;
    // As a Git merge driver OUT is OURS, a temporary file Git reads back: a `.bak` beside it
    // would be left in the work tree (Git keeps every version anyway).
    let written = if same_file(output, &args.ours) {
        write_atomically(output, &project_to_json(project), false)
    } else {
        save_project(project, output)
    };
    written.map_err(|e| refuse(format!("{e}\nnothing was written")))?;

    let new = outcome.conflicts.len();
    let carried = project.conflicts().len() - new;
    for (i, conflict) in project.conflicts().iter().enumerate() {
        let earlier = if i < carried {
            " (recorded by an earlier merge)"
        } else {
            ""
        };
        complain!("conflict: {}{earlier}", conflict.describe());
    }
    let count = crate::export::review::count;
    say!(
        "merged {}: {}",
        count(
            project.annotations().len() + project.needs_review().len(),
            "annotation",
            "annotations"
        ),
        match (new, carried) {
            (0, 0) => "clean".to_string(),
            (n, 0) => count(n, "conflict", "conflicts"),
            (n, c) => format!(
                "{}, and {} from an earlier merge",
                count(n, "conflict", "conflicts"),
                count(c, "conflict", "conflicts")
            ),
        }
    );
    if outcome.reanchored > 0 {
        say!(
            "re-anchored {} onto the other side's article text",
            count(outcome.reanchored, "annotation", "annotations")
        );
    }
    say!("wrote {}", output.display());
    if outcome.is_clean() {
        Ok(())
    } else {
        complain!(
            "{} left to decide: open {} in Factmark (Conflicts), then save",
            count(project.conflicts().len(), "conflict is", "conflicts are"),
            output.display()
        );
        Err(ExitCode::from(1))
    }
}
