//! Each export as its receiver reads it: ClaimReview embedded in a web page and read back
//! out of the page, brat's annotation.conf semantics, the W3C web-annotation-tests schemas,
//! the HTML report's heading structure, the CSV with and without the formula guard.

mod common;

use common::{NOW, project_with_text, tag};
use factmark::export::{ExportFormat, ExportOptions, ExportOutput, left_out, render};
use factmark::model::{ClaimRecord, Kind, Project, Verdict};
use scraper::{Html, Selector};

fn options() -> ExportOptions {
    // ClaimReview of every rated claim: these tests are about the fields; that only
    // approved claims are published by default is tested in export_cli and export_review.
    ExportOptions {
        include_unapproved: true,
        ..ExportOptions::new("article", "2026-11-26T12:00:00Z")
            .with_organization(Some("Example Fact Check".into()))
    }
}

fn file(project: &Project, format: ExportFormat, options: &ExportOptions) -> Vec<u8> {
    match render(project, format, options).unwrap() {
        ExportOutput::File(bytes) => bytes,
        ExportOutput::Folder(_) => panic!("{format} is one file"),
    }
}

fn rate(project: &mut Project, id: &str, verdict: Verdict) {
    project
        .apply(&project.edit_set_verdict(id, Some(verdict), NOW).unwrap())
        .unwrap();
}

fn set_record(project: &mut Project, id: &str, record: ClaimRecord) {
    project
        .apply(&project.edit_set_record(id, record, NOW).unwrap())
        .unwrap();
}

const HOSTILE_CLAIM: &str = "He wrote </script><script>alert(1)</script> and <!-- then -->";

/// Two rated claims: one hostile, with its own published review URL; one plain, without.
fn claims_project() -> (Project, String, String) {
    let text = format!("Intro. {HOSTILE_CLAIM}. The minister said taxes fell. End.");
    let mut project = project_with_text(&text);
    let hostile = tag(&mut project, Kind::Claim, HOSTILE_CLAIM);
    let plain = tag(&mut project, Kind::Claim, "taxes fell");
    rate(&mut project, &hostile, Verdict::False);
    rate(&mut project, &plain, Verdict::MostlyTrue);
    set_record(
        &mut project,
        &hostile,
        ClaimRecord {
            explanation: "It said <!-- and </SCRIPT > too".into(),
            review_url: Some("https://factcheck.example/reviews/hostile".into()),
            ..Default::default()
        },
    );
    (project, hostile, plain)
}

#[test]
fn claimreview_embedded_in_a_page_reads_back_as_the_export() {
    let (project, _, _) = claims_project();
    let bytes = file(&project, ExportFormat::ClaimReview, &options());
    let export = String::from_utf8(bytes).unwrap();
    assert!(
        !export.to_ascii_lowercase().contains("</script"),
        "{export}"
    );
    assert!(!export.contains("<!--"), "{export}");
    let page = format!(
        "<!DOCTYPE html><html><head><title>Review</title>\
         <script type=\"application/ld+json\">{export}</script></head>\
         <body><p>After the script.</p></body></html>"
    );
    let html = Html::parse_document(&page);
    let scripts: Vec<String> = html
        .select(&Selector::parse("script").unwrap())
        .map(|s| s.text().collect())
        .collect();
    // One script element: nothing broke out of it.
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    let embedded: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    let exported: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(embedded, exported);
    // And the hostile quote reads as written.
    assert!(
        exported
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["claimReviewed"] == HOSTILE_CLAIM),
        "{exported}"
    );
    let body = Selector::parse("body p").unwrap();
    assert_eq!(html.select(&body).count(), 1);
}

