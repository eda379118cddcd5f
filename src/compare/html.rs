//! The agreement report: one self-contained HTML file (inline CSS, no scripts, no external
//! requests, a Content-Security-Policy saying so), every string from the projects escaped.
//! Colours are the kinds' from [`crate::palette`], as in the review report.

use std::fmt::Write as _;

use super::report::{kind_rows, short_quote};
use super::{Comparison, Figure, MIN_OVERLAP, SpanRef};
use crate::export::html::escape;
use crate::palette;
use crate::project_file::generator;

fn cell(f: Figure) -> String {
    match f {
        Figure::Value(v) => format!("{v:.3}"),
        Figure::Undefined(why) => format!(
            "<span class=\"na\" title=\"{0}\">n/a</span> <small>({0})</small>",
            escape(why)
        ),
    }
}

fn span_html(s: &Option<SpanRef>) -> String {
    let Some(s) = s else {
        return "<td class=\"none\">\u{2014}</td>".to_string();
    };
    let verdict = s
        .verdict
        .map(|v| format!(" <span class=\"verdict\">{}</span>", escape(v.label())))
        .unwrap_or_default();
    format!(
        "<td><span class=\"chip {kind}\">{label}</span>{verdict} <code>{id}</code> \
         <small>{start}\u{2013}{end}</small><br><q dir=\"auto\">{quote}</q></td>",
        kind = s.kind.as_str(),
        label = escape(s.kind.label()),
        id = escape(&s.id),
        start = s.start,
        end = s.end,
        quote = escape(&short_quote(&s.quote, 200)),
    )
}

