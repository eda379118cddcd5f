//! Bringing an article in: plain text, saved web pages, Markdown, or the clipboard.
//!
//! Every importer gives the same thing, an [`ImportedArticle`]: the article text (one
//! paragraph per line, `\n` line endings) and what the source says about it (title, author,
//! dates…), for the user to check before a project is made.

pub mod charset;
pub mod evaluation;
pub mod html;
pub mod layout;
pub mod markdown;
pub mod text;

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::model::ArticleMetadata;

/// Articles larger than this are refused before they are read whole.
pub const MAX_ARTICLE_BYTES: u64 = 50 * 1024 * 1024;

/// What kind of source an article came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArticleFormat {
    /// UTF-8, or UTF-16 with a byte-order mark.
    PlainText,
    /// A saved web page.
    Html,
    Markdown,
}

impl ArticleFormat {
    pub const ALL: [ArticleFormat; 3] = [
        ArticleFormat::PlainText,
        ArticleFormat::Html,
        ArticleFormat::Markdown,
    ];

    /// The file name extensions of this format, lowercase, without the dot (for file
    /// dialogs' filters).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            ArticleFormat::PlainText => &["txt", "text"],
            ArticleFormat::Html => &["html", "htm", "xhtml", "shtml"],
            ArticleFormat::Markdown => &["md", "markdown", "mdown", "mkd"],
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            ArticleFormat::PlainText => "plain text",
            ArticleFormat::Html => "web page",
            ArticleFormat::Markdown => "Markdown",
        }
    }

    /// The format an extension names, if any (case-insensitive).
    pub fn from_extension(extension: &str) -> Option<ArticleFormat> {
        ArticleFormat::ALL.into_iter().find(|f| {
            f.extensions()
                .iter()
                .any(|e| e.eq_ignore_ascii_case(extension))
        })
    }
}

/// Every extension Factmark imports, for file dialogs and drag-and-drop.
pub fn supported_extensions() -> impl Iterator<Item = &'static str> {
    ArticleFormat::ALL
        .into_iter()
        .flat_map(|f| f.extensions().iter().copied())
}

/// An article read from a file or the clipboard, before it becomes a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedArticle {
    pub metadata: ArticleMetadata,
    /// Line endings normalized.
    pub text: String,
    /// What it was read as.
    pub format: ArticleFormat,
    /// Where the story's body starts in `text`, in code points: a web page's headline and
    /// standfirst come before it (0 for other formats, or when there is no headline).
    pub body_start: usize,
    /// Paragraphs inside the story that were left out as page furniture (a web page's
    /// asides, forms, related-story cards…), in order, so a wrongly dropped one can be put
    /// back. Empty for other formats.
    pub dropped: Vec<DroppedParagraph>,
}

/// A paragraph the importer left out of the article text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DroppedParagraph {
    /// Where it stood: the index, among the text's lines, of the line it came before (the
    /// number of lines when it came after them all).
    pub before_line: usize,
    pub text: String,
}

impl ImportedArticle {
    /// The article as taken today, unless the source said when it was retrieved: the
    /// default `factmark new` and the app's import preview both use.
    pub fn retrieved_today_unless_known(mut self) -> Self {
        self.metadata.retrieved.get_or_insert_with(today);
        self
    }

    /// How many paragraphs the article has, as [`count_paragraphs`] counts them.
    pub fn paragraph_count(&self) -> usize {
        count_paragraphs(&self.text)
    }
}

/// Today's date (UTC), `YYYY-MM-DD`: when an article with no retrieval date was retrieved.
pub fn today() -> String {
    let now = crate::model::timestamp::now();
    now.get(..10).unwrap_or(&now).to_string()
}

/// The number of paragraphs in an article text: its lines that have anything but
/// whitespace. An empty line separates paragraphs; it is not one. The command line and the
/// app both count with this.
pub fn count_paragraphs(text: &str) -> usize {
    text.split('\n')
        .filter(|line| !line.trim().is_empty())
        .count()
}

#[derive(Debug)]
pub struct ImportError {
    pub path: PathBuf,
    pub kind: ImportErrorKind,
}

