//! What a fact-check records about a claim beyond its span: who made it, the claim restated,
//! where it was first said, the public explanation of the verdict, the evidence, and the
//! review that signs the verdict off.

use std::fmt;

use serde_json::{Map, Value};

use super::annotation::Verdict;

/// Whether a claimant is a person or an organisation (schema.org `Person` / `Organization`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ClaimantKind {
    #[default]
    Person,
    Organization,
}

impl ClaimantKind {
    pub const ALL: [ClaimantKind; 2] = [ClaimantKind::Person, ClaimantKind::Organization];

    /// The name used in project files.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimantKind::Person => "person",
            ClaimantKind::Organization => "organization",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClaimantKind::Person => "Person",
            ClaimantKind::Organization => "Organisation",
        }
    }

    /// The schema.org type.
    pub fn schema_type(self) -> &'static str {
        match self {
            ClaimantKind::Person => "Person",
            ClaimantKind::Organization => "Organization",
        }
    }

    pub fn parse(name: &str) -> Option<ClaimantKind> {
        ClaimantKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Who made a claim: never the outlet that reported it, unless the outlet said it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Claimant {
    pub name: String,
    /// E.g. "Trump's physician": what makes the claimant's word matter.
    pub role: Option<String>,
    pub kind: ClaimantKind,
    pub extra: Map<String, Value>,
}

impl Claimant {
    pub fn new(name: impl Into<String>, kind: ClaimantKind) -> Self {
        Self {
            name: name.into(),
            kind,
            ..Self::default()
        }
    }

    /// "Harold Bornstein (Trump's physician)".
    pub fn display(&self) -> String {
        match self.role.as_deref().filter(|r| !r.trim().is_empty()) {
            Some(role) => format!("{} ({role})", self.name),
            None => self.name.clone(),
        }
    }
}

/// Where and when a claim was first made, when it was earlier than this article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FirstSaid {
    /// `YYYY-MM-DD` or an RFC 3339 date-time.
    pub date: Option<String>,
    pub url: Option<String>,
    pub extra: Map<String, Value>,
}

impl FirstSaid {
    pub fn is_empty(&self) -> bool {
        self.date.is_none() && self.url.is_none() && self.extra.is_empty()
    }
}

/// One piece of evidence: a document, page or data set, detailed enough for a reader to
/// find it again (IFCN's code asks that sources let readers replicate the work).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reference {
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    /// When the checker read it: `YYYY-MM-DD` or an RFC 3339 date-time.
    pub accessed: Option<String>,
    /// An archived copy (Wayback Machine, archive.today…), pasted by the user.
    pub archive_url: Option<String>,
    /// The passage that matters, quoted.
    pub quote: Option<String>,
    pub extra: Map<String, Value>,
}

impl Reference {
    /// Version 2's free-text `reference`: a bare URL becomes the URL, anything else the title.
    pub fn from_v2_text(text: &str) -> Option<Reference> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let is_url = is_web_url(text) && !text.contains(char::is_whitespace);
        Some(if is_url {
            Reference {
                url: Some(text.to_string()),
                ..Reference::default()
            }
        } else {
            Reference {
                title: Some(text.to_string()),
                ..Reference::default()
            }
        })
    }

    /// Whether nothing is filled in.
    pub fn is_blank(&self) -> bool {
        [
            &self.title,
            &self.url,
            &self.publisher,
            &self.accessed,
            &self.archive_url,
            &self.quote,
        ]
        .iter()
        .all(|f| f.as_deref().is_none_or(|s| s.trim().is_empty()))
    }

    /// What to call it in a list: the title, else the URL, else the publisher.
    pub fn heading(&self) -> &str {
        [&self.title, &self.url, &self.publisher]
            .into_iter()
            .find_map(|f| f.as_deref().filter(|s| !s.trim().is_empty()))
            .unwrap_or("(untitled reference)")
    }

    /// A citation to paste into an article or a review:
    /// `Publisher, "Title", URL (accessed 2026-11-30; archived at URL)`.
    pub fn citation(&self) -> String {
        fn filled(f: &Option<String>) -> Option<&str> {
            f.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(publisher) = filled(&self.publisher) {
            parts.push(publisher.to_string());
        }
        if let Some(title) = filled(&self.title) {
            parts.push(format!("\u{201C}{title}\u{201D}"));
        }
        if let Some(url) = filled(&self.url) {
            parts.push(url.to_string());
        }
        let mut citation = parts.join(", ");
        let mut notes = Vec::new();
        if let Some(accessed) = filled(&self.accessed) {
            notes.push(format!("accessed {accessed}"));
        }
        if let Some(archive) = filled(&self.archive_url) {
            notes.push(format!("archived at {archive}"));
        }
        if !notes.is_empty() {
            if !citation.is_empty() {
                citation.push(' ');
            }
            citation.push_str(&format!("({})", notes.join("; ")));
        }
        if let Some(quote) = filled(&self.quote) {
            citation.push_str(&format!(": \u{201C}{quote}\u{201D}"));
        }
        citation
    }
}

