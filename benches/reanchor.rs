//! Re-anchoring a 2 MB article with 10,000 annotations after a realistic round of edits:
//! words changed, sentences deleted and added, paragraphs moved, whitespace re-flowed.
//! Prints `bench reanchor.ms=…` (median of a few runs) and what happened to the annotations.
//!
//! Run with `cargo bench --bench reanchor`.

use std::time::Instant;

use factmark::model::{
    Article, ArticleMetadata, ArticleState, ArticleText, CONTEXT_CHARS, Project, timestamp,
};
use factmark::reanchor::{diff_texts, update_article_text};

const TARGET_BYTES: usize = 2 * 1024 * 1024;
const ANNOTATIONS: usize = 10_000;

/// A small deterministic generator (xorshift), so every run measures the same texts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "budget",
    "council",
    "report",
    "officials",
    "according",
    "to",
    "of",
    "and",
    "in",
    "a",
    "percent",
    "million",
    "was",
    "would",
    "not",
    "have",
    "been",
    "government",
    "company",
    "contract",
    "election",
    "votes",
    "court",
    "ruling",
    "appeal",
    "police",
    "evidence",
    "hospital",
    "patients",
    "school",
    "teachers",
    "figures",
    "data",
    "reported",
    "denied",
    "confirmed",
    "claimed",
    "according",
    "spokesperson",
    "agency",
    "Kyiv",
    "São",
    "Paulo",
    "Zürich",
    "café",
    "naïve",
    "“quoted”",
    "€4.5m",
    "2025",
    "1,204",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(18);
    let mut words: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    let first = words.remove(0);
    let mut chars = first.chars();
    let mut s: String = chars
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .collect();
    s.push_str(chars.as_str());
    for w in words {
        s.push(' ');
        s.push_str(w);
    }
    s.push_str(if rng.below(10) == 0 { "?" } else { "." });
    s
}

fn article(rng: &mut Rng) -> Vec<Vec<String>> {
    let mut paragraphs = Vec::new();
    let mut bytes = 0;
    while bytes < TARGET_BYTES {
        let para: Vec<String> = (0..2 + rng.below(6)).map(|_| sentence(rng)).collect();
        bytes += para.iter().map(|s| s.len() + 1).sum::<usize>();
        paragraphs.push(para);
    }
    paragraphs
}

fn join(paragraphs: &[Vec<String>]) -> String {
    paragraphs
        .iter()
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The outlet's edits: about one paragraph in `every` touched.
fn edit(mut paragraphs: Vec<Vec<String>>, rng: &mut Rng, every: usize) -> Vec<Vec<String>> {
    let count = paragraphs.len();
    for _ in 0..count / every {
        let p = rng.below(paragraphs.len());
        let para = &mut paragraphs[p];
        let s = rng.below(para.len());
        match rng.below(6) {
            0 => {
                // A word changed.
                let words: Vec<&str> = para[s].split(' ').collect();
                let w = rng.below(words.len());
                let mut changed: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                changed[w] = "reportedly".to_string();
                para[s] = changed.join(" ");
            }
            1 if para.len() > 1 => {
                para.remove(s);
            }
            2 => para.insert(s, sentence(rng)),
            3 => para[s] = para[s].replacen(' ', "  ", 2),
            4 => {
                let moved = paragraphs.remove(p);
                let to = rng.below(paragraphs.len());
                paragraphs.insert(to, moved);
            }
            _ => para[s].push_str(" (Updated.)"),
        }
    }
    paragraphs
}

fn main() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let paragraphs = article(&mut rng);
    let old_text = ArticleText::new(join(&paragraphs));
    let new_text = join(&edit(paragraphs.clone(), &mut rng, 60));
    let heavily_edited = join(&edit(paragraphs, &mut rng, 4));
    let rewritten = join(&article(&mut Rng(0x1234_5678_9abc_def1)));

    // 10,000 annotations spread over the text, 20 to 200 characters each, some overlapping.
    let now = timestamp::now();
    let len = old_text.len_chars();
    let mut project = Project::new(
        Article::new(
            ArticleMetadata {
                title: "Benchmark".into(),
                ..ArticleMetadata::default()
            },
            old_text.clone(),
        ),
        &now,
    );
    let mut annotations = Vec::with_capacity(ANNOTATIONS);
    for i in 0..ANNOTATIONS {
        let start = i * (len - 250) / ANNOTATIONS + rng.below(40);
        let range = start..start + 20 + rng.below(180);
        let mut a = project
            .make_annotation(factmark::model::Kind::Claim, range, None, &now)
            .unwrap();
        a.id = format!("a{i:05}");
        annotations.push(a);
    }
    let state = ArticleState {
        annotations,
        ..project.article_state()
    };
    project = Project::from_state(now.clone(), now.clone(), state, Default::default()).unwrap();
    assert_eq!(project.annotations().len(), ANNOTATIONS);

    let metadata = project.article().metadata.clone();
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let started = Instant::now();
        let update = update_article_text(&project, &new_text, metadata.clone(), &now);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        last = Some(update);
    }
    times.sort_by(f64::total_cmp);
    let update = last.unwrap();
    let counts = update.report.counts();
    let started = Instant::now();
    let diff = diff_texts(&old_text, &ArticleText::new(new_text.clone()));
    let diff_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut scenarios = Vec::new();
    for (name, text) in [
        ("reanchor_heavy_edits", &heavily_edited),
        ("reanchor_rewritten", &rewritten),
    ] {
        let started = Instant::now();
        let update = update_article_text(&project, text, metadata.clone(), &now);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        scenarios.push(format!(
            "bench {name}.ms={ms:.1} ({})",
            update.report.counts()
        ));
    }
    let started = Instant::now();
    project.apply(&update.edit).unwrap();
    let apply_ms = started.elapsed().as_secs_f64() * 1000.0;

    println!(
        "article: {:.2} MB, {} characters, {} annotations (context {} characters), {} changes",
        old_text.len_bytes() as f64 / 1_048_576.0,
        len,
        ANNOTATIONS,
        CONTEXT_CHARS,
        diff.changes().count()
    );
    println!("outcome: {counts}");
    println!("bench reanchor.ms={:.1}", times[times.len() / 2]);
    for line in scenarios {
        println!("{line}");
    }
    println!("bench reanchor_fastest.ms={:.1}", times[0]);
    println!("bench diff.ms={diff_ms:.1}");
    println!("bench apply_update.ms={apply_ms:.1}");
}
