//! A comparison as JSON (stable keys: every agreement number has `f1` or `kappa` in its key
//! when it is one) and as text for people.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::{Comparison, Disagreement, Figure, MIN_OVERLAP, ORDINAL_SCALE, Scores, Side, SpanRef};
use crate::model::Kind;

/// A figure as JSON: its value, or `null` (the reason is in the section's `undefined`).
fn figure(f: Figure) -> Value {
    match f {
        // Values are rounded to 6 places so the output does not change with float noise.
        Figure::Value(v) => json!((v * 1e6).round() / 1e6),
        Figure::Undefined(_) => Value::Null,
    }
}

/// `{"kappa": "why"}` for each undefined figure.
fn undefined(figures: &[(&str, Figure)]) -> Value {
    let mut map = Map::new();
    for (key, f) in figures {
        if let Some(reason) = f.reason() {
            map.insert((*key).to_string(), json!(reason));
        }
    }
    Value::Object(map)
}

fn scores(s: &Scores) -> Value {
    json!({
        "a": s.a,
        "b": s.b,
        "matched": s.matched,
        "precision": figure(s.precision),
        "recall": figure(s.recall),
        "f1": figure(s.f1),
        "undefined": undefined(&[("precision", s.precision), ("recall", s.recall), ("f1", s.f1)]),
    })
}

fn side(s: &Side) -> Value {
    json!({
        "annotations": s.annotations,
        "claims": s.claims,
        "sources": s.sources,
        "disputes": s.disputes,
        "rated_claims": s.rated_claims,
        "not_placed": s.not_placed,
    })
}

fn span_ref(s: &Option<SpanRef>) -> Value {
    match s {
        None => Value::Null,
        Some(s) => json!({
            "id": s.id,
            "kind": s.kind.as_str(),
            "start": s.start,
            "end": s.end,
            "quote": s.quote,
            "verdict": s.verdict.map(|v| v.as_str()),
        }),
    }
}

fn disagreement(d: &Disagreement) -> Value {
    json!({
        "type": d.kind.as_str(),
        "a": span_ref(&d.a),
        "b": span_ref(&d.b),
    })
}

/// The comparison as JSON. Keys are stable; see the README's "Comparing two checkers".
pub fn to_json(c: &Comparison) -> Value {
    let s = &c.spans;
    let mut per_kind = Map::new();
    for (kind, k) in &c.kinds.per_kind {
        per_kind.insert(kind.as_str().to_string(), scores(k));
    }
    let v = &c.verdicts;
    json!({
        "counts": {
            "a": side(&c.a),
            "b": side(&c.b),
            "exact_matches": c.exact_matches(),
            "overlap_matches": c.overlap_only_matches(),
            "matched": c.matches.len(),
            "only_in_a": c.only_a.len(),
            "only_in_b": c.only_b.len(),
            "disagreements": c.disagreements.len(),
        },
        "spans": {
            "min_overlap": MIN_OVERLAP,
            "precision_exact": figure(s.exact.precision),
            "recall_exact": figure(s.exact.recall),
            "f1_exact": figure(s.exact.f1),
            "precision_overlap": figure(s.overlap.precision),
            "recall_overlap": figure(s.overlap.recall),
            "f1_overlap": figure(s.overlap.f1),
            "undefined": undefined(&[
                ("precision_exact", s.exact.precision),
                ("recall_exact", s.exact.recall),
                ("f1_exact", s.exact.f1),
                ("precision_overlap", s.overlap.precision),
                ("recall_overlap", s.overlap.recall),
                ("f1_overlap", s.overlap.f1),
            ]),
        },
        "kinds": {
            "matched": c.kinds.matched,
            "agreed": c.kinds.agreed,
            "observed_agreement": figure(c.kinds.observed),
            "kappa": figure(c.kinds.kappa),
            "per_kind": per_kind,
            "undefined": undefined(&[
                ("observed_agreement", c.kinds.observed),
                ("kappa", c.kinds.kappa),
            ]),
        },
        "verdicts": {
            "rated_by_both": v.rated_by_both,
            "agreed": v.agreed,
            "observed_agreement": figure(v.observed),
            "kappa": figure(v.kappa),
            "ordinal_pairs": v.ordinal_pairs,
            "weighted_kappa": figure(v.weighted_kappa),
            "weights": "linear",
            "scale": ORDINAL_SCALE.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
            "undefined": undefined(&[
                ("observed_agreement", v.observed),
                ("kappa", v.kappa),
                ("weighted_kappa", v.weighted_kappa),
            ]),
        },
        "disagreements": c.disagreements.iter().map(disagreement).collect::<Vec<_>>(),
    })
}

