//! A hostile project — markup, event handlers and `javascript:` URLs in the article, notes,
//! references and metadata, cells that start like spreadsheet formulas — exported in every
//! format: nothing dangerous survives unescaped, and the text still reads as written.

mod common;

use common::{NOW, find_chars, project_with_text};
use factmark::export::markdown;
use factmark::export::{ExportFormat, ExportOptions, ExportOutput, render};
use factmark::model::{Edit, Kind, Project, Verdict};
use pulldown_cmark::{Event, Parser, Tag};
use scraper::{Html, Selector};

const SCRIPT: &str = "<script>alert('article')</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const HOSTILE_TEXT: &str = "Breaking: <script>alert('article')</script> was posted.\n\
    Then \"><img src=x onerror=alert(1)> appeared, and javascript:alert(2) too.\n\
    =SUM(A1:A9) is what the minister typed; +44 20 7946 0000 called; -5% drop; @channel.\n\
    </p><p onclick=\"steal()\">Closing</div> &amp; &lt;b&gt; <!-- comment --> ]]>";

const HOSTILE_NOTES: [&str; 8] = [
    "<script>alert('note')</script>",
    "\"><img src=x onerror=alert(3)>",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1 and more",
    "-2 below",
    "@SUM(1,2)",
    "\tTabbed first",
    "\rCarriage return first",
];

const HOSTILE_REFERENCES: [&str; 6] = [
    "javascript:alert(4)",
    " JaVaScRiPt:alert(5)",
    "data:text/html,<script>alert(6)</script>",
    "vbscript:msgbox(7)",
    "java\nscript:alert(8)",
    "https://ok.example/report?a=1&b=\"><script>alert(9)</script>",
];

/// Every kind, every hostile note and reference, quotes that start with formula characters.
fn hostile_project() -> Project {
    let mut project = project_with_text(HOSTILE_TEXT);
    let mut meta = project.article().metadata.clone();
    meta.title = "</title><script>alert('title')</script>".into();
    meta.url = Some("javascript:alert(document.cookie)".into());
    meta.outlet = Some("<b onmouseover=alert(1)>Outlet</b>".into());
    meta.author = Some("=cmd|' /C calc'!A0".into());
    meta.language = Some("en".into());
    project.apply(&project.edit_metadata(meta)).unwrap();

    let spans: [(Kind, &str); 8] = [
        (Kind::Claim, SCRIPT),
        (Kind::Claim, IMG),
        (Kind::Source, "javascript:alert(2)"),
        (Kind::Claim, "=SUM(A1:A9)"),
        (Kind::Dispute, "+44 20 7946 0000"),
        (Kind::Source, "-5% drop"),
        (Kind::Claim, "@channel"),
        (Kind::Source, "</p><p onclick=\"steal()\">Closing</div>"),
    ];
    let mut ids = Vec::new();
    for (i, (kind, needle)) in spans.into_iter().enumerate() {
        let range = find_chars(HOSTILE_TEXT, needle, 1);
        let author = Some(["=1+1", "@admin", "<i>x</i>"][i % 3].to_string());
        let a = project.make_annotation(kind, range, author, NOW).unwrap();
        ids.push(a.id.clone());
        project.apply(&Edit::Add(a)).unwrap();
    }
    for (i, id) in ids.iter().enumerate() {
        let note = HOSTILE_NOTES[i % HOSTILE_NOTES.len()];
        project
            .apply(&project.edit_set_note(id, note, NOW).unwrap())
            .unwrap();
        let reference = HOSTILE_REFERENCES[i % HOSTILE_REFERENCES.len()];
        // Set the reference directly: the edit builder trims, and the leading space is part
        // of the attack.
        let mut after = project.annotation(id).unwrap().clone();
        after.evidence = vec![factmark::model::Reference {
            title: Some(reference.to_string()),
            url: Some(reference.to_string()),
            archive_url: Some(reference.to_string()),
            ..Default::default()
        }];
        let before = project.annotation(id).unwrap().clone();
        project
            .apply(&Edit::Replace {
                before: Box::new(before),
                after: Box::new(after),
            })
            .unwrap();
    }
    let claims: Vec<&String> = ids
        .iter()
        .filter(|id| project.annotation(id).unwrap().kind == Kind::Claim)
        .collect();
    for claim in &claims {
        project
            .apply(
                &project
                    .edit_set_verdict(claim, Some(Verdict::False), NOW)
                    .unwrap(),
            )
            .unwrap();
    }
    // Link all but one source and the dispute, so both the claims section and the
    // "linked to no claim" section carry hostile text.
    let evidence: Vec<String> = ids
        .iter()
        .filter(|id| project.annotation(id).unwrap().kind != Kind::Claim)
        .cloned()
        .collect();
    for e in evidence.iter().skip(1) {
        project
            .apply(&project.edit_link(e, claims[0], NOW).unwrap())
            .unwrap();
    }
    project
}

