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

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, NodeRef, iter::Edge};
use scraper::{Html, Node};
use serde_json::Value;

use super::layout::TextLayout;
use crate::model::ArticleMetadata;
use crate::model::article::is_plausible_language_tag;
use crate::model::timestamp;

/// The readable text and metadata of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtractedPage {
    pub metadata: ArticleMetadata,
    /// One paragraph per line, `\n` line endings, no empty lines.
    pub text: String,
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
    let walked = walk(root, &analysis, root_len, story, &mut layout);
    let mut text = layout.finish();

    let metadata = page_metadata(
        &doc,
        first_usable_h1(&doc, &analysis),
        &article_scope(root, &analysis),
    );
    if !walked.headline_shown
        && let Some(node) = headline(&doc, root, &analysis, &metadata.title)
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
    ExtractedPage { metadata, text }
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

// ---------------------------------------------------------------------------------------
// Which elements are content

/// Elements whose content a reader never sees as article text.
const ALWAYS_DROPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "base",
    "button",
    "input",
    "select",
    "option",
    "optgroup",
    "datalist",
    "textarea",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "canvas",
    "video",
    "audio",
    "source",
    "track",
    "map",
    "area",
    "img",
    "picture",
    "dialog",
    "menu",
    "rt",
    "rp",
    // AMP's ads, embeds, media and page machinery (their placeholders say "Loading…").
    "amp-ad",
    "amp-embed",
    "amp-sticky-ad",
    "amp-auto-ads",
    "amp-iframe",
    "amp-analytics",
    "amp-pixel",
    "amp-sidebar",
    "amp-img",
    "amp-anim",
    "amp-video",
    "amp-audio",
    "amp-youtube",
    "amp-consent",
    "amp-user-notification",
    "amp-geo",
    "amp-lightbox",
    "amp-social-share",
    "amp-next-page",
];

/// Page furniture, dropped by tag.
const FURNITURE: &[&str] = &["nav", "aside", "footer"];

/// Elements laid out as blocks (a new line before and after).
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "nav",
    "ol",
    "p",
    "plaintext",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
    "xmp",
];

/// Words in a class or id that mark page furniture whatever else the element says.
const STRONG_JUNK: &[&str] = &[
    "comment",
    "comments",
    "disqus",
    "respond",
    "advert",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "adslot",
    "adunit",
    "dfp",
    "gpt",
    "sponsored",
    "outbrain",
    "taboola",
    "newsletter",
    "cookie",
    "cookies",
    "consent",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "paywall",
    "related",
    "recommended",
    "promo",
    "pullquote",
    "signup",
    "readmore",
    "readalso",
    "readnext",
    "moreon",
    "morestories",
];

/// Words in a class or id that usually mark furniture, unless the element also says it is
/// the content and holds a good deal of text.
const WEAK_JUNK: &[&str] = &[
    "share",
    "sharing",
    "social",
    "recirc",
    "trending",
    "popular",
    "subscribe",
    "subscription",
    "sidebar",
    "widget",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "header",
    "masthead",
    "toolbar",
    "tags",
    "popup",
    "modal",
    "banner",
    "button",
    "btn",
    "cta",
    "kicker",
    "eyebrow",
    "meta",
    "submeta",
    "tag",
    "taglist",
    "links",
    "player",
    "skip",
    "skiplink",
];

/// Whole class names that hide an element from sight (it is for screen readers only).
const VISUALLY_HIDDEN: &[&str] = &[
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screen-reader-only",
    "hidden",
    "hide",
    "d-none",
];

/// Words that mark the content itself.
const POSITIVE: &[&str] = &[
    "article", "content", "story", "body", "main", "post", "entry", "text", "prose",
];

/// A positive word only saves a weakly-junk element holding at least this much text.
const POSITIVE_MIN_CHARS: u32 = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Junk {
    No,
    /// Never content (scripts, hidden elements, images…).
    Always,
    /// Page furniture by tag or by class.
    Furniture,
    /// A `<form>`: junk unless it holds most of the article (some sites wrap the whole page
    /// in one).
    Form,
}

#[derive(Clone, Copy, Debug)]
struct Info {
    /// Visible non-space characters in the subtree, furniture excluded.
    len: u32,
    junk: Junk,
    /// Furniture because it is a header (a `<header>`, or a class naming it one): inside
    /// the article its headings and standfirst are still shown.
    header: bool,
    /// Non-space characters and commas of the text this block lays out itself (not inside
    /// a nested block): a paragraph's words, or a `<td>` of `<br>`-separated prose.
    own_chars: u32,
    own_commas: u32,
}

/// Whether class names and ids mark furniture in an analysis.
enum ClassWords {
    Ignored,
    /// Heeded, except on the elements holding the story's densest prose.
    Heeded {
        story_holders: HashSet<NodeId>,
    },
}

/// One open element during the analysis pass.
#[derive(Default)]
struct Open {
    len: u32,
    /// Text inside `<figcaption>`s directly in this element.
    caption_len: u32,
    /// An image, video or other media element is inside.
    has_media: bool,
    /// A table, quotation, list or preformatted text is inside (a figure that holds text).
    has_text_block: bool,
    has_candidate: bool,
    is_block: bool,
    own_chars: u32,
    own_commas: u32,
}

/// Per-element facts gathered in one pass over the tree (iteratively: pages can nest
/// thousands of levels deep).
struct Analysis {
    info: HashMap<NodeId, Info>,
}

