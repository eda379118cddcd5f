//! Three-way merge of two checkers' versions of one project (`factmark merge BASE OURS
//! THEIRS -o OUT`, and the Git merge driver).
//!
//! Annotations are matched by id and merged field by field (see [`fields`]): a change made
//! on one side is taken, the same change on both sides is fine, and different changes on
//! both sides are a [`Conflict`]: the project keeps ours, the record keeps ours, theirs and
//! the base, so nothing either checker wrote is lost.
//!
//! The rules:
//! - **Fields** merged on their own: `kind`, the span (`start`, `end`, `quote` with their
//!   context and anchor, which move together), `note`, `verdict`, the claim record
//!   (`claimant`, `claim_checked`, `first_said`, `explanation`, `review_url`), `review.state`,
//!   `evidence` (the whole list), `author`, `created`, and unknown fields (key by key).
//! - **Sets**: `claims` (links: a link either side added is kept, one either side removed
//!   is gone) and `review.votes` (keyed by reviewer and time: a vote either side cast is
//!   kept; the same vote changed differently on both sides is a conflict).
//! - `modified` is the later of the two; it never conflicts.
//! - A kind bounds other fields (only claims have verdicts and records, only sources and
//!   disputes link). A kind changed on one side comes with that side's kind-bound fields.
//!   When the other side changed those too, or both changed the kind, ours decide the kind,
//!   verdict and record (the links stay merged, or none for a claim), and every kind-bound
//!   field theirs has differently is a conflict. When a kind
//!   change would leave a link pointing at a non-claim, the annotation stays a claim (the
//!   side that has it as a claim decides), with a conflict on `kind`.
//! - **Deleted on one side**, untouched on the other: deleted. Deleted on one side and edited
//!   on the other: kept (as edited), with a conflict on field `annotation`. A claim the
//!   other side linked something new to counts as edited there, and any claim the merged
//!   links still name is kept the same way.
//! - **Added on both sides** with one id: merged field by field with no base, so every field
//!   they disagree on is a conflict.
//! - **Article text** changed on one side: taken, and the other side's new and moved
//!   annotations are re-anchored onto it with [`crate::reanchor::update_article_text`]
//!   (those it cannot place need review; none is dropped). Changed on both sides differently:
//!   a conflict on `article.text`; ours' text is kept, theirs goes into the history, and
//!   their new and moved annotations are re-anchored from their text onto ours (or need
//!   review, referring to their text).
//! - **Article details** (`title`, `url`, `outlet`, `author`, `published`, `retrieved`,
//!   `language`, `locations`, unknown fields) merge field by field, conflicts named
//!   `article.title` and so on. Pages and times (`locations`) belong to a text: when the
//!   text changed they come with it.
//! - Conflicts already recorded, dismissed suggestions and annotations set aside for repair
//!   merge as sets (one resolved or removed on either side is gone).
//!
//! The result is deterministic (re-anchoring is dated with the later of the two sides'
//! `modified`), merging a project with itself changes nothing, and swapping ours and
//! theirs gives the same annotations, with each conflict's `ours` and `theirs` swapped (and
//! the conflicting fields holding the other side's value); a text conflict keeps ours' text,
//! so there the spans follow it.
//!
//! BASE must be the common ancestor: both sides' article histories start with BASE's
//! (each side's earlier texts begin with BASE's earlier texts, and its text is BASE's or
//! BASE's text is among its later earlier texts), and each side is the same project (created
//! at the same time, or sharing an annotation with BASE). Otherwise the merge is refused with
//! a [`MergeError`].

pub mod fields;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use serde_json::{Map, Value};

pub use self::fields::{SPAN_KEYS, field_value};
use self::fields::{Side, conflict_record, kind_fields, merge_annotation, merge_extra};
use crate::model::project::Records;
use crate::model::{
    Annotation, ArticleMetadata, ArticleState, Conflict, Kind, Location, Problem, Project,
    Revision, timestamp, validate,
};
use crate::project_file::{ANNOTATION_FIELDS, annotation_from_json, annotation_to_value};
use crate::reanchor::update_article_text;