#[derive(Debug)]
pub enum ImportErrorKind {
    Io(std::io::Error),
    TooLarge {
        bytes: u64,
    },
    Decode(text::DecodeError),
    Empty,
    /// A kind of file Factmark does not import (named, e.g. "a PDF document").
    Unsupported(&'static str),
    /// A Factmark project given where an article was expected.
    IsProject,
    /// Markup nested deeper than [`MAX_NESTING`] elements (HTML parsers slow down
    /// quadratically on such pages; no real article needs it).
    TooDeep {
        byte: usize,
    },
}

/// How deeply a page's elements may nest. Real pages stay well under a hundred levels;
/// browsers themselves stop nesting at a few hundred (Chromium's parser at 512).
pub const MAX_NESTING: usize = 2_000;

impl fmt::Display for ImportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportErrorKind::Io(e) => write!(f, "cannot read the article: {e}"),
            ImportErrorKind::TooLarge { bytes } if *bytes != u64::MAX => write!(
                f,
                "the article is {:.1} MB; Factmark opens articles up to {} MB",
                *bytes as f64 / 1_048_576.0,
                MAX_ARTICLE_BYTES / 1_048_576
            ),
            ImportErrorKind::TooLarge { .. } => write!(
                f,
                "the article is over {} MB, the most Factmark opens",
                MAX_ARTICLE_BYTES / 1_048_576
            ),
            ImportErrorKind::Decode(e) => write!(f, "the article {e}"),
            ImportErrorKind::Empty => write!(f, "the article has no text"),
            ImportErrorKind::Unsupported(what) => write!(
                f,
                "this looks like {what}; Factmark imports plain text (.txt), web pages \
                 (.html, .htm) and Markdown (.md) — save or export the article as one of those"
            ),
            ImportErrorKind::TooDeep { byte } => write!(
                f,
                "its markup nests more than {MAX_NESTING} elements deep (at byte {byte}); no \
                 article needs that, and Factmark does not open it — the file is likely \
                 damaged or made to hang readers"
            ),
            ImportErrorKind::IsProject => write!(
                f,
                "this is a Factmark project, not an article: open it as a project \
                 (factmark FILE, or File ▸ Open project); to re-anchor a project to a newer \
                 article, give the article's text, web page or Markdown file"
            ),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.kind)
    }
}

impl std::error::Error for ImportError {}

/// Read an article file: by its extension when it names a format Factmark knows, else by
/// its content (a web page if it starts like one, plain text otherwise).
pub fn import_file(path: &Path) -> Result<ImportedArticle, ImportError> {
    let error = |kind| ImportError {
        path: path.to_path_buf(),
        kind,
    };
    let bytes = read_limited(path, MAX_ARTICLE_BYTES).map_err(|e| match e {
        LimitedReadError::Io(e) => error(ImportErrorKind::Io(e)),
        LimitedReadError::TooLarge(bytes) => error(ImportErrorKind::TooLarge { bytes }),
    })?;
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(ArticleFormat::from_extension);
    let fallback = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    import_bytes(&bytes, format, &fallback).map_err(error)
}

/// Import an article from bytes. `format` `None` sniffs the content. `fallback_title` is
/// used when the source has no title (e.g. the file name).
pub fn import_bytes(
    bytes: &[u8],
    format: Option<ArticleFormat>,
    fallback_title: &str,
) -> Result<ImportedArticle, ImportErrorKind> {
    if let Some(what) = unsupported_kind(bytes) {
        return Err(ImportErrorKind::Unsupported(what));
    }
    if crate::project_file::is_project_content(bytes) {
        return Err(ImportErrorKind::IsProject);
    }
    let format = format.unwrap_or_else(|| sniff_format(bytes));
    let imported = match format {
        ArticleFormat::Html => {
            let source = charset::decode_html(bytes).map_err(ImportErrorKind::Decode)?;
            check_nesting(&source)?;
            from_html(&source)
        }
        ArticleFormat::PlainText => {
            let text = text::decode_article_text(bytes).map_err(ImportErrorKind::Decode)?;
            from_plain_text(text, fallback_title)
        }
        ArticleFormat::Markdown => {
            let source = text::decode_article_text(bytes).map_err(ImportErrorKind::Decode)?;
            check_nesting(&source)?;
            from_markdown(&source)
        }
    };
    finish(imported, fallback_title)
}

/// Import text pasted from the clipboard: a web page or HTML fragment when it looks like
/// markup, plain text otherwise.
pub fn import_clipboard(text: &str) -> Result<ImportedArticle, ImportErrorKind> {
    let text = text::normalize_line_endings(text.to_string());
    let imported = if looks_like_html(&text) {
        check_nesting(&text)?;
        from_html(&text)
    } else {
        from_plain_text(text, "")
    };
    finish(imported, "Pasted article")
}

fn finish(
    mut imported: ImportedArticle,
    fallback_title: &str,
) -> Result<ImportedArticle, ImportErrorKind> {
    if imported.text.trim().is_empty() {
        return Err(ImportErrorKind::Empty);
    }
    if imported.metadata.title.trim().is_empty() {
        imported.metadata.title = fallback_title.to_string();
    }
    Ok(imported)
}

