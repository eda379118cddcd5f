//! A project: one article and its annotations, kept in text order.

use std::collections::HashMap;

/// Ids to places; ahash (randomly keyed) is several times faster than SipHash here.
type IdMap = HashMap<String, (List, usize, usize), ahash::RandomState>;
use std::hash::{BuildHasher, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};

use super::annotation::{Annotation, CONTEXT_CHARS, Kind};
use super::article::{Article, ArticleMetadata};
use super::claim::ClaimRecord;
use super::conflict::Conflict;
use super::dismissed::DismissedSuggestion;
use super::edit::{Edit, EditError};
use super::repair::RepairItem;
use super::revision::Revision;
use super::text::ArticleText;
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

/// The article with its history and every annotation: what an update of the article text
/// replaces as a whole (see [`Edit::ReplaceArticle`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleState {
    pub article: Article,
    /// Earlier texts, oldest first.
    pub revisions: Vec<Revision>,
    /// Annotations placed in the current text.
    pub annotations: Vec<Annotation>,
    /// Annotations that re-anchoring could not place, with their old places.
    pub needs_review: Vec<Annotation>,
    /// Suggestions the user dismissed (their offsets are into this article's text).
    pub dismissed: Vec<DismissedSuggestion>,
}

/// A project's records that are not annotations: what a merge left undecided and what was
/// set aside for repair.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Records {
    pub conflicts: Vec<Conflict>,
    pub needs_repair: Vec<RepairItem>,
}

#[derive(Clone, Debug)]
pub struct Project {
    /// RFC 3339.
    pub created: String,
    /// RFC 3339; set when the project is saved.
    pub modified: String,
    article: Article,
    /// Earlier versions of the article text, oldest first.
    revisions: Vec<Revision>,
    /// Placed in the current text. Always sorted by [`Annotation::sort_key`]; ids unique
    /// across this list and `needs_review`.
    annotations: Vec<Annotation>,
    /// Not placed in the current text (anchor status needs-review); their offsets refer to
    /// the earlier text their anchor names. Sorted like `annotations`.
    needs_review: Vec<Annotation>,
    /// Suggestions the user dismissed.
    dismissed: Vec<DismissedSuggestion>,
    /// What a merge left undecided.
    conflicts: Vec<Conflict>,
    /// Annotations set aside when the file was read because they break a rule, kept as
    /// written.
    needs_repair: Vec<RepairItem>,
    /// id → (list, start, end): finds an annotation by binary search instead of a scan,
    /// which matters with tens of thousands of them. Derived from the lists.
    ids: IdMap,
    /// claim id → how many sources and disputes name it (kept as annotations come and go,
    /// so a list of 10,000 never has to be scanned to show a count).
    inbound: HashMap<String, usize, ahash::RandomState>,
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
            && self.revisions == other.revisions
            && self.annotations == other.annotations
            && self.needs_review == other.needs_review
            && self.dismissed == other.dismissed
            && self.conflicts == other.conflicts
            && self.needs_repair == other.needs_repair
            && self.extra == other.extra
    }
}

/// Which list an annotation lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Placed,
    NeedsReview,
}

fn list_of(a: &Annotation) -> List {
    if a.is_unplaced() {
        List::NeedsReview
    } else {
        List::Placed
    }
}

impl Project {
    /// A new project with no annotations.
    pub fn new(article: Article, now: &str) -> Self {
        Self {
            created: now.to_string(),
            modified: now.to_string(),
            article,
            revisions: Vec::new(),
            annotations: Vec::new(),
            needs_review: Vec::new(),
            dismissed: Vec::new(),
            conflicts: Vec::new(),
            needs_repair: Vec::new(),
            ids: IdMap::default(),
            inbound: HashMap::default(),
            extra: Map::new(),
            revision: 0,
        }
    }

