//! Exports of a project for review and for other tools. Plain Rust (no egui): the command
//! line, the desktop app and the tests all call [`render`] or [`write_export`].
//!
//! One file per format:
//! - [`html`]: a self-contained, printable review report;
//! - [`markdown`]: the same review memo as Markdown;
//! - [`csv`]: one row per annotation, for spreadsheets;
//! - [`w3c`]: a W3C Web Annotation collection (JSON-LD);
//! - [`claimreview`]: schema.org `ClaimReview` JSON-LD, one per rated claim;
//! - [`brat`]: brat standoff (`NAME.txt` and `NAME.ann` in a folder);
//! - json: the canonical project file ([`crate::project_file::project_to_json`]).
//!
//! Exports never change the project. Every time they show (the export time, the ClaimReview
//! date) comes from [`ExportOptions::now`], so the same project and options always give the
//! same bytes.

pub mod brat;
pub mod claimreview;
pub mod csv;
pub mod html;
pub mod markdown;
pub(crate) mod review;
pub mod w3c;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::atomic_file::{WriteError, write_atomically};
use crate::model::Project;
use crate::project_file::project_to_json;

/// What a project can be exported as. The command line lists these for `--format`; the app
/// lists them in File ▸ Export, in [`ExportFormat::ALL`] order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ValueEnum)]
pub enum ExportFormat {
    /// A printable review report: one self-contained HTML file.
    Html,
    /// The review memo as Markdown.
    #[value(name = "md", alias = "markdown")]
    Markdown,
    /// One row per annotation (UTF-8 with BOM).
    Csv,
    /// W3C Web Annotation collection (JSON-LD).
    W3c,
    /// schema.org ClaimReview JSON-LD for rated claims (needs --org).
    #[value(name = "claimreview")]
    ClaimReview,
    /// brat standoff: NAME.txt and NAME.ann in the folder given with -o.
    Brat,
    /// The canonical project file (a clean re-save).
    Json,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Html,
        ExportFormat::Markdown,
        ExportFormat::Csv,
        ExportFormat::W3c,
        ExportFormat::ClaimReview,
        ExportFormat::Brat,
        ExportFormat::Json,
    ];

    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Html => "html",
            ExportFormat::Markdown => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::W3c => "w3c",
            ExportFormat::ClaimReview => "claimreview",
            ExportFormat::Brat => "brat",
            ExportFormat::Json => "json",
        }
    }

    /// The format for a `--format` name (or alias), if any.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        <ExportFormat as ValueEnum>::from_str(name, true).ok()
    }

    /// What a menu item calls it (the app adds the "…").
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Html => "Review report (HTML)",
            ExportFormat::Markdown => "Review memo (Markdown)",
            ExportFormat::Csv => "Spreadsheet (CSV)",
            ExportFormat::W3c => "W3C Web Annotation (JSON-LD)",
            ExportFormat::ClaimReview => "ClaimReview for rated claims (JSON-LD)",
            ExportFormat::Brat => "brat standoff (folder)",
            ExportFormat::Json => "Copy of the project (JSON)",
        }
    }

    /// The file name extension, without a dot, for a save dialog's filter. For brat, which
    /// writes a folder, the extension of its annotation file.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Html => "html",
            ExportFormat::Markdown => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::W3c | ExportFormat::ClaimReview => "jsonld",
            ExportFormat::Brat => "ann",
            ExportFormat::Json => "json",
        }
    }

    /// Whether the output is a folder of files (brat) rather than one file: the app asks for
    /// a folder, the command line needs `-o FOLDER`.
    pub fn writes_folder(self) -> bool {
        self == ExportFormat::Brat
    }

    /// Whether [`ExportOptions::organization`] must be set.
    pub fn needs_organization(self) -> bool {
        self == ExportFormat::ClaimReview
    }

    /// The file (for brat: folder) name to suggest, from a [`base_name`]: `nso.html`,
    /// `nso.w3c.jsonld`, `nso-brat`, …. The JSON copy is `NAME-copy.factmark.json` so that it
    /// is never suggested over the project itself.
    pub fn default_file_name(self, base_name: &str) -> String {
        match self {
            ExportFormat::W3c => format!("{base_name}.w3c.jsonld"),
            ExportFormat::ClaimReview => format!("{base_name}.claimreview.jsonld"),
            ExportFormat::Brat => format!("{base_name}-brat"),
            ExportFormat::Json => format!("{base_name}-copy.{}", crate::project_file::EXTENSION),
            other => format!("{base_name}.{}", other.extension()),
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name exports are called by: the project file's name without `.factmark.json` (or
/// `.json`), or, for a project not saved yet, the article title made file-name safe, or
/// `factmark-export`.
pub fn base_name(project_path: Option<&Path>, title: &str) -> String {
    if let Some(name) = project_path.and_then(Path::file_name) {
        let name = name.to_string_lossy();
        let stem = strip_suffix_ignore_case(&name, ".factmark.json")
            .or_else(|| strip_suffix_ignore_case(&name, ".json"))
            .unwrap_or(&name);
        if !stem.trim().is_empty() {
            return stem.to_string();
        }
    }
    let slug = slug(title);
    if slug.is_empty() {
        "factmark-export".to_string()
    } else {
        slug
    }
}

fn strip_suffix_ignore_case<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = name.len().checked_sub(suffix.len())?;
    (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(suffix)).then(|| &name[..cut])
}

/// A title as a file name that is valid on Windows, macOS and Linux: letters and digits of
/// any script kept (lowercased), everything else a single `-`, at most 60 characters, and
/// never one of Windows' reserved device names.
fn slug(title: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut out = String::new();
    let mut chars = 0;
    let mut pending_dash = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
                chars += 1;
            }
            pending_dash = false;
            for lower in c.to_lowercase() {
                out.push(lower);
                chars += 1;
            }
            if chars >= MAX_CHARS {
                break;
            }
        } else {
            pending_dash = true;
        }
    }
    const RESERVED: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    if RESERVED.contains(&out.as_str()) {
        out.push_str("-article");
    }
    out
}

