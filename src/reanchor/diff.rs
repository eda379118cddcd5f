//! A word-level diff of two article texts, in code points: what the app's diff view shows,
//! and what re-anchoring uses to tell text that stayed (and where it went) from text that is
//! new.
//!
//! Texts are split into words, runs of spaces and single punctuation marks by the Unicode
//! word-boundary rules (UAX #29, so "don't", "4.5" and "e\u{301}" stay whole and CJK splits
//! per character), and the two token sequences are diffed with `similar`'s Myers
//! implementation, which bounds its work on very different inputs.

use std::collections::HashMap;
use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp as SimilarOp, capture_diff_slices_deadline};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::ArticleText;

/// How long the diff may search for the smallest set of changes before settling for a
/// larger one (only very different texts come near it).
const DIFF_DEADLINE: Duration = Duration::from_secs(2);

/// What happened to a stretch of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DiffKind {
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
    /// Old text replaced by new text.
    Replace,
}

/// One stretch of the diff. Ranges are code points; the old range is empty for an
/// insertion (it is where the new text went in) and the new range empty for a deletion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffOp {
    pub kind: DiffKind,
    pub old: Range<usize>,
    pub new: Range<usize>,
    /// Ids of the annotations this change touches (in the old text, or where they are now),
    /// in text order. Always empty for equal stretches.
    pub annotations: Vec<String>,
}

/// A word-level diff: equal and changed stretches covering both texts in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleDiff {
    pub ops: Vec<DiffOp>,
}

impl ArticleDiff {
    /// The stretches that changed.
    pub fn changes(&self) -> impl Iterator<Item = &DiffOp> {
        self.ops.iter().filter(|op| op.kind != DiffKind::Equal)
    }

    /// Whether the texts are the same.
    pub fn is_unchanged(&self) -> bool {
        self.changes().next().is_none()
    }

    /// Note, on each change, the annotations it touches: those whose old span overlaps the
    /// change's old range (or contains a point where text went in), and those whose span
    /// in the new text overlaps its new range. Spans are `(id, old or new range)`.
    pub fn mark_annotations(
        &mut self,
        old_spans: &[(String, Range<usize>)],
        new_spans: &[(String, Range<usize>)],
    ) {
        for op in &mut self.ops {
            op.annotations.clear();
            if op.kind == DiffKind::Equal {
                continue;
            }
            let mut ids: Vec<(usize, &String)> = Vec::new();
            for (spans, range) in [(old_spans, &op.old), (new_spans, &op.new)] {
                for (id, span) in spans {
                    if touches(span, range) {
                        ids.push((span.start, id));
                    }
                }
            }
            ids.sort();
            for (_, id) in ids {
                if !op.annotations.contains(id) {
                    op.annotations.push(id.clone());
                }
            }
        }
    }
}

/// Whether a change at `range` touches `span`: they overlap, or the change is an insertion
/// strictly inside the span.
fn touches(span: &Range<usize>, range: &Range<usize>) -> bool {
    if range.is_empty() {
        span.start < range.start && range.start < span.end
    } else {
        span.start < range.end && range.start < span.end
    }
}

/// The word-level diff of two texts.
pub fn diff_texts(old: &ArticleText, new: &ArticleText) -> ArticleDiff {
    ArticleDiff {
        ops: diff_segments(&[Segment::Known(old.as_str())], new.as_str()),
    }
}

/// A stretch of an old text that may be only partly known (see
/// [`super::OldText::Partial`]): known text, or a number of unknown characters that match
/// nothing.
#[derive(Clone, Copy, Debug)]
pub enum Segment<'a> {
    Known(&'a str),
    Unknown(usize),
}

/// Tokens as ids (equal ids: equal text) with the code-point offset where each starts.
struct Tokens {
    ids: Vec<u32>,
    starts: Vec<usize>,
    len: usize,
}