/// One of the three projects a merge reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Base,
    Ours,
    Theirs,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Input::Base => "BASE",
            Input::Ours => "OURS",
            Input::Theirs => "THEIRS",
        })
    }
}

/// Why a merge was refused. Nothing is merged (and the command line writes nothing).
#[derive(Clone, Debug, PartialEq)]
pub enum MergeError {
    /// The side is not a version of BASE's article at all.
    Unrelated { input: Input, reason: String },
    /// The side is related to BASE, but BASE is not its ancestor (e.g. BASE is newer).
    NotAncestor { input: Input, reason: String },
    /// The merged project breaks a model rule that the merge could not avoid (a bug: please
    /// report it with the three files).
    Invalid(Vec<Problem>),
}

impl MergeError {
    /// The input the error is about, if it is about one.
    pub fn input(&self) -> Option<Input> {
        match self {
            MergeError::Unrelated { input, .. } | MergeError::NotAncestor { input, .. } => {
                Some(*input)
            }
            MergeError::Invalid(_) => None,
        }
    }
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::Unrelated { reason, .. } | MergeError::NotAncestor { reason, .. } => {
                f.write_str(reason)
            }
            MergeError::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "the merged project would break the model's rules (please report this): {}",
                    lines.join("; ")
                )
            }
        }
    }
}

impl std::error::Error for MergeError {}

/// What happened to the article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextMerge {
    /// Neither side changed it.
    Unchanged,
    /// Ours changed it; their annotations were re-anchored onto it.
    Ours,
    /// Theirs changed it; our annotations were re-anchored onto it.
    Theirs,
    /// Both changed it to the same text.
    Both,
    /// Both changed it differently: ours is kept, with a conflict on `article.text`.
    Conflict,
}

/// A merged project and what the merge could not decide.
#[derive(Clone, Debug)]
pub struct MergeOutcome {
    /// The merged project. Its [`Project::conflicts`] are those already recorded on either
    /// side, then [`Self::conflicts`].
    pub project: Project,
    /// The conflicts this merge found, in order: the article's, then by annotation id.
    pub conflicts: Vec<Conflict>,
    pub text: TextMerge,
    /// How many annotations were re-anchored onto the other side's text.
    pub reanchored: usize,
}

impl MergeOutcome {
    /// Whether nothing is left for a person to decide (no new conflicts and none carried).
    pub fn is_clean(&self) -> bool {
        self.project.conflicts().is_empty()
    }
}

/// Merge `ours` and `theirs`, both edited from `base`. Deterministic: re-anchoring is dated
/// with the later of the two sides' `modified`.
pub fn merge(base: &Project, ours: &Project, theirs: &Project) -> Result<MergeOutcome, MergeError> {
    let now = later(&ours.modified, &theirs.modified);
    let now = if timestamp::is_rfc3339(&now) {
        now
    } else {
        timestamp::now()
    };
    merge_at(base, ours, theirs, &now)
}

/// The later of two RFC 3339 times (by instant, then by text).
fn later(a: &str, b: &str) -> String {
    let key = |s: &str| (timestamp::unix_seconds(s), s.to_string());
    if key(b) > key(a) {
        b.to_string()
    } else {
        a.to_string()
    }
}