#[test]
fn claimreview_url_comes_from_the_claim_else_the_template_and_is_warned_about() {
    let (project, hostile, plain) = claims_project();
    let reviews = |options: &ExportOptions| -> serde_json::Value {
        serde_json::from_slice(&file(&project, ExportFormat::ClaimReview, options)).unwrap()
    };
    let by_claim = |reviews: &serde_json::Value, needle: &str| {
        reviews
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["claimReviewed"].as_str().unwrap().contains(needle))
            .unwrap()
            .clone()
    };

    // Without a template, the plain claim has no url, and the export warns.
    let without = reviews(&options());
    assert_eq!(
        by_claim(&without, "alert")["url"],
        "https://factcheck.example/reviews/hostile"
    );
    assert!(by_claim(&without, "taxes").get("url").is_none());
    let warnings = left_out(&project, ExportFormat::ClaimReview, &options());
    assert!(
        warnings.iter().any(|w| w.contains("1 review has no `url`")),
        "{warnings:?}"
    );

    // With a template, the claim's own URL still wins; the other gets the template's.
    let with = options()
        .with_url_template(Some("https://factcheck.example/{id}".into()))
        .with_organization_url(Some("https://factcheck.example/".into()));
    let reviews_with = reviews(&with);
    assert_eq!(
        by_claim(&reviews_with, "alert")["url"],
        "https://factcheck.example/reviews/hostile"
    );
    assert_eq!(
        by_claim(&reviews_with, "taxes")["url"],
        format!("https://factcheck.example/{plain}")
    );
    assert_ne!(hostile, plain);
    let warnings = left_out(&project, ExportFormat::ClaimReview, &with);
    assert!(
        !warnings.iter().any(|w| w.contains("`url`")),
        "{warnings:?}"
    );

    // Recommended fields: the rating's name, the organization's url.
    for review in reviews_with.as_array().unwrap() {
        assert_eq!(
            review["reviewRating"]["name"],
            review["reviewRating"]["alternateName"]
        );
        assert_eq!(review["author"]["url"], "https://factcheck.example/");
    }
    assert_eq!(
        by_claim(&reviews_with, "taxes")["reviewRating"]["name"],
        "Mostly true"
    );

    // A template that does not make a web address is not used.
    let bad = options().with_url_template(Some("javascript:alert('{id}')".into()));
    assert!(by_claim(&reviews(&bad), "taxes").get("url").is_none());
}

#[test]
fn claimreview_warns_about_a_claim_reviewed_over_75_characters() {
    let (mut project, hostile, plain) = claims_project();
    let with = options().with_url_template(Some("https://factcheck.example/{id}".into()));
    // The hostile quote is 61 characters; the plain one short.
    assert!(HOSTILE_CLAIM.chars().count() <= 75);
    let warnings = left_out(&project, ExportFormat::ClaimReview, &with);
    assert!(!warnings.iter().any(|w| w.contains("75")), "{warnings:?}");
    let long = "The minister said that taxes fell for every household in every region \
                of the country this year.";
    assert!(long.chars().count() > 75);
    set_record(
        &mut project,
        &plain,
        ClaimRecord {
            claim_checked: Some(long.into()),
            ..Default::default()
        },
    );
    let warnings = left_out(&project, ExportFormat::ClaimReview, &with);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("1 review has a `claimReviewed` over the 75 characters")),
        "{warnings:?}"
    );
    // A warning, not a failure: the export is still written.
    assert!(render(&project, ExportFormat::ClaimReview, &with).is_ok());
    let _ = hostile;
}

// ---- brat ----

/// brat's annotation.conf as brat reads it: the entity types, and per relation the types
/// its Arg1 and Arg2 may have (`<ENTITY>` meaning any entity).
struct Conf {
    entities: Vec<String>,
    relations: std::collections::HashMap<String, (Vec<String>, Vec<String>)>,
    overlap_any: bool,
}

fn parse_conf(conf: &str) -> Conf {
    let mut section = String::new();
    let mut entities = Vec::new();
    let mut relations = std::collections::HashMap::new();
    let mut overlap_any = false;
    for line in conf.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
            continue;
        }
        match section.as_str() {
            "entities" => entities.push(line.trim().to_string()),
            "relations" => {
                let (name, args) = line.split_once('\t').expect("relation TAB args");
                let mut arg1 = Vec::new();
                let mut arg2 = Vec::new();
                let mut ovl = None;
                for arg in args.split(',') {
                    let (role, types) = arg.trim().split_once(':').expect("ROLE:TYPES");
                    let types: Vec<String> = types.split('|').map(str::to_string).collect();
                    match role {
                        "Arg1" => arg1 = types,
                        "Arg2" => arg2 = types,
                        "<OVL-TYPE>" => ovl = Some(types),
                        other => panic!("unknown role {other}"),
                    }
                }
                if name == "<OVERLAP>" {
                    overlap_any = arg1 == ["<ENTITY>"]
                        && arg2 == ["<ENTITY>"]
                        && ovl.is_some_and(|o| o == ["<ANY>"]);
                } else {
                    relations.insert(name.to_string(), (arg1, arg2));
                }
            }
            "events" | "attributes" => panic!("Factmark declares no {section}: {line}"),
            other => panic!("unknown section {other}"),
        }
    }
    Conf {
        entities,
        relations,
        overlap_any,
    }
}

