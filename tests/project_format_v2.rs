//! Project format version 2: revision history, anchoring status and annotations needing
//! review; reading version 1 files; the validation rules of the new fields; edits on
//! annotations that need review.

mod common;

use common::{NOW, repo_path};
use factmark::model::article::sha256_hex;
use factmark::model::{AnchorStatus, Edit, EditError, History, Kind};
use factmark::project_file::{ParseError, load_project, parse_project, project_to_json};
use serde_json::{Value, json};

const OLD: &str = "Officials said the plan is legal. Critics disputed that. The mayor resigned.";
const NEW: &str = "Critics disputed that. Officials said the plan is legal.";

fn ann(id: &str, kind: &str, text: &str, needle: &str) -> Value {
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    let end = start + needle.chars().count();
    json!({"id": id, "kind": kind, "start": start, "end": end, "quote": needle,
           "created": NOW, "modified": NOW})
}

/// A claim that moved, a dispute linked to a claim that needs review, and that claim.
fn valid() -> Value {
    let old_sha = sha256_hex(OLD.as_bytes());
    let mut moved = ann("c-legal", "claim", NEW, "the plan is legal");
    moved["anchor"] = json!({"status": "moved", "text_sha256": old_sha, "start": 15, "end": 32,
                             "quote": "the plan is legal"});
    let mut dispute = ann("d-critics", "dispute", NEW, "Critics disputed that");
    dispute["claims"] = json!(["c-legal", "c-mayor"]);
    let mut gone = ann("c-mayor", "claim", OLD, "The mayor resigned");
    gone["anchor"] = json!({"status": "needs-review", "text_sha256": old_sha});
    gone["verdict"] = json!("false");
    json!({
        "format": "factmark-project", "version": 2, "generator": "test",
        "created": NOW, "modified": NOW,
        "article": {"title": "T", "text": NEW, "text_sha256": sha256_hex(NEW.as_bytes()),
                    "revisions": [{"replaced": "2026-11-27T08:00:00Z", "title": "Old T",
                                   "retrieved": "2026-11-20", "text_sha256": old_sha, "text": OLD}]},
        "annotations": [moved, dispute],
        "needs_review": [gone]
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap()
}

#[test]
fn version_1_files_open_and_save_as_version_3() {
    let v1_path = repo_path("tests/fixtures/projects/nso-version-1.factmark.json");
    let v1 = load_project(&v1_path).unwrap();
    // The same content as the sample saved as version 2 (the same project).
    let v2_path = repo_path("tests/fixtures/projects/nso-version-2.factmark.json");
    assert_eq!(v1, load_project(&v2_path).unwrap());
    assert!(v1.revisions().is_empty() && v1.needs_review().is_empty());
    assert!(v1.annotations().iter().all(|a| a.anchor.is_none()));
    let saved: Value = serde_json::from_slice(&project_to_json(&v1)).unwrap();
    assert_eq!(saved["version"], json!(3));
    assert_eq!(saved["article"]["revisions"], json!([]));
    assert_eq!(saved["needs_review"], json!([]));
    assert_eq!(saved["annotations"][0]["anchor"], Value::Null);
    // Nothing else changed.
    let mut original: Value = serde_json::from_slice(&std::fs::read(&v1_path).unwrap()).unwrap();
    let mut upgraded = saved.clone();
    upgraded["version"] = json!(1);
    upgraded["article"]
        .as_object_mut()
        .unwrap()
        .remove("revisions");
    upgraded.as_object_mut().unwrap().remove("needs_review");
    for a in upgraded["annotations"].as_array_mut().unwrap() {
        let a = a.as_object_mut().unwrap();
        a.remove("anchor");
        // Version 3's claim record starts empty; the one reference became the evidence.
        for field in [
            "claimant",
            "claim_checked",
            "first_said",
            "explanation",
            "review_url",
        ] {
            a.remove(field);
        }
        let evidence = a.remove("evidence").unwrap();
        let reference = match evidence.as_array().unwrap().as_slice() {
            [] => Value::Null,
            [one] => one["title"].clone(),
            more => panic!("one reference became {} items", more.len()),
        };
        a.insert("reference".into(), reference);
    }
    original.as_object_mut().unwrap().remove("generator");
    upgraded.as_object_mut().unwrap().remove("generator");
    assert_eq!(upgraded, original);
}

#[test]
fn history_status_and_review_round_trip() {
    let project = parse_project(&bytes(&valid())).unwrap();
    assert_eq!(project.revisions().len(), 1);
    let old = project.revisions()[0].text.as_deref().unwrap();
    assert_eq!(old.as_str(), OLD);
    assert_eq!(
        project.text_by_sha256(&sha256_hex(OLD.as_bytes())),
        Some(old)
    );
    let moved = project.annotation("c-legal").unwrap();
    assert_eq!(moved.anchor_status(), Some(AnchorStatus::Moved));
    assert_eq!(
        moved.anchor.as_ref().unwrap().was.as_ref().unwrap().start,
        15
    );
    // The claim needing review is not among the placed ones, but it is found, linked, and
    // keeps its place in the old text.
    assert!(project.annotation("c-mayor").is_none());
    let gone = project.find("c-mayor").unwrap();
    assert!(gone.is_unplaced());
    assert_eq!(old.slice(gone.range()), Some("The mayor resigned"));
    assert_eq!(project.linked_to("c-mayor").count(), 1);

    let json = project_to_json(&project);
    let again = parse_project(&json).unwrap();
    assert_eq!(again, project);
    assert_eq!(project_to_json(&again), json);
    let value: Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        value["needs_review"][0]["anchor"],
        json!({"status": "needs-review", "text_sha256": sha256_hex(OLD.as_bytes())})
    );
    let revision_keys: Vec<&str> = value["article"]["revisions"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        revision_keys.len(),
        5,
        "replaced, title, retrieved, text_sha256, text"
    );
}

#[test]
fn unknown_fields_in_new_objects_survive() {
    let mut v = valid();
    v["article"]["revisions"][0]["archived_at"] = json!("https://archive.example/x");
    v["annotations"][0]["anchor"]["score"] = json!(0.93);
    let project = parse_project(&bytes(&v)).unwrap();
    let resaved: Value = serde_json::from_slice(&project_to_json(&project)).unwrap();
    assert_eq!(
        resaved["article"]["revisions"][0]["archived_at"],
        json!("https://archive.example/x")
    );
    let moved = resaved["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "c-legal")
        .unwrap();
    assert_eq!(moved["anchor"]["score"], json!(0.93));
}

#[test]
fn a_lost_text_is_known_by_its_hash_only() {
    let mut v = valid();
    let lost_sha = "ab".repeat(32);
    v["article"]["revisions"][0]["text"] = Value::Null;
    v["article"]["revisions"][0]["text_sha256"] = json!(lost_sha);
    v["annotations"][0]["anchor"]["text_sha256"] = json!(lost_sha);
    v["needs_review"][0]["anchor"]["text_sha256"] = json!(lost_sha);
    let project = parse_project(&bytes(&v)).unwrap();
    assert_eq!(project.revisions()[0].text, None);
    // Without the text only the quote's length can be checked.
    v["needs_review"][0]["quote"] = json!("The mayor resigned!");
    let error = parse_project(&bytes(&v)).unwrap_err().to_string();
    assert!(
        error.contains("annotation \"c-mayor\", field `quote`") && error.contains("19 characters"),
        "{error}"
    );
}

/// (case, change to the valid file, fragments the error must contain)
type Case = (&'static str, fn(&mut Value), &'static [&'static str]);

#[test]
fn each_rule_of_the_new_fields_has_a_clear_error() {
    let cases: &[Case] = &[
        (
            "revision hash does not match its text",
            |v| v["article"]["revisions"][0]["text"] = json!("something else"),
            &[
                "`article.revisions[0].text_sha256`",
                "does not match the revision's text",
            ],
        ),
        (
            "revision replaced not a time",
            |v| v["article"]["revisions"][0]["replaced"] = json!("last week"),
            &["`article.revisions[0].replaced`", "RFC 3339"],
        ),
        (
            "revision without replaced",
            |v| {
                v["article"]["revisions"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("replaced");
            },
            &["the article, field `revisions[0]`: missing required field `replaced`"],
        ),
        (
            "revision without text",
            |v| {
                v["article"]["revisions"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("text");
            },
            &["`revisions[0]`", "missing required field `text`"],
        ),
        (
            "revision text with a carriage return",
            |v| {
                v["article"]["revisions"][0]["text"] = json!("a\r\nb");
                v["article"]["revisions"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("text_sha256");
            },
            &["`article.revisions[0].text`", "carriage return"],
        ),
        (
            "unknown anchor status",
            |v| v["annotations"][0]["anchor"]["status"] = json!("lost"),
            &[
                "annotation #1",
                "field `anchor.status`",
                "unknown status \"lost\"",
            ],
        ),
        (
            "anchor not an object",
            |v| v["annotations"][0]["anchor"] = json!("moved"),
            &["annotation #1", "field `anchor`", "not an object"],
        ),
        (
            "moved without its old place",
            |v| {
                let a = v["annotations"][0]["anchor"].as_object_mut().unwrap();
                a.remove("start");
                a.remove("end");
                a.remove("quote");
            },
            &[
                "annotation \"c-legal\", field `anchor`",
                "does not say where the annotation was",
            ],
        ),
        (
            "old place given by halves",
            |v| {
                v["annotations"][0]["anchor"]
                    .as_object_mut()
                    .unwrap()
                    .remove("quote");
            },
            &["annotation #1", "field `anchor`", "go together"],
        ),
        (
            "old quote not in the old text",
            |v| v["annotations"][0]["anchor"]["quote"] = json!("the plan is lawful"),
            &[
                "annotation \"c-legal\", field `anchor.quote`",
                "does not match the earlier text at 15..32",
                "the plan is legal",
            ],
        ),
        (
            "old place past the old text",
            |v| {
                v["annotations"][0]["anchor"]["start"] = json!(500);
                v["annotations"][0]["anchor"]["end"] = json!(517);
            },
            &[
                "annotation \"c-legal\", field `anchor.end`",
                "past the end of the earlier text",
            ],
        ),
        (
            "anchor hash not a hash",
            |v| v["annotations"][0]["anchor"]["text_sha256"] = json!("abc"),
            &[
                "annotation \"c-legal\", field `anchor.text_sha256`",
                "not a SHA-256",
            ],
        ),
        (
            "needs review among the placed",
            |v| {
                v["annotations"][0]["anchor"] =
                    json!({"status": "needs-review", "text_sha256": sha256_hex(OLD.as_bytes())})
            },
            &[
                "annotation \"c-legal\", field `anchor.status`",
                "belong in `needs_review`",
            ],
        ),
        (
            "placed among those needing review",
            |v| v["needs_review"][0]["anchor"] = Value::Null,
            &["annotation \"c-mayor\", field `anchor`", "is missing"],
        ),
        (
            "needs review quote not in the old text",
            |v| v["needs_review"][0]["quote"] = json!("The mayor resigned!"),
            &[
                "annotation \"c-mayor\", field `quote`",
                "does not match the article text",
            ],
        ),
        (
            "needs review naming the current text",
            |v| v["needs_review"][0]["anchor"]["text_sha256"] = json!(sha256_hex(NEW.as_bytes())),
            &[
                "annotation \"c-mayor\", field `anchor.text_sha256`",
                "names the current article text",
            ],
        ),
        (
            "one id in both lists",
            |v| v["needs_review"][0]["id"] = json!("c-legal"),
            &[
                "annotation \"c-legal\", field `id`",
                "more than one annotation",
            ],
        ),
        (
            "link to a missing id",
            |v| v["annotations"][1]["claims"] = json!(["c-legal", "c-nope"]),
            &["annotation \"d-critics\", field `claims`", "\"c-nope\""],
        ),
        (
            "needs-review entry not an object",
            |v| v["needs_review"][0] = json!(7),
            &["needs-review annotation #1 to be an object"],
        ),
    ];
    let mut failures = Vec::new();
    for (case, change, fragments) in cases {
        let mut v = valid();
        change(&mut v);
        match parse_project(&bytes(&v)) {
            Ok(_) => failures.push(format!("{case}: loaded without error")),
            Err(e) => {
                let message = e.to_string();
                for fragment in *fragments {
                    if !message.contains(fragment) {
                        failures.push(format!("{case}: {message:?} lacks {fragment:?}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn newer_versions_are_refused_by_name() {
    let mut v = valid();
    v["version"] = json!(4);
    let error = parse_project(&bytes(&v)).unwrap_err();
    assert_eq!(error, ParseError::NewerVersion(4));
    assert!(error.to_string().contains("reads versions 1 to 3"));
}

#[test]
fn annotations_needing_review_can_be_edited_placed_and_removed() {
    let mut project = parse_project(&bytes(&valid())).unwrap();
    let mut history = History::new();
    // Its note and verdict can change while it waits.
    let edit = project
        .edit_set_note("c-mayor", "Check the council minutes.", NOW)
        .unwrap();
    history.apply(&mut project, "note", edit).unwrap();
    assert_eq!(
        project.find("c-mayor").unwrap().note,
        "Check the council minutes."
    );
    assert!(project.find("c-mayor").unwrap().is_unplaced());

    // Placing it over new text makes it an ordinary annotation again.
    let new_text = project.article().text.clone();
    let at = common::find_chars(new_text.as_str(), "Officials said", 1);
    let edit = project.edit_set_span("c-mayor", at.clone(), NOW).unwrap();
    history.apply(&mut project, "place", edit).unwrap();
    let placed = project.annotation("c-mayor").unwrap();
    assert_eq!(
        (placed.start, placed.end, placed.quote.as_str()),
        (at.start, at.end, "Officials said")
    );
    assert_eq!(placed.anchor, None);
    assert!(project.needs_review().is_empty());
    // Undo puts it back, needing review, exactly as it was.
    history.undo(&mut project).unwrap();
    assert_eq!(project.needs_review().len(), 1);
    assert_eq!(project.find("c-mayor").unwrap().quote, "The mayor resigned");

    // Confirming a moved one clears its status.
    let edit = project.edit_confirm_anchor("c-legal", NOW).unwrap();
    project.apply(&edit).unwrap();
    assert_eq!(project.annotation("c-legal").unwrap().anchor, None);
    assert!(project.edit_confirm_anchor("c-legal", NOW).is_none());

    // Removing it unlinks the dispute that names it.
    let edit = project.edit_remove("c-mayor", NOW).unwrap();
    project.apply(&edit).unwrap();
    assert!(project.find("c-mayor").is_none());
    assert_eq!(project.annotation("d-critics").unwrap().claims, ["c-legal"]);
    // And a bad span is refused.
    assert!(matches!(
        project.edit_set_span("c-legal", 5..500, NOW),
        Err(EditError::BadRange { .. })
    ));
    assert_eq!(project.find("c-legal").unwrap().kind, Kind::Claim);
}

#[test]
fn replacing_the_article_is_one_undoable_edit() {
    let mut project = parse_project(&bytes(&valid())).unwrap();
    let before = project.article_state();
    let mut after = before.clone();
    after.needs_review.clear();
    for a in &mut after.annotations {
        a.claims.retain(|c| c != "c-mayor");
    }
    let edit = Edit::ReplaceArticle {
        before: Box::new(before.clone()),
        after: Box::new(after.clone()),
    };
    project.apply(&edit).unwrap();
    assert!(project.needs_review().is_empty());
    // Applying it again is stale; an invalid result is refused.
    assert!(matches!(project.apply(&edit), Err(EditError::Stale(_))));
    project.apply(&edit.inverse()).unwrap();
    assert_eq!(project.article_state(), before);
    let mut broken = before.clone();
    broken.annotations[0].quote = "nonsense".into();
    let bad = Edit::ReplaceArticle {
        before: Box::new(before),
        after: Box::new(broken),
    };
    assert!(matches!(project.apply(&bad), Err(EditError::Invalid(m)) if m.contains("`quote`")));
}
