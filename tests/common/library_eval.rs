//! Shared by `benches/library_match.rs` and `tests/library_match.rs`: the evaluation set in
//! `tests/library_eval`, a plain BM25 baseline, Factmark's matching run in process (the
//! analyzer, a BM25 first stage over its terms like the library's, the re-ranker), the
//! metrics, and the weight fitting.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use factmark::library::analyze;
use factmark::library::rerank::{self, Candidate};
use factmark::library::{FIRST_STAGE, Tier};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Claim {
    pub id: String,
    pub claim: String,
    pub title: Option<String>,
}

#[derive(Deserialize)]
pub struct Query {
    pub id: String,
    pub split: String,
    pub text: String,
    pub relevant: Vec<String>,
}

pub struct Eval {
    pub claims: Vec<Claim>,
    pub queries: Vec<Query>,
}

fn jsonl<T: for<'a> Deserialize<'a>>(name: &str) -> Vec<T> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/library_eval")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("eval line"))
        .collect()
}

/// The first set: its claims and queries.
pub fn load() -> Eval {
    Eval {
        claims: jsonl("claims.jsonl"),
        queries: jsonl("queries.jsonl"),
    }
}

/// The hard set: its queries against a library of both sets' claims (762), so the first
/// set's claims are distractors too.
pub fn load_hard() -> Eval {
    let mut claims: Vec<Claim> = jsonl("claims.jsonl");
    claims.extend(jsonl::<Claim>("hard_claims.jsonl"));
    Eval {
        claims,
        queries: jsonl("hard_queries.jsonl"),
    }
}

/// BM25 (k1 = 1.2, b = 0.75) over pre-tokenised documents.
pub struct Bm25 {
    docs: Vec<HashMap<String, f32>>,
    lens: Vec<f32>,
    avg: f32,
    df: HashMap<String, f32>,
}

impl Bm25 {
    pub fn new(docs: Vec<Vec<String>>) -> Bm25 {
        let lens: Vec<f32> = docs.iter().map(|d| d.len() as f32).collect();
        let avg = lens.iter().sum::<f32>() / lens.len().max(1) as f32;
        let mut df: HashMap<String, f32> = HashMap::new();
        let docs: Vec<HashMap<String, f32>> = docs
            .into_iter()
            .map(|d| {
                let mut tf = HashMap::new();
                for t in d {
                    *tf.entry(t).or_insert(0.0) += 1.0;
                }
                for t in tf.keys() {
                    *df.entry(t.clone()).or_insert(0.0) += 1.0;
                }
                tf
            })
            .collect();
        Bm25 {
            docs,
            lens,
            avg,
            df,
        }
    }

    /// The best `k` documents for `query`, best first.
    pub fn search(&self, query: &[String], k: usize) -> Vec<(usize, f32)> {
        let n = self.docs.len() as f32;
        let mut scored: Vec<(usize, f32)> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, tf)| {
                let mut s = 0.0;
                for q in query {
                    let Some(f) = tf.get(q) else { continue };
                    let d = self.df[q];
                    let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
                    s += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * self.lens[i] / self.avg));
                }
                (s > 0.0).then_some((i, s))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(k);
        scored
    }
}

/// Plain tokens for the baseline: lower-case alphanumeric runs.
pub fn plain(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn doc_text(c: &Claim) -> String {
    format!("{} {}", c.claim, c.title.as_deref().unwrap_or(""))
}

/// Ours: first-stage candidates for a query, then their features.
pub fn candidates(_eval: &Eval, index: &Bm25, text: &str) -> Vec<(usize, f32)> {
    if text.trim().chars().count() < rerank::MIN_QUERY_CHARS {
        return Vec::new();
    }
    index.search(&analyze::terms(text), FIRST_STAGE)
}

fn ours_index(eval: &Eval) -> Bm25 {
    Bm25::new(
        eval.claims
            .iter()
            .map(|c| {
                let mut t = analyze::terms(&c.claim);
                if let Some(title) = &c.title {
                    t.extend(analyze::terms(title));
                }
                t
            })
            .collect(),
    )
}

/// Ours, ordered: `(claim index, ranked)`, best first.
fn ranked(
    text: &str,
    found: &[(usize, f32)],
    cs: &[Candidate],
    model: &rerank::Model,
) -> Vec<(usize, rerank::Ranked)> {
    let feats = rerank::features(text, cs);
    let first: Vec<f32> = found.iter().map(|f| f.1).collect();
    rerank::order(&feats, &first, model)
        .into_iter()
        .map(|r| (found[r.index].0, r))
        .collect()
}

fn cands<'a>(eval: &'a Eval, found: &[(usize, f32)]) -> Vec<Candidate<'a>> {
    found
        .iter()
        .map(|&(i, s)| Candidate {
            claim: &eval.claims[i].claim,
            title: eval.claims[i].title.as_deref(),
            first_stage: s,
        })
        .collect()
}

