//! The model's rules, checked over a whole article and its annotations (when a project is
//! read). Every problem is reported, each naming the annotation and the field.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::annotation::{Annotation, CONTEXT_CHARS, Kind};
use super::article::{Article, is_plausible_language_tag};
use super::timestamp;

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The annotation's id, or `None` for the project or article.
    pub annotation: Option<String>,
    /// The field, as it is named in the project file (`quote`, `article.language`).
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn project(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            annotation: None,
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn annotation(id: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            annotation: Some(id.to_string()),
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.annotation {
            Some(id) => write!(
                f,
                "annotation {id:?}, field `{}`: {}",
                self.field, self.message
            ),
            None => write!(f, "field `{}`: {}", self.field, self.message),
        }
    }
}

/// Quote a piece of text for an error message, shortened to stay on one readable line.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    format!("{out:?}")
}

/// Check an article and annotations against every model rule.
pub fn check(article: &Article, annotations: &[Annotation]) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_article(article, &mut problems);

    let kinds: HashMap<&str, Kind> = annotations
        .iter()
        .map(|a| (a.id.as_str(), a.kind))
        .collect();
    let mut seen = HashSet::new();
    for a in annotations {
        if !seen.insert(a.id.as_str()) {
            problems.push(Problem::annotation(
                &a.id,
                "id",
                "the same id is used by more than one annotation",
            ));
        }
        check_annotation(article, a, &kinds, &mut problems);
    }
    problems
}

fn check_article(article: &Article, problems: &mut Vec<Problem>) {
    let meta = &article.metadata;
    if let Some(at) = article.text.as_str().find('\r') {
        let at = article.text.char_of_byte(at).unwrap_or(0);
        problems.push(Problem::project(
            "article.text",
            format!("has a carriage return (U+000D) at character {at}; line endings must be \\n"),
        ));
    }
    if let Some(at) = article.text.as_str().find('\0') {
        let at = article.text.char_of_byte(at).unwrap_or(0);
        problems.push(Problem::project(
            "article.text",
            format!(
                "has a NUL character (U+0000) at character {at}; article text cannot contain NUL"
            ),
        ));
    }
    if let Some(lang) = &meta.language
        && !is_plausible_language_tag(lang)
    {
        problems.push(Problem::project(
            "article.language",
            format!("{lang:?} is not a BCP 47 language tag such as \"en\" or \"pt-BR\""),
        ));
    }
    for (field, value) in [
        ("article.published", &meta.published),
        ("article.retrieved", &meta.retrieved),
    ] {
        if let Some(value) = value
            && !timestamp::is_date_or_rfc3339(value)
        {
            problems.push(Problem::project(
                field,
                format!("{value:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time"),
            ));
        }
    }
}

fn check_annotation(
    article: &Article,
    a: &Annotation,
    kinds: &HashMap<&str, Kind>,
    problems: &mut Vec<Problem>,
) {
    let text = &article.text;
    let len = text.len_chars();
    let id = a.id.as_str();
    let mut push =
        |field: &str, message: String| problems.push(Problem::annotation(id, field, message));

    if id.trim().is_empty() {
        push("id", "is empty".to_string());
    }
    let range_ok = if a.end > len {
        push(
            "end",
            format!(
                "{} is past the end of the article text ({len} characters)",
                a.end
            ),
        );
        false
    } else if a.start >= a.end {
        push(
            "start",
            format!(
                "{} is not before end {} (spans are start..end, end exclusive)",
                a.start, a.end
            ),
        );
        false
    } else {
        true
    };
    if range_ok {
        let actual = text.slice(a.range()).unwrap_or_default();
        if actual != a.quote {
            push(
                "quote",
                format!(
                    "{} does not match the article text at {}..{}, which is {}",
                    excerpt(&a.quote),
                    a.start,
                    a.end,
                    excerpt(actual)
                ),
            );
        }
        let before = text.context_before(a.start, CONTEXT_CHARS);
        if a.prefix.chars().count() > CONTEXT_CHARS || !before.ends_with(a.prefix.as_str()) {
            push(
                "prefix",
                format!(
                    "{} is not the text just before the quote ({})",
                    excerpt(&a.prefix),
                    excerpt(before)
                ),
            );
        }
        let after = text.context_after(a.end, CONTEXT_CHARS);
        if a.suffix.chars().count() > CONTEXT_CHARS || !after.starts_with(a.suffix.as_str()) {
            push(
                "suffix",
                format!(
                    "{} is not the text just after the quote ({})",
                    excerpt(&a.suffix),
                    excerpt(after)
                ),
            );
        }
    }
    if let Some(verdict) = a.verdict
        && a.kind != Kind::Claim
    {
        push(
            "verdict",
            format!(
                "is {:?}, but only claims have verdicts and this is a {}",
                verdict.as_str(),
                a.kind
            ),
        );
    }
    if !a.claims.is_empty() && !a.kind.links_to_claims() {
        push(
            "claims",
            "a claim cannot link to other claims; only sources and disputes do".to_string(),
        );
    }
    let mut listed = HashSet::new();
    for claim in &a.claims {
        if !listed.insert(claim.as_str()) {
            push("claims", format!("lists {claim:?} more than once"));
        }
        match kinds.get(claim.as_str()) {
            None => push(
                "claims",
                format!("names {claim:?}, which is not an annotation in this project"),
            ),
            Some(Kind::Claim) => {}
            Some(kind) => push(
                "claims",
                format!("names {claim:?}, which is a {kind}, not a claim"),
            ),
        }
    }
    for (field, value) in [("created", &a.created), ("modified", &a.modified)] {
        if !timestamp::is_rfc3339(value) {
            push(field, format!("{value:?} is not an RFC 3339 date-time"));
        }
    }
}
