//! The second stage of a search: re-score the first stage's candidates by how likely each
//! is the same claim as the query, and the tiers the scores fall into.
//!
//! Each candidate gets a few features ([`features`]): how much of the claim the query
//! covers and the other way round (over [`analyze::tokens`] terms, claim and title),
//! adjacent-pair (proximity) overlap, the first-stage BM25 relative to the best candidate,
//! number agreement (a number of the claim missing from a query that has numbers weighs
//! heavily), negation mismatch ("did not sign" vs "signed"), and named words (capitalised
//! in the claim) missing from the query. A logistic model over them gives a score in 0..1
//! that is comparable across queries. The weights ([`WEIGHTS`]) were set on the dev half of
//! `tests/library_eval` (see `benches/library_match.rs`); the tier thresholds too.

use std::collections::HashSet;

use super::Tier;
use super::analyze::{self, Kind, Token};

/// Queries shorter than this (in characters, after trimming) are not matched.
pub const MIN_QUERY_CHARS: usize = 12;

/// Scores at or above this are "likely the same claim".
pub const LIKELY: f32 = 0.6;
/// Scores at or above this (and below [`LIKELY`]) are "possible match".
pub const POSSIBLE: f32 = 0.25;

/// A first-stage result to re-score.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub claim: &'a str,
    pub title: Option<&'a str>,
    /// The first stage's score (BM25; larger is better, not normalised).
    pub first_stage: f32,
}

/// Feature names, in [`features`] order.
pub const FEATURES: [&str; 9] = [
    "claim_covered",
    "query_covered",
    "title_covered",
    "pairs",
    "first_stage_rel",
    "number_missing",
    "number_agrees",
    "negation_mismatch",
    "names_missing",
];

/// Logistic weights for [`FEATURES`], then the bias.
pub const WEIGHTS: [f32; 10] = [4.0, 2.0, 1.0, 1.5, 1.5, -4.0, 0.8, -2.5, -2.5, -4.2];

struct Side {
    terms: Vec<String>,
    set: HashSet<String>,
    numbers: HashSet<String>,
    names: Vec<String>,
    negated: bool,
}

fn side(text: &str, names_ok: bool) -> Side {
    let tokens: Vec<Token> = analyze::tokens(text);
    let terms: Vec<String> = tokens
        .iter()
        .filter(|t| !t.stop)
        .map(|t| t.term.clone())
        .collect();
    Side {
        set: terms.iter().cloned().collect(),
        numbers: tokens
            .iter()
            .filter(|t| t.kind == Kind::Number)
            .map(|t| t.term.clone())
            .collect(),
        names: if names_ok {
            tokens
                .iter()
                .filter(|t| t.capitalized && t.kind == Kind::Word)
                .map(|t| t.term.clone())
                .collect()
        } else {
            Vec::new()
        },
        negated: tokens.iter().any(|t| t.negation),
        terms,
    }
}

fn share(have: &HashSet<String>, of: &HashSet<String>) -> f32 {
    if of.is_empty() {
        return 0.0;
    }
    of.iter().filter(|t| have.contains(*t)).count() as f32 / of.len() as f32
}

fn pairs(terms: &[String]) -> HashSet<(String, String)> {
    let mut out = HashSet::new();
    for i in 0..terms.len() {
        for j in i + 1..terms.len().min(i + 3) {
            let (a, b) = (&terms[i], &terms[j]);
            let key = if a <= b {
                (a.clone(), b.clone())
            } else {
                (b.clone(), a.clone())
            };
            out.insert(key);
        }
    }
    out
}

/// The features of every candidate for `query`, in [`FEATURES`] order.
pub fn features(query: &str, candidates: &[Candidate]) -> Vec<[f32; 9]> {
    let q = side(query, true);
    let q_pairs = pairs(&q.terms);
    let best = candidates
        .iter()
        .map(|c| c.first_stage)
        .fold(0.0f32, f32::max);
    candidates
        .iter()
        .map(|c| {
            let claim = side(c.claim, true);
            let title = c.title.map(|t| side(t, false));
            let claim_covered = share(&q.set, &claim.set);
            let query_covered = {
                let mut both = claim.set.clone();
                if let Some(t) = &title {
                    both.extend(t.set.iter().cloned());
                }
                share(&both, &q.set)
            };
            let title_covered = title.as_ref().map_or(0.0, |t| share(&q.set, &t.set));
            let c_pairs = pairs(&claim.terms);
            let pair_share = if c_pairs.is_empty() {
                0.0
            } else {
                c_pairs.iter().filter(|p| q_pairs.contains(*p)).count() as f32
                    / c_pairs.len() as f32
            };
            let (number_missing, number_agrees) =
                if claim.numbers.is_empty() || q.numbers.is_empty() {
                    (0.0, 0.0)
                } else {
                    let missing = claim
                        .numbers
                        .iter()
                        .filter(|n| !q.numbers.contains(*n))
                        .count() as f32
                        / claim.numbers.len() as f32;
                    (missing, if missing == 0.0 { 1.0 } else { 0.0 })
                };
            let negation_mismatch = if q.negated != claim.negated { 1.0 } else { 0.0 };
            let names_missing = if claim.names.is_empty() {
                0.0
            } else {
                claim.names.iter().filter(|n| !q.set.contains(*n)).count() as f32
                    / claim.names.len() as f32
            };
            [
                claim_covered,
                query_covered,
                title_covered,
                pair_share,
                if best > 0.0 {
                    c.first_stage / best
                } else {
                    0.0
                },
                number_missing,
                number_agrees,
                negation_mismatch,
                names_missing,
            ]
        })
        .collect()
}

/// The logistic score of one feature vector with `weights` (bias last).
pub fn score(f: &[f32; 9], weights: &[f32; 10]) -> f32 {
    let z: f32 = f.iter().zip(weights).map(|(x, w)| x * w).sum::<f32>() + weights[9];
    1.0 / (1.0 + (-z).exp())
}

/// `(index into candidates, score in 0..=1)`, best first.
pub fn rerank(query: &str, candidates: &[Candidate]) -> Vec<(usize, f32)> {
    let mut scored: Vec<(usize, f32)> = features(query, candidates)
        .iter()
        .enumerate()
        .map(|(i, f)| (i, score(f, &WEIGHTS).clamp(0.0, 1.0)))
        .collect();
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(
                candidates[b.0]
                    .first_stage
                    .total_cmp(&candidates[a.0].first_stage),
            )
            .then(a.0.cmp(&b.0))
    });
    scored
}

/// The tier a re-ranked score falls into; `None` below "possible match".
pub fn tier(score: f32) -> Option<Tier> {
    if score >= LIKELY {
        Some(Tier::Likely)
    } else if score >= POSSIBLE {
        Some(Tier::Possible)
    } else {
        None
    }
}