#[derive(Default, Debug)]
pub struct Scores {
    pub queries: usize,
    pub map5: f64,
    pub recall5: f64,
    pub mrr: f64,
}

fn add(s: &mut Scores, ranked_ids: &[&str], relevant: &[String]) {
    s.queries += 1;
    let mut hits = 0.0;
    let mut ap = 0.0;
    let mut rr = 0.0;
    for (k, id) in ranked_ids.iter().enumerate() {
        if relevant.iter().any(|r| r == id) {
            if rr == 0.0 {
                rr = 1.0 / (k + 1) as f64;
            }
            if k < 5 {
                hits += 1.0;
                ap += hits / (k + 1) as f64;
            }
        }
    }
    s.map5 += ap / relevant.len().min(5) as f64;
    s.recall5 += hits / relevant.len() as f64;
    s.mrr += rr;
}

fn finish(mut s: Scores) -> Scores {
    let n = s.queries.max(1) as f64;
    s.map5 /= n;
    s.recall5 /= n;
    s.mrr /= n;
    s
}

#[derive(Debug)]
pub struct Report {
    pub bm25: Scores,
    pub ours: Scores,
    /// Ours counting only results the tiers return (what `library search` prints).
    pub ours_tiered: Scores,
    /// (correct, returned) results in the likely tier, and in likely + possible.
    pub likely: (usize, usize),
    pub possible: (usize, usize),
    /// Queries with a relevant claim whose claim came back likely / in either tier.
    pub likely_found: usize,
    pub any_found: usize,
    /// Queries with no relevant claim that got any tiered result / a likely one.
    pub none_queries: usize,
    pub none_with_results: usize,
    pub none_with_likely: usize,
}

impl Report {
    pub fn describe(&self, split: &str) -> String {
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        format!(
            "{split}: {} queries with a match, {} without\n  BM25     MAP@5 {:.3}  recall@5 {:.3}  MRR {:.3}\n  Factmark MAP@5 {:.3}  recall@5 {:.3}  MRR {:.3}  (tiered output: MAP@5 {:.3} recall@5 {:.3})\n  likely: precision {:.1}% ({}/{}), recall {:.1}%; likely+possible: precision {:.1}% ({}/{}), recall {:.1}%\n  no-match queries: {} got a result, {} a likely one",
            self.ours.queries,
            self.none_queries,
            self.bm25.map5,
            self.bm25.recall5,
            self.bm25.mrr,
            self.ours.map5,
            self.ours.recall5,
            self.ours.mrr,
            self.ours_tiered.map5,
            self.ours_tiered.recall5,
            pct(self.likely.0, self.likely.1),
            self.likely.0,
            self.likely.1,
            pct(self.likely_found, self.ours.queries),
            pct(self.possible.0, self.possible.1),
            self.possible.0,
            self.possible.1,
            pct(self.any_found, self.ours.queries),
            self.none_with_results,
            self.none_with_likely,
        )
    }
}

