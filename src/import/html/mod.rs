//! Saved web pages: the readable article and what the page says about it.
//!
//! The page is parsed by html5ever (through `scraper`), the HTML5 parser of Servo, so
//! entities, broken markup and implied tags come out as a browser would build them. Nothing
//! from the page is executed or fetched: scripts are dropped unread, and JSON-LD metadata is
//! parsed as JSON data.
//!
//! Finding the article: the page's `<article>` (or `itemprop=articleBody`) when it holds the
//! story, else `<main>`, else the element whose paragraphs carry the most text. Inside it,
//! navigation, headers, footers, asides, forms, scripts, styles, comment boxes, sharing
//! widgets and ads are dropped; blocks become paragraphs; whitespace collapses as a browser
//! shows it. The headline, which pages usually put in a `<header>`, is kept as the first
//! paragraph: it is often the claim most worth checking.

mod furniture;
mod json_ld;
mod metadata;
mod site_name;
mod story;
mod walk;

use std::collections::HashSet;

use scraper::Html;

use super::layout::TextLayout;
use crate::model::ArticleMetadata;
use furniture::{Analysis, ClassWords};
use metadata::{article_scope, page_metadata};
pub use metadata::{normalize_date, normalize_language};
pub use site_name::{SiteNames, split_site_name};
use story::{choose_root, densest_paragraphs};
use walk::{collapsed_text, first_usable_h1, headline, standfirst_after, walk};

/// The readable text and metadata of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtractedPage {
    pub metadata: ArticleMetadata,
    /// One paragraph per line, `\n` line endings, no empty lines.
    pub text: String,
    /// Where the story's body starts, in code points: before it, the headline and the
    /// standfirst (0 when the text starts with the body).
    pub body_start: usize,
    /// Paragraphs inside the story dropped as furniture, where they stood.
    pub dropped: Vec<super::DroppedParagraph>,
}

/// Extract the article from a whole HTML document.
pub fn extract_page(html: &str) -> ExtractedPage {
    let doc = Html::parse_document(html);
    // Class names are hints, and sites name the story's own containers with words that
    // usually mark furniture ("section-comment" on an opinion column, "paywall" around
    // the paragraphs past the fold). So the densest prose is found first with class names
    // ignored, and the elements holding it are never dropped for their class names.
    let unclassed = Analysis::new(&doc, &ClassWords::Ignored);
    let densest = densest_paragraphs(&doc, &unclassed);
    let story_holders = densest
        .map(|p| {
            std::iter::once(p)
                .chain(p.ancestors())
                .map(|a| a.id())
                .collect()
        })
        .unwrap_or_default();
    let analysis = Analysis::new(&doc, &ClassWords::Heeded { story_holders });
    let root = choose_root(&doc, &analysis);
    let root_len = analysis.len(root.id());
    let mut layout = TextLayout::new();
    // Within the article, another <article> beside the story (not holding it, not inside
    // it, and not one of a run of sibling <article>s the story is in, like a live blog's
    // entries) is a related story's card.
    let story = densest
        .filter(|p| p.ancestors().any(|a| a.id() == root.id()))
        .map(|p| {
            let entries = p
                .ancestors()
                .take_while(|a| a.id() != root.id())
                .find(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| e.name() == "article")
                })
                .and_then(|a| a.parent())
                .map(|parent| parent.id());
            (p.id(), entries)
        });
    let mut walked = walk(root, &analysis, root_len, story, &mut layout);
    let mut text = layout.finish();
    let lines_before = text.lines().count();

    let metadata = page_metadata(
        &doc,
        first_usable_h1(&doc, &analysis),
        &article_scope(root, &analysis),
    );
    let headline_node = headline(&doc, root, &analysis, &metadata.title);
    let lead: Vec<String> = headline_node
        .map(|node| {
            std::iter::once(collapsed_text(node))
                .chain(standfirst_after(node, &analysis))
                .collect()
        })
        .unwrap_or_default();
    if !walked.headline_shown
        && let Some(node) = headline_node
    {
        let headline = collapsed_text(node);
        let standfirst = standfirst_after(node, &analysis)
            .filter(|s| !text.lines().any(|line| line == s.as_str()));
        if let Some(standfirst) = standfirst {
            text = if text.is_empty() {
                standfirst
            } else {
                format!("{standfirst}\n{text}")
            };
        }
        if !text.starts_with(headline.as_str()) {
            text = if text.is_empty() {
                headline
            } else {
                format!("{headline}\n{text}")
            };
        }
    }
    let body_start = lead_length(&text, &lead);
    // The headline and standfirst put in front move every dropped paragraph down.
    let lines_added = text.lines().count().saturating_sub(lines_before);
    for d in &mut walked.dropped {
        d.before_line += lines_added;
    }
    ExtractedPage {
        metadata,
        text,
        body_start,
        dropped: walked.dropped,
    }
}

