//! Agreement between two checkers who annotated the same article independently: which spans
//! both marked, whether they gave them the same kind, and whether they rated the claims alike.
//! Plain Rust (no egui): the command line (`factmark compare`), the app's compare track and
//! the benchmark share it.
//!
//! ## How spans are matched
//!
//! Only annotations placed in the current text take part (those waiting for review after an
//! update of the text are counted apart, as `not_placed`). Matching is one-to-one and never
//! depends on the order of annotations in the files:
//!
//! 1. **Exact**: an annotation of A and one of B with the same start and end match. When
//!    several share one range, those of the same kind are paired first (claims, sources,
//!    disputes, each in id order), then the rest in kind and id order.
//! 2. **Overlap**: of what is left, two spans may match when their overlap is at least half
//!    of the text the two cover together: the Jaccard index of their code-point ranges,
//!    |A ∩ B| / |A ∪ B|, is at least [`MIN_OVERLAP`]. Every such pair is listed and taken
//!    greedily, the highest Jaccard first; equal ratios go to the pair of the same kind,
//!    then the one earlier in the text (A's start and end, then B's). A span already taken is
//!    skipped, so each span is in at most one match.
//!
//! For example, A marks `fell to 3%` (10 code points) and B marks `rate fell to 3%` (15):
//! they share 10 of 15, Jaccard 0.67, a match by overlap. Had B marked only `3%`, they would
//! share 2 of 10 (0.2): no match, one span only in A and one only in B.
//!
//! ## What is reported
//!
//! Precision and recall treat A as the reference: precision is the share of B's spans that
//! match one of A's, recall the share of A's that match one of B's. F1, their harmonic mean
//! (2·matched / (|A| + |B|)), is symmetric: swapping A and B changes precision into recall
//! and leaves F1 as it is. Span F1 counts where the spans are, whatever their kinds; the
//! per-kind figures count a match for a kind only when both gave it that kind.
//!
//! Cohen's κ is (observed − chance agreement) / (1 − chance agreement), chance agreement
//! from how often each checker used each category. On kinds it is over the matched spans;
//! on verdicts over the matched claims both rated. The weighted κ uses the ordinal scale
//! [`ORDINAL_SCALE`] (false < mostly false < mixed < mostly true < true) with linear weights
//! (one step apart is three-quarters agreement, the two ends none); pairs where either
//! verdict is "unverifiable", which is not a point on that scale, are left out of it. A κ is
//! undefined — reported as such with the reason, never as NaN — when there is nothing to
//! compare or chance agreement is already certain (both used one and the same category
//! every time).

mod html;
mod report;

use std::cmp::Ordering;
use std::fmt;

use crate::model::{Annotation, Kind, Project, Verdict};

pub use html::render_html;
pub use report::{to_json, to_text};

/// The least Jaccard index (overlap over union of code-point ranges) for two spans to match
/// by overlap.
pub const MIN_OVERLAP: f64 = 0.5;
/// [`MIN_OVERLAP`] as a fraction, for exact integer comparisons.
const MIN_OVERLAP_NUM: u128 = 1;
const MIN_OVERLAP_DEN: u128 = 2;

/// The ordinal verdict scale of the weighted κ, lowest first. "Unverifiable" is not on it.
pub const ORDINAL_SCALE: [Verdict; 5] = [
    Verdict::False,
    Verdict::MostlyFalse,
    Verdict::Mixed,
    Verdict::MostlyTrue,
    Verdict::True,
];

/// A verdict's place on [`ORDINAL_SCALE`] (`None`: unverifiable).
pub fn ordinal_rank(verdict: Verdict) -> Option<usize> {
    ORDINAL_SCALE.iter().position(|&v| v == verdict)
}