pub fn evaluate(eval: &Eval, split: &str, model: &rerank::Model) -> Report {
    let baseline = Bm25::new(eval.claims.iter().map(|c| plain(&doc_text(c))).collect());
    let index = ours_index(eval);
    let mut bm25 = Scores::default();
    let mut ours = Scores::default();
    let mut tiered = Scores::default();
    let mut r = Report {
        bm25: Scores::default(),
        ours: Scores::default(),
        ours_tiered: Scores::default(),
        likely: (0, 0),
        possible: (0, 0),
        likely_found: 0,
        any_found: 0,
        none_queries: 0,
        none_with_results: 0,
        none_with_likely: 0,
    };
    for q in eval.queries.iter().filter(|q| q.split == split) {
        let found = candidates(eval, &index, &q.text);
        let cs = cands(eval, &found);
        let mut ranked = ranked(&q.text, &found, &cs, model);
        ranked.truncate(5);
        let relevant = |i: usize| q.relevant.contains(&eval.claims[i].id);
        let tiers: Vec<(usize, Tier)> = ranked
            .iter()
            .filter_map(|(i, r)| rerank::tier(r).map(|t| (*i, t)))
            .collect();
        if q.relevant.is_empty() {
            r.none_queries += 1;
            r.none_with_results += usize::from(!tiers.is_empty());
            r.none_with_likely += usize::from(tiers.iter().any(|t| t.1 == Tier::Likely));
        } else {
            let base: Vec<&str> = baseline
                .search(&plain(&q.text), 5)
                .iter()
                .map(|&(i, _)| eval.claims[i].id.as_str())
                .collect();
            add(&mut bm25, &base, &q.relevant);
            let ids: Vec<&str> = ranked
                .iter()
                .map(|&(i, _)| eval.claims[i].id.as_str())
                .collect();
            add(&mut ours, &ids, &q.relevant);
            let tids: Vec<&str> = tiers
                .iter()
                .map(|&(i, _)| eval.claims[i].id.as_str())
                .collect();
            add(&mut tiered, &tids, &q.relevant);
            r.likely_found +=
                usize::from(tiers.iter().any(|&(i, t)| t == Tier::Likely && relevant(i)));
            r.any_found += usize::from(tiers.iter().any(|&(i, _)| relevant(i)));
        }
        for &(i, t) in &tiers {
            let ok = usize::from(relevant(i));
            if t == Tier::Likely {
                r.likely.0 += ok;
                r.likely.1 += 1;
            }
            r.possible.0 += ok;
            r.possible.1 += 1;
        }
    }
    r.bm25 = finish(bm25);
    r.ours = finish(ours);
    r.ours_tiered = finish(tiered);
    r
}

/// Fit the logistic weights on `split` of every set by gradient descent on the log loss
/// over every query's first-stage candidates (relevant = 1), with a little L2;
/// `leave_out` names a feature to fit without (its weight stays 0).
pub fn fit(evals: &[&Eval], split: &str, leave_out: Option<usize>) -> rerank::Weights {
    let mut rows: Vec<(rerank::Features, f32)> = Vec::new();
    for eval in evals {
        let index = ours_index(eval);
        for q in eval.queries.iter().filter(|q| q.split == split) {
            let found = candidates(eval, &index, &q.text);
            let cs = cands(eval, &found);
            for (k, mut f) in rerank::features(&q.text, &cs).into_iter().enumerate() {
                if let Some(j) = leave_out {
                    f[j] = 0.0;
                }
                let y = f32::from(q.relevant.contains(&eval.claims[found[k].0].id));
                rows.push((f, y));
            }
        }
    }
    let mut w = rerank::WEIGHTS;
    if let Some(j) = leave_out {
        w[j] = 0.0;
    }
    let n = rows.len().max(1) as f32;
    for _ in 0..3000 {
        let mut g = [0.0f32; rerank::N_FEATURES + 1];
        for (f, y) in &rows {
            let p = rerank::score(f, &w);
            let e = p - y;
            for j in 0..rerank::N_FEATURES {
                g[j] += e * f[j];
            }
            g[rerank::N_FEATURES] += e;
        }
        for j in 0..=rerank::N_FEATURES {
            let l2 = if j < rerank::N_FEATURES {
                0.001 * w[j]
            } else {
                0.0
            };
            w[j] -= 2.0 * (g[j] / n * 10.0 + l2);
        }
    }
    w
}

