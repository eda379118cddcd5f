//! The claim library: ingest of projects and ClaimReview JSON-LD, re-adds, removal,
//! rebuilds, corrupt libraries, hostile feeds, and the `factmark library` command line.

use std::path::{Path, PathBuf};

use factmark::library::{EntrySource, Library, Tier};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/library")
        .join(name)
}

fn open(dir: &Path) -> Library {
    let opened = Library::open(dir).expect("library opens");
    assert!(opened.notices.is_empty(), "{:?}", opened.notices);
    opened.library
}

#[test]
fn a_single_claim_review_goes_in_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = open(dir.path());
    let report = library.add_path(&fixture("single.json")).unwrap();
    assert_eq!((report.added, report.sources), (1, 1), "{report:?}");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let found = library
        .search("bus fares in Riverton have doubled since 2020", 5)
        .unwrap();
    assert_eq!(found.len(), 1);
    let m = &found[0];
    assert_eq!(m.tier, Tier::Likely);
    assert_eq!(
        m.entry.claim,
        "Bus fares in Riverton have doubled since 2020."
    );
    assert_eq!(m.entry.verdict.as_deref(), Some("False"));
    assert_eq!(m.entry.org.as_deref(), Some("Checkdesk"));
    assert_eq!(m.entry.claimant.as_deref(), Some("Dana Whitfield"));
    assert_eq!(m.entry.date.as_deref(), Some("2025-04-11"));
    assert_eq!(
        m.entry.url.as_deref(),
        Some("https://checkdesk.example.org/2025/04/bus-fares-doubled/")
    );
    assert!(matches!(&m.entry.source, EntrySource::Feed { .. }));
}

fn claims(library: &Library, query: &str) -> Vec<String> {
    library
        .search(query, 10)
        .unwrap()
        .into_iter()
        .map(|m| m.entry.claim)
        .collect()
}

#[test]
fn an_array_of_reviews_goes_in_with_names_and_ratings_in_any_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = open(dir.path());
    let report = library.add_path(&fixture("array.json")).unwrap();
    assert_eq!(report.added, 2, "{report:?}");
    let m = &library
        .search("hospital waiting lists in the region have halved", 1)
        .unwrap()[0];
    assert_eq!(m.entry.verdict.as_deref(), Some("Mostly false"));
    assert_eq!(m.entry.org.as_deref(), Some("Verifica Norte"));
    assert_eq!(m.entry.claimant.as_deref(), Some("Regional Health Board"));
    // No alternateName: the rating as a number; author as a plain string.
    let m = &library
        .search("free school meals cost every household 300 euros", 1)
        .unwrap()[0];
    assert_eq!(m.entry.verdict.as_deref(), Some("1/5"));
    assert_eq!(m.entry.org.as_deref(), Some("Verifica Norte"));
}

#[test]
fn a_graph_review_resolves_its_author_reference_and_takes_its_headline() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = open(dir.path());
    let report = library.add_path(&fixture("graph.jsonld")).unwrap();
    assert_eq!(report.added, 1, "{report:?}");
    let m = &library
        .search("sewage spills into the river Avon tripled", 1)
        .unwrap()[0];
    assert_eq!(m.entry.org.as_deref(), Some("Factline"));
    assert_eq!(
        m.entry.title.as_deref(),
        Some("Sewage spills into the Avon did not triple last summer")
    );
    assert_eq!(m.entry.verdict.as_deref(), Some("Exaggerated"));
    match &m.entry.source {
        EntrySource::Feed { item, .. } => {
            assert_eq!(item, "https://factline.example.com/river-pollution/#review")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_data_feed_goes_in_whether_items_wrap_reviews_or_are_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = open(dir.path());
    let report = library.add_path(&fixture("datafeed.json")).unwrap();
    assert_eq!(report.added, 3, "{report:?}");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let m = &library
        .search("wind turbines kill more birds than cats", 1)
        .unwrap()[0];
    assert_eq!(m.entry.verdict.as_deref(), Some("Pants on Fire"));
    assert_eq!(m.entry.claimant.as_deref(), Some("Sam Ortiz"));
    match &m.entry.source {
        EntrySource::Feed { item, .. } => assert_eq!(item, "dataFeedElement[0].item[0]"),
        other => panic!("{other:?}"),
    }
}

fn sample_project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects/nso-version-2.factmark.json")
}

