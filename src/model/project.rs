//! A project: one article and its annotations, kept in text order.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};

use super::annotation::{Annotation, CONTEXT_CHARS, Kind};
use super::article::{Article, ArticleMetadata};
use super::edit::{Edit, EditError};
use super::validate::{self, Problem};

/// Number of annotations of each kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindCounts {
    pub claims: usize,
    pub sources: usize,
    pub disputes: usize,
}

impl KindCounts {
    pub fn get(&self, kind: Kind) -> usize {
        match kind {
            Kind::Claim => self.claims,
            Kind::Source => self.sources,
            Kind::Dispute => self.disputes,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Project {
    /// RFC 3339.
    pub created: String,
    /// RFC 3339; set when the project is saved.
    pub modified: String,
    article: Article,
    /// Always sorted by [`Annotation::sort_key`], ids unique.
    annotations: Vec<Annotation>,
    /// id → (start, end): finds an annotation by binary search instead of a scan, which
    /// matters with tens of thousands of them.
    spans_by_id: HashMap<String, (usize, usize)>,
    /// Unknown top-level fields, written back unchanged.
    pub extra: Map<String, Value>,
    /// Bumped by every applied edit; views use it to know when to rebuild caches.
    revision: u64,
}

/// Two projects are equal when their content is; the revision counter is not content.
impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        self.created == other.created
            && self.modified == other.modified
            && self.article == other.article
            && self.annotations == other.annotations
            && self.extra == other.extra
    }
}

impl Project {
    /// A new project with no annotations.
    pub fn new(article: Article, now: &str) -> Self {
        Self {
            created: now.to_string(),
            modified: now.to_string(),
            article,
            annotations: Vec::new(),
            spans_by_id: HashMap::new(),
            extra: Map::new(),
            revision: 0,
        }
    }

    /// Assemble a project read from a file. Every model rule is checked; all problems found
    /// are returned, not just the first.
    pub fn from_parts(
        created: String,
        modified: String,
        article: Article,
        mut annotations: Vec<Annotation>,
        extra: Map<String, Value>,
    ) -> Result<Self, Vec<Problem>> {
        let problems = validate::check(&article, &annotations);
        if !problems.is_empty() {
            return Err(problems);
        }
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let spans_by_id = annotations
            .iter()
            .map(|a| (a.id.clone(), (a.start, a.end)))
            .collect();
        Ok(Self {
            created,
            modified,
            article,
            annotations,
            spans_by_id,
            extra,
            revision: 0,
        })
    }

    pub fn article(&self) -> &Article {
        &self.article
    }

    /// Annotations in text order: by start, then end, then id.
    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        self.position(id).map(|i| &self.annotations[i])
    }

    /// Index of an annotation in [`Self::annotations`].
    pub fn position(&self, id: &str) -> Option<usize> {
        let &(start, end) = self.spans_by_id.get(id)?;
        let at = self
            .annotations
            .partition_point(|a| a.sort_key() < (start, end, id));
        (self.annotations.get(at)?.id == id).then_some(at)
    }

    /// Insert keeping text order and the id index.
    fn insert_sorted(&mut self, annotation: Annotation) {
        let at = self
            .annotations
            .partition_point(|a| a.sort_key() < annotation.sort_key());
        self.spans_by_id
            .insert(annotation.id.clone(), (annotation.start, annotation.end));
        self.annotations.insert(at, annotation);
    }

    fn remove_at(&mut self, at: usize) -> Annotation {
        let removed = self.annotations.remove(at);
        self.spans_by_id.remove(&removed.id);
        removed
    }

