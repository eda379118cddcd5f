//! Lookups over the open project that are rebuilt only when it changes (its revision), so a
//! frame with 10,000 annotations never scans them all: highlight overlaps and lanes, how many
//! links each annotation has, and lowercased text for the panel's search.

use super::highlight_index::HighlightIndex;
use crate::model::{Kind, Project};

#[derive(Default)]
pub struct ProjectIndex {
    revision: Option<u64>,
    pub highlights: HighlightIndex,
    /// Per annotation (same order as the project's): for a claim, the sources and disputes
    /// naming it; for a source or dispute, the claims it names.
    links: Vec<usize>,
    /// Per annotation: quote, note, reference and id, lowercased — built on the first search
    /// after a change, since most sessions never search.
    haystacks: Option<Vec<String>>,
}

impl ProjectIndex {
    pub fn update(&mut self, project: &Project) {
        if self.revision == Some(project.revision())
            && self.links.len() == project.annotations().len()
        {
            return;
        }
        let annotations = project.annotations();
        self.highlights = HighlightIndex::build(annotations);
        self.links = annotations
            .iter()
            .map(|a| match a.kind {
                Kind::Claim => project.inbound_links(&a.id),
                _ => a.claims.len(),
            })
            .collect();
        self.haystacks = None;
        self.revision = Some(project.revision());
    }

    /// How many links annotation `i` has (see `links`).
    pub fn links(&self, i: usize) -> usize {
        self.links.get(i).copied().unwrap_or(0)
    }

    /// Whether annotation `i` contains `needle` (already lowercased) in its quote, note,
    /// claim record (claimant, claim as checked, explanation), evidence or id.
    pub fn matches(&mut self, project: &Project, i: usize, needle: &str) -> bool {
        let haystacks = self.haystacks.get_or_insert_with(|| {
            project
                .annotations()
                .iter()
                .map(|a| {
                    let mut s = String::with_capacity(a.quote.len() + a.note.len() + 32);
                    let r = &a.record;
                    let claimant = r.claimant.as_ref().map(|c| c.display()).unwrap_or_default();
                    let evidence: Vec<String> = a.evidence.iter().map(|e| e.citation()).collect();
                    let evidence = evidence.join("\u{0}");
                    for part in [
                        a.quote.as_str(),
                        a.note.as_str(),
                        claimant.as_str(),
                        r.claim_checked.as_deref().unwrap_or(""),
                        r.explanation.as_str(),
                        evidence.as_str(),
                        a.id.as_str(),
                    ] {
                        s.push_str(&part.to_lowercase());
                        // A separator no search can span.
                        s.push('\u{0}');
                    }
                    s
                })
                .collect()
        });
        haystacks.get(i).is_some_and(|h| h.contains(needle))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_links_and_searches_case_insensitively() {
        let mut p = crate::synthetic::project(20_000, 60, 5);
        let mut index = ProjectIndex::default();
        index.update(&p);
        for (i, a) in p.annotations().iter().enumerate() {
            let expected = match a.kind {
                Kind::Claim => p.linked_to(&a.id).count(),
                _ => a.claims.len(),
            };
            assert_eq!(index.links(i), expected, "{}", a.id);
        }
        let first = p.annotations()[0].clone();
        let word = first.quote.split(' ').next().unwrap().to_uppercase();
        assert!(index.matches(&p, 0, &word.to_lowercase()));
        // A change rebuilds: the note is searchable at once.
        let e = p
            .edit_set_note(&first.id, "Zanzibar CHECK", "2026-01-01T00:00:00Z")
            .unwrap();
        p.apply(&e).unwrap();
        index.update(&p);
        let i = p.position(&first.id).unwrap();
        assert!(index.matches(&p, i, "zanzibar check"));
    }
}
