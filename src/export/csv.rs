//! CSV: one row per annotation, in text order, for spreadsheets and scripts.
//!
//! Columns: `id, kind, start, end, quote, prefix, suffix, note, verdict, claims, reference,
//! author, created, modified` (`claims` joined by `;`, absent values empty). Annotations that
//! need review after an article update come last, with `start` and `end` empty: they have no
//! place in the current text (their quote and context are from the earlier version). RFC 4180 (CRLF
//! line ends, fields quoted when needed) via the `csv` crate. UTF-8 with a byte-order mark so
//! spreadsheet programs read accents and non-Latin scripts right.
//!
//! Formula-injection guard (OWASP): a cell whose first character is `=`, `+`, `-`, `@`, tab
//! or carriage return gets a leading `'`, so a spreadsheet shows it as text instead of
//! running it. The guard changes what a script reading the file sees: such a cell's value
//! is the original with one `'` in front (and spreadsheets show the `'` too, so a guarded
//! quote no longer equals the article text). Pipelines that read the file with a CSV
//! library, never a spreadsheet, turn it off ([`super::ExportOptions::formula_guard`],
//! `--no-formula-guard`) and get every cell exactly as in the project.

use crate::model::Project;

/// The header row.
pub const COLUMNS: [&str; 23] = [
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
    "modified",
];

/// The byte-order mark that starts the file.
pub const BOM: &str = "\u{FEFF}";

/// `formula_guard`: whether to guard cells a spreadsheet would run (see the module docs).
pub fn render(project: &Project, formula_guard: bool) -> Vec<u8> {
    let mut out = BOM.as_bytes().to_vec();
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing into a Vec cannot fail, and every row has the header's length.
    writer
        .write_record(COLUMNS)
        .expect("writing CSV into memory");
    let placed = project.annotations().iter().map(|a| (a, true));
    let unplaced = project.needs_review().iter().map(|a| (a, false));
    for (a, is_placed) in placed.chain(unplaced) {
        let (start, end) = if is_placed {
            (a.start.to_string(), a.end.to_string())
        } else {
            (String::new(), String::new())
        };
        let claims = a.claims.join(";");
        let r = &a.record;
        let claimant = r.claimant.as_ref();
        let first_said = r.first_said.as_ref();
        // One citation per line in the cell; the addresses (and archived copies) apart, for
        // checking links in a spreadsheet.
        let evidence: Vec<String> = a.evidence.iter().map(|e| e.citation()).collect();
        let evidence = evidence.join("\n");
        let urls: Vec<&str> = a
            .evidence
            .iter()
            .flat_map(|e| [e.url.as_deref(), e.archive_url.as_deref()])
            .flatten()
            .collect();
        let urls = urls.join(" ");
        let row: [&str; 23] = [
            &a.id,
            a.kind.as_str(),
            &start,
            &end,
            &a.quote,
            &a.prefix,
            &a.suffix,
            &a.note,
            a.verdict.map_or("", |v| v.as_str()),
            claimant.map_or("", |c| c.name.as_str()),
            claimant.and_then(|c| c.role.as_deref()).unwrap_or(""),
            claimant.map_or("", |c| c.kind.as_str()),
            r.claim_checked.as_deref().unwrap_or(""),
            first_said.and_then(|f| f.date.as_deref()).unwrap_or(""),
            first_said.and_then(|f| f.url.as_deref()).unwrap_or(""),
            &r.explanation,
            r.review_url.as_deref().unwrap_or(""),
            &claims,
            &evidence,
            &urls,
            a.author.as_deref().unwrap_or(""),
            &a.created,
            &a.modified,
        ];
        writer
            .write_record(row.iter().map(|&cell| {
                if formula_guard {
                    guard_formula(cell).into_owned()
                } else {
                    cell.to_string()
                }
            }))
            .expect("writing CSV into memory");
    }
    writer.flush().expect("writing CSV into memory");
    drop(writer);
    out
}

/// Prefix `'` to a cell a spreadsheet would take for a formula.
pub fn guard_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_characters_are_guarded_and_nothing_else() {
        for risky in ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(guard_formula(risky), format!("'{risky}"));
        }
        for safe in ["", "a=1", " =1", "'quoted", "1-2", "\nx", "＝1"] {
            assert_eq!(guard_formula(safe), safe);
        }
    }
}
