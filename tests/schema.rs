//! The committed JSON Schema describes the files Factmark writes.

mod common;

use common::{repo_path, sample_project_path};
use serde_json::{Value, json};

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_slice(
        &std::fs::read(repo_path("assets/factmark-project.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

fn sample() -> Value {
    serde_json::from_slice(&std::fs::read(sample_project_path()).unwrap()).unwrap()
}

#[test]
fn every_sample_project_matches_the_schema() {
    let validator = validator();
    let mut checked = 0;
    for entry in std::fs::read_dir(repo_path("sample_projects")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 1);
}

#[test]
fn version_1_files_still_match() {
    let v1: Value = serde_json::from_slice(
        &std::fs::read(repo_path(
            "tests/fixtures/projects/nso-version-1.factmark.json",
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(v1["version"], json!(1));
    assert!(validator().is_valid(&v1));
}

#[test]
fn files_with_history_and_review_match() {
    let mut value = sample();
    let old_text = "Earlier text.";
    value["article"]["revisions"] = json!([
        {"replaced": "2026-11-27T10:00:00Z", "title": "T", "retrieved": "2026-11-20",
         "text_sha256": factmark::model::article::sha256_hex(old_text.as_bytes()), "text": old_text},
        {"replaced": "2026-11-28T10:00:00Z", "title": "T", "retrieved": null,
         "text_sha256": "1".repeat(64), "text": null}
    ]);
    value["annotations"][0]["anchor"] = json!({"status": "moved", "text_sha256": "1".repeat(64),
        "start": 3, "end": 9, "quote": "abcdef"});
    let mut unplaced = value["annotations"][1].clone();
    unplaced["id"] = json!("gone");
    unplaced["anchor"] = json!({"status": "needs-review", "text_sha256": "1".repeat(64)});
    value["needs_review"] = json!([unplaced]);
    let errors: Vec<String> = validator()
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn the_schema_rejects_what_factmark_rejects() {
    let validator = validator();
    let mut bad_kind = sample();
    bad_kind["annotations"][0]["kind"] = json!("opinion");
    assert!(!validator.is_valid(&bad_kind));
    let mut bad_version = sample();
    bad_version["version"] = json!(4);
    assert!(!validator.is_valid(&bad_version));
    let mut bad_anchor = sample();
    bad_anchor["annotations"][0]["anchor"] =
        json!({"status": "lost", "text_sha256": "0".repeat(64)});
    assert!(!validator.is_valid(&bad_anchor));
    // A needs-review annotation belongs in `needs_review`, and a moved one says where it was.
    let mut misplaced = sample();
    misplaced["annotations"][0]["anchor"] =
        json!({"status": "needs-review", "text_sha256": "0".repeat(64)});
    assert!(!validator.is_valid(&misplaced));
    let mut moved_nowhere = sample();
    moved_nowhere["annotations"][0]["anchor"] =
        json!({"status": "moved", "text_sha256": "0".repeat(64)});
    assert!(!validator.is_valid(&moved_nowhere));
    let mut verdict_on_source = sample();
    let source = verdict_on_source["annotations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["kind"] == "source")
        .unwrap();
    source["verdict"] = json!("true");
    assert!(!validator.is_valid(&verdict_on_source));
    // Unknown fields are allowed: newer minor revisions may add them.
    let mut extra = sample();
    extra["review"] = json!({"by": "editor"});
    assert!(validator.is_valid(&extra));
}

#[test]
fn claim_records_and_evidence_match_and_misplaced_ones_do_not() {
    let validator = validator();
    let value = sample();
    let claim = value["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .position(|a| a["kind"] == "claim" && a["claimant"].is_object())
        .expect("the sample names claimants");
    assert!(value["annotations"][claim]["claim_checked"].is_string());
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    let source = value["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .position(|a| a["kind"] == "source")
        .unwrap();
    let mut claimant_on_source = value.clone();
    claimant_on_source["annotations"][source]["claimant"] = json!({"name": "X", "type": "person"});
    assert!(!validator.is_valid(&claimant_on_source));
    let mut empty_reference = value.clone();
    empty_reference["annotations"][source]["evidence"] = json!([{"publisher": "CDC"}]);
    assert!(!validator.is_valid(&empty_reference));
    let mut bad_type = value.clone();
    bad_type["annotations"][claim]["claimant"]["type"] = json!("robot");
    assert!(!validator.is_valid(&bad_type));
    // Factmark agrees on each.
    for (case, v) in [
        ("claimant on a source", &claimant_on_source),
        ("reference without title or url", &empty_reference),
        ("unknown claimant type", &bad_type),
    ] {
        let bytes = serde_json::to_vec(v).unwrap();
        assert!(
            factmark::project_file::parse_project(&bytes).is_err(),
            "{case} was accepted"
        );
    }
}

#[test]
fn reviews_votes_and_conflicts_match_and_bad_ones_do_not() {
    let validator = validator();
    let mut value = sample();
    let claim = value["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .position(|a| {
            a["review"]["votes"]
                .as_array()
                .is_some_and(|v| !v.is_empty())
        })
        .expect("the sample shows sign-off");
    value["conflicts"] = json!([
        {"annotation": value["annotations"][claim]["id"], "field": "verdict",
         "base": "mixed", "ours": "false", "theirs": "true"},
        {"annotation": null, "field": "article.text", "ours": "a", "theirs": "b"}
    ]);
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(factmark::project_file::parse_project(&serde_json::to_vec(&value).unwrap()).is_ok());
    for (case, path, bad) in [
        ("unknown state", "state", json!("signed")),
        ("vote without a time", "votes", json!([{"reviewer": "Ana"}])),
        (
            "vote without a reviewer",
            "votes",
            json!([{"time": "2026-11-26T09:00:00Z"}]),
        ),
    ] {
        let mut v = value.clone();
        v["annotations"][claim]["review"][path] = bad;
        assert!(!validator.is_valid(&v), "{case} matched the schema");
    }
    // The hand-written fixture the app's conflict tests open.
    let fixture: Value = serde_json::from_slice(
        &std::fs::read(repo_path("tests/fixtures/projects/conflicts.factmark.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(fixture["conflicts"].as_array().unwrap().len(), 3);
    assert!(validator.is_valid(&fixture));
    let mut no_field = value.clone();
    no_field["conflicts"][0]
        .as_object_mut()
        .unwrap()
        .remove("field");
    assert!(!validator.is_valid(&no_field));
}
