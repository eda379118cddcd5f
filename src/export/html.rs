//! The review report: one self-contained HTML file an editor opens in any browser, offline,
//! and can print. Inline CSS, no scripts, no external requests (a Content-Security-Policy
//! says so to the browser too), every string from the project HTML-escaped, and only
//! `http:`, `https:` and `mailto:` URLs made links.
//!
//! ## Layout
//! A header with the article's details, then [`Section`]s, each listed in the contents:
//! summary (counts and a claims-at-a-glance table), the article with its highlights, the
//! claims (each with its verdict, quote, note, reference and its linked sources and
//! disputes quoted), and the sources and disputes linked to no claim. A later section —
//! e.g. "the article changed after annotation", when projects keep article revisions — is
//! one more `Section` in [`sections`]; entries can be pointed at by their label ids.
//!
//! ## Highlights
//! The article is cut at every annotation boundary, so nested and overlapping spans render
//! exactly. Each annotation is drawn as `<mark>` pieces (nested where spans nest; an
//! overlapping span is closed and reopened around the other's edge) with:
//! - a background colour per kind, translucent so nested spans show darker;
//! - an underline whose style is the kind's (claim solid, source dashed, dispute double) —
//!   this and the label below are what survive black-and-white printing;
//! - an underline depth per *track*: spans that overlap get different tracks (the outer or
//!   earlier span the first, just under the text; the others lower), so each nested or
//!   overlapping span's extent stays visible as its own line, under the other's;
//! - at its start a numbered marker (`C3`: third claim), linking to its entry, whose label
//!   links back.
//!
//! The underlines are drawn in each mark's bottom padding (see [`track_style`]); vertical
//! padding, unlike borders or side padding, keeps Arabic letters joined across a highlight
//! edge. Every paragraph has `dir="auto"`, so right-to-left paragraphs lay out right to left.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Write as _;

use crate::model::{Kind, Project, ReviewState};
use crate::palette::{self, Rgb};
use crate::project_file::generator;

use super::ExportOptions;
use super::review::{Piece, Review, count, display_time, review_line, split_links, vote_parts};

/// Tracks beyond this share the deepest underline position.
const MAX_TRACKS: usize = 6;

/// One part of the report, listed in its table of contents.
pub(crate) struct Section {
    /// The element id (link target), e.g. `claims`.
    pub(crate) id: &'static str,
    pub(crate) title: String,
    /// The HTML inside the section, after its heading.
    pub(crate) body: String,
}

pub fn render(project: &Project, options: &ExportOptions) -> Vec<u8> {
    let review = Review::new(project);
    let meta = &project.article().metadata;
    let title = if meta.title.trim().is_empty() {
        "Untitled article"
    } else {
        meta.title.as_str()
    };
    let article = article_html(&review);
    let sections = sections(&review, article.body);

    let mut html = String::with_capacity(project.article().text.len_bytes() * 2 + 20_000);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n",
    );
    html.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        html,
        "<meta name=\"generator\" content=\"{}\">",
        escape(&generator())
    );
    let _ = writeln!(
        html,
        "<title>Fact-check review: {}</title>",
        escape(&one_line(title))
    );
    html.push_str("<style>\n");
    html.push_str(&root_style());
    html.push_str(STYLE);
    html.push_str(&track_style(article.tracks));
    html.push_str("</style>\n</head>\n<body>\n");

    html.push_str("<header class=\"report\">\n<p class=\"kicker\">Fact-check review</p>\n");
    let _ = writeln!(html, "<h1 dir=\"auto\">{}</h1>", escape(title));
    html.push_str(&metadata_html(&review, options));
    html.push_str("<nav class=\"toc\" aria-label=\"Contents\"><ol>");
    for s in &sections {
        let _ = write!(
            html,
            "<li><a href=\"#{}\">{}</a></li>",
            s.id,
            escape(&s.title)
        );
    }
    html.push_str("</ol></nav>\n</header>\n<main>\n");
    for s in &sections {
        let _ = writeln!(
            html,
            "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>",
            s.id,
            escape(&s.title),
            s.body
        );
    }
    let _ = writeln!(
        html,
        "</main>\n<footer>Made with {} on {}. Offsets are Unicode code points into the \
         article text.</footer>\n</body>\n</html>",
        escape(&generator()),
        escape(&display_time(&options.now))
    );
    html.into_bytes()
}

/// The report's sections, in order. The article's highlighted text is rendered before,
/// because it also decides the stylesheet's underline tracks.
pub(crate) fn sections(review: &Review, article_body: String) -> Vec<Section> {
    let mut sections = vec![Section {
        id: "summary",
        title: "Summary".into(),
        body: summary_html(review),
    }];
    if let Some(body) = changes_html(review) {
        sections.push(Section {
            id: "changes",
            title: "The article changed after annotation".into(),
            body,
        });
    }
    sections.extend([
        Section {
            id: "article",
            title: "The article".into(),
            body: article_body,
        },
        Section {
            id: "claims",
            title: "Claims".into(),
            body: claims_html(review),
        },
        Section {
            id: "unlinked",
            title: "Sources and disputes linked to no claim".into(),
            body: unlinked_html(review),
        },
    ]);
    sections
}

