//! brat standoff: `NAME.txt` (the article text, exactly: UTF-8 without a byte-order mark,
//! `\n` line ends) and `NAME.ann`, for the brat annotation tool and the NLP tools that read
//! its format. The export's folder is a brat collection; several projects can share one.
//!
//! `NAME.ann` has, in this order:
//! - `T` lines, one per annotation in text order (`T1` is the first): `Claim`, `Source` or
//!   `Dispute`, code-point offsets into `NAME.txt`, and the span's text. brat reads the
//!   `.txt` as Unicode text and counts characters (code points), so the offsets are the
//!   project's own. An `.ann` line cannot hold a line break, so a span that crosses one is
//!   written as brat's discontinuous span, one fragment per line (`Claim 10 20;21 30`),
//!   its text the fragments joined by a space, exactly as brat checks it. Tabs and the other
//!   characters Python counts as line breaks split fragments the same way.
//! - `R` lines for links: `Supports` from a source, `Contests` from a dispute; `Arg1:` the
//!   source or dispute, `Arg2:` the claim.
//! - `#` lines, `AnnotatorNotes` on a `T`: the verdict, the note and the reference, on one
//!   line.
//!
//! Beside them, the collection's `annotation.conf` (the entity types `Claim`, `Source` and
//! `Dispute`; the relations `Supports` from a `Source` and `Contests` from a `Dispute` to a
//! `Claim`; `<OVERLAP>` rules that let spans of any type nest in and cross each other, as
//! Factmark's do) and `visual.conf` (Factmark's colours). Without `annotation.conf` brat shows
//! every span and relation as an error. An existing `annotation.conf` or `visual.conf` with
//! other content is never replaced: the export stops with an error (see
//! [`super::ExportError::WouldReplaceConf`]).
//!
//! Limits: brat has no place for the annotation ids, authors and times (they are in the
//! other formats), and a span made only of line breaks cannot be written exactly (brat would
//! reject its text); it is written over its whole range.

use std::fmt::Write as _;
use std::ops::Range;

use crate::model::{Annotation, ArticleText, Kind, Project};

use super::{ExportOptions, OutputFile};

/// The entity type of a kind.
pub fn entity_type(kind: Kind) -> &'static str {
    kind.label()
}

/// The relation from a source or dispute to a claim.
pub fn relation_type(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Claim => None,
        Kind::Source => Some("Supports"),
        Kind::Dispute => Some("Contests"),
    }
}

/// The collection's configuration files, which other exports into the same folder share.
pub const CONF_FILES: [&str; 2] = ["annotation.conf", "visual.conf"];

/// brat's `annotation.conf` for Factmark's types.
pub fn annotation_conf() -> String {
    let mut out = String::from("# Written by Factmark: its span kinds and links.\n[entities]\n");
    for kind in Kind::ALL {
        let _ = writeln!(out, "{}", entity_type(kind));
    }
    out.push_str("\n[relations]\n");
    for kind in Kind::ALL {
        if let Some(relation) = relation_type(kind) {
            let _ = writeln!(
                out,
                "{relation}\tArg1:{}, Arg2:{}",
                entity_type(kind),
                entity_type(Kind::Claim)
            );
        }
    }
    // Factmark's spans nest in and cross each other, whatever their types.
    out.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    out.push_str("\n[events]\n\n[attributes]\n");
    out
}

/// brat's `visual.conf`: Factmark's colours (the report's highlight fills, its line colours
/// for borders and relation arrows).
pub fn visual_conf() -> String {
    let mut out = String::from("# Written by Factmark: its colours.\n[labels]\n");
    for kind in Kind::ALL {
        let _ = writeln!(out, "{0} | {0}", entity_type(kind));
    }
    for kind in Kind::ALL {
        if let Some(relation) = relation_type(kind) {
            let _ = writeln!(out, "{relation} | {relation}");
        }
    }
    out.push_str("\n[drawing]\n");
    for kind in Kind::ALL {
        let colours = crate::palette::kind(kind);
        let _ = writeln!(
            out,
            "{}\tbgColor:{}, borderColor:{}",
            entity_type(kind),
            crate::palette::printed_fill(colours, 2).hex(),
            colours.light.hex()
        );
    }
    for kind in Kind::ALL {
        if let Some(relation) = relation_type(kind) {
            let _ = writeln!(
                out,
                "{relation}\tcolor:{}",
                crate::palette::kind(kind).light.hex()
            );
        }
    }
    out
}

/// `NAME.txt`, `NAME.ann`, `annotation.conf` and `visual.conf`, NAME being the options' base
/// name made a plain file name.
pub fn render(project: &Project, options: &ExportOptions) -> Vec<OutputFile> {
    let stem = file_stem(&options.base_name);
    vec![
        OutputFile {
            name: format!("{stem}.txt"),
            bytes: project.article().text.as_str().as_bytes().to_vec(),
        },
        OutputFile {
            name: format!("{stem}.ann"),
            bytes: ann(project).into_bytes(),
        },
        OutputFile {
            name: CONF_FILES[0].to_string(),
            bytes: annotation_conf().into_bytes(),
        },
        OutputFile {
            name: CONF_FILES[1].to_string(),
            bytes: visual_conf().into_bytes(),
        },
    ]
}

