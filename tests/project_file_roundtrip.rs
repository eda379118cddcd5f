//! Load → save → load gives the same project; unknown fields survive; random Unicode text
//! and random spans survive a save and a load exactly.

mod common;

use common::{NOW, project_with_text, sample_project_path};
use factmark::model::{Edit, Kind, Verdict};
use factmark::project_file::{load_project, parse_project, project_to_json, save_project};
use proptest::prelude::*;
use serde_json::{Value, json};

#[test]
fn sample_project_round_trips_through_a_file() {
    let original = load_project(&sample_project_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.factmark.json");
    save_project(&original, &path).unwrap();
    let reloaded = load_project(&path).unwrap();
    assert_eq!(reloaded, original);
    // Saving again writes the very same bytes: the format is canonical.
    assert_eq!(project_to_json(&reloaded), std::fs::read(&path).unwrap());
}

#[test]
fn the_committed_sample_is_in_canonical_form() {
    let bytes = std::fs::read(sample_project_path()).unwrap();
    let project = parse_project(&bytes).unwrap();
    assert_eq!(
        String::from_utf8(project_to_json(&project)).unwrap(),
        String::from_utf8(bytes).unwrap()
    );
}

#[test]
fn annotations_are_written_in_text_order() {
    let mut project = project_with_text("alpha beta gamma delta");
    for (kind, range) in [
        (Kind::Claim, 11..16),
        (Kind::Source, 0..5),
        (Kind::Claim, 0..10),
        (Kind::Dispute, 6..16),
    ] {
        let a = project.make_annotation(kind, range, None, NOW).unwrap();
        project.apply(&Edit::Add(a)).unwrap();
    }
    let json: Value = serde_json::from_slice(&project_to_json(&project)).unwrap();
    let spans: Vec<(u64, u64)> = json["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap()))
        .collect();
    assert_eq!(spans, [(0, 5), (0, 10), (6, 16), (11, 16)]);
}

#[test]
fn every_field_is_written_in_a_stable_order() {
    let mut project = project_with_text("One claim here.");
    let a = project
        .make_annotation(Kind::Claim, 0..9, Some("ana".into()), NOW)
        .unwrap();
    project.apply(&Edit::Add(a)).unwrap();
    let text = String::from_utf8(project_to_json(&project)).unwrap();
    let keys: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            l.trim_start()
                .strip_prefix('"')?
                .split_once("\":")
                .map(|(k, _)| k)
        })
        .collect();
    assert_eq!(
        keys,
        [
            "format",
            "version",
            "generator",
            "created",
            "modified",
            "article",
            "title",
            "url",
            "outlet",
            "author",
            "published",
            "retrieved",
            "language",
            "text",
            "text_sha256",
            "revisions",
            "annotations",
            "id",
            "kind",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "note",
            "verdict",
            "claimant",
            "claim_checked",
            "first_said",
            "explanation",
            "review_url",
            "claims",
            "evidence",
            "author",
            "created",
            "modified",
            "anchor",
            "needs_review"
        ]
    );
    assert!(text.starts_with("{\n  \"format\": \"factmark-project\",\n"));
    assert!(text.ends_with("}\n"));
}

#[test]
fn unknown_fields_survive_load_and_save() {
    let mut value: Value =
        serde_json::from_slice(&std::fs::read(sample_project_path()).unwrap()).unwrap();
    value["review_status"] = json!({"stage": "second read", "by": ["ed", "mo"]});
    value["article"]["paywall"] = json!(true);
    value["annotations"][0]["confidence"] = json!(0.75);
    value["annotations"][3]["x-tool"] = json!({"nested": [1, {"deep": null}]});
    let bytes = serde_json::to_vec(&value).unwrap();

    let project = parse_project(&bytes).unwrap();
    let resaved: Value = serde_json::from_slice(&project_to_json(&project)).unwrap();
    assert_eq!(resaved["review_status"], value["review_status"]);
    assert_eq!(resaved["article"]["paywall"], json!(true));
    let find = |v: &Value, id: &Value| -> Value {
        v["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| &a["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        find(&resaved, &value["annotations"][0]["id"])["confidence"],
        json!(0.75)
    );
    assert_eq!(
        find(&resaved, &value["annotations"][3]["id"])["x-tool"],
        value["annotations"][3]["x-tool"]
    );
    // Everything else is as it was.
    let mut without_extras = resaved.clone();
    without_extras.as_object_mut().unwrap().remove("generator");
    let mut original = value.clone();
    original.as_object_mut().unwrap().remove("generator");
    assert_eq!(without_extras, original);
}

#[test]
fn missing_optional_fields_get_defaults_that_validate() {
    let bytes = br#"{"format": "factmark-project", "version": 1,
        "article": {"text": "Just text."},
        "annotations": [{"id": "x", "kind": "claim", "start": 0, "end": 4, "quote": "Just"}]}"#;
    let project = parse_project(bytes).unwrap();
    let a = &project.annotations()[0];
    assert_eq!((a.note.as_str(), a.verdict, a.claims.len()), ("", None, 0));
    assert_eq!(a.created, project.created);
    // Saved and read again, the defaults are now explicit and still valid.
    let again = parse_project(&project_to_json(&project)).unwrap();
    assert_eq!(again.annotations(), project.annotations());
}

/// Characters that break naive offset code: multi-byte scripts, clusters, newlines.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => Just(' '),
        1 => Just('\n'),
        1 => proptest::char::range('\u{0600}', '\u{06FF}'), // Arabic
        1 => proptest::char::range('\u{4E00}', '\u{4E80}'), // CJK
        1 => proptest::char::range('\u{0300}', '\u{036F}'), // combining marks
        1 => proptest::char::range('\u{1F300}', '\u{1F64F}'), // emoji
        1 => proptest::sample::select(vec!['\u{200D}', '\u{FE0F}', '\u{A0}', '\u{1F1FA}', '\u{1F1E6}', '"', '\\', '\u{7}']),
        1 => any::<char>().prop_filter("no carriage returns or NUL", |c| *c != '\r' && *c != '\0'),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_text_and_spans_survive_save_and_load(
        chars in proptest::collection::vec(tricky_char(), 1..300),
        spans in proptest::collection::vec((0usize..400, 0usize..400, 0usize..3), 0..12),
    ) {
        let text: String = chars.into_iter().collect();
        let mut project = project_with_text(&text);
        let len = project.article().text.len_chars();
        let mut claim = None;
        for (a, b, k) in spans {
            let (start, end) = (a.min(b) % len, (a.max(b) % len) + 1);
            if start >= end { continue; }
            let kind = Kind::ALL[k];
            let mut ann = project.make_annotation(kind, start..end, Some("prop".into()), NOW).unwrap();
            match kind {
                Kind::Claim => { ann.verdict = Some(Verdict::Mixed); claim = Some(ann.id.clone()); }
                _ => ann.claims = claim.iter().cloned().collect(),
            }
            ann.note = text.chars().rev().take(20).collect();
            project.apply(&Edit::Add(ann)).unwrap();
        }
        for a in project.annotations() {
            prop_assert_eq!(project.article().text.slice(a.range()), Some(a.quote.as_str()));
        }
        let bytes = project_to_json(&project);
        let reloaded = parse_project(&bytes).unwrap();
        prop_assert_eq!(&reloaded, &project);
        prop_assert_eq!(project_to_json(&reloaded), bytes);
    }
}