/// A short quote on one line: at most `max` characters, with an ellipsis when cut.
pub(super) fn short_quote(quote: &str, max: usize) -> String {
    let line = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let cut: String = line.chars().take(max.saturating_sub(1)).collect();
    format!("{}\u{2026}", cut.trim_end())
}

/// A figure with the reason when it is undefined: "0.818" or "n/a (no spans matched)".
fn explained(f: Figure) -> String {
    match f {
        Figure::Value(v) => format!("{v:.3}"),
        Figure::Undefined(why) => format!("n/a ({why})"),
    }
}

fn percent(f: Figure) -> String {
    match f {
        Figure::Value(v) => format!("{:.1}%", v * 100.0),
        Figure::Undefined(_) => "n/a".to_string(),
    }
}

fn describe_span(s: &SpanRef) -> String {
    let verdict = s
        .verdict
        .map(|v| format!(", {}", v.as_str()))
        .unwrap_or_default();
    format!(
        "{} {} {}..{}{verdict} \u{201C}{}\u{201D}",
        s.id,
        s.kind.as_str(),
        s.start,
        s.end,
        short_quote(&s.quote, 60)
    )
}

/// The comparison for people, naming the two projects `a` and `b`.
pub fn to_text(c: &Comparison, a: &str, b: &str) -> String {
    let mut out = String::new();
    let side_line = |s: &Side| {
        let mut line = format!(
            "{} annotations ({} claims, {} sources, {} disputes)",
            s.annotations, s.claims, s.sources, s.disputes
        );
        if s.not_placed > 0 {
            let _ = write!(line, "; {} awaiting review, not compared", s.not_placed);
        }
        line
    };
    let _ = writeln!(out, "A: {a}: {}", side_line(&c.a));
    let _ = writeln!(out, "B: {b}: {}", side_line(&c.b));
    let _ = writeln!(
        out,
        "\nSpans: {} exact matches, {} more by overlap (Jaccard \u{2265} {MIN_OVERLAP}); {} only in A, {} only in B",
        c.exact_matches(),
        c.overlap_only_matches(),
        c.only_a.len(),
        c.only_b.len()
    );
    let s = &c.spans;
    let _ = writeln!(
        out,
        "  span F1 exact    {}  (precision {}, recall {}; A is the reference)",
        explained(s.exact.f1),
        s.exact.precision.short(),
        s.exact.recall.short()
    );
    let _ = writeln!(
        out,
        "  span F1 overlap  {}  (precision {}, recall {})",
        explained(s.overlap.f1),
        s.overlap.precision.short(),
        s.overlap.recall.short()
    );
    let _ = writeln!(
        out,
        "\nKinds of the {} matched spans: {} agree ({}), Cohen's \u{3BA} {}",
        c.kinds.matched,
        c.kinds.agreed,
        percent(c.kinds.observed),
        explained(c.kinds.kappa)
    );
    for (kind, k) in &c.kinds.per_kind {
        let _ = writeln!(
            out,
            "  {:<8} F1 {}  precision {}  recall {}  (A {}, B {}, both {})",
            format!("{}:", kind.as_str()),
            k.f1.short(),
            k.precision.short(),
            k.recall.short(),
            k.a,
            k.b,
            k.matched
        );
    }
    let v = &c.verdicts;
    let _ = writeln!(
        out,
        "\nVerdicts of the {} matched claims both rated: {} agree ({}), Cohen's \u{3BA} {}",
        v.rated_by_both,
        v.agreed,
        percent(v.observed),
        explained(v.kappa)
    );
    let _ = writeln!(
        out,
        "  weighted \u{3BA} (linear, false \u{2192} true, {} pairs without unverifiable) {}",
        v.ordinal_pairs,
        explained(v.weighted_kappa)
    );
    if c.disagreements.is_empty() {
        let _ = writeln!(out, "\nNo disagreements.");
    } else {
        let _ = writeln!(out, "\nDisagreements ({}):", c.disagreements.len());
        for d in &c.disagreements {
            let label = d.kind.label("in A", "in B");
            let mut line = format!("  {label:<16}");
            if let Some(x) = &d.a {
                let _ = write!(line, " A {}", describe_span(x));
            }
            if let Some(y) = &d.b {
                if d.a.is_some() {
                    line.push_str(" |");
                }
                let _ = write!(line, " B {}", describe_span(y));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// Per kind, for the HTML report too.
pub(super) fn kind_rows(c: &Comparison) -> impl Iterator<Item = (Kind, &Scores)> {
    c.kinds.per_kind.iter().map(|(k, s)| (*k, s))
}