/// The contents of `NAME.ann`.
pub fn ann(project: &Project) -> String {
    let text = &project.article().text;
    let annotations = project.annotations();
    let mut out = String::with_capacity(annotations.len() * 120);
    let t_number: std::collections::HashMap<&str, usize> = annotations
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i + 1))
        .collect();

    for (i, a) in annotations.iter().enumerate() {
        let fragments = fragments(text, a);
        let spans: Vec<String> = fragments
            .iter()
            .map(|r| format!("{} {}", r.start, r.end))
            .collect();
        let span_text: Vec<String> = fragments
            .iter()
            .map(|r| one_line(text.slice(r.clone()).unwrap_or_default()))
            .collect();
        let _ = writeln!(
            out,
            "T{}\t{} {}\t{}",
            i + 1,
            entity_type(a.kind),
            spans.join(";"),
            span_text.join(" ")
        );
    }
    let mut r = 0;
    for (i, a) in annotations.iter().enumerate() {
        let Some(relation) = relation_type(a.kind) else {
            continue;
        };
        for claim in &a.claims {
            if let Some(c) = t_number.get(claim.as_str()) {
                r += 1;
                let _ = writeln!(out, "R{r}\t{relation} Arg1:T{} Arg2:T{c}", i + 1);
            }
        }
    }
    let mut n = 0;
    for (i, a) in annotations.iter().enumerate() {
        let note = note_text(a);
        if !note.is_empty() {
            n += 1;
            let _ = writeln!(out, "#{n}\tAnnotatorNotes T{}\t{note}", i + 1);
        }
    }
    out
}

/// The code-point ranges brat gets for an annotation: its span cut at line breaks and tabs,
/// empty pieces dropped. Never empty.
pub fn fragments(text: &ArticleText, a: &Annotation) -> Vec<Range<usize>> {
    let mut fragments = Vec::new();
    let mut from = a.start;
    for (i, c) in a.quote.chars().enumerate() {
        if breaks_line(c) {
            let at = a.start + i;
            if from < at {
                fragments.push(from..at);
            }
            from = at + 1;
        }
    }
    if from < a.end {
        fragments.push(from..a.end);
    }
    if fragments.is_empty() {
        // Only line breaks: nothing brat can show; keep the span rather than drop it.
        fragments.push(a.range());
    }
    debug_assert!(fragments.iter().all(|r| text.slice(r.clone()).is_some()));
    fragments
}

/// Characters that end a line for the readers of `.ann` files (Python's `str.splitlines`,
/// which older brat uses) or separate its fields.
fn breaks_line(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\t'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if breaks_line(c) { ' ' } else { c })
        .collect()
}

/// The note line of an annotation: "Claimant: X. Claim: Y. Verdict: Mostly true.
/// Explanation: Z. <note> Evidence: <citation>; <citation>" (brat has one free-text note).
pub fn note_text(a: &Annotation) -> String {
    let clean = |s: &str| collapse_whitespace(&one_line(s));
    let mut parts = Vec::new();
    let r = &a.record;
    if let Some(claimant) = &r.claimant {
        parts.push(format!("Claimant: {}.", clean(&claimant.display())));
    }
    if let Some(checked) = r
        .claim_checked
        .as_deref()
        .map(clean)
        .filter(|c| !c.is_empty())
    {
        parts.push(format!("Claim: {checked}"));
    }
    if let Some(v) = a.verdict {
        parts.push(format!("Verdict: {}.", v.label()));
    }
    let explanation = clean(&r.explanation);
    if !explanation.is_empty() {
        parts.push(format!("Explanation: {explanation}"));
    }
    // The note as written, leading tabs and spaces included: brat's note is the rest of
    // the line after the second tab, so only line breaks need replacing.
    let note = note_line(&a.note);
    if !note.trim().is_empty() {
        parts.push(note);
    }
    let evidence: Vec<String> = a
        .evidence
        .iter()
        .map(|e| clean(&e.citation()))
        .filter(|c| !c.is_empty())
        .collect();
    if !evidence.is_empty() {
        parts.push(format!("Evidence: {}", evidence.join("; ")));
    }
    parts.join(" ")
}

/// Free text on one line: line breaks (not tabs) become spaces, trailing space is dropped.
fn note_line(s: &str) -> String {
    s.chars()
        .map(|c| if c != '\t' && breaks_line(c) { ' ' } else { c })
        .collect::<String>()
        .trim_end()
        .to_string()
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A base name as a plain file name: no folder separators, never empty, `.` or `..`.
fn file_stem(base_name: &str) -> String {
    let stem: String = base_name
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    if stem.trim_matches('.').is_empty() {
        "article".to_string()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleMetadata, Edit};

    fn project(text: &str) -> Project {
        Project::new(
            Article::new(
                ArticleMetadata::default(),
                ArticleText::new(text.to_string()),
            ),
            "2026-11-26T10:00:00Z",
        )
    }

    #[test]
    fn spans_across_lines_become_fragments_whose_text_brat_accepts() {
        let mut p = project("One line\nnext\tline");
        let a = p
            .make_annotation(Kind::Claim, 4..18, None, "2026-11-26T10:00:00Z")
            .unwrap();
        p.apply(&Edit::Add(a.clone())).unwrap();
        assert_eq!(fragments(&p.article().text, &a), [4..8, 9..13, 14..18]);
        assert_eq!(ann(&p), "T1\tClaim 4 8;9 13;14 18\tline next line\n");
    }

    #[test]
    fn file_stems_are_plain_names() {
        assert_eq!(file_stem("nso"), "nso");
        assert_eq!(file_stem("../x/y"), "..-x-y");
        assert_eq!(file_stem(".."), "article");
        assert_eq!(file_stem(""), "article");
    }
}
