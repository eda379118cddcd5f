//! Re-anchoring: placing every annotation in a new version of the article text.
//!
//! Outlets edit articles after publication. When the text changes, each annotation is
//! - **kept** when its words are still there, unchanged, where the diff says its old place
//!   went (offsets may shift; whitespace may differ);
//! - **moved** when the same words are found somewhere else, in text that is new;
//! - **changed** when similar enough words are found (its quote becomes the new wording);
//! - or marked **needs review** when no place is clearly good: it keeps its old quote and
//!   offsets (which refer to the old text), is listed apart, and is never dropped.
//!
//! How a place is chosen. A word-level diff of the old and new texts says which text stayed
//! (and where it went) and which is new. An annotation whose span lies wholly in text that
//! stayed, with its context still around it, is kept. Otherwise candidates are looked for
//! near where its old place went, and in new text anywhere (through an index of
//! four-character pieces of the changed stretches), by approximate matching of its quote
//! (Myers' bit-parallel edit distance) on whitespace-normalized text. Like Hypothesis's
//! anchoring, each candidate is scored on the quote (weight 50), the prefix and suffix context
//! (20 each, less when little context was recorded) and the position (10). Unlike it, the
//! diff also says where each candidate's words came from: a candidate that is mostly text
//! which was already *elsewhere* in the old version is refused outright (that is the
//! look-alike sentence, a repeated paragraph or a near-identical lede, which must never
//! silently receive the annotation), unless it is an identical copy whose new context fits
//! this annotation clearly better than it fits its own old context. A candidate also needs a
//! close enough quote and support from its own old place, its context or a long unique
//! quote, and must beat any other acceptable place by a clear margin; otherwise the
//! annotation needs review.
//!
//! For the app: [`update_article_text`] prepares an update as one undoable
//! [`Edit::ReplaceArticle`] plus a [`ReanchorReport`]; [`merge_metadata`] proposes the new
//! version's details; [`diff_texts`] and [`ArticleDiff::mark_annotations`] give the diff view
//! for any two texts (e.g. a revision and the current text). A project whose text was edited
//! outside Factmark loads as [`crate::project_file::ParseError::TextChanged`], whose
//! `reanchor` uses [`reanchor_edited_text`].

mod approx;
mod diff;
mod normalize;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;

pub use diff::{ArticleDiff, DiffKind, DiffOp, diff_texts};

use self::approx::{distance, find_matches, similarity};
use self::diff::{Alignment, FastMap, Segment, diff_segments};
use self::normalize::{Normalized, normalize};
use crate::import::text::normalize_line_endings;
use crate::model::article::sha256_hex;
use crate::model::{
    Anchor, AnchorStatus, Annotation, Article, ArticleMetadata, ArticleState, ArticleText,
    CONTEXT_CHARS, Edit, PriorPlace, Project, Revision,
};

/// What happened to one annotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Kept,
    Moved,
    /// Placed where the wording changed; its quote is the new wording.
    Changed,
    NeedsReview,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Kept => "kept",
            Outcome::Moved => "moved",
            Outcome::Changed => "changed wording",
            Outcome::NeedsReview => "needs review",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why an annotation needs review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReviewReason {
    /// Nothing in the new text is like its quote.
    NotFound,
    /// The most similar text differs too much, or nothing around it supports it.
    TooDifferent,
    /// The only similar text was already elsewhere in the old version (a look-alike).
    OnlyLookAlikes,
    /// Several places fit about equally well.
    Ambiguous,
}

impl fmt::Display for ReviewReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReviewReason::NotFound => "its text is not in the new version",
            ReviewReason::TooDifferent => {
                "the most similar text in the new version differs too much"
            }
            ReviewReason::OnlyLookAlikes => {
                "the only similar text was already elsewhere in the old version"
            }
            ReviewReason::Ambiguous => "several places in the new version fit equally well",
        })
    }
}

/// Where one annotation went.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub id: String,
    pub outcome: Outcome,
    /// Its span and quote in the old text.
    pub old: Range<usize>,
    pub old_quote: String,
    /// SHA-256 of the text `old` refers to.
    pub old_text_sha256: String,
    /// Its span and quote in the new text; `None` when it needs review.
    pub new: Option<Range<usize>>,
    pub new_quote: Option<String>,
    /// How well the chosen place fits, 0 to 1 (1 for kept); for one needing review, how
    /// well the best rejected place fits.
    pub score: f64,
    /// Needs review: why.
    pub reason: Option<ReviewReason>,
    /// Needs review: the best place found, rejected, that a person may want to look at.
    pub suggestion: Option<Range<usize>>,
}

/// How many annotations had each outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    pub kept: usize,
    pub moved: usize,
    pub changed: usize,
    pub needs_review: usize,
}

impl fmt::Display for OutcomeCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} kept, {} moved, {} changed wording, {} need{} review",
            self.kept,
            self.moved,
            self.changed,
            self.needs_review,
            if self.needs_review == 1 { "s" } else { "" }
        )
    }
}

