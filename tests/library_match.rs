//! Claim matching on the cases that trip keyword search: numbers written another way, a
//! different number, negation, the same words about someone else, posts full of noise,
//! a claim found by its review's title, and texts too short to match. Each case has a
//! near-miss claim in the library, so it fails if the ranking only counts shared words.
//!
//! The quality figures on the whole evaluation set are printed by
//! `cargo bench --bench library_match`; the floor asserted here is set below them.

use std::path::Path;

use factmark::library::{Library, Match, Tier};
use serde_json::json;

#[path = "common/library_eval.rs"]
mod library_eval;

/// (claim, review title) pairs, published as one feed.
const CLAIMS: &[(&str, &str)] = &[
    (
        "Unemployment in Ohio rose to 1,200,000 people in 2023.",
        "Ohio jobless total did not reach a million",
    ),
    (
        "Unemployment in Ohio rose to 120,000 people in 2023.",
        "Ohio unemployment figure is accurate",
    ),
    (
        "18% of voters in Wales backed the new tax.",
        "Poll on the Welsh tax was misread",
    ),
    (
        "80% of voters in Wales backed the new tax.",
        "No, most Welsh voters did not back the tax",
    ),
    (
        "The governor did not sign the water bill.",
        "The water bill was vetoed",
    ),
    (
        "The governor signed the water bill.",
        "Yes, the water bill became law",
    ),
    (
        "Kamala Harris said she would ban all gas cars by 2030.",
        "Harris never proposed a 2030 gas-car ban",
    ),
    (
        "Beto O'Rourke said he would ban all gas cars by 2030.",
        "O'Rourke quote about gas cars is made up",
    ),
    (
        "Drinking hot water kills the coronavirus.",
        "Hot drinks do not cure COVID-19",
    ),
    (
        "Bill Gates owns the patent on the coronavirus.",
        "The Gates Foundation holds no virus patent",
    ),
    (
        "The city council cut the police budget by $5 billion.",
        "Council budget vote misdescribed",
    ),
    (
        "Wind turbines kill more birds than cats do.",
        "Cats kill far more birds than turbines",
    ),
];

fn library_with_claims(dir: &Path) -> Library {
    let items: Vec<_> = CLAIMS
        .iter()
        .enumerate()
        .map(|(i, (claim, title))| {
            json!({
                "@type": "ClaimReview",
                "url": format!("https://check.example.org/{i}"),
                "claimReviewed": claim,
                "headline": title,
                "datePublished": "2024-05-01",
                "author": {"@type": "Organization", "name": "Checkdesk"},
                "reviewRating": {"@type": "Rating", "alternateName": "False"}
            })
        })
        .collect();
    let feed = dir.join("feed.json");
    std::fs::write(&feed, serde_json::to_string(&items).unwrap()).unwrap();
    let mut library = Library::open(&dir.join("lib")).unwrap().library;
    let report = library.add_path(&feed).unwrap();
    assert_eq!(report.added, CLAIMS.len(), "{:?}", report.problems);
    library
}

fn search(library: &Library, text: &str) -> Vec<Match> {
    library.search(text, 5).expect("search")
}

/// The best match's claim, and whether it is "likely the same claim".
fn best(library: &Library, text: &str) -> Option<(String, Tier)> {
    search(library, text)
        .into_iter()
        .next()
        .map(|m| (m.entry.claim, m.tier))
}

fn tier_of(library: &Library, text: &str, claim: &str) -> Option<Tier> {
    search(library, text)
        .into_iter()
        .find(|m| m.entry.claim == claim)
        .map(|m| m.tier)
}

#[test]
fn a_number_written_another_way_is_the_same_number() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_with_claims(dir.path());
    let right = CLAIMS[0].0;
    for post in [
        "Ohio unemployment hit 1.2 million people in 2023!!",
        "unemployment in ohio went up to 1200000 people in 2023",
        "Ohio: 1.2m people unemployed in 2023, unemployment rose",
    ] {
        assert_eq!(
            best(&library, post),
            Some((right.to_string(), Tier::Likely)),
            "{post}"
        );
    }
}

