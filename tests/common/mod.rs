//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

#[cfg(feature = "app")]
pub mod ui;

use factmark::model::{Article, ArticleMetadata, ArticleText, Edit, Kind, Project};

pub const NOW: &str = "2026-11-26T10:00:00Z";

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

pub fn sample_project_path() -> PathBuf {
    repo_path("sample_projects/nso-blacklist-appeal.factmark.json")
}

pub fn project_with_text(text: &str) -> Project {
    let metadata = ArticleMetadata {
        title: "Test article".into(),
        ..ArticleMetadata::default()
    };
    Project::new(
        Article::new(metadata, ArticleText::new(text.to_string())),
        NOW,
    )
}

/// Code-point range of the `occurrence`-th (1-based) `needle` in `text`, computed without the
/// crate's own conversion code.
pub fn find_chars(text: &str, needle: &str, occurrence: usize) -> std::ops::Range<usize> {
    let byte = text
        .match_indices(needle)
        .nth(occurrence - 1)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
        .0;
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

/// Tag the first occurrence of `needle` and return the new annotation's id.
pub fn tag(project: &mut Project, kind: Kind, needle: &str) -> String {
    let range = find_chars(project.article().text.as_str(), needle, 1);
    let annotation = project.make_annotation(kind, range, None, NOW).unwrap();
    let id = annotation.id.clone();
    project.apply(&Edit::Add(annotation)).unwrap();
    id
}
