//! The command line: `factmark [FILE]`, `new`, `check`, `export`, `reanchor`.
//!
//! Exit status: 0 on success, 1 on invalid input or a failed operation (a message on stderr
//! starting `error:`), 2 on usage errors (clap's own).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser, Subcommand};

use crate::export::review::count;
use crate::export::{self, ExportFormat, ExportOptions, ExportOutput};
use crate::import::import_file;
use crate::model::article::is_plausible_language_tag;
use crate::model::validate::excerpt;
use crate::model::{Article, ArticleText, Project, timestamp};
use crate::project_file::{load_project, save_project};
use crate::reanchor::{Outcome, ReanchorReport, merge_metadata, update_article_text};

/// `println!` that never panics: when the reader has gone away (`factmark check … | head -1`)
/// the rest of the output is dropped, which is what the reader asked for.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that never panics (standard error may be closed too).
macro_rules! complain {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
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

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a project from an article file.
    New {
        /// The article: plain text (.txt, UTF-8 or UTF-16 with a BOM), a saved web page
        /// (.html, .htm) or Markdown (.md). Other names are read by their content.
        article: PathBuf,
        /// Where to write the project (e.g. article.factmark.json).
        #[arg(short, long, value_name = "PROJECT")]
        output: PathBuf,
        /// The article's title (default: the page's title, or the text's first line when it
        /// looks like one).
        #[arg(long)]
        title: Option<String>,
        /// Where the article was published.
        #[arg(long)]
        url: Option<String>,
        /// The outlet that published it.
        #[arg(long)]
        outlet: Option<String>,
        /// The article's author(s).
        #[arg(long)]
        author: Option<String>,
        /// Publication date: YYYY-MM-DD or an RFC 3339 date-time.
        #[arg(long)]
        published: Option<String>,
        /// BCP 47 language tag, e.g. en, ar, pt-BR.
        #[arg(long)]
        language: Option<String>,
        /// Overwrite PROJECT if it exists (the old file is kept as PROJECT.bak).
        #[arg(long)]
        force: bool,
    },
    /// Validate projects; print one line per problem.
    Check {
        #[arg(required = true, value_name = "PROJECT")]
        projects: Vec<PathBuf>,
    },
    /// Re-anchor a project's annotations to a newer version of its article, and write the
    /// result: each annotation is kept, moved, placed on changed wording, or marked as
    /// needing review (never dropped). The old text is kept in the project's history.
    Reanchor {
        project: PathBuf,
        /// The newer version of the article, in any form `new` accepts. Leave it out to
        /// re-anchor a project whose text was edited outside Factmark.
        new_article: Option<PathBuf>,
        /// Where to write the updated project (may be PROJECT itself; the old file is kept
        /// as .bak).
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// When the new version was retrieved: YYYY-MM-DD or an RFC 3339 date-time
        /// (default: today).
        #[arg(long)]
        retrieved: Option<String>,
        /// Overwrite OUT if it exists and is not PROJECT.
        #[arg(long)]
        force: bool,
    },
    /// Export a project for review or for other tools.
    Export {
        /// The project file to export.
        project: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file (default: standard output). For brat: the folder to write NAME.txt
        /// and NAME.ann into (required), NAME being the project's name.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The organization publishing the fact-check (required for claimreview).
        #[arg(long, value_name = "NAME")]
        org: Option<String>,
        /// With --format json: replace OUT if it is another Factmark project (the old file is
        /// kept as OUT.bak). With --format brat: replace a NAME.txt in the folder that holds
        /// other text.
        #[arg(long)]
        force: bool,
    },
}

/// Run a subcommand; returns the process exit status.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::New {
            article,
            output,
            title,
            url,
            outlet,
            author,
            published,
            language,
            force,
        } => new_project(NewProject {
            article: &article,
            output: &output,
            title,
            url,
            outlet,
            author,
            published,
            language,
            force,
        }),
        Command::Check { projects } => check(&projects),
        Command::Reanchor {
            project,
            new_article,
            output,
            retrieved,
            force,
        } => reanchor(&project, new_article.as_deref(), &output, retrieved, force),
        Command::Export {
            project,
            format,
            output,
            org,
            force,
        } => {
            if let Some(problem) = export_usage_problem(format, output.as_deref(), org.as_deref()) {
                return usage_error(&problem);
            }
            export(&project, format, output.as_deref(), org, force)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Every line of a many-problem message is an `error:` line, as in `check`.
            for line in message.lines() {
                complain!("error: {line}");
            }
            ExitCode::from(1)
        }
    }
}

