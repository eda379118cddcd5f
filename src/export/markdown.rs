//! The review memo as Markdown (CommonMark, also read right by GitHub-flavoured renderers):
//! the article's details, summary counts, what changed when the article was updated after
//! annotation, each claim with its verdict, quote (a block
//! quote), note, reference and linked sources and disputes, then the evidence linked to no
//! claim.
//!
//! Every piece of user text is escaped so it renders as written: characters that start
//! emphasis, code, links, HTML, entities, tables, strikethrough or math are backslash-escaped,
//! and so are the line starts that would make a heading, list, quote, rule or definition. Line breaks
//! inside a note or quote are kept as hard breaks; blank lines separate paragraphs. Only
//! `http:`, `https:` and `mailto:` URLs become links.

use std::fmt::Write as _;

use crate::model::{Kind, Project};
use crate::palette;
use crate::project_file::generator;

use super::ExportOptions;
use super::review::{
    Piece, Review, count, display_time, review_line, split_links, verdict_text, vote_parts,
};

pub fn render(project: &Project, options: &ExportOptions) -> Vec<u8> {
    let review = Review::new(project);
    let meta = &project.article().metadata;
    let mut md = String::new();

    let title = if meta.title.trim().is_empty() {
        "Untitled article".to_string()
    } else {
        escape_line(&one_line(&meta.title))
    };
    let _ = writeln!(md, "# Fact-check review: {title}\n");
    for (label, value) in [
        ("URL", meta.url.as_deref()),
        ("Outlet", meta.outlet.as_deref()),
        ("Author", meta.author.as_deref()),
        ("Published", meta.published.as_deref()),
        ("Retrieved", meta.retrieved.as_deref()),
        ("Language", meta.language.as_deref()),
    ] {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            let _ = writeln!(md, "- **{label}:** {}", inline(&one_line(value)));
        }
    }
    let text = &project.article().text;
    let _ = writeln!(
        md,
        "- **Article text:** {} characters in {} (SHA-256 `{}`)",
        text.len_chars(),
        count(review.shown_paragraphs(), "paragraph", "paragraphs"),
        project.article().text_sha256()
    );
    let _ = writeln!(
        md,
        "- **Project last modified:** {}",
        display_time(&project.modified)
    );
    let _ = writeln!(
        md,
        "- **Exported:** {} by {}\n",
        display_time(&options.now),
        generator()
    );

    let s = review.summary();
    md.push_str("## Summary\n\n");
    let breakdown = s.verdict_breakdown();
    let _ = writeln!(
        md,
        "- {}{}",
        count(s.claims, "claim", "claims"),
        if breakdown.is_empty() {
            String::new()
        } else {
            format!(": {breakdown}")
        }
    );
    if s.claims > 0 {
        let _ = writeln!(md, "- Review: {}", s.review_breakdown());
    }
    if s.claims_without_evidence > 0 {
        let _ = writeln!(
            md,
            "- {} with no linked source or dispute",
            count(s.claims_without_evidence, "claim", "claims")
        );
    }
    let _ = writeln!(
        md,
        "- {} ({} linked to no claim)",
        count(s.sources, "source", "sources"),
        s.sources_unlinked
    );
    let _ = writeln!(
        md,
        "- {} ({} linked to no claim)",
        count(s.disputes, "dispute", "disputes"),
        s.disputes_unlinked
    );
    let unplaced = project.needs_review().len();
    if unplaced > 0 {
        let _ = writeln!(
            md,
            "- {}: the article changed and {} no place in its text yet",
            count(
                unplaced,
                "annotation needs review",
                "annotations need review"
            ),
            if unplaced == 1 { "it has" } else { "they have" }
        );
    }
    md.push('\n');
    md.push_str(
        "Labels: C = claim, S = source, D = dispute, numbered in the order they appear in the \
         article.",
    );
    // The colours the app and the HTML report highlight them in, named from the one palette.
    let _ = writeln!(
        md,
        " In the app and the HTML report claims are {}, sources {} and disputes {}.\n",
        palette::CLAIM.name,
        palette::SOURCE.name,
        palette::DISPUTE.name
    );

    if let Some(changes) = review.article_changes() {
        md.push_str("## The article changed after annotation\n\n");
        if let Some(intro) = changes.intro() {
            let _ = writeln!(md, "{intro}\n");
        }
        for group in &changes.groups {
            let _ = writeln!(
                md,
                "### {} ({})\n\n{}\n",
                group.heading,
                group.items.len(),
                group.explanation
            );
            for item in &group.items {
                let a = item.annotation;
                let label = item
                    .label
                    .as_ref()
                    .map(|l| format!("**{l}** "))
                    .unwrap_or_default();
                let was = item
                    .was_quote
                    .map(|was| format!(" was “{}”, now", escape_inline(&one_line(was))))
                    .unwrap_or_default();
                // An unplaced one is listed only here: its verdict and note go with it.
                let mut details = String::new();
                if item.label.is_none() {
                    if a.kind == Kind::Claim {
                        let verdict = verdict_text(a);
                        let _ = write!(details, " — {verdict}");
                    }
                    if !a.note.trim().is_empty() {
                        let _ = write!(details, "\\\n  {}", inline(&one_line(&a.note)));
                    }
                }
                let _ = writeln!(
                    md,
                    "- {label}{}{was} “{}”{details}",
                    a.kind.label(),
                    escape_inline(&one_line(&a.quote))
                );
            }
            md.push('\n');
        }
    }

    md.push_str("## Claims\n\n");
    if review.claims.is_empty() {
        md.push_str("No claims are tagged.\n\n");
    }
    for &c in &review.claims {
        let claim = review.annotation(c);
        let verdict = verdict_text(claim);
        let _ = writeln!(md, "### {} — {verdict}\n", review.labels[c]);
        entry_body(&mut md, &review, c);
        for kind in [Kind::Source, Kind::Dispute] {
            let linked = review.evidence_of(c, kind);
            if linked.is_empty() {
                continue;
            }
            let heading = if kind == Kind::Source {
                "Sources"
            } else {
                "Disputes"
            };
            let _ = writeln!(md, "#### {heading} for {}\n", review.labels[c]);
            for e in linked {
                let others = review.other_claims(e, c);
                let also = if others.is_empty() {
                    String::new()
                } else {
                    format!(" (also bears on {})", others.join(", "))
                };
                let _ = writeln!(
                    md,
                    "**{} · {}**{also}\n",
                    review.labels[e],
                    review.annotation(e).kind.label()
                );
                entry_body(&mut md, &review, e);
            }
        }
        let unplaced = review.unplaced_evidence_of(c);
        if !unplaced.is_empty() {
            md.push_str("Also linked, but needing review since the article changed:\n\n");
            for e in &unplaced {
                let _ = writeln!(
                    md,
                    "- {} “{}”",
                    e.kind.label(),
                    escape_inline(&one_line(&e.quote))
                );
            }
            md.push('\n');
        }
        if !review.evidence.contains_key(&c) && unplaced.is_empty() {
            md.push_str("*No source or dispute is linked to this claim.*\n\n");
        }
    }

    md.push_str("## Sources and disputes linked to no claim\n\n");
    if review.unlinked.is_empty() {
        md.push_str("None.\n\n");
    }
    for &e in &review.unlinked {
        let _ = writeln!(
            md,
            "### {} · {}\n",
            review.labels[e],
            review.annotation(e).kind.label()
        );
        entry_body(&mut md, &review, e);
    }
    while md.ends_with("\n\n") {
        md.pop();
    }
    md.into_bytes()
}

