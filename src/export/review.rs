//! What the HTML report and the Markdown memo share: each annotation's label (`C3` is the
//! third claim in text order), each claim's linked sources and disputes, the evidence linked
//! to no claim, the summary counts, and the rules for which text may become a link.

use std::collections::HashMap;

use crate::model::{Annotation, Kind, Project, ReviewState, Verdict};

/// The letter of a kind in labels and markers: it is what survives black-and-white print.
pub fn kind_letter(kind: Kind) -> char {
    match kind {
        Kind::Claim => 'C',
        Kind::Source => 'S',
        Kind::Dispute => 'D',
    }
}

/// The project arranged as a review: claims with their evidence.
pub struct Review<'a> {
    pub project: &'a Project,
    /// Per annotation (same index as `project.annotations()`): its label, e.g. `S2`.
    pub labels: Vec<String>,
    /// Indices of the claims, in text order.
    pub claims: Vec<usize>,
    /// Per annotation index of a claim: the sources and disputes linked to it, text order.
    pub evidence: HashMap<usize, Vec<usize>>,
    /// Sources and disputes linked to no claim, in text order.
    pub unlinked: Vec<usize>,
    index_of: HashMap<&'a str, usize>,
    /// Per paragraph of the text: its number among the non-empty ones (blank lines are not
    /// shown, so they are not counted).
    paragraph_numbers: Vec<usize>,
}