/// Whether a URL may become a link: `http:` or `https:` only (never `javascript:`, `data:`,
/// `file:`).
pub fn is_web_url(url: &str) -> bool {
    let url = url.trim_start();
    let scheme_end = url.find(':').unwrap_or(0);
    let scheme = &url[..scheme_end];
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && url[scheme_end..].starts_with("://")
        && url.len() > scheme_end + 3
}

/// Where a claim's verdict is in its review.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReviewState {
    /// Being worked on; the verdict is the author's proposal.
    #[default]
    Draft,
    /// The author asks for review.
    Ready,
    /// Signed off: the verdict stands.
    Approved,
    /// A reviewer sent it back.
    NeedsWork,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Draft,
        ReviewState::Ready,
        ReviewState::Approved,
        ReviewState::NeedsWork,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::Ready => "ready",
            ReviewState::Approved => "approved",
            ReviewState::NeedsWork => "needs-work",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Draft => "Draft",
            ReviewState::Ready => "Ready for review",
            ReviewState::Approved => "Approved",
            ReviewState::NeedsWork => "Needs work",
        }
    }

    pub fn parse(name: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl fmt::Display for ReviewState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reviewer's vote on a claim's verdict.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Vote {
    pub reviewer: String,
    /// The verdict the reviewer would give (`None`: abstains, or only comments).
    pub verdict: Option<Verdict>,
    pub comment: String,
    /// RFC 3339.
    pub time: String,
    pub extra: Map<String, Value>,
}

/// A claim's sign-off: its state and the reviewers' votes, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    pub state: ReviewState,
    pub votes: Vec<Vote>,
    pub extra: Map<String, Value>,
}

impl Review {
    pub fn is_default(&self) -> bool {
        *self == Review::default()
    }

    /// Each reviewer's latest vote, in the order they first voted.
    pub fn latest_votes(&self) -> Vec<&Vote> {
        let mut latest: Vec<&Vote> = Vec::new();
        for vote in &self.votes {
            match latest.iter_mut().find(|v| v.reviewer == vote.reviewer) {
                Some(slot) => *slot = vote,
                None => latest.push(vote),
            }
        }
        latest
    }

    /// The reviewers' votes counted: each reviewer's latest vote, abstentions left out.
    pub fn tally(&self) -> Tally {
        let mut counts: Vec<(Verdict, usize)> = Vec::new();
        let mut abstained = 0;
        for vote in self.latest_votes() {
            match vote.verdict {
                Some(v) => match counts.iter_mut().find(|(c, _)| *c == v) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((v, 1)),
                },
                None => abstained += 1,
            }
        }
        // Most votes first; a tie keeps the order of the verdict scale.
        counts.sort_by_key(|&(v, n)| (std::cmp::Reverse(n), v));
        Tally { counts, abstained }
    }
}

/// How a claim's reviewers voted (see [`Review::tally`]).
///
/// The rule: a verdict *carries* when more than half of the reviewers who gave a verdict
/// gave it (two of three, as at PolitiFact). Approving stays a person's act: the app warns,
/// and never blocks, when a claim is approved with a verdict the votes do not carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Each verdict given and by how many reviewers, most first.
    pub counts: Vec<(Verdict, usize)>,
    /// Reviewers whose latest vote gives no verdict (a comment only).
    pub abstained: usize,
}

