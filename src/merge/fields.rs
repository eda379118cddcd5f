//! Merging one annotation, field by field.
//!
//! Each field is merged on its own: a change made on one side is taken, the same change on
//! both sides is fine, and different changes on both sides are a [`Conflict`] that keeps
//! ours in the annotation and theirs (and the base) in the record. A few fields merge as
//! sets instead: the claims a source or dispute links to, and a claim's review votes.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::model::{Annotation, Conflict, Kind, Vote};
use crate::project_file::annotation_to_value;

/// The fields of an annotation that say where it is. They move together: taking one side's
/// start with the other's quote would make an annotation that fits no text.
pub const SPAN_KEYS: [&str; 6] = ["start", "end", "quote", "prefix", "suffix", "anchor"];

/// Whether a side moved or re-worded an annotation since the base. When the side's article
/// text is the base's, any change of offsets, quote or anchor counts; when the side changed
/// the text, offsets shift and anchors change with every re-anchoring, so only a changed
/// quote does.
pub(crate) fn span_changed(side: &Annotation, base: &Annotation, text_is_base: bool) -> bool {
    if text_is_base {
        !same_span(side, base)
            || side.prefix != base.prefix
            || side.suffix != base.suffix
            || side.anchor != base.anchor
    } else {
        side.quote != base.quote
    }
}

fn same_span(a: &Annotation, b: &Annotation) -> bool {
    a.start == b.start && a.end == b.end && a.quote == b.quote
}

fn take_span(into: &mut Annotation, from: &Annotation) {
    into.start = from.start;
    into.end = from.end;
    into.quote.clone_from(&from.quote);
    into.prefix.clone_from(&from.prefix);
    into.suffix.clone_from(&from.suffix);
    into.anchor.clone_from(&from.anchor);
}

/// Whether a side left an annotation as it was in the base (its `modified` time aside, which
/// re-anchoring sets).
pub(crate) fn unchanged(side: &Annotation, base: &Annotation, text_is_base: bool) -> bool {
    !span_changed(side, base, text_is_base)
        && side.kind == base.kind
        && side.note == base.note
        && side.verdict == base.verdict
        && side.claims == base.claims
        && side.record == base.record
        && side.evidence == base.evidence
        && side.author == base.author
        && side.created == base.created
        && side.extra == base.extra
}

/// One side of an annotation being merged.
pub(crate) struct Side<'a> {
    /// As the side has it.
    pub own: &'a Annotation,
    /// Its span on the merged article text: the side's own when that is the merged text,
    /// else re-anchored onto it.
    pub placed: &'a Annotation,
    /// Whether the side's article text is the base's.
    pub text_is_base: bool,
    /// Whether the side's article text is the merged one.
    pub merged_text: bool,
}

/// The outcome of a three-way choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pick {
    Ours,
    Theirs,
    /// Both changed it differently: ours is kept, and a conflict recorded.
    Conflict,
}

fn pick<T: PartialEq + ?Sized>(base: Option<&T>, ours: &T, theirs: &T) -> Pick {
    if ours == theirs || base == Some(theirs) {
        Pick::Ours
    } else if base == Some(ours) {
        Pick::Theirs
    } else {
        Pick::Conflict
    }
}

