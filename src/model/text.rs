//! The article text and the one place where code-point offsets become byte offsets.
//!
//! Every offset Factmark stores or shows is a Unicode code point (`char`) index into the
//! article text, whose line endings are `\n`. Rust strings and egui want byte offsets, so
//! [`ArticleText`] keeps a small index that converts between the two in O(1) plus a scan of
//! at most [`CHECKPOINT_EVERY`] characters, instead of an O(n) walk per lookup.

use std::ops::Range;

use unicode_segmentation::GraphemeCursor;

/// One checkpoint (the byte offset of a char) is kept every this many chars.
/// 64 keeps the index at 1/16 of the text size for ASCII (4 bytes per 64) and the scan short.
pub const CHECKPOINT_EVERY: usize = 64;

/// A paragraph: one line of the article text, without its `\n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Code-point range of the paragraph's text (the newline is not included).
    pub chars: Range<usize>,
    /// The same range in bytes.
    pub bytes: Range<usize>,
}

/// Article text (line endings already normalized) with a code-point ↔ byte index and its
/// paragraphs. Immutable: a changed article is a new `ArticleText`.
#[derive(Clone)]
pub struct ArticleText {
    text: String,
    /// `checkpoints[i]` is the byte offset of char `i * CHECKPOINT_EVERY`.
    checkpoints: Vec<u32>,
    char_len: usize,
    paragraphs: Vec<Paragraph>,
}

impl std::fmt::Debug for ArticleText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArticleText")
            .field("chars", &self.char_len)
            .field("bytes", &self.text.len())
            .finish()
    }
}

impl PartialEq for ArticleText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}
impl Eq for ArticleText {}

impl Default for ArticleText {
    fn default() -> Self {
        Self::new(String::new())
    }
}

