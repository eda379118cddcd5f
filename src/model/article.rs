//! The article being checked: its text and what is known about where it came from.

use serde_json::{Map, Value};

use super::text::ArticleText;

/// Descriptive fields of an article, editable by the user. Separate from the text so an edit
/// of the metadata is a small value (for undo) and never touches the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleMetadata {
    pub title: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// When the outlet published it: an RFC 3339 date-time or a `YYYY-MM-DD` date.
    pub published: Option<String>,
    /// When the fact-checker took this copy: an RFC 3339 date-time or a `YYYY-MM-DD` date.
    pub retrieved: Option<String>,
    /// BCP 47 language tag, e.g. `en`, `ar`, `pt-BR`.
    pub language: Option<String>,
}

/// Where a stretch of the text sits in the original document: its page in a PDF, its time
/// in a recording. Code-point ranges into the article text, sorted and not overlapping.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Location {
    pub start: usize,
    pub end: usize,
    /// 1-based page number.
    pub page: Option<u32>,
    /// Start and end time in milliseconds from the start of the recording.
    pub time_ms: Option<(u64, u64)>,
    /// Who speaks in this stretch (transcripts).
    pub speaker: Option<String>,
    pub extra: Map<String, Value>,
}

impl Location {
    /// "p. 14", "01:02:13", or "p. 3, 00:10:00"; empty when nothing is known.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(page) = self.page {
            parts.push(format!("p. {page}"));
        }
        if let Some((start, _)) = self.time_ms {
            parts.push(format_time_ms(start));
        }
        parts.join(", ")
    }
}

/// `01:02:13` (hours always shown, so times sort and read alike).
pub fn format_time_ms(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    pub metadata: ArticleMetadata,
    pub text: ArticleText,
    /// Pages or times of the original document (empty for web pages and plain text).
    pub locations: Vec<Location>,
    /// Unknown fields of the `article` object, written back unchanged.
    pub extra: Map<String, Value>,
}

impl Article {
    pub fn new(metadata: ArticleMetadata, text: ArticleText) -> Self {
        Self {
            metadata,
            text,
            locations: Vec::new(),
            extra: Map::new(),
        }
    }

    /// The location of the stretch holding code point `at`, if the original document's
    /// places are known.
    pub fn location_at(&self, at: usize) -> Option<&Location> {
        let i = self.locations.partition_point(|l| l.end <= at);
        self.locations.get(i).filter(|l| l.start <= at)
    }

    /// SHA-256 of the text's UTF-8 bytes, lowercase hex.
    pub fn text_sha256(&self) -> String {
        sha256_hex(self.text.as_str().as_bytes())
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    use std::fmt::Write as _;
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// A loose check of a BCP 47 tag: a 2–3 letter primary language subtag (or `x`/`i` for
/// private and grandfathered tags), then 1–8 alphanumeric subtags joined by `-`. Enough to
/// catch "English" or "en_US"; not a registry lookup.
pub fn is_plausible_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let first = subtags.next().unwrap_or("");
    let primary = (2..=3).contains(&first.len())
        || first.eq_ignore_ascii_case("x")
        || first.eq_ignore_ascii_case("i");
    let subtag =
        |s: &str| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric());
    primary && first.bytes().all(|b| b.is_ascii_alphabetic()) && subtags.all(subtag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_lowercase_hex_of_utf8_bytes() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(sha256_hex("é".as_bytes()).len(), 64);
    }

    #[test]
    fn language_tags() {
        for good in [
            "en",
            "ar",
            "pt-BR",
            "zh-Hant-TW",
            "es-419",
            "fil",
            "x-local",
        ] {
            assert!(is_plausible_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "English",
            "English language",
            "en_US",
            "-en",
            "en-",
            "123",
        ] {
            assert!(!is_plausible_language_tag(bad), "{bad}");
        }
    }
}
