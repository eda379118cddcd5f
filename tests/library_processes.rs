//! The library shared by processes, as the app and the command line share it: two writers
//! at once, searches while another process writes, and a writer killed in the middle of an
//! add. The library must always open whole, holding either the last complete add or the
//! one before it, never part of one.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use factmark::library::Library;
use serde_json::json;

/// A DataFeed of `count` distinct ClaimReviews whose claims all contain `marker`.
fn write_feed(path: &Path, marker: &str, count: usize) {
    let items: Vec<_> = (0..count)
        .map(|i| {
            json!({"@type": "DataFeedItem", "item": {
                "@type": "ClaimReview",
                "url": format!("https://check.example.org/{marker}/{i}"),
                "claimReviewed": format!("The {marker} council spent {i} thousand dollars on item number {i} of its budget."),
                "author": {"@type": "Organization", "name": "Checkdesk"},
                "reviewRating": {"@type": "Rating", "alternateName": "False"}
            }})
        })
        .collect();
    let feed = json!({"@type": "DataFeed", "dataFeedElement": items});
    std::fs::write(path, serde_json::to_vec(&feed).unwrap()).unwrap();
}

fn cli_add(lib: &Path, source: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_factmark"))
        .args(["library", "add", "--library"])
        .arg(lib)
        .arg(source)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("factmark starts")
}

fn open(lib: &Path) -> Library {
    let opened = Library::open(lib).expect("library opens");
    assert!(opened.notices.is_empty(), "{:?}", opened.notices);
    opened.library
}

#[test]
fn the_app_and_the_command_line_write_and_search_at_the_same_time() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let (feed_a, feed_b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    write_feed(&feed_a, "Riverton", 3_000);
    write_feed(&feed_b, "Lakeside", 2_000);
    // The "app": a handle held open for the whole test.
    let mut app = open(&lib);
    let child = cli_add(&lib, &feed_a);
    // While the other process adds, this one adds too and keeps searching.
    app.add_path(&feed_b)
        .expect("the app's add waits its turn and goes in");
    let mut searches = 0;
    let started = Instant::now();
    let mut child = child;
    loop {
        let found = app
            .search(
                "the Lakeside council spent 12 thousand dollars on item 12",
                5,
            )
            .expect("search while another process writes");
        assert!(!found.is_empty());
        searches += 1;
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "add never ended"
        );
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(searches >= 1);
    // Both adds are there, whole, seen by the open handle and by a new one.
    assert_eq!(app.sources().unwrap().len(), 2);
    let found = app
        .search(
            "The Riverton council spent 2999 thousand dollars on item number 2999 of its budget.",
            5,
        )
        .unwrap();
    assert!(
        found
            .iter()
            .any(|m| m.entry.claim.contains("item number 2999 ")),
        "{found:?}"
    );
    assert_eq!(open(&lib).len(), 5_000);
}

#[test]
fn a_writer_killed_in_the_middle_of_an_add_leaves_the_library_whole() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let first = dir.path().join("first.json");
    write_feed(&first, "Riverton", 500);
    open(&lib).add_path(&first).unwrap();

    // A big folder, so that the add is still running when it is killed.
    let folder = dir.path().join("many");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..20 {
        write_feed(
            &folder.join(format!("feed-{i}.json")),
            &format!("Town{i}"),
            5_000,
        );
    }
    let mut outcomes = Vec::new();
    for delay_ms in [50, 300, 900] {
        let mut child = cli_add(&lib, &folder);
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        // Whole whichever way it went: the first feed, plus all of the folder or none.
        let library = open(&lib);
        let len = library.len();
        assert!(
            len == 500 || len == 500 + 100_000,
            "after a kill at {delay_ms} ms ({status}): {len} entries"
        );
        let sources = library.sources().unwrap().len();
        assert_eq!(sources, if len == 500 { 1 } else { 21 });
        assert!(
            !library
                .search(
                    "the Riverton council spent 42 thousand dollars on item 42",
                    3
                )
                .unwrap()
                .is_empty()
        );
        outcomes.push(len);
    }
    // At least one kill landed mid-add (the folder takes seconds to add on any machine
    // this runs on), so the test exercised what it claims to.
    assert!(outcomes.contains(&500), "{outcomes:?}");
    // And the library still takes writes afterwards.
    let mut library = open(&lib);
    let report = library.add_path(&folder.join("feed-0.json")).unwrap();
    assert_eq!(report.added, 5_000);
}