/// Why two projects cannot be compared.
#[derive(Clone, Debug, PartialEq)]
pub enum CompareError {
    /// The article texts differ, so offsets mean different things.
    DifferentArticles {
        a_chars: usize,
        b_chars: usize,
        /// The first code point at which they differ.
        first_difference: usize,
        /// A little of each text from there.
        a_excerpt: String,
        b_excerpt: String,
    },
}

impl CompareError {
    /// The message, naming the two projects (file names, or "A" and "B").
    pub fn describe(&self, a: &str, b: &str) -> String {
        match self {
            CompareError::DifferentArticles {
                a_chars,
                b_chars,
                first_difference,
                a_excerpt,
                b_excerpt,
            } => format!(
                "{a} and {b} annotate different article texts ({a}: {a_chars} characters, \
                 {b}: {b_chars}); they first differ at character {first_difference} \
                 ({a}: \u{201C}{a_excerpt}\u{201D}, {b}: \u{201C}{b_excerpt}\u{201D}). \
                 Compare needs two projects of the same text: update one with the other's \
                 article first (Update text in the app's Article menu, or `factmark reanchor`)"
            ),
        }
    }
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe("A", "B"))
    }
}

impl std::error::Error for CompareError {}

/// A figure, or why it has no value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    Value(f64),
    Undefined(&'static str),
}

impl Figure {
    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Value(v) => Some(v),
            Figure::Undefined(_) => None,
        }
    }

    pub fn reason(self) -> Option<&'static str> {
        match self {
            Figure::Value(_) => None,
            Figure::Undefined(r) => Some(r),
        }
    }

    fn ratio(num: usize, den: usize, undefined: &'static str) -> Figure {
        if den == 0 {
            Figure::Undefined(undefined)
        } else {
            Figure::Value(num as f64 / den as f64)
        }
    }

    /// "0.818", or "n/a" when undefined.
    pub fn short(self) -> String {
        match self {
            Figure::Value(v) => format!("{v:.3}"),
            Figure::Undefined(_) => "n/a".to_string(),
        }
    }
}

/// What one checker's project holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Side {
    /// Annotations placed in the current text (the ones compared).
    pub annotations: usize,
    pub claims: usize,
    pub sources: usize,
    pub disputes: usize,
    /// Claims with a verdict.
    pub rated_claims: usize,
    /// Waiting for review after an update of the text: not compared.
    pub not_placed: usize,
}

impl Side {
    fn of(project: &Project) -> Side {
        let c = project.counts();
        Side {
            annotations: project.annotations().len(),
            claims: c.claims,
            sources: c.sources,
            disputes: c.disputes,
            rated_claims: project
                .annotations()
                .iter()
                .filter(|a| a.kind == Kind::Claim && a.verdict.is_some())
                .count(),
            not_placed: project.needs_review().len(),
        }
    }

    pub fn of_kind(&self, kind: Kind) -> usize {
        match kind {
            Kind::Claim => self.claims,
            Kind::Source => self.sources,
            Kind::Dispute => self.disputes,
        }
    }
}

/// One of A's annotations matched with one of B's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match {
    /// Index into A's [`Project::annotations`].
    pub a: usize,
    /// Index into B's [`Project::annotations`].
    pub b: usize,
    /// Same start and end.
    pub exact: bool,
    /// |A ∩ B| / |A ∪ B| of their code-point ranges (1 when exact).
    pub jaccard: f64,
}

/// Precision, recall and F1 of one count of matches.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    /// Matches counted.
    pub matched: usize,
    /// How many A had (the reference).
    pub a: usize,
    /// How many B had.
    pub b: usize,
    /// matched / b.
    pub precision: Figure,
    /// matched / a.
    pub recall: Figure,
    /// 2·matched / (a + b).
    pub f1: Figure,
}

impl Scores {
    fn new(matched: usize, a: usize, b: usize, what: &'static [&'static str; 3]) -> Scores {
        Scores {
            matched,
            a,
            b,
            precision: Figure::ratio(matched, b, what[1]),
            recall: Figure::ratio(matched, a, what[0]),
            f1: Figure::ratio(2 * matched, a + b, what[2]),
        }
    }
}

