//! Web-page import: speed on a large page, and extraction quality on real pages.
//!
//! `cargo bench --bench import` prints:
//! - `bench import_html.ms=…`: importing a 5 MB news page whose article has thousands of
//!   paragraphs, with navigation, scripts, ads and comments around it (median of 3), and the
//!   time to refuse a page nested thousands of levels deep (over `MAX_NESTING`);
//! - extraction scores (word-shingle F1, precision, recall of the article body, see
//!   `factmark::import::evaluation`) on the development corpus (Mozilla Readability's test
//!   pages in `../shared/import-corpus/`, or `FACTMARK_IMPORT_CORPUS`) and on Factmark's
//!   own pages in `tests/fixtures/import-corpus/` (`dev/`, and `held-out/`, which is never
//!   looked at while tuning), with metadata accuracy;
//! - the worst pages; `FACTMARK_BENCH_PAGES=all` lists every page.
//!
//! `cargo test` runs it in a quick mode (a 200 KB page, a few corpus pages) so it never
//! rots; the quality floor is asserted by `tests/import_extraction.rs`.

use std::path::Path;
use std::time::Instant;

use factmark::import::evaluation::{Extraction, Report, default_corpus_root, load_corpus};
use factmark::import::{ArticleFormat, import_bytes};

fn page(paragraphs: usize) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Big story | Outlet</title>\
         <script>var x = 1;</script><style>p{}</style></head><body>\
         <header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/w\">World</a></li></ul></nav></header>\
         <main><article><header><h1>Big story</h1><p class=\"byline\">By A. Writer</p></header>",
    );
    for i in 0..paragraphs {
        html.push_str(&format!(
            "<p>Paragraph {i}: the minister&rsquo;s office said on <b>Tuesday</b> that the \
             &pound;4.5m contract, awarded in <a href=\"/x\">January</a>, was &ldquo;fully \
             transparent&rdquo;, though critics disputed that.</p>\n"
        ));
        if i % 10 == 0 {
            html.push_str("<div class=\"ad-slot\"><script>ad()</script>Advertisement</div>");
        }
        if i % 50 == 0 {
            html.push_str("<ul><li>One point</li><li>Another <em>point</em></li></ul>");
        }
    }
    html.push_str(
        "</article><section id=\"comments\"><p>A comment, with words, and more words.</p></section>\
         </main><footer>© Outlet</footer></body></html>",
    );
    html
}

fn time(bytes: &[u8]) -> (f64, usize) {
    let mut times = Vec::new();
    let mut chars = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let article = import_bytes(bytes, Some(ArticleFormat::Html), "x").unwrap();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        chars = article.text.chars().count();
    }
    times.sort_by(f64::total_cmp);
    (times[1], chars)
}

fn speed(full: bool) {
    let big = page(if full { 25_000 } else { 1_000 });
    let (ms, chars) = time(big.as_bytes());
    println!(
        "page: {:.1} MB of HTML -> {chars} characters of text",
        big.len() as f64 / 1_048_576.0
    );
    println!("bench import_html.ms={ms:.1}");

    let mut deep = String::from("<!doctype html><body>");
    deep.push_str(&"<div><span>".repeat(20_000));
    deep.push_str("<p>Deep text, deep text, deep text.</p>");
    let started = Instant::now();
    let refused = import_bytes(deep.as_bytes(), Some(ArticleFormat::Html), "x").is_err();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(refused, "a page 40,000 elements deep is refused");
    println!("bench import_deep_html_refused.ms={ms:.2} (20,000 nested div/span pairs)");
}

fn print_report(label: &str, dir: &Path, only: &[&str], list_pages: usize) {
    let pages = match load_corpus(dir, only) {
        Ok(pages) => pages,
        Err(e) => {
            println!("{label}: not scored ({e})");
            return;
        }
    };
    let started = Instant::now();
    let report: Report =
        factmark::import::evaluation::evaluate(&pages, |page| Extraction::factmark(&page.source));
    let seconds = started.elapsed().as_secs_f64();
    println!("{label} ({}, {seconds:.2} s):", dir.display());
    println!("  body:          {}", report.body());
    println!("  all text:      {}", report.text());
    let meta = report.metadata(&pages);
    println!("  title:         {}", meta.title);
    println!("  author:        {}", meta.author);
    println!("  published:     {}", meta.published);
    println!("  language:      {}", meta.language);
    for line in report.per_page_lines().iter().take(list_pages) {
        println!("    {line}");
    }
    if std::env::var_os("FACTMARK_BENCH_METADATA").is_some() {
        for (field, tally) in [
            ("title", &meta.title),
            ("author", &meta.author),
            ("published", &meta.published),
            ("language", &meta.language),
        ] {
            for (expected, got) in &tally.wrong {
                println!("    {field}: expected {expected:?}, got {got:?}");
            }
        }
    }
}

fn main() {
    // `cargo bench` passes --bench; anything else (cargo test) is the quick mode.
    let full = std::env::args().any(|a| a == "--bench");
    speed(full);

    let all = std::env::var("FACTMARK_BENCH_PAGES").is_ok_and(|v| v == "all");
    let list = if all { usize::MAX } else { 12 };
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import-corpus");
    let readability = default_corpus_root().join("readability-test-pages");
    if full {
        print_report("development corpus", &readability, &[], list);
        print_report("own pages, dev", &own.join("dev"), &[], list);
        print_report("own pages, held out", &own.join("held-out"), &[], list);
    } else {
        let few = ["nytimes-1", "guardian-1", "lemonde-1", "rtl-1"];
        print_report("development corpus, quick", &readability, &few, 0);
    }
}
