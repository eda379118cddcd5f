//! The second stage of a search: re-score the first stage's candidates by how likely each
//! is the same claim as the query, and the tiers the scores fall into.
//!
//! Each candidate gets a few features ([`features`]): how much of the claim the query
//! covers and the other way round (over [`analyze::tokens`] terms, claim and title),
//! adjacent-pair (proximity) overlap, the first-stage BM25 relative to the best candidate,
//! number agreement, and three contradictions — a number of the claim missing where the
//! query gives a different one (18% / 80%), a negation on a shared word on one side only
//! ("did not sign" / "signed"), and none of the claim's named words in the query (Harris /
//! O'Rourke). A logistic model over them gives a score in 0..1 that is comparable across
//! queries. The weights ([`WEIGHTS`]) and the tier thresholds were fitted on the dev
//! halves of `tests/library_eval` (`cargo bench --bench library_match -- --fit
//! --calibrate`). The fitted contradiction weights are mild, since they only reorder near
//! misses; what keeps a near miss from being called the same claim is the cap: a candidate
//! with a contradiction is never "likely the same claim" ([`final_score`]).

use std::collections::HashSet;

use super::Tier;
use super::analyze::{self, Kind, Token};

/// Queries shorter than this (in characters, after trimming) are not matched.
pub const MIN_QUERY_CHARS: usize = 12;

/// A result is "likely the same claim" when its score is at least this and its
/// confidence at least [`LIKELY_CONFIDENCE`]; it is a "possible match" when its score is
/// at least [`POSSIBLE`]. Calibrated on the dev splits of both evaluation sets
/// (`cargo bench --bench library_match -- --calibrate`; figures in the README).
pub const LIKELY: f32 = 0.5;
pub const LIKELY_CONFIDENCE: f32 = 0.3;
pub const POSSIBLE: f32 = 0.1;

/// A first-stage result to re-score.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub claim: &'a str,
    pub title: Option<&'a str>,
    /// The first stage's score (BM25; larger is better, not normalised).
    pub first_stage: f32,
}

/// How many features [`features`] gives.
pub const N_FEATURES: usize = 11;
/// One candidate's features, in [`FEATURES`] order.
pub type Features = [f32; N_FEATURES];
/// Logistic weights for [`FEATURES`], then the bias.
pub type Weights = [f32; N_FEATURES + 1];

/// Feature names, in [`features`] order.
pub const FEATURES: [&str; N_FEATURES] = [
    "claim_covered",
    "query_covered",
    "title_covered",
    "pairs",
    "first_stage_rel",
    "number_missing",
    "number_agrees",
    "negation_mismatch",
    "names_missing",
    "number_conflict",
    "names_conflict",
];

/// Indices of the contradiction features in [`FEATURES`].
pub const CONTRADICTIONS: [usize; 3] = [7, 9, 10];

/// Logistic weights for [`FEATURES`], then the bias: fitted on the dev splits of both
/// evaluation sets (`cargo bench --bench library_match -- --fit`), rounded.
pub const WEIGHTS: Weights = [
    2.53, 1.39, 0.78, 0.02, 8.32, 0.35, 0.79, -1.07, 0.04, -1.36, -0.37, -9.82,
];

/// The weights of the confidence: the same features but the first-stage score, which is
/// relative to the best candidate and so says nothing about whether the best is the same
/// claim (fitted like [`WEIGHTS`], with it left out).
pub const SCORE_WEIGHTS: Weights = [
    5.40, 4.15, 2.60, -0.08, 0.0, 0.90, 1.11, -1.39, 0.38, -2.16, -0.65, -6.72,
];

/// The feature the shown score leaves out.
pub const RELATIVE_FEATURE: usize = 4;

/// The highest score a candidate with a contradiction can have: "possible match".
const CONTRADICTED_CAP: f32 = LIKELY - 0.05;

struct Side {
    terms: Vec<String>,
    set: HashSet<String>,
    numbers: HashSet<String>,
    names: Vec<String>,
    /// The first content term after each negation ("did not *sign*", "never *signed*").
    negated: Vec<String>,
}

fn side(text: &str, names_ok: bool) -> Side {
    let tokens: Vec<Token> = analyze::tokens(text);
    let terms: Vec<String> = tokens
        .iter()
        .filter(|t| !t.stop)
        .map(|t| t.term.clone())
        .collect();
    let mut negated = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.negation {
            continue;
        }
        // Within the next three tokens, the first that is neither a stop word nor a
        // negation: "did not even sign", "wasn't ever signed".
        if let Some(next) = tokens[i + 1..]
            .iter()
            .take(3)
            .find(|n| !n.stop && !n.negation)
        {
            negated.push(next.term.clone());
        }
    }
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
        negated,
        terms,
    }
}