/// Span agreement, whatever the kinds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpanAgreement {
    /// Counting exact matches only.
    pub exact: Scores,
    /// Counting exact and overlap matches.
    pub overlap: Scores,
}

/// Kind agreement on the matched spans.
#[derive(Clone, Debug, PartialEq)]
pub struct KindAgreement {
    /// Matched spans (exact and overlap).
    pub matched: usize,
    /// Of those, how many have the same kind on both sides.
    pub agreed: usize,
    pub observed: Figure,
    pub kappa: Figure,
    /// Per kind, over the overlap matches: a match counts for a kind when both gave it that
    /// kind.
    pub per_kind: Vec<(Kind, Scores)>,
}

impl KindAgreement {
    pub fn of(&self, kind: Kind) -> &Scores {
        &self
            .per_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .expect("every kind is scored")
            .1
    }
}

/// Verdict agreement on the matched claims both rated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VerdictAgreement {
    /// Matched spans that are claims on both sides, both with a verdict.
    pub rated_by_both: usize,
    /// Of those, how many have the same verdict.
    pub agreed: usize,
    pub observed: Figure,
    /// Cohen's κ over all six verdicts.
    pub kappa: Figure,
    /// Of `rated_by_both`, the pairs where neither verdict is unverifiable.
    pub ordinal_pairs: usize,
    /// Linearly weighted κ on [`ORDINAL_SCALE`], over `ordinal_pairs`.
    pub weighted_kappa: Figure,
}

/// One annotation, as a disagreement names it.
#[derive(Clone, Debug, PartialEq)]
pub struct SpanRef {
    pub id: String,
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub verdict: Option<Verdict>,
}

impl SpanRef {
    fn of(a: &Annotation) -> SpanRef {
        SpanRef {
            id: a.id.clone(),
            kind: a.kind,
            start: a.start,
            end: a.end,
            quote: a.quote.clone(),
            verdict: a.verdict,
        }
    }
}

/// What a disagreement is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DisagreementKind {
    /// A marked it; nothing of B's matches.
    OnlyInA,
    /// B marked it; nothing of A's matches.
    OnlyInB,
    /// Matched, with different kinds.
    KindDiffers,
    /// Matched by overlap: the ends differ.
    SpanDiffers,
    /// Matched claims with different verdicts (one of them may have none).
    VerdictDiffers,
}

impl DisagreementKind {
    pub const ALL: [DisagreementKind; 5] = [
        DisagreementKind::OnlyInA,
        DisagreementKind::OnlyInB,
        DisagreementKind::KindDiffers,
        DisagreementKind::SpanDiffers,
        DisagreementKind::VerdictDiffers,
    ];

    /// The name in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DisagreementKind::OnlyInA => "only_in_a",
            DisagreementKind::OnlyInB => "only_in_b",
            DisagreementKind::KindDiffers => "kind_differs",
            DisagreementKind::SpanDiffers => "span_differs",
            DisagreementKind::VerdictDiffers => "verdict_differs",
        }
    }

    /// The name shown to people, with the two sides called `a` and `b`.
    pub fn label(self, a: &str, b: &str) -> String {
        match self {
            DisagreementKind::OnlyInA => format!("Only {a}"),
            DisagreementKind::OnlyInB => format!("Only {b}"),
            DisagreementKind::KindDiffers => "Kind differs".to_string(),
            DisagreementKind::SpanDiffers => "Span differs".to_string(),
            DisagreementKind::VerdictDiffers => "Verdict differs".to_string(),
        }
    }
}

/// One place where the two checkers' work differs.
#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement {
    pub kind: DisagreementKind,
    /// A's annotation (none for [`DisagreementKind::OnlyInB`]).
    pub a: Option<SpanRef>,
    /// B's annotation (none for [`DisagreementKind::OnlyInA`]).
    pub b: Option<SpanRef>,
}