impl Analysis {
    fn new(doc: &Html, class_words: &ClassWords) -> Self {
        let mut info = HashMap::new();
        let mut stack: Vec<Open> = vec![Open {
            is_block: true,
            ..Open::default()
        }];
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Text(t) => {
                        let chars = t.chars().filter(|c| !c.is_whitespace()).count() as u32;
                        let commas =
                            t.chars().filter(|c| matches!(c, ',' | '،' | '，')).count() as u32;
                        if let Some(top) = stack.last_mut() {
                            top.len = top.len.saturating_add(chars);
                        }
                        if let Some(block) = stack.iter_mut().rev().find(|o| o.is_block) {
                            block.own_chars = block.own_chars.saturating_add(chars);
                            block.own_commas = block.own_commas.saturating_add(commas);
                        }
                    }
                    Node::Element(el) => stack.push(Open {
                        is_block: BLOCKS.contains(&el.name()) || matches!(el.name(), "td" | "th"),
                        ..Open::default()
                    }),
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(el) = node.value() else {
                        continue;
                    };
                    let open = stack.pop().unwrap_or_default();
                    let has_candidate = open.has_candidate || is_candidate(el);
                    let heed_class = match class_words {
                        ClassWords::Ignored => false,
                        ClassWords::Heeded { story_holders } => !story_holders.contains(&node.id()),
                    };
                    let (mut junk, header) = classify(el, open.len, has_candidate, heed_class);
                    // A figure of a picture or video: what is left once its caption goes
                    // is media, and captions and credits are not the article's words. A
                    // figure holding a table or a quotation is text and stays.
                    if el.name() == "figure"
                        && junk == Junk::No
                        && !open.has_text_block
                        && (open.has_media || open.len <= open.caption_len)
                    {
                        junk = Junk::Always;
                    }
                    let is_media = matches!(
                        el.name(),
                        "img"
                            | "picture"
                            | "video"
                            | "audio"
                            | "iframe"
                            | "svg"
                            | "canvas"
                            | "object"
                            | "embed"
                            | "amp-img"
                            | "amp-video"
                            | "amp-youtube"
                    );
                    let is_text_block = matches!(
                        el.name(),
                        "table" | "blockquote" | "pre" | "ul" | "ol" | "dl"
                    );
                    let len = match junk {
                        Junk::No | Junk::Form => open.len,
                        Junk::Always | Junk::Furniture => 0,
                    };
                    if let Some(parent) = stack.last_mut() {
                        parent.len = parent.len.saturating_add(len);
                        parent.has_candidate |= has_candidate;
                        parent.has_media |= open.has_media || is_media;
                        parent.has_text_block |= open.has_text_block || is_text_block;
                        if el.name() == "figcaption" {
                            parent.caption_len = parent.caption_len.saturating_add(len);
                        }
                    }
                    info.insert(
                        node.id(),
                        Info {
                            len,
                            junk,
                            header,
                            own_chars: open.own_chars,
                            own_commas: open.own_commas,
                        },
                    );
                }
            }
        }
        Self { info }
    }

    fn get(&self, id: NodeId) -> Option<&Info> {
        self.info.get(&id)
    }

    fn len(&self, id: NodeId) -> u32 {
        self.get(id).map_or(0, |i| i.len)
    }

    fn junk(&self, id: NodeId) -> Junk {
        self.get(id).map_or(Junk::No, |i| i.junk)
    }

    fn is_header(&self, id: NodeId) -> bool {
        self.get(id).is_some_and(|i| i.header)
    }
}

/// Markup that says "the article is here" (a reader comment marked up as an `<article>`
/// does not count).
fn is_candidate(el: &scraper::node::Element) -> bool {
    (matches!(el.name(), "article" | "main")
        || attr_has_token(el, "itemprop", "articleBody")
        || attr_has_token(el, "role", "main"))
        && !class_words(el).any(|w| STRONG_JUNK.contains(&w.as_str()))
}

fn attr_has_token(el: &scraper::node::Element, attr: &str, token: &str) -> bool {
    el.attr(attr).is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

/// The words of an element's class names, id and component hooks ([`hook_words`]), and
/// each pair of neighbouring words joined, so `pull-quote`, `PullQuote` and `pullquote`,
/// or `ssrcss-1f39n02-VisuallyHidden`, all say what they are.
fn class_words(el: &scraper::node::Element) -> impl Iterator<Item = String> {
    let words = hook_words(el);
    let pairs: Vec<String> = words
        .windows(2)
        .map(|p| format!("{}{}", p[0], p[1]))
        .collect();
    words.into_iter().chain(pairs)
}

fn is_visually_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    el.classes().any(|c| {
        VISUALLY_HIDDEN
            .iter()
            .any(|hidden| c.eq_ignore_ascii_case(hidden))
    }) || class_words(el).any(|w| {
        matches!(
            w.as_str(),
            "visuallyhidden" | "sronly" | "screenreadertext" | "screenreaderonly" | "offscreen"
        )
    })
}

/// Whether an element is content, and whether it is furniture because it is a header.
fn classify(
    el: &scraper::node::Element,
    raw_len: u32,
    has_candidate: bool,
    heed_class: bool,
) -> (Junk, bool) {
    let name = el.name();
    if ALWAYS_DROPPED.contains(&name) || is_visually_hidden(el) {
        return (Junk::Always, false);
    }
    if FURNITURE.contains(&name) {
        return (Junk::Furniture, false);
    }
    // A page-level <header> or a wrapper may hold the whole story; those are not furniture.
    if has_candidate && matches!(name, "html" | "body" | "header" | "div" | "section") {
        return (Junk::No, false);
    }
    if name == "header" {
        return (Junk::Furniture, true);
    }
    if name == "form" {
        return (Junk::Form, false);
    }
    if !heed_class || matches!(name, "html" | "body" | "main" | "article") {
        return (Junk::No, false);
    }
    // A heading's class saying it is a header ("header-anchor") says nothing more.
    let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    let mut strong = false;
    let mut weak = false;
    let mut only_header = true;
    let mut positive = false;
    for word in class_words(el) {
        strong |= STRONG_JUNK.contains(&word.as_str());
        if WEAK_JUNK.contains(&word.as_str()) && !(heading && word == "header") {
            weak = true;
            only_header &= word == "header";
        }
        positive |= POSITIVE.contains(&word.as_str());
    }
    if strong && !has_candidate {
        return (Junk::Furniture, false);
    }
    if weak && !has_candidate && !(positive && raw_len >= POSITIVE_MIN_CHARS) {
        return (Junk::Furniture, only_header);
    }
    (Junk::No, false)
}

/// Words of an element's class names, id and test hooks, split also where a lowercase
/// letter meets a capital (`ArticleDek_root__x5` → article, dek, root, x5), lowercased.
fn hook_words(el: &scraper::node::Element) -> Vec<String> {
    let mut words = Vec::new();
    let names = el.classes().chain(el.id()).chain(
        ["data-test", "data-testid", "data-component", "itemprop"]
            .into_iter()
            .filter_map(|a| el.attr(a)),
    );
    for name in names {
        for part in name.split(|c: char| !c.is_alphanumeric()) {
            let mut word = String::new();
            let mut prev_lower = false;
            for ch in part.chars() {
                if ch.is_uppercase() && prev_lower && !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
                word.extend(ch.to_lowercase());
            }
            if !word.is_empty() {
                words.push(word);
            }
        }
    }
    words
}

/// Whether an element is a standfirst: the sentence or two under a headline that sum the
/// story up ("dek", "standfirst", "summary", "subhead"…).
fn is_standfirst(el: &scraper::node::Element) -> bool {
    const WORDS: &[&str] = &[
        "dek",
        "standfirst",
        "strapline",
        "subhead",
        "subheading",
        "subheadline",
        "subtitle",
        "summary",
        "description",
        "lede",
        "intro",
        "excerpt",
    ];
    let words = hook_words(el);
    words.iter().any(|w| WORDS.contains(&w.as_str()))
        || words
            .windows(2)
            .any(|pair| WORDS.contains(&format!("{}{}", pair[0], pair[1]).as_str()))
}

