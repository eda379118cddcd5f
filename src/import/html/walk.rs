//! Laying out the story's text: blocks become paragraphs, furniture is skipped, and the
//! article's own header keeps its headline and standfirst.

use ego_tree::{NodeId, NodeRef, iter::Edge};
use scraper::{Html, Node};

use super::furniture::{Analysis, BLOCKS, Junk, attr_has_token, is_standfirst};
use crate::import::DroppedParagraph;
use crate::import::layout::TextLayout;

#[derive(Default)]
pub(super) struct Walked {
    /// An `<h1>` with text was laid out.
    pub(super) headline_shown: bool,
    /// Paragraphs of the furniture skipped inside the story, where they stood.
    pub(super) dropped: Vec<DroppedParagraph>,
}

pub(super) fn walk(
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
                            let before_line = out.line_count();
                            walked.dropped.extend(
                                furniture_paragraphs(node, analysis)
                                    .into_iter()
                                    .map(|text| DroppedParagraph { before_line, text }),
                            );
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
pub(super) fn is_article_header(
    node: NodeRef<'_, Node>,
    root: NodeRef<'_, Node>,
    root_is_page: bool,
) -> bool {
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
/// The paragraphs of skipped furniture, laid out as they would have been (what no reader
/// sees, such as scripts, images and hidden text, left out), for the user to put back.
fn furniture_paragraphs(node: NodeRef<'_, Node>, analysis: &Analysis) -> Vec<String> {
    if analysis.junk(node.id()) == Junk::Always {
        return Vec::new();
    }
    let mut layout = TextLayout::new();
    let mut hidden: Option<NodeId> = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) if hidden.is_none() => match n.value() {
                Node::Text(t) => layout.text(t),
                Node::Element(el) => {
                    if analysis.junk(n.id()) == Junk::Always {
                        hidden = Some(n.id());
                    } else if BLOCKS.contains(&el.name()) || el.name() == "br" {
                        layout.block_boundary();
                    }
                }
                _ => {}
            },
            Edge::Close(n) if hidden == Some(n.id()) => hidden = None,
            Edge::Close(n)
                if hidden.is_none()
                    && n.value()
                        .as_element()
                        .is_some_and(|el| BLOCKS.contains(&el.name())) =>
            {
                layout.block_boundary();
            }
            _ => {}
        }
    }
    layout.finish().lines().map(str::to_string).collect()
}

pub(super) fn collapsed_text(node: NodeRef<'_, Node>) -> String {
    let mut layout = TextLayout::new();
    for d in node.descendants() {
        if let Some(t) = d.value().as_text() {
            layout.text(t);
        }
    }
    layout.finish()
}

/// Whether a node is shown at all and sits outside page furniture.
pub(super) fn outside_furniture(node: &NodeRef<'_, Node>, analysis: &Analysis) -> bool {
    std::iter::once(*node)
        .chain(node.ancestors())
        .all(|a| analysis.junk(a.id()) == Junk::No || analysis.junk(a.id()) == Junk::Form)
}

pub(super) fn first_usable_h1(doc: &Html, analysis: &Analysis) -> Option<String> {
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
pub(super) fn headline<'a>(
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
pub(super) fn standfirst_after(headline: NodeRef<'_, Node>, analysis: &Analysis) -> Option<String> {
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