#[test]
fn factmarks_own_claimreview_export_goes_in_with_one_entry_per_rated_claim() {
    let project = factmark::project_file::load_project(&sample_project()).unwrap();
    let mut options = factmark::export::ExportOptions::new("nso", "2026-01-05T10:00:00Z");
    options.organization = Some("Our Desk".into());
    // This fixture's claims are not signed off; publish them all (`--all`).
    options.include_unapproved = true;
    let bytes = factmark::export::claimreview::render(&project, "Our Desk", &options);
    let rated = project
        .all_annotations()
        .filter(|a| a.verdict.is_some())
        .count();
    assert!(rated > 0);
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("export.json");
    std::fs::write(&feed, bytes).unwrap();
    let mut library = open(&dir.path().join("lib"));
    let report = library.add_path(&feed).unwrap();
    assert_eq!(report.added, rated, "{report:?}");
    let first = project
        .all_annotations()
        .find(|a| a.verdict.is_some())
        .unwrap();
    let quote = first
        .record
        .claim_checked
        .clone()
        .unwrap_or(first.quote.clone());
    let found = library.search(&quote, 3).unwrap();
    assert!(!found.is_empty(), "{quote}");
    assert_eq!(found[0].entry.org.as_deref(), Some("Our Desk"));
    assert_eq!(
        found[0].entry.verdict.as_deref(),
        Some(first.verdict.unwrap().label())
    );
}

#[test]
fn a_project_goes_in_with_every_claim_and_its_annotation_id() {
    let project = factmark::project_file::load_project(&sample_project()).unwrap();
    let claims_in_project: Vec<_> = project
        .all_annotations()
        .filter(|a| a.kind == factmark::model::Kind::Claim)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut library = open(dir.path());
    let report = library.add_path(&sample_project()).unwrap();
    assert_eq!(report.added, claims_in_project.len(), "{report:?}");
    let claim = claims_in_project[0];
    let found = library.search(&claim.quote, 5).unwrap();
    let hit = found
        .iter()
        .find(|m| {
            matches!(&m.entry.source, EntrySource::Project { annotation, .. } if *annotation == claim.id)
        })
        .unwrap_or_else(|| panic!("{} not found: {found:?}", claim.quote));
    assert_eq!(
        hit.entry.verdict.as_deref(),
        claim.verdict.map(|v| v.label())
    );
    // The app's save path: the same project from memory replaces, not duplicates.
    let report = library.add_project(&sample_project(), &project).unwrap();
    assert_eq!(report.replaced, claims_in_project.len());
    assert_eq!(library.len(), claims_in_project.len());
}

#[test]
fn adding_the_same_feed_again_changes_nothing_and_a_changed_feed_replaces_its_entries() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.json");
    std::fs::copy(fixture("datafeed.json"), &feed).unwrap();
    let mut library = open(&dir.path().join("lib"));
    library.add_path(&feed).unwrap();
    let again = library.add_path(&feed).unwrap();
    assert_eq!((again.added, again.replaced), (3, 3));
    assert_eq!(library.len(), 3);
    assert_eq!(library.sources().unwrap().len(), 1);
    // Through another spelling of the same path, too.
    let other_spelling = dir.path().join(".").join("feed.json");
    library.add_path(&other_spelling).unwrap();
    assert_eq!(library.len(), 3);

    std::fs::copy(fixture("single.json"), &feed).unwrap();
    let changed = library.add_path(&feed).unwrap();
    assert_eq!((changed.added, changed.replaced), (1, 3));
    assert_eq!(library.len(), 1);
    assert!(claims(&library, "wind turbines kill more birds than cats").is_empty());
    assert_eq!(
        claims(&library, "bus fares in Riverton have doubled"),
        ["Bus fares in Riverton have doubled since 2020."]
    );
}

