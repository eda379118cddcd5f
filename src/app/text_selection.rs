//! The reader's text selection, and snapping it to words, sentences and paragraphs.
//! Plain logic over the model (no egui): every result is a code-point range that splits no
//! grapheme cluster.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation as _;

use crate::model::ArticleText;

/// A selection in code points. `anchor` is where the drag started, `head` where it is now;
/// `head` may be before `anchor`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextSelection {
    pub anchor: usize,
    pub head: usize,
}

impl TextSelection {
    pub fn new(range: Range<usize>) -> Self {
        Self {
            anchor: range.start,
            head: range.end,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

/// The paragraph containing `offset` as (its code-point start, its text).
fn paragraph_of(text: &ArticleText, offset: usize) -> (usize, &str) {
    let p = &text.paragraphs()[text.paragraph_at(offset)];
    (p.chars.start, &text.as_str()[p.bytes.clone()])
}

/// Segments of a paragraph as code-point ranges (relative to the paragraph), with whether each
/// is a word (has a letter or digit).
fn segments<'a>(
    para: &'a str,
    split: impl Iterator<Item = (usize, &'a str)>,
) -> impl Iterator<Item = (Range<usize>, &'a str)> {
    let mut chars_before = 0;
    let mut last_byte = 0;
    split.map(move |(byte, seg)| {
        chars_before += para[last_byte..byte].chars().count();
        last_byte = byte;
        let start = chars_before;
        (start..start + seg.chars().count(), seg)
    })
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// The word at `offset` (a run of letters/digits by UAX #29), or the grapheme there when it
/// is not part of a word.
pub fn word_at(text: &ArticleText, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len_chars());
    let (para_start, para) = paragraph_of(text, offset);
    let local = offset - para_start;
    for (range, seg) in segments(para, para.split_word_bound_indices()) {
        if range.contains(&local) && is_word(seg) {
            return para_start + range.start..para_start + range.end;
        }
    }
    text.snap_to_graphemes(offset..(offset + 1).min(text.len_chars()))
}

/// The sentence at `offset` (UAX #29 sentence boundaries within its paragraph), without
/// trailing whitespace.
pub fn sentence_at(text: &ArticleText, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len_chars());
    let (para_start, para) = paragraph_of(text, offset);
    let local = offset - para_start;
    for (range, seg) in segments(para, para.split_sentence_bound_indices()) {
        if range.contains(&local) || range.end == local && local == para.chars().count() {
            let trimmed = seg.trim_end().chars().count();
            return para_start + range.start
                ..para_start + range.start + trimmed.max(1).min(range.len());
        }
    }
    paragraph_range(text, offset)
}

/// The whole paragraph (line) containing `offset`, without its newline.
pub fn paragraph_range(text: &ArticleText, offset: usize) -> Range<usize> {
    text.paragraphs()[text.paragraph_at(offset)].chars.clone()
}

/// Snap a dragged range outward to whole words: a word cut by either end is taken whole, and
/// whitespace at either edge is dropped. Used on mouse release unless Alt is held.
pub fn snap_to_words(text: &ArticleText, range: Range<usize>) -> Range<usize> {
    let len = text.len_chars();
    let range = range.start.min(len)..range.end.min(len);
    if range.is_empty() {
        return range;
    }
    let mut start = range.start;
    let mut end = range.end;

    let (para_start, para) = paragraph_of(text, start);
    let local = start - para_start;
    for (seg_range, seg) in segments(para, para.split_word_bound_indices()) {
        if seg_range.contains(&local) {
            if is_word(seg) {
                start = para_start + seg_range.start;
            }
            break;
        }
    }
    let (para_start, para) = paragraph_of(text, end - 1);
    let local = end - 1 - para_start;
    for (seg_range, seg) in segments(para, para.split_word_bound_indices()) {
        if seg_range.contains(&local) {
            if is_word(seg) {
                end = para_start + seg_range.end;
            }
            break;
        }
    }
    match trim_whitespace(text, start..end) {
        trimmed if trimmed.is_empty() => text.snap_to_graphemes(range),
        trimmed => text.snap_to_graphemes(trimmed),
    }
}

/// The range without whitespace (including line breaks) at either edge; empty when it is
/// all whitespace. A span is tagged trimmed, however it was selected (mouse, keyboard).
pub fn trim_whitespace(text: &ArticleText, range: Range<usize>) -> Range<usize> {
    let slice = text.slice(range.clone()).unwrap_or("");
    let leading = slice.chars().take_while(|c| c.is_whitespace()).count();
    if leading == range.len() {
        return range.start..range.start;
    }
    let trailing = slice
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    range.start + leading..range.end - trailing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &ArticleText, r: Range<usize>) -> &str {
        text.slice(r).unwrap()
    }

    /// Code-point offset of `needle` in TEXT.
    fn pos(needle: &str) -> usize {
        TEXT[..TEXT.find(needle).unwrap()].chars().count()
    }

    const TEXT: &str = "The mayor’s office said crime fell 20% in 2025. Critics disagree!\n\
                        Второй абзац: 👩‍👩‍👧 семья.";

    #[test]
    fn snapping_takes_cut_words_whole_and_trims_space() {
        let t = ArticleText::new(TEXT.to_string());
        // "yor’s off" → "mayor’s office"
        let start = TEXT.chars().position(|c| c == 'y').unwrap();
        assert_eq!(
            at(&t, snap_to_words(&t, start..start + 9)),
            "mayor’s office"
        );
        // Leading and trailing spaces are dropped.
        let said = pos(" said ");
        assert_eq!(at(&t, snap_to_words(&t, said..said + 6)), "said");
        // Punctuation at the edge stays as selected.
        let twenty = pos("20%");
        assert_eq!(at(&t, snap_to_words(&t, twenty + 1..twenty + 3)), "20%");
        // Across a paragraph break.
        let crit = pos("ritics");
        let second = TEXT.chars().position(|c| c == 'т').unwrap();
        assert_eq!(
            at(&t, snap_to_words(&t, crit..second)),
            "Critics disagree!\nВторой"
        );
    }

    #[test]
    fn snapping_never_splits_an_emoji() {
        let t = ArticleText::new(TEXT.to_string());
        let family = TEXT.chars().position(|c| c == '👩').unwrap();
        let r = snap_to_words(&t, family + 1..family + 2);
        assert_eq!(at(&t, r), "👩‍👩‍👧");
    }

    #[test]
    fn word_sentence_paragraph() {
        let t = ArticleText::new(TEXT.to_string());
        let crime = pos("crime") + 2;
        assert_eq!(at(&t, word_at(&t, crime)), "crime");
        assert_eq!(
            at(&t, sentence_at(&t, crime)),
            "The mayor’s office said crime fell 20% in 2025."
        );
        let crit = pos("Critics");
        assert_eq!(at(&t, sentence_at(&t, crit + 3)), "Critics disagree!");
        assert_eq!(
            at(&t, paragraph_range(&t, crit)),
            &TEXT[..TEXT.find('\n').unwrap()]
        );
        // Not a word: the grapheme itself.
        let dot = pos(". C");
        assert_eq!(at(&t, word_at(&t, dot)), ".");
    }
}