impl Disagreement {
    /// Where it starts in the text (the earlier of the two spans).
    pub fn start(&self) -> usize {
        self.a
            .iter()
            .chain(&self.b)
            .map(|s| s.start)
            .min()
            .unwrap_or(0)
    }

    fn sort_key(&self) -> (usize, usize, DisagreementKind, &str, &str) {
        let end = self
            .a
            .iter()
            .chain(&self.b)
            .map(|s| s.end)
            .min()
            .unwrap_or(0);
        (
            self.start(),
            end,
            self.kind,
            self.a.as_ref().map_or("", |s| s.id.as_str()),
            self.b.as_ref().map_or("", |s| s.id.as_str()),
        )
    }
}

/// Everything `compare` found.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    /// One-to-one, in A's text order.
    pub matches: Vec<Match>,
    /// Indices of A's annotations nothing matched.
    pub only_a: Vec<usize>,
    /// Indices of B's annotations nothing matched.
    pub only_b: Vec<usize>,
    pub spans: SpanAgreement,
    pub kinds: KindAgreement,
    pub verdicts: VerdictAgreement,
    /// In text order.
    pub disagreements: Vec<Disagreement>,
}

impl Comparison {
    pub fn exact_matches(&self) -> usize {
        self.spans.exact.matched
    }

    /// Matches by overlap only (not exact).
    pub fn overlap_only_matches(&self) -> usize {
        self.spans.overlap.matched - self.spans.exact.matched
    }

    /// How many disagreements of one kind.
    pub fn count(&self, kind: DisagreementKind) -> usize {
        self.disagreements.iter().filter(|d| d.kind == kind).count()
    }
}