/// What an update of the article text did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReanchorReport {
    /// One per annotation: first those that were placed in the old text, in text order,
    /// then those that already needed review.
    pub placements: Vec<Placement>,
    /// Old text against new, with the annotations each change touches. `None` when the old
    /// text is not known (it was edited outside Factmark).
    pub diff: Option<ArticleDiff>,
    /// Whether the text changed at all.
    pub text_changed: bool,
    pub old_text_sha256: String,
    pub new_text_sha256: String,
}

impl ReanchorReport {
    pub fn counts(&self) -> OutcomeCounts {
        let mut c = OutcomeCounts::default();
        for p in &self.placements {
            match p.outcome {
                Outcome::Kept => c.kept += 1,
                Outcome::Moved => c.moved += 1,
                Outcome::Changed => c.changed += 1,
                Outcome::NeedsReview => c.needs_review += 1,
            }
        }
        c
    }

    pub fn placement(&self, id: &str) -> Option<&Placement> {
        self.placements.iter().find(|p| p.id == id)
    }
}

/// A new version of the article text, with its annotations re-anchored, as one undoable
/// edit, and the report to show.
#[derive(Clone, Debug)]
pub struct TextUpdate {
    /// [`Edit::ReplaceArticle`]: apply it to the project (through the undo history).
    pub edit: Edit,
    pub report: ReanchorReport,
}

/// The details to propose for a new version of the article: the project's own (the user may
/// have corrected them), with blanks filled from what the new version says, and `retrieved`
/// set to when the new version was taken.
pub fn merge_metadata(
    current: &ArticleMetadata,
    imported: &ArticleMetadata,
    retrieved: Option<String>,
) -> ArticleMetadata {
    let pick = |mine: &Option<String>, theirs: &Option<String>| mine.clone().or(theirs.clone());
    ArticleMetadata {
        title: if current.title.trim().is_empty() {
            imported.title.clone()
        } else {
            current.title.clone()
        },
        url: pick(&current.url, &imported.url),
        outlet: pick(&current.outlet, &imported.outlet),
        author: pick(&current.author, &imported.author),
        published: pick(&current.published, &imported.published),
        retrieved,
        language: pick(&current.language, &imported.language),
    }
}

/// Prepare replacing the project's article text with `text` (line endings are normalized)
/// and its details with `metadata`. Every annotation is re-anchored; annotations that
/// already needed review are tried again against the text they were made on. The old text
/// goes into the revision history (unless the text did not change). Nothing is applied: the
/// caller applies [`TextUpdate::edit`].
pub fn update_article_text(
    project: &Project,
    text: &str,
    metadata: ArticleMetadata,
    now: &str,
) -> TextUpdate {
    let before = project.article_state();
    let new_text = ArticleText::new(normalize_line_endings(text.to_string()));
    let old_article = &before.article;
    let old_sha = old_article.text_sha256();
    let new_sha = sha256_hex(new_text.as_str().as_bytes());
    let text_changed = old_sha != new_sha;

    let mut after = before.clone();
    after.article = Article {
        metadata,
        text: new_text.clone(),
        // Pages and times belong to the old text's document; a new text brings its own.
        locations: if text_changed {
            Vec::new()
        } else {
            old_article.locations.clone()
        },
        extra: old_article.extra.clone(),
    };
    if !text_changed {
        let placements = before
            .annotations
            .iter()
            .map(|a| kept_placement(a, &old_sha))
            .collect();
        return TextUpdate {
            edit: Edit::ReplaceArticle {
                before: Box::new(before),
                after: Box::new(after),
            },
            report: ReanchorReport {
                placements,
                diff: Some(ArticleDiff::default()),
                text_changed,
                old_text_sha256: old_sha.clone(),
                new_text_sha256: new_sha,
            },
        };
    }

    let new_norm = Normalized::new(new_text.as_str());
    let old_ops = diff_segments(
        &[Segment::Known(old_article.text.as_str())],
        new_text.as_str(),
    );
    let mut placements = place_all(
        &Alignment::new(old_ops.clone()),
        &before.annotations,
        &old_sha,
        &new_text,
        &new_norm,
        OldSide::Full(old_article.text.as_str()),
    );
    // Those that already needed review, against the text each was made on.
    let mut by_text: BTreeMap<String, Vec<Annotation>> = BTreeMap::new();
    for a in &before.needs_review {
        let sha = a
            .anchor
            .as_ref()
            .map(|x| x.text_sha256.to_ascii_lowercase())
            .unwrap_or_default();
        by_text.entry(sha).or_default().push(a.clone());
    }
    for (sha, group) in &by_text {
        let kept_text = before
            .revisions
            .iter()
            .rev()
            .find(|r| r.text_sha256.eq_ignore_ascii_case(sha))
            .and_then(|r| r.text.as_deref());
        let partial;
        let (segments, old) = match kept_text {
            Some(text) => (
                vec![Segment::Known(text.as_str())],
                OldSide::Full(text.as_str()),
            ),
            None => {
                partial = PartialText::from_annotations(group, partial_limit(&new_text));
                (partial.segments(), OldSide::Pieces(&partial))
            }
        };
        let alignment = Alignment::new(diff_segments(&segments, new_text.as_str()));
        placements.extend(place_all(&alignment, group, sha, &new_text, &new_norm, old));
    }

    after.revisions.push(Revision::of(
        &old_article.metadata,
        old_article.text.clone(),
        now,
    ));
    apply_placements(&mut after, &before, &placements, &new_text, now);

    let mut diff = ArticleDiff { ops: old_ops };
    mark_diff(&mut diff, &placements, &old_sha);
    TextUpdate {
        edit: Edit::ReplaceArticle {
            before: Box::new(before),
            after: Box::new(after),
        },
        report: ReanchorReport {
            placements,
            diff: Some(diff),
            text_changed,
            old_text_sha256: old_sha,
            new_text_sha256: new_sha,
        },
    }
}