/// When the outlet's text was updated after annotation began: which annotations moved,
/// changed wording, or could not be placed in the current text (and still need review).
/// `None` when the text never changed.
fn changes_html(review: &Review) -> Option<String> {
    let changes = review.article_changes()?;
    let mut out = String::new();
    if let Some(intro) = changes.intro() {
        let _ = writeln!(out, "<p>{}</p>", escape(&intro));
    }
    for group in &changes.groups {
        let _ = writeln!(
            out,
            "<h3>{} ({})</h3>\n<p class=\"none\">{}</p>\n<ul class=\"changes\">",
            group.heading,
            group.items.len(),
            group.explanation
        );
        for item in &group.items {
            let a = item.annotation;
            // Placed annotations link to their marker in the article; unplaced ones have none.
            let label = item
                .label
                .as_ref()
                .map(|l| {
                    format!(
                        "<a class=\"lbl {}\" href=\"#m-{l}\">{l}</a> ",
                        a.kind.as_str()
                    )
                })
                .unwrap_or_default();
            let was = item
                .was_quote
                .map(|was| format!(" was <q dir=\"auto\">{}</q>, now", escape(was)))
                .unwrap_or_default();
            // An unplaced one is listed only here: its verdict and note go with it.
            let mut details = String::new();
            if item.label.is_none() {
                if a.kind == Kind::Claim {
                    details.push(' ');
                    details.push_str(&verdict_badge(a.verdict, true));
                }
                if !a.note.trim().is_empty() {
                    let _ = write!(
                        details,
                        "<div class=\"note\" dir=\"auto\">{}</div>",
                        linkify(a.note.trim())
                    );
                }
            }
            let _ = writeln!(
                out,
                "<li>{label}<span class=\"kind\">{}</span>{was} <q dir=\"auto\">{}</q>{details}</li>",
                a.kind.label(),
                escape(&a.quote)
            );
        }
        out.push_str("</ul>\n");
    }
    Some(out)
}

fn metadata_html(review: &Review, options: &ExportOptions) -> String {
    let project = review.project;
    let meta = &project.article().metadata;
    let text = &project.article().text;
    let mut rows: Vec<(&str, String)> = Vec::new();
    for (label, value) in [
        ("URL", &meta.url),
        ("Outlet", &meta.outlet),
        ("Author", &meta.author),
        ("Published", &meta.published),
        ("Retrieved", &meta.retrieved),
        ("Language", &meta.language),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            let shown = if label == "URL" {
                linkify(value)
            } else {
                escape(&display_time(value))
            };
            rows.push((label, shown));
        }
    }
    rows.push((
        "Article text",
        format!(
            "{} characters in {}; SHA-256 <code>{}</code>",
            text.len_chars(),
            count(review.shown_paragraphs(), "paragraph", "paragraphs"),
            project.article().text_sha256()
        ),
    ));
    rows.push(("Project created", escape(&display_time(&project.created))));
    rows.push(("Last modified", escape(&display_time(&project.modified))));
    rows.push(("Report made", escape(&display_time(&options.now))));
    let mut out = String::from("<dl class=\"meta\">\n");
    for (label, value) in rows {
        let _ = writeln!(out, "<dt>{label}</dt><dd dir=\"auto\">{value}</dd>");
    }
    out.push_str("</dl>\n");
    out
}

