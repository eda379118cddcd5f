//! Telling the site's name from the headline in a page's title.

use scraper::{Html, Node};

use super::furniture::hook_words;
use super::metadata::one_line;
use super::walk::collapsed_text;

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
pub(super) fn site_names_on_page(doc: &Html, headlines: &[&str]) -> SiteNames {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
