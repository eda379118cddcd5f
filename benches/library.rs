//! The claim library at scale: adding ClaimReview feeds, searching in process, a whole
//! `factmark library search` process, a million claims, and the size on disk.
//!
//! Claims are generated from the vocabulary of the evaluation set (`tests/library_eval`),
//! with words drawn on a Zipf-like curve plus numbers, so posting lists are as skewed as a
//! real feed's; queries are the evaluation set's posts. Targets (issue 12): 10,000 adds
//! ≤ 5 s, search over 10,000 ≤ 20 ms median, a process ≤ 100 ms, search over 1,000,000
//! ≤ 100 ms, disk ≤ 2× the feeds.
//!
//! `cargo bench --bench library` runs all of it (the million takes a few minutes);
//! `-- --no-million` skips that part. `cargo test` runs a quick mode (2,000 claims).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use factmark::library::Library;
use factmark::synthetic::Rng;
use serde_json::{Value, json};

#[derive(serde::Deserialize)]
struct EvalLine {
    #[serde(default)]
    claim: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

fn eval_lines(name: &str) -> Vec<EvalLine> {
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

/// Words of the evaluation claims, most frequent first (ties by first appearance).
fn vocabulary(claims: &[EvalLine]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for c in claims {
        let text = format!(
            "{} {}",
            c.claim.as_deref().unwrap_or(""),
            c.title.as_deref().unwrap_or("")
        );
        for w in text.split_whitespace() {
            let w: String = w.trim_matches(|ch: char| !ch.is_alphanumeric()).to_string();
            if w.len() < 2 || w.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let i = *index.entry(w.clone()).or_insert_with(|| {
                counts.push((w.clone(), 0));
                counts.len() - 1
            });
            counts[i].1 += 1;
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(w, _)| w).collect()
}

struct Generator {
    rng: Rng,
    words: Vec<String>,
}

impl Generator {
    /// A word with probability falling off as 1/rank (approximately).
    fn word(&mut self) -> &str {
        let n = self.words.len();
        // Inverse of the harmonic CDF, approximated: rank = n^u.
        let u = (self.rng.next_u64() % 1_000_000) as f64 / 1_000_000.0;
        let rank = ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1);
        &self.words[rank]
    }

    fn sentence(&mut self, low: usize, high: usize) -> String {
        let len = self.rng.range(low, high);
        let mut out = String::new();
        for i in 0..len {
            if i > 0 {
                out.push(' ');
            }
            if self.rng.chance(6) {
                let n = self.rng.range(1, 100_000);
                out.push_str(&n.to_string());
                if self.rng.chance(30) {
                    out.push('%');
                }
            } else {
                let w = self.word().to_string();
                out.push_str(&w);
            }
        }
        out.push('.');
        out
    }
}

const ORGS: [&str; 8] = [
    "PolitiFact",
    "Full Fact",
    "AFP Fact Check",
    "Reuters Fact Check",
    "Africa Check",
    "Chequeado",
    "Boom",
    "Lead Stories",
];
const RATINGS: [&str; 6] = [
    "False",
    "Mostly False",
    "Half True",
    "Mostly True",
    "True",
    "Missing context",
];

/// A schema.org DataFeed of `count` ClaimReviews, numbered from `first`.
fn feed(generator: &mut Generator, first: usize, count: usize) -> Value {
    let items: Vec<Value> = (first..first + count)
        .map(|i| {
            let org = ORGS[i % ORGS.len()];
            json!({
                "@type": "DataFeedItem",
                "item": [{
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "url": format!("https://factcheck.example.org/{i}"),
                    "claimReviewed": generator.sentence(8, 24),
                    "headline": generator.sentence(6, 14),
                    "datePublished": format!("20{:02}-{:02}-{:02}", 15 + i % 11, 1 + i % 12, 1 + i % 28),
                    "author": {"@type": "Organization", "name": org},
                    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": generator.sentence(2, 3)}},
                    "reviewRating": {"@type": "Rating", "alternateName": RATINGS[i % RATINGS.len()]}
                }]
            })
        })
        .collect();
    json!({"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items})
}

/// Write feeds of `per_file` reviews each, `total` in all, into `dir`; their total size.
fn write_feeds(dir: &Path, generator: &mut Generator, total: usize, per_file: usize) -> u64 {
    std::fs::create_dir_all(dir).unwrap();
    let mut bytes = 0;
    let mut first = 0;
    while first < total {
        let count = per_file.min(total - first);
        let text = serde_json::to_string(&feed(generator, first, count)).unwrap();
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("feed-{first:07}.json")), text).unwrap();
        first += count;
    }
    bytes
}

fn dir_size(path: &Path) -> u64 {
    let mut size = 0;
    if let Ok(entries) = std::fs::read_dir(path) {
        for e in entries.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            size += if meta.is_dir() {
                dir_size(&e.path())
            } else {
                meta.len()
            };
        }
    }
    size
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Add the feeds in `feeds` to a new library in `lib`, then search it with every query;
/// prints the figures under `name`.
fn run(name: &str, feeds: &Path, feed_bytes: u64, lib: &Path, queries: &[String], claims: usize) {
    let started = Instant::now();
    let mut library = Library::open(lib).expect("library opens").library;
    let report = library.add_path(feeds).expect("feeds go in");
    let add = started.elapsed();
    assert_eq!(report.added, claims, "{:?}", report.problems);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    drop(library);

    let library = Library::open(lib).expect("library reopens").library;
    // Warm up: the first search loads the index's files into the page cache.
    let _ = library.search(&queries[0], 10);
    let mut times = Vec::new();
    let mut found = 0;
    for q in queries {
        let started = Instant::now();
        let matches = library.search(q, 10).expect("search");
        times.push(ms(started.elapsed()));
        found += usize::from(!matches.is_empty());
    }
    let disk = dir_size(lib);
    println!(
        "bench library.{name}.add_s={:.2} library.{name}.search_median_ms={:.2} \
         library.{name}.search_p90_ms={:.2} library.{name}.disk_ratio={:.2} \
         ({claims} claims, feeds {:.1} MB, library {:.1} MB, {} queries, {} with results)",
        add.as_secs_f64(),
        median(times.clone()),
        percentile(times, 0.9),
        disk as f64 / feed_bytes as f64,
        feed_bytes as f64 / 1e6,
        disk as f64 / 1e6,
        queries.len(),
        found,
    );
}

/// A whole `factmark library search` process, start-up included, median of `runs`.
fn process(lib: &Path, queries: &[String], runs: usize) -> f64 {
    let binary = env!("CARGO_BIN_EXE_factmark");
    let mut times = Vec::new();
    for q in queries.iter().cycle().take(runs) {
        let started = Instant::now();
        let out = Command::new(binary)
            .args(["library", "search", "--library"])
            .arg(lib)
            .args(["--json", q])
            .output()
            .expect("factmark runs");
        times.push(ms(started.elapsed()));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    median(times)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = !args.iter().any(|a| a == "--bench");
    let million = !quick && !args.iter().any(|a| a == "--no-million");

    let claims = eval_lines("claims.jsonl");
    let queries: Vec<String> = eval_lines("queries.jsonl")
        .into_iter()
        .filter_map(|q| q.text)
        .collect();
    let mut generator = Generator {
        rng: Rng::new(12),
        words: vocabulary(&claims),
    };
    let work = tempfile::tempdir().expect("temp dir");

    let count = if quick { 2_000 } else { 10_000 };
    let feeds = work.path().join("feeds-small");
    let bytes = write_feeds(&feeds, &mut generator, count, count);
    let lib = work.path().join("lib-small");
    let name = if quick { "2k" } else { "10k" };
    run(name, &feeds, bytes, &lib, &queries, count);
    let runs = if quick { 3 } else { 21 };
    println!(
        "bench library.{name}.process_median_ms={:.1} (factmark library search --json, {runs} runs)",
        process(&lib, &queries, runs)
    );

    if million {
        let feeds = work.path().join("feeds-million");
        let bytes = write_feeds(&feeds, &mut generator, 1_000_000, 50_000);
        let lib = work.path().join("lib-million");
        run("1m", &feeds, bytes, &lib, &queries, 1_000_000);
        println!(
            "bench library.1m.process_median_ms={:.1} (factmark library search --json, 11 runs)",
            process(&lib, &queries, 11)
        );
    }
}
