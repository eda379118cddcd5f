//! Importing a large saved web page: a news page whose article has thousands of
//! paragraphs, with navigation, scripts, ads and comments around it. Prints
//! `bench import_html.ms=…`, and the time to refuse a page nested thousands of levels deep
//! (over `MAX_NESTING`, before parsing it).
//!
//! Run with `cargo bench --bench import`.

use std::time::Instant;

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

fn main() {
    let big = page(25_000);
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
