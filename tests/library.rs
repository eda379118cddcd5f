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