/// Re-anchor annotations made on a text that is no longer known (it was edited outside
/// Factmark, so only its hash `old_sha256` survives) to the text `state.article` now has.
/// The old text is pieced together from the annotations' quotes and contexts. The returned
/// state records the lost text in the history by its hash.
pub fn reanchor_edited_text(
    mut state: ArticleState,
    old_sha256: &str,
    now: &str,
) -> (ArticleState, ReanchorReport) {
    let before = state.clone();
    let new_text = state.article.text.clone();
    let new_sha = state.article.text_sha256();
    let old_sha = old_sha256.to_ascii_lowercase();
    let new_norm = Normalized::new(new_text.as_str());
    let partial = PartialText::from_annotations(&before.annotations, partial_limit(&new_text));
    let alignment = Alignment::new(diff_segments(&partial.segments(), new_text.as_str()));
    let mut placements = place_all(
        &alignment,
        &before.annotations,
        &old_sha,
        &new_text,
        &new_norm,
        OldSide::Pieces(&partial),
    );
    // Annotations already needing review refer to older texts, untouched by the edit; they
    // stay as they are.
    placements.extend(
        before
            .needs_review
            .iter()
            .map(|a| still_needs_review(a, a.anchor.as_ref().map_or("", |x| &x.text_sha256))),
    );
    state
        .revisions
        .push(Revision::lost(&state.article.metadata, &old_sha, now));
    apply_placements(&mut state, &before, &placements, &new_text, now);
    let report = ReanchorReport {
        placements,
        diff: None,
        text_changed: true,
        old_text_sha256: old_sha,
        new_text_sha256: new_sha,
    };
    (state, report)
}

fn kept_placement(a: &Annotation, sha: &str) -> Placement {
    Placement {
        id: a.id.clone(),
        outcome: Outcome::Kept,
        old: a.range(),
        old_quote: a.quote.clone(),
        old_text_sha256: sha.to_string(),
        new: Some(a.range()),
        new_quote: Some(a.quote.clone()),
        score: 1.0,
        reason: None,
        suggestion: None,
    }
}

fn still_needs_review(a: &Annotation, sha: &str) -> Placement {
    Placement {
        id: a.id.clone(),
        outcome: Outcome::NeedsReview,
        old: a.range(),
        old_quote: a.quote.clone(),
        old_text_sha256: sha.to_ascii_lowercase(),
        new: None,
        new_quote: None,
        score: 0.0,
        reason: Some(ReviewReason::NotFound),
        suggestion: None,
    }
}

/// Rebuild the annotation lists of `state` from the placements (one per annotation of
/// `before`).
fn apply_placements(
    state: &mut ArticleState,
    before: &ArticleState,
    placements: &[Placement],
    new_text: &ArticleText,
    now: &str,
) {
    let by_id: HashMap<&str, &Placement> = placements.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut placed = Vec::with_capacity(before.annotations.len());
    let mut review = Vec::new();
    for a in before.annotations.iter().chain(&before.needs_review) {
        let Some(p) = by_id.get(a.id.as_str()) else {
            review.push(a.clone());
            continue;
        };
        let mut a = a.clone();
        match (p.outcome, &p.new) {
            (Outcome::NeedsReview, _) | (_, None) => {
                if !a.is_unplaced() {
                    // Its offsets, quote and context stay as they were: they refer to the
                    // old text, which the anchor names.
                    a.anchor = Some(Anchor::needs_review(p.old_text_sha256.clone()));
                    a.modified = now.to_string();
                }
                review.push(a);
            }
            (outcome, Some(range)) => {
                let was_unplaced = a.is_unplaced();
                a.start = range.start;
                a.end = range.end;
                a.quote = new_text
                    .slice(range.clone())
                    .unwrap_or_default()
                    .to_string();
                a.prefix = new_text
                    .context_before(range.start, CONTEXT_CHARS)
                    .to_string();
                a.suffix = new_text.context_after(range.end, CONTEXT_CHARS).to_string();
                let status = match outcome {
                    Outcome::Changed => Some(AnchorStatus::Changed),
                    // Found again after needing review: someone should look.
                    Outcome::Kept if was_unplaced => Some(AnchorStatus::Moved),
                    Outcome::Moved => Some(AnchorStatus::Moved),
                    _ => None,
                };
                if let Some(status) = status {
                    a.anchor = Some(Anchor::moved_or_changed(
                        status,
                        p.old_text_sha256.clone(),
                        PriorPlace {
                            start: p.old.start,
                            end: p.old.end,
                            quote: p.old_quote.clone(),
                        },
                    ));
                    a.modified = now.to_string();
                }
                placed.push(a);
            }
        }
    }
    placed.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    review.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    state.annotations = placed;
    state.needs_review = review;
}