impl Tally {
    /// How many reviewers gave a verdict.
    pub fn voters(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// The verdict more than half of the voters gave, if any.
    pub fn majority(&self) -> Option<Verdict> {
        let voters = self.voters();
        self.counts
            .first()
            .filter(|(_, n)| 2 * n > voters)
            .map(|&(v, _)| v)
    }

    /// "2 of 3 votes: False", "2 votes, no majority (True 1, False 1)", or `None` when no
    /// one voted a verdict.
    pub fn summary(&self) -> Option<String> {
        let voters = self.voters();
        if voters == 0 {
            return None;
        }
        let votes = if voters == 1 { "vote" } else { "votes" };
        Some(match self.majority() {
            Some(v) => {
                let n = self.counts[0].1;
                format!("{n} of {voters} {votes}: {}", v.label())
            }
            None => {
                let each: Vec<String> = self
                    .counts
                    .iter()
                    .map(|(v, n)| format!("{} {n}", v.label()))
                    .collect();
                format!("{voters} {votes}, no majority ({})", each.join(", "))
            }
        })
    }

    /// Why approving `verdict` goes against the votes, in words; `None` when the votes carry
    /// it (or no one has voted a verdict, which is also said).
    pub fn approval_warning(&self, verdict: Option<Verdict>) -> Option<String> {
        let Some(verdict) = verdict else {
            return Some("The claim has no verdict to approve.".to_string());
        };
        if self.voters() == 0 {
            return Some("No reviewer has voted on this verdict yet.".to_string());
        }
        match self.majority() {
            Some(m) if m == verdict => None,
            Some(m) => Some(format!(
                "The reviewers' majority is {}, not {}.",
                m.label(),
                verdict.label()
            )),
            None => Some("The reviewers' votes have no majority.".to_string()),
        }
    }
}

/// The fields only a claim has, besides its verdict.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimRecord {
    pub claimant: Option<Claimant>,
    /// The claim restated in one sentence a reader understands; `None` means the quote.
    pub claim_checked: Option<String>,
    pub first_said: Option<FirstSaid>,
    /// The public rationale of the verdict (the private working note is elsewhere).
    pub explanation: String,
    /// The published fact-check's address.
    pub review_url: Option<String>,
    pub review: Review,
}

impl ClaimRecord {
    pub fn is_empty(&self) -> bool {
        *self == ClaimRecord::default()
    }
}