struct NewProject<'a> {
    article: &'a Path,
    output: &'a Path,
    title: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    published: Option<String>,
    language: Option<String>,
    force: bool,
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

fn new_project(args: NewProject) -> Result<(), String> {
    output_file(args.output)?;
    if args.output.exists() && !args.force {
        return Err(format!(
            "{} already exists; choose another name or pass --force to replace it",
            args.output.display()
        ));
    }
    if let Some(lang) = &args.language
        && !is_plausible_language_tag(lang)
    {
        return Err(format!(
            "--language {lang:?} is not a BCP 47 language tag such as \"en\" or \"pt-BR\""
        ));
    }
    if let Some(date) = &args.published
        && !timestamp::is_date_or_rfc3339(date)
    {
        return Err(format!(
            "--published {date:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time"
        ));
    }
    let imported = import_file(args.article).map_err(|e| e.to_string())?;
    let mut metadata = imported.metadata;
    // Metadata fields are one line each: a pasted line break or tab becomes a space.
    let non_empty = |s: Option<String>| {
        s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    if let Some(title) = non_empty(args.title) {
        metadata.title = title;
    }
    // What the command line says wins over what the page says.
    for (given, field) in [
        (args.url, &mut metadata.url),
        (args.outlet, &mut metadata.outlet),
        (args.author, &mut metadata.author),
        (args.published, &mut metadata.published),
        (args.language, &mut metadata.language),
    ] {
        if let Some(value) = non_empty(given) {
            *field = Some(value);
        }
    }
    let project = Project::new(
        Article::new(metadata, ArticleText::new(imported.text)),
        &timestamp::now(),
    );
    save_project(&project, args.output).map_err(|e| e.to_string())?;
    say!(
        "created {} ({} characters, {} paragraphs)",
        args.output.display(),
        project.article().text.len_chars(),
        project.article().text.paragraphs().len()
    );
    Ok(())
}

fn check(paths: &[PathBuf]) -> Result<(), String> {
    let mut failed = 0;
    for path in paths {
        match load_project(path) {
            Ok(project) => {
                let c = project.counts();
                let review = match project.needs_review().len() {
                    0 => String::new(),
                    1 => "; 1 needs review after the article changed".to_string(),
                    n => format!("; {n} need review after the article changed"),
                };
                for warning in crate::model::validate::split_graphemes(&project) {
                    complain!("warning: {}: {warning}", path.display());
                }
                say!(
                    "{}: ok ({}: {}, {}, {}{review})",
                    path.display(),
                    count(project.annotations().len(), "annotation", "annotations"),
                    count(c.claims, "claim", "claims"),
                    count(c.sources, "source", "sources"),
                    count(c.disputes, "dispute", "disputes")
                );
            }
            Err(e) => {
                failed += 1;
                for line in e.lines() {
                    complain!("error: {line}");
                }
            }
        }
    }
    match failed {
        0 => Ok(()),
        // The problems are already printed, one per line.
        _ if paths.len() == 1 => Err(String::new()),
        n => Err(format!("{n} of {} projects have problems", paths.len())),
    }
}

fn reanchor(
    path: &Path,
    new_article: Option<&Path>,
    output: &Path,
    retrieved: Option<String>,
    force: bool,
) -> Result<(), String> {
    output_file(output)?;
    if output.exists() && !force && !same_file(output, path) {
        return Err(format!(
            "{} already exists; choose another name or pass --force to replace it",
            output.display()
        ));
    }
    if let Some(date) = &retrieved
        && !timestamp::is_date_or_rfc3339(date)
    {
        return Err(format!(
            "--retrieved {date:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time"
        ));
    }
    let now = timestamp::now();
    let (project, report) = match (load_project(path), new_article) {
        (Ok(mut project), Some(article)) => {
            let imported = import_file(article).map_err(|e| e.to_string())?;
            let today = now.get(..10).map(str::to_string);
            let metadata = merge_metadata(
                &project.article().metadata,
                &imported.metadata,
                retrieved.or(today),
            );
            let update = update_article_text(&project, &imported.text, metadata, &now);
            project
                .apply(&update.edit)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            (project, update.report)
        }
        (Ok(_), None) => {
            return Err(format!(
                "{}: the article text is as it was saved; give the newer version of the \
                 article to re-anchor to (factmark reanchor PROJECT NEW_ARTICLE -o OUT)",
                path.display()
            ));
        }
        (Err(error), new_article) => {
            let changed = error.into_text_changed().map_err(|e| e.to_string())?;
            if new_article.is_some() {
                return Err(format!(
                    "{}: the article text was edited outside Factmark since the project was \
                     saved; re-anchor to that text first (factmark reanchor PROJECT -o OUT), \
                     then to the newer version",
                    path.display()
                ));
            }
            changed
                .reanchor(&now)
                .map_err(|e| format!("{}: {e}", path.display()))?
        }
    };
    let mut project = project;
    project.modified = now;
    save_project(&project, output).map_err(|e| e.to_string())?;
    print_report(&report);
    say!("wrote {}", output.display());
    Ok(())
}

fn print_report(report: &ReanchorReport) {
    let counts = report.counts();
    let changes = report.diff.as_ref().map(|d| d.changes().count());
    match changes {
        Some(n) if report.text_changed => say!(
            "re-anchored {} annotations to the new text ({n} change{}): {counts}",
            report.placements.len(),
            if n == 1 { "" } else { "s" }
        ),
        _ if report.text_changed => say!(
            "re-anchored {} annotations to the edited text: {counts}",
            report.placements.len()
        ),
        _ => say!("the text is unchanged: {counts}"),
    }
    for p in &report.placements {
        let detail = match (p.outcome, &p.new, &p.new_quote) {
            (Outcome::Kept, ..) => continue,
            (Outcome::Moved, Some(new), _) => format!(
                "{} {}..{} -> {}..{}",
                excerpt(&p.old_quote),
                p.old.start,
                p.old.end,
                new.start,
                new.end
            ),
            (Outcome::Changed, Some(new), Some(quote)) => format!(
                "{} -> {} at {}..{}",
                excerpt(&p.old_quote),
                excerpt(quote),
                new.start,
                new.end
            ),
            _ => format!(
                "{} (was at {}..{}): {}",
                excerpt(&p.old_quote),
                p.old.start,
                p.old.end,
                p.reason
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "not placed".to_string())
            ),
        };
        say!("  {:<16}{}  {detail}", p.outcome.label(), p.id);
    }
}