fn mark_diff(diff: &mut ArticleDiff, placements: &[Placement], old_sha: &str) {
    let old_spans: Vec<(String, Range<usize>)> = placements
        .iter()
        .filter(|p| p.old_text_sha256 == old_sha)
        .map(|p| (p.id.clone(), p.old.clone()))
        .collect();
    let new_spans: Vec<(String, Range<usize>)> = placements
        .iter()
        .filter_map(|p| Some((p.id.clone(), p.new.clone()?)))
        .collect();
    diff.mark_annotations(&old_spans, &new_spans);
}

// ---------------------------------------------------------------------------------------
// An old text known only in pieces

/// How long an old text known only in pieces is allowed to be: edits do not make a text
/// many times shorter, so offsets far beyond this are not from a real text.
fn partial_limit(new_text: &ArticleText) -> usize {
    new_text.len_chars().saturating_mul(4) + 1_000_000
}

/// An old text pieced together from annotations' prefixes, quotes and suffixes at their
/// offsets; what no annotation covers is unknown (and matches nothing in a diff).
struct PartialText {
    pieces: Vec<Piece>,
}

enum Piece {
    Known(String),
    Unknown(usize),
}

impl PartialText {
    /// Annotations beyond `limit` characters (offsets no real text could have) are left
    /// out: they cannot be placed, and would cost memory for nothing.
    fn from_annotations(annotations: &[Annotation], limit: usize) -> Self {
        // A cell two annotations disagree on is unknown.
        #[derive(Clone, Copy, PartialEq)]
        enum Cell {
            Unknown,
            Known(char),
            Conflict,
        }
        let annotations: Vec<&Annotation> = annotations
            .iter()
            .filter(|a| a.end.saturating_add(CONTEXT_CHARS) <= limit)
            .collect();
        let len = annotations
            .iter()
            .map(|a| a.end + a.suffix.chars().count().min(CONTEXT_CHARS))
            .max()
            .unwrap_or(0);
        let mut cells = vec![Cell::Unknown; len];
        let mut put = |at: usize, ch: char| {
            if let Some(cell) = cells.get_mut(at) {
                *cell = match *cell {
                    Cell::Unknown => Cell::Known(ch),
                    Cell::Known(c) if c == ch => Cell::Known(c),
                    _ => Cell::Conflict,
                };
            }
        };
        for a in annotations {
            if a.quote.chars().count() != a.end.saturating_sub(a.start) {
                continue;
            }
            let prefix_len = a.prefix.chars().count();
            if prefix_len <= a.start {
                for (i, ch) in a.prefix.chars().enumerate() {
                    put(a.start - prefix_len + i, ch);
                }
            }
            for (i, ch) in a.quote.chars().chain(a.suffix.chars()).enumerate() {
                put(a.start + i, ch);
            }
        }
        let mut pieces = Vec::new();
        for cell in cells {
            match (cell, pieces.last_mut()) {
                (Cell::Known(ch), Some(Piece::Known(text))) => text.push(ch),
                (Cell::Known(ch), _) => pieces.push(Piece::Known(ch.to_string())),
                (_, Some(Piece::Unknown(n))) => *n += 1,
                (_, _) => pieces.push(Piece::Unknown(1)),
            }
        }
        Self { pieces }
    }

    /// The known pieces with the old offset each starts at.
    fn known_with_starts(&self) -> Vec<(usize, &str)> {
        let mut at = 0;
        let mut out = Vec::new();
        for piece in &self.pieces {
            match piece {
                Piece::Known(text) => {
                    out.push((at, text.as_str()));
                    at += text.chars().count();
                }
                Piece::Unknown(n) => at += n,
            }
        }
        out
    }