impl<'a> Review<'a> {
    pub fn new(project: &'a Project) -> Self {
        let annotations = project.annotations();
        let mut ordinal = [0usize; 3];
        let mut labels = Vec::with_capacity(annotations.len());
        let mut index_of = HashMap::with_capacity(annotations.len());
        let mut claims = Vec::new();
        let mut unlinked = Vec::new();
        for (i, a) in annotations.iter().enumerate() {
            let n = &mut ordinal[a.kind as usize];
            *n += 1;
            labels.push(format!("{}{}", kind_letter(a.kind), n));
            index_of.insert(a.id.as_str(), i);
            if a.kind == Kind::Claim {
                claims.push(i);
            } else if a.claims.is_empty() {
                unlinked.push(i);
            }
        }
        let mut evidence: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, a) in annotations.iter().enumerate() {
            for claim in &a.claims {
                if let Some(&c) = index_of.get(claim.as_str()) {
                    evidence.entry(c).or_default().push(i);
                }
            }
        }
        let mut shown = 0;
        let paragraph_numbers = project
            .article()
            .text
            .paragraphs()
            .iter()
            .map(|p| {
                shown += usize::from(!p.chars.is_empty());
                shown.max(1)
            })
            .collect();
        Self {
            project,
            labels,
            claims,
            evidence,
            unlinked,
            index_of,
            paragraph_numbers,
        }
    }

    /// The number of the shown paragraph holding code point `at` (a span starting on a
    /// blank line counts as the paragraph before it).
    pub fn paragraph_number(&self, at: usize) -> usize {
        let index = self.project.article().text.paragraph_at(at);
        self.paragraph_numbers.get(index).copied().unwrap_or(1)
    }

    /// How many paragraphs are shown (blank lines are not).
    pub fn shown_paragraphs(&self) -> usize {
        self.paragraph_numbers.last().copied().unwrap_or(0)
    }

    pub fn annotation(&self, index: usize) -> &'a Annotation {
        &self.project.annotations()[index]
    }

    /// The index of the annotation with this id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.index_of.get(id).copied()
    }

    /// Sources and disputes linked to a claim, split by kind.
    pub fn evidence_of(&self, claim: usize, kind: Kind) -> Vec<usize> {
        self.evidence
            .get(&claim)
            .map(|list| {
                list.iter()
                    .copied()
                    .filter(|&i| self.annotation(i).kind == kind)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Sources and disputes that bear on a claim but need review after the article changed
    /// (they have no place, so no label, in the current text), in their old text order.
    pub fn unplaced_evidence_of(&self, claim: usize) -> Vec<&'a Annotation> {
        let id = &self.annotation(claim).id;
        self.project
            .needs_review()
            .iter()
            .filter(|a| a.claims.contains(id))
            .collect()
    }

    /// Labels of the other claims a source or dispute bears on (for "also bears on C1").
    pub fn other_claims(&self, evidence: usize, except_claim: usize) -> Vec<&str> {
        self.annotation(evidence)
            .claims
            .iter()
            .filter_map(|id| self.index(id))
            .filter(|&c| c != except_claim)
            .map(|c| self.labels[c].as_str())
            .collect()
    }

    /// What the article's updates did to the annotations, for the "article changed after
    /// annotation" section; `None` when the text never changed.
    pub fn article_changes(&self) -> Option<ArticleChanges<'a>> {
        use crate::model::annotation::AnchorStatus;
        let project = self.project;
        let revisions = project.revisions();
        let flagged: Vec<&'a Annotation> = project
            .all_annotations()
            .filter(|a| a.anchor.is_some())
            .collect();
        if revisions.is_empty() && flagged.is_empty() {
            return None;
        }
        let groups = [
            (
                AnchorStatus::NeedsReview,
                "Need review",
                "No clearly good place was found in the current text; the quote is from the earlier version.",
            ),
            (
                AnchorStatus::Changed,
                "Changed wording",
                "Found again with different words.",
            ),
            (
                AnchorStatus::Moved,
                "Moved",
                "The same words, found at another place.",
            ),
        ]
        .into_iter()
        .filter_map(|(status, heading, explanation)| {
            let items: Vec<ChangedAnnotation<'a>> = flagged
                .iter()
                .filter(|a| a.anchor_status() == Some(status))
                .map(|&a| ChangedAnnotation {
                    annotation: a,
                    label: self.index(&a.id).map(|i| self.labels[i].clone()),
                    was_quote: a
                        .anchor
                        .as_ref()
                        .and_then(|anchor| anchor.was.as_ref())
                        .filter(|_| status == AnchorStatus::Changed)
                        .map(|was| was.quote.as_str()),
                })
                .collect();
            (!items.is_empty()).then_some(ChangeGroup {
                heading,
                explanation,
                items,
            })
        })
        .collect();
        Some(ArticleChanges {
            updates: revisions.len(),
            last_update: revisions.last().map(|r| r.replaced.as_str()),
            groups,
        })
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for a in self.project.annotations() {
            match a.kind {
                Kind::Claim => {
                    s.claims += 1;
                    s.states[a.record.review.state as usize] += 1;
                    match a.verdict {
                        Some(v) => s.verdicts[v as usize] += 1,
                        None => s.unrated += 1,
                    }
                }
                Kind::Source => {
                    s.sources += 1;
                    s.sources_unlinked += usize::from(a.claims.is_empty());
                }
                Kind::Dispute => {
                    s.disputes += 1;
                    s.disputes_unlinked += usize::from(a.claims.is_empty());
                }
            }
        }
        s.claims_without_evidence = self
            .claims
            .iter()
            .filter(|c| !self.evidence.contains_key(c))
            .count();
        s
    }
}

/// Counts for the summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub claims: usize,
    /// Indexed like [`Verdict::ALL`].
    pub verdicts: [usize; 6],
    pub unrated: usize,
    /// Claims per review state, indexed like [`ReviewState::ALL`].
    pub states: [usize; 4],
    pub claims_without_evidence: usize,
    pub sources: usize,
    pub sources_unlinked: usize,
    pub disputes: usize,
    pub disputes_unlinked: usize,
}

