//! Golden files: the sample project exported in every format, compared byte for byte with
//! `tests/golden/`. Each golden file was reviewed by eye when it was made.
//!
//! After a deliberate change to an export, regenerate them with
//! `FACTMARK_UPDATE_GOLDEN=1 cargo test --test export_golden`, look at the diff, and commit.

mod common;

use std::path::{Path, PathBuf};

use common::{repo_path, sample_project_path};
use factmark::export::{ExportFormat, ExportOptions, ExportOutput, render};
use factmark::project_file::{generator, load_project};

/// The export time and organization the golden files were made with.
pub const GOLDEN_NOW: &str = "2026-11-26T12:00:00Z";
pub const GOLDEN_ORG: &str = "Example Fact Check";

/// The version changes with every release; the golden files say `factmark VERSION`.
fn normalize(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).expect("exports are UTF-8");
    text.replace(&generator(), "factmark VERSION").into_bytes()
}

fn golden_dir() -> PathBuf {
    repo_path("tests/golden")
}

fn check(path: &Path, actual: &[u8]) -> Result<(), String> {
    let actual = normalize(actual);
    if std::env::var_os("FACTMARK_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read(path).map_err(|e| {
        format!(
            "{}: {e} (run with FACTMARK_UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    let expected = String::from_utf8_lossy(&expected);
    let actual = String::from_utf8_lossy(&actual);
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Err(format!(
        "{} differs from the export, first at line {}:\n  golden: {:?}\n  actual: {:?}\n\
         (if the change is deliberate: FACTMARK_UPDATE_GOLDEN=1 cargo test --test export_golden)",
        path.display(),
        line + 1,
        expected.lines().nth(line).unwrap_or("<end of file>"),
        actual.lines().nth(line).unwrap_or("<end of file>"),
    ))
}

#[test]
fn every_format_matches_its_golden_file() {
    let project = load_project(&sample_project_path()).unwrap();
    let options = ExportOptions::new("nso-blacklist-appeal", GOLDEN_NOW)
        .with_organization(Some(GOLDEN_ORG.to_string()));
    let mut failures = Vec::new();
    for format in ExportFormat::ALL {
        let name = format.default_file_name("nso-blacklist-appeal");
        match render(&project, format, &options).unwrap() {
            ExportOutput::File(bytes) => {
                if let Err(e) = check(&golden_dir().join(&name), &bytes) {
                    failures.push(e);
                }
            }
            ExportOutput::Folder(files) => {
                assert_eq!(files.len(), 4, "{format}");
                for file in files {
                    if let Err(e) = check(&golden_dir().join(&name).join(&file.name), &file.bytes) {
                        failures.push(e);
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn exports_are_deterministic() {
    let project = load_project(&sample_project_path()).unwrap();
    let options = ExportOptions::new("x", GOLDEN_NOW).with_organization(Some("Org".into()));
    for format in ExportFormat::ALL {
        assert_eq!(
            render(&project, format, &options).unwrap(),
            render(&project, format, &options).unwrap(),
            "{format}"
        );
    }
}
