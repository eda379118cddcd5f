//! Importing articles: saved web pages of several layouts, Markdown, plain text in UTF-8 and
//! UTF-16, and bytes that are not text. Each fixture's clean text is compared whole with
//! the `.expected.txt` beside it.

mod common;

use std::path::PathBuf;

use common::repo_path;
use factmark::import::text::DecodeError;
use factmark::import::{ArticleFormat, ImportErrorKind, import_bytes, import_file};
use factmark::model::ArticleMetadata;

fn fixture(name: &str) -> PathBuf {
    repo_path(&format!("tests/fixtures/import/{name}"))
}

fn expected_text(name: &str) -> String {
    let stem = name.rsplit_once('.').unwrap().0;
    std::fs::read_to_string(fixture(&format!("{stem}.expected.txt"))).unwrap()
}

/// Line-by-line comparison, so a failure shows which paragraph differs.
fn assert_same_text(actual: &str, expected: &str, name: &str) {
    let a: Vec<&str> = actual.lines().collect();
    let e: Vec<&str> = expected.lines().collect();
    for (i, (x, y)) in a.iter().zip(&e).enumerate() {
        assert_eq!(x, y, "{name}: paragraph {} differs", i + 1);
    }
    assert_eq!(a.len(), e.len(), "{name}: paragraph count\n{actual}");
    assert_eq!(actual, expected, "{name}");
}

#[test]
fn news_page_with_navigation_ads_scripts_and_byline() {
    let article = import_file(&fixture("news-site.html")).unwrap();
    assert_eq!(article.format, ArticleFormat::Html);
    assert_same_text(&article.text, &expected_text("news-site.html"), "news-site");
    assert_eq!(
        article.metadata,
        ArticleMetadata {
            title: "Port dredging contract went to minister’s cousin, records show".into(),
            url: Some(
                "https://www.harbourgazette.example/world/2026/03/port-dredging-contract".into()
            ),
            outlet: Some("The Harbour Gazette".into()),
            author: Some("Amina Okafor, Tomás Reyes".into()),
            published: Some("2026-03-04T06:30:00+00:00".into()),
            retrieved: None,
            language: Some("en-GB".into()),
        }
    );
    for junk in [
        "Advertisement",
        "Skip to content",
        "cookies",
        "Most read",
        "Share on",
        "scandal",
        "injected",
        "JavaScript",
        "All rights reserved",
        "Investigation",
        "Ports",
    ] {
        assert!(!article.text.contains(junk), "{junk:?} was kept");
    }
}

#[test]
fn legacy_blog_without_article_element_in_its_declared_charset() {
    let article = import_file(&fixture("blog-windows-1252.html")).unwrap();
    assert_same_text(
        &article.text,
        &expected_text("blog-windows-1252.html"),
        "blog",
    );
    let m = &article.metadata;
    assert_eq!(m.title, "Les chiffres du chômage, vraiment en baisse ?");
    assert_eq!(m.author.as_deref(), Some("Claire Dubois"));
    assert_eq!(m.published.as_deref(), Some("2025-11-18T08:15:00+01:00"));
    assert_eq!(m.language.as_deref(), Some("fr-FR"));
    assert_eq!(m.url, None);
}

#[test]
fn table_layout_page_with_br_paragraphs_nested_lists_and_entities() {
    let article = import_file(&fixture("old-table-layout.html")).unwrap();
    assert_same_text(
        &article.text,
        &expected_text("old-table-layout.html"),
        "old-table-layout",
    );
    let m = &article.metadata;
    assert_eq!(m.title, "Council budget: what the numbers say");
    assert_eq!(m.author.as_deref(), Some("R. Patel"));
    assert_eq!(m.published.as_deref(), Some("2009-04-02"));
    assert_eq!(m.language, None);
}