/// Settings of an export that do not come from the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// When the export is made, RFC 3339 (e.g. [`crate::model::timestamp::now`]). Shown in
    /// the HTML report and used as the ClaimReview and W3C publication times; injected so
    /// that tests get the same bytes every time.
    pub now: String,
    /// The organization publishing ClaimReview (`--org NAME`, a preference in the app).
    /// Required for [`ExportFormat::ClaimReview`], unused otherwise.
    pub organization: Option<String>,
    /// What the files inside a brat folder are called (`NAME.txt`, `NAME.ann`); see
    /// [`base_name`].
    pub base_name: String,
    /// The organization's web site (`--org-url URL`), ClaimReview's `author.url`.
    pub organization_url: Option<String>,
    /// Where reviews are published, for claims without their own published review URL:
    /// `{id}` is replaced by the annotation id (`--url-template`,
    /// `https://factcheck.example/{id}`). ClaimReview's `url`.
    pub url_template: Option<String>,
    /// CSV: put a `'` before cells a spreadsheet would run as formulas (on unless
    /// `--no-formula-guard`; see [`csv`]).
    pub formula_guard: bool,
    /// ClaimReview: also publish claims whose review is not approved yet (`--all`, the
    /// app's "Include claims not yet approved"). Off: only approved claims are published,
    /// since a verdict is the author's proposal until it is approved.
    pub include_unapproved: bool,
}

impl ExportOptions {
    pub fn new(base_name: impl Into<String>, now: impl Into<String>) -> Self {
        Self {
            now: now.into(),
            organization: None,
            base_name: base_name.into(),
            organization_url: None,
            url_template: None,
            formula_guard: true,
            include_unapproved: false,
        }
    }

    /// Set the organization's web site; a blank one counts as none.
    pub fn with_organization_url(mut self, url: Option<String>) -> Self {
        self.organization_url = url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        self
    }

    /// Set the review URL template (`{id}` is the annotation id); a blank one counts as none.
    pub fn with_url_template(mut self, template: Option<String>) -> Self {
        self.url_template = template
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        self
    }

    /// Set the ClaimReview organization; a blank name counts as none.
    pub fn with_organization(mut self, organization: Option<String>) -> Self {
        self.organization = organization
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty());
        self
    }
}

/// One file of a multi-file export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// A plain file name, no folders.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What an export produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportOutput {
    /// The bytes of one file.
    File(Vec<u8>),
    /// Files that go together into one folder (brat).
    Folder(Vec<OutputFile>),
}