    /// Changes whenever an edit is applied.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn counts(&self) -> KindCounts {
        let mut counts = KindCounts::default();
        for a in &self.annotations {
            match a.kind {
                Kind::Claim => counts.claims += 1,
                Kind::Source => counts.sources += 1,
                Kind::Dispute => counts.disputes += 1,
            }
        }
        counts
    }

    /// Sources and disputes that name `claim_id` among their claims.
    pub fn linked_to<'a>(&'a self, claim_id: &'a str) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.annotations
            .iter()
            .filter(move |a| a.claims.iter().any(|c| c == claim_id))
    }

    /// A new annotation over `chars` (widened so it splits no grapheme), with its quote and
    /// context filled in and a fresh id. Not yet added: pass it to [`Edit::Add`].
    pub fn make_annotation(
        &self,
        kind: Kind,
        chars: Range<usize>,
        author: Option<String>,
        now: &str,
    ) -> Result<Annotation, EditError> {
        let text = &self.article.text;
        if chars.start >= chars.end || chars.end > text.len_chars() {
            return Err(EditError::BadRange {
                start: chars.start,
                end: chars.end,
                len: text.len_chars(),
            });
        }
        let range = text.snap_to_graphemes(chars);
        let quote = text.slice(range.clone()).unwrap_or_default().to_string();
        Ok(Annotation {
            id: self.fresh_id(),
            kind,
            start: range.start,
            end: range.end,
            prefix: text.context_before(range.start, CONTEXT_CHARS).to_string(),
            suffix: text.context_after(range.end, CONTEXT_CHARS).to_string(),
            quote,
            note: String::new(),
            verdict: None,
            claims: Vec::new(),
            reference: None,
            author,
            created: now.to_string(),
            modified: now.to_string(),
            extra: Map::new(),
        })
    }

    /// An id not used in this project: `a-` and 8 hex digits. Random rather than sequential
    /// so two people annotating copies of one project rarely collide when merging.
    pub fn fresh_id(&self) -> String {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        loop {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
            if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
                hasher.write_u128(t.as_nanos());
            }
            let id = format!("a-{:08x}", hasher.finish() as u32);
            if self.position(&id).is_none() {
                return id;
            }
        }
    }

    /// Apply an edit. On error nothing has changed.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        match edit {
            Edit::Batch(edits) => {
                for (done, e) in edits.iter().enumerate() {
                    if let Err(err) = self.apply(e) {
                        // Roll back what this batch already did, newest first.
                        for applied in edits[..done].iter().rev() {
                            self.apply(&applied.inverse())
                                .expect("the inverse of an applied edit applies");
                        }
                        return Err(err);
                    }
                }
            }
            Edit::Add(annotation) => {
                if self.position(&annotation.id).is_some() {
                    return Err(EditError::DuplicateId(annotation.id.clone()));
                }
                self.check_fits(annotation, None)?;
                self.insert_sorted(annotation.clone());
            }
            Edit::Remove(annotation) => {
                let at = self.expect_current(annotation)?;
                if let Some(linker) = self.linked_to(&annotation.id).next() {
                    return Err(EditError::StillLinked {
                        id: annotation.id.clone(),
                        by: linker.id.clone(),
                    });
                }
                self.remove_at(at);
            }
            Edit::Replace { before, after } => {
                if before.id != after.id {
                    return Err(EditError::IdChanged);
                }
                let at = self.expect_current(before)?;
                self.check_fits(after, Some(&before.id))?;
                if after.kind != Kind::Claim
                    && let Some(linker) = self.linked_to(&before.id).next()
                {
                    return Err(EditError::StillLinked {
                        id: before.id.clone(),
                        by: linker.id.clone(),
                    });
                }
                self.remove_at(at);
                self.insert_sorted((**after).clone());
            }
            Edit::SetMetadata { before, after } => {
                if &self.article.metadata != before {
                    return Err(EditError::Stale("the article details".to_string()));
                }
                self.article.metadata = after.clone();
            }
        }
        self.revision += 1;
        Ok(())
    }

    fn expect_current(&self, annotation: &Annotation) -> Result<usize, EditError> {
        let at = self
            .position(&annotation.id)
            .ok_or_else(|| EditError::NotFound(annotation.id.clone()))?;
        if self.annotations[at] != *annotation {
            return Err(EditError::Stale(format!("annotation {:?}", annotation.id)));
        }
        Ok(at)
    }

    /// The model rules for one annotation about to be added or replaced (`replacing` is the id
    /// it replaces, which may not link to itself).
    fn check_fits(&self, a: &Annotation, replacing: Option<&str>) -> Result<(), EditError> {
        let text = &self.article.text;
        if a.start >= a.end || a.end > text.len_chars() {
            return Err(EditError::BadRange {
                start: a.start,
                end: a.end,
                len: text.len_chars(),
            });
        }
        if text.slice(a.range()) != Some(a.quote.as_str()) {
            return Err(EditError::QuoteMismatch(a.id.clone()));
        }
        if a.verdict.is_some() && a.kind != Kind::Claim {
            return Err(EditError::VerdictOnNonClaim(a.id.clone()));
        }
        if !a.claims.is_empty() && !a.kind.links_to_claims() {
            return Err(EditError::ClaimLinksToClaims(a.id.clone()));
        }
        for claim in &a.claims {
            let is_claim = Some(claim.as_str()) != replacing
                && self
                    .annotation(claim)
                    .is_some_and(|c| c.kind == Kind::Claim);
            if !is_claim {
                return Err(EditError::NotAClaim(claim.clone()));
            }
        }
        Ok(())
    }

    /// How many annotations differ between two versions of a project: in one but not the
    /// other, or changed.
    pub fn annotation_differences(&self, other: &Project) -> usize {
        let changed_or_gone = self
            .annotations
            .iter()
            .filter(|a| other.annotation(&a.id) != Some(a))
            .count();
        let added = other
            .annotations
            .iter()
            .filter(|a| self.annotation(&a.id).is_none())
            .count();
        changed_or_gone + added
    }

    /// Metadata edit helper: the edit that changes the article details to `after`.
    pub fn edit_metadata(&self, after: ArticleMetadata) -> Edit {
        Edit::SetMetadata {
            before: self.article.metadata.clone(),
            after,
        }
    }
}