fn tokenize<'a>(
    segments: &[Segment<'a>],
    dictionary: &mut HashMap<&'a str, u32>,
    next_unknown: &mut u32,
) -> Tokens {
    let mut ids = Vec::new();
    let mut starts = Vec::new();
    let mut offset = 0usize;
    for segment in segments {
        match *segment {
            Segment::Known(text) => {
                for word in text.split_word_bounds() {
                    let next = dictionary.len() as u32;
                    ids.push(*dictionary.entry(word).or_insert(next));
                    starts.push(offset);
                    offset += word.chars().count();
                }
            }
            Segment::Unknown(len) => {
                if len > 0 {
                    // Ids counted down from the top never equal a word's.
                    ids.push(u32::MAX - *next_unknown);
                    *next_unknown += 1;
                    starts.push(offset);
                    offset += len;
                }
            }
        }
    }
    Tokens {
        ids,
        starts,
        len: offset,
    }
}

/// Diff an old text given as segments against a new text, in code points, with changes
/// separated only by whitespace merged into one (easier to read, and no less exact).
pub fn diff_segments<'a>(old: &[Segment<'a>], new: &'a str) -> Vec<DiffOp> {
    let mut dictionary = HashMap::new();
    let mut next_unknown = 0;
    let old_tokens = tokenize(old, &mut dictionary, &mut next_unknown);
    let new_tokens = tokenize(&[Segment::Known(new)], &mut dictionary, &mut next_unknown);
    let deadline = Instant::now().checked_add(DIFF_DEADLINE);
    let raw =
        capture_diff_slices_deadline(Algorithm::Myers, &old_tokens.ids, &new_tokens.ids, deadline);
    let char_at =
        |tokens: &Tokens, index: usize| tokens.starts.get(index).copied().unwrap_or(tokens.len);
    let mut ops: Vec<DiffOp> = Vec::with_capacity(raw.len());
    for op in raw {
        let (kind, old_range, new_range) = match op {
            SimilarOp::Equal { .. } => (DiffKind::Equal, op.old_range(), op.new_range()),
            SimilarOp::Delete { .. } => (DiffKind::Delete, op.old_range(), op.new_range()),
            SimilarOp::Insert { .. } => (DiffKind::Insert, op.old_range(), op.new_range()),
            SimilarOp::Replace { .. } => (DiffKind::Replace, op.old_range(), op.new_range()),
        };
        let old = char_at(&old_tokens, old_range.start)..char_at(&old_tokens, old_range.end);
        let new = char_at(&new_tokens, new_range.start)..char_at(&new_tokens, new_range.end);
        push_op(&mut ops, kind, old, new);
    }
    merge_across_whitespace(ops, new)
}

fn push_op(ops: &mut Vec<DiffOp>, kind: DiffKind, old: Range<usize>, new: Range<usize>) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    if let Some(last) = ops.last_mut() {
        let both_changes = last.kind != DiffKind::Equal && kind != DiffKind::Equal;
        if last.kind == kind || both_changes {
            last.old.end = old.end;
            last.new.end = new.end;
            if both_changes {
                last.kind = kind_of(&last.old, &last.new);
            }
            return;
        }
    }
    ops.push(DiffOp {
        kind,
        old,
        new,
        annotations: Vec::new(),
    });
}

fn kind_of(old: &Range<usize>, new: &Range<usize>) -> DiffKind {
    match (old.is_empty(), new.is_empty()) {
        (true, true) | (false, false) => DiffKind::Replace,
        (true, false) => DiffKind::Insert,
        (false, true) => DiffKind::Delete,
    }
}