#[test]
fn right_to_left_page() {
    let article = import_file(&fixture("rtl-arabic.html")).unwrap();
    assert_same_text(&article.text, &expected_text("rtl-arabic.html"), "rtl");
    let m = &article.metadata;
    assert_eq!(m.title, "الحكومة تعلن خطة للمياه");
    assert_eq!(m.outlet.as_deref(), Some("صحيفة الواحة"));
    assert_eq!(m.author.as_deref(), Some("سارة الحسن"));
    assert_eq!(m.published.as_deref(), Some("2025-08-19"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://alwaha.example/news/water-plan")
    );
    assert_eq!(m.language.as_deref(), Some("ar"));
}

#[test]
fn utf16_page_with_a_bom_reads_the_same() {
    let html = std::fs::read_to_string(fixture("rtl-arabic.html")).unwrap();
    for (bom, unit) in [
        ([0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]),
        ([0xFE, 0xFF], u16::to_be_bytes),
    ] {
        let bytes: Vec<u8> = bom
            .into_iter()
            .chain(html.encode_utf16().flat_map(unit))
            .collect();
        // No extension: the content says it is a page.
        let article = import_bytes(&bytes, None, "x").unwrap();
        assert_eq!(article.format, ArticleFormat::Html);
        assert_eq!(article.text, expected_text("rtl-arabic.html"));
    }
}

#[test]
fn markdown_without_markup() {
    let article = import_file(&fixture("fact-check.md")).unwrap();
    assert_eq!(article.format, ArticleFormat::Markdown);
    assert_same_text(&article.text, &expected_text("fact-check.md"), "markdown");
    let m = &article.metadata;
    assert_eq!(
        m.title,
        "Fact check: did the city really plant 10,000 trees?"
    );
    assert_eq!(m.author.as_deref(), Some("Lena Fischer"));
    assert_eq!(m.published.as_deref(), Some("2026-02-10"));
    assert_eq!(m.url.as_deref(), Some("https://checkdesk.example/trees"));
}

#[test]
fn utf16_plain_text_and_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Headline: 🇺🇦 café\r\nBody with e\u{301} and 中文.\r\n";
    let path = dir.path().join("article.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, bytes).unwrap();
    let article = import_file(&path).unwrap();
    assert_eq!(article.format, ArticleFormat::PlainText);
    assert_eq!(article.text, text.replace("\r\n", "\n"));
    assert_eq!(article.metadata.title, "Headline: 🇺🇦 café");
}

#[test]
fn bytes_that_are_not_what_they_claim_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let utf16_no_bom: Vec<u8> = "Plain words in UTF-16, written without a byte-order mark.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .chain([0xFF, 0xD8]) // and a lone surrogate, so it is no valid UTF-8 by accident
        .collect();
    let mut late = format!(
        "<html><head><style>{}</style><meta charset=\"windows-1252\"></head><body><p>Caf",
        "p{}".repeat(40_000)
    )
    .into_bytes();
    late.extend_from_slice(b"\xe9</p></body></html>");
    let cases: [(&str, &[u8], &str); 8] = [
        (
            "utf16-no-bom.txt",
            &utf16_no_bom,
            "looks like UTF-16 without a byte-order mark",
        ),
        (
            "declared-utf8.html",
            b"<meta charset=\"utf-8\"><p>Caf\xe9 au lait, and more.</p>",
            "is not valid UTF-8, the charset the page declares, at byte 28",
        ),
        // A declaration after 120 KB of inline style is still found: this one decodes.
        ("late-declaration.html", &late, "SUCCEEDS"),
        (
            "latin1.txt",
            b"Caf\xe9 au lait\n",
            "not valid UTF-8 (line 1, byte 3)",
        ),
        (
            "undeclared.html",
            b"<html><body><p>Caf\xe9</p></body></html>",
            "declares no other charset",
        ),
        (
            "unknown.htm",
            b"<meta charset=\"mac-klingon\"><p>x</p>",
            "unknown charset",
        ),
        ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3", "a PDF document"),
        (
            "empty.html",
            b"<html><body><script>x()</script></body></html>",
            "no text",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        if expected == "SUCCEEDS" {
            let article = import_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(article.text.contains("Café"), "{name}: {:?}", article.text);
            continue;
        }
        let error = import_file(&path).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(name) && message.contains(expected),
            "{name}: {message}"
        );
    }
    // Errors carry their kind for the app.
    let error = import_bytes(b"<p>Caf\xe9</p>", Some(ArticleFormat::Html), "x").unwrap_err();
    assert!(matches!(
        error,
        ImportErrorKind::Decode(DecodeError::UndeclaredNotUtf8 { byte: 6, line: 1 })
    ));
}

#[test]
fn hostile_markup_does_not_hang_or_panic() {
    // Deep nesting, unclosed tags, stray end tags, control characters and an enormous
    // attribute.
    let page = |levels: usize| {
        let mut page = String::from("<!doctype html><title>t</title><body>");
        page.push_str(&"<div><span>".repeat(levels));
        page.push_str("<p>deep text here, deep text here, deep text here</p>");
        page.push_str("</td></table></p>\u{1}<p attr=\"");
        page.push_str(&"x".repeat(100_000));
        page.push_str("\">after</p>");
        page
    };
    let article = import_bytes(page(900).as_bytes(), Some(ArticleFormat::Html), "x").unwrap();
    assert!(article.text.contains("deep text here"), "{}", article.text);
    assert!(!article.text.contains('\u{1}'));
    // Deeper than any real page: refused at once with a clear message, not parsed for
    // minutes (the parser's time grows with the square of the depth).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.html");
    std::fs::write(&path, page(100_000)).unwrap();
    let message = import_file(&path).unwrap_err().to_string();
    assert!(
        message.contains("deep.html") && message.contains("nests more than 2000 elements deep"),
        "{message}"
    );
}

#[test]
fn xhtml_is_read_as_a_web_page_in_the_encoding_its_xml_declaration_names() {
    let mut page = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n\
        <!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\">\n\
        <html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"x-default\"><head><title>Caf"
        .to_vec();
    page.extend_from_slice(b"\xe9 prices</title></head><body><article><h1>Caf\xe9 prices</h1>");
    page.extend_from_slice(
        b"<p>The price of a caf\xe9 cr\xe8me rose, the owners said on Monday.</p>",
    );
    page.extend_from_slice(b"</article></body></html>");
    // No file extension to go by (a .php or .xhtml page): the content says it is HTML.
    let article = import_bytes(&page, None, "story").unwrap();
    assert_eq!(article.metadata.title, "Café prices");
    assert!(
        article.text.contains("café crème rose"),
        "{:?}",
        article.text
    );
    assert!(!article.text.contains("<?xml"));
    assert_eq!(article.metadata.language, None, "x-default is no language");
}