fn summary_html(review: &Review) -> String {
    let s = review.summary();
    let mut out = String::from("<table class=\"counts\">\n");
    let breakdown = s.verdict_breakdown();
    let rows = [
        (
            "Claims",
            s.claims,
            if breakdown.is_empty() {
                "—".to_string()
            } else {
                breakdown
            },
        ),
        (
            "Claims approved",
            s.states[ReviewState::Approved as usize],
            if s.claims == 0 {
                "—".to_string()
            } else {
                s.review_breakdown()
            },
        ),
        (
            "Claims with no linked source or dispute",
            s.claims_without_evidence,
            "no source or dispute is linked to them".to_string(),
        ),
        (
            "Sources",
            s.sources,
            format!("{} linked to no claim", s.sources_unlinked),
        ),
        (
            "Disputes",
            s.disputes,
            format!("{} linked to no claim", s.disputes_unlinked),
        ),
    ];
    let unplaced = review.project.needs_review().len();
    let review_row = (unplaced > 0).then(|| {
        (
            "Need review",
            unplaced,
            "the article changed and these have no place in its text yet; see \u{201c}The \
             article changed after annotation\u{201d}"
                .to_string(),
        )
    });
    for (what, n, detail) in rows.into_iter().chain(review_row) {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{what}</th><td class=\"n\">{n}</td><td>{}</td></tr>",
            escape(&detail)
        );
    }
    out.push_str("</table>\n");
    if review.claims.is_empty() {
        return out;
    }
    out.push_str(
        "<table class=\"glance\">\n<caption>Claims at a glance</caption>\n<thead><tr>\
         <th scope=\"col\">Claim</th><th scope=\"col\">Verdict</th>\
         <th scope=\"col\">Quote</th><th scope=\"col\">Linked sources and disputes</th></tr></thead>\n<tbody>\n",
    );
    for &c in &review.claims {
        let claim = review.annotation(c);
        let evidence: Vec<String> = review
            .evidence
            .get(&c)
            .into_iter()
            .flatten()
            .map(|&e| label_link(review, e, "lbl"))
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td dir=\"auto\">{}</td><td>{}</td></tr>",
            label_link(review, c, "lbl"),
            claim_badges(claim, false),
            escape(&excerpt(&claim.quote, 90)),
            if evidence.is_empty() {
                "<span class=\"none\">none</span>".to_string()
            } else {
                evidence.join(" ")
            }
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The highlighted article text and how many underline tracks it uses.
struct ArticleHtml {
    body: String,
    tracks: usize,
}

fn article_html(review: &Review) -> ArticleHtml {
    let project = review.project;
    let text = &project.article().text;
    let annotations = project.annotations();
    let (track, tracks) = assign_tracks(review);

    let mut out = String::with_capacity(text.len_bytes() * 2 + annotations.len() * 120);
    out.push_str(
        "<p class=\"legend\">Highlights: \
         <mark class=\"hl claim t0\"><span class=\"mk\">C</span>claim</mark> \
         solid underline · \
         <mark class=\"hl source t0\"><span class=\"mk\">S</span>source</mark> \
         dashed underline · \
         <mark class=\"hl dispute t0\"><span class=\"mk\">D</span>dispute</mark> \
         double underline. Each starts with its label (C3 is the third claim), which links to \
         its entry below. A highlight inside or across another gets its own, lower \
         underline.</p>\n",
    );
    let lang = project
        .article()
        .metadata
        .language
        .as_deref()
        .filter(|l| !l.trim().is_empty());
    match lang {
        Some(lang) => {
            let _ = writeln!(out, "<div class=\"text\" lang=\"{}\">", escape(lang));
        }
        None => out.push_str("<div class=\"text\">\n"),
    }

    // Every place where something starts or ends: annotation edges and paragraph edges.
    let mut boundaries: Vec<usize> = Vec::with_capacity(annotations.len() * 2 + 64);
    for a in annotations {
        boundaries.push(a.start);
        boundaries.push(a.end);
    }
    for p in text.paragraphs() {
        boundaries.push(p.chars.start);
        boundaries.push(p.chars.end);
    }
    boundaries.sort_unstable();
    boundaries.dedup();

    let mut marker_done = vec![false; annotations.len()];
    let mut active: Vec<usize> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut next = 0;
    out.push_str("<p dir=\"auto\">");
    for pair in boundaries.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        active.retain(|&i| {
            let ends = annotations[i].end <= from;
            if ends && !marker_done[i] {
                // A span of line breaks only has no text to sit in; its marker still shows.
                marker_done[i] = true;
                out.push_str(&marker(review, i));
            }
            !ends
        });
        while next < annotations.len() && annotations[next].start <= from {
            if annotations[next].end > from {
                active.push(next);
            }
            next += 1;
        }
        let segment = text.slice(from..to).unwrap_or_default();
        if segment == "\n" {
            close_marks(&mut out, &mut open, 0);
            out.push_str("</p>\n<p dir=\"auto\">");
            continue;
        }
        // The marks this segment needs, outer (lower track) first.
        let mut wanted = active.clone();
        wanted.sort_unstable_by_key(|&i| (track[i], i));
        let keep = open.iter().zip(&wanted).take_while(|(a, b)| a == b).count();
        close_marks(&mut out, &mut open, keep);
        for &i in &wanted[keep..] {
            let a = &annotations[i];
            let _ = write!(
                out,
                "<mark class=\"hl {} t{}\" data-a=\"{}\">",
                a.kind.as_str(),
                track[i].min(MAX_TRACKS - 1),
                review.labels[i]
            );
            if !marker_done[i] {
                marker_done[i] = true;
                out.push_str(&marker(review, i));
            }
            open.push(i);
        }
        out.push_str(&escape(segment));
    }
    close_marks(&mut out, &mut open, 0);
    for (i, done) in marker_done.iter().enumerate() {
        if !done {
            out.push_str(&marker(review, i));
        }
    }
    out.push_str("</p>\n</div>\n");
    ArticleHtml {
        body: out,
        tracks: tracks.clamp(1, MAX_TRACKS),
    }
}

fn close_marks(out: &mut String, open: &mut Vec<usize>, keep: usize) {
    while open.len() > keep {
        open.pop();
        out.push_str("</mark>");
    }
}