// ---------------------------------------------------------------------------------------
// Choosing the element that holds the article

fn choose_root<'a>(doc: &'a Html, analysis: &Analysis) -> NodeRef<'a, Node> {
    // Candidates by markup, each with whether it sits inside furniture (a teaser
    // <article> in an <aside>, an <article> per reader comment).
    let mut articles = Vec::new();
    let mut mains = Vec::new();
    let mut furniture_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                let junk = analysis.junk(node.id());
                let in_furniture = furniture_depth > 0 || junk == Junk::Furniture;
                if matches!(junk, Junk::Furniture | Junk::Always) {
                    furniture_depth += 1;
                }
                if junk == Junk::Always {
                    continue;
                }
                if el.name() == "article" || attr_has_token(el, "itemprop", "articleBody") {
                    articles.push((node, in_furniture));
                } else if el.name() == "main" || attr_has_token(el, "role", "main") {
                    mains.push((node, in_furniture));
                }
            }
            Edge::Close(node) => {
                if matches!(analysis.junk(node.id()), Junk::Furniture | Junk::Always) {
                    furniture_depth -= 1;
                }
            }
        }
    }
    let best = |list: &[(NodeRef<'a, Node>, bool)]| {
        // Outside furniture if any is; the one with the most text; the outermost on a tie.
        let any_outside = list.iter().any(|(_, inside)| !inside);
        list.iter()
            .filter(|(_, inside)| !any_outside || !inside)
            .map(|(node, _)| *node)
            .fold(None::<NodeRef<'a, Node>>, |best, node| match best {
                Some(b) if analysis.len(b.id()) >= analysis.len(node.id()) => Some(b),
                _ => Some(node),
            })
    };
    let article = best(&articles);
    let main = best(&mains);
    let by_markup = match (article, main) {
        (Some(a), Some(m)) => {
            // An <article> holding the story wins; a page of small teaser <article>s
            // inside a <main> that holds the story does not.
            if analysis.len(a.id()) * 5 >= analysis.len(m.id()) * 2 {
                Some(a)
            } else {
                Some(m)
            }
        }
        (a, m) => a.or(m),
    };
    let by_paragraphs = densest_paragraphs(doc, analysis);
    let root = match (by_markup, by_paragraphs) {
        (Some(m), Some(p)) => {
            if markup_holds_story(m, p, analysis) {
                m
            } else {
                p
            }
        }
        (Some(m), None) => m,
        (None, Some(p)) => p,
        (None, None) => body_or_root(doc),
    };
    if analysis.len(root.id()) == 0 {
        body_or_root(doc)
    } else {
        root
    }
}

/// Whether the element chosen by markup (`m`) holds the story rather than the element
/// whose paragraphs carry the most prose (`p`).
fn markup_holds_story(m: NodeRef<'_, Node>, p: NodeRef<'_, Node>, analysis: &Analysis) -> bool {
    let (m_len, p_len) = (
        u64::from(analysis.len(m.id())),
        u64::from(analysis.len(p.id())),
    );
    if m.id() == p.id() || p.ancestors().any(|a| a.id() == m.id()) {
        // The markup wraps the paragraphs.
        return true;
    }
    if m.ancestors().any(|a| a.id() == p.id()) {
        // The markup is inside the paragraphs' element: it must hold a fair share of them
        // (an <article> that wraps only the headline does not).
        return m_len * 10 >= p_len * 3;
    }
    // Elsewhere on the page: a teaser <article> in a list of related stories is often as
    // long as a third of the story. Markup elsewhere wins only with at least half the
    // text, and one of several sibling <article>s (cards) only with more.
    let has_sibling_articles = m.prev_siblings().chain(m.next_siblings()).any(|s| {
        s.value()
            .as_element()
            .is_some_and(|e| e.name() == "article")
    });
    if has_sibling_articles {
        m_len > p_len
    } else {
        m_len * 2 >= p_len
    }
}

fn body_or_root(doc: &Html) -> NodeRef<'_, Node> {
    doc.tree
        .root()
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or_else(|| doc.tree.root())
}

/// The element whose paragraphs hold the most prose (a simplified form of the scoring used
/// by reader modes). Each block that lays out at least a sentence of text scores by its
/// length and commas: a paragraph credits its parent in full and its grandparent half; a
/// container holding prose itself (a `<div>` or `<td>` of `<br>`-separated text) credits
/// itself in full and its parent half. When the best element's siblings also score well the
/// article is split across them, and their parent is taken.
fn densest_paragraphs<'a>(doc: &'a Html, analysis: &Analysis) -> Option<NodeRef<'a, Node>> {
    const CONTAINERS: &[&str] = &[
        "div", "td", "th", "section", "article", "main", "center", "body", "form",
    ];
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let mut skip_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                if matches!(analysis.junk(node.id()), Junk::Always | Junk::Furniture) {
                    skip_depth += 1;
                }
                let Some(info) = analysis.get(node.id()) else {
                    continue;
                };
                if skip_depth > 0 || info.own_chars < 25 {
                    continue;
                }
                let score =
                    1.0 + f64::from(info.own_commas) + (f64::from(info.own_chars) / 100.0).min(3.0);
                let (first, second) = if CONTAINERS.contains(&el.name()) {
                    (Some(node), node.parent())
                } else {
                    (node.parent(), node.parent().and_then(|p| p.parent()))
                };
                if let Some(first) = first {
                    *scores.entry(first.id()).or_default() += score;
                }
                if let Some(second) = second {
                    *scores.entry(second.id()).or_default() += score / 2.0;
                }
            }
            Edge::Close(node) => {
                if node.value().is_element()
                    && matches!(analysis.junk(node.id()), Junk::Always | Junk::Furniture)
                {
                    skip_depth -= 1;
                }
            }
        }
    }
    let is_top_level = |id: NodeId| {
        doc.tree
            .get(id)
            .and_then(|n| {
                n.value()
                    .as_element()
                    .map(|e| matches!(e.name(), "html" | "body"))
            })
            .unwrap_or(true)
    };
    let (&top_id, &top) = scores
        .iter()
        .filter(|(id, _)| !is_top_level(**id))
        .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
    let top_node = doc.tree.get(top_id)?;
    if let Some(parent) = top_node.parent()
        && !is_top_level(parent.id())
    {
        let split = parent.children().any(|sibling| {
            sibling.id() != top_id && scores.get(&sibling.id()).is_some_and(|&s| s >= top * 0.2)
        });
        if split {
            return Some(parent);
        }
    }
    Some(top_node)
}

