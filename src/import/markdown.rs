//! Markdown articles: the text as it reads once rendered, markup removed, link text kept.
//!
//! Parsed with `pulldown-cmark` (CommonMark plus tables, footnotes, strikethrough, task
//! lists and a YAML-style front-matter block). Paragraphs, headings, list items, quotes and
//! table rows become paragraphs; code blocks keep their lines; images (which a reader sees
//! as pictures, not words) and footnote markers are left out; HTML blocks are laid out by
//! the HTML importer.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::html::{fragment_text, normalize_date, normalize_language};
use super::layout::TextLayout;
use crate::model::ArticleMetadata;

/// Text and metadata of a Markdown document. The title is the front matter's `title`, else
/// the first level-1 heading (else the first heading); empty when there is none.
pub fn extract_markdown(source: &str) -> (ArticleMetadata, String) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = TextLayout::new();
    let mut metadata = ArticleMetadata::default();
    let mut front_matter = String::new();
    let mut in_front_matter = false;
    let mut code_block = false;
    let mut image_depth = 0usize;
    let mut html_block: Option<String> = None;
    // HTML blocks that follow one another (a table with a blank line in it is two blocks to
    // CommonMark) are read as one fragment, so the table stays a table.
    let mut html_pending: Option<String> = None;
    // Inline HTML whose text is not shown: <script>, <style>, or an element hidden by
    // `display:none` / `hidden`; its closing tag name and nesting depth.
    let mut hidden_inline: Option<(String, usize)> = None;
    let mut heading: Option<(u8, TextLayout)> = None;
    let mut first_heading: Option<(u8, String)> = None;

    let flush_html = |pending: &mut Option<String>, out: &mut TextLayout| {
        if let Some(html) = pending.take() {
            out.block_boundary();
            fragment_text(&html, out);
            out.block_boundary();
        }
    };
    for event in Parser::new_ext(source, options) {
        if let Some(buffer) = html_block.as_mut() {
            match event {
                Event::Html(html) | Event::Text(html) => {
                    buffer.push_str(&html);
                    continue;
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let html = html_block.take().unwrap_or_default();
                    html_pending.get_or_insert_with(String::new).push_str(&html);
                    continue;
                }
                _ => {}
            }
        }
        if matches!(event, Event::Start(Tag::HtmlBlock)) {
            html_block = Some(String::new());
            continue;
        }
        flush_html(&mut html_pending, &mut out);
        // Inline HTML never spans blocks: an element left open ends with its block.
        if matches!(
            event,
            Event::End(
                TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::Item
                    | TagEnd::TableCell
                    | TagEnd::BlockQuote(_)
            )
        ) {
            hidden_inline = None;
        }
        if let Some((tag, depth)) = hidden_inline.as_mut() {
            if let Event::InlineHtml(html) = &event {
                let lower = html.trim().to_ascii_lowercase();
                if lower.starts_with(&format!("</{tag}")) {
                    *depth -= 1;
                    if *depth == 0 {
                        hidden_inline = None;
                    }
                } else if lower.starts_with(&format!("<{tag}")) && !lower.ends_with("/>") {
                    *depth += 1;
                }
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::MetadataBlock(_) => in_front_matter = true,
                Tag::Image { .. } => image_depth += 1,
                Tag::CodeBlock(_) => {
                    code_block = true;
                    out.block_boundary();
                }
                Tag::Heading { level, .. } => {
                    out.block_boundary();
                    heading = Some((level as u8, TextLayout::new()));
                }
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::FootnoteDefinition(_)
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => out.block_boundary(),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::MetadataBlock(_) => in_front_matter = false,
                TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                TagEnd::CodeBlock => {
                    code_block = false;
                    out.block_boundary();
                }
                TagEnd::Heading(_) => {
                    if let Some((level, h)) = heading.take() {
                        let text = h.finish();
                        let better = match &first_heading {
                            None => true,
                            Some((best, _)) => level == 1 && *best != 1,
                        };
                        if better && !text.is_empty() {
                            first_heading = Some((level, text));
                        }
                    }
                    out.block_boundary();
                }
                TagEnd::TableCell => out.cell_boundary(),
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => out.block_boundary(),
                _ => {}
            },
            Event::Text(text) => {
                if in_front_matter {
                    front_matter.push_str(&text);
                } else if image_depth > 0 {
                } else if code_block {
                    out.preformatted(&text);
                } else {
                    out.text(&text);
                    if let Some((_, h)) = heading.as_mut() {
                        h.text(&text);
                    }
                }
            }
            Event::Code(code) if image_depth == 0 => {
                out.text(&code);
                if let Some((_, h)) = heading.as_mut() {
                    h.text(&code);
                }
            }
            Event::InlineMath(math) | Event::DisplayMath(math) if image_depth == 0 => {
                out.text(&math)
            }
            Event::SoftBreak if image_depth == 0 => {
                out.text(" ");
                if let Some((_, h)) = heading.as_mut() {
                    h.text(" ");
                }
            }
            Event::HardBreak if image_depth == 0 => out.line_break(),
            Event::InlineHtml(html) => {
                let tag = html.trim().to_ascii_lowercase();
                if tag.starts_with("<br") {
                    out.line_break();
                } else if let Some(name) = hidden_element(&tag) {
                    hidden_inline = Some((name, 1));
                }
            }
            Event::Html(html) => fragment_text(&html, &mut out),
            Event::Rule => out.block_boundary(),
            _ => {}
        }
    }
    flush_html(&mut html_pending, &mut out);
    read_front_matter(&front_matter, &mut metadata);
    if metadata.title.is_empty()
        && let Some((_, h)) = first_heading
    {
        metadata.title = h;
    }
    (metadata, out.finish())
}

