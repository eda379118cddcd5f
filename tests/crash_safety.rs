//! Saves survive being killed at any moment: a child process saves a large project over an
//! existing one in a loop and is killed (SIGKILL on Unix, TerminateProcess on Windows) at
//! random moments, 200 times. After every kill the file must be exactly the old or the new
//! version, and temporary files must not pile up.
//!
//! The child is this same test binary, started with `FACTMARK_SAVE_LOOP` set: see
//! `save_loop_child`.

mod common;

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use factmark::atomic_file::{backup_path, temp_path, write_atomically};
use factmark::model::{Edit, Kind};
use factmark::project_file::{parse_project, project_to_json};
use factmark::synthetic::{Rng, project};

const KILLS: usize = 200;
const CHILD_ENV: &str = "FACTMARK_SAVE_LOOP";
const READY: &str = "FACTMARK-SAVE-LOOP-READY";
const SAVED: &str = "FACTMARK-SAVE-LOOP-SAVED";

/// Two versions of a 2 MB / 10,000-annotation project (B has one more claim).
fn versions(dir: &Path) -> (PathBuf, PathBuf) {
    let a = project(2 * 1024 * 1024, 10_000, 1);
    let mut b = a.clone();
    let extra = b
        .make_annotation(
            Kind::Claim,
            10..60,
            Some("kill test".into()),
            "2026-11-26T10:00:00Z",
        )
        .unwrap();
    b.apply(&Edit::Add(extra)).unwrap();
    let (pa, pb) = (dir.join("a.json"), dir.join("b.json"));
    std::fs::write(&pa, project_to_json(&a)).unwrap();
    std::fs::write(&pb, project_to_json(&b)).unwrap();
    (pa, pb)
}

/// Not a test on its own: the save loop the parent kills. Without the environment variable
/// it returns at once.
#[test]
fn save_loop_child() {
    let Some(spec) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let spec = PathBuf::from(spec);
    let dir = spec.parent().unwrap();
    let target = std::fs::read_to_string(&spec).unwrap();
    let a = std::fs::read(dir.join("a.json")).unwrap();
    let b = std::fs::read(dir.join("b.json")).unwrap();
    let mut stdout = std::io::stdout().lock();
    use std::io::Write as _;
    // libtest may print its own "test … " prefix on the same line, so markers are matched
    // anywhere in a line.
    writeln!(stdout, "{READY}").unwrap();
    stdout.flush().unwrap();
    for i in 0.. {
        // Exactly what saving a project does once it is serialized.
        let bytes = if i % 2 == 0 { &b } else { &a };
        write_atomically(Path::new(target.trim()), bytes, true).unwrap();
        writeln!(stdout, "{SAVED} {i}").unwrap();
        stdout.flush().unwrap();
    }
}

#[test]
fn killing_a_save_at_random_moments_never_damages_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = versions(dir.path());
    let a = std::fs::read(&pa).unwrap();
    let b = std::fs::read(&pb).unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let target = work.join("project.factmark.json");
    std::fs::write(&target, &a).unwrap();
    let spec = dir.path().join("spec.txt");
    std::fs::write(&spec, target.display().to_string()).unwrap();

    // How long one save takes here, to spread the kills over every phase of it.
    let start = Instant::now();
    write_atomically(&target, &a, true).unwrap();
    let save_time = start.elapsed().max(Duration::from_millis(2));

    let mut rng = Rng::new(2026);
    let mut outcomes = [0usize; 2]; // file was A, file was B
    let mut mid_save_kills = 0;
    for kill in 0..KILLS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "save_loop_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Wait until the child is in its loop, then let it run for a random fraction of a
        // few saves before killing it.
        while let Some(Ok(line)) = lines.next() {
            if line.contains(READY) {
                break;
            }
        }
        let wait = save_time.mul_f64(rng.range(0, 3000) as f64 / 1000.0);
        std::thread::sleep(wait);
        child.kill().unwrap();
        child.wait().unwrap();
        let completed = lines
            .map_while(Result::ok)
            .filter(|l| l.contains(SAVED))
            .count();
        if completed == 0 {
            mid_save_kills += 1;
        }

        let on_disk = std::fs::read(&target)
            .unwrap_or_else(|e| panic!("kill {kill}: the project is gone: {e}"));
        if on_disk == a {
            outcomes[0] += 1;
        } else if on_disk == b {
            outcomes[1] += 1;
        } else {
            panic!(
                "kill {kill}: the project is neither version ({} bytes)",
                on_disk.len()
            );
        }
        parse_project(&on_disk).unwrap_or_else(|e| panic!("kill {kill}: does not load: {e}"));
        // The backup, when there is one, is a whole version too.
        if let Ok(bak) = std::fs::read(backup_path(&target)) {
            assert!(bak == a || bak == b, "kill {kill}: the .bak is damaged");
        }
        // Nothing piles up: at most the project, its .bak and the one reusable temp file.
        let names: Vec<String> = std::fs::read_dir(&work)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.len() <= 3, "kill {kill}: {names:?}");
        for name in &names {
            let path = work.join(name);
            assert!(
                path == target || path == backup_path(&target) || path == temp_path(&target),
                "kill {kill}: stray file {name}"
            );
        }
    }
    // A normal save afterwards cleans up whatever the last kill left.
    write_atomically(&target, &a, true).unwrap();
    assert!(!temp_path(&target).exists());
    println!(
        "{KILLS} kills: file was the old version {} times, the new {} times; {mid_save_kills} kills came before the first save finished; one save takes {save_time:?}",
        outcomes[0], outcomes[1]
    );
    assert_eq!(outcomes[0] + outcomes[1], KILLS);
    assert!(
        outcomes[0] > 0 && outcomes[1] > 0,
        "the kills did not land during saves: {outcomes:?}"
    );
}
