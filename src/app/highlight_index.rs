//! Which annotations cover which part of the text, and in which underline lane each is drawn.
//! Plain logic over the model (no egui), rebuilt when the project's revision changes.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use crate::model::Annotation;

/// Overlapping annotations are drawn with stacked underlines; more lanes than this share
/// the last one (the fill still shows them).
pub const MAX_LANES: u8 = 4;

#[derive(Clone, Debug, Default)]
pub struct HighlightIndex {
    /// Lane of each annotation (same order as `Project::annotations`): the lowest lane not
    /// used by an annotation it overlaps that started earlier.
    lanes: Vec<u8>,
    /// `max_end[i]` = the largest `end` among annotations `0..=i` (sorted by start), so a
    /// backwards scan for overlaps can stop early.
    max_end: Vec<usize>,
}

impl HighlightIndex {
    /// `annotations` must be sorted by start (as `Project::annotations` is).
    pub fn build(annotations: &[Annotation]) -> Self {
        let mut lanes = Vec::with_capacity(annotations.len());
        let mut max_end = Vec::with_capacity(annotations.len());
        // Lanes in use, by the end of the annotation holding them (earliest end first).
        let mut busy: BinaryHeap<Reverse<(usize, u8)>> = BinaryHeap::new();
        let mut free: BinaryHeap<Reverse<u8>> = BinaryHeap::new();
        let mut next_lane = 0u8;
        let mut running_max = 0;
        for a in annotations {
            while let Some(&Reverse((end, lane))) = busy.peek() {
                if end > a.start {
                    break;
                }
                busy.pop();
                free.push(Reverse(lane));
            }
            let lane = match free.pop() {
                Some(Reverse(lane)) => lane,
                None => {
                    let lane = next_lane;
                    next_lane = next_lane.saturating_add(1);
                    lane
                }
            };
            busy.push(Reverse((a.end, lane)));
            lanes.push(lane);
            running_max = running_max.max(a.end);
            max_end.push(running_max);
        }
        Self { lanes, max_end }
    }

    /// The lane to draw annotation `index` in, capped at `MAX_LANES - 1`.
    pub fn lane(&self, index: usize) -> u8 {
        self.lanes
            .get(index)
            .copied()
            .unwrap_or(0)
            .min(MAX_LANES - 1)
    }

    /// Indices of annotations that overlap `range` (code points), in text order.
    pub fn overlapping(&self, annotations: &[Annotation], range: Range<usize>) -> Vec<usize> {
        // Everything starting before the range's end is a candidate...
        let candidates = annotations.partition_point(|a| a.start < range.end.max(range.start + 1));
        let mut found = Vec::new();
        for i in (0..candidates).rev() {
            // ...and nothing at or before `i` reaches into the range once this fails.
            if self.max_end.get(i).copied().unwrap_or(0) <= range.start {
                break;
            }
            if annotations[i].end > range.start {
                found.push(i);
            }
        }
        found.reverse();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleMetadata, ArticleText, Edit, Kind, Project};

    fn project(spans: &[(usize, usize)]) -> Project {
        let text = "x".repeat(100);
        let mut p = Project::new(
            Article::new(ArticleMetadata::default(), ArticleText::new(text)),
            "2026-01-01T00:00:00Z",
        );
        for &(s, e) in spans {
            let a = p
                .make_annotation(Kind::Claim, s..e, None, "2026-01-01T00:00:00Z")
                .unwrap();
            p.apply(&Edit::Add(a)).unwrap();
        }
        p
    }

    #[test]
    fn overlapping_spans_get_different_lanes_and_reuse_freed_ones() {
        let p = project(&[(0, 50), (10, 20), (15, 30), (40, 45), (60, 70)]);
        let index = HighlightIndex::build(p.annotations());
        let lanes: Vec<u8> = (0..5).map(|i| index.lane(i)).collect();
        assert_eq!(lanes, [0, 1, 2, 1, 0]);
    }

    #[test]
    fn overlap_queries_find_long_spans_that_start_far_before() {
        let p = project(&[(0, 90), (5, 6), (20, 25), (30, 40), (80, 85)]);
        let index = HighlightIndex::build(p.annotations());
        let starts = |r: Range<usize>| -> Vec<usize> {
            index
                .overlapping(p.annotations(), r)
                .into_iter()
                .map(|i| p.annotations()[i].start)
                .collect()
        };
        assert_eq!(starts(22..32), [0, 20, 30]);
        assert_eq!(starts(6..20), [0]);
        assert_eq!(starts(90..100), Vec::<usize>::new());
        // Compare with a brute-force scan everywhere.
        for s in 0..100 {
            for e in s + 1..=100 {
                let brute: Vec<usize> = (0..p.annotations().len())
                    .filter(|&i| p.annotations()[i].start < e && p.annotations()[i].end > s)
                    .collect();
                assert_eq!(index.overlapping(p.annotations(), s..e), brute, "{s}..{e}");
            }
        }
    }
}
