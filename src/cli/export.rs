//! `factmark export`: write a project in one of the review or exchange formats.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::export::{self, ExportFormat, ExportOptions, ExportOutput};
use crate::model::timestamp;
use crate::project_file::load_project;

use super::{same_file, usage_error};

// The about text is the `Command` variant's doc comment.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The project file to export.
    pub project: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file (default: standard output). For brat: the folder to write NAME.txt
    /// and NAME.ann into (required), NAME being the project's name.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The organization publishing the fact-check (required for claimreview).
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// The organization's web site (claimreview: the reviewing author's `url`).
    #[arg(long, value_name = "URL")]
    pub org_url: Option<String>,
    /// Where each review is published, for claims without their own published review URL
    /// (claimreview: `url`); {id} is the annotation id, e.g.
    /// 'https://factcheck.example/{id}'.
    #[arg(long, value_name = "TEMPLATE")]
    pub url_template: Option<String>,
    /// csv: write cells exactly as in the project, without the `'` that keeps
    /// spreadsheets from running cells starting with = + - @ as formulas. Only for files read
    /// by a CSV library, never opened in a spreadsheet.
    #[arg(long)]
    pub no_formula_guard: bool,
    /// claimreview: publish every rated claim, also those whose review is not approved yet
    /// (without it, only approved claims are exported and the rest are counted on stderr).
    #[arg(long)]
    pub all: bool,
    /// With --format json: replace OUT if it is another Factmark project (the old file is
    /// kept as OUT.bak). With --format brat: replace a NAME.txt in the folder that holds
    /// other text.
    #[arg(long)]
    pub force: bool,
}

/// Run `export`, first reporting what clap cannot check by itself as a usage error.
pub fn run(args: ExportArgs) -> Result<(), ExitCode> {
    if let Some(problem) =
        export_usage_problem(args.format, args.output.as_deref(), args.org.as_deref())
    {
        return Err(usage_error("export", &problem));
    }
    export(args).map_err(super::report_failure)
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

fn export(args: ExportArgs) -> Result<(), String> {
    let (path, format, output) = (args.project.as_path(), args.format, args.output.as_deref());
    let (org, force, no_formula_guard) = (args.org, args.force, args.no_formula_guard);
    let project = load_project(path).map_err(|e| e.to_string())?;
    let options = ExportOptions::new(
        export::base_name(Some(path), &project.article().metadata.title),
        timestamp::now(),
    )
    .with_organization(org)
    .with_organization_url(args.org_url)
    .with_url_template(args.url_template);
    let options = ExportOptions {
        formula_guard: !no_formula_guard,
        include_unapproved: args.all,
        ..options
    };
    match output {
        Some(out) => {
            // Re-saving a project over itself (--format json -o PROJECT) needs no --force.
            let replace = force || same_file(out, path);
            export::write_export(&project, format, &options, out, replace)
                .map_err(|e| e.to_string())?;
            for warning in export::left_out(&project, format, &options) {
                complain!("warning: {warning}");
            }
            if let Ok(ExportOutput::Folder(files)) = export::render(&project, format, &options) {
                let names: Vec<String> = files
                    .iter()
                    .map(|f| out.join(&f.name).display().to_string())
                    .collect();
                say!("wrote {}", names.join(", "));
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
            for warning in export::left_out(&project, format, &options) {
                complain!("warning: {warning}");
            }
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("writing to standard output: {e}"))
        }
    }
}