/// "said the" → "denied any" reads better as one change than as two around a space.
fn merge_across_whitespace(ops: Vec<DiffOp>, new: &str) -> Vec<DiffOp> {
    let is_space_only = |op: &DiffOp| {
        op.kind == DiffKind::Equal
            && op.new.len() <= 3
            && new
                .chars()
                .skip(op.new.start)
                .take(op.new.len())
                .all(char::is_whitespace)
    };
    let mut out: Vec<DiffOp> = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        let op = &ops[i];
        let between_changes = i > 0
            && i + 1 < ops.len()
            && ops[i - 1].kind != DiffKind::Equal
            && ops[i + 1].kind != DiffKind::Equal;
        if between_changes && is_space_only(op) {
            let next = &ops[i + 1];
            if let Some(last) = out.last_mut() {
                last.old.end = next.old.end;
                last.new.end = next.new.end;
                last.kind = kind_of(&last.old, &last.new);
                i += 2;
                continue;
            }
        }
        out.push(op.clone());
        i += 1;
    }
    out
}

/// Where text of the old version went in the new one, for re-anchoring.
pub struct Alignment {
    ops: Vec<DiffOp>,
    /// Indices into `ops` of the equal stretches, in order (both texts ascend together).
    equal: Vec<usize>,
}

/// How the characters of a stretch of the new text relate to the old text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Provenance {
    /// Unchanged text that was inside the annotation's old span.
    pub own: usize,
    /// Text that is new.
    pub new: usize,
    /// Unchanged text that was elsewhere in the old version.
    pub foreign: usize,
}

impl Provenance {
    pub fn total(&self) -> usize {
        self.own + self.new + self.foreign
    }

    fn fraction(&self, part: usize) -> f64 {
        if self.total() == 0 {
            0.0
        } else {
            part as f64 / self.total() as f64
        }
    }

    pub fn own_fraction(&self) -> f64 {
        self.fraction(self.own)
    }

    pub fn foreign_fraction(&self) -> f64 {
        self.fraction(self.foreign)
    }
}

impl Alignment {
    pub fn new(ops: Vec<DiffOp>) -> Self {
        let equal = ops
            .iter()
            .enumerate()
            .filter(|(_, op)| op.kind == DiffKind::Equal)
            .map(|(i, _)| i)
            .collect();
        Self { ops, equal }
    }

    pub fn ops(&self) -> &[DiffOp] {
        &self.ops
    }

    /// If the whole old span is unchanged text in one piece, where it is now.
    pub fn unchanged(&self, old: &Range<usize>) -> Option<Range<usize>> {
        let at = self
            .equal
            .partition_point(|&i| self.ops[i].old.end <= old.start);
        let op = &self.ops[*self.equal.get(at)?];
        (op.old.start <= old.start && old.end <= op.old.end).then(|| {
            let shift = op.new.start as isize - op.old.start as isize;
            (old.start as isize + shift) as usize..(old.end as isize + shift) as usize
        })
    }

    /// If a stretch of the new text is unchanged old text in one piece, where it was.
    pub fn old_of(&self, new: &Range<usize>) -> Option<Range<usize>> {
        let at = self
            .equal
            .partition_point(|&i| self.ops[i].new.end <= new.start);
        let op = &self.ops[*self.equal.get(at)?];
        (op.new.start <= new.start && new.end <= op.new.end).then(|| {
            let from = op.old.start + (new.start - op.new.start);
            from..from + new.len()
        })
    }

    /// Where an old offset is in the new text: exact inside unchanged text; inside a change,
    /// the start (or with `at_end`, the end) of what replaced it.
    pub fn map(&self, old: usize, at_end: bool) -> usize {
        let at = self.ops.partition_point(|op| op.old.end <= old);
        let Some(op) = self.ops.get(at) else {
            return self.ops.last().map_or(0, |op| op.new.end);
        };
        if op.kind == DiffKind::Equal {
            let offset = old.saturating_sub(op.old.start);
            (op.new.start + offset).min(op.new.end)
        } else if at_end {
            op.new.end
        } else {
            op.new.start
        }
    }

