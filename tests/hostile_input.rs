//! Hostile and broken input: bounded fuzzing of the project loader and the article decoder on
//! every `cargo test` (no panic, no hang, a clear error), the regression corpus of inputs that
//! once caused trouble, and the size limits.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use factmark::import::text::decode_article_text;
use factmark::import::{
    ArticleFormat, ImportErrorKind, MAX_ARTICLE_BYTES, import_bytes, import_clipboard, import_file,
};
use factmark::project_file::{
    LoadErrorKind, MAX_PROJECT_BYTES, ParseError, load_project, parse_project, project_to_json,
};
use proptest::prelude::*;

fn sample_bytes() -> Vec<u8> {
    std::fs::read(common::sample_project_path()).unwrap()
}

/// A loader outcome must be a project or an error that says something.
fn check_project_bytes(bytes: &[u8]) {
    let start = Instant::now();
    match parse_project(bytes) {
        Ok(project) => {
            // Whatever loads must save and load back to itself.
            let again = parse_project(&project_to_json(&project))
                .expect("a loaded project re-saves validly");
            assert_eq!(again, project);
        }
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
}

/// One random edit of a byte string.
#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens: Vec<Vec<u8>> = [
        "{",
        "}",
        "[",
        "]",
        "\"",
        "\\",
        ",",
        ":",
        "null",
        "-1",
        "1e309",
        "18446744073709551616",
        "\\u0000",
        "\\ud800",
        "\\udfff",
        "\u{0}",
        "\"kind\":\"x\",",
        "\"start\":",
        "\"verdict\":\"true\"",
        "\u{1F600}",
        "\r\n",
        "\u{feff}",
        "9999999999",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), proptest::sample::select(tokens))
            .prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 1usize..256).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let at = |i: usize, len: usize| i % (len + 1);
    match m {
        Mutation::Flip(i, b) => {
            let i = i % bytes.len();
            bytes[i] ^= b | 1;
        }
        Mutation::Truncate(i) => bytes.truncate(at(*i, bytes.len())),
        Mutation::Insert(i, t) => {
            let i = at(*i, bytes.len());
            bytes.splice(i..i, t.iter().copied());
        }
        Mutation::Delete(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Duplicate(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            let piece = bytes[i..end].to_vec();
            bytes.splice(i..i, piece);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_project_files_never_panic(mutations in proptest::collection::vec(mutation(), 1..6)) {
        let mut bytes = sample_bytes();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check_project_bytes(&bytes);
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check_project_bytes(&bytes);
        let _ = decode_article_text(&bytes);
    }

    #[test]
    fn random_json_values_never_panic(value in json_value()) {
        check_project_bytes(value.to_string().as_bytes());
        // The same value as a project's unknown field, or as an annotation.
        let mut project: serde_json::Value = serde_json::from_slice(&sample_bytes()).unwrap();
        project["x-extra"] = value.clone();
        project["annotations"][0]["start"] = value.clone();
        check_project_bytes(project.to_string().as_bytes());
        project["annotations"][0] = value;
        check_project_bytes(project.to_string().as_bytes());
    }

    #[test]
    fn decoded_text_is_valid_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..512), bom in 0usize..4) {
        let mut input = [&b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"][bom].to_vec();
        input.extend(bytes);
        if let Ok(text) = decode_article_text(&input) {
            prop_assert!(!text.contains('\r'));
            prop_assert!(!text.contains('\0'));
        }
    }
}

/// An importer's outcome must be an article whose text is valid article text (no CR, no NUL,
/// not empty), or an error that says something; and quickly.
fn check_import(bytes: &[u8]) {
    for format in [
        None,
        Some(ArticleFormat::Html),
        Some(ArticleFormat::Markdown),
        Some(ArticleFormat::PlainText),
    ] {
        let start = Instant::now();
        match import_bytes(bytes, format, "fallback") {
            Ok(article) => {
                assert!(!article.text.trim().is_empty());
                assert!(
                    !article.text.contains('\r') && !article.text.contains('\0'),
                    "{format:?}"
                );
                assert!(!article.metadata.title.trim().is_empty());
            }
            Err(e) => assert!(!e.to_string().trim().is_empty()),
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{format:?} took {:?}",
            start.elapsed()
        );
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = import_clipboard(text);
    }
}

fn fixture_pages() -> Vec<Vec<u8>> {
    let dir = common::repo_path("tests/fixtures/import");
    let mut pages: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "md"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    pages.sort();
    pages
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_web_pages_and_markdown_never_panic(
        page in 0usize..16,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let pages = fixture_pages();
        let mut bytes = pages[page % pages.len()].clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check_import(&bytes);
    }

    #[test]
    fn random_markup_never_panics(tokens in proptest::collection::vec(markup_token(), 0..200)) {
        check_import(tokens.concat().as_bytes());
    }
}

/// Pieces of HTML and Markdown, in any order: unbalanced tags, entities, scripts, headings.
fn markup_token() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "<html lang=\"ar\">",
            "<article>",
            "</article>",
            "<p>",
            "</p>",
            "<br>",
            "<script>",
            "</script>",
            "<style>x{}</style>",
            "<nav>",
            "</nav>",
            "<h1>",
            "</h1>",
            "<li>",
            "<table><tr><td>",
            "&amp;",
            "&#x0;",
            "&#xD800;",
            "&nbsp;",
            "<meta charset=\"utf-16\">",
            "<meta charset=\"windows-1252\">",
            "<meta property=\"og:title\" content=\"T\">",
            "<!--",
            "-->",
            "<![CDATA[",
            "# ",
            "**",
            "[a](b)",
            "```",
            "\n",
            "\r\n",
            " ",
            "\u{202E}",
            "\u{FEFF}",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9 \u{0600}-\u{06FF}]{0,12}",
    ]
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,20}".prop_map(Value::String),
    ];
    leaf.prop_recursive(8, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z]{1,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Inputs that once caused trouble (or that a fuzzer found), kept as files: each must load
/// or fail cleanly, forever.
#[test]
fn the_regression_corpus_loads_or_fails_cleanly() {
    let dir = common::repo_path("tests/fuzz_corpus");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        check_project_bytes(&bytes);
        check_import(&bytes);
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} corpus files");
}

