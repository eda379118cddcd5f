//! Every validation rule of the project file, one malformed file each: loading fails with a
//! message that names the file, the annotation and the field, and never panics.

mod common;

use factmark::project_file::{LoadErrorKind, ParseError, load_project, parse_project};
use serde_json::{Value, json};

const TEXT: &str = "Officials said the plan is legal. Critics disputed that. See the report.";

/// A small valid project: a claim, a source linked to it, a dispute linked to it.
fn valid() -> Value {
    let sha = factmark::model::article::sha256_hex(TEXT.as_bytes());
    let ann = |id: &str, kind: &str, start: usize, end: usize, claims: Value, verdict: Value| {
        let quote: String = TEXT.chars().skip(start).take(end - start).collect();
        json!({"id": id, "kind": kind, "start": start, "end": end, "quote": quote,
               "note": "", "verdict": verdict, "claims": claims,
               "created": "2026-11-26T10:00:00Z", "modified": "2026-11-26T10:00:00Z"})
    };
    json!({
        "format": "factmark-project", "version": 1, "generator": "test",
        "created": "2026-11-26T10:00:00Z", "modified": "2026-11-26T10:00:00Z",
        "article": {"title": "T", "text": TEXT, "text_sha256": sha},
        "annotations": [
            ann("c1", "claim", 14, 32, json!([]), json!("mostly-true")),
            ann("s1", "source", 0, 9, json!(["c1"]), Value::Null),
            ann("d1", "dispute", 34, 55, json!(["c1"]), Value::Null),
        ]
    })
}

fn with(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v = valid();
    change(&mut v);
    serde_json::to_vec_pretty(&v).unwrap()
}