/// Compare B's annotations with A's (the reference) over the same article text.
pub fn compare(a: &Project, b: &Project) -> Result<Comparison, CompareError> {
    check_same_text(a, b)?;
    let (xs, ys) = (a.annotations(), b.annotations());
    let (matches, only_a, only_b) = match_spans(xs, ys);
    let side_a = Side::of(a);
    let side_b = Side::of(b);

    let exact = matches.iter().filter(|m| m.exact).count();
    const SPAN_WHY: [&str; 3] = [
        "A has no annotations",
        "B has no annotations",
        "neither has any annotations",
    ];
    let spans = SpanAgreement {
        exact: Scores::new(exact, xs.len(), ys.len(), &SPAN_WHY),
        overlap: Scores::new(matches.len(), xs.len(), ys.len(), &SPAN_WHY),
    };

    let kind_pairs: Vec<(usize, usize)> = matches
        .iter()
        .map(|m| (kind_index(xs[m.a].kind), kind_index(ys[m.b].kind)))
        .collect();
    let kind_agreed = kind_pairs.iter().filter(|(x, y)| x == y).count();
    let per_kind = Kind::ALL
        .into_iter()
        .map(|kind| {
            let both = matches
                .iter()
                .filter(|m| xs[m.a].kind == kind && ys[m.b].kind == kind)
                .count();
            let why: &'static [&'static str; 3] = match kind {
                Kind::Claim => &[
                    "A marked no claims",
                    "B marked no claims",
                    "neither marked any claims",
                ],
                Kind::Source => &[
                    "A marked no sources",
                    "B marked no sources",
                    "neither marked any sources",
                ],
                Kind::Dispute => &[
                    "A marked no disputes",
                    "B marked no disputes",
                    "neither marked any disputes",
                ],
            };
            (
                kind,
                Scores::new(both, side_a.of_kind(kind), side_b.of_kind(kind), why),
            )
        })
        .collect();
    let kinds = KindAgreement {
        matched: matches.len(),
        agreed: kind_agreed,
        observed: Figure::ratio(kind_agreed, matches.len(), "no spans matched"),
        kappa: cohen_kappa(&kind_pairs, Kind::ALL.len(), "no spans matched", "kinds"),
        per_kind,
    };

    let verdict_pairs: Vec<(Verdict, Verdict)> = matches
        .iter()
        .filter(|m| xs[m.a].kind == Kind::Claim && ys[m.b].kind == Kind::Claim)
        .filter_map(|m| Some((xs[m.a].verdict?, ys[m.b].verdict?)))
        .collect();
    let verdict_index = |v: Verdict| Verdict::ALL.iter().position(|&w| w == v).unwrap_or(0);
    let nominal: Vec<(usize, usize)> = verdict_pairs
        .iter()
        .map(|&(x, y)| (verdict_index(x), verdict_index(y)))
        .collect();
    let ordinal: Vec<(usize, usize)> = verdict_pairs
        .iter()
        .filter_map(|&(x, y)| Some((ordinal_rank(x)?, ordinal_rank(y)?)))
        .collect();
    let verdict_agreed = verdict_pairs.iter().filter(|(x, y)| x == y).count();
    const NO_RATED: &str = "no matched claim was rated by both";
    let verdicts = VerdictAgreement {
        rated_by_both: verdict_pairs.len(),
        agreed: verdict_agreed,
        observed: Figure::ratio(verdict_agreed, verdict_pairs.len(), NO_RATED),
        kappa: cohen_kappa(&nominal, Verdict::ALL.len(), NO_RATED, "verdicts"),
        ordinal_pairs: ordinal.len(),
        weighted_kappa: if verdict_pairs.is_empty() {
            Figure::Undefined(NO_RATED)
        } else {
            linear_weighted_kappa(&ordinal, ORDINAL_SCALE.len())
        },
    };

    let mut disagreements = Vec::new();
    for m in &matches {
        let (x, y) = (&xs[m.a], &ys[m.b]);
        let pair = |kind| Disagreement {
            kind,
            a: Some(SpanRef::of(x)),
            b: Some(SpanRef::of(y)),
        };
        if x.kind != y.kind {
            disagreements.push(pair(DisagreementKind::KindDiffers));
        }
        if !m.exact {
            disagreements.push(pair(DisagreementKind::SpanDiffers));
        }
        if x.kind == Kind::Claim && y.kind == Kind::Claim && x.verdict != y.verdict {
            disagreements.push(pair(DisagreementKind::VerdictDiffers));
        }
    }
    disagreements.extend(only_a.iter().map(|&i| Disagreement {
        kind: DisagreementKind::OnlyInA,
        a: Some(SpanRef::of(&xs[i])),
        b: None,
    }));
    disagreements.extend(only_b.iter().map(|&i| Disagreement {
        kind: DisagreementKind::OnlyInB,
        a: None,
        b: Some(SpanRef::of(&ys[i])),
    }));
    disagreements.sort_by(|p, q| p.sort_key().cmp(&q.sort_key()));

    Ok(Comparison {
        a: side_a,
        b: side_b,
        matches,
        only_a,
        only_b,
        spans,
        kinds,
        verdicts,
        disagreements,
    })
}

fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

fn check_same_text(a: &Project, b: &Project) -> Result<(), CompareError> {
    let (ta, tb) = (a.article().text.as_str(), b.article().text.as_str());
    if ta == tb {
        return Ok(());
    }
    let first_difference = ta
        .chars()
        .zip(tb.chars())
        .take_while(|(x, y)| x == y)
        .count();
    let excerpt = |t: &str| -> String {
        let rest: String = t.chars().skip(first_difference).take(40).collect();
        let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        if rest.is_empty() {
            "(end of text)".to_string()
        } else {
            rest
        }
    };
    Err(CompareError::DifferentArticles {
        a_chars: a.article().text.len_chars(),
        b_chars: b.article().text.len_chars(),
        first_difference,
        a_excerpt: excerpt(ta),
        b_excerpt: excerpt(tb),
    })
}

