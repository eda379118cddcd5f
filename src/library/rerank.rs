//! The second stage of a search: re-score the first stage's candidates by how likely each
//! is the same claim as the query, and the tiers the scores fall into.
//!
//! (A first, plain version: the share of the query's distinct terms the candidate has.
//! Matching quality work replaces this body; the signatures are the interface.)

use std::collections::HashSet;

use super::Tier;
use super::analyze::terms;

/// Queries shorter than this (in characters, after trimming) are not matched.
pub const MIN_QUERY_CHARS: usize = 12;

/// A first-stage result to re-score.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub claim: &'a str,
    pub title: Option<&'a str>,
    /// The first stage's score (BM25; larger is better, not normalised).
    pub first_stage: f32,
}

/// `(index into candidates, score in 0..=1)`, best first.
pub fn rerank(query: &str, candidates: &[Candidate]) -> Vec<(usize, f32)> {
    let query: HashSet<String> = terms(query).into_iter().collect();
    let mut scored: Vec<(usize, f32)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut have: HashSet<String> = terms(c.claim).into_iter().collect();
            if let Some(title) = c.title {
                have.extend(terms(title));
            }
            let shared = query.iter().filter(|t| have.contains(*t)).count();
            let union = query.len() + have.len() - shared;
            let score = if union == 0 {
                0.0
            } else {
                shared as f32 / union as f32
            };
            (i, score.clamp(0.0, 1.0))
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

/// The tier a re-ranked score falls into; `None` below "possible match".
pub fn tier(score: f32) -> Option<Tier> {
    if score >= 0.6 {
        Some(Tier::Likely)
    } else if score >= 0.3 {
        Some(Tier::Possible)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_claim_ranks_above_a_different_one() {
        let candidates = [
            Candidate {
                claim: "The council cut the library budget",
                title: None,
                first_stage: 1.0,
            },
            Candidate {
                claim: "Crime rose by 20% in the city last year",
                title: None,
                first_stage: 1.0,
            },
        ];
        let ranked = rerank("crime rose by 20% in the city last year", &candidates);
        assert_eq!(ranked[0].0, 1);
        assert_eq!(tier(ranked[0].1), Some(Tier::Likely));
        assert_eq!(tier(ranked[1].1), None);
    }
}
