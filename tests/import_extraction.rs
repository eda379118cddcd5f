//! How the web-page importer finds the article on pages laid out like real news sites:
//! which element holds the story, which furniture goes, what metadata is read. Each test
//! is a small page of the kind that once went wrong.

use factmark::import::{ArticleFormat, ImportedArticle, import_bytes};

fn import_page(html: &str) -> ImportedArticle {
    import_bytes(html.as_bytes(), Some(ArticleFormat::Html), "fallback").unwrap()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// A story paragraph of realistic length, numbered so a test can tell them apart.
fn story_paragraph(n: usize) -> String {
    format!(
        "<p>Story paragraph {n}: the audit office said the scheme cost 4.{n} billion, more than \
         twice the estimate, and that nobody checked the invoices before paying them.</p>"
    )
}

#[test]
fn story_in_a_div_beats_a_list_of_related_story_cards() {
    let body: String = (1..=4).map(story_paragraph).collect();
    let cards: String = (1..=6)
        .map(|n| {
            format!(
                "<article class=\"card\"><a href=\"/r{n}\"><h3>Related story {n}</h3>\
                 <p>A teaser for related story {n}, which runs long enough, with clauses, \
                 commas, and details, to look like a paragraph of prose to a scorer: the \
                 minister, the audit office and the opposition all had something to say \
                 about it.</p></a>\
                 </article>"
            )
        })
        .collect();
    let page = format!(
        "<!doctype html><html><head><title>Audit finds scheme overspent</title></head><body>\
         <div class=\"layout\"><div class=\"column\"><h1>Audit finds scheme overspent</h1>\
         <div class=\"story-body\">{body}</div></div>\
         <section class=\"more\"><h2>More stories</h2>{cards}</section></div></body></html>"
    );
    let article = import_page(&page);
    let text = lines(&article.text);
    assert_eq!(text[0], "Audit finds scheme overspent");
    assert_eq!(text.len(), 5, "{}", article.text);
    assert!(text[4].starts_with("Story paragraph 4"));
    assert!(!article.text.contains("Related story"));
}

#[test]
fn the_story_article_still_wins_over_longer_text_elsewhere() {
    // An <article> holding the story, beside a long block of reader discussion that is not
    // marked as comments: the article is the story.
    let body: String = (1..=4).map(story_paragraph).collect();
    let discussion: String = (1..=5).map(story_paragraph).collect();
    let page = format!(
        "<body><article><h1>Headline</h1>{body}</article>\
         <div class=\"discussion\">{discussion}</div></body>"
    );
    let article = import_page(&page);
    assert_eq!(lines(&article.text).len(), 5, "{}", article.text);
}
