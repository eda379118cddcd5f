//! Agreement between two checkers (`factmark compare`, `factmark::compare`): the figures on
//! small cases computed by hand, the span-matching rules, order independence, edge cases, and
//! the command line's JSON and HTML.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{NOW, project_with_text};
use factmark::compare::{DisagreementKind, Figure, compare, to_json};
use factmark::model::{Edit, Kind, Project, Verdict};
use factmark::project_file::save_project;

/// 200 code points, so spans are easy to count.
fn text() -> String {
    "abcdefghij".repeat(20)
}

fn add(p: &mut Project, id: &str, kind: Kind, start: usize, end: usize, verdict: Option<Verdict>) {
    let mut a = p.make_annotation(kind, start..end, None, NOW).unwrap();
    a.id = id.to_string();
    a.verdict = verdict;
    p.apply(&Edit::Add(a)).unwrap();
}

type Spec = (&'static str, Kind, usize, usize, Option<Verdict>);

fn project(spans: &[Spec]) -> Project {
    let mut p = project_with_text(&text());
    for &(id, kind, s, e, v) in spans {
        add(&mut p, id, kind, s, e, v);
    }
    p
}

fn value(f: Figure) -> f64 {
    f.value()
        .unwrap_or_else(|| panic!("undefined: {:?}", f.reason()))
}

fn close(f: Figure, expected: f64) {
    let v = value(f);
    assert!((v - expected).abs() < 1e-9, "{v} != {expected}");
}

use Kind::{Claim, Dispute, Source};

/// A: claim 0..10, source 20..30, claim 40..50, dispute 60..70, claim 100..110.
/// B: claim 0..10, source 20..30, source 40..50 (kind differs), dispute 62..70 (overlap 8 of
/// 10), claim 150..160 (only B). A's 100..110 is only A's.
fn five_and_five() -> (Project, Project) {
    let a = project(&[
        ("a1", Claim, 0, 10, None),
        ("a2", Source, 20, 30, None),
        ("a3", Claim, 40, 50, None),
        ("a4", Dispute, 60, 70, None),
        ("a5", Claim, 100, 110, None),
    ]);
    let b = project(&[
        ("b1", Claim, 0, 10, None),
        ("b2", Source, 20, 30, None),
        ("b3", Source, 40, 50, None),
        ("b4", Dispute, 62, 70, None),
        ("b5", Claim, 150, 160, None),
    ]);
    (a, b)
}

#[test]
fn span_f1_exact_and_by_overlap_on_a_small_case() {
    let (a, b) = five_and_five();
    let c = compare(&a, &b).unwrap();
    assert_eq!(c.exact_matches(), 3);
    assert_eq!(c.overlap_only_matches(), 1);
    // Exact: 3 of 5 each way; F1 = 2·3 / (5 + 5).
    close(c.spans.exact.precision, 0.6);
    close(c.spans.exact.recall, 0.6);
    close(c.spans.exact.f1, 0.6);
    // Overlap: 4 matches; F1 = 8 / 10.
    close(c.spans.overlap.f1, 0.8);
    let m = c.matches.iter().find(|m| !m.exact).unwrap();
    assert!((m.jaccard - 0.8).abs() < 1e-12, "8 shared of 10 covered");
}

#[test]
fn per_kind_scores_and_kind_kappa_by_hand() {
    let (a, b) = five_and_five();
    let c = compare(&a, &b).unwrap();
    // Claims: A 3, B 2, both-claim matches 1 (a1-b1). P = 1/2, R = 1/3, F1 = 2/5.
    let claim = c.kinds.of(Claim);
    assert_eq!((claim.a, claim.b, claim.matched), (3, 2, 1));
    close(claim.precision, 0.5);
    close(claim.recall, 1.0 / 3.0);
    close(claim.f1, 0.4);
    // Sources: A 1, B 2, both 1: P 1/2, R 1, F1 2/3.
    let source = c.kinds.of(Source);
    close(source.precision, 0.5);
    close(source.recall, 1.0);
    close(source.f1, 2.0 / 3.0);
    // Disputes: 1, 1, matched by overlap.
    close(c.kinds.of(Dispute).f1, 1.0);
    // Matched kinds (A, B): (C,C) (S,S) (C,S) (D,D). po = 3/4. A's marginals C2 S1 D1, B's
    // C1 S2 D1: pe = (2·1 + 1·2 + 1·1) / 16 = 5/16. κ = (3/4 − 5/16) / (1 − 5/16) = 7/11.
    assert_eq!((c.kinds.matched, c.kinds.agreed), (4, 3));
    close(c.kinds.observed, 0.75);
    close(c.kinds.kappa, 7.0 / 11.0);
}

#[test]
fn the_disagreements_name_both_sides_in_text_order() {
    let (a, b) = five_and_five();
    let c = compare(&a, &b).unwrap();
    let listed: Vec<(DisagreementKind, Option<&str>, Option<&str>)> = c
        .disagreements
        .iter()
        .map(|d| {
            (
                d.kind,
                d.a.as_ref().map(|s| s.id.as_str()),
                d.b.as_ref().map(|s| s.id.as_str()),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (DisagreementKind::KindDiffers, Some("a3"), Some("b3")),
            (DisagreementKind::SpanDiffers, Some("a4"), Some("b4")),
            (DisagreementKind::OnlyInA, Some("a5"), None),
            (DisagreementKind::OnlyInB, None, Some("b5")),
        ]
    );
    let span = &c.disagreements[1];
    let (x, y) = (span.a.as_ref().unwrap(), span.b.as_ref().unwrap());
    assert_eq!((x.start, x.end, y.start, y.end), (60, 70, 62, 70));
    assert_eq!(y.quote, &text()[62..70]);
}

#[test]
fn verdict_kappa_and_linear_weighted_kappa_by_hand() {
    use Verdict::*;
    let a = project(&[
        ("a1", Claim, 0, 10, Some(False)),
        ("a2", Claim, 20, 30, Some(False)),
        ("a3", Claim, 40, 50, Some(True)),
        ("a4", Claim, 60, 70, Some(Mixed)),
        ("a5", Claim, 80, 90, Some(Unverifiable)),
        ("a6", Claim, 100, 110, Some(MostlyTrue)),
    ]);
    let b = project(&[
        ("b1", Claim, 0, 10, Some(False)),
        ("b2", Claim, 20, 30, Some(MostlyFalse)),
        ("b3", Claim, 40, 50, Some(True)),
        ("b4", Claim, 60, 70, Some(True)),
        ("b5", Claim, 80, 90, Some(Unverifiable)),
        ("b6", Claim, 100, 110, None),
    ]);
    let c = compare(&a, &b).unwrap();
    let v = &c.verdicts;
    // a6/b6: B did not rate it, so 5 pairs; 3 agree.
    assert_eq!((v.rated_by_both, v.agreed), (5, 3));
    close(v.observed, 0.6);
    // A: F2 Mixed1 T1 U1; B: F1 MF1 T2 U1. pe = (2·1 + 1·2 + 1·1) / 25 = 5/25.
    // κ = (0.6 − 0.2) / 0.8 = 0.5.
    close(v.kappa, 0.5);
    // Ordinal (unverifiable left out): ranks (0,0) (0,1) (4,4) (2,4); Σ|i−j| = 3, n = 4.
    // Expected Σ aᵢbⱼ|i−j| = 2·(0+1+8) + 1·(2+1+4) + 1·(4+3+0) = 32.
    // κw = 1 − 4·3/32 = 0.625.
    assert_eq!(v.ordinal_pairs, 4);
    close(v.weighted_kappa, 0.625);
    // Disagreements: b2, b4 differ; b6 has no verdict where a6 has one.
    let differ: Vec<&str> = c
        .disagreements
        .iter()
        .filter(|d| d.kind == DisagreementKind::VerdictDiffers)
        .map(|d| d.b.as_ref().unwrap().id.as_str())
        .collect();
    assert_eq!(differ, ["b2", "b4", "b6"]);
    // Kinds: every matched span is a claim on both sides: κ undefined, not NaN.
    close(c.kinds.observed, 1.0);
    assert!(
        c.kinds
            .kappa
            .reason()
            .is_some_and(|r| r.contains("chance agreement is certain")),
        "{:?}",
        c.kinds.kappa
    );
}

#[test]
fn empty_projects_report_undefined_figures_with_reasons_never_nan() {
    let a = project(&[]);
    let b = project(&[]);
    let c = compare(&a, &b).unwrap();
    assert!(c.disagreements.is_empty());
    for f in [
        c.spans.exact.f1,
        c.spans.overlap.f1,
        c.kinds.kappa,
        c.verdicts.kappa,
        c.verdicts.weighted_kappa,
    ] {
        assert!(f.reason().is_some(), "{f:?}");
    }
    let json = to_json(&c);
    assert!(json["spans"]["f1_exact"].is_null());
    assert!(json["kinds"]["kappa"].is_null());
    assert_eq!(
        json["spans"]["undefined"]["f1_exact"],
        "neither has any annotations"
    );
    let text = serde_json::to_string(&json).unwrap();
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");

    // One side empty: F1 is 0, precision undefined (B marked nothing).
    let b = project(&[("b1", Claim, 0, 10, None)]);
    let c = compare(&a, &b).unwrap();
    close(c.spans.overlap.f1, 0.0);
    close(c.spans.overlap.precision, 0.0);
    assert_eq!(
        c.spans.overlap.recall.reason(),
        Some("A has no annotations")
    );
    assert_eq!(c.count(DisagreementKind::OnlyInB), 1);
}

#[test]
fn results_do_not_depend_on_annotation_order_or_ids() {
    let (a, b) = five_and_five();
    let reference = compare(&a, &b).unwrap();
    // The same spans added in reverse order under other ids.
    let rebuilt = |p: &Project, prefix: &str| {
        let mut q = project_with_text(&text());
        for (n, x) in p.annotations().iter().rev().enumerate() {
            add(
                &mut q,
                &format!("{prefix}{}", 90 - n),
                x.kind,
                x.start,
                x.end,
                x.verdict,
            );
        }
        q
    };
    let c = compare(&rebuilt(&a, "z"), &rebuilt(&b, "y")).unwrap();
    let json = |c| {
        let mut j = to_json(c);
        // Ids differ by construction; everything else must not.
        for d in j["disagreements"].as_array_mut().unwrap() {
            for side in ["a", "b"] {
                if d[side].is_object() {
                    d[side]["id"] = serde_json::Value::Null;
                }
            }
        }
        j
    };
    assert_eq!(json(&reference), json(&c));

    // Swapping A and B: F1 and κ stay, precision and recall trade places.
    let swapped = compare(&b, &a).unwrap();
    assert_eq!(swapped.spans.overlap.f1, reference.spans.overlap.f1);
    assert_eq!(swapped.kinds.kappa, reference.kinds.kappa);
    assert_eq!(
        swapped.kinds.of(Claim).precision,
        reference.kinds.of(Claim).recall
    );
}

#[test]
fn overlap_needs_half_of_the_union() {
    let a = project(&[("a", Claim, 0, 10, None)]);
    let pairs = |b: &Project| compare(&a, b).unwrap().matches.len();
    // 0..5 shares 5 of the 10 they cover: exactly the threshold, a match.
    assert_eq!(pairs(&project(&[("b", Claim, 0, 5, None)])), 1);
    // 0..4: 4 of 10. 5..15: 5 of 15. No match.
    assert_eq!(pairs(&project(&[("b", Claim, 0, 4, None)])), 0);
    assert_eq!(pairs(&project(&[("b", Claim, 5, 15, None)])), 0);
    // A long span around a short one far from its start still matches when it is half:
    // 10..20 inside 0..20.
    let long = project(&[("a", Claim, 0, 20, None)]);
    let inner = project(&[("b", Claim, 10, 20, None)]);
    assert_eq!(compare(&long, &inner).unwrap().matches.len(), 1);
}

#[test]
fn overlap_matching_is_greedy_by_ratio_then_kind_then_position() {
    let a = project(&[("a", Claim, 0, 10, None)]);
    let partner = |b: &Project| {
        let c = compare(&a, b).unwrap();
        assert_eq!(c.matches.len(), 1);
        b.annotations()[c.matches[0].b].id.clone()
    };
    // The higher ratio wins: 0..9 (0.9) over 0..8 (0.8).
    assert_eq!(
        partner(&project(&[
            ("b-low", Claim, 0, 8, None),
            ("b-high", Claim, 0, 9, None)
        ])),
        "b-high"
    );
    // Equal ratios, same kinds: the earlier one.
    assert_eq!(
        partner(&project(&[
            ("b-later", Claim, 1, 10, None),
            ("b-earlier", Claim, 0, 9, None)
        ])),
        "b-earlier"
    );
    // Equal ratios: the one of the same kind before the earlier one.
    assert_eq!(
        partner(&project(&[
            ("b-source", Source, 0, 9, None),
            ("b-claim", Claim, 1, 10, None)
        ])),
        "b-claim"
    );
}

#[test]
fn matching_is_one_to_one_and_exact_comes_first() {
    // Two of A's over one of B's: the exact one takes it; the other is only A's even though
    // it overlaps by 0.8.
    let a = project(&[("a1", Claim, 0, 10, None), ("a2", Claim, 2, 10, None)]);
    let b = project(&[("b1", Claim, 0, 10, None)]);
    let c = compare(&a, &b).unwrap();
    assert_eq!(c.matches.len(), 1);
    assert!(c.matches[0].exact);
    assert_eq!(a.annotations()[c.only_a[0]].id, "a2");
    // An exact match beats a better-kinded overlap.
    let a = project(&[("a", Claim, 0, 10, None)]);
    let b = project(&[
        ("b-source", Source, 0, 10, None),
        ("b-claim", Claim, 1, 10, None),
    ]);
    let c = compare(&a, &b).unwrap();
    let m = c.matches[0];
    assert!(m.exact);
    assert_eq!(b.annotations()[m.b].id, "b-source");
    // Several on one range pair by kind.
    let a = project(&[("a1", Source, 0, 10, None), ("a2", Claim, 0, 10, None)]);
    let b = project(&[("b1", Claim, 0, 10, None), ("b2", Source, 0, 10, None)]);
    let c = compare(&a, &b).unwrap();
    assert_eq!(c.kinds.agreed, 2);
    assert!(c.disagreements.is_empty());
}

#[test]
fn different_article_texts_are_an_error_naming_where() {
    let a = project(&[]);
    let mut other = text();
    other.replace_range(55..56, "Z");
    let b = project_with_text(&other);
    let e = compare(&a, &b).unwrap_err();
    let message = e.describe("mine.json", "theirs.json");
    assert!(message.contains("mine.json and theirs.json annotate different article texts"));
    assert!(message.contains("character 55"), "{message}");
}

// ----- The command line -----

fn factmark(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factmark"))
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .expect("the factmark binary runs")
}

fn save(dir: &Path, name: &str, p: &Project) -> std::path::PathBuf {
    let path = dir.join(name);
    save_project(p, &path).unwrap();
    path
}

#[test]
fn cli_json_has_the_documented_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = five_and_five();
    let (pa, pb) = (
        save(dir.path(), "a.json", &a),
        save(dir.path(), "b.json", &b),
    );
    let out = factmark(&[&"compare", &pa, &pb, &"--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["spans"]["f1_exact"], 0.6);
    assert_eq!(json["spans"]["f1_overlap"], 0.8);
    assert_eq!(json["kinds"]["kappa"], 0.636364);
    assert_eq!(json["kinds"]["per_kind"]["claim"]["precision"], 0.5);
    assert_eq!(json["kinds"]["per_kind"]["claim"]["recall"], 0.333333);
    assert_eq!(json["kinds"]["per_kind"]["claim"]["f1"], 0.4);
    assert!(json["verdicts"]["kappa"].is_null());
    assert!(json["verdicts"]["weighted_kappa"].is_null());
    assert!(json["verdicts"]["undefined"]["kappa"].is_string());
    assert_eq!(json["counts"]["exact_matches"], 3);
    assert_eq!(json["counts"]["overlap_matches"], 1);
    assert_eq!(json["counts"]["a"]["annotations"], 5);
    let list = json["disagreements"].as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert_eq!(list[1]["type"], "span_differs");
    assert_eq!(list[1]["b"]["start"], 62);
    assert_eq!(list[3]["type"], "only_in_b");
    assert!(list[3]["a"].is_null());

    // And for people.
    let out = factmark(&[&"compare", &pa, &pb]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("span F1 exact    0.600"), "{text}");
    assert!(text.contains("Cohen's \u{3BA} 0.636"), "{text}");
    assert!(text.contains("Disagreements (4):"), "{text}");
}

#[test]
fn cli_html_report_is_written_and_escapes_the_projects() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "<script>alert(1)</script> & \"quotes\" said the minister";
    let mut a = project_with_text(hostile);
    a.apply(&Edit::SetMetadata {
        before: a.article().metadata.clone(),
        after: factmark::model::ArticleMetadata {
            title: "<img src=x onerror=alert(2)>".into(),
            ..a.article().metadata.clone()
        },
    })
    .unwrap();
    let mut b = project_with_text(hostile);
    add(&mut a, "a<1>", Claim, 0, 25, Some(Verdict::False));
    add(&mut b, "b\"1", Claim, 0, 25, Some(Verdict::True));
    let (pa, pb) = (
        save(dir.path(), "a.json", &a),
        save(dir.path(), "b.json", &b),
    );
    let out_path = dir.path().join("agreement.html");
    let out = factmark(&[&"compare", &pa, &pb, &"--html", &out_path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&out_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(
        !html.contains("<script"),
        "nothing from the project is markup"
    );
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("a&lt;1&gt;") && html.contains("b&quot;1"));
    assert!(html.contains("Verdict differs"));
    // Written atomically: no temporary file left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn cli_refuses_different_articles_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = project(&[]);
    let b = project_with_text("another article altogether");
    let (pa, pb) = (
        save(dir.path(), "mine.json", &a),
        save(dir.path(), "theirs.json", &b),
    );
    let out_path = dir.path().join("report.html");
    let out = factmark(&[&"compare", &pa, &pb, &"--html", &out_path]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains("mine.json") && stderr.contains("theirs.json"),
        "{stderr}"
    );
    assert!(stderr.contains("different article texts"), "{stderr}");
    assert!(!out_path.exists());

    // A file that is not there is named too.
    let out = factmark(&[&"compare", &pa, &dir.path().join("missing.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json"));
}

/// The README's example table, as written there.
#[test]
fn the_readme_example_matches_as_documented() {
    let text = "The jobless rate fell to 3% in May";
    let one = |needles: &[&str]| {
        let mut p = project_with_text(text);
        for (n, needle) in needles.iter().enumerate() {
            let r = common::find_chars(text, needle, 1);
            add(&mut p, &format!("x{n}"), Claim, r.start, r.end, None);
        }
        p
    };
    let a = one(&["fell to 3%"]);
    let c = compare(&a, &one(&["fell to 3%"])).unwrap();
    assert_eq!((c.exact_matches(), c.overlap_only_matches()), (1, 0));
    let c = compare(&a, &one(&["rate fell to 3%"])).unwrap();
    assert_eq!(c.overlap_only_matches(), 1);
    assert!((c.matches[0].jaccard - 10.0 / 15.0).abs() < 1e-12);
    let c = compare(&a, &one(&["3% in May"])).unwrap();
    assert_eq!((c.matches.len(), c.only_a.len(), c.only_b.len()), (0, 1, 1));
    let c = compare(
        &one(&["rate fell to 3%", "fell to 3%"]),
        &one(&["rate fell to 3%"]),
    )
    .unwrap();
    assert_eq!((c.exact_matches(), c.only_a.len()), (1, 1));
    let readme = std::fs::read_to_string(common::repo_path("README.md")).unwrap();
    assert!(readme.contains("| `fell to 3%` | `rate fell to 3%` | 10 / 15 = 0.67 |"));
    assert!(readme.contains("| `fell to 3%` | `3% in May` | 2 / 17 = 0.12 |"));
}
