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

#[test]
fn containers_of_the_story_are_kept_whatever_their_class_names_say() {
    // An opinion column in the "Comment" section, and the paragraphs past the fold in a
    // "paywall" section: both hold the story. Reader comments beside it still go.
    let page = format!(
        "<body><div class=\"section-comment\"><h1>The plan will not pay off</h1>\
         <div class=\"comment-article-body\">{}{}</div></div>\
         <div id=\"comments\"><p>Reader comment: great piece, I agree with every word.</p></div>\
         </body>",
        story_paragraph(1),
        story_paragraph(2)
    );
    assert_eq!(
        lines(&import_page(&page).text),
        [
            "The plan will not pay off",
            "Story paragraph 1: the audit office said the scheme cost 4.1 billion, more than \
             twice the estimate, and that nobody checked the invoices before paying them.",
            "Story paragraph 2: the audit office said the scheme cost 4.2 billion, more than \
             twice the estimate, and that nobody checked the invoices before paying them."
        ]
    );

    let page = format!(
        "<body><main><article><h1>Rates rise again</h1><div class=\"article-content\">{}\
         <section class=\"paywall\">{}{}{}</section><div class=\"ad-slot\">Advertisement</div>\
         </div></article></main></body>",
        story_paragraph(1),
        story_paragraph(2),
        story_paragraph(3),
        story_paragraph(4)
    );
    let text = import_page(&page).text;
    assert_eq!(lines(&text).len(), 5, "{text}");
    assert!(!text.contains("Advertisement"));
}

#[test]
fn a_subheading_whose_class_says_header_is_kept() {
    let page = format!(
        "<body><article><h1>Title</h1>{}<h3 class=\"header-anchor-post\">Bottom line</h3>{}\
         </article><div class=\"site-header\">Menu</div></body>",
        story_paragraph(1),
        story_paragraph(2)
    );
    let text = import_page(&page).text;
    assert_eq!(lines(&text)[2], "Bottom line", "{text}");
    assert!(!text.contains("Menu"));
}
