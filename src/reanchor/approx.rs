//! Approximate string matching: where in a text does a pattern occur with the fewest edits
//! (insertions, deletions, substitutions of single characters)?
//!
//! This is Myers' bit-parallel algorithm (G. Myers, "A fast bit-vector algorithm for
//! approximate string matching based on dynamic programming", J. ACM 1999), with the pattern
//! split into 64-character blocks so quotes of any length work. It computes, for every
//! position in the text, the least edit distance between the pattern and a substring ending
//! there, in O(text × pattern / 64).

use std::collections::HashMap;
use std::ops::Range;

/// A pattern prepared for matching: for each of its characters, the bit vectors of the
/// positions where it occurs.
pub struct Pattern {
    len: usize,
    blocks: usize,
    /// Index into `masks` (in units of `blocks`) for ASCII characters.
    ascii: [u32; 128],
    other: HashMap<char, u32>,
    /// `masks[k * blocks + b]`: block `b` of the mask of the `k`-th distinct character.
    /// Entry 0 is all zeroes, for characters not in the pattern.
    masks: Vec<u64>,
}

impl Pattern {
    pub fn new(pattern: &[char]) -> Self {
        let len = pattern.len();
        let blocks = len.div_ceil(64).max(1);
        let mut ascii = [0u32; 128];
        let mut other = HashMap::new();
        let mut masks = vec![0u64; blocks];
        for (i, &ch) in pattern.iter().enumerate() {
            let existing = if (ch as u32) < 128 {
                ascii[ch as usize]
            } else {
                other.get(&ch).copied().unwrap_or(0)
            };
            let k = if existing == 0 {
                let k = (masks.len() / blocks) as u32;
                masks.extend(std::iter::repeat_n(0, blocks));
                if (ch as u32) < 128 {
                    ascii[ch as usize] = k;
                } else {
                    other.insert(ch, k);
                }
                k
            } else {
                existing
            };
            masks[k as usize * blocks + i / 64] |= 1 << (i % 64);
        }
        Self {
            len,
            blocks,
            ascii,
            other,
            masks,
        }
    }

    fn masks_of(&self, ch: char) -> &[u64] {
        let k = if (ch as u32) < 128 {
            self.ascii[ch as usize]
        } else {
            self.other.get(&ch).copied().unwrap_or(0)
        } as usize;
        &self.masks[k * self.blocks..(k + 1) * self.blocks]
    }

    /// The least edit distance of the pattern to a substring of `text` ending at each
    /// position: `out[j]` is for the substring ending just before `text[j]`… i.e. after
    /// reading `text[..=j]`. With `anchored_start`, substrings must start at `text[0]`
    /// (so `out[j]` is the distance to all of `text[..=j]`).
    pub fn distances(&self, text: &[char], anchored_start: bool) -> Vec<u32> {
        let mut out = Vec::with_capacity(text.len());
        if self.len == 0 {
            out.extend((0..text.len()).map(|j| if anchored_start { j as u32 + 1 } else { 0 }));
            return out;
        }
        let mut pv = vec![!0u64; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        let last_bit = 1u64 << ((self.len - 1) % 64);
        let mut score = self.len as i64;
        for &ch in text {
            let eqs = self.masks_of(ch);
            // The top row is 0 everywhere when the match may start anywhere, and grows by 1
            // per column when it must start at the text's first character.
            let mut carry: i32 = if anchored_start { 1 } else { 0 };
            for b in 0..self.blocks {
                let high = if b + 1 == self.blocks {
                    last_bit
                } else {
                    1 << 63
                };
                carry = advance_block(&mut pv[b], &mut mv[b], eqs[b], carry, high);
            }
            score += i64::from(carry);
            out.push(score.max(0) as u32);
        }
        out
    }
}

/// One column step of one block. `hin` is the horizontal delta entering the block's top
/// row; returns the delta leaving its bottom row (at bit `high`).
#[inline]
fn advance_block(pv: &mut u64, mv: &mut u64, eq: u64, hin: i32, high: u64) -> i32 {
    let mut eq = eq;
    let xv = eq | *mv;
    if hin < 0 {
        eq |= 1;
    }
    let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
    let mut ph = *mv | !(xh | *pv);
    let mut mh = *pv & xh;
    let hout = if ph & high != 0 {
        1
    } else if mh & high != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if hin < 0 {
        mh |= 1;
    } else if hin > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    hout
}

/// An occurrence of a pattern in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Range in the searched text.
    pub range: Range<usize>,
    /// Edit distance between the pattern and `text[range]`.
    pub errors: u32,
}

