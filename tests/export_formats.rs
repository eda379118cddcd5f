//! What other tools rely on in each export: brat's standoff read back and checked against
//! the model, the W3C and ClaimReview fields, exact code-point offsets on text in every
//! script, and the HTML highlights cut exactly at every boundary.

mod common;

use std::collections::HashMap;

use common::{NOW, find_chars, project_with_text, sample_project_path, tag};
use factmark::export::{ExportFormat, ExportOptions, ExportOutput, render, write_export};
use factmark::import::text::decode_article_text;
use factmark::model::{Edit, Kind, Project, Verdict};
use factmark::project_file::load_project;
use scraper::{ElementRef, Html, Selector};

fn options() -> ExportOptions {
    // ClaimReview of every rated claim: these tests are about the fields; that only
    // approved claims are published by default is tested in export_cli and export_review.
    ExportOptions {
        include_unapproved: true,
        ..ExportOptions::new("article", "2026-11-26T12:00:00Z")
            .with_organization(Some("Example Fact Check".into()))
    }
}

fn file(project: &Project, format: ExportFormat) -> Vec<u8> {
    match render(project, format, &options()).unwrap() {
        ExportOutput::File(bytes) => bytes,
        ExportOutput::Folder(_) => panic!("{format} is one file"),
    }
}

fn json(project: &Project, format: ExportFormat) -> serde_json::Value {
    serde_json::from_slice(&file(project, format)).unwrap()
}

/// Code points `start..end` of `text`, without the crate's conversion code.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// An article as a Windows editor saves it (CRLF), in many scripts.
const CRLF_ARTICLE: &str = "Family 👩‍👩‍👧‍👦 photo by the 🇺🇦 flag.\r\n\
    Café au lait, written cafe\u{301}, costs 10\u{a0}000 ₫.\r\n\
    北京报道：官员否认了该说法。\r\n\
    قال المتحدث إن التقرير صحيح في 2026.\r\n\
    Last line 🙂";

/// The multiscript article imported, with spans on every hard cluster, nested and
/// overlapping spans, and one that crosses a line break.
fn multiscript_project() -> Project {
    let text = decode_article_text(CRLF_ARTICLE.as_bytes()).unwrap();
    let mut project = project_with_text(&text);
    let claim = tag(&mut project, Kind::Claim, "👩‍👩‍👧‍👦 photo by the 🇺🇦 flag");
    tag(&mut project, Kind::Source, "🇺🇦");
    tag(&mut project, Kind::Dispute, "photo by the 🇺🇦");
    tag(
        &mut project,
        Kind::Claim,
        "cafe\u{301}, costs 10\u{a0}000 ₫",
    );
    tag(&mut project, Kind::Source, "10\u{a0}000 ₫.\n北京报道");
    tag(&mut project, Kind::Claim, "官员否认了该说法");
    let arabic = tag(&mut project, Kind::Claim, "التقرير صحيح");
    tag(&mut project, Kind::Source, "قال المتحدث");
    tag(&mut project, Kind::Dispute, "🙂");
    project
        .apply(
            &project
                .edit_set_verdict(&arabic, Some(Verdict::Mixed), NOW)
                .unwrap(),
        )
        .unwrap();
    project
        .apply(
            &project
                .edit_set_note(&claim, "ملاحظة: 👩‍👩‍👧‍👦\nsecond line", NOW)
                .unwrap(),
        )
        .unwrap();
    let source = project
        .annotations()
        .iter()
        .find(|a| a.quote == "🇺🇦")
        .unwrap()
        .id
        .clone();
    project
        .apply(&project.edit_link(&source, &claim, NOW).unwrap())
        .unwrap();
    project
}

/// One `.ann` line, parsed the way brat parses it.
#[derive(Debug)]
enum AnnLine {
    Text {
        id: String,
        kind: String,
        spans: Vec<(usize, usize)>,
        text: String,
    },
    Relation {
        kind: String,
        arg1: String,
        arg2: String,
    },
    Note {
        target: String,
        text: String,
    },
}

