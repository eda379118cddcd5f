//! Corpora of saved pages with reference text.
//!
//! A corpus is a folder with one folder per page, holding `source.html` (the saved page),
//! the reference body as `expected.txt` (one paragraph per line) or `expected.html` (an
//! extractor's output, as in Mozilla Readability's test pages), and optionally
//! `expected-metadata.json` (`title`, `byline`, `lang`, `publishedTime`).
//!
//! An `expected.html` reference is read without its figure captions and picture credits,
//! which Readability keeps and Factmark drops as not the article's words.

use std::path::{Path, PathBuf};

use ego_tree::iter::Edge;
use scraper::{Html, Node};
use serde_json::Value;

use crate::import::layout::TextLayout;

/// One page of a corpus.
#[derive(Clone, Debug)]
pub struct CorpusPage {
    /// The page's folder name.
    pub name: String,
    pub source: Vec<u8>,
    /// The article's body as text, one paragraph per line.
    pub reference_body: String,
    pub expected: ExpectedMetadata,
}

/// What the corpus says the page's metadata is (`None`: not given, not scored).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpectedMetadata {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
}

/// Where the shared development corpus is: `FACTMARK_IMPORT_CORPUS`, else
/// `../shared/import-corpus` beside the repository.
pub fn default_corpus_root() -> PathBuf {
    std::env::var_os("FACTMARK_IMPORT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/import-corpus"))
}

/// Every page in a corpus folder, by name. `only` keeps the named pages (all when empty).
pub fn load_corpus(dir: &Path, only: &[&str]) -> Result<Vec<CorpusPage>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot list the corpus: {e}", dir.display()))?;
    let mut pages = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: cannot list the corpus: {e}", dir.display()))?
            .path();
        if !path.join("source.html").is_file() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !only.is_empty() && !only.contains(&name.as_str()) {
            continue;
        }
        pages.push(load_page(&path, name)?);
    }
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    if !only.is_empty() && pages.len() != only.len() {
        let missing: Vec<&&str> = only
            .iter()
            .filter(|n| !pages.iter().any(|p| p.name == **n))
            .collect();
        return Err(format!("{}: no pages {missing:?}", dir.display()));
    }
    Ok(pages)
}

fn load_page(dir: &Path, name: String) -> Result<CorpusPage, String> {
    let read = |file: &str| {
        let path = dir.join(file);
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let source = read("source.html")?;
    let reference_body = if dir.join("expected.txt").is_file() {
        String::from_utf8(read("expected.txt")?)
            .map_err(|_| format!("{}: expected.txt is not UTF-8", dir.display()))?
            .replace("\r\n", "\n")
    } else {
        let html = String::from_utf8(read("expected.html")?)
            .map_err(|_| format!("{}: expected.html is not UTF-8", dir.display()))?;
        reference_text(&html)
    };
    let expected = if dir.join("expected-metadata.json").is_file() {
        let json = read("expected-metadata.json")?;
        let value: Value = serde_json::from_slice(&json)
            .map_err(|e| format!("{}/expected-metadata.json: {e}", dir.display()))?;
        let field = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        ExpectedMetadata {
            title: field("title"),
            author: field("byline"),
            published: field("publishedTime"),
            language: field("lang"),
        }
    } else {
        ExpectedMetadata::default()
    };
    Ok(CorpusPage {
        name,
        source,
        reference_body,
        expected,
    })
}

/// The text of a reference extraction in HTML: blocks as lines, without figure captions
/// and the figures of pictures and videos.
pub fn reference_text(html: &str) -> String {
    const SKIPPED: &[&str] = &["script", "style", "figcaption", "noscript", "template"];
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "figure",
        "hr",
        "address",
        "details",
        "summary",
        "center",
        "form",
        "fieldset",
        "nav",
        "hgroup",
    ];
    let doc = Html::parse_fragment(html);
    let mut out = TextLayout::new();
    let mut skipping = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) if skipping.is_none() => match node.value() {
                Node::Text(t) => out.text(t),
                Node::Element(el) => {
                    let name = el.name();
                    let media_figure = name == "figure"
                        && node.descendants().any(|d| {
                            d.value().as_element().is_some_and(|e| {
                                matches!(e.name(), "img" | "picture" | "video" | "iframe")
                            })
                        })
                        && !node.descendants().any(|d| {
                            d.value()
                                .as_element()
                                .is_some_and(|e| matches!(e.name(), "table" | "blockquote"))
                        });
                    if SKIPPED.contains(&name) || media_figure {
                        skipping = Some(node.id());
                        continue;
                    }
                    if BLOCKS.contains(&name) {
                        out.block_boundary();
                    } else if name == "br" {
                        out.line_break();
                    }
                }
                _ => {}
            },
            Edge::Open(_) => {}
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Some(el) = node.value().as_element() {
                    if matches!(el.name(), "td" | "th") {
                        out.cell_boundary();
                    }
                    if BLOCKS.contains(&el.name()) {
                        out.block_boundary();
                    }
                }
            }
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_html_without_captions_and_picture_figures() {
        let html = "<div><p>One <b>two</b></p><figure><img src=a><figcaption>Photo: X</figcaption>\
                    </figure><figure><table><tr><td>a</td><td>b</td></tr></table>\
                    <figcaption>Source: Y</figcaption></figure><p>Three<br>four</p></div>";
        assert_eq!(reference_text(html), "One two\na\tb\nThree\nfour");
    }
}