/// As [`merge`], dating re-anchoring `now`.
pub fn merge_at(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    now: &str,
) -> Result<MergeOutcome, MergeError> {
    check_related(base, ours, Input::Ours)?;
    check_related(base, theirs, Input::Theirs)?;
    fn text(p: &Project) -> &str {
        p.article().text.as_str()
    }
    let ours_text_is_base = text(ours) == text(base);
    let theirs_text_is_base = text(theirs) == text(base);
    let text_merge = match (ours_text_is_base, theirs_text_is_base) {
        (true, true) => TextMerge::Unchanged,
        (false, true) => TextMerge::Ours,
        (true, false) => TextMerge::Theirs,
        (false, false) if text(ours) == text(theirs) => TextMerge::Both,
        (false, false) => TextMerge::Conflict,
    };
    // The side whose text the merge keeps (M) and the other (N).
    let theirs_text_kept = text_merge == TextMerge::Theirs;
    let (kept, other) = if theirs_text_kept {
        (theirs, ours)
    } else {
        (ours, theirs)
    };
    let other_text_is_base = if theirs_text_kept {
        ours_text_is_base
    } else {
        theirs_text_is_base
    };

    // The other side's annotations that must be re-anchored onto the kept text: those the
    // kept side does not have, and those the other side moved.
    let reanchored = if text(kept) != text(other) {
        let moving: Vec<&Annotation> = other
            .all_annotations()
            .filter(|a| {
                kept.find(&a.id).is_none()
                    || base
                        .find(&a.id)
                        .is_none_or(|b| fields::span_changed(a, b, other_text_is_base))
            })
            .collect();
        reanchor_onto(other, &moving, kept, now)?
    } else {
        HashMap::new()
    };
    let placed = |a: &'_ Annotation, on_other_side: bool| -> Annotation {
        let mut a = a.clone();
        if on_other_side && let Some(p) = reanchored.get(&a.id) {
            a.start = p.start;
            a.end = p.end;
            a.quote.clone_from(&p.quote);
            a.prefix.clone_from(&p.prefix);
            a.suffix.clone_from(&p.suffix);
            a.anchor.clone_from(&p.anchor);
        }
        a
    };
    let ours_other = theirs_text_kept;
    let theirs_other = !theirs_text_kept;

    let mut conflicts: Vec<Conflict> = Vec::new();
    merge_article(base, ours, theirs, text_merge, &mut conflicts);
    let article_conflicts = conflicts.len();

    // Every id, in order.
    let ids: BTreeSet<&str> = base
        .all_annotations()
        .chain(ours.all_annotations())
        .chain(theirs.all_annotations())
        .map(|a| a.id.as_str())
        .collect();
    // A claim a side linked something new to counts as edited there: deleting it on the
    // other side is a conflict, whichever side is ours.
    let (ours_links, theirs_links) = (new_links(base, ours), new_links(base, theirs));
    let mut merged: BTreeMap<String, Annotation> = BTreeMap::new();
    let mut wanted_links: BTreeSet<String> = BTreeSet::new();
    for &id in &ids {
        let (b, o, t) = (base.find(id), ours.find(id), theirs.find(id));
        match (b, o, t) {
            (_, Some(o), Some(t)) => {
                let (op, tp) = (placed(o, ours_other), placed(t, theirs_other));
                let ours_side = Side {
                    own: o,
                    placed: &op,
                    text_is_base: ours_text_is_base,
                    merged_text: !ours_other,
                };
                let theirs_side = Side {
                    own: t,
                    placed: &tp,
                    text_is_base: theirs_text_is_base,
                    merged_text: !theirs_other,
                };
                let (a, clashes, links) = merge_annotation(b, &ours_side, &theirs_side);
                wanted_links.extend(links);
                for field in clashes {
                    let (ov, tv) = if field == "span" { (&op, &tp) } else { (o, t) };
                    conflicts.push(conflict_record(id, field, b, Some(ov), Some(tv)));
                }
                merged.insert(id.to_string(), a);
            }
            (Some(b), Some(a), None) | (Some(b), None, Some(a)) => {
                let (is_ours, text_is_base) = if o.is_some() {
                    (true, ours_text_is_base)
                } else {
                    (false, theirs_text_is_base)
                };
                let linked = if is_ours { &ours_links } else { &theirs_links };
                if fields::unchanged(a, b, text_is_base) && !linked.contains(id) {
                    continue; // deleted on the other side
                }
                let kept_a = placed(a, if is_ours { ours_other } else { theirs_other });
                let (ov, tv) = if is_ours {
                    (Some(&kept_a), None)
                } else {
                    (None, Some(&kept_a))
                };
                conflicts.push(conflict_record(id, "annotation", Some(b), ov, tv));
                merged.insert(id.to_string(), kept_a);
            }
            (None, Some(o), None) => {
                merged.insert(id.to_string(), placed(o, ours_other));
            }
            (None, None, Some(t)) => {
                merged.insert(id.to_string(), placed(t, theirs_other));
            }
            (_, None, None) => {}
        }
    }

    let needs_repair = merge_set(
        base.needs_repair(),
        ours.needs_repair(),
        theirs.needs_repair(),
        |r| r.raw.clone(),
    );
    for a in merged.values() {
        wanted_links.extend(a.claims.iter().cloned());
    }
    fix_links(
        &mut merged,
        &wanted_links,
        &needs_repair,
        (base, ours, theirs),
        &placed,
        (ours_other, theirs_other),
        &mut conflicts,
    );
    // Annotation conflicts in id order, then field order (the fixes above add some late).
    conflicts[article_conflicts..].sort_by(|x, y| x.annotation.cmp(&y.annotation));

    let mut revisions: Vec<Revision> = kept.revisions().to_vec();
    for r in other.revisions() {
        if !revisions
            .iter()
            .any(|x| x.text_sha256.eq_ignore_ascii_case(&r.text_sha256))
        {
            revisions.push(r.clone());
        }
    }
    if text(kept) != text(other) {
        let other_sha = other.article().text_sha256();
        match revisions
            .iter_mut()
            .find(|r| r.text_sha256.eq_ignore_ascii_case(&other_sha))
        {
            // Known only by its hash on the kept side: the other side has the words.
            Some(r) if r.text.is_none() => {
                r.text = Some(Arc::new(other.article().text.clone()));
            }
            Some(_) => {}
            None => revisions.push(Revision::of(
                &other.article().metadata,
                other.article().text.clone(),
                now,
            )),
        }
    }

    let mut article = kept.article().clone();
    article.metadata = merge_metadata(base, ours, theirs, &mut conflicts);
    article.locations = if text_merge == TextMerge::Unchanged {
        match pick3(
            Some(&base.article().locations),
            &ours.article().locations,
            &theirs.article().locations,
        ) {
            Some(l) => l.clone(),
            None => {
                conflicts.push(article_conflict(
                    "article.locations",
                    Some(locations_value(&base.article().locations)),
                    locations_value(&ours.article().locations),
                    locations_value(&theirs.article().locations),
                ));
                ours.article().locations.clone()
            }
        }
    } else {
        kept.article().locations.clone()
    };
    let (ba, oa, ta) = (base.article(), ours.article(), theirs.article());
    article.extra = merge_extra(Some(&ba.extra), &oa.extra, &ta.extra, &mut |key| {
        conflicts.push(article_conflict(
            &format!("article.{key}"),
            Some(ba.extra.get(key).cloned().unwrap_or(Value::Null)),
            oa.extra.get(key).cloned().unwrap_or(Value::Null),
            ta.extra.get(key).cloned().unwrap_or(Value::Null),
        ))
    });
    let extra = merge_extra(Some(&base.extra), &ours.extra, &theirs.extra, &mut |key| {
        conflicts.push(article_conflict(
            key,
            Some(base.extra.get(key).cloned().unwrap_or(Value::Null)),
            ours.extra.get(key).cloned().unwrap_or(Value::Null),
            theirs.extra.get(key).cloned().unwrap_or(Value::Null),
        ))
    });
    // The article's conflicts first (those found after the annotations go to the front).
    let late: Vec<Conflict> = conflicts
        .iter()
        .skip(article_conflicts)
        .filter(|c| c.annotation.is_none())
        .cloned()
        .collect();
    conflicts.retain(|c| c.annotation.is_some() || !late.contains(c));
    conflicts.splice(article_conflicts..article_conflicts, late);

    let dismissed = merge_set(
        base.dismissed_suggestions(),
        ours.dismissed_suggestions(),
        theirs.dismissed_suggestions(),
        |d| d.clone(),
    );
    let mut annotations = Vec::with_capacity(merged.len());
    let mut needs_review = Vec::new();
    for a in merged.into_values() {
        if a.is_unplaced() {
            needs_review.push(a);
        } else {
            annotations.push(a);
        }
    }
    let mut state = ArticleState {
        article,
        revisions,
        annotations,
        needs_review,
        dismissed,
    };
    let mut all_conflicts = merge_set(
        base.conflicts(),
        ours.conflicts(),
        theirs.conflicts(),
        conflict_key,
    );
    let carried = all_conflicts.len();
    all_conflicts.extend(conflicts);
    settle(&mut state, &needs_repair, ours, theirs, &mut all_conflicts)?;
    let conflicts = all_conflicts[carried..].to_vec();
    let records = Records {
        conflicts: all_conflicts,
        needs_repair,
    };
    let project = Project::from_checked_records(
        ours.created.clone(),
        later(&ours.modified, &theirs.modified),
        state,
        records,
        extra,
    );
    Ok(MergeOutcome {
        project,
        conflicts,
        text: text_merge,
        reanchored: reanchored.len(),
    })
}

