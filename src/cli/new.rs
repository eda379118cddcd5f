//! `factmark new`: make a project from an article file.

use std::path::PathBuf;

use crate::import::import_file;
use crate::model::article::is_plausible_language_tag;
use crate::model::{Article, ArticleText, Project, timestamp};
use crate::project_file::save_project;

use super::output_file;

// The about text is the `Command` variant's doc comment.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The article: plain text (.txt, UTF-8 or UTF-16 with a BOM), a saved web page
    /// (.html, .htm) or Markdown (.md). Other names are read by their content.
    pub article: PathBuf,
    /// Where to write the project (e.g. article.factmark.json).
    #[arg(short, long, value_name = "PROJECT")]
    pub output: PathBuf,
    /// The article's title (default: the page's title, or the text's first line when it
    /// looks like one).
    #[arg(long)]
    pub title: Option<String>,
    /// Where the article was published.
    #[arg(long)]
    pub url: Option<String>,
    /// The outlet that published it.
    #[arg(long)]
    pub outlet: Option<String>,
    /// The article's author(s).
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date: YYYY-MM-DD or an RFC 3339 date-time.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// When you took this copy of the article: YYYY-MM-DD or an RFC 3339 date-time
    /// (default: the date the page gives, else today, as in the app).
    #[arg(long, value_name = "DATE")]
    pub retrieved: Option<String>,
    /// BCP 47 language tag, e.g. en, ar, pt-BR.
    #[arg(long)]
    pub language: Option<String>,
    /// Overwrite PROJECT if it exists (the old file is kept as PROJECT.bak).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: NewArgs) -> Result<(), String> {
    let output = args.output.as_path();
    output_file(output)?;
    if output.exists() && !args.force {
        return Err(format!(
            "{} already exists; choose another name or pass --force to replace it",
            output.display()
        ));
    }
    if let Some(lang) = &args.language
        && !is_plausible_language_tag(lang)
    {
        return Err(format!(
            "--language {lang:?} is not a BCP 47 language tag such as \"en\" or \"pt-BR\""
        ));
    }
    for (option, value) in [
        ("--published", &args.published),
        ("--retrieved", &args.retrieved),
    ] {
        if let Some(date) = value
            && !timestamp::is_date_or_rfc3339(date)
        {
            return Err(format!(
                "{option} {date:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time"
            ));
        }
    }
    let mut imported = import_file(&args.article).map_err(|e| e.to_string())?;
    let metadata = &mut imported.metadata;
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
        (args.retrieved, &mut metadata.retrieved),
        (args.language, &mut metadata.language),
    ] {
        if let Some(value) = non_empty(given) {
            *field = Some(value);
        }
    }
    // Neither the page nor the command line said when: today, as the app's preview says.
    let imported = imported.retrieved_today_unless_known();
    let paragraphs = imported.paragraph_count();
    let project = Project::new(
        Article::new(imported.metadata, ArticleText::new(imported.text)),
        &timestamp::now(),
    );
    save_project(&project, output).map_err(|e| e.to_string())?;
    say!(
        "created {} ({} characters, {} paragraphs)",
        output.display(),
        project.article().text.len_chars(),
        paragraphs
    );
    Ok(())
}
