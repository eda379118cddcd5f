//! Comparing extracted metadata with a corpus's expected values.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Extraction;
use super::corpus::ExpectedMetadata;

/// How one field fared over the pages that give an expected value for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldTally {
    /// Pages with an expected value.
    pub scored: usize,
    pub correct: usize,
    /// Pages where nothing was extracted.
    pub missing: usize,
    /// Pages where something else was extracted, as (page's expected, extracted).
    pub wrong: Vec<(String, String)>,
}

impl FieldTally {
    pub fn accuracy(&self) -> f64 {
        if self.scored == 0 {
            1.0
        } else {
            self.correct as f64 / self.scored as f64
        }
    }

    fn add(
        &mut self,
        expected: Option<&str>,
        got: Option<&str>,
        same: impl Fn(&str, &str) -> bool,
    ) {
        let Some(expected) = expected else {
            return;
        };
        self.scored += 1;
        match got {
            None => self.missing += 1,
            Some(got) if same(expected, got) => self.correct += 1,
            Some(got) => self.wrong.push((expected.to_string(), got.to_string())),
        }
    }
}

impl std::fmt::Display for FieldTally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.3} ({}/{}, {} missing, {} different)",
            self.accuracy(),
            self.correct,
            self.scored,
            self.missing,
            self.wrong.len()
        )
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetadataScores {
    pub title: FieldTally,
    pub author: FieldTally,
    pub published: FieldTally,
    pub language: FieldTally,
}

/// Add one page's metadata to the tallies.
pub fn score_metadata(expected: &ExpectedMetadata, got: &Extraction, scores: &mut MetadataScores) {
    scores
        .title
        .add(expected.title.as_deref(), got.title.as_deref(), |e, g| {
            normal_words(e) == normal_words(g)
        });
    scores.author.add(
        expected.author.as_deref(),
        got.author.as_deref(),
        same_author,
    );
    scores.published.add(
        expected.published.as_deref(),
        got.published.as_deref(),
        same_date,
    );
    scores.language.add(
        expected.language.as_deref(),
        got.language.as_deref(),
        |e, g| primary_subtag(e) == primary_subtag(g),
    );
}

/// Lowercased words, punctuation and typographic variants (quotes, dashes) left out.
fn normal_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The same person or people: the same words once a leading "by" is set aside.
fn same_author(expected: &str, got: &str) -> bool {
    let strip = |s: &str| {
        let mut words = normal_words(s);
        if words.first().is_some_and(|w| w == "by") {
            words.remove(0);
        }
        words
    };
    strip(expected) == strip(got)
}

/// The same day as written, or the same instant.
fn same_date(expected: &str, got: &str) -> bool {
    if expected.get(..10).is_some() && expected.get(..10) == got.get(..10) {
        return true;
    }
    match (
        OffsetDateTime::parse(expected.trim(), &Rfc3339),
        OffsetDateTime::parse(got.trim(), &Rfc3339),
    ) {
        (Ok(e), Ok(g)) => e == g,
        _ => false,
    }
}

fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_match_loosely_where_writing_differs() {
        assert!(same_author("By Jeffrey Gettleman", "Jeffrey Gettleman"));
        assert!(!same_author("Jeffrey Gettleman", "Gettleman"));
        assert!(same_date("2017-01-13T13:17:37-05:00", "2017-01-13"));
        assert!(same_date(
            "2017-01-13T23:17:37-05:00",
            "2017-01-14T04:17:37Z"
        ));
        assert!(!same_date("2017-01-13", "2017-01-14"));
        assert_eq!(primary_subtag("en-US"), primary_subtag("EN"));
        assert_eq!(normal_words("Don’t — stop!"), normal_words("don't - stop"));
    }
}
