//! Lays out text from a document tree (HTML, Markdown) the way a browser shows it, as
//! Factmark paragraphs: one line per block, whitespace collapsed.
//!
//! The rules follow CSS `white-space: normal` and the `innerText` algorithm: runs of spaces,
//! tabs and newlines become one space; spaces at the start and end of a line disappear;
//! block elements start a new line; `<br>` ends one; table cells are separated by a tab;
//! preformatted text keeps its spaces and line breaks. Unlike `innerText`, blank lines are
//! not kept: a paragraph is a line, and an empty line is not a paragraph.

/// Builds article text from a stream of text runs and layout events.
#[derive(Debug, Default)]
pub struct TextLayout {
    out: String,
    /// A collapsible space was seen since the last character.
    pending_space: bool,
    /// A table cell ended since the last character: the next character starts a new cell.
    pending_tab: bool,
    /// A block ended (or a line break was asked for) since the last character.
    pending_break: bool,
}

/// Whitespace that CSS collapses (U+00A0 no-break space is not among it: a browser shows
/// `&nbsp;` as a space that never collapses, and so does Factmark).
pub fn is_collapsible(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

/// Characters a browser does not show and the article text should not carry: controls,
/// the BOM, the soft hyphen (shown only where a line happens to break), the zero-width
/// space and the word joiner. Zero-width (non-)joiners and direction marks stay: they
/// change how emoji, Persian or Indic text and mixed-direction text are shown.
fn is_invisible_control(ch: char) -> bool {
    (ch.is_control() && !is_collapsible(ch))
        || matches!(ch, '\u{FEFF}' | '\u{00AD}' | '\u{200B}' | '\u{2060}')
}

impl TextLayout {
    pub fn new() -> Self {
        Self::default()
    }

    /// The character the next text will follow directly (no space or line between), if any.
    pub fn touching_char(&self) -> Option<char> {
        if self.pending_space || self.pending_break || self.pending_tab {
            return None;
        }
        self.out.chars().next_back()
    }

    /// Text in normal flow: whitespace collapses.
    pub fn text(&mut self, text: &str) {
        for ch in text.chars() {
            if is_collapsible(ch) {
                self.pending_space = true;
            } else if !is_invisible_control(ch) {
                self.push_visible(ch);
            }
        }
    }

    /// Preformatted text (`<pre>`, code blocks): spaces kept, newlines end lines.
    pub fn preformatted(&mut self, text: &str) {
        for ch in text.chars() {
            match ch {
                '\n' => self.line_break(),
                '\r' => {}
                ' ' | '\t' => {
                    // Leading indentation is content in preformatted text.
                    self.flush_separator();
                    self.out.push(ch);
                }
                _ if is_invisible_control(ch) => {}
                _ => self.push_visible(ch),
            }
        }
    }

    /// A block element starts or ends: what follows goes on a new line.
    pub fn block_boundary(&mut self) {
        self.pending_space = false;
        self.pending_tab = false;
        if !self.out.is_empty() {
            self.pending_break = true;
        }
    }

    /// `<br>`: end the line. Consecutive breaks make no empty paragraphs.
    pub fn line_break(&mut self) {
        self.block_boundary();
    }

    /// A table cell ended: the next cell on the same row is separated by a tab.
    pub fn cell_boundary(&mut self) {
        self.pending_space = false;
        if !self.out.is_empty() && !self.pending_break {
            self.pending_tab = true;
        }
    }

    fn flush_separator(&mut self) {
        if self.pending_break {
            self.trim_line_end();
            self.out.push('\n');
        } else if self.pending_tab {
            self.trim_line_end();
            self.out.push('\t');
        } else if self.pending_space && !self.at_line_start() {
            self.out.push(' ');
        }
        self.pending_break = false;
        self.pending_tab = false;
        self.pending_space = false;
    }

    fn push_visible(&mut self, ch: char) {
        self.flush_separator();
        self.out.push(ch);
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Preformatted lines may end in spaces; normal lines never do, since a pending space
    /// is only written before a visible character.
    fn trim_line_end(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out.truncate(trimmed.max(line_start));
    }

    /// How many lines have been written so far (the line being written counts): the index
    /// of the line anything that goes after them will have.
    pub fn line_count(&self) -> usize {
        if self.out.is_empty() {
            0
        } else {
            self.out.matches('\n').count() + 1
        }
    }

    /// Whether nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The text, one paragraph per line, no empty lines, no trailing newline.
    pub fn finish(mut self) -> String {
        self.trim_line_end();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_and_blocks_become_lines() {
        let mut t = TextLayout::new();
        t.block_boundary();
        t.text("  Hello,\n\t  ");
        t.text("world ");
        t.block_boundary();
        t.block_boundary();
        t.text(" Second\u{a0} line ");
        t.line_break();
        t.line_break();
        t.text("third");
        t.block_boundary();
        assert_eq!(t.finish(), "Hello, world\nSecond\u{a0} line\nthird");
    }

    #[test]
    fn invisible_characters_go_but_joiners_and_direction_marks_stay() {
        let mut t = TextLayout::new();
        t.text("fact\u{AD}check\u{200B}ing 10\u{2060}%");
        t.block_boundary();
        t.text("👩\u{200D}💻 می\u{200C}خواهم \u{200F}abc\u{200E} \u{202B}x\u{202C}");
        assert_eq!(
            t.finish(),
            "factchecking 10%\n👩\u{200D}💻 می\u{200C}خواهم \u{200F}abc\u{200E} \u{202B}x\u{202C}"
        );
    }

    #[test]
    fn cells_are_tab_separated_and_pre_keeps_spaces() {
        let mut t = TextLayout::new();
        t.text("a ");
        t.cell_boundary();
        t.text(" b");
        t.cell_boundary();
        t.block_boundary();
        t.preformatted("  code  x\n    indented\n");
        t.block_boundary();
        t.text("after\u{0}\u{7}!");
        assert_eq!(t.finish(), "a\tb\n  code  x\n    indented\nafter!");
    }
}