/// The ids `side` links to from an annotation whose base version did not.
fn new_links<'a>(base: &Project, side: &'a Project) -> HashSet<&'a str> {
    side.all_annotations()
        .flat_map(|a| {
            let before = base.find(&a.id).map(|b| &b.claims[..]).unwrap_or(&[]);
            a.claims
                .iter()
                .filter(move |c| !before.contains(c))
                .map(String::as_str)
        })
        .collect()
}

/// The rules that say BASE is the common ancestor of `side` (see the module docs).
fn check_related(base: &Project, side: &Project, input: Input) -> Result<(), MergeError> {
    let shas = |p: &Project| -> Vec<String> {
        p.revisions()
            .iter()
            .map(|r| r.text_sha256.to_ascii_lowercase())
            .collect()
    };
    let (base_history, side_history) = (shas(base), shas(side));
    let same_text = base.article().text == side.article().text;
    if same_text && side_history.starts_with(&base_history) {
        return check_same_project(base, side, input);
    }
    // Hashing 2 MB of text shows in the merge's time: only when the texts differ.
    let base_sha = base.article().text_sha256();
    let side_sha = if same_text {
        base_sha.clone()
    } else {
        side.article().text_sha256()
    };
    let in_common = || {
        let side_all: HashSet<&String> = side_history.iter().chain([&side_sha]).collect();
        base_history
            .iter()
            .chain([&base_sha])
            .any(|s| side_all.contains(s))
    };
    let unrelated = || MergeError::Unrelated {
        input,
        reason: format!(
            "{input} is a different article from BASE: neither its text nor any of its earlier \
             texts is BASE's text or one of BASE's earlier texts, so BASE is not their common \
             version"
        ),
    };
    let newer = || MergeError::NotAncestor {
        input,
        reason: format!(
            "BASE is not an ancestor of {input}: BASE's article history goes further than \
             {input}'s (BASE has an earlier text {input} never had); pass the common version \
             first: factmark merge BASE OURS THEIRS -o OUT"
        ),
    };
    if !side_history.starts_with(&base_history) {
        if !in_common() {
            return Err(unrelated());
        }
        if base_history.starts_with(&side_history) || base_history.contains(&side_sha) {
            return Err(newer());
        }
        return Err(MergeError::NotAncestor {
            input,
            reason: format!(
                "BASE is not an ancestor of {input}: their article histories differ (an \
                 earlier text of BASE is not among {input}'s earlier texts)"
            ),
        });
    }
    let text_follows =
        side_sha == base_sha || side_history[base_history.len()..].contains(&base_sha);
    if !text_follows {
        if base_history.contains(&side_sha) {
            return Err(newer());
        }
        if !in_common() {
            return Err(unrelated());
        }
        return Err(MergeError::NotAncestor {
            input,
            reason: format!(
                "BASE is not an ancestor of {input}: {input}'s article text is not BASE's, and \
                 BASE's text is not among {input}'s earlier texts (was the text changed outside \
                 Factmark? re-anchor it with `factmark reanchor` first)"
            ),
        });
    }
    check_same_project(base, side, input)
}