/// Give each annotation the lowest underline track not used by an annotation it overlaps,
/// taking longer spans first where spans start together (so outer spans get lower tracks).
/// Returns each annotation's track and the number of tracks used.
fn assign_tracks(review: &Review) -> (Vec<usize>, usize) {
    let annotations = review.project.annotations();
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by_key(|&i| (annotations[i].start, Reverse(annotations[i].end), i));
    let mut track = vec![0; annotations.len()];
    let mut busy: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new(); // (end, track)
    let mut free: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    let mut used = 0;
    for i in order {
        let a = &annotations[i];
        while let Some(&Reverse((end, t))) = busy.peek() {
            if end > a.start {
                break;
            }
            busy.pop();
            free.push(Reverse(t));
        }
        let t = match free.pop() {
            Some(Reverse(t)) => t,
            None => {
                used += 1;
                used - 1
            }
        };
        track[i] = t;
        busy.push(Reverse((a.end, t)));
    }
    (track, used)
}

/// The numbered marker at the start of a highlight. Its own `dir` keeps its Latin label out
/// of the paragraph's `dir="auto"` guess, which would otherwise make an Arabic paragraph
/// that starts with a highlight left-to-right.
fn marker(review: &Review, index: usize) -> String {
    let a = review.annotation(index);
    let label = &review.labels[index];
    format!(
        "<a class=\"mk\" dir=\"ltr\" id=\"m-{label}\" href=\"#{label}\" title=\"{} {label}\">{label}</a>",
        a.kind.label()
    )
}

/// The label of an annotation as a link to its entry.
fn label_link(review: &Review, index: usize, class: &str) -> String {
    let a = review.annotation(index);
    let label = &review.labels[index];
    format!(
        "<a class=\"{class} {}\" href=\"#{label}\">{label}</a>",
        a.kind.as_str()
    )
}

fn claims_html(review: &Review) -> String {
    let mut out = String::new();
    if review.claims.is_empty() {
        out.push_str("<p class=\"none\">No claims are tagged.</p>\n");
        return out;
    }
    let mut placed = vec![false; review.project.annotations().len()];
    for &c in &review.claims {
        let claim = review.annotation(c);
        let _ = writeln!(
            out,
            "<article class=\"entry claim\" id=\"{}\">",
            review.labels[c]
        );
        let _ = writeln!(
            out,
            "<header><h3 class=\"entry-title\"><a class=\"lbl claim\" href=\"#m-{0}\" \
             title=\"Show in the article\">{0}</a> <span class=\"kind\">Claim</span></h3> \
             {1}</header>",
            review.labels[c],
            claim_badges(claim, true)
        );
        entry_body(&mut out, review, c);
        let mut any = false;
        for kind in [Kind::Source, Kind::Dispute] {
            let linked = review.evidence_of(c, kind);
            if linked.is_empty() {
                continue;
            }
            any = true;
            let _ = writeln!(
                out,
                "<h4 class=\"{}\">{} {}</h4>",
                kind.as_str(),
                if kind == Kind::Source {
                    "Supported by"
                } else {
                    "Contested by"
                },
                match kind {
                    Kind::Source => count(linked.len(), "source", "sources"),
                    _ => count(linked.len(), "dispute", "disputes"),
                }
            );
            for e in linked {
                // The first time a source or dispute is shown it is its entry (the marker's
                // link target); later it is quoted again under other claims.
                let id = if placed[e] {
                    String::new()
                } else {
                    placed[e] = true;
                    format!(" id=\"{}\"", review.labels[e])
                };
                let evidence = review.annotation(e);
                let _ = writeln!(
                    out,
                    "<div class=\"evidence {}\"{id}>",
                    evidence.kind.as_str()
                );
                let others = review.other_claims(e, c);
                let also = if others.is_empty() {
                    String::new()
                } else {
                    let links: Vec<String> = others
                        .iter()
                        .map(|l| format!("<a href=\"#{l}\">{l}</a>"))
                        .collect();
                    format!(
                        " <span class=\"also\">also bears on {}</span>",
                        links.join(", ")
                    )
                };
                let _ = writeln!(
                    out,
                    "<header><a class=\"lbl {1}\" href=\"#m-{0}\" title=\"Show in the article\">{0}</a> \
                     <span class=\"kind\">{2}</span>{also}</header>",
                    review.labels[e],
                    evidence.kind.as_str(),
                    evidence.kind.label()
                );
                entry_body(&mut out, review, e);
                out.push_str("</div>\n");
            }
        }
        let unplaced = review.unplaced_evidence_of(c);
        if !unplaced.is_empty() {
            any = true;
            out.push_str(
                "<p class=\"none\">Also linked, but needing review since the article changed:</p>\n<ul class=\"changes\">\n",
            );
            for e in unplaced {
                let _ = writeln!(
                    out,
                    "<li><span class=\"kind\">{}</span> <q dir=\"auto\">{}</q></li>",
                    e.kind.label(),
                    escape(&e.quote)
                );
            }
            out.push_str("</ul>\n");
        }
        if !any {
            out.push_str("<p class=\"none\">No source or dispute is linked to this claim.</p>\n");
        }
        out.push_str("</article>\n");
    }
    out
}