/// Quote, record, note, evidence and byline of one annotation.
fn entry_body(md: &mut String, review: &Review, index: usize) {
    let a = review.annotation(index);
    md.push_str(&block_quote(&a.quote));
    md.push('\n');
    record_md(md, a);
    if !a.note.trim().is_empty() {
        md.push_str(&paragraphs(&a.note));
        md.push('\n');
    }
    evidence_md(md, &a.evidence);
    let mut byline = format!(
        "¶ {} · characters {}–{}",
        review.paragraph_number(a.start),
        a.start,
        a.end
    );
    if let Some(author) = a.author.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = write!(byline, " · by {}", escape_line(&one_line(author)));
    }
    let _ = writeln!(md, "*{byline} · modified {}*\n", display_time(&a.modified));
}

/// A claim's record as a short list: claimant, claim as checked, first said, published
/// review, explanation, and its review (state, tally, then each vote).
fn record_md(md: &mut String, a: &crate::model::Annotation) {
    let r = &a.record;
    let mut lines = Vec::new();
    if let Some(c) = r.claimant.as_ref().filter(|c| !c.name.trim().is_empty()) {
        let role = c
            .role
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .map(|r| format!(", {}", escape_inline(&one_line(r.trim()))))
            .unwrap_or_default();
        lines.push(format!(
            "**Claimant:** {}{role} ({})",
            escape_inline(&one_line(c.name.trim())),
            c.kind.label().to_lowercase()
        ));
    }
    if let Some(checked) = r.claim_checked.as_deref().filter(|c| !c.trim().is_empty()) {
        lines.push(format!(
            "**Claim as checked:** {}",
            escape_inline(&one_line(checked.trim()))
        ));
    }
    if let Some(first) = &r.first_said {
        let said = [first.date.as_deref(), first.url.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !said.trim().is_empty() {
            lines.push(format!("**First said:** {}", inline(&one_line(&said))));
        }
    }
    if let Some(url) = r.review_url.as_deref() {
        lines.push(format!("**Published review:** {}", inline(&one_line(url))));
    }
    if !r.explanation.trim().is_empty() {
        lines.push(format!(
            "**Explanation:** {}",
            inline(&one_line(r.explanation.trim()))
        ));
    }
    if a.kind == Kind::Claim {
        lines.push(format!("**Review:** {}", review_line(a)));
    }
    for line in &lines {
        let _ = writeln!(md, "- {line}");
    }
    if a.kind == Kind::Claim {
        for vote in &r.review.votes {
            let (who, verdict, comment, time) = vote_parts(vote);
            let comment = if comment.is_empty() {
                String::new()
            } else {
                format!(": “{}”", escape_inline(&one_line(comment)))
            };
            let _ = writeln!(
                md,
                "  - {} voted {verdict}{comment} ({time})",
                escape_inline(&one_line(who))
            );
        }
    }
    if !lines.is_empty() {
        md.push('\n');
    }
}

/// The evidence as a numbered list of citations (links only for http(s) addresses).
fn evidence_md(md: &mut String, evidence: &[crate::model::Reference]) {
    let items: Vec<&crate::model::Reference> = evidence.iter().filter(|e| !e.is_blank()).collect();
    if items.is_empty() {
        return;
    }
    md.push_str("Evidence:\n\n");
    for (i, e) in items.iter().enumerate() {
        // A URL field is one address, even with a `<` in it: encode what an autolink
        // cannot hold, so that it is linked whole.
        let mut citation = one_line(&e.citation());
        for url in [e.url.as_deref(), e.archive_url.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|u| !u.is_empty() && !u.contains(char::is_whitespace))
        {
            let encoded = super::review::encode_url_field(url);
            if encoded != url {
                citation = citation.replace(url, &encoded);
            }
        }
        let _ = writeln!(md, "{}. {}", i + 1, inline(&citation));
    }
    md.push('\n');
}

/// Text as a block quote: each line a hard-broken line of the quote, blank lines kept as
/// paragraph breaks inside it.
///
/// The text is article text, quoted: its URLs stay text (no autolinks, and `://` written
/// `:\//` so that renderers with GitHub's extended autolinks do not link them either).
pub fn block_quote(text: &str) -> String {
    paragraphs_with(text, as_text)
        .lines()
        .map(|line| {
            if line.is_empty() {
                ">\n".to_string()
            } else {
                format!("> {line}\n")
            }
        })
        .collect()
}

/// Text as Markdown paragraphs that render as written: a line break stays a line break
/// (a hard break, `\` at the end of the line), a blank line a new paragraph.
pub fn paragraphs(text: &str) -> String {
    paragraphs_with(text, inline)
}

/// One line of quoted text, escaped, its URLs left as text (see [`block_quote`]).
fn as_text(line: &str) -> String {
    escape_line(line.trim())
        .replace("://", ":\\//")
        .replace("www.", "www\\.")
}

fn paragraphs_with(text: &str, line_markdown: fn(&str) -> String) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut paragraph: Vec<String> = Vec::new();
    let flush = |paragraph: &mut Vec<String>, out: &mut String| {
        if !paragraph.is_empty() {
            out.push_str(&paragraph.join("\\\n"));
            out.push_str("\n\n");
            paragraph.clear();
        }
    };
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push(line_markdown(line));
        }
    }
    flush(&mut paragraph, &mut out);
    if out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// One line of user text with its URLs (http, https, mailto) as autolinks.