/// The same article, but is it the same project? A copy keeps `created`; a project made
/// afresh from the same article shares no annotation with BASE.
fn check_same_project(base: &Project, side: &Project, input: Input) -> Result<(), MergeError> {
    let shares_annotation = || base.all_annotations().any(|a| side.find(&a.id).is_some());
    if base.created != side.created
        && base.all_annotations().next().is_some()
        && !shares_annotation()
    {
        return Err(MergeError::Unrelated {
            input,
            reason: format!(
                "{input} is a different project on the same article: it was created at {} and \
                 BASE at {}, and it has none of BASE's {} annotations; merging would delete them \
                 all (to see how two separate projects agree, use factmark compare)",
                side.created,
                base.created,
                base.all_annotations().count()
            ),
        });
    }
    Ok(())
}

/// Re-anchor `moving` (annotations of `side`) onto `onto`'s article text. Only their places
/// are wanted, so their links are left out (they may name claims not being moved).
fn reanchor_onto(
    side: &Project,
    moving: &[&Annotation],
    onto: &Project,
    now: &str,
) -> Result<HashMap<String, Annotation>, MergeError> {
    if moving.is_empty() {
        return Ok(HashMap::new());
    }
    let mut state = side.article_state();
    let unlinked = |a: &&Annotation| {
        let mut a = (*a).clone();
        a.claims.clear();
        a
    };
    state.annotations = moving
        .iter()
        .filter(|a| !a.is_unplaced())
        .map(unlinked)
        .collect();
    state.needs_review = moving
        .iter()
        .filter(|a| a.is_unplaced())
        .map(unlinked)
        .collect();
    let subset = Project::from_state(
        side.created.clone(),
        side.modified.clone(),
        state,
        Map::new(),
    )
    .map_err(MergeError::Invalid)?;
    let update = update_article_text(
        &subset,
        onto.article().text.as_str(),
        onto.article().metadata.clone(),
        now,
    );
    let crate::model::Edit::ReplaceArticle { after, .. } = update.edit else {
        unreachable!("update_article_text makes a ReplaceArticle edit")
    };
    let after = *after;
    Ok(after
        .annotations
        .into_iter()
        .chain(after.needs_review)
        .map(|a| (a.id.clone(), a))
        .collect())
}