/// The one-to-one matching described in the module documentation. `xs` and `ys` are sorted
/// by (start, end, id), as [`Project::annotations`] is. Returns the matches in A's order and
/// the unmatched indices of each side.
pub fn match_spans(xs: &[Annotation], ys: &[Annotation]) -> (Vec<Match>, Vec<usize>, Vec<usize>) {
    let mut a_taken = vec![false; xs.len()];
    let mut b_taken = vec![false; ys.len()];
    let mut matches = Vec::new();

    // 1. Exact: walk both lists range by range.
    let (mut i, mut j) = (0, 0);
    while i < xs.len() && j < ys.len() {
        let (ra, rb) = ((xs[i].start, xs[i].end), (ys[j].start, ys[j].end));
        match ra.cmp(&rb) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                let i_end = i + xs[i..].partition_point(|x| (x.start, x.end) == ra);
                let j_end = j + ys[j..].partition_point(|y| (y.start, y.end) == rb);
                let made = matches.len();
                pair_same_range(xs, ys, i..i_end, j..j_end, &mut matches);
                for m in &matches[made..] {
                    a_taken[m.a] = true;
                    b_taken[m.b] = true;
                }
                i = i_end;
                j = j_end;
            }
        }
    }

    // 2. Overlap: every qualifying pair of what is left, best first.
    let free_b: Vec<usize> = (0..ys.len()).filter(|&k| !b_taken[k]).collect();
    let mut candidates: Vec<(u128, u128, usize, usize)> = Vec::new();
    for (ai, x) in xs.iter().enumerate() {
        if a_taken[ai] {
            continue;
        }
        let len = (x.end - x.start) as u128;
        // A partner starting before `x.start - len·(1/t − 1)` cannot reach the ratio: the
        // union would be more than len / t while the overlap is at most len.
        let reach = (len * (MIN_OVERLAP_DEN - MIN_OVERLAP_NUM)).div_ceil(MIN_OVERLAP_NUM);
        let lowest = (x.start as u128).saturating_sub(reach) as usize;
        let from = free_b.partition_point(|&k| ys[k].start < lowest);
        for &bi in &free_b[from..] {
            let y = &ys[bi];
            if y.start >= x.end {
                break;
            }
            let inter = x.end.min(y.end).saturating_sub(x.start.max(y.start)) as u128;
            if inter == 0 {
                continue;
            }
            let union = (x.end.max(y.end) - x.start.min(y.start)) as u128;
            if inter * MIN_OVERLAP_DEN >= union * MIN_OVERLAP_NUM {
                candidates.push((inter, union, ai, bi));
            }
        }
    }
    candidates.sort_by(|&(i1, u1, a1, b1), &(i2, u2, a2, b2)| {
        // Higher ratio first (compared exactly), then same kind, then text order.
        (i2 * u1)
            .cmp(&(i1 * u2))
            .then_with(|| (xs[a1].kind != ys[b1].kind).cmp(&(xs[a2].kind != ys[b2].kind)))
            .then_with(|| {
                (xs[a1].start, xs[a1].end, ys[b1].start, ys[b1].end).cmp(&(
                    xs[a2].start,
                    xs[a2].end,
                    ys[b2].start,
                    ys[b2].end,
                ))
            })
            .then_with(|| (a1, b1).cmp(&(a2, b2)))
    });
    for (inter, union, ai, bi) in candidates {
        if a_taken[ai] || b_taken[bi] {
            continue;
        }
        a_taken[ai] = true;
        b_taken[bi] = true;
        matches.push(Match {
            a: ai,
            b: bi,
            exact: false,
            jaccard: inter as f64 / union as f64,
        });
    }
    matches.sort_by_key(|m| (m.a, m.b));
    let only_a = (0..xs.len()).filter(|&k| !a_taken[k]).collect();
    let only_b = (0..ys.len()).filter(|&k| !b_taken[k]).collect();
    (matches, only_a, only_b)
}

