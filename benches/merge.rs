//! Merging two checkers' versions of a 2 MB article with 10,000 annotations: each side
//! edits notes and verdicts of a tenth of them (some the same, so there are conflicts),
//! deletes a few and adds 500. Also with the article text updated on one side, so the
//! other side's new annotations are re-anchored onto it.
//! Prints `bench merge.ms=…` (median of a few runs).
//!
//! Run with `cargo bench --bench merge`.

use std::time::Instant;

use factmark::merge::merge;
use factmark::model::{Kind, Project, Verdict};
use factmark::reanchor::update_article_text;
use factmark::synthetic::{self, Rng};

const TARGET_BYTES: usize = 2 * 1024 * 1024;
const ANNOTATIONS: usize = 10_000;
const LATER: &str = "2026-11-27T10:00:00Z";

/// One checker's round of work on `base`.
fn edit_side(base: &Project, seed: u64, side: &str) -> Project {
    let mut p = base.clone();
    let mut rng = Rng::new(seed);
    let ids: Vec<String> = p.annotations().iter().map(|a| a.id.clone()).collect();
    for (n, id) in ids.iter().enumerate() {
        if !rng.chance(10) {
            continue;
        }
        let edit = if p.find(id).is_some_and(|a| a.kind == Kind::Claim) && rng.chance(50) {
            p.edit_set_verdict(id, Some(Verdict::ALL[n % Verdict::ALL.len()]), LATER)
        } else {
            p.edit_set_note(id, &format!("{side}: checked {n}"), LATER)
        };
        if let Some(edit) = edit {
            p.apply(&edit).expect("the edit applies");
        }
    }
    for _ in 0..ANNOTATIONS / 100 {
        let id = &ids[rng.range(0, ids.len())];
        if let Some(edit) = p.edit_remove(id, LATER) {
            p.apply(&edit).expect("the removal applies");
        }
    }
    let len = p.article().text.len_chars();
    for n in 0..500 {
        let start = rng.range(0, len - 200);
        let end = start + rng.range(5, 150);
        if let Ok(mut a) = p.make_annotation(Kind::Claim, start..end, None, LATER) {
            a.id = format!("{side}-{n}");
            a.note = format!("{side} added {n}");
            p.apply(&factmark::model::Edit::Add(a))
                .expect("the addition applies");
        }
    }
    p.modified = LATER.to_string();
    p
}

fn time(runs: usize, mut f: impl FnMut()) -> Vec<f64> {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times
}

fn main() {
    // `cargo bench` passes --bench; anything else is a quick run.
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 7 } else { 1 };
    let base = synthetic::project(TARGET_BYTES, ANNOTATIONS, 14);
    let ours = edit_side(&base, 1, "ours");
    let theirs = edit_side(&base, 2, "theirs");

    let out = merge(&base, &ours, &theirs).expect("the sides merge");
    println!(
        "merged {} + {} annotations (base {}): {} in the result, {} conflicts",
        ours.annotations().len(),
        theirs.annotations().len(),
        base.annotations().len(),
        out.project.annotations().len() + out.project.needs_review().len(),
        out.conflicts.len()
    );
    let times = time(runs, || {
        std::hint::black_box(merge(&base, &ours, &theirs).expect("the sides merge"));
    });
    println!("bench merge.ms={:.1}", times[times.len() / 2]);
    println!("bench merge_fastest.ms={:.1}", times[0]);

    // Theirs updated the article: a paragraph added at the top, a sentence changed.
    let mut text = base.article().text.as_str().to_string();
    text.insert_str(
        0,
        "Correction: an earlier version misstated the budget figures.\n",
    );
    if let Some(at) = text.find(" the ") {
        text.replace_range(at..at + 5, " a ");
    }
    let mut updated = theirs.clone();
    let update = update_article_text(&updated, &text, updated.article().metadata.clone(), LATER);
    updated.apply(&update.edit).expect("the update applies");
    let out = merge(&base, &ours, &updated).expect("the sides merge");
    println!(
        "text changed on their side: {} of our annotations re-anchored, {} conflicts, {} need review",
        out.reanchored,
        out.conflicts.len(),
        out.project.needs_review().len()
    );
    let times = time(runs, || {
        std::hint::black_box(merge(&base, &ours, &updated).expect("the sides merge"));
    });
    println!("bench merge_text_changed.ms={:.1}", times[times.len() / 2]);
}
