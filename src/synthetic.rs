//! Generated articles and projects of any size, for benchmarks and stress tests (the crash
//! test saves a 2 MB / 10,000-annotation project). Deterministic for a given seed.

use crate::model::{
    Annotation, Article, ArticleMetadata, ArticleText, CONTEXT_CHARS, Kind, Project, Verdict,
};

/// A small, fast, seedable generator (xorshift64*): good enough for test data, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `low..high` (`high > low`).
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next_u64() % (high - low) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

const WORDS: [&str; 64] = [
    "the",
    "government",
    "said",
    "officials",
    "report",
    "according",
    "to",
    "of",
    "and",
    "a",
    "in",
    "minister",
    "percent",
    "million",
    "announced",
    "statement",
    "data",
    "police",
    "election",
    "court",
    "ruling",
    "company",
    "spokesperson",
    "denied",
    "claimed",
    "evidence",
    "budget",
    "inflation",
    "rose",
    "fell",
    "year",
    "last",
    "week",
    "city",
    "council",
    "vote",
    "law",
    "that",
    "was",
    "were",
    "has",
    "had",
    "not",
    "for",
    "with",
    "by",
    "on",
    "at",
    "from",
    "its",
    "their",
    "investigation",
    "documents",
    "show",
    "analysts",
    "estimate",
    "parliament",
    "agency",
    "contract",
    "exports",
    "sanctions",
    "café",
    "naïve",
    "über",
];

/// About `target_bytes` of news-like text: paragraphs of 40–160 words, separated by `\n`,
/// with curly quotes and a few accented words so the text is not pure ASCII.
pub fn article_text(target_bytes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut text = String::with_capacity(target_bytes + 2048);
    while text.len() < target_bytes {
        if !text.is_empty() {
            text.push('\n');
        }
        let words = rng.range(40, 161);
        let mut sentence_start = true;
        for w in 0..words {
            if w > 0 {
                text.push(' ');
            }
            let word = WORDS[rng.range(0, WORDS.len())];
            let quoted = rng.chance(2);
            if quoted {
                text.push('“');
            }
            if sentence_start {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push_str(word);
            }
            if quoted {
                text.push('”');
            }
            sentence_start = false;
            if w + 1 == words || rng.chance(7) {
                text.push('.');
                sentence_start = true;
            } else if rng.chance(6) {
                text.push(',');
            }
        }
    }
    text
}

/// A project over [`article_text`] with `count` annotations of all kinds: spans of 2–30 words,
/// about one in ten nested inside or overlapping the previous one, sources and disputes
/// linked to an earlier claim, verdicts on most claims.
pub fn project(target_bytes: usize, count: usize, seed: u64) -> Project {
    let text = ArticleText::new(article_text(target_bytes, seed));
    let mut rng = Rng::new(seed ^ 0x9E37_79B9_7F4A_7C15);
    let now = "2026-11-26T09:00:00Z";
    // Word starts (code points), to place spans on word boundaries.
    let mut word_starts = Vec::new();
    let mut previous_space = true;
    for (i, c) in text.as_str().chars().enumerate() {
        if previous_space && !c.is_whitespace() {
            word_starts.push(i);
        }
        previous_space = c.is_whitespace();
    }
    let mut annotations: Vec<Annotation> = Vec::with_capacity(count);
    let mut claims: Vec<usize> = Vec::new();
    for n in 0..count {
        // Spread spans evenly through the text, with some overlapping the one before.
        let overlap = n > 0 && rng.chance(10);
        let first_word = if overlap {
            let prev = &annotations[n - 1];
            word_starts.partition_point(|&s| s < prev.start) + rng.range(0, 3)
        } else {
            (n * word_starts.len() / count.max(1)) + rng.range(0, 3)
        }
        .min(word_starts.len() - 2);
        let last_word = (first_word + rng.range(2, 31)).min(word_starts.len() - 1);
        let start = word_starts[first_word];
        let end = word_starts[last_word] - 1; // before the space
        if end <= start {
            continue;
        }
        let kind = match rng.range(0, 10) {
            0..=4 => Kind::Claim,
            5..=7 => Kind::Source,
            _ => Kind::Dispute,
        };
        let mut a = Annotation {
            id: format!("g{n:05}"),
            kind,
            start,
            end,
            quote: text.slice(start..end).unwrap_or_default().to_string(),
            prefix: text.context_before(start, CONTEXT_CHARS).to_string(),
            suffix: text.context_after(end, CONTEXT_CHARS).to_string(),
            note: format!("Generated note {n}: check the figures against the source."),
            verdict: None,
            claims: Vec::new(),
            record: Default::default(),
            evidence: rng
                .chance(30)
                .then(|| crate::model::Reference {
                    title: Some(format!("Evidence {n}")),
                    url: Some(format!("https://example.org/evidence/{n}")),
                    ..Default::default()
                })
                .into_iter()
                .collect(),
            author: Some("generator".into()),
            created: now.into(),
            modified: now.into(),
            anchor: None,
            extra: Default::default(),
        };
        match kind {
            Kind::Claim => {
                a.verdict = rng
                    .chance(80)
                    .then(|| Verdict::ALL[rng.range(0, Verdict::ALL.len())]);
                claims.push(annotations.len());
            }
            _ => {
                if let Some(&c) = claims.last() {
                    a.claims.push(annotations[c].id.clone());
                }
            }
        }
        annotations.push(a);
    }
    let article = Article::new(
        ArticleMetadata {
            title: format!("Generated article ({target_bytes} bytes, {count} annotations)"),
            language: Some("en".into()),
            ..ArticleMetadata::default()
        },
        text,
    );
    Project::from_parts(
        now.into(),
        now.into(),
        article,
        annotations,
        Default::default(),
    )
    .expect("generated projects follow the model's rules")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_projects_are_valid_and_deterministic() {
        let a = project(50_000, 300, 7);
        let b = project(50_000, 300, 7);
        assert_eq!(a, b);
        assert!(a.annotations().len() > 280);
        let counts = a.counts();
        assert!(counts.claims > 0 && counts.sources > 0 && counts.disputes > 0);
        let text = &a.article().text;
        assert!(text.len_bytes() >= 50_000 && text.len_chars() < text.len_bytes());
        let paragraphs = text.paragraphs();
        let words: Vec<usize> = paragraphs
            .iter()
            .map(|p| text.as_str()[p.bytes.clone()].split(' ').count())
            .collect();
        assert!(words.iter().all(|&w| (40..=160).contains(&w)), "{words:?}");
        // Some spans overlap.
        let overlapping = a
            .annotations()
            .windows(2)
            .filter(|w| w[1].start < w[0].end)
            .count();
        assert!(overlapping > 10, "{overlapping}");
    }
}
