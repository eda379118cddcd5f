//! What a page says about its article: title, author, dates, address, outlet, language.

use std::collections::HashMap;

use ego_tree::NodeRef;
use scraper::{Html, Node};
use serde_json::Value;

use super::furniture::{Analysis, Junk, attr_has_token, hook_words};
use super::json_ld::{json_ld_article, ld_is_organization, ld_text};
use super::site_name::{SiteNames, site_names_on_page, split_site_name};
use super::walk::collapsed_text;
use crate::model::ArticleMetadata;
use crate::model::article::is_plausible_language_tag;
use crate::model::timestamp;

/// `<meta>` values by lowercased `property`, `name` or `itemprop`; the first of each wins.
pub(super) fn meta_values(doc: &Html) -> HashMap<String, String> {
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
pub(super) fn one_line(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// The chosen article and what comes just before it (its header, a blog post's dateline
/// beside the post body): where a date in the markup belongs to this story. Related
/// stories' cards come after the story or in furniture, and stay out.
pub(super) fn article_scope<'a>(
    root: NodeRef<'a, Node>,
    analysis: &Analysis,
) -> Vec<NodeRef<'a, Node>> {
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

pub(super) fn page_metadata(
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
pub(super) fn byline_text(doc: &Html) -> Option<String> {
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

pub(super) fn clean_author(author: &str) -> String {
    let author = one_line(author);
    let author = match author.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => author[3..].trim(),
        _ => author.as_str(),
    };
    author.trim_end_matches([',', '|', '-']).trim().to_string()
}

pub(super) fn looks_like_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

pub(super) fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && s.len() > 8
        && !s.chars().any(char::is_whitespace)
}

/// A publication date from the markup of the article (never from a related story's card
/// elsewhere on the page): a `<time datetime>` marked as the publication date (else the
/// first one), or a microformat `class="published"` with a machine-readable
/// `title`/`datetime`.
pub(super) fn first_time_datetime(scope: &[NodeRef<'_, Node>]) -> Option<String> {
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
pub(super) fn saved_from_url(doc: &Html) -> Option<String> {
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
