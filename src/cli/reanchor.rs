//! `factmark reanchor`: move a project's annotations onto a newer version of its article.

use std::path::PathBuf;

use crate::import::import_file;
use crate::model::timestamp;
use crate::model::validate::excerpt;
use crate::project_file::{load_project, save_project};
use crate::reanchor::{Outcome, ReanchorReport, merge_metadata, update_article_text};

use super::{output_file, same_file};

// The about text is the `Command` variant's doc comment.
#[derive(Debug, clap::Args)]
pub struct ReanchorArgs {
    pub project: PathBuf,
    /// The newer version of the article, in any form `new` accepts. Leave it out to
    /// re-anchor a project whose text was edited outside Factmark.
    pub new_article: Option<PathBuf>,
    /// Where to write the updated project (may be PROJECT itself; the old file is kept
    /// as .bak).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// When the new version was retrieved: YYYY-MM-DD or an RFC 3339 date-time
    /// (default: today).
    #[arg(long)]
    pub retrieved: Option<String>,
    /// Overwrite OUT if it exists and is not PROJECT.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: ReanchorArgs) -> Result<(), String> {
    let (path, new_article, output) = (
        args.project.as_path(),
        args.new_article.as_deref(),
        args.output.as_path(),
    );
    let (retrieved, force) = (args.retrieved, args.force);
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
            let today = Some(crate::import::today());
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