fn parse_ann(ann: &str) -> Vec<AnnLine> {
    ann.lines()
        .map(|line| {
            let (id, rest) = line.split_once('\t').expect("an id and a tab");
            match id.chars().next() {
                Some('T') => {
                    let (data, text) = rest.split_once('\t').expect("T: two tabs");
                    let (kind, spans) = data.split_once(' ').unwrap();
                    let spans = spans
                        .split(';')
                        .map(|s| {
                            let (a, b) = s.split_once(' ').unwrap();
                            (a.parse().unwrap(), b.parse().unwrap())
                        })
                        .collect();
                    AnnLine::Text {
                        id: id.into(),
                        kind: kind.into(),
                        spans,
                        text: text.into(),
                    }
                }
                Some('R') => {
                    let mut parts = rest.split(' ');
                    let kind = parts.next().unwrap().to_string();
                    let arg1 = parts.next().unwrap().strip_prefix("Arg1:").unwrap().into();
                    let arg2 = parts.next().unwrap().strip_prefix("Arg2:").unwrap().into();
                    assert!(parts.next().is_none(), "{line}");
                    AnnLine::Relation { kind, arg1, arg2 }
                }
                Some('#') => {
                    let (data, text) = rest.split_once('\t').unwrap();
                    let target = data.strip_prefix("AnnotatorNotes ").unwrap().into();
                    AnnLine::Note {
                        target,
                        text: text.into(),
                    }
                }
                _ => panic!("unexpected line {line:?}"),
            }
        })
        .collect()
}

/// Check a brat export against the project it came from, reading the `.txt` back from disk
/// as brat would (UTF-8 text, offsets in characters).
fn check_brat(project: &Project) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("collection");
    write_export(project, ExportFormat::Brat, &options(), &folder, false).unwrap();
    let txt = std::fs::read_to_string(folder.join("article.txt")).unwrap();
    let ann = std::fs::read_to_string(folder.join("article.ann")).unwrap();
    assert_eq!(txt, project.article().text.as_str(), "the .txt is the text");
    assert!(!txt.starts_with('\u{FEFF}'), "no BOM: brat would count it");
    let txt_chars: Vec<char> = txt.chars().collect();

    let lines = parse_ann(&ann);
    let mut t_of: HashMap<String, &factmark::model::Annotation> = HashMap::new();
    let mut t_count = 0;
    for line in &lines {
        if let AnnLine::Text {
            id,
            kind,
            spans,
            text,
        } = line
        {
            let a = &project.annotations()[t_count];
            t_count += 1;
            assert_eq!(id, &format!("T{t_count}"));
            assert_eq!(kind, a.kind.label());
            // brat's own check: the text is the spans' text joined by one space.
            let pieces: Vec<String> = spans
                .iter()
                .map(|&(s, e)| {
                    assert!(s < e && e <= txt_chars.len(), "{id} {s}..{e}");
                    txt_chars[s..e].iter().collect()
                })
                .collect();
            assert_eq!(text, &pieces.join(" "), "{id}");
            // The spans cover the quote exactly, less its line breaks and tabs.
            assert_eq!(spans.first().unwrap().0, a.start, "{id}");
            assert_eq!(spans.last().unwrap().1, a.end, "{id}");
            let covered: String = pieces.concat();
            let expected: String = a
                .quote
                .chars()
                .filter(|c| !matches!(c, '\n' | '\t'))
                .collect();
            assert_eq!(covered, expected, "{id}");
            for pair in spans.windows(2) {
                let gap: String = txt_chars[pair[0].1..pair[1].0].iter().collect();
                assert!(
                    gap.chars().all(|c| c == '\n' || c == '\t'),
                    "{id} gap {gap:?}"
                );
            }
            t_of.insert(id.clone(), a);
        }
    }
    assert_eq!(t_count, project.annotations().len());

    let mut relations = 0;
    for line in &lines {
        match line {
            AnnLine::Relation { kind, arg1, arg2 } => {
                relations += 1;
                let from = t_of[arg1];
                let to = t_of[arg2];
                assert_eq!(to.kind, Kind::Claim);
                assert!(from.claims.contains(&to.id));
                let expected = if from.kind == Kind::Source {
                    "Supports"
                } else {
                    "Contests"
                };
                assert_eq!(kind, expected);
            }
            AnnLine::Note { target, text } => {
                let a = t_of[target];
                let note: String = a.note.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(text.contains(&note), "{target}: {text:?}");
                if let Some(v) = a.verdict {
                    assert!(text.contains(v.label()), "{target}: {text:?}");
                }
            }
            AnnLine::Text { .. } => {}
        }
    }
    let links: usize = project.annotations().iter().map(|a| a.claims.len()).sum();
    assert_eq!(relations, links);
}

