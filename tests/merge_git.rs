//! `factmark merge` as a process: exit codes, conflicts on stderr, nothing written on bad
//! input, and a real `git merge` with the merge driver.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{project_with_text, tag};
use factmark::model::{Kind, Project, Verdict};
use factmark::project_file::{load_project, save_project};

const TEXT: &str = "The minister said unemployment fell to 4 percent last year.\n\
    Officials at the statistics office confirmed the figure on Tuesday.\n\
    The opposition claimed the budget deficit doubled since 2020.";
const LATER: &str = "2026-11-27T10:00:00Z";

fn factmark(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factmark"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the factmark binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn base() -> (Project, String, String) {
    let mut p = project_with_text(TEXT);
    let c1 = tag(&mut p, Kind::Claim, "unemployment fell to 4 percent");
    let c2 = tag(&mut p, Kind::Claim, "the budget deficit doubled since 2020");
    (p, c1, c2)
}

fn set_verdict(p: &mut Project, id: &str, v: Verdict) {
    let edit = p.edit_set_verdict(id, Some(v), LATER).unwrap();
    p.apply(&edit).unwrap();
}

fn set_note(p: &mut Project, id: &str, note: &str) {
    let edit = p.edit_set_note(id, note, LATER).unwrap();
    p.apply(&edit).unwrap();
}

/// Write base, ours and theirs into `dir`.
fn write_three(dir: &Path, base: &Project, ours: &Project, theirs: &Project) -> [PathBuf; 3] {
    let paths = ["base", "ours", "theirs"].map(|n| dir.join(format!("{n}.factmark.json")));
    for (p, path) in [base, ours, theirs].into_iter().zip(&paths) {
        save_project(p, path).unwrap();
    }
    paths
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_clean_merge_exits_0_and_writes_a_project_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let (base, c1, c2) = base();
    let mut ours = base.clone();
    set_verdict(&mut ours, &c1, Verdict::False);
    let mut theirs = base.clone();
    set_note(&mut theirs, &c2, "Budget office figures.");
    let [b, o, t] = write_three(dir.path(), &base, &ours, &theirs);
    let out_path = dir.path().join("merged.factmark.json");
    let out = factmark(
        dir.path(),
        &["merge", s(&b), s(&o), s(&t), "-o", s(&out_path)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("merged 2 annotations: clean"));
    let merged = load_project(&out_path).unwrap();
    assert_eq!(merged.find(&c1).unwrap().verdict, Some(Verdict::False));
    assert_eq!(merged.find(&c2).unwrap().note, "Budget office figures.");
    let check = factmark(dir.path(), &["check", s(&out_path)]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn conflicts_exit_1_list_each_on_stderr_and_still_write_out() {
    let dir = tempfile::tempdir().unwrap();
    let (base, c1, c2) = base();
    let mut ours = base.clone();
    set_verdict(&mut ours, &c1, Verdict::False);
    set_note(&mut ours, &c2, "ours");
    let mut theirs = base.clone();
    set_verdict(&mut theirs, &c1, Verdict::True);
    set_note(&mut theirs, &c2, "theirs");
    let [b, o, t] = write_three(dir.path(), &base, &ours, &theirs);
    let out_path = dir.path().join("merged.factmark.json");
    let out = factmark(
        dir.path(),
        &["merge", s(&b), s(&o), s(&t), "-o", s(&out_path)],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("conflict: annotation {c1:?}, field `verdict`")),
        "{err}"
    );
    assert!(
        err.contains(&format!("conflict: annotation {c2:?}, field `note`")),
        "{err}"
    );
    assert!(!err.contains("error:"), "{err}");
    let merged = load_project(&out_path).unwrap();
    assert_eq!(merged.conflicts().len(), 2);
    assert_eq!(merged.find(&c1).unwrap().verdict, Some(Verdict::False));
    let check = factmark(dir.path(), &["check", s(&out_path)]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn bad_input_is_an_error_naming_the_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (base, c1, _) = base();
    let mut ours = base.clone();
    set_verdict(&mut ours, &c1, Verdict::False);
    let [b, o, t] = write_three(dir.path(), &base, &ours, &base);
    let out_path = dir.path().join("merged.factmark.json");
    let run = |b: &Path, o: &Path, t: &Path, out: &Path| {
        factmark(dir.path(), &["merge", s(b), s(o), s(t), "-o", s(out)])
    };

    // A broken file.
    let broken = dir.path().join("broken.factmark.json");
    std::fs::write(&broken, "{\"format\": \"factmark-project\", ").unwrap();
    let out = run(&b, &o, &broken, &out_path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("error: {}", broken.display())),
        "{err}"
    );
    assert!(
        err.contains("(THEIRS)") && err.contains("nothing was merged"),
        "{err}"
    );
    assert!(!out_path.exists());

    // A different article.
    let other = dir.path().join("other.factmark.json");
    save_project(&project_with_text("Another article entirely."), &other).unwrap();
    let out = run(&b, &o, &other, &out_path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "error: {}: THEIRS is a different article",
            other.display()
        )),
        "{err}"
    );
    assert!(!out_path.exists());

    // BASE and OURS swapped: the base is newer than ours. OUT = OURS is left as it was.
    let mut newer = base.clone();
    let update = factmark::reanchor::update_article_text(
        &newer,
        &format!("{TEXT}\nMore."),
        newer.article().metadata.clone(),
        LATER,
    );
    newer.apply(&update.edit).unwrap();
    save_project(&newer, &t).unwrap();
    let before = std::fs::read(&b).unwrap();
    let out = run(&t, &b, &t, &b);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("BASE is not an ancestor of OURS"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&b).unwrap(), before);

    // An OUT that exists and is not an input needs --force.
    std::fs::write(&out_path, "keep me").unwrap();
    let out = run(&b, &o, &b, &out_path);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), "keep me");
}