impl Summary {
    /// "2 true, 1 mostly false, 3 not rated" — only the verdicts that occur.
    pub fn verdict_breakdown(&self) -> String {
        let mut parts: Vec<String> = Verdict::ALL
            .iter()
            .zip(self.verdicts)
            .filter(|(_, n)| *n > 0)
            .map(|(v, n)| format!("{n} {}", v.label().to_lowercase()))
            .collect();
        if self.unrated > 0 {
            parts.push(format!("{} not rated", self.unrated));
        }
        parts.join(", ")
    }
}

/// A claim's verdict as the report names it: "False" once approved, else "Proposed: False"
/// (a verdict is the author's proposal until it is approved), or "Not rated".
pub fn verdict_text(a: &Annotation) -> String {
    match a.verdict {
        None => "Not rated".to_string(),
        Some(v) if a.record.review.state == crate::model::ReviewState::Approved => {
            v.label().to_string()
        }
        Some(v) => format!("Proposed: {}", v.label()),
    }
}

/// A claim's review in one line: "Approved · 2 of 3 votes: False", "Draft".
pub fn review_line(a: &Annotation) -> String {
    let review = &a.record.review;
    match review.tally().summary() {
        Some(tally) => format!("{} · {tally}", review.state.label()),
        None => review.state.label().to_string(),
    }
}

/// Each vote in a claim's review as its parts: reviewer, verdict in words ("no verdict"
/// for a comment only), the comment (trimmed, may be empty), the time for people.
pub fn vote_parts(vote: &crate::model::Vote) -> (&str, &'static str, &str, String) {
    (
        vote.reviewer.trim(),
        vote.verdict.map_or("no verdict", |v| v.label()),
        vote.comment.trim(),
        display_time(&vote.time),
    )
}