#[test]
fn brat_of_the_sample_reads_back_as_the_model() {
    check_brat(&load_project(&sample_project_path()).unwrap());
}

#[test]
fn brat_of_multiscript_text_keeps_code_point_offsets() {
    check_brat(&multiscript_project());
}

#[test]
fn brat_writes_into_a_new_or_existing_folder_but_not_over_a_file() {
    let project = load_project(&sample_project_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b");
    write_export(&project, ExportFormat::Brat, &options(), &nested, false).unwrap();
    write_export(&project, ExportFormat::Brat, &options(), &nested, false).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&nested)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "annotation.conf",
            "article.ann",
            "article.txt",
            "visual.conf"
        ],
        "no temporary files left"
    );
    let a_file = dir.path().join("file");
    std::fs::write(&a_file, "keep me").unwrap();
    let err = write_export(&project, ExportFormat::Brat, &options(), &a_file, false).unwrap_err();
    assert!(err.to_string().contains("is a file"), "{err}");
    assert_eq!(std::fs::read_to_string(&a_file).unwrap(), "keep me");
}

#[test]
fn w3c_has_the_required_fields_and_exact_selectors() {
    for project in [
        load_project(&sample_project_path()).unwrap(),
        multiscript_project(),
    ] {
        let text = project.article().text.as_str();
        let w3c = json(&project, ExportFormat::W3c);
        assert_eq!(w3c["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(w3c["type"], "AnnotationCollection");
        assert!(w3c["id"].as_str().unwrap().starts_with("urn:uuid:"));
        assert_eq!(w3c["total"], project.annotations().len());
        assert_eq!(w3c["first"]["type"], "AnnotationPage");
        let items = w3c["first"]["items"].as_array().unwrap();
        assert_eq!(items.len(), project.annotations().len());
        let mut ids = std::collections::HashSet::new();
        let iri_of: HashMap<&str, &str> = project
            .annotations()
            .iter()
            .zip(items)
            .map(|(a, item)| (a.id.as_str(), item["id"].as_str().unwrap()))
            .collect();
        for (a, item) in project.annotations().iter().zip(items) {
            assert_eq!(item["type"], "Annotation");
            assert!(
                ids.insert(item["id"].as_str().unwrap().to_string()),
                "unique ids"
            );
            let selectors = item["target"]["selector"].as_array().unwrap();
            assert!(item["target"]["source"].is_string());
            let quote = selectors
                .iter()
                .find(|s| s["type"] == "TextQuoteSelector")
                .unwrap();
            let position = selectors
                .iter()
                .find(|s| s["type"] == "TextPositionSelector")
                .unwrap();
            let (start, end) = (
                position["start"].as_u64().unwrap() as usize,
                position["end"].as_u64().unwrap() as usize,
            );
            assert_eq!((start, end), (a.start, a.end));
            assert_eq!(quote["exact"], chars(text, start, end));
            assert_eq!(
                quote["prefix"],
                chars(text, start.saturating_sub(32), start)
            );
            assert_eq!(
                quote["suffix"],
                chars(text, end, (end + 32).min(text.chars().count()))
            );
            let bodies = item["body"].as_array().unwrap();
            let with = |purpose: &str| -> Vec<&serde_json::Value> {
                bodies.iter().filter(|b| b["purpose"] == purpose).collect()
            };
            assert_eq!(with("tagging").len(), 1);
            assert_eq!(with("tagging")[0]["value"], a.kind.as_str());
            assert_eq!(with("commenting").len(), usize::from(!a.note.is_empty()));
            if !a.note.is_empty() {
                assert_eq!(with("commenting")[0]["value"], a.note.as_str());
            }
            match a.verdict {
                Some(v) => assert_eq!(with("assessing")[0]["value"], v.as_str()),
                None => assert!(with("assessing").is_empty()),
            }
            let links: Vec<&str> = with("linking")
                .iter()
                .filter_map(|b| b["source"].as_str())
                .filter(|s| s.starts_with("urn:uuid:"))
                .collect();
            let expected: Vec<&str> = a.claims.iter().map(|c| iri_of[c.as_str()]).collect();
            assert_eq!(links, expected);
        }
    }
}

#[test]
fn claimreview_has_the_required_fields_and_the_documented_scale() {
    let project = load_project(&sample_project_path()).unwrap();
    let reviews = json(&project, ExportFormat::ClaimReview);
    let reviews = reviews.as_array().unwrap();
    let rated: Vec<_> = project
        .annotations()
        .iter()
        .filter(|a| a.verdict.is_some())
        .collect();
    assert_eq!(reviews.len(), rated.len());
    for (a, review) in rated.iter().zip(reviews) {
        let verdict = a.verdict.unwrap();
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        // The claim as checked (the sample restates some), else the quote.
        assert_eq!(review["claimReviewed"], a.claim_text());
        assert_eq!(review["author"]["@type"], "Organization");
        assert_eq!(review["author"]["name"], "Example Fact Check");
        assert_eq!(review["datePublished"], "2026-11-26");
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        let rating = &review["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        assert_eq!(rating["bestRating"], 5);
        assert_eq!(rating["worstRating"], 1);
        assert_eq!(rating["alternateName"], verdict.label());
        let expected = match verdict {
            Verdict::True => Some(5),
            Verdict::MostlyTrue => Some(4),
            Verdict::Mixed => Some(3),
            Verdict::MostlyFalse => Some(2),
            Verdict::False => Some(1),
            Verdict::Unverifiable => None,
        };
        assert_eq!(rating["ratingValue"].as_u64(), expected, "{verdict}");
    }

    // With the article's details, the claim has its appearance, author and date.
    let mut project = project;
    let mut meta = project.article().metadata.clone();
    meta.url = Some("https://news.example/nso".into());
    meta.outlet = Some("Example News".into());
    meta.published = Some("2022-07-10".into());
    project.apply(&project.edit_metadata(meta)).unwrap();
    let reviews = json(&project, ExportFormat::ClaimReview);
    // The outlet quoted the claims; it did not make them. A claim without a claimant has no
    // author, and the export says so.
    let unclaimed = project
        .annotations()
        .iter()
        .find(|a| a.verdict.is_some() && a.record.claimant.is_none())
        .expect("the sample has a rated claim without a claimant");
    let review = reviews
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["claimReviewed"] == unclaimed.claim_text())
        .unwrap();
    let claim = &review["itemReviewed"];
    assert_eq!(claim["appearance"]["url"], "https://news.example/nso");
    assert_eq!(claim["datePublished"], "2022-07-10");
    assert!(claim.get("author").is_none(), "{claim}");
    let warnings = factmark::export::left_out(&project, ExportFormat::ClaimReview, &options());
    assert!(
        warnings.iter().any(|w| w.contains("no claimant")),
        "{warnings:?}"
    );

    // With a claim record: the claimant as author, the claim as checked, the explanation,
    // where it was first said, and the published review's address.
    let first = project
        .annotations()
        .iter()
        .find(|a| a.kind == Kind::Claim && a.verdict.is_some())
        .unwrap()
        .clone();
    let record = factmark::model::ClaimRecord {
        claimant: Some(factmark::model::Claimant {
            name: "Sean Conley".into(),
            role: Some("the president's physician".into()),
            ..Default::default()
        }),
        claim_checked: Some("The president's visit to the hospital was routine.".into()),
        first_said: Some(factmark::model::FirstSaid {
            date: Some("2019-11-16".into()),
            url: Some("https://whitehouse.example/statement".into()),
            ..Default::default()
        }),
        explanation: "Records show an unscheduled visit.".into(),
        review_url: Some("https://factcheck.example/visit".into()),
        ..Default::default()
    };
    project
        .apply(&project.edit_set_record(&first.id, record, NOW).unwrap())
        .unwrap();
    let reviews = json(&project, ExportFormat::ClaimReview);
    let review = reviews
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["claimReviewed"] == "The president's visit to the hospital was routine.")
        .expect("the claim as checked is what is reviewed");
    let claim = &review["itemReviewed"];
    assert_eq!(claim["author"]["@type"], "Person");
    assert_eq!(claim["author"]["name"], "Sean Conley");
    assert_eq!(claim["author"]["jobTitle"], "the president's physician");
    assert_eq!(
        claim["firstAppearance"]["url"],
        "https://whitehouse.example/statement"
    );
    assert_eq!(claim["datePublished"], "2019-11-16");
    assert_eq!(claim["appearance"]["url"], "https://news.example/nso");
    assert_eq!(review["reviewBody"], "Records show an unscheduled visit.");
    assert_eq!(review["url"], "https://factcheck.example/visit");

    // Without an organization there is no ClaimReview.
    let err = render(
        &project,
        ExportFormat::ClaimReview,
        &ExportOptions::new("x", NOW).with_organization(Some("  ".into())),
    )
    .unwrap_err();
    assert!(err.to_string().contains("organization"), "{err}");
}

#[test]
fn csv_offsets_and_quotes_are_exact_in_every_script() {
    let project = multiscript_project();
    let text = project.article().text.as_str();
    let bytes = file(&project, ExportFormat::Csv);
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "id",
            "kind",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "note",
            "verdict",
            "claimant",
            "claimant_role",
            "claimant_type",
            "claim_checked",
            "first_said_date",
            "first_said_url",
            "explanation",
            "review_url",
            "claims",
            "evidence",
            "evidence_urls",
            "author",
            "created",
            "modified"
        ]
    );
    let mut rows = 0;
    for (record, a) in reader.records().zip(project.annotations()) {
        let record = record.unwrap();
        rows += 1;
        let start: usize = record[2].parse().unwrap();
        let end: usize = record[3].parse().unwrap();
        assert_eq!((start, end), (a.start, a.end));
        assert_eq!(&record[4], chars(text, start, end));
        assert_eq!(&record[0], a.id);
        assert_eq!(&record[1], a.kind.as_str());
        assert_eq!(&record[7], a.note);
        assert_eq!(&record[17], a.claims.join(";"));
    }
    assert_eq!(rows, project.annotations().len());
}

