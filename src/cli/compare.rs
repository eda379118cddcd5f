//! `factmark compare A B`: how far two checkers who annotated the same article agree.

use std::path::{Path, PathBuf};

use crate::atomic_file::write_atomically;
use crate::compare::{compare, render_html, to_json, to_text};
use crate::model::timestamp;
use crate::project_file::load_project;

// The about text is the `Command` variant's doc comment.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The first checker's project: the reference for precision and recall.
    pub a: PathBuf,
    /// The second checker's project, of the same article text.
    pub b: PathBuf,
    /// Print the figures and disagreements as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write a self-contained HTML agreement report to OUT.
    #[arg(long, value_name = "OUT")]
    pub html: Option<PathBuf>,
}

pub fn run(args: CompareArgs) -> Result<(), String> {
    if let Some(out) = &args.html {
        super::output_file(out)?;
        for input in [&args.a, &args.b] {
            if super::same_file(out, input) {
                return Err(format!(
                    "--html {}: is one of the projects being compared; name another file",
                    out.display()
                ));
            }
        }
    }
    let a = load_project(&args.a).map_err(|e| e.to_string())?;
    let b = load_project(&args.b).map_err(|e| e.to_string())?;
    let (name_a, name_b) = (shown(&args.a), shown(&args.b));
    let comparison = compare(&a, &b).map_err(|e| e.describe(&name_a, &name_b))?;
    if let Some(out) = &args.html {
        let html = render_html(
            &comparison,
            &name_a,
            &name_b,
            &a.article().metadata.title,
            &timestamp::now(),
        );
        write_atomically(out, &html, false).map_err(|e| e.to_string())?;
        if !args.json {
            say!("wrote {}", out.display());
        }
    }
    if args.json {
        let mut json = to_json(&comparison);
        if let Some(map) = json.as_object_mut() {
            map.insert(
                "files".into(),
                serde_json::json!({ "a": name_a, "b": name_b }),
            );
        }
        let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
        say!("{text}");
    } else {
        let text = to_text(&comparison, &name_a, &name_b);
        say!("{}", text.trim_end());
    }
    Ok(())
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}