// ---------------------------------------------------------------------------------------
// Laying out the text

#[derive(Default)]
struct Walked {
    /// An `<h1>` with text was laid out.
    headline_shown: bool,
}

fn walk(
    root: NodeRef<'_, Node>,
    analysis: &Analysis,
    root_len: u32,
    story: Option<(NodeId, Option<NodeId>)>,
    out: &mut TextLayout,
) -> Walked {
    let mut walked = Walked::default();
    let mut skipping: Option<NodeId> = None;
    let mut pre_depth = 0usize;
    // Inside a header of the article: only headings, the standfirst and (in an entry's
    // header, one without the headline) the time are shown.
    let mut header: Option<(NodeId, bool)> = None;
    let mut kept_in_header: Option<NodeId> = None;
    let root_is_page = root
        .value()
        .as_element()
        .is_none_or(|e| matches!(e.name(), "html" | "body"));
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(_) if header.is_some() && kept_in_header.is_none() => {}
                    Node::Text(t) => {
                        if pre_depth > 0 {
                            out.preformatted(t);
                        } else {
                            out.text(t);
                        }
                    }
                    Node::Element(el) => {
                        let junk = match analysis.junk(node.id()) {
                            Junk::Form => analysis.len(node.id()) * 2 < root_len,
                            Junk::No => false,
                            Junk::Always | Junk::Furniture => true,
                        };
                        let name = el.name();
                        if junk
                            && node.id() != root.id()
                            && analysis.is_header(node.id())
                            && (header.is_some() || is_article_header(node, root, root_is_page))
                        {
                            if header.is_none() {
                                let has_h1 = node.descendants().any(|d| {
                                    d.value().as_element().is_some_and(|e| e.name() == "h1")
                                });
                                header = Some((node.id(), !has_h1));
                            }
                            out.block_boundary();
                            continue;
                        }
                        let related_card = name == "article"
                            && story.is_some_and(|(story, entries)| {
                                node.id() != story
                                    && node.parent().map(|p| p.id()) != entries
                                    && !node.ancestors().any(|a| a.id() == story)
                                    && !node.descendants().any(|d| d.id() == story)
                            });
                        if (junk || related_card) && node.id() != root.id() {
                            skipping = Some(node.id());
                            continue;
                        }
                        if let Some((_, keep_time)) = header
                            && kept_in_header.is_none()
                        {
                            let keep = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                                || is_standfirst(el)
                                || (keep_time && name == "time");
                            if !keep {
                                continue;
                            }
                            kept_in_header = Some(node.id());
                            out.block_boundary();
                        }
                        if BLOCKS.contains(&name) {
                            out.block_boundary();
                        }
                        match name {
                            "br" => out.line_break(),
                            // A footnote marker (a link to a note on the page) is dropped;
                            // a raised number touching what comes before is an exponent or
                            // a note number, and "10^6" keeps it from reading "106".
                            "sup" => {
                                let links_to_note = node.descendants().any(|d| {
                                    d.value().as_element().is_some_and(|e| {
                                        e.name() == "a"
                                            && e.attr("href").is_some_and(|h| h.starts_with('#'))
                                    })
                                });
                                if links_to_note {
                                    skipping = Some(node.id());
                                    continue;
                                }
                                let raised = collapsed_text(node);
                                let numeric = !raised.is_empty()
                                    && raised.chars().all(|c| {
                                        c.is_numeric() || matches!(c, '-' | '−' | '+' | '.' | ',')
                                    });
                                if numeric && out.touching_char().is_some() {
                                    out.text("^");
                                }
                            }
                            "pre" | "listing" | "xmp" | "plaintext" | "textarea" => pre_depth += 1,
                            "h1" => {
                                walked.headline_shown |= !collapsed_text(node).is_empty();
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if header.is_some_and(|(id, _)| id == node.id()) {
                    header = None;
                    out.block_boundary();
                    continue;
                }
                if header.is_some() && kept_in_header.is_none() {
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if matches!(name, "pre" | "listing" | "xmp" | "plaintext" | "textarea") {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                    if matches!(name, "td" | "th") {
                        out.cell_boundary();
                    }
                    if BLOCKS.contains(&name) {
                        out.block_boundary();
                    }
                }
                if kept_in_header == Some(node.id()) {
                    kept_in_header = None;
                    out.block_boundary();
                }
            }
        }
    }
    walked
}

/// Whether a header dropped as furniture belongs to the article (its headline and
/// standfirst, a live-blog entry's title and time) rather than to the page (the site's
/// banner with its logo and menus).
fn is_article_header(node: NodeRef<'_, Node>, root: NodeRef<'_, Node>, root_is_page: bool) -> bool {
    let Some(el) = node.value().as_element() else {
        return false;
    };
    if attr_has_token(el, "role", "banner")
        || node
            .descendants()
            .any(|d| d.value().as_element().is_some_and(|e| e.name() == "nav"))
    {
        return false;
    }
    if !root_is_page {
        return true;
    }
    // The whole page was taken: only a header inside an article or the main content.
    node.ancestors()
        .take_while(|a| a.id() != root.id())
        .filter_map(|a| a.value().as_element())
        .any(|e| {
            matches!(e.name(), "article" | "main")
                || attr_has_token(e, "itemprop", "articleBody")
                || attr_has_token(e, "role", "main")
        })
}

/// An element's text with whitespace collapsed and trimmed, as one line.
fn collapsed_text(node: NodeRef<'_, Node>) -> String {
    let mut layout = TextLayout::new();
    for d in node.descendants() {
        if let Some(t) = d.value().as_text() {
            layout.text(t);
        }
    }
    layout.finish()
}

/// Whether a node is shown at all and sits outside page furniture.
fn outside_furniture(node: &NodeRef<'_, Node>, analysis: &Analysis) -> bool {
    std::iter::once(*node)
        .chain(node.ancestors())
        .all(|a| analysis.junk(a.id()) == Junk::No || analysis.junk(a.id()) == Junk::Form)
}

fn first_usable_h1(doc: &Html, analysis: &Analysis) -> Option<String> {
    doc.tree
        .root()
        .descendants()
        .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "h1"))
        .filter(|n| outside_furniture(n, analysis))
        .map(collapsed_text)
        .find(|t| !t.is_empty())
}

