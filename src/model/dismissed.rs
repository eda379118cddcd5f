//! Suggestions the user turned down, remembered so they do not come back.

use super::annotation::Kind;

/// A suggested span the user dismissed: its kind and where it was, with the words, so a
/// suggestion for the same words is recognised after the text around it changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DismissedSuggestion {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub quote: String,
}
