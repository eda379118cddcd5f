//! `factmark export` run as a process, for every format: exit codes, files, messages.

mod common;

use std::ffi::OsStr;
use std::process::{Command, Output};

use common::sample_project_path;
use factmark::export::{ExportFormat, ExportOptions, ExportOutput, render};
use factmark::project_file::{load_project, project_to_json};

fn factmark(args: &[&dyn AsRef<OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factmark"))
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .expect("the factmark binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What the file must look like, for each format, without knowing the export time.
fn check_output(format: ExportFormat, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    match format {
        ExportFormat::Html => {
            assert!(text.starts_with("<!DOCTYPE html>"));
            assert!(text.trim_end().ends_with("</html>"));
            assert!(text.contains("&#39;Israel&#39; pushing US to remove NSO from blacklist"));
        }
        ExportFormat::Markdown => {
            assert!(text.starts_with("# Fact-check review: 'Israel' pushing US"));
        }
        ExportFormat::Csv => {
            assert!(text.starts_with("\u{FEFF}id,kind,start,end,quote,"));
            assert_eq!(text.matches("\r\n").count(), 23, "a header and 22 rows");
        }
        ExportFormat::W3c => {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(v["type"], "AnnotationCollection");
            assert_eq!(v["total"], 22);
        }
        ExportFormat::ClaimReview => {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            // The sample's 12 rated claims, less the 2 not approved yet.
            assert_eq!(v.as_array().unwrap().len(), 10);
            assert_eq!(v[0]["author"]["name"], "Example Fact Check");
        }
        ExportFormat::Json => {
            let project = load_project(&sample_project_path()).unwrap();
            assert_eq!(bytes, project_to_json(&project));
        }
        ExportFormat::Brat => unreachable!("a folder"),
    }
}

#[test]
fn every_file_format_writes_to_a_file_and_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    for format in ExportFormat::ALL.into_iter().filter(|f| !f.writes_folder()) {
        let target = dir.path().join(format.default_file_name("nso"));
        let out = factmark(&[
            &"export",
            &sample_project_path(),
            &"--format",
            &format.name(),
            &"-o",
            &target,
            &"--org",
            &"Example Fact Check",
        ]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{format}");
        check_output(format, &std::fs::read(&target).unwrap());

        let out = factmark(&[
            &"export",
            &sample_project_path(),
            &"--format",
            &format.name(),
            &"--org",
            &"Example Fact Check",
        ]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        check_output(format, &out.stdout);
    }
}

#[test]
fn brat_writes_name_txt_and_name_ann_into_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("collection");
    let out = factmark(&[
        &"export",
        &sample_project_path(),
        &"--format",
        &"brat",
        &"-o",
        &folder,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("nso-blacklist-appeal.ann"));
    let project = load_project(&sample_project_path()).unwrap();
    let options = ExportOptions::new("nso-blacklist-appeal", "2026-11-26T12:00:00Z");
    let ExportOutput::Folder(files) = render(&project, ExportFormat::Brat, &options).unwrap()
    else {
        panic!("brat is a folder")
    };
    for f in files {
        assert_eq!(
            std::fs::read(folder.join(&f.name)).unwrap(),
            f.bytes,
            "{}",
            f.name
        );
    }
}

#[test]
fn missing_folder_or_organization_is_a_usage_error() {
    let out = factmark(&[&"export", &sample_project_path(), &"--format", &"brat"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: ") && stderr(&out).contains("-o FOLDER"),
        "{}",
        stderr(&out)
    );
    for org in [None, Some("  ")] {
        let mut args: Vec<&dyn AsRef<OsStr>> =
            vec![&"export", &"--format", &"claimreview", &"x.json"];
        if let Some(org) = &org {
            args.push(&"--org");
            args.push(org);
        }
        let out = factmark(&args);
        assert_eq!(out.status.code(), Some(2), "{org:?}");
        assert!(stderr(&out).contains("--org NAME"), "{}", stderr(&out));
    }
    let out = factmark(&[&"export", &sample_project_path(), &"--format", &"pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("claimreview"), "lists the formats");
}

#[test]
fn failures_exit_1_with_a_message_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "keep").unwrap();
    let out = factmark(&[
        &"export",
        &sample_project_path(),
        &"--format",
        &"brat",
        &"-o",
        &file,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: ") && stderr(&out).contains("plain-file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");

    let missing = dir.path().join("missing.factmark.json");
    for format in ExportFormat::ALL {
        let out = factmark(&[
            &"export",
            &missing,
            &"--format",
            &format.name(),
            &"-o",
            &dir.path().join("out"),
            &"--org",
            &"Org",
        ]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(stderr(&out).contains("missing.factmark.json"), "{format}");
    }

    let out = factmark(&[
        &"export",
        &sample_project_path(),
        &"--format",
        &"html",
        &"-o",
        &dir.path().join("no/such/folder/report.html"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("report.html"), "{}", stderr(&out));
}

#[test]
fn an_export_never_replaces_a_project_file_except_the_json_copy() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("mine.factmark.json");
    std::fs::copy(sample_project_path(), &project).unwrap();
    let original = std::fs::read(&project).unwrap();
    for format in ["html", "md", "csv", "w3c", "claimreview"] {
        let out = factmark(&[
            &"export",
            &project,
            &"--format",
            &format,
            &"-o",
            &project,
            &"--org",
            &"Org",
        ]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(
            stderr(&out).contains("is a Factmark project"),
            "{format}: {}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&project).unwrap(), original, "{format}");
    }
    // The JSON export is a project itself: re-saving one in place is what it is for.
    let out = factmark(&[&"export", &project, &"--format", &"json", &"-o", &project]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        load_project(&project).unwrap(),
        load_project(&sample_project_path()).unwrap()
    );
}

#[test]
fn the_json_export_replaces_another_project_only_with_force_and_keeps_a_bak() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.factmark.json");
    let mut other_project = load_project(&sample_project_path()).unwrap();
    let mut metadata = other_project.article().metadata.clone();
    metadata.title = "Someone else's project".into();
    let edit = other_project.edit_metadata(metadata);
    other_project.apply(&edit).unwrap();
    factmark::project_file::save_project(&other_project, &other).unwrap();
    let before = std::fs::read(&other).unwrap();

    let out = factmark(&[
        &"export",
        &sample_project_path(),
        &"--format",
        &"json",
        &"-o",
        &other,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is a Factmark project already") && stderr(&out).contains("--force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&other).unwrap(), before, "left as it was");

    let out = factmark(&[
        &"export",
        &sample_project_path(),
        &"--format",
        &"json",
        &"-o",
        &other,
        &"--force",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        load_project(&other).unwrap(),
        load_project(&sample_project_path()).unwrap()
    );
    let bak = dir.path().join("other.factmark.json.bak");
    assert_eq!(
        std::fs::read(bak).unwrap(),
        before,
        "the replaced project is kept"
    );
}

#[test]
fn brat_never_replaces_other_text_in_the_folder_without_force() {
    let dir = tempfile::tempdir().unwrap();
    // The layout of sample_projects/: the article the project was made from beside it.
    let project = dir.path().join("nso-blacklist-appeal.factmark.json");
    std::fs::copy(sample_project_path(), &project).unwrap();
    let article = dir.path().join("nso-blacklist-appeal.txt");
    std::fs::write(&article, "My own notes on the article.\n").unwrap();

    let folder = dir.path().to_path_buf();
    let brat = |extra: &[&dyn AsRef<OsStr>]| {
        let mut args: Vec<&dyn AsRef<OsStr>> =
            vec![&"export", &project, &"--format", &"brat", &"-o", &folder];
        args.extend_from_slice(extra);
        factmark(&args)
    };
    let out = brat(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nso-blacklist-appeal.txt"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&article).unwrap(),
        "My own notes on the article.\n"
    );
    assert!(
        !dir.path().join("nso-blacklist-appeal.ann").exists(),
        "nothing half-written"
    );

    let out = brat(&[&"--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&article).unwrap();
    assert_eq!(
        text,
        load_project(&project).unwrap().article().text.as_str()
    );
    // Exporting again into the same folder needs no --force: the text is the same.
    assert_eq!(brat(&[]).status.code(), Some(0));
}

#[test]
fn csv_without_the_formula_guard_and_claimreview_with_a_url_template() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = common::project_with_text("He typed =SUM(A1:A9) and left.");
    let id = common::tag(&mut project, factmark::model::Kind::Claim, "=SUM(A1:A9)");
    project
        .apply(
            &project
                .edit_set_verdict(&id, Some(factmark::model::Verdict::False), common::NOW)
                .unwrap(),
        )
        .unwrap();
    let path = dir.path().join("p.factmark.json");
    std::fs::write(&path, project_to_json(&project)).unwrap();
    let csv_cell = |extra: &[&str]| {
        let mut args: Vec<&dyn AsRef<OsStr>> = vec![&"export", &path, &"--format", &"csv"];
        for a in extra {
            args.push(a);
        }
        let out = factmark(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        row[4].to_string()
    };
    // Guarded by default, exactly the article text without the guard.
    assert_eq!(csv_cell(&[]), "'=SUM(A1:A9)");
    assert_eq!(csv_cell(&["--no-formula-guard"]), "=SUM(A1:A9)");

    let out = factmark(&[
        &"export",
        &path,
        &"--format",
        &"claimreview",
        &"--org",
        &"Example Fact Check",
        &"--org-url",
        &"https://factcheck.example/",
        &"--url-template",
        &"https://factcheck.example/{id}",
        &"--all",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("`url`"), "{}", stderr(&out));
    let reviews: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reviews[0]["url"], format!("https://factcheck.example/{id}"));
    assert_eq!(reviews[0]["author"]["url"], "https://factcheck.example/");
    // Without the template, a warning on standard error, and still an export.
    let out = factmark(&[
        &"export",
        &path,
        &"--format",
        &"claimreview",
        &"--org",
        &"X",
        &"--all",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("no `url`"), "{}", stderr(&out));
}

#[test]
fn claimreview_publishes_only_approved_claims_unless_all() {
    let project = load_project(&sample_project_path()).unwrap();
    let approved: Vec<String> = project
        .annotations()
        .iter()
        .filter(|a| a.verdict.is_some())
        .filter(|a| a.record.review.state == factmark::model::ReviewState::Approved)
        .map(|a| a.claim_text().trim().to_string())
        .collect();
    let rated = project
        .annotations()
        .iter()
        .filter(|a| a.verdict.is_some())
        .count();
    assert!(
        !approved.is_empty() && approved.len() < rated,
        "the sample has both"
    );
    let sample = sample_project_path();
    let run = |all: bool| {
        let mut args: Vec<&dyn AsRef<OsStr>> = vec![
            &"export",
            &sample,
            &"--format",
            &"claimreview",
            &"--org",
            &"X",
        ];
        if all {
            args.push(&"--all");
        }
        let out = factmark(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let reviews: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (reviews.as_array().unwrap().clone(), stderr(&out))
    };
    let (reviews, warnings) = run(false);
    let published: Vec<String> = reviews
        .iter()
        .map(|r| r["claimReviewed"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(published, approved, "exactly the approved claims, in order");
    let left = rated - approved.len();
    assert!(
        warnings.contains(&format!("{left} rated claims are not approved yet")),
        "{warnings}"
    );
    assert!(warnings.contains("--all"), "{warnings}");
    let (all, warnings) = run(true);
    assert_eq!(all.len(), rated);
    assert!(!warnings.contains("not approved"), "{warnings}");
}
