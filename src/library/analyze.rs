//! The text analyzer shared by the index and the query: the terms a claim is found by.
//!
//! (A first, plain version: lower-cased words and numbers. Matching quality work replaces
//! this body; the signature is the interface.)

/// The index and query terms of `text`, in text order (duplicates kept).
pub fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_and_punctuation_dropped() {
        assert_eq!(terms("Crime ROSE, by 20%!"), ["crime", "rose", "by", "20"]);
    }
}
