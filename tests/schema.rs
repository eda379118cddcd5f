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
fn the_schema_rejects_what_factmark_rejects() {
    let validator = validator();
    let mut bad_kind = sample();
    bad_kind["annotations"][0]["kind"] = json!("opinion");
    assert!(!validator.is_valid(&bad_kind));
    let mut bad_version = sample();
    bad_version["version"] = json!(2);
    assert!(!validator.is_valid(&bad_version));
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
