//! Scoring web-page extraction against reference text, for the import benchmark, its quick
//! mode in `cargo test`, and comparisons with other extractors.
//!
//! Body text is scored by word shingles, as article-extraction benchmarks do: each text is
//! split into words (runs of letters, digits and `_`), every run of four consecutive words
//! is a shingle, and the shingles of the extraction are matched against the reference's,
//! counting repeats. Per page, precision is the share of extracted shingles that are in the
//! reference and recall the share of the reference's that were extracted; over a corpus,
//! each is the mean over pages (so a long page weighs no more than a short one), and F1 is
//! their harmonic mean.
//!
//! Metadata (title, author, date, language) is compared with the corpus's
//! `expected-metadata.json` where it gives a value.

pub mod corpus;
mod metadata;

pub use corpus::{CorpusPage, ExpectedMetadata, default_corpus_root, load_corpus};
pub use metadata::{FieldTally, MetadataScores, score_metadata};

use std::collections::HashMap;

/// How many words make a shingle.
pub const SHINGLE_WORDS: usize = 4;

/// A page loses its body when less than this share of the reference's shingles is found.
pub const MIN_PAGE_RECALL: f64 = 0.8;

/// Matched, extra and missing shingles of one page, as shares of their sum (so every page
/// weighs the same when pages are pooled).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Overlap {
    pub true_positive: f64,
    pub false_positive: f64,
    pub false_negative: f64,
}

impl Overlap {
    /// Precision of the page; `None` when nothing was extracted and nothing expected.
    pub fn precision(&self) -> Option<f64> {
        let (tp, fp, fn_) = (self.true_positive, self.false_positive, self.false_negative);
        if fp == 0.0 && fn_ == 0.0 {
            return Some(1.0);
        }
        if tp + fp == 0.0 {
            return None;
        }
        Some(tp / (tp + fp))
    }

    /// Recall of the page; `None` when the reference has no shingles.
    pub fn recall(&self) -> Option<f64> {
        let (tp, fp, fn_) = (self.true_positive, self.false_positive, self.false_negative);
        if fp == 0.0 && fn_ == 0.0 {
            return Some(1.0);
        }
        if tp + fn_ == 0.0 {
            return None;
        }
        Some(tp / (tp + fn_))
    }

    pub fn f1(&self) -> f64 {
        harmonic(
            self.precision().unwrap_or(0.0),
            self.recall().unwrap_or(0.0),
        )
    }
}

fn harmonic(a: f64, b: f64) -> f64 {
    if a + b == 0.0 {
        0.0
    } else {
        2.0 * a * b / (a + b)
    }
}

/// The words of a text as the scorer sees them: maximal runs of letters, digits and `_`.
pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, u32> {
    let words = words(text);
    let mut counts = HashMap::new();
    if words.is_empty() {
        return counts;
    }
    // A text shorter than a shingle is one shingle of what it has.
    let n = SHINGLE_WORDS.min(words.len());
    for window in words.windows(n) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// How an extraction's shingles match the reference's.
pub fn overlap(reference: &str, extracted: &str) -> Overlap {
    let expected = shingles(reference);
    let got = shingles(extracted);
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (shingle, &e) in &expected {
        let g = got.get(shingle).copied().unwrap_or(0);
        tp += u64::from(e.min(g));
        fn_ += u64::from(e.saturating_sub(g));
    }
    for (shingle, &g) in &got {
        let e = expected.get(shingle).copied().unwrap_or(0);
        fp += u64::from(g.saturating_sub(e));
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return Overlap::default();
    }
    Overlap {
        true_positive: tp as f64 / sum,
        false_positive: fp as f64 / sum,
        false_negative: fn_ as f64 / sum,
    }
}

/// Precision, recall and F1 over a set of pages.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pages: usize,
    /// Pages whose recall is under [`MIN_PAGE_RECALL`].
    pub pages_losing_body: usize,
}

impl Scores {
    pub fn of(overlaps: &[Overlap]) -> Scores {
        let mean = |values: Vec<f64>| {
            if values.is_empty() {
                0.0
            } else {
                values.iter().sum::<f64>() / values.len() as f64
            }
        };
        let precision = mean(overlaps.iter().filter_map(Overlap::precision).collect());
        let recall = mean(overlaps.iter().filter_map(Overlap::recall).collect());
        Scores {
            precision,
            recall,
            f1: harmonic(precision, recall),
            pages: overlaps.len(),
            pages_losing_body: overlaps
                .iter()
                .filter(|o| o.recall().is_some_and(|r| r < MIN_PAGE_RECALL))
                .count(),
        }
    }
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "F1 {:.3}  precision {:.3}  recall {:.3}  ({} pages, {} losing over {:.0}% of the body)",
            self.f1,
            self.precision,
            self.recall,
            self.pages,
            self.pages_losing_body,
            (1.0 - MIN_PAGE_RECALL) * 100.0
        )
    }
}

