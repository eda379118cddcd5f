//! A word-level diff of two article texts, in code points: what the app's diff view shows,
//! and what re-anchoring uses to tell text that stayed (and where it went) from text that is
//! new.
//!
//! Texts are split into words, runs of spaces and single punctuation marks by the Unicode
//! word-boundary rules (UAX #29, so "don't", "4.5" and "e\u{301}" stay whole and CJK splits
//! per character), and the two token sequences are diffed with `similar`'s Myers
//! implementation, which bounds its work on very different inputs.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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

/// A stretch of an old text that may be only partly known (one pieced together from
/// annotations after the text was edited outside Factmark): known text, or a number of
/// unknown characters that match nothing.
#[derive(Clone, Copy, Debug)]
pub enum Segment<'a> {
    Known(&'a str),
    Unknown(usize),
}

/// A fast hasher for short keys (the FxHash mixing step): interning the words of a 2 MB
/// text with the default SipHash costs more than diffing them. Not DoS-resistant, which
/// does not matter for words of an article on the user's own machine.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash maps keyed by words or numbers, with [`WordHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

type Dictionary<'a> = FastMap<&'a str, u32>;

/// One token of a diff: its id (equal ids, equal text), where it starts in code points, and
/// whether it is only whitespace.
struct Token<'a> {
    id: u32,
    start: usize,
    len: usize,
    text: Segment<'a>,
}

/// Splits segments into tokens: lines (with their `\n`) or words, by `split`. Unknown
/// stretches are one token each, with an id no text has.
fn tokenize<'a>(
    segments: &[Segment<'a>],
    base: usize,
    split: fn(&'a str) -> Vec<&'a str>,
    dictionary: &mut Dictionary<'a>,
    next_unknown: &mut u32,
) -> Vec<Token<'a>> {
    let mut tokens = Vec::new();
    let mut offset = base;
    for segment in segments {
        match *segment {
            Segment::Known(text) => {
                for piece in split(text) {
                    let next = dictionary.len() as u32;
                    let len = piece.chars().count();
                    tokens.push(Token {
                        id: *dictionary.entry(piece).or_insert(next),
                        start: offset,
                        len,
                        text: Segment::Known(piece),
                    });
                    offset += len;
                }
            }
            Segment::Unknown(len) => {
                if len > 0 {
                    tokens.push(Token {
                        id: u32::MAX - *next_unknown,
                        start: offset,
                        len,
                        text: Segment::Unknown(len),
                    });
                    *next_unknown += 1;
                    offset += len;
                }
            }
        }
    }
    tokens
}

/// Lines, and the line breaks between them as tokens of their own (so a last line with no
/// break still equals the same line with one).
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.strip_suffix('\n') {
            Some(content) => {
                if !content.is_empty() {
                    out.push(content);
                }
                out.push(&line[content.len()..]);
            }
            None => out.push(line),
        }
    }
    out
}

fn words(text: &str) -> Vec<&str> {
    text.split_word_bounds().collect()
}

/// A diff step before cleaning up: ranges in code points, and for equal text whether it is
/// only whitespace.
struct Step {
    kind: DiffKind,
    old: Range<usize>,
    new: Range<usize>,
    blank: bool,
}