#[test]
fn a_folder_goes_in_recursively_and_remove_takes_a_source_out() {
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds");
    std::fs::create_dir_all(feeds.join("2025")).unwrap();
    std::fs::copy(fixture("array.json"), feeds.join("array.json")).unwrap();
    std::fs::copy(fixture("datafeed.json"), feeds.join("2025/datafeed.json")).unwrap();
    std::fs::write(feeds.join("package.json"), r#"{"name": "not a feed"}"#).unwrap();
    let mut library = open(&dir.path().join("lib"));
    let report = library.add_path(&feeds).unwrap();
    assert_eq!((report.added, report.sources), (5, 2), "{report:?}");
    assert_eq!(library.remove(&feeds.join("array.json")).unwrap(), 2);
    assert_eq!(library.len(), 3);
    assert!(claims(&library, "hospital waiting lists in the region have halved").is_empty());
    // A folder removes everything under it.
    assert_eq!(library.remove(&feeds).unwrap(), 3);
    assert!(library.is_empty());
    assert!(library.sources().unwrap().is_empty());
}

#[test]
fn rebuild_rereads_sources_and_drops_those_that_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::copy(fixture("single.json"), &a).unwrap();
    std::fs::copy(fixture("array.json"), &b).unwrap();
    let mut library = open(&dir.path().join("lib"));
    library.add_path(&a).unwrap();
    library.add_path(&b).unwrap();
    std::fs::remove_file(&b).unwrap();
    std::fs::copy(fixture("datafeed.json"), &a).unwrap();
    let report = library.rebuild().unwrap();
    assert_eq!((report.added, report.sources), (3, 1), "{report:?}");
    assert!(
        report.problems.iter().any(|p| p.contains("b.json")),
        "{report:?}"
    );
    assert_eq!(library.len(), 3);
}

#[test]
fn a_corrupt_library_is_rebuilt_from_its_sources_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.json");
    std::fs::copy(fixture("datafeed.json"), &feed).unwrap();
    let lib = dir.path().join("lib");
    {
        let mut library = open(&lib);
        library.add_path(&feed).unwrap();
    }
    std::fs::write(lib.join("index/meta.json"), b"{ this is not json").unwrap();
    let opened = Library::open(&lib).unwrap();
    assert_eq!(opened.notices.len(), 1, "{:?}", opened.notices);
    assert!(
        opened.notices[0].contains("was corrupt")
            && opened.notices[0].contains("rebuilt from its 1 source"),
        "{:?}",
        opened.notices
    );
    assert_eq!(opened.library.len(), 3);
    // Opened again: sound, no notice.
    drop(opened);
    assert_eq!(open(&lib).len(), 3);
}

#[test]
fn a_second_handle_sees_what_another_writes_and_both_can_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    let mut cli = open(dir.path());
    cli.add_path(&fixture("datafeed.json")).unwrap();
    app.add_path(&fixture("single.json")).unwrap();
    assert_eq!(app.sources().unwrap().len(), 2);
    assert_eq!(open(dir.path()).len(), 4);
}

#[test]
fn hostile_feed_items_are_reported_by_file_and_item_and_the_rest_goes_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = open(dir.path());
    let report = library.add_path(&fixture("hostile.json")).unwrap();
    let problems = report.problems.join("\n");
    // The javascript: URL never becomes a link; the markup becomes text.
    let bridge = &library
        .search("the bridge closure will last five years", 1)
        .unwrap()[0];
    assert_eq!(
        bridge.entry.claim,
        "The bridge closure will last five years"
    );
    assert_eq!(bridge.entry.url, None);
    assert!(
        problems.contains(
            "hostile.json: item 1 (dataFeedElement[0].item[0]): url: not an http(s) address"
        ),
        "{problems}"
    );
    assert!(
        problems.contains("item 1 (dataFeedElement[0].item[0]): claimReviewed: markup removed"),
        "{problems}"
    );
    // A verdict of the wrong type is dropped, the claim kept.
    assert!(
        problems.contains("item 2 (dataFeedElement[1].item[0]): reviewRating.alternateName: expected a string, found a number"),
        "{problems}"
    );
    let ferry = &library
        .search("the ferry timetable was cut by half", 1)
        .unwrap()[0];
    assert_eq!(ferry.entry.verdict, None);
    // A claim of the wrong type and a non-object item are left out, and said so.
    assert!(
        problems.contains("item 3 (dataFeedElement[2].item[0]): claimReviewed: expected a string"),
        "{problems}"
    );
    assert!(
        problems.contains("item 4 (dataFeedElement[3]): expected an object, found a string"),
        "{problems}"
    );
    // The last, sound item goes in.
    assert_eq!(report.added, 3, "{report:?}");
    assert_eq!(
        claims(&library, "parking fines in the old town rose by 80 percent"),
        ["Parking fines in the old town rose by 80 percent"]
    );
}

