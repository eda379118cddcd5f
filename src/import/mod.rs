//! Bringing an article in from a file.

pub mod text;

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::model::ArticleMetadata;

/// Articles larger than this are refused before they are read whole.
pub const MAX_ARTICLE_BYTES: u64 = 50 * 1024 * 1024;

/// An article read from a file, before it becomes a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedArticle {
    pub metadata: ArticleMetadata,
    /// Line endings normalized.
    pub text: String,
}

#[derive(Debug)]
pub struct ImportError {
    pub path: PathBuf,
    pub kind: ImportErrorKind,
}

#[derive(Debug)]
pub enum ImportErrorKind {
    Io(std::io::Error),
    TooLarge { bytes: u64 },
    Decode(text::DecodeError),
    Empty,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            ImportErrorKind::Io(e) => write!(f, "{path}: cannot read the article: {e}"),
            ImportErrorKind::TooLarge { bytes } => write!(
                f,
                "{path}: the article is {:.1} MB; Factmark opens articles up to {} MB",
                *bytes as f64 / 1_048_576.0,
                MAX_ARTICLE_BYTES / 1_048_576
            ),
            ImportErrorKind::Decode(e) => write!(f, "{path}: the article {e}"),
            ImportErrorKind::Empty => write!(f, "{path}: the article has no text"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Read an article file. Plain text for now: UTF-8, or UTF-16 with a BOM.
pub fn import_file(path: &Path) -> Result<ImportedArticle, ImportError> {
    let error = |kind| ImportError {
        path: path.to_path_buf(),
        kind,
    };
    let bytes = read_limited(path, MAX_ARTICLE_BYTES).map_err(|e| match e {
        LimitedReadError::Io(e) => error(ImportErrorKind::Io(e)),
        LimitedReadError::TooLarge(bytes) => error(ImportErrorKind::TooLarge { bytes }),
    })?;
    let text = text::decode_article_text(&bytes).map_err(|e| error(ImportErrorKind::Decode(e)))?;
    if text.trim().is_empty() {
        return Err(error(ImportErrorKind::Empty));
    }
    let fallback = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(from_plain_text(text, &fallback))
}

/// A plain-text article: its first line is the title when it looks like one (short, not a
/// sentence running into the next line); otherwise `fallback_title`. The text is kept whole.
pub fn from_plain_text(text: String, fallback_title: &str) -> ImportedArticle {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let looks_like_title = !first.is_empty()
        && first.chars().count() <= 200
        && text.trim().contains('\n')
        && !first.ends_with([',', ';', ':']);
    let title = if looks_like_title {
        first
    } else {
        fallback_title
    };
    ImportedArticle {
        metadata: ArticleMetadata {
            title: title.to_string(),
            ..ArticleMetadata::default()
        },
        text,
    }
}

pub enum LimitedReadError {
    Io(std::io::Error),
    TooLarge(u64),
}

/// Read a whole file unless it is larger than `limit` bytes; the size is checked before
/// reading, and again while reading (the file may grow, or report no size).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, LimitedReadError> {
    let file = std::fs::File::open(path).map_err(LimitedReadError::Io)?;
    let size = file.metadata().map_err(LimitedReadError::Io)?.len();
    if size > limit {
        return Err(LimitedReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(LimitedReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(LimitedReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_from_the_first_line_when_it_looks_like_one() {
        let a = from_plain_text("Headline here\nBody text.".into(), "file");
        assert_eq!(a.metadata.title, "Headline here");
        assert_eq!(a.text, "Headline here\nBody text.");
        let one_line = from_plain_text("Only one paragraph of text.".into(), "file");
        assert_eq!(one_line.metadata.title, "file");
        let long = from_plain_text(format!("{}\nmore", "word ".repeat(60)), "file");
        assert_eq!(long.metadata.title, "file");
    }
}
