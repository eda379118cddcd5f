//! The model's rules, checked over a whole article and its annotations (when a project is
//! read). Every problem is reported, each naming the annotation and the field.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::annotation::{AnchorStatus, Annotation, CONTEXT_CHARS, Kind};
use super::article::{Article, is_plausible_language_tag, sha256_hex};
use super::claim::is_web_url;
use super::dismissed::DismissedSuggestion;
use super::project::ArticleState;
use super::repair::RepairItem;
use super::revision::Revision;
use super::text::ArticleText;
use super::timestamp;

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The annotation's id, or `None` for the project or article.
    pub annotation: Option<String>,
    /// Where the annotation is in the file (`("annotation", 3)`: the third of
    /// `annotations`), when it was read from one; it names an annotation without a usable id.
    pub position: Option<(&'static str, usize)>,
    /// The field, as it is named in the project file (`quote`, `article.language`); empty
    /// when the problem is with the annotation as a whole.
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn project(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            annotation: None,
            position: None,
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn annotation(id: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            annotation: Some(id.to_string()),
            position: None,
            field: field.into(),
            message: message.into(),
        }
    }

    /// A problem of the `number`th (1-based) entry of a list of annotations in the file
    /// (`list`: "annotation", "needs-review annotation"), whose id may be unknown.
    pub fn at_position(
        list: &'static str,
        number: usize,
        id: Option<&str>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            annotation: id.map(str::to_string),
            position: Some((list, number)),
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.position, &self.annotation) {
            (Some((list, n)), Some(id)) => write!(f, "{list} #{n} ({id:?})")?,
            (Some((list, n)), None) => write!(f, "{list} #{n}")?,
            (None, Some(id)) => write!(f, "annotation {id:?}")?,
            (None, None) => {}
        }
        let whole = self.position.is_some() || self.annotation.is_some();
        match (self.field.is_empty(), whole) {
            (true, true) => write!(f, ": {}", self.message),
            (true, false) => write!(f, "{}", self.message),
            (false, true) => write!(f, ", field `{}`: {}", self.field, self.message),
            (false, false) => write!(f, "field `{}`: {}", self.field, self.message),
        }
    }
}

/// Spans that cut a grapheme cluster (half a flag, an emoji without its skin tone, a letter
/// without its accent): Factmark never makes one, but a hand-edited file or another tool
/// can. Not an error — the file is still exact — but exports would show the broken
/// character, so `check` warns.
pub fn split_graphemes(project: &crate::model::Project) -> Vec<Problem> {
    let text = &project.article().text;
    let mut warnings = Vec::new();
    for a in project.annotations() {
        for (field, offset) in [("start", a.start), ("end", a.end)] {
            if !text.is_grapheme_boundary(offset) {
                let whole = text.snap_to_graphemes(offset..offset);
                let cluster = text.slice(whole.clone());
                warnings.push(Problem::annotation(
                    &a.id,
                    field,
                    format!(
                        "{offset} splits the character {} (code points {}..{}); \
                         exports will show it broken",
                        excerpt(cluster.unwrap_or("")),
                        whole.start,
                        whole.end
                    ),
                ));
            }
        }
    }
    warnings
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
    check_state(&ArticleState {
        article: article.clone(),
        annotations: annotations.to_vec(),
        ..ArticleState::default()
    })
}

/// Check an article, its history and all its annotations against every model rule.
pub fn check_state(state: &ArticleState) -> Vec<Problem> {
    check_state_with_repairs(state, &[])
}

