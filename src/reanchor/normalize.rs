//! Text as the matcher compares it: every run of whitespace is one space, and characters
//! nobody sees (soft hyphens, zero-width spaces) are gone. A re-wrapped paragraph or a
//! no-break space put in by an outlet's CMS is then no change at all.

/// Characters that are invisible when shown and carry no wording.
fn is_ignorable(ch: char) -> bool {
    matches!(ch, '\u{AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Normalized characters with, for each, the code-point offset it came from.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    pub chars: Vec<char>,
    /// `origin[i]` is the offset in the original text of `chars[i]` (of the first
    /// character of a whitespace run).
    pub origin: Vec<u32>,
}

impl Normalized {
    pub fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        let mut in_space = false;
        for (n, ch) in text.chars().enumerate() {
            if ch.is_whitespace() {
                if !in_space {
                    chars.push(' ');
                    origin.push(n as u32);
                    in_space = true;
                }
            } else if !is_ignorable(ch) {
                chars.push(ch);
                origin.push(n as u32);
                in_space = false;
            }
        }
        Self { chars, origin }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The first normalized index at or after original offset `offset`.
    pub fn index_at_or_after(&self, offset: usize) -> usize {
        self.origin.partition_point(|&o| (o as usize) < offset)
    }

    /// The original code-point range of normalized range `range`, leaving out spaces at
    /// either end (they stand for whitespace runs whose extent does not matter). `None` when
    /// the range holds only spaces.
    pub fn original_range(&self, range: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        let mut start = range.start;
        let mut end = range.end.min(self.chars.len());
        while start < end && self.chars[start] == ' ' {
            start += 1;
        }
        while end > start && self.chars[end - 1] == ' ' {
            end -= 1;
        }
        (start < end).then(|| self.origin[start] as usize..self.origin[end - 1] as usize + 1)
    }
}

/// The normalized form of a short string (a quote or its context).
pub fn normalize(text: &str) -> Vec<char> {
    Normalized::new(text).chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_become_one_space() {
        let n = Normalized::new("a \t\n b\u{a0}c\u{ad}d");
        assert_eq!(n.chars.iter().collect::<String>(), "a b cd");
        assert_eq!(n.origin, [0, 1, 5, 6, 7, 9]);
        assert_eq!(n.original_range(1..6), Some(5..10));
        assert_eq!(n.original_range(1..2), None);
        assert_eq!(n.index_at_or_after(3), 2);
    }
}