    fn segments(&self) -> Vec<Segment<'_>> {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Known(text) => Segment::Known(text),
                Piece::Unknown(n) => Segment::Unknown(*n),
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------
// Placing annotations

/// Weights of the candidate score: the quote matters most, then the context on each side,
/// then the position (distance from where the diff says the old place went).
const W_QUOTE: f64 = 50.0;
const W_PREFIX: f64 = 20.0;
const W_SUFFIX: f64 = 20.0;
const W_POSITION: f64 = 10.0;
/// Unchanged text around a kept span normally still reads like its old context; below this
/// the diff may have paired it with another copy of the same words, and candidates compete.
const MIN_KEPT_CONTEXT: f64 = 0.5;
/// How much better an identical copy's new context must fit this annotation's old context
/// than the context that copy had before, to be taken as this annotation's (the diff paired
/// two copies of the same words the wrong way round).
const REPAIR_LEAD: f64 = 0.15;

/// The least quote similarity for a changed-wording placement.
const MIN_QUOTE_SIMILARITY: f64 = 0.6;
/// The least score for a changed-wording placement: a quote only 60% alike needs its
/// context too (scraps of common words that happen to survive in a rewritten passage score
/// below this).
const MIN_CHANGED_SCORE: f64 = 0.6;
/// The least lead the best place needs over another acceptable one.
const MARGIN: f64 = 0.05;
/// Candidates more than this share of text that was elsewhere before are look-alikes.
const MAX_FOREIGN: f64 = 0.5;

/// What is known of the old text.
#[derive(Clone, Copy)]
enum OldSide<'a> {
    Full(&'a str),
    Pieces(&'a PartialText),
}

/// Place annotations made on an old text in the new one.
fn place_all(
    alignment: &Alignment,
    annotations: &[Annotation],
    old_sha: &str,
    new_text: &ArticleText,
    new_norm: &Normalized,
    old: OldSide<'_>,
) -> Vec<Placement> {
    let seeds = SeedIndex::new(new_norm, alignment);
    let (old_text, old_pieces) = match old {
        OldSide::Full(text) => (Some(text), None),
        OldSide::Pieces(partial) => (None, Some(partial.known_with_starts())),
    };
    let matcher = Matcher {
        alignment,
        new_text,
        new_norm,
        seeds: &seeds,
        old_text,
        old_norm: std::cell::OnceCell::new(),
        old_pieces: old_pieces.as_deref(),
        old_complete: old_text.is_some(),
    };
    annotations
        .iter()
        .map(|a| matcher.place(a, old_sha))
        .collect()
}

struct Matcher<'a> {
    alignment: &'a Alignment,
    new_text: &'a ArticleText,
    new_norm: &'a Normalized,
    seeds: &'a SeedIndex,
    /// The old text, when it is fully known, and its normalized form, made when first needed.
    old_text: Option<&'a str>,
    old_norm: std::cell::OnceCell<Normalized>,
    /// The known pieces of an old text known only in pieces, with their offsets.
    old_pieces: Option<&'a [(usize, &'a str)]>,
    /// The old text is fully known (not pieced together from annotations).
    old_complete: bool,
}

#[derive(Clone, Debug)]
struct Candidate {
    range: Range<usize>,
    errors: u32,
    quote: f64,
    context: f64,
    own: f64,
    foreign: f64,
    score: f64,
}

