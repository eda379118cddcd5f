//! The command line, run as a process: exit codes, messages, and files written.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{repo_path, sample_project_path};
use factmark::project_file::{load_project, project_to_json};

fn factmark(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factmark"))
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .expect("the factmark binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn version_and_help() {
    let out = factmark(&[&"--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).trim(),
        format!("factmark {}", env!("CARGO_PKG_VERSION"))
    );
    let out = factmark(&[&"--help"]);
    assert_eq!(out.status.code(), Some(0));
    for word in ["new", "check", "export"] {
        assert!(stdout(&out).contains(word), "{}", stdout(&out));
    }
}

#[test]
fn check_passes_the_sample_and_reports_counts() {
    let out = factmark(&[&"check", &sample_project_path()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(": ok (22 annotations: 13 claims, 7 sources, 2 disputes)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_prints_one_error_line_per_problem_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.factmark.json");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample_project_path()).unwrap()).unwrap();
    value["annotations"][0]["quote"] = "altered".into();
    value["annotations"][1]["kind"] = "claim".into();
    value["annotations"][1]["claims"] = serde_json::json!(["x"]);
    std::fs::write(&bad, serde_json::to_vec(&value).unwrap()).unwrap();

    let out = factmark(&[&"check", &sample_project_path(), &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let problem_lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("bad.factmark.json") && l.contains("field `"))
        .collect();
    // Then the offer to open the rest with those annotations set aside.
    assert!(err.contains("2 annotations set aside for repair"), "{err}");
    // The quote, and the claim that links to claims (naming a missing id, too).
    assert_eq!(problem_lines.len(), 3, "{err}");
    assert!(err.lines().all(|l| l.starts_with("error: ")), "{err}");
    assert!(err.contains("field `quote`"), "{err}");
    assert!(err.contains("1 of 2 projects have problems"), "{err}");
    assert!(stdout(&out).contains("nso-blacklist-appeal.factmark.json: ok"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(factmark(&[&"check"]).status.code(), Some(2));
    assert_eq!(
        factmark(&[&"export", &sample_project_path(), &"--format", &"pdf"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        factmark(&[&"new", &"article.txt"]).status.code(),
        Some(2),
        "missing -o"
    );
    assert_eq!(factmark(&[&"--frobnicate"]).status.code(), Some(2));
}

#[test]
fn new_makes_a_valid_project_from_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let article = repo_path("sample_projects/nso-blacklist-appeal.txt");
    let out_path = dir.path().join("nso.factmark.json");
    let out = factmark(&[
        &"new",
        &article,
        &"-o",
        &out_path,
        &"--url",
        &"https://example.org/nso",
        &"--language",
        &"en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = load_project(&out_path).unwrap();
    assert_eq!(
        project.article().metadata.title,
        "'Israel' pushing US to remove NSO from blacklist"
    );
    assert_eq!(
        project.article().metadata.url.as_deref(),
        Some("https://example.org/nso")
    );
    let original = std::fs::read_to_string(&article).unwrap();
    assert_eq!(
        project.article().text.as_str(),
        original.replace("\r\n", "\n")
    );
    assert!(project.annotations().is_empty());

    // It will not overwrite without --force.
    let out = factmark(&[&"new", &article, &"-o", &out_path, &"--title", &"Other"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: ") && stderr(&out).contains("already exists"),
        "{}",
        stderr(&out)
    );
    assert_eq!(load_project(&out_path).unwrap(), project);
    let out = factmark(&[
        &"new", &article, &"-o", &out_path, &"--title", &"Other", &"--force",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        load_project(&out_path).unwrap().article().metadata.title,
        "Other"
    );
}

#[test]
fn new_refuses_bad_articles_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "latin1.txt",
            b"Caf\xe9 cr\xe8me\n",
            "not valid UTF-8 (line 1, byte 3)",
        ),
        ("binary.txt", b"\x00\x01\x02PNG", "NUL byte"),
        ("empty.txt", b"  \n ", "no text"),
        ("odd-utf16.txt", b"\xFF\xFEa", "odd number of bytes"),
    ];
    for (name, bytes, expected) in cases {
        let article = dir.path().join(name);
        std::fs::write(&article, bytes).unwrap();
        let out_path = dir.path().join(format!("{name}.factmark.json"));
        let out = factmark(&[&"new", &article, &"-o", &out_path]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = stderr(&out);
        assert!(
            err.starts_with("error: ") && err.contains(name) && err.contains(expected),
            "{name}: {err}"
        );
        assert!(!out_path.exists(), "{name}: no project is written");
    }
    let out = factmark(&[
        &"new",
        &dir.path().join("missing.txt"),
        &"-o",
        &dir.path().join("m.json"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.txt"));
    let out = factmark(&[
        &"new",
        &repo_path("sample_projects/nso-blacklist-appeal.txt"),
        &"-o",
        &dir.path().join("x.json"),
        &"--language",
        &"English",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("BCP 47"));
    // A project where an article belongs: as the article of `new` and of `reanchor`.
    let out = factmark(&[
        &"new",
        &sample_project_path(),
        &"-o",
        &dir.path().join("p.json"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is a Factmark project, not an article"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("p.json").exists());
    let out = factmark(&[
        &"reanchor",
        &sample_project_path(),
        &sample_project_path(),
        &"-o",
        &dir.path().join("r.json"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is a Factmark project, not an article"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("r.json").exists());
    // -o naming a folder, and a title with a line break in it.
    let out = factmark(&[
        &"new",
        &repo_path("sample_projects/nso-blacklist-appeal.txt"),
        &"-o",
        &dir.path(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
    let titled = dir.path().join("t.factmark.json");
    let out = factmark(&[
        &"new",
        &repo_path("sample_projects/nso-blacklist-appeal.txt"),
        &"-o",
        &titled,
        &"--title",
        &"Line one\nline two",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        load_project(&titled).unwrap().article().metadata.title,
        "Line one line two"
    );
}

#[test]
fn export_json_is_the_canonical_file() {
    let project = load_project(&sample_project_path()).unwrap();
    let out = factmark(&[&"export", &sample_project_path(), &"--format", &"json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, project_to_json(&project));

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    let out = factmark(&[
        &"export",
        &sample_project_path(),
        &"--format",
        &"json",
        &"-o",
        &target,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read(&target).unwrap(), project_to_json(&project));

    let out = factmark(&[
        &"export",
        &dir.path().join("nope.json"),
        &"--format",
        &"json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: ") && stderr(&out).contains("nope.json"));
}

#[test]
fn no_input_makes_it_panic() {
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("binary", (0..=255u8).cycle().take(4096).collect()),
        ("array", b"[]".to_vec()),
        ("null", b"null".to_vec()),
        ("deep", "{\"a\":".repeat(50_000).into_bytes()),
        (
            "numbers",
            br#"{"format":"factmark-project","version":18446744073709551616}"#.to_vec(),
        ),
        (
            "truncated",
            std::fs::read(sample_project_path()).unwrap()[..1000].to_vec(),
        ),
    ];
    for (name, bytes) in inputs {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, &bytes).unwrap();
        for args in [vec!["check"], vec!["export", "--format", "json"]] {
            let mut full: Vec<&dyn AsRef<std::ffi::OsStr>> = args
                .iter()
                .map(|a| a as &dyn AsRef<std::ffi::OsStr>)
                .collect();
            full.insert(1, &path);
            let out = factmark(&full);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{name} {args:?}: {}",
                stderr(&out)
            );
            assert!(
                stderr(&out).starts_with("error: "),
                "{name}: {}",
                stderr(&out)
            );
            assert!(!stderr(&out).contains("panicked"), "{name}");
        }
    }
    assert!(Path::new(env!("CARGO_BIN_EXE_factmark")).exists());
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    // `factmark check *.json | head -1`: the pipe closes while check is still printing.
    let sample = sample_project_path();
    let mut child = Command::new(env!("CARGO_BIN_EXE_factmark"))
        .arg("check")
        .args(std::iter::repeat_n(&sample, 300))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn every_line_of_a_many_problem_error_starts_with_error() {
    let dir = tempfile::tempdir().unwrap();
    // A text edited by hand and no checksum to tell: the problems are listed one per line.
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample_project_path()).unwrap()).unwrap();
    let text = json["article"]["text"]
        .as_str()
        .unwrap()
        .replacen("Israeli", "Israelis", 3);
    json["article"]["text"] = text.into();
    json["article"]
        .as_object_mut()
        .unwrap()
        .remove("text_sha256");
    let path = dir.path().join("edited.factmark.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    let out = factmark(&[&"export", &path, &"--format", &"csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.lines().count() > 1, "{err}");
    for line in err.lines() {
        assert!(line.starts_with("error: "), "{line:?} in\n{err}");
    }
}

#[test]
fn check_warns_about_a_span_that_cuts_a_flag_in_half() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Flags 🇺🇦🇫🇷 were raised.";
    let mut project = common::project_with_text(text);
    common::tag(&mut project, factmark::model::Kind::Claim, "were raised");
    let path = dir.path().join("flags.factmark.json");
    factmark::project_file::save_project(&project, &path).unwrap();
    // Hand-edit a second annotation over "Flags 🇺" (half of the first flag).
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let mut cut = json["annotations"][0].clone();
    cut["id"] = "cut".into();
    cut["start"] = 0.into();
    cut["end"] = 7.into();
    cut["quote"] = "Flags \u{1F1FA}".into();
    cut["prefix"] = "".into();
    cut["suffix"] = "".into();
    json["annotations"].as_array_mut().unwrap().insert(0, cut);
    std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();

    let out = factmark(&[&"check", &path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "still exact, so still valid: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("warning:")
            && err.contains("annotation \"cut\", field `end`: 7 splits the character")
            && err.contains("(code points 6..8)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// Today's date as `new` and the app's import preview fill it in; read before and after a
/// run, so a run across midnight still matches one of them.
fn today() -> String {
    factmark::model::timestamp::now()[..10].to_string()
}

#[test]
fn new_fills_in_the_retrieved_date_as_the_app_does() {
    let dir = tempfile::tempdir().unwrap();
    let article = repo_path("sample_projects/nso-blacklist-appeal.txt");
    // No date given: today, as the app's import preview says.
    let out_path = dir.path().join("today.factmark.json");
    let before = today();
    let out = factmark(&[&"new", &article, &"-o", &out_path]);
    let after = today();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let retrieved = load_project(&out_path)
        .unwrap()
        .article()
        .metadata
        .retrieved
        .clone()
        .expect("a retrieved date");
    assert!(
        retrieved == before || retrieved == after,
        "{retrieved} is not today"
    );

    // --retrieved sets it.
    let given = dir.path().join("given.factmark.json");
    let out = factmark(&[
        &"new",
        &article,
        &"-o",
        &given,
        &"--retrieved",
        &"2026-11-20",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        load_project(&given)
            .unwrap()
            .article()
            .metadata
            .retrieved
            .as_deref(),
        Some("2026-11-20")
    );

    // Not a date: refused, naming the option, and nothing is written.
    for bad in ["yesterday", "2026-13-01", "20/11/2026"] {
        let bad_path = dir.path().join("bad.factmark.json");
        let out = factmark(&[&"new", &article, &"-o", &bad_path, &"--retrieved", &bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        let err = stderr(&out);
        assert!(
            err.starts_with("error: --retrieved")
                && err.contains(bad)
                && err.contains("YYYY-MM-DD"),
            "{bad}: {err}"
        );
        assert!(!bad_path.exists(), "{bad}");
    }
}

#[test]
fn new_has_an_option_for_every_detail_the_app_asks_for() {
    // The app's import preview asks for title, URL, outlet, author, published, retrieved and
    // language; `new` takes each.
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("all.factmark.json");
    let out = factmark(&[
        &"new",
        &repo_path("sample_projects/nso-blacklist-appeal.txt"),
        &"-o",
        &out_path,
        &"--title",
        &"T",
        &"--url",
        &"https://example.org/a",
        &"--outlet",
        &"Example News",
        &"--author",
        &"A. Writer",
        &"--published",
        &"2026-11-01",
        &"--retrieved",
        &"2026-11-02T08:00:00Z",
        &"--language",
        &"en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = load_project(&out_path).unwrap();
    let m = &project.article().metadata;
    assert_eq!(m.title, "T");
    assert_eq!(m.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(m.outlet.as_deref(), Some("Example News"));
    assert_eq!(m.author.as_deref(), Some("A. Writer"));
    assert_eq!(m.published.as_deref(), Some("2026-11-01"));
    assert_eq!(m.retrieved.as_deref(), Some("2026-11-02T08:00:00Z"));
    assert_eq!(m.language.as_deref(), Some("en"));
}

#[test]
fn new_counts_paragraphs_as_the_app_preview_does() {
    // Blank lines separate paragraphs; they are not paragraphs themselves.
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("spaced.txt");
    std::fs::write(&article, "First one.\n\nSecond one.\n\n\n   \nThird one.\n").unwrap();
    let out_path = dir.path().join("spaced.factmark.json");
    let out = factmark(&[&"new", &article, &"-o", &out_path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = load_project(&out_path)
        .unwrap()
        .article()
        .text
        .as_str()
        .to_string();
    assert_eq!(factmark::import::count_paragraphs(&text), 3);
    assert!(stdout(&out).contains(", 3 paragraphs)"), "{}", stdout(&out));
}

/// A project saved with annotations set aside for repair is not complete: `check` fails and
/// names each problem, and an export says what it leaves out.
#[test]
fn check_and_export_speak_up_about_annotations_set_aside_for_repair() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repair.factmark.json");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample_project_path()).unwrap()).unwrap();
    value["annotations"][1]["verdict"] = "mostly-truthy".into();
    std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
    let project = factmark::project_file::load_project(&path)
        .unwrap_err()
        .into_repairable()
        .unwrap()
        .open_with_problems_set_aside();
    factmark::project_file::save_project(&project, &path).unwrap();

    let out = factmark(&[&"check", &path]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("set aside for repair: needs-repair annotation #1"),
        "{err}"
    );
    assert!(err.contains("mostly-truthy"), "{err}");

    let report = dir.path().join("report.html");
    let out = factmark(&[&"export", &path, &"--format", &"html", &"-o", &report]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 annotation set aside for repair"),
        "{}",
        stderr(&out)
    );
}