#[test]
fn out_may_be_ours_and_leaves_no_backup_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let (base, c1, c2) = base();
    let mut ours = base.clone();
    set_verdict(&mut ours, &c1, Verdict::False);
    let mut theirs = base.clone();
    set_note(&mut theirs, &c2, "theirs");
    let [b, o, t] = write_three(dir.path(), &base, &ours, &theirs);
    let out = factmark(dir.path(), &["merge", s(&b), s(&o), s(&t), "-o", s(&o)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let merged = load_project(&o).unwrap();
    assert_eq!(merged.find(&c2).unwrap().note, "theirs");
    assert_eq!(merged.find(&c1).unwrap().verdict, Some(Verdict::False));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("bak") || n.contains("tmp")),
        "{names:?}"
    );
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

/// A repository with the merge driver set up as the README says, a base commit, and two
/// branches that edit the project.
fn repo_with_branches(ours: &Project, theirs: &Project, base: &Project) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_ok(root, &["init", "-q", "-b", "main"]);
    let driver = format!("{} merge %O %A %B -o %A", env!("CARGO_BIN_EXE_factmark"));
    git_ok(root, &["config", "merge.factmark.driver", &driver]);
    git_ok(
        root,
        &["config", "merge.factmark.name", "Factmark project merge"],
    );
    std::fs::write(
        root.join(".gitattributes"),
        "*.factmark.json merge=factmark\n",
    )
    .unwrap();
    // save_project keeps the previous file as .bak; this repository does not track those.
    std::fs::write(root.join(".gitignore"), "*.bak\n").unwrap();
    let file = root.join("article.factmark.json");
    save_project(base, &file).unwrap();
    git_ok(root, &["add", "."]);
    git_ok(root, &["commit", "-q", "-m", "base"]);
    git_ok(root, &["checkout", "-q", "-b", "theirs"]);
    save_project(theirs, &file).unwrap();
    git_ok(root, &["commit", "-q", "-am", "their checks"]);
    git_ok(root, &["checkout", "-q", "main"]);
    save_project(ours, &file).unwrap();
    git_ok(root, &["commit", "-q", "-am", "our checks"]);
    dir
}

#[test]
fn a_real_git_merge_uses_the_driver() {
    let (base, c1, c2) = base();
    let mut ours = base.clone();
    set_verdict(&mut ours, &c1, Verdict::False);
    let mut theirs = base.clone();
    set_note(&mut theirs, &c2, "Their note.");
    let added = tag(
        &mut theirs,
        Kind::Source,
        "Officials at the statistics office",
    );
    let dir = repo_with_branches(&ours, &theirs, &base);
    let root = dir.path();
    let out = git(root, &["merge", "--no-edit", "theirs"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
    // The driver ran (its report is in git's output), not git's line merge.
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(said.contains("merged 3 annotations: clean"), "{said}");
    let merged = load_project(&root.join("article.factmark.json")).unwrap();
    assert_eq!(merged.find(&c1).unwrap().verdict, Some(Verdict::False));
    assert_eq!(merged.find(&c2).unwrap().note, "Their note.");
    assert!(merged.find(&added).is_some());
    assert!(merged.conflicts().is_empty());
    // Committed, and nothing left over in the work tree.
    let status = git(root, &["status", "--porcelain"]);
    assert_eq!(String::from_utf8_lossy(&status.stdout).trim(), "");
}

#[test]
fn a_git_merge_with_conflicts_stops_and_keeps_both_values_in_the_file() {
    let (base, c1, _) = base();
    let mut ours = base.clone();
    set_verdict(&mut ours, &c1, Verdict::False);
    let mut theirs = base.clone();
    set_verdict(&mut theirs, &c1, Verdict::MostlyTrue);
    let dir = repo_with_branches(&ours, &theirs, &base);
    let root = dir.path();
    let out = git(root, &["merge", "--no-edit", "theirs"]);
    assert!(!out.status.success(), "git reports the conflict");
    let file = root.join("article.factmark.json");
    let merged = load_project(&file).unwrap();
    assert_eq!(merged.find(&c1).unwrap().verdict, Some(Verdict::False));
    let c = &merged.conflicts()[0];
    assert_eq!(
        (c.field.as_str(), c.annotation.as_deref()),
        ("verdict", Some(c1.as_str()))
    );
    assert_eq!(c.theirs, serde_json::json!("mostly-true"));
    // No conflict markers: the file is a project, and passes check.
    let check = factmark(root, &["check", s(&file)]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}