fn options() -> ExportOptions {
    // ClaimReview of every rated claim: these tests are about the fields; that only
    // approved claims are published by default is tested in export_cli and export_review.
    ExportOptions {
        include_unapproved: true,
        ..ExportOptions::new("hostile", NOW).with_organization(Some("<script>Org</script>".into()))
    }
}

fn file(project: &Project, format: ExportFormat) -> Vec<u8> {
    match render(project, format, &options()).unwrap() {
        ExportOutput::File(bytes) => bytes,
        ExportOutput::Folder(_) => panic!("{format} is one file"),
    }
}

#[test]
fn the_html_report_runs_nothing_and_loads_nothing() {
    let project = hostile_project();
    let html = String::from_utf8(file(&project, ExportFormat::Html)).unwrap();
    let lower = html.to_ascii_lowercase();
    for raw in [
        "<script", "<img", "<iframe", "<svg", "<object", "<embed", "<base", "<link",
    ] {
        assert!(!lower.contains(raw), "{raw} in the report");
    }
    assert!(!lower.contains("<p onclick"));

    let doc = Html::parse_document(&html);
    let all = Selector::parse("*").unwrap();
    for element in doc.select(&all) {
        let name = element.value().name();
        assert!(
            !matches!(
                name,
                "script" | "img" | "iframe" | "svg" | "object" | "embed" | "base" | "link" | "form"
            ),
            "<{name}> element in the report"
        );
        for (attr, value) in element.value().attrs() {
            assert!(!attr.starts_with("on"), "<{name} {attr}={value:?}>");
            if attr == "href" {
                let v = value.to_ascii_lowercase();
                assert!(
                    v.starts_with('#')
                        || v.starts_with("http://")
                        || v.starts_with("https://")
                        || v.starts_with("mailto:"),
                    "link to {value:?}"
                );
            }
            assert!(
                attr != "src" && attr != "srcset" && attr != "style",
                "<{name} {attr}>"
            );
        }
    }
    // No request can leave the page: the one stylesheet is inline and the policy forbids
    // everything else.
    let styles: Vec<_> = doc.select(&Selector::parse("style").unwrap()).collect();
    assert_eq!(styles.len(), 1);
    assert!(!styles[0].inner_html().contains("url("));
    let csp = doc
        .select(&Selector::parse("meta[http-equiv=\"Content-Security-Policy\"]").unwrap())
        .next()
        .expect("a Content-Security-Policy");
    assert!(
        csp.value()
            .attr("content")
            .unwrap()
            .contains("default-src 'none'")
    );

    // The hostile text is shown as written, as text.
    let text: String = doc.root_element().text().collect();
    for shown in [
        SCRIPT,
        IMG,
        "javascript:alert(2)",
        "</p><p onclick=\"steal()\">Closing</div> &amp; &lt;b&gt; <!-- comment --> ]]>",
        "</title><script>alert('title')</script>",
        "javascript:alert(document.cookie)",
        "<b onmouseover=alert(1)>Outlet</b>",
        "data:text/html,<script>alert(6)</script>",
    ] {
        assert!(text.contains(shown), "{shown:?} is not shown as text");
    }
    for note in HOSTILE_NOTES {
        assert!(text.contains(note.trim()), "note {note:?} is not shown");
    }
    // The one safe URL is a link: a URL field is linked whole, the markup in it
    // percent-encoded (issue 17), so nothing of it runs.
    let links: Vec<String> = doc
        .select(&Selector::parse("a[href^=http]").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        links.contains(
            &"https://ok.example/report?a=1&b=%22%3E%3Cscript%3Ealert(9)%3C/script%3E".to_string()
        ),
        "{links:?}"
    );
    assert!(
        links.iter().all(|l| !l.contains(['<', '>', '"'])),
        "{links:?}"
    );
}

#[test]
fn no_csv_cell_starts_like_a_formula() {
    let project = hostile_project();
    let bytes = file(&project, ExportFormat::Csv);
    let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).expect("a BOM");
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    let mut guarded = 0;
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        for cell in record.iter() {
            let first = cell.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                "cell {cell:?}"
            );
            guarded += usize::from(first == Some('\''));
        }
    }
    assert_eq!(rows, project.annotations().len());
    // Quotes, notes and authors that started with a formula character, each kept whole
    // behind its guard.
    assert!(guarded >= 10, "{guarded}");
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(text.contains("'=SUM(A1:A9)"));
    assert!(text.contains("'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")"));
    assert!(text.contains("'@channel"));
}

