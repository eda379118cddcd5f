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

#[test]
fn the_articles_header_keeps_its_headline_and_standfirst_but_not_its_byline() {
    // The headline and standfirst in the article's <header>, inside the article.
    let page = format!(
        "<body><header><nav>Home World</nav><a>Subscribe</a></header><article>\
         <header><div class=\"kicker\"><a>Economy</a></div><h1>Rates rise again</h1>\
         <p id=\"article-summary\">Central bankers lifted rates and hinted at a pause.</p>\
         <p class=\"byline\">By Jo Bloggs</p><button>Share</button>\
         <time datetime=\"2023-05-03\">May 3</time></header>{}{}</article></body>",
        story_paragraph(1),
        story_paragraph(2)
    );
    let text = import_page(&page).text;
    assert_eq!(
        lines(&text)[..2],
        [
            "Rates rise again",
            "Central bankers lifted rates and hinted at a pause."
        ],
        "{text}"
    );
    assert_eq!(lines(&text).len(), 4, "{text}");
    for junk in ["Jo Bloggs", "Share", "May 3", "Subscribe", "Home"] {
        assert!(!text.contains(junk), "{junk:?} kept:\n{text}");
    }

    // A header beside the body, named in camel case or by a test hook.
    for (header, standfirst) in [
        (
            "<div class=\"sdc-article-header\"><h1>Heat warning issued</h1>\
             <p class=\"sdc-article-header__sub-title\">It could reach 40C.</p>\
             <p class=\"sdc-article-author__byline\">Tom Writer</p></div>",
            "It could reach 40C.",
        ),
        (
            "<div class=\"post-header\"><h1 class=\"post-title\">Heat warning issued</h1>\
             <h3 class=\"subtitle\">It could reach 40C.</h3></div>",
            "It could reach 40C.",
        ),
        (
            "<header class=\"ArticleHero_root__x3\"><h1>Heat warning issued</h1>\
             <p class=\"ArticleDek_root__x5\">It could reach 40C.</p></header>",
            "It could reach 40C.",
        ),
        (
            "<header data-test=\"articleHeader\"><h1>Heat warning issued</h1>\
             <p data-test=\"articleSubTitle\">It could reach 40C.</p></header>",
            "It could reach 40C.",
        ),
    ] {
        let page = format!(
            "<html><head><title>Heat warning issued</title></head><body><div class=\"layout\">\
             {header}<div class=\"story-body\">{}{}</div></div></body></html>",
            story_paragraph(1),
            story_paragraph(2)
        );
        let text = import_page(&page).text;
        assert_eq!(
            lines(&text)[..3],
            [
                "Heat warning issued",
                standfirst,
                story_paragraph(1)
                    .trim_start_matches("<p>")
                    .trim_end_matches("</p>")
            ],
            "{header}"
        );
        assert!(!text.contains("Tom Writer"));
    }
}

#[test]
fn live_blog_entries_keep_their_times_and_titles() {
    let entries: String = (1..=3)
        .map(|n| {
            format!(
                "<article class=\"block\"><header class=\"block-header\"><p class=\"block-time\">\
                 <time datetime=\"2022-02-24T23:5{n}:00Z\">23.5{n} GMT</time></p>\
                 <h2 class=\"block-title\">Update {n}: sirens sound</h2></header>\
                 <div class=\"block-elements\">{}</div>\
                 <footer><button>Share</button></footer></article>",
                story_paragraph(n)
            )
        })
        .collect();
    let page = format!(
        "<body><header><nav>News</nav></header><main><h1>War live</h1>\
         <div id=\"liveblog-body\">{entries}</div></main></body>"
    );
    let text = import_page(&page).text;
    assert_eq!(
        lines(&text)[..4],
        [
            "War live",
            "23.51 GMT",
            "Update 1: sirens sound",
            story_paragraph(1)
                .trim_start_matches("<p>")
                .trim_end_matches("</p>")
        ],
        "{text}"
    );
    assert_eq!(lines(&text).len(), 10, "{text}");
    assert!(!text.contains("News") && !text.contains("Share"));
}

#[test]
fn dates_come_from_metadata_or_the_article_never_from_a_related_card() {
    let related = "<section class=\"more\"><h2>More on this story</h2><ul><li><a href=\"/1\">\
                   Older story</a><time datetime=\"2024-01-04\">4 January</time></li></ul>\
                   </section>";
    let body: String = (1..=3).map(story_paragraph).collect();
    // A schema.org NewsArticle subtype in JSON-LD, naming the outlet as author; the
    // reporter is in the byline.
    let page = format!(
        "<html><head><script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"ReportageNewsArticle\",\"datePublished\":\"2024-03-27T00:07:50.000Z\",\
         \"author\":{{\"@type\":\"NewsMediaOrganization\",\"name\":\"Daily Planet\"}}}}</script>\
         <meta name=\"article:author\" content=\"https://www.facebook.com/dailyplanet\"></head>\
         <body><main><article><h1>Sewage spills doubled</h1>\
         <div data-component=\"byline-block\" class=\"x1-BylineBlock\">\
         <div class=\"x2-TextContributorName\">By Lois Lane</div>\
         <div class=\"x3-Text\">Science reporter</div></div>{body}</article>{related}</main>\
         </body></html>"
    );
    let meta = import_page(&page).metadata;
    assert_eq!(meta.published.as_deref(), Some("2024-03-27T00:07:50.000Z"));
    assert_eq!(meta.author.as_deref(), Some("Lois Lane"));

    // No date in the metadata: a <time> in the article counts, one in a card does not.
    let page =
        format!("<body><main><article><h1>Headline</h1>{body}</article>{related}</main></body>");
    assert_eq!(import_page(&page).metadata.published, None);
    let page = format!(
        "<body><main><article><h1>Headline</h1><time datetime=\"2024-03-27\">27 March</time>\
         {body}</article>{related}</main></body>"
    );
    assert_eq!(
        import_page(&page).metadata.published.as_deref(),
        Some("2024-03-27")
    );
}