/// The headline when the walk did not lay it out: the first `<h1>` inside the article
/// (pages put it in the article's `<header>`), else a heading outside page furniture whose
/// text is the page's title (a blog's `<h2 class="entry-title">` beside the post body).
fn headline<'a>(
    doc: &'a Html,
    root: NodeRef<'a, Node>,
    analysis: &Analysis,
    title: &str,
) -> Option<NodeRef<'a, Node>> {
    let is_h1 = |n: &NodeRef<'_, Node>| n.value().as_element().is_some_and(|e| e.name() == "h1");
    let shown = |n: &NodeRef<'_, Node>| {
        std::iter::once(*n)
            .chain(n.ancestors())
            .all(|a| analysis.junk(a.id()) != Junk::Always)
    };
    let inside = root
        .descendants()
        .find(|n| is_h1(n) && shown(n) && !collapsed_text(*n).is_empty());
    if inside.is_some() {
        return inside;
    }
    if title.is_empty() {
        return None;
    }
    // Headers count as outside furniture here: the article's header is often a sibling
    // of its body.
    let outside = |n: &NodeRef<'_, Node>| {
        std::iter::once(*n).chain(n.ancestors()).all(|a| {
            matches!(analysis.junk(a.id()), Junk::No | Junk::Form) || analysis.is_header(a.id())
        })
    };
    doc.tree.root().descendants().find(|n| {
        n.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "h1" | "h2" | "h3"))
            && outside(n)
            && collapsed_text(*n) == title
    })
}