/// Merge one annotation present on both sides (`base` is `None` when both added it).
/// Returns the merged annotation, the names of the fields in conflict, and the links as
/// merged from both sides (before the kind had its say: the same whichever side is ours).
pub(crate) fn merge_annotation(
    base: Option<&Annotation>,
    ours: &Side,
    theirs: &Side,
) -> (Annotation, Vec<&'static str>, Vec<String>) {
    let (o, t) = (ours.own, theirs.own);
    let mut merged = o.clone();
    let mut conflicts: Vec<&'static str> = Vec::new();

    // Where it is.
    let span = match base {
        None if same_span(ours.placed, theirs.placed) => Pick::Ours,
        None => Pick::Conflict,
        Some(b) => match (
            span_changed(o, b, ours.text_is_base),
            span_changed(t, b, theirs.text_is_base),
        ) {
            // Neither moved it: take it from the side whose text is the merged one.
            (false, false) if theirs.merged_text && !ours.merged_text => Pick::Theirs,
            (false, false) | (true, false) => Pick::Ours,
            (false, true) => Pick::Theirs,
            (true, true) if same_span(ours.placed, theirs.placed) => Pick::Ours,
            (true, true) => Pick::Conflict,
        },
    };
    match span {
        Pick::Theirs => take_span(&mut merged, theirs.placed),
        Pick::Ours | Pick::Conflict => take_span(&mut merged, ours.placed),
    }
    if span == Pick::Conflict {
        conflicts.push("span");
    }

    macro_rules! field {
        ($name:literal, $($path:tt)+) => {{
            match pick(base.map(|b| &b.$($path)+), &o.$($path)+, &t.$($path)+) {
                Pick::Ours => {}
                Pick::Theirs => merged.$($path)+ = t.$($path)+.clone(),
                Pick::Conflict => conflicts.push($name),
            }
        }};
    }
    field!("kind", kind);
    field!("note", note);
    field!("verdict", verdict);
    field!("claimant", record.claimant);
    field!("claim_checked", record.claim_checked);
    field!("first_said", record.first_said);
    field!("explanation", record.explanation);
    field!("review_url", record.review_url);
    field!("review.state", record.review.state);
    field!("review", record.review.extra);
    field!("evidence", evidence);
    field!("author", author);
    field!("created", created);
    let links = merge_links(base.map(|b| &b.claims[..]), &o.claims, &t.claims);
    merged.claims.clone_from(&links);
    match merge_votes(
        base.map(|b| &b.record.review.votes[..]),
        &o.record.review.votes,
        &t.record.review.votes,
    ) {
        Ok(votes) => merged.record.review.votes = votes,
        Err(votes) => {
            merged.record.review.votes = votes;
            conflicts.push("review.votes");
        }
    }
    // The later of the two edits.
    merged.modified = o.modified.clone().max(t.modified.clone());
    merged.extra = merge_extra(base.map(|b| &b.extra), &o.extra, &t.extra, &mut |_key| {
        if !conflicts.contains(&"extra") {
            conflicts.push("extra");
        }
    });

    // A kind decides which other fields an annotation may have: only claims have verdicts
    // and claim records, only sources and disputes link to claims. A kind changed on one
    // side goes with that side's kind-bound fields, unless the other side changed those
    // too (a verdict given to a claim the other side made a source), or both changed the
    // kind: then ours decide the kind, the verdict and the record, the links stay merged as
    // a set (a claim has none), and every kind-bound field theirs has differently is a
    // conflict. Whether that happens does not depend on which side is ours.
    let kind_changed = |a: &Annotation| base.is_none_or(|b| a.kind != b.kind);
    let bound_changed = |a: &Annotation| {
        base.is_none_or(|b| a.verdict != b.verdict || a.record != b.record || a.claims != b.claims)
    };
    let clash = o.kind != t.kind
        && ((kind_changed(o) && kind_changed(t))
            || (!kind_changed(o) && bound_changed(o))
            || (!kind_changed(t) && bound_changed(t)));
    if clash || !kind_fits(&merged) {
        merged.kind = o.kind;
        merged.verdict = o.verdict;
        merged.record = o.record.clone();
        if o.kind == Kind::Claim {
            merged.claims.clear();
        }
        for (name, differs) in kind_fields(o, t) {
            if differs && !conflicts.contains(&name) {
                conflicts.push(name);
            }
        }
    }
    (merged, conflicts, links)
}

/// Whether an annotation's kind and its kind-bound fields go together.
pub(crate) fn kind_fits(a: &Annotation) -> bool {
    if a.kind == Kind::Claim {
        a.claims.is_empty()
    } else {
        a.verdict.is_none() && a.record.is_empty()
    }
}