#[test]
fn a_different_number_is_a_different_claim() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_with_claims(dir.path());
    let post = "18 percent of voters in Wales backed the new tax, says a poll";
    assert_eq!(best(&library, post).map(|b| b.0), Some(CLAIMS[2].0.into()));
    assert_ne!(
        tier_of(&library, post, CLAIMS[3].0),
        Some(Tier::Likely),
        "80% is not 18%"
    );
    let post = "Eighty per cent of Welsh voters backed the new tax";
    assert_eq!(best(&library, post).map(|b| b.0), Some(CLAIMS[3].0.into()));
    assert_ne!(tier_of(&library, post, CLAIMS[2].0), Some(Tier::Likely));
    // Ohio: 120,000 is not 1,200,000.
    let post = "Unemployment in Ohio rose to 120000 people in 2023";
    assert_eq!(best(&library, post).map(|b| b.0), Some(CLAIMS[1].0.into()));
    assert_ne!(tier_of(&library, post, CLAIMS[0].0), Some(Tier::Likely));
}

#[test]
fn negation_tells_did_not_sign_from_signed() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_with_claims(dir.path());
    let (signed, not_signed) = (CLAIMS[5].0, CLAIMS[4].0);
    let post = "BREAKING: the governor signed the water bill today";
    assert_eq!(best(&library, post).map(|b| b.0), Some(signed.into()));
    assert_ne!(tier_of(&library, post, not_signed), Some(Tier::Likely));
    let post = "The governor never signed the water bill, don't believe the lies";
    assert_eq!(best(&library, post).map(|b| b.0), Some(not_signed.into()));
    assert_ne!(tier_of(&library, post, signed), Some(Tier::Likely));
    let post = "the governor didn't sign the water bill";
    assert_eq!(best(&library, post).map(|b| b.0), Some(not_signed.into()));
}

#[test]
fn the_same_words_about_someone_else_are_not_the_same_claim() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_with_claims(dir.path());
    let (harris, beto) = (CLAIMS[6].0, CLAIMS[7].0);
    let post = "Beto said he'd ban all gas cars by 2030. O'Rourke wants your car!";
    assert_eq!(best(&library, post).map(|b| b.0), Some(beto.into()));
    assert_ne!(tier_of(&library, post, harris), Some(Tier::Likely));
    let post = "Kamala Harris: I will ban gas cars by 2030";
    assert_eq!(best(&library, post).map(|b| b.0), Some(harris.into()));
    assert_ne!(tier_of(&library, post, beto), Some(Tier::Likely));
}

#[test]
fn hashtags_handles_urls_and_emoji_do_not_hide_the_claim() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_with_claims(dir.path());
    let post = "🔥🔥 @HealthNewsNow RT: #HotWater KILLS the #coronavirus!!! share before \
                they delete https://t.co/abc123 #COVID19 🙏";
    assert_eq!(
        best(&library, post),
        Some((CLAIMS[8].0.to_string(), Tier::Likely))
    );
    let post = "1/3 #WindTurbines kill more birds than cats 🐦 https://bit.ly/x @greenwatch";
    assert_eq!(best(&library, post).map(|b| b.0), Some(CLAIMS[11].0.into()));
}

#[test]
fn a_claim_is_found_by_its_reviews_title() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_with_claims(dir.path());
    let post = "So the Gates Foundation holds a virus patent?";
    assert_eq!(best(&library, post).map(|b| b.0), Some(CLAIMS[9].0.into()));
}

#[test]
fn short_or_unrelated_texts_match_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_with_claims(dir.path());
    for text in ["tax", "Ohio 2023", "water bill", "   "] {
        assert!(search(&library, text).is_empty(), "{text:?}");
    }
    let unrelated = "The museum reopened its east wing after a two-year renovation";
    assert!(search(&library, unrelated).is_empty(), "{unrelated}");
    // On topic, but no claim of the library: nothing is "likely".
    let on_topic = "The governor will hold a press conference about water prices on Monday";
    assert!(
        search(&library, on_topic)
            .iter()
            .all(|m| m.tier != Tier::Likely),
        "{on_topic}"
    );
}

/// The evaluation set's figures, with floors set below the measured ones (see the README):
/// a change to the analyzer or the re-ranker that makes matching worse fails here.
#[test]
fn matching_beats_plain_bm25_on_the_evaluation_set() {
    let eval = library_eval::load();
    let ours = library_eval::evaluate(&eval, "test", &factmark::library::rerank::MODEL);
    println!("{}", ours.describe("test"));
    assert!(ours.ours.map5 >= 0.95, "MAP@5 {:.3}", ours.ours.map5);
    assert!(
        ours.ours.map5 >= ours.bm25.map5,
        "ours {:.3} < BM25 {:.3}",
        ours.ours.map5,
        ours.bm25.map5
    );
    let likely_precision = ours.likely.0 as f64 / ours.likely.1.max(1) as f64;
    assert!(
        likely_precision >= 0.8,
        "likely precision {likely_precision:.3}"
    );
}