/// The speaker a source's attribution names ("said Dr. Sean Conley, the president's
/// physician" → "Sean Conley"; "according to the Centers for Disease Control" → "Centers for
/// Disease Control"): the longest run of capitalised words, with titles left off, or `None`
/// when it names no one ("two officials said"). Offered as the claimant, never assumed.
pub fn speaker_name(attribution: &str) -> Option<String> {
    const NOT_NAMES: [&str; 24] = [
        "He",
        "She",
        "They",
        "It",
        "We",
        "I",
        "You",
        "The",
        "A",
        "An",
        "This",
        "That",
        "In",
        "On",
        "But",
        "And",
        "According",
        "Said",
        "Says",
        "Told",
        "As",
        "Asked",
        "When",
        "Its",
    ];
    const TITLES: [&str; 16] = [
        "Dr.", "Dr", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Prof.", "Sen.", "Rep.", "Gov.",
        "Sir", "Dame", "Rev.", "Gen.",
    ];
    // Lowercase words that may sit inside a name or an organisation's name.
    const JOINERS: [&str; 12] = [
        "of", "for", "and", "the", "de", "da", "van", "von", "der", "bin", "al", "la",
    ];
    let words: Vec<&str> = attribution
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| {
                matches!(c, ',' | ';' | ':' | '"' | '“' | '”' | '(' | ')' | '‘' | '’')
            })
        })
        .collect();
    // Dates are capitalised in English and name no one.
    const CALENDAR: [&str; 19] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !NOT_NAMES.contains(&w)
            && !TITLES.contains(&w)
            && !CALENDAR.contains(&w)
    };
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < words.len() {
        if !capitalised(words[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end < words.len() && capitalised(words[end]) {
                end += 1;
            } else if end + 1 < words.len()
                && JOINERS.contains(&words[end])
                && capitalised(words[end + 1])
            {
                end += 2;
            } else {
                break;
            }
        }
        // A name ends at punctuation that closes it ("Conley, the physician").
        if best.is_none_or(|(s, e)| end - start > e - s) {
            best = Some((start, end));
        }
        i = end;
    }
    let (start, end) = best?;
    let name = words[start..end]
        .join(" ")
        .trim_end_matches(['.', '\'', '’'])
        .trim_end_matches("'s")
        .to_string();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls_only() {
        for good in [
            "https://example.org/a",
            "HTTP://x.y",
            "http://localhost:8080/",
        ] {
            assert!(is_web_url(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "https:/missing",
            "https://",
            "example.org",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn a_version_2_reference_becomes_a_url_or_a_title() {
        let url = Reference::from_v2_text(" https://example.org/report.pdf ").unwrap();
        assert_eq!(url.url.as_deref(), Some("https://example.org/report.pdf"));
        assert_eq!(url.title, None);
        let text = Reference::from_v2_text("Court filing, 9 May, p. 4").unwrap();
        assert_eq!(text.title.as_deref(), Some("Court filing, 9 May, p. 4"));
        let mixed = Reference::from_v2_text("see https://example.org for details").unwrap();
        assert_eq!(mixed.url, None, "prose with a URL in it stays a title");
        assert!(Reference::from_v2_text("  ").is_none());
    }

    #[test]
    fn citation_names_what_is_known() {
        let r = Reference {
            title: Some("Annual report".into()),
            url: Some("https://example.gov/r.pdf".into()),
            publisher: Some("Statistics Office".into()),
            accessed: Some("2026-11-30".into()),
            archive_url: Some("https://web.archive.org/web/2026/https://example.gov/r.pdf".into()),
            quote: Some("rose 18%".into()),
            extra: Map::new(),
        };
        assert_eq!(
            r.citation(),
            "Statistics Office, \u{201C}Annual report\u{201D}, https://example.gov/r.pdf \
             (accessed 2026-11-30; archived at https://web.archive.org/web/2026/https://example.gov/r.pdf): \
             \u{201C}rose 18%\u{201D}"
        );
        let bare = Reference {
            url: Some("https://x.org".into()),
            ..Reference::default()
        };
        assert_eq!(bare.citation(), "https://x.org");
    }

    #[test]
    fn latest_vote_per_reviewer() {
        let vote = |who: &str, v: Verdict| Vote {
            reviewer: who.into(),
            verdict: Some(v),
            ..Vote::default()
        };
        let review = Review {
            votes: vec![
                vote("Ana", Verdict::False),
                vote("Ben", Verdict::Mixed),
                vote("Ana", Verdict::MostlyFalse),
            ],
            ..Review::default()
        };
        let latest = review.latest_votes();
        assert_eq!(latest.len(), 2);
        assert_eq!(latest[0].verdict, Some(Verdict::MostlyFalse));
        assert_eq!(latest[1].reviewer, "Ben");
    }

    #[test]
    fn two_of_three_votes_carry_a_verdict_and_ties_do_not() {
        let vote = |who: &str, v: Option<Verdict>| Vote {
            reviewer: who.into(),
            verdict: v,
            ..Vote::default()
        };
        let mut review = Review {
            votes: vec![
                vote("Ana", Some(Verdict::False)),
                vote("Ben", Some(Verdict::Mixed)),
                vote("Cy", Some(Verdict::False)),
                vote("Di", None),
            ],
            ..Review::default()
        };
        let tally = review.tally();
        assert_eq!(tally.voters(), 3);
        assert_eq!(tally.abstained, 1);
        assert_eq!(tally.majority(), Some(Verdict::False));
        assert_eq!(tally.summary().as_deref(), Some("2 of 3 votes: False"));
        assert_eq!(tally.approval_warning(Some(Verdict::False)), None);
        assert!(
            tally
                .approval_warning(Some(Verdict::Mixed))
                .unwrap()
                .contains("majority is False")
        );
        // Ana changes her mind: her latest vote counts, and 1–1–1 carries nothing.
        review.votes.push(vote("Ana", Some(Verdict::True)));
        let tally = review.tally();
        assert_eq!(tally.majority(), None);
        assert_eq!(
            tally.summary().as_deref(),
            Some("3 votes, no majority (True 1, Mixed 1, False 1)")
        );
        assert!(tally.approval_warning(Some(Verdict::True)).is_some());
        assert_eq!(Review::default().tally().summary(), None);
        assert!(
            Review::default()
                .tally()
                .approval_warning(Some(Verdict::True))
                .is_some()
        );
    }

    #[test]
    fn the_speaker_of_an_attribution_is_offered_without_titles() {
        assert_eq!(
            speaker_name("said Dr. Sean Conley, the president's physician").as_deref(),
            Some("Sean Conley")
        );
        assert_eq!(
            speaker_name("according to the Centers for Disease Control and Prevention").as_deref(),
            Some("Centers for Disease Control and Prevention")
        );
        assert_eq!(
            speaker_name("Trump told reporters").as_deref(),
            Some("Trump")
        );
        assert_eq!(
            speaker_name("the White House said").as_deref(),
            Some("White House")
        );
        assert_eq!(speaker_name("two officials said"), None);
        assert_eq!(speaker_name("a report last July that details how"), None);
        assert_eq!(speaker_name("He said"), None);
        assert_eq!(speaker_name("قال المتحدث"), None);
    }
}