/// The report, naming the two projects `a` and `b` (e.g. their file names) and giving the
/// article's title.
pub fn render_html(c: &Comparison, a: &str, b: &str, title: &str, now: &str) -> Vec<u8> {
    let mut h = String::with_capacity(8_000 + c.disagreements.len() * 400);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n",
    );
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        h,
        "<meta name=\"generator\" content=\"{}\">",
        escape(&generator())
    );
    let title = if title.trim().is_empty() {
        "Untitled article"
    } else {
        title
    };
    let _ = writeln!(
        h,
        "<title>Agreement: {}</title>",
        escape(&short_quote(title, 120))
    );
    h.push_str("<style>\n");
    for kind in crate::model::Kind::ALL {
        let colors = palette::kind(kind);
        let palette::Rgb(r, g, bl) = colors.fill;
        let _ = writeln!(
            h,
            ".chip.{0} {{ color: {1}; background: rgba({r}, {g}, {bl}, 0.15); border-color: {1}; }}",
            kind.as_str(),
            colors.light.hex()
        );
    }
    let _ = writeln!(h, "body {{ color: {}; }}", palette::INK.hex());
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n");
    h.push_str("<header><p class=\"kicker\">Agreement between two checkers</p>\n");
    let _ = writeln!(h, "<h1 dir=\"auto\">{}</h1>", escape(title));
    let _ = writeln!(
        h,
        "<dl><dt>A (reference)</dt><dd>{} \u{2014} {} annotations</dd>\
         <dt>B</dt><dd>{} \u{2014} {} annotations</dd></dl>",
        escape(a),
        c.a.annotations,
        escape(b),
        c.b.annotations
    );
    h.push_str("</header>\n<main>\n");

    h.push_str("<section id=\"spans\"><h2>Spans</h2>\n");
    let _ = writeln!(
        h,
        "<p>{} exact matches, {} more by overlap (Jaccard \u{2265} {MIN_OVERLAP}), {} only in A, \
         {} only in B.</p>",
        c.exact_matches(),
        c.overlap_only_matches(),
        c.only_a.len(),
        c.only_b.len()
    );
    h.push_str(
        "<table><thead><tr><th>Matching</th><th>Precision</th><th>Recall</th><th>F1</th></tr>\
         </thead><tbody>\n",
    );
    for (name, s) in [("Exact", &c.spans.exact), ("Overlap", &c.spans.overlap)] {
        let _ = writeln!(
            h,
            "<tr><th>{name}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            cell(s.precision),
            cell(s.recall),
            cell(s.f1)
        );
    }
    h.push_str("</tbody></table></section>\n");

    h.push_str("<section id=\"kinds\"><h2>Kinds</h2>\n");
    let _ = writeln!(
        h,
        "<p>Of the {} matched spans, {} have the same kind. Cohen\u{2019}s \u{3BA}: {}.</p>",
        c.kinds.matched,
        c.kinds.agreed,
        cell(c.kinds.kappa)
    );
    h.push_str(
        "<table><thead><tr><th>Kind</th><th>A</th><th>B</th><th>Both</th><th>Precision</th>\
         <th>Recall</th><th>F1</th></tr></thead><tbody>\n",
    );
    for (kind, s) in kind_rows(c) {
        let _ = writeln!(
            h,
            "<tr><th><span class=\"chip {}\">{}</span></th><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td></tr>",
            kind.as_str(),
            escape(kind.label()),
            s.a,
            s.b,
            s.matched,
            cell(s.precision),
            cell(s.recall),
            cell(s.f1)
        );
    }
    h.push_str("</tbody></table></section>\n");

    let v = &c.verdicts;
    h.push_str("<section id=\"verdicts\"><h2>Verdicts</h2>\n");
    let _ = writeln!(
        h,
        "<p>Of the {} matched claims both rated, {} have the same verdict. Cohen\u{2019}s \u{3BA}: \
         {}. Weighted \u{3BA} (linear weights, false \u{2192} mostly false \u{2192} mixed \u{2192} \
         mostly true \u{2192} true; {} pairs without \u{201C}unverifiable\u{201D}): {}.</p>",
        v.rated_by_both,
        v.agreed,
        cell(v.kappa),
        v.ordinal_pairs,
        cell(v.weighted_kappa)
    );
    h.push_str("</section>\n");

    let _ = writeln!(
        h,
        "<section id=\"disagreements\"><h2>Disagreements ({})</h2>",
        c.disagreements.len()
    );
    if c.disagreements.is_empty() {
        h.push_str("<p>None: both checkers marked the same spans alike.</p>\n");
    } else {
        h.push_str(
            "<table class=\"list\"><thead><tr><th>What</th><th>A</th><th>B</th></tr></thead>\
             <tbody>\n",
        );
        for d in &c.disagreements {
            let _ = writeln!(
                h,
                "<tr><th>{}</th>{}{}</tr>",
                escape(&d.kind.label("in A", "in B")),
                span_html(&d.a),
                span_html(&d.b)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</section>\n</main>\n");
    let _ = writeln!(
        h,
        "<footer>Made with {} on {}. Offsets are Unicode code points into the article text. \
         Precision and recall take A as the reference; F1 is the same either way.</footer>\n\
         </body>\n</html>",
        escape(&generator()),
        escape(now)
    );
    h.into_bytes()
}

const STYLE: &str = r#"* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 56rem; padding: 1.5rem 1.25rem 3rem; background: #fff;
  font: 16px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
.kicker { margin: 0; color: #5f6368; text-transform: uppercase; letter-spacing: .08em;
  font-size: .8rem; }
h1 { margin: .2rem 0 1rem; font-size: 1.6rem; line-height: 1.25; }
h2 { margin: 2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid currentColor;
  font-size: 1.25rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border-bottom: 1px solid #d5d5d5; padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
table.list td { width: 42%; }
.chip { display: inline-block; border: 1px solid; border-radius: .6rem; padding: 0 .45rem;
  font-size: .8rem; font-weight: 600; }
.verdict { font-size: .85rem; font-weight: 600; }
q { font-family: Georgia, "Noto Serif", "DejaVu Serif", serif; }
.none, .na { color: #5f6368; }
small { color: #5f6368; }
footer { margin-top: 2.5rem; color: #5f6368; font-size: .85rem; }
@media print { body { max-width: none; } }
"#;