/// Three-way choice of a value; `None` when both sides changed it differently.
fn pick3<'a, T: PartialEq>(base: Option<&T>, ours: &'a T, theirs: &'a T) -> Option<&'a T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours)
    } else if base == Some(ours) {
        Some(theirs)
    } else {
        None
    }
}

fn article_conflict(field: &str, base: Option<Value>, ours: Value, theirs: Value) -> Conflict {
    Conflict {
        annotation: None,
        field: field.to_string(),
        base,
        ours,
        theirs,
        extra: Map::new(),
    }
}

/// The article text's conflict, when both sides changed it differently.
fn merge_article(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    text: TextMerge,
    conflicts: &mut Vec<Conflict>,
) {
    if text == TextMerge::Conflict {
        let value = |p: &Project| Value::from(p.article().text.as_str());
        conflicts.push(article_conflict(
            "article.text",
            Some(value(base)),
            value(ours),
            value(theirs),
        ));
    }
}

/// The article's details, field by field.
fn merge_metadata(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflicts: &mut Vec<Conflict>,
) -> ArticleMetadata {
    let (b, o, t) = (
        &base.article().metadata,
        &ours.article().metadata,
        &theirs.article().metadata,
    );
    let mut merged = o.clone();
    macro_rules! field {
        ($name:literal, $field:ident) => {
            match pick3(Some(&b.$field), &o.$field, &t.$field) {
                Some(v) => merged.$field = v.clone(),
                None => conflicts.push(article_conflict(
                    concat!("article.", $name),
                    Some(Value::from(b.$field.clone())),
                    Value::from(o.$field.clone()),
                    Value::from(t.$field.clone()),
                )),
            }
        };
    }
    field!("title", title);
    field!("url", url);
    field!("outlet", outlet);
    field!("author", author);
    field!("published", published);
    field!("retrieved", retrieved);
    field!("language", language);
    merged
}

/// Pages and times as a project file writes them.
fn locations_value(locations: &[Location]) -> Value {
    Value::Array(
        locations
            .iter()
            .map(|l| {
                let mut map = Map::new();
                map.insert("start".into(), l.start.into());
                map.insert("end".into(), l.end.into());
                if let Some(page) = l.page {
                    map.insert("page".into(), page.into());
                }
                if let Some((start, end)) = l.time_ms {
                    map.insert("time_start_ms".into(), start.into());
                    map.insert("time_end_ms".into(), end.into());
                }
                if let Some(speaker) = &l.speaker {
                    map.insert("speaker".into(), speaker.clone().into());
                }
                for (k, v) in &l.extra {
                    map.entry(k.clone()).or_insert_with(|| v.clone());
                }
                Value::Object(map)
            })
            .collect(),
    )
}