/// What is missing from an `export` command line that clap cannot tell by itself.
fn export_usage_problem(
    format: ExportFormat,
    output: Option<&Path>,
    org: Option<&str>,
) -> Option<String> {
    if format.writes_folder() && output.is_none() {
        return Some(format!(
            "--format {format} writes two files (NAME.txt and NAME.ann) into a folder; \
             name the folder with -o FOLDER"
        ));
    }
    if format.needs_organization() && org.is_none_or(|o| o.trim().is_empty()) {
        return Some(format!(
            "--format {format} needs the organization publishing the fact-check: \
             pass --org NAME"
        ));
    }
    None
}

/// Report a usage error the way clap does (its format, exit status 2).
fn usage_error(message: &str) -> ExitCode {
    let mut command = Cli::command();
    command.build();
    let export = command
        .find_subcommand_mut("export")
        .expect("the export subcommand exists");
    let error = export.error(clap::error::ErrorKind::MissingRequiredArgument, message);
    let _ = error.print();
    ExitCode::from(2)
}

fn export(
    path: &Path,
    format: ExportFormat,
    output: Option<&Path>,
    org: Option<String>,
    force: bool,
) -> Result<(), String> {
    let project = load_project(path).map_err(|e| e.to_string())?;
    let options = ExportOptions::new(
        export::base_name(Some(path), &project.article().metadata.title),
        timestamp::now(),
    )
    .with_organization(org);
    match output {
        Some(out) => {
            // Re-saving a project over itself (--format json -o PROJECT) needs no --force.
            let replace = force || same_file(out, path);
            export::write_export(&project, format, &options, out, replace)
                .map_err(|e| e.to_string())?;
            if let Some(warning) = export::left_out(&project, format) {
                complain!("warning: {warning}");
            }
            if let Ok(ExportOutput::Folder(files)) = export::render(&project, format, &options) {
                let names: Vec<String> = files
                    .iter()
                    .map(|f| out.join(&f.name).display().to_string())
                    .collect();
                say!("wrote {}", names.join(" and "));
            }
            Ok(())
        }
        None => {
            let bytes =
                match export::render(&project, format, &options).map_err(|e| e.to_string())? {
                    ExportOutput::File(bytes) => bytes,
                    ExportOutput::Folder(_) => {
                        return Err(format!("--format {format} needs -o FOLDER"));
                    }
                };
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("writing to standard output: {e}"))
        }
    }
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