/// Pair annotations that share one range: same kinds first, then the rest, each side in
/// (kind, id) order. Pushes exactly the pairs made.
fn pair_same_range(
    xs: &[Annotation],
    ys: &[Annotation],
    a: std::ops::Range<usize>,
    b: std::ops::Range<usize>,
    matches: &mut Vec<Match>,
) {
    let by_kind_id = |list: &[Annotation], r: std::ops::Range<usize>| {
        let mut v: Vec<usize> = r.collect();
        v.sort_by(|&p, &q| (list[p].kind, &list[p].id).cmp(&(list[q].kind, &list[q].id)));
        v
    };
    let mut left_a = by_kind_id(xs, a);
    let mut left_b = by_kind_id(ys, b);
    for kind in Kind::ALL {
        loop {
            let pa = left_a.iter().position(|&k| xs[k].kind == kind);
            let pb = left_b.iter().position(|&k| ys[k].kind == kind);
            let (Some(pa), Some(pb)) = (pa, pb) else {
                break;
            };
            matches.push(exact_match(left_a.remove(pa), left_b.remove(pb)));
        }
    }
    for (x, y) in left_a.into_iter().zip(left_b) {
        matches.push(exact_match(x, y));
    }
}

fn exact_match(a: usize, b: usize) -> Match {
    Match {
        a,
        b,
        exact: true,
        jaccard: 1.0,
    }
}

/// Cohen's κ of `pairs` of category indices below `k`, computed exactly in integers:
/// (n·agreed − Σ aᵢbᵢ) / (n² − Σ aᵢbᵢ), aᵢ and bᵢ being how often each side used category i.
pub fn cohen_kappa(
    pairs: &[(usize, usize)],
    k: usize,
    empty: &'static str,
    what: &'static str,
) -> Figure {
    let n = pairs.len() as i128;
    if n == 0 {
        return Figure::Undefined(empty);
    }
    let (mut ca, mut cb) = (vec![0i128; k], vec![0i128; k]);
    let mut agreed = 0i128;
    for &(x, y) in pairs {
        ca[x] += 1;
        cb[y] += 1;
        agreed += i128::from(x == y);
    }
    let chance: i128 = ca.iter().zip(&cb).map(|(x, y)| x * y).sum();
    let den = n * n - chance;
    if den == 0 {
        return Figure::Undefined(match what {
            "kinds" => {
                "chance agreement is certain: both gave every matched span the same one kind"
            }
            _ => "chance agreement is certain: both gave every claim the same one verdict",
        });
    }
    Figure::Value((n * agreed - chance) as f64 / den as f64)
}

/// Cohen's κ with linear disagreement weights |i − j| over ordinal category indices below
/// `k`: 1 − n·Σ|i − j| / Σᵢⱼ aᵢbⱼ|i − j|.
pub fn linear_weighted_kappa(pairs: &[(usize, usize)], k: usize) -> Figure {
    let n = pairs.len() as i128;
    if n == 0 {
        return Figure::Undefined(
            "no matched claim has a verdict on the ordinal scale from both (unverifiable is \
             not on it)",
        );
    }
    let (mut ca, mut cb) = (vec![0i128; k], vec![0i128; k]);
    let mut observed = 0i128;
    for &(x, y) in pairs {
        ca[x] += 1;
        cb[y] += 1;
        observed += (x as i128 - y as i128).abs();
    }
    let mut expected = 0i128;
    for (i, x) in ca.iter().enumerate() {
        for (j, y) in cb.iter().enumerate() {
            expected += x * y * (i as i128 - j as i128).abs();
        }
    }
    if expected == 0 {
        return Figure::Undefined(
            "chance agreement is certain: both gave every claim the same one verdict",
        );
    }
    Figure::Value(1.0 - (n * observed) as f64 / expected as f64)
}
