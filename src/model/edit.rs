//! Changes to a project as values: each can be applied and inverted, which is all undo/redo
//! needs. Builders on [`Project`] produce edits that keep the project consistent (removing a
//! claim also unlinks the sources and disputes that named it).

use std::fmt;

use std::ops::Range;

use super::annotation::{Annotation, CONTEXT_CHARS, Kind, Verdict};
use super::article::ArticleMetadata;
use super::claim::{ClaimRecord, Reference};
use super::conflict::Conflict;
use super::dismissed::DismissedSuggestion;
use super::project::{ArticleState, Project};
use super::repair::RepairItem;

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Add(Annotation),
    Remove(Annotation),
    /// Change an annotation (same id) from `before` to `after`.
    Replace {
        before: Box<Annotation>,
        after: Box<Annotation>,
    },
    SetMetadata {
        before: ArticleMetadata,
        after: ArticleMetadata,
    },
    /// Replace the article text, its history and every annotation at once: an update of
    /// the text with its annotations re-anchored (see [`crate::reanchor`]).
    ReplaceArticle {
        before: Box<ArticleState>,
        after: Box<ArticleState>,
    },
    /// Replace the list of dismissed suggestions.
    SetDismissed {
        before: Vec<DismissedSuggestion>,
        after: Vec<DismissedSuggestion>,
    },
    /// Replace the merge conflicts still to decide.
    SetConflicts {
        before: Vec<Conflict>,
        after: Vec<Conflict>,
    },
    /// Replace the annotations set aside for repair.
    SetRepairs {
        before: Vec<RepairItem>,
        after: Vec<RepairItem>,
    },
    /// Several edits applied in order, all or nothing.
    Batch(Vec<Edit>),
}