impl Matcher<'_> {
    fn place(&self, a: &Annotation, old_sha: &str) -> Placement {
        let mut placement = Placement {
            id: a.id.clone(),
            outcome: Outcome::NeedsReview,
            old: a.range(),
            old_quote: a.quote.clone(),
            old_text_sha256: old_sha.to_string(),
            new: None,
            new_quote: None,
            score: 0.0,
            reason: Some(ReviewReason::NotFound),
            suggestion: None,
        };
        let place = |p: &mut Placement, outcome, range: Range<usize>, score| {
            p.outcome = outcome;
            p.new_quote = self.new_text.slice(range.clone()).map(str::to_string);
            p.new = Some(range);
            p.score = score;
            p.reason = None;
        };
        let quote = normalize(&a.quote);
        let m = quote.len();
        let mut copies_elsewhere = false;
        if let Some(range) = self.alignment.unchanged(&a.range())
            && self.new_text.slice(range.clone()) == Some(a.quote.as_str())
        {
            let foreign = self
                .old_pieces
                .is_some_and(|pieces| straddle_evidence(self.new_text, pieces, a, &range).1);
            if !foreign && self.kept_context(a, &range) >= MIN_KEPT_CONTEXT {
                place(&mut placement, Outcome::Kept, range, 1.0);
                return placement;
            }
            // Unchanged words in a changed setting: another copy of them may be this one's.
            copies_elsewhere = true;
        }
        if m == 0 {
            return placement;
        }
        let candidates = self.candidates(a, &quote, copies_elsewhere);
        let Some(best_any) = candidates
            .iter()
            .max_by(|x, y| x.score.total_cmp(&y.score))
            .cloned()
        else {
            return placement;
        };
        placement.score = best_any.score;
        placement.suggestion = Some(best_any.range.clone());
        // Whether the quote occurs once in the new text: asked only when it decides.
        let unique = std::cell::OnceCell::new();
        let is_unique = || {
            *unique.get_or_init(|| {
                self.new_text
                    .as_str()
                    .matches(a.quote.as_str())
                    .take(2)
                    .count()
                    <= 1
            })
        };
        let words = a.quote.split_whitespace().count();
        let acceptable: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| self.acceptable(c, m, words, &is_unique))
            .collect();
        let Some(best) = acceptable
            .iter()
            .max_by(|x, y| x.score.total_cmp(&y.score))
            .copied()
        else {
            placement.reason = Some(if candidates.iter().all(|c| c.foreign > MAX_FOREIGN) {
                ReviewReason::OnlyLookAlikes
            } else {
                ReviewReason::TooDifferent
            });
            return placement;
        };
        let rival = acceptable
            .iter()
            .any(|c| !overlaps(&c.range, &best.range) && c.score > best.score - MARGIN);
        if rival {
            placement.reason = Some(ReviewReason::Ambiguous);
            placement.score = best.score;
            placement.suggestion = Some(best.range.clone());
            return placement;
        }
        let outcome = if best.errors > 0 {
            Outcome::Changed
        } else if best.own >= 0.5 {
            Outcome::Kept
        } else {
            Outcome::Moved
        };
        placement.suggestion = None;
        place(&mut placement, outcome, best.range.clone(), best.score);
        placement
    }

    /// Whether a candidate may receive the annotation: not a look-alike, a quote close
    /// enough, and support from its own old text, the context or (for long exact quotes)
    /// the quote itself.
    fn acceptable(
        &self,
        c: &Candidate,
        quote_len: usize,
        words: usize,
        unique: &dyn Fn() -> bool,
    ) -> bool {
        if c.foreign > MAX_FOREIGN {
            return false;
        }
        if c.errors == 0 {
            // A phrase of several words found once, in new text, is its sentence moved; a
            // shorter or common one needs its context too.
            return c.own >= 0.5
                || c.context >= 0.5
                || (self.old_complete && quote_len >= 20 && c.context >= 0.35)
                || (self.old_complete && quote_len >= 20 && words >= 4 && unique());
        }
        c.quote >= MIN_QUOTE_SIMILARITY
            && c.score >= MIN_CHANGED_SCORE
            && (c.own >= 0.5
                || c.context >= 0.6
                || (self.old_complete && c.quote >= 0.85 && quote_len >= 30 && c.context >= 0.3))
    }

    /// Places worth scoring: near where the old place went, in new text anywhere, and with
    /// `copies_elsewhere` every identical copy of the quote.
    fn candidates(&self, a: &Annotation, quote: &[char], copies_elsewhere: bool) -> Vec<Candidate> {
        let m = quote.len();
        let max_errors = ((m as f64) * (1.0 - MIN_QUOTE_SIMILARITY)).floor() as u32;
        let norm = self.new_norm;
        // Near where the old place went: from the mapped start, as far as the span could
        // reach, with room on both sides.
        let hint = self.alignment.map(a.start);
        let reach = (a.end - a.start) + (a.end - a.start) / 2;
        let hint_end = self.alignment.map(a.end).clamp(hint, hint + reach);
        let pad = m.max(CONTEXT_CHARS) + max_errors as usize;
        let local = norm.index_at_or_after(hint.saturating_sub(pad))
            ..norm.index_at_or_after(hint_end + pad);
        let mut found: Vec<(Range<usize>, u32)> = Vec::new();
        let search = |window: Range<usize>, found: &mut Vec<(Range<usize>, u32)>| {
            let window = window.start.min(norm.len())..window.end.min(norm.len());
            for hit in find_matches(quote, &norm.chars[window.clone()], max_errors, 8) {
                found.push((
                    window.start + hit.range.start..window.start + hit.range.end,
                    hit.errors,
                ));
            }
        };
        search(local.clone(), &mut found);
        for window in self.seeds.windows(quote, max_errors as usize) {
            if window.start >= local.start && window.end <= local.end {
                continue;
            }
            search(window, &mut found);
        }
        if copies_elsewhere {
            const MAX_COPIES: usize = 64;
            let text = self.new_text;
            for (byte, _) in text
                .as_str()
                .match_indices(a.quote.as_str())
                .take(MAX_COPIES)
            {
                let Some(start) = text.char_of_byte(byte) else {
                    continue;
                };
                let end = start + a.quote.chars().count();
                found.push((
                    norm.index_at_or_after(start)..norm.index_at_or_after(end),
                    0,
                ));
            }
        }
        // The same place found twice: keep it once.
        found.sort_by_key(|(r, e)| (r.start, *e));
        found.dedup_by(|x, y| x.0 == y.0);
        // Scoring is the costly part: only the closest matches are worth it.
        found.sort_by_key(|(r, e)| (*e, r.start));
        found.truncate(MAX_CANDIDATES);

        let old_prefix = normalize(&a.prefix);
        let old_suffix = normalize(&a.suffix);
        let slack = (m / 4).min(8);
        found
            .into_iter()
            .filter_map(|(range, errors)| {
                let (range, errors) = self.widen_to_words(a, quote, range, errors);
                let original = norm.original_range(range.clone())?;
                let original = self.new_text.snap_to_graphemes(original);
                let prefix = self.context(&old_prefix, range.start, true);
                let suffix = self.context(&old_suffix, range.end, false);
                let provenance = self.alignment.provenance(&original, &a.range(), slack);
                let quote_score = 1.0 - f64::from(errors) / m as f64;
                let distance = original.start.abs_diff(hint) as f64;
                let position = (1.0 - distance / (2.0 * (m + 64) as f64)).max(0.0);
                let mut own = provenance.own_fraction();
                // A side with little recorded context (the annotation was near the text's
                // edge) says little either way.
                let side = |old: &[char], weight: f64| {
                    weight
                        * (0.25 + 0.75 * old.len().min(CONTEXT_CHARS) as f64 / CONTEXT_CHARS as f64)
                };
                let (w_prefix, w_suffix) =
                    (side(&old_prefix, W_PREFIX), side(&old_suffix, W_SUFFIX));
                let context = (w_prefix * prefix + w_suffix * suffix) / (w_prefix + w_suffix);
                let mut foreign = provenance.foreign_fraction();
                if let Some(pieces) = self.old_pieces {
                    // A diff against a text known in pieces pairs text loosely; what the
                    // known old text around the candidate says counts instead.
                    let (is_own, is_foreign) =
                        straddle_evidence(self.new_text, pieces, a, &original);
                    own = if is_own { 1.0 } else { 0.0 };
                    foreign = if is_foreign { 1.0 } else { 0.0 };
                }
                if errors == 0
                    && foreign > MAX_FOREIGN
                    && self.repaired(quote, &range, &original, context)
                {
                    foreign = 0.0;
                }
                let score = (W_QUOTE * quote_score
                    + w_prefix * prefix
                    + w_suffix * suffix
                    + W_POSITION * position)
                    / (W_QUOTE + w_prefix + w_suffix + W_POSITION);
                Some(Candidate {
                    range: original,
                    errors,
                    quote: quote_score,
                    context,
                    own,
                    foreign,
                    score,
                })
            })
            .collect()
    }

    /// How well the context around a kept span's new place fits its old context (1 when
    /// unchanged, checked cheaply first).
    fn kept_context(&self, a: &Annotation, range: &Range<usize>) -> f64 {
        let text = self.new_text;
        let prefix = text.context_before(range.start, CONTEXT_CHARS);
        let suffix = text.context_after(range.end, CONTEXT_CHARS);
        let fit = |old: &str, new: &str, before: bool| {
            if old == new || (before && new.ends_with(old)) || (!before && new.starts_with(old)) {
                1.0
            } else {
                let at = if before {
                    self.new_norm.index_at_or_after(range.start)
                } else {
                    self.new_norm.index_at_or_after(range.end)
                };
                self.context(&normalize(old), at, before)
            }
        };
        (fit(&a.prefix, prefix, true) + fit(&a.suffix, suffix, false)) / 2.0
    }

    /// Whether an identical copy of the quote that the diff took from another place of the
    /// old text is really this annotation's: its new context fits this annotation's old
    /// context clearly better than the context that copy had. (Two copies of one sentence
    /// whose paragraphs were swapped and reworded look, to a diff, like two that stayed.)
    fn repaired(
        &self,
        quote: &[char],
        norm_range: &Range<usize>,
        original: &Range<usize>,
        ours: f64,
    ) -> bool {
        let Some(old_text) = self.old_text else {
            return false;
        };
        let Some(source) = self.alignment.old_of(original) else {
            return false;
        };
        let old = self.old_norm.get_or_init(|| Normalized::new(old_text));
        let from = old.index_at_or_after(source.start);
        let to = old.index_at_or_after(source.end);
        if old.chars.get(from..to) != Some(quote) {
            return false;
        }
        let old_prefix = &old.chars[from.saturating_sub(CONTEXT_CHARS)..from];
        let old_suffix = &old.chars[to..(to + CONTEXT_CHARS).min(old.chars.len())];
        let theirs = (self.context(old_prefix, norm_range.start, true)
            + self.context(old_suffix, norm_range.end, false))
            / 2.0;
        ours > theirs + REPAIR_LEAD
    }

    /// The fewest edits may end a match inside a word ("the plan is la|wful" for "the plan
    /// is legal"): where the quote began and ended on word edges, so does its new place.
    fn widen_to_words(
        &self,
        a: &Annotation,
        quote: &[char],
        range: Range<usize>,
        errors: u32,
    ) -> (Range<usize>, u32) {
        if errors == 0 {
            return (range, errors);
        }
        let chars = &self.new_norm.chars;
        let word = |c: char| c.is_alphanumeric();
        let mut start = range.start;
        let mut end = range.end;
        if a.quote.chars().next().is_some_and(word) && !a.prefix.chars().last().is_some_and(word) {
            while start > 0 && start < chars.len() && word(chars[start - 1]) && word(chars[start]) {
                start -= 1;
            }
        }
        if a.quote.chars().last().is_some_and(word) && !a.suffix.chars().next().is_some_and(word) {
            while end < chars.len() && end > 0 && word(chars[end - 1]) && word(chars[end]) {
                end += 1;
            }
        }
        if (start, end) == (range.start, range.end) {
            return (range, errors);
        }
        (start..end, distance(quote, &chars[start..end]))
    }

    /// How like the old context (normalized) the new text is just before (or after) a
    /// normalized offset.
    fn context(&self, old: &[char], at: usize, before: bool) -> f64 {
        let chars = &self.new_norm.chars;
        let new: &[char] = if before {
            &chars[at.saturating_sub(old.len())..at]
        } else {
            &chars[at..(at + old.len()).min(chars.len())]
        };
        if old.is_empty() {
            // No context was recorded (or the annotation was at the text's edge): it fits
            // only at the edge, and is no support anywhere else.
            let at_edge = if before { at == 0 } else { at >= chars.len() };
            return if at_edge { 1.0 } else { 0.0 };
        }
        similarity(old, new)
    }
}