/// The text of an element without the highlight markers inside it.
fn text_without_markers(element: ElementRef) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        if let Some(text) = node.value().as_text() {
            let in_marker = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| e.has_class("mk", scraper::CaseSensitivity::CaseSensitive))
            });
            if !in_marker {
                out.push_str(text);
            }
        }
    }
    out
}

/// The HTML report cuts the text at every boundary: each annotation's pieces put together
/// are its quote, and the paragraphs put together are the article.
fn check_html_highlights(project: &Project) {
    let html = String::from_utf8(file(project, ExportFormat::Html)).unwrap();
    let doc = Html::parse_document(&html);
    let paragraphs: Vec<String> = doc
        .select(&Selector::parse("div.text > p").unwrap())
        .map(text_without_markers)
        .collect();
    let shown: Vec<&str> = project
        .article()
        .text
        .as_str()
        .split('\n')
        .filter(|p| !p.is_empty())
        .collect();
    let rendered: Vec<&str> = paragraphs
        .iter()
        .map(String::as_str)
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(rendered, shown);

    let labels = {
        let mut ordinal = [0; 3];
        project
            .annotations()
            .iter()
            .map(|a| {
                let i = Kind::ALL.iter().position(|&k| k == a.kind).unwrap();
                ordinal[i] += 1;
                format!("{}{}", ["C", "S", "D"][i], ordinal[i])
            })
            .collect::<Vec<_>>()
    };
    for (a, label) in project.annotations().iter().zip(&labels) {
        let selector = Selector::parse(&format!("mark[data-a=\"{label}\"]")).unwrap();
        let pieces: String = doc.select(&selector).map(text_without_markers).collect();
        assert_eq!(pieces, a.quote.replace('\n', ""), "{label}");
        // One marker per annotation, linking to its entry, which links back.
        let marker = Selector::parse(&format!("a.mk#m-{label}")).unwrap();
        let marker = doc.select(&marker).collect::<Vec<_>>();
        assert_eq!(marker.len(), 1, "{label}");
        assert_eq!(marker[0].value().attr("href"), Some(&*format!("#{label}")));
        let entry = Selector::parse(&format!("#{label}")).unwrap();
        let entry = doc
            .select(&entry)
            .next()
            .unwrap_or_else(|| panic!("entry {label}"));
        let back = Selector::parse(&format!("a[href=\"#m-{label}\"]")).unwrap();
        assert!(entry.select(&back).next().is_some(), "{label} links back");
    }
    // Marks are properly nested HTML: the parser did not have to repair anything, so the
    // number of marks opened in the source is the number of elements.
    let opened = html.matches("<mark class=\"hl ").count();
    let marks = doc.select(&Selector::parse("mark.hl").unwrap()).count();
    assert_eq!(opened, marks);
    assert_eq!(html.matches("</mark>").count(), marks);
}