fn unlinked_html(review: &Review) -> String {
    let mut out = String::new();
    if review.unlinked.is_empty() {
        out.push_str("<p class=\"none\">Every source and dispute is linked to a claim.</p>\n");
        return out;
    }
    for &e in &review.unlinked {
        let a = review.annotation(e);
        let _ = writeln!(
            out,
            "<article class=\"entry {}\" id=\"{}\">",
            a.kind.as_str(),
            review.labels[e]
        );
        let _ = writeln!(
            out,
            "<header><h3 class=\"entry-title\"><a class=\"lbl {1}\" href=\"#m-{0}\" \
             title=\"Show in the article\">{0}</a> <span class=\"kind\">{2}</span></h3></header>",
            review.labels[e],
            a.kind.as_str(),
            a.kind.label()
        );
        entry_body(&mut out, review, e);
        out.push_str("</article>\n");
    }
    out
}

/// A claim's record: who said it, the claim as checked, where it was first said, and the
/// public explanation of the verdict.
fn record_html(out: &mut String, a: &crate::model::Annotation) {
    let r = &a.record;
    let mut rows = String::new();
    if let Some(c) = r.claimant.as_ref().filter(|c| !c.name.trim().is_empty()) {
        let role = c
            .role
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .map(|r| format!(", <span dir=\"auto\">{}</span>", escape(r.trim())))
            .unwrap_or_default();
        let _ = write!(
            rows,
            "<dt>Claimant</dt><dd><span dir=\"auto\">{}</span>{role} <span class=\"weak\">({})</span></dd>",
            escape(c.name.trim()),
            c.kind.label().to_lowercase()
        );
    }
    if let Some(checked) = r.claim_checked.as_deref().filter(|c| !c.trim().is_empty()) {
        let _ = write!(
            rows,
            "<dt>Claim as checked</dt><dd dir=\"auto\">{}</dd>",
            escape(checked.trim())
        );
    }
    if let Some(first) = &r.first_said {
        let date = first.date.as_deref().map(escape).unwrap_or_default();
        let at = first
            .url
            .as_deref()
            .map(|u| web_link(u, u))
            .unwrap_or_default();
        if !date.is_empty() || !at.is_empty() {
            let _ = write!(rows, "<dt>First said</dt><dd>{date} {at}</dd>");
        }
    }
    if let Some(url) = r.review_url.as_deref() {
        let _ = write!(
            rows,
            "<dt>Published review</dt><dd>{}</dd>",
            web_link(url, url)
        );
    }
    if !r.explanation.trim().is_empty() {
        let _ = write!(
            rows,
            "<dt>Explanation</dt><dd class=\"explanation\" dir=\"auto\">{}</dd>",
            linkify(r.explanation.trim())
        );
    }
    if a.kind == Kind::Claim {
        let _ = write!(rows, "<dt>Review</dt><dd>{}</dd>", escape(&review_line(a)));
        if !r.review.votes.is_empty() {
            rows.push_str("<dt>Votes</dt><dd><ul class=\"votes\">");
            for vote in &r.review.votes {
                let (who, verdict, comment, time) = vote_parts(vote);
                let comment = if comment.is_empty() {
                    String::new()
                } else {
                    format!(": <q dir=\"auto\">{}</q>", escape(comment))
                };
                let _ = write!(
                    rows,
                    "<li><span dir=\"auto\">{}</span> voted <strong>{verdict}</strong>{comment} \
                     <span class=\"weak\">({})</span></li>",
                    escape(who),
                    escape(&time)
                );
            }
            rows.push_str("</ul></dd>");
        }
    }
    if !rows.is_empty() {
        let _ = writeln!(out, "<dl class=\"record\">{rows}</dl>");
    }
}

/// The evidence list: each reference with its page linked (http(s) only), its publisher,
/// the date it was read, its archived copy and its quote.
fn evidence_html(out: &mut String, evidence: &[crate::model::Reference]) {
    let items: Vec<String> = evidence
        .iter()
        .filter(|e| !e.is_blank())
        .map(|e| {
            let filled = |f: &Option<String>| {
                f.as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let mut item = String::new();
            if let Some(publisher) = filled(&e.publisher) {
                let _ = write!(item, "<span dir=\"auto\">{}</span>, ", escape(&publisher));
            }
            let heading = e.heading().trim().to_string();
            match filled(&e.url) {
                Some(url) => item.push_str(&web_link(&url, &heading)),
                None => {
                    let _ = write!(item, "<span dir=\"auto\">{}</span>", escape(&heading));
                }
            }
            if let Some(accessed) = filled(&e.accessed) {
                let _ = write!(
                    item,
                    " <span class=\"weak\">(accessed {})</span>",
                    escape(&accessed)
                );
            }
            if let Some(archive) = filled(&e.archive_url) {
                let _ = write!(item, " · {}", web_link(&archive, "archived copy"));
            }
            if let Some(quote) = filled(&e.quote) {
                let _ = write!(item, "<br><q dir=\"auto\">{}</q>", escape(&quote));
            }
            format!("<li>{item}</li>")
        })
        .collect();
    if !items.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"evidence\"><span class=\"what\">Evidence:</span><ol>{}</ol></div>",
            items.concat()
        );
    }
}