impl Summary {
    /// "10 approved, 1 ready for review, 2 draft" — only the states that occur, the
    /// approved first.
    pub fn review_breakdown(&self) -> String {
        [
            ReviewState::Approved,
            ReviewState::Ready,
            ReviewState::NeedsWork,
            ReviewState::Draft,
        ]
        .iter()
        .map(|&st| (st, self.states[st as usize]))
        .filter(|(_, n)| *n > 0)
        .map(|(st, n)| format!("{n} {}", st.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// "1 claim", "2 claims".
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// The pieces of a text: plain runs and links. Only `http:`, `https:` and `mailto:` URLs
/// become links; anything else (`javascript:`, `data:`, …) stays text. A URL runs to the
/// next whitespace, quote or angle bracket; trailing sentence punctuation is left out of it.
pub fn split_links(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let url_len = if starts_word { url_prefix_len(rest) } else { 0 };
        if url_len > 0 {
            if plain_from < at {
                pieces.push(Piece::Text(&text[plain_from..at]));
            }
            pieces.push(Piece::Link(&rest[..url_len]));
            at += url_len;
            plain_from = at;
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if plain_from < text.len() {
        pieces.push(Piece::Text(&text[plain_from..]));
    }
    pieces
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Length in bytes of the URL at the start of `s`, or 0 when none starts there.
fn url_prefix_len(s: &str) -> usize {
    let scheme_len = ["https://", "http://", "mailto:"]
        .iter()
        .find(|scheme| {
            s.len() >= scheme.len()
                && s.is_char_boundary(scheme.len())
                && s[..scheme.len()].eq_ignore_ascii_case(scheme)
        })
        .map_or(0, |scheme| scheme.len());
    if scheme_len == 0 {
        return 0;
    }
    let end = s
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
        .map_or(s.len(), |(i, _)| i);
    let mut url = &s[..end];
    // "(see https://x.org/a)." — the closing punctuation belongs to the sentence. A closing
    // parenthesis stays when the URL has an opening one (Wikipedia-style links).
    while let Some(last) = url.chars().next_back() {
        let strip = matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']' | '}')
            || (last == ')' && url.matches('(').count() < url.matches(')').count());
        if !strip {
            break;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
    if url.len() <= scheme_len {
        0
    } else {
        url.len()
    }
}

/// A URL field's value with the characters a URL cannot hold as they are (`<`, `>`, `"`)
/// percent-encoded, as a browser's address bar does: a pasted `https://x.org/a<b` is one
/// address, linked whole, not a link to `https://x.org/a` followed by text.
pub fn encode_url_field(url: &str) -> std::borrow::Cow<'_, str> {
    if !url.contains(['<', '>', '"']) {
        return std::borrow::Cow::Borrowed(url);
    }
    std::borrow::Cow::Owned(
        url.replace('<', "%3C")
            .replace('>', "%3E")
            .replace('"', "%22"),
    )
}

/// Whether a whole reference is one link target (an allowed URL and nothing else).
pub fn as_single_link(reference: &str) -> Option<&str> {
    let trimmed = reference.trim();
    match split_links(trimmed).as_slice() {
        [Piece::Link(url)] => Some(url),
        _ => None,
    }
}

pub use crate::model::timestamp::display as display_time;

/// The "article changed after annotation" section's content.
pub struct ArticleChanges<'a> {
    /// How many times the text was replaced by a newer version.
    pub updates: usize,
    /// When it last was (RFC 3339).
    pub last_update: Option<&'a str>,
    /// Need review, changed wording, moved: only the groups with members.
    pub groups: Vec<ChangeGroup<'a>>,
}

impl ArticleChanges<'_> {
    /// "The article's text was updated 2 times after annotation began (last on …)…", as
    /// plain text; `None` when no update is on record (only hand-edits were re-anchored).
    pub fn intro(&self) -> Option<String> {
        let last = self.last_update?;
        let n = self.updates;
        Some(format!(
            "The article's text was updated {} after annotation began (last on {}). The \
             earlier text{} kept in the project file.",
            count(n, "time", "times"),
            display_time(last),
            if n == 1 { " is" } else { "s are" }
        ))
    }
}

pub struct ChangeGroup<'a> {
    pub heading: &'static str,
    pub explanation: &'static str,
    pub items: Vec<ChangedAnnotation<'a>>,
}

pub struct ChangedAnnotation<'a> {
    pub annotation: &'a Annotation,
    /// Its label (`C3`) when it is placed in the current text; unplaced ones have none.
    pub label: Option<String>,
    /// The earlier wording, when the wording changed.
    pub was_quote: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_and_mailto_become_links() {
        assert_eq!(
            split_links(
                "See https://example.org/a_(b). Or mailto:x@y.org, not javascript:alert(1)"
            ),
            [
                Piece::Text("See "),
                Piece::Link("https://example.org/a_(b)"),
                Piece::Text(". Or "),
                Piece::Link("mailto:x@y.org"),
                Piece::Text(", not javascript:alert(1)"),
            ]
        );
        assert_eq!(
            split_links("javascript:alert(1)"),
            [Piece::Text("javascript:alert(1)")]
        );
        assert_eq!(split_links("xhttps://a.b"), [Piece::Text("xhttps://a.b")]);
        assert_eq!(split_links("https://"), [Piece::Text("https://")]);
        assert_eq!(
            split_links("HTTPS://A.org\"><img>"),
            [Piece::Link("HTTPS://A.org"), Piece::Text("\"><img>")]
        );
        assert_eq!(as_single_link(" https://x.org/r "), Some("https://x.org/r"));
        assert_eq!(as_single_link("Report, https://x.org/r"), None);
        assert_eq!(as_single_link("data:text/html,<script>"), None);
    }

    #[test]
    fn times_are_shown_in_their_zone() {
        assert_eq!(display_time("2026-11-26T09:22:00Z"), "2026-11-26 09:22 UTC");
        assert_eq!(
            display_time("2026-11-26T09:22:30.5-03:30"),
            "2026-11-26 09:22 -03:30"
        );
        assert_eq!(display_time("2026-11-26"), "2026-11-26");
        assert_eq!(display_time("soon"), "soon");
    }
}