impl ArticleText {
    /// Index `text` as it is. Callers importing outside text normalize line endings first
    /// (see [`crate::import::text::normalize_line_endings`]).
    ///
    /// Texts longer than `u32::MAX` bytes are far beyond the import limits; the index
    /// saturates rather than wrapping so lookups fail instead of lying.
    pub fn new(text: String) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 1);
        let mut paragraphs = Vec::new();
        let mut char_count = 0usize;
        let mut para_start_char = 0usize;
        let mut para_start_byte = 0usize;
        for (byte, ch) in text.char_indices() {
            if char_count.is_multiple_of(CHECKPOINT_EVERY) {
                checkpoints.push(u32::try_from(byte).unwrap_or(u32::MAX));
            }
            if ch == '\n' {
                paragraphs.push(Paragraph {
                    chars: para_start_char..char_count,
                    bytes: para_start_byte..byte,
                });
                para_start_char = char_count + 1;
                para_start_byte = byte + 1;
            }
            char_count += 1;
        }
        paragraphs.push(Paragraph {
            chars: para_start_char..char_count,
            bytes: para_start_byte..text.len(),
        });
        Self {
            text,
            checkpoints,
            char_len: char_count,
            paragraphs,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn into_string(self) -> String {
        self.text
    }

    /// Length in code points.
    pub fn len_chars(&self) -> usize {
        self.char_len
    }

    pub fn len_bytes(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn is_ascii(&self) -> bool {
        self.char_len == self.text.len()
    }

    /// Byte offset of code point `char_offset`; `len_chars()` maps to `len_bytes()`.
    /// `None` past the end.
    pub fn byte_of_char(&self, char_offset: usize) -> Option<usize> {
        if char_offset > self.char_len {
            return None;
        }
        if self.is_ascii() {
            return Some(char_offset);
        }
        if char_offset == self.char_len {
            return Some(self.text.len());
        }
        let mut byte = self.checkpoints[char_offset / CHECKPOINT_EVERY] as usize;
        let bytes = self.text.as_bytes();
        for _ in 0..char_offset % CHECKPOINT_EVERY {
            byte += utf8_width(bytes[byte]);
        }
        Some(byte)
    }

    /// Code-point offset of `byte_offset`. `None` when it is past the end or inside a
    /// multi-byte character.
    pub fn char_of_byte(&self, byte_offset: usize) -> Option<usize> {
        if !self.text.is_char_boundary(byte_offset) {
            return None;
        }
        if self.is_ascii() {
            return Some(byte_offset);
        }
        // The last checkpoint at or before `byte_offset`.
        let checkpoint = self
            .checkpoints
            .partition_point(|&b| b as usize <= byte_offset)
            .saturating_sub(1);
        let from = self.checkpoints.get(checkpoint).map_or(0, |&b| b as usize);
        let between = self.text.as_bytes()[from..byte_offset]
            .iter()
            .filter(|&&b| !is_utf8_continuation(b))
            .count();
        Some(checkpoint * CHECKPOINT_EVERY + between)
    }

    /// Byte range of a code-point range; `None` if it is reversed or out of bounds.
    pub fn byte_range(&self, chars: Range<usize>) -> Option<Range<usize>> {
        if chars.start > chars.end {
            return None;
        }
        let end = self.byte_of_char(chars.end)?;
        let start = self.byte_of_char(chars.start)?;
        Some(start..end)
    }

    /// Code-point range of a byte range; `None` if either end is not a char boundary.
    pub fn char_range(&self, bytes: Range<usize>) -> Option<Range<usize>> {
        if bytes.start > bytes.end {
            return None;
        }
        Some(self.char_of_byte(bytes.start)?..self.char_of_byte(bytes.end)?)
    }

    /// The text of a code-point range.
    pub fn slice(&self, chars: Range<usize>) -> Option<&str> {
        self.byte_range(chars).map(|r| &self.text[r])
    }

    /// Up to `max_chars` code points ending at `char_offset` (clamped to the text).
    pub fn context_before(&self, char_offset: usize, max_chars: usize) -> &str {
        let end = char_offset.min(self.char_len);
        let start = end.saturating_sub(max_chars);
        self.slice(start..end).unwrap_or("")
    }

    /// Up to `max_chars` code points starting at `char_offset` (clamped to the text).
    pub fn context_after(&self, char_offset: usize, max_chars: usize) -> &str {
        let start = char_offset.min(self.char_len);
        let end = start.saturating_add(max_chars).min(self.char_len);
        self.slice(start..end).unwrap_or("")
    }

    /// Whether a code-point offset falls between two grapheme clusters (or at either end).
    pub fn is_grapheme_boundary(&self, char_offset: usize) -> bool {
        let Some(byte) = self.byte_of_char(char_offset) else {
            return false;
        };
        GraphemeCursor::new(byte, self.text.len(), true)
            .is_boundary(&self.text, 0)
            .unwrap_or(true)
    }

    /// Widen a code-point range outward so neither end splits a grapheme cluster (a flag, a
    /// ZWJ emoji sequence, a letter with combining marks, a CRLF never gets cut). The range
    /// is clamped to the text first.
    pub fn snap_to_graphemes(&self, chars: Range<usize>) -> Range<usize> {
        let start = chars.start.min(self.char_len);
        let end = chars.end.clamp(start, self.char_len);
        let start = self.grapheme_start_at_or_before(start);
        let end = self.grapheme_end_at_or_after(end);
        start..end
    }

    fn grapheme_start_at_or_before(&self, char_offset: usize) -> usize {
        let byte = self.byte_of_char(char_offset).unwrap_or(self.text.len());
        let mut cursor = GraphemeCursor::new(byte, self.text.len(), true);
        if cursor.is_boundary(&self.text, 0).unwrap_or(true) {
            return char_offset;
        }
        match cursor.prev_boundary(&self.text, 0) {
            Ok(Some(b)) => self.char_of_byte(b).unwrap_or(0),
            _ => 0,
        }
    }

    fn grapheme_end_at_or_after(&self, char_offset: usize) -> usize {
        let byte = self.byte_of_char(char_offset).unwrap_or(self.text.len());
        let mut cursor = GraphemeCursor::new(byte, self.text.len(), true);
        if cursor.is_boundary(&self.text, 0).unwrap_or(true) {
            return char_offset;
        }
        match cursor.next_boundary(&self.text, 0) {
            Ok(Some(b)) => self.char_of_byte(b).unwrap_or(self.char_len),
            _ => self.char_len,
        }
    }

    /// The paragraphs (lines) of the text, in order. Never empty: an empty text has one
    /// empty paragraph.
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// Index of the paragraph containing code point `char_offset` (an offset on a newline
    /// belongs to the paragraph it ends).
    pub fn paragraph_at(&self, char_offset: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.end < char_offset)
            .min(self.paragraphs.len() - 1)
    }
}

fn is_utf8_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

