//! Code-point offsets stay exact on text that trips up other tools: ZWJ emoji, flags,
//! combining marks, CJK, Arabic, NBSP, and CRLF line endings on import.

mod common;

use common::{NOW, find_chars, project_with_text, tag};
use factmark::import::text::decode_article_text;
use factmark::model::{ArticleText, Kind};
use factmark::project_file::{parse_project, project_to_json};

/// The article as a Windows editor would save it: CRLF line endings.
const CRLF_ARTICLE: &str = "Family 👩‍👩‍👧‍👦 photo by the 🇺🇦 flag.\r\n\
    Café au lait, written cafe\u{301}, costs 10\u{a0}000 ₫.\r\n\
    北京报道：官员否认了该说法。\r\n\
    قال المتحدث إن التقرير صحيح في 2026.\r\n\
    Last line 🙂";

const NEEDLES: [&str; 9] = [
    "👩‍👩‍👧‍👦",
    "🇺🇦",
    "cafe\u{301}",
    "10\u{a0}000",
    "北京报道",
    "官员否认了该说法",
    "التقرير صحيح",
    "2026",
    "🙂",
];

fn imported() -> String {
    decode_article_text(CRLF_ARTICLE.as_bytes()).unwrap()
}

#[test]
fn crlf_is_normalized_so_offsets_count_one_newline() {
    let text = imported();
    assert!(!text.contains('\r'));
    assert_eq!(text.lines().count(), 5);
    // The third line starts right after two '\n', not two "\r\n".
    let third = find_chars(&text, "北京", 1).start;
    let expected = CRLF_ARTICLE
        .split("\r\n")
        .take(2)
        .map(|l| l.chars().count() + 1)
        .sum::<usize>();
    assert_eq!(third, expected);
}

#[test]
fn quotes_are_exact_at_their_offsets_in_every_script() {
    let text = imported();
    let mut project = project_with_text(&text);
    for needle in NEEDLES {
        let id = tag(&mut project, Kind::Claim, needle);
        let a = project.annotation(&id).unwrap();
        assert_eq!(a.quote, needle);
        assert_eq!(a.range(), find_chars(&text, needle, 1), "{needle}");
        assert_eq!(project.article().text.slice(a.range()), Some(needle));
    }
    // And they survive a save and a load, offsets and quotes unchanged.
    let reloaded = parse_project(&project_to_json(&project)).unwrap();
    assert_eq!(reloaded, project);
}

#[test]
fn bytes_and_code_points_convert_both_ways() {
    let text = imported();
    let article = ArticleText::new(text.clone());
    for needle in NEEDLES {
        let chars = find_chars(&text, needle, 1);
        let byte = text.find(needle).unwrap();
        let bytes = byte..byte + needle.len();
        assert_eq!(
            article.byte_range(chars.clone()),
            Some(bytes.clone()),
            "{needle}"
        );
        assert_eq!(article.char_range(bytes), Some(chars), "{needle}");
    }
}

#[test]
fn a_selection_inside_a_cluster_widens_to_the_whole_cluster() {
    let text = imported();
    let project = project_with_text(&text);
    for cluster in ["👩‍👩‍👧‍👦", "🇺🇦", "e\u{301}"] {
        let whole = find_chars(&text, cluster, 1);
        // Start inside the cluster and end inside it too.
        let inner = whole.start + 1..whole.end - 1;
        let inner = if inner.is_empty() {
            whole.start + 1..whole.start + 2
        } else {
            inner
        };
        let a = project
            .make_annotation(Kind::Source, inner, None, NOW)
            .unwrap();
        assert_eq!(a.range(), whole, "{cluster:?}");
        assert_eq!(a.quote, cluster);
    }
}

#[test]
fn context_is_thirty_two_code_points_not_bytes() {
    let text = "日本語".repeat(20) + "TARGET" + &"ممم".repeat(20);
    let mut project = project_with_text(&text);
    let id = tag(&mut project, Kind::Claim, "TARGET");
    let a = project.annotation(&id).unwrap();
    assert_eq!(a.prefix.chars().count(), 32);
    assert_eq!(a.suffix.chars().count(), 32);
    assert!(text.contains(&format!("{}TARGET{}", a.prefix, a.suffix)));
}