#[test]
fn a_deeply_nested_item_is_left_out_and_its_neighbours_go_in() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", r#"{"a":"#.repeat(500), "}".repeat(500));
    let feed = format!(
        r#"{{"@type":"DataFeed","dataFeedElement":[
            {{"@type":"ClaimReview","claimReviewed":"The harbour tunnel toll doubled in March","url":"https://x.example/t"}},
            {deep},
            {{"@type":"ClaimReview","claimReviewed":"Library opening hours were cut by a third","url":"https://x.example/l"}}
        ]}}"#
    );
    let path = dir.path().join("deep.json");
    std::fs::write(&path, feed).unwrap();
    let mut library = open(&dir.path().join("lib"));
    let report = library.add_path(&path).unwrap();
    assert_eq!(report.added, 2, "{report:?}");
    assert!(
        report
            .problems
            .iter()
            .any(|p| p
                .contains("deep.json: item 2 (dataFeedElement[1]): nested more than 128 levels")),
        "{report:?}"
    );
}

#[test]
fn a_file_too_large_or_not_json_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = open(&dir.path().join("lib"));
    let path = dir.path().join("notes.json");
    std::fs::write(&path, "not json at all").unwrap();
    let error = library.add_path(&path).unwrap_err().to_string();
    assert!(
        error.contains("notes.json") && error.contains("not JSON"),
        "{error}"
    );
    let big = dir.path().join("big.json");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(factmark::library::MAX_SOURCE_BYTES + 1)
        .unwrap();
    let error = library.add_path(&big).unwrap_err().to_string();
    assert!(
        error.contains("big.json") && error.contains("too large"),
        "{error}"
    );
    assert!(library.is_empty());
}

fn factmark_cli(lib: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_factmark"))
        .arg("library")
        .arg("--library")
        .arg(lib)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_search_and_match_print_the_stable_json_keys() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let feed = fixture("single.json");
    let out = factmark_cli(
        &lib,
        &[
            "add",
            feed.to_str().unwrap(),
            sample_project().to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("from 2 sources"));
    let out = factmark_cli(
        &lib,
        &[
            "search",
            "--json",
            "bus fares in Riverton have doubled since 2020",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &json[0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "claim", "claimant", "date", "org", "score", "source", "tier", "title", "url",
            "verdict"
        ]
    );
    assert_eq!(first["tier"], "likely");
    assert_eq!(first["verdict"], "False");
    assert_eq!(first["source"]["kind"], "feed");
    assert!(
        first["source"]["path"]
            .as_str()
            .unwrap()
            .ends_with("single.json")
    );

    let out = factmark_cli(
        &lib,
        &["match", "--json", sample_project().to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = json.as_array().unwrap();
    assert!(!claims.is_empty());
    for claim in claims {
        assert!(claim["annotation"].is_string() && claim["claim"].is_string());
        // The project's own entries are not earlier checks of themselves.
        for m in claim["matches"].as_array().unwrap() {
            assert_ne!(m["source"]["kind"], "project", "{m}");
        }
    }

    let out = factmark_cli(&lib, &["list"]);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("single.json\tfeed\t1 entry"), "{listing}");
    let out = factmark_cli(&lib, &["remove", feed.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = factmark_cli(
        &lib,
        &[
            "search",
            "--json",
            "bus fares in Riverton have doubled since 2020",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}