    /// Where the text at new offsets `new` came from, relative to an annotation's old span
    /// `own` (text within `slack` characters of it counts as neither own nor foreign).
    pub fn provenance(&self, new: &Range<usize>, own: &Range<usize>, slack: usize) -> Provenance {
        let mut p = Provenance::default();
        let mut covered = 0;
        let first = self
            .equal
            .partition_point(|&i| self.ops[i].new.end <= new.start);
        for &i in &self.equal[first..] {
            let op = &self.ops[i];
            if op.new.start >= new.end {
                break;
            }
            let from = op.new.start.max(new.start);
            let to = op.new.end.min(new.end);
            covered += to - from;
            let old_from = op.old.start + (from - op.new.start);
            let old_to = old_from + (to - from);
            let inside = overlap(old_from..old_to, own.clone());
            let near = overlap(
                old_from..old_to,
                own.start.saturating_sub(slack)..own.end + slack,
            );
            p.own += inside;
            p.foreign += (to - from) - near;
        }
        p.new = (new.end - new.start) - covered;
        p
    }

    /// The new-text ranges that are not unchanged old text.
    pub fn changed_new_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.ops
            .iter()
            .filter(|op| op.kind != DiffKind::Equal && !op.new.is_empty())
            .map(|op| op.new.clone())
    }
}

fn overlap(a: Range<usize>, b: Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(old: &str, new: &str) -> Vec<(DiffKind, String, String)> {
        let (o, n) = (ArticleText::new(old.into()), ArticleText::new(new.into()));
        diff_texts(&o, &n)
            .ops
            .into_iter()
            .map(|op| {
                (
                    op.kind,
                    o.slice(op.old).unwrap().to_string(),
                    n.slice(op.new).unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn word_level_changes_in_code_points() {
        use DiffKind::*;
        assert_eq!(
            diff(
                "Officials said the plan is legal. 🙂 Fine.",
                "Officials denied any plan is legal. 🙂 Fine!"
            ),
            vec![
                (Equal, "Officials ".into(), "Officials ".into()),
                (Replace, "said the".into(), "denied any".into()),
                (
                    Equal,
                    " plan is legal. 🙂 Fine".into(),
                    " plan is legal. 🙂 Fine".into()
                ),
                (Replace, ".".into(), "!".into()),
            ]
        );
        assert_eq!(
            diff("a b c", "a c"),
            vec![
                (Equal, "a ".into(), "a ".into()),
                (Delete, "b ".into(), "".into()),
                (Equal, "c".into(), "c".into())
            ]
        );
    }

    #[test]
    fn alignment_maps_and_tells_provenance() {
        let (o, n) = (
            ArticleText::new("One two three four five. Six!".into()),
            ArticleText::new("Six! One two three four five.".into()),
        );
        let alignment = Alignment::new(diff_texts(&o, &n).ops);
        // The long sentence stayed, shifted right by five.
        assert_eq!(alignment.unchanged(&(0..24)), Some(5..29));
        assert_eq!(alignment.map(4, false), 9);
        // "Six!" went from the end to the start: where it is now is new text…
        assert_eq!(alignment.unchanged(&(25..29)), None);
        let p = alignment.provenance(&(0..4), &(25..29), 0);
        assert_eq!((p.own, p.new, p.foreign), (0, 4, 0));
        // …and the sentence is someone else's text as far as "Six!" is concerned.
        let p = alignment.provenance(&(5..29), &(25..29), 0);
        assert_eq!((p.own, p.new, p.foreign), (0, 0, 24));
        let p = alignment.provenance(&(5..29), &(0..24), 0);
        assert_eq!((p.own, p.new, p.foreign), (24, 0, 0));
    }

    #[test]
    fn marks_the_annotations_a_change_touches() {
        let (o, n) = (
            ArticleText::new("Alpha beta gamma delta.".into()),
            ArticleText::new("Alpha BETA gamma delta.".into()),
        );
        let mut d = diff_texts(&o, &n);
        d.mark_annotations(
            &[("a".into(), 0..10), ("b".into(), 11..16)],
            &[("a".into(), 0..10)],
        );
        let change = d.changes().next().unwrap();
        assert_eq!(change.annotations, ["a"]);
    }
}