impl Edit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Add(a) => Edit::Remove(a.clone()),
            Edit::Remove(a) => Edit::Add(a.clone()),
            Edit::Replace { before, after } => Edit::Replace {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::SetMetadata { before, after } => Edit::SetMetadata {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::ReplaceArticle { before, after } => Edit::ReplaceArticle {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::SetDismissed { before, after } => Edit::SetDismissed {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::SetConflicts { before, after } => Edit::SetConflicts {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::SetRepairs { before, after } => Edit::SetRepairs {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }
}

/// Why an edit could not be applied. The project is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NotFound(String),
    DuplicateId(String),
    BadRange {
        start: usize,
        end: usize,
        len: usize,
    },
    QuoteMismatch(String),
    VerdictOnNonClaim(String),
    ClaimLinksToClaims(String),
    NotAClaim(String),
    StillLinked {
        id: String,
        by: String,
    },
    IdChanged,
    /// The edit was made against a state the project is no longer in.
    Stale(String),
    /// The result would break a model rule (the first problem found).
    Invalid(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NotFound(id) => write!(f, "there is no annotation {id:?}"),
            EditError::DuplicateId(id) => write!(f, "an annotation {id:?} already exists"),
            EditError::BadRange { start, end, len } => write!(
                f,
                "the span {start}..{end} is empty, reversed or past the end of the text ({len} characters)"
            ),
            EditError::QuoteMismatch(id) => {
                write!(f, "the quote of {id:?} does not match the article text")
            }
            EditError::VerdictOnNonClaim(id) => {
                write!(f, "{id:?} is not a claim, so it cannot have a verdict")
            }
            EditError::ClaimLinksToClaims(id) => write!(
                f,
                "{id:?} is a claim; only sources and disputes link to claims"
            ),
            EditError::NotAClaim(id) => write!(f, "{id:?} is not a claim in this project"),
            EditError::StillLinked { id, by } => {
                write!(f, "{id:?} is still linked from {by:?}")
            }
            EditError::IdChanged => write!(f, "an edit cannot change an annotation's id"),
            EditError::Stale(what) => write!(f, "{what} changed since this edit was made"),
            EditError::Invalid(problem) => write!(f, "the result would be invalid: {problem}"),
        }
    }
}

impl std::error::Error for EditError {}

/// Builders: each returns the edit for a user action, or `None` when the annotation does not
/// exist or nothing would change.
impl Project {
    pub fn edit_add(&self, annotation: Annotation) -> Edit {
        Edit::Add(annotation)
    }

    /// Remove an annotation, first unlinking every source and dispute that names it.
    pub fn edit_remove(&self, id: &str, now: &str) -> Option<Edit> {
        let target = self.find(id)?;
        let mut edits = self.unlink_all(id, now);
        edits.push(Edit::Remove(target.clone()));
        Some(batch(edits))
    }

    /// Change an annotation's kind. A claim that stops being a claim loses its verdict, its
    /// claim record and the links to it; a source or dispute that becomes a claim loses its
    /// own links. [`Self::kind_change_losses`] says what, so the user can be asked first.
    pub fn edit_set_kind(&self, id: &str, kind: Kind, now: &str) -> Option<Edit> {
        let before = self.find(id)?;
        if before.kind == kind {
            return None;
        }
        let mut edits = if before.kind == Kind::Claim {
            self.unlink_all(id, now)
        } else {
            Vec::new()
        };
        let mut after = before.clone();
        after.kind = kind;
        if kind != Kind::Claim {
            after.verdict = None;
            after.record = ClaimRecord::default();
        } else {
            after.claims.clear();
        }
        edits.push(replace(before, after, now));
        Some(batch(edits))
    }

    /// What changing `id` to `kind` would throw away or change in meaning, in words ("its
    /// verdict (Mostly true)", "the links from 2 sources"); empty when nothing would.
    pub fn kind_change_losses(&self, id: &str, kind: Kind) -> Vec<String> {
        let Some(a) = self.find(id) else {
            return Vec::new();
        };
        let mut losses = Vec::new();
        if a.kind == kind {
            return losses;
        }
        if a.kind == Kind::Claim {
            if let Some(verdict) = a.verdict {
                losses.push(format!("its verdict ({})", verdict.label()));
            }
            let r = &a.record;
            if let Some(claimant) = &r.claimant {
                losses.push(format!("its claimant ({})", claimant.name));
            }
            if r.claim_checked.is_some() {
                losses.push("the claim as checked".to_string());
            }
            if !r.explanation.trim().is_empty() {
                losses.push("the explanation".to_string());
            }
            if r.first_said.is_some() {
                losses.push("where it was first said".to_string());
            }
            if r.review_url.is_some() {
                losses.push("the published review's address".to_string());
            }
            if r.review.state != super::claim::ReviewState::Draft || !r.review.votes.is_empty() {
                losses.push(format!(
                    "its review ({}, {} vote{})",
                    r.review.state.label(),
                    r.review.votes.len(),
                    if r.review.votes.len() == 1 { "" } else { "s" }
                ));
            }
            let linked = self.linked_to(id).count();
            if linked > 0 {
                losses.push(format!(
                    "the link{} from {linked} source{s} or dispute{s}",
                    if linked == 1 { "" } else { "s" },
                    s = if linked == 1 { "" } else { "s" }
                ));
            }
        } else if kind == Kind::Claim {
            if !a.claims.is_empty() {
                let n = a.claims.len();
                losses.push(format!(
                    "its link{} to {n} claim{}",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "" } else { "s" }
                ));
            }
        } else if !a.claims.is_empty() {
            // A source that becomes a dispute contests what it supported.
            let (was, now) = match kind {
                Kind::Dispute => ("supports", "contests"),
                _ => ("contests", "supports"),
            };
            let n = a.claims.len();
            losses.push(format!(
                "it {was} {n} claim{} and would then {now} {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            ));
        }
        losses
    }

    pub fn edit_set_note(&self, id: &str, note: &str, now: &str) -> Option<Edit> {
        self.edit_field(id, now, |a| a.note = note.to_string())
    }

    /// Sign annotations that have no author yet (the name given after they were made).
    /// Annotations that no longer exist, or already carry a name, are left alone.
    pub fn edit_sign(&self, ids: &[String], author: &str, now: &str) -> Option<Edit> {
        let edits: Vec<Edit> = ids
            .iter()
            .filter_map(|id| self.find(id))
            .filter(|a| a.author.is_none())
            .map(|a| {
                let mut after = a.clone();
                after.author = Some(author.to_string());
                replace(a, after, now)
            })
            .collect();
        (!edits.is_empty()).then(|| batch(edits))
    }

    /// `None` also when the annotation is not a claim.
    pub fn edit_set_verdict(&self, id: &str, verdict: Option<Verdict>, now: &str) -> Option<Edit> {
        if self.find(id)?.kind != Kind::Claim {
            return None;
        }
        self.edit_field(id, now, |a| a.verdict = verdict)
    }

    /// Set the claims a source or dispute bears on. Ids that are not claims are left out;
    /// duplicates are dropped, order kept.
    pub fn edit_set_claims(&self, id: &str, claims: &[String], now: &str) -> Option<Edit> {
        if !self.find(id)?.kind.links_to_claims() {
            return None;
        }
        let mut valid: Vec<String> = Vec::new();
        for c in claims {
            let is_claim = self.find(c).is_some_and(|a| a.kind == Kind::Claim);
            if is_claim && !valid.contains(c) {
                valid.push(c.clone());
            }
        }
        self.edit_field(id, now, |a| a.claims = valid)
    }

    /// Add one claim to a source's or dispute's links.
    pub fn edit_link(&self, id: &str, claim_id: &str, now: &str) -> Option<Edit> {
        let mut claims = self.find(id)?.claims.clone();
        claims.push(claim_id.to_string());
        self.edit_set_claims(id, &claims, now)
    }

    /// Remove one claim from a source's or dispute's links.
    pub fn edit_unlink(&self, id: &str, claim_id: &str, now: &str) -> Option<Edit> {
        let mut claims = self.find(id)?.claims.clone();
        claims.retain(|c| c != claim_id);
        self.edit_set_claims(id, &claims, now)
    }

    /// Replace the evidence list; blank references are left out.
    pub fn edit_set_evidence(&self, id: &str, evidence: &[Reference], now: &str) -> Option<Edit> {
        let evidence: Vec<Reference> = evidence.iter().filter(|r| !r.is_blank()).cloned().collect();
        self.edit_field(id, now, |a| a.evidence = evidence)
    }

    /// Replace a claim's record (claimant, claim as checked, explanation, review…). `None`
    /// when the annotation is not a claim.
    pub fn edit_set_record(&self, id: &str, record: ClaimRecord, now: &str) -> Option<Edit> {
        if self.find(id)?.kind != Kind::Claim {
            return None;
        }
        self.edit_field(id, now, |a| a.record = record)
    }

    /// Remember that a suggestion was dismissed (`None` when it already is).
    pub fn edit_dismiss(&self, dismissed: DismissedSuggestion) -> Option<Edit> {
        let before = self.dismissed_suggestions().to_vec();
        if before.contains(&dismissed) {
            return None;
        }
        let mut after = before.clone();
        after.push(dismissed);
        after.sort_by_key(|d| (d.start, d.end, d.kind));
        Some(Edit::SetDismissed { before, after })
    }

    /// Forget every dismissed suggestion (`None` when there are none).
    pub fn edit_clear_dismissed(&self) -> Option<Edit> {
        let before = self.dismissed_suggestions().to_vec();
        (!before.is_empty()).then(|| Edit::SetDismissed {
            before,
            after: Vec::new(),
        })
    }

    /// Place an annotation (one needing review, or any other) over `chars` of the current
    /// text, widened so it splits no grapheme; its quote and context follow, and its
    /// re-anchoring status is cleared: a person has placed it.
    pub fn edit_set_span(
        &self,
        id: &str,
        chars: Range<usize>,
        now: &str,
    ) -> Result<Edit, EditError> {
        let before = self
            .find(id)
            .ok_or_else(|| EditError::NotFound(id.to_string()))?;
        let text = &self.article().text;
        if chars.start >= chars.end || chars.end > text.len_chars() {
            return Err(EditError::BadRange {
                start: chars.start,
                end: chars.end,
                len: text.len_chars(),
            });
        }
        let range = text.snap_to_graphemes(chars);
        let mut after = before.clone();
        after.start = range.start;
        after.end = range.end;
        after.quote = text.slice(range.clone()).unwrap_or_default().to_string();
        after.prefix = text.context_before(range.start, CONTEXT_CHARS).to_string();
        after.suffix = text.context_after(range.end, CONTEXT_CHARS).to_string();
        after.anchor = None;
        Ok(replace(before, after, now))
    }

    /// Accept where re-anchoring put a moved or changed annotation: its status is cleared.
    /// `None` when it has no status, or needs review (place it with [`Self::edit_set_span`]).
    pub fn edit_confirm_anchor(&self, id: &str, now: &str) -> Option<Edit> {
        let before = self.annotation(id)?;
        before.anchor.as_ref()?;
        let mut after = before.clone();
        after.anchor = None;
        Some(replace(before, after, now))
    }

    fn edit_field(
        &self,
        id: &str,
        now: &str,
        change: impl FnOnce(&mut Annotation),
    ) -> Option<Edit> {
        let before = self.find(id)?;
        let mut after = before.clone();
        change(&mut after);
        (after != *before).then(|| replace(before, after, now))
    }

    fn unlink_all(&self, claim_id: &str, now: &str) -> Vec<Edit> {
        self.linked_to(claim_id)
            .map(|linker| {
                let mut after = linker.clone();
                after.claims.retain(|c| c != claim_id);
                replace(linker, after, now)
            })
            .collect()
    }
}

fn replace(before: &Annotation, mut after: Annotation, now: &str) -> Edit {
    after.modified = now.to_string();
    Edit::Replace {
        before: Box::new(before.clone()),
        after: Box::new(after),
    }
}

/// A single edit stays itself; several become a batch.
fn batch(mut edits: Vec<Edit>) -> Edit {
    if edits.len() == 1 {
        edits.pop().expect("one edit")
    } else {
        Edit::Batch(edits)
    }
}