/// Width in bytes of the UTF-8 sequence that starts with `lead`.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference conversion by a plain walk, to compare the index against.
    fn naive_byte_of_char(text: &str, c: usize) -> Option<usize> {
        text.char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .nth(c)
    }

    const MIXED: &str = "Flag 🇮🇱 and 👩‍👩‍👧 family, café with e\u{301}, 中文报道, \
                         العربية, NBSP\u{a0}here.\nSecond line: 🙂";

    #[test]
    fn conversion_matches_a_naive_walk_everywhere() {
        // Long enough to cross several checkpoints.
        let text = MIXED.repeat(9);
        let article = ArticleText::new(text.clone());
        assert_eq!(article.len_chars(), text.chars().count());
        for c in 0..=article.len_chars() {
            let b = article.byte_of_char(c);
            assert_eq!(b, naive_byte_of_char(&text, c), "char {c}");
            assert_eq!(article.char_of_byte(b.unwrap()), Some(c), "char {c}");
        }
        assert_eq!(article.byte_of_char(article.len_chars() + 1), None);
    }

    #[test]
    fn bytes_inside_a_character_have_no_char_offset() {
        let article = ArticleText::new("a🙂b".to_string());
        assert_eq!(article.char_of_byte(1), Some(1));
        assert_eq!(article.char_of_byte(2), None);
        assert_eq!(article.char_of_byte(5), Some(2));
        assert_eq!(article.char_of_byte(7), None);
    }

    #[test]
    fn slices_are_exact_for_every_script() {
        let article = ArticleText::new(MIXED.to_string());
        let find = |needle: &str| {
            let byte = MIXED.find(needle).unwrap();
            let start = MIXED[..byte].chars().count();
            start..start + needle.chars().count()
        };
        for needle in [
            "🇮🇱",
            "👩‍👩‍👧",
            "e\u{301}",
            "中文报道",
            "العربية",
            "NBSP\u{a0}here",
            "🙂",
        ] {
            assert_eq!(article.slice(find(needle)), Some(needle));
        }
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 3..2;
        assert_eq!(article.slice(reversed), None);
        assert_eq!(article.slice(0..article.len_chars() + 1), None);
    }

    #[test]
    fn snapping_never_splits_a_grapheme() {
        let article = ArticleText::new(MIXED.to_string());
        for start in 0..article.len_chars() {
            for end in start..=article.len_chars().min(start + 6) {
                let snapped = article.snap_to_graphemes(start..end);
                assert!(snapped.start <= start && snapped.end >= end);
                assert!(
                    article.is_grapheme_boundary(snapped.start),
                    "{start}..{end}"
                );
                assert!(article.is_grapheme_boundary(snapped.end), "{start}..{end}");
            }
        }
        // Inside the family emoji (man, ZWJ, woman, ZWJ, girl) snaps to the whole of it.
        let text = "x👩‍👩‍👧y";
        let article = ArticleText::new(text.to_string());
        assert_eq!(article.snap_to_graphemes(2..3), 1..6);
        assert_eq!(article.slice(1..6), Some("👩‍👩‍👧"));
        // A combining accent belongs to its letter.
        let article = ArticleText::new("cafe\u{301}!".to_string());
        assert_eq!(article.snap_to_graphemes(3..4), 3..5);
        // A flag is two regional indicators.
        let article = ArticleText::new("🇮🇱🇺🇸".to_string());
        assert_eq!(article.snap_to_graphemes(1..3), 0..4);
    }

    #[test]
    fn paragraphs_split_on_newlines() {
        let article = ArticleText::new("One é\n\nThree 🙂\n".to_string());
        let paras: Vec<_> = article
            .paragraphs()
            .iter()
            .map(|p| &article.as_str()[p.bytes.clone()])
            .collect();
        assert_eq!(paras, ["One é", "", "Three 🙂", ""]);
        assert_eq!(article.paragraphs()[2].chars, 7..14);
        assert_eq!(article.paragraph_at(0), 0);
        assert_eq!(article.paragraph_at(5), 0);
        assert_eq!(article.paragraph_at(6), 1);
        assert_eq!(article.paragraph_at(8), 2);
        assert_eq!(ArticleText::new(String::new()).paragraphs().len(), 1);
    }

    #[test]
    fn context_is_clamped_to_the_text() {
        let article = ArticleText::new("αβγδε".to_string());
        assert_eq!(article.context_before(3, 2), "βγ");
        assert_eq!(article.context_before(1, 32), "α");
        assert_eq!(article.context_after(3, 32), "δε");
        assert_eq!(article.context_after(9, 32), "");
    }
}