/// The name of an opening inline tag whose content is not shown (`<script>`, `<style>`, or an
/// element with `hidden` or `display:none`), lowercased.
fn hidden_element(tag: &str) -> Option<String> {
    let inner = tag.strip_prefix('<')?;
    if inner.starts_with('/') || inner.ends_with("/>") {
        return None;
    }
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        return None;
    }
    let attributes = &inner[name.len()..];
    let squeezed: String = attributes.chars().filter(|c| !c.is_whitespace()).collect();
    let hidden = matches!(name.as_str(), "script" | "style" | "template")
        || squeezed.contains("display:none")
        || attributes
            .split(|c: char| c.is_whitespace() || c == '>')
            .any(|a| a == "hidden" || a.starts_with("hidden="));
    hidden.then_some(name)
}

/// The simple `key: value` (YAML) or `key = value` (TOML, in `+++` front matter) lines of a
/// front-matter block (not a YAML or TOML parser: nested values and lists are ignored).
fn read_front_matter(block: &str, metadata: &mut ArticleMetadata) {
    for line in block.lines() {
        if line.starts_with([' ', '\t', '-', '#', '[']) {
            continue;
        }
        // Whichever separator comes first: a YAML value may hold '=', a TOML one ':'.
        let split = match (line.find(':'), line.find('=')) {
            (Some(c), Some(e)) if e < c => line.split_once('='),
            (Some(_), _) => line.split_once(':'),
            (None, Some(_)) => line.split_once('='),
            (None, None) => None,
        };
        let Some((key, value)) = split else {
            continue;
        };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value)
            .trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" if metadata.title.is_empty() => metadata.title = value.to_string(),
            "author" | "authors" if metadata.author.is_none() => {
                metadata.author = Some(value.to_string())
            }
            "date" | "published" | "pubdate" if metadata.published.is_none() => {
                metadata.published = normalize_date(value)
            }
            "url" | "canonical" | "canonical_url" | "source"
                if metadata.url.is_none()
                    && (value.starts_with("http://") || value.starts_with("https://")) =>
            {
                metadata.url = Some(value.to_string())
            }
            "outlet" | "publisher" | "site" if metadata.outlet.is_none() => {
                metadata.outlet = Some(value.to_string())
            }
            "lang" | "language" if metadata.language.is_none() => {
                metadata.language = normalize_language(value)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_link_text_stays() {
        let md = "---\ntitle: \"From front matter\"\ndate: 2024-03-01\nlang: pt_BR\n---\n\n\
                  # Heading *one*\n\nSome **bold** and [a link](https://x.org \"t\") with `code`,\n\
                  soft-wrapped.  \nHard break.\n\n- item one\n  - nested\n- item two\n\n\
                  > quoted ![alt text](pic.png) words\n\n```\nfn main() {\n    x\n}\n```\n\n\
                  | a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: The footnote.\n\n\
                  <div class=\"ad\">Ad</div>\n<p>Raw <b>html</b></p>\n";
        let (meta, text) = extract_markdown(md);
        assert_eq!(meta.title, "From front matter");
        assert_eq!(meta.published.as_deref(), Some("2024-03-01"));
        assert_eq!(meta.language.as_deref(), Some("pt-BR"));
        assert_eq!(
            text,
            "Heading one\nSome bold and a link with code, soft-wrapped.\nHard break.\n\
             item one\nnested\nitem two\nquoted words\nfn main() {\n    x\n}\na\tb\n1\t2\n\
             Note.\nThe footnote.\nRaw html"
        );
    }

    #[test]
    fn toml_front_matter_split_html_tables_and_hidden_inline_html() {
        let md = "+++\ntitle = \"Hugo post title\"\ndate = 2023-05-02\n+++\n\n\
                  Turnout <script>track(\"x\")</script>rose<span style=\"display: none\">SEO \
                  words</span> sharply.\n\n\
                  <table>\n<tr><td>Maricopa</td>\n\n<td>1,500,000</td></tr>\n</table>\n\n\
                  An <span hidden>unclosed hidden span\n\nNext paragraph is shown.\n";
        let (meta, text) = extract_markdown(md);
        assert_eq!(meta.title, "Hugo post title");
        assert_eq!(meta.published.as_deref(), Some("2023-05-02"));
        assert_eq!(
            text,
            "Turnout rose sharply.\nMaricopa\t1,500,000\nAn\nNext paragraph is shown."
        );
    }

    #[test]
    fn title_is_the_first_level_one_heading() {
        let (meta, _) = extract_markdown("## Kicker\n\n# The headline\n\nBody.");
        assert_eq!(meta.title, "The headline");
        let (meta, _) = extract_markdown("Just a paragraph.");
        assert_eq!(meta.title, "");
    }
}
