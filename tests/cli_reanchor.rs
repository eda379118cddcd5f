//! `factmark new` with web pages and Markdown, and `factmark reanchor`, run as a process.

mod common;

use std::process::{Command, Output};

use common::{repo_path, sample_project_path};
use factmark::project_file::load_project;

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
fn new_accepts_web_pages_and_markdown_with_their_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let page = repo_path("tests/fixtures/import/news-site.html");
    let out_path = dir.path().join("page.factmark.json");
    let out = factmark(&[&"new", &page, &"-o", &out_path, &"--author", &"Desk"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = load_project(&out_path).unwrap();
    let meta = &project.article().metadata;
    assert_eq!(
        meta.title,
        "Port dredging contract went to minister’s cousin, records show"
    );
    assert_eq!(meta.outlet.as_deref(), Some("The Harbour Gazette"));
    assert_eq!(meta.language.as_deref(), Some("en-GB"));
    assert_eq!(
        meta.author.as_deref(),
        Some("Desk"),
        "the option wins over the page"
    );
    assert!(
        project
            .article()
            .text
            .as_str()
            .starts_with("Port dredging contract")
    );

    let md = repo_path("tests/fixtures/import/fact-check.md");
    let md_out = dir.path().join("md.factmark.json");
    let out = factmark(&[&"new", &md, &"-o", &md_out]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !load_project(&md_out)
            .unwrap()
            .article()
            .text
            .as_str()
            .contains("**")
    );

    let pdf = dir.path().join("scan.pdf");
    std::fs::write(&pdf, b"%PDF-1.5\n").unwrap();
    let out = factmark(&[&"new", &pdf, &"-o", &dir.path().join("pdf.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: ") && stderr(&out).contains("PDF"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn reanchor_to_a_newer_version_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let text = load_project(&sample_project_path())
        .unwrap()
        .article()
        .text
        .as_str()
        .to_string();
    let lede = text.lines().nth(1).unwrap().to_string();
    let newer = text.replace(&format!("{lede}\n"), "").replace(
        "a senior Israeli official told Axios",
        "a senior Israeli official told the news site Axios",
    );
    let article = dir.path().join("newer.txt");
    std::fs::write(&article, newer).unwrap();
    let out_path = dir.path().join("updated.factmark.json");
    let out = factmark(&[
        &"reanchor",
        &sample_project_path(),
        &article,
        &"-o",
        &out_path,
        &"--retrieved",
        &"2026-12-03",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = stdout(&out);
    assert!(
        summary.contains("re-anchored 22 annotations")
            && summary.contains("19 kept, 0 moved, 1 changed wording, 2 need review"),
        "{summary}"
    );
    assert!(summary.contains("needs review    c-lede"), "{summary}");
    assert!(summary.contains("changed wording s-axios"), "{summary}");
    let project = load_project(&out_path).unwrap();
    assert_eq!(project.needs_review().len(), 2);
    assert_eq!(project.revisions().len(), 1);
    // The project changed now, and says so (its report shows "last modified").
    let original = load_project(&sample_project_path()).unwrap();
    assert!(
        project.modified > original.modified && project.modified >= project.revisions()[0].replaced,
        "modified {} (was {})",
        project.modified,
        original.modified
    );
    assert_eq!(
        project.article().metadata.retrieved.as_deref(),
        Some("2026-12-03")
    );
    // The title the fact-checker had is kept.
    assert_eq!(
        project.article().metadata.title,
        "'Israel' pushing US to remove NSO from blacklist"
    );

    // Writing over another file needs --force; over the project itself it keeps a .bak.
    let out = factmark(&[
        &"reanchor",
        &out_path,
        &article,
        &"-o",
        &sample_project_path(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    let out = factmark(&[&"reanchor", &out_path, &article, &"-o", &out_path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("the text is unchanged"),
        "{}",
        stdout(&out)
    );
    assert!(dir.path().join("updated.factmark.json.bak").exists());
}

#[test]
fn reanchor_recovers_a_hand_edited_project_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample_project_path()).unwrap()).unwrap();
    let text = value["article"]["text"]
        .as_str()
        .unwrap()
        .replace("Initially", "At first");
    value["article"]["text"] = serde_json::json!(text);
    let edited = dir.path().join("edited.factmark.json");
    std::fs::write(&edited, serde_json::to_vec_pretty(&value).unwrap()).unwrap();

    // check names the problem and how to recover.
    let out = factmark(&[&"check", &edited]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("factmark reanchor"),
        "{}",
        stderr(&out)
    );
    // With a newer article too, it asks for the hand edit to be re-anchored first.
    let out = factmark(&[
        &"reanchor",
        &edited,
        &repo_path("sample_projects/nso-blacklist-appeal.txt"),
        &"-o",
        &dir.path().join("x.json"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("edited outside Factmark"),
        "{}",
        stderr(&out)
    );

    let fixed = dir.path().join("fixed.factmark.json");
    let out = factmark(&[&"reanchor", &edited, &"-o", &fixed]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("to the edited text: 22 kept"),
        "{}",
        stdout(&out)
    );
    let out = factmark(&[&"check", &fixed]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // A sound project with no newer article: nothing to do.
    let out = factmark(&[&"reanchor", &fixed, &"-o", &dir.path().join("y.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: ") && stderr(&out).contains("give the newer version"));
    // Bad input: a missing project, an unreadable article, a bad date, missing -o.
    for (args, expected) in [
        (
            vec!["reanchor", "/no/such.factmark.json", "-o", "z.json"],
            "cannot read",
        ),
        (
            vec!["reanchor", "FIXED", "/no/such.txt", "-o", "OUT"],
            "cannot read the article",
        ),
        (
            vec![
                "reanchor",
                "FIXED",
                "ARTICLE",
                "-o",
                "OUT",
                "--retrieved",
                "soon",
            ],
            "--retrieved",
        ),
    ] {
        let out_file = dir.path().join("out.json");
        let article = repo_path("sample_projects/nso-blacklist-appeal.txt");
        let args: Vec<std::ffi::OsString> = args
            .iter()
            .map(|a| match *a {
                "FIXED" => fixed.clone().into_os_string(),
                "OUT" => out_file.clone().into_os_string(),
                "ARTICLE" => article.clone().into_os_string(),
                other => other.into(),
            })
            .collect();
        let refs: Vec<&dyn AsRef<std::ffi::OsStr>> = args.iter().map(|a| a as _).collect();
        let out = factmark(&refs);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).starts_with("error: ") && stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!out_file.exists());
    }
    assert_eq!(
        factmark(&[&"reanchor", &fixed]).status.code(),
        Some(2),
        "missing -o"
    );
}