#[test]
fn deep_nesting_and_huge_values_get_clear_errors() {
    let deep = "[".repeat(1_000_000);
    let e = parse_project(deep.as_bytes()).unwrap_err();
    assert!(
        e.to_string().contains("invalid type") || e.to_string().contains("recursion"),
        "{e}"
    );
    let deep_field = format!(
        r#"{{"format":"factmark-project","version":1,"x":{}{},"article":{{"text":"a"}}}}"#,
        "{\"a\":".repeat(10_000),
        "}".repeat(10_000)
    );
    let e = parse_project(deep_field.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("recursion limit"), "{e}");
    let big_offset = r#"{"format":"factmark-project","version":1,"article":{"text":"abc"},
        "annotations":[{"id":"a","kind":"claim","start":0,"end":18446744073709551615,"quote":"abc"}]}"#;
    let e = parse_project(big_offset.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("past the end"), "{e}");
}

/// A file of `len` bytes that takes no disk space (a sparse file).
fn sparse_file(path: &Path, len: u64) {
    let f = std::fs::File::create(path).unwrap();
    f.set_len(len).unwrap();
}

#[test]
fn oversized_files_are_refused_before_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("huge.txt");
    sparse_file(&article, MAX_ARTICLE_BYTES + 1);
    let start = Instant::now();
    let e = import_file(&article).unwrap_err();
    assert!(matches!(e.kind, ImportErrorKind::TooLarge { .. }), "{e}");
    assert!(
        e.to_string().contains("huge.txt") && e.to_string().contains("up to 50 MB"),
        "{e}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "it was read: {:?}",
        start.elapsed()
    );

    let project = dir.path().join("huge.factmark.json");
    sparse_file(&project, MAX_PROJECT_BYTES + 1);
    let start = Instant::now();
    let e = load_project(&project).unwrap_err();
    assert!(matches!(e.kind, LoadErrorKind::TooLarge { .. }), "{e}");
    assert!(e.to_string().contains("up to 200 MB"), "{e}");
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_two_megabyte_article_opens_fine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let text = factmark::synthetic::article_text(2 * 1024 * 1024, 3);
    std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
    let imported = import_file(&path).unwrap();
    assert_eq!(imported.text, text);
}

#[test]
fn nul_bytes_are_refused_in_articles_and_projects() {
    assert!(decode_article_text(b"text\0more").is_err());
    let mut bytes = sample_bytes();
    let at = bytes.windows(6).position(|w| w == b"Israel").unwrap();
    bytes[at] = 0;
    assert!(matches!(
        parse_project(&bytes),
        Err(ParseError::Json { .. })
    ));
}