/// What an extractor made of one page, for scoring.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// The article's body: the text without the headline and standfirst in front of it.
    pub body: String,
    /// All the text, headline and standfirst included.
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
}

impl Extraction {
    /// Factmark's own import of a page.
    pub fn factmark(source: &[u8]) -> Extraction {
        match crate::import::import_bytes(source, Some(crate::import::ArticleFormat::Html), "") {
            Ok(article) => {
                let body = article.text.chars().skip(article.body_start).collect();
                Extraction {
                    body,
                    text: article.text,
                    title: Some(article.metadata.title).filter(|t| !t.is_empty()),
                    author: article.metadata.author,
                    published: article.metadata.published,
                    language: article.metadata.language,
                }
            }
            Err(_) => Extraction::default(),
        }
    }
}

/// One page's scores.
#[derive(Clone, Debug)]
pub struct PageResult {
    pub name: String,
    /// The body against the reference body.
    pub body: Overlap,
    /// All the extracted text against the reference body.
    pub text: Overlap,
    pub extraction: Extraction,
}

/// Score an extractor on pages.
pub fn evaluate(pages: &[CorpusPage], extract: impl Fn(&CorpusPage) -> Extraction) -> Report {
    let results = pages
        .iter()
        .map(|page| {
            let extraction = extract(page);
            PageResult {
                name: page.name.clone(),
                body: overlap(&page.reference_body, &extraction.body),
                text: overlap(&page.reference_body, &extraction.text),
                extraction,
            }
        })
        .collect();
    Report { results }
}

/// The scores of an extractor on a corpus.
#[derive(Clone, Debug)]
pub struct Report {
    pub results: Vec<PageResult>,
}

impl Report {
    pub fn body(&self) -> Scores {
        Scores::of(&self.results.iter().map(|r| r.body).collect::<Vec<_>>())
    }

    pub fn text(&self) -> Scores {
        Scores::of(&self.results.iter().map(|r| r.text).collect::<Vec<_>>())
    }

    pub fn metadata(&self, pages: &[CorpusPage]) -> MetadataScores {
        let mut scores = MetadataScores::default();
        for (page, result) in pages.iter().zip(&self.results) {
            score_metadata(&page.expected, &result.extraction, &mut scores);
        }
        scores
    }

    /// One line per page: name, F1, precision, recall of the body, worst first.
    pub fn per_page_lines(&self) -> Vec<String> {
        let mut rows: Vec<&PageResult> = self.results.iter().collect();
        rows.sort_by(|a, b| a.body.f1().total_cmp(&b.body.f1()));
        rows.iter()
            .map(|r| {
                let recall = r.body.recall();
                format!(
                    "{:<44} F1 {:.3}  P {:.3}  R {:.3}{}",
                    r.name,
                    r.body.f1(),
                    r.body.precision().unwrap_or(0.0),
                    recall.unwrap_or(0.0),
                    if recall.is_some_and(|r| r < MIN_PAGE_RECALL) {
                        "  LOSES BODY"
                    } else {
                        ""
                    }
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_match_with_repeats_and_any_script() {
        let reference = "one two three four five. one two three four";
        let same = overlap(reference, "One two three four five one two three four");
        // Case counts: only "two three four five" and the repeat match.
        assert!(same.precision().unwrap() < 1.0);
        let exact = overlap(reference, "one two, three four five — one two three four!");
        assert_eq!(exact.precision(), Some(1.0));
        assert_eq!(exact.recall(), Some(1.0));
        // Half the text missing.
        let half = overlap("a b c d e f g h i j", "a b c d e f");
        assert_eq!(half.precision(), Some(1.0));
        assert!((half.recall().unwrap() - 3.0 / 7.0).abs() < 1e-9);
        // Extra text costs precision only.
        let extra = overlap("a b c d", "x y z a b c d");
        assert_eq!(extra.recall(), Some(1.0));
        assert!((extra.precision().unwrap() - 0.25).abs() < 1e-9);
        assert_eq!(
            words("مرحبا بالعالم، 2024_x"),
            ["مرحبا", "بالعالم", "2024_x"]
        );
        // Nothing extracted from a page with a body: no precision, recall 0.
        let none = overlap("a b c d e", "");
        assert_eq!(none.precision(), None);
        assert_eq!(none.recall(), Some(0.0));
    }

    #[test]
    fn corpus_scores_are_means_over_pages() {
        let perfect = overlap("a b c d e", "a b c d e");
        let half = overlap("a b c d e f g", "a b c d");
        let scores = Scores::of(&[perfect, half]);
        assert!((scores.precision - 1.0).abs() < 1e-9);
        assert!((scores.recall - 0.625).abs() < 1e-9);
        assert_eq!(scores.pages_losing_body, 1);
        assert!((scores.f1 - 2.0 * 0.625 / 1.625).abs() < 1e-9);
    }
}