/// The queries of `split` whose relevant claim is not ranked first by ours, with the rank
/// BM25 gives it: what to look at when changing the matching.
pub fn failures(eval: &Eval, split: &str, model: &rerank::Model) -> Vec<String> {
    let baseline = Bm25::new(eval.claims.iter().map(|c| plain(&doc_text(c))).collect());
    let index = ours_index(eval);
    let mut out = Vec::new();
    for q in eval
        .queries
        .iter()
        .filter(|q| q.split == split && !q.relevant.is_empty())
    {
        let found = candidates(eval, &index, &q.text);
        let cs = cands(eval, &found);
        let ranked = ranked(&q.text, &found, &cs, model);
        let rank_in = |list: &[usize]| {
            list.iter()
                .position(|&i| q.relevant.contains(&eval.claims[i].id))
                .map_or("-".to_string(), |p| (p + 1).to_string())
        };
        let ids = |list: &[(usize, f32)]| list.iter().map(|x| x.0).collect::<Vec<_>>();
        let ours = rank_in(&ranked.iter().map(|x| x.0).collect::<Vec<_>>());
        if ours == "1" {
            continue;
        }
        let bm25 = rank_in(&ids(&baseline.search(&plain(&q.text), 80)));
        let first_stage = rank_in(&ids(&found));
        let feats = rerank::features(&q.text, &cs);
        let top = ranked
            .iter()
            .take(3)
            .map(|(i, r)| {
                format!(
                    "{:.3}/{:.3} {:?} {}",
                    r.score,
                    r.confidence,
                    feats[r.index].map(|x| (x * 100.0).round() / 100.0),
                    eval.claims[*i].claim
                )
            })
            .collect::<Vec<_>>()
            .join("\n        ");
        let want = q
            .relevant
            .first()
            .and_then(|id| eval.claims.iter().find(|c| &c.id == id))
            .map_or("", |c| c.claim.as_str());
        out.push(format!(
            "{} ours {ours} (first stage {first_stage}) bm25 {bm25}\n  post: {}\n  want: {want}\n  got:  {top}",
            q.id, q.text
        ));
    }
    out
}

/// Precision and recall over the top-5 results of `split` of every set: of "score >=
/// t" for a few t (the possible tier), and of "score >= LIKELY and confidence >= c" for
/// a few c (the likely tier). What the tier thresholds are chosen from.
pub fn calibration(evals: &[&Eval], split: &str, model: &rerank::Model) -> Vec<String> {
    let mut results: Vec<(rerank::Ranked, bool)> = Vec::new();
    let mut relevant_total = 0;
    for eval in evals {
        let index = ours_index(eval);
        for q in eval.queries.iter().filter(|q| q.split == split) {
            relevant_total += q.relevant.len();
            let found = candidates(eval, &index, &q.text);
            let cs = cands(eval, &found);
            let ranked = ranked(&q.text, &found, &cs, model);
            for (i, r) in ranked.iter().take(5) {
                results.push((*r, q.relevant.contains(&eval.claims[*i].id)));
            }
        }
    }
    let line = |name: String, keep: &dyn Fn(&rerank::Ranked) -> bool| {
        let kept: Vec<bool> = results.iter().filter(|r| keep(&r.0)).map(|r| r.1).collect();
        let right = kept.iter().filter(|&&r| r).count();
        format!(
            "  {name}: precision {:.1}% ({right}/{}), recall {:.1}%",
            100.0 * right as f64 / kept.len().max(1) as f64,
            kept.len(),
            100.0 * right as f64 / relevant_total.max(1) as f64
        )
    };
    let mut out = Vec::new();
    for t in [0.03f32, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5] {
        out.push(line(format!("score >= {t:.2}"), &|r| r.score >= t));
    }
    for c in [0.2f32, 0.3, 0.4, 0.5, 0.6, 0.7] {
        out.push(line(
            format!("score >= {:.2} and confidence >= {c:.2}", rerank::LIKELY),
            &|r| r.score >= rerank::LIKELY && r.confidence >= c,
        ));
    }
    out
}