/// `text` linked to `url` when `url` is one http(s) address and nothing else (`<`, `>` and
/// `"` in it percent-encoded, see [`super::review::encode_url_field`]); otherwise the
/// text, and the address with only its safe part linked (as in notes).
fn web_link(url: &str, text: &str) -> String {
    let url = url.trim();
    let encoded = super::review::encode_url_field(url);
    match super::review::as_single_link(&encoded).filter(|u| crate::model::claim::is_web_url(u)) {
        Some(link) => format!(
            "<a href=\"{}\" dir=\"auto\">{}</a>",
            escape(link),
            escape(text.trim())
        ),
        None if url == text.trim() => format!("<span dir=\"auto\">{}</span>", linkify(url)),
        None => format!(
            "<span dir=\"auto\">{}</span> <span class=\"weak\">({})</span>",
            escape(text.trim()),
            linkify(url)
        ),
    }
}

/// Quote, record, note, evidence and byline of one annotation.
fn entry_body(out: &mut String, review: &Review, index: usize) {
    let a = review.annotation(index);
    let lang = review
        .project
        .article()
        .metadata
        .language
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!(" lang=\"{}\"", escape(l)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<blockquote class=\"quote\" dir=\"auto\"{lang}>{}</blockquote>",
        escape(&a.quote)
    );
    record_html(out, a);
    if !a.note.trim().is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"note\" dir=\"auto\">{}</div>",
            linkify(a.note.trim())
        );
    }
    evidence_html(out, &a.evidence);
    let paragraph = review.paragraph_number(a.start);
    let mut byline = format!("¶&#8239;{paragraph} · characters {}–{}", a.start, a.end);
    if let Some(author) = a.author.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = write!(byline, " · by <span dir=\"auto\">{}</span>", escape(author));
    }
    let _ = write!(byline, " · modified {}", escape(&display_time(&a.modified)));
    let _ = writeln!(out, "<p class=\"byline\">{byline}</p>");
}

/// A claim's verdict badge and its review state: "Verdict: False" and "Approved" once
/// approved; before that "Proposed verdict: False" (in the glance table "Proposed: False")
/// and the state, e.g. "Ready for review".
fn claim_badges(claim: &crate::model::Annotation, long: bool) -> String {
    let state = claim.record.review.state;
    let approved = state == ReviewState::Approved;
    let badge = match claim.verdict {
        Some(v) if !approved => format!(
            "<span class=\"verdict v-{}\">{}{}</span>",
            v.as_str(),
            if long {
                "Proposed verdict: "
            } else {
                "Proposed: "
            },
            v.label()
        ),
        verdict => verdict_badge(verdict, long),
    };
    format!(
        "{badge} <span class=\"state s-{}\">{}</span>",
        state.as_str(),
        state.label()
    )
}

/// A verdict as a badge; `long` says "Verdict: …" (the glance table has a column heading).
fn verdict_badge(verdict: Option<crate::model::Verdict>, long: bool) -> String {
    let prefix = if long { "Verdict: " } else { "" };
    match verdict {
        Some(v) => format!(
            "<span class=\"verdict v-{}\">{prefix}{}</span>",
            v.as_str(),
            v.label()
        ),
        None => "<span class=\"verdict v-none\">Not rated</span>".to_string(),
    }
}

/// Text escaped for HTML, its http, https and mailto URLs made links.
pub fn linkify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for piece in split_links(text) {
        match piece {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Link(url) => {
                let url = escape(url);
                let _ = write!(
                    out,
                    "<a href=\"{url}\" rel=\"noopener noreferrer\">{url}</a>"
                );
            }
        }
    }
    out
}

/// Escape text for HTML content and for quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // NUL and other C0 controls are parse errors in HTML; show them as the
            // replacement character rather than let a browser guess.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters of `s` on one line, with an ellipsis when cut.
fn excerpt(s: &str, max: usize) -> String {
    let line = one_line(s);
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max).collect();
    if let Some(space) = cut.rfind(' ').filter(|&at| at > max / 2) {
        cut.truncate(space);
    }
    cut.push('…');
    cut
}

