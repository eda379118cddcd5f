//! Finding the element that holds the story.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef, iter::Edge};
use scraper::{Html, Node};

use super::furniture::{Analysis, Junk, attr_has_token};
pub(super) fn choose_root<'a>(doc: &'a Html, analysis: &Analysis) -> NodeRef<'a, Node> {
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
pub(super) fn markup_holds_story(
    m: NodeRef<'_, Node>,
    p: NodeRef<'_, Node>,
    analysis: &Analysis,
) -> bool {
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

pub(super) fn body_or_root(doc: &Html) -> NodeRef<'_, Node> {
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
pub(super) fn densest_paragraphs<'a>(
    doc: &'a Html,
    analysis: &Analysis,
) -> Option<NodeRef<'a, Node>> {
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
