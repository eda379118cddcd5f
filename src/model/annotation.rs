//! One annotation: a tagged span of the article with the fact-checker's note, verdict and links.

use std::fmt;

use serde_json::{Map, Value};

use super::claim::{ClaimRecord, Reference};

/// How many code points of context are kept on each side of a quote, for re-anchoring.
pub const CONTEXT_CHARS: usize = 32;

/// What a span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A checkable statement.
    Claim,
    /// Who or what the article cites.
    Source,
    /// Text that contests a claim.
    Dispute,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Claim, Kind::Source, Kind::Dispute];

    /// The name used in project files and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Claim => "claim",
            Kind::Source => "source",
            Kind::Dispute => "dispute",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Claim => "Claim",
            Kind::Source => "Source",
            Kind::Dispute => "Dispute",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Sources and disputes bear on claims; claims carry verdicts.
    pub fn links_to_claims(self) -> bool {
        self != Kind::Claim
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A fact-checker's rating of a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    True,
    MostlyTrue,
    Mixed,
    MostlyFalse,
    False,
    Unverifiable,
}

impl Verdict {
    pub const ALL: [Verdict; 6] = [
        Verdict::True,
        Verdict::MostlyTrue,
        Verdict::Mixed,
        Verdict::MostlyFalse,
        Verdict::False,
        Verdict::Unverifiable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::True => "true",
            Verdict::MostlyTrue => "mostly-true",
            Verdict::Mixed => "mixed",
            Verdict::MostlyFalse => "mostly-false",
            Verdict::False => "false",
            Verdict::Unverifiable => "unverifiable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::True => "True",
            Verdict::MostlyTrue => "Mostly true",
            Verdict::Mixed => "Mixed",
            Verdict::MostlyFalse => "Mostly false",
            Verdict::False => "False",
            Verdict::Unverifiable => "Unverifiable",
        }
    }

    pub fn parse(name: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == name)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an annotation came to be where it is after the article text changed, until someone
/// has looked at it. An annotation made on the current text has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnchorStatus {
    /// The same words, found at another place in the new text.
    Moved,
    /// Found with different wording: the quote is the new text's.
    Changed,
    /// No clearly good place in the new text. The annotation keeps its old place and quote
    /// (its offsets refer to the old text) and is listed apart, in
    /// [`Project::needs_review`](super::Project::needs_review).
    NeedsReview,
}

impl AnchorStatus {
    pub const ALL: [AnchorStatus; 3] = [
        AnchorStatus::Moved,
        AnchorStatus::Changed,
        AnchorStatus::NeedsReview,
    ];

    /// The name used in project files.
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorStatus::Moved => "moved",
            AnchorStatus::Changed => "changed",
            AnchorStatus::NeedsReview => "needs-review",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            AnchorStatus::Moved => "Moved",
            AnchorStatus::Changed => "Wording changed",
            AnchorStatus::NeedsReview => "Needs review",
        }
    }

    pub fn parse(name: &str) -> Option<AnchorStatus> {
        AnchorStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl fmt::Display for AnchorStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A span of an earlier article text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriorPlace {
    pub start: usize,
    pub end: usize,
    /// The earlier text at `start..end`.
    pub quote: String,
}

/// What re-anchoring did to an annotation, kept until someone confirms or re-places it.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    pub status: AnchorStatus,
    /// SHA-256 of the earlier article text (one of the project's revisions, or a text that
    /// was edited outside Factmark and is not kept).
    pub text_sha256: String,
    /// Moved and changed annotations: where they were in that text. `None` for needs
    /// review, whose own offsets and quote still refer to it.
    pub was: Option<PriorPlace>,
    /// Fields this build does not know, written back unchanged.
    pub extra: Map<String, Value>,
}

impl Anchor {
    pub fn needs_review(text_sha256: impl Into<String>) -> Self {
        Self {
            status: AnchorStatus::NeedsReview,
            text_sha256: text_sha256.into(),
            was: None,
            extra: Map::new(),
        }
    }

    pub fn moved_or_changed(
        status: AnchorStatus,
        text_sha256: impl Into<String>,
        was: PriorPlace,
    ) -> Self {
        Self {
            status,
            text_sha256: text_sha256.into(),
            was: Some(was),
            extra: Map::new(),
        }
    }
}

/// A tagged span. Offsets are code points into the article text, `end` exclusive.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub id: String,
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// The exact text at `start..end`.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] code points before `start`.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after `end`.
    pub suffix: String,
    pub note: String,
    /// Claims only.
    pub verdict: Option<Verdict>,
    /// Sources and disputes only: ids of the claims they support or contest.
    pub claims: Vec<String>,
    /// Claims only: claimant, the claim as checked, explanation, review…
    pub record: ClaimRecord,
    /// The documents and pages that back the annotation up.
    pub evidence: Vec<Reference>,
    pub author: Option<String>,
    /// RFC 3339.
    pub created: String,
    /// RFC 3339.
    pub modified: String,
    /// Set when re-anchoring moved it, changed its wording or could not place it; `None`
    /// once placed by a person.
    pub anchor: Option<Anchor>,
    /// Fields this build does not know (from a newer revision of the format), written back
    /// unchanged.
    pub extra: Map<String, Value>,
}

impl Annotation {
    /// The sort key of project files and of the annotation list: text order.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.start, self.end, &self.id)
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Whether it awaits review because re-anchoring found no place for it in the current
    /// text (its offsets then refer to an earlier text).
    pub fn is_unplaced(&self) -> bool {
        self.anchor
            .as_ref()
            .is_some_and(|a| a.status == AnchorStatus::NeedsReview)
    }

    /// The re-anchoring status, if any.
    pub fn anchor_status(&self) -> Option<AnchorStatus> {
        self.anchor.as_ref().map(|a| a.status)
    }

    /// The claim as checked: restated by the checker, or else the quote.
    pub fn claim_text(&self) -> &str {
        self.record
            .claim_checked
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .unwrap_or(&self.quote)
    }

    /// First line of the note, for lists and tooltips.
    pub fn note_first_line(&self) -> &str {
        self.note.lines().next().unwrap_or("").trim()
    }
}