#[test]
fn json_ld_with_a_raw_line_break_and_a_trailing_comma_is_read() {
    let page = format!(
        "<html><head><script type=\"application/ld+json\">\n{{\n  \"@type\": \"NewsArticle\",\n  \
         \"description\": \"The council approved\n the budget.\tIt passed 7-2.\",\n  \
         \"datePublished\": \"2023-10-02T19:45:00-04:00\",\n  \
         \"author\": {{\"@type\": \"Person\", \"name\": \"Dana White\"}},\n}}\n</script></head>\
         <body><article><h1>Budget passes</h1>{}</article></body></html>",
        story_paragraph(1)
    );
    let meta = import_page(&page).metadata;
    assert_eq!(meta.author.as_deref(), Some("Dana White"));
    assert_eq!(meta.published.as_deref(), Some("2023-10-02T19:45:00-04:00"));
}

#[test]
fn titles_lose_only_a_confirmed_site_name() {
    let page = |head: &str, h1: &str| {
        format!(
            "<html><head>{head}</head><body><article><h1>{h1}</h1>{}</article></body></html>",
            story_paragraph(1)
        )
    };
    // No site name known and no headline to compare: a subtitle is not cut.
    let a = import_page(&page(
        "<title>Vaccine trial results - what the data says</title>",
        "",
    ));
    assert_eq!(
        a.metadata.title,
        "Vaccine trial results - what the data says"
    );
    assert_eq!(a.metadata.outlet, None);
    // The headline confirms the rest is the site's name, sections and all.
    let a = import_page(&page(
        "<title>Minister to face MPs over plan | Politics | The Gazette</title>",
        "Minister to face MPs over plan",
    ));
    assert_eq!(a.metadata.title, "Minister to face MPs over plan");
    assert_eq!(a.metadata.outlet.as_deref(), Some("The Gazette"));
    // og:title confirms it too.
    let a = import_page(&page(
        "<title>Fed raises rates again - The Daily Ledger</title>\
         <meta property=\"og:title\" content=\"Fed raises rates again\">",
        "",
    ));
    assert_eq!(a.metadata.title, "Fed raises rates again");
    assert_eq!(a.metadata.outlet.as_deref(), Some("The Daily Ledger"));
    // An ideographic space is the author's, not whitespace to collapse.
    let a = import_page(&page(
        "<title>日銀、利上げ\u{3000}17年ぶり：朝日新聞</title>\
         <meta property=\"og:site_name\" content=\"朝日新聞\">",
        "",
    ));
    assert_eq!(a.metadata.title, "日銀、利上げ\u{3000}17年ぶり");
}

#[test]
fn furniture_inside_the_story_goes_by_general_rules() {
    let page = format!(
        "<html><body><main><article><h1>Spills doubled</h1>\
         {p1}\
         <figure class=\"x-Figure\"><picture><img src=\"a.jpg\" alt=\"\"></picture>\
         <figcaption><span class=\"ssrcss-1f39n02-VisuallyHidden\">Image caption, </span>\
         Outflow pipe. Photograph: Agency</figcaption></figure>\
         <p>Spills rose by 105%<span class=\"ssrcss-abc-VisuallyHidden\"> (opens in new tab)\
         </span>.</p>\
         <figure class=\"nl\"><a class=\"dcr-skiplink\" href=\"#after\">skip past newsletter \
         promotion</a><div class=\"EmailSignup\"><p>Sign up to First Edition</p></div></figure>\
         <amp-ad width=\"300\" height=\"250\"><div placeholder>Advertisement</div></amp-ad>\
         <blockquote class=\"dcr-pullquote\"><p>We will not be found wanting</p></blockquote>\
         <div class=\"PagePromo\"><a href=\"/b\">Banks tighten lending</a></div>\
         <figure class=\"wp-block-table\"><table><tr><td>Shelter</td><td>£31,000</td></tr>\
         </table><figcaption>Source: council FOI response</figcaption></figure>\
         <p class=\"button-wrapper\"><a class=\"button primary\" href=\"/subscribe\">\
         Subscribe now</a></p>\
         <div data-component=\"tag-list\"><h2>Related Topics</h2><ul><li>Water</li></ul></div>\
         {p2}</article></main></body></html>",
        p1 = story_paragraph(1),
        p2 = story_paragraph(2)
    );
    let text = import_page(&page).text;
    let expected_lines = [
        "Spills doubled",
        "Spills rose by 105%.",
        "Shelter\t£31,000",
        "Source: council FOI response",
    ];
    for line in expected_lines {
        assert!(lines(&text).contains(&line), "{line:?} missing:\n{text}");
    }
    assert_eq!(lines(&text).len(), expected_lines.len() + 2, "{text}");
}

#[test]
fn related_story_cards_inside_the_main_content_go_but_live_blog_entries_stay() {
    let card = |n: usize| {
        format!(
            "<article class=\"gc\"><h3>Other story {n}</h3><p>A summary of another story, \
             long enough to read like a paragraph of text.</p></article>"
        )
    };
    let page = format!(
        "<body><main><h1>Headline</h1><div class=\"wysiwyg\">{}</div>\
         <div class=\"more\"><h2>More news</h2>{}{}</div></main></body>",
        (1..=5).map(story_paragraph).collect::<String>(),
        card(1),
        card(2)
    );
    let text = import_page(&page).text;
    assert!(!text.contains("Other story"), "{text}");
    assert!(text.contains("Story paragraph 5"));
}