/// Whether `a` negates a word that `b` has without negating it: a negation counts only on
/// a word both sides share, so "don't believe the lies: the governor signed it" is not a
/// negation of "the governor signed the bill".
fn negates_other(a: &Side, b: &Side) -> bool {
    a.negated
        .iter()
        .any(|w| b.set.contains(w) && !b.negated.contains(w))
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
pub fn features(query: &str, candidates: &[Candidate]) -> Vec<Features> {
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
            let (number_missing, number_agrees, number_conflict) =
                if claim.numbers.is_empty() || q.numbers.is_empty() {
                    (0.0, 0.0, 0.0)
                } else {
                    let missing = claim
                        .numbers
                        .iter()
                        .filter(|n| !q.numbers.contains(*n))
                        .count() as f32
                        / claim.numbers.len() as f32;
                    // A number of the claim is not in the query and the query has one the
                    // claim lacks: a different figure, not a missing one.
                    let other = q.numbers.iter().any(|n| !claim.numbers.contains(n));
                    (
                        missing,
                        if missing == 0.0 { 1.0 } else { 0.0 },
                        if missing > 0.0 && other { 1.0 } else { 0.0 },
                    )
                };
            let negation_mismatch = if negates_other(&q, &claim) || negates_other(&claim, &q) {
                1.0
            } else {
                0.0
            };
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
                number_conflict,
                if names_missing >= 1.0 { 1.0 } else { 0.0 },
            ]
        })
        .collect()
}

/// The logistic score of one feature vector with `weights` (bias last).
pub fn score(f: &Features, weights: &Weights) -> f32 {
    let z: f32 = f.iter().zip(weights).map(|(x, w)| x * w).sum::<f32>() + weights[N_FEATURES];
    1.0 / (1.0 + (-z).exp())
}

/// The score a match is ranked and tiered by: [`score`], capped at "possible match" when
/// the candidate contradicts the query.
pub fn final_score(f: &Features, weights: &Weights) -> f32 {
    let s = score(f, weights).clamp(0.0, 1.0);
    if CONTRADICTIONS.iter().any(|&i| f[i] > 0.0) {
        s.min(CONTRADICTED_CAP)
    } else {
        s
    }
}

/// The two sets of weights of the re-ranker: one to order (and score) candidates, one for
/// the confidence that "likely the same claim" also needs.
#[derive(Clone, Copy, Debug)]
pub struct Model {
    pub rank: Weights,
    pub score: Weights,
}

/// The weights Factmark ships.
pub const MODEL: Model = Model {
    rank: WEIGHTS,
    score: SCORE_WEIGHTS,
};

/// One ordered candidate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    /// Index into the candidates.
    pub index: usize,
    /// The ranking model's score, in 0..=1: what is shown, and what the order is by.
    pub score: f32,
    /// The score model's (no relative first stage): how sure we are of this candidate on
    /// its own, whatever the others are.
    pub confidence: f32,
}

/// Order candidates by `model.rank`, best first; ties go to the higher first stage, then
/// the earlier candidate. Both scores are capped by [`final_score`].
pub fn order(feats: &[Features], first_stage: &[f32], model: &Model) -> Vec<Ranked> {
    let mut scored: Vec<(usize, f32, f32)> = feats
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut g = *f;
            g[RELATIVE_FEATURE] = 0.0;
            (
                i,
                final_score(f, &model.rank),
                final_score(&g, &model.score),
            )
        })
        .collect();
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(first_stage[b.0].total_cmp(&first_stage[a.0]))
            .then(a.0.cmp(&b.0))
    });
    scored
        .into_iter()
        .map(|(index, score, confidence)| Ranked {
            index,
            score,
            confidence,
        })
        .collect()
}

/// The candidates re-ranked, best first.
pub fn rerank(query: &str, candidates: &[Candidate]) -> Vec<Ranked> {
    let feats = features(query, candidates);
    let first: Vec<f32> = candidates.iter().map(|c| c.first_stage).collect();
    order(&feats, &first, &MODEL)
}

/// The tier a ranked candidate falls into; `None` below "possible match". "Likely the
/// same claim" needs both scores: the ranking score alone would call the best of a few
/// unrelated candidates likely, since part of it is relative to the others.
pub fn tier(ranked: &Ranked) -> Option<Tier> {
    if ranked.score >= LIKELY && ranked.confidence >= LIKELY_CONFIDENCE {
        Some(Tier::Likely)
    } else if ranked.score >= POSSIBLE {
        Some(Tier::Possible)
    } else {
        None
    }
}
