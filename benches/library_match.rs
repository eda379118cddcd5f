//! Claim-matching quality on `tests/library_eval` (see its README): plain BM25 (lower-case
//! word tokens of claim and title, k1 = 1.2, b = 0.75) against Factmark's matching
//! (analyzer + BM25 first stage + re-ranker), MAP@5, recall@5 and MRR per split, and the
//! precision and recall of the two tiers — on the first set and on the hard set (its
//! posts against both sets' claims).
//!
//! `cargo bench --bench library_match` prints the figures; `-- --fit` also fits the
//! re-ranker's logistic weights (the ranking ones, and the shown score's, which leave out
//! the relative first-stage score) on the dev splits of both sets (gradient descent on the log
//! loss over the first stage's candidates) and prints them. `cargo test` runs it in a
//! quick mode (the dev split of the first set). `--calibrate` prints precision and recall
//! by score threshold (what the tiers are set from); `--failures` the hard set's misses.

#[path = "../tests/common/library_eval.rs"]
mod library_eval;

use factmark::library::rerank;
use library_eval::{Eval, evaluate, load, load_hard};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = !args.iter().any(|a| a == "--bench");
    let first: Eval = load();
    if quick {
        println!(
            "{}",
            evaluate(&first, "dev", &rerank::MODEL).describe("dev")
        );
        return;
    }
    let hard: Eval = load_hard();
    let weights = if args.iter().any(|a| a == "--fit") {
        let sets = [&first, &hard];
        let rank = library_eval::fit(&sets, "dev", None);
        let score = library_eval::fit(&sets, "dev", Some(rerank::RELATIVE_FEATURE));
        println!("fitted weights:\n  rank:  {rank:?}\n  score: {score:?}");
        rerank::Model { rank, score }
    } else {
        rerank::MODEL
    };
    if args.iter().any(|a| a == "--calibrate") {
        println!("dev splits of both sets:");
        for line in library_eval::calibration(&[&first, &hard], "dev", &weights) {
            println!("{line}");
        }
    }
    if args.iter().any(|a| a == "--failures") {
        for line in library_eval::failures(&hard, "dev", &weights) {
            println!("{line}");
        }
    }
    for (name, eval) in [("first set", &first), ("hard set", &hard)] {
        for split in ["dev", "test"] {
            println!(
                "{name}, {}",
                evaluate(eval, split, &weights).describe(split)
            );
        }
    }
}