#[test]
fn html_highlights_are_cut_exactly_for_the_sample() {
    check_html_highlights(&load_project(&sample_project_path()).unwrap());
}

#[test]
fn html_highlights_are_cut_exactly_in_every_script_and_every_overlap() {
    let project = multiscript_project();
    check_html_highlights(&project);
    // Every paragraph lays itself out by its own direction.
    let html = String::from_utf8(file(&project, ExportFormat::Html)).unwrap();
    let doc = Html::parse_document(&html);
    for p in doc.select(&Selector::parse("div.text > p").unwrap()) {
        assert_eq!(p.value().attr("dir"), Some("auto"));
    }
}

#[test]
fn html_handles_spans_that_are_only_line_breaks_and_deep_nesting() {
    let text = "one two three four five\n\nsix";
    let mut project = project_with_text(text);
    // Ten spans nested inside each other, plus chains of overlaps.
    for i in 0..10 {
        let a = project
            .make_annotation(Kind::Claim, i..23 - i, None, NOW)
            .unwrap();
        project.apply(&Edit::Add(a)).unwrap();
    }
    for start in [2, 6, 10, 14] {
        let a = project
            .make_annotation(Kind::Source, start..start + 7, None, NOW)
            .unwrap();
        project.apply(&Edit::Add(a)).unwrap();
    }
    let blank = find_chars(text, "\n\n", 1);
    let a = project
        .make_annotation(Kind::Dispute, blank, None, NOW)
        .unwrap();
    project.apply(&Edit::Add(a)).unwrap();
    check_html_highlights(&project);
}

