//! The W3C export checked with the W3C's own web-annotation-tests JSON schemas (vendored in
//! tests/fixtures/w3c-web-annotation-tests, with their licence; from
//! github.com/w3c/web-annotation-tests, see SOURCE-COMMIT): every "must" assertion of the
//! annotation, collection and page tests, and the optional features Factmark implements.

mod common;

use std::path::{Path, PathBuf};

use common::{NOW, project_with_text, repo_path, sample_project_path, tag};
use factmark::export::{ExportFormat, ExportOptions, ExportOutput, render};
use factmark::model::{Kind, Project, Verdict};
use factmark::project_file::load_project;
use serde_json::Value;

fn suite() -> PathBuf {
    repo_path("tests/fixtures/w3c-web-annotation-tests")
}

/// Resolves the schemas' relative `$ref`s ("collections.json#/definitions/…") to the
/// suite's definitions folder, never the network.
struct Definitions;

impl jsonschema::Retrieve for Definitions {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().rsplit('/').next().unwrap_or_default();
        let text = std::fs::read_to_string(suite().join("definitions").join(name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One assertion schema, compiled: the validator, whether a conforming instance validates
/// (its `expectedResult`), and what it says when one does not.
struct Assertion {
    path: PathBuf,
    validator: jsonschema::Validator,
    expected_valid: bool,
    message: String,
}

fn assertion(schema_path: &Path) -> Assertion {
    let schema = read_json(schema_path);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .with_base_uri("https://w3c-web-annotation-tests.invalid/schemas/")
        .with_retriever(Definitions)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{}: {e}", schema_path.display()));
    Assertion {
        path: schema_path.to_path_buf(),
        validator,
        expected_valid: schema["expectedResult"].as_str().unwrap_or("valid") == "valid",
        message: schema["errorMessage"]
            .as_str()
            .unwrap_or("failed")
            .to_string(),
    }
}

impl Assertion {
    fn check(&self, instance: &Value) -> Result<(), String> {
        if self.validator.is_valid(instance) == self.expected_valid {
            Ok(())
        } else {
            Err(format!("{}: {}", self.path.display(), self.message))
        }
    }
}

fn meets(schema_path: &Path, instance: &Value) -> Result<(), String> {
    assertion(schema_path).check(instance)
}

/// Every assertion a `.test` file lists.
fn assertions(test: &str) -> Vec<PathBuf> {
    let test = read_json(&suite().join(test));
    let list = test["assertions"].as_array().unwrap();
    assert!(!list.is_empty());
    list.iter()
        .map(|a| suite().join(a.as_str().unwrap()))
        .collect()
}

fn w3c(project: &Project) -> Value {
    let options = ExportOptions::new("article", "2026-11-26T12:00:00Z");
    match render(project, ExportFormat::W3c, &options).unwrap() {
        ExportOutput::File(bytes) => serde_json::from_slice(&bytes).unwrap(),
        ExportOutput::Folder(_) => unreachable!(),
    }
}

/// The collection, its page (with the context, as the page tests read it on its own) and
/// each annotation (likewise).
fn parts(export: &Value) -> (Value, Option<Value>, Vec<Value>) {
    let context = export["@context"].clone();
    let mut page = export.get("first").cloned();
    let mut annotations = Vec::new();
    if let Some(page) = page.as_mut() {
        for item in page["items"].as_array().unwrap() {
            let mut item = item.clone();
            item["@context"] = context.clone();
            annotations.push(item);
        }
        page["@context"] = context.clone();
    }
    (export.clone(), page, annotations)
}

fn check_musts(export: &Value) -> Vec<String> {
    let (collection, page, annotations) = parts(export);
    let mut failures = Vec::new();
    for schema in assertions("collections/collectionMusts.test") {
        failures.extend(meets(&schema, &collection).err());
    }
    if let Some(page) = &page {
        for schema in assertions("collections/pages/pageMusts.test") {
            failures.extend(meets(&schema, page).err());
        }
    }
    for schema in assertions("annotations/annotationMusts.test") {
        let schema = assertion(&schema);
        for a in &annotations {
            failures.extend(schema.check(a).err());
        }
    }
    failures
}

fn rich_project() -> Project {
    let text = "The claim. Again the claim. A source says so. A dispute says not. The claim.";
    let mut project = project_with_text(text);
    let mut meta = project.article().metadata.clone();
    meta.language = Some("en".into());
    project.apply(&project.edit_metadata(meta)).unwrap();
    let claim = tag(&mut project, Kind::Claim, "The claim");
    let source = tag(&mut project, Kind::Source, "A source says so");
    let _dispute = tag(&mut project, Kind::Dispute, "A dispute says not");
    project
        .apply(
            &project
                .edit_set_verdict(&claim, Some(Verdict::False), NOW)
                .unwrap(),
        )
        .unwrap();
    project
        .apply(&project.edit_set_note(&source, "Checked.", NOW).unwrap())
        .unwrap();
    project
        .apply(&project.edit_link(&source, &claim, NOW).unwrap())
        .unwrap();
    project
}

#[test]
fn w3c_export_meets_every_must_of_the_w3c_schemas() {
    let sample = load_project(&sample_project_path()).unwrap();
    for project in [sample, rich_project()] {
        let export = w3c(&project);
        let failures = check_musts(&export);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[test]
fn w3c_empty_project_has_no_empty_page_and_meets_the_musts() {
    let export = w3c(&project_with_text("Nothing annotated."));
    assert_eq!(export["total"], 0);
    assert!(export.get("first").is_none(), "{export}");
    assert!(export.get("last").is_none(), "{export}");
    let failures = check_musts(&export);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn w3c_export_implements_motivation_last_part_of_language_and_format() {
    let export = w3c(&rich_project());
    let (collection, page, annotations) = parts(&export);
    let page = page.unwrap();
    let optional = |file: &str, instance: &Value| {
        meets(&suite().join(file), instance).unwrap_or_else(|e| panic!("{e}\n{instance:#}"))
    };
    optional(
        "collections/5.1-collectionLastImplemented.json",
        &collection,
    );
    optional("collections/pages/5.2-pagePartOfImplemented.json", &page);
    assert_eq!(collection["last"], collection["first"]["id"]);
    assert_eq!(page["partOf"]["id"], collection["id"]);
    let mut with_text_bodies = 0;
    for a in &annotations {
        optional("annotations/3.3.5-annotationMotivationImplemented.json", a);
        optional("annotations/bodiesTargets/3.2.1-targLanguage.json", a);
        optional("annotations/bodiesTargets/3.2.1-targFormat.json", a);
        // Bodies in words (a note, citations) carry the language; tags do not.
        let has_text = a["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["format"] == "text/plain");
        if has_text {
            optional("annotations/bodiesTargets/3.2.1-bodyLanguage.json", a);
            with_text_bodies += 1;
        }
        assert_eq!(a["target"]["language"], "en");
        assert_eq!(a["target"]["format"], "text/plain");
        let motivation: Vec<&str> = match &a["motivation"] {
            Value::String(m) => vec![m.as_str()],
            Value::Array(ms) => ms.iter().map(|m| m.as_str().unwrap()).collect(),
            other => panic!("motivation {other}"),
        };
        assert!(motivation.contains(&"tagging"), "{a:#}");
        for body in a["body"].as_array().unwrap() {
            let purpose = body["purpose"].as_str().unwrap();
            assert!(
                motivation.contains(&purpose),
                "{purpose} not in {motivation:?}"
            );
            if body["format"] == "text/plain" {
                assert_eq!(body["language"], "en", "{body}");
            }
        }
    }
    assert!(with_text_bodies > 0, "the source has a note");
    // The claim occurs three times: its quote selector says which.
    let claim = annotations
        .iter()
        .find(|a| a["body"][0]["value"] == "claim")
        .unwrap();
    let quote = &claim["target"]["selector"][0];
    assert_eq!(quote["type"], "TextQuoteSelector");
    assert_eq!(quote["exact"], "The claim");
    let suffix = quote["suffix"].as_str().unwrap();
    assert!(suffix.starts_with(". Again"), "{quote}");
}

#[test]
fn w3c_quote_selector_has_context_from_the_text_even_when_the_project_has_none() {
    // The quote occurs twice; a project written by hand (or an old tool) stored no context.
    let text = "Taxes fell, he said. Taxes fell, she said.";
    let mut project = project_with_text(text);
    let range = common::find_chars(text, "Taxes fell", 2);
    let mut a = project
        .make_annotation(Kind::Claim, range, None, NOW)
        .unwrap();
    a.prefix.clear();
    a.suffix.clear();
    project.apply(&factmark::model::Edit::Add(a)).unwrap();
    let export = w3c(&project);
    let quote = &export["first"]["items"][0]["target"]["selector"][0];
    assert_eq!(quote["exact"], "Taxes fell");
    assert_eq!(quote["prefix"], "Taxes fell, he said. ");
    assert_eq!(quote["suffix"], ", she said.");
}

#[test]
fn the_schema_harness_rejects_a_broken_export() {
    // Not vacuous: a collection of the wrong type, and an annotation without a target or
    // with a date that is no date, fail the musts.
    let mut export = w3c(&rich_project());
    export["type"] = Value::from("Collection");
    export["first"]["items"][0]
        .as_object_mut()
        .unwrap()
        .remove("target");
    export["first"]["items"][1]["created"] = Value::from("yesterday");
    let failures = check_musts(&export);
    for expected in [
        "5.1-collectionTypeValidated",
        "3.1-targetKeyFound",
        "3.3.1-annotationCreatedValidated",
    ] {
        assert!(
            failures.iter().any(|f| f.contains(expected)),
            "{expected} not among {failures:#?}"
        );
    }
}