/// The best occurrences of `pattern` in `text` with at most `max_errors` edits: one per run of
/// nearby end positions (the one with fewest errors), at most `limit`, fewest errors first.
pub fn find_matches(pattern: &[char], text: &[char], max_errors: u32, limit: usize) -> Vec<Match> {
    if pattern.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let forward = Pattern::new(pattern);
    let scores = forward.distances(text, false);
    // Local minima of runs of acceptable end positions.
    let mut ends: Vec<(usize, u32)> = Vec::new();
    let mut j = 0;
    while j < scores.len() {
        if scores[j] > max_errors {
            j += 1;
            continue;
        }
        let mut best = (j, scores[j]);
        while j < scores.len() && scores[j] <= max_errors {
            if scores[j] < best.1 {
                best = (j, scores[j]);
            }
            j += 1;
        }
        ends.push(best);
    }
    ends.sort_by_key(|&(end, errors)| (errors, end));
    ends.truncate(limit);

    let reversed: Vec<char> = pattern.iter().rev().copied().collect();
    let backward = Pattern::new(&reversed);
    let mut matches: Vec<Match> = ends
        .into_iter()
        .map(|(end, errors)| {
            let end = end + 1;
            let from = end.saturating_sub(pattern.len() + errors as usize);
            let window: Vec<char> = text[from..end].iter().rev().copied().collect();
            let back = backward.distances(&window, true);
            // The start whose alignment costs exactly the errors found, closest to the
            // pattern's own length.
            let len = (0..back.len())
                .filter(|&t| back[t] <= errors)
                .min_by_key(|&t| ((t + 1).abs_diff(pattern.len()), t))
                .map_or(pattern.len().min(end), |t| t + 1);
            Match {
                range: end - len..end,
                errors,
            }
        })
        .collect();
    matches.sort_by_key(|m| (m.errors, m.range.start));
    matches
}

/// The edit distance between a pattern and a whole text, in O(text × pattern / 64).
pub fn distance(pattern: &[char], text: &[char]) -> u32 {
    if text.is_empty() {
        return pattern.len() as u32;
    }
    Pattern::new(pattern)
        .distances(text, true)
        .last()
        .copied()
        .unwrap_or(0)
}

/// Plain edit distance between two short strings (contexts), O(a × b).
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// 1 − distance / longer length: 1 for equal strings, 0 for nothing in common.
pub fn similarity(a: &[char], b: &[char]) -> f64 {
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 1.0;
    }
    1.0 - edit_distance(a, b) as f64 / longer as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The textbook dynamic programme: least distance of `p` to a substring ending at each
    /// position of `t` (or to `t[..=j]` when anchored).
    fn naive(p: &[char], t: &[char], anchored: bool) -> Vec<u32> {
        let mut prev: Vec<usize> = (0..=p.len()).collect();
        let mut out = Vec::new();
        for (j, &c) in t.iter().enumerate() {
            let mut cur = vec![if anchored { j + 1 } else { 0 }; p.len() + 1];
            for i in 1..=p.len() {
                let sub = prev[i - 1] + usize::from(p[i - 1] != c);
                cur[i] = sub.min(prev[i] + 1).min(cur[i - 1] + 1);
            }
            out.push(cur[p.len()] as u32);
            prev = cur;
        }
        out
    }

    #[test]
    fn bit_vectors_agree_with_the_textbook_table() {
        // Deterministic pseudo-random strings over a small alphabet, patterns of 1 to 200
        // characters (one to four blocks), both modes.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = chars("abcé 🙂");
        for round in 0..300 {
            let plen = 1 + (next() % if round % 3 == 0 { 200 } else { 70 }) as usize;
            let tlen = (next() % 260) as usize;
            let p: Vec<char> = (0..plen).map(|_| alphabet[(next() % 6) as usize]).collect();
            let t: Vec<char> = (0..tlen).map(|_| alphabet[(next() % 6) as usize]).collect();
            for anchored in [false, true] {
                assert_eq!(
                    Pattern::new(&p).distances(&t, anchored),
                    naive(&p, &t, anchored),
                    "round {round}, anchored {anchored}"
                );
            }
        }
    }

    #[test]
    fn finds_exact_and_approximate_occurrences() {
        let text = chars("The plan is legal, officials said. The plan is lawful.");
        let found = find_matches(&chars("the plan is legal"), &text, 5, 10);
        assert_eq!(
            found[0],
            Match {
                range: 0..17,
                errors: 1
            }
        );
        // The fewest edits stop inside "lawful" (re-anchoring widens to whole words).
        assert_eq!(
            &text[found[1].range.clone()].iter().collect::<String>(),
            "The plan is la"
        );
        assert_eq!(found[1].errors, 4);
        assert_eq!(
            distance(&chars("the plan is legal"), &chars("The plan is lawful")),
            5
        );
        assert!(find_matches(&chars("zzzz"), &text, 1, 10).is_empty());
    }

    #[test]
    fn context_similarity() {
        assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(similarity(&chars(""), &chars("")), 1.0);
        assert!(
            (similarity(&chars("officials, "), &chars("officials said, ")) - 11.0 / 16.0).abs()
                < 1e-9
        );
    }
}
