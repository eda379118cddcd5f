//! Which elements of a page are content and which are furniture (navigation, ads, share
//! buttons, captions, comment boxes…), gathered in one pass over the tree.

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, iter::Edge};
use scraper::{Html, Node};
/// Elements whose content a reader never sees as article text.
pub(super) const ALWAYS_DROPPED: &[&str] = &[
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
pub(super) const FURNITURE: &[&str] = &["nav", "aside", "footer"];

/// Elements laid out as blocks (a new line before and after).
pub(super) const BLOCKS: &[&str] = &[
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
pub(super) const STRONG_JUNK: &[&str] = &[
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
pub(super) const WEAK_JUNK: &[&str] = &[
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
pub(super) const VISUALLY_HIDDEN: &[&str] = &[
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
pub(super) const POSITIVE: &[&str] = &[
    "article", "content", "story", "body", "main", "post", "entry", "text", "prose",
];

/// A positive word only saves a weakly-junk element holding at least this much text.
pub(super) const POSITIVE_MIN_CHARS: u32 = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Junk {
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
pub(super) struct Info {
    /// Visible non-space characters in the subtree, furniture excluded.
    pub(super) len: u32,
    pub(super) junk: Junk,
    /// Furniture because it is a header (a `<header>`, or a class naming it one): inside
    /// the article its headings and standfirst are still shown.
    pub(super) header: bool,
    /// Non-space characters and commas of the text this block lays out itself (not inside
    /// a nested block): a paragraph's words, or a `<td>` of `<br>`-separated prose.
    pub(super) own_chars: u32,
    pub(super) own_commas: u32,
}

/// Whether class names and ids mark furniture in an analysis.
pub(super) enum ClassWords {
    Ignored,
    /// Heeded, except on the elements holding the story's densest prose.
    Heeded {
        story_holders: HashSet<NodeId>,
    },
}

/// One open element during the analysis pass.
#[derive(Default)]
pub(super) struct Open {
    pub(super) len: u32,
    /// Text inside `<figcaption>`s directly in this element.
    pub(super) caption_len: u32,
    /// An image, video or other media element is inside.
    pub(super) has_media: bool,
    /// A table, quotation, list or preformatted text is inside (a figure that holds text).
    pub(super) has_text_block: bool,
    pub(super) has_candidate: bool,
    pub(super) is_block: bool,
    pub(super) own_chars: u32,
    pub(super) own_commas: u32,
}

/// Per-element facts gathered in one pass over the tree (iteratively: pages can nest
/// thousands of levels deep).
pub(super) struct Analysis {
    info: HashMap<NodeId, Info>,
}

impl Analysis {
    pub(super) fn new(doc: &Html, class_words: &ClassWords) -> Self {
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

    pub(super) fn get(&self, id: NodeId) -> Option<&Info> {
        self.info.get(&id)
    }

    pub(super) fn len(&self, id: NodeId) -> u32 {
        self.get(id).map_or(0, |i| i.len)
    }

    pub(super) fn junk(&self, id: NodeId) -> Junk {
        self.get(id).map_or(Junk::No, |i| i.junk)
    }

    pub(super) fn is_header(&self, id: NodeId) -> bool {
        self.get(id).is_some_and(|i| i.header)
    }
}

/// Markup that says "the article is here" (a reader comment marked up as an `<article>`
/// does not count).
pub(super) fn is_candidate(el: &scraper::node::Element) -> bool {
    (matches!(el.name(), "article" | "main")
        || attr_has_token(el, "itemprop", "articleBody")
        || attr_has_token(el, "role", "main"))
        && !class_words(el).any(|w| STRONG_JUNK.contains(&w.as_str()))
}

pub(super) fn attr_has_token(el: &scraper::node::Element, attr: &str, token: &str) -> bool {
    el.attr(attr).is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

/// The words of an element's class names, id and component hooks ([`hook_words`]), and
/// each pair of neighbouring words joined, so `pull-quote`, `PullQuote` and `pullquote`,
/// or `ssrcss-1f39n02-VisuallyHidden`, all say what they are.
pub(super) fn class_words(el: &scraper::node::Element) -> impl Iterator<Item = String> {
    let words = hook_words(el);
    let pairs: Vec<String> = words
        .windows(2)
        .map(|p| format!("{}{}", p[0], p[1]))
        .collect();
    words.into_iter().chain(pairs)
}

pub(super) fn is_visually_hidden(el: &scraper::node::Element) -> bool {
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
pub(super) fn classify(
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
pub(super) fn hook_words(el: &scraper::node::Element) -> Vec<String> {
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
pub(super) fn is_standfirst(el: &scraper::node::Element) -> bool {
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
