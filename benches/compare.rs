//! Comparing two checkers' 10,000-annotation projects of one 2 MB article: the second
//! checker's copy has a quarter of the spans moved by a word or so, some kinds and verdicts
//! changed, some spans left out and others added. Prints `bench compare.ms=…` (median of a
//! few runs) and the figures. The target is 200 ms.
//!
//! Run with `cargo bench --bench compare`.

use std::time::Instant;

use factmark::compare::{DisagreementKind, compare};
use factmark::model::{ArticleState, CONTEXT_CHARS, Kind, Project, Verdict};
use factmark::synthetic::{self, Rng};

const TARGET_BYTES: usize = 2 * 1024 * 1024;
const ANNOTATIONS: usize = 10_000;

/// The other checker's project: the same article, the annotations changed here and there.
fn other_checker(a: &Project, rng: &mut Rng) -> Project {
    let text = &a.article().text;
    let len = text.len_chars();
    let mut annotations = Vec::with_capacity(ANNOTATIONS);
    for (n, x) in a.annotations().iter().enumerate() {
        if rng.chance(5) {
            continue; // Not marked by B.
        }
        let mut y = x.clone();
        y.id = format!("b{n:05}");
        y.claims.clear();
        if rng.chance(25) {
            // A few characters more or less at either end.
            let start = (y.start + rng.range(0, 6)).saturating_sub(3);
            let end = (y.end + rng.range(0, 6)).saturating_sub(3).min(len);
            if end > start + 1 {
                y.start = start;
                y.end = end;
            }
        }
        if rng.chance(5) {
            y.kind = Kind::ALL[rng.range(0, 3)];
        }
        if y.kind == Kind::Claim {
            if rng.chance(20) || x.kind != Kind::Claim {
                y.verdict = Some(Verdict::ALL[rng.range(0, Verdict::ALL.len())]);
            }
        } else {
            y.verdict = None;
            y.record = Default::default();
        }
        let range = text.snap_to_graphemes(y.start..y.end);
        y.start = range.start;
        y.end = range.end;
        y.quote = text.slice(range.clone()).unwrap_or_default().to_string();
        y.prefix = text.context_before(range.start, CONTEXT_CHARS).to_string();
        y.suffix = text.context_after(range.end, CONTEXT_CHARS).to_string();
        annotations.push(y);
    }
    // Spans only B marked.
    for n in 0..ANNOTATIONS / 20 {
        let start = rng.range(0, len - 200);
        let a = a
            .make_annotation(
                Kind::Source,
                start..start + rng.range(20, 150),
                None,
                "2026-11-26T09:00:00Z",
            )
            .expect("in the text");
        annotations.push(factmark::model::Annotation {
            id: format!("extra{n:05}"),
            ..a
        });
    }
    let state = ArticleState {
        annotations,
        ..a.article_state()
    };
    Project::from_state(
        a.created.clone(),
        a.modified.clone(),
        state,
        Default::default(),
    )
    .expect("the second checker's project follows the rules")
}

fn main() {
    let a = synthetic::project(TARGET_BYTES, ANNOTATIONS, 11);
    let b = other_checker(&a, &mut Rng::new(29));
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..7 {
        let started = Instant::now();
        let c = compare(&a, &b).expect("same article");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        last = Some(c);
    }
    times.sort_by(f64::total_cmp);
    let c = last.unwrap();
    println!(
        "projects: {} and {} annotations over {:.2} MB",
        c.a.annotations,
        c.b.annotations,
        a.article().text.len_bytes() as f64 / 1_048_576.0
    );
    println!(
        "matches: {} exact, {} by overlap; {} only in A, {} only in B",
        c.exact_matches(),
        c.overlap_only_matches(),
        c.only_a.len(),
        c.only_b.len()
    );
    println!(
        "span F1 exact {} overlap {}; kinds kappa {}; verdicts kappa {} weighted {}",
        c.spans.exact.f1.short(),
        c.spans.overlap.f1.short(),
        c.kinds.kappa.short(),
        c.verdicts.kappa.short(),
        c.verdicts.weighted_kappa.short()
    );
    let counts: Vec<String> = DisagreementKind::ALL
        .iter()
        .map(|&k| format!("{} {}", k.as_str(), c.count(k)))
        .collect();
    println!(
        "disagreements: {} ({})",
        c.disagreements.len(),
        counts.join(", ")
    );
    println!(
        "bench compare.ms={:.1} (target 200)",
        times[times.len() / 2]
    );
    println!("bench compare_max.ms={:.1}", times[times.len() - 1]);
}