fn brat_folder(project: &Project, folder: &std::path::Path) -> factmark::export::ExportOptions {
    let options = options();
    factmark::export::write_export(project, ExportFormat::Brat, &options, folder, false).unwrap();
    options
}

#[test]
fn brat_annotation_conf_declares_every_type_and_argument_the_ann_uses() {
    let project = factmark::project_file::load_project(&common::sample_project_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    brat_folder(&project, dir.path());
    let conf = parse_conf(&std::fs::read_to_string(dir.path().join("annotation.conf")).unwrap());
    let ann = std::fs::read_to_string(dir.path().join("article.ann")).unwrap();
    assert!(conf.overlap_any, "nested and crossing spans are allowed");
    let mut types = std::collections::HashMap::new();
    let (mut spans, mut relations) = (0, 0);
    for line in ann.lines() {
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        let head: Vec<&str> = fields[1].split(' ').collect();
        match line.chars().next() {
            Some('T') => {
                assert!(conf.entities.iter().any(|e| e == head[0]), "{line}");
                types.insert(fields[0].to_string(), head[0].to_string());
                spans += 1;
            }
            Some('R') => {
                let (arg1, arg2) = conf
                    .relations
                    .get(head[0])
                    .unwrap_or_else(|| panic!("relation {} not declared: {line}", head[0]));
                let t1 = &types[head[1].strip_prefix("Arg1:").unwrap()];
                let t2 = &types[head[2].strip_prefix("Arg2:").unwrap()];
                assert!(
                    arg1.contains(t1),
                    "{line}: Arg1 is a {t1}, conf allows {arg1:?}"
                );
                assert!(
                    arg2.contains(t2),
                    "{line}: Arg2 is a {t2}, conf allows {arg2:?}"
                );
                relations += 1;
            }
            Some('#') => assert!(fields[1].starts_with("AnnotatorNotes T"), "{line}"),
            _ => panic!("unexpected line {line:?}"),
        }
    }
    // The sample has every kind and both kinds of link.
    assert!(spans > 3 && relations >= 2, "{ann}");
    for kind in ["Claim", "Source", "Dispute"] {
        assert!(types.values().any(|t| t == kind), "{kind}");
    }
    assert!(conf.relations.contains_key("Supports") && conf.relations.contains_key("Contests"));

    // visual.conf has Factmark's colours.
    let visual = std::fs::read_to_string(dir.path().join("visual.conf")).unwrap();
    for kind in [Kind::Claim, Kind::Source, Kind::Dispute] {
        let line = visual
            .lines()
            .find(|l| l.starts_with(&format!("{}\t", kind.label())))
            .unwrap_or_else(|| panic!("{visual}"));
        assert!(
            line.contains(&factmark::palette::kind(kind).light.hex()),
            "{line}"
        );
    }
}

#[test]
fn brat_never_replaces_a_collection_conf_with_other_content() {
    let (project, _, _) = claims_project();
    let dir = tempfile::tempdir().unwrap();
    brat_folder(&project, dir.path());
    // The same configuration again is fine.
    brat_folder(&project, dir.path());
    let conf = dir.path().join("annotation.conf");
    let own = "[entities]\nClaim\nSource\nDispute\nPerson\n";
    std::fs::write(&conf, own).unwrap();
    for replace in [false, true] {
        let err = factmark::export::write_export(
            &project,
            ExportFormat::Brat,
            &options(),
            dir.path(),
            replace,
        )
        .unwrap_err();
        assert!(err.to_string().contains("annotation.conf"), "{err}");
        assert_eq!(std::fs::read_to_string(&conf).unwrap(), own);
    }
}

#[test]
fn brat_keeps_a_leading_tab_in_a_note() {
    let mut project = project_with_text("A source said so.");
    let id = tag(&mut project, Kind::Source, "A source");
    project
        .apply(&project.edit_set_note(&id, "\tTabbed first", NOW).unwrap())
        .unwrap();
    let ann = factmark::export::brat::ann(&project);
    let note = ann.lines().find(|l| l.starts_with('#')).unwrap();
    // brat's note is the rest of the line after the second tab.
    let text = note.splitn(3, '\t').nth(2).unwrap();
    assert_eq!(text, "\tTabbed first");
}

// ---- HTML report ----

fn html_of(project: &Project) -> Html {
    Html::parse_document(&String::from_utf8(file(project, ExportFormat::Html, &options())).unwrap())
}

#[test]
fn html_report_headings_never_skip_a_level_and_every_entry_has_one() {
    // The sample has claims with linked sources and disputes and evidence lists.
    let project = factmark::project_file::load_project(&common::sample_project_path()).unwrap();
    let html = html_of(&project);
    let headings = Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    let mut previous = 0;
    let mut seen = Vec::new();
    for h in html.select(&headings) {
        let level: usize = h.value().name()[1..].parse().unwrap();
        assert!(
            level <= previous + 1,
            "h{level} after h{previous}: {:?} (so far {seen:?})",
            h.text().collect::<String>()
        );
        previous = level;
        seen.push(level);
    }
    assert!(seen.contains(&4), "the sample has linked evidence headings");
    let articles = Selector::parse("article").unwrap();
    let mut n = 0;
    for article in html.select(&articles) {
        n += 1;
        assert!(
            article.select(&headings).next().is_some(),
            "an article without a heading: {}",
            article.html().chars().take(300).collect::<String>()
        );
    }
    assert!(n > 3);
}

#[test]
fn a_reference_url_with_a_less_than_sign_is_linked_whole() {
    let mut project = project_with_text("The report says so.");
    let id = tag(&mut project, Kind::Source, "The report");
    let mut after = project.annotation(&id).unwrap().clone();
    after.evidence = vec![factmark::model::Reference {
        title: Some("Report".into()),
        url: Some("https://x.example/a<b>c".into()),
        ..Default::default()
    }];
    let before = project.annotation(&id).unwrap().clone();
    project
        .apply(&factmark::model::Edit::Replace {
            before: Box::new(before),
            after: Box::new(after),
        })
        .unwrap();
    let html = html_of(&project);
    let links: Vec<String> = html
        .select(&Selector::parse(".evidence a[href]").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["https://x.example/a%3Cb%3Ec"], "{links:?}");

    let md = String::from_utf8(file(&project, ExportFormat::Markdown, &options())).unwrap();
    let md_links: Vec<String> = pulldown_cmark::Parser::new(&md)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect();
    assert_eq!(md_links, ["https://x.example/a%3Cb%3Ec"], "{md}");
}

/// The Nu HTML Checker on reports of the sample and of the hostile-quote project, when its
/// jar is given in `FACTMARK_VNU_JAR` (`npm install vnu-jar` gives
/// `node_modules/vnu-jar/build/dist/vnu.jar`; it needs Java, and no network at test time).
/// Without it the test says so and checks nothing: the heading test above runs always.
#[test]
fn html_report_passes_the_nu_html_checker() {
    let Some(jar) = std::env::var_os("FACTMARK_VNU_JAR") else {
        eprintln!("FACTMARK_VNU_JAR not set: the Nu HTML Checker is not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sample = factmark::project_file::load_project(&common::sample_project_path()).unwrap();
    let mut files = Vec::new();
    for (name, project) in [
        ("sample.html", sample),
        ("hostile.html", claims_project().0),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, file(&project, ExportFormat::Html, &options())).unwrap();
        files.push(path);
    }
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg("--errors-only")
        .args(&files)
        .output()
        .expect("java runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && report.trim().is_empty(), "{report}");
}

// ---- Markdown ----

#[test]
fn markdown_quotes_article_urls_as_text_not_links() {
    let quote = "Read https://evil.example/x?a=1 or www.evil.example now";
    let mut project = project_with_text(&format!("Intro. {quote}. End."));
    let id = tag(&mut project, Kind::Claim, quote);
    rate(&mut project, &id, Verdict::False);
    let md = String::from_utf8(file(&project, ExportFormat::Markdown, &options())).unwrap();
    let mut links = Vec::new();
    let mut quoted = String::new();
    let mut depth = 0;
    for event in pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::all()) {
        match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                links.push(dest_url.to_string())
            }
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::BlockQuote(_)) => depth += 1,
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::BlockQuote(_)) => depth -= 1,
            pulldown_cmark::Event::Text(t) if depth > 0 => quoted.push_str(&t),
            _ => {}
        }
    }
    assert!(links.iter().all(|l| !l.contains("evil")), "{links:?}\n{md}");
    assert!(quoted.contains(quote), "{quoted:?}\n{md}");
    // Nor a bare URL that GitHub-style renderers would link by themselves.
    assert!(!md.contains("https://evil"), "{md}");
    assert!(!md.contains("www.evil"), "{md}");
}