/// For an old text known only in pieces: does the text straddling the candidate's edges
/// appear in the known old text at the annotation's own edges (own), or at an edge only
/// elsewhere (foreign: the candidate is some other passage that was already there)?
fn straddle_evidence(
    new_text: &ArticleText,
    pieces: &[(usize, &str)],
    a: &Annotation,
    candidate: &Range<usize>,
) -> (bool, bool) {
    const HALF: usize = 12;
    let check = |new_edge: usize, old_edge: usize| -> (bool, bool) {
        let from = new_edge.saturating_sub(HALF);
        let to = (new_edge + HALF).min(new_text.len_chars());
        if to - from < HALF + 4 {
            return (false, false);
        }
        let Some(probe) = new_text.slice(from..to) else {
            return (false, false);
        };
        let lead = new_edge - from;
        let (mut own, mut foreign) = (false, false);
        for &(start, piece) in pieces {
            for (byte, _) in piece.match_indices(probe) {
                let implied = start + piece[..byte].chars().count() + lead;
                if implied.abs_diff(old_edge) <= 2 {
                    own = true;
                } else {
                    foreign = true;
                }
            }
        }
        (own, foreign)
    };
    // An edge found only elsewhere marks the candidate as another passage, even if its
    // other edge looks like the annotation's (a deleted sentence's neighbour now sits where
    // it was).
    let (own_start, foreign_start) = check(candidate.start, a.start);
    let (own_end, foreign_end) = check(candidate.end, a.end);
    let foreign = (foreign_start && !own_start) || (foreign_end && !own_end);
    (!foreign && (own_start || own_end), foreign)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

// ---------------------------------------------------------------------------------------
// Finding where a quote may have moved to

/// Four-character pieces of the new text's changed stretches, by where they occur: a quote
/// sharing many pieces (on one diagonal) with a stretch is worth an approximate search
/// there. Text that stayed is not indexed: a candidate there is the annotation's own old
/// place (searched near it) or someone else's text (a look-alike).
struct SeedIndex {
    pieces: FastMap<u64, Vec<u32>>,
    /// Changed stretches, in normalized offsets.
    regions: Vec<Range<usize>>,
}

const PIECE: usize = 4;
/// Pieces this common ("the ", " of ") say nothing about where a quote is.
const MAX_PIECE_OCCURRENCES: usize = 64;
const BAND: i64 = 32;
const MAX_WINDOWS: usize = 8;
/// At most this many places are scored per annotation, those with fewest edits first.
const MAX_CANDIDATES: usize = 24;

fn piece_key(chars: &[char]) -> u64 {
    chars.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &c| {
        (h ^ c as u64).wrapping_mul(0x100_0000_01b3)
    })
}

