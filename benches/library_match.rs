//! Claim-matching quality on `tests/library_eval` (see its README): plain BM25 (lower-case
//! word tokens of claim and title, k1 = 1.2, b = 0.75) against Factmark's matching
//! (analyzer + BM25 first stage + re-ranker), MAP@5, recall@5 and MRR per split, and the
//! precision and recall of the two tiers.
//!
//! `cargo bench --bench library_match` prints the figures; `-- --fit` also fits the
//! re-ranker's logistic weights on the dev split (gradient descent on the log loss over the
//! first stage's candidates) and prints them. `cargo test` runs it in a quick mode.

#[path = "../tests/common/library_eval.rs"]
mod library_eval;

use factmark::library::rerank;
use library_eval::{Eval, evaluate, load};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = !args.iter().any(|a| a == "--bench");
    let eval: Eval = load();
    if args.iter().any(|a| a == "--fit") {
        let w = library_eval::fit(&eval, "dev");
        println!("fitted weights: {w:?}");
    }
    for split in ["dev", "test"] {
        let r = evaluate(&eval, split, &rerank::WEIGHTS);
        println!("{}", r.describe(split));
        if quick {
            break;
        }
    }
}