    /// Assemble a project read from a file (format version 1: no history). Every model rule
    /// is checked; all problems found are returned, not just the first.
    pub fn from_parts(
        created: String,
        modified: String,
        article: Article,
        annotations: Vec<Annotation>,
        extra: Map<String, Value>,
    ) -> Result<Self, Vec<Problem>> {
        let state = ArticleState {
            article,
            annotations,
            ..ArticleState::default()
        };
        Self::from_state(created, modified, state, extra)
    }

    /// Assemble a project from its article, history and annotations, checking every rule.
    /// Annotations whose anchor status is needs-review go to [`Self::needs_review`] whichever
    /// list they came in (the file format keeps them apart, and validation says so).
    pub fn from_state(
        created: String,
        modified: String,
        state: ArticleState,
        extra: Map<String, Value>,
    ) -> Result<Self, Vec<Problem>> {
        Self::from_records(created, modified, state, Records::default(), extra)
    }

    /// Assemble a project with the records that are not annotations (conflicts left by a
    /// merge, annotations set aside for repair), checking every rule.
    pub fn from_records(
        created: String,
        modified: String,
        state: ArticleState,
        records: Records,
        extra: Map<String, Value>,
    ) -> Result<Self, Vec<Problem>> {
        let problems = validate::check_state_with_repairs(&state, &records.needs_repair);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self::from_checked_records(
            created, modified, state, records, extra,
        ))
    }

    /// As [`Project::from_records`], for a state the caller has just checked with
    /// [`validate::check_state_with_repairs`] (the file reader, which must check first to
    /// set broken annotations aside; checking twice doubled the load time).
    pub(crate) fn from_checked_records(
        created: String,
        modified: String,
        state: ArticleState,
        records: Records,
        extra: Map<String, Value>,
    ) -> Self {
        let mut project = Self {
            created,
            modified,
            article: state.article,
            revisions: state.revisions,
            annotations: state.annotations,
            needs_review: state.needs_review,
            dismissed: state.dismissed,
            conflicts: records.conflicts,
            needs_repair: records.needs_repair,
            ids: IdMap::default(),
            inbound: HashMap::default(),
            extra,
            revision: 0,
        };
        project.sort();
        project
    }

    /// Sort both lists into text order and rebuild the id index.
    fn sort(&mut self) {
        self.annotations
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.needs_review
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.ids = self
            .all_annotations()
            .map(|a| (a.id.clone(), (list_of(a), a.start, a.end)))
            .collect();
        let mut inbound: HashMap<String, usize, ahash::RandomState> = HashMap::default();
        for claim in self.all_annotations().flat_map(|a| &a.claims) {
            *inbound.entry(claim.clone()).or_default() += 1;
        }
        self.inbound = inbound;
    }

    /// How many sources and disputes name `claim_id` among their claims.
    pub fn inbound_links(&self, claim_id: &str) -> usize {
        self.inbound.get(claim_id).copied().unwrap_or(0)
    }

    pub fn article(&self) -> &Article {
        &self.article
    }

    /// Earlier versions of the article text, oldest first.
    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// The text of an earlier version (or the current one) by its SHA-256, if it is kept.
    pub fn text_by_sha256(&self, sha256: &str) -> Option<&ArticleText> {
        if self.article.text_sha256().eq_ignore_ascii_case(sha256) {
            return Some(&self.article.text);
        }
        self.revisions
            .iter()
            .rev()
            .find(|r| r.text_sha256.eq_ignore_ascii_case(sha256))
            .and_then(|r| r.text.as_deref())
    }

    /// Annotations placed in the current text, in text order: by start, then end, then id.
    /// Those re-anchoring could not place are in [`Self::needs_review`].
    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    /// Annotations that re-anchoring could not place in the current text. Each keeps its
    /// old offsets, quote and context, which refer to the earlier text its
    /// [`Annotation::anchor`] names; none is ever dropped. Place one with
    /// [`Self::edit_set_span`] or remove it with [`Self::edit_remove`].
    pub fn needs_review(&self) -> &[Annotation] {
        &self.needs_review
    }

    /// Suggestions the user dismissed.
    pub fn dismissed_suggestions(&self) -> &[DismissedSuggestion] {
        &self.dismissed
    }

    /// What a merge left for a person to decide.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// Annotations set aside when the file was read, because they break a rule.
    pub fn needs_repair(&self) -> &[RepairItem] {
        &self.needs_repair
    }

    /// Whether `id` names a claim: placed, needing review, or set aside for repair as a claim.
    pub fn is_claim_id(&self, id: &str) -> bool {
        match self.find(id) {
            Some(a) => a.kind == Kind::Claim,
            None => self.needs_repair.iter().any(|r| {
                r.id() == Some(id)
                    && r.raw.get("kind").and_then(Value::as_str) == Some(Kind::Claim.as_str())
            }),
        }
    }

    /// Every annotation: placed ones in text order, then those needing review.
    pub fn all_annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.iter().chain(&self.needs_review)
    }

    /// A placed annotation (see [`Self::find`] for any).
    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        self.position(id).map(|i| &self.annotations[i])
    }

    /// An annotation by id, placed or needing review.
    pub fn find(&self, id: &str) -> Option<&Annotation> {
        self.locate(id).map(|at| self.get(at))
    }

    /// Index of an annotation in [`Self::annotations`].
    pub fn position(&self, id: &str) -> Option<usize> {
        match self.locate(id)? {
            (List::Placed, i) => Some(i),
            (List::NeedsReview, _) => None,
        }
    }

    fn locate(&self, id: &str) -> Option<(List, usize)> {
        let &(list, start, end) = self.ids.get(id)?;
        let annotations = match list {
            List::Placed => &self.annotations,
            List::NeedsReview => &self.needs_review,
        };
        let at = annotations.partition_point(|a| a.sort_key() < (start, end, id));
        (annotations.get(at)?.id == id).then_some((list, at))
    }

    fn list_mut(&mut self, list: List) -> &mut Vec<Annotation> {
        match list {
            List::Placed => &mut self.annotations,
            List::NeedsReview => &mut self.needs_review,
        }
    }

    fn get(&self, (list, at): (List, usize)) -> &Annotation {
        match list {
            List::Placed => &self.annotations[at],
            List::NeedsReview => &self.needs_review[at],
        }
    }

    fn insert_sorted(&mut self, annotation: Annotation) {
        let which = list_of(&annotation);
        self.ids.insert(
            annotation.id.clone(),
            (which, annotation.start, annotation.end),
        );
        for claim in &annotation.claims {
            *self.inbound.entry(claim.clone()).or_default() += 1;
        }
        let list = self.list_mut(which);
        let at = list.partition_point(|a| a.sort_key() < annotation.sort_key());
        list.insert(at, annotation);
    }

    fn remove_at(&mut self, (list, at): (List, usize)) {
        let removed = self.list_mut(list).remove(at);
        self.ids.remove(&removed.id);
        for claim in &removed.claims {
            if let Some(n) = self.inbound.get_mut(claim) {
                *n -= 1;
                if *n == 0 {
                    self.inbound.remove(claim);
                }
            }
        }
    }

    /// The article, its history and all annotations, for [`Edit::ReplaceArticle`].
    pub fn article_state(&self) -> ArticleState {
        ArticleState {
            article: self.article.clone(),
            revisions: self.revisions.clone(),
            annotations: self.annotations.clone(),
            needs_review: self.needs_review.clone(),
            dismissed: self.dismissed.clone(),
        }
    }

    fn matches_state(&self, state: &ArticleState) -> bool {
        self.article == state.article
            && self.revisions == state.revisions
            && self.annotations == state.annotations
            && self.needs_review == state.needs_review
            && self.dismissed == state.dismissed
    }

    /// Changes whenever an edit is applied. (A counter for caches; the article's earlier
    /// texts are [`Self::revisions`].)
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

    /// Sources and disputes (placed or needing review) that name `claim_id` among their
    /// claims.
    pub fn linked_to<'a>(&'a self, claim_id: &'a str) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.all_annotations()
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
            record: ClaimRecord::default(),
            evidence: Vec::new(),
            author,
            created: now.to_string(),
            modified: now.to_string(),
            anchor: None,
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
            if self.locate(&id).is_none() {
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
                if self.locate(&annotation.id).is_some() {
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
            Edit::ReplaceArticle { before, after } => {
                if !self.matches_state(before) {
                    return Err(EditError::Stale("the article text".to_string()));
                }
                let problems = validate::check_state(after);
                if let Some(first) = problems.first() {
                    return Err(EditError::Invalid(first.to_string()));
                }
                let state = (**after).clone();
                self.article = state.article;
                self.revisions = state.revisions;
                self.annotations = state.annotations;
                self.needs_review = state.needs_review;
                self.dismissed = state.dismissed;
                self.sort();
            }
            Edit::SetDismissed { before, after } => {
                if &self.dismissed != before {
                    return Err(EditError::Stale("the dismissed suggestions".to_string()));
                }
                self.dismissed = after.clone();
            }
            Edit::SetConflicts { before, after } => {
                if &self.conflicts != before {
                    return Err(EditError::Stale("the merge conflicts".to_string()));
                }
                self.conflicts = after.clone();
            }
            Edit::SetRepairs { before, after } => {
                if &self.needs_repair != before {
                    return Err(EditError::Stale(
                        "the annotations needing repair".to_string(),
                    ));
                }
                self.needs_repair = after.clone();
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

    fn expect_current(&self, annotation: &Annotation) -> Result<(List, usize), EditError> {
        let at = self
            .locate(&annotation.id)
            .ok_or_else(|| EditError::NotFound(annotation.id.clone()))?;
        if self.get(at) != annotation {
            return Err(EditError::Stale(format!("annotation {:?}", annotation.id)));
        }
        Ok(at)
    }

    /// The model rules for one annotation about to be added or replaced (`replacing` is the id
    /// it replaces, which may not link to itself). A placed annotation must fit the current
    /// text; one needing review must fit the earlier text it names, when that is kept.
    fn check_fits(&self, a: &Annotation, replacing: Option<&str>) -> Result<(), EditError> {
        let text = match &a.anchor {
            Some(anchor) if a.is_unplaced() => self.text_by_sha256(&anchor.text_sha256),
            _ => Some(&self.article.text),
        };
        if a.start >= a.end {
            return Err(EditError::BadRange {
                start: a.start,
                end: a.end,
                len: text.map_or(a.end, ArticleText::len_chars),
            });
        }
        match text {
            Some(text) => {
                if a.end > text.len_chars() {
                    return Err(EditError::BadRange {
                        start: a.start,
                        end: a.end,
                        len: text.len_chars(),
                    });
                }
                if text.slice(a.range()) != Some(a.quote.as_str()) {
                    return Err(EditError::QuoteMismatch(a.id.clone()));
                }
            }
            None => {
                if a.quote.chars().count() != a.end - a.start {
                    return Err(EditError::QuoteMismatch(a.id.clone()));
                }
            }
        }
        if a.verdict.is_some() && a.kind != Kind::Claim {
            return Err(EditError::VerdictOnNonClaim(a.id.clone()));
        }
        if !a.claims.is_empty() && !a.kind.links_to_claims() {
            return Err(EditError::ClaimLinksToClaims(a.id.clone()));
        }
        if a.kind != Kind::Claim && (a.verdict.is_some() || !a.record.is_empty()) {
            return Err(EditError::VerdictOnNonClaim(a.id.clone()));
        }
        for claim in &a.claims {
            let is_claim = Some(claim.as_str()) != replacing && self.is_claim_id(claim);
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
            .all_annotations()
            .filter(|a| other.find(&a.id) != Some(a))
            .count();
        let added = other
            .all_annotations()
            .filter(|a| self.find(&a.id).is_none())
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