/// How many code points the headline and standfirst take at the start of the text (with
/// the line breaks after them).
fn lead_length(text: &str, lead: &[String]) -> usize {
    let mut length = 0;
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\n') {
        if !lead.iter().any(|l| l == line) {
            break;
        }
        length += line.chars().count() + 1;
        rest = after;
    }
    length
}

/// The text of an HTML fragment (e.g. an HTML block inside Markdown), laid out the same way,
/// with the same elements dropped.
pub fn fragment_text(html: &str, layout: &mut TextLayout) {
    let doc = Html::parse_fragment(html);
    let analysis = Analysis::new(
        &doc,
        &ClassWords::Heeded {
            story_holders: HashSet::new(),
        },
    );
    let root = doc.tree.root();
    let root_len = analysis.len(root.id());
    walk(root, &analysis, root_len, None, layout);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        extract_page(html).text
    }

    #[test]
    fn blocks_breaks_entities_and_whitespace() {
        let page = "<html><body><main><h1>A&nbsp;head</h1>\n<p>One   <b>bold</b>\nline&amp;more<br>next</p>\
                    <ul><li>first<ul><li>nested</li></ul></li><li>second</li></ul>\
                    <table><tr><th>k</th><td> v </td></tr><tr><td>a</td><td>b</td></tr></table>\
                    <pre>  keep   this\n  too</pre></main></body></html>";
        assert_eq!(
            text_of(page),
            "A\u{a0}head\nOne bold line&more\nnext\nfirst\nnested\nsecond\nk\tv\na\tb\n  keep   this\n  too"
        );
    }

    #[test]
    fn raised_numbers_keep_their_meaning_and_note_markers_go() {
        let page = "<main><p>About 10<sup>6</sup> people, E=mc<sup>2</sup>, the 1<sup>st</sup> \
                    case<sup><a href=\"#fn1\">1</a></sup> and H<sub>2</sub>O.</p></main>";
        assert_eq!(
            text_of(page),
            "About 10^6 people, E=mc^2, the 1st case and H2O."
        );
    }

    #[test]
    fn furniture_is_dropped() {
        let page = r#"<body><nav>Home News</nav><div class="ad-slot">BUY NOW</div>
            <article><header><h1>Title</h1><p class="byline">By Jo</p></header>
            <p>Body text here.</p><aside>Pull quote</aside><script>var x = "<p>no</p>";</script>
            <div class="share-tools"><a>Facebook</a></div><p hidden>secret</p>
            <p>More <span class="sr-only">(opens in new tab)</span>text.</p></article>
            <section id="comments"><p>First!</p></section><footer>© 2026</footer></body>"#;
        assert_eq!(text_of(page), "Title\nBody text here.\nMore text.");
    }

    #[test]
    fn furniture_inside_the_story_is_kept_aside_where_it_stood() {
        // The aside and the share box are recorded with the line they came before, so
        // putting them back restores the page's order; the script, the hidden paragraph and
        // the page's own navigation and footer (outside the story) are not offered.
        let page = r#"<body><nav>Home News</nav>
            <article><h1>Title</h1><p>Body text here.</p>
            <aside><p>Pull quote</p><p>Second line</p></aside><script>var x = 1;</script>
            <div class="share-tools"><a>Facebook</a></div><p hidden>secret</p>
            <p>More text.</p></article><footer>© 2026</footer></body>"#;
        let extracted = extract_page(page);
        assert_eq!(extracted.text, "Title\nBody text here.\nMore text.");
        let dropped: Vec<(usize, &str)> = extracted
            .dropped
            .iter()
            .map(|d| (d.before_line, d.text.as_str()))
            .collect();
        assert_eq!(
            dropped,
            [(2, "Pull quote"), (2, "Second line"), (2, "Facebook")]
        );
    }

    #[test]
    fn dropped_lines_move_down_when_the_headline_is_put_in_front() {
        // The headline sits in a header outside <main>: it is put in front of the text, so
        // the sign-up box that came before the second paragraph is still before it.
        let page = r#"<head><meta property="og:title" content="The headline"></head>
            <body><header><h1>The headline</h1></header><main>
            <p>First paragraph of the story, long enough to be the story.</p>
            <div class="newsletter-signup">Sign up for our newsletter</div>
            <p>Second paragraph.</p></main></body>"#;
        let extracted = extract_page(page);
        let lines: Vec<&str> = extracted.text.lines().collect();
        let caption = extracted
            .dropped
            .iter()
            .find(|d| d.text == "Sign up for our newsletter")
            .expect("the sign-up box is offered back");
        assert_eq!(lines[0], "The headline");
        assert_eq!(lines[caption.before_line], "Second paragraph.", "{lines:?}");
    }
}