/// The fields a kind bounds, and whether two annotations differ in each.
pub(crate) fn kind_fields(o: &Annotation, t: &Annotation) -> [(&'static str, bool); 10] {
    let (r, s) = (&o.record, &t.record);
    [
        ("kind", o.kind != t.kind),
        ("verdict", o.verdict != t.verdict),
        ("claims", o.claims != t.claims),
        ("claimant", r.claimant != s.claimant),
        ("claim_checked", r.claim_checked != s.claim_checked),
        ("first_said", r.first_said != s.first_said),
        ("explanation", r.explanation != s.explanation),
        ("review_url", r.review_url != s.review_url),
        ("review.state", r.review.state != s.review.state),
        (
            "review.votes",
            r.review.votes != s.review.votes || r.review.extra != s.review.extra,
        ),
    ]
}

/// The claims a source or dispute links to, merged as a set: a link either side added is
/// kept, a link either side removed is gone. When both changed them, the links both kept
/// stay in the base's order, and the added ones follow in id order.
fn merge_links(base: Option<&[String]>, ours: &[String], theirs: &[String]) -> Vec<String> {
    match pick(base, ours, theirs) {
        Pick::Ours => return ours.to_vec(),
        Pick::Theirs => return theirs.to_vec(),
        Pick::Conflict => {}
    }
    let base = base.unwrap_or(&[]);
    let in_base: HashSet<&str> = base.iter().map(String::as_str).collect();
    let mut out: Vec<String> = base
        .iter()
        .filter(|id| ours.contains(id) && theirs.contains(id))
        .cloned()
        .collect();
    let mut added: Vec<&String> = ours
        .iter()
        .chain(theirs)
        .filter(|id| !in_base.contains(id.as_str()))
        .collect();
    added.sort();
    added.dedup();
    for id in added {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// Review votes, merged as a set keyed by reviewer and time: a vote either side cast is
/// kept, a vote either side withdrew is gone. `Err` (with ours kept) when both sides changed
/// the same vote differently, or one withdrew a vote the other changed. When both sides
/// changed the votes, they are listed oldest first (by time, then reviewer).
fn merge_votes(
    base: Option<&[Vote]>,
    ours: &[Vote],
    theirs: &[Vote],
) -> Result<Vec<Vote>, Vec<Vote>> {
    match pick(base, ours, theirs) {
        Pick::Ours => return Ok(ours.to_vec()),
        Pick::Theirs => return Ok(theirs.to_vec()),
        Pick::Conflict => {}
    }
    let base = base.unwrap_or(&[]);
    let key = |v: &Vote| (v.time.clone(), v.reviewer.clone());
    let find = |list: &[Vote], k: &(String, String)| list.iter().find(|v| key(v) == *k).cloned();
    let mut keys: Vec<(String, String)> = base.iter().chain(ours).chain(theirs).map(key).collect();
    keys.sort();
    keys.dedup();
    let mut clash = false;
    let mut out = Vec::new();
    for k in &keys {
        let (b, o, t) = (find(base, k), find(ours, k), find(theirs, k));
        let kept = match (b, o, t) {
            (_, Some(o), Some(t)) if o == t => Some(o),
            (Some(b), Some(o), Some(t)) if b == o => Some(t),
            (Some(b), Some(o), Some(t)) if b == t => Some(o),
            (_, Some(o), Some(_)) => {
                clash = true;
                Some(o)
            }
            (Some(b), Some(o), None) | (Some(b), None, Some(o)) if b == o => None,
            (Some(_), Some(o), None) => {
                clash = true;
                Some(o)
            }
            // Withdrawn by us, changed by them: the withdrawal stands (ours), recorded.
            (Some(_), None, Some(_)) => {
                clash = true;
                None
            }
            (None, Some(v), None) | (None, None, Some(v)) => Some(v),
            (_, None, None) => None,
        };
        out.extend(kept);
    }
    if clash { Err(out) } else { Ok(out) }
}

/// Unknown fields, merged key by key; `clash` is told of each key both sides changed
/// differently (ours is kept).
pub(crate) fn merge_extra(
    base: Option<&Map<String, Value>>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    clash: &mut dyn FnMut(&str),
) -> Map<String, Value> {
    if ours == theirs || base == Some(theirs) {
        return ours.clone();
    }
    if base == Some(ours) {
        return theirs.clone();
    }
    let empty = Map::new();
    let base = base.unwrap_or(&empty);
    let mut keys: Vec<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    keys.sort();
    keys.dedup();
    let mut out = Map::new();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let value = match pick(Some(&b), &o, &t) {
            Pick::Ours => o,
            Pick::Theirs => t,
            Pick::Conflict => {
                clash(key);
                o
            }
        };
        if let Some(value) = value {
            out.insert(key.clone(), value.clone());
        }
    }
    out
}

/// A field's value as a conflict record keeps it: the value of that key in the annotation's
/// JSON (see [`annotation_to_value`]); for `span`, an object of the keys that place it
/// ([`SPAN_KEYS`]); for `review.state` and `review.votes`, that part of `review`; for
/// `extra`, the unknown fields; for `annotation`, the whole annotation.
pub fn field_value(a: &Annotation, field: &str) -> Value {
    let json = annotation_to_value(a);
    let review = |key: &str, default: Value| {
        json.get("review")
            .and_then(|r| r.get(key))
            .cloned()
            .unwrap_or(default)
    };
    match field {
        "annotation" => json,
        "span" => Value::Object(
            SPAN_KEYS
                .iter()
                .map(|k| (k.to_string(), json.get(*k).cloned().unwrap_or(Value::Null)))
                .collect(),
        ),
        "review.state" => review("state", Value::from("draft")),
        "review.votes" => review("votes", Value::Array(Vec::new())),
        "review" => Value::Object(a.record.review.extra.clone()),
        "extra" => Value::Object(a.extra.clone()),
        other => json.get(other).cloned().unwrap_or(Value::Null),
    }
}

/// The conflict record for `field` of an annotation: ours, theirs and the base (each side
/// `None` when it has no such annotation, written as `null`).
pub(crate) fn conflict_record(
    id: &str,
    field: &str,
    base: Option<&Annotation>,
    ours: Option<&Annotation>,
    theirs: Option<&Annotation>,
) -> Conflict {
    let value = |a: Option<&Annotation>| a.map_or(Value::Null, |a| field_value(a, field));
    Conflict {
        annotation: Some(id.to_string()),
        field: field.to_string(),
        base: base.map(|b| field_value(b, field)),
        ours: value(ours),
        theirs: value(theirs),
        extra: Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(who: &str, time: &str, comment: &str) -> Vote {
        Vote {
            reviewer: who.into(),
            time: time.into(),
            comment: comment.into(),
            ..Vote::default()
        }
    }

    #[test]
    fn links_merge_as_sets() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let base = s(&["a", "b"]);
        assert_eq!(
            merge_links(Some(&base), &s(&["a", "b", "z"]), &s(&["b", "c"])),
            s(&["b", "c", "z"])
        );
        assert_eq!(
            merge_links(Some(&base), &s(&["b", "a"]), &base),
            s(&["b", "a"])
        );
        assert_eq!(merge_links(None, &s(&["x"]), &s(&["y"])), s(&["x", "y"]));
    }

    #[test]
    fn votes_merge_as_sets_and_clash_on_the_same_vote() {
        let base = vec![vote("Ana", "2026-01-01T00:00:00Z", "")];
        let ours = vec![base[0].clone(), vote("Ben", "2026-01-03T00:00:00Z", "")];
        let theirs = vec![base[0].clone(), vote("Cy", "2026-01-02T00:00:00Z", "")];
        let merged = merge_votes(Some(&base), &ours, &theirs).unwrap();
        let names: Vec<&str> = merged.iter().map(|v| v.reviewer.as_str()).collect();
        assert_eq!(names, ["Ana", "Cy", "Ben"]);
        let ours = vec![vote("Ana", "2026-01-01T00:00:00Z", "mine")];
        let theirs = vec![vote("Ana", "2026-01-01T00:00:00Z", "theirs")];
        assert_eq!(merge_votes(Some(&base), &ours, &theirs), Err(ours.clone()));
    }
}