fn steps<'a>(
    old: &[Token<'a>],
    new: &[Token<'a>],
    deadline: Option<Instant>,
    out: &mut Vec<Step>,
    mut refine: impl FnMut(&[Token<'a>], &[Token<'a>], &mut Vec<Step>),
) {
    let old_ids: Vec<u32> = old.iter().map(|t| t.id).collect();
    let new_ids: Vec<u32> = new.iter().map(|t| t.id).collect();
    let span = |tokens: &[Token<'_>], range: Range<usize>| -> Range<usize> {
        let start = tokens
            .get(range.start)
            .map(|t| t.start)
            .or_else(|| tokens.last().map(|t| t.start + t.len))
            .unwrap_or(0);
        let end = if range.is_empty() {
            start
        } else {
            tokens[range.end - 1].start + tokens[range.end - 1].len
        };
        start..end
    };
    // Equal tokens at the start are paired first: when text is appended after a repeated
    // word, the word that was there stays the one that was there.
    let common = old_ids
        .iter()
        .zip(&new_ids)
        .take_while(|(a, b)| a == b)
        .count();
    let mut ops = Vec::new();
    if common > 0 {
        ops.push(SimilarOp::Equal {
            old_index: 0,
            new_index: 0,
            len: common,
        });
    }
    for op in capture_diff_slices_deadline(
        Algorithm::Myers,
        &old_ids[common..],
        &new_ids[common..],
        deadline,
    ) {
        ops.push(match op {
            SimilarOp::Equal {
                old_index,
                new_index,
                len,
            } => SimilarOp::Equal {
                old_index: old_index + common,
                new_index: new_index + common,
                len,
            },
            SimilarOp::Delete {
                old_index,
                old_len,
                new_index,
            } => SimilarOp::Delete {
                old_index: old_index + common,
                old_len,
                new_index: new_index + common,
            },
            SimilarOp::Insert {
                old_index,
                new_index,
                new_len,
            } => SimilarOp::Insert {
                old_index: old_index + common,
                new_index: new_index + common,
                new_len,
            },
            SimilarOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => SimilarOp::Replace {
                old_index: old_index + common,
                old_len,
                new_index: new_index + common,
                new_len,
            },
        });
    }
    for op in ops {
        let kind = match op {
            SimilarOp::Equal { .. } => DiffKind::Equal,
            SimilarOp::Delete { .. } => DiffKind::Delete,
            SimilarOp::Insert { .. } => DiffKind::Insert,
            SimilarOp::Replace { .. } => DiffKind::Replace,
        };
        if kind == DiffKind::Replace {
            refine(&old[op.old_range()], &new[op.new_range()], out);
            continue;
        }
        let blank = kind == DiffKind::Equal
            && new[op.new_range()].iter().all(|t| match t.text {
                Segment::Known(text) => text.chars().all(char::is_whitespace),
                Segment::Unknown(_) => false,
            });
        out.push(Step {
            kind,
            old: span(old, op.old_range()),
            new: span(new, op.new_range()),
            blank,
        });
    }
}

/// Diff an old text given as segments against a new text, in code points: by lines first
/// (fast, and a moved paragraph is one deletion and one insertion), then by words within
/// each changed run of lines. Changes separated only by a little whitespace are merged
/// into one (easier to read, and no less exact).
pub fn diff_segments<'a>(old: &[Segment<'a>], new: &'a str) -> Vec<DiffOp> {
    let mut dictionary = Dictionary::default();
    let mut next_unknown = 0;
    let old_lines = tokenize(old, 0, lines, &mut dictionary, &mut next_unknown);
    let new_lines = tokenize(
        &[Segment::Known(new)],
        0,
        lines,
        &mut dictionary,
        &mut next_unknown,
    );
    let deadline = Instant::now().checked_add(DIFF_DEADLINE);
    let mut out = Vec::new();
    steps(
        &old_lines,
        &new_lines,
        deadline,
        &mut out,
        |old, new, out| {
            // Words of the changed lines; the dictionary is shared so equal words match.
            let segments: Vec<Segment<'a>> = old.iter().map(|t| t.text).collect();
            let new_segments: Vec<Segment<'a>> = new.iter().map(|t| t.text).collect();
            let old_base = old.first().map_or(0, |t| t.start);
            let new_base = new.first().map_or(0, |t| t.start);
            let old_words = tokenize(
                &segments,
                old_base,
                words,
                &mut dictionary,
                &mut next_unknown,
            );
            let new_words = tokenize(
                &new_segments,
                new_base,
                words,
                &mut dictionary,
                &mut next_unknown,
            );
            steps(&old_words, &new_words, deadline, out, |old, new, out| {
                let start = |t: &[Token<'_>]| t.first().map_or(0, |t| t.start);
                let end = |t: &[Token<'_>]| t.last().map_or(0, |t| t.start + t.len);
                out.push(Step {
                    kind: DiffKind::Replace,
                    old: start(old)..end(old),
                    new: start(new)..end(new),
                    blank: false,
                });
            });
        },
    );
    let mut ops: Vec<DiffOp> = Vec::with_capacity(out.len());
    let mut blank: Vec<bool> = Vec::with_capacity(out.len());
    for step in out {
        if push_op(&mut ops, step.kind, step.old, step.new) {
            blank.push(step.blank);
        } else if let Some(last) = blank.last_mut() {
            *last &= step.blank;
        }
    }
    absorb_small_equalities(merge_across_whitespace(ops, &blank))
}

/// An unchanged scrap between two larger changes ("the" in a rewritten sentence) is chance,
/// not text that stayed: it becomes part of the change, as in the semantic clean-up of
/// diff-match-patch. This keeps a rewritten passage one readable change, and keeps
/// re-anchoring from mistaking scraps for an annotation's own surviving words.
fn absorb_small_equalities(ops: Vec<DiffOp>) -> Vec<DiffOp> {
    let size = |op: &DiffOp| op.old.len().max(op.new.len());
    let mut out: Vec<DiffOp> = Vec::with_capacity(ops.len());
    for op in ops {
        out.push(op);
        // [change, small equal, change] at the end: one change.
        while out.len() >= 3 {
            let n = out.len();
            let (left, middle, right) = (&out[n - 3], &out[n - 2], &out[n - 1]);
            let absorb = left.kind != DiffKind::Equal
                && right.kind != DiffKind::Equal
                && middle.kind == DiffKind::Equal
                && middle.new.len() <= size(left)
                && middle.new.len() <= size(right);
            if !absorb {
                break;
            }
            let right = out.pop().expect("three ops");
            out.pop();
            let left = out.last_mut().expect("three ops");
            left.old.end = right.old.end;
            left.new.end = right.new.end;
            left.kind = kind_of(&left.old, &left.new);
        }
    }
    out
}

/// Append a step, joining it to the last when both are equal or both are changes. Returns
/// whether a new op was started.
fn push_op(ops: &mut Vec<DiffOp>, kind: DiffKind, old: Range<usize>, new: Range<usize>) -> bool {
    if old.is_empty() && new.is_empty() {
        return false;
    }
    if let Some(last) = ops.last_mut() {
        let both_changes = last.kind != DiffKind::Equal && kind != DiffKind::Equal;
        if last.kind == kind || both_changes {
            last.old.end = old.end;
            last.new.end = new.end;
            if both_changes {
                last.kind = kind_of(&last.old, &last.new);
            }
            return false;
        }
    }
    ops.push(DiffOp {
        kind,
        old,
        new,
        annotations: Vec::new(),
    });
    true
}

fn kind_of(old: &Range<usize>, new: &Range<usize>) -> DiffKind {
    match (old.is_empty(), new.is_empty()) {
        (true, true) | (false, false) => DiffKind::Replace,
        (true, false) => DiffKind::Insert,
        (false, true) => DiffKind::Delete,
    }
}

/// "said the" → "denied any" reads better as one change than as two around a space.
fn merge_across_whitespace(ops: Vec<DiffOp>, blank: &[bool]) -> Vec<DiffOp> {
    let mut out: Vec<DiffOp> = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        let op = &ops[i];
        let between_changes = i > 0
            && i + 1 < ops.len()
            && ops[i - 1].kind != DiffKind::Equal
            && ops[i + 1].kind != DiffKind::Equal;
        if between_changes
            && op.kind == DiffKind::Equal
            && op.new.len() <= 3
            && blank.get(i).copied().unwrap_or(false)
            && let Some(last) = out.last_mut()
        {
            let next = &ops[i + 1];
            last.old.end = next.old.end;
            last.new.end = next.new.end;
            last.kind = kind_of(&last.old, &last.new);
            i += 2;
            continue;
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
    /// at the same proportion of what replaced it (a guess, for a search to start from).
    pub fn map(&self, old: usize) -> usize {
        let at = self.ops.partition_point(|op| op.old.end <= old);
        let Some(op) = self.ops.get(at) else {
            return self.ops.last().map_or(0, |op| op.new.end);
        };
        let into = old.saturating_sub(op.old.start);
        if op.kind == DiffKind::Equal {
            (op.new.start + into).min(op.new.end)
        } else if op.old.is_empty() {
            op.new.start
        } else {
            op.new.start + into * op.new.len() / op.old.len()
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
        assert_eq!(alignment.map(4), 9);
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