#[test]
fn the_markdown_memo_has_no_html_and_no_unsafe_links() {
    let project = hostile_project();
    let md = String::from_utf8(file(&project, ExportFormat::Markdown)).unwrap();
    for event in Parser::new_ext(&md, md_options()) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => panic!("raw HTML {html:?}"),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let url = dest_url.to_ascii_lowercase();
                assert!(
                    url.starts_with("http://")
                        || url.starts_with("https://")
                        || url.starts_with("mailto:"),
                    "link to {dest_url:?}"
                );
            }
            _ => {}
        }
    }
}

/// Every extension pulldown-cmark knows (GitHub's tables, strikethrough, task lists, math,
/// footnotes, definition lists, …) except smart punctuation, which rewrites quotes and
/// dashes on purpose.
fn md_options() -> pulldown_cmark::Options {
    let mut options = pulldown_cmark::Options::all();
    options.remove(pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION);
    options
}

/// The text a Markdown snippet renders to: its text, code and line breaks.
fn rendered_text(md: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(md, md_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::End(pulldown_cmark::TagEnd::Paragraph) => out.push_str("\n\n"),
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} from {md:?}"),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

#[test]
fn markdown_user_text_renders_as_written() {
    let samples = [
        "# not a heading",
        "1. not a list\n2) nor this",
        "- nor this\n+ or this\n* or this",
        "> not a quote",
        "*not emphasis* _nor this_ **nor bold** ~~nor struck~~",
        "`not code` and ``double``",
        "[not a link](javascript:alert(1)) ![nor an image](x.png)",
        "<b>not bold</b> <script>alert(1)</script> <!-- not a comment -->",
        "&amp; &lt; &#x41; stay as typed",
        "a | table | row\n---|---|---",
        "Setext\n===",
        "Setext\n---",
        "$x^2$ is not math, C:\\path\\ is a path \\",
        "^superscript^ and ~subscript~ and [[wiki]] and [^note]",
        "term\n: not a definition",
        "    four spaces are not code",
        "trailing spaces  \nand a line break",
        "Arabic: قال المتحدث — CJK: 北京报道 — emoji 👩‍👩‍👧",
        "first paragraph\n\nsecond paragraph",
    ];
    for sample in samples {
        let expected: String = sample
            .split('\n')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            rendered_text(&markdown::paragraphs(sample)),
            expected,
            "{sample:?} as paragraphs: {:?}",
            markdown::paragraphs(sample)
        );
        let quoted = markdown::block_quote(sample);
        assert_eq!(
            rendered_text(&quoted),
            expected,
            "{sample:?} quoted: {quoted:?}"
        );
    }
}

#[test]
fn json_ld_and_brat_carry_the_hostile_text_verbatim() {
    let project = hostile_project();
    for format in [ExportFormat::W3c, ExportFormat::ClaimReview] {
        let value: serde_json::Value = serde_json::from_slice(&file(&project, format)).unwrap();
        let text = value.to_string();
        assert!(
            text.contains("<script>alert('article')</script>"),
            "{format}"
        );
    }
    // A reference that is not an http(s) URL is never turned into a link target.
    let w3c: serde_json::Value =
        serde_json::from_slice(&file(&project, ExportFormat::W3c)).unwrap();
    for item in w3c["first"]["items"].as_array().unwrap() {
        for body in item["body"].as_array().unwrap() {
            if body["type"] == "SpecificResource" {
                let source = body["source"].as_str().unwrap();
                assert!(
                    source.starts_with("urn:uuid:") || source.starts_with("https://"),
                    "{source}"
                );
            }
        }
        let source = item["target"]["source"].as_str().unwrap();
        assert!(source.starts_with("urn:uuid:"), "{source}");
    }
    let ExportOutput::Folder(files) = render(&project, ExportFormat::Brat, &options()).unwrap()
    else {
        panic!("brat is a folder");
    };
    let ann = String::from_utf8(files[1].bytes.clone()).unwrap();
    // Every line is one annotation: notes with tabs and carriage returns stay on their line.
    for line in ann.lines() {
        assert!(
            line.starts_with('T') || line.starts_with('R') || line.starts_with('#'),
            "{line:?}"
        );
        assert!(!line.contains('\r'));
        // A note keeps its own tabs after the second one (brat's note is the rest of the
        // line).
        let tabs = line.matches('\t').count();
        match line.chars().next() {
            Some('R') => assert_eq!(tabs, 1, "{line:?}"),
            Some('T') => assert_eq!(tabs, 2, "{line:?}"),
            _ => assert!(tabs >= 2, "{line:?}"),
        }
    }
}