impl SeedIndex {
    fn new(norm: &Normalized, alignment: &Alignment) -> Self {
        let mut regions: Vec<Range<usize>> = alignment
            .changed_new_ranges()
            .map(|r| norm.index_at_or_after(r.start)..norm.index_at_or_after(r.end))
            .filter(|r| !r.is_empty())
            .collect();
        regions.dedup();
        let mut pieces: FastMap<u64, Vec<u32>> = FastMap::default();
        for region in &regions {
            // Pieces may reach a little past the stretch: a quote may straddle its edge.
            let from = region.start.saturating_sub(PIECE - 1);
            let to = (region.end + PIECE - 1).min(norm.len());
            if to < from + PIECE {
                continue;
            }
            for i in from..=to - PIECE {
                pieces
                    .entry(piece_key(&norm.chars[i..i + PIECE]))
                    .or_default()
                    .push(i as u32);
            }
        }
        Self { pieces, regions }
    }

    /// Windows of the normalized new text worth searching for `quote`.
    fn windows(&self, quote: &[char], max_errors: usize) -> Vec<Range<usize>> {
        let m = quote.len();
        let reach = m + max_errors;
        if m < 2 * PIECE {
            // Too short for pieces to say much: every changed stretch (with room for the
            // quote on both sides), searched exactly or nearly so.
            return self
                .regions
                .iter()
                .map(|r| r.start.saturating_sub(reach)..r.end + reach)
                .collect();
        }
        let mut votes: FastMap<i64, u32> = FastMap::default();
        for i in 0..=m - PIECE {
            let Some(at) = self.pieces.get(&piece_key(&quote[i..i + PIECE])) else {
                continue;
            };
            if at.len() > MAX_PIECE_OCCURRENCES {
                continue;
            }
            for &p in at {
                let diagonal = i64::from(p) - i as i64;
                *votes.entry(diagonal.div_euclid(BAND)).or_default() += 1;
            }
        }
        let needed = ((m - PIECE + 1) / 5).max(2) as u32;
        let mut bands: Vec<(u32, i64)> = votes
            .iter()
            .map(|(&band, &v)| (v + votes.get(&(band + 1)).copied().unwrap_or(0), band))
            .filter(|&(v, _)| v >= needed)
            .collect();
        bands.sort_by(|a, b| b.cmp(a));
        bands.truncate(MAX_WINDOWS);
        let mut windows: Vec<Range<usize>> = bands
            .into_iter()
            .map(|(_, band)| {
                let start = (band * BAND - max_errors as i64 - BAND).max(0) as usize;
                start..start + reach + 3 * BAND as usize
            })
            .collect();
        windows.sort_by_key(|w| w.start);
        let mut merged: Vec<Range<usize>> = Vec::new();
        for w in windows {
            match merged.last_mut() {
                Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                _ => merged.push(w),
            }
        }
        merged
    }
}