/// A web page's readable article and metadata.
pub fn from_html(source: &str) -> ImportedArticle {
    let page = html::extract_page(source);
    ImportedArticle {
        metadata: page.metadata,
        text: page.text,
        format: ArticleFormat::Html,
        body_start: page.body_start,
        dropped: page.dropped,
    }
}

/// A Markdown document's text; without a title in front matter or a heading, the plain-text
/// rule picks one.
pub fn from_markdown(source: &str) -> ImportedArticle {
    let (mut metadata, text) = markdown::extract_markdown(source);
    if metadata.title.is_empty() {
        metadata.title = plain_text_title(&text).unwrap_or_default().to_string();
    }
    ImportedArticle {
        metadata,
        text,
        format: ArticleFormat::Markdown,
        body_start: 0,
        dropped: Vec::new(),
    }
}

/// A plain-text article: its first line is the title when it looks like one (see
/// [`plain_text_title`]); otherwise `fallback_title`. The text is kept whole.
pub fn from_plain_text(text: String, fallback_title: &str) -> ImportedArticle {
    let title = plain_text_title(&text).unwrap_or(fallback_title);
    ImportedArticle {
        metadata: ArticleMetadata {
            title: title.to_string(),
            ..ArticleMetadata::default()
        },
        format: ArticleFormat::PlainText,
        text,
        body_start: 0,
        dropped: Vec::new(),
    }
}

/// The first non-empty line, when it reads as a headline: more text follows it, it is at
/// most 200 characters, and it does not end like a clause (`,` `;` `:`) or like a long
/// sentence (a full stop after more than 12 words).
pub fn plain_text_title(text: &str) -> Option<&str> {
    let first = text.lines().find(|l| !l.trim().is_empty())?.trim();
    let words = first.split_whitespace().count();
    let looks_like_title = first.chars().count() <= 200
        && text.trim().contains('\n')
        && !first.ends_with([',', ';', ':'])
        && !(first.ends_with('.') && words > 12);
    looks_like_title.then_some(first)
}

fn check_nesting(source: &str) -> Result<(), ImportErrorKind> {
    match html_nesting_beyond(source, MAX_NESTING) {
        Some(byte) => Err(ImportErrorKind::TooDeep { byte }),
        None => Ok(()),
    }
}

/// Where markup first nests more than `limit` elements deep, estimated in one quick pass
/// over the tags (before the HTML parser, whose time grows with the square of the depth,
/// sees them). Elements that never nest or whose end tags may be left out (`p`, `li`,
/// `td`, `a`…) are not counted, so sloppy markup is not taken for deep markup.
pub fn html_nesting_beyond(source: &str, limit: usize) -> Option<usize> {
    const NOT_COUNTED: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option",
        "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
        "html", "head", "body", "a", "button", "nobr", "form",
    ];
    const RAW_TEXT: &[&str] = &[
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "noscript",
        "iframe",
        "noembed",
        "noframes",
        "plaintext",
    ];
    let bytes = source.as_bytes();
    let find = |from: usize, needle: &[u8]| {
        bytes[from.min(bytes.len())..]
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
            .map(|i| from + i)
    };
    let mut open: Vec<String> = Vec::new();
    let mut at = 0;
    while let Some(lt) = bytes[at..].iter().position(|&b| b == b'<').map(|i| at + i) {
        at = lt + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            at = find(at + 3, b"-->").map_or(bytes.len(), |i| i + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = at + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = source[name_start..name_start + name_len].to_ascii_lowercase();
        // The end of the tag, past quoted attribute values.
        let mut end = name_start + name_len;
        let mut quote = None;
        while end < bytes.len() {
            match (quote, bytes[end]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), b) if b == q => quote = None,
                _ => {}
            }
            end += 1;
        }
        let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
        at = (end + 1).min(bytes.len());
        if closing {
            // Close the element if it is open near the top (a stray end tag is ignored,
            // as parsers do).
            if let Some(i) = open.iter().rev().take(16).position(|n| *n == name) {
                open.truncate(open.len() - 1 - i);
            }
        } else if RAW_TEXT.contains(&name.as_str()) {
            at = find(at, format!("</{name}").as_bytes()).unwrap_or(bytes.len());
        } else if !self_closing && !NOT_COUNTED.contains(&name.as_str()) {
            open.push(name);
            if open.len() > limit {
                return Some(lt);
            }
        }
    }
    None
}