/// The highlight styles for `tracks` underline tracks.
///
/// The underlines are background layers in the mark's bottom padding, not
/// `text-decoration`: browsers do not paint an outer element's underline under an inner
/// element that has its own, so nested spans would lose their outer line. Vertical padding
/// leaves Arabic joining intact. Track 0 (the outer or earlier span, and every span that
/// overlaps none) sits just under the text, each further track lower; the text's lines get
/// taller to make room.
fn track_style(tracks: usize) -> String {
    const STEP_PX: f64 = 5.5;
    let padding = 1.0 + STEP_PX * tracks as f64;
    let mut css = String::new();
    let _ = writeln!(
        css,
        ":root {{ --pb: {padding}px; }}\n.text p {{ line-height: calc(1.45em + {padding}px); }}"
    );
    for kind in Kind::ALL {
        let name = kind.as_str();
        let (line, height) = match kind {
            Kind::Claim => (
                format!("linear-gradient(var(--{name}), var(--{name}))"),
                2.0,
            ),
            Kind::Source => (
                format!(
                    "repeating-linear-gradient(90deg, var(--{name}) 0 6px, transparent 6px 9px)"
                ),
                2.0,
            ),
            Kind::Dispute => (
                format!(
                    "linear-gradient(var(--{name}) 0 1.5px, transparent 1.5px 3px, \
                     var(--{name}) 3px 4.5px)"
                ),
                4.5,
            ),
        };
        for t in 0..tracks {
            // Distance from the bottom of the padding to the bottom of this track's line.
            let from_bottom = padding - 1.0 - STEP_PX * t as f64 - height;
            let _ = writeln!(
                css,
                "mark.{name}.t{t} {{ background-image: {line}, \
                 linear-gradient(var(--{name}-bg), var(--{name}-bg)); \
                 background-size: 100% {height}px, 100% calc(100% - var(--pb)); \
                 background-position: 0 calc(100% - {from_bottom}px), 0 0; }}"
            );
        }
    }
    css
}

/// The colour variables, from [`palette`], the palette the app uses: `--claim` for labels and
/// underlines, `--claim-bg` for the highlight fill.
fn root_style() -> String {
    let mut css = format!(
        ":root {{\n  --ink: {}; --muted: #5f6368; --rule: #d5d5d5;\n",
        palette::INK.hex()
    );
    let alpha = f64::from(palette::FILL_ALPHA_LIGHT) / 255.0;
    for kind in Kind::ALL {
        let colors = palette::kind(kind);
        let Rgb(r, g, b) = colors.fill;
        let _ = writeln!(
            css,
            "  --{0}: {1}; --{0}-bg: rgba({r}, {g}, {b}, {alpha:.3});",
            kind.as_str(),
            colors.light.hex()
        );
    }
    css.push_str("}\n");
    css
}

const STYLE: &str = r#"* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 50rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink);
  background: #fff; font: 16px/1.5 Georgia, "Noto Serif", "DejaVu Serif", serif; }
h1, h2, h3, h4, header, nav, dl, table, .byline, .legend, footer, .kicker, .verdict, .lbl, .mk {
  font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
.kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .08em;
  font-size: .8rem; }
h1 { margin: .2rem 0 1rem; font-size: 1.7rem; line-height: 1.25; }
h2 { margin: 2.5rem 0 1rem; padding-bottom: .3rem; border-bottom: 2px solid var(--ink);
  font-size: 1.35rem; }
h4 { margin: 1rem 0 .4rem; font-size: .95rem; }
h3.entry-title { margin: 0; font-size: 1rem; font-weight: normal; display: inline; }
a { color: #1a4fa0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0;
  font-size: .9rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
code { font-size: .85em; overflow-wrap: anywhere; }
nav.toc ol { margin: 1rem 0 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap;
  gap: .3rem 1.2rem; font-size: .9rem; }
nav.toc li { counter-increment: toc; }
nav.toc li::before { content: counter(toc) ". "; color: var(--muted); }
table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0 1rem; }
table.counts th { text-align: start; padding: .15rem 1rem .15rem 0; font-weight: 600; }
table.counts td.n { text-align: end; padding-inline-end: 1rem; font-weight: 600; }
table.glance { width: 100%; }
table.glance caption { text-align: left; font-weight: 600; padding: .5rem 0; }
table.glance th, table.glance td { border-bottom: 1px solid var(--rule); padding: .3rem .4rem;
  text-align: start; vertical-align: top; }
table.glance td:nth-child(3) { font-family: Georgia, "Noto Serif", serif; }
.none { color: var(--muted); font-style: italic; }

/* The article and its highlights */
.legend { font-size: .85rem; color: var(--muted); line-height: calc(1.6em + var(--pb)); }
.text { counter-reset: para; padding-inline-start: 2rem; }
.text p { margin: 0 0 .9rem; white-space: pre-wrap; overflow-wrap: break-word;
  counter-increment: para; position: relative; }
.text p:empty { display: none; }
.text p::before { content: counter(para); position: absolute; inset-inline-start: -2rem;
  width: 1.5rem; text-align: end; color: var(--muted); font: .7rem/2.4 system-ui, sans-serif; }