/// The standfirst under a headline the walk did not lay out: the first element marked as
/// one that follows the headline in its header (or, without a header, its parent).
fn standfirst_after(headline: NodeRef<'_, Node>, analysis: &Analysis) -> Option<String> {
    let container = headline
        .ancestors()
        .take(4)
        .find(|a| {
            analysis.is_header(a.id())
                || a.value().as_element().is_some_and(|e| e.name() == "hgroup")
        })
        .or_else(|| headline.parent())?;
    let mut after = false;
    for node in container.descendants() {
        if node.id() == headline.id() {
            after = true;
            continue;
        }
        if !after || node.ancestors().any(|a| a.id() == headline.id()) {
            continue;
        }
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let hidden = std::iter::once(node)
            .chain(node.ancestors())
            .take_while(|a| a.id() != container.id())
            .any(|a| analysis.junk(a.id()) == Junk::Always);
        if !hidden && is_standfirst(el) {
            let text = collapsed_text(node);
            if !text.is_empty() {
                return Some(text);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Metadata

/// `<meta>` values by lowercased `property`, `name` or `itemprop`; the first of each wins.
fn meta_values(doc: &Html) -> HashMap<String, String> {
    let mut metas = HashMap::new();
    for node in doc.tree.root().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        if el.name() != "meta" {
            continue;
        }
        let Some(content) = el.attr("content") else {
            continue;
        };
        let content = one_line(content);
        if content.is_empty() {
            continue;
        }
        for key in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(k) = el.attr(key) {
                metas
                    .entry(k.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.clone());
            }
        }
    }
    metas
}

/// Collapse runs of ASCII whitespace (what HTML collapses) to single spaces and trim. Other
/// spaces (no-break, ideographic) are the author's and stay as written.
fn one_line(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// The JSON-LD object describing the article, if the page has one. Only parsed as data.
fn json_ld_article(doc: &Html) -> Option<Value> {
    // schema.org's Article and the subtypes news sites use.
    const ARTICLE_TYPES: &[&str] = &[
        "Article",
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "SatiricalArticle",
        "AdvertiserContentArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "MedicalScholarlyArticle",
        "TechArticle",
    ];
    let mut found = Vec::new();
    for node in doc.tree.root().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        if el.name() != "script"
            || !el
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
        {
            continue;
        }
        let json: String = node
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
            .collect();
        let parsed = serde_json::from_str::<Value>(&json)
            .or_else(|_| serde_json::from_str::<Value>(&repair_json(&json)));
        if let Ok(value) = parsed {
            collect_typed(&value, ARTICLE_TYPES, &mut found, 0);
        }
    }
    found.into_iter().next()
}

/// JSON-LD as sites write it, made strict: the two faults browsers' consumers forgive most
/// often, raw line breaks or tabs inside a string and a comma before a closing bracket,
/// are repaired. Anything else stays as it was (and fails to parse).
fn repair_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    for (at, ch) in json.char_indices() {
        if in_string {
            match ch {
                _ if escaped => {
                    escaped = false;
                    out.push(ch);
                }
                '\\' => {
                    escaped = true;
                    out.push(ch);
                }
                '"' => {
                    in_string = false;
                    out.push(ch);
                }
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
            continue;
        }
        match ch {
            '"' => {
                in_string = true;
                out.push(ch);
            }
            ',' => {
                let next = json[at + 1..].trim_start().chars().next();
                if !matches!(next, Some('}' | ']')) {
                    out.push(ch);
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn collect_typed(value: &Value, types: &[&str], out: &mut Vec<Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_typed(item, types, out, depth + 1);
            }
        }
        Value::Object(map) => {
            let typed = match map.get("@type") {
                Some(Value::String(t)) => types.contains(&t.as_str()),
                Some(Value::Array(ts)) => ts
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| types.contains(&t))),
                _ => false,
            };
            if typed {
                out.push(value.clone());
            }
            if let Some(graph) = map.get("@graph") {
                collect_typed(graph, types, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Whether a JSON-LD author is an organization (or a list of only organizations).
fn ld_is_organization(value: &Value) -> bool {
    match value {
        Value::Object(map) => match map.get("@type") {
            Some(Value::String(t)) => t.ends_with("Organization"),
            Some(Value::Array(ts)) => ts
                .iter()
                .any(|t| t.as_str().is_some_and(|t| t.ends_with("Organization"))),
            _ => false,
        },
        Value::Array(items) => !items.is_empty() && items.iter().all(ld_is_organization),
        _ => false,
    }
}

/// A JSON-LD value as text: a string, an object's `name`, or a list of those.
fn ld_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(one_line(s)).filter(|s| !s.is_empty()),
        Value::Object(map) => map.get("name").and_then(ld_text),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(ld_text).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// The chosen article and what comes just before it (its header, a blog post's dateline
/// beside the post body): where a date in the markup belongs to this story. Related
/// stories' cards come after the story or in furniture, and stay out.
fn article_scope<'a>(root: NodeRef<'a, Node>, analysis: &Analysis) -> Vec<NodeRef<'a, Node>> {
    let mut scope = vec![root];
    let page_level = |n: &NodeRef<'_, Node>| {
        n.value()
            .as_element()
            .is_none_or(|e| matches!(e.name(), "html" | "body"))
    };
    for level in std::iter::once(root).chain(root.parent()) {
        if page_level(&level) {
            break;
        }
        scope.extend(
            level
                .prev_siblings()
                .filter(|s| analysis.junk(s.id()) == Junk::No || analysis.is_header(s.id())),
        );
    }
    scope
}

fn page_metadata(
    doc: &Html,
    first_h1: Option<String>,
    scope: &[NodeRef<'_, Node>],
) -> ArticleMetadata {
    let metas = meta_values(doc);
    let meta = |keys: &[&str]| keys.iter().find_map(|k| metas.get(*k).cloned());
    let ld = json_ld_article(doc);
    let ld_field = |key: &str| ld.as_ref().and_then(|v| v.get(key));

    let site_name = meta(&["og:site_name"])
        .or_else(|| ld_field("publisher").and_then(ld_text))
        .or_else(|| meta(&["application-name"]));

    let title_element = doc
        .tree
        .root()
        .descendants()
        .find(|n| {
            n.value().as_element().is_some_and(|e| e.name() == "title")
                && !n
                    .ancestors()
                    .any(|a| a.value().as_element().is_some_and(|e| e.name() == "svg"))
        })
        .map(collapsed_text)
        .filter(|t| !t.is_empty());
    let ld_headline = ld_field("headline").and_then(ld_text);
    let og_title = meta(&["og:title"]);
    let mut headlines: Vec<&str> = [&first_h1, &ld_headline]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let sites = SiteNames {
        declared: site_name.iter().cloned().collect(),
        ..site_names_on_page(doc, &headlines)
    };
    let og_title = og_title.map(|t| split_site_name(&t, &sites, &headlines).0);
    headlines.extend(og_title.as_deref());
    let (element_title, named_site) = match &title_element {
        Some(t) => split_site_name(t, &sites, &headlines),
        None => (String::new(), None),
    };
    let outlet = site_name.or(named_site);
    let title = og_title
        .or(Some(element_title).filter(|t| !t.is_empty()))
        .or(ld_headline)
        .or(first_h1)
        .unwrap_or_default();

    // People before organizations: many outlets name themselves as the author in JSON-LD
    // and meta tags (or give a social-media page's address) and the reporter in the byline.
    let usable = |a: String| Some(clean_author(&a)).filter(|a| !a.is_empty() && !looks_like_url(a));
    let ld_author = ld_field("author");
    let ld_people = ld_author
        .filter(|a| !ld_is_organization(a))
        .and_then(ld_text);
    let ld_organization = ld_author
        .filter(|a| ld_is_organization(a))
        .and_then(ld_text);
    let author = [
        ld_people,
        meta(&["author", "article:author", "parsely-author", "dc.creator"]),
        byline_text(doc),
        ld_organization,
    ]
    .into_iter()
    .flatten()
    .find_map(usable);

    let published = [
        meta(&["article:published_time"]),
        ld_field("datePublished")
            .and_then(Value::as_str)
            .map(str::to_string),
        meta(&[
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "sailthru.date",
            "parsely-pub-date",
            "og:article:published_time",
            "article.published",
        ]),
        first_time_datetime(scope),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| normalize_date(&d));

    let canonical = doc
        .tree
        .root()
        .descendants()
        .filter_map(|n| n.value().as_element())
        .find(|e| e.name() == "link" && attr_has_token(e, "rel", "canonical"))
        .and_then(|e| e.attr("href"))
        .map(str::trim)
        .filter(|u| is_web_url(u))
        .map(str::to_string);
    let ld_url = ld_field("url")
        .and_then(Value::as_str)
        .or_else(|| {
            ld_field("mainEntityOfPage").and_then(|m| m.as_str().or_else(|| m.get("@id")?.as_str()))
        })
        .map(str::trim)
        .filter(|u| is_web_url(u))
        .map(str::to_string);
    let url = canonical
        .or_else(|| meta(&["og:url"]).filter(|u| is_web_url(u)))
        .or(ld_url)
        .or_else(|| saved_from_url(doc));

    let language = doc
        .tree
        .root()
        .descendants()
        .filter_map(|n| n.value().as_element())
        .find(|e| e.name() == "html")
        .and_then(|e| e.attr("lang").or_else(|| e.attr("xml:lang")))
        .and_then(normalize_language)
        .or_else(|| meta(&["content-language"]).and_then(|l| normalize_language(&l)))
        .or_else(|| {
            ld_field("inLanguage")
                .and_then(Value::as_str)
                .and_then(normalize_language)
        })
        .or_else(|| meta(&["og:locale"]).and_then(|l| normalize_language(&l)));

    ArticleMetadata {
        title,
        url,
        outlet,
        author,
        published,
        retrieved: None,
        language,
    }
}

/// What a page says its site is called.
#[derive(Debug, Default)]
pub struct SiteNames {
    /// Declared: `og:site_name`, JSON-LD publisher, `application-name`. A title part that
    /// starts with one ("CNN Politics" for "CNN") names the site too.
    pub declared: Vec<String>,
    /// Shown on the page as a name: a logo's `alt`, a blog's `<h1>`, a logo element's text.
    pub shown: Vec<String>,
    /// What follows a copyright sign ("© Valley Weekly 2009").
    pub copyright: Vec<String>,
}

impl SiteNames {
    fn names(&self, part: &str) -> bool {
        let part = one_line(part).to_lowercase();
        if part.is_empty() {
            return false;
        }
        let declared = self.declared.iter().map(|s| one_line(s).to_lowercase());
        let shown = self.shown.iter().map(|s| one_line(s).to_lowercase());
        declared.clone().any(|site| {
            !site.is_empty()
                && (part == site
                    || part.replace(' ', "") == site.replace(' ', "")
                    || part.starts_with(&format!("{site} ")))
        }) || shown.into_iter().any(|name| name == part)
            || self.copyright.iter().any(|line| {
                let line = one_line(line).to_lowercase();
                line.strip_prefix(&part)
                    .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
            })
    }
}

/// A page title without the site's name ("Headline | Section | Outlet", "Outlet – Headline"),
/// and the part removed when it names the site.
///
/// A part goes only when it is certainly not the headline's: it is one of the page's `sites`
/// (then section names between it and the headline go too), or what is left is exactly one
/// of the page's `headlines` (its `<h1>`, `og:title`, JSON-LD headline). Otherwise the
/// title stays whole: a headline's own subtitle ("Trial results - what the data says")
/// looks just like a site name.
pub fn split_site_name(
    title: &str,
    sites: &SiteNames,
    headlines: &[&str],
) -> (String, Option<String>) {
    const SEPARATORS: &[&str] = &[
        " | ", " – ", " — ", " - ", " :: ", " · ", " • ", " « ", " » ", " / ", "｜", "：",
    ];
    let title = one_line(title);
    let normal = |s: &str| one_line(s).to_lowercase();
    // The separators in order, as (start, end, separator).
    let mut cuts: Vec<(usize, usize, &str)> = Vec::new();
    let mut at = 0;
    while let Some(rest) = title.get(at..).filter(|r| !r.is_empty()) {
        if let Some(sep) = SEPARATORS.iter().find(|sep| rest.starts_with(**sep)) {
            cuts.push((at, at + sep.len(), sep));
            at += sep.len();
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    let whole = (title.clone(), None);
    let (Some(&first), Some(&last)) = (cuts.first(), cuts.last()) else {
        return whole;
    };
    if headlines.iter().any(|h| normal(h) == normal(&title)) {
        return whole;
    }
    let words = |s: &str| s.split_whitespace().count();
    {
        let names_site = |part: &str| sites.names(part);
        if names_site(&title[last.1..]) && !title[..last.0].trim().is_empty() {
            // Section names before the site's, set off the same way and shorter than what
            // precedes them: "Headline | Politics | The Guardian".
            let mut end = last.0;
            for &(start, stop, sep) in cuts[..cuts.len() - 1].iter().rev() {
                let section = &title[stop..end];
                if sep != last.2 || words(section) > 4 || words(section) >= words(&title[..start]) {
                    break;
                }
                end = start;
            }
            return (
                title[..end].trim().to_string(),
                Some(title[last.1..].trim().to_string()),
            );
        }
        if names_site(&title[..first.0]) && !title[first.1..].trim().is_empty() {
            return (
                title[first.1..].trim().to_string(),
                Some(title[..first.0].trim().to_string()),
            );
        }
    }
    let is_headline = |part: &str| {
        let part = normal(part);
        !part.is_empty() && headlines.iter().any(|h| normal(h) == part)
    };
    for &(start, _, _) in cuts.iter().rev() {
        if is_headline(&title[..start]) {
            return (
                title[..start].trim().to_string(),
                Some(title[last.1..].trim().to_string()).filter(|s| !s.is_empty()),
            );
        }
    }
    for &(_, end, _) in &cuts {
        if is_headline(&title[end..]) {
            return (
                title[end..].trim().to_string(),
                Some(title[..first.0].trim().to_string()).filter(|s| !s.is_empty()),
            );
        }
    }
    whole
}

/// Names the page shows for its site: logos' `alt` text, `<h1>`s that are not the
/// headline (a blog's name in its banner), the text of logo and brand elements, and what
/// follows a copyright sign.
fn site_names_on_page(doc: &Html, headlines: &[&str]) -> SiteNames {
    const MAX_CHARS: usize = 80;
    let mut names = SiteNames::default();
    let short =
        |s: &str| Some(one_line(s)).filter(|s| !s.is_empty() && s.chars().count() <= MAX_CHARS);
    for node in doc.tree.root().descendants() {
        match node.value() {
            Node::Element(el) => {
                let logo = || {
                    hook_words(el)
                        .iter()
                        .any(|w| matches!(w.as_str(), "logo" | "brand" | "wordmark" | "masthead"))
                };
                if el.name() == "img" {
                    names.shown.extend(el.attr("alt").and_then(short));
                } else if el.name() == "h1" || logo() {
                    let text = collapsed_text(node);
                    if !headlines.iter().any(|h| one_line(h) == text) {
                        names.shown.extend(short(&text));
                    }
                }
            }
            Node::Text(t) => {
                for (at, _) in t.match_indices(['©']) {
                    let after = t[at + '©'.len_utf8()..].trim_start();
                    let after = after
                        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '-');
                    names
                        .copyright
                        .extend(short(&after.chars().take(MAX_CHARS).collect::<String>()));
                }
            }
            _ => {}
        }
    }
    names
}

fn byline_text(doc: &Html) -> Option<String> {
    for node in doc.tree.root().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let is_byline = attr_has_token(el, "rel", "author")
            || attr_has_token(el, "itemprop", "author")
            || hook_words(el).iter().any(|w| w == "byline");
        if !is_byline {
            continue;
        }
        // A byline usually names the person in a child itemprop=name (or one whose class
        // says it is the name), beside their job title.
        let named = node
            .descendants()
            .find(|d| {
                d.value().as_element().is_some_and(|e| {
                    attr_has_token(e, "itemprop", "name")
                        || hook_words(e).iter().any(|w| w == "name")
                })
            })
            .map(collapsed_text)
            .filter(|t| !t.is_empty());
        let text = named.unwrap_or_else(|| collapsed_text(node));
        if !text.is_empty() && text.chars().count() <= 200 {
            return Some(text);
        }
    }
    None
}

fn clean_author(author: &str) -> String {
    let author = one_line(author);
    let author = match author.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => author[3..].trim(),
        _ => author.as_str(),
    };
    author.trim_end_matches([',', '|', '-']).trim().to_string()
}

fn looks_like_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && s.len() > 8
        && !s.chars().any(char::is_whitespace)
}

/// A publication date from the markup of the article (never from a related story's card
/// elsewhere on the page): a `<time datetime>` marked as the publication date (else the
/// first one), or a microformat `class="published"` with a machine-readable
/// `title`/`datetime`.
fn first_time_datetime(scope: &[NodeRef<'_, Node>]) -> Option<String> {
    let elements = || {
        scope
            .iter()
            .flat_map(|n| n.descendants())
            .filter_map(|n| n.value().as_element())
    };
    let marked = elements().find_map(|e| {
        let published = e.attr("pubdate").is_some()
            || attr_has_token(e, "itemprop", "datePublished")
            || e.classes().any(|c| c == "published" || c == "dt-published");
        if !published {
            return None;
        }
        e.attr("datetime").or_else(|| e.attr("title"))
    });
    marked
        .or_else(|| {
            elements()
                .find(|e| e.name() == "time" && e.attr("datetime").is_some())
                .and_then(|e| e.attr("datetime"))
        })
        .map(str::to_string)
}

/// A date as Factmark stores it: an RFC 3339 date-time when the page gives one with a time
/// zone, else the `YYYY-MM-DD` date it starts with; `None` for anything else (the user can
/// type it in).
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if timestamp::is_rfc3339(s) {
        return Some(s.to_string());
    }
    // "2022-07-12 14:03:00+03:00", or an offset without a colon ("+0300").
    if let (Some(date), Some(b' ' | b'T' | b't'), Some(time)) =
        (s.get(..10), s.as_bytes().get(10), s.get(11..))
    {
        let mut t = format!("{date}T{}", time.trim());
        let b = t.as_bytes();
        let n = b.len();
        if !timestamp::is_rfc3339(&t)
            && n > 5
            && matches!(b[n - 5], b'+' | b'-')
            && b[n - 4..].iter().all(u8::is_ascii_digit)
        {
            t.insert(n - 2, ':');
        }
        if timestamp::is_rfc3339(&t) {
            return Some(t);
        }
    }
    let date = s.get(..10)?;
    timestamp::is_date_or_rfc3339(date).then(|| date.to_string())
}

/// A BCP 47 tag from `lang`, `og:locale` ("en_US") or similar; `None` if implausible.
pub fn normalize_language(tag: &str) -> Option<String> {
    let tag = tag.trim().replace('_', "-");
    // Private-use tags (`x-default`, a hreflang convention) name no language.
    let private = tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("x-"));
    (is_plausible_language_tag(&tag) && !private).then_some(tag)
}

/// The address in the comment browsers put at the top of a saved page:
/// `<!-- saved from url=(0042)https://example.org/… -->`.
fn saved_from_url(doc: &Html) -> Option<String> {
    doc.tree.root().descendants().find_map(|n| {
        let comment = n.value().as_comment()?;
        let rest = comment.trim().strip_prefix("saved from url=")?;
        let rest = rest
            .strip_prefix('(')
            .and_then(|r| r.split_once(')'))
            .map_or(rest, |(_, url)| url);
        let url = rest.split_whitespace().next()?;
        is_web_url(url).then(|| url.to_string())
    })
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
    fn site_names_leave_titles() {
        let split = |t: &str, site: Option<&str>, headlines: &[&str]| {
            let sites = SiteNames {
                declared: site.into_iter().map(str::to_string).collect(),
                ..SiteNames::default()
            };
            let (title, site) = split_site_name(t, &sites, headlines);
            (title, site.unwrap_or_default())
        };
        let pair = |t: &str, s: &str| (t.to_string(), s.to_string());
        // The known site's name, at either end, with section names before it.
        assert_eq!(
            split("Big news today | The Daily", Some("The Daily"), &[]),
            pair("Big news today", "The Daily")
        );
        assert_eq!(
            split("The Daily - Big news today", Some("The Daily"), &[]),
            pair("Big news today", "The Daily")
        );
        assert_eq!(
            split(
                "War on Gaza live: strikes hit Rafah | Israel-Palestine conflict News | Al Jazeera",
                Some("Al Jazeera"),
                &[]
            ),
            pair("War on Gaza live: strikes hit Rafah", "Al Jazeera")
        );
        assert_eq!(
            split(
                "Biden signs bill | Politics | CNN Politics",
                Some("CNN"),
                &[]
            ),
            pair("Biden signs bill", "CNN Politics")
        );
        // A part of the headline set off differently, or as long as it, stays.
        assert_eq!(
            split(
                "Opinion | The truth about inflation - The Washington Post",
                Some("The Washington Post"),
                &[]
            ),
            pair("Opinion | The truth about inflation", "The Washington Post")
        );
        assert_eq!(
            split(
                "Opinion | The truth about inflation | The Post",
                Some("The Post"),
                &[]
            ),
            pair("Opinion | The truth about inflation", "The Post")
        );
        // No site known: only what the page's headline confirms goes, and names the site.
        assert_eq!(
            split(
                "Covid vaccine trial results - what the data says",
                None,
                &[]
            ),
            pair("Covid vaccine trial results - what the data says", "")
        );
        assert_eq!(
            split(
                "Ukraine war 2022 / 2023 timeline",
                None,
                &["Ukraine war 2022 / 2023 timeline"]
            ),
            pair("Ukraine war 2022 / 2023 timeline", "")
        );
        assert_eq!(
            split(
                "Sunak faces MPs | Politics | The Guardian",
                None,
                &["Sunak  faces MPs"]
            ),
            pair("Sunak faces MPs", "The Guardian")
        );
        assert_eq!(
            split(
                "BBC News - Budget 2024: what it means",
                None,
                &["Budget 2024: What it means"]
            ),
            pair("Budget 2024: what it means", "BBC News")
        );
        assert_eq!(
            split("Left - right politics explained", None, &["Left"]),
            pair("Left", "right politics explained")
        );
        // A name the page shows for itself: a logo, a copyright line.
        let shown = SiteNames {
            shown: vec!["Valley Weekly".into()],
            copyright: vec!["The Courier 2009 | Email us".into()],
            ..SiteNames::default()
        };
        assert_eq!(
            split_site_name("Budget: the numbers - Valley Weekly", &shown, &[]),
            ("Budget: the numbers".into(), Some("Valley Weekly".into()))
        );
        assert_eq!(
            split_site_name("Budget: the numbers - The Courier", &shown, &[]),
            ("Budget: the numbers".into(), Some("The Courier".into()))
        );
        assert_eq!(
            split_site_name("Budget: the numbers - The Cour", &shown, &[]).0,
            "Budget: the numbers - The Cour"
        );
        // Non-ASCII spaces are the author's.
        assert_eq!(
            split("日銀、利上げ　17年ぶり：朝日新聞", Some("朝日新聞"), &[]),
            pair("日銀、利上げ　17年ぶり", "朝日新聞")
        );
    }

    #[test]
    fn slightly_broken_json_ld_is_repaired() {
        let broken = "{\"a\": \"line one\n\tline two\", \"b\": [1, 2,], \"c\": \"x, }\",\n}";
        let value: Value = serde_json::from_str(&repair_json(broken)).unwrap();
        assert_eq!(value["a"], "line one\n\tline two");
        assert_eq!(value["b"], serde_json::json!([1, 2]));
        assert_eq!(value["c"], "x, }");
        // Escaped quotes and backslashes inside strings are left alone.
        let quoted = r#"{"q": "say \"hi\", \\", }"#;
        let value: Value = serde_json::from_str(&repair_json(quoted)).unwrap();
        assert_eq!(value["q"], "say \"hi\", \\");
        // Nothing else is guessed at, and nothing panics.
        for bad in ["{", "\"", "{\"a\": tru}", ",", "\\", "\"\\"] {
            let _ = serde_json::from_str::<Value>(&repair_json(bad));
        }
    }

    #[test]
    fn dates_and_languages() {
        assert_eq!(
            normalize_date("2022-07-12T14:03:00+03:00").as_deref(),
            Some("2022-07-12T14:03:00+03:00")
        );
        assert_eq!(
            normalize_date("2022-07-12 14:03:00+0300").as_deref(),
            Some("2022-07-12T14:03:00+03:00")
        );
        assert_eq!(
            normalize_date("2022-07-12T14:03:00").as_deref(),
            Some("2022-07-12")
        );
        assert_eq!(normalize_date("July 12, 2022"), None);
        assert_eq!(
            normalize_date("2022-07-12…ünïcode"),
            Some("2022-07-12".into())
        );
        assert_eq!(normalize_date("2022-07-1…"), None);
        assert_eq!(normalize_language("en_US").as_deref(), Some("en-US"));
        assert_eq!(normalize_language("English"), None);
    }
}