/// As [`check_state`], where annotations set aside for repair may still be named by links
/// (a link to one that was a claim stays, so nothing is lost while it is repaired).
pub fn check_state_with_repairs(state: &ArticleState, repairs: &[RepairItem]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let article = &state.article;
    check_article(article, &mut problems);
    check_revisions(&state.revisions, &mut problems);

    // Texts an anchor may name, by hash: the kept revisions and the current text.
    let mut texts: HashMap<String, &ArticleText> = state
        .revisions
        .iter()
        .filter_map(|r| Some((r.text_sha256.to_ascii_lowercase(), r.text.as_deref()?)))
        .collect();
    texts.insert(article.text_sha256(), &article.text);
    let current_sha = article.text_sha256();

    let all = || state.annotations.iter().chain(&state.needs_review);
    let mut kinds: HashMap<&str, Kind> = repairs
        .iter()
        .filter_map(|r| {
            let kind = r
                .raw
                .get("kind")
                .and_then(|k| k.as_str())
                .and_then(Kind::parse)?;
            Some((r.id()?, kind))
        })
        .collect();
    kinds.extend(all().map(|a| (a.id.as_str(), a.kind)));
    check_locations(article, &mut problems);
    check_dismissed(&state.dismissed, &mut problems);
    let mut seen = HashSet::new();
    for a in all() {
        if !seen.insert(a.id.as_str()) {
            problems.push(Problem::annotation(
                &a.id,
                "id",
                "the same id is used by more than one annotation",
            ));
        }
    }
    for a in &state.annotations {
        check_annotation(Some(&article.text), a, &kinds, &mut problems);
        check_anchor(a, &texts, &current_sha, false, &mut problems);
    }
    for a in &state.needs_review {
        let text = a
            .anchor
            .as_ref()
            .and_then(|anchor| texts.get(&anchor.text_sha256.to_ascii_lowercase()).copied());
        check_annotation(text, a, &kinds, &mut problems);
        check_anchor(a, &texts, &current_sha, true, &mut problems);
    }
    problems
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn check_revisions(revisions: &[Revision], problems: &mut Vec<Problem>) {
    for (i, r) in revisions.iter().enumerate() {
        let field = |name: &str| format!("article.revisions[{i}].{name}");
        if !timestamp::is_rfc3339(&r.replaced) {
            problems.push(Problem::project(
                field("replaced"),
                format!("{:?} is not an RFC 3339 date-time", r.replaced),
            ));
        }
        if let Some(retrieved) = &r.retrieved
            && !timestamp::is_date_or_rfc3339(retrieved)
        {
            problems.push(Problem::project(
                field("retrieved"),
                format!("{retrieved:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time"),
            ));
        }
        if !is_sha256_hex(&r.text_sha256.to_ascii_lowercase()) {
            problems.push(Problem::project(
                field("text_sha256"),
                format!(
                    "{:?} is not a SHA-256 (64 hexadecimal digits)",
                    r.text_sha256
                ),
            ));
        }
        if let Some(text) = &r.text {
            if let Some(at) = text.as_str().find('\r') {
                let at = text.char_of_byte(at).unwrap_or(0);
                problems.push(Problem::project(
                    field("text"),
                    format!(
                        "has a carriage return (U+000D) at character {at}; line endings must be \\n"
                    ),
                ));
            }
            let actual = sha256_hex(text.as_str().as_bytes());
            if !r.text_sha256.eq_ignore_ascii_case(&actual) {
                problems.push(Problem::project(
                    field("text_sha256"),
                    format!(
                        "does not match the revision's text (the file says {}, the text hashes to {actual})",
                        r.text_sha256
                    ),
                ));
            }
        }
    }
}

/// The re-anchoring status: needs-review annotations belong in `needs_review` and only
/// there; moved and changed ones say where they were, and that must be true of the earlier
/// text when it is kept.
fn check_anchor(
    a: &Annotation,
    texts: &HashMap<String, &ArticleText>,
    current_sha: &str,
    in_needs_review: bool,
    problems: &mut Vec<Problem>,
) {
    let id = a.id.as_str();
    let mut push =
        |field: &str, message: String| problems.push(Problem::annotation(id, field, message));
    let Some(anchor) = &a.anchor else {
        if in_needs_review {
            push(
                "anchor",
                "is missing; an annotation in `needs_review` has \"anchor\": {\"status\": \"needs-review\", \"text_sha256\": …}".to_string(),
            );
        }
        return;
    };
    let needs_review = anchor.status == AnchorStatus::NeedsReview;
    if needs_review && !in_needs_review {
        push(
            "anchor.status",
            "is \"needs-review\", but the annotation is in `annotations`; annotations needing review belong in `needs_review`".to_string(),
        );
    }
    if !needs_review && in_needs_review {
        push(
            "anchor.status",
            format!(
                "is {:?}, but the annotation is in `needs_review`, which holds only \"needs-review\" annotations",
                anchor.status.as_str()
            ),
        );
    }
    let sha = anchor.text_sha256.to_ascii_lowercase();
    if !is_sha256_hex(&sha) {
        push(
            "anchor.text_sha256",
            format!(
                "{:?} is not a SHA-256 (64 hexadecimal digits)",
                anchor.text_sha256
            ),
        );
    } else if needs_review && sha == current_sha {
        push(
            "anchor.text_sha256",
            "names the current article text; an annotation needing review refers to an earlier text (place it, or give the earlier text's hash)".to_string(),
        );
    }
    match (&anchor.was, needs_review) {
        (Some(_), true) => push(
            "anchor",
            "has `start`/`end`/`quote`, but a needs-review annotation's own offsets and quote say where it was".to_string(),
        ),
        (None, false) => push(
            "anchor",
            format!(
                "is {:?} but does not say where the annotation was (`start`, `end`, `quote`)",
                anchor.status.as_str()
            ),
        ),
        (Some(was), false) => {
            if was.start >= was.end {
                push(
                    "anchor.start",
                    format!(
                        "{} is not before end {} (spans are start..end, end exclusive)",
                        was.start, was.end
                    ),
                );
            } else if let Some(text) = texts.get(&sha) {
                match text.slice(was.start..was.end) {
                    Some(actual) if actual == was.quote => {}
                    Some(actual) => push(
                        "anchor.quote",
                        format!(
                            "{} does not match the earlier text at {}..{}, which is {}",
                            excerpt(&was.quote),
                            was.start,
                            was.end,
                            excerpt(actual)
                        ),
                    ),
                    None => push(
                        "anchor.end",
                        format!(
                            "{} is past the end of the earlier text ({} characters)",
                            was.end,
                            text.len_chars()
                        ),
                    ),
                }
            } else if was.quote.chars().count() != was.end - was.start {
                push(
                    "anchor.quote",
                    format!(
                        "is {} characters long, but {}..{} spans {}",
                        was.quote.chars().count(),
                        was.start,
                        was.end,
                        was.end - was.start
                    ),
                );
            }
        }
        (None, true) => {}
    }
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

/// One annotation's own rules. `text` is the text its offsets refer to: the current text,
/// or for one needing review the earlier text, `None` when that is not kept (then only the
/// quote's length is checked).
fn check_annotation(
    text: Option<&ArticleText>,
    a: &Annotation,
    kinds: &HashMap<&str, Kind>,
    problems: &mut Vec<Problem>,
) {
    let id = a.id.as_str();
    let mut push =
        |field: &str, message: String| problems.push(Problem::annotation(id, field, message));

    if id.trim().is_empty() {
        push("id", "is empty".to_string());
    }
    let Some(text) = text else {
        if a.start >= a.end {
            push(
                "start",
                format!(
                    "{} is not before end {} (spans are start..end, end exclusive)",
                    a.start, a.end
                ),
            );
        } else if a.quote.chars().count() != a.end - a.start {
            push(
                "quote",
                format!(
                    "is {} characters long, but {}..{} spans {}",
                    a.quote.chars().count(),
                    a.start,
                    a.end,
                    a.end - a.start
                ),
            );
        }
        check_links_and_times(a, kinds, &mut push);
        return;
    };
    let len = text.len_chars();
    let range_ok = if a.start > len {
        push(
            "start",
            format!(
                "{} is past the end of the article text ({len} characters)",
                a.start
            ),
        );
        false
    } else if a.end > len {
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
        let too_long = |context: &str| {
            let n = context.chars().count();
            (n > CONTEXT_CHARS)
                .then(|| format!("is {n} characters long; the context is at most {CONTEXT_CHARS}"))
        };
        let before = text.context_before(a.start, CONTEXT_CHARS);
        if let Some(problem) = too_long(&a.prefix) {
            push("prefix", problem);
        } else if !before.ends_with(a.prefix.as_str()) {
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
        if let Some(problem) = too_long(&a.suffix) {
            push("suffix", problem);
        } else if !after.starts_with(a.suffix.as_str()) {
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
    check_links_and_times(a, kinds, &mut push);
}

fn check_links_and_times(
    a: &Annotation,
    kinds: &HashMap<&str, Kind>,
    push: &mut impl FnMut(&str, String),
) {
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
    check_record(a, push);
    check_evidence(a, push);
}

/// The claim record: only claims have one, and its dates and addresses must be what they
/// say.
fn check_record(a: &Annotation, push: &mut impl FnMut(&str, String)) {
    let r = &a.record;
    if a.kind != Kind::Claim {
        let mut present = Vec::new();
        if r.claimant.is_some() {
            present.push("claimant");
        }
        if r.claim_checked.is_some() {
            present.push("claim_checked");
        }
        if r.first_said.is_some() {
            present.push("first_said");
        }
        if !r.explanation.is_empty() {
            present.push("explanation");
        }
        if r.review_url.is_some() {
            present.push("review_url");
        }
        if !r.review.is_default() {
            present.push("review");
        }
        for field in present {
            push(
                field,
                format!("only claims have a `{field}`, and this is a {}", a.kind),
            );
        }
        return;
    }
    if let Some(claimant) = &r.claimant
        && claimant.name.trim().is_empty()
    {
        push(
            "claimant.name",
            "is empty; give the claimant's name, or set `claimant` to null".to_string(),
        );
    }
    if let Some(first) = &r.first_said {
        if let Some(date) = &first.date
            && !timestamp::is_date_or_rfc3339(date)
        {
            push(
                "first_said.date",
                format!("{date:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time"),
            );
        }
        if let Some(url) = &first.url
            && url.trim().is_empty()
        {
            push("first_said.url", "is empty; use null".to_string());
        }
    }
    if let Some(url) = &r.review_url
        && !is_web_url(url)
    {
        push(
            "review_url",
            format!("{} is not an http(s) address", excerpt(url)),
        );
    }
    for (i, vote) in r.review.votes.iter().enumerate() {
        if vote.reviewer.trim().is_empty() {
            push(
                &format!("review.votes[{i}].reviewer"),
                "is empty; a vote names who cast it".to_string(),
            );
        }
        if !timestamp::is_rfc3339(&vote.time) {
            push(
                &format!("review.votes[{i}].time"),
                format!("{:?} is not an RFC 3339 date-time", vote.time),
            );
        }
    }
}

fn check_evidence(a: &Annotation, push: &mut impl FnMut(&str, String)) {
    for (i, r) in a.evidence.iter().enumerate() {
        let filled = |f: &Option<String>| f.as_deref().is_some_and(|s| !s.trim().is_empty());
        if !filled(&r.title) && !filled(&r.url) {
            push(
                &format!("evidence[{i}]"),
                "has neither a `title` nor a `url`".to_string(),
            );
        }
        if let Some(accessed) = &r.accessed
            && !timestamp::is_date_or_rfc3339(accessed)
        {
            push(
                &format!("evidence[{i}].accessed"),
                format!("{accessed:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time"),
            );
        }
    }
}

/// The page and time map: inside the text, sorted, not overlapping, times in order.
fn check_locations(article: &Article, problems: &mut Vec<Problem>) {
    let len = article.text.len_chars();
    let mut previous_end = 0;
    for (i, l) in article.locations.iter().enumerate() {
        let field = |name: &str| format!("article.locations[{i}]{name}");
        if l.start >= l.end || l.end > len {
            problems.push(Problem::project(
                field(""),
                format!(
                    "spans {}..{}, which is empty, reversed or past the end of the text ({len} characters)",
                    l.start, l.end
                ),
            ));
        } else if l.start < previous_end {
            problems.push(Problem::project(
                field(".start"),
                format!(
                    "{} overlaps the location before it (which ends at {previous_end}); locations are sorted and do not overlap",
                    l.start
                ),
            ));
        }
        previous_end = previous_end.max(l.end);
        if l.page == Some(0) {
            problems.push(Problem::project(
                field(".page"),
                "is 0; pages are numbered from 1".to_string(),
            ));
        }
        if let Some((start, end)) = l.time_ms
            && start > end
        {
            problems.push(Problem::project(
                field(".time_end_ms"),
                format!("{end} is before `time_start_ms` {start}"),
            ));
        }
    }
}

fn check_dismissed(dismissed: &[DismissedSuggestion], problems: &mut Vec<Problem>) {
    for (i, d) in dismissed.iter().enumerate() {
        if d.start >= d.end {
            problems.push(Problem::project(
                format!("dismissed_suggestions[{i}]"),
                format!("spans {}..{}, which is empty or reversed", d.start, d.end),
            ));
        }
    }
}