/// Why an export could not be made or written.
#[derive(Debug)]
pub enum ExportError {
    /// ClaimReview needs to say who publishes the review.
    MissingOrganization,
    /// A folder export was given a path that is an existing file.
    NotAFolder(PathBuf),
    /// The folder for a folder export could not be created.
    CreateFolder { path: PathBuf, source: io::Error },
    /// The target is a Factmark project, which only the JSON export may replace.
    WouldReplaceProject(PathBuf),
    /// The JSON export's target is a Factmark project and replacing it was not asked for.
    ProjectExists(PathBuf),
    /// A folder export's text file exists with other text, and replacing it was not asked for.
    WouldReplaceText(PathBuf),
    /// A brat collection's `annotation.conf` or `visual.conf` exists with other content
    /// (the collection's own configuration): never replaced, even with `--force`.
    WouldReplaceConf(PathBuf),
    /// A file could not be written (nothing was changed on disk for that file).
    Write(WriteError),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::MissingOrganization => write!(
                f,
                "a ClaimReview export needs the name of the organization publishing the \
                 fact-check (--org NAME on the command line, or the organization setting in \
                 the app)"
            ),
            ExportError::NotAFolder(path) => write!(
                f,
                "{}: is a file; a brat export writes NAME.txt and NAME.ann into a folder",
                path.display()
            ),
            ExportError::CreateFolder { path, source } => {
                write!(
                    f,
                    "{}: could not create the folder: {source}",
                    path.display()
                )
            }
            ExportError::WouldReplaceProject(path) => write!(
                f,
                "{}: is a Factmark project; an export never replaces a project file, choose \
                 another name",
                path.display()
            ),
            ExportError::ProjectExists(path) => write!(
                f,
                "{}: is a Factmark project already; choose another name, or pass --force to \
                 replace it (the old file is kept as .bak)",
                path.display()
            ),
            ExportError::WouldReplaceText(path) => write!(
                f,
                "{}: exists with other text (the article this project was made from?); choose \
                 another folder, or pass --force to replace it",
                path.display()
            ),
            ExportError::WouldReplaceConf(path) => write!(
                f,
                "{}: exists with other content (the brat collection's own configuration); \
                 Factmark never replaces it: export into another folder, or move the file \
                 away and merge it with Factmark's afterwards",
                path.display()
            ),
            ExportError::Write(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<WriteError> for ExportError {
    fn from(e: WriteError) -> Self {
        ExportError::Write(e)
    }
}

/// Render a project in a format, in memory.
pub fn render(
    project: &Project,
    format: ExportFormat,
    options: &ExportOptions,
) -> Result<ExportOutput, ExportError> {
    let file = match format {
        ExportFormat::Html => html::render(project, options),
        ExportFormat::Markdown => markdown::render(project, options),
        ExportFormat::Csv => csv::render(project, options.formula_guard),
        ExportFormat::W3c => w3c::render(project, options),
        ExportFormat::ClaimReview => {
            let organization = options
                .organization
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .ok_or(ExportError::MissingOrganization)?;
            claimreview::render(project, organization, options)
        }
        ExportFormat::Brat => return Ok(ExportOutput::Folder(brat::render(project, options))),
        ExportFormat::Json => project_to_json(project),
    };
    Ok(ExportOutput::File(file))
}

/// What an export of this project in this format leaves out, said to the user after it is
/// written (empty: nothing). brat's spans need a place in the text, which annotations
/// needing review after an article update do not have; ClaimReview names no claimant it
/// does not know, and says which reviews miss what Google requires or recommends (a `url`,
/// a `claimReviewed` of at most 75 characters). Warnings never stop an export.
pub fn left_out(project: &Project, format: ExportFormat, options: &ExportOptions) -> Vec<String> {
    let mut warnings = Vec::new();
    // The JSON copy keeps them (it is the project file).
    let n = project.needs_repair().len();
    if n > 0 && format != ExportFormat::Json {
        warnings.push(format!(
            "{} set aside for repair when the project was opened {} not in this export (repair \
             {} in the project first; `factmark check` lists what is wrong)",
            review::count(n, "annotation", "annotations"),
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it" } else { "them" }
        ));
    }
    let n = project.needs_review().len();
    if format == ExportFormat::Brat && n > 0 {
        warnings.push(format!(
            "{} needing review since the article changed {} not in the brat export (brat needs \
             a place in the text; place {} first)",
            review::count(n, "annotation", "annotations"),
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it" } else { "them" }
        ));
    }
    let n = claimreview::unapproved(project, options);
    if format == ExportFormat::ClaimReview && n > 0 {
        warnings.push(format!(
            "{} not approved yet, so {} not in the ClaimReview export (a verdict is the \
             author's proposal until it is approved; approve {} in the claim's review, or \
             include {} with --all, or in the app with \"Include claims not yet approved\" \
             under File, Export)",
            review::count(n, "rated claim is", "rated claims are"),
            if n == 1 { "it is" } else { "they are" },
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" }
        ));
    }
    let n = claimreview::missing_claimants(project, options);
    if format == ExportFormat::ClaimReview && n > 0 {
        warnings.push(format!(
            "{} no claimant, so {} ClaimReview names no author of the claim \
             (`itemReviewed.author` is left out rather than filled with the outlet); set the \
             claimant in the claim's details",
            review::count(n, "rated claim has", "rated claims have"),
            if n == 1 { "its" } else { "their" }
        ));
    }
    if format == ExportFormat::ClaimReview {
        warnings.extend(claimreview::warnings(project, options));
    }
    warnings
}

/// Render and write an export. A file format replaces `path` atomically (no `.bak`: an
/// export can always be made again). A folder format (brat) creates the folder `path` if
/// needed and writes each of its files into it atomically.
///
/// What is never lost without `replace` (the command line's `--force`, or a save dialog that
/// already asked): a Factmark project file, which only the JSON export may replace and then
/// keeps as `.bak` (a mistyped `-o` must not turn someone's project into a report); and a
/// folder export's `NAME.txt` with other text in it (often the article the project was made
/// from). A folder export's `NAME.ann` from an earlier export is replaced, keeping the
/// previous one as `NAME.ann.bak` (it may have been edited in brat since).
pub fn write_export(
    project: &Project,
    format: ExportFormat,
    options: &ExportOptions,
    path: &Path,
    replace: bool,
) -> Result<(), ExportError> {
    let guard = |target: &Path| {
        if !is_project_file(target) {
            Ok(false)
        } else if format != ExportFormat::Json {
            Err(ExportError::WouldReplaceProject(target.to_path_buf()))
        } else if replace {
            Ok(true)
        } else {
            Err(ExportError::ProjectExists(target.to_path_buf()))
        }
    };
    match render(project, format, options)? {
        ExportOutput::File(bytes) => {
            let keep_backup = guard(path)?;
            Ok(write_atomically(path, &bytes, keep_backup)?)
        }
        ExportOutput::Folder(files) => {
            if path.exists() && !path.is_dir() {
                return Err(ExportError::NotAFolder(path.to_path_buf()));
            }
            let mut keep_backup = Vec::with_capacity(files.len());
            for file in &files {
                let target = path.join(&file.name);
                guard(&target)?;
                let differs = std::fs::read(&target).is_ok_and(|old| old != file.bytes);
                if differs && file.name.ends_with(".txt") && !replace {
                    return Err(ExportError::WouldReplaceText(target));
                }
                if differs && brat::CONF_FILES.contains(&file.name.as_str()) {
                    return Err(ExportError::WouldReplaceConf(target));
                }
                keep_backup.push(differs);
            }
            std::fs::create_dir_all(path).map_err(|source| ExportError::CreateFolder {
                path: path.to_path_buf(),
                source,
            })?;
            for (file, keep_backup) in files.into_iter().zip(keep_backup) {
                write_atomically(&path.join(&file.name), &file.bytes, keep_backup)?;
            }
            Ok(())
        }
    }
}

/// Whether `path` is an existing Factmark project file (by its content, whatever its name).
fn is_project_file(path: &Path) -> bool {
    use std::io::Read as _;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    file.take(1 << 20).read_to_end(&mut head).is_ok()
        && crate::project_file::is_project_content(&head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_what_clap_accepts() {
        for format in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_name(format.name()), Some(format));
            assert!(!format.label().is_empty());
        }
        assert_eq!(
            ExportFormat::from_name("markdown"),
            Some(ExportFormat::Markdown)
        );
        assert_eq!(ExportFormat::from_name("pdf"), None);
    }

    #[test]
    fn base_names_come_from_the_project_file_or_the_title() {
        let p = Path::new("/work/checks/nso-blacklist.factmark.json");
        assert_eq!(base_name(Some(p), "ignored"), "nso-blacklist");
        assert_eq!(base_name(Some(Path::new("x/Report.JSON")), "t"), "Report");
        assert_eq!(base_name(Some(Path::new("notes.txt")), "t"), "notes.txt");
        assert_eq!(
            base_name(None, "'Israel' pushing US to remove NSO from blacklist"),
            "israel-pushing-us-to-remove-nso-from-blacklist"
        );
        assert_eq!(base_name(None, "قال المتحدث: 2026"), "قال-المتحدث-2026");
        assert_eq!(base_name(None, "  ?!  "), "factmark-export");
        assert_eq!(base_name(None, "CON"), "con-article");
        assert_eq!(base_name(None, "a/b\\c:d*e"), "a-b-c-d-e");
        assert!(base_name(None, &"long ".repeat(40)).chars().count() <= 64);
    }

    #[test]
    fn default_file_names() {
        let names: Vec<String> = ExportFormat::ALL
            .iter()
            .map(|f| f.default_file_name("nso"))
            .collect();
        assert_eq!(
            names,
            [
                "nso.html",
                "nso.md",
                "nso.csv",
                "nso.w3c.jsonld",
                "nso.claimreview.jsonld",
                "nso-brat",
                "nso-copy.factmark.json"
            ]
        );
    }
}