/// Web pages start with a doctype, a comment or an element; anything else is read as text.
fn sniff_format(bytes: &[u8]) -> ArticleFormat {
    // Enough of the start to see past a BOM and leading whitespace, as text in any of the
    // encodings a page might use.
    let head = &bytes[..bytes.len().min(1024)];
    let head = match head {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        [0xFF, 0xFE, rest @ ..] => char::decode_utf16(
            rest.chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]])),
        )
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect(),
        [0xFE, 0xFF, rest @ ..] => char::decode_utf16(
            rest.chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]])),
        )
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect(),
        _ => String::from_utf8_lossy(head).into_owned(),
    };
    if looks_like_html(&head) {
        ArticleFormat::Html
    } else {
        ArticleFormat::PlainText
    }
}

/// Whether text starts as an HTML document or fragment does.
pub fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start().to_ascii_lowercase();
    let start = start.as_str();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return true;
    }
    // XHTML: an XML declaration (and perhaps a doctype) before the <html> element.
    if start.starts_with("<?xml") && start.contains("<html") {
        return true;
    }
    // A fragment: an element at the very start, and a closing tag or <br> somewhere.
    let mut chars = start.chars();
    chars.next() == Some('<')
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '!')
        && (text.contains("</") || text.contains("<br"))
}

/// Files that are certainly not articles Factmark can read, by their first bytes.
fn unsupported_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (
            b"PK\x03\x04",
            "a ZIP archive (a Word, OpenDocument or EPUB file?)",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Microsoft Office document",
        ),
        (b"{\\rtf", "an RTF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
    ];
    if looks_like_mhtml(bytes) {
        return Some("an MHTML web archive (save the page as \"Web page, HTML only\")");
    }
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// A MIME message holding a web page (`.mhtml`, `.mht`): it starts with mail-style header
/// lines (`From: <Saved by Blink>`, `Subject:`, `Date:`…), among them `MIME-Version` or a
/// `multipart/related` content type, before the first blank line.
fn looks_like_mhtml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut mime = false;
    for line in head.split(|&b| b == b'\n').take(40) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            continue; // a folded header line
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') {
            return false;
        }
        let value = String::from_utf8_lossy(&line[colon + 1..]).to_ascii_lowercase();
        mime |= name.eq_ignore_ascii_case(b"MIME-Version")
            || (name.eq_ignore_ascii_case(b"Content-Type") && value.contains("multipart/"));
    }
    mime
}

pub enum LimitedReadError {
    Io(std::io::Error),
    /// The file's size, or `u64::MAX` when it is not known (it grew while read, or is a
    /// stream).
    TooLarge(u64),
}

