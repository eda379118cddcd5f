//! The command line: `factmark [FILE]` and one file per subcommand. Each subcommand's
//! arguments are a `clap::Args` struct beside its code; this file only dispatches.
//!
//! Exit status: 0 on success, 1 on invalid input or a failed operation (a message on stderr
//! starting `error:`), 2 on usage errors (clap's own).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser, Subcommand};

/// `println!` that never panics: when the reader has gone away (`factmark check … | head -1`)
/// the rest of the output is dropped, which is what the reader asked for.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = std::io::Write::write_fmt(
            &mut std::io::stdout().lock(),
            format_args!("{}\n", format_args!($($arg)*)),
        );
    }};
}

/// `eprintln!` that never panics (standard error may be closed too).
macro_rules! complain {
    ($($arg:tt)*) => {{
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr().lock(),
            format_args!("{}\n", format_args!($($arg)*)),
        );
    }};
}

#[derive(Debug, Parser)]
#[command(
    name = "factmark",
    version,
    about = "Annotate news articles for fact-checking: tag claims, sources and disputes, link \
             them, and export the work for review.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A project (.json) or an article (.txt, .html, .htm, .md) to open in the desktop app.
    pub file: Option<PathBuf>,

    /// The desktop app's claim library folder (instead of FACTMARK_LIBRARY or the platform
    /// data folder).
    #[arg(long, value_name = "DIR")]
    pub library: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

mod check;
mod compare;
mod export;
mod library;
mod merge;
mod new;
mod reanchor;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a project from an article file.
    New(new::NewArgs),
    /// Validate projects; print one line per problem.
    Check(check::CheckArgs),
    /// Re-anchor a project's annotations to a newer version of its article, and write the
    /// result: each annotation is kept, moved, placed on changed wording, or marked as
    /// needing review (never dropped). The old text is kept in the project's history.
    Reanchor(reanchor::ReanchorArgs),
    /// Export a project for review or for other tools.
    Export(export::ExportArgs),
    /// Three-way merge of two checkers' versions of a project (BASE is the version both
    /// started from), field by field; exit 1 when conflicts remain (OUT is still written,
    /// with both values kept). As a Git merge driver: factmark merge %O %A %B -o %A.
    Merge(merge::MergeArgs),
    /// Compare two checkers' projects of the same article: span F1 (exact and by overlap),
    /// per-kind precision, recall and F1, Cohen's kappa on kinds and verdicts, and every
    /// disagreement. A is the reference for precision and recall.
    Compare(compare::CompareArgs),
    /// The claim library: every checked claim of your projects and of the ClaimReview
    /// feeds you add, to find earlier checks of a claim.
    Library(library::LibraryArgs),
}

/// Run a subcommand; returns the process exit status.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::New(args) => new::run(args).map_err(report_failure),
        Command::Check(args) => check::run(args).map_err(report_failure),
        Command::Reanchor(args) => reanchor::run(args).map_err(report_failure),
        Command::Export(args) => export::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Compare(args) => compare::run(args).map_err(report_failure),
        Command::Library(args) => library::run(args).map_err(report_failure),
    };
    result.map_or_else(|status| status, |()| ExitCode::SUCCESS)
}

/// Print a failed command's message, every line an `error:` line (as in `check`), and give
/// the exit status for a failure.
fn report_failure(message: String) -> ExitCode {
    for line in message.lines() {
        complain!("error: {line}");
    }
    ExitCode::from(1)
}

/// `-o` must name a file, not a folder (the save would fail late, with an obscure message).
fn output_file(output: &Path) -> Result<(), String> {
    if output.is_dir() {
        return Err(format!(
            "-o {}: is a folder; give the name of the project file to write, e.g. {}",
            output.display(),
            output.join("project.factmark.json").display()
        ));
    }
    Ok(())
}

/// Report a usage error the way clap does (its format, exit status 2).
fn usage_error(subcommand: &str, message: &str) -> ExitCode {
    let mut command = Cli::command();
    command.build();
    let error = match command.find_subcommand_mut(subcommand) {
        Some(sub) => sub.error(clap::error::ErrorKind::MissingRequiredArgument, message),
        None => command.error(clap::error::ErrorKind::MissingRequiredArgument, message),
    };
    let _ = error.print();
    ExitCode::from(2)
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