/// (case, file bytes, fragments the error message must contain)
fn cases() -> Vec<(&'static str, Vec<u8>, Vec<&'static str>)> {
    let valid_bytes = serde_json::to_vec_pretty(&valid()).unwrap();
    vec![
        ("not JSON", b"{\"format\": \"factmark-project\", oops}".to_vec(), vec!["not a valid project file", "line 1, column"]),
        ("truncated JSON", valid_bytes[..valid_bytes.len() / 2].to_vec(), vec!["not a valid project file", "EOF"]),
        ("empty file", Vec::new(), vec!["empty"]),
        ("whitespace only", b"  \n\t ".to_vec(), vec!["empty"]),
        ("binary data", vec![0x89, b'P', b'N', b'G', 0, 0xFF, 0xFE, 7], vec!["not a valid project file"]),
        ("array at the top level", b"[1, 2, 3]".to_vec(), vec!["invalid type: sequence", "Factmark project"]),
        ("a string at the top level", b"\"hello\"".to_vec(), vec!["invalid type: string"]),
        ("other JSON", br#"{"name": "package.json", "version": "1.0.0"}"#.to_vec(), vec!["not a Factmark project"]),
        ("wrong format", with(|v| v["format"] = json!("brat-project")), vec!["not a Factmark project", "`format`", "brat-project"]),
        ("newer version", with(|v| v["version"] = json!(7)), vec!["written by a newer Factmark", "7"]),
        ("version not a number", with(|v| v["version"] = json!("one")), vec!["`version`", "\"one\""]),
        ("missing version", with(|v| { v.as_object_mut().unwrap().remove("version"); }), vec!["no `version` field"]),
        ("missing article", with(|v| { v.as_object_mut().unwrap().remove("article"); }), vec!["no `article` field"]),
        ("missing text", with(|v| { v["article"].as_object_mut().unwrap().remove("text"); }), vec!["no `text` field"]),
        ("end past the text", with(|v| v["annotations"][0]["end"] = json!(500)), vec!["annotation \"c1\"", "`end`", "500 is past the end", "72 characters"]),
        ("reversed offsets", with(|v| { v["annotations"][0]["start"] = json!(32); v["annotations"][0]["end"] = json!(14); }), vec!["annotation \"c1\"", "`start`", "32 is not before end 14"]),
        ("empty span", with(|v| v["annotations"][0]["end"] = json!(14)), vec!["annotation \"c1\"", "not before end"]),
        ("negative offset", with(|v| v["annotations"][1]["start"] = json!(-3)), vec!["annotation #2 (\"s1\")", "`start`", "-3 is not a code-point offset"]),
        ("fractional offset", with(|v| v["annotations"][1]["end"] = json!(9.5)), vec!["annotation #2", "`end`", "9.5 is not a code-point offset"]),
        ("huge offset", br#"{"format":"factmark-project","version":1,"article":{"text":"x"},"annotations":[{"id":"a","kind":"claim","start":0,"end":1e400,"quote":"x"}]}"#.to_vec(), vec!["not a valid project file"]),
        ("offset as a string", with(|v| v["annotations"][0]["start"] = json!("14")), vec!["(\"c1\")", "`start`", "\"14\" is not a code-point offset"]),
        ("quote differs from the text", with(|v| v["annotations"][0]["quote"] = json!("the plan is illegal")), vec!["annotation \"c1\"", "`quote`", "does not match the article text at 14..32", "the plan is legal"]),
        ("unknown kind", with(|v| v["annotations"][2]["kind"] = json!("opinion")), vec!["annotation #3 (\"d1\")", "`kind`", "unknown kind \"opinion\""]),
        ("duplicate ids", with(|v| v["annotations"][2]["id"] = json!("s1")), vec!["annotation \"s1\"", "`id`", "more than one annotation"]),
        ("verdict on a source", with(|v| v["annotations"][1]["verdict"] = json!("false")), vec!["annotation \"s1\"", "`verdict`", "only claims have verdicts", "source"]),
        ("unknown verdict", with(|v| v["annotations"][0]["verdict"] = json!("pants-on-fire")), vec!["(\"c1\")", "`verdict`", "unknown verdict \"pants-on-fire\""]),
        ("claims naming a missing id", with(|v| v["annotations"][1]["claims"] = json!(["c9"])), vec!["annotation \"s1\"", "`claims`", "\"c9\"", "not an annotation"]),
        ("claims naming a non-claim", with(|v| v["annotations"][2]["claims"] = json!(["s1"])), vec!["annotation \"d1\"", "`claims`", "\"s1\"", "a source, not a claim"]),
        ("a claim linking to claims", with(|v| v["annotations"][0]["claims"] = json!(["c1"])), vec!["annotation \"c1\"", "`claims`", "only sources and disputes"]),
        ("text_sha256 mismatch", with(|v| v["article"]["text"] = json!(TEXT.replace("legal", "lawful"))), vec!["`article.text_sha256`", "does not match the article text"]),
        ("text_sha256 not a hash", with(|v| v["article"]["text_sha256"] = json!("abc")), vec!["`article.text_sha256`", "\"abc\" is not a SHA-256"]),
        ("version 0", with(|v| v["version"] = json!(0)), vec!["`version` is 0", "not a version this build reads"]),
        ("start past the end", with(|v| v["annotations"][0]["start"] = json!(99_999_999)), vec!["annotation \"c1\"", "`start`", "99999999 is past the end of the article text"]),
        ("UTF-16 with a BOM", {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(valid_str().encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }, vec!["looks like UTF-16", "save it as UTF-8"]),
        ("prefix longer than the context", with(|v| v["annotations"][0]["prefix"] = json!("x".repeat(40))), vec!["annotation \"c1\"", "`prefix`", "is 40 characters long; the context is at most 32"]),
        ("missing quote", with(|v| { v["annotations"][0].as_object_mut().unwrap().remove("quote"); }), vec!["annotation #1 (\"c1\")", "missing required field `quote`"]),
        ("missing id", with(|v| { v["annotations"][1].as_object_mut().unwrap().remove("id"); }), vec!["annotation #2", "missing required field `id`"]),
        ("annotation not an object", with(|v| v["annotations"][1] = json!(42)), vec!["annotation #2 to be an object"]),
        ("title of the wrong type", with(|v| v["article"]["title"] = json!(12)), vec!["the article", "`title`", "invalid type: integer `12`"]),
        ("carriage return in the text", with(|v| { v["article"]["text"] = json!(TEXT.replace(". ", ".\r\n")); v["article"].as_object_mut().unwrap().remove("text_sha256"); }), vec!["`article.text`", "carriage return"]),
        ("not an RFC 3339 time", with(|v| v["annotations"][2]["created"] = json!("last Tuesday")), vec!["annotation \"d1\"", "`created`", "RFC 3339"]),
        ("bad language tag", with(|v| v["article"]["language"] = json!("English")), vec!["`article.language`", "BCP 47"]),
        ("bad publication date", with(|v| v["article"]["published"] = json!("15/11/2022")), vec!["`article.published`", "YYYY-MM-DD"]),
        ("wrong prefix", with(|v| v["annotations"][0]["prefix"] = json!("nothing like it")), vec!["annotation \"c1\"", "`prefix`"]),
        ("a key twice", valid_str().replacen("\"kind\": \"claim\",", "\"kind\": \"claim\", \"kind\": \"source\",", 1).into_bytes(), vec!["field `kind` appears twice"]),
        ("lone surrogate escape", valid_str().replacen("Officials said", "Officials \\ud800said", 1).into_bytes(), vec!["not a valid project file", "the article, field `text`", "escape"]),
        ("raw NUL byte in a string", valid_str().replacen("Officials said", "Officials\0said", 1).into_bytes(), vec!["not a valid project file", "control character"]),
        ("deeply nested unknown field", {
            let deep = "[".repeat(100_000) + &"]".repeat(100_000);
            valid_str().replacen("\"generator\": \"test\"", &format!("\"deep\": {deep}"), 1).into_bytes()
        }, vec!["not a valid project file", "recursion limit"]),
    ]
}

fn valid_str() -> String {
    String::from_utf8(serde_json::to_vec_pretty(&valid()).unwrap()).unwrap()
}

#[test]
fn the_base_project_is_valid() {
    let project = parse_project(&serde_json::to_vec(&valid()).unwrap()).unwrap();
    assert_eq!(project.annotations().len(), 3);
}

#[test]
fn each_malformed_file_gets_an_error_naming_the_problem() {
    let mut failures = Vec::new();
    for (case, bytes, fragments) in cases() {
        match parse_project(&bytes) {
            Ok(_) => failures.push(format!("{case}: loaded without error")),
            Err(error) => {
                let message = error.to_string();
                for fragment in fragments {
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
fn load_errors_name_the_file_on_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken project.factmark.json");
    let bytes = with(|v| {
        v["annotations"][0]["end"] = json!(500);
        v["annotations"][1]["verdict"] = json!("true");
    });
    std::fs::write(&path, bytes).unwrap();
    let error = load_project(&path).unwrap_err();
    let lines = error.lines();
    // Each problem, then the offer to open the rest.
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[2].contains("set aside"), "{}", lines[2]);
    for line in &lines {
        assert!(line.starts_with(&path.display().to_string()), "{line}");
    }
    assert!(
        matches!(error.kind, LoadErrorKind::Parse(ParseError::Repairable(ref r)) if r.problems.len() == 2)
    );
}

#[test]
fn all_problems_are_reported_not_just_the_first() {
    let bytes = with(|v| {
        v["annotations"][0]["quote"] = json!("wrong");
        v["annotations"][1]["claims"] = json!(["nope"]);
        v["annotations"][2]["verdict"] = json!("false");
    });
    let Err(ParseError::Repairable(repairable)) = parse_project(&bytes) else {
        panic!("expected problems with the annotations set aside");
    };
    let fields: Vec<_> = repairable
        .problems
        .iter()
        .map(|p| (p.annotation.clone().unwrap(), p.field.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("c1".into(), "quote".into()),
            ("s1".into(), "claims".into()),
            ("d1".into(), "verdict".into())
        ]
    );
}

/// The trial's case: four problems injected, one of them a verdict that is no verdict (a
/// problem found while reading, before the model's rules), and each is reported.
#[test]
fn every_injected_problem_is_reported_including_unreadable_values() {
    let bytes = with(|v| {
        v["annotations"][0]["verdict"] = json!("mostly-truthy");
        v["annotations"][0]["start"] = json!(-3);
        v["annotations"][1]["kind"] = json!(7);
        v["annotations"][2]["end"] = json!(900);
    });
    let Err(ParseError::Repairable(repairable)) = parse_project(&bytes) else {
        panic!("expected problems with the annotations set aside");
    };
    let text: Vec<String> = repairable
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(text.len(), 4, "{text:#?}");
    for fragment in ["`verdict`", "`start`", "`kind`", "`end`"] {
        assert!(
            text.iter().any(|t| t.contains(fragment)),
            "{fragment} missing from {text:#?}"
        );
    }
    assert!(text[0].starts_with("annotation #1 (\"c1\")"), "{}", text[0]);
}

/// "Open with problems set aside": the sound annotations open, the broken ones are kept as
/// written, saved back unchanged, and tried again on the next open.
#[test]
fn a_project_opens_with_bad_annotations_set_aside_and_saves_them_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.factmark.json");
    let bytes = with(|v| {
        v["annotations"][1]["claims"] = json!(["nope"]);
        v["annotations"][2]["verdict"] = json!({"weird": [1, 2]});
        v["annotations"][2]["x-extra"] = json!("kept");
    });
    let original: Value = serde_json::from_slice(&bytes).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let error = load_project(&path).unwrap_err();
    assert!(error.is_repairable(), "{error}");
    let message = error.to_string();
    assert!(message.contains("set aside"), "{message}");
    let project = error
        .into_repairable()
        .unwrap()
        .open_with_problems_set_aside();
    assert_eq!(project.annotations().len(), 1);
    assert_eq!(project.annotations()[0].id, "c1");
    let repairs = project.needs_repair();
    assert_eq!(repairs.len(), 2);
    assert_eq!(repairs[0].raw, original["annotations"][1]);
    assert_eq!(repairs[1].raw, original["annotations"][2]);

    factmark::project_file::save_project(&project, &path).unwrap();
    let saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["needs_repair"][0], original["annotations"][1]);
    assert_eq!(saved["needs_repair"][1], original["annotations"][2]);
    // Still set aside on the next open, and nothing more is reported: the file says so.
    let again = load_project(&path).unwrap();
    assert_eq!(again.needs_repair().len(), 2);
    assert!(!again.needs_repair()[0].problems.is_empty());

    // Repaired by hand in the file, it comes back as an annotation.
    let mut fixed = saved.clone();
    fixed["needs_repair"][0]["claims"] = json!(["c1"]);
    std::fs::write(&path, serde_json::to_vec_pretty(&fixed).unwrap()).unwrap();
    let fixed = load_project(&path).unwrap();
    assert!(fixed.find("s1").is_some());
    assert_eq!(fixed.needs_repair().len(), 1);
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let error = load_project(std::path::Path::new("/no/such/dir/p.factmark.json")).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("/no/such/dir/p.factmark.json: cannot read"),
        "{error}"
    );
}

#[test]
fn a_malformed_text_hash_is_one_problem_not_one_per_annotation() {
    let mut v = valid();
    v["article"]["text_sha256"] = json!("ABC-not-a-hash");
    let message = parse_project(&serde_json::to_vec(&v).unwrap())
        .unwrap_err()
        .to_string();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("is not a SHA-256"), "{message}");
}

#[test]
fn thousands_of_problems_are_listed_up_to_a_hundred_and_counted() {
    let mut v = valid();
    // One source naming a missing claim 5,000 times (a broken generator).
    v["annotations"][1]["claims"] = json!(vec!["c9"; 5000]);
    let error = parse_project(&serde_json::to_vec(&v).unwrap()).unwrap_err();
    let lines = error.messages();
    // A hundred problems, the count of the rest, and the offer to open the rest.
    assert_eq!(lines.len(), 102, "{:?}", &lines[..3]);
    assert!(lines[101].contains("set aside"), "{}", lines[101]);
    assert!(lines[0].contains("\"c9\""), "{}", lines[0]);
    let more: usize = lines[100]
        .strip_prefix("… and ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", lines[100]));
    assert!(more >= 4900, "{}", lines[100]);
}

/// Dates are checked with the annotation's other fields: a hand repair needs one round, not
/// one per problem.
#[test]
fn bad_dates_are_reported_with_the_other_problems_of_the_annotation() {
    let bytes = with(|v| {
        v["annotations"][0]["verdict"] = json!("mostly-truthy");
        v["annotations"][0]["claimant"] = json!({"name": "X", "type": "company"});
        v["annotations"][0]["first_said"] = json!({"date": "2021-13-45"});
        v["annotations"][0]["evidence"] = json!([{"title": "T", "accessed": "yesterday"}]);
    });
    let Err(ParseError::Repairable(repairable)) = parse_project(&bytes) else {
        panic!("expected problems with the annotation set aside");
    };
    let fields: Vec<&str> = repairable
        .problems
        .iter()
        .map(|p| p.field.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "verdict",
            "evidence[0].accessed",
            "claimant.type",
            "first_said.date"
        ],
        "{:#?}",
        repairable.problems
    );
}
