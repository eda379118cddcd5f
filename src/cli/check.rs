//! `factmark check`: validate projects, one line per problem.

use std::path::PathBuf;

use crate::export::review::count;
use crate::project_file::load_project;

// The about text is the `Command` variant's doc comment.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[arg(required = true, value_name = "PROJECT")]
    pub projects: Vec<PathBuf>,
}

pub fn run(args: CheckArgs) -> Result<(), String> {
    let paths = &args.projects;
    let mut failed = 0;
    for path in paths {
        match load_project(path) {
            // Annotations the file keeps for repair are not in the article: the project is
            // not complete, so say what is wrong with each and fail.
            Ok(project) if !project.needs_repair().is_empty() => {
                failed += 1;
                for item in project.needs_repair() {
                    for problem in &item.problems {
                        complain!("error: {}: set aside for repair: {problem}", path.display());
                    }
                }
                complain!(
                    "error: {}: {} set aside for repair (in `needs_repair`, not in the article or the exports)",
                    path.display(),
                    count(
                        project.needs_repair().len(),
                        "annotation is",
                        "annotations are"
                    )
                );
            }
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