#[test]
fn markdown_quotes_every_claim_with_its_evidence() {
    let project = load_project(&sample_project_path()).unwrap();
    let md = String::from_utf8(file(&project, ExportFormat::Markdown)).unwrap();
    let claims = project
        .annotations()
        .iter()
        .filter(|a| a.kind == Kind::Claim)
        .count();
    assert_eq!(md.matches("\n### C").count(), claims);
    for a in project.annotations() {
        assert!(md.contains(&format!("> {}", a.quote)), "{}", a.id);
    }
    // A source linked to two claims is quoted under both.
    let axios = "> a senior Israeli official told Axios";
    assert_eq!(md.matches(axios).count(), 2);
}

#[test]
fn a_project_without_annotations_or_title_exports_in_every_format() {
    for text in ["Just one line.", "", "\n\nBlank lines first\n"] {
        let mut project = project_with_text(text);
        let mut meta = project.article().metadata.clone();
        meta.title = String::new();
        project.apply(&project.edit_metadata(meta)).unwrap();
        for format in ExportFormat::ALL {
            let output = render(&project, format, &options()).unwrap();
            match (format, output) {
                (ExportFormat::Brat, ExportOutput::Folder(files)) => {
                    assert_eq!(files[0].bytes, text.as_bytes());
                    assert!(files[1].bytes.is_empty(), "no annotations, no lines");
                }
                (ExportFormat::W3c | ExportFormat::ClaimReview, ExportOutput::File(bytes)) => {
                    serde_json::from_slice::<serde_json::Value>(&bytes).unwrap();
                }
                (ExportFormat::Html, ExportOutput::File(bytes)) => {
                    let html = String::from_utf8(bytes).unwrap();
                    assert!(html.contains("Untitled article"));
                    assert!(html.contains("No claims are tagged."));
                }
                (_, ExportOutput::File(bytes)) => assert!(!bytes.is_empty(), "{format}"),
                (_, ExportOutput::Folder(_)) => panic!("{format} is one file"),
            }
        }
    }
}