/// Read a whole file unless it is larger than `limit` bytes; the size is checked before
/// reading, and again while reading (the file may grow, or report no size).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, LimitedReadError> {
    let file = std::fs::File::open(path).map_err(LimitedReadError::Io)?;
    let size = file.metadata().map_err(LimitedReadError::Io)?.len();
    if size > limit {
        return Err(LimitedReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(LimitedReadError::Io)?;
    if bytes.len() as u64 > limit {
        // Its size is not known: it grew while read, or is a stream such as /dev/zero.
        return Err(LimitedReadError::TooLarge(u64::MAX));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_lines_with_text_and_blank_lines_are_not_counted() {
        assert_eq!(count_paragraphs(""), 0);
        assert_eq!(count_paragraphs("One."), 1);
        assert_eq!(count_paragraphs("One.\n\nTwo.\n \t\n\nThree.\n"), 3);
        // The text model counts every line; the count people see does not.
        let text = "One.\n\nTwo.\n";
        assert_eq!(
            crate::model::ArticleText::new(text.to_string())
                .paragraphs()
                .len(),
            4
        );
        assert_eq!(from_plain_text(text.into(), "f").paragraph_count(), 2);
    }

    #[test]
    fn retrieved_defaults_to_today_unless_the_source_says() {
        let mut a = from_plain_text("Text.".into(), "f");
        let before = today();
        let filled = a.clone().retrieved_today_unless_known();
        let after = today();
        let got = filled.metadata.retrieved.unwrap();
        assert!(got == before || got == after, "{got}");
        assert!(crate::model::timestamp::is_date_or_rfc3339(&got), "{got}");
        a.metadata.retrieved = Some("2020-01-02".into());
        assert_eq!(
            a.retrieved_today_unless_known()
                .metadata
                .retrieved
                .as_deref(),
            Some("2020-01-02")
        );
    }

    #[test]
    fn title_from_the_first_line_when_it_looks_like_one() {
        let a = from_plain_text("Headline here\nBody text.".into(), "file");
        assert_eq!(a.metadata.title, "Headline here");
        assert_eq!(a.text, "Headline here\nBody text.");
        let one_line = from_plain_text("Only one paragraph of text.".into(), "file");
        assert_eq!(one_line.metadata.title, "file");
        let long = from_plain_text(format!("{}\nmore", "word ".repeat(60)), "file");
        assert_eq!(long.metadata.title, "file");
        let sentence = from_plain_text(
            "The minister said on Tuesday that the plan would go ahead as agreed.\nMore.".into(),
            "file",
        );
        assert_eq!(sentence.metadata.title, "file");
        let question = from_plain_text("Is the plan legal?\nBody.".into(), "file");
        assert_eq!(question.metadata.title, "Is the plan legal?");
    }

    #[test]
    fn formats_by_extension_and_content() {
        assert_eq!(
            ArticleFormat::from_extension("HTM"),
            Some(ArticleFormat::Html)
        );
        assert_eq!(
            ArticleFormat::from_extension("md"),
            Some(ArticleFormat::Markdown)
        );
        assert_eq!(ArticleFormat::from_extension("pdf"), None);
        assert_eq!(
            sniff_format(b"  <!DOCTYPE html><p>x</p>"),
            ArticleFormat::Html
        );
        assert_eq!(sniff_format(b"<p>x</p>"), ArticleFormat::Html);
        assert_eq!(sniff_format(b"<3 this article"), ArticleFormat::PlainText);
        assert_eq!(sniff_format(b"Plain words"), ArticleFormat::PlainText);
        assert!(matches!(
            import_bytes(b"%PDF-1.7 ...", None, "x"),
            Err(ImportErrorKind::Unsupported(what)) if what.contains("PDF")
        ));
        // Web archives, whichever header line comes first.
        for archive in [
            &b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n--b"[..],
            b"From: <Saved by Blink>\r\nSubject: =?utf-8?Q?News?=\r\nDate: Tue, 14 May 2024\r\n\
              MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\"\r\n\r\n",
            b"From: a\nContent-Type: Multipart/Related\n\n",
        ] {
            assert!(
                matches!(
                    import_bytes(archive, None, "x"),
                    Err(ImportErrorKind::Unsupported(what)) if what.contains("MHTML")
                ),
                "{}",
                String::from_utf8_lossy(archive)
            );
        }
        // Text that starts like a header but is prose is still text.
        assert!(import_bytes(b"Note: MIME-Version is a header.\nMore text.", None, "x").is_ok());
        assert!(import_bytes(b"From: the editor\nSubject: budget\n\nText.", None, "x").is_ok());
    }

    #[test]
    fn deeply_nested_markup_is_refused_quickly_and_sloppy_markup_is_not() {
        let deep = format!("<html><body>{}x", "<div><span>".repeat(1_001));
        assert_eq!(html_nesting_beyond(&deep, 2_000), Some(12 + 11 * 1_000));
        assert!(matches!(
            import_bytes(deep.as_bytes(), Some(ArticleFormat::Html), "x"),
            Err(ImportErrorKind::TooDeep { .. })
        ));
        assert!(matches!(
            import_clipboard(&deep),
            Err(ImportErrorKind::TooDeep { .. })
        ));
        // Closed elements, implied end tags, void and self-closing elements, comments,
        // scripts and stray end tags do not add up.
        let flat = format!(
            "{}{}{}{}<script>{}</script><!-- {} -->{}",
            "<div><b>x</b></div>".repeat(5_000),
            "<p>para<li>item<td>cell<a href='x'>link".repeat(3_000),
            "<br><img src=x><hr/><svg/>".repeat(3_000),
            "</span></div>".repeat(3_000),
            "<div>".repeat(3_000),
            "<div>".repeat(3_000),
            "<div title='>'>".repeat(10)
        );
        assert_eq!(html_nesting_beyond(&flat, 2_000), None);
        assert!(import_bytes(flat.as_bytes(), Some(ArticleFormat::Html), "x").is_ok());
    }

    #[test]
    fn clipboard_text_or_markup() {
        let plain = import_clipboard("Headline\r\nBody <b> is not a tag here").unwrap();
        assert_eq!(plain.format, ArticleFormat::PlainText);
        assert_eq!(plain.text, "Headline\nBody <b> is not a tag here");
        let html = import_clipboard("<p>One &amp; two</p><p>Three</p>").unwrap();
        assert_eq!(html.format, ArticleFormat::Html);
        assert_eq!(html.text, "One & two\nThree");
        assert!(matches!(
            import_clipboard(" \n "),
            Err(ImportErrorKind::Empty)
        ));
    }
}