fn inline(line: &str) -> String {
    let line = line.trim();
    let mut out = String::new();
    for (i, piece) in split_links(line).into_iter().enumerate() {
        match piece {
            Piece::Link(url) => {
                // CommonMark autolinks take no escapes; the URL has no spaces or `<>`.
                let _ = write!(out, "<{url}>");
            }
            Piece::Text(text) if i == 0 => out.push_str(&escape_line(text)),
            Piece::Text(text) => out.push_str(&escape_inline(text)),
        }
    }
    out
}

/// Escape a line of text that starts a Markdown line.
pub fn escape_line(line: &str) -> String {
    let line = line.trim_start();
    let mut out = String::with_capacity(line.len() + 8);
    // A digit run then `.` or `)` starts an ordered list.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        out.push_str(&line[..digits]);
        out.push('\\');
        out.push_str(&escape_inline(&line[digits..]));
        return out;
    }
    // Heading, list item, setext underline, definition.
    if line.starts_with(['#', '-', '+', '=', ':']) {
        out.push('\\');
    }
    out.push_str(&escape_inline(line));
    out
}

/// Escape the characters that mean something anywhere in a Markdown line.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '$' | '^'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_in_user_text_is_escaped() {
        assert_eq!(escape_line("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line("1. not a list"), "1\\. not a list");
        assert_eq!(escape_line("- nor this"), "\\- nor this");
        assert_eq!(
            escape_inline("*a* _b_ [c](d) <e> &amp; `f`"),
            "\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\&amp; \\`f\\`"
        );
    }

    #[test]
    fn line_breaks_are_kept() {
        assert_eq!(paragraphs("one\ntwo\n\nthree"), "one\\\ntwo\n\nthree\n");
        assert_eq!(block_quote("a\n\nb"), "> a\n>\n> b\n");
    }
}
