//! Earlier versions of the article text, kept when the text is updated so that nothing is
//! lost and the changes can be shown.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::article::{ArticleMetadata, sha256_hex};
use super::text::ArticleText;

/// One earlier version of the article text.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    /// When Factmark replaced this text with a newer one (RFC 3339).
    pub replaced: String,
    /// The article's title while this text was current.
    pub title: String,
    /// When this version had been retrieved (a date or RFC 3339), if known.
    pub retrieved: Option<String>,
    /// SHA-256 of the text's UTF-8 bytes, lowercase hex.
    pub text_sha256: String,
    /// The text. `None` when only its hash is known: it was edited outside Factmark, and
    /// the annotations were re-anchored to the edited text. Shared, not copied, between the
    /// project and the undo history (a long history of a long article would otherwise hold
    /// every earlier text many times).
    pub text: Option<Arc<ArticleText>>,
    /// Fields this build does not know, written back unchanged.
    pub extra: Map<String, Value>,
}

impl Revision {
    /// The revision that keeps `text`, replaced at `replaced`.
    pub fn of(metadata: &ArticleMetadata, text: ArticleText, replaced: &str) -> Self {
        Self {
            replaced: replaced.to_string(),
            title: metadata.title.clone(),
            retrieved: metadata.retrieved.clone(),
            text_sha256: sha256_hex(text.as_str().as_bytes()),
            text: Some(Arc::new(text)),
            extra: Map::new(),
        }
    }

    /// A text known only by its hash (edited outside Factmark).
    pub fn lost(metadata: &ArticleMetadata, text_sha256: &str, replaced: &str) -> Self {
        Self {
            replaced: replaced.to_string(),
            title: metadata.title.clone(),
            retrieved: metadata.retrieved.clone(),
            text_sha256: text_sha256.to_ascii_lowercase(),
            text: None,
            extra: Map::new(),
        }
    }
}