mark.hl { color: inherit; background: none; background-repeat: no-repeat;
  padding-bottom: var(--pb); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.mk { display: inline-block; unicode-bidi: isolate; direction: ltr; margin-inline-end: .15em;
  padding: 0 .25em; border: 1px solid currentColor; border-radius: .25em; background: #fff;
  font-size: .68rem; font-weight: 700; line-height: 1.35; vertical-align: .35em;
  text-decoration: none; }
mark.claim > .mk, .lbl.claim { color: var(--claim); }
mark.source > .mk, .lbl.source { color: var(--source); }
mark.dispute > .mk, .lbl.dispute { color: var(--dispute); }
mark.dispute > .mk, .lbl.dispute { border-style: double; border-width: 3px; }
mark.source > .mk, .lbl.source { border-style: dashed; }

/* Entries */
.entry { margin: 0 0 1.6rem; padding: .8rem 1rem; border: 1px solid var(--rule);
  border-inline-start: 5px solid var(--claim); border-radius: 4px; }
.entry.source { border-inline-start: 5px dashed var(--source); }
.entry.dispute { border-inline-start: 5px double var(--dispute); }
.entry > header, .evidence > header { display: flex; flex-wrap: wrap; align-items: baseline;
  gap: .5rem; font-size: .95rem; }
.lbl { display: inline-block; min-width: 2.4em; padding: 0 .3em; border: 2px solid currentColor;
  border-radius: .3em; text-align: center; font-weight: 700; text-decoration: none; }
.kind { font-weight: 600; }
.also { color: var(--muted); font-size: .85rem; }
.state { display: inline-block; white-space: nowrap; padding: .05em .55em; font-size: .8rem;
  border: 1px dashed var(--muted); border-radius: .3em; color: var(--muted); }
.state.s-approved { border-style: solid; color: var(--ink); font-weight: 600; }
ul.votes { margin: 0; padding-inline-start: 1.2rem; }
.verdict { display: inline-block; white-space: nowrap; padding: .05em .55em; border-radius: 1em; border: 2px solid;
  font-size: .85rem; font-weight: 700; }
.v-true { color: #136c2e; } .v-mostly-true { color: #4a7a12; } .v-mixed { color: #8a6100; }
.v-mostly-false { color: #b04a10; } .v-false { color: #a8231a; }
.v-unverifiable { color: #5f6368; border-style: dotted; }
.v-none { color: #5f6368; border-style: dashed; font-weight: 600; }
blockquote.quote { margin: .6rem 0; padding: .1rem 0 .1rem .9rem; border-inline-start: 3px solid var(--rule);
  white-space: pre-wrap; font-style: italic; }
.note { margin: .5rem 0; white-space: pre-wrap; overflow-wrap: break-word; }
.evidence { margin: .5rem 0; font-size: .92rem; overflow-wrap: anywhere; }
.evidence .what { font-weight: 600; font-family: system-ui, sans-serif; }
.evidence ol { margin: .25rem 0 0 1.25rem; padding: 0; }
.evidence li { margin: .15rem 0; }
dl.record { margin: .5rem 0; display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; }
dl.record dt { font-weight: 600; font-family: system-ui, sans-serif; font-size: .9rem; }
dl.record dd { margin: 0; overflow-wrap: anywhere; }
dl.record .explanation { white-space: pre-wrap; }
.weak { color: #555; }
.byline { margin: .4rem 0 0; color: var(--muted); font-size: .78rem; }
.evidence { margin: .6rem 0 .2rem; padding: .5rem .8rem; background: #f7f7f5; border-radius: 4px;
  border-inline-start: 4px dashed var(--source); }
.evidence.dispute { border-inline-start: 4px double var(--dispute); }
h4.source, h4.dispute { margin-top: 1rem; }
:target { outline: 3px solid #f0b400; outline-offset: 2px; }
footer { margin-top: 3rem; padding-top: .5rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: .8rem; }

@media print {
  @page { margin: 16mm 15mm 18mm; @bottom-center { content: "Page " counter(page) " of " counter(pages);
    font: 9pt system-ui, sans-serif; color: #555; } }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav.toc { display: none; }
  a { color: inherit; }
  .evidence a, .note a, dl.meta a, dl.record a { text-decoration: underline; }
  h2 { break-after: avoid; margin-top: 1.5rem; }
  h4 { break-after: avoid; }
  .entry > header, .evidence > header, blockquote.quote { break-after: avoid; }
  .evidence, table.glance tr, .byline { break-inside: avoid; }
  .entry { border-color: #999; }
  :target { outline: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_content_and_attributes() {
        assert_eq!(
            escape("<a href=\"x\" onclick='y'>&amp;</a>\u{0}"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;\u{FFFD}"
        );
        assert_eq!(
            linkify("see https://x.org/?a=1&b=2 or javascript:alert(1)"),
            "see <a href=\"https://x.org/?a=1&amp;b=2\" rel=\"noopener noreferrer\">\
             https://x.org/?a=1&amp;b=2</a> or javascript:alert(1)"
        );
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("short\ntext", 20), "short text");
        assert_eq!(excerpt("one two three four", 10), "one two…");
    }
}