/// A list merged as a set of items (compared by `key`): an item either side added is kept,
/// one either side removed is gone. Ours' order, then theirs' additions.
fn merge_set<T: Clone, K: PartialEq + Eq + std::hash::Hash>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let keys = |list: &[T]| list.iter().map(&key).collect::<HashSet<K>>();
    let (b, o, t) = (keys(base), keys(ours), keys(theirs));
    if o == t || b == t {
        return ours.to_vec();
    }
    if b == o {
        return theirs.to_vec();
    }
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| {
            let k = key(x);
            !b.contains(&k) || t.contains(&k)
        })
        .cloned()
        .collect();
    let mut seen: HashSet<K> = out.iter().map(&key).collect();
    for x in theirs {
        let k = key(x);
        if !b.contains(&k) && seen.insert(k) {
            out.push(x.clone());
        }
    }
    out
}

/// A conflict as a comparable key (its JSON).
fn conflict_key(c: &Conflict) -> String {
    serde_json::to_string(&(
        &c.annotation,
        &c.field,
        &c.base,
        &c.ours,
        &c.theirs,
        &c.extra,
    ))
    .unwrap_or_default()
}

type Versions<'a> = (&'a Project, &'a Project, &'a Project);

/// Links must name claims. Restore a claim one side deleted that the other side's links
/// still name, and keep a claim whose kind one side changed while the other links to it.
fn fix_links(
    merged: &mut BTreeMap<String, Annotation>,
    wanted: &BTreeSet<String>,
    repairs: &[crate::model::RepairItem],
    (base, ours, theirs): Versions,
    placed: &dyn Fn(&Annotation, bool) -> Annotation,
    (ours_other, theirs_other): (bool, bool),
    conflicts: &mut Vec<Conflict>,
) {
    let repaired_claims: HashSet<&str> = repairs
        .iter()
        .filter(|r| r.raw.get("kind").and_then(Value::as_str) == Some("claim"))
        .filter_map(|r| r.id())
        .collect();
    let has = |conflicts: &[Conflict], id: &str, field: &str| {
        conflicts
            .iter()
            .any(|c| c.annotation.as_deref() == Some(id) && c.field == field)
    };
    // Restoring or re-kinding a claim adds no link, so this settles in one or two rounds.
    for _ in 0..4 {
        // The links as merged from both sides, also those a kind change then dropped: which
        // claims must stay claims does not depend on which side is ours.
        let linked: BTreeSet<String> = wanted
            .iter()
            .chain(merged.values().flat_map(|a| &a.claims))
            .filter(|id| !repaired_claims.contains(id.as_str()))
            .filter(|id| merged.get(*id).is_none_or(|a| a.kind != Kind::Claim))
            .cloned()
            .collect();
        if linked.is_empty() {
            return;
        }
        for id in linked {
            let (b, o, t) = (base.find(&id), ours.find(&id), theirs.find(&id));
            // The version that is a claim: ours if it is one, else theirs.
            let claim_side = [(o, ours_other), (t, theirs_other)]
                .into_iter()
                .find_map(|(a, other)| a.filter(|a| a.kind == Kind::Claim).map(|a| (a, other)));
            let Some((claim, other)) = claim_side else {
                continue; // left to `settle`
            };
            match merged.get_mut(&id) {
                None => {
                    merged.insert(id.clone(), placed(claim, other));
                    if !has(conflicts, &id, "annotation") {
                        let (op, tp) = (
                            o.map(|a| placed(a, ours_other)),
                            t.map(|a| placed(a, theirs_other)),
                        );
                        conflicts.push(conflict_record(
                            &id,
                            "annotation",
                            b,
                            op.as_ref(),
                            tp.as_ref(),
                        ));
                    }
                }
                Some(a) => {
                    a.kind = claim.kind;
                    a.verdict = claim.verdict;
                    a.record = claim.record.clone();
                    a.claims = claim.claims.clone();
                    if let (Some(o), Some(t)) = (o, t) {
                        for (field, differs) in kind_fields(o, t) {
                            if differs && !has(conflicts, &id, field) {
                                conflicts.push(conflict_record(&id, field, b, Some(o), Some(t)));
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Check the merged state; an annotation that still breaks a rule is replaced by ours (or
/// theirs) whole, with a conflict on `annotation`. Refused if that does not settle it.
fn settle(
    state: &mut ArticleState,
    repairs: &[crate::model::RepairItem],
    ours: &Project,
    theirs: &Project,
    conflicts: &mut Vec<Conflict>,
) -> Result<(), MergeError> {
    for _ in 0..3 {
        let problems = validate::check_state_with_repairs(state, repairs);
        if problems.is_empty() {
            return Ok(());
        }
        let bad: BTreeSet<String> = problems
            .iter()
            .filter_map(|p| p.annotation.clone())
            .collect();
        if bad.is_empty() || problems.iter().any(|p| p.annotation.is_none()) {
            return Err(MergeError::Invalid(problems));
        }
        let mut replaced = false;
        for id in bad {
            let current = state
                .annotations
                .iter()
                .chain(&state.needs_review)
                .find(|a| a.id == id)
                .cloned();
            let Some(current) = current else { continue };
            let fits_text = |a: &&Annotation| {
                a.is_unplaced() || state.article.text.slice(a.range()) == Some(a.quote.as_str())
            };
            let Some(whole) = [ours.find(&id), theirs.find(&id)]
                .into_iter()
                .flatten()
                .filter(fits_text)
                .find(|a| **a != current)
                .cloned()
            else {
                continue;
            };
            state.annotations.retain(|a| a.id != id);
            state.needs_review.retain(|a| a.id != id);
            conflicts.push(Conflict {
                annotation: Some(id.clone()),
                field: "annotation".into(),
                base: None,
                ours: ours.find(&id).map_or(Value::Null, annotation_to_value),
                theirs: theirs.find(&id).map_or(Value::Null, annotation_to_value),
                extra: Map::new(),
            });
            if whole.is_unplaced() {
                state.needs_review.push(whole);
            } else {
                state.annotations.push(whole);
            }
            replaced = true;
        }
        if !replaced {
            return Err(MergeError::Invalid(problems));
        }
    }
    let problems = validate::check_state_with_repairs(state, repairs);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(MergeError::Invalid(problems))
    }
}

/// The annotation with one field set to a value from a conflict record (as
/// [`field_value`] gives it): for resolving a conflict with "keep theirs", or an edit.
/// `annotation` replaces the whole annotation (a `null` there means the side deleted it,
/// which is not an annotation: remove it instead).
pub fn with_field_value(
    a: &Annotation,
    field: &str,
    value: &Value,
) -> Result<Annotation, Vec<Problem>> {
    if field == "annotation" {
        return annotation_from_json(value);
    }
    let mut json = annotation_to_value(a);
    let Value::Object(map) = &mut json else {
        unreachable!("an annotation is a JSON object")
    };
    let review = |map: &mut Map<String, Value>| -> Map<String, Value> {
        match map.remove("review") {
            Some(Value::Object(r)) => r,
            _ => {
                let mut r = Map::new();
                r.insert("state".into(), "draft".into());
                r.insert("votes".into(), Value::Array(Vec::new()));
                r
            }
        }
    };
    match (field, value) {
        ("span", Value::Object(span)) => {
            for key in SPAN_KEYS {
                map.insert(key.into(), span.get(key).cloned().unwrap_or(Value::Null));
            }
        }
        ("review.state" | "review.votes", _) => {
            let mut r = review(map);
            r.insert(field["review.".len()..].to_string(), value.clone());
            map.insert("review".into(), Value::Object(r));
        }
        ("review", Value::Object(extra)) => {
            let mut r = review(map);
            r.retain(|k, _| k == "state" || k == "votes");
            for (k, v) in extra {
                r.entry(k.clone()).or_insert_with(|| v.clone());
            }
            map.insert("review".into(), Value::Object(r));
        }
        ("extra", Value::Object(extra)) => {
            map.retain(|k, _| ANNOTATION_FIELDS.contains(&k.as_str()));
            for (k, v) in extra {
                map.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        (other, value) => {
            map.insert(other.to_string(), value.clone());
        }
    }
    annotation_from_json(&json)
}
